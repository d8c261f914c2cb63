//! Quote extraction: arbitrary text.
#![no_main]
libfuzzer_sys::fuzz_target!(|s: &str| slant::fuzzing::quotes(s));
