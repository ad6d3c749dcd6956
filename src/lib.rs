//! protogen: a protoc-compatible protobuf compiler.
//!
//! The pipeline runs in one direction:
//!
//! 1. [`source`] loads files by import name from `-I` roots or the bundled
//!    well-known types;
//! 2. [`syntax`] lexes and parses each file into a syntax tree with spans and
//!    comments, never failing, recording errors as it goes;
//! 3. [`semantic`] lowers each tree to descriptors (with source locations),
//!    resolves names against the file and its imports with protoc's scoping
//!    rules, interprets options and editions features, and checks everything
//!    protoc checks;
//! 4. [`semantic::export`] turns the checked files into the descriptors
//!    protoc writes, and [`descriptor`] encodes them as a
//!    `FileDescriptorSet`, byte for byte as protoc does;
//! 5. [`semantic::model`] builds the typed model of those descriptors
//!    (typed ids, resolved references, features and options), which the
//!    built-in generators of [`codegen`] read; [`plugin`] runs external
//!    generators and answers as one;
//! 6. [`driver`] runs these stages for a command line read by [`cli`], and
//!    [`diagnostics`] renders what went wrong.

/// Stack for every thread that parses or walks a syntax tree. Imports load
/// depth first, a few KB of stack per file of an import chain, and the
/// parsers and printers recurse once per level of nesting; protoc accepts
/// chains of thousands of files and deeply nested declarations, so the
/// default stacks (8 MB for the main thread, 2 MB for others) are not
/// enough. Only touched pages are used.
pub const THREAD_STACK: usize = 1 << 30;

pub mod breaking;
pub mod build;
pub mod cli;
pub mod codegen;
pub mod descriptor;
pub mod diagnostics;
pub mod driver;
pub mod format;
pub mod lint;
pub mod parallel;
pub mod plugin;
pub mod semantic;
pub mod source;
pub mod syntax;
pub mod workspace;
