//! Decoding descriptor.proto messages: `FileDescriptorSet`s given with
//! `--descriptor_set_in`, and the descriptors of a plugin request.
//!
//! Options stay encoded, as everywhere in protogen. Fields this decoder does
//! not know are dropped, as protoc drops them when it rebuilds a file from
//! its descriptor.

use super::tags::*;
use super::wire::{Reader, LEN, VARINT};
use super::*;

/// Why bytes are not the message they should be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError;

type R<T> = Result<T, DecodeError>;

/// Reads every field of a message, handing (number, wire type, value) to `f`.
pub fn for_each_field<'a>(buf: &'a [u8], mut f: impl FnMut(u32, u32, &'a [u8]) -> R<()>) -> R<()> {
    let mut r = Reader::new(buf);
    while !r.done() {
        let (n, wt, v) = r.field().ok_or(DecodeError)?;
        if n == 0 || wt == wire::END_GROUP {
            return Err(DecodeError);
        }
        f(n, wt, v)?;
    }
    Ok(())
}

/// The value of a varint field from its raw bytes.
pub fn varint_value(raw: &[u8]) -> u64 {
    Reader::new(raw).varint().unwrap_or(0)
}

fn int(wt: u32, v: &[u8]) -> R<i32> {
    if wt != VARINT {
        return Err(DecodeError);
    }
    Ok(varint_value(v) as i32)
}

fn string(wt: u32, v: &[u8]) -> R<String> {
    if wt != LEN {
        return Err(DecodeError);
    }
    // Descriptor strings are UTF-8; invalid bytes become U+FFFD.
    Ok(String::from_utf8_lossy(v).into_owned())
}

fn bytes(wt: u32, v: &[u8]) -> R<Vec<u8>> {
    if wt != LEN {
        return Err(DecodeError);
    }
    Ok(v.to_vec())
}

fn boolean(wt: u32, v: &[u8]) -> R<bool> {
    Ok(int(wt, v)? != 0)
}

/// Repeated int32, packed or not.
fn ints(out: &mut Vec<i32>, wt: u32, v: &[u8]) -> R<()> {
    match wt {
        VARINT => out.push(varint_value(v) as i32),
        LEN => {
            let mut r = Reader::new(v);
            while !r.done() {
                out.push(r.varint().ok_or(DecodeError)? as i32);
            }
        }
        _ => return Err(DecodeError),
    }
    Ok(())
}

fn message<T>(wt: u32, v: &[u8], f: impl FnOnce(&[u8]) -> R<T>) -> R<T> {
    if wt != LEN {
        return Err(DecodeError);
    }
    f(v)
}

impl FileDescriptorSet {
    pub fn decode(buf: &[u8]) -> R<Self> {
        let mut s = FileDescriptorSet::default();
        for_each_field(buf, |n, wt, v| {
            if n == FILE_DESCRIPTOR_SET_FILE {
                s.file.push(message(wt, v, FileDescriptorProto::decode)?);
            }
            Ok(())
        })?;
        Ok(s)
    }
}

impl FileDescriptorProto {
    pub fn decode(buf: &[u8]) -> R<Self> {
        let mut f = FileDescriptorProto::default();
        for_each_field(buf, |n, wt, v| {
            match n {
                FILE_NAME => f.name = Some(string(wt, v)?),
                FILE_PACKAGE => f.package = Some(string(wt, v)?),
                FILE_DEPENDENCY => f.dependency.push(string(wt, v)?),
                FILE_MESSAGE_TYPE => f
                    .message_type
                    .push(message(wt, v, DescriptorProto::decode)?),
                FILE_ENUM_TYPE => f
                    .enum_type
                    .push(message(wt, v, EnumDescriptorProto::decode)?),
                FILE_SERVICE => f
                    .service
                    .push(message(wt, v, ServiceDescriptorProto::decode)?),
                FILE_EXTENSION => f
                    .extension
                    .push(message(wt, v, FieldDescriptorProto::decode)?),
                FILE_OPTIONS => f.options = Some(bytes(wt, v)?),
                FILE_SOURCE_CODE_INFO => {
                    f.source_code_info = Some(message(wt, v, SourceCodeInfo::decode)?)
                }
                FILE_PUBLIC_DEPENDENCY => ints(&mut f.public_dependency, wt, v)?,
                FILE_WEAK_DEPENDENCY => ints(&mut f.weak_dependency, wt, v)?,
                FILE_SYNTAX => f.syntax = Some(string(wt, v)?),
                FILE_EDITION => f.edition = Some(int(wt, v)?),
                FILE_OPTION_DEPENDENCY => f.option_dependency.push(string(wt, v)?),
                _ => {}
            }
            Ok(())
        })?;
        Ok(f)
    }
}

impl DescriptorProto {
    pub fn decode(buf: &[u8]) -> R<Self> {
        let mut m = DescriptorProto::default();
        for_each_field(buf, |n, wt, v| {
            match n {
                MSG_NAME => m.name = Some(string(wt, v)?),
                MSG_FIELD => m.field.push(message(wt, v, FieldDescriptorProto::decode)?),
                MSG_NESTED_TYPE => m.nested_type.push(message(wt, v, DescriptorProto::decode)?),
                MSG_ENUM_TYPE => m
                    .enum_type
                    .push(message(wt, v, EnumDescriptorProto::decode)?),
                MSG_EXTENSION_RANGE => {
                    m.extension_range
                        .push(message(wt, v, ExtensionRange::decode)?)
                }
                MSG_EXTENSION => m
                    .extension
                    .push(message(wt, v, FieldDescriptorProto::decode)?),
                MSG_OPTIONS => m.options = Some(bytes(wt, v)?),
                MSG_ONEOF_DECL => m
                    .oneof_decl
                    .push(message(wt, v, OneofDescriptorProto::decode)?),
                MSG_RESERVED_RANGE => m
                    .reserved_range
                    .push(message(wt, v, ReservedRange::decode)?),
                MSG_RESERVED_NAME => m.reserved_name.push(string(wt, v)?),
                MSG_VISIBILITY => m.visibility = Some(int(wt, v)?),
                _ => {}
            }
            Ok(())
        })?;
        Ok(m)
    }
}

impl ExtensionRange {
    pub fn decode(buf: &[u8]) -> R<Self> {
        let mut r = ExtensionRange::default();
        for_each_field(buf, |n, wt, v| {
            match n {
                EXT_RANGE_START => r.start = Some(int(wt, v)?),
                EXT_RANGE_END => r.end = Some(int(wt, v)?),
                EXT_RANGE_OPTIONS => r.options = Some(bytes(wt, v)?),
                _ => {}
            }
            Ok(())
        })?;
        Ok(r)
    }
}

impl ReservedRange {
    pub fn decode(buf: &[u8]) -> R<Self> {
        let mut r = ReservedRange::default();
        for_each_field(buf, |n, wt, v| {
            match n {
                RESERVED_START => r.start = Some(int(wt, v)?),
                RESERVED_END => r.end = Some(int(wt, v)?),
                _ => {}
            }
            Ok(())
        })?;
        Ok(r)
    }
}

fn type_of(n: i32) -> R<Type> {
    use Type::*;
    let all = [
        Double, Float, Int64, Uint64, Int32, Fixed64, Fixed32, Bool, String, Group, Message, Bytes,
        Uint32, Enum, Sfixed32, Sfixed64, Sint32, Sint64,
    ];
    all.into_iter().find(|t| *t as i32 == n).ok_or(DecodeError)
}

fn label_of(n: i32) -> R<Label> {
    match n {
        1 => Ok(Label::Optional),
        2 => Ok(Label::Required),
        3 => Ok(Label::Repeated),
        _ => Err(DecodeError),
    }
}

impl FieldDescriptorProto {
    pub fn decode(buf: &[u8]) -> R<Self> {
        let mut f = FieldDescriptorProto::default();
        for_each_field(buf, |n, wt, v| {
            match n {
                FIELD_NAME => f.name = Some(string(wt, v)?),
                FIELD_EXTENDEE => f.extendee = Some(string(wt, v)?),
                FIELD_NUMBER => f.number = Some(int(wt, v)?),
                FIELD_LABEL => f.label = Some(label_of(int(wt, v)?)?),
                FIELD_TYPE => f.r#type = Some(type_of(int(wt, v)?)?),
                FIELD_TYPE_NAME => f.type_name = Some(string(wt, v)?),
                FIELD_DEFAULT_VALUE => f.default_value = Some(string(wt, v)?),
                FIELD_OPTIONS => f.options = Some(bytes(wt, v)?),
                FIELD_ONEOF_INDEX => f.oneof_index = Some(int(wt, v)?),
                FIELD_JSON_NAME => f.json_name = Some(string(wt, v)?),
                FIELD_PROTO3_OPTIONAL => f.proto3_optional = Some(boolean(wt, v)?),
                _ => {}
            }
            Ok(())
        })?;
        Ok(f)
    }
}

impl OneofDescriptorProto {
    pub fn decode(buf: &[u8]) -> R<Self> {
        let mut o = OneofDescriptorProto::default();
        for_each_field(buf, |n, wt, v| {
            match n {
                ONEOF_NAME => o.name = Some(string(wt, v)?),
                ONEOF_OPTIONS => o.options = Some(bytes(wt, v)?),
                _ => {}
            }
            Ok(())
        })?;
        Ok(o)
    }
}

impl EnumDescriptorProto {
    pub fn decode(buf: &[u8]) -> R<Self> {
        let mut e = EnumDescriptorProto::default();
        for_each_field(buf, |n, wt, v| {
            match n {
                ENUM_NAME => e.name = Some(string(wt, v)?),
                ENUM_VALUE => e
                    .value
                    .push(message(wt, v, EnumValueDescriptorProto::decode)?),
                ENUM_OPTIONS => e.options = Some(bytes(wt, v)?),
                ENUM_RESERVED_RANGE => {
                    e.reserved_range
                        .push(message(wt, v, ReservedRange::decode)?)
                }
                ENUM_RESERVED_NAME => e.reserved_name.push(string(wt, v)?),
                ENUM_VISIBILITY => e.visibility = Some(int(wt, v)?),
                _ => {}
            }
            Ok(())
        })?;
        Ok(e)
    }
}

impl EnumValueDescriptorProto {
    pub fn decode(buf: &[u8]) -> R<Self> {
        let mut e = EnumValueDescriptorProto::default();
        for_each_field(buf, |n, wt, v| {
            match n {
                ENUM_VALUE_NAME => e.name = Some(string(wt, v)?),
                ENUM_VALUE_NUMBER => e.number = Some(int(wt, v)?),
                ENUM_VALUE_OPTIONS => e.options = Some(bytes(wt, v)?),
                _ => {}
            }
            Ok(())
        })?;
        Ok(e)
    }
}

impl ServiceDescriptorProto {
    pub fn decode(buf: &[u8]) -> R<Self> {
        let mut s = ServiceDescriptorProto::default();
        for_each_field(buf, |n, wt, v| {
            match n {
                SERVICE_NAME => s.name = Some(string(wt, v)?),
                SERVICE_METHOD => s
                    .method
                    .push(message(wt, v, MethodDescriptorProto::decode)?),
                SERVICE_OPTIONS => s.options = Some(bytes(wt, v)?),
                _ => {}
            }
            Ok(())
        })?;
        Ok(s)
    }
}

impl MethodDescriptorProto {
    pub fn decode(buf: &[u8]) -> R<Self> {
        let mut m = MethodDescriptorProto::default();
        for_each_field(buf, |n, wt, v| {
            match n {
                METHOD_NAME => m.name = Some(string(wt, v)?),
                METHOD_INPUT_TYPE => m.input_type = Some(string(wt, v)?),
                METHOD_OUTPUT_TYPE => m.output_type = Some(string(wt, v)?),
                METHOD_OPTIONS => m.options = Some(bytes(wt, v)?),
                METHOD_CLIENT_STREAMING => m.client_streaming = Some(boolean(wt, v)?),
                METHOD_SERVER_STREAMING => m.server_streaming = Some(boolean(wt, v)?),
                _ => {}
            }
            Ok(())
        })?;
        Ok(m)
    }
}

impl SourceCodeInfo {
    pub fn decode(buf: &[u8]) -> R<Self> {
        let mut s = SourceCodeInfo::default();
        for_each_field(buf, |n, wt, v| {
            if n == SOURCE_CODE_INFO_LOCATION {
                s.location.push(message(wt, v, Location::decode)?);
            }
            Ok(())
        })?;
        Ok(s)
    }
}

impl Location {
    pub fn decode(buf: &[u8]) -> R<Self> {
        let mut l = Location::default();
        for_each_field(buf, |n, wt, v| {
            match n {
                LOCATION_PATH => ints(&mut l.path, wt, v)?,
                LOCATION_SPAN => ints(&mut l.span, wt, v)?,
                LOCATION_LEADING_COMMENTS => l.leading_comments = Some(string(wt, v)?),
                LOCATION_TRAILING_COMMENTS => l.trailing_comments = Some(string(wt, v)?),
                LOCATION_LEADING_DETACHED_COMMENTS => {
                    l.leading_detached_comments.push(string(wt, v)?)
                }
                _ => {}
            }
            Ok(())
        })?;
        Ok(l)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let fd = FileDescriptorProto {
            name: Some("a.proto".into()),
            package: Some("p".into()),
            dependency: vec!["b.proto".into()],
            public_dependency: vec![0],
            message_type: vec![DescriptorProto {
                name: Some("M".into()),
                field: vec![FieldDescriptorProto {
                    name: Some("f".into()),
                    number: Some(1),
                    label: Some(Label::Repeated),
                    r#type: Some(Type::Message),
                    type_name: Some(".p.M".into()),
                    json_name: Some("f".into()),
                    options: Some(vec![8, 1]),
                    ..Default::default()
                }],
                ..Default::default()
            }],
            source_code_info: Some(SourceCodeInfo {
                location: vec![Location {
                    path: vec![4, 0],
                    span: vec![1, 2, 3],
                    leading_comments: Some(" hi\n".into()),
                    ..Default::default()
                }],
            }),
            syntax: Some("proto3".into()),
            ..Default::default()
        };
        let mut bytes = Vec::new();
        fd.encode(&mut bytes);
        let back = FileDescriptorProto::decode(&bytes).unwrap();
        let mut again = Vec::new();
        back.encode(&mut again);
        assert_eq!(bytes, again);
        assert!(FileDescriptorProto::decode(&[0x0a, 0x05, b'a']).is_err());
    }
}
