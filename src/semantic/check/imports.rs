//! Rules about what a file brings in with `import option`.

use rustc_hash::FxHashMap as HashMap;

use crate::descriptor::tags::ENUM_VALUE_OPTIONS_DEBUG_REDACT;
use crate::descriptor::wire::find_varint;
use crate::descriptor::{self as d};
use crate::diagnostics::{Code, Diagnostic};
use crate::semantic::pool::{Pool, SymKind};
use crate::semantic::walk::join;

/// An `import option` file may not define an extension whose type can hold
/// an enum value marked `debug_redact`: protoc reports the last such
/// extension of each option dependency, without a position.
pub fn redacted_option_dependencies(pool: &Pool, file: usize, diags: &mut Vec<Diagnostic>) {
    // protoc remembers each message type's answer for the whole file, the
    // answer of a type met again while it is still being examined (a
    // cycle) included: "no". So a type can count as clean when reached
    // inside a cycle, and stay so for later extensions. The same memory,
    // and the same order of questions, give the same extension named.
    let mut memo = HashMap::default();
    for &od in &pool.files[file].option_deps {
        let dep = &pool.files[od];
        let mut exts: Vec<(String, &d::FieldDescriptorProto)> = Vec::new();
        fn collect<'a>(
            scope: &str,
            ms: &'a [d::DescriptorProto],
            out: &mut Vec<(String, &'a d::FieldDescriptorProto)>,
        ) {
            for m in ms {
                let full = join(scope, m.name.as_deref().unwrap_or(""));
                collect(&full, &m.nested_type, out);
                for x in &m.extension {
                    out.push((join(&full, x.name.as_deref().unwrap_or("")), x));
                }
            }
        }
        // protoc asks of every extension in turn (a message's nested
        // messages before its own extensions, the file's own extensions
        // last) and names the last one that reaches a redacted value.
        let pkg = dep.package();
        collect(pkg, &dep.proto.message_type, &mut exts);
        for x in &dep.proto.extension {
            exts.push((join(pkg, x.name.as_deref().unwrap_or("")), x));
        }
        let last = exts
            .iter()
            .filter(|(_, x)| {
                reaches_redacted(pool, x.type_name.as_deref().unwrap_or(""), &mut memo)
            })
            .last();
        if let Some((full, _)) = last {
            diags.push(
                Diagnostic::error(Code::ImportError, format!(
                    "Option dependency {} contains a custom option {full} marked debug_redact, which is used to mark fields that need to be redacted in debug string APIs. Switch to a regular import or remove the debug_redact annotation to avoid potentially leaking sensitive data.",
                    dep.name
                ))
                .in_file(pool.files[file].name.clone()),
            );
        }
    }
}

/// Whether type `name` is an enum with a value marked `debug_redact`, or a
/// message with a field of such a type, at any depth; messages answered
/// before (or being answered) are taken from `memo`.
fn reaches_redacted(pool: &Pool, name: &str, memo: &mut HashMap<String, bool>) -> bool {
    let name = name.trim_start_matches('.');
    let Some(sym) = pool.symbols.get(name) else {
        return false;
    };
    match sym.kind {
        SymKind::Enum => pool.enum_type(sym).value.iter().any(|v| {
            v.options
                .as_deref()
                .and_then(|o| find_varint(o, ENUM_VALUE_OPTIONS_DEBUG_REDACT))
                .is_some_and(|x| x != 0)
        }),
        SymKind::Message => {
            if let Some(&known) = memo.get(name) {
                return known;
            }
            memo.insert(name.to_string(), false);
            let found = pool
                .message(sym)
                .field
                .iter()
                .any(|f| reaches_redacted(pool, f.type_name.as_deref().unwrap_or(""), memo));
            memo.insert(name.to_string(), found);
            found
        }
        _ => false,
    }
}
