//! Tokens: text in, Unicode word tokens (UAX #29 word boundaries) with byte spans and normalised
//! forms out.

use crate::model::{Span, Token};

/// Splits `text` into word tokens (UAX #29), each with its byte span and normalised form.
/// Punctuation and whitespace are not tokens; hyphenated words are split ("counter-terrorism" is
/// two tokens), apostrophes inside a word are kept ("Iran's" is one token before normalising).
/// `sentence` is left at 0; `annotate` assigns it.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 6);
    for_each_word(text, |start, word| {
        tokens.push(Token {
            span: Span::new(start, start + word.len()),
            norm: token_norm(word),
            sentence: 0,
            acronym: is_acronym(word),
        })
    });
    tokens
}

pub use super::words::for_each_word;

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
    norm.truncate(possessive_cut(&norm));
    norm
}

/// The length of a form without its possessive "'s" (kept when it is all there is).
fn possessive_cut(norm: &str) -> usize {
    if norm.len() > 2 && norm.ends_with("'s") { norm.len() - 2 } else { norm.len() }
}

/// Calls `emit` with the byte offset, text and normalised form of every word token of `text`, in
/// order: the words and forms `tokenize` makes, without making tokens, for a pass that only
/// hashes the forms (the cleaning stage's numbered runs).
pub fn for_each_norm(text: &str, mut emit: impl FnMut(usize, &str, &str)) {
    let mut norm = String::new();
    for_each_word(text, |start, word| {
        if word.is_ascii() {
            norm.clear();
            norm.push_str(word);
            norm.make_ascii_lowercase();
            norm.truncate(possessive_cut(&norm));
            emit(start, word, &norm);
        } else {
            emit(start, word, &normalise(word));
        }
    });
}

/// Replaces `out` with `word.to_lowercase()`, without building a string for an ASCII word: for
/// lower-casing words in bulk (duplicate fingerprints, shingles, the forms of hits).
pub fn lowercase_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
    } else {
        // `str::to_lowercase`, not per character: a word-final capital sigma becomes ς.
        out.push_str(&word.to_lowercase());
    }
}

/// `normalise` for a token, without a heap allocation for an ASCII word of up to 24 bytes: the
/// form of most tokens, made tens of millions of times in a large study.
fn token_norm(word: &str) -> compact_str::CompactString {
    if !word.is_ascii() {
        return normalise(word).into();
    }
    let mut norm = compact_str::CompactString::from(word);
    norm.make_ascii_lowercase();
    norm.truncate(possessive_cut(&norm));
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
        tokenize(text).into_iter().map(|t| t.norm.to_string()).collect()
    }

    #[test]
    fn for_each_norm_gives_the_words_and_forms_of_the_tokens() {
        let text = "Iran\u{2019}s QUDS Force's 's chief, Σοφία\u{2019}s aide; C-17s and 2,500 troops.";
        let mut got: Vec<(usize, String, String)> = Vec::new();
        for_each_norm(text, |start, word, norm| got.push((start, word.to_string(), norm.to_string())));
        let forms: Vec<&str> = got.iter().map(|(_, _, n)| n.as_str()).collect();
        assert_eq!(forms, ["iran", "quds", "force", "s", "chief", "σοφία", "aide", "c", "17s", "and", "2,500", "troops"]);
        let tokens: Vec<(usize, String, String)> =
            tokenize(text).into_iter().map(|t| (t.span.start, t.span.slice(text).to_string(), t.norm.to_string())).collect();
        assert_eq!(got, tokens);
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
    fn token_forms_are_the_normalised_words() {
        let cases: &[(&str, &str, bool)] = &[
            ("Iran's", "iran", false),
            ("IRAN'S", "iran", true),
            ("Iran’s", "iran", false),
            ("'s", "'s", false),
            ("x's", "x", false),
            ("US", "us", true),
            ("U.S", "u.s", true),
            ("A", "a", false),
            ("A1", "a1", false),
            ("Us", "us", false),
            ("X_Y", "x_y", true),
            ("ÉTAT", "état", true),
            ("Counterrevolutionarinesses's", "counterrevolutionarinesses", false),
            ("COUNTERREVOLUTIONARINESSES", "counterrevolutionarinesses", true),
        ];
        for &(word, norm, acronym) in cases {
            assert_eq!((token_norm(word).as_str(), is_acronym(word)), (norm, acronym), "{word:?}");
            assert_eq!(normalise(word), norm, "{word:?}");
        }
    }

    #[test]
    fn acronyms_are_flagged() {
        let flags: Vec<bool> = tokenize("US troops in Iraq fight ISIS, I said").iter().map(|t| t.acronym).collect();
        assert_eq!(flags, vec![true, false, false, false, false, true, false, false]);
    }
}
