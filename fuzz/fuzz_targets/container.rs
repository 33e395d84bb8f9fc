//! The container parser on arbitrary bytes: never a panic, whatever the lengths say.
#![no_main]
use confide_core::vault::container::{Verify, scan};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for verify in [Verify::All, Verify::LastRecord, Verify::KeysOnly, Verify::None] {
        let _ = scan(&mut std::io::Cursor::new(data), verify);
    }
});
