//! The protobuf text format of aggregate option values (`{ a: 1 b { c: 2 } }`),
//! parsed against a message type of the pool and encoded.

use crate::descriptor as d;
use crate::semantic::dynamic::scalar_val;
use crate::semantic::dynamic::*;
use crate::semantic::pool::{Pool, SymKind, Usage};
use crate::syntax::lexer::{lex, unescape, Token, TokenKind};
use crate::syntax::parser::{parse_float, parse_integer};

/// Parses `text` as the contents of a `msg_type` message and returns its encoding.
/// Also returns the files whose symbols the value's names resolved to.
pub fn parse(
    pool: &Pool,
    file: usize,
    msg_type: &str,
    text: &str,
) -> Result<(Vec<u8>, Usage), String> {
    let mut toks = lex(text).tokens;
    // protoc joins the value onto one line before parsing it, so a `#`
    // comment runs to the end of the value.
    if let Some(i) = toks.iter().position(|t| t.kind == TokenKind::Symbol(b'#')) {
        let end = text.len();
        toks.truncate(i);
        toks.push(Token {
            kind: TokenKind::Eof,
            span: crate::source::Span::new(end, end),
        });
    }
    let mut p = Tf::new(pool, Some(file), text, toks);
    let m = p.message(msg_type, None)?;
    if !p.missing.is_empty() {
        return Err(format!(
            "Message missing required fields: {}",
            p.missing.join(", ")
        ));
    }
    Ok((m.encode(), p.used))
}

/// A text-format message given whole, as `--encode` reads it: `#` starts a
/// comment that runs to the end of its line, and extensions are found by
/// full name anywhere in the pool. Returns the encoding and the paths of
/// required fields left unset; an error carries the byte offset where
/// reading stopped.
pub fn parse_document(
    pool: &Pool,
    msg_type: &str,
    text: &str,
) -> Result<(Vec<u8>, Vec<String>), (usize, String)> {
    let mut toks = lex(&strip_comments(text)).tokens;
    toks.retain(|t| t.kind != TokenKind::Symbol(b'#'));
    let mut p = Tf::new(pool, None, text, toks);
    match p.message(msg_type, None) {
        Ok(m) => Ok((m.encode(), p.missing)),
        Err(e) => Err((p.cur().span.start as usize, e)),
    }
}

/// Blanks out `#` comments (outside string literals), keeping every offset.
fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut quote: Option<char> = None;
    let mut comment = false;
    let mut escaped = false;
    for c in text.chars() {
        if comment {
            if c == '\n' {
                comment = false;
                out.push(c);
            } else {
                out.extend(std::iter::repeat(' ').take(c.len_utf8()));
            }
            continue;
        }
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == q || c == '\n' {
                    quote = None;
                }
                out.push(c);
            }
            None if c == '#' => {
                comment = true;
                out.push(' ');
            }
            None => {
                if c == '"' || c == '\'' {
                    quote = Some(c);
                }
                out.push(c);
            }
        }
    }
    out
}

const MAX_DEPTH: usize = 100;

struct Tf<'a> {
    pool: &'a Pool,
    /// The file whose option is being read, whose imports scope extension
    /// names; `None` for a whole document, where names are full names.
    file: Option<usize>,
    text: &'a str,
    toks: Vec<Token>,
    pos: usize,
    /// Path of the message being parsed, for naming missing required fields.
    path: Vec<String>,
    /// Required fields left unset, as paths like `in[1].r`.
    missing: Vec<String>,
    /// Files whose symbols extension names resolved to.
    used: Usage,
}

impl<'a> Tf<'a> {
    fn new(pool: &'a Pool, file: Option<usize>, text: &'a str, toks: Vec<Token>) -> Tf<'a> {
        Tf {
            pool,
            file,
            text,
            toks,
            pos: 0,
            path: Vec::new(),
            missing: Vec::new(),
            used: Usage::default(),
        }
    }

    fn cur(&self) -> Token {
        self.toks[self.pos]
    }
    fn cur_text(&self) -> &str {
        &self.text[self.cur().span.range()]
    }
    fn at(&self, s: &str) -> bool {
        self.cur().kind != TokenKind::Eof && self.cur_text() == s
    }
    fn bump(&mut self) {
        if self.cur().kind != TokenKind::Eof {
            self.pos += 1;
        }
    }
    fn eat(&mut self, s: &str) -> bool {
        if self.at(s) {
            self.bump();
            true
        } else {
            false
        }
    }
    fn describe(&self) -> String {
        if self.cur().kind == TokenKind::Eof {
            "end of input".into()
        } else {
            format!("\"{}\"", self.cur_text())
        }
    }
    fn expect(&mut self, s: &str) -> Result<(), String> {
        if self.eat(s) {
            Ok(())
        } else {
            Err(format!("Expected \"{s}\", found {}.", self.describe()))
        }
    }
    fn ident(&mut self) -> Result<String, String> {
        if self.cur().kind == TokenKind::Ident {
            let s = self.cur_text().to_string();
            self.bump();
            Ok(s)
        } else {
            Err(format!("Expected identifier, got: {}", self.cur_text()))
        }
    }

    fn message(&mut self, msg_type: &str, close: Option<&str>) -> Result<DynMessage, String> {
        let mut m = DynMessage {
            message_set: is_message_set(self.pool, msg_type),
            ..Default::default()
        };
        loop {
            if let Some(c) = close {
                if self.eat(c) {
                    break;
                }
                if self.cur().kind == TokenKind::Eof {
                    // protoc reads on, expecting another field.
                    return Err("Expected identifier, got: ".into());
                }
            } else if self.cur().kind == TokenKind::Eof {
                break;
            }
            self.field(msg_type, &mut m)?;
            if !self.eat(";") {
                self.eat(",");
            }
        }
        for f in fields_of(self.pool, msg_type) {
            if f.required && !m.has(f.number) {
                let mut p = self.path.clone();
                p.push(f.name.to_string());
                self.missing.push(p.join("."));
            }
        }
        Ok(m)
    }

    fn field(&mut self, msg_type: &str, m: &mut DynMessage) -> Result<(), String> {
        let meta = if self.eat("[") {
            // protoc gathers identifiers, dots and slashes up to the `]`,
            // then judges the name.
            let mut name = String::new();
            let mut is_any = false;
            while self.cur().kind == TokenKind::Ident || self.at(".") || self.at("/") {
                is_any |= self.at("/");
                name.push_str(self.cur_text());
                self.bump();
            }
            self.expect("]")?;
            let type_part = name.rsplit('/').next().unwrap_or("");
            // Every dotted segment must be an identifier; protoc names the first that is not.
            if let Some(bad) = type_part.split('.').find(|seg| seg.is_empty()) {
                return Err(format!("Invalid identifier in type name, got: \"{bad}\""));
            }
            if is_any {
                return self.any(msg_type, &name, m);
            }
            if msg_type == "google.protobuf.Any" {
                // Inside an Any only an expansion is expected.
                return Err("Type URL prefix is missing".into());
            }
            // protoc resolves the name relative to the message being
            // parsed, not to the element that carries the option.
            let found = match self.file {
                Some(file) => self
                    .pool
                    .lookup(file, &name, msg_type, false, true, &mut self.used)
                    .ok(),
                None => self
                    .pool
                    .symbols
                    .get_key_value(name.as_str())
                    .map(|(k, s)| (k.to_string(), s)),
            };
            let found =
                found.filter(|(_, s)| matches!(s.kind, SymKind::Extension | SymKind::Field));
            let meta = found.map(|(full, s)| {
                // A bracketed name may also spell out one of the message's own fields.
                let owner = match s.kind {
                    SymKind::Field => full.rsplit_once('.').map(|(p, _)| p.to_string()),
                    _ => self.pool.field(s).extendee.clone(),
                };
                (meta_of(self.pool, s, &full), owner)
            });
            match meta {
                Some((meta, Some(owner))) if owner.trim_start_matches('.') == msg_type => meta,
                _ => {
                    return Err(format!(
                    "Extension \"{name}\" is not defined or is not an extension of \"{msg_type}\"."
                ))
                }
            }
        } else {
            let name = self.ident()?;
            let found = find_field(self.pool, msg_type, &name).or_else(|| {
                fields_of(self.pool, msg_type).into_iter().find(|f| {
                    f.ty == d::Type::Group
                        && f.type_name.as_deref().and_then(|t| t.rsplit('.').next())
                            == Some(name.as_str())
                })
            });
            match found {
                Some(f) => f,
                None => {
                    return Err(format!(
                        "Message type \"{msg_type}\" has no field named \"{name}\"."
                    ))
                }
            }
        };
        if meta.is_message() {
            self.eat(":");
            if meta.repeated && self.eat("[") {
                if !self.eat("]") {
                    loop {
                        self.sub_message(&meta, m)?;
                        if self.eat("]") {
                            break;
                        }
                        self.expect(",")?;
                    }
                }
                return Ok(());
            }
            return self.sub_message(&meta, m);
        }
        if !self.eat(":") {
            return Err(format!("Expected \":\", found {}.", self.describe()));
        }
        if meta.repeated && self.eat("[") {
            if !self.eat("]") {
                loop {
                    let v = self.scalar(&meta)?;
                    m.push(&meta, v);
                    if self.eat("]") {
                        break;
                    }
                    self.expect(",")?;
                }
            }
            return Ok(());
        }
        if !meta.repeated && (m.has(meta.number) || m.zeros.contains(&meta.number)) {
            return Err(format!(
                "Non-repeated field \"{}\" is specified multiple times.",
                meta.name
            ));
        }
        self.check_oneof(&meta, m)?;
        let v = self.scalar(&meta)?;
        if meta.implicit_presence && v.is_zero() {
            // Without presence a zero value is not written at all.
            m.zeros.push(meta.number);
            return Ok(());
        }
        m.push(&meta, v);
        Ok(())
    }

    fn sub_message(&mut self, meta: &FieldMeta, m: &mut DynMessage) -> Result<(), String> {
        // protoc's text parser stops at 100 levels of nesting.
        if self.path.len() + 1 >= MAX_DEPTH {
            return Err(format!(
                "Message is too deep, the parser exceeded the configured recursion limit of {MAX_DEPTH}."
            ));
        }
        if !meta.repeated && m.has(meta.number) {
            return Err(format!(
                "Non-repeated field \"{}\" is specified multiple times.",
                meta.name
            ));
        }
        self.check_oneof(meta, m)?;
        let close = if self.eat("{") {
            "}"
        } else if self.eat("<") {
            ">"
        } else {
            return Err(format!("Expected \"{{\", found {}.", self.describe()));
        };
        let ty = meta.type_name.clone().unwrap_or_default();
        let mut segment = if meta.is_extension {
            format!("({})", meta.full_name)
        } else {
            meta.name.to_string()
        };
        if meta.repeated {
            let index = m.fields.get(&meta.number).map_or(0, |(_, v)| v.len());
            segment.push_str(&format!("[{index}]"));
        }
        self.path.push(segment);
        let sub = self.message(&ty, Some(close));
        self.path.pop();
        let mut sub = sub?;
        // A map entry always carries its key and value, zero when not given.
        if is_map_entry(self.pool, &ty) {
            for f in fields_of(self.pool, &ty) {
                if !sub.has(f.number) {
                    sub.push(&f, zero_val(&f));
                }
            }
        }
        let bytes = sub.encode();
        m.push(
            meta,
            if meta.ty == d::Type::Group {
                Val::Group(bytes)
            } else {
                Val::Len(bytes)
            },
        );
        Ok(())
    }

    /// Only one member of a oneof may be set.
    fn check_oneof(&self, meta: &FieldMeta, m: &mut DynMessage) -> Result<(), String> {
        let Some(k) = meta.oneof_index else {
            return Ok(());
        };
        if let Some((_, other)) = m.oneofs.iter().find(|(i, n)| *i == k && **n != *meta.name) {
            let parent = meta.full_name.rsplit_once('.').map_or("", |(p, _)| p);
            let oneof = self
                .pool
                .symbols
                .get(parent)
                .and_then(|s| self.pool.message(s).oneof_decl.get(k as usize))
                .and_then(|o| o.name.clone())
                .unwrap_or_default();
            return Err(format!(
                "Field \"{}\" is specified along with field \"{other}\", another member of oneof \"{oneof}\".",
                meta.name
            ));
        }
        m.oneofs.push((k, meta.name.to_string()));
        Ok(())
    }

    fn any(&mut self, msg_type: &str, url: &str, m: &mut DynMessage) -> Result<(), String> {
        let (Some(type_url), Some(value)) = (
            find_field(self.pool, msg_type, "type_url"),
            find_field(self.pool, msg_type, "value"),
        ) else {
            return Err(format!(
                "Message type \"{msg_type}\" has no field named \"{url}\"."
            ));
        };
        if m.has(type_url.number) {
            return Err("Non-repeated Any specified multiple times.".into());
        }
        let (prefix, type_name) = url.rsplit_once('/').unwrap_or(("", url));
        // In an option value, the packed type must come from the file or
        // its regular imports (`import option` files do not count).
        let visible = |s: &crate::semantic::pool::Symbol| match self.file {
            Some(f) => self.pool.files[f].visible.contains(&s.file),
            None => true,
        };
        if !matches!(prefix, "type.googleapis.com" | "type.googleprod.com")
            || !self
                .pool
                .symbols
                .get(type_name)
                .is_some_and(|s| s.kind == SymKind::Message && visible(s))
        {
            return Err(format!(
                "Could not find type \"{url}\" stored in google.protobuf.Any."
            ));
        }
        self.eat(":");
        let close = if self.eat("{") {
            "}"
        } else if self.eat("<") {
            ">"
        } else {
            return Err(format!("Expected \"{{\", found {}.", self.describe()));
        };
        let sub = self.message(type_name, Some(close))?;
        m.push(&type_url, Val::Len(url.as_bytes().to_vec()));
        let packed = Val::Len(sub.encode());
        // `value` has no presence: an empty message packs to nothing.
        if !(value.implicit_presence && packed.is_zero()) {
            m.push(&value, packed);
        }
        Ok(())
    }

    fn scalar(&mut self, f: &FieldMeta) -> Result<Val, String> {
        use d::Type::*;
        match f.ty {
            String | Bytes => {
                if self.cur().kind != TokenKind::Str {
                    return Err(format!("Expected string, got: {}", self.cur_text()));
                }
                let mut out = Vec::new();
                while self.cur().kind == TokenKind::Str {
                    out.extend(unescape(self.cur_text().as_bytes()));
                    self.bump();
                }
                Ok(Val::Len(out))
            }
            Bool => {
                let t = self.cur_text().to_string();
                match self.cur().kind {
                    TokenKind::Int => match parse_integer(&t, 1) {
                        Some(v) => {
                            self.bump();
                            return Ok(Val::Varint(v));
                        }
                        None => return Err(format!("Integer out of range ({t})")),
                    },
                    TokenKind::Ident => {}
                    _ => return Err(format!("Expected identifier, got: {t}")),
                }
                let v = match t.as_str() {
                    "true" | "True" | "t" => 1,
                    "false" | "False" | "f" => 0,
                    _ => {
                        return Err(format!(
                            "Invalid value for boolean field \"{}\". Value: \"{t}\".",
                            f.name
                        ))
                    }
                };
                self.bump();
                Ok(Val::Varint(v))
            }
            Float | Double => {
                let neg = self.eat("-");
                let t = self.cur_text().to_ascii_lowercase();
                let v = match self.cur().kind {
                    TokenKind::Float => parse_float(&t),
                    TokenKind::Int if t.len() > 1 && t.starts_with('0') && !t.starts_with("0.") => {
                        return Err(format!("Expect a decimal number, got: {}", self.cur_text()))
                    }
                    TokenKind::Int => parse_integer(&t, u64::MAX)
                        .map(|v| v as f64)
                        .unwrap_or_else(|| parse_float(&t)),
                    TokenKind::Ident if t == "inf" || t == "infinity" => f64::INFINITY,
                    TokenKind::Ident if t == "nan" => f64::NAN,
                    // protoc lowercases an identifier before it compares or reports it.
                    TokenKind::Ident => return Err(format!("Expected double, got: {t}")),
                    _ => return Err(format!("Expected double, got: {}", self.cur_text())),
                };
                self.bump();
                let v = if neg { -v } else { v };
                Ok(if f.ty == Float {
                    Val::Fixed32((v as f32).to_bits())
                } else {
                    Val::Fixed64(v.to_bits())
                })
            }
            Enum => {
                let enum_full = f.type_name.clone().unwrap_or_default();
                let esym = self
                    .pool
                    .symbols
                    .get(&*enum_full)
                    .ok_or_else(|| format!("Unknown enum type \"{enum_full}\"."))?;
                let en = self.pool.enum_type(esym);
                if self.cur().kind == TokenKind::Ident {
                    let name = self.cur_text().to_string();
                    let Some(v) = en
                        .value
                        .iter()
                        .find(|v| v.name.as_deref() == Some(name.as_str()))
                    else {
                        // Reported after the value, where protoc's reader stands.
                        self.bump();
                        return Err(format!(
                            "Unknown enumeration value of \"{name}\" for field \"{}\".",
                            f.name
                        ));
                    };
                    self.bump();
                    return Ok(Val::Varint(v.number.unwrap_or(0) as i64 as u64));
                }
                if self.cur().kind != TokenKind::Int && !self.at("-") {
                    return Err(format!(
                        "Expected integer or identifier, got: {}",
                        self.cur_text()
                    ));
                }
                let neg = self.eat("-");
                let t = self.cur_text().to_string();
                // A sign must be followed by a number (not the end of the value).
                let number = (self.cur().kind == TokenKind::Int)
                    .then(|| parse_integer(&t, i32::MAX as u64 + neg as u64))
                    .flatten();
                let Some(n) = number else {
                    return Err(format!("Expected integer, got: {t}"));
                };
                self.bump();
                let n = if neg { -(n as i64) } else { n as i64 };
                // A closed enum takes only its own values.
                let closed = crate::semantic::features::feature_at(
                    self.pool,
                    esym.file,
                    &esym.path,
                    crate::semantic::features::FEATURE_ENUM_TYPE,
                ) == 2;
                if closed && !en.value.iter().any(|v| v.number == Some(n as i32)) {
                    return Err(format!(
                        "Unknown enumeration value of \"{n}\" for field \"{}\".",
                        f.name
                    ));
                }
                Ok(Val::Varint(n as u64))
            }
            _ => {
                let neg = self.eat("-");
                let t = self.cur_text().to_string();
                if self.cur().kind != TokenKind::Int {
                    return Err(format!("Expected integer, got: {t}"));
                }
                let signed = matches!(f.ty, Int32 | Sint32 | Sfixed32 | Int64 | Sint64 | Sfixed64);
                if neg && !signed {
                    return Err(format!("Expected integer, got: -{t}"));
                }
                let max: u64 = match f.ty {
                    Int32 | Sint32 | Sfixed32 => i32::MAX as u64 + neg as u64,
                    Int64 | Sint64 | Sfixed64 => i64::MAX as u64 + neg as u64,
                    Uint32 | Fixed32 => u32::MAX as u64,
                    _ => u64::MAX,
                };
                let Some(v) = parse_integer(&t, max) else {
                    return Err(format!("Integer out of range ({t})"));
                };
                self.bump();
                let v = if neg {
                    (v as i64).wrapping_neg() as u64
                } else {
                    v
                };
                Ok(scalar_val(f.ty, v))
            }
        }
    }
}
