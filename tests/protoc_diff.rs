//! Differential tests against protoc 35.1: byte-identical descriptor sets
//! over the shared corpus and the fixtures, and the same accept/reject
//! verdict on every invalid fixture.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::Path;

/// The corpus root from `PROTOGEN_CORPUS`. Unset: the corpus tests do not
/// apply (a user's fresh clone). Set but missing: a failure.
/// Compiles `files` with both compilers under `flags` and compares every
/// file of the two descriptor sets.
fn compare(cwd: &Path, roots: &[String], files: &[String], flags: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = roots.iter().map(|r| format!("-I{r}")).collect();
    args.extend(flags.iter().map(|s| s.to_string()));
    args.extend(files.iter().cloned());
    let (ro, rb) = run_to_set(oracle(), cwd, &args, "protoc");
    let (po, pb) = run_to_set(protogen(), cwd, &args, "protogen");
    let Some(rb) = rb else {
        panic!(
            "protoc failed on {} files: {}",
            files.len(),
            String::from_utf8_lossy(&ro.stderr)
        );
    };
    let Some(pb) = pb else {
        return vec![format!(
            "protogen rejected what protoc accepts ({flags:?}): {}",
            String::from_utf8_lossy(&po.stderr)
        )];
    };
    let ours_list = split_set(&pb);
    let ours: BTreeMap<String, Vec<u8>> = ours_list.iter().cloned().collect();
    let theirs = split_set(&rb);
    let mut problems = Vec::new();
    let names_ours: Vec<&String> = ours_list.iter().map(|(n, _)| n).collect();
    let names_theirs: Vec<&String> = theirs.iter().map(|(n, _)| n).collect();
    if names_ours != names_theirs {
        problems.push(format!("file order differs ({flags:?})"));
    }
    for (name, bytes) in &theirs {
        match ours.get(name) {
            None => problems.push(format!(
                "{name}: missing from protogen's output ({flags:?})"
            )),
            Some(o) if o != bytes => problems.push(format!(
                "{name}: differs ({flags:?}), {}",
                first_difference(bytes, o)
            )),
            Some(_) => {}
        }
    }
    problems
}

fn corpus_list(name: &str, one_at_a_time: bool) {
    let Some(corpus) = common::corpus() else {
        eprintln!("PROTOGEN_CORPUS not set: corpus list {name} not compared");
        return;
    };
    let list = common::read_list(&corpus, name);
    assert!(!list.files.is_empty());
    let mut problems = Vec::new();
    let modes: [&[&str]; 4] = [
        &[],
        &["--include_source_info"],
        &["--include_imports", "--include_source_info"],
        &[
            "--include_imports",
            "--include_source_info",
            "--retain_options",
        ],
    ];
    for flags in modes {
        if one_at_a_time {
            for f in &list.files {
                problems.extend(compare(
                    &corpus,
                    &list.roots,
                    std::slice::from_ref(f),
                    flags,
                ));
            }
        } else {
            problems.extend(compare(&corpus, &list.roots, &list.files, flags));
        }
    }
    println!(
        "{name}: {} files, 4 modes, {} mismatches",
        list.files.len(),
        problems.len()
    );
    assert!(
        problems.is_empty(),
        "{} mismatches against protoc:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn corpus_googleapis() {
    corpus_list("googleapis", false);
}

#[test]
fn corpus_protobuf() {
    corpus_list("protobuf", false);
}

#[test]
fn corpus_protobuf_ruby() {
    // These define the same symbols in several files: one at a time.
    corpus_list("protobuf-ruby", true);
}

#[test]
fn corpus_opentelemetry() {
    corpus_list("opentelemetry", false);
}

#[test]
fn corpus_grpc_proto() {
    corpus_list("grpc-proto", false);
}

fn fixture_names(kind: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(repo().join("fixtures").join(kind))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".proto"))
        .collect();
    v.sort();
    v
}

/// Fixtures where protogen is known to disagree with protoc, each with its reason.
fn known_divergences() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(repo().join("tests/known_divergences.txt")).unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (name, reason) = l.split_once('\t').unwrap_or((l, ""));
            assert!(
                !reason.trim().is_empty(),
                "known divergence {name} has no reason"
            );
            (name.trim().to_string(), reason.trim().to_string())
        })
        .collect()
}

fn fixture_args(kind: &str, name: &str) -> Vec<String> {
    vec![
        format!("-Ifixtures/{kind}"),
        "-Ifixtures/common".into(),
        "--include_imports".into(),
        "--include_source_info".into(),
        name.to_string(),
    ]
}

#[test]
fn fixtures_ok_match_protoc() {
    let known = known_divergences();
    let mut problems = Vec::new();
    let mut agreed = 0;
    for name in fixture_names("ok") {
        let key = format!("ok/{name}");
        let args = fixture_args("ok", &name);
        let (ro, rb) = run_to_set(oracle(), &repo(), &args, "protoc");
        let rb = rb.unwrap_or_else(|| {
            panic!(
                "protoc rejects ok fixture {name}: {}",
                String::from_utf8_lossy(&ro.stderr)
            )
        });
        let (po, pb) = run_to_set(protogen(), &repo(), &args, "protogen");
        let same = pb.as_deref() == Some(&rb[..]);
        match (same, known.contains_key(&key)) {
            (true, false) => agreed += 1,
            (true, true) => problems.push(format!(
                "{key}: now matches protoc; remove it from tests/known_divergences.txt"
            )),
            (false, true) => {}
            (false, false) => problems.push(match pb {
                None => format!("{key}: rejected: {}", String::from_utf8_lossy(&po.stderr)),
                Some(pb) => format!("{key}: {}", first_difference(&rb, &pb)),
            }),
        }
    }
    println!("ok fixtures byte-identical to protoc: {agreed}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn fixtures_err_rejected_like_protoc() {
    let known = known_divergences();
    let mut problems = Vec::new();
    let mut agreed = 0;
    let mut same_first_line = 0;
    let mut same_output = 0;
    let mut other_output = Vec::new();
    let names = fixture_names("err");
    for name in &names {
        let key = format!("err/{name}");
        let mut args = fixture_args("err", name);
        let (ro, _) = run_to_set(oracle(), &repo(), &args, "protoc");
        assert!(!ro.status.success(), "protoc accepts err fixture {name}");
        args.insert(0, "--error_format=gcc".into());
        let (po, pb) = run_to_set(protogen(), &repo(), &args, "protogen");
        assert!(
            po.status.code().is_some(),
            "protogen died on {name}: {:?}",
            po.status
        );
        let stderr = String::from_utf8_lossy(&po.stderr);
        assert!(
            !stderr.contains("panicked"),
            "protogen panicked on {name}: {stderr}"
        );
        let rejected = !po.status.success() && pb.is_none();
        let ours = first_error(&po.stderr);
        if ours.is_some() && ours == first_error(&ro.stderr) {
            same_first_line += 1;
        }
        if report_lines(&po.stderr) == report_lines(&ro.stderr) {
            same_output += 1;
        } else {
            other_output.push(name.as_str());
        }
        match (rejected, known.contains_key(&key)) {
            (true, false) => agreed += 1,
            (true, true) => problems.push(format!(
                "{key}: now rejected; remove it from tests/known_divergences.txt"
            )),
            (false, true) => {}
            (false, false) => problems.push(format!("{key}: accepted, but protoc rejects it")),
        }
    }
    println!(
        "err fixtures rejected like protoc: {agreed}; known divergences: {}",
        known.len()
    );
    println!(
        "same first error line as protoc (--error_format=gcc): {same_first_line} of {}",
        names.len()
    );
    println!(
        "every error and warning line as protoc's: {same_output} of {} (not: {})",
        names.len(),
        other_output.join(", ")
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(
        same_output >= SAME_OUTPUT_BASELINE,
        "only {same_output} err fixtures give exactly protoc's error and warning lines; the baseline is {SAME_OUTPUT_BASELINE}"
    );
    assert!(
        same_first_line >= FIRST_LINE_BASELINE,
        "only {same_first_line} err fixtures give protoc's first error line; the baseline is {FIRST_LINE_BASELINE}"
    );
}

/// How many err fixtures must give exactly protoc's first error line. It only
/// goes up: raise it when more agree.
const FIRST_LINE_BASELINE: usize = 641;

/// How many err fixtures must give exactly protoc's error and warning
/// lines, all of them in order. It only goes up.
const SAME_OUTPUT_BASELINE: usize = 619;

/// protoc's own log lines (abseil's), which are not diagnostics.
fn is_log(l: &str) -> bool {
    l.starts_with("WARNING: All log messages")
        || (l.len() > 5
            && l.starts_with(['W', 'E', 'I', 'F'])
            && l[1..5].chars().all(|c| c.is_ascii_digit()))
}

/// The first error line of a run, leaving out warnings and protoc's own log lines.
fn first_error(stderr: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(stderr);
    text.lines()
        .find(|l| !l.contains("warning:") && !is_log(l))
        .map(|l| l.trim_end().to_string())
}

/// Every diagnostic line of a run, in order, without protoc's log lines.
fn report_lines(stderr: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(stderr)
        .lines()
        .filter(|l| !is_log(l))
        .map(|l| l.trim_end().to_string())
        .collect()
}
