//! `protogen breaking` against buf 1.75 (npm @bufbuild/buf, installed by
//! scripts/test.sh): for each fixture (`fixtures/breaking/<case>/before`
//! and `after`), the same findings byte for byte in buf's JSON and text
//! formats and the same exit code, with the case's own buf.yaml and with
//! every category on; and against a FileDescriptorSet of `before`.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{repo, scratch};

fn buf() -> Command {
    let path = std::env::var_os("PROTOGEN_BUF")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target/tools/npm/node_modules/.bin/buf"));
    assert!(
        path.exists(),
        "buf not found at {} (scripts/test.sh installs it; PROTOGEN_BUF overrides)",
        path.display()
    );
    let mut c = Command::new(path);
    c.env(
        "BUF_CACHE_DIR",
        std::env::temp_dir().join("protogen-buf-cache"),
    );
    c
}

fn protogen() -> Command {
    Command::new(env!("CARGO_BIN_EXE_protogen"))
}

fn run(mut c: Command, dir: &Path, args: &[&str]) -> Output {
    c.current_dir(dir)
        .arg("breaking")
        .args(args)
        .output()
        .unwrap()
}

/// Compares one run; returns the number of findings.
fn compare(dir: &Path, args: &[&str]) -> usize {
    let ours = run(protogen(), dir, args);
    let theirs = run(buf(), dir, args);
    let name = format!("{} {}", dir.display(), args.join(" "));
    assert_eq!(
        ours.status.code(),
        theirs.status.code(),
        "{name}: exit code (buf: {}; protogen: {})",
        String::from_utf8_lossy(&theirs.stderr),
        String::from_utf8_lossy(&ours.stderr)
    );
    let (a, b) = (
        String::from_utf8_lossy(&ours.stdout),
        String::from_utf8_lossy(&theirs.stdout),
    );
    if a != b {
        let only_ours: Vec<&str> = a.lines().filter(|l| !b.contains(l)).take(5).collect();
        let only_buf: Vec<&str> = b.lines().filter(|l| !a.contains(l)).take(5).collect();
        panic!(
            "{name}: output differs ({} lines vs buf's {})\nonly protogen:\n  {}\nonly buf:\n  {}",
            a.lines().count(),
            b.lines().count(),
            only_ours.join("\n  "),
            only_buf.join("\n  ")
        );
    }
    b.lines().count()
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
        for format in ["json", "text"] {
            findings += compare(
                &after,
                &["--against", "../before", "--error-format", format],
            );
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
    println!(
        "breaking fixtures: {} cases, {findings} finding lines identical to buf's",
        cases.len()
    );
}
