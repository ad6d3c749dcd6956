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
    /// Lint the .proto files of a buf workspace with buf's rules, ids,
    /// configuration (buf.yaml v1 or v2) and output.
    Lint {
        /// The workspace directory (with its buf.yaml, if any).
        #[arg(default_value = ".")]
        input: String,
        /// A buf.yaml file, or its YAML or JSON text, instead of INPUT's.
        #[arg(long)]
        config: Option<String>,
        /// Lint only these files or directories (as shown in the output).
        #[arg(long = "path")]
        paths: Vec<String>,
        /// Leave these files or directories out.
        #[arg(long = "exclude-path")]
        exclude_paths: Vec<String>,
        /// text, json, msvs, github-actions, junit, gitlab-code-quality,
        /// sarif or config-ignore-yaml.
        #[arg(long = "error-format", default_value = "text")]
        error_format: String,
        /// First fix what can be fixed mechanically (enum value names,
        /// options a package's files disagree on) and report the files to
        /// move; then report what is left.
        #[arg(long)]
        fix: bool,
    },
    /// Format .proto files in buf's canonical layout: to standard output,
    /// in place (-w), as a diff (-d) or into another place (-o).
    Format {
        /// A workspace directory or one .proto file.
        #[arg(default_value = ".")]
        input: String,
        /// A buf.yaml file, or its YAML or JSON text, instead of INPUT's.
        #[arg(long)]
        config: Option<String>,
        /// Format only these files or directories.
        #[arg(long = "path")]
        paths: Vec<String>,
        /// Leave these files or directories out.
        #[arg(long = "exclude-path")]
        exclude_paths: Vec<String>,
        /// Print a diff instead of the formatted files.
        #[arg(short = 'd', long)]
        diff: bool,
        /// Rewrite the files in place.
        #[arg(short = 'w', long)]
        write: bool,
        /// Exit with 100 when a file is not already formatted.
        #[arg(long = "exit-code")]
        exit_code: bool,
        /// Where to write: `-` (standard output), a directory or a .proto file.
        #[arg(short = 'o', long = "output", default_value = "-")]
        output: String,
        /// The format of syntax errors: text, json, msvs, github-actions, ...
        #[arg(long = "error-format", default_value = "text")]
        error_format: String,
    },
    /// Report breaking changes between INPUT and AGAINST with buf's rules,
    /// ids, configuration (buf.yaml `breaking:`) and output.
    Breaking {
        /// The workspace directory (with its buf.yaml, if any).
        #[arg(default_value = ".")]
        input: String,
        /// The previous version: a directory, a FileDescriptorSet
        /// (`.binpb`, `.pb`) or a git ref (`.git#branch=main,subdir=proto`).
        #[arg(long)]
        against: String,
        /// A buf.yaml file, or its YAML or JSON text, instead of INPUT's.
        #[arg(long)]
        config: Option<String>,
        /// The buf.yaml for AGAINST, instead of its own.
        #[arg(long = "against-config")]
        against_config: Option<String>,
        /// Check only these files or directories.
        #[arg(long = "path")]
        paths: Vec<String>,
        /// Leave these files or directories out.
        #[arg(long = "exclude-path")]
        exclude_paths: Vec<String>,
        /// Leave out findings in imported files.
        #[arg(long = "exclude-imports")]
        exclude_imports: bool,
        /// Compare only the files INPUT has.
        #[arg(long = "limit-to-input-files")]
        limit_to_input_files: bool,
        /// text, json, msvs, github-actions, junit, gitlab-code-quality or sarif.
        #[arg(long = "error-format", default_value = "text")]
        error_format: String,
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

/// `protogen lint`: prints the findings as buf does; exit 100 when there
/// are any, 1 when the configuration or input is wrong.
pub fn lint(
    input: &str,
    config: Option<&str>,
    paths: &[String],
    exclude_paths: &[String],
    error_format: &str,
    fix: bool,
) -> i32 {
    const FORMATS: &[&str] = &[
        "text",
        "gcc",
        "json",
        "msvs",
        "github-actions",
        "junit",
        "gitlab-code-quality",
        "sarif",
        "config-ignore-yaml",
    ];
    if fix && FORMATS.contains(&error_format) {
        let fixed = crate::workspace::Workspace::open(input, config)
            .and_then(|ws| crate::lint::fix(&ws, paths, exclude_paths));
        match fixed {
            Ok(fixed) => eprint!("{}", fix_report(&fixed)),
            Err(e) => {
                eprintln!("Failure: {e}");
                return 1;
            }
        }
    }
    report_findings(error_format, FORMATS, || {
        crate::workspace::Workspace::open(input, config).and_then(|ws| {
            for w in crate::lint::deprecation_warnings(&ws) {
                eprintln!("{w}");
            }
            crate::lint::lint(&ws, paths, exclude_paths)
        })
    })
}

/// What `lint --fix` tells the user on standard error.
fn fix_report(fixed: &crate::lint::fix::Fixed) -> String {
    let mut out = String::new();
    let files = fixed.files.len();
    out.push_str(&format!(
        "Fixed {} finding{} in {files} file{}.\n",
        fixed.findings,
        if fixed.findings == 1 { "" } else { "s" },
        if files == 1 { "" } else { "s" }
    ));
    for s in &fixed.skipped {
        out.push_str(&format!("Not fixed: {s}\n"));
    }
    if !fixed.moves.is_empty() {
        out.push_str("Files to move (each import of a moved file changes with it):\n");
        for m in &fixed.moves {
            out.push_str(&format!(
                "  {} -> {} ({}; imported by {} file{})\n",
                m.from,
                m.to,
                m.rules.join(", "),
                m.importers,
                if m.importers == 1 { "" } else { "s" }
            ));
        }
    }
    out
}

/// `protogen breaking`: as `lint`, for breaking changes.
pub fn breaking(opts: &crate::breaking::Options, error_format: &str) -> i32 {
    const FORMATS: &[&str] = &[
        "text",
        "json",
        "msvs",
        "github-actions",
        "junit",
        "gitlab-code-quality",
        "sarif",
    ];
    report_findings(error_format, FORMATS, || {
        if let Ok(ws) = crate::workspace::Workspace::open(opts.input, opts.config) {
            for w in crate::breaking::deprecation_warnings(&ws) {
                eprintln!("{w}");
            }
        }
        crate::breaking::breaking(opts)
    })
}

/// `protogen format`: exit 1 for bad input and for files that do not
/// parse (reported in buf's text form whatever `--error-format` says, as
/// buf does), else 0, or 100 with `--exit-code` when a file was not
/// formatted.
pub fn format(opts: &crate::format::Options) -> i32 {
    const FORMATS: &[&str] = &[
        "text",
        "json",
        "msvs",
        "junit",
        "github-actions",
        "gitlab-code-quality",
        "sarif",
    ];
    if !FORMATS.contains(&opts.error_format) {
        eprintln!(
            "Failure: --error-format: invalid format: {:?}, expected one of {}",
            opts.error_format,
            FORMATS.join(", ")
        );
        return 1;
    }
    match crate::format::run(opts) {
        Err(e) => {
            eprintln!("Failure: {e}");
            1
        }
        Ok(crate::format::Outcome::Syntax(findings)) => {
            let lines: Vec<String> = findings
                .iter()
                .map(crate::diagnostics::machine::text_line)
                .collect();
            eprintln!("Failure: {}", lines.join("\n"));
            1
        }
        Ok(crate::format::Outcome::Done { stdout, changed }) => {
            let _ = std::io::Write::write_all(&mut std::io::stdout(), stdout.as_bytes());
            if opts.exit_code && changed {
                100
            } else {
                0
            }
        }
    }
}

/// Prints the findings `run` produces in `format` (one of `formats`);
/// returns buf's exit code.
fn report_findings(
    format: &str,
    formats: &[&str],
    run: impl FnOnce() -> Result<Vec<crate::diagnostics::Finding>, String>,
) -> i32 {
    use crate::diagnostics::machine;
    if !formats.contains(&format) {
        eprintln!(
            "Failure: --error-format: invalid format: {format:?}, expected one of {}",
            formats.join(", ")
        );
        return 1;
    }
    let findings = match run() {
        Ok(f) => f,
        Err(e) => {
            eprintln!("Failure: {e}");
            return 1;
        }
    };
    let mut out = String::new();
    let each = |out: &mut String, line: &dyn Fn(&crate::diagnostics::Finding) -> String| {
        for f in &findings {
            out.push_str(&line(f));
            out.push('\n');
        }
    };
    match format {
        "json" => each(&mut out, &machine::buf_json_line),
        "msvs" => each(&mut out, &|f| {
            let path = if f.place.path.is_empty() {
                "<input>"
            } else {
                &f.place.path
            };
            format!(
                "{path}({},{}) : error {} : {}",
                f.place.start_line.max(1),
                f.place.start_column.max(1),
                f.kind,
                f.message
            )
        }),
        "github-actions" => each(&mut out, &machine::buf_github_actions),
        "junit" => out = machine::junit(&findings),
        "gitlab-code-quality" => out = machine::gitlab_code_quality(&findings),
        "sarif" => out = machine::sarif(&findings, env!("CARGO_PKG_VERSION")),
        "config-ignore-yaml" => out = crate::lint::config_ignore_yaml(&findings),
        _ => each(&mut out, &machine::text_line),
    }
    let _ = std::io::Write::write_all(&mut std::io::stdout(), out.as_bytes());
    if findings.is_empty() {
        0
    } else {
        100
    }
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
