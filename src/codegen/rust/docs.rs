//! Comments of the .proto file as Rust comments, as prost-build writes
//! them: detached comments as `//` blocks, leading and trailing comments as
//! `///` doc lines, with URLs made links and bare brackets escaped so that
//! rustdoc reads neither as markup.

use std::sync::LazyLock;

use regex::Regex;

use crate::codegen::printer::Printer;
use crate::semantic::model::Comments;

/// Prints the comments at the printer's indentation, their Markdown
/// normalized first if `cleanup`.
pub fn print(p: &mut Printer, comments: &Comments, cleanup: bool) {
    for block in &comments.detached {
        for line in lines(block, cleanup) {
            p.raw(&format!("//{}\n", sanitize(&line)));
        }
        p.raw("\n");
    }
    let leading = lines(&comments.leading, cleanup);
    let trailing = lines(&comments.trailing, cleanup);
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

/// The lines of a comment; with `cleanup`, of the comment as Markdown
/// rewritten by pulldown-cmark-to-cmark (prost-build's
/// `cleanup-markdown`, which tonic-prost-build turns on): lists, emphasis
/// and headings in one spelling, code blocks fenced and marked `text`
/// (`compile_fail` for Rust), so that rustdoc runs none of them.
pub fn lines(comment: &str, cleanup: bool) -> Vec<String> {
    use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag};
    let plain = || comment.lines().map(str::to_owned).collect();
    if !cleanup {
        return plain();
    }
    let fence = |kind: CodeBlockKind| match kind {
        CodeBlockKind::Fenced(lang) if lang.as_ref() == "rust" => {
            CodeBlockKind::Fenced("compile_fail".into())
        }
        CodeBlockKind::Fenced(lang) => CodeBlockKind::Fenced(format!("text,{lang}").into()),
        CodeBlockKind::Indented => CodeBlockKind::Fenced("text".into()),
    };
    let events = Parser::new_ext(comment, Options::all() - Options::ENABLE_SMART_PUNCTUATION).map(
        |e| match e {
            Event::Start(Tag::CodeBlock(kind)) => Event::Start(Tag::CodeBlock(fence(kind))),
            e => e,
        },
    );
    let options = pulldown_cmark_to_cmark::Options {
        code_block_token_count: 3,
        ..Default::default()
    };
    let mut out = String::with_capacity(comment.len() + 256);
    match pulldown_cmark_to_cmark::cmark_with_options(events, &mut out, options) {
        Ok(_) => out.lines().map(str::to_owned).collect(),
        Err(_) => plain(),
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
