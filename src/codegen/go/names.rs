//! The names pass of the Go generators: every Go name the generated code
//! declares or refers to, decided once for the whole request before any
//! code is written: each file's Go import path, package name and output
//! file name; each message's, enum's, value's, field's, oneof's and
//! extension's identifier, with protoc-gen-go's rules for camel-casing,
//! nesting and conflicts.

use std::collections::{HashMap, HashSet};

use super::params::{ApiLevelParam, Params, PathType};
use crate::semantic::model::features::ApiLevel;
use crate::semantic::model::{
    Cardinality, EnumId, FieldId, FileId, MessageId, Model, OneofId, Presence, Scope,
};

/// Where the Go package documentation explains import paths; protoc-gen-go
/// names it in its errors.
const GO_PACKAGE_DOC: &str = "https://protobuf.dev/reference/go/go-generated#package";

/// A Go identifier and the package that declares it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct GoIdent {
    pub name: String,
    pub import_path: String,
}

impl GoIdent {
    pub fn new(import_path: &str, name: impl Into<String>) -> GoIdent {
        GoIdent {
            name: name.into(),
            import_path: import_path.to_string(),
        }
    }
}

/// The Go facts of one .proto file.
#[derive(Clone, Debug)]
pub struct FileNames {
    pub import_path: String,
    pub package_name: String,
    /// The output name without `.pb.go` (before `module=` is stripped).
    pub prefix: String,
    /// `File_<sanitized path>`, the file descriptor's variable.
    pub descriptor_var: String,
    pub api_level: ApiLevel,
}

/// A field's (or an extension's) Go names.
#[derive(Clone, Debug, Default)]
pub struct FieldNames {
    /// The struct field (or, for an extension, the camel-cased name).
    pub go_name: String,
    /// `Parent_GoName`: the oneof wrapper type, or the extension's
    /// variable without its `E_` prefix.
    pub ident: String,
    /// For a field or oneof: the camel-cased name without `go_name`'s
    /// conflict underscores (`Build` gets one, camel-case twins get
    /// `_<number>`): the builder field and the base of the hybrid and
    /// opaque accessors.
    pub camel: String,
    /// Whether the hybrid API's accessors put `_` after their verb
    /// (`Get_Foo`) because a plain one would name another field.
    pub hybrid_conflict: bool,
}

/// Every Go name of a request.
pub struct Names {
    files: HashMap<FileId, FileNames>,
    messages: Vec<String>,
    message_api: Vec<ApiLevel>,
    enums: Vec<String>,
    /// Per enum value: its constant, and the prefixed alias that
    /// `strip_enum_prefix = GENERATE_BOTH` also declares (or empty).
    values: Vec<(String, String)>,
    fields: Vec<FieldNames>,
    extensions: Vec<FieldNames>,
    oneofs: Vec<FieldNames>,
}

impl Names {
    /// Names every file of `files` (the files to generate and what they
    /// import), or says why protoc-gen-go would refuse the request.
    pub fn new(model: &Model, files: &[FileId], params: &Params) -> Result<Names, String> {
        let mut names = Names {
            files: HashMap::new(),
            messages: vec![String::new(); model.messages.len()],
            message_api: vec![ApiLevel::Unspecified; model.messages.len()],
            enums: vec![String::new(); model.enums.len()],
            values: vec![Default::default(); model.enum_values.len()],
            fields: vec![Default::default(); model.fields.len()],
            extensions: vec![Default::default(); model.extensions.len()],
            oneofs: vec![Default::default(); model.oneofs.len()],
        };
        let mut package_names: HashMap<FileId, String> = HashMap::new();
        let mut import_paths: HashMap<FileId, String> = HashMap::new();
        for &file in files {
            let f = model.file(file);
            let name = &model[f.name];
            let go_package = f.options.go_package.clone().unwrap_or_default();
            let (imp, pkg) = split_go_package(&go_package);
            let import_path = match params.import_paths.get(name) {
                Some(p) if !p.is_empty() => p.clone(),
                _ => imp.to_string(),
            };
            let package_name = match params.package_names.get(name) {
                Some(p) if !p.is_empty() => p.clone(),
                _ => pkg.to_string(),
            };
            if import_path.is_empty() {
                return Err(format!(
                    "unable to determine Go import path for \"{name}\"\n\n\
                     Please specify either:\n\
                     \t• a \"go_package\" option in the .proto source file, or\n\
                     \t• a \"M\" argument on the command line.\n\n\
                     See {GO_PACKAGE_DOC} for more information.\n"
                ));
            }
            if !import_path.contains('.') && !import_path.contains('/') {
                return Err(format!(
                    "invalid Go import path \"{import_path}\" for \"{name}\"\n\n\
                     The import path must contain at least one period ('.') or forward slash ('/') character.\n\n\
                     See {GO_PACKAGE_DOC} for more information.\n"
                ));
            }
            let package_name = if package_name.is_empty() {
                // From go_package's import path first, then M's.
                let from = if imp.is_empty() { &import_path } else { imp };
                clean_package_name(base(from))
            } else {
                package_name
            };
            package_names.insert(file, package_name);
            import_paths.insert(file, import_path);
        }
        // Every file of one Go package must agree on its name.
        let mut by_path: HashMap<&str, (FileId, &str)> = HashMap::new();
        for &file in files {
            let path = import_paths[&file].as_str();
            let pkg = package_names[&file].as_str();
            match by_path.get(path) {
                Some(&(first, first_pkg)) if first_pkg != pkg => {
                    return Err(format!(
                        "Go package \"{path}\" has inconsistent names {first_pkg} ({}) and {pkg} ({})",
                        &model[model.file(first).name],
                        &model[model.file(file).name]
                    ));
                }
                Some(_) => {}
                None => {
                    by_path.insert(path, (file, pkg));
                }
            }
        }
        // The Go runtime refuses a file that imports one file twice (an
        // option import of a file it imports, publicly or not) and
        // MessageSets.
        for &file in files {
            check_imports(model, file).map_err(|e| {
                format!(
                    "invalid FileDescriptorProto \"{}\": proto: {e}",
                    &model[model.file(file).name]
                )
            })?;
            fn check(model: &Model, ms: &[MessageId]) -> Result<(), String> {
                for &m in ms {
                    let msg = model.message(m);
                    if msg.options.message_set_wire_format == Some(true) {
                        return Err(format!(
                            "message \"{}\" is a MessageSet, which is a legacy proto1 feature that is no longer supported",
                            &model[msg.full_name]
                        ));
                    }
                    check(model, &msg.messages)?;
                }
                Ok(())
            }
            check(model, &model.file(file).messages).map_err(|e| {
                format!(
                    "invalid FileDescriptorProto \"{}\": proto: {e}",
                    &model[model.file(file).name]
                )
            })?;
        }
        let default_api = match params.default_api_level {
            ApiLevelParam::Unspecified => ApiLevel::Open,
            ApiLevelParam::Level(l) => l,
        };
        for &file in files {
            let f = model.file(file);
            let name = model[f.name].to_string();
            let import_path = import_paths[&file].clone();
            let mut stem = name.as_str();
            for ext in [".proto", ".protodevel"] {
                if let Some(s) = stem.strip_suffix(ext) {
                    stem = s;
                    break;
                }
            }
            let prefix = match params.paths {
                PathType::Import => join(&import_path, base(stem)),
                PathType::SourceRelative => stem.to_string(),
            };
            let file_default = match params.api_levels.get(&name) {
                Some(&l) => l,
                None => default_api,
            };
            let api_level = match f.features.go().api_level {
                ApiLevel::Unspecified => file_default,
                l => l,
            };
            names.files.insert(
                file,
                FileNames {
                    package_name: package_names[&file].clone(),
                    prefix,
                    descriptor_var: format!("File_{}", go_sanitized(&name)),
                    api_level,
                    import_path,
                },
            );
            names.name_file(model, file);
        }
        Ok(names)
    }

    fn name_file(&mut self, model: &Model, file: FileId) {
        let f = model.file(file);
        let package = &model[f.package];
        let api = self.files[&file].api_level;
        let local = |full: &str| -> String {
            let name = if package.is_empty() {
                full
            } else {
                full.strip_prefix(package)
                    .and_then(|s| s.strip_prefix('.'))
                    .unwrap_or(full)
            };
            go_camel_case(name)
        };
        for &e in &f.enums {
            self.name_enum(model, e, None, &local);
        }
        for &m in &f.messages {
            self.name_message(model, m, api, &local);
        }
        for &x in &f.extensions {
            let camel = go_camel_case(&model[model.extension(x).name]);
            self.extensions[x.index()] = FieldNames {
                ident: camel.clone(),
                go_name: camel,
                ..Default::default()
            };
        }
    }

    fn name_enum(
        &mut self,
        model: &Model,
        e: EnumId,
        parent: Option<MessageId>,
        local: &dyn Fn(&str) -> String,
    ) {
        let en = model.enum_(e);
        let ident = local(&model[en.full_name]);
        let parent_ident = match parent {
            Some(m) => self.messages[m.index()].clone(),
            None => ident.clone(),
        };
        let prefix: String = model[en.name].to_lowercase().replace('_', "");
        for &v in &en.values {
            let value = model.enum_value(v);
            let raw = &model[value.name];
            let plain = format!("{parent_ident}_{raw}");
            let strip = value.features.go().strip_enum_prefix;
            use crate::semantic::model::features::StripEnumPrefix as S;
            let stripped = || format!("{parent_ident}_{}", trim_enum_prefix(raw, &prefix));
            self.values[v.index()] = match strip {
                S::Strip => (stripped(), String::new()),
                S::GenerateBoth => (stripped(), plain),
                _ => (plain, String::new()),
            };
        }
        self.enums[e.index()] = ident;
    }

    fn name_message(
        &mut self,
        model: &Model,
        m: MessageId,
        parent_api: ApiLevel,
        local: &dyn Fn(&str) -> String,
    ) {
        let msg = model.message(m);
        let ident = local(&model[msg.full_name]);
        self.messages[m.index()] = ident.clone();
        let api = match msg.features.go().api_level {
            ApiLevel::Unspecified => parent_api,
            l => l,
        };
        self.message_api[m.index()] = api;
        for &e in &msg.enums {
            self.name_enum(model, e, Some(m), local);
        }
        for &n in &msg.messages {
            self.name_message(model, n, api, local);
        }
        for &x in &msg.extensions {
            let camel = go_camel_case(&model[model.extension(x).name]);
            self.extensions[x.index()] = FieldNames {
                ident: format!("{ident}_{camel}"),
                go_name: camel,
                ..Default::default()
            };
        }
        // Field names that would collide with a generated method get
        // underscores, in declaration order.
        let mut used: HashMap<String, bool> = [
            "Reset",
            "String",
            "ProtoMessage",
            "Marshal",
            "Unmarshal",
            "ExtensionRangeArray",
            "ExtensionMap",
            "Descriptor",
        ]
        .iter()
        .map(|s| (s.to_string(), true))
        .collect();
        let mut unique = |mut name: String, has_getter: bool| {
            while used.get(&name).copied().unwrap_or(false)
                || (has_getter && used.get(&format!("Get{name}")).copied().unwrap_or(false))
            {
                name.push('_');
            }
            used.insert(name.clone(), true);
            used.insert(format!("Get{name}"), has_getter);
            name
        };
        let mut first_of_oneof: HashSet<OneofId> = HashSet::new();
        for &fid in &msg.fields {
            let field = model.field(fid);
            let go_name = unique(go_camel_case(&model[field.name]), true);
            self.fields[fid.index()] = FieldNames {
                ident: format!("{ident}_{go_name}"),
                go_name,
                ..Default::default()
            };
            if let Some((o, _)) = field.oneof {
                if first_of_oneof.insert(o) {
                    let go_name = unique(go_camel_case(&model[model.oneof(o).name]), false);
                    self.oneofs[o.index()] = FieldNames {
                        ident: format!("{ident}_{go_name}"),
                        go_name,
                        ..Default::default()
                    };
                }
            }
        }
        self.name_accessors(model, m);
        // A oneof wrapper type may not take a nested type's name.
        let nested: HashSet<String> = msg
            .messages
            .iter()
            .map(|&n| self.messages[n.index()].clone())
            .chain(msg.enums.iter().map(|&e| self.enums[e.index()].clone()))
            .collect();
        for &fid in &msg.fields {
            if model.field(fid).oneof.is_some() {
                let names = &mut self.fields[fid.index()];
                while nested.contains(&names.ident) {
                    names.ident.push('_');
                }
            }
        }
    }

    /// The accessor names of the hybrid and opaque APIs (protogen's
    /// `opaqueNewMessageHook`): every field's and oneof's camel-cased
    /// name, made unique, and whether the hybrid accessors need a `_`.
    fn name_accessors(&mut self, model: &Model, m: MessageId) {
        let msg = model.message(m);
        for &o in &msg.oneofs {
            self.oneofs[o.index()].camel = go_camel_case(&model[model.oneof(o).name]);
        }
        for &f in &msg.fields {
            let mut camel = go_camel_case(&model[model.field(f).name]);
            // The one globally reserved name.
            if camel == "Build" {
                camel.push('_');
            }
            self.fields[f.index()].camel = camel;
        }
        // Fields whose camel-cased names are equal (`_foo`, `X_foo`) both
        // take their numbers as suffixes.
        let mut seen: HashMap<String, FieldId> = HashMap::new();
        for &f in &msg.fields {
            let camel = self.fields[f.index()].camel.clone();
            if let Some(&other) = seen.get(&camel) {
                self.camel_suffix(model, other);
                self.camel_suffix(model, f);
                continue;
            }
            seen.insert(camel, f);
        }
        let mut camels: HashSet<String> = HashSet::new();
        for &f in &msg.fields {
            if let Some((o, _)) = model.field(f).oneof {
                camels.insert(self.oneofs[o.index()].camel.clone());
            }
            camels.insert(self.fields[f.index()].camel.clone());
        }
        for &f in &msg.fields {
            let field = model.field(f);
            let methods: &[&str] = if has_presence(field) {
                &["Set", "Get", "Has", "Clear"]
            } else {
                &["Set", "Get"]
            };
            let names = &mut self.fields[f.index()];
            if methods
                .iter()
                .any(|verb| camels.contains(&format!("{verb}{}", names.camel)))
            {
                names.hybrid_conflict = true;
            }
        }
        for &f in &msg.fields {
            let Some((o, _)) = model.field(f).oneof else {
                continue;
            };
            let names = &mut self.oneofs[o.index()];
            if ["Has", "Clear", "Which"]
                .iter()
                .any(|verb| camels.contains(&format!("{verb}{}", names.camel)))
            {
                names.hybrid_conflict = true;
            }
        }
    }

    /// Appends `_<number>` to a field's camel-cased name (and its
    /// oneof's).
    fn camel_suffix(&mut self, model: &Model, f: FieldId) {
        let field = model.field(f);
        let suffix = format!("_{}", field.number);
        self.fields[f.index()].camel.push_str(&suffix);
        if let Some((o, _)) = field.oneof {
            self.oneofs[o.index()].camel.push_str(&suffix);
        }
    }

    pub fn file(&self, file: FileId) -> &FileNames {
        &self.files[&file]
    }

    /// Whether the file is one of the request's (named by this pass).
    pub fn has_file(&self, file: FileId) -> bool {
        self.files.contains_key(&file)
    }

    pub fn message(&self, model: &Model, m: MessageId) -> GoIdent {
        let file = model.message(m).file;
        GoIdent::new(&self.files[&file].import_path, &self.messages[m.index()])
    }

    pub fn message_api(&self, m: MessageId) -> ApiLevel {
        self.message_api[m.index()]
    }

    pub fn enum_(&self, model: &Model, e: EnumId) -> GoIdent {
        let file = model.enum_(e).file;
        GoIdent::new(&self.files[&file].import_path, &self.enums[e.index()])
    }

    pub fn value(&self, model: &Model, v: crate::semantic::model::EnumValueId) -> GoIdent {
        let file = model.enum_(model.enum_value(v).enum_).file;
        GoIdent::new(&self.files[&file].import_path, &self.values[v.index()].0)
    }

    /// The prefixed alias of a value whose prefix is stripped, when the
    /// file asks for both names and they differ.
    pub fn value_alias(&self, v: crate::semantic::model::EnumValueId) -> Option<&str> {
        let (name, alias) = &self.values[v.index()];
        (!alias.is_empty() && alias != name).then_some(alias.as_str())
    }

    pub fn field(&self, f: FieldId) -> &FieldNames {
        &self.fields[f.index()]
    }

    pub fn extension(&self, x: crate::semantic::model::ExtensionId) -> &FieldNames {
        &self.extensions[x.index()]
    }

    pub fn oneof(&self, o: OneofId) -> &FieldNames {
        &self.oneofs[o.index()]
    }

    /// The file an entity's scope belongs to.
    pub fn scope_file(model: &Model, scope: Scope) -> FileId {
        match scope {
            Scope::File(f) => f,
            Scope::Message(m) => model.message(m).file,
        }
    }
}

/// The Go runtime's check of a file's imports: no file imported twice,
/// where a file's imports include what they import publicly, and an
/// option import may name none of them.
fn check_imports(model: &Model, file: FileId) -> Result<(), String> {
    fn public(model: &Model, file: FileId, set: &mut HashSet<FileId>) {
        for import in &model.file(file).imports {
            if import.public {
                set.insert(import.file);
                public(model, import.file, set);
            }
        }
    }
    let already = |f: FileId| format!("already imported \"{}\"", &model[model.file(f).name]);
    let f = model.file(file);
    let mut imported: HashSet<FileId> = HashSet::from([file]);
    for import in &f.imports {
        if !imported.insert(import.file) {
            return Err(already(import.file));
        }
    }
    for import in &f.imports {
        public(model, import.file, &mut imported);
    }
    let mut option_imported: HashSet<FileId> = HashSet::from([file]);
    for &o in &f.option_imports {
        if imported.contains(&o) || !option_imported.insert(o) {
            return Err(already(o));
        }
    }
    Ok(())
}

/// Whether a field tracks being set, as the Go runtime's `HasPresence`:
/// singular, and explicit (or required) or an extension.
pub fn has_presence(field: &crate::semantic::model::Field) -> bool {
    field.cardinality != Cardinality::Repeated
        && (field.presence != Presence::Implicit || field.extendee.is_some())
}

/// Splits `go_package` into its import path and the package name after
/// `;`, if any.
pub fn split_go_package(s: &str) -> (&str, &str) {
    match s.split_once(';') {
        Some((path, name)) => (path, name),
        None => (s, ""),
    }
}

/// The last element of a slash-separated path, as Go's `path.Base`.
pub fn base(path: &str) -> &str {
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return if path.is_empty() { "." } else { "/" };
    }
    match trimmed.rfind('/') {
        Some(i) => &trimmed[i + 1..],
        None => trimmed,
    }
}

/// `path.Join(dir, name)` for the cases the generator meets: a clean
/// import path and a file's base name.
fn join(dir: &str, name: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let rooted = dir.starts_with('/');
    for part in dir.split('/').chain(name.split('/')) {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

/// A Go package name made from any string: letters and digits kept, the
/// rest `_`, and a `_` in front of a keyword or of a non-letter start.
pub fn clean_package_name(name: &str) -> String {
    go_sanitized(name)
}

/// protoc-gen-go's `GoSanitized`.
pub fn go_sanitized(s: &str) -> String {
    let mapped: String = s
        .chars()
        .map(|c| {
            if c.is_alphabetic() && is_go_letter(c) || is_go_digit(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let first = mapped.chars().next();
    if GO_KEYWORDS.contains(&mapped.as_str()) || !first.is_some_and(is_go_letter) {
        format!("_{mapped}")
    } else {
        mapped
    }
}

/// Go's `unicode.IsLetter` (`_` is not a letter).
fn is_go_letter(c: char) -> bool {
    use unicode_general_category::{get_general_category, GeneralCategory as G};
    matches!(
        get_general_category(c),
        G::UppercaseLetter
            | G::LowercaseLetter
            | G::TitlecaseLetter
            | G::ModifierLetter
            | G::OtherLetter
    )
}

/// Go's `unicode.IsDigit` (decimal digits of any script).
fn is_go_digit(c: char) -> bool {
    use unicode_general_category::{get_general_category, GeneralCategory as G};
    get_general_category(c) == G::DecimalNumber
}

pub const GO_KEYWORDS: [&str; 25] = [
    "break",
    "case",
    "chan",
    "const",
    "continue",
    "default",
    "defer",
    "else",
    "fallthrough",
    "for",
    "func",
    "go",
    "goto",
    "if",
    "import",
    "interface",
    "map",
    "package",
    "range",
    "return",
    "select",
    "struct",
    "switch",
    "type",
    "var",
];

/// protoc-gen-go's `GoCamelCase`: `foo_bar.baz` → `FooBar_Baz`; a leading
/// `_` (or one after a dot) becomes `X`; ASCII only, other bytes kept.
pub fn go_camel_case(s: &str) -> String {
    let b = s.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(b.len() + 2);
    let lower = |c: u8| c.is_ascii_lowercase();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'.' && i + 1 < b.len() && lower(b[i + 1]) {
            // Dropped: the next letter is capitalized below.
        } else if c == b'.' {
            out.push(b'_');
        } else if c == b'_' && (i == 0 || b[i - 1] == b'.') {
            out.push(b'X');
        } else if c == b'_' && i + 1 < b.len() && lower(b[i + 1]) {
            // Dropped, as above.
        } else if c.is_ascii_digit() {
            out.push(c);
        } else {
            out.push(c.to_ascii_uppercase());
            while i + 1 < b.len() && lower(b[i + 1]) {
                out.push(b[i + 1]);
                i += 1;
            }
        }
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// protoc-gen-go's `TrimEnumPrefix`: `s` without `prefix` (compared
/// case-insensitively, underscores skipped), unless that leaves nothing.
pub fn trim_enum_prefix<'a>(s: &'a str, prefix: &str) -> &'a str {
    let original = s;
    let mut s = s.as_bytes();
    let mut prefix = prefix.as_bytes();
    while !s.is_empty() && !prefix.is_empty() {
        if s[0] == b'_' {
            s = &s[1..];
            continue;
        }
        if s[0].to_ascii_lowercase() != prefix[0] {
            return original;
        }
        s = &s[1..];
        prefix = &prefix[1..];
    }
    if !prefix.is_empty() {
        return original;
    }
    let rest = &original[original.len() - s.len()..];
    let rest = rest.trim_start_matches('_');
    if rest.is_empty() {
        original
    } else {
        rest
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_case_follows_protoc_gen_go() {
        assert_eq!(go_camel_case("foo_bar"), "FooBar");
        assert_eq!(go_camel_case("Outer.Inner"), "Outer_Inner");
        assert_eq!(go_camel_case("outer.inner"), "OuterInner");
        assert_eq!(go_camel_case("_x"), "XX");
        assert_eq!(go_camel_case("a__b"), "A_B");
        assert_eq!(go_camel_case("foo_1bar"), "Foo_1Bar");
        assert_eq!(go_camel_case("HTTPServer"), "HTTPServer");
    }

    #[test]
    fn enum_prefixes_are_trimmed_case_insensitively() {
        assert_eq!(trim_enum_prefix("COLOR_RED", "color"), "RED");
        assert_eq!(trim_enum_prefix("COLOR", "color"), "COLOR");
        assert_eq!(trim_enum_prefix("RED", "color"), "RED");
        assert_eq!(trim_enum_prefix("FOO_BAR_X", "foobar"), "X");
    }

    #[test]
    fn package_names_are_sanitized() {
        assert_eq!(clean_package_name("foo-bar"), "foo_bar");
        assert_eq!(clean_package_name("type"), "_type");
        assert_eq!(clean_package_name("1x"), "_1x");
        assert_eq!(base("example.com/a/v1"), "v1");
        assert_eq!(join("example.com/a", "b"), "example.com/a/b");
    }
}
