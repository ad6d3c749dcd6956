//! The plugin host on an arbitrary CodeGeneratorResponse, as read from a
//! `protoc-gen-*` program's stdout: decoding it (or escaping it for the
//! "unparseable" message), collecting its files and insertion points into
//! an output location, checking their names, and archiving them.
#![no_main]

use libfuzzer_sys::fuzz_target;
use protogen::codegen::output::OutputDir;
use protogen::plugin::CodeGeneratorResponse;

fuzz_target!(|data: &[u8]| {
    let response = match CodeGeneratorResponse::decode(data) {
        Ok(r) => r,
        Err(_) => {
            let _ = protogen::semantic::text::c_escape(data);
            return;
        }
    };
    let mut dir = OutputDir::default();
    if dir.add_response(response.file.clone(), "protoc-gen-fuzz").is_ok() {
        dir.add_jar_manifest();
        let _ = dir.validate(false);
        let _ = dir.validate(true);
        let _ = dir.names().count();
    }
    // A .zip/.jar location archives the files.
    let files: Vec<(&str, &[u8])> = response
        .file
        .iter()
        .map(|f| {
            (
                f.name.as_deref().unwrap_or_default(),
                f.content.as_deref().unwrap_or_default(),
            )
        })
        .collect();
    let _ = protogen::codegen::zip::archive(files);
    // Re-encoding what was decoded must not panic either.
    let _ = response.encode();
});
