//! `_pb2.pyi` type stubs, as protoc's built-in `pyi` generator writes them.

use std::collections::{HashMap, HashSet};

use super::names::{
    file_name, import_statement, is_keyword, module_has_keyword, module_name, nesting,
    wants_generic_services,
};
use crate::codegen::printer::Printer;
use crate::semantic::model::{
    Cardinality, EnumId, ExtensionId, Field, FieldKind, FileId, MapValue, MessageId, Model, Scalar,
    Scope,
};

/// Well-known types whose Python classes have extra base classes.
const WELL_KNOWN: &[&str] = &[
    "google.protobuf.Any",
    "google.protobuf.Duration",
    "google.protobuf.FieldMask",
    "google.protobuf.ListValue",
    "google.protobuf.Struct",
    "google.protobuf.Timestamp",
];

/// The generator's options.
#[derive(Default)]
pub struct Options {
    /// An explicit output file name (a parameter ending in `.pyi`).
    pub file_name: Option<String>,
    /// Leave out imports of the known feature files.
    pub strip_nonfunctional: bool,
}

/// Reads the parameter: `annotate_code`, `NAME.pyi`,
/// `experimental_strip_nonfunctional_codegen`.
pub fn parse_parameter(parameter: &str) -> Result<Options, String> {
    let mut o = Options::default();
    for (key, _) in crate::codegen::parameter_pairs(parameter) {
        match key {
            "annotate_code" => {}
            "experimental_strip_nonfunctional_codegen" => o.strip_nonfunctional = true,
            k if k.ends_with(".pyi") => o.file_name = Some(k.to_string()),
            k => return Err(format!("Unknown generator option: {k}")),
        }
    }
    Ok(o)
}

/// One value a field holds: the field's element, or a map's key or value.
#[derive(Clone, Copy)]
enum Value {
    Scalar(Scalar),
    Message(MessageId),
    Enum(EnumId),
}

impl From<MapValue> for Value {
    fn from(v: MapValue) -> Value {
        match v {
            MapValue::Scalar(s) => Value::Scalar(s),
            MapValue::Message(m) => Value::Message(m),
            MapValue::Enum(e) => Value::Enum(e),
        }
    }
}

/// How a field is annotated: a map of keys to values, or (possibly
/// repeated) single values.
enum Shape {
    Map { key: Value, value: Value },
    Single(Value),
}

fn shape(f: &Field) -> Shape {
    match f.kind {
        FieldKind::Map { key, value, .. } => Shape::Map {
            key: Value::Scalar(key),
            value: value.into(),
        },
        FieldKind::Scalar(s) => Shape::Single(Value::Scalar(s)),
        FieldKind::Message(m) => Shape::Single(Value::Message(m)),
        FieldKind::Enum(e) => Shape::Single(Value::Enum(e)),
    }
}

/// The files a file imports publicly.
fn public_imports(model: &Model, file: FileId) -> impl Iterator<Item = FileId> + '_ {
    let imports = &model.file(file).imports;
    imports.iter().filter(|i| i.public).map(|i| i.file)
}

fn repeated(f: &Field) -> bool {
    f.cardinality == Cardinality::Repeated
}

/// The Python type of a scalar.
fn scalar_type(s: Scalar) -> &'static str {
    match s {
        Scalar::Int32
        | Scalar::Uint32
        | Scalar::Int64
        | Scalar::Uint64
        | Scalar::Sint32
        | Scalar::Sint64
        | Scalar::Fixed32
        | Scalar::Fixed64
        | Scalar::Sfixed32
        | Scalar::Sfixed64 => "int",
        Scalar::Double | Scalar::Float => "float",
        Scalar::Bool => "bool",
        Scalar::String => "str",
        Scalar::Bytes => "bytes",
    }
}

/// The `datetime` type a message also accepts in constructors, for the
/// well-known time types.
fn datetime_type(model: &Model, m: MessageId) -> Option<&'static str> {
    match &model[model.message(m).full_name] {
        "google.protobuf.Timestamp" => Some("datetime.datetime"),
        "google.protobuf.Duration" => Some("datetime.timedelta"),
        _ => None,
    }
}

/// Which modules the stub needs.
#[derive(Default)]
struct Needs {
    repeated: bool,
    iterable: bool,
    messages: bool,
    enums: bool,
    extendable: bool,
    mapping: bool,
    optional: bool,
    union: bool,
    well_known: bool,
    datetime: bool,
}

impl Needs {
    /// Records what the annotations of a value type refer to.
    fn value(&mut self, model: &Model, v: Value) {
        match v {
            Value::Message(m) => {
                self.union = true;
                self.mapping = true;
                self.datetime |= datetime_type(model, m).is_some();
            }
            Value::Enum(_) => self.union = true,
            Value::Scalar(_) => {}
        }
    }

    /// Records what a message and its nested messages need.
    fn message(&mut self, model: &Model, m: MessageId) {
        let msg = model.message(m);
        self.extendable |= !msg.extension_ranges.is_empty();
        self.enums |= !msg.enums.is_empty();
        self.well_known |= WELL_KNOWN.contains(&&model[msg.full_name]);
        for &f in &msg.fields {
            let f = model.field(f);
            if is_keyword(&model[f.name]) {
                continue;
            }
            self.optional = true;
            self.repeated |= repeated(f);
            match shape(f) {
                Shape::Map { value, .. } => {
                    self.mapping = true;
                    self.value(model, value);
                }
                Shape::Single(v) => {
                    self.iterable |= repeated(f);
                    self.value(model, v);
                }
            }
        }
        for &n in &msg.messages {
            self.message(model, n);
        }
    }
}

struct Gen<'a> {
    model: &'a Model,
    file: FileId,
    /// Import alias of each imported file.
    import_map: HashMap<FileId, String>,
    p: Printer,
}

impl Gen<'_> {
    /// The name a stub uses for a message or enum: dotted nesting (with
    /// keyword-safe spellings), qualified by the import alias when it lives
    /// in another file.
    fn module_level_name(&self, file: FileId, scope: Scope, type_name: &str) -> String {
        let mut name = String::new();
        for (i, &part) in nesting(self.model, scope, type_name).iter().enumerate() {
            if i == 0 {
                name = if is_keyword(part) {
                    format!("globals()['{part}']")
                } else {
                    part.to_string()
                };
            } else if is_keyword(part) {
                name = format!("getattr({name}, '{part}')");
            } else {
                name = format!("{name}.{part}");
            }
        }
        if file != self.file {
            let alias = self.import_map.get(&file).cloned().unwrap_or_else(|| {
                let module = module_name(&self.model[self.model.file(file).name]);
                format!("_{}", module.rsplit('.').next().unwrap_or(&module))
            });
            name = format!("{alias}.{name}");
        }
        name
    }

    fn message_name(&self, m: MessageId) -> String {
        let msg = self.model.message(m);
        self.module_level_name(msg.file, msg.parent, &self.model[msg.name])
    }

    fn enum_name(&self, e: EnumId) -> String {
        let en = self.model.enum_(e);
        self.module_level_name(en.file, en.parent, &self.model[en.name])
    }

    /// The annotation of one value. In a nested message, a message type
    /// whose name is the nested class's own name is qualified with its
    /// module, as the class name would shadow it.
    fn value_type(&self, v: Value, containing_nested: Option<&str>) -> String {
        match v {
            Value::Scalar(s) => scalar_type(s).to_string(),
            Value::Enum(e) => self.enum_name(e),
            Value::Message(m) => {
                let name = self.message_name(m);
                match containing_nested {
                    Some(nested) if name == nested => {
                        format!(
                            "{}.{name}",
                            module_name(&self.model[self.model.file(self.file).name])
                        )
                    }
                    _ => name,
                }
            }
        }
    }

    fn import_for(&mut self, dep: FileId, seen: &mut HashSet<String>, has_importlib: &mut bool) {
        let module = module_name(&self.model[self.model.file(dep).name]);
        let last = module.rsplit('.').next().unwrap_or(&module);
        let mut alias = format!("_{last}");
        while seen.contains(&alias) {
            alias.push_str("_1");
        }
        if module_has_keyword(&module) {
            if !*has_importlib {
                self.p.raw("import importlib\n");
                *has_importlib = true;
            }
            self.p.print(
                "$alias$ = importlib.import_module('$name$')\n",
                &[("alias", &alias), ("name", &module)],
            );
        } else {
            let statement = import_statement(&module);
            self.p
                .print("$s$ as $a$\n", &[("s", &statement), ("a", &alias)]);
            self.import_map.insert(dep, alias.clone());
            seen.insert(alias);
        }
    }

    fn imports(&mut self, options: &Options) {
        let model = self.model;
        let file = model.file(self.file);
        let mut n = Needs {
            messages: !file.messages.is_empty(),
            enums: !file.enums.is_empty(),
            ..Default::default()
        };
        for &m in &file.messages {
            n.message(model, m);
        }
        if n.datetime {
            self.p.raw("import datetime\n\n");
        }
        let mut seen = HashSet::new();
        let mut has_importlib = false;
        for import in &file.imports {
            let dep = import.file;
            if options.strip_nonfunctional
                && matches!(
                    &model[model.file(dep).name],
                    "google/protobuf/cpp_features.proto" | "google/protobuf/java_features.proto"
                )
            {
                continue;
            }
            self.import_for(dep, &mut seen, &mut has_importlib);
            for p in public_imports(model, dep) {
                self.import_for(p, &mut seen, &mut has_importlib);
            }
        }
        // The runtime modules the stub's annotations refer to.
        let internal = [
            (n.repeated, "containers as _containers"),
            (n.enums, "enum_type_wrapper as _enum_type_wrapper"),
            (n.extendable, "python_message as _python_message"),
            (n.well_known, "well_known_types as _well_known_types"),
        ];
        for (needed, module) in internal {
            if needed {
                self.p.print(
                    "from google.protobuf.internal import $m$\n",
                    &[("m", module)],
                );
            }
        }
        self.p
            .raw("from google.protobuf import descriptor as _descriptor\n");
        if n.messages {
            self.p
                .raw("from google.protobuf import message as _message\n");
        }
        if wants_generic_services(model, self.file) {
            self.p
                .raw("from google.protobuf import service as _service\n");
        }
        if n.iterable || n.mapping {
            self.p.raw("from collections.abc import");
            if n.iterable {
                self.p.raw(" Iterable as _Iterable");
                if n.mapping {
                    self.p.raw(",");
                }
            }
            if n.mapping {
                self.p.raw(" Mapping as _Mapping");
            }
            self.p.raw("\n");
        }
        self.p.raw("from typing import ClassVar as _ClassVar");
        if n.optional {
            self.p.raw(", Optional as _Optional");
        }
        if n.union {
            self.p.raw(", Union as _Union");
        }
        self.p.raw("\n");
        // A public import's top-level messages and enums are re-exported.
        for public in public_imports(model, self.file) {
            let pf = model.file(public);
            let module = module_name(&model[pf.name]);
            let messages = pf.messages.iter().map(|&m| &model[model.message(m).name]);
            let enums = pf.enums.iter().map(|&e| &model[model.enum_(e).name]);
            for c in messages.chain(enums) {
                self.p
                    .print("from $m$ import $c$ as $c$\n", &[("m", &module), ("c", c)]);
            }
        }
        self.p.raw("\n");
    }

    fn enum_class(&mut self, e: EnumId) {
        self.p.print(
            "class $n$(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):\n    __slots__ = ()\n",
            &[("n", &self.model[self.model.enum_(e).name])],
        );
        self.p.indent();
        self.enum_values(e, true);
        self.p.outdent();
    }

    fn enum_values(&mut self, e: EnumId, classvar: bool) {
        let enum_name = self.enum_name(e);
        let template = if classvar {
            "$n$: _ClassVar[$e$]\n"
        } else {
            "$n$: $e$\n"
        };
        for &v in &self.model.enum_(e).values {
            let name = &self.model[self.model.enum_value(v).name];
            self.p.print(template, &[("n", name), ("e", &enum_name)]);
        }
    }

    fn extensions(&mut self, exts: &[ExtensionId]) {
        for &x in exts {
            let n = &self.model[self.model.extension(x).name];
            self.p.print(
                "$c$: _ClassVar[int]\n$n$: _descriptor.FieldDescriptor\n",
                &[
                    ("c", &format!("{}_FIELD_NUMBER", n.to_ascii_uppercase())),
                    ("n", n),
                ],
            );
        }
    }

    /// A field's attribute annotation.
    fn attribute_type(&self, f: &Field, containing_nested: Option<&str>) -> String {
        let mut ty = String::new();
        match shape(f) {
            Shape::Map { key, value } => {
                ty.push_str(match value {
                    Value::Message(_) => "_containers.MessageMap[",
                    _ => "_containers.ScalarMap[",
                });
                ty.push_str(&self.value_type(key, containing_nested));
                ty.push_str(", ");
                ty.push_str(&self.value_type(value, containing_nested));
            }
            Shape::Single(v) => {
                if repeated(f) {
                    ty.push_str(match v {
                        Value::Message(_) => "_containers.RepeatedCompositeFieldContainer[",
                        _ => "_containers.RepeatedScalarFieldContainer[",
                    });
                }
                ty.push_str(&self.value_type(v, containing_nested));
            }
        }
        if repeated(f) {
            ty.push(']');
        }
        ty
    }

    /// A field's constructor argument annotation, inside `_Optional[...]`:
    /// messages also accept a mapping of their fields (and the time types
    /// a `datetime` value), enums also the value's name.
    fn argument_type(&self, f: &Field, containing_nested: Option<&str>) -> String {
        let single = match shape(f) {
            Shape::Map { key, value } => {
                return format!(
                    "_Mapping[{}, {}]",
                    self.value_type(key, containing_nested),
                    self.value_type(value, containing_nested)
                );
            }
            Shape::Single(v) => v,
        };
        let ty = match single {
            Value::Message(m) => {
                let datetime = datetime_type(self.model, m)
                    .map(|t| format!("{t}, "))
                    .unwrap_or_default();
                let name = self.value_type(single, containing_nested);
                format!("_Union[{datetime}{name}, _Mapping]")
            }
            Value::Enum(e) => format!("_Union[{}, str]", self.enum_name(e)),
            Value::Scalar(s) => scalar_type(s).to_string(),
        };
        if repeated(f) {
            format!("_Iterable[{ty}]")
        } else {
            ty
        }
    }

    fn message(&mut self, m: MessageId) {
        let model = self.model;
        let msg = model.message(m);
        let nested = matches!(msg.parent, Scope::Message(_));
        if !nested {
            self.p.raw("\n");
        }
        let class = &model[msg.name];
        let extra = if WELL_KNOWN.contains(&&model[msg.full_name]) {
            format!(", _well_known_types.{class}")
        } else {
            String::new()
        };
        self.p.print(
            "class $c$(_message.Message$x$):\n",
            &[("c", class), ("x", &extra)],
        );
        self.p.indent();
        let fields: Vec<&Field> = msg.fields.iter().map(|&f| model.field(f)).collect();
        let slots: Vec<String> = fields
            .iter()
            .filter(|f| !is_keyword(&model[f.name]))
            .map(|f| format!("\"{}\"", &model[f.name]))
            .collect();
        self.p.raw("__slots__ = (");
        self.p.raw(&slots.join(", "));
        self.p.raw(if slots.len() == 1 { ",)\n" } else { ")\n" });
        if !msg.extension_ranges.is_empty() {
            self.p.raw("Extensions: _python_message._ExtensionDict\n");
        }
        for &e in &msg.enums {
            self.enum_class(e);
            self.enum_values(e, false);
        }
        for &n in &msg.messages {
            self.message(n);
        }
        self.extensions(&msg.extensions);
        for f in &fields {
            self.p.print(
                "$c$: _ClassVar[int]\n",
                &[(
                    "c",
                    &format!("{}_FIELD_NUMBER", model[f.name].to_ascii_uppercase()),
                )],
            );
        }
        let containing_nested = nested.then_some(class);
        for f in fields.iter().filter(|f| !is_keyword(&model[f.name])) {
            let ty = self.attribute_type(f, containing_nested);
            self.p
                .print("$n$: $t$\n", &[("n", &model[f.name]), ("t", &ty)]);
        }
        // `self` is renamed past any field of that name.
        let mut self_name = "self".to_string();
        while fields.iter().any(|f| model[f.name] == self_name) {
            self_name.push('_');
        }
        self.p.raw("def __init__(");
        self.p.raw(&self_name);
        let mut keywords = false;
        for f in &fields {
            if is_keyword(&model[f.name]) {
                keywords = true;
                continue;
            }
            let ty = self.argument_type(f, containing_nested);
            self.p.print(
                ", $n$: _Optional[$t$] = ...",
                &[("n", &model[f.name]), ("t", &ty)],
            );
        }
        // Fields named after keywords can only be passed as `**kwargs`.
        if keywords {
            self.p.raw(", **kwargs");
        }
        self.p.raw(") -> None: ...\n");
        self.p.outdent();
    }
}

/// Generates `<module>_pb2.pyi` for one file: (file name, content).
pub fn generate(model: &Model, file: FileId, options: &Options) -> (String, String) {
    let mut g = Gen {
        model,
        file,
        import_map: HashMap::new(),
        p: Printer::with_indent_width(4),
    };
    g.imports(options);
    g.p.raw("DESCRIPTOR: _descriptor.FileDescriptor\n");
    for p in public_imports(model, file) {
        let pf = model.file(p);
        g.extensions(&pf.extensions);
        for &e in &pf.enums {
            g.enum_values(e, false);
        }
    }
    let f = model.file(file);
    for &e in &f.enums {
        g.p.raw("\n");
        g.enum_class(e);
    }
    for &e in &f.enums {
        g.enum_values(e, false);
    }
    g.extensions(&f.extensions);
    for &m in &f.messages {
        g.message(m);
    }
    if wants_generic_services(model, file) {
        for &s in &f.services {
            g.p.print(
                "\nclass $s$(_service.service): ...\n\nclass $s$_Stub($s$): ...\n",
                &[("s", &model[model.service(s).name])],
            );
        }
    }
    let name = options
        .file_name
        .clone()
        .unwrap_or_else(|| file_name(&model[f.name], ".pyi"));
    (name, g.p.finish())
}
