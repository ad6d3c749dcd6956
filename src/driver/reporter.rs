//! Where a run's diagnostics go: rendered in the chosen format, filtered by
//! `--warn`, counted, and for the document formats (SARIF, JUnit, GitLab)
//! gathered and written as one document when the run ends.
//!
//! Later stages report problems as text lines (a plugin that failed, an
//! output that could not be written); the reporter is also a `Write`, and
//! in the machine-readable formats each such line becomes a finding with
//! the reporter's current code, so the output stays one format throughout.

use std::io::Write;

use crate::diagnostics::{
    machine, render_gcc, render_human, render_msvs, Code, Diagnostic, Finding, Place, Severity,
};
use crate::driver::{ErrorFormat, Invocation};
use crate::source::SourceFile;

/// Which warnings are shown (`--warn`).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum WarnFilter {
    #[default]
    All,
    Only(Vec<Code>),
    AllBut(Vec<Code>),
}

impl WarnFilter {
    /// Reads `--warn=ITEM,...`: `all`, `none`, `CODE` (show it) and `-CODE`
    /// (hide it), applied in order. A list that starts with a code shows
    /// only the codes it names.
    pub fn parse(spec: &str) -> Result<WarnFilter, String> {
        let mut shown: Option<Vec<Code>> = None;
        let mut hidden: Vec<Code> = Vec::new();
        for (i, item) in spec.split(',').map(str::trim).enumerate() {
            let code = |id: &str| {
                Code::from_id(id).ok_or_else(|| {
                    format!(
                        "Unknown warning code in --warn: {id} (`protogen explain` lists the codes)"
                    )
                })
            };
            match item {
                "all" => {
                    shown = None;
                    hidden.clear();
                }
                "none" => {
                    shown = Some(Vec::new());
                    hidden.clear();
                }
                "" => {}
                _ => {
                    if let Some(id) = item.strip_prefix('-') {
                        let c = code(id)?;
                        hidden.push(c);
                        if let Some(s) = &mut shown {
                            s.retain(|x| *x != c);
                        }
                    } else {
                        let c = code(item)?;
                        hidden.retain(|x| *x != c);
                        match &mut shown {
                            Some(s) => s.push(c),
                            None if i == 0 => shown = Some(vec![c]),
                            None => {}
                        }
                    }
                }
            }
        }
        Ok(match shown {
            Some(s) => WarnFilter::Only(s),
            None if hidden.is_empty() => WarnFilter::All,
            None => WarnFilter::AllBut(hidden),
        })
    }

    pub fn shows(&self, code: Code) -> bool {
        match self {
            WarnFilter::All => true,
            WarnFilter::Only(codes) => codes.contains(&code),
            WarnFilter::AllBut(codes) => !codes.contains(&code),
        }
    }
}

pub struct Reporter<W: Write> {
    out: W,
    format: ErrorFormat,
    color: bool,
    verbose: bool,
    warn: WarnFilter,
    /// The findings of a document format, written by `finish`.
    document: Vec<Finding>,
    /// The code given to text lines written to the reporter.
    pub line_code: Code,
    partial: Vec<u8>,
    pub errors: usize,
    pub warnings: usize,
}

impl<W: Write> Reporter<W> {
    pub fn new(out: W, inv: &Invocation, color: bool) -> Reporter<W> {
        Reporter {
            out,
            format: inv.error_format,
            color,
            verbose: inv.verbose,
            warn: inv.warn.clone(),
            document: Vec::new(),
            line_code: Code::CommandLine,
            partial: Vec::new(),
            errors: 0,
            warnings: 0,
        }
    }

    fn is_document(&self) -> bool {
        matches!(
            self.format,
            ErrorFormat::Sarif | ErrorFormat::Junit | ErrorFormat::GitlabCodeQuality
        )
    }

    /// protoc's own formats print every diagnostic protoc prints; the others
    /// leave out the follow-on errors of a problem already reported.
    fn keeps_follow_ons(&self) -> bool {
        matches!(self.format, ErrorFormat::Gcc | ErrorFormat::Msvs)
    }

    /// Reports one diagnostic; false if `--warn` hid it.
    pub fn diagnostic(&mut self, d: &Diagnostic, sources: &[SourceFile]) -> bool {
        if d.severity == Severity::Warning && !self.warn.shows(d.code) {
            return false;
        }
        if d.follow_on && !self.keeps_follow_ons() {
            return true;
        }
        match d.severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
        }
        let text = match self.format {
            ErrorFormat::Gcc => render_gcc(d, sources),
            ErrorFormat::Msvs => render_msvs(d, sources),
            ErrorFormat::Human if d.code == Code::UnusedImport && !self.verbose => {
                crate::diagnostics::render_compact(d, sources)
            }
            ErrorFormat::Human => render_human(d, sources, self.color),
            ErrorFormat::Json => machine::json_line(&Finding::from_diagnostic(d, sources)),
            ErrorFormat::GithubActions => {
                machine::github_actions(&Finding::from_diagnostic(d, sources))
            }
            _ => {
                self.document.push(Finding::from_diagnostic(d, sources));
                return true;
            }
        };
        let _ = writeln!(self.out, "{}", text.trim_end_matches('\n'));
        true
    }

    /// Reports a problem given as a line of text (`file: message`).
    fn text_line(&mut self, line: &str) {
        if line.is_empty() {
            return;
        }
        let finding = || {
            let (path, message) = match line.split_once(": ") {
                Some((p, m)) if !p.contains(' ') => (p.to_string(), m.to_string()),
                _ => (String::new(), line.to_string()),
            };
            let (severity, message) = match message.strip_prefix("warning: ") {
                Some(m) => (Severity::Warning, m.to_string()),
                None => (Severity::Error, message),
            };
            Finding {
                place: Place {
                    path,
                    ..Place::default()
                },
                kind: self.line_code.id().to_string(),
                message,
                severity,
                help: None,
                related: Vec::new(),
            }
        };
        match self.format {
            ErrorFormat::Gcc | ErrorFormat::Msvs | ErrorFormat::Human => {
                let _ = writeln!(self.out, "{line}");
            }
            ErrorFormat::Json => {
                let f = finding();
                let _ = writeln!(self.out, "{}", machine::json_line(&f));
            }
            ErrorFormat::GithubActions => {
                let f = finding();
                let _ = writeln!(self.out, "{}", machine::github_actions(&f));
            }
            _ => {
                let f = finding();
                self.document.push(f);
            }
        }
    }

    /// Ends the run's report: the document of a document format, or, in
    /// the human format, a count of what was reported.
    pub fn finish(&mut self) {
        self.flush_partial();
        let document = match self.format {
            ErrorFormat::Sarif => machine::sarif(&self.document, env!("CARGO_PKG_VERSION")),
            ErrorFormat::Junit => machine::junit(&self.document),
            ErrorFormat::GitlabCodeQuality => machine::gitlab_code_quality(&self.document),
            ErrorFormat::Human => {
                if let Some(count) = count_line(self.errors, self.warnings) {
                    let _ = writeln!(self.out, "{count}");
                }
                return;
            }
            _ => return,
        };
        let _ = self.out.write_all(document.as_bytes());
        let _ = self.out.flush();
    }

    fn flush_partial(&mut self) {
        if !self.partial.is_empty() {
            let line = String::from_utf8_lossy(&std::mem::take(&mut self.partial)).into_owned();
            self.text_line(&line);
        }
    }
}

/// `2 errors, 447 warnings`; nothing when there is neither.
fn count_line(errors: usize, warnings: usize) -> Option<String> {
    let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (0, 0) => None,
        (e, 0) => Some(plural(e, "error")),
        (0, w) => Some(plural(w, "warning")),
        (e, w) => Some(format!("{}, {}", plural(e, "error"), plural(w, "warning"))),
    }
}

impl<W: Write> Write for Reporter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.is_document()
            || matches!(self.format, ErrorFormat::Json | ErrorFormat::GithubActions)
        {
            self.partial.extend_from_slice(buf);
            while let Some(nl) = self.partial.iter().position(|&b| b == b'\n') {
                let line: Vec<u8> = self.partial.drain(..=nl).collect();
                let line = String::from_utf8_lossy(&line[..line.len() - 1]).into_owned();
                self.text_line(&line);
            }
            Ok(buf.len())
        } else {
            self.out.write(buf)
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warn_filter() {
        use Code::*;
        assert_eq!(WarnFilter::parse("all").unwrap(), WarnFilter::All);
        assert_eq!(WarnFilter::parse("none").unwrap(), WarnFilter::Only(vec![]));
        assert_eq!(
            WarnFilter::parse("UNUSED_IMPORT").unwrap(),
            WarnFilter::Only(vec![UnusedImport])
        );
        assert_eq!(
            WarnFilter::parse("-unused-import").unwrap(),
            WarnFilter::AllBut(vec![UnusedImport])
        );
        assert_eq!(
            WarnFilter::parse("none,MISSING_SYNTAX").unwrap(),
            WarnFilter::Only(vec![MissingSyntax])
        );
        assert!(WarnFilter::parse("NO_SUCH_CODE").is_err());
        let f = WarnFilter::parse("-UNUSED_IMPORT").unwrap();
        assert!(!f.shows(UnusedImport) && f.shows(MissingSyntax));
    }

    #[test]
    fn counts() {
        assert_eq!(count_line(0, 0), None);
        assert_eq!(count_line(1, 0).unwrap(), "1 error");
        assert_eq!(count_line(2, 447).unwrap(), "2 errors, 447 warnings");
        assert_eq!(count_line(0, 1).unwrap(), "1 warning");
    }
}
