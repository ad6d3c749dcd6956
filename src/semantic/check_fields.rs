//! Field rules that depend on options and features: packed, lazy, jstype,
//! ctype, editions presence and encodings, map entries and message sets.

use super::check_options::sub_message;
use super::dynamic::find_varint;
use super::features::*;
use super::link::report;
use super::lower::EDITION_2024;
use super::pool::{message_at, Pool, SymKind};
use crate::descriptor::tags::*;
use crate::descriptor::{self as d};
use crate::diagnostics::Diagnostic;
use crate::syntax::Syntax;

const FIELD_OPTIONS_CTYPE: u32 = 1;
const FIELD_OPTIONS_PACKED: u32 = 2;
const FIELD_OPTIONS_LAZY: u32 = 5;
const FIELD_OPTIONS_JSTYPE: u32 = 6;
const FIELD_OPTIONS_UNVERIFIED_LAZY: u32 = 15;
const FIELD_OPTIONS_FEATURES: u32 = 21;
const PRESENCE_IMPLICIT: u64 = 2;
const PRESENCE_LEGACY_REQUIRED: u64 = 3;

struct Cx<'a> {
    pool: &'a Pool,
    file: usize,
    diags: &'a mut Vec<Diagnostic>,
}

impl Cx<'_> {
    fn err(&mut self, path: &[i32], msg: String) {
        report(self.pool, self.file, self.diags, path, msg);
    }
}

fn cat(p: &[i32], more: &[i32]) -> Vec<i32> {
    let mut v = p.to_vec();
    v.extend_from_slice(more);
    v
}

pub fn check_fields(pool: &Pool, file: usize, diags: &mut Vec<Diagnostic>) {
    let mut cx = Cx { pool, file, diags };
    let fd = &pool.files[file].proto;
    for (i, m) in fd.message_type.iter().enumerate() {
        message(&mut cx, m, &[FILE_MESSAGE_TYPE as i32, i as i32]);
    }
    for (i, x) in fd.extension.iter().enumerate() {
        field(&mut cx, x, &[FILE_EXTENSION as i32, i as i32]);
    }
}

fn message(cx: &mut Cx, m: &d::DescriptorProto, path: &[i32]) {
    let is_set = m
        .options
        .as_deref()
        .and_then(|o| find_varint(o, MESSAGE_OPTIONS_MESSAGE_SET_WIRE_FORMAT))
        == Some(1);
    if is_set && !m.field.is_empty() {
        cx.err(
            &cat(path, &[MSG_FIELD as i32, 0]),
            "MessageSets cannot have fields, only extensions.".into(),
        );
    }
    if m.options
        .as_deref()
        .and_then(|o| find_varint(o, MESSAGE_OPTIONS_MAP_ENTRY))
        == Some(1)
    {
        map_entry(cx, m, path);
    }
    for (i, f) in m.field.iter().enumerate() {
        field(cx, f, &cat(path, &[MSG_FIELD as i32, i as i32]));
    }
    for (i, x) in m.extension.iter().enumerate() {
        field(cx, x, &cat(path, &[MSG_EXTENSION as i32, i as i32]));
    }
    for (i, n) in m.nested_type.iter().enumerate() {
        message(cx, n, &cat(path, &[MSG_NESTED_TYPE as i32, i as i32]));
    }
}

fn map_entry(cx: &mut Cx, m: &d::DescriptorProto, path: &[i32]) {
    let (Some(key), Some(value)) = (m.field.first(), m.field.get(1)) else {
        return;
    };
    let key_path = path[..path.len() - 2].to_vec();
    match key.r#type {
        Some(
            d::Type::Float | d::Type::Double | d::Type::Bytes | d::Type::Message | d::Type::Group,
        ) => {
            cx.err(
                &key_path,
                "Key in map fields cannot be float/double, bytes or message types.".into(),
            );
        }
        Some(d::Type::Enum) => cx.err(&key_path, "Key in map fields cannot be enum types.".into()),
        _ => {}
    }
    if value.r#type == Some(d::Type::Enum) {
        if let Some(sym) = value
            .type_name
            .as_deref()
            .and_then(|t| cx.pool.symbols.get(t.trim_start_matches('.')))
        {
            let closed = feature_at(cx.pool, sym.file, &sym.path, FEATURE_ENUM_TYPE) == 2;
            let e = cx.pool.enum_type(sym);
            if closed && e.value.first().and_then(|v| v.number) != Some(0) {
                cx.err(
                    &key_path,
                    "Enum value in map must define 0 as the first value.".into(),
                );
            }
        }
    }
}

fn field(cx: &mut Cx, f: &d::FieldDescriptorProto, path: &[i32]) {
    let file = &cx.pool.files[cx.file];
    let (syntax, edition) = (file.syntax, file.edition);
    let opts = f.options.as_deref().unwrap_or(&[]);
    let ty = f.r#type.unwrap_or(d::Type::Message);
    let repeated = f.label == Some(d::Label::Repeated);
    let is_message = matches!(ty, d::Type::Message | d::Type::Group);
    let primitive = !matches!(
        ty,
        d::Type::Message | d::Type::Group | d::Type::String | d::Type::Bytes
    );
    let opts_path = cat(path, &[FIELD_OPTIONS as i32]);
    let full = field_full_name(cx.pool, cx.file, path);

    if f.extendee.is_some() && f.label == Some(d::Label::Required) {
        cx.err(
            &cat(path, &[FIELD_LABEL as i32]),
            format!("The extension {full} cannot be required."),
        );
    }
    if let Some(x) = f.extendee.as_deref() {
        if let Some(sym) = cx.pool.symbols.get(x.trim_start_matches('.')) {
            let target = cx.pool.message(sym);
            let set = target
                .options
                .as_deref()
                .and_then(|o| find_varint(o, MESSAGE_OPTIONS_MESSAGE_SET_WIRE_FORMAT))
                == Some(1);
            if set && (f.label != Some(d::Label::Optional) || ty != d::Type::Message) {
                cx.err(
                    &cat(path, &[FIELD_TYPE_NAME as i32]),
                    "Extensions of MessageSets must be optional messages.".into(),
                );
            }
        }
    }
    if find_varint(opts, FIELD_OPTIONS_PACKED) == Some(1)
        && (!repeated || !primitive)
        && syntax != Syntax::Editions
    {
        cx.err(
            &opts_path,
            "[packed = true] can only be specified for repeated primitive fields.".into(),
        );
    }
    let lazy = find_varint(opts, FIELD_OPTIONS_LAZY) == Some(1)
        || find_varint(opts, FIELD_OPTIONS_UNVERIFIED_LAZY) == Some(1);
    if lazy && !is_message {
        cx.err(
            &opts_path,
            "[lazy = true] can only be specified for submessage fields.".into(),
        );
    }
    if find_varint(opts, FIELD_OPTIONS_JSTYPE).is_some_and(|v| v != 0)
        && !matches!(
            ty,
            d::Type::Int64
                | d::Type::Uint64
                | d::Type::Sint64
                | d::Type::Fixed64
                | d::Type::Sfixed64
        )
    {
        cx.err(
            &opts_path,
            "jstype is only allowed on int64, uint64, sint64, fixed64 or sfixed64 fields.".into(),
        );
    }
    if syntax != Syntax::Editions {
        return;
    }
    if find_varint(opts, FIELD_OPTIONS_PACKED).is_some() {
        cx.err(
            &opts_path,
            "Field option packed is not allowed under editions.".into(),
        );
    }
    if edition >= EDITION_2024 && find_varint(opts, FIELD_OPTIONS_CTYPE).is_some() {
        cx.err(
            &opts_path,
            "ctype option is not allowed under edition 2024 and beyond.".into(),
        );
    }
    // What the field itself sets.
    let own = sub_message(opts, FIELD_OPTIONS_FEATURES).unwrap_or_default();
    let in_oneof = f.oneof_index.is_some() && f.proto3_optional != Some(true);
    if let Some(p) = find_varint(&own, FEATURE_FIELD_PRESENCE) {
        if f.extendee.is_some() {
            let msg = if p == PRESENCE_LEGACY_REQUIRED {
                "Extensions can't be required."
            } else {
                "Extensions can't specify field presence."
            };
            cx.err(&opts_path, msg.into());
        } else if repeated {
            cx.err(
                &opts_path,
                "Repeated fields can't specify field presence.".into(),
            );
        } else if in_oneof {
            cx.err(
                &opts_path,
                "Oneof fields can't specify field presence.".into(),
            );
        } else if is_message && p == PRESENCE_IMPLICIT {
            cx.err(
                &opts_path,
                "Message fields can't specify implicit presence.".into(),
            );
        }
    }
    if find_varint(&own, FEATURE_MESSAGE_ENCODING).is_some() && !is_message {
        cx.err(
            &opts_path,
            "Only message fields can specify message encoding.".into(),
        );
    }
    if let Some(enc) = find_varint(&own, FEATURE_REPEATED_FIELD_ENCODING) {
        if !repeated {
            cx.err(
                &opts_path,
                "Only repeated fields can specify repeated field encoding.".into(),
            );
        } else if enc == 1 && !primitive {
            cx.err(
                &opts_path,
                "Only repeated primitive fields can specify PACKED repeated field encoding.".into(),
            );
        }
    }
    if find_varint(&own, FEATURE_UTF8_VALIDATION).is_some()
        && ty != d::Type::String
        && !is_string_map(cx.pool, f)
    {
        cx.err(
            &opts_path,
            "Only string fields can specify utf8 validation.".into(),
        );
    }
    let presence = feature_at(cx.pool, cx.file, path, FEATURE_FIELD_PRESENCE);
    if presence == PRESENCE_IMPLICIT
        && !repeated
        && !in_oneof
        && f.extendee.is_none()
        && !is_message
    {
        if f.default_value.is_some() {
            cx.err(
                &cat(path, &[FIELD_DEFAULT_VALUE as i32]),
                "Implicit presence fields can't specify defaults.".into(),
            );
        }
        if ty == d::Type::Enum {
            if let Some(sym) = f
                .type_name
                .as_deref()
                .and_then(|t| cx.pool.symbols.get(t.trim_start_matches('.')))
            {
                if sym.kind == SymKind::Enum
                    && feature_at(cx.pool, sym.file, &sym.path, FEATURE_ENUM_TYPE) == 2
                {
                    cx.err(
                        &cat(path, &[FIELD_TYPE_NAME as i32]),
                        "Implicit presence enum fields must always be open.".into(),
                    );
                }
            }
        }
    }
}

/// A map field whose key or value is a string.
fn is_string_map(pool: &Pool, f: &d::FieldDescriptorProto) -> bool {
    let Some(sym) = f
        .type_name
        .as_deref()
        .and_then(|t| pool.symbols.get(t.trim_start_matches('.')))
    else {
        return false;
    };
    if sym.kind != SymKind::Message {
        return false;
    }
    let m = pool.message(sym);
    m.options
        .as_deref()
        .and_then(|o| find_varint(o, MESSAGE_OPTIONS_MAP_ENTRY))
        == Some(1)
        && m.field.iter().any(|k| k.r#type == Some(d::Type::String))
}

fn field_full_name(pool: &Pool, file: usize, path: &[i32]) -> String {
    let fd = &pool.files[file].proto;
    let f = super::pool::field_at(fd, path);
    let mut scope = fd.package.clone().unwrap_or_default();
    if path.len() > 2 {
        let mut p = 2;
        while p <= path.len() - 2 {
            let m = message_at(fd, &path[..p]);
            scope = if scope.is_empty() {
                m.name.clone().unwrap_or_default()
            } else {
                format!("{scope}.{}", m.name.as_deref().unwrap_or(""))
            };
            p += 2;
        }
    }
    let name = f.name.as_deref().unwrap_or("");
    if scope.is_empty() {
        name.to_string()
    } else {
        format!("{scope}.{name}")
    }
}
