//! The formatter's token stream: every byte of the file is in exactly one
//! token, whitespace and comments included, so nothing is lost between
//! reading and printing. Whitespace is cut at newlines (each `\n` is a
//! token of its own), a line comment stops before its newline, and paired
//! brackets are fused: the open token knows its close and the tokens
//! between are its children. Runs of adjacent string literals are fused
//! the same way, first string to last.

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Space,
    Comment,
    Ident,
    Number,
    String,
    Punct,
}

impl Kind {
    /// Whitespace and comments: what the trivia index distributes.
    pub fn skippable(self) -> bool {
        matches!(self, Kind::Space | Kind::Comment)
    }
}

pub type Id = usize;
const NONE: usize = usize::MAX;

#[derive(Clone, Copy, Debug)]
pub struct Token {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    /// For a fused open token its close, for a fused close its open.
    partner: usize,
}

pub struct Stream<'a> {
    pub text: &'a str,
    pub toks: Vec<Token>,
}

/// A lexing failure: byte offset and message.
#[derive(Debug)]
pub struct LexError {
    pub offset: usize,
    pub message: String,
}

fn is_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n'
            | '\u{b}'
            | '\u{c}'
            | '\r'
            | ' '
            | '\u{85}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

impl<'a> Stream<'a> {
    pub fn lex(text: &'a str) -> Result<Stream<'a>, LexError> {
        let mut toks = Vec::new();
        let bytes = text.as_bytes();
        let mut i = 0;
        let mut push = |kind, start, end| {
            toks.push(Token {
                kind,
                start,
                end,
                partner: NONE,
            })
        };
        while i < text.len() {
            let c = text[i..].chars().next().unwrap_or(' ');
            let start = i;
            if c == '\u{feff}' && i == 0 {
                i += c.len_utf8();
                continue;
            }
            if is_space(c) {
                if c == '\n' {
                    i += 1;
                    push(Kind::Space, start, i);
                    continue;
                }
                let mut j = i;
                for ch in text[i..].chars() {
                    if ch == '\n' || !is_space(ch) {
                        break;
                    }
                    j += ch.len_utf8();
                }
                push(Kind::Space, start, j);
                i = j;
                continue;
            }
            if text[i..].starts_with("//") {
                let end = text[i..].find('\n').map_or(text.len(), |n| i + n);
                push(Kind::Comment, start, end);
                i = end;
                continue;
            }
            if text[i..].starts_with("/*") {
                let Some(n) = text[i + 2..].find("*/") else {
                    return Err(LexError {
                        offset: i,
                        message: "unterminated block comment".into(),
                    });
                };
                i += n + 4;
                push(Kind::Comment, start, i);
                continue;
            }
            if c.is_ascii_alphabetic() || c == '_' {
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                push(Kind::Ident, start, i);
                continue;
            }
            if c.is_ascii_digit()
                || (c == '.' && bytes.get(i + 1).is_some_and(|b| b.is_ascii_digit()))
            {
                i += 1;
                while i < bytes.len() {
                    let b = bytes[i];
                    let exponent_sign = (b == b'+' || b == b'-')
                        && matches!(bytes[i - 1], b'e' | b'E')
                        && !text[start..i].starts_with("0x")
                        && !text[start..i].starts_with("0X");
                    if b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || exponent_sign {
                        i += 1;
                    } else {
                        break;
                    }
                }
                push(Kind::Number, start, i);
                continue;
            }
            if c == '"' || c == '\'' {
                i += 1;
                loop {
                    match bytes.get(i) {
                        None | Some(b'\n') => {
                            return Err(LexError {
                                offset: start,
                                message: "unterminated string literal".into(),
                            })
                        }
                        Some(b'\\') => i += 2,
                        Some(&b) if b == c as u8 => {
                            i += 1;
                            break;
                        }
                        Some(_) => i += 1,
                    }
                }
                push(Kind::String, start, i.min(text.len()));
                continue;
            }
            i += c.len_utf8();
            push(Kind::Punct, start, i);
        }
        let mut s = Stream { text, toks };
        s.fuse_brackets()?;
        s.fuse_strings();
        Ok(s)
    }

    fn fuse_brackets(&mut self) -> Result<(), LexError> {
        let mut stack: Vec<usize> = Vec::new();
        for id in 0..self.toks.len() {
            if self.toks[id].kind != Kind::Punct {
                continue;
            }
            match self.text(id) {
                "(" | "[" | "{" => stack.push(id),
                close @ (")" | "]" | "}") => {
                    let want = match close {
                        ")" => "(",
                        "]" => "[",
                        _ => "{",
                    };
                    match stack.pop() {
                        Some(open) if self.text(open) == want => self.fuse(open, id),
                        _ => {
                            return Err(LexError {
                                offset: self.toks[id].start,
                                message: format!("unexpected `{close}`"),
                            })
                        }
                    }
                }
                _ => {}
            }
        }
        if let Some(open) = stack.pop() {
            return Err(LexError {
                offset: self.toks[open].start,
                message: format!("`{}` is never closed", self.text(open)),
            });
        }
        Ok(())
    }

    fn fuse_strings(&mut self) {
        let (mut first, mut last) = (NONE, NONE);
        for id in 0..=self.toks.len() {
            let kind = self.toks.get(id).map(|t| t.kind);
            match kind {
                Some(Kind::Space | Kind::Comment) => {}
                Some(Kind::String) => {
                    if first == NONE {
                        first = id;
                    }
                    last = id;
                }
                _ => {
                    if first != NONE && first != last {
                        self.fuse(first, last);
                    }
                    first = NONE;
                    last = NONE;
                }
            }
        }
    }

    /// Pairs `open` with `close`: `open` becomes a fused token.
    pub fn fuse(&mut self, open: Id, close: Id) {
        self.toks[open].partner = close;
        self.toks[close].partner = open;
    }

    pub fn text(&self, id: Id) -> &'a str {
        let t = self.toks[id];
        &self.text[t.start..t.end]
    }

    pub fn kind(&self, id: Id) -> Kind {
        self.toks[id].kind
    }

    /// Whether `id` is a fused open token (brackets or a string run).
    pub fn is_fused(&self, id: Id) -> bool {
        let p = self.toks[id].partner;
        p != NONE && p > id
    }

    /// The close token of fused `id`.
    pub fn close(&self, id: Id) -> Id {
        self.toks[id].partner
    }

    /// The bracket pair a fused token stands for: `(`, `[`, `{` or `<`;
    /// `""` for a leaf or a string run.
    pub fn bracket(&self, id: Id) -> &'a str {
        if self.is_fused(id) && self.kind(id) == Kind::Punct {
            self.text(id)
        } else {
            ""
        }
    }

    /// A cursor over the whole file.
    pub fn cursor(&self) -> Cursor {
        Cursor {
            pos: 0,
            end: self.toks.len(),
        }
    }

    /// A cursor over the children of fused `id`.
    pub fn children(&self, id: Id) -> Cursor {
        Cursor {
            pos: id + 1,
            end: self.close(id),
        }
    }

    /// The byte offset at which a token starts.
    pub fn offset(&self, id: Id) -> usize {
        self.toks[id].start
    }
}

/// Walks one level of the token tree; a fused token is one step.
#[derive(Clone, Copy, Debug)]
pub struct Cursor {
    pub pos: usize,
    pub end: usize,
}

impl Cursor {
    /// The next token, whitespace and comments included.
    pub fn next_skippable(&mut self, s: &Stream) -> Option<Id> {
        if self.pos >= self.end {
            return None;
        }
        let id = self.pos;
        self.pos = if s.is_fused(id) {
            s.close(id) + 1
        } else {
            id + 1
        };
        Some(id)
    }

    /// Steps back over one token of this level.
    pub fn prev_skippable(&mut self, s: &Stream) {
        let id = self.pos - 1;
        let p = s.toks[id].partner;
        self.pos = if p != NONE && p < id { p } else { id };
    }

    /// The next token that is neither whitespace nor a comment, unconsumed.
    pub fn peek(&self, s: &Stream) -> Option<Id> {
        let mut c = *self;
        while let Some(id) = c.next_skippable(s) {
            if !s.kind(id).skippable() {
                return Some(id);
            }
        }
        None
    }

    /// Consumes and returns the next token that is neither whitespace nor
    /// a comment.
    pub fn next(&mut self, s: &Stream) -> Option<Id> {
        while let Some(id) = self.next_skippable(s) {
            if !s.kind(id).skippable() {
                return Some(id);
            }
        }
        None
    }
}
