//! The text format parser on arbitrary text: as `--encode` reads a whole
//! document, and as an aggregate option value (`option (x) = { ... }`) is
//! read, against each of the fixed message types.
#![no_main]

use libfuzzer_sys::fuzz_target;
use protogen::semantic::dynamic::textformat;
use protogen::semantic::dynamic::textprint::print_message;

fuzz_target!(|data: &[u8]| {
    // `--encode` reads stdin as UTF-8 with invalid bytes replaced.
    let text = String::from_utf8_lossy(data);
    let c = protogen_fuzz::types();
    let catalog = protogen_fuzz::file_index(c, "shop/catalog.proto");
    for ty in protogen_fuzz::TYPES {
        match textformat::parse_document(&c.pool, ty, &text) {
            Ok((bytes, _missing)) => {
                // What was encoded prints back (as `--decode` would).
                let _ = print_message(&c.pool, ty, &bytes);
            }
            Err((offset, _)) => {
                // The offset is turned into line:column for the message.
                assert!(offset <= text.len(), "error offset {offset} past the input");
            }
        }
        let _ = textformat::parse(&c.pool, catalog, ty, &text);
    }
});
