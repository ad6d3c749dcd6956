//! Messages: the struct, default-value declarations, the base methods and
//! the oneof wrapper types of every API, and the open struct API's
//! exported fields and getters (the hybrid and opaque APIs' accessors and
//! builders are in [`super::opaque`]).

use super::enums::path_indexes;
use super::file::{trailing_comment, FileGen, MATH, PROTOIMPL, PROTOREFLECT};
use super::literal::{float64, quote};
use super::names::has_presence;
use super::opaque;
use super::tags::{field_tag, StructTags};
use super::wellknown;
use super::writer::Decl;
use crate::semantic::model::features::ApiLevel;
use crate::semantic::model::{
    Cardinality, DefaultValue, Field, FieldId, FieldKind, MapValue, MessageId, OneofId, Scalar,
};

pub fn gen_message(g: &mut FileGen, m: MessageId) {
    let model = g.model;
    if model.is_map_entry(m) {
        return;
    }
    let msg = model.message(m);
    let api = g.message_api(m);
    let ident = g.names.message(model, m);
    let name = g.w.q(&ident);
    g.annotate(ident.name.clone(), &msg.origin.path, None);
    let leading = g.deprecation_suffix(&msg.origin.comments().leading, msg.options.is_deprecated());
    g.w.decl(Decl::Type, !leading.is_empty());
    g.doc_comment(&leading);
    g.w.line(&format!("type {name} struct {{"));
    g.w.end_section();
    g.w.indent();
    let state = g.w.qualify(PROTOIMPL, "MessageState");
    let api_tag = match api {
        ApiLevel::Hybrid => "hybrid.v1",
        ApiLevel::Opaque => "opaque.v1",
        _ => "open.v1",
    };
    g.w.line(&format!(
        "state\u{b}{state}\u{b}\u{b}{}",
        StructTags::new().with("protogen", api_tag)
    ));
    for &f in &msg.fields {
        if api == ApiLevel::Opaque {
            opaque::gen_struct_field(g, m, f);
        } else {
            gen_struct_field(g, m, f);
        }
    }
    if api == ApiLevel::Opaque {
        opaque::gen_internal_fields(g, m);
    }
    if !msg.extension_ranges.is_empty() {
        let t = g.w.qualify(PROTOIMPL, "ExtensionFields");
        g.w.line(&format!("extensionFields\u{b}{t}"));
    }
    let t = g.w.qualify(PROTOIMPL, "UnknownFields");
    g.w.line(&format!("unknownFields\u{b}{t}"));
    let t = g.w.qualify(PROTOIMPL, "SizeCache");
    g.w.line(&format!("sizeCache\u{b}{t}"));
    g.w.end_section();
    g.w.outdent();
    g.w.line("}");
    g.w.blank();

    wellknown::gen_message_known_functions(g, m);
    gen_default_decls(g, m, &name);
    gen_base_methods(g, m, &name);
    if api == ApiLevel::Open {
        for &f in &msg.fields {
            let field = model.field(f);
            if let Some((o, false)) = field.oneof {
                if model.oneof(o).fields[0] == f {
                    gen_oneof_getter(g, o, &name);
                }
            }
            gen_getter(g, m, f, &name);
        }
    } else {
        opaque::gen_accessors(g, m, &name);
        opaque::gen_builder(g, m, &name);
        opaque::gen_case_types(g, m);
    }
    gen_oneof_wrappers(g, m, &name);
}

fn gen_struct_field(g: &mut FileGen, m: MessageId, f: FieldId) {
    let model = g.model;
    let field = model.field(f);
    if let Some((o, false)) = field.oneof {
        let oneof = model.oneof(o);
        if oneof.fields[0] != f {
            return;
        }
        let go_name = g.names.oneof(o).go_name.clone();
        let mut comment = oneof.origin.comments().leading.clone();
        if !comment.is_empty() {
            comment.push('\n');
        }
        comment.push_str(&format!(
            " Types that are valid to be assigned to {go_name}:\n\n"
        ));
        for &member in &oneof.fields {
            comment.push_str(&format!("\t*{}\n", g.names.field(member).ident));
        }
        g.doc_comment(&comment);
        let mut tags = StructTags::new().with("protobuf_oneof", &model[oneof.name]);
        if opaque::is_tracked(g, m) {
            tags = tags.with("go", "track");
        }
        let interface = oneof_interface(g, m, o);
        g.w.line(&format!("{go_name}\u{b}{interface}\u{b}\u{b}{tags}"));
        return;
    }
    let (go_type, pointer) = field_go_type(g, field);
    let go_type = if pointer {
        format!("*{go_type}")
    } else {
        go_type
    };
    let mut tags = StructTags::new()
        .with("protobuf", &field_tag(model, field))
        .with("json", &format!("{},omitempty", &model[field.name]));
    if let FieldKind::Map { entry, .. } = field.kind {
        let entry = model.message(entry);
        let key = field_tag(model, model.field(entry.fields[0])).replace(",proto3", "");
        let value = field_tag(model, model.field(entry.fields[1])).replace(",proto3", "");
        tags = tags.with("protobuf_key", &key).with("protobuf_val", &value);
    }
    if opaque::is_tracked(g, m) {
        tags = tags.with("go", "track");
    }
    let comments = field.origin.comments();
    let leading = g.deprecation_suffix(&comments.leading, field.options.is_deprecated());
    g.doc_comment(&leading);
    let go_name = g.names.field(f).go_name.clone();
    let message = g.names.message(model, m).name;
    g.annotate(format!("{message}.{go_name}"), &field.origin.path, None);
    let code = format!("{go_name}\u{b}{go_type}\u{b}\u{b}{tags}");
    match trailing_comment(&comments.trailing) {
        Some(c) => g.w.line_with_comment(&format!("{code}\t"), &c, b'\n'),
        None => g.w.line(&code),
    }
}

pub fn oneof_interface(g: &FileGen, m: MessageId, o: OneofId) -> String {
    format!(
        "is{}_{}",
        g.names.message(g.model, m).name,
        g.names.oneof(o).go_name
    )
}

/// A field's Go type, and whether the struct field points to it.
pub fn field_go_type(g: &mut FileGen, field: &Field) -> (String, bool) {
    let model = g.model;
    let (base, mut pointer) = match field.kind {
        FieldKind::Scalar(s) => (scalar_go_type(s).to_string(), s != Scalar::Bytes),
        FieldKind::Enum(e) => {
            let ident = g.names.enum_(model, e);
            (g.w.q(&ident), true)
        }
        FieldKind::Message(msg) => {
            let ident = g.names.message(model, msg);
            (format!("*{}", g.w.q(&ident)), false)
        }
        FieldKind::Map { key, value, .. } => {
            let key = scalar_go_type(key).to_string();
            let value = match value {
                MapValue::Scalar(s) => scalar_go_type(s).to_string(),
                MapValue::Enum(e) => {
                    let ident = g.names.enum_(model, e);
                    g.w.q(&ident)
                }
                MapValue::Message(msg) => {
                    let ident = g.names.message(model, msg);
                    format!("*{}", g.w.q(&ident))
                }
            };
            return (format!("map[{key}]{value}"), false);
        }
    };
    if field.cardinality == Cardinality::Repeated {
        return (format!("[]{base}"), false);
    }
    if !has_presence(field) {
        pointer = false;
    }
    (base, pointer)
}

pub fn scalar_go_type(s: Scalar) -> &'static str {
    match s {
        Scalar::Bool => "bool",
        Scalar::Int32 | Scalar::Sint32 | Scalar::Sfixed32 => "int32",
        Scalar::Uint32 | Scalar::Fixed32 => "uint32",
        Scalar::Int64 | Scalar::Sint64 | Scalar::Sfixed64 => "int64",
        Scalar::Uint64 | Scalar::Fixed64 => "uint64",
        Scalar::Float => "float32",
        Scalar::Double => "float64",
        Scalar::String => "string",
        Scalar::Bytes => "[]byte",
    }
}

/// `Default_<Message>_<Field>` constants and variables.
fn gen_default_decls(g: &mut FileGen, m: MessageId, message: &str) {
    let model = g.model;
    let mut consts: Vec<(String, String, String)> = Vec::new();
    let mut vars: Vec<(String, String)> = Vec::new();
    for &f in &model.message(m).fields {
        let field = model.field(f);
        let Some(default) = &field.default else {
            continue;
        };
        let name = format!("Default_{message}_{}", g.names.field(f).go_name);
        let (go_type, _) = field_go_type(g, field);
        match default {
            DefaultValue::String(s) => consts.push((
                name,
                format!("{go_type}({})", quote(s.as_bytes())),
                String::new(),
            )),
            DefaultValue::Bytes(b) => vars.push((name, format!("{go_type}({})", quote(b)))),
            DefaultValue::Enum(v) => {
                let value = model.enum_value(*v);
                let value_ident = g.names.value(model, *v);
                if value_ident.import_path == g.import_path() {
                    let q = g.w.q(&value_ident);
                    consts.push((name, q, String::new()));
                } else {
                    let enum_ident = g.names.enum_(model, value.enum_);
                    let e = g.w.q(&enum_ident);
                    let q = g.w.q(&value_ident);
                    consts.push((name, format!("{e}({})", value.number), format!("// {q}")));
                }
            }
            DefaultValue::Float(x) if x.is_nan() || x.is_infinite() => {
                let math = if x.is_nan() {
                    format!("{}()", g.w.qualify(MATH, "NaN"))
                } else if *x > 0.0 {
                    format!("{}(+1)", g.w.qualify(MATH, "Inf"))
                } else {
                    format!("{}(-1)", g.w.qualify(MATH, "Inf"))
                };
                vars.push((name, format!("{go_type}({math})")));
            }
            DefaultValue::Float(x) => {
                let text = if matches!(field.kind, FieldKind::Scalar(Scalar::Float)) {
                    // The value Go holds is the float32 widened.
                    float64((*x as f32) as f64)
                } else {
                    float64(*x)
                };
                consts.push((name, format!("{go_type}({text})"), String::new()));
            }
            DefaultValue::Bool(b) => consts.push((name, format!("{go_type}({b})"), String::new())),
            DefaultValue::Int(i) => consts.push((name, format!("{go_type}({i})"), String::new())),
            DefaultValue::Uint(u) => consts.push((name, format!("{go_type}({u})"), String::new())),
        }
    }
    if !consts.is_empty() {
        g.w.decl(Decl::Const, true);
        g.w.comment_lines(&[format!("// Default values for {message} fields.")]);
        g.w.line("const (");
        g.w.end_section();
        g.w.indent();
        for (name, value, comment) in &consts {
            if comment.is_empty() {
                g.w.line(&format!("{name}\u{b}= {value}"));
            } else {
                g.w.line_with_comment(&format!("{name}\u{b}= {value}\u{b}\u{b}"), comment, b'\n');
            }
        }
        g.w.end_section();
        g.w.outdent();
        g.w.line(")");
    }
    if !vars.is_empty() {
        g.w.decl(Decl::Var, true);
        g.w.comment_lines(&[format!("// Default values for {message} fields.")]);
        g.w.line("var (");
        g.w.end_section();
        g.w.indent();
        for (name, value) in &vars {
            g.w.line(&format!("{name}\u{b}= {value}"));
        }
        g.w.end_section();
        g.w.outdent();
        g.w.line(")");
    }
    g.w.blank();
}

fn gen_base_methods(g: &mut FileGen, m: MessageId, name: &str) {
    let idx = g.message_index(m).to_string();
    let types = g.var("msgTypes");
    let x = g.w.qualify(PROTOIMPL, "X");
    let pointer = g.w.qualify(PROTOIMPL, "Pointer");
    g.w.decl(Decl::Func, false);
    g.w.emit(
        "func (x *$T$) Reset() {
	*x = $T${}
	mi := &$types$[$idx$]
	ms := $X$.MessageStateOf($Pointer$(x))
	ms.StoreMessageInfo(mi)
}

func (x *$T$) String() string {
	return $X$.MessageStringOf(x)
}
",
        &[
            ("T", name),
            ("types", &types),
            ("idx", &idx),
            ("X", &x),
            ("Pointer", &pointer),
        ],
    );
    g.w.blank();
    g.w.empty_func(&format!("func (*{name}) ProtoMessage()"));
    g.w.blank();
    let message = g.w.qualify(PROTOREFLECT, "Message");
    g.w.emit(
        "func (x *$T$) ProtoReflect() $Message$ {
	mi := &$types$[$idx$]
	if x != nil {
		ms := $X$.MessageStateOf($Pointer$(x))
		if ms.LoadMessageInfo() == nil {
			ms.StoreMessageInfo(mi)
		}
		return ms
	}
	return mi.MessageOf(x)
}
",
        &[
            ("T", name),
            ("Message", &message),
            ("types", &types),
            ("idx", &idx),
            ("X", &x),
            ("Pointer", &pointer),
        ],
    );
    g.w.blank();
    // Only messages of the open API (as declared: the opaque variant of a
    // hybrid file keeps them) have the legacy descriptor method.
    if g.names.message_api(m) != ApiLevel::Open {
        return;
    }
    let indexes = path_indexes(&g.model.message(m).origin.path);
    let gzip = format!("{}GZIP", g.var("rawDesc"));
    g.w.comment_lines(&[format!(
        "// Deprecated: Use {name}.ProtoReflect.Descriptor instead."
    )]);
    g.w.emit(
        "func (*$T$) Descriptor() ([]byte, []int) {
	return $gzip$(), []int{$indexes$}
}
",
        &[("T", name), ("gzip", &gzip), ("indexes", &indexes)],
    );
    g.w.blank();
    g.need_raw_desc = true;
}

pub fn gen_oneof_getter(g: &mut FileGen, o: OneofId, message: &str) {
    let m = g.model.oneof(o).message;
    if opaque::is_tracked(g, m) {
        g.w.decl(Decl::Func, true);
        g.w.comment_lines(&["//go:nointerface"]);
    }
    let interface = oneof_interface(g, m, o);
    let go_name = g.names.oneof(o).go_name.clone();
    let path = &g.model.oneof(o).origin.path;
    g.annotate(format!("{message}.Get{go_name}"), path, None);
    g.w.emit(
        "func (x *$T$) Get$Name$() $I$ {
	if x != nil {
		return x.$Name$
	}
	return nil
}
",
        &[("T", message), ("Name", &go_name), ("I", &interface)],
    );
    g.w.blank();
}

fn gen_getter(g: &mut FileGen, m: MessageId, f: FieldId, message: &str) {
    let model = g.model;
    let field = model.field(f);
    let (go_type, pointer) = field_go_type(g, field);
    let default = default_value(g, m, f);
    let deprecation = g.deprecation_suffix("", field.options.is_deprecated());
    opaque::start_func(g, opaque::is_tracked(g, m), &deprecation);
    let go_name = g.names.field(f).go_name.clone();
    g.annotate(format!("{message}.Get{go_name}"), &field.origin.path, None);
    if let Some((o, false)) = field.oneof {
        let oneof_name = g.names.oneof(o).go_name.clone();
        let wrapper = g.names.field(f).ident.clone();
        g.w.emit(
            "func (x *$T$) Get$Name$() $Type$ {
	if x != nil {
		if x, ok := x.$Oneof$.(*$Wrapper$); ok {
			return x.$Name$
		}
	}
	return $default$
}
",
            &[
                ("T", message),
                ("Name", &go_name),
                ("Type", &go_type),
                ("Oneof", &oneof_name),
                ("Wrapper", &wrapper),
                ("default", &default),
            ],
        );
        g.w.blank();
        return;
    }
    let condition = if !has_presence(field) || default == "nil" {
        "x != nil".to_string()
    } else {
        format!("x != nil && x.{go_name} != nil")
    };
    let star = if pointer { "*" } else { "" };
    g.w.emit(
        "func (x *$T$) Get$Name$() $Type$ {
	if $condition$ {
		return $star$x.$Name$
	}
	return $default$
}
",
        &[
            ("T", message),
            ("Name", &go_name),
            ("Type", &go_type),
            ("condition", &condition),
            ("star", star),
            ("default", &default),
        ],
    );
    g.w.blank();
}

/// What a getter returns when the field is unset.
pub fn default_value(g: &mut FileGen, m: MessageId, f: FieldId) -> String {
    let model = g.model;
    let field = model.field(f);
    if field.cardinality == Cardinality::Repeated {
        return "nil".into();
    }
    if field.default.is_some() {
        let name = format!(
            "Default_{}_{}",
            g.names.message(model, m).name,
            g.names.field(f).go_name
        );
        if matches!(field.kind, FieldKind::Scalar(Scalar::Bytes)) {
            return format!("append([]byte(nil), {name}...)");
        }
        return name;
    }
    match field.kind {
        FieldKind::Scalar(Scalar::Bool) => "false".into(),
        FieldKind::Scalar(Scalar::String) => "\"\"".into(),
        FieldKind::Scalar(Scalar::Bytes) | FieldKind::Message(_) | FieldKind::Map { .. } => {
            "nil".into()
        }
        FieldKind::Enum(e) => {
            let first = model.enum_(e).values[0];
            let value_ident = g.names.value(model, first);
            if value_ident.import_path == g.import_path() {
                g.w.q(&value_ident)
            } else {
                let enum_ident = g.names.enum_(model, e);
                format!("{}({})", g.w.q(&enum_ident), model.enum_value(first).number)
            }
        }
        FieldKind::Scalar(_) => "0".into(),
    }
}

fn gen_oneof_wrappers(g: &mut FileGen, m: MessageId, _message: &str) {
    let model = g.model;
    // The opaque API's wrapper types are unexported.
    let unexport = g.message_api(m) == ApiLevel::Opaque;
    let wrapper_name = |g: &FileGen, f: FieldId| {
        let ident = &g.names.field(f).ident;
        if unexport {
            opaque::unexport(ident)
        } else {
            ident.clone()
        }
    };
    for &o in &model.message(m).oneofs {
        let oneof = model.oneof(o);
        if oneof.synthetic {
            continue;
        }
        let interface = oneof_interface(g, m, o);
        g.w.decl(Decl::Type, false);
        g.w.emit(
            "type $I$ interface {
	$I$()
}
",
            &[("I", &interface)],
        );
        g.w.blank();
        for &f in &oneof.fields {
            let field = model.field(f);
            let wrapper = wrapper_name(g, f);
            let path = &field.origin.path;
            g.annotate(wrapper.clone(), path, None);
            g.annotate(
                format!("{wrapper}.{}", g.names.field(f).go_name),
                path,
                None,
            );
            g.w.line(&format!("type {wrapper} struct {{"));
            g.w.end_section();
            g.w.indent();
            let (go_type, _) = field_go_type(g, field);
            let tags = StructTags::new().with("protobuf", &field_tag(model, field));
            let comments = field.origin.comments();
            let leading = g.deprecation_suffix(&comments.leading, field.options.is_deprecated());
            g.doc_comment(&leading);
            let go_name = &g.names.field(f).go_name;
            let code = format!("{go_name} {go_type} {tags}");
            match trailing_comment(&comments.trailing) {
                Some(c) => g.w.line_with_comment(&format!("{code}\t"), &c, b'\x0c'),
                None => g.w.line_ff(&code),
            }
            g.w.outdent();
            g.w.line("}");
            g.w.blank();
        }
        for &f in &oneof.fields {
            let wrapper = wrapper_name(g, f);
            g.w.empty_func(&format!("func (*{wrapper}) {interface}()"));
            g.w.blank();
        }
    }
}

/// The Go type of a field in an extension declaration.
pub fn extension_go_type(g: &mut FileGen, field: &Field) -> String {
    // An extension always has presence: singular scalars and enums are
    // pointers even in proto3 files.
    let (go_type, pointer) = field_go_type(g, field);
    if pointer {
        format!("*{go_type}")
    } else {
        go_type
    }
}
