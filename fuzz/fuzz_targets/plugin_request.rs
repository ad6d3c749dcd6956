//! Plugin (guest) mode, `protogen plugin`, on an arbitrary
//! CodeGeneratorRequest: decoding it, linking its descriptors and running
//! the generator its parameter names (`lang=python`, `pyi`, `grpc_python`).
//! Whatever goes wrong must become the response's error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let response = protogen::plugin::guest::respond(None, data);
    // The response is written to stdout encoded.
    let _ = response.encode();
});
