//! Code generation: the generators built into protogen, and where the
//! files they (and plugins) produce are collected and written.
//!
//! A generator gets the resolved files to generate, with everything they
//! import, and its parameter; it returns files (name, content, optional
//! insertion point) in the plugin protocol's own terms, or an error. It
//! never touches the file system or the parser, so the same generator
//! serves `--NAME_out` and plugin mode alike.

pub mod go;
pub mod output;
pub mod printer;
pub mod python;
pub mod rust;
pub mod zip;

use crate::descriptor::edition::Edition;
use crate::descriptor::plugin::ResponseFile;
use crate::semantic::model::{FileId, Model};
use crate::semantic::Compilation;

/// What a generator is asked to do.
pub struct Request<'a> {
    /// The files to generate and everything they import.
    pub model: &'a Model,
    /// The files to generate, in command-line order.
    pub targets: &'a [FileId],
    /// `--NAME_out` parameters and `--NAME_opt` values, comma-joined.
    pub parameter: &'a str,
    /// The files the predicate accepts (by name) as protoc sends them to a
    /// plugin (`CodeGeneratorRequest.proto_file`, source information
    /// included), named and encoded, in request order: for generators
    /// that embed them or read them as a plugin would.
    pub plugin_files: &'a dyn Fn(&dyn Fn(&str) -> bool) -> Vec<(String, Vec<u8>)>,
}

/// The model built-in generators read, and the files to generate in it.
pub fn model_of(c: &Compilation, roots: &[usize]) -> Result<(Model, Vec<FileId>), String> {
    let model = Model::from_compilation(c, roots)?;
    let targets = roots
        .iter()
        .map(|&r| {
            model
                .file_by_name(&c.pool.files[r].name)
                .expect("every root is in its own model")
        })
        .collect();
    Ok((model, targets))
}

/// A code generator built into protogen.
pub trait Generator: Sync {
    /// The NAME of `--NAME_out`.
    fn name(&self) -> &'static str;
    /// What it writes and the parameters it takes, for `--help`.
    fn help(&self) -> &'static str;
    /// `CodeGeneratorResponse.Feature` bits.
    fn supported_features(&self) -> u64;
    /// The oldest and newest edition the generator supports.
    fn editions(&self) -> (Edition, Edition);
    /// Generates every file of the request, or says why it cannot.
    fn generate(&self, request: &Request) -> Result<Vec<ResponseFile>, String>;
    /// Whether an explicit `--plugin=protoc-gen-NAME=PATH` runs that plugin
    /// instead: true for generators the reference protoc does not build in,
    /// whose plugins protoc would run.
    fn yields_to_plugin(&self) -> bool {
        false
    }
    /// Whether, with this parameter, the generator reads
    /// [`Request::plugin_files`] (which carry source information).
    fn embeds_plugin_files(&self, _parameter: &str) -> bool {
        false
    }
}

/// Runs a built-in generator. A panic is a bug: it becomes the generator's
/// error, as the compiler's own panics become an internal-error diagnostic.
pub fn run(generator: &dyn Generator, request: &Request) -> Result<Vec<ResponseFile>, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| generator.generate(request)))
        .unwrap_or_else(|payload| {
            Err(format!(
                "internal error in the {} generator: {}; this is a bug in protogen, please report it with the input that caused it",
                generator.name(),
                crate::diagnostics::panic_text(&*payload)
            ))
        })
}

/// The generators built in, by flag name.
pub fn builtin(name: &str) -> Option<&'static dyn Generator> {
    builtins().into_iter().find(|g| g.name() == name)
}

/// Every generator built into protogen.
pub fn builtins() -> [&'static dyn Generator; 8] {
    static PYTHON: python::PythonGenerator = python::PythonGenerator;
    static PYI: python::PyiGenerator = python::PyiGenerator;
    static GRPC_PYTHON: python::GrpcPythonGenerator = python::GrpcPythonGenerator;
    static PROST: rust::ProstGenerator = rust::ProstGenerator;
    static TONIC: rust::tonic::TonicGenerator = rust::tonic::TonicGenerator;
    static PROST_CRATE: rust::krate::CrateGenerator = rust::krate::CrateGenerator;
    static GO: go::GoGenerator = go::GoGenerator;
    static GO_GRPC: go::GoGrpcGenerator = go::GoGrpcGenerator;
    [
        &PYTHON,
        &PYI,
        &GRPC_PYTHON,
        &PROST,
        &TONIC,
        &PROST_CRATE,
        &GO,
        &GO_GRPC,
    ]
}

/// The NAMEs of the built-in generators, comma-separated, for messages.
pub fn builtin_names() -> String {
    let names: Vec<&str> = builtins().iter().map(|g| g.name()).collect();
    names.join(", ")
}

/// The generators protoc builds in that protogen does not: their NAME in
/// `--NAME_out`, and the language.
pub const PROTOC_ONLY: &[(&str, &str)] = &[
    ("cpp", "C++"),
    ("csharp", "C#"),
    ("java", "Java"),
    ("kotlin", "Kotlin"),
    ("objc", "Objective-C"),
    ("php", "PHP"),
    ("ruby", "Ruby"),
    ("rust", "Rust (upb)"),
];

/// Splits a parameter into `key[=value]` pairs, as protoc's generators read it.
pub fn parameter_pairs(parameter: &str) -> Vec<(&str, &str)> {
    parameter
        .split(',')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")))
        .collect()
}
