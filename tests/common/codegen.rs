//! Running generators into scratch directories and comparing what they wrote.

use std::collections::{BTreeMap, HashMap};

use protogen::descriptor::FileDescriptorSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Where scripts/test.sh installs the plugins.
pub fn tools_bin() -> PathBuf {
    std::env::var_os("PROTOGEN_TOOLS_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| super::repo().join("target/tools/bin"))
}

/// The `--plugin` flag naming the reference plugin; its absence fails.
pub fn plugin_flag(name: &str) -> String {
    let path = tools_bin().join(format!("protoc-gen-{name}"));
    assert!(
        path.is_file(),
        "{} is not installed; scripts/test.sh installs it",
        path.display()
    );
    format!("--plugin=protoc-gen-{name}={}", path.display())
}

/// Runs the plugins `gens` names (generator, parameter) under protoc, and
/// protogen's built-in generators of the same names, built in and as
/// plugins; returns the number of files and those that differ.
pub fn compare(
    cwd: &Path,
    roots: &[String],
    files: &[String],
    gens: &[(&str, &str)],
    tag: &str,
) -> (usize, Vec<String>) {
    let outs: Vec<String> = gens
        .iter()
        .map(|(name, params)| format!("--{name}_out={params}:OUT"))
        .collect();
    let mut with_plugins: Vec<String> = gens.iter().map(|(name, _)| plugin_flag(name)).collect();
    with_plugins.extend(outs.iter().cloned());
    let expected = generate(
        super::oracle(),
        cwd,
        roots,
        files,
        &with_plugins,
        &format!("{tag}-plugin"),
    );
    let got = generate(
        super::protogen(),
        cwd,
        roots,
        files,
        &outs,
        &format!("{tag}-protogen"),
    );
    let mut differing = differences(&expected, &got);
    differing.extend(as_plugin(
        env!("CARGO_BIN_EXE_protogen"),
        cwd,
        roots,
        files,
        &outs,
        tag,
        &expected,
    ));
    (expected.len(), differing)
}

/// Runs one generation (`OUT` in `flags` standing for the output
/// directory) and returns the files written.
pub fn generate(
    mut cmd: Command,
    cwd: &Path,
    roots: &[String],
    files: &[String],
    flags: &[String],
    tag: &str,
) -> BTreeMap<String, Vec<u8>> {
    let out = super::scratch(tag);
    let status = cmd
        .current_dir(cwd)
        .args(roots.iter().map(|r| format!("-I{r}")))
        .args(
            flags
                .iter()
                .map(|f| f.replace("OUT", &out.display().to_string())),
        )
        .args(files)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{tag}: generation failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let t = super::tree(&out);
    let _ = std::fs::remove_dir_all(&out);
    t
}

/// The names of files that differ between two trees.
pub fn differences(
    expected: &BTreeMap<String, Vec<u8>>,
    actual: &BTreeMap<String, Vec<u8>>,
) -> Vec<String> {
    let mut differing = Vec::new();
    for (name, bytes) in expected {
        if actual.get(name) != Some(bytes) {
            differing.push(name.clone());
        }
    }
    for name in actual.keys() {
        if !expected.contains_key(name) {
            differing.push(format!("{name} (protogen only)"));
        }
    }
    differing
}

/// Runs protogen (`bin`) as a plugin under protoc, for each `--NAME_out`
/// of `flags`, in both ways in (a link named `protoc-gen-NAME` run under
/// another plugin name, and `protogen` with `lang=NAME`), and returns the
/// files that differ from `expected`, each marked with the way.
pub fn as_plugin(
    bin: &str,
    cwd: &Path,
    roots: &[String],
    files: &[String],
    flags: &[String],
    tag: &str,
    expected: &BTreeMap<String, Vec<u8>>,
) -> Vec<String> {
    let link_dir = super::scratch(&format!("{tag}-plugin"));
    let mut differing = Vec::new();
    for how in ["by-name", "lang"] {
        let mut plugin_flags = Vec::new();
        for (i, f) in flags.iter().enumerate() {
            let (flag, rest) = f.split_once('=').expect("--NAME_out=...");
            let generator = flag.trim_start_matches("--").trim_end_matches("_out");
            if how == "by-name" {
                let link = link_dir.join(format!("protoc-gen-{generator}"));
                if !link.exists() {
                    std::os::unix::fs::symlink(bin, &link).unwrap();
                }
                plugin_flags.push(format!("--plugin=protoc-gen-pg{i}={}", link.display()));
                plugin_flags.push(format!("--pg{i}_out={rest}"));
            } else {
                let with_lang = match rest.split_once(':') {
                    Some((params, dir)) => format!("lang={generator},{params}:{dir}"),
                    None => format!("lang={generator}:{rest}"),
                };
                plugin_flags.push(format!("--plugin=protoc-gen-pg{i}={bin}"));
                plugin_flags.push(format!("--pg{i}_out={with_lang}"));
            }
        }
        let got = generate(
            super::oracle(),
            cwd,
            roots,
            files,
            &plugin_flags,
            &format!("{tag}-{how}"),
        );
        differing.extend(
            differences(expected, &got)
                .into_iter()
                .map(|d| format!("{d} [plugin {how}]")),
        );
    }
    let _ = std::fs::remove_dir_all(&link_dir);
    differing
}

/// The files of `files` (under `roots`, relative to `cwd`) whose imports,
/// direct or not, are all proto2 or proto3: protoc-gen-prost fails on an
/// editions file anywhere in a request.
pub fn without_editions(cwd: &Path, roots: &[String], files: &[String]) -> Vec<String> {
    let mut args: Vec<String> = roots.iter().map(|r| format!("-I{r}")).collect();
    args.push("--include_imports".into());
    args.extend(files.iter().cloned());
    let (out, set) = super::run_to_set(super::protogen(), cwd, &args, "editions-scan");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let set = FileDescriptorSet::decode(&set.unwrap()).unwrap();
    let by_name: HashMap<&str, _> = set
        .file
        .iter()
        .map(|f| (f.name.as_deref().unwrap_or(""), f))
        .collect();
    // Each file comes after its imports, so one pass settles every file.
    let mut legacy: HashMap<&str, bool> = HashMap::new();
    for f in &set.file {
        let own = f.syntax.as_deref() != Some("editions");
        let ok = own && f.dependency.iter().all(|d| legacy[d.as_str()]);
        legacy.insert(f.name.as_deref().unwrap_or(""), ok);
    }
    assert_eq!(legacy.len(), by_name.len());
    files
        .iter()
        .filter(|f| legacy[f.as_str()])
        .cloned()
        .collect()
}

/// Generates Python for `inputs` (under `roots`) with protogen and runs
/// tests/python/wire_roundtrip.py: the text-format documents `docs`
/// encoded by the Python runtime, through `program` and back, unchanged.
pub fn python_round_trip(roots: &[String], inputs: &[String], program: &Path, docs: &[PathBuf]) {
    let python = super::scratch("wire-python");
    let status = super::protogen()
        .args(roots.iter().map(|r| format!("-I{r}")))
        .arg(format!("--python_out={}", python.display()))
        .args(inputs)
        .status()
        .unwrap();
    assert!(status.success());
    let run = Command::new("python3")
        .arg(super::repo().join("tests/python/wire_roundtrip.py"))
        .arg(&python)
        .arg(program)
        .args(docs)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(stdout.trim(), format!("OK {}", docs.len()));
    let _ = std::fs::remove_dir_all(&python);
}
