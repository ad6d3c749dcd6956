//! What the flags check about the compiled inputs, and what they print:
//! `--direct_dependencies`, `--option_dependencies`, `--disallow_services`,
//! `--print_free_field_numbers` and `--dependency_out`.

use std::collections::BTreeSet;

use crate::descriptor::{self as d, MAX_FIELD_NUMBER};
use crate::driver::Invocation;
use crate::semantic::Pool;
use crate::source::Resolver;

/// Checks the inputs against `--disallow_services`, `--direct_dependencies`
/// and `--option_dependencies`, stopping at the first input that fails.
pub fn check_restrictions(
    inv: &Invocation,
    pool: &Pool,
    roots: &[usize],
) -> Result<(), Vec<String>> {
    for &r in roots {
        let file = &pool.files[r];
        if inv.disallow_services && !file.proto.service.is_empty() {
            return Err(vec![format!(
                "{}: This file contains services, but --disallow_services was used.",
                file.name
            )]);
        }
        let checks = [
            (
                &inv.direct_dependencies,
                &file.proto.dependency,
                &inv.direct_dependencies_violation_msg,
            ),
            (
                &inv.option_dependencies,
                &file.proto.option_dependency,
                &inv.option_dependencies_violation_msg,
            ),
        ];
        for (allowed, imports, msg) in checks {
            let Some(allowed) = allowed else { continue };
            let lines: Vec<String> = imports
                .iter()
                .filter(|i| !allowed.contains(*i))
                .map(|i| format!("{}: {}", file.name, msg.replace("%s", i)))
                .collect();
            if !lines.is_empty() {
                return Err(lines);
            }
        }
    }
    Ok(())
}

/// The `--print_free_field_numbers` listing: for each top-level message of
/// each input, its nested messages first, then itself.
pub fn free_field_numbers(pool: &Pool, roots: &[usize]) -> String {
    fn message(m: &d::DescriptorProto, scope: &str, out: &mut String) {
        let name = m.name.as_deref().unwrap_or("");
        let full = if scope.is_empty() {
            name.to_string()
        } else {
            format!("{scope}.{name}")
        };
        for n in &m.nested_type {
            message(n, &full, out);
        }
        let mut used: BTreeSet<(i32, i32)> = BTreeSet::new();
        for f in &m.field {
            let n = f.number.unwrap_or(0);
            used.insert((n, n.saturating_add(1)));
        }
        for r in &m.extension_range {
            used.insert((r.start.unwrap_or(0), r.end.unwrap_or(0)));
        }
        for r in &m.reserved_range {
            used.insert((r.start.unwrap_or(0), r.end.unwrap_or(0)));
        }
        let mut line = format!("{full:<35} free:");
        let mut next = 1;
        for (start, end) in used {
            if next >= end {
                continue;
            }
            if next < start {
                if next + 1 == start {
                    line.push_str(&format!(" {next}"));
                } else {
                    line.push_str(&format!(" {next}-{}", start - 1));
                }
            }
            next = end;
        }
        if next <= MAX_FIELD_NUMBER {
            line.push_str(&format!(" {next}-INF"));
        }
        out.push_str(&line);
        out.push('\n');
    }
    let mut out = String::new();
    for &r in roots {
        let fd = &pool.files[r].proto;
        let pkg = fd.package.as_deref().unwrap_or("");
        for m in &fd.message_type {
            message(m, pkg, &mut out);
        }
    }
    out
}

/// The make rule `--dependency_out` writes: every output, then every file
/// the inputs were compiled from (by disk path), in protoc's order. Files
/// built into protogen have no disk path and are left out.
pub fn dependency_file(outputs: &[String], files: &[&str], resolver: &Resolver) -> String {
    if outputs.is_empty() {
        return String::new();
    }
    let mut s = outputs.join(" \\\n");
    s.push(':');
    let disk: Vec<String> = files.iter().filter_map(|f| resolver.disk_path(f)).collect();
    for (i, path) in disk.iter().enumerate() {
        s.push(' ');
        s.push_str(path);
        if i + 1 < disk.len() {
            s.push_str("\\\n");
        }
    }
    s
}
