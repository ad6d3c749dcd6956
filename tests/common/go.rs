//! Helpers of the Go generator tests: the `go` command with its caches in
//! target/go, `M` options for files without `go_package`, the fixture
//! sets, one-off generations that may fail, and Go modules of generated
//! code built with the toolchain.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The Go modules generated code is built against.
pub const GO_MOD_REQUIRES: &str = "require (
	google.golang.org/grpc v1.85.0
	google.golang.org/protobuf v1.36.12
)
";

/// A `go` command whose module cache, build cache and GOPATH are under
/// target/go, never the user's, and which uses the installed toolchain.
pub fn go() -> Command {
    let go_dir = super::repo().join("target/go");
    let mut cmd = Command::new("go");
    cmd.env("GOPATH", go_dir.join("path"))
        .env("GOMODCACHE", go_dir.join("path/pkg/mod"))
        .env("GOCACHE", go_dir.join("cache"))
        .env("GOFLAGS", "-modcacherw -mod=mod")
        .env("GOTOOLCHAIN", "local");
    cmd
}

/// Every .proto file under `dir`, relative to it, sorted.
pub fn protos(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = super::tree(dir)
        .into_keys()
        .filter(|k| k.ends_with(".proto"))
        .collect();
    out.sort();
    out
}

/// Whether a .proto file's text sets `go_package`.
pub fn has_go_package(text: &str) -> bool {
    text.lines().any(|l| {
        let l = l.trim_start();
        l.starts_with("option go_package") || l.starts_with("option  go_package")
    })
}

/// `M` options giving every .proto file under `roots` (relative to `cwd`)
/// that `remap` selects an import path under `prefix`: one Go package per
/// directory (or per file, with `per_file`), named after it.
pub fn m_options(
    cwd: &Path,
    roots: &[String],
    prefix: &str,
    per_file: bool,
    remap: &dyn Fn(&str, &str) -> bool,
) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for root in roots {
        for (name, bytes) in super::tree(&cwd.join(root)) {
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
pub fn missing_go_packages(cwd: &Path, roots: &[String]) -> Vec<String> {
    m_options(cwd, roots, "example.com/gen", false, &|_, text| {
        !has_go_package(text)
    })
}

pub fn go_fixtures() -> PathBuf {
    super::repo().join("fixtures/codegen/go")
}

/// The fixture trees: each directory under fixtures/codegen/go is an
/// include root of its own; the prost shapes are compared too.
pub fn fixture_sets() -> Vec<(PathBuf, Vec<String>)> {
    let mut sets = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(go_fixtures())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.push(super::repo().join("fixtures/codegen/prost/shapes"));
    for dir in dirs {
        let files = protos(&dir);
        sets.push((dir, files));
    }
    sets
}

/// One generation that may fail: its exit status and stderr.
pub fn attempt(mut cmd: Command, cwd: &Path, args: &[String]) -> (bool, String) {
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
pub fn plugin_message(stderr: &str) -> String {
    stderr
        .replace('\u{a0}', " ")
        .lines()
        .filter(|l| {
            !l.contains("Plugin failed with status code")
                && !l.contains("warning: ")
                && !is_log_line(l)
        })
        .map(|l| {
            l.trim_start_matches("--go_out: ")
                .trim_start_matches("--go-grpc_out: ")
        })
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// Writes a Go module `module` at `dir` holding `files` (relative paths)
/// and builds it; returns the combined output on failure.
pub fn go_module(dir: &Path, module: &str, files: &BTreeMap<String, Vec<u8>>) {
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
pub fn build_name(name: &str) -> String {
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
pub fn go_run(dir: &Path, args: &[&str]) {
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
pub fn generate_module(
    cwd: &Path,
    roots: &[String],
    files: &[String],
    m: &[String],
    tag: &str,
) -> BTreeMap<String, Vec<u8>> {
    let args = super::scratch(&format!("{tag}-args"));
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
    let out_dir = super::scratch(tag);
    let mut text: Vec<String> = roots.iter().map(|r| format!("-I{r}")).collect();
    text.extend(
        flags
            .iter()
            .map(|f| f.replace("OUT", &out_dir.display().to_string())),
    );
    text.extend(files.iter().cloned());
    std::fs::write(&list, text.join("\n")).unwrap();
    let out = super::protogen()
        .current_dir(cwd)
        .arg(format!("@{}", list.display()))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{tag}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tree = super::tree(&out_dir);
    let _ = std::fs::remove_dir_all(&out_dir);
    let _ = std::fs::remove_dir_all(&args);
    tree
}

/// `files` and everything they import, each after its imports.
pub fn with_imports(cwd: &Path, roots: &[String], files: &[String]) -> Vec<String> {
    let mut args: Vec<String> = roots.iter().map(|r| format!("-I{r}")).collect();
    args.push("--include_imports".into());
    args.extend(files.iter().cloned());
    let (out, set) = super::run_to_set(super::protogen(), cwd, &args, "go-imports");
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
pub fn accepted(cwd: &Path, roots: &[String], targets: &[String], m: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for t in targets {
        let dir = super::scratch("go-probe");
        let mut args: Vec<String> = roots.iter().map(|r| format!("-I{r}")).collect();
        args.push(format!("--go_out={}:{}", m.join(","), dir.display()));
        args.push(t.clone());
        let (ok, stderr) = attempt(super::protogen(), cwd, &args);
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
pub fn build_program(
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

/// A line of protoc's own logging (`WARNING: All log messages before…`,
/// `W0000 00:00:… parser.cc:659] …`), not part of any error.
fn is_log_line(line: &str) -> bool {
    let b = line.as_bytes();
    line.starts_with("WARNING: All log messages")
        || (b.len() > 5
            && matches!(b[0], b'I' | b'W' | b'E' | b'F')
            && b[1..5].iter().all(u8::is_ascii_digit)
            && b[5] == b' ')
}
