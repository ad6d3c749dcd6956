//! The descriptor.proto messages protogen produces, and their encoding.
//!
//! Fields are written in field-number order, as protoc's C++ runtime writes
//! them. Options messages are carried already encoded: the option
//! interpreter produces their exact bytes.

/// The largest field number a message may use (2^29 - 1); `max` in
/// `extensions` and `reserved` ranges stands for it.
pub const MAX_FIELD_NUMBER: i32 = 536_870_911;

pub mod decode;
pub mod edition;
pub mod plugin;
pub mod tags;
pub mod text;
pub mod wire;

use tags::*;
use wire::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    Double = 1,
    Float = 2,
    Int64 = 3,
    Uint64 = 4,
    Int32 = 5,
    Fixed64 = 6,
    Fixed32 = 7,
    Bool = 8,
    String = 9,
    Group = 10,
    Message = 11,
    Bytes = 12,
    Uint32 = 13,
    Enum = 14,
    Sfixed32 = 15,
    Sfixed64 = 16,
    Sint32 = 17,
    Sint64 = 18,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Label {
    Optional = 1,
    Required = 2,
    Repeated = 3,
}

#[derive(Clone, Debug, Default)]
pub struct FileDescriptorSet {
    pub file: Vec<FileDescriptorProto>,
}

#[derive(Clone, Debug, Default)]
pub struct FileDescriptorProto {
    pub name: Option<String>,
    pub package: Option<String>,
    pub dependency: Vec<String>,
    pub message_type: Vec<DescriptorProto>,
    pub enum_type: Vec<EnumDescriptorProto>,
    pub service: Vec<ServiceDescriptorProto>,
    pub extension: Vec<FieldDescriptorProto>,
    pub options: Option<Vec<u8>>,
    pub source_code_info: Option<SourceCodeInfo>,
    pub public_dependency: Vec<i32>,
    pub weak_dependency: Vec<i32>,
    pub syntax: Option<String>,
    pub edition: Option<i32>,
    pub option_dependency: Vec<String>,
}

#[derive(Clone, Debug, Default)]
pub struct DescriptorProto {
    pub name: Option<String>,
    pub field: Vec<FieldDescriptorProto>,
    pub nested_type: Vec<DescriptorProto>,
    pub enum_type: Vec<EnumDescriptorProto>,
    pub extension_range: Vec<ExtensionRange>,
    pub extension: Vec<FieldDescriptorProto>,
    pub options: Option<Vec<u8>>,
    pub oneof_decl: Vec<OneofDescriptorProto>,
    pub reserved_range: Vec<ReservedRange>,
    pub reserved_name: Vec<String>,
    pub visibility: Option<i32>,
}

#[derive(Clone, Debug, Default)]
pub struct ExtensionRange {
    pub start: Option<i32>,
    pub end: Option<i32>,
    pub options: Option<Vec<u8>>,
}

#[derive(Clone, Debug, Default)]
pub struct ReservedRange {
    pub start: Option<i32>,
    pub end: Option<i32>,
}

#[derive(Clone, Debug, Default)]
pub struct FieldDescriptorProto {
    pub name: Option<String>,
    pub extendee: Option<String>,
    pub number: Option<i32>,
    pub label: Option<Label>,
    pub r#type: Option<Type>,
    pub type_name: Option<String>,
    pub default_value: Option<String>,
    pub options: Option<Vec<u8>>,
    pub oneof_index: Option<i32>,
    pub json_name: Option<String>,
    pub proto3_optional: Option<bool>,
}

#[derive(Clone, Debug, Default)]
pub struct OneofDescriptorProto {
    pub name: Option<String>,
    pub options: Option<Vec<u8>>,
}

#[derive(Clone, Debug, Default)]
pub struct EnumDescriptorProto {
    pub name: Option<String>,
    pub value: Vec<EnumValueDescriptorProto>,
    pub options: Option<Vec<u8>>,
    pub reserved_range: Vec<ReservedRange>,
    pub reserved_name: Vec<String>,
    pub visibility: Option<i32>,
}

#[derive(Clone, Debug, Default)]
pub struct EnumValueDescriptorProto {
    pub name: Option<String>,
    pub number: Option<i32>,
    pub options: Option<Vec<u8>>,
}

#[derive(Clone, Debug, Default)]
pub struct ServiceDescriptorProto {
    pub name: Option<String>,
    pub method: Vec<MethodDescriptorProto>,
    pub options: Option<Vec<u8>>,
}

#[derive(Clone, Debug, Default)]
pub struct MethodDescriptorProto {
    pub name: Option<String>,
    pub input_type: Option<String>,
    pub output_type: Option<String>,
    pub options: Option<Vec<u8>>,
    pub client_streaming: Option<bool>,
    pub server_streaming: Option<bool>,
}

#[derive(Clone, Debug, Default)]
pub struct SourceCodeInfo {
    pub location: Vec<Location>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Location {
    pub path: Vec<i32>,
    pub span: Vec<i32>,
    pub leading_comments: Option<String>,
    pub trailing_comments: Option<String>,
    pub leading_detached_comments: Vec<String>,
}

// ---- encoding ---------------------------------------------------------------

fn opt_str(buf: &mut Vec<u8>, n: u32, v: &Option<String>) {
    if let Some(s) = v {
        put_str(buf, n, s);
    }
}
fn opt_i32(buf: &mut Vec<u8>, n: u32, v: Option<i32>) {
    if let Some(v) = v {
        put_int32(buf, n, v);
    }
}
fn opt_bool(buf: &mut Vec<u8>, n: u32, v: Option<bool>) {
    if let Some(v) = v {
        put_bool(buf, n, v);
    }
}
fn opt_bytes(buf: &mut Vec<u8>, n: u32, v: &Option<Vec<u8>>) {
    if let Some(b) = v {
        put_bytes(buf, n, b);
    }
}
fn packed_i32(buf: &mut Vec<u8>, n: u32, v: &[i32]) {
    if v.is_empty() {
        return;
    }
    let mut body = Vec::new();
    for x in v {
        put_varint(&mut body, *x as i64 as u64);
    }
    put_bytes(buf, n, &body);
}

impl FileDescriptorSet {
    pub fn encode(&self) -> Vec<u8> {
        let mut buf = Vec::new();
        for f in &self.file {
            put_message(&mut buf, FILE_DESCRIPTOR_SET_FILE, |b| f.encode(b));
        }
        buf
    }
}

impl FileDescriptorProto {
    pub fn encode(&self, buf: &mut Vec<u8>) {
        opt_str(buf, FILE_NAME, &self.name);
        opt_str(buf, FILE_PACKAGE, &self.package);
        for d in &self.dependency {
            put_str(buf, FILE_DEPENDENCY, d);
        }
        for m in &self.message_type {
            put_message(buf, FILE_MESSAGE_TYPE, |b| m.encode(b));
        }
        for e in &self.enum_type {
            put_message(buf, FILE_ENUM_TYPE, |b| e.encode(b));
        }
        for s in &self.service {
            put_message(buf, FILE_SERVICE, |b| s.encode(b));
        }
        for x in &self.extension {
            put_message(buf, FILE_EXTENSION, |b| x.encode(b));
        }
        opt_bytes(buf, FILE_OPTIONS, &self.options);
        if let Some(sci) = &self.source_code_info {
            put_message(buf, FILE_SOURCE_CODE_INFO, |b| sci.encode(b));
        }
        for d in &self.public_dependency {
            put_int32(buf, FILE_PUBLIC_DEPENDENCY, *d);
        }
        for d in &self.weak_dependency {
            put_int32(buf, FILE_WEAK_DEPENDENCY, *d);
        }
        opt_str(buf, FILE_SYNTAX, &self.syntax);
        opt_i32(buf, FILE_EDITION, self.edition);
        for d in &self.option_dependency {
            put_str(buf, FILE_OPTION_DEPENDENCY, d);
        }
    }
}

impl DescriptorProto {
    pub fn encode(&self, buf: &mut Vec<u8>) {
        opt_str(buf, MSG_NAME, &self.name);
        for f in &self.field {
            put_message(buf, MSG_FIELD, |b| f.encode(b));
        }
        for m in &self.nested_type {
            put_message(buf, MSG_NESTED_TYPE, |b| m.encode(b));
        }
        for e in &self.enum_type {
            put_message(buf, MSG_ENUM_TYPE, |b| e.encode(b));
        }
        for r in &self.extension_range {
            put_message(buf, MSG_EXTENSION_RANGE, |b| {
                opt_i32(b, 1, r.start);
                opt_i32(b, 2, r.end);
                opt_bytes(b, 3, &r.options);
            });
        }
        for x in &self.extension {
            put_message(buf, MSG_EXTENSION, |b| x.encode(b));
        }
        opt_bytes(buf, MSG_OPTIONS, &self.options);
        for o in &self.oneof_decl {
            put_message(buf, MSG_ONEOF_DECL, |b| {
                opt_str(b, 1, &o.name);
                opt_bytes(b, 2, &o.options);
            });
        }
        for r in &self.reserved_range {
            put_message(buf, MSG_RESERVED_RANGE, |b| {
                opt_i32(b, 1, r.start);
                opt_i32(b, 2, r.end);
            });
        }
        for n in &self.reserved_name {
            put_str(buf, MSG_RESERVED_NAME, n);
        }
        opt_i32(buf, MSG_VISIBILITY, self.visibility);
    }
}

impl FieldDescriptorProto {
    pub fn encode(&self, buf: &mut Vec<u8>) {
        opt_str(buf, FIELD_NAME, &self.name);
        opt_str(buf, FIELD_EXTENDEE, &self.extendee);
        opt_i32(buf, FIELD_NUMBER, self.number);
        opt_i32(buf, FIELD_LABEL, self.label.map(|l| l as i32));
        opt_i32(buf, FIELD_TYPE, self.r#type.map(|t| t as i32));
        opt_str(buf, FIELD_TYPE_NAME, &self.type_name);
        opt_str(buf, FIELD_DEFAULT_VALUE, &self.default_value);
        opt_bytes(buf, FIELD_OPTIONS, &self.options);
        opt_i32(buf, FIELD_ONEOF_INDEX, self.oneof_index);
        opt_str(buf, FIELD_JSON_NAME, &self.json_name);
        opt_bool(buf, FIELD_PROTO3_OPTIONAL, self.proto3_optional);
    }
}

impl EnumDescriptorProto {
    pub fn encode(&self, buf: &mut Vec<u8>) {
        opt_str(buf, ENUM_NAME, &self.name);
        for v in &self.value {
            put_message(buf, ENUM_VALUE, |b| {
                opt_str(b, 1, &v.name);
                opt_i32(b, 2, v.number);
                opt_bytes(b, 3, &v.options);
            });
        }
        opt_bytes(buf, ENUM_OPTIONS, &self.options);
        for r in &self.reserved_range {
            put_message(buf, ENUM_RESERVED_RANGE, |b| {
                opt_i32(b, 1, r.start);
                opt_i32(b, 2, r.end);
            });
        }
        for n in &self.reserved_name {
            put_str(buf, ENUM_RESERVED_NAME, n);
        }
        opt_i32(buf, ENUM_VISIBILITY, self.visibility);
    }
}

impl ServiceDescriptorProto {
    pub fn encode(&self, buf: &mut Vec<u8>) {
        opt_str(buf, SERVICE_NAME, &self.name);
        for m in &self.method {
            put_message(buf, SERVICE_METHOD, |b| {
                opt_str(b, 1, &m.name);
                opt_str(b, 2, &m.input_type);
                opt_str(b, 3, &m.output_type);
                opt_bytes(b, 4, &m.options);
                opt_bool(b, 5, m.client_streaming);
                opt_bool(b, 6, m.server_streaming);
            });
        }
        opt_bytes(buf, SERVICE_OPTIONS, &self.options);
    }
}

impl SourceCodeInfo {
    pub fn encode(&self, buf: &mut Vec<u8>) {
        for l in &self.location {
            put_message(buf, SOURCE_CODE_INFO_LOCATION, |b| {
                packed_i32(b, LOCATION_PATH, &l.path);
                packed_i32(b, LOCATION_SPAN, &l.span);
                opt_str(b, LOCATION_LEADING_COMMENTS, &l.leading_comments);
                opt_str(b, LOCATION_TRAILING_COMMENTS, &l.trailing_comments);
                for d in &l.leading_detached_comments {
                    put_str(b, LOCATION_LEADING_DETACHED_COMMENTS, d);
                }
            });
        }
    }
}
