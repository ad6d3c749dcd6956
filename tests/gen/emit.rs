//! Writes a generated set as .proto text, with the freedom the grammar
//! gives: references written relative, partially or fully qualified (each
//! checked against protoc's lookup), comments in every position, odd
//! spacing, number spellings, CRLF and a BOM.

use super::model::*;
use super::rng::Rng;

pub struct Emitter<'a> {
    rng: &'a mut Rng,
    syms: &'a Symbols,
    out: String,
    depth: usize,
    line_start: bool,
    tabs: bool,
    /// Percent chance of a comment at each opportunity.
    comments: u32,
    editions: bool,
}

impl<'a> Emitter<'a> {
    pub fn new(rng: &'a mut Rng, syms: &'a Symbols) -> Self {
        Emitter {
            rng,
            syms,
            out: String::new(),
            depth: 0,
            line_start: true,
            tabs: false,
            comments: 0,
            editions: false,
        }
    }

    pub fn file(mut self, f: &File) -> String {
        self.tabs = self.rng.chance(20);
        self.comments = *self.rng.pick(&[0, 5, 15, 30]);
        self.editions = f.syntax.is_some_and(|s| s.editions());
        self.leading();
        match f.syntax {
            Some(Syntax::Proto2) if self.rng.chance(5) => {}
            Some(Syntax::Proto2) => self.stmt(&["syntax", "=", "\"proto2\"", ";"]),
            Some(Syntax::Proto3) => {
                let q = if self.rng.chance(20) {
                    "'proto3'"
                } else {
                    "\"proto3\""
                };
                self.stmt(&["syntax", "=", q, ";"])
            }
            Some(Syntax::Ed2023) => self.stmt(&["edition", "=", "\"2023\"", ";"]),
            Some(Syntax::Ed2024) => self.stmt(&["edition", "=", "\"2024\"", ";"]),
            None => {}
        }
        let pkg = f.package.clone().unwrap_or_default();
        let mut head: Vec<u8> = Vec::new();
        if f.package.is_some() {
            head.push(0);
        }
        head.extend(std::iter::repeat(1).take(f.imports.len()));
        head.extend(std::iter::repeat(2).take(f.options.len()));
        // Package, imports and options may come in any order, and before or
        // after the definitions; keep them first most of the time.
        shuffle(self.rng, &mut head);
        // Option imports come after the others (protoc requires it).
        let mut imports: Vec<&(ImportKind, String)> = f.imports.iter().collect();
        imports.sort_by_key(|(k, _)| *k == ImportKind::Option);
        let (mut i, mut o) = (0, 0);
        for h in head {
            match h {
                0 => {
                    self.leading();
                    self.t("package");
                    self.name(&pkg);
                    self.end();
                }
                1 => {
                    let (kind, path) = imports[i];
                    i += 1;
                    self.leading();
                    self.t("import");
                    match kind {
                        ImportKind::Plain => {}
                        ImportKind::Public => self.t("public"),
                        ImportKind::Weak => self.t("weak"),
                        ImportKind::Option => self.t("option"),
                    }
                    self.t(&format!("\"{path}\""));
                    self.end();
                }
                _ => {
                    let opt = &f.options[o];
                    o += 1;
                    self.option_stmt(opt, &[&pkg, &format!("{pkg}.x")]);
                }
            }
        }
        let mut items: Vec<(u8, usize)> = Vec::new();
        items.extend((0..f.messages.len()).map(|i| (0, i)));
        items.extend((0..f.enums.len()).map(|i| (1, i)));
        items.extend((0..f.services.len()).map(|i| (2, i)));
        items.extend((0..f.extends.len()).map(|i| (3, i)));
        shuffle(self.rng, &mut items);
        for (k, i) in items {
            match k {
                0 => self.message(&f.messages[i]),
                1 => self.enumeration(&f.enums[i]),
                2 => self.service(&f.services[i]),
                _ => self.extend(&f.extends[i]),
            }
        }
        if self.rng.chance(20) {
            self.out
                .push_str("// trailing comment at the end of the file");
            if self.rng.chance(50) {
                self.out.push('\n');
            }
        }
        let mut text = self.out;
        if f.crlf {
            text = text.replace('\n', "\r\n");
        }
        if f.bom {
            text.insert(0, '\u{feff}');
        }
        text
    }

    // ---- tokens and layout ----

    fn t(&mut self, tok: &str) {
        if self.line_start {
            for _ in 0..self.depth {
                self.out.push_str(if self.tabs { "\t" } else { "  " });
            }
            self.line_start = false;
        } else {
            match self.rng.below(100) {
                0 if self.comments > 0 => self.out.push_str(" /* mid */ "),
                1 => self.out.push_str("\t"),
                2 => {
                    self.out.push('\n');
                    for _ in 0..=self.depth {
                        self.out.push_str("  ");
                    }
                }
                3..=5 => self.out.push_str("  "),
                _ => self.out.push(' '),
            }
        }
        self.out.push_str(tok);
    }

    fn nl(&mut self) {
        if self.comments > 0 && self.rng.chance(self.comments) {
            self.out.push_str(if self.rng.chance(70) {
                " // trailing"
            } else {
                " /* trailing */"
            });
        }
        self.out.push('\n');
        self.line_start = true;
    }

    fn end(&mut self) {
        self.t(";");
        self.nl();
    }

    fn stmt(&mut self, toks: &[&str]) {
        self.leading();
        for t in toks {
            self.t(t);
        }
        self.nl();
    }

    /// Comments before a statement: detached, leading, or none.
    fn leading(&mut self) {
        if self.comments == 0 || !self.rng.chance(self.comments) {
            return;
        }
        let pad = |e: &mut Self| {
            for _ in 0..e.depth {
                e.out.push_str("  ");
            }
        };
        if self.rng.chance(30) {
            pad(self);
            self.out.push_str("// detached\n\n");
        }
        pad(self);
        match self.rng.below(3) {
            0 => self.out.push_str("// leading line one\n"),
            1 => {
                self.out.push_str("// leading\n");
                pad(self);
                self.out.push_str("//   two\n");
            }
            _ => self.out.push_str("/* leading\n * block */\n"),
        }
    }

    fn open(&mut self) {
        self.t("{");
        self.nl();
        self.depth += 1;
    }

    fn close(&mut self) {
        self.close_with(true);
    }

    /// Ends a block; `may_semi` allows the empty statement after it (not
    /// after a group body, which may sit in a oneof).
    fn close_with(&mut self, may_semi: bool) {
        self.depth -= 1;
        self.t("}");
        if may_semi && self.rng.chance(5) {
            self.t(";");
        }
        self.nl();
    }

    /// A dotted name, now and then with space or a comment around the dots.
    fn name(&mut self, n: &str) {
        if n.contains('.') && self.rng.chance(5) {
            let parts: Vec<&str> = n.split('.').collect();
            let mut first = true;
            for p in parts {
                if !first {
                    self.t(".");
                }
                if !p.is_empty() {
                    self.t(p);
                }
                first = false;
            }
        } else {
            self.t(n);
        }
    }

    /// The name to write for `target` seen from each of `scopes`.
    fn reference(&mut self, target: &str, scopes: &[&str], types_only: bool) -> String {
        if target.starts_with("google.protobuf.") && self.rng.chance(50) {
            return format!(".{target}");
        }
        let names = self.syms.names_for(target, scopes, types_only);
        // Prefer the shorter relative names.
        let i = if names.len() > 1 && self.rng.chance(75) {
            names.len() - 1 - self.rng.below(2.min(names.len() - 1))
        } else {
            self.rng.below(names.len())
        };
        names[i].clone()
    }

    fn number(&mut self, n: i64) -> Vec<String> {
        let mut v = Vec::new();
        if n < 0 {
            v.push("-".to_string());
        }
        let a = n.unsigned_abs();
        v.push(match self.rng.below(20) {
            0 => format!("0x{a:x}"),
            1 if a > 0 => format!("0{a:o}"),
            2 => format!("0X{a:X}"),
            _ => a.to_string(),
        });
        v
    }

    // ---- options ----

    fn option_name(&mut self, name: &OptName, scopes: &[&str]) {
        match name {
            OptName::Plain(p) => self.t(p),
            OptName::Custom { ext, path } => {
                let r = self.reference(ext, scopes, false);
                self.t("(");
                self.name(&r);
                self.t(")");
                for p in path {
                    self.t(".");
                    self.t(p);
                }
            }
            OptName::Feature { ext, field } => {
                self.t("features");
                self.t(".");
                self.t("(");
                self.t(ext);
                self.t(")");
                self.t(".");
                self.t(field);
            }
        }
    }

    fn value(&mut self, v: &Value, scopes: &[&str]) {
        match v {
            Value::Tokens(ts) => {
                for t in ts {
                    self.t(t);
                }
            }
            Value::Aggregate(entries) => {
                self.t("{");
                self.agg(entries, scopes);
                self.t("}");
            }
        }
    }

    fn agg(&mut self, entries: &[AggEntry], scopes: &[&str]) {
        for e in entries {
            match &e.key {
                AggKey::Field(f) => self.t(f),
                AggKey::Ext(x, msg) => {
                    let r = self.reference(x, &[msg], false);
                    let r = r.trim_start_matches('.').to_string();
                    self.t("[");
                    self.name(&r);
                    self.t("]");
                }
                AggKey::Any(m) => {
                    self.t("[");
                    self.t(&format!("type.googleapis.com/{m}"));
                    self.t("]");
                }
            }
            match &e.value {
                AggValue::Scalar(ts) => {
                    self.t(":");
                    for t in ts {
                        self.t(t);
                    }
                }
                AggValue::List(items) => {
                    self.t(":");
                    self.t("[");
                    for (i, ts) in items.iter().enumerate() {
                        if i > 0 {
                            self.t(",");
                        }
                        for t in ts {
                            self.t(t);
                        }
                    }
                    self.t("]");
                }
                AggValue::Message(m) => {
                    if self.rng.chance(30) {
                        self.t(":");
                    }
                    let angle = self.rng.chance(25);
                    self.t(if angle { "<" } else { "{" });
                    self.agg(m, scopes);
                    self.t(if angle { ">" } else { "}" });
                }
                AggValue::MessageList(ms) => {
                    self.t(":");
                    self.t("[");
                    for (i, m) in ms.iter().enumerate() {
                        if i > 0 {
                            self.t(",");
                        }
                        self.t("{");
                        self.agg(m, scopes);
                        self.t("}");
                    }
                    self.t("]");
                }
            }
            match self.rng.below(4) {
                0 => self.t(","),
                1 => self.t(";"),
                _ => {}
            }
        }
    }

    fn option_stmt(&mut self, o: &Opt, scopes: &[&str]) {
        self.leading();
        self.t("option");
        self.option_name(&o.name, scopes);
        self.t("=");
        self.value(&o.value, scopes);
        self.end();
    }

    fn bracket_options(&mut self, opts: &[Opt], scopes: &[&str]) {
        if opts.is_empty() {
            return;
        }
        self.t("[");
        for (i, o) in opts.iter().enumerate() {
            if i > 0 {
                self.t(",");
            }
            self.option_name(&o.name, scopes);
            self.t("=");
            self.value(&o.value, scopes);
        }
        self.t("]");
    }

    // ---- declarations ----

    fn message(&mut self, m: &Msg) {
        self.leading();
        if let Some(v) = m.vis {
            self.t(v);
        }
        self.t("message");
        self.t(&m.name);
        self.open();
        self.message_body(m);
        self.close();
    }

    fn message_body(&mut self, m: &Msg) {
        let scopes_owned = [m.full.clone(), format!("{}.x", m.full)];
        let scopes: Vec<&str> = scopes_owned.iter().map(|s| s.as_str()).collect();
        let mut items: Vec<(u8, usize)> = Vec::new();
        items.extend((0..m.options.len()).map(|i| (0, i)));
        items.extend((0..m.fields.len()).map(|i| (1, i)));
        items.extend((0..m.oneofs.len()).map(|i| (2, i)));
        items.extend((0..m.messages.len()).map(|i| (3, i)));
        items.extend((0..m.enums.len()).map(|i| (4, i)));
        items.extend((0..m.extends.len()).map(|i| (5, i)));
        items.extend((0..m.ext_ranges.len()).map(|i| (6, i)));
        items.extend((0..m.reserved.len()).map(|i| (7, i)));
        shuffle(self.rng, &mut items);
        for (k, i) in items {
            match k {
                0 => self.option_stmt(&m.options[i], &scopes),
                1 => self.field(&m.fields[i], &m.full, false),
                2 => {
                    let o = &m.oneofs[i];
                    self.leading();
                    self.t("oneof");
                    self.t(&o.name);
                    self.open();
                    let full = format!("{}.{}", m.full, o.name);
                    for opt in &o.options {
                        self.option_stmt(opt, &[&full, &format!("{full}.x")]);
                    }
                    for f in &o.fields {
                        self.field(f, &m.full, false);
                    }
                    self.close();
                }
                3 => self.message(&m.messages[i]),
                4 => self.enumeration(&m.enums[i]),
                5 => self.extend(&m.extends[i]),
                6 => {
                    let r = &m.ext_ranges[i];
                    self.leading();
                    self.t("extensions");
                    for t in self.number(r.start) {
                        self.t(&t);
                    }
                    self.t("to");
                    if r.to_max {
                        self.t("max");
                    } else {
                        for t in self.number(r.end) {
                            self.t(&t);
                        }
                    }
                    self.bracket_options(&r.options, &scopes);
                    self.end();
                }
                _ => self.reserved(&m.reserved[i], 536_870_911),
            }
        }
    }

    fn reserved(&mut self, r: &Reserved, _max: i64) {
        self.leading();
        self.t("reserved");
        match r {
            Reserved::Numbers(ranges, to_max) => {
                for (i, &(a, b)) in ranges.iter().enumerate() {
                    if i > 0 {
                        self.t(",");
                    }
                    for t in self.number(a) {
                        self.t(&t);
                    }
                    let last = i + 1 == ranges.len();
                    if last && *to_max {
                        self.t("to");
                        self.t("max");
                    } else if b != a || self.rng.chance(10) {
                        self.t("to");
                        for t in self.number(b) {
                            self.t(&t);
                        }
                    }
                }
            }
            Reserved::Names(names) => {
                for (i, n) in names.iter().enumerate() {
                    if i > 0 {
                        self.t(",");
                    }
                    if self.editions {
                        self.t(n);
                    } else {
                        self.t(&format!("\"{n}\""));
                    }
                }
            }
        }
        self.end();
    }

    fn type_name(&mut self, ty: &FieldTy, field_full: &str) -> String {
        match ty {
            FieldTy::Scalar(s) => s.to_string(),
            FieldTy::Named(n) => self.reference(n, &[field_full], true),
            FieldTy::Map(..) | FieldTy::Group(_) => unreachable!(),
        }
    }

    fn field(&mut self, f: &Field, scope: &str, _ext: bool) {
        let full = if scope.is_empty() {
            f.name.clone()
        } else {
            format!("{scope}.{}", f.name)
        };
        let scopes_owned = [full.clone(), format!("{full}.x")];
        let scopes: Vec<&str> = scopes_owned.iter().map(|s| s.as_str()).collect();
        self.leading();
        match f.label {
            Label::None => {}
            Label::Optional => self.t("optional"),
            Label::Required => self.t("required"),
            Label::Repeated => self.t("repeated"),
        }
        match &f.ty {
            FieldTy::Map(k, v) => {
                let vt = self.type_name(v, &full);
                self.t("map");
                self.t("<");
                self.t(k);
                self.t(",");
                self.name(&vt);
                self.t(">");
                self.t(&f.name);
            }
            FieldTy::Group(body) => {
                self.t("group");
                self.t(&body.name);
            }
            ty => {
                let tn = self.type_name(ty, &full);
                self.name(&tn);
                self.t(&f.name);
            }
        }
        self.t("=");
        for t in self.number(f.number) {
            self.t(&t);
        }
        self.bracket_options(&f.options, &scopes);
        if let FieldTy::Group(body) = &f.ty {
            self.open();
            self.message_body(body);
            self.close_with(false);
        } else {
            self.end();
        }
    }

    fn enumeration(&mut self, e: &Enum) {
        self.leading();
        if let Some(v) = e.vis {
            self.t(v);
        }
        self.t("enum");
        self.t(&e.name);
        self.open();
        let parent = e
            .full
            .rsplit_once('.')
            .map(|(p, _)| p.to_string())
            .unwrap_or_default();
        let scopes_owned = [e.full.clone(), format!("{}.x", e.full)];
        let scopes: Vec<&str> = scopes_owned.iter().map(|s| s.as_str()).collect();
        let mut items: Vec<(u8, usize)> = Vec::new();
        items.extend((0..e.options.len()).map(|i| (0, i)));
        items.extend((0..e.reserved.len()).map(|i| (2, i)));
        shuffle(self.rng, &mut items);
        // Values keep their order: the first is the default.
        let mut all: Vec<(u8, usize)> = (0..e.values.len()).map(|i| (1, i)).collect();
        for it in items {
            let at = 1 + self.rng.below(all.len());
            all.insert(at.min(all.len()), it);
        }
        for (k, i) in all {
            match k {
                0 => self.option_stmt(&e.options[i], &scopes),
                1 => {
                    let v = &e.values[i];
                    self.leading();
                    self.t(&v.name);
                    self.t("=");
                    for t in self.number(v.number) {
                        self.t(&t);
                    }
                    let vfull = if parent.is_empty() {
                        v.name.clone()
                    } else {
                        format!("{parent}.{}", v.name)
                    };
                    self.bracket_options(&v.options, &[&vfull, &format!("{vfull}.x")]);
                    self.end();
                }
                _ => self.reserved(&e.reserved[i], 2147483647),
            }
        }
        self.close();
    }

    fn service(&mut self, s: &Service) {
        self.leading();
        self.t("service");
        self.t(&s.name);
        self.open();
        for o in &s.options {
            self.option_stmt(o, &[&s.full, &format!("{}.x", s.full)]);
        }
        for m in &s.methods {
            self.leading();
            self.t("rpc");
            self.t(&m.name);
            self.t("(");
            if m.client_streaming {
                self.t("stream");
            }
            let i = self.reference(&m.input, &[&m.full], true);
            self.name(&i);
            self.t(")");
            self.t("returns");
            self.t("(");
            if m.server_streaming {
                self.t("stream");
            }
            let o = self.reference(&m.output, &[&m.full], true);
            self.name(&o);
            self.t(")");
            if m.options.is_empty() && self.rng.chance(70) {
                self.end();
            } else {
                self.open();
                for o in &m.options {
                    self.option_stmt(o, &[&m.full, &format!("{}.x", m.full)]);
                }
                self.close();
            }
        }
        self.close();
    }

    fn extend(&mut self, x: &Extend) {
        self.leading();
        self.t("extend");
        let name = x.fields.first().map(|f| f.name.as_str()).unwrap_or("x");
        let first = if x.scope.is_empty() {
            name.to_string()
        } else {
            format!("{}.{name}", x.scope)
        };
        let e = self.reference(&x.extendee, &[&first], true);
        self.name(&e);
        self.open();
        for f in &x.fields {
            let scope = x.scope.clone();
            self.field(f, &scope, true);
        }
        self.close();
    }
}

fn shuffle<T>(rng: &mut Rng, v: &mut [T]) {
    for i in (1..v.len()).rev() {
        let j = rng.below(i + 1);
        v.swap(i, j);
    }
}
