//! Binary messages read against a type of the pool and printed in the
//! protobuf text format, as protoc's `--decode` and `--decode_raw` print
//! them: known fields in field-number order, then unknown fields in the
//! order they came, map entries sorted by key.

use std::collections::BTreeMap;

use crate::descriptor::wire::{self, Reader};
use crate::descriptor::{self as d};
use crate::semantic::dynamic::{extension_by_number, find_field_by_number, FieldMeta};
use crate::semantic::features::{feature_at, FEATURE_ENUM_TYPE, FEATURE_UTF8_VALIDATION};
use crate::semantic::pool::{Pool, SymKind};
use crate::semantic::text::{c_escape, simple_dtoa, simple_ftoa};

/// How deep messages may nest before the input is refused, as protoc refuses it.
const RECURSION_LIMIT: usize = 100;
/// How deep unknown length-delimited fields are tried as messages.
const UNKNOWN_RECURSION_BUDGET: usize = 10;

/// The input is not a valid encoding of the message.
#[derive(Debug)]
pub struct ParseFailure;

type R<T> = Result<T, ParseFailure>;

/// One field value, decoded.
enum Value {
    Signed(i64),
    Unsigned(u64),
    Bool(bool),
    Float(f32),
    Double(f64),
    Enum(i32),
    Bytes(Vec<u8>),
    Message(Message),
}

/// A field whose number the message does not know (or whose wire type does not match).
enum Unknown {
    Varint(u64),
    Fixed32(u32),
    Fixed64(u64),
    Len(Vec<u8>),
    Group(Vec<(u32, Unknown)>),
}

struct Known {
    meta: FieldMeta,
    values: Vec<Value>,
    /// Singular message fields merge every occurrence; their bytes are kept
    /// until the whole message is read.
    pending: Vec<u8>,
}

#[derive(Default)]
struct Message {
    known: BTreeMap<i32, Known>,
    unknown: Vec<(u32, Unknown)>,
}

struct Reading<'a> {
    pool: &'a Pool,
}

impl Reading<'_> {
    fn message(&self, msg_type: &str, bytes: &[u8], depth: usize) -> R<Message> {
        if depth > RECURSION_LIMIT {
            return Err(ParseFailure);
        }
        let mut m = Message::default();
        let mut r = Reader::new(bytes);
        while !r.done() {
            let (number, wt, raw) = r.field().ok_or(ParseFailure)?;
            if number == 0 || wt == wire::END_GROUP {
                return Err(ParseFailure);
            }
            let meta = find_field_by_number(self.pool, msg_type, number as i32)
                .or_else(|| extension_by_number(self.pool, msg_type, number as i32));
            let Some(meta) = meta.filter(|meta| wire_type_fits(meta, wt)) else {
                m.unknown.push((number, unknown(wt, raw, depth)?));
                continue;
            };
            self.known(&mut m, meta, wt, raw, depth)?;
        }
        // Singular messages: every occurrence merged, read as one.
        for k in m.known.values_mut() {
            if k.meta.is_message() && !k.meta.repeated {
                let ty = k.meta.type_name.clone().unwrap_or_default();
                let bytes = std::mem::take(&mut k.pending);
                k.values = vec![Value::Message(self.message(&ty, &bytes, depth + 1)?)];
            }
        }
        // A field without presence that holds its zero value is not set.
        m.known
            .retain(|_, k| !(k.meta.implicit_presence && k.values.last().is_some_and(is_zero)));
        Ok(m)
    }

    fn known(&self, m: &mut Message, meta: FieldMeta, wt: u32, raw: &[u8], depth: usize) -> R<()> {
        let number = meta.number;
        if let Some(oneof) = meta.oneof_index.filter(|_| !meta.is_extension) {
            // Setting one member of a oneof clears the others.
            m.known.retain(|&n, k| {
                n == number || k.meta.oneof_index != Some(oneof) || k.meta.is_extension
            });
        }
        let closed_enum = meta.ty == d::Type::Enum && self.enum_is_closed(&meta);
        let mut values = Vec::new();
        if wt == wire::LEN && is_packable(meta.ty) {
            let mut r = Reader::new(raw);
            while !r.done() {
                values.push(scalar(&meta, &mut r)?);
            }
        } else if meta.is_message() {
            let entry = m.known.entry(number).or_insert_with(|| Known {
                meta: meta.clone(),
                values: Vec::new(),
                pending: Vec::new(),
            });
            if meta.repeated {
                let ty = meta.type_name.clone().unwrap_or_default();
                entry
                    .values
                    .push(Value::Message(self.message(&ty, raw, depth + 1)?));
            } else {
                entry.pending.extend_from_slice(raw);
            }
            return Ok(());
        } else if wt == wire::LEN {
            if meta.ty == d::Type::String
                && self.verifies_utf8(&meta)
                && std::str::from_utf8(raw).is_err()
            {
                return Err(ParseFailure);
            }
            values.push(Value::Bytes(raw.to_vec()));
        } else {
            values.push(scalar(&meta, &mut Reader::new(raw))?);
        }
        for v in values {
            if let (true, Value::Enum(e)) = (closed_enum, &v) {
                if !self.enum_has(&meta, *e) {
                    m.unknown
                        .push((number as u32, Unknown::Varint(*e as i64 as u64)));
                    continue;
                }
            }
            let entry = m.known.entry(number).or_insert_with(|| Known {
                meta: meta.clone(),
                values: Vec::new(),
                pending: Vec::new(),
            });
            if !meta.repeated {
                entry.values.clear();
            }
            entry.values.push(v);
        }
        Ok(())
    }

    fn enum_is_closed(&self, meta: &FieldMeta) -> bool {
        let Some(sym) = meta
            .type_name
            .as_deref()
            .and_then(|t| self.pool.symbols.get(t))
        else {
            return false;
        };
        feature_at(self.pool, sym.file, &sym.path, FEATURE_ENUM_TYPE) == 2
    }

    fn enum_has(&self, meta: &FieldMeta, n: i32) -> bool {
        self.enum_value_name(meta, n).is_some()
    }

    fn enum_value_name(&self, meta: &FieldMeta, n: i32) -> Option<String> {
        let sym = self.pool.symbols.get(meta.type_name.as_deref()?)?;
        if sym.kind != SymKind::Enum {
            return None;
        }
        self.pool
            .enum_type(sym)
            .value
            .iter()
            .find(|v| v.number == Some(n))
            .and_then(|v| v.name.clone())
    }

    fn verifies_utf8(&self, meta: &FieldMeta) -> bool {
        let Some(sym) = self.pool.symbols.get(&*meta.full_name) else {
            return false;
        };
        feature_at(self.pool, sym.file, &sym.path, FEATURE_UTF8_VALIDATION) == 2
    }

    fn is_map(&self, meta: &FieldMeta) -> bool {
        crate::semantic::dynamic::is_map_field(self.pool, meta)
    }

    /// A group written the proto2 way prints under its type's name.
    fn printed_name(&self, meta: &FieldMeta) -> String {
        if meta.is_extension {
            return format!("[{}]", meta.full_name);
        }
        if meta.ty == d::Type::Group {
            if let Some(t) = &meta.type_name {
                let short = t.rsplit('.').next().unwrap_or(t);
                let scope = meta
                    .full_name
                    .rsplit_once('.')
                    .map(|(s, _)| s)
                    .unwrap_or("");
                let type_scope = t.rsplit_once('.').map(|(s, _)| s).unwrap_or("");
                let same_file = self.pool.symbols.get(&*meta.full_name).map(|s| s.file)
                    == self.pool.symbols.get(&**t).map(|s| s.file);
                if short.to_ascii_lowercase() == *meta.name && scope == type_scope && same_file {
                    return short.to_string();
                }
            }
        }
        meta.name.to_string()
    }
}

fn is_zero(v: &Value) -> bool {
    match v {
        Value::Signed(x) => *x == 0,
        Value::Unsigned(x) => *x == 0,
        Value::Bool(b) => !b,
        Value::Float(f) => f.to_bits() == 0,
        Value::Double(f) => f.to_bits() == 0,
        Value::Enum(e) => *e == 0,
        Value::Bytes(b) => b.is_empty(),
        Value::Message(_) => false,
    }
}

fn is_packable(ty: d::Type) -> bool {
    !matches!(
        ty,
        d::Type::String | d::Type::Bytes | d::Type::Message | d::Type::Group
    )
}

/// Whether a field of this type may arrive with this wire type.
fn wire_type_fits(meta: &FieldMeta, wt: u32) -> bool {
    use d::Type::*;
    let expected = match meta.ty {
        Double | Fixed64 | Sfixed64 => wire::FIXED64,
        Float | Fixed32 | Sfixed32 => wire::FIXED32,
        String | Bytes | Message => wire::LEN,
        Group => wire::START_GROUP,
        _ => wire::VARINT,
    };
    wt == expected || (meta.repeated && wt == wire::LEN && is_packable(meta.ty))
}

fn scalar(meta: &FieldMeta, r: &mut Reader) -> R<Value> {
    use d::Type::*;
    let fixed32 = |r: &mut Reader| -> R<u32> {
        Ok(u32::from_le_bytes(
            r.take(4).ok_or(ParseFailure)?.try_into().unwrap(),
        ))
    };
    let fixed64 = |r: &mut Reader| -> R<u64> {
        Ok(u64::from_le_bytes(
            r.take(8).ok_or(ParseFailure)?.try_into().unwrap(),
        ))
    };
    Ok(match meta.ty {
        Double => Value::Double(f64::from_bits(fixed64(r)?)),
        Float => Value::Float(f32::from_bits(fixed32(r)?)),
        Fixed64 => Value::Unsigned(fixed64(r)?),
        Sfixed64 => Value::Signed(fixed64(r)? as i64),
        Fixed32 => Value::Unsigned(fixed32(r)? as u64),
        Sfixed32 => Value::Signed(fixed32(r)? as i32 as i64),
        _ => {
            let v = r.varint().ok_or(ParseFailure)?;
            match meta.ty {
                Int64 => Value::Signed(v as i64),
                Int32 => Value::Signed(v as i32 as i64),
                Uint64 => Value::Unsigned(v),
                Uint32 => Value::Unsigned(v as u32 as u64),
                Sint32 => Value::Signed(((v as u32 >> 1) as i32 ^ -((v & 1) as i32)) as i64),
                Sint64 => Value::Signed((v >> 1) as i64 ^ -((v & 1) as i64)),
                Bool => Value::Bool(v != 0),
                Enum => Value::Enum(v as i32),
                _ => return Err(ParseFailure),
            }
        }
    })
}

fn unknown(wt: u32, raw: &[u8], depth: usize) -> R<Unknown> {
    Ok(match wt {
        wire::VARINT => Unknown::Varint(Reader::new(raw).varint().ok_or(ParseFailure)?),
        wire::FIXED32 => Unknown::Fixed32(u32::from_le_bytes(
            raw.try_into().map_err(|_| ParseFailure)?,
        )),
        wire::FIXED64 => Unknown::Fixed64(u64::from_le_bytes(
            raw.try_into().map_err(|_| ParseFailure)?,
        )),
        wire::LEN => Unknown::Len(raw.to_vec()),
        wire::START_GROUP => Unknown::Group(unknown_fields(raw, depth + 1)?),
        _ => return Err(ParseFailure),
    })
}

/// Reads bytes as fields of no known type.
fn unknown_fields(bytes: &[u8], depth: usize) -> R<Vec<(u32, Unknown)>> {
    if depth > RECURSION_LIMIT {
        return Err(ParseFailure);
    }
    let mut out = Vec::new();
    let mut r = Reader::new(bytes);
    while !r.done() {
        let (n, wt, raw) = r.field().ok_or(ParseFailure)?;
        if n == 0 || wt == wire::END_GROUP {
            return Err(ParseFailure);
        }
        out.push((n, unknown(wt, raw, depth)?));
    }
    Ok(out)
}

/// Prints `bytes` as a `msg_type` message of `pool`; `Err` if they are not one.
pub fn print_message(pool: &Pool, msg_type: &str, bytes: &[u8]) -> R<String> {
    let reading = Reading { pool };
    let m = reading.message(msg_type, bytes, 0)?;
    let mut p = Printer {
        out: String::new(),
        indent: 0,
        reading: &reading,
    };
    p.message(&m);
    Ok(p.out)
}

/// Prints any message by field number, as `--decode_raw` does.
pub fn print_raw(bytes: &[u8]) -> R<String> {
    let fields = unknown_fields(bytes, 0)?;
    let pool = Pool::default();
    let reading = Reading { pool: &pool };
    let mut p = Printer {
        out: String::new(),
        indent: 0,
        reading: &reading,
    };
    p.unknown(&fields, UNKNOWN_RECURSION_BUDGET);
    Ok(p.out)
}

/// Which required fields a message lacks, as paths (`a.b`, `c[1].d`).
pub fn missing_required(pool: &Pool, msg_type: &str, bytes: &[u8]) -> Vec<String> {
    fn walk(reading: &Reading, msg_type: &str, m: &Message, prefix: &str, out: &mut Vec<String>) {
        for f in crate::semantic::dynamic::fields_of(reading.pool, msg_type) {
            if f.required && !m.known.contains_key(&f.number) {
                out.push(format!("{prefix}{}", f.name));
            }
        }
        for k in m.known.values() {
            let ty = k.meta.type_name.clone().unwrap_or_default();
            let name = if k.meta.is_extension {
                format!("({})", k.meta.full_name)
            } else {
                k.meta.name.to_string()
            };
            for (i, v) in k.values.iter().enumerate() {
                if let Value::Message(sub) = v {
                    let p = if k.meta.repeated {
                        format!("{prefix}{name}[{i}].")
                    } else {
                        format!("{prefix}{name}.")
                    };
                    walk(reading, &ty, sub, &p, out);
                }
            }
        }
    }
    let reading = Reading { pool };
    let mut out = Vec::new();
    if let Ok(m) = reading.message(msg_type, bytes, 0) {
        walk(&reading, msg_type, &m, "", &mut out);
    }
    out
}

struct Printer<'a, 'p> {
    out: String,
    indent: usize,
    reading: &'a Reading<'p>,
}

impl Printer<'_, '_> {
    fn line_start(&mut self) {
        for _ in 0..self.indent {
            self.out.push_str("  ");
        }
    }

    fn message(&mut self, m: &Message) {
        for k in m.known.values() {
            self.field(k);
        }
        self.unknown(&m.unknown, UNKNOWN_RECURSION_BUDGET);
    }

    fn field(&mut self, k: &Known) {
        let name = self.reading.printed_name(&k.meta);
        let mut order: Vec<usize> = (0..k.values.len()).collect();
        if self.reading.is_map(&k.meta) {
            let entry_type = k.meta.type_name.clone().unwrap_or_default();
            let unset = find_field_by_number(self.reading.pool, &entry_type, 1)
                .map(|key| map_key_of(Some(&default_value(&key))))
                .unwrap_or(MapKey::Unsigned(0));
            let key = |i: usize| match &k.values[i] {
                Value::Message(e) => e
                    .known
                    .get(&1)
                    .map(|f| map_key_of(f.values.last()))
                    .unwrap_or_else(|| unset.clone()),
                _ => unset.clone(),
            };
            order.sort_by_key(|&i| key(i));
        }
        for i in order {
            self.line_start();
            self.out.push_str(&name);
            match &k.values[i] {
                Value::Message(sub) => {
                    self.out.push_str(" {\n");
                    self.indent += 1;
                    if self.reading.is_map(&k.meta) {
                        self.map_entry(&k.meta, sub);
                    } else {
                        self.message(sub);
                    }
                    self.indent -= 1;
                    self.line_start();
                    self.out.push_str("}\n");
                }
                v => {
                    self.out.push_str(": ");
                    self.value(&k.meta, v);
                    self.out.push('\n');
                }
            }
        }
    }

    /// A map entry prints its key and value even when they are unset.
    fn map_entry(&mut self, map: &FieldMeta, entry: &Message) {
        let ty = map.type_name.clone().unwrap_or_default();
        for number in [1, 2] {
            let Some(meta) = find_field_by_number(self.reading.pool, &ty, number) else {
                continue;
            };
            match entry.known.get(&number) {
                Some(k) => self.field(k),
                None => {
                    let v = default_value(&meta);
                    let k = Known {
                        meta,
                        values: vec![v],
                        pending: Vec::new(),
                    };
                    self.field(&k);
                }
            }
        }
        self.unknown(&entry.unknown, UNKNOWN_RECURSION_BUDGET);
    }

    fn value(&mut self, meta: &FieldMeta, v: &Value) {
        match v {
            Value::Signed(x) => self.out.push_str(&x.to_string()),
            Value::Unsigned(x) => self.out.push_str(&x.to_string()),
            Value::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Value::Float(f) => self.out.push_str(&if f.is_nan() {
                "nan".into()
            } else {
                simple_ftoa(*f)
            }),
            Value::Double(f) => self.out.push_str(&if f.is_nan() {
                "nan".into()
            } else {
                simple_dtoa(*f)
            }),
            Value::Enum(e) => {
                let name = self
                    .reading
                    .enum_value_name(meta, *e)
                    .unwrap_or_else(|| e.to_string());
                self.out.push_str(&name);
            }
            Value::Bytes(b) => {
                self.out.push('"');
                self.out.push_str(&c_escape(b));
                self.out.push('"');
            }
            Value::Message(_) => {}
        }
    }

    fn unknown(&mut self, fields: &[(u32, Unknown)], budget: usize) {
        for (n, f) in fields {
            self.line_start();
            self.out.push_str(&n.to_string());
            match f {
                Unknown::Varint(v) => self.out.push_str(&format!(": {v}\n")),
                Unknown::Fixed32(v) => self.out.push_str(&format!(": 0x{v:08x}\n")),
                Unknown::Fixed64(v) => self.out.push_str(&format!(": 0x{v:016x}\n")),
                Unknown::Len(bytes) => {
                    let nested = (!bytes.is_empty() && budget > 0)
                        .then(|| unknown_fields(bytes, RECURSION_LIMIT + 1 - budget).ok())
                        .flatten();
                    match nested {
                        Some(inner) => {
                            self.out.push_str(" {\n");
                            self.indent += 1;
                            self.unknown(&inner, budget - 1);
                            self.indent -= 1;
                            self.line_start();
                            self.out.push_str("}\n");
                        }
                        None => {
                            self.out.push_str(": \"");
                            self.out.push_str(&c_escape(bytes));
                            self.out.push_str("\"\n");
                        }
                    }
                }
                Unknown::Group(inner) => {
                    self.out.push_str(" {\n");
                    self.indent += 1;
                    self.unknown(inner, budget.saturating_sub(1));
                    self.indent -= 1;
                    self.line_start();
                    self.out.push_str("}\n");
                }
            }
        }
    }
}

/// The zero value of a field, for map entries that leave one out.
fn default_value(meta: &FieldMeta) -> Value {
    use d::Type::*;
    match meta.ty {
        Double => Value::Double(0.0),
        Float => Value::Float(0.0),
        Int64 | Int32 | Sint32 | Sint64 | Sfixed32 | Sfixed64 => Value::Signed(0),
        Uint64 | Uint32 | Fixed32 | Fixed64 => Value::Unsigned(0),
        Bool => Value::Bool(false),
        Enum => Value::Enum(0),
        String | Bytes => Value::Bytes(Vec::new()),
        Message | Group => Value::Message(self::Message::default()),
    }
}

/// The sort key of a map entry.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
enum MapKey {
    Signed(i64),
    Unsigned(u64),
    Bytes(Vec<u8>),
}

fn map_key_of(v: Option<&Value>) -> MapKey {
    match v {
        Some(Value::Signed(x)) => MapKey::Signed(*x),
        Some(Value::Bool(b)) => MapKey::Unsigned(*b as u64),
        Some(Value::Bytes(b)) => MapKey::Bytes(b.clone()),
        Some(Value::Unsigned(x)) => MapKey::Unsigned(*x),
        _ => MapKey::Unsigned(0),
    }
}
