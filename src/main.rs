use std::io::IsTerminal;

use clap::Parser;

#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;
use protogen::cli::{run_protoc_command_line, Cli, Command, ErrorFormat};

fn main() {
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
        match Cli::parse_from(&args).command {
            Command::Compile { args } => {
                run_protoc_command_line("protogen compile", &args, ErrorFormat::Human)
            }
            Command::Plugin => protogen::plugin::guest::run(None),
        }
    };
    std::process::exit(code);
}
