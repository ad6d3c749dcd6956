//! Resolution: symbols into the pool, then every reference cross-linked.

mod hints;
mod link;
mod symbols;

pub use link::{cross_link, lookup_error_message};
pub use symbols::add_symbols;

use crate::descriptor as d;
use crate::semantic::walk::{entities, Entity};

/// What a file declares and what its declarations refer to: read from the
/// file alone, before any linking, so it can be found while other files
/// are compiled.
pub struct Declared {
    /// Every named entity, in protoc's registration order.
    entities: Vec<Entity>,
    /// Every reference to resolve, in the order protoc resolves them.
    refs: Vec<link::Ref>,
}

impl Declared {
    pub fn of(fd: &d::FileDescriptorProto) -> Declared {
        let entities = entities(fd);
        let refs = link::collect_refs(fd, &entities);
        Declared { entities, refs }
    }
}
