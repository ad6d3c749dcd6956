//! `protogen breaking` against buf 1.75 (npm @bufbuild/buf, installed by
//! scripts/test.sh): for each fixture (`fixtures/breaking/<case>/before`
//! and `after`), the same findings byte for byte in buf's JSON and text
//! formats and the same exit code, with the case's own buf.yaml and with
//! every category on; and against a FileDescriptorSet of `before`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{repo, scratch};

/// Compares one run with buf's; returns the number of output lines.
fn compare(dir: &Path, args: &[&str]) -> usize {
    common::same_as_buf("breaking", dir, args)
}

const EVERY_CATEGORY: &str =
    r#"{"version":"v2","breaking":{"use":["FILE","PACKAGE","WIRE","WIRE_JSON"]}}"#;

#[test]
fn breaking_fixtures_match_buf() {
    let root = repo().join("fixtures/breaking");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 3, "breaking fixtures missing");
    let mut findings = 0;
    for case in &cases {
        let after = case.join("after");
        for format in ["json", "text", "github-actions", "msvs"] {
            findings += compare(
                &after,
                &["--against", "../before", "--error-format", format],
            );
        }
        // A buf.work.yaml workspace is its modules only with its own
        // configuration: one given on the command line makes the root a
        // single module, where its imports are not found.
        if after.join("buf.work.yaml").exists() {
            findings += compare(&after, &["--against", "../before", "--exclude-imports"]);
            continue;
        }
        findings += compare(
            &after,
            &[
                "--against",
                "../before",
                "--config",
                EVERY_CATEGORY,
                "--error-format",
                "json",
            ],
        );
        // The previous version as a FileDescriptorSet with imports.
        let set = scratch("breaking-set").join("before.binpb");
        let before = case.join("before");
        let files: Vec<String> = std::fs::read_dir(&before)
            .unwrap()
            .flatten()
            .flat_map(|e| {
                let p = e.path();
                if p.is_dir() {
                    std::fs::read_dir(&p)
                        .unwrap()
                        .flatten()
                        .map(|f| f.path())
                        .collect::<Vec<_>>()
                } else {
                    vec![p]
                }
            })
            .filter(|p| p.extension().is_some_and(|x| x == "proto"))
            .map(|p| {
                p.strip_prefix(&before)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        let out = Command::new(env!("CARGO_BIN_EXE_protogen"))
            .current_dir(&before)
            .args(["compile", "-I", ".", "--include_imports", "-o"])
            .arg(&set)
            .args(&files)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        findings += compare(
            &after,
            &["--against", set.to_str().unwrap(), "--error-format", "json"],
        );
    }
    // Deprecated ids, ids of the other version, and no rule left.
    let v1 = root.join("v1_ignores/after");
    for config in [
        r#"{"version":"v1","breaking":{"use":["FIELD_SAME_LABEL","FIELD_SAME_CTYPE","FILE_SAME_JAVA_STRING_CHECK_UTF8"]}}"#,
        r#"{"version":"v2","breaking":{"use":["FIELD_SAME_LABEL"]}}"#,
        r#"{"version":"v1","breaking":{"use":["EXTENSION_NO_DELETE"]}}"#,
        r#"{"version":"v2","breaking":{"use":["MESSAGE_SAME_MESSAGE_SET_WIRE_FORMAT"]}}"#,
        r#"{"version":"v2","breaking":{"use":["WIRE"],"except":["WIRE"]}}"#,
        r#"{"version":"v2","breaking":{"use":["STANDARD"]}}"#,
    ] {
        findings += compare(&v1, &["--against", "../before", "--config", config]);
    }
    // --path and --exclude-path limit AGAINST too: a directory compared
    // with itself (a broken file left out), and a path that names nothing
    // in another directory (buf fails).
    let case = root.join("v1_ignores");
    findings += compare(&case, &["after", "--against", ".", "--path", "after/pkg"]);
    findings += compare(
        &case,
        &["after", "--against", ".", "--exclude-path", "before"],
    );
    findings += compare(
        &case,
        &["after", "--against", "before", "--path", "after/pkg"],
    );
    println!(
        "breaking fixtures: {} cases, {findings} finding lines identical to buf's",
        cases.len()
    );
}

/// Copies `file` and the files it imports (transitively, those under
/// `root`) from `root` into `dest`, keeping their paths.
fn copy_with_imports(root: &Path, file: &str, dest: &Path) {
    let mut todo = vec![file.to_string()];
    let mut seen = std::collections::BTreeSet::new();
    while let Some(f) = todo.pop() {
        let src = root.join(&f);
        if !seen.insert(f.clone()) || !src.is_file() {
            continue;
        }
        let text = std::fs::read_to_string(&src).unwrap();
        for line in text.lines() {
            let line = line.trim_start();
            if let Some(rest) = line.strip_prefix("import ") {
                if let Some(name) = rest.split('"').nth(1) {
                    todo.push(name.to_string());
                }
            }
        }
        let to = dest.join(&f);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(to, text).unwrap();
    }
}

/// A deterministic edit of a file's text, one per kind of change the rules
/// look at; `None` if the file has nothing to edit that way.
fn edit(text: &str, kind: usize) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let field = |l: &str| {
        let t = l.trim();
        t.ends_with(';')
            && t.contains(" = ")
            && !t.starts_with("option")
            && !t.starts_with("//")
            && !t.starts_with("rpc")
            && t.split_whitespace().count() >= 4
    };
    let enum_value = |l: &str| {
        let t = l.trim();
        t.ends_with(';')
            && t.split_whitespace().count() == 3
            && t.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && t.split_whitespace()
                .next()
                .unwrap()
                .chars()
                .all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit())
    };
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let find = |p: &dyn Fn(&str) -> bool| lines.iter().position(|l| p(l));
    match kind {
        // A field deleted.
        0 => {
            let i = find(&field)?;
            out.remove(i);
        }
        // A scalar type changed.
        1 => {
            let i = find(&|l| {
                field(l)
                    && (l.contains(" string ") || l.contains(" int32 ") || l.contains(" int64 "))
            })?;
            out[i] = if lines[i].contains(" string ") {
                lines[i].replacen(" string ", " bytes ", 1)
            } else if lines[i].contains(" int32 ") {
                lines[i].replacen(" int32 ", " sint32 ", 1)
            } else {
                lines[i].replacen(" int64 ", " uint64 ", 1)
            };
        }
        // A field renamed.
        2 => {
            let i = find(&field)?;
            let (head, tail) = lines[i].split_once(" = ")?;
            out[i] = format!("{head}_renamed = {tail}");
        }
        // An enum value deleted.
        3 => {
            let i = lines
                .iter()
                .enumerate()
                .filter(|(_, l)| enum_value(l))
                .nth(1)?
                .0;
            out.remove(i);
        }
        // An RPC made streaming.
        4 => {
            let i = find(&|l| l.trim_start().starts_with("rpc ") && l.contains('('))?;
            out[i] = lines[i].replacen('(', "(stream ", 1);
        }
        // A file option changed.
        5 => {
            let i = find(&|l| {
                l.starts_with("option java_package") || l.starts_with("option go_package")
            })?;
            out[i] = lines[i].replacen("\";", ".changed\";", 1);
        }
        // A message made repeated / optional.
        6 => {
            let i = find(&|l| {
                field(l)
                    && !l.contains("repeated")
                    && !l.contains("map<")
                    && !l.contains("optional")
            })?;
            let indent = lines[i].len() - lines[i].trim_start().len();
            out[i] = format!("{}repeated {}", &lines[i][..indent], lines[i].trim_start());
        }
        _ => return None,
    }
    Some(out.join("\n") + "\n")
}

#[test]
fn breaking_corpus_edits_match_buf() {
    let Some(corpus) = common::corpus() else {
        println!("not run: PROTOGEN_CORPUS is not set");
        return;
    };
    let list = common::read_list(&corpus, "googleapis");
    let root = corpus.join("googleapis");
    // A deterministic sample of the list: every 150th file (every Nth with
    // PROTOGEN_BREAKING_STEP=N).
    let step = std::env::var("PROTOGEN_BREAKING_STEP")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(150);
    let sample: Vec<&String> = list.files.iter().step_by(step).collect();
    let (mut cases, mut findings) = (0, 0);
    for (n, file) in sample.iter().enumerate() {
        let kind = n % 7;
        let text = std::fs::read_to_string(root.join(file.as_str())).unwrap();
        let Some(changed) = edit(&text, kind) else {
            continue;
        };
        let ws = scratch("breaking-corpus");
        let (before, after) = (ws.join("before"), ws.join("after"));
        copy_with_imports(&root, file, &before);
        copy_with_imports(&root, file, &after);
        std::fs::write(after.join(file.as_str()), changed).unwrap();
        let check = Command::new(env!("CARGO_BIN_EXE_protogen"))
            .current_dir(&after)
            .args(["compile", "-I", ".", "-o", "/dev/null", file.as_str()])
            .output()
            .unwrap();
        if !check.status.success() {
            // The edit broke the file (a deleted line that something
            // needed): both tools report compile errors differently.
            continue;
        }
        cases += 1;
        findings += compare(
            &after,
            &[
                "--against",
                "../before",
                "--config",
                EVERY_CATEGORY,
                "--error-format",
                "json",
            ],
        );
    }
    println!(
        "breaking over {cases} edited googleapis files: {findings} findings identical to buf's"
    );
    assert!(cases >= 20, "only {cases} edits compiled");
}

/// Every rule buf 1.75 has (`buf config ls-breaking-rules`, v2 being a
/// superset of v1) is reported at least once by the runs of
/// `breaking_fixtures_match_buf` with every category on (which shows those
/// runs are buf's).
#[test]
fn every_breaking_rule_has_a_fixture() {
    let all = common::buf_rule_ids("breaking");
    assert!(all.len() >= 60, "buf lists {} rules", all.len());
    let mut seen = std::collections::BTreeSet::new();
    for e in std::fs::read_dir(repo().join("fixtures/breaking"))
        .unwrap()
        .flatten()
    {
        if e.path().join("after/buf.work.yaml").exists() {
            continue;
        }
        let out = Command::new(env!("CARGO_BIN_EXE_protogen"))
            .current_dir(e.path().join("after"))
            .args([
                "breaking",
                "--against",
                "../before",
                "--error-format",
                "json",
            ])
            .args(["--config", EVERY_CATEGORY])
            .output()
            .unwrap();
        seen.extend(common::json_strings(&out.stdout, "type"));
    }
    let missing: Vec<&String> = all.iter().filter(|r| !seen.contains(*r)).collect();
    assert!(
        missing.is_empty(),
        "rules no breaking fixture triggers: {missing:?}"
    );
    println!("breaking fixtures trigger all {} of buf's rules", all.len());
}
