//! The front of the compiler: reading, parsing and lowering one file,
//! which needs nothing from other files, done ahead for every file the
//! compilation will reach, on all cores.
//!
//! The import graph is explored from the files named on the command line:
//! each file found is read, parsed and lowered, and its imports are
//! explored in turn. The compiler then takes each file's front when it
//! loads it in import order, so diagnostics and the pool come out exactly
//! as if each file had been parsed when it was reached.

use std::sync::Arc;

use std::sync::{Condvar, Mutex, MutexGuard};

use rustc_hash::FxHashMap as HashMap;

use super::{edition_error, is_canonical_path, missing_syntax, prelude, DescriptorSets};
use crate::diagnostics::{Code, Diagnostic};
use crate::semantic::resolve::Declared;
use crate::semantic::{lower, options};
use crate::source::{Found, Resolver, SourceFile};
use crate::syntax::{self, Syntax};

/// The source index the diagnostics of a front carry until the compiler
/// gives the file its place among the sources.
const UNPLACED: usize = usize::MAX;

/// One file read, parsed and lowered.
pub(super) struct Front {
    pub source: SourceFile,
    /// What parsing and lowering reported, in the order they found it.
    pub diags: Vec<Diagnostic>,
    /// The lowered file, what it declares and refers to, its options
    /// ready to interpret, and whether lowering found no error; `None`
    /// when the file did not parse.
    pub lowered: Option<(lower::Lowered, Declared, options::Prepared, bool)>,
}

impl Front {
    /// Parses and lowers `text`, found for import name `name` at `display`;
    /// its comments are read only with `comments`.
    pub fn new(name: &str, display: String, text: Arc<str>, src: usize, comments: bool) -> Front {
        let source = SourceFile::new(name.to_string(), display.clone(), text);
        let mut diags = Vec::new();
        let parsed = syntax::parser::parse_with(&source, comments);
        for e in &parsed.errors {
            let mut d = Diagnostic::error(e.code, e.message.clone())
                .at(src, e.span)
                .in_file(display.clone());
            d.help = e.help.clone();
            d.follow_on = e.follow_on;
            d.protoc_span = e.protoc_span;
            diags.push(d);
        }
        if !parsed.errors.is_empty() {
            return Front {
                source,
                diags,
                lowered: None,
            };
        }
        if parsed.nesting_too_deep {
            // protoc's descriptor builder reports this without a position.
            // The file still links after that error, as in protoc, so
            // references to the dropped types are reported too.
            diags.push(
                Diagnostic::error(Code::NestingTooDeep, syntax::parser::NESTING_LIMIT_MESSAGE)
                    .in_file(display.clone()),
            );
        }
        if parsed.file.syntax.is_none() {
            diags.push(missing_syntax(name, src, &display));
        }
        let before = diags.len();
        let syntax = match &parsed.file.syntax {
            Some(s) if s.kind == syntax::ast::SyntaxKind::Edition => Syntax::Editions,
            Some(s) if s.value == "proto3" => Syntax::Proto3,
            _ => Syntax::Proto2,
        };
        let mut lowered = lower::lower(&parsed.file, name, src, syntax);
        diags.extend(
            std::mem::take(&mut lowered.diags)
                .into_iter()
                .map(|d| d.in_file(display.clone())),
        );
        if let Some(s) = &parsed.file.syntax {
            if s.kind == syntax::ast::SyntaxKind::Edition {
                if let Some(d) = edition_error(name, lowered.edition, s, src) {
                    diags.push(d.in_file(display));
                }
            }
        }
        let clean = diags[before..].iter().all(|d| !d.is_error());
        let declared = Declared::of(&lowered.proto);
        let options = options::prepare(&lowered.proto, std::mem::take(&mut lowered.options));
        Front {
            source,
            diags,
            lowered: Some((lowered, declared, options, clean)),
        }
    }

    /// Gives the file its index among the compilation's sources.
    pub fn place(&mut self, src: usize) {
        for d in &mut self.diags {
            if d.source == Some(UNPLACED) {
                d.source = Some(src);
            }
            for l in &mut d.secondary {
                if l.source == UNPLACED {
                    l.source = src;
                }
            }
        }
    }

    /// The imports the compiler will follow from this file.
    fn imports(&self) -> Vec<String> {
        let Some((lowered, ..)) = &self.lowered else {
            return Vec::new();
        };
        let p = &lowered.proto;
        p.dependency
            .iter()
            .chain(&p.option_dependency)
            .filter(|d| is_canonical_path(d))
            .cloned()
            .collect()
    }
}

/// Fronts read ahead of the compiler by helper threads.
///
/// The helpers explore the import graph in the order the compiler loads
/// files (depth first, each file's imports in order), so the front the
/// compiler asks for next is usually ready. At most [`WINDOW`] fronts wait
/// to be taken, which keeps memory to what the compiler holds anyway. A
/// front the compiler needs before a helper has started it, the compiler
/// makes itself. descriptor.proto is left to the compiler (it starts from
/// a copy when the text is the bundled one), as are the files taken from
/// descriptor sets and whatever is reached only through them.
pub(super) struct Ahead<'a> {
    resolver: &'a Resolver,
    sets: Option<&'a DescriptorSets>,
    /// Whether the fronts read comments (see [`Front::new`]).
    comments: bool,
    shared: Mutex<Shared>,
    changed: Condvar,
}

/// How many fronts may wait for the compiler.
const WINDOW: usize = 64;

struct Shared {
    /// Names to read, the next on top.
    todo: Vec<String>,
    slots: HashMap<String, Slot>,
    /// Fronts made and not yet taken.
    waiting: usize,
    /// The compiler is done: helpers leave.
    stop: bool,
}

enum Slot {
    /// A helper is making it.
    Reading,
    /// Made; `None` when it is not the helpers' to read.
    Ready(Option<Box<Front>>),
    /// Making it panicked; the compiler raises the panic if it asks.
    Panicked(Box<dyn std::any::Any + Send>),
    /// The compiler has it.
    Taken,
}

impl<'a> Ahead<'a> {
    pub fn new(
        resolver: &'a Resolver,
        sets: Option<&'a DescriptorSets>,
        names: &[String],
        comments: bool,
    ) -> Self {
        Ahead {
            resolver,
            sets,
            comments,
            shared: Mutex::new(Shared {
                todo: names.iter().rev().cloned().collect(),
                slots: HashMap::default(),
                waiting: 0,
                stop: false,
            }),
            changed: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Shared> {
        self.shared.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn wait<'g>(&self, g: MutexGuard<'g, Shared>) -> MutexGuard<'g, Shared> {
        self.changed.wait(g).unwrap_or_else(|e| e.into_inner())
    }

    /// The front of `name`, if it is read from the `-I` roots or the
    /// bundled files; `None` leaves the file to the compiler.
    fn make(&self, name: &str) -> Option<Front> {
        if name == prelude::NAME
            || self
                .sets
                .is_some_and(|s| s.preferred && s.files.contains_key(name))
        {
            return None;
        }
        let (text, display): (Arc<str>, String) = match self.resolver.find(name)? {
            Found::Disk { text, path } => (text.into(), path),
            Found::Bundled(t) => (t.into(), name.to_string()),
        };
        Some(Front::new(name, display, text, UNPLACED, self.comments))
    }

    /// Queues the imports of `front` to be read next, in the order the
    /// compiler will load them.
    fn follow(&self, s: &mut Shared, front: Option<&Front>) {
        let imports = front.map(Front::imports).unwrap_or_default();
        for name in imports.into_iter().rev() {
            if !s.slots.contains_key(&name) {
                s.todo.push(name);
            }
        }
    }

    /// A helper thread's work: read fronts until the compiler is done.
    pub fn help(&self) {
        loop {
            let name = {
                let mut s = self.lock();
                loop {
                    if s.stop {
                        return;
                    }
                    if s.waiting < WINDOW {
                        if let Some(name) = s.todo.pop() {
                            if s.slots.contains_key(&name) {
                                continue;
                            }
                            s.slots.insert(name.clone(), Slot::Reading);
                            break name;
                        }
                    }
                    s = self.wait(s);
                }
            };
            let made = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.make(&name)));
            let mut s = self.lock();
            let slot = match made {
                Ok(front) => {
                    self.follow(&mut s, front.as_ref());
                    s.waiting += usize::from(front.is_some());
                    Slot::Ready(front.map(Box::new))
                }
                Err(panic) => Slot::Panicked(panic),
            };
            s.slots.insert(name, slot);
            self.changed.notify_all();
        }
    }

    /// The front of `name` for the compiler, waiting for a helper making
    /// it, or made here if no helper has started it; `None` if it is not
    /// read from the `-I` roots or the bundled files. While a helper makes
    /// it, the compiler does `other_work` in steps (each returns whether
    /// there was a step to do) before it waits.
    pub fn take(&self, name: &str, mut other_work: impl FnMut() -> bool) -> Option<Front> {
        let mut s = self.lock();
        loop {
            match s.slots.insert(name.to_string(), Slot::Taken) {
                Some(Slot::Reading) => {
                    s.slots.insert(name.to_string(), Slot::Reading);
                    drop(s);
                    let worked = other_work();
                    s = self.lock();
                    if !worked && matches!(s.slots.get(name), Some(Slot::Reading)) {
                        s = self.wait(s);
                    }
                }
                Some(Slot::Ready(front)) => {
                    s.waiting -= usize::from(front.is_some());
                    self.changed.notify_all();
                    return front.map(|f| *f);
                }
                Some(Slot::Panicked(panic)) => std::panic::resume_unwind(panic),
                Some(Slot::Taken) | None => break,
            }
        }
        drop(s);
        let front = self.make(name);
        let mut s = self.lock();
        self.follow(&mut s, front.as_ref());
        self.changed.notify_all();
        front
    }

    /// Tells the helpers the compiler is done.
    pub fn stop(&self) {
        self.lock().stop = true;
        self.changed.notify_all();
    }
}
