//! The library API for build scripts: [`Config`] mirrors prost-build's
//! `Config` and [`tonic::configure`] tonic-prost-build's `configure()`,
//! so that switching a build.rs over is a matter of a few lines. The
//! `.proto` files are compiled in process (no protoc, no plugin), and
//! what is written to `OUT_DIR` is what prost-build and tonic-prost-build
//! write: one `PACKAGE.rs` per package, formatted with prettyplease.
//!
//! ```no_run
//! // build.rs
//! fn main() -> std::io::Result<()> {
//!     protogen::build::compile_protos(&["proto/items.proto"], &["proto"])
//! }
//! ```
//!
//! Compile errors come back as an [`std::io::Error`] whose text is what
//! `protogen compile` prints, and are also written to stderr, which cargo
//! shows when a build script fails. Every file read, inputs and imports,
//! is named in a `cargo:rerun-if-changed` line.

pub mod tonic;

use std::collections::BTreeMap;
use std::io::{Error, ErrorKind, Result};
use std::path::{Path, PathBuf};

use crate::codegen::rust::{self as rust, ProstOptions};
use crate::driver::{self, ErrorFormat, Invocation};
use crate::semantic::model::{FileId, Model};

/// Code generation settings, as prost-build's `Config` has them.
pub struct Config {
    prost: ProstOptions,
    out_dir: Option<PathBuf>,
    include_file: Option<PathBuf>,
    file_descriptor_set_path: Option<PathBuf>,
    skip_source_info: bool,
    protoc_args: Vec<String>,
    format: bool,
    emit_rerun_if_changed: bool,
    /// The gRPC code appended to each package's file, when set.
    services: Option<tonic::Services>,
}

impl Default for Config {
    fn default() -> Config {
        Config::new()
    }
}

/// `include_file`'s modules: for each module path, the file it includes.
type Includes = BTreeMap<Vec<String>, String>;

impl Config {
    pub fn new() -> Config {
        Config {
            prost: ProstOptions {
                flat_output_dir: true,
                ..ProstOptions::default()
            },
            out_dir: None,
            include_file: None,
            file_descriptor_set_path: None,
            skip_source_info: false,
            protoc_args: Vec::new(),
            format: true,
            emit_rerun_if_changed: std::env::var_os("CARGO").is_some(),
            services: None,
        }
    }

    /// Map fields matching these paths to `BTreeMap` instead of `HashMap`
    /// (replacing earlier paths).
    pub fn btree_map<I, S>(&mut self, paths: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.prost.btree_map = paths_of(paths);
        self
    }

    /// Map `bytes` fields matching these paths to `bytes::Bytes` instead
    /// of `Vec<u8>` (replacing earlier paths).
    pub fn bytes<I, S>(&mut self, paths: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.prost.bytes = paths_of(paths);
        self
    }

    /// Adds an attribute to the fields matching `path`.
    pub fn field_attribute<P: AsRef<str>, A: AsRef<str>>(&mut self, path: P, attr: A) -> &mut Self {
        let (p, a) = (path.as_ref(), attr.as_ref().to_string());
        self.prost.field_attribute.insert(p, a);
        self
    }

    /// Adds an attribute to the messages, enums and oneofs matching `path`.
    pub fn type_attribute<P: AsRef<str>, A: AsRef<str>>(&mut self, path: P, attr: A) -> &mut Self {
        let (p, a) = (path.as_ref(), attr.as_ref().to_string());
        self.prost.type_attribute.insert(p, a);
        self
    }

    /// Adds an attribute to the messages matching `path`.
    pub fn message_attribute<P: AsRef<str>, A: AsRef<str>>(
        &mut self,
        path: P,
        attr: A,
    ) -> &mut Self {
        let (p, a) = (path.as_ref(), attr.as_ref().to_string());
        self.prost.message_attribute.insert(p, a);
        self
    }

    /// Adds an attribute to the enums and oneofs matching `path`.
    pub fn enum_attribute<P: AsRef<str>, A: AsRef<str>>(&mut self, path: P, attr: A) -> &mut Self {
        let (p, a) = (path.as_ref(), attr.as_ref().to_string());
        self.prost.enum_attribute.insert(p, a);
        self
    }

    /// Boxes the message fields matching `path`.
    pub fn boxed<P: AsRef<str>>(&mut self, path: P) -> &mut Self {
        self.prost.boxed.insert(path.as_ref(), ());
        self
    }

    /// Generates the well-known types instead of using `prost-types`.
    pub fn compile_well_known_types(&mut self) -> &mut Self {
        self.prost.compile_well_known_types = true;
        self
    }

    /// Leaves out the comments of what matches these paths (replacing
    /// earlier paths).
    pub fn disable_comments<I, S>(&mut self, paths: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.prost.disable_comments = paths_of(paths);
        self
    }

    /// Leaves out `#[derive(Debug)]` for what matches these paths
    /// (replacing earlier paths); the user implements it.
    pub fn skip_debug<I, S>(&mut self, paths: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.prost.skip_debug = paths_of(paths);
        self
    }

    /// Uses the Rust path `rust_path` for the protobuf package or type
    /// `proto_path` instead of generating it.
    pub fn extern_path<P1: Into<String>, P2: Into<String>>(
        &mut self,
        proto_path: P1,
        rust_path: P2,
    ) -> &mut Self {
        self.prost
            .extern_path
            .push((proto_path.into(), rust_path.into()));
        self
    }

    /// Also writes the compiled files, imports included, as a
    /// `FileDescriptorSet` to `path`.
    pub fn file_descriptor_set_path<P: Into<PathBuf>>(&mut self, path: P) -> &mut Self {
        self.file_descriptor_set_path = Some(path.into());
        self
    }

    /// Compiles without source information: no comments in the generated
    /// code, none in the descriptor set.
    pub fn skip_source_info(&mut self) -> &mut Self {
        self.skip_source_info = true;
        self
    }

    /// Keeps enum value names' enum-name prefix in variant names.
    pub fn retain_enum_prefix(&mut self) -> &mut Self {
        self.prost.retain_enum_prefix = true;
        self
    }

    /// Where the generated files go (`OUT_DIR` unless set).
    pub fn out_dir<P: Into<PathBuf>>(&mut self, path: P) -> &mut Self {
        self.out_dir = Some(path.into());
        self
    }

    /// The file name (without `.rs`) for files without a package; `_`
    /// unless set.
    pub fn default_package_filename<S: Into<String>>(&mut self, name: S) -> &mut Self {
        self.prost.default_package_filename = Some(name.into());
        self
    }

    /// Implements `prost::Name` for every message.
    pub fn enable_type_names(&mut self) -> &mut Self {
        self.prost.enable_type_names = true;
        self
    }

    /// Adds a protoc flag to the compilation, such as `--fatal_warnings`
    /// or `--descriptor_set_in=FILE` (read as `protogen compile` reads it).
    pub fn protoc_arg<S: AsRef<str>>(&mut self, arg: S) -> &mut Self {
        self.protoc_args.push(arg.as_ref().to_string());
        self
    }

    /// Also writes `path` (under the output directory): one file that
    /// includes every generated one in its module.
    pub fn include_file<P: Into<PathBuf>>(&mut self, path: P) -> &mut Self {
        self.include_file = Some(path.into());
        self
    }

    /// Formats the generated code with prettyplease (the default).
    pub fn format(&mut self, enabled: bool) -> &mut Self {
        self.format = enabled;
        self
    }

    /// Normalizes comments as Markdown before they become doc comments,
    /// as prost-build does with its `cleanup-markdown` feature (off
    /// unless set; tonic's builder turns it on, as tonic-prost-build
    /// does).
    pub fn cleanup_markdown(&mut self, enabled: bool) -> &mut Self {
        self.prost.cleanup_markdown = enabled;
        self
    }

    /// Prints `cargo:rerun-if-changed` for every file read (the default
    /// when run by cargo).
    pub fn emit_rerun_if_changed(&mut self, enabled: bool) -> &mut Self {
        self.emit_rerun_if_changed = enabled;
        self
    }

    /// Compiles `protos`, found under `includes`, and writes the Rust code
    /// of every file they are and import.
    pub fn compile_protos(
        &mut self,
        protos: &[impl AsRef<Path>],
        includes: &[impl AsRef<Path>],
    ) -> Result<()> {
        let (model, read) = self.load(protos, includes)?;
        if self.emit_rerun_if_changed {
            for path in &read {
                println!("cargo:rerun-if-changed={path}");
            }
        }
        self.write(&model)
    }

    /// Writes the Rust code of every file of an encoded
    /// `FileDescriptorSet` (each file after its imports, as
    /// `--include_imports` writes them), compiling nothing.
    pub fn compile_fds(&mut self, descriptor_set: &[u8]) -> Result<()> {
        let set = crate::descriptor::FileDescriptorSet::decode(descriptor_set)
            .map_err(|e| invalid(format!("invalid FileDescriptorSet: {e:?}")))?;
        let model = Model::from_descriptors(set.file).map_err(invalid)?;
        self.write(&model)
    }

    /// Compiles the files: the model of them and their imports, and the
    /// disk paths of every file read.
    fn load(
        &self,
        protos: &[impl AsRef<Path>],
        includes: &[impl AsRef<Path>],
    ) -> Result<(Model, Vec<String>)> {
        let inv = self.invocation(protos, includes)?;
        let mut shown = Vec::new();
        let mut reporter = driver::reporter::Reporter::new(&mut shown, &inv, false);
        let compiled = driver::compile_reporting(&inv, &mut reporter);
        reporter.finish();
        drop(reporter);
        let shown = String::from_utf8_lossy(&shown).into_owned();
        eprint!("{shown}");
        let outcome = match compiled {
            Some((outcome, warned)) if !(inv.fatal_warnings && warned) => outcome,
            _ => return Err(Error::other(shown)),
        };
        let c = &outcome.compilation;
        let roots = outcome.roots.as_deref().unwrap_or_default();
        let order = crate::semantic::export::output_order(&c.pool, roots, true);
        let read = order
            .iter()
            .filter_map(|&f| outcome.resolver.disk_path(&c.pool.files[f].name))
            .collect();
        if let Some(path) = &self.file_descriptor_set_path {
            let mut inv = inv.clone();
            inv.include_imports = true;
            inv.include_source_info = !self.skip_source_info;
            let bytes = outcome.descriptor_set(&inv).unwrap_or_default();
            write_if_changed(path, &bytes)?;
        }
        let (model, _) = crate::codegen::model_of(c, &order).map_err(invalid)?;
        Ok((model, read))
    }

    /// The command line `protogen compile` would be given.
    fn invocation(
        &self,
        protos: &[impl AsRef<Path>],
        includes: &[impl AsRef<Path>],
    ) -> Result<Invocation> {
        let mut args = Vec::new();
        // An include directory that does not exist is left out, as
        // prost-build leaves it out.
        for dir in includes.iter().map(AsRef::as_ref).filter(|d| d.exists()) {
            args.push(format!("-I{}", path_text(dir)?));
        }
        args.extend(self.protoc_args.iter().cloned());
        // The parser wants an output; the descriptor set is written here,
        // not by the driver.
        args.push("--descriptor_set_out=-".into());
        for p in protos {
            args.push(path_text(p.as_ref())?.to_string());
        }
        match crate::cli::args::parse("protogen", &args, ErrorFormat::Human) {
            crate::cli::args::Parsed::Run(mut inv, _) => {
                inv.descriptor_set_out = None;
                Ok(inv)
            }
            crate::cli::args::Parsed::Exit { stderr, .. } => Err(invalid(stderr)),
        }
    }

    /// Generates every file of the model and writes what changed.
    fn write(&self, model: &Model) -> Result<()> {
        let out_dir = match &self.out_dir {
            Some(d) => d.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| Error::other("OUT_DIR environment variable is not set"))?,
        };
        let (files, includes) = self.generate(model).map_err(invalid)?;
        for (name, text) in &files {
            write_if_changed(&out_dir.join(name), text.as_bytes())?;
        }
        if let Some(include) = &self.include_file {
            let from_env = self.out_dir.is_none();
            write_if_changed(
                &out_dir.join(include),
                include_file(&includes, from_env).as_bytes(),
            )?;
        }
        Ok(())
    }

    /// The generated files by name, and the modules that include them.
    fn generate(
        &self,
        model: &Model,
    ) -> std::result::Result<(BTreeMap<String, String>, Includes), String> {
        let mut options = self.prost.clone();
        if self.skip_source_info {
            options.disable_comments = paths_of(["."]);
        }
        let targets: Vec<FileId> = (0..model.files.len() as u32).map(FileId).collect();
        let externs =
            rust::names::ExternPaths::new(&options.extern_path, !options.compile_well_known_types)?;
        let graph = rust::graph::Containment::new(model);
        let shared = rust::prost::Shared {
            model,
            options: &options,
            externs: &externs,
            graph: &graph,
            targets: &targets,
            source_only_field_options: rust::prost::Shared::source_only_field_options(model),
        };
        let services = self.services.as_ref().map(|s| {
            let mut s = s.clone();
            let extras = s.extras_mut();
            extras.disable_all_comments = self.skip_source_info;
            extras.cleanup_markdown = options.cleanup_markdown;
            s.with_externs(&options)
        });
        let default_name = options.default_package_filename.as_deref().unwrap_or("_");
        let modules: Vec<_> = rust::modules(model, &targets, true, None)
            .into_iter()
            .collect();
        let generated = crate::parallel::map(&modules, |(_, m)| {
            let mut code = String::new();
            for &f in &m.files {
                rust::prost::gen_file(&shared, f, &mut code)?;
                if let Some(s) = &services {
                    code.push_str(&s.gen_file(model, f)?);
                }
            }
            if self.format && !code.is_empty() {
                let file = syn::parse_file(&code)
                    .map_err(|e| format!("generated code for {} does not parse: {e}", m.package))?;
                code = prettyplease::unparse(&file);
            }
            Ok::<_, String>(code)
        });
        let mut files = BTreeMap::new();
        let mut includes = Includes::new();
        for ((parts, _), code) in modules.into_iter().zip(generated) {
            let code = code?;
            if code.is_empty() {
                continue;
            }
            let name = match parts.is_empty() {
                true => format!("{default_name}.rs"),
                false => format!("{}.rs", parts.join(".")),
            };
            files.insert(
                name.clone(),
                format!("// This file is @generated by prost-build.\n{code}"),
            );
            includes.insert(parts, name);
        }
        Ok((files, includes))
    }

    /// Sets the service generation (for tonic's builder).
    fn services(&mut self, services: tonic::Services) -> &mut Self {
        self.services = Some(services);
        self
    }
}

/// A path map of `paths`, each matching with no value.
fn paths_of<I: IntoIterator<Item = S>, S: AsRef<str>>(paths: I) -> rust::paths::PathMap<()> {
    let mut map = rust::paths::PathMap::default();
    for p in paths {
        map.insert(p.as_ref(), ());
    }
    map
}

/// The include file: nested `pub mod`s, each including its module's file.
fn include_file(includes: &Includes, from_env: bool) -> String {
    let mut out = String::from("// This file is @generated by prost-build.\n");
    let mut open: Vec<&str> = Vec::new();
    let indent = |depth: usize| "    ".repeat(depth);
    for (parts, file) in includes {
        while !(open.len() <= parts.len() && open.iter().zip(parts).all(|(a, b)| *a == b)) {
            open.pop();
            out.push_str(&format!("{}}}\n", indent(open.len())));
        }
        while open.len() < parts.len() {
            let part = &parts[open.len()];
            out.push_str(&format!("{}pub mod {part} {{\n", indent(open.len())));
            open.push(part);
        }
        let line = if from_env {
            format!("include!(concat!(env!(\"OUT_DIR\"), \"/{file}\"));")
        } else {
            format!("include!(\"{file}\");")
        };
        out.push_str(&format!("{}{line}\n", indent(open.len())));
    }
    while !open.is_empty() {
        open.pop();
        out.push_str(&format!("{}}}\n", indent(open.len())));
    }
    out
}

/// Writes `bytes` unless the file holds them already, so that an
/// unchanged output keeps its time stamp and cargo rebuilds nothing.
fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<()> {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, bytes)
}

fn path_text(path: &Path) -> Result<&str> {
    path.to_str()
        .ok_or_else(|| invalid(format!("{}: not a UTF-8 path", path.display())))
}

fn invalid(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidInput, message.into())
}

/// Compiles `protos` (found under `includes`) with the default settings,
/// as `prost_build::compile_protos` does.
pub fn compile_protos(protos: &[impl AsRef<Path>], includes: &[impl AsRef<Path>]) -> Result<()> {
    Config::new().compile_protos(protos, includes)
}
