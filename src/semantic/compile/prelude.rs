//! descriptor.proto compiled once per process.
//!
//! Every compilation starts by loading descriptor.proto, since options are
//! interpreted against it. When the text found for it is the bundled one,
//! the first compilation's result is kept and later compilations start from
//! a copy: a process compiling many schemas (the test suites, the fuzz
//! targets, a library user) does not parse, link and check the same file
//! each time. A descriptor.proto with any other text compiles as usual.

use std::sync::OnceLock;

use super::Compiler;
use crate::semantic::Pool;
use crate::source::{bundled_file, Resolver, SourceFile};

/// The file the prelude holds.
pub const NAME: &str = "google/protobuf/descriptor.proto";

/// The bundled descriptor.proto as compiled alone: its source and the pool
/// holding it as file 0. `None` if it did not compile cleanly (then no
/// compilation takes the shortcut).
struct Prelude {
    source: SourceFile,
    pool: Pool,
}

fn prelude() -> Option<&'static Prelude> {
    static PRELUDE: OnceLock<Option<Prelude>> = OnceLock::new();
    PRELUDE
        .get_or_init(|| {
            let resolver = Resolver::new::<&str>(&[]);
            let mut c = Compiler::new(&resolver);
            let text = bundled_file(NAME)?;
            let front = super::front::Front::new(NAME, NAME.to_string(), text.into(), 0, true);
            let idx = c.compile_front(NAME, front);
            if idx != Some(0) || !c.diags.is_empty() || c.sources.len() != 1 {
                return None;
            }
            Some(Prelude {
                source: c.sources.pop()?,
                pool: c.pool,
            })
        })
        .as_ref()
}

/// Starts an empty compiler from the prelude when `text` is the bundled
/// descriptor.proto; returns the file's pool index. `display` is where
/// this compilation found the file.
pub(super) fn restore(c: &mut Compiler<'_>, text: &str, display: &str) -> Option<usize> {
    debug_assert!(c.sources.is_empty() && c.pool.files.is_empty());
    if bundled_file(NAME) != Some(text) {
        return None;
    }
    let p = prelude()?;
    let mut source = p.source.clone();
    source.display_path = display.to_string();
    c.sources.push(source);
    c.pool = p.pool.clone();
    Some(0)
}
