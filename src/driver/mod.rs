//! The stage order for one command line, written once: read descriptor
//! sets, compile the inputs, check what the flags restrict, then generate,
//! encode or decode, or print.

mod codec;
mod generate;
mod invocation;
mod report;
pub mod reporter;

use std::io::Write;

use crate::descriptor::tags::FILE_DESCRIPTOR_SET_FILE;
use crate::descriptor::wire::put_message;
use crate::descriptor::FileDescriptorSet;
use crate::diagnostics::{Code, Diagnostic, Severity};
use crate::semantic::export::{export_file, output_order, ExportOptions};
use crate::semantic::{self, Compilation, DescriptorSets, Positions};
use crate::source::Resolver;
pub use generate::write_file;
pub use invocation::{ErrorFormat, Invocation, Mode, OutputDirective};
use reporter::Reporter;

/// What compiling the inputs of a command line produced.
pub struct Outcome {
    pub compilation: Compilation,
    /// Problems with the command line's input names, printed before diagnostics.
    pub setup_errors: Vec<String>,
    /// Pool indices of the input files, when everything compiled.
    pub roots: Option<Vec<usize>>,
    pub resolver: Resolver,
}

impl Outcome {
    /// The `FileDescriptorSet` `--descriptor_set_out` writes, if compilation succeeded.
    pub fn descriptor_set(&self, inv: &Invocation) -> Option<Vec<u8>> {
        self.roots.as_ref()?;
        let mut bytes = Vec::new();
        self.write_descriptor_set(inv, &mut bytes)
            .expect("writing to memory does not fail");
        Some(bytes)
    }

    /// Writes [`Outcome::descriptor_set`] to `out` (nothing if compilation
    /// failed). Files are exported and encoded in parallel and each is
    /// written as soon as those before it are, so a large set is never
    /// held whole.
    pub fn write_descriptor_set(
        &self,
        inv: &Invocation,
        out: &mut impl Write,
    ) -> std::io::Result<()> {
        let Some(roots) = self.roots.as_ref() else {
            return Ok(());
        };
        let c = &self.compilation;
        let opts = ExportOptions {
            include_imports: inv.include_imports,
            include_source_info: inv.include_source_info,
            retain_options: inv.retain_options,
            include_json_name: true,
        };
        let files = output_order(&c.pool, roots, opts.include_imports);
        let encode = |&f: &usize| {
            let fd = export_file(&c.pool, &c.sources, f, opts);
            let mut bytes = Vec::new();
            put_message(&mut bytes, FILE_DESCRIPTOR_SET_FILE, |b| fd.encode(b));
            bytes
        };
        crate::parallel::for_each_in_order(&files, encode, |bytes| out.write_all(&bytes))
    }
}

/// Compiles the inputs of `inv`, with files of `sets` available where the
/// `-I` roots do not have them.
pub fn compile(inv: &Invocation, sets: &DescriptorSets) -> Outcome {
    compile_keeping(inv, sets, Positions::All)
}

/// Like [`compile`], for a caller that reads only `positions` of the
/// outcome's source locations: each file's others are freed once it is
/// compiled.
fn compile_keeping(inv: &Invocation, sets: &DescriptorSets, positions: Positions) -> Outcome {
    let resolver = Resolver::from_pairs(&inv.proto_path);
    let mut setup_errors = Vec::new();
    let mut names = Vec::new();
    for f in &inv.inputs {
        let in_sets = sets.files.contains_key(f.as_str());
        match resolver.input_to_import_name(f) {
            Ok(n) => names.push(n),
            Err(_) if in_sets => names.push(f.clone()),
            Err(e) => setup_errors.push(e),
        }
    }
    if !setup_errors.is_empty() {
        return Outcome {
            compilation: Compilation::default(),
            setup_errors,
            roots: None,
            resolver,
        };
    }
    // A panic is a bug; it becomes an internal-error diagnostic, not a crash.
    let compilation = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        semantic::compile_reading(&resolver, Some(sets), &names, positions)
    }))
    .unwrap_or_else(|payload| {
        let what = crate::diagnostics::panic_text(&*payload);
        Compilation {
            diags: vec![
                Diagnostic::error(Code::InternalError, format!("internal error: {what}"))
                    .with_help(
                        "this is a bug in protogen; please report it with the input that caused it",
                    ),
            ],
            roots: vec![None],
            ..Default::default()
        }
    });
    let roots = if !compilation.has_errors() && compilation.roots.iter().all(|r| r.is_some()) {
        Some(compilation.roots.iter().flatten().copied().collect())
    } else {
        None
    };
    Outcome {
        compilation,
        setup_errors,
        roots,
        resolver,
    }
}

/// Reads the `--descriptor_set_in` files.
fn read_descriptor_sets(paths: &[String]) -> Result<DescriptorSets, String> {
    let mut sets = DescriptorSets::default();
    for path in paths {
        let bytes =
            std::fs::read(path).map_err(|_| format!("{path}: No such file or directory"))?;
        let set =
            FileDescriptorSet::decode(&bytes).map_err(|_| format!("{path}: Unable to parse."))?;
        sets.add(set);
    }
    Ok(sets)
}

/// Runs a protoc command line; returns the process exit code.
pub fn run(inv: &Invocation) -> i32 {
    let color = inv.error_format == ErrorFormat::Human
        && std::env::var_os("NO_COLOR").is_none()
        && is_terminal();
    let mut err = Reporter::new(std::io::stderr().lock(), inv, color);
    let code = run_reporting(inv, &mut err);
    err.finish();
    code
}

/// Compiles the inputs of `inv` (with its `--descriptor_set_in` files) and
/// reports what that found: problems with the input names, diagnostics,
/// and what the flags restrict. The outcome of a compilation that
/// succeeded, and whether a warning that counts for `--fatal_warnings`
/// was shown; `None` (the reasons reported) otherwise.
pub fn compile_reporting(
    inv: &Invocation,
    err: &mut Reporter<impl Write>,
) -> Option<(Outcome, bool)> {
    compile_reporting_keeping(inv, err, Positions::All)
}

/// [`compile_reporting`], keeping the locations as
/// [`compile_keeping`] does.
fn compile_reporting_keeping(
    inv: &Invocation,
    err: &mut Reporter<impl Write>,
    positions: Positions,
) -> Option<(Outcome, bool)> {
    let sets = match read_descriptor_sets(&inv.descriptor_set_in) {
        Ok(s) => s,
        Err(e) => {
            let _ = writeln!(err, "{e}");
            return None;
        }
    };
    let outcome = compile_keeping(inv, &sets, positions);
    for e in &outcome.setup_errors {
        let _ = writeln!(err, "{e}");
    }
    let c = &outcome.compilation;
    let mut warned = false;
    for d in &c.diags {
        let shown = err.diagnostic(d, &c.sources);
        // protoc logs a missing syntax statement instead of reporting it,
        // so it does not fail --fatal_warnings there.
        warned |= shown && d.severity == Severity::Warning && d.code != Code::MissingSyntax;
    }
    let roots = outcome.roots.as_ref()?;
    if let Err(lines) = report::check_restrictions(inv, &c.pool, roots) {
        for l in lines {
            let _ = writeln!(err, "{l}");
        }
        return None;
    }
    Some((outcome, warned))
}

fn run_reporting(inv: &Invocation, err: &mut Reporter<impl Write>) -> i32 {
    if inv.mode == Mode::DecodeRaw {
        return codec::decode_raw(err);
    }
    let positions = generate::positions_read(inv);
    let Some((mut outcome, mut warned)) = compile_reporting_keeping(inv, err, positions) else {
        return 1;
    };
    err.line_code = Code::OutputError;
    let ok = match &inv.mode {
        Mode::Compile => generate::compile_outputs(inv, &mut outcome, err),
        Mode::Encode(ty) => codec::encode(inv, &outcome.compilation.pool, ty, err, &mut warned),
        Mode::Decode(ty) => codec::decode(&outcome.compilation.pool, ty, err, &mut warned),
        Mode::DecodeRaw => unreachable!("handled before compiling"),
        Mode::PrintFreeFields => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            let roots = outcome.roots.as_deref().unwrap_or_default();
            let free = report::free_field_numbers(&outcome.compilation.pool, roots);
            let _ = out.write_all(free.as_bytes());
            true
        }
    };
    if KEEP_AT_EXIT.load(std::sync::atomic::Ordering::Relaxed) {
        // The process exits next and the system takes the memory back at
        // once: freeing the compilation piece by piece only delays the exit.
        std::mem::forget(outcome);
    }
    if !ok || (inv.fatal_warnings && warned) {
        return 1;
    }
    0
}

/// Set by a process whose exit follows the run: see [`keep_at_exit`].
static KEEP_AT_EXIT: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Leaves the compilation of each later [`run`] allocated when it ends,
/// for a process that exits once the run is over (the command line
/// tool), where freeing it would only take time.
pub fn keep_at_exit() {
    KEEP_AT_EXIT.store(true, std::sync::atomic::Ordering::Relaxed);
}

fn is_terminal() -> bool {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal()
}
