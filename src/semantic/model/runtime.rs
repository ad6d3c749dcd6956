//! What protoc hands code generators to embed in generated code: each
//! file's runtime descriptor ([`File::runtime`]), and, addressed by entity,
//! the options and descriptors within it. Runtime options can differ from
//! an entity's `options`, which keep source-retention options.

use super::*;
use crate::descriptor::tags::*;
use crate::descriptor::wire::{self, Reader};

/// Any entity of the model, for what every kind is asked alike.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entity {
    File(FileId),
    Message(MessageId),
    Field(FieldId),
    Oneof(OneofId),
    Enum(EnumId),
    EnumValue(EnumValueId),
    Service(ServiceId),
    Method(MethodId),
    Extension(ExtensionId),
}

macro_rules! entity_from {
    ($($id:ident => $variant:ident),* $(,)?) => {$(
        impl From<$id> for Entity {
            fn from(id: $id) -> Entity {
                Entity::$variant(id)
            }
        }
    )*};
}

entity_from! {
    FileId => File,
    MessageId => Message,
    FieldId => Field,
    OneofId => Oneof,
    EnumId => Enum,
    EnumValueId => EnumValue,
    ServiceId => Service,
    MethodId => Method,
    ExtensionId => Extension,
}

/// The kinds of descriptor within a file descriptor.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    File,
    Message,
    Field,
    Oneof,
    Enum,
    EnumValue,
    Service,
    Method,
}

/// A descriptor within an encoded file descriptor: its kind and its bytes.
#[derive(Clone, Copy)]
struct Node<'a> {
    kind: Kind,
    bytes: &'a [u8],
}

/// The `index`th occurrence of length-delimited field `number`.
fn nth_message(bytes: &[u8], number: u32, index: usize) -> Option<&[u8]> {
    let mut r = Reader::new(bytes);
    let mut seen = 0;
    while let Some((n, wt, v)) = r.field() {
        if n == number && wt == wire::LEN {
            if seen == index {
                return Some(v);
            }
            seen += 1;
        }
    }
    None
}

/// The last occurrence of length-delimited field `number`.
fn last_message(bytes: &[u8], number: u32) -> Option<&[u8]> {
    let mut r = Reader::new(bytes);
    let mut found = None;
    while let Some((n, wt, v)) = r.field() {
        if n == number && wt == wire::LEN {
            found = Some(v);
        }
    }
    found
}

impl<'a> Node<'a> {
    /// The descriptor at source path `path` under this one.
    fn at(self, path: &[i32]) -> Option<Node<'a>> {
        let mut node = self;
        for step in path.chunks(2) {
            let [tag, index] = *step else {
                return None;
            };
            let (tag, i) = (u32::try_from(tag).ok()?, usize::try_from(index).ok()?);
            let kind = match (node.kind, tag) {
                (Kind::File, FILE_MESSAGE_TYPE) => Kind::Message,
                (Kind::File, FILE_ENUM_TYPE) => Kind::Enum,
                (Kind::File, FILE_SERVICE) => Kind::Service,
                (Kind::File, FILE_EXTENSION) => Kind::Field,
                (Kind::Message, MSG_FIELD) => Kind::Field,
                (Kind::Message, MSG_NESTED_TYPE) => Kind::Message,
                (Kind::Message, MSG_ENUM_TYPE) => Kind::Enum,
                (Kind::Message, MSG_EXTENSION) => Kind::Field,
                (Kind::Message, MSG_ONEOF_DECL) => Kind::Oneof,
                (Kind::Enum, ENUM_VALUE) => Kind::EnumValue,
                (Kind::Service, SERVICE_METHOD) => Kind::Method,
                _ => return None,
            };
            node = Node {
                kind,
                bytes: nth_message(node.bytes, tag, i)?,
            };
        }
        Some(node)
    }

    fn options(self) -> Option<&'a [u8]> {
        let field = match self.kind {
            Kind::File => FILE_OPTIONS,
            Kind::Message => MSG_OPTIONS,
            Kind::Field => FIELD_OPTIONS,
            Kind::Oneof => ONEOF_OPTIONS,
            Kind::Enum => ENUM_OPTIONS,
            Kind::EnumValue => ENUM_VALUE_OPTIONS,
            Kind::Service => SERVICE_OPTIONS,
            Kind::Method => METHOD_OPTIONS,
        };
        last_message(self.bytes, field)
    }

    /// The descriptor encoded, for the kinds that are encoded on their own.
    fn encoded(self) -> Option<&'a [u8]> {
        match self.kind {
            Kind::File | Kind::Message | Kind::Field | Kind::Enum | Kind::Service => {
                Some(self.bytes)
            }
            Kind::Oneof | Kind::EnumValue | Kind::Method => None,
        }
    }
}

impl Model {
    /// The file an entity is declared in, and its place there.
    fn whereabouts(&self, entity: Entity) -> (FileId, &Origin) {
        match entity {
            Entity::File(id) => (id, &self.file(id).origin),
            Entity::Message(id) => (self.message(id).file, &self.message(id).origin),
            Entity::Field(id) => (self.field(id).file, &self.field(id).origin),
            Entity::Oneof(id) => {
                let o = self.oneof(id);
                (self.message(o.message).file, &o.origin)
            }
            Entity::Enum(id) => (self.enum_(id).file, &self.enum_(id).origin),
            Entity::EnumValue(id) => {
                let v = self.enum_value(id);
                (self.enum_(v.enum_).file, &v.origin)
            }
            Entity::Service(id) => (self.service(id).file, &self.service(id).origin),
            Entity::Method(id) => {
                let m = self.method(id);
                (self.service(m.service).file, &m.origin)
            }
            Entity::Extension(id) => (self.extension(id).file, &self.extension(id).origin),
        }
    }

    fn runtime_node(&self, entity: Entity) -> Option<Node<'_>> {
        let (file, origin) = self.whereabouts(entity);
        let bytes = self.file(file).runtime.as_deref()?;
        Node {
            kind: Kind::File,
            bytes,
        }
        .at(&origin.path)
    }

    /// A file's runtime descriptor, encoded; `None` for a file the model
    /// has none for (an import of the files to generate).
    pub fn runtime_descriptor(&self, file: FileId) -> Option<&[u8]> {
        self.file(file).runtime.as_deref()
    }

    /// An entity's options as its runtime descriptor encodes them; `None`
    /// when it has none.
    pub fn runtime_options(&self, entity: impl Into<Entity>) -> Option<&[u8]> {
        self.runtime_node(entity.into())?.options()
    }

    /// An entity's own descriptor (`DescriptorProto`, `EnumDescriptorProto`,
    /// ...) as encoded within its file's runtime descriptor; `None` for
    /// oneofs, enum values and methods.
    pub fn runtime_encoding(&self, entity: impl Into<Entity>) -> Option<&[u8]> {
        self.runtime_node(entity.into())?.encoded()
    }

    /// The JSON name a field's or extension's runtime descriptor carries:
    /// one written in the source (protoc leaves derived names out), or any
    /// name in descriptors that came with them.
    pub fn runtime_json_name(&self, field: impl Into<Entity>) -> Option<&str> {
        let node = self.runtime_node(field.into())?;
        let name =
            last_message(node.bytes, FIELD_JSON_NAME).filter(|_| node.kind == Kind::Field)?;
        std::str::from_utf8(name).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `deprecated = true` in `FieldOptions`, `EnumValueOptions` and `MethodOptions`.
    const FIELD_DEPRECATED: [u8; 2] = [0x18, 0x01];
    const VALUE_DEPRECATED: [u8; 2] = [0x08, 0x01];
    const METHOD_DEPRECATED: [u8; 3] = [0x88, 0x02, 0x01];

    #[test]
    fn entities_find_their_runtime_descriptors() {
        let nested = d::DescriptorProto {
            name: Some("N".into()),
            field: vec![d::FieldDescriptorProto {
                name: Some("f".into()),
                number: Some(1),
                label: Some(d::Label::Optional),
                r#type: Some(d::Type::Int32),
                options: Some(FIELD_DEPRECATED.to_vec()),
                json_name: Some("eff".into()),
                ..Default::default()
            }],
            ..Default::default()
        };
        let fd = d::FileDescriptorProto {
            name: Some("a.proto".into()),
            package: Some("p".into()),
            message_type: vec![d::DescriptorProto {
                name: Some("M".into()),
                nested_type: vec![nested.clone()],
                ..Default::default()
            }],
            enum_type: vec![d::EnumDescriptorProto {
                name: Some("E".into()),
                value: vec![d::EnumValueDescriptorProto {
                    name: Some("V".into()),
                    number: Some(0),
                    options: Some(VALUE_DEPRECATED.to_vec()),
                }],
                ..Default::default()
            }],
            service: vec![d::ServiceDescriptorProto {
                name: Some("S".into()),
                method: vec![d::MethodDescriptorProto {
                    name: Some("Do".into()),
                    input_type: Some(".p.M".into()),
                    output_type: Some(".p.M.N".into()),
                    options: Some(METHOD_DEPRECATED.to_vec()),
                    ..Default::default()
                }],
                options: None,
            }],
            ..Default::default()
        };
        let model = Model::from_descriptors(vec![fd.clone()]).unwrap();
        let file = FileId(0);
        let f = model.file(file);

        let mut whole = Vec::new();
        fd.encode(&mut whole);
        assert_eq!(model.runtime_descriptor(file), Some(&whole[..]));
        assert_eq!(model.runtime_options(file), None);

        let n = model.message(f.messages[0]).messages[0];
        let mut encoded = Vec::new();
        nested.encode(&mut encoded);
        assert_eq!(model.runtime_encoding(n), Some(&encoded[..]));

        let field = model.message(n).fields[0];
        assert_eq!(model.runtime_options(field), Some(&FIELD_DEPRECATED[..]));
        assert_eq!(model.runtime_json_name(field), Some("eff"));
        assert_eq!(model.runtime_json_name(n), None);

        let value = model.enum_(f.enums[0]).values[0];
        assert_eq!(model.runtime_options(value), Some(&VALUE_DEPRECATED[..]));
        assert_eq!(model.runtime_encoding(value), None);

        let method = model.service(f.services[0]).methods[0];
        assert_eq!(model.runtime_options(method), Some(&METHOD_DEPRECATED[..]));
        assert_eq!(model.runtime_options(f.services[0]), None);
    }
}
