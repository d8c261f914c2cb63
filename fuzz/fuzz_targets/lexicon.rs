//! Lexicon TOML parsing, validation and matching.
#![no_main]
libfuzzer_sys::fuzz_target!(|s: &str| slant::fuzzing::lexicon(s));
