//! Command-line interface: `protogen compile` with protoc's flags and spellings.

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "protogen",
    version,
    about = "A protoc-compatible protobuf compiler"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Compile .proto files, as protoc does.
    Compile(CompileArgs),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Default)]
pub enum ErrorFormat {
    /// Labelled source reports (the default).
    #[default]
    Human,
    /// protoc's `file:line:col: message`.
    Gcc,
    /// Visual Studio's `file(line) : error in column=col: message`.
    Msvs,
}

#[derive(clap::Args, Debug, Default)]
pub struct CompileArgs {
    /// Directory in which to search for imports (repeatable; `VIRTUAL=DIR` maps a prefix).
    #[arg(short = 'I', long = "proto_path", value_name = "PATH")]
    pub proto_path: Vec<String>,
    /// Write a FileDescriptorSet containing the input files to FILE.
    #[arg(short = 'o', long = "descriptor_set_out", value_name = "FILE")]
    pub descriptor_set_out: Option<String>,
    /// With --descriptor_set_out, also include all dependencies of the inputs.
    #[arg(long = "include_imports")]
    pub include_imports: bool,
    /// With --descriptor_set_out, keep SourceCodeInfo (locations and comments).
    #[arg(long = "include_source_info")]
    pub include_source_info: bool,
    /// With --descriptor_set_out, keep options whose retention is SOURCE.
    #[arg(long = "retain_options")]
    pub retain_options: bool,
    /// How to print diagnostics: human, gcc or msvs.
    #[arg(long = "error_format", value_enum, default_value_t = ErrorFormat::Human)]
    pub error_format: ErrorFormat,
    /// Treat warnings as errors (exit non-zero if any warning is printed).
    #[arg(long = "fatal_warnings")]
    pub fatal_warnings: bool,
    /// The .proto files to compile.
    #[arg(value_name = "PROTO_FILES")]
    pub files: Vec<String>,
}

/// Expands `@file` arguments (one argument per line), as protoc does.
pub fn expand_argsfiles(args: Vec<String>) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for a in args {
        if let Some(path) = a.strip_prefix('@') {
            let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
            out.extend(
                text.lines()
                    .filter(|l| !l.is_empty())
                    .map(|l| l.to_string()),
            );
        } else {
            out.push(a);
        }
    }
    Ok(out)
}
