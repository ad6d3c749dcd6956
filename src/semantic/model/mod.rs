//! The resolved, typed model code generators read: every file, message,
//! field, oneof, enum, value, service, method and extension in arenas
//! addressed by typed ids, with references resolved to ids, editions
//! features resolved on every entity, the core options typed, and the
//! comments of each declaration.
//!
//! A model is built from file descriptors in dependency order
//! ([`Model::from_descriptors`]): those protogen exports after checking
//! ([`Model::from_compilation`]), or those a `CodeGeneratorRequest` or a
//! `--descriptor_set_in` file carries. Both entry points therefore give
//! the same view. Names in target languages are not here: each backend
//! derives its own.

/// An enum of descriptor.proto (or a feature file) read from its number:
/// its values, `Undefined` for any other number, and the way back.
macro_rules! number_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $n:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant = $n,)*
            /// A number the enum does not define.
            Undefined,
        }

        impl From<u64> for $name {
            fn from(v: u64) -> $name {
                match v {
                    $($n => $name::$variant,)*
                    _ => $name::Undefined,
                }
            }
        }

        impl $name {
            /// The value's number in its enum; `None` for `Undefined`.
            pub fn number(self) -> Option<u64> {
                match self {
                    $($name::$variant => Some($n),)*
                    $name::Undefined => None,
                }
            }
        }
    };
}

mod build;
pub mod dump;
pub mod features;
pub mod names;
pub mod options;
mod origin;
pub mod runtime;

use rustc_hash::FxHashMap as HashMap;

use crate::descriptor::edition::Edition;
use crate::descriptor::{self as d};
pub use crate::syntax::ast::Comments;
pub use features::Features;
pub use names::{Name, Names};
use options::{
    EnumOptions, EnumValueOptions, FieldOptions, FileOptions, MessageOptions, MethodOptions,
    OneofOptions, ServiceOptions,
};
pub use runtime::Entity;

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub u32);

        impl $name {
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    )*};
}

ids! {
    /// A file of the model.
    FileId,
    /// A message (map entries and groups included).
    MessageId,
    /// A field of a message (not an extension).
    FieldId,
    /// A oneof, real or synthetic.
    OneofId,
    /// An enum.
    EnumId,
    /// A value of an enum.
    EnumValueId,
    /// A service.
    ServiceId,
    /// A method of a service.
    MethodId,
    /// An extension, declared at file level or inside a message.
    ExtensionId,
}

/// Where an entity is declared and what is said about it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Origin {
    /// The source path (`SourceCodeInfo.Location.path`).
    pub path: Box<[i32]>,
    /// Start line, start column, end line, end column, all zero-based,
    /// when the descriptors carry source information.
    pub span: Option<[i32; 4]>,
    /// The declaration's comments, when it has any (an empty string is
    /// no comment of that kind).
    pub comments: Option<std::sync::Arc<Comments>>,
}

impl Origin {
    /// The declaration's comments (none of each kind when it has none).
    pub fn comments(&self) -> &Comments {
        static NONE: Comments = Comments {
            leading: String::new(),
            trailing: String::new(),
            detached: Vec::new(),
        };
        self.comments.as_deref().unwrap_or(&NONE)
    }
}

/// The message or file an entity is declared in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    File(FileId),
    Message(MessageId),
}

pub struct File {
    pub name: Name,
    pub package: Name,
    pub edition: Edition,
    /// Regular imports, with whether each is `public` or `weak`.
    pub imports: Vec<Import>,
    /// Edition 2024 `import option` files.
    pub option_imports: Vec<FileId>,
    /// Top-level declarations, in declaration order.
    pub messages: Vec<MessageId>,
    pub enums: Vec<EnumId>,
    pub services: Vec<ServiceId>,
    pub extensions: Vec<ExtensionId>,
    pub options: FileOptions,
    pub features: Features,
    pub origin: Origin,
    /// The descriptor as protoc hands it to code generators, for those
    /// that embed it: no source information, and built from a compilation,
    /// without source-retention options. A model built from a compilation
    /// has it for the files to generate only. Encoded, as generators embed it.
    pub runtime: Option<Vec<u8>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Import {
    pub file: FileId,
    pub public: bool,
    pub weak: bool,
}

pub struct Message {
    pub name: Name,
    pub full_name: Name,
    pub file: FileId,
    pub parent: Scope,
    pub fields: Vec<FieldId>,
    pub oneofs: Vec<OneofId>,
    pub messages: Vec<MessageId>,
    pub enums: Vec<EnumId>,
    pub extensions: Vec<ExtensionId>,
    pub extension_ranges: Vec<ExtensionRange>,
    pub reserved_ranges: Vec<std::ops::Range<i32>>,
    pub reserved_names: Vec<Name>,
    pub visibility: Visibility,
    pub options: MessageOptions,
    pub features: Features,
    pub origin: Origin,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExtensionRange {
    /// Field numbers `start..end` (end exclusive, as in descriptors).
    pub range: std::ops::Range<i32>,
    /// The encoded `ExtensionRangeOptions`.
    pub options: Option<Vec<u8>>,
}

/// `export`/`local` on a message or enum (edition 2024).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Visibility {
    #[default]
    Unset,
    Local,
    Export,
}

/// A field or an extension.
pub struct Field {
    pub name: Name,
    pub full_name: Name,
    pub number: i32,
    pub file: FileId,
    /// For a field its message; for an extension where it is declared.
    pub parent: Scope,
    pub kind: FieldKind,
    pub cardinality: Cardinality,
    pub presence: Presence,
    /// The oneof a field belongs to, and whether it is proto3
    /// `optional`'s synthetic oneof.
    pub oneof: Option<(OneofId, bool)>,
    pub json_name: Name,
    pub default: Option<DefaultValue>,
    /// The extended message, for an extension.
    pub extendee: Option<MessageId>,
    /// Encoded as a group (a proto2 group, or `DELIMITED` in editions).
    pub delimited: bool,
    pub options: FieldOptions,
    pub features: Features,
    pub origin: Origin,
}

impl Field {
    /// The field's type as protoc's descriptors report it: a delimited
    /// message is a group, a map a message.
    pub fn descriptor_type(&self) -> d::Type {
        match self.kind {
            FieldKind::Scalar(s) => s.descriptor_type(),
            FieldKind::Enum(_) => d::Type::Enum,
            FieldKind::Message(_) if self.delimited => d::Type::Group,
            FieldKind::Message(_) | FieldKind::Map { .. } => d::Type::Message,
        }
    }
}

/// What a field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    Scalar(Scalar),
    Message(MessageId),
    Enum(EnumId),
    Map {
        entry: MessageId,
        key: Scalar,
        value: MapValue,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MapValue {
    Scalar(Scalar),
    Message(MessageId),
    Enum(EnumId),
}

/// The scalar types of the wire format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scalar {
    Double,
    Float,
    Int64,
    Uint64,
    Int32,
    Fixed64,
    Fixed32,
    Bool,
    String,
    Bytes,
    Uint32,
    Sfixed32,
    Sfixed64,
    Sint32,
    Sint64,
}

impl Scalar {
    /// The scalar of a descriptor type; `None` for messages, groups and enums.
    pub fn of(ty: d::Type) -> Option<Scalar> {
        use d::Type as T;
        Some(match ty {
            T::Double => Scalar::Double,
            T::Float => Scalar::Float,
            T::Int64 => Scalar::Int64,
            T::Uint64 => Scalar::Uint64,
            T::Int32 => Scalar::Int32,
            T::Fixed64 => Scalar::Fixed64,
            T::Fixed32 => Scalar::Fixed32,
            T::Bool => Scalar::Bool,
            T::String => Scalar::String,
            T::Bytes => Scalar::Bytes,
            T::Uint32 => Scalar::Uint32,
            T::Sfixed32 => Scalar::Sfixed32,
            T::Sfixed64 => Scalar::Sfixed64,
            T::Sint32 => Scalar::Sint32,
            T::Sint64 => Scalar::Sint64,
            T::Group | T::Message | T::Enum => return None,
        })
    }

    /// The descriptor type of a scalar.
    pub fn descriptor_type(self) -> d::Type {
        use d::Type as T;
        match self {
            Scalar::Double => T::Double,
            Scalar::Float => T::Float,
            Scalar::Int64 => T::Int64,
            Scalar::Uint64 => T::Uint64,
            Scalar::Int32 => T::Int32,
            Scalar::Fixed64 => T::Fixed64,
            Scalar::Fixed32 => T::Fixed32,
            Scalar::Bool => T::Bool,
            Scalar::String => T::String,
            Scalar::Bytes => T::Bytes,
            Scalar::Uint32 => T::Uint32,
            Scalar::Sfixed32 => T::Sfixed32,
            Scalar::Sfixed64 => T::Sfixed64,
            Scalar::Sint32 => T::Sint32,
            Scalar::Sint64 => T::Sint64,
        }
    }

    /// The name used in .proto files.
    pub fn proto_name(self) -> &'static str {
        match self {
            Scalar::Double => "double",
            Scalar::Float => "float",
            Scalar::Int64 => "int64",
            Scalar::Uint64 => "uint64",
            Scalar::Int32 => "int32",
            Scalar::Fixed64 => "fixed64",
            Scalar::Fixed32 => "fixed32",
            Scalar::Bool => "bool",
            Scalar::String => "string",
            Scalar::Bytes => "bytes",
            Scalar::Uint32 => "uint32",
            Scalar::Sfixed32 => "sfixed32",
            Scalar::Sfixed64 => "sfixed64",
            Scalar::Sint32 => "sint32",
            Scalar::Sint64 => "sint64",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cardinality {
    Optional,
    Required,
    Repeated,
}

/// Whether a singular field tracks being set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    /// Set or not, whatever the value (messages, oneof members,
    /// extensions, proto2 and `optional` fields, `EXPLICIT`).
    Explicit,
    /// Only a non-default value is sent (proto3 singular, `IMPLICIT`), and
    /// every repeated field and map.
    Implicit,
    /// proto2 `required` or `LEGACY_REQUIRED`.
    Required,
}

/// A field's declared default, typed.
#[derive(Clone, Debug, PartialEq)]
pub enum DefaultValue {
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    String(String),
    Bytes(Vec<u8>),
    Enum(EnumValueId),
}

pub struct Oneof {
    pub name: Name,
    pub full_name: Name,
    pub message: MessageId,
    pub fields: Vec<FieldId>,
    /// proto3 `optional`'s one-field oneof.
    pub synthetic: bool,
    pub options: OneofOptions,
    pub features: Features,
    pub origin: Origin,
}

pub struct Enum {
    pub name: Name,
    pub full_name: Name,
    pub file: FileId,
    pub parent: Scope,
    pub values: Vec<EnumValueId>,
    pub reserved_ranges: Vec<std::ops::RangeInclusive<i32>>,
    pub reserved_names: Vec<Name>,
    pub visibility: Visibility,
    /// Unknown values are kept (`OPEN`), not dropped to unknown fields.
    pub open: bool,
    pub options: EnumOptions,
    pub features: Features,
    pub origin: Origin,
}

pub struct EnumValue {
    pub name: Name,
    /// Scoped as protoc scopes values: a sibling of its enum.
    pub full_name: Name,
    pub number: i32,
    pub enum_: EnumId,
    pub options: EnumValueOptions,
    pub features: Features,
    pub origin: Origin,
}

pub struct Service {
    pub name: Name,
    pub full_name: Name,
    pub file: FileId,
    pub methods: Vec<MethodId>,
    pub options: ServiceOptions,
    pub features: Features,
    pub origin: Origin,
}

pub struct Method {
    pub name: Name,
    pub full_name: Name,
    pub service: ServiceId,
    pub input: MessageId,
    pub output: MessageId,
    pub client_streaming: bool,
    pub server_streaming: bool,
    pub options: MethodOptions,
    pub features: Features,
    pub origin: Origin,
}

/// Every entity of a set of files, resolved.
#[derive(Default)]
pub struct Model {
    pub files: Vec<File>,
    pub messages: Vec<Message>,
    pub fields: Vec<Field>,
    pub oneofs: Vec<Oneof>,
    pub enums: Vec<Enum>,
    pub enum_values: Vec<EnumValue>,
    pub services: Vec<Service>,
    pub methods: Vec<Method>,
    pub extensions: Vec<Field>,
    /// Every name, full name and JSON name of the model.
    pub names: Names,
    by_file_name: HashMap<Name, FileId>,
}

impl std::ops::Index<Name> for Model {
    type Output = str;
    fn index(&self, name: Name) -> &str {
        self.names.text(name)
    }
}

macro_rules! accessors {
    ($($fn:ident: $id:ident => $arena:ident: $ty:ty),* $(,)?) => {
        impl Model {$(
            pub fn $fn(&self, id: $id) -> &$ty {
                &self.$arena[id.index()]
            }
        )*}
    };
}

accessors! {
    file: FileId => files: File,
    message: MessageId => messages: Message,
    field: FieldId => fields: Field,
    oneof: OneofId => oneofs: Oneof,
    enum_: EnumId => enums: Enum,
    enum_value: EnumValueId => enum_values: EnumValue,
    service: ServiceId => services: Service,
    method: MethodId => methods: Method,
    extension: ExtensionId => extensions: Field,
}

impl Model {
    /// The file named `name` (its import name).
    pub fn file_by_name(&self, name: &str) -> Option<FileId> {
        self.by_file_name.get(&self.names.get(name)?).copied()
    }

    /// `files` grouped by package, for backends that write one file per
    /// package: packages in the order they first appear, files in the
    /// order given.
    pub fn packages(&self, files: &[FileId]) -> Vec<(&str, Vec<FileId>)> {
        let mut out: Vec<(&str, Vec<FileId>)> = Vec::new();
        for &f in files {
            let package = &self[self.file(f).package];
            match out.iter_mut().find(|(p, _)| *p == package) {
                Some((_, group)) => group.push(f),
                None => out.push((package, vec![f])),
            }
        }
        out
    }

    /// Whether a message is a map's synthesized entry.
    pub fn is_map_entry(&self, m: MessageId) -> bool {
        self.message(m).options.map_entry == Some(true)
    }

    /// The messages of a file, depth first in declaration order (each
    /// message before its nested ones).
    pub fn all_messages(&self, file: FileId) -> Vec<MessageId> {
        fn walk(model: &Model, m: MessageId, out: &mut Vec<MessageId>) {
            out.push(m);
            for &n in &model.message(m).messages {
                walk(model, n, out);
            }
        }
        let mut out = Vec::new();
        for &m in &self.file(file).messages {
            walk(self, m, &mut out);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, package: &str) -> d::FileDescriptorProto {
        d::FileDescriptorProto {
            name: Some(name.into()),
            package: Some(package.into()),
            ..Default::default()
        }
    }

    #[test]
    fn files_group_by_package_in_first_seen_order() {
        let model = Model::from_descriptors(vec![
            file("b1.proto", "b"),
            file("a.proto", "a"),
            file("b2.proto", "b"),
        ])
        .unwrap();
        let all = [FileId(0), FileId(1), FileId(2)];
        assert_eq!(
            model.packages(&all),
            vec![("b", vec![FileId(0), FileId(2)]), ("a", vec![FileId(1)])]
        );
    }
}
