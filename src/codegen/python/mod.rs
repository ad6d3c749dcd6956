//! The Python generators: `--python_out` (`_pb2.py` modules),
//! `--pyi_out` (`_pb2.pyi` type stubs) and `--grpc_python_out`
//! (`_pb2_grpc.py` service stubs).

pub mod bootstrap;
pub mod grpc;
pub mod names;
pub mod pb2;
pub mod pyi;

use super::{parameter_pairs, Generator, Request};
use crate::descriptor::edition::Edition;
use crate::descriptor::plugin::{ResponseFile, FEATURE_PROTO3_OPTIONAL, FEATURE_SUPPORTS_EDITIONS};
use crate::semantic::model::FileId;

/// What every Python generator supports: proto3 `optional`, and editions
/// from proto2 up to the newest protogen knows.
const FEATURES: u64 = FEATURE_PROTO3_OPTIONAL | FEATURE_SUPPORTS_EDITIONS;
const EDITIONS: (Edition, Edition) = (Edition::PROTO2, Edition::LATEST);

/// Runs `generate` for each file of the request's model to generate; an
/// error names the file, as protoc's generators report it.
fn each_target(
    request: &Request,
    generate: impl Fn(FileId) -> Result<Vec<(String, String)>, String> + Sync,
) -> Result<Vec<ResponseFile>, String> {
    let mut out = Vec::new();
    let generated = crate::parallel::map(request.targets, |&file| generate(file));
    for (&file, files) in request.targets.iter().zip(generated) {
        let name = &request.model[request.model.file(file).name];
        for (path, content) in files.map_err(|e| format!("{name}: {e}"))? {
            out.push(ResponseFile {
                name: Some(path),
                content: Some(content.into_bytes()),
                ..Default::default()
            });
        }
    }
    Ok(out)
}

/// protoc's built-in `python` generator.
pub struct PythonGenerator;

impl Generator for PythonGenerator {
    fn name(&self) -> &'static str {
        "python"
    }

    fn help(&self) -> &'static str {
        "Python messages (`_pb2.py`), as protoc's python generator. Parameters: pyi_out (also write `.pyi` stubs), annotate_code, experimental_strip_nonfunctional_codegen."
    }

    fn supported_features(&self) -> u64 {
        FEATURES
    }

    fn editions(&self) -> (Edition, Edition) {
        EDITIONS
    }

    fn generate(&self, request: &Request) -> Result<Vec<ResponseFile>, String> {
        let mut with_pyi = false;
        let mut stub_options = pyi::Options::default();
        for (key, _) in parameter_pairs(request.parameter) {
            match key {
                "annotate_code" => {}
                "experimental_strip_nonfunctional_codegen" => {
                    stub_options.strip_nonfunctional = true
                }
                "pyi_out" => with_pyi = true,
                _ => {
                    let message = format!("Unknown generator option: {key}");
                    return each_target(request, |_| Err(message.clone()));
                }
            }
        }
        each_target(request, |file| {
            let mut files = Vec::new();
            // With `pyi_out`, the stub first, as protoc writes it.
            if with_pyi {
                files.push(pyi::generate(request.model, file, &stub_options));
            }
            files.push(pb2::generate(request.model, file)?);
            Ok(files)
        })
    }
}

/// protoc's built-in `pyi` generator.
pub struct PyiGenerator;

impl Generator for PyiGenerator {
    fn name(&self) -> &'static str {
        "pyi"
    }

    fn help(&self) -> &'static str {
        "Python type stubs (`_pb2.pyi`), as protoc's pyi generator. Parameters: annotate_code, experimental_strip_nonfunctional_codegen, NAME.pyi (the stub's file name)."
    }

    fn supported_features(&self) -> u64 {
        FEATURES
    }

    fn editions(&self) -> (Edition, Edition) {
        EDITIONS
    }

    fn generate(&self, request: &Request) -> Result<Vec<ResponseFile>, String> {
        let options = pyi::parse_parameter(request.parameter);
        each_target(request, |file| {
            let options = options.as_ref().map_err(|e| e.clone())?;
            Ok(vec![pyi::generate(request.model, file, options)])
        })
    }
}

/// grpcio-tools' `grpc_python` generator (also spelled `python-grpc`).
pub struct GrpcPythonGenerator;

impl Generator for GrpcPythonGenerator {
    fn name(&self) -> &'static str {
        "grpc_python"
    }

    fn help(&self) -> &'static str {
        "gRPC Python stubs (`_pb2_grpc.py`), as grpcio-tools' generator (also --python-grpc_out). Parameters: grpc_2_0 (default) or grpc_1_0 (also the deprecated beta API, inserted into `_pb2.py`), then optionally a module prefix."
    }

    fn supported_features(&self) -> u64 {
        FEATURES
    }

    fn editions(&self) -> (Edition, Edition) {
        EDITIONS
    }

    fn generate(&self, request: &Request) -> Result<Vec<ResponseFile>, String> {
        let config = grpc::parse_parameter(request.parameter);
        let mut out = each_target(request, |file| {
            let config = config.as_ref().map_err(|e| e.clone())?;
            Ok(vec![grpc::generate(request.model, file, config)?])
        })?;
        if let Ok(config) = &config {
            if config.beta {
                // Each file's services go into its _pb2.py too, after its _pb2_grpc.py.
                let mut with_beta = Vec::new();
                for (&file, grpc_file) in request.targets.iter().zip(out) {
                    with_beta.push(grpc_file);
                    with_beta.push(ResponseFile {
                        name: grpc::pb2_file_name(&request.model[request.model.file(file).name]),
                        insertion_point: Some("module_scope".into()),
                        content: Some(
                            grpc::beta_insertion(request.model, file, config).into_bytes(),
                        ),
                        ..Default::default()
                    });
                }
                out = with_beta;
            }
        }
        Ok(out)
    }
}
