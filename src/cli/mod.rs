//! Command-line interface. `protogen compile` takes protoc's command line
//! as protoc reads it ([`args`]); run under the name `protoc`, the binary
//! takes that command line directly.

pub mod args;

pub use crate::driver::{ErrorFormat, Invocation, Mode, OutputDirective};

use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "protogen",
    about = "A protoc-compatible protobuf compiler",
    disable_version_flag = true,
    arg_required_else_help = true
)]
pub struct Cli {
    /// Print the version (the text `protogen compile --version` prints).
    #[arg(short = 'V', long)]
    pub version: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Whether a command line given without a subcommand is protoc's: it
/// starts with one of protoc's flags or names a .proto file.
pub fn looks_like_protoc(args: &[String]) -> bool {
    args.iter().any(|a| {
        a.ends_with(".proto")
            || a.starts_with("-I")
            || a.starts_with("--proto_path")
            || a.starts_with("--descriptor_set")
            || a.starts_with("--include_")
            || a.starts_with("--plugin")
            || a.starts_with("--encode")
            || a.starts_with("--decode")
            || (a.starts_with("--") && a.contains("_out"))
            || a.starts_with("-o")
    })
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Compile .proto files, as protoc does (`protogen compile --help` lists protoc's flags).
    #[command(disable_help_flag = true, disable_version_flag = true)]
    Compile {
        /// protoc's flags and the .proto files, as protoc takes them.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true, num_args = 0..)]
        args: Vec<String>,
    },
    /// Run as a protoc plugin: a CodeGeneratorRequest on stdin, the
    /// response on stdout. The generator is chosen with `lang=NAME` in the
    /// parameter (`--protogen_out=lang=python:OUT`).
    Plugin,
    /// Explain a diagnostic code: what the rule is, an example that breaks
    /// it, and the fix. Without CODE, list every code.
    Explain {
        /// A code such as UNDEFINED_SYMBOL (case and `-` for `_` do not matter).
        code: Option<String>,
    },
    /// Print a completion script for SHELL (bash, zsh, fish, powershell,
    /// elvish), e.g. `protogen completions bash > /etc/bash_completion.d/protogen`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// `protogen explain [CODE]`: the code's page, or the list of codes.
/// Returns the exit code.
pub fn explain(code: Option<&str>, out: &mut impl std::io::Write) -> i32 {
    use crate::diagnostics::Code;
    match code {
        Some(id) => match Code::from_id(id) {
            Some(c) => {
                let _ = out.write_all(c.page().as_bytes());
                0
            }
            None => {
                eprintln!("error: unknown diagnostic code `{id}`; `protogen explain` lists them");
                2
            }
        },
        None => {
            let width = Code::ALL.iter().map(|c| c.id().len()).max().unwrap_or(0);
            for c in Code::ALL {
                let _ = writeln!(out, "{:width$}  {}", c.id(), c.summary());
            }
            0
        }
    }
}

/// Writes the completion script of `shell` for protogen's command line.
pub fn completions(shell: clap_complete::Shell, out: &mut impl std::io::Write) {
    use clap::CommandFactory;
    clap_complete::generate(shell, &mut Cli::command(), "protogen", out);
}

/// Runs a protoc command line (`args` without the program name); returns the exit code.
pub fn run_protoc_command_line(program: &str, args: &[String], default_format: ErrorFormat) -> i32 {
    use std::io::Write;
    match args::parse(program, args, default_format) {
        args::Parsed::Exit {
            code,
            stdout,
            stderr,
        } => {
            let _ = std::io::stdout().write_all(stdout.as_bytes());
            let _ = std::io::stderr().write_all(stderr.as_bytes());
            code
        }
        args::Parsed::Run(inv, notes) => {
            for n in notes {
                eprintln!("{n}");
            }
            crate::driver::run(&inv)
        }
    }
}
