//! Lowering: a syntax tree to an unresolved `FileDescriptorProto`, with the
//! source locations protoc records (in protoc's order) and the options
//! still to interpret.
//!
//! This is where map entries, group messages and proto3 synthetic oneofs
//! come into being, exactly where protoc's parser puts them.

use crate::descriptor::edition::Edition;
use crate::descriptor::tags::*;
use crate::descriptor::{self as d, wire};
use crate::diagnostics::{Code, Diagnostic};
use crate::semantic::text::{c_escape, map_entry_name, simple_dtoa, simple_ftoa};
use crate::source::Span;
use crate::syntax::ast::{self, *};
use crate::syntax::Syntax;

mod default;
mod enum_service;
mod field;
mod locs;
mod message;

pub use locs::{Loc, Locs};

pub use field::scalar_type;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OptionsKind {
    File,
    Message,
    Field,
    Oneof,
    ExtensionRange,
    Enum,
    EnumValue,
    Service,
    Method,
}

impl OptionsKind {
    pub fn message_name(self) -> &'static str {
        match self {
            OptionsKind::File => "google.protobuf.FileOptions",
            OptionsKind::Message => "google.protobuf.MessageOptions",
            OptionsKind::Field => "google.protobuf.FieldOptions",
            OptionsKind::Oneof => "google.protobuf.OneofOptions",
            OptionsKind::ExtensionRange => "google.protobuf.ExtensionRangeOptions",
            OptionsKind::Enum => "google.protobuf.EnumOptions",
            OptionsKind::EnumValue => "google.protobuf.EnumValueOptions",
            OptionsKind::Service => "google.protobuf.ServiceOptions",
            OptionsKind::Method => "google.protobuf.MethodOptions",
        }
    }
}

#[derive(Clone, Debug)]
pub struct PendingOption {
    pub assign: OptionAssign,
    /// Index in `locs` of the option's location, renamed once interpreted.
    pub loc: Option<usize>,
}

/// The uninterpreted options of one entity.
#[derive(Clone, Debug)]
pub struct PendingOptions {
    /// Source path of the entity that owns the options.
    pub entity: Vec<i32>,
    pub kind: OptionsKind,
    /// Options already fixed by the compiler (a map entry's `map_entry`).
    pub preset: Vec<u8>,
    pub items: Vec<PendingOption>,
}

pub struct Lowered {
    pub proto: d::FileDescriptorProto,
    pub locs: Locs,
    pub options: Vec<PendingOptions>,
    pub diags: Vec<Diagnostic>,
    pub syntax: Syntax,
    /// Edition number as in descriptor.proto's `Edition` enum.
    pub edition: Edition,
    /// Spans of imports, by dependency index (option imports after regular ones).
    pub import_spans: Vec<Span>,
    /// Places diagnostics may point at that source information does not
    /// record (a map's key type), by the path they would have.
    pub hints: Vec<(Box<[i32]>, Span)>,
}

struct Lowerer {
    source: usize,
    locs: Locs,
    hints: Vec<(Box<[i32]>, Span)>,
    options: Vec<PendingOptions>,
    diags: Vec<Diagnostic>,
    syntax: Syntax,
}

/// `path` followed by `more`, sized exactly.
pub(crate) fn cat(path: &[i32], more: &[i32]) -> Vec<i32> {
    let mut p = Vec::with_capacity(path.len() + more.len());
    p.extend_from_slice(path);
    p.extend_from_slice(more);
    p
}

pub fn lower(file: &ast::File, name: &str, source: usize, syntax: Syntax) -> Lowered {
    let mut lw = Lowerer {
        source,
        locs: Locs::default(),
        hints: Vec::new(),
        options: Vec::new(),
        diags: Vec::new(),
        syntax,
    };
    let mut fd = d::FileDescriptorProto {
        name: Some(name.to_string()),
        ..Default::default()
    };
    let mut edition = Edition::PROTO2;
    let mut import_spans = Vec::new();
    let mut option_import_spans = Vec::new();

    lw.loc(&[], file.span, None);
    if let Some(s) = &file.syntax {
        lw.loc(&[FILE_SYNTAX as i32], s.span, Some(s.comments.clone()));
        match s.kind {
            SyntaxKind::Edition => {
                fd.syntax = Some("editions".into());
                edition = Edition::from_name(&s.value).unwrap_or(Edition::UNKNOWN);
                fd.edition = Some(edition.0);
            }
            SyntaxKind::Syntax => {
                if s.value == "proto3" {
                    fd.syntax = Some("proto3".into());
                    edition = Edition::PROTO3;
                }
            }
        }
    }
    let mut file_opts = PendingOptions {
        entity: vec![],
        kind: OptionsKind::File,
        preset: vec![],
        items: vec![],
    };
    let mut seen_option_import = false;
    for item in &file.items {
        match item {
            FileItem::Package(p) => {
                if fd.package.is_some() {
                    lw.error(
                        Code::DuplicatePackage,
                        p.span,
                        "Multiple package definitions.",
                    );
                }
                lw.loc(&[FILE_PACKAGE as i32], p.span, Some(p.comments.clone()));
                fd.package = Some(p.name.clone());
            }
            FileItem::Import(i) => {
                if i.kind == ImportKind::Option {
                    seen_option_import = true;
                    let idx = fd.option_dependency.len() as i32;
                    lw.loc(
                        &[FILE_OPTION_DEPENDENCY as i32, idx],
                        i.span,
                        Some(i.comments.clone()),
                    );
                    fd.option_dependency.push(i.path.clone());
                    option_import_spans.push(i.span);
                    continue;
                }
                if seen_option_import {
                    lw.error(Code::Syntax, i.span, "imports should precede any option imports to ensure proto files can roundtrip.");
                }
                let idx = fd.dependency.len() as i32;
                lw.loc(
                    &[FILE_DEPENDENCY as i32, idx],
                    i.span,
                    Some(i.comments.clone()),
                );
                match i.kind {
                    ImportKind::Public => {
                        let n = fd.public_dependency.len() as i32;
                        lw.loc(
                            &[FILE_PUBLIC_DEPENDENCY as i32, n],
                            i.kind_span.unwrap(),
                            None,
                        );
                        fd.public_dependency.push(idx);
                    }
                    ImportKind::Weak if edition >= Edition::E2024 => {
                        lw.error(
                            Code::SyntaxRestriction,
                            i.kind_span.unwrap_or(i.span),
                            "weak import is not supported in edition 2024 and above. Consider using option import instead.",
                        );
                    }
                    ImportKind::Weak => {
                        let n = fd.weak_dependency.len() as i32;
                        lw.loc(
                            &[FILE_WEAK_DEPENDENCY as i32, n],
                            i.kind_span.unwrap(),
                            None,
                        );
                        fd.weak_dependency.push(idx);
                    }
                    _ => {}
                }
                fd.dependency.push(i.path.clone());
                import_spans.push(i.span);
            }
            FileItem::Option(o) => lw.option_statement(&[], FILE_OPTIONS, o, &mut file_opts),
            FileItem::Message(m) => {
                let idx = fd.message_type.len() as i32;
                let msg = lw.message(m, &[FILE_MESSAGE_TYPE as i32, idx]);
                fd.message_type.push(msg);
            }
            FileItem::Enum(e) => {
                let idx = fd.enum_type.len() as i32;
                let en = lw.enum_type(e, &[FILE_ENUM_TYPE as i32, idx]);
                fd.enum_type.push(en);
            }
            FileItem::Service(s) => {
                let idx = fd.service.len() as i32;
                let sv = lw.service(s, &[FILE_SERVICE as i32, idx]);
                fd.service.push(sv);
            }
            FileItem::Extend(x) => {
                lw.extend(
                    x,
                    &[],
                    FILE_EXTENSION as i32,
                    FILE_MESSAGE_TYPE as i32,
                    &mut fd.extension,
                    &mut fd.message_type,
                );
            }
            FileItem::Empty => {}
        }
    }
    if !file_opts.items.is_empty() {
        lw.options.push(file_opts);
    }
    import_spans.extend(option_import_spans);
    fit_file(&mut fd);
    lw.locs.fit();
    Lowered {
        proto: fd,
        locs: lw.locs,
        options: lw.options,
        diags: lw.diags,
        syntax,
        edition,
        import_spans,
        hints: lw.hints,
    }
}

/// Moves every list of the file into an allocation of exactly its length:
/// the descriptors stay in the pool for the whole compilation, and lists
/// grown by doubling hold about a quarter more than they use (the
/// allocator does not shrink a block in place).
fn fit_file(fd: &mut d::FileDescriptorProto) {
    fit(&mut fd.message_type);
    fd.message_type.iter_mut().for_each(fit_message);
    fit(&mut fd.enum_type);
    fd.enum_type.iter_mut().for_each(fit_enum);
    fit(&mut fd.service);
    for s in &mut fd.service {
        fit(&mut s.method);
    }
    fit(&mut fd.extension);
}

fn fit_message(m: &mut d::DescriptorProto) {
    fit(&mut m.field);
    fit(&mut m.nested_type);
    m.nested_type.iter_mut().for_each(fit_message);
    fit(&mut m.enum_type);
    m.enum_type.iter_mut().for_each(fit_enum);
    fit(&mut m.extension);
    fit(&mut m.oneof_decl);
    fit(&mut m.extension_range);
    fit(&mut m.reserved_range);
}

fn fit_enum(e: &mut d::EnumDescriptorProto) {
    fit(&mut e.value);
}

/// Moves `v` into an allocation of exactly its length.
fn fit<T>(v: &mut Vec<T>) {
    if v.capacity() > v.len() {
        let mut exact = Vec::with_capacity(v.len());
        exact.append(v);
        *v = exact;
    }
}

impl Lowerer {
    fn loc(&mut self, path: &[i32], span: Span, comments: Option<Comments>) -> usize {
        self.loc_at(path, &[], span, comments)
    }

    /// Records the location of `path` followed by `more`.
    fn loc_at(
        &mut self,
        path: &[i32],
        more: &[i32],
        span: Span,
        comments: Option<Comments>,
    ) -> usize {
        let comments = comments
            .filter(|c| *c != Comments::default())
            .map(std::sync::Arc::new);
        self.locs.push(path, more, span, comments)
    }

    fn error(&mut self, code: Code, span: Span, msg: impl Into<String>) {
        self.diags
            .push(Diagnostic::error(code, msg).at(self.source, span));
    }

    /// An `option` statement: a location for the statement under the owner's
    /// options field, and one for the assignment.
    fn option_statement(
        &mut self,
        owner: &[i32],
        options_field: u32,
        o: &OptionStmt,
        pending: &mut PendingOptions,
    ) {
        let name = &o.assign.name;
        if pending.kind == OptionsKind::Message && name.len() == 1 && name[0].name == "map_entry" {
            self.error(
                Code::OptionNotAllowed,
                o.assign.name_span,
                "map_entry should not be set explicitly. Use map<KeyType, ValueType> instead.",
            );
        }
        let opts_path = cat(owner, &[options_field as i32]);
        self.loc(&opts_path, o.assign.span, None);
        self.option_assign(
            &opts_path,
            &o.assign,
            Some(o.assign.comments.clone()),
            pending,
        );
    }

    fn option_assign(
        &mut self,
        opts_path: &[i32],
        a: &OptionAssign,
        comments: Option<Comments>,
        pending: &mut PendingOptions,
    ) {
        let idx = pending.items.len() as i32;
        let li = self.loc_at(
            opts_path,
            &[OPTIONS_UNINTERPRETED as i32, idx],
            a.span,
            comments,
        );
        pending.items.push(PendingOption {
            assign: a.clone(),
            loc: Some(li),
        });
    }
}

/// `SymbolVisibility` in descriptor.proto.
fn visibility_number(v: Visibility) -> i32 {
    match v {
        Visibility::Local => 1,
        Visibility::Export => 2,
    }
}
