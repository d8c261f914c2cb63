//! Whole-article annotation (tokens, sentences, hits, entities, quotes, attributions, tone).
#![no_main]
libfuzzer_sys::fuzz_target!(|s: &str| slant::fuzzing::annotate(s));
