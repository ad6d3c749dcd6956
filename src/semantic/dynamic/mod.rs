//! Messages described by the pool rather than by Rust types: field lookup,
//! value encoding, and serialization in field-number order.

pub mod textformat;
pub mod textprint;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::descriptor::wire::{self, *};
use crate::descriptor::{self as d};
use crate::semantic::pool::{Pool, SymKind, Symbol};

/// What the interpreter needs to know about one field, shared: the
/// caches hand out copies, which cost one count each.
#[derive(Clone, Debug)]
pub struct FieldMeta(Arc<FieldInfo>);

impl std::ops::Deref for FieldMeta {
    type Target = FieldInfo;
    fn deref(&self) -> &FieldInfo {
        &self.0
    }
}

/// The facts about one field (see [`FieldMeta`]).
#[derive(Debug)]
pub struct FieldInfo {
    pub name: Arc<str>,
    pub full_name: Arc<str>,
    pub number: i32,
    pub repeated: bool,
    pub ty: d::Type,
    /// Full name (without leading dot) of the message or enum type.
    pub type_name: Option<Arc<str>>,
    pub packed: bool,
    pub is_extension: bool,
    /// Retention is SOURCE.
    pub source_retention: bool,
    /// `required`, or `field_presence = LEGACY_REQUIRED` under editions.
    pub required: bool,
    /// A singular field without presence: its zero value is not written.
    pub implicit_presence: bool,
    pub oneof_index: Option<i32>,
}

impl FieldInfo {
    pub fn is_message(&self) -> bool {
        matches!(self.ty, d::Type::Message | d::Type::Group)
    }
}

impl Val {
    /// The field's default (zero, false, empty), which implicit presence leaves out.
    pub fn is_zero(&self) -> bool {
        match self {
            Val::Varint(v) | Val::Fixed64(v) => *v == 0,
            Val::Fixed32(v) => *v == 0,
            Val::Len(b) => b.is_empty(),
            Val::Group(_) => false,
        }
    }
}

pub fn field_meta(pool: &Pool, sym: &Symbol, full_name: &str) -> FieldMeta {
    let f = pool.field(sym);
    let file = &pool.files[sym.file];
    let ty = f.r#type.unwrap_or(d::Type::Message);
    let repeated = f.label == Some(d::Label::Repeated);
    let scalar = !matches!(
        ty,
        d::Type::Message | d::Type::Group | d::Type::String | d::Type::Bytes
    );
    let packed_opt = f
        .options
        .as_deref()
        .and_then(|o| find_varint(o, crate::descriptor::tags::FIELD_OPTIONS_PACKED))
        .map(|v| v != 0);
    let packed = repeated
        && scalar
        && match packed_opt {
            Some(p) => p,
            None => match file.syntax {
                crate::syntax::Syntax::Proto2 => false,
                crate::syntax::Syntax::Proto3 => true,
                crate::syntax::Syntax::Editions => {
                    crate::semantic::features::field_is_packed(pool, sym)
                }
            },
        };
    let source_retention = f
        .options
        .as_deref()
        .and_then(|o| find_varint(o, crate::descriptor::tags::FIELD_OPTIONS_RETENTION))
        == Some(crate::descriptor::tags::RETENTION_SOURCE);
    let ty = if ty == d::Type::Message && crate::semantic::features::is_delimited(pool, sym) {
        d::Type::Group
    } else {
        ty
    };
    FieldMeta(Arc::new(FieldInfo {
        name: f.name.as_deref().unwrap_or_default().into(),
        full_name: full_name.into(),
        number: f.number.unwrap_or(0),
        repeated,
        ty,
        type_name: f
            .type_name
            .as_deref()
            .map(|t| t.trim_start_matches('.').into()),
        packed,
        is_extension: f.extendee.is_some(),
        source_retention,
        implicit_presence: !repeated
            && f.extendee.is_none()
            && !in_map_entry(pool, full_name)
            && f.oneof_index.is_none()
            && !matches!(ty, d::Type::Message | d::Type::Group)
            && match file.syntax {
                crate::syntax::Syntax::Proto3 => true,
                crate::syntax::Syntax::Editions => {
                    crate::semantic::features::field_feature(
                        pool,
                        sym,
                        crate::semantic::features::FEATURE_FIELD_PRESENCE,
                    ) == 2
                }
                crate::syntax::Syntax::Proto2 => false,
            },
        oneof_index: if f.extendee.is_none() && f.proto3_optional != Some(true) {
            f.oneof_index
        } else {
            None
        },
        required: f.label == Some(d::Label::Required)
            || (file.syntax == crate::syntax::Syntax::Editions
                && crate::semantic::features::field_feature(
                    pool,
                    sym,
                    crate::semantic::features::FEATURE_FIELD_PRESENCE,
                ) == 3),
    }))
}

/// Whether the field `full_name` belongs to a map entry, whose key and value
/// are written whenever they are set, even to zero.
fn in_map_entry(pool: &Pool, full_name: &str) -> bool {
    full_name
        .rsplit_once('.')
        .is_some_and(|(parent, _)| is_map_entry(pool, parent))
}

/// Whether `msg_full` is the entry message of a map field.
pub fn is_map_entry(pool: &Pool, msg_full: &str) -> bool {
    pool.symbols
        .get(msg_full)
        .filter(|s| s.kind == SymKind::Message)
        .and_then(|s| pool.message(s).options.as_deref())
        .and_then(|o| find_varint(o, crate::descriptor::tags::MESSAGE_OPTIONS_MAP_ENTRY))
        == Some(1)
}

/// Whether a field is a map: repeated, of a map entry type.
pub fn is_map_field(pool: &Pool, meta: &FieldMeta) -> bool {
    meta.repeated
        && meta
            .type_name
            .as_deref()
            .is_some_and(|t| is_map_entry(pool, t))
}

/// The zero value of a field's type, encoded.
pub fn zero_val(meta: &FieldMeta) -> Val {
    use d::Type::*;
    match meta.ty {
        Double | Fixed64 | Sfixed64 => Val::Fixed64(0),
        Float | Fixed32 | Sfixed32 => Val::Fixed32(0),
        String | Bytes | Message => Val::Len(Vec::new()),
        Group => Val::Group(Vec::new()),
        _ => Val::Varint(0),
    }
}

/// The fields of message `msg_full` (no leading dot) found by name.
pub fn find_field(pool: &Pool, msg_full: &str, name: &str) -> Option<FieldMeta> {
    if let Some(fields) = cached_fields(pool, msg_full) {
        return fields
            .iter()
            .find(|f| f.name.as_deref() == Some(name))
            .and_then(|f| f.meta.clone());
    }
    find_field_uncached(pool, msg_full, name)
}

fn find_field_uncached(pool: &Pool, msg_full: &str, name: &str) -> Option<FieldMeta> {
    let full = format!("{msg_full}.{name}");
    let sym = pool.symbols.get(full.as_str())?;
    if sym.kind != SymKind::Field {
        return None;
    }
    Some(field_meta(pool, sym, &full))
}

pub fn find_field_by_number(pool: &Pool, msg_full: &str, number: i32) -> Option<FieldMeta> {
    if let Some(fields) = cached_fields(pool, msg_full) {
        return fields
            .iter()
            .find(|f| f.number == Some(number))
            .and_then(|f| f.meta.clone());
    }
    let sym = pool.symbols.get(msg_full)?;
    if sym.kind != SymKind::Message {
        return None;
    }
    let m = pool.message(sym);
    let f = m.field.iter().find(|f| f.number == Some(number))?;
    find_field_uncached(pool, msg_full, f.name.as_deref()?)
}

/// All fields of a message, for lookups by group type name.
pub fn fields_of(pool: &Pool, msg_full: &str) -> Vec<FieldMeta> {
    if let Some(fields) = cached_fields(pool, msg_full) {
        return fields.iter().filter_map(|f| f.meta.clone()).collect();
    }
    let Some(sym) = pool.symbols.get(msg_full) else {
        return vec![];
    };
    if sym.kind != SymKind::Message {
        return vec![];
    }
    let m = pool.message(sym);
    m.field
        .iter()
        .filter_map(|f| find_field_uncached(pool, msg_full, f.name.as_deref()?))
        .collect()
}

/// Whether message `msg_full` has a required field (or one whose features
/// make it required).
pub fn has_required_fields(pool: &Pool, msg_full: &str) -> bool {
    match cached_fields(pool, msg_full) {
        Some(fields) => fields
            .iter()
            .any(|f| f.meta.as_ref().is_some_and(|m| m.required)),
        None => fields_of(pool, msg_full).iter().any(|f| f.required),
    }
}

/// The metadata of the field (or extension) `sym`, named `full_name`.
pub fn meta_of(pool: &Pool, sym: &Symbol, full_name: &str) -> FieldMeta {
    if !pool.is_frozen(sym.file) {
        return field_meta(pool, sym, full_name);
    }
    if let Some(m) = with_cache(pool, |c| c.by_name.get(full_name).cloned()) {
        return m;
    }
    let m = field_meta(pool, sym, full_name);
    with_cache(pool, |c| c.by_name.insert(full_name.into(), m.clone()));
    m
}

/// What one thread has cached about one pool: only the files of a pool
/// that no longer change are cached (every file but the one being
/// compiled: see [`Pool::is_frozen`]), under the pool's `cache_id`. The
/// caches are per thread, so threads reading one pool share no counters.
#[derive(Default)]
struct Cached {
    /// A message's fields in declaration order, by the message's full name.
    messages: FxHashMap<Box<str>, Rc<[CachedField]>>,
    /// Fields and extensions found through their symbol, by full name.
    by_name: FxHashMap<Box<str>, FieldMeta>,
}

/// One field of a cached message, as its descriptor gives it.
struct CachedField {
    name: Option<Box<str>>,
    number: Option<i32>,
    /// None where the name finds no field symbol.
    meta: Option<FieldMeta>,
}

/// How many pools a thread keeps caches for (a compilation and the
/// reference pool, in practice).
const POOLS_CACHED: usize = 4;

thread_local! {
    static CACHES: RefCell<Vec<(u64, Cached)>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` on this thread's cache for `pool`. `f` must not reenter.
fn with_cache<R>(pool: &Pool, f: impl FnOnce(&mut Cached) -> R) -> R {
    CACHES.with(|caches| {
        let mut caches = caches.borrow_mut();
        let at = match caches.iter().position(|(id, _)| *id == pool.cache_id.get()) {
            Some(at) => at,
            None => {
                if caches.len() == POOLS_CACHED {
                    caches.remove(0);
                }
                caches.push((pool.cache_id.get(), Cached::default()));
                caches.len() - 1
            }
        };
        f(&mut caches[at].1)
    })
}

/// The fields of message `msg_full` from the cache, computed on first use;
/// None when it is no message or lives in the file being compiled.
fn cached_fields(pool: &Pool, msg_full: &str) -> Option<Rc<[CachedField]>> {
    if let Some(fields) = with_cache(pool, |c| c.messages.get(msg_full).cloned()) {
        return Some(fields);
    }
    let sym = pool.symbols.get(msg_full)?;
    if sym.kind != SymKind::Message || !pool.is_frozen(sym.file) {
        return None;
    }
    let fields: Rc<[CachedField]> = pool
        .message(sym)
        .field
        .iter()
        .map(|f| CachedField {
            name: f.name.as_deref().map(Into::into),
            number: f.number,
            meta: f
                .name
                .as_deref()
                .and_then(|n| find_field_uncached(pool, msg_full, n)),
        })
        .collect();
    with_cache(pool, |c| c.messages.insert(msg_full.into(), fields.clone()));
    Some(fields)
}

/// One value of a field, encoded without its tag.
#[derive(Clone, Debug)]
pub enum Val {
    Varint(u64),
    Fixed32(u32),
    Fixed64(u64),
    /// A length-delimited payload (string, bytes, or a serialized message).
    Len(Vec<u8>),
    /// A group's contents.
    Group(Vec<u8>),
}

/// A message under construction: values by field number.
#[derive(Default, Debug)]
pub struct DynMessage {
    pub fields: BTreeMap<i32, (FieldMeta, Vec<Val>)>,
    /// Extensions are written as MessageSet items (`message_set_wire_format`).
    pub message_set: bool,
    /// Fields set to a zero value that implicit presence does not write.
    pub zeros: Vec<i32>,
    /// Oneof members set so far: (oneof index, field name).
    pub oneofs: Vec<(i32, String)>,
}

impl DynMessage {
    pub fn push(&mut self, meta: &FieldMeta, v: Val) {
        self.fields
            .entry(meta.number)
            .or_insert_with(|| (meta.clone(), Vec::new()))
            .1
            .push(v);
    }
    pub fn has(&self, number: i32) -> bool {
        self.fields.contains_key(&number)
    }
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for (num, (meta, vals)) in &self.fields {
            let num = *num as u32;
            if meta.packed && !vals.is_empty() {
                let mut body = Vec::new();
                for v in vals {
                    match v {
                        Val::Varint(x) => put_varint(&mut body, *x),
                        Val::Fixed32(x) => body.extend_from_slice(&x.to_le_bytes()),
                        Val::Fixed64(x) => body.extend_from_slice(&x.to_le_bytes()),
                        _ => {}
                    }
                }
                put_bytes(&mut out, num, &body);
                continue;
            }
            for v in vals {
                match v {
                    Val::Len(b) if self.message_set && meta.is_extension => {
                        // MessageSet item: group 1 { type_id = 2; message = 3 }.
                        put_tag(&mut out, 1, START_GROUP);
                        put_tag(&mut out, 2, VARINT);
                        put_varint(&mut out, num as u64);
                        put_bytes(&mut out, 3, b);
                        put_tag(&mut out, 1, END_GROUP);
                    }
                    _ => encode_val(&mut out, num, v),
                }
            }
        }
        out
    }
}

/// Whether the message `msg_full` uses `message_set_wire_format`.
pub fn is_message_set(pool: &Pool, msg_full: &str) -> bool {
    pool.symbols
        .get(msg_full)
        .filter(|s| s.kind == SymKind::Message)
        .is_some_and(|s| {
            pool.message(s).options.as_deref().and_then(|o| {
                find_varint(
                    o,
                    crate::descriptor::tags::MESSAGE_OPTIONS_MESSAGE_SET_WIRE_FORMAT,
                )
            }) == Some(1)
        })
}

pub fn encode_val(out: &mut Vec<u8>, num: u32, v: &Val) {
    match v {
        Val::Varint(x) => {
            put_tag(out, num, VARINT);
            put_varint(out, *x);
        }
        Val::Fixed32(x) => {
            put_tag(out, num, FIXED32);
            out.extend_from_slice(&x.to_le_bytes());
        }
        Val::Fixed64(x) => {
            put_tag(out, num, FIXED64);
            out.extend_from_slice(&x.to_le_bytes());
        }
        Val::Len(b) => put_bytes(out, num, b),
        Val::Group(b) => {
            put_tag(out, num, START_GROUP);
            out.extend_from_slice(b);
            put_tag(out, num, END_GROUP);
        }
    }
}

/// Rewrites an encoded message as protoc does when it re-parses interpreted
/// options with every extension of the pool known: fields (and extensions)
/// merged and written in field-number order, packed where the field is,
/// anything unrecognized after them in the order it came.
pub fn canonicalize(pool: &Pool, msg_full: &str, input: &[u8]) -> Vec<u8> {
    let mut known: BTreeMap<i32, (FieldMeta, Vec<Val>)> = BTreeMap::new();
    let mut unknown = Vec::new();
    let mut r = wire::Reader::new(input);
    while !r.done() {
        let start = r.pos;
        let Some((n, wt, v)) = r.field() else { break };
        let meta = find_field_by_number(pool, msg_full, n as i32)
            .or_else(|| extension_by_number(pool, msg_full, n as i32));
        let Some(meta) = meta.filter(|m| wire_type_ok(m, wt)) else {
            unknown.extend_from_slice(&input[start..r.pos]);
            continue;
        };
        let val = match wt {
            VARINT => Val::Varint(wire::Reader::new(v).varint().unwrap_or(0)),
            FIXED32 => Val::Fixed32(u32::from_le_bytes(v.try_into().unwrap_or([0; 4]))),
            FIXED64 => Val::Fixed64(u64::from_le_bytes(v.try_into().unwrap_or([0; 8]))),
            START_GROUP => Val::Group(v.to_vec()),
            _ => Val::Len(v.to_vec()),
        };
        let entry = known
            .entry(n as i32)
            .or_insert_with(|| (meta.clone(), Vec::new()));
        if meta.repeated {
            if wt == LEN && !matches!(meta.ty, d::Type::String | d::Type::Bytes | d::Type::Message)
            {
                // A packed run of scalars.
                let mut pr = wire::Reader::new(v);
                while !pr.done() {
                    let val = match meta.ty {
                        d::Type::Fixed32 | d::Type::Sfixed32 | d::Type::Float => Val::Fixed32(
                            u32::from_le_bytes(pr.take(4).unwrap_or(&[0; 4]).try_into().unwrap()),
                        ),
                        d::Type::Fixed64 | d::Type::Sfixed64 | d::Type::Double => Val::Fixed64(
                            u64::from_le_bytes(pr.take(8).unwrap_or(&[0; 8]).try_into().unwrap()),
                        ),
                        _ => Val::Varint(pr.varint().unwrap_or(0)),
                    };
                    entry.1.push(val);
                }
            } else {
                entry.1.push(val);
            }
        } else if meta.is_message() {
            // Singular messages merge: concatenated encodings parse as a merge.
            match (entry.1.first_mut(), val) {
                (Some(Val::Len(acc)), Val::Len(b)) => acc.extend_from_slice(&b),
                (Some(Val::Group(acc)), Val::Group(b)) => acc.extend_from_slice(&b),
                (_, val) => entry.1 = vec![val],
            }
        } else {
            entry.1 = vec![val];
        }
    }
    let mut out = Vec::new();
    for (num, (meta, vals)) in &known {
        let num = *num as u32;
        if meta.packed && !vals.is_empty() {
            let mut m = DynMessage::default();
            for v in vals {
                m.push(meta, v.clone());
            }
            out.extend(m.encode());
            continue;
        }
        for v in vals {
            if meta.is_message() {
                let sub = meta.type_name.clone().unwrap_or_default();
                match v {
                    Val::Len(b) => put_bytes(&mut out, num, &canonicalize(pool, &sub, b)),
                    Val::Group(b) => {
                        encode_val(&mut out, num, &Val::Group(canonicalize(pool, &sub, b)))
                    }
                    other => encode_val(&mut out, num, other),
                }
            } else if !(meta.implicit_presence && v.is_zero()) {
                // A zero in a field without presence does not survive the
                // parse: it is the same as unset.
                encode_val(&mut out, num, v);
            }
        }
    }
    out.extend_from_slice(&unknown);
    out
}

/// An extension of `msg_full` by number, among all extensions in the pool.
pub fn extension_by_number(pool: &Pool, msg_full: &str, number: i32) -> Option<FieldMeta> {
    extension_by_number_until(pool, msg_full, number, usize::MAX)
}

/// Like [`extension_by_number`], among the extensions of the files up to
/// pool index `last_file` (what the pool had when that file was compiled).
pub fn extension_by_number_until(
    pool: &Pool,
    msg_full: &str,
    number: i32,
    last_file: usize,
) -> Option<FieldMeta> {
    let name = pool.extensions.get(&(msg_full.to_string(), number))?;
    let sym = pool.symbols.get(name.as_str())?;
    (sym.file <= last_file).then(|| meta_of(pool, sym, name))
}

fn wire_type_ok(m: &FieldMeta, wt: u32) -> bool {
    use d::Type::*;
    match m.ty {
        Group => wt == START_GROUP,
        Message | String | Bytes => wt == LEN,
        Fixed32 | Sfixed32 | Float => wt == FIXED32 || (m.repeated && wt == LEN),
        Fixed64 | Sfixed64 | Double => wt == FIXED64 || (m.repeated && wt == LEN),
        _ => wt == VARINT || (m.repeated && wt == LEN),
    }
}

/// Encodes an integer for a field of type `ty`.
pub fn scalar_val(ty: d::Type, x: u64) -> Val {
    use d::Type::*;
    match ty {
        Sint32 => Val::Varint((((x as i32) << 1) ^ ((x as i32) >> 31)) as u32 as u64),
        Sint64 => Val::Varint((((x as i64) << 1) ^ ((x as i64) >> 63)) as u64),
        Sfixed32 | Fixed32 => Val::Fixed32(x as u32),
        Sfixed64 | Fixed64 => Val::Fixed64(x),
        Int32 => Val::Varint(x as i32 as i64 as u64),
        Uint32 => Val::Varint(x as u32 as u64),
        _ => Val::Varint(x),
    }
}
