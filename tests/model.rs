//! The typed model is the same whichever way it is built: from protogen's
//! own compilation of the sources, from the descriptor set protoc 35.1
//! writes for them, or from a compilation of that set's files (the
//! plugin-mode and `--descriptor_set_in` entry point).
//! Every entity is compared: ids, resolved references, field kinds,
//! presence, defaults, typed options, resolved features, spans, comments.

mod common;

use std::path::Path;

use common::*;
use protogen::descriptor::FileDescriptorSet;
use protogen::semantic::model::Model;
use protogen::semantic::{compile_with_sets, DescriptorSets};
use protogen::source::Resolver;

/// The model of `name` built both ways; `None` where they agree.
fn difference(cwd: &Path, includes: &[String], name: &str) -> Option<String> {
    let mut args: Vec<String> = includes.iter().map(|i| format!("-I{i}")).collect();
    args.extend([
        "--include_imports".into(),
        "--include_source_info".into(),
        "--retain_options".into(),
        name.to_string(),
    ]);
    let (out, set) = run_to_set(oracle(), cwd, &args, "model");
    let set = set.unwrap_or_else(|| {
        panic!(
            "protoc rejects {name}: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let set = FileDescriptorSet::decode(&set).expect("protoc's set decodes");
    let mut sets = DescriptorSets {
        preferred: true,
        ..Default::default()
    };
    sets.add(set.clone());
    let linked = compile_with_sets(&Resolver::from_pairs(&[]), Some(&sets), &[name.to_string()]);
    assert!(!linked.has_errors(), "protoc's set of {name} links");
    let root = linked.roots[0].expect("linked");
    let via_set = Model::from_compilation(&linked, &[root]).expect("the linked set resolves");
    let from_protoc = Model::from_descriptors(set.file).expect("protoc's set resolves");

    let roots: Vec<String> = includes
        .iter()
        .map(|i| cwd.join(i).display().to_string())
        .collect();
    let resolver = Resolver::new(&roots);
    let compiled = protogen::semantic::compile(&resolver, &[name.to_string()]);
    assert!(!compiled.has_errors(), "protogen rejects {name}");
    let file = compiled.roots[0].expect("compiled");
    let own = Model::from_compilation(&compiled, &[file]).expect("protogen's files resolve");

    let (a, b, c) = (from_protoc.dump(), own.dump(), via_set.dump());
    if a == b && a == c {
        return None;
    }
    let (b, label) = if a == b {
        (c, "from the linked set")
    } else {
        (b, "protogen")
    };
    let line = a
        .lines()
        .zip(b.lines())
        .find(|(x, y)| x != y)
        .map(|(x, y)| format!("protoc: {x}\n{label}: {y}"))
        .unwrap_or_else(|| "one dump is a prefix of the other".into());
    Some(format!("{name}:\n{line}"))
}

#[test]
fn models_from_source_and_from_protoc_descriptors_agree_on_fixtures() {
    let mut names: Vec<String> = std::fs::read_dir(repo().join("fixtures/ok"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".proto"))
        .collect();
    names.sort();
    // Known to differ in its descriptor bytes (tests/known_divergences.txt).
    names.retain(|n| n != "lex_unicode_escape_lone_surrogate.proto");
    let includes = ["fixtures/ok".to_string(), "fixtures/common".to_string()];
    let problems: Vec<String> = names
        .iter()
        .filter_map(|n| difference(&repo(), &includes, n))
        .collect();
    println!("models compared: {}", names.len());
    assert!(names.len() > 300, "the ok fixtures are found");
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// Every `step`th file of each corpus list (all of them with
/// PROTOGEN_MODEL_CORPUS=all, as run locally; CI runs the sample).
#[test]
fn models_from_source_and_from_protoc_descriptors_agree_on_the_corpus() {
    let Some(corpus) = corpus() else {
        eprintln!("PROTOGEN_CORPUS not set: the model is not compared on the corpus");
        return;
    };
    let all = std::env::var("PROTOGEN_MODEL_CORPUS").is_ok_and(|v| v == "all");
    let mut compared = 0;
    let mut problems = Vec::new();
    for name in [
        "googleapis",
        "protobuf",
        "protobuf-ruby",
        "opentelemetry",
        "grpc-proto",
    ] {
        let list = read_list(&corpus, name);
        let step = if all {
            1
        } else {
            (list.files.len() / 40).max(1)
        };
        for f in list.files.iter().step_by(step) {
            compared += 1;
            problems.extend(difference(&corpus, &list.roots, f));
        }
    }
    println!("corpus models compared: {compared}");
    assert!(compared > 100, "the corpus lists were read");
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
