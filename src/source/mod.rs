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
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The import name, e.g. `google/protobuf/any.proto`.
    pub name: String,
    /// Where it was read from, for messages (the disk path, or the name for bundled files).
    pub display_path: String,
    /// The text; empty once released (see [`SourceFile::release_text`]).
    pub text: Arc<str>,
    released: bool,
    line_starts: Vec<u32>,
    /// Every tab's offset with the column just after it, so a column is
    /// found by binary search however long the line is.
    tabs: Vec<(u32, u32)>,
}

/// protoc counts a tab as advancing the column to the next multiple of 8.
const TAB_WIDTH: u32 = 8;

impl SourceFile {
    pub fn new(name: String, display_path: String, text: Arc<str>) -> SourceFile {
        let bytes = text.as_bytes();
        // Sized exactly: the table lives as long as the compilation.
        let mut line_starts = Vec::with_capacity(memchr::memchr_iter(b'\n', bytes).count() + 1);
        line_starts.push(0u32);
        let mut tabs = Vec::new();
        // Offset and column of the last position whose column is known on this line.
        let (mut from, mut col) = (0u32, 0u32);
        for i in memchr::memchr2_iter(b'\n', b'\t', bytes) {
            let i = i as u32;
            if bytes[i as usize] == b'\n' {
                line_starts.push(i + 1);
                (from, col) = (i + 1, 0);
            } else {
                col += i - from;
                col += TAB_WIDTH - col % TAB_WIDTH;
                from = i + 1;
                tabs.push((i, col));
            }
        }
        SourceFile {
            name,
            display_path,
            text,
            released: false,
            line_starts,
            tabs,
        }
    }

    /// Frees the text of a file no excerpt will be shown from: positions
    /// still convert to lines and columns, which need only the line table.
    pub fn release_text(&mut self) {
        self.text = Arc::from("");
        self.released = true;
    }

    /// Whether the text was released.
    pub fn is_released(&self) -> bool {
        self.released
    }

    /// Byte range of a zero-based line, without its newline.
    pub fn line_range(&self, line: usize) -> std::ops::Range<usize> {
        let start = self.line_starts[line] as usize;
        let end = self
            .line_starts
            .get(line + 1)
            .map_or(self.text.len(), |&next| next as usize - 1);
        start..end
    }

    /// The byte offset of a zero-based line and column counted as protoc
    /// counts them (the inverse of `line_col`); past the line's end, the end.
    pub fn offset(&self, line: u32, col: u32) -> usize {
        let Some(&start) = self.line_starts.get(line as usize) else {
            return self.text.len();
        };
        let range = self.line_range(line as usize);
        let mut c = 0;
        for (i, b) in self.text.as_bytes()[range.clone()].iter().enumerate() {
            if c >= col {
                return start as usize + i;
            }
            c = if *b == b'\t' {
                c + TAB_WIDTH - c % TAB_WIDTH
            } else {
                c + 1
            };
        }
        range.end
    }

    /// Zero-based line and column of a byte offset, counted as protoc counts them.
    pub fn line_col(&self, offset: u32) -> (u32, u32) {
        let line = match self.line_starts.binary_search(&offset) {
            Ok(l) => l,
            Err(l) => l - 1,
        };
        let start = self.line_starts[line];
        // The last tab before the offset, if it is on this line, fixes the
        // column from there on; every other byte advances it by one.
        let k = self.tabs.partition_point(|&(at, _)| at < offset);
        let col = match k.checked_sub(1).map(|k| self.tabs[k]) {
            Some((at, after)) if at >= start => after + (offset - at - 1),
            _ => offset - start,
        };
        (line as u32, col)
    }
}

#[cfg(test)]
mod tests {
    use super::SourceFile;

    #[test]
    fn lines_and_columns_count_tabs_as_protoc_does() {
        let text = "a\tb\n\n  \t\tc\r\nx\t";
        let f = SourceFile::new("t.proto".into(), "t.proto".into(), text.into());
        let at = |c: char, nth: usize| text.match_indices(c).nth(nth).unwrap().0 as u32;
        assert_eq!(f.line_col(0), (0, 0));
        assert_eq!(f.line_col(at('b', 0)), (0, 8));
        assert_eq!(f.line_col(at('\n', 1)), (1, 0));
        assert_eq!(f.line_col(at('c', 0)), (2, 16));
        assert_eq!(f.line_col(at('x', 0)), (3, 0));
        assert_eq!(f.line_col(text.len() as u32), (3, 8));
        for offset in 0..text.len() {
            let (l, c) = f.line_col(offset as u32);
            assert_eq!(f.offset(l, c), offset, "{offset}");
        }
    }
}
