//! Errors positioned by source path within a file of the pool.

use crate::diagnostics::{Code, Diagnostic};
use crate::semantic::pool::Pool;

/// An error at the entity with source path `path` (protoc's error location for it).
pub fn report(
    pool: &Pool,
    file: usize,
    diags: &mut Vec<Diagnostic>,
    code: Code,
    path: &[i32],
    msg: String,
) {
    let f = &pool.files[file];
    let mut d = Diagnostic::error(code, msg).in_file(f.name.clone());
    if let (Some(src), Some(span)) = (f.source, f.error_span(path)) {
        d = d.at(src, span);
    } else if let (Some(src), Some(span)) = (f.source, f.unplaced_error_span(path)) {
        d = d.at(src, span);
        d.unplaced_in_protoc = true;
    }
    diags.push(d);
}

/// An error protoc reports with the file name only (no line and column).
pub fn report_file(pool: &Pool, file: usize, diags: &mut Vec<Diagnostic>, code: Code, msg: String) {
    diags.push(Diagnostic::error(code, msg).in_file(pool.files[file].name.clone()));
}
