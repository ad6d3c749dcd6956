//! A model as text, one entity per line, for tests that compare models.

use std::fmt::Write;

use super::*;

impl Model {
    /// Every entity with its resolved data, in arena order.
    pub fn dump(&self) -> String {
        let mut out = String::new();
        let o = &mut out;
        for f in &self.files {
            let _ = writeln!(
                o,
                "file {} package={:?} edition={} imports={:?} option_imports={:?} messages={:?} enums={:?} services={:?} extensions={:?}\n  options={:?}\n  features={:?}\n  origin={:?}",
                &self[f.name], &self[f.package], f.edition, f.imports, f.option_imports, f.messages, f.enums, f.services, f.extensions, f.options, f.features, f.origin
            );
        }
        for (i, m) in self.messages.iter().enumerate() {
            let _ = writeln!(
                o,
                "message {i} {} file={:?} parent={:?} fields={:?} oneofs={:?} messages={:?} enums={:?} extensions={:?} ranges={:?} reserved={:?} {:?} visibility={:?}\n  options={:?}\n  features={:?}\n  origin={:?}",
                &self[m.full_name], m.file, m.parent, m.fields, m.oneofs, m.messages, m.enums, m.extensions, m.extension_ranges, m.reserved_ranges, self.texts(&m.reserved_names), m.visibility, m.options, m.features, m.origin
            );
        }
        for (kind, arena) in [("field", &self.fields), ("extension", &self.extensions)] {
            for (i, f) in arena.iter().enumerate() {
                let _ = writeln!(
                    o,
                    "{kind} {i} {} = {} file={:?} parent={:?} kind={:?} {:?} presence={:?} oneof={:?} json={:?} default={:?} extendee={:?} delimited={}\n  options={:?}\n  features={:?}\n  origin={:?}",
                    &self[f.full_name], f.number, f.file, f.parent, f.kind, f.cardinality, f.presence, f.oneof, &self[f.json_name], f.default, f.extendee, f.delimited, f.options, f.features, f.origin
                );
            }
        }
        for (i, x) in self.oneofs.iter().enumerate() {
            let _ = writeln!(
                o,
                "oneof {i} {} message={:?} fields={:?} synthetic={}\n  options={:?}\n  features={:?}\n  origin={:?}",
                &self[x.full_name], x.message, x.fields, x.synthetic, x.options, x.features, x.origin
            );
        }
        for (i, e) in self.enums.iter().enumerate() {
            let _ = writeln!(
                o,
                "enum {i} {} file={:?} parent={:?} values={:?} reserved={:?} {:?} visibility={:?} open={}\n  options={:?}\n  features={:?}\n  origin={:?}",
                &self[e.full_name], e.file, e.parent, e.values, e.reserved_ranges, self.texts(&e.reserved_names), e.visibility, e.open, e.options, e.features, e.origin
            );
        }
        for (i, v) in self.enum_values.iter().enumerate() {
            let _ = writeln!(
                o,
                "value {i} {} = {} enum={:?}\n  options={:?}\n  features={:?}\n  origin={:?}",
                &self[v.full_name], v.number, v.enum_, v.options, v.features, v.origin
            );
        }
        for (i, s) in self.services.iter().enumerate() {
            let _ = writeln!(
                o,
                "service {i} {} file={:?} methods={:?}\n  options={:?}\n  features={:?}\n  origin={:?}",
                &self[s.full_name], s.file, s.methods, s.options, s.features, s.origin
            );
        }
        for (i, m) in self.methods.iter().enumerate() {
            let _ = writeln!(
                o,
                "method {i} {} service={:?} input={:?} output={:?} streaming={}/{}\n  options={:?}\n  features={:?}\n  origin={:?}",
                &self[m.full_name], m.service, m.input, m.output, m.client_streaming, m.server_streaming, m.options, m.features, m.origin
            );
        }
        out
    }
}

impl Model {
    fn texts(&self, names: &[Name]) -> Vec<&str> {
        names.iter().map(|&n| &self[n]).collect()
    }
}
