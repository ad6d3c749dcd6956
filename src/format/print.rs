//! The printer's core: tokens with their trivia, the gaps between them,
//! comments, and the layout of the file and of declaration bodies.
//! Values, paths and types are in `print_expr`.

use super::ast::{Body, Decl, Def, Path};
use super::comments::line_comment_to_block;
use super::dom::{Cond, Doc};
use super::lex::{Id, Kind, Stream};
use super::trivia::{has_comment, Attached, Detached, Index, FILE_SCOPE};

/// What goes between two printed pieces.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Gap {
    None,
    Space,
    Newline,
    /// A space in a flat group, a newline in a broken one.
    Softline,
    Blankline,
    /// Nothing without comments; spaces around comments.
    Inline,
    /// Nothing, but spacing around comments follows the source.
    Preserve,
    /// As `Preserve`, without the inherited space before the first comment.
    PreserveTight,
}

/// Settings that nested printing inherits.
#[derive(Clone, Copy, Default)]
pub struct Ctx {
    /// Trailing `//` comments become `/* */` (tokens follow on the line).
    pub line_to_block: bool,
    /// Multi-part strings are indented under an `=` or `:`.
    pub indent_expr: bool,
    /// Trailing block comments go on their own line (a broken scope).
    pub trailing_block_on_new_line: bool,
    /// Leading block comments stay on the line of their element.
    pub pair_leading_block: bool,
    /// The path being printed is a value, not a key or a name.
    pub path_in_value: bool,
}

pub struct Printer<'s, 'a> {
    pub s: &'s Stream<'a>,
    pub idx: &'s Index,
    pub pending: Vec<Id>,
    pub doc: Doc<'a>,
    pub ctx: Ctx,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    Syntax,
    Package,
    Import,
    Option,
    Body,
}

fn rank(d: &Decl) -> Rank {
    match d {
        Decl::Syntax { .. } => Rank::Syntax,
        Decl::Package { .. } => Rank::Package,
        Decl::Import { .. } => Rank::Import,
        Decl::Option { .. } => Rank::Option,
        _ => Rank::Body,
    }
}

/// Whether the two tokens start on the same line.
pub fn same_line(s: &Stream, a: Id, b: Id) -> bool {
    !s.text[s.offset(a)..s.offset(b)].contains('\n')
}

impl<'s, 'a> Printer<'s, 'a> {
    pub fn new(s: &'s Stream<'a>, idx: &'s Index) -> Self {
        Printer {
            s,
            idx,
            pending: Vec::new(),
            doc: Doc::default(),
            ctx: Ctx::default(),
        }
    }

    pub fn attached(&self, id: Id) -> Option<Attached> {
        self.idx.token(id)
    }

    pub fn scope(&self, id: Id) -> Detached {
        self.idx.scope(id)
    }

    pub fn text(&mut self, t: impl Into<std::borrow::Cow<'a, str>>) {
        self.doc.text(t);
    }

    pub fn softbreak(&mut self) {
        self.doc.text_if(Cond::Broken, "\n");
    }

    pub fn with_indent(&mut self, f: impl FnOnce(&mut Self)) {
        self.doc.open_indent();
        f(self);
        self.doc.close();
    }

    pub fn with_group(&mut self, f: impl FnOnce(&mut Self)) {
        self.doc.open_group();
        f(self);
        self.doc.close();
    }

    /// Runs `f` with the context changed by `m`, then restores it.
    pub fn with_ctx<T>(&mut self, m: impl FnOnce(&mut Ctx), f: impl FnOnce(&mut Self) -> T) -> T {
        let saved = self.ctx;
        m(&mut self.ctx);
        let out = f(self);
        self.ctx = saved;
        out
    }

    // ---- the file ----

    pub fn print_file(&mut self, decls: &[Decl]) {
        let trivia = self.scope(FILE_SCOPE);
        let mut order: Vec<usize> = (0..decls.len()).collect();
        order.sort_by(|&a, &b| self.compare_decls(&decls[a], &decls[b]));
        let sorted: Vec<&Decl> = order.iter().map(|&i| &decls[i]).collect();
        self.print_scope_decls(&trivia, &sorted, &order, true);
        let mut end = Gap::None;
        if !decls.is_empty() || self.pending_has_comments() {
            end = Gap::Newline;
            if trivia.blank_before_close && self.pending_has_comments() {
                end = Gap::Blankline;
            }
        }
        self.emit_trivia(end);
    }

    fn compare_decls(&self, a: &Decl, b: &Decl) -> std::cmp::Ordering {
        let (ra, rb) = (rank(a), rank(b));
        if ra != rb {
            return ra.cmp(&rb);
        }
        match (a, b) {
            (Decl::Import { path: pa, .. }, Decl::Import { path: pb, .. }) => {
                let key = |d: &Decl, p: &super::ast::Expr| {
                    let name = match p {
                        super::ast::Expr::Literal(t) => self.s.text(*t),
                        _ => "",
                    };
                    (d.is_import_option(self.s), name)
                };
                key(a, pa).cmp(&key(b, pb))
            }
            (Decl::Option { path: pa, .. }, Decl::Option { path: pb, .. }) => {
                self.option_sort_name(pa).cmp(&self.option_sort_name(pb))
            }
            _ => std::cmp::Ordering::Equal,
        }
    }

    fn option_sort_name(&self, p: &Path) -> String {
        let ext =
            matches!(p.0.first(), Some(c) if matches!(c.name, super::ast::Name::Extension(..)));
        format!("{}{}", if ext { "1" } else { "0" }, self.canonical(p))
    }

    /// A path's sort key, as buf computes it: its text when written
    /// tightly; otherwise its separators and identifiers only, an
    /// extension name counting as empty.
    pub fn canonical(&self, p: &Path) -> String {
        if self.is_tight(p) {
            let (start, end) = self.path_span(p);
            return self.s.text[start..end].to_string();
        }
        let mut out = String::new();
        for c in &p.0 {
            if let Some(sep) = c.sep {
                out.push_str(self.s.text(sep));
            }
            if let super::ast::Name::Ident(t) = c.name {
                out.push_str(self.s.text(t));
            }
        }
        out
    }

    fn name_span(&self, n: &super::ast::Name) -> (usize, usize) {
        let (a, b) = match n {
            super::ast::Name::Ident(t) => (*t, *t),
            super::ast::Name::Extension(t, _) => (*t, self.s.close(*t)),
        };
        (self.s.offset(a), self.s.toks[b].end)
    }

    fn path_span(&self, p: &Path) -> (usize, usize) {
        match (p.first_token(), p.last_token(self.s)) {
            (Some(a), Some(b)) => (self.s.offset(a), self.s.toks[b].end),
            _ => (0, 0),
        }
    }

    /// Whether nothing separates a path's parts, extension parentheses
    /// included.
    fn is_tight(&self, p: &Path) -> bool {
        let mut prev_end: Option<usize> = None;
        for c in &p.0 {
            let (start, end) = self.name_span(&c.name);
            if let Some(sep) = c.sep {
                if self.s.toks[sep].end != start
                    || prev_end.is_some_and(|e| e != self.s.offset(sep))
                {
                    return false;
                }
            } else if prev_end.is_some() {
                return false;
            }
            if let super::ast::Name::Extension(open, inner) = &c.name {
                let (is, ie) = self.path_span(inner);
                if !self.is_tight(inner)
                    || self.s.toks[*open].end != is
                    || self.s.offset(self.s.close(*open)) != ie
                {
                    return false;
                }
            }
            prev_end = Some(end);
        }
        true
    }

    /// Prints a scope's declarations with the trivia slots between them;
    /// `source[i]` is the source position of `decls[i]`.
    fn print_scope_decls(
        &mut self,
        trivia: &Detached,
        decls: &[&Decl],
        source: &[usize],
        file: bool,
    ) {
        let mut last: isize = -1;
        for (i, d) in decls.iter().enumerate() {
            let src = source[i] as isize;
            for sl in (last + 1)..=src {
                self.emit_slot(trivia, sl as usize);
            }
            last = last.max(src);
            let gap = self.decl_gap(decls, trivia, i, source[i], file);
            self.print_decl(d, gap);
        }
        self.emit_remaining(trivia, (last + 1) as usize);
    }

    fn decl_gap(
        &self,
        decls: &[&Decl],
        trivia: &Detached,
        i: usize,
        src: usize,
        file: bool,
    ) -> Gap {
        if i == 0 {
            return if file { Gap::None } else { Gap::Newline };
        }
        if file {
            let (prev, curr) = (rank(decls[i - 1]), rank(decls[i]));
            if prev != curr && (curr == Rank::Import || curr == Rank::Option) {
                return Gap::Blankline;
            }
            if prev == Rank::Syntax && curr != Rank::Package {
                return Gap::Blankline;
            }
            if curr == Rank::Import || curr == Rank::Option {
                return Gap::Newline;
            }
        }
        if trivia.has_blank_before(src) {
            Gap::Blankline
        } else {
            Gap::Newline
        }
    }

    pub fn emit_slot(&mut self, trivia: &Detached, i: usize) {
        if let Some(slot) = trivia.slots.get(i) {
            self.pending.extend_from_slice(slot);
        }
    }

    pub fn emit_remaining(&mut self, trivia: &Detached, from: usize) {
        for i in from..trivia.slots.len() {
            self.emit_slot(trivia, i);
        }
    }

    pub fn pending_has_comments(&self) -> bool {
        has_comment(self.s, &self.pending)
    }

    // ---- declarations ----

    fn print_decl(&mut self, d: &Decl, gap: Gap) {
        match d {
            Decl::Empty(semi) => {
                if let Some(att) = self.attached(*semi) {
                    self.pending.extend_from_slice(&att.leading);
                    self.emit_trivia(gap);
                    self.emit_trailing(&att.trailing);
                }
            }
            Decl::Syntax {
                keyword,
                eq,
                value,
                options,
                semi,
            } => {
                self.token(*keyword, gap);
                self.token(*eq, Gap::Space);
                self.expr(value, Gap::Space);
                self.compact_options(options.as_ref());
                self.token(*semi, Gap::Inline);
            }
            Decl::Package {
                keyword,
                path,
                options,
                semi,
            } => {
                self.token(*keyword, gap);
                self.path(path, Gap::Space);
                self.compact_options(options.as_ref());
                self.token(*semi, Gap::Inline);
            }
            Decl::Import {
                keyword,
                modifiers,
                path,
                options,
                semi,
            } => {
                self.token(*keyword, gap);
                for &m in modifiers {
                    self.token(m, Gap::Space);
                }
                self.expr(path, Gap::Space);
                self.compact_options(options.as_ref());
                self.token(*semi, Gap::Inline);
            }
            Decl::Option {
                keyword,
                path,
                eq,
                value,
                semi,
            } => {
                self.token(*keyword, gap);
                self.path(path, Gap::Space);
                if let (Some(eq), Some(value)) = (eq, value) {
                    self.token(*eq, Gap::Space);
                    self.with_ctx(
                        |c| {
                            c.line_to_block = true;
                            c.indent_expr = true;
                        },
                        |p| p.expr(value, Gap::Space),
                    );
                }
                self.token(*semi, Gap::Inline);
            }
            Decl::Range {
                keyword,
                ranges,
                commas,
                options,
                semi,
            } => {
                self.token(*keyword, gap);
                for (i, r) in ranges.iter().enumerate() {
                    if i > 0 {
                        self.token(commas[i - 1], Gap::Inline);
                    }
                    self.expr(r, Gap::Space);
                }
                self.compact_options(options.as_ref());
                self.token(*semi, Gap::Inline);
            }
            Decl::Def(def) => self.def(def, gap),
        }
    }

    fn def(&mut self, d: &Def, mut gap: Gap) {
        for &p in &d.prefixes {
            self.token(p, gap);
            gap = Gap::Space;
        }
        if let Some(k) = d.keyword {
            self.token(k, gap);
            gap = Gap::Space;
        }
        if let Some(ty) = &d.ty {
            self.ty(ty, gap);
            gap = Gap::Space;
        }
        if let Some(name) = &d.name {
            self.path(name, gap);
        }
        if let Some(sig) = &d.signature {
            self.type_list(&sig.inputs, Gap::Preserve);
            if let Some(r) = sig.returns {
                self.token(r, Gap::Space);
                if let Some(out) = &sig.outputs {
                    self.type_list(out, Gap::Space);
                }
            }
        }
        if let (Some(eq), Some(value)) = (d.eq, &d.value) {
            self.token(eq, Gap::Space);
            self.expr(value, Gap::Space);
        }
        self.compact_options(d.options.as_ref());
        match (&d.body, d.semi) {
            (Some(body), _) => self.body(body),
            (None, Some(semi)) => self.token(semi, Gap::Inline),
            _ => {}
        }
    }

    fn body(&mut self, body: &Body) {
        let saved = self.ctx;
        self.ctx.line_to_block = false;
        let open = body.open;
        let close = self.s.close(open);
        let trivia = self.scope(open);
        self.token(open, Gap::Space);
        let (close_comments, close_att) = self.close_comments(close);
        let printable = body.decls.iter().any(|d| !matches!(d, Decl::Empty(_)));
        let comments = trivia.slots.iter().any(|s| has_comment(self.s, s))
            || self.scope_has_attached_comments(open);
        if !printable && !comments && close_comments.is_empty() {
            self.token(close, Gap::None);
            self.ctx = saved;
            return;
        }
        self.with_indent(|p| {
            let decls: Vec<&Decl> = body.decls.iter().collect();
            let source: Vec<usize> = (0..decls.len()).collect();
            p.print_scope_decls(&trivia, &decls, &source, false);
            if !close_comments.is_empty() || p.pending_has_comments() {
                p.emit_close_comments(&close_comments, trivia.blank_before_close);
            }
        });
        self.emit_close_tok(close, self.s.text(close), &close_comments, &close_att);
        self.ctx = saved;
    }

    // ---- tokens and trivia ----

    pub fn token(&mut self, tok: Id, gap: Gap) {
        self.token_as(tok, gap, self.s.text(tok));
    }

    pub fn token_as(&mut self, tok: Id, gap: Gap, text: &'a str) {
        let att = self.attached(tok);
        if let Some(att) = &att {
            self.pending.extend_from_slice(&att.leading);
        }
        if !text.is_empty() {
            if att.is_some() {
                self.emit_trivia(gap);
            } else {
                self.emit_gap(gap);
            }
            self.text(text);
        }
        if let Some(att) = att {
            self.emit_trailing(&att.trailing);
        }
    }

    pub fn emit_trailing(&mut self, trailing: &[Id]) {
        let on_new_line = self.ctx.trailing_block_on_new_line;
        for &t in trailing {
            if self.s.kind(t) != Kind::Comment {
                continue;
            }
            let text = self.s.text(t);
            let line = text.starts_with("//");
            if !line && on_new_line {
                self.text("\n");
            } else {
                self.text(" ");
            }
            if self.ctx.line_to_block && line {
                self.text(line_comment_to_block(text));
            } else if line {
                self.comment(t);
                self.text("\n");
            } else {
                self.comment(t);
            }
        }
    }

    /// Prints `tok`, returning its trailing comments for the caller to
    /// place.
    pub fn token_split_trailing(&mut self, tok: Id, gap: Gap) -> Vec<Id> {
        let trailing = self.open_trailing(tok);
        if trailing.is_empty() {
            self.token(tok, gap);
            return Vec::new();
        }
        if let Some(att) = self.attached(tok) {
            self.pending.extend_from_slice(&att.leading);
        }
        self.emit_trivia(gap);
        self.text(self.s.text(tok));
        trailing
    }

    pub fn open_trailing(&self, tok: Id) -> Vec<Id> {
        match self.attached(tok) {
            Some(att) if has_comment(self.s, &att.trailing) => att.trailing.clone(),
            _ => Vec::new(),
        }
    }

    pub fn close_comments(&self, close: Id) -> (Vec<Id>, Attached) {
        match self.attached(close) {
            Some(att) if has_comment(self.s, &att.leading) => (att.leading.clone(), att.clone()),
            _ => (Vec::new(), Attached::default()),
        }
    }

    pub fn emit_close_tok(&mut self, close: Id, text: &'a str, comments: &[Id], att: &Attached) {
        if !comments.is_empty() {
            self.emit_gap(Gap::Newline);
            self.text(text);
            self.emit_trailing(&att.trailing);
        } else {
            self.token_as(close, Gap::Newline, text);
        }
    }

    pub fn emit_close_trivia(&mut self, comments: &[Id], blank_before_close: bool) {
        if !comments.is_empty() {
            self.emit_close_comments(comments, blank_before_close);
        } else if self.pending_has_comments() {
            // A blank line before the first comment is kept.
            let mut newlines = 0;
            for &t in &self.pending {
                match self.s.kind(t) {
                    Kind::Comment => break,
                    Kind::Space => newlines += self.s.text(t).matches('\n').count(),
                    _ => {}
                }
            }
            self.emit_trivia(comment_gap(Gap::Newline, false, newlines));
        }
    }

    fn emit_close_comments(&mut self, comments: &[Id], blank_before_close: bool) {
        for t in std::mem::take(&mut self.pending) {
            if self.s.kind(t) == Kind::Comment {
                self.emit_gap(Gap::Newline);
                self.comment(t);
            }
        }
        let mut gap = if blank_before_close {
            Gap::Blankline
        } else {
            Gap::Newline
        };
        let mut run = 0;
        for &t in comments {
            match self.s.kind(t) {
                Kind::Space if self.s.text(t) == "\n" => run += 1,
                Kind::Comment => {
                    if run >= 2 {
                        gap = Gap::Blankline;
                    }
                    run = 0;
                    self.emit_gap(gap);
                    self.comment(t);
                    gap = Gap::Newline;
                }
                _ => {}
            }
        }
    }

    /// Whether the open token trails a comment, the close token is led by
    /// one, or any token directly inside carries one.
    pub fn scope_has_attached_comments(&self, open: Id) -> bool {
        let close = self.s.close(open);
        let has = |id: Id, lead: bool, trail: bool| {
            self.attached(id).is_some_and(|a| {
                (lead && has_comment(self.s, &a.leading))
                    || (trail && has_comment(self.s, &a.trailing))
            })
        };
        if has(open, false, true) || has(close, true, false) {
            return true;
        }
        let mut c = self.s.children(open);
        while let Some(t) = c.next(self.s) {
            if has(t, true, true) {
                return true;
            }
        }
        false
    }

    pub fn emit_gap(&mut self, gap: Gap) {
        match gap {
            Gap::Space => self.text(" "),
            Gap::Newline => self.text("\n"),
            Gap::Softline => {
                self.doc.text_if(Cond::Flat, " ");
                self.softbreak();
            }
            Gap::Blankline => self.text("\n\n"),
            _ => {}
        }
    }

    /// Prints the pending trivia's comments, then `gap`.
    pub fn emit_trivia(&mut self, gap: Gap) {
        let preserve = matches!(gap, Gap::Preserve | Gap::PreserveTight);
        let after_gap = match gap {
            Gap::Space => Gap::Space,
            Gap::Preserve | Gap::PreserveTight | Gap::Inline => Gap::None,
            _ => Gap::Softline,
        };
        let first_gap = if gap == Gap::Inline { Gap::Space } else { gap };
        let inherit = |base: Gap, has_space: bool| {
            if preserve && has_space {
                Gap::Space
            } else {
                base
            }
        };
        let inline_after_code = matches!(gap, Gap::Space | Gap::Inline) || preserve;

        let mut has_comment = false;
        let mut prev_is_line = false;
        let mut newline_run = 0;
        let mut non_newline_space = false;
        let mut pre_comment_newline = false;
        for t in std::mem::take(&mut self.pending) {
            match self.s.kind(t) {
                Kind::Space => {
                    let text = self.s.text(t);
                    let n = text.matches('\n').count();
                    if n > 0 {
                        newline_run += n;
                        if !has_comment {
                            pre_comment_newline = true;
                        }
                    }
                    if !text.trim_start_matches('\n').is_empty() {
                        non_newline_space = true;
                    }
                    continue;
                }
                Kind::Comment => {}
                _ => continue,
            }
            let had_space = non_newline_space || newline_run > 0;
            let mut fg = inherit(first_gap, had_space);
            let ag = inherit(after_gap, had_space);
            if gap == Gap::PreserveTight && !has_comment {
                fg = first_gap;
            }
            let mut line = self.s.text(t).starts_with("//");
            let force_space = line && inline_after_code && gap != Gap::PreserveTight;
            if force_space && !has_comment && fg != Gap::Space {
                fg = Gap::Space;
            }
            let gap_run = if inline_after_code { 0 } else { newline_run };
            if !has_comment {
                self.emit_gap(fg);
            } else {
                let mut g = comment_gap(ag, prev_is_line, gap_run);
                if force_space && g == Gap::None {
                    g = Gap::Space;
                }
                self.emit_gap(g);
            }
            non_newline_space = false;
            newline_run = 0;
            if line && inline_after_code {
                self.text(line_comment_to_block(self.s.text(t)));
                line = false;
            } else {
                self.comment(t);
            }
            has_comment = true;
            prev_is_line = line;
        }
        if has_comment {
            if gap == Gap::Newline
                && !prev_is_line
                && newline_run == 0
                && pre_comment_newline
                && self.ctx.pair_leading_block
            {
                self.emit_gap(Gap::Space);
                return;
            }
            let final_run = if inline_after_code { 0 } else { newline_run };
            let mut final_gap = comment_gap(
                inherit(after_gap, non_newline_space),
                prev_is_line,
                final_run,
            );
            if gap == Gap::Newline && !prev_is_line && newline_run >= 1 && final_gap == Gap::Space {
                final_gap = Gap::Newline;
            }
            self.emit_gap(final_gap);
            return;
        }
        self.emit_gap(gap);
    }
}

fn comment_gap(context: Gap, is_line: bool, blank_run: usize) -> Gap {
    if blank_run >= 2 {
        Gap::Blankline
    } else if is_line {
        Gap::Newline
    } else {
        context
    }
}
