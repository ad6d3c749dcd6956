//! `_pb2.pyi` type stubs, as protoc's built-in `pyi` generator writes them.

use std::collections::{HashMap, HashSet};

use super::names::{
    file_name, has_generic_services, import_statement, is_keyword, module_has_keyword, module_name,
};
use crate::codegen::printer::Printer;
use crate::descriptor::{self as d, Label, Type};
use crate::semantic::dynamic::is_map_entry;
use crate::semantic::pool::{message_at, Pool, SymKind};

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

/// A message or enum as the stub refers to it.
struct TypeRef {
    file: usize,
    /// Names from the outermost message down.
    nesting: Vec<String>,
    full_name: String,
}

struct Gen<'a> {
    pool: &'a Pool,
    file: usize,
    /// Import alias of each imported file, by file name.
    import_map: HashMap<String, String>,
    p: Printer,
}

fn type_ref(pool: &Pool, type_name: &str) -> Option<TypeRef> {
    let full = type_name.trim_start_matches('.');
    let sym = pool.symbols.get(full)?;
    if !matches!(sym.kind, SymKind::Message | SymKind::Enum) {
        return None;
    }
    let fd = &pool.files[sym.file].proto;
    let mut nesting = Vec::new();
    let mut m: Option<&d::DescriptorProto> = None;
    let path = &sym.path;
    let mut i = 0;
    while i + 1 < path.len() {
        let (kind, idx) = (path[i], path[i + 1] as usize);
        let name = match (m, kind) {
            (None, 4) => {
                m = fd.message_type.get(idx);
                m.and_then(|m| m.name.clone())
            }
            (None, 5) => fd.enum_type.get(idx).and_then(|e| e.name.clone()),
            (Some(parent), 3) => {
                m = parent.nested_type.get(idx);
                m.and_then(|m| m.name.clone())
            }
            (Some(parent), 4) => parent.enum_type.get(idx).and_then(|e| e.name.clone()),
            _ => None,
        };
        nesting.push(name.unwrap_or_default());
        i += 2;
    }
    Some(TypeRef {
        file: sym.file,
        nesting,
        full_name: full.to_string(),
    })
}

fn message_of<'p>(pool: &'p Pool, type_name: &str) -> Option<&'p d::DescriptorProto> {
    let sym = pool.symbols.get(type_name.trim_start_matches('.'))?;
    (sym.kind == SymKind::Message).then(|| message_at(&pool.files[sym.file].proto, &sym.path))
}

fn is_map(pool: &Pool, f: &d::FieldDescriptorProto) -> bool {
    f.label == Some(Label::Repeated)
        && f.r#type == Some(Type::Message)
        && f.type_name
            .as_deref()
            .is_some_and(|t| is_map_entry(pool, t.trim_start_matches('.')))
}

fn is_message(f: &d::FieldDescriptorProto) -> bool {
    matches!(f.r#type, Some(Type::Message | Type::Group))
}

fn repeated(f: &d::FieldDescriptorProto) -> bool {
    f.label == Some(Label::Repeated)
}

fn name(f: &d::FieldDescriptorProto) -> &str {
    f.name.as_deref().unwrap_or("")
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

fn is_time(type_name: Option<&str>) -> bool {
    let t = type_name.unwrap_or("").trim_start_matches('.');
    t == "google.protobuf.Duration" || t == "google.protobuf.Timestamp"
}

fn check_needs(pool: &Pool, m: &d::DescriptorProto, full: &str, n: &mut Needs) {
    if !m.extension_range.is_empty() {
        n.extendable = true;
    }
    if !m.enum_type.is_empty() {
        n.enums = true;
    }
    if WELL_KNOWN.contains(&full) {
        n.well_known = true;
    }
    for f in &m.field {
        if is_keyword(name(f)) {
            continue;
        }
        n.optional = true;
        if repeated(f) {
            n.repeated = true;
        }
        if is_map(pool, f) {
            n.mapping = true;
            let entry = f.type_name.as_deref().and_then(|t| message_of(pool, t));
            if let Some(value) = entry.and_then(|e| e.field.get(1)) {
                if is_message(value) {
                    n.union = true;
                    if is_time(value.type_name.as_deref()) {
                        n.datetime = true;
                    }
                }
                if value.r#type == Some(Type::Enum) {
                    n.union = true;
                }
            }
        } else {
            if repeated(f) {
                n.iterable = true;
            }
            if is_message(f) {
                n.union = true;
                n.mapping = true;
                if is_time(f.type_name.as_deref()) {
                    n.datetime = true;
                }
            }
            if f.r#type == Some(Type::Enum) {
                n.union = true;
            }
        }
    }
    for nested in &m.nested_type {
        let nested_full = format!("{full}.{}", nested.name.as_deref().unwrap_or(""));
        check_needs(pool, nested, &nested_full, n);
    }
}

impl Gen<'_> {
    fn fd(&self) -> &d::FileDescriptorProto {
        &self.pool.files[self.file].proto
    }

    fn package(&self) -> String {
        self.fd().package.clone().unwrap_or_default()
    }

    /// The name a stub uses for a message or enum: dotted nesting (with
    /// keyword-safe spellings), qualified by the import alias when it lives
    /// in another file.
    fn module_level_name(&self, t: &TypeRef) -> String {
        let mut name = String::new();
        for (i, part) in t.nesting.iter().enumerate() {
            if i == 0 {
                name = if is_keyword(part) {
                    format!("globals()['{part}']")
                } else {
                    part.clone()
                };
            } else if is_keyword(part) {
                name = format!("getattr({name}, '{part}')");
            } else {
                name = format!("{name}.{part}");
            }
        }
        if t.file != self.file {
            let file_name = &self.pool.files[t.file].name;
            let alias = self.import_map.get(file_name).cloned().unwrap_or_else(|| {
                let module = module_name(file_name);
                format!("_{}", module.rsplit('.').next().unwrap_or(&module))
            });
            name = format!("{alias}.{name}");
        }
        name
    }

    fn field_type(&self, f: &d::FieldDescriptorProto, containing_nested: Option<&str>) -> String {
        match f.r#type.unwrap_or(Type::Message) {
            Type::Int32
            | Type::Uint32
            | Type::Int64
            | Type::Uint64
            | Type::Sint32
            | Type::Sint64
            | Type::Fixed32
            | Type::Fixed64
            | Type::Sfixed32
            | Type::Sfixed64 => "int".into(),
            Type::Double | Type::Float => "float".into(),
            Type::Bool => "bool".into(),
            Type::String => "str".into(),
            Type::Bytes => "bytes".into(),
            Type::Enum => self.type_name(f),
            Type::Message | Type::Group => {
                let name = self.type_name(f);
                // A nested message's field whose type shares the nested
                // message's name is qualified with its module.
                match containing_nested {
                    Some(nested) if name == nested => {
                        format!("{}.{name}", module_name(&self.pool.files[self.file].name))
                    }
                    _ => name,
                }
            }
        }
    }

    fn type_name(&self, f: &d::FieldDescriptorProto) -> String {
        type_ref(self.pool, f.type_name.as_deref().unwrap_or(""))
            .map(|t| self.module_level_name(&t))
            .unwrap_or_default()
    }

    fn import_for(&mut self, dep: usize, seen: &mut HashSet<String>, has_importlib: &mut bool) {
        let file_name = self.pool.files[dep].name.clone();
        let module = module_name(&file_name);
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
            self.import_map.insert(file_name, alias.clone());
            seen.insert(alias);
        }
    }

    fn imports(&mut self, options: &Options) {
        let pool = self.pool;
        let entry = &pool.files[self.file];
        let fd = &entry.proto;
        let mut n = Needs {
            messages: !fd.message_type.is_empty(),
            enums: !fd.enum_type.is_empty(),
            ..Default::default()
        };
        let package = self.package();
        for m in &fd.message_type {
            let full = qualify(&package, m.name.as_deref().unwrap_or(""));
            check_needs(pool, m, &full, &mut n);
        }
        if n.datetime {
            self.p.raw("import datetime\n\n");
        }
        let mut seen = HashSet::new();
        let mut has_importlib = false;
        for &dep in &entry.deps {
            let dep_name = &pool.files[dep].name;
            if options.strip_nonfunctional
                && matches!(
                    dep_name.as_str(),
                    "google/protobuf/cpp_features.proto" | "google/protobuf/java_features.proto"
                )
            {
                continue;
            }
            self.import_for(dep, &mut seen, &mut has_importlib);
            let dep_entry = &pool.files[dep];
            for &pi in &dep_entry.proto.public_dependency {
                if let Some(&public) = dep_entry.deps.get(pi as usize) {
                    self.import_for(public, &mut seen, &mut has_importlib);
                }
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
        if has_generic_services(fd) {
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
        for &pi in &fd.public_dependency {
            let Some(&public) = entry.deps.get(pi as usize) else {
                continue;
            };
            let pd = &pool.files[public];
            let module = module_name(&pd.name);
            for m in &pd.proto.message_type {
                let c = m.name.as_deref().unwrap_or("");
                self.p
                    .print("from $m$ import $c$ as $c$\n", &[("m", &module), ("c", c)]);
            }
            for e in &pd.proto.enum_type {
                let c = e.name.as_deref().unwrap_or("");
                self.p
                    .print("from $m$ import $c$ as $c$\n", &[("m", &module), ("c", c)]);
            }
        }
        self.p.raw("\n");
    }

    fn enum_class(&mut self, e: &d::EnumDescriptorProto, t: &TypeRef) {
        self.p.print(
            "class $n$(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):\n    __slots__ = ()\n",
            &[("n", e.name.as_deref().unwrap_or(""))],
        );
        self.p.indent();
        self.enum_values(e, t, true);
        self.p.outdent();
    }

    fn enum_values(&mut self, e: &d::EnumDescriptorProto, t: &TypeRef, classvar: bool) {
        let enum_name = self.module_level_name(t);
        for v in &e.value {
            let template = if classvar {
                "$n$: _ClassVar[$e$]\n"
            } else {
                "$n$: $e$\n"
            };
            self.p.print(
                template,
                &[("n", v.name.as_deref().unwrap_or("")), ("e", &enum_name)],
            );
        }
    }

    fn extensions(&mut self, exts: &[d::FieldDescriptorProto]) {
        for x in exts {
            let n = name(x);
            self.p.print(
                "$c$: _ClassVar[int]\n$n$: _descriptor.FieldDescriptor\n",
                &[
                    ("c", &format!("{}_FIELD_NUMBER", n.to_ascii_uppercase())),
                    ("n", n),
                ],
            );
        }
    }

    fn message(&mut self, m: &d::DescriptorProto, t: &TypeRef, nested: bool) {
        if !nested {
            self.p.raw("\n");
        }
        let class = m.name.as_deref().unwrap_or("");
        let extra = if WELL_KNOWN.contains(&t.full_name.as_str()) {
            format!(", _well_known_types.{class}")
        } else {
            String::new()
        };
        self.p.print(
            "class $c$(_message.Message$x$):\n",
            &[("c", class), ("x", &extra)],
        );
        self.p.indent();
        let slots: Vec<String> = m
            .field
            .iter()
            .filter(|f| !is_keyword(name(f)))
            .map(|f| format!("\"{}\"", name(f)))
            .collect();
        self.p.raw("__slots__ = (");
        self.p.raw(&slots.join(", "));
        self.p.raw(if slots.len() == 1 { ",)\n" } else { ")\n" });
        if !m.extension_range.is_empty() {
            self.p.raw("Extensions: _python_message._ExtensionDict\n");
        }
        let child = |name: &str| TypeRef {
            file: t.file,
            nesting: t
                .nesting
                .iter()
                .cloned()
                .chain([name.to_string()])
                .collect(),
            full_name: format!("{}.{name}", t.full_name),
        };
        for e in &m.enum_type {
            let et = child(e.name.as_deref().unwrap_or(""));
            self.enum_class(e, &et);
            self.enum_values(e, &et, false);
        }
        for n in &m.nested_type {
            let nt = child(n.name.as_deref().unwrap_or(""));
            self.message(n, &nt, true);
        }
        self.extensions(&m.extension);
        for f in &m.field {
            self.p.print(
                "$c$: _ClassVar[int]\n",
                &[(
                    "c",
                    &format!("{}_FIELD_NUMBER", name(f).to_ascii_uppercase()),
                )],
            );
        }
        let containing_nested = (t.nesting.len() > 1).then_some(class);
        for f in &m.field {
            if is_keyword(name(f)) {
                continue;
            }
            let mut ty = String::new();
            if is_map(self.pool, f) {
                let entry = f
                    .type_name
                    .as_deref()
                    .and_then(|tn| message_of(self.pool, tn));
                let (k, v) = entry
                    .map(|e| (&e.field[0], &e.field[1]))
                    .expect("map entry");
                ty.push_str(if is_message(v) {
                    "_containers.MessageMap["
                } else {
                    "_containers.ScalarMap["
                });
                ty.push_str(&self.field_type(k, containing_nested));
                ty.push_str(", ");
                ty.push_str(&self.field_type(v, containing_nested));
            } else {
                if repeated(f) {
                    ty.push_str(if is_message(f) {
                        "_containers.RepeatedCompositeFieldContainer["
                    } else {
                        "_containers.RepeatedScalarFieldContainer["
                    });
                }
                ty.push_str(&self.field_type(f, containing_nested));
            }
            if repeated(f) {
                ty.push(']');
            }
            self.p.print("$n$: $t$\n", &[("n", name(f)), ("t", &ty)]);
        }
        self.p.raw("def __init__(");
        let mut self_name = "self".to_string();
        while m.field.iter().any(|f| name(f) == self_name) {
            self_name.push('_');
        }
        self.p.raw(&self_name);
        let mut keywords = false;
        for f in &m.field {
            if is_keyword(name(f)) {
                keywords = true;
                continue;
            }
            self.p.print(", $n$: ", &[("n", name(f))]);
            self.p.raw("_Optional[");
            if is_map(self.pool, f) {
                let entry = f
                    .type_name
                    .as_deref()
                    .and_then(|tn| message_of(self.pool, tn));
                let (k, v) = entry
                    .map(|e| (&e.field[0], &e.field[1]))
                    .expect("map entry");
                let (kt, vt) = (
                    self.field_type(k, containing_nested),
                    self.field_type(v, containing_nested),
                );
                self.p
                    .print("_Mapping[$k$, $v$]", &[("k", &kt), ("v", &vt)]);
            } else {
                if repeated(f) {
                    self.p.raw("_Iterable[");
                }
                if is_message(f) {
                    let extra = match f.type_name.as_deref().unwrap_or("").trim_start_matches('.') {
                        "google.protobuf.Timestamp" => "datetime.datetime, ",
                        "google.protobuf.Duration" => "datetime.timedelta, ",
                        _ => "",
                    };
                    let tn = self.field_type(f, containing_nested);
                    self.p
                        .print("_Union[$x$$t$, _Mapping]", &[("x", extra), ("t", &tn)]);
                } else if f.r#type == Some(Type::Enum) {
                    let tn = self.type_name(f);
                    self.p.print("_Union[$t$, str]", &[("t", &tn)]);
                } else {
                    let tn = self.field_type(f, containing_nested);
                    self.p.raw(&tn);
                }
                if repeated(f) {
                    self.p.raw("]");
                }
            }
            self.p.raw("] = ...");
        }
        if keywords {
            self.p.raw(", **kwargs");
        }
        self.p.raw(") -> None: ...\n");
        self.p.outdent();
    }
}

fn qualify(package: &str, name: &str) -> String {
    if package.is_empty() {
        name.to_string()
    } else {
        format!("{package}.{name}")
    }
}

/// Generates `<module>_pb2.pyi` for one file: (file name, content).
pub fn generate(pool: &Pool, file: usize, options: &Options) -> (String, String) {
    let mut g = Gen {
        pool,
        file,
        import_map: HashMap::new(),
        p: Printer::with_indent_width(4),
    };
    g.imports(options);
    g.p.raw("DESCRIPTOR: _descriptor.FileDescriptor\n");
    let entry = &pool.files[file];
    let fd = &entry.proto;
    for &pi in &fd.public_dependency {
        let Some(&public) = entry.deps.get(pi as usize) else {
            continue;
        };
        let pd = &pool.files[public].proto;
        g.extensions(&pd.extension);
        let package = pd.package.clone().unwrap_or_default();
        for e in &pd.enum_type {
            let en = e.name.clone().unwrap_or_default();
            let t = TypeRef {
                file: public,
                nesting: vec![en.clone()],
                full_name: qualify(&package, &en),
            };
            g.enum_values(e, &t, false);
        }
    }
    let package = g.package();
    let top = |n: &str| TypeRef {
        file,
        nesting: vec![n.to_string()],
        full_name: qualify(&package, n),
    };
    for e in &fd.enum_type {
        g.p.raw("\n");
        g.enum_class(e, &top(e.name.as_deref().unwrap_or("")));
    }
    for e in &fd.enum_type {
        g.enum_values(e, &top(e.name.as_deref().unwrap_or("")), false);
    }
    g.extensions(&fd.extension);
    for m in &fd.message_type {
        g.message(m, &top(m.name.as_deref().unwrap_or("")), false);
    }
    if has_generic_services(fd) {
        for s in &fd.service {
            g.p.print(
                "\nclass $s$(_service.service): ...\n\nclass $s$_Stub($s$): ...\n",
                &[("s", s.name.as_deref().unwrap_or(""))],
            );
        }
    }
    let name = options
        .file_name
        .clone()
        .unwrap_or_else(|| file_name(&entry.name, ".pyi"));
    (name, g.p.finish())
}
