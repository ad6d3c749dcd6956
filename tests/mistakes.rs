//! Everyday mistakes (fixtures/mistakes/): each case states, in its header,
//! the one diagnostic it must give — code, position of the token to change,
//! help and labels — and no other error may follow from it. The human
//! rendering of each is snapshot-tested.
//!
//! Header lines, after the first comment line:
//!   `// expect: CODE LINE:COL` the diagnostic and where it points;
//!   `// help: TEXT` its help, exactly (absent: it must have none);
//!   `// label: LINE:COL TEXT` a further place it points at, in order.

mod common;

use std::path::Path;

use common::{protogen, repo};

struct Expectation {
    code: String,
    at: (u64, u64),
    help: Option<String>,
    labels: Vec<((u64, u64), String)>,
}

fn position(s: &str) -> (u64, u64) {
    let (l, c) = s.split_once(':').expect("LINE:COL");
    (l.parse().unwrap(), c.parse().unwrap())
}

fn expectation(text: &str) -> Option<Expectation> {
    let mut e: Option<Expectation> = None;
    for line in text.lines().take_while(|l| l.starts_with("//")) {
        let line = line.trim_start_matches("//").trim();
        if let Some(rest) = line.strip_prefix("expect: ") {
            let (code, at) = rest.split_once(' ').expect("expect: CODE LINE:COL");
            e = Some(Expectation {
                code: code.to_string(),
                at: position(at),
                help: None,
                labels: Vec::new(),
            });
        } else if let Some(rest) = line.strip_prefix("help: ") {
            e.as_mut().expect("help after expect").help = Some(rest.to_string());
        } else if let Some(rest) = line.strip_prefix("label: ") {
            let (at, text) = rest.split_once(' ').expect("label: LINE:COL TEXT");
            let e = e.as_mut().expect("label after expect");
            e.labels.push((position(at), text.to_string()));
        }
    }
    e
}

fn cases() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(repo().join("fixtures/mistakes"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".proto"))
        .collect();
    names.sort();
    names
}

fn compile(name: &str, format: &str) -> std::process::Output {
    protogen()
        .args([
            "-Ifixtures/mistakes",
            &format!("--error_format={format}"),
            "--descriptor_set_out=/dev/null",
        ])
        .arg(Path::new("fixtures/mistakes").join(name))
        .current_dir(repo())
        .output()
        .unwrap()
}

#[test]
fn each_mistake_gives_one_diagnostic_at_the_token_with_its_fix() {
    let mut checked = 0;
    let mut problems = Vec::new();
    for name in cases() {
        let text = std::fs::read_to_string(repo().join("fixtures/mistakes").join(&name)).unwrap();
        let Some(want) = expectation(&text) else {
            continue;
        };
        checked += 1;
        let out = compile(&name, "json");
        let findings: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stderr)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        if findings.len() != 1 {
            problems.push(format!(
                "{name}: {} diagnostics: {findings:?}",
                findings.len()
            ));
            continue;
        }
        let f = &findings[0];
        let at = |v: &serde_json::Value| {
            (
                v["start_line"].as_u64().unwrap_or(0),
                v["start_column"].as_u64().unwrap_or(0),
            )
        };
        if f["type"] != want.code.as_str() || at(f) != want.at {
            problems.push(format!(
                "{name}: {} at {:?}, expected {} at {:?}",
                f["type"],
                at(f),
                want.code,
                want.at
            ));
        }
        if f["help"].as_str() != want.help.as_deref() {
            problems.push(format!(
                "{name}: help {:?}, expected {:?}",
                f["help"], want.help
            ));
        }
        let labels: Vec<((u64, u64), String)> = f["labels"]
            .as_array()
            .map(|ls| {
                ls.iter()
                    .map(|l| (at(l), l["message"].as_str().unwrap_or("").to_string()))
                    .collect()
            })
            .unwrap_or_default();
        if labels != want.labels {
            problems.push(format!(
                "{name}: labels {labels:?}, expected {:?}",
                want.labels
            ));
        }
    }
    assert!(checked >= 32, "only {checked} mistake cases");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn human_rendering_of_each_mistake() {
    for name in cases() {
        let text = std::fs::read_to_string(repo().join("fixtures/mistakes").join(&name)).unwrap();
        if expectation(&text).is_none() {
            continue;
        }
        let out = compile(&name, "human");
        insta::assert_snapshot!(
            name.trim_end_matches(".proto"),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
