//! buf's breaking-change rules, each comparing an element of the previous
//! image with its counterpart in the current one (paired by file name,
//! full name, number or name, as buf pairs them).

use std::collections::{BTreeSet, HashMap};

use super::Image;
use crate::descriptor::edition::Edition;
use crate::descriptor::tags::*;
use crate::descriptor::Type;
use crate::lint::rules::quote;
use crate::semantic::model::{
    Cardinality, EnumId, Field, FieldKind, FileId, MessageId, Model, Presence, Scope, ServiceId,
};

/// A rule and its categories (buf.yaml v2; see `V2_ONLY`).
pub struct Rule {
    pub id: &'static str,
    pub categories: &'static [&'static str],
}

const FILE: &[&str] = &["FILE"];
const CSR_FILE: &[&str] = &["CSR", "FILE"];
const FILE_PKG: &[&str] = &["FILE", "PACKAGE"];
const CSR_FILE_PACKAGE: &[&str] = &["CSR", "FILE", "PACKAGE"];
const CSR_FP_WJ: &[&str] = &["CSR", "FILE", "PACKAGE", "WIRE_JSON"];
const CSR_FP_WJ_W: &[&str] = &["CSR", "FILE", "PACKAGE", "WIRE_JSON", "WIRE"];
const PACKAGE: &[&str] = &["PACKAGE"];
const CSR_WJ: &[&str] = &["CSR", "WIRE_JSON"];
const CSR_WJ_W: &[&str] = &["CSR", "WIRE_JSON", "WIRE"];
const WIRE: &[&str] = &["WIRE"];

macro_rules! rules {
    ($($id:ident: $cats:expr;)*) => {
        pub const RULES: &[Rule] = &[$(Rule { id: stringify!($id), categories: $cats },)*];
    };
}

rules! {
    ENUM_NO_DELETE: CSR_FILE;
    EXTENSION_NO_DELETE: FILE;
    FILE_NO_DELETE: CSR_FILE;
    MESSAGE_NO_DELETE: CSR_FILE;
    SERVICE_NO_DELETE: FILE;
    ENUM_SAME_TYPE: FILE_PKG;
    ENUM_VALUE_NO_DELETE: CSR_FILE_PACKAGE;
    EXTENSION_MESSAGE_NO_DELETE: CSR_FILE_PACKAGE;
    FIELD_NO_DELETE: CSR_FILE_PACKAGE;
    FIELD_SAME_CARDINALITY: FILE_PKG;
    FIELD_SAME_DEFAULT: CSR_FP_WJ_W;
    FIELD_SAME_CPP_STRING_TYPE: FILE_PKG;
    FIELD_SAME_JAVA_UTF8_VALIDATION: FILE_PKG;
    FIELD_SAME_JSTYPE: FILE_PKG;
    FIELD_SAME_TYPE: CSR_FILE_PACKAGE;
    FIELD_SAME_UTF8_VALIDATION: FILE_PKG;
    FILE_SAME_CC_ENABLE_ARENAS: FILE_PKG;
    FILE_SAME_CC_GENERIC_SERVICES: FILE_PKG;
    FILE_SAME_CSHARP_NAMESPACE: FILE_PKG;
    FILE_SAME_GO_PACKAGE: FILE_PKG;
    FILE_SAME_JAVA_GENERIC_SERVICES: FILE_PKG;
    FILE_SAME_JAVA_MULTIPLE_FILES: FILE_PKG;
    FILE_SAME_JAVA_OUTER_CLASSNAME: FILE_PKG;
    FILE_SAME_JAVA_PACKAGE: FILE_PKG;
    FILE_SAME_OBJC_CLASS_PREFIX: FILE_PKG;
    FILE_SAME_OPTIMIZE_FOR: FILE_PKG;
    FILE_SAME_PHP_CLASS_PREFIX: FILE_PKG;
    FILE_SAME_PHP_METADATA_NAMESPACE: FILE_PKG;
    FILE_SAME_PHP_NAMESPACE: FILE_PKG;
    FILE_SAME_PY_GENERIC_SERVICES: FILE_PKG;
    FILE_SAME_RUBY_PACKAGE: FILE_PKG;
    FILE_SAME_SWIFT_PREFIX: FILE_PKG;
    FILE_SAME_SYNTAX: CSR_FILE_PACKAGE;
    MESSAGE_NO_REMOVE_STANDARD_DESCRIPTOR_ACCESSOR: CSR_FILE_PACKAGE;
    ONEOF_NO_DELETE: CSR_FILE_PACKAGE;
    RPC_NO_DELETE: FILE_PKG;
    ENUM_SAME_JSON_FORMAT: CSR_FP_WJ;
    ENUM_VALUE_SAME_NAME: CSR_FP_WJ;
    FIELD_SAME_JSON_NAME: CSR_FP_WJ;
    FIELD_SAME_NAME: CSR_FP_WJ;
    FIELD_SAME_ONEOF: CSR_FP_WJ_W;
    FILE_SAME_PACKAGE: CSR_FP_WJ_W;
    MESSAGE_SAME_JSON_FORMAT: CSR_FP_WJ;
    MESSAGE_SAME_REQUIRED_FIELDS: CSR_FP_WJ_W;
    RESERVED_ENUM_NO_DELETE: CSR_FP_WJ_W;
    RESERVED_MESSAGE_NO_DELETE: CSR_FP_WJ_W;
    RPC_SAME_CLIENT_STREAMING: CSR_FP_WJ_W;
    RPC_SAME_IDEMPOTENCY_LEVEL: CSR_FP_WJ_W;
    RPC_SAME_REQUEST_TYPE: CSR_FP_WJ_W;
    RPC_SAME_RESPONSE_TYPE: CSR_FP_WJ_W;
    RPC_SAME_SERVER_STREAMING: CSR_FP_WJ_W;
    PACKAGE_ENUM_NO_DELETE: PACKAGE;
    PACKAGE_EXTENSION_NO_DELETE: PACKAGE;
    PACKAGE_MESSAGE_NO_DELETE: PACKAGE;
    PACKAGE_NO_DELETE: PACKAGE;
    PACKAGE_SERVICE_NO_DELETE: PACKAGE;
    ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED: CSR_WJ;
    FIELD_NO_DELETE_UNLESS_NAME_RESERVED: CSR_WJ;
    FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY: CSR_WJ;
    FIELD_WIRE_JSON_COMPATIBLE_TYPE: CSR_WJ;
    ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED: CSR_WJ_W;
    FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED: CSR_WJ_W;
    FIELD_WIRE_COMPATIBLE_CARDINALITY: WIRE;
    FIELD_WIRE_COMPATIBLE_TYPE: WIRE;
}

/// Rule ids kept for old configurations, the rules that replace them, and
/// whether only buf.yaml v1 knows them.
pub const DEPRECATED: &[(&str, &[&str], bool)] = &[
    ("FIELD_SAME_CTYPE", &["FIELD_SAME_CPP_STRING_TYPE"], true),
    (
        "FIELD_SAME_LABEL",
        &[
            "FIELD_SAME_CARDINALITY",
            "FIELD_WIRE_COMPATIBLE_CARDINALITY",
            "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY",
        ],
        true,
    ),
    (
        "FILE_SAME_JAVA_STRING_CHECK_UTF8",
        &["FIELD_SAME_JAVA_UTF8_VALIDATION"],
        true,
    ),
    ("FILE_SAME_PHP_GENERIC_SERVICES", &[], true),
    ("MESSAGE_SAME_MESSAGE_SET_WIRE_FORMAT", &[], false),
];

/// Ids that exist only in buf.yaml v2 (CSR is a v2 category).
pub const V2_ONLY: &[&str] = &[
    "EXTENSION_NO_DELETE",
    "FIELD_SAME_DEFAULT",
    "PACKAGE_EXTENSION_NO_DELETE",
    "CSR",
];

/// What a rule found: the place in the current image (a file, and a
/// source path or none for the file as a whole; none at all for a deleted
/// file), the previous file it concerns, the rule and the message.
pub struct Hit {
    pub rule: &'static str,
    pub message: String,
    pub current: Option<(FileId, Option<Vec<i32>>)>,
    pub previous: Option<FileId>,
}

pub(super) struct Cx<'a> {
    pub before: &'a Image,
    pub after: &'a Image,
    enabled: &'a BTreeSet<&'static str>,
    hits: Vec<Hit>,
}

impl Cx<'_> {
    pub fn hit(
        &mut self,
        rule: &'static str,
        at: Option<(FileId, Option<Vec<i32>>)>,
        prev: Option<FileId>,
        message: String,
    ) {
        if self.enabled.contains(rule) {
            self.hits.push(Hit {
                rule,
                message,
                current: at,
                previous: prev,
            });
        }
    }
}

/// Full names of a model's messages, enums and services.
struct Index<'m> {
    files: HashMap<&'m str, FileId>,
    messages: HashMap<&'m str, MessageId>,
    enums: HashMap<&'m str, EnumId>,
    services: HashMap<&'m str, ServiceId>,
    extensions: HashMap<(&'m str, i32), usize>,
}

fn index(m: &Model) -> Index<'_> {
    Index {
        files: m
            .files
            .iter()
            .enumerate()
            .map(|(i, f)| (&m[f.name], FileId(i as u32)))
            .collect(),
        messages: m
            .messages
            .iter()
            .enumerate()
            .map(|(i, x)| (&m[x.full_name], MessageId(i as u32)))
            .collect(),
        enums: m
            .enums
            .iter()
            .enumerate()
            .map(|(i, x)| (&m[x.full_name], EnumId(i as u32)))
            .collect(),
        services: m
            .services
            .iter()
            .enumerate()
            .map(|(i, x)| (&m[x.full_name], ServiceId(i as u32)))
            .collect(),
        extensions: m
            .extensions
            .iter()
            .enumerate()
            .filter_map(|(i, x)| Some(((&m[m.message(x.extendee?).full_name], x.number), i)))
            .collect(),
    }
}

pub fn run(before: &Image, after: &Image, enabled: &BTreeSet<&'static str>) -> Vec<Hit> {
    let mut cx = Cx {
        before,
        after,
        enabled,
        hits: Vec::new(),
    };
    let (pi, ci) = (index(&before.model), index(&after.model));
    files(&mut cx, &pi, &ci);
    packages(&mut cx);
    let (pm, cm) = (&before.model, &after.model);
    for (name, &p) in &pi.messages {
        if let Some(&c) = ci.messages.get(name) {
            super::compare::message(&mut cx, p, c);
            super::features::message(&mut cx, p, c);
        }
    }
    for ((extendee, number), &p) in &pi.extensions {
        if let Some(&c) = ci.extensions.get(&(*extendee, *number)) {
            super::compare::field(&mut cx, &pm.extensions[p], &cm.extensions[c]);
        }
    }
    for (name, &p) in &pi.enums {
        if let Some(&c) = ci.enums.get(name) {
            super::compare::enum_(&mut cx, p, c);
            super::features::enum_(&mut cx, p, c);
        }
    }
    for (name, &p) in &pi.services {
        if let Some(&c) = ci.services.get(name) {
            super::compare::service(&mut cx, p, c);
        }
    }
    cx.hits
}

/// A name without the package: `Outer.Inner`.
pub(super) fn nested<'a>(model: &Model, full: &'a str, file: FileId) -> &'a str {
    let package = &model[model.file(file).package];
    if package.is_empty() {
        full
    } else {
        full.strip_prefix(package)
            .and_then(|r| r.strip_prefix('.'))
            .unwrap_or(full)
    }
}

/// The place of a deleted element `nested` in current file `f`: the
/// nearest enclosing message that survives, else the file.
fn surviving_parent(cx: &Cx, f: FileId, nested_name: &str) -> (FileId, Option<Vec<i32>>) {
    let m = &cx.after.model;
    let parts: Vec<&str> = nested_name.split('.').collect();
    for k in (1..parts.len()).rev() {
        let prefix = parts[..k].join(".");
        if let Some(id) = m
            .all_messages(f)
            .into_iter()
            .find(|&id| nested(m, &m[m.message(id).full_name], f) == prefix)
        {
            return (f, Some(m.message(id).origin.path.to_vec()));
        }
    }
    (f, None)
}

/// The enums, messages and extensions of a file, by nested name.
fn declared(m: &Model, f: FileId) -> (Vec<String>, Vec<String>, Vec<String>) {
    let messages = m.all_messages(f);
    let mut enums: Vec<EnumId> = m.file(f).enums.clone();
    let mut extensions: Vec<usize> = m.file(f).extensions.iter().map(|x| x.index()).collect();
    for &id in &messages {
        enums.extend(&m.message(id).enums);
        extensions.extend(m.message(id).extensions.iter().map(|x| x.index()));
    }
    let n = |full: &str| nested(m, full, f).to_string();
    (
        messages
            .iter()
            .map(|&id| n(&m[m.message(id).full_name]))
            .collect(),
        enums
            .iter()
            .map(|&id| n(&m[m.enum_(id).full_name]))
            .collect(),
        extensions
            .iter()
            .map(|&x| n(&m[m.extensions[x].full_name]))
            .collect(),
    )
}

fn files(cx: &mut Cx, pi: &Index, ci: &Index) {
    let (pm, cm) = (&cx.before.model, &cx.after.model);
    let mut names: Vec<(&str, FileId)> = pi.files.iter().map(|(&n, &f)| (n, f)).collect();
    names.sort();
    for (name, pf) in names {
        let Some(&cf) = ci.files.get(name) else {
            cx.hit(
                "FILE_NO_DELETE",
                None,
                Some(pf),
                format!("Previously present file {} was deleted.", quote(name)),
            );
            continue;
        };
        let (pmsg, penum, pext) = declared(pm, pf);
        let (cmsg, cenum, cext) = declared(cm, cf);
        for (rule, kind, before, after) in [
            ("ENUM_NO_DELETE", "enum", &penum, &cenum),
            ("MESSAGE_NO_DELETE", "message", &pmsg, &cmsg),
            ("EXTENSION_NO_DELETE", "extension", &pext, &cext),
        ] {
            for n in before.iter().filter(|n| !after.contains(n)) {
                let at = surviving_parent(cx, cf, n);
                cx.hit(
                    rule,
                    Some(at),
                    Some(pf),
                    format!(
                        "Previously present {kind} {} was deleted from file.",
                        quote(n)
                    ),
                );
            }
        }
        let cservices: Vec<&str> = cm
            .file(cf)
            .services
            .iter()
            .map(|&s| &cm[cm.service(s).name])
            .collect();
        for &s in &pm.file(pf).services {
            let sname = &pm[pm.service(s).name];
            if !cservices.contains(&sname) {
                cx.hit(
                    "SERVICE_NO_DELETE",
                    Some((cf, None)),
                    Some(pf),
                    format!(
                        "Previously present service {} was deleted from file.",
                        quote(sname)
                    ),
                );
            }
        }
        file_values(cx, pf, cf);
    }
}

/// The file options, package and syntax.
fn file_values(cx: &mut Cx, pf: FileId, cf: FileId) {
    let (pm, cm) = (&cx.before.model, &cx.after.model);
    let (p, c) = (pm.file(pf), cm.file(cf));
    type Get = fn(&crate::semantic::model::options::FileOptions) -> String;
    let options: [(&'static str, &str, u32, Get); 16] = [
        (
            "FILE_SAME_JAVA_PACKAGE",
            "java_package",
            FILE_OPTIONS_JAVA_PACKAGE,
            |o| o.java_package.clone().unwrap_or_default(),
        ),
        (
            "FILE_SAME_JAVA_OUTER_CLASSNAME",
            "java_outer_classname",
            FILE_OPTIONS_JAVA_OUTER_CLASSNAME,
            |o| o.java_outer_classname.clone().unwrap_or_default(),
        ),
        (
            "FILE_SAME_OPTIMIZE_FOR",
            "optimize_for",
            FILE_OPTIONS_OPTIMIZE_FOR,
            |o| {
                match o.optimize_for.and_then(|v| v.number()) {
                    Some(2) => "CODE_SIZE",
                    Some(3) => "LITE_RUNTIME",
                    _ => "SPEED",
                }
                .to_string()
            },
        ),
        (
            "FILE_SAME_JAVA_MULTIPLE_FILES",
            "java_multiple_files",
            FILE_OPTIONS_JAVA_MULTIPLE_FILES,
            |o| o.java_multiple_files.unwrap_or(false).to_string(),
        ),
        (
            "FILE_SAME_GO_PACKAGE",
            "go_package",
            FILE_OPTIONS_GO_PACKAGE,
            |o| o.go_package.clone().unwrap_or_default(),
        ),
        (
            "FILE_SAME_CC_GENERIC_SERVICES",
            "cc_generic_services",
            FILE_OPTIONS_CC_GENERIC_SERVICES,
            |o| o.cc_generic_services.unwrap_or(false).to_string(),
        ),
        (
            "FILE_SAME_JAVA_GENERIC_SERVICES",
            "java_generic_services",
            FILE_OPTIONS_JAVA_GENERIC_SERVICES,
            |o| o.java_generic_services.unwrap_or(false).to_string(),
        ),
        (
            "FILE_SAME_PY_GENERIC_SERVICES",
            "py_generic_services",
            FILE_OPTIONS_PY_GENERIC_SERVICES,
            |o| o.py_generic_services.unwrap_or(false).to_string(),
        ),
        (
            "FILE_SAME_CC_ENABLE_ARENAS",
            "cc_enable_arenas",
            FILE_OPTIONS_CC_ENABLE_ARENAS,
            |o| o.cc_enable_arenas.unwrap_or(true).to_string(),
        ),
        (
            "FILE_SAME_OBJC_CLASS_PREFIX",
            "objc_class_prefix",
            FILE_OPTIONS_OBJC_CLASS_PREFIX,
            |o| o.objc_class_prefix.clone().unwrap_or_default(),
        ),
        (
            "FILE_SAME_CSHARP_NAMESPACE",
            "csharp_namespace",
            FILE_OPTIONS_CSHARP_NAMESPACE,
            |o| o.csharp_namespace.clone().unwrap_or_default(),
        ),
        (
            "FILE_SAME_SWIFT_PREFIX",
            "swift_prefix",
            FILE_OPTIONS_SWIFT_PREFIX,
            |o| o.swift_prefix.clone().unwrap_or_default(),
        ),
        (
            "FILE_SAME_PHP_CLASS_PREFIX",
            "php_class_prefix",
            FILE_OPTIONS_PHP_CLASS_PREFIX,
            |o| o.php_class_prefix.clone().unwrap_or_default(),
        ),
        (
            "FILE_SAME_PHP_NAMESPACE",
            "php_namespace",
            FILE_OPTIONS_PHP_NAMESPACE,
            |o| o.php_namespace.clone().unwrap_or_default(),
        ),
        (
            "FILE_SAME_PHP_METADATA_NAMESPACE",
            "php_metadata_namespace",
            FILE_OPTIONS_PHP_METADATA_NAMESPACE,
            |o| o.php_metadata_namespace.clone().unwrap_or_default(),
        ),
        (
            "FILE_SAME_RUBY_PACKAGE",
            "ruby_package",
            FILE_OPTIONS_RUBY_PACKAGE,
            |o| o.ruby_package.clone().unwrap_or_default(),
        ),
    ];
    for (rule, option, tag, get) in options {
        let (a, b) = (get(&p.options), get(&c.options));
        if a != b {
            let at = located(cx.after, cf, vec![FILE_OPTIONS as i32, tag as i32]);
            cx.hit(
                rule,
                Some(at),
                Some(pf),
                format!(
                    "File option {} changed from {} to {}.",
                    quote(option),
                    quote(&a),
                    quote(&b)
                ),
            );
        }
    }
    let (a, b) = (&pm[p.package], &cm[c.package]);
    if a != b {
        let at = located(cx.after, cf, vec![FILE_PACKAGE as i32]);
        cx.hit(
            "FILE_SAME_PACKAGE",
            Some(at),
            Some(pf),
            format!("File package changed from {} to {}.", quote(a), quote(b)),
        );
    }
    let syntax = |e: Edition| match e {
        Edition::PROTO2 => "proto2",
        Edition::PROTO3 => "proto3",
        _ => "editions",
    };
    let (a, b) = (syntax(p.edition), syntax(c.edition));
    if a != b {
        let at = located(cx.after, cf, vec![FILE_SYNTAX as i32]);
        cx.hit(
            "FILE_SAME_SYNTAX",
            Some(at),
            Some(pf),
            format!("File syntax changed from {} to {}.", quote(a), quote(b)),
        );
    }
}

/// `path` in current file `f` if it has a location there, else the file.
pub(super) fn located(image: &Image, f: FileId, path: Vec<i32>) -> (FileId, Option<Vec<i32>>) {
    if image.file(f).locations.contains_key(&path) {
        (f, Some(path))
    } else {
        (f, None)
    }
}

/// Packages that disappeared, and services per package.
fn packages(cx: &mut Cx) {
    let (pm, cm) = (&cx.before.model, &cx.after.model);
    let mut before: std::collections::BTreeMap<&str, Vec<FileId>> = Default::default();
    for (i, f) in pm.files.iter().enumerate() {
        before
            .entry(&pm[f.package])
            .or_default()
            .push(FileId(i as u32));
    }
    let after: HashMap<&str, Vec<FileId>> =
        cm.files
            .iter()
            .enumerate()
            .fold(HashMap::new(), |mut acc, (i, f)| {
                acc.entry(&cm[f.package])
                    .or_default()
                    .push(FileId(i as u32));
                acc
            });
    for (package, files) in before {
        let first = *files
            .iter()
            .min_by_key(|&&f| &pm[pm.file(f).name])
            .expect("a package has a file");
        let Some(now) = after.get(package) else {
            cx.hit(
                "PACKAGE_NO_DELETE",
                None,
                Some(first),
                format!("Previously present package {} was deleted.", quote(package)),
            );
            continue;
        };
        package_declarations(cx, package, &files, now);
        let current: BTreeSet<&str> = now
            .iter()
            .flat_map(|&f| cm.file(f).services.iter().map(|&s| &cm[cm.service(s).name]))
            .collect();
        for &f in &files {
            for &s in &pm.file(f).services {
                let sname = &pm[pm.service(s).name];
                if current.contains(sname) {
                    continue;
                }
                let name = &pm[pm.file(f).name];
                let at = cm.file_by_name(name).map(|cf| (cf, None));
                cx.hit(
                    "PACKAGE_SERVICE_NO_DELETE",
                    at,
                    Some(f),
                    format!(
                        "Previously present service {} was deleted from package {}.",
                        quote(sname),
                        quote(package)
                    ),
                );
            }
        }
    }
}

/// `Field "5" with name "foo" on message "Bar"` (an extension: its full
/// name and the extendee's).
/// Messages, enums and extensions that left a package that still has
/// some of their kind.
fn package_declarations(cx: &mut Cx, package: &str, before: &[FileId], after: &[FileId]) {
    let (pm, cm) = (&cx.before.model, &cx.after.model);
    let now: Vec<_> = after.iter().map(|&f| declared(cm, f)).collect();
    let was: Vec<_> = before.iter().map(|&f| declared(pm, f)).collect();
    type Pick = fn(&(Vec<String>, Vec<String>, Vec<String>)) -> &Vec<String>;
    let kinds: [(&'static str, &str, Pick); 3] = [
        ("PACKAGE_MESSAGE_NO_DELETE", "message", |d| &d.0),
        ("PACKAGE_ENUM_NO_DELETE", "enum", |d| &d.1),
        ("PACKAGE_EXTENSION_NO_DELETE", "extension", |d| &d.2),
    ];
    for (rule, kind, pick) in kinds {
        let current: BTreeSet<&String> = now.iter().flat_map(pick).collect();
        if current.is_empty() {
            continue;
        }
        for (&pf, decl) in before.iter().zip(&was) {
            for n in pick(decl).iter().filter(|n| !current.contains(n)) {
                let at = cm.file_by_name(&pm[pm.file(pf).name]).map(|cf| {
                    // The nearest surviving parent, in any file of the package.
                    after
                        .iter()
                        .map(|&f| surviving_parent(cx, f, n))
                        .find(|(_, p)| p.is_some())
                        .unwrap_or((cf, None))
                });
                cx.hit(
                    rule,
                    at,
                    Some(pf),
                    format!(
                        "Previously present {kind} {} was deleted from package {}.",
                        quote(n),
                        quote(package)
                    ),
                );
            }
        }
    }
}

pub(super) fn describe(m: &Model, f: &Field, with_name: bool) -> String {
    let (kind, name, owner) = match (f.extendee, f.parent) {
        (Some(x), _) => ("Extension", &m[f.full_name], &m[m.message(x).full_name]),
        (None, Scope::Message(p)) => ("Field", &m[f.name], &m[m.message(p).name]),
        (None, Scope::File(_)) => ("Field", &m[f.name], ""),
    };
    if with_name {
        format!(
            "{kind} \"{}\" with name {} on message {}",
            f.number,
            quote(name),
            quote(owner)
        )
    } else {
        format!("{kind} \"{}\" on message {}", f.number, quote(owner))
    }
}

/// The kind name buf prints for a field's type.
pub(super) fn kind_name(m: &Model, f: &Field) -> &'static str {
    match f.descriptor_type() {
        Type::Double => "double",
        Type::Float => "float",
        Type::Int64 => "int64",
        Type::Uint64 => "uint64",
        Type::Int32 => "int32",
        Type::Fixed64 => "fixed64",
        Type::Fixed32 => "fixed32",
        Type::Bool => "bool",
        Type::String => "string",
        Type::Group if m.file(f.file).edition == Edition::PROTO2 => "group",
        Type::Group => "message (delimited encoding)",
        Type::Message => "message",
        Type::Bytes => "bytes",
        Type::Uint32 => "uint32",
        Type::Enum => "enum",
        Type::Sfixed32 => "sfixed32",
        Type::Sfixed64 => "sfixed64",
        Type::Sint32 => "sint32",
        Type::Sint64 => "sint64",
    }
}

/// How buf names a field's cardinality.
pub(super) fn cardinality(f: &Field) -> &'static str {
    match (f.cardinality, &f.kind) {
        (Cardinality::Repeated, FieldKind::Map { .. }) => "map",
        (Cardinality::Repeated, _) => "repeated",
        (Cardinality::Required, _) => "required",
        _ if f.presence == Presence::Required => "required",
        _ if f.presence == Presence::Explicit => "optional with explicit presence",
        _ => "optional with implicit presence",
    }
}
