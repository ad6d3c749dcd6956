//! Editions features: the values in force on an entity, from its own
//! `features` option up through its parents to the edition's defaults.

use super::dynamic::find_varint;
use super::lower::{EDITION_2023, EDITION_PROTO2, EDITION_PROTO3};
use super::pool::{message_at, Pool, Symbol};
use crate::descriptor::tags::*;
use crate::descriptor::wire;

/// `features` in every options message.
pub const OPTIONS_FEATURES: u32 = 50;
pub const FEATURE_FIELD_PRESENCE: u32 = 1;
pub const FEATURE_ENUM_TYPE: u32 = 2;
pub const FEATURE_REPEATED_FIELD_ENCODING: u32 = 3;
pub const FEATURE_UTF8_VALIDATION: u32 = 4;
pub const FEATURE_MESSAGE_ENCODING: u32 = 5;
pub const FEATURE_JSON_FORMAT: u32 = 6;

/// Extracts the encoded `features` message from encoded options.
fn features_of(options: Option<&[u8]>) -> Vec<u8> {
    let Some(bytes) = options else { return vec![] };
    let mut out = Vec::new();
    let mut r = wire::Reader::new(bytes);
    while !r.done() {
        let Some((n, wt, v)) = r.field() else { break };
        if n == OPTIONS_FEATURES && wt == wire::LEN {
            out.extend_from_slice(v);
        }
    }
    out
}

/// The edition default of a feature, per descriptor.proto's `edition_defaults`.
pub fn default_feature(edition: i32, feature: u32) -> u64 {
    let modern = edition >= EDITION_2023;
    match feature {
        FEATURE_FIELD_PRESENCE => {
            if edition == EDITION_PROTO3 {
                2 // IMPLICIT
            } else {
                1 // EXPLICIT
            }
        }
        FEATURE_ENUM_TYPE => {
            if edition == EDITION_PROTO2 {
                2 // CLOSED
            } else {
                1 // OPEN
            }
        }
        FEATURE_REPEATED_FIELD_ENCODING => {
            if edition == EDITION_PROTO2 {
                2 // EXPANDED
            } else {
                1 // PACKED
            }
        }
        FEATURE_UTF8_VALIDATION => {
            if edition == EDITION_PROTO2 {
                3 // NONE
            } else {
                2 // VERIFY
            }
        }
        FEATURE_MESSAGE_ENCODING => 1, // LENGTH_PREFIXED
        FEATURE_JSON_FORMAT => {
            if modern || edition == EDITION_PROTO3 {
                1 // ALLOW
            } else {
                2 // LEGACY_BEST_EFFORT
            }
        }
        _ => 0,
    }
}

/// The resolved value of `feature` for the field at `sym`.
pub fn field_feature(pool: &Pool, sym: &Symbol, feature: u32) -> u64 {
    let file = &pool.files[sym.file];
    let fd = &file.proto;
    let path = &sym.path;
    // The field itself.
    let f = super::pool::field_at(fd, path);
    if let Some(v) = find_varint(&features_of(f.options.as_deref()), feature) {
        return v;
    }
    // Oneof, then enclosing messages, innermost first.
    let n = path.len();
    if n > 2 {
        let msg_path = &path[..n - 2];
        if path[n - 2] == MSG_FIELD as i32 {
            if let Some(oi) = f.oneof_index {
                let m = message_at(fd, msg_path);
                if let Some(o) = m.oneof_decl.get(oi as usize) {
                    if let Some(v) = find_varint(&features_of(o.options.as_deref()), feature) {
                        return v;
                    }
                }
            }
        }
        let mut end = msg_path.len();
        while end >= 2 {
            let m = message_at(fd, &msg_path[..end]);
            if let Some(v) = find_varint(&features_of(m.options.as_deref()), feature) {
                return v;
            }
            end -= 2;
        }
    }
    if let Some(v) = find_varint(&features_of(fd.options.as_deref()), feature) {
        return v;
    }
    default_feature(file.edition, feature)
}

pub fn field_is_packed(pool: &Pool, sym: &Symbol) -> bool {
    field_feature(pool, sym, FEATURE_REPEATED_FIELD_ENCODING) == 1
}

/// Whether a message-typed field of an editions file is encoded as a group.
pub fn is_delimited(pool: &Pool, sym: &Symbol) -> bool {
    pool.files[sym.file].edition >= EDITION_2023 && field_feature(pool, sym, FEATURE_MESSAGE_ENCODING) == 2
}
