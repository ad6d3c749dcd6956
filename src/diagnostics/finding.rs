//! A diagnostic as machine-readable output sees it: a path, 1-based
//! positions, a type and a message. Compile diagnostics and the findings of
//! the schema checks share this form and its renderers.

use super::{Diagnostic, Severity};
use crate::source::{SourceFile, Span};

/// A range of one file. Positions are 1-based; 0 means unknown.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    /// The file as the user names it; empty when the finding has none.
    pub path: String,
    pub start_line: u32,
    pub start_column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

/// A further place a finding points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub place: Place,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub place: Place,
    /// The finding's type: a diagnostic code or a rule id.
    pub kind: String,
    pub message: String,
    pub severity: Severity,
    pub help: Option<String>,
    pub related: Vec<Related>,
}

impl Place {
    /// The place of `span` in source `src`, with `path` as its name.
    pub fn of_span(path: String, src: &SourceFile, span: Span) -> Place {
        let (sl, sc) = src.line_col(span.start);
        let (el, ec) = src.line_col(span.end.max(span.start));
        Place {
            path,
            start_line: sl + 1,
            start_column: sc + 1,
            end_line: el + 1,
            end_column: ec + 1,
        }
    }
}

impl Finding {
    pub fn from_diagnostic(d: &Diagnostic, sources: &[SourceFile]) -> Finding {
        let path = super::render::file_name(d, sources);
        let place = match (d.source, d.span) {
            (Some(src), Some(span)) => Place::of_span(path, &sources[src], span),
            _ => Place {
                path,
                ..Place::default()
            },
        };
        let related = d
            .secondary
            .iter()
            .map(|l| Related {
                place: Place::of_span(
                    sources[l.source].display_path.clone(),
                    &sources[l.source],
                    l.span,
                ),
                message: l.message.clone(),
            })
            .collect();
        let mut help = d.help.clone();
        for note in &d.notes {
            let h = help.get_or_insert_with(String::new);
            if !h.is_empty() {
                h.push('\n');
            }
            h.push_str(note);
        }
        Finding {
            place,
            kind: d.code.id().to_string(),
            message: d.message.clone(),
            severity: d.severity,
            help,
            related,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}
