//! The hybrid and opaque APIs (protoc-gen-go's `opaque.go`): the opaque
//! struct's hidden fields and internal state (presence bits, lazy
//! decoding), the accessors (`Get`, `Set`, `Has`, `Clear`, `Which`) of
//! both APIs ([`accessors`]), the builders, the oneof case types, the
//! accessor names, field tracking, and the state protoc-gen-go carries
//! from one hybrid file to the next. The struct of a hybrid message, the
//! default values, the base methods and the oneof wrapper types are
//! [`super::message`]'s; the `_protoopaque.pb.go` variant of a hybrid
//! file is [`super::file`]'s.

use std::cell::RefCell;
use std::collections::HashSet;

use super::file::{FileGen, PROTOIMPL, PROTOREFLECT};
use super::message::{default_value, field_go_type, oneof_interface};
use super::names::{has_presence, Names};
use super::tags::{field_tag, StructTags};
use super::writer::Decl;
use crate::semantic::model::features::ApiLevel;
use crate::semantic::model::{
    Cardinality, Field, FieldId, FieldKind, FileId, MessageId, Model, OneofId, Scalar,
};

mod accessors;

pub use accessors::gen_accessors;

/// The hybrid files protoc-gen-go has generated so far in a run. Writing
/// a hybrid file's opaque variant, protoc-gen-go sets the API of the
/// file and its messages to opaque for good: a public import of the file
/// met after that forwards the symbols of its opaque variant.
pub type HybridDone = RefCell<HashSet<FileId>>;

/// For each target, in order, the hybrid files generated before it:
/// protoc-gen-go generates the targets one after the other, and each
/// public import of another Go package generates the imported file
/// again (its public imports first).
pub fn hybrid_done_before(
    model: &Model,
    names: &Names,
    request_files: &[FileId],
    targets: &[FileId],
) -> Vec<(FileId, HashSet<FileId>)> {
    fn generate(
        model: &Model,
        names: &Names,
        request_files: &[FileId],
        file: FileId,
        done: &mut HashSet<FileId>,
    ) {
        let import_path = &names.file(file).import_path;
        for import in &model.file(file).imports {
            if import.public
                && request_files.contains(&import.file)
                && &names.file(import.file).import_path != import_path
            {
                generate(model, names, request_files, import.file, done);
            }
        }
        if names.file(file).api_level == ApiLevel::Hybrid {
            done.insert(file);
        }
    }
    let mut done = HashSet::new();
    let mut out = Vec::new();
    for &t in targets {
        out.push((t, done.clone()));
        generate(model, names, request_files, t, &mut done);
    }
    out
}

/// A name with its first letter lower-cased: the opaque API's oneof
/// wrapper types are unexported.
pub fn unexport(ident: &str) -> String {
    let mut chars = ident.chars();
    match chars.next() {
        Some(c) => {
            let mut lower = c.to_lowercase();
            // Go's unicode.ToLower maps one rune to one rune.
            let l = match (lower.next(), lower.next()) {
                (Some(l), None) => l,
                _ => c,
            };
            format!("{l}{}", chars.as_str())
        }
        None => String::new(),
    }
}

/// A message (or map) field marked `[lazy = true]`.
fn is_lazy(field: &Field) -> bool {
    matches!(field.kind, FieldKind::Message(_) | FieldKind::Map { .. })
        && field.options.lazy == Some(true)
}

fn is_list(field: &Field) -> bool {
    field.cardinality == Cardinality::Repeated && !matches!(field.kind, FieldKind::Map { .. })
}

fn is_message(field: &Field) -> bool {
    matches!(field.kind, FieldKind::Message(_))
}

fn is_bytes(field: &Field) -> bool {
    matches!(field.kind, FieldKind::Scalar(Scalar::Bytes))
}

/// The member of a (non-synthetic) oneof: its oneof.
fn real_oneof(field: &Field) -> Option<OneofId> {
    match field.oneof {
        Some((o, false)) => Some(o),
        _ => None,
    }
}

/// The Go runtime's `UsePresenceForField`: whether the field's presence
/// is a bit of the opaque struct's presence array.
fn uses_presence(field: &Field) -> bool {
    if real_oneof(field).is_some() || matches!(field.kind, FieldKind::Map { .. }) {
        return false;
    }
    if is_message(field) {
        return is_lazy(field);
    }
    has_presence(field)
}

/// What the generation of one hybrid or opaque message needs.
struct Msg {
    m: MessageId,
    /// The message's Go name.
    name: String,
    opaque: bool,
    tracked: bool,
}

impl Msg {
    fn new(g: &FileGen, m: MessageId, name: &str) -> Msg {
        Msg {
            m,
            name: name.to_string(),
            opaque: g.message_api(m) == ApiLevel::Opaque,
            tracked: is_tracked(g, m),
        }
    }

    /// The struct field of a field (hidden in the opaque API).
    fn field_name(&self, g: &FileGen, f: FieldId) -> String {
        let go_name = &g.names.field(f).go_name;
        if self.opaque {
            format!("xxx_hidden_{go_name}")
        } else {
            go_name.clone()
        }
    }

    /// The struct field holding a oneof.
    fn oneof_field(&self, g: &FileGen, o: OneofId) -> String {
        let go_name = &g.names.oneof(o).go_name;
        if self.opaque {
            format!("xxx_hidden_{go_name}")
        } else {
            go_name.clone()
        }
    }

    /// The wrapper type of a oneof member.
    fn wrapper(&self, g: &FileGen, f: FieldId) -> String {
        let ident = &g.names.field(f).ident;
        if self.opaque {
            unexport(ident)
        } else {
            ident.clone()
        }
    }

    /// protogen's `Field.MethodName`: the accessor's name, and for a
    /// hybrid getter the open API's name when that differs.
    fn method(&self, g: &FileGen, f: FieldId, verb: &str) -> (String, Option<String>) {
        let names = g.names.field(f);
        if self.opaque {
            return (format!("{verb}{}", names.camel), None);
        }
        let infix = if names.hybrid_conflict { "_" } else { "" };
        let name = format!("{verb}{infix}{}", names.camel);
        if verb != "Get" {
            return (name, None);
        }
        let open = format!("Get{}", names.go_name);
        let compat = (open != name).then_some(open);
        (name, compat)
    }

    /// protogen's `Oneof.MethodName`.
    fn oneof_method(&self, g: &FileGen, o: OneofId, verb: &str) -> String {
        let names = g.names.oneof(o);
        let infix = if names.hybrid_conflict && !self.opaque {
            "_"
        } else {
            ""
        };
        format!("{verb}{infix}{}", names.camel)
    }
}

/// Whether the message asks for field tracking (option 37383685 of
/// `MessageOptions`, read as protoc-gen-go reads it: the last varint).
pub fn is_tracked(g: &FileGen, m: MessageId) -> bool {
    const TRACK_FIELD_USE: u32 = 37383685;
    g.model
        .message(m)
        .options
        .encoded
        .occurrences(TRACK_FIELD_USE)
        .into_iter()
        .rfind(|(wire_type, _)| *wire_type == 0)
        .is_some_and(|(_, v)| v.iter().any(|&b| b & 0x7f != 0))
}

/// A field's Go type in the struct of a hybrid or opaque message, and
/// whether the struct field points to it (`opaqueFieldGoType`).
fn opaque_field_go_type(g: &mut FileGen, field: &Field, opaque: bool) -> (String, bool) {
    let (go_type, pointer) = field_go_type(g, field);
    if !opaque {
        return (go_type, pointer);
    }
    let pointer = if is_list(field) {
        is_message(field)
    } else {
        matches!(field.kind, FieldKind::Scalar(Scalar::String)) && has_presence(field)
    };
    (go_type, pointer)
}

/// The Go type of a builder field, and whether it is a pointer.
fn builder_field_go_type(g: &mut FileGen, field: &Field, opaque: bool) -> (String, bool) {
    let (go_type, mut pointer) = opaque_field_go_type(g, field, opaque);
    if opaque && is_list(field) {
        pointer = false;
    }
    if has_presence(field) && !is_message(field) && !is_bytes(field) {
        pointer = true;
    }
    (go_type, pointer)
}

/// The index of a field's bit in the presence array: each field outside
/// a oneof has one, each oneof one (`opaqueFieldPresenceIndex`).
fn presence_index(g: &FileGen, m: MessageId, f: FieldId) -> usize {
    let model = g.model;
    let mut index = 0;
    for &other in &model.message(m).fields {
        if other == f {
            break;
        }
        let is_last_of_oneof = |o: OneofId| model.oneof(o).fields.last() == Some(&other);
        match model.field(other).oneof {
            None => index += 1,
            Some((o, _)) if is_last_of_oneof(o) => index += 1,
            Some(_) => {}
        }
    }
    index
}

/// How many presence bits the message has.
fn presence_count(g: &FileGen, m: MessageId) -> usize {
    match g.model.message(m).fields.last() {
        Some(&last) => presence_index(g, m, last) + 1,
        None => 0,
    }
}

/// `&(x.XXX_presence[i/32]), i`.
fn presence_args(g: &FileGen, m: MessageId, f: FieldId) -> String {
    let i = presence_index(g, m, f);
    format!("&(x.XXX_presence[{}]), {i}", i / 32)
}

/// Writes lines of code, each at the current indentation plus its own
/// leading tabs.
fn put(g: &mut FileGen, text: &str) {
    for line in text.strip_suffix('\n').unwrap_or(text).split('\n') {
        let own = line.len() - line.trim_start_matches('\t').len();
        for _ in 0..own {
            g.w.indent();
        }
        g.w.line(&line[own..]);
        for _ in 0..own {
            g.w.outdent();
        }
    }
}

/// The deprecation notice of a field's accessors.
fn field_deprecation(g: &FileGen, field: &Field) -> String {
    g.deprecation_suffix("", field.options.is_deprecated())
}

/// Starts a method: the field tracking pragma, if any, and the doc
/// comment, formatted together as gofmt formats them.
pub fn start_func(g: &mut FileGen, nointerface: bool, doc: &str) {
    g.w.decl(Decl::Func, nointerface || !doc.is_empty());
    let mut lines = Vec::new();
    if nointerface {
        lines.push("//go:nointerface".to_string());
    }
    if !doc.is_empty() {
        lines.extend(super::file::comment_lines(doc));
    }
    if !lines.is_empty() {
        let formatted = super::doc_comment::format_abutting(&lines);
        g.w.comment_lines(&formatted);
    }
}

/// A struct field of an opaque message: hidden, with no comments.
pub fn gen_struct_field(g: &mut FileGen, m: MessageId, f: FieldId) {
    let model = g.model;
    let field = model.field(f);
    let tracked = is_tracked(g, m);
    if let Some(o) = real_oneof(field) {
        let oneof = model.oneof(o);
        if oneof.fields[0] != f {
            return;
        }
        let go_name = &g.names.oneof(o).go_name;
        let mut tags = StructTags::new().with("protobuf_oneof", &model[oneof.name]);
        if tracked {
            tags = tags.with("go", "track");
        }
        let interface = oneof_interface(g, m, o);
        g.w.line(&format!(
            "xxx_hidden_{go_name}\u{b}{interface}\u{b}\u{b}{tags}"
        ));
        if tracked {
            gen_track_field(g, go_name);
        }
        return;
    }
    let (go_type, pointer) = opaque_field_go_type(g, field, true);
    let go_type = if pointer {
        format!("*{go_type}")
    } else {
        go_type
    };
    let mut tags = StructTags::new().with("protobuf", &field_tag(model, field));
    if let FieldKind::Map { entry, .. } = field.kind {
        let entry = model.message(entry);
        let key = field_tag(model, model.field(entry.fields[0])).replace(",proto3", "");
        let value = field_tag(model, model.field(entry.fields[1])).replace(",proto3", "");
        tags = tags.with("protobuf_key", &key).with("protobuf_val", &value);
    }
    let go_name = &g.names.field(f).go_name;
    g.w.line(&format!(
        "xxx_hidden_{go_name}\u{b}{go_type}\u{b}\u{b}{tags}"
    ));
    if tracked {
        gen_track_field(g, go_name);
    }
}

/// The zero-size field through which field tracking sees an opaque
/// field's use.
fn gen_track_field(g: &mut FileGen, go_name: &str) {
    g.w.comment_lines(&["// Deprecated: Do not use. This will be deleted in the near future."]);
    g.w.line(&format!(
        "XXX_ft_{go_name}\u{b}struct{{}}\u{b}\u{b}`go:\"track\"`"
    ));
}

/// The opaque struct's internal fields before the extension and unknown
/// fields: lazy decoding state, the race detector's hook, the presence
/// bits.
pub fn gen_internal_fields(g: &mut FileGen, m: MessageId) {
    let model = g.model;
    let msg = model.message(m);
    if !msg.fields.iter().any(|&f| uses_presence(model.field(f))) {
        return;
    }
    if msg.fields.iter().any(|&f| is_lazy(model.field(f))) {
        g.w.comment_lines(&["// Deprecated: Do not use. This will be deleted in the near future."]);
        let t = g.w.qualify(PROTOIMPL, "LazyUnmarshalInfo");
        g.w.line(&format!("XXX_lazyUnmarshalInfo\u{b}{t}"));
    }
    let t = g.w.qualify(PROTOIMPL, "RaceDetectHookData");
    g.w.line(&format!("XXX_raceDetectHookData\u{b}{t}"));
    g.w.line(&format!(
        "XXX_presence\u{b}[{}]uint32",
        presence_count(g, m).div_ceil(32)
    ));
}

/// `case_<Message>_<Oneof>`: the type of a oneof's case constants.
fn case_type_name(g: &FileGen, o: OneofId) -> String {
    let m = g.model.oneof(o).message;
    format!(
        "case_{}_{}",
        g.names.message(g.model, m).name,
        g.names.oneof(o).go_name
    )
}

/// The `_builder` struct and its `Build` method.
pub fn gen_builder(g: &mut FileGen, m: MessageId, name: &str) {
    let model = g.model;
    let msg = model.message(m);
    let ctx = Msg::new(g, m, name);
    let builder = format!("{name}_builder");
    g.annotate(builder.clone(), &msg.origin.path, None);
    let doc = g.deprecation_suffix("", msg.options.is_deprecated());
    g.w.decl(Decl::Type, !doc.is_empty());
    g.doc_comment(&doc);
    g.w.line(&format!("type {builder} struct {{"));
    g.w.end_section();
    g.w.indent();
    let prevents = "// Prevents comparability and use of unkeyed literals for the builder.";
    if msg.fields.is_empty() {
        g.w.line_with_comment("_ [0]func()\t", prevents, b'\n');
    } else {
        g.w.line_with_comment("_\u{b}[0]func()\u{b}", prevents, b'\n');
    }
    g.w.blank();
    // Comment lines not yet written: gofmt formats a comment group as a
    // doc comment when code follows it directly.
    let mut pending: Vec<String> = Vec::new();
    for &f in &msg.fields {
        let field = model.field(f);
        let (go_type, pointer) = builder_field_go_type(g, field, ctx.opaque);
        let go_type = if pointer || (field.oneof.is_some() && default_value(g, m, f) != "nil") {
            format!("*{go_type}")
        } else {
            go_type
        };
        let real = real_oneof(field);
        let tracked_tag = ctx.tracked && real.is_none();
        if let Some(o) = real {
            let oneof = model.oneof(o);
            if oneof.fields[0] == f {
                let comment = &oneof.origin.comments().leading;
                if !comment.is_empty() {
                    pending.extend(super::file::comment_lines(comment));
                    g.w.comment_lines(&pending);
                    pending.clear();
                    g.w.blank();
                }
                pending.push(format!("// Fields of oneof {}:", ctx.oneof_field(g, o)));
            }
        }
        let leading = g.deprecation_suffix(
            &field.origin.comments().leading,
            field.options.is_deprecated(),
        );
        if !leading.is_empty() {
            pending.extend(super::file::comment_lines(&leading));
        }
        if !pending.is_empty() {
            let formatted = super::doc_comment::format_abutting(&pending);
            g.w.comment_lines(&formatted);
            pending.clear();
        }
        let camel = g.names.field(f).camel.clone();
        g.annotate(format!("{builder}.{camel}"), &field.origin.path, None);
        if tracked_tag {
            g.w.line(&format!("{camel}\u{b}{go_type}\u{b}\u{b}`go:\"track\"`"));
        } else {
            g.w.line(&format!("{camel}\u{b}{go_type}"));
        }
        if let Some(o) = real {
            if model.oneof(o).fields.last() == Some(&f) {
                pending.push(format!("// -- end of {}", ctx.oneof_field(g, o)));
            }
        }
    }
    if !pending.is_empty() {
        let formatted = super::doc_comment::format_abutting(&pending);
        g.w.comment_lines(&formatted);
    }
    g.w.end_section();
    g.w.outdent();
    g.w.line("}");
    g.w.blank();
    gen_build(g, &ctx, &builder);
}

/// The builder's `Build` method.
fn gen_build(g: &mut FileGen, ctx: &Msg, builder: &str) {
    let model = g.model;
    let t = &ctx.name;
    start_func(g, false, "");
    let mut body = format!("func (b0 {builder}) Build() *{t} {{\n\tm0 := &{t}{{}}\n");
    if ctx.tracked {
        // Local types, so that field tracking sees the fields' uses
        // through them rather than through the real types.
        body.push_str(&format!(
            "\ttype (\n\t\tnotrackB\u{b}{builder}\n\t\tnotrackM\u{b}{t}\n\t)\n\tb, x := (*notrackB)(&b0), (*notrackM)(m0)\n"
        ));
    } else {
        body.push_str("\tb, x := &b0, m0\n");
    }
    body.push_str("\t_, _ = b, x\n");
    for &f in &model.message(ctx.m).fields {
        let field = model.field(f);
        let camel = &g.names.field(f).camel;
        if let Some(o) = real_oneof(field) {
            let star = if default_value(g, ctx.m, f) != "nil" {
                "*"
            } else {
                ""
            };
            body.push_str(&format!(
                "\tif b.{camel} != nil {{\n\t\tx.{} = &{}{{{star}b.{camel}}}\n\t}}\n",
                ctx.oneof_field(g, o),
                ctx.wrapper(g, f)
            ));
            continue;
        }
        let (_, pointer) = builder_field_go_type(g, field, ctx.opaque);
        let qual = if pointer
            && ctx.opaque
            && !is_list(field)
            && !matches!(field.kind, FieldKind::Scalar(Scalar::String))
        {
            "*"
        } else if ctx.opaque && is_list(field) && is_message(field) {
            "&"
        } else {
            ""
        };
        let field_name = ctx.field_name(g, f);
        if ctx.opaque && uses_presence(field) {
            let x = g.w.qualify(PROTOIMPL, "X");
            body.push_str(&format!(
                "\tif b.{camel} != nil {{\n\t\t{x}.SetPresentNonAtomic({}, {})\n\t\tx.{field_name} = {qual}b.{camel}\n\t}}\n",
                presence_args(g, ctx.m, f),
                presence_count(g, ctx.m)
            ));
        } else {
            body.push_str(&format!("\tx.{field_name} = {qual}b.{camel}\n"));
        }
    }
    body.push_str("\treturn m0\n}\n");
    put(g, &body);
    g.w.blank();
}

/// The type of each oneof's case constants, with its `String` method.
pub fn gen_case_types(g: &mut FileGen, m: MessageId) {
    let model = g.model;
    for &o in &model.message(m).oneofs {
        if model.oneof(o).synthetic {
            continue;
        }
        let case_type = case_type_name(g, o);
        let number = g.w.qualify(PROTOREFLECT, "FieldNumber");
        g.w.decl(Decl::Type, false);
        g.w.line(&format!("type {case_type} {number}"));
        g.w.blank();
        let types = g.var("msgTypes");
        let idx = g.message_index(m);
        let x = g.w.qualify(PROTOIMPL, "X");
        g.w.decl(Decl::Func, false);
        put(
            g,
            &format!(
                "func (x {case_type}) String() string {{\n\
                 \tmd := {types}[{idx}].Descriptor()\n\
                 \tif x == 0 {{\n\
                 \t\treturn \"not set\"\n\
                 \t}}\n\
                 \treturn {x}.MessageFieldStringOf(md, {number}(x))\n\
                 }}\n"
            ),
        );
        g.w.blank();
    }
}
