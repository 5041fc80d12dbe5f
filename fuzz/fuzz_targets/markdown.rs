//! cargo-fuzz target `markdown`: see `migplan_fuzz::markdown` (fuzz/src/harness.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| migplan_fuzz::markdown(data));
