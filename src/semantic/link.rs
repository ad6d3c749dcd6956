//! Symbols and cross-links: every definition gets its full name in the
//! pool, and every reference (field types, extendees, method types) is
//! resolved with protoc's scoping rules and rewritten fully qualified.

use super::pool::*;
use crate::descriptor as d;
use crate::descriptor::tags::*;
use crate::diagnostics::Diagnostic;

/// Collects diagnostics for one file, positioned by source path.
pub struct Reporter<'a> {
    pub file: usize,
    pub diags: &'a mut Vec<Diagnostic>,
}

pub fn report(pool: &Pool, file: usize, diags: &mut Vec<Diagnostic>, path: &[i32], msg: String) {
    let f = &pool.files[file];
    let mut d = Diagnostic::error(msg).in_file(f.name.clone());
    if let (Some(src), Some(span)) = (f.source, f.error_span(path)) {
        d = d.at(src, span);
    }
    diags.push(d);
}

/// An error protoc reports with the file name only (no line and column).
pub fn report_file(pool: &Pool, file: usize, diags: &mut Vec<Diagnostic>, msg: String) {
    diags.push(Diagnostic::error(msg).in_file(pool.files[file].name.clone()));
}

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

/// Adds the file's package and definitions to the pool's symbol table.
pub fn add_symbols(pool: &mut Pool, file: usize, diags: &mut Vec<Diagnostic>) {
    let pkg = pool.files[file].package().to_string();
    if !pkg.is_empty() {
        let mut prefix = String::new();
        for part in pkg.split('.') {
            if !prefix.is_empty() {
                prefix.push('.');
            }
            prefix.push_str(part);
            match pool.symbols.get(&prefix) {
                Some(s) if s.kind != SymKind::Package => {
                    let other = pool.files[s.file].name.clone();
                    report(
                        pool,
                        file,
                        diags,
                        &[FILE_PACKAGE as i32],
                        format!("\"{prefix}\" is already defined (as something other than a package) in file \"{other}\"."),
                    );
                    break;
                }
                Some(_) => {}
                None => {
                    pool.symbols.insert(
                        prefix.clone(),
                        Symbol {
                            kind: SymKind::Package,
                            file,
                            path: vec![],
                        },
                    );
                }
            }
            pool.packages.entry(prefix.clone()).or_default().push(file);
        }
    }
    let ents = entities(&pool.files[file].proto);
    for e in ents {
        if let Some(existing) = pool.symbols.get(&e.full_name) {
            let mut name_path = e.path.clone();
            name_path.push(1);
            let msg = if existing.file == file {
                match e.full_name.rfind('.') {
                    None => format!("\"{}\" is already defined.", e.full_name),
                    Some(dot) => format!(
                        "\"{}\" is already defined in \"{}\".",
                        &e.full_name[dot + 1..],
                        &e.full_name[..dot]
                    ),
                }
            } else {
                format!(
                    "\"{}\" is already defined in file \"{}\".",
                    e.full_name, pool.files[existing.file].name
                )
            };
            // A value that clashes outside its own enum gets a second error explaining the scoping.
            let sibling_value = existing.kind == SymKind::EnumValue
                && existing.file == file
                && existing.path[..existing.path.len() - 2] == e.path[..e.path.len() - 2];
            let note = (e.kind == SymKind::EnumValue && !sibling_value)
                .then(|| enum_value_scope_note(pool, file, &e));
            report(pool, file, diags, &name_path, msg);
            if let Some(note) = note {
                report(pool, file, diags, &name_path, note);
            }
            continue;
        }
        pool.symbols.insert(
            e.full_name,
            Symbol {
                kind: e.kind,
                file,
                path: e.path,
            },
        );
    }
}

fn enum_value_scope_note(pool: &Pool, file: usize, e: &Entity) -> String {
    let fd = &pool.files[file].proto;
    let enum_path = &e.path[..e.path.len() - 2];
    let en = enum_at(fd, enum_path);
    let scope = match e.full_name.rfind('.') {
        Some(dot) => &e.full_name[..dot],
        None => "",
    };
    let value = e.full_name.rsplit('.').next().unwrap_or("");
    format!(
        "Note that enum values use C++ scoping rules, meaning that enum values are siblings of their type, not children of it.  Therefore, \"{}\" must be unique within {}, not just within \"{}\".",
        value,
        if scope.is_empty() { "the global scope".to_string() } else { format!("\"{scope}\"") },
        en.name.as_deref().unwrap_or("")
    )
}

/// A reference to resolve: where it sits and what it names.
struct Ref {
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

fn collect_refs(fd: &d::FileDescriptorProto) -> Vec<Ref> {
    let mut refs = Vec::new();
    for e in entities(fd) {
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
pub fn cross_link(pool: &mut Pool, file: usize, diags: &mut Vec<Diagnostic>) {
    let refs = collect_refs(&pool.files[file].proto);
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
        let (full, kind) = match pool.lookup(file, &r.name, &r.scope, types_only, false) {
            Ok((full, sym)) => (full, sym.kind),
            Err(e) => {
                let not_found = matches!(e, LookupError::NotFound);
                let msg = lookup_error_message(pool, file, &r.name, e);
                report(pool, file, diags, &err_path, msg);
                if let (true, Some(d)) = (not_found, diags.last_mut()) {
                    d.label = Some("not found".into());
                    let budget = suggestions_left > 0;
                    suggestions_left = suggestions_left.saturating_sub(1);
                    if let Some(s) = budget
                        .then(|| suggest(pool, file, &r.name, types_only))
                        .flatten()
                    {
                        d.help = Some(format!("did you mean `{s}`?"));
                    }
                }
                continue;
            }
        };
        if let Some(reason) = hidden_reason(pool, file, &full) {
            let msg = format!(
                "Symbol \"{full}\", defined in \"{}\"  is not visible from \"{}\". {reason} and cannot be accessed outside its own file",
                pool.files[pool.symbols[&full].file].name,
                pool.files[file].name
            );
            report(pool, file, diags, &err_path, msg);
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
                        report(pool, file, diags, &err_path, msg);
                    }
                    _ => {
                        let msg = format!("\"{}\" is not a type.", r.name);
                        report(pool, file, diags, &err_path, msg);
                    }
                }
            }
            RefKind::Extendee => {
                if kind != SymKind::Message {
                    let msg = format!("\"{}\" is not a message type.", r.name);
                    report(pool, file, diags, &err_path, msg);
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
                    .message(&pool.symbols[&full])
                    .extension_range
                    .iter()
                    .any(|x| x.start.unwrap_or(0) <= number && number < x.end.unwrap_or(0));
                if number > 0 && !in_range {
                    let msg =
                        format!("\"{full}\" does not declare {number} as an extension number.");
                    report(pool, file, diags, &num_path, msg);
                }
                let key = (full.clone(), number);
                if let Some(other) = pool.extensions.get(&key).cloned() {
                    let other_file = pool.symbols.get(&other).map(|s| s.file);
                    let msg = format!(
                        "Extension number {number} has already been used in \"{full}\" by extension \"{other}\"."
                    );
                    if other_file == Some(file) {
                        report(pool, file, diags, &num_path, msg);
                    } else {
                        let mut d = Vec::new();
                        report(pool, file, &mut d, &num_path, msg);
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
                    report(pool, file, diags, &err_path, msg);
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

fn suggest(pool: &Pool, file: usize, name: &str, types_only: bool) -> Option<String> {
    let wanted = name.trim_start_matches('.');
    let last = wanted.rsplit('.').next().unwrap_or(wanted);
    let fe = &pool.files[file];
    let mut best: Option<(usize, &str)> = None;
    for (full, sym) in &pool.symbols {
        if !(sym.kind == SymKind::Message || (types_only && sym.kind == SymKind::Enum)) {
            continue;
        }
        if !fe.visible.contains(&sym.file) {
            continue;
        }
        let cand = full.rsplit('.').next().unwrap_or(full);
        let dist = edit_distance(&last.to_ascii_lowercase(), &cand.to_ascii_lowercase());
        let limit = (last.len() / 3).clamp(1, 3);
        if dist <= limit
            && best.is_none_or(|(d, b)| {
                (dist, full.len()) < (d, b.len())
                    || (dist == d && full.len() == b.len() && full.as_str() < b)
            })
        {
            best = Some((dist, full));
        }
    }
    if types_only {
        for scalar in SCALAR_NAMES {
            let dist = edit_distance(&last.to_ascii_lowercase(), scalar);
            if dist <= (last.len() / 3).clamp(1, 3) && best.is_none_or(|(d, _)| dist < d) {
                best = Some((dist, scalar));
            }
        }
    }
    best.map(|(_, full)| full.to_string())
}

const SCALAR_NAMES: [&str; 15] = [
    "double", "float", "int64", "uint64", "int32", "fixed64", "fixed32", "bool", "string", "bytes",
    "uint32", "sfixed32", "sfixed64", "sint32", "sint64",
];

fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        prev = cur;
    }
    prev[b.len()]
}

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
            let default = super::features::feature_at(
                pool,
                sym.file,
                &sym.path,
                super::features::FEATURE_DEFAULT_SYMBOL_VISIBILITY,
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
