//! `--prost-crate_out`: what protoc-gen-prost-crate 0.5 writes to make a
//! crate of the prost and tonic files: an include file nesting each
//! package's file in its module, a `Cargo.toml` from a template, and a
//! Cargo feature per package (with the packages it uses as its
//! dependencies) that gates the package's module.

use std::collections::{BTreeMap, BTreeSet};

use super::params::{self, Param};
use crate::codegen::printer::Printer;
use crate::codegen::{Generator, Request};
use crate::descriptor::edition::Edition;
use crate::descriptor::plugin::ResponseFile;
use crate::semantic::model::{FieldKind, FileId, Model};

/// The options of `--prost-crate_out`.
#[derive(Default)]
pub struct CrateOptions {
    pub default_package_filename: Option<String>,
    pub include_file: Option<String>,
    /// `gen_crate`, with its template if given.
    pub gen_crate: Option<Option<String>>,
    pub no_features: bool,
    /// `only_include` packages, each as `pkg.`.
    pub only_include: Vec<String>,
    pub package_separator: Option<String>,
    pub flat_output_dir: bool,
}

impl CrateOptions {
    pub fn parse(parameter: &str) -> Result<CrateOptions, String> {
        let mut o = CrateOptions::default();
        for param in params::parse(parameter) {
            match param {
                Param::Flag("default_package_filename") => o.default_package_filename = None,
                Param::Value("default_package_filename", v) => {
                    o.default_package_filename = Some(v.to_string())
                }
                Param::Value("include_file", v) => o.include_file = Some(v.to_string()),
                Param::Value("only_include", v) => match v.strip_prefix('.') {
                    Some(p) => o.only_include.push(format!("{p}.")),
                    None => {
                        return Err(format!(
                            "invalid parameter: proto paths must begin with `.`: only_include={v}"
                        ))
                    }
                },
                Param::Flag("gen_crate") => o.gen_crate = Some(None),
                Param::Value("gen_crate", v) => o.gen_crate = Some(Some(v.to_string())),
                Param::Value("package_separator", v @ ("." | "-" | "+" | "_")) => {
                    o.package_separator = Some(v.to_string())
                }
                ref p => {
                    if let Some(on) = p.switch("no_features") {
                        o.no_features |= on;
                    } else if let Some(on) = p.switch("flat_output_dir") {
                        o.flat_output_dir |= on;
                    } else {
                        return Err(p.invalid());
                    }
                }
            }
        }
        Ok(o)
    }

    fn allowed(&self, package: &str) -> bool {
        let package = package.strip_prefix('.').unwrap_or(package);
        self.only_include.is_empty()
            || self
                .only_include
                .iter()
                .any(|p| package == &p[..p.len() - 1] || package.starts_with(p.as_str()))
    }
}

/// The include file: each allowed package's file in nested `pub mod`s,
/// with insertion points for attributes before each module and for code
/// after each include.
fn include_file(
    modules: &BTreeMap<Vec<String>, super::Module>,
    o: &CrateOptions,
) -> Result<String, String> {
    let mut p = Printer::with_indent_width(4);
    p.raw("// @generated\n");
    let mut open: &[String] = &[];
    for (parts, m) in modules {
        let Some(path) = &m.output else { continue };
        if !o.allowed(&m.package) {
            continue;
        }
        let Some((last, parents)) = parts.split_last() else {
            return Err(format!(
                "a file without a package ({}) has no module to be included in",
                path
            ));
        };
        let common = open.iter().zip(parts).take_while(|(a, b)| a == b).count();
        for _ in common..open.len() {
            p.outdent();
            p.raw("}\n");
        }
        for part in parents.iter().skip(common) {
            p.raw(&format!("pub mod {part} {{\n"));
            p.indent();
        }
        p.raw(&format!(
            "// @@protoc_insertion_point(attribute:{})\npub mod {last} {{\n",
            m.package
        ));
        p.indent();
        p.raw(&format!(
            "include!(\"{path}\");\n// @@protoc_insertion_point({})\n",
            m.package
        ));
        open = parts;
    }
    for _ in 0..open.len() {
        p.outdent();
        p.raw("}\n");
    }
    Ok(p.finish())
}

/// The manifest from its template, without the features section the
/// template marks (from a line naming `@@protoc_deletion_point(features)`
/// to the line before one naming `@@protoc_insertion_point(features)`).
fn manifest(template: &str) -> Result<String, String> {
    let text = std::fs::read_to_string(template).map_err(|e| e.to_string())?;
    let mut out = String::new();
    let mut dropping = false;
    for line in text.lines() {
        dropping = if dropping {
            !line.contains("@@protoc_insertion_point(features)")
        } else {
            line.contains("@@protoc_deletion_point(features)")
        };
        if !dropping {
            out.push_str(line);
            out.push('\n');
        }
    }
    Ok(out)
}

/// For each package with a file to generate, the packages whose types its
/// top-level messages' fields and its methods use; a package that only
/// uses them appears too.
fn dependencies<'m>(
    model: &'m Model,
    modules: &BTreeMap<Vec<String>, super::Module>,
) -> BTreeMap<&'m str, BTreeSet<String>> {
    let mut features: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for m in modules.values() {
        if m.output.is_some() && !m.package.is_empty() {
            let f = m.files[0];
            features.insert(&model[model.file(f).package], BTreeSet::new());
        }
    }
    // A package that uses one becomes a candidate itself.
    let mut uses = |from: &'m str, type_name: &str| {
        let used = features
            .keys()
            .rev()
            .filter(|k| **k != from)
            .find(|k| type_name.starts_with(&format!("{k}.")))
            .map(|k| k.to_string());
        if let Some(key) = used {
            features.entry(from).or_default().insert(key);
        }
    };
    let all: Vec<FileId> = modules
        .values()
        .flat_map(|m| m.files.iter().copied())
        .collect();
    for f in all {
        let file = model.file(f);
        let package = &model[file.package];
        for &msg in &file.messages {
            for &field in &model.message(msg).fields {
                let target = match model.field(field).kind {
                    FieldKind::Message(t) => model.message(t).full_name,
                    FieldKind::Map { entry, .. } => model.message(entry).full_name,
                    FieldKind::Enum(e) => model.enum_(e).full_name,
                    FieldKind::Scalar(_) => continue,
                };
                uses(package, &model[target]);
            }
        }
        for &s in &file.services {
            for &m in &model.service(s).methods {
                let method = model.method(m);
                uses(package, &model[model.message(method.input).full_name]);
                uses(package, &model[model.message(method.output).full_name]);
            }
        }
    }
    features
}

/// The features section of the manifest, and the attribute gating each
/// package's module in the include file.
fn features(
    model: &Model,
    modules: &BTreeMap<Vec<String>, super::Module>,
    o: &CrateOptions,
    include: &str,
) -> Vec<ResponseFile> {
    let separator = o.package_separator.as_deref().unwrap_or("-");
    let feature = |p: &str| p.replace('.', separator);
    let graph = dependencies(model, modules);
    let mut files = Vec::new();
    let mut text = String::new();
    if !graph.is_empty() {
        text.push_str("# @@protoc_deletion_point(features)\n# This section is automatically generated by protoc-gen-prost-crate.\n# Changes in this area may be lost on regeneration.\n");
        let full: Vec<String> = graph
            .keys()
            .filter(|p| o.allowed(p))
            .map(|p| {
                files.push(ResponseFile {
                    name: Some(include.to_string()),
                    insertion_point: Some(format!("attribute:{p}")),
                    content: Some(format!("#[cfg(feature = \"{}\")]\n", feature(p)).into_bytes()),
                    ..Default::default()
                });
                format!("\"{}\",", feature(p))
            })
            .collect();
        text.push_str(&format!("proto_full = [{}]\n", list(&full)));
        for (p, deps) in &graph {
            if !o.allowed(p) {
                continue;
            }
            let deps: Vec<String> = deps
                .iter()
                .filter(|d| o.allowed(d))
                .map(|d| format!("\"{}\",", feature(d)))
                .collect();
            text.push_str(&format!("\"{}\" = [{}]\n", feature(p), list(&deps)));
        }
    }
    files.push(ResponseFile {
        name: Some("Cargo.toml".into()),
        insertion_point: Some("features".into()),
        content: Some(text.into_bytes()),
        ..Default::default()
    });
    files
}

/// Items each ending in a comma, the last comma dropped.
fn list(items: &[String]) -> String {
    let mut s = items.concat();
    s.pop();
    s
}

/// protoc-gen-prost-crate's generator, built in.
pub struct CrateGenerator;

impl Generator for CrateGenerator {
    fn name(&self) -> &'static str {
        "prost-crate"
    }

    fn help(&self) -> &'static str {
        "The include file (and with gen_crate a Cargo.toml with a feature per package) that makes a crate of the --prost_out and --tonic_out files, as protoc-gen-prost-crate 0.5 writes them. Parameters: include_file=, only_include=.PKG, gen_crate[=TEMPLATE], package_separator=, no_features, default_package_filename=, flat_output_dir."
    }

    fn supported_features(&self) -> u64 {
        super::FEATURES
    }

    fn editions(&self) -> (Edition, Edition) {
        super::EDITIONS
    }

    fn yields_to_plugin(&self) -> bool {
        true
    }

    fn generate(&self, request: &Request) -> Result<Vec<ResponseFile>, String> {
        let o = CrateOptions::parse(request.parameter)?;
        let modules = super::modules(
            request.model,
            request.targets,
            o.flat_output_dir,
            o.default_package_filename.as_deref(),
        );
        let include = match (&o.include_file, &o.gen_crate) {
            (Some(name), _) => name.clone(),
            (None, Some(_)) => "src/lib.rs".into(),
            (None, None) => "mod.rs".into(),
        };
        let mut out = vec![ResponseFile {
            name: Some(include.clone()),
            content: Some(include_file(&modules, &o)?.into_bytes()),
            ..Default::default()
        }];
        if let Some(template) = &o.gen_crate {
            out.push(ResponseFile {
                name: Some("Cargo.toml".into()),
                content: Some(manifest(template.as_deref().unwrap_or("Cargo.toml"))?.into_bytes()),
                ..Default::default()
            });
        }
        if !o.no_features {
            out.extend(features(request.model, &modules, &o, &include));
        }
        Ok(out)
    }
}
