//! Building a [`Model`] from file descriptors, one file at a time after
//! the files it imports: first its messages and enums get their ids (so
//! references within the file can point anywhere in it), then its fields,
//! oneofs, extensions and services are resolved against everything
//! declared so far.

use rustc_hash::FxHashMap as HashMap;

use super::features::{own_feature_set, FieldPresence, MessageEncoding, RepeatedFieldEncoding};
use super::options::*;
use super::origin::Locations;
use super::*;
use crate::descriptor::tags::*;
use crate::semantic::export::{export_file, output_order, ExportOptions};
use crate::semantic::lower::Locs;
use crate::semantic::walk::join;
use crate::semantic::Compilation;

impl Model {
    /// The model of the files `roots` (pool indices) of a compilation that
    /// has no errors, and of everything they import, in the order protoc
    /// writes them; built from the descriptors protogen exports for them
    /// (with source information and every option).
    pub fn from_compilation(c: &Compilation, roots: &[usize]) -> Result<Model, String> {
        let opts = ExportOptions {
            include_imports: true,
            include_source_info: true,
            retain_options: true,
            include_json_name: true,
        };
        // Files are exported on every core and added in order as they come,
        // so only the few exported descriptors (with their source
        // information) not yet added are held at once.
        let order = output_order(&c.pool, roots, true);
        let mut b = Builder::default();
        b.reserve(order.iter().map(|&f| &c.pool.files[f].proto));
        let export = |&f: &usize| {
            let runtime = roots.contains(&f).then(|| {
                let mut bytes = Vec::new();
                export_file(&c.pool, &c.sources, f, ExportOptions::default()).encode(&mut bytes);
                bytes
            });
            (f, export_file(&c.pool, &c.sources, f, opts), runtime)
        };
        crate::parallel::for_each_in_order(&order, export, |(f, fd, runtime)| {
            // A file parsed in this run has its comments in the compiler's
            // locations; one from a descriptor set in its source information.
            let entry = &c.pool.files[f];
            let compiled = entry.source.is_some().then_some(&entry.locs);
            b.add_file(&fd, compiled, runtime)
        })?;
        Ok(b.finish())
    }

    /// The model of `files`, each after the files it imports (as in a
    /// `FileDescriptorSet` written with imports, or a plugin request).
    /// References to files or types not among them are an error.
    pub fn from_descriptors(files: Vec<d::FileDescriptorProto>) -> Result<Model, String> {
        let mut b = Builder::default();
        b.reserve(files.iter());
        for fd in files {
            let mut runtime = Vec::new();
            d::FileDescriptorProto {
                source_code_info: None,
                ..fd.clone()
            }
            .encode(&mut runtime);
            b.add_file(&fd, None, Some(runtime))?;
        }
        Ok(b.finish())
    }
}

#[derive(Default)]
struct Builder {
    model: Model,
    messages: HashMap<Name, MessageId>,
    enums: HashMap<Name, EnumId>,
    /// The key and value fields of each map entry message.
    map_entries: HashMap<MessageId, (d::FieldDescriptorProto, d::FieldDescriptorProto)>,
}

fn child(path: &[i32], tag: u32, index: usize) -> Vec<i32> {
    let mut p = path.to_vec();
    p.extend([tag as i32, index as i32]);
    p
}

fn name_of(name: &Option<String>) -> String {
    name.clone().unwrap_or_default()
}

fn visibility(v: Option<i32>) -> Visibility {
    match v {
        Some(1) => Visibility::Local,
        Some(2) => Visibility::Export,
        _ => Visibility::Unset,
    }
}

fn features_of(parent: &Features, options: Option<&[u8]>, field: u32) -> Features {
    parent.merged(&own_feature_set(options, field))
}

impl Builder {
    /// Room in every arena for the entities of `files`, so the arenas do
    /// not grow (and briefly exist twice) while they fill.
    fn reserve<'a>(&mut self, files: impl Iterator<Item = &'a d::FileDescriptorProto>) {
        #[derive(Default)]
        struct Counts([usize; 9]);
        const FILES: usize = 0;
        const MESSAGES: usize = 1;
        const FIELDS: usize = 2;
        const EXTENSIONS: usize = 3;
        const ONEOFS: usize = 4;
        const ENUMS: usize = 5;
        const VALUES: usize = 6;
        const SERVICES: usize = 7;
        const METHODS: usize = 8;
        fn message(m: &d::DescriptorProto, n: &mut Counts) {
            n.0[MESSAGES] += 1;
            n.0[FIELDS] += m.field.len();
            n.0[EXTENSIONS] += m.extension.len();
            n.0[ONEOFS] += m.oneof_decl.len();
            for e in &m.enum_type {
                enum_type(e, n);
            }
            for x in &m.nested_type {
                message(x, n);
            }
        }
        fn enum_type(e: &d::EnumDescriptorProto, n: &mut Counts) {
            n.0[ENUMS] += 1;
            n.0[VALUES] += e.value.len();
        }
        let mut n = Counts::default();
        for fd in files {
            n.0[FILES] += 1;
            fd.message_type.iter().for_each(|m| message(m, &mut n));
            fd.enum_type.iter().for_each(|e| enum_type(e, &mut n));
            n.0[EXTENSIONS] += fd.extension.len();
            n.0[SERVICES] += fd.service.len();
            n.0[METHODS] += fd.service.iter().map(|s| s.method.len()).sum::<usize>();
        }
        let m = &mut self.model;
        m.files.reserve_exact(n.0[FILES]);
        m.messages.reserve_exact(n.0[MESSAGES]);
        m.fields.reserve_exact(n.0[FIELDS]);
        m.extensions.reserve_exact(n.0[EXTENSIONS]);
        m.oneofs.reserve_exact(n.0[ONEOFS]);
        m.enums.reserve_exact(n.0[ENUMS]);
        m.enum_values.reserve_exact(n.0[VALUES]);
        m.services.reserve_exact(n.0[SERVICES]);
        m.methods.reserve_exact(n.0[METHODS]);
    }

    fn finish(mut self) -> Model {
        self.model.names.shrink();
        self.model
    }

    fn intern(&mut self, s: &str) -> Name {
        self.model.names.intern(s)
    }

    /// Pass one: the file, its messages and enums, with ids and names.
    /// Adds a file whose imports are in the model already.
    /// `compiled` is the compiler's locations of the file, whose comments
    /// the model shares.
    fn add_file(
        &mut self,
        fd: &d::FileDescriptorProto,
        compiled: Option<&Locs>,
        runtime: Option<Vec<u8>>,
    ) -> Result<(), String> {
        let locations = Locations::of(fd, compiled);
        let id = self.declare_file(fd, runtime, &locations)?;
        self.resolve_file(id, fd, &locations)
    }

    fn declare_file(
        &mut self,
        fd: &d::FileDescriptorProto,
        runtime: Option<Vec<u8>>,
        locations: &Locations,
    ) -> Result<FileId, String> {
        let id = FileId(self.model.files.len() as u32);
        let name = name_of(&fd.name);
        let edition = match fd.syntax.as_deref() {
            Some("editions") => Edition(fd.edition.unwrap_or(0)),
            s => Edition::of_syntax(s),
        };
        let mut imports = Vec::new();
        for (i, dep) in fd.dependency.iter().enumerate() {
            let file = self.file_named(dep, &name)?;
            imports.push(Import {
                file,
                public: fd.public_dependency.contains(&(i as i32)),
                weak: fd.weak_dependency.contains(&(i as i32)),
            });
        }
        let option_imports = fd
            .option_dependency
            .iter()
            .map(|dep| self.file_named(dep, &name))
            .collect::<Result<_, _>>()?;
        let options = FileOptions::decode(fd.options.as_deref());
        let features = features_of(
            &Features::defaults(edition),
            fd.options.as_deref(),
            FILE_OPTIONS_FEATURES,
        );
        let package = name_of(&fd.package);
        let scope = Scope::File(id);
        let mut messages = Vec::new();
        for (i, m) in fd.message_type.iter().enumerate() {
            let path = [FILE_MESSAGE_TYPE as i32, i as i32];
            messages
                .push(self.declare_message(id, scope, &package, m, &path, &features, locations));
        }
        let mut enums = Vec::new();
        for (i, e) in fd.enum_type.iter().enumerate() {
            let path = [FILE_ENUM_TYPE as i32, i as i32];
            enums.push(self.declare_enum(id, scope, &package, e, &path, &features, locations));
        }
        let origin = locations.origin(&[]);
        let (name, package) = (self.intern(&name), self.intern(&package));
        self.model.by_file_name.insert(name, id);
        self.model.files.push(File {
            name,
            package,
            edition,
            imports,
            option_imports,
            messages,
            enums,
            services: Vec::new(),
            extensions: Vec::new(),
            options,
            features,
            origin,
            runtime,
        });
        Ok(id)
    }

    fn file_named(&self, dep: &str, importer: &str) -> Result<FileId, String> {
        self.model
            .file_by_name(dep)
            .ok_or_else(|| format!("{importer}: import \"{dep}\" is not among the files before it"))
    }

    #[allow(clippy::too_many_arguments)]
    fn declare_message(
        &mut self,
        file: FileId,
        parent: Scope,
        scope: &str,
        m: &d::DescriptorProto,
        path: &[i32],
        parent_features: &Features,
        locations: &Locations,
    ) -> MessageId {
        let id = MessageId(self.model.messages.len() as u32);
        let full_name = join(scope, &name_of(&m.name));
        let features = features_of(
            parent_features,
            m.options.as_deref(),
            MESSAGE_OPTIONS_FEATURES,
        );
        let (name, full) = (self.intern(&name_of(&m.name)), self.intern(&full_name));
        self.messages.insert(full, id);
        let reserved_names = m.reserved_name.iter().map(|n| self.intern(n)).collect();
        self.model.messages.push(Message {
            name,
            full_name: full,
            file,
            parent,
            fields: Vec::new(),
            oneofs: Vec::new(),
            messages: Vec::new(),
            enums: Vec::new(),
            extensions: Vec::new(),
            extension_ranges: m
                .extension_range
                .iter()
                .map(|r| ExtensionRange {
                    range: r.start.unwrap_or(0)..r.end.unwrap_or(0),
                    options: r.options.clone(),
                })
                .collect(),
            reserved_ranges: m
                .reserved_range
                .iter()
                .map(|r| r.start.unwrap_or(0)..r.end.unwrap_or(0))
                .collect(),
            reserved_names,
            visibility: visibility(m.visibility),
            options: MessageOptions::decode(m.options.as_deref()),
            features,
            origin: locations.origin(path),
        });
        let me = Scope::Message(id);
        let mut nested = Vec::new();
        for (i, n) in m.nested_type.iter().enumerate() {
            let p = child(path, MSG_NESTED_TYPE, i);
            nested.push(self.declare_message(file, me, &full_name, n, &p, &features, locations));
        }
        let mut enums = Vec::new();
        for (i, e) in m.enum_type.iter().enumerate() {
            let p = child(path, MSG_ENUM_TYPE, i);
            enums.push(self.declare_enum(file, me, &full_name, e, &p, &features, locations));
        }
        if m.options.is_some() && self.model.messages[id.index()].options.map_entry == Some(true) {
            let find = |n: i32| m.field.iter().find(|f| f.number == Some(n)).cloned();
            if let (Some(k), Some(v)) = (find(1), find(2)) {
                self.map_entries.insert(id, (k, v));
            }
        }
        let msg = &mut self.model.messages[id.index()];
        msg.messages = nested;
        msg.enums = enums;
        id
    }

    #[allow(clippy::too_many_arguments)]
    fn declare_enum(
        &mut self,
        file: FileId,
        parent: Scope,
        scope: &str,
        e: &d::EnumDescriptorProto,
        path: &[i32],
        parent_features: &Features,
        locations: &Locations,
    ) -> EnumId {
        let id = EnumId(self.model.enums.len() as u32);
        let full_name = join(scope, &name_of(&e.name));
        let features = features_of(parent_features, e.options.as_deref(), ENUM_OPTIONS_FEATURES);
        let mut values = Vec::new();
        for (i, v) in e.value.iter().enumerate() {
            let vid = EnumValueId(self.model.enum_values.len() as u32);
            values.push(vid);
            let name = name_of(&v.name);
            let (name, full_name) = (self.intern(&name), self.intern(&join(scope, &name)));
            self.model.enum_values.push(EnumValue {
                name,
                // Values are siblings of their enum.
                full_name,
                number: v.number.unwrap_or(0),
                enum_: id,
                options: EnumValueOptions::decode(v.options.as_deref()),
                features: features_of(&features, v.options.as_deref(), ENUM_VALUE_OPTIONS_FEATURES),
                origin: locations.origin(&child(path, ENUM_VALUE, i)),
            });
        }
        let (name, full_name) = (self.intern(&name_of(&e.name)), self.intern(&full_name));
        self.enums.insert(full_name, id);
        let reserved_names = e.reserved_name.iter().map(|n| self.intern(n)).collect();
        self.model.enums.push(Enum {
            name,
            full_name,
            file,
            parent,
            values,
            reserved_ranges: e
                .reserved_range
                .iter()
                .map(|r| r.start.unwrap_or(0)..=r.end.unwrap_or(0))
                .collect(),
            reserved_names,
            visibility: visibility(e.visibility),
            open: features.enum_type() == super::features::EnumType::Open,
            options: EnumOptions::decode(e.options.as_deref()),
            features,
            origin: locations.origin(path),
        });
        id
    }
}

/// What a field needs from where it is declared.
struct FieldSite<'a> {
    file: FileId,
    edition: Edition,
    parent: Scope,
    /// The full name of the message or package it is declared in.
    scope: &'a str,
    features: &'a Features,
    oneof: Option<OneofId>,
}

impl Builder {
    /// Pass two: a file's fields, oneofs, extensions and services.
    fn resolve_file(
        &mut self,
        file: FileId,
        fd: &d::FileDescriptorProto,
        locations: &Locations,
    ) -> Result<(), String> {
        let f = &self.model.files[file.index()];
        let (edition, features) = (f.edition, f.features);
        let package = self.model[f.package].to_string();
        let messages = f.messages.clone();
        for (i, (m, id)) in fd.message_type.iter().zip(messages).enumerate() {
            let path = [FILE_MESSAGE_TYPE as i32, i as i32];
            self.resolve_message(file, edition, id, m, &path, locations)?;
        }
        let site = FieldSite {
            file,
            edition,
            parent: Scope::File(file),
            scope: &package,
            features: &features,
            oneof: None,
        };
        let mut extensions = Vec::new();
        for (i, x) in fd.extension.iter().enumerate() {
            let path = [FILE_EXTENSION as i32, i as i32];
            let field = self.field(&site, x, &path, locations)?;
            extensions.push(ExtensionId(self.model.extensions.len() as u32));
            self.model.extensions.push(field);
        }
        let mut services = Vec::new();
        for (i, s) in fd.service.iter().enumerate() {
            let path = [FILE_SERVICE as i32, i as i32];
            services.push(self.service(file, &package, &features, s, &path, locations)?);
        }
        let f = &mut self.model.files[file.index()];
        f.extensions = extensions;
        f.services = services;
        Ok(())
    }

    fn resolve_message(
        &mut self,
        file: FileId,
        edition: Edition,
        id: MessageId,
        m: &d::DescriptorProto,
        path: &[i32],
        locations: &Locations,
    ) -> Result<(), String> {
        let (full_name, features) = {
            let msg = &self.model.messages[id.index()];
            (self.model[msg.full_name].to_string(), msg.features)
        };
        let mut oneofs = Vec::new();
        for (i, o) in m.oneof_decl.iter().enumerate() {
            let oid = OneofId(self.model.oneofs.len() as u32);
            oneofs.push(oid);
            let name = name_of(&o.name);
            let (name, oneof_name) = (self.intern(&name), self.intern(&join(&full_name, &name)));
            self.model.oneofs.push(Oneof {
                name,
                full_name: oneof_name,
                message: id,
                fields: Vec::new(),
                synthetic: false,
                options: OneofOptions::decode(o.options.as_deref()),
                features: features_of(&features, o.options.as_deref(), ONEOF_OPTIONS_FEATURES),
                origin: locations.origin(&child(path, MSG_ONEOF_DECL, i)),
            });
        }
        let mut fields = Vec::new();
        for (i, f) in m.field.iter().enumerate() {
            let oneof = match f.oneof_index {
                Some(k) => Some(*oneofs.get(k as usize).ok_or_else(|| {
                    format!("{full_name}: field {:?} names a missing oneof", f.name)
                })?),
                None => None,
            };
            let scope_features = match oneof {
                Some(o) => self.model.oneofs[o.index()].features,
                None => features,
            };
            let site = FieldSite {
                file,
                edition,
                parent: Scope::Message(id),
                scope: &full_name,
                features: &scope_features,
                oneof,
            };
            let field = self.field(&site, f, &child(path, MSG_FIELD, i), locations)?;
            let fid = FieldId(self.model.fields.len() as u32);
            if let Some(o) = oneof {
                let o = &mut self.model.oneofs[o.index()];
                o.fields.push(fid);
                o.synthetic |= f.proto3_optional == Some(true);
            }
            fields.push(fid);
            self.model.fields.push(field);
        }
        let site = FieldSite {
            file,
            edition,
            parent: Scope::Message(id),
            scope: &full_name,
            features: &features,
            oneof: None,
        };
        let mut extensions = Vec::new();
        for (i, x) in m.extension.iter().enumerate() {
            let field = self.field(&site, x, &child(path, MSG_EXTENSION, i), locations)?;
            extensions.push(ExtensionId(self.model.extensions.len() as u32));
            self.model.extensions.push(field);
        }
        let nested = self.model.messages[id.index()].messages.clone();
        for (i, (n, nid)) in m.nested_type.iter().zip(nested).enumerate() {
            self.resolve_message(
                file,
                edition,
                nid,
                n,
                &child(path, MSG_NESTED_TYPE, i),
                locations,
            )?;
        }
        let msg = &mut self.model.messages[id.index()];
        msg.fields = fields;
        msg.oneofs = oneofs;
        msg.extensions = extensions;
        Ok(())
    }

    fn message_named(&self, name: &str, user: &str) -> Result<MessageId, String> {
        self.model
            .names
            .get(name.trim_start_matches('.'))
            .and_then(|n| self.messages.get(&n))
            .copied()
            .ok_or_else(|| format!("{user}: message \"{name}\" is not defined"))
    }

    fn enum_named(&self, name: &str, user: &str) -> Result<EnumId, String> {
        self.find_enum(name)
            .ok_or_else(|| format!("{user}: enum \"{name}\" is not defined"))
    }

    fn find_enum(&self, name: &str) -> Option<EnumId> {
        let name = self.model.names.get(name)?;
        self.enums.get(&name).copied()
    }

    fn field(
        &mut self,
        site: &FieldSite,
        f: &d::FieldDescriptorProto,
        path: &[i32],
        locations: &Locations,
    ) -> Result<Field, String> {
        let name = name_of(&f.name);
        let full_name = join(site.scope, &name);
        let options = FieldOptions::decode(f.options.as_deref());
        let mut features = features_of(site.features, f.options.as_deref(), FIELD_OPTIONS_FEATURES);
        let label = f.label.unwrap_or(d::Label::Optional);
        let type_name = f.type_name.as_deref().unwrap_or("").trim_start_matches('.');
        let ty = match f.r#type {
            Some(t) => t,
            None if self.find_enum(type_name).is_some() => d::Type::Enum,
            None => d::Type::Message,
        };
        if !site.edition.is_editions() {
            // protoc's features for proto2 and proto3 fields, from their labels and options.
            if label == d::Label::Required {
                features.set_field_presence(FieldPresence::LegacyRequired);
            }
            if ty == d::Type::Group {
                features.set_message_encoding(MessageEncoding::Delimited);
            }
            match options.packed {
                Some(true) => features.set_repeated_field_encoding(RepeatedFieldEncoding::Packed),
                Some(false) => {
                    features.set_repeated_field_encoding(RepeatedFieldEncoding::Expanded)
                }
                None => {}
            }
        }
        let kind = match ty {
            d::Type::Message | d::Type::Group => {
                FieldKind::Message(self.message_named(type_name, &full_name)?)
            }
            d::Type::Enum => FieldKind::Enum(self.enum_named(type_name, &full_name)?),
            scalar => FieldKind::Scalar(Scalar::of(scalar).expect("a scalar type")),
        };
        let kind = self.map_kind(kind, label)?;
        let is_extension = f.extendee.is_some();
        let cardinality = match label {
            d::Label::Repeated => Cardinality::Repeated,
            d::Label::Required => Cardinality::Required,
            d::Label::Optional if features.field_presence() == FieldPresence::LegacyRequired => {
                Cardinality::Required
            }
            d::Label::Optional => Cardinality::Optional,
        };
        let presence = match cardinality {
            Cardinality::Repeated => Presence::Implicit,
            Cardinality::Required => Presence::Required,
            Cardinality::Optional
                if matches!(kind, FieldKind::Message(_))
                    || site.oneof.is_some()
                    || is_extension
                    || f.proto3_optional == Some(true) =>
            {
                Presence::Explicit
            }
            Cardinality::Optional => match features.field_presence() {
                FieldPresence::Implicit => Presence::Implicit,
                _ => Presence::Explicit,
            },
        };
        let delimited = ty == d::Type::Group
            || (site.edition.is_editions()
                && matches!(kind, FieldKind::Message(_))
                && features.message_encoding() == MessageEncoding::Delimited);
        let extendee = match &f.extendee {
            Some(e) => Some(self.message_named(e, &full_name)?),
            None => None,
        };
        let default = match &f.default_value {
            Some(text) => Some(self.default_value(kind, text, &full_name)?),
            None => None,
        };
        let json_name = match &f.json_name {
            Some(j) => self.intern(j),
            None => self.intern(&crate::semantic::text::json_name(&name)),
        };
        Ok(Field {
            json_name,
            name: self.intern(&name),
            full_name: self.intern(&full_name),
            number: f.number.unwrap_or(0),
            file: site.file,
            parent: site.parent,
            kind,
            cardinality,
            presence,
            oneof: site.oneof.map(|o| (o, f.proto3_optional == Some(true))),
            default,
            extendee,
            delimited,
            options,
            features,
            origin: locations.origin(path),
        })
    }

    /// A repeated field of a map entry type is a map.
    fn map_kind(&self, kind: FieldKind, label: d::Label) -> Result<FieldKind, String> {
        let FieldKind::Message(entry) = kind else {
            return Ok(kind);
        };
        if label != d::Label::Repeated
            || self.model.messages[entry.index()].options.map_entry != Some(true)
        {
            return Ok(kind);
        }
        let entry_name = &self.model[self.model.messages[entry.index()].full_name];
        let Some((key, value)) = self.map_entries.get(&entry) else {
            return Err(format!("{entry_name}: a map entry without key and value"));
        };
        let key = key
            .r#type
            .and_then(Scalar::of)
            .ok_or_else(|| format!("{entry_name}: a map key must be a scalar"))?;
        let value_name = value
            .type_name
            .as_deref()
            .unwrap_or("")
            .trim_start_matches('.');
        let value = match value.r#type {
            Some(d::Type::Message) | Some(d::Type::Group) => {
                MapValue::Message(self.message_named(value_name, entry_name)?)
            }
            Some(d::Type::Enum) => MapValue::Enum(self.enum_named(value_name, entry_name)?),
            Some(t) => MapValue::Scalar(Scalar::of(t).expect("a scalar type")),
            None => match self.find_enum(value_name) {
                Some(e) => MapValue::Enum(e),
                None => MapValue::Message(self.message_named(value_name, entry_name)?),
            },
        };
        Ok(FieldKind::Map { entry, key, value })
    }
}

impl Builder {
    fn service(
        &mut self,
        file: FileId,
        package: &str,
        file_features: &Features,
        s: &d::ServiceDescriptorProto,
        path: &[i32],
        locations: &Locations,
    ) -> Result<ServiceId, String> {
        let id = ServiceId(self.model.services.len() as u32);
        let full_name = join(package, &name_of(&s.name));
        let features = features_of(
            file_features,
            s.options.as_deref(),
            SERVICE_OPTIONS_FEATURES,
        );
        let mut methods = Vec::new();
        for (i, m) in s.method.iter().enumerate() {
            let name = name_of(&m.name);
            let method_name = join(&full_name, &name);
            let input = self.message_named(m.input_type.as_deref().unwrap_or(""), &method_name)?;
            let output =
                self.message_named(m.output_type.as_deref().unwrap_or(""), &method_name)?;
            methods.push(MethodId(self.model.methods.len() as u32));
            let (name, method_name) = (self.intern(&name), self.intern(&method_name));
            self.model.methods.push(Method {
                name,
                full_name: method_name,
                service: id,
                input,
                output,
                client_streaming: m.client_streaming == Some(true),
                server_streaming: m.server_streaming == Some(true),
                options: MethodOptions::decode(m.options.as_deref()),
                features: features_of(&features, m.options.as_deref(), METHOD_OPTIONS_FEATURES),
                origin: locations.origin(&child(path, SERVICE_METHOD, i)),
            });
        }
        let (name, full_name) = (self.intern(&name_of(&s.name)), self.intern(&full_name));
        self.model.services.push(Service {
            name,
            full_name,
            file,
            methods,
            options: ServiceOptions::decode(s.options.as_deref()),
            features,
            origin: locations.origin(path),
        });
        Ok(id)
    }

    /// A default as the descriptor writes it (protoc's text for its type),
    /// typed.
    fn default_value(
        &self,
        kind: FieldKind,
        text: &str,
        field: &str,
    ) -> Result<DefaultValue, String> {
        let bad = || format!("{field}: default value \"{text}\" does not fit the field's type");
        Ok(match kind {
            FieldKind::Enum(e) => DefaultValue::Enum(
                self.model.enums[e.index()]
                    .values
                    .iter()
                    .copied()
                    .find(|&v| &self.model[self.model.enum_values[v.index()].name] == text)
                    .ok_or_else(bad)?,
            ),
            FieldKind::Scalar(s) => match s {
                Scalar::Bool => DefaultValue::Bool(match text {
                    "true" => true,
                    "false" => false,
                    _ => return Err(bad()),
                }),
                Scalar::String => DefaultValue::String(text.to_string()),
                Scalar::Bytes => {
                    // protoc writes bytes C-escaped, which is string literal syntax.
                    let quoted = format!("\"{text}\"");
                    DefaultValue::Bytes(crate::syntax::lexer::unescape(quoted.as_bytes()))
                }
                Scalar::Double | Scalar::Float => DefaultValue::Float(match text {
                    "inf" => f64::INFINITY,
                    "-inf" => f64::NEG_INFINITY,
                    "nan" => f64::NAN,
                    _ => text.parse().map_err(|_| bad())?,
                }),
                Scalar::Uint32 | Scalar::Uint64 | Scalar::Fixed32 | Scalar::Fixed64 => {
                    DefaultValue::Uint(text.parse().map_err(|_| bad())?)
                }
                _ => DefaultValue::Int(text.parse().map_err(|_| bad())?),
            },
            FieldKind::Message(_) | FieldKind::Map { .. } => return Err(bad()),
        })
    }
}
