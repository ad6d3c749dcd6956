//! The CI snippets of docs/ci.md and docs/pre-commit-hooks.yaml, run:
//! every `protogen` command they contain, in a git repository made from a
//! lint fixture with a change on a branch, must run (exit 0, or 100 with
//! findings) and print what its format promises.

mod common;

use std::path::Path;
use std::process::Command;

use common::{repo, scratch};

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs a shell command line with protogen first on PATH.
fn sh(dir: &Path, line: &str) -> std::process::Output {
    let bin = Path::new(env!("CARGO_BIN_EXE_protogen"))
        .parent()
        .unwrap()
        .to_owned();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    Command::new("bash")
        .current_dir(dir)
        .env("PATH", path)
        .args(["-c", line])
        .output()
        .unwrap()
}

#[test]
fn ci_snippets_run() {
    // A repository whose main branch holds a fixture, with a breaking
    // change on the checked-out branch.
    let dir = scratch("ci-docs");
    common::copy_dir(
        &repo().join("fixtures/breaking/many_changes_v2/before"),
        &dir,
    );
    git(&dir, &["init", "-q", "-b", "main"]);
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "-q", "-m", "before"]);
    git(&dir, &["checkout", "-q", "-b", "change"]);
    std::fs::remove_file(dir.join("b.proto")).unwrap();
    std::fs::copy(
        repo().join("fixtures/breaking/many_changes_v2/after/a.proto"),
        dir.join("a.proto"),
    )
    .unwrap();
    git(&dir, &["commit", "-q", "-am", "after"]);

    let doc = std::fs::read_to_string(repo().join("docs/ci.md")).unwrap();
    let steps: Vec<&str> = doc
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("- run: "))
        .filter(|l| l.starts_with("protogen "))
        .collect();
    assert_eq!(
        steps.len(),
        3,
        "docs/ci.md should run lint, breaking and compile"
    );
    for step in steps {
        let out = sh(&dir, step);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            matches!(out.status.code(), Some(0) | Some(100)),
            "{step}: exit {:?}\n{stderr}",
            out.status.code()
        );
        let annotations = format!("{stdout}{stderr}");
        assert!(
            annotations.lines().all(|l| l.starts_with("::")),
            "{step}: not GitHub annotations:\n{annotations}"
        );
        if step.contains("breaking") {
            assert!(
                annotations.contains("FILE") || annotations.contains("Previously present file"),
                "{step}: no finding:\n{annotations}"
            );
            assert_eq!(out.status.code(), Some(100), "{step}");
        }
    }

    let hooks = std::fs::read_to_string(repo().join("docs/pre-commit-hooks.yaml")).unwrap();
    let entries: Vec<(&str, bool)> = hooks
        .split("\n- id: ")
        .skip(1)
        .map(|hook| {
            let entry = hook
                .lines()
                .find_map(|l| l.trim_start().strip_prefix("entry: "))
                .expect("a hook without an entry");
            (entry, hook.contains("pass_filenames: true"))
        })
        .collect();
    assert_eq!(entries.len(), 3);
    for (entry, files) in entries {
        let line = if files {
            format!("{entry} a.proto")
        } else {
            entry.to_string()
        };
        let out = sh(&dir, &line);
        assert!(
            matches!(out.status.code(), Some(0) | Some(100)),
            "{line}: exit {:?}\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
