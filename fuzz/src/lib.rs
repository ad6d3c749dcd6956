//! Helpers shared by the fuzz targets: the fixed message types that text
//! format and binary inputs are read as, and the checks every compilation's
//! diagnostics must pass.

use std::path::PathBuf;
use std::sync::OnceLock;

use protogen::cli::Invocation;
use protogen::semantic::Compilation;

/// The repository root (this crate lives in its `fuzz/` directory).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The message types `text_format` and `decode` read every input as: a
/// proto3 message with maps, oneofs, `Any` and most scalar types; a proto2
/// message with groups, required fields, packed fields and extensions; and
/// descriptor.proto's `FileDescriptorProto` (deep nesting, options).
pub const TYPES: &[&str] = &[
    "shop.Item",
    "shop.legacy.Order",
    "google.protobuf.FileDescriptorProto",
];

/// The fixtures under `fixtures/cli/proto` that define [`TYPES`], compiled
/// once per process.
pub fn types() -> &'static Compilation {
    static TYPES_COMPILATION: OnceLock<Compilation> = OnceLock::new();
    TYPES_COMPILATION.get_or_init(|| {
        let root = repo().join("fixtures/cli/proto");
        let inv = Invocation {
            proto_path: vec![(String::new(), root.display().to_string())],
            inputs: vec!["shop/catalog.proto".into(), "shop/legacy.proto".into()],
            ..Default::default()
        };
        let out = protogen::driver::compile(&inv, &Default::default());
        assert!(
            out.roots.is_some(),
            "the fixed types of the fuzz targets do not compile"
        );
        out.compilation
    })
}

/// The pool index of the file `name` in `c`.
pub fn file_index(c: &Compilation, name: &str) -> usize {
    c.pool
        .files
        .iter()
        .position(|f| f.name == name)
        .unwrap_or_else(|| panic!("{name} is not in the pool"))
}

/// Checks what a compilation reported: no internal error (a panic caught
/// by the driver), every span inside its source, and the first few
/// rendered in every error format without a panic.
pub fn check_diagnostics(c: &Compilation) {
    for d in &c.diags {
        assert!(
            !d.message.starts_with("internal error"),
            "internal error diagnostic: {}",
            d.message
        );
        if let Some(span) = d.span {
            assert!(span.start <= span.end, "backwards span {span:?}: {}", d.message);
            if let Some(src) = d.source {
                let len = c.sources[src].text.len();
                assert!(
                    span.end as usize <= len,
                    "span {span:?} past the end of a {len}-byte source: {}",
                    d.message
                );
            }
        }
    }
    // The first few rendered in every format (rendering all of a random
    // input's many errors would dominate the time per execution).
    use protogen::diagnostics::{machine, render_compact, render_gcc, render_human, render_msvs};
    let mut findings = Vec::new();
    for d in c.diags.iter().take(4) {
        let _ = render_gcc(d, &c.sources);
        let _ = render_msvs(d, &c.sources);
        let _ = render_human(d, &c.sources, false);
        let _ = render_compact(d, &c.sources);
        let f = protogen::diagnostics::Finding::from_diagnostic(d, &c.sources);
        let _ = machine::json_line(&f);
        let _ = machine::github_actions(&f);
        findings.push(f);
    }
    let _ = machine::sarif(&findings, "fuzz");
    let _ = machine::junit(&findings);
    let _ = machine::gitlab_code_quality(&findings);
}
