//! Hostile inputs: deep nesting, huge counts, very long lines. The compiler
//! must answer each with diagnostics (protoc's, where protoc has a limit),
//! never with a crash, a stack overflow or an internal error. Sizes are large
//! on purpose; nothing here measures time — linearity is checked through
//! structure (one diagnostic per mistake, bounded output per diagnostic), and
//! `bench/scaling.sh` measures the times.

mod common;

use std::path::Path;
use std::process::Output;

const PROTO2: &str = "syntax = \"proto2\";\n";

/// protogen on `file` in `dir`, with `args` before the file name.
fn protogen(dir: &Path, args: &[&str], file: &str) -> Output {
    common::protogen()
        .current_dir(dir)
        .args(["-I.", "-o", "/dev/null"])
        .args(args)
        .arg(file)
        .output()
        .unwrap()
}

/// Its stderr, after checking that it ended as a compiler should: exit code
/// 0 or 1, no panic, no stack overflow, no internal error.
fn clean_stderr(out: &Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    let code = out.status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "exit {code:?}, stderr starts: {}",
        &err[..err.len().min(500)]
    );
    for bad in ["panicked", "overflowed its stack", "internal error"] {
        assert!(!err.contains(bad), "{bad}: {}", &err[..err.len().min(500)]);
    }
    err
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}

/// The first line protoc prints for `file` in `dir` (gcc format).
fn oracle_first_line(dir: &Path, file: &str) -> String {
    let out = common::oracle()
        .current_dir(dir)
        .args(["-I.", "--error_format=gcc", "-o", "/dev/null", file])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    let line = err
        .lines()
        .find(|l| !l.starts_with("WARNING"))
        .unwrap_or("");
    line.to_string()
}

/// `n` messages, each nested in the one before, closed or not.
fn nested_messages(n: usize, closed: bool) -> String {
    let mut s = String::from(PROTO2);
    for i in 0..n {
        s += &format!("message M{i} {{\n");
    }
    if closed {
        s += &"}\n".repeat(n);
    }
    s
}

/// A message holding `n` groups, each nested in the one before.
fn nested_groups(n: usize, closed: bool) -> String {
    let mut s = format!("{PROTO2}message M {{\n");
    for i in 0..n {
        s += &format!("optional group G{i} = 1 {{\n");
    }
    if closed {
        s += &"}\n".repeat(n + 1);
    }
    s
}

#[test]
fn nesting_limits_match_protoc() {
    let dir = common::scratch("hostile-limits");
    let cases = [
        ("m31.proto", nested_messages(31, true), None),
        ("m32.proto", nested_messages(32, true), Some(":33:1: ")),
        (
            "m40_open.proto",
            nested_messages(40, false),
            Some(":33:1: "),
        ),
        ("g30.proto", nested_groups(30, true), None),
        ("g31.proto", nested_groups(31, true), Some(": ")),
    ];
    for (name, text, position) in cases {
        std::fs::write(dir.join(name), text).unwrap();
        let out = protogen(&dir, &["--error_format=gcc"], name);
        let err = clean_stderr(&out);
        let ours = first_line(&err);
        assert_eq!(ours, oracle_first_line(&dir, name), "{name}");
        match position {
            None => assert!(out.status.success(), "{name}: {err}"),
            Some(pos) => assert_eq!(
                ours,
                format!("{name}{pos}Reached maximum recursion limit for nested messages.")
            ),
        }
    }
}

/// Every nesting shape at 100,000 levels: one clean error, the expected one.
#[test]
fn deep_nesting_never_overflows() {
    let dir = common::scratch("hostile-deep");
    let n = 100_000;
    let options = format!(
        "{PROTO2}import \"google/protobuf/descriptor.proto\";\n\
         message R {{ optional R r = 1; optional int32 x = 2; }}\n\
         extend google.protobuf.FileOptions {{ optional R ro = 5000; }}\n"
    );
    let limit = "Reached maximum recursion limit for nested messages.";
    let shapes: Vec<(&str, String, &str)> = vec![
        ("messages", nested_messages(n, true), limit),
        ("messages_open", nested_messages(n, false), limit),
        ("groups", nested_groups(n, true), limit),
        (
            "groups_open",
            nested_groups(n, false),
            "Reached end of input in message definition (missing '}').",
        ),
        (
            "enum_inside",
            nested_messages(n, true).replacen("}\n", "enum E { A = 0; }\n}\n", 1),
            limit,
        ),
        (
            "aggregate",
            format!(
                "{options}option (ro) = {{{}x: 1{}}};\n",
                "r { ".repeat(n),
                " }".repeat(n)
            ),
            "the parser exceeded the configured recursion limit of 100.",
        ),
        (
            "aggregate_angle",
            format!(
                "{options}option (ro) = {{{}x: 1{}}};\n",
                "r < ".repeat(n),
                " >".repeat(n)
            ),
            "the parser exceeded the configured recursion limit of 100.",
        ),
        (
            "aggregate_open",
            format!("{options}option (ro) = {{{}", "r { ".repeat(n)),
            "Unexpected end of stream while parsing aggregate value.",
        ),
        (
            "braces",
            format!("{PROTO2}{}", "{".repeat(n)),
            "Expected top-level statement",
        ),
        (
            "parens",
            format!("{PROTO2}{}", "(".repeat(n)),
            "Expected top-level statement",
        ),
        (
            "brackets",
            format!("{PROTO2}{}", "[".repeat(n)),
            "Expected top-level statement",
        ),
        (
            "option_brackets",
            format!(
                "{PROTO2}message M {{ optional int32 x = 1 [{}]; }}\n",
                "[".repeat(n)
            ),
            "Expected identifier.",
        ),
    ];
    for (name, text, expected) in shapes {
        let file = format!("{name}.proto");
        std::fs::write(dir.join(&file), text).unwrap();
        let out = protogen(&dir, &["--error_format=gcc"], &file);
        let err = clean_stderr(&out);
        assert!(!out.status.success(), "{name} accepted");
        assert!(
            first_line(&err).contains(expected),
            "{name}: {}",
            first_line(&err)
        );
    }
}

/// `--encode`, `--decode` and `--decode_raw` on input nested 100,000 deep.
#[test]
fn deep_codec_input_never_overflows() {
    let dir = common::scratch("hostile-codec");
    std::fs::write(
        dir.join("r.proto"),
        format!("{PROTO2}message R {{ optional R r = 1; optional int32 x = 2; }}\n"),
    )
    .unwrap();
    let n = 100_000;
    let run = |args: &[&str], input: Vec<u8>| {
        use std::io::Write;
        let mut child = common::protogen()
            .current_dir(&dir)
            .args(["-I."])
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(&input).unwrap();
        child.wait_with_output().unwrap()
    };
    let text = format!("{}x: 1{}", "r { ".repeat(n), " }".repeat(n)).into_bytes();
    let out = run(&["--encode=R", "r.proto"], text);
    assert!(clean_stderr(&out).contains("recursion limit of 100"));

    // Groups (field 1, start and end tags) and submessages (field 1, LEN)
    // nested 100,000 deep: protoc's binary parser gives up past 100 levels.
    let groups = [vec![0x0b; n], vec![0x0c; n]].concat();
    let mut sub = vec![0x10, 0x01];
    for _ in 0..n {
        let mut len = Vec::new();
        protogen::descriptor::wire::put_varint(&mut len, sub.len() as u64);
        sub = [vec![0x0a], len, sub].concat();
    }
    for input in [groups, sub.clone()] {
        for args in [&["--decode=R", "r.proto"][..], &["--decode_raw"][..]] {
            let out = run(args, input.clone());
            let err = clean_stderr(&out);
            if !out.status.success() {
                assert_eq!(err.trim(), "Failed to parse input.", "{args:?}");
            }
        }
    }
    // protoc prints nested submessages 10 levels deep, then the rest as bytes.
    let out = run(&["--decode_raw"], sub);
    assert!(out.status.success());
    let printed = String::from_utf8_lossy(&out.stdout);
    assert_eq!(printed.lines().filter(|l| l.ends_with(" {")).count(), 10);
}

/// One error per duplicate field number, 50,000 of them.
#[test]
fn many_duplicate_numbers_one_error_each() {
    let dir = common::scratch("hostile-dups");
    let n = 50_000;
    let mut s = format!("{PROTO2}message M {{\n");
    for i in 0..n {
        s += &format!("optional int32 f{i} = 1;\n");
    }
    s += "}\n";
    std::fs::write(dir.join("d.proto"), s).unwrap();
    let err = clean_stderr(&protogen(&dir, &["--error_format=gcc"], "d.proto"));
    assert_eq!(err.lines().count(), n - 1);
    assert_eq!(
        err.lines().last().unwrap(),
        format!(
            "d.proto:{}:25: Field number 1 has already been used in \"M\" by field \"f0\". Next available field number is 2.",
            n + 2
        )
    );
}

/// 200,000 `message M {}` on one 2.6 MB line: one error per redefinition,
/// and each human report shows a bounded window of the line.
#[test]
fn long_line_reports_stay_bounded() {
    let dir = common::scratch("hostile-line");
    let n = 200_000;
    let s = format!("{PROTO2}{}\n", "message M {} ".repeat(n));
    std::fs::write(dir.join("l.proto"), s).unwrap();
    let gcc = clean_stderr(&protogen(&dir, &["--error_format=gcc"], "l.proto"));
    assert_eq!(gcc.lines().count(), n - 1);
    assert_eq!(first_line(&gcc), "l.proto:2:22: \"M\" is already defined.");
    let human = clean_stderr(&protogen(&dir, &[], "l.proto"));
    let reports = human.matches("is already defined").count();
    assert_eq!(reports, n - 1);
    let widest = human.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(widest <= 160, "a line of {widest} characters");
    assert!(human.contains('…'), "the cut line is marked");
    assert!(
        human.len() / reports < 1000,
        "{} bytes per report",
        human.len() / reports
    );
}

/// 20,000 bad escapes in one string: one error each, bounded reports.
#[test]
fn many_bad_escapes_in_one_string() {
    let dir = common::scratch("hostile-escapes");
    let n = 20_000;
    let s = format!("{PROTO2}option java_package = \"{}\";\n", "\\q".repeat(n));
    std::fs::write(dir.join("e.proto"), s).unwrap();
    let gcc = clean_stderr(&protogen(&dir, &["--error_format=gcc"], "e.proto"));
    assert_eq!(gcc.lines().count(), n);
    assert_eq!(first_line(&gcc), oracle_first_line(&dir, "e.proto"));
    let human = clean_stderr(&protogen(&dir, &[], "e.proto"));
    assert!(
        human.len() / n < 1000,
        "{} bytes per report",
        human.len() / n
    );
}

/// 20,000 references to undefined types: one error each.
#[test]
fn many_unresolved_types() {
    let dir = common::scratch("hostile-unresolved");
    let n = 20_000;
    let mut s = format!("{PROTO2}message M {{\n");
    for i in 0..n {
        s += &format!("optional T{i} f{i} = {};\n", i + 1);
    }
    s += "}\n";
    std::fs::write(dir.join("u.proto"), s).unwrap();
    let err = clean_stderr(&protogen(&dir, &["--error_format=gcc"], "u.proto"));
    let undefined = err
        .lines()
        .filter(|l| l.ends_with("is not defined."))
        .count();
    assert_eq!(undefined, n);
    assert_eq!(first_line(&err), oracle_first_line(&dir, "u.proto"));
}

/// A chain of 3,000 files, each importing the one before, and a star of
/// 3,000 files imported by one.
#[test]
fn long_import_chain_and_wide_star() {
    let dir = common::scratch("hostile-imports");
    let n = 3_000;
    let mut root = String::from("syntax = \"proto3\";\n");
    let mut fields = String::new();
    for i in 0..n {
        let (import, field) = if i == 0 {
            (String::new(), String::new())
        } else {
            (
                format!("import \"c{}.proto\";\n", i - 1),
                format!("M{} x = 1;", i - 1),
            )
        };
        let chain = format!("syntax = \"proto3\";\n{import}message M{i} {{ {field} }}\n");
        std::fs::write(dir.join(format!("c{i}.proto")), chain).unwrap();
        root += &format!("import \"c{i}.proto\";\n");
        fields += &format!(" M{i} f{i} = {};", i + 1);
    }
    root += &format!("message R {{{fields} }}\n");
    std::fs::write(dir.join("root.proto"), root).unwrap();
    let chain = protogen(&dir, &[], &format!("c{}.proto", n - 1));
    clean_stderr(&chain);
    assert!(chain.status.success());
    // The star imports every chain file directly; only the last is used
    // transitively too, so protoc-style "unused import" warnings may appear.
    let star = protogen(&dir, &["--error_format=gcc"], "root.proto");
    let err = clean_stderr(&star);
    assert!(star.status.success(), "{}", first_line(&err));
}
