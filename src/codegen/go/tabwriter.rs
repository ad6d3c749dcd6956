//! Column alignment of Go source text, the last step of gofmt's printing.
//!
//! gofmt's printer first renders a file as an intermediate text in which
//! layout is still symbolic: each line starts with one `'\t'` per
//! indentation level, alignable pieces of a line ("cells") are terminated
//! by `'\t'` (hard tab) or `'\v'` (soft tab), `'\n'` ends a line and
//! `'\f'` ends a line and every column that is open at that point.
//! Literal text that must not be interpreted (strings, comments with tabs
//! in them) is bracketed by `0xFF` bytes.
//!
//! [`align`] turns that text into the final output with elastic tabstops:
//! tab-terminated cells in consecutive lines form a column, and each cell
//! of a column is padded with spaces to the column's widest cell plus one.
//! Leading empty cells (indentation) are padded with tabs instead. A column
//! made only of empty, soft-tab-terminated cells takes no room at all.
//! Text is measured in Unicode code points (an invalid UTF-8 byte counts as
//! one); escaped text is measured without its two `0xFF` brackets.
//!
//! The aligned text is then cleaned: the `0xFF` brackets are dropped,
//! blanks and tabs at the end of each line are removed, and any remaining
//! `'\v'` / `'\f'` outside escaped text become `'\t'` / `'\n'`.
//!
//! Lines are buffered only as long as they can still influence each
//! other's layout: the buffer is formatted and emptied at every `'\f'` and
//! at every line that has no tab-terminated cell, so the work stays linear
//! in the input size.

/// Brackets text that passes through without interpretation.
const ESCAPE: u8 = 0xff;

/// The width of a tab, in columns, when indentation is padded with tabs.
const TAB_WIDTH: isize = 8;

/// Room added to the widest cell of a column.
const PADDING: isize = 1;

/// Aligns `input` (go/printer's intermediate text) into the final gofmt text.
pub fn align(input: &[u8]) -> Vec<u8> {
    let mut aligner = Aligner::new(Trimmer::with_capacity(input.len() + input.len() / 4));
    aligner.write(input);
    aligner.flush();
    aligner.out.out
}

/// One cell: a piece of a line ended by a tab or a line break. Its text is
/// kept in [`Aligner::buf`], right after the text of the previous cell.
#[derive(Clone, Copy, Default)]
struct Cell {
    /// Length of the text in bytes, `0xFF` brackets included.
    size: usize,
    /// Width of the text in code points, brackets excluded. Only the last
    /// cell of the input can come out negative (an escape opened and never
    /// closed), and a line's last cell is never padded.
    width: isize,
    /// Whether the cell was ended by a hard tab (`'\t'`), which keeps its
    /// column even when every cell of it is empty.
    htab: bool,
}

/// Splits the input into cells and lines, and formats and writes out the
/// buffered lines whenever no later line can change their layout.
struct Aligner {
    /// Where formatted text goes.
    out: Trimmer,
    /// Text of all buffered cells, without the tabs and line breaks that
    /// ended them.
    buf: Vec<u8>,
    /// How far into `buf` the width of the current cell has been counted.
    pos: usize,
    /// The cell being read; its text runs to the end of `buf`.
    cell: Cell,
    /// Whether the reader is between an opening and a closing `0xFF`.
    in_escape: bool,
    /// Cells of all buffered lines, line after line.
    cells: Vec<Cell>,
    /// Index in `cells` of the first cell of each buffered line; the last
    /// entry is the line being read.
    line_starts: Vec<usize>,
    /// Widths of the columns to the left of the one being formatted.
    widths: Vec<isize>,
    /// Work list of [`Aligner::format`], kept to reuse its allocation.
    frames: Vec<Frame>,
}

/// A range of lines being formatted at one column (see
/// [`Aligner::format`]).
#[derive(Clone, Copy)]
struct Frame {
    /// First line not written yet.
    line0: usize,
    /// First line not examined yet.
    this: usize,
    /// End of the range.
    line1: usize,
}

impl Aligner {
    fn new(out: Trimmer) -> Self {
        let mut aligner = Aligner {
            out,
            buf: Vec::new(),
            pos: 0,
            cell: Cell::default(),
            in_escape: false,
            cells: Vec::new(),
            line_starts: Vec::new(),
            widths: Vec::new(),
            frames: Vec::new(),
        };
        aligner.reset();
        aligner
    }

    /// Forgets all buffered text and starts an empty first line.
    fn reset(&mut self) {
        self.buf.clear();
        self.pos = 0;
        self.cell = Cell::default();
        self.in_escape = false;
        self.cells.clear();
        self.line_starts.clear();
        self.widths.clear();
        self.add_line();
    }

    /// Starts a new, empty line.
    fn add_line(&mut self) {
        self.line_starts.push(self.cells.len());
    }

    /// Number of buffered lines, the one being read included.
    fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The cells of buffered line `i`.
    fn line(&self, i: usize) -> &[Cell] {
        let start = self.line_starts[i];
        let end = self
            .line_starts
            .get(i + 1)
            .copied()
            .unwrap_or(self.cells.len());
        &self.cells[start..end]
    }

    /// Adds `text` to the current cell (its width is counted later).
    fn append(&mut self, text: &[u8]) {
        self.buf.extend_from_slice(text);
        self.cell.size += text.len();
    }

    /// Counts the code points appended since the last count into the
    /// current cell's width.
    fn update_width(&mut self) {
        self.cell.width += rune_count(&self.buf[self.pos..]) as isize;
        self.pos = self.buf.len();
    }

    /// Closes an escaped segment: its text (brackets included) has been
    /// appended; it counts for its code points minus the two brackets.
    fn end_escape(&mut self) {
        self.update_width();
        self.cell.width -= 2;
        self.pos = self.buf.len();
        self.in_escape = false;
    }

    /// Ends the current cell, `htab` telling whether a hard tab ended it,
    /// and returns how many cells the current line now has.
    fn terminate_cell(&mut self, htab: bool) -> usize {
        self.cell.htab = htab;
        self.cells.push(self.cell);
        self.cell = Cell::default();
        self.cells.len() - self.line_starts[self.line_starts.len() - 1]
    }

    /// Reads `input`, buffering its cells and writing out every group of
    /// lines whose layout is settled.
    fn write(&mut self, input: &[u8]) {
        // `input[n..i]` has been seen but not yet appended to the cell.
        let mut n = 0;
        for (i, &ch) in input.iter().enumerate() {
            if self.in_escape {
                if ch == ESCAPE {
                    // The closing bracket stays with the text.
                    self.append(&input[n..i + 1]);
                    n = i + 1;
                    self.end_escape();
                }
                continue;
            }
            match ch {
                b'\t' | b'\x0b' | b'\n' | b'\x0c' => {
                    self.append(&input[n..i]);
                    self.update_width();
                    n = i + 1;
                    let cells = self.terminate_cell(ch == b'\t');
                    if ch == b'\n' || ch == b'\x0c' {
                        self.add_line();
                        // A formfeed closes every column. A line made of a
                        // single cell has no tab-terminated cell, so it
                        // cannot join a column with the lines after it:
                        // everything buffered so far is settled as well.
                        if ch == b'\x0c' || cells == 1 {
                            self.flush();
                        }
                    }
                }
                ESCAPE => {
                    // The opening bracket is appended with the escaped
                    // text once the closing one is found.
                    self.append(&input[n..i]);
                    self.update_width();
                    n = i;
                    self.in_escape = true;
                }
                _ => {}
            }
        }
        // Text after the last tab or line break forms the input's last
        // cell. Its width is left uncounted: a line's last cell is never
        // padded, so its width is never used.
        self.append(&input[n..]);
    }

    /// Formats and writes out everything buffered, the unfinished last
    /// cell included (an escape still open counts as closed there).
    fn flush(&mut self) {
        if self.cell.size > 0 {
            if self.in_escape {
                self.end_escape();
            }
            self.terminate_cell(false);
        }
        self.format(0, 0, self.line_count());
        self.reset();
    }

    /// Writes lines `line0..line1`, whose text starts at `buf[pos0]`, and
    /// returns the buffer position after them.
    ///
    /// Column by column from the left: within a range of lines whose
    /// columns left of `column` are sized, each run of consecutive lines
    /// that have a tab-terminated cell in `column` is a block; the column
    /// is sized for that block, and the block is then handled the same way
    /// for `column + 1`. Lines outside any block are written as soon as
    /// they are reached. The nesting is kept in `frames` (one per column)
    /// rather than on the call stack, so a line with very many cells cannot
    /// exhaust the stack.
    fn format(&mut self, pos0: usize, line0: usize, line1: usize) -> usize {
        let mut pos = pos0;
        self.frames.clear();
        self.frames.push(Frame {
            line0,
            this: line0,
            line1,
        });
        loop {
            // The frame for `column` is the innermost one, and `widths`
            // holds the sizes of the columns left of it.
            let column = self.frames.len() - 1;
            let Frame {
                mut line0,
                mut this,
                line1,
            } = self.frames[column];

            // A line's last cell is not tab-terminated and belongs to no
            // column, so a line reaches `column` only with at least
            // `column + 2` cells.
            while this < line1 && column + 1 >= self.line(this).len() {
                this += 1;
            }

            if this == line1 {
                // No block left: write the rest of the range and go back to
                // the column on the left, whose block this range was.
                pos = self.write_lines(pos, line0, line1);
                self.frames.pop();
                match self.frames.last_mut() {
                    Some(parent) => {
                        parent.line0 = parent.this;
                        self.widths.pop();
                    }
                    None => return pos,
                }
                continue;
            }

            // Lines before the block do not reach this column.
            pos = self.write_lines(pos, line0, this);
            line0 = this;

            // Measure the block.
            let mut width = 0;
            let mut discardable = true;
            while this < line1 {
                let line = self.line(this);
                if column + 1 >= line.len() {
                    break;
                }
                let c = line[column];
                width = width.max(c.width + PADDING);
                if c.width > 0 || c.htab {
                    discardable = false;
                }
                this += 1;
            }
            // A column of empty soft-tab cells takes no room.
            if discardable {
                width = 0;
            }

            // Resume after the block once it is done; handle the block's
            // columns further right first.
            self.frames[column] = Frame { line0, this, line1 };
            self.widths.push(width);
            self.frames.push(Frame {
                line0,
                this: line0,
                line1: this,
            });
        }
    }

    /// Writes lines `line0..line1`, whose text starts at `buf[pos0]`,
    /// padding each cell to its column width from `widths`. Returns the
    /// buffer position after the written lines.
    fn write_lines(&mut self, pos0: usize, line0: usize, line1: usize) -> usize {
        let mut pos = pos0;
        for i in line0..line1 {
            let (start, end) = (
                self.line_starts[i],
                self.line_starts
                    .get(i + 1)
                    .copied()
                    .unwrap_or(self.cells.len()),
            );
            // Empty cells before the first text are indentation.
            let mut use_tabs = true;
            for j in 0..end - start {
                let c = self.cells[start + j];
                let column_width = self.widths.get(j).copied();
                if c.size == 0 {
                    if let Some(cell_width) = column_width {
                        self.write_padding(c.width, cell_width, use_tabs);
                    }
                } else {
                    use_tabs = false;
                    self.out.write(&self.buf[pos..pos + c.size]);
                    pos += c.size;
                    if let Some(cell_width) = column_width {
                        self.write_padding(c.width, cell_width, false);
                    }
                }
            }
            if i + 1 == self.line_count() {
                // The last buffered line has no line break yet; write
                // whatever text of it is still pending.
                self.out.write(&self.buf[pos..pos + self.cell.size]);
                pos += self.cell.size;
            } else {
                self.out.write(b"\n");
            }
        }
        pos
    }

    /// Pads text `text_width` wide to `cell_width`: with spaces, or with
    /// tabs reaching the next multiple of the tab width at or after
    /// `cell_width`.
    fn write_padding(&mut self, text_width: isize, cell_width: isize, use_tabs: bool) {
        const TABS: [u8; 8] = [b'\t'; 8];
        const SPACES: [u8; 8] = [b' '; 8];
        if use_tabs {
            let cell_width = (cell_width + TAB_WIDTH - 1) / TAB_WIDTH * TAB_WIDTH;
            let n = cell_width - text_width;
            debug_assert!(n >= 0, "negative padding");
            self.write_repeated(&TABS, (n + TAB_WIDTH - 1) / TAB_WIDTH);
        } else {
            self.write_repeated(&SPACES, cell_width - text_width);
        }
    }

    /// Writes `n` bytes taken from repetitions of `chunk`.
    fn write_repeated(&mut self, chunk: &[u8], n: isize) {
        let mut n = n.max(0) as usize;
        while n > chunk.len() {
            self.out.write(chunk);
            n -= chunk.len();
        }
        self.out.write(&chunk[..n]);
    }
}

/// The state of a [`Trimmer`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum TrimState {
    /// After a blank or tab, or at the start of a line or of a write; the
    /// blanks and tabs seen since are held back.
    Space,
    /// Between an opening and a closing `0xFF`.
    Escape,
    /// Inside other text.
    Text,
}

/// Cleans the aligned text: drops `0xFF` brackets, drops blanks and tabs
/// before a line break (or at the end), writes `'\v'` as `'\t'` and `'\f'`
/// as `'\n'`. Escaped text passes through as is.
///
/// It receives text in pieces (a cell, some padding, a line break) and
/// expects each escaped segment to arrive whole in one piece, as the
/// aligner provides it: at the end of every piece it writes what it has
/// read and returns to the held-back-blanks state.
struct Trimmer {
    out: Vec<u8>,
    state: TrimState,
    /// Blanks and tabs held back in [`TrimState::Space`].
    space: Vec<u8>,
}

impl Trimmer {
    fn with_capacity(capacity: usize) -> Self {
        Trimmer {
            out: Vec::with_capacity(capacity),
            state: TrimState::Space,
            space: Vec::new(),
        }
    }

    /// Forgets held-back blanks and waits for what follows them.
    fn reset_space(&mut self) {
        self.state = TrimState::Space;
        self.space.clear();
    }

    fn write(&mut self, data: &[u8]) {
        // In `Escape` and `Text`, `data[m..n]` is read but not yet written.
        let mut m = 0;
        for (n, &raw) in data.iter().enumerate() {
            let b = if raw == b'\x0b' { b'\t' } else { raw };
            match self.state {
                TrimState::Space => match b {
                    b'\t' | b' ' => self.space.push(b),
                    b'\n' | b'\x0c' => {
                        // Blanks at the end of a line are dropped.
                        self.reset_space();
                        self.out.push(b'\n');
                    }
                    ESCAPE => {
                        self.out.extend_from_slice(&self.space);
                        self.state = TrimState::Escape;
                        m = n + 1;
                    }
                    _ => {
                        self.out.extend_from_slice(&self.space);
                        self.state = TrimState::Text;
                        m = n;
                    }
                },
                TrimState::Escape => {
                    if b == ESCAPE {
                        self.out.extend_from_slice(&data[m..n]);
                        self.reset_space();
                    }
                }
                TrimState::Text => match b {
                    b'\t' | b' ' => {
                        self.out.extend_from_slice(&data[m..n]);
                        self.reset_space();
                        self.space.push(b);
                    }
                    b'\n' | b'\x0c' => {
                        self.out.extend_from_slice(&data[m..n]);
                        self.reset_space();
                        self.out.push(b'\n');
                    }
                    ESCAPE => {
                        self.out.extend_from_slice(&data[m..n]);
                        self.state = TrimState::Escape;
                        m = n + 1;
                    }
                    _ => {}
                },
            }
        }
        if self.state != TrimState::Space {
            self.out.extend_from_slice(&data[m..]);
            self.reset_space();
        }
    }
}

/// Counts the code points of `text` the way Go does: each well-formed
/// UTF-8 sequence (no overlong forms, surrogates or values past U+10FFFF)
/// counts once, and every byte that does not start one counts once.
fn rune_count(text: &[u8]) -> usize {
    let mut count = 0;
    let mut i = 0;
    while i < text.len() {
        count += 1;
        let b = text[i];
        if b < 0x80 {
            i += 1;
            continue;
        }
        // Sequence length and the range allowed for the second byte.
        let (len, lo, hi) = match b {
            0xc2..=0xdf => (2, 0x80, 0xbf),
            0xe0 => (3, 0xa0, 0xbf),
            0xe1..=0xec | 0xee..=0xef => (3, 0x80, 0xbf),
            0xed => (3, 0x80, 0x9f),
            0xf0 => (4, 0x90, 0xbf),
            0xf1..=0xf3 => (4, 0x80, 0xbf),
            0xf4 => (4, 0x80, 0x8f),
            _ => (1, 0, 0),
        };
        if len == 1 || i + len > text.len() || !(lo..=hi).contains(&text[i + 1]) {
            i += 1;
            continue;
        }
        let continuation = |k: usize| (0x80..=0xbf).contains(&text[i + k]);
        i += if len == 2 {
            2
        } else if !continuation(2) {
            1
        } else if len == 3 {
            3
        } else if !continuation(3) {
            1
        } else {
            4
        };
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected outputs were produced by Go's text/tabwriter set up as
    // gofmt's printer sets it up, writing through the printer's trimmer.

    fn check(input: &[u8], want: &[u8]) {
        let got = align(input);
        assert_eq!(
            String::from_utf8_lossy(&got),
            String::from_utf8_lossy(want),
            "input {:?}",
            String::from_utf8_lossy(input)
        );
        assert_eq!(got, want);
    }

    #[test]
    fn struct_fields_and_comments_align() {
        check(
            b"type T struct {\n\tA\x0bint\t// a\n\tLonger\x0bstring\t// b\n}\n",
            b"type T struct {\n\tA      int    // a\n\tLonger string // b\n}\n",
        );
        check(
            b"\tif x {\n\t\ta\x0b= 1\n\t\tbbb\x0b= 2\n\t}\n",
            b"\tif x {\n\t\ta   = 1\n\t\tbbb = 2\n\t}\n",
        );
    }

    #[test]
    fn width_counts_code_points() {
        check(
            "\tx\x0b= 1\n\té世\x0b= 2\n\t🙂🙂🙂\x0b= 3\n".as_bytes(),
            "\tx   = 1\n\té世  = 2\n\t🙂🙂🙂 = 3\n".as_bytes(),
        );
        // A truncated sequence counts one per byte, a surrogate encoding
        // one per byte as well.
        check(
            b"\xe2\x82\x0bx\n\xed\xa0\x80\x0by\nab\x0bz\n",
            b"\xe2\x82  x\n\xed\xa0\x80 y\nab  z\n",
        );
        assert_eq!(rune_count("aé世🙂".as_bytes()), 4);
        assert_eq!(rune_count(b"\xc0\x80\xf4\x90\x80\x80\xff"), 7);
    }

    #[test]
    fn escaped_text_is_opaque() {
        // The tab inside the brackets neither ends a cell nor is trimmed;
        // the brackets count for nothing.
        check(
            b"\t\xffa\tb\xff\x0b// c\n\tx\x0b// d\n",
            b"\ta\tb // c\n\tx   // d\n",
        );
        // Line breaks inside escaped text do not end the line, and \v and
        // \f there are kept as they are.
        check(
            b"a\x0bb\nlong\x0bc\n\xff`raw\n\tstr`",
            b"a    b\nlong c\n`raw\n\tstr`",
        );
        check(b"s := \xff`a\x0bb\x0cc`\xff  \n", b"s := `a\x0bb\x0cc`\n");
        // An escape left open at the end is closed there.
        check(b"\t\tfoo\x0b// x\n\t\xffab", b"\t\tfoo // x\n\tab");
    }

    #[test]
    fn formfeed_ends_columns() {
        check(b"a\x0bx\nbbb\x0by\n", b"a   x\nbbb y\n");
        check(b"a\x0bx\x0cbbb\x0by\n", b"a x\nbbb y\n");
        check(b"a\x0bx\n\x0cbbb\x0by\n", b"a x\n\nbbb y\n");
    }

    #[test]
    fn empty_soft_columns_are_discarded() {
        check(b"a\x0b\x0bb\nc\x0b\x0bd\n", b"a b\nc d\n");
        check(b"a\t\tb\nc\t\td\n", b"a  b\nc  d\n");
    }

    #[test]
    fn trailing_blanks_are_trimmed() {
        check(b"x  \t\n\ty \x0b\n  \n", b"x\n\ty\n\n");
    }

    #[test]
    fn empty_input() {
        check(b"", b"");
    }
}
