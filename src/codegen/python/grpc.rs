//! `_pb2_grpc.py` modules, as grpcio-tools' `grpc_python` generator writes
//! them: a stub, a servicer, a registration function and the experimental
//! static-call class for each service.

use super::names::import_statement;
use crate::codegen::printer::Printer;
use crate::semantic::model::{Comments, FileId, MessageId, Method, Model, ServiceId};

/// The grpcio-tools release whose generated code this matches; the code
/// checks at import that grpcio is at least this version.
pub const GRPC_VERSION: &str = "1.85.1";

/// How the generator was configured by its parameter.
pub struct Config {
    /// Module-name prefixes to strip (the parameter's second part).
    pub strip_prefixes: Vec<String>,
    /// grpc_1_0: also insert the services, with the beta API, into `_pb2.py`.
    pub beta: bool,
}

/// Reads `grpc_2_0[,PREFIX]` or `grpc_1_0[,PREFIX]`.
pub fn parse_parameter(parameter: &str) -> Result<Config, String> {
    let parts: Vec<&str> = parameter.split(',').collect();
    let (version, prefixes) = match parts.as_slice() {
        [""] => ("grpc_2_0", vec![]),
        [v] => (*v, vec![]),
        [v, p] => (*v, vec![p.to_string()]),
        _ => return Err("--grpc_python_out received too many comma-delimited parameters.".into()),
    };
    match version {
        "grpc_2_0" | "grpc_1_0" => Ok(Config {
            strip_prefixes: prefixes,
            beta: version == "grpc_1_0",
        }),
        v => Err(format!("Invalid grpc version '{v}'.")),
    }
}

fn grpc_module_name(file: &str, config: &Config) -> String {
    let mut base = file
        .strip_suffix(".protodevel")
        .or_else(|| file.strip_suffix(".proto"))
        .unwrap_or(file)
        .replace('-', "_")
        .replace('/', ".");
    for p in &config.strip_prefixes {
        if let Some(rest) = base.strip_prefix(p.as_str()) {
            base = rest.to_string();
            break;
        }
    }
    format!("{base}_pb2")
}

fn grpc_module_alias(file: &str, config: &Config) -> String {
    grpc_module_name(file, config)
        .replace('_', "__")
        .replace('.', "_dot_")
}

/// `module_alias.Outer.Inner` for a method's input or output type.
fn message_path(
    model: &Model,
    message: MessageId,
    config: &Config,
    in_pb2_of: Option<FileId>,
) -> String {
    let m = model.message(message);
    let file = model.file(m.file);
    let full = m.full_name.as_str();
    let local = if file.package.is_empty() {
        full
    } else {
        full.strip_prefix(file.package.as_str())
            .and_then(|r| r.strip_prefix('.'))
            .unwrap_or(full)
    };
    // Inside a _pb2 module, its own messages need no module prefix.
    if in_pb2_of == Some(m.file) {
        return local.to_string();
    }
    format!("{}.{local}", grpc_module_alias(&file.name, config))
}

/// Lines as C++'s `getline` reads them: no empty line after a final newline.
fn getlines(s: &str) -> Vec<String> {
    let mut v: Vec<String> = s.split('\n').map(str::to_string).collect();
    if v.last().is_some_and(|l| l.is_empty()) {
        v.pop();
    }
    v
}

/// A docstring from a declaration's comments: detached blocks (each
/// followed by an empty line), then leading, then trailing.
fn comments(p: &mut Printer, c: &Comments) {
    let mut lines: Vec<String> = Vec::new();
    for block in &c.detached {
        lines.extend(getlines(block));
        lines.push(String::new());
    }
    lines.extend(getlines(c.leading.as_deref().unwrap_or_default()));
    lines.extend(getlines(c.trailing.as_deref().unwrap_or_default()));
    if lines.is_empty() {
        p.raw("\"\"\"Missing associated documentation comment in .proto file.\"\"\"\n");
        return;
    }
    p.raw("\"\"\"");
    for line in &lines {
        p.raw(line.trim_start_matches(' '));
        p.raw("\n");
    }
    p.raw("\"\"\"\n");
}

fn indent2(p: &mut Printer) {
    p.indent();
    p.indent();
}

fn outdent2(p: &mut Printer) {
    p.outdent();
    p.outdent();
}

/// `unary` or `stream`, for the request and the response.
fn kind(m: &Method) -> (&'static str, &'static str) {
    let word = |streaming| if streaming { "stream" } else { "unary" };
    (word(m.client_streaming), word(m.server_streaming))
}

/// The `_pb2.py` module grpc_1_0 inserts into, named as grpcio-tools names it.
pub fn pb2_file_name(proto_file: &str) -> Option<String> {
    let base = proto_file.strip_suffix(".proto")?;
    Some(format!(
        "{}_pb2.py",
        base.replace('-', "_").replace('.', "/")
    ))
}

/// Generates `<module>_pb2_grpc.py` for one file: (file name, content).
pub fn generate(model: &Model, file: FileId, config: &Config) -> Result<(String, String), String> {
    let f = model.file(file);
    let Some(base) = f.name.strip_suffix(".proto") else {
        return Err("Invalid proto file name. Proto file must end with .proto".into());
    };
    let out_name = format!("{}_pb2_grpc.py", base.replace('-', "_").replace('.', "/"));
    let mut p = Printer::default();
    p.raw("# Generated by the gRPC Python protocol compiler plugin. DO NOT EDIT!\n\"\"\"Client and server classes corresponding to protobuf-defined services.\"\"\"\n");
    p.raw("import grpc\nimport warnings\n\n");
    let mut imports = std::collections::BTreeSet::new();
    for &s in &f.services {
        for &m in &model.service(s).methods {
            let m = model.method(m);
            for t in [m.input, m.output] {
                let name = &model.file(model.message(t).file).name;
                imports.insert((
                    grpc_module_name(name, config),
                    grpc_module_alias(name, config),
                ));
            }
        }
    }
    for (module, alias) in &imports {
        p.print(
            "$s$ as $a$\n",
            &[("s", &import_statement(module)), ("a", alias)],
        );
    }
    p.print(
        "\nGRPC_GENERATED_VERSION = '$v$'\nGRPC_VERSION = grpc.__version__\n_version_not_supported = False\n\n",
        &[("v", GRPC_VERSION)],
    );
    p.raw("try:\n");
    indent2(&mut p);
    p.raw("from grpc._utilities import first_version_is_lower\n_version_not_supported = first_version_is_lower(GRPC_VERSION, GRPC_GENERATED_VERSION)\n");
    outdent2(&mut p);
    p.raw("except ImportError:\n");
    indent2(&mut p);
    p.raw("_version_not_supported = True\n");
    outdent2(&mut p);
    p.raw("\nif _version_not_supported:\n");
    indent2(&mut p);
    p.raw("raise RuntimeError(\n");
    indent2(&mut p);
    p.print(
        "f'The grpc package installed is at version {GRPC_VERSION},'\n\
         + ' but the generated code in $f$_pb2_grpc.py depends on'\n\
         + f' grpcio>={GRPC_GENERATED_VERSION}.'\n\
         + f' Please upgrade your grpc module to grpcio>={GRPC_GENERATED_VERSION}'\n\
         + f' or downgrade your generated code using grpcio-tools<={GRPC_VERSION}.'\n",
        &[("f", &base.replace('-', "_"))],
    );
    outdent2(&mut p);
    p.raw(")\n");
    outdent2(&mut p);
    ga_services(&mut p, model, file, config, None);
    Ok((out_name, p.finish()))
}

/// The name of a handler's request parameter.
fn request_arg(m: &Method) -> &'static str {
    if m.client_streaming {
        "request_iterator"
    } else {
        "request"
    }
}

/// The stub, servicer, registration function and experimental class of
/// each service of `file`; `in_pb2_of` when written into that file's
/// `_pb2` module (grpc_1_0).
fn ga_services(
    p: &mut Printer,
    model: &Model,
    file: FileId,
    config: &Config,
    in_pb2_of: Option<FileId>,
) {
    for &sid in &model.file(file).services {
        let svc = model.service(sid);
        let (name, qualified) = (svc.name.as_str(), svc.full_name.as_str());
        let methods = methods(model, sid);
        let types = |m: &Method| {
            (
                message_path(model, m.input, config, in_pb2_of),
                message_path(model, m.output, config, in_pb2_of),
            )
        };
        // The stub.
        p.print("\n\nclass $s$Stub:\n", &[("s", name)]);
        indent2(p);
        comments(p, svc.origin.comments());
        p.raw("\ndef __init__(self, channel):\n");
        indent2(p);
        p.raw("\"\"\"Constructor.\n\nArgs:\n");
        indent2(p);
        p.raw("channel: A grpc.Channel.\n");
        outdent2(p);
        p.raw("\"\"\"\n");
        for &m in &methods {
            let (req, resp) = types(m);
            let (a, b) = kind(m);
            let mname = m.name.as_str();
            p.print(
                "self.$m$ = channel.$a$_$b$(\n",
                &[("m", mname), ("a", a), ("b", b)],
            );
            indent2(p);
            indent2(p);
            p.print(
                "'/$q$/$m$',\nrequest_serializer=$req$.SerializeToString,\nresponse_deserializer=$resp$.FromString,\n_registered_method=True)\n",
                &[("q", &qualified), ("m", mname), ("req", &req), ("resp", &resp)],
            );
            outdent2(p);
            outdent2(p);
        }
        outdent2(p);
        outdent2(p);
        // The servicer.
        p.print("\n\nclass $s$Servicer:\n", &[("s", name)]);
        indent2(p);
        comments(p, svc.origin.comments());
        for &m in &methods {
            let arg = request_arg(m);
            p.print(
                "\ndef $m$(self, $arg$, context):\n",
                &[("m", &m.name), ("arg", arg)],
            );
            indent2(p);
            comments(p, m.origin.comments());
            p.raw("context.set_code(grpc.StatusCode.UNIMPLEMENTED)\ncontext.set_details('Method not implemented!')\nraise NotImplementedError('Method not implemented!')\n");
            outdent2(p);
        }
        outdent2(p);
        // Registration with a server.
        p.print(
            "\n\ndef add_$s$Servicer_to_server(servicer, server):\n",
            &[("s", name)],
        );
        indent2(p);
        p.raw("rpc_method_handlers = {\n");
        indent2(p);
        indent2(p);
        for &m in &methods {
            let (req, resp) = types(m);
            let (a, b) = kind(m);
            let mname = m.name.as_str();
            p.print(
                "'$m$': grpc.$a$_$b$_rpc_method_handler(\n",
                &[("m", mname), ("a", a), ("b", b)],
            );
            indent2(p);
            indent2(p);
            p.print(
                "servicer.$m$,\nrequest_deserializer=$req$.FromString,\nresponse_serializer=$resp$.SerializeToString,\n",
                &[("m", mname), ("req", &req), ("resp", &resp)],
            );
            outdent2(p);
            outdent2(p);
            p.raw("),\n");
        }
        outdent2(p);
        outdent2(p);
        p.raw("}\ngeneric_handler = grpc.method_handlers_generic_handler(\n");
        indent2(p);
        indent2(p);
        p.print("'$q$', rpc_method_handlers)\n", &[("q", &qualified)]);
        outdent2(p);
        outdent2(p);
        p.print(
            "server.add_generic_rpc_handlers((generic_handler,))\nserver.add_registered_method_handlers('$q$', rpc_method_handlers)\n",
            &[("q", &qualified)],
        );
        outdent2(p);
        // The experimental static-call class.
        p.print(
            "\n\n # This class is part of an EXPERIMENTAL API.\nclass $s$:\n",
            &[("s", name)],
        );
        indent2(p);
        comments(p, svc.origin.comments());
        for &m in &methods {
            let (req, resp) = types(m);
            let (a, b) = kind(m);
            let mname = m.name.as_str();
            let arg = request_arg(m);
            p.print("\n@staticmethod\ndef $m$(", &[("m", mname)]);
            indent2(p);
            indent2(p);
            p.print(
                "$arg$,\ntarget,\noptions=(),\nchannel_credentials=None,\ncall_credentials=None,\ninsecure=False,\ncompression=None,\nwait_for_ready=None,\ntimeout=None,\nmetadata=None):\n",
                &[("arg", arg)],
            );
            outdent2(p);
            outdent2(p);
            indent2(p);
            p.print("return grpc.experimental.$a$_$b$(\n", &[("a", a), ("b", b)]);
            indent2(p);
            p.print(
                "$arg$,\ntarget,\n'/$q$/$m$',\n$req$.SerializeToString,\n$resp$.FromString,\noptions,\nchannel_credentials,\ninsecure,\ncall_credentials,\ncompression,\nwait_for_ready,\ntimeout,\nmetadata,\n_registered_method=True)\n",
                &[("arg", arg), ("q", &qualified), ("m", mname), ("req", &req), ("resp", &resp)],
            );
            outdent2(p);
            outdent2(p);
        }
        outdent2(p);
    }
}

const BETA_CLASS_DOC: &str = "\"\"\"The Beta API is deprecated for 0.15.0 and later.\n\nIt is recommended to use the GA API (classes and functions in this\nfile not marked beta) for all further purposes. This class was generated\nonly to ease transition from grpcio<0.15.0 to grpcio>=0.15.0.\"\"\"\n";
const BETA_FUNCTION_DOC: &str = "\"\"\"The Beta API is deprecated for 0.15.0 and later.\n\nIt is recommended to use the GA API (classes and functions in this\nfile not marked beta) for all further purposes. This function was\ngenerated only to ease transition from grpcio<0.15.0 to grpcio>=0.15.0\"\"\"\n";

/// grpc_1_0: the services again, GA and deprecated beta API, for insertion
/// into the file's `_pb2` module (at its `module_scope` insertion point).
pub fn beta_insertion(model: &Model, file: FileId, config: &Config) -> String {
    let mut p = Printer::default();
    p.raw("try:\n");
    indent2(&mut p);
    p.raw("# THESE ELEMENTS WILL BE DEPRECATED.\n# Please use the generated *_pb2_grpc.py files instead.\n");
    p.raw("import grpc\nimport warnings\n");
    p.raw("from grpc.beta import implementations as beta_implementations\nfrom grpc.beta import interfaces as beta_interfaces\nfrom grpc.framework.common import cardinality\nfrom grpc.framework.interfaces.face import utilities as face_utilities\n");
    ga_services(&mut p, model, file, config, Some(file));
    for &sid in &model.file(file).services {
        let svc = model.service(sid);
        let (name, qualified) = (svc.name.as_str(), svc.full_name.as_str());
        let methods = methods(model, sid);
        // Methods by name, as the beta tables list them.
        let mut by_name = methods.clone();
        by_name.sort_by(|a, b| a.name.cmp(&b.name));
        by_name.dedup_by(|a, b| a.name == b.name);
        let path_of = |t: MessageId| message_path(model, t, config, Some(file));

        p.print("\n\nclass Beta$s$Servicer:\n", &[("s", name)]);
        indent2(&mut p);
        p.raw(BETA_CLASS_DOC);
        comments(&mut p, svc.origin.comments());
        for &m in &methods {
            p.print(
                "def $m$(self, $a$, context):\n",
                &[("m", &m.name), ("a", request_arg(m))],
            );
            indent2(&mut p);
            comments(&mut p, m.origin.comments());
            p.raw("context.code(beta_interfaces.StatusCode.UNIMPLEMENTED)\n");
            outdent2(&mut p);
        }
        outdent2(&mut p);

        p.print("\n\nclass Beta$s$Stub:\n", &[("s", name)]);
        indent2(&mut p);
        p.raw(BETA_CLASS_DOC);
        comments(&mut p, svc.origin.comments());
        for &m in &methods {
            let mname = m.name.as_str();
            p.print(
                "def $m$(self, $a$, timeout, metadata=None, with_call=False, protocol_options=None):\n",
                &[("m", mname), ("a", request_arg(m))],
            );
            indent2(&mut p);
            comments(&mut p, m.origin.comments());
            p.raw("raise NotImplementedError()\n");
            outdent2(&mut p);
            if !m.server_streaming {
                p.print("$m$.future = None\n", &[("m", mname)]);
            }
        }
        outdent2(&mut p);

        p.print(
            "\n\ndef beta_create_$s$_server(servicer, pool=None, pool_size=None, default_timeout=None, maximum_timeout=None):\n",
            &[("s", name)],
        );
        indent2(&mut p);
        p.raw(BETA_FUNCTION_DOC);
        let table = |p: &mut Printer, title: &str, rows: Vec<String>| {
            p.print("$t$ = {\n", &[("t", title)]);
            indent2(p);
            for r in rows {
                p.raw(&r);
            }
            outdent2(p);
            p.raw("}\n");
        };
        let row = |m: &Method, value: String| format!("('{qualified}', '{}'): {value},\n", m.name);
        table(
            &mut p,
            "request_deserializers",
            by_name
                .iter()
                .map(|m| row(m, format!("{}.FromString", path_of(m.input))))
                .collect(),
        );
        table(
            &mut p,
            "response_serializers",
            by_name
                .iter()
                .map(|m| row(m, format!("{}.SerializeToString", path_of(m.output))))
                .collect(),
        );
        table(
            &mut p,
            "method_implementations",
            by_name
                .iter()
                .map(|m| {
                    let (a, b) = kind(m);
                    row(
                        m,
                        format!("face_utilities.{a}_{b}_inline(servicer.{})", m.name),
                    )
                })
                .collect(),
        );
        p.raw("server_options = beta_implementations.server_options(request_deserializers=request_deserializers, response_serializers=response_serializers, thread_pool=pool, thread_pool_size=pool_size, default_timeout=default_timeout, maximum_timeout=maximum_timeout)\n");
        p.raw(
            "return beta_implementations.server(method_implementations, options=server_options)\n",
        );
        outdent2(&mut p);

        p.print(
            "\n\ndef beta_create_$s$_stub(channel, host=None, metadata_transformer=None, pool=None, pool_size=None):\n",
            &[("s", name)],
        );
        indent2(&mut p);
        p.raw(BETA_FUNCTION_DOC);
        table(
            &mut p,
            "request_serializers",
            by_name
                .iter()
                .map(|m| row(m, format!("{}.SerializeToString", path_of(m.input))))
                .collect(),
        );
        table(
            &mut p,
            "response_deserializers",
            by_name
                .iter()
                .map(|m| row(m, format!("{}.FromString", path_of(m.output))))
                .collect(),
        );
        table(
            &mut p,
            "cardinalities",
            by_name
                .iter()
                .map(|m| {
                    let (a, b) = kind(m);
                    format!(
                        "'{}': cardinality.Cardinality.{}_{},\n",
                        m.name,
                        a.to_ascii_uppercase(),
                        b.to_ascii_uppercase()
                    )
                })
                .collect(),
        );
        p.raw("stub_options = beta_implementations.stub_options(host=host, metadata_transformer=metadata_transformer, request_serializers=request_serializers, response_deserializers=response_deserializers, thread_pool=pool, thread_pool_size=pool_size)\n");
        p.print(
            "return beta_implementations.dynamic_stub(channel, '$q$', cardinalities, options=stub_options)\n",
            &[("q", &qualified)],
        );
        outdent2(&mut p);
    }
    outdent2(&mut p);
    p.raw("except ImportError:\n");
    indent2(&mut p);
    p.raw("pass");
    outdent2(&mut p);
    p.finish()
}

/// The methods of a service, in declaration order.
fn methods(model: &Model, service: ServiceId) -> Vec<&Method> {
    model
        .service(service)
        .methods
        .iter()
        .map(|&m| model.method(m))
        .collect()
}
