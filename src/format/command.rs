//! The `protogen format` command: which files, and where their formatted
//! text goes (standard output, in place, a diff, another directory or
//! file), as `buf format` does it.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Finding, Place, Severity};

use crate::workspace::{under, Workspace};

pub struct Options<'a> {
    pub input: &'a str,
    pub config: Option<&'a str>,
    pub paths: &'a [String],
    pub exclude_paths: &'a [String],
    pub diff: bool,
    pub write: bool,
    pub exit_code: bool,
    pub output: &'a str,
    pub error_format: &'a str,
}

/// One file: where it is read from and written to in place, and its name
/// inside the formatted set (what `-o DIR` writes under).
struct Source {
    disk: PathBuf,
    shown: String,
    name: String,
}

/// What running the command produced.
pub enum Outcome {
    /// Text for standard output; whether any file changed.
    Done { stdout: String, changed: bool },
    /// Files that do not parse.
    Syntax(Vec<Finding>),
}

fn sources(opts: &Options) -> Result<Vec<Source>, String> {
    let input = Path::new(opts.input);
    if input.is_file() {
        let name = input
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        return Ok(vec![Source {
            disk: input.to_path_buf(),
            shown: opts.input.to_string(),
            name,
        }]);
    }
    let ws = Workspace::open(opts.input, opts.config)?;
    let mut out = Vec::new();
    for module in &ws.modules {
        for file in ws.files(module) {
            let shown = ws.shown_path(module, &file);
            let selected = (opts.paths.is_empty() || opts.paths.iter().any(|p| under(&shown, p)))
                && !opts.exclude_paths.iter().any(|p| under(&shown, p));
            if selected {
                out.push(Source {
                    disk: ws.module_dir(module).join(&file),
                    shown,
                    name: file,
                });
            }
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// A unified diff of one file, headed as buf heads it.
fn unified_diff(shown: &str, before: &str, after: &str) -> String {
    let stamp = now_stamp();
    let diff = similar::TextDiff::from_lines(before, after);
    let mut out =
        format!("diff -u {shown}.orig {shown}\n--- {shown}.orig\t{stamp}\n+++ {shown}\t{stamp}\n");
    for hunk in diff.unified_diff().context_radius(3).iter_hunks() {
        out.push_str(&hunk.to_string());
    }
    out
}

/// The current time as `diff -u` prints it, in UTC.
fn now_stamp() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let secs = now.as_secs() as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Civil date from days since 1970-01-01 (proleptic Gregorian).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}.{:09} +0000",
        rem / 3600,
        rem / 60 % 60,
        rem % 60,
        now.subsec_nanos()
    )
}

/// One formatted file; its text before when it changed and a diff is
/// wanted.
struct Formatted {
    text: String,
    changed: bool,
    before: Option<String>,
}

/// A file formatted, or its syntax error; `Err` when it cannot be read.
type FileResult = Result<Result<Formatted, Finding>, String>;

/// Formats every file, on all cores, each result in its file's place.
fn format_all(
    files: &[Source],
    keep_before: bool,
) -> Result<Vec<Result<Formatted, Finding>>, String> {
    crate::parallel::map(files, |f| format_one(f, keep_before))
        .into_iter()
        .collect()
}

fn format_one(f: &Source, keep_before: bool) -> FileResult {
    let bytes = std::fs::read(&f.disk).map_err(|e| format!("{}: {e}", f.shown))?;
    let text = String::from_utf8_lossy(&bytes);
    Ok(match super::format_text(&text) {
        Ok(out) => {
            let changed = out != text;
            Ok(Formatted {
                before: (changed && keep_before).then(|| text.into_owned()),
                text: out,
                changed,
            })
        }
        Err(e) => {
            let src = crate::source::SourceFile::new(f.shown.clone(), f.shown.clone(), text.into());
            let span = crate::source::Span::new(e.offset, e.offset);
            Err(Finding {
                place: Place::of_span(f.shown.clone(), &src, span),
                kind: "COMPILE".into(),
                message: e.message,
                severity: Severity::Error,
                help: None,
                related: Vec::new(),
            })
        }
    })
}

/// Formats the selected files and writes them where the options say.
pub fn run(opts: &Options) -> Result<Outcome, String> {
    if opts.write && opts.output != "-" {
        return Err("cannot use --output when using --write".into());
    }
    let files = sources(opts)?;
    let results = format_all(&files, opts.diff)?;
    let mut formatted = Vec::with_capacity(files.len());
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(done) => formatted.push(done),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Ok(Outcome::Syntax(errors));
    }
    let changed = formatted.iter().any(|d| d.changed);
    let mut stdout = String::new();
    if opts.diff {
        for (f, d) in files.iter().zip(&formatted) {
            if let Some(before) = &d.before {
                stdout.push_str(&unified_diff(&f.shown, before, &d.text));
            }
        }
        if opts.output == "-" && !opts.write {
            return Ok(Outcome::Done { stdout, changed });
        }
    }
    if opts.write {
        for (f, d) in files.iter().zip(&formatted) {
            if d.changed {
                std::fs::write(&f.disk, &d.text).map_err(|e| format!("{}: {e}", f.shown))?;
            }
        }
        return Ok(Outcome::Done { stdout, changed });
    }
    if opts.output == "-" {
        for d in &formatted {
            stdout.push_str(&d.text);
        }
    } else if opts.output.ends_with(".proto") {
        let all: String = formatted.iter().map(|d| d.text.as_str()).collect();
        std::fs::write(opts.output, all).map_err(|e| format!("{}: {e}", opts.output))?;
    } else {
        let dir = Path::new(opts.output);
        for (f, d) in files.iter().zip(&formatted) {
            let after = &d.text;
            let target = dir.join(&f.name);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| format!("{}: {e}", parent.display()))?;
            }
            std::fs::write(&target, after).map_err(|e| format!("{}: {e}", target.display()))?;
        }
    }
    Ok(Outcome::Done { stdout, changed })
}
