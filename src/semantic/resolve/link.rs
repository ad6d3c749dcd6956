//! Cross-links: every reference (field types, extendees, method types) is
//! resolved with protoc's scoping rules and rewritten fully qualified.

use crate::descriptor as d;
use crate::descriptor::tags::*;
use crate::diagnostics::{Code, Diagnostic};
use crate::semantic::pool::*;
use crate::semantic::report::report;
use crate::semantic::walk::Entity;

/// A reference to resolve: where it sits and what it names.
pub(super) struct Ref {
    /// Source path of the referring field or method.
    path: Vec<i32>,
    /// Full name of the referring entity (lookups start in its scope).
    scope: String,
    kind: RefKind,
    name: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum RefKind {
    FieldType,
    Extendee,
    MethodInput,
    MethodOutput,
}

pub(super) fn collect_refs(fd: &d::FileDescriptorProto, entities: &[Entity]) -> Vec<Ref> {
    let mut refs = Vec::new();
    for e in entities {
        match e.kind {
            SymKind::Field | SymKind::Extension => {
                let f = field_at(fd, &e.path);
                if let Some(x) = &f.extendee {
                    refs.push(Ref {
                        path: e.path.clone(),
                        scope: e.full_name.clone(),
                        kind: RefKind::Extendee,
                        name: x.clone(),
                    });
                }
                if let Some(t) = &f.type_name {
                    refs.push(Ref {
                        path: e.path.clone(),
                        scope: e.full_name.clone(),
                        kind: RefKind::FieldType,
                        name: t.clone(),
                    });
                }
            }
            SymKind::Method => {
                let m = &fd.service[e.path[1] as usize].method[e.path[3] as usize];
                if let Some(t) = &m.input_type {
                    refs.push(Ref {
                        path: e.path.clone(),
                        scope: e.full_name.clone(),
                        kind: RefKind::MethodInput,
                        name: t.clone(),
                    });
                }
                if let Some(t) = &m.output_type {
                    refs.push(Ref {
                        path: e.path.clone(),
                        scope: e.full_name.clone(),
                        kind: RefKind::MethodOutput,
                        name: t.clone(),
                    });
                }
            }
            _ => {}
        }
    }
    refs
}

/// Resolves every reference in the file, rewriting names to `.full.name`
/// and setting field types.
/// Returns the files whose symbols the references resolved to.
pub fn cross_link(
    pool: &mut Pool,
    file: usize,
    declared: super::Declared,
    diags: &mut Vec<Diagnostic>,
) -> Usage {
    let mut used = Usage::default();
    let refs = declared.refs;
    // Each suggestion scans every symbol, so only the first few unresolved
    // names get one: many errors must not cost errors × symbols.
    let mut suggestions_left = MAX_SUGGESTIONS;
    for r in refs {
        let types_only = r.kind == RefKind::FieldType;
        let sub = match r.kind {
            RefKind::FieldType => FIELD_TYPE_NAME,
            RefKind::Extendee => FIELD_EXTENDEE,
            RefKind::MethodInput => METHOD_INPUT_TYPE,
            RefKind::MethodOutput => METHOD_OUTPUT_TYPE,
        } as i32;
        let mut err_path = r.path.clone();
        err_path.push(sub);
        let (full, kind) = match pool.lookup(file, &r.name, &r.scope, types_only, false, &mut used)
        {
            Ok((full, sym)) => (full, sym.kind),
            Err(e) => {
                let not_found = matches!(e, LookupError::NotFound);
                let msg = lookup_error_message(pool, file, &r.name, e);
                report(pool, file, diags, Code::UndefinedSymbol, &err_path, msg);
                if let (true, Some(d)) = (not_found, diags.last_mut()) {
                    d.label = Some("not found".into());
                    let budget = suggestions_left > 0;
                    suggestions_left = suggestions_left.saturating_sub(1);
                    d.help = budget
                        .then(|| super::hints::undefined_type_help(pool, file, &r.name, types_only))
                        .flatten();
                }
                continue;
            }
        };
        if let Some(reason) = hidden_reason(pool, file, &full) {
            let msg = format!(
                "Symbol \"{full}\", defined in \"{}\"  is not visible from \"{}\". {reason} and cannot be accessed outside its own file",
                pool.files[pool.symbols[full.as_str()].file].name,
                pool.files[file].name
            );
            report(pool, file, diags, Code::NotVisible, &err_path, msg);
            continue;
        }
        let qualified = format!(".{full}");
        let fd = &mut pool.file_mut(file).proto;
        match r.kind {
            RefKind::FieldType => {
                let f = field_at_mut(fd, &r.path);
                match (f.r#type, kind) {
                    (Some(d::Type::Group), SymKind::Message) | (None, SymKind::Message) => {
                        if f.r#type.is_none() {
                            f.r#type = Some(d::Type::Message);
                        }
                        f.type_name = Some(qualified);
                    }
                    (None, SymKind::Enum) => {
                        f.r#type = Some(d::Type::Enum);
                        f.type_name = Some(qualified);
                    }
                    // Descriptors read from a set already name the kind.
                    (Some(d::Type::Message), SymKind::Message)
                    | (Some(d::Type::Enum), SymKind::Enum) => f.type_name = Some(qualified),
                    (Some(d::Type::Group), _) => {
                        let msg = format!("\"{}\" is not a message type.", r.name);
                        report(pool, file, diags, Code::WrongKindOfSymbol, &err_path, msg);
                    }
                    _ => {
                        let msg = format!("\"{}\" is not a type.", r.name);
                        report(pool, file, diags, Code::WrongKindOfSymbol, &err_path, msg);
                    }
                }
            }
            RefKind::Extendee => {
                if kind != SymKind::Message {
                    let msg = format!("\"{}\" is not a message type.", r.name);
                    report(pool, file, diags, Code::WrongKindOfSymbol, &err_path, msg);
                    continue;
                }
                let f = field_at_mut(fd, &r.path);
                f.extendee = Some(qualified);
                let number = f.number.unwrap_or(0);
                let mut num_path = r.path.clone();
                num_path.push(FIELD_NUMBER as i32);
                // The number must lie in one of the extendee's ranges (a
                // non-positive number is reported where the field is read).
                let in_range = pool
                    .message(&pool.symbols[full.as_str()])
                    .extension_range
                    .iter()
                    .any(|x| x.start.unwrap_or(0) <= number && number < x.end.unwrap_or(0));
                if number > 0 && !in_range {
                    let msg =
                        format!("\"{full}\" does not declare {number} as an extension number.");
                    report(pool, file, diags, Code::ExtensionOutOfRange, &num_path, msg);
                }
                let key = (full.clone(), number);
                if let Some(other) = pool.extensions.get(&key).cloned() {
                    let other_file = pool.symbols.get(other.as_str()).map(|s| s.file);
                    let msg = format!(
                        "Extension number {number} has already been used in \"{full}\" by extension \"{other}\"."
                    );
                    if other_file == Some(file) {
                        report(
                            pool,
                            file,
                            diags,
                            Code::DuplicateFieldNumber,
                            &num_path,
                            msg,
                        );
                    } else {
                        let mut d = Vec::new();
                        report(
                            pool,
                            file,
                            &mut d,
                            Code::DuplicateFieldNumber,
                            &num_path,
                            msg,
                        );
                        for mut w in d {
                            w.severity = crate::diagnostics::Severity::Warning;
                            diags.push(w);
                        }
                    }
                    continue;
                }
                pool.extensions.insert(key, r.scope.clone());
            }
            RefKind::MethodInput | RefKind::MethodOutput => {
                if kind != SymKind::Message {
                    let msg = format!("\"{}\" is not a message type.", r.name);
                    report(pool, file, diags, Code::WrongKindOfSymbol, &err_path, msg);
                    continue;
                }
                let m = &mut fd.service[r.path[1] as usize].method[r.path[3] as usize];
                if r.kind == RefKind::MethodInput {
                    m.input_type = Some(qualified);
                } else {
                    m.output_type = Some(qualified);
                }
            }
        }
    }
    used
}

pub fn lookup_error_message(pool: &Pool, file: usize, name: &str, e: LookupError) -> String {
    match e {
        LookupError::NotFound => format!("\"{name}\" is not defined."),
        LookupError::ResolvedToUndefined(full) => format!(
            "\"{name}\" is resolved to \"{full}\", which is not defined. The innermost scope is searched first in name resolution. Consider using a leading '.'(i.e., \".{name}\") to start from the outermost scope."
        ),
        LookupError::NotImported(_, other) => format!(
            "\"{name}\" seems to be defined in \"{}\", which is not imported by \"{}\".  To use it here, please add the necessary import.",
            pool.files[other].name, pool.files[file].name
        ),
    }
}

/// The visible message or enum whose name is closest to a misspelt one.
/// How many unresolved names per file get a "did you mean" help.
const MAX_SUGGESTIONS: usize = 100;

/// Why the message or enum `full` may not be used from `file`, if it may not:
/// edition 2024 symbols marked `local`, or local by the file's default.
fn hidden_reason(pool: &Pool, file: usize, full: &str) -> Option<String> {
    let sym = pool.symbols.get(full)?;
    if sym.file == file || !matches!(sym.kind, SymKind::Message | SymKind::Enum) {
        return None;
    }
    let fd = &pool.files[sym.file].proto;
    let visibility = if sym.kind == SymKind::Message {
        message_at(fd, &sym.path).visibility
    } else {
        enum_at(fd, &sym.path).visibility
    };
    match visibility {
        Some(2) => None,
        Some(_) => Some("It is explicitly marked 'local'".into()),
        None => {
            let default = crate::semantic::features::feature_at(
                pool,
                sym.file,
                &sym.path,
                crate::semantic::features::FEATURE_DEFAULT_SYMBOL_VISIBILITY,
            );
            let nested = sym.path.len() > 2;
            let local = match default {
                1 => false,
                2 => nested,
                _ => true,
            };
            let name = match default {
                1 => "EXPORT_ALL",
                2 => "EXPORT_TOP_LEVEL",
                3 => "LOCAL_ALL",
                _ => "STRICT",
            };
            local.then(|| format!("It defaulted to local from file-level 'option features.default_symbol_visibility = '{name}';"))
        }
    }
}
