//! Edition 2024's naming style (`features.enforce_naming_style = STYLE2024`).

use crate::descriptor::tags::*;
use crate::descriptor::wire::find_varint;
use crate::diagnostics::Diagnostic;
use crate::semantic::features::{
    feature_at, FEATURE_DEFAULT_SYMBOL_VISIBILITY, FEATURE_ENFORCE_NAMING_STYLE,
};
use crate::semantic::pool::{message_at, Pool, SymKind};
use crate::semantic::report::{report, report_file};
use crate::semantic::walk::entities;

const STYLE2024: u64 = 1;
const OPT_OUT: &str =
    "(features.enforce_naming_style = STYLE_LEGACY can be used to opt out of this check)";

fn title_case(n: &str) -> bool {
    n.starts_with(|c: char| c.is_ascii_uppercase()) && !n.contains('_')
}

fn lower_snake(n: &str) -> bool {
    n.starts_with(|c: char| c.is_ascii_lowercase())
        && n.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn upper_snake(n: &str) -> bool {
    n.starts_with(|c: char| c.is_ascii_uppercase())
        && n.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// Underscores at either end, doubled, or before a digit.
fn bad_underscores(n: &str) -> bool {
    let b = n.as_bytes();
    n.starts_with('_')
        || n.ends_with('_')
        || n.contains("__")
        || b.windows(2).any(|w| w[0] == b'_' && w[1].is_ascii_digit())
}

pub fn check_naming(pool: &Pool, file: usize, diags: &mut Vec<Diagnostic>) {
    let fe = &pool.files[file];
    let fd = &fe.proto;
    let style = |path: &[i32]| feature_at(pool, file, path, FEATURE_ENFORCE_NAMING_STYLE);
    if let Some(pkg) = &fd.package {
        if style(&[]) == STYLE2024 {
            let ok = pkg
                .split('.')
                .all(|p| lower_snake(p) && !bad_underscores(p));
            if !ok {
                let msg = format!("Package name {pkg} should be lower_snake_case {OPT_OUT}");
                report(pool, file, diags, &[FILE_PACKAGE as i32], msg);
            }
        }
    }
    for e in entities(fd) {
        strict_export(pool, file, &e, diags);
        if style(&e.path) != STYLE2024 {
            continue;
        }
        let name = e.full_name.rsplit('.').next().unwrap_or("");
        let (what, ok, want) = match e.kind {
            SymKind::Message => {
                // Map entries and groups take their names from the field.
                let m = message_at(fd, &e.path);
                if m.options
                    .as_deref()
                    .and_then(|o| find_varint(o, MESSAGE_OPTIONS_MAP_ENTRY))
                    == Some(1)
                {
                    continue;
                }
                ("Message", title_case(name), "TitleCase")
            }
            SymKind::Enum => ("Enum", title_case(name), "TitleCase"),
            SymKind::Service => ("Service", title_case(name), "TitleCase"),
            SymKind::Method => ("Method", title_case(name), "TitleCase"),
            SymKind::EnumValue => ("Enum value", upper_snake(name), "UPPER_SNAKE_CASE"),
            SymKind::Field | SymKind::Extension => ("Field", lower_snake(name), "lower_snake_case"),
            SymKind::Oneof => ("Oneof", lower_snake(name), "lower_snake_case"),
            SymKind::Package => continue,
        };
        let mut name_path = e.path.clone();
        name_path.push(1);
        let msg = if !ok {
            format!("{what} name {name} should be {want} {OPT_OUT}")
        } else if bad_underscores(name) {
            format!("{what} name {name} contains style violating underscores {OPT_OUT}")
        } else {
            continue;
        };
        // protoc reports these at the name, except for oneofs.
        if e.kind == SymKind::Oneof {
            report_file(pool, file, diags, msg);
        } else {
            report(pool, file, diags, &name_path, msg);
        }
    }
}

/// Under STRICT default visibility only top-level types may be `export`,
/// with one exception: an enum directly inside a top-level message that is
/// not itself `export` and reserves every field number (`reserved 1 to
/// max;`, and no other range), the C++ way of giving enums a namespace.
fn strict_export(
    pool: &Pool,
    file: usize,
    e: &crate::semantic::walk::Entity,
    diags: &mut Vec<Diagnostic>,
) {
    let fd = &pool.files[file].proto;
    let visibility = match e.kind {
        SymKind::Message => message_at(fd, &e.path).visibility,
        SymKind::Enum => crate::semantic::pool::enum_at(fd, &e.path).visibility,
        _ => return,
    };
    if visibility != Some(2) || e.path.len() <= 2 {
        return;
    }
    if feature_at(pool, file, &e.path, FEATURE_DEFAULT_SYMBOL_VISIBILITY) != 4 {
        return;
    }
    let name = &e.full_name;
    let msg = if e.kind == SymKind::Message {
        format!(
            "\"{name}\" is a nested message and cannot be `export` with STRICT default_symbol_visibility. It must be moved to top-level, ideally in its own file in order to be `export`."
        )
    } else {
        if e.path.len() == 4 && is_enum_namespace(message_at(fd, &e.path[..2])) {
            return;
        }
        format!(
            "\"{name}\" is a nested enum and cannot be marked `export` with STRICT default_symbol_visibility. It must be moved to top-level, ideally in its own file in order to be `export`. For C++ namespacing of enums in a messages use: `local message <OuterNamespace> {{ export enum {name} {{...}} reserved 1 to max; }}`"
        )
    };
    report_file(pool, file, diags, msg);
}

/// A message that only serves as a namespace for enums: not `export`, and
/// its one reserved range covers every field number.
fn is_enum_namespace(m: &crate::descriptor::DescriptorProto) -> bool {
    m.visibility != Some(2)
        && matches!(
            m.reserved_range.as_slice(),
            [r] if r.start == Some(1) && r.end == Some(crate::descriptor::MAX_FIELD_NUMBER + 1)
        )
}
