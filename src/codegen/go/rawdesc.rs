//! The raw descriptor a `.pb.go` file embeds: the file's
//! `FileDescriptorProto` as the plugin receives it, without source
//! information, encoded again as the Go runtime encodes what it decoded.
//!
//! protoc's bytes and Go's differ only inside options. The Go plugin
//! decodes options knowing the extensions declared at the top level of
//! the request's files (and `pb.go`, which it is built with), so those are
//! fields to it, written first, in number order; the rest stay unknown and
//! go last, as they were. Known message values are written field by field
//! as Go writes each kind: generated types (descriptor.proto's, and
//! `pb.GoFeatures`) in number order; other types, decoded dynamically, in
//! the legacy order: plain fields by number, then each oneof's fields;
//! repeated values together, packed or not as the field says; map entries
//! sorted by key.

use std::collections::{HashMap, HashSet};

use crate::descriptor::wire::{put_tag, put_varint, Reader};
use crate::descriptor::FileDescriptorProto;
use crate::semantic::model::{
    Cardinality, ExtensionId, Field, FieldKind, FileId, MapValue, MessageId, Model, Scalar,
};

const VARINT: u32 = 0;
const FIXED64: u32 = 1;
const LEN: u32 = 2;
const START_GROUP: u32 = 3;
const END_GROUP: u32 = 4;
const FIXED32: u32 = 5;

/// The options messages of descriptor.proto, by the descriptor field
/// holding them.
const OPTIONS: [&str; 9] = [
    "google.protobuf.FileOptions",
    "google.protobuf.MessageOptions",
    "google.protobuf.FieldOptions",
    "google.protobuf.OneofOptions",
    "google.protobuf.EnumOptions",
    "google.protobuf.EnumValueOptions",
    "google.protobuf.ServiceOptions",
    "google.protobuf.MethodOptions",
    "google.protobuf.ExtensionRangeOptions",
];

/// A known field of a decoded message: the field (or extension), and its
/// values (wire type, encoded value) in order of appearance.
type KnownField<'m, 'b> = (&'m Field, Option<ExtensionId>, Vec<(u32, &'b [u8])>);

/// How the Go plugin reads and writes option values.
pub struct Encoder<'a> {
    model: &'a Model,
    /// The options messages, in the order of [`OPTIONS`], when
    /// descriptor.proto is among the files (without it no option can be
    /// an extension).
    options: Option<Vec<MessageId>>,
    extensions: HashMap<(MessageId, i32), ExtensionId>,
    /// Message types the Go plugin has generated code for.
    generated: HashSet<MessageId>,
}

impl<'a> Encoder<'a> {
    pub fn new(model: &'a Model, request_files: &[FileId]) -> Encoder<'a> {
        let by_name: HashMap<&str, MessageId> = (0..model.messages.len())
            .map(|i| {
                let id = MessageId(i as u32);
                (&model[model.message(id).full_name] as &str, id)
            })
            .collect();
        let options = OPTIONS
            .iter()
            .map(|n| by_name.get(n).copied())
            .collect::<Option<Vec<_>>>();
        let mut extensions = HashMap::new();
        for &f in request_files {
            for &x in &model.file(f).extensions {
                let field = model.extension(x);
                if let Some(extendee) = field.extendee {
                    extensions.entry((extendee, field.number)).or_insert(x);
                }
            }
        }
        // The Go plugin is built with the Go features.
        for i in 0..model.extensions.len() {
            let x = ExtensionId(i as u32);
            let field = model.extension(x);
            if &model[field.full_name] == "pb.go" {
                if let Some(extendee) = field.extendee {
                    extensions.entry((extendee, field.number)).or_insert(x);
                }
            }
        }
        let mut generated: HashSet<MessageId> = HashSet::new();
        for (i, m) in model.messages.iter().enumerate() {
            let file = &model[model.file(m.file).name];
            if file == "google/protobuf/descriptor.proto"
                || file == "google/protobuf/go_features.proto"
            {
                generated.insert(MessageId(i as u32));
            }
        }
        Encoder {
            model,
            options,
            extensions,
            generated,
        }
    }

    /// The embedded descriptor of `descriptor` (as protoc sends it).
    pub fn raw_descriptor(&self, descriptor: &FileDescriptorProto) -> Vec<u8> {
        let mut file = descriptor.clone();
        file.source_code_info = None;
        if let Some(options) = &self.options {
            let re = |bytes: &mut Option<Vec<u8>>, kind: usize| {
                if let Some(b) = bytes {
                    let mut out = Vec::with_capacity(b.len());
                    self.message(options[kind], b, &mut out);
                    *b = out;
                }
            };
            re(&mut file.options, 0);
            fn walk_message(
                m: &mut crate::descriptor::DescriptorProto,
                re: &dyn Fn(&mut Option<Vec<u8>>, usize),
            ) {
                re(&mut m.options, 1);
                for f in m.field.iter_mut().chain(m.extension.iter_mut()) {
                    re(&mut f.options, 2);
                }
                for o in &mut m.oneof_decl {
                    re(&mut o.options, 3);
                }
                for e in &mut m.enum_type {
                    walk_enum(e, re);
                }
                for r in &mut m.extension_range {
                    re(&mut r.options, 8);
                }
                for n in &mut m.nested_type {
                    walk_message(n, re);
                }
            }
            fn walk_enum(
                e: &mut crate::descriptor::EnumDescriptorProto,
                re: &dyn Fn(&mut Option<Vec<u8>>, usize),
            ) {
                re(&mut e.options, 4);
                for v in &mut e.value {
                    re(&mut v.options, 5);
                }
            }
            for m in &mut file.message_type {
                walk_message(m, &re);
            }
            for e in &mut file.enum_type {
                walk_enum(e, &re);
            }
            for x in &mut file.extension {
                re(&mut x.options, 2);
            }
            for s in &mut file.service {
                re(&mut s.options, 6);
                for method in &mut s.method {
                    re(&mut method.options, 7);
                }
            }
        }
        let mut out = Vec::new();
        file.encode(&mut out);
        out
    }

    /// Decodes `bytes` as message `m` and writes it again as Go would.
    fn message(&self, m: MessageId, bytes: &[u8], out: &mut Vec<u8>) {
        let model = self.model;
        let msg = model.message(m);
        // Known fields, each with its values in order of appearance.
        let mut known: Vec<KnownField> = Vec::new();
        let mut unknown: Vec<(u32, u32, &[u8])> = Vec::new();
        let mut r = Reader::new(bytes);
        while !r.done() {
            let Some((number, wt, value)) = r.field() else {
                // Undecodable bytes: the rest is kept as it is.
                unknown.push((0, u32::MAX, &bytes[r.pos.min(bytes.len())..]));
                break;
            };
            let field = msg
                .fields
                .iter()
                .map(|&f| (model.field(f), None))
                .find(|(f, _)| f.number as u32 == number)
                .or_else(|| {
                    self.extensions
                        .get(&(m, number as i32))
                        .map(|&x| (model.extension(x), Some(x)))
                });
            match field {
                Some((f, x)) if wire_fits(f, wt) && !closed_enum_unknown(model, f, wt, value) => {
                    match known
                        .iter_mut()
                        .find(|(k, _, _)| k.number == f.number && k.extendee == f.extendee)
                    {
                        Some((_, _, values)) => values.push((wt, value)),
                        None => known.push((f, x, vec![(wt, value)])),
                    }
                }
                _ => unknown.push((number, wt, value)),
            }
        }
        let dynamic = !self.generated.contains(&m);
        known.sort_by_key(|(f, x, _)| {
            let oneof = match f.oneof {
                Some((o, false)) if dynamic => {
                    1 + msg.oneofs.iter().position(|&p| p == o).unwrap_or(0) as i64
                }
                _ => 0,
            };
            (x.is_none(), oneof, f.number)
        });
        for (field, _, values) in &known {
            self.field(field, values, out);
        }
        for (number, wt, value) in unknown {
            if wt == u32::MAX {
                out.extend_from_slice(value);
                continue;
            }
            put_tag(out, number, wt);
            match wt {
                LEN => {
                    put_varint(out, value.len() as u64);
                    out.extend_from_slice(value);
                }
                START_GROUP => {
                    out.extend_from_slice(value);
                    put_tag(out, number, END_GROUP);
                }
                _ => out.extend_from_slice(value),
            }
        }
    }

    /// Writes a known field's values.
    fn field(&self, field: &Field, values: &[(u32, &[u8])], out: &mut Vec<u8>) {
        let number = field.number as u32;
        match field.kind {
            FieldKind::Map { entry, key, value } => {
                self.map(number, entry, key, value, values, out);
            }
            FieldKind::Message(m) => {
                if field.cardinality == Cardinality::Repeated {
                    for (wt, v) in values {
                        self.sub_message(number, m, *wt, v, out);
                    }
                } else {
                    // Occurrences merge: their concatenation decodes as one.
                    let (wt, _) = values[0];
                    let mut all = Vec::new();
                    for (_, v) in values {
                        all.extend_from_slice(v);
                    }
                    self.sub_message(number, m, wt, &all, out);
                }
            }
            FieldKind::Scalar(Scalar::String | Scalar::Bytes) => {
                let list: Vec<&[u8]> = values.iter().map(|(_, v)| *v).collect();
                let list = if field.cardinality == Cardinality::Repeated {
                    &list[..]
                } else {
                    &list[list.len() - 1..]
                };
                for v in list {
                    put_tag(out, number, LEN);
                    put_varint(out, v.len() as u64);
                    out.extend_from_slice(v);
                }
            }
            _ => {
                let element_wt = scalar_wire_type(field);
                let mut elements: Vec<&[u8]> = Vec::new();
                for (wt, v) in values {
                    if *wt == LEN {
                        split_packed(v, element_wt, &mut elements);
                    } else {
                        elements.push(v);
                    }
                }
                if field.cardinality != Cardinality::Repeated {
                    let last = elements[elements.len() - 1];
                    put_tag(out, number, element_wt);
                    out.extend_from_slice(last);
                } else if super::tags::is_packed(self.model, field) {
                    let len: usize = elements.iter().map(|e| e.len()).sum();
                    put_tag(out, number, LEN);
                    put_varint(out, len as u64);
                    for e in elements {
                        out.extend_from_slice(e);
                    }
                } else {
                    for e in elements {
                        put_tag(out, number, element_wt);
                        out.extend_from_slice(e);
                    }
                }
            }
        }
    }

    fn sub_message(&self, number: u32, m: MessageId, wt: u32, bytes: &[u8], out: &mut Vec<u8>) {
        let mut body = Vec::with_capacity(bytes.len());
        self.message(m, bytes, &mut body);
        if wt == START_GROUP {
            put_tag(out, number, START_GROUP);
            out.extend_from_slice(&body);
            put_tag(out, number, END_GROUP);
        } else {
            put_tag(out, number, LEN);
            put_varint(out, body.len() as u64);
            out.extend_from_slice(&body);
        }
    }

    /// Map entries, the last of each key kept, sorted by key.
    fn map(
        &self,
        number: u32,
        entry: MessageId,
        key: Scalar,
        _value: MapValue,
        values: &[(u32, &[u8])],
        out: &mut Vec<u8>,
    ) {
        let mut entries: Vec<(MapKey, Vec<u8>)> = Vec::new();
        for (_, v) in values {
            let mut body = Vec::new();
            self.message(entry, v, &mut body);
            let k = map_key(key, v);
            match entries.iter_mut().find(|(e, _)| *e == k) {
                Some(e) => e.1 = body,
                None => entries.push((k, body)),
            }
        }
        entries.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal));
        for (_, body) in entries {
            put_tag(out, number, LEN);
            put_varint(out, body.len() as u64);
            out.extend_from_slice(&body);
        }
    }
}

/// A map key, ordered as Go's deterministic encoding orders keys.
#[derive(PartialEq, PartialOrd)]
enum MapKey {
    Bool(bool),
    Int(i64),
    Uint(u64),
    Text(Vec<u8>),
}

fn map_key(key: Scalar, entry: &[u8]) -> MapKey {
    let mut raw: Option<&[u8]> = None;
    let mut r = Reader::new(entry);
    while let Some((n, _, v)) = r.field() {
        if n == 1 {
            raw = Some(v);
        }
    }
    let varint = || {
        raw.map(|v| Reader::new(v).varint().unwrap_or(0))
            .unwrap_or(0)
    };
    let fixed = |n: usize| {
        raw.map(|v| {
            let mut b = [0u8; 8];
            b[..n.min(v.len())].copy_from_slice(&v[..n.min(v.len())]);
            u64::from_le_bytes(b)
        })
        .unwrap_or(0)
    };
    match key {
        Scalar::Bool => MapKey::Bool(varint() != 0),
        Scalar::Int32 => MapKey::Int(varint() as i32 as i64),
        Scalar::Int64 => MapKey::Int(varint() as i64),
        Scalar::Sint32 | Scalar::Sint64 => {
            let v = varint();
            MapKey::Int(((v >> 1) as i64) ^ -((v & 1) as i64))
        }
        Scalar::Sfixed32 => MapKey::Int(fixed(4) as u32 as i32 as i64),
        Scalar::Sfixed64 => MapKey::Int(fixed(8) as i64),
        Scalar::Uint32 | Scalar::Uint64 => MapKey::Uint(varint()),
        Scalar::Fixed32 => MapKey::Uint(fixed(4)),
        Scalar::Fixed64 => MapKey::Uint(fixed(8)),
        _ => MapKey::Text(raw.unwrap_or(&[]).to_vec()),
    }
}

/// The wire type of one value of a scalar or enum field.
fn scalar_wire_type(field: &Field) -> u32 {
    match field.kind {
        FieldKind::Scalar(s) => match s {
            Scalar::Fixed64 | Scalar::Sfixed64 | Scalar::Double => FIXED64,
            Scalar::Fixed32 | Scalar::Sfixed32 | Scalar::Float => FIXED32,
            Scalar::String | Scalar::Bytes => LEN,
            _ => VARINT,
        },
        FieldKind::Enum(_) => VARINT,
        FieldKind::Message(_) if field.delimited => START_GROUP,
        FieldKind::Message(_) | FieldKind::Map { .. } => LEN,
    }
}

/// Whether the Go runtime decodes a value of wire type `wt` into `field`.
fn wire_fits(field: &Field, wt: u32) -> bool {
    let expected = scalar_wire_type(field);
    if wt == expected {
        return true;
    }
    // Repeated numbers may come packed.
    wt == LEN
        && field.cardinality == Cardinality::Repeated
        && matches!(expected, VARINT | FIXED32 | FIXED64)
}

/// A value of a closed enum that the enum does not define: the Go runtime
/// keeps it among the unknown fields.
fn closed_enum_unknown(model: &Model, field: &Field, wt: u32, value: &[u8]) -> bool {
    let FieldKind::Enum(e) = field.kind else {
        return false;
    };
    let en = model.enum_(e);
    if en.open || wt != VARINT {
        return false;
    }
    let v = Reader::new(value).varint().unwrap_or(0) as i32;
    !en.values.iter().any(|&x| model.enum_value(x).number == v)
}

/// The elements of a packed run.
fn split_packed<'b>(bytes: &'b [u8], wt: u32, out: &mut Vec<&'b [u8]>) {
    let mut pos = 0;
    while pos < bytes.len() {
        let len = match wt {
            FIXED32 => 4,
            FIXED64 => 8,
            _ => bytes[pos..]
                .iter()
                .position(|b| b & 0x80 == 0)
                .map_or(bytes.len() - pos, |i| i + 1),
        };
        let end = (pos + len).min(bytes.len());
        out.push(&bytes[pos..end]);
        pos = end;
    }
}

/// The descriptor cut after each `0x0a` byte (the tag that starts most of
/// its nested messages), so that the Go string literal spans readable
/// lines; the rest after the last one is a piece too, even when empty.
pub fn split_lines(raw: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &b) in raw.iter().enumerate() {
        if b == b'\n' {
            out.push(&raw[start..=i]);
            start = i + 1;
        }
    }
    out.push(&raw[start..]);
    out
}
