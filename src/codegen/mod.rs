//! Code generation: where generated files are collected and written.

pub mod output;
pub mod zip;
