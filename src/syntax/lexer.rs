//! The tokenizer: source text to `Copy` tokens with byte spans.
//!
//! It never fails: a malformed token is still produced (with the kind it was
//! heading for) and an error is recorded beside it. Comments are not tokens;
//! the parser reads them from the gaps between tokens (see `comments`).

use crate::diagnostics::Code;
use crate::source::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Ident,
    Int,
    Float,
    Str,
    /// A single punctuation character.
    Symbol(u8),
    Eof,
}

#[derive(Clone, Copy, Debug)]
pub struct Token {
    pub kind: TokenKind,
    pub span: Span,
}

/// The error for a string literal that reaches the end of its line.
pub const INVALID_ESCAPE: &str = "Invalid escape sequence in string literal.";
pub const UNTERMINATED_STRING: &str = "Multiline strings are not allowed. Did you miss a \"?.";

#[derive(Clone, Debug)]
pub struct LexError {
    pub code: Code,
    pub span: Span,
    pub message: String,
    /// Start of the token being read when the error was found: protoc
    /// reports tokenizer errors in that order, before the parser's.
    pub token_start: u32,
}

pub struct Lexed {
    pub tokens: Vec<Token>,
    pub errors: Vec<LexError>,
}

pub fn lex(text: &str) -> Lexed {
    let mut lx = Lexer {
        b: text.as_bytes(),
        pos: 0,
        tokens: Vec::new(),
        errors: Vec::new(),
        token_start: 0,
    };
    lx.run();
    Lexed {
        tokens: lx.tokens,
        errors: lx.errors,
    }
}

struct Lexer<'a> {
    b: &'a [u8],
    pos: usize,
    tokens: Vec<Token>,
    errors: Vec<LexError>,
    token_start: usize,
}

fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}
fn is_ident_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}
pub(crate) fn is_whitespace(c: u8) -> bool {
    matches!(c, b' ' | b'\n' | b'\t' | b'\r' | 0x0b | 0x0c)
}

impl Lexer<'_> {
    fn peek(&self) -> u8 {
        self.b.get(self.pos).copied().unwrap_or(0)
    }
    fn peek_at(&self, n: usize) -> u8 {
        self.b.get(self.pos + n).copied().unwrap_or(0)
    }
    fn at_end(&self) -> bool {
        self.pos >= self.b.len()
    }
    fn error(&mut self, code: Code, start: usize, end: usize, message: impl Into<String>) {
        self.errors.push(LexError {
            code,
            span: Span::new(start, end.max(start)),
            message: message.into(),
            token_start: self.token_start as u32,
        });
    }
    fn push(&mut self, kind: TokenKind, start: usize) {
        self.tokens.push(Token {
            kind,
            span: Span::new(start, self.pos),
        });
    }

    fn run(&mut self) {
        // A UTF-8 byte order mark at the very start is ignored.
        if self.b.starts_with(&[0xEF, 0xBB, 0xBF]) {
            self.pos = 3;
        } else if self.b.first() == Some(&0xEF) {
            self.pos = utf8_len(0xEF).min(self.b.len());
            self.error(Code::InvalidCharacter, 0, self.pos, "Proto file starts with 0xEF but not UTF-8 BOM. Only UTF-8 is accepted for proto file.");
        }
        loop {
            self.skip_trivia();
            if self.at_end() {
                break;
            }
            let start = self.pos;
            self.token_start = start;
            let c = self.peek();
            if is_ident_start(c) {
                while is_ident_char(self.peek()) {
                    self.pos += 1;
                }
                self.push(TokenKind::Ident, start);
            } else if c.is_ascii_digit() || (c == b'.' && self.peek_at(1).is_ascii_digit()) {
                // `name.5` is an identifier glued to a float, not a dotted name.
                let glued = self
                    .tokens
                    .last()
                    .is_some_and(|t| t.kind == TokenKind::Ident && t.span.end as usize == start);
                if c == b'.' && glued {
                    self.error(
                        Code::InvalidNumber,
                        start,
                        start + 1,
                        "Need space between identifier and decimal point.",
                    );
                }
                let kind = self.number();
                self.push(kind, start);
            } else if c == b'"' || c == b'\'' {
                self.string(c);
                self.push(TokenKind::Str, start);
            } else if c < 0x20 {
                self.pos += 1;
                self.error(
                    Code::InvalidCharacter,
                    start,
                    self.pos,
                    "Invalid control characters encountered in text.",
                );
            } else if c >= 0x80 {
                // One token per code point, as an unexpected symbol.
                let len = utf8_len(c);
                self.pos = (self.pos + len).min(self.b.len());
                self.error(
                    Code::InvalidCharacter,
                    start,
                    self.pos,
                    format!("Interpreting non ascii codepoint {c}."),
                );
                self.push(TokenKind::Symbol(c), start);
            } else {
                self.pos += 1;
                self.push(TokenKind::Symbol(c), start);
            }
        }
        let end = self.b.len();
        self.tokens.push(Token {
            kind: TokenKind::Eof,
            span: Span::new(end, end),
        });
    }

    fn skip_trivia(&mut self) {
        loop {
            let c = self.peek();
            if is_whitespace(c) && !self.at_end() {
                self.pos += 1;
            } else if c == b'/' && self.peek_at(1) == b'/' {
                while !self.at_end() && self.peek() != b'\n' {
                    self.pos += 1;
                }
            } else if c == b'/' && self.peek_at(1) == b'*' {
                let start = self.pos;
                self.pos += 2;
                loop {
                    if self.at_end() {
                        let _ = start;
                        self.error(
                            Code::UnterminatedComment,
                            self.pos,
                            self.pos,
                            "End-of-file inside block comment.",
                        );
                        break;
                    }
                    if self.peek() == b'*' && self.peek_at(1) == b'/' {
                        self.pos += 2;
                        break;
                    }
                    if self.peek() == b'/' && self.peek_at(1) == b'*' {
                        self.error(
                            Code::UnterminatedComment,
                            self.pos + 1,
                            self.pos + 2,
                            "\"/*\" inside block comment.  Block comments cannot be nested.",
                        );
                    }
                    self.pos += 1;
                }
            } else {
                return;
            }
        }
    }

    fn number(&mut self) -> TokenKind {
        let start = self.pos;
        let mut is_float = false;
        if self.peek() == b'0' && matches!(self.peek_at(1), b'x' | b'X') {
            self.pos += 2;
            if !self.peek().is_ascii_hexdigit() {
                self.error(
                    Code::InvalidNumber,
                    self.pos,
                    self.pos,
                    "\"0x\" must be followed by hex digits.",
                );
            }
            while self.peek().is_ascii_hexdigit() {
                self.pos += 1;
            }
        } else if self.peek() == b'0' && self.peek_at(1).is_ascii_digit() {
            while self.peek().is_ascii_digit() {
                self.pos += 1;
            }
            if let Some(bad) = self.b[start..self.pos].iter().position(|&d| d > b'7') {
                // At the first digit that is not octal.
                self.error(
                    Code::InvalidNumber,
                    start + bad,
                    start + bad,
                    "Numbers starting with leading zero must be in octal.",
                );
            }
        } else {
            if self.peek() == b'.' {
                is_float = true;
                self.pos += 1;
            }
            while self.peek().is_ascii_digit() {
                self.pos += 1;
            }
            if !is_float && self.peek() == b'.' {
                is_float = true;
                self.pos += 1;
                while self.peek().is_ascii_digit() {
                    self.pos += 1;
                }
            }
            if matches!(self.peek(), b'e' | b'E') {
                is_float = true;
                self.pos += 1;
                if matches!(self.peek(), b'+' | b'-') {
                    self.pos += 1;
                }
                if !self.peek().is_ascii_digit() {
                    self.error(
                        Code::InvalidNumber,
                        self.pos,
                        self.pos,
                        "\"e\" must be followed by exponent.",
                    );
                }
                while self.peek().is_ascii_digit() {
                    self.pos += 1;
                }
            }
        }
        if self.peek() == b'.' {
            let p = self.pos;
            self.error(
                Code::InvalidNumber,
                p,
                p + 1,
                if is_float {
                    "Already saw decimal point or exponent; can't have another one."
                } else {
                    "Hex and octal numbers must be integers."
                },
            );
        } else if is_ident_char(self.peek()) {
            let p = self.pos;
            self.error(
                Code::InvalidNumber,
                p,
                p + 1,
                "Need space between number and identifier.",
            );
        }
        if is_float {
            TokenKind::Float
        } else {
            TokenKind::Int
        }
    }

    fn string(&mut self, quote: u8) {
        let start = self.pos;
        self.pos += 1;
        loop {
            let c = self.peek();
            if self.at_end() {
                self.error(
                    Code::InvalidString,
                    start,
                    self.pos,
                    "Unexpected end of string.",
                );
                return;
            }
            match c {
                b'\n' => {
                    self.error(Code::InvalidString, self.pos, self.pos, UNTERMINATED_STRING);
                    return;
                }
                b'\\' => {
                    let esc = self.pos;
                    self.pos += 1;
                    let e = self.peek();
                    match e {
                        b'a' | b'b' | b'f' | b'n' | b'r' | b't' | b'v' | b'\\' | b'?' | b'\''
                        | b'"' => self.pos += 1,
                        b'0'..=b'7' => {
                            self.pos += 1;
                        }
                        b'x' | b'X' => {
                            self.pos += 1;
                            if !self.peek().is_ascii_hexdigit() {
                                self.error(
                                    Code::InvalidString,
                                    self.pos,
                                    self.pos,
                                    "Expected hex digits for escape sequence.",
                                );
                            }
                        }
                        b'u' | b'U' => {
                            let n = if e == b'u' { 4 } else { 8 };
                            self.pos += 1;
                            let digits = (0..n)
                                .take_while(|&i| self.peek_at(i).is_ascii_hexdigit())
                                .count();
                            self.pos += digits;
                            if digits < n {
                                let _ = esc;
                                self.error(
                                    Code::InvalidString,
                                    self.pos,
                                    self.pos,
                                    "Expected four hex digits for \\u escape sequence.",
                                );
                            }
                        }
                        _ => {
                            // A backslash may be the input's last byte.
                            let end = (self.pos + 1).min(self.b.len());
                            self.error(Code::InvalidString, self.pos, end, INVALID_ESCAPE);
                        }
                    }
                }
                _ if c == quote => {
                    self.pos += 1;
                    return;
                }
                _ => self.pos += 1,
            }
        }
    }
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xF7 => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// Decodes the contents of a string literal token (quotes included in `raw`)
/// into bytes, as protoc's tokenizer does.
pub fn unescape(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    if raw.len() < 2 {
        return out;
    }
    let quote = raw[0];
    let body = if raw[raw.len() - 1] == quote && raw.len() >= 2 {
        &raw[1..raw.len() - 1]
    } else {
        &raw[1..]
    };
    let mut i = 0;
    while i < body.len() {
        let c = body[i];
        if c != b'\\' {
            out.push(c);
            i += 1;
            continue;
        }
        i += 1;
        let Some(&e) = body.get(i) else { break };
        i += 1;
        match e {
            b'a' => out.push(0x07),
            b'b' => out.push(0x08),
            b'f' => out.push(0x0c),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'v' => out.push(0x0b),
            b'0'..=b'7' => {
                let mut v = (e - b'0') as u32;
                for _ in 0..2 {
                    match body.get(i) {
                        Some(&d @ b'0'..=b'7') => {
                            v = v * 8 + (d - b'0') as u32;
                            i += 1;
                        }
                        _ => break,
                    }
                }
                out.push(v as u8);
            }
            b'x' | b'X' => {
                let mut v = 0u32;
                let mut n = 0;
                while n < 2 {
                    match body.get(i) {
                        Some(d) if d.is_ascii_hexdigit() => {
                            v = v * 16 + (*d as char).to_digit(16).unwrap();
                            i += 1;
                            n += 1;
                        }
                        _ => break,
                    }
                }
                out.push(v as u8);
            }
            b'u' | b'U' => {
                let n = if e == b'u' { 4 } else { 8 };
                let mut v = 0u32;
                let mut taken = 0;
                while taken < n {
                    match body.get(i) {
                        Some(d) if d.is_ascii_hexdigit() => {
                            v = v * 16 + (*d as char).to_digit(16).unwrap();
                            i += 1;
                            taken += 1;
                        }
                        _ => break,
                    }
                }
                if taken < n {
                    // Too few digits: protoc keeps the letter and goes on.
                    i -= taken;
                    out.push(e);
                    continue;
                }
                // A leading surrogate followed by a \u trailing surrogate combines.
                if (0xD800..0xDC00).contains(&v)
                    && body.get(i) == Some(&b'\\')
                    && body.get(i + 1) == Some(&b'u')
                {
                    let hex = body.get(i + 2..i + 6);
                    if let Some(h) = hex
                        .and_then(|h| std::str::from_utf8(h).ok())
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                    {
                        if (0xDC00..0xE000).contains(&h) {
                            v = 0x10000 + ((v - 0xD800) << 10) + (h - 0xDC00);
                            i += 6;
                        }
                    }
                }
                append_utf8(v, &mut out);
            }
            other => out.push(other),
        }
    }
    out
}

/// Appends a code point as UTF-8 the way protoc does: surrogates are encoded
/// like any other value, and values past U+10FFFF are kept as a `\U` escape.
fn append_utf8(v: u32, out: &mut Vec<u8>) {
    match v {
        0..=0x7f => out.push(v as u8),
        0x80..=0x7ff => out.extend_from_slice(&[0xC0 | (v >> 6) as u8, 0x80 | (v & 0x3F) as u8]),
        0x800..=0xffff => out.extend_from_slice(&[
            0xE0 | (v >> 12) as u8,
            0x80 | ((v >> 6) & 0x3F) as u8,
            0x80 | (v & 0x3F) as u8,
        ]),
        0x10000..=0x10ffff => out.extend_from_slice(&[
            0xF0 | (v >> 18) as u8,
            0x80 | ((v >> 12) & 0x3F) as u8,
            0x80 | ((v >> 6) & 0x3F) as u8,
            0x80 | (v & 0x3F) as u8,
        ]),
        _ => out.extend_from_slice(format!("\\U{v:08x}").as_bytes()),
    }
}
