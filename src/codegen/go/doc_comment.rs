//! Doc comments as gofmt rewrites them.
//!
//! gofmt treats a comment that starts in column 1 and ends on the line just
//! above a top-level declaration as that declaration's doc comment, and
//! rewrites it into a canonical form. The comment text (without the comment
//! markers, and without one space after each `//`) is parsed with the Go doc
//! comment syntax into a sequence of blocks:
//!
//! - paragraphs: runs of unindented lines;
//! - headings: a line `# Text`, or an "old style" heading, a single line
//!   that looks like a title and stands alone between blank lines;
//! - code blocks: indented lines (an unindented line starting with `}` right
//!   after them is included);
//! - lists: indented lines starting with a bullet (`-`, `*`, `+`, `•`) or a
//!   number (`1.`, `2)`);
//! - link definitions: paragraphs made only of `[text]: url` lines.
//!
//! The blocks are then printed back: one blank `//` line between blocks
//! (lists only get one when they were preceded by a blank line or have blank
//! lines between their items), headings as `// # Text`, code lines as
//! `//\t` plus the line with its common indentation removed, list items as
//! `//   - item` or `//  1. item` with continuation lines at `//     `, and
//! the link definitions at the very end (the ones the text refers to, then
//! the unused ones). In paragraph and list text, ``` `` ``` becomes `“` and
//! `''` becomes `”`, except inside URLs and runs of three or more backquotes.
//! Directive lines such as `//go:generate` are taken out of the text and
//! appended after a blank `//` line. Trailing white space is removed from
//! every line.

mod text;

use text::{go_is_digit, go_is_letter, linked_text, parse_link_def, LinkDef};

/// What gofmt prints for the `//` lines protoc-gen-go writes directly above
/// a declaration, field or value. gofmt reformats such a comment as a doc
/// comment only when it ends right before the next token; Go's scanner
/// drops a carriage return at the end of a comment line but keeps its
/// place, so a comment whose last line ended in `\r` (from a .proto file
/// with CRLF line ends) is left as written.
pub fn format_abutting(lines: &[String]) -> Vec<String> {
    let without_cr: Vec<String> = lines.iter().map(|l| l.replace('\r', "")).collect();
    if lines.last().is_some_and(|l| l.ends_with('\r')) {
        return without_cr;
    }
    format_doc_comment(&without_cr)
}

/// Reformats a doc comment as gofmt does for a comment that stands directly
/// above a top-level declaration.
///
/// `lines` are the comment's lines as written, each starting with `//` (or a
/// single `/* ... */` comment given as one element with embedded newlines);
/// the result is the lines gofmt writes, each starting with `//`, without
/// newlines. A block comment comes back as the lines of the rewritten block
/// comment (`/*`, the text, `*/`). Lines must not contain `'\r'` (the Go
/// scanner drops it from comments before gofmt sees them). Build
/// constraints (`//go:build`, `// +build`) are treated like any directive
/// or text line, although gofmt would move them to the top of the file.
pub fn format_doc_comment(lines: &[String]) -> Vec<String> {
    let Some(first) = lines.first() else {
        return Vec::new();
    };
    if lines.len() == 1 && first.starts_with("/*") {
        return format_block_comment(first);
    }
    let mut text = String::new();
    let mut directives = Vec::new();
    for line in lines {
        let Some(after) = line.strip_prefix("//") else {
            return unchanged(lines);
        };
        if is_directive(after) {
            directives.push(trim_right(line));
            continue;
        }
        text.push_str(after.strip_prefix(' ').unwrap_or(after));
        text.push('\n');
    }
    if text.is_empty() {
        // Only directives: nothing to reformat.
        return unchanged(lines);
    }
    let mut out: Vec<String> = text_lines(&format_text(&text))
        .map(|line| {
            if line.is_empty() {
                "//".to_string()
            } else if line.starts_with('\t') {
                trim_right(&format!("//{line}"))
            } else {
                trim_right(&format!("// {line}"))
            }
        })
        .collect();
    // A comment whose text is all blank disappears, but directives stay.
    if !directives.is_empty() {
        out.push("//".to_string());
        out.extend(directives);
    }
    out
}

/// Reformats a `/* ... */` doc comment. One-line block comments and the
/// "line of stars" style (every line starting with `*`) are left alone.
fn format_block_comment(comment: &str) -> Vec<String> {
    let reformat = comment.contains('\n')
        && !all_stars(comment)
        && comment.len() >= 4
        && comment.ends_with("*/");
    if !reformat {
        return print_comment(comment);
    }
    let text = format_text(&comment[2..comment.len() - 2]);
    print_comment(&format!("/*\n{text}*/"))
}

/// The lines gofmt prints for comments it does not reformat.
fn unchanged(lines: &[String]) -> Vec<String> {
    lines.iter().flat_map(|c| print_comment(c)).collect()
}

/// Reports whether the text after `//` makes the line a directive:
/// `//line `, `//extern `, `//export `, or `//word:x` where `word` and `x`
/// are lowercase ASCII letters or digits (`//go:generate`, `//nolint:all`).
fn is_directive(after: &str) -> bool {
    if ["line ", "extern ", "export "]
        .iter()
        .any(|p| after.starts_with(p))
    {
        return true;
    }
    let b = after.as_bytes();
    match after.find(':') {
        Some(colon) if colon > 0 && colon + 1 < b.len() => (0..=colon + 1)
            .filter(|&i| i != colon)
            .all(|i| b[i].is_ascii_lowercase() || b[i].is_ascii_digit()),
        _ => false,
    }
}

/// Reports whether every line of a block comment after the first starts
/// with `*` after its indentation (the "line of stars" style).
fn all_stars(text: &str) -> bool {
    let b = text.as_bytes();
    (0..b.len()).filter(|&i| b[i] == b'\n').all(|i| {
        let mut j = i + 1;
        while j < b.len() && (b[j] == b' ' || b[j] == b'\t') {
            j += 1;
        }
        j >= b.len() || b[j] == b'*'
    })
}

/// Trailing white space (Unicode `White_Space`, the same set as Go's
/// `unicode.IsSpace`) never survives in a printed comment line.
fn trim_right(s: &str) -> String {
    s.trim_end().to_string()
}

/// The lines of `text`, each ended by `'\n'`; a final unterminated piece
/// counts as a line, a final empty one does not.
fn text_lines(text: &str) -> impl Iterator<Item = &str> {
    let body = text.strip_suffix('\n').unwrap_or(text);
    body.split('\n').filter(move |_| !text.is_empty())
}

/// Prints a comment the way gofmt prints any comment at the top level:
/// trailing white space is dropped and, in a `/* */` comment, the common
/// indentation of the lines after the first is removed (keeping a "line of
/// stars" aligned) and a lone closing `*/` is aligned with the opening `/*`.
fn print_comment(comment: &str) -> Vec<String> {
    let mut lines: Vec<String> = comment.split('\n').map(str::to_string).collect();
    strip_common_prefix(&mut lines);
    lines.iter().map(|line| trim_right(line)).collect()
}

/// A line made only of bytes up to `' '` (spaces and control characters).
fn is_blank_line(s: &[u8]) -> bool {
    s.iter().all(|&c| c <= b' ')
}

/// Removes the common indentation of a block comment's lines after the
/// first. The prefix is made of white space and `*` (for comments with a
/// vertical line of stars). Blank inner lines become empty.
fn strip_common_prefix(lines: &mut [String]) {
    let n = lines.len();
    if n <= 1 {
        return;
    }
    // Common prefix of the inner non-blank lines or, failing that, the
    // indentation of the last line.
    let mut prefix: Option<String> = None;
    for line in &mut lines[1..n - 1] {
        if is_blank_line(line.as_bytes()) {
            line.clear();
        } else {
            let p = prefix.as_deref().unwrap_or(line);
            prefix = Some(common_prefix(p, line).to_string());
        }
    }
    let last = &lines[n - 1];
    let mut prefix = prefix.unwrap_or_else(|| common_prefix(last, last).to_string());

    let line_of_stars = prefix.contains('*');
    if let Some(star) = prefix.find('*') {
        // Keep the stars aligned: strip up to, not including, the blank
        // before the star.
        prefix.truncate(star);
        if prefix.ends_with(' ') {
            prefix.pop();
        }
    } else if is_blank_line(lines[0].as_bytes().get(2..).unwrap_or_default()) {
        // Nothing after the opening "/*": keep the text indented relative
        // to "/*" by leaving up to 3 blanks or one tab of the prefix.
        let b = prefix.as_bytes();
        let mut i = b.len();
        let mut k = 0;
        while k < 3 && i > 0 && b[i - 1] == b' ' {
            i -= 1;
            k += 1;
        }
        if i == b.len() && i > 0 && b[i - 1] == b'\t' {
            i -= 1;
        }
        prefix.truncate(i);
    } else {
        // Text after the opening "/*": it stands at the column after the
        // white space that follows "/*" (which counts as two blanks unless
        // that white space starts with a tab). Don't strip that much.
        let first = lines[0].as_bytes();
        let mut m = 2;
        while m < first.len() && first[m] <= b' ' {
            m += 1;
        }
        let suffix = if m > 2 && first[2] == b'\t' {
            first[2..m].to_vec()
        } else {
            [b"  ", &first[2..m]].concat()
        };
        if prefix.as_bytes().ends_with(&suffix) {
            prefix.truncate(prefix.len() - suffix.len());
        }
    }

    // A last line that is only "*/" lines up with the "/*"; a last line
    // with text is aligned like the other lines.
    let last = &lines[n - 1];
    let before_close = last.split("*/").next().unwrap_or("");
    if is_blank_line(before_close.as_bytes()) {
        let close = if line_of_stars { " */" } else { "*/" };
        lines[n - 1] = format!("{prefix}{close}");
    } else {
        let p = common_prefix(&prefix, last).len();
        prefix.truncate(p);
    }
    for line in &mut lines[1..] {
        if !line.is_empty() {
            line.replace_range(..prefix.len(), "");
        }
    }
}

/// The longest common prefix of `a` and `b` made of white space, control
/// characters and `*`.
fn common_prefix<'a>(a: &'a str, b: &str) -> &'a str {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    let mut i = 0;
    while i < x.len() && i < y.len() && x[i] == y[i] && (x[i] <= b' ' || x[i] == b'*') {
        i += 1;
    }
    &a[..i]
}

// ---------------------------------------------------------------------------
// Parsing the comment text into blocks.

/// A block of a doc comment. Paragraph text is kept raw until all link
/// definitions of the comment are known; heading text is printed as written.
enum Block<'a> {
    Paragraph(String),
    Heading(&'a str),
    /// Lines ended by `'\n'`, their common indentation removed.
    Code(String),
    List(List<'a>),
}

struct List<'a> {
    /// Each item's number ("" for a bullet) and paragraphs.
    items: Vec<(&'a str, Vec<String>)>,
    /// The list was preceded by a blank line.
    force_blank_before: bool,
    /// A blank line separated two of the items.
    force_blank_between: bool,
}

impl List<'_> {
    /// Whether items are printed with blank lines between them: when the
    /// source had one, or when an item has other than one paragraph.
    fn blank_between(&self) -> bool {
        self.force_blank_between || self.items.iter().any(|(_, paras)| paras.len() != 1)
    }
}

enum SpanKind {
    Code,
    Heading,
    OldHeading,
    List,
    Paragraph,
}

/// Parses a doc comment's text and prints it back in canonical form,
/// without comment markers: lines ended by `'\n'`, code lines starting with
/// a tab.
fn format_text(text: &str) -> String {
    let all: Vec<&str> = text.split('\n').collect();
    let lines = unindent(&all);
    let mut blocks = Vec::new();
    let mut links = Vec::new();
    let mut prev_end = 0;
    for (start, end, kind) in parse_spans(&lines) {
        let span = &lines[start..end];
        let block = match kind {
            SpanKind::List => Some(Block::List(parse_list(span, prev_end < start, &mut links))),
            SpanKind::Code => Some(Block::Code(
                unindent(span).iter().map(|l| format!("{l}\n")).collect(),
            )),
            SpanKind::OldHeading => Some(Block::Heading(span[0].trim())),
            SpanKind::Heading => Some(Block::Heading(span[0][1..].trim())),
            SpanKind::Paragraph => paragraph(span, &mut links).map(Block::Paragraph),
        };
        blocks.extend(block);
        prev_end = end;
    }

    let mut out = String::new();
    for (i, block) in blocks.iter().enumerate() {
        let blank_before = match block {
            Block::List(list) => list.force_blank_before || list.blank_between(),
            _ => true,
        };
        if i > 0 && blank_before {
            out.push('\n');
        }
        match block {
            Block::Paragraph(text) => {
                out.push_str(&linked_text(text, &mut links, ""));
                out.push('\n');
            }
            Block::Heading(text) => {
                out.push_str("# ");
                out.push_str(text);
                out.push('\n');
            }
            Block::Code(code) => {
                for line in text_lines(code) {
                    if !line.is_empty() {
                        out.push('\t');
                        out.push_str(line);
                    }
                    out.push('\n');
                }
            }
            Block::List(list) => {
                let loose = list.blank_between();
                for (i, (number, paras)) in list.items.iter().enumerate() {
                    if i > 0 && loose {
                        out.push('\n');
                    }
                    if number.is_empty() {
                        out.push_str("  - ");
                    } else {
                        out.push(' ');
                        out.push_str(number);
                        out.push_str(". ");
                    }
                    // An item left without paragraphs (it held only link
                    // definitions) prints no newline at all.
                    for (j, para) in paras.iter().enumerate() {
                        if j > 0 {
                            out.push_str("\n    ");
                        }
                        out.push_str(&linked_text(para, &mut links, "    "));
                        out.push('\n');
                    }
                }
            }
        }
    }

    // The used link definitions, then the unused ones, each group after a
    // blank line.
    for used in [true, false] {
        let mut first = true;
        for def in links.iter().filter(|def| def.used == used) {
            if first {
                out.push('\n');
                first = false;
            }
            out.push_str(&format!("[{}]: {}\n", def.text, def.url));
        }
    }
    out
}

/// Drops leading and trailing empty lines, removes the indentation (spaces
/// and tabs) common to the first and all non-empty lines, and empties lines
/// made only of white space.
fn unindent<'a>(lines: &[&'a str]) -> Vec<&'a str> {
    let trimmed = trim_empty(lines);
    let Some((first, rest)) = trimmed.split_first() else {
        return Vec::new();
    };
    let mut prefix = leading_space(first);
    for line in rest.iter().filter(|l| !l.is_empty()) {
        let common = prefix
            .bytes()
            .zip(leading_space(line).bytes())
            .take_while(|(a, b)| a == b);
        prefix = &prefix[..common.count()];
    }
    let out: Vec<&str> = trimmed
        .iter()
        .map(|line| {
            let line = line.strip_prefix(prefix).unwrap_or(line);
            if line.trim().is_empty() {
                ""
            } else {
                line
            }
        })
        .collect();
    trim_empty(&out).to_vec()
}

fn trim_empty<'s, 'a>(mut lines: &'s [&'a str]) -> &'s [&'a str] {
    while lines.first().is_some_and(|l| l.is_empty()) {
        lines = &lines[1..];
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines = &lines[..lines.len() - 1];
    }
    lines
}

fn leading_space(s: &str) -> &str {
    &s[..s.len() - s.trim_start_matches([' ', '\t']).len()]
}

fn indented(line: &str) -> bool {
    line.starts_with([' ', '\t'])
}

/// Splits the unindented lines into spans `(start, end, kind)`.
fn parse_spans(lines: &[&str]) -> Vec<(usize, usize, SpanKind)> {
    let mut spans = Vec::new();
    let mut i = 0;
    // Lines before this index are treated as indented: they were found to
    // be a misindented code block or list.
    let mut force_indent = 0;
    loop {
        while i < lines.len() && lines[i].is_empty() {
            i += 1;
        }
        if i >= lines.len() {
            break;
        }
        let start = i;
        let mut end;
        let kind;
        if i < force_indent || indented(lines[i]) {
            // An indented span runs to the next unindented line (blank lines
            // included). A force-indented list also takes further unindented
            // items, up to the first blank line.
            let mut unindented_list_ok = is_list(lines[i]) && i < force_indent;
            i += 1;
            while i < lines.len()
                && (lines[i].is_empty()
                    || i < force_indent
                    || indented(lines[i])
                    || (unindented_list_ok && is_list(lines[i])))
            {
                if lines[i].is_empty() {
                    unindented_list_ok = false;
                }
                i += 1;
            }
            end = i;
            while end > start && lines[end - 1].is_empty() {
                end -= 1;
            }
            // An unindented "}" right after indented lines closes the code.
            if end < lines.len() && lines[end].starts_with('}') {
                end += 1;
            }
            kind = if is_list(lines[start]) {
                SpanKind::List
            } else {
                SpanKind::Code
            };
        } else {
            // An unindented span runs to the next blank or indented line.
            i += 1;
            while i < lines.len() && !lines[i].is_empty() && !indented(lines[i]) {
                i += 1;
            }
            end = i;
            // If an indented line that is not a list item follows directly,
            // the last unindented lines may belong to it: trailing list
            // items (an unindented list whose items wrap indented), or a
            // last line ending in "{" or "\" (code missing its indentation).
            if i < lines.len() && !lines[i].is_empty() && !is_list(lines[i]) {
                if is_list(lines[i - 1]) {
                    force_indent = end;
                    end -= 1;
                    while end > start && is_list(lines[end - 1]) {
                        end -= 1;
                    }
                } else if lines[i - 1].ends_with(['{', '\\']) {
                    force_indent = end;
                    end -= 1;
                }
                if start == end && force_indent > start {
                    i = start;
                    continue;
                }
            }
            kind = if end - start == 1 && is_heading(lines[start]) {
                SpanKind::Heading
            } else if end - start == 1 && is_old_heading(lines, start) {
                SpanKind::OldHeading
            } else {
                SpanKind::Paragraph
            };
        }
        spans.push((start, end, kind));
        i = end;
    }
    spans
}

/// A new-style heading: `#`, a space or tab, and some text.
fn is_heading(line: &str) -> bool {
    let b = line.as_bytes();
    b.len() >= 2 && b[0] == b'#' && (b[1] == b' ' || b[1] == b'\t') && line.trim() != "#"
}

/// An old-style heading: a single line between blank lines, followed by an
/// unindented line, starting with an uppercase letter and ending with a
/// letter or digit, without most punctuation. `'` may only start a
/// possessive `'s`, and `.` may not end a word.
fn is_old_heading(all: &[&str], off: usize) -> bool {
    if off == 0
        || !all[off - 1].is_empty()
        || off + 2 >= all.len()
        || !all[off + 1].is_empty()
        || !leading_space(all[off + 2]).is_empty()
    {
        return false;
    }
    let line = all[off].trim();
    let (Some(first), Some(last)) = (line.chars().next(), line.chars().next_back()) else {
        return false;
    };
    // Go's unicode.IsUpper and Rust's is_uppercase agree on letters.
    if !(go_is_letter(first) && first.is_uppercase())
        || !(go_is_letter(last) || go_is_digit(last))
        || line.contains(|c| ";:!?+*/=[]{}_^°&§~%#@<\">\\".contains(c))
    {
        return false;
    }
    let mut rest = line;
    while let Some((_, after)) = rest.split_once('\'') {
        if after != "s" && !after.starts_with("s ") {
            return false;
        }
        rest = after;
    }
    let mut rest = line;
    while let Some((_, after)) = rest.split_once('.') {
        if after.is_empty() || after.starts_with(' ') {
            return false;
        }
        rest = after;
    }
    true
}

/// A paragraph's raw text, or `None` if it consists only of link
/// definitions (which are then recorded in `links`).
fn paragraph<'a>(lines: &[&'a str], links: &mut Vec<LinkDef<'a>>) -> Option<String> {
    match lines
        .iter()
        .map(|l| parse_link_def(l))
        .collect::<Option<Vec<_>>>()
    {
        Some(defs) => {
            links.extend(defs);
            None
        }
        None => Some(lines.join("\n")),
    }
}

/// Builds a list from its lines. Items start at lines with a list marker of
/// the list's kind (numbered or bullet); a blank line ends an item's
/// paragraph and makes the list loose.
fn parse_list<'a>(
    lines: &[&'a str],
    force_blank_before: bool,
    links: &mut Vec<LinkDef<'a>>,
) -> List<'a> {
    let numbered = list_marker(lines[0]).is_some_and(|(num, _)| !num.is_empty());
    let mut list = List {
        items: Vec::new(),
        force_blank_before,
        force_blank_between: false,
    };
    let mut text: Vec<&str> = Vec::new();
    let mut flush = |list: &mut List<'a>, text: &mut Vec<&'a str>| {
        if let Some((_, paras)) = list.items.last_mut() {
            paras.extend(paragraph(text, links));
        }
        text.clear();
    };
    for &line in lines {
        let mut line = line;
        if let Some((num, rest)) = list_marker(line).filter(|(num, _)| num.is_empty() != numbered) {
            flush(&mut list, &mut text);
            list.items.push((num, Vec::new()));
            line = rest;
        }
        let line = line.trim();
        if line.is_empty() {
            list.force_blank_between = true;
            flush(&mut list, &mut text);
            continue;
        }
        text.push(line);
    }
    flush(&mut list, &mut text);
    list
}

/// Parses a list marker at the start of the (trimmed) line: returns the
/// number ("" for a bullet) and the rest of the line, which must start with
/// white space and not be blank.
fn list_marker(line: &str) -> Option<(&str, &str)> {
    let line = line.trim();
    let first = line.chars().next()?;
    let (num, rest) = if matches!(first, '•' | '*' | '+' | '-') {
        ("", &line[first.len_utf8()..])
    } else if first.is_ascii_digit() {
        let n = line.bytes().take_while(u8::is_ascii_digit).count();
        if !line[n..].starts_with(['.', ')']) {
            return None;
        }
        (&line[..n], &line[n + 1..])
    } else {
        return None;
    };
    if !indented(rest) || rest.trim().is_empty() {
        return None;
    }
    Some((num, rest))
}

fn is_list(line: &str) -> bool {
    list_marker(line).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected outputs are what gofmt (Go 1.26) printed for each comment
    // placed directly above `type T int`.

    fn check(input: &[&str], want: &[&str]) {
        let input: Vec<String> = input.iter().map(|s| s.to_string()).collect();
        assert_eq!(format_doc_comment(&input), want, "input {input:?}");
    }

    #[test]
    fn paragraph_gets_one_space_and_no_trailing_space() {
        check(
            &["// foo  ", "//bar", "//\tbaz"],
            &["// foo", "// bar", "//", "//\tbaz"],
        );
    }

    #[test]
    fn blank_comment_disappears() {
        check(&["//"], &[]);
    }

    #[test]
    fn bullet_list_is_reindented() {
        check(
            &[
                "// Items:",
                "//  - one",
                "//    more",
                "//  - two",
                "// after",
            ],
            &[
                "// Items:",
                "//   - one",
                "//     more",
                "//   - two",
                "//",
                "// after",
            ],
        );
    }

    #[test]
    fn numbered_list_needs_indentation() {
        check(
            &[
                "// Steps:",
                "//",
                "// 1. first",
                "// 2. second",
                "//",
                "//   3) third",
            ],
            &[
                "// Steps:",
                "//",
                "// 1. first",
                "// 2. second",
                "//",
                "//  3. third",
            ],
        );
    }

    #[test]
    fn common_indentation_is_removed_first() {
        check(&["//  - a", "//", "//  - b"], &["// - a", "//", "// - b"]);
    }

    #[test]
    fn code_block_is_unindented_to_one_tab() {
        check(
            &[
                "// Code:",
                "//",
                "//     x := 1",
                "//       y",
                "//",
                "//     z",
            ],
            &["// Code:", "//", "//\tx := 1", "//\t  y", "//", "//\tz"],
        );
    }

    #[test]
    fn misindented_code_block_is_recognized() {
        check(
            &["// func f() {", "//\tg()", "// }"],
            &["//\tfunc f() {", "//\t\tg()", "//\t}"],
        );
    }

    #[test]
    fn headings() {
        check(&["// # Title", "// text"], &["// # Title", "// text"]);
        check(
            &["// x", "//", "// Old Heading", "//", "// y"],
            &["// x", "//", "// # Old Heading", "//", "// y"],
        );
        check(
            &["// x", "//", "// Über Größe", "//", "// y"],
            &["// x", "//", "// # Über Größe", "//", "// y"],
        );
        // Ends in a vowel sign, which is no letter.
        check(
            &["// x", "//", "// Of हिंदी", "//", "// y"],
            &["// x", "//", "// Of हिंदी", "//", "// y"],
        );
    }

    #[test]
    fn link_definitions_go_last_used_first() {
        check(
            &[
                "// [Unused]: http://u",
                "//",
                "// See [Foo] and [io.Reader].",
                "//",
                "// [Foo]: http://f",
            ],
            &[
                "// See [Foo] and [io.Reader].",
                "//",
                "// [Foo]: http://f",
                "//",
                "// [Unused]: http://u",
            ],
        );
    }

    #[test]
    fn quotes_are_converted_outside_urls() {
        check(
            &["// ``quoted'' and http://x/a''b, ```raw``"],
            &["// “quoted” and http://x/a''b, ```raw“"],
        );
    }

    #[test]
    fn directives_move_to_the_end() {
        check(
            &["//go:generate stringer", "// Doc text.", "//nolint:all"],
            &[
                "// Doc text.",
                "//",
                "//go:generate stringer",
                "//nolint:all",
            ],
        );
        check(&["//go:generate x", "//"], &["//", "//go:generate x"]);
    }

    #[test]
    fn block_comment_is_reformatted() {
        check(
            &["/*\nPara.\n\n  - item\n\tcode\n*/"],
            &["/*", "Para.", "", "  - item", "    code", "*/"],
        );
        check(&["/* one line  */"], &["/* one line  */"]);
    }
}
