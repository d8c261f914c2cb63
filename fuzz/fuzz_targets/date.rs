//! Date parsing: arbitrary strings.
#![no_main]
libfuzzer_sys::fuzz_target!(|s: &str| slant::fuzzing::date(s));
