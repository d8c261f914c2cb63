//! Stopwords: a word in, whether it is a function word out. The list is the data file
//! `data/lexicons/stopwords-en.txt` (its header gives name, version, source and licence), embedded
//! at build time so the binary needs no data directory.

use crate::hash::HashSet;
use std::sync::OnceLock;

/// The embedded English stopword list, as shipped in `data/lexicons/`.
pub const STOPWORDS_EN: &str = include_str!("../../data/lexicons/stopwords-en.txt");

fn stopwords() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        STOPWORDS_EN
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// Whether a normalised word is on the stopword list.
pub fn is_stopword(norm: &str) -> bool {
    stopwords().contains(norm)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_words_are_stopwords_and_framing_words_are_not() {
        for w in ["the", "and", "of", "to", "was", "it"] {
            assert!(is_stopword(w), "{w} should be a stopword");
        }
        for w in ["killed", "said", "not", "denied", "terrorists", "militia"] {
            assert!(!is_stopword(w), "{w} must stay countable");
        }
    }
}
