//! Python names of protobuf entities, as protoc's Python generators choose them.

use crate::semantic::model::{EnumId, FileId, MessageId, Model, Scope};

/// Python's reserved words.
pub const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

pub fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

/// `foo/bar-baz.proto` → `foo.bar_baz_pb2`.
pub fn module_name(proto_file: &str) -> String {
    let base = proto_file
        .strip_suffix(".protodevel")
        .or_else(|| proto_file.strip_suffix(".proto"))
        .unwrap_or(proto_file);
    format!("{}_pb2", base.replace('-', "_").replace('/', "."))
}

/// The alias a module is imported under: `foo.bar_pb2` → `foo_dot_bar__pb2`.
pub fn module_alias(proto_file: &str) -> String {
    module_name(proto_file)
        .replace('_', "__")
        .replace('.', "_dot_")
}

/// The path of the generated file: `foo/bar_pb2` + `suffix`.
pub fn file_name(proto_file: &str, suffix: &str) -> String {
    format!("{}{suffix}", module_name(proto_file).replace('.', "/"))
}

/// `from a.b import c` for module `a.b.c` (`import c` for a top-level one).
pub fn import_statement(module: &str) -> String {
    match module.rsplit_once('.') {
        Some((package, last)) => format!("from {package} import {last}"),
        None => format!("import {module}"),
    }
}

/// Whether a file of the model asks for generic services
/// (`py_generic_services`) and has any.
pub fn wants_generic_services(model: &Model, file: FileId) -> bool {
    let f = model.file(file);
    !f.services.is_empty() && f.options.py_generic_services == Some(true)
}

/// The names of a message or enum's scope and itself, outermost first
/// (`Outer.Inner` → `["Outer", "Inner"]`).
pub fn nesting<'m>(model: &'m Model, scope: Scope, name: &'m str) -> Vec<&'m str> {
    let mut out = vec![name];
    let mut s = scope;
    while let Scope::Message(m) = s {
        let msg = model.message(m);
        out.push(&model[msg.name]);
        s = msg.parent;
    }
    out.reverse();
    out
}

/// The module-level descriptor name of a message (see [`descriptor_name`]).
pub fn message_descriptor_name(model: &Model, m: MessageId) -> String {
    let msg = model.message(m);
    descriptor_name(&nesting(model, msg.parent, &model[msg.name]))
}

/// The module-level descriptor name of an enum (see [`descriptor_name`]).
pub fn enum_descriptor_name(model: &Model, e: EnumId) -> String {
    let en = model.enum_(e);
    descriptor_name(&nesting(model, en.parent, &model[en.name]))
}

/// Whether any dotted part of a module name is a keyword (then it is
/// imported with importlib).
pub fn module_has_keyword(module: &str) -> bool {
    module.split('.').any(is_keyword)
}

/// The module-level name of a message or enum descriptor: its names from
/// the outermost message down, joined with `_`, upper-cased, with a
/// leading `_` (`Outer.Inner` → `_OUTER_INNER`).
pub fn descriptor_name(nesting: &[&str]) -> String {
    format!("_{}", nesting.join("_").to_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(module_name("a/b-c.proto"), "a.b_c_pb2");
        assert_eq!(module_alias("a/b_c.proto"), "a_dot_b__c__pb2");
        assert_eq!(file_name("a/b.proto", ".py"), "a/b_pb2.py");
        assert!(module_has_keyword("a.import.b_pb2"));
        assert_eq!(descriptor_name(&["Outer", "inner"]), "_OUTER_INNER");
    }
}
