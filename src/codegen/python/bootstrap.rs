//! The parts of `descriptor_pb2.py` that only descriptor.proto gets: the
//! pure-Python runtime cannot build descriptor.proto from its serialized
//! form (it needs descriptor.proto to read it), so protoc writes out every
//! descriptor as Python constructor calls, with resolved features.

use super::names::{enum_descriptor_name, is_keyword, message_descriptor_name, module_alias};
use crate::codegen::printer::Printer;
use crate::descriptor::edition::Edition;
use crate::semantic::model::options::Retention;
use crate::semantic::model::{
    Cardinality, DefaultValue, Entity, EnumId, Features, Field, FieldKind, FileId, MessageId,
    Model, Scalar, Scope,
};
use crate::semantic::text::{c_escape, simple_dtoa, simple_ftoa};

/// Whether this file is descriptor.proto, which gets the pure-Python path.
pub fn is_descriptor_proto(name: &str) -> bool {
    name == "google/protobuf/descriptor.proto" || name == "net/proto2/proto/descriptor.proto"
}

/// What the bootstrap printers need about the file.
pub struct Ctx<'a> {
    model: &'a Model,
    file: FileId,
    /// The features the runtime resolves: `FeatureSet`'s enum fields kept
    /// at runtime, as (field name, its enum) in field-number order; `None`
    /// when there is no `google.protobuf.FeatureSet`.
    runtime_features: Option<Vec<(&'a str, EnumId)>>,
}

impl<'a> Ctx<'a> {
    pub fn new(model: &'a Model, file: FileId) -> Ctx<'a> {
        let feature_set = model
            .messages
            .iter()
            .find(|m| &model[m.full_name] == "google.protobuf.FeatureSet");
        let runtime_features = feature_set.map(|m| {
            let mut fields: Vec<&Field> = m.fields.iter().map(|&f| model.field(f)).collect();
            fields.sort_by_key(|f| f.number);
            fields
                .into_iter()
                .filter(|f| f.options.retention != Some(Retention::Source))
                .filter_map(|f| match f.kind {
                    FieldKind::Enum(e) => Some((&model[f.name], e)),
                    _ => None,
                })
                .collect()
        });
        Ctx {
            model,
            file,
            runtime_features,
        }
    }
}

/// `serialized_options` of an entity: its runtime options, or `None`.
fn opt(cx: &Ctx, entity: impl Into<Entity>) -> String {
    match cx.model.runtime_options(entity).filter(|o| !o.is_empty()) {
        Some(b) => format!("b'{}'", c_escape(b)),
        None => "None".into(),
    }
}

fn python_bool(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}

/// `DESCRIPTOR = _descriptor.FileDescriptor(...)` for the pure-Python runtime.
pub fn file_descriptor(p: &mut Printer, cx: &Ctx, hex_serialized: &str) {
    let f = cx.model.file(cx.file);
    let syntax = if f.edition == Edition::PROTO3 {
        "proto3"
    } else if f.edition.is_editions() {
        "editions"
    } else {
        "proto2"
    };
    let edition = format!("EDITION_{}", f.edition);
    p.raw("if not _descriptor._USE_C_DESCRIPTORS:\n");
    p.indent();
    p.print(
        "DESCRIPTOR = _descriptor.FileDescriptor(\n  name='$name$',\n  package='$package$',\n  syntax='$syntax$',\n  edition='$edition$',\n  serialized_options=$options$,\n  create_key=_descriptor._internal_create_key,\n",
        &[
            ("name", &cx.model[f.name]),
            ("package", &cx.model[f.package]),
            ("syntax", syntax),
            ("edition", &edition),
            ("options", &opt(cx, cx.file)),
        ],
    );
    p.indent();
    p.print("serialized_pb=b'$v$'\n", &[("v", hex_serialized)]);
    if !f.imports.is_empty() {
        p.raw(",\ndependencies=[");
        for import in &f.imports {
            p.print(
                "$a$.DESCRIPTOR,",
                &[(
                    "a",
                    &module_alias(&cx.model[cx.model.file(import.file).name]),
                )],
            );
        }
        p.raw("]");
    }
    p.outdent();
    p.raw(")\n");
    p.outdent();
    p.raw("else:\n");
    p.indent();
}

/// Enum descriptors: top-level enums, then each message's (nested first).
pub fn all_enums(p: &mut Printer, cx: &Ctx) {
    fn nested(p: &mut Printer, cx: &Ctx, m: MessageId) {
        let msg = cx.model.message(m);
        for &n in &msg.messages {
            nested(p, cx, n);
        }
        for &e in &msg.enums {
            enum_descriptor(p, cx, e);
        }
    }
    let f = cx.model.file(cx.file);
    for &e in &f.enums {
        enum_descriptor(p, cx, e);
    }
    for &m in &f.messages {
        nested(p, cx, m);
    }
}

fn enum_descriptor(p: &mut Printer, cx: &Ctx, e: EnumId) {
    let en = cx.model.enum_(e);
    let dn = enum_descriptor_name(cx.model, e);
    p.print(
        "$d$ = _descriptor.EnumDescriptor(\n  name='$n$',\n  full_name='$f$',\n  filename=None,\n  file=DESCRIPTOR,\n  create_key=_descriptor._internal_create_key,\n  values=[\n",
        &[("d", &dn), ("n", &cx.model[en.name]), ("f", &cx.model[en.full_name])],
    );
    p.indent();
    p.indent();
    for (i, &v) in en.values.iter().enumerate() {
        let value = cx.model.enum_value(v);
        p.print(
            "_descriptor.EnumValueDescriptor(\n  name='$n$', index=$i$, number=$num$,\n  serialized_options=$o$,\n  type=None,\n  create_key=_descriptor._internal_create_key)",
            &[
                ("n", &cx.model[value.name]),
                ("i", &i.to_string()),
                ("num", &value.number.to_string()),
                ("o", &opt(cx, v)),
            ],
        );
        p.raw(",\n");
    }
    p.outdent();
    p.print(
        "],\ncontaining_type=None,\nserialized_options=$o$,\n",
        &[("o", &opt(cx, e))],
    );
    p.outdent();
    p.raw(")\n");
    p.print("_sym_db.RegisterEnumDescriptor($d$)\n\n", &[("d", &dn)]);
}

/// Message descriptors, each after its nested messages.
pub fn all_messages(p: &mut Printer, cx: &Ctx) {
    for &m in &cx.model.file(cx.file).messages {
        message_descriptor(p, cx, m);
        p.raw("\n");
    }
}

fn message_descriptor(p: &mut Printer, cx: &Ctx, m: MessageId) {
    let model = cx.model;
    let msg = model.message(m);
    for &n in &msg.messages {
        message_descriptor(p, cx, n);
    }
    let dn = message_descriptor_name(model, m);
    p.raw("\n");
    p.print("$d$ = _descriptor.Descriptor(\n", &[("d", &dn)]);
    p.indent();
    p.print(
        "name='$n$',\nfull_name='$f$',\nfilename=None,\nfile=DESCRIPTOR,\ncontaining_type=None,\ncreate_key=_descriptor._internal_create_key,\n",
        &[("n", &model[msg.name]), ("f", &model[msg.full_name])],
    );
    p.raw("fields=[\n");
    p.indent();
    for (i, &f) in msg.fields.iter().enumerate() {
        field_descriptor(p, cx, f.into(), model.field(f), i);
        p.raw(",\n");
    }
    p.outdent();
    p.raw("],\n");
    p.raw("extensions=[\n");
    p.indent();
    for (i, &x) in msg.extensions.iter().enumerate() {
        field_descriptor(p, cx, x.into(), model.extension(x), i);
        p.raw(",\n");
    }
    p.outdent();
    p.raw("],\n");
    p.raw("nested_types=[");
    for &n in &msg.messages {
        p.print("$n$, ", &[("n", &message_descriptor_name(model, n))]);
    }
    p.raw("],\n");
    p.raw("enum_types=[\n");
    p.indent();
    for &e in &msg.enums {
        p.raw(&enum_descriptor_name(model, e));
        p.raw(",\n");
    }
    p.outdent();
    p.raw("],\n");
    p.print(
        "serialized_options=$o$,\nis_extendable=$x$,\n",
        &[
            ("o", &opt(cx, m)),
            ("x", python_bool(!msg.extension_ranges.is_empty())),
        ],
    );
    p.raw("extension_ranges=[");
    for r in &msg.extension_ranges {
        p.print(
            "($s$, $e$), ",
            &[
                ("s", &r.range.start.to_string()),
                ("e", &r.range.end.to_string()),
            ],
        );
    }
    p.raw("],\n");
    p.raw("oneofs=[\n");
    p.indent();
    for (i, &o) in msg.oneofs.iter().enumerate() {
        let oneof = model.oneof(o);
        let options = match opt(cx, o).as_str() {
            "None" => String::new(),
            v => format!(", serialized_options={v}"),
        };
        p.print(
            "_descriptor.OneofDescriptor(\n  name='$n$', full_name='$f$',\n  index=$i$, containing_type=None,\n  create_key=_descriptor._internal_create_key,\nfields=[]$o$),\n",
            &[
                ("n", &model[oneof.name]),
                ("f", &model[oneof.full_name]),
                ("i", &i.to_string()),
                ("o", &options),
            ],
        );
    }
    p.outdent();
    p.raw("],\n");
    p.outdent();
    p.raw(")\n");
}

/// `FieldDescriptor.CPPTYPE_*` of what a field holds.
fn cpp_type(kind: FieldKind) -> u32 {
    match kind {
        FieldKind::Scalar(s) => match s {
            Scalar::Int32 | Scalar::Sint32 | Scalar::Sfixed32 => 1,
            Scalar::Int64 | Scalar::Sint64 | Scalar::Sfixed64 => 2,
            Scalar::Uint32 | Scalar::Fixed32 => 3,
            Scalar::Uint64 | Scalar::Fixed64 => 4,
            Scalar::Double => 5,
            Scalar::Float => 6,
            Scalar::Bool => 7,
            Scalar::String | Scalar::Bytes => 9,
        },
        FieldKind::Enum(_) => 8,
        FieldKind::Message(_) | FieldKind::Map { .. } => 10,
    }
}

/// `FieldDescriptor.LABEL_*` of a field.
fn label(cardinality: Cardinality) -> u32 {
    match cardinality {
        Cardinality::Optional => 1,
        Cardinality::Required => 2,
        Cardinality::Repeated => 3,
    }
}

/// The Python expression of a field's default value.
fn default_value(model: &Model, f: &Field) -> String {
    if f.cardinality == Cardinality::Repeated {
        return "[]".into();
    }
    let float = |x: f64, fmt: &dyn Fn(f64) -> String| match x {
        x if x == f64::INFINITY => "1e10000".to_string(),
        x if x == f64::NEG_INFINITY => "-1e10000".to_string(),
        x if x.is_nan() => "(1e10000 * 0)".to_string(),
        x => format!("float({})", fmt(x)),
    };
    let given = f.default.as_ref();
    let given_float = match given {
        Some(DefaultValue::Float(x)) => *x,
        _ => 0.0,
    };
    match f.kind {
        FieldKind::Scalar(Scalar::Double) => float(given_float, &simple_dtoa),
        FieldKind::Scalar(Scalar::Float) => float(given_float, &|x| simple_ftoa(x as f32)),
        FieldKind::Scalar(Scalar::Bool) => {
            python_bool(matches!(given, Some(DefaultValue::Bool(true)))).into()
        }
        FieldKind::Scalar(Scalar::String) => {
            let s = match given {
                Some(DefaultValue::String(s)) => s.as_str(),
                _ => "",
            };
            format!("b\"{}\".decode('utf-8')", c_escape(s.as_bytes()))
        }
        FieldKind::Scalar(Scalar::Bytes) => {
            let b = match given {
                Some(DefaultValue::Bytes(b)) => b.as_slice(),
                _ => &[],
            };
            format!("b\"{}\"", c_escape(b))
        }
        FieldKind::Scalar(_) => match given {
            Some(DefaultValue::Int(i)) => i.to_string(),
            Some(DefaultValue::Uint(u)) => u.to_string(),
            _ => "0".into(),
        },
        FieldKind::Enum(e) => {
            let value = match given {
                Some(DefaultValue::Enum(v)) => Some(*v),
                _ => model.enum_(e).values.first().copied(),
            };
            value.map_or(0, |v| model.enum_value(v).number).to_string()
        }
        FieldKind::Message(_) | FieldKind::Map { .. } => "None".into(),
    }
}

/// A field's or extension's constructor, its `index`th in its message.
fn field_descriptor(p: &mut Printer, cx: &Ctx, entity: Entity, f: &Field, index: usize) {
    let json = cx
        .model
        .runtime_json_name(entity)
        .map(|j| format!(", json_name='{j}'"))
        .unwrap_or_default();
    p.print(
        "_descriptor.FieldDescriptor(\n  name='$n$', full_name='$f$', index=$i$,\n  number=$num$, type=$t$, cpp_type=$c$, label=$l$,\n  has_default_value=$h$, default_value=$d$,\n  message_type=None, enum_type=None, containing_type=None,\n  is_extension=$x$, extension_scope=None,\n  serialized_options=$o$$j$, file=DESCRIPTOR,  create_key=_descriptor._internal_create_key)",
        &[
            ("n", &cx.model[f.name]),
            ("f", &cx.model[f.full_name]),
            ("i", &index.to_string()),
            ("num", &f.number.to_string()),
            ("t", &(f.descriptor_type() as i32).to_string()),
            ("c", &cpp_type(f.kind).to_string()),
            ("l", &label(f.cardinality).to_string()),
            ("h", python_bool(f.default.is_some())),
            ("d", &default_value(cx.model, f)),
            ("x", python_bool(matches!(entity, Entity::Extension(_)))),
            ("o", &opt(cx, entity)),
            ("j", &json),
        ],
    );
}

/// Links fields to their types, nested descriptors to their parents and
/// oneofs to their fields; then registers the file's entities.
pub fn fix_foreign_fields(p: &mut Printer, cx: &Ctx) {
    fn message(p: &mut Printer, model: &Model, m: MessageId) {
        let msg = model.message(m);
        let dn = message_descriptor_name(model, m);
        for &n in &msg.messages {
            message(p, model, n);
        }
        for &f in &msg.fields {
            let field = model.field(f);
            let field_ref = format!("{dn}.fields_by_name['{}']", &model[field.name]);
            match field.kind {
                FieldKind::Message(t) | FieldKind::Map { entry: t, .. } => p.print(
                    "$r$.message_type = $t$\n",
                    &[("r", &field_ref), ("t", &message_descriptor_name(model, t))],
                ),
                FieldKind::Enum(e) => p.print(
                    "$r$.enum_type = $t$\n",
                    &[("r", &field_ref), ("t", &enum_descriptor_name(model, e))],
                ),
                FieldKind::Scalar(_) => {}
            }
        }
        if let Scope::Message(parent) = msg.parent {
            p.print(
                "$n$.containing_type = $p$\n",
                &[("n", &dn), ("p", &message_descriptor_name(model, parent))],
            );
        }
        for &e in &msg.enums {
            p.print(
                "$n$.containing_type = $p$\n",
                &[("n", &enum_descriptor_name(model, e)), ("p", &dn)],
            );
        }
        for &o in &msg.oneofs {
            let oneof = model.oneof(o);
            for &f in &oneof.fields {
                let vars = [
                    ("d", dn.as_str()),
                    ("o", &model[oneof.name]),
                    ("f", &model[model.field(f).name]),
                ];
                p.print(
                    "$d$.oneofs_by_name['$o$'].fields.append(\n  $d$.fields_by_name['$f$'])\n",
                    &vars,
                );
                p.print(
                    "$d$.fields_by_name['$f$'].containing_oneof = $d$.oneofs_by_name['$o$']\n",
                    &vars,
                );
            }
        }
    }
    let model = cx.model;
    let f = model.file(cx.file);
    for &m in &f.messages {
        message(p, model, m);
    }
    for &m in &f.messages {
        p.print(
            "DESCRIPTOR.message_types_by_name['$n$'] = $d$\n",
            &[
                ("n", &model[model.message(m).name]),
                ("d", &message_descriptor_name(model, m)),
            ],
        );
    }
    for &e in &f.enums {
        p.print(
            "DESCRIPTOR.enum_types_by_name['$n$'] = $d$\n",
            &[
                ("n", &model[model.enum_(e).name]),
                ("d", &enum_descriptor_name(model, e)),
            ],
        );
    }
    for &x in &f.extensions {
        let n = &model[model.extension(x).name];
        let resolved = if is_keyword(n) {
            format!("globals()['{n}']")
        } else {
            n.to_string()
        };
        p.print(
            "DESCRIPTOR.extensions_by_name['$n$'] = $r$\n",
            &[("n", n), ("r", &resolved)],
        );
    }
    p.raw("_sym_db.RegisterFileDescriptor(DESCRIPTOR)\n\n");
}

/// The number of a feature's resolved value, by its `FeatureSet` field
/// name; `None` for a feature the model does not resolve, or a value its
/// enum does not define.
fn feature_number(features: &Features, name: &str) -> Option<u64> {
    match name {
        "field_presence" => features.field_presence().number(),
        "enum_type" => features.enum_type().number(),
        "repeated_field_encoding" => features.repeated_field_encoding().number(),
        "utf8_validation" => features.utf8_validation().number(),
        "message_encoding" => features.message_encoding().number(),
        "json_format" => features.json_format().number(),
        "enforce_naming_style" => features.enforce_naming_style().number(),
        "default_symbol_visibility" => features.default_symbol_visibility().number(),
        _ => None,
    }
}

/// Resolved features as a `_ResolvedFeatures` call naming the value of
/// each runtime feature.
fn resolved(cx: &Ctx, features: &Features) -> String {
    let Some(runtime_features) = &cx.runtime_features else {
        return "None".into();
    };
    let mut args = Vec::new();
    for &(name, e) in runtime_features {
        let number = feature_number(features, name);
        let values = &cx.model.enum_(e).values;
        let value_name = values
            .iter()
            .map(|&v| cx.model.enum_value(v))
            .find(|v| number == Some(v.number as u64))
            .map_or("", |v| &cx.model[v.name]);
        args.push(format!(
            "{name}={}.values_by_name[\"{value_name}\"].number",
            enum_descriptor_name(cx.model, e)
        ));
    }
    format!("_ResolvedFeatures({})", args.join(","))
}

/// Resolved features on every descriptor, computed here because the
/// pure-Python runtime cannot resolve them for descriptor.proto itself.
pub fn resolved_features(p: &mut Printer, cx: &Ctx) {
    let model = cx.model;
    p.raw(
        "class _ResolvedFeatures:\n  def __init__(self, features = None, **kwargs):\n    if features:\n      for k, v in features.FIELDS.items():\n        setattr(self, k, getattr(features, k))\n    else:\n      for k, v in kwargs.items():\n        setattr(self, k, v)\n",
    );
    let f = model.file(cx.file);
    p.print(
        "DESCRIPTOR._features = $f$\n",
        &[("f", &resolved(cx, &f.features))],
    );
    fn messages(p: &mut Printer, cx: &Ctx, m: MessageId) {
        let model = cx.model;
        let msg = model.message(m);
        let dn = message_descriptor_name(model, m);
        p.print(
            "$d$._features = $f$\n",
            &[("d", &dn), ("f", &resolved(cx, &msg.features))],
        );
        // Fields, then oneofs, then extensions, each by index.
        let members: [(&str, Vec<&Features>); 3] = [
            (
                "fields",
                msg.fields
                    .iter()
                    .map(|&f| &model.field(f).features)
                    .collect(),
            ),
            (
                "oneofs",
                msg.oneofs
                    .iter()
                    .map(|&o| &model.oneof(o).features)
                    .collect(),
            ),
            (
                "extensions",
                msg.extensions
                    .iter()
                    .map(|&x| &model.extension(x).features)
                    .collect(),
            ),
        ];
        for (attr, features) in members {
            for (i, features) in features.into_iter().enumerate() {
                p.print(
                    "$d$.$a$[$i$]._features = $f$\n",
                    &[
                        ("d", &dn),
                        ("a", attr),
                        ("i", &i.to_string()),
                        ("f", &resolved(cx, features)),
                    ],
                );
            }
        }
        for &n in &msg.messages {
            messages(p, cx, n);
        }
    }
    for &m in &f.messages {
        messages(p, cx, m);
    }
    fn enum_lines(p: &mut Printer, cx: &Ctx, e: EnumId) {
        let en = cx.model.enum_(e);
        let dn = enum_descriptor_name(cx.model, e);
        p.print(
            "$d$._features = $f$\n",
            &[("d", &dn), ("f", &resolved(cx, &en.features))],
        );
        for (i, &v) in en.values.iter().enumerate() {
            p.print(
                "$d$.values[$i$]._features = $f$\n",
                &[
                    ("d", &dn),
                    ("i", &i.to_string()),
                    ("f", &resolved(cx, &cx.model.enum_value(v).features)),
                ],
            );
        }
    }
    // Each message's enums, then its nested messages'.
    fn message_enums(p: &mut Printer, cx: &Ctx, m: MessageId) {
        let msg = cx.model.message(m);
        for &e in &msg.enums {
            enum_lines(p, cx, e);
        }
        for &n in &msg.messages {
            message_enums(p, cx, n);
        }
    }
    for &m in &f.messages {
        message_enums(p, cx, m);
    }
    for &e in &f.enums {
        enum_lines(p, cx, e);
    }
}
