//! The Python generators: `--python_out` (`_pb2.py` modules),
//! `--pyi_out` (`_pb2.pyi` type stubs) and `--grpc_python_out`
//! (`_pb2_grpc.py` service stubs).

pub mod bootstrap;
pub mod grpc;
pub mod names;
pub mod pb2;
pub mod pyi;

use super::{parameter_pairs, Generator, Request};
use crate::plugin::{ResponseFile, FEATURE_PROTO3_OPTIONAL, FEATURE_SUPPORTS_EDITIONS};
use crate::semantic::lower::EDITION_PROTO2;
use crate::semantic::MAX_EDITION;

/// protoc's built-in `python` generator.
pub struct PythonGenerator;

impl Generator for PythonGenerator {
    fn name(&self) -> &'static str {
        "python"
    }

    fn supported_features(&self) -> u64 {
        FEATURE_PROTO3_OPTIONAL | FEATURE_SUPPORTS_EDITIONS
    }

    fn editions(&self) -> (i32, i32) {
        (EDITION_PROTO2, MAX_EDITION)
    }

    fn generate(&self, request: &Request) -> Result<Vec<ResponseFile>, String> {
        let mut out = Vec::new();
        for &file in request.files {
            let name = &request.pool.files[file].name;
            let mut pyi = None;
            for (key, _) in parameter_pairs(request.parameter) {
                match key {
                    "annotate_code" => {}
                    "experimental_strip_nonfunctional_codegen" => {}
                    "pyi_out" => pyi = Some(()),
                    _ => return Err(format!("{name}: Unknown generator option: {key}")),
                }
            }
            if pyi.is_some() {
                // The stub first, as protoc writes it; it takes only the options it knows.
                let stub_options = pyi::Options {
                    file_name: None,
                    strip_nonfunctional: parameter_pairs(request.parameter)
                        .iter()
                        .any(|(k, _)| *k == "experimental_strip_nonfunctional_codegen"),
                };
                let (path, content) = pyi::generate(request.pool, file, &stub_options);
                out.push(ResponseFile {
                    name: Some(path),
                    content: Some(content.into_bytes()),
                    ..Default::default()
                });
            }
            let (path, content) = pb2::generate(request.pool, request.sources, file);
            out.push(ResponseFile {
                name: Some(path),
                content: Some(content.into_bytes()),
                ..Default::default()
            });
        }
        Ok(out)
    }
}

/// grpcio-tools' `grpc_python` generator (also spelled `python-grpc`).
pub struct GrpcPythonGenerator;

impl Generator for GrpcPythonGenerator {
    fn name(&self) -> &'static str {
        "grpc_python"
    }

    fn supported_features(&self) -> u64 {
        FEATURE_PROTO3_OPTIONAL | FEATURE_SUPPORTS_EDITIONS
    }

    fn editions(&self) -> (i32, i32) {
        (EDITION_PROTO2, MAX_EDITION)
    }

    fn generate(&self, request: &Request) -> Result<Vec<ResponseFile>, String> {
        let mut out = Vec::new();
        for &file in request.files {
            let name = &request.pool.files[file].name;
            let config =
                grpc::parse_parameter(request.parameter).map_err(|e| format!("{name}: {e}"))?;
            let (path, content) =
                grpc::generate(request.pool, file, &config).map_err(|e| format!("{name}: {e}"))?;
            out.push(ResponseFile {
                name: Some(path),
                content: Some(content.into_bytes()),
                ..Default::default()
            });
        }
        Ok(out)
    }
}

/// protoc's built-in `pyi` generator.
pub struct PyiGenerator;

impl Generator for PyiGenerator {
    fn name(&self) -> &'static str {
        "pyi"
    }

    fn supported_features(&self) -> u64 {
        FEATURE_PROTO3_OPTIONAL | FEATURE_SUPPORTS_EDITIONS
    }

    fn editions(&self) -> (i32, i32) {
        (EDITION_PROTO2, MAX_EDITION)
    }

    fn generate(&self, request: &Request) -> Result<Vec<ResponseFile>, String> {
        let mut out = Vec::new();
        for &file in request.files {
            let name = &request.pool.files[file].name;
            let options =
                pyi::parse_parameter(request.parameter).map_err(|e| format!("{name}: {e}"))?;
            let (path, content) = pyi::generate(request.pool, file, &options);
            out.push(ResponseFile {
                name: Some(path),
                content: Some(content.into_bytes()),
                ..Default::default()
            });
        }
        Ok(out)
    }
}
