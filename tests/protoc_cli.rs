//! protogen as a drop-in protoc: the same command lines run through protoc
//! 35.1 and through protogen, comparing exit status, stdout, stderr and
//! every file written.
//!
//! Covered: the plugin host (the request sent, byte for byte; insertion
//! points; archives; misbehaving plugins), real third-party plugins
//! (protoc-gen-mypy from PyPI, protoc-gen-prost from crates.io),
//! --encode/--decode/--decode_raw, --dependency_out,
//! --print_free_field_numbers, --descriptor_set_in, the dependency
//! restrictions and protoc's command-line errors.

mod common;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn cli_dir() -> PathBuf {
    common::repo().join("fixtures/cli")
}

fn proto_dir() -> String {
    cli_dir().join("proto").display().to_string()
}

/// PATH with the test plugins and the installed third-party plugins first.
fn plugin_path() -> String {
    let mut dirs = vec![common::repo().join("tests/plugins")];
    dirs.push(tools_bin());
    let old = std::env::var("PATH").unwrap_or_default();
    let joined: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
    format!("{}:{old}", joined.join(":"))
}

/// Where scripts/test.sh installs protoc-gen-prost.
fn tools_bin() -> PathBuf {
    std::env::var_os("PROTOGEN_TOOLS_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| common::repo().join("target/tools/bin"))
}

/// What one run did.
#[derive(Debug, PartialEq)]
struct Run {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
    /// Every file under the scratch directory afterwards.
    files: BTreeMap<String, Vec<u8>>,
}

/// Runs `cmd` in a fresh scratch directory (with `setup` applied to it first).
fn run(
    mut cmd: Command,
    args: &[String],
    env: &[(&str, &str)],
    stdin: &[u8],
    setup: &dyn Fn(&Path),
) -> Run {
    let dir = common::scratch("run");
    setup(&dir);
    let before = common::tree(&dir);
    cmd.current_dir(&dir)
        .args(args)
        .env("PATH", plugin_path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let mut files = common::tree(&dir);
    files.retain(|k, v| before.get(k) != Some(v));
    let _ = std::fs::remove_dir_all(&dir);
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        files,
    }
}

fn protogen_gcc() -> Command {
    let mut c = common::protogen();
    c.arg("--error_format=gcc");
    c
}

/// Runs the command line through both compilers.
fn both(args: &[String], env: &[(&str, &str)], stdin: &[u8], setup: &dyn Fn(&Path)) -> (Run, Run) {
    let expected = run(common::oracle(), args, env, stdin, setup);
    let actual = run(protogen_gcc(), args, env, stdin, setup);
    (expected, actual)
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| s.to_string()).collect()
}

fn no_setup(_: &Path) {}

fn describe(r: &Run) -> String {
    format!(
        "exit {}\n--- stderr ---\n{}--- files ---\n{}",
        r.code,
        r.stderr,
        r.files.keys().cloned().collect::<Vec<_>>().join("\n")
    )
}

/// Asserts that protogen did exactly what protoc did.
fn assert_same(
    what: &str,
    args: &[String],
    env: &[(&str, &str)],
    stdin: &[u8],
    setup: &dyn Fn(&Path),
) -> Run {
    let (expected, actual) = both(args, env, stdin, setup);
    compare(what, expected, actual)
}

/// Like [`assert_same`] over many files, where protoc's unused-import
/// warnings come in hash order within a file: stderr compared line by line
/// as a multiset.
fn assert_same_any_warning_order(
    what: &str,
    args: &[String],
    env: &[(&str, &str)],
    setup: &dyn Fn(&Path),
) -> Run {
    let (mut expected, mut actual) = both(args, env, b"", setup);
    let sorted = |s: &str| {
        let mut l: Vec<&str> = s.lines().collect();
        l.sort();
        l.join("\n")
    };
    expected.stderr = sorted(&expected.stderr);
    actual.stderr = sorted(&actual.stderr);
    compare(what, expected, actual)
}

fn compare(what: &str, expected: Run, actual: Run) -> Run {
    assert_eq!(
        expected.code,
        actual.code,
        "{what}: exit status\nprotoc: {}\nprotogen: {}",
        describe(&expected),
        describe(&actual)
    );
    assert_eq!(expected.stderr, actual.stderr, "{what}: stderr");
    assert!(
        expected.stdout == actual.stdout,
        "{what}: stdout differs\nprotoc:\n{}\nprotogen:\n{}",
        String::from_utf8_lossy(&expected.stdout),
        String::from_utf8_lossy(&actual.stdout)
    );
    let names = |r: &Run| r.files.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&expected), names(&actual), "{what}: files written");
    for (name, bytes) in &expected.files {
        assert!(
            &actual.files[name] == bytes,
            "{what}: {name} differs: {}",
            common::first_difference(bytes, &actual.files[name])
        );
    }
    actual
}

fn inputs() -> Vec<String> {
    strings(&[
        "shop/catalog.proto",
        "shop/legacy.proto",
        "opts/record.proto",
    ])
}

#[test]
fn plugin_requests_are_protocs() {
    let mut args = vec![
        format!("-I{}", proto_dir()),
        "--probe_out=.".into(),
        "--probe_opt=a=1,b".into(),
        "--probe_opt=c".into(),
    ];
    args.extend(inputs());
    let r = assert_same(
        "request dump",
        &args,
        &[("PROBE", "dump=request.bin")],
        b"",
        &no_setup,
    );
    assert!(
        r.files["request.bin"].len() > 1000,
        "the request was written"
    );

    // The bootstrap parameter leaves source info and JSON names out.
    let mut args = vec![
        format!("-I{}", proto_dir()),
        "--probe_out=bootstrap:.".into(),
    ];
    args.extend(inputs());
    assert_same(
        "bootstrap request",
        &args,
        &[("PROBE", "dump=request.bin")],
        b"",
        &no_setup,
    );
}

#[test]
fn plugin_requests_over_the_corpus() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    for (list, roots, files) in corpus_lists(&corpus) {
        let mut args: Vec<String> = roots.iter().map(|r| format!("-I{r}")).collect();
        args.push("--probe_out=.".into());
        args.extend(files);
        let env = [("PROBE", "dump=request.bin")];
        let what = format!("request for {list}");
        let r = assert_same_any_warning_order(&what, &args, &env, &no_setup);
        assert!(!r.files["request.bin"].is_empty());
    }
}

#[test]
fn misbehaving_plugins() {
    // (probe actions, input) — each must end as it ends under protoc.
    let cases: &[(&str, &str)] = &[
        ("files", "shop/catalog.proto"),
        ("exit=3", "shop/catalog.proto"),
        ("signal", "shop/catalog.proto"),
        ("garbage", "shop/catalog.proto"),
        ("noread", "shop/catalog.proto"),
        ("twice", "shop/catalog.proto"),
        ("escape", "shop/catalog.proto"),
        ("noname", "shop/catalog.proto"),
        ("badinsert", "shop/catalog.proto"),
        ("badpoint", "shop/catalog.proto"),
        ("error=the generator gave up", "shop/catalog.proto"),
        ("features=0", "shop/catalog.proto"),
        ("features=1", "opts/record.proto"),
        ("features=3,min=1000,max=1000", "opts/record.proto"),
        ("features=3,min=1001,max=1001", "opts/record.proto"),
        ("features=3,min=998,max=999", "opts/record.proto"),
    ];
    for (probe, input) in cases {
        let args = strings(&[
            &format!("-I{}", proto_dir()),
            "--probe_out=out",
            "-o",
            "set.pb",
            input,
        ]);
        let setup = |d: &Path| std::fs::create_dir_all(d.join("out")).unwrap();
        let r = assert_same(probe, &args, &[("PROBE", probe)], b"", &setup);
        if r.code != 0 {
            assert!(
                r.files.is_empty(),
                "{probe}: a failed run wrote {:?}",
                r.files.keys()
            );
        }
    }
    // A plugin that is not there, by PATH and by --plugin.
    for flag in [
        "--absent_out=out",
        "--plugin=protoc-gen-absent=./nowhere/protoc-gen-absent",
    ] {
        let args = strings(&[
            &format!("-I{}", proto_dir()),
            flag,
            "--absent_out=out",
            "shop/money.proto",
        ]);
        assert_same(flag, &args, &[], b"", &no_setup);
    }
    // Absolute output names: protoc writes them under the output directory;
    // protogen refuses them, and writes nothing.
    let args = strings(&[
        &format!("-I{}", proto_dir()),
        "--probe_out=out",
        "shop/money.proto",
    ]);
    let setup = |d: &Path| std::fs::create_dir_all(d.join("out")).unwrap();
    let r = run(
        protogen_gcc(),
        &args,
        &[("PROBE", "absolute,files")],
        b"",
        &setup,
    );
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("(/tmp/absolute.txt)"), "{}", r.stderr);
    assert!(r.files.is_empty());
}

#[test]
fn outputs_to_directories_and_archives() {
    let dir = proto_dir();
    for out in ["out", "gen.zip", "gen.jar", "gen.srcjar"] {
        let args = strings(&[
            &format!("-I{dir}"),
            &format!("--probe_out={out}"),
            "shop/catalog.proto",
            "shop/legacy.proto",
        ]);
        let setup = |d: &Path| std::fs::create_dir_all(d.join("out")).unwrap();
        let r = assert_same(out, &args, &[("PROBE", "files")], b"", &setup);
        assert!(!r.files.is_empty(), "{out}: nothing written");
    }
    // Two plugins into one directory, a third elsewhere, parameters both ways.
    let probe = common::repo()
        .join("tests/plugins/protoc-gen-probe")
        .display()
        .to_string();
    let args = strings(&[
        &format!("-I{dir}"),
        &format!("--plugin=protoc-gen-other={probe}"),
        "--probe_out=x=1:out",
        "--other_out=out2",
        "--other_opt=dump=other.bin",
        "shop/catalog.proto",
    ]);
    let setup = |d: &Path| {
        std::fs::create_dir_all(d.join("out")).unwrap();
        std::fs::create_dir_all(d.join("out2")).unwrap();
    };
    assert_same("several plugins", &args, &[("PROBE", "files")], b"", &setup);
    // A missing output directory.
    let args = strings(&[
        &format!("-I{dir}"),
        "--probe_out=missing/dir",
        "shop/money.proto",
    ]);
    assert_same(
        "missing directory",
        &args,
        &[("PROBE", "files")],
        b"",
        &no_setup,
    );
}

/// protoc-gen-mypy (mypy-protobuf, PyPI) and protoc-gen-prost (crates.io)
/// run by both compilers over the same inputs.
#[test]
fn third_party_plugins() {
    for plugin in ["protoc-gen-mypy", "protoc-gen-prost"] {
        let found = std::env::split_paths(&plugin_path()).any(|d| d.join(plugin).is_file());
        assert!(
            found,
            "{plugin} is not installed; scripts/test.sh installs it"
        );
    }
    let setup = |d: &Path| {
        std::fs::create_dir_all(d.join("gen/py")).unwrap();
        std::fs::create_dir_all(d.join("gen/rs")).unwrap();
    };
    let i = format!("-I{}", proto_dir());
    let mut mypy = strings(&[&i, "--mypy_out=gen/py", "--mypy_grpc_out=gen/py"]);
    mypy.extend(inputs());
    let r = assert_same("mypy", &mypy, &[], b"", &setup);
    assert!(
        r.files.contains_key("gen/py/shop/catalog_pb2.pyi"),
        "{:?}",
        r.files.keys()
    );
    // prost has no editions support; it gets the proto2 and proto3 files.
    // Named with --plugin, the plugin runs, not protogen's built-in prost.
    let prost_plugin = format!(
        "--plugin=protoc-gen-prost={}",
        tools_bin().join("protoc-gen-prost").display()
    );
    let prost = strings(&[
        &i,
        &prost_plugin,
        "--prost_out=gen/rs",
        "--prost_opt=compile_well_known_types,file_descriptor_set",
        "shop/catalog.proto",
        "shop/legacy.proto",
    ]);
    let r = assert_same("prost", &prost, &[], b"", &setup);
    assert!(
        r.files.contains_key("gen/rs/shop/shop.rs"),
        "{:?}",
        r.files.keys()
    );

    let Some(corpus) = common::corpus() else {
        return;
    };
    for (list, roots, files) in corpus_lists(&corpus) {
        // mypy-protobuf 5.1.0 itself fails on googleapis (a file there uses
        // its deprecated casttype option); the request test covers that tree.
        if list == "googleapis" {
            continue;
        }
        let mut args: Vec<String> = roots.iter().map(|r| format!("-I{r}")).collect();
        args.push("--mypy_out=gen/py".into());
        if matches!(list.as_str(), "grpc-proto" | "opentelemetry") {
            args.push(prost_plugin.clone());
            args.push("--prost_out=gen/rs".into());
        }
        args.extend(files);
        let r = assert_same_any_warning_order(&format!("plugins over {list}"), &args, &[], &setup);
        assert!(!r.files.is_empty(), "{list}: nothing generated");
    }
}

/// A build step as a Makefile writes it: generated code, a self-contained
/// descriptor set and a make dependency file, in one invocation.
#[test]
fn makefile_invocation() {
    let dir = proto_dir();
    let args = strings(&[
        "--proto_path",
        &dir,
        "--mypy_out=build/py",
        "--prost_out=build/rs",
        "--descriptor_set_out=build/catalog.pb",
        "--include_imports",
        "--include_source_info",
        "--dependency_out=build/catalog.d",
        &format!("{dir}/shop/catalog.proto"),
    ]);
    let setup = |d: &Path| {
        std::fs::create_dir_all(d.join("build/py")).unwrap();
        std::fs::create_dir_all(d.join("build/rs")).unwrap();
    };
    // The dependency file names the well-known types where protoc found
    // them (its own include directory); protogen builds them in, so the
    // input here imports only files on disk.
    let expected = run(common::oracle(), &args, &[], b"", &setup);
    let actual = run(protogen_gcc(), &args, &[], b"", &setup);
    assert_eq!(
        (expected.code, &expected.stderr),
        (actual.code, &actual.stderr)
    );
    let keys = |r: &Run| r.files.keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&expected), keys(&actual));
    for (name, bytes) in &expected.files {
        if name.ends_with(".d") {
            // protoc lists the generators' outputs in the iteration order
            // of a hash table keyed by output location (protogen: in flag
            // order), so the outputs before the descriptor set (the last
            // target) are compared as a set; the prerequisites keep their
            // order.
            let wkt_free = |b: &[u8]| {
                let mut tokens = String::from_utf8_lossy(b)
                    .split_whitespace()
                    .map(|t| t.trim_end_matches('\\').to_string())
                    .filter(|t| !t.is_empty() && !t.contains("grpc_tools"))
                    .collect::<Vec<_>>();
                let last_target = tokens.iter().position(|t| t.ends_with(':'));
                if let Some(n) = last_target {
                    tokens[..n].sort();
                }
                tokens
            };
            assert_eq!(wkt_free(bytes), wkt_free(&actual.files[name]), "{name}");
        } else {
            assert!(bytes == &actual.files[name], "{name} differs");
        }
    }
    // Without well-known types the dependency file is protoc's, byte for byte.
    let args = strings(&[
        "-I",
        &dir,
        "--probe_out=out",
        "-o",
        "set.pb",
        "--dependency_out=deps.d",
        "shop/legacy.proto",
    ]);
    let setup = |d: &Path| std::fs::create_dir_all(d.join("out")).unwrap();
    let r = assert_same("dependency file", &args, &[("PROBE", "files")], b"", &setup);
    assert!(r.files.contains_key("deps.d"));
}

/// The text documents of fixtures/cli/messages: `# proto-file:` and
/// `# proto-message:` name the type.
fn documents(dir: &str) -> Vec<(String, String, String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(cli_dir().join(dir))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    paths.sort();
    for p in paths {
        let text = std::fs::read(&p).unwrap();
        let s = String::from_utf8_lossy(&text).into_owned();
        let header = |key: &str| {
            s.lines()
                .find_map(|l| l.strip_prefix(key).map(|v| v.trim().to_string()))
                .unwrap_or_else(|| panic!("{}: no {key}", p.display()))
        };
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        out.push((
            name,
            header("# proto-file:"),
            header("# proto-message:"),
            text,
        ));
    }
    out
}

#[test]
fn encode_decode_round_trips() {
    let dir = proto_dir();
    let mut encoded = 0;
    for (name, file, ty, text) in documents("messages") {
        let enc = strings(&[&format!("-I{dir}"), &format!("--encode={ty}"), &file]);
        let r = assert_same(&format!("encode {name}"), &enc, &[], &text, &no_setup);
        let mut det = enc.clone();
        det.push("--deterministic_output".into());
        assert_same(
            &format!("encode --deterministic_output {name}"),
            &det,
            &[],
            &text,
            &no_setup,
        );
        if r.code != 0 {
            assert!(
                name.starts_with("bad_"),
                "{name} failed to encode: {}",
                r.stderr
            );
            continue;
        }
        encoded += 1;
        let dec = strings(&[&format!("-I{dir}"), &format!("--decode={ty}"), &file]);
        let d = assert_same(&format!("decode {name}"), &dec, &[], &r.stdout, &no_setup);
        assert_same(
            &format!("decode_raw {name}"),
            &strings(&["--decode_raw"]),
            &[],
            &r.stdout,
            &no_setup,
        );
        // What decode printed encodes to bytes that decode to the same text
        // (map entries come back sorted, so the bytes may differ).
        let again = assert_same(
            &format!("re-encode {name}"),
            &enc,
            &[],
            &d.stdout,
            &no_setup,
        );
        let d2 = assert_same(
            &format!("re-decode {name}"),
            &dec,
            &[],
            &again.stdout,
            &no_setup,
        );
        assert_eq!(
            d.stdout, d2.stdout,
            "{name}: text round trip changed the message"
        );
        // Bytes with unknown fields, a cut-short tail and a bad tag.
        let mut unknown = r.stdout.clone();
        unknown.extend_from_slice(&[
            0xf8, 0x3f, 0x05, 0x8d, 0x40, 1, 2, 3, 4, 0x92, 0x40, 0x02, 0x08, 0x01,
        ]);
        assert_same(
            &format!("decode unknowns {name}"),
            &dec,
            &[],
            &unknown,
            &no_setup,
        );
        assert_same(
            &format!("decode_raw unknowns {name}"),
            &strings(&["--decode_raw"]),
            &[],
            &unknown,
            &no_setup,
        );
        let cut = &r.stdout[..r.stdout.len() - 1];
        assert_same(
            &format!("decode truncated {name}"),
            &dec,
            &[],
            cut,
            &no_setup,
        );
        assert_same(
            &format!("decode bad tag {name}"),
            &dec,
            &[],
            &[0x07, 0x01],
            &no_setup,
        );
    }
    assert!(encoded >= 4, "only {encoded} documents encoded");
    // protobuf's own test messages, from the corpus.
    let Some(corpus) = common::corpus() else {
        return;
    };
    let root = format!("-I{}", corpus.join("protobuf").display());
    let docs = documents("corpus-messages");
    assert!(docs.len() >= 2);
    for (name, file, ty, text) in docs {
        let enc = strings(&[&root, &format!("--encode={ty}"), &file]);
        let r = assert_same(&format!("encode {name}"), &enc, &[], &text, &no_setup);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        let dec = strings(&[&root, &format!("--decode={ty}"), &file]);
        assert_same(&format!("decode {name}"), &dec, &[], &r.stdout, &no_setup);
        let raw = strings(&["--decode_raw"]);
        assert_same(
            &format!("decode_raw {name}"),
            &raw,
            &[],
            &r.stdout,
            &no_setup,
        );
    }
}

#[test]
fn free_field_numbers_and_restrictions() {
    let dir = proto_dir();
    let i = format!("-I{dir}");
    let cases: Vec<Vec<String>> = vec![
        strings(&[&i, "--print_free_field_numbers", "shop/catalog.proto", "shop/legacy.proto", "opts/record.proto"]),
        strings(&[&i, "-o", "x.pb", "--direct_dependencies=shop/money.proto", "shop/catalog.proto"]),
        strings(&[&i, "-o", "x.pb", "--direct_dependencies=shop/money.proto:google/protobuf/timestamp.proto:google/protobuf/any.proto", "shop/catalog.proto"]),
        strings(&[&i, "-o", "x.pb", "--direct_dependencies=", "--direct_dependencies_violation_msg=%s is not allowed", "shop/catalog.proto"]),
        strings(&[&i, "-o", "x.pb", "--option_dependencies=other.proto", "opts/record.proto"]),
        strings(&[&i, "-o", "x.pb", "--option_dependencies=opts/annotations.proto", "opts/record.proto"]),
        strings(&[&i, "-o", "x.pb", "--disallow_services", "shop/catalog.proto"]),
    ];
    for args in cases {
        assert_same(&args.join(" "), &args, &[], b"", &no_setup);
    }
}

#[test]
fn descriptor_set_in() {
    let dir = proto_dir();
    // A set made by protoc, read back by both, with and without -I.
    let setup = |d: &Path| {
        let status = common::oracle()
            .current_dir(d)
            .args([
                &format!("-I{dir}"),
                "--include_imports",
                "--include_source_info",
                "-o",
                "in.pb",
                "shop/catalog.proto",
                "opts/record.proto",
            ])
            .status()
            .unwrap();
        assert!(status.success());
    };
    let cases: Vec<Vec<String>> = vec![
        strings(&[
            "--descriptor_set_in=in.pb",
            "-o",
            "out.pb",
            "shop/catalog.proto",
        ]),
        strings(&[
            "--descriptor_set_in=in.pb",
            "-o",
            "out.pb",
            "--include_imports",
            "--include_source_info",
            "shop/catalog.proto",
            "opts/record.proto",
        ]),
        strings(&[
            "--descriptor_set_in=in.pb",
            "-o",
            "out.pb",
            "--retain_options",
            "opts/record.proto",
        ]),
        strings(&[
            "--descriptor_set_in=in.pb",
            "--probe_out=.",
            "shop/catalog.proto",
        ]),
        strings(&[
            "--descriptor_set_in=in.pb",
            "-I.",
            "-o",
            "out.pb",
            "shop/catalog.proto",
        ]),
        strings(&[
            "--descriptor_set_in=in.pb",
            "--print_free_field_numbers",
            "shop/catalog.proto",
        ]),
        strings(&[
            "--descriptor_set_in=in.pb",
            "-o",
            "out.pb",
            "not/there.proto",
        ]),
        strings(&[
            "--descriptor_set_in=missing.pb",
            "-o",
            "out.pb",
            "shop/catalog.proto",
        ]),
    ];
    for args in cases {
        assert_same(
            &args.join(" "),
            &args,
            &[("PROBE", "dump=request.bin,files")],
            b"",
            &setup,
        );
    }
    let enc = strings(&[
        "--descriptor_set_in=in.pb",
        "--encode=shop.Item",
        "shop/catalog.proto",
    ]);
    let text = std::fs::read(cli_dir().join("messages/item.txtpb")).unwrap();
    assert_same("encode from a descriptor set", &enc, &[], &text, &setup);
}

#[test]
fn command_line_errors() {
    let dir = proto_dir();
    let i = format!("-I{dir}");
    // A file on disk outside every root, named by an absolute path.
    let outside = common::repo().join("fixtures/ok/agg_any_expansion_nested_in_message.proto");
    let outside = outside.display().to_string();
    let parent = format!("-I{}", cli_dir().display());
    let cases: Vec<Vec<String>> = vec![
        strings(&[]),
        strings(&[&i, "-o", "a.pb", &outside]),
        strings(&["-I.", "-o", "a.pb", &outside]),
        strings(&[&i, "-o", "a.pb", &dir]),
        strings(&[&parent, "-o", "a.pb", &dir]),
        strings(&[&i, "shop/money.proto"]),
        strings(&[&i, "-o"]),
        strings(&[&i, "--decode"]),
        strings(&[&i, "--decode="]),
        strings(&[&i, "--bogus_flag", "x"]),
        strings(&[&i, "--x_opt=1", "-o", "a.pb", "shop/money.proto"]),
        strings(&[&i, "--decode_raw", "shop/money.proto"]),
        strings(&[&i, "--decode_raw=x"]),
        strings(&[
            &i,
            "--encode=shop.Money",
            "--decode=shop.Money",
            "shop/money.proto",
        ]),
        strings(&[&i, "--encode=shop.Money", "-o", "a.pb", "shop/money.proto"]),
        strings(&[&i, "-o", "a.pb", "--encode=shop.Money", "shop/money.proto"]),
        strings(&[&i, "--encode=shop.Nope", "shop/money.proto"]),
        strings(&[
            &i,
            "--deterministic_output",
            "-o",
            "a.pb",
            "shop/money.proto",
        ]),
        strings(&[
            &i,
            "--dependency_out=d",
            "--encode=shop.Money",
            "shop/money.proto",
        ]),
        strings(&[
            &i,
            "--dependency_out=d",
            "-o",
            "a.pb",
            "shop/money.proto",
            "shop/legacy.proto",
        ]),
        strings(&[&i, "-o", "a.pb", "-o", "b.pb", "shop/money.proto"]),
        strings(&[
            &i,
            "--include_imports",
            "--include_imports",
            "-o",
            "a.pb",
            "shop/money.proto",
        ]),
        strings(&[&i, "--error_format=xml", "-o", "a.pb", "shop/money.proto"]),
        strings(&[&i, "--include_imports", "--probe_out=.", "shop/money.proto"]),
        strings(&[
            &i,
            "--print_free_field_numbers",
            "-o",
            "a.pb",
            "shop/money.proto",
        ]),
        strings(&[
            &i,
            "-o",
            "a.pb",
            "--print_free_field_numbers",
            "shop/money.proto",
        ]),
        strings(&["-Inowhere", &i, "-o", "a.pb", "shop/money.proto"]),
        strings(&[&i, "-o", "a.pb", "missing.proto"]),
        strings(&[
            &i,
            "--direct_dependencies=a",
            "--direct_dependencies=b",
            "-o",
            "a.pb",
            "shop/money.proto",
        ]),
        strings(&[
            &i,
            "--descriptor_set_in=a:b",
            "--descriptor_set_in=c",
            "-o",
            "a.pb",
            "shop/money.proto",
        ]),
        strings(&[
            &i,
            "--dependency_out=d",
            "--descriptor_set_in=a",
            "-o",
            "a.pb",
            "shop/money.proto",
        ]),
        strings(&["@args.txt"]),
        strings(&["@missing-args.txt"]),
        strings(&[
            &i,
            "--experimental_allow_proto3_optional",
            "--fatal_warnings",
            "-o",
            "a.pb",
            "shop/money.proto",
        ]),
    ];
    let setup = |d: &Path| {
        std::fs::write(
            d.join("args.txt"),
            format!("-I\n{dir}\n--descriptor_set_out=from-args.pb\nshop/money.proto\n"),
        )
        .unwrap();
    };
    for args in cases {
        // The usage text is protogen's own; the rest is protoc's.
        if args.is_empty() {
            let r = run(common::protogen(), &args, &[], b"", &no_setup);
            assert_eq!(r.code, 0);
            assert!(String::from_utf8_lossy(&r.stdout).contains("--descriptor_set_in=FILES"));
            continue;
        }
        assert_same(&format!("{args:?}"), &args, &[], b"", &setup);
    }
}

/// Each corpus list compiled in one invocation: (name, include roots, files).
/// protobuf-ruby's files define the same symbols and are left to the
/// per-file descriptor tests.
fn corpus_lists(corpus: &Path) -> Vec<(String, Vec<String>, Vec<String>)> {
    ["googleapis", "grpc-proto", "opentelemetry", "protobuf"]
        .into_iter()
        .map(|name| {
            let list = common::read_list(corpus, name);
            let roots = list
                .roots
                .iter()
                .map(|r| corpus.join(r).display().to_string())
                .collect();
            (name.to_string(), roots, list.files)
        })
        .collect()
}

/// `-o` naming something that is not a regular file (a pipe here; `/dev/null`
/// in build scripts) writes into it and leaves it what it was.
#[test]
fn descriptor_set_out_to_a_pipe() {
    use std::os::unix::fs::FileTypeExt;
    let dir = common::scratch("pipe");
    let fifo = dir.join("out.pb");
    let status = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(status.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).unwrap())
    };
    let out = common::protogen()
        .arg(format!("-I{}", proto_dir()))
        .arg("-o")
        .arg(&fifo)
        .arg("shop/money.proto")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = reader.join().unwrap();
    assert!(!bytes.is_empty());
    assert!(
        std::fs::metadata(&fifo).unwrap().file_type().is_fifo(),
        "the pipe was replaced"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// What protogen adds to protoc's command line: one version text, a hint
/// for protoc's arguments given without `compile`, the built-in generators
/// in the usage text, and a note when protoc's other built-in generators
/// are asked for.
#[test]
fn protogen_command_line() {
    let bare = || Command::new(env!("CARGO_BIN_EXE_protogen"));
    let top = run(bare(), &strings(&["--version"]), &[], b"", &no_setup);
    let compile = run(
        common::protogen(),
        &strings(&["--version"]),
        &[],
        b"",
        &no_setup,
    );
    assert_eq!((top.code, compile.code), (0, 0));
    assert_eq!(top.stdout, compile.stdout, "one version text");
    assert!(String::from_utf8_lossy(&top.stdout).starts_with("libprotoc 35.1 (protogen "));

    let dir = proto_dir();
    let i = format!("-I{dir}");
    let protoc_style = run(
        bare(),
        &strings(&[&i, "shop/money.proto"]),
        &[],
        b"",
        &no_setup,
    );
    assert_eq!(protoc_style.code, 2, "{}", protoc_style.stderr);
    assert!(
        protoc_style
            .stderr
            .contains(&format!("protogen compile {i} shop/money.proto")),
        "{}",
        protoc_style.stderr
    );

    let help = run(
        common::protogen(),
        &strings(&["--help"]),
        &[],
        b"",
        &no_setup,
    );
    let help = String::from_utf8_lossy(&help.stdout).into_owned();
    for g in [
        "--python_out",
        "--pyi_out",
        "--grpc_python_out",
        "grpc_1_0",
        "pyi_out",
    ] {
        assert!(help.contains(g), "--help lists {g}:\n{help}");
    }

    let cpp = run(
        common::protogen(),
        &strings(&[&i, "--cpp_out=out", "shop/money.proto"]),
        &[],
        b"",
        &no_setup,
    );
    assert_eq!(cpp.code, 1);
    assert!(
        cpp.stderr.contains("protoc-gen-cpp: program not found")
            && cpp.stderr.contains(
                "note: protoc's built-in C++ generator (--cpp_out) is not part of protogen, which builds in python, pyi, grpc_python"
            ),
        "{}",
        cpp.stderr
    );
    assert!(cpp.files.is_empty(), "nothing written");
}

/// `protogen completions SHELL` prints a script naming the subcommands.
#[test]
fn shell_completions() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let r = Command::new(env!("CARGO_BIN_EXE_protogen"))
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(r.status.success(), "{shell}");
        let script = String::from_utf8_lossy(&r.stdout);
        for sub in ["compile", "plugin", "completions"] {
            assert!(script.contains(sub), "{shell} completes {sub}");
        }
    }
}
