//! `protogen format`: buf's canonical layout for .proto files, byte for
//! byte. A file is cut into tokens that keep every byte (lex), its
//! comments are shared out to tokens and scopes (trivia), it is parsed
//! into declarations that name their tokens (ast), and printed (print,
//! print_expr) into a layout document (dom) that decides line breaks.

mod ast;
mod command;
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

/// Formats one file's text.
pub fn format_text(text: &str) -> Result<String, FormatError> {
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
