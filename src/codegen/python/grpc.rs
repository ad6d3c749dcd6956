//! `_pb2_grpc.py` modules, as grpcio-tools' `grpc_python` generator writes
//! them: a stub, a servicer, a registration function and the experimental
//! static-call class for each service.

use super::names::import_statement;
use crate::codegen::printer::Printer;
use crate::descriptor as d;
use crate::semantic::pool::{Pool, SymKind};

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
fn message_path(pool: &Pool, type_name: &str, config: &Config, in_pb2_of: Option<usize>) -> String {
    let full = type_name.trim_start_matches('.');
    let Some(sym) = pool
        .symbols
        .get(full)
        .filter(|s| s.kind == SymKind::Message)
    else {
        return full.to_string();
    };
    let file = &pool.files[sym.file];
    let package = file.proto.package.as_deref().unwrap_or("");
    let local = if package.is_empty() {
        full
    } else {
        full.strip_prefix(package)
            .and_then(|r| r.strip_prefix('.'))
            .unwrap_or(full)
    };
    // Inside a _pb2 module, its own messages need no module prefix.
    if in_pb2_of == Some(sym.file) {
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
fn comments(p: &mut Printer, entry: &crate::semantic::FileEntry, path: &[i32]) {
    let mut lines: Vec<String> = Vec::new();
    if entry.source.is_some() {
        let c = entry
            .locs
            .iter()
            .find(|l| &*l.path == path)
            .and_then(|l| l.comments.as_deref());
        if let Some(c) = c {
            for block in &c.detached {
                lines.extend(getlines(block));
                lines.push(String::new());
            }
            lines.extend(getlines(&c.leading));
            lines.extend(getlines(&c.trailing));
        }
    } else if let Some(sci) = &entry.proto.source_code_info {
        // A file from a descriptor set or a plugin request.
        if let Some(l) = sci.location.iter().find(|l| l.path == path) {
            for block in &l.leading_detached_comments {
                lines.extend(getlines(block));
                lines.push(String::new());
            }
            lines.extend(getlines(l.leading_comments.as_deref().unwrap_or("")));
            lines.extend(getlines(l.trailing_comments.as_deref().unwrap_or("")));
        }
    }
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

fn kind(m: &d::MethodDescriptorProto) -> (&'static str, &'static str) {
    (
        if m.client_streaming == Some(true) {
            "stream"
        } else {
            "unary"
        },
        if m.server_streaming == Some(true) {
            "stream"
        } else {
            "unary"
        },
    )
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
pub fn generate(pool: &Pool, file: usize, config: &Config) -> Result<(String, String), String> {
    let entry = &pool.files[file];
    let Some(base) = entry.name.strip_suffix(".proto") else {
        return Err("Invalid proto file name. Proto file must end with .proto".into());
    };
    let out_name = format!("{}_pb2_grpc.py", base.replace('-', "_").replace('.', "/"));
    let fd = &entry.proto;
    let mut p = Printer::default();
    p.raw("# Generated by the gRPC Python protocol compiler plugin. DO NOT EDIT!\n\"\"\"Client and server classes corresponding to protobuf-defined services.\"\"\"\n");
    p.raw("import grpc\nimport warnings\n\n");
    let mut imports = std::collections::BTreeSet::new();
    for s in &fd.service {
        for m in &s.method {
            for t in [&m.input_type, &m.output_type] {
                let t = t.as_deref().unwrap_or("").trim_start_matches('.');
                if let Some(sym) = pool.symbols.get(t) {
                    let f = &pool.files[sym.file].name;
                    imports.insert((grpc_module_name(f, config), grpc_module_alias(f, config)));
                }
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
    ga_services(&mut p, pool, file, config, None);
    Ok((out_name, p.finish()))
}

/// The stub, servicer, registration function and experimental class of
/// each service of `file`; `in_pb2_of` when written into that file's
/// `_pb2` module (grpc_1_0).
/// A service as the generated code addresses it.
struct Service<'a> {
    proto: &'a d::ServiceDescriptorProto,
    name: &'a str,
    /// `package.Service`, as gRPC names it on the wire.
    qualified: String,
    /// Source path, for the service's comments.
    path: [i32; 2],
}

impl Service<'_> {
    /// Source path of method `index`, for its comments.
    fn method_path(&self, index: usize) -> [i32; 4] {
        [
            self.path[0],
            self.path[1],
            crate::descriptor::tags::SERVICE_METHOD as i32,
            index as i32,
        ]
    }
}

fn services(fd: &d::FileDescriptorProto) -> Vec<Service<'_>> {
    let package = fd
        .package
        .as_deref()
        .map(|s| format!("{s}."))
        .unwrap_or_default();
    fd.service
        .iter()
        .enumerate()
        .map(|(i, proto)| {
            let name = proto.name.as_deref().unwrap_or("");
            Service {
                proto,
                name,
                qualified: format!("{package}{name}"),
                path: [crate::descriptor::tags::FILE_SERVICE as i32, i as i32],
            }
        })
        .collect()
}

/// The name of a handler's request parameter.
fn request_arg(m: &d::MethodDescriptorProto) -> &'static str {
    if m.client_streaming == Some(true) {
        "request_iterator"
    } else {
        "request"
    }
}

fn ga_services(
    p: &mut Printer,
    pool: &Pool,
    file: usize,
    config: &Config,
    in_pb2_of: Option<usize>,
) {
    let entry = &pool.files[file];
    for svc in services(&entry.proto) {
        let (s, name, qualified, spath) = (svc.proto, svc.name, svc.qualified.as_str(), svc.path);
        let types = |m: &d::MethodDescriptorProto| {
            (
                message_path(
                    pool,
                    m.input_type.as_deref().unwrap_or(""),
                    config,
                    in_pb2_of,
                ),
                message_path(
                    pool,
                    m.output_type.as_deref().unwrap_or(""),
                    config,
                    in_pb2_of,
                ),
            )
        };
        // The stub.
        p.print("\n\nclass $s$Stub:\n", &[("s", name)]);
        indent2(p);
        comments(p, entry, &spath);
        p.raw("\ndef __init__(self, channel):\n");
        indent2(p);
        p.raw("\"\"\"Constructor.\n\nArgs:\n");
        indent2(p);
        p.raw("channel: A grpc.Channel.\n");
        outdent2(p);
        p.raw("\"\"\"\n");
        for m in &s.method {
            let (req, resp) = types(m);
            let (a, b) = kind(m);
            let mname = m.name.as_deref().unwrap_or("");
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
        comments(p, entry, &spath);
        for (mi, m) in s.method.iter().enumerate() {
            let arg = request_arg(m);
            p.print(
                "\ndef $m$(self, $arg$, context):\n",
                &[("m", m.name.as_deref().unwrap_or("")), ("arg", arg)],
            );
            indent2(p);
            comments(p, entry, &svc.method_path(mi));
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
        for m in &s.method {
            let (req, resp) = types(m);
            let (a, b) = kind(m);
            let mname = m.name.as_deref().unwrap_or("");
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
        comments(p, entry, &spath);
        for m in &s.method {
            let (req, resp) = types(m);
            let (a, b) = kind(m);
            let mname = m.name.as_deref().unwrap_or("");
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
pub fn beta_insertion(pool: &Pool, file: usize, config: &Config) -> String {
    let entry = &pool.files[file];
    let fd = &entry.proto;
    let mut p = Printer::default();
    p.raw("try:\n");
    indent2(&mut p);
    p.raw("# THESE ELEMENTS WILL BE DEPRECATED.\n# Please use the generated *_pb2_grpc.py files instead.\n");
    p.raw("import grpc\nimport warnings\n");
    p.raw("from grpc.beta import implementations as beta_implementations\nfrom grpc.beta import interfaces as beta_interfaces\nfrom grpc.framework.common import cardinality\nfrom grpc.framework.interfaces.face import utilities as face_utilities\n");
    ga_services(&mut p, pool, file, config, Some(file));
    for svc in services(fd) {
        let (s, name, qualified, spath) = (svc.proto, svc.name, svc.qualified.as_str(), svc.path);
        // Methods by name, as the beta tables list them.
        let mut by_name: Vec<&d::MethodDescriptorProto> = s.method.iter().collect();
        by_name.sort_by(|a, b| a.name.cmp(&b.name));
        by_name.dedup_by(|a, b| a.name == b.name);
        let path_of =
            |t: &Option<String>| message_path(pool, t.as_deref().unwrap_or(""), config, Some(file));

        p.print("\n\nclass Beta$s$Servicer:\n", &[("s", name)]);
        indent2(&mut p);
        p.raw(BETA_CLASS_DOC);
        comments(&mut p, entry, &spath);
        for (mi, m) in s.method.iter().enumerate() {
            p.print(
                "def $m$(self, $a$, context):\n",
                &[
                    ("m", m.name.as_deref().unwrap_or("")),
                    ("a", request_arg(m)),
                ],
            );
            indent2(&mut p);
            comments(&mut p, entry, &svc.method_path(mi));
            p.raw("context.code(beta_interfaces.StatusCode.UNIMPLEMENTED)\n");
            outdent2(&mut p);
        }
        outdent2(&mut p);

        p.print("\n\nclass Beta$s$Stub:\n", &[("s", name)]);
        indent2(&mut p);
        p.raw(BETA_CLASS_DOC);
        comments(&mut p, entry, &spath);
        for (mi, m) in s.method.iter().enumerate() {
            let mname = m.name.as_deref().unwrap_or("");
            p.print(
                "def $m$(self, $a$, timeout, metadata=None, with_call=False, protocol_options=None):\n",
                &[("m", mname), ("a", request_arg(m))],
            );
            indent2(&mut p);
            comments(&mut p, entry, &svc.method_path(mi));
            p.raw("raise NotImplementedError()\n");
            outdent2(&mut p);
            if m.server_streaming != Some(true) {
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
        let row = |m: &&d::MethodDescriptorProto, value: String| {
            format!(
                "('{qualified}', '{}'): {value},\n",
                m.name.as_deref().unwrap_or("")
            )
        };
        table(
            &mut p,
            "request_deserializers",
            by_name
                .iter()
                .map(|m| row(m, format!("{}.FromString", path_of(&m.input_type))))
                .collect(),
        );
        table(
            &mut p,
            "response_serializers",
            by_name
                .iter()
                .map(|m| row(m, format!("{}.SerializeToString", path_of(&m.output_type))))
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
                        format!(
                            "face_utilities.{a}_{b}_inline(servicer.{})",
                            m.name.as_deref().unwrap_or("")
                        ),
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
                .map(|m| row(m, format!("{}.SerializeToString", path_of(&m.input_type))))
                .collect(),
        );
        table(
            &mut p,
            "response_deserializers",
            by_name
                .iter()
                .map(|m| row(m, format!("{}.FromString", path_of(&m.output_type))))
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
                        m.name.as_deref().unwrap_or(""),
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
