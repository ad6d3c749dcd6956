//! The shape of a file as the formatter prints it: declarations,
//! definitions, types, paths and values, each naming the tokens it was
//! read from. Angle brackets (`map<K, V>`, `<a: 1>` values) are fused
//! here, as they are only known to pair once parsed.

use super::lex::{Cursor, Id, Kind, Stream};

/// A path component: an optional `.` or `/` before a name, which is an
/// identifier or a parenthesised extension name.
pub struct Component {
    pub sep: Option<Id>,
    pub name: Name,
}

pub enum Name {
    Ident(Id),
    Extension(Id, Path),
}

pub struct Path(pub Vec<Component>);

impl Path {
    /// The token a path starts with: its leading separator or first name.
    pub fn first_token(&self) -> Option<Id> {
        let c = self.0.first()?;
        Some(match (c.sep, &c.name) {
            (Some(sep), _) => sep,
            (None, Name::Ident(t) | Name::Extension(t, _)) => *t,
        })
    }

    /// The token a path ends with: its last identifier, or the `)` of a
    /// last extension name.
    pub fn last_token(&self, s: &Stream) -> Option<Id> {
        Some(match &self.0.last()?.name {
            Name::Ident(t) => *t,
            Name::Extension(t, _) => s.close(*t),
        })
    }
}

pub enum Type {
    Path(Path),
    Prefixed(Id, Box<Type>),
    Generic {
        path: Path,
        angles: Id,
        args: Vec<Type>,
        commas: Vec<Id>,
    },
}

pub enum Expr {
    Literal(Id),
    Path(Path),
    Prefixed(Id, Box<Expr>),
    Range(Box<Expr>, Id, Box<Expr>),
    Array {
        open: Id,
        elems: Vec<Expr>,
        commas: Vec<Id>,
    },
    Dict {
        open: Id,
        fields: Vec<Field>,
    },
}

pub struct Field {
    pub key: Expr,
    pub colon: Option<Id>,
    pub value: Expr,
    /// The `,` or `;` after the field, which the formatter drops.
    pub sep: Option<Id>,
}

pub struct OptionEntry {
    pub path: Path,
    pub eq: Option<Id>,
    pub value: Option<Expr>,
}

pub struct CompactOptions {
    pub open: Id,
    pub entries: Vec<OptionEntry>,
    pub commas: Vec<Id>,
}

pub struct TypeList {
    pub open: Id,
    pub types: Vec<Type>,
    pub commas: Vec<Id>,
}

pub struct Signature {
    pub inputs: TypeList,
    pub returns: Option<Id>,
    pub outputs: Option<TypeList>,
}

pub struct Body {
    pub open: Id,
    pub decls: Vec<Decl>,
}

/// A definition: message, enum, service, oneof, extend, field, group,
/// enum value or method. Its parts print in this order.
pub struct Def {
    pub prefixes: Vec<Id>,
    pub keyword: Option<Id>,
    pub ty: Option<Type>,
    pub name: Option<Path>,
    pub signature: Option<Signature>,
    pub eq: Option<Id>,
    pub value: Option<Expr>,
    pub options: Option<CompactOptions>,
    pub body: Option<Body>,
    pub semi: Option<Id>,
}

pub enum Decl {
    Empty(Id),
    /// `syntax = "proto3";` or `edition = "2023";`.
    Syntax {
        keyword: Id,
        eq: Id,
        value: Expr,
        options: Option<CompactOptions>,
        semi: Id,
    },
    Package {
        keyword: Id,
        path: Path,
        options: Option<CompactOptions>,
        semi: Id,
    },
    Import {
        keyword: Id,
        modifiers: Vec<Id>,
        path: Expr,
        options: Option<CompactOptions>,
        semi: Id,
    },
    Option {
        keyword: Id,
        path: Path,
        eq: Option<Id>,
        value: Option<Expr>,
        semi: Id,
    },
    /// `reserved ...;` or `extensions ...;`.
    Range {
        keyword: Id,
        ranges: Vec<Expr>,
        commas: Vec<Id>,
        options: Option<CompactOptions>,
        semi: Id,
    },
    Def(Box<Def>),
}

impl Decl {
    /// Whether this is an `import option` (edition 2024), sorted after
    /// the other imports.
    pub fn is_import_option(&self, s: &Stream) -> bool {
        matches!(self, Decl::Import { modifiers, .. } if modifiers.iter().any(|&m| s.text(m) == "option"))
    }
}

/// A syntax error: byte offset and message.
pub struct ParseError {
    pub offset: usize,
    pub message: String,
}

struct Parser<'s, 'a> {
    s: &'s mut Stream<'a>,
}

type R<T> = Result<T, ParseError>;

const DEF_PREFIXES: &[&str] = &["export", "local"];
const BODY_KEYWORDS: &[&str] = &["message", "enum", "service", "oneof", "extend"];

pub fn parse(s: &mut Stream) -> Result<Vec<Decl>, ParseError> {
    let mut p = Parser { s };
    let mut c = p.s.cursor();
    p.decls(&mut c)
}

impl Parser<'_, '_> {
    fn text(&self, id: Option<Id>) -> &str {
        id.map_or("", |id| self.s.text(id))
    }

    fn err<T>(&self, at: Option<Id>, message: impl Into<String>) -> R<T> {
        let offset = at.map_or(self.s.text.len(), |id| self.s.offset(id));
        Err(ParseError {
            offset,
            message: message.into(),
        })
    }

    fn expect(&mut self, c: &mut Cursor, want: &str) -> R<Id> {
        let next = c.peek(self.s);
        if self.text(next) == want {
            c.next(self.s);
            return Ok(next.unwrap_or_default());
        }
        let got = match next {
            Some(id) => format!("`{}`", self.s.text(id)),
            None => "end of input".into(),
        };
        self.err(next, format!("expected `{want}`, found {got}"))
    }

    fn eat(&mut self, c: &mut Cursor, want: &str) -> Option<Id> {
        let next = c.peek(self.s);
        if self.text(next) == want && next.is_some_and(|n| !self.s.is_fused(n)) {
            c.next(self.s);
            return next;
        }
        None
    }

    fn decls(&mut self, c: &mut Cursor) -> R<Vec<Decl>> {
        let mut out = Vec::new();
        while c.peek(self.s).is_some() {
            out.push(self.decl(c)?);
        }
        Ok(out)
    }

    fn is_ident(&self, id: Option<Id>) -> bool {
        id.is_some_and(|id| self.s.kind(id) == Kind::Ident)
    }

    fn decl(&mut self, c: &mut Cursor) -> R<Decl> {
        let first = c.peek(self.s);
        let word = self.text(first).to_string();
        let mut ahead = *c;
        ahead.next(self.s);
        let second = ahead.peek(self.s);
        let second_text = self.text(second).to_string();
        if word == ";" {
            c.next(self.s);
            return Ok(Decl::Empty(first.unwrap_or_default()));
        }
        if !self.is_ident(first) && word != "." {
            return self.err(first, format!("unexpected `{word}`"));
        }
        match word.as_str() {
            "syntax" | "edition" if second_text == "=" => {
                let keyword = c.next(self.s).unwrap_or_default();
                let eq = self.expect(c, "=")?;
                let value = self.expr(c)?;
                let options = self.compact_options(c)?;
                let semi = self.expect(c, ";")?;
                Ok(Decl::Syntax {
                    keyword,
                    eq,
                    value,
                    options,
                    semi,
                })
            }
            "package" if second_text != "=" && second_text != ";" || second_text == "." => {
                let keyword = c.next(self.s).unwrap_or_default();
                let path = self.path(c)?;
                let options = self.compact_options(c)?;
                let semi = self.expect(c, ";")?;
                Ok(Decl::Package {
                    keyword,
                    path,
                    options,
                    semi,
                })
            }
            "import"
                if second.is_some_and(|s| self.s.kind(s) == Kind::String)
                    || matches!(second_text.as_str(), "public" | "weak" | "option") =>
            {
                let keyword = c.next(self.s).unwrap_or_default();
                let mut modifiers = Vec::new();
                while matches!(self.text(c.peek(self.s)), "public" | "weak" | "option") {
                    modifiers.push(c.next(self.s).unwrap_or_default());
                }
                let path = self.expr(c)?;
                let options = self.compact_options(c)?;
                let semi = self.expect(c, ";")?;
                Ok(Decl::Import {
                    keyword,
                    modifiers,
                    path,
                    options,
                    semi,
                })
            }
            "option" if second_text != "=" => {
                let keyword = c.next(self.s).unwrap_or_default();
                let path = self.path(c)?;
                let eq = self.eat(c, "=");
                let value = if eq.is_some() {
                    Some(self.expr(c)?)
                } else {
                    None
                };
                let semi = self.expect(c, ";")?;
                Ok(Decl::Option {
                    keyword,
                    path,
                    eq,
                    value,
                    semi,
                })
            }
            "reserved" | "extensions"
                if second.is_some_and(|s| {
                    matches!(self.s.kind(s), Kind::Number | Kind::String) || second_text == "-"
                }) || (word == "reserved"
                    && self.is_ident(second)
                    && matches!(self.text(ahead_after(self.s, ahead)), "," | ";")) =>
            {
                let keyword = c.next(self.s).unwrap_or_default();
                let mut ranges = vec![self.range(c)?];
                let mut commas = Vec::new();
                while let Some(comma) = self.eat(c, ",") {
                    commas.push(comma);
                    ranges.push(self.range(c)?);
                }
                let options = self.compact_options(c)?;
                let semi = self.expect(c, ";")?;
                Ok(Decl::Range {
                    keyword,
                    ranges,
                    commas,
                    options,
                    semi,
                })
            }
            _ => Ok(Decl::Def(Box::new(self.def(c)?))),
        }
    }

    fn range(&mut self, c: &mut Cursor) -> R<Expr> {
        let start = self.expr(c)?;
        if self.text(c.peek(self.s)) == "to" {
            let to = c.next(self.s).unwrap_or_default();
            let end = self.expr(c)?;
            return Ok(Expr::Range(Box::new(start), to, Box::new(end)));
        }
        Ok(start)
    }

    fn def(&mut self, c: &mut Cursor) -> R<Def> {
        let mut def = Def {
            prefixes: Vec::new(),
            keyword: None,
            ty: None,
            name: None,
            signature: None,
            eq: None,
            value: None,
            options: None,
            body: None,
            semi: None,
        };
        while DEF_PREFIXES.contains(&self.text(c.peek(self.s)))
            && self.is_ident(ahead_after(self.s, *c))
        {
            def.prefixes.push(c.next(self.s).unwrap_or_default());
        }
        let word = self.text(c.peek(self.s)).to_string();
        let after = ahead_after(self.s, *c);
        if BODY_KEYWORDS.contains(&word.as_str()) {
            let mut ahead = *c;
            let keyword = ahead.next(self.s);
            if let Ok(name) = self.path(&mut ahead) {
                if self.s.bracket(ahead.peek(self.s).unwrap_or(0)) == "{" {
                    *c = ahead;
                    def.keyword = keyword;
                    def.name = Some(name);
                    def.body = Some(self.body(c)?);
                    return Ok(def);
                }
            }
        }
        if word == "rpc" && self.is_ident(after) {
            def.keyword = c.next(self.s);
            def.name = Some(self.path(c)?);
            let inputs = self.type_list(c)?;
            let returns = Some(self.expect(c, "returns")?);
            let outputs = Some(self.type_list(c)?);
            def.signature = Some(Signature {
                inputs,
                returns,
                outputs,
            });
            def.options = self.compact_options(c)?;
            if self.text(c.peek(self.s)) == "{" {
                def.body = Some(self.body(c)?);
            } else {
                def.semi = Some(self.expect(c, ";")?);
            }
            return Ok(def);
        }
        // Labels, then `group Name`, or a type and a name, or a lone name
        // (an enum value). A label with nothing after it that can be a type
        // is the type itself (`optional optional x = 1;`).
        let mut mods = self.modifiers(c, false);
        if self.text(c.peek(self.s)) == "group" && self.is_ident(ahead_after(self.s, *c)) {
            def.prefixes.extend(mods);
            def.keyword = c.next(self.s);
            def.name = Some(self.path(c)?);
        } else {
            let ty = self.type_after_modifiers(c, &mut mods)?;
            if self.starts_path(c.peek(self.s)) {
                def.name = Some(self.path(c)?);
                def.ty = Some(ty);
            } else {
                match ty {
                    Type::Path(p) => {
                        def.name = Some(p);
                        if let Some(last) = mods.pop() {
                            def.ty = Some(Type::Path(self.ident_path(last)));
                        }
                    }
                    _ => return self.err(c.peek(self.s), "expected a field name"),
                }
            }
            def.prefixes.extend(mods);
        }
        if let Some(eq) = self.eat(c, "=") {
            def.eq = Some(eq);
            def.value = Some(self.expr(c)?);
        }
        def.options = self.compact_options(c)?;
        if def.keyword.is_some() {
            def.body = Some(self.body(c)?);
        } else {
            def.semi = Some(self.expect(c, ";")?);
        }
        Ok(def)
    }

    fn body(&mut self, c: &mut Cursor) -> R<Body> {
        let open = self.expect(c, "{")?;
        let mut inner = self.s.children(open);
        let decls = self.decls(&mut inner)?;
        Ok(Body { open, decls })
    }

    fn type_list(&mut self, c: &mut Cursor) -> R<TypeList> {
        let open = self.expect(c, "(")?;
        let mut inner = self.s.children(open);
        let mut types = Vec::new();
        let mut commas = Vec::new();
        while inner.peek(self.s).is_some() {
            if !types.is_empty() {
                commas.push(self.expect(&mut inner, ",")?);
            }
            types.push(self.ty(&mut inner)?);
        }
        Ok(TypeList {
            open,
            types,
            commas,
        })
    }

    /// Field labels and `stream`, each followed by more of a type.
    /// In a field, a label is a modifier even when a path follows it
    /// without a space (`repeated.foo.Bar`); in a list, `stream` is.
    fn modifiers(&mut self, c: &mut Cursor, in_list: bool) -> Vec<Id> {
        let mut mods = Vec::new();
        loop {
            let word = self.text(c.peek(self.s));
            let glued = matches!(self.text(ahead_after(self.s, *c)), "." | "/");
            let take = match word {
                "optional" | "required" | "repeated" => !in_list || !glued,
                "stream" => in_list || !glued,
                _ => false,
            };
            if !take {
                return mods;
            }
            mods.push(c.next(self.s).unwrap_or_default());
        }
    }

    fn starts_path(&self, id: Option<Id>) -> bool {
        self.is_ident(id) || self.text(id) == "." || id.is_some_and(|i| self.s.bracket(i) == "(")
    }

    fn ident_path(&self, id: Id) -> Path {
        Path(vec![Component {
            sep: None,
            name: Name::Ident(id),
        }])
    }

    /// A type, its modifiers folded in; a last modifier with no type
    /// after it is the type.
    fn type_after_modifiers(&mut self, c: &mut Cursor, mods: &mut Vec<Id>) -> R<Type> {
        let base = if self.starts_path(c.peek(self.s)) || mods.is_empty() {
            self.plain_type(c)?
        } else {
            let last = mods.pop().unwrap_or_default();
            Type::Path(self.ident_path(last))
        };
        Ok(base)
    }

    /// A type in a method's parentheses or a map's angle brackets.
    fn ty(&mut self, c: &mut Cursor) -> R<Type> {
        let mut mods = self.modifiers(c, true);
        let mut ty = self.type_after_modifiers(c, &mut mods)?;
        while let Some(m) = mods.pop() {
            ty = Type::Prefixed(m, Box::new(ty));
        }
        Ok(ty)
    }

    fn plain_type(&mut self, c: &mut Cursor) -> R<Type> {
        let path = self.path(c)?;
        if self.text(c.peek(self.s)) != "<" {
            return Ok(Type::Path(path));
        }
        let angles = c.next(self.s).unwrap_or_default();
        let mut args = Vec::new();
        let mut commas = Vec::new();
        loop {
            args.push(self.ty(c)?);
            match self.text(c.peek(self.s)) {
                "," => commas.push(c.next(self.s).unwrap_or_default()),
                ">" => break,
                _ => return self.err(c.peek(self.s), "expected `,` or `>`"),
            }
        }
        let close = c.next(self.s).unwrap_or_default();
        self.s.fuse(angles, close);
        Ok(Type::Generic {
            path,
            angles,
            args,
            commas,
        })
    }

    fn path(&mut self, c: &mut Cursor) -> R<Path> {
        let mut comps = Vec::new();
        loop {
            let next = c.peek(self.s);
            let sep = match self.text(next) {
                "." | "/" if !comps.is_empty() || self.text(next) == "." => {
                    let after = ahead_after(self.s, *c);
                    if !self.is_ident(after) && self.s.bracket(after.unwrap_or(0)) != "(" {
                        if comps.is_empty() {
                            return self.err(after, "expected a name");
                        }
                        break;
                    }
                    c.next(self.s);
                    next
                }
                _ if comps.is_empty() => None,
                _ => break,
            };
            let name_tok = c.peek(self.s);
            let name = match name_tok {
                Some(id) if self.s.kind(id) == Kind::Ident => {
                    c.next(self.s);
                    Name::Ident(id)
                }
                Some(id) if self.s.bracket(id) == "(" => {
                    c.next(self.s);
                    let mut inner = self.s.children(id);
                    let path = self.path(&mut inner)?;
                    if let Some(extra) = inner.peek(self.s) {
                        return self.err(Some(extra), "expected `)`");
                    }
                    Name::Extension(id, path)
                }
                _ => return self.err(name_tok, "expected a name"),
            };
            comps.push(Component { sep, name });
        }
        Ok(Path(comps))
    }

    fn compact_options(&mut self, c: &mut Cursor) -> R<Option<CompactOptions>> {
        let next = c.peek(self.s);
        let Some(open) = next.filter(|&n| self.s.bracket(n) == "[") else {
            return Ok(None);
        };
        c.next(self.s);
        let mut inner = self.s.children(open);
        let mut entries = Vec::new();
        let mut commas = Vec::new();
        while inner.peek(self.s).is_some() {
            if !entries.is_empty() {
                commas.push(self.expect(&mut inner, ",")?);
            }
            let path = self.path(&mut inner)?;
            let eq = self.eat(&mut inner, "=");
            let value = if eq.is_some() {
                Some(self.expr(&mut inner)?)
            } else {
                None
            };
            entries.push(OptionEntry { path, eq, value });
        }
        Ok(Some(CompactOptions {
            open,
            entries,
            commas,
        }))
    }

    fn expr(&mut self, c: &mut Cursor) -> R<Expr> {
        let next = c.peek(self.s);
        let Some(id) = next else {
            return self.err(None, "expected a value, found end of input");
        };
        if self.s.text(id) == "-" {
            c.next(self.s);
            return Ok(Expr::Prefixed(id, Box::new(self.expr(c)?)));
        }
        match self.s.kind(id) {
            Kind::String | Kind::Number => {
                c.next(self.s);
                return Ok(Expr::Literal(id));
            }
            Kind::Ident => return Ok(Expr::Path(self.path(c)?)),
            _ => {}
        }
        match (self.s.bracket(id), self.s.text(id)) {
            ("[", _) => {
                c.next(self.s);
                let mut inner = self.s.children(id);
                let mut elems = Vec::new();
                let mut commas = Vec::new();
                while inner.peek(self.s).is_some() {
                    if !elems.is_empty() {
                        commas.push(self.expect(&mut inner, ",")?);
                    }
                    elems.push(self.expr(&mut inner)?);
                }
                Ok(Expr::Array {
                    open: id,
                    elems,
                    commas,
                })
            }
            ("{", _) => {
                c.next(self.s);
                let mut inner = self.s.children(id);
                let fields = self.fields(&mut inner, None)?;
                Ok(Expr::Dict { open: id, fields })
            }
            (_, "<") => {
                c.next(self.s);
                let fields = self.fields(c, Some(">"))?;
                let close = self.expect(c, ">")?;
                self.s.fuse(id, close);
                Ok(Expr::Dict { open: id, fields })
            }
            ("", ".") => Ok(Expr::Path(self.path(c)?)),
            _ => self.err(next, format!("unexpected `{}`", self.s.text(id))),
        }
    }

    fn fields(&mut self, c: &mut Cursor, stop: Option<&str>) -> R<Vec<Field>> {
        let mut fields: Vec<Field> = Vec::new();
        loop {
            let next = c.peek(self.s);
            if next.is_none() || (stop.is_some() && self.text(next) == stop.unwrap_or_default()) {
                break;
            }
            let key = self.expr(c)?;
            let colon = self.eat(c, ":");
            let value = self.expr(c)?;
            let sep = match self.text(c.peek(self.s)) {
                "," | ";" => c.next(self.s),
                _ => None,
            };
            fields.push(Field {
                key,
                colon,
                value,
                sep,
            });
        }
        Ok(fields)
    }
}

/// The significant token after the next one.
fn ahead_after(s: &Stream, mut c: Cursor) -> Option<Id> {
    c.next(s);
    c.peek(s)
}
