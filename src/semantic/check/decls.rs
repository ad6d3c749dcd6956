//! Extension declarations (`extensions 1 to 10 [declaration = {...}]`): the
//! declarations themselves, and the extensions that use declared numbers.

use rustc_hash::FxHashSet as HashSet;

use super::walker::{cat, walk, At, Ctx, Member, Pass, REGISTRATION};
use crate::descriptor::tags::*;
use crate::descriptor::wire::find_varint;
use crate::descriptor::wire::{self, Reader};
use crate::descriptor::{self as d};
use crate::diagnostics::{Code, Diagnostic};
use crate::semantic::pool::{Pool, SymKind};

const RANGE_OPTIONS_DECLARATION: u32 = 2;
const RANGE_OPTIONS_VERIFICATION: u32 = 3;
const DECL_NUMBER: u32 = 1;
const DECL_FULL_NAME: u32 = 2;
const DECL_TYPE: u32 = 3;
const DECL_RESERVED: u32 = 5;
const DECL_REPEATED: u32 = 6;
const VERIFICATION_DECLARATION: u64 = 0;
const VERIFICATION_UNVERIFIED: u64 = 1;

struct Decl {
    number: i32,
    full_name: Option<String>,
    ty: Option<String>,
    reserved: bool,
    repeated: bool,
}

fn declarations(options: &[u8]) -> Vec<Decl> {
    let mut out = Vec::new();
    let mut r = Reader::new(options);
    while !r.done() {
        let Some((n, wt, v)) = r.field() else { break };
        if n == RANGE_OPTIONS_DECLARATION && wt == wire::LEN {
            out.push(Decl {
                number: find_varint(v, DECL_NUMBER).unwrap_or(0) as i32,
                full_name: wire::find_string(v, DECL_FULL_NAME),
                ty: wire::find_string(v, DECL_TYPE),
                reserved: find_varint(v, DECL_RESERVED) == Some(1),
                repeated: find_varint(v, DECL_REPEATED) == Some(1),
            });
        }
    }
    out
}

pub fn check_declarations(pool: &Pool, file: usize, diags: &mut Vec<Diagnostic>) {
    walk(&mut Ctx { pool, file, diags }, &mut Declarations);
}

struct Declarations;

impl Pass for Declarations {
    const ORDER: &'static [Member] = REGISTRATION;
    fn message(&mut self, cx: &mut Ctx, m: &d::DescriptorProto, at: &At) {
        check_ranges(cx, m, at.path);
    }
    fn extension(&mut self, cx: &mut Ctx, f: &d::FieldDescriptorProto, at: &At) {
        check_extension(cx, f, at.path, at.full);
    }
}

fn check_ranges(cx: &mut Ctx, m: &d::DescriptorProto, path: &[i32]) {
    let mut numbers = HashSet::default();
    let mut names = HashSet::default();
    for (i, r) in m.extension_range.iter().enumerate() {
        let rp = cat(path, &[MSG_EXTENSION_RANGE as i32, i as i32]);
        let Some(opts) = r.options.as_deref() else {
            continue;
        };
        let decls = declarations(opts);
        if !decls.is_empty()
            && find_varint(opts, RANGE_OPTIONS_VERIFICATION) == Some(VERIFICATION_UNVERIFIED)
        {
            cx.err_file(
                Code::ExtensionDeclaration,
                "Cannot mark the extension range as UNVERIFIED when it has extension(s) declared."
                    .into(),
            );
        }
        for dcl in decls {
            let n = dcl.number;
            if !(r.start.unwrap_or(0) <= n && n < r.end.unwrap_or(0)) {
                cx.err(
                    Code::ExtensionDeclaration,
                    &rp,
                    format!("Extension declaration number {n} is not in the extension range."),
                );
            }
            if !numbers.insert(n) {
                cx.err(
                    Code::ExtensionDeclaration,
                    &rp,
                    format!("Extension declaration number {n} is declared multiple times."),
                );
            }
            // Both names, or (for a reserved number) neither.
            let (Some(name), Some(ty)) = (&dcl.full_name, &dcl.ty) else {
                if dcl.full_name.is_some() != dcl.ty.is_some() || !dcl.reserved {
                    cx.err_file(Code::ExtensionDeclaration, format!("Extension declaration #{n} should have both \"full_name\" and \"type\" set."));
                }
                continue;
            };
            if !names.insert(name.clone()) {
                cx.err_file(
                    Code::ExtensionDeclaration,
                    format!("Extension field name \"{name}\" is declared multiple times."),
                );
                continue;
            }
            // A type is a scalar type's name, or (like the extension's own
            // name) a fully qualified name; protoc takes `enum` for a type
            // name too, but not `message` or `group`.
            let scalar = ty == "enum" || crate::syntax::ast::ScalarType::from_name(ty).is_some();
            for qualified in std::iter::once(name).chain((!scalar).then_some(ty)) {
                if let Some(msg) = qualified_name_error(qualified) {
                    cx.err_file(Code::ExtensionDeclaration, msg);
                }
            }
        }
    }
}

/// What is wrong with a fully qualified name in a declaration, if anything:
/// it must start with a dot, and its parts be non-empty ASCII identifiers.
fn qualified_name_error(name: &str) -> Option<String> {
    let Some(rest) = name.strip_prefix('.') else {
        return Some(format!(
            "\"{name}\" must have a leading dot to indicate the fully-qualified scope."
        ));
    };
    let valid = rest.split('.').all(|part| {
        !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    });
    (!valid).then(|| format!("\"{name}\" contains invalid identifiers."))
}

fn check_extension(cx: &mut Ctx, f: &d::FieldDescriptorProto, path: &[i32], full: &str) {
    let pool = cx.pool;
    let Some(extendee) = f.extendee.as_deref().map(|x| x.trim_start_matches('.')) else {
        return;
    };
    let Some(sym) = pool
        .symbols
        .get(extendee)
        .filter(|s| s.kind == SymKind::Message)
    else {
        return;
    };
    let m = pool.message(sym);
    let n = f.number.unwrap_or(0);
    let Some(range) = m
        .extension_range
        .iter()
        .find(|r| r.start.unwrap_or(0) <= n && n < r.end.unwrap_or(0))
    else {
        return;
    };
    let Some(opts) = range.options.as_deref() else {
        return;
    };
    let decls = declarations(opts);
    let declared = !decls.is_empty()
        || find_varint(opts, RANGE_OPTIONS_VERIFICATION) == Some(VERIFICATION_DECLARATION);
    if !declared {
        return;
    }
    // protoc reports these at the `extend` block's extendee.
    let num_path = cat(path, &[FIELD_EXTENDEE as i32]);
    let Some(dcl) = decls.iter().find(|d| d.number == n) else {
        cx.err(Code::ExtensionDeclaration, &num_path,
            format!(
                "Missing extension declaration for field {full} with number {n} in extendee message {extendee}. An extension range must declare for all extension fields if its verification state is DECLARATION or there's any declaration in the range already. Otherwise, consider splitting up the range."
            ),
        );
        return;
    };
    if dcl.reserved {
        cx.err(Code::ExtensionDeclaration, &num_path,
            format!("Cannot use number {n} for extension field {full}, as it is reserved in the extension declarations for message {extendee}."),
        );
        return;
    }
    let actual = match f.r#type {
        Some(d::Type::Message | d::Type::Enum | d::Type::Group) => {
            f.type_name.clone().unwrap_or_default()
        }
        Some(t) => scalar_name(t).to_string(),
        None => String::new(),
    };
    // protoc reports every difference: type, then name, then cardinality.
    if let Some(want) = &dcl.ty {
        if *want != actual {
            let msg = format!("\"{extendee}\" extension field {n} is expected to be type \"{want}\", not \"{actual}\".");
            cx.err(Code::ExtensionDeclaration, &num_path, msg);
        }
    }
    let dotted = format!(".{full}");
    if let Some(want) = dcl.full_name.as_deref().filter(|want| *want != dotted) {
        let msg = format!("\"{extendee}\" extension field {n} is expected to have field name \"{want}\", not \"{dotted}\".");
        cx.err(Code::ExtensionDeclaration, &num_path, msg);
    }
    let repeated = f.label == Some(d::Label::Repeated);
    if dcl.repeated != repeated {
        let want = if dcl.repeated { "repeated" } else { "optional" };
        cx.err(
            Code::ExtensionDeclaration,
            &num_path,
            format!("\"{extendee}\" extension field {n} is expected to be {want}."),
        );
    }
}

fn scalar_name(t: d::Type) -> &'static str {
    use d::Type::*;
    match t {
        Double => "double",
        Float => "float",
        Int64 => "int64",
        Uint64 => "uint64",
        Int32 => "int32",
        Fixed64 => "fixed64",
        Fixed32 => "fixed32",
        Bool => "bool",
        String => "string",
        Bytes => "bytes",
        Uint32 => "uint32",
        Sfixed32 => "sfixed32",
        Sfixed64 => "sfixed64",
        Sint32 => "sint32",
        Sint64 => "sint64",
        Group | Message | Enum => "",
    }
}
