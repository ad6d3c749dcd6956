//! The one walk over a file's declarations that every check pass rides on.
//!
//! A pass is a visitor: it names the order in which it visits a message's
//! members (each pass mirrors a phase of protoc's descriptor builder, and
//! the phases differ in order, which decides the order of their errors)
//! and implements the hooks it needs. The walker keeps the source path and
//! the full name of the declaration being visited, so no pass rebuilds
//! them.

use crate::descriptor as d;
use crate::descriptor::tags::*;
use crate::diagnostics::{Code, Diagnostic, Severity};
use crate::semantic::pool::Pool;
use crate::semantic::report::report;
use crate::syntax::Syntax;

/// The file being checked and where its errors go.
pub(super) struct Ctx<'a> {
    pub pool: &'a Pool,
    pub file: usize,
    pub diags: &'a mut Vec<Diagnostic>,
}

impl Ctx<'_> {
    /// An error at the declaration with source path `path`.
    pub fn err(&mut self, code: Code, path: &[i32], msg: String) {
        report(self.pool, self.file, self.diags, code, path, msg);
    }
    /// A warning at the declaration with source path `path`.
    pub fn warn(&mut self, code: Code, path: &[i32], msg: String) {
        let first = self.diags.len();
        self.err(code, path, msg);
        for d in &mut self.diags[first..] {
            d.severity = Severity::Warning;
        }
    }
    /// Adds to the last diagnostic a label at the declaration with source
    /// path `path` (the other place that matters), when it has a position.
    pub fn also(&mut self, path: &[i32], message: impl Into<String>) {
        let f = &self.pool.files[self.file];
        if let (Some(src), Some(span), Some(d)) =
            (f.source, f.error_span(path), self.diags.last_mut())
        {
            d.secondary.push(crate::diagnostics::Label {
                source: src,
                span,
                message: message.into(),
            });
        }
    }
    /// Narrows the last diagnostic to the place at `path` that only
    /// diagnostics record (see `FileEntry::hints`), the token to change;
    /// protoc's formats keep protoc's position.
    pub fn point_at(&mut self, path: &[i32], label: impl Into<String>) {
        let f = &self.pool.files[self.file];
        let hint = f.hints.iter().find(|(p, _)| **p == *path).map(|&(_, s)| s);
        if let (Some(span), Some(d)) = (hint, self.diags.last_mut()) {
            if d.span.is_some() && d.source == f.source {
                d.protoc_span = d.span;
                d.span = Some(span);
                d.label = Some(label.into());
            }
        }
    }
    /// An error protoc reports with the file name only, positioned at the
    /// declaration with source path `path` for the formats that are not
    /// protoc's.
    pub fn err_unplaced(&mut self, code: Code, path: &[i32], msg: String) {
        let first = self.diags.len();
        self.err(code, path, msg);
        for d in &mut self.diags[first..] {
            d.unplaced_in_protoc = true;
        }
    }
    /// Sets the help of the last diagnostic.
    pub fn help(&mut self, text: impl Into<String>) {
        if let Some(d) = self.diags.last_mut() {
            d.help = Some(text.into());
        }
    }
    /// An error protoc reports with the file name only.
    pub fn err_file(&mut self, code: Code, msg: String) {
        crate::semantic::report::report_file(self.pool, self.file, self.diags, code, msg);
    }
    pub fn syntax(&self) -> Syntax {
        self.pool.files[self.file].syntax
    }
    pub fn proto(&self) -> &d::FileDescriptorProto {
        &self.pool.files[self.file].proto
    }
}

/// Where the visited declaration sits.
pub(super) struct At<'a> {
    /// Its source path.
    pub path: &'a [i32],
    /// Its full name, without a leading dot.
    pub full: &'a str,
}

impl At<'_> {
    /// The source path of something inside the declaration.
    pub fn sub(&self, more: &[i32]) -> Vec<i32> {
        cat(self.path, more)
    }
}

/// The source path `more` inside the declaration at `path`.
pub(super) fn cat(path: &[i32], more: &[i32]) -> Vec<i32> {
    let mut v = Vec::with_capacity(path.len() + more.len());
    v.extend_from_slice(path);
    v.extend_from_slice(more);
    v
}

/// The members of a message, as a pass orders its visit.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Member {
    Oneofs,
    Fields,
    Enums,
    Nested,
    Extensions,
}

/// protoc's registration order: the order names are defined in, and so the
/// order of checks made as they are.
pub(super) const REGISTRATION: &[Member] = &[
    Member::Oneofs,
    Member::Fields,
    Member::Enums,
    Member::Nested,
    Member::Extensions,
];

/// A check pass. Every hook defaults to doing nothing. At the top level of
/// a file the walk visits messages, enums, extensions, then services.
#[allow(unused_variables)]
pub(super) trait Pass {
    /// The order of a message's members.
    const ORDER: &'static [Member];
    /// A message, before its members.
    fn message(&mut self, cx: &mut Ctx, m: &d::DescriptorProto, at: &At) {}
    /// A message, after its members.
    fn message_end(&mut self, cx: &mut Ctx, m: &d::DescriptorProto, at: &At) {}
    fn oneof(&mut self, cx: &mut Ctx, o: &d::OneofDescriptorProto, at: &At) {}
    /// A field, with the message it belongs to.
    fn field(
        &mut self,
        cx: &mut Ctx,
        f: &d::FieldDescriptorProto,
        owner: &d::DescriptorProto,
        at: &At,
    ) {
    }
    /// An extension, at the top level or in a message's scope.
    fn extension(&mut self, cx: &mut Ctx, f: &d::FieldDescriptorProto, at: &At) {}
    /// An enum value; its full name is a sibling of its enum's, as in
    /// protoc's scoping, and values come before their enum.
    fn enum_value(&mut self, cx: &mut Ctx, v: &d::EnumValueDescriptorProto, at: &At) {}
    fn enum_type(&mut self, cx: &mut Ctx, e: &d::EnumDescriptorProto, at: &At) {}
    fn service(&mut self, cx: &mut Ctx, s: &d::ServiceDescriptorProto, at: &At) {}
    fn method(&mut self, cx: &mut Ctx, m: &d::MethodDescriptorProto, at: &At) {}
}

/// Runs `pass` over every declaration of the checked file.
pub(super) fn walk<P: Pass>(cx: &mut Ctx, pass: &mut P) {
    let pool = cx.pool;
    let fd = &pool.files[cx.file].proto;
    let mut w = Walker {
        path: Vec::with_capacity(16),
        name: fd.package.clone().unwrap_or_default(),
        name_lens: Vec::with_capacity(8),
    };
    for (i, m) in fd.message_type.iter().enumerate() {
        w.enter(&[FILE_MESSAGE_TYPE, i as u32], name_of(&m.name));
        w.message(cx, pass, m);
        w.leave(2);
    }
    for (i, e) in fd.enum_type.iter().enumerate() {
        w.enum_type(cx, pass, e, FILE_ENUM_TYPE, i);
    }
    for (i, x) in fd.extension.iter().enumerate() {
        w.enter(&[FILE_EXTENSION, i as u32], name_of(&x.name));
        pass.extension(cx, x, &w.at());
        w.leave(2);
    }
    for (i, s) in fd.service.iter().enumerate() {
        w.enter(&[FILE_SERVICE, i as u32], name_of(&s.name));
        pass.service(cx, s, &w.at());
        for (j, m) in s.method.iter().enumerate() {
            w.enter(&[SERVICE_METHOD, j as u32], name_of(&m.name));
            pass.method(cx, m, &w.at());
            w.leave(2);
        }
        w.leave(2);
    }
}

fn name_of(n: &Option<String>) -> &str {
    n.as_deref().unwrap_or("")
}

/// The path and full name of the current declaration, grown and shrunk
/// as the walk enters and leaves declarations.
struct Walker {
    path: Vec<i32>,
    name: String,
    /// The length of `name` before each declaration entered.
    name_lens: Vec<usize>,
}

impl Walker {
    fn at(&self) -> At<'_> {
        At {
            path: &self.path,
            full: &self.name,
        }
    }

    /// Steps into a declaration.
    fn enter(&mut self, path: &[u32], name: &str) {
        self.path.extend(path.iter().map(|&p| p as i32));
        self.name_lens.push(self.name.len());
        if !self.name.is_empty() {
            self.name.push('.');
        }
        self.name.push_str(name);
    }

    /// Steps out of the last declaration entered, `depth` path elements deep.
    fn leave(&mut self, depth: usize) {
        self.path.truncate(self.path.len() - depth);
        let len = self.name_lens.pop().unwrap_or(0);
        self.name.truncate(len);
    }

    fn message<P: Pass>(&mut self, cx: &mut Ctx, pass: &mut P, m: &d::DescriptorProto) {
        pass.message(cx, m, &self.at());
        for member in P::ORDER {
            match member {
                Member::Oneofs => {
                    for (i, o) in m.oneof_decl.iter().enumerate() {
                        self.enter(&[MSG_ONEOF_DECL, i as u32], name_of(&o.name));
                        pass.oneof(cx, o, &self.at());
                        self.leave(2);
                    }
                }
                Member::Fields => {
                    for (i, f) in m.field.iter().enumerate() {
                        self.enter(&[MSG_FIELD, i as u32], name_of(&f.name));
                        pass.field(cx, f, m, &self.at());
                        self.leave(2);
                    }
                }
                Member::Enums => {
                    for (i, e) in m.enum_type.iter().enumerate() {
                        self.enum_type(cx, pass, e, MSG_ENUM_TYPE, i);
                    }
                }
                Member::Nested => {
                    for (i, n) in m.nested_type.iter().enumerate() {
                        self.enter(&[MSG_NESTED_TYPE, i as u32], name_of(&n.name));
                        self.message(cx, pass, n);
                        self.leave(2);
                    }
                }
                Member::Extensions => {
                    for (i, x) in m.extension.iter().enumerate() {
                        self.enter(&[MSG_EXTENSION, i as u32], name_of(&x.name));
                        pass.extension(cx, x, &self.at());
                        self.leave(2);
                    }
                }
            }
        }
        pass.message_end(cx, m, &self.at());
    }

    fn enum_type<P: Pass>(
        &mut self,
        cx: &mut Ctx,
        pass: &mut P,
        e: &d::EnumDescriptorProto,
        tag: u32,
        index: usize,
    ) {
        // Values are scoped beside the enum, so their names are built
        // before the enum's own name is pushed.
        let path_len = self.path.len();
        self.path.extend([tag as i32, index as i32]);
        for (i, v) in e.value.iter().enumerate() {
            self.path.extend([ENUM_VALUE as i32, i as i32]);
            let before = self.name.len();
            if before > 0 {
                self.name.push('.');
            }
            self.name.push_str(name_of(&v.name));
            pass.enum_value(cx, v, &self.at());
            self.name.truncate(before);
            self.path.truncate(path_len + 2);
        }
        self.path.truncate(path_len);
        self.enter(&[tag, index as u32], name_of(&e.name));
        pass.enum_type(cx, e, &self.at());
        self.leave(2);
    }
}
