//! protoc's last phase, which it runs only on a file that built and linked
//! without error: the rules of proto3, JSON names, enum value names and
//! aliases, extension range bounds that depend on options, and imports of
//! lite files. Declarations are visited in protoc's order for this phase.

use super::*;
use enums::{check_enum_aliases, enum_prefix_conflicts, first_value_zero};

pub fn validate_file(pool: &Pool, file: usize, diags: &mut Vec<Diagnostic>) {
    let mut cx = Ctx { pool, file, diags };
    lite_imports(&mut cx);
    if cx.syntax() == Syntax::Proto3 {
        proto3_file(&mut cx);
    }
    walk(&mut cx, &mut Validate);
}

/// A file that is not lite may not import one that is.
fn lite_imports(cx: &mut Ctx) {
    let lite = |fd: &d::FileDescriptorProto| {
        fd.options
            .as_deref()
            .and_then(|o| find_varint(o, FILE_OPTIONS_OPTIMIZE_FOR))
            == Some(OPTIMIZE_LITE_RUNTIME)
    };
    let fe = &cx.pool.files[cx.file];
    if !lite(&fe.proto) {
        for (i, &dep) in fe.deps.iter().enumerate() {
            if lite(&cx.pool.files[dep].proto) {
                let msg = format!(
                    "Files that do not use optimize_for = LITE_RUNTIME cannot import files which do use this option.  This file is not lite, but it imports \"{}\" which is.",
                    cx.pool.files[dep].name
                );
                report(
                    cx.pool,
                    cx.file,
                    cx.diags,
                    Code::ImportError,
                    &[FILE_DEPENDENCY as i32, i as i32],
                    msg,
                );
            }
        }
    }
}

/// The rules of proto3, file extensions first, then each message with its
/// nested messages before its own fields.
fn proto3_file(cx: &mut Ctx) {
    let pool = cx.pool;
    let fd = &pool.files[cx.file].proto;
    let pkg = fd.package.clone().unwrap_or_default();
    for (i, x) in fd.extension.iter().enumerate() {
        let full = join(&pkg, x.name.as_deref().unwrap_or(""));
        let path = [FILE_EXTENSION as i32, i as i32];
        proto3_field(
            cx,
            x,
            &At {
                path: &path,
                full: &full,
            },
        );
    }
    for (i, m) in fd.message_type.iter().enumerate() {
        let full = join(&pkg, m.name.as_deref().unwrap_or(""));
        proto3_message(cx, m, &[FILE_MESSAGE_TYPE as i32, i as i32], &full);
    }
}

fn join(scope: &str, name: &str) -> String {
    if scope.is_empty() {
        name.to_string()
    } else {
        format!("{scope}.{name}")
    }
}

fn proto3_message(cx: &mut Ctx, m: &d::DescriptorProto, path: &[i32], full: &str) {
    for (i, n) in m.nested_type.iter().enumerate() {
        let nested = join(full, n.name.as_deref().unwrap_or(""));
        proto3_message(
            cx,
            n,
            &cat(path, &[MSG_NESTED_TYPE as i32, i as i32]),
            &nested,
        );
    }
    for (tag, fields) in [(MSG_FIELD, &m.field), (MSG_EXTENSION, &m.extension)] {
        for (i, f) in fields.iter().enumerate() {
            let field_full = join(full, f.name.as_deref().unwrap_or(""));
            let field_path = cat(path, &[tag as i32, i as i32]);
            proto3_field(
                cx,
                f,
                &At {
                    path: &field_path,
                    full: &field_full,
                },
            );
        }
    }
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

fn proto3_field(cx: &mut Ctx, f: &d::FieldDescriptorProto, at: &At) {
    let path = at.path;
    if let Some(x) = &f.extendee {
        if !x.starts_with(".google.protobuf.") || !x.ends_with("Options") {
            cx.err(
                Code::SyntaxRestriction,
                &cat(path, &[FIELD_EXTENDEE as i32]),
                "Extensions in proto3 are only allowed for defining options.".into(),
            );
        }
    }
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
        cx.help("proto3 has no required fields; `optional` gives a field explicit presence");
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
    if f.r#type == Some(d::Type::Group) {
        cx.err(
            Code::InvalidGroup,
            &cat(path, &[FIELD_TYPE as i32]),
            "Groups are not supported in proto3 syntax.".into(),
        );
        cx.help("declare a nested message and a field of that type instead");
    }
}

struct Validate;

impl Pass for Validate {
    // protoc's descriptor visitor: a message, then its enums, oneofs,
    // fields, nested messages and extensions.
    const ORDER: &'static [Member] = &[
        Member::Enums,
        Member::Oneofs,
        Member::Fields,
        Member::Nested,
        Member::Extensions,
    ];
    fn message(&mut self, cx: &mut Ctx, m: &d::DescriptorProto, at: &At) {
        check_json_names(cx, m, at.path);
        extension_range_bounds(cx, m);
    }
    fn field(
        &mut self,
        cx: &mut Ctx,
        f: &d::FieldDescriptorProto,
        _: &d::DescriptorProto,
        at: &At,
    ) {
        json_name_on_extension(cx, f, at.path);
    }
    fn extension(&mut self, cx: &mut Ctx, f: &d::FieldDescriptorProto, at: &At) {
        json_name_on_extension(cx, f, at.path);
    }
    fn enum_type(&mut self, cx: &mut Ctx, e: &d::EnumDescriptorProto, at: &At) {
        enum_prefix_conflicts(cx, e, at.path);
        first_value_zero(cx, e, at.path);
        check_enum_aliases(cx, e, at);
    }
}

fn json_name_on_extension(cx: &mut Ctx, f: &d::FieldDescriptorProto, path: &[i32]) {
    if f.extendee.is_some() && f.json_name.is_some() {
        cx.err(
            Code::OptionNotAllowed,
            &cat(path, &[FIELD_JSON_NAME as i32]),
            "option json_name is not allowed on extension fields.".into(),
        );
    }
}

/// The upper bound of extension ranges, which depends on the options
/// (message_set_wire_format); the other bounds were checked before linking.
fn extension_range_bounds(cx: &mut Ctx, m: &d::DescriptorProto) {
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
    for r in &m.extension_range {
        if r.start.unwrap_or(0) > 0 && r.end.unwrap_or(0) > max_ext {
            cx.err_file(
                Code::FieldNumberOutOfRange,
                format!("Extension numbers cannot be greater than {}.", max_ext - 1),
            );
        }
    }
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
    let pool = cx.pool;
    let file = cx.file;
    let legacy = || {
        crate::semantic::features::feature_at(
            pool,
            file,
            path,
            crate::semantic::features::FEATURE_JSON_FORMAT,
        ) == 2
    };
    let defaults: Vec<String> = m
        .field
        .iter()
        .map(|f| json_name(f.name.as_deref().unwrap_or("")))
        .collect();
    // Without custom names the second round reports nothing: it reports
    // only clashes that involve one.
    let rounds = if m.field.iter().any(|f| f.json_name.is_some()) {
        &[false, true][..]
    } else {
        &[false][..]
    };
    for &use_custom in rounds {
        let mut seen: HashMap<&str, (&str, bool, usize)> = HashMap::default();
        for (i, f) in m.field.iter().enumerate() {
            let name = f.name.as_deref().unwrap_or("");
            let (json, custom) = match (&f.json_name, use_custom) {
                (Some(j), true) => (j.as_str(), true),
                _ => (defaults[i].as_str(), false),
            };
            let name_path = || cat(path, &[MSG_FIELD as i32, i as i32, FIELD_NAME as i32]);
            if custom && json.starts_with('[') && json.ends_with(']') {
                cx.err(
                    Code::JsonNameConflict,
                    &name_path(),
                    format!("The custom JSON name of field \"{name}\" (\"{json}\") is invalid: JSON names may not start with '[' and end with ']'."),
                );
                continue;
            }
            let Some(&(other, other_custom, other_i)) = seen.get(json) else {
                seen.insert(json, (name, custom, i));
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
            if (!custom || !other_custom) && legacy() {
                cx.warn(Code::JsonNameConflict, &name_path(), msg);
            } else {
                cx.err(Code::JsonNameConflict, &name_path(), msg);
            }
            let other_at = if other_custom {
                FIELD_JSON_NAME
            } else {
                FIELD_NAME
            };
            cx.also(
                &cat(path, &[MSG_FIELD as i32, other_i as i32, other_at as i32]),
                format!("`{other}` has JSON name \"{json}\""),
            );
            cx.help(if custom {
                "give this field another `json_name`, or rename one of the two fields"
            } else {
                "rename one of the two fields, or give one a `json_name` of its own"
            });
        }
    }
}
