//! The rules over paired messages, fields, enums and services.

use std::collections::{BTreeSet, HashMap};

use super::rules::{cardinality, describe, kind_name, located, Cx};
use crate::descriptor::edition::Edition;
use crate::descriptor::tags::*;
use crate::descriptor::Type;
use crate::lint::rules::quote;
use crate::semantic::model::{
    Cardinality, EnumId, Field, FieldKind, FileId, MessageId, Model, Scope, ServiceId,
};

pub(super) fn message(cx: &mut Cx, p: MessageId, c: MessageId) {
    let (pm, cm) = (&cx.before.model, &cx.after.model);
    let (pmsg, cmsg) = (pm.message(p), cm.message(c));
    let at = (cmsg.file, Some(cmsg.origin.path.to_vec()));
    let prev = Some(pmsg.file);
    let name = &cm[cmsg.name];
    let current: HashMap<i32, &Field> = cmsg
        .fields
        .iter()
        .map(|&f| (cm.field(f).number, cm.field(f)))
        .collect();
    for &pf in &pmsg.fields {
        let f = pm.field(pf);
        match current.get(&f.number) {
            Some(cf) => field(cx, f, cf),
            None => {
                let fname = &pm[f.name];
                let base = format!(
                    "Previously present field \"{}\" with name {} on message {} was deleted",
                    f.number,
                    quote(fname),
                    quote(&pm[pmsg.name])
                );
                cx.hit(
                    "FIELD_NO_DELETE",
                    Some(at.clone()),
                    prev,
                    format!("{base}."),
                );
                if !cmsg.reserved_ranges.iter().any(|r| r.contains(&f.number)) {
                    cx.hit(
                        "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED",
                        Some(at.clone()),
                        prev,
                        format!("{base} without reserving the number \"{}\".", f.number),
                    );
                }
                if !cmsg.reserved_names.iter().any(|&r| &cm[r] == fname) {
                    cx.hit(
                        "FIELD_NO_DELETE_UNLESS_NAME_RESERVED",
                        Some(at.clone()),
                        prev,
                        format!("{base} without reserving the name {}.", quote(fname)),
                    );
                }
            }
        }
    }
    let oneofs: BTreeSet<&str> = cmsg.oneofs.iter().map(|&o| &cm[cm.oneof(o).name]).collect();
    for &o in &pmsg.oneofs {
        let oneof = pm.oneof(o);
        if !oneof.synthetic && !oneofs.contains(&pm[oneof.name]) {
            cx.hit(
                "ONEOF_NO_DELETE",
                Some(at.clone()),
                prev,
                format!(
                    "Previously present oneof {} on message {} was deleted.",
                    quote(&pm[oneof.name]),
                    quote(&pm[pmsg.name])
                ),
            );
        }
    }
    // Required fields, by label (editions' LEGACY_REQUIRED is not one).
    let required = |m: &Model, id: MessageId| -> BTreeSet<i32> {
        let msg = m.message(id);
        msg.fields
            .iter()
            .map(|&f| m.field(f))
            .filter(|f| {
                f.cardinality == Cardinality::Required && m.file(f.file).edition == Edition::PROTO2
            })
            .map(|f| f.number)
            .collect()
    };
    let (rp, rc) = (required(pm, p), required(cm, c));
    let text = |name: &str, n: i32, what: &str| {
        format!("Message {} had required field \"{n}\" {what}. Required fields must always be sent, so if one side does not know about the required field, this will result in a breakage.", quote(name))
    };
    for &n in rp.difference(&rc) {
        cx.hit(
            "MESSAGE_SAME_REQUIRED_FIELDS",
            Some(at.clone()),
            prev,
            text(&pm[pmsg.name], n, "deleted"),
        );
    }
    for &n in rc.difference(&rp) {
        let f = current[&n];
        cx.hit(
            "MESSAGE_SAME_REQUIRED_FIELDS",
            Some((f.file, Some(f.origin.path.to_vec()))),
            prev,
            text(name, n, "added"),
        );
    }
    let names: BTreeSet<&str> = cmsg.reserved_names.iter().map(|&r| &cm[r]).collect();
    for &r in &pmsg.reserved_names {
        if !names.contains(&pm[r]) {
            cx.hit(
                "RESERVED_MESSAGE_NO_DELETE",
                Some(at.clone()),
                prev,
                format!(
                    "Previously present reserved name {} on message {} was deleted.",
                    quote(&pm[r]),
                    quote(&pm[pmsg.name])
                ),
            );
        }
    }
    let max = if cmsg.options.message_set_wire_format == Some(true) {
        2147483646
    } else {
        536870911
    };
    let inclusive = |v: &Vec<std::ops::Range<i32>>| -> Vec<(i64, i64)> {
        v.iter()
            .map(|r| (r.start as i64, r.end as i64 - 1))
            .collect()
    };
    ranges(
        cx,
        "RESERVED_MESSAGE_NO_DELETE",
        "reserved",
        "message",
        &pm[pmsg.name],
        &inclusive(&pmsg.reserved_ranges),
        &inclusive(&cmsg.reserved_ranges),
        max,
        &at,
        prev,
    );
    let ext = |v: &[crate::semantic::model::ExtensionRange]| -> Vec<(i64, i64)> {
        v.iter()
            .map(|r| (r.range.start as i64, r.range.end as i64 - 1))
            .collect()
    };
    ranges(
        cx,
        "EXTENSION_MESSAGE_NO_DELETE",
        "extension",
        "message",
        &pm[pmsg.name],
        &ext(&pmsg.extension_ranges),
        &ext(&cmsg.extension_ranges),
        max,
        &at,
        prev,
    );
    if pmsg.options.no_standard_descriptor_accessor != Some(true)
        && cmsg.options.no_standard_descriptor_accessor == Some(true)
    {
        let at = located(
            cx.after,
            cmsg.file,
            [&cmsg.origin.path[..], &[MSG_OPTIONS as i32, 2]].concat(),
        );
        cx.hit("MESSAGE_NO_REMOVE_STANDARD_DESCRIPTOR_ACCESSOR", Some(at), prev, "Message option \"no_standard_descriptor_accessor\" changed from \"false\" to \"true\".".into());
    }
}

/// Numbers of the previous ranges the current ones no longer cover.
#[allow(clippy::too_many_arguments)]
fn ranges(
    cx: &mut Cx,
    rule: &'static str,
    kind: &str,
    owner: &str,
    name: &str,
    before: &[(i64, i64)],
    after: &[(i64, i64)],
    max: i64,
    at: &(FileId, Option<Vec<i32>>),
    prev: Option<FileId>,
) {
    let mut merged: Vec<(i64, i64)> = after.to_vec();
    merged.sort();
    let mut cover: Vec<(i64, i64)> = Vec::new();
    for (s, e) in merged {
        match cover.last_mut() {
            Some(last) if s <= last.1 + 1 => last.1 = last.1.max(e),
            _ => cover.push((s, e)),
        }
    }
    let show = |s: i64, e: i64| {
        if s == e {
            format!("[{s}]")
        } else if e >= max {
            format!("[{s},max]")
        } else {
            format!("[{s},{e}]")
        }
    };
    for &(s, e) in before {
        let mut missing = Vec::new();
        let mut next = s;
        for &(cs, ce) in &cover {
            if ce < next {
                continue;
            }
            if cs > e {
                break;
            }
            if cs > next {
                missing.push(show(next, cs - 1));
            }
            next = ce + 1;
            if next > e {
                break;
            }
        }
        if next <= e {
            missing.push(show(next, e));
        }
        if !missing.is_empty() {
            cx.hit(rule, Some(at.clone()), prev, format!(
                "Previously present {kind} range {} on {owner} {} is missing values: {} were removed.",
                quote(&show(s, e)),
                quote(name),
                missing.join(", ")
            ));
        }
    }
}

/// The map field whose entry message `entry` is.
fn map_field_of(m: &Model, entry: MessageId) -> Option<&Field> {
    let Scope::Message(parent) = m.message(entry).parent else {
        return None;
    };
    m.message(parent)
        .fields
        .iter()
        .map(|&f| m.field(f))
        .find(|f| matches!(f.kind, FieldKind::Map { entry: e, .. } if e == entry))
}

/// A place inside a current field; fields of map entries have none of
/// their own and use the map's type.
pub(super) fn field_place(cx: &Cx, f: &Field, sub: &[i32]) -> (FileId, Option<Vec<i32>>) {
    let m = &cx.after.model;
    if let Scope::Message(owner) = f.parent {
        if f.extendee.is_none() && m.is_map_entry(owner) {
            if let Some(map) = map_field_of(m, owner) {
                return located(
                    cx.after,
                    f.file,
                    [&map.origin.path[..], &[FIELD_TYPE_NAME as i32]].concat(),
                );
            }
        }
    }
    let path = [&f.origin.path[..], sub].concat();
    if cx.after.file(f.file).locations.contains_key(&path) {
        (f.file, Some(path))
    } else {
        located(cx.after, f.file, f.origin.path.to_vec())
    }
}

fn in_map_entry(m: &Model, f: &Field) -> bool {
    matches!(f.parent, Scope::Message(p) if f.extendee.is_none() && m.is_map_entry(p))
}

pub(super) fn field(cx: &mut Cx, p: &Field, c: &Field) {
    let (pm, cm) = (&cx.before.model, &cx.after.model);
    let prev = Some(p.file);
    let desc = describe(cm, c, true);
    let whole = field_place(cx, c, &[]);
    // Type.
    let (pk, ck) = (kind_name(pm, p), kind_name(cm, c));
    let type_at = if matches!(
        c.descriptor_type(),
        Type::Message | Type::Enum | Type::Group
    ) {
        field_place(cx, c, &[FIELD_TYPE_NAME as i32])
    } else {
        field_place(cx, c, &[FIELD_TYPE as i32])
    };
    let type_name = |m: &Model, f: &Field| -> Option<String> {
        match f.kind {
            FieldKind::Message(id) | FieldKind::Map { entry: id, .. } => {
                Some(m[m.message(id).full_name].to_string())
            }
            FieldKind::Enum(id) => Some(m[m.enum_(id).full_name].to_string()),
            FieldKind::Scalar(_) => None,
        }
    };
    let (pt, ct) = (type_name(pm, p), type_name(cm, c));
    if pk != ck {
        let base = format!("{desc} changed type from {} to {}.", quote(pk), quote(ck));
        cx.hit("FIELD_SAME_TYPE", Some(type_at.clone()), prev, base.clone());
        let wire_group = |k: &'static str| -> &'static str {
            match k {
                "int32" | "int64" | "uint32" | "uint64" | "bool" => "varint",
                "sint32" | "sint64" => "zigzag",
                "fixed32" | "sfixed32" => "fixed32",
                "fixed64" | "sfixed64" => "fixed64",
                k => k,
            }
        };
        let json_group = |k: &'static str| -> &'static str {
            match k {
                "int32" | "uint32" => "int32",
                "int64" | "uint64" => "int64",
                "fixed32" | "sfixed32" => "fixed32",
                "fixed64" | "sfixed64" => "fixed64",
                k => k,
            }
        };
        const WIRE_URL: &str = " See https://developers.google.com/protocol-buffers/docs/proto3#updating for wire compatibility rules.";
        if wire_group(pk) != wire_group(ck) && !(pk == "string" && ck == "bytes") {
            let mut text = format!("{base}{WIRE_URL}");
            if pk == "bytes" && ck == "string" {
                text.push_str(" Note that while string and bytes are compatible if the data is valid UTF-8, there is no way to enforce that a bytes field is UTF-8, so these fields may be incompatible.");
            }
            cx.hit(
                "FIELD_WIRE_COMPATIBLE_TYPE",
                Some(type_at.clone()),
                prev,
                text,
            );
        }
        if json_group(pk) != json_group(ck) {
            cx.hit("FIELD_WIRE_JSON_COMPATIBLE_TYPE", Some(type_at.clone()), prev, format!("{base} See https://developers.google.com/protocol-buffers/docs/proto3#updating for wire compatibility rules and https://developers.google.com/protocol-buffers/docs/proto3#json for JSON compatibility rules."));
        }
    } else if pt != ct {
        let text = format!(
            "{desc} changed type from {} to {}.",
            quote(pt.as_deref().unwrap_or("")),
            quote(ct.as_deref().unwrap_or(""))
        );
        cx.hit("FIELD_SAME_TYPE", Some(type_at.clone()), prev, text.clone());
        let compatible = match (p.kind, c.kind) {
            (FieldKind::Enum(pe), FieldKind::Enum(ce)) => {
                let (a, b) = (pm.enum_(pe), cm.enum_(ce));
                pm[a.name] == cm[b.name]
                    && a.values.iter().all(|&v| {
                        let v = pm.enum_value(v);
                        b.values.iter().any(|&w| {
                            cm[cm.enum_value(w).name] == pm[v.name]
                                && cm.enum_value(w).number == v.number
                        })
                    })
            }
            _ => false,
        };
        if !compatible {
            cx.hit(
                "FIELD_WIRE_COMPATIBLE_TYPE",
                Some(type_at.clone()),
                prev,
                text.clone(),
            );
            cx.hit("FIELD_WIRE_JSON_COMPATIBLE_TYPE", Some(type_at), prev, text);
        }
    }
    // Cardinality.
    if !(in_map_entry(pm, p) && in_map_entry(cm, c)) {
        let (a, b) = (cardinality(p), cardinality(c));
        if a != b {
            let text = format!(
                "{desc} changed cardinality from {} to {}.",
                quote(a),
                quote(b)
            );
            cx.hit(
                "FIELD_SAME_CARDINALITY",
                Some(whole.clone()),
                prev,
                text.clone(),
            );
            let wire = |k: &'static str| -> &'static str {
                match k {
                    "optional with explicit presence" | "optional with implicit presence" => {
                        "optional"
                    }
                    "map" => "repeated",
                    k => k,
                }
            };
            let json = |k: &'static str| -> &'static str {
                match k {
                    "optional with explicit presence" | "optional with implicit presence" => {
                        "optional"
                    }
                    k => k,
                }
            };
            if wire(a) != wire(b) {
                cx.hit(
                    "FIELD_WIRE_COMPATIBLE_CARDINALITY",
                    Some(whole.clone()),
                    prev,
                    text.clone(),
                );
            }
            if json(a) != json(b) {
                cx.hit(
                    "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY",
                    Some(whole.clone()),
                    prev,
                    text,
                );
            }
        }
    }
    // Names.
    let name = |m: &Model, f: &Field| {
        if f.extendee.is_some() {
            m[f.full_name].to_string()
        } else {
            m[f.name].to_string()
        }
    };
    let (a, b) = (name(pm, p), name(cm, c));
    if a != b {
        let at = field_place(cx, c, &[FIELD_NAME as i32]);
        cx.hit(
            "FIELD_SAME_NAME",
            Some(at),
            prev,
            format!(
                "{} changed name from {} to {}.",
                describe(cm, c, false),
                quote(&a),
                quote(&b)
            ),
        );
    }
    if c.extendee.is_none() {
        let (a, b) = (&pm[p.json_name], &cm[c.json_name]);
        if a != b {
            let at = field_place(cx, c, &[FIELD_JSON_NAME as i32]);
            cx.hit(
                "FIELD_SAME_JSON_NAME",
                Some(at),
                prev,
                format!(
                    "{desc} changed option \"json_name\" from {} to {}.",
                    quote(a),
                    quote(b)
                ),
            );
        }
        // Oneofs (a synthetic oneof is none).
        let oneof = |m: &Model, f: &Field| {
            f.oneof
                .filter(|&(_, synthetic)| !synthetic)
                .map(|(o, _)| m[m.oneof(o).name].to_string())
        };
        match (oneof(pm, p), oneof(cm, c)) {
            (Some(a), Some(b)) if a != b => {
                cx.hit(
                    "FIELD_SAME_ONEOF",
                    Some(whole.clone()),
                    prev,
                    format!(
                        "{desc}q moved from oneof {} to oneof {}.",
                        quote(&a),
                        quote(&b)
                    ),
                );
            }
            (Some(_), None) => cx.hit(
                "FIELD_SAME_ONEOF",
                Some(whole.clone()),
                prev,
                format!("{desc} moved from inside to outside a oneof."),
            ),
            (None, Some(_)) => cx.hit(
                "FIELD_SAME_ONEOF",
                Some(whole.clone()),
                prev,
                format!("{desc} moved from outside to inside a oneof."),
            ),
            _ => {}
        }
    }
    super::defaults::default_value(cx, p, c, &desc);
    super::features::field(cx, p, c, &desc);
    let wide = |f: &Field| {
        matches!(
            f.descriptor_type(),
            Type::Int64 | Type::Sint64 | Type::Uint64 | Type::Fixed64 | Type::Sfixed64
        )
    };
    if wide(p) && wide(c) {
        let js = |f: &Field| match f.options.jstype.and_then(|j| j.number()) {
            Some(1) => "JS_STRING",
            Some(2) => "JS_NUMBER",
            _ => "JS_NORMAL",
        };
        if js(p) != js(c) {
            let at = field_place(cx, c, &[FIELD_OPTIONS as i32, 6]);
            cx.hit(
                "FIELD_SAME_JSTYPE",
                Some(at),
                prev,
                format!(
                    "{desc} changed option \"jstype\" from {} to {}.",
                    quote(js(p)),
                    quote(js(c))
                ),
            );
        }
    }
}

pub(super) fn enum_(cx: &mut Cx, p: EnumId, c: EnumId) {
    let (pm, cm) = (&cx.before.model, &cx.after.model);
    let (pe, ce) = (pm.enum_(p), cm.enum_(c));
    let prev = Some(pe.file);
    let at = (ce.file, Some(ce.origin.path.to_vec()));
    let name = &cm[ce.name];
    let by_number = |m: &Model, values: &[crate::semantic::model::EnumValueId]| {
        let mut out: std::collections::BTreeMap<i32, Vec<String>> = Default::default();
        for &v in values {
            let v = m.enum_value(v);
            out.entry(v.number).or_default().push(m[v.name].to_string());
        }
        for names in out.values_mut() {
            names.sort();
        }
        out
    };
    let (before, after) = (by_number(pm, &pe.values), by_number(cm, &ce.values));
    for (n, names) in &before {
        match after.get(n) {
            None => {
                let base = format!(
                    "Previously present enum value \"{n}\" on enum {} was deleted",
                    quote(&pm[pe.name])
                );
                cx.hit(
                    "ENUM_VALUE_NO_DELETE",
                    Some(at.clone()),
                    prev,
                    format!("{base}."),
                );
                if !ce.reserved_ranges.iter().any(|r| r.contains(n)) {
                    cx.hit(
                        "ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED",
                        Some(at.clone()),
                        prev,
                        format!("{base} without reserving the number \"{n}\"."),
                    );
                }
                let reserved: BTreeSet<&str> = ce.reserved_names.iter().map(|&r| &cm[r]).collect();
                if !names.iter().all(|x| reserved.contains(x.as_str())) {
                    let quoted: Vec<String> = names.iter().map(|x| quote(x)).collect();
                    let what = if names.len() > 1 { "names" } else { "name" };
                    cx.hit(
                        "ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED",
                        Some(at.clone()),
                        prev,
                        format!("{base} without reserving the {what} {}.", quoted.join(", ")),
                    );
                }
            }
            Some(now) if names.iter().any(|x| !now.contains(x)) => {
                let plural = if names.len() > 1 && now.len() > 1 {
                    "s"
                } else {
                    ""
                };
                let list = |v: &[String]| v.iter().map(|x| quote(x)).collect::<Vec<_>>().join(", ");
                let text = format!(
                    "Enum value \"{n}\" on enum {} changed name{plural} from {} to {}.",
                    quote(name),
                    list(names),
                    list(now)
                );
                for (k, &v) in ce.values.iter().enumerate() {
                    if cm.enum_value(v).number == *n {
                        let path = [
                            &ce.origin.path[..],
                            &[ENUM_VALUE as i32, k as i32, ENUM_VALUE_NUMBER as i32],
                        ]
                        .concat();
                        cx.hit(
                            "ENUM_VALUE_SAME_NAME",
                            Some(located(cx.after, ce.file, path)),
                            prev,
                            text.clone(),
                        );
                    }
                }
            }
            Some(_) => {}
        }
    }
    let names: BTreeSet<&str> = ce.reserved_names.iter().map(|&r| &cm[r]).collect();
    for &r in &pe.reserved_names {
        if !names.contains(&pm[r]) {
            cx.hit(
                "RESERVED_ENUM_NO_DELETE",
                Some(at.clone()),
                prev,
                format!(
                    "Previously present reserved name {} on enum {} was deleted.",
                    quote(&pm[r]),
                    quote(&pm[pe.name])
                ),
            );
        }
    }
    let inclusive = |v: &Vec<std::ops::RangeInclusive<i32>>| -> Vec<(i64, i64)> {
        v.iter()
            .map(|r| (*r.start() as i64, *r.end() as i64))
            .collect()
    };
    ranges(
        cx,
        "RESERVED_ENUM_NO_DELETE",
        "reserved",
        "enum",
        &pm[pe.name],
        &inclusive(&pe.reserved_ranges),
        &inclusive(&ce.reserved_ranges),
        2147483647,
        &at,
        prev,
    );
    if pe.open != ce.open {
        let state = |open: bool| if open { "open" } else { "closed" };
        let place = located(
            cx.after,
            ce.file,
            [&ce.origin.path[..], &[ENUM_OPTIONS as i32, 7, 3]].concat(),
        );
        let place = if place.1.is_some() { place } else { at.clone() };
        cx.hit(
            "ENUM_SAME_TYPE",
            Some(place),
            prev,
            format!(
                "Enum {} changed from {} to {}.",
                quote(name),
                state(pe.open),
                state(ce.open)
            ),
        );
    }
}

pub(super) fn service(cx: &mut Cx, p: ServiceId, c: ServiceId) {
    let (pm, cm) = (&cx.before.model, &cx.after.model);
    let (ps, cs) = (pm.service(p), cm.service(c));
    let prev = Some(ps.file);
    let sname = &cm[cs.name];
    let current: HashMap<&str, (usize, &crate::semantic::model::Method)> = cs
        .methods
        .iter()
        .enumerate()
        .map(|(j, &m)| (&cm[cm.method(m).name], (j, cm.method(m))))
        .collect();
    for &pmeth in &ps.methods {
        let a = pm.method(pmeth);
        let mname = &pm[a.name];
        let Some(&(j, b)) = current.get(mname) else {
            cx.hit(
                "RPC_NO_DELETE",
                Some((cs.file, Some(cs.origin.path.to_vec()))),
                prev,
                format!(
                    "Previously present RPC {} on service {} was deleted.",
                    quote(mname),
                    quote(&pm[ps.name])
                ),
            );
            continue;
        };
        let path = [&cs.origin.path[..], &[SERVICE_METHOD as i32, j as i32]].concat();
        let whole = (cs.file, Some(path.clone()));
        let mode = |streaming: bool| if streaming { "streaming" } else { "unary" };
        let rpc = format!("RPC {} on service {}", quote(mname), quote(sname));
        if a.client_streaming != b.client_streaming {
            cx.hit(
                "RPC_SAME_CLIENT_STREAMING",
                Some(whole.clone()),
                prev,
                format!(
                    "{rpc} changed from client {} to client {}.",
                    mode(a.client_streaming),
                    mode(b.client_streaming)
                ),
            );
        }
        if a.server_streaming != b.server_streaming {
            cx.hit(
                "RPC_SAME_SERVER_STREAMING",
                Some(whole.clone()),
                prev,
                format!(
                    "{rpc} changed from server {} to server {}.",
                    mode(a.server_streaming),
                    mode(b.server_streaming)
                ),
            );
        }
        for (rule, side, tag, x, y) in [
            (
                "RPC_SAME_REQUEST_TYPE",
                "request",
                METHOD_INPUT_TYPE,
                a.input,
                b.input,
            ),
            (
                "RPC_SAME_RESPONSE_TYPE",
                "response",
                METHOD_OUTPUT_TYPE,
                a.output,
                b.output,
            ),
        ] {
            let (x, y) = (&pm[pm.message(x).full_name], &cm[cm.message(y).full_name]);
            if x != y {
                let at = located(cx.after, cs.file, [&path[..], &[tag as i32]].concat());
                cx.hit(
                    rule,
                    Some(at),
                    prev,
                    format!(
                        "{rpc} changed {side} type from {} to {}.",
                        quote(x),
                        quote(y)
                    ),
                );
            }
        }
        let level = |m: &crate::semantic::model::Method| match m
            .options
            .idempotency_level
            .and_then(|v| v.number())
        {
            Some(1) => "NO_SIDE_EFFECTS",
            Some(2) => "IDEMPOTENT",
            _ => "IDEMPOTENCY_UNKNOWN",
        };
        if level(a) != level(b) {
            let at = located(
                cx.after,
                cs.file,
                [&path[..], &[METHOD_OPTIONS as i32, 34]].concat(),
            );
            cx.hit(
                "RPC_SAME_IDEMPOTENCY_LEVEL",
                Some(at),
                prev,
                format!(
                    "{rpc} changed option \"idempotency_level\" from {} to {}.",
                    quote(level(a)),
                    quote(level(b))
                ),
            );
        }
    }
}
