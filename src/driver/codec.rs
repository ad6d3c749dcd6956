//! `--encode`, `--decode` and `--decode_raw`: text format on one side,
//! the binary encoding on the other, stdin to stdout.

use std::io::{Read, Write};

use crate::descriptor::wire::{self, Reader};
use crate::driver::Invocation;
use crate::semantic::dynamic::textformat;
use crate::semantic::dynamic::textprint::{missing_required, print_message, print_raw};
use crate::semantic::dynamic::{find_field_by_number, is_map_field, FieldMeta};
use crate::semantic::pool::SymKind;
use crate::semantic::Pool;
use crate::source::SourceFile;

fn read_stdin() -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    std::io::stdin().lock().read_to_end(&mut buf)?;
    Ok(buf)
}

fn write_stdout(bytes: &[u8], err: &mut impl Write) -> bool {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if out.write_all(bytes).and_then(|_| out.flush()).is_err() {
        let _ = writeln!(err, "output: I/O error.");
        return false;
    }
    true
}

fn find_type(pool: &Pool, ty: &str, err: &mut impl Write) -> bool {
    if pool
        .symbols
        .get(ty)
        .is_some_and(|s| s.kind == SymKind::Message)
    {
        return true;
    }
    let _ = writeln!(err, "Type not defined: {ty}");
    false
}

fn warn_missing(missing: &[String], err: &mut impl Write, warned: &mut bool) {
    if !missing.is_empty() {
        *warned = true;
        let _ = writeln!(
            err,
            "warning:  Input message is missing required fields:  {}",
            missing.join(", ")
        );
    }
}

/// `--encode=TYPE`: text format in, binary out.
pub fn encode(
    inv: &Invocation,
    pool: &Pool,
    ty: &str,
    err: &mut impl Write,
    warned: &mut bool,
) -> bool {
    if !find_type(pool, ty, err) {
        return false;
    }
    let Ok(input) = read_stdin() else {
        let _ = writeln!(err, "Failed to parse input.");
        return false;
    };
    let text = String::from_utf8_lossy(&input);
    let (mut bytes, missing) = match textformat::parse_document(pool, ty, &text) {
        Ok(r) => r,
        Err((offset, message)) => {
            let src = SourceFile::new("input".into(), "input".into(), text.as_ref().into());
            let (line, col) = src.line_col(offset as u32);
            let _ = writeln!(err, "input:{}:{}: {message}", line + 1, col + 1);
            let _ = writeln!(err, "Failed to parse input.");
            return false;
        }
    };
    warn_missing(&missing, err, warned);
    if inv.deterministic_output {
        bytes = sort_maps(pool, ty, &bytes, 0);
    }
    write_stdout(&bytes, err)
}

/// `--decode=TYPE`: binary in, text format out.
pub fn decode(pool: &Pool, ty: &str, err: &mut impl Write, warned: &mut bool) -> bool {
    if !find_type(pool, ty, err) {
        return false;
    }
    let input = read_stdin().unwrap_or_default();
    let Ok(text) = print_message(pool, ty, &input) else {
        let _ = writeln!(err, "Failed to parse input.");
        return false;
    };
    warn_missing(&missing_required(pool, ty, &input), err, warned);
    write_stdout(text.as_bytes(), err)
}

/// `--decode_raw`: any binary message in, its fields by number out.
pub fn decode_raw(err: &mut impl Write) -> i32 {
    let input = read_stdin().unwrap_or_default();
    let Ok(text) = print_raw(&input) else {
        let _ = writeln!(err, "Failed to parse input.");
        return 1;
    };
    if write_stdout(text.as_bytes(), err) {
        0
    } else {
        1
    }
}

/// Re-encodes a message with the entries of each map sorted by key (a
/// stable sort), at every depth: `--deterministic_output`.
fn sort_maps(pool: &Pool, ty: &str, bytes: &[u8], depth: usize) -> Vec<u8> {
    if depth > 100 {
        return bytes.to_vec();
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut r = Reader::new(bytes);
    // A run of entries of one map field, waiting to be sorted.
    let mut run: Option<(u32, FieldMeta, Vec<Vec<u8>>)> = None;
    let flush = |out: &mut Vec<u8>, run: &mut Option<(u32, FieldMeta, Vec<Vec<u8>>)>| {
        if let Some((n, meta, mut entries)) = run.take() {
            let key_ty = map_key_type(pool, &meta);
            entries.sort_by_key(|a| entry_key(a, key_ty));
            for e in entries {
                wire::put_bytes(out, n, &e);
            }
        }
    };
    while !r.done() {
        let start = r.pos;
        let Some((n, wt, v)) = r.field() else {
            return bytes.to_vec();
        };
        let meta = find_field_by_number(pool, ty, n as i32)
            .or_else(|| crate::semantic::dynamic::extension_by_number(pool, ty, n as i32));
        match meta {
            Some(meta) if wt == wire::LEN && meta.is_message() => {
                let sub_ty = meta.type_name.clone().unwrap_or_default();
                let inner = sort_maps(pool, &sub_ty, v, depth + 1);
                if map_key_type(pool, &meta).is_some() {
                    if run.as_ref().is_some_and(|(rn, _, _)| *rn != n) {
                        flush(&mut out, &mut run);
                    }
                    run.get_or_insert_with(|| (n, meta, Vec::new()))
                        .2
                        .push(inner);
                    continue;
                }
                flush(&mut out, &mut run);
                wire::put_bytes(&mut out, n, &inner);
            }
            _ => {
                flush(&mut out, &mut run);
                out.extend_from_slice(&bytes[start..r.pos]);
            }
        }
    }
    flush(&mut out, &mut run);
    out
}

/// For a map field, the type of its key.
fn map_key_type(pool: &Pool, meta: &FieldMeta) -> Option<crate::descriptor::Type> {
    if !is_map_field(pool, meta) {
        return None;
    }
    find_field_by_number(pool, meta.type_name.as_deref()?, 1).map(|k| k.ty)
}

#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Signed(i64),
    Unsigned(u64),
    Bytes(Vec<u8>),
}

fn entry_key(entry: &[u8], ty: Option<crate::descriptor::Type>) -> Key {
    use crate::descriptor::Type::*;
    let mut raw: Option<&[u8]> = None;
    let mut r = Reader::new(entry);
    while let Some((n, _, v)) = r.field() {
        if n == 1 {
            raw = Some(v);
        }
    }
    let varint = || raw.and_then(|v| Reader::new(v).varint()).unwrap_or(0);
    let fixed = || {
        raw.map(|v| {
            let mut b = [0u8; 8];
            b[..v.len().min(8)].copy_from_slice(&v[..v.len().min(8)]);
            u64::from_le_bytes(b)
        })
        .unwrap_or(0)
    };
    match ty {
        Some(String | Bytes) => Key::Bytes(raw.unwrap_or_default().to_vec()),
        Some(Int32) => Key::Signed(varint() as i32 as i64),
        Some(Int64) => Key::Signed(varint() as i64),
        Some(Sint32 | Sint64) => {
            let v = varint();
            Key::Signed((v >> 1) as i64 ^ -((v & 1) as i64))
        }
        Some(Sfixed32) => Key::Signed(fixed() as u32 as i32 as i64),
        Some(Sfixed64) => Key::Signed(fixed() as i64),
        Some(Fixed32 | Fixed64) => Key::Unsigned(fixed()),
        _ => Key::Unsigned(varint()),
    }
}
