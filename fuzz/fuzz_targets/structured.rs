//! JSON Lines and CSV field mapping: the first byte chooses the format, the rest is the file.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Some((&format, rest)) = data.split_first() {
        if format % 2 == 0 { slant::fuzzing::jsonl(rest) } else { slant::fuzzing::csv(rest) }
    }
});
