//! Public imports: a file re-exports every exported symbol the file it
//! imports publicly declares, as protoc-gen-go does it: it generates that
//! file, reads the top-level declarations of the Go text, and writes a
//! forwarding declaration (`type T = pkg.T`, `const C = pkg.C`,
//! `var V = pkg.V`) for each exported one that is not itself forwarded.

use super::file::FileGen;
use super::names::GoIdent;
use super::writer::Decl;
use crate::semantic::model::FileId;

/// A top-level declaration of generated Go text: its keyword, its name,
/// and whether its value is a plain `pkg.Name` selector.
struct TopLevel {
    decl: Decl,
    name: String,
    selector: bool,
}

/// Writes the forwarding declarations of the file `imported`, whose
/// generated text is `text`.
pub fn gen_forwards(g: &mut FileGen, imported: FileId, text: &str) {
    let model = g.model;
    let names = g.names;
    let import_path = names.file(imported).import_path.clone();
    let descriptor_var = &names.file(imported).descriptor_var;
    g.w.decl(Decl::Const, true);
    g.w.comment_lines(&[format!(
        "// Symbols defined in public import of {}.",
        &model[model.file(imported).name]
    )]);
    g.w.blank();
    for top in top_level(text) {
        let exported = top.name.chars().next().is_some_and(char::is_uppercase);
        if !exported || &top.name == descriptor_var || top.selector {
            continue;
        }
        let target = g.w.q(&GoIdent::new(&import_path, &top.name));
        let keyword = match top.decl {
            Decl::Type => "type",
            Decl::Const => "const",
            Decl::Var => "var",
            Decl::Func => continue,
        };
        g.w.decl(top.decl, false);
        g.w.line(&format!("{keyword} {} = {target}", top.name));
    }
    g.w.blank();
}

/// The top-level type, const and var declarations of gofmt-formatted
/// generated code, in order.
fn top_level(text: &str) -> Vec<TopLevel> {
    let mut out = Vec::new();
    let mut group: Option<Decl> = None;
    for line in text.lines() {
        if let Some(decl) = group {
            if line == ")" {
                group = None;
                continue;
            }
            // A spec starts one tab in; deeper lines continue a value.
            let Some(spec) = line.strip_prefix('\t') else {
                continue;
            };
            if spec.starts_with(['\t', '/', '}']) || spec.is_empty() {
                continue;
            }
            let name = spec.split([' ', '\t']).next().unwrap_or("").to_string();
            let value = spec.split_once(" = ").map(|(_, v)| v);
            out.push(TopLevel {
                decl,
                name,
                selector: value.is_some_and(is_selector),
            });
            continue;
        }
        let (decl, rest) = if let Some(rest) = line.strip_prefix("type ") {
            (Decl::Type, rest)
        } else if let Some(rest) = line.strip_prefix("const ") {
            (Decl::Const, rest)
        } else if let Some(rest) = line.strip_prefix("var ") {
            (Decl::Var, rest)
        } else {
            continue;
        };
        if rest == "(" {
            group = Some(decl);
            continue;
        }
        let name = rest.split([' ', '\t']).next().unwrap_or("").to_string();
        let value = rest.split_once(" = ").map(|(_, v)| v);
        out.push(TopLevel {
            decl,
            name,
            selector: value.is_some_and(is_selector),
        });
    }
    out
}

/// Whether an expression is `ident.Ident` and nothing more.
fn is_selector(value: &str) -> bool {
    let ident = |s: &str| {
        !s.is_empty()
            && s.chars().all(|c| c.is_alphanumeric() || c == '_')
            && !s.starts_with(|c: char| c.is_ascii_digit())
    };
    match value.split_once('.') {
        Some((a, b)) => ident(a) && ident(b),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations_are_read_in_order() {
        let text = "package p\n\nconst (\n\t_ = protoimpl.EnforceVersion(20 - protoimpl.MinVersion)\n)\n\ntype Color int32\n\nconst (\n\t// c\n\tColor_RED Color = 0\n)\n\nvar (\n\tColor_name = map[int32]string{\n\t\t0: \"RED\",\n\t}\n)\n\ntype T = other.T\n\nvar E_X = &file_p_extTypes[0]\n";
        let tops = top_level(text);
        let names: Vec<(&str, bool)> = tops.iter().map(|t| (t.name.as_str(), t.selector)).collect();
        assert_eq!(
            names,
            vec![
                ("_", false),
                ("Color", false),
                ("Color_RED", false),
                ("Color_name", false),
                ("T", true),
                ("E_X", false)
            ]
        );
    }
}
