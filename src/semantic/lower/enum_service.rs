//! Enums and their values; services and their methods.

use super::*;

impl Lowerer {
    pub(super) fn enum_type(&mut self, e: &ast::Enum, path: &[i32]) -> d::EnumDescriptorProto {
        self.loc(path, e.span, Some(e.comments.clone()));
        self.loc_at(path, &[ENUM_NAME as i32], e.name.span, None);
        let mut en = d::EnumDescriptorProto {
            name: Some(e.name.text.clone()),
            ..Default::default()
        };
        if let Some((v, _)) = e.visibility {
            en.visibility = Some(visibility_number(v));
        }
        let mut opts = PendingOptions {
            entity: path.to_vec(),
            kind: OptionsKind::Enum,
            preset: vec![],
            items: vec![],
        };
        for item in &e.items {
            match item {
                EnumItem::Value(v) => {
                    let i = en.value.len() as i32;
                    let vpath = cat(path, &[ENUM_VALUE as i32, i]);
                    self.loc(&vpath, v.span, Some(v.comments.clone()));
                    self.loc_at(&vpath, &[ENUM_VALUE_NAME as i32], v.name.span, None);
                    self.loc_at(&vpath, &[ENUM_VALUE_NUMBER as i32], v.number_span, None);
                    let mut vopts = PendingOptions {
                        entity: vpath.clone(),
                        kind: OptionsKind::EnumValue,
                        preset: vec![],
                        items: vec![],
                    };
                    if let Some(fo) = &v.options {
                        let opath = cat(&vpath, &[ENUM_VALUE_OPTIONS as i32]);
                        self.loc(&opath, fo.span, None);
                        for entry in &fo.entries {
                            if let FieldOption::Option(a) = entry {
                                self.option_assign(&opath, a, None, &mut vopts);
                            }
                        }
                    }
                    if !vopts.items.is_empty() {
                        self.options.push(vopts);
                    }
                    en.value.push(d::EnumValueDescriptorProto {
                        name: Some(v.name.text.clone()),
                        number: Some(v.number as i32),
                        options: None,
                    });
                }
                EnumItem::Option(o) => self.option_statement(path, ENUM_OPTIONS, o, &mut opts),
                EnumItem::Reserved(r) => {
                    let (ranges, names) = (&mut en.reserved_range, &mut en.reserved_name);
                    self.reserved(
                        r,
                        path,
                        ENUM_RESERVED_RANGE as i32,
                        ENUM_RESERVED_NAME as i32,
                        ranges,
                        names,
                        false,
                    );
                }
                EnumItem::Empty => {}
            }
        }
        if !opts.items.is_empty() {
            self.options.push(opts);
        }
        en
    }

    pub(super) fn service(&mut self, s: &ast::Service, path: &[i32]) -> d::ServiceDescriptorProto {
        self.loc(path, s.span, Some(s.comments.clone()));
        self.loc_at(path, &[SERVICE_NAME as i32], s.name.span, None);
        let mut sv = d::ServiceDescriptorProto {
            name: Some(s.name.text.clone()),
            ..Default::default()
        };
        let mut opts = PendingOptions {
            entity: path.to_vec(),
            kind: OptionsKind::Service,
            preset: vec![],
            items: vec![],
        };
        for item in &s.items {
            match item {
                ServiceItem::Method(m) => {
                    let i = sv.method.len() as i32;
                    let mpath = cat(path, &[SERVICE_METHOD as i32, i]);
                    self.loc(&mpath, m.span, Some(m.comments.clone()));
                    self.loc_at(&mpath, &[METHOD_NAME as i32], m.name.span, None);
                    if let Some(sp) = m.input_stream {
                        self.loc_at(&mpath, &[METHOD_CLIENT_STREAMING as i32], sp, None);
                    }
                    self.loc_at(&mpath, &[METHOD_INPUT_TYPE as i32], m.input_span, None);
                    if let Some(sp) = m.output_stream {
                        self.loc_at(&mpath, &[METHOD_SERVER_STREAMING as i32], sp, None);
                    }
                    self.loc_at(&mpath, &[METHOD_OUTPUT_TYPE as i32], m.output_span, None);
                    let mut mopts = PendingOptions {
                        entity: mpath.clone(),
                        kind: OptionsKind::Method,
                        preset: vec![],
                        items: vec![],
                    };
                    for o in &m.options {
                        self.option_statement(&mpath, METHOD_OPTIONS, o, &mut mopts);
                    }
                    if !mopts.items.is_empty() {
                        self.options.push(mopts);
                    }
                    sv.method.push(d::MethodDescriptorProto {
                        name: Some(m.name.text.clone()),
                        input_type: Some(m.input.clone()),
                        output_type: Some(m.output.clone()),
                        options: if m.has_body { Some(Vec::new()) } else { None },
                        client_streaming: m.input_stream.map(|_| true),
                        server_streaming: m.output_stream.map(|_| true),
                    });
                }
                ServiceItem::Option(o) => {
                    self.option_statement(path, SERVICE_OPTIONS, o, &mut opts)
                }
                ServiceItem::Empty => {}
            }
        }
        if !opts.items.is_empty() {
            self.options.push(opts);
        }
        sv
    }
}
