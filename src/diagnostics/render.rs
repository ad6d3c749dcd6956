//! Diagnostic renderers: protoc's one-line formats and a labelled report.

use super::{Diagnostic, Severity};
use crate::source::SourceFile;

fn position(d: &Diagnostic, sources: &[SourceFile]) -> Option<(u32, u32)> {
    let (src, span) = (d.source?, d.span?);
    let (l, c) = sources[src].line_col(span.start);
    Some((l + 1, c + 1))
}

fn file_name(d: &Diagnostic, sources: &[SourceFile]) -> String {
    d.file
        .clone()
        .or_else(|| d.source.map(|s| sources[s].display_path.clone()))
        .unwrap_or_default()
}

/// protoc's default format: `file:line:col: message`.
pub fn render_gcc(d: &Diagnostic, sources: &[SourceFile]) -> String {
    let file = file_name(d, sources);
    let prefix = if d.severity == Severity::Warning {
        "warning: "
    } else {
        ""
    };
    match position(d, sources) {
        Some((l, c)) => format!("{file}:{l}:{c}: {prefix}{}", d.message),
        None if file.is_empty() && d.file.is_none() => format!("{prefix}{}", d.message),
        None => format!("{file}: {prefix}{}", d.message),
    }
}

/// Visual Studio's format: `file(line) : error in column=col: message`.
pub fn render_msvs(d: &Diagnostic, sources: &[SourceFile]) -> String {
    let file = file_name(d, sources);
    let kind = if d.severity == Severity::Warning {
        "warning"
    } else {
        "error"
    };
    match position(d, sources) {
        Some((l, c)) => format!("{file}({l}) : {kind} in column={c}: {}", d.message),
        None => format!("{file}: {kind}: {}", d.message),
    }
}

/// A report with the source line, a labelled span and any help.
pub fn render_human(d: &Diagnostic, sources: &[SourceFile], color: bool) -> String {
    use miette::{
        GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource, Report,
    };
    let severity = match d.severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
    };
    let mut md = MietteDiagnostic::new(d.message.clone()).with_severity(severity);
    if let Some(h) = &d.help {
        md = md.with_help(h.clone());
    }
    let file = file_name(d, sources);
    let report = match (d.source, d.span) {
        (Some(src), Some(span)) => {
            let label = d.label.clone().unwrap_or_else(|| "here".to_string());
            let len =
                (span.end - span.start).max(if span.end as usize >= sources[src].text.len() {
                    0
                } else {
                    1
                });
            md = md.with_label(LabeledSpan::at(
                span.start as usize..(span.start + len) as usize,
                label,
            ));
            let (l, c) = sources[src].line_col(span.start);
            md = md.with_code(format!("{file}:{}:{}", l + 1, c + 1));
            Report::new(md).with_source_code(NamedSource::new(file, sources[src].text.clone()))
        }
        _ => {
            if !file.is_empty() {
                md = md.with_code(file);
            }
            Report::new(md)
        }
    };
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let mut out = String::new();
    let _ = GraphicalReportHandler::new_themed(theme).render_report(&mut out, report.as_ref());
    out
}
