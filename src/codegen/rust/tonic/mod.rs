//! `--tonic_out`: gRPC clients and servers for the tonic runtime, as
//! protoc-gen-tonic 0.5 (tonic-build 0.14) writes them: per package with
//! services, a `PACKAGE.tonic.rs` formatted by prettyplease, included from
//! the prost file through its `module` insertion point.

mod client;
mod server;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::names::{self, tonic_camel as camel};
use super::params::{self, Param};
use crate::codegen::{Generator, Request};
use crate::descriptor::edition::Edition;
use crate::descriptor::plugin::ResponseFile;
use crate::descriptor::{self as d, FileDescriptorProto};
use crate::semantic::model::{FileId, MessageId, MethodId, Model, ServiceId};

/// Attributes for generated modules and structs, each with the pattern
/// of names it applies to.
#[derive(Clone, Debug, Default)]
pub struct Attributes {
    module: Vec<(String, String)>,
    structure: Vec<(String, String)>,
}

impl Attributes {
    /// Adds an attribute for the modules of the packages `pattern` names.
    pub fn push_module(&mut self, pattern: &str, attribute: &str) {
        self.module.push((pattern.into(), attribute.into()));
    }

    /// Adds an attribute for the structs of the services `pattern` names.
    pub fn push_structure(&mut self, pattern: &str, attribute: &str) {
        self.structure.push((pattern.into(), attribute.into()));
    }
}

/// Whether a tonic attribute pattern names `path` (a package, or a
/// service's full name): `.` for everything, the name itself, leading
/// segments when the pattern starts with a dot, else trailing segments.
fn matches(pattern: &str, path: &str) -> bool {
    if pattern.is_empty() {
        return false;
    }
    if pattern == "." || pattern == path {
        return true;
    }
    let p: Vec<&str> = pattern.split('.').collect();
    let s: Vec<&str> = path.split('.').collect();
    if p.len() > s.len() {
        return false;
    }
    if pattern.starts_with('.') {
        p[..] == s[..p.len()]
    } else {
        p[..] == s[s.len() - p.len()..]
    }
}

/// The attributes of `list` whose pattern matches `name`, parsed.
fn attributes_for(list: &[(String, String)], name: &str) -> Result<Vec<syn::Attribute>, String> {
    let mut out = Vec::new();
    for (pattern, attr) in list {
        if matches(pattern, name) {
            let item: syn::DeriveInput = syn::parse_str(&format!("{attr}\nstruct fake;"))
                .map_err(|e| format!("attribute {attr:?} does not parse: {e}"))?;
            out.extend(item.attrs);
        }
    }
    Ok(out)
}

/// The options of `--tonic_out`, as protoc-gen-tonic reads them.
#[derive(Clone, Default)]
pub struct TonicOptions {
    pub default_package_filename: Option<String>,
    pub extern_path: Vec<(String, String)>,
    pub server: Attributes,
    pub client: Attributes,
    pub compile_well_known_types: bool,
    pub disable_package_emission: bool,
    pub no_server: bool,
    pub no_client: bool,
    pub no_transport: bool,
    pub no_include: bool,
    pub flat_output_dir: bool,
    /// Set for the build API, which writes what tonic-prost-build writes
    /// from build.rs rather than what the plugin writes.
    pub build: Option<BuildExtras>,
}

/// What tonic-prost-build's builder generates differently from the
/// plugin, and the settings only the builder has.
#[derive(Clone, Debug)]
pub struct BuildExtras {
    /// Trait methods take `self: Arc<Self>`.
    pub use_arc_self: bool,
    /// Trait methods answer `unimplemented` unless implemented.
    pub generate_default_stubs: bool,
    /// The codec type, `tonic_prost::ProstCodec` unless set.
    pub codec_path: String,
    /// Attributes of the server traits, by pattern of service names.
    pub trait_attributes: Vec<(String, String)>,
    /// Services (`pkg.Service`) and methods (`pkg.Service.Method`) whose
    /// comments are left out.
    pub disable_comments: std::collections::HashSet<String>,
    /// No comments at all (what a compilation without source
    /// information gives).
    pub disable_all_comments: bool,
    /// Comments normalized as Markdown, as the messages' are.
    pub cleanup_markdown: bool,
}

impl Default for BuildExtras {
    fn default() -> BuildExtras {
        BuildExtras {
            use_arc_self: false,
            generate_default_stubs: false,
            codec_path: "tonic_prost::ProstCodec".into(),
            trait_attributes: Vec::new(),
            disable_comments: Default::default(),
            disable_all_comments: false,
            cleanup_markdown: false,
        }
    }
}

impl TonicOptions {
    pub fn parse(parameter: &str) -> Result<TonicOptions, String> {
        let mut o = TonicOptions::default();
        for param in params::parse(parameter) {
            if !o.take(&param) {
                return Err(param.invalid());
            }
        }
        Ok(o)
    }

    fn take(&mut self, param: &Param) -> bool {
        for (name, flag) in [
            (
                "compile_well_known_types",
                &mut self.compile_well_known_types,
            ),
            (
                "disable_package_emission",
                &mut self.disable_package_emission,
            ),
            ("no_server", &mut self.no_server),
            ("no_client", &mut self.no_client),
            ("no_transport", &mut self.no_transport),
            ("no_include", &mut self.no_include),
            ("flat_output_dir", &mut self.flat_output_dir),
        ] {
            if let Some(on) = param.switch(name) {
                *flag |= on;
                return true;
            }
        }
        match param {
            Param::Flag("default_package_filename") => self.default_package_filename = None,
            Param::Value("default_package_filename", v) => {
                self.default_package_filename = Some(v.to_string())
            }
            Param::KeyValue("extern_path", k, v) => {
                self.extern_path.push((k.to_string(), v.clone()));
            }
            Param::KeyValue(p, k, v) => {
                let list = match *p {
                    "client_mod_attribute" => &mut self.client.module,
                    "client_attribute" => &mut self.client.structure,
                    "server_mod_attribute" => &mut self.server.module,
                    "server_attribute" => &mut self.server.structure,
                    _ => return false,
                };
                list.push((k.to_string(), params::unescape(v)));
            }
            _ => return false,
        }
        true
    }
}

/// Rust paths to message types from a package's module, as
/// protoc-gen-tonic resolves them: external prefixes first (the
/// well-known types as `prost_types` unless compiled), else relative.
pub struct TypePaths {
    root: Node,
}

#[derive(Default)]
struct Node {
    rust: Option<String>,
    children: std::collections::HashMap<String, Node>,
}

impl TypePaths {
    pub fn new(externs: &[(String, String)], compile_well_known_types: bool) -> TypePaths {
        let mut root = Node::default();
        let mut insert = |proto: &str, rust: &str| {
            let mut node = &mut root;
            for seg in proto
                .trim_start_matches('.')
                .split('.')
                .filter(|s| !s.is_empty())
            {
                node = node.children.entry(seg.to_string()).or_default();
            }
            node.rust = Some(rust.to_string());
        };
        if !compile_well_known_types {
            for (proto, rust) in names::WELL_KNOWN {
                insert(proto, rust);
            }
        }
        for (proto, rust) in externs {
            insert(proto, rust);
        }
        TypePaths { root }
    }

    fn external(&self, fq: &str) -> Option<String> {
        let mut rest = fq.strip_prefix('.').unwrap_or(fq);
        let mut node = &self.root;
        while !rest.is_empty() {
            let (seg, after) = rest.split_once('.').unwrap_or((rest, ""));
            match node.children.get(seg) {
                Some(n) => {
                    node = n;
                    rest = after;
                }
                None => {
                    let prefix = node.rust.as_deref()?;
                    let (package, ty) = rest.rsplit_once('.').unwrap_or(("", rest));
                    let mut out = prefix.to_string();
                    for part in names::module_of(package) {
                        out.push_str("::");
                        out.push_str(&part);
                    }
                    out.push_str("::");
                    out.push_str(&camel(ty));
                    return Some(out);
                }
            }
        }
        node.rust.clone()
    }

    /// The path to `fq` from the module of `from` (a package).
    pub fn resolve(&self, from: &str, fq: &str) -> String {
        if let Some(rust) = self.external(fq) {
            return rust;
        }
        let (package, ty) = fq.rsplit_once('.').unwrap_or(("", fq));
        let here = names::module_of(from);
        let there = names::module_of(package);
        let common = here.iter().zip(&there).take_while(|(a, b)| a == b).count();
        let mut parts: Vec<String> = vec!["super".to_string(); here.len() - common];
        parts.extend(there[common..].iter().cloned());
        parts.push(camel(ty));
        parts.join("::")
    }
}

/// `FooBar` as `foo_bar`: lower case, an underscore before each capital.
fn naive_snake(name: &str) -> String {
    let mut out = String::new();
    let mut chars = name.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c.to_ascii_lowercase());
        if chars.peek().is_some_and(|n| n.is_uppercase()) {
            out.push('_');
        }
    }
    out
}

/// One `#[doc]` per line of a comment, as tonic-prost-build writes them.
fn doc_lines(comment: &str, cleanup: bool) -> TokenStream {
    super::docs::lines(comment, cleanup)
        .iter()
        .map(|l| doc(l))
        .collect()
}

/// `#[doc = "..."]` for a comment, with a leading space added if it has none.
fn doc(comment: &str) -> TokenStream {
    let text = if comment.starts_with(' ') {
        comment.to_string()
    } else {
        format!(" {comment}")
    };
    quote!(#[doc = #text])
}

/// One service as the generators see it.
pub struct ServiceGen<'a> {
    pub model: &'a Model,
    pub options: &'a TonicOptions,
    pub paths: &'a TypePaths,
    pub id: ServiceId,
    /// The service's index in its file.
    pub index: usize,
    /// The source locations of its file, in the order a plugin gets them.
    pub locations: &'a [d::Location],
}

impl ServiceGen<'_> {
    /// The client and server modules of the service, as the options ask;
    /// an error for names that are no identifiers.
    fn gen_service(&self) -> Result<TokenStream, String> {
        check_names(self.model, self.id)?;
        let mut tokens = TokenStream::new();
        if !self.options.no_client {
            tokens.extend(client::gen_client(self)?);
        }
        if !self.options.no_server {
            tokens.extend(server::gen_server(self)?);
        }
        Ok(tokens)
    }

    fn package(&self) -> &str {
        let file = self.model.service(self.id).file;
        &self.model[self.model.file(file).package]
    }

    /// The Rust name of the service (its trait).
    fn name(&self) -> String {
        camel(&self.model[self.model.service(self.id).name])
    }

    /// `package.Service`, or `Service` without package emission.
    fn service_name(&self) -> String {
        let proto = &self.model[self.model.service(self.id).name];
        match self.emitted_package() {
            "" => proto.to_string(),
            p => format!("{p}.{proto}"),
        }
    }

    fn emitted_package(&self) -> &str {
        if self.options.disable_package_emission {
            ""
        } else {
            self.package()
        }
    }

    /// The leading comment of the declaration at `path`, found as
    /// protoc-gen-tonic finds it: by binary search over the locations in
    /// their order in the request, which is not sorted by path, so that a
    /// declaration whose location the search misses gets no comment.
    fn comments(&self, path: &[i32]) -> TokenStream {
        match self
            .locations
            .binary_search_by(|l| l.path.as_slice().cmp(path))
        {
            Ok(i) => doc(self.locations[i].leading_comments.as_deref().unwrap_or("")),
            Err(_) => TokenStream::new(),
        }
    }

    fn service_comments(&self) -> TokenStream {
        match &self.options.build {
            Some(b)
                if b.disable_all_comments || b.disable_comments.contains(&self.service_name()) =>
            {
                TokenStream::new()
            }
            Some(b) => doc_lines(
                &self.model.service(self.id).origin.comments().leading,
                b.cleanup_markdown,
            ),
            None => self.comments(&[6, self.index as i32]),
        }
    }

    /// The documentation of a method.
    fn method_doc(&self, index: usize, id: MethodId) -> TokenStream {
        let Some(b) = &self.options.build else {
            return self.comments(&[6, self.index as i32, 2, index as i32]);
        };
        let m = self.model.method(id);
        let name = format!("{}.{}", self.service_name(), &self.model[m.name]);
        if b.disable_all_comments || b.disable_comments.contains(&name) {
            TokenStream::new()
        } else {
            doc_lines(&m.origin.comments().leading, b.cleanup_markdown)
        }
    }

    /// The codec the generated code encodes messages with.
    fn codec(&self) -> syn::Path {
        let path = self
            .options
            .build
            .as_ref()
            .map_or("tonic_prost::ProstCodec", |b| b.codec_path.as_str());
        syn::parse_str(path).unwrap_or_else(|_| syn::parse_quote!(tonic_prost::ProstCodec))
    }

    fn message_type(&self, m: MessageId) -> syn::Type {
        let fq = format!(".{}", &self.model[self.model.message(m).full_name]);
        let rust = self.paths.resolve(self.package(), &fq);
        let google = fq.starts_with(".google.protobuf") && !self.options.compile_well_known_types;
        let text =
            if google || rust.starts_with("::") || rust == "()" || rust.starts_with("crate::") {
                rust
            } else {
                format!("super::{rust}")
            };
        syn::parse_str(&text).expect("a type path")
    }

    fn method_parts(&self, index: usize, id: MethodId) -> MethodParts {
        let m = self.model.method(id);
        let proto = self.model[m.name].to_string();
        MethodParts {
            ident: format_ident!("{}", names::snake(&proto)),
            path: format!("/{}/{}", self.service_name(), proto),
            request: self.message_type(m.input),
            response: self.message_type(m.output),
            client_streaming: m.client_streaming,
            server_streaming: m.server_streaming,
            doc: self.method_doc(index, id),
            // The plugin reads no method options; the builder marks
            // deprecated methods of the client.
            deprecated: self.options.build.is_some() && m.options.is_deprecated(),
            proto,
        }
    }

    fn methods(&self) -> Vec<MethodParts> {
        self.model
            .service(self.id)
            .methods
            .iter()
            .enumerate()
            .map(|(i, &m)| self.method_parts(i, m))
            .collect()
    }
}

struct MethodParts {
    proto: String,
    ident: syn::Ident,
    path: String,
    request: syn::Type,
    response: syn::Type,
    client_streaming: bool,
    server_streaming: bool,
    doc: TokenStream,
    deprecated: bool,
}

/// Whether `name` is a protobuf identifier (what compiled files have; a
/// descriptor given to protogen may have anything).
fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The names a service's code is made of, each checked to be an
/// identifier (dotted for message types).
fn check_names(model: &Model, id: ServiceId) -> Result<(), String> {
    let service = model.service(id);
    let mut names = vec![&model[service.name]];
    for &m in &service.methods {
        let method = model.method(m);
        names.push(&model[method.name]);
        for t in [method.input, method.output] {
            names.extend(model[model.message(t).full_name].split('.'));
        }
    }
    match names.into_iter().find(|n| !is_identifier(n)) {
        Some(bad) => Err(format!(
            "{}: {bad:?} is not an identifier, so no Rust name can be made of it",
            &model[service.full_name]
        )),
        None => Ok(()),
    }
}

/// The gRPC code of each service of `file`, each service formatted on
/// its own, as tonic-prost-build appends them to the package's file.
pub fn gen_build_file(
    model: &Model,
    options: &TonicOptions,
    file: FileId,
) -> Result<String, String> {
    let paths = TypePaths::new(&options.extern_path, options.compile_well_known_types);
    let mut out = String::new();
    for (index, &id) in model.file(file).services.iter().enumerate() {
        let tokens = ServiceGen {
            model,
            options,
            paths: &paths,
            id,
            index,
            locations: &[],
        }
        .gen_service()?;
        let code: syn::File = syn::parse2(tokens).map_err(|e| {
            format!(
                "generated code for {} does not parse: {e}",
                &model[model.service(id).full_name]
            )
        })?;
        out.push_str(&prettyplease::unparse(&code));
    }
    Ok(out)
}

/// protoc-gen-tonic's generator, built in.
pub struct TonicGenerator;

impl Generator for TonicGenerator {
    fn name(&self) -> &'static str {
        "tonic"
    }

    fn help(&self) -> &'static str {
        "Rust gRPC clients and servers for tonic, one PACKAGE.tonic.rs per package with services, included from the --prost_out file, as protoc-gen-tonic 0.5 writes them. Parameters: extern_path=P=R, client_attribute=P=A, client_mod_attribute=P=A, server_attribute=P=A, server_mod_attribute=P=A, default_package_filename=, compile_well_known_types, disable_package_emission, no_server, no_client, no_transport, no_include, flat_output_dir."
    }

    fn supported_features(&self) -> u64 {
        super::FEATURES
    }

    fn editions(&self) -> (Edition, Edition) {
        super::EDITIONS
    }

    fn yields_to_plugin(&self) -> bool {
        true
    }

    fn embeds_plugin_files(&self, _parameter: &str) -> bool {
        true
    }

    fn generate(&self, request: &Request) -> Result<Vec<ResponseFile>, String> {
        let options = TonicOptions::parse(request.parameter)?;
        let model = request.model;
        let paths = TypePaths::new(&options.extern_path, options.compile_well_known_types);
        let modules = super::modules(
            model,
            request.targets,
            options.flat_output_dir,
            options.default_package_filename.as_deref(),
        );
        // The source locations of the files with services, as the plugin
        // reads them.
        let with_services = |name: &str| {
            model
                .file_by_name(name)
                .is_some_and(|f| !model.file(f).services.is_empty())
        };
        let plugin_files = (request.plugin_files)(&with_services);
        let decoded = crate::parallel::map(&plugin_files, |(name, bytes)| {
            let fd = FileDescriptorProto::decode(bytes)
                .map_err(|e| format!("{name}: the descriptor does not decode: {e:?}"))?;
            Ok::<_, String>((
                name.clone(),
                fd.source_code_info.map(|s| s.location).unwrap_or_default(),
            ))
        });
        let locations: std::collections::HashMap<String, Vec<d::Location>> =
            decoded.into_iter().collect::<Result<_, _>>()?;
        // Each module's code on its own thread, formatted there: token
        // streams stay on the thread that made them.
        let all: Vec<&super::Module> = modules.values().collect();
        let generated = crate::parallel::map(&all, |m| {
            let mut tokens = TokenStream::new();
            for &f in &m.files {
                let file_locations = locations
                    .get(&model[model.file(f).name])
                    .map_or(&[][..], Vec::as_slice);
                for (index, &id) in model.file(f).services.iter().enumerate() {
                    let s = ServiceGen {
                        model,
                        options: &options,
                        paths: &paths,
                        id,
                        index,
                        locations: file_locations,
                    };
                    tokens.extend(s.gen_service()?);
                }
            }
            // A module without a file of its own is only checked, unless
            // its code is written without an include.
            if tokens.is_empty() || (!options.no_include && m.output.is_none()) {
                return Ok(None);
            }
            let file: syn::File = syn::parse2(tokens)
                .map_err(|e| format!("generated code for {} does not parse: {e}", m.package))?;
            Ok::<_, String>(Some(prettyplease::unparse(&file)))
        });
        let mut out = Vec::new();
        for (m, code) in all.into_iter().zip(generated) {
            let Some(code) = code? else { continue };
            let file_name = format!("{}.tonic.rs", m.package);
            if !options.no_include {
                let Some(target) = &m.output else { continue };
                out.push(ResponseFile {
                    name: Some(target.clone()),
                    insertion_point: Some("module".into()),
                    content: Some(format!("include!(\"{file_name}\");\n").into_bytes()),
                    ..Default::default()
                });
            }
            out.push(ResponseFile {
                name: Some(format!("{}{file_name}", m.dir)),
                content: Some(format!("// @generated\n{code}").into_bytes()),
                ..Default::default()
            });
        }
        Ok(out)
    }
}
