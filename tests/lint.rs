//! `protogen lint` against buf 1.75 (npm @bufbuild/buf, installed by
//! scripts/test.sh): the same findings, byte for byte in buf's text and
//! JSON formats, the same exit code and failure message, on the lint
//! fixtures and, with PROTOGEN_CORPUS, on whole corpus trees.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{corpus, repo, scratch};

/// Compares one run with buf's; returns the number of output lines.
fn compare(dir: &Path, args: &[&str]) -> usize {
    common::same_as_buf("lint", dir, args)
}

#[test]
fn lint_fixtures_match_buf() {
    let root = repo().join("fixtures/lint");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 4, "lint fixtures missing");
    let mut findings = 0;
    for case in &cases {
        for format in ["json", "text"] {
            findings += compare(case, &["--error-format", format]);
        }
    }
    // Configurations given on the command line: rule options, comment
    // ignores by version, keys of the other version, no rule left.
    let dir = root.join("no_config");
    for config in [
        r#"{"version":"v1","lint":{"use":["STANDARD","COMMENTS"],"allow_comment_ignores":true,"service_suffix":"Api"}}"#,
        r#"{"version":"v2","lint":{"use":["BASIC"],"except":["FIELD_LOWER_SNAKE_CASE"],"disallow_comment_ignores":true}}"#,
        r#"{"version":"v2","lint":{"use":["MINIMAL","UNARY_RPC"],"rpc_allow_same_request_response":true}}"#,
        r#"{"version":"v2","lint":{"use":["IMPORT_NO_WEAK"]}}"#,
        r#"{"version":"v1","lint":{"use":["FIELD_NOT_REQUIRED"]}}"#,
    ] {
        findings += compare(&dir, &["--config", config, "--error-format", "json"]);
    }
    // A buf.yaml with keys its version does not have (buf names the line).
    for yaml in [
        "version: v2\nlint:\n  allow_comment_ignores: true\n",
        "version: v1\nlint:\n  use: [STANDARD]\n  bogus: 1\n",
    ] {
        let ws = scratch("lint-config");
        std::fs::write(ws.join("buf.yaml"), yaml).unwrap();
        std::fs::copy(dir.join("pkg/b.proto"), ws.join("b.proto")).unwrap();
        findings += compare(&ws, &[]);
    }
    println!(
        "lint fixtures: {} cases, {findings} finding lines identical to buf's",
        cases.len()
    );
}

/// A buf v2 workspace over corpus trees (linked, not copied), with every
/// rule of the default, comment and unary categories on.
fn corpus_workspace(corpus: &Path, modules: &[&str]) -> PathBuf {
    let ws = scratch("lint-corpus");
    let mut yaml = String::from("version: v2\nmodules:\n");
    for m in modules {
        std::os::unix::fs::symlink(corpus.join(m), ws.join(m)).unwrap();
        yaml.push_str(&format!("  - path: {m}\n"));
    }
    yaml.push_str("lint:\n  use: [STANDARD, COMMENTS, UNARY_RPC]\n");
    std::fs::write(ws.join("buf.yaml"), yaml).unwrap();
    ws
}

#[test]
fn lint_corpus_matches_buf() {
    let Some(corpus) = corpus() else {
        println!("not run: PROTOGEN_CORPUS is not set");
        return;
    };
    let ws = corpus_workspace(&corpus, &["opentelemetry", "grpc-proto", "googleapis"]);
    let rejected: Vec<String> =
        std::fs::read_to_string(corpus.join("lists/googleapis.rejected.txt"))
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| format!("googleapis/{}", l.split('\t').next().unwrap()))
            .collect();
    let mut googleapis = vec!["--error-format", "json", "--path", "googleapis/google"];
    for r in &rejected {
        googleapis.extend(["--exclude-path", r.as_str()]);
    }
    for args in [
        vec![
            "--error-format",
            "json",
            "--path",
            "opentelemetry/opentelemetry",
        ],
        vec!["--error-format", "json", "--path", "grpc-proto/grpc"],
        googleapis,
    ] {
        let n = compare(&ws, &args);
        println!("{}: {n} findings identical to buf's", args[3]);
        assert!(n > 0, "{}: no findings at all", args[3]);
    }
    // Another configuration, with every key that changes what a rule
    // reports, over googleapis/google/cloud and the smaller trees.
    let config = r#"{"version":"v2","modules":[{"path":"opentelemetry"},{"path":"grpc-proto"},{"path":"googleapis"}],"lint":{"use":["MINIMAL","BASIC","UNARY_RPC","COMMENTS","ENUM_ZERO_VALUE_SUFFIX","SERVICE_SUFFIX","RPC_REQUEST_STANDARD_NAME","RPC_RESPONSE_STANDARD_NAME","RPC_REQUEST_RESPONSE_UNIQUE"],"except":["COMMENT_FIELD","ENUM_VALUE_UPPER_SNAKE_CASE"],"enum_zero_value_suffix":"_UNKNOWN","service_suffix":"API","rpc_allow_same_request_response":true,"rpc_allow_google_protobuf_empty_requests":true,"rpc_allow_google_protobuf_empty_responses":true,"disallow_comment_ignores":true,"ignore":["googleapis/google/cloud/compute"],"ignore_only":{"COMMENT_MESSAGE":["googleapis/google/cloud/aiplatform"]}}}"#;
    let mut args = vec![
        "--error-format",
        "json",
        "--config",
        config,
        "--path",
        "googleapis/google/cloud",
        "--path",
        "grpc-proto/grpc",
        "--path",
        "opentelemetry/opentelemetry",
    ];
    for r in &rejected {
        args.extend(["--exclude-path", r.as_str()]);
    }
    let n = compare(&ws, &args);
    println!("second configuration: {n} findings identical to buf's");
    assert!(n > 0, "second configuration: no findings at all");
}

/// A `protogen.toml` stands in for buf.yaml (the same keys, in TOML), and
/// buf.yaml wins when both are present: protogen's findings with the TOML
/// are buf's with the equivalent YAML.
#[test]
fn protogen_toml_stands_in_for_buf_yaml() {
    let src = repo().join("fixtures/lint/no_config/pkg");
    let yaml = "version: v2\nlint:\n  use: [BASIC, COMMENTS]\n  except: [FIELD_LOWER_SNAKE_CASE]\n";
    let toml = "version = \"v2\"\n[lint]\nuse = [\"BASIC\", \"COMMENTS\"]\nexcept = [\"FIELD_LOWER_SNAKE_CASE\"]\n";
    let workspace = |config: &[(&str, &str)]| {
        let ws = scratch("lint-toml");
        std::fs::create_dir_all(ws.join("pkg")).unwrap();
        for e in std::fs::read_dir(&src).unwrap().flatten() {
            std::fs::copy(e.path(), ws.join("pkg").join(e.file_name())).unwrap();
        }
        for (name, text) in config {
            std::fs::write(ws.join(name), text).unwrap();
        }
        ws
    };
    let run = |mut c: std::process::Command, dir: &Path| {
        let o = c
            .current_dir(dir)
            .args(["lint", "--error-format", "json"])
            .output()
            .unwrap();
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
        )
    };
    let with_yaml = workspace(&[("buf.yaml", yaml)]);
    let theirs = run(common::buf(), &with_yaml);
    assert_eq!(theirs.0, Some(100), "the configuration finds something");
    let with_toml = workspace(&[("protogen.toml", toml)]);
    let ours = run(
        std::process::Command::new(env!("CARGO_BIN_EXE_protogen")),
        &with_toml,
    );
    assert_eq!(ours, theirs, "protogen.toml read as the same buf.yaml");
    // Both: buf.yaml's rules apply, not the TOML's.
    let both = workspace(&[
        ("buf.yaml", yaml),
        (
            "protogen.toml",
            "version = \"v2\"\n[lint]\nuse = [\"MINIMAL\"]\n",
        ),
    ]);
    let ours = run(
        std::process::Command::new(env!("CARGO_BIN_EXE_protogen")),
        &both,
    );
    assert_eq!(ours, theirs, "buf.yaml wins over protogen.toml");
    // A TOML error names the file.
    let bad = workspace(&[("protogen.toml", "version = \n")]);
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_protogen"))
        .current_dir(&bad)
        .arg("lint")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("protogen.toml"));
}

fn protogen() -> Command {
    Command::new(env!("CARGO_BIN_EXE_protogen"))
}

/// The findings `lint --fix` fixes: the enum value rules and the options a
/// package's files must share.
const FIXED_RULES: &[&str] = &[
    "ENUM_VALUE_PREFIX",
    "ENUM_ZERO_VALUE_SUFFIX",
    "ENUM_VALUE_UPPER_SNAKE_CASE",
    "PACKAGE_SAME_CSHARP_NAMESPACE",
    "PACKAGE_SAME_GO_PACKAGE",
    "PACKAGE_SAME_JAVA_MULTIPLE_FILES",
    "PACKAGE_SAME_JAVA_PACKAGE",
    "PACKAGE_SAME_PHP_NAMESPACE",
    "PACKAGE_SAME_RUBY_PACKAGE",
    "PACKAGE_SAME_SWIFT_PREFIX",
];

/// Runs `lint --fix` in `ws` (a copy: it is rewritten) with `args`, then
/// checks the result against buf: buf's findings on the fixed files are
/// exactly those protogen printed; each left of a fixable rule is one the
/// report says was not fixed (with its reason); each file to move is in
/// the report; and the fixed files are wire-compatible with `original`
/// (buf's WIRE rules, with `wire` as the configuration of both sides, run
/// by `wire_by`). Returns the report.
fn fix_and_check(
    ws: &Path,
    original: &Path,
    args: &[&str],
    wire: &str,
    wire_by: Command,
) -> String {
    let out = protogen()
        .current_dir(ws)
        .args(["lint", "--fix", "--error-format", "json"])
        .args(args)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!report.contains("Failure"), "lint --fix failed: {report}");
    let theirs = common::buf()
        .current_dir(ws)
        .args(["lint", "--error-format", "json"])
        .args(args)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        theirs.status.code(),
        "exit code after --fix"
    );
    let ours = String::from_utf8_lossy(&out.stdout);
    let left = String::from_utf8_lossy(&theirs.stdout);
    assert!(
        ours == left,
        "after --fix, buf finds:\n{left}\nprotogen printed:\n{ours}"
    );
    for line in left.lines() {
        let field = |key: &str| {
            let at = line.find(&format!("\"{key}\":")).unwrap() + key.len() + 3;
            let rest = &line[at..];
            match rest.strip_prefix('"') {
                Some(s) => s[..s.find('"').unwrap()].to_string(),
                None => rest[..rest.find([',', '}']).unwrap()].to_string(),
            }
        };
        let (kind, path) = (field("type"), field("path"));
        if FIXED_RULES.contains(&kind.as_str()) {
            let at = format!(
                "Not fixed: {path}:{}:{}: ",
                field("start_line"),
                field("start_column")
            );
            assert!(
                report.contains(&at),
                "{kind} at {at} left without a reason:\n{report}"
            );
        }
        if kind == "PACKAGE_DIRECTORY_MATCH" || kind == "FILE_LOWER_SNAKE_CASE" {
            assert!(
                report.contains(&format!("  {path} -> ")),
                "{path}: no move reported:\n{report}"
            );
        }
    }
    let mut check = wire_by;
    let broken = check
        .current_dir(ws)
        .args(["breaking", ".", "--against"])
        .arg(original)
        .args(["--config", wire, "--against-config", wire])
        .output()
        .unwrap();
    assert!(
        broken.status.success() && broken.stdout.is_empty(),
        "the fixed files break the wire format:\n{}{}",
        String::from_utf8_lossy(&broken.stdout),
        String::from_utf8_lossy(&broken.stderr)
    );
    report
}

/// `lint --fix` on the fix fixture: the rewritten files and the report
/// (snapshots), buf's view of the result (see `fix_and_check`), and a
/// second run that finds nothing more to fix.
#[test]
fn lint_fix_fixture() {
    let src = repo().join("fixtures/lint/fix");
    let ws = scratch("lint-fix");
    common::copy_dir(&src, &ws);
    let wire = r#"{"version":"v2","breaking":{"use":["WIRE"]}}"#;
    let report = fix_and_check(&ws, &src, &[], wire, common::buf());
    insta::assert_snapshot!("lint_fix_report", report);
    let (before, after) = (common::tree(&src), common::tree(&ws));
    let mut changed = 0;
    for (name, text) in &after {
        if before.get(name) != Some(text) {
            changed += 1;
            insta::assert_snapshot!(
                format!("lint_fix_{}", name.replace('/', "_")),
                String::from_utf8_lossy(text)
            );
        }
    }
    assert_eq!(changed, 3, "files rewritten");
    let again = protogen()
        .current_dir(&ws)
        .args(["lint", "--fix"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&again.stderr).starts_with("Fixed 0 findings in 0 files."));
    assert_eq!(common::tree(&ws), after, "a second --fix changed files");
    println!("lint --fix fixture: {changed} files fixed, buf agrees with what is left");
}

/// `lint --fix` over googleapis (a copy, less the files protoc rejects):
/// buf finds on the result exactly what protogen leaves, and the result
/// is wire-compatible with the original.
#[test]
fn lint_fix_corpus() {
    let Some(corpus) = corpus() else {
        println!("not run: PROTOGEN_CORPUS is not set");
        return;
    };
    let root = scratch("lint-fix-corpus");
    let (ws, original) = (root.join("fixed"), root.join("original"));
    common::copy_dir(&corpus.join("googleapis"), &ws.join("googleapis"));
    let rejected = std::fs::read_to_string(corpus.join("lists/googleapis.rejected.txt")).unwrap();
    for line in rejected
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        std::fs::remove_file(ws.join("googleapis").join(line.split('\t').next().unwrap())).unwrap();
    }
    let yaml = "version: v2\nmodules:\n  - path: googleapis\nlint:\n  use: [STANDARD]\n";
    std::fs::write(ws.join("buf.yaml"), yaml).unwrap();
    common::copy_dir(&ws, &original);
    let report = fix_and_check(
        &ws,
        &original,
        &["--path", "googleapis/google"],
        r#"{"version":"v2","modules":[{"path":"googleapis"}],"breaking":{"use":["WIRE"]}}"#,
        protogen(),
    );
    let first = report.lines().next().unwrap_or_default();
    println!(
        "lint --fix on googleapis: {first} {} not fixed",
        report.matches("Not fixed").count()
    );
    assert!(
        first.starts_with("Fixed ") && !first.starts_with("Fixed 0 "),
        "{report}"
    );
}

/// Every rule buf 1.75 has (`buf config ls-lint-rules`, v2 being a
/// superset of v1) is reported at least once by the runs of
/// `lint_fixtures_match_buf` (which shows those runs are buf's), except
/// PROTOVALIDATE, which protogen does not implement.
#[test]
fn every_lint_rule_has_a_fixture() {
    let all = common::buf_rule_ids("lint");
    assert!(all.len() >= 45, "buf lists {} rules", all.len());
    let root = repo().join("fixtures/lint");
    let mut seen = BTreeSet::new();
    let mut run = |dir: &Path, args: &[&str]| {
        let out = protogen()
            .current_dir(dir)
            .args(["lint", "--error-format", "json"])
            .args(args)
            .output()
            .unwrap();
        seen.extend(common::json_strings(&out.stdout, "type"));
    };
    for e in std::fs::read_dir(&root).unwrap().flatten() {
        run(&e.path(), &[]);
    }
    for config in [
        r#"{"version":"v2","lint":{"use":["IMPORT_NO_WEAK"]}}"#,
        r#"{"version":"v1","lint":{"use":["FIELD_NOT_REQUIRED"]}}"#,
    ] {
        run(&root.join("no_config"), &["--config", config]);
    }
    let missing: Vec<&String> = all.iter().filter(|r| !seen.contains(*r)).collect();
    assert_eq!(missing, ["PROTOVALIDATE"], "rules no lint fixture triggers");
    println!(
        "lint fixtures trigger {} of buf's {} rules",
        seen.len(),
        all.len()
    );
}

/// buf's warnings for deprecated ids in a configuration (DEFAULT, rules
/// that check nothing, replaced breaking rules) are printed as buf prints
/// them, byte for byte on standard error.
#[test]
fn deprecation_warnings_as_buf() {
    let lint = repo().join("fixtures/lint/no_config");
    let breaking = repo().join("fixtures/breaking/v1_ignores/after");
    let runs: [(&Path, Vec<&str>); 3] = [
        (
            &lint,
            vec![
                "lint",
                "--config",
                r#"{"version":"v1","lint":{"use":["DEFAULT","IMPORT_NO_WEAK"],"except":["FIELD_LOWER_SNAKE_CASE"]}}"#,
            ],
        ),
        (
            &breaking,
            vec![
                "breaking",
                "--against",
                "../before",
                "--config",
                r#"{"version":"v1","breaking":{"use":["FIELD_SAME_CTYPE","FIELD_SAME_LABEL","FILE_SAME_PHP_GENERIC_SERVICES"]}}"#,
            ],
        ),
        (
            &breaking,
            vec![
                "breaking",
                "--against",
                "../before",
                "--config",
                r#"{"version":"v2","breaking":{"use":["WIRE","MESSAGE_SAME_MESSAGE_SET_WIRE_FORMAT"]}}"#,
            ],
        ),
    ];
    for (dir, args) in runs {
        let stderr = |mut c: Command| {
            let out = c.current_dir(dir).args(&args).output().unwrap();
            String::from_utf8_lossy(&out.stderr).into_owned()
        };
        let theirs = stderr(common::buf());
        assert!(
            theirs.contains("is deprecated"),
            "{args:?}: buf warns of nothing"
        );
        assert_eq!(stderr(protogen()), theirs, "{args:?}");
    }
}
