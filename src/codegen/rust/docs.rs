//! Comments of the .proto file as Rust comments, as prost-build writes
//! them: detached comments as `//` blocks, leading and trailing comments as
//! `///` doc lines, with URLs made links and bare brackets escaped so that
//! rustdoc reads neither as markup.

use std::sync::LazyLock;

use regex::Regex;

use crate::codegen::printer::Printer;
use crate::semantic::model::Comments;

/// Prints the comments at the printer's indentation.
pub fn print(p: &mut Printer, comments: &Comments) {
    for block in &comments.detached {
        for line in block.lines() {
            p.raw(&format!("//{}\n", sanitize(line)));
        }
        p.raw("\n");
    }
    let leading: Vec<&str> = comments.leading.lines().collect();
    let trailing: Vec<&str> = comments.trailing.lines().collect();
    for line in &leading {
        p.raw(&format!("///{}\n", sanitize(line)));
    }
    if !leading.is_empty() && !trailing.is_empty() {
        p.raw("///\n");
    }
    for line in &trailing {
        p.raw(&format!("///{}\n", sanitize(line)));
    }
}

/// One comment line for rustdoc: `http(s)://...` in angle brackets,
/// `[text]` not followed by `(` or `[` escaped, and a space after the
/// comment marker unless the line is empty or starts with exactly one.
fn sanitize(line: &str) -> String {
    static URL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"https?://[^\s)]+").unwrap());
    static BRACKETS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(^|[^\]\\])\[(([^\]]*[^\\])?)\]([^(\[]|$)").unwrap());
    let s = URL.replace_all(line, "<$0>");
    let mut s = BRACKETS.replace_all(&s, r"$1\[$2\]$4").into_owned();
    let mut chars = s.chars();
    if chars
        .next()
        .is_some_and(|c| c != ' ' || chars.next() == Some(' '))
    {
        s.insert(0, ' ');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_for_rustdoc() {
        assert_eq!(sanitize(" see https://x.y/z)."), " see <https://x.y/z>).");
        assert_eq!(sanitize(" a [b] c"), r" a \[b\] c");
        assert_eq!(sanitize(" a [b](c)"), " a [b](c)");
        assert_eq!(sanitize("x"), " x");
        assert_eq!(sanitize("  x"), "   x");
        assert_eq!(sanitize(""), "");
    }
}
