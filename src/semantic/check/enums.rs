//! Enum checks: values, aliases, and names that clash once their prefix is stripped.

use super::*;

pub(super) fn check_enum(cx: &mut Ctx, e: &d::EnumDescriptorProto, at: &At) {
    let path = at.path;
    if e.value.is_empty() {
        cx.err(
            Code::EnumZeroValue,
            &cat(path, &[ENUM_NAME as i32]),
            "Enums must contain at least one value.".into(),
        );
        return;
    }
    // Enum reserved ranges are inclusive at both ends.
    for (i, r) in e.reserved_range.iter().enumerate() {
        let (s, end) = (r.start.unwrap_or(0), r.end.unwrap_or(0));
        for (k, o) in e.reserved_range[..i].iter().enumerate() {
            let (os, oe) = (o.start.unwrap_or(0), o.end.unwrap_or(0));
            if s <= oe && os <= end {
                cx.err(Code::RangeOverlap, &cat(path, &[ENUM_RESERVED_RANGE as i32, k as i32]), format!("Reserved range {s} to {end} overlaps with already-defined range {os} to {oe}."));
            }
        }
    }
    for (i, v) in e.value.iter().enumerate() {
        let n = v.number.unwrap_or(0);
        let vname = v.name.as_deref().unwrap_or("");
        // protoc reports this at the reserved range.
        if let Some(r) = e
            .reserved_range
            .iter()
            .position(|r| r.start.unwrap_or(0) <= n && n <= r.end.unwrap_or(0))
        {
            cx.err(
                Code::ReservedNumber,
                &cat(path, &[ENUM_RESERVED_RANGE as i32, r as i32]),
                format!("Enum value \"{vname}\" uses reserved number {n}."),
            );
            if let Some(d) = cx.diags.last_mut() {
                d.label = Some(format!("{n} reserved here"));
            }
            cx.also(
                &cat(
                    path,
                    &[ENUM_VALUE as i32, i as i32, ENUM_VALUE_NUMBER as i32],
                ),
                format!("`{vname}` uses {n}"),
            );
        }
        if let Some(r) = e.reserved_name.iter().position(|r| r == vname) {
            cx.err(
                Code::ReservedName,
                &cat(path, &[ENUM_VALUE as i32, i as i32, ENUM_VALUE_NAME as i32]),
                format!("Enum value \"{vname}\" is reserved."),
            );
            cx.also(
                &cat(path, &[ENUM_RESERVED_NAME as i32, r as i32]),
                "reserved here",
            );
        }
    }
}

/// An open enum's first value is its default, so it must be zero.
pub(super) fn first_value_zero(cx: &mut Ctx, e: &d::EnumDescriptorProto, path: &[i32]) {
    if e.value.is_empty() {
        return;
    }
    let open = crate::semantic::features::feature_at(
        cx.pool,
        cx.file,
        path,
        crate::semantic::features::FEATURE_ENUM_TYPE,
    ) == 1;
    if open && e.value[0].number != Some(0) {
        cx.err(
            Code::EnumZeroValue,
            &cat(path, &[ENUM_VALUE as i32, 0, ENUM_VALUE_NUMBER as i32]),
            "The first enum value must be zero for open enums.".into(),
        );
        let name = e.name.as_deref().unwrap_or("");
        cx.help(format!(
            "add `{}_UNSPECIFIED = 0;` as the first value",
            screaming_snake(name)
        ));
    }
}

pub(super) fn check_enum_aliases(cx: &mut Ctx, e: &d::EnumDescriptorProto, at: &At) {
    let (path, full) = (at.path, at.full);
    let allow_alias = e
        .options
        .as_deref()
        .and_then(|o| find_varint(o, ENUM_OPTIONS_ALLOW_ALIAS))
        == Some(1);
    if allow_alias {
        return;
    }
    let mut seen: HashMap<i32, (&str, usize)> = HashMap::default();
    for (i, v) in e.value.iter().enumerate() {
        let n = v.number.unwrap_or(0);
        let name = v.name.as_deref().unwrap_or("");
        if let Some(&(other, first)) = seen.get(&n) {
            let scope = match full.rfind('.') {
                Some(dot) => &full[..dot + 1],
                None => "",
            };
            // protoc suggests the first unused value above the duplicate,
            // and nothing when there is none below the int32 limit.
            let used: std::collections::HashSet<i32> =
                e.value.iter().filter_map(|v| v.number).collect();
            let next = (n as i64 + 1..=i32::MAX as i64).find(|x| !used.contains(&(*x as i32)));
            let hint = next
                .map(|x| format!(" The next available enum value is {x}."))
                .unwrap_or_default();
            cx.err(
                Code::DuplicateEnumNumber,
                &cat(path, &[ENUM_VALUE as i32, i as i32, ENUM_VALUE_NUMBER as i32]),
                format!(
                    "\"{scope}{name}\" uses the same enum value as \"{scope}{other}\". If this is intended, set 'option allow_alias = true;' to the enum definition.{hint}"
                ),
            );
            cx.also(
                &cat(
                    path,
                    &[ENUM_VALUE as i32, first as i32, ENUM_VALUE_NUMBER as i32],
                ),
                format!("{n} is first used by `{other}`"),
            );
            cx.help(match next {
                Some(x) => format!("use {x}, or add `option allow_alias = true;` to the enum if `{name}` is meant to be another name for `{other}`"),
                None => format!("add `option allow_alias = true;` to the enum if `{name}` is meant to be another name for `{other}`"),
            });
        } else {
            seen.insert(n, (name, i));
        }
    }
}

/// Value names must stay distinct once the enum's name is stripped as a
/// prefix and case is ignored (they are, in JSON and in some languages).
pub(super) fn enum_prefix_conflicts(cx: &mut Ctx, e: &d::EnumDescriptorProto, path: &[i32]) {
    let prefix = conflict_prefix(e.name.as_deref().unwrap_or(""));
    // Only proto2 enums that opt into legacy JSON conflicts get a warning instead.
    let legacy = cx.pool.files[cx.file].syntax == Syntax::Proto2
        && e.options
            .as_deref()
            .and_then(|o| find_varint(o, ENUM_OPTIONS_LEGACY_JSON_CONFLICTS))
            == Some(1);
    let mut seen: HashMap<String, (String, i32)> = HashMap::default();
    for (i, v) in e.value.iter().enumerate() {
        let name = v.name.as_deref().unwrap_or("");
        let key = pascal_case(strip_prefix(name, &prefix));
        let number = v.number.unwrap_or(0);
        match seen.get(&key) {
            Some((other, n)) if other != name && *n != number => {
                let msg = format!(
                    "Enum name {name} has the same name as {other} if you ignore case and strip out the enum name prefix (if any). (If you are using allow_alias, please assign the same number to each enum value name.)"
                );
                let p = cat(path, &[ENUM_VALUE as i32, i as i32, ENUM_VALUE_NAME as i32]);
                if legacy {
                    cx.warn(Code::EnumValueNameConflict, &p, msg);
                } else {
                    cx.err(Code::EnumValueNameConflict, &p, msg);
                }
            }
            Some(_) => {}
            None => {
                seen.insert(key, (name.to_string(), number));
            }
        }
    }
}

/// An enum's name as a value prefix: lowercase, without underscores.
fn conflict_prefix(enum_name: &str) -> String {
    enum_name
        .chars()
        .filter(|c| *c != '_')
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// What a value's name must not share with another value of its enum (of
/// another number): the name without the enum's name as a prefix, in
/// PascalCase.
pub fn conflict_key(enum_name: &str, value_name: &str) -> String {
    pascal_case(strip_prefix(value_name, &conflict_prefix(enum_name)))
}

/// Removes `prefix` (lowercase, no underscores) from the start of `name`,
/// ignoring case and underscores, when something is left after it.
fn strip_prefix<'a>(name: &'a str, prefix: &str) -> &'a str {
    let b = name.as_bytes();
    let p = prefix.as_bytes();
    let (mut i, mut j) = (0, 0);
    while i < b.len() && j < p.len() {
        if b[i] == b'_' {
            i += 1;
            continue;
        }
        if b[i].to_ascii_lowercase() != p[j] {
            return name;
        }
        i += 1;
        j += 1;
    }
    if j < p.len() {
        return name;
    }
    while i < b.len() && b[i] == b'_' {
        i += 1;
    }
    if i == b.len() {
        return name;
    }
    &name[i..]
}

fn pascal_case(s: &str) -> String {
    let mut out = String::new();
    let mut upper = true;
    for c in s.chars() {
        if c == '_' {
            upper = true;
        } else {
            out.push(if upper {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            });
            upper = false;
        }
    }
    out
}

/// `OrderStatus` → `ORDER_STATUS`, the prefix style guides give enum values.
fn screaming_snake(name: &str) -> String {
    let mut out = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if c.is_ascii_uppercase() && prev_lower {
            out.push('_');
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        out.push(c.to_ascii_uppercase());
    }
    out
}
