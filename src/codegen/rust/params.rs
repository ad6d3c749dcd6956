//! The parameter of the Rust generators, read as the protoc-gen-prost
//! family of plugins reads it: comma-separated `param`, `param=value` or
//! `param=key=value`, where a value may hold `\,` (a comma) and `\\` (a
//! backslash).

/// One item of a parameter.
#[derive(Debug, PartialEq, Eq)]
pub enum Param<'a> {
    Flag(&'a str),
    Value(&'a str, &'a str),
    KeyValue(&'a str, &'a str, String),
}

impl Param<'_> {
    /// The item as the plugins print it in "invalid parameter: ...".
    pub fn invalid(&self) -> String {
        let text = match self {
            Param::Flag(p) => p.to_string(),
            Param::Value(p, v) => format!("{p}={v}"),
            Param::KeyValue(p, k, v) => {
                format!("{p}={k}={}", v.replace('\\', r"\\").replace(',', r"\,"))
            }
        };
        format!("invalid parameter: {text}")
    }

    /// A boolean switch: `name` or `name=true` sets it, `name=false` leaves
    /// it; `None` when the item is not this switch.
    pub fn switch(&self, name: &str) -> Option<bool> {
        match *self {
            Param::Flag(p) if p == name => Some(true),
            Param::Value(p, "true") if p == name => Some(true),
            Param::Value(p, "false") if p == name => Some(false),
            _ => None,
        }
    }
}

/// Splits a parameter into its items. Text that starts no item (a stray
/// `,` or `=`) is skipped; a value ends at an unescaped comma or at a
/// backslash that escapes nothing.
pub fn parse(s: &str) -> Vec<Param<'_>> {
    let bytes = s.as_bytes();
    let run = |from: usize| {
        let mut at = from;
        while at < bytes.len() && bytes[at] != b',' && bytes[at] != b'=' {
            at += 1;
        }
        at
    };
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b',' || bytes[at] == b'=' {
            at += 1;
            continue;
        }
        let param_end = run(at);
        let param = s[at..param_end].trim();
        at = param_end;
        let mut key = None;
        let mut value = None;
        if bytes.get(at) == Some(&b'=') && run(at + 1) > at + 1 {
            let key_end = run(at + 1);
            key = Some(&s[at + 1..key_end]);
            at = key_end;
            if bytes.get(at) == Some(&b'=') {
                let mut end = at + 1;
                while end < bytes.len() {
                    match (bytes[end], bytes.get(end + 1)) {
                        (b',', _) => break,
                        (b'\\', Some(b',' | b'\\')) => end += 2,
                        (b'\\', _) => break,
                        _ => end += 1,
                    }
                }
                if end > at + 1 {
                    value = Some(&s[at + 1..end]);
                    at = end;
                }
            }
        }
        out.push(match (key, value) {
            (None, _) => Param::Flag(param),
            (Some(v), None) => Param::Value(param, v),
            (Some(k), Some(v)) => Param::KeyValue(param, k, unescape(v)),
        });
    }
    out
}

/// `\,` as a comma and `\\` as a backslash, in that order (as the plugins
/// undo them).
pub fn unescape(v: &str) -> String {
    v.replace(r"\,", ",").replace(r"\\", r"\")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items() {
        let s = r#"flat_output_dir,disable_comments=.,extern_path=.google.protobuf=::pbjson_types,type_attribute=.=#[cfg(all(feature = "a"\, feature = "b"))]"#;
        assert_eq!(
            parse(s),
            [
                Param::Flag("flat_output_dir"),
                Param::Value("disable_comments", "."),
                Param::KeyValue("extern_path", ".google.protobuf", "::pbjson_types".into()),
                Param::KeyValue(
                    "type_attribute",
                    ".",
                    r#"#[cfg(all(feature = "a", feature = "b"))]"#.into()
                ),
            ]
        );
        assert_eq!(
            parse("=x,,a=,b"),
            [Param::Flag("x"), Param::Flag("a"), Param::Flag("b")]
        );
        assert_eq!(
            parse(r"a=k=v\n,b"),
            [
                Param::KeyValue("a", "k", "v".into()),
                Param::Flag(r"\n"),
                Param::Flag("b")
            ]
        );
        assert_eq!(parse(" a =b"), [Param::Value("a", "b")]);
    }
}
