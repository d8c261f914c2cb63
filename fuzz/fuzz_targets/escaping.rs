//! HTML and Markdown escaping and file-name slugs of hostile strings.
#![no_main]
libfuzzer_sys::fuzz_target!(|s: &str| slant::fuzzing::escaping(s));
