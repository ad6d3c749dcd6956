//! Diagnostic renderers: protoc's one-line formats and a labelled report.

use super::{Diagnostic, Severity};
use crate::source::{SourceFile, Span};

/// The 1-based line and column protoc's formats print, if any.
fn position(d: &Diagnostic, sources: &[SourceFile]) -> Option<(u32, u32)> {
    if d.unplaced_in_protoc {
        return None;
    }
    let (src, span) = (d.source?, d.protoc_span.or(d.span)?);
    let (l, c) = sources[src].line_col(span.start);
    Some((l + 1, c + 1))
}

pub(super) fn file_name(d: &Diagnostic, sources: &[SourceFile]) -> String {
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
    use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, Report};
    let severity = match d.severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
    };
    let mut md = MietteDiagnostic::new(d.message.clone()).with_severity(severity);
    let block = Block::of(d, sources);
    // Other places that matter are drawn with the primary span when they
    // are near it, else listed after the help with their position.
    let listed = d
        .secondary
        .iter()
        .filter(|l| !block.as_ref().is_some_and(|b| b.holds(l)));
    let related = listed.map(|l| {
        let (line, col) = sources[l.source].line_col(l.span.start);
        let file = &sources[l.source].display_path;
        format!("{file}:{}:{}: {}", line + 1, col + 1, l.message)
    });
    let help: Vec<String> = d
        .help
        .iter()
        .chain(&d.notes)
        .cloned()
        .chain(related)
        .collect();
    if !help.is_empty() {
        md = md.with_help(help.join("\n"));
    }
    let file = file_name(d, sources);
    // The first line says what it is, with the code, and where, e.g.
    // `error[UNDEFINED_SYMBOL]: a.proto:7:3`.
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let headline = format!("{kind}[{}]", d.code);
    let report = match (d.source, d.span) {
        (Some(src), Some(span)) => {
            let label = d.label.clone().unwrap_or_else(|| "here".to_string());
            let (l, c) = sources[src].line_col(span.start);
            md = md.with_code(format!("{headline}: {file}:{}:{}", l + 1, c + 1));
            if let Some(b) = block {
                let mut labels = vec![LabeledSpan::new_primary_with_span(
                    Some(label),
                    b.offsets(span),
                )];
                for l in d.secondary.iter().filter(|l| b.holds(l)) {
                    labels.push(LabeledSpan::new_with_span(
                        Some(l.message.clone()),
                        b.offsets(l.span),
                    ));
                }
                let excerpt = b.excerpt(&sources[src], file.clone());
                md = md.and_labels(labels);
                Report::new(md).with_source_code(excerpt)
            } else {
                let (excerpt, at, len) =
                    Excerpt::new(&sources[src], span, l as usize, file.clone());
                md = md.with_label(LabeledSpan::at(at..at + len, label));
                Report::new(md).with_source_code(excerpt)
            }
        }
        _ => {
            md = md.with_code(if file.is_empty() {
                headline
            } else {
                format!("{headline}: {file}")
            });
            Report::new(md)
        }
    };
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let mut out = String::new();
    // The header names the file only: the excerpt's columns start where it
    // was cut, and the code line above already gives protoc's position. Tabs
    // advance to multiples of 8, as protoc counts columns.
    let _ = GraphicalReportHandler::new_themed(theme)
        .without_primary_span_start()
        .tab_width(8)
        .render_report(&mut out, report.as_ref());
    out
}

/// How far from the primary span's line a label may be to be drawn with it.
const NEAR_LINES: usize = 8;

/// The lines a report draws whole when its secondary labels are near the
/// primary span: from the first labelled line to the last, all in one file
/// and each short enough to show without cutting.
struct Block {
    src: usize,
    first: usize,
    /// Byte offsets of the block in the file.
    start: usize,
    end: usize,
}

impl Block {
    fn of(d: &Diagnostic, sources: &[SourceFile]) -> Option<Block> {
        let (src, span) = (d.source?, d.span?);
        let file = &sources[src];
        let line = |offset: u32| file.line_col(offset).0 as usize;
        let primary = line(span.start);
        let near: Vec<usize> = d
            .secondary
            .iter()
            .filter(|l| l.source == src && line(l.span.start).abs_diff(primary) <= NEAR_LINES)
            .map(|l| line(l.span.start))
            .collect();
        if near.is_empty() {
            return None;
        }
        let first = near.iter().copied().chain([primary]).min()?;
        let last = near.iter().copied().chain([primary]).max()?;
        if (first..=last).any(|l| file.line_range(l).len() > WINDOW) {
            return None;
        }
        Some(Block {
            src,
            first,
            start: file.line_range(first).start,
            end: file.line_range(last).end,
        })
    }

    /// Whether the block draws label `l`.
    fn holds(&self, l: &super::Label) -> bool {
        l.source == self.src && (self.start..=self.end).contains(&(l.span.start as usize))
    }

    /// `span` as offsets in the block, at least one character wide.
    fn offsets(&self, span: Span) -> miette::SourceSpan {
        let at = (span.start as usize).clamp(self.start, self.end) - self.start;
        let end = (span.end as usize).clamp(self.start, self.end) - self.start;
        // One character for an empty span, unless it is past the text.
        let room = (self.end - self.start).saturating_sub(at);
        let len = end.saturating_sub(at).max(1).min(room);
        (at, len).into()
    }

    fn excerpt(&self, file: &SourceFile, name: String) -> Excerpt {
        Excerpt {
            text: file.text[self.start..self.end].to_string(),
            line: self.first,
            name,
        }
    }
}

/// The widest part of a source line a human report shows, in bytes.
const WINDOW: usize = 120;

/// The one source line a human report shows, cut to at most `WINDOW` bytes
/// around the span with `…` where it was cut: rendering cost and output stay
/// bounded however long the line (the whole text would be scanned for every
/// diagnostic otherwise). Tabs are kept, so the label lines up with them.
struct Excerpt {
    text: String,
    /// Zero-based line number of the excerpt in its file.
    line: usize,
    name: String,
}

impl Excerpt {
    /// The excerpt, and where the span's label falls in it (offset, length).
    fn new(src: &SourceFile, span: Span, line: usize, name: String) -> (Excerpt, usize, usize) {
        let text: &str = &src.text;
        let start = span.start as usize;
        let lines = src.line_range(line);
        let (line_start, line_end) = (lines.start, lines.end.max(start));
        let mut lo = start.saturating_sub(WINDOW / 2).max(line_start);
        while !text.is_char_boundary(lo) {
            lo -= 1;
        }
        let mut hi = (lo + WINDOW).min(line_end).max(start);
        while !text.is_char_boundary(hi) {
            hi -= 1;
        }
        let mut excerpt = String::new();
        if lo > line_start {
            excerpt.push('…');
        }
        let at = excerpt.len() + (start - lo);
        excerpt.push_str(&text[lo..hi]);
        // One character is labelled for an empty span, unless it is past the excerpt.
        let end = (span.end as usize).max(start + 1).min(hi);
        let len = end.saturating_sub(start);
        if hi < line_end {
            excerpt.push('…');
        }
        (
            Excerpt {
                text: excerpt,
                line,
                name,
            },
            at,
            len,
        )
    }
}

impl miette::SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        _span: &miette::SourceSpan,
        _before: usize,
        _after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            self.text.as_bytes(),
            (0, self.text.len()).into(),
            self.line,
            0,
            1,
        )))
    }
}

/// One line for a diagnostic: `warning: file:line:col: message [CODE]`.
pub fn render_compact(d: &Diagnostic, sources: &[SourceFile]) -> String {
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let file = file_name(d, sources);
    let placed = d.source.zip(d.span).map(|(src, span)| {
        let (l, c) = sources[src].line_col(span.start);
        (l + 1, c + 1)
    });
    let at = match placed {
        Some((l, c)) => format!("{file}:{l}:{c}: "),
        None if file.is_empty() => String::new(),
        None => format!("{file}: "),
    };
    format!("{kind}: {at}{} [{}]", d.message, d.code)
}
