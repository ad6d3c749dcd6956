//! The compiler: files loaded in import order, each taken through the
//! stages into the pool.

mod front;
mod prelude;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::descriptor;
use crate::descriptor::edition::Edition;
use crate::diagnostics::{Code, Diagnostic};
use crate::semantic::lower;
use crate::semantic::pool::{FileEntry, Pool, Usage};
use crate::semantic::{check, options, resolve};
use crate::source::{Resolver, SourceFile};
use crate::syntax::{self, Syntax};

#[derive(Clone, Copy)]
enum State {
    InProgress,
    Done(Option<usize>),
}

/// The symbols the symbol table is first sized for, per file named on
/// the command line (googleapis declares 56 per file, imports included).
const SYMBOLS_PER_FILE: usize = 64;

/// Everything one compilation produced.
#[derive(Default)]
pub struct Compilation {
    pub sources: Vec<SourceFile>,
    pub pool: Pool,
    pub diags: Vec<Diagnostic>,
    /// Pool indices of the files named on the command line (None where they failed).
    pub roots: Vec<Option<usize>>,
    /// The unused imports of the files named on the command line: the
    /// file's pool index and the import's index in its dependency list.
    pub unused_imports: Vec<(usize, usize)>,
}

impl Compilation {
    pub fn has_errors(&self) -> bool {
        self.diags.iter().any(|d| d.is_error())
    }

    /// Frees every file's source locations, for a caller that reads
    /// neither positions nor source information from here on (a model,
    /// with its own copy of what it needs, is all code generation reads).
    pub fn release_source_locations(&mut self) {
        // A file shared with another pool keeps them: freeing would copy it.
        for f in &mut self.pool.files {
            if let Some(f) = std::sync::Arc::get_mut(f) {
                f.release_locations();
            }
        }
    }
}

pub struct Compiler<'r> {
    resolver: &'r Resolver,
    sources: Vec<SourceFile>,
    pool: Pool,
    diags: Vec<Diagnostic>,
    state: rustc_hash::FxHashMap<String, State>,
    stack: Vec<String>,
    /// For each file on `stack`, the import statement being followed.
    import_stack: Vec<(usize, crate::source::Span)>,
    /// Files named on the command line, whose unused imports are reported.
    roots: rustc_hash::FxHashSet<String>,
    /// Files given as descriptors, used where no `-I` root has the file.
    sets: Option<&'r DescriptorSets>,
    unused_imports: Vec<(usize, usize)>,
    /// Files read, parsed and lowered by other threads ahead of loading.
    ahead: Option<&'r front::Ahead<'r>>,
    /// What each file keeps of its source locations once compiled; when
    /// not all, `asked` records that a position was looked up in a file after.
    positions: Positions,
    asked: Arc<std::sync::atomic::AtomicBool>,
    /// Whether every file's text is kept; otherwise only the texts of the
    /// files diagnostics point into are.
    keep_text: bool,
    /// The sources some diagnostic points into, as of `diags_scanned`
    /// diagnostics: their text is kept.
    pointed_into: rustc_hash::FxHashSet<usize>,
    diags_scanned: usize,
    /// Whether the read-only checks of files whose earlier stages found no
    /// error are left for the end (see [`Compiler::deferred_checks_pass`]).
    defer_checks: bool,
    /// The files whose checks were left for the end, in compile order.
    deferred: Vec<usize>,
    /// How many of `deferred` were checked while the compiler waited for a
    /// file to be read, and whether any of those checks reported anything.
    deferred_done: usize,
    deferred_reported: bool,
}

/// Files given as descriptors (`--descriptor_set_in`), by name; the first
/// occurrence of a name wins.
#[derive(Default, Debug)]
pub struct DescriptorSets {
    pub files: HashMap<String, descriptor::FileDescriptorProto>,
    /// Take files from here before the roots and the bundled files.
    pub preferred: bool,
}

impl DescriptorSets {
    pub fn add(&mut self, set: descriptor::FileDescriptorSet) {
        for f in set.file {
            let name = f.name.clone().unwrap_or_default();
            self.files.entry(name).or_insert(f);
        }
    }
}

/// Compiles `names` (import names) and everything they import.
pub fn compile(resolver: &Resolver, names: &[String]) -> Compilation {
    compile_with_sets(resolver, None, names)
}

/// Like [`compile`], also taking files from descriptor sets, where neither
/// the `-I` roots nor the bundled files have them.
pub fn compile_with_sets(
    resolver: &Resolver,
    sets: Option<&DescriptorSets>,
    names: &[String],
) -> Compilation {
    compile_once(resolver, sets, names, Positions::All, true).expect("everything kept")
}

/// What a caller reads of the compiled files' source locations once the
/// compilation is done; the compiler frees the rest of each file's
/// locations as soon as the file is compiled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Positions {
    /// Every location (source information is written, or a plugin's
    /// request carries it).
    All,
    /// The comments only, by path (the built-in generators' doc comments).
    Comments,
    /// None (a descriptor set without source information).
    None,
}

/// Like [`compile_with_sets`], for a caller that reads only `positions`
/// of the compiled files' locations afterwards: each file's other
/// locations are freed once it is compiled, and so is its text unless a
/// diagnostic points into it (nothing but a diagnostic's excerpt reads
/// it). Diagnostics are the same: when one needs a position or the text
/// of a file already compiled, the compilation is redone keeping them all.
pub fn compile_reading(
    resolver: &Resolver,
    sets: Option<&DescriptorSets>,
    names: &[String],
    positions: Positions,
) -> Compilation {
    compile_once(resolver, sets, names, positions, false)
        .unwrap_or_else(|| compile_with_sets(resolver, sets, names))
}

/// One compilation of `names`; `None` when locations were freed (all but
/// `positions`) and a position was looked up in one of them, when a
/// diagnostic points into a file whose text was freed, or when a check
/// left for the end reports anything. With `keep_text`, all texts are
/// kept and every check runs in its place, so only the first can happen.
fn compile_once(
    resolver: &Resolver,
    sets: Option<&DescriptorSets>,
    names: &[String],
    positions: Positions,
    keep_text: bool,
) -> Option<Compilation> {
    let ahead = front::Ahead::new(resolver, sets, names, positions != Positions::None);
    // The compiler runs on this thread; the others read files ahead of it.
    let compiled = std::thread::scope(|scope| {
        for _ in 1..crate::parallel::threads() {
            let helper = std::thread::Builder::new().stack_size(crate::THREAD_STACK);
            // A helper that cannot be started leaves its share to the others.
            let _ = helper.spawn_scoped(scope, || ahead.help());
        }
        let compiled = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let mut c = Compiler::new(resolver);
            c.sets = sets;
            c.ahead = Some(&ahead);
            c.positions = positions;
            c.keep_text = keep_text;
            c.defer_checks = !keep_text;
            c.roots = names.iter().cloned().collect();
            // Sized for the files named up front: growing a table of
            // hundreds of thousands of names rehashes every name each time.
            c.pool.symbols.reserve(names.len() * SYMBOLS_PER_FILE);
            // protoc interprets options against descriptor.proto; have it in the pool.
            c.load("google/protobuf/descriptor.proto", None);
            let roots: Vec<_> = names.iter().map(|n| c.load(n, None)).collect();
            if !c.deferred_checks_pass() {
                return None;
            }
            let asked = c.asked.load(std::sync::atomic::Ordering::Relaxed)
                || c.diags
                    .iter()
                    .any(|d| d.sources().any(|s| c.sources[s].is_released()));
            (!asked).then(|| Compilation {
                sources: c.sources,
                pool: c.pool,
                diags: c.diags,
                roots,
                unused_imports: c.unused_imports,
            })
        }));
        ahead.stop();
        compiled
    });
    compiled.unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// descriptor.proto and the feature sets compiled into protoc 35.1: the
/// option fields protoc itself knows, which it keeps in field order.
pub fn reference_pool() -> &'static Pool {
    static REFERENCE: std::sync::OnceLock<Pool> = std::sync::OnceLock::new();
    REFERENCE.get_or_init(|| {
        let resolver = Resolver::new::<&str>(&[]);
        let mut c = Compiler::new(&resolver);
        for name in [
            "google/protobuf/descriptor.proto",
            "google/protobuf/cpp_features.proto",
            "google/protobuf/java_features.proto",
        ] {
            c.load(name, None);
        }
        c.pool
    })
}

impl<'r> Compiler<'r> {
    fn new(resolver: &'r Resolver) -> Self {
        Compiler {
            resolver,
            sources: Vec::new(),
            pool: Pool::default(),
            diags: Vec::new(),
            state: Default::default(),
            stack: Vec::new(),
            import_stack: Vec::new(),
            roots: Default::default(),
            sets: None,
            unused_imports: Vec::new(),
            ahead: None,
            positions: Positions::All,
            asked: Default::default(),
            keep_text: true,
            pointed_into: Default::default(),
            diags_scanned: 0,
            defer_checks: false,
            deferred: Vec::new(),
            deferred_done: 0,
            deferred_reported: false,
        }
    }

    /// Loads and compiles one file; `None` if it is missing or has errors.
    fn load(
        &mut self,
        name: &str,
        importer: Option<(usize, crate::source::Span)>,
    ) -> Option<usize> {
        match self.state.get(name) {
            Some(State::Done(r)) => return *r,
            Some(State::InProgress) => {
                let pos = self.stack.iter().position(|n| n == name).unwrap_or(0);
                let mut chain: Vec<&str> = self.stack[pos..].iter().map(|s| s.as_str()).collect();
                chain.push(name);
                let mut d = Diagnostic::error(
                    Code::ImportCycle,
                    format!("File recursively imports itself: {}", chain.join(" -> ")),
                );
                // protoc reports it where the cycle starts: at that file's import.
                if let Some(&(src, span)) = self.import_stack.get(pos).or(importer.as_ref()) {
                    d = d
                        .at(src, span)
                        .in_file(self.sources[src].display_path.clone());
                    d.label = Some(format!("imports {}", chain.get(1).unwrap_or(&name)));
                }
                // Each further import that closes the circle.
                for (k, &(src, span)) in self.import_stack.iter().enumerate().skip(pos + 1) {
                    let next = chain.get(k - pos + 1).unwrap_or(&name);
                    d = d.with_secondary(src, span, format!("imports {next}"));
                }
                d.help = Some(if chain.len() == 2 {
                    "remove the import: a file cannot import itself".into()
                } else {
                    "move what the files share into a file that both import".into()
                });
                self.diags.push(d);
                return None;
            }
            None => {}
        }
        // The -I roots and the bundled files come first, as they come before
        // the descriptor sets for protoc with its include directory; a
        // plugin request's own files come before everything.
        let from_sets = self.sets.and_then(|s| s.files.get(name)).cloned();
        let preferred = self.sets.is_some_and(|s| s.preferred) && from_sets.is_some();
        let ahead = self.ahead.filter(|_| !preferred);
        if let Some(front) = ahead.and_then(|a| a.take(name, || self.check_next_deferred())) {
            return self.compile_front(name, front);
        }
        let on_disk = if preferred {
            None
        } else {
            self.resolver.find(name)
        };
        let found = match (on_disk, from_sets) {
            (Some(f), _) => Some(f),
            (None, Some(fd)) => {
                self.state.insert(name.to_string(), State::InProgress);
                self.stack.push(name.to_string());
                let r = self.compile_descriptor(name, fd);
                self.stack.pop();
                self.state.insert(name.to_string(), State::Done(r));
                return r;
            }
            (None, None) => None,
        };
        let Some(found) = found else {
            let mut d =
                Diagnostic::error(Code::FileNotFound, "File not found.").in_file(name.to_string());
            if importer.is_none() {
                d.message = "File not found.".into();
            }
            self.diags.push(d);
            self.state.insert(name.to_string(), State::Done(None));
            return None;
        };
        let (text, display): (Arc<str>, String) = match found {
            crate::source::Found::Disk { text, path } => (text.into(), path),
            crate::source::Found::Bundled(t) => (t.into(), name.to_string()),
        };
        if self.sources.is_empty() && name == prelude::NAME {
            if let Some(idx) = prelude::restore(self, &text, &display) {
                self.state.insert(name.to_string(), State::Done(Some(idx)));
                return Some(idx);
            }
        }
        let comments = self.positions != Positions::None;
        let front = front::Front::new(name, display, text, self.sources.len(), comments);
        self.compile_front(name, front)
    }

    /// Compiles a file read, parsed and lowered: its imports, then the
    /// stages that need the pool.
    fn compile_front(&mut self, name: &str, front: front::Front) -> Option<usize> {
        self.state.insert(name.to_string(), State::InProgress);
        self.stack.push(name.to_string());
        let r = self.compile_source(front);
        self.stack.pop();
        self.state.insert(name.to_string(), State::Done(r));
        r
    }

    /// One file from its front to the pool: its imports loaded, then the
    /// stages that need the pool.
    fn compile_source(&mut self, mut front: front::Front) -> Option<usize> {
        let src = self.sources.len();
        front.place(src);
        let name = front.source.name.clone();
        let display = front.source.display_path.clone();
        self.sources.push(front.source);
        self.diags.append(&mut front.diags);
        let (lowered, declared, pending, lowered_clean) = front.lowered?;
        let deps = self.load_imports(&lowered, src);
        let deps = deps.filter(|_| lowered_clean)?;
        let n_regular = lowered.proto.dependency.len();
        let entry = FileEntry::new(
            name,
            lowered.proto,
            lowered.locs,
            Some(src),
            lowered.syntax,
            lowered.edition,
        );
        let mut entry = entry;
        entry.hints = lowered.hints;
        let file = self.register(entry, &deps, n_regular);
        let mut diags = self.run_stages(file, declared, &pending);
        for d in &mut diags {
            d.file = Some(display.clone());
        }
        let ok = diags.iter().all(|d| !d.is_error());
        self.diags.extend(diags);
        if self.positions != Positions::All {
            if let Some(entry) = Arc::get_mut(&mut self.pool.files[file]) {
                let keep_comments = self.positions == Positions::Comments;
                entry.drop_locations(self.asked.clone(), keep_comments);
            }
        }
        if !self.keep_text {
            // Nothing reads the text of a file no diagnostic points into;
            // one that comes to point there later has the compilation redone
            // (see `compile_once`).
            for d in &self.diags[self.diags_scanned..] {
                self.pointed_into.extend(d.sources());
            }
            self.diags_scanned = self.diags.len();
            if !self.pointed_into.contains(&src) {
                self.sources[src].release_text();
            }
        }
        ok.then_some(file)
    }

    /// The stages of a file registered in the pool, in protoc's order:
    /// later checks run only where the earlier ones found no error, as
    /// protoc's descriptor builder stops at the end of each of its phases.
    fn run_stages(
        &mut self,
        file: usize,
        mut declared: resolve::Declared,
        pending: &options::Prepared,
    ) -> Vec<Diagnostic> {
        let mut diags = Vec::new();
        let clean = |diags: &[Diagnostic]| diags.iter().all(|d| !d.is_error());
        resolve::add_symbols(&mut self.pool, file, &mut declared, &mut diags);
        check::check_ranges(&self.pool, file, &mut diags);
        let mut used = resolve::cross_link(&mut self.pool, file, declared, &mut diags);
        check::check_field_numbers(&self.pool, file, &mut diags);
        if clean(&diags) {
            used.extend(options::interpret_file(
                &mut self.pool,
                file,
                pending,
                &mut diags,
            ));
        }
        let defer = self.defer_checks && clean(&diags);
        if defer {
            self.deferred.push(file);
        } else {
            read_only_checks(&self.pool, file, &mut diags);
        }
        if self.roots.contains(&self.pool.files[file].name) {
            self.unused_imports(file, &used, &mut diags);
        }
        if !defer && clean(&diags) {
            check::imports::redacted_option_dependencies(&self.pool, file, &mut diags);
        }
        diags
    }

    /// Runs the checks left for the end, every file's on any core, and
    /// tells whether none reported anything: the compilation is then what
    /// running them in their places would have made. Each file's checks
    /// see the pool as it was when the file was compiled, as far as they
    /// read it: the resolved names they look up were defined by then
    /// (names are never redefined), and what they scan of the whole pool
    /// is limited to the files compiled before. A report, whose place
    /// among the others and whose effect on the files compiled after
    /// matter, has the compilation redone with every check in its place.
    fn deferred_checks_pass(&self) -> bool {
        if self.deferred_reported {
            return false;
        }
        let rest = &self.deferred[self.deferred_done..];
        let quiet = crate::parallel::map(rest, |&file| deferred_checks_quiet(&self.pool, file));
        quiet.into_iter().all(|q| q)
    }

    /// Runs the next file's deferred checks, on the compiler's own thread
    /// while it waits; false when there are none to run.
    fn check_next_deferred(&mut self) -> bool {
        let Some(&file) = self.deferred.get(self.deferred_done) else {
            return false;
        };
        if self.deferred_reported {
            return false;
        }
        self.deferred_done += 1;
        self.deferred_reported = !deferred_checks_quiet(&self.pool, file);
        true
    }

    /// Loads every import of a lowered file, as (dependency index, pool
    /// index) pairs; `None` if any is missing, repeated or has errors.
    fn load_imports(
        &mut self,
        lowered: &lower::Lowered,
        src: usize,
    ) -> Option<Vec<(usize, usize)>> {
        let display = self.sources[src].display_path.clone();
        let mut deps = Vec::new();
        let mut failed = false;
        let mut seen = HashSet::new();
        let all_deps = lowered
            .proto
            .dependency
            .iter()
            .chain(lowered.proto.option_dependency.iter());
        for (i, dep) in all_deps.enumerate() {
            let span = lowered.import_spans.get(i).copied().unwrap_or_default();
            if !seen.insert(dep.clone()) {
                let mut d = Diagnostic::error(
                    Code::DuplicateImport,
                    format!("Import \"{dep}\" was listed twice."),
                )
                .at(src, span)
                .in_file(display.clone())
                .with_help("remove this import");
                let first = lowered
                    .proto
                    .dependency
                    .iter()
                    .chain(lowered.proto.option_dependency.iter())
                    .position(|d| d == dep)
                    .and_then(|k| lowered.import_spans.get(k));
                if let Some(&first) = first {
                    d.secondary.push(crate::diagnostics::Label {
                        source: src,
                        span: first,
                        message: "first imported here".into(),
                    });
                }
                self.diags.push(d);
                failed = true;
                continue;
            }
            if !is_canonical_path(dep) {
                // protoc names the import itself, without a position, then the importing line.
                let msg = if dep.is_empty() || dep.starts_with('/') || dep.contains('\\') {
                    "File not found."
                } else {
                    "Backslashes, consecutive slashes, \".\", or \"..\" are not allowed in the virtual path"
                };
                self.diags
                    .push(Diagnostic::error(Code::FileNotFound, msg).in_file(dep.clone()));
                self.diags.push(
                    Diagnostic::error(
                        Code::ImportError,
                        format!("Import \"{dep}\" was not found or had errors."),
                    )
                    .at(src, span)
                    .in_file(display.clone()),
                );
                failed = true;
                continue;
            }
            self.import_stack.push((src, span));
            let loaded = self.load(dep, Some((src, span)));
            self.import_stack.pop();
            match loaded {
                Some(idx) => deps.push((i, idx)),
                None => {
                    let d = Diagnostic::error(
                        Code::ImportError,
                        format!("Import \"{dep}\" was not found or had errors."),
                    )
                    .at(src, span)
                    .in_file(display.clone());
                    let d = self.import_failure(dep, d);
                    self.diags.push(d);
                    failed = true;
                }
            }
        }
        (!failed).then_some(deps)
    }
}

impl Compiler<'_> {
    /// protoc's error at an import that failed, made the one report of its
    /// cause where that is the import: a file that was not found is
    /// reported here, at the import, with where to look (its position-less
    /// "File not found." becomes the follow-on). When the imported file had
    /// errors of its own, or is part of a cycle, those are the reports and
    /// this one is the follow-on.
    fn import_failure(&mut self, dep: &str, mut d: Diagnostic) -> Diagnostic {
        let missing = self.diags.iter_mut().rev().find(|x| {
            x.code == Code::FileNotFound && x.span.is_none() && x.file.as_deref() == Some(dep)
        });
        let Some(missing) = missing else {
            d.follow_on = true;
            return d;
        };
        missing.follow_on = true;
        d.code = Code::FileNotFound;
        d.label = Some("not found".into());
        d.help = Some(match self.resolver.root_that_would_find(dep) {
            Some(dir) => format!("{dir}/{dep} exists: add `-I {dir}` to the command line"),
            None => format!(
                "no {dep} under the import paths ({}) or among the bundled well-known types",
                self.resolver.root_names().join(", ")
            ),
        });
        d
    }
}

/// The checks that read the pool and change nothing, after the stages
/// that build the file: later checks run only where the earlier ones
/// found no error, as protoc's descriptor builder stops at the end of each
/// of its phases.
fn read_only_checks(pool: &Pool, file: usize, diags: &mut Vec<Diagnostic>) {
    check::check_file(pool, file, diags);
    if diags.iter().all(|d| !d.is_error()) {
        check::validate_file(pool, file, diags);
        check::options::check_options(pool, file, diags);
        check::fields::check_fields(pool, file, diags);
        check::naming::check_naming(pool, file, diags);
        check::decls::check_declarations(pool, file, diags);
    }
}

/// Whether a file's deferred checks (see [`Compiler::deferred_checks_pass`])
/// report nothing.
fn deferred_checks_quiet(pool: &Pool, file: usize) -> bool {
    let mut diags = Vec::new();
    read_only_checks(pool, file, &mut diags);
    if diags.is_empty() {
        check::imports::redacted_option_dependencies(pool, file, &mut diags);
    }
    diags.is_empty()
}

/// The warning for a file without a `syntax` or `edition` statement, in
/// protoc's words (protoc logs it rather than reporting it), at the start
/// of the file.
fn missing_syntax(name: &str, src: usize, display: &str) -> Diagnostic {
    Diagnostic::warning(
        Code::MissingSyntax,
        format!(
            "No edition or syntax specified for the proto file: {name}. Please use 'edition = \"YYYY\";'  to specify a valid edition version. (Defaulted to \"syntax = \"proto2\";\".)"
        ),
    )
    .at(src, crate::source::Span::new(0, 0))
    .in_file(display.to_string())
    .with_label("no `syntax` or `edition` before this")
    .with_help("start the file with `syntax = \"proto3\";` (or `edition = \"2023\";`); without one it is read as proto2")
}

/// The error for an edition this compiler does not support, if any; it is
/// positioned at the edition statement except for UNSTABLE.
fn edition_error(
    name: &str,
    edition: Edition,
    s: &syntax::ast::SyntaxDecl,
    src: usize,
) -> Option<Diagnostic> {
    // protoc lets its own files (under google/protobuf/) use edition UNSTABLE.
    if edition == Edition::UNSTABLE {
        return (!name.starts_with("google/protobuf/")).then(|| {
            Diagnostic::error(
                Code::UnknownSyntax,
                "is a file using edition UNSTABLE, which is later than the protoc maximum supported edition 2024.",
            )
        });
    }
    if edition > Edition::LATEST {
        return Some(
            Diagnostic::error(
                Code::UnknownSyntax,
                format!(
                    "Edition {} is later than the maximum supported edition 2024",
                    s.value
                ),
            )
            .at(src, s.span),
        );
    }
    if edition < Edition::E2023 {
        return Some(
            Diagnostic::error(
                Code::UnknownSyntax,
                format!(
                    "Edition {} is earlier than the minimum supported edition PROTO2",
                    s.value
                ),
            )
            .at(src, s.span),
        );
    }
    None
}

impl Compiler<'_> {
    /// Adds a file to the pool with its imports (`deps` as (dependency
    /// index, pool index); indices from `n_regular` on are `import option`s)
    /// and what they make visible.
    fn register(
        &mut self,
        mut entry: FileEntry,
        deps: &[(usize, usize)],
        n_regular: usize,
    ) -> usize {
        let file_idx = self.pool.files.len();
        entry.visible.insert(file_idx);
        for &(i, d) in deps {
            let vis = if i < n_regular {
                entry.deps.push(d);
                &mut entry.visible
            } else {
                entry.option_deps.push(d);
                &mut entry.option_visible
            };
            vis.insert(d);
            // What a dependency re-exports with `import public` is visible too.
            let mut stack = vec![d];
            while let Some(f) = stack.pop() {
                let fe = &self.pool.files[f];
                for &p in &fe.proto.public_dependency {
                    if let Some(&pd) = fe.deps.get(p as usize) {
                        if vis.insert(pd) {
                            stack.push(pd);
                        }
                    }
                }
            }
        }
        self.pool.by_name.insert(entry.name.clone(), file_idx);
        self.pool.files.push(std::sync::Arc::new(entry));
        file_idx
    }

    /// Adds a file taken from a descriptor set: its imports are loaded and
    /// its names linked; options arrive already interpreted.
    fn compile_descriptor(
        &mut self,
        name: &str,
        proto: descriptor::FileDescriptorProto,
    ) -> Option<usize> {
        let mut deps = Vec::new();
        let mut failed = false;
        let all: Vec<String> = proto
            .dependency
            .iter()
            .chain(proto.option_dependency.iter())
            .cloned()
            .collect();
        for (i, dep) in all.iter().enumerate() {
            match self.load(dep, None) {
                Some(idx) => deps.push((i, idx)),
                None => {
                    self.diags.push(
                        Diagnostic::error(
                            Code::ImportError,
                            format!("Import \"{dep}\" was not found or had errors."),
                        )
                        .in_file(name.to_string()),
                    );
                    failed = true;
                }
            }
        }
        if failed {
            return None;
        }
        let (syntax, edition) = match (proto.syntax.as_deref(), proto.edition) {
            (Some("editions"), Some(e)) => (Syntax::Editions, Edition(e)),
            (Some("proto3"), _) => (Syntax::Proto3, Edition::PROTO3),
            _ => (Syntax::Proto2, Edition::PROTO2),
        };
        let n_regular = proto.dependency.len();
        let mut declared = resolve::Declared::of(&proto);
        let entry = FileEntry::new(
            name.to_string(),
            proto,
            Default::default(),
            None,
            syntax,
            edition,
        );
        let file_idx = self.register(entry, &deps, n_regular);
        let mut diags = Vec::new();
        resolve::add_symbols(&mut self.pool, file_idx, &mut declared, &mut diags);
        resolve::cross_link(&mut self.pool, file_idx, declared, &mut diags);
        for d in &mut diags {
            d.file = Some(name.to_string());
        }
        let ok = diags.iter().all(|d| !d.is_error());
        self.diags.extend(diags);
        ok.then_some(file_idx)
    }
}

impl Compiler<'_> {
    /// Warns about regular imports none of whose symbols (or those of files
    /// they re-export publicly) were used.
    fn unused_imports(&mut self, file: usize, used: &Usage, diags: &mut Vec<Diagnostic>) {
        let fe = &self.pool.files[file];
        for (i, &dep) in fe.deps.iter().enumerate() {
            if fe.proto.public_dependency.contains(&(i as i32))
                || fe.proto.weak_dependency.contains(&(i as i32))
            {
                continue;
            }
            let mut reach = vec![dep];
            let mut k = 0;
            while k < reach.len() {
                let f = &self.pool.files[reach[k]];
                for &p in &f.proto.public_dependency {
                    if let Some(&pd) = f.deps.get(p as usize) {
                        if !reach.contains(&pd) {
                            reach.push(pd);
                        }
                    }
                }
                k += 1;
            }
            if reach.iter().any(|f| used.0.contains(f)) {
                continue;
            }
            self.unused_imports.push((file, i));
            let mut d = Diagnostic::warning(
                Code::UnusedImport,
                format!("Import {} is unused.", self.pool.files[dep].name),
            );
            if let (Some(src), Some(span)) = (
                fe.source,
                fe.span_of(&[descriptor::tags::FILE_DEPENDENCY as i32, i as i32]),
            ) {
                d = d.at(src, span);
            }
            diags.push(d);
        }
    }
}

/// An import name protoc can look up: no backslashes, empty, `.` or `..` segments.
fn is_canonical_path(name: &str) -> bool {
    !name.contains('\\')
        && name
            .split('/')
            .all(|seg| !seg.is_empty() && seg != "." && seg != "..")
}
