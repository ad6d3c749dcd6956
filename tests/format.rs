//! `protogen format` against `buf format` (buf 1.75, npm @bufbuild/buf,
//! installed by scripts/test.sh): byte-identical output on every corpus
//! file (with PROTOGEN_CORPUS), on every accepted fixture, and on
//! thousands of mutants whose whitespace and comments are scrambled by a
//! seeded generator; formatting twice changes nothing; and the command
//! line (`-w`, `-d`, `-o`, `--exit-code`) behaves as buf's.
//!
//! `PROTOGEN_FORMAT_MUTANTS=N` and `PROTOGEN_FORMAT_SEED=S` run any number
//! of mutants from any seed; divergences are kept under
//! target/format-divergences/ with buf's and protogen's output.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{buf, corpus, repo, scratch, tree};

fn protogen() -> Command {
    Command::new(env!("CARGO_BIN_EXE_protogen"))
}

fn run(mut c: Command) -> Output {
    c.output().unwrap()
}

/// Formats directory `dir` into `out` with the given tool; panics on failure.
fn format_dir(mut tool: Command, dir: &Path, out: &Path) {
    let o = run({
        tool.arg("format").arg(dir).arg("-o").arg(out);
        tool
    });
    assert!(
        o.status.success(),
        "format {} failed: {}",
        dir.display(),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Both tools' output trees for `dir`; returns the file count and the
/// names whose output differs.
fn compare_dir(dir: &Path, tag: &str) -> (usize, Vec<String>, BTreeMap<String, Vec<u8>>) {
    let (a, b) = (
        scratch(&format!("{tag}-buf")),
        scratch(&format!("{tag}-ours")),
    );
    format_dir(buf(), dir, &a);
    format_dir(protogen(), dir, &b);
    let (theirs, ours) = (tree(&a), tree(&b));
    assert_eq!(
        theirs.keys().collect::<Vec<_>>(),
        ours.keys().collect::<Vec<_>>(),
        "{}: the same files written",
        dir.display()
    );
    let differ = theirs
        .iter()
        .filter(|(k, v)| ours.get(*k) != Some(v))
        .map(|(k, _)| k.clone())
        .collect();
    (theirs.len(), differ, ours)
}

/// Formatting protogen's output again gives buf's bytes for the same (buf
/// is not idempotent everywhere: it re-spaces block comments it made from
/// line comments); returns how many files changed on the second pass.
fn assert_second_pass(files: &BTreeMap<String, Vec<u8>>, tag: &str) -> usize {
    let dir = scratch(&format!("{tag}-again"));
    for (name, bytes) in files {
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    let (_, differ, again) = compare_dir(&dir, &format!("{tag}-again"));
    assert!(
        differ.is_empty(),
        "{tag}: second pass differs from buf's: {differ:?}"
    );
    files
        .iter()
        .filter(|(k, v)| again.get(*k) != Some(v))
        .count()
}

#[test]
fn corpus_identical_to_buf() {
    let Some(corpus) = corpus() else {
        println!("PROTOGEN_CORPUS unset: corpus formatting left out");
        return;
    };
    let (mut total, mut moved) = (0, 0);
    for root in ["googleapis", "protobuf", "grpc-proto", "opentelemetry"] {
        let (n, differ, ours) = compare_dir(&corpus.join(root), &format!("corpus-{root}"));
        assert!(
            differ.is_empty(),
            "{root}: {} of {n} differ from buf: {:?}",
            differ.len(),
            &differ[..differ.len().min(10)]
        );
        moved += assert_second_pass(&ours, root);
        total += n;
    }
    println!("format corpus: {total} files byte-identical to buf format; formatted again, {moved} change, as buf's do");
}

/// The accepted fixtures, each on its own (buf formats a directory only
/// when every file in it parses).
fn fixture_files() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = ["fixtures/ok", "fixtures/format"]
        .iter()
        .flat_map(|d| std::fs::read_dir(repo().join(d)).unwrap().flatten())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "proto"))
        .collect();
    out.sort();
    out
}

/// Fixtures buf reads differently from protoc's grammar, which protogen
/// follows (README, Known differences): text-format `#` comments, which
/// protogen keeps as `//` comments and buf turns into fields.
const BUF_MISREADS: &[&str] = &[
    "agg_comments_inside.proto",
    "custom_options_aggregate_separators.proto",
];

#[test]
fn fixtures_identical_to_buf() {
    let dir = scratch("format-fixtures");
    let mut n = 0;
    for f in fixture_files() {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        if BUF_MISREADS.contains(&name.as_str()) {
            continue;
        }
        std::fs::copy(&f, dir.join(&name)).unwrap();
        n += 1;
    }
    let (total, differ, ours) = compare_dir(&dir, "fixtures");
    assert_eq!(total, n);
    assert!(differ.is_empty(), "fixtures differing from buf: {differ:?}");
    let moved = assert_second_pass(&ours, "fixtures");
    // The format fixtures' output, for review.
    for (name, bytes) in &ours {
        if repo().join("fixtures/format").join(name).exists() {
            insta::assert_snapshot!(format!("format__{name}"), String::from_utf8_lossy(bytes));
        }
    }
    for name in BUF_MISREADS {
        let o = run({
            let mut c = protogen();
            c.arg("format").arg(repo().join("fixtures/ok").join(name));
            c
        });
        assert!(
            o.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let text = String::from_utf8_lossy(&o.stdout);
        assert!(
            text.contains("a text-format comment") && !text.contains("# a text-format"),
            "{name}: `#` comments kept, as `//`"
        );
        insta::assert_snapshot!(format!("format__{name}"), text);
    }
    println!("format fixtures: {n} files byte-identical to buf format ({moved} change when formatted again, as buf's do)");
}

/// A small seeded generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A piece of a file: whitespace, a comment, or anything else (a token).
#[derive(PartialEq, Clone, Copy)]
enum Piece {
    Space,
    LineComment,
    Comment,
    Token,
}

fn pieces(text: &str) -> Vec<(Piece, &str)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        let kind = if b[i].is_ascii_whitespace() {
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            Piece::Space
        } else if text[i..].starts_with("//") {
            i = text[i..].find('\n').map_or(b.len(), |n| i + n);
            Piece::LineComment
        } else if text[i..].starts_with("/*") {
            i = text[i + 2..].find("*/").map_or(b.len(), |n| i + n + 4);
            Piece::Comment
        } else if b[i] == b'"' || b[i] == b'\'' {
            let q = b[i];
            i += 1;
            while i < b.len() && b[i] != q && b[i] != b'\n' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i = (i + 1).min(b.len());
            Piece::Token
        } else if b[i].is_ascii_digit()
            || b[i] == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit)
        {
            // A number, exponent sign included.
            i += 1;
            while i < b.len()
                && (b[i].is_ascii_alphanumeric()
                    || b[i] == b'_'
                    || b[i] == b'.'
                    || (b[i] == b'+' || b[i] == b'-') && matches!(b[i - 1], b'e' | b'E'))
            {
                i += 1;
            }
            Piece::Token
        } else if b[i].is_ascii_alphanumeric() || b[i] == b'_' {
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            Piece::Token
        } else {
            i += text[i..].chars().next().unwrap().len_utf8();
            Piece::Token
        };
        out.push((kind, &text[start..i]));
    }
    out
}

/// Comments and whitespace to put between two tokens; `{}` is a counter.
const INSERTS: &[&str] = &[
    " ",
    "\n",
    "\n\n",
    "\n\n\n",
    "\t",
    " // trailing {}\n",
    "// leading {}\n",
    "\n// detached {}\n\n",
    "/* block {} */",
    " /* block {} */ ",
    "\n/* own line {} */\n",
    "\n/*\n * starred {}\n * second line\n */\n",
    "/* first {}\n      indented\n   less\n*/",
    "//\n",
    "/**/",
    "// ends */ with {}\n",
    "\n\n// one {}\n// two\n\n// three\n",
    "  /* a {} */ /* b */\n",
];

/// Scrambles the whitespace and comments between the tokens of `text`.
fn mutate(text: &str, rng: &mut Rng) -> String {
    let ps = pieces(text);
    let mut out = String::new();
    let mut counter = 0;
    let rate = 2 + rng.below(12);
    for (i, &(kind, s)) in ps.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| ps[j]);
        match kind {
            Piece::Space if rng.below(rate) == 0 => {
                // Squash to one space or none, unless a line comment ends
                // here or two words would join.
                let after_line = prev.is_some_and(|p| p.0 == Piece::LineComment);
                let next = ps.get(i + 1).map(|p| p.1).unwrap_or("");
                let word = |c: Option<char>| {
                    c.is_some_and(|c| c.is_ascii_alphanumeric() || "_.\"'".contains(c))
                };
                let joins = word(prev.and_then(|p| p.1.chars().last()))
                    && word(next.chars().next())
                    || prev.is_some_and(|p| p.1.ends_with('/') || p.1.ends_with('*'))
                    || next.starts_with('/')
                    || next.starts_with('*');
                if after_line || s.contains('\n') && rng.below(2) == 0 {
                    out.push_str(if after_line { "\n" } else { " " });
                } else if joins {
                    out.push(' ');
                } else {
                    out.push_str(if rng.below(2) == 0 { " " } else { "" });
                }
                continue;
            }
            Piece::Token if i > 0 && rng.below(rate) == 0 => {
                let after_line = prev.is_some_and(|p| p.0 == Piece::LineComment);
                let glue = prev.is_some_and(|p| p.0 == Piece::Token && p.1.ends_with('/'));
                if !after_line && !glue {
                    counter += 1;
                    let ins = INSERTS[rng.below(INSERTS.len())].replace("{}", &counter.to_string());
                    out.push_str(&ins);
                }
            }
            _ => {}
        }
        out.push_str(s);
    }
    out
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .map_or(default, |v| v.parse().expect("a number"))
}

#[test]
fn mutants_identical_to_buf() {
    let count = env_number("PROTOGEN_FORMAT_MUTANTS", 3000) as usize;
    let seed = env_number("PROTOGEN_FORMAT_SEED", 1);
    let mut sources: Vec<(String, String)> = fixture_files()
        .iter()
        .filter(|f| !BUF_MISREADS.contains(&f.file_name().unwrap().to_str().unwrap()))
        .map(|f| {
            (
                f.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(f).unwrap(),
            )
        })
        .collect();
    if let Some(corpus) = corpus() {
        // A deterministic sample of corpus files: every 40th listed one.
        for root in ["googleapis", "protobuf", "grpc-proto", "opentelemetry"] {
            let list = common::read_list(&corpus, root);
            for f in list.files.iter().step_by(40) {
                let text = std::fs::read_to_string(corpus.join(root).join(f)).unwrap();
                if text.len() < 200_000 {
                    sources.push((f.replace('/', "_"), text));
                }
            }
        }
    }
    let dir = scratch("format-mutants");
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    for i in 0..count {
        let (name, text) = &sources[rng.below(sources.len())];
        std::fs::write(dir.join(format!("m{i:05}_{name}")), mutate(text, &mut rng)).unwrap();
    }
    let (total, differ, ours) = compare_dir(&dir, "mutants");
    assert_eq!(total, count);
    if !differ.is_empty() {
        let keep = repo().join("target/format-divergences");
        let _ = std::fs::create_dir_all(&keep);
        let buf_out = scratch("mutants-buf-again");
        format_dir(buf(), &dir, &buf_out);
        for name in &differ {
            let _ = std::fs::copy(dir.join(name), keep.join(name));
            let _ = std::fs::copy(buf_out.join(name), keep.join(format!("{name}.buf")));
            let _ = std::fs::write(keep.join(format!("{name}.protogen")), &ours[name]);
        }
        panic!(
            "{} of {count} mutants (seed {seed}) differ from buf; kept in {}: {:?}",
            differ.len(),
            keep.display(),
            &differ[..differ.len().min(10)]
        );
    }
    let moved = assert_second_pass(&ours, "mutants");
    println!(
        "format mutants: {count} (seed {seed}, {} sources) byte-identical to buf format ({moved} change when formatted again, as buf's do)",
        sources.len()
    );
}

/// The command line: standard output, `-o FILE`, `-w`, `-d` (timestamps
/// aside), `--exit-code`, and a syntax error.
#[test]
fn command_line_as_buf() {
    let ws = scratch("format-cli");
    std::fs::create_dir_all(ws.join("a")).unwrap();
    std::fs::write(
        ws.join("a/x.proto"),
        "syntax = \"proto3\";\npackage x;\nmessage   A { string  b = 1; }\n",
    )
    .unwrap();
    std::fs::write(ws.join("a/y.proto"), "syntax = \"proto3\";\n\npackage y;\n").unwrap();
    let both = |args: &[&str]| {
        let go = |mut c: Command| {
            c.current_dir(&ws).arg("format").args(args);
            run(c)
        };
        (go(protogen()), go(buf()))
    };
    let strip_stamps = |o: &[u8]| {
        String::from_utf8_lossy(o)
            .lines()
            .map(|l| match l.split_once('\t') {
                Some((head, _)) if l.starts_with("--- ") || l.starts_with("+++ ") => {
                    head.to_string()
                }
                _ => l.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    for args in [
        &["a"][..],
        &["a/x.proto"],
        &["a", "-d"],
        &["a", "-d", "--exit-code"],
        &["a", "--exit-code"],
        &["a/y.proto", "--exit-code"],
        &["a", "--path", "a/y.proto"],
        &["a", "-w", "-o", "out"],
    ] {
        let (ours, theirs) = both(args);
        assert_eq!(
            ours.status.code(),
            theirs.status.code(),
            "format {args:?}: exit code"
        );
        assert_eq!(
            strip_stamps(&ours.stdout),
            strip_stamps(&theirs.stdout),
            "format {args:?}: output"
        );
    }
    // -o into a file, then -w in place: the same bytes as buf's.
    for (tool, tag) in [(protogen(), "ours"), (buf(), "buf")] {
        let mut c = tool;
        c.current_dir(&ws)
            .args(["format", "a", "-o", &format!("{tag}.proto")]);
        assert!(run(c).status.success());
    }
    assert_eq!(
        std::fs::read(ws.join("ours.proto")).unwrap(),
        std::fs::read(ws.join("buf.proto")).unwrap()
    );
    let copy = |tag: &str| {
        let d = ws.join(tag);
        std::fs::create_dir_all(&d).unwrap();
        for f in ["x.proto", "y.proto"] {
            std::fs::copy(ws.join("a").join(f), d.join(f)).unwrap();
        }
        d
    };
    let (wo, wb) = (copy("w-ours"), copy("w-buf"));
    assert_eq!(
        run({
            let mut c = protogen();
            c.args(["format", "-w"]).arg(&wo);
            c
        })
        .status
        .code(),
        Some(0)
    );
    assert_eq!(
        run({
            let mut c = buf();
            c.args(["format", "-w"]).arg(&wb);
            c
        })
        .status
        .code(),
        Some(0)
    );
    assert_eq!(tree(&wo), tree(&wb));
    // A file that does not parse: no output, exit code as buf's, and a
    // failure naming the file, line and column.
    std::fs::write(ws.join("a/z.proto"), "syntax = \"proto3\";\nmessage {\n").unwrap();
    let (ours, theirs) = both(&["a"]);
    assert_eq!(
        ours.status.code(),
        theirs.status.code(),
        "syntax error: exit code"
    );
    assert!(ours.stdout.is_empty());
    let err = String::from_utf8_lossy(&ours.stderr);
    assert!(err.starts_with("Failure: a/z.proto:2:"), "{err}");
}

/// Deep nesting: 1,500 nested messages formatted as buf formats them, and
/// far deeper (12,000 levels of messages, and of message values) formatted
/// without running out of stack. buf keeps only the first 100 or so
/// levels of a message value, so those are not compared.
#[test]
fn deep_nesting() {
    let dir = scratch("format-deep");
    let nested = |depth: usize, inner: &str| {
        format!(
            "{}{inner}{}",
            "message N { ".repeat(depth),
            "}".repeat(depth)
        )
    };
    let shallow = dir.join("shallow.proto");
    let text = format!(
        "syntax = \"proto2\";\n{}\n",
        nested(1500, "optional int32 x = 1;")
    );
    std::fs::write(&shallow, text).unwrap();
    let (ours, theirs) = (
        run({
            let mut c = protogen();
            c.arg("format").arg(&shallow);
            c
        }),
        run({
            let mut c = buf();
            c.arg("format").arg(&shallow);
            c
        }),
    );
    assert!(ours.status.success() && theirs.status.success());
    assert!(
        ours.stdout == theirs.stdout,
        "1,500 nested messages: not buf's layout"
    );
    let depth = 12_000;
    let deep = dir.join("deep.proto");
    let text = format!(
        "syntax = \"proto2\";\nimport \"google/protobuf/descriptor.proto\";\n\
         extend google.protobuf.FileOptions {{ optional M m = 5000; }}\n\
         message M {{ optional M a = 1; }}\noption (m) = {}{{}}{};\n{}\n",
        "{a ".repeat(depth),
        "}".repeat(depth),
        nested(depth, "")
    );
    std::fs::write(&deep, text).unwrap();
    let out = run({
        let mut c = protogen();
        c.arg("format").arg(&deep);
        c
    });
    assert!(
        out.status.success(),
        "{depth} levels: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = out.stdout.iter().filter(|&&b| b == b'\n').count();
    assert!(lines > 4 * depth, "{depth} levels: only {lines} lines out");
}
