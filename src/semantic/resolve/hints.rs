//! What to suggest for a type name that is not defined: the import that
//! brings in a well-known type, or the closest name in scope.

use crate::semantic::pool::{Pool, SymKind};

/// The well-known types and the bundled file that defines each.
const WELL_KNOWN: &[(&str, &str)] = &[
    ("Any", "any"),
    ("Api", "api"),
    ("Method", "api"),
    ("Mixin", "api"),
    ("Duration", "duration"),
    ("Empty", "empty"),
    ("FieldMask", "field_mask"),
    ("SourceContext", "source_context"),
    ("Struct", "struct"),
    ("Value", "struct"),
    ("ListValue", "struct"),
    ("NullValue", "struct"),
    ("Timestamp", "timestamp"),
    ("Type", "type"),
    ("Field", "type"),
    ("Enum", "type"),
    ("EnumValue", "type"),
    ("Option", "type"),
    ("Syntax", "type"),
    ("DoubleValue", "wrappers"),
    ("FloatValue", "wrappers"),
    ("Int64Value", "wrappers"),
    ("UInt64Value", "wrappers"),
    ("Int32Value", "wrappers"),
    ("UInt32Value", "wrappers"),
    ("BoolValue", "wrappers"),
    ("StringValue", "wrappers"),
    ("BytesValue", "wrappers"),
];

const SCALAR_NAMES: [&str; 15] = [
    "double", "float", "int64", "uint64", "int32", "fixed64", "fixed32", "bool", "string", "bytes",
    "uint32", "sfixed32", "sfixed64", "sint32", "sint64",
];

/// The help for type name `name`, not defined where `file` uses it.
pub fn undefined_type_help(
    pool: &Pool,
    file: usize,
    name: &str,
    types_only: bool,
) -> Option<String> {
    let wanted = name.trim_start_matches('.');
    if let Some(rest) = wanted.strip_prefix("google.protobuf.") {
        if let Some((_, f)) = WELL_KNOWN.iter().find(|(n, _)| *n == rest) {
            return Some(format!(
                "google.protobuf.{rest} is a well-known type: add `import \"google/protobuf/{f}.proto\";`"
            ));
        }
    }
    if let Some(s) = closest_name(pool, file, wanted, types_only) {
        return Some(format!("did you mean `{s}`?"));
    }
    let (_, f) = WELL_KNOWN.iter().find(|(n, _)| *n == wanted)?;
    Some(format!(
        "google.protobuf.{wanted} is a well-known type: add `import \"google/protobuf/{f}.proto\";` and write `google.protobuf.{wanted}`"
    ))
}

/// The message (or enum, or scalar, where a type is expected) visible from
/// `file` whose last name component is closest to that of `wanted`, ignoring
/// case: within a third of its length in edits (1 to 3); ties go to the
/// shorter, then the smaller full name.
fn closest_name(pool: &Pool, file: usize, wanted: &str, types_only: bool) -> Option<String> {
    let last = wanted
        .rsplit('.')
        .next()
        .unwrap_or(wanted)
        .to_ascii_lowercase();
    let limit = (last.len() / 3).clamp(1, 3);
    let distance = |cand: &str| strsim::levenshtein(&last, &cand.to_ascii_lowercase());
    let fe = &pool.files[file];
    let mut best: Option<(usize, &str)> = None;
    for (full, sym) in &pool.symbols {
        if !(sym.kind == SymKind::Message || (types_only && sym.kind == SymKind::Enum)) {
            continue;
        }
        if !fe.visible.contains(&sym.file) {
            continue;
        }
        let dist = distance(full.rsplit('.').next().unwrap_or(full));
        if dist <= limit
            && best.is_none_or(|(d, b)| {
                (dist, full.len()) < (d, b.len())
                    || (dist == d && full.len() == b.len() && &**full < b)
            })
        {
            best = Some((dist, full));
        }
    }
    if types_only {
        for scalar in SCALAR_NAMES {
            let dist = distance(scalar);
            if dist <= limit && best.is_none_or(|(d, _)| dist < d) {
                best = Some((dist, scalar));
            }
        }
    }
    best.map(|(_, full)| full.to_string())
}
