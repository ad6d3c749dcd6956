//! The symbol table: every definition of a file gets its full name in the pool.

use crate::descriptor::tags::*;
use crate::diagnostics::{Code, Diagnostic};
use crate::semantic::pool::*;
use crate::semantic::report::report;
use crate::semantic::walk::Entity;

/// Adds the file's package and definitions to the pool's symbol table;
/// what is left of `declared` is for [`super::cross_link`].
pub fn add_symbols(
    pool: &mut Pool,
    file: usize,
    declared: &mut super::Declared,
    diags: &mut Vec<Diagnostic>,
) {
    let pkg = pool.files[file].package().to_string();
    if !pkg.is_empty() {
        let mut prefix = String::new();
        for part in pkg.split('.') {
            if !prefix.is_empty() {
                prefix.push('.');
            }
            prefix.push_str(part);
            match pool.symbols.get(prefix.as_str()) {
                Some(s) if s.kind != SymKind::Package => {
                    let other = pool.files[s.file].name.clone();
                    report(
                        pool,
                        file,
                        diags,
                        Code::DuplicateSymbol,
                        &[FILE_PACKAGE as i32],
                        format!("\"{prefix}\" is already defined (as something other than a package) in file \"{other}\"."),
                    );
                    break;
                }
                Some(_) => {}
                None => {
                    pool.symbols.insert(
                        prefix.as_str().into(),
                        Symbol {
                            kind: SymKind::Package,
                            file,
                            path: Box::default(),
                        },
                    );
                }
            }
            pool.packages.entry(prefix.clone()).or_default().push(file);
        }
    }
    for e in std::mem::take(&mut declared.entities) {
        if let Some(existing) = pool.symbols.get(e.full_name.as_str()) {
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
            report(pool, file, diags, Code::DuplicateSymbol, &name_path, msg);
            // The first definition, when it has a position in this run.
            let first = &pool.files[existing.file];
            let first_at = first
                .source
                .zip(first.error_span(&[&existing.path[..], &[1]].concat()));
            if let (Some((src, span)), Some(d)) = (first_at, diags.last_mut()) {
                d.secondary.push(crate::diagnostics::Label {
                    source: src,
                    span,
                    message: "first defined here".into(),
                });
            }
            if let Some(d) = diags.last_mut() {
                if note.is_none() {
                    d.help = Some(
                        "rename one of the two; names share one scope with every other declaration in it"
                            .into(),
                    );
                }
            }
            if let Some(note) = note {
                // protoc's second error explains the first; shown as its note,
                // and the pair is this more specific kind of problem.
                if let Some(d) = diags.last_mut() {
                    d.notes.push(note.clone());
                    d.code = Code::EnumValueScope;
                }
                report(pool, file, diags, Code::EnumValueScope, &name_path, note);
                if let Some(d) = diags.last_mut() {
                    d.follow_on = true;
                }
            }
            continue;
        }
        pool.symbols.insert(
            e.full_name.into_boxed_str(),
            Symbol {
                kind: e.kind,
                file,
                path: e.path.into_boxed_slice(),
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
