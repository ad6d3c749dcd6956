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
    let code = if invoked_as == "protoc" {
        run_protoc_command_line(&args[0], &args[1..], ErrorFormat::Gcc)
    } else {
        match Cli::parse_from(&args).command {
            Command::Compile { args } => {
                run_protoc_command_line("protogen compile", &args, ErrorFormat::Human)
            }
        }
    };
    std::process::exit(code);
}
