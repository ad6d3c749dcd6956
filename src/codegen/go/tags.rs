//! Struct tags: the `protobuf:"…"` tag through which the Go runtime reads
//! a field's wire shape, and the backquoted tag list around it.

use std::fmt;

use super::literal::{float32, quote};
use super::names::go_camel_case;
use crate::descriptor::edition::Edition;
use crate::semantic::model::features::RepeatedFieldEncoding;
use crate::semantic::model::{
    Cardinality, DefaultValue, Field, FieldKind, Model, Presence, Scalar, Scope,
};

/// `key:"value"` pairs, written between backquotes.
#[derive(Default)]
pub struct StructTags(Vec<(String, String)>);

impl StructTags {
    pub fn new() -> StructTags {
        StructTags::default()
    }

    pub fn with(mut self, key: &str, value: &str) -> StructTags {
        self.0.push((key.to_string(), value.to_string()));
        self
    }
}

impl fmt::Display for StructTags {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if self.0.is_empty() {
            return Ok(());
        }
        f.write_str("`")?;
        for (i, (key, value)) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            // A backquote cannot appear in a raw string: written as hex.
            write!(f, "{key}:{}", quote(value.as_bytes()).replace('`', "\\x60"))?;
        }
        f.write_str("`")
    }
}

/// The file's syntax as the Go runtime sees it.
fn edition_of(model: &Model, field: &Field) -> Edition {
    model.file(field.file).edition
}

/// Whether a repeated field is written packed.
pub fn is_packed(model: &Model, field: &Field) -> bool {
    if field.cardinality != Cardinality::Repeated {
        return false;
    }
    match field.kind {
        FieldKind::Scalar(Scalar::String | Scalar::Bytes)
        | FieldKind::Message(_)
        | FieldKind::Map { .. } => return false,
        _ => {}
    }
    let edition = edition_of(model, field);
    if edition.is_editions() {
        return field.features.repeated_field_encoding() == RepeatedFieldEncoding::Packed;
    }
    field.options.packed.unwrap_or(edition == Edition::PROTO3)
}

/// The value of a field's `protobuf` tag: wire type, number, cardinality,
/// packing, name, JSON name, syntax, enum, oneof and default.
pub fn field_tag(model: &Model, field: &Field) -> String {
    let mut tag: Vec<String> = Vec::new();
    let wire = match field.kind {
        FieldKind::Scalar(s) => match s {
            Scalar::Bool | Scalar::Int32 | Scalar::Uint32 | Scalar::Int64 | Scalar::Uint64 => {
                "varint"
            }
            Scalar::Sint32 => "zigzag32",
            Scalar::Sint64 => "zigzag64",
            Scalar::Sfixed32 | Scalar::Fixed32 | Scalar::Float => "fixed32",
            Scalar::Sfixed64 | Scalar::Fixed64 | Scalar::Double => "fixed64",
            Scalar::String | Scalar::Bytes => "bytes",
        },
        FieldKind::Enum(_) => "varint",
        FieldKind::Message(_) if field.delimited => "group",
        FieldKind::Message(_) | FieldKind::Map { .. } => "bytes",
    };
    tag.push(wire.into());
    tag.push(field.number.to_string());
    tag.push(
        match (field.cardinality, field.presence) {
            (Cardinality::Repeated, _) => "rep",
            (_, Presence::Required) => "req",
            _ => "opt",
        }
        .into(),
    );
    if is_packed(model, field) {
        tag.push("packed".into());
    }
    let name = match field.kind {
        FieldKind::Message(m) if field.delimited => &model[model.message(m).name],
        _ => &model[field.name],
    };
    tag.push(format!("name={name}"));
    let json = &model[field.json_name];
    if !json.is_empty() && json != name && field.extendee.is_none() {
        tag.push(format!("json={json}"));
    }
    if edition_of(model, field) == Edition::PROTO3 && field.extendee.is_none() {
        tag.push("proto3".into());
    }
    if let FieldKind::Enum(e) = field.kind {
        tag.push(format!("enum={}", legacy_enum_name(model, e)));
    }
    if field.oneof.is_some() {
        tag.push("oneof".into());
    }
    if let Some(default) = &field.default {
        tag.push(format!("def={}", tag_default(model, field, default)));
    }
    tag.join(",")
}

/// An enum's name as the legacy Go runtime registered it: the proto
/// package, then the Go-cased name within it.
fn legacy_enum_name(model: &Model, e: crate::semantic::model::EnumId) -> String {
    let en = model.enum_(e);
    let full = &model[en.full_name];
    let package = &model[model.file(en.file).package];
    if package.is_empty() {
        return go_camel_case(full);
    }
    let local = full
        .strip_prefix(package)
        .and_then(|s| s.strip_prefix('.'))
        .unwrap_or(full);
    format!("{package}.{}", go_camel_case(local))
}

/// A default value as the tag writes it.
fn tag_default(model: &Model, field: &Field, default: &DefaultValue) -> String {
    match default {
        DefaultValue::Bool(b) => if *b { "1" } else { "0" }.into(),
        DefaultValue::Enum(v) => model.enum_value(*v).number.to_string(),
        DefaultValue::Int(i) => i.to_string(),
        DefaultValue::Uint(u) => u.to_string(),
        DefaultValue::Float(f) if f.is_nan() => "nan".into(),
        DefaultValue::Float(f) if f.is_infinite() => if *f > 0.0 { "inf" } else { "-inf" }.into(),
        DefaultValue::Float(f) => match field.kind {
            FieldKind::Scalar(Scalar::Float) => float32(*f as f32),
            _ => super::literal::float64(*f),
        },
        DefaultValue::String(s) => s.clone(),
        DefaultValue::Bytes(b) => c_escape(b),
    }
}

/// Bytes as protoc's C escaping writes them: printable ASCII as is, the
/// usual backslash escapes, three-digit octal for the rest.
fn c_escape(bytes: &[u8]) -> String {
    let mut out = String::new();
    for &c in bytes {
        match c {
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            b'"' => out.push_str("\\\""),
            b'\'' => out.push_str("\\'"),
            b'\\' => out.push_str("\\\\"),
            0x20..=0x7e => out.push(c as char),
            _ => out.push_str(&format!("\\{c:03o}")),
        }
    }
    out
}

/// The scope a field is declared in, for naming.
pub fn is_top_level(field: &Field) -> bool {
    matches!(field.parent, Scope::File(_))
}
