//! The accessors of hybrid and opaque messages (`opaqueGenMessageMethods`
//! and what it calls): `Get`, `Set`, `Has` and `Clear` for the fields,
//! `Has`, `Clear` and `Which` for the oneofs, with the case constants.

use super::super::file::{FileGen, PROTOIMPL};
use super::super::message::{default_value, gen_oneof_getter};
use super::super::names::has_presence;
use super::super::writer::Decl;
use super::{
    case_type_name, field_deprecation, is_bytes, is_lazy, is_list, is_message,
    opaque_field_go_type, presence_args, presence_count, put, real_oneof, start_func,
    uses_presence, Msg,
};
use crate::semantic::model::{Cardinality, Field, FieldId, FieldKind, MessageId, OneofId, Scalar};

/// `GeneratedCodeInfo.Annotation.Semantic.SET`: the method sets the field.
const SET: i32 = 1;

/// The accessors of a hybrid or opaque message: the getters, then the
/// setters, the `Has` and `Clear` methods of fields with presence, and
/// the `Which` method of each oneof.
pub fn gen_accessors(g: &mut FileGen, m: MessageId, name: &str) {
    let model = g.model;
    let ctx = Msg::new(g, m, name);
    let fields = &model.message(m).fields;
    for &f in fields {
        let field = model.field(f);
        if let Some(o) = real_oneof(field) {
            if model.oneof(o).fields[0] == f && !ctx.opaque {
                gen_oneof_getter(g, o, name);
            }
        }
        gen_get(g, &ctx, f);
    }
    for &f in fields {
        gen_set(g, &ctx, f);
    }
    // `Has`, then `Clear`: for each field with presence, preceded by its
    // oneof's method at the oneof's first field.
    type OneofMethod = fn(&mut FileGen, &Msg, OneofId);
    type FieldMethod = fn(&mut FileGen, &Msg, FieldId);
    let methods: [(OneofMethod, FieldMethod); 2] =
        [(gen_has_oneof, gen_has), (gen_clear_oneof, gen_clear)];
    for (oneof_method, field_method) in methods {
        for &f in fields {
            let field = model.field(f);
            if !has_presence(field) {
                continue;
            }
            if let Some(o) = real_oneof(field) {
                if model.oneof(o).fields[0] == f {
                    oneof_method(g, &ctx, o);
                }
            }
            field_method(g, &ctx, f);
        }
    }
    gen_which(g, &ctx);
}

fn gen_get(g: &mut FileGen, ctx: &Msg, f: FieldId) {
    let model = g.model;
    let field = model.field(f);
    let (go_type, pointer) = opaque_field_go_type(g, field, ctx.opaque);
    let (getter, compat) = ctx.method(g, f, "Get");
    g.annotate(format!("{}.{getter}", ctx.name), &field.origin.path, None);
    let doc = field_deprecation(g, field);
    start_func(g, ctx.tracked, &doc);
    let default = default_value(g, ctx.m, f);
    let t = &ctx.name;
    let go_name = &g.names.field(f).go_name;
    let star = if pointer { "*" } else { "" };
    let mut body = format!("func (x *{t}) {getter}() {go_type} {{\n");
    if let Some(o) = real_oneof(field) {
        body.push_str("\tif x != nil {\n");
        if ctx.opaque && ctx.tracked {
            body.push_str(&format!("\t\t_ = x.XXX_ft_{}\n", g.names.oneof(o).go_name));
        }
        body.push_str(&format!(
            "\t\tif x, ok := x.{}.(*{}); ok {{\n\t\t\treturn x.{go_name}\n\t\t}}\n\t}}\n",
            ctx.oneof_field(g, o),
            ctx.wrapper(g, f)
        ));
    } else if !ctx.opaque {
        if !has_presence(field) || default == "nil" {
            body.push_str("\tif x != nil {\n");
        } else {
            body.push_str(&format!("\tif x != nil && x.{go_name} != nil {{\n"));
        }
        body.push_str(&format!("\t\treturn {star}x.{go_name}\n\t}}\n"));
    } else {
        let hidden = format!("x.xxx_hidden_{go_name}");
        body.push_str("\tif x != nil {\n");
        if ctx.tracked {
            body.push_str(&format!("\t\t_ = x.XXX_ft_{go_name}\n"));
        }
        if uses_presence(field) {
            // Lazy messages, fields with defaults and enums read their
            // presence bit; for the others the stored value is right
            // whether set or not.
            let check = is_lazy(field)
                || field.default.is_some()
                || matches!(field.kind, FieldKind::Enum(_));
            let x = g.w.qualify(PROTOIMPL, "X");
            let mut ind = "\t\t".to_string();
            if check {
                body.push_str(&format!(
                    "{ind}if {x}.Present({}) {{\n",
                    presence_args(g, ctx.m, f)
                ));
                ind.push('\t');
            }
            if is_lazy(field) {
                body.push_str(&format!(
                    "{ind}if {x}.AtomicCheckPointerIsNil(&{hidden}) {{\n{ind}\t{x}.UnmarshalField(x, {})\n{ind}}}\n",
                    field.number
                ));
            }
            if is_message(field) {
                // A message field has a presence bit only when it is lazy:
                // the pointer, which a read may write, is loaded
                // atomically.
                let p = g.w.qualify(PROTOIMPL, "Pointer");
                body.push_str(&format!(
                    "{ind}var rv {star}{go_type}\n{ind}{x}.AtomicLoadPointer({p}(&{hidden}), {p}(&rv))\n{ind}return {star}rv\n"
                ));
            } else if pointer {
                body.push_str(&format!(
                    "{ind}if {hidden} != nil {{\n{ind}\treturn *{hidden}\n{ind}}}\n{ind}return {default}\n"
                ));
            } else {
                body.push_str(&format!("{ind}return {hidden}\n"));
            }
            if check {
                body.push_str("\t\t}\n");
            }
        } else if pointer {
            body.push_str(&format!(
                "\t\tif {hidden} != nil {{\n\t\t\treturn *{hidden}\n\t\t}}\n"
            ));
        } else {
            body.push_str(&format!("\t\treturn {hidden}\n"));
        }
        body.push_str("\t}\n");
    }
    body.push_str(&format!("\treturn {default}\n}}\n"));
    put(g, &body);
    g.w.blank();
    if let Some(compat) = compat {
        g.w.decl(Decl::Func, true);
        g.w.comment_lines(&[format!("// Deprecated: Use {getter} instead.")]);
        put(
            g,
            &format!("func (x *{t}) {compat}() {go_type} {{\n\treturn x.{getter}()\n}}\n"),
        );
        g.w.blank();
    }
}

fn gen_set(g: &mut FileGen, ctx: &Msg, f: FieldId) {
    let model = g.model;
    let field = model.field(f);
    let (go_type, pointer) = opaque_field_go_type(g, field, ctx.opaque);
    let (setter, _) = ctx.method(g, f, "Set");
    g.annotate(
        format!("{}.{setter}", ctx.name),
        &field.origin.path,
        Some(SET),
    );
    let doc = field_deprecation(g, field);
    start_func(g, false, &doc);
    let t = &ctx.name;
    let go_name = &g.names.field(f).go_name;
    let amp = if pointer { "&" } else { "" };
    let bytes_check = "\tif v == nil {\n\t\tv = []byte{}\n\t}\n";
    let mut body = format!("func (x *{t}) {setter}(v {go_type}) {{\n");
    if let Some(o) = real_oneof(field) {
        let oneof_field = ctx.oneof_field(g, o);
        if ctx.opaque && ctx.tracked {
            body.push_str(&format!(
                "\tx.XXX_ft_{} = struct{{}}{{}}\n",
                g.names.oneof(o).go_name
            ));
        }
        if is_bytes(field) {
            body.push_str(bytes_check);
        } else if is_message(field) {
            body.push_str(&format!(
                "\tif v == nil {{\n\t\tx.{oneof_field} = nil\n\t\treturn\n\t}}\n"
            ));
        }
        body.push_str(&format!(
            "\tx.{oneof_field} = &{}{{v}}\n",
            ctx.wrapper(g, f)
        ));
    } else if !ctx.opaque {
        if field.cardinality != Cardinality::Repeated && is_bytes(field) {
            body.push_str(bytes_check);
        }
        body.push_str(&format!("\tx.{go_name} = {amp}v\n"));
    } else {
        let hidden = format!("x.xxx_hidden_{go_name}");
        if ctx.tracked {
            body.push_str(&format!("\tx.XXX_ft_{go_name} = struct{{}}{{}}\n"));
        }
        if field.cardinality != Cardinality::Repeated && is_bytes(field) {
            body.push_str(bytes_check);
        }
        if uses_presence(field) {
            let x = g.w.qualify(PROTOIMPL, "X");
            let args = presence_args(g, ctx.m, f);
            let n = presence_count(g, ctx.m);
            let set = format!("{x}.SetPresent({args}, {n})");
            let clear = format!("{x}.ClearPresent({args})");
            if is_message(field) && is_list(field) {
                let p = g.w.qualify(PROTOIMPL, "Pointer");
                body.push_str(&format!(
                    "\tvar sv *{go_type}\n\
                     \t{x}.AtomicLoadPointer({p}(&{hidden}), {p}(&sv))\n\
                     \tif sv == nil {{\n\
                     \t\tsv = &{go_type}{{}}\n\
                     \t\t{x}.AtomicInitializePointer({p}(&{hidden}), {p}(&sv))\n\
                     \t}}\n\
                     \t*sv = v\n\
                     \t{set}\n"
                ));
            } else if is_message(field) {
                // Only lazy messages are set atomically.
                if is_lazy(field) {
                    body.push_str(&format!("\t{x}.AtomicSetPointer(&{hidden}, {amp}v)\n"));
                } else {
                    body.push_str(&format!("\t{hidden} = {amp}v\n"));
                }
                body.push_str(&format!(
                    "\tif v == nil {{\n\t\t{clear}\n\t}} else {{\n\t\t{set}\n\t}}\n"
                ));
            } else {
                body.push_str(&format!("\t{hidden} = {amp}v\n"));
                if field.cardinality == Cardinality::Repeated {
                    body.push_str(&format!(
                        "\tif v == nil {{\n\t\t{clear}\n\t}} else {{\n\t\t{set}\n\t}}\n"
                    ));
                } else {
                    body.push_str(&format!("\t{set}\n"));
                }
            }
        } else {
            body.push_str(&format!("\t{hidden} = {amp}v\n"));
        }
    }
    body.push_str("}\n");
    put(g, &body);
    g.w.blank();
}

fn gen_has(g: &mut FileGen, ctx: &Msg, f: FieldId) {
    let model = g.model;
    let field = model.field(f);
    let (hasser, _) = ctx.method(g, f, "Has");
    g.annotate(format!("{}.{hasser}", ctx.name), &field.origin.path, None);
    let doc = field_deprecation(g, field);
    start_func(g, false, &doc);
    let t = &ctx.name;
    let go_name = &g.names.field(f).go_name;
    let mut body =
        format!("func (x *{t}) {hasser}() bool {{\n\tif x == nil {{\n\t\treturn false\n\t}}\n");
    if let Some(o) = real_oneof(field) {
        if ctx.opaque && ctx.tracked {
            body.push_str(&format!("\t_ = x.XXX_ft_{}\n", g.names.oneof(o).go_name));
        }
        body.push_str(&format!(
            "\t_, ok := x.{}.(*{})\n\treturn ok\n",
            ctx.oneof_field(g, o),
            ctx.wrapper(g, f)
        ));
    } else if !ctx.opaque {
        body.push_str(&format!("\treturn x.{go_name} != nil\n"));
    } else {
        if ctx.tracked {
            body.push_str(&format!("\t_ = x.XXX_ft_{go_name}\n"));
        }
        if uses_presence(field) {
            let x = g.w.qualify(PROTOIMPL, "X");
            body.push_str(&format!(
                "\treturn {x}.Present({})\n",
                presence_args(g, ctx.m, f)
            ));
        } else {
            body.push_str(&format!("\treturn x.xxx_hidden_{go_name} != nil\n"));
        }
    }
    body.push_str("}\n");
    put(g, &body);
    g.w.blank();
}

fn gen_clear(g: &mut FileGen, ctx: &Msg, f: FieldId) {
    let model = g.model;
    let field = model.field(f);
    let (clearer, _) = ctx.method(g, f, "Clear");
    g.annotate(
        format!("{}.{clearer}", ctx.name),
        &field.origin.path,
        Some(SET),
    );
    let doc = field_deprecation(g, field);
    start_func(g, false, &doc);
    let t = &ctx.name;
    let go_name = &g.names.field(f).go_name;
    let mut body = format!("func (x *{t}) {clearer}() {{\n");
    if let Some(o) = real_oneof(field) {
        let oneof_field = ctx.oneof_field(g, o);
        if ctx.opaque && ctx.tracked {
            body.push_str(&format!(
                "\tx.XXX_ft_{} = struct{{}}{{}}\n",
                g.names.oneof(o).go_name
            ));
        }
        body.push_str(&format!(
            "\tif _, ok := x.{oneof_field}.(*{}); ok {{\n\t\tx.{oneof_field} = nil\n\t}}\n",
            ctx.wrapper(g, f)
        ));
    } else if !ctx.opaque {
        body.push_str(&format!("\tx.{go_name} = nil\n"));
    } else {
        let hidden = format!("x.xxx_hidden_{go_name}");
        if ctx.tracked {
            body.push_str(&format!("\tx.XXX_ft_{go_name} = struct{{}}{{}}\n"));
        }
        if uses_presence(field) {
            let x = g.w.qualify(PROTOIMPL, "X");
            body.push_str(&format!(
                "\t{x}.ClearPresent({})\n",
                presence_args(g, ctx.m, f)
            ));
        }
        // Get need not read the presence bit when Clear stores the zero
        // value (fields with a default do read it).
        let zero = zero_value(g, field);
        if is_lazy(field) {
            let (go_type, _) = opaque_field_go_type(g, field, true);
            let x = g.w.qualify(PROTOIMPL, "X");
            body.push_str(&format!(
                "\t{x}.AtomicSetPointer(&{hidden}, ({go_type})({zero}))\n"
            ));
        } else if field.default.is_none() {
            body.push_str(&format!("\t{hidden} = {zero}\n"));
        }
    }
    body.push_str("}\n");
    put(g, &body);
    g.w.blank();
}

/// What Clear stores (`opaqueZeroValueForField`).
fn zero_value(g: &mut FileGen, field: &Field) -> String {
    if field.cardinality == Cardinality::Repeated {
        return "nil".into();
    }
    match field.kind {
        FieldKind::Scalar(Scalar::String | Scalar::Bytes)
        | FieldKind::Message(_)
        | FieldKind::Map { .. } => "nil".into(),
        FieldKind::Scalar(Scalar::Bool) => "false".into(),
        FieldKind::Enum(e) => {
            let first = g.model.enum_(e).values[0];
            let ident = g.names.value(g.model, first);
            g.w.q(&ident)
        }
        FieldKind::Scalar(_) => "0".into(),
    }
}

fn gen_has_oneof(g: &mut FileGen, ctx: &Msg, o: OneofId) {
    let hasser = ctx.oneof_method(g, o, "Has");
    start_func(g, false, "");
    let t = &ctx.name;
    let mut body =
        format!("func (x *{t}) {hasser}() bool {{\n\tif x == nil {{\n\t\treturn false\n\t}}\n");
    if ctx.opaque && ctx.tracked {
        body.push_str(&format!("\t_ = x.XXX_ft_{}\n", g.names.oneof(o).go_name));
    }
    body.push_str(&format!(
        "\treturn x.{} != nil\n}}\n",
        ctx.oneof_field(g, o)
    ));
    put(g, &body);
    g.w.blank();
}

fn gen_clear_oneof(g: &mut FileGen, ctx: &Msg, o: OneofId) {
    let clearer = ctx.oneof_method(g, o, "Clear");
    start_func(g, false, "");
    let t = &ctx.name;
    let mut body = format!("func (x *{t}) {clearer}() {{\n");
    if ctx.opaque && ctx.tracked {
        body.push_str(&format!(
            "\tx.XXX_ft_{} = struct{{}}{{}}\n",
            g.names.oneof(o).go_name
        ));
    }
    body.push_str(&format!("\tx.{} = nil\n}}\n", ctx.oneof_field(g, o)));
    put(g, &body);
    g.w.blank();
}

/// The case constants and the `Which` method of each oneof.
fn gen_which(g: &mut FileGen, ctx: &Msg) {
    let model = g.model;
    let message = g.names.message(model, ctx.m).name;
    // In the order of the oneofs' first fields.
    for &first in &model.message(ctx.m).fields {
        let Some(o) = real_oneof(model.field(first)) else {
            continue;
        };
        let oneof = model.oneof(o);
        if oneof.fields[0] != first {
            continue;
        }
        let go_name = g.names.oneof(o).go_name.clone();
        let case_type = case_type_name(g, o);
        let not_set = format!("{message}_{go_name}_not_set_case");
        g.w.decl(Decl::Const, false);
        g.w.line(&format!("const {not_set} {case_type} = 0"));
        for &f in &oneof.fields {
            let case = format!("{message}_{}_case", g.names.field(f).go_name);
            g.annotate(case.clone(), &model.field(f).origin.path, None);
            g.w.decl(Decl::Const, false);
            g.w.line(&format!(
                "const {case} {case_type} = {}",
                model.field(f).number
            ));
        }
        let which = ctx.oneof_method(g, o, "Which");
        g.annotate(format!("{}.{which}", ctx.name), &oneof.origin.path, None);
        start_func(g, false, "");
        let t = &ctx.name;
        let mut body = format!(
            "func (x *{t}) {which}() {case_type} {{\n\tif x == nil {{\n\t\treturn {not_set}\n\t}}\n\tswitch x.{}.(type) {{\n",
            ctx.oneof_field(g, o)
        );
        for &f in &oneof.fields {
            body.push_str(&format!(
                "\tcase *{}:\n\t\treturn {message}_{}_case\n",
                ctx.wrapper(g, f),
                g.names.field(f).go_name
            ));
        }
        body.push_str(&format!("\tdefault:\n\t\treturn {not_set}\n\t}}\n}}\n"));
        put(g, &body);
        g.w.blank();
    }
}
