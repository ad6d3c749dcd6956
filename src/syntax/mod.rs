//! Lexing and parsing: source text to a syntax tree with spans and comments.

pub mod ast;
pub mod comments;
pub mod lexer;
pub mod parser;

pub use parser::{parse, ParseError, Parsed, Syntax};
