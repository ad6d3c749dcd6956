//! Validation across a linked file: numbers, names, ranges, and the rules of
//! each syntax, with protoc's messages.

pub mod decls;
mod enums;
pub mod fields;
pub mod imports;
pub mod naming;
pub mod options;
mod suggest;
mod validate;
mod walker;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::descriptor::tags::*;
use crate::descriptor::wire::find_varint;
use crate::descriptor::{self as d, MAX_FIELD_NUMBER};
use crate::diagnostics::{Code, Diagnostic};
use crate::semantic::pool::Pool;
use crate::semantic::report::report;
use crate::semantic::text::json_name;
use crate::syntax::Syntax;
use enums::check_enum;
pub use enums::conflict_key;
pub use validate::validate_file;
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
        let mut by_number: HashMap<i32, (usize, &str)> = HashMap::default();
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
    let path = at.path;
    // In protoc's order: reserved ranges and names, then each field against
    // the ranges, then each extension range against the ranges after it.
    // An overlap is reported at the range defined first, naming ranges by
    // their inclusive bounds.
    let bounds = |start: Option<i32>, end: Option<i32>| {
        format!("{} to {}", start.unwrap_or(0), end.unwrap_or(0) - 1)
    };
    let overlap =
        |a: (Option<i32>, Option<i32>), b: (Option<i32>, Option<i32>)| a.0 < b.1 && b.0 < a.1;
    let reserved = |r: &d::ReservedRange| (r.start, r.end);
    let extension = |r: &d::ExtensionRange| (r.start, r.end);
    for (i, a) in m.reserved_range.iter().enumerate() {
        for b in &m.reserved_range[i + 1..] {
            if overlap(reserved(a), reserved(b)) {
                cx.err(
                    Code::RangeOverlap,
                    &cat(
                        path,
                        &[
                            MSG_RESERVED_RANGE as i32,
                            i as i32,
                            RESERVED_START_TAG as i32,
                        ],
                    ),
                    format!(
                        "Reserved range {} overlaps with already-defined range {}.",
                        bounds(b.start, b.end),
                        bounds(a.start, a.end)
                    ),
                );
            }
        }
    }
    let mut seen_reserved = HashMap::default();
    for (i, n) in m.reserved_name.iter().enumerate() {
        if let Some(&first) = seen_reserved.get(n) {
            cx.err(
                Code::ReservedName,
                &cat(path, &[MSG_NAME as i32]),
                format!("Field name \"{n}\" is reserved multiple times."),
            );
            cx.also(
                &cat(path, &[MSG_RESERVED_NAME as i32, first as i32]),
                "first reserved here",
            );
            cx.also(
                &cat(path, &[MSG_RESERVED_NAME as i32, i as i32]),
                "reserved again here",
            );
        } else {
            seen_reserved.insert(n, i);
        }
    }
    for (i, f) in m.field.iter().enumerate() {
        let n = f.number.unwrap_or(0);
        let fp = cat(path, &[MSG_FIELD as i32, i as i32]);
        let fname = f.name.as_deref().unwrap_or("");
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
        // Reported at the reserved range, as protoc does.
        for (j, r) in m.reserved_range.iter().enumerate() {
            if r.start.unwrap_or(0) <= n && n < r.end.unwrap_or(0) {
                cx.err(
                    Code::ReservedNumber,
                    &cat(path, &[MSG_RESERVED_RANGE as i32, j as i32]),
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
        }
        if let Some(r) = m.reserved_name.iter().position(|r| r == fname) {
            cx.err(
                Code::ReservedName,
                &cat(&fp, &[FIELD_NAME as i32]),
                format!("Field name \"{fname}\" is reserved."),
            );
            cx.also(
                &cat(path, &[MSG_RESERVED_NAME as i32, r as i32]),
                "reserved here",
            );
            cx.help("choose another name: a reserved name stays retired so JSON and text data written with the old field keep their meaning");
        }
    }
    for (i, a) in m.extension_range.iter().enumerate() {
        let at_range = cat(
            path,
            &[MSG_EXTENSION_RANGE as i32, i as i32, EXT_RANGE_START as i32],
        );
        for b in &m.reserved_range {
            if overlap(extension(a), reserved(b)) {
                cx.err(
                    Code::RangeOverlap,
                    &at_range,
                    format!(
                        "Extension range {} overlaps with reserved range {}.",
                        bounds(a.start, a.end),
                        bounds(b.start, b.end)
                    ),
                );
            }
        }
        for b in &m.extension_range[i + 1..] {
            if overlap(extension(a), extension(b)) {
                cx.err(
                    Code::RangeOverlap,
                    &at_range,
                    format!(
                        "Extension range {} overlaps with already-defined range {}.",
                        bounds(b.start, b.end),
                        bounds(a.start, a.end)
                    ),
                );
            }
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
    if syntax == Syntax::Editions && f.r#type == Some(d::Type::Group) {
        cx.err(
            Code::InvalidGroup,
            &cat(path, &[FIELD_TYPE as i32]),
            "Group syntax is no longer supported in editions. To get group behavior you can specify features.message_encoding = DELIMITED on a message field.".into(),
        );
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
