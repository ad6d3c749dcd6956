//! protoc's `Suggested field numbers for M: …` error: once a top-level
//! message has a field number rejected (not positive, too large, reserved,
//! inside an extension range) or a range that starts below 1, protoc names
//! up to three numbers still free in it, at the place of the first such
//! error, after the file's other errors of that kind.

use super::walker::{cat, Ctx};
use crate::descriptor as d;
use crate::descriptor::tags::*;
use crate::descriptor::MAX_FIELD_NUMBER;
use crate::diagnostics::Code;

const MAX_SUGGESTIONS: i64 = 3;
/// The numbers kept for the protobuf implementation. protoc treats only
/// 19000 to 19998 as taken here: its range ends at 19999, exclusive.
const IMPL_RESERVED: (i32, i32) = (19000, 19999);

/// How many numbers to suggest and where, gathered in protoc's order.
#[derive(Default)]
struct Hints {
    count: i64,
    first: Option<Vec<i32>>,
}

impl Hints {
    /// A request for `end - start` numbers (each clamped to 0..=max).
    fn request(&mut self, at: Vec<i32>, start: i32, end: i32) {
        let fit = |v: i64| v.clamp(0, MAX_FIELD_NUMBER as i64);
        self.count = fit(self.count + fit(fit(end as i64) - fit(start as i64)));
        self.first.get_or_insert(at);
    }
}

pub fn suggest_field_numbers(cx: &mut Ctx) {
    let pool = cx.pool;
    let fd = &pool.files[cx.file].proto;
    let package = fd.package.as_deref().unwrap_or("");
    for (i, m) in fd.message_type.iter().enumerate() {
        let path = [FILE_MESSAGE_TYPE as i32, i as i32];
        let hints = hints(m, &path);
        let Some(at) = hints.first else { continue };
        let wanted = hints.count.min(MAX_SUGGESTIONS);
        if wanted <= 0 {
            continue;
        }
        let name = m.name.as_deref().unwrap_or("");
        let full = if package.is_empty() {
            name.to_string()
        } else {
            format!("{package}.{name}")
        };
        let free = free_numbers(m, wanted as usize);
        let list: Vec<String> = free.iter().map(i32::to_string).collect();
        let before = cx.diags.len();
        cx.err(
            Code::FieldNumberOutOfRange,
            &at,
            format!("Suggested field numbers for {full}: {}", list.join(", ")),
        );
        // The suggestion is a help of the error it follows, where that
        // error is shown; protoc's formats print it as its own line.
        let Some(suggestion) = cx.diags.get_mut(before) else {
            continue;
        };
        suggestion.follow_on = true;
        let (file, span) = (suggestion.source, suggestion.span);
        let help = if list.is_empty() {
            format!("{full} has no free field number left")
        } else {
            format!("free field numbers in {full}: {}", list.join(", "))
        };
        if let Some(first) = cx.diags[..before]
            .iter_mut()
            .find(|d| d.source == file && d.span == span && d.help.is_none())
        {
            first.help = Some(help);
        } else if let Some(suggestion) = cx.diags.get_mut(before) {
            suggestion.follow_on = false;
        }
    }
}

/// The requests protoc makes while building message `m`: its fields'
/// numbers, extension ranges, extensions and reserved ranges, then each
/// field against the ranges.
fn hints(m: &d::DescriptorProto, path: &[i32]) -> Hints {
    let mut h = Hints::default();
    for (i, f) in m.field.iter().enumerate() {
        let n = f.number.unwrap_or(0);
        if n <= 0 || n > MAX_FIELD_NUMBER {
            h.request(
                cat(path, &[MSG_FIELD as i32, i as i32, FIELD_NUMBER as i32]),
                0,
                1,
            );
        }
    }
    for (i, r) in m.extension_range.iter().enumerate() {
        let (s, e) = (r.start.unwrap_or(0), r.end.unwrap_or(0));
        if s <= 0 {
            let at = cat(
                path,
                &[MSG_EXTENSION_RANGE as i32, i as i32, EXT_RANGE_START as i32],
            );
            h.request(at, s, e);
        }
    }
    for (i, f) in m.extension.iter().enumerate() {
        if f.number.unwrap_or(0) <= 0 {
            h.request(
                cat(path, &[MSG_EXTENSION as i32, i as i32, FIELD_NUMBER as i32]),
                0,
                1,
            );
        }
    }
    for (i, r) in m.reserved_range.iter().enumerate() {
        let (s, e) = (r.start.unwrap_or(0), r.end.unwrap_or(0));
        if s <= 0 {
            let at = cat(
                path,
                &[MSG_RESERVED_RANGE as i32, i as i32, RESERVED_START as i32],
            );
            h.request(at, s, e);
        }
    }
    for f in &m.field {
        let n = f.number.unwrap_or(0);
        for (j, r) in m.extension_range.iter().enumerate() {
            if r.start.unwrap_or(0) <= n && n < r.end.unwrap_or(0) {
                let at = cat(
                    path,
                    &[MSG_EXTENSION_RANGE as i32, j as i32, EXT_RANGE_START as i32],
                );
                h.request(at, 0, 1);
            }
        }
        for (j, r) in m.reserved_range.iter().enumerate() {
            if r.start.unwrap_or(0) <= n && n < r.end.unwrap_or(0) {
                h.request(cat(path, &[MSG_RESERVED_RANGE as i32, j as i32]), 0, 1);
            }
        }
    }
    h
}

/// The first `wanted` numbers no field, extension or range of `m` takes.
fn free_numbers(m: &d::DescriptorProto, wanted: usize) -> Vec<i32> {
    let max = MAX_FIELD_NUMBER;
    let mut used: Vec<(i32, i32)> = Vec::new();
    // Consecutive numbers of successive fields join into one range.
    let add_number = |used: &mut Vec<(i32, i32)>, n: i32| {
        if n <= 0 || n > max {
            return;
        }
        match used.last_mut() {
            Some(last) if last.1 == n => last.1 = n + 1,
            _ => used.push((n, n + 1)),
        }
    };
    for f in m.field.iter().chain(&m.extension) {
        add_number(&mut used, f.number.unwrap_or(0));
    }
    let ranges = m
        .reserved_range
        .iter()
        .map(|r| (r.start.unwrap_or(0), r.end.unwrap_or(0)))
        .chain(
            m.extension_range
                .iter()
                .map(|r| (r.start.unwrap_or(0), r.end.unwrap_or(0))),
        );
    for (from, to) in ranges {
        let clamp = |v: i32| v.clamp(0, max + 1);
        let (from, to) = (clamp(from), clamp(to));
        if from < to {
            used.push((from, to));
        }
    }
    used.push((max, max + 1));
    used.push(IMPL_RESERVED);
    used.sort_unstable();
    let mut free = Vec::new();
    let mut current = 1;
    for (from, to) in used {
        while current < from && free.len() < wanted {
            free.push(current);
            current += 1;
        }
        if free.len() == wanted {
            break;
        }
        current = current.max(to);
    }
    free
}
