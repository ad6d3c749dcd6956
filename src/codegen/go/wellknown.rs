//! What protoc-gen-go writes only for the well-known types: a package doc
//! comment for some of their files (chosen by the file's path) and
//! hand-written functions and methods after some of their message
//! structs (chosen by the message's full name), as its
//! `well_known_types.go` does.
//!
//! The Go text is kept as templates (see [`emit_go`]) in the modules
//! below, one per family of types.

mod any;
mod docs;
mod field_mask;
mod structpb;
mod time;

use super::file::{FileGen, MATH, PROTOIMPL, PROTOREFLECT};
use super::writer::Decl;
use crate::semantic::model::MessageId;

/// The packages the templates name, by the name a template uses
/// (`$proto.Message$`).
const PACKAGES: [(&str, &str); 12] = [
    ("base64", "encoding/base64"),
    ("json", "encoding/json"),
    ("math", MATH),
    ("sort", "sort"),
    ("strings", "strings"),
    ("time", "time"),
    ("utf8", "unicode/utf8"),
    ("proto", "google.golang.org/protobuf/proto"),
    ("protoimpl", PROTOIMPL),
    ("protojson", "google.golang.org/protobuf/encoding/protojson"),
    ("protoreflect", PROTOREFLECT),
    (
        "protoregistry",
        "google.golang.org/protobuf/reflect/protoregistry",
    ),
];

/// The package doc comment (in the descriptor's comment form) protoc-gen-go
/// writes before the package clause of the file at `path`; empty for
/// every other file.
pub fn package_doc(path: &str) -> &'static str {
    match path {
        "google/protobuf/any.proto" => docs::ANY,
        "google/protobuf/timestamp.proto" => docs::TIMESTAMP,
        "google/protobuf/duration.proto" => docs::DURATION,
        "google/protobuf/struct.proto" => docs::STRUCT,
        "google/protobuf/field_mask.proto" => docs::FIELD_MASK,
        _ => "",
    }
}

/// The functions and methods protoc-gen-go writes after the struct of
/// message `m` when it is one of the well-known types that have them.
pub fn gen_message_known_functions(g: &mut FileGen, m: MessageId) {
    let model = g.model;
    let template = match &model[model.message(m).full_name] {
        "google.protobuf.Any" => any::ANY,
        "google.protobuf.Timestamp" => time::TIMESTAMP,
        "google.protobuf.Duration" => time::DURATION,
        "google.protobuf.Struct" => structpb::STRUCT,
        "google.protobuf.ListValue" => structpb::LIST_VALUE,
        "google.protobuf.Value" => structpb::VALUE,
        "google.protobuf.FieldMask" => field_mask::FIELD_MASK,
        "google.protobuf.BoolValue"
        | "google.protobuf.Int32Value"
        | "google.protobuf.Int64Value"
        | "google.protobuf.UInt32Value"
        | "google.protobuf.UInt64Value"
        | "google.protobuf.FloatValue"
        | "google.protobuf.DoubleValue"
        | "google.protobuf.StringValue"
        | "google.protobuf.BytesValue" => {
            gen_wrapper_constructor(g, m);
            return;
        }
        _ => return,
    };
    emit_go(g, template, &[]);
    g.w.blank();
}

/// `func Bool(v bool) *BoolValue` and the like.
fn gen_wrapper_constructor(g: &mut FileGen, m: MessageId) {
    let ident = g.names.message(g.model, m);
    let go_name = ident.name.clone();
    let func_name = go_name
        .strip_suffix("Value")
        .unwrap_or(&go_name)
        .to_string();
    let type_name = match func_name.to_lowercase().as_str() {
        "float" => "float32".to_string(),
        "double" => "float64".to_string(),
        "bytes" => "[]byte".to_string(),
        other => other.to_string(),
    };
    let message = g.w.q(&ident);
    emit_go(
        g,
        "// $F$ stores v in a new $T$ and returns a pointer to it.
func $F$(v $type$) *$T$ {
	return &$T${Value: v}
}
",
        &[("F", &func_name), ("T", &message), ("type", &type_name)],
    );
    g.w.blank();
}

/// Writes Go source laid out as gofmt prints it: each line's leading
/// tabs are its indentation; a run of unindented `//` lines is the doc
/// comment of the declaration that follows (reformatted as gofmt
/// reformats doc comments); a `//` comment after code on a line is a
/// trailing comment (aligned with those of the lines around it); an empty
/// line is a blank line. `$pkg.Name$` is `Name` from one of
/// [`PACKAGES`], qualified when first reached (so in the order
/// protoc-gen-go names them); `$var$` takes its value from `vars`.
fn emit_go(g: &mut FileGen, template: &str, vars: &[(&str, &str)]) {
    let mut doc = String::new();
    for line in template.lines() {
        let line = resolve(g, line, vars);
        let body = line.trim_start_matches('\t');
        let depth = line.len() - body.len();
        if body.is_empty() {
            g.w.blank();
            continue;
        }
        if depth == 0 {
            if let Some(text) = body.strip_prefix("//") {
                doc.push_str(text);
                doc.push('\n');
                continue;
            }
            if let Some(decl) = decl_kind(body) {
                g.w.decl(decl, !doc.is_empty());
                g.doc_comment(&doc);
                doc.clear();
            }
        }
        for _ in 0..depth {
            g.w.indent();
        }
        match split_comment(body) {
            ("", comment) => g.w.comment_lines(&[comment]),
            (code, "") => g.w.line(code),
            (code, comment) => {
                g.w.line_with_comment(&format!("{}\t", code.trim_end()), comment, b'\n')
            }
        }
        for _ in 0..depth {
            g.w.outdent();
        }
    }
}

/// The kind of top-level declaration a line starts, if it starts one.
fn decl_kind(line: &str) -> Option<Decl> {
    let keyword = line.split([' ', '(']).next().unwrap_or("");
    match keyword {
        "func" => Some(Decl::Func),
        "const" => Some(Decl::Const),
        "var" => Some(Decl::Var),
        "type" => Some(Decl::Type),
        _ => None,
    }
}

/// A line of code split before its `//` comment (outside string and
/// character literals); the comment is empty when there is none.
fn split_comment(line: &str) -> (&str, &str) {
    let bytes = line.as_bytes();
    let mut quote = None;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        match quote {
            Some(_) if c == b'\\' => i += 1,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if matches!(c, b'"' | b'\'' | b'`') => quote = Some(c),
            None if line[i..].starts_with("//") => return (&line[..i], &line[i..]),
            None => {}
        }
        i += 1;
    }
    (line, "")
}

/// `line` with each `$…$` replaced: `$pkg.Name$` by the name as this
/// file refers to it, `$var$` by its value in `vars`.
fn resolve(g: &mut FileGen, line: &str, vars: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(start) = rest.find('$') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let end = after
            .find('$')
            .unwrap_or_else(|| panic!("unterminated variable in {line:?}"));
        let key = &after[..end];
        match key.split_once('.') {
            Some((pkg, name)) => {
                let path = PACKAGES
                    .iter()
                    .find(|(p, _)| *p == pkg)
                    .unwrap_or_else(|| panic!("no package {pkg:?} for templates"))
                    .1;
                out.push_str(&g.w.qualify(path, name));
            }
            None => out.push_str(
                vars.iter()
                    .find(|(k, _)| *k == key)
                    .unwrap_or_else(|| panic!("template variable ${key}$ has no value"))
                    .1,
            ),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}
