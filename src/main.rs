use std::io::IsTerminal;

use clap::Parser;

#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;
use protogen::cli::{looks_like_protoc, run_protoc_command_line, Cli, Command, ErrorFormat};

/// mimalloc's option `purge_delay` (its index in `mi_option_e`, the same
/// in mimalloc 2 and 3), which libmimalloc-sys names no constant for.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() {
    // Memory freed is given back to the system after 1 ms instead of
    // mimalloc's 10: a compilation frees each file's syntax tree and
    // scratch data soon after making them, and with the longer delay they
    // added about 20 MiB to googleapis' peak, for no measurable gain in time.
    // MIMALLOC_PURGE_DELAY still overrides it.
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets a plain integer option, before any other thread starts.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 1) };
    }
    let code = std::thread::Builder::new()
        .stack_size(protogen::THREAD_STACK)
        .spawn(run)
        .expect("cannot start the compiler thread")
        .join()
        // A panic has already printed its message; exit as Rust would.
        .unwrap_or(101);
    std::process::exit(code);
}

fn run() -> i32 {
    // One command line per process, which exits after it.
    protogen::driver::keep_at_exit();
    let args: Vec<String> = std::env::args().collect();
    let invoked_as = std::path::Path::new(&args[0])
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("")
        .to_string();
    // Run under the name `protoc`, protogen is protoc: same command line,
    // and protoc's one-line diagnostics by default, for tools that read them.
    let code = if let Some(generator) = invoked_as.strip_prefix("protoc-gen-") {
        // Run as `protoc-gen-NAME`: a plugin for generator NAME, or chosen
        // by parameter when NAME is `protogen`.
        protogen::plugin::guest::run((generator != "protogen").then_some(generator))
    } else if args.len() == 1 && !std::io::stdin().is_terminal() {
        // protoc runs `--plugin=protoc-gen-NAME=/path/to/protogen` with no
        // arguments and the request on stdin.
        protogen::plugin::guest::run(None)
    } else if invoked_as == "protoc" {
        run_protoc_command_line(&args[0], &args[1..], ErrorFormat::Gcc)
    } else {
        let cli = match Cli::try_parse_from(&args) {
            Ok(cli) => cli,
            Err(e) if looks_like_protoc(&args[1..]) => {
                let _ = e.print();
                eprintln!(
                    "\nprotoc's command line goes after `compile`: protogen compile {}",
                    args[1..].join(" ")
                );
                return 2;
            }
            Err(e) => e.exit(),
        };
        if cli.version {
            println!("{}", protogen::cli::args::version_line());
            return 0;
        }
        match cli.command {
            Some(Command::Compile { args }) => {
                run_protoc_command_line("protogen compile", &args, ErrorFormat::Human)
            }
            Some(Command::Plugin) => protogen::plugin::guest::run(None),
            Some(Command::Explain { code }) => {
                protogen::cli::explain(code.as_deref(), &mut std::io::stdout())
            }
            Some(Command::Lint {
                input,
                config,
                paths,
                exclude_paths,
                error_format,
                fix,
            }) => protogen::cli::lint(
                &input,
                config.as_deref(),
                &paths,
                &exclude_paths,
                &error_format,
                fix,
            ),
            Some(Command::Format {
                input,
                config,
                paths,
                exclude_paths,
                diff,
                write,
                exit_code,
                output,
                error_format,
            }) => protogen::cli::format(&protogen::format::Options {
                input: &input,
                config: config.as_deref(),
                paths: &paths,
                exclude_paths: &exclude_paths,
                diff,
                write,
                exit_code,
                output: &output,
                error_format: &error_format,
            }),
            Some(Command::Breaking {
                input,
                against,
                config,
                against_config,
                paths,
                exclude_paths,
                exclude_imports,
                limit_to_input_files,
                error_format,
            }) => protogen::cli::breaking(
                &protogen::breaking::Options {
                    input: &input,
                    against: &against,
                    config: config.as_deref(),
                    against_config: against_config.as_deref(),
                    paths: &paths,
                    exclude_paths: &exclude_paths,
                    exclude_imports,
                    limit_to_input_files,
                },
                &error_format,
            ),
            Some(Command::Completions { shell }) => {
                protogen::cli::completions(shell, &mut std::io::stdout());
                0
            }
            // `arg_required_else_help` prints the help for an empty command line.
            None => 2,
        }
    };
    code
}
