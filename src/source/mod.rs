//! Source text, spans and the resolution of import names to files.
//!
//! A file is found by its import name: first under each `-I` root in order,
//! then among the well-known types bundled into the binary.

mod resolver;

pub use resolver::{bundled_file, Found, Resolver};

use std::sync::Arc;

/// A byte range in one source file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// One loaded .proto file.
#[derive(Debug)]
pub struct SourceFile {
    /// The import name, e.g. `google/protobuf/any.proto`.
    pub name: String,
    /// Where it was read from, for messages (the disk path, or the name for bundled files).
    pub display_path: String,
    pub text: Arc<str>,
    line_starts: Vec<u32>,
}

/// protoc counts a tab as advancing the column to the next multiple of 8.
const TAB_WIDTH: u32 = 8;

impl SourceFile {
    pub fn new(name: String, display_path: String, text: Arc<str>) -> SourceFile {
        let mut line_starts = vec![0u32];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(i as u32 + 1);
            }
        }
        SourceFile {
            name,
            display_path,
            text,
            line_starts,
        }
    }

    /// Zero-based line and column of a byte offset, counted as protoc counts them.
    pub fn line_col(&self, offset: u32) -> (u32, u32) {
        let line = match self.line_starts.binary_search(&offset) {
            Ok(l) => l,
            Err(l) => l - 1,
        };
        let start = self.line_starts[line] as usize;
        let mut col = 0u32;
        for b in self.text.as_bytes()[start..offset as usize].iter() {
            if *b == b'\t' {
                col += TAB_WIDTH - col % TAB_WIDTH;
            } else {
                col += 1;
            }
        }
        (line as u32, col)
    }
}
