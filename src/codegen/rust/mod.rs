//! The Rust generators. `--prost_out` writes what protoc-gen-prost 0.5
//! (prost-build 0.14) writes: one file per protobuf package, named for
//! the package, holding the messages and enums of every file of that
//! package in the request, for each package with a file to generate.
//! Editions files, which prost-build cannot read, are generated from
//! their resolved features.

pub mod docs;
pub mod graph;
pub mod krate;
pub mod names;
pub mod params;
pub mod paths;
pub mod prost;
pub mod tonic;

use std::collections::BTreeMap;
use std::fmt::Write;

use super::{Generator, Request};
use crate::descriptor::edition::Edition;
use crate::descriptor::plugin::{ResponseFile, FEATURE_PROTO3_OPTIONAL, FEATURE_SUPPORTS_EDITIONS};
use crate::semantic::model::{EnumId, EnumValueId, FileId, Model};
use params::Param;
use paths::PathMap;

/// What the Rust generators support: proto3 `optional`, and every edition
/// (the plugins they match read no editions file).
const FEATURES: u64 = FEATURE_PROTO3_OPTIONAL | FEATURE_SUPPORTS_EDITIONS;
const EDITIONS: (Edition, Edition) = (Edition::PROTO2, Edition::LATEST);

/// The options of `--prost_out`, as protoc-gen-prost reads them.
#[derive(Clone, Default)]
pub struct ProstOptions {
    pub btree_map: PathMap<()>,
    pub bytes: PathMap<()>,
    pub boxed: PathMap<()>,
    pub disable_comments: PathMap<()>,
    pub skip_debug: PathMap<()>,
    pub default_package_filename: Option<String>,
    pub extern_path: Vec<(String, String)>,
    pub type_attribute: PathMap<String>,
    pub field_attribute: PathMap<String>,
    pub enum_attribute: PathMap<String>,
    pub message_attribute: PathMap<String>,
    pub compile_well_known_types: bool,
    pub retain_enum_prefix: bool,
    pub enable_type_names: bool,
    pub flat_output_dir: bool,
    pub file_descriptor_set: bool,
    /// Comments normalized as Markdown (the build API's, as with
    /// prost-build's `cleanup-markdown` feature; no plugin parameter).
    pub cleanup_markdown: bool,
}

impl ProstOptions {
    pub fn parse(parameter: &str) -> Result<ProstOptions, String> {
        let mut o = ProstOptions::default();
        for param in params::parse(parameter) {
            if !o.take(&param) {
                return Err(param.invalid());
            }
        }
        Ok(o)
    }

    /// Applies one item; false when it is not one of the options.
    fn take(&mut self, param: &Param) -> bool {
        for (name, flag) in [
            (
                "compile_well_known_types",
                &mut self.compile_well_known_types,
            ),
            ("retain_enum_prefix", &mut self.retain_enum_prefix),
            ("enable_type_names", &mut self.enable_type_names),
            ("flat_output_dir", &mut self.flat_output_dir),
            ("file_descriptor_set", &mut self.file_descriptor_set),
        ] {
            if let Some(on) = param.switch(name) {
                *flag |= on;
                return true;
            }
        }
        match param {
            Param::Value(p, v) => {
                let list = match *p {
                    "btree_map" => &mut self.btree_map,
                    "bytes" => &mut self.bytes,
                    "boxed" => &mut self.boxed,
                    "disable_comments" => &mut self.disable_comments,
                    "skip_debug" => &mut self.skip_debug,
                    "default_package_filename" => {
                        self.default_package_filename = Some(v.to_string());
                        return true;
                    }
                    _ => return false,
                };
                list.insert(*v, ());
            }
            Param::Flag("default_package_filename") => self.default_package_filename = None,
            Param::KeyValue("extern_path", k, v) => {
                self.extern_path.push((k.to_string(), v.clone()));
            }
            Param::KeyValue(p, k, v) => {
                let list = match *p {
                    "type_attribute" => &mut self.type_attribute,
                    "field_attribute" => &mut self.field_attribute,
                    "enum_attribute" => &mut self.enum_attribute,
                    "message_attribute" => &mut self.message_attribute,
                    _ => return false,
                };
                // The plugins undo the escapes of attribute values twice.
                list.insert(*k, params::unescape(v));
            }
            _ => return false,
        }
        true
    }
}

/// The variants of an enum, without aliases (a number's first value names
/// it), each with its Rust name; an error when two values get one name.
pub fn enum_variants(
    model: &Model,
    id: EnumId,
    strip_prefix: bool,
) -> Result<Vec<(EnumValueId, String)>, String> {
    let e = model.enum_(id);
    let enum_name = names::camel(&model[e.name]);
    let mut numbers = std::collections::HashSet::new();
    let mut taken: std::collections::HashMap<String, &str> = Default::default();
    let mut out = Vec::new();
    for &v in &e.values {
        let value = model.enum_value(v);
        if !numbers.insert(value.number) {
            continue;
        }
        let proto = &model[value.name];
        let mut variant = names::camel(proto);
        if strip_prefix {
            variant = names::strip_enum_prefix(&enum_name, &variant);
        }
        if let Some(old) = taken.insert(variant.clone(), proto) {
            return Err(format!(
                "Generated enum variant names overlap: `{variant}` variant name to be used both by `{old}` and `{proto}` ProtoBuf enum values"
            ));
        }
        out.push((v, variant));
    }
    Ok(out)
}

/// The files of one Rust module (one protobuf package, or several that
/// name the same module), and the file it is written to.
pub struct Module {
    /// The package of its first file.
    pub package: String,
    pub files: Vec<FileId>,
    /// Where the module's directory is (`a/b/`), empty for a flat output.
    pub dir: String,
    /// The main file, for a module with a file to generate.
    pub output: Option<String>,
}

/// Every module of the request, in module order: the packages of every
/// file, each module written to `PACKAGE.rs` (`default_name`, else `_`,
/// without a package) in its directory if it has a file to generate.
pub fn modules(
    model: &Model,
    targets: &[FileId],
    flat: bool,
    default_name: Option<&str>,
) -> BTreeMap<Vec<String>, Module> {
    let mut out: BTreeMap<Vec<String>, Module> = BTreeMap::new();
    for (i, file) in model.files.iter().enumerate() {
        let id = FileId(i as u32);
        let package = &model[file.package];
        let parts = names::module_of(package);
        let dir = if flat || parts.is_empty() {
            String::new()
        } else {
            format!("{}/", parts.join("/"))
        };
        let m = out.entry(parts).or_insert_with(|| Module {
            package: package.to_string(),
            files: Vec::new(),
            dir,
            output: None,
        });
        if m.output.is_none() && targets.contains(&id) {
            let name = match package {
                "" => default_name.unwrap_or("_").to_string(),
                p => format!("{p}.rs"),
            };
            m.output = Some(format!("{}{name}", m.dir));
        }
        m.files.push(id);
    }
    out
}

/// `FILE_DESCRIPTOR_SET`: the module's files, encoded as a
/// `FileDescriptorSet`, as a byte array sixteen to a line.
fn descriptor_set_const(package: &str, files: &[&[u8]]) -> String {
    let mut set = Vec::new();
    for f in files {
        crate::descriptor::wire::put_bytes(&mut set, 1, f);
    }
    let mut out = format!(
        "/// Encoded file descriptor set for the `{package}` package\npub const FILE_DESCRIPTOR_SET: &[u8] = &[\n"
    );
    for chunk in set.chunks(16) {
        out.push_str("   ");
        for b in chunk {
            let _ = write!(out, " {b:#04x},");
        }
        out.push('\n');
    }
    out.push_str("];\n");
    out
}

/// protoc-gen-prost's generator, built in.
pub struct ProstGenerator;

impl Generator for ProstGenerator {
    fn name(&self) -> &'static str {
        "prost"
    }

    fn help(&self) -> &'static str {
        "Rust messages and enums for the prost runtime, one file per package, as protoc-gen-prost 0.5 writes them; editions files too. Parameters: btree_map=, bytes=, boxed=, disable_comments=, skip_debug=, extern_path=P=R, type_attribute=P=A, field_attribute=P=A, enum_attribute=P=A, message_attribute=P=A, default_package_filename=, compile_well_known_types, retain_enum_prefix, enable_type_names, file_descriptor_set, flat_output_dir."
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

    fn embeds_plugin_files(&self, parameter: &str) -> bool {
        ProstOptions::parse(parameter).is_ok_and(|o| o.file_descriptor_set)
    }

    fn generate(&self, request: &Request) -> Result<Vec<ResponseFile>, String> {
        let options = ProstOptions::parse(request.parameter)?;
        let externs =
            names::ExternPaths::new(&options.extern_path, !options.compile_well_known_types)?;
        let model = request.model;
        let graph = graph::Containment::new(model);
        let shared = prost::Shared {
            model,
            options: &options,
            externs: &externs,
            graph: &graph,
            targets: request.targets,
            source_only_field_options: prost::Shared::source_only_field_options(model),
        };
        let modules = modules(
            model,
            request.targets,
            options.flat_output_dir,
            options.default_package_filename.as_deref(),
        );
        let mut out = Vec::new();
        // Every module is generated, as protoc-gen-prost does, so that what
        // it cannot generate anywhere in the request is an error here too.
        let all: Vec<&Module> = modules.values().collect();
        let generated = crate::parallel::map(&all, |m| {
            let mut code = String::new();
            for &f in &m.files {
                prost::gen_file(&shared, f, &mut code)?;
            }
            Ok::<_, String>(code)
        });
        for (m, code) in all.into_iter().zip(generated) {
            let code = code?;
            let Some(name) = &m.output else { continue };
            let mut content = String::from("// @generated\n");
            if !code.is_empty() {
                content.push_str("// This file is @generated by prost-build.\n");
                content.push_str(&code);
            }
            content.push_str("// @@protoc_insertion_point(module)\n");
            out.push(ResponseFile {
                name: Some(name.clone()),
                content: Some(content.into_bytes()),
                ..Default::default()
            });
        }
        if options.file_descriptor_set {
            let encoded = (request.plugin_files)(&|name| {
                modules.values().any(|m| {
                    m.output.is_some()
                        && m.files.iter().any(|&f| &model[model.file(f).name] == name)
                })
            });
            for m in modules.values() {
                let Some(name) = &m.output else { continue };
                let files: Vec<&[u8]> = m
                    .files
                    .iter()
                    .filter_map(|&f| {
                        let file_name = &model[model.file(f).name];
                        encoded
                            .iter()
                            .find(|(n, _)| n == file_name)
                            .map(|(_, b)| b.as_slice())
                    })
                    .collect();
                out.push(ResponseFile {
                    name: Some(name.clone()),
                    insertion_point: Some("module".into()),
                    content: Some(descriptor_set_const(&m.package, &files).into_bytes()),
                    ..Default::default()
                });
            }
        }
        Ok(out)
    }
}
