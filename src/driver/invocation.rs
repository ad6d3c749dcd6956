//! What a run is asked to do: the command line, read (`cli::args`), as
//! the driver takes it.

use std::collections::{BTreeMap, BTreeSet};

/// How diagnostics are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ErrorFormat {
    /// Labelled source reports.
    #[default]
    Human,
    /// protoc's `file:line:col: message`.
    Gcc,
    /// Visual Studio's `file(line) : error in column=col: message`.
    Msvs,
    /// One JSON object per line, with buf's field names.
    Json,
    /// GitHub Actions workflow commands, shown as annotations.
    GithubActions,
    /// A SARIF 2.1.0 log.
    Sarif,
    /// JUnit XML.
    Junit,
    /// A GitLab Code Quality report.
    GitlabCodeQuality,
}

impl ErrorFormat {
    /// The format named `name`, as `--error_format` takes it.
    pub fn from_name(name: &str) -> Option<ErrorFormat> {
        Some(match name {
            "gcc" => ErrorFormat::Gcc,
            "msvs" => ErrorFormat::Msvs,
            "human" => ErrorFormat::Human,
            "json" => ErrorFormat::Json,
            "github-actions" => ErrorFormat::GithubActions,
            "sarif" => ErrorFormat::Sarif,
            "junit" => ErrorFormat::Junit,
            "gitlab-code-quality" => ErrorFormat::GitlabCodeQuality,
            _ => return None,
        })
    }
}

/// What the run does once the inputs are compiled.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Mode {
    /// Write descriptor sets and generated code.
    #[default]
    Compile,
    /// Read text format on stdin, write the binary encoding of this type.
    Encode(String),
    /// Read the binary encoding of this type on stdin, write text format.
    Decode(String),
    /// Read any binary message on stdin, write its fields by number.
    DecodeRaw,
    /// Print the unused field numbers of every message.
    PrintFreeFields,
}

/// One `--NAME_out=[PARAMS:]LOCATION`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputDirective {
    /// The flag as written, e.g. `--python_out`.
    pub flag: String,
    /// The generator name, e.g. `python`.
    pub name: String,
    /// Parameters given before the `:` of the value.
    pub parameter: String,
    /// A directory, or a `.zip`/`.jar`/`.srcjar` archive.
    pub location: String,
}

/// Everything a protoc command line asks for.
#[derive(Clone, Debug, Default)]
pub struct Invocation {
    /// `-I` entries as (virtual prefix, disk directory).
    pub proto_path: Vec<(String, String)>,
    pub inputs: Vec<String>,
    pub mode: Mode,
    pub descriptor_set_in: Vec<String>,
    pub descriptor_set_out: Option<String>,
    pub dependency_out: Option<String>,
    pub include_imports: bool,
    pub include_source_info: bool,
    pub retain_options: bool,
    pub deterministic_output: bool,
    pub fatal_warnings: bool,
    pub unsafe_allow_out_dir_escape: bool,
    pub disallow_services: bool,
    pub experimental_editions: bool,
    pub error_format: ErrorFormat,
    /// `--warn`: which warnings are reported.
    pub warn: crate::driver::reporter::WarnFilter,
    /// `--verbose`: every diagnostic in full, none compacted.
    pub verbose: bool,
    /// `--direct_dependencies`: the imports allowed, when given.
    pub direct_dependencies: Option<BTreeSet<String>>,
    pub direct_dependencies_violation_msg: String,
    /// `--option_dependencies`: the `import option`s allowed, when given.
    pub option_dependencies: Option<BTreeSet<String>>,
    pub option_dependencies_violation_msg: String,
    /// `--plugin`: plugin program name (`protoc-gen-NAME`) → executable path.
    pub plugins: BTreeMap<String, String>,
    /// `--NAME_opt` values, merged with commas, by generator name.
    pub generator_options: BTreeMap<String, String>,
    pub outputs: Vec<OutputDirective>,
}
