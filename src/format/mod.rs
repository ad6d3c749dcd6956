//! `protogen format`: buf's canonical layout for .proto files, byte for
//! byte. A file is cut into tokens that keep every byte (lex), its
//! comments are shared out to tokens and scopes (trivia), it is parsed
//! into declarations that name their tokens (ast), and printed (print,
//! print_expr) into a layout document (dom) that decides line breaks.

mod ast;
mod command;
mod comments;
mod dom;
mod lex;
mod print;
mod print_expr;
mod trivia;

pub use command::{run, Options, Outcome};

/// Why a file cannot be formatted: a syntax error at a byte offset.
#[derive(Debug)]
pub struct FormatError {
    pub offset: usize,
    pub message: String,
}

/// `#` comments (the text format's, which protoc allows inside message
/// values) written as `//` comments; `None` when there are none.
fn hash_comments_as_slashes(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' | b'\'' => {
                let q = b[i];
                i += 1;
                while i < b.len() && b[i] != q && b[i] != b'\n' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = text[i + 2..].find("*/").map_or(b.len(), |n| i + n + 4);
                continue;
            }
            b'#' => {
                let o = out.get_or_insert_with(String::new);
                o.push_str(&text[copied..i]);
                o.push_str("//");
                copied = i + 1;
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out.map(|mut o| {
        o.push_str(&text[copied.min(text.len())..]);
        o
    })
}

/// Formats one file's text.
pub fn format_text(text: &str) -> Result<String, FormatError> {
    let rewritten = hash_comments_as_slashes(text);
    let text = rewritten.as_deref().unwrap_or(text);
    let mut stream = lex::Stream::lex(text).map_err(|e| FormatError {
        offset: e.offset,
        message: e.message,
    })?;
    let decls = ast::parse(&mut stream).map_err(|e| FormatError {
        offset: e.offset,
        message: e.message,
    })?;
    let index = trivia::Index::build(&stream);
    if decls.is_empty() {
        let scope = index.scope(trivia::FILE_SCOPE);
        if !scope.slots.iter().any(|s| trivia::has_comment(&stream, s)) {
            return Ok(String::new());
        }
    }
    let mut printer = print::Printer::new(&stream, &index);
    printer.print_file(&decls);
    Ok(printer.doc.render("  "))
}
