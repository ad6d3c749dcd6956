//! Enums: the Go type, its value constants, the name/value maps, and the
//! methods that tie it to its descriptor.

use super::file::{FileGen, PROTOIMPL, PROTOREFLECT};
use super::literal::quote;
use super::writer::Element;
use crate::semantic::model::features::ApiLevel;
use crate::semantic::model::EnumId;

pub fn gen_enum(g: &mut FileGen, e: EnumId) {
    let model = g.model;
    let en = model.enum_(e);
    let ident = g.names.enum_(model, e);
    let name = g.w.q(&ident);
    g.annotate(ident.name.clone(), &en.origin.path, None);
    let leading = g.deprecation_suffix(&en.origin.comments().leading, en.options.is_deprecated());
    g.w.decl(super::writer::Decl::Type, !leading.is_empty());
    g.doc_comment(&leading);
    g.w.line(&format!("type {name} int32"));
    g.w.blank();

    // The value constants.
    g.w.decl(super::writer::Decl::Const, false);
    g.w.line("const (");
    g.w.end_section();
    g.w.indent();
    let mut any_alias = false;
    for &v in &en.values {
        let value = model.enum_value(v);
        g.annotate(g.names.value(model, v).name, &value.origin.path, None);
        let comments = value.origin.comments();
        let leading = g.deprecation_suffix(&comments.leading, value.options.is_deprecated());
        g.doc_comment(&leading);
        let value_name = g.w.q(&g.names.value(model, v));
        let code = format!("{value_name}\u{b}{name}\u{b}= {}", value.number);
        match super::file::trailing_comment(&comments.trailing) {
            Some(c) => g.w.line_with_comment(&format!("{code}\u{b}"), &c, b'\n'),
            None => g.w.line(&code),
        }
        any_alias |= g.names.value_alias(v).is_some();
    }
    g.w.outdent();
    g.w.end_section();
    g.w.line(")");
    g.w.blank();
    if any_alias {
        g.w.decl(super::writer::Decl::Const, true);
        g.w.comment_lines(&[format!("// Old (prefixed) names for {name} enum values.")]);
        g.w.line("const (");
        g.w.end_section();
        g.w.indent();
        for &v in &en.values {
            if let Some(alias) = g.names.value_alias(v) {
                let value_name = g.w.q(&g.names.value(model, v));
                g.w.line(&format!("{alias}\u{b}{name}\u{b}= {value_name}"));
            }
        }
        g.w.outdent();
        g.w.end_section();
        g.w.line(")");
        g.w.blank();
    }

    // The maps between names and numbers.
    g.w.decl(super::writer::Decl::Var, true);
    g.w.comment_lines(&[format!("// Enum value maps for {name}.")]);
    g.w.line("var (");
    g.w.end_section();
    g.w.indent();
    let mut by_number = Vec::new();
    g.w.line(&format!("{}_name\u{b}= map[int32]string{{", ident.name));
    for &v in &en.values {
        let value = model.enum_value(v);
        let first = en
            .values
            .iter()
            .find(|&&o| model.enum_value(o).number == value.number)
            .copied();
        let text = format!("{}: {}", value.number, quote(model[value.name].as_bytes()));
        by_number.push(if first == Some(v) {
            let (key, value) = text.split_once(": ").expect("a pair");
            Element::Pair {
                key: key.to_string(),
                value: value.to_string(),
            }
        } else {
            Element::Comment(format!("// Duplicate value: {text},"))
        });
    }
    g.w.elements(&by_number);
    g.w.line("}");
    g.w.end_section();
    g.w.line(&format!("{}_value\u{b}= map[string]int32{{", ident.name));
    let by_name: Vec<Element> = en
        .values
        .iter()
        .map(|&v| {
            let value = model.enum_value(v);
            Element::Pair {
                key: quote(model[value.name].as_bytes()),
                value: value.number.to_string(),
            }
        })
        .collect();
    g.w.elements(&by_name);
    g.w.line("}");
    g.w.outdent();
    g.w.end_section();
    g.w.line(")");
    g.w.blank();

    g.w.decl(super::writer::Decl::Func, false);
    g.w.emit(
        "func (x $T$) Enum() *$T$ {
	p := new($T$)
	*p = x
	return p
}
",
        &[("T", &name)],
    );
    g.w.blank();
    let x = g.w.qualify(PROTOIMPL, "X");
    let number = g.w.qualify(PROTOREFLECT, "EnumNumber");
    g.w.emit(
        "func (x $T$) String() string {
	return $X$.EnumStringOf(x.Descriptor(), $EnumNumber$(x))
}
",
        &[("T", &name), ("X", &x), ("EnumNumber", &number)],
    );
    g.w.blank();
    gen_enum_reflect_methods(g, e, &name);

    let open_file = g.api_level() == ApiLevel::Open;
    if open_file && en.features.go().legacy_unmarshal_json_enum {
        let x = g.w.qualify(PROTOIMPL, "X");
        g.w.comment_lines(&["// Deprecated: Do not use."]);
        g.w.emit(
            "func (x *$T$) UnmarshalJSON(b []byte) error {
	num, err := $X$.UnmarshalJSONEnum(x.Descriptor(), b)
	if err != nil {
		return err
	}
	*x = $T$(num)
	return nil
}
",
            &[("T", &name), ("X", &x)],
        );
        g.w.blank();
    }
    if open_file {
        let indexes = path_indexes(&en.origin.path);
        g.w.comment_lines(&[format!("// Deprecated: Use {name}.Descriptor instead.")]);
        let gzip = format!("{}GZIP", g.var("rawDesc"));
        g.w.emit(
            "func ($T$) EnumDescriptor() ([]byte, []int) {
	return $gzip$(), []int{$indexes$}
}
",
            &[("T", &name), ("gzip", &gzip), ("indexes", &indexes)],
        );
        g.w.blank();
        g.need_raw_desc = true;
    }
}

fn gen_enum_reflect_methods(g: &mut FileGen, e: EnumId, name: &str) {
    let idx = g.enum_index(e).to_string();
    let types = g.var("enumTypes");
    let descriptor = g.w.qualify(PROTOREFLECT, "EnumDescriptor");
    g.w.emit(
        "func ($T$) Descriptor() $EnumDescriptor$ {
	return $types$[$idx$].Descriptor()
}
",
        &[
            ("T", name),
            ("EnumDescriptor", &descriptor),
            ("types", &types),
            ("idx", &idx),
        ],
    );
    g.w.blank();
    let enum_type = g.w.qualify(PROTOREFLECT, "EnumType");
    g.w.emit(
        "func ($T$) Type() $EnumType$ {
	return &$types$[$idx$]
}
",
        &[
            ("T", name),
            ("EnumType", &enum_type),
            ("types", &types),
            ("idx", &idx),
        ],
    );
    g.w.blank();
    let number = g.w.qualify(PROTOREFLECT, "EnumNumber");
    g.w.emit(
        "func (x $T$) Number() $EnumNumber$ {
	return $EnumNumber$(x)
}
",
        &[("T", name), ("EnumNumber", &number)],
    );
    g.w.blank();
}

/// The indexes of a source path (every second element), comma-joined:
/// what the legacy `Descriptor()` methods return.
pub fn path_indexes(path: &[i32]) -> String {
    path.iter()
        .skip(1)
        .step_by(2)
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
