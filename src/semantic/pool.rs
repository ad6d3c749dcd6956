//! The pool of compiled files and their symbols, with protoc's name lookup.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::descriptor as d;
use crate::descriptor::edition::Edition;
use crate::descriptor::tags::*;
use crate::semantic::lower::Locs;
use crate::source::Span;
use crate::syntax::Syntax;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymKind {
    Package,
    Message,
    Enum,
    EnumValue,
    Field,
    Extension,
    Oneof,
    Service,
    Method,
}

impl SymKind {
    pub fn is_type(self) -> bool {
        matches!(self, SymKind::Message | SymKind::Enum)
    }
    pub fn is_aggregate(self) -> bool {
        matches!(
            self,
            SymKind::Message | SymKind::Enum | SymKind::Package | SymKind::Service
        )
    }
}

#[derive(Clone, Debug)]
pub struct Symbol {
    pub kind: SymKind,
    pub file: usize,
    /// Source path of the entity within its file.
    pub path: Box<[i32]>,
}

/// Span lookups in a file answered by scanning its locations before
/// they are indexed by path.
const SCANNED_LOOKUPS: u32 = 4;

/// A count of span lookups (a copy of a file starts its own).
#[derive(Debug, Default)]
struct LookupCount(std::sync::atomic::AtomicU32);

impl Clone for LookupCount {
    fn clone(&self) -> Self {
        LookupCount::default()
    }
}

/// One file in the pool.
#[derive(Clone, Debug)]
pub struct FileEntry {
    pub name: String,
    pub proto: d::FileDescriptorProto,
    pub locs: Locs,
    /// Index of the source text, for files parsed in this run.
    pub source: Option<usize>,
    pub syntax: Syntax,
    pub edition: Edition,
    /// Files whose symbols this file may use (itself, imports, and what they re-export publicly).
    pub visible: HashSet<usize>,
    /// Files reached through `import option`, whose symbols only options may use.
    pub option_visible: HashSet<usize>,
    /// Direct imports, as pool indices, by dependency index.
    pub deps: Vec<usize>,
    /// Edition 2024 `import option` files, as pool indices.
    pub option_deps: Vec<usize>,
    /// Places only diagnostics point at (see `Lowered::hints`).
    pub hints: Vec<(Box<[i32]>, Span)>,
    /// `locs` by path (the first location of each), built when a diagnostic
    /// first asks and dropped by `rename_loc`: a file with many errors looks
    /// up each span in constant time instead of scanning every location.
    span_index: std::sync::OnceLock<HashMap<Box<[i32]>, Span>>,
    /// Span lookups made before the index was built.
    span_lookups: LookupCount,
    /// Set when the locations were dropped for a compilation that reads no
    /// positions afterwards (see [`FileEntry::drop_locations`]).
    dropped: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
}

impl FileEntry {
    pub fn new(
        name: String,
        proto: d::FileDescriptorProto,
        locs: Locs,
        source: Option<usize>,
        syntax: Syntax,
        edition: Edition,
    ) -> Self {
        FileEntry {
            name,
            proto,
            locs,
            source,
            syntax,
            edition,
            visible: HashSet::default(),
            option_visible: HashSet::default(),
            deps: Vec::new(),
            option_deps: Vec::new(),
            hints: Vec::new(),
            span_index: std::sync::OnceLock::new(),
            span_lookups: Default::default(),
            dropped: None,
        }
    }

    /// Frees the file's source locations; it has no positions afterwards.
    pub fn release_locations(&mut self) {
        self.locs = Locs::default();
        self.span_index = std::sync::OnceLock::new();
    }

    /// Frees the locations of a compiled file (all, or all but those with
    /// comments), for a compilation that will not read them again; a
    /// position looked up in the file after that (a later file's error
    /// pointing here) sets `asked`, for the compilation to be redone with
    /// them.
    pub fn drop_locations(
        &mut self,
        asked: std::sync::Arc<std::sync::atomic::AtomicBool>,
        keep_comments: bool,
    ) {
        let kept = if keep_comments {
            self.locs.comments_only()
        } else {
            Locs::default()
        };
        self.release_locations();
        self.locs = kept;
        self.dropped = Some(asked);
    }

    /// Gives location `li` a new path (options moved to their interpreted
    /// place), keeping the span index consistent.
    pub fn rename_loc(&mut self, li: usize, path: &[i32]) {
        self.locs.rename(li, path);
        self.span_index = std::sync::OnceLock::new();
    }

    /// Where an error about the entity at `path` is reported: its span or
    /// its nearest recorded ancestor's, but none inside a message the
    /// parser synthesized (a map entry), for which protoc has no position.
    pub fn error_span(&self, path: &[i32]) -> Option<Span> {
        if self.is_repeated_extendee(path) || is_oneof(path) {
            return None;
        }
        self.nearest_span(path)
    }

    /// Where an error protoc reports without a position (see `error_span`)
    /// is shown by the formats that are not protoc's: the oneof itself.
    pub fn unplaced_error_span(&self, path: &[i32]) -> Option<Span> {
        if is_oneof(path) {
            self.nearest_span(path)
        } else {
            None
        }
    }

    /// The span of `path` or of its nearest recorded ancestor.
    fn nearest_span(&self, path: &[i32]) -> Option<Span> {
        let mut p = path;
        loop {
            if let Some(span) = self.exact_span(p) {
                return Some(span);
            }
            let n = p.len();
            // A message path: [message_type, i] then [nested_type, j]...
            let is_message = n >= 2
                && n % 2 == 0
                && p[0] == crate::descriptor::tags::FILE_MESSAGE_TYPE as i32
                && p[2..]
                    .chunks(2)
                    .all(|c| c[0] == crate::descriptor::tags::MSG_NESTED_TYPE as i32);
            if is_message {
                return self.map_field_name_span(p, &path[n..]);
            }
            if p.is_empty() {
                return None;
            }
            p = &p[..n - 1];
        }
    }

    /// Whether `path` is the extendee of an extension that is not the
    /// first field of its `extend` block: the block names its extendee
    /// once, and protoc has a position for it only with the first field.
    fn is_repeated_extendee(&self, path: &[i32]) -> bool {
        use crate::descriptor::tags::{FIELD_EXTENDEE, FILE_EXTENSION, MSG_EXTENSION};
        let n = path.len();
        if n < 3 || path[n - 1] != FIELD_EXTENDEE as i32 || path[n - 2] == 0 {
            return false;
        }
        let list = path[n - 3];
        let is_extension_list = if n == 3 {
            list == FILE_EXTENSION as i32
        } else {
            list == MSG_EXTENSION as i32
        };
        if !is_extension_list {
            return false;
        }
        let mut previous = path.to_vec();
        previous[n - 2] -= 1;
        let here = self.exact_span(path);
        here.is_some() && here == self.exact_span(&previous)
    }

    /// protoc gives the key and value fields of a map entry the name
    /// location of the map field itself; nothing else in the entry has one.
    fn map_field_name_span(&self, entry: &[i32], rest: &[i32]) -> Option<Span> {
        use crate::descriptor::tags::{FIELD_NAME, MSG_FIELD};
        if rest.len() != 3 || rest[0] != MSG_FIELD as i32 || rest[2] != FIELD_NAME as i32 {
            return None;
        }
        let parent = &entry[..entry.len() - 2];
        // A descriptor from a set or a plugin request may have locations
        // for messages it does not have.
        let entry_name = find_message_at(&self.proto, entry)?.name.clone()?;
        let owner = find_message_at(&self.proto, parent)?;
        let k = owner.field.iter().position(|f| {
            f.type_name
                .as_deref()
                .is_some_and(|t| t.rsplit('.').next() == Some(entry_name.as_str()))
        })?;
        let mut at = parent.to_vec();
        at.extend_from_slice(&[MSG_FIELD as i32, k as i32, FIELD_NAME as i32]);
        self.span_of(&at)
    }

    /// Whether the path itself has a location (synthesized entities, such
    /// as map entries and their fields, have none).
    pub fn has_location(&self, path: &[i32]) -> bool {
        self.exact_span(path).is_some()
    }

    /// The span recorded for exactly this path.
    fn exact_span(&self, path: &[i32]) -> Option<Span> {
        match self.span_index() {
            Some(index) => index.get(path).copied(),
            None => self.locs.iter().find(|l| l.path == path).map(|l| l.span),
        }
    }

    /// Every recorded location by path, once enough lookups were made to
    /// pay for building it (a file with a warning or two is looked up by
    /// a scan of its locations instead).
    fn span_index(&self) -> Option<&HashMap<Box<[i32]>, Span>> {
        use std::sync::atomic::Ordering::Relaxed;
        if let Some(asked) = &self.dropped {
            asked.store(true, Relaxed);
        }
        if let Some(index) = self.span_index.get() {
            return Some(index);
        }
        if self.span_lookups.0.fetch_add(1, Relaxed) < SCANNED_LOOKUPS {
            return None;
        }
        Some(self.span_index.get_or_init(|| {
            let mut index = HashMap::default();
            for l in self.locs.iter() {
                index.entry(l.path.into()).or_insert(l.span);
            }
            index
        }))
    }

    /// The span recorded for a source path, or for its nearest recorded ancestor.
    pub fn span_of(&self, path: &[i32]) -> Option<Span> {
        let Some(index) = self.span_index() else {
            // The longest recorded prefix; of equal ones, the first recorded.
            let mut best: Option<(usize, Span)> = None;
            for l in self.locs.iter() {
                let longer = best.map_or(true, |(n, _)| l.path.len() > n);
                if longer && path.starts_with(l.path) {
                    best = Some((l.path.len(), l.span));
                }
            }
            return best.map(|(_, span)| span);
        };
        let mut p = path;
        loop {
            if let Some(span) = index.get(p) {
                return Some(*span);
            }
            if p.is_empty() {
                return None;
            }
            p = &p[..p.len() - 1];
        }
    }

    pub fn package(&self) -> &str {
        self.proto.package.as_deref().unwrap_or("")
    }
}

#[derive(Clone, Default, Debug)]
pub struct Pool {
    /// Shared, so a copy of a pool (see `prelude`) copies no file.
    pub files: Vec<std::sync::Arc<FileEntry>>,
    pub by_name: HashMap<String, usize>,
    /// Every symbol by full name (boxed: a table entry is 48 bytes, and
    /// googleapis has half a million of them).
    pub symbols: HashMap<Box<str>, Symbol>,
    /// Package name (and each of its prefixes) → files that declare it.
    pub packages: HashMap<String, Vec<usize>>,
    /// Extensions by (extendee full name, number).
    pub extensions: HashMap<(String, i32), String>,
    /// The identity under which what is derived from the files that no
    /// longer change may be cached (see [`Pool::is_frozen`]).
    pub cache_id: CacheId,
}

/// A pool's identity for caches of what its frozen files give (field
/// metadata, say). A copy of a pool, or a pool whose older files change,
/// takes a new one, and so starts with empty caches.
#[derive(Debug)]
pub struct CacheId(u64);

impl CacheId {
    pub fn get(&self) -> u64 {
        self.0
    }
}

impl Default for CacheId {
    fn default() -> Self {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        CacheId(NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
    }
}

impl Clone for CacheId {
    fn clone(&self) -> Self {
        CacheId::default()
    }
}

/// The files whose symbols lookups resolved to, for the unused-import
/// warning: each stage that looks names up returns what it used.
#[derive(Default, Debug)]
pub struct Usage(pub HashSet<usize>);

impl Usage {
    fn record(&mut self, s: &Symbol) {
        if s.kind != SymKind::Package {
            self.0.insert(s.file);
        }
    }

    pub fn extend(&mut self, other: Usage) {
        self.0.extend(other.0);
    }
}

/// Result of a failed lookup, for the error message.
pub enum LookupError {
    NotFound,
    /// The first component resolved to an inner scope where the rest is missing.
    ResolvedToUndefined(String),
    /// Defined in a file that is not imported.
    NotImported(String, usize),
}

impl Pool {
    /// The file at `i`, to change: copied first if another pool shares it.
    /// Only the newest file changes while files are compiled; changing an
    /// older one drops what was cached about the frozen files.
    pub fn file_mut(&mut self, i: usize) -> &mut FileEntry {
        if self.is_frozen(i) {
            self.cache_id = CacheId::default();
        }
        std::sync::Arc::make_mut(&mut self.files[i])
    }

    /// Whether file `i` no longer changes: every file but the newest,
    /// which is the one being compiled.
    pub fn is_frozen(&self, i: usize) -> bool {
        i + 1 < self.files.len()
    }

    pub fn message<'a>(&'a self, sym: &Symbol) -> &'a d::DescriptorProto {
        message_at(&self.files[sym.file].proto, &sym.path)
    }

    pub fn enum_type<'a>(&'a self, sym: &Symbol) -> &'a d::EnumDescriptorProto {
        enum_at(&self.files[sym.file].proto, &sym.path)
    }

    pub fn field<'a>(&'a self, sym: &Symbol) -> &'a d::FieldDescriptorProto {
        field_at(&self.files[sym.file].proto, &sym.path)
    }

    fn visible(&self, from: usize, name: &str, sym: &Symbol, in_options: bool) -> bool {
        let fe = &self.files[from];
        let vis =
            |f: &usize| fe.visible.contains(f) || (in_options && fe.option_visible.contains(f));
        if sym.kind == SymKind::Package {
            return self.packages.get(name).is_some_and(|fs| fs.iter().any(vis));
        }
        vis(&sym.file)
    }

    /// Finds a symbol by full name, as seen from file `from`.
    pub fn find(
        &self,
        from: usize,
        name: &str,
        in_options: bool,
        used: &mut Usage,
    ) -> Result<&Symbol, LookupError> {
        match self.symbols.get(name) {
            Some(s) if self.visible(from, name, s, in_options) => {
                used.record(s);
                Ok(s)
            }
            Some(s) => Err(LookupError::NotImported(name.to_string(), s.file)),
            None => Err(LookupError::NotFound),
        }
    }

    /// protoc's scoped lookup of `name` relative to the entity `scope`.
    /// `in_options`: the name is used in an option, where `import option` files count.
    pub fn lookup(
        &self,
        from: usize,
        name: &str,
        scope: &str,
        types_only: bool,
        in_options: bool,
        used: &mut Usage,
    ) -> Result<(String, &Symbol), LookupError> {
        if let Some(full) = name.strip_prefix('.') {
            return self
                .find(from, full, in_options, used)
                .map(|s| (full.to_string(), s));
        }
        let first = name.split('.').next().unwrap_or(name);
        // Each candidate is written into one buffer: the scope cut back
        // one component at a time, a dot, then the name's first component.
        let mut scope_len = scope.len();
        let mut candidate = String::with_capacity(scope.len() + 1 + name.len());
        let mut not_imported = None;
        loop {
            match scope[..scope_len].rfind('.') {
                None => {
                    return match self.find(from, name, in_options, used) {
                        Ok(s) => Ok((name.to_string(), s)),
                        Err(LookupError::NotFound) => {
                            Err(not_imported.unwrap_or(LookupError::NotFound))
                        }
                        Err(e) => Err(e),
                    };
                }
                Some(dot) => scope_len = dot,
            }
            candidate.clear();
            candidate.push_str(&scope[..scope_len]);
            candidate.push('.');
            candidate.push_str(first);
            match self.find(from, &candidate, in_options, used) {
                Ok(sym) => {
                    if first.len() < name.len() {
                        if sym.kind.is_aggregate() {
                            candidate.truncate(scope_len + 1);
                            candidate.push_str(name);
                            let full = candidate;
                            return match self.find(from, &full, in_options, used) {
                                Ok(s) => Ok((full, s)),
                                Err(LookupError::NotFound) => {
                                    Err(LookupError::ResolvedToUndefined(full))
                                }
                                Err(e) => Err(e),
                            };
                        }
                    } else if !types_only || sym.kind.is_type() {
                        return Ok((candidate, sym));
                    }
                }
                Err(e @ LookupError::NotImported(..)) => {
                    if not_imported.is_none() {
                        not_imported = Some(e);
                    }
                }
                Err(_) => {}
            }
        }
    }
}

/// The message at a message path (`[4, i, 3, j, ...]`), if the file has it.
pub fn find_message_at<'a>(
    fd: &'a d::FileDescriptorProto,
    path: &[i32],
) -> Option<&'a d::DescriptorProto> {
    let index = |i: i32| usize::try_from(i).ok();
    let mut m = fd.message_type.get(index(*path.get(1)?)?)?;
    let mut i = 2;
    while i + 1 < path.len() {
        m = m.nested_type.get(index(path[i + 1])?)?;
        i += 2;
    }
    Some(m)
}

pub fn message_at<'a>(fd: &'a d::FileDescriptorProto, path: &[i32]) -> &'a d::DescriptorProto {
    let mut m = &fd.message_type[path[1] as usize];
    let mut i = 2;
    while i + 1 < path.len() {
        m = &m.nested_type[path[i + 1] as usize];
        i += 2;
    }
    m
}

pub fn message_at_mut<'a>(
    fd: &'a mut d::FileDescriptorProto,
    path: &[i32],
) -> &'a mut d::DescriptorProto {
    let mut m = &mut fd.message_type[path[1] as usize];
    let mut i = 2;
    while i + 1 < path.len() {
        m = &mut m.nested_type[path[i + 1] as usize];
        i += 2;
    }
    m
}

pub fn enum_at<'a>(fd: &'a d::FileDescriptorProto, path: &[i32]) -> &'a d::EnumDescriptorProto {
    if path.len() == 2 {
        &fd.enum_type[path[1] as usize]
    } else {
        &message_at(fd, &path[..path.len() - 2]).enum_type[path[path.len() - 1] as usize]
    }
}

/// A field or extension by source path.
pub fn field_at<'a>(fd: &'a d::FileDescriptorProto, path: &[i32]) -> &'a d::FieldDescriptorProto {
    let n = path.len();
    if n == 2 {
        return &fd.extension[path[1] as usize];
    }
    let m = message_at(fd, &path[..n - 2]);
    if path[n - 2] == MSG_EXTENSION as i32 {
        &m.extension[path[n - 1] as usize]
    } else {
        &m.field[path[n - 1] as usize]
    }
}

pub fn field_at_mut<'a>(
    fd: &'a mut d::FileDescriptorProto,
    path: &[i32],
) -> &'a mut d::FieldDescriptorProto {
    let n = path.len();
    if n == 2 {
        return &mut fd.extension[path[1] as usize];
    }
    let m = message_at_mut(fd, &path[..n - 2]);
    if path[n - 2] == MSG_EXTENSION as i32 {
        &mut m.extension[path[n - 1] as usize]
    } else {
        &mut m.field[path[n - 1] as usize]
    }
}

/// The options slot of the entity at `path`, by shared or mutable reference.
macro_rules! options_slot_impl {
    ($name:ident, $($m:ident)?, $message_at:ident, $enum_at:ident) => {
        pub fn $name<'a>(fd: &'a $($m)? d::FileDescriptorProto, path: &[i32]) -> &'a $($m)? Option<Vec<u8>> {
            let n = path.len();
            if n == 0 {
                return &$($m)? fd.options;
            }
            let last2 = path[n - 2];
            let parent = &path[..n - 2];
            let idx = path[n - 1] as usize;
            if parent.is_empty() {
                return match last2 as u32 {
                    FILE_MESSAGE_TYPE => &$($m)? fd.message_type[idx].options,
                    FILE_ENUM_TYPE => &$($m)? fd.enum_type[idx].options,
                    FILE_SERVICE => &$($m)? fd.service[idx].options,
                    FILE_EXTENSION => &$($m)? fd.extension[idx].options,
                    _ => unreachable!("options path {path:?}"),
                };
            }
            let top = parent[0] as u32;
            if top == FILE_SERVICE {
                return &$($m)? fd.service[parent[1] as usize].method[idx].options;
            }
            if (top == FILE_ENUM_TYPE && parent.len() == 2)
                || (parent.len() >= 4 && parent[parent.len() - 2] == MSG_ENUM_TYPE as i32 && last2 == ENUM_VALUE as i32)
            {
                return &$($m)? $enum_at(fd, parent).value[idx].options;
            }
            let m = $message_at(fd, parent);
            match last2 as u32 {
                MSG_FIELD => &$($m)? m.field[idx].options,
                MSG_NESTED_TYPE => &$($m)? m.nested_type[idx].options,
                MSG_ENUM_TYPE => &$($m)? m.enum_type[idx].options,
                MSG_EXTENSION_RANGE => &$($m)? m.extension_range[idx].options,
                MSG_EXTENSION => &$($m)? m.extension[idx].options,
                MSG_ONEOF_DECL => &$($m)? m.oneof_decl[idx].options,
                _ => unreachable!("options path {path:?}"),
            }
        }
    };
}

options_slot_impl!(options_slot, mut, message_at_mut, enum_at_mut);
options_slot_impl!(options_at, , message_at, enum_at);

pub fn enum_at_mut<'a>(
    fd: &'a mut d::FileDescriptorProto,
    path: &[i32],
) -> &'a mut d::EnumDescriptorProto {
    if path.len() == 2 {
        &mut fd.enum_type[path[1] as usize]
    } else {
        let n = path.len();
        &mut message_at_mut(fd, &path[..n - 2]).enum_type[path[n - 1] as usize]
    }
}

/// Whether `path` is a oneof or its name. protoc's parser records no
/// position for oneofs, so it reports their errors with the file name only.
fn is_oneof(path: &[i32]) -> bool {
    use crate::descriptor::tags::{MSG_ONEOF_DECL, ONEOF_NAME};
    // A path is (field, index) pairs, then possibly one more field.
    let n = path.len();
    let oneof = MSG_ONEOF_DECL as i32;
    if n % 2 == 0 {
        n >= 2 && path[n - 2] == oneof
    } else {
        n >= 3 && path[n - 3] == oneof && path[n - 1] == ONEOF_NAME as i32
    }
}
