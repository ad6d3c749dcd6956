//! Diagnostics: what went wrong, where, and what to do about it.
//!
//! A diagnostic carries a byte span in one file; renderers turn it into
//! protoc's `file:line:col: message` lines or a labelled source report.

mod codes;
mod finding;
pub mod machine;
mod render;

pub use codes::Code;
pub use finding::{Finding, Place, Related};
pub use render::{render_compact, render_gcc, render_human, render_msvs};

use crate::source::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// A further place a diagnostic points at (the other definition of a
/// duplicate, the import that brought a file in).
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    pub source: usize,
    pub span: Span,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// The kind of problem, for machine-readable output and for silencing
    /// it; the message may be reworded, the code not.
    pub code: Code,
    pub severity: Severity,
    /// The file the diagnostic is about, as protoc names it: the path it was
    /// read from on disk, or its import name.
    pub file: Option<String>,
    /// Index of the source file in the compilation, when the span belongs to one.
    pub source: Option<usize>,
    pub span: Option<Span>,
    pub message: String,
    /// What the primary span shows.
    pub label: Option<String>,
    pub secondary: Vec<Label>,
    pub help: Option<String>,
    /// Further explanation, after the help.
    pub notes: Vec<String>,
    /// A consequence of a problem reported by another diagnostic (an import
    /// that failed because its file had errors): printed in protoc's formats,
    /// which print it, and left out of the others.
    pub follow_on: bool,
    /// protoc reports this one with the file name only: its formats (gcc,
    /// msvs) leave the position out, the others show it.
    pub unplaced_in_protoc: bool,
    /// Where protoc's formats put the position when the primary span is
    /// narrower than protoc's (the token to change inside the declaration
    /// protoc points at).
    pub protoc_span: Option<Span>,
}

/// The message a panic carried, for reporting a bug caught at a boundary.
pub fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

impl Diagnostic {
    pub fn error(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: Severity::Error,
            file: None,
            source: None,
            span: None,
            message: message.into(),
            label: None,
            secondary: Vec::new(),
            help: None,
            notes: Vec::new(),
            follow_on: false,
            unplaced_in_protoc: false,
            protoc_span: None,
        }
    }
    pub fn warning(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }
    pub fn at(mut self, source: usize, span: Span) -> Diagnostic {
        self.source = Some(source);
        self.span = Some(span);
        self
    }
    pub fn in_file(mut self, file: impl Into<String>) -> Diagnostic {
        self.file = Some(file.into());
        self
    }
    pub fn with_label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = Some(label.into());
        self
    }
    /// The sources this diagnostic shows places in: its own, then its
    /// labels'.
    pub fn sources(&self) -> impl Iterator<Item = usize> + '_ {
        self.source
            .into_iter()
            .chain(self.secondary.iter().map(|l| l.source))
    }

    pub fn with_secondary(
        mut self,
        source: usize,
        span: Span,
        message: impl Into<String>,
    ) -> Diagnostic {
        self.secondary.push(Label {
            source,
            span,
            message: message.into(),
        });
        self
    }
    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}
