//! Rust names for protobuf names, as prost-build derives them: snake case
//! for fields and modules, upper camel case for types and variants,
//! keywords escaped, enum prefixes stripped, and the path from one module
//! to a type in another.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// A name made usable as a Rust identifier: keywords that may be raw get
/// `r#`, those that may not get a trailing `_`, and a leading digit a
/// leading `_`.
pub fn sanitize(ident: &str) -> String {
    match ident {
        "as" | "break" | "const" | "continue" | "else" | "enum" | "false" | "fn" | "for" | "if"
        | "impl" | "in" | "let" | "loop" | "match" | "mod" | "move" | "mut" | "pub" | "ref"
        | "return" | "static" | "struct" | "trait" | "true" | "type" | "unsafe" | "use"
        | "where" | "while" | "dyn" | "abstract" | "become" | "box" | "do" | "final" | "macro"
        | "override" | "priv" | "typeof" | "unsized" | "virtual" | "yield" | "async" | "await"
        | "try" | "gen" => format!("r#{ident}"),
        "_" | "super" | "self" | "Self" | "extern" | "crate" => format!("{ident}_"),
        s if s.starts_with(|c: char| c.is_numeric()) => format!("_{ident}"),
        _ => ident.to_string(),
    }
}

/// A field, module or method name: `fooBar` is `foo_bar`.
pub fn snake(name: &str) -> String {
    sanitize(&name.to_snake_case())
}

/// A type or variant name: `foo_bar` is `FooBar`.
pub fn camel(name: &str) -> String {
    sanitize(&name.to_upper_camel_case())
}

/// A type name as protoc-gen-tonic writes it: upper camel case, with only
/// `Self` escaped.
pub fn tonic_camel(name: &str) -> String {
    let ident = name.to_upper_camel_case();
    if ident == "Self" {
        format!("{ident}_")
    } else {
        ident
    }
}

/// A variant name without its enum's name in front, when what is left
/// starts with a capital letter (`ColorRed` in `Color` is `Red`).
pub fn strip_enum_prefix(prefix: &str, name: &str) -> String {
    let stripped = name.strip_prefix(prefix).unwrap_or(name);
    let stripped = if stripped.starts_with(char::is_uppercase) {
        stripped
    } else {
        name
    };
    sanitize(stripped)
}

/// The Rust module of a protobuf package: each component in snake case.
pub fn module_of(package: &str) -> Vec<String> {
    package
        .split('.')
        .filter(|s| !s.is_empty())
        .map(snake)
        .collect()
}

/// The path to the type `.a.b.Type` from inside the message modules
/// `nesting` of `package`: `super::` up to the common ancestor, then down.
pub fn relative_path(package: &str, nesting: &[&str], target: &str) -> String {
    let mut here = package
        .split('.')
        .filter(|s| !s.is_empty())
        .chain(nesting.iter().copied())
        .peekable();
    let target = target.strip_prefix('.').unwrap_or(target);
    let mut there = target.split('.');
    let ty = there.next_back().unwrap_or_default();
    let mut there = there.peekable();
    while here.peek().is_some() && here.peek() == there.peek() {
        here.next();
        there.next();
    }
    let mut parts: Vec<String> = here.map(|_| "super".to_string()).collect();
    parts.extend(there.map(snake));
    parts.push(camel(ty));
    parts.join("::")
}

/// Where the well-known types are when they are not compiled: the
/// `prost_types` crate, and the wrappers and `Empty` as Rust types.
pub const WELL_KNOWN: &[(&str, &str)] = &[
    (".google.protobuf", "::prost_types"),
    (".google.protobuf.BoolValue", "bool"),
    (
        ".google.protobuf.BytesValue",
        "::prost::alloc::vec::Vec<u8>",
    ),
    (".google.protobuf.DoubleValue", "f64"),
    (".google.protobuf.Empty", "()"),
    (".google.protobuf.FloatValue", "f32"),
    (".google.protobuf.Int32Value", "i32"),
    (".google.protobuf.Int64Value", "i64"),
    (
        ".google.protobuf.StringValue",
        "::prost::alloc::string::String",
    ),
    (".google.protobuf.UInt32Value", "u32"),
    (".google.protobuf.UInt64Value", "u64"),
];

/// Protobuf names mapped to Rust paths (`extern_path`): an exact entry, or
/// the longest entry that is a prefix of the name, with the rest appended.
pub struct ExternPaths {
    paths: Vec<(String, String)>,
}

impl ExternPaths {
    /// The user's entries, then (unless the well-known types are compiled)
    /// `google.protobuf` as `prost_types` with the wrappers as Rust types.
    pub fn new(user: &[(String, String)], prost_types: bool) -> Result<ExternPaths, String> {
        let mut out = ExternPaths { paths: Vec::new() };
        for (proto, rust) in user {
            out.insert(proto, rust)?;
        }
        if prost_types {
            for (proto, rust) in WELL_KNOWN {
                out.insert(proto, rust)?;
            }
        }
        Ok(out)
    }

    fn insert(&mut self, proto: &str, rust: &str) -> Result<(), String> {
        if !proto.starts_with('.') {
            return Err(format!(
                "Protobuf paths must be fully qualified (begin with a leading '.'): {proto}"
            ));
        }
        if proto.split('.').skip(1).any(str::is_empty) {
            return Err(format!("invalid fully-qualified Protobuf path: {proto}"));
        }
        if self.get(proto).is_some() {
            return Err(format!("duplicate extern Protobuf path: {proto}"));
        }
        self.paths.push((proto.to_string(), rust.to_string()));
        Ok(())
    }

    fn get(&self, proto: &str) -> Option<&str> {
        self.paths
            .iter()
            .find(|(p, _)| p == proto)
            .map(|(_, r)| r.as_str())
    }

    /// The Rust path of the fully qualified type `name`, if it is external.
    pub fn resolve(&self, name: &str) -> Option<String> {
        if let Some(rust) = self.get(name) {
            return Some(rust.to_string());
        }
        for (at, _) in name.rmatch_indices('.') {
            let Some(rust) = self.get(&name[..at]) else {
                continue;
            };
            let mut rest = name[at + 1..].split('.');
            let ty = rest.next_back().map(camel);
            let parts: Vec<String> = rust
                .split("::")
                .chain(rest)
                .enumerate()
                .map(|(i, s)| {
                    if i == 0 && s == "crate" {
                        s.to_string()
                    } else {
                        snake(s)
                    }
                })
                .chain(ty)
                .collect();
            return Some(parts.join("::"));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        assert_eq!(snake("XMLHttpRequest"), "xml_http_request");
        assert_eq!(snake("While"), "r#while");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("field__Name16"), "field_name16");
        assert_eq!(camel("_FOO_BAR_"), "FooBar");
        assert_eq!(camel("self"), "Self_");
        assert_eq!(sanitize("0foo"), "_0foo");
        assert_eq!(strip_enum_prefix("Foo", "FooBar"), "Bar");
        assert_eq!(strip_enum_prefix("Foo", "Foobar"), "Foobar");
        assert_eq!(strip_enum_prefix("Foo", "Foo"), "Foo");
        assert_eq!(strip_enum_prefix("Foo", "FooSelf"), "Self_");
    }

    #[test]
    fn paths_between_modules() {
        assert_eq!(relative_path("a.b", &[], ".a.b.T"), "T");
        assert_eq!(relative_path("a.b", &["Outer"], ".a.b.T"), "super::T");
        assert_eq!(
            relative_path("a.b", &[], ".a.c.Outer.T"),
            "super::c::outer::T"
        );
        assert_eq!(relative_path("", &[], ".T"), "T");
        assert_eq!(relative_path("", &["M"], ".x.T"), "super::x::T");
    }

    #[test]
    fn extern_paths() {
        let e = ExternPaths::new(&[(".my".into(), "::other::Crate".into())], true).unwrap();
        assert_eq!(
            e.resolve(".google.protobuf.Timestamp").unwrap(),
            "::prost_types::Timestamp"
        );
        assert_eq!(e.resolve(".google.protobuf.Empty").unwrap(), "()");
        assert_eq!(
            e.resolve(".my.Outer.Inner").unwrap(),
            "::other::crate_::outer::Inner"
        );
        assert!(e.resolve(".mine.T").is_none());
        let dup = ExternPaths::new(&[(".google.protobuf".into(), "x".into())], true);
        assert_eq!(
            dup.err().unwrap(),
            "duplicate extern Protobuf path: .google.protobuf"
        );
    }
}
