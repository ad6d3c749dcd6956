//! protogen's Go code run: the generated code of the fixtures and the
//! corpus built and vetted with the Go toolchain against
//! google.golang.org/protobuf v1.36.12 and google.golang.org/grpc v1.85.0;
//! messages through the generated Go types and back, judged by the Python
//! runtime; and a grpc-go server answering a Python grpcio client.

mod common;

use std::collections::BTreeMap;
use std::process::Command;

use common::go::*;

/// The Go code of the fixtures and (with the corpus) of every corpus
/// list, each file given a package of the module `example.com/gen` (the
/// well-known types keep theirs, in google.golang.org/protobuf), built
/// with `go build` and checked with `go vet`.
#[test]
fn generated_code_builds_and_vets() {
    let module = common::scratch("go-build");
    let mut files = BTreeMap::new();
    let fixtures = go_fixtures().join("open");
    let roots = vec![".".to_string()];
    let m = m_options(
        &fixtures,
        &roots,
        "example.com/gen/fixtures",
        false,
        &|_, _| true,
    );
    files.extend(generate_module(
        &fixtures,
        &roots,
        &protos(&fixtures),
        &m,
        "go-build-fixtures",
    ));
    let mut lists = Vec::new();
    if let Some(corpus) = common::corpus() {
        for (list, per_file) in [
            ("googleapis", false),
            ("grpc-proto", false),
            ("opentelemetry", false),
            ("protobuf", true),
        ] {
            let common::CorpusList { roots, files: all } = common::read_list(&corpus, list);
            // The well-known types (and other files under google/protobuf
            // with a Go package) are the Go runtime's own; every other file
            // the list needs gets a package of the module.
            let own = |name: &str, text: &str| {
                !(name.starts_with("google/protobuf/") && has_go_package(text))
            };
            let m = m_options(
                &corpus,
                &roots,
                &format!("example.com/gen/{list}"),
                per_file,
                &own,
            );
            let mapped: std::collections::BTreeSet<String> = m
                .iter()
                .map(|o| o[1..o.find('=').unwrap()].to_string())
                .collect();
            let needed = with_imports(&corpus, &roots, &all);
            let targets: Vec<String> = needed.into_iter().filter(|f| mapped.contains(f)).collect();
            let targets = if list == "protobuf" {
                accepted(&corpus, &roots, &targets, &m)
            } else {
                targets
            };
            files.extend(generate_module(
                &corpus,
                &roots,
                &targets,
                &m,
                &format!("go-build-{list}"),
            ));
            lists.push((list, targets.len()));
        }
    } else {
        println!("PROTOGEN_CORPUS not set: only the fixtures' Go code built");
    }
    let n = files.len();
    go_module(&module, "example.com/gen", &files);
    go_run(&module, &["build", "./..."]);
    go_run(&module, &["vet", "./..."]);
    println!("go build and go vet: {n} generated files ({lists:?}) build and vet");
    let _ = std::fs::remove_dir_all(&module);
}

/// Messages of the editions fixtures (groups as delimited fields, closed
/// enums, required fields, packed and expanded repeated fields) and, with
/// the corpus, of protobuf's test_messages_proto3: encoded by the
/// Python runtime, decoded and encoded again by protogen's Go code, and
/// read back by the Python runtime unchanged.
#[test]
fn generated_code_round_trips_with_the_python_runtime() {
    let prost = common::repo().join("fixtures/codegen/prost");
    let mut roots = vec![prost.join("editions/e2023").display().to_string()];
    let mut inputs = vec!["twin2.proto".to_string(), "twin3.proto".to_string()];
    let wire = prost.join("wire");
    let mut docs = vec![wire.join("twin2.txtpb"), wire.join("twin3.txtpb")];
    if let Some(corpus) = common::corpus() {
        roots.push(corpus.join("protobuf").display().to_string());
        // (test_messages_proto2 holds a MessageSet, which Go refuses.)
        inputs.push("google/protobuf/test_messages_proto3.proto".into());
        docs.push(common::repo().join("fixtures/cli/corpus-messages/all_types_proto3.txtpb"));
    } else {
        println!("PROTOGEN_CORPUS not set: test_messages_proto3 not round-tripped");
    }
    let here = common::repo();
    let packages: Vec<String> = inputs
        .iter()
        .map(|f| {
            let stem = f
                .trim_end_matches(".proto")
                .rsplit('/')
                .next()
                .unwrap()
                .to_string();
            format!("example.com/gen/wire/{stem}")
        })
        .collect();
    let m: Vec<String> = inputs
        .iter()
        .zip(&packages)
        .map(|(f, p)| {
            let name = p.rsplit('/').next().unwrap();
            format!("M{f}={p};{name}pb")
        })
        .collect();
    let generated = generate_module(&here, &roots, &inputs, &m, "go-wire");
    let dir = common::scratch("go-wire-module");
    let main = std::fs::read_to_string(here.join("tests/go/wire.go")).unwrap();
    let program = build_program(&dir, &generated, &main, &packages);
    common::codegen::python_round_trip(&roots, &inputs, &program, &docs);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A grpc-go server built on protogen's `--go_out` and `--go-grpc_out`
/// code for examples/greeter (an edition 2024 message: the opaque API),
/// called over loopback by a Python grpcio client on protogen's
/// `--python_out` and `--grpc_python_out` code: every call shape, an
/// error status, every field of every answer.
#[test]
fn a_grpc_go_server_answers_a_python_client() {
    let here = common::repo();
    let protos = here.join("examples/greeter/proto");
    let roots = vec![protos.display().to_string()];
    let inputs = vec![
        "greet/v1/card.proto".to_string(),
        "greet/v1/greeter.proto".to_string(),
    ];
    let m = vec![
        "Mgreet/v1/card.proto=example.com/gen/greet/v1;greetv1".to_string(),
        "Mgreet/v1/greeter.proto=example.com/gen/greet/v1;greetv1".to_string(),
    ];
    let generated = generate_module(&here, &roots, &inputs, &m, "go-greeter");
    assert!(generated.contains_key("greet/v1/greeter_grpc.pb.go"));
    let dir = common::scratch("go-greeter-module");
    let main = std::fs::read_to_string(here.join("tests/go/greeter_server.go")).unwrap();
    let program = build_program(&dir, &generated, &main, &[]);
    let python = common::scratch("go-greeter-python");
    let status = common::protogen()
        .arg(format!("-I{}", protos.display()))
        .arg(format!("--python_out={}", python.display()))
        .arg(format!("--grpc_python_out={}", python.display()))
        .args(&inputs)
        .status()
        .unwrap();
    assert!(status.success());
    let mut server = Command::new(&program)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut port = String::new();
    {
        use std::io::BufRead;
        let stdout = server.stdout.as_mut().unwrap();
        std::io::BufReader::new(stdout)
            .read_line(&mut port)
            .unwrap();
    }
    let run = Command::new("python3")
        .arg(here.join("tests/python/greeter_client.py"))
        .arg(&python)
        .arg(port.trim())
        .output()
        .unwrap();
    let _ = server.kill();
    let _ = server.wait();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success() && stdout.trim() == "OK",
        "{stdout}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&python);
}
