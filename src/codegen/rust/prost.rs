//! The code prost-build writes for the messages and enums of one file:
//! a struct per message with `#[prost(...)]` field attributes, a module of
//! nested types, an enum per oneof, and an `Enumeration` per enum with its
//! name conversions. The text is prost-build's own, unformatted.

use super::graph::Containment;
use super::names::{camel, relative_path, snake, strip_enum_prefix};
use super::{docs, ProstOptions};
use crate::codegen::printer::Printer;
use crate::descriptor::edition::Edition;
use crate::descriptor::Type;
use crate::semantic::model::features::RepeatedFieldEncoding;
use crate::semantic::model::options::Retention;
use crate::semantic::model::{
    Cardinality, DefaultValue, EnumId, Field, FieldId, FieldKind, FileId, MessageId, Model,
    OneofId, Presence, Scalar,
};
use crate::semantic::text::{simple_dtoa, simple_ftoa};

/// What every file of a generation shares.
pub struct Shared<'a> {
    pub model: &'a Model,
    pub options: &'a ProstOptions,
    pub externs: &'a super::names::ExternPaths,
    pub graph: &'a Containment<'a>,
    /// The files to generate, whose options lose those with source
    /// retention before a plugin sees them.
    pub targets: &'a [FileId],
    /// The numbers of the custom field options with source retention.
    pub source_only_field_options: Vec<u32>,
}

impl Shared<'_> {
    /// The numbers of `google.protobuf.FieldOptions` extensions declared
    /// with `retention = RETENTION_SOURCE`.
    pub fn source_only_field_options(model: &Model) -> Vec<u32> {
        model
            .extensions
            .iter()
            .filter(|x| {
                x.options.retention == Some(Retention::Source)
                    && x.extendee.is_some_and(|m| {
                        &model[model.message(m).full_name] == "google.protobuf.FieldOptions"
                    })
            })
            .map(|x| x.number as u32)
            .collect()
    }
}

/// Emits one file's messages and enums.
pub struct FileGen<'a> {
    s: &'a Shared<'a>,
    package: &'a str,
    edition: Edition,
    /// The proto names of the messages whose modules enclose the code
    /// being written.
    nesting: Vec<&'a str>,
    p: Printer,
    /// Why the file cannot be generated, once found.
    error: Option<String>,
}

/// Appends the code of `file` to `out`, or says why it cannot be written.
pub fn gen_file(s: &Shared, file: FileId, out: &mut String) -> Result<(), String> {
    let f = s.model.file(file);
    let mut g = FileGen {
        s,
        package: &s.model[f.package],
        edition: f.edition,
        nesting: Vec::new(),
        p: Printer::with_indent_width(4),
        error: None,
    };
    for &m in &f.messages {
        g.gen_message(m);
    }
    for &e in &f.enums {
        g.gen_enum(e);
    }
    if let Some(e) = g.error {
        return Err(e);
    }
    out.push_str(&g.p.finish());
    Ok(())
}

/// The protobuf type name of a field type, as in `#[prost(...)]`.
fn type_word(t: Type) -> &'static str {
    match t {
        Type::Float => "float",
        Type::Double => "double",
        Type::Int32 => "int32",
        Type::Int64 => "int64",
        Type::Uint32 => "uint32",
        Type::Uint64 => "uint64",
        Type::Sint32 => "sint32",
        Type::Sint64 => "sint64",
        Type::Fixed32 => "fixed32",
        Type::Fixed64 => "fixed64",
        Type::Sfixed32 => "sfixed32",
        Type::Sfixed64 => "sfixed64",
        Type::Bool => "bool",
        Type::String => "string",
        Type::Bytes => "bytes",
        Type::Group => "group",
        Type::Message => "message",
        Type::Enum => "enum",
    }
}

fn can_pack(t: Type) -> bool {
    !matches!(t, Type::String | Type::Bytes | Type::Group | Type::Message)
}

impl<'a> FileGen<'a> {
    fn model(&self) -> &'a Model {
        self.s.model
    }

    fn fq(&self, full_name: crate::semantic::model::Name) -> String {
        format!(".{}", &self.model()[full_name])
    }

    /// The Rust path of a message or enum from the current module.
    fn resolve_ident(&self, fq: &str) -> String {
        self.s
            .externs
            .resolve(fq)
            .unwrap_or_else(|| relative_path(self.package, &self.nesting, fq))
    }

    fn type_fq(&self, f: &Field) -> Option<String> {
        match f.kind {
            FieldKind::Message(m) => Some(self.fq(self.model().message(m).full_name)),
            FieldKind::Enum(e) => Some(self.fq(self.model().enum_(e).full_name)),
            FieldKind::Map { entry, .. } => Some(self.fq(self.model().message(entry).full_name)),
            FieldKind::Scalar(_) => None,
        }
    }

    /// The Rust type of a field's values (`fq_message` and `name` select
    /// the bytes representation).
    fn rust_type(&self, f: &Field, fq_message: &str, name: &str) -> String {
        match f.descriptor_type() {
            Type::Float => "f32".into(),
            Type::Double => "f64".into(),
            Type::Uint32 | Type::Fixed32 => "u32".into(),
            Type::Uint64 | Type::Fixed64 => "u64".into(),
            Type::Int32 | Type::Sfixed32 | Type::Sint32 | Type::Enum => "i32".into(),
            Type::Int64 | Type::Sfixed64 | Type::Sint64 => "i64".into(),
            Type::Bool => "bool".into(),
            Type::String => "::prost::alloc::string::String".into(),
            Type::Bytes => if self.bytes(fq_message, name) {
                "::prost::bytes::Bytes"
            } else {
                "::prost::alloc::vec::Vec<u8>"
            }
            .into(),
            Type::Group | Type::Message => self.resolve_ident(&self.type_fq(f).unwrap_or_default()),
        }
    }

    fn bytes(&self, fq_message: &str, field: &str) -> bool {
        self.s.options.bytes.best_field(fq_message, field).is_some()
    }

    /// The type word of `#[prost(...)]`; an enum names its Rust type.
    fn type_tag(&self, f: &Field) -> String {
        match f.descriptor_type() {
            Type::Enum => format!(
                "enumeration={:?}",
                self.resolve_ident(&self.type_fq(f).unwrap_or_default())
            ),
            t => type_word(t).to_string(),
        }
    }

    fn doc(&mut self, fq: &str, field: Option<&str>, comments: &crate::semantic::model::Origin) {
        let disabled = &self.s.options.disable_comments;
        let off = match field {
            Some(name) => disabled.best_field(fq, name).is_some(),
            None => disabled.all(fq).next().is_some(),
        };
        if !off && comments.comments.is_some() {
            docs::print(
                &mut self.p,
                comments.comments(),
                self.s.options.cleanup_markdown,
            );
        }
    }

    fn attributes(&mut self, which: &super::paths::PathMap<String>, path: &str) {
        let lines: Vec<String> = which.all(path).cloned().collect();
        for line in lines {
            self.p.line(&line);
        }
    }

    fn field_attributes(&mut self, path: &str, field: &str) {
        let lines: Vec<String> = self
            .s
            .options
            .field_attribute
            .all_field(path, field)
            .cloned()
            .collect();
        for line in lines {
            self.p.line(&line);
        }
    }

    fn boxed(&self, owner: MessageId, f: &Field, config_path: &str) -> bool {
        if f.cardinality == Cardinality::Repeated {
            return false;
        }
        self.s.graph.recursive(owner, f)
            || self
                .s
                .options
                .boxed
                .best_field(config_path, &self.model()[f.name])
                .is_some()
    }

    fn configured_box(&self) -> impl Fn(MessageId, &Field) -> bool + 'a {
        let (model, options) = (self.s.model, self.s.options);
        move |owner, f| {
            let fq = format!(".{}", &model[model.message(owner).full_name]);
            options.boxed.best_field(&fq, &model[f.name]).is_some()
        }
    }

    fn gen_message(&mut self, id: MessageId) {
        let model = self.model();
        let m = model.message(id);
        let name = &model[m.name];
        let fq = self.fq(m.full_name);
        if self.s.externs.resolve(&fq).is_some() {
            return;
        }
        let nested: Vec<MessageId> = m
            .messages
            .iter()
            .copied()
            .filter(|&n| !model.is_map_entry(n))
            .collect();
        let (plain, oneofs) = self.split_fields(id);
        self.doc(&fq, None, &m.origin);
        self.attributes(&self.s.options.type_attribute, &fq);
        self.attributes(&self.s.options.message_attribute, &fq);
        let boxed = self.configured_box();
        let copy = self.s.graph.message_copy(id, &boxed);
        let eq = self.s.graph.message_eq(id);
        self.p.raw(&format!(
            "#[derive(Clone, {}PartialEq, {}::prost::Message)]\n",
            if copy { "Copy, " } else { "" },
            if eq { "Eq, Hash, " } else { "" }
        ));
        self.skip_debug(&fq);
        self.p.raw(&format!("pub struct {} {{\n", camel(name)));
        self.p.indent();
        for &f in &plain {
            match model.field(f).kind {
                FieldKind::Map { entry, .. } => self.gen_map_field(&fq, f, entry),
                _ => self.gen_field(id, &fq, f),
            }
        }
        for &o in &oneofs {
            self.gen_oneof_field(name, &fq, o);
        }
        self.p.outdent();
        self.p.raw("}\n");
        if !m.enums.is_empty() || !nested.is_empty() || !oneofs.is_empty() {
            self.p.raw(&format!(
                "/// Nested message and enum types in `{name}`.\npub mod {} {{\n",
                snake(name)
            ));
            self.nesting.push(name);
            self.p.indent();
            for n in nested {
                self.gen_message(n);
            }
            for &e in &m.enums {
                self.gen_enum(e);
            }
            for &o in &oneofs {
                self.gen_oneof(id, &fq, o);
            }
            self.p.outdent();
            self.nesting.pop();
            self.p.raw("}\n");
        }
        if self.s.options.enable_type_names {
            self.gen_type_name(name);
        }
    }

    /// The fields written as struct fields (proto3 `optional` ones
    /// included), and the oneofs that have fields, each in declaration order.
    fn split_fields(&self, id: MessageId) -> (Vec<FieldId>, Vec<OneofId>) {
        let model = self.model();
        let m = model.message(id);
        let plain = m
            .fields
            .iter()
            .copied()
            .filter(|&f| !matches!(model.field(f).oneof, Some((_, false))))
            .collect();
        let oneofs = m
            .oneofs
            .iter()
            .copied()
            .filter(|&o| !model.oneof(o).synthetic && !model.oneof(o).fields.is_empty())
            .collect();
        (plain, oneofs)
    }

    fn skip_debug(&mut self, fq: &str) {
        if self.s.options.skip_debug.all(fq).next().is_some() {
            self.p.raw("#[prost(skip_debug)]\n");
        }
    }

    /// `impl prost::Name`, written as prost-build writes it: unindented,
    /// its functions run together on one line.
    fn gen_type_name(&mut self, name: &str) {
        let package = self.package;
        let mut full = package.trim_matches('.').to_string();
        if !package.is_empty() {
            full.push('.');
        }
        if !self.nesting.is_empty() {
            full.push_str(&self.nesting.join("."));
            full.push('.');
        }
        full.push_str(name);
        let string = "::prost::alloc::string::String";
        self.p.verbatim(&format!(
            "impl ::prost::Name for {} {{\nconst NAME: &'static str = \"{name}\";\nconst PACKAGE: &'static str = \"{package}\";\nfn full_name() -> {string} {{ \"{full}\".into() }}fn type_url() -> {string} {{ \"/{full}\".into() }}}}\n",
            camel(name)
        ));
    }

    /// Whether a singular field is an `Option`.
    fn optional(&self, f: &Field) -> bool {
        if matches!(f.oneof, Some((_, true))) {
            return true;
        }
        if f.cardinality != Cardinality::Optional {
            return false;
        }
        if self.edition >= Edition::E2023 {
            return f.presence == Presence::Explicit;
        }
        f.descriptor_type() == Type::Message || self.edition == Edition::PROTO2
    }

    /// Whether a repeated field of a packable type is written unpacked.
    fn unpacked(&self, f: &Field) -> bool {
        if self.edition >= Edition::E2023 {
            return f.features.repeated_field_encoding() != RepeatedFieldEncoding::Packed;
        }
        // prost-build's reading: with an options message, packed only when
        // `packed = true`; without one, packed in proto3 only. A plugin
        // gets no options message for a file to generate whose options all
        // have source retention.
        let sent = f.options.present
            && (!self.s.targets.contains(&f.file)
                || f.options.encoded.0.is_empty()
                || self.has_runtime_option(f));
        if sent {
            f.options.packed != Some(true)
        } else {
            self.edition != Edition::PROTO3
        }
    }

    fn has_runtime_option(&self, f: &Field) -> bool {
        let mut r = crate::descriptor::wire::Reader::new(&f.options.encoded.0);
        while let Some((n, _, _)) = r.field() {
            if !self.s.source_only_field_options.contains(&n) {
                return true;
            }
        }
        false
    }

    fn gen_field(&mut self, owner: MessageId, fq: &str, id: FieldId) {
        let model = self.model();
        let f = model.field(id);
        let name = &model[f.name];
        let ty = f.descriptor_type();
        let repeated = f.cardinality == Cardinality::Repeated;
        let optional = self.optional(f);
        let boxed = self.boxed(owner, f, fq);
        let rust = self.rust_type(f, fq, name);
        self.doc(fq, Some(name), &f.origin);
        if f.options.is_deprecated() {
            self.p.raw("#[deprecated]\n");
        }
        let mut attr = format!("#[prost({}", self.type_tag(f));
        if ty == Type::Bytes {
            let kind = if self.bytes(fq, name) { "bytes" } else { "vec" };
            attr.push_str(&format!("={kind:?}"));
        }
        match f.cardinality {
            Cardinality::Optional if optional => attr.push_str(", optional"),
            Cardinality::Optional => {}
            Cardinality::Required => attr.push_str(", required"),
            Cardinality::Repeated => {
                attr.push_str(", repeated");
                if can_pack(ty) && self.unpacked(f) {
                    attr.push_str(", packed=\"false\"");
                }
            }
        }
        if boxed {
            attr.push_str(", boxed");
        }
        attr.push_str(&format!(", tag=\"{}", f.number));
        if let Some(default) = &f.default {
            attr.push_str("\", default=\"");
            attr.push_str(&self.default_text(f, default));
        }
        attr.push_str("\")]\n");
        self.p.raw(&attr);
        self.field_attributes(fq, name);
        let mut decl = format!("pub {}: ", snake(name));
        if repeated {
            decl.push_str("::prost::alloc::vec::Vec<");
        } else if optional {
            decl.push_str("::core::option::Option<");
        }
        if boxed {
            decl.push_str(&format!("::prost::alloc::boxed::Box<{rust}>"));
        } else {
            decl.push_str(&rust);
        }
        if repeated || optional {
            decl.push('>');
        }
        decl.push_str(",\n");
        self.p.raw(&decl);
    }

    /// A default as `default="..."` holds it.
    fn default_text(&self, f: &Field, default: &DefaultValue) -> String {
        let model = self.model();
        let text = match default {
            DefaultValue::Bytes(b) => {
                let mut out = String::from("b\\\"");
                for &byte in b {
                    out.extend(
                        std::ascii::escape_default(byte).flat_map(|c| (c as char).escape_default()),
                    );
                }
                out.push_str("\\\"");
                return out;
            }
            DefaultValue::Enum(v) => {
                let value = camel(&model[model.enum_value(*v).name]);
                if self.s.options.retain_enum_prefix {
                    return value;
                }
                let e = model.enum_(model.enum_value(*v).enum_);
                return strip_enum_prefix(&camel(&model[e.name]), &value);
            }
            DefaultValue::Bool(b) => b.to_string(),
            DefaultValue::Int(i) => i.to_string(),
            DefaultValue::Uint(u) => u.to_string(),
            DefaultValue::Float(x) => match f.kind {
                FieldKind::Scalar(Scalar::Float) => simple_ftoa(*x as f32),
                _ => simple_dtoa(*x),
            },
            DefaultValue::String(s) => s.clone(),
        };
        text.escape_default().to_string()
    }

    fn gen_map_field(&mut self, fq: &str, id: FieldId, entry: MessageId) {
        let model = self.model();
        let f = model.field(id);
        let name = &model[f.name];
        let e = model.message(entry);
        let (key, value) = (model.field(e.fields[0]), model.field(e.fields[1]));
        let key_ty = self.rust_type(key, fq, "key");
        let value_ty = self.rust_type(value, fq, "value");
        self.doc(fq, Some(name), &f.origin);
        let btree = self.s.options.btree_map.best_field(fq, name).is_some();
        let value_tag = match value.descriptor_type() {
            Type::Enum => format!(
                "enumeration({})",
                self.resolve_ident(&self.type_fq(value).unwrap_or_default())
            ),
            _ => self.type_tag(value),
        };
        self.p.raw(&format!(
            "#[prost({}=\"{}, {value_tag}\", tag=\"{}\")]\n",
            if btree { "btree_map" } else { "map" },
            self.type_tag(key),
            f.number
        ));
        self.field_attributes(fq, name);
        self.p.raw(&format!(
            "pub {}: {}<{key_ty}, {value_ty}>,\n",
            snake(name),
            if btree {
                "::prost::alloc::collections::BTreeMap"
            } else {
                "::std::collections::HashMap"
            }
        ));
    }

    fn gen_oneof_field(&mut self, message: &str, fq: &str, id: OneofId) {
        let model = self.model();
        let o = model.oneof(id);
        let name = &model[o.name];
        let path = format!("{}::{}", snake(message), camel(name));
        self.doc(fq, None, &o.origin);
        let tags: Vec<String> = o
            .fields
            .iter()
            .map(|&f| model.field(f).number.to_string())
            .collect();
        self.p.raw(&format!(
            "#[prost(oneof=\"{path}\", tags=\"{}\")]\n",
            tags.join(", ")
        ));
        self.field_attributes(fq, name);
        self.p.raw(&format!(
            "pub {}: ::core::option::Option<{path}>,\n",
            snake(name)
        ));
    }

    fn gen_oneof(&mut self, owner: MessageId, fq: &str, id: OneofId) {
        let model = self.model();
        let o = model.oneof(id);
        let name = &model[o.name];
        self.doc(fq, None, &o.origin);
        let oneof_path = format!("{fq}.{name}");
        self.attributes(&self.s.options.type_attribute, &oneof_path);
        self.attributes(&self.s.options.enum_attribute, &oneof_path);
        let boxed = self.configured_box();
        let copy = o
            .fields
            .iter()
            .all(|&f| self.s.graph.field_copy(owner, model.field(f), &boxed));
        let eq = o
            .fields
            .iter()
            .all(|&f| self.s.graph.field_eq(owner, model.field(f)));
        self.p.raw(&format!(
            "#[derive(Clone, {}PartialEq, {}::prost::Oneof)]\n",
            if copy { "Copy, " } else { "" },
            if eq { "Eq, Hash, " } else { "" }
        ));
        self.skip_debug(fq);
        self.p.raw(&format!("pub enum {} {{\n", camel(name)));
        self.p.indent();
        for &fid in &o.fields {
            let f = model.field(fid);
            let field_name = &model[f.name];
            self.doc(fq, Some(field_name), &f.origin);
            self.p.raw(&format!(
                "#[prost({}, tag=\"{}\")]\n",
                self.type_tag(f),
                f.number
            ));
            self.field_attributes(&oneof_path, field_name);
            let ty = self.rust_type(f, fq, field_name);
            let variant = camel(field_name);
            if self.boxed(owner, f, &oneof_path) {
                self.p
                    .raw(&format!("{variant}(::prost::alloc::boxed::Box<{ty}>),\n"));
            } else {
                self.p.raw(&format!("{variant}({ty}),\n"));
            }
        }
        self.p.outdent();
        self.p.raw("}\n");
    }

    fn gen_enum(&mut self, id: EnumId) {
        let model = self.model();
        let e = model.enum_(id);
        let fq = self.fq(e.full_name);
        if self.s.externs.resolve(&fq).is_some() {
            return;
        }
        let name = camel(&model[e.name]);
        let variants = match super::enum_variants(model, id, !self.s.options.retain_enum_prefix) {
            Ok(v) => v,
            Err(e) => {
                self.error.get_or_insert(e);
                return;
            }
        };
        self.doc(&fq, None, &e.origin);
        self.attributes(&self.s.options.type_attribute, &fq);
        self.attributes(&self.s.options.enum_attribute, &fq);
        let debug = if self.s.options.skip_debug.all(&fq).next().is_some() {
            ""
        } else {
            "Debug, "
        };
        self.p.raw(&format!(
            "#[derive(Clone, Copy, {debug}PartialEq, Eq, Hash, PartialOrd, Ord, ::prost::Enumeration)]\n#[repr(i32)]\npub enum {name} {{\n"
        ));
        self.p.indent();
        for (v, variant) in &variants {
            let value = model.enum_value(*v);
            let proto = &model[value.name];
            self.doc(&fq, Some(proto), &value.origin);
            self.field_attributes(&fq, proto);
            self.p.raw(&format!("{variant} = {},\n", value.number));
        }
        self.p.outdent();
        self.p.raw(&format!("}}\nimpl {name} {{\n"));
        self.p.indented(|p| {
            p.raw("/// String value of the enum field names used in the ProtoBuf definition.\n///\n/// The values are not transformed in any way and thus are considered stable\n/// (if the ProtoBuf definition does not change) and safe for programmatic use.\npub fn as_str_name(&self) -> &'static str {\n");
            p.indented(|p| {
                p.raw("match self {\n");
                p.indented(|p| {
                    for (v, variant) in &variants {
                        let proto = &model[model.enum_value(*v).name];
                        p.raw(&format!("Self::{variant} => \"{proto}\",\n"));
                    }
                });
                p.raw("}\n");
            });
            p.raw("}\n/// Creates an enum from field names used in the ProtoBuf definition.\npub fn from_str_name(value: &str) -> ::core::option::Option<Self> {\n");
            p.indented(|p| {
                p.raw("match value {\n");
                p.indented(|p| {
                    for (v, variant) in &variants {
                        let proto = &model[model.enum_value(*v).name];
                        p.raw(&format!("\"{proto}\" => Some(Self::{variant}),\n"));
                    }
                    p.raw("_ => None,\n");
                });
                p.raw("}\n");
            });
            p.raw("}\n");
        });
        self.p.raw("}\n");
    }
}
