//! Shared helpers: the reference protoc, the protogen binary, and splitting
//! descriptor sets into files.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

pub mod codegen;
pub mod go;
pub mod oracle;

/// The reference compiler, protoc 35.1 from grpcio-tools 1.85.1. Its absence
/// is a failure, never a skip: the README's test command installs it.
pub fn oracle() -> Command {
    static CHECKED: OnceLock<()> = OnceLock::new();
    CHECKED.get_or_init(|| {
        let out = Command::new("python3").args(["-m", "grpc_tools.protoc", "--version"]).output();
        match out {
            Ok(o) if String::from_utf8_lossy(&o.stdout).trim() == "libprotoc 35.1" => {}
            Ok(o) => panic!(
                "reference protoc 35.1 not found (got {:?} {:?}); run `python3 -m pip install grpcio-tools==1.85.1`",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            ),
            Err(e) => panic!("python3 not runnable ({e}); the reference protoc needs it"),
        }
    });
    let mut c = Command::new("python3");
    c.args(["-m", "grpc_tools.protoc"]);
    c
}

pub fn protogen() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_protogen"));
    c.arg("compile");
    c
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `cmd` with `args`, writing the descriptor set to a temporary file;
/// returns the process output and the bytes written (if any).
pub fn run_to_set(
    mut cmd: Command,
    cwd: &Path,
    args: &[String],
    tag: &str,
) -> (Output, Option<Vec<u8>>) {
    let dir = std::env::temp_dir().join(format!("protogen-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out_path = dir.join(format!("{tag}-{}.pb", unique()));
    let _ = std::fs::remove_file(&out_path);
    let output = cmd
        .current_dir(cwd)
        .args(args)
        .arg(format!("--descriptor_set_out={}", out_path.display()))
        .output()
        .unwrap();
    let bytes = std::fs::read(&out_path).ok();
    let _ = std::fs::remove_file(&out_path);
    (output, bytes)
}

fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

/// Splits an encoded FileDescriptorSet into (file name, encoded file).
pub fn split_set(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    use protogen::descriptor::wire::Reader;
    let mut out = Vec::new();
    let mut r = Reader::new(bytes);
    while !r.done() {
        let (n, _, v) = r.field().expect("malformed descriptor set");
        assert_eq!(n, 1, "unexpected field in FileDescriptorSet");
        let mut fr = Reader::new(v);
        let mut name = String::new();
        while !fr.done() {
            let (fnum, _, fv) = fr.field().expect("malformed file");
            if fnum == 1 {
                name = String::from_utf8_lossy(fv).into_owned();
            }
        }
        out.push((name, v.to_vec()));
    }
    out
}

/// Where two encodings first differ, for failure messages.
pub fn first_difference(a: &[u8], b: &[u8]) -> String {
    let i = a
        .iter()
        .zip(b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    format!(
        "first difference at byte {i} (lengths {} vs {})",
        a.len(),
        b.len()
    )
}

/// The corpus, when PROTOGEN_CORPUS names it (CI sets it; set but missing fails).
pub fn corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(std::env::var_os("PROTOGEN_CORPUS")?);
    assert!(
        dir.join("lists").is_dir(),
        "PROTOGEN_CORPUS={} has no lists/ directory",
        dir.display()
    );
    Some(dir)
}

/// One list of the corpus: its include roots (relative to the corpus, from
/// the `# -I a -I b` header) and its files.
pub struct CorpusList {
    pub roots: Vec<String>,
    pub files: Vec<String>,
}

pub fn read_list(corpus: &Path, name: &str) -> CorpusList {
    let text = std::fs::read_to_string(corpus.join("lists").join(format!("{name}.txt"))).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap().trim_start_matches('#');
    let roots = header
        .split_whitespace()
        .filter(|w| *w != "-I")
        .map(|s| s.to_string())
        .collect();
    let files = lines
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|s| s.trim().to_string())
        .collect();
    CorpusList { roots, files }
}

/// A fresh, empty scratch directory, unique within this test run.
pub fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "protogen-test-{}-{tag}-{}",
        std::process::id(),
        unique()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Copies the tree at `from` to `to` (created).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

/// Every file under `dir` (none if it does not exist), by relative path.
pub fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut std::collections::BTreeMap<String, Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).unwrap().display().to_string();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = std::collections::BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// buf 1.75.0, the reference for `lint` and `breaking`: PROTOGEN_BUF, else
/// the one scripts/test.sh installs from npm.
pub fn buf() -> Command {
    let path = std::env::var_os("PROTOGEN_BUF")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target/tools/npm/node_modules/.bin/buf"));
    assert!(
        path.exists(),
        "buf not found at {} (scripts/test.sh installs it; PROTOGEN_BUF overrides)",
        path.display()
    );
    let mut c = Command::new(path);
    // No cache outside the scratch space.
    c.env(
        "BUF_CACHE_DIR",
        std::env::temp_dir().join("protogen-buf-cache"),
    );
    c
}

/// The string value of `key` in each line (one JSON object) of `text`
/// that has it.
pub fn json_strings(text: &[u8], key: &str) -> Vec<String> {
    let pattern = format!("\"{key}\":\"");
    String::from_utf8_lossy(text)
        .lines()
        .filter_map(|l| {
            let at = l.find(&pattern)? + pattern.len();
            Some(l[at..at + l[at..].find('"')?].to_string())
        })
        .collect()
}

/// The ids of the rules buf has for `kind` (`lint` or `breaking`) in
/// buf.yaml v2, which has every id v1 has.
pub fn buf_rule_ids(kind: &str) -> std::collections::BTreeSet<String> {
    let out = buf()
        .args(["config", &format!("ls-{kind}-rules"), "--version", "v2"])
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "buf config ls-{kind}-rules");
    json_strings(&out.stdout, "id").into_iter().collect()
}

/// Runs `protogen SUBCOMMAND ARGS` and `buf SUBCOMMAND ARGS` in `dir` and
/// requires the same exit code, the same `Failure:` line and the same
/// output; returns the number of output lines.
pub fn same_as_buf(subcommand: &str, dir: &Path, args: &[&str]) -> usize {
    let run = |mut c: Command| {
        c.current_dir(dir)
            .arg(subcommand)
            .args(args)
            .output()
            .unwrap()
    };
    let ours = run(Command::new(env!("CARGO_BIN_EXE_protogen")));
    let theirs = run(buf());
    let name = format!("{subcommand} in {}: {}", dir.display(), args.join(" "));
    assert_eq!(
        ours.status.code(),
        theirs.status.code(),
        "{name}: exit code (buf: {}; protogen: {})",
        String::from_utf8_lossy(&theirs.stderr),
        String::from_utf8_lossy(&ours.stderr)
    );
    if theirs.status.code() == Some(1) {
        let failure = |o: &Output| {
            String::from_utf8_lossy(&o.stderr)
                .lines()
                .find(|l| l.starts_with("Failure:"))
                .map(str::to_string)
        };
        assert_eq!(failure(&ours), failure(&theirs), "{name}: failure message");
    }
    let (a, b) = (
        String::from_utf8_lossy(&ours.stdout),
        String::from_utf8_lossy(&theirs.stdout),
    );
    if a != b {
        let only_ours: Vec<&str> = a.lines().filter(|l| !b.contains(l)).take(5).collect();
        let only_buf: Vec<&str> = b.lines().filter(|l| !a.contains(l)).take(5).collect();
        panic!(
            "{name}: output differs ({} lines vs buf's {})\nonly protogen:\n  {}\nonly buf:\n  {}",
            a.lines().count(),
            b.lines().count(),
            only_ours.join("\n  "),
            only_buf.join("\n  ")
        );
    }
    b.lines().count()
}
