//! `--decode=TYPE` of arbitrary bytes as each fixed message type (the text
//! printed and the required fields reported missing), and `--decode_raw`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use protogen::semantic::dynamic::textprint::{missing_required, print_message, print_raw};

fuzz_target!(|data: &[u8]| {
    let c = protogen_fuzz::types();
    for ty in protogen_fuzz::TYPES {
        if print_message(&c.pool, ty, data).is_ok() {
            let _ = missing_required(&c.pool, ty, data);
        }
    }
    let _ = print_raw(data);
});
