//! The Rust generators against the plugins they stand in for: every file
//! `--prost_out` writes, built in and with protogen as a plugin, byte for
//! byte as protoc-gen-prost 0.5.0 (crates.io, installed by scripts/test.sh)
//! run by protoc 35.1 writes it, over fixtures with several parameter
//! sets and over the corpus; the same errors for bad parameters; and the
//! generated code built with the prost crates.

mod common;

use common::codegen::{compare, plugin_flag};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn shapes_dir() -> PathBuf {
    common::repo().join("fixtures/codegen/prost/shapes")
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

/// [`compare`] for `--prost_out` alone.
fn compare_prost(
    cwd: &Path,
    roots: &[String],
    files: &[String],
    params: &str,
    tag: &str,
) -> (usize, Vec<String>) {
    compare(cwd, roots, files, &[("prost", params)], tag)
}

/// Parameter sets over the fixtures: defaults; every switch; and the
/// path-valued options, with escaped commas in attribute values.
const PARAM_SETS: &[&str] = &[
    "",
    "btree_map=.,bytes=.,enable_type_names,retain_enum_prefix,file_descriptor_set",
    r"flat_output_dir,type_attribute=.my=#[derive(Foo)],field_attribute=Outer.a=#[a],enum_attribute=.=#[e\,x],message_attribute=Plain=#[m],skip_debug=.my.pkg,disable_comments=Outer,boxed=Inner.back,compile_well_known_types,default_package_filename=nopkg.rs",
    r"extern_path=.my.other.sub=leaf_crate,btree_map=Outer.m,bytes=.my.other.UsesA.data,disable_comments=.,skip_debug=Copyable,type_attribute=Outer.choice=#[derive(Eq\, Hash)],field_attribute=Outer.choice.s=#[s],enum_attribute=Kind=#[k],compile_well_known_types=false,file_descriptor_set=true",
];

#[test]
fn prost_out_matches_protoc_gen_prost_on_fixtures() {
    let dir = shapes_dir();
    let files = protos(&dir);
    assert!(files.len() >= 8, "{files:?}");
    for (i, params) in PARAM_SETS.iter().enumerate() {
        let (n, differing) = compare_prost(&dir, &[".".into()], &files, params, &format!("set{i}"));
        assert!(n >= 7, "set {i}: only {n} files");
        assert!(differing.is_empty(), "set {i} ({params}): {differing:?}");
    }
}

/// Parameter sets for `--tonic_out`: defaults; switches with attributes
/// (patterns of each form); the other switches.
const TONIC_SETS: &[&str] = &[
    "",
    r#"no_transport,disable_package_emission,client_attribute=.=#[derive(Foo)],server_mod_attribute=greet.v1=#[cfg(feature = "server")],client_mod_attribute=.greet=#[x],server_attribute=Greeter=#[y]"#,
    "no_include,no_client,compile_well_known_types,extern_path=.my.pkg=kitchen,flat_output_dir",
    "no_server,compile_well_known_types=false,default_package_filename=x.rs",
];

#[test]
fn tonic_out_matches_protoc_gen_tonic_on_fixtures() {
    let dir = shapes_dir();
    let files = protos(&dir);
    for (i, params) in TONIC_SETS.iter().enumerate() {
        let (n, differing) = compare(
            &dir,
            &[".".into()],
            &files,
            &[("prost", ""), ("tonic", params)],
            &format!("tonic{i}"),
        );
        assert!(n >= 8, "set {i}: only {n} files");
        assert!(differing.is_empty(), "set {i} ({params}): {differing:?}");
    }
}

/// `--prost-crate_out` with `--prost_out` and `--tonic_out`, over the
/// fixtures: the include file, the manifest from a template (the
/// features section it marks replaced), the features; a package filter
/// and another separator; no manifest and no features.
#[test]
fn prost_crate_out_matches_protoc_gen_prost_crate_on_fixtures() {
    let dir = shapes_dir();
    // The template is read from protoc's working directory.
    let work = common::scratch("crate-work");
    common::copy_dir(&dir, &work);
    std::fs::write(
        work.join("Cargo.toml"),
        "[package]\nname = \"shapes\"\n\n[features]\n# @@protoc_deletion_point(features)\nold = []\n# @@protoc_insertion_point(features)\n\n[dependencies]\nprost = \"0.14\"\n",
    )
    .unwrap();
    std::fs::write(
        work.join("template.toml"),
        "[package]\nname = \"t\"\n# @@protoc_insertion_point(features)\n",
    )
    .unwrap();
    let files: Vec<String> = protos(&dir)
        .into_iter()
        .filter(|f| f != "nopkg.proto")
        .collect();
    for (i, params) in [
        "gen_crate",
        "gen_crate=template.toml,package_separator=_,include_file=lib.rs",
        "gen_crate,only_include=.my,only_include=.greet.v1",
        "no_features,include_file=src/protos.rs",
    ]
    .iter()
    .enumerate()
    {
        let (n, differing) = compare(
            &work,
            &[".".into()],
            &files,
            &[("prost", ""), ("tonic", ""), ("prost-crate", params)],
            &format!("crate{i}"),
        );
        assert!(n >= 9, "set {i}: only {n} files");
        assert!(differing.is_empty(), "set {i} ({params}): {differing:?}");
    }
    // Errors: a package filter without its dot; a missing template; a
    // parameter it does not take.
    for params in [
        "only_include=my",
        "gen_crate=missing.toml",
        "package_separator=/",
    ] {
        let args = |extra: Option<String>| {
            let mut a = vec!["-I.".to_string()];
            a.extend(extra);
            a.push(format!("--prost-crate_out={params}:."));
            a.push("kitchen.proto".into());
            a
        };
        let mut expected_cmd = common::oracle();
        expected_cmd.current_dir(&work);
        let expected = failure(expected_cmd, &args(Some(plugin_flag("prost-crate"))));
        let mut got_cmd = common::protogen();
        got_cmd.current_dir(&work);
        let got = failure(got_cmd, &args(None));
        assert_eq!(expected.0, Some(1), "{params}: {}", expected.1);
        assert_eq!(got, expected, "{params}");
    }
    let _ = std::fs::remove_dir_all(&work);
}

/// A run's exit code and standard error.
fn failure(mut cmd: Command, args: &[String]) -> (Option<i32>, String) {
    let out = cmd.args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn bad_parameters_fail_as_the_plugins_fail() {
    let dir = shapes_dir();
    let scratch = common::scratch("bad-params");
    // Values hold no `:`, which would end the parameter of --NAME_out.
    let cases = [
        ("prost", "bogus"),
        ("prost", "btree_map"),
        ("prost", "bytes=.a=b"),
        ("prost", "compile_well_known_types=yes"),
        ("prost", "default_package_filename=a=b"),
        ("prost", "extern_path=nodot=x"),
        ("prost", "extern_path=.a..b=x"),
        ("prost", "extern_path=.google.protobuf=pbjson_types"),
        ("prost", "extern_path=.a=x,extern_path=.a=y"),
        ("prost", r"type_attribute=.=#[a\,b],nope=k=v\,w"),
        ("tonic", "bogus"),
        ("tonic", "no_server=maybe"),
        ("tonic", "extern_path=.a"),
        ("tonic", "client_attribute=."),
        ("tonic", "server_attribute=.=#[x],type_attribute=.=#[y]"),
    ];
    for (generator, params) in cases {
        let args = |extra: Option<String>| {
            let mut a = vec![format!("-I{}", dir.display())];
            a.extend(extra);
            a.push(format!("--{generator}_out={params}:{}", scratch.display()));
            a.push("greeter.proto".into());
            a
        };
        let expected = failure(common::oracle(), &args(Some(plugin_flag(generator))));
        let got = failure(common::protogen(), &args(None));
        assert_eq!(expected.0, Some(1), "{params}: {}", expected.1);
        assert!(
            expected.1.contains("invalid parameter") || expected.1.contains("Protobuf path"),
            "{params}: {}",
            expected.1
        );
        assert_eq!(got, expected, "{params}");
    }
    // --prost_opt without --prost_out is unknown to protoc (prost is not one
    // of its own generators), and so to protogen.
    let args = vec![
        format!("-I{}", dir.display()),
        "--prost_opt=bytes=.".to_string(),
        format!("--python_out={}", scratch.display()),
        "nopkg.proto".into(),
    ];
    assert_eq!(
        failure(common::protogen(), &args),
        failure(common::oracle(), &args)
    );
    let _ = std::fs::remove_dir_all(&scratch);
}

#[test]
fn prost_out_matches_protoc_gen_prost_on_the_corpus() {
    let Some(corpus) = common::corpus() else {
        println!("PROTOGEN_CORPUS not set: corpus comparison not run");
        return;
    };
    let mut total = 0;
    let mut inputs = 0;
    let mut per_list = BTreeMap::new();
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
        let mut n_list = 0;
        for (i, batch) in batches.iter().enumerate() {
            let batch = common::codegen::without_editions(&corpus, &roots, batch);
            if batch.is_empty() {
                continue;
            }
            inputs += batch.len();
            let (n, differing) = compare(
                &corpus,
                &roots,
                &batch,
                &[("prost", ""), ("tonic", "")],
                &format!("{list}-{i}"),
            );
            assert!(differing.is_empty(), "{list}: {differing:?}");
            n_list += n;
        }
        per_list.insert(list, n_list);
        total += n_list;
    }
    // A second parameter set over a deterministic sample of the largest
    // tree (every eighth file; the first set covered all of it).
    let common::CorpusList { roots, files } = common::read_list(&corpus, "googleapis");
    let files: Vec<String> = files.into_iter().step_by(8).collect();
    let (n, differing) = compare(
        &corpus,
        &roots,
        &files,
        &[("prost", PARAM_SETS[1]), ("tonic", TONIC_SETS[1])],
        "googleapis-switches",
    );
    assert!(
        differing.is_empty(),
        "googleapis with {}: {differing:?}",
        PARAM_SETS[1]
    );
    println!(
        "prost_out and tonic_out: {total} files from {inputs} proto2/proto3 corpus inputs identical to protoc-gen-prost's and protoc-gen-tonic's ({per_list:?}); every eighth googleapis file with other parameters: {n} identical"
    );
    assert!(total > 1000);
}

/// The module tree of generated files: each in the module its directory
/// names, the package file `_` at the root.
fn lib_rs(files: &[String]) -> String {
    #[derive(Default)]
    struct Node {
        include: Vec<String>,
        children: BTreeMap<String, Node>,
    }
    let mut root = Node::default();
    for f in files {
        let mut node = &mut root;
        let parts: Vec<&str> = f.split('/').collect();
        for dir in &parts[..parts.len() - 1] {
            node = node.children.entry(dir.to_string()).or_default();
        }
        node.include.push(f.clone());
    }
    fn emit(node: &Node, out: &mut String) {
        for inc in &node.include {
            out.push_str(&format!(
                "include!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/gen/{inc}\"));\n"
            ));
        }
        for (name, child) in &node.children {
            out.push_str(&format!("pub mod {name} {{\n"));
            emit(child, out);
            out.push_str("}\n");
        }
    }
    let mut out =
        String::from("#![allow(dead_code, non_camel_case_types, deprecated, clippy::all)]\n");
    emit(&root, &mut out);
    out
}

/// The crates generated code is built with.
const PROST_DEPS: &str = "prost = \"=0.14.1\"\nprost-types = \"=0.14.1\"\nbytes = \"1\"\n";
const TONIC_DEPS: &str = "tonic = \"=0.14.2\"\ntonic-prost = \"=0.14.2\"\ntokio = { version = \"1\", features = [\"rt-multi-thread\", \"macros\", \"net\"] }\ntokio-stream = { version = \"0.1\", features = [\"net\"] }\n";

/// A crate named `name` around generated files, built with the prost
/// crates (and `extra` dependencies), with `main` as its program if
/// given; returns the program.
fn build_crate(
    dir: &Path,
    name: &str,
    generated: &BTreeMap<String, Vec<u8>>,
    main: Option<&str>,
    extra: &str,
) -> PathBuf {
    std::fs::create_dir_all(dir.join("src")).unwrap();
    for (name, bytes) in generated {
        let path = dir.join("gen").join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    // A tonic file is included by its package's prost file.
    let names: Vec<String> = generated
        .keys()
        .filter(|n| !n.ends_with(".tonic.rs"))
        .cloned()
        .collect();
    std::fs::write(dir.join("src/lib.rs"), lib_rs(&names)).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!("[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[dependencies]\n{PROST_DEPS}{extra}\n[workspace]\n"),
    )
    .unwrap();
    if let Some(main) = main {
        std::fs::write(dir.join("src/main.rs"), main).unwrap();
    }
    let target = common::repo().join("target/rust-check");
    let out = Command::new(env!("CARGO"))
        .current_dir(dir)
        .args(["build", "--quiet"])
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "generated code does not build:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    target.join("debug").join(name)
}

#[test]
fn generated_code_builds_with_prost() {
    let dir = shapes_dir();
    let files = protos(&dir);
    for (i, params) in PARAM_SETS[..2].iter().enumerate() {
        let generated = common::codegen::generate(
            common::protogen(),
            &dir,
            &[".".into()],
            &files,
            &[format!("--prost_out={params}:OUT")],
            &format!("build{i}"),
        );
        let krate = common::scratch(&format!("crate{i}"));
        build_crate(&krate, "prost-check", &generated, None, "");
        let _ = std::fs::remove_dir_all(&krate);
    }
}

/// Editions files, which protoc-gen-prost cannot read, generate exactly
/// what the plugin writes for their proto2 or proto3 twins (the same
/// schema, its semantics spelled with features), built in and as a plugin.
#[test]
fn editions_files_generate_as_their_legacy_twins() {
    let dir = common::repo().join("fixtures/codegen/prost/editions");
    let pairs = [
        ("proto2", "e2023", "twin2.proto"),
        ("proto3", "e2023", "twin3.proto"),
        ("proto3", "e2024", "twin3.proto"),
    ];
    for (legacy, edition, file) in pairs {
        let tag = format!("{edition}-{file}");
        let expected = common::codegen::generate(
            common::oracle(),
            &dir,
            &[legacy.into()],
            &[file.into()],
            &[plugin_flag("prost"), "--prost_out=OUT".into()],
            &format!("{tag}-twin"),
        );
        assert!(!expected.is_empty());
        let got = common::codegen::generate(
            common::protogen(),
            &dir,
            &[edition.into()],
            &[file.into()],
            &["--prost_out=OUT".into()],
            &tag,
        );
        let mut differing = common::codegen::differences(&expected, &got);
        differing.extend(common::codegen::as_plugin(
            env!("CARGO_BIN_EXE_protogen"),
            &dir,
            &[edition.into()],
            &[file.into()],
            &["--prost_out=OUT".into()],
            &tag,
            &expected,
        ));
        assert!(differing.is_empty(), "{edition}/{file}: {differing:?}");
    }
    // The plugin itself gives up on an editions file.
    let scratch = common::scratch("editions-plugin");
    let out = common::oracle()
        .current_dir(&dir)
        .args(["-Ie2023", &plugin_flag("prost")])
        .arg(format!("--prost_out={}", scratch.display()))
        .arg("twin2.proto")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let _ = std::fs::remove_dir_all(&scratch);
}

/// The Rust program of the wire round trip: each input line "TYPE HEX"
/// decoded with the generated type named TYPE and encoded again.
fn wire_main(types: &[(&str, &str)]) -> String {
    let mut arms = String::new();
    for (proto, rust) in types {
        arms.push_str(&format!(
            "            \"{proto}\" => roundtrip::<prost_wire::{rust}>(&bytes),\n"
        ));
    }
    format!(
        r#"use prost::Message;

fn roundtrip<T: Message + Default>(bytes: &[u8]) -> Vec<u8> {{
    T::decode(bytes).expect("the message decodes").encode_to_vec()
}}

fn main() {{
    let input = std::io::read_to_string(std::io::stdin()).unwrap();
    for line in input.lines() {{
        let (ty, hex) = line.split_once(' ').unwrap();
        let bytes: Vec<u8> = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect();
        let out = match ty {{
{arms}            other => panic!("no generated type for {{other}}"),
        }};
        let hex: String = out.iter().map(|b| format!("{{b:02x}}")).collect();
        println!("{{hex}}");
    }}
}}
"#
    )
}

/// Messages of the editions fixtures (groups as delimited fields, closed
/// enums, required fields, packed and expanded repeated fields) and, with
/// the corpus, of protobuf's test_messages_proto2/proto3: encoded by the
/// Python runtime, decoded and encoded again by protogen's prost code,
/// and read back by the Python runtime unchanged.
#[test]
fn generated_code_round_trips_with_the_python_runtime() {
    let fixtures = common::repo().join("fixtures/codegen/prost");
    let editions = fixtures.join("editions");
    let mut roots = vec![
        editions.join("e2024").display().to_string(),
        editions.join("e2023").display().to_string(),
    ];
    let mut inputs = vec!["twin2.proto".to_string(), "twin3.proto".to_string()];
    let mut types = vec![
        ("twin2.Shapes", "twin2::Shapes"),
        ("twin3.Shapes", "twin3::Shapes"),
    ];
    let wire = fixtures.join("wire");
    let mut docs = vec![wire.join("twin2.txtpb"), wire.join("twin3.txtpb")];
    let corpus = common::corpus();
    if let Some(corpus) = &corpus {
        roots.push(corpus.join("protobuf").display().to_string());
        inputs.push("google/protobuf/test_messages_proto2.proto".into());
        inputs.push("google/protobuf/test_messages_proto3.proto".into());
        types.push((
            "protobuf_test_messages.proto2.TestAllTypesProto2",
            "protobuf_test_messages::proto2::TestAllTypesProto2",
        ));
        types.push((
            "protobuf_test_messages.proto3.TestAllTypesProto3",
            "protobuf_test_messages::proto3::TestAllTypesProto3",
        ));
        docs.push(wire.join("all_types_proto2.txtpb"));
        docs.push(common::repo().join("fixtures/cli/corpus-messages/all_types_proto3.txtpb"));
    } else {
        println!("PROTOGEN_CORPUS not set: test_messages_proto2/proto3 not round-tripped");
    }
    let here = common::repo();
    let rust = common::codegen::generate(
        common::protogen(),
        &here,
        &roots,
        &inputs,
        &["--prost_out=OUT".into()],
        "wire-rust",
    );
    let krate = common::scratch("wire-crate");
    let program = build_crate(&krate, "prost-wire", &rust, Some(&wire_main(&types)), "");
    common::codegen::python_round_trip(&roots, &inputs, &program, &docs);
    let _ = std::fs::remove_dir_all(&krate);
}

/// A tonic server and client on loopback, from protogen's `--prost_out`
/// and `--tonic_out` code for fixtures/codegen/prost/shapes/greeter.proto:
/// unary, server-streaming, client-streaming and bidirectional calls, an
/// error status, and methods whose types are well-known or of another
/// package.
#[test]
fn tonic_server_and_client_run_on_generated_code() {
    let dir = shapes_dir();
    let generated = common::codegen::generate(
        common::protogen(),
        &dir,
        &[".".into()],
        &protos(&dir),
        &["--prost_out=OUT".into(), "--tonic_out=OUT".into()],
        "tonic-run",
    );
    assert!(generated.contains_key("greet/v1/greet.v1.tonic.rs"));
    let krate = common::scratch("tonic-crate");
    let main = std::fs::read_to_string(common::repo().join("tests/rust/greeter.rs")).unwrap();
    let program = build_crate(&krate, "tonic-check", &generated, Some(&main), TONIC_DEPS);
    let run = Command::new(&program).output().unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success() && stdout.trim_end().ends_with("OK"),
        "{stdout}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let _ = std::fs::remove_dir_all(&krate);
}

/// A plugin request whose names are no identifiers (which no compiled
/// file has, but a request may): each Rust generator answers with an error
/// naming the name, never an internal error.
#[test]
fn names_that_are_no_identifiers_are_reported() {
    use protogen::descriptor::plugin::{CodeGeneratorRequest, CodeGeneratorResponse};
    use protogen::descriptor::{
        DescriptorProto, FileDescriptorProto, MethodDescriptorProto, ServiceDescriptorProto,
    };
    use std::io::Write;
    for (lang, bad) in [
        ("tonic", "a-b"),
        ("tonic", "9x"),
        ("tonic", ""),
        ("prost", "a-b"),
    ] {
        let file = FileDescriptorProto {
            name: Some("x.proto".into()),
            package: Some("p".into()),
            syntax: Some("proto3".into()),
            message_type: vec![DescriptorProto {
                name: Some("M".into()),
                ..Default::default()
            }],
            service: vec![ServiceDescriptorProto {
                name: Some("S".into()),
                method: vec![MethodDescriptorProto {
                    name: Some(bad.into()),
                    input_type: Some(".p.M".into()),
                    output_type: Some(".p.M".into()),
                    ..Default::default()
                }],
                ..Default::default()
            }],
            ..Default::default()
        };
        let request = CodeGeneratorRequest {
            file_to_generate: vec!["x.proto".into()],
            parameter: Some(format!("lang={lang}")),
            proto_file: vec![file],
            ..Default::default()
        };
        let mut child = Command::new(env!("CARGO_BIN_EXE_protogen"))
            .arg("plugin")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(&request.encode())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        let response = CodeGeneratorResponse::decode(&out.stdout).unwrap();
        let error = response.error.unwrap_or_default();
        assert!(!error.contains("internal error"), "{lang} {bad:?}: {error}");
        if lang == "tonic" {
            assert!(error.contains("is not an identifier"), "{bad:?}: {error}");
        } else {
            // prost writes no code for services.
            assert!(error.is_empty() && !response.file.is_empty(), "{error}");
        }
    }
}
