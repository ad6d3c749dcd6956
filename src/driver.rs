//! The stage order for one command line, written once.

use std::io::Write;

use crate::cli::{CompileArgs, ErrorFormat};
use crate::descriptor::tags::FILE_DESCRIPTOR_SET_FILE;
use crate::descriptor::wire::put_message;
use crate::diagnostics::{render_gcc, render_human, render_msvs, Diagnostic, Severity};
use crate::semantic::export::{export_file, output_order, ExportOptions};
use crate::semantic::{self, Compilation};
use crate::source::Resolver;

/// What a compile run produced: the encoded descriptor set (when it
/// succeeded) and the diagnostics.
pub struct Outcome {
    pub compilation: Compilation,
    pub descriptor_set: Option<Vec<u8>>,
    pub setup_errors: Vec<String>,
}

/// Compiles the inputs named by `args` and encodes the descriptor set.
pub fn compile(args: &CompileArgs) -> Outcome {
    let resolver = Resolver::new(&args.proto_path);
    let mut setup_errors = Vec::new();
    let mut names = Vec::new();
    for f in &args.files {
        match resolver.input_to_import_name(f) {
            Ok(n) => names.push(n),
            Err(e) => setup_errors.push(e),
        }
    }
    // A panic is a bug; it becomes an internal-error diagnostic, not a crash.
    let compilation = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        semantic::compile(&resolver, &names)
    }))
    .unwrap_or_else(|payload| {
        let what = payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        Compilation {
            sources: Vec::new(),
            pool: Default::default(),
            diags: vec![
                Diagnostic::error(format!("internal error: {what}")).with_help(
                    "this is a bug in protogen; please report it with the input that caused it",
                ),
            ],
            roots: vec![None],
        }
    });
    let mut descriptor_set = None;
    if setup_errors.is_empty()
        && !compilation.has_errors()
        && compilation.roots.iter().all(|r| r.is_some())
    {
        let roots: Vec<usize> = compilation.roots.iter().flatten().copied().collect();
        let opts = ExportOptions {
            include_imports: args.include_imports,
            include_source_info: args.include_source_info,
            retain_options: args.retain_options,
        };
        // Each file is encoded as soon as it is exported, so only one copy is alive at a time.
        let mut bytes = Vec::new();
        for f in output_order(&compilation.pool, &roots, opts.include_imports) {
            let fd = export_file(&compilation.pool, &compilation.sources, f, opts);
            put_message(&mut bytes, FILE_DESCRIPTOR_SET_FILE, |b| fd.encode(b));
        }
        descriptor_set = Some(bytes);
    }
    Outcome {
        compilation,
        descriptor_set,
        setup_errors,
    }
}

pub fn render(d: &Diagnostic, c: &Compilation, format: ErrorFormat, color: bool) -> String {
    match format {
        ErrorFormat::Gcc => render_gcc(d, &c.sources),
        ErrorFormat::Msvs => render_msvs(d, &c.sources),
        ErrorFormat::Human => render_human(d, &c.sources, color),
    }
}

/// Runs `protogen compile`; returns the process exit code.
pub fn run_compile(args: &CompileArgs) -> i32 {
    if args.files.is_empty() {
        eprintln!("Missing input file.");
        return 1;
    }
    let outcome = compile(args);
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    for e in &outcome.setup_errors {
        let _ = writeln!(err, "{e}");
    }
    let color = args.error_format == ErrorFormat::Human
        && std::env::var_os("NO_COLOR").is_none()
        && is_terminal();
    let c = &outcome.compilation;
    for d in &c.diags {
        let _ = writeln!(err, "{}", render(d, c, args.error_format, color).trim_end());
    }
    let warned = c.diags.iter().any(|d| d.severity == Severity::Warning);
    let Some(bytes) = outcome.descriptor_set else {
        return 1;
    };
    if args.fatal_warnings && warned {
        return 1;
    }
    if let Some(out) = &args.descriptor_set_out {
        // Write to a temporary file first so a failed write leaves nothing behind.
        let tmp = format!("{out}.protogen-tmp");
        let r = std::fs::write(&tmp, &bytes).and_then(|_| std::fs::rename(&tmp, out));
        if let Err(e) = r {
            let _ = std::fs::remove_file(&tmp);
            let _ = writeln!(err, "{out}: {e}");
            return 1;
        }
    }
    0
}

fn is_terminal() -> bool {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal()
}
