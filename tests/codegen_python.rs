//! The Python generator against protoc 35.1's: every generated file byte
//! for byte, over the fixtures and the corpus; and the generated modules
//! loaded by the real protobuf Python runtime.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// Generates with protoc's built-in generator (`flags`) and with
/// protogen's — built in, and as a plugin under protoc in both ways in
/// (by program name, and `protogen` with `lang=`) — and returns the
/// number of files and the names that differ in any of them.
fn generate_both(
    cwd: &Path,
    roots: &[String],
    files: &[String],
    flags: &[&str],
    tag: &str,
) -> (usize, Vec<String>) {
    let flags: Vec<String> = flags.iter().map(|s| s.to_string()).collect();
    let expected = common::codegen::generate(
        common::oracle(),
        cwd,
        roots,
        files,
        &flags,
        &format!("{tag}-protoc"),
    );
    let mut differing = common::codegen::differences(
        &expected,
        &common::codegen::generate(
            common::protogen(),
            cwd,
            roots,
            files,
            &flags,
            &format!("{tag}-protogen"),
        ),
    );
    differing.extend(common::codegen::as_plugin(
        env!("CARGO_BIN_EXE_protogen"),
        cwd,
        roots,
        files,
        &flags,
        tag,
        &expected,
    ));
    (expected.len(), differing)
}

fn cli_proto_dir() -> String {
    common::repo()
        .join("fixtures/cli/proto")
        .display()
        .to_string()
}

fn cli_inputs() -> Vec<String> {
    [
        "shop/catalog.proto",
        "shop/legacy.proto",
        "shop/money.proto",
        "opts/record.proto",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// Generated files known to differ from protoc's, with the reason. Empty:
/// every corpus file is generated as protoc generates it.
const KNOWN_DIVERGENCES: &[(&str, &str)] = &[];

#[test]
fn python_out_matches_protoc_on_fixtures() {
    let dir = common::repo();
    let (n, differing) = generate_both(
        &dir,
        &[cli_proto_dir()],
        &cli_inputs(),
        &["--python_out=OUT", "--pyi_out=OUT", "--grpc_python_out=OUT"],
        "fixtures",
    );
    assert_eq!(n, 12);
    assert!(differing.is_empty(), "differing: {differing:?}");
    // Parameters before the directory reach the generator.
    let (_, differing) = generate_both(
        &dir,
        &[cli_proto_dir()],
        &cli_inputs(),
        &[
            "--python_out=pyi_out,annotate_code,experimental_strip_nonfunctional_codegen:OUT",
            "--grpc_python_out=grpc_2_0:OUT",
        ],
        "params",
    );
    assert!(differing.is_empty(), "differing: {differing:?}");
    let (_, differing) = generate_both(
        &dir,
        &[cli_proto_dir()],
        &cli_inputs(),
        &["--pyi_out=annotate_code,experimental_strip_nonfunctional_codegen:OUT"],
        "pyi-params",
    );
    assert!(differing.is_empty(), "differing: {differing:?}");
    // grpc_1_0: the services also inserted, with the beta API, into _pb2.py.
    let (_, differing) = generate_both(
        &dir,
        &[cli_proto_dir()],
        &cli_inputs(),
        &["--python_out=OUT", "--grpc_python_out=grpc_1_0:OUT"],
        "grpc-1-0",
    );
    assert!(differing.is_empty(), "differing: {differing:?}");
    // protoc 35.1 also takes them as --python_opt (grpcio-tools' protoc does
    // not register that flag): the same files as the PARAMS:DIR form.
    let via_opt = common::scratch("opt");
    let status = common::protogen()
        .arg(format!("-I{}", cli_proto_dir()))
        .arg(format!("--python_out={}", via_opt.display()))
        .arg("--python_opt=annotate_code")
        .args(cli_inputs())
        .status()
        .unwrap();
    assert!(status.success());
    let bad = common::protogen()
        .arg(format!("-I{}", cli_proto_dir()))
        .arg(format!("--python_out={}", via_opt.display()))
        .arg("--python_opt=no_such_option")
        .args(cli_inputs())
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("Unknown generator option: no_such_option")
    );
}

#[test]
fn python_out_matches_protoc_on_the_corpus() {
    let Some(corpus) = common::corpus() else {
        println!("PROTOGEN_CORPUS not set: corpus comparison not run");
        return;
    };
    assert!(
        corpus.join("lists").is_dir(),
        "PROTOGEN_CORPUS has no lists/"
    );
    let mut total = 0;
    let mut known = 0;
    for list in [
        "googleapis",
        "grpc-proto",
        "opentelemetry",
        "protobuf",
        "protobuf-ruby",
    ] {
        let common::CorpusList { roots, files } = common::read_list(&corpus, list);
        // protobuf-ruby's files define the same names: one at a time.
        let batches: Vec<Vec<String>> = if list == "protobuf-ruby" {
            files.iter().map(|f| vec![f.clone()]).collect()
        } else {
            vec![files]
        };
        for (i, batch) in batches.iter().enumerate() {
            let (n, differing) = generate_both(
                &corpus,
                &roots,
                batch,
                &["--python_out=OUT", "--pyi_out=OUT", "--grpc_python_out=OUT"],
                &format!("{list}-{i}"),
            );
            total += n;
            for d in differing {
                let file = d.split(' ').next().unwrap_or("");
                assert!(
                    KNOWN_DIVERGENCES.iter().any(|(k, _)| *k == file),
                    "{list}: {d} differs from protoc's"
                );
                if !d.contains("[plugin") {
                    known += 1;
                }
            }
        }
    }
    println!(
        "python_out, pyi_out and grpc_python_out: {} of {total} generated corpus files identical to protoc's ({known} known divergences)",
        total - known
    );
    assert!(total > 14000);
}

/// The generated modules run: the real protobuf runtime imports them, builds
/// messages from the text documents of fixtures/cli, and its encoding is
/// what protoc --encode writes.
#[test]
fn generated_modules_run_under_the_protobuf_runtime() {
    let out = common::scratch("runtime");
    let status = common::protogen()
        .arg(format!("-I{}", cli_proto_dir()))
        .arg(format!("--python_out={}", out.display()))
        .args(cli_inputs())
        .status()
        .unwrap();
    assert!(status.success());
    let docs = common::repo().join("fixtures/cli/messages");
    let script = r#"
import importlib, sys
from google.protobuf import text_format
import os
import google.protobuf
out, docs = sys.argv[1], sys.argv[2:]
sys.path.insert(0, out)
# Generated google/protobuf/* test modules join the installed package.
google.protobuf.__path__.insert(0, os.path.join(out, 'google', 'protobuf'))
for path in docs:
    text = open(path).read()
    header = dict(l[2:].split(': ', 1) for l in text.splitlines() if l.startswith('# proto-'))
    module = importlib.import_module(header['proto-file'][:-len('.proto')].replace('/', '.') + '_pb2')
    name = header['proto-message'].rsplit('.', 1)[-1]
    cls = getattr(module, name)
    msg = cls()
    text_format.Parse(text, msg, allow_unknown_extension=False)
    data = msg.SerializePartialToString()
    back = cls()
    back.ParseFromString(data)
    assert back == msg, path
    print(path, data.hex())
"#;
    let good: Vec<PathBuf> = std::fs::read_dir(&docs)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with("bad_"))
        .collect();
    let run = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&out)
        .args(&good)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert_eq!(stdout.lines().count(), good.len(), "{stdout}");
    for line in stdout.lines() {
        let (path, hex) = line.rsplit_once(' ').unwrap();
        let text = std::fs::read_to_string(path).unwrap();
        let header = |k: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(k))
                .unwrap()
                .trim()
                .to_string()
        };
        let encoded = common::oracle()
            .arg(format!("-I{}", cli_proto_dir()))
            .arg(format!("--encode={}", header("# proto-message:")))
            .arg(header("# proto-file:"))
            .stdin(std::fs::File::open(path).unwrap())
            .output()
            .unwrap();
        let expected: String = encoded.stdout.iter().map(|b| format!("{b:02x}")).collect();
        // Maps may serialize in another order; the runtime's own round trip
        // was checked above, so compare only documents without maps.
        if !text.contains(" key:") {
            assert_eq!(
                hex, expected,
                "{path}: runtime encoding differs from protoc --encode"
            );
        }
    }
    // protobuf's own test messages (proto2 and proto3), from the corpus.
    if let Some(corpus) = common::corpus() {
        let status = common::protogen()
            .arg(format!("-I{}", corpus.join("protobuf").display()))
            .arg(format!("--python_out={}", out.display()))
            .args([
                "google/protobuf/test_messages_proto3.proto",
                "google/protobuf/test_messages_proto2.proto",
            ])
            .status()
            .unwrap();
        assert!(status.success());
        let docs: Vec<PathBuf> =
            std::fs::read_dir(common::repo().join("fixtures/cli/corpus-messages"))
                .unwrap()
                .flatten()
                .map(|e| e.path())
                .collect();
        let run = Command::new("python3")
            .arg("-c")
            .arg(script)
            .arg(&out)
            .args(&docs)
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "python failed: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&run.stdout).lines().count(),
            docs.len()
        );
    }
    let _ = std::fs::remove_dir_all(&out);
}

/// A real gRPC server and client in Python on loopback, using only
/// protogen-generated code: unary, server-, client- and bidi-streaming
/// calls, a deadline, an error status; with the corpus, grpc.health.v1 too.
#[test]
fn grpc_server_and_client_run_on_generated_stubs() {
    let out = common::scratch("grpc");
    let corpus = common::corpus();
    let mut cmd = common::protogen();
    cmd.arg(format!("-I{}", cli_proto_dir()))
        .arg(format!("--python_out={}", out.display()))
        .arg(format!("--grpc_python_out={}", out.display()))
        .args(["shop/catalog.proto", "shop/money.proto"]);
    if let Some(c) = &corpus {
        cmd.arg(format!("-I{}", c.join("grpc-proto").display()))
            .arg("grpc/health/v1/health.proto");
    }
    let status = cmd.status().unwrap();
    assert!(status.success());
    let script = common::repo().join("tests/python/grpc_roundtrip.py");
    let mut py = Command::new("python3");
    py.arg(&script).arg(&out);
    if corpus.is_some() {
        py.arg("health");
    }
    let run = py.output().unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success() && stdout.starts_with("OK"),
        "gRPC round trip failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    if corpus.is_some() {
        assert!(stdout.contains("with health"));
    }
    let _ = std::fs::remove_dir_all(&out);
}

/// Plugin mode answers a malformed or unusable request with an error in the
/// response (exit status 0, as plugins report errors), never a crash.
#[test]
fn plugin_mode_reports_bad_requests_in_the_response() {
    use std::io::Write;
    let cases: &[(&[&str], &[u8], &str)] = &[
        (
            &["plugin"],
            b"\xff\xff\xff\xff",
            "does not hold a CodeGeneratorRequest",
        ),
        (&["plugin"], b"", "no generator chosen"),
        // parameter "lang=cobol"
        (
            &["plugin"],
            b"\x12\x0alang=cobol",
            "no generator named \"cobol\"; built in: python, pyi, grpc_python",
        ),
        // a file to generate that the request does not carry
        (
            &["plugin"],
            b"\x0a\x07x.proto\x12\x0blang=python",
            "x.proto",
        ),
    ];
    for (args, input, expected) in cases {
        let mut child = Command::new(env!("CARGO_BIN_EXE_protogen"))
            .args(*args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(input).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{expected}: exit {:?}", out.status);
        let response =
            protogen::plugin::CodeGeneratorResponse::decode(&out.stdout).expect("a response");
        // protoc checks the declared support even of a response with an
        // error; declaring none would hide the error behind another.
        assert_ne!(
            response.supported_features, 0,
            "{expected}: features declared"
        );
        assert!(
            response.maximum_edition.is_some(),
            "{expected}: editions declared"
        );
        let error = response.error.unwrap_or_default();
        assert!(
            error.contains(expected),
            "expected {expected:?} in {error:?}"
        );
    }
}
