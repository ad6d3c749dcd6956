//! Printing comments: line comments as written, block comments with their
//! interior lines re-indented, and line comments turned into block
//! comments where code follows them on the line.

use super::lex::Id;
use super::print::Printer;

impl<'a> Printer<'_, 'a> {
    pub fn comment(&mut self, t: Id) {
        let text = self.s.text(t).trim_end_matches([' ', '\t']);
        if text.starts_with("/*") {
            self.block_comment(text);
        } else {
            self.text(text);
        }
    }

    /// A block comment, its interior re-indented: lines that all start
    /// with the same punctuation get one space before it; others keep
    /// their indentation relative to the least indented, plus three.
    fn block_comment(&mut self, text: &'a str) {
        let lines: Vec<&str> = text.split('\n').collect();
        if lines.len() <= 1 {
            self.text(text);
            return;
        }
        let last_trimmed = lines[lines.len() - 1].trim_start_matches([' ', '\t']);
        let standalone_close =
            last_trimmed.starts_with("*/") && last_trimmed.trim_end_matches([' ', '\t']) == "*/";
        let mut min_indent: Option<usize> = None;
        let mut prefix: u8 = 0;
        let mut seeded = false;
        for line in &lines[1..] {
            let trimmed = line.trim_start_matches([' ', '\t']);
            if trimmed == "*/" {
                continue;
            }
            if !trimmed.is_empty() {
                let ind = visual_indent(line);
                min_indent = Some(min_indent.map_or(ind, |m| m.min(ind)));
            }
            let ch = match trimmed.as_bytes().first() {
                Some(&b) if is_comment_prefix(b) => b,
                _ => 0,
            };
            if !seeded {
                prefix = ch;
                seeded = true;
            } else if ch != prefix {
                prefix = 0;
            }
        }
        let min_indent = min_indent.unwrap_or(0);
        self.text(lines[0].trim_end_matches([' ', '\t']));
        let end = if standalone_close {
            lines.len() - 1
        } else {
            lines.len()
        };
        let mut newlines = 0;
        for line in &lines[1..end] {
            newlines += 1;
            let trimmed = line.trim_start_matches([' ', '\t']);
            if trimmed.is_empty() {
                continue;
            }
            let content = if prefix != 0 {
                format!(" {}", trimmed.trim_end_matches([' ', '\t']))
            } else {
                let l = unindent(line, min_indent);
                let l = l.trim_end_matches([' ', '\t']);
                if l.is_empty() {
                    continue;
                }
                format!("   {l}")
            };
            self.text("\n".repeat(newlines));
            self.text(content);
            newlines = 0;
        }
        if standalone_close {
            newlines += 1;
            self.text("\n".repeat(newlines));
            self.text(if prefix == b'*' { " */" } else { "*/" });
        }
    }
}

pub fn line_comment_to_block(text: &str) -> String {
    let body = text.trim_end_matches([' ', '\t']);
    let body = body.strip_prefix("//").unwrap_or(body);
    format!("/*{} */", body.replace("*/", "* /"))
}

fn is_comment_prefix(b: u8) -> bool {
    (b'!'..=b'~').contains(&b) && !b.is_ascii_alphanumeric()
}

fn visual_indent(line: &str) -> usize {
    let mut n = 0;
    for c in line.chars() {
        match c {
            ' ' => n += 1,
            '\t' => n += 8 - n % 8,
            _ => break,
        }
    }
    n
}

fn unindent(line: &str, n: usize) -> String {
    let mut pos = 0;
    for (i, c) in line.char_indices() {
        if pos == n {
            return line[i..].to_string();
        }
        if pos > n {
            return format!("{}{}", " ".repeat(pos - n), &line[i..]);
        }
        match c {
            ' ' => pos += 1,
            '\t' => pos += 8 - pos % 8,
            _ => return line[i..].to_string(),
        }
    }
    String::new()
}
