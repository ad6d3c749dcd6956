//! Export: pool files to the `FileDescriptorSet` protoc writes — JSON
//! names filled in, source-retention options stripped, source locations as
//! lines and columns.

use std::collections::HashSet;

use crate::descriptor::{self as d, wire};
use crate::semantic::dynamic::{
    canonicalize, extension_by_number, find_field_by_number, FieldMeta,
};
use crate::semantic::lower::Locs;
use crate::semantic::pool::Pool;
use crate::semantic::text::json_name;
use crate::semantic::walk::for_each_options_mut;
use crate::source::SourceFile;

#[derive(Clone, Copy, Debug, Default)]
pub struct ExportOptions {
    pub include_imports: bool,
    pub include_source_info: bool,
    pub retain_options: bool,
    /// Give every field its `json_name`, not only those that set it.
    pub include_json_name: bool,
}

/// The files to write, in protoc's order: depth first from each requested
/// file, a file's regular imports, then its `import option` files, then the
/// file itself. Without `include_imports` only the requested files are
/// written, still in that order.
pub fn output_order(pool: &Pool, roots: &[usize], include_imports: bool) -> Vec<usize> {
    fn go(pool: &Pool, f: usize, seen: &mut HashSet<usize>, out: &mut Vec<usize>) {
        if !seen.insert(f) {
            return;
        }
        let file = &pool.files[f];
        for &dep in file.deps.iter().chain(&file.option_deps) {
            go(pool, dep, seen, out);
        }
        out.push(f);
    }
    let requested: HashSet<usize> = roots.iter().copied().collect();
    let mut seen = HashSet::new();
    if !include_imports {
        for &r in roots {
            let file = &pool.files[r];
            for &dep in file.deps.iter().chain(&file.option_deps) {
                if !requested.contains(&dep) {
                    seen.insert(dep);
                }
            }
        }
    }
    let mut out = Vec::new();
    for &r in roots {
        go(pool, r, &mut seen, &mut out);
    }
    out
}

pub fn export_file(
    pool: &Pool,
    sources: &[SourceFile],
    file: usize,
    opts: ExportOptions,
) -> d::FileDescriptorProto {
    let entry = &pool.files[file];
    let mut fd = entry.proto.clone();
    if opts.include_json_name {
        fill_json_names(&mut fd);
    }
    canonicalize_options(pool, &mut fd, opts.retain_options);
    let removed = if opts.retain_options {
        Vec::new()
    } else {
        strip_source_retention(pool, &mut fd)
    };
    if !opts.include_source_info {
        fd.source_code_info = None;
    } else if let Some(src) = entry.source {
        let info = if removed.is_empty() {
            source_code_info(&sources[src], &entry.locs)
        } else {
            let kept = entry
                .locs
                .without(|p| removed.iter().any(|r| p.starts_with(r)));
            source_code_info(&sources[src], &kept)
        };
        fd.source_code_info = Some(info);
    } else if let Some(sci) = &mut fd.source_code_info {
        // A file taken from a descriptor set keeps the locations it came with.
        sci.location
            .retain(|l| !removed.iter().any(|r| l.path.starts_with(r)));
    }
    fd
}

fn fill_json_names(fd: &mut d::FileDescriptorProto) {
    fn fields(fs: &mut [d::FieldDescriptorProto]) {
        for f in fs {
            if f.json_name.is_none() {
                f.json_name = Some(json_name(f.name.as_deref().unwrap_or("")));
            }
        }
    }
    fn message(m: &mut d::DescriptorProto) {
        fields(&mut m.field);
        fields(&mut m.extension);
        for n in &mut m.nested_type {
            message(n);
        }
    }
    for m in &mut fd.message_type {
        message(m);
    }
    fields(&mut fd.extension);
}

fn source_code_info(src: &SourceFile, locs: &Locs) -> d::SourceCodeInfo {
    let mut out = d::SourceCodeInfo::default();
    for l in locs.iter() {
        let (sl, sc) = src.line_col(l.span.start);
        let (el, ec) = src.line_col(l.span.end);
        let span = if sl == el {
            vec![sl as i32, sc as i32, ec as i32]
        } else {
            vec![sl as i32, sc as i32, el as i32, ec as i32]
        };
        let mut loc = d::Location {
            path: l.path.to_vec(),
            span,
            ..Default::default()
        };
        if let Some(c) = &l.comments {
            if !c.leading.is_empty() {
                loc.leading_comments = Some(c.leading.clone());
            }
            if !c.trailing.is_empty() {
                loc.trailing_comments = Some(c.trailing.clone());
            }
            loc.leading_detached_comments = c.detached.clone();
        }
        out.location.push(loc);
    }
    out
}

/// Puts every options message in protoc's order. protoc keeps its options
/// in its compiled-in descriptor.proto classes, where custom options stay
/// unknown fields in the order written; stripping source-retention options
/// re-parses them against the file's pool, which sorts and merges them too.
fn canonicalize_options(pool: &Pool, fd: &mut d::FileDescriptorProto, retain: bool) {
    let schema = if retain {
        crate::semantic::reference_pool()
    } else {
        pool
    };
    for_each_options_mut(fd, &mut |_, kind, _, slot| {
        if let Some(bytes) = slot.as_mut() {
            *bytes = canonicalize(schema, kind.message_name(), bytes);
        }
    });
}

/// Removes options whose field has `retention = RETENTION_SOURCE`; returns
/// the source paths of what was removed.
fn strip_source_retention(pool: &Pool, fd: &mut d::FileDescriptorProto) -> Vec<Vec<i32>> {
    let mut removed: Vec<Vec<i32>> = Vec::new();
    let mut opts_path = Vec::new();
    for_each_options_mut(fd, &mut |path, kind, opts_field, slot| {
        let Some(bytes) = slot.as_ref() else { return };
        opts_path.clear();
        opts_path.extend_from_slice(path);
        opts_path.push(opts_field as i32);
        let mut stripped = Vec::new();
        let out = strip_message(pool, kind.message_name(), bytes, &opts_path, &mut stripped);
        if stripped.is_empty() {
            return;
        }
        if out.is_empty() {
            *slot = None;
            removed.push(opts_path.clone());
        } else {
            *slot = Some(out);
            removed.extend(stripped);
        }
    });
    removed
}

fn strip_message(
    pool: &Pool,
    msg_full: &str,
    bytes: &[u8],
    path: &[i32],
    stripped: &mut Vec<Vec<i32>>,
) -> Vec<u8> {
    let mut out = Vec::new();
    let mut r = wire::Reader::new(bytes);
    let mut repeated_index: rustc_hash::FxHashMap<u32, i32> = Default::default();
    while !r.done() {
        let start = r.pos;
        let Some((n, wt, v)) = r.field() else { break };
        let meta: Option<FieldMeta> = find_field_by_number(pool, msg_full, n as i32)
            .or_else(|| extension_by_number(pool, msg_full, n as i32));
        let mut p = path.to_vec();
        p.push(n as i32);
        match meta {
            Some(m) if m.source_retention => stripped.push(p),
            Some(m) if m.is_message() && wt == wire::LEN => {
                if m.repeated {
                    let i = repeated_index.entry(n).or_insert(0);
                    p.push(*i);
                    *i += 1;
                }
                let sub = m.type_name.clone().unwrap_or_default();
                let inner = strip_message(pool, &sub, v, &p, stripped);
                wire::put_bytes(&mut out, n, &inner);
            }
            _ => out.extend_from_slice(&bytes[start..r.pos]),
        }
    }
    out
}
