//! Option interpretation: `name = value` assignments become encoded fields
//! of the options messages, as protoc's option interpreter writes them.
//!
//! Each assignment is encoded on its own (wrapped in its intermediate
//! messages) and appended; the result is then normalized against protoc's
//! compiled-in descriptor.proto, which merges what that schema knows and
//! leaves custom options in the order they were written.

use rustc_hash::FxHashMap as HashMap;

use crate::descriptor::{self as d, wire};
use crate::diagnostics::{Code, Diagnostic};
use crate::semantic::dynamic::textformat;
use crate::semantic::dynamic::*;
use crate::semantic::lower::{OptionsKind, PendingOption, PendingOptions};
use crate::semantic::pool::{options_slot, LookupError, Pool, SymKind, Usage};
use crate::semantic::walk::full_name_at;
use crate::syntax::ast::OptionValue;

/// A file's pending options in the order protoc interprets them, each
/// with the scope its option names are looked up from: what interpreting
/// them needs of the file alone, made where the file is lowered.
pub struct Prepared(Vec<(PendingOptions, String)>);

/// Orders a lowered file's pending options and finds their scopes.
pub fn prepare(fd: &d::FileDescriptorProto, pending: Vec<PendingOptions>) -> Prepared {
    let package = fd.package.as_deref().unwrap_or("");
    let mut items: Vec<(PendingOptions, String)> = pending
        .into_iter()
        .map(|p| {
            let scope = match p.kind {
                OptionsKind::File => {
                    if package.is_empty() {
                        "dummy".to_string()
                    } else {
                        format!("{package}.dummy")
                    }
                }
                OptionsKind::ExtensionRange => {
                    full_name_at(fd, &p.entity[..p.entity.len() - 2]).unwrap_or_default()
                }
                _ => full_name_at(fd, &p.entity).unwrap_or_default(),
            };
            (p, scope)
        })
        .collect();
    items.sort_by_cached_key(|(p, _)| protoc_rank(&p.entity));
    Prepared(items)
}

/// Interprets all pending options of `file`, writing the options into its
/// descriptors and renaming their source locations.
pub fn interpret_file(
    pool: &mut Pool,
    file: usize,
    pending: &Prepared,
    diags: &mut Vec<Diagnostic>,
) -> Usage {
    let mut used = Usage::default();
    let mut renames: Vec<(usize, Vec<i32>)> = Vec::new();
    let mut repeated_counts: HashMap<Vec<i32>, i32> = HashMap::default();
    // As protoc does: first every option not named by an extension (the
    // built-in ones and `features`, whose resolution the rest may depend
    // on), then the custom options.
    for custom in [false, true] {
        for (p, scope) in &pending.0 {
            if custom && !p.items.iter().any(|i| i.assign.name[0].is_extension) {
                // Nothing to add, and nothing required can be missing:
                // descriptor.proto's options have no required fields.
                continue;
            }
            let mut acc = if custom {
                // Cloned, not taken: these options' own features stay visible
                // while their custom options are read.
                options_slot(&mut pool.file_mut(file).proto, &p.entity)
                    .clone()
                    .unwrap_or_default()
            } else {
                p.preset.clone()
            };
            let interp = Interp { pool, file, scope };
            for item in p
                .items
                .iter()
                .filter(|i| i.assign.name[0].is_extension == custom)
            {
                if item.assign.name.iter().any(|part| part.name.is_empty()) {
                    // `()`: protoc has no name to look up, nor a position to give.
                    let f = &pool.files[file];
                    diags.push(
                        Diagnostic::error(
                            Code::Syntax,
                            "Uninterpreted option is missing name or value.",
                        )
                        .in_file(f.name.clone()),
                    );
                    continue;
                }
                match interp.one(p.kind.message_name(), item, &acc, &mut used) {
                    Ok((bytes, dest)) => {
                        acc.extend_from_slice(&bytes);
                        if let Some(li) = item.loc {
                            let loc_path = pool.files[file].locs.path(li);
                            let mut path = loc_path[..loc_path.len() - 2].to_vec();
                            path.extend_from_slice(&dest.path);
                            if dest.repeated {
                                let c = repeated_counts.entry(path.clone()).or_insert(0);
                                path.push(*c);
                                *c += 1;
                            }
                            renames.push((li, path));
                        }
                    }
                    Err(Failure {
                        code,
                        message,
                        at_value,
                        help,
                    }) => {
                        let f = &pool.files[file];
                        let mut dg = Diagnostic::error(code, message).in_file(f.name.clone());
                        if let Some(src) = f.source {
                            let a = &item.assign;
                            dg = dg.at(src, if at_value { a.value_span } else { a.name_span });
                        }
                        dg.help = help;
                        diags.push(dg);
                    }
                }
            }
            if custom && may_miss_required(pool, p.kind.message_name(), &acc) {
                // Read as merged: an option set in parts is complete if the parts are.
                let bytes = canonicalize(pool, p.kind.message_name(), &acc);
                if let Some(missing) = missing_required(pool, p.kind.message_name(), &bytes) {
                    let f = &pool.files[file];
                    let mut dg = Diagnostic::error(Code::MissingRequiredOption, format!(
                        "Can't parse message of type \"{}\" because it is missing required fields: {missing}",
                        p.kind.message_name()
                    ))
                    .in_file(f.name.clone());
                    if let (Some(src), Some(first)) = (f.source, p.items.first()) {
                        dg = dg.at(src, first.assign.name_span);
                    }
                    diags.push(dg);
                }
            }
            // Kept as interpreted; export puts them in the order its mode calls for.
            *options_slot(&mut pool.file_mut(file).proto, &p.entity) = Some(acc);
        }
    }
    let f = pool.file_mut(file);
    for (li, path) in renames {
        f.rename_loc(li, &path);
    }
    used
}

/// Where the options of the entity at `path` come in the order protoc
/// interprets them (and so reports their errors); keys sort in that order.
/// Per message: its oneofs, fields, enums (values first), extension ranges
/// and extensions, then the message itself, then its nested messages; at
/// file level messages, enums, services (methods first) and extensions,
/// and the file last. A path that names no entity comes after all.
fn protoc_rank(path: &[i32]) -> Vec<(u8, i32)> {
    use crate::descriptor::tags::*;
    #[derive(Clone, Copy)]
    enum In {
        File,
        Message,
        Enum,
        Service,
        Leaf,
    }
    let mut key = Vec::with_capacity(path.len() / 2 + 1);
    let mut within = In::File;
    for step in path.chunks(2) {
        let &[tag, i] = step else {
            return vec![(u8::MAX, 0)];
        };
        // The step's place among its siblings' kinds, and what it leads into.
        let (place, into) = match (within, tag as u32) {
            (In::File, FILE_MESSAGE_TYPE) => (0, In::Message),
            (In::File, FILE_ENUM_TYPE) => (1, In::Enum),
            (In::File, FILE_SERVICE) => (2, In::Service),
            (In::File, FILE_EXTENSION) => (3, In::Leaf),
            (In::Message, MSG_ONEOF_DECL) => (0, In::Leaf),
            (In::Message, MSG_FIELD) => (1, In::Leaf),
            (In::Message, MSG_ENUM_TYPE) => (2, In::Enum),
            (In::Message, MSG_EXTENSION_RANGE) => (3, In::Leaf),
            (In::Message, MSG_EXTENSION) => (4, In::Leaf),
            (In::Message, MSG_NESTED_TYPE) => (6, In::Message),
            (In::Enum, ENUM_VALUE) | (In::Service, SERVICE_METHOD) => (0, In::Leaf),
            _ => return vec![(u8::MAX, 0)],
        };
        key.push((place, i));
        within = into;
    }
    // The entity itself: after what it holds, a message before its nested messages.
    let itself = match within {
        In::File => 4,
        In::Message => 5,
        In::Enum | In::Service => 1,
        In::Leaf => 0,
    };
    key.push((itself, 0));
    key
}

/// Why an option could not be set.
struct Failure {
    code: Code,
    message: String,
    /// Whether the value is at fault (else the name).
    at_value: bool,
    help: Option<String>,
}

fn failure(code: Code, message: String, at_value: bool) -> Failure {
    Failure {
        code,
        message,
        at_value,
        help: None,
    }
}

/// A help naming the field of options message `msg_full` that `name`
/// most likely misspells.
fn similar_field(pool: &Pool, msg_full: &str, name: &str) -> Option<String> {
    let sym = pool.symbols.get(msg_full)?;
    if sym.kind != SymKind::Message {
        return None;
    }
    let best = pool
        .message(sym)
        .field
        .iter()
        .filter_map(|f| f.name.as_deref())
        .map(|n| (strsim::damerau_levenshtein(name, n), n))
        .filter(|(d, n)| *d <= (n.len() / 4).clamp(1, 3))
        .min()?;
    Some(format!(
        "did you mean `{}`? (a field of {msg_full})",
        best.1
    ))
}

/// For a name that is not a value of enum `enum_full`: the value it most
/// likely misspells, or the values there are.
fn enum_value_help(pool: &Pool, enum_full: Option<&str>, name: &str) -> Option<String> {
    let sym = pool.symbols.get(enum_full?.trim_start_matches('.'))?;
    if sym.kind != SymKind::Enum {
        return None;
    }
    let values: Vec<&str> = pool
        .enum_type(sym)
        .value
        .iter()
        .filter_map(|v| v.name.as_deref())
        .collect();
    let close = values
        .iter()
        .map(|v| (strsim::damerau_levenshtein(name, v), *v))
        .filter(|(d, v)| *d <= (v.len() / 4).clamp(1, 3))
        .min();
    Some(match close {
        Some((_, v)) => format!("did you mean `{v}`?"),
        None => format!("the values are {}", values.join(", ")),
    })
}

struct Dest {
    path: Vec<i32>,
    repeated: bool,
}

struct Interp<'a> {
    pool: &'a Pool,
    file: usize,
    scope: &'a str,
}

impl Interp<'_> {
    fn one(
        &self,
        options_msg: &str,
        item: &PendingOption,
        acc: &[u8],
        used: &mut Usage,
    ) -> Result<(Vec<u8>, Dest), Failure> {
        let a = &item.assign;
        if !a.name[0].is_extension && a.name[0].name == "uninterpreted_option" {
            return Err(failure(
                Code::OptionNotAllowed,
                "Option must not use reserved name \"uninterpreted_option\".".into(),
                false,
            ));
        }
        let mut msg_type = options_msg.to_string();
        let mut debug = String::new();
        let mut chain: Vec<FieldMeta> = Vec::new();
        for (i, part) in a.name.iter().enumerate() {
            if i > 0 {
                debug.push('.');
            }
            let meta = if part.is_extension {
                debug.push('(');
                debug.push_str(&part.name);
                debug.push(')');
                match self
                    .pool
                    .lookup(self.file, &part.name, self.scope, false, true, used)
                {
                    Ok((full, sym)) if sym.kind == SymKind::Extension => {
                        let m = meta_of(self.pool, sym, &full);
                        let extendee = self.pool.field(sym).extendee.clone().unwrap_or_default();
                        if extendee.trim_start_matches('.') != msg_type {
                            return Err(failure(Code::UnknownOption, format!(
                                "Option field \"{debug}\" is not a field or extension of message \"{}\".",
                                msg_type.rsplit('.').next().unwrap_or("")
                            ), false));
                        }
                        Some(m)
                    }
                    Ok(_) => None,
                    Err(LookupError::ResolvedToUndefined(full)) => {
                        return Err(failure(Code::UnknownOption, format!(
                            "Option \"{debug}\" is resolved to \"({full})\", which is not defined. The innermost scope is searched first in name resolution. Consider using a leading '.'(i.e., \"(.{}\") to start from the outermost scope.",
                            &debug[1..]
                        ), false));
                    }
                    Err(_) => None,
                }
            } else {
                debug.push_str(&part.name);
                find_field(self.pool, &msg_type, &part.name).filter(|m| !m.is_extension)
            };
            let Some(meta) = meta else {
                let mut f = failure(Code::UnknownOption, format!(
                    "Option \"{debug}\" unknown. Ensure that your proto definition file imports the proto which defines the option (i.e. via import option after edition 2024)."
                ), false);
                if !part.is_extension {
                    f.help = similar_field(self.pool, &msg_type, &part.name);
                }
                return Err(f);
            };
            if i + 1 < a.name.len() {
                if !meta.is_message() {
                    return Err(failure(
                        Code::UnknownOption,
                        format!("Option \"{debug}\" is an atomic type, not a message."),
                        false,
                    ));
                }
                if meta.repeated {
                    return Err(failure(Code::InvalidOptionValue, format!(
                        "Option field \"{debug}\" is a repeated message. Repeated message options must be initialized using an aggregate value."
                    ), false));
                }
                msg_type = meta.type_name.as_deref().unwrap_or_default().to_string();
            }
            chain.push(meta);
        }
        let leaf = chain.last().unwrap().clone();
        if !leaf.repeated && is_set(acc, &chain) {
            return Err(failure(
                Code::DuplicateOption,
                format!("Option \"{debug}\" was already set."),
                false,
            ));
        }
        let mut bytes = Vec::new();
        self.encode_value(&leaf, &a.value, &mut bytes, used)
            .map_err(|e| {
                // An aggregate value that parsed but lacks required fields.
                let code = if e.contains(": Message missing required fields: ") {
                    Code::MissingRequiredOption
                } else {
                    Code::InvalidOptionValue
                };
                let mut f = failure(code, e, true);
                if let (d::Type::Enum, OptionValue::Ident(name)) = (leaf.ty, &a.value) {
                    f.help = enum_value_help(self.pool, leaf.type_name.as_deref(), name);
                }
                f
            })?;
        for inter in chain[..chain.len() - 1].iter().rev() {
            let mut outer = Vec::new();
            let v = if inter.ty == d::Type::Group {
                Val::Group(bytes)
            } else {
                Val::Len(bytes)
            };
            encode_val(&mut outer, inter.number as u32, &v);
            bytes = outer;
        }
        Ok((
            bytes,
            Dest {
                path: chain.iter().map(|m| m.number).collect(),
                repeated: leaf.repeated,
            },
        ))
    }

    fn encode_value(
        &self,
        f: &FieldMeta,
        v: &OptionValue,
        out: &mut Vec<u8>,
        used: &mut Usage,
    ) -> Result<(), String> {
        use d::Type::*;
        let name = &f.full_name;
        let val = match f.ty {
            Int32 | Sint32 | Sfixed32 => {
                let x = match v {
                    OptionValue::PosInt(p) if *p <= i32::MAX as u64 => *p as i64,
                    OptionValue::NegInt(n) if *n >= i32::MIN as i64 => *n,
                    OptionValue::PosInt(_) | OptionValue::NegInt(_) => {
                        return Err(format!("Value out of range, -2147483648 to 2147483647, for int32 option \"{name}\"."))
                    }
                    _ => {
                        return Err(format!(
                            "Value must be integer, from -2147483648 to 2147483647, for int32 option \"{name}\"."
                        ))
                    }
                };
                scalar_val(f.ty, x as u64)
            }
            Int64 | Sint64 | Sfixed64 => {
                let x = match v {
                    OptionValue::PosInt(p) if *p <= i64::MAX as u64 => *p as i64,
                    OptionValue::NegInt(n) => *n,
                    OptionValue::PosInt(_) => {
                        return Err(format!("Value out of range, -9223372036854775808 to 9223372036854775807, for int64 option \"{name}\"."))
                    }
                    _ => {
                        return Err(format!(
                            "Value must be integer, from -9223372036854775808 to 9223372036854775807, for int64 option \"{name}\"."
                        ))
                    }
                };
                scalar_val(f.ty, x as u64)
            }
            Uint32 | Fixed32 => {
                let x = match v {
                    OptionValue::PosInt(p) if *p <= u32::MAX as u64 => *p,
                    OptionValue::PosInt(_) => {
                        return Err(format!("Value out of range, 0 to 4294967295, for uint32 option \"{name}\"."))
                    }
                    _ => {
                        return Err(format!(
                            "Value must be integer, from 0 to 4294967295, for uint32 option \"{name}\"."
                        ))
                    }
                };
                scalar_val(f.ty, x)
            }
            Uint64 | Fixed64 => {
                let x = match v {
                    OptionValue::PosInt(p) => *p,
                    _ => {
                        return Err(format!(
                            "Value must be integer, from 0 to 18446744073709551615, for uint64 option \"{name}\"."
                        ))
                    }
                };
                scalar_val(f.ty, x)
            }
            Float | Double => {
                let x = match v {
                    OptionValue::Double(x) => *x,
                    OptionValue::PosInt(p) => *p as f64,
                    OptionValue::NegInt(n) => *n as f64,
                    OptionValue::Ident(i) if i == "inf" => f64::INFINITY,
                    OptionValue::Ident(i) if i == "nan" => f64::NAN,
                    _ => {
                        let t = if f.ty == Float { "float" } else { "double" };
                        return Err(format!("Value must be number for {t} option \"{name}\"."));
                    }
                };
                if f.ty == Float {
                    Val::Fixed32((x as f32).to_bits())
                } else {
                    Val::Fixed64(x.to_bits())
                }
            }
            Bool => match v {
                OptionValue::Ident(i) if i == "true" => Val::Varint(1),
                OptionValue::Ident(i) if i == "false" => Val::Varint(0),
                OptionValue::Ident(_) => {
                    return Err(format!(
                        "Value must be \"true\" or \"false\" for boolean option \"{name}\"."
                    ))
                }
                _ => return Err(format!("Value must be identifier for boolean option \"{name}\".")),
            },
            String | Bytes => match v {
                OptionValue::String(s)
                    if f.ty == String && std::str::from_utf8(s).is_err() && self.verifies_utf8(f) =>
                {
                    return Err(format!(
                        "String field '{}' contains invalid UTF-8 data when parsing a protocol buffer.",
                        f.name
                    ))
                }
                OptionValue::String(s) => Val::Len(s.clone()),
                _ => {
                    return Err(format!(
                        "Value must be quoted string for string option \"{name}\"."
                    ))
                }
            },
            Enum => {
                let OptionValue::Ident(ident) = v else {
                    return Err(format!(
                        "Value must be identifier for enum-valued option \"{name}\"."
                    ));
                };
                let n = self.enum_value(f.type_name.as_deref().unwrap_or(""), ident, name)?;
                Val::Varint(n as i64 as u64)
            }
            Message | Group => {
                let OptionValue::Aggregate(text) = v else {
                    return Err(format!(
                        "Option \"{name}\" is a message. To set the entire message, use syntax like \"{} = {{ <proto text format> }}\". To set fields within it, use syntax like \"{}.foo = value\".",
                        f.name, f.name
                    ));
                };
                let ty = f.type_name.clone().unwrap_or_default();
                let (body, body_used) = textformat::parse(self.pool, self.file, &ty, text)
                    .map_err(|e| {
                        format!("Error while parsing option value for \"{}\": {e}", f.name)
                    })?;
                used.extend(body_used);
                if f.ty == Group {
                    Val::Group(body)
                } else {
                    Val::Len(body)
                }
            }
        };
        encode_val(out, f.number as u32, &val);
        Ok(())
    }

    /// Whether the string field's `utf8_validation` feature is VERIFY.
    fn verifies_utf8(&self, f: &FieldMeta) -> bool {
        self.pool.symbols.get(&*f.full_name).is_some_and(|sym| {
            crate::semantic::features::field_feature(
                self.pool,
                sym,
                crate::semantic::features::FEATURE_UTF8_VALIDATION,
            ) == 2
        })
    }

    fn enum_value(&self, enum_full: &str, ident: &str, option: &str) -> Result<i32, String> {
        let scope = match enum_full.rfind('.') {
            Some(dot) => &enum_full[..dot + 1],
            None => "",
        };
        let full = format!("{scope}{ident}");
        if let Some(sym) = self.pool.symbols.get(full.as_str()) {
            if sym.kind == SymKind::EnumValue {
                let esym = self.pool.symbols.get(enum_full);
                let same = esym.is_some_and(|e| {
                    e.file == sym.file
                        && sym.path.starts_with(&e.path)
                        && sym.path.len() == e.path.len() + 2
                });
                if !same {
                    return Err(format!(
                        "Enum type \"{enum_full}\" has no value named \"{ident}\" for option \"{option}\". This appears to be a value from a sibling type."
                    ));
                }
                let e = self.pool.enum_type(esym.unwrap());
                return Ok(e.value[sym.path[sym.path.len() - 1] as usize]
                    .number
                    .unwrap_or(0));
            }
        }
        Err(format!(
            "Enum type \"{enum_full}\" has no value named \"{ident}\" for option \"{option}\"."
        ))
    }
}

/// Whether the option at the end of `chain` already has a value in `acc`.
fn is_set(acc: &[u8], chain: &[FieldMeta]) -> bool {
    let (first, rest) = chain.split_first().unwrap();
    let mut r = wire::Reader::new(acc);
    while !r.done() {
        let Some((n, wt, v)) = r.field() else {
            return false;
        };
        if n as i32 != first.number {
            continue;
        }
        if rest.is_empty() {
            return true;
        }
        if (wt == wire::LEN || wt == wire::START_GROUP) && is_set(v, rest) {
            return true;
        }
    }
    false
}

/// Whether some extension set in `bytes` (options of type `msg_full`) is
/// of a message type with required fields, which the options may leave
/// unset.
fn may_miss_required(pool: &Pool, msg_full: &str, bytes: &[u8]) -> bool {
    let mut r = wire::Reader::new(bytes);
    while !r.done() {
        let Some((n, _, _)) = r.field() else {
            return true;
        };
        let Some(meta) = extension_by_number(pool, msg_full, n as i32) else {
            continue;
        };
        if meta.is_message() && has_required_fields(pool, meta.type_name.as_deref().unwrap_or("")) {
            return true;
        }
    }
    false
}

/// Required fields left unset in message-typed options, as paths like `(in).r`.
fn missing_required(pool: &Pool, msg_full: &str, bytes: &[u8]) -> Option<String> {
    let mut missing = Vec::new();
    let mut r = wire::Reader::new(bytes);
    while !r.done() {
        let (n, wt, v) = r.field()?;
        let Some(meta) = extension_by_number(pool, msg_full, n as i32) else {
            continue;
        };
        if !meta.is_message() || !(wt == wire::LEN || wt == wire::START_GROUP) {
            continue;
        }
        let ty = meta.type_name.clone().unwrap_or_default();
        for f in fields_of(pool, &ty) {
            if f.required && !has_field(v, f.number) {
                missing.push(format!("({}).{}", meta.full_name, f.name));
            }
        }
    }
    (!missing.is_empty()).then(|| missing.join(", "))
}

fn has_field(bytes: &[u8], number: i32) -> bool {
    let mut r = wire::Reader::new(bytes);
    while !r.done() {
        match r.field() {
            Some((n, _, _)) if n as i32 == number => return true,
            Some(_) => {}
            None => return false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::protoc_rank;
    use crate::descriptor::tags::*;

    /// Paths in the order protoc interprets their options sort into that
    /// order by rank, whatever order they start in.
    #[test]
    fn ranks_sort_in_protoc_order() {
        let (m, n, e, o, x, r, v, s, k) = (
            FILE_MESSAGE_TYPE as i32,
            MSG_NESTED_TYPE as i32,
            MSG_ENUM_TYPE as i32,
            MSG_ONEOF_DECL as i32,
            MSG_EXTENSION as i32,
            MSG_EXTENSION_RANGE as i32,
            ENUM_VALUE as i32,
            FILE_SERVICE as i32,
            SERVICE_METHOD as i32,
        );
        let f = MSG_FIELD as i32;
        let expected: Vec<Vec<i32>> = vec![
            vec![m, 0, o, 0],
            vec![m, 0, f, 0],
            vec![m, 0, f, 1],
            vec![m, 0, e, 0, v, 0],
            vec![m, 0, e, 0, v, 1],
            vec![m, 0, e, 0],
            vec![m, 0, r, 0],
            vec![m, 0, x, 0],
            vec![m, 0],
            vec![m, 0, n, 0, f, 0],
            vec![m, 0, n, 0],
            vec![m, 0, n, 1],
            vec![m, 1],
            vec![FILE_ENUM_TYPE as i32, 0, v, 0],
            vec![FILE_ENUM_TYPE as i32, 0],
            vec![s, 0, k, 0],
            vec![s, 0, k, 1],
            vec![s, 0],
            vec![FILE_EXTENSION as i32, 0],
            vec![],
            vec![m, 0, 99, 0],
        ];
        let mut shuffled = expected.clone();
        shuffled.reverse();
        shuffled.swap(3, 11);
        shuffled.sort_by_cached_key(|p| protoc_rank(p));
        assert_eq!(shuffled, expected);
    }
}
