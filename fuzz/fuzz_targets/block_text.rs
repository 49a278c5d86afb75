//! The masked copy comrak parses (`parse::block_text`) against the text itself: on arbitrary
//! text, both must parse to the same blocks (kinds, fields, source positions). Fails with the
//! first block that differs.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Err(difference) = pmlint::parse::check_block_text(&text) {
        panic!("{difference}\n--- text: {text:?}");
    }
});
