//! Editions features: the values in force on an entity, from its own
//! `features` option up through its parents to the edition's defaults.

use crate::descriptor::edition::Edition;
use crate::descriptor::tags::*;
use crate::descriptor::wire;
use crate::descriptor::wire::find_varint;
use crate::semantic::pool::{message_at, options_at, Pool, Symbol};

/// The field number of `features` in the options of the entity at `path`.
pub fn features_field(path: &[i32]) -> u32 {
    let n = path.len();
    if n == 0 {
        return FILE_OPTIONS_FEATURES;
    }
    let parent = &path[..n - 2];
    let kind = path[n - 2] as u32;
    if parent.is_empty() {
        return match kind {
            FILE_MESSAGE_TYPE => MESSAGE_OPTIONS_FEATURES,
            FILE_ENUM_TYPE => ENUM_OPTIONS_FEATURES,
            FILE_SERVICE => SERVICE_OPTIONS_FEATURES,
            _ => FIELD_OPTIONS_FEATURES, // an extension
        };
    }
    if parent.len() == 2 && parent[0] == FILE_SERVICE as i32 {
        return METHOD_OPTIONS_FEATURES;
    }
    if is_enum_path(parent) {
        return ENUM_VALUE_OPTIONS_FEATURES;
    }
    match kind {
        MSG_NESTED_TYPE => MESSAGE_OPTIONS_FEATURES,
        MSG_ENUM_TYPE => ENUM_OPTIONS_FEATURES,
        MSG_ONEOF_DECL => ONEOF_OPTIONS_FEATURES,
        MSG_EXTENSION_RANGE => EXT_RANGE_OPTIONS_FEATURES,
        _ => FIELD_OPTIONS_FEATURES, // a field or extension
    }
}
pub const FEATURE_FIELD_PRESENCE: u32 = 1;
pub const FEATURE_ENUM_TYPE: u32 = 2;
pub const FEATURE_REPEATED_FIELD_ENCODING: u32 = 3;
pub const FEATURE_UTF8_VALIDATION: u32 = 4;
pub const FEATURE_MESSAGE_ENCODING: u32 = 5;
pub const FEATURE_JSON_FORMAT: u32 = 6;
pub const FEATURE_ENFORCE_NAMING_STYLE: u32 = 7;
pub const FEATURE_DEFAULT_SYMBOL_VISIBILITY: u32 = 8;

/// Extracts the encoded `features` message from encoded options: the
/// one occurrence as it is, several concatenated (as a parse merges them).
fn features_of(options: Option<&[u8]>, field: u32) -> std::borrow::Cow<'_, [u8]> {
    use std::borrow::Cow;
    let Some(bytes) = options else {
        return Cow::Borrowed(&[]);
    };
    let mut out = Cow::Borrowed(&[][..]);
    let mut r = wire::Reader::new(bytes);
    while !r.done() {
        let Some((n, wt, v)) = r.field() else { break };
        if n == field && wt == wire::LEN {
            if out.is_empty() {
                out = Cow::Borrowed(v);
            } else {
                out.to_mut().extend_from_slice(v);
            }
        }
    }
    out
}

/// Whether some options of the file set features: where none do, every
/// entity's features are its edition's defaults.
pub fn file_sets_features(fd: &crate::descriptor::FileDescriptorProto) -> bool {
    let mut sets = false;
    crate::semantic::walk::for_each_options(fd, &mut |path, _, _, options| {
        sets = sets || !features_of(options.as_deref(), features_field(path)).is_empty();
    });
    sets
}

/// The edition default of a feature, per descriptor.proto's `edition_defaults`.
pub fn default_feature(edition: Edition, feature: u32) -> u64 {
    let modern = edition >= Edition::E2023;
    match feature {
        FEATURE_FIELD_PRESENCE => {
            if edition == Edition::PROTO3 {
                2 // IMPLICIT
            } else {
                1 // EXPLICIT
            }
        }
        FEATURE_ENUM_TYPE => {
            if edition == Edition::PROTO2 {
                2 // CLOSED
            } else {
                1 // OPEN
            }
        }
        FEATURE_REPEATED_FIELD_ENCODING => {
            if edition == Edition::PROTO2 {
                2 // EXPANDED
            } else {
                1 // PACKED
            }
        }
        FEATURE_UTF8_VALIDATION => {
            if edition == Edition::PROTO2 {
                3 // NONE
            } else {
                2 // VERIFY
            }
        }
        FEATURE_MESSAGE_ENCODING => 1, // LENGTH_PREFIXED
        FEATURE_JSON_FORMAT => {
            if modern || edition == Edition::PROTO3 {
                1 // ALLOW
            } else {
                2 // LEGACY_BEST_EFFORT
            }
        }
        FEATURE_ENFORCE_NAMING_STYLE => {
            if edition >= Edition::E2024 {
                1 // STYLE2024
            } else {
                2 // STYLE_LEGACY
            }
        }
        FEATURE_DEFAULT_SYMBOL_VISIBILITY => {
            if edition >= Edition::E2024 {
                2 // EXPORT_TOP_LEVEL
            } else {
                1 // EXPORT_ALL
            }
        }
        _ => 0,
    }
}

/// Whether `path` (an entity's source path) names an enum.
fn is_enum_path(path: &[i32]) -> bool {
    (path.len() == 2 && path[0] == FILE_ENUM_TYPE as i32)
        || (path.len() >= 4 && path[path.len() - 2] == MSG_ENUM_TYPE as i32)
}

/// The resolved value of `feature` for the entity at `path` in `file`:
/// its own setting, else its oneof's, else its parents', else the edition default.
pub fn feature_at(pool: &Pool, file: usize, path: &[i32], feature: u32) -> u64 {
    let fe = &pool.files[file];
    let fd = &fe.proto;
    let mut p = path.to_vec();
    loop {
        if let Some(v) = find_varint(
            &features_of(options_at(fd, &p).as_deref(), features_field(&p)),
            feature,
        ) {
            return v;
        }
        if p.is_empty() {
            break;
        }
        let n = p.len();
        let parent = &p[..n - 2];
        let in_message =
            parent.first() == Some(&(FILE_MESSAGE_TYPE as i32)) && !is_enum_path(parent);
        if in_message && p[n - 2] == MSG_FIELD as i32 {
            let m = message_at(fd, parent);
            if let Some(oi) = m.field[p[n - 1] as usize].oneof_index {
                if let Some(o) = m.oneof_decl.get(oi as usize) {
                    if let Some(v) = find_varint(
                        &features_of(o.options.as_deref(), ONEOF_OPTIONS_FEATURES),
                        feature,
                    ) {
                        return v;
                    }
                }
            }
        }
        p.truncate(n - 2);
    }
    default_feature(fe.edition, feature)
}

/// The resolved value of `feature` for the field at `sym`.
pub fn field_feature(pool: &Pool, sym: &Symbol, feature: u32) -> u64 {
    feature_at(pool, sym.file, &sym.path, feature)
}

pub fn field_is_packed(pool: &Pool, sym: &Symbol) -> bool {
    field_feature(pool, sym, FEATURE_REPEATED_FIELD_ENCODING) == 1
}

/// Whether a message-typed field of an editions file is encoded as a group.
pub fn is_delimited(pool: &Pool, sym: &Symbol) -> bool {
    pool.files[sym.file].edition >= Edition::E2023
        && field_feature(pool, sym, FEATURE_MESSAGE_ENCODING) == 2
}
