//! Running code generators over the plugin protocol: [`host`] runs
//! `protoc-gen-*` programs, [`guest`] answers a request as a plugin with a
//! built-in generator. The protocol's messages are in
//! [`crate::descriptor::plugin`].

pub mod guest;
pub mod host;

pub use crate::descriptor::plugin::*;
