//! Resolution: symbols into the pool, then every reference cross-linked.

mod hints;
mod link;
mod symbols;

pub use link::{cross_link, lookup_error_message};
pub use symbols::add_symbols;
