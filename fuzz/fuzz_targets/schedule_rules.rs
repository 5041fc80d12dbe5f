//! cargo-fuzz target `schedule_rules`: see `migplan_fuzz::schedule_rules` (fuzz/src/harness.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| migplan_fuzz::schedule_rules(data));
