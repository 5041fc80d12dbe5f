//! cargo-fuzz target `yaml_loader`: see `migplan_fuzz::yaml_loader` (fuzz/src/harness.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| migplan_fuzz::yaml_loader(data));
