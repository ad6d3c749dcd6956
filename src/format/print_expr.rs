//! Printing paths, types, values, compact options and method signatures.

use super::ast::{CompactOptions, Expr, Field, Name, Path, Type, TypeList};
use super::lex::{Id, Kind};
use super::print::{same_line, Gap, Printer};
use super::trivia::has_comment;

/// Whether a literal breaks over lines: more than one element, or an
/// element that is itself a list or a message.
fn should_break<'e>(count: usize, mut values: impl Iterator<Item = &'e Expr>) -> bool {
    count >= 2 || values.any(|v| matches!(v, Expr::Array { .. } | Expr::Dict { .. }))
}

fn split_after_first_comment(p: &Printer, toks: &[Id]) -> (Vec<Id>, Vec<Id>) {
    match toks.iter().position(|&t| p.s.kind(t) == Kind::Comment) {
        Some(i) => (toks[..=i].to_vec(), toks[i + 1..].to_vec()),
        None => (toks.to_vec(), Vec::new()),
    }
}

impl Printer<'_, '_> {
    pub fn path(&mut self, path: &Path, gap: Gap) {
        if path.0.is_empty() {
            return;
        }
        let saved = self.ctx;
        self.ctx.line_to_block = true;
        if self.ctx.path_in_value {
            self.ctx.path_in_value = false;
        } else {
            self.ctx.trailing_block_on_new_line = false;
        }
        let mut first = true;
        for c in &path.0 {
            if let Some(sep) = c.sep {
                self.token(sep, if first { gap } else { Gap::Preserve });
            }
            let name_gap = if first && c.sep.is_none() {
                gap
            } else {
                Gap::Preserve
            };
            first = false;
            match &c.name {
                Name::Ident(t) => self.token(*t, name_gap),
                Name::Extension(parens, inner) => {
                    let close = self.s.close(*parens);
                    let trivia = self.scope(*parens);
                    let trailing = self.token_split_trailing(*parens, name_gap);
                    self.pending.extend(trailing);
                    self.emit_slot(&trivia, 0);
                    self.path(inner, Gap::PreserveTight);
                    self.emit_slot(&trivia, 1);
                    self.token(close, Gap::Preserve);
                }
            }
        }
        self.ctx = saved;
    }

    pub fn ty(&mut self, ty: &Type, gap: Gap) {
        match ty {
            Type::Path(p) => self.path(p, gap),
            Type::Prefixed(prefix, inner) => {
                self.token(*prefix, gap);
                self.ty(inner, Gap::Space);
            }
            Type::Generic {
                path,
                angles,
                args,
                commas,
            } => {
                self.path(path, gap);
                let close = self.s.close(*angles);
                let trivia = self.scope(*angles);
                self.token(*angles, Gap::Preserve);
                for (i, arg) in args.iter().enumerate() {
                    self.emit_slot(&trivia, i);
                    let mut arg_gap = Gap::Preserve;
                    if i > 0 {
                        self.token(commas[i - 1], Gap::Inline);
                        arg_gap = Gap::Space;
                    }
                    self.ty(arg, arg_gap);
                }
                self.emit_remaining(&trivia, args.len());
                self.token(close, Gap::Preserve);
            }
        }
    }

    pub fn type_list(&mut self, list: &TypeList, open_gap: Gap) {
        let close = self.s.close(list.open);
        let slots = self.scope(list.open);
        self.token(list.open, open_gap);
        let mut close_trailing = Vec::new();
        self.with_group(|p| {
            p.with_indent(|p| {
                p.softbreak();
                let mut gap = Gap::Preserve;
                for (i, t) in list.types.iter().enumerate() {
                    p.emit_slot(&slots, i);
                    if i > 0 {
                        p.token(list.commas[i - 1], Gap::Inline);
                        gap = Gap::Softline;
                    }
                    p.ty(t, gap);
                }
                p.emit_remaining(&slots, list.types.len());
                p.softbreak();
            });
            close_trailing = p.token_split_trailing(close, Gap::Preserve);
        });
        self.emit_trailing(&close_trailing);
    }

    pub fn expr(&mut self, e: &Expr, gap: Gap) {
        match e {
            Expr::Literal(t) if self.s.is_fused(*t) => self.compound_string(*t),
            Expr::Literal(t) => self.token(*t, gap),
            Expr::Path(p) => self.path(p, gap),
            Expr::Prefixed(prefix, inner) => {
                self.token(*prefix, gap);
                let first = match &**inner {
                    Expr::Literal(t) => Some(*t),
                    Expr::Path(p) => p.first_token(),
                    _ => None,
                };
                let lead = first
                    .and_then(|t| self.attached(t))
                    .is_some_and(|a| has_comment(self.s, &a.leading));
                self.expr(inner, if lead { Gap::Space } else { Gap::None });
            }
            Expr::Range(start, to, end) => {
                self.expr(start, gap);
                self.token(*to, Gap::Space);
                self.expr(end, Gap::Space);
            }
            Expr::Array {
                open,
                elems,
                commas,
            } => self.array(*open, elems, commas, gap),
            Expr::Dict { open, fields } => self.dict(*open, fields, gap),
        }
    }

    /// Adjacent string literals: one per line, indented under an `=` or
    /// `:`.
    fn compound_string(&mut self, tok: Id) {
        let close = self.s.close(tok);
        let trivia = self.scope(tok);
        let mut parts = Vec::new();
        let mut c = self.s.children(tok);
        while let Some(t) = c.next(self.s) {
            parts.push(t);
        }
        let vertical = !same_line(self.s, tok, close);
        let indented = self.ctx.indent_expr;
        let saved = self.ctx;
        self.ctx.line_to_block = false;
        self.ctx.trailing_block_on_new_line = !vertical;
        self.ctx.pair_leading_block = false;
        let print_parts = |p: &mut Self| {
            p.token_as(tok, Gap::Newline, p.s.text(tok));
            for (i, &part) in parts.iter().enumerate() {
                p.emit_slot(&trivia, i);
                p.token(part, Gap::Newline);
            }
            p.emit_remaining(&trivia, parts.len());
            match p.attached(close) {
                Some(att) => {
                    p.pending.extend_from_slice(&att.leading);
                    p.emit_trivia(Gap::Newline);
                    p.text(p.s.text(close));
                    p.ctx = saved;
                    p.emit_trailing(&att.trailing);
                }
                None => {
                    p.emit_gap(Gap::Newline);
                    p.text(p.s.text(close));
                }
            }
        };
        if indented {
            self.with_indent(print_parts);
        } else {
            print_parts(self);
        }
        self.ctx = saved;
    }

    fn close_mods(&mut self, outer_line_to_block: bool) {
        self.ctx.line_to_block = outer_line_to_block;
        if outer_line_to_block {
            self.ctx.trailing_block_on_new_line = false;
        }
    }

    fn array(&mut self, open: Id, elems: &[Expr], commas: &[Id], gap: Gap) {
        let outer = self.ctx.line_to_block;
        let saved = self.ctx;
        self.ctx.line_to_block = false;
        self.ctx.indent_expr = false;
        let close = self.s.close(open);
        let slots = self.scope(open);
        let comments = slots.slots.iter().any(|s| has_comment(self.s, s))
            || self.scope_has_attached_comments(open);
        if elems.is_empty() && !comments {
            self.token(open, gap);
            self.close_mods(outer);
            self.token(close, Gap::None);
            self.ctx = saved;
            return;
        }
        if !comments && !should_break(elems.len(), elems.iter()) {
            self.token(open, gap);
            self.with_group(|p| {
                p.with_indent(|p| {
                    p.softbreak();
                    for (i, e) in elems.iter().enumerate() {
                        p.emit_slot(&slots, i);
                        let mut g = Gap::None;
                        if i > 0 {
                            p.token(commas[i - 1], Gap::None);
                            g = Gap::Softline;
                        }
                        p.expr(e, g);
                    }
                    p.emit_slot(&slots, elems.len());
                });
                p.softbreak();
            });
            self.close_mods(outer);
            self.token(close, Gap::None);
            self.ctx = saved;
            return;
        }
        let (close_comments, close_att) = self.close_comments(close);
        self.ctx.trailing_block_on_new_line = true;
        self.ctx.pair_leading_block = true;
        let open_trailing = self.token_split_trailing(open, gap);
        let (inline, indented) = split_after_first_comment(self, &open_trailing);
        self.with_ctx(
            |c| c.trailing_block_on_new_line = false,
            |p| p.emit_trailing(&inline),
        );
        self.with_indent(|p| {
            p.emit_trailing(&indented);
            for (i, e) in elems.iter().enumerate() {
                if i > 0 {
                    p.with_ctx(
                        |c| c.trailing_block_on_new_line = false,
                        |p| p.token(commas[i - 1], Gap::Inline),
                    );
                }
                p.emit_slot(&slots, i);
                let g = if i > 0 && slots.has_blank_before(i) {
                    Gap::Blankline
                } else {
                    Gap::Newline
                };
                p.with_ctx(|c| c.path_in_value = true, |p| p.expr(e, g));
            }
            p.emit_slot(&slots, elems.len());
            p.emit_close_trivia(&close_comments, slots.blank_before_close);
        });
        self.close_mods(outer);
        self.emit_close_tok(close, self.s.text(close), &close_comments, &close_att);
        self.ctx = saved;
    }

    fn dict(&mut self, open: Id, fields: &[Field], gap: Gap) {
        let outer = self.ctx.line_to_block;
        let saved = self.ctx;
        self.ctx.line_to_block = false;
        self.ctx.indent_expr = false;
        let close = self.s.close(open);
        let trivia = self.scope(open);
        let (open_text, close_text) = ("{", "}");
        let comments = trivia.slots.iter().any(|s| has_comment(self.s, s))
            || self.scope_has_attached_comments(open);
        if fields.is_empty() && !comments {
            self.token_as(open, gap, open_text);
            self.close_mods(outer);
            self.token_as(close, Gap::None, close_text);
            self.ctx = saved;
            return;
        }
        if !comments && !should_break(fields.len(), fields.iter().map(|f| &f.value)) {
            self.token_as(open, gap, open_text);
            self.with_group(|p| {
                p.with_indent(|p| {
                    p.softbreak();
                    for (i, f) in fields.iter().enumerate() {
                        p.emit_slot(&trivia, i);
                        p.field(f, if i > 0 { Gap::Softline } else { Gap::None });
                        p.comma_trivia(f.sep);
                    }
                    p.emit_slot(&trivia, fields.len());
                });
                p.softbreak();
            });
            self.close_mods(outer);
            self.token_as(close, Gap::None, close_text);
            self.ctx = saved;
            return;
        }
        let (close_comments, close_att) = self.close_comments(close);
        self.ctx.trailing_block_on_new_line = true;
        self.ctx.pair_leading_block = false;
        let open_trailing = self.open_trailing(open);
        if !open_trailing.is_empty() {
            match self.attached(open) {
                Some(att) => {
                    self.pending.extend_from_slice(&att.leading);
                    self.emit_trivia(gap);
                }
                None => self.emit_gap(gap),
            }
            self.text(open_text);
        } else {
            self.token_as(open, gap, open_text);
        }
        self.with_indent(|p| {
            if !open_trailing.is_empty() {
                p.pending.extend_from_slice(&open_trailing);
                p.emit_trivia(Gap::Newline);
            }
            for (i, f) in fields.iter().enumerate() {
                p.emit_slot(&trivia, i);
                let mut g = Gap::Newline;
                if i > 0 && (trivia.has_blank_before(i) || p.blank_line_between(&fields[i - 1], f))
                {
                    g = Gap::Blankline;
                }
                let nested = matches!(f.value, Expr::Array { .. } | Expr::Dict { .. });
                let field_saved = p.ctx;
                if nested {
                    p.ctx.line_to_block = true;
                }
                p.field(f, g);
                if nested {
                    p.ctx.trailing_block_on_new_line = false;
                }
                p.comma_trivia(f.sep);
                p.ctx = field_saved;
            }
            p.emit_slot(&trivia, fields.len());
            if !close_comments.is_empty() {
                p.emit_close_trivia(&close_comments, trivia.blank_before_close);
            } else if p.pending_has_comments() {
                p.emit_trivia(Gap::Newline);
            }
        });
        self.close_mods(outer);
        self.emit_close_tok(close, close_text, &close_comments, &close_att);
        self.ctx = saved;
    }

    /// Whether the source has a blank line between two fields of a value.
    fn blank_line_between(&self, prev: &Field, curr: &Field) -> bool {
        let (Some(end), Some(start)) = (self.expr_end(&prev.value), self.expr_start(&curr.key))
        else {
            return false;
        };
        let between = &self.s.text[end..start];
        let mut after_newline = false;
        for b in between.bytes() {
            match b {
                b'\n' => {
                    if after_newline {
                        return true;
                    }
                    after_newline = true;
                }
                b' ' | b'\t' => {}
                _ => after_newline = false,
            }
        }
        false
    }

    fn expr_start(&self, e: &Expr) -> Option<usize> {
        let tok = match e {
            Expr::Literal(t) | Expr::Prefixed(t, _) => *t,
            Expr::Path(p) => p.first_token()?,
            Expr::Range(s, _, _) => return self.expr_start(s),
            Expr::Array { open, .. } | Expr::Dict { open, .. } => *open,
        };
        Some(self.s.offset(tok))
    }

    fn expr_end(&self, e: &Expr) -> Option<usize> {
        match e {
            Expr::Range(_, _, end) => self.expr_end(end),
            _ => self.last_token(e).map(|t| self.s.toks[t].end),
        }
    }

    /// The token a value ends with; none for a range.
    fn last_token(&self, e: &Expr) -> Option<Id> {
        match e {
            Expr::Literal(t) if self.s.is_fused(*t) => Some(self.s.close(*t)),
            Expr::Literal(t) => Some(*t),
            Expr::Prefixed(_, inner) => self.last_token(inner),
            Expr::Path(p) => p.last_token(self.s),
            Expr::Array { open, .. } | Expr::Dict { open, .. } => Some(self.s.close(*open)),
            Expr::Range(..) => None,
        }
    }

    fn comma_trivia(&mut self, comma: Option<Id>) {
        if let Some(att) = comma.and_then(|c| self.attached(c)) {
            self.emit_trailing(&att.trailing);
        }
    }

    fn field(&mut self, f: &Field, gap: Gap) {
        self.expr(&f.key, gap);
        if let Some(colon) = f.colon {
            let mut colon_gap = Gap::Inline;
            if self
                .attached(colon)
                .is_some_and(|a| has_comment(self.s, &a.leading))
            {
                colon_gap = Gap::Space;
            }
            if self
                .last_token(&f.key)
                .and_then(|t| self.attached(t))
                .is_some_and(|a| has_comment(self.s, &a.trailing))
            {
                colon_gap = Gap::Space;
            }
            self.token(colon, colon_gap);
        } else {
            self.text(":");
        }
        self.with_ctx(
            |c| {
                c.indent_expr = true;
                c.path_in_value = true;
            },
            |p| p.expr(&f.value, Gap::Space),
        );
    }

    pub fn compact_options(&mut self, co: Option<&CompactOptions>) {
        let Some(co) = co else { return };
        let open = co.open;
        let close = self.s.close(open);
        let slots = self.scope(open);
        let entries = &co.entries;
        let mut expand = !self.open_trailing(open).is_empty()
            || entries.first().is_some_and(|e| {
                e.path
                    .first_token()
                    .and_then(|t| self.attached(t))
                    .is_some_and(|a| has_comment(self.s, &a.leading))
            });
        for i in 0..slots.slots.len().min(entries.len()) {
            if has_comment(self.s, &slots.slots[i]) {
                expand = true;
            }
        }
        let broken = expand || entries.len() >= 2;
        if !broken && entries.len() == 1 {
            let saved = self.ctx;
            self.ctx.line_to_block = true;
            let e = &entries[0];
            self.token(open, Gap::Space);
            self.emit_slot(&slots, 0);
            self.path(&e.path, Gap::None);
            if let (Some(eq), Some(v)) = (e.eq, &e.value) {
                self.token(eq, Gap::Space);
                self.with_ctx(|c| c.indent_expr = true, |p| p.expr(v, Gap::Space));
            }
            self.emit_slot(&slots, 1);
            self.emit_trivia(Gap::Inline);
            self.token(close, Gap::Inline);
            self.ctx = saved;
            return;
        }
        if !broken {
            self.token(open, Gap::Space);
            self.with_group(|p| {
                p.with_indent(|p| {
                    p.softbreak();
                    p.emit_slot(&slots, 0);
                });
                p.softbreak();
            });
            self.token(close, Gap::None);
            return;
        }
        let saved = self.ctx;
        self.ctx.trailing_block_on_new_line = true;
        self.ctx.pair_leading_block = false;
        let open_trailing = self.token_split_trailing(open, Gap::Space);
        let (inline, indented) = split_after_first_comment(self, &open_trailing);
        self.with_ctx(
            |c| c.trailing_block_on_new_line = false,
            |p| p.emit_trailing(&inline),
        );
        let (close_comments, close_att) = self.close_comments(close);
        self.with_indent(|p| {
            p.emit_trailing(&indented);
            for (i, e) in entries.iter().enumerate() {
                if i > 0 {
                    p.with_ctx(
                        |c| c.trailing_block_on_new_line = false,
                        |p| p.token(co.commas[i - 1], Gap::Inline),
                    );
                }
                p.emit_slot(&slots, i);
                let g = if i > 0 && slots.has_blank_before(i) {
                    Gap::Blankline
                } else {
                    Gap::Newline
                };
                p.path(&e.path, g);
                if let (Some(eq), Some(v)) = (e.eq, &e.value) {
                    p.token(eq, Gap::Space);
                    p.with_ctx(
                        |c| {
                            c.indent_expr = true;
                            c.path_in_value = true;
                        },
                        |p| p.expr(v, Gap::Space),
                    );
                }
            }
            p.emit_slot(&slots, entries.len());
            p.emit_close_trivia(&close_comments, slots.blank_before_close);
        });
        self.emit_trivia(Gap::None);
        self.emit_close_tok(close, self.s.text(close), &close_comments, &close_att);
        self.ctx = saved;
    }
}
