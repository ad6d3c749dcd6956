//! Where each comment belongs. Whitespace and comments are shared out
//! from the token stream alone: each significant token gets the trivia
//! that leads it and the comment that trails it on its line ("attached"),
//! and each scope (the file, or a fused token's interior) gets the runs
//! that stand apart from any token, cut at blank lines ("detached"), one
//! slot before each declaration of the scope and one after the last.

use std::collections::HashMap;

use super::lex::{Cursor, Id, Kind, Stream};

#[derive(Clone, Debug, Default)]
pub struct Attached {
    pub leading: Vec<Id>,
    pub trailing: Vec<Id>,
}

#[derive(Clone, Debug, Default)]
pub struct Detached {
    pub slots: Vec<Vec<Id>>,
    pub blank_before: Vec<bool>,
    pub blank_before_close: bool,
}

impl Detached {
    pub fn has_blank_before(&self, i: usize) -> bool {
        self.blank_before.get(i).copied().unwrap_or(false)
    }
}

/// The file's scope has this id; a fused token's is its own.
pub const FILE_SCOPE: Id = usize::MAX;

/// A token's attached trivia as runs of token ids (trivia between two
/// tokens is always contiguous), so the index costs no allocation per
/// token.
#[derive(Clone, Copy, Default)]
struct Runs {
    leading: (u32, u32),
    trailing: (u32, u32),
}

fn run_of(toks: &[Id]) -> (u32, u32) {
    match (toks.first(), toks.last()) {
        (Some(&a), Some(&b)) => {
            debug_assert_eq!(b + 1 - a, toks.len(), "trivia runs are contiguous");
            (a as u32, b as u32 + 1)
        }
        _ => (0, 0),
    }
}

fn ids((a, b): (u32, u32)) -> Vec<Id> {
    (a as usize..b as usize).collect()
}

#[derive(Default)]
pub struct Index {
    attached: Vec<Option<Runs>>,
    detached: HashMap<Id, Detached>,
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Decl,
    List,
    Dict,
}

impl Mode {
    fn literal(self) -> bool {
        self != Mode::Decl
    }
    fn separator(self, s: &Stream, tok: Option<Id>) -> bool {
        match tok.map(|t| s.text(t)) {
            Some(",") => self.literal(),
            Some(";") => self == Mode::Dict,
            _ => false,
        }
    }
}

pub fn has_comment(s: &Stream, toks: &[Id]) -> bool {
    toks.iter().any(|&t| s.kind(t) == Kind::Comment)
}

pub fn is_newline(s: &Stream, t: Id) -> bool {
    s.kind(t) == Kind::Space && s.text(t).contains('\n')
}

pub fn first_newline(s: &Stream, toks: &[Id]) -> usize {
    toks.iter()
        .position(|&t| is_newline(s, t))
        .unwrap_or(toks.len())
}

/// Cuts a run at its last blank line: what comes before stands apart,
/// what comes after leads the next token.
pub fn split_detached(s: &Stream, toks: &[Id]) -> (Vec<Id>, Vec<Id>) {
    let mut last_blank_end: Option<usize> = None;
    let mut index = toks.len();
    while index > 0 {
        index -= 1;
        let t = toks[index];
        if s.kind(t) != Kind::Space {
            last_blank_end = None;
        } else if s.text(t).contains('\n') {
            if last_blank_end.is_some() {
                break;
            }
            last_blank_end = Some(index);
        }
    }
    match last_blank_end {
        None => (Vec::new(), toks.to_vec()),
        Some(i) => (toks[..i].to_vec(), toks[i..].to_vec()),
    }
}

fn keyword<'a>(s: &Stream<'a>, t: Id) -> &'a str {
    let b = s.bracket(t);
    if !b.is_empty() {
        return match b {
            "(" => "()",
            "[" => "[]",
            "{" => "{}",
            _ => "<>",
        };
    }
    match s.kind(t) {
        Kind::Punct => s.text(t),
        _ => "",
    }
}

impl Index {
    pub fn build(s: &Stream) -> Index {
        let mut idx = Index {
            attached: vec![None; s.toks.len()],
            detached: HashMap::new(),
        };
        idx.walk_scope(s, &mut s.cursor(), FILE_SCOPE, Mode::Decl);
        idx
    }

    pub fn scope(&self, id: Id) -> Detached {
        self.detached.get(&id).cloned().unwrap_or_default()
    }

    /// The trivia attached to a token, if the walk reached it.
    pub fn token(&self, id: Id) -> Option<Attached> {
        let r = (*self.attached.get(id)?)?;
        Some(Attached {
            leading: ids(r.leading),
            trailing: ids(r.trailing),
        })
    }

    fn set_leading(&mut self, id: Id, toks: &[Id]) {
        self.attached[id] = Some(Runs {
            leading: run_of(toks),
            trailing: (0, 0),
        });
    }

    fn set_trailing(&mut self, id: Id, toks: &[Id]) {
        self.attached[id].get_or_insert_with(Runs::default).trailing = run_of(toks);
    }

    fn walk_scope(&mut self, s: &Stream, cursor: &mut Cursor, scope: Id, mode: Mode) {
        let mut pending: Vec<Id> = Vec::new();
        let mut trivia = Detached::default();
        let mut had_blank = false;
        while let Some(tok) = cursor.next_skippable(s) {
            if s.kind(tok).skippable() {
                pending.push(tok);
                continue;
            }
            if trivia.slots.is_empty() && scope != FILE_SCOPE {
                let nl = first_newline(s, &pending);
                if nl < pending.len() && has_comment(s, &pending[..nl]) {
                    self.set_trailing(scope, &pending[..nl]);
                    pending.drain(..nl);
                }
            }
            let (detached, attached) = split_detached(s, &pending);
            let mut blank = had_blank;
            if trivia.blank_before.is_empty() && !blank && has_comment(s, &detached) {
                blank = true;
            }
            trivia.slots.push(detached);
            trivia.blank_before.push(blank);
            self.set_leading(tok, &attached);
            pending.clear();
            had_blank = self.walk_decl(s, cursor, tok, mode);
        }
        if !had_blank && scope != FILE_SCOPE && !pending.is_empty() {
            let (detached, attached) = split_detached(s, &pending);
            had_blank = has_comment(s, &detached) && has_comment(s, &attached);
        }
        trivia.slots.push(pending);
        trivia.blank_before_close = had_blank;
        self.detached.insert(scope, trivia);
    }

    fn walk_fused(&mut self, s: &Stream, leaf: Id, parent_saw_assign: bool) -> Id {
        let close = s.close(leaf);
        let mode = match s.bracket(leaf) {
            "[" => Mode::List,
            "{" | "<" if parent_saw_assign => Mode::Dict,
            _ => Mode::Decl,
        };
        self.walk_scope(s, &mut s.children(leaf), leaf, mode);
        let trivia = self.detached.get_mut(&leaf).expect("scope just walked");
        let end = trivia.slots.pop().unwrap_or_default();
        let (detached, attached) = split_detached(s, &end);
        trivia.slots.push(detached);
        self.set_leading(close, &attached);
        close
    }

    /// Walks one declaration from `start`; true when a blank line follows it.
    fn walk_decl(&mut self, s: &Stream, cursor: &mut Cursor, start: Id, mode: Mode) -> bool {
        let mut end_tok = start;
        let mut pending: Vec<Id> = Vec::new();
        let mut saw_assign = false;
        let mut tok = Some(start);
        while let Some(t) = tok {
            if t != start && s.kind(t).skippable() {
                pending.push(t);
                tok = cursor.next_skippable(s);
                continue;
            }
            if t != start {
                let mut leading = std::mem::take(&mut pending);
                let nl = first_newline(s, &leading);
                let hoist = nl < leading.len()
                    || (mode == Mode::Dict && s.text(t) == "," && keyword(s, end_tok) == "{}");
                if has_comment(s, &leading[..nl]) && hoist {
                    self.set_trailing(end_tok, &leading[..nl]);
                    leading.drain(..nl);
                }
                self.set_leading(t, &leading);
            }
            let kw = keyword(s, t);
            if kw == "=" {
                saw_assign = true;
            }
            end_tok = t;
            if s.is_fused(t) {
                end_tok = self.walk_fused(s, t, saw_assign);
            }
            let mut boundary = kw == ";";
            if kw == "{}" {
                let next = cursor.peek(s);
                boundary = !(mode.separator(s, next)
                    || (saw_assign && next.is_some_and(|n| s.text(n) == ";")));
            }
            if mode.literal() && kw == "," {
                boundary = true;
            }
            if boundary {
                break;
            }
            tok = cursor.next_skippable(s);
        }

        let mut after_newline = false;
        let mut at_end = true;
        let mut has_blank = false;
        let mut trailing: Vec<Id> = Vec::new();
        while let Some(t) = cursor.next_skippable(s) {
            let newline = is_newline(s, t);
            let space = s.kind(t) == Kind::Space && !newline;
            let comment = s.kind(t) == Kind::Comment;
            if !after_newline && !newline && !space && !comment {
                cursor.prev_skippable(s);
                at_end = false;
                break;
            }
            if after_newline && !newline && !space {
                let nl = first_newline(s, &trailing);
                let rest = trailing[nl..].to_vec();
                let (detached, attached) = split_detached(s, &rest);
                has_blank = !detached.is_empty();
                cursor.prev_skippable(s);
                for _ in 0..attached.len() {
                    cursor.prev_skippable(s);
                }
                trailing.truncate(nl + detached.len());
                at_end = false;
                break;
            }
            after_newline = after_newline || newline;
            trailing.push(t);
        }
        if at_end && !pending.is_empty() && trailing.is_empty() {
            let nl = first_newline(s, &pending);
            if has_comment(s, &pending[..nl]) {
                trailing = pending[..nl].to_vec();
            }
            let rest = &pending[nl..];
            if has_comment(s, rest) {
                let (_, detached_rest) = split_detached(s, rest);
                has_blank = rest.len() > detached_rest.len();
                for _ in 0..rest.len() {
                    cursor.prev_skippable(s);
                }
            }
        }
        if at_end
            && !after_newline
            && !trailing.is_empty()
            && keyword(s, end_tok) == ";"
            && trailing
                .iter()
                .any(|&t| s.kind(t) == Kind::Comment && s.text(t).starts_with("/*"))
        {
            for _ in 0..trailing.len() {
                cursor.prev_skippable(s);
            }
            trailing.clear();
        }
        if at_end && after_newline {
            let nl = first_newline(s, &trailing);
            for _ in 0..trailing.len() - nl {
                cursor.prev_skippable(s);
            }
            trailing.truncate(nl);
        }
        if !trailing.is_empty() {
            self.set_trailing(end_tok, &trailing);
        }
        has_blank
    }
}
