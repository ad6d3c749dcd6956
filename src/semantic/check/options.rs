//! Checks on interpreted options: option targets, feature support by
//! edition, features outside editions, and unresolved feature values.

use crate::descriptor::edition::Edition;
use crate::descriptor::tags::*;
use crate::descriptor::wire::find_varint;
use crate::descriptor::wire::{self, Reader};
use crate::descriptor::{self as d};
use crate::diagnostics::{Code, Diagnostic};
use crate::semantic::dynamic::{extension_by_number_until, find_field_by_number, FieldMeta};
use crate::semantic::lower::OptionsKind;
use crate::semantic::pool::{Pool, SymKind};
use crate::semantic::report::{report, report_file};
use crate::semantic::walk::for_each_options;

fn target_of(kind: OptionsKind) -> (u64, &'static str) {
    match kind {
        OptionsKind::File => (1, "file"),
        OptionsKind::ExtensionRange => (2, "extension range"),
        OptionsKind::Message => (3, "message"),
        OptionsKind::Field => (4, "field"),
        OptionsKind::Oneof => (5, "oneof"),
        OptionsKind::Enum => (6, "enum"),
        OptionsKind::EnumValue => (7, "enum entry"),
        OptionsKind::Service => (8, "service"),
        OptionsKind::Method => (9, "method"),
    }
}

struct Walk<'a> {
    pool: &'a Pool,
    file: usize,
    edition: Edition,
    target: (u64, &'static str),
    path: Vec<i32>,
    diags: &'a mut Vec<Diagnostic>,
}

pub fn check_options(pool: &Pool, file: usize, diags: &mut Vec<Diagnostic>) {
    let fe = &pool.files[file];
    for_each_options(&fe.proto, &mut |path, kind, opts_field, bytes| {
        let Some(bytes) = bytes else {
            return;
        };
        let mut opts_path = Vec::with_capacity(path.len() + 1);
        opts_path.extend_from_slice(path);
        opts_path.push(opts_field as i32);
        let mut w = Walk {
            pool,
            file,
            edition: fe.edition,
            target: target_of(kind),
            path: opts_path,
            diags,
        };
        w.message(kind.message_name(), bytes, false);
    });
}

impl Walk<'_> {
    /// Errors protoc reports without a position.
    fn err_file(&mut self, code: Code, msg: String) {
        report_file(self.pool, self.file, self.diags, code, msg);
    }
    /// At the name of the entity that owns the options: the file's first
    /// token for the file (`at_root`), or no position.
    fn err_at_entity(&mut self, msg: String, at_root: bool) {
        let code = Code::InvalidFeature;
        let entity = &self.path[..self.path.len() - 1];
        if entity.is_empty() {
            if at_root {
                report(self.pool, self.file, self.diags, code, &[], msg);
            } else {
                self.err_file(code, msg);
            }
        } else {
            let mut name = entity.to_vec();
            name.push(1);
            report(self.pool, self.file, self.diags, code, &name, msg);
        }
    }

    /// Walks the set fields of an encoded message; `in_features` is true
    /// inside a FeatureSet (or a feature extension of it).
    fn message(&mut self, msg_full: &str, bytes: &[u8], in_features: bool) {
        let mut r = Reader::new(bytes);
        while !r.done() {
            let Some((n, wt, v)) = r.field() else { return };
            let Some(meta) = find_field_by_number(self.pool, msg_full, n as i32)
                .or_else(|| extension_by_number_until(self.pool, msg_full, n as i32, self.file))
            else {
                continue;
            };
            self.field(&meta, wt, v, in_features);
        }
    }

    fn field(&mut self, meta: &FieldMeta, wt: u32, v: &[u8], in_features: bool) {
        let pool = self.pool;
        let Some(sym) = pool.symbols.get(&*meta.full_name) else {
            return;
        };
        let fopts = pool.field(sym).options.as_deref().unwrap_or_default();
        // targets
        let targets = wire::find_varints(fopts, FIELD_OPTIONS_TARGETS);
        if !targets.is_empty() && !targets.contains(&self.target.0) {
            self.err_file(
                Code::OptionNotAllowed,
                format!(
                    "Option {} cannot be set on an entity of type `{}`.",
                    meta.full_name, self.target.1
                ),
            );
        }
        // feature_support
        if let Some(support) = wire::find_message(fopts, FIELD_OPTIONS_FEATURE_SUPPORT) {
            self.support(&meta.full_name, &support);
        }
        let is_features = meta.type_name.as_deref() == Some("google.protobuf.FeatureSet");
        if is_features && self.edition < Edition::E2023 {
            self.err_at_entity("Features are only valid under editions.".into(), true);
            return;
        }
        if meta.ty == d::Type::Enum && wt == wire::VARINT {
            let n = Reader::new(v).varint().unwrap_or(0) as i64 as i32;
            self.enum_value(meta, n, in_features);
        }
        if meta.is_message() && (wt == wire::LEN || wt == wire::START_GROUP) {
            let ty = meta.type_name.clone().unwrap_or_default();
            let inner = is_features || (in_features && meta.is_extension);
            self.message(&ty, v, inner);
        }
    }

    fn enum_value(&mut self, meta: &FieldMeta, n: i32, in_features: bool) {
        let Some(esym) = self
            .pool
            .symbols
            .get(meta.type_name.as_deref().unwrap_or(""))
        else {
            return;
        };
        if esym.kind != SymKind::Enum {
            return;
        }
        let e = self.pool.enum_type(esym);
        let Some(v) = e.value.iter().find(|v| v.number == Some(n)) else {
            return;
        };
        if in_features && n == 0 {
            let msg = format!(
                "Feature field `{}` must resolve to a known value, found {}",
                meta.name,
                v.name.as_deref().unwrap_or("")
            );
            self.err_at_entity(msg, true);
            return;
        }
        if let Some(support) = v
            .options
            .as_deref()
            .and_then(|o| wire::find_message(o, ENUM_VALUE_OPTIONS_FEATURE_SUPPORT))
        {
            // Enum values are named in the enum's scope.
            let enum_full = meta.type_name.as_deref().unwrap_or("");
            let scope = enum_full.rsplit_once('.').map_or("", |(p, _)| p);
            self.support(
                &format!("{scope}.{}", v.name.as_deref().unwrap_or("")),
                &support,
            );
        }
    }

    fn support(&mut self, name: &str, support: &[u8]) {
        if let Some(intro) = find_varint(support, FEATURE_SUPPORT_EDITION_INTRODUCED) {
            if Edition(intro as i32) > self.edition {
                self.err_at_entity(
                    format!(
                        "{name} wasn't introduced until edition {} and can't be used in edition {}",
                        Edition(intro as i32),
                        self.edition
                    ),
                    false,
                );
                return;
            }
        }
        if let Some(removed) = find_varint(support, FEATURE_SUPPORT_EDITION_REMOVED) {
            if Edition(removed as i32) <= self.edition {
                let mut msg = format!(
                    "{name} has been removed in edition {}",
                    Edition(removed as i32)
                );
                if let Some(e) = wire::find_string(support, FEATURE_SUPPORT_REMOVAL_ERROR) {
                    msg.push_str(": ");
                    msg.push_str(&e);
                }
                self.err_at_entity(msg, false);
            }
        }
    }
}
