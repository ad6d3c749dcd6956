//! Generative differential tests against protoc 35.1: thousands of generated
//! schema sets and near-miss mutants, each compiled by both compilers with
//! `--include_imports --include_source_info`, compared on the verdict, the
//! descriptor set bytes and the first error line (gcc format).
//!
//! CI runs a fixed sample; `PROTOGEN_GEN_SETS=N`, `PROTOGEN_GEN_MUTANTS=N`
//! and `PROTOGEN_GEN_SEED=S` run any number from any seed. Each divergence
//! is written under target/generative/ with both compilers' output.

mod common;
mod gen;

use common::oracle::OracleServer;
use common::repo;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

fn env_count(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .map(|v| v.parse().expect("a number"))
        .unwrap_or(default)
}

fn base_seed() -> u64 {
    std::env::var("PROTOGEN_GEN_SEED")
        .ok()
        .map(|v| v.parse().expect("a number"))
        .unwrap_or(1)
}

/// One compilation case: files to write, then the inputs and extra roots.
struct Case {
    name: String,
    files: Vec<(String, Vec<u8>)>,
    inputs: Vec<String>,
    roots: Vec<PathBuf>,
    what: String,
}

#[derive(Default)]
struct Tally {
    cases: usize,
    accepted: usize,
    rejected: usize,
    protoc_crashed: usize,
    verdict: Vec<String>,
    bytes: Vec<String>,
    first_line: Vec<String>,
    /// protoc's first error for the first rejected cases (for generated
    /// sets, each is a generator defect).
    rejected_samples: Vec<String>,
}

/// The first error of protoc run in a process of its own.
fn fresh_first_error(dir: &Path, args: &[String]) -> String {
    let out = common::oracle()
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    first_error(&String::from_utf8_lossy(&out.stderr))
}

/// The first error line of gcc-format stderr: warnings and log lines skipped.
fn first_error(stderr: &str) -> String {
    stderr
        .lines()
        .find(|l| {
            let glog = l.len() > 1
                && (l.starts_with('W') || l.starts_with('I'))
                && l.as_bytes()[1].is_ascii_digit();
            !l.contains(": warning: ")
                && !l.starts_with("[libprotobuf")
                && !l.starts_with("WARNING: All log messages")
                && !glog
                && !l.trim().is_empty()
        })
        .unwrap_or("")
        .to_string()
}

fn run_case(server: &mut OracleServer, dir: &Path, case: &Case, tally: &Mutex<Tally>) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    for (path, text) in &case.files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let mut args: Vec<String> = vec!["-I.".into()];
    args.extend(case.roots.iter().map(|r| format!("-I{}", r.display())));
    args.extend(
        [
            "--include_imports",
            "--include_source_info",
            "--error_format=gcc",
        ]
        .map(String::from),
    );
    let theirs_out = dir.join("protoc.pb");
    let ours_out = dir.join("protogen.pb");
    let mut a = args.clone();
    a.push(format!("-o{}", theirs_out.display()));
    a.extend(case.inputs.iter().cloned());
    let theirs = server.run(dir, &a);
    let mut b = args;
    b.push(format!("-o{}", ours_out.display()));
    b.extend(case.inputs.iter().cloned());
    let ours = Command::new(env!("CARGO_BIN_EXE_protogen"))
        .arg("compile")
        .args(&b)
        .current_dir(dir)
        .output()
        .unwrap();
    let ours_err = String::from_utf8_lossy(&ours.stderr).into_owned();
    let mut t = tally.lock().unwrap();
    t.cases += 1;
    let Some(code) = theirs.code else {
        // protoc itself aborted: the verdict is a rejection.
        t.protoc_crashed += 1;
        if ours.status.success() {
            t.verdict.push(format!(
                "{}: protoc aborted, protogen accepted ({})",
                case.name, case.what
            ));
        }
        return;
    };
    let problem = |kind: &str| -> String {
        let keep = repo().join("target/generative").join(&case.name);
        let _ = std::fs::remove_dir_all(&keep);
        std::fs::create_dir_all(&keep).unwrap();
        for (path, text) in &case.files {
            let p = keep.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        std::fs::write(keep.join("protoc.stderr"), &theirs.stderr).unwrap();
        std::fs::write(keep.join("protogen.stderr"), &ours_err).unwrap();
        std::fs::write(
            keep.join("command"),
            format!("{}\n{}\n", case.inputs.join(" "), case.what),
        )
        .unwrap();
        format!("{}: {kind} ({}) [{}]", case.name, case.what, keep.display())
    };
    match (code == 0, ours.status.success()) {
        (true, true) => {
            t.accepted += 1;
            let x = std::fs::read(&theirs_out).unwrap();
            let y = std::fs::read(&ours_out).unwrap();
            if x != y {
                let msg = problem(&format!(
                    "descriptor sets differ, {}",
                    common::first_difference(&x, &y)
                ));
                t.bytes.push(msg);
            }
        }
        (false, false) => {
            t.rejected += 1;
            if t.rejected_samples.len() < 10 {
                // Kept on disk like a divergence: for a generated set it is a generator defect.
                let at = problem("rejected by protoc");
                t.rejected_samples
                    .push(format!("{}: {at}", first_error(&theirs.stderr)));
            }
            let (x, y) = (first_error(&theirs.stderr), first_error(&ours_err));
            // protoc's position for an element it has no location for (a
            // synthesized map entry's field) can come from stale entries of
            // its location table, which depend on the heap of the process
            // that ran it: the long-lived server's answer is checked
            // against a protoc of its own before it counts as a difference.
            if x != y && fresh_first_error(dir, &a) != y {
                let msg = problem(&format!(
                    "first error differs:\n    protoc:   {x}\n    protogen: {y}"
                ));
                t.first_line.push(msg);
            }
        }
        (true, false) => {
            let msg = problem(&format!(
                "protogen rejects what protoc accepts: {}",
                first_error(&ours_err)
            ));
            t.verdict.push(msg);
        }
        (false, true) => {
            let msg = problem(&format!(
                "protogen accepts what protoc rejects: {}",
                first_error(&theirs.stderr)
            ));
            t.verdict.push(msg);
        }
    }
}

/// Runs `cases` on two threads, each with its own reference protoc.
fn run_all(tag: &str, count: usize, make: &(dyn Fn(usize) -> Case + Sync)) -> Tally {
    let tally = Mutex::new(Tally::default());
    let next = AtomicUsize::new(0);
    let root = common::scratch(tag);
    std::thread::scope(|s| {
        for w in 0..2 {
            let (tally, next, root) = (&tally, &next, &root);
            s.spawn(move || {
                let mut server = OracleServer::new();
                let dir = root.join(format!("w{w}"));
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= count {
                        break;
                    }
                    run_case(&mut server, &dir, &make(i), tally);
                }
            });
        }
    });
    let _ = std::fs::remove_dir_all(&root);
    tally.into_inner().unwrap()
}

fn report(tag: &str, t: &Tally) -> String {
    let mut s = format!(
        "{tag}: {} cases, protoc accepted {}, both rejected {} (protoc aborted on {}); \
         {} verdict disagreements, {} descriptor differences, {} first-error-line differences",
        t.cases,
        t.accepted,
        t.rejected,
        t.protoc_crashed,
        t.verdict.len(),
        t.bytes.len(),
        t.first_line.len()
    );
    for p in t
        .verdict
        .iter()
        .chain(&t.bytes)
        .chain(&t.first_line)
        .take(40)
    {
        s.push_str("\n  ");
        s.push_str(p);
    }
    s
}

fn set_case(seed: u64) -> Case {
    let files = gen::generate(seed);
    let inputs = files.iter().map(|(p, _)| p.clone()).collect();
    Case {
        name: format!("set-{seed}"),
        files: files
            .into_iter()
            .map(|(p, t)| (p, t.into_bytes()))
            .collect(),
        inputs,
        roots: vec![],
        what: "generated set".into(),
    }
}

#[test]
fn generated_sets_match_protoc() {
    let count = env_count("PROTOGEN_GEN_SETS", 300);
    let seed = base_seed();
    let t = run_all("gen-sets", count, &|i| set_case(seed + i as u64));
    let r = report("generated sets", &t);
    println!("{r}");
    // A generated set is valid by construction; protoc rejecting one is a
    // generator defect, and the verdicts must still agree.
    assert!(
        t.rejected * 50 <= t.cases,
        "protoc rejected more than 2% of the generated sets\n{r}\nrejected:\n  {}",
        t.rejected_samples.join("\n  ")
    );
    assert!(
        t.verdict.is_empty() && t.bytes.is_empty() && t.first_line.is_empty(),
        "{r}"
    );
}

/// Valid fixtures, the mutators' other source besides generated sets; those
/// with a recorded divergence (tests/known_divergences.txt) are left out,
/// since every mutant of them would repeat it.
fn ok_fixtures() -> Vec<PathBuf> {
    let known = std::fs::read_to_string(repo().join("tests/known_divergences.txt")).unwrap();
    let known: Vec<&str> = known
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split('\t').next())
        .collect();
    let mut v: Vec<PathBuf> = std::fs::read_dir(repo().join("fixtures/ok"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "proto"))
        .filter(|p| {
            let name = format!("ok/{}", p.file_name().unwrap().to_string_lossy());
            !known.contains(&name.as_str())
        })
        .collect();
    v.sort();
    v
}

#[test]
fn mutants_match_protoc() {
    let count = env_count("PROTOGEN_GEN_MUTANTS", 1000);
    let seed = base_seed();
    let fixtures = ok_fixtures();
    let t = run_all("gen-mutants", count, &|i| {
        let mut rng = gen::rng::Rng::new(seed.wrapping_add(1_000_000 + i as u64));
        if i % 2 == 0 {
            // A generated set with one file mutated.
            let mut case = set_case(seed + 500_000 + i as u64);
            let k = rng.below(case.files.len());
            let text = String::from_utf8(case.files[k].1.clone()).unwrap();
            let m = gen::mutate::mutate(&text, &mut rng);
            case.files[k].1 = m.text.into_bytes();
            case.name = format!("mutant-{i}");
            case.what = format!("{}: {}", case.files[k].0, m.what);
            case
        } else {
            let path = &fixtures[rng.below(fixtures.len())];
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(path).unwrap();
            let m = gen::mutate::mutate(&text, &mut rng);
            Case {
                name: format!("mutant-{i}"),
                files: vec![(name.clone(), m.text.into_bytes())],
                inputs: vec![name.clone()],
                roots: vec![repo().join("fixtures/common")],
                what: format!("fixtures/ok/{name}: {}", m.what),
            }
        }
    });
    let r = report("mutants", &t);
    println!("{r}");
    // The first error line must match on at least 99% of rejected mutants.
    assert!(t.verdict.is_empty() && t.bytes.is_empty(), "{r}");
    assert!(t.first_line.len() * 100 <= t.rejected, "{r}");
}

/// The generator reaches every construct the differential test relies on:
/// over the sets the CI run compares, each of these appears in some
/// generated file (a generator change that drops one fails here, rather
/// than leaving the construct silently untested). The files are searched
/// with comments and whitespace removed, since the emitter scatters both.
#[test]
fn generated_sets_cover_the_grammar() {
    let seed = base_seed();
    let count = env_count("PROTOGEN_GEN_SETS", 300);
    let mut text = String::new();
    for i in 0..count {
        for (_, t) in gen::generate(seed + i as u64) {
            text.push_str(&squeeze(&t));
            text.push('\n');
        }
    }
    let constructs = [
        ("proto2", "syntax=\"proto2\""),
        ("proto3", "syntax=\"proto3\""),
        ("edition 2023", "edition=\"2023\""),
        ("edition 2024", "edition=\"2024\""),
        ("public import", "importpublic"),
        ("weak import", "importweak"),
        ("option import", "importoption"),
        ("map field", "map<"),
        ("group", "group"),
        ("oneof", "oneof"),
        ("extension range", "extensions"),
        ("extension declaration", "declaration={"),
        ("declaration verification", "verification=DECLARATION"),
        ("unverified range", "verification=UNVERIFIED"),
        ("reserved declaration", "reserved:true"),
        ("reserved to max", "tomax"),
        ("streaming method", "(stream"),
        ("message or enum json_format", "features.json_format"),
        ("naming-style feature", "features.enforce_naming_style"),
        ("language feature on a message", "nest_in_file_class"),
        ("enum language feature", "enum_name_uses_string_view"),
        ("STRICT visibility", "default_symbol_visibility=STRICT"),
        ("STRICT enum namespace", "reserved1tomax;"),
        ("export", "exportmessage"),
        ("local", "localmessage"),
        ("Any expansion", "[type.googleapis.com/"),
    ];
    let missing: Vec<&str> = constructs
        .iter()
        .filter(|(_, spelling)| !text.contains(spelling))
        .map(|(what, _)| *what)
        .collect();
    assert!(
        missing.is_empty(),
        "{count} generated sets never contain: {}",
        missing.join(", ")
    );
}

/// `text` without comments and whitespace (string literals are kept as
/// they are, comment markers inside them included).
fn squeeze(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' | b'\'' => {
                let q = b[i];
                out.push(q);
                i += 1;
                while i < b.len() && b[i] != q && b[i] != b'\n' {
                    if b[i] == b'\\' && i + 1 < b.len() {
                        out.push(b[i]);
                        i += 1;
                    }
                    out.push(b[i]);
                    i += 1;
                }
                if i < b.len() {
                    out.push(b[i]);
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i < b.len() && !(b[i] == b'*' && b.get(i + 1) == Some(&b'/')) {
                    i += 1;
                }
                i += 2;
            }
            c if c.is_ascii_whitespace() => i += 1,
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
