//! Lowering: a syntax tree to an unresolved `FileDescriptorProto`, with the
//! source locations protoc records (in protoc's order) and the options
//! still to interpret.
//!
//! This is where map entries, group messages and proto3 synthetic oneofs
//! come into being, exactly where protoc's parser puts them.

use crate::descriptor::edition::Edition;
use crate::descriptor::tags::*;
use crate::descriptor::{self as d, wire};
use crate::diagnostics::Diagnostic;
use crate::semantic::text::{c_escape, map_entry_name, simple_dtoa, simple_ftoa};
use crate::source::Span;
use crate::syntax::ast::{self, *};
use crate::syntax::Syntax;

/// One source location, before line/column conversion.
#[derive(Clone, Debug)]
pub struct Loc {
    pub path: Box<[i32]>,
    pub span: Span,
    /// Only for declarations that have comments.
    pub comments: Option<Box<Comments>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OptionsKind {
    File,
    Message,
    Field,
    Oneof,
    ExtensionRange,
    Enum,
    EnumValue,
    Service,
    Method,
}

impl OptionsKind {
    pub fn message_name(self) -> &'static str {
        match self {
            OptionsKind::File => "google.protobuf.FileOptions",
            OptionsKind::Message => "google.protobuf.MessageOptions",
            OptionsKind::Field => "google.protobuf.FieldOptions",
            OptionsKind::Oneof => "google.protobuf.OneofOptions",
            OptionsKind::ExtensionRange => "google.protobuf.ExtensionRangeOptions",
            OptionsKind::Enum => "google.protobuf.EnumOptions",
            OptionsKind::EnumValue => "google.protobuf.EnumValueOptions",
            OptionsKind::Service => "google.protobuf.ServiceOptions",
            OptionsKind::Method => "google.protobuf.MethodOptions",
        }
    }
}

#[derive(Clone, Debug)]
pub struct PendingOption {
    pub assign: OptionAssign,
    /// Index in `locs` of the option's location, renamed once interpreted.
    pub loc: Option<usize>,
}

/// The uninterpreted options of one entity.
#[derive(Clone, Debug)]
pub struct PendingOptions {
    /// Source path of the entity that owns the options.
    pub entity: Vec<i32>,
    pub kind: OptionsKind,
    /// Options already fixed by the compiler (a map entry's `map_entry`).
    pub preset: Vec<u8>,
    pub items: Vec<PendingOption>,
}

pub struct Lowered {
    pub proto: d::FileDescriptorProto,
    pub locs: Vec<Loc>,
    pub options: Vec<PendingOptions>,
    pub diags: Vec<Diagnostic>,
    pub syntax: Syntax,
    /// Edition number as in descriptor.proto's `Edition` enum.
    pub edition: Edition,
    /// Spans of imports, by dependency index (option imports after regular ones).
    pub import_spans: Vec<Span>,
}

struct Lowerer {
    source: usize,
    locs: Vec<Loc>,
    options: Vec<PendingOptions>,
    diags: Vec<Diagnostic>,
    syntax: Syntax,
}

fn cat(path: &[i32], more: &[i32]) -> Vec<i32> {
    let mut p = Vec::with_capacity(path.len() + more.len());
    p.extend_from_slice(path);
    p.extend_from_slice(more);
    p
}

pub fn lower(file: &ast::File, name: &str, source: usize, syntax: Syntax) -> Lowered {
    let mut lw = Lowerer {
        source,
        locs: Vec::new(),
        options: Vec::new(),
        diags: Vec::new(),
        syntax,
    };
    let mut fd = d::FileDescriptorProto {
        name: Some(name.to_string()),
        ..Default::default()
    };
    let mut edition = Edition::PROTO2;
    let mut import_spans = Vec::new();
    let mut option_import_spans = Vec::new();

    lw.loc(vec![], file.span, None);
    if let Some(s) = &file.syntax {
        lw.loc(vec![FILE_SYNTAX as i32], s.span, Some(s.comments.clone()));
        match s.kind {
            SyntaxKind::Edition => {
                fd.syntax = Some("editions".into());
                edition = Edition::from_name(&s.value).unwrap_or(Edition::UNKNOWN);
                fd.edition = Some(edition.0);
            }
            SyntaxKind::Syntax => {
                if s.value == "proto3" {
                    fd.syntax = Some("proto3".into());
                    edition = Edition::PROTO3;
                }
            }
        }
    }
    let mut file_opts = PendingOptions {
        entity: vec![],
        kind: OptionsKind::File,
        preset: vec![],
        items: vec![],
    };
    let mut seen_option_import = false;
    for item in &file.items {
        match item {
            FileItem::Package(p) => {
                if fd.package.is_some() {
                    lw.error(p.span, "Multiple package definitions.");
                }
                lw.loc(vec![FILE_PACKAGE as i32], p.span, Some(p.comments.clone()));
                fd.package = Some(p.name.clone());
            }
            FileItem::Import(i) => {
                if i.kind == ImportKind::Option {
                    seen_option_import = true;
                    let idx = fd.option_dependency.len() as i32;
                    lw.loc(
                        vec![FILE_OPTION_DEPENDENCY as i32, idx],
                        i.span,
                        Some(i.comments.clone()),
                    );
                    fd.option_dependency.push(i.path.clone());
                    option_import_spans.push(i.span);
                    continue;
                }
                if seen_option_import {
                    lw.error(i.span, "imports should precede any option imports to ensure proto files can roundtrip.");
                }
                let idx = fd.dependency.len() as i32;
                lw.loc(
                    vec![FILE_DEPENDENCY as i32, idx],
                    i.span,
                    Some(i.comments.clone()),
                );
                match i.kind {
                    ImportKind::Public => {
                        let n = fd.public_dependency.len() as i32;
                        lw.loc(
                            vec![FILE_PUBLIC_DEPENDENCY as i32, n],
                            i.kind_span.unwrap(),
                            None,
                        );
                        fd.public_dependency.push(idx);
                    }
                    ImportKind::Weak if edition >= Edition::E2024 => {
                        lw.error(
                            i.kind_span.unwrap_or(i.span),
                            "weak import is not supported in edition 2024 and above. Consider using option import instead.",
                        );
                    }
                    ImportKind::Weak => {
                        let n = fd.weak_dependency.len() as i32;
                        lw.loc(
                            vec![FILE_WEAK_DEPENDENCY as i32, n],
                            i.kind_span.unwrap(),
                            None,
                        );
                        fd.weak_dependency.push(idx);
                    }
                    _ => {}
                }
                fd.dependency.push(i.path.clone());
                import_spans.push(i.span);
            }
            FileItem::Option(o) => lw.option_statement(&[], FILE_OPTIONS, o, &mut file_opts),
            FileItem::Message(m) => {
                let idx = fd.message_type.len() as i32;
                let msg = lw.message(m, &[FILE_MESSAGE_TYPE as i32, idx]);
                fd.message_type.push(msg);
            }
            FileItem::Enum(e) => {
                let idx = fd.enum_type.len() as i32;
                let en = lw.enum_type(e, &[FILE_ENUM_TYPE as i32, idx]);
                fd.enum_type.push(en);
            }
            FileItem::Service(s) => {
                let idx = fd.service.len() as i32;
                let sv = lw.service(s, &[FILE_SERVICE as i32, idx]);
                fd.service.push(sv);
            }
            FileItem::Extend(x) => {
                lw.extend(
                    x,
                    &[],
                    FILE_EXTENSION as i32,
                    FILE_MESSAGE_TYPE as i32,
                    &mut fd.extension,
                    &mut fd.message_type,
                );
            }
            FileItem::Empty => {}
        }
    }
    if !file_opts.items.is_empty() {
        lw.options.push(file_opts);
    }
    import_spans.extend(option_import_spans);
    Lowered {
        proto: fd,
        locs: lw.locs,
        options: lw.options,
        diags: lw.diags,
        syntax,
        edition,
        import_spans,
    }
}

impl Lowerer {
    fn loc(&mut self, path: Vec<i32>, span: Span, comments: Option<Comments>) -> usize {
        let comments = comments.filter(|c| *c != Comments::default()).map(Box::new);
        self.locs.push(Loc {
            path: path.into_boxed_slice(),
            span,
            comments,
        });
        self.locs.len() - 1
    }

    fn error(&mut self, span: Span, msg: impl Into<String>) {
        self.diags
            .push(Diagnostic::error(msg).at(self.source, span));
    }

    /// An `option` statement: a location for the statement under the owner's
    /// options field, and one for the assignment.
    fn option_statement(
        &mut self,
        owner: &[i32],
        options_field: u32,
        o: &OptionStmt,
        pending: &mut PendingOptions,
    ) {
        let name = &o.assign.name;
        if pending.kind == OptionsKind::Message && name.len() == 1 && name[0].name == "map_entry" {
            self.error(
                o.assign.name_span,
                "map_entry should not be set explicitly. Use map<KeyType, ValueType> instead.",
            );
        }
        let opts_path = cat(owner, &[options_field as i32]);
        self.loc(opts_path.clone(), o.assign.span, None);
        self.option_assign(
            &opts_path,
            &o.assign,
            Some(o.assign.comments.clone()),
            pending,
        );
    }

    fn option_assign(
        &mut self,
        opts_path: &[i32],
        a: &OptionAssign,
        comments: Option<Comments>,
        pending: &mut PendingOptions,
    ) {
        let idx = pending.items.len() as i32;
        let li = self.loc(
            cat(opts_path, &[OPTIONS_UNINTERPRETED as i32, idx]),
            a.span,
            comments,
        );
        pending.items.push(PendingOption {
            assign: a.clone(),
            loc: Some(li),
        });
    }

    fn message(&mut self, m: &ast::Message, path: &[i32]) -> d::DescriptorProto {
        self.loc(path.to_vec(), m.span, Some(m.comments.clone()));
        self.loc(cat(path, &[MSG_NAME as i32]), m.name.span, None);
        let mut msg = d::DescriptorProto {
            name: Some(m.name.text.clone()),
            ..Default::default()
        };
        if let Some((v, _)) = m.visibility {
            msg.visibility = Some(visibility_number(v));
        }
        self.message_body(&m.body, path, &mut msg);
        msg
    }

    /// A field of `msg` (at `path`), in oneof `oneof` if given.
    fn message_field(
        &mut self,
        f: &ast::Field,
        path: &[i32],
        msg: &mut d::DescriptorProto,
        oneof: Option<i32>,
    ) {
        let fpath = cat(path, &[MSG_FIELD as i32, msg.field.len() as i32]);
        let field = self.field(
            f,
            &fpath,
            path,
            MSG_NESTED_TYPE as i32,
            &mut msg.nested_type,
            oneof,
            None,
        );
        msg.field.push(field);
    }

    fn message_body(&mut self, body: &MessageBody, path: &[i32], msg: &mut d::DescriptorProto) {
        let mut opts = PendingOptions {
            entity: path.to_vec(),
            kind: OptionsKind::Message,
            preset: vec![],
            items: vec![],
        };
        for item in &body.items {
            match item {
                MessageItem::Field(f) => self.message_field(f, path, msg, None),
                MessageItem::Oneof(o) => {
                    let oidx = msg.oneof_decl.len() as i32;
                    let opath = cat(path, &[MSG_ONEOF_DECL as i32, oidx]);
                    self.loc(opath.clone(), o.span, Some(o.comments.clone()));
                    self.loc(cat(&opath, &[ONEOF_NAME as i32]), o.name.span, None);
                    msg.oneof_decl.push(d::OneofDescriptorProto {
                        name: Some(o.name.text.clone()),
                        options: None,
                    });
                    let mut oopts = PendingOptions {
                        entity: opath.clone(),
                        kind: OptionsKind::Oneof,
                        preset: vec![],
                        items: vec![],
                    };
                    for oi in &o.items {
                        match oi {
                            OneofItem::Field(f) => self.message_field(f, path, msg, Some(oidx)),
                            OneofItem::Option(st) => {
                                self.option_statement(&opath, ONEOF_OPTIONS, st, &mut oopts)
                            }
                            OneofItem::Empty => {}
                        }
                    }
                    if !oopts.items.is_empty() {
                        self.options.push(oopts);
                    }
                }
                MessageItem::Message(m) => {
                    let idx = msg.nested_type.len() as i32;
                    let nested = self.message(m, &cat(path, &[MSG_NESTED_TYPE as i32, idx]));
                    msg.nested_type.push(nested);
                }
                MessageItem::Enum(e) => {
                    let idx = msg.enum_type.len() as i32;
                    let en = self.enum_type(e, &cat(path, &[MSG_ENUM_TYPE as i32, idx]));
                    msg.enum_type.push(en);
                }
                MessageItem::Extend(x) => {
                    self.extend(
                        x,
                        path,
                        MSG_EXTENSION as i32,
                        MSG_NESTED_TYPE as i32,
                        &mut msg.extension,
                        &mut msg.nested_type,
                    );
                }
                MessageItem::ExtensionRange(r) => self.extension_ranges(r, path, msg),
                MessageItem::Reserved(r) => {
                    let (ranges, names) = (&mut msg.reserved_range, &mut msg.reserved_name);
                    self.reserved(
                        r,
                        path,
                        MSG_RESERVED_RANGE as i32,
                        MSG_RESERVED_NAME as i32,
                        ranges,
                        names,
                        true,
                    );
                }
                MessageItem::Option(o) => self.option_statement(path, MSG_OPTIONS, o, &mut opts),
                MessageItem::Empty => {}
            }
        }
        // `max` in ranges means the largest field number (or int32 max for message sets).
        let message_set = opts.items.iter().any(|o| {
            o.assign.name.len() == 1
                && !o.assign.name[0].is_extension
                && o.assign.name[0].name == "message_set_wire_format"
                && matches!(&o.assign.value, OptionValue::Ident(v) if v == "true")
        });
        let max = if message_set {
            i32::MAX
        } else {
            crate::descriptor::MAX_FIELD_NUMBER + 1
        };
        let ends = msg
            .extension_range
            .iter_mut()
            .map(|r| &mut r.end)
            .chain(msg.reserved_range.iter_mut().map(|r| &mut r.end));
        for end in ends {
            if *end == Some(-1) {
                *end = Some(max);
            }
        }
        if !opts.items.is_empty() {
            self.options.push(opts);
        }
        if self.syntax == Syntax::Proto3 {
            let mut names: std::collections::HashSet<String> =
                msg.field.iter().filter_map(|f| f.name.clone()).collect();
            names.extend(msg.oneof_decl.iter().filter_map(|o| o.name.clone()));
            for i in 0..msg.field.len() {
                if msg.field[i].proto3_optional != Some(true) {
                    continue;
                }
                let fname = msg.field[i].name.clone().unwrap_or_default();
                let mut oneof_name = if fname.starts_with('_') {
                    fname
                } else {
                    format!("_{fname}")
                };
                while names.contains(&oneof_name) {
                    oneof_name.insert(0, 'X');
                }
                names.insert(oneof_name.clone());
                msg.field[i].oneof_index = Some(msg.oneof_decl.len() as i32);
                msg.oneof_decl.push(d::OneofDescriptorProto {
                    name: Some(oneof_name),
                    options: None,
                });
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn field(
        &mut self,
        f: &ast::Field,
        fpath: &[i32],
        parent: &[i32],
        nested_field: i32,
        messages: &mut Vec<d::DescriptorProto>,
        oneof: Option<i32>,
        extendee: Option<(&str, Span)>,
    ) -> d::FieldDescriptorProto {
        let mut fd = d::FieldDescriptorProto {
            name: Some(f.name.text.clone()),
            ..Default::default()
        };
        self.loc(
            fpath.to_vec(),
            f.span,
            if f.group_body.is_some() {
                None
            } else {
                Some(f.comments.clone())
            },
        );
        if let Some((ext, span)) = extendee {
            self.loc(cat(fpath, &[FIELD_EXTENDEE as i32]), span, None);
            fd.extendee = Some(ext.to_string());
        }
        if let Some((label, span)) = f.label {
            self.loc(cat(fpath, &[FIELD_LABEL as i32]), span, None);
            fd.label = Some(match label {
                ast::Label::Optional => d::Label::Optional,
                ast::Label::Required => d::Label::Required,
                ast::Label::Repeated => d::Label::Repeated,
            });
            if label == ast::Label::Optional && self.syntax == Syntax::Proto3 {
                fd.proto3_optional = Some(true);
            }
        } else {
            fd.label = Some(if matches!(f.ty, FieldType::Map(_)) {
                d::Label::Repeated
            } else {
                d::Label::Optional
            });
        }
        if oneof.is_some() {
            fd.oneof_index = oneof;
        }
        match &f.ty {
            FieldType::Scalar(s) => {
                self.loc(cat(fpath, &[FIELD_TYPE as i32]), f.ty_span, None);
                fd.r#type = Some(scalar_type(*s));
            }
            FieldType::Group => {
                self.loc(cat(fpath, &[FIELD_TYPE as i32]), f.ty_span, None);
                fd.r#type = Some(d::Type::Group);
            }
            FieldType::Named(n) => {
                self.loc(cat(fpath, &[FIELD_TYPE_NAME as i32]), f.ty_span, None);
                fd.type_name = Some(n.clone());
            }
            FieldType::Map(_) => {
                self.loc(cat(fpath, &[FIELD_TYPE_NAME as i32]), f.ty_span, None);
            }
        }
        self.loc(cat(fpath, &[FIELD_NAME as i32]), f.name.span, None);
        self.loc(cat(fpath, &[FIELD_NUMBER as i32]), f.number_span, None);
        fd.number = f.number.map(|n| n as i32);

        let mut opts = PendingOptions {
            entity: fpath.to_vec(),
            kind: OptionsKind::Field,
            preset: vec![],
            items: vec![],
        };
        if let Some(fo) = &f.options {
            let opath = cat(fpath, &[FIELD_OPTIONS as i32]);
            self.loc(opath.clone(), fo.span, None);
            for e in &fo.entries {
                match e {
                    FieldOption::Default {
                        value,
                        raw,
                        value_span,
                        ..
                    } => {
                        self.loc(cat(fpath, &[FIELD_DEFAULT_VALUE as i32]), *value_span, None);
                        fd.default_value = self.default_value(&f.ty, value, raw, *value_span);
                    }
                    FieldOption::JsonName {
                        value,
                        span,
                        value_span,
                    } => {
                        self.loc(cat(fpath, &[FIELD_JSON_NAME as i32]), *span, None);
                        self.loc(cat(fpath, &[FIELD_JSON_NAME as i32]), *value_span, None);
                        fd.json_name = Some(value.clone());
                    }
                    FieldOption::Option(a) => self.option_assign(&opath, a, None, &mut opts),
                }
            }
        }

        if let (FieldType::Group, Some((body, _))) = (&f.ty, &f.group_body) {
            let idx = messages.len() as i32;
            let gpath = cat(parent, &[nested_field, idx]);
            self.loc(gpath.clone(), f.span, Some(f.comments.clone()));
            self.loc(cat(&gpath, &[MSG_NAME as i32]), f.name.span, None);
            self.loc(cat(fpath, &[FIELD_TYPE_NAME as i32]), f.name.span, None);
            let mut group = d::DescriptorProto {
                name: Some(f.name.text.clone()),
                ..Default::default()
            };
            fd.name = Some(f.name.text.to_ascii_lowercase());
            fd.type_name = Some(f.name.text.clone());
            messages.push(d::DescriptorProto::default());
            self.message_body(body, &gpath, &mut group);
            messages[idx as usize] = group;
        } else if let FieldType::Group = &f.ty {
            // A group whose body was dropped for nesting too deep: the field
            // names a type that does not exist, as in protoc.
            fd.name = Some(f.name.text.to_ascii_lowercase());
            fd.type_name = Some(f.name.text.clone());
            // protoc points its "not defined" error at the `group` keyword.
            self.loc(cat(fpath, &[FIELD_TYPE_NAME as i32]), f.ty_span, None);
        }

        if let FieldType::Map(mt) = &f.ty {
            let entry_name = map_entry_name(&f.name.text);
            fd.type_name = Some(entry_name.clone());
            let entry_path = cat(parent, &[nested_field, messages.len() as i32]);
            let mut entry = d::DescriptorProto {
                name: Some(entry_name),
                ..Default::default()
            };
            let mut preset = Vec::new();
            wire::put_bool(&mut preset, MESSAGE_OPTIONS_MAP_ENTRY, true);
            entry.options = Some(preset.clone());
            self.options.push(PendingOptions {
                entity: entry_path.clone(),
                kind: OptionsKind::Message,
                preset,
                items: vec![],
            });
            for (i, (name, ty)) in [("key", &mt.key), ("value", &mt.value)]
                .into_iter()
                .enumerate()
            {
                let mut kf = d::FieldDescriptorProto {
                    name: Some(name.into()),
                    number: Some(i as i32 + 1),
                    label: Some(d::Label::Optional),
                    ..Default::default()
                };
                match ty {
                    FieldType::Scalar(s) => kf.r#type = Some(scalar_type(*s)),
                    FieldType::Group => kf.r#type = Some(d::Type::Group),
                    FieldType::Named(n) => kf.type_name = Some(n.clone()),
                    FieldType::Map(_) => {}
                }
                // Features (and the legacy `enforce_utf8`) carry over to the entry's fields.
                let mut kopts = PendingOptions {
                    entity: cat(&entry_path, &[MSG_FIELD as i32, i as i32]),
                    kind: OptionsKind::Field,
                    preset: vec![],
                    items: vec![],
                };
                for o in &opts.items {
                    let first = &o.assign.name[0];
                    let utf8 = o.assign.name.len() == 1
                        && !first.is_extension
                        && first.name == "enforce_utf8";
                    if (utf8 && kf.r#type == Some(d::Type::String))
                        || (!first.is_extension && first.name == "features")
                    {
                        kopts.items.push(PendingOption {
                            assign: o.assign.clone(),
                            loc: None,
                        });
                    }
                }
                if !kopts.items.is_empty() {
                    self.options.push(kopts);
                }
                entry.field.push(kf);
            }
            messages.push(entry);
        }
        if !opts.items.is_empty() {
            self.options.push(opts);
        }
        fd
    }

    fn default_value(
        &mut self,
        ty: &FieldType,
        value: &OptionValue,
        raw: &str,
        span: Span,
    ) -> Option<String> {
        use ScalarType as S;
        let neg = raw.starts_with('-');
        // protoc reports default-value errors at the number, after any sign.
        let span = if neg {
            Span {
                start: span.start + 1,
                end: span.end,
            }
        } else {
            span
        };
        let expect_int = "Expected integer for field default value.";
        match ty {
            FieldType::Scalar(s) => {
                let s = *s;
                match s {
                    S::Int32 | S::Sint32 | S::Sfixed32 | S::Int64 | S::Sint64 | S::Sfixed64 => {
                        let max: i128 = if matches!(s, S::Int32 | S::Sint32 | S::Sfixed32) {
                            i32::MAX as i128
                        } else {
                            i64::MAX as i128
                        };
                        let v: i128 = match value {
                            OptionValue::PosInt(v) => *v as i128,
                            OptionValue::NegInt(v) if *v == 0 || neg => -(v.unsigned_abs() as i128),
                            OptionValue::Double(_)
                                if raw
                                    .trim_start_matches('-')
                                    .chars()
                                    .all(|c| c.is_ascii_alphanumeric()) =>
                            {
                                self.error(span, "Integer out of range.");
                                return None;
                            }
                            _ => {
                                self.error(span, expect_int);
                                return None;
                            }
                        };
                        if v > max || v < -max - 1 {
                            self.error(span, "Integer out of range.");
                            return None;
                        }
                        Some(v.to_string())
                    }
                    S::Uint32 | S::Uint64 | S::Fixed32 | S::Fixed64 => {
                        let max: u64 = if matches!(s, S::Uint32 | S::Fixed32) {
                            u32::MAX as u64
                        } else {
                            u64::MAX
                        };
                        if neg {
                            self.error(span, "Unsigned field can't have negative default value.");
                        }
                        match value {
                            OptionValue::PosInt(v) if *v <= max => Some(v.to_string()),
                            OptionValue::NegInt(v) if v.unsigned_abs() <= max => {
                                Some(v.unsigned_abs().to_string())
                            }
                            OptionValue::PosInt(_) | OptionValue::NegInt(_) => {
                                self.error(span, "Integer out of range.");
                                None
                            }
                            // Digits too large for any integer were read as a float.
                            OptionValue::Double(_)
                                if raw
                                    .trim_start_matches('-')
                                    .chars()
                                    .all(|c| c.is_ascii_alphanumeric()) =>
                            {
                                self.error(span, "Integer out of range.");
                                None
                            }
                            _ => {
                                self.error(span, expect_int);
                                None
                            }
                        }
                    }
                    S::Float | S::Double => {
                        let v = match value {
                            OptionValue::PosInt(v) => *v as f64,
                            OptionValue::NegInt(v) => v.unsigned_abs() as f64,
                            OptionValue::Double(v) => v.abs(),
                            OptionValue::Ident(i) if i.trim_start_matches('-') == "inf" => {
                                f64::INFINITY
                            }
                            OptionValue::Ident(i) if i.trim_start_matches('-') == "nan" => f64::NAN,
                            _ => {
                                self.error(span, "Expected number.");
                                return None;
                            }
                        };
                        // protoc writes the parsed value back out, at the field's precision.
                        let v = if v.is_nan() {
                            f64::NAN
                        } else if neg {
                            -v
                        } else {
                            v
                        };
                        Some(if s == S::Float {
                            simple_ftoa(v as f32)
                        } else {
                            simple_dtoa(v)
                        })
                    }
                    S::Bool => match value {
                        OptionValue::Ident(v) if v == "true" || v == "false" => Some(v.clone()),
                        _ => {
                            self.error(span, "Expected \"true\" or \"false\".");
                            None
                        }
                    },
                    S::String => match value {
                        OptionValue::String(b) => Some(String::from_utf8_lossy(b).into_owned()),
                        _ => {
                            self.error(span, "Expected string for field default value.");
                            None
                        }
                    },
                    S::Bytes => match value {
                        OptionValue::String(b) => Some(c_escape(b)),
                        _ => {
                            self.error(span, "Expected string.");
                            None
                        }
                    },
                }
            }
            FieldType::Group => {
                self.error(span, "Messages can't have default values.");
                None
            }
            FieldType::Named(_) | FieldType::Map(_) => Some(raw.to_string()),
        }
    }

    fn extension_ranges(
        &mut self,
        r: &ast::ExtensionRange,
        path: &[i32],
        msg: &mut d::DescriptorProto,
    ) {
        let rpath = cat(path, &[MSG_EXTENSION_RANGE as i32]);
        self.loc(rpath.clone(), r.span, Some(r.comments.clone()));
        let first = msg.extension_range.len();
        for range in &r.ranges {
            let i = msg.extension_range.len() as i32;
            let ipath = cat(&rpath, &[i]);
            self.loc(ipath.clone(), range.span, None);
            self.loc(
                cat(&ipath, &[EXT_RANGE_START as i32]),
                range.start_span,
                None,
            );
            self.loc(cat(&ipath, &[EXT_RANGE_END as i32]), range.end_span, None);
            let end = match range.end {
                None => range.start as i32 + 1,
                Some(None) => -1,
                Some(Some(e)) => (e as i32).wrapping_add(1),
            };
            msg.extension_range.push(d::ExtensionRange {
                start: Some(range.start as i32),
                end: Some(end),
                options: None,
            });
        }
        if let Some(fo) = &r.options {
            for i in first..msg.extension_range.len() {
                let ipath = cat(&rpath, &[i as i32]);
                let opath = cat(&ipath, &[EXT_RANGE_OPTIONS as i32]);
                self.loc(opath.clone(), fo.span, None);
                let mut pending = PendingOptions {
                    entity: ipath.clone(),
                    kind: OptionsKind::ExtensionRange,
                    preset: vec![],
                    items: vec![],
                };
                for e in &fo.entries {
                    if let FieldOption::Option(a) = e {
                        self.option_assign(&opath, a, None, &mut pending);
                    }
                }
                self.options.push(pending);
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn reserved(
        &mut self,
        r: &ast::Reserved,
        path: &[i32],
        range_field: i32,
        name_field: i32,
        ranges: &mut Vec<d::ReservedRange>,
        names: &mut Vec<String>,
        exclusive_end: bool,
    ) {
        match &r.kind {
            ReservedKind::Names(ns) => {
                let npath = cat(path, &[name_field]);
                self.loc(npath.clone(), r.span, Some(r.comments.clone()));
                for n in ns {
                    let i = names.len() as i32;
                    self.loc(cat(&npath, &[i]), n.span, None);
                    names.push(n.text.clone());
                }
            }
            ReservedKind::Ranges(rs) => {
                let rpath = cat(path, &[range_field]);
                self.loc(rpath.clone(), r.span, Some(r.comments.clone()));
                for range in rs {
                    let i = ranges.len() as i32;
                    let ipath = cat(&rpath, &[i]);
                    self.loc(ipath.clone(), range.span, None);
                    self.loc(
                        cat(&ipath, &[RESERVED_START as i32]),
                        range.start_span,
                        None,
                    );
                    self.loc(cat(&ipath, &[RESERVED_END as i32]), range.end_span, None);
                    let end = match range.end {
                        None => range.start,
                        Some(None) => {
                            if exclusive_end {
                                -2
                            } else {
                                i32::MAX as i64
                            }
                        }
                        Some(Some(e)) => e,
                    };
                    let end = if exclusive_end {
                        (end as i32).wrapping_add(1)
                    } else {
                        end as i32
                    };
                    ranges.push(d::ReservedRange {
                        start: Some(range.start as i32),
                        end: Some(end),
                    });
                }
            }
        }
    }

    fn enum_type(&mut self, e: &ast::Enum, path: &[i32]) -> d::EnumDescriptorProto {
        self.loc(path.to_vec(), e.span, Some(e.comments.clone()));
        self.loc(cat(path, &[ENUM_NAME as i32]), e.name.span, None);
        let mut en = d::EnumDescriptorProto {
            name: Some(e.name.text.clone()),
            ..Default::default()
        };
        if let Some((v, _)) = e.visibility {
            en.visibility = Some(visibility_number(v));
        }
        let mut opts = PendingOptions {
            entity: path.to_vec(),
            kind: OptionsKind::Enum,
            preset: vec![],
            items: vec![],
        };
        for item in &e.items {
            match item {
                EnumItem::Value(v) => {
                    let i = en.value.len() as i32;
                    let vpath = cat(path, &[ENUM_VALUE as i32, i]);
                    self.loc(vpath.clone(), v.span, Some(v.comments.clone()));
                    self.loc(cat(&vpath, &[ENUM_VALUE_NAME as i32]), v.name.span, None);
                    self.loc(
                        cat(&vpath, &[ENUM_VALUE_NUMBER as i32]),
                        v.number_span,
                        None,
                    );
                    let mut vopts = PendingOptions {
                        entity: vpath.clone(),
                        kind: OptionsKind::EnumValue,
                        preset: vec![],
                        items: vec![],
                    };
                    if let Some(fo) = &v.options {
                        let opath = cat(&vpath, &[ENUM_VALUE_OPTIONS as i32]);
                        self.loc(opath.clone(), fo.span, None);
                        for entry in &fo.entries {
                            if let FieldOption::Option(a) = entry {
                                self.option_assign(&opath, a, None, &mut vopts);
                            }
                        }
                    }
                    if !vopts.items.is_empty() {
                        self.options.push(vopts);
                    }
                    en.value.push(d::EnumValueDescriptorProto {
                        name: Some(v.name.text.clone()),
                        number: Some(v.number as i32),
                        options: None,
                    });
                }
                EnumItem::Option(o) => self.option_statement(path, ENUM_OPTIONS, o, &mut opts),
                EnumItem::Reserved(r) => {
                    let (ranges, names) = (&mut en.reserved_range, &mut en.reserved_name);
                    self.reserved(
                        r,
                        path,
                        ENUM_RESERVED_RANGE as i32,
                        ENUM_RESERVED_NAME as i32,
                        ranges,
                        names,
                        false,
                    );
                }
                EnumItem::Empty => {}
            }
        }
        if !opts.items.is_empty() {
            self.options.push(opts);
        }
        en
    }

    fn extend(
        &mut self,
        x: &ast::Extend,
        parent: &[i32],
        ext_field: i32,
        nested_field: i32,
        extensions: &mut Vec<d::FieldDescriptorProto>,
        messages: &mut Vec<d::DescriptorProto>,
    ) {
        let xpath = cat(parent, &[ext_field]);
        self.loc(xpath.clone(), x.span, Some(x.comments.clone()));
        for f in &x.fields {
            let i = extensions.len() as i32;
            let fpath = cat(&xpath, &[i]);
            let fd = self.field(
                f,
                &fpath,
                parent,
                nested_field,
                messages,
                None,
                Some((&x.extendee, x.extendee_span)),
            );
            extensions.push(fd);
        }
    }

    fn service(&mut self, s: &ast::Service, path: &[i32]) -> d::ServiceDescriptorProto {
        self.loc(path.to_vec(), s.span, Some(s.comments.clone()));
        self.loc(cat(path, &[SERVICE_NAME as i32]), s.name.span, None);
        let mut sv = d::ServiceDescriptorProto {
            name: Some(s.name.text.clone()),
            ..Default::default()
        };
        let mut opts = PendingOptions {
            entity: path.to_vec(),
            kind: OptionsKind::Service,
            preset: vec![],
            items: vec![],
        };
        for item in &s.items {
            match item {
                ServiceItem::Method(m) => {
                    let i = sv.method.len() as i32;
                    let mpath = cat(path, &[SERVICE_METHOD as i32, i]);
                    self.loc(mpath.clone(), m.span, Some(m.comments.clone()));
                    self.loc(cat(&mpath, &[METHOD_NAME as i32]), m.name.span, None);
                    if let Some(sp) = m.input_stream {
                        self.loc(cat(&mpath, &[METHOD_CLIENT_STREAMING as i32]), sp, None);
                    }
                    self.loc(cat(&mpath, &[METHOD_INPUT_TYPE as i32]), m.input_span, None);
                    if let Some(sp) = m.output_stream {
                        self.loc(cat(&mpath, &[METHOD_SERVER_STREAMING as i32]), sp, None);
                    }
                    self.loc(
                        cat(&mpath, &[METHOD_OUTPUT_TYPE as i32]),
                        m.output_span,
                        None,
                    );
                    let mut mopts = PendingOptions {
                        entity: mpath.clone(),
                        kind: OptionsKind::Method,
                        preset: vec![],
                        items: vec![],
                    };
                    for o in &m.options {
                        self.option_statement(&mpath, METHOD_OPTIONS, o, &mut mopts);
                    }
                    if !mopts.items.is_empty() {
                        self.options.push(mopts);
                    }
                    sv.method.push(d::MethodDescriptorProto {
                        name: Some(m.name.text.clone()),
                        input_type: Some(m.input.clone()),
                        output_type: Some(m.output.clone()),
                        options: if m.has_body { Some(Vec::new()) } else { None },
                        client_streaming: m.input_stream.map(|_| true),
                        server_streaming: m.output_stream.map(|_| true),
                    });
                }
                ServiceItem::Option(o) => {
                    self.option_statement(path, SERVICE_OPTIONS, o, &mut opts)
                }
                ServiceItem::Empty => {}
            }
        }
        if !opts.items.is_empty() {
            self.options.push(opts);
        }
        sv
    }
}

pub fn scalar_type(s: ScalarType) -> d::Type {
    use ScalarType as S;
    match s {
        S::Double => d::Type::Double,
        S::Float => d::Type::Float,
        S::Int64 => d::Type::Int64,
        S::Uint64 => d::Type::Uint64,
        S::Int32 => d::Type::Int32,
        S::Fixed64 => d::Type::Fixed64,
        S::Fixed32 => d::Type::Fixed32,
        S::Bool => d::Type::Bool,
        S::String => d::Type::String,
        S::Bytes => d::Type::Bytes,
        S::Uint32 => d::Type::Uint32,
        S::Sfixed32 => d::Type::Sfixed32,
        S::Sfixed64 => d::Type::Sfixed64,
        S::Sint32 => d::Type::Sint32,
        S::Sint64 => d::Type::Sint64,
    }
}

/// `SymbolVisibility` in descriptor.proto.
fn visibility_number(v: Visibility) -> i32 {
    match v {
        Visibility::Local => 1,
        Visibility::Export => 2,
    }
}
