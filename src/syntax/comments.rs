//! Comment attribution between two tokens, following protoc's tokenizer.
//!
//! protoc reads comments only where a declaration ends (`;`, `{`, `}`) and at
//! the start of the file. The gap after such a token splits into a comment
//! trailing the previous declaration, comments detached from both sides, and
//! a comment leading the next declaration.

use crate::source::SourceFile;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GapComments {
    pub trailing: String,
    pub detached: Vec<String>,
    pub leading: String,
}

#[derive(Default)]
struct Collector {
    buffer: String,
    has_comment: bool,
    is_line_comment: bool,
    can_attach_to_prev: bool,
    has_trailing: bool,
    num_comments: usize,
    out: GapComments,
}

impl Collector {
    fn start_line_comment(&mut self) {
        if self.has_comment && !self.is_line_comment {
            self.flush();
        }
        self.has_comment = true;
        self.is_line_comment = true;
    }
    fn start_block_comment(&mut self) {
        if self.has_comment {
            self.flush();
        }
        self.has_comment = true;
        self.is_line_comment = false;
    }
    fn clear(&mut self) {
        self.buffer.clear();
        self.has_comment = false;
    }
    fn flush(&mut self) {
        if self.has_comment {
            if self.can_attach_to_prev {
                self.out.trailing.push_str(&self.buffer);
                self.has_trailing = true;
                self.can_attach_to_prev = false;
            } else {
                self.out.detached.push(std::mem::take(&mut self.buffer));
            }
            self.clear();
            self.num_comments += 1;
        }
    }
    fn maybe_detach(&mut self) {
        let count = self.num_comments + usize::from(self.has_comment);
        if count == 1 {
            if self.has_trailing {
                let t = std::mem::take(&mut self.out.trailing);
                self.out.detached.insert(0, t);
            }
            self.can_attach_to_prev = false;
            self.flush();
        }
    }
    fn finish(mut self) -> GapComments {
        if self.has_comment {
            self.out.leading = std::mem::take(&mut self.buffer);
        }
        self.out
    }
}

enum CommentStart {
    Line,
    Block,
    Slash,
    None,
}

struct Cursor<'a> {
    b: &'a [u8],
    pos: usize,
    end: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> u8 {
        if self.pos < self.end {
            self.b[self.pos]
        } else {
            0
        }
    }
    fn try_consume(&mut self, c: u8) -> bool {
        if self.pos < self.end && self.b[self.pos] == c {
            self.pos += 1;
            true
        } else {
            false
        }
    }
    fn skip_ws_no_newline(&mut self) {
        while self.pos < self.end && matches!(self.b[self.pos], b' ' | b'\t' | b'\r' | 0x0b | 0x0c)
        {
            self.pos += 1;
        }
    }
    fn comment_start(&mut self) -> CommentStart {
        if self.peek() == b'/' {
            match self.b.get(self.pos + 1) {
                Some(b'/') if self.pos + 1 < self.end => {
                    self.pos += 2;
                    CommentStart::Line
                }
                Some(b'*') if self.pos + 1 < self.end => {
                    self.pos += 2;
                    CommentStart::Block
                }
                _ => CommentStart::Slash,
            }
        } else {
            CommentStart::None
        }
    }
    fn line_comment(&mut self, out: &mut String) {
        let start = self.pos;
        while self.pos < self.end && self.b[self.pos] != b'\n' {
            self.pos += 1;
        }
        self.try_consume(b'\n');
        out.push_str(&String::from_utf8_lossy(&self.b[start..self.pos]));
    }
    fn block_comment(&mut self, out: &mut String) {
        let mut rec = self.pos;
        loop {
            while self.pos < self.end && !matches!(self.b[self.pos], b'*' | b'/' | b'\n') {
                self.pos += 1;
            }
            if self.try_consume(b'\n') {
                out.push_str(&String::from_utf8_lossy(&self.b[rec..self.pos]));
                self.skip_ws_no_newline();
                if self.try_consume(b'*') && self.try_consume(b'/') {
                    return;
                }
                rec = self.pos;
            } else if self.peek() == b'*'
                && self.b.get(self.pos + 1) == Some(&b'/')
                && self.pos + 1 < self.end
            {
                self.pos += 2;
                out.push_str(&String::from_utf8_lossy(&self.b[rec..self.pos - 2]));
                return;
            } else if self.try_consume(b'*') {
            } else if self.try_consume(b'/') {
            } else {
                out.push_str(&String::from_utf8_lossy(&self.b[rec..self.pos]));
                return;
            }
        }
    }
}

/// Splits the comments in the gap between the token ending at `prev_end`
/// (`None` at the start of the file) and the token starting at `next_start`.
/// `next_closes_scope` is true when the next token is `}`, `]`, `)` or the end of input.
pub fn gap_comments(
    file: &SourceFile,
    prev_end: Option<u32>,
    next_start: u32,
    next_closes_scope: bool,
) -> GapComments {
    let b = file.text.as_bytes();
    let mut c = Cursor {
        b,
        pos: prev_end.unwrap_or(0) as usize,
        end: next_start as usize,
    };
    let mut col = Collector {
        can_attach_to_prev: true,
        ..Default::default()
    };
    let prev_line = file.line_col(c.pos as u32).0;
    let mut trailing_end_line: Option<u32> = None;
    let next_line = file.line_col(next_start).0;

    if prev_end.is_none() {
        if b.starts_with(&[0xEF, 0xBB, 0xBF]) {
            c.pos = 3;
        }
        col.can_attach_to_prev = false;
    } else {
        c.skip_ws_no_newline();
        match c.comment_start() {
            CommentStart::Line => {
                trailing_end_line = Some(file.line_col(c.pos as u32).0);
                col.start_line_comment();
                let mut buf = std::mem::take(&mut col.buffer);
                c.line_comment(&mut buf);
                col.buffer = buf;
                col.flush();
            }
            CommentStart::Block => {
                col.start_block_comment();
                let mut buf = std::mem::take(&mut col.buffer);
                c.block_comment(&mut buf);
                col.buffer = buf;
                trailing_end_line = Some(file.line_col(c.pos as u32).0);
                c.skip_ws_no_newline();
                col.flush();
            }
            CommentStart::Slash => return col.finish(),
            CommentStart::None => {
                if !c.try_consume(b'\n') {
                    return col.finish();
                }
            }
        }
    }

    loop {
        c.skip_ws_no_newline();
        match c.comment_start() {
            CommentStart::Line => {
                col.start_line_comment();
                let mut buf = std::mem::take(&mut col.buffer);
                c.line_comment(&mut buf);
                col.buffer = buf;
            }
            CommentStart::Block => {
                col.start_block_comment();
                let mut buf = std::mem::take(&mut col.buffer);
                c.block_comment(&mut buf);
                col.buffer = buf;
                c.skip_ws_no_newline();
                c.try_consume(b'\n');
            }
            CommentStart::Slash => return col.finish(),
            CommentStart::None => {
                if c.try_consume(b'\n') {
                    col.flush();
                    col.can_attach_to_prev = false;
                } else {
                    let at_eof = next_start as usize >= b.len();
                    if next_closes_scope {
                        col.flush();
                    }
                    if !at_eof && (prev_line == next_line || trailing_end_line == Some(next_line)) {
                        col.maybe_detach();
                    }
                    return col.finish();
                }
            }
        }
    }
}
