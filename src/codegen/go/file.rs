//! One `.pb.go` file: the header, the version check, the imports, every
//! enum, message and extension of the .proto file, and the file's
//! descriptor registration (raw descriptor, Go types, dependency indexes,
//! the init function).

use std::collections::HashMap;

use super::annotate::Annotation;
use super::names::{GoIdent, Names};
use super::writer::{Decl, Element, GoWriter};
use super::{doc_comment, enums, message, rawdesc, wellknown};
use crate::descriptor::plugin::COMPILER_VERSION;
use crate::descriptor::Location;
use crate::semantic::model::features::ApiLevel;
use crate::semantic::model::{EnumId, ExtensionId, FieldKind, FileId, MessageId, Model};

pub const PROTOIMPL: &str = "google.golang.org/protobuf/runtime/protoimpl";
pub const PROTOREFLECT: &str = "google.golang.org/protobuf/reflect/protoreflect";
pub const MATH: &str = "math";
pub const REFLECT: &str = "reflect";
pub const SYNC: &str = "sync";
pub const UNSAFE: &str = "unsafe";

/// The version protoc-gen-go's output names (and whose output this is).
pub const PROTOC_GEN_GO_VERSION: &str = "v1.36.12";

/// The runtime generation the code is written for
/// (`protoimpl.GenVersion`).
const GEN_VERSION: u32 = 20;

/// The state of one generated file.
pub struct FileGen<'a> {
    pub model: &'a Model,
    pub names: &'a Names,
    pub file: FileId,
    pub w: GoWriter,
    pub need_raw_desc: bool,
    /// Writing a hybrid file's `_protoopaque.pb.go` variant, in which
    /// every message has the opaque API.
    pub opaque_variant: bool,
    all_enums: Vec<EnumId>,
    all_messages: Vec<MessageId>,
    pub(super) all_extensions: Vec<ExtensionId>,
    enum_index: HashMap<EnumId, usize>,
    message_index: HashMap<MessageId, usize>,
    var_prefix: String,
    /// The symbols declared so far that stand for .proto declarations
    /// (see [`super::annotate`]).
    pub annotations: Vec<Annotation>,
}

/// What one file's generation reads besides the model.
pub struct FileInput<'a> {
    /// The file as protoc gives it to plugins (source information included).
    pub descriptor: &'a crate::descriptor::FileDescriptorProto,
    /// The raw descriptor the file embeds.
    pub raw_descriptor: Vec<u8>,
    /// The hybrid files protoc-gen-go has generated so far in this run
    /// (see [`super::opaque::HybridDone`]).
    pub hybrid_done: &'a super::opaque::HybridDone,
}

impl<'a> FileGen<'a> {
    fn new(model: &'a Model, names: &'a Names, file: FileId) -> FileGen<'a> {
        let f = model.file(file);
        let mut all_enums = f.enums.clone();
        let mut all_messages = f.messages.clone();
        let mut all_extensions = f.extensions.clone();
        // Nested declarations follow, message by message, depth first.
        fn walk(
            model: &Model,
            ms: &[MessageId],
            e: &mut Vec<EnumId>,
            m: &mut Vec<MessageId>,
            x: &mut Vec<ExtensionId>,
        ) {
            for &id in ms {
                let msg = model.message(id);
                e.extend(&msg.enums);
                m.extend(&msg.messages);
                x.extend(&msg.extensions);
                walk(model, &msg.messages, e, m, x);
            }
        }
        walk(
            model,
            &f.messages,
            &mut all_enums,
            &mut all_messages,
            &mut all_extensions,
        );
        let descriptor_var = &names.file(file).descriptor_var;
        let var_prefix = match descriptor_var.chars().next() {
            Some(c) => format!("{}{}", c.to_lowercase(), &descriptor_var[c.len_utf8()..]),
            None => String::new(),
        };
        FileGen {
            model,
            names,
            file,
            w: GoWriter::new(&names.file(file).import_path),
            need_raw_desc: false,
            opaque_variant: false,
            enum_index: all_enums.iter().enumerate().map(|(i, &e)| (e, i)).collect(),
            message_index: all_messages
                .iter()
                .enumerate()
                .map(|(i, &m)| (m, i))
                .collect(),
            all_enums,
            all_messages,
            all_extensions,
            var_prefix,
            annotations: Vec::new(),
        }
    }

    /// Records that `symbol` (`Name` or `Type.Member`) stands for the
    /// declaration at source path `path`, with the given semantic
    /// (`GeneratedCodeInfo.Annotation.Semantic`), if any.
    pub fn annotate(&mut self, symbol: String, path: &[i32], semantic: Option<i32>) {
        self.annotations.push(Annotation {
            symbol,
            path: path.to_vec(),
            semantic,
        });
    }

    /// `file_<path>_<suffix>`: the file's private variables.
    pub fn var(&self, suffix: &str) -> String {
        format!("{}_{suffix}", self.var_prefix)
    }

    pub fn enum_index(&self, e: EnumId) -> usize {
        self.enum_index[&e]
    }

    pub fn message_index(&self, m: MessageId) -> usize {
        self.message_index[&m]
    }

    pub fn import_path(&self) -> &str {
        &self.names.file(self.file).import_path
    }

    pub fn api_level(&self) -> ApiLevel {
        self.names.file(self.file).api_level
    }

    /// The API a message is written in: its own, except in the opaque
    /// variant of a hybrid file.
    pub fn message_api(&self, m: MessageId) -> ApiLevel {
        if self.opaque_variant {
            ApiLevel::Opaque
        } else {
            self.names.message_api(m)
        }
    }

    /// A comment (as the descriptor holds it) with the deprecation notice
    /// protoc-gen-go appends for a deprecated declaration or file.
    pub fn deprecation_suffix(&self, comment: &str, deprecated: bool) -> String {
        let f = self.model.file(self.file);
        let file_deprecated = f.options.is_deprecated();
        if !deprecated && !file_deprecated {
            return comment.to_string();
        }
        let mut out = comment.to_string();
        if !out.is_empty() {
            out.push('\n');
        }
        let path = &self.model[f.name];
        if file_deprecated {
            out.push_str(&format!(
                " Deprecated: The entire proto file {path} is marked as deprecated.\n"
            ));
        } else {
            out.push_str(&format!(" Deprecated: Marked as deprecated in {path}.\n"));
        }
        out
    }

    /// A comment directly above a declaration, field or value,
    /// reformatted as gofmt reformats doc comments (protoc-gen-go writes
    /// every line unindented, so gofmt takes each such comment for a
    /// top-level doc comment).
    pub fn doc_comment(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        let lines = comment_lines(text);
        let formatted = doc_comment::format_abutting(&lines);
        self.w.comment_lines(&formatted);
    }
}

/// A comment's `//` lines.
pub fn comment_lines(text: &str) -> Vec<String> {
    let text = text.strip_suffix('\n').unwrap_or(text);
    // Carriage returns stay: they decide whether gofmt reformats the
    // comment (see `doc_comment::format_abutting`); the writer drops them.
    text.split('\n').map(|line| format!("//{line}")).collect()
}

/// A trailing comment as one `//` line; none when it spans lines.
pub fn trailing_comment(text: &str) -> Option<String> {
    if text.is_empty() {
        return None;
    }
    let lines = comment_lines(text);
    (lines.len() == 1).then(|| lines.into_iter().next().expect("one line"))
}

/// The comments protoc-gen-go copies from the location at `path`: every
/// detached comment, then the leading one, each followed by a blank line.
pub fn standalone_comments(w: &mut GoWriter, locations: &[Location], path: &[i32]) {
    let Some(loc) = locations.iter().find(|l| l.path == path) else {
        return;
    };
    for c in &loc.leading_detached_comments {
        w.comment_lines(&comment_lines(c));
        w.blank();
    }
    if let Some(c) = loc.leading_comments.as_deref().filter(|c| !c.is_empty()) {
        w.comment_lines(&comment_lines(c));
        w.blank();
    }
}

/// Generates the `.pb.go` text of `file`, with the symbols to annotate.
pub fn gen_file(
    model: &Model,
    names: &Names,
    request_files: &[FileId],
    file: FileId,
    input: &FileInput,
) -> (String, Vec<Annotation>) {
    gen_file_variant(model, names, request_files, file, input, false)
}

/// Generates the `.pb.go` text of `file`, or with `opaque_variant` the
/// `_protoopaque.pb.go` text of a hybrid file, with the symbols to
/// annotate.
pub fn gen_file_variant(
    model: &Model,
    names: &Names,
    request_files: &[FileId],
    file: FileId,
    input: &FileInput,
    opaque_variant: bool,
) -> (String, Vec<Annotation>) {
    let mut g = FileGen::new(model, names, file);
    g.opaque_variant = opaque_variant;
    let f = model.file(file);
    let locations: &[Location] = input
        .descriptor
        .source_code_info
        .as_ref()
        .map(|s| s.location.as_slice())
        .unwrap_or(&[]);
    standalone_comments(&mut g.w, locations, &[12]);
    g.w.comment_lines(&["// Code generated by protoc-gen-go. DO NOT EDIT."]);
    g.w.comment_lines(&[
        "// versions:".to_string(),
        format!("// \tprotoc-gen-go {PROTOC_GEN_GO_VERSION}"),
        format!(
            "// \tprotoc        v{}.{}.{}{}",
            COMPILER_VERSION.major,
            COMPILER_VERSION.minor,
            COMPILER_VERSION.patch,
            if COMPILER_VERSION.suffix.is_empty() {
                String::new()
            } else {
                format!("-{}", COMPILER_VERSION.suffix)
            }
        ),
    ]);
    let path = &model[f.name];
    if f.options.is_deprecated() {
        g.w.comment_lines(&[format!("// {path} is a deprecated file.")]);
    } else {
        g.w.comment_lines(&[format!("// source: {path}")]);
    }
    g.w.blank();
    standalone_comments(&mut g.w, locations, &[2]);
    // The build constraint of a hybrid file's two variants: gofmt moves
    // it above the package doc comment, with a blank line after it.
    let build = if opaque_variant {
        Some("//go:build protoopaque")
    } else if g.api_level() == ApiLevel::Hybrid {
        Some("//go:build !protoopaque")
    } else {
        None
    };
    if let Some(build) = build {
        g.w.comment_lines(&[build]);
        g.w.blank();
    }
    // protoc-gen-go's doc comment for a well-known-type package abuts the
    // package clause.
    let package_doc = wellknown::package_doc(path);
    match build {
        // protoc-gen-go writes the constraint right above the doc: gofmt
        // formats the two as one doc comment (which puts a `//` line
        // before the directive) before it moves the constraint.
        Some(build) if !package_doc.is_empty() => {
            let mut lines = comment_lines(package_doc);
            lines.push(build.to_string());
            let mut formatted = doc_comment::format_abutting(&lines);
            formatted.pop();
            g.w.comment_lines(&formatted);
        }
        _ => g.doc_comment(package_doc),
    }
    let package_name = names.file(file).package_name.clone();
    g.w.line(&format!("package {package_name}"));
    g.w.blank();

    let protoimpl_enforce = g.w.qualify(PROTOIMPL, "EnforceVersion");
    let min = g.w.qualify(PROTOIMPL, "MinVersion");
    let max = g.w.qualify(PROTOIMPL, "MaxVersion");
    g.w.decl(Decl::Const, false);
    g.w.line("const (");
    g.w.end_section();
    g.w.indent();
    g.w.comment_lines(&["// Verify that this generated code is sufficiently up-to-date."]);
    g.w.line(&format!(
        "_\u{b}= {protoimpl_enforce}({GEN_VERSION} - {min})"
    ));
    g.w.comment_lines(&["// Verify that runtime/protoimpl is sufficiently up-to-date."]);
    g.w.line_ff(&format!(
        "_\u{b}= {protoimpl_enforce}({max} - {GEN_VERSION})"
    ));
    g.w.outdent();
    g.w.line(")");
    g.w.blank();

    for import in &f.imports {
        if !request_files.contains(&import.file) {
            continue;
        }
        let path = &names.file(import.file).import_path;
        if path == g.import_path() {
            continue;
        }
        g.w.import(&path.clone());
        if import.public {
            let empty = crate::descriptor::FileDescriptorProto::default();
            let imported = FileInput {
                descriptor: &empty,
                raw_descriptor: Vec::new(),
                hybrid_done: input.hybrid_done,
            };
            // A hybrid file generated before has the opaque API now.
            let opaque = input.hybrid_done.borrow().contains(&import.file);
            let (text, _) =
                gen_file_variant(model, names, request_files, import.file, &imported, opaque);
            if names.file(import.file).api_level == ApiLevel::Hybrid {
                input.hybrid_done.borrow_mut().insert(import.file);
            }
            super::public::gen_forwards(&mut g, import.file, &text);
        }
    }
    for e in g.all_enums.clone() {
        enums::gen_enum(&mut g, e);
    }
    for m in g.all_messages.clone() {
        message::gen_message(&mut g, m);
    }
    super::extensions::gen_extensions(&mut g);
    gen_reflect(&mut g, request_files, &input.raw_descriptor);
    (g.w.finish(), g.annotations)
}

/// The descriptor registration: raw descriptor, type tables, init.
fn gen_reflect(g: &mut FileGen, request_files: &[FileId], raw: &[u8]) {
    let model = g.model;
    let names = g.names;
    let descriptor_var = names.file(g.file).descriptor_var.clone();
    let file_descriptor = g.w.qualify(PROTOREFLECT, "FileDescriptor");
    g.w.decl(Decl::Var, false);
    g.w.line(&format!("var {descriptor_var} {file_descriptor}"));
    g.w.blank();

    let raw_var = g.var("rawDesc");
    g.w.decl(Decl::Const, false);
    g.w.line(&format!("const {raw_var} = \"\" +"));
    g.w.indent();
    let chunks = rawdesc::split_lines(raw);
    for (i, chunk) in chunks.iter().enumerate() {
        let quoted = super::literal::quote(chunk);
        if i + 1 < chunks.len() {
            g.w.line(&format!("{quoted} +"));
        } else {
            g.w.line(&quoted);
        }
    }
    g.w.outdent();
    g.w.blank();

    let unsafe_bytes = |w: &mut GoWriter| {
        let slice = w.qualify(UNSAFE, "Slice");
        let data = w.qualify(UNSAFE, "StringData");
        format!("{slice}({data}({raw_var}), len({raw_var}))")
    };
    if g.need_raw_desc {
        let once = format!("{raw_var}Once");
        let data = format!("{raw_var}Data");
        let sync_once = g.w.qualify(SYNC, "Once");
        g.w.decl(Decl::Var, false);
        g.w.line("var (");
        g.w.end_section();
        g.w.indent();
        g.w.line(&format!("{once}\u{b}{sync_once}"));
        g.w.line_ff(&format!("{data}\u{b}[]byte"));
        g.w.outdent();
        g.w.line(")");
        g.w.blank();
        let x = g.w.qualify(PROTOIMPL, "X");
        let bytes = unsafe_bytes(&mut g.w);
        g.w.decl(Decl::Func, false);
        g.w.emit(
            "func $raw$GZIP() []byte {
	$once$.Do(func() {
		$data$ = $X$.CompressGZIP($bytes$)
	})
	return $data$
}
",
            &[
                ("raw", &raw_var),
                ("once", &once),
                ("data", &data),
                ("X", &x),
                ("bytes", &bytes),
            ],
        );
        g.w.blank();
    }

    let enum_types = g.var("enumTypes");
    let msg_types = g.var("msgTypes");
    if !g.all_enums.is_empty() {
        let info = g.w.qualify(PROTOIMPL, "EnumInfo");
        g.w.decl(Decl::Var, false);
        g.w.line(&format!(
            "var {enum_types} = make([]{info}, {})",
            g.all_enums.len()
        ));
    }
    if !g.all_messages.is_empty() {
        let info = g.w.qualify(PROTOIMPL, "MessageInfo");
        g.w.decl(Decl::Var, false);
        g.w.line(&format!(
            "var {msg_types} = make([]{info}, {})",
            g.all_messages.len()
        ));
    }

    // The Go types of every declaration and dependency, once each, and the
    // index into them of every dependency.
    let mut table = TypeTable::default();
    for e in g.all_enums.clone() {
        table.add(g, Ty::Enum(e), None);
    }
    for m in g.all_messages.clone() {
        table.add(g, Ty::Message(m), None);
    }
    let mut offsets: Vec<(usize, &str)> = vec![(table.dep_idxs.len(), "field type_name")];
    let field_type = |kind: FieldKind| match kind {
        FieldKind::Enum(e) => Some(Ty::Enum(e)),
        FieldKind::Message(m) => Some(Ty::Message(m)),
        FieldKind::Map { entry, .. } => Some(Ty::Message(entry)),
        FieldKind::Scalar(_) => None,
    };
    for m in g.all_messages.clone() {
        for &f in &model.message(m).fields {
            let field = model.field(f);
            if let Some(ty) = field_type(field.kind) {
                table.add(
                    g,
                    ty,
                    Some(format!("{}:type_name", &model[field.full_name])),
                );
            }
        }
    }
    offsets.push((table.dep_idxs.len(), "extension extendee"));
    for x in g.all_extensions.clone() {
        let field = model.extension(x);
        let extendee = field.extendee.expect("an extendee");
        table.add(
            g,
            Ty::Message(extendee),
            Some(format!("{}:extendee", &model[field.full_name])),
        );
    }
    offsets.push((table.dep_idxs.len(), "extension type_name"));
    for x in g.all_extensions.clone() {
        let field = model.extension(x);
        if let Some(ty) = field_type(field.kind) {
            table.add(
                g,
                ty,
                Some(format!("{}:type_name", &model[field.full_name])),
            );
        }
    }
    offsets.push((table.dep_idxs.len(), "method input_type"));
    let services = model.file(g.file).services.clone();
    for &s in &services {
        for &method in &model.service(s).methods {
            let me = model.method(method);
            table.add(
                g,
                Ty::Message(me.input),
                Some(format!("{}:input_type", &model[me.full_name])),
            );
        }
    }
    offsets.push((table.dep_idxs.len(), "method output_type"));
    for &s in &services {
        for &method in &model.service(s).methods {
            let me = model.method(method);
            table.add(
                g,
                Ty::Message(me.output),
                Some(format!("{}:output_type", &model[me.full_name])),
            );
        }
    }
    offsets.push((table.dep_idxs.len(), ""));
    let mut dep_elements: Vec<Element> = table
        .dep_idxs
        .iter()
        .enumerate()
        .map(|(i, (idx, what))| Element::Plain {
            text: idx.to_string(),
            comment: format!("// {i}: {what}"),
        })
        .collect();
    for i in (0..offsets.len() - 1).rev() {
        let (start, name) = offsets[i];
        let next = offsets[i + 1].0;
        dep_elements.push(Element::Plain {
            text: start.to_string(),
            comment: format!("// [{start}:{next}] is the sub-list for {name}"),
        });
    }
    let go_types_var = g.var("goTypes");
    let dep_idxs_var = g.var("depIdxs");
    g.w.decl(Decl::Var, false);
    if table.go_types.is_empty() {
        g.w.line(&format!("var {go_types_var} = []any{{}}"));
    } else {
        g.w.line(&format!("var {go_types_var} = []any{{"));
        g.w.elements(&table.go_types);
        g.w.line("}");
    }
    g.w.decl(Decl::Var, false);
    g.w.line(&format!("var {dep_idxs_var} = []int32{{"));
    g.w.elements(&dep_elements);
    g.w.line("}");

    let init = g.var("init");
    g.w.decl(Decl::Func, false);
    g.w.short_func("func init()", &format!("{init}()"));
    g.w.decl(Decl::Func, false);
    g.w.emit(
        "func $init$() {
	if $File$ != nil {
		return
	}
",
        &[("init", &init), ("File", &descriptor_var)],
    );
    g.w.indent();
    let f = model.file(g.file);
    for import in &f.imports {
        if !request_files.contains(&import.file) {
            continue;
        }
        if names.file(import.file).import_path == names.file(g.file).import_path {
            let other = FileGen::new(model, names, import.file);
            g.w.line(&format!("{}()", other.var("init")));
        }
    }
    for m in g.all_messages.clone() {
        let msg = model.message(m);
        if msg.oneofs.is_empty() {
            continue;
        }
        let idx = g.message_index(m);
        let mut wrappers = Vec::new();
        for &o in &msg.oneofs {
            let oneof = model.oneof(o);
            if oneof.synthetic {
                continue;
            }
            for &field in &oneof.fields {
                let ident = &names.field(field).ident;
                let ident = if g.message_api(m) == ApiLevel::Opaque {
                    super::opaque::unexport(ident)
                } else {
                    ident.clone()
                };
                wrappers.push(Element::Plain {
                    text: format!("(*{ident})(nil)"),
                    comment: String::new(),
                });
            }
        }
        if wrappers.is_empty() {
            g.w.line(&format!("{msg_types}[{idx}].OneofWrappers = []any{{}}"));
        } else {
            g.w.line(&format!("{msg_types}[{idx}].OneofWrappers = []any{{"));
            g.w.elements(&wrappers);
            g.w.line("}");
        }
    }
    g.w.line("type x struct{}");
    let type_builder = g.w.qualify(PROTOIMPL, "TypeBuilder");
    let desc_builder = g.w.qualify(PROTOIMPL, "DescBuilder");
    let type_of = g.w.qualify(REFLECT, "TypeOf");
    let bytes = unsafe_bytes(&mut g.w);
    let pair = |key: &str, value: String| Element::Pair {
        key: key.to_string(),
        value,
    };
    let mut outer = vec![
        Element::Nested {
            head: format!("File: {desc_builder}{{"),
            elements: vec![
                pair("GoPackagePath", format!("{type_of}(x{{}}).PkgPath()")),
                pair("RawDescriptor", bytes),
                pair("NumEnums", g.all_enums.len().to_string()),
                pair("NumMessages", g.all_messages.len().to_string()),
                pair("NumExtensions", g.all_extensions.len().to_string()),
                pair("NumServices", f.services.len().to_string()),
            ],
        },
        pair("GoTypes", go_types_var.clone()),
        pair("DependencyIndexes", dep_idxs_var.clone()),
    ];
    if !g.all_enums.is_empty() {
        outer.push(pair("EnumInfos", enum_types.clone()));
    }
    if !g.all_messages.is_empty() {
        outer.push(pair("MessageInfos", msg_types.clone()));
    }
    if !g.all_extensions.is_empty() {
        outer.push(pair("ExtensionInfos", g.var("extTypes")));
    }
    g.w.line(&format!("out := {type_builder}{{"));
    g.w.elements(&outer);
    g.w.line_ff("}.Build()");
    g.w.line(&format!("{descriptor_var} = out.File"));
    g.w.line(&format!("{go_types_var} = nil"));
    g.w.line_ff(&format!("{dep_idxs_var} = nil"));
    g.w.outdent();
    g.w.line("}");
}

/// What a dependency's type is.
enum Ty {
    Enum(EnumId),
    Message(MessageId),
}

/// The Go types of every declaration and dependency, once each, and the
/// index into them of every dependency.
#[derive(Default)]
struct TypeTable {
    go_types: Vec<Element>,
    dep_idxs: Vec<(usize, String)>,
    seen: HashMap<String, usize>,
}

impl TypeTable {
    fn add(&mut self, g: &mut FileGen, ty: Ty, source: Option<String>) {
        let model = g.model;
        let names = g.names;
        let (full, text) = match ty {
            Ty::Enum(e) => {
                let full = model[model.enum_(e).full_name].to_string();
                let text = if self.seen.contains_key(&full) {
                    None
                } else {
                    let ident: GoIdent = names.enum_(model, e);
                    Some(format!("({})(0)", g.w.q(&ident)))
                };
                (full, text)
            }
            Ty::Message(m) => {
                let full = model[model.message(m).full_name].to_string();
                let text = if self.seen.contains_key(&full) {
                    None
                } else if model.is_map_entry(m) {
                    Some("nil".to_string())
                } else {
                    let ident = names.message(model, m);
                    Some(format!("(*{})(nil)", g.w.q(&ident)))
                };
                (full, text)
            }
        };
        if let Some(text) = text {
            self.go_types.push(Element::Plain {
                text,
                comment: format!("// {}: {full}", self.go_types.len()),
            });
            let n = self.seen.len();
            self.seen.insert(full.clone(), n);
        }
        if let Some(source) = source {
            self.dep_idxs
                .push((self.seen[&full], format!("{source} -> {full}")));
        }
    }
}
