use clap::Parser;

#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;
use protogen::cli::{expand_argsfiles, Cli, Command};

fn main() {
    let mut args: Vec<String> = std::env::args().collect();
    // Run under the name `protoc`, protogen behaves as `protogen compile`.
    let invoked_as = std::path::Path::new(&args[0])
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("")
        .to_string();
    if invoked_as == "protoc" {
        args.insert(1, "compile".to_string());
    }
    let args = match expand_argsfiles(args) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let cli = Cli::parse_from(args);
    let code = match cli.command {
        Command::Compile(a) => protogen::driver::run_compile(&a),
    };
    std::process::exit(code);
}
