//! A readable text rendering of descriptors, for snapshots and debugging.
//! Options are shown as the hex of their encoding.

use super::*;
use std::fmt::Write;

struct P {
    out: String,
    depth: usize,
}

impl P {
    fn line(&mut self, s: impl AsRef<str>) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
        self.out.push_str(s.as_ref());
        self.out.push('\n');
    }
    fn field<T: std::fmt::Debug>(&mut self, name: &str, v: &Option<T>) {
        if let Some(v) = v {
            self.line(format!("{name}: {v:?}"));
        }
    }
    fn opts(&mut self, v: &Option<Vec<u8>>) {
        if let Some(b) = v {
            let mut hex = String::new();
            for x in b {
                let _ = write!(hex, "{x:02x}");
            }
            self.line(format!("options: [{hex}]"));
        }
    }
    fn block(&mut self, name: &str, f: impl FnOnce(&mut P)) {
        self.line(format!("{name} {{"));
        self.depth += 1;
        f(self);
        self.depth -= 1;
        self.line("}");
    }
}

pub fn to_text(fd: &FileDescriptorProto) -> String {
    let mut p = P {
        out: String::new(),
        depth: 0,
    };
    p.field("name", &fd.name);
    p.field("package", &fd.package);
    for d in &fd.dependency {
        p.line(format!("dependency: {d:?}"));
    }
    for d in &fd.public_dependency {
        p.line(format!("public_dependency: {d}"));
    }
    for d in &fd.weak_dependency {
        p.line(format!("weak_dependency: {d}"));
    }
    for d in &fd.option_dependency {
        p.line(format!("option_dependency: {d:?}"));
    }
    p.field("syntax", &fd.syntax);
    p.field("edition", &fd.edition);
    p.opts(&fd.options);
    for m in &fd.message_type {
        p.block("message_type", |p| message(p, m));
    }
    for e in &fd.enum_type {
        p.block("enum_type", |p| enumeration(p, e));
    }
    for x in &fd.extension {
        p.block("extension", |p| field(p, x));
    }
    for s in &fd.service {
        p.block("service", |p| {
            p.field("name", &s.name);
            p.opts(&s.options);
            for m in &s.method {
                p.block("method", |p| {
                    p.field("name", &m.name);
                    p.field("input_type", &m.input_type);
                    p.field("output_type", &m.output_type);
                    p.field("client_streaming", &m.client_streaming);
                    p.field("server_streaming", &m.server_streaming);
                    p.opts(&m.options);
                });
            }
        });
    }
    p.out
}

fn message(p: &mut P, m: &DescriptorProto) {
    p.field("name", &m.name);
    p.field("visibility", &m.visibility);
    p.opts(&m.options);
    for f in &m.field {
        p.block("field", |p| field(p, f));
    }
    for o in &m.oneof_decl {
        p.block("oneof_decl", |p| {
            p.field("name", &o.name);
            p.opts(&o.options);
        });
    }
    for r in &m.extension_range {
        p.block("extension_range", |p| {
            p.field("start", &r.start);
            p.field("end", &r.end);
            p.opts(&r.options);
        });
    }
    for r in &m.reserved_range {
        p.line(format!(
            "reserved_range: {:?} to {:?}",
            r.start.unwrap_or(0),
            r.end.unwrap_or(0)
        ));
    }
    for n in &m.reserved_name {
        p.line(format!("reserved_name: {n:?}"));
    }
    for x in &m.extension {
        p.block("extension", |p| field(p, x));
    }
    for n in &m.nested_type {
        p.block("nested_type", |p| message(p, n));
    }
    for e in &m.enum_type {
        p.block("enum_type", |p| enumeration(p, e));
    }
}

fn field(p: &mut P, f: &FieldDescriptorProto) {
    p.field("name", &f.name);
    p.field("number", &f.number);
    p.field("label", &f.label);
    p.field("type", &f.r#type);
    p.field("type_name", &f.type_name);
    p.field("extendee", &f.extendee);
    p.field("default_value", &f.default_value);
    p.field("oneof_index", &f.oneof_index);
    p.field("json_name", &f.json_name);
    p.field("proto3_optional", &f.proto3_optional);
    p.opts(&f.options);
}

fn enumeration(p: &mut P, e: &EnumDescriptorProto) {
    p.field("name", &e.name);
    p.field("visibility", &e.visibility);
    p.opts(&e.options);
    for v in &e.value {
        let mut s = format!(
            "value: {} = {}",
            v.name.as_deref().unwrap_or(""),
            v.number.unwrap_or(0)
        );
        if let Some(o) = &v.options {
            s.push_str(" options: [");
            for x in o {
                let _ = write!(s, "{x:02x}");
            }
            s.push(']');
        }
        p.line(s);
    }
    for r in &e.reserved_range {
        p.line(format!(
            "reserved_range: {:?} to {:?}",
            r.start.unwrap_or(0),
            r.end.unwrap_or(0)
        ));
    }
    for n in &e.reserved_name {
        p.line(format!("reserved_name: {n:?}"));
    }
}
