//! The build.rs API: what it writes against what prost-build 0.14.1 and
//! tonic-prost-build 0.14.2 (with protoc 35.1) write under the same
//! settings, its errors against the CLI's, and the example crate
//! (examples/greeter) built with no protoc anywhere, run, and called by a
//! Python grpcio client.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Where the crates of these tests are built.
fn check_target() -> PathBuf {
    common::repo().join("target/rust-check")
}

/// Builds the crate at `dir` with `features`.
fn cargo_build(dir: &Path, path: Option<&str>, features: &str) {
    let mut cmd = Command::new(env!("CARGO"));
    cmd.current_dir(dir)
        .args(["build", "--quiet", "--features", features])
        .env("CARGO_TARGET_DIR", check_target())
        .env_remove("PROTOC");
    if let Some(path) = path {
        cmd.env("PATH", path);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{} does not build:\n{}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The program of tests/rust/build_oracle.rs, built against prost-build
/// (and tonic-prost-build with `features = "tonic"`) and this crate.
fn build_oracle(features: &str) -> PathBuf {
    let dir = common::scratch("build-oracle");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::copy(
        common::repo().join("tests/rust/build_oracle.rs"),
        dir.join("src/main.rs"),
    )
    .unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"build-oracle\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[dependencies]\nprost-build = \"=0.14.1\"\ntonic-prost-build = {{ version = \"=0.14.2\", optional = true }}\nprotogen = {{ path = {:?} }}\n\n[features]\ntonic = [\"dep:tonic-prost-build\"]\n\n[workspace]\n",
            common::repo().display().to_string()
        ),
    )
    .unwrap();
    cargo_build(&dir, None, features);
    let _ = std::fs::remove_dir_all(&dir);
    check_target().join("debug/build-oracle")
}

/// A `protoc` for prost-build: the reference, run through Python.
fn protoc_wrapper(dir: &Path) -> PathBuf {
    common::oracle(); // checks the version
    let path = dir.join("protoc");
    std::fs::write(
        &path,
        "#!/bin/sh\nexec python3 -m grpc_tools.protoc \"$@\"\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    path
}

/// Runs the oracle for settings set `set` of `kind` over `protos` (under
/// `includes`, relative to `cwd`); returns how many files both wrote and
/// the ones that differ.
#[allow(clippy::too_many_arguments)]
fn compare_build(
    program: &Path,
    protoc: &Path,
    scratch: &Path,
    kind: &str,
    set: usize,
    cwd: &Path,
    includes: &[String],
    protos: &[String],
) -> (usize, Vec<String>) {
    let reference = scratch.join(format!("{kind}{set}-reference"));
    let ours = scratch.join(format!("{kind}{set}-protogen"));
    for dir in [&reference, &ours] {
        let _ = std::fs::remove_dir_all(dir);
        std::fs::create_dir_all(dir).unwrap();
    }
    let out = Command::new(program)
        .current_dir(cwd)
        .arg(kind)
        .arg(set.to_string())
        .arg(&reference)
        .arg(&ours)
        .args(includes.iter().flat_map(|i| ["-I", i.as_str()]))
        .args(protos)
        .env("PROTOC", protoc)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{kind} set {set}:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected = common::tree(&reference);
    let got = common::tree(&ours);
    (
        expected.len(),
        common::codegen::differences(&expected, &got),
    )
}

/// Every settings set of the oracle, for prost and for tonic, over the
/// Rust generators' fixtures; with the corpus, the default settings over
/// grpc-proto, opentelemetry and every eighth googleapis file (their
/// proto2 and proto3 files, which prost-build reads): the same files,
/// byte for byte.
#[test]
fn build_api_writes_what_prost_build_and_tonic_prost_build_write() {
    let scratch = common::scratch("build-api");
    let protoc = protoc_wrapper(&scratch);
    let shapes = common::repo().join("fixtures/codegen/prost/shapes");
    let mut protos: Vec<String> = std::fs::read_dir(&shapes)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "proto"))
        .map(|p| p.display().to_string())
        .collect();
    protos.sort();
    let includes = [shapes.display().to_string()];
    let corpus = common::corpus();
    let mut compared = 0;
    let mut from_corpus = 0;
    for (kind, features) in [("prost", ""), ("tonic", "tonic")] {
        let program = build_oracle(features);
        for set in 0..4 {
            let (n, differing) = compare_build(
                &program, &protoc, &scratch, kind, set, &shapes, &includes, &protos,
            );
            assert!(n >= 5, "{kind} set {set}: only {n} files");
            assert!(differing.is_empty(), "{kind} set {set}: {differing:?}");
            compared += n;
        }
        let Some(corpus) = &corpus else { continue };
        for list in ["grpc-proto", "opentelemetry", "googleapis"] {
            let common::CorpusList { roots, files } = common::read_list(corpus, list);
            let step = if list == "googleapis" { 8 } else { 1 };
            let files: Vec<String> = files.into_iter().step_by(step).collect();
            let files = common::codegen::without_editions(corpus, &roots, &files);
            let (n, differing) =
                compare_build(&program, &protoc, &scratch, kind, 0, corpus, &roots, &files);
            assert!(n > 0, "{kind} over {list}: nothing written");
            assert!(differing.is_empty(), "{kind} over {list}: {differing:?}");
            from_corpus += n;
        }
    }
    if corpus.is_none() {
        println!("PROTOGEN_CORPUS not set: the build API not compared over the corpus");
    }
    println!(
        "{compared} fixture files and {from_corpus} corpus files identical to prost-build's and tonic-prost-build's"
    );
    let _ = std::fs::remove_dir_all(&scratch);
}

/// A file that does not compile: the build API's error is what
/// `protogen compile` prints, and nothing is written.
#[test]
fn build_api_errors_read_as_the_cli_prints_them() {
    let scratch = common::scratch("build-errors");
    let protos = scratch.join("protos");
    std::fs::create_dir_all(&protos).unwrap();
    std::fs::write(
        protos.join("bad.proto"),
        "syntax = \"proto3\";\nimport \"missing.proto\";\nmessage A {\n  Nope b = 1;\n  int32 c = 1;\n}\n",
    )
    .unwrap();
    let out = scratch.join("out");
    std::fs::create_dir_all(&out).unwrap();
    let include = protos.display().to_string();
    let input = protos.join("bad.proto").display().to_string();
    let err = protogen::build::Config::new()
        .out_dir(&out)
        .emit_rerun_if_changed(false)
        .compile_protos(&[&input], &[&include])
        .unwrap_err();
    let cli = common::protogen()
        .arg(format!("-I{include}"))
        .arg(format!("--prost_out={}", out.display()))
        .arg(&input)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!cli.status.success());
    let printed = String::from_utf8_lossy(&cli.stderr);
    assert!(printed.contains("missing.proto"), "{printed}");
    assert_eq!(err.to_string(), printed);
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0);
    // A bad protoc flag, and a codec that is no path, are errors too.
    let err = protogen::build::Config::new()
        .out_dir(&out)
        .protoc_arg("--no_such_flag")
        .compile_protos(&[&input], &[&include])
        .unwrap_err();
    assert!(err.to_string().contains("--no_such_flag"), "{err}");
    let err = protogen::build::tonic::configure()
        .out_dir(&out)
        .codec_path("not a path")
        .compile_protos(&[&input], &[&include])
        .unwrap_err();
    assert!(err.to_string().contains("codec_path"), "{err}");
    let _ = std::fs::remove_dir_all(&scratch);
}

/// PATH without any directory holding a `protoc`.
fn path_without_protoc() -> String {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let kept: Vec<PathBuf> = std::env::split_paths(&path)
        .filter(|d| !d.join("protoc").exists())
        .collect();
    std::env::join_paths(kept)
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

/// The example crate's build script output (its `cargo:` lines).
fn build_script_output(target: &Path) -> String {
    let build = target.join("debug/build");
    let mut newest: Option<(std::time::SystemTime, PathBuf)> = None;
    for entry in std::fs::read_dir(&build).unwrap() {
        let path = entry.unwrap().path().join("output");
        let named = path
            .parent()
            .and_then(|p| p.file_name())
            .is_some_and(|n| n.to_string_lossy().starts_with("greeter-"));
        if let (true, Ok(meta)) = (named, std::fs::metadata(&path)) {
            let time = meta.modified().unwrap();
            if newest.as_ref().map_or(true, |(t, _)| time > *t) {
                newest = Some((time, path));
            }
        }
    }
    std::fs::read_to_string(newest.expect("the build script ran").1).unwrap()
}

/// examples/greeter: built by cargo with no protoc on PATH (and PROTOC
/// unset), its build script naming every proto it read; its server and
/// client on loopback; and its server called by a grpcio client on
/// Python code protogen generated from the same files.
#[test]
fn example_greeter_builds_without_protoc_and_serves_grpcio() {
    let example = common::repo().join("examples/greeter");
    let path = path_without_protoc();
    let which = Command::new("sh")
        .args(["-c", "command -v protoc"])
        .env("PATH", &path)
        .output()
        .unwrap();
    assert!(!which.status.success(), "protoc is still on PATH");
    // Built from a copy, so that the build leaves nothing in the source tree.
    let krate = common::scratch("greeter");
    common::copy_dir(&example, &krate);
    let manifest = std::fs::read_to_string(krate.join("Cargo.toml")).unwrap();
    let here = format!("path = {:?}", common::repo().display().to_string());
    std::fs::write(
        krate.join("Cargo.toml"),
        manifest.replace("path = \"../..\"", &here),
    )
    .unwrap();
    // The lock file pins the example's crates; protogen's own may have
    // moved on, so cargo may add to it.
    cargo_build(&krate, Some(&path), "");
    let rerun: Vec<String> = build_script_output(&check_target())
        .lines()
        .filter_map(|l| l.strip_prefix("cargo:rerun-if-changed="))
        .map(str::to_string)
        .collect();
    assert_eq!(
        rerun,
        ["proto/greet/v1/card.proto", "proto/greet/v1/greeter.proto"]
    );
    let program = check_target().join("debug/greeter");
    let run = Command::new(&program).arg("selftest").output().unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success() && stdout.trim_end().ends_with("OK"),
        "{stdout}{}",
        String::from_utf8_lossy(&run.stderr)
    );

    let python = krate.join("python");
    std::fs::create_dir_all(&python).unwrap();
    let status = common::protogen()
        .arg(format!("-I{}", example.join("proto").display()))
        .arg(format!("--python_out={}", python.display()))
        .arg(format!("--grpc_python_out={}", python.display()))
        .arg(example.join("proto/greet/v1/greeter.proto"))
        .arg(example.join("proto/greet/v1/card.proto"))
        .status()
        .unwrap();
    assert!(status.success());
    let mut server = Command::new(&program)
        .arg("serve")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut port = String::new();
    BufReader::new(server.stdout.as_mut().unwrap())
        .read_line(&mut port)
        .unwrap();
    let client = Command::new("python3")
        .arg(common::repo().join("tests/python/greeter_client.py"))
        .arg(&python)
        .arg(port.trim())
        .output()
        .unwrap();
    // Closing its input stops the server.
    drop(server.stdin.take());
    let stopped = server.wait().unwrap();
    let said = String::from_utf8_lossy(&client.stdout);
    assert!(
        client.status.success() && said.trim() == "OK",
        "{said}{}",
        String::from_utf8_lossy(&client.stderr)
    );
    assert!(stopped.success());
    let _ = std::fs::remove_dir_all(&krate);
}

/// `compile_fds` on the descriptor set `file_descriptor_set_path` wrote
/// generates what `compile_protos` generated, for prost and for tonic.
#[test]
fn compile_fds_generates_what_compile_protos_does() {
    let scratch = common::scratch("build-fds");
    let shapes = common::repo().join("fixtures/codegen/prost/shapes");
    let protos: Vec<String> = ["greeter.proto", "kitchen.proto", "names.proto"]
        .iter()
        .map(|f| shapes.join(f).display().to_string())
        .collect();
    let includes = [shapes.display().to_string()];
    let set = scratch.join("set.binpb");
    let (a, b) = (scratch.join("a"), scratch.join("b"));
    protogen::build::Config::new()
        .out_dir(&a)
        .emit_rerun_if_changed(false)
        .file_descriptor_set_path(&set)
        .compile_protos(&protos, &includes)
        .unwrap();
    let bytes = std::fs::read(&set).unwrap();
    protogen::build::Config::new()
        .out_dir(&b)
        .compile_fds(&bytes)
        .unwrap();
    let (expected, got) = (common::tree(&a), common::tree(&b));
    assert!(expected.len() >= 3, "{expected:?}");
    assert_eq!(
        common::codegen::differences(&expected, &got),
        Vec::<String>::new()
    );

    let (c, d) = (scratch.join("c"), scratch.join("d"));
    protogen::build::tonic::configure()
        .out_dir(&c)
        .emit_rerun_if_changed(false)
        .compile_protos(&protos, &includes)
        .unwrap();
    protogen::build::tonic::configure()
        .out_dir(&d)
        .compile_fds(&bytes)
        .unwrap();
    let (expected, got) = (common::tree(&c), common::tree(&d));
    assert!(expected
        .values()
        .any(|f| String::from_utf8_lossy(f).contains("greeter_client")));
    assert_eq!(
        common::codegen::differences(&expected, &got),
        Vec::<String>::new()
    );
    let _ = std::fs::remove_dir_all(&scratch);
}
