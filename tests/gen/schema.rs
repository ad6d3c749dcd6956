//! Generates a valid multi-file schema set from a seed: files in every
//! syntax and edition importing each other, with every kind of declaration
//! and option. Validity is kept by construction (unique names and numbers,
//! types chosen from what the file can see, features only where protoc
//! allows them); anything protoc still rejects is reported by the test as a
//! generator defect.

use super::model::*;
use super::rng::Rng;
use std::collections::{BTreeSet, HashMap, HashSet};

pub const SCALARS: &[&str] = &[
    "double", "float", "int32", "int64", "uint32", "uint64", "sint32", "sint64", "fixed32",
    "fixed64", "sfixed32", "sfixed64", "bool", "string", "bytes",
];
const WORDS: &[&str] = &[
    "order", "item", "price", "user", "token", "label", "count", "state", "shard", "entry",
    "value", "name", "region", "quota", "event", "span", "trace", "bucket", "queue", "field",
];
const PACKAGES: &[&str] = &["", "shop", "shop.v1", "acme.store.v2", "a", "a.b", "x.shop"];
const OPTION_KINDS: &[&str] = &[
    "FileOptions",
    "MessageOptions",
    "FieldOptions",
    "OneofOptions",
    "EnumOptions",
    "EnumValueOptions",
    "ServiceOptions",
    "MethodOptions",
    "ExtensionRangeOptions",
];

pub struct TypeInfo {
    pub full: String,
    pub file: usize,
    pub is_enum: bool,
    pub open: bool,
    pub values: Vec<String>,
    pub exported: bool,
    /// The first value is zero (required of map values).
    pub zero_first: bool,
}

#[derive(Clone)]
pub enum OptTy {
    Scalar(&'static str),
    Enum(String),
    Msg(String),
}

pub struct OptDef {
    pub ext: String,
    pub file: usize,
    pub extendee: &'static str,
    pub ty: OptTy,
    pub repeated: bool,
}

/// The message type that custom options of message type carry.
pub struct OptMsg {
    pub fields: Vec<(String, OptTy, bool)>,
    pub exts: Vec<(String, OptTy)>,
    pub any: Option<String>,
}

pub(super) struct Extendable {
    pub(super) full: String,
    pub(super) file: usize,
    pub(super) exported: bool,
    pub(super) next: i64,
    pub(super) end: i64,
    /// The range declares its extensions: each one added gets a
    /// `declaration` (collected in [`Gen::declarations`]).
    pub(super) declared: bool,
}

pub struct Gen {
    pub rng: Rng,
    n: u32,
    pub files: Vec<File>,
    pub(super) types: Vec<TypeInfo>,
    pub(super) opt_defs: Vec<OptDef>,
    pub(super) opt_msgs: HashMap<String, OptMsg>,
    pub(super) extendable: Vec<Extendable>,
    /// `declaration` options for the extension range of the message with
    /// this full name, added once every file is generated.
    pub(super) declarations: HashMap<String, Vec<Opt>>,
    pub syms: Symbols,
}

/// What one file may use while it is generated.
pub(super) struct Ctx {
    pub(super) idx: usize,
    pub(super) syntax: Syntax,
    /// Files whose types this file sees (itself, imports, public re-exports).
    pub(super) type_files: HashSet<usize>,
    /// Files whose custom options this file may use.
    pub(super) opt_files: HashSet<usize>,
    pub(super) wkt: BTreeSet<&'static str>,
    /// Resolved `field_presence` and `enum_type` of the enclosing scopes.
    pub(super) implicit: bool,
    pub(super) closed: bool,
    /// Edition 2024 visibility default: top-level, nested.
    pub(super) vis_default: (bool, bool),
    pub(super) strict: bool,
    /// Option value messages: complete already, added after the others are filled.
    pub(super) opt_messages: Vec<Msg>,
}

impl Gen {
    pub fn new(seed: u64) -> Self {
        Gen {
            rng: Rng::new(seed),
            n: 0,
            files: Vec::new(),
            types: Vec::new(),
            opt_defs: Vec::new(),
            opt_msgs: HashMap::new(),
            extendable: Vec::new(),
            declarations: HashMap::new(),
            syms: Symbols::default(),
        }
    }

    pub(super) fn id(&mut self) -> u32 {
        self.n += 1;
        self.n
    }

    pub(super) fn word(&mut self) -> &'static str {
        WORDS[self.rng.below(WORDS.len())]
    }

    pub(super) fn camel(&mut self) -> String {
        let w = self.word();
        let id = self.id();
        format!("{}{}{id}", w[..1].to_uppercase(), &w[1..])
    }

    pub(super) fn snake(&mut self) -> String {
        let w = self.word();
        let id = self.id();
        if self.rng.chance(30) {
            let w2 = self.word();
            format!("{w}_{w2}{id}")
        } else {
            format!("{w}{id}")
        }
    }

    pub fn gen_file(&mut self, idx: usize) {
        let syntax = *self.rng.pick(&[
            Syntax::Proto2,
            Syntax::Proto3,
            Syntax::Ed2023,
            Syntax::Ed2024,
        ]);
        let package = self.rng.pick(PACKAGES).to_string();
        let dir = if self.rng.chance(50) { "gen/" } else { "" };
        let mut file = File {
            path: format!("{dir}f{idx}.proto"),
            syntax: Some(syntax),
            package: (!package.is_empty()).then(|| package.clone()),
            bom: self.rng.chance(5),
            crlf: self.rng.chance(10),
            ..Default::default()
        };
        if !package.is_empty() {
            self.syms.add_package(&package);
        }
        let mut ctx = Ctx {
            idx,
            syntax,
            type_files: HashSet::from([idx]),
            opt_files: HashSet::from([idx]),
            wkt: BTreeSet::new(),
            implicit: syntax == Syntax::Proto3,
            closed: syntax == Syntax::Proto2,
            vis_default: (true, syntax != Syntax::Ed2024),
            strict: false,
            opt_messages: Vec::new(),
        };
        // Imports of earlier files.
        for j in 0..idx {
            if !self.rng.chance(60) {
                continue;
            }
            let mut kinds = vec![ImportKind::Plain, ImportKind::Plain, ImportKind::Public];
            if syntax != Syntax::Ed2024 {
                kinds.push(ImportKind::Weak);
            } else {
                kinds.push(ImportKind::Option);
            }
            let kind = *self.rng.pick(&kinds);
            file.imports.push((kind, self.files[j].path.clone()));
            if kind == ImportKind::Option {
                ctx.opt_files.insert(j);
            } else {
                let mut seen = vec![j];
                while let Some(k) = seen.pop() {
                    if ctx.type_files.insert(k) {
                        ctx.opt_files.insert(k);
                    }
                    for (ik, p) in &self.files[k].imports {
                        if *ik == ImportKind::Public {
                            seen.push(self.files.iter().position(|f| &f.path == p).unwrap());
                        }
                    }
                }
            }
        }
        if syntax.editions() {
            self.file_features(&mut file, &mut ctx);
        }
        self.std_file_options(&mut file, &ctx);
        // Custom option definitions, usable from here on.
        if self.rng.chance(45) {
            self.gen_option_defs(&mut file, &mut ctx);
        }
        let scope = package.clone();
        let nmsg = 1 + self.rng.below(4);
        for _ in 0..nmsg {
            let m = if ctx.strict && self.rng.chance(25) {
                self.enum_namespace(&scope, &ctx)
            } else {
                self.skeleton_msg(&scope, &ctx, 0)
            };
            file.messages.push(m);
        }
        for _ in 0..self.rng.below(3) {
            let e = self.gen_enum(&scope, &ctx, true);
            file.enums.push(e);
        }
        // Fields refer to any type the file sees, its own included.
        let mut messages = std::mem::take(&mut file.messages);
        for m in &mut messages {
            self.fill_msg(m, &mut ctx, 0);
        }
        file.messages = messages;
        file.messages.append(&mut ctx.opt_messages);
        let mut top_enums = std::mem::take(&mut file.enums);
        for e in &mut top_enums {
            self.fill_enum(e, &scope, &mut ctx);
        }
        file.enums = top_enums;
        for _ in 0..self.rng.below(3) {
            let s = self.gen_service(&scope, &mut ctx);
            file.services.push(s);
        }
        if syntax != Syntax::Proto3 {
            if let Some(ext) = self.gen_extend(&scope, &mut ctx) {
                file.extends.push(ext);
            }
        }
        let file_opts = self.custom_opts("FileOptions", &mut ctx, &scope_of_file(&package));
        file.options.extend(file_opts);
        for w in &ctx.wkt {
            file.imports.push((ImportKind::Plain, w.to_string()));
        }
        // A file that defines options it never uses still imports descriptor.proto.
        self.files.push(file);
    }

    fn file_features(&mut self, file: &mut File, ctx: &mut Ctx) {
        if self.rng.chance(30) {
            let v = *self.rng.pick(&["EXPLICIT", "IMPLICIT"]);
            ctx.implicit = v == "IMPLICIT";
            file.options.push(plain("features.field_presence", v));
        }
        if self.rng.chance(30) {
            let v = *self.rng.pick(&["OPEN", "CLOSED"]);
            ctx.closed = v == "CLOSED";
            file.options.push(plain("features.enum_type", v));
        }
        if self.rng.chance(20) {
            let v = *self.rng.pick(&["PACKED", "EXPANDED"]);
            file.options
                .push(plain("features.repeated_field_encoding", v));
        }
        if self.rng.chance(20) {
            let v = *self.rng.pick(&["VERIFY", "NONE"]);
            file.options.push(plain("features.utf8_validation", v));
        }
        if self.rng.chance(15) {
            let v = *self.rng.pick(&["ALLOW", "LEGACY_BEST_EFFORT"]);
            file.options.push(plain("features.json_format", v));
        }
        if ctx.syntax == Syntax::Ed2024 && self.rng.chance(30) {
            let v = *self
                .rng
                .pick(&["EXPORT_ALL", "EXPORT_TOP_LEVEL", "LOCAL_ALL", "STRICT"]);
            ctx.vis_default = match v {
                "EXPORT_ALL" => (true, true),
                "EXPORT_TOP_LEVEL" => (true, false),
                _ => (false, false),
            };
            ctx.strict = v == "STRICT";
            file.options
                .push(plain("features.default_symbol_visibility", v));
        }
        if self.rng.chance(10) {
            let v = if self.rng.chance(50) {
                "VIEW"
            } else {
                "STRING"
            };
            file.options
                .push(lang_feature(ctx, Lang::Cpp, "string_type", v));
        }
        if self.rng.chance(10) {
            let v = if self.rng.chance(50) {
                "VERIFY"
            } else {
                "DEFAULT"
            };
            file.options
                .push(lang_feature(ctx, Lang::Java, "utf8_validation", v));
        }
    }

    fn std_file_options(&mut self, file: &mut File, ctx: &Ctx) {
        let choices: &[(&str, &str)] = &[
            ("java_package", "\"com.example.gen\""),
            ("java_outer_classname", "\"GenOuter\""),
            ("go_package", "\"example.com/gen;gen\""),
            ("optimize_for", "SPEED"),
            ("optimize_for", "CODE_SIZE"),
            ("cc_enable_arenas", "true"),
            ("objc_class_prefix", "\"GEN\""),
            ("csharp_namespace", "\"Example.Gen\""),
            ("swift_prefix", "\"Gen\""),
            ("php_namespace", "\"Example\\\\Gen\""),
            ("ruby_package", "\"Example::Gen\""),
            ("deprecated", "true"),
        ];
        let mut used = HashSet::new();
        for _ in 0..self.rng.below(4) {
            let (k, v) = *self.rng.pick(choices);
            if used.insert(k) {
                file.options.push(plain(k, v));
            }
        }
        if !ctx.syntax.editions() && self.rng.chance(10) {
            file.options.push(plain("java_multiple_files", "true"));
        }
    }

    /// Option definitions: an enum and a message for option values, and
    /// `extend google.protobuf.*Options` blocks with options of every type.
    fn gen_option_defs(&mut self, file: &mut File, ctx: &mut Ctx) {
        ctx.wkt.insert("google/protobuf/descriptor.proto");
        let scope = file.package.clone().unwrap_or_default();
        let proto3 = ctx.syntax == Syntax::Proto3;
        // The value enum.
        let ename = self.camel();
        let efull = join(&scope, &ename);
        let prefix = ename.to_uppercase();
        let mut values = Vec::new();
        for (i, w) in ["UNSET", "LOW", "HIGH"].iter().enumerate() {
            values.push(EnumValue {
                name: format!("{prefix}_{w}"),
                number: i as i64,
                options: vec![],
            });
        }
        self.syms.add(&efull, Sym::Enum);
        for v in &values {
            self.syms.add(&join(&scope, &v.name), Sym::EnumValue);
        }
        let vis = self.vis_keyword(ctx, true, true);
        // Option messages use the enum in fields that may lack presence,
        // which only an open enum allows.
        let mut eopts = vec![];
        if ctx.syntax.editions() && ctx.closed {
            eopts.push(plain("features.enum_type", "OPEN"));
        }
        file.enums.push(Enum {
            name: ename,
            full: efull.clone(),
            vis,
            values,
            reserved: vec![],
            options: eopts,
        });
        // The value message.
        let mname = self.camel();
        let mfull = join(&scope, &mname);
        self.syms.add(&mfull, Sym::Message);
        let mut msg = Msg {
            name: mname,
            full: mfull.clone(),
            ..Default::default()
        };
        msg.vis = self.vis_keyword(ctx, true, true);
        let mut fields: Vec<(String, OptTy, bool)> = Vec::new();
        let specs: Vec<(OptTy, bool)> = vec![
            (OptTy::Scalar("int32"), false),
            (OptTy::Scalar("string"), false),
            (OptTy::Scalar("int64"), true),
            (OptTy::Msg(mfull.clone()), false),
            (OptTy::Enum(efull.clone()), false),
            (OptTy::Scalar("bool"), false),
            (OptTy::Scalar("double"), false),
            (OptTy::Scalar("bytes"), false),
            (OptTy::Scalar("uint64"), false),
            (OptTy::Msg(mfull.clone()), true),
        ];
        for (i, (ty, rep)) in specs.into_iter().enumerate() {
            let name = self.snake();
            self.syms.add(&join(&mfull, &name), Sym::Field);
            let (label, fty) = option_field(&ty, rep, ctx.syntax);
            msg.fields.push(Field {
                name: name.clone(),
                number: i as i64 + 1,
                label,
                ty: fty,
                options: vec![],
            });
            fields.push((name, ty, rep));
        }
        let mut any = None;
        if self.rng.chance(40) {
            ctx.wkt.insert("google/protobuf/any.proto");
            let name = self.snake();
            self.syms.add(&join(&mfull, &name), Sym::Field);
            let label = if ctx.syntax == Syntax::Proto2 {
                Label::Optional
            } else {
                Label::None
            };
            msg.fields.push(Field {
                name: name.clone(),
                number: 20,
                label,
                ty: FieldTy::Named("google.protobuf.Any".into()),
                options: vec![],
            });
            any = Some(name);
        }
        let mut exts = Vec::new();
        if !proto3 {
            msg.ext_ranges.push(ExtRange {
                start: 100,
                end: 199,
                to_max: false,
                options: vec![],
            });
            // Extensions of the value message, for `[ext]` keys in aggregates.
            let mut ext = Extend {
                extendee: mfull.clone(),
                scope: scope.clone(),
                fields: vec![],
            };
            for (k, ty) in [OptTy::Scalar("int32"), OptTy::Msg(mfull.clone())]
                .into_iter()
                .enumerate()
            {
                let name = self.snake();
                let full = join(&scope, &name);
                self.syms.add(&full, Sym::Field);
                let fty = match &ty {
                    OptTy::Scalar(s) => FieldTy::Scalar(s),
                    OptTy::Enum(e) | OptTy::Msg(e) => FieldTy::Named(e.clone()),
                };
                let label = if ctx.syntax == Syntax::Proto2 {
                    Label::Optional
                } else {
                    Label::None
                };
                ext.fields.push(Field {
                    name,
                    number: 100 + k as i64,
                    label,
                    ty: fty,
                    options: vec![],
                });
                exts.push((full, ty));
            }
            file.extends.push(ext);
        }
        ctx.opt_messages.push(msg);
        self.types.push(TypeInfo {
            full: mfull.clone(),
            file: ctx.idx,
            is_enum: false,
            open: false,
            values: vec![],
            exported: true,
            zero_first: false,
        });
        self.opt_msgs
            .insert(mfull.clone(), OptMsg { fields, exts, any });
        // The options themselves.
        let kinds: Vec<&'static str> = OPTION_KINDS.to_vec();
        for kind in kinds {
            if !self.rng.chance(60) {
                continue;
            }
            let mut ext = Extend {
                extendee: format!("google.protobuf.{kind}"),
                scope: scope.clone(),
                fields: vec![],
            };
            for _ in 0..1 + self.rng.below(3) {
                let name = self.snake();
                let full = join(&scope, &name);
                self.syms.add(&full, Sym::Field);
                let ty = match self.rng.below(4) {
                    0 => OptTy::Msg(mfull.clone()),
                    1 => OptTy::Enum(efull.clone()),
                    _ => OptTy::Scalar(SCALARS[self.rng.below(SCALARS.len())]),
                };
                let repeated = self.rng.chance(15);
                let (label, fty) = option_field(&ty, repeated, ctx.syntax);
                let number = 50000 + self.id() as i64;
                let mut options = vec![];
                if self.rng.chance(15) {
                    options.push(plain(
                        "retention",
                        if self.rng.chance(50) {
                            "RETENTION_SOURCE"
                        } else {
                            "RETENTION_RUNTIME"
                        },
                    ));
                }
                ext.fields.push(Field {
                    name,
                    number,
                    label,
                    ty: fty,
                    options,
                });
                self.opt_defs.push(OptDef {
                    ext: full,
                    file: ctx.idx,
                    extendee: kind,
                    ty,
                    repeated,
                });
            }
            file.extends.push(ext);
        }
        self.types.push(TypeInfo {
            full: efull,
            file: ctx.idx,
            is_enum: true,
            open: ctx.syntax != Syntax::Proto2,
            values: vec![],
            exported: true,
            zero_first: true,
        });
    }

    fn vis_keyword(&mut self, ctx: &Ctx, top: bool, must_export: bool) -> Option<&'static str> {
        if ctx.syntax != Syntax::Ed2024 {
            return None;
        }
        if must_export {
            return if ctx.vis_default.0 && top && self.rng.chance(70) {
                None
            } else {
                Some("export")
            };
        }
        if ctx.strict && !top {
            return if self.rng.chance(50) {
                Some("local")
            } else {
                None
            };
        }
        match self.rng.below(4) {
            0 => Some("export"),
            1 => Some("local"),
            _ => None,
        }
    }

    fn exported(ctx: &Ctx, top: bool, vis: Option<&str>) -> bool {
        match vis {
            Some("export") => true,
            Some(_) => false,
            None => {
                if top {
                    ctx.vis_default.0
                } else {
                    ctx.vis_default.1
                }
            }
        }
    }

    /// Under STRICT visibility, a top-level message that only holds
    /// exported enums: not `export` itself, and reserving every number.
    fn enum_namespace(&mut self, scope: &str, ctx: &Ctx) -> Msg {
        let name = self.camel();
        let full = join(scope, &name);
        self.syms.add(&full, Sym::Message);
        let vis = if self.rng.chance(50) {
            Some("local")
        } else {
            None
        };
        let mut m = Msg {
            name,
            full: full.clone(),
            vis,
            namespace: true,
            ..Default::default()
        };
        for _ in 0..1 + self.rng.below(2) {
            let mut e = self.gen_enum(&full, ctx, false);
            e.vis = Some("export");
            if let Some(t) = self.types.iter_mut().find(|t| t.full == e.full) {
                t.exported = true;
            }
            m.enums.push(e);
        }
        m.reserved
            .push(Reserved::Numbers(vec![(1, 536_870_911)], true));
        self.types.push(TypeInfo {
            full,
            file: ctx.idx,
            is_enum: false,
            open: false,
            values: vec![],
            exported: false,
            zero_first: false,
        });
        m
    }

    /// A message with its nested types and names, fields still to fill.
    pub(super) fn skeleton_msg(&mut self, scope: &str, ctx: &Ctx, depth: usize) -> Msg {
        let name = self.camel();
        let full = join(scope, &name);
        self.syms.add(&full, Sym::Message);
        let vis = self.vis_keyword(ctx, depth == 0, false);
        let exported = Self::exported(ctx, depth == 0, vis);
        let mut m = Msg {
            name,
            full: full.clone(),
            vis,
            ..Default::default()
        };
        if depth < 2 {
            for _ in 0..self.rng.below(3) {
                if self.rng.chance(60) {
                    let n = self.skeleton_msg(&full, ctx, depth + 1);
                    m.messages.push(n);
                } else {
                    let e = self.gen_enum(&full, ctx, false);
                    m.enums.push(e);
                }
            }
        }
        self.types.push(TypeInfo {
            full: full.clone(),
            file: ctx.idx,
            is_enum: false,
            open: false,
            values: vec![],
            exported,
            zero_first: false,
        });
        if ctx.syntax != Syntax::Proto3 && self.rng.chance(35) {
            let start = 1000 + 100 * self.rng.range(0, 5);
            let to_max = self.rng.chance(20);
            let end = if to_max { 536_870_911 } else { start + 99 };
            let declared = self.rng.chance(35);
            let mut options = Vec::new();
            if declared {
                if self.rng.chance(50) {
                    options.push(plain("verification", "DECLARATION"));
                }
                if self.rng.chance(40) {
                    // The range's last number, which no extension takes.
                    let mut entries = vec![agg_field("number", &end.to_string())];
                    if self.rng.chance(50) {
                        entries.push(agg_field("full_name", &format!("\".{full}.retired\"")));
                        entries.push(agg_field("type", "\"int32\""));
                    }
                    entries.push(agg_field("reserved", "true"));
                    self.declare(&full, entries);
                }
            } else if self.rng.chance(15) {
                options.push(plain("verification", "UNVERIFIED"));
            }
            m.ext_ranges.push(ExtRange {
                start,
                end,
                to_max,
                options,
            });
            self.extendable.push(Extendable {
                full,
                file: ctx.idx,
                exported,
                next: start,
                end,
                declared,
            });
        }
        m
    }

    pub(super) fn gen_enum(&mut self, scope: &str, ctx: &Ctx, top: bool) -> Enum {
        let name = self.camel();
        let full = join(scope, &name);
        self.syms.add(&full, Sym::Enum);
        let vis = self.vis_keyword(ctx, top, false);
        let exported = Self::exported(ctx, top, vis);
        let mut options = Vec::new();
        let mut closed = ctx.closed;
        if ctx.syntax.editions() && self.rng.chance(25) {
            closed = self.rng.chance(50);
            options.push(plain(
                "features.enum_type",
                if closed { "CLOSED" } else { "OPEN" },
            ));
        }
        let prefix = name.to_uppercase();
        let mut reserved = Vec::new();
        let mut banned: Vec<(i64, i64)> = Vec::new();
        if self.rng.chance(30) {
            let lo = 3000 + 10 * self.rng.range(0, 50);
            let mut ranges = vec![(lo, lo + self.rng.range(0, 5))];
            if self.rng.chance(40) {
                ranges.push((-1000 - self.rng.range(0, 9), -1000));
            }
            let to_max = self.rng.chance(25);
            if to_max {
                ranges.push((1_000_000, 2147483647));
            }
            banned.extend(ranges.iter().copied());
            reserved.push(Reserved::Numbers(ranges, to_max));
        }
        let mut values = Vec::new();
        let mut used = HashSet::new();
        let count = 1 + self.rng.below(5);
        for i in 0..count {
            let number = if i == 0 && !closed {
                0
            } else {
                loop {
                    let n = match self.rng.below(4) {
                        0 => self.rng.range(-20, -1),
                        1 => self.rng.range(100, 70000),
                        2 => *self.rng.pick(&[2147483647, -2147483648, 0x7f, 0o17]),
                        _ => self.rng.range(0, 12),
                    };
                    if !banned.iter().any(|&(a, b)| a <= n && n <= b) && used.insert(n) {
                        break n;
                    }
                }
            };
            used.insert(number);
            let vname = format!("{prefix}_{}", self.word().to_uppercase());
            let vname = format!("{vname}{}", self.id());
            let mut vopts = Vec::new();
            if self.rng.chance(10) {
                vopts.push(plain("deprecated", "true"));
            }
            if self.rng.chance(5) {
                vopts.push(plain("debug_redact", "true"));
            }
            values.push(EnumValue {
                name: vname,
                number,
                options: vopts,
            });
        }
        if self.rng.chance(15) {
            // An alias of an existing value.
            let of = values[self.rng.below(values.len())].number;
            let vname = format!("{prefix}_ALIAS{}", self.id());
            values.push(EnumValue {
                name: vname,
                number: of,
                options: vec![],
            });
            options.push(plain("allow_alias", "true"));
        }
        for v in &values {
            self.syms.add(&join(scope, &v.name), Sym::EnumValue);
        }
        if self.rng.chance(20) {
            let n = format!("{}_GONE{}", prefix, self.id());
            reserved.push(Reserved::Names(vec![n]));
        }
        if self.rng.chance(10) {
            options.push(plain("deprecated", "true"));
        }
        let names = values.iter().map(|v| v.name.clone()).collect();
        let zero_first = values[0].number == 0;
        self.types.push(TypeInfo {
            full: full.clone(),
            file: ctx.idx,
            is_enum: true,
            open: !closed,
            values: names,
            exported,
            zero_first,
        });
        Enum {
            name,
            full,
            vis,
            values,
            reserved,
            options,
        }
    }
}

/// The label and field type declaring an option (or option message field)
/// of type `ty` in a file of `syntax`.
fn option_field(ty: &OptTy, repeated: bool, syntax: Syntax) -> (Label, FieldTy) {
    let label = match (repeated, syntax) {
        (true, _) => Label::Repeated,
        (false, Syntax::Proto2) => Label::Optional,
        _ => Label::None,
    };
    let fty = match ty {
        OptTy::Scalar(s) => FieldTy::Scalar(s),
        OptTy::Enum(e) | OptTy::Msg(e) => FieldTy::Named(e.clone()),
    };
    (label, fty)
}

pub fn join(scope: &str, name: &str) -> String {
    if scope.is_empty() {
        name.to_string()
    } else {
        format!("{scope}.{name}")
    }
}

/// The scope protoc resolves file options in: the package.
pub fn scope_of_file(package: &str) -> String {
    package.to_string()
}

pub fn tokens(t: &str) -> Value {
    Value::Tokens(vec![t.to_string()])
}

/// A `name: value` entry of an aggregate value.
pub fn agg_field(name: &str, value: &str) -> AggEntry {
    AggEntry {
        key: AggKey::Field(name.into()),
        value: AggValue::Scalar(vec![value.into()]),
    }
}

/// The language whose features a [`lang_feature`] sets.
#[derive(Clone, Copy)]
pub(super) enum Lang {
    Cpp,
    Java,
}

/// A language feature (`features.(pb.cpp).string_type = VIEW`), with the
/// import of the file defining it.
pub(super) fn lang_feature(ctx: &mut Ctx, lang: Lang, field: &str, value: &str) -> Opt {
    let (ext, file) = match lang {
        Lang::Cpp => ("pb.cpp", "google/protobuf/cpp_features.proto"),
        Lang::Java => ("pb.java", "google/protobuf/java_features.proto"),
    };
    ctx.wkt.insert(file);
    Opt {
        name: OptName::Feature {
            ext: ext.into(),
            field: field.into(),
        },
        value: tokens(value),
    }
}

impl Gen {
    /// Records a `declaration` (its entries) for the extension range of
    /// the message `extendee`; [`place_declarations`] adds it.
    pub(super) fn declare(&mut self, extendee: &str, entries: Vec<AggEntry>) {
        self.declarations
            .entry(extendee.to_string())
            .or_default()
            .push(Opt {
                name: OptName::Plain("declaration".into()),
                value: Value::Aggregate(entries),
            });
    }
}

/// Adds the collected `declaration` options to the extension ranges they
/// belong to.
pub fn place_declarations(g: &mut Gen) {
    fn walk(msgs: &mut [Msg], decls: &mut HashMap<String, Vec<Opt>>) {
        for m in msgs {
            if let Some(d) = decls.remove(&m.full) {
                if let Some(r) = m.ext_ranges.first_mut() {
                    r.options.extend(d);
                }
            }
            walk(&mut m.messages, decls);
        }
    }
    let mut decls = std::mem::take(&mut g.declarations);
    for f in &mut g.files {
        walk(&mut f.messages, &mut decls);
    }
}

pub fn plain(name: &str, value: &str) -> Opt {
    Opt {
        name: OptName::Plain(name.to_string()),
        value: tokens(value),
    }
}

impl Gen {
    pub(super) fn visible_types(&self, ctx: &Ctx) -> Vec<usize> {
        (0..self.types.len())
            .filter(|&i| {
                let t = &self.types[i];
                ctx.type_files.contains(&t.file) && (t.file == ctx.idx || t.exported)
            })
            .collect()
    }
}
