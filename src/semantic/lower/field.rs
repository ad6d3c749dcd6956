//! Fields and `extend` blocks: labels, types, map entries, groups and synthetic oneofs.

use super::*;

impl Lowerer {
    pub(super) fn field(
        &mut self,
        f: &ast::Field,
        fpath: &[i32],
        parent: &[i32],
        nested_field: i32,
        messages: &mut Vec<d::DescriptorProto>,
        oneof: Option<i32>,
        extendee: Option<(&str, Span)>,
    ) -> d::FieldDescriptorProto {
        let mut fd = d::FieldDescriptorProto {
            name: Some(f.name.text.clone()),
            ..Default::default()
        };
        self.loc(
            fpath,
            f.span,
            if f.group_body.is_some() {
                None
            } else {
                Some(f.comments.clone())
            },
        );
        if let Some((ext, span)) = extendee {
            self.loc_at(fpath, &[FIELD_EXTENDEE as i32], span, None);
            fd.extendee = Some(ext.to_string());
        }
        if let Some((label, span)) = f.label {
            self.loc_at(fpath, &[FIELD_LABEL as i32], span, None);
            fd.label = Some(match label {
                ast::Label::Optional => d::Label::Optional,
                ast::Label::Required => d::Label::Required,
                ast::Label::Repeated => d::Label::Repeated,
            });
            if label == ast::Label::Optional && self.syntax == Syntax::Proto3 {
                fd.proto3_optional = Some(true);
            }
        } else {
            fd.label = Some(if matches!(f.ty, FieldType::Map(_)) {
                d::Label::Repeated
            } else {
                d::Label::Optional
            });
        }
        if oneof.is_some() {
            fd.oneof_index = oneof;
        }
        match &f.ty {
            FieldType::Scalar(s) => {
                self.loc_at(fpath, &[FIELD_TYPE as i32], f.ty_span, None);
                fd.r#type = Some(scalar_type(*s));
            }
            FieldType::Group => {
                self.loc_at(fpath, &[FIELD_TYPE as i32], f.ty_span, None);
                fd.r#type = Some(d::Type::Group);
            }
            FieldType::Named(n) => {
                self.loc_at(fpath, &[FIELD_TYPE_NAME as i32], f.ty_span, None);
                fd.type_name = Some(n.clone());
            }
            FieldType::Map(_) => {
                self.loc_at(fpath, &[FIELD_TYPE_NAME as i32], f.ty_span, None);
            }
        }
        self.loc_at(fpath, &[FIELD_NAME as i32], f.name.span, None);
        self.loc_at(fpath, &[FIELD_NUMBER as i32], f.number_span, None);
        fd.number = f.number.map(|n| n as i32);

        let mut opts = PendingOptions {
            entity: fpath.to_vec(),
            kind: OptionsKind::Field,
            preset: vec![],
            items: vec![],
        };
        if let Some(fo) = &f.options {
            let opath = cat(fpath, &[FIELD_OPTIONS as i32]);
            self.loc(&opath, fo.span, None);
            for e in &fo.entries {
                match e {
                    FieldOption::Default {
                        value,
                        raw,
                        value_span,
                        ..
                    } => {
                        self.loc_at(fpath, &[FIELD_DEFAULT_VALUE as i32], *value_span, None);
                        fd.default_value = self.default_value(&f.ty, value, raw, *value_span);
                    }
                    FieldOption::JsonName {
                        value,
                        span,
                        value_span,
                    } => {
                        self.loc_at(fpath, &[FIELD_JSON_NAME as i32], *span, None);
                        self.loc_at(fpath, &[FIELD_JSON_NAME as i32], *value_span, None);
                        fd.json_name = Some(value.clone());
                    }
                    FieldOption::Option(a) => self.option_assign(&opath, a, None, &mut opts),
                }
            }
        }

        if let (FieldType::Group, Some((body, _))) = (&f.ty, &f.group_body) {
            let idx = messages.len() as i32;
            let gpath = cat(parent, &[nested_field, idx]);
            self.loc(&gpath, f.span, Some(f.comments.clone()));
            self.loc_at(&gpath, &[MSG_NAME as i32], f.name.span, None);
            self.loc_at(fpath, &[FIELD_TYPE_NAME as i32], f.name.span, None);
            let mut group = d::DescriptorProto {
                name: Some(f.name.text.clone()),
                ..Default::default()
            };
            fd.name = Some(f.name.text.to_ascii_lowercase());
            fd.type_name = Some(f.name.text.clone());
            messages.push(d::DescriptorProto::default());
            self.message_body(body, &gpath, &mut group);
            messages[idx as usize] = group;
        } else if let FieldType::Group = &f.ty {
            // A group whose body was dropped for nesting too deep: the field
            // names a type that does not exist, as in protoc.
            fd.name = Some(f.name.text.to_ascii_lowercase());
            fd.type_name = Some(f.name.text.clone());
            // protoc points its "not defined" error at the `group` keyword.
            self.loc_at(fpath, &[FIELD_TYPE_NAME as i32], f.ty_span, None);
        }

        if let FieldType::Map(mt) = &f.ty {
            let entry_name = map_entry_name(&f.name.text);
            fd.type_name = Some(entry_name.clone());
            let entry_path = cat(parent, &[nested_field, messages.len() as i32]);
            let mut entry = d::DescriptorProto {
                name: Some(entry_name),
                ..Default::default()
            };
            let mut preset = Vec::new();
            wire::put_bool(&mut preset, MESSAGE_OPTIONS_MAP_ENTRY, true);
            entry.options = Some(preset.clone());
            self.options.push(PendingOptions {
                entity: entry_path.clone(),
                kind: OptionsKind::Message,
                preset,
                items: vec![],
            });
            self.hints.push((
                cat(&entry_path, &[MSG_FIELD as i32, 0, FIELD_TYPE as i32]).into(),
                mt.key_span,
            ));
            for (i, (name, ty)) in [("key", &mt.key), ("value", &mt.value)]
                .into_iter()
                .enumerate()
            {
                let mut kf = d::FieldDescriptorProto {
                    name: Some(name.into()),
                    number: Some(i as i32 + 1),
                    label: Some(d::Label::Optional),
                    ..Default::default()
                };
                match ty {
                    FieldType::Scalar(s) => kf.r#type = Some(scalar_type(*s)),
                    FieldType::Group => kf.r#type = Some(d::Type::Group),
                    FieldType::Named(n) => kf.type_name = Some(n.clone()),
                    FieldType::Map(_) => {}
                }
                // Features (and the legacy `enforce_utf8`) carry over to the entry's fields.
                let mut kopts = PendingOptions {
                    entity: cat(&entry_path, &[MSG_FIELD as i32, i as i32]),
                    kind: OptionsKind::Field,
                    preset: vec![],
                    items: vec![],
                };
                for o in &opts.items {
                    let first = &o.assign.name[0];
                    let utf8 = o.assign.name.len() == 1
                        && !first.is_extension
                        && first.name == "enforce_utf8";
                    if (utf8 && kf.r#type == Some(d::Type::String))
                        || (!first.is_extension && first.name == "features")
                    {
                        kopts.items.push(PendingOption {
                            assign: o.assign.clone(),
                            loc: None,
                        });
                    }
                }
                if !kopts.items.is_empty() {
                    self.options.push(kopts);
                }
                entry.field.push(kf);
            }
            messages.push(entry);
        }
        if !opts.items.is_empty() {
            self.options.push(opts);
        }
        fd
    }

    pub(super) fn extend(
        &mut self,
        x: &ast::Extend,
        parent: &[i32],
        ext_field: i32,
        nested_field: i32,
        extensions: &mut Vec<d::FieldDescriptorProto>,
        messages: &mut Vec<d::DescriptorProto>,
    ) {
        let xpath = cat(parent, &[ext_field]);
        self.loc(&xpath, x.span, Some(x.comments.clone()));
        for f in &x.fields {
            let i = extensions.len() as i32;
            let fpath = cat(&xpath, &[i]);
            let fd = self.field(
                f,
                &fpath,
                parent,
                nested_field,
                messages,
                None,
                Some((&x.extendee, x.extendee_span)),
            );
            extensions.push(fd);
        }
    }
}

pub fn scalar_type(s: ScalarType) -> d::Type {
    use ScalarType as S;
    match s {
        S::Double => d::Type::Double,
        S::Float => d::Type::Float,
        S::Int64 => d::Type::Int64,
        S::Uint64 => d::Type::Uint64,
        S::Int32 => d::Type::Int32,
        S::Fixed64 => d::Type::Fixed64,
        S::Fixed32 => d::Type::Fixed32,
        S::Bool => d::Type::Bool,
        S::String => d::Type::String,
        S::Bytes => d::Type::Bytes,
        S::Uint32 => d::Type::Uint32,
        S::Sfixed32 => d::Type::Sfixed32,
        S::Sfixed64 => d::Type::Sfixed64,
        S::Sint32 => d::Type::Sint32,
        S::Sint64 => d::Type::Sint64,
    }
}
