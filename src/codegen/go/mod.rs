//! The Go generators. `--go_out` writes what protoc-gen-go v1.36.12
//! writes: one `.pb.go` file per .proto file (and a `_protoopaque.pb.go`
//! twin for a file of the hybrid API), with the messages (open struct,
//! hybrid or opaque API), enums, extensions and the file's descriptor
//! registration, laid out exactly as gofmt prints it.

pub mod annotate;
pub mod doc_comment;
pub mod enums;
pub mod extensions;
pub mod file;
pub mod grpc;
pub mod literal;
pub mod message;
pub mod names;
pub mod opaque;
pub mod params;
pub mod public;
pub mod rawdesc;
pub mod tabwriter;
pub mod tags;
pub mod wellknown;
pub mod writer;

use std::collections::HashSet;

use super::{Generator, Request};
use crate::descriptor::edition::Edition;
use crate::descriptor::plugin::{ResponseFile, FEATURE_PROTO3_OPTIONAL, FEATURE_SUPPORTS_EDITIONS};
use crate::descriptor::FileDescriptorProto;
use crate::semantic::model::features::ApiLevel;
use crate::semantic::model::{FileId, Model};
use names::Names;
use params::Params;

const FEATURES: u64 = FEATURE_PROTO3_OPTIONAL | FEATURE_SUPPORTS_EDITIONS;
const EDITIONS: (Edition, Edition) = (Edition::PROTO2, Edition::E2024);

/// protoc-gen-go, built in.
pub struct GoGenerator;

impl Generator for GoGenerator {
    fn name(&self) -> &'static str {
        "go"
    }

    fn help(&self) -> &'static str {
        "Go messages (`.pb.go`), as protoc-gen-go v1.36.12. Parameters: paths=import|source_relative, module=PREFIX, M<file>=<import path>[;<package>], annotate_code, default_api_level=API_OPEN|API_HYBRID|API_OPAQUE, apilevelM<file>=LEVEL."
    }

    fn supported_features(&self) -> u64 {
        FEATURES
    }

    fn editions(&self) -> (Edition, Edition) {
        EDITIONS
    }

    fn yields_to_plugin(&self) -> bool {
        true
    }

    fn embeds_plugin_files(&self, _parameter: &str) -> bool {
        true
    }

    fn generate(&self, request: &Request) -> Result<Vec<ResponseFile>, String> {
        let mut plugins = String::new();
        let params = Params::parse(request.parameter, |name, value| match name {
            "plugins" => {
                plugins = value.to_string();
                Ok(())
            }
            "experimental_strip_nonfunctional_codegen" => params::parse_bool(value).map(|_| ()),
            _ => Err(format!("no such flag -{name}")),
        })
        .map_err(|e| format!("protoc-gen-go: {e}"))?;
        if params.flags.iter().any(|(n, v)| {
            n == "experimental_strip_nonfunctional_codegen" && params::parse_bool(v) == Ok(true)
        }) {
            return Err("protoc-gen-go: experimental_strip_nonfunctional_codegen is not supported by protogen".into());
        }
        let model = request.model;
        let files = request_files(model, request.targets);
        let names =
            Names::new(model, &files, &params).map_err(|e| format!("protoc-gen-go: {e}"))?;
        if !plugins.is_empty() {
            return Err("protoc-gen-go: plugins are not supported; use 'protoc --go-grpc_out=...' to generate gRPC\n\nSee https://grpc.io/docs/languages/go/quickstart/#regenerate-grpc-code for more information.".into());
        }
        let (targets, descriptors) = targets(request, &files, "protoc-gen-go", |_| true)?;
        let encoder = rawdesc::Encoder::new(model, &files);
        let runs = opaque::hybrid_done_before(model, &names, &files, &targets);
        let generated = crate::parallel::map(&runs, |(t, before)| {
            let t = *t;
            let hybrid_done = opaque::HybridDone::new(before.clone());
            let name = &model[model.file(t).name];
            let descriptor = &descriptors
                .iter()
                .find(|(n, _)| n == name)
                .expect("every target's descriptor is in the request")
                .1;
            let input = file::FileInput {
                descriptor,
                raw_descriptor: encoder.raw_descriptor(descriptor),
                hybrid_done: &hybrid_done,
            };
            let main = file::gen_file(model, &names, &files, t, &input);
            // A hybrid file has an opaque twin, chosen by a build tag.
            let variant = (names.file(t).api_level == ApiLevel::Hybrid).then(|| {
                hybrid_done.borrow_mut().insert(t);
                file::gen_file_variant(model, &names, &files, t, &input, true)
            });
            (main, variant)
        });
        let mut out = Vec::new();
        for (&t, (main, variant)) in targets.iter().zip(generated) {
            let prefix = &names.file(t).prefix;
            for (suffix, generated) in [("", Some(main)), ("_protoopaque", variant)] {
                let Some(generated) = generated else { continue };
                let name = format!("{prefix}{suffix}.pb.go");
                push_go_file(&mut out, &params, model, t, name, generated)?;
            }
        }
        Ok(out)
    }
}

/// protoc-gen-go-grpc, built in.
pub struct GoGrpcGenerator;

impl Generator for GoGrpcGenerator {
    fn name(&self) -> &'static str {
        "go-grpc"
    }

    fn help(&self) -> &'static str {
        "Go gRPC services (`_grpc.pb.go`), as protoc-gen-go-grpc v1.6.2. Parameters: require_unimplemented_servers=BOOL, paths=import|source_relative, module=PREFIX, M<file>=<import path>[;<package>], annotate_code."
    }

    fn supported_features(&self) -> u64 {
        FEATURES
    }

    fn editions(&self) -> (Edition, Edition) {
        EDITIONS
    }

    fn yields_to_plugin(&self) -> bool {
        true
    }

    fn embeds_plugin_files(&self, _parameter: &str) -> bool {
        true
    }

    fn generate(&self, request: &Request) -> Result<Vec<ResponseFile>, String> {
        let mut options = grpc::Options {
            require_unimplemented_servers: true,
        };
        let params = Params::parse(request.parameter, |name, value| match name {
            "require_unimplemented_servers" => {
                options.require_unimplemented_servers = params::parse_bool(value)?;
                Ok(())
            }
            _ => Err(format!("no such flag -{name}")),
        })
        .map_err(|e| format!("protoc-gen-go-grpc: {e}"))?;
        let model = request.model;
        let files = request_files(model, request.targets);
        let names =
            Names::new(model, &files, &params).map_err(|e| format!("protoc-gen-go-grpc: {e}"))?;
        let (targets, descriptors) = targets(request, &files, "protoc-gen-go-grpc", |f| {
            !model.file(f).services.is_empty()
        })?;
        let generated = crate::parallel::map(&targets, |&t| {
            let name = &model[model.file(t).name];
            let locations = descriptors
                .iter()
                .find(|(n, _)| n == name)
                .and_then(|(_, d)| d.source_code_info.as_ref())
                .map(|s| s.location.as_slice())
                .unwrap_or(&[]);
            grpc::gen_file(model, &names, t, locations, options)
        });
        let mut out = Vec::new();
        for (&t, generated) in targets.iter().zip(generated) {
            let Some(generated) = generated else { continue };
            let name = format!("{}_grpc.pb.go", names.file(t).prefix);
            push_go_file(&mut out, &params, model, t, name, generated)?;
        }
        Ok(out)
    }
}

/// The files to generate that `keep` selects, in the order of `files`, and
/// their descriptors as the plugin gets them.
type Targets = (Vec<FileId>, Vec<(String, FileDescriptorProto)>);

fn targets(
    request: &Request,
    files: &[FileId],
    plugin: &str,
    keep: impl Fn(FileId) -> bool,
) -> Result<Targets, String> {
    let model = request.model;
    let targets: Vec<FileId> = files
        .iter()
        .copied()
        .filter(|&f| request.targets.contains(&f) && keep(f))
        .collect();
    let wanted: HashSet<&str> = targets
        .iter()
        .map(|&t| &model[model.file(t).name])
        .collect();
    let descriptors = (request.plugin_files)(&|name| wanted.contains(name))
        .into_iter()
        .map(|(name, bytes)| {
            FileDescriptorProto::decode(&bytes)
                .map(|d| (name, d))
                .map_err(|_| format!("{plugin}: a request file does not decode"))
        })
        .collect::<Result<_, _>>()?;
    Ok((targets, descriptors))
}

/// Adds a generated Go file of `file` to the response as `name` and, with
/// `annotate_code`, its `.meta` file right after it.
fn push_go_file(
    out: &mut Vec<ResponseFile>,
    params: &Params,
    model: &Model,
    file: FileId,
    name: String,
    (content, annotations): (String, Vec<annotate::Annotation>),
) -> Result<(), String> {
    let output = output_name(params, name.clone())?;
    let meta = if params.annotate_code {
        let source_file = &model[model.file(file).name];
        Some(annotate::meta_file(
            &name,
            &content,
            source_file,
            &annotations,
        )?)
    } else {
        None
    };
    out.push(ResponseFile {
        name: Some(output.clone()),
        content: Some(content.into_bytes()),
        ..Default::default()
    });
    if let Some(meta) = meta {
        out.push(ResponseFile {
            name: Some(format!("{output}.meta")),
            content: Some(meta.into_bytes()),
            ..Default::default()
        });
    }
    Ok(())
}

/// The output name with `module=`'s prefix taken off.
fn output_name(params: &Params, name: String) -> Result<String, String> {
    if params.module.is_empty() {
        return Ok(name);
    }
    let prefix = format!("{}/", params.module);
    match name.strip_prefix(&prefix) {
        Some(rest) => Ok(rest.to_string()),
        None => Err(format!(
            "{name}: generated file does not match prefix \"{}\"",
            params.module
        )),
    }
}

/// The files to generate and, transitively, what they import, each after
/// its imports: the files a Go plugin reads (files imported only for
/// options are not among them).
pub fn request_files(model: &Model, targets: &[FileId]) -> Vec<FileId> {
    fn add(model: &Model, f: FileId, seen: &mut HashSet<FileId>, out: &mut Vec<FileId>) {
        if !seen.insert(f) {
            return;
        }
        for import in &model.file(f).imports {
            add(model, import.file, seen, out);
        }
        out.push(f);
    }
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for &t in targets {
        add(model, t, &mut seen, &mut out);
    }
    out
}
