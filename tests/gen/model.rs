//! The generated schema: a set of files as plain data, with every reference
//! held as the target's full name. The emitter turns references into
//! relative, partial or absolute names, checked against [`Symbols`], a
//! replica of protoc's scoped lookup.

use std::collections::HashMap;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Syntax {
    Proto2,
    Proto3,
    Ed2023,
    Ed2024,
}

impl Syntax {
    pub fn editions(self) -> bool {
        matches!(self, Syntax::Ed2023 | Syntax::Ed2024)
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ImportKind {
    Plain,
    Public,
    Weak,
    Option,
}

#[derive(Default)]
pub struct File {
    pub path: String,
    pub syntax: Option<Syntax>,
    pub package: Option<String>,
    /// Imports by path (other generated files or well-known types).
    pub imports: Vec<(ImportKind, String)>,
    pub options: Vec<Opt>,
    pub messages: Vec<Msg>,
    pub enums: Vec<Enum>,
    pub services: Vec<Service>,
    pub extends: Vec<Extend>,
    /// Lexical variations of the whole file.
    pub bom: bool,
    pub crlf: bool,
}

#[derive(Default)]
pub struct Msg {
    pub name: String,
    pub full: String,
    pub vis: Option<&'static str>,
    pub fields: Vec<Field>,
    pub oneofs: Vec<Oneof>,
    pub messages: Vec<Msg>,
    pub enums: Vec<Enum>,
    pub extends: Vec<Extend>,
    pub ext_ranges: Vec<ExtRange>,
    pub reserved: Vec<Reserved>,
    pub options: Vec<Opt>,
    /// A STRICT-visibility enum namespace: enums and reserved numbers only.
    pub namespace: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Label {
    None,
    Optional,
    Required,
    Repeated,
}

pub enum FieldTy {
    Scalar(&'static str),
    /// A message or enum, by full name.
    Named(String),
    Map(&'static str, Box<FieldTy>),
    /// A proto2 group: the nested message is the group's body.
    Group(Box<Msg>),
}

pub struct Field {
    pub name: String,
    pub number: i64,
    pub label: Label,
    pub ty: FieldTy,
    pub options: Vec<Opt>,
}

pub struct Oneof {
    pub name: String,
    pub fields: Vec<Field>,
    pub options: Vec<Opt>,
}

pub struct Enum {
    pub name: String,
    pub full: String,
    pub vis: Option<&'static str>,
    pub values: Vec<EnumValue>,
    pub reserved: Vec<Reserved>,
    pub options: Vec<Opt>,
}

pub struct EnumValue {
    pub name: String,
    pub number: i64,
    pub options: Vec<Opt>,
}

pub struct Service {
    pub name: String,
    pub full: String,
    pub methods: Vec<Method>,
    pub options: Vec<Opt>,
}

pub struct Method {
    pub name: String,
    pub full: String,
    pub input: String,
    pub output: String,
    pub client_streaming: bool,
    pub server_streaming: bool,
    pub options: Vec<Opt>,
}

/// An `extend` block; `scope` is the full name the fields are declared in.
pub struct Extend {
    pub extendee: String,
    pub scope: String,
    pub fields: Vec<Field>,
}

pub struct ExtRange {
    pub start: i64,
    pub end: i64,
    pub to_max: bool,
    pub options: Vec<Opt>,
}

pub enum Reserved {
    /// Inclusive ranges; `to_max` writes the last range's end as `max`.
    Numbers(Vec<(i64, i64)>, bool),
    Names(Vec<String>),
}

/// One option statement or bracketed option.
pub struct Opt {
    pub name: OptName,
    pub value: Value,
}

pub enum OptName {
    /// A built-in option or feature path, written as is (`deprecated`,
    /// `features.field_presence`).
    Plain(String),
    /// A custom option: the extension's full name, then a sub-field path.
    Custom { ext: String, path: Vec<String> },
    /// A language feature: `features.(pb.cpp).string_type`.
    Feature { ext: String, field: String },
}

pub enum Value {
    /// One or more tokens, written as they are (`true`, `-5`, `SPEED`,
    /// `"a" "b"`).
    Tokens(Vec<String>),
    Aggregate(Vec<AggEntry>),
}

pub struct AggEntry {
    pub key: AggKey,
    pub value: AggValue,
}

pub enum AggKey {
    Field(String),
    /// An extension, by full name, and the message type being parsed (the
    /// scope protoc resolves the name in).
    Ext(String, String),
    /// An Any expansion: the packed message's full name.
    Any(String),
}

pub enum AggValue {
    Scalar(Vec<String>),
    List(Vec<Vec<String>>),
    Message(Vec<AggEntry>),
    MessageList(Vec<Vec<AggEntry>>),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Sym {
    Package,
    Message,
    Enum,
    EnumValue,
    Field,
    Oneof,
    Service,
    Method,
}

impl Sym {
    fn aggregate(self) -> bool {
        matches!(self, Sym::Package | Sym::Message | Sym::Enum | Sym::Service)
    }
    fn is_type(self) -> bool {
        matches!(self, Sym::Message | Sym::Enum)
    }
}

/// Every symbol of the set, for protoc's scoped lookup.
#[derive(Default)]
pub struct Symbols(pub HashMap<String, Sym>);

impl Symbols {
    pub fn add(&mut self, full: &str, sym: Sym) {
        self.0.insert(full.to_string(), sym);
    }

    pub fn add_package(&mut self, package: &str) {
        let mut at = 0;
        for part in package.split('.') {
            at += part.len();
            self.0
                .entry(package[..at].to_string())
                .or_insert(Sym::Package);
            at += 1;
        }
    }

    /// protoc's lookup of `name` relative to the element named `relative_to`:
    /// scopes from the innermost outwards, the first scope holding the
    /// first component wins (skipping non-aggregates for compound names and
    /// non-types when looking for a type).
    pub fn lookup(&self, name: &str, relative_to: &str, types_only: bool) -> Option<String> {
        if let Some(abs) = name.strip_prefix('.') {
            return self.0.contains_key(abs).then(|| abs.to_string());
        }
        let first = name.split('.').next().unwrap();
        let compound = first.len() < name.len();
        let mut scope = relative_to.to_string();
        loop {
            let Some(dot) = scope.rfind('.') else {
                return self.0.contains_key(name).then(|| name.to_string());
            };
            scope.truncate(dot);
            let candidate = format!("{scope}.{first}");
            if let Some(sym) = self.0.get(&candidate) {
                if compound {
                    if sym.aggregate() {
                        let whole = format!("{scope}.{name}");
                        return self.0.contains_key(&whole).then_some(whole);
                    }
                } else if !types_only || sym.is_type() {
                    return Some(candidate);
                }
            }
        }
    }

    /// The names that reach `target` from every one of `scopes`: the
    /// absolute name and each suffix that protoc's lookup resolves to it.
    pub fn names_for(&self, target: &str, scopes: &[&str], types_only: bool) -> Vec<String> {
        let mut out = vec![format!(".{target}")];
        let parts: Vec<&str> = target.split('.').collect();
        for i in 0..parts.len() {
            let cand = parts[i..].join(".");
            if scopes
                .iter()
                .all(|s| self.lookup(&cand, s, types_only).as_deref() == Some(target))
            {
                out.push(cand);
            }
        }
        out
    }
}
