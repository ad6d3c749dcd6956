//! Edition 2024's naming style (`features.enforce_naming_style = STYLE2024`).

use super::walker::{walk, At, Ctx, Member, Pass, REGISTRATION};
use crate::descriptor as d;
use crate::descriptor::tags::*;
use crate::descriptor::wire::find_varint;
use crate::diagnostics::{Code, Diagnostic};
use crate::semantic::features::{
    default_feature, feature_at, file_sets_features, FEATURE_DEFAULT_SYMBOL_VISIBILITY,
    FEATURE_ENFORCE_NAMING_STYLE,
};
use crate::semantic::pool::{message_at, Pool};
use crate::semantic::report::report;

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
                report(
                    pool,
                    file,
                    diags,
                    Code::NamingStyle,
                    &[FILE_PACKAGE as i32],
                    msg,
                );
            }
        }
    }
    let style = (!file_sets_features(fd))
        .then(|| default_feature(fe.edition, FEATURE_ENFORCE_NAMING_STYLE));
    walk(&mut Ctx { pool, file, diags }, &mut Naming { style });
}

struct Naming {
    /// Every declaration's naming style, when the file sets no features.
    style: Option<u64>,
}

impl Naming {
    /// The style check of one declaration's name; `name_at` is false
    /// where protoc reports without a position.
    fn check(
        &self,
        cx: &mut Ctx,
        at: &At,
        what: &str,
        ok: fn(&str) -> bool,
        want: &str,
        name_at: bool,
    ) {
        let style = self
            .style
            .unwrap_or_else(|| feature_at(cx.pool, cx.file, at.path, FEATURE_ENFORCE_NAMING_STYLE));
        if style != STYLE2024 {
            return;
        }
        let name = at.full.rsplit('.').next().unwrap_or("");
        let msg = if !ok(name) {
            format!("{what} name {name} should be {want} {OPT_OUT}")
        } else if bad_underscores(name) {
            format!("{what} name {name} contains style violating underscores {OPT_OUT}")
        } else {
            return;
        };
        if name_at {
            cx.err(Code::NamingStyle, &at.sub(&[NAME_TAG]), msg);
        } else {
            cx.err_file(Code::NamingStyle, msg);
        }
    }
}

/// Every declaration's name is its field 1.
const NAME_TAG: i32 = 1;
const TITLE: &str = "TitleCase";
const SNAKE: &str = "lower_snake_case";

impl Pass for Naming {
    const ORDER: &'static [Member] = REGISTRATION;
    fn message(&mut self, cx: &mut Ctx, m: &d::DescriptorProto, at: &At) {
        strict_export(cx, m.visibility, true, at);
        // Map entries take their names from the field.
        let map_entry = m
            .options
            .as_deref()
            .and_then(|o| find_varint(o, MESSAGE_OPTIONS_MAP_ENTRY))
            == Some(1);
        if !map_entry {
            self.check(cx, at, "Message", title_case, TITLE, true);
        }
    }
    fn oneof(&mut self, cx: &mut Ctx, _: &d::OneofDescriptorProto, at: &At) {
        // protoc reports this one without a position.
        self.check(cx, at, "Oneof", lower_snake, SNAKE, false);
    }
    fn field(
        &mut self,
        cx: &mut Ctx,
        _: &d::FieldDescriptorProto,
        _: &d::DescriptorProto,
        at: &At,
    ) {
        self.check(cx, at, "Field", lower_snake, SNAKE, true);
    }
    fn extension(&mut self, cx: &mut Ctx, _: &d::FieldDescriptorProto, at: &At) {
        self.check(cx, at, "Field", lower_snake, SNAKE, true);
    }
    fn enum_value(&mut self, cx: &mut Ctx, _: &d::EnumValueDescriptorProto, at: &At) {
        self.check(cx, at, "Enum value", upper_snake, "UPPER_SNAKE_CASE", true);
    }
    fn enum_type(&mut self, cx: &mut Ctx, e: &d::EnumDescriptorProto, at: &At) {
        strict_export(cx, e.visibility, false, at);
        self.check(cx, at, "Enum", title_case, TITLE, true);
    }
    fn service(&mut self, cx: &mut Ctx, _: &d::ServiceDescriptorProto, at: &At) {
        self.check(cx, at, "Service", title_case, TITLE, true);
    }
    fn method(&mut self, cx: &mut Ctx, _: &d::MethodDescriptorProto, at: &At) {
        self.check(cx, at, "Method", title_case, TITLE, true);
    }
}

/// Under STRICT default visibility only top-level types may be `export`,
/// with one exception: an enum directly inside a top-level message that is
/// not itself `export` and reserves every field number (`reserved 1 to
/// max;`, and no other range), the C++ way of giving enums a namespace.
fn strict_export(cx: &mut Ctx, visibility: Option<i32>, is_message: bool, at: &At) {
    if visibility != Some(2) || at.path.len() <= 2 {
        return;
    }
    if feature_at(cx.pool, cx.file, at.path, FEATURE_DEFAULT_SYMBOL_VISIBILITY) != 4 {
        return;
    }
    let name = at.full;
    let msg = if is_message {
        format!(
            "\"{name}\" is a nested message and cannot be `export` with STRICT default_symbol_visibility. It must be moved to top-level, ideally in its own file in order to be `export`."
        )
    } else {
        if at.path.len() == 4 && is_enum_namespace(message_at(cx.proto(), &at.path[..2])) {
            return;
        }
        format!(
            "\"{name}\" is a nested enum and cannot be marked `export` with STRICT default_symbol_visibility. It must be moved to top-level, ideally in its own file in order to be `export`. For C++ namespacing of enums in a messages use: `local message <OuterNamespace> {{ export enum {name} {{...}} reserved 1 to max; }}`"
        )
    };
    cx.err_file(Code::NotVisible, msg);
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
