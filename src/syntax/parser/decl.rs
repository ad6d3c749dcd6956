//! Declarations: messages, fields, groups, maps, oneofs, extend blocks,
//! ranges, enums and services.

use super::{Failed, PResult, Parser, Syntax, MAX_NESTING, NESTING_LIMIT_MESSAGE};
use crate::diagnostics::Code;

/// The words that start a statement in a message body.
const MEMBER_KEYWORDS: &[&str] = &[
    "optional",
    "repeated",
    "required",
    "message",
    "enum",
    "oneof",
    "extend",
    "extensions",
    "reserved",
    "option",
    "group",
];
use crate::syntax::ast::*;
use crate::syntax::lexer::TokenKind;

pub(super) enum TypeDecl {
    Message(Message),
    Enum(Enum),
}

impl Parser<'_> {
    /// `export`/`local` before `message` or `enum`, from edition 2024 on.
    pub(super) fn at_visibility(&self) -> bool {
        self.visibility_allowed
            && (self.at("export") || self.at("local"))
            && matches!(
                self.toks.get(self.pos + 1).map(|t| self.text(*t)),
                Some("message" | "enum")
            )
    }

    /// From edition 2024 `export` and `local` are keywords, valid only before `message` and `enum`.
    pub(super) fn misplaced_visibility(&mut self) -> PResult<()> {
        if self.visibility_allowed
            && (self.at("export") || self.at("local"))
            && !self.at_visibility()
        {
            self.bump();
            self.error_here(
                "'local' and 'export' visibility modifiers are valid only on 'message' and 'enum'",
            );
            return Err(Failed);
        }
        Ok(())
    }

    pub(super) fn message_or_enum(&mut self) -> PResult<TypeDecl> {
        let start = self.cur().span.start;
        let visibility = if self.at_visibility() {
            let t = self.bump();
            Some((
                if self.text(t) == "export" {
                    Visibility::Export
                } else {
                    Visibility::Local
                },
                t.span,
            ))
        } else {
            None
        };
        // The declaration's span starts at its keyword, after any visibility.
        let start = if visibility.is_some() {
            self.cur().span.start
        } else {
            start
        };
        if self.at("enum") {
            self.enum_def(start, visibility).map(TypeDecl::Enum)
        } else {
            self.message(start, visibility).map(TypeDecl::Message)
        }
    }

    fn message(
        &mut self,
        start: u32,
        visibility: Option<(Visibility, crate::source::Span)>,
    ) -> PResult<Message> {
        // protoc's parser stops at the 32nd nested `message`, at its keyword.
        if self.message_depth >= MAX_NESTING - 1 {
            self.error_code_here(Code::NestingTooDeep, NESTING_LIMIT_MESSAGE);
            return Err(Failed);
        }
        self.expect("message")?;
        let name = self.ident("Expected message name.")?;
        self.message_depth += 1;
        let block = self.message_block();
        self.message_depth -= 1;
        let (body, comments) = block?;
        Ok(Message {
            visibility,
            name,
            body,
            span: self.span_from(start),
            comments,
        })
    }

    /// `{ statements }`; the comments are those of the declaration that owns the block.
    fn message_block(&mut self) -> PResult<(MessageBody, Comments)> {
        self.body_depth += 1;
        let block = self.message_block_inner();
        self.body_depth -= 1;
        block
    }

    /// Whether a message body opened here would be past `MAX_NESTING`.
    fn body_too_deep(&self) -> bool {
        self.body_depth >= MAX_NESTING - 1
    }

    /// Skips a body past `MAX_NESTING` (the current token is its `{`), as
    /// protoc's descriptor builder drops it; the error comes after parsing.
    fn skip_deep_body(&mut self) {
        self.nesting_too_deep = true;
        if self.eat("{") {
            self.skip_rest_of_block();
        }
    }

    fn message_block_inner(&mut self) -> PResult<(MessageBody, Comments)> {
        let open = self.cur().span;
        let comments = self.end_decl("{")?;
        let mut body = MessageBody::default();
        while self.try_end_decl("}", false).is_none() {
            if self.at_end() {
                self.unclosed_block("message definition", open);
                return Err(Failed);
            }
            match self.message_statement() {
                Ok(item) => body.items.push(item),
                Err(Failed) => self.skip_statement(),
            }
        }
        Ok((body, comments))
    }

    fn message_statement(&mut self) -> PResult<MessageItem> {
        if self.try_end_decl(";", false).is_some() {
            return Ok(MessageItem::Empty);
        }
        self.misplaced_visibility()?;
        // A message inside groups, deep enough for protoc's descriptor builder
        // to drop it but not for its parser to stop.
        if self.body_too_deep() && self.message_depth < MAX_NESTING - 1 {
            let keyword = if self.at_visibility() {
                self.pos + 1
            } else {
                self.pos
            };
            if self.toks.get(keyword).map(|t| self.text(*t)) == Some("message") {
                self.pos = keyword + 1;
                self.ident("Expected message name.")?;
                self.skip_deep_body();
                return Ok(MessageItem::Empty);
            }
        }
        if self.at("message") || self.at("enum") || self.at_visibility() {
            return Ok(match self.message_or_enum()? {
                TypeDecl::Message(m) => MessageItem::Message(m),
                TypeDecl::Enum(e) => MessageItem::Enum(e),
            });
        }
        if self.at("extensions") {
            return self.extensions().map(MessageItem::ExtensionRange);
        }
        if self.at("reserved") {
            return self.reserved(false).map(MessageItem::Reserved);
        }
        if self.at("extend") {
            return self.extend().map(MessageItem::Extend);
        }
        if self.at("option") {
            return self.option_statement().map(MessageItem::Option);
        }
        if self.at("oneof") {
            return self.oneof().map(MessageItem::Oneof);
        }
        self.field(false, false).map(MessageItem::Field)
    }

    fn label(&mut self) -> Option<(Label, crate::source::Span)> {
        let l = match self.cur_text() {
            "optional" => Label::Optional,
            "repeated" => Label::Repeated,
            "required" => Label::Required,
            _ => return None,
        };
        if self.cur().kind != TokenKind::Ident {
            return None;
        }
        Some((l, self.bump().span))
    }

    /// A field, map field or group. `in_oneof` fields take no label;
    /// `in_extend` fields may not be maps.
    pub(super) fn field(&mut self, in_oneof: bool, in_extend: bool) -> PResult<Field> {
        let start = self.cur().span.start;
        let label = if in_oneof { None } else { self.label() };
        if let (Some((l, span)), Syntax::Editions) = (label, self.syntax) {
            match l {
                Label::Optional => {
                    self.error_code_at(
                        Code::InvalidLabel,
                        span,
                        "Label \"optional\" is not supported in editions. By default, all singular fields have presence unless features.field_presence is set.",
                    );
                    self.help_last(
                        "remove `optional`: in editions a singular field has presence already",
                    );
                }
                Label::Required => {
                    self.error_code_at(
                        Code::InvalidLabel,
                        span,
                        "Label \"required\" is not supported in editions, use features.field_presence = LEGACY_REQUIRED.",
                    );
                    self.help_last("replace `required` with `[features.field_presence = LEGACY_REQUIRED]` after the number");
                }
                Label::Repeated => {}
            }
        }

        let ty_start = self.cur().span.start;
        let ty = if self.at("map")
            && self.toks.get(self.pos + 1).map(|t| self.text(*t)) == Some("<")
        {
            self.bump();
            if in_oneof {
                self.error_code_here(Code::InvalidMap, "Map fields are not allowed in oneofs.");
                self.help_last("declare the map outside the oneof, or make the oneof member a message that holds the map");
                return Err(Failed);
            }
            if label.is_some() {
                self.error_code_here(
                    Code::InvalidMap,
                    "Field labels (required/optional/repeated) are not allowed on map fields.",
                );
                return Err(Failed);
            }
            if in_extend {
                self.error_code_here(
                    Code::InvalidMap,
                    "Map fields are not allowed to be extensions.",
                );
                return Err(Failed);
            }
            self.expect("<")?;
            let key_start = self.cur().span.start;
            let key = self.field_type()?;
            let key_span = self.span_from(key_start);
            self.expect(",")?;
            let value_start = self.cur().span.start;
            let value = self.field_type()?;
            let value_span = self.span_from(value_start);
            self.expect(">")?;
            FieldType::Map(Box::new(MapType {
                key,
                key_span,
                value,
                value_span,
            }))
        } else {
            if label.is_none() && !in_oneof && self.syntax == Syntax::Proto2 {
                let msg = "Expected \"required\", \"optional\", or \"repeated\".";
                // protoc has read a `map` not followed by `<` as the
                // type name already, so it points at what follows.
                match self.toks.get(self.pos + 1) {
                    Some(next) if self.at("map") => {
                        let span = next.span;
                        self.error_code_at(Code::InvalidLabel, span, msg);
                    }
                    _ => self.error_code_here(Code::InvalidLabel, msg),
                }
                self.help_last(if self.syntax_declared {
                        "a proto2 field starts with `optional`, `required` or `repeated`"
                    } else {
                        "the file has no `syntax` statement, so it is read as proto2, where a field needs a label: start the file with `syntax = \"proto3\";`"
                    });
            }
            self.field_type()?
        };
        let ty_span = self.span_from(ty_start);

        let name = self.ident("Expected field name.")?;
        if self.expect_msg("=", "Missing field number.").is_err() {
            // `repeted int32 x = 1;` reads `repeted` as the type.
            let ty = self.toks[self.toks.partition_point(|t| t.span.start < ty_start)];
            self.suggest_keyword(ty, MEMBER_KEYWORDS);
            return Err(Failed);
        }
        let number_start = self.cur().span.start;
        let number = Some(self.int32("Expected field number.")?);
        let number_span = self.span_from(number_start);
        let options = self.field_options(&ty)?;

        let mut field = Field {
            label,
            ty,
            ty_span,
            name,
            number,
            number_span,
            options,
            group_body: None,
            span: self.span_from(start),
            comments: Comments::default(),
        };
        if matches!(field.ty, FieldType::Group) {
            if !field
                .name
                .text
                .starts_with(|c: char| c.is_ascii_uppercase())
            {
                self.error_code_at(
                    Code::InvalidGroup,
                    field.name.span,
                    "Group names must start with a capital letter.",
                );
            }
            if !self.at("{") {
                self.error_here("Missing group body.");
                return Err(Failed);
            }
            if self.body_too_deep() {
                // The field stays; its type is dropped, as protoc drops it.
                self.skip_deep_body();
            } else {
                let body_start = self.cur().span.start;
                let (body, comments) = self.message_block()?;
                field.group_body = Some((body, self.span_from(body_start)));
                field.comments = comments;
            }
        } else {
            field.comments = self.end_decl(";")?;
        }
        field.span = self.span_from(start);
        Ok(field)
    }

    fn field_type(&mut self) -> PResult<FieldType> {
        let t = self.cur_text();
        if self.cur().kind == TokenKind::Ident && self.unstable_edition {
            match ScalarType::from_unstable_name(t) {
                Some(Ok(s)) => {
                    self.bump();
                    return Ok(FieldType::Scalar(s));
                }
                Some(Err(instead)) => {
                    self.error_here(format!(
                        "Type '{t}' is obsolete in unstable editions, use '{instead}' instead."
                    ));
                    self.bump();
                    return Ok(FieldType::Scalar(ScalarType::Int32));
                }
                None => {}
            }
        }
        if self.cur().kind == TokenKind::Ident {
            if let Some(s) = ScalarType::from_name(t) {
                self.bump();
                return Ok(FieldType::Scalar(s));
            }
            if t == "group" {
                self.bump();
                return Ok(FieldType::Group);
            }
        }
        self.type_name().map(FieldType::Named)
    }

    /// A message or enum name: dotted identifiers, optionally fully qualified.
    pub(super) fn type_name(&mut self) -> PResult<String> {
        let mut name = String::new();
        if self.cur().kind == TokenKind::Ident && ScalarType::from_name(self.cur_text()).is_some() {
            self.error_here("Expected message type.");
            name.push_str(self.cur_text());
            self.bump();
            return Ok(name);
        }
        if self.eat(".") {
            name.push('.');
        }
        name.push_str(&self.ident("Expected type name.")?.text);
        while self.eat(".") {
            name.push('.');
            name.push_str(&self.ident("Expected identifier.")?.text);
        }
        Ok(name)
    }

    fn oneof(&mut self) -> PResult<Oneof> {
        let start = self.cur().span.start;
        self.expect("oneof")?;
        let name = self.ident("Expected oneof name.")?;
        let open = self.cur().span;
        let comments = self.end_decl("{")?;
        let mut items = Vec::new();
        loop {
            if self.at_end() {
                self.unclosed_block("oneof definition", open);
                return Err(Failed);
            }
            if self.at("option") {
                items.push(OneofItem::Option(self.option_statement()?));
            } else {
                if self.at("required") || self.at("optional") || self.at("repeated") {
                    self.error_code_here(
                        Code::InvalidLabel,
                        "Fields in oneofs must not have labels (required / optional / repeated).",
                    );
                    let label = self.cur_text();
                    self.help_last(format!("remove `{label}`: a oneof's fields have none"));
                    self.bump();
                }
                match self.field(true, false) {
                    Ok(f) => items.push(OneofItem::Field(f)),
                    Err(Failed) => self.skip_statement(),
                }
            }
            if self.try_end_decl("}", false).is_some() {
                break;
            }
        }
        Ok(Oneof {
            name,
            items,
            span: self.span_from(start),
            comments,
        })
    }

    pub(super) fn extend(&mut self) -> PResult<Extend> {
        let start = self.cur().span.start;
        self.expect("extend")?;
        let ext_start = self.cur().span.start;
        let extendee = self.type_name()?;
        let extendee_span = self.span_from(ext_start);
        let open = self.cur().span;
        let comments = self.end_decl("{")?;
        let mut fields = Vec::new();
        loop {
            if self.at_end() {
                self.unclosed_block("extend definition", open);
                return Err(Failed);
            }
            match self.field(false, true) {
                Ok(f) => fields.push(f),
                Err(Failed) => self.skip_statement(),
            }
            if self.try_end_decl("}", false).is_some() {
                break;
            }
        }
        Ok(Extend {
            extendee,
            extendee_span,
            fields,
            span: self.span_from(start),
            comments,
        })
    }

    fn range(&mut self, first: bool, signed: bool, for_reserved: bool) -> PResult<Range> {
        let start = self.cur().span.start;
        // Without `to`, protoc records the end at the first token alone
        // (the `-` of a negative number).
        let first_token = self.cur().span;
        let msg = match (for_reserved && first, signed) {
            (true, false) => "Expected field name or number range.",
            (true, true) => "Expected enum value or number range.",
            (false, false) => "Expected field number range.",
            (false, true) => "Expected enum number range.",
        };
        let lo = if signed {
            self.signed_int32(msg)?
        } else {
            self.int32(msg)?
        };
        // An extension range's numbers become exclusive ends one past them,
        // so protoc's parser stops at the largest int32 (reporting at the
        // token after it); reserved ranges are checked later instead.
        if !for_reserved && lo == i64::from(i32::MAX) {
            self.error_code_here(Code::FieldNumberOutOfRange, "Field number out of bounds.");
            return Err(Failed);
        }
        let start_span = self.span_from(start);
        let mut end = None;
        let mut end_span = first_token;
        if self.eat("to") {
            let e_start = self.cur().span.start;
            if self.eat("max") {
                end = Some(None);
            } else {
                let v = if signed {
                    self.signed_int32("Expected integer.")?
                } else {
                    self.int32("Expected integer.")?
                };
                if !for_reserved && v == i64::from(i32::MAX) {
                    self.error_code_here(
                        Code::FieldNumberOutOfRange,
                        "Field number out of bounds.",
                    );
                    return Err(Failed);
                }
                end = Some(Some(v));
            }
            end_span = self.span_from(e_start);
        }
        Ok(Range {
            start: lo,
            start_span,
            end,
            end_span,
            span: self.span_from(start),
        })
    }

    fn extensions(&mut self) -> PResult<ExtensionRange> {
        let start = self.cur().span.start;
        self.expect("extensions")?;
        let mut ranges = Vec::new();
        loop {
            ranges.push(self.range(false, false, false)?);
            if !self.eat(",") {
                break;
            }
        }
        let options = if self.at("[") {
            Some(self.bracket_options(false)?)
        } else {
            None
        };
        let comments = self.end_decl(";")?;
        Ok(ExtensionRange {
            ranges,
            options,
            span: self.span_from(start),
            comments,
        })
    }

    pub(super) fn reserved(&mut self, in_enum: bool) -> PResult<Reserved> {
        let start = self.cur().span.start;
        self.expect("reserved")?;
        let kind = if self.at_kind(TokenKind::Str) {
            if self.syntax == Syntax::Editions {
                self.error_code_here(
                    Code::ReservedName,
                    "Reserved names must be identifiers in editions, not string literals.",
                );
                return Err(Failed);
            }
            let mut names = Vec::new();
            loop {
                let (bytes, span) = self.string(if in_enum {
                    "Expected enum value."
                } else {
                    "Expected field name."
                })?;
                names.push(Ident {
                    text: String::from_utf8_lossy(&bytes).into_owned(),
                    span,
                });
                if !self.eat(",") {
                    break;
                }
            }
            ReservedKind::Names(names)
        } else if self.at_kind(TokenKind::Ident) {
            if self.syntax != Syntax::Editions {
                self.error_code_here(
                    Code::ReservedName,
                    "Reserved names must be string literals. (Only editions supports identifiers.)",
                );
                return Err(Failed);
            }
            let mut names = Vec::new();
            loop {
                names.push(self.ident(if in_enum {
                    "Expected enum value."
                } else {
                    "Expected field name."
                })?);
                if !self.eat(",") {
                    break;
                }
            }
            ReservedKind::Names(names)
        } else {
            let mut ranges = Vec::new();
            let mut first = true;
            loop {
                ranges.push(self.range(first, in_enum, true)?);
                first = false;
                if !self.eat(",") {
                    break;
                }
            }
            ReservedKind::Ranges(ranges)
        };
        let comments = self.end_decl(";")?;
        Ok(Reserved {
            kind,
            span: self.span_from(start),
            comments,
        })
    }

    fn enum_def(
        &mut self,
        start: u32,
        visibility: Option<(Visibility, crate::source::Span)>,
    ) -> PResult<Enum> {
        self.expect("enum")?;
        let name = self.ident("Expected enum name.")?;
        let open = self.cur().span;
        let comments = self.end_decl("{")?;
        let mut items = Vec::new();
        while self.try_end_decl("}", false).is_none() {
            if self.at_end() {
                self.unclosed_block("enum definition", open);
                return Err(Failed);
            }
            let r = if self.try_end_decl(";", false).is_some() {
                Ok(EnumItem::Empty)
            } else if self.at("option") {
                self.option_statement().map(EnumItem::Option)
            } else if self.at("reserved") {
                self.reserved(true).map(EnumItem::Reserved)
            } else {
                self.enum_value().map(EnumItem::Value)
            };
            match r {
                Ok(item) => items.push(item),
                Err(Failed) => self.skip_statement(),
            }
        }
        let e = Enum {
            visibility,
            name,
            items,
            span: self.span_from(start),
            comments,
        };
        self.validate_enum(&e)?;
        Ok(e)
    }

    fn enum_value(&mut self) -> PResult<EnumValue> {
        let start = self.cur().span.start;
        let name = self.ident("Expected enum constant name.")?;
        self.expect_msg("=", "Missing numeric value for enum constant.")?;
        let n_start = self.cur().span.start;
        let number = self.signed_int32("Expected integer.")?;
        let number_span = self.span_from(n_start);
        let options = if self.at("[") {
            Some(self.bracket_options(false)?)
        } else {
            None
        };
        let comments = self.end_decl(";")?;
        Ok(EnumValue {
            name,
            number,
            number_span,
            options,
            span: self.span_from(start),
            comments,
        })
    }

    /// protoc's parser-level enum checks on `allow_alias`.
    fn validate_enum(&mut self, e: &Enum) -> PResult<()> {
        let mut allow_alias = None;
        for item in &e.items {
            if let EnumItem::Option(o) = item {
                let n = &o.assign.name;
                if n.len() == 1 && !n[0].is_extension && n[0].name == "allow_alias" {
                    allow_alias =
                        Some(matches!(&o.assign.value, OptionValue::Ident(v) if v == "true"));
                    break;
                }
            }
        }
        if allow_alias == Some(false) {
            self.error_here(format!(
                "\"{}\" declares 'option allow_alias = false;' which has no effect. Please remove the declaration.",
                e.name.text
            ));
            return Err(Failed);
        }
        if allow_alias == Some(true) {
            let mut seen = std::collections::HashSet::new();
            let dup = e
                .items
                .iter()
                .any(|i| matches!(i, EnumItem::Value(v) if !seen.insert(v.number)));
            if !dup {
                self.error_here(format!(
                    "\"{}\" declares support for enum aliases but no enum values share field numbers. Please remove the unnecessary 'option allow_alias = true;' declaration.",
                    e.name.text
                ));
                return Err(Failed);
            }
        }
        Ok(())
    }

    pub(super) fn service(&mut self) -> PResult<Service> {
        let start = self.cur().span.start;
        self.expect("service")?;
        let name = self.ident("Expected service name.")?;
        let open = self.cur().span;
        let comments = self.end_decl("{")?;
        let mut items = Vec::new();
        while self.try_end_decl("}", false).is_none() {
            if self.at_end() {
                self.unclosed_block("service definition", open);
                return Err(Failed);
            }
            let r = if self.try_end_decl(";", false).is_some() {
                Ok(ServiceItem::Empty)
            } else if self.at("option") {
                self.option_statement().map(ServiceItem::Option)
            } else {
                self.method().map(ServiceItem::Method)
            };
            match r {
                Ok(item) => items.push(item),
                Err(Failed) => self.skip_statement(),
            }
        }
        Ok(Service {
            name,
            items,
            span: self.span_from(start),
            comments,
        })
    }

    fn method(&mut self) -> PResult<Method> {
        let start = self.cur().span.start;
        self.expect("rpc")?;
        let name = self.ident("Expected method name.")?;
        self.expect("(")?;
        let input_stream = if self.at("stream") {
            Some(self.bump().span)
        } else {
            None
        };
        let in_start = self.cur().span.start;
        let input = self.type_name()?;
        let input_span = self.span_from(in_start);
        self.expect(")")?;
        self.expect("returns")?;
        self.expect("(")?;
        let output_stream = if self.at("stream") {
            Some(self.bump().span)
        } else {
            None
        };
        let out_start = self.cur().span.start;
        let output = self.type_name()?;
        let output_span = self.span_from(out_start);
        self.expect(")")?;
        let mut options = Vec::new();
        let comments;
        let has_body = self.at("{");
        if has_body {
            let open = self.cur().span;
            comments = self.end_decl("{")?;
            while self.try_end_decl("}", false).is_none() {
                if self.at_end() {
                    self.unclosed_block("method options", open);
                    return Err(Failed);
                }
                if self.try_end_decl(";", false).is_some() {
                    continue;
                }
                match self.option_statement() {
                    Ok(o) => options.push(o),
                    Err(Failed) => self.skip_statement(),
                }
            }
        } else {
            comments = self.end_decl(";")?;
        }
        Ok(Method {
            name,
            input_stream,
            input,
            input_span,
            output_stream,
            output,
            output_span,
            has_body,
            options,
            span: self.span_from(start),
            comments,
        })
    }
}
