//! Tokens: text in, Unicode word tokens (UAX #29 word boundaries) with byte spans and normalised
//! forms out.

use crate::model::{Span, Token};
use unicode_segmentation::UnicodeSegmentation;

/// Splits `text` into word tokens (UAX #29), each with its byte span and normalised form.
/// Punctuation and whitespace are not tokens; hyphenated words are split ("counter-terrorism" is
/// two tokens), apostrophes inside a word are kept ("Iran's" is one token before normalising).
/// `sentence` is left at 0; `annotate` assigns it.
pub fn tokenize(text: &str) -> Vec<Token> {
    text.unicode_word_indices()
        .map(|(start, word)| Token {
            span: Span::new(start, start + word.len()),
            norm: normalise(word),
            sentence: 0,
            acronym: is_acronym(word),
        })
        .collect()
}

/// The form lexicons and term counts see: lowercase, typographic apostrophes folded to `'`, and a
/// possessive `'s` removed, so that "Iran’s", "Iran's" and "Iran" count as one term.
pub fn normalise(word: &str) -> String {
    let mut norm: String = word
        .chars()
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{FF07}' => '\'',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect();
    if norm.len() > 2 && norm.ends_with("'s") {
        norm.truncate(norm.len() - 2);
    }
    norm
}

/// Two or more letters, all capitals: "US", "ISIS", "IRGC".
fn is_acronym(word: &str) -> bool {
    let mut letters = 0;
    for c in word.chars() {
        if c.is_alphabetic() {
            if !c.is_uppercase() {
                return false;
            }
            letters += 1;
        }
    }
    letters >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norms(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.norm).collect()
    }

    #[test]
    fn splits_words_and_drops_punctuation() {
        let cases: &[(&str, &[&str])] = &[
            ("The US strike, on Friday.", &["the", "us", "strike", "on", "friday"]),
            ("counter-terrorism", &["counter", "terrorism"]),
            ("Iran’s Quds Force", &["iran", "quds", "force"]),
            ("Iran's", &["iran"]),
            ("“state terrorism.”", &["state", "terrorism"]),
            ("al-Muhandis", &["al", "muhandis"]),
            ("C-17 and 2,500 troops", &["c", "17", "and", "2,500", "troops"]),
            ("Qassem SOLEIMANI", &["qassem", "soleimani"]),
        ];
        for (text, want) in cases {
            assert_eq!(norms(text), *want, "tokenising {text:?}");
        }
    }

    #[test]
    fn spans_point_back_into_the_text() {
        let text = "Gen. Soleimani’s flight — arrived";
        for token in tokenize(text) {
            let surface = token.span.slice(text);
            assert_eq!(normalise(surface), token.norm);
        }
        let t = &tokenize(text)[1];
        assert_eq!(t.span.slice(text), "Soleimani’s");
    }

    #[test]
    fn acronyms_are_flagged() {
        let flags: Vec<bool> = tokenize("US troops in Iraq fight ISIS, I said").iter().map(|t| t.acronym).collect();
        assert_eq!(flags, vec![true, false, false, false, false, true, false, false]);
    }
}
