//! cargo-fuzz target `when_rule`: see `migplan_fuzz::when_rule` (fuzz/src/harness.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| migplan_fuzz::when_rule(data));
