//! protogen as a protoc plugin: a `CodeGeneratorRequest` on stdin, one of
//! the built-in generators run over its files, a `CodeGeneratorResponse`
//! on stdout.

use std::io::{Read, Write};

use crate::codegen::{builtin, Generator, Request};
use crate::descriptor::plugin::{CodeGeneratorRequest, CodeGeneratorResponse};
use crate::descriptor::FileDescriptorSet;
use crate::semantic::{compile_with_sets, DescriptorSets};
use crate::source::Resolver;

/// The generator a plugin run uses: the one named by the program name
/// (`protoc-gen-python`), else the `lang=NAME` parameter; the parameter
/// without `lang` goes to the generator.
fn choose(
    program: Option<&str>,
    parameter: &str,
) -> Result<(&'static dyn Generator, String), String> {
    let mut rest = Vec::new();
    let mut lang = program.map(|p| p.to_string());
    for part in parameter.split(',').filter(|p| !p.is_empty()) {
        match part.strip_prefix("lang=") {
            Some(l) if program.is_none() => lang = Some(l.to_string()),
            _ => rest.push(part),
        }
    }
    let Some(lang) = lang else {
        return Err("protogen plugin: no generator chosen; pass lang=NAME in the parameter (e.g. --protogen_out=lang=python:OUT)".into());
    };
    let generator = builtin(&lang).ok_or_else(|| {
        format!(
            "protogen plugin: no generator named \"{lang}\"; built in: {}",
            crate::codegen::builtin_names()
        )
    })?;
    Ok((generator, rest.join(",")))
}

/// Answers one request; everything that goes wrong becomes the response's error.
pub fn respond(program: Option<&str>, input: &[u8]) -> CodeGeneratorResponse {
    let mut response = CodeGeneratorResponse::default();
    // Until a generator is chosen, what every built-in one supports, so
    // that protoc reports an early error as it is, not as missing support.
    for g in crate::codegen::builtins() {
        let (min, max) = g.editions();
        response.supported_features |= g.supported_features();
        response.minimum_edition = Some(response.minimum_edition.map_or(min.0, |m| m.min(min.0)));
        response.maximum_edition = Some(response.maximum_edition.map_or(max.0, |m| m.max(max.0)));
    }
    let request = match CodeGeneratorRequest::decode(input) {
        Ok(r) => r,
        Err(_) => {
            response.error =
                Some("protogen plugin: stdin does not hold a CodeGeneratorRequest".into());
            return response;
        }
    };
    let (generator, parameter) = match choose(program, request.parameter.as_deref().unwrap_or("")) {
        Ok(g) => g,
        Err(e) => {
            response.error = Some(e);
            return response;
        }
    };
    let (min, max) = generator.editions();
    response.supported_features = generator.supported_features();
    response.minimum_edition = Some(min.0);
    response.maximum_edition = Some(max.0);
    let mut sets = DescriptorSets {
        preferred: true,
        ..Default::default()
    };
    let names: Vec<String> = request
        .proto_file
        .iter()
        .map(|f| f.name.clone().unwrap_or_default())
        .collect();
    let mut files = request.proto_file;
    for f in &mut files {
        drop_default_json_names(f);
    }
    sets.add(FileDescriptorSet { file: files });
    let resolver = Resolver::from_pairs(&[]);
    let compilation = compile_with_sets(&resolver, Some(&sets), &request.file_to_generate);
    if compilation.has_errors() || compilation.roots.iter().any(|r| r.is_none()) {
        let messages: Vec<String> = compilation
            .diags
            .iter()
            .filter(|d| d.is_error())
            .map(|d| match &d.file {
                Some(f) => format!("{f}: {}", d.message),
                None => d.message.clone(),
            })
            .collect();
        response.error = Some(format!(
            "protogen plugin: the request's descriptors do not link: {}",
            messages.join("; ")
        ));
        return response;
    }
    let roots: Vec<usize> = compilation.roots.iter().flatten().copied().collect();
    let (model, targets) = match crate::codegen::model_of(&compilation, &roots) {
        Ok(m) => m,
        Err(e) => {
            response.error = Some(e);
            return response;
        }
    };
    let plugin_files = |wanted: &dyn Fn(&str) -> bool| {
        let mut files = raw_files(input, &names);
        files.retain(|(name, _)| wanted(name));
        files
    };
    let req = Request {
        model: &model,
        targets: &targets,
        parameter: &parameter,
        plugin_files: &plugin_files,
    };
    match crate::codegen::run(generator, &req) {
        Ok(files) => response.file = files,
        Err(e) => response.error = Some(e),
    }
    response
}

/// The request's files as protoc encoded them (`proto_file`, field 15),
/// with their names.
fn raw_files(input: &[u8], names: &[String]) -> Vec<(String, Vec<u8>)> {
    let mut r = crate::descriptor::wire::Reader::new(input);
    let mut out = Vec::new();
    while let Some((number, _, bytes)) = r.field() {
        if number == 15 {
            let name = names.get(out.len()).cloned().unwrap_or_default();
            out.push((name, bytes.to_vec()));
        }
    }
    out
}

/// protoc gives plugins every field's JSON name; the generators embed only
/// those written in the source, as `--NAME_out` gives them. A JSON name was
/// written where the source info has a location for it; without source
/// info, one equal to the default is taken as not written.
fn drop_default_json_names(fd: &mut crate::descriptor::FileDescriptorProto) {
    use crate::descriptor::tags::*;
    use crate::descriptor::{DescriptorProto, FieldDescriptorProto};
    use crate::semantic::text::json_name;
    use std::collections::HashSet;
    let written: Option<HashSet<Vec<i32>>> = fd.source_code_info.as_ref().map(|sci| {
        sci.location
            .iter()
            .filter(|l| l.path.last() == Some(&(FIELD_JSON_NAME as i32)))
            .map(|l| l.path[..l.path.len() - 1].to_vec())
            .collect()
    });
    let keep = |f: &FieldDescriptorProto, path: &[i32]| match &written {
        Some(w) => w.contains(path),
        None => f.json_name != f.name.as_deref().map(json_name),
    };
    let fields = |fs: &mut [FieldDescriptorProto], path: &mut Vec<i32>, kind: u32| {
        for (i, f) in fs.iter_mut().enumerate() {
            path.extend([kind as i32, i as i32]);
            if f.json_name.is_some() && !keep(f, path) {
                f.json_name = None;
            }
            path.truncate(path.len() - 2);
        }
    };
    fn message(
        m: &mut DescriptorProto,
        path: &mut Vec<i32>,
        fields: &dyn Fn(&mut [FieldDescriptorProto], &mut Vec<i32>, u32),
    ) {
        fields(&mut m.field, path, MSG_FIELD);
        fields(&mut m.extension, path, MSG_EXTENSION);
        for (i, n) in m.nested_type.iter_mut().enumerate() {
            path.extend([MSG_NESTED_TYPE as i32, i as i32]);
            message(n, path, fields);
            path.truncate(path.len() - 2);
        }
    }
    let mut path = Vec::new();
    for (i, m) in fd.message_type.iter_mut().enumerate() {
        path.extend([FILE_MESSAGE_TYPE as i32, i as i32]);
        message(m, &mut path, &fields);
        path.truncate(path.len() - 2);
    }
    fields(&mut fd.extension, &mut path, FILE_EXTENSION);
}

/// Runs as a plugin over stdin and stdout; returns the exit code.
pub fn run(program: Option<&str>) -> i32 {
    let mut input = Vec::new();
    if let Err(e) = std::io::stdin().lock().read_to_end(&mut input) {
        eprintln!("protogen plugin: reading stdin: {e}");
        return 1;
    }
    let response = std::panic::catch_unwind(|| respond(program, &input)).unwrap_or_else(|_| {
        CodeGeneratorResponse {
            error: Some("protogen plugin: internal error; this is a bug in protogen".into()),
            ..Default::default()
        }
    });
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if out
        .write_all(&response.encode())
        .and_then(|_| out.flush())
        .is_err()
    {
        eprintln!("protogen plugin: writing the response failed");
        return 1;
    }
    0
}
