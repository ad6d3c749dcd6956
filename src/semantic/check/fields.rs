//! Field rules that depend on options and features: packed, lazy, jstype,
//! ctype, editions presence and encodings, map entries and message sets.

use super::walker::{cat, walk, At, Ctx, Member, Pass};
use crate::descriptor::edition::Edition;
use crate::descriptor::tags::*;
use crate::descriptor::wire::find_varint;
use crate::descriptor::wire::{find_message, find_string};
use crate::descriptor::{self as d};
use crate::diagnostics::{Code, Diagnostic};
use crate::semantic::features::*;
use crate::semantic::pool::{message_at, Pool, SymKind};
use crate::syntax::Syntax;

const FIELD_OPTIONS_CTYPE: u32 = 1;
const FIELD_OPTIONS_PACKED: u32 = 2;
const FIELD_OPTIONS_LAZY: u32 = 5;
const FIELD_OPTIONS_JSTYPE: u32 = 6;
const FIELD_OPTIONS_UNVERIFIED_LAZY: u32 = 15;
const FIELD_OPTIONS_FEATURES: u32 = 21;
const PRESENCE_IMPLICIT: u64 = 2;
const PRESENCE_LEGACY_REQUIRED: u64 = 3;

pub fn check_fields(pool: &Pool, file: usize, diags: &mut Vec<Diagnostic>) {
    walk(&mut Ctx { pool, file, diags }, &mut Fields);
}

struct Fields;

impl Pass for Fields {
    const ORDER: &'static [Member] = &[Member::Fields, Member::Extensions, Member::Nested];
    fn message(&mut self, cx: &mut Ctx, m: &d::DescriptorProto, at: &At) {
        let is_set = m
            .options
            .as_deref()
            .and_then(|o| find_varint(o, MESSAGE_OPTIONS_MESSAGE_SET_WIRE_FORMAT))
            == Some(1);
        if is_set && !m.field.is_empty() {
            cx.err(
                Code::MessageSet,
                &at.sub(&[MSG_FIELD as i32, 0, FIELD_NAME as i32]),
                "MessageSets cannot have fields, only extensions.".into(),
            );
        }
        if is_map_entry(m) {
            map_entry(cx, m, at.path);
        }
    }
    fn field(
        &mut self,
        cx: &mut Ctx,
        f: &d::FieldDescriptorProto,
        owner: &d::DescriptorProto,
        at: &At,
    ) {
        map_entry_misuse(cx, owner, f, at.path);
        field(cx, f, at, is_map_entry(owner));
    }
    fn extension(&mut self, cx: &mut Ctx, f: &d::FieldDescriptorProto, at: &At) {
        field(cx, f, at, false);
    }
}

fn map_entry(cx: &mut Ctx, m: &d::DescriptorProto, path: &[i32]) {
    let (Some(key), Some(value)) = (m.field.first(), m.field.get(1)) else {
        return;
    };
    // Reported at the type of the map field the entry was made for.
    let parent_path = &path[..path.len() - 2];
    let parent = message_at(&cx.pool.files[cx.file].proto, parent_path);
    let entry_name = m.name.as_deref().unwrap_or("");
    let key_path = match parent.field.iter().position(|f| {
        f.type_name
            .as_deref()
            .is_some_and(|t| t.rsplit('.').next() == Some(entry_name))
    }) {
        Some(j) => cat(
            parent_path,
            &[MSG_FIELD as i32, j as i32, FIELD_TYPE_NAME as i32],
        ),
        None => parent_path.to_vec(),
    };
    match key.r#type {
        Some(
            d::Type::Float | d::Type::Double | d::Type::Bytes | d::Type::Message | d::Type::Group,
        ) => {
            cx.err(
                Code::InvalidMap,
                &key_path,
                "Key in map fields cannot be float/double, bytes or message types.".into(),
            );
            cx.point_at(
                &cat(path, &[MSG_FIELD as i32, 0, FIELD_TYPE as i32]),
                "not a valid key type",
            );
            cx.help("a map key is an integer type, `bool` or `string`");
        }
        Some(d::Type::Enum) => {
            cx.err(
                Code::InvalidMap,
                &key_path,
                "Key in map fields cannot be enum types.".into(),
            );
            cx.point_at(
                &cat(path, &[MSG_FIELD as i32, 0, FIELD_TYPE as i32]),
                "an enum cannot be a key",
            );
            cx.help("use the enum's integer type (`int32`) or `string` as the key");
        }
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
                    Code::InvalidMap,
                    &key_path,
                    "Enum value in map must define 0 as the first value.".into(),
                );
            }
        }
    }
}

fn field(cx: &mut Ctx, f: &d::FieldDescriptorProto, at: &At, in_map_entry: bool) {
    let path = at.path;
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
    // protoc reports option misuse at the field's type, feature misuse at its name.
    let named = matches!(f.r#type, Some(d::Type::Message | d::Type::Enum));
    let type_path = cat(
        path,
        &[if named { FIELD_TYPE_NAME } else { FIELD_TYPE } as i32],
    );
    let name_path = cat(path, &[FIELD_NAME as i32]);
    let full = at.full;

    if f.extendee.is_some() && f.label == Some(d::Label::Required) {
        cx.err(
            Code::InvalidLabel,
            &type_path,
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
                    Code::MessageSet,
                    &type_path,
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
            Code::OptionNotAllowed,
            &type_path,
            "[packed = true] can only be specified for repeated primitive fields.".into(),
        );
    }
    let lazy = find_varint(opts, FIELD_OPTIONS_LAZY) == Some(1)
        || find_varint(opts, FIELD_OPTIONS_UNVERIFIED_LAZY) == Some(1);
    if lazy && !is_message {
        cx.err(
            Code::OptionNotAllowed,
            &type_path,
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
            Code::OptionNotAllowed,
            &type_path,
            "jstype is only allowed on int64, uint64, sint64, fixed64 or sfixed64 fields.".into(),
        );
    }
    feature_support_definition(cx, opts, full);
    if syntax != Syntax::Editions {
        return;
    }
    if find_varint(opts, FIELD_OPTIONS_PACKED).is_some() {
        cx.err(
            Code::SyntaxRestriction,
            &name_path,
            "Field option packed is not allowed under editions.  Use the repeated_field_encoding feature to control this behavior.".into(),
        );
    }
    if edition >= Edition::E2024 && find_varint(opts, FIELD_OPTIONS_CTYPE).is_some() {
        cx.err(
            Code::SyntaxRestriction,
            &type_path,
            "ctype option is not allowed under edition 2024 and beyond. Use the feature string_type = VIEW|CORD|STRING|... instead.".into(),
        );
    }
    // What the field itself sets.
    let own = find_message(opts, FIELD_OPTIONS_FEATURES).unwrap_or_default();
    let in_oneof = f.oneof_index.is_some() && f.proto3_optional != Some(true);
    // A map entry's key and value carry the map field's features, where they were checked.
    let own = if in_map_entry {
        strip_fields(
            &own,
            &[FEATURE_FIELD_PRESENCE, FEATURE_REPEATED_FIELD_ENCODING],
        )
    } else {
        own
    };
    if let Some(p) = find_varint(&own, FEATURE_FIELD_PRESENCE) {
        if f.extendee.is_some() {
            let msg = if p == PRESENCE_LEGACY_REQUIRED {
                "Extensions can't be required."
            } else {
                "Extensions can't specify field presence."
            };
            cx.err(Code::InvalidFeature, &name_path, msg.into());
        } else if repeated {
            cx.err(
                Code::InvalidFeature,
                &name_path,
                "Repeated fields can't specify field presence.".into(),
            );
        } else if in_oneof {
            cx.err(
                Code::InvalidFeature,
                &name_path,
                "Oneof fields can't specify field presence.".into(),
            );
        } else if is_message && p == PRESENCE_IMPLICIT {
            cx.err(
                Code::InvalidFeature,
                &name_path,
                "Message fields can't specify implicit presence.".into(),
            );
        }
    }
    if find_varint(&own, FEATURE_MESSAGE_ENCODING).is_some() && !is_message {
        cx.err(
            Code::InvalidFeature,
            &name_path,
            "Only message fields can specify message encoding.".into(),
        );
    }
    if let Some(enc) = find_varint(&own, FEATURE_REPEATED_FIELD_ENCODING) {
        if !repeated {
            cx.err(
                Code::InvalidFeature,
                &name_path,
                "Only repeated fields can specify repeated field encoding.".into(),
            );
        } else if enc == 1 && !primitive {
            cx.err(
                Code::InvalidFeature,
                &name_path,
                "Only repeated primitive fields can specify PACKED repeated field encoding.".into(),
            );
        }
    }
    if find_varint(&own, FEATURE_UTF8_VALIDATION).is_some()
        && ty != d::Type::String
        && !is_string_map(cx.pool, f)
    {
        cx.err(
            Code::InvalidFeature,
            &name_path,
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
                Code::InvalidFeature,
                &name_path,
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
                    let msg = "Implicit presence enum fields must always be open.".to_string();
                    if cx.pool.files[cx.file].has_location(path) {
                        cx.err(Code::InvalidFeature, &name_path, msg);
                    } else {
                        // A map entry's value: protoc has no position to give.
                        cx.err_file(Code::InvalidFeature, msg);
                    }
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

fn is_map_entry(m: &d::DescriptorProto) -> bool {
    m.options
        .as_deref()
        .and_then(|o| find_varint(o, MESSAGE_OPTIONS_MAP_ENTRY))
        == Some(1)
}

/// A map entry message may only be the type of the map field it was made for.
fn map_entry_misuse(
    cx: &mut Ctx,
    parent: &d::DescriptorProto,
    f: &d::FieldDescriptorProto,
    path: &[i32],
) {
    if f.r#type != Some(d::Type::Message) {
        return;
    }
    let Some(sym) = f
        .type_name
        .as_deref()
        .and_then(|t| cx.pool.symbols.get(t.trim_start_matches('.')))
    else {
        return;
    };
    if sym.kind != SymKind::Message || !is_map_entry(cx.pool.message(sym)) {
        return;
    }
    let entry = cx.pool.message(sym);
    let own = f.label == Some(d::Label::Repeated)
        && entry.name.as_deref()
            == Some(
                crate::semantic::text::map_entry_name(f.name.as_deref().unwrap_or("")).as_str(),
            )
        && parent.nested_type.iter().any(|n| std::ptr::eq(n, entry));
    if !own {
        cx.err(
            Code::OptionNotAllowed,
            &cat(path, &[FIELD_TYPE_NAME as i32]),
            "map_entry should not be set explicitly. Use map<KeyType, ValueType> instead.".into(),
        );
    }
}

/// `bytes` without the fields numbered in `drop`.
fn strip_fields(bytes: &[u8], drop: &[u32]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut r = crate::descriptor::wire::Reader::new(bytes);
    while !r.done() {
        let start = r.pos;
        let Some((n, _, _)) = r.field() else { break };
        if !drop.contains(&n) {
            out.extend_from_slice(&bytes[start..r.pos]);
        }
    }
    out
}

/// A field's `feature_support` must be consistent.
fn feature_support_definition(cx: &mut Ctx, opts: &[u8], full: &str) {
    let Some(fs) = find_message(opts, FIELD_OPTIONS_FEATURE_SUPPORT) else {
        return;
    };
    let introduced = find_varint(&fs, FEATURE_SUPPORT_EDITION_INTRODUCED);
    let deprecated = find_varint(&fs, FEATURE_SUPPORT_EDITION_DEPRECATED);
    let warning = find_string(&fs, FEATURE_SUPPORT_DEPRECATION_WARNING);
    let removed = find_varint(&fs, FEATURE_SUPPORT_EDITION_REMOVED);
    let removal_error = find_string(&fs, FEATURE_SUPPORT_REMOVAL_ERROR);
    let msg = if warning.is_some() && deprecated.is_none() {
        format!(
            "{full} specifies a deprecation warning but is not marked deprecated in any edition."
        )
    } else if matches!((deprecated, introduced), (Some(d), Some(i)) if d < i) {
        format!("{full} was deprecated before it was introduced.")
    } else if deprecated.is_some() && warning.is_none() {
        format!("{full} is deprecated but does not specify a deprecation warning.")
    } else if matches!((removed, introduced), (Some(r), Some(i)) if r < i) {
        format!("{full} was removed before it was introduced.")
    } else if removed.is_some()
        && removal_error.is_none()
        && !is_feature_field(cx.pool, cx.file, full)
    {
        format!("{full} has been removed but does not specify a removal error.")
    } else {
        return;
    };
    cx.err_file(Code::InvalidFeature, msg);
}

/// Whether `field` belongs to FeatureSet or to a message that extends it
/// (a language's feature set) among the files up to `file`, where
/// removals need no error text.
fn is_feature_field(pool: &Pool, file: usize, field: &str) -> bool {
    let Some((parent, _)) = field.rsplit_once('.') else {
        return false;
    };
    parent == "google.protobuf.FeatureSet"
        || pool.extensions.iter().any(|((extendee, _), ext)| {
            extendee == "google.protobuf.FeatureSet"
                && pool.symbols.get(ext.as_str()).is_some_and(|s| {
                    // What the pool had when the file was compiled (its
                    // checks may run after later files were added).
                    s.file <= file
                        && pool
                            .field(s)
                            .type_name
                            .as_deref()
                            .map(|t| t.trim_start_matches('.'))
                            == Some(parent)
                })
        })
}
