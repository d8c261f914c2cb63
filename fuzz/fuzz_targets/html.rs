//! HTML pages: metadata and main-text extraction.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| slant::fuzzing::html_page(data));
