//! Recursive-descent parser: tokens to `ast::File`.
//!
//! The parser never fails: errors are recorded and parsing resumes at the
//! next statement (or block), so one run reports several errors. Its
//! structure follows protoc's parser closely, because the shape of
//! protoc's source locations and comment attribution is part of the output.

mod decl;
mod option;

use super::ast::*;
use super::comments::{gap_comments, GapComments};
use super::lexer::{lex, unescape, Token, TokenKind, INVALID_ESCAPE, UNTERMINATED_STRING};

/// The help for a bad escape: the escapes there are.
const ESCAPES_HELP: &str = r#"the escapes are \n \t \r \a \b \f \v \\ \' \" \?, octal \NNN, hex \xHH and \uHHHH; write `\\` for a backslash"#;
use crate::descriptor::edition::Edition;
use crate::diagnostics::Code;
use crate::source::{SourceFile, Span};

#[derive(Clone, Debug)]
pub struct ParseError {
    pub code: Code,
    /// What to write instead, when the mistake looks like a misspelt keyword.
    pub help: Option<String>,
    /// A consequence of the error before it (see `Diagnostic::follow_on`).
    pub follow_on: bool,
    pub span: Span,
    pub message: String,
    /// protoc's position when it differs from `span` (see
    /// `Diagnostic::protoc_span`).
    pub protoc_span: Option<Span>,
}

pub struct Parsed {
    pub file: File,
    pub errors: Vec<ParseError>,
    /// A message or group nested deeper than protoc's descriptor builder
    /// allows was dropped (see `MAX_NESTING`). protoc reports this without a
    /// position, and only for files that parsed cleanly.
    pub nesting_too_deep: bool,
}

/// How deeply message bodies may nest: the 32nd nested `message` is a parse
/// error in protoc, and a group (or a message inside groups) at that depth
/// is dropped by its descriptor builder. Bounding the depth here also bounds
/// the recursion of every later stage that walks the tree.
pub(super) const MAX_NESTING: u32 = 32;

/// protoc's message for both limits.
pub const NESTING_LIMIT_MESSAGE: &str = "Reached maximum recursion limit for nested messages.";

/// The syntax a file declares, which changes how some statements parse.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    Proto2,
    Proto3,
    Editions,
}

/// The words that start a top-level statement.
const TOP_LEVEL_KEYWORDS: &[&str] = &[
    "syntax", "edition", "import", "package", "option", "message", "enum", "service", "extend",
];

/// The word among `words` that `text` most likely misspells: the closest
/// by edit distance (transpositions count once), within 1 edit for words of
/// up to four letters and 2 for longer ones.
pub(super) fn near_miss<'w>(text: &str, words: &[&'w str]) -> Option<&'w str> {
    words
        .iter()
        .filter(|w| **w != text && w.chars().all(|c| c.is_ascii_alphabetic()))
        .map(|w| (strsim::damerau_levenshtein(text, w), *w))
        .filter(|(d, w)| *d <= if w.len() <= 4 { 1 } else { 2 })
        .min()
        .map(|(_, w)| w)
}

pub fn parse(source: &SourceFile) -> Parsed {
    parse_with(source, true)
}

/// Like [`parse`]; without `comments`, no comment is read into the tree
/// (a compilation that writes no source information and generates no
/// code never looks at them).
pub fn parse_with(source: &SourceFile, comments: bool) -> Parsed {
    let lexed = lex(&source.text);
    // Tokenizer errors are ordered by the token being read when they were
    // found, and come before a parser error at the same token, as in protoc.
    let mut errors: Vec<(u32, u8, ParseError)> = lexed
        .errors
        .into_iter()
        .map(|e| {
            (e.token_start, 0, {
                // protoc points at the line end; the string to close
                // starts at its quote.
                let unterminated = e.message == UNTERMINATED_STRING;
                ParseError {
                    code: e.code,
                    help: if unterminated {
                        Some("close the string with a quote before the end of the line".into())
                    } else if e.message == INVALID_ESCAPE {
                        Some(ESCAPES_HELP.into())
                    } else {
                        None
                    },
                    follow_on: false,
                    span: if unterminated {
                        crate::source::Span {
                            start: e.token_start,
                            end: e.span.start,
                        }
                    } else {
                        e.span
                    },
                    protoc_span: unterminated.then_some(e.span),
                    message: e.message,
                }
            })
        })
        .collect();
    let mut p = Parser {
        src: source,
        comments,
        toks: lexed.tokens,
        pos: 0,
        errors: Vec::new(),
        upcoming_doc: String::new(),
        upcoming_detached: Vec::new(),
        syntax: Syntax::Proto2,
        syntax_declared: false,
        unstable_edition: false,
        visibility_allowed: false,
        message_depth: 0,
        body_depth: 0,
        nesting_too_deep: false,
    };
    let file = p.parse_file();
    errors.extend(p.errors.drain(..).map(|(at, e)| (at, 1, e)));
    errors.sort_by_key(|(at, kind, _)| (*at, *kind));
    let mut errors: Vec<ParseError> = errors.into_iter().map(|(_, _, e)| e).collect();
    // A string cut at the line end leaves its statement unfinished: the
    // parser's complaint about that is a consequence.
    for i in 1..errors.len() {
        if errors[i - 1].message == UNTERMINATED_STRING {
            errors[i].follow_on = true;
        }
    }
    Parsed {
        file,
        errors,
        nesting_too_deep: p.nesting_too_deep,
    }
}

/// Marker for a statement that failed to parse; its error is already recorded.
pub(super) struct Failed;
pub(super) type PResult<T> = Result<T, Failed>;

pub(super) struct Parser<'a> {
    src: &'a SourceFile,
    /// Whether comments are read into the tree.
    comments: bool,
    toks: Vec<Token>,
    pos: usize,
    /// Each error with the start of the token being read when it was found.
    errors: Vec<(u32, ParseError)>,
    upcoming_doc: String,
    upcoming_detached: Vec<String>,
    pub(super) syntax: Syntax,
    /// Whether the file has a `syntax` or `edition` statement (without one
    /// it is proto2).
    pub(super) syntax_declared: bool,
    /// `edition = "UNSTABLE"`, which renames the scalar types.
    pub(super) unstable_edition: bool,
    /// Edition 2024 and later: `export` and `local` modifiers.
    pub(super) visibility_allowed: bool,
    /// `message` declarations open around the current token; protoc's
    /// parser limit counts only these.
    pub(super) message_depth: u32,
    /// Message bodies open around the current token, groups included.
    pub(super) body_depth: u32,
    /// Set when a body past `MAX_NESTING` was skipped (see `Parsed`).
    pub(super) nesting_too_deep: bool,
}

impl<'a> Parser<'a> {
    // ---- token primitives -------------------------------------------------

    pub(super) fn cur(&self) -> Token {
        self.toks[self.pos]
    }
    pub(super) fn text(&self, t: Token) -> &'a str {
        let s: &'a str = &self.src.text;
        &s[t.span.range()]
    }
    pub(super) fn cur_text(&self) -> &'a str {
        self.text(self.cur())
    }
    pub(super) fn at_end(&self) -> bool {
        self.cur().kind == TokenKind::Eof
    }
    pub(super) fn at(&self, s: &str) -> bool {
        self.cur().kind != TokenKind::Eof && self.cur_text() == s
    }
    pub(super) fn at_kind(&self, k: TokenKind) -> bool {
        self.cur().kind == k
    }
    pub(super) fn bump(&mut self) -> Token {
        let t = self.cur();
        if t.kind != TokenKind::Eof {
            self.pos += 1;
        }
        t
    }
    /// End of the previously consumed token.
    pub(super) fn prev_end(&self) -> u32 {
        if self.pos == 0 {
            0
        } else {
            self.toks[self.pos - 1].span.end
        }
    }
    pub(super) fn span_from(&self, start: u32) -> Span {
        Span {
            start,
            end: self.prev_end().max(start),
        }
    }
    pub(super) fn eat(&mut self, s: &str) -> bool {
        if self.at(s) {
            self.bump();
            true
        } else {
            false
        }
    }
    /// A syntax error at the current token.
    pub(super) fn error_here(&mut self, message: impl Into<String>) {
        self.error_code_here(Code::Syntax, message);
    }
    pub(super) fn error_code_here(&mut self, code: Code, message: impl Into<String>) {
        let span = self.cur().span;
        self.error_code_at(code, span, message);
    }
    /// A syntax error at `span`.
    pub(super) fn error_at(&mut self, span: Span, message: impl Into<String>) {
        self.error_code_at(Code::Syntax, span, message);
    }
    /// Records an error at `span`. It is ordered among the tokenizer's
    /// errors by the token being read when it was found, as protoc's
    /// one-token lookahead orders them.
    pub(super) fn error_code_at(&mut self, code: Code, span: Span, message: impl Into<String>) {
        let reading = self.cur().span.start;
        self.errors.push((
            reading,
            ParseError {
                code,
                help: None,
                follow_on: false,
                span,
                message: message.into(),
                protoc_span: None,
            },
        ));
    }
    pub(super) fn expect(&mut self, s: &str) -> PResult<Token> {
        if self.at(s) {
            Ok(self.bump())
        } else {
            self.expected(s);
            Err(Failed)
        }
    }

    /// The error for token `s` missing at the current token, with what to
    /// write: the `;` after the previous token, or the keyword the current
    /// token misspells.
    fn expected(&mut self, s: &str) {
        let code = if s == ";" {
            Code::MissingSemicolon
        } else {
            Code::Syntax
        };
        self.error_code_here(code, format!("Expected \"{s}\"."));
        if s == ";" && self.pos > 0 {
            // protoc points at the token after; the `;` goes after the one before.
            let prev = self.toks[self.pos - 1];
            let line = self.src.line_col(prev.span.start).0 + 1;
            let text = self.text(prev).to_string();
            self.help_last(format!("add `;` after `{text}` on line {line}"));
        }
        self.suggest_keyword(self.cur(), &[s]);
    }

    /// Sets the help of the last error.
    /// The input ended inside a block opened at `open`.
    pub(super) fn unclosed_block(&mut self, what: &str, open: Span) {
        self.error_code_here(
            Code::UnclosedBlock,
            format!("Reached end of input in {what} (missing '}}')."),
        );
        let (line, col) = self.src.line_col(open.start);
        self.help_last(format!(
            "add `}}` to close the `{{` at line {}, column {}",
            line + 1,
            col + 1
        ));
    }
    pub(super) fn help_last(&mut self, text: impl Into<String>) {
        if let Some((_, e)) = self.errors.last_mut() {
            e.help = Some(text.into());
        }
    }

    /// When token `t` is an identifier that looks like a misspelling of one
    /// of `keywords`, says so in the help of the last error.
    pub(super) fn suggest_keyword(&mut self, t: Token, keywords: &[&str]) {
        if t.kind != TokenKind::Ident {
            return;
        }
        let text = self.text(t);
        if let (Some(word), Some((_, e))) = (near_miss(text, keywords), self.errors.last_mut()) {
            e.help = Some(format!("did you mean `{word}`?"));
        }
    }
    pub(super) fn expect_msg(&mut self, s: &str, msg: &str) -> PResult<Token> {
        if self.at(s) {
            Ok(self.bump())
        } else {
            self.error_here(msg);
            Err(Failed)
        }
    }
    pub(super) fn ident(&mut self, msg: &str) -> PResult<Ident> {
        if self.at_kind(TokenKind::Ident) {
            let t = self.bump();
            Ok(Ident {
                text: self.text(t).to_string(),
                span: t.span,
            })
        } else {
            self.error_here(msg);
            Err(Failed)
        }
    }

    /// A string literal, with adjacent literals concatenated.
    pub(super) fn string(&mut self, msg: &str) -> PResult<(Vec<u8>, Span)> {
        if !self.at_kind(TokenKind::Str) {
            self.error_here(msg);
            return Err(Failed);
        }
        let start = self.cur().span.start;
        let mut out = Vec::new();
        while self.at_kind(TokenKind::Str) {
            let t = self.bump();
            out.extend(unescape(self.text(t).as_bytes()));
        }
        Ok((out, self.span_from(start)))
    }

    /// An unsigned integer token no larger than `max`.
    pub(super) fn integer(&mut self, max: u64, msg: &str) -> PResult<u64> {
        if !self.at_kind(TokenKind::Int) {
            self.error_here(msg);
            return Err(Failed);
        }
        let t = self.cur();
        match parse_integer(self.text(t), max) {
            Some(v) => {
                self.bump();
                Ok(v)
            }
            None => {
                self.error_code_here(Code::InvalidNumber, "Integer out of range.");
                self.bump();
                Ok(0)
            }
        }
    }

    /// An integer that fits in an `int32` (field numbers, range bounds).
    pub(super) fn int32(&mut self, msg: &str) -> PResult<i64> {
        self.integer(i32::MAX as u64, msg).map(|v| v as i64)
    }

    /// An optionally negated integer that fits in an `int32`.
    pub(super) fn signed_int32(&mut self, msg: &str) -> PResult<i64> {
        let neg = self.eat("-");
        let max = if neg {
            i32::MAX as u64 + 1
        } else {
            i32::MAX as u64
        };
        let v = self.integer(max, msg)? as i64;
        Ok(if neg { -v } else { v })
    }

    // ---- comments ---------------------------------------------------------

    fn gap_after(&self, tok_index: usize) -> GapComments {
        if !self.comments {
            return GapComments::default();
        }
        let prev_end = self.toks[tok_index].span.end;
        let next = self.toks[tok_index + 1];
        let closes = match next.kind {
            TokenKind::Eof => true,
            TokenKind::Symbol(c) => matches!(c, b'}' | b']' | b')'),
            _ => false,
        };
        gap_comments(self.src, Some(prev_end), next.span.start, closes)
    }

    /// Consumes a token that ends a declaration (`;`, `{`, `}`), reading the
    /// comments after it as protoc does. With `attach`, returns the comments
    /// that belong to the declaration just ended.
    pub(super) fn try_end_decl(&mut self, s: &str, attach: bool) -> Option<Comments> {
        if !self.at(s) {
            return None;
        }
        let idx = self.pos;
        let gap = self.gap_after(idx);
        self.bump();
        let leading = std::mem::replace(&mut self.upcoming_doc, gap.leading);
        if attach {
            let detached = std::mem::replace(&mut self.upcoming_detached, gap.detached);
            Some(Comments {
                leading,
                trailing: gap.trailing,
                detached,
            })
        } else {
            if s == "}" {
                self.upcoming_detached = gap.detached;
            } else {
                self.upcoming_detached.extend(gap.detached);
            }
            Some(Comments::default())
        }
    }

    pub(super) fn end_decl(&mut self, s: &str) -> PResult<Comments> {
        match self.try_end_decl(s, true) {
            Some(c) => Ok(c),
            None => {
                self.expected(s);
                Err(Failed)
            }
        }
    }

    // ---- recovery ---------------------------------------------------------

    pub(super) fn skip_statement(&mut self) {
        loop {
            if self.at_end() {
                return;
            }
            if let TokenKind::Symbol(_) = self.cur().kind {
                if self.try_end_decl(";", false).is_some() {
                    return;
                }
                if self.eat("{") {
                    self.skip_rest_of_block();
                    return;
                }
                if self.at("}") {
                    return;
                }
            }
            self.bump();
        }
    }

    pub(super) fn skip_rest_of_block(&mut self) {
        let mut depth = 1usize;
        loop {
            if self.at_end() {
                return;
            }
            if let TokenKind::Symbol(_) = self.cur().kind {
                if self.try_end_decl("}", false).is_some() {
                    depth -= 1;
                    if depth == 0 {
                        return;
                    }
                    continue;
                }
                if self.eat("{") {
                    depth += 1;
                    continue;
                }
            }
            self.bump();
        }
    }

    // ---- file level -------------------------------------------------------

    fn parse_file(&mut self) -> File {
        let first = self.cur();
        let gap = if self.comments {
            gap_comments(
                self.src,
                None,
                first.span.start,
                first.kind == TokenKind::Eof,
            )
        } else {
            GapComments::default()
        };
        self.upcoming_doc = gap.leading;
        self.upcoming_detached = gap.detached;

        let mut file = File {
            span: Span {
                start: first.span.start,
                end: first.span.start,
            },
            syntax: None,
            items: Vec::new(),
        };
        if self.at("syntax") || self.at("edition") {
            match self.syntax_decl() {
                Ok(s) => file.syntax = Some(s),
                Err(Failed) => {
                    file.span = self.span_from(first.span.start);
                    return file;
                }
            }
        }
        while !self.at_end() {
            match self.top_level_statement() {
                Ok(item) => file.items.push(item),
                Err(Failed) => {
                    self.skip_statement();
                    if self.at("}") {
                        self.error_here("Unmatched \"}\".");
                        let idx = self.pos;
                        let gap = self.gap_after(idx);
                        self.bump();
                        self.upcoming_doc = gap.leading;
                        self.upcoming_detached = gap.detached;
                    }
                }
            }
        }
        // With no tokens at all, protoc's root location runs from the end of
        // input back to the start.
        file.span = if self.pos == 0 {
            Span {
                start: first.span.start,
                end: 0,
            }
        } else {
            self.span_from(first.span.start)
        };
        file
    }

    fn syntax_decl(&mut self) -> PResult<SyntaxDecl> {
        let start = self.cur().span.start;
        self.syntax_declared = true;
        let kind = if self.eat("edition") {
            SyntaxKind::Edition
        } else {
            self.expect_msg(
                "syntax",
                "File must begin with a syntax statement, e.g. 'syntax = \"proto2\";'.",
            )?;
            SyntaxKind::Syntax
        };
        self.expect_msg("=", "Expected \"=\".")?;
        let (value, value_span) = self.string("Expected syntax identifier.")?;
        let value = String::from_utf8_lossy(&value).into_owned();
        let comments = self.end_decl(";")?;
        let span = self.span_from(start);
        match kind {
            SyntaxKind::Edition => {
                if !known_edition_name(&value) {
                    self.error_code_at(
                        Code::UnknownSyntax,
                        value_span,
                        format!("Unknown edition \"{value}\"."),
                    );
                    self.help_last("the editions are \"2023\" and \"2024\"; older files use `syntax = \"proto2\";` or `syntax = \"proto3\";`");
                    return Err(Failed);
                }
                self.syntax = Syntax::Editions;
                self.unstable_edition = value == "UNSTABLE";
                self.visibility_allowed =
                    !matches!(value.as_str(), "2023" | "LEGACY") && !value.ends_with("_TEST_ONLY");
            }
            SyntaxKind::Syntax => match value.as_str() {
                "proto2" => self.syntax = Syntax::Proto2,
                "proto3" => self.syntax = Syntax::Proto3,
                _ => {
                    self.error_code_at(
                        Code::UnknownSyntax,
                        value_span,
                        format!("Unrecognized syntax identifier \"{value}\".  This parser only recognizes \"proto2\" and \"proto3\"."),
                    );
                    return Err(Failed);
                }
            },
        }
        Ok(SyntaxDecl {
            kind,
            value,
            value_span,
            span,
            comments,
        })
    }

    fn top_level_statement(&mut self) -> PResult<FileItem> {
        if self.try_end_decl(";", false).is_some() {
            return Ok(FileItem::Empty);
        }
        self.misplaced_visibility()?;
        if self.at("message") || self.at("enum") || self.at_visibility() {
            return match self.message_or_enum()? {
                decl::TypeDecl::Message(m) => Ok(FileItem::Message(m)),
                decl::TypeDecl::Enum(e) => Ok(FileItem::Enum(e)),
            };
        }
        if self.at("service") {
            return self.service().map(FileItem::Service);
        }
        if self.at("extend") {
            return self.extend().map(FileItem::Extend);
        }
        if self.at("import") {
            return self.import().map(FileItem::Import);
        }
        if self.at("package") {
            return self.package().map(FileItem::Package);
        }
        if self.at("option") {
            return self.option_statement().map(FileItem::Option);
        }
        self.error_here("Expected top-level statement (e.g. \"message\").");
        self.suggest_keyword(self.cur(), TOP_LEVEL_KEYWORDS);
        Err(Failed)
    }

    fn package(&mut self) -> PResult<Package> {
        let start = self.cur().span.start;
        self.expect("package")?;
        let name_start = self.cur().span.start;
        let mut name = String::new();
        loop {
            let id = self.ident("Expected identifier.")?;
            name.push_str(&id.text);
            if !self.eat(".") {
                break;
            }
            name.push('.');
        }
        let name_span = self.span_from(name_start);
        let comments = self.end_decl(";")?;
        Ok(Package {
            name,
            name_span,
            span: self.span_from(start),
            comments,
        })
    }

    fn import(&mut self) -> PResult<Import> {
        let start = self.cur().span.start;
        self.expect("import")?;
        let (kind, kind_span) = if self.at("public") {
            (ImportKind::Public, Some(self.bump().span))
        } else if self.at("weak") {
            (ImportKind::Weak, Some(self.bump().span))
        } else if self.at("option") {
            let span = self.bump().span;
            if !self.visibility_allowed {
                self.error_at(span, "option import is not supported before edition 2024.");
            }
            (ImportKind::Option, Some(span))
        } else {
            (ImportKind::Default, None)
        };
        let (path, path_span) = self.string("Expected a string naming the file to import.")?;
        let comments = self.end_decl(";")?;
        Ok(Import {
            kind,
            kind_span,
            path: String::from_utf8_lossy(&path).into_owned(),
            path_span,
            span: self.span_from(start),
            comments,
        })
    }
}

/// Whether `EDITION_<name>` names a value of protoc's Edition enum other
/// than the proto2/proto3 pseudo-editions.
fn known_edition_name(name: &str) -> bool {
    Edition::from_name(name).is_some_and(|e| e != Edition::PROTO2 && e != Edition::PROTO3)
}

/// Parses an integer literal (decimal, `0x` hex, or `0` octal) no larger than `max`.
pub fn parse_integer(text: &str, max: u64) -> Option<u64> {
    let (digits, radix) =
        if let Some(h) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
            (h, 16)
        } else if text.len() > 1 && text.starts_with('0') {
            (&text[1..], 8)
        } else {
            (text, 10)
        };
    let mut v: u64 = 0;
    for c in digits.chars() {
        let d = c.to_digit(radix)? as u64;
        v = v.checked_mul(radix as u64)?.checked_add(d)?;
    }
    if v > max {
        None
    } else {
        Some(v)
    }
}

/// Parses a float literal as protoc does (C `strtod` on the token text).
pub fn parse_float(text: &str) -> f64 {
    let t = text.trim_end_matches(['f', 'F']);
    let t = if t.ends_with(['e', 'E']) {
        &t[..t.len() - 1]
    } else {
        t
    };
    let t = if let Some(stripped) = t.strip_suffix(['+', '-']) {
        stripped.trim_end_matches(['e', 'E'])
    } else {
        t
    };
    t.parse::<f64>()
        .unwrap_or_else(|_| format!("{t}0").parse().unwrap_or(0.0))
}
