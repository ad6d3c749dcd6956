//! The Go generators against the plugins they stand in for: every file
//! `--go_out` and `--go-grpc_out` write, built in and with protogen as a
//! plugin, byte for byte as protoc-gen-go v1.36.12 and protoc-gen-go-grpc
//! v1.6.2 (Go module proxy, installed by scripts/test.sh) run by protoc
//! 35.1 write them, over fixtures with several parameter sets and over the
//! corpus, and over generated schema sets; the same failures for bad
//! parameters and inputs; and `annotate_code`'s `.meta` files, equal in
//! content. tests/codegen_go_run.rs builds and runs the generated code.

mod common;
#[allow(dead_code)]
mod gen;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::codegen::{compare, plugin_flag};
use common::go::*;

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
    // An option import of a file imported publicly through another: protoc
    // accepts it, the Go runtime does not (found by the generated sets).
    for (name, text) in [
        ("base.proto", "edition = \"2024\";\noption go_package = \"example.com/base\";\nmessage Base {}\n"),
        ("pub.proto", "edition = \"2024\";\nimport public \"base.proto\";\noption go_package = \"example.com/pub\";\n"),
        ("twice.proto", "edition = \"2024\";\nimport \"pub.proto\";\nimport option \"base.proto\";\noption go_package = \"example.com/twice\";\nmessage T { Base b = 1; }\n"),
    ] {
        std::fs::write(bad.join(name), text).unwrap();
    }
    let cases: Vec<(&Path, &str, &str, &str)> = vec![
        (&bad, "go", "", "twice.proto"),
        (&bad, "go-grpc", "", "twice.proto"),
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
        // The bundled language feature files set no go_package either.
        for lang in ["cpp", "java"] {
            m.push(format!(
                "Mgoogle/protobuf/{lang}_features.proto=example.com/gen/{lang}features;{lang}featurespb"
            ));
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
        if !ok && !stderr.contains("protoc-gen-go") {
            // A compile error (tests/generative.rs compares those): both fail.
            if ours {
                differing.push(format!(
                    "{case}: protoc failed, protogen did not:\n{stderr}"
                ));
            } else {
                refused += 1;
            }
        } else if !ok {
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
        "generated sets: {same} generated identically ({files_compared} files), {refused} refused as protoc or the plugins refuse them, {} differing",
        differing.len()
    );
    assert!(differing.is_empty(), "{}", differing.join("\n"));
    assert!(
        same > count as usize / 2,
        "too few sets generated: {same} of {count}"
    );
}

/// One annotation of a `.meta` file: path, source file, begin, end and
/// semantic (empty when none).
type MetaAnnotation = (Vec<i32>, String, u64, u64, String);

/// The annotations of a `.meta` file (a text-format `GeneratedCodeInfo`,
/// which protoc-gen-go spaces differently from run to run), or None when
/// the text holds anything else.
fn meta_annotations(text: &[u8]) -> Option<Vec<MetaAnnotation>> {
    let text = std::str::from_utf8(text).ok()?;
    let mut out = Vec::new();
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        rest = rest.strip_prefix("annotation")?.trim_start();
        rest = rest.strip_prefix(':').unwrap_or(rest).trim_start();
        rest = rest.strip_prefix('{')?;
        let (body, after) = rest.split_once('}')?;
        rest = after.trim_start();
        let mut a: MetaAnnotation = Default::default();
        let mut fields = body.trim();
        while !fields.is_empty() {
            let (key, value) = fields.split_once(':')?;
            let value = value.trim_start();
            // A value runs to the next white space, or over a quoted string.
            let end = if let Some(quoted) = value.strip_prefix('"') {
                let close = quoted
                    .char_indices()
                    .scan(false, |escaped, (i, c)| {
                        let ends = !*escaped && c == '"';
                        *escaped = !*escaped && c == '\\';
                        Some((i, ends))
                    })
                    .find(|&(_, ends)| ends)?
                    .0;
                close + 2
            } else {
                value.find(char::is_whitespace).unwrap_or(value.len())
            };
            let v = &value[..end];
            match key.trim() {
                "path" => a.0.push(v.parse().ok()?),
                "source_file" => a.1 = v.to_string(),
                "begin" => a.2 = v.parse().ok()?,
                "end" => a.3 = v.parse().ok()?,
                "semantic" => a.4 = v.to_string(),
                _ => return None,
            }
            fields = value[end..].trim_start();
        }
        out.push(a);
    }
    Some(out)
}

/// The names of files that differ between two trees, `.meta` files by
/// their annotations and every other file byte for byte.
fn differences_by_content(
    expected: &BTreeMap<String, Vec<u8>>,
    actual: &BTreeMap<String, Vec<u8>>,
    how: &str,
) -> Vec<String> {
    let mut differing = Vec::new();
    for (name, bytes) in expected {
        let same = match actual.get(name) {
            None => false,
            Some(got) if name.ends_with(".meta") => {
                let want = meta_annotations(bytes);
                assert!(want.is_some(), "{name}: the plugin's .meta does not parse");
                want == meta_annotations(got)
            }
            Some(got) => got == bytes,
        };
        if !same {
            differing.push(format!("{name} [{how}]"));
        }
    }
    for name in actual.keys().filter(|n| !expected.contains_key(*n)) {
        differing.push(format!("{name} (protogen only) [{how}]"));
    }
    differing
}

/// Runs the Go plugins `gens` names under protoc and protogen's built-in
/// generators, built in and as a plugin in both ways in (see
/// [`common::codegen::as_plugin`]); returns the number of `.go` and of
/// `.meta` files, and those that differ.
fn compare_annotated(
    cwd: &Path,
    roots: &[String],
    files: &[String],
    gens: &[(&str, &str)],
    tag: &str,
) -> (usize, usize, Vec<String>) {
    use common::codegen::generate;
    let bin = env!("CARGO_BIN_EXE_protogen");
    let flags = |out: &dyn Fn(usize, &str, &str) -> Vec<String>| -> Vec<String> {
        let mut f = Vec::new();
        for (i, (name, params)) in gens.iter().enumerate() {
            f.extend(out(i, name, params));
        }
        f
    };
    let expected = generate(
        common::oracle(),
        cwd,
        roots,
        files,
        &flags(&|_, n, p| vec![plugin_flag(n), format!("--{n}_out={p}:OUT")]),
        &format!("{tag}-plugin"),
    );
    let built_in = generate(
        common::protogen(),
        cwd,
        roots,
        files,
        &flags(&|_, n, p| vec![format!("--{n}_out={p}:OUT")]),
        &format!("{tag}-protogen"),
    );
    let mut differing = differences_by_content(&expected, &built_in, "built in");
    let links = common::scratch(&format!("{tag}-links"));
    let by_name = flags(&|i, n, p| {
        let link = links.join(format!("protoc-gen-{n}"));
        if !link.exists() {
            std::os::unix::fs::symlink(bin, &link).unwrap();
        }
        vec![
            format!("--plugin=protoc-gen-pg{i}={}", link.display()),
            format!("--pg{i}_out={p}:OUT"),
        ]
    });
    let lang = flags(&|i, n, p| {
        vec![
            format!("--plugin=protoc-gen-pg{i}={bin}"),
            format!("--pg{i}_out=lang={n},{p}:OUT"),
        ]
    });
    for (how, plugin_flags) in [("plugin by-name", by_name), ("plugin lang", lang)] {
        let got = generate(common::oracle(), cwd, roots, files, &plugin_flags, tag);
        differing.extend(differences_by_content(&expected, &got, how));
    }
    let _ = std::fs::remove_dir_all(&links);
    let metas = expected.keys().filter(|n| n.ends_with(".meta")).count();
    (expected.len() - metas, metas, differing)
}

/// `annotate_code`: beside each `.go` file, the `.meta` file tying its
/// declarations to the .proto declarations they come from, with the same
/// annotations as the plugins' (under each default API level), over the
/// fixtures and, with the corpus, every eighth googleapis file,
/// grpc-proto and opentelemetry.
#[test]
fn annotate_code_meta_files_match_the_plugins() {
    const LEVELS: &[&str] = &[
        "",
        ",default_api_level=API_HYBRID",
        ",default_api_level=API_OPAQUE",
    ];
    // Each set: directory, include roots, files, name.
    let mut sets: Vec<(PathBuf, Vec<String>, Vec<String>, String)> = Vec::new();
    for (dir, files) in fixture_sets() {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        sets.push((dir, vec![".".to_string()], files, name));
    }
    if let Some(corpus) = common::corpus() {
        for list in ["googleapis", "grpc-proto", "opentelemetry"] {
            let common::CorpusList { roots, files } = common::read_list(&corpus, list);
            let step = if list == "googleapis" { 8 } else { 1 };
            let files = files.into_iter().step_by(step).collect();
            sets.push((corpus.clone(), roots, files, list.to_string()));
        }
    } else {
        println!("PROTOGEN_CORPUS not set: corpus files not compared");
    }
    let (mut go_files, mut meta_files) = (0, 0);
    for (cwd, roots, files, name) in &sets {
        let m = missing_go_packages(cwd, roots).join(",");
        for (i, level) in LEVELS.iter().enumerate() {
            let params = match m.is_empty() {
                true => format!("annotate_code{level}"),
                false => format!("{m},annotate_code{level}"),
            };
            let gens = [("go", params.as_str()), ("go-grpc", params.as_str())];
            let tag = format!("go-annotate-{name}-{i}");
            let (n_go, n_meta, differing) = compare_annotated(cwd, roots, files, &gens, &tag);
            assert!(differing.is_empty(), "{name} with {params}: {differing:?}");
            assert_eq!(n_go, n_meta, "{name}: a .go file without its .meta file");
            go_files += n_go;
            meta_files += n_meta;
        }
    }
    println!("annotate_code: {go_files} .go files identical, {meta_files} .meta files with the plugins' annotations");
    assert!(meta_files > 100);
}
