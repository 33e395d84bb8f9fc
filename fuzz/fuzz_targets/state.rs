//! The decoder of decrypted state and records (padded postcard in versioned
//! envelopes) on arbitrary bytes: never a panic, never an allocation the input
//! cannot pay for (run with -malloc_limit_mb).
#![no_main]
use confide_core::model::envelope::{RecordEnvelope, StateEnvelope};
use confide_core::vault::crypto::decode_padded;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = decode_padded::<StateEnvelope>(data) {
        let _ = s.into_current();
    }
    if let Ok(r) = decode_padded::<RecordEnvelope>(data) {
        let _ = r.into_current();
    }
});
