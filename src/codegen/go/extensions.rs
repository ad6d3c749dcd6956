//! Extensions: the file's extension descriptors and, for each extended
//! message, the `E_` variables that name them.

/// The extension descriptors and their `E_` variables.
use super::file::{trailing_comment, FileGen, PROTOIMPL};
use super::message;
use super::writer::{Decl, Element};
use crate::semantic::model::{Cardinality, ExtensionId, FieldKind, MessageId, Presence};

pub fn gen_extensions(g: &mut FileGen) {
    let model = g.model;
    if g.all_extensions.is_empty() {
        return;
    }
    let info = g.w.qualify(PROTOIMPL, "ExtensionInfo");
    let types = g.var("extTypes");
    g.w.decl(Decl::Var, false);
    g.w.line(&format!("var {types} = []{info}{{"));
    let mut elements = Vec::new();
    let filename = super::literal::quote(model[model.file(g.file).name].as_bytes());
    for x in g.all_extensions.clone() {
        let field = model.extension(x);
        let extendee = field.extendee.expect("an extension extends a message");
        let extendee_ident = g.names.message(model, extendee);
        let extended = g.w.q(&extendee_ident);
        let go_type = message::extension_go_type(g, field);
        let pair = |key: &str, value: String| super::writer::Element::Pair {
            key: key.to_string(),
            value,
        };
        elements.push(Element::Nested {
            head: "{".into(),
            elements: vec![
                pair("ExtendedType", format!("(*{extended})(nil)")),
                pair("ExtensionType", format!("({go_type})(nil)")),
                pair("Field", field.number.to_string()),
                pair(
                    "Name",
                    super::literal::quote(model[field.full_name].as_bytes()),
                ),
                pair(
                    "Tag",
                    super::literal::quote(super::tags::field_tag(model, field).as_bytes()),
                ),
                pair("Filename", filename.clone()),
            ],
        });
    }
    g.w.elements(&elements);
    g.w.line("}");
    g.w.blank();

    // Grouped by extended message, in order of first appearance.
    let mut targets: Vec<(MessageId, Vec<(usize, ExtensionId)>)> = Vec::new();
    for (i, &x) in g.all_extensions.iter().enumerate() {
        let extendee = model.extension(x).extendee.expect("an extendee");
        match targets.iter_mut().find(|(t, _)| *t == extendee) {
            Some((_, list)) => list.push((i, x)),
            None => targets.push((extendee, vec![(i, x)])),
        }
    }
    for (target, list) in targets {
        let ident = g.names.message(model, target);
        let target_name = g.w.q(&ident);
        g.w.decl(Decl::Var, true);
        g.w.comment_lines(&[format!("// Extension fields to {target_name}.")]);
        g.w.line("var (");
        g.w.end_section();
        g.w.indent();
        for (i, x) in list {
            let field = model.extension(x);
            let comments = field.origin.comments();
            let mut leading = comments.leading.clone();
            if !leading.is_empty() {
                leading.push('\n');
            }
            let type_name = match field.kind {
                FieldKind::Scalar(s) => s.proto_name().to_string(),
                FieldKind::Enum(e) => model[model.enum_(e).full_name].to_string(),
                FieldKind::Message(m) => model[model.message(m).full_name].to_string(),
                FieldKind::Map { .. } => unreachable!("an extension is never a map"),
            };
            let cardinality = match (field.cardinality, field.presence) {
                (Cardinality::Repeated, _) => "repeated",
                (_, Presence::Required) => "required",
                _ => "optional",
            };
            leading.push_str(&format!(
                " {cardinality} {type_name} {} = {};\n",
                &model[field.name], field.number
            ));
            let leading = g.deprecation_suffix(&leading, field.options.is_deprecated());
            let var = format!("E_{}", g.names.extension(x).ident);
            g.annotate(var.clone(), &field.origin.path, None);
            g.doc_comment(&leading);
            let code = format!("{var}\u{b}= &{types}[{i}]");
            match trailing_comment(&comments.trailing) {
                Some(c) => {
                    g.w.line_with_comment(&format!("{code}\u{b}\u{b}"), &c, b'\n')
                }
                None => g.w.line(&code),
            }
        }
        g.w.end_section();
        g.w.outdent();
        g.w.line(")");
        g.w.blank();
    }
}
