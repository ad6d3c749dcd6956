//! Diagnostic codes and machine-readable output: every `protogen explain`
//! page's example produces its code (and protoc rejects it the same way),
//! its fix compiles clean; the JSON, GitHub Actions, JUnit, GitLab and
//! SARIF renderings of a fixed set of mistakes are snapshot-tested, and the
//! SARIF log is validated against the SARIF 2.1.0 schema.

mod common;

use std::path::Path;
use std::process::Command;

use common::{oracle, protogen, repo, scratch};

/// Files by name, with their text.
type Files = Vec<(String, String)>;

/// The fenced `proto NAME` / `proto fixed NAME` blocks of a page.
fn blocks(page: &str) -> (Files, Files) {
    let (mut example, mut fixed) = (Vec::new(), Vec::new());
    let mut lines = page.lines();
    while let Some(line) = lines.next() {
        let Some(info) = line.strip_prefix("```proto ") else {
            continue;
        };
        let mut text = String::new();
        for l in lines.by_ref() {
            if l == "```" {
                break;
            }
            text.push_str(l);
            text.push('\n');
        }
        match info.strip_prefix("fixed ") {
            Some(name) => fixed.push((name.trim().to_string(), text)),
            None => example.push((info.trim().to_string(), text)),
        }
    }
    (example, fixed)
}

fn json_findings(stderr: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(stderr)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON line ({e}): {l}")))
        .collect()
}

fn compile_json(dir: &Path, file: &str) -> (bool, Vec<serde_json::Value>) {
    let out = protogen()
        .arg(format!("-I{}", dir.display()))
        .args([
            "--error_format=json",
            "--descriptor_set_out=/dev/null",
            file,
        ])
        .current_dir(dir)
        .output()
        .unwrap();
    (out.status.success(), json_findings(&out.stderr))
}

#[test]
fn explain_pages_examples_produce_their_codes() {
    let list = protogen_bin().arg("explain").output().unwrap();
    assert!(list.status.success());
    let listing = String::from_utf8(list.stdout).unwrap();
    let ids: Vec<&str> = listing
        .lines()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert!(ids.len() >= 40, "{listing}");
    let without_example = ["INTERNAL_ERROR", "COMMAND_LINE", "OUTPUT_ERROR"];
    let mut failures = Vec::new();
    for id in &ids {
        let page = protogen_bin().args(["explain", id]).output().unwrap();
        assert!(page.status.success(), "explain {id}");
        let page = String::from_utf8(page.stdout).unwrap();
        assert!(
            page.starts_with(&format!("# {id}: ")),
            "{id}: page must start with its heading"
        );
        let (example, fixed) = blocks(&page);
        if without_example.contains(id) {
            continue;
        }
        if example.is_empty() || fixed.is_empty() {
            failures.push(format!("{id}: no example or no fix"));
            continue;
        }
        let dir = scratch(&format!("explain-{id}"));
        for (name, text) in &example {
            std::fs::write(dir.join(name), text).unwrap();
        }
        let first = &example[0].0;
        let (_, findings) = compile_json(&dir, first);
        if !findings.iter().any(|f| f["type"] == *id) {
            failures.push(format!("{id}: example gives {findings:?}"));
        }
        // protoc rejects (or warns about) the example the same way: its
        // first line is protogen's first line in protoc's format.
        let theirs = oracle()
            .arg(format!("-I{}", dir.display()))
            .args(["--descriptor_set_out=/dev/null", first])
            .current_dir(&dir)
            .output()
            .unwrap();
        let ours = protogen()
            .arg(format!("-I{}", dir.display()))
            .args([
                "--error_format=gcc",
                "--descriptor_set_out=/dev/null",
                first,
            ])
            .current_dir(&dir)
            .output()
            .unwrap();
        if first_line(&theirs.stderr) != first_line(&ours.stderr) {
            failures.push(format!(
                "{id}: protoc says {:?}, protogen {:?}",
                first_line(&theirs.stderr),
                first_line(&ours.stderr)
            ));
        }
        for (name, text) in &fixed {
            std::fs::write(dir.join(name), text).unwrap();
        }
        let (ok, findings) = compile_json(&dir, first);
        if !ok || !findings.is_empty() {
            failures.push(format!("{id}: the fix still gives {findings:?}"));
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The first line of a gcc-format report. protoc logs some warnings
/// (a missing syntax statement) instead of reporting them; such a log line
/// and protogen's report of it compare by their message.
fn first_line(stderr: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(stderr);
    let line = text
        .lines()
        .find(|l| !l.starts_with("WARNING: All log messages before absl::InitializeLog()"))?;
    let logged = line
        .strip_prefix('W')
        .filter(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        .and_then(|rest| rest.split_once("] "));
    Some(match logged {
        Some((_, message)) => format!("warning: {message}"),
        None => match line.split_once(": warning: ") {
            Some((_, message)) if message.starts_with("No edition or syntax") => {
                format!("warning: {message}")
            }
            _ => line.to_string(),
        },
    })
}

fn protogen_bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_protogen"))
}

#[test]
fn explain_unknown_code_fails() {
    let out = protogen_bin()
        .args(["explain", "NO_SUCH"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown diagnostic code"));
}

/// A few everyday mistakes across two files, with a warning.
fn mistakes() -> std::path::PathBuf {
    let dir = scratch("mistakes");
    std::fs::write(
        dir.join("order.proto"),
        "syntax = \"proto3\";\npackage shop.v1;\nimport \"unused.proto\";\n\nmessage Order {\n  int32 id = 1;\n  Strin name = 2;\n  int32 total = 1;\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("unused.proto"),
        "syntax = \"proto3\";\npackage shop.v1;\nmessage Note { string text = 1; }\n",
    )
    .unwrap();
    dir
}

fn render(format: &str) -> String {
    let dir = mistakes();
    let out = protogen()
        .args([
            "-I.",
            &format!("--error_format={format}"),
            "--descriptor_set_out=/dev/null",
            "order.proto",
        ])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{format}");
    let _ = std::fs::remove_dir_all(&dir);
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn json_rendering() {
    let text = render("json");
    for f in json_findings(text.as_bytes()) {
        for key in [
            "path",
            "start_line",
            "start_column",
            "type",
            "message",
            "severity",
        ] {
            assert!(f.get(key).is_some(), "{key} missing in {f}");
        }
    }
    insta::assert_snapshot!(text);
}

#[test]
fn github_actions_rendering() {
    insta::assert_snapshot!(render("github-actions"));
}

#[test]
fn junit_rendering() {
    insta::assert_snapshot!(render("junit"));
}

#[test]
fn gitlab_rendering() {
    let text = render("gitlab-code-quality");
    let issues: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(issues.as_array().unwrap().len(), 3);
    insta::assert_snapshot!(text);
}

#[test]
fn human_rendering_counts_and_compacts() {
    let text = render("human");
    assert!(
        text.contains("error[UNDEFINED_SYMBOL]: order.proto:7:3"),
        "{text}"
    );
    assert!(
        text.contains("warning: order.proto:3:1: Import unused.proto is unused. [UNUSED_IMPORT]"),
        "{text}"
    );
    assert!(text.trim_end().ends_with("2 errors, 1 warning"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn warn_flag_hides_warnings() {
    let dir = mistakes();
    std::fs::write(
        dir.join("ok.proto"),
        "syntax = \"proto3\";\nimport \"unused.proto\";\nmessage M {}\n",
    )
    .unwrap();
    let run = |extra: &[&str]| {
        protogen()
            .args(["-I.", "--descriptor_set_out=/dev/null"])
            .args(extra)
            .arg("ok.proto")
            .current_dir(&dir)
            .output()
            .unwrap()
    };
    let shown = run(&["--fatal_warnings"]);
    assert_eq!(shown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&shown.stderr).contains("UNUSED_IMPORT"));
    for spec in [
        "--warn=none",
        "--warn=-UNUSED_IMPORT",
        "--warn=MISSING_SYNTAX",
    ] {
        let hidden = run(&["--fatal_warnings", spec]);
        assert_eq!(hidden.status.code(), Some(0), "{spec}");
        assert_eq!(String::from_utf8_lossy(&hidden.stderr), "", "{spec}");
    }
    let bad = run(&["--warn=NOPE"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("Unknown warning code"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The SARIF log is valid against the SARIF 2.1.0 JSON schema, checked by
/// a Go validator (gojsonschema) with the schema go-sarif ships; the Go
/// toolchain is required.
#[test]
fn sarif_is_valid() {
    let text = render("sarif");
    let log: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 3);
    let dir = scratch("sarif");
    let file = dir.join("log.sarif");
    std::fs::write(&file, &text).unwrap();
    let validate = || {
        let checker = repo().join("tests/tools/sarifcheck");
        let gocache = repo().join("target/go");
        Command::new("go")
            .args(["run", ".", file.to_str().unwrap()])
            .current_dir(&checker)
            .env("GOPATH", gocache.join("path"))
            .env("GOCACHE", gocache.join("cache"))
            .env("GOFLAGS", "-mod=mod")
            .output()
            .expect("the Go toolchain is required to validate SARIF")
    };
    let out = validate();
    assert!(
        out.status.success(),
        "SARIF validation failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // The validator rejects what breaks the schema.
    std::fs::write(&file, text.replace("\"2.1.0\"", "\"9.9\"")).unwrap();
    assert!(
        !validate().status.success(),
        "an invalid log passed validation"
    );
    insta::assert_snapshot!(text);
    let _ = std::fs::remove_dir_all(&dir);
}
