//! Message bodies, services, extensions and option values of a generated file.

use super::model::*;
use super::schema::*;
use std::collections::HashSet;

/// The kind of element features are set on, as far as it decides which
/// features apply.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Target {
    Message,
    Enum,
    Service,
    /// Oneofs, enum values, extension ranges and methods.
    Other,
}

impl Gen {
    pub(super) fn fill_msg(&mut self, m: &mut Msg, ctx: &mut Ctx, depth: usize) {
        let saved_implicit = ctx.implicit;

        if self.rng.chance(8) {
            m.options.push(plain("deprecated", "true"));
        }
        let mopts = self.custom_opts("MessageOptions", ctx, &m.full);
        m.options.extend(mopts);
        let mfeatures = self.element_features(ctx, Target::Message);
        m.options.extend(mfeatures);
        if m.namespace {
            let scope = m.full.clone();
            for e in &mut m.enums {
                self.fill_enum(e, &scope, ctx);
            }
            return;
        }
        let limit = m.ext_ranges.first().map(|r| r.start).unwrap_or(i64::MAX);
        let mut next = 0i64;
        let mut number = |g: &mut Gen| -> i64 {
            next += 1 + g.rng.below(3) as i64;
            if next >= 19000 && next <= 19999 {
                next = 20000;
            }
            if limit == i64::MAX && g.rng.chance(3) {
                let far = *g.rng.pick(&[18999, 20000, 268_435_455, 536_870_000]);
                next = next.max(far);
            }
            assert!(next < limit, "field numbers reached the extension range");
            next
        };
        let mut fields = Vec::new();
        for _ in 0..self.rng.below(6) {
            let n = number(self);
            let f = self.gen_field(&m.full, ctx, false, n, depth);
            fields.push(f);
        }
        let mut oneofs = Vec::new();
        for _ in 0..self.rng.below(2) {
            let name = self.snake();
            self.syms.add(&join(&m.full, &name), Sym::Oneof);
            let mut o = Oneof {
                name: name.clone(),
                fields: vec![],
                options: vec![],
            };
            for _ in 0..1 + self.rng.below(3) {
                let n = number(self);
                let f = self.gen_field(&m.full, ctx, true, n, depth);
                o.fields.push(f);
            }
            let oopts = self.custom_opts("OneofOptions", ctx, &join(&m.full, &name));
            o.options = oopts;
            let ofeatures = self.element_features(ctx, Target::Other);
            o.options.extend(ofeatures);
            oneofs.push(o);
        }
        // Reserved numbers and names beyond the fields.
        if self.rng.chance(30) && next + 10 < limit.min(19000) {
            let a = next + 2;
            let mut ranges = vec![(a, a)];
            if self.rng.chance(60) {
                ranges.push((a + 2, a + 2 + self.rng.range(0, 4)));
            }
            next = ranges.last().unwrap().1;
            let to_max = limit == i64::MAX && next < 18000 && self.rng.chance(20);
            if to_max {
                ranges.push((20000, 536_870_911));
            }
            m.reserved.push(Reserved::Numbers(ranges, to_max));
        }
        if self.rng.chance(25) {
            let n = format!("gone{}", self.id());
            m.reserved.push(Reserved::Names(vec![n]));
        }
        m.fields = fields;
        m.oneofs = oneofs;
        for r in &mut m.ext_ranges {
            let ropts = self.custom_opts("ExtensionRangeOptions", ctx, &m.full);
            r.options.extend(ropts);
            let rfeatures = self.element_features(ctx, Target::Other);
            r.options.extend(rfeatures);
        }
        let mut nested = std::mem::take(&mut m.messages);
        for n in &mut nested {
            self.fill_msg(n, ctx, depth + 1);
        }
        m.messages = nested;
        let scope = m.full.clone();
        for e in &mut m.enums {
            self.fill_enum(e, &scope, ctx);
        }
        if ctx.syntax != Syntax::Proto3 && self.rng.chance(15) {
            if let Some(ext) = self.gen_extend(&m.full, ctx) {
                m.extends.push(ext);
            }
        }
        ctx.implicit = saved_implicit;
    }

    /// Custom options and features of an enum declared in `scope` and of
    /// its values.
    pub(super) fn fill_enum(&mut self, e: &mut Enum, scope: &str, ctx: &mut Ctx) {
        let eopts = self.custom_opts("EnumOptions", ctx, &e.full);
        e.options.extend(eopts);
        let efeatures = self.element_features(ctx, Target::Enum);
        e.options.extend(efeatures);
        for v in &mut e.values {
            let vopts = self.custom_opts("EnumValueOptions", ctx, &join(scope, &v.name));
            v.options.extend(vopts);
            let vfeatures = self.element_features(ctx, Target::Other);
            v.options.extend(vfeatures);
        }
    }

    /// Features set on a message, enum or other element of an editions
    /// file: those whose targets include the element's kind and that the
    /// file's edition supports.
    pub(super) fn element_features(&mut self, ctx: &mut Ctx, target: Target) -> Vec<Opt> {
        let mut out = Vec::new();
        if !ctx.syntax.editions() || !self.rng.chance(15) {
            return out;
        }
        if matches!(target, Target::Message | Target::Enum) && self.rng.chance(50) {
            let v = *self.rng.pick(&["ALLOW", "LEGACY_BEST_EFFORT"]);
            out.push(plain("features.json_format", v));
        }
        if ctx.syntax != Syntax::Ed2024 {
            return out;
        }
        if self.rng.chance(50) {
            let v = *self.rng.pick(&["STYLE2024", "STYLE_LEGACY"]);
            out.push(plain("features.enforce_naming_style", v));
        }
        if matches!(target, Target::Message | Target::Enum | Target::Service) && self.rng.chance(30)
        {
            let v = *self.rng.pick(&["NO", "YES"]);
            out.push(lang_feature(ctx, Lang::Java, "nest_in_file_class", v));
        }
        if target == Target::Enum && self.rng.chance(30) {
            let v = *self.rng.pick(&["true", "false"]);
            out.push(lang_feature(
                ctx,
                Lang::Cpp,
                "enum_name_uses_string_view",
                v,
            ));
        }
        out
    }

    /// A field of `scope`; `in_oneof` fields have no label.
    pub(super) fn gen_field(
        &mut self,
        scope: &str,
        ctx: &mut Ctx,
        in_oneof: bool,
        number: i64,
        depth: usize,
    ) -> Field {
        let syntax = ctx.syntax;
        let name = self.snake();
        self.syms.add(&join(scope, &name), Sym::Field);
        let mut options = Vec::new();
        let roll = self.rng.below(100);
        // Maps: never in a oneof.
        if roll < 10 && !in_oneof {
            let key = KEY_TYPES[self.rng.below(KEY_TYPES.len())];
            let value = self.map_value_type(ctx, syntax == Syntax::Proto3);
            let entry = format!("{}Entry", upper_camel(&name));
            self.syms.add(&join(&join(scope, &name), ""), Sym::Field);
            self.syms.0.remove(&join(&join(scope, &name), ""));
            self.syms.add(&join(scope, &entry), Sym::Message);
            let fopts = self.custom_opts("FieldOptions", ctx, &join(scope, &name));
            options.extend(fopts);
            return Field {
                name,
                number,
                label: Label::None,
                ty: FieldTy::Map(key, Box::new(value)),
                options,
            };
        }
        // Groups: proto2 only.
        if roll < 15 && syntax == Syntax::Proto2 && depth < 2 {
            let gname = upper_camel(&name);
            let gfull = join(scope, &gname);
            self.syms.0.remove(&join(scope, &name));
            let gid = self.id();
            let gname = format!("{gname}G{gid}");
            let gfull = format!("{gfull}G{gid}");
            let fname = gname.to_lowercase();
            self.syms.add(&join(scope, &fname), Sym::Field);
            self.syms.add(&gfull, Sym::Message);
            let mut body = Msg {
                name: gname,
                full: gfull,
                ..Default::default()
            };
            self.fill_msg(&mut body, ctx, depth + 1);
            let label = if in_oneof {
                Label::None
            } else {
                *self
                    .rng
                    .pick(&[Label::Optional, Label::Repeated, Label::Required])
            };
            return Field {
                name: fname,
                number,
                label,
                ty: FieldTy::Group(Box::new(body)),
                options,
            };
        }
        let label = if in_oneof {
            Label::None
        } else {
            match syntax {
                Syntax::Proto2 => *self.rng.pick(&[
                    Label::Optional,
                    Label::Optional,
                    Label::Repeated,
                    Label::Required,
                ]),
                Syntax::Proto3 => {
                    *self
                        .rng
                        .pick(&[Label::None, Label::None, Label::Optional, Label::Repeated])
                }
                _ => *self.rng.pick(&[Label::None, Label::None, Label::Repeated]),
            }
        };
        let repeated = label == Label::Repeated;
        // Editions presence feature on singular fields outside oneofs.
        let mut presence = None;
        if syntax.editions() && !in_oneof && !repeated && self.rng.chance(25) {
            presence = Some(*self.rng.pick(&["EXPLICIT", "IMPLICIT", "LEGACY_REQUIRED"]));
        }
        let implicit_scope = match syntax {
            Syntax::Proto3 => label == Label::None && !in_oneof,
            Syntax::Proto2 => false,
            _ => !in_oneof && !repeated && presence.map_or(ctx.implicit, |p| p == "IMPLICIT"),
        };
        let ty = if self.rng.chance(55) {
            FieldTy::Scalar(SCALARS[self.rng.below(SCALARS.len())])
        } else {
            self.value_type(ctx, syntax == Syntax::Proto3 || implicit_scope)
        };
        let is_message = match &ty {
            FieldTy::Named(n) => {
                self.types.iter().any(|t| &t.full == n && !t.is_enum)
                    || n.starts_with("google.protobuf.")
            }
            _ => false,
        };
        if let Some(p) = presence {
            if !(is_message && p == "IMPLICIT") {
                options.push(plain("features.field_presence", p));
            }
        }
        let implicit = implicit_scope && !is_message && presence != Some("LEGACY_REQUIRED");
        let scalar = match &ty {
            FieldTy::Scalar(s) => Some(*s),
            _ => None,
        };
        let enum_values = match &ty {
            FieldTy::Named(n) => self
                .types
                .iter()
                .find(|t| &t.full == n && t.is_enum)
                .map(|t| t.values.clone()),
            _ => None,
        };
        // Defaults: explicit presence, singular, not a message.
        let may_default = !repeated && !implicit && !is_message && syntax != Syntax::Proto3;
        if may_default && self.rng.chance(25) {
            if let Some(s) = scalar {
                let v = self.scalar_value(s, false);
                options.push(Opt {
                    name: OptName::Plain("default".into()),
                    value: Value::Tokens(v),
                });
            } else if let Some(vals) = &enum_values {
                if !vals.is_empty() {
                    let v = vals[self.rng.below(vals.len())].clone();
                    options.push(plain("default", &v));
                }
            }
        }
        if self.rng.chance(8) {
            options.push(plain("json_name", &format!("\"j{}\"", self.id())));
        }
        let packable = repeated
            && (enum_values.is_some() || scalar.is_some_and(|s| s != "string" && s != "bytes"));
        if packable && !syntax.editions() && self.rng.chance(30) {
            options.push(plain(
                "packed",
                if self.rng.chance(50) { "true" } else { "false" },
            ));
        }
        if packable && syntax.editions() && self.rng.chance(30) {
            options.push(plain(
                "features.repeated_field_encoding",
                if self.rng.chance(50) {
                    "PACKED"
                } else {
                    "EXPANDED"
                },
            ));
        }
        if scalar == Some("string") && syntax.editions() && self.rng.chance(20) {
            options.push(plain(
                "features.utf8_validation",
                if self.rng.chance(50) {
                    "VERIFY"
                } else {
                    "NONE"
                },
            ));
        }
        if is_message && syntax.editions() && self.rng.chance(25) {
            options.push(plain(
                "features.message_encoding",
                if self.rng.chance(70) {
                    "DELIMITED"
                } else {
                    "LENGTH_PREFIXED"
                },
            ));
        }
        if scalar.is_some_and(|s| s.ends_with("64") && s != "double") && self.rng.chance(15) {
            options.push(plain(
                "jstype",
                *self.rng.pick(&["JS_STRING", "JS_NUMBER", "JS_NORMAL"]),
            ));
        }
        if scalar.is_some_and(|s| s == "string" || s == "bytes")
            && !syntax.editions()
            && self.rng.chance(10)
        {
            options.push(plain(
                "ctype",
                *self.rng.pick(&["CORD", "STRING_PIECE", "STRING"]),
            ));
        }
        let delimited = options
            .iter()
            .any(|o| matches!(&o.name, OptName::Plain(n) if n == "features.message_encoding"));
        if is_message && !repeated && !delimited && self.rng.chance(10) {
            options.push(plain("lazy", "true"));
        }
        if self.rng.chance(8) {
            options.push(plain("deprecated", "true"));
        }
        if self.rng.chance(5) {
            options.push(plain("debug_redact", "true"));
        }
        let fopts = self.custom_opts("FieldOptions", ctx, &join(scope, &name));
        options.extend(fopts);
        Field {
            name,
            number,
            label,
            ty,
            options,
        }
    }

    /// A map's value type: enums among them must start at zero.
    fn map_value_type(&mut self, ctx: &mut Ctx, open: bool) -> FieldTy {
        for _ in 0..4 {
            let t = self.value_type(ctx, open);
            let ok = match &t {
                FieldTy::Named(n) => !self
                    .types
                    .iter()
                    .any(|t| &t.full == n && t.is_enum && !t.zero_first),
                _ => true,
            };
            if ok {
                return t;
            }
        }
        FieldTy::Scalar("string")
    }

    /// A message or enum type the file sees (open enums only when `open`),
    /// or a well-known type.
    fn value_type(&mut self, ctx: &mut Ctx, open: bool) -> FieldTy {
        if self.rng.chance(10) {
            let (path, ty) = *self.rng.pick(WKTS);
            ctx.wkt.insert(path);
            return FieldTy::Named(ty.to_string());
        }
        let cands: Vec<usize> = self
            .visible_types(ctx)
            .into_iter()
            .filter(|&i| {
                let t = &self.types[i];
                !(t.is_enum && open && !t.open) && !(t.is_enum && t.values.is_empty())
            })
            .collect();
        if cands.is_empty() {
            return FieldTy::Scalar(SCALARS[self.rng.below(SCALARS.len())]);
        }
        let i = cands[self.rng.below(cands.len())];
        FieldTy::Named(self.types[i].full.clone())
    }

    pub(super) fn gen_service(&mut self, scope: &str, ctx: &mut Ctx) -> Service {
        let name = format!("{}Service", self.camel());
        let full = join(scope, &name);
        self.syms.add(&full, Sym::Service);
        let mut methods = Vec::new();
        let msgs: Vec<String> = self
            .visible_types(ctx)
            .into_iter()
            .filter(|&i| !self.types[i].is_enum)
            .map(|i| self.types[i].full.clone())
            .collect();
        for _ in 0..self.rng.below(4) {
            let mname = format!("Get{}", self.camel());
            let mfull = join(&full, &mname);
            self.syms.add(&mfull, Sym::Method);
            let pick = |g: &mut Gen, ctx: &mut Ctx| -> String {
                if msgs.is_empty() || g.rng.chance(10) {
                    ctx.wkt.insert("google/protobuf/empty.proto");
                    "google.protobuf.Empty".to_string()
                } else {
                    msgs[g.rng.below(msgs.len())].clone()
                }
            };
            let input = pick(self, ctx);
            let output = pick(self, ctx);
            let mut options = Vec::new();
            if self.rng.chance(15) {
                options.push(plain(
                    "idempotency_level",
                    *self
                        .rng
                        .pick(&["NO_SIDE_EFFECTS", "IDEMPOTENT", "IDEMPOTENCY_UNKNOWN"]),
                ));
            }
            if self.rng.chance(10) {
                options.push(plain("deprecated", "true"));
            }
            options.extend(self.custom_opts("MethodOptions", ctx, &mfull));
            options.extend(self.element_features(ctx, Target::Other));
            methods.push(Method {
                name: mname,
                full: mfull,
                input,
                output,
                client_streaming: self.rng.chance(30),
                server_streaming: self.rng.chance(30),
                options,
            });
        }
        let mut options = Vec::new();
        if self.rng.chance(10) {
            options.push(plain("deprecated", "true"));
        }
        options.extend(self.custom_opts("ServiceOptions", ctx, &full));
        options.extend(self.element_features(ctx, Target::Service));
        Service {
            name,
            full,
            methods,
            options,
        }
    }

    /// Extensions of a message the file sees that has room left.
    pub(super) fn gen_extend(&mut self, scope: &str, ctx: &mut Ctx) -> Option<Extend> {
        let cands: Vec<usize> = (0..self.extendable.len())
            .filter(|&i| {
                let e = &self.extendable[i];
                ctx.type_files.contains(&e.file)
                    && (e.file == ctx.idx || e.exported)
                    && e.next + 5 < e.end
            })
            .collect();
        if cands.is_empty() {
            return None;
        }
        let i = cands[self.rng.below(cands.len())];
        let extendee = self.extendable[i].full.clone();
        let mut ext = Extend {
            extendee,
            scope: scope.to_string(),
            fields: vec![],
        };
        for _ in 0..1 + self.rng.below(2) {
            let number = self.extendable[i].next;
            self.extendable[i].next += 1 + self.rng.below(2) as i64;
            let name = self.snake();
            let full = join(scope, &name);
            self.syms.add(&full, Sym::Field);
            let label = match (ctx.syntax, self.rng.chance(25)) {
                (_, true) => Label::Repeated,
                (Syntax::Proto2, false) => Label::Optional,
                _ => Label::None,
            };
            let ty = if self.rng.chance(60) {
                FieldTy::Scalar(SCALARS[self.rng.below(SCALARS.len())])
            } else {
                self.value_type(ctx, false)
            };
            let mut options = Vec::new();
            if self.rng.chance(10) {
                options.push(plain("deprecated", "true"));
            }
            options.extend(self.custom_opts("FieldOptions", ctx, &full));
            if self.extendable[i].declared {
                let type_name = match &ty {
                    FieldTy::Scalar(s) => s.to_string(),
                    FieldTy::Named(n) => format!(".{n}"),
                    FieldTy::Map(..) | FieldTy::Group(_) => {
                        unreachable!("extensions here are scalars or named types")
                    }
                };
                let mut entries = vec![
                    agg_field("number", &number.to_string()),
                    agg_field("full_name", &format!("\".{full}\"")),
                    agg_field("type", &format!("\"{type_name}\"")),
                ];
                if label == Label::Repeated {
                    entries.push(agg_field("repeated", "true"));
                }
                let extendee = ext.extendee.clone();
                self.declare(&extendee, entries);
            }
            ext.fields.push(Field {
                name,
                number,
                label,
                ty,
                options,
            });
        }
        Some(ext)
    }

    /// Custom options of kind `kind` (`FieldOptions`, ...) for the element
    /// named `element`, from the option definitions the file may use.
    pub(super) fn custom_opts(&mut self, kind: &str, ctx: &mut Ctx, element: &str) -> Vec<Opt> {
        let _ = element;
        let defs: Vec<usize> = (0..self.opt_defs.len())
            .filter(|&i| {
                self.opt_defs[i].extendee == kind && ctx.opt_files.contains(&self.opt_defs[i].file)
            })
            .collect();
        let mut out = Vec::new();
        if defs.is_empty() || !self.rng.chance(60) {
            return out;
        }
        let mut used = HashSet::new();
        for _ in 0..1 + self.rng.below(2) {
            let d = defs[self.rng.below(defs.len())];
            if !used.insert(d) {
                continue;
            }
            let ext = self.opt_defs[d].ext.clone();
            let ty = self.opt_defs[d].ty.clone();
            // An Any in an option value packs only types of regular imports.
            let any_ok = ctx.type_files.contains(&self.opt_defs[d].file);
            let times = if self.opt_defs[d].repeated {
                1 + self.rng.below(2)
            } else {
                1
            };
            for _ in 0..times {
                match &ty {
                    OptTy::Msg(m) => {
                        if self.rng.chance(50) || self.opt_defs[d].repeated {
                            let agg = self.gen_agg(m, 0, any_ok);
                            out.push(Opt {
                                name: OptName::Custom {
                                    ext: ext.clone(),
                                    path: vec![],
                                },
                                value: Value::Aggregate(agg),
                            });
                        } else {
                            out.extend(self.sub_field_opts(&ext, m));
                        }
                    }
                    other => {
                        let v = self.opt_value(other);
                        out.push(Opt {
                            name: OptName::Custom {
                                ext: ext.clone(),
                                path: vec![],
                            },
                            value: Value::Tokens(v),
                        });
                    }
                }
            }
        }
        out
    }

    /// `option (ext).a = 1; option (ext).child.b = 2;` with distinct paths.
    fn sub_field_opts(&mut self, ext: &str, msg: &str) -> Vec<Opt> {
        let info = &self.opt_msgs[msg];
        let leaves: Vec<(String, OptTy, bool)> = info
            .fields
            .iter()
            .filter(|(_, t, _)| !matches!(t, OptTy::Msg(_)))
            .cloned()
            .collect();
        let child = info
            .fields
            .iter()
            .find(|(_, t, r)| matches!(t, OptTy::Msg(_)) && !r)
            .map(|f| f.0.clone());
        let mut out = Vec::new();
        let mut used = HashSet::new();
        for _ in 0..1 + self.rng.below(3) {
            let (name, ty, rep) = leaves[self.rng.below(leaves.len())].clone();
            let mut path = vec![];
            if let Some(c) = &child {
                if self.rng.chance(30) {
                    path.push(c.clone());
                }
            }
            path.push(name);
            if !rep && !used.insert(path.clone()) {
                continue;
            }
            let v = self.opt_value(&ty);
            out.push(Opt {
                name: OptName::Custom {
                    ext: ext.to_string(),
                    path,
                },
                value: Value::Tokens(v),
            });
        }
        out
    }

    /// An aggregate value of option message `msg`.
    fn gen_agg(&mut self, msg: &str, depth: usize, any_ok: bool) -> Vec<AggEntry> {
        let (fields, exts, any) = {
            let info = &self.opt_msgs[msg];
            (info.fields.clone(), info.exts.clone(), info.any.clone())
        };
        let mut out = Vec::new();
        for (name, ty, rep) in &fields {
            if !self.rng.chance(35) {
                continue;
            }
            let value = match (ty, rep) {
                (OptTy::Msg(m), false) => {
                    if depth >= 2 {
                        continue;
                    }
                    AggValue::Message(self.gen_agg(m, depth + 1, any_ok))
                }
                (OptTy::Msg(m), true) => {
                    if depth >= 2 {
                        continue;
                    }
                    let n = self.rng.below(3);
                    AggValue::MessageList(
                        (0..n).map(|_| self.gen_agg(m, depth + 1, any_ok)).collect(),
                    )
                }
                (t, true) => AggValue::List(
                    (0..self.rng.below(3))
                        .map(|_| self.opt_literal(t, true))
                        .collect(),
                ),
                (t, false) => AggValue::Scalar(self.opt_literal(t, true)),
            };
            out.push(AggEntry {
                key: AggKey::Field(name.clone()),
                value,
            });
        }
        for (full, ty) in &exts {
            if !self.rng.chance(30) {
                continue;
            }
            let value = match ty {
                OptTy::Msg(m) if depth < 2 => AggValue::Message(self.gen_agg(m, depth + 1, any_ok)),
                OptTy::Msg(_) => continue,
                t => AggValue::Scalar(self.opt_literal(t, true)),
            };
            out.push(AggEntry {
                key: AggKey::Ext(full.clone(), msg.to_string()),
                value,
            });
        }
        if let Some(a) = any {
            if any_ok && depth < 2 && self.rng.chance(40) {
                let inner = self.gen_agg(msg, depth + 1, any_ok);
                let packed = AggEntry {
                    key: AggKey::Any(msg.to_string()),
                    value: AggValue::Message(inner),
                };
                out.push(AggEntry {
                    key: AggKey::Field(a),
                    value: AggValue::Message(vec![packed]),
                });
            }
        }
        out
    }

    fn opt_value(&mut self, ty: &OptTy) -> Vec<String> {
        self.opt_literal(ty, false)
    }

    fn opt_literal(&mut self, ty: &OptTy, text: bool) -> Vec<String> {
        match ty {
            OptTy::Scalar(s) => self.scalar_literal(s, true, text),
            OptTy::Enum(e) => {
                let prefix = e.rsplit('.').next().unwrap().to_uppercase();
                vec![format!(
                    "{prefix}_{}",
                    self.rng.pick(&["UNSET", "LOW", "HIGH"])
                )]
            }
            OptTy::Msg(_) => unreachable!("message values are aggregates"),
        }
    }

    /// A literal of scalar type `ty`, in one of its spellings.
    pub(super) fn scalar_value(&mut self, ty: &str, zero_often: bool) -> Vec<String> {
        self.scalar_literal(ty, zero_often, false)
    }

    /// A literal of scalar type `ty`; `text` allows the text format's
    /// extra spellings (`True`, `t`) and forbids what it lacks.
    pub(super) fn scalar_literal(&mut self, ty: &str, zero_often: bool, text: bool) -> Vec<String> {
        let r = &mut self.rng;
        if zero_often && r.chance(15) {
            return vec![match ty {
                "bool" => "false".into(),
                "string" | "bytes" => "\"\"".into(),
                "float" | "double" => "0.0".into(),
                _ => "0".into(),
            }];
        }
        let signed = matches!(
            ty,
            "int32" | "int64" | "sint32" | "sint64" | "sfixed32" | "sfixed64"
        );
        let wide = ty.ends_with("64");
        let t = |s: &str| vec![s.to_string()];
        match ty {
            "bool" if text => t(*r.pick(&["true", "false", "True", "t", "f", "False"])),
            "bool" => t(*r.pick(&["true", "false"])),
            "float" | "double" => match r.below(8) {
                0 => t("inf"),
                1 => vec!["-".into(), "inf".into()],
                2 => t("nan"),
                3 => t("1e10"),
                4 => t(".5"),
                5 => vec!["-".into(), "2.5e-3".into()],
                6 if !text => t("0x10"),
                _ => t(&format!("{}", r.range(-1000, 1000))),
            },
            "string" | "bytes" => {
                let pieces: &[&str] = if text {
                    &[
                        "\"plain\"",
                        "\"a\\x41\\101\\n\\t\"",
                        "'single'",
                        "\"q\\\"uote\"",
                        "\"\\0\\1\\12\"",
                    ]
                } else {
                    &[
                        "\"plain\"",
                        "\"a\\x41\\101\\n\\t\"",
                        "'single'",
                        "\"\\u00e9t\\u00e9\"",
                        "\"q\\\"uote\"",
                        "\"\\0\\1\\12\"",
                    ]
                };
                let mut v = vec![r.pick(pieces).to_string()];
                if r.chance(20) {
                    v.push(r.pick(pieces).to_string());
                }
                if ty == "bytes" && r.chance(30) {
                    v.push("\"\\xff\\377\"".into());
                }
                v
            }
            _ => {
                let max: i64 = if wide {
                    i64::MAX
                } else if ty.starts_with('u') || ty == "fixed32" {
                    u32::MAX as i64
                } else {
                    i32::MAX as i64
                };
                match r.below(6) {
                    0 => t(&max.to_string()),
                    1 if signed => vec![
                        "-".into(),
                        if wide {
                            "9223372036854775808".into()
                        } else {
                            "2147483648".into()
                        },
                    ],
                    2 => t(&format!("0x{:X}", r.range(0, 0xffff))),
                    3 => t(&format!("0{:o}", r.range(1, 0o777))),
                    4 if signed => vec!["-".into(), format!("{}", r.range(1, 500))],
                    _ => t(&format!("{}", r.range(0, 100000))),
                }
            }
        }
    }
}

pub const KEY_TYPES: &[&str] = &[
    "int32", "int64", "uint32", "uint64", "sint32", "sint64", "fixed32", "fixed64", "sfixed32",
    "sfixed64", "bool", "string",
];

const WKTS: &[(&str, &str)] = &[
    (
        "google/protobuf/timestamp.proto",
        "google.protobuf.Timestamp",
    ),
    ("google/protobuf/duration.proto", "google.protobuf.Duration"),
    ("google/protobuf/any.proto", "google.protobuf.Any"),
    ("google/protobuf/struct.proto", "google.protobuf.Struct"),
    (
        "google/protobuf/wrappers.proto",
        "google.protobuf.StringValue",
    ),
    ("google/protobuf/empty.proto", "google.protobuf.Empty"),
];

pub fn upper_camel(snake: &str) -> String {
    let mut out = String::new();
    let mut up = true;
    for c in snake.chars() {
        if c == '_' {
            up = true;
        } else if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}
