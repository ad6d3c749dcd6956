//! From syntax trees to resolved, checked descriptors.
//!
//! Files are compiled in dependency order into one [`Pool`]
//! ([`compile`]). For each file the stages run in this order: lower
//! (descriptors, source locations, pending options), resolve (symbols, then
//! cross-links), options (with editions features), check; `export` turns
//! pool files into the descriptors protoc writes.

pub mod check;
mod compile;
pub mod dynamic;
pub mod export;
pub mod features;
pub mod lower;
pub mod model;
pub mod options;
pub mod pool;
pub mod report;
pub mod resolve;
pub mod text;
pub mod walk;

pub use compile::{
    compile, compile_reading, compile_with_sets, reference_pool, Compilation, DescriptorSets,
    Positions,
};
pub use pool::{FileEntry, Pool};
