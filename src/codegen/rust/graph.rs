//! What prost-build decides from how messages contain one another: which
//! fields must be boxed (a message that holds itself, directly or not,
//! would have infinite size), and which messages and oneofs can derive
//! `Copy` and `Eq`/`Hash`.
//!
//! Message A contains message B when A has a singular (not repeated)
//! field of type B; groups do not count. A field of type B in A is
//! recursive when B reaches A through containment, which for a contained
//! B means the two are in one strongly connected component.

use std::sync::atomic::{AtomicU8, Ordering};

use crate::descriptor as d;
use crate::semantic::model::{Cardinality, Field, FieldKind, MessageId, Model};

pub struct Containment<'m> {
    model: &'m Model,
    /// Each message's strongly connected component.
    component: Vec<u32>,
    copy: Memo,
    eq: Memo,
}

/// A yes/no answer per message, remembered once computed; shared by the
/// threads generating code (two computing one answer find the same).
struct Memo(Vec<AtomicU8>);

impl Memo {
    fn new(n: usize) -> Memo {
        Memo((0..n).map(|_| AtomicU8::new(0)).collect())
    }

    fn get(&self, m: MessageId) -> Option<bool> {
        match self.0[m.index()].load(Ordering::Relaxed) {
            0 => None,
            v => Some(v == 2),
        }
    }

    fn set(&self, m: MessageId, v: bool) {
        self.0[m.index()].store(1 + v as u8, Ordering::Relaxed);
    }
}

/// The message a field contains, if it is a singular message field (a
/// group is not).
fn contained(f: &Field) -> Option<MessageId> {
    match f.kind {
        FieldKind::Message(m) if !f.delimited && f.cardinality != Cardinality::Repeated => Some(m),
        _ => None,
    }
}

impl<'m> Containment<'m> {
    pub fn new(model: &'m Model) -> Self {
        let n = model.messages.len();
        Containment {
            model,
            component: components(model),
            copy: Memo::new(n),
            eq: Memo::new(n),
        }
    }

    fn edges(&self, m: MessageId) -> impl Iterator<Item = MessageId> + '_ {
        self.model
            .message(m)
            .fields
            .iter()
            .filter_map(|&f| contained(self.model.field(f)))
    }

    /// Whether `from` reaches `to` through containment (every message
    /// reaches itself).
    pub fn reaches(&self, from: MessageId, to: MessageId) -> bool {
        if self.component[from.index()] == self.component[to.index()] {
            return true;
        }
        let mut seen = vec![false; self.model.messages.len()];
        let mut stack = vec![from];
        seen[from.index()] = true;
        while let Some(m) = stack.pop() {
            for next in self.edges(m) {
                if next == to {
                    return true;
                }
                if !seen[next.index()] {
                    seen[next.index()] = true;
                    stack.push(next);
                }
            }
        }
        false
    }

    /// Whether field `f` of message `owner` holds a message that contains
    /// `owner` again.
    pub fn recursive(&self, owner: MessageId, f: &Field) -> bool {
        match f.kind {
            FieldKind::Message(m) if f.cardinality != Cardinality::Repeated => {
                if f.delimited {
                    self.reaches(m, owner)
                } else {
                    self.component[m.index()] == self.component[owner.index()]
                }
            }
            _ => false,
        }
    }

    /// Whether every field of `m` can derive `Copy`; `boxed` says whether
    /// a field is boxed by configuration.
    pub fn message_copy(&self, m: MessageId, boxed: &dyn Fn(MessageId, &Field) -> bool) -> bool {
        if let Some(v) = self.copy.get(m) {
            return v;
        }
        let v = self
            .model
            .message(m)
            .fields
            .iter()
            .all(|&f| self.field_copy(m, self.model.field(f), boxed));
        self.copy.set(m, v);
        v
    }

    /// Whether field `f` of `owner` can derive `Copy`.
    pub fn field_copy(
        &self,
        owner: MessageId,
        f: &Field,
        boxed: &dyn Fn(MessageId, &Field) -> bool,
    ) -> bool {
        if f.cardinality == Cardinality::Repeated {
            return false;
        }
        match f.descriptor_type() {
            d::Type::Message => {
                let FieldKind::Message(m) = f.kind else {
                    return false;
                };
                !self.recursive(owner, f) && !boxed(owner, f) && self.message_copy(m, boxed)
            }
            d::Type::String | d::Type::Bytes | d::Type::Group => false,
            _ => true,
        }
    }

    /// Whether every field of `m` can derive `Eq` and `Hash`.
    pub fn message_eq(&self, m: MessageId) -> bool {
        if let Some(v) = self.eq.get(m) {
            return v;
        }
        let v = self
            .model
            .message(m)
            .fields
            .iter()
            .all(|&f| self.field_eq(m, self.model.field(f)));
        self.eq.set(m, v);
        v
    }

    /// Whether field `f` of `owner` can derive `Eq` and `Hash`.
    pub fn field_eq(&self, owner: MessageId, f: &Field) -> bool {
        match f.descriptor_type() {
            d::Type::Message => match f.kind {
                FieldKind::Message(m) if f.cardinality != Cardinality::Repeated => {
                    !self.recursive(owner, f) && self.message_eq(m)
                }
                _ => false,
            },
            d::Type::Double | d::Type::Float | d::Type::Group => false,
            _ => true,
        }
    }
}

/// The strongly connected components of containment (Tarjan's algorithm,
/// iterative so that long chains cannot exhaust the stack).
fn components(model: &Model) -> Vec<u32> {
    let n = model.messages.len();
    let edges: Vec<Vec<u32>> = model
        .messages
        .iter()
        .map(|m| {
            m.fields
                .iter()
                .filter_map(|&f| contained(model.field(f)).map(|t| t.0))
                .collect()
        })
        .collect();
    const UNSEEN: u32 = u32::MAX;
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![UNSEEN; n];
    let mut stack: Vec<u32> = Vec::new();
    let mut next_index = 0u32;
    let mut next_component = 0u32;
    for root in 0..n as u32 {
        if index[root as usize] != UNSEEN {
            continue;
        }
        // (node, next edge to follow)
        let mut work: Vec<(u32, usize)> = vec![(root, 0)];
        index[root as usize] = next_index;
        low[root as usize] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root as usize] = true;
        while let Some(&mut (v, ref mut e)) = work.last_mut() {
            let vi = v as usize;
            if let Some(&w) = edges[vi].get(*e) {
                *e += 1;
                let wi = w as usize;
                if index[wi] == UNSEEN {
                    index[wi] = next_index;
                    low[wi] = next_index;
                    next_index += 1;
                    stack.push(w);
                    on_stack[wi] = true;
                    work.push((w, 0));
                } else if on_stack[wi] {
                    low[vi] = low[vi].min(index[wi]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                let pi = parent as usize;
                low[pi] = low[pi].min(low[vi]);
            }
            if low[vi] == index[vi] {
                while let Some(w) = stack.pop() {
                    on_stack[w as usize] = false;
                    component[w as usize] = next_component;
                    if w == v {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}
