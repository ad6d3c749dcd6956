//! A small document model for layout: text, runs of spaces and of
//! newlines, indented blocks and groups. A group prints flat (its
//! `Flat` pieces) unless something that prints when flat holds a newline,
//! in which case it prints broken (its `Broken` pieces). Runs of spaces
//! and newlines that meet collapse to the widest, a newline beating
//! spaces, and indentation is written only before text.

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Cond {
    Always,
    Flat,
    Broken,
}

use std::borrow::Cow;

#[derive(Debug)]
enum Node<'a> {
    Text(Cow<'a, str>),
    Spaces(usize),
    Newlines(usize),
    /// A group or an indent, whose pieces follow it up to `end` (an index
    /// into the document); `breaks` when a piece of it that prints when
    /// flat holds a newline.
    Block {
        group: bool,
        end: usize,
        breaks: bool,
    },
}

#[derive(Debug)]
struct Piece<'a> {
    cond: Cond,
    node: Node<'a>,
}

impl Piece<'_> {
    /// Whether this piece holds a newline that prints when flat (a block's
    /// pieces are its own: they count once it is closed).
    fn breaks(&self) -> bool {
        self.cond != Cond::Broken
            && match &self.node {
                Node::Text(t) => t.contains('\n'),
                Node::Newlines(_) => true,
                Node::Spaces(_) => false,
                Node::Block { breaks, .. } => *breaks,
            }
    }
}

/// A document under construction: its pieces in order, blocks before
/// their contents, and the blocks still open.
#[derive(Default)]
pub struct Doc<'a> {
    pieces: Vec<Piece<'a>>,
    /// The index of each open block, innermost last.
    open: Vec<usize>,
}

impl<'a> Doc<'a> {
    fn add(&mut self, cond: Cond, node: Node<'a>) {
        let piece = Piece { cond, node };
        if piece.breaks() {
            self.mark_breaks();
        }
        self.pieces.push(piece);
    }

    /// The innermost open block breaks.
    fn mark_breaks(&mut self) {
        if let Some(&b) = self.open.last() {
            if let Node::Block { breaks, .. } = &mut self.pieces[b].node {
                *breaks = true;
            }
        }
    }

    /// Text as given; all spaces or all newlines become a run.
    pub fn text_if(&mut self, cond: Cond, text: impl Into<Cow<'a, str>>) {
        let text = text.into();
        if text.is_empty() {
            return;
        }
        let node = if text.bytes().all(|b| b == b' ') {
            Node::Spaces(text.len())
        } else if text.bytes().all(|b| b == b'\n') {
            Node::Newlines(text.len())
        } else {
            Node::Text(text)
        };
        self.add(cond, node);
    }

    pub fn text(&mut self, text: impl Into<Cow<'a, str>>) {
        self.text_if(Cond::Always, text);
    }

    fn open_block(&mut self, group: bool) {
        self.open.push(self.pieces.len());
        self.pieces.push(Piece {
            cond: Cond::Always,
            node: Node::Block {
                group,
                end: 0,
                breaks: false,
            },
        });
    }

    pub fn open_group(&mut self) {
        self.open_block(true);
    }

    pub fn open_indent(&mut self) {
        self.open_block(false);
    }

    /// Closes the innermost group or indent.
    pub fn close(&mut self) {
        let b = self.open.pop().expect("open block");
        let len = self.pieces.len();
        let Node::Block { end, breaks, .. } = &mut self.pieces[b].node else {
            unreachable!("an open block")
        };
        *end = len;
        if *breaks {
            self.mark_breaks();
        }
    }

    /// Renders with `indent` per level; the result ends in one newline
    /// unless it is empty.
    pub fn render(mut self, indent: &str) -> String {
        while !self.open.is_empty() {
            self.close();
        }
        let mut w = Writer {
            out: String::new(),
            spaces: 0,
            newlines: 0,
            indent: String::new(),
            step: indent,
        };
        w.print(&self.pieces);
        if !w.out.ends_with('\n') {
            w.out.push('\n');
        }
        w.out
    }
}

struct Writer<'a> {
    out: String,
    spaces: usize,
    newlines: usize,
    indent: String,
    step: &'a str,
}

impl Writer<'_> {
    /// Prints the document: the top level broken, each group flat unless
    /// it breaks, each indent as its enclosing block.
    fn print(&mut self, pieces: &[Piece<'_>]) {
        // The open blocks: where each ends, how it prints, and the
        // indentation to restore after it.
        let mut blocks: Vec<(usize, Cond, usize)> = Vec::new();
        let mut cond = Cond::Broken;
        for (i, p) in pieces.iter().enumerate() {
            while let Some(&(end, outer, len)) = blocks.last() {
                if end > i {
                    break;
                }
                blocks.pop();
                cond = outer;
                self.indent.truncate(len);
            }
            if p.cond != Cond::Always && p.cond != cond {
                continue;
            }
            match &p.node {
                Node::Text(t) => self.write(t),
                Node::Spaces(n) => self.spaces = self.spaces.max(*n),
                Node::Newlines(n) => self.newlines = self.newlines.max(*n),
                Node::Block { group, end, breaks } => {
                    blocks.push((*end, cond, self.indent.len()));
                    if *group {
                        cond = if *breaks { Cond::Broken } else { Cond::Flat };
                    } else {
                        self.indent.push_str(self.step);
                    }
                }
            }
        }
    }

    fn write(&mut self, text: &str) {
        if self.newlines > 0 {
            for _ in 0..self.newlines {
                self.out.push('\n');
            }
            self.newlines = 0;
            self.spaces = 0;
            self.out.push_str(&self.indent);
        }
        for _ in 0..self.spaces {
            self.out.push(' ');
        }
        self.spaces = 0;
        self.out.push_str(text);
    }
}
