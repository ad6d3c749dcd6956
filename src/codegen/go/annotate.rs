//! `annotate_code`: the `.pb.go.meta` file beside each generated Go file, a
//! text-format `GeneratedCodeInfo` tying each declared symbol (type, struct
//! field, interface method, constant, variable, function or method) back to
//! the declaration in the .proto file it comes from.
//!
//! The generators record, as they write, which symbol stands for which
//! source path; the byte offsets are read off the finished, formatted
//! text, in the order its declarations appear, as the Go plugins read them
//! off the parsed file.

use std::collections::HashMap;

/// One recorded symbol: `Name`, `Type.Field` or `Type.Method`, the source
/// path of the declaration it comes from, and the semantic of the code
/// (`GeneratedCodeInfo.Annotation.Semantic`: 1 set, 2 alias), if any.
#[derive(Clone, Debug)]
pub struct Annotation {
    pub symbol: String,
    pub path: Vec<i32>,
    pub semantic: Option<i32>,
}

/// The `.meta` text of `content` (written as `file_name`), whose symbols
/// come from `source_file`; an error names a recorded symbol the text does
/// not declare.
pub fn meta_file(
    file_name: &str,
    content: &str,
    source_file: &str,
    annotations: &[Annotation],
) -> Result<String, String> {
    let mut by_symbol: HashMap<&str, Vec<&Annotation>> = HashMap::new();
    for a in annotations {
        by_symbol.entry(a.symbol.as_str()).or_default().push(a);
    }
    let mut seen: HashMap<&str, bool> = HashMap::new();
    let mut entries = Vec::new();
    for (symbol, begin, end) in declared_symbols(content) {
        let Some(list) = by_symbol.get(symbol.as_str()) else {
            continue;
        };
        seen.insert(list[0].symbol.as_str(), true);
        for a in list {
            let mut entry = String::from("annotation:{");
            for p in &a.path {
                entry.push_str(&format!("path:{p} "));
            }
            entry.push_str(&format!(
                "source_file:{} begin:{begin} end:{end}",
                super::literal::quote(source_file.as_bytes())
            ));
            match a.semantic {
                Some(1) => entry.push_str(" semantic:SET"),
                Some(2) => entry.push_str(" semantic:ALIAS"),
                _ => {}
            }
            entry.push('}');
            entries.push(entry);
        }
    }
    for a in annotations {
        if !seen.contains_key(a.symbol.as_str()) {
            return Err(format!(
                "{file_name}: no symbol matching annotation \"{}\"",
                a.symbol
            ));
        }
    }
    Ok(entries.join(" "))
}

/// What a line inside a declaration belongs to.
enum Body {
    Struct(String),
    Interface(String),
    Group,
}

/// Every symbol the formatted Go text declares at the top level (and the
/// fields and methods of its struct and interface types), with its byte
/// range, in order.
fn declared_symbols(content: &str) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut body: Option<Body> = None;
    let mut offset = 0;
    for line in content.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let line = line.trim_end_matches('\n');
        let ident_at = |text: &str, at: usize| -> Option<(String, usize, usize)> {
            let name: String = text[at..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            (!name.is_empty()).then(|| {
                let begin = start + at;
                (name.clone(), begin, begin + name.len())
            })
        };
        if let Some(b) = &body {
            if line == "}" || line == ")" {
                body = None;
                continue;
            }
            // A member starts one tab in; deeper lines and comments do not.
            let member = line.starts_with('\t')
                && !line[1..].starts_with(['\t', '/', '}'])
                && line.len() > 1;
            if !member {
                continue;
            }
            if let Some((name, begin, end)) = ident_at(line, 1) {
                let symbol = match b {
                    Body::Struct(t) | Body::Interface(t) => format!("{t}.{name}"),
                    Body::Group => name,
                };
                out.push((symbol, begin, end));
            }
            continue;
        }
        if let Some(rest) = line.strip_prefix("type ") {
            if let Some((name, begin, end)) = ident_at(line, 5) {
                if rest.ends_with(" struct {") {
                    body = Some(Body::Struct(name.clone()));
                } else if rest.ends_with(" interface {") {
                    body = Some(Body::Interface(name.clone()));
                }
                out.push((name, begin, end));
            }
        } else if line == "const (" || line == "var (" {
            body = Some(Body::Group);
        } else if let Some(at) = ["const ", "var "]
            .iter()
            .find(|k| line.starts_with(**k))
            .map(|k| k.len())
        {
            if let Some(found) = ident_at(line, at) {
                out.push(found);
            }
        } else if let Some(rest) = line.strip_prefix("func ") {
            if let Some(after) = rest.strip_prefix('(') {
                // A method: the receiver's type names it.
                let Some(close) = after.find(')') else {
                    continue;
                };
                let receiver = after[..close].rsplit(' ').next().unwrap_or("");
                let receiver = receiver.trim_start_matches('*');
                let at = 5 + 1 + close + 2;
                if let Some((name, begin, end)) = ident_at(line, at) {
                    out.push((format!("{receiver}.{name}"), begin, end));
                }
            } else if let Some(found) = ident_at(line, 5) {
                out.push(found);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_are_found_with_their_offsets() {
        let text = "package p\n\ntype T struct {\n\tstate x\n\t// c\n\tA int32\n}\n\nconst (\n\tT_X T = 0\n)\n\nfunc (x *T) GetA() int32 {\n\treturn 0\n}\n\ntype I interface {\n\tCall(x int) error\n}\n";
        let symbols: Vec<String> = declared_symbols(text).into_iter().map(|s| s.0).collect();
        assert_eq!(
            symbols,
            ["T", "T.state", "T.A", "T_X", "T.GetA", "I", "I.Call"]
        );
        let annotations = vec![Annotation {
            symbol: "T.A".into(),
            path: vec![4, 0, 2, 0],
            semantic: None,
        }];
        let meta = meta_file("p.pb.go", text, "p.proto", &annotations).unwrap();
        let begin = text.find("A int32").unwrap();
        assert_eq!(
            meta,
            format!(
                "annotation:{{path:4 path:0 path:2 path:0 source_file:\"p.proto\" begin:{begin} end:{}}}",
                begin + 1
            )
        );
        let missing = vec![Annotation {
            symbol: "Nope".into(),
            path: vec![],
            semantic: None,
        }];
        assert!(meta_file("p.pb.go", text, "p.proto", &missing).is_err());
    }
}
