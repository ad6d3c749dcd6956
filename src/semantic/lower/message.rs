//! Messages: fields, nested declarations, extension ranges and reserved ranges and names.

use super::*;

impl Lowerer {
    pub(super) fn message(&mut self, m: &ast::Message, path: &[i32]) -> d::DescriptorProto {
        self.loc(path, m.span, Some(m.comments.clone()));
        self.loc_at(path, &[MSG_NAME as i32], m.name.span, None);
        let mut msg = d::DescriptorProto {
            name: Some(m.name.text.clone()),
            ..Default::default()
        };
        if let Some((v, _)) = m.visibility {
            msg.visibility = Some(visibility_number(v));
        }
        self.message_body(&m.body, path, &mut msg);
        msg
    }

    /// A field of `msg` (at `path`), in oneof `oneof` if given.
    pub(super) fn message_field(
        &mut self,
        f: &ast::Field,
        path: &[i32],
        msg: &mut d::DescriptorProto,
        oneof: Option<i32>,
    ) {
        let fpath = cat(path, &[MSG_FIELD as i32, msg.field.len() as i32]);
        let field = self.field(
            f,
            &fpath,
            path,
            MSG_NESTED_TYPE as i32,
            &mut msg.nested_type,
            oneof,
            None,
        );
        msg.field.push(field);
    }

    pub(super) fn message_body(
        &mut self,
        body: &MessageBody,
        path: &[i32],
        msg: &mut d::DescriptorProto,
    ) {
        let mut opts = PendingOptions {
            entity: path.to_vec(),
            kind: OptionsKind::Message,
            preset: vec![],
            items: vec![],
        };
        for item in &body.items {
            match item {
                MessageItem::Field(f) => self.message_field(f, path, msg, None),
                MessageItem::Oneof(o) => {
                    let oidx = msg.oneof_decl.len() as i32;
                    let opath = cat(path, &[MSG_ONEOF_DECL as i32, oidx]);
                    self.loc(&opath, o.span, Some(o.comments.clone()));
                    self.loc_at(&opath, &[ONEOF_NAME as i32], o.name.span, None);
                    msg.oneof_decl.push(d::OneofDescriptorProto {
                        name: Some(o.name.text.clone()),
                        options: None,
                    });
                    let mut oopts = PendingOptions {
                        entity: opath.clone(),
                        kind: OptionsKind::Oneof,
                        preset: vec![],
                        items: vec![],
                    };
                    for oi in &o.items {
                        match oi {
                            OneofItem::Field(f) => self.message_field(f, path, msg, Some(oidx)),
                            OneofItem::Option(st) => {
                                self.option_statement(&opath, ONEOF_OPTIONS, st, &mut oopts)
                            }
                            OneofItem::Empty => {}
                        }
                    }
                    if !oopts.items.is_empty() {
                        self.options.push(oopts);
                    }
                }
                MessageItem::Message(m) => {
                    let idx = msg.nested_type.len() as i32;
                    let nested = self.message(m, &cat(path, &[MSG_NESTED_TYPE as i32, idx]));
                    msg.nested_type.push(nested);
                }
                MessageItem::Enum(e) => {
                    let idx = msg.enum_type.len() as i32;
                    let en = self.enum_type(e, &cat(path, &[MSG_ENUM_TYPE as i32, idx]));
                    msg.enum_type.push(en);
                }
                MessageItem::Extend(x) => {
                    self.extend(
                        x,
                        path,
                        MSG_EXTENSION as i32,
                        MSG_NESTED_TYPE as i32,
                        &mut msg.extension,
                        &mut msg.nested_type,
                    );
                }
                MessageItem::ExtensionRange(r) => self.extension_ranges(r, path, msg),
                MessageItem::Reserved(r) => {
                    let (ranges, names) = (&mut msg.reserved_range, &mut msg.reserved_name);
                    self.reserved(
                        r,
                        path,
                        MSG_RESERVED_RANGE as i32,
                        MSG_RESERVED_NAME as i32,
                        ranges,
                        names,
                        true,
                    );
                }
                MessageItem::Option(o) => self.option_statement(path, MSG_OPTIONS, o, &mut opts),
                MessageItem::Empty => {}
            }
        }
        // `max` in ranges means the largest field number (or int32 max for message sets).
        let message_set = opts.items.iter().any(|o| {
            o.assign.name.len() == 1
                && !o.assign.name[0].is_extension
                && o.assign.name[0].name == "message_set_wire_format"
                && matches!(&o.assign.value, OptionValue::Ident(v) if v == "true")
        });
        let max = if message_set {
            i32::MAX
        } else {
            crate::descriptor::MAX_FIELD_NUMBER + 1
        };
        let ends = msg
            .extension_range
            .iter_mut()
            .map(|r| &mut r.end)
            .chain(msg.reserved_range.iter_mut().map(|r| &mut r.end));
        for end in ends {
            if *end == Some(-1) {
                *end = Some(max);
            }
        }
        if !opts.items.is_empty() {
            self.options.push(opts);
        }
        let synthetic_oneofs = self.syntax == Syntax::Proto3
            && msg.field.iter().any(|f| f.proto3_optional == Some(true));
        if synthetic_oneofs {
            let mut names: rustc_hash::FxHashSet<String> =
                msg.field.iter().filter_map(|f| f.name.clone()).collect();
            names.extend(msg.oneof_decl.iter().filter_map(|o| o.name.clone()));
            for i in 0..msg.field.len() {
                if msg.field[i].proto3_optional != Some(true) {
                    continue;
                }
                let fname = msg.field[i].name.clone().unwrap_or_default();
                let mut oneof_name = if fname.starts_with('_') {
                    fname
                } else {
                    format!("_{fname}")
                };
                while names.contains(&oneof_name) {
                    oneof_name.insert(0, 'X');
                }
                names.insert(oneof_name.clone());
                msg.field[i].oneof_index = Some(msg.oneof_decl.len() as i32);
                msg.oneof_decl.push(d::OneofDescriptorProto {
                    name: Some(oneof_name),
                    options: None,
                });
            }
        }
    }

    #[allow(clippy::too_many_arguments)]

    pub(super) fn extension_ranges(
        &mut self,
        r: &ast::ExtensionRange,
        path: &[i32],
        msg: &mut d::DescriptorProto,
    ) {
        let rpath = cat(path, &[MSG_EXTENSION_RANGE as i32]);
        self.loc(&rpath, r.span, Some(r.comments.clone()));
        let first = msg.extension_range.len();
        for range in &r.ranges {
            let i = msg.extension_range.len() as i32;
            let ipath = cat(&rpath, &[i]);
            self.loc(&ipath, range.span, None);
            self.loc_at(&ipath, &[EXT_RANGE_START as i32], range.start_span, None);
            self.loc_at(&ipath, &[EXT_RANGE_END as i32], range.end_span, None);
            let end = match range.end {
                None => range.start as i32 + 1,
                Some(None) => -1,
                Some(Some(e)) => (e as i32).wrapping_add(1),
            };
            msg.extension_range.push(d::ExtensionRange {
                start: Some(range.start as i32),
                end: Some(end),
                options: None,
            });
        }
        if let Some(fo) = &r.options {
            for i in first..msg.extension_range.len() {
                let ipath = cat(&rpath, &[i as i32]);
                let opath = cat(&ipath, &[EXT_RANGE_OPTIONS as i32]);
                self.loc(&opath, fo.span, None);
                let mut pending = PendingOptions {
                    entity: ipath.clone(),
                    kind: OptionsKind::ExtensionRange,
                    preset: vec![],
                    items: vec![],
                };
                for e in &fo.entries {
                    if let FieldOption::Option(a) = e {
                        self.option_assign(&opath, a, None, &mut pending);
                    }
                }
                self.options.push(pending);
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn reserved(
        &mut self,
        r: &ast::Reserved,
        path: &[i32],
        range_field: i32,
        name_field: i32,
        ranges: &mut Vec<d::ReservedRange>,
        names: &mut Vec<String>,
        exclusive_end: bool,
    ) {
        match &r.kind {
            ReservedKind::Names(ns) => {
                let npath = cat(path, &[name_field]);
                self.loc(&npath, r.span, Some(r.comments.clone()));
                for n in ns {
                    let i = names.len() as i32;
                    self.loc_at(&npath, &[i], n.span, None);
                    names.push(n.text.clone());
                }
            }
            ReservedKind::Ranges(rs) => {
                let rpath = cat(path, &[range_field]);
                self.loc(&rpath, r.span, Some(r.comments.clone()));
                for range in rs {
                    let i = ranges.len() as i32;
                    let ipath = cat(&rpath, &[i]);
                    self.loc(&ipath, range.span, None);
                    self.loc_at(&ipath, &[RESERVED_START as i32], range.start_span, None);
                    self.loc_at(&ipath, &[RESERVED_END as i32], range.end_span, None);
                    let end = match range.end {
                        None => range.start,
                        Some(None) => {
                            if exclusive_end {
                                -2
                            } else {
                                i32::MAX as i64
                            }
                        }
                        Some(Some(e)) => e,
                    };
                    let end = if exclusive_end {
                        (end as i32).wrapping_add(1)
                    } else {
                        end as i32
                    };
                    ranges.push(d::ReservedRange {
                        start: Some(range.start as i32),
                        end: Some(end),
                    });
                }
            }
        }
    }
}
