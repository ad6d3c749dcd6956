//! The rules over resolved features and the options that stand for them:
//! UTF-8 validation (also Java's), the C++ string type, and JSON support.

use super::compare::field_place;
use super::rules::{located, Cx};
use crate::descriptor::edition::Edition;
use crate::descriptor::tags::*;
use crate::descriptor::Type;
use crate::lint::rules::quote;
use crate::semantic::model::features::{
    JavaUtf8Validation, JsonFormat, StringType, Utf8Validation,
};
use crate::semantic::model::{EnumId, Field, MessageId, Model, Scope};

/// `FeatureSet.utf8_validation` and `FeatureSet.json_format`.
const FEATURE_UTF8_VALIDATION: i32 = 4;
const FEATURE_JSON_FORMAT: i32 = 6;
/// The `features` field of FieldOptions, MessageOptions and EnumOptions.
const FIELD_FEATURES: i32 = 21;
const MESSAGE_FEATURES: i32 = 12;
const ENUM_FEATURES: i32 = 7;

fn utf8_name(v: Utf8Validation) -> &'static str {
    match v {
        Utf8Validation::Verify => "VERIFY",
        _ => "NONE",
    }
}

fn in_map_entry(m: &Model, f: &Field) -> bool {
    matches!(f.parent, Scope::Message(p) if f.extendee.is_none() && m.is_map_entry(p))
}

pub(super) fn field(cx: &mut Cx, p: &Field, c: &Field, desc: &str) {
    let (pm, cm) = (&cx.before.model, &cx.after.model);
    let prev = Some(p.file);
    let strings = p.descriptor_type() == Type::String && c.descriptor_type() == Type::String;
    if strings {
        let (a, b) = (p.features.utf8_validation(), c.features.utf8_validation());
        if a != b {
            let at = field_place(
                cx,
                c,
                &[
                    FIELD_OPTIONS as i32,
                    FIELD_FEATURES,
                    FEATURE_UTF8_VALIDATION,
                ],
            );
            cx.hit(
                "FIELD_SAME_UTF8_VALIDATION",
                Some(at),
                prev,
                format!(
                    "{desc} changed UTF8 validation from {} to {}.",
                    utf8_name(a),
                    utf8_name(b)
                ),
            );
        }
        let (a, b) = (java_utf8(pm, p), java_utf8(cm, c));
        if a != b {
            let file_option = vec![FILE_OPTIONS as i32, 27];
            let at = if cx.after.file(c.file).locations.contains_key(&file_option) {
                (c.file, Some(file_option))
            } else {
                field_place(cx, c, &[])
            };
            cx.hit(
                "FIELD_SAME_JAVA_UTF8_VALIDATION",
                Some(at),
                prev,
                format!(
                    "{desc} changed Java string UTF8 validation from {} to {}.",
                    quote(a),
                    quote(b)
                ),
            );
        }
    }
    let text = |f: &Field| matches!(f.descriptor_type(), Type::String | Type::Bytes);
    if text(p) && text(c) && !(in_map_entry(pm, p) && in_map_entry(cm, c)) {
        let (a, b) = (cpp_string(pm, p), cpp_string(cm, c));
        if a != b && !(a == "STRING_PIECE" && b == "STRING") {
            let at = field_place(cx, c, &[FIELD_OPTIONS as i32, 1]);
            cx.hit(
                "FIELD_SAME_CPP_STRING_TYPE",
                Some(at),
                prev,
                format!(
                    "{desc} changed C++ string type from {} to {}.",
                    quote(a),
                    quote(b)
                ),
            );
        }
    }
}

/// Java's UTF-8 check: the file option where it applies, else the
/// feature.
fn java_utf8(m: &Model, f: &Field) -> &'static str {
    let file = m.file(f.file);
    let editions = file.edition >= Edition::E2023;
    let option = file.options.java_string_check_utf8;
    if !editions || option.is_some() {
        if option == Some(true) {
            return "VERIFY";
        }
        return utf8_name(f.features.utf8_validation());
    }
    if f.features.java().utf8_validation == JavaUtf8Validation::Verify {
        "VERIFY"
    } else {
        utf8_name(f.features.utf8_validation())
    }
}

/// The C++ string type: `ctype` before edition 2024, else the feature.
fn cpp_string(m: &Model, f: &Field) -> &'static str {
    if m.file(f.file).edition < Edition::E2024 {
        if let Some(ctype) = f.options.ctype.and_then(|c| c.number()) {
            return match ctype {
                1 => "CORD",
                2 => "STRING_PIECE",
                _ => "STRING",
            };
        }
    }
    match f.features.cpp().string_type {
        StringType::View => "VIEW",
        StringType::Cord => "CORD",
        _ => "STRING",
    }
}

fn json_name(v: JsonFormat) -> &'static str {
    match v {
        JsonFormat::Allow => "ALLOW",
        _ => "LEGACY_BEST_EFFORT",
    }
}

pub(super) fn message(cx: &mut Cx, p: MessageId, c: MessageId) {
    let (pm, cm) = (&cx.before.model, &cx.after.model);
    let (a, b) = (
        pm.message(p).features.json_format(),
        cm.message(c).features.json_format(),
    );
    if a == JsonFormat::Allow && b != JsonFormat::Allow {
        let msg = cm.message(c);
        let place = located(
            cx.after,
            msg.file,
            [
                &msg.origin.path[..],
                &[MSG_OPTIONS as i32, MESSAGE_FEATURES, FEATURE_JSON_FORMAT],
            ]
            .concat(),
        );
        let place = if place.1.is_some() {
            place
        } else {
            (msg.file, Some(msg.origin.path.to_vec()))
        };
        cx.hit(
            "MESSAGE_SAME_JSON_FORMAT",
            Some(place),
            Some(pm.message(p).file),
            format!(
                "Message {} JSON format support changed from {} to {}.",
                quote(&cm[msg.name]),
                json_name(a),
                json_name(b)
            ),
        );
    }
}

pub(super) fn enum_(cx: &mut Cx, p: EnumId, c: EnumId) {
    let (pm, cm) = (&cx.before.model, &cx.after.model);
    let (a, b) = (
        pm.enum_(p).features.json_format(),
        cm.enum_(c).features.json_format(),
    );
    if a == JsonFormat::Allow && b != JsonFormat::Allow {
        let e = cm.enum_(c);
        let place = located(
            cx.after,
            e.file,
            [
                &e.origin.path[..],
                &[ENUM_OPTIONS as i32, ENUM_FEATURES, FEATURE_JSON_FORMAT],
            ]
            .concat(),
        );
        let place = if place.1.is_some() {
            place
        } else {
            (e.file, Some(e.origin.path.to_vec()))
        };
        cx.hit(
            "ENUM_SAME_JSON_FORMAT",
            Some(place),
            Some(pm.enum_(p).file),
            format!(
                "Enum {} JSON format support changed from {} to {}.",
                quote(&cm[e.name]),
                json_name(a),
                json_name(b)
            ),
        );
    }
}
