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
        // Sized exactly: symbol names are kept for the whole compilation.
        let mut full = String::with_capacity(scope.len() + 1 + name.len());
        full.push_str(scope);
        full.push('.');
        full.push_str(name);
        full
    }
}

/// `path` followed by `tag` and `i`, sized exactly.
fn sub(path: &[i32], tag: u32, i: usize) -> Vec<i32> {
    crate::semantic::lower::cat(path, &[tag as i32, i as i32])
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
        let p = sub(&path, MSG_ONEOF_DECL, i);
        out.push(Entity {
            kind: SymKind::Oneof,
            full_name: join(&full, o.name.as_deref().unwrap_or("")),
            path: p,
        });
    }
    for (i, f) in m.field.iter().enumerate() {
        let p = sub(&path, MSG_FIELD, i);
        out.push(Entity {
            kind: SymKind::Field,
            full_name: join(&full, f.name.as_deref().unwrap_or("")),
            path: p,
        });
    }
    for (i, e) in m.enum_type.iter().enumerate() {
        let p = sub(&path, MSG_ENUM_TYPE, i);
        enum_entities(e, &full, p, out);
    }
    for (i, n) in m.nested_type.iter().enumerate() {
        let p = sub(&path, MSG_NESTED_TYPE, i);
        message_entities(n, &full, p, out);
    }
    for (i, x) in m.extension.iter().enumerate() {
        let p = sub(&path, MSG_EXTENSION, i);
        out.push(Entity {
            kind: SymKind::Extension,
            full_name: join(&full, x.name.as_deref().unwrap_or("")),
            path: p,
        });
    }
}

fn enum_entities(e: &d::EnumDescriptorProto, scope: &str, path: Vec<i32>, out: &mut Vec<Entity>) {
    for (i, v) in e.value.iter().enumerate() {
        let p = sub(&path, ENUM_VALUE, i);
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

/// The full name of the entity at source path `path`, as [`entities`]
/// names it; `None` if no entity is there.
pub fn full_name_at(fd: &d::FileDescriptorProto, path: &[i32]) -> Option<String> {
    fn name(n: &Option<String>) -> &str {
        n.as_deref().unwrap_or("")
    }
    fn at<T>(items: &[T], i: i32) -> Option<&T> {
        items.get(usize::try_from(i).ok()?)
    }
    fn in_enum(e: &d::EnumDescriptorProto, scope: &str, rest: &[i32]) -> Option<String> {
        match *rest {
            [] => Some(join(scope, name(&e.name))),
            // Enum values are siblings of their enum, not children.
            [tag, i] if tag == ENUM_VALUE as i32 => Some(join(scope, name(&at(&e.value, i)?.name))),
            _ => None,
        }
    }
    fn in_message(m: &d::DescriptorProto, scope: &str, rest: &[i32]) -> Option<String> {
        let full = join(scope, name(&m.name));
        let &[tag, i, ref rest @ ..] = rest else {
            return rest.is_empty().then_some(full);
        };
        let leaf = |n: &Option<String>| rest.is_empty().then(|| join(&full, name(n)));
        match tag as u32 {
            MSG_ONEOF_DECL => leaf(&at(&m.oneof_decl, i)?.name),
            MSG_FIELD => leaf(&at(&m.field, i)?.name),
            MSG_EXTENSION => leaf(&at(&m.extension, i)?.name),
            MSG_ENUM_TYPE => in_enum(at(&m.enum_type, i)?, &full, rest),
            MSG_NESTED_TYPE => in_message(at(&m.nested_type, i)?, &full, rest),
            _ => None,
        }
    }
    let pkg = name(&fd.package);
    let &[tag, i, ref rest @ ..] = path else {
        return None;
    };
    match tag as u32 {
        FILE_MESSAGE_TYPE => in_message(at(&fd.message_type, i)?, pkg, rest),
        FILE_ENUM_TYPE => in_enum(at(&fd.enum_type, i)?, pkg, rest),
        FILE_EXTENSION => {
            let x = at(&fd.extension, i)?;
            rest.is_empty().then(|| join(pkg, name(&x.name)))
        }
        FILE_SERVICE => {
            let s = at(&fd.service, i)?;
            let full = join(pkg, name(&s.name));
            match *rest {
                [] => Some(full),
                [tag, j] if tag == SERVICE_METHOD as i32 => {
                    Some(join(&full, name(&at(&s.method, j)?.name)))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// Visits every entity that has options, with its source path, options
/// kind, options field number and options, on a path kept in one buffer:
/// the file, then each message (itself, its fields, extensions, oneofs,
/// extension ranges, enums with their values, nested messages), the
/// top-level enums, extensions, and services each followed by its methods.
macro_rules! options_visitor {
    ($(#[$doc:meta])* $name:ident $(, $m:ident)?) => {
        $(#[$doc])*
        pub fn $name(
            fd: &$($m)? d::FileDescriptorProto,
            f: &mut dyn FnMut(&[i32], OptionsKind, u32, &$($m)? Option<Vec<u8>>),
        ) {
            type Visit<'v> = dyn FnMut(&[i32], OptionsKind, u32, &$($m)? Option<Vec<u8>>) + 'v;
            fn message(m: &$($m)? d::DescriptorProto, path: &mut Vec<i32>, f: &mut Visit) {
                f(path, OptionsKind::Message, MSG_OPTIONS, &$($m)? m.options);
                let lists = [
                    (MSG_FIELD, OptionsKind::Field, FIELD_OPTIONS),
                    (MSG_EXTENSION, OptionsKind::Field, FIELD_OPTIONS),
                ];
                for (tag, kind, field) in lists {
                    let list = if tag == MSG_FIELD { &$($m)? m.field } else { &$($m)? m.extension };
                    for (i, x) in list.into_iter().enumerate() {
                        path.extend([tag as i32, i as i32]);
                        f(path, kind, field, &$($m)? x.options);
                        path.truncate(path.len() - 2);
                    }
                }
                for (i, o) in (&$($m)? m.oneof_decl).into_iter().enumerate() {
                    path.extend([MSG_ONEOF_DECL as i32, i as i32]);
                    f(path, OptionsKind::Oneof, ONEOF_OPTIONS, &$($m)? o.options);
                    path.truncate(path.len() - 2);
                }
                for (i, r) in (&$($m)? m.extension_range).into_iter().enumerate() {
                    path.extend([MSG_EXTENSION_RANGE as i32, i as i32]);
                    f(path, OptionsKind::ExtensionRange, EXT_RANGE_OPTIONS, &$($m)? r.options);
                    path.truncate(path.len() - 2);
                }
                for (i, e) in (&$($m)? m.enum_type).into_iter().enumerate() {
                    path.extend([MSG_ENUM_TYPE as i32, i as i32]);
                    enum_type(e, path, f);
                    path.truncate(path.len() - 2);
                }
                for (i, n) in (&$($m)? m.nested_type).into_iter().enumerate() {
                    path.extend([MSG_NESTED_TYPE as i32, i as i32]);
                    message(n, path, f);
                    path.truncate(path.len() - 2);
                }
            }
            fn enum_type(e: &$($m)? d::EnumDescriptorProto, path: &mut Vec<i32>, f: &mut Visit) {
                f(path, OptionsKind::Enum, ENUM_OPTIONS, &$($m)? e.options);
                for (i, v) in (&$($m)? e.value).into_iter().enumerate() {
                    path.extend([ENUM_VALUE as i32, i as i32]);
                    f(path, OptionsKind::EnumValue, ENUM_VALUE_OPTIONS, &$($m)? v.options);
                    path.truncate(path.len() - 2);
                }
            }
            let mut path = Vec::with_capacity(16);
            f(&path, OptionsKind::File, FILE_OPTIONS, &$($m)? fd.options);
            for (i, m) in (&$($m)? fd.message_type).into_iter().enumerate() {
                path.extend([FILE_MESSAGE_TYPE as i32, i as i32]);
                message(m, &mut path, f);
                path.clear();
            }
            for (i, e) in (&$($m)? fd.enum_type).into_iter().enumerate() {
                path.extend([FILE_ENUM_TYPE as i32, i as i32]);
                enum_type(e, &mut path, f);
                path.clear();
            }
            for (i, x) in (&$($m)? fd.extension).into_iter().enumerate() {
                path.extend([FILE_EXTENSION as i32, i as i32]);
                f(&path, OptionsKind::Field, FIELD_OPTIONS, &$($m)? x.options);
                path.clear();
            }
            for (i, s) in (&$($m)? fd.service).into_iter().enumerate() {
                path.extend([FILE_SERVICE as i32, i as i32]);
                f(&path, OptionsKind::Service, SERVICE_OPTIONS, &$($m)? s.options);
                for (j, m) in (&$($m)? s.method).into_iter().enumerate() {
                    path.extend([SERVICE_METHOD as i32, j as i32]);
                    f(&path, OptionsKind::Method, METHOD_OPTIONS, &$($m)? m.options);
                    path.truncate(2);
                }
                path.clear();
            }
        }
    };
}

options_visitor!(
    /// Every entity's options, read (see `options_visitor`).
    for_each_options
);
options_visitor!(
    /// Every entity's options, to change (see `options_visitor`).
    for_each_options_mut,
    mut
);

#[cfg(test)]
mod tests {
    use super::{entities, for_each_options, for_each_options_mut, full_name_at};
    use crate::descriptor::FileDescriptorProto;

    /// A proto2 file's text, parsed and lowered.
    fn lowered(text: &str) -> FileDescriptorProto {
        let src = crate::source::SourceFile::new("t.proto".into(), "t.proto".into(), text.into());
        let parsed = crate::syntax::parse(&src);
        assert!(parsed.errors.is_empty());
        crate::semantic::lower::lower(&parsed.file, "t.proto", 0, crate::syntax::Syntax::Proto2)
            .proto
    }

    /// The options visitors see every entity with options, in the order
    /// their users rely on (protoc's), and the changing one reaches each.
    #[test]
    fn options_visitors_visit_in_order() {
        let text = r#"
            syntax = "proto2";
            message A {
              optional int32 f = 1;
              oneof choice { string g = 2; }
              extensions 10 to 20;
              extend A { optional int32 ext = 10; }
              enum E { X = 0; }
              message B {}
            }
            enum Top { T0 = 0; }
            extend A { optional int32 top_ext = 11; }
            service S { rpc M(A) returns (A); }
        "#;
        let mut fd = lowered(text);
        let mut seen = Vec::new();
        for_each_options(&fd, &mut |path, _, field, _| {
            seen.push((path.to_vec(), field))
        });
        let want: Vec<(Vec<i32>, u32)> = vec![
            (vec![], 8),
            (vec![4, 0], 7),
            (vec![4, 0, 2, 0], 8),
            (vec![4, 0, 2, 1], 8),
            (vec![4, 0, 6, 0], 8),
            (vec![4, 0, 8, 0], 2),
            (vec![4, 0, 5, 0], 3),
            (vec![4, 0, 4, 0], 3),
            (vec![4, 0, 4, 0, 2, 0], 3),
            (vec![4, 0, 3, 0], 7),
            (vec![5, 0], 3),
            (vec![5, 0, 2, 0], 3),
            (vec![7, 0], 8),
            (vec![6, 0], 3),
            (vec![6, 0, 2, 0], 4),
        ];
        assert_eq!(seen, want);
        let mut n = 0;
        for_each_options_mut(&mut fd, &mut |_, _, _, slot| {
            *slot = Some(vec![n]);
            n += 1;
        });
        let mut back = Vec::new();
        for_each_options(&fd, &mut |_, _, _, slot| {
            back.push(slot.clone().unwrap()[0])
        });
        assert_eq!(back, (0..want.len() as u8).collect::<Vec<_>>());
    }

    /// Every entity's path leads back to its full name; other paths to none.
    #[test]
    fn full_names_by_path_match_the_entities() {
        let text = r#"
            syntax = "proto2";
            package p.q;
            message A {
              optional int32 f = 1;
              oneof choice { string g = 2; }
              enum E { X = 0; Y = 1; }
              message B { extensions 10 to 20; }
              extend B { optional int32 ext = 10; }
            }
            enum Top { T0 = 0; }
            extend A.B { optional int32 top_ext = 11; }
            service S { rpc M(A) returns (A); }
        "#;
        let fd = lowered(text);
        let all = entities(&fd);
        assert!(all.len() > 12);
        for e in &all {
            assert_eq!(
                full_name_at(&fd, &e.path).as_deref(),
                Some(e.full_name.as_str())
            );
        }
        for bad in [
            &[][..],
            &[4],
            &[4, 7],
            &[4, 0, 2, 9],
            &[4, 0, 99, 0],
            &[6, 0, 2, 0, 1],
        ] {
            assert_eq!(full_name_at(&fd, bad), None, "{bad:?}");
        }
    }
}
