//! `--NAME_out`: running each generator, collecting its files per output
//! location, and writing everything only once every generator succeeded;
//! then `--dependency_out` and `--descriptor_set_out`.

use std::io::Write;

use super::{report, Outcome};
use crate::codegen::output::OutputDir;
use crate::descriptor as d;
use crate::descriptor::edition::Edition;
use crate::descriptor::plugin::{CodeGeneratorRequest, COMPILER_VERSION};
use crate::descriptor::plugin::{FEATURE_PROTO3_OPTIONAL, FEATURE_SUPPORTS_EDITIONS};
use crate::driver::{Invocation, OutputDirective};
use crate::plugin::host::{self, Program};
use crate::semantic::export::{export_file, ExportOptions};
use crate::semantic::model::{FileId, Model};
use crate::semantic::Compilation;
use crate::semantic::Positions;

/// Generators protoc runs as plugins without JSON names in the request.
const NO_JSON_NAME_PLUGINS: &[&str] = &["cpp", "java", "mutable_java", "python"];

fn is_archive(location: &str) -> bool {
    [".zip", ".jar", ".srcjar"]
        .iter()
        .any(|e| location.ends_with(e))
}

/// Generates every `--NAME_out`, writes the outputs, the dependency file and
/// the descriptor set. Returns false (having printed why) on failure.
pub fn compile_outputs(inv: &Invocation, outcome: &mut Outcome, err: &mut impl Write) -> bool {
    let roots = outcome.roots.clone().unwrap_or_default();
    let builtin = |d: &OutputDirective| builtin_for(inv, d).is_some();
    // Built once, before any generator runs, for all the built-in ones.
    let model = inv
        .outputs
        .iter()
        .any(builtin)
        .then(|| crate::codegen::model_of(&outcome.compilation, &roots));
    // The model has its own copy of the comments. Freed only to make room
    // for the generators: a run that writes just a descriptor set ends
    // sooner without the work.
    let positions = positions_read(inv);
    if positions != Positions::All && model.is_some() {
        outcome.compilation.release_source_locations();
    }
    let facts = root_facts(&outcome.compilation, &roots);
    // When only built-in generators run, none embedding plugin files, and
    // nothing is written from the compilation after them (no descriptor
    // set, no dependency file), they read nothing but the model: the
    // compilation is freed before they run, to make room for their output.
    let read_after = positions == Positions::All
        || inv.descriptor_set_out.is_some()
        || inv.dependency_out.is_some();
    if model.is_some() && !read_after {
        // Freed on this thread, whose heap then gives the memory back.
        drop(std::mem::take(&mut outcome.compilation));
    }
    let (outcome, roots) = (&*outcome, roots.as_slice());
    let c = &outcome.compilation;
    // Locations in the order first named; generators writing to one location share it.
    let mut locations: Vec<(String, OutputDir)> = Vec::new();
    for directive in &inv.outputs {
        let mut location = directive.location.clone();
        if !is_archive(&location) && !location.ends_with('/') && !location.is_empty() {
            location.push('/');
        }
        let idx = match locations.iter().position(|(l, _)| *l == location) {
            Some(i) => i,
            None => {
                locations.push((location, OutputDir::default()));
                locations.len() - 1
            }
        };
        let dir = &mut locations[idx].1;
        if let Err(e) = run_generator(inv, c, roots, &facts, model.as_ref(), directive, dir, err) {
            let _ = writeln!(err, "{}: {e}", directive.flag);
            return false;
        }
    }
    for (location, dir) in &mut locations {
        if location.ends_with(".jar") {
            dir.add_jar_manifest();
        }
    }
    // Nothing is written unless every location can be written as asked
    // (protoc writes the locations it reaches before a missing directory).
    for (location, dir) in &locations {
        let ready = if is_archive(location) {
            Ok(())
        } else {
            crate::codegen::output::missing_directory(location)
        };
        if let Err(e) = ready.and_then(|_| dir.validate(inv.unsafe_allow_out_dir_escape)) {
            let _ = writeln!(err, "{e}");
            return false;
        }
    }
    for (location, dir) in &locations {
        let r = if is_archive(location) {
            dir.write_to_zip(location)
        } else {
            dir.write_to_disk(location)
        };
        if let Err(e) = r {
            let _ = writeln!(err, "{e}");
            return false;
        }
    }
    if let Some(path) = &inv.dependency_out {
        let mut outputs: Vec<String> = Vec::new();
        for (location, dir) in &locations {
            for name in dir.names() {
                let full = format!("{location}{name}");
                outputs.push(full.strip_prefix("./").map(str::to_string).unwrap_or(full));
            }
        }
        outputs.extend(inv.descriptor_set_out.iter().cloned());
        let files: Vec<&str> = request_order(c, roots)
            .into_iter()
            .map(|f| c.pool.files[f].name.as_str())
            .collect();
        let text = report::dependency_file(&outputs, &files, &outcome.resolver);
        if let Err(e) = std::fs::write(path, text) {
            let _ = writeln!(err, "{path}: {e}");
            return false;
        }
    }
    if let Some(path) = &inv.descriptor_set_out {
        if let Err(e) = write_file_with(path, |w| outcome.write_descriptor_set(inv, w)) {
            let _ = writeln!(err, "{path}: {e}");
            return false;
        }
    }
    true
}

/// Writes `bytes` to `path`. A regular file (or a new one) is written
/// through a temporary file and a rename, so a failed write leaves nothing
/// behind; anything else (`/dev/null`, a pipe) is written in place, never
/// replaced.
pub fn write_file(path: &str, bytes: &[u8]) -> std::io::Result<()> {
    write_file_with(path, |w| w.write_all(bytes))
}

/// [`write_file`] of what `write` writes.
pub fn write_file_with(
    path: &str,
    write: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let write = |to: &str| -> std::io::Result<()> {
        let mut f = std::io::BufWriter::new(std::fs::File::create(to)?);
        write(&mut f)?;
        f.flush()
    };
    let regular = std::fs::metadata(path).map_or(true, |m| m.is_file());
    if !regular {
        return write(path);
    }
    let tmp = format!("{path}.protogen-tmp");
    write(&tmp)
        .and_then(|_| std::fs::rename(&tmp, path))
        .inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })
}

/// Every file a request carries, in protoc's order: for each input, the
/// files of its `import option`s and their dependencies, then its own
/// dependencies, each file after what it imports.
pub fn request_order(c: &Compilation, roots: &[usize]) -> Vec<usize> {
    crate::semantic::export::output_order(&c.pool, roots, true)
}

/// File `f` as protoc puts it in a `CodeGeneratorRequest.proto_file`:
/// dependencies keep every option; the files to generate lose
/// source-retention options (kept in `source_file_descriptors`), and with
/// `bootstrap` their source information and JSON names.
fn plugin_file(
    c: &Compilation,
    roots: &[usize],
    f: usize,
    parameter: &str,
    json_names: bool,
) -> crate::descriptor::FileDescriptorProto {
    let bootstrap = parameter.split(',').any(|p| p == "bootstrap");
    let generate = roots.contains(&f);
    let opts = ExportOptions {
        include_imports: true,
        include_source_info: !(generate && bootstrap),
        retain_options: !generate,
        include_json_name: json_names && !(generate && bootstrap),
    };
    export_file(&c.pool, &c.sources, f, opts)
}

/// The `CodeGeneratorRequest` protoc sends a generator for these inputs.
pub fn build_request(
    c: &Compilation,
    roots: &[usize],
    parameter: &str,
    json_names: bool,
) -> CodeGeneratorRequest {
    let mut request = CodeGeneratorRequest {
        parameter: (!parameter.is_empty()).then(|| parameter.to_string()),
        compiler_version: Some(COMPILER_VERSION),
        ..Default::default()
    };
    for &r in roots {
        request.file_to_generate.push(c.pool.files[r].name.clone());
    }
    for f in request_order(c, roots) {
        let generate = roots.contains(&f);
        request
            .proto_file
            .push(plugin_file(c, roots, f, parameter, json_names));
        if generate {
            let source = ExportOptions {
                include_imports: true,
                include_source_info: true,
                retain_options: true,
                include_json_name: json_names,
            };
            request
                .source_file_descriptors
                .push(export_file(&c.pool, &c.sources, f, source));
        }
    }
    request
}

/// What is read of the compiled files' source locations after compiling:
/// all of them for source information and for a plugin's request (or a
/// built-in generator embedding plugin files); the comments, for the
/// built-in generators' model; nothing for a descriptor set alone.
pub fn positions_read(inv: &Invocation) -> Positions {
    let all = inv.include_source_info
        || inv.outputs.iter().any(|d| match builtin_for(inv, d) {
            Some(g) => g.embeds_plugin_files(&parameter_of(inv, d)),
            None => true,
        });
    if all {
        Positions::All
    } else if !inv.outputs.is_empty() {
        Positions::Comments
    } else {
        Positions::None
    }
}

/// The built-in generator a directive runs, if any. One that protoc does
/// not build in gives way to a plugin named for it with `--plugin`.
fn builtin_for(
    inv: &Invocation,
    directive: &OutputDirective,
) -> Option<&'static dyn crate::codegen::Generator> {
    crate::codegen::builtin(&directive.name).filter(|g| {
        !g.yields_to_plugin()
            || !inv
                .plugins
                .contains_key(&format!("protoc-gen-{}", directive.name))
    })
}

/// A generator's parameter: the `--NAME_out` one, then `--NAME_opt` values.
fn parameter_of(inv: &Invocation, directive: &OutputDirective) -> String {
    let mut parameter = directive.parameter.clone();
    if let Some(extra) = inv.generator_options.get(&directive.name) {
        if !extra.is_empty() {
            if !parameter.is_empty() {
                parameter.push(',');
            }
            parameter.push_str(extra);
        }
    }
    parameter
}

type BuiltModel<'a> = Option<&'a Result<(Model, Vec<FileId>), String>>;

#[allow(clippy::too_many_arguments)]
fn run_generator(
    inv: &Invocation,
    c: &Compilation,
    roots: &[usize],
    facts: &[RootFacts],
    model: BuiltModel,
    directive: &OutputDirective,
    dir: &mut OutputDir,
    err: &mut impl Write,
) -> Result<(), String> {
    let parameter = parameter_of(inv, directive);
    if let Some(generator) = builtin_for(inv, directive) {
        // A built-in generator: what it supports is checked before it runs.
        let (min, max) = generator.editions();
        let support = Support {
            features: generator.supported_features(),
            minimum_edition: Some(min.0),
            maximum_edition: Some(max.0),
        };
        if !check_support(inv, facts, &directive.flag, &support, err) {
            return Err(String::new());
        }
        let (model, targets) = model
            .expect("a model when any generator is built in")
            .as_ref()
            .map_err(|e| e.clone())?;
        // Called only by a generator that embeds plugin files, for which
        // the compilation is kept (see `positions_read`).
        let plugin_files = |wanted: &dyn Fn(&str) -> bool| {
            let files: Vec<usize> = request_order(c, roots)
                .into_iter()
                .filter(|&f| wanted(&c.pool.files[f].name))
                .collect();
            crate::parallel::map(&files, |&f| {
                let mut bytes = Vec::new();
                plugin_file(c, roots, f, &parameter, true).encode(&mut bytes);
                (c.pool.files[f].name.clone(), bytes)
            })
        };
        let request = crate::codegen::Request {
            model,
            targets,
            parameter: &parameter,
            plugin_files: &plugin_files,
        };
        let files = crate::codegen::run(generator, &request)?;
        return dir.add_response(files, &directive.flag);
    }
    let plugin = format!("protoc-gen-{}", directive.name);
    let json_names = !NO_JSON_NAME_PLUGINS.contains(&directive.name.as_str());
    let request = build_request(c, roots, &parameter, json_names);
    let program = match inv.plugins.get(&plugin) {
        Some(path) => Program::Exact(path),
        None => Program::Search(&plugin),
    };
    let mut response = host::run(program, &request).map_err(|e| {
        if let Some(p) = &e.preamble {
            let _ = writeln!(err, "{p}");
        }
        let mut text = format!("{plugin}: {}", e.message);
        let protoc_only = crate::codegen::PROTOC_ONLY
            .iter()
            .find(|(name, _)| *name == directive.name);
        if let (true, Some((name, language))) = (e.not_started, protoc_only) {
            text.push_str(&format!(
                "\nnote: protoc's built-in {language} generator (--{name}_out) is not part of protogen, which builds in {}; install {plugin} on PATH or name it with --plugin={plugin}=PATH",
                crate::codegen::builtin_names()
            ));
        }
        text
    })?;
    dir.add_response(std::mem::take(&mut response.file), &plugin)?;
    let support = Support {
        features: response.supported_features,
        minimum_edition: response.minimum_edition,
        maximum_edition: response.maximum_edition,
    };
    let supported = check_support(inv, facts, &plugin, &support, err);
    match response.error {
        Some(e) if !e.is_empty() => Err(e),
        // What is unsupported was printed already; protoc adds an empty error line.
        _ if !supported => Err(String::new()),
        _ => Ok(()),
    }
}

/// What a generator declares it supports.
struct Support {
    features: u64,
    minimum_edition: Option<i32>,
    maximum_edition: Option<i32>,
}

/// What a generator's declared support is checked against, for each file
/// to generate.
struct RootFacts {
    name: String,
    edition: Edition,
    /// A proto3 file with `optional` fields.
    proto3_optional: bool,
}

fn root_facts(c: &Compilation, roots: &[usize]) -> Vec<RootFacts> {
    roots
        .iter()
        .map(|&r| {
            let f = &c.pool.files[r];
            RootFacts {
                name: f.name.clone(),
                edition: f.edition,
                proto3_optional: f.edition == Edition::PROTO3
                    && f.proto.message_type.iter().any(has_proto3_optional),
            }
        })
        .collect()
}

/// protoc's checks that a generator supports what the inputs use: proto3
/// `optional`, and the editions of editions files.
fn check_support(
    inv: &Invocation,
    roots: &[RootFacts],
    generator: &str,
    support: &Support,
    err: &mut impl Write,
) -> bool {
    let features = support.features;
    let mut ok = true;
    if features & FEATURE_PROTO3_OPTIONAL == 0 {
        if let Some(f) = roots.iter().find(|f| f.proto3_optional) {
            let _ = writeln!(
                err,
                "{}: is a proto3 file that contains optional fields, but code generator {generator} hasn't been updated to support optional fields in proto3. Please ask the owner of this code generator to support proto3 optional.",
                f.name
            );
            ok = false;
        }
    }
    if !inv.experimental_editions {
        let min = Edition(support.minimum_edition.unwrap_or(0));
        let max = Edition(support.maximum_edition.unwrap_or(0));
        for f in roots {
            if f.edition < Edition::E2023 || skips_edition_check(&f.name) {
                continue;
            }
            let problem = if features & FEATURE_SUPPORTS_EDITIONS == 0 {
                format!("{}: is an editions file, but code generator {generator} hasn't been updated to support editions yet.  Please ask the owner of this code generator to add support or switch back to proto2/proto3.\n\nSee https://protobuf.dev/editions/overview/ for more information.", f.name)
            } else if f.edition < min {
                format!("{}: is a file using edition {}, which isn't supported by code generator {generator}.  Please upgrade your file to at least edition {}.", f.name, f.edition, min)
            } else if f.edition > max {
                format!("{}: is a file using edition {}, which isn't supported by code generator {generator}.  Please ask the owner of this code generator to add support or switch back to a maximum of edition {}.", f.name, f.edition, max)
            } else {
                continue;
            };
            let _ = write!(err, "{problem}");
            ok = false;
            break;
        }
    }
    ok
}

fn has_proto3_optional(m: &d::DescriptorProto) -> bool {
    m.field.iter().any(|f| f.proto3_optional == Some(true))
        || m.nested_type.iter().any(has_proto3_optional)
}

/// protoc's own files and test protos are exempt from editions checks.
fn skips_edition_check(name: &str) -> bool {
    [
        "google/protobuf/",
        "upb/",
        "com/google/protobuf/",
        "conformance/test_protos/",
        "test_messages_edition_unstable",
    ]
    .iter()
    .any(|p| name.starts_with(p))
}
