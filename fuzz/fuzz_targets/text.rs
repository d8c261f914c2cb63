//! Plain-text articles: arbitrary bytes as a .txt file (decoding, headline/outlet/date heuristics, limits).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| slant::fuzzing::text_file(data));
