//! The parts of `descriptor_pb2.py` that only descriptor.proto gets: the
//! pure-Python runtime cannot build descriptor.proto from its serialized
//! form (it needs descriptor.proto to read it), so protoc writes out every
//! descriptor as Python constructor calls, with resolved features.

use super::names::descriptor_name;
use crate::codegen::printer::Printer;
use crate::descriptor::tags::*;
use crate::descriptor::wire::find_varint;
use crate::descriptor::{self as d, Label, Type};
use crate::semantic::features::feature_at;
use crate::semantic::pool::{Pool, SymKind};
use crate::semantic::text::{c_escape, simple_dtoa, simple_ftoa};

/// Whether this file is descriptor.proto, which gets the pure-Python path.
pub fn is_descriptor_proto(name: &str) -> bool {
    name == "google/protobuf/descriptor.proto" || name == "net/proto2/proto/descriptor.proto"
}

/// What the bootstrap printers need about the file.
pub struct Ctx<'a> {
    pub pool: &'a Pool,
    pub file: usize,
    /// The file as embedded: options stripped of source retention.
    pub fd: &'a d::FileDescriptorProto,
}

fn opt(options: Option<&[u8]>) -> String {
    match options.filter(|o| !o.is_empty()) {
        Some(b) => format!("b'{}'", c_escape(b)),
        None => "None".into(),
    }
}

fn nm(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("")
}

/// `DESCRIPTOR = _descriptor.FileDescriptor(...)` for the pure-Python runtime.
pub fn file_descriptor(p: &mut Printer, cx: &Ctx, hex_serialized: &str) {
    let syntax = match cx.fd.syntax.as_deref() {
        Some("proto3") => "proto3",
        Some("editions") => "editions",
        _ => "proto2",
    };
    let edition = format!("EDITION_{}", cx.pool.files[cx.file].edition);
    p.raw("if not _descriptor._USE_C_DESCRIPTORS:\n");
    p.indent();
    p.print(
        "DESCRIPTOR = _descriptor.FileDescriptor(\n  name='$name$',\n  package='$package$',\n  syntax='$syntax$',\n  edition='$edition$',\n  serialized_options=$options$,\n  create_key=_descriptor._internal_create_key,\n",
        &[
            ("name", nm(&cx.fd.name)),
            ("package", nm(&cx.fd.package)),
            ("syntax", syntax),
            ("edition", &edition),
            ("options", &opt(cx.fd.options.as_deref())),
        ],
    );
    p.indent();
    p.print("serialized_pb=b'$v$'\n", &[("v", hex_serialized)]);
    let entry = &cx.pool.files[cx.file];
    if !entry.deps.is_empty() {
        p.raw(",\ndependencies=[");
        for &dep in &entry.deps {
            p.print(
                "$a$.DESCRIPTOR,",
                &[("a", &super::names::module_alias(&cx.pool.files[dep].name))],
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

/// The source path of the `index`th entity of kind `kind` under `path`.
fn child(path: &[i32], kind: u32, index: usize) -> Vec<i32> {
    let mut p = path.to_vec();
    p.extend([kind as i32, index as i32]);
    p
}

/// Names of nested entities, outermost first.
type Nesting<'a> = Vec<&'a str>;

/// Enum descriptors: top-level enums, then each message's (nested first).
pub fn all_enums(p: &mut Printer, cx: &Ctx) {
    for e in &cx.fd.enum_type {
        enum_descriptor(p, cx, e, &[]);
    }
    fn nested<'a>(p: &mut Printer, cx: &Ctx, m: &'a d::DescriptorProto, n: &mut Nesting<'a>) {
        n.push(nm(&m.name));
        for child in &m.nested_type {
            nested(p, cx, child, n);
        }
        for e in &m.enum_type {
            enum_descriptor(p, cx, e, n);
        }
        n.pop();
    }
    for m in &cx.fd.message_type {
        nested(p, cx, m, &mut Vec::new());
    }
}

fn full_name(cx: &Ctx, nesting: &[&str], name: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    if let Some(pkg) = cx.fd.package.as_deref().filter(|p| !p.is_empty()) {
        parts.push(pkg);
    }
    parts.extend(nesting);
    parts.push(name);
    parts.join(".")
}

fn with(nesting: &[&str], name: &str) -> String {
    let mut v = nesting.to_vec();
    v.push(name);
    descriptor_name(&v)
}

fn enum_descriptor(p: &mut Printer, cx: &Ctx, e: &d::EnumDescriptorProto, nesting: &[&str]) {
    let name = nm(&e.name);
    let dn = with(nesting, name);
    p.print(
        "$d$ = _descriptor.EnumDescriptor(\n  name='$n$',\n  full_name='$f$',\n  filename=None,\n  file=DESCRIPTOR,\n  create_key=_descriptor._internal_create_key,\n  values=[\n",
        &[("d", &dn), ("n", name), ("f", &full_name(cx, nesting, name))],
    );
    p.indent();
    p.indent();
    for (i, v) in e.value.iter().enumerate() {
        p.print(
            "_descriptor.EnumValueDescriptor(\n  name='$n$', index=$i$, number=$num$,\n  serialized_options=$o$,\n  type=None,\n  create_key=_descriptor._internal_create_key)",
            &[
                ("n", nm(&v.name)),
                ("i", &i.to_string()),
                ("num", &v.number.unwrap_or(0).to_string()),
                ("o", &opt(v.options.as_deref())),
            ],
        );
        p.raw(",\n");
    }
    p.outdent();
    p.print(
        "],\ncontaining_type=None,\nserialized_options=$o$,\n",
        &[("o", &opt(e.options.as_deref()))],
    );
    p.outdent();
    p.raw(")\n");
    p.print("_sym_db.RegisterEnumDescriptor($d$)\n\n", &[("d", &dn)]);
}

/// Message descriptors, each after its nested messages.
pub fn all_messages(p: &mut Printer, cx: &Ctx) {
    for (i, m) in cx.fd.message_type.iter().enumerate() {
        message_descriptor(
            p,
            cx,
            m,
            &mut Vec::new(),
            &[FILE_MESSAGE_TYPE as i32, i as i32],
        );
        p.raw("\n");
    }
}

fn message_descriptor<'a>(
    p: &mut Printer,
    cx: &Ctx,
    m: &'a d::DescriptorProto,
    nesting: &mut Nesting<'a>,
    path: &[i32],
) {
    let name = nm(&m.name);
    let full = full_name(cx, nesting, name);
    nesting.push(name);
    for (i, n) in m.nested_type.iter().enumerate() {
        let np = child(&path, MSG_NESTED_TYPE, i);
        message_descriptor(p, cx, n, nesting, &np);
    }
    let dn = descriptor_name(nesting);
    p.raw("\n");
    p.print("$d$ = _descriptor.Descriptor(\n", &[("d", &dn)]);
    p.indent();
    p.print(
        "name='$n$',\nfull_name='$f$',\nfilename=None,\nfile=DESCRIPTOR,\ncontaining_type=None,\ncreate_key=_descriptor._internal_create_key,\n",
        &[("n", name), ("f", &full)],
    );
    for (list, fields, is_ext) in [
        ("fields", &m.field, false),
        ("extensions", &m.extension, true),
    ] {
        p.print("$l$=[\n", &[("l", list)]);
        p.indent();
        for (i, f) in fields.iter().enumerate() {
            field_descriptor(p, cx, f, &full, i, is_ext);
            p.raw(",\n");
        }
        p.outdent();
        p.raw("],\n");
    }
    p.raw("nested_types=[");
    for n in &m.nested_type {
        p.print("$n$, ", &[("n", &with(nesting, nm(&n.name)))]);
    }
    p.raw("],\n");
    p.raw("enum_types=[\n");
    p.indent();
    for e in &m.enum_type {
        p.raw(&with(nesting, nm(&e.name)));
        p.raw(",\n");
    }
    p.outdent();
    p.raw("],\n");
    p.print(
        "serialized_options=$o$,\nis_extendable=$x$,\n",
        &[
            ("o", &opt(m.options.as_deref())),
            (
                "x",
                if m.extension_range.is_empty() {
                    "False"
                } else {
                    "True"
                },
            ),
        ],
    );
    p.raw("extension_ranges=[");
    for r in &m.extension_range {
        p.print(
            "($s$, $e$), ",
            &[
                ("s", &r.start.unwrap_or(0).to_string()),
                ("e", &r.end.unwrap_or(0).to_string()),
            ],
        );
    }
    p.raw("],\n");
    p.raw("oneofs=[\n");
    p.indent();
    for (i, o) in m.oneof_decl.iter().enumerate() {
        let options = match opt(o.options.as_deref()).as_str() {
            "None" => String::new(),
            v => format!(", serialized_options={v}"),
        };
        p.print(
            "_descriptor.OneofDescriptor(\n  name='$n$', full_name='$f$',\n  index=$i$, containing_type=None,\n  create_key=_descriptor._internal_create_key,\nfields=[]$o$),\n",
            &[
                ("n", nm(&o.name)),
                ("f", &format!("{full}.{}", nm(&o.name))),
                ("i", &i.to_string()),
                ("o", &options),
            ],
        );
    }
    p.outdent();
    p.raw("],\n");
    p.outdent();
    p.raw(")\n");
    nesting.pop();
}

/// `FieldDescriptor::CppType` of a field type.
fn cpp_type(t: Type) -> u32 {
    match t {
        Type::Int32 | Type::Sint32 | Type::Sfixed32 => 1,
        Type::Int64 | Type::Sint64 | Type::Sfixed64 => 2,
        Type::Uint32 | Type::Fixed32 => 3,
        Type::Uint64 | Type::Fixed64 => 4,
        Type::Double => 5,
        Type::Float => 6,
        Type::Bool => 7,
        Type::Enum => 8,
        Type::String | Type::Bytes => 9,
        Type::Message | Type::Group => 10,
    }
}

/// The Python expression of a field's default value.
fn default_value(cx: &Ctx, f: &d::FieldDescriptorProto) -> String {
    if f.label == Some(Label::Repeated) {
        return "[]".into();
    }
    let given = f.default_value.as_deref();
    let float = |v: Option<f64>, fmt: &dyn Fn(f64) -> String| match v.unwrap_or(0.0) {
        x if x == f64::INFINITY => "1e10000".to_string(),
        x if x == f64::NEG_INFINITY => "-1e10000".to_string(),
        x if x.is_nan() => "(1e10000 * 0)".to_string(),
        x => format!("float({})", fmt(x)),
    };
    let parse_float = |s: &str| match s {
        "inf" => f64::INFINITY,
        "-inf" => f64::NEG_INFINITY,
        "nan" | "-nan" => f64::NAN,
        s => s.parse().unwrap_or(0.0),
    };
    match f.r#type.unwrap_or(Type::Message) {
        Type::Double => float(given.map(parse_float), &simple_dtoa),
        Type::Float => float(given.map(parse_float), &|x| simple_ftoa(x as f32)),
        Type::Bool => if given == Some("true") {
            "True"
        } else {
            "False"
        }
        .into(),
        Type::String => format!(
            "b\"{}\".decode('utf-8')",
            c_escape(given.unwrap_or("").as_bytes())
        ),
        Type::Bytes => format!("b\"{}\"", given.unwrap_or("")),
        Type::Message | Type::Group => "None".into(),
        Type::Enum => {
            let values = f
                .type_name
                .as_deref()
                .and_then(|t| cx.pool.symbols.get(t.trim_start_matches('.')))
                .filter(|s| s.kind == SymKind::Enum)
                .map(|s| &cx.pool.enum_type(s).value);
            let number = values.and_then(|vs| match given {
                Some(g) => vs.iter().find(|v| v.name.as_deref() == Some(g)),
                None => vs.first(),
            });
            number.and_then(|v| v.number).unwrap_or(0).to_string()
        }
        _ => given.unwrap_or("0").to_string(),
    }
}

fn field_descriptor(
    p: &mut Printer,
    cx: &Ctx,
    f: &d::FieldDescriptorProto,
    owner: &str,
    index: usize,
    is_ext: bool,
) {
    let ty = f.r#type.unwrap_or(Type::Message);
    let label = match f.label {
        Some(Label::Required) => 2,
        Some(Label::Repeated) => 3,
        _ => 1,
    };
    let json = f
        .json_name
        .as_deref()
        .map(|j| format!(", json_name='{j}'"))
        .unwrap_or_default();
    p.print(
        "_descriptor.FieldDescriptor(\n  name='$n$', full_name='$f$', index=$i$,\n  number=$num$, type=$t$, cpp_type=$c$, label=$l$,\n  has_default_value=$h$, default_value=$d$,\n  message_type=None, enum_type=None, containing_type=None,\n  is_extension=$x$, extension_scope=None,\n  serialized_options=$o$$j$, file=DESCRIPTOR,  create_key=_descriptor._internal_create_key)",
        &[
            ("n", nm(&f.name)),
            ("f", &format!("{owner}.{}", nm(&f.name))),
            ("i", &index.to_string()),
            ("num", &f.number.unwrap_or(0).to_string()),
            ("t", &(ty as i32).to_string()),
            ("c", &cpp_type(ty).to_string()),
            ("l", &label.to_string()),
            ("h", if f.default_value.is_some() { "True" } else { "False" }),
            ("d", &default_value(cx, f)),
            ("x", if is_ext { "True" } else { "False" }),
            ("o", &opt(f.options.as_deref())),
            ("j", &json),
        ],
    );
}

/// The module-level descriptor name of a message or enum by full name.
fn type_descriptor_name(cx: &Ctx, type_name: &str) -> String {
    let full = type_name.trim_start_matches('.');
    let package = cx.fd.package.as_deref().unwrap_or("");
    let local = full
        .strip_prefix(package)
        .and_then(|r| r.strip_prefix('.'))
        .unwrap_or(full);
    descriptor_name(&local.split('.').collect::<Vec<_>>())
}

/// Links fields to their types, nested descriptors to their parents and
/// oneofs to their fields; then registers the file's entities.
pub fn fix_foreign_fields(p: &mut Printer, cx: &Ctx) {
    fn message<'a>(
        p: &mut Printer,
        cx: &Ctx,
        m: &'a d::DescriptorProto,
        nesting: &mut Nesting<'a>,
        parent: Option<String>,
    ) {
        nesting.push(nm(&m.name));
        let dn = descriptor_name(nesting);
        for n in &m.nested_type {
            message(p, cx, n, nesting, Some(dn.clone()));
        }
        for f in &m.field {
            let field_ref = format!("{dn}.fields_by_name['{}']", nm(&f.name));
            match f.r#type {
                Some(Type::Message | Type::Group) => p.print(
                    "$r$.message_type = $t$\n",
                    &[
                        ("r", &field_ref),
                        ("t", &type_descriptor_name(cx, nm(&f.type_name))),
                    ],
                ),
                Some(Type::Enum) => p.print(
                    "$r$.enum_type = $t$\n",
                    &[
                        ("r", &field_ref),
                        ("t", &type_descriptor_name(cx, nm(&f.type_name))),
                    ],
                ),
                _ => {}
            }
        }
        if let Some(parent) = parent {
            p.print("$n$.containing_type = $p$\n", &[("n", &dn), ("p", &parent)]);
        }
        for e in &m.enum_type {
            p.print(
                "$n$.containing_type = $p$\n",
                &[("n", &with(nesting, nm(&e.name))), ("p", &dn)],
            );
        }
        for (oi, o) in m.oneof_decl.iter().enumerate() {
            for f in m.field.iter().filter(|f| f.oneof_index == Some(oi as i32)) {
                let vars = [("d", dn.as_str()), ("o", nm(&o.name)), ("f", nm(&f.name))];
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
        nesting.pop();
    }
    for m in &cx.fd.message_type {
        message(p, cx, m, &mut Vec::new(), None);
    }
    for m in &cx.fd.message_type {
        p.print(
            "DESCRIPTOR.message_types_by_name['$n$'] = $d$\n",
            &[("n", nm(&m.name)), ("d", &descriptor_name(&[nm(&m.name)]))],
        );
    }
    for e in &cx.fd.enum_type {
        p.print(
            "DESCRIPTOR.enum_types_by_name['$n$'] = $d$\n",
            &[("n", nm(&e.name)), ("d", &descriptor_name(&[nm(&e.name)]))],
        );
    }
    for x in &cx.fd.extension {
        let n = nm(&x.name);
        let resolved = if super::names::is_keyword(n) {
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

/// The resolved features of the entity at `path`, as a `_ResolvedFeatures`
/// call listing each runtime enum feature of `google.protobuf.FeatureSet`.
fn resolved(cx: &Ctx, path: &[i32], field: Option<&d::FieldDescriptorProto>) -> String {
    let pool = cx.pool;
    let Some(fs_sym) = pool
        .symbols
        .get("google.protobuf.FeatureSet")
        .filter(|s| s.kind == SymKind::Message)
    else {
        return "None".into();
    };
    let feature_set = pool.message(fs_sym);
    let mut fields: Vec<&d::FieldDescriptorProto> = feature_set.field.iter().collect();
    fields.sort_by_key(|f| f.number);
    let mut args = Vec::new();
    for f in fields {
        if f.r#type != Some(Type::Enum) {
            continue;
        }
        let source_only = f
            .options
            .as_deref()
            .and_then(|o| find_varint(o, FIELD_OPTIONS_RETENTION))
            == Some(RETENTION_SOURCE);
        if source_only {
            continue;
        }
        let number = f.number.unwrap_or(0) as u32;
        let mut value = feature_at(pool, cx.file, path, number);
        // proto2's own spellings of features, on fields.
        if let Some(field) = field {
            match number {
                1 if field.label == Some(Label::Required) => value = 3,
                3 if field
                    .options
                    .as_deref()
                    .and_then(|o| find_varint(o, FIELD_OPTIONS_PACKED))
                    == Some(1) =>
                {
                    value = 1
                }
                5 if field.r#type == Some(Type::Group) => value = 2,
                _ => {}
            }
        }
        let enum_full = nm(&f.type_name).trim_start_matches('.');
        let value_name = pool
            .symbols
            .get(enum_full)
            .filter(|s| s.kind == SymKind::Enum)
            .and_then(|s| {
                pool.enum_type(s)
                    .value
                    .iter()
                    .find(|v| v.number == Some(value as i32))
            })
            .and_then(|v| v.name.clone())
            .unwrap_or_default();
        args.push(format!(
            "{}={}.values_by_name[\"{value_name}\"].number",
            nm(&f.name),
            type_descriptor_name(cx, enum_full)
        ));
    }
    format!("_ResolvedFeatures({})", args.join(","))
}

/// Resolved features on every descriptor, computed here because the
/// pure-Python runtime cannot resolve them for descriptor.proto itself.
pub fn resolved_features(p: &mut Printer, cx: &Ctx) {
    p.raw(
        "class _ResolvedFeatures:\n  def __init__(self, features = None, **kwargs):\n    if features:\n      for k, v in features.FIELDS.items():\n        setattr(self, k, getattr(features, k))\n    else:\n      for k, v in kwargs.items():\n        setattr(self, k, v)\n",
    );
    p.print(
        "DESCRIPTOR._features = $f$\n",
        &[("f", &resolved(cx, &[], None))],
    );
    fn messages<'a>(
        p: &mut Printer,
        cx: &Ctx,
        m: &'a d::DescriptorProto,
        nesting: &mut Nesting<'a>,
        path: Vec<i32>,
    ) {
        nesting.push(nm(&m.name));
        let dn = descriptor_name(nesting);
        p.print(
            "$d$._features = $f$\n",
            &[("d", &dn), ("f", &resolved(cx, &path, None))],
        );
        // Fields, then oneofs, then extensions, each by index.
        let members = [
            (
                MSG_FIELD,
                "fields",
                m.field.iter().map(Some).collect::<Vec<_>>(),
            ),
            (
                MSG_ONEOF_DECL,
                "oneofs",
                m.oneof_decl.iter().map(|_| None).collect(),
            ),
            (
                MSG_EXTENSION,
                "extensions",
                m.extension.iter().map(Some).collect(),
            ),
        ];
        for (kind, attr, fields) in members {
            for (i, field) in fields.into_iter().enumerate() {
                let member = child(&path, kind, i);
                p.print(
                    "$d$.$a$[$i$]._features = $f$\n",
                    &[
                        ("d", &dn),
                        ("a", attr),
                        ("i", &i.to_string()),
                        ("f", &resolved(cx, &member, field)),
                    ],
                );
            }
        }
        for (i, n) in m.nested_type.iter().enumerate() {
            let np = child(&path, MSG_NESTED_TYPE, i);
            messages(p, cx, n, nesting, np);
        }
        nesting.pop();
    }
    for (i, m) in cx.fd.message_type.iter().enumerate() {
        messages(
            p,
            cx,
            m,
            &mut Vec::new(),
            vec![FILE_MESSAGE_TYPE as i32, i as i32],
        );
    }
    fn enum_lines(
        p: &mut Printer,
        cx: &Ctx,
        e: &d::EnumDescriptorProto,
        nesting: &[&str],
        path: Vec<i32>,
    ) {
        let dn = with(nesting, nm(&e.name));
        p.print(
            "$d$._features = $f$\n",
            &[("d", &dn), ("f", &resolved(cx, &path, None))],
        );
        for i in 0..e.value.len() {
            let vp = child(&path, ENUM_VALUE, i);
            p.print(
                "$d$.values[$i$]._features = $f$\n",
                &[
                    ("d", &dn),
                    ("i", &i.to_string()),
                    ("f", &resolved(cx, &vp, None)),
                ],
            );
        }
    }
    fn message_enums<'a>(
        p: &mut Printer,
        cx: &Ctx,
        m: &'a d::DescriptorProto,
        nesting: &mut Nesting<'a>,
        path: Vec<i32>,
    ) {
        nesting.push(nm(&m.name));
        for (i, e) in m.enum_type.iter().enumerate() {
            let ep = child(&path, MSG_ENUM_TYPE, i);
            enum_lines(p, cx, e, nesting, ep);
        }
        for (i, n) in m.nested_type.iter().enumerate() {
            let np = child(&path, MSG_NESTED_TYPE, i);
            message_enums(p, cx, n, nesting, np);
        }
        nesting.pop();
    }
    for (i, m) in cx.fd.message_type.iter().enumerate() {
        message_enums(
            p,
            cx,
            m,
            &mut Vec::new(),
            vec![FILE_MESSAGE_TYPE as i32, i as i32],
        );
    }
    for (i, e) in cx.fd.enum_type.iter().enumerate() {
        enum_lines(p, cx, e, &[], vec![FILE_ENUM_TYPE as i32, i as i32]);
    }
}
