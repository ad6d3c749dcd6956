//! Option statements, `[...]` option lists, and option values.

use super::{parse_float, parse_integer, Failed, PResult, Parser};
use crate::diagnostics::Code;
use crate::syntax::ast::*;
use crate::syntax::lexer::TokenKind;

impl Parser<'_> {
    pub(super) fn option_statement(&mut self) -> PResult<OptionStmt> {
        let start = self.cur().span.start;
        self.expect("option")?;
        let mut assign = self.option_assign(start)?;
        assign.comments = self.end_decl(";")?;
        assign.span = self.span_from(start);
        Ok(OptionStmt { assign })
    }

    /// `name = value`, the name starting at the current token.
    fn option_assign(&mut self, start: u32) -> PResult<OptionAssign> {
        let name_start = self.cur().span.start;
        let mut name = vec![self.option_name_part()?];
        while self.eat(".") {
            name.push(self.option_name_part()?);
        }
        let name_span = self.span_from(name_start);
        self.expect("=")?;
        let value_start = self.cur().span.start;
        let value = self.option_value()?;
        let value_span = self.span_from(value_start);
        Ok(OptionAssign {
            name,
            name_span,
            value,
            value_span,
            span: self.span_from(start),
            comments: Comments::default(),
        })
    }

    fn option_name_part(&mut self) -> PResult<NamePart> {
        if self.eat("(") {
            let start = self.cur().span.start;
            let mut name = String::new();
            if self.at_kind(TokenKind::Ident) {
                name.push_str(&self.ident("Expected identifier.")?.text);
            }
            while self.eat(".") {
                name.push('.');
                name.push_str(&self.ident("Expected identifier.")?.text);
            }
            let span = self.span_from(start);
            self.expect(")")?;
            Ok(NamePart {
                name,
                is_extension: true,
                span,
            })
        } else {
            let id = self.ident("Expected identifier.")?;
            Ok(NamePart {
                name: id.text,
                is_extension: false,
                span: id.span,
            })
        }
    }

    fn option_value(&mut self) -> PResult<OptionValue> {
        let neg = self.eat("-");
        match self.cur().kind {
            TokenKind::Eof => {
                self.error_here("Unexpected end of stream while parsing option value.");
                Err(Failed)
            }
            TokenKind::Ident => {
                let t = self.cur_text();
                if neg {
                    let v = match t {
                        "inf" => f64::NEG_INFINITY,
                        "nan" => f64::NAN,
                        _ => {
                            // protoc has consumed the identifier when it reports this.
                            self.bump();
                            self.error_here("Identifier after '-' symbol must be inf or nan.");
                            return Err(Failed);
                        }
                    };
                    self.bump();
                    return Ok(OptionValue::Double(v));
                }
                let s = t.to_string();
                self.bump();
                Ok(OptionValue::Ident(s))
            }
            TokenKind::Int => {
                let text = self.cur_text();
                let max = if neg { i64::MAX as u64 + 1 } else { u64::MAX };
                if let Some(v) = parse_integer(text, max) {
                    self.bump();
                    return Ok(if neg {
                        OptionValue::NegInt((v as i64).wrapping_neg())
                    } else {
                        OptionValue::PosInt(v)
                    });
                }
                let v = self.number("Expected number.")?;
                Ok(OptionValue::Double(if neg { -v } else { v }))
            }
            TokenKind::Float => {
                let v = self.number("Expected number.")?;
                Ok(OptionValue::Double(if neg { -v } else { v }))
            }
            TokenKind::Str => {
                if neg {
                    self.error_here("Invalid '-' symbol before string.");
                    return Err(Failed);
                }
                let (s, _) = self.string("Expected string.")?;
                Ok(OptionValue::String(s))
            }
            TokenKind::Symbol(_) => {
                if self.at("{") {
                    self.aggregate().map(OptionValue::Aggregate)
                } else {
                    self.error_here("Expected option value.");
                    Err(Failed)
                }
            }
        }
    }

    /// A number as protoc's `ConsumeNumber` reads it: float, integer, `inf` or `nan`.
    pub(super) fn number(&mut self, msg: &str) -> PResult<f64> {
        match self.cur().kind {
            TokenKind::Float => {
                let v = parse_float(self.cur_text());
                self.bump();
                Ok(v)
            }
            TokenKind::Int => {
                let text = self.cur_text();
                let v = match parse_integer(text, u64::MAX) {
                    Some(v) => v as f64,
                    None if text.starts_with('0') => {
                        self.error_code_here(Code::InvalidNumber, "Integer out of range.");
                        0.0
                    }
                    None => text.parse::<f64>().unwrap_or(0.0),
                };
                self.bump();
                Ok(v)
            }
            TokenKind::Ident if self.at("inf") => {
                self.bump();
                Ok(f64::INFINITY)
            }
            TokenKind::Ident if self.at("nan") => {
                self.bump();
                Ok(f64::NAN)
            }
            _ => {
                self.error_here(msg);
                Err(Failed)
            }
        }
    }

    /// The tokens of a `{ ... }` value joined by single spaces, braces excluded.
    fn aggregate(&mut self) -> PResult<String> {
        self.expect("{")?;
        let mut depth = 1;
        let mut out = String::new();
        while !self.at_end() {
            if self.at("{") {
                depth += 1;
            } else if self.at("}") {
                depth -= 1;
                if depth == 0 {
                    self.bump();
                    return Ok(out);
                }
            }
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(self.cur_text());
            self.bump();
        }
        self.error_here("Unexpected end of stream while parsing aggregate value.");
        Err(Failed)
    }

    /// `[a = 1, (b) = 2]` after an enum value or extension range.
    pub(super) fn bracket_options(&mut self, _field: bool) -> PResult<FieldOptions> {
        let start = self.cur().span.start;
        self.expect("[")?;
        let mut entries = Vec::new();
        loop {
            let s = self.cur().span.start;
            entries.push(FieldOption::Option(self.option_assign(s)?));
            if !self.eat(",") {
                break;
            }
        }
        self.expect("]")?;
        Ok(FieldOptions {
            entries,
            span: self.span_from(start),
        })
    }

    /// A field's `[...]`, where `default` and `json_name` are pseudo-options.
    pub(super) fn field_options(&mut self, ty: &FieldType) -> PResult<Option<FieldOptions>> {
        if !self.at("[") {
            return Ok(None);
        }
        let start = self.cur().span.start;
        self.bump();
        let mut entries = Vec::new();
        let mut seen_default = false;
        let mut seen_json = false;
        loop {
            let s = self.cur().span.start;
            if self.at("default") {
                if seen_default {
                    self.error_code_here(Code::DuplicateOption, "Already set option \"default\".");
                }
                seen_default = true;
                self.bump();
                self.expect("=")?;
                let vs = self.cur().span.start;
                let raw_start = self.pos;
                self.check_default_shape(ty)?;
                let value = if matches!(ty, FieldType::Named(_) | FieldType::Map(_)) {
                    // Whether a message or an enum is not known yet: protoc
                    // takes one token and judges it later.
                    let t = self.cur_text().to_string();
                    if self.cur().kind == TokenKind::Eof {
                        self.error_here("Unexpected end of stream while parsing option value.");
                        return Err(Failed);
                    }
                    self.bump();
                    OptionValue::Ident(t)
                } else {
                    self.default_value_tokens()?
                };
                let raw = self.toks[raw_start..self.pos]
                    .iter()
                    .map(|t| self.text(*t))
                    .collect::<Vec<_>>()
                    .join("");
                entries.push(FieldOption::Default {
                    value,
                    raw,
                    span: self.span_from(s),
                    value_span: self.span_from(vs),
                });
            } else if self.at("json_name") {
                if seen_json {
                    self.error_code_here(
                        Code::DuplicateOption,
                        "Already set option \"json_name\".",
                    );
                }
                seen_json = true;
                self.bump();
                self.expect("=")?;
                let (v, value_span) = self.string("Expected string for JSON name.")?;
                let value = String::from_utf8_lossy(&v).into_owned();
                entries.push(FieldOption::JsonName {
                    value,
                    span: self.span_from(s),
                    value_span,
                });
            } else {
                entries.push(FieldOption::Option(self.option_assign(s)?));
            }
            if !self.eat(",") {
                break;
            }
        }
        self.expect("]")?;
        Ok(Some(FieldOptions {
            entries,
            span: self.span_from(start),
        }))
    }

    /// A default value, kept close to its tokens; its meaning depends on the
    /// field's type, which the lowering pass checks.
    /// The token checks protoc makes while it reads a default of a known
    /// type: what it expects at the value, reported where the value stands.
    fn check_default_shape(&mut self, ty: &FieldType) -> PResult<()> {
        use ScalarType as S;
        let FieldType::Scalar(s) = ty else {
            if matches!(ty, FieldType::Group) {
                self.error_code_here(Code::InvalidDefault, "Messages can't have default values.");
                return Err(Failed);
            }
            return Ok(());
        };
        let after_sign = |p: &Self| {
            if p.at("-") {
                p.toks.get(p.pos + 1).copied().unwrap_or(p.cur())
            } else {
                p.cur()
            }
        };
        let fail = |p: &mut Self, at: crate::syntax::lexer::Token, msg: &str| {
            p.error_at(at.span, msg);
            Err(Failed)
        };
        match s {
            S::Int32
            | S::Int64
            | S::Sint32
            | S::Sint64
            | S::Sfixed32
            | S::Sfixed64
            | S::Uint32
            | S::Uint64
            | S::Fixed32
            | S::Fixed64 => {
                let t = after_sign(self);
                if t.kind != TokenKind::Int {
                    return fail(self, t, "Expected integer for field default value.");
                }
            }
            S::Float | S::Double => {
                let t = after_sign(self);
                let text = self.text(t);
                let ok = matches!(t.kind, TokenKind::Int | TokenKind::Float)
                    || (t.kind == TokenKind::Ident && (text == "inf" || text == "nan"));
                if !ok {
                    return fail(self, t, "Expected number.");
                }
            }
            S::Bool => {
                if !(self.at("true") || self.at("false")) {
                    let t = self.cur();
                    return fail(self, t, "Expected \"true\" or \"false\".");
                }
            }
            S::String | S::Bytes => {
                if self.cur().kind != TokenKind::Str {
                    let t = self.cur();
                    let msg = if *s == S::String {
                        "Expected string for field default value."
                    } else {
                        "Expected string."
                    };
                    return fail(self, t, msg);
                }
            }
        }
        Ok(())
    }

    fn default_value_tokens(&mut self) -> PResult<OptionValue> {
        let neg = self.at("-");
        if neg {
            self.bump();
        }
        match self.cur().kind {
            TokenKind::Str if !neg => {
                let (s, _) = self.string("Expected string.")?;
                Ok(OptionValue::String(s))
            }
            TokenKind::Int => {
                let text = self.cur_text();
                // A negative value beyond int64 is left to the range check.
                match parse_integer(text, u64::MAX).filter(|v| !neg || *v <= i64::MAX as u64 + 1) {
                    Some(v) => {
                        self.bump();
                        Ok(if neg {
                            OptionValue::NegInt((v as i64).wrapping_neg())
                        } else {
                            OptionValue::PosInt(v)
                        })
                    }
                    None => {
                        let v = self.number("Expected number.")?;
                        Ok(OptionValue::Double(if neg { -v } else { v }))
                    }
                }
            }
            TokenKind::Float => {
                let v = self.number("Expected number.")?;
                Ok(OptionValue::Double(if neg { -v } else { v }))
            }
            TokenKind::Ident => {
                let t = self.cur_text().to_string();
                self.bump();
                if neg {
                    Ok(OptionValue::Ident(format!("-{t}")))
                } else {
                    Ok(OptionValue::Ident(t))
                }
            }
            TokenKind::Eof => {
                self.error_here("Unexpected end of stream while parsing option value.");
                Err(Failed)
            }
            _ => {
                // protoc takes any single token here and judges it by the field's type.
                let t = self.cur_text().to_string();
                self.bump();
                Ok(OptionValue::Ident(t))
            }
        }
    }
}
