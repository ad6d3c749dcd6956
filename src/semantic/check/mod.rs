//! Validation across a linked file: numbers, names, ranges, and the rules of
//! each syntax, with protoc's messages.

pub mod decls;
mod enums;
pub mod fields;
pub mod imports;
pub mod naming;
pub mod options;
mod suggest;
mod walker;

use std::collections::{HashMap, HashSet};

use crate::descriptor::tags::*;
use crate::descriptor::wire::find_varint;
use crate::descriptor::{self as d, MAX_FIELD_NUMBER};
use crate::diagnostics::{Code, Diagnostic};
use crate::semantic::pool::Pool;
use crate::semantic::report::report;
use crate::semantic::text::json_name;
use crate::syntax::Syntax;
use enums::{check_enum, check_enum_aliases};
use walker::{cat, walk, At, Ctx, Member, Pass, REGISTRATION};

const RESERVED_START: i32 = 19_000;
const RESERVED_END: i32 = 19_999;
const RESERVED_START_TAG: u32 = crate::descriptor::tags::RESERVED_START;

/// The rules protoc checks as it builds each declaration, once names are
/// linked and options interpreted: numbers, names, ranges, and the rules of
/// each syntax.
pub fn check_file(pool: &Pool, file: usize, diags: &mut Vec<Diagnostic>) {
    let mut cx = Ctx { pool, file, diags };
    walk(&mut cx, &mut Structure);
    suggest::suggest_field_numbers(&mut cx);
}

struct Structure;

impl Pass for Structure {
    // As protoc builds and validates a message: its fields, enums and
    // extensions before its nested messages, and the message as a whole last.
    const ORDER: &'static [Member] = &[
        Member::Fields,
        Member::Enums,
        Member::Extensions,
        Member::Nested,
    ];
    fn message_end(&mut self, cx: &mut Ctx, m: &d::DescriptorProto, at: &At) {
        check_message(cx, m, at);
    }
    fn field(
        &mut self,
        cx: &mut Ctx,
        f: &d::FieldDescriptorProto,
        _: &d::DescriptorProto,
        at: &At,
    ) {
        check_field(cx, f, at);
    }
    fn extension(&mut self, cx: &mut Ctx, f: &d::FieldDescriptorProto, at: &At) {
        check_field(cx, f, at);
    }
    fn enum_type(&mut self, cx: &mut Ctx, e: &d::EnumDescriptorProto, at: &At) {
        check_enum(cx, e, at);
    }
}

/// What protoc checks as it builds a file's descriptors, before any name is
/// resolved: the bounds of extension and reserved ranges.
pub fn check_ranges(pool: &Pool, file: usize, diags: &mut Vec<Diagnostic>) {
    walk(&mut Ctx { pool, file, diags }, &mut Ranges);
}

struct Ranges;

impl Pass for Ranges {
    const ORDER: &'static [Member] = REGISTRATION;
    fn message(&mut self, cx: &mut Ctx, m: &d::DescriptorProto, at: &At) {
        message_ranges(cx, m, at.path);
    }
    fn enum_type(&mut self, cx: &mut Ctx, e: &d::EnumDescriptorProto, at: &At) {
        for (i, r) in e.reserved_range.iter().enumerate() {
            // Enum reserved ranges are inclusive at both ends.
            if r.start.unwrap_or(0) > r.end.unwrap_or(0) {
                cx.err(
                    Code::RangeOverlap,
                    &at.sub(&[ENUM_RESERVED_RANGE as i32, i as i32]),
                    "Reserved range end number must be greater than start number.".into(),
                );
            }
        }
    }
}

fn message_ranges(cx: &mut Ctx, m: &d::DescriptorProto, path: &[i32]) {
    for (i, r) in m.extension_range.iter().enumerate() {
        let (s, e) = (r.start.unwrap_or(0), r.end.unwrap_or(0));
        let start = cat(
            path,
            &[MSG_EXTENSION_RANGE as i32, i as i32, EXT_RANGE_START as i32],
        );
        if s <= 0 {
            cx.err(
                Code::FieldNumberOutOfRange,
                &start,
                "Extension numbers must be positive integers.".into(),
            );
        } else if s >= e {
            cx.err(
                Code::RangeOverlap,
                &start,
                "Extension range end number must be greater than start number.".into(),
            );
        }
    }
    for (i, r) in m.reserved_range.iter().enumerate() {
        let (s, e) = (r.start.unwrap_or(0), r.end.unwrap_or(0));
        let start = cat(
            path,
            &[
                MSG_RESERVED_RANGE as i32,
                i as i32,
                RESERVED_START_TAG as i32,
            ],
        );
        if s <= 0 {
            cx.err(
                Code::FieldNumberOutOfRange,
                &start,
                "Reserved numbers must be positive integers.".into(),
            );
        } else if s >= e {
            cx.err(
                Code::RangeOverlap,
                &start,
                "Reserved range end number must be greater than start number.".into(),
            );
        }
    }
}

/// What protoc checks as it links fields, before options are interpreted:
/// a field number used twice in one message.
pub fn check_field_numbers(pool: &Pool, file: usize, diags: &mut Vec<Diagnostic>) {
    walk(&mut Ctx { pool, file, diags }, &mut FieldNumbers);
}

struct FieldNumbers;

impl Pass for FieldNumbers {
    const ORDER: &'static [Member] = REGISTRATION;
    fn message(&mut self, cx: &mut Ctx, m: &d::DescriptorProto, at: &At) {
        let mut by_number: HashMap<i32, (usize, &str)> = HashMap::new();
        // The same for every duplicate, so found once (a search over the fields).
        let mut next_free = None;
        for (i, f) in m.field.iter().enumerate() {
            let n = f.number.unwrap_or(0);
            if let Some(&(first, other)) = by_number.get(&n) {
                let next = *next_free.get_or_insert_with(|| next_free_number(m));
                cx.err(
                    Code::DuplicateFieldNumber,
                    &at.sub(&[MSG_FIELD as i32, i as i32, FIELD_NUMBER as i32]),
                    format!(
                        "Field number {n} has already been used in \"{}\" by field \"{other}\". Next available field number is {next}.",
                        at.full
                    ),
                );
                cx.also(
                    &at.sub(&[MSG_FIELD as i32, first as i32, FIELD_NUMBER as i32]),
                    format!("{n} is first used by `{other}`"),
                );
                if let Some(d) = cx.diags.last_mut() {
                    d.label = Some(format!("{n} used again"));
                    d.help = Some(format!("use a free number, such as {next}"));
                }
            } else {
                by_number.insert(n, (i, f.name.as_deref().unwrap_or("")));
            }
        }
    }
}

/// The rules on a message as a whole, checked once its members are.
fn check_message(cx: &mut Ctx, m: &d::DescriptorProto, at: &At) {
    let (path, syntax) = (at.path, cx.syntax());
    // Ranges.
    let is_message_set = m
        .options
        .as_deref()
        .and_then(|o| find_varint(o, MESSAGE_OPTIONS_MESSAGE_SET_WIRE_FORMAT))
        == Some(1);
    let max_ext = if is_message_set {
        i32::MAX
    } else {
        MAX_FIELD_NUMBER + 1
    };
    // The upper bound waits for the options (message_set_wire_format);
    // the other bounds were checked before linking (`check_ranges`).
    for r in &m.extension_range {
        if r.start.unwrap_or(0) > 0 && r.end.unwrap_or(0) > max_ext {
            cx.err_file(
                Code::FieldNumberOutOfRange,
                format!("Extension numbers cannot be greater than {}.", max_ext - 1),
            );
        }
    }
    // protoc reports an overlap at the range defined first, naming ranges by
    // their inclusive bounds.
    let bounds = |start: Option<i32>, end: Option<i32>| {
        format!("{} to {}", start.unwrap_or(0), end.unwrap_or(0) - 1)
    };
    for (i, a) in m.extension_range.iter().enumerate() {
        for (j, b) in m.extension_range[..i].iter().enumerate() {
            if a.start < b.end && b.start < a.end {
                cx.err(
                    Code::RangeOverlap,
                    &cat(
                        path,
                        &[MSG_EXTENSION_RANGE as i32, j as i32, EXT_RANGE_START as i32],
                    ),
                    format!(
                        "Extension range {} overlaps with already-defined range {}.",
                        bounds(a.start, a.end),
                        bounds(b.start, b.end)
                    ),
                );
            }
        }
    }
    for (i, a) in m.reserved_range.iter().enumerate() {
        for (k, b) in m.reserved_range[..i].iter().enumerate() {
            if a.start < b.end && b.start < a.end {
                cx.err(
                    Code::RangeOverlap,
                    &cat(
                        path,
                        &[
                            MSG_RESERVED_RANGE as i32,
                            k as i32,
                            RESERVED_START_TAG as i32,
                        ],
                    ),
                    format!(
                        "Reserved range {} overlaps with already-defined range {}.",
                        bounds(a.start, a.end),
                        bounds(b.start, b.end)
                    ),
                );
            }
        }
        for (j, b) in m.extension_range.iter().enumerate() {
            if a.start < b.end && b.start < a.end {
                cx.err(
                    Code::RangeOverlap,
                    &cat(
                        path,
                        &[MSG_EXTENSION_RANGE as i32, j as i32, EXT_RANGE_START as i32],
                    ),
                    format!(
                        "Extension range {} overlaps with reserved range {}.",
                        bounds(b.start, b.end),
                        bounds(a.start, a.end)
                    ),
                );
            }
        }
    }
    for (i, f) in m.field.iter().enumerate() {
        let n = f.number.unwrap_or(0);
        let fp = cat(path, &[MSG_FIELD as i32, i as i32]);
        let fname = f.name.as_deref().unwrap_or("");
        // Reported at the reserved range, as protoc does.
        if let Some(r) = m
            .reserved_range
            .iter()
            .position(|r| r.start.unwrap_or(0) <= n && n < r.end.unwrap_or(0))
        {
            cx.err(
                Code::ReservedNumber,
                &cat(path, &[MSG_RESERVED_RANGE as i32, r as i32]),
                format!("Field \"{fname}\" uses reserved number {n}."),
            );
            if let Some(d) = cx.diags.last_mut() {
                d.label = Some(format!("{n} reserved here"));
            }
            cx.also(
                &cat(&fp, &[FIELD_NUMBER as i32]),
                format!("`{fname}` uses {n}"),
            );
        }
        if m.reserved_name.iter().any(|r| r == fname) {
            cx.err(
                Code::ReservedName,
                &cat(&fp, &[FIELD_NAME as i32]),
                format!("Field name \"{fname}\" is reserved."),
            );
        }
        for (j, r) in m.extension_range.iter().enumerate() {
            if r.start.unwrap_or(0) <= n && n < r.end.unwrap_or(0) {
                cx.err(
                    Code::RangeOverlap,
                    &cat(
                        path,
                        &[MSG_EXTENSION_RANGE as i32, j as i32, EXT_RANGE_START as i32],
                    ),
                    format!(
                        "Extension range {} to {} includes field \"{fname}\" ({n}).",
                        r.start.unwrap_or(0),
                        r.end.unwrap_or(0) - 1
                    ),
                );
            }
        }
    }
    let mut seen_reserved = std::collections::HashSet::new();
    for (i, n) in m.reserved_name.iter().enumerate() {
        if !seen_reserved.insert(n) {
            let _ = i;
            cx.err(
                Code::ReservedName,
                &cat(path, &[MSG_NAME as i32]),
                format!("Field name \"{n}\" is reserved multiple times."),
            );
        }
    }

    // Oneofs must have fields.
    for (i, _) in m.oneof_decl.iter().enumerate() {
        if !m.field.iter().any(|f| f.oneof_index == Some(i as i32)) {
            cx.err(
                Code::EmptyOneof,
                &cat(path, &[MSG_ONEOF_DECL as i32, i as i32]),
                "Oneof must have at least one field.".into(),
            );
        }
    }

    if syntax == Syntax::Proto3 {
        if !m.extension_range.is_empty() {
            cx.err(
                Code::SyntaxRestriction,
                &cat(path, &[MSG_EXTENSION_RANGE as i32, 0]),
                "Extension ranges are not allowed in proto3.".into(),
            );
        }
        if m.options
            .as_deref()
            .and_then(|o| find_varint(o, MESSAGE_OPTIONS_MESSAGE_SET_WIRE_FORMAT))
            == Some(1)
        {
            cx.err(
                Code::MessageSet,
                &cat(path, &[MSG_NAME as i32]),
                "MessageSet is not supported in proto3.".into(),
            );
        }
    }
    check_json_names(cx, m, path);
}

/// JSON name clashes, checked once with default names and once with custom
/// ones. Under legacy JSON handling a clash involving a default name is only
/// a warning.
fn check_json_names(cx: &mut Ctx, m: &d::DescriptorProto, path: &[i32]) {
    // deprecated_legacy_json_field_conflicts turns the check off.
    if m.options
        .as_deref()
        .and_then(|o| find_varint(o, MESSAGE_OPTIONS_LEGACY_JSON_CONFLICTS))
        == Some(1)
    {
        return;
    }
    let legacy = crate::semantic::features::feature_at(
        cx.pool,
        cx.file,
        path,
        crate::semantic::features::FEATURE_JSON_FORMAT,
    ) == 2;
    for use_custom in [false, true] {
        let mut seen: HashMap<String, (String, bool)> = HashMap::new();
        for (i, f) in m.field.iter().enumerate() {
            let name = f.name.as_deref().unwrap_or("");
            let (json, custom) = match (&f.json_name, use_custom) {
                (Some(j), true) => (j.clone(), true),
                _ => (json_name(name), false),
            };
            let name_path = cat(path, &[MSG_FIELD as i32, i as i32, FIELD_NAME as i32]);
            if custom && json.starts_with('[') && json.ends_with(']') {
                cx.err(
                    Code::JsonNameConflict,
                    &name_path,
                    format!("The custom JSON name of field \"{name}\" (\"{json}\") is invalid: JSON names may not start with '[' and end with ']'."),
                );
                continue;
            }
            let Some((other, other_custom)) = seen.get(&json).cloned() else {
                seen.insert(json, (name.to_string(), custom));
                continue;
            };
            if use_custom && !custom && !other_custom {
                continue;
            }
            let kind = |c: bool| if c { "custom" } else { "default" };
            let msg = format!(
                "The {} JSON name of field \"{name}\" (\"{json}\") conflicts with the {} JSON name of field \"{other}\".",
                kind(custom),
                kind(other_custom)
            );
            if legacy && (!custom || !other_custom) {
                cx.warn(Code::JsonNameConflict, &name_path, msg);
            } else {
                cx.err(Code::JsonNameConflict, &name_path, msg);
            }
        }
    }
}

fn check_field(cx: &mut Ctx, f: &d::FieldDescriptorProto, at: &At) {
    let path = at.path;
    let n = f.number.unwrap_or(0);
    let syntax = cx.syntax();
    let num_path = cat(path, &[FIELD_NUMBER as i32]);
    if n <= 0 {
        cx.err(
            Code::FieldNumberOutOfRange,
            &num_path,
            "Field numbers must be positive integers.".into(),
        );
    } else if n > MAX_FIELD_NUMBER && f.extendee.is_none() {
        cx.err(
            Code::FieldNumberOutOfRange,
            &num_path,
            format!("Field numbers cannot be greater than {MAX_FIELD_NUMBER}."),
        );
    } else if (RESERVED_START..=RESERVED_END).contains(&n) {
        cx.err_unplaced(
            Code::FieldNumberOutOfRange,
            &num_path,
            format!(
                "Field numbers {RESERVED_START} through {RESERVED_END} are reserved for the protocol buffer library implementation."
            ),
        );
        cx.help(format!(
            "use a number below {RESERVED_START} or above {RESERVED_END}"
        ));
    }
    if f.extendee.is_some() && f.json_name.is_some() {
        cx.err(
            Code::OptionNotAllowed,
            &cat(path, &[FIELD_JSON_NAME as i32]),
            "option json_name is not allowed on extension fields.".into(),
        );
    }
    match syntax {
        Syntax::Proto3 => {
            if f.label == Some(d::Label::Required) {
                cx.err(
                    Code::InvalidLabel,
                    &cat(
                        path,
                        &[
                            if matches!(f.r#type, Some(d::Type::Message | d::Type::Enum)) {
                                FIELD_TYPE_NAME
                            } else {
                                FIELD_TYPE
                            } as i32,
                        ],
                    ),
                    "Required fields are not allowed in proto3.".into(),
                );
                cx.also(&cat(path, &[FIELD_LABEL as i32]), "remove `required`");
                cx.help(
                    "proto3 has no required fields; `optional` gives a field explicit presence",
                );
            }
            if f.r#type == Some(d::Type::Group) {
                cx.err(
                    Code::InvalidGroup,
                    &cat(path, &[FIELD_TYPE as i32]),
                    "Groups are not supported in proto3 syntax.".into(),
                );
                cx.help("declare a nested message and a field of that type instead");
            }
            if f.default_value.is_some() {
                cx.err(
                    Code::InvalidDefault,
                    &cat(path, &[FIELD_DEFAULT_VALUE as i32]),
                    "Explicit default values are not allowed in proto3.".into(),
                );
                cx.help("remove `default = …`: a proto3 field's default is its type's zero value");
            }
            if let (Some(d::Type::Enum), Some(t)) = (f.r#type, &f.type_name) {
                if let Some(sym) = cx.pool.symbols.get(t.trim_start_matches('.')) {
                    let closed = crate::semantic::features::feature_at(
                        cx.pool,
                        sym.file,
                        &sym.path,
                        crate::semantic::features::FEATURE_ENUM_TYPE,
                    ) == 2;
                    if closed && f.extendee.is_none() {
                        cx.err(
                            Code::SyntaxRestriction,
                            &cat(path, &[FIELD_TYPE as i32]),
                            format!(
                                "Enum type \"{}\" is not an open enum, but is used in \"{}\" which is a proto3 message type.",
                                t.trim_start_matches('.'),
                                at.full.rsplit_once('.').map_or("", |(scope, _)| scope)
                            ),
                        );
                    }
                }
            }
            if let Some(x) = &f.extendee {
                if !x.starts_with(".google.protobuf.") || !x.ends_with("Options") {
                    cx.err(
                        Code::SyntaxRestriction,
                        &cat(path, &[FIELD_EXTENDEE as i32]),
                        "Extensions in proto3 are only allowed for defining options.".into(),
                    );
                }
            }
        }
        Syntax::Editions => {
            if f.r#type == Some(d::Type::Group) {
                cx.err(
                    Code::InvalidGroup,
                    &cat(path, &[FIELD_TYPE as i32]),
                    "Group syntax is no longer supported in editions. To get group behavior you can specify features.message_encoding = DELIMITED on a message field.".into(),
                );
            }
        }
        Syntax::Proto2 => {}
    }
    // Default values of enum fields must name a value; messages have none.
    if let Some(dv) = &f.default_value {
        if f.label == Some(d::Label::Repeated) {
            cx.err(
                Code::InvalidDefault,
                &cat(path, &[FIELD_DEFAULT_VALUE as i32]),
                "Repeated fields can't have default values.".into(),
            );
        }
        match f.r#type {
            Some(d::Type::Message) | Some(d::Type::Group) => {
                cx.err(
                    Code::InvalidDefault,
                    &cat(path, &[FIELD_DEFAULT_VALUE as i32]),
                    "Messages can't have default values.".into(),
                );
            }
            Some(d::Type::Enum) => {
                let t = f.type_name.as_deref().unwrap_or("").trim_start_matches('.');
                if let Some(sym) = cx.pool.symbols.get(t) {
                    let e = cx.pool.enum_type(sym);
                    let is_ident = dv.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
                    if !is_ident {
                        cx.err(
                            Code::InvalidDefault,
                            &cat(path, &[FIELD_DEFAULT_VALUE as i32]),
                            "Default value for an enum field must be an identifier.".into(),
                        );
                    } else if !e
                        .value
                        .iter()
                        .any(|v| v.name.as_deref() == Some(dv.as_str()))
                    {
                        cx.err(
                            Code::InvalidDefault,
                            &cat(path, &[FIELD_DEFAULT_VALUE as i32]),
                            format!("Enum type \"{t}\" has no value named \"{dv}\"."),
                        );
                    }
                }
            }
            _ => {}
        }
    }
}

/// Checks that need interpreted options.
pub fn check_after_options(pool: &Pool, file: usize, diags: &mut Vec<Diagnostic>) {
    let fe = &pool.files[file];
    let lite = |fd: &d::FileDescriptorProto| {
        fd.options
            .as_deref()
            .and_then(|o| find_varint(o, FILE_OPTIONS_OPTIMIZE_FOR))
            == Some(OPTIMIZE_LITE_RUNTIME)
    };
    if !lite(&fe.proto) {
        for (i, &dep) in fe.deps.iter().enumerate() {
            if lite(&pool.files[dep].proto) {
                let msg = format!(
                    "Files that do not use optimize_for = LITE_RUNTIME cannot import files which do use this option.  This file is not lite, but it imports \"{}\" which is.",
                    pool.files[dep].name
                );
                report(
                    pool,
                    file,
                    diags,
                    Code::ImportError,
                    &[FILE_DEPENDENCY as i32, i as i32],
                    msg,
                );
            }
        }
    }
    walk(&mut Ctx { pool, file, diags }, &mut Aliases);
}

struct Aliases;

impl Pass for Aliases {
    const ORDER: &'static [Member] = REGISTRATION;
    fn enum_type(&mut self, cx: &mut Ctx, e: &d::EnumDescriptorProto, at: &At) {
        check_enum_aliases(cx, e, at);
    }
}

/// The smallest field number not used by a field or taken by a range.
fn next_free_number(m: &d::DescriptorProto) -> i32 {
    let numbers: HashSet<i32> = m.field.iter().filter_map(|f| f.number).collect();
    let taken = |n: i32| {
        numbers.contains(&n)
            || m.reserved_range
                .iter()
                .any(|r| r.start.unwrap_or(0) <= n && n < r.end.unwrap_or(0))
            || m.extension_range
                .iter()
                .any(|r| r.start.unwrap_or(0) <= n && n < r.end.unwrap_or(0))
    };
    (1..=MAX_FIELD_NUMBER)
        .find(|n| !taken(*n) && !(RESERVED_START..=RESERVED_END).contains(n))
        .unwrap_or(0)
}
