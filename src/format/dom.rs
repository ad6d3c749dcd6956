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
    Group(Vec<Piece<'a>>),
    Indent(Vec<Piece<'a>>),
}

#[derive(Debug)]
struct Piece<'a> {
    cond: Cond,
    node: Node<'a>,
}

/// A document under construction: a stack of open groups and indents.
pub struct Doc<'a> {
    stack: Vec<(bool, Vec<Piece<'a>>)>,
}

impl Default for Doc<'_> {
    fn default() -> Self {
        Doc {
            stack: vec![(false, Vec::new())],
        }
    }
}

impl<'a> Doc<'a> {
    fn add(&mut self, cond: Cond, node: Node<'a>) {
        self.stack
            .last_mut()
            .expect("root")
            .1
            .push(Piece { cond, node });
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

    pub fn open_group(&mut self) {
        self.stack.push((true, Vec::new()));
    }

    pub fn open_indent(&mut self) {
        self.stack.push((false, Vec::new()));
    }

    /// Closes the innermost group or indent.
    pub fn close(&mut self) {
        let (group, pieces) = self.stack.pop().expect("open block");
        let node = if group {
            Node::Group(pieces)
        } else {
            Node::Indent(pieces)
        };
        self.add(Cond::Always, node);
    }

    /// Renders with `indent` per level; the result ends in one newline
    /// unless it is empty.
    pub fn render(mut self, indent: &str) -> String {
        while self.stack.len() > 1 {
            self.close();
        }
        let (_, root) = self.stack.pop().expect("root");
        let mut w = Writer {
            out: String::new(),
            spaces: 0,
            newlines: 0,
            indent: String::new(),
            step: indent,
        };
        w.print(Cond::Broken, &root);
        if !w.out.ends_with('\n') {
            w.out.push('\n');
        }
        w.out
    }
}

/// Whether a group holds a newline that prints when it is flat.
fn breaks(pieces: &[Piece<'_>]) -> bool {
    pieces.iter().any(|p| {
        p.cond != Cond::Broken
            && match &p.node {
                Node::Text(t) => t.contains('\n'),
                Node::Newlines(_) => true,
                Node::Spaces(_) => false,
                Node::Group(c) | Node::Indent(c) => breaks(c),
            }
    })
}

struct Writer<'a> {
    out: String,
    spaces: usize,
    newlines: usize,
    indent: String,
    step: &'a str,
}

impl Writer<'_> {
    fn print(&mut self, cond: Cond, pieces: &[Piece<'_>]) {
        for p in pieces {
            if p.cond != Cond::Always && p.cond != cond {
                continue;
            }
            match &p.node {
                Node::Text(t) => self.write(t),
                Node::Spaces(n) => self.spaces = self.spaces.max(*n),
                Node::Newlines(n) => self.newlines = self.newlines.max(*n),
                Node::Group(c) => {
                    let inner = if breaks(c) { Cond::Broken } else { Cond::Flat };
                    self.print(inner, c);
                }
                Node::Indent(c) => {
                    let len = self.indent.len();
                    self.indent.push_str(self.step);
                    self.print(cond, c);
                    self.indent.truncate(len);
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
