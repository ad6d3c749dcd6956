//! buf's lint rules: the table of ids and categories, and the checks, each
//! a small function over the resolved model of one module's files.
use super::case::{lower_snake, pascal, upper_snake};
use super::Lint;
use crate::descriptor::tags::*;
use crate::semantic::model::{Cardinality, EnumId, FileId, Model, Presence};

/// A rule: its id and its categories under buf.yaml v1 and v2 (`None`
/// where the rule does not exist in that version).
pub struct Rule {
    pub id: &'static str,
    pub v1: Option<&'static [&'static str]>,
    pub v2: Option<&'static [&'static str]>,
}

const MINIMAL: &[&str] = &["MINIMAL", "BASIC", "DEFAULT", "STANDARD"];
const BASIC: &[&str] = &["BASIC", "DEFAULT", "STANDARD"];
const STANDARD: &[&str] = &["DEFAULT", "STANDARD"];
const COMMENTS: &[&str] = &["COMMENTS"];
const UNARY_RPC: &[&str] = &["UNARY_RPC"];
const NONE: &[&str] = &[];

macro_rules! rules {
    ($($id:ident: $v1:expr, $v2:expr;)*) => {
        pub const RULES: &[Rule] = &[$(Rule { id: stringify!($id), v1: $v1, v2: $v2 },)*];
    };
}

rules! {
    DIRECTORY_SAME_PACKAGE: Some(MINIMAL), Some(MINIMAL);
    PACKAGE_DEFINED: Some(MINIMAL), Some(MINIMAL);
    PACKAGE_DIRECTORY_MATCH: Some(MINIMAL), Some(MINIMAL);
    PACKAGE_SAME_DIRECTORY: Some(MINIMAL), Some(MINIMAL);
    PACKAGE_NO_IMPORT_CYCLE: Some(NONE), Some(MINIMAL);
    ENUM_FIRST_VALUE_ZERO: Some(BASIC), Some(BASIC);
    ENUM_NO_ALLOW_ALIAS: Some(BASIC), Some(BASIC);
    ENUM_PASCAL_CASE: Some(BASIC), Some(BASIC);
    ENUM_VALUE_UPPER_SNAKE_CASE: Some(BASIC), Some(BASIC);
    FIELD_LOWER_SNAKE_CASE: Some(BASIC), Some(BASIC);
    FIELD_NOT_REQUIRED: None, Some(BASIC);
    IMPORT_NO_PUBLIC: Some(BASIC), Some(BASIC);
    IMPORT_USED: Some(BASIC), Some(BASIC);
    MESSAGE_PASCAL_CASE: Some(BASIC), Some(BASIC);
    ONEOF_LOWER_SNAKE_CASE: Some(BASIC), Some(BASIC);
    PACKAGE_LOWER_SNAKE_CASE: Some(BASIC), Some(BASIC);
    PACKAGE_SAME_CSHARP_NAMESPACE: Some(BASIC), Some(BASIC);
    PACKAGE_SAME_GO_PACKAGE: Some(BASIC), Some(BASIC);
    PACKAGE_SAME_JAVA_MULTIPLE_FILES: Some(BASIC), Some(BASIC);
    PACKAGE_SAME_JAVA_PACKAGE: Some(BASIC), Some(BASIC);
    PACKAGE_SAME_PHP_NAMESPACE: Some(BASIC), Some(BASIC);
    PACKAGE_SAME_RUBY_PACKAGE: Some(BASIC), Some(BASIC);
    PACKAGE_SAME_SWIFT_PREFIX: Some(BASIC), Some(BASIC);
    RPC_PASCAL_CASE: Some(BASIC), Some(BASIC);
    SERVICE_PASCAL_CASE: Some(BASIC), Some(BASIC);
    SYNTAX_SPECIFIED: Some(BASIC), Some(BASIC);
    ENUM_VALUE_PREFIX: Some(STANDARD), Some(STANDARD);
    ENUM_ZERO_VALUE_SUFFIX: Some(STANDARD), Some(STANDARD);
    FILE_LOWER_SNAKE_CASE: Some(STANDARD), Some(STANDARD);
    PACKAGE_VERSION_SUFFIX: Some(STANDARD), Some(STANDARD);
    PROTOVALIDATE: Some(STANDARD), Some(STANDARD);
    RPC_REQUEST_RESPONSE_UNIQUE: Some(STANDARD), Some(STANDARD);
    RPC_REQUEST_STANDARD_NAME: Some(STANDARD), Some(STANDARD);
    RPC_RESPONSE_STANDARD_NAME: Some(STANDARD), Some(STANDARD);
    SERVICE_SUFFIX: Some(STANDARD), Some(STANDARD);
    COMMENT_ENUM: Some(COMMENTS), Some(COMMENTS);
    COMMENT_ENUM_VALUE: Some(COMMENTS), Some(COMMENTS);
    COMMENT_FIELD: Some(COMMENTS), Some(COMMENTS);
    COMMENT_MESSAGE: Some(COMMENTS), Some(COMMENTS);
    COMMENT_ONEOF: Some(COMMENTS), Some(COMMENTS);
    COMMENT_RPC: Some(COMMENTS), Some(COMMENTS);
    COMMENT_SERVICE: Some(COMMENTS), Some(COMMENTS);
    RPC_NO_CLIENT_STREAMING: Some(UNARY_RPC), Some(UNARY_RPC);
    RPC_NO_SERVER_STREAMING: Some(UNARY_RPC), Some(UNARY_RPC);
    STABLE_PACKAGE_NO_IMPORT_UNSTABLE: None, Some(NONE);
    IMPORT_NO_WEAK: Some(NONE), Some(NONE);
}

/// Rules kept for old configurations that check nothing.
pub const DEPRECATED: &[&str] = &["IMPORT_NO_WEAK"];

/// Runs every rule over the module's files; the caller keeps the findings
/// of the rules it enabled.
pub fn run(lint: &mut Lint) {
    let files = lint.files.clone();
    for &f in &files {
        file_rules(lint, f);
        for m in lint.model.all_messages(f) {
            message_rules(lint, f, m);
        }
        for e in all_enums(lint.model, f) {
            enum_rules(lint, f, e);
        }
        for (i, &s) in lint.model.file(f).services.iter().enumerate() {
            service_rules(lint, f, s, i);
        }
    }
    super::multi::directory_rules(lint, &files);
    super::multi::package_rules(lint, &files);
    super::multi::rpc_unique(lint, &files);
    super::multi::import_cycles(lint, &files);
    super::multi::stable_imports(lint, &files);
}

pub(super) fn all_enums(model: &Model, f: FileId) -> Vec<EnumId> {
    let mut out = model.file(f).enums.clone();
    for m in model.all_messages(f) {
        out.extend(&model.message(m).enums);
    }
    out
}

fn file_rules(lint: &mut Lint, f: FileId) {
    let model = lint.model;
    let file = model.file(f);
    let name = &model[file.name];
    let package = &model[file.package];
    let base = name.rsplit('/').next().unwrap_or(name);
    let (stem, ext) = match base.rfind('.') {
        Some(dot) => (&base[..dot], &base[dot..]),
        None => (base, ""),
    };
    let want = lower_snake(stem);
    if stem != want {
        lint.hit(
            f,
            None,
            "FILE_LOWER_SNAKE_CASE",
            format!(
                "Filename {} should be lower_snake_case{ext}, such as \"{want}{ext}\".",
                quote(base)
            ),
        );
    }
    if !lint.has_location(f, &[FILE_SYNTAX as i32]) && !lint.has_location(f, &[FILE_EDITION as i32])
    {
        lint.hit(f, None, "SYNTAX_SPECIFIED", "Files must have a syntax explicitly specified. If no syntax is specified, the file defaults to \"proto2\".".into());
    }
    let pkg_path = vec![FILE_PACKAGE as i32];
    if package.is_empty() {
        lint.hit(
            f,
            None,
            "PACKAGE_DEFINED",
            "Files must have a package defined.".into(),
        );
    } else {
        let dir = dir_of(name);
        let expected = package.replace('.', "/");
        if dir != expected {
            lint.hit(f, Some(pkg_path.clone()), "PACKAGE_DIRECTORY_MATCH", format!(
                "Files with package {} must be within a directory \"{expected}\" relative to root but were in directory \"{dir}\".",
                quote(package)
            ));
        }
        let want: Vec<String> = package.split('.').map(lower_snake).collect();
        let want = want.join(".");
        if want != *package {
            lint.hit(
                f,
                Some(pkg_path.clone()),
                "PACKAGE_LOWER_SNAKE_CASE",
                format!(
                    "Package name {} should be lower_snake.case, such as {}.",
                    quote(package),
                    quote(&want)
                ),
            );
        }
        let parts: Vec<&str> = package.split('.').collect();
        if parts.len() < 2 || version_of(parts[parts.len() - 1]).is_none() {
            lint.hit(
                f,
                Some(pkg_path),
                "PACKAGE_VERSION_SUFFIX",
                format!(
                "Package name {} should be suffixed with a correctly formed version, such as {}.",
                quote(package),
                quote(&format!("{package}.v1"))
            ),
            );
        }
    }
    for (i, imp) in file.imports.iter().enumerate() {
        let path = vec![FILE_DEPENDENCY as i32, i as i32];
        let imported = &model[model.file(imp.file).name];
        if imp.public {
            lint.hit(
                f,
                Some(path.clone()),
                "IMPORT_NO_PUBLIC",
                format!("Import {} must not be public.", quote(imported)),
            );
        }
        if lint.unused.contains(&(f, i)) {
            lint.hit(
                f,
                Some(path),
                "IMPORT_USED",
                format!("Import {} is unused.", quote(imported)),
            );
        }
    }
    for (i, &x) in file.extensions.iter().enumerate() {
        let path = vec![FILE_EXTENSION as i32, i as i32];
        field_rules(lint, f, model.extension(x), path, false);
    }
}

/// The stability of a package version component (`v1`, `v1beta1`,
/// `v1p1alpha`, `v2test`), or `None` if it is not one.
fn version_of(c: &str) -> Option<Stability> {
    let ver = c
        .strip_prefix('v')
        .filter(|_| c.len() >= 2 && !c.contains('.'))?;
    let number = |s: &str| s.parse::<i32>().ok().filter(|&n| n >= 1).is_some();
    if let Some(at) = ver.find("test") {
        return number(&ver[..at]).then_some(Stability::Test);
    }
    let (alpha, beta) = (ver.contains("alpha"), ver.contains("beta"));
    if alpha && beta {
        return None;
    }
    if alpha || beta {
        let word = if alpha { "alpha" } else { "beta" };
        let at = ver.find(word)?;
        let (left, right) = (&ver[..at], &ver[at + word.len()..]);
        if !right.is_empty() && !number(right) {
            return None;
        }
        let left_ok = number(left)
            || left
                .split_once('p')
                .is_some_and(|(major, patch)| number(major) && number(patch));
        return left_ok.then_some(if alpha {
            Stability::Alpha
        } else {
            Stability::Beta
        });
    }
    number(ver).then_some(Stability::Stable)
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Stability {
    Stable,
    Alpha,
    Beta,
    Test,
}

/// A package whose version is alpha, beta or test (`foo.v1beta1`).
pub fn is_unstable_package(package: &str) -> bool {
    matches!(package_stability(package), Some(s) if s != Stability::Stable)
}

pub(super) fn package_stability(package: &str) -> Option<Stability> {
    let parts: Vec<&str> = package.split('.').collect();
    if parts.len() < 2 {
        return None;
    }
    version_of(parts[parts.len() - 1])
}

fn message_rules(lint: &mut Lint, f: FileId, m: crate::semantic::model::MessageId) {
    let model = lint.model;
    let msg = model.message(m);
    let path = msg.origin.path.to_vec();
    let entry = model.is_map_entry(m);
    let name = &model[msg.name];
    if !entry {
        let want = pascal(name);
        if want != *name {
            lint.hit(
                f,
                Some(name_path(&path)),
                "MESSAGE_PASCAL_CASE",
                format!(
                    "Message name {} should be PascalCase, such as {}.",
                    quote(name),
                    quote(&want)
                ),
            );
        }
        lint.comment(f, &path, "COMMENT_MESSAGE", "Message", name);
    }
    for (i, &fid) in msg.fields.iter().enumerate() {
        let fpath = [&path[..], &[MSG_FIELD as i32, i as i32]].concat();
        field_rules(lint, f, model.field(fid), fpath, entry);
    }
    for (i, &x) in msg.extensions.iter().enumerate() {
        let xpath = [&path[..], &[MSG_EXTENSION as i32, i as i32]].concat();
        field_rules(lint, f, model.extension(x), xpath, false);
    }
    for (i, &o) in msg.oneofs.iter().enumerate() {
        let oneof = model.oneof(o);
        let opath = [&path[..], &[MSG_ONEOF_DECL as i32, i as i32]].concat();
        let oname = &model[oneof.name];
        let want = lower_snake(oname);
        if want != *oname && !oneof.synthetic {
            lint.hit(
                f,
                Some(name_path(&opath)),
                "ONEOF_LOWER_SNAKE_CASE",
                format!(
                    "Oneof name {} should be lower_snake_case, such as {}.",
                    quote(oname),
                    quote(&want)
                ),
            );
        }
        if !oneof.synthetic {
            lint.comment(f, &opath, "COMMENT_ONEOF", "Oneof", oname);
        }
    }
}

fn field_rules(
    lint: &mut Lint,
    f: FileId,
    field: &crate::semantic::model::Field,
    path: Vec<i32>,
    in_map_entry: bool,
) {
    let model = lint.model;
    let name = &model[field.name];
    if !in_map_entry {
        let want = lower_snake(name);
        if want != *name {
            lint.hit(
                f,
                Some(name_path(&path)),
                "FIELD_LOWER_SNAKE_CASE",
                format!(
                    "Field name {} should be lower_snake_case, such as {}.",
                    quote(name),
                    quote(&want)
                ),
            );
        }
        if field.descriptor_type() != crate::descriptor::Type::Group {
            lint.comment(f, &path, "COMMENT_FIELD", "Field", name);
        }
    }
    if field.cardinality == Cardinality::Required || field.presence == Presence::Required {
        lint.hit(
            f,
            Some(name_path(&path)),
            "FIELD_NOT_REQUIRED",
            format!("Field named {} should not be required.", quote(name)),
        );
    }
}

fn enum_rules(lint: &mut Lint, f: FileId, e: EnumId) {
    let model = lint.model;
    let en = model.enum_(e);
    let path = en.origin.path.to_vec();
    let name = &model[en.name];
    let want = pascal(name);
    if want != *name {
        lint.hit(
            f,
            Some(name_path(&path)),
            "ENUM_PASCAL_CASE",
            format!(
                "Enum name {} should be PascalCase, such as {}.",
                quote(name),
                quote(&want)
            ),
        );
    }
    lint.comment(f, &path, "COMMENT_ENUM", "Enum", name);
    if en.options.allow_alias == Some(true) {
        lint.hit(
            f,
            Some([&path[..], &[ENUM_OPTIONS as i32, 2]].concat()),
            "ENUM_NO_ALLOW_ALIAS",
            format!(
                "Enum option \"allow_alias\" on enum {} must be false.",
                quote(name)
            ),
        );
    }
    let prefix = format!("{}_", upper_snake(name));
    let suffix = lint.options.enum_zero_value_suffix.clone();
    for (i, &v) in en.values.iter().enumerate() {
        let value = model.enum_value(v);
        let vpath = [&path[..], &[ENUM_VALUE as i32, i as i32]].concat();
        let vname = &model[value.name];
        if i == 0 && value.number != 0 {
            lint.hit(
                f,
                Some([&vpath[..], &[ENUM_VALUE_NUMBER as i32]].concat()),
                "ENUM_FIRST_VALUE_ZERO",
                format!(
                    "First enum value {} should have a numeric value of 0",
                    quote(vname)
                ),
            );
        }
        let want = upper_snake(vname);
        if want != *vname {
            lint.hit(
                f,
                Some(name_path(&vpath)),
                "ENUM_VALUE_UPPER_SNAKE_CASE",
                format!(
                    "Enum value name {} should be UPPER_SNAKE_CASE, such as {}.",
                    quote(vname),
                    quote(&want)
                ),
            );
        }
        if !vname.starts_with(&prefix) {
            lint.hit(
                f,
                Some(name_path(&vpath)),
                "ENUM_VALUE_PREFIX",
                format!(
                    "Enum value name {} should be prefixed with {}.",
                    quote(vname),
                    quote(&prefix)
                ),
            );
        }
        if value.number == 0 && !vname.ends_with(&suffix) {
            lint.hit(
                f,
                Some(name_path(&vpath)),
                "ENUM_ZERO_VALUE_SUFFIX",
                format!(
                    "Enum zero value name {} should be suffixed with {}.",
                    quote(vname),
                    quote(&suffix)
                ),
            );
        }
        lint.comment(f, &vpath, "COMMENT_ENUM_VALUE", "Enum value", vname);
    }
}

fn service_rules(lint: &mut Lint, f: FileId, s: crate::semantic::model::ServiceId, i: usize) {
    let model = lint.model;
    let service = model.service(s);
    let path = vec![FILE_SERVICE as i32, i as i32];
    let name = &model[service.name];
    let want = pascal(name);
    if want != *name {
        lint.hit(
            f,
            Some(name_path(&path)),
            "SERVICE_PASCAL_CASE",
            format!(
                "Service name {} should be PascalCase, such as {}.",
                quote(name),
                quote(&want)
            ),
        );
    }
    let suffix = lint.options.service_suffix.clone();
    if !name.ends_with(&suffix) {
        lint.hit(
            f,
            Some(name_path(&path)),
            "SERVICE_SUFFIX",
            format!(
                "Service name {} should be suffixed with {}.",
                quote(name),
                quote(&suffix)
            ),
        );
    }
    lint.comment(f, &path, "COMMENT_SERVICE", "Service", name);
    for (j, &m) in service.methods.iter().enumerate() {
        let method = model.method(m);
        let mpath = [&path[..], &[SERVICE_METHOD as i32, j as i32]].concat();
        let mname = &model[method.name];
        let want = pascal(mname);
        if want != *mname {
            lint.hit(
                f,
                Some(name_path(&mpath)),
                "RPC_PASCAL_CASE",
                format!(
                    "RPC name {} should be PascalCase, such as {}.",
                    quote(mname),
                    quote(&want)
                ),
            );
        }
        lint.comment(f, &mpath, "COMMENT_RPC", "RPC", mname);
        if method.client_streaming {
            lint.hit(
                f,
                Some(mpath.clone()),
                "RPC_NO_CLIENT_STREAMING",
                format!("RPC {} is client streaming.", quote(mname)),
            );
        }
        if method.server_streaming {
            lint.hit(
                f,
                Some(mpath.clone()),
                "RPC_NO_SERVER_STREAMING",
                format!("RPC {} is server streaming.", quote(mname)),
            );
        }
        for (side, tag, rule, allow) in [
            (
                "request",
                METHOD_INPUT_TYPE,
                "RPC_REQUEST_STANDARD_NAME",
                lint.options.allow_empty_requests,
            ),
            (
                "response",
                METHOD_OUTPUT_TYPE,
                "RPC_RESPONSE_STANDARD_NAME",
                lint.options.allow_empty_responses,
            ),
        ] {
            let ty = if tag == METHOD_INPUT_TYPE {
                method.input
            } else {
                method.output
            };
            let full = &model[model.message(ty).full_name];
            if allow && full == "google.protobuf.Empty" {
                continue;
            }
            let simple = full.rsplit('.').next().unwrap_or(full);
            let word = if tag == METHOD_INPUT_TYPE {
                "Request"
            } else {
                "Response"
            };
            let e1 = format!("{}{word}", pascal(mname));
            let e2 = format!("{}{e1}", pascal(name));
            if simple != e1 && simple != e2 {
                lint.hit(
                    f,
                    Some([&mpath[..], &[tag as i32]].concat()),
                    rule,
                    format!(
                        "RPC {side} type {} should be named {} or {}.",
                        quote(simple),
                        quote(&e1),
                        quote(&e2)
                    ),
                );
            }
        }
    }
}

/// The source path of a declaration's name.
fn name_path(path: &[i32]) -> Vec<i32> {
    [path, &[1]].concat()
}

/// The directory of a module-relative file name, `.` for the root.
pub fn dir_of(name: &str) -> String {
    match name.rfind('/') {
        Some(slash) => name[..slash].to_string(),
        None => ".".into(),
    }
}

/// A string as Go's `%q` prints it.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
