//! The lexer and parser on arbitrary bytes: never a panic, and every error
//! (and token) span lies inside the input, and every error renders.
#![no_main]

use libfuzzer_sys::fuzz_target;
use protogen::diagnostics::{render_gcc, render_human, Diagnostic};
use protogen::source::SourceFile;
use protogen::syntax::{lexer, parser};

fuzz_target!(|data: &[u8]| {
    // Files are read as UTF-8 with invalid bytes replaced, as the resolver does.
    let text = String::from_utf8_lossy(data);
    let len = text.len() as u32;

    let lexed = lexer::lex(&text);
    for t in &lexed.tokens {
        assert!(t.span.start <= t.span.end && t.span.end <= len, "token span {:?}", t.span);
    }
    for e in &lexed.errors {
        assert!(e.span.start <= e.span.end && e.span.end <= len, "lexer error span {:?}", e.span);
    }

    let source = SourceFile::new("fuzz.proto".into(), "fuzz.proto".into(), text.as_ref().into());
    let parsed = parser::parse(&source);
    for e in &parsed.errors {
        assert!(
            e.span.start <= e.span.end && e.span.end <= len,
            "parse error span {:?} outside a {len}-byte input: {}",
            e.span,
            e.message
        );
    }
    // The first errors are printed as the driver prints them: line:column,
    // and miette's snippet of the spanned text. Only the first few: a
    // random input yields hundreds, and rendering them all would dominate
    // the time per execution without reaching other code.
    let sources = [source];
    for e in parsed.errors.into_iter().take(4) {
        let d = Diagnostic::error(e.code, e.message).at(0, e.span);
        let _ = render_gcc(&d, &sources);
        let _ = render_human(&d, &sources, false);
    }
});
