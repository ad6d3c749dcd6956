//! The plugin protocol's messages (google/protobuf/compiler/plugin.proto):
//! the `CodeGeneratorRequest` a generator reads and the
//! `CodeGeneratorResponse` it answers with.

use crate::descriptor::decode::{for_each_field, varint_value, DecodeError};
use crate::descriptor::wire::{put_bytes, put_message, put_str, put_tag, put_varint, LEN, VARINT};
use crate::descriptor::FileDescriptorProto;

const REQUEST_FILE_TO_GENERATE: u32 = 1;
const REQUEST_PARAMETER: u32 = 2;
const REQUEST_COMPILER_VERSION: u32 = 3;
const REQUEST_PROTO_FILE: u32 = 15;
const REQUEST_SOURCE_FILE_DESCRIPTORS: u32 = 17;

const VERSION_MAJOR: u32 = 1;
const VERSION_MINOR: u32 = 2;
const VERSION_PATCH: u32 = 3;
const VERSION_SUFFIX: u32 = 4;

const RESPONSE_ERROR: u32 = 1;
const RESPONSE_SUPPORTED_FEATURES: u32 = 2;
const RESPONSE_MINIMUM_EDITION: u32 = 3;
const RESPONSE_MAXIMUM_EDITION: u32 = 4;
const RESPONSE_FILE: u32 = 15;

const FILE_NAME: u32 = 1;
const FILE_INSERTION_POINT: u32 = 2;
const FILE_CONTENT: u32 = 15;
const FILE_GENERATED_CODE_INFO: u32 = 16;

/// `CodeGeneratorResponse.Feature` bits.
pub const FEATURE_PROTO3_OPTIONAL: u64 = 1;
pub const FEATURE_SUPPORTS_EDITIONS: u64 = 2;

/// The compiler version a request reports. protogen produces protoc
/// 35.1's descriptors, so it reports that release (C++ runtime 7.35.1), as
/// protoc 35.1 does; plugins that check the version see the protoc whose
/// output they get.
pub const COMPILER_VERSION: Version = Version {
    major: 7,
    minor: 35,
    patch: 1,
    suffix: String::new(),
};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Version {
    pub major: i32,
    pub minor: i32,
    pub patch: i32,
    pub suffix: String,
}

#[derive(Clone, Debug, Default)]
pub struct CodeGeneratorRequest {
    pub file_to_generate: Vec<String>,
    pub parameter: Option<String>,
    pub proto_file: Vec<FileDescriptorProto>,
    pub source_file_descriptors: Vec<FileDescriptorProto>,
    pub compiler_version: Option<Version>,
}

// Decoding follows protoc's parser: a known field with an unexpected wire
// type is skipped as an unknown field, not an error.

/// One file, or one chunk of a file, of a response.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResponseFile {
    pub name: Option<String>,
    pub insertion_point: Option<String>,
    pub content: Option<Vec<u8>>,
    /// An encoded `GeneratedCodeInfo`.
    pub generated_code_info: Option<Vec<u8>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CodeGeneratorResponse {
    pub error: Option<String>,
    pub supported_features: u64,
    pub minimum_edition: Option<i32>,
    pub maximum_edition: Option<i32>,
    pub file: Vec<ResponseFile>,
}

impl CodeGeneratorRequest {
    /// Encodes in field-number order, as protoc does.
    pub fn encode(&self) -> Vec<u8> {
        let mut buf = Vec::new();
        for f in &self.file_to_generate {
            put_str(&mut buf, REQUEST_FILE_TO_GENERATE, f);
        }
        if let Some(p) = &self.parameter {
            put_str(&mut buf, REQUEST_PARAMETER, p);
        }
        if let Some(v) = &self.compiler_version {
            put_message(&mut buf, REQUEST_COMPILER_VERSION, |b| {
                for (n, x) in [
                    (VERSION_MAJOR, v.major),
                    (VERSION_MINOR, v.minor),
                    (VERSION_PATCH, v.patch),
                ] {
                    put_tag(b, n, VARINT);
                    put_varint(b, x as i64 as u64);
                }
                put_str(b, VERSION_SUFFIX, &v.suffix);
            });
        }
        for f in &self.proto_file {
            put_message(&mut buf, REQUEST_PROTO_FILE, |b| f.encode(b));
        }
        for f in &self.source_file_descriptors {
            put_message(&mut buf, REQUEST_SOURCE_FILE_DESCRIPTORS, |b| f.encode(b));
        }
        buf
    }

    pub fn decode(buf: &[u8]) -> Result<Self, DecodeError> {
        let mut r = CodeGeneratorRequest::default();
        for_each_field(buf, |n, wt, v| {
            match (n, wt) {
                (REQUEST_FILE_TO_GENERATE, LEN) => r.file_to_generate.push(utf8(v)),
                (REQUEST_PARAMETER, LEN) => r.parameter = Some(utf8(v)),
                (REQUEST_COMPILER_VERSION, LEN) => {
                    let mut ver = Version::default();
                    for_each_field(v, |n, wt, v| {
                        match (n, wt) {
                            (VERSION_MAJOR, VARINT) => ver.major = varint_value(v) as i32,
                            (VERSION_MINOR, VARINT) => ver.minor = varint_value(v) as i32,
                            (VERSION_PATCH, VARINT) => ver.patch = varint_value(v) as i32,
                            (VERSION_SUFFIX, LEN) => ver.suffix = utf8(v),
                            _ => {}
                        }
                        Ok(())
                    })?;
                    r.compiler_version = Some(ver);
                }
                (REQUEST_PROTO_FILE, LEN) => r.proto_file.push(FileDescriptorProto::decode(v)?),
                (REQUEST_SOURCE_FILE_DESCRIPTORS, LEN) => r
                    .source_file_descriptors
                    .push(FileDescriptorProto::decode(v)?),
                _ => {}
            }
            Ok(())
        })?;
        Ok(r)
    }
}

fn utf8(v: &[u8]) -> String {
    String::from_utf8_lossy(v).into_owned()
}

impl CodeGeneratorResponse {
    pub fn encode(&self) -> Vec<u8> {
        let mut buf = Vec::new();
        if let Some(e) = &self.error {
            put_str(&mut buf, RESPONSE_ERROR, e);
        }
        if self.supported_features != 0 {
            put_tag(&mut buf, RESPONSE_SUPPORTED_FEATURES, VARINT);
            put_varint(&mut buf, self.supported_features);
        }
        for (n, v) in [
            (RESPONSE_MINIMUM_EDITION, self.minimum_edition),
            (RESPONSE_MAXIMUM_EDITION, self.maximum_edition),
        ] {
            if let Some(v) = v {
                put_tag(&mut buf, n, VARINT);
                put_varint(&mut buf, v as i64 as u64);
            }
        }
        for f in &self.file {
            put_message(&mut buf, RESPONSE_FILE, |b| {
                if let Some(n) = &f.name {
                    put_str(b, FILE_NAME, n);
                }
                if let Some(p) = &f.insertion_point {
                    put_str(b, FILE_INSERTION_POINT, p);
                }
                if let Some(c) = &f.content {
                    put_bytes(b, FILE_CONTENT, c);
                }
                if let Some(g) = &f.generated_code_info {
                    put_bytes(b, FILE_GENERATED_CODE_INFO, g);
                }
            });
        }
        buf
    }

    pub fn decode(buf: &[u8]) -> Result<Self, DecodeError> {
        let mut r = CodeGeneratorResponse::default();
        for_each_field(buf, |n, wt, v| {
            match (n, wt) {
                (RESPONSE_ERROR, LEN) => r.error = Some(utf8(v)),
                (RESPONSE_SUPPORTED_FEATURES, VARINT) => r.supported_features = varint_value(v),
                (RESPONSE_MINIMUM_EDITION, VARINT) => {
                    r.minimum_edition = Some(varint_value(v) as i32)
                }
                (RESPONSE_MAXIMUM_EDITION, VARINT) => {
                    r.maximum_edition = Some(varint_value(v) as i32)
                }
                (RESPONSE_FILE, LEN) => {
                    let mut f = ResponseFile::default();
                    for_each_field(v, |n, wt, v| {
                        match (n, wt) {
                            (FILE_NAME, LEN) => f.name = Some(utf8(v)),
                            (FILE_INSERTION_POINT, LEN) => f.insertion_point = Some(utf8(v)),
                            (FILE_CONTENT, LEN) => f.content = Some(v.to_vec()),
                            (FILE_GENERATED_CODE_INFO, LEN) => {
                                f.generated_code_info = Some(v.to_vec())
                            }
                            _ => {}
                        }
                        Ok(())
                    })?;
                    r.file.push(f);
                }
                _ => {}
            }
            Ok(())
        })?;
        Ok(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn response_round_trip() {
        let r = CodeGeneratorResponse {
            error: None,
            supported_features: FEATURE_PROTO3_OPTIONAL | FEATURE_SUPPORTS_EDITIONS,
            minimum_edition: Some(998),
            maximum_edition: Some(1001),
            file: vec![ResponseFile {
                name: Some("a.txt".into()),
                content: Some(b"hi\n".to_vec()),
                ..Default::default()
            }],
        };
        assert_eq!(CodeGeneratorResponse::decode(&r.encode()).unwrap(), r);
        // A field of the wrong wire type is kept as unknown, as protoc keeps it.
        assert!(CodeGeneratorResponse::decode(&[0x12, 0x01, 0x00]).is_ok());
        // Truncated, or a wire type that does not exist: not a response.
        assert!(CodeGeneratorResponse::decode(&[0x0a, 0x05, b'a']).is_err());
        assert!(CodeGeneratorResponse::decode(b"garbage!").is_err());
    }
}
