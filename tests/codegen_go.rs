//! The Go generators against the plugins they stand in for: every file
//! `--go_out` and `--go-grpc_out` write, built in and with protogen as a
//! plugin, byte for byte as protoc-gen-go v1.36.12 and protoc-gen-go-grpc
//! v1.6.2 (Go module proxy, installed by scripts/test.sh) run by protoc
//! 35.1 write them, over fixtures with several parameter sets and over the
//! corpus; the same failures for bad parameters and inputs; the generated
//! code built and vetted with the Go toolchain against
//! google.golang.org/protobuf v1.36.12 and google.golang.org/grpc v1.85.0;
//! messages through the generated Go code and back, judged by the Python
//! runtime; and a grpc-go server answering a Python grpcio client.

mod common;
#[allow(dead_code)]
mod gen;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::codegen::{compare, plugin_flag};

/// The Go modules generated code is built against.
const GO_MOD_REQUIRES: &str = "require (
	google.golang.org/grpc v1.85.0
	google.golang.org/protobuf v1.36.12
)
";

/// A `go` command whose module cache, build cache and GOPATH are under
/// target/go, never the user's, and which uses the installed toolchain.
fn go() -> Command {
    let go_dir = common::repo().join("target/go");
    let mut cmd = Command::new("go");
    cmd.env("GOPATH", go_dir.join("path"))
        .env("GOMODCACHE", go_dir.join("path/pkg/mod"))
        .env("GOCACHE", go_dir.join("cache"))
        .env("GOFLAGS", "-modcacherw -mod=mod")
        .env("GOTOOLCHAIN", "local");
    cmd
}

/// Every .proto file under `dir`, relative to it, sorted.
fn protos(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = common::tree(dir)
        .into_keys()
        .filter(|k| k.ends_with(".proto"))
        .collect();
    out.sort();
    out
}

/// Whether a .proto file's text sets `go_package`.
fn has_go_package(text: &str) -> bool {
    text.lines().any(|l| {
        let l = l.trim_start();
        l.starts_with("option go_package") || l.starts_with("option  go_package")
    })
}

/// `M` options giving every .proto file under `roots` (relative to `cwd`)
/// that `remap` selects an import path under `prefix`: one Go package per
/// directory (or per file, with `per_file`), named after it.
fn m_options(
    cwd: &Path,
    roots: &[String],
    prefix: &str,
    per_file: bool,
    remap: &dyn Fn(&str, &str) -> bool,
) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for root in roots {
        for (name, bytes) in common::tree(&cwd.join(root)) {
            if !name.ends_with(".proto") || !seen.insert(name.clone()) {
                continue;
            }
            let text = String::from_utf8_lossy(&bytes);
            if !remap(&name, &text) {
                continue;
            }
            let stem = name.trim_end_matches(".proto");
            let dir = match (per_file, stem.rsplit_once('/')) {
                (true, _) => stem.to_string(),
                (false, Some((dir, _))) => dir.to_string(),
                (false, None) => "root".to_string(),
            };
            let last = dir.rsplit('/').next().unwrap_or(&dir);
            let package: String = last
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                .collect();
            out.push(format!("M{name}={prefix}/{dir};{package}pb"));
        }
    }
    out
}

/// `M` options for the files that set no `go_package` (the plugins need
/// an import path for every file).
fn missing_go_packages(cwd: &Path, roots: &[String]) -> Vec<String> {
    m_options(cwd, roots, "example.com/gen", false, &|_, text| {
        !has_go_package(text)
    })
}

fn go_fixtures() -> PathBuf {
    common::repo().join("fixtures/codegen/go")
}

/// The fixture trees: each directory under fixtures/codegen/go is an
/// include root of its own; the prost shapes are compared too.
fn fixture_sets() -> Vec<(PathBuf, Vec<String>)> {
    let mut sets = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(go_fixtures())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.push(common::repo().join("fixtures/codegen/prost/shapes"));
    for dir in dirs {
        let files = protos(&dir);
        sets.push((dir, files));
    }
    sets
}

/// Parameter sets over the fixtures (each with the `M` options the files
/// need): defaults; paths relative to the source; a module prefix taken
/// off; a package name set by `M`; and the legacy server embedding.
const PARAM_SETS: &[(&str, &str)] = &[
    ("", ""),
    ("paths=source_relative", "paths=source_relative"),
    ("module=example.com", "module=example.com"),
    (
        "Mnames.proto=example.org/renamed;renamedpb,annotate_code=false",
        "Mnames.proto=example.org/renamed;renamedpb,require_unimplemented_servers=false",
    ),
    (
        "paths=import",
        "require_unimplemented_servers=true,paths=source_relative",
    ),
];

#[test]
fn go_out_and_go_grpc_out_match_the_plugins_on_fixtures() {
    let mut total = 0;
    for (dir, files) in fixture_sets() {
        let roots = vec![".".to_string()];
        let m = missing_go_packages(&dir, &roots).join(",");
        for (i, (go, grpc)) in PARAM_SETS.iter().enumerate() {
            let join = |p: &str| match (p.is_empty(), m.is_empty()) {
                (true, _) => m.clone(),
                (false, true) => p.to_string(),
                (false, false) => format!("{m},{p}"),
            };
            let (go, grpc) = (join(go), join(grpc));
            let name = dir.file_name().unwrap().to_string_lossy().to_string();
            let (n, differing) = compare(
                &dir,
                &roots,
                &files,
                &[("go", &go), ("go-grpc", &grpc)],
                &format!("go-{name}-{i}"),
            );
            assert!(differing.is_empty(), "{name} with {go}: {differing:?}");
            total += n;
        }
    }
    println!("go_out and go-grpc_out: {total} fixture files identical");
    assert!(total > 50);
}

/// One generation that may fail: its exit status and stderr.
fn attempt(mut cmd: Command, cwd: &Path, args: &[String]) -> (bool, String) {
    let out = cmd.current_dir(cwd).args(args).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The message a Go plugin wrote before failing (its `protoc-gen-…: …`
/// stderr), or protoc's `--NAME_out: …` line for an error it answered.
/// The Go runtime's errors put a space or, depending on the binary's hash,
/// a no-break space after `proto:` (so that nobody matches them
/// literally); both read as a space here.
fn plugin_message(stderr: &str) -> String {
    stderr
        .replace('\u{a0}', " ")
        .lines()
        .filter(|l| !l.contains("Plugin failed with status code") && !l.contains("warning: "))
        .map(|l| {
            l.trim_start_matches("--go_out: ")
                .trim_start_matches("--go-grpc_out: ")
        })
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

#[test]
fn go_out_and_go_grpc_out_match_the_plugins_on_the_corpus() {
    let Some(corpus) = common::corpus() else {
        println!("PROTOGEN_CORPUS not set: corpus comparison not run");
        return;
    };
    let mut per_list = BTreeMap::new();
    let mut refused = Vec::new();
    let mut total = 0;
    for list in [
        "googleapis",
        "grpc-proto",
        "opentelemetry",
        "protobuf",
        "protobuf-ruby",
    ] {
        let common::CorpusList { roots, files } = common::read_list(&corpus, list);
        let m = missing_go_packages(&corpus, &roots).join(",");
        // The protobuf trees hold files the Go plugins refuse (MessageSets)
        // and files defining the same names: one at a time.
        let batches: Vec<Vec<String>> = if list.starts_with("protobuf") {
            files.iter().map(|f| vec![f.clone()]).collect()
        } else {
            vec![files]
        };
        let mut n_list = 0;
        for (i, batch) in batches.iter().enumerate() {
            let gens = [("go", m.as_str()), ("go-grpc", m.as_str())];
            let args = |plugins: bool| {
                let mut a: Vec<String> = roots.iter().map(|r| format!("-I{r}")).collect();
                for (name, params) in gens {
                    if plugins {
                        a.push(plugin_flag(name));
                    }
                    let out = common::scratch(&format!("go-corpus-probe-{name}"));
                    a.push(format!("--{name}_out={params}:{}", out.display()));
                }
                a.extend(batch.iter().cloned());
                a
            };
            let (ok, stderr) = attempt(common::oracle(), &corpus, &args(true));
            if !ok {
                let (ours, our_stderr) = attempt(common::protogen(), &corpus, &args(false));
                assert!(
                    !ours,
                    "{list} {batch:?}: protoc failed but protogen did not:\n{stderr}"
                );
                let want = plugin_message(&stderr);
                let got = plugin_message(&our_stderr);
                assert!(
                    got.contains(&want),
                    "{list} {batch:?}: the plugin said\n{want}\nprotogen said\n{got}"
                );
                refused.push(batch.join(" "));
                continue;
            }
            let (n, differing) = compare(&corpus, &roots, batch, &gens, &format!("go-{list}-{i}"));
            assert!(differing.is_empty(), "{list}: {differing:?}");
            n_list += n;
        }
        per_list.insert(list, n_list);
        total += n_list;
    }
    println!(
        "go_out and go-grpc_out: {total} files from the corpus identical to protoc-gen-go's and protoc-gen-go-grpc's ({per_list:?}); refused as the plugins refuse them: {refused:?}"
    );
    assert!(total > 5000);
}

#[test]
fn bad_parameters_and_inputs_fail_as_the_plugins_fail() {
    let dir = go_fixtures().join("open");
    let bad = common::scratch("go-bad");
    std::fs::write(
        bad.join("nopkg.proto"),
        "syntax = \"proto3\";\nmessage A {}\n",
    )
    .unwrap();
    std::fs::write(
        bad.join("shortpath.proto"),
        "syntax = \"proto3\";\noption go_package = \"nodots\";\nmessage B {}\n",
    )
    .unwrap();
    std::fs::write(
        bad.join("one.proto"),
        "syntax = \"proto3\";\noption go_package = \"example.com/same;one\";\nmessage C {}\n",
    )
    .unwrap();
    std::fs::write(
        bad.join("two.proto"),
        "syntax = \"proto3\";\noption go_package = \"example.com/same;two\";\nmessage D {}\n",
    )
    .unwrap();
    std::fs::write(
        bad.join("mset.proto"),
        "syntax = \"proto2\";\noption go_package = \"example.com/mset\";\nmessage S {\n  option message_set_wire_format = true;\n  extensions 4 to max;\n}\n",
    )
    .unwrap();
    let cases: Vec<(&Path, &str, &str, &str)> = vec![
        (&dir, "go", "paths=nowhere", "comments.proto"),
        (&dir, "go", "annotate_code=maybe", "comments.proto"),
        (&dir, "go", "default_api_level=API_CLOSED", "comments.proto"),
        (&dir, "go", "apilevelMnames.proto=open", "comments.proto"),
        (&dir, "go", "no_such_flag=1", "comments.proto"),
        (&dir, "go", "plugins=grpc", "comments.proto"),
        (
            &dir,
            "go",
            "module=example.com,paths=source_relative",
            "comments.proto",
        ),
        (&dir, "go", "module=elsewhere.org", "comments.proto"),
        (
            &dir,
            "go-grpc",
            "require_unimplemented_servers=perhaps",
            "comments.proto",
        ),
        (&dir, "go-grpc", "unknown", "comments.proto"),
        (&dir, "go-grpc", "module=elsewhere.org", "comments.proto"),
        (&bad, "go", "", "nopkg.proto"),
        (&bad, "go-grpc", "", "nopkg.proto"),
        (&bad, "go", "", "shortpath.proto"),
        (&bad, "go", "", "mset.proto"),
        (&bad, "go-grpc", "", "mset.proto"),
    ];
    for (cwd, generator, params, file) in &cases {
        let out = common::scratch("go-bad-out");
        let flag = format!("--{generator}_out={params}:{}", out.display());
        let (ok, stderr) = attempt(
            common::oracle(),
            cwd,
            &[
                "-I.".into(),
                plugin_flag(generator),
                flag.clone(),
                file.to_string(),
            ],
        );
        assert!(!ok, "{generator} {params} {file}: the plugin accepted it");
        let (ours, our_stderr) = attempt(
            common::protogen(),
            cwd,
            &["-I.".into(), flag, file.to_string()],
        );
        assert!(!ours, "{generator} {params} {file}: protogen accepted it");
        let want = plugin_message(&stderr);
        assert!(
            plugin_message(&our_stderr).contains(&want),
            "{generator} {params} {file}: the plugin said\n{want}\nprotogen said\n{our_stderr}"
        );
        assert!(
            common::tree(&out).is_empty(),
            "{generator} {params} {file}: protogen wrote files though it failed"
        );
    }
    // Files of one Go package with different package names: both fail,
    // naming the package (Go's map order decides which pair it names).
    for generator in ["go", "go-grpc"] {
        let out = common::scratch("go-bad-out");
        let args = |plugin: bool| {
            let mut a = vec!["-I.".to_string()];
            if plugin {
                a.push(plugin_flag(generator));
            }
            a.push(format!("--{generator}_out={}", out.display()));
            a.extend(["one.proto".to_string(), "two.proto".to_string()]);
            a
        };
        let (ok, stderr) = attempt(common::oracle(), &bad, &args(true));
        let (ours, our_stderr) = attempt(common::protogen(), &bad, &args(false));
        assert!(!ok && !ours, "{stderr}\n{our_stderr}");
        for text in [&stderr, &our_stderr] {
            assert!(
                text.contains("Go package \"example.com/same\" has inconsistent names"),
                "{text}"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&bad);
}

/// Writes a Go module `module` at `dir` holding `files` (relative paths)
/// and builds it; returns the combined output on failure.
fn go_module(dir: &Path, module: &str, files: &BTreeMap<String, Vec<u8>>) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join("go.mod"),
        format!("module {module}\n\ngo 1.23\n\n{GO_MOD_REQUIRES}"),
    )
    .unwrap();
    for (name, bytes) in files {
        let path = dir.join(build_name(name));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    let tidy = go()
        .arg("mod")
        .arg("tidy")
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        tidy.status.success(),
        "go mod tidy: {}",
        String::from_utf8_lossy(&tidy.stderr)
    );
}

/// The name a generated file is built under: the Go toolchain builds
/// `x_arm.pb.go` only for GOARCH=arm (the part before the first dot ending
/// in `_GOOS` or `_GOARCH` constrains the build), which would leave such a
/// file of the corpus out; it gets a `_` after that part.
fn build_name(name: &str) -> String {
    const CONSTRAINTS: &[&str] = &[
        "aix",
        "android",
        "darwin",
        "dragonfly",
        "freebsd",
        "hurd",
        "illumos",
        "ios",
        "js",
        "linux",
        "nacl",
        "netbsd",
        "openbsd",
        "plan9",
        "solaris",
        "wasip1",
        "windows",
        "zos",
        "386",
        "amd64",
        "amd64p32",
        "arm",
        "armbe",
        "arm64",
        "arm64be",
        "loong64",
        "mips",
        "mipsle",
        "mips64",
        "mips64le",
        "mips64p32",
        "mips64p32le",
        "ppc",
        "ppc64",
        "ppc64le",
        "riscv",
        "riscv64",
        "s390",
        "s390x",
        "sparc",
        "sparc64",
        "wasm",
    ];
    let (dir, file) = name.rsplit_once('/').unwrap_or(("", name));
    let (stem, rest) = file.split_once('.').unwrap_or((file, ""));
    let constrained = stem
        .rsplit_once('_')
        .is_some_and(|(_, last)| CONSTRAINTS.contains(&last));
    if !constrained || rest.is_empty() {
        return name.to_string();
    }
    let renamed = format!("{stem}_.{rest}");
    if dir.is_empty() {
        renamed
    } else {
        format!("{dir}/{renamed}")
    }
}

/// Runs `go ARGS` in `dir`, failing the test with its output.
fn go_run(dir: &Path, args: &[&str]) {
    let out = go().args(args).current_dir(dir).output().unwrap();
    assert!(
        out.status.success(),
        "go {args:?} in {}: {}{}",
        dir.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Generates `files` (under `roots`, relative to `cwd`) into one Go module
/// `example.com/gen` with the `M` options `m`, returning the files.
fn generate_module(
    cwd: &Path,
    roots: &[String],
    files: &[String],
    m: &[String],
    tag: &str,
) -> BTreeMap<String, Vec<u8>> {
    let args = common::scratch(&format!("{tag}-args"));
    let mut flags = Vec::new();
    for generator in ["go", "go-grpc"] {
        flags.push(format!("--{generator}_out=OUT"));
        flags.push(format!("--{generator}_opt=module=example.com/gen"));
        for option in m {
            flags.push(format!("--{generator}_opt={option}"));
        }
    }
    // The options would overflow a command line: a response file holds them.
    let list = args.join("args.txt");
    let out_dir = common::scratch(tag);
    let mut text: Vec<String> = roots.iter().map(|r| format!("-I{r}")).collect();
    text.extend(
        flags
            .iter()
            .map(|f| f.replace("OUT", &out_dir.display().to_string())),
    );
    text.extend(files.iter().cloned());
    std::fs::write(&list, text.join("\n")).unwrap();
    let out = common::protogen()
        .current_dir(cwd)
        .arg(format!("@{}", list.display()))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{tag}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tree = common::tree(&out_dir);
    let _ = std::fs::remove_dir_all(&out_dir);
    let _ = std::fs::remove_dir_all(&args);
    tree
}

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

/// `files` and everything they import, each after its imports.
fn with_imports(cwd: &Path, roots: &[String], files: &[String]) -> Vec<String> {
    let mut args: Vec<String> = roots.iter().map(|r| format!("-I{r}")).collect();
    args.push("--include_imports".into());
    args.extend(files.iter().cloned());
    let (out, set) = common::run_to_set(common::protogen(), cwd, &args, "go-imports");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let set = protogen::descriptor::FileDescriptorSet::decode(&set.unwrap()).unwrap();
    set.file
        .into_iter()
        .map(|f| f.name.unwrap_or_default())
        .collect()
}

/// The files of `targets` the Go generator accepts one by one (dropping
/// those that hold or import a MessageSet, which it refuses).
fn accepted(cwd: &Path, roots: &[String], targets: &[String], m: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for t in targets {
        let dir = common::scratch("go-probe");
        let mut args: Vec<String> = roots.iter().map(|r| format!("-I{r}")).collect();
        args.push(format!("--go_out={}:{}", m.join(","), dir.display()));
        args.push(t.clone());
        let (ok, stderr) = attempt(common::protogen(), cwd, &args);
        let _ = std::fs::remove_dir_all(&dir);
        if ok {
            out.push(t.clone());
        } else {
            assert!(stderr.contains("MessageSet"), "{t}: {stderr}");
        }
    }
    out
}

/// Builds the Go program `main` (its `// IMPORTS` line replaced by
/// `imports`) in a module holding `generated`; returns the binary.
fn build_program(
    dir: &Path,
    generated: &BTreeMap<String, Vec<u8>>,
    main: &str,
    imports: &[String],
) -> PathBuf {
    let mut files = generated.clone();
    let lines: Vec<String> = imports.iter().map(|i| format!("_ \"{i}\"")).collect();
    files.insert(
        "main.go".into(),
        main.replace("// IMPORTS", &lines.join("\n\t")).into_bytes(),
    );
    go_module(dir, "example.com/gen", &files);
    let program = dir.join("program");
    go_run(dir, &["build", "-o", program.to_str().unwrap(), "."]);
    program
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
    let python = common::scratch("go-wire-python");
    let status = common::protogen()
        .args(roots.iter().map(|r| format!("-I{r}")))
        .arg(format!("--python_out={}", python.display()))
        .args(&inputs)
        .status()
        .unwrap();
    assert!(status.success());
    let run = Command::new("python3")
        .arg(here.join("tests/python/wire_roundtrip.py"))
        .arg(&python)
        .arg(&program)
        .args(&docs)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(stdout.trim(), format!("OK {}", docs.len()));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&python);
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

/// Generated schema sets (tests/gen: every syntax and edition, custom
/// options with aggregate values, features, imports of every kind, odd
/// names and comments), each file its own Go package: both generators
/// built in against the two plugins under protoc, the same files or the
/// same refusal. CI runs 150 sets; `PROTOGEN_GO_GEN_SETS=N` and
/// `PROTOGEN_GEN_SEED=S` run any number from any seed.
#[test]
fn generated_sets_generate_as_the_go_plugins_do() {
    let count: u64 = std::env::var("PROTOGEN_GO_GEN_SETS")
        .ok()
        .map(|v| v.parse().expect("a number"))
        .unwrap_or(150);
    let seed: u64 = std::env::var("PROTOGEN_GEN_SEED")
        .ok()
        .map(|v| v.parse().expect("a number"))
        .unwrap_or(1);
    let (mut same, mut refused, mut files_compared) = (0, 0, 0);
    let mut differing = Vec::new();
    for s in seed..seed + count {
        let dir = common::scratch(&format!("go-gen-{s}"));
        let mut inputs = Vec::new();
        let mut m = Vec::new();
        for (path, text) in gen::generate(s) {
            let full = dir.join(&path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(&full, text).unwrap();
            let stem: String = path
                .trim_end_matches(".proto")
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                .collect();
            m.push(format!("M{path}=example.com/gen/{stem};{stem}pb"));
            inputs.push(path);
        }
        let params = m.join(",");
        let args = |plugins: bool, out: &Path| {
            let mut a = vec!["-I.".to_string()];
            for name in ["go", "go-grpc"] {
                if plugins {
                    a.push(plugin_flag(name));
                }
                let dir = out.join(name);
                std::fs::create_dir_all(&dir).unwrap();
                a.push(format!("--{name}_out={params}:{}", dir.display()));
            }
            a.extend(inputs.iter().cloned());
            a
        };
        let (want_dir, got_dir) = (dir.join("want"), dir.join("got"));
        let (ok, stderr) = attempt(common::oracle(), &dir, &args(true, &want_dir));
        let (ours, our_stderr) = attempt(common::protogen(), &dir, &args(false, &got_dir));
        let case = format!("set {s}");
        if !ok {
            let want = plugin_message(&stderr);
            if ours || !plugin_message(&our_stderr).contains(&want) {
                differing.push(format!(
                    "{case}: protoc said\n{want}\nprotogen said\n{our_stderr}"
                ));
            } else {
                refused += 1;
            }
        } else if !ours {
            differing.push(format!("{case}: protogen failed: {our_stderr}"));
        } else {
            let (want, got) = (common::tree(&want_dir), common::tree(&got_dir));
            let diff = common::codegen::differences(&want, &got);
            if diff.is_empty() {
                same += 1;
                files_compared += want.len();
            } else {
                differing.push(format!("{case}: {diff:?} (kept in {})", dir.display()));
                continue;
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    println!(
        "generated sets: {same} generated identically ({files_compared} files), {refused} refused as the plugins refuse them, {} differing",
        differing.len()
    );
    assert!(differing.is_empty(), "{}", differing.join("\n"));
    assert!(
        same > count as usize / 2,
        "too few sets generated: {same} of {count}"
    );
}
