//! The entities of a file in protoc's registration order.

use crate::descriptor as d;
use crate::descriptor::tags::*;
use crate::semantic::lower::OptionsKind;
use crate::semantic::pool::SymKind;

/// The full name of `name` declared in `scope` (a package or type; empty
/// at the root).
pub(super) fn join(scope: &str, name: &str) -> String {
    if scope.is_empty() {
        name.to_string()
    } else {
        format!("{scope}.{name}")
    }
}

/// An entity of a file with its full name and source path.
pub struct Entity {
    pub kind: SymKind,
    pub full_name: String,
    pub path: Vec<i32>,
}

/// Every named entity of a file, in protoc's registration order.
pub fn entities(fd: &d::FileDescriptorProto) -> Vec<Entity> {
    let mut out = Vec::new();
    let pkg = fd.package.clone().unwrap_or_default();
    for (i, m) in fd.message_type.iter().enumerate() {
        message_entities(m, &pkg, vec![FILE_MESSAGE_TYPE as i32, i as i32], &mut out);
    }
    for (i, e) in fd.enum_type.iter().enumerate() {
        enum_entities(e, &pkg, vec![FILE_ENUM_TYPE as i32, i as i32], &mut out);
    }
    for (i, x) in fd.extension.iter().enumerate() {
        out.push(Entity {
            kind: SymKind::Extension,
            full_name: join(&pkg, x.name.as_deref().unwrap_or("")),
            path: vec![FILE_EXTENSION as i32, i as i32],
        });
    }
    for (i, s) in fd.service.iter().enumerate() {
        let full = join(&pkg, s.name.as_deref().unwrap_or(""));
        let path = vec![FILE_SERVICE as i32, i as i32];
        out.push(Entity {
            kind: SymKind::Service,
            full_name: full.clone(),
            path,
        });
        for (j, m) in s.method.iter().enumerate() {
            out.push(Entity {
                kind: SymKind::Method,
                full_name: join(&full, m.name.as_deref().unwrap_or("")),
                path: vec![
                    FILE_SERVICE as i32,
                    i as i32,
                    SERVICE_METHOD as i32,
                    j as i32,
                ],
            });
        }
    }
    out
}

fn message_entities(m: &d::DescriptorProto, scope: &str, path: Vec<i32>, out: &mut Vec<Entity>) {
    let full = join(scope, m.name.as_deref().unwrap_or(""));
    out.push(Entity {
        kind: SymKind::Message,
        full_name: full.clone(),
        path: path.clone(),
    });
    // protoc's registration order, which decides where a clash is reported.
    for (i, o) in m.oneof_decl.iter().enumerate() {
        let mut p = path.clone();
        p.extend([MSG_ONEOF_DECL as i32, i as i32]);
        out.push(Entity {
            kind: SymKind::Oneof,
            full_name: join(&full, o.name.as_deref().unwrap_or("")),
            path: p,
        });
    }
    for (i, f) in m.field.iter().enumerate() {
        let mut p = path.clone();
        p.extend([MSG_FIELD as i32, i as i32]);
        out.push(Entity {
            kind: SymKind::Field,
            full_name: join(&full, f.name.as_deref().unwrap_or("")),
            path: p,
        });
    }
    for (i, e) in m.enum_type.iter().enumerate() {
        let mut p = path.clone();
        p.extend([MSG_ENUM_TYPE as i32, i as i32]);
        enum_entities(e, &full, p, out);
    }
    for (i, n) in m.nested_type.iter().enumerate() {
        let mut p = path.clone();
        p.extend([MSG_NESTED_TYPE as i32, i as i32]);
        message_entities(n, &full, p, out);
    }
    for (i, x) in m.extension.iter().enumerate() {
        let mut p = path.clone();
        p.extend([MSG_EXTENSION as i32, i as i32]);
        out.push(Entity {
            kind: SymKind::Extension,
            full_name: join(&full, x.name.as_deref().unwrap_or("")),
            path: p,
        });
    }
}

fn enum_entities(e: &d::EnumDescriptorProto, scope: &str, path: Vec<i32>, out: &mut Vec<Entity>) {
    for (i, v) in e.value.iter().enumerate() {
        let mut p = path.clone();
        p.extend([ENUM_VALUE as i32, i as i32]);
        // Enum values are siblings of their enum, not children.
        out.push(Entity {
            kind: SymKind::EnumValue,
            full_name: join(scope, v.name.as_deref().unwrap_or("")),
            path: p,
        });
    }
    // protoc registers the values before the enum itself.
    out.push(Entity {
        kind: SymKind::Enum,
        full_name: join(scope, e.name.as_deref().unwrap_or("")),
        path,
    });
}

/// Every entity with options, as (source path, options kind, options field number).
pub fn option_owners(fd: &d::FileDescriptorProto) -> Vec<(Vec<i32>, OptionsKind, u32)> {
    let mut out = vec![(vec![], OptionsKind::File, FILE_OPTIONS)];
    fn message(
        m: &d::DescriptorProto,
        path: Vec<i32>,
        out: &mut Vec<(Vec<i32>, OptionsKind, u32)>,
    ) {
        out.push((path.clone(), OptionsKind::Message, MSG_OPTIONS));
        let sub = |a: u32, i: usize| {
            let mut p = path.clone();
            p.extend([a as i32, i as i32]);
            p
        };
        for i in 0..m.field.len() {
            out.push((sub(MSG_FIELD, i), OptionsKind::Field, FIELD_OPTIONS));
        }
        for i in 0..m.extension.len() {
            out.push((sub(MSG_EXTENSION, i), OptionsKind::Field, FIELD_OPTIONS));
        }
        for i in 0..m.oneof_decl.len() {
            out.push((sub(MSG_ONEOF_DECL, i), OptionsKind::Oneof, ONEOF_OPTIONS));
        }
        for i in 0..m.extension_range.len() {
            out.push((
                sub(MSG_EXTENSION_RANGE, i),
                OptionsKind::ExtensionRange,
                EXT_RANGE_OPTIONS,
            ));
        }
        for (i, e) in m.enum_type.iter().enumerate() {
            enum_owners(e, sub(MSG_ENUM_TYPE, i), out);
        }
        for (i, n) in m.nested_type.iter().enumerate() {
            message(n, sub(MSG_NESTED_TYPE, i), out);
        }
    }
    fn enum_owners(
        e: &d::EnumDescriptorProto,
        path: Vec<i32>,
        out: &mut Vec<(Vec<i32>, OptionsKind, u32)>,
    ) {
        out.push((path.clone(), OptionsKind::Enum, ENUM_OPTIONS));
        for i in 0..e.value.len() {
            let mut p = path.clone();
            p.extend([ENUM_VALUE as i32, i as i32]);
            out.push((p, OptionsKind::EnumValue, ENUM_VALUE_OPTIONS));
        }
    }
    for (i, m) in fd.message_type.iter().enumerate() {
        message(m, vec![FILE_MESSAGE_TYPE as i32, i as i32], &mut out);
    }
    for (i, e) in fd.enum_type.iter().enumerate() {
        enum_owners(e, vec![FILE_ENUM_TYPE as i32, i as i32], &mut out);
    }
    for i in 0..fd.extension.len() {
        out.push((
            vec![FILE_EXTENSION as i32, i as i32],
            OptionsKind::Field,
            FIELD_OPTIONS,
        ));
    }
    for (i, s) in fd.service.iter().enumerate() {
        out.push((
            vec![FILE_SERVICE as i32, i as i32],
            OptionsKind::Service,
            SERVICE_OPTIONS,
        ));
        for j in 0..s.method.len() {
            out.push((
                vec![
                    FILE_SERVICE as i32,
                    i as i32,
                    SERVICE_METHOD as i32,
                    j as i32,
                ],
                OptionsKind::Method,
                METHOD_OPTIONS,
            ));
        }
    }
    out
}
