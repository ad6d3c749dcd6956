//! gRPC clients and servers from build.rs, as tonic-prost-build's
//! `configure()` builder writes them: each package's file holds its
//! messages (as [`Config`] writes them) followed by the client and server
//! modules of each of its services.
//!
//! ```no_run
//! // build.rs
//! fn main() -> std::io::Result<()> {
//!     protogen::build::tonic::configure()
//!         .build_server(true)
//!         .compile_protos(&["proto/greeter.proto"], &["proto"])
//! }
//! ```

use std::io::Result;
use std::path::{Path, PathBuf};

use super::Config;
use crate::codegen::rust::tonic::{gen_build_file, BuildExtras, TonicOptions};
use crate::codegen::rust::ProstOptions;
use crate::semantic::model::{FileId, Model};

/// The service generation settings a [`Config`] carries.
#[derive(Clone)]
pub struct Services {
    options: TonicOptions,
}

impl Services {
    /// The settings with the message settings' extern paths, by which
    /// method types resolve as the messages do.
    pub(super) fn with_externs(mut self, prost: &ProstOptions) -> Services {
        self.options.extern_path = prost.extern_path.clone();
        self.options.compile_well_known_types = prost.compile_well_known_types;
        self
    }

    pub(super) fn gen_file(
        &self,
        model: &Model,
        file: FileId,
    ) -> std::result::Result<String, String> {
        gen_build_file(model, &self.options, file)
    }

    pub(super) fn extras_mut(&mut self) -> &mut BuildExtras {
        self.options.build.get_or_insert_with(BuildExtras::default)
    }
}

/// A builder of gRPC code generation; see [`configure`]. Its message
/// settings are applied to the [`Config`] it compiles with, as
/// tonic-prost-build applies them to prost-build's.
#[must_use]
pub struct Builder {
    services: Services,
    build_client: bool,
    build_server: bool,
    out_dir: Option<PathBuf>,
    extern_path: Vec<(String, String)>,
    field_attributes: Vec<(String, String)>,
    message_attributes: Vec<(String, String)>,
    enum_attributes: Vec<(String, String)>,
    type_attributes: Vec<(String, String)>,
    boxed: Vec<String>,
    btree_map: Option<Vec<String>>,
    bytes: Option<Vec<String>>,
    compile_well_known_types: bool,
    file_descriptor_set_path: Option<PathBuf>,
    protoc_args: Vec<String>,
    include_file: Option<PathBuf>,
    emit_rerun_if_changed: Option<bool>,
    skip_debug: Vec<String>,
}

/// Starts configuring code generation for gRPC: clients, servers and
/// transport helpers on by default.
pub fn configure() -> Builder {
    Builder {
        services: Services {
            options: TonicOptions {
                build: Some(BuildExtras::default()),
                ..TonicOptions::default()
            },
        },
        build_client: true,
        build_server: true,
        out_dir: None,
        extern_path: Vec::new(),
        field_attributes: Vec::new(),
        message_attributes: Vec::new(),
        enum_attributes: Vec::new(),
        type_attributes: Vec::new(),
        boxed: Vec::new(),
        btree_map: None,
        bytes: None,
        compile_well_known_types: false,
        file_descriptor_set_path: None,
        protoc_args: Vec::new(),
        include_file: None,
        emit_rerun_if_changed: None,
        skip_debug: Vec::new(),
    }
}

/// Compiles one `.proto` file, with its directory as the include
/// directory, and the default settings.
pub fn compile_protos(proto: impl AsRef<Path>) -> Result<()> {
    let proto = proto.as_ref();
    let dir = proto.parent().unwrap_or(Path::new("."));
    configure().compile_protos(&[proto], &[dir])
}

fn pair(a: impl AsRef<str>, b: impl AsRef<str>) -> (String, String) {
    (a.as_ref().to_string(), b.as_ref().to_string())
}

impl Builder {
    /// Generates clients (default on).
    pub fn build_client(mut self, enable: bool) -> Self {
        self.build_client = enable;
        self
    }

    /// Generates servers (default on).
    pub fn build_server(mut self, enable: bool) -> Self {
        self.build_server = enable;
        self
    }

    /// Generates the clients' `connect`, which needs tonic's `transport`
    /// feature (default on).
    pub fn build_transport(mut self, enable: bool) -> Self {
        self.services.options.no_transport = !enable;
        self
    }

    /// Where the generated files go (`OUT_DIR` unless set).
    pub fn out_dir(mut self, out_dir: impl AsRef<Path>) -> Self {
        self.out_dir = Some(out_dir.as_ref().to_path_buf());
        self
    }

    /// See [`Config::extern_path`].
    pub fn extern_path(mut self, proto_path: impl AsRef<str>, rust_path: impl AsRef<str>) -> Self {
        self.extern_path.push(pair(proto_path, rust_path));
        self
    }

    /// See [`Config::field_attribute`].
    pub fn field_attribute<P: AsRef<str>, A: AsRef<str>>(mut self, path: P, attribute: A) -> Self {
        self.field_attributes.push(pair(path, attribute));
        self
    }

    /// See [`Config::message_attribute`].
    pub fn message_attribute<P: AsRef<str>, A: AsRef<str>>(
        mut self,
        path: P,
        attribute: A,
    ) -> Self {
        self.message_attributes.push(pair(path, attribute));
        self
    }

    /// See [`Config::enum_attribute`].
    pub fn enum_attribute<P: AsRef<str>, A: AsRef<str>>(mut self, path: P, attribute: A) -> Self {
        self.enum_attributes.push(pair(path, attribute));
        self
    }

    /// See [`Config::type_attribute`].
    pub fn type_attribute<P: AsRef<str>, A: AsRef<str>>(mut self, path: P, attribute: A) -> Self {
        self.type_attributes.push(pair(path, attribute));
        self
    }

    /// See [`Config::boxed`].
    pub fn boxed<P: AsRef<str>>(mut self, path: P) -> Self {
        self.boxed.push(path.as_ref().to_string());
        self
    }

    /// Maps the map fields matching `path` to `BTreeMap`.
    pub fn btree_map<P: AsRef<str>>(mut self, path: P) -> Self {
        let list = self.btree_map.get_or_insert_with(Vec::new);
        list.push(path.as_ref().to_string());
        self
    }

    /// Maps the `bytes` fields matching `path` to `bytes::Bytes`.
    pub fn bytes<P: AsRef<str>>(mut self, path: P) -> Self {
        let list = self.bytes.get_or_insert_with(Vec::new);
        list.push(path.as_ref().to_string());
        self
    }

    /// Adds an attribute to the server modules of the packages `path` names.
    pub fn server_mod_attribute<P: AsRef<str>, A: AsRef<str>>(
        mut self,
        path: P,
        attribute: A,
    ) -> Self {
        self.services
            .options
            .server
            .push_module(path.as_ref(), attribute.as_ref());
        self
    }

    /// Adds an attribute to the server structs of the services `path` names.
    pub fn server_attribute<P: AsRef<str>, A: AsRef<str>>(mut self, path: P, attribute: A) -> Self {
        self.services
            .options
            .server
            .push_structure(path.as_ref(), attribute.as_ref());
        self
    }

    /// Adds an attribute to the server traits of the services `path` names.
    pub fn trait_attribute<P: AsRef<str>, A: AsRef<str>>(mut self, path: P, attribute: A) -> Self {
        self.services
            .extras_mut()
            .trait_attributes
            .push((path.as_ref().into(), attribute.as_ref().into()));
        self
    }

    /// Adds an attribute to the client modules of the packages `path` names.
    pub fn client_mod_attribute<P: AsRef<str>, A: AsRef<str>>(
        mut self,
        path: P,
        attribute: A,
    ) -> Self {
        self.services
            .options
            .client
            .push_module(path.as_ref(), attribute.as_ref());
        self
    }

    /// Adds an attribute to the client structs of the services `path` names.
    pub fn client_attribute<P: AsRef<str>, A: AsRef<str>>(mut self, path: P, attribute: A) -> Self {
        self.services
            .options
            .client
            .push_structure(path.as_ref(), attribute.as_ref());
        self
    }

    /// Generates the well-known types instead of using `prost-types`.
    pub fn compile_well_known_types(mut self, enable: bool) -> Self {
        self.compile_well_known_types = enable;
        self
    }

    /// See [`Config::file_descriptor_set_path`].
    pub fn file_descriptor_set_path(mut self, path: impl AsRef<Path>) -> Self {
        self.file_descriptor_set_path = Some(path.as_ref().to_path_buf());
        self
    }

    /// See [`Config::protoc_arg`].
    pub fn protoc_arg<A: AsRef<str>>(mut self, arg: A) -> Self {
        self.protoc_args.push(arg.as_ref().to_string());
        self
    }

    /// See [`Config::include_file`].
    pub fn include_file(mut self, path: impl AsRef<Path>) -> Self {
        self.include_file = Some(path.as_ref().to_path_buf());
        self
    }

    /// See [`Config::emit_rerun_if_changed`].
    pub fn emit_rerun_if_changed(mut self, enable: bool) -> Self {
        self.emit_rerun_if_changed = Some(enable);
        self
    }

    /// Leaves out the comments of these services (`pkg.Service`) and
    /// methods (`pkg.Service.Method`).
    pub fn disable_comments<I, S>(mut self, paths: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let set = &mut self.services.extras_mut().disable_comments;
        set.extend(paths.into_iter().map(|p| p.as_ref().to_string()));
        self
    }

    /// Server trait methods take `self: Arc<Self>`.
    pub fn use_arc_self(mut self, enable: bool) -> Self {
        self.services.extras_mut().use_arc_self = enable;
        self
    }

    /// Server trait methods answer `Unimplemented` unless implemented.
    pub fn generate_default_stubs(mut self, enable: bool) -> Self {
        self.services.extras_mut().generate_default_stubs = enable;
        self
    }

    /// The codec of the generated code (`tonic_prost::ProstCodec`).
    pub fn codec_path(mut self, path: impl AsRef<str>) -> Self {
        self.services.extras_mut().codec_path = path.as_ref().to_string();
        self
    }

    /// See [`Config::skip_debug`].
    pub fn skip_debug<I, S>(mut self, paths: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.skip_debug = paths.into_iter().map(|p| p.as_ref().to_string()).collect();
        self
    }

    /// Compiles `protos`, found under `includes`, and writes the messages
    /// and services of every file they are and import.
    pub fn compile_protos<P: AsRef<Path>>(self, protos: &[P], includes: &[P]) -> Result<()> {
        self.compile_with_config(Config::new(), protos, includes)
    }

    /// [`Builder::compile_protos`] with `config`'s message settings, to
    /// which the builder's are added.
    pub fn compile_with_config<P: AsRef<Path>>(
        self,
        config: Config,
        protos: &[P],
        includes: &[P],
    ) -> Result<()> {
        self.apply(config)?.compile_protos(protos, includes)
    }

    /// Writes the messages and services of every file of an encoded
    /// `FileDescriptorSet`; see [`Config::compile_fds`].
    pub fn compile_fds(self, descriptor_set: &[u8]) -> Result<()> {
        self.apply(Config::new())?.compile_fds(descriptor_set)
    }

    /// `config` with the builder's settings added.
    fn apply(mut self, mut config: Config) -> Result<Config> {
        let extras = self.services.extras_mut();
        if syn::parse_str::<syn::Path>(&extras.codec_path).is_err() {
            return Err(super::invalid(format!(
                "codec_path {:?} is not a Rust path",
                extras.codec_path
            )));
        }
        let out_dir = match self.out_dir {
            Some(dir) => dir,
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| std::io::Error::other("OUT_DIR environment variable is not set"))?,
        };
        config.out_dir(out_dir);
        // tonic-prost-build turns on prost-build's `cleanup-markdown`.
        config.cleanup_markdown(true);
        for (proto, rust) in self.extern_path {
            config.extern_path(proto, rust);
        }
        for (path, attr) in &self.field_attributes {
            config.field_attribute(path, attr);
        }
        for (path, attr) in &self.message_attributes {
            config.message_attribute(path, attr);
        }
        for (path, attr) in &self.enum_attributes {
            config.enum_attribute(path, attr);
        }
        for (path, attr) in &self.type_attributes {
            config.type_attribute(path, attr);
        }
        for path in &self.boxed {
            config.boxed(path);
        }
        if let Some(paths) = &self.btree_map {
            config.btree_map(paths);
        }
        if let Some(paths) = &self.bytes {
            config.bytes(paths);
        }
        if self.compile_well_known_types {
            config.compile_well_known_types();
        }
        for arg in &self.protoc_args {
            config.protoc_arg(arg);
        }
        if let Some(path) = self.include_file {
            config.include_file(path);
        }
        if let Some(enable) = self.emit_rerun_if_changed {
            config.emit_rerun_if_changed(enable);
        }
        if !self.skip_debug.is_empty() {
            config.skip_debug(&self.skip_debug);
        }
        if let Some(path) = self.file_descriptor_set_path {
            config.file_descriptor_set_path(path);
        }
        self.services.options.no_client = !self.build_client;
        self.services.options.no_server = !self.build_server;
        if self.build_client || self.build_server {
            config.services(self.services);
        }
        Ok(config)
    }
}
