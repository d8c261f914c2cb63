//! Tokens: text in, Unicode word tokens (UAX #29 word boundaries) with byte spans and normalised
//! forms out.

use crate::model::{Span, Token};
use std::ops::Range;
use std::sync::OnceLock;

/// Splits `text` into word tokens (UAX #29), each with its byte span and normalised form.
/// Punctuation and whitespace are not tokens; hyphenated words are split ("counter-terrorism" is
/// two tokens), apostrophes inside a word are kept ("Iran's" is one token before normalising).
/// Nor are the pieces of a web address (`web_addresses`). A word in capitals is an acronym
/// ("US", "WHO") unless a word next to it is in capitals too: a headline set in capitals ("THE
/// WHITE HOUSE SAYS") holds words, not acronyms, and its "THE" and "WHO" are the stopwords they
/// look like. `sentence` is left at 0; `annotate` assigns it.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 6);
    for_each_text_word(text, |start, word| {
        tokens.push(Token {
            span: Span::new(start, start + word.len()),
            norm: token_norm(word),
            sentence: 0,
            acronym: is_acronym(word),
        })
    });
    // Neighbours in a run are words in capitals with nothing but spaces between them: "the US,
    // UK and EU", "US-EU", "WASHINGTON (AP)" keep their acronyms.
    let in_run = |a: &Token, b: &Token| a.acronym && b.acronym && text[a.span.end..b.span.start].bytes().all(|c| c == b' ');
    let mut run_before = false;
    for i in 0..tokens.len() {
        let run_after = tokens.get(i + 1).is_some_and(|next| in_run(&tokens[i], next));
        let capitals = tokens[i].acronym;
        if capitals && (run_before || run_after) {
            tokens[i].acronym = false;
        }
        run_before = run_after;
    }
    tokens
}

pub use super::words::for_each_word;

/// The openings of a web address.
const ADDRESS_OPENINGS: &[&str] = &["http://", "https://", "www.", "pic.twitter.com/"];

/// The byte ranges of the web addresses in `text`, in order: from an opening ("http://",
/// "https://", "www.", "pic.twitter.com/") at the start of a word to the next whitespace. Their
/// pieces ("https", "t.co", "pic.twitter.com", "abcnews.go.com") are no words of the text, as
/// quanteda's `tokens(remove_url = TRUE)` has it: counted, they were among the five most
/// distinctive terms of Breitbart News and Townhall on the ABP corpus, and a lexicon word in an
/// address's path ("/trump-attack-iran") counted as a hit.
pub fn web_addresses(text: &str) -> Vec<Range<usize>> {
    static OPENINGS: OnceLock<aho_corasick::AhoCorasick> = OnceLock::new();
    let openings = OPENINGS.get_or_init(|| {
        aho_corasick::AhoCorasick::builder().ascii_case_insensitive(true).build(ADDRESS_OPENINGS).expect("the address openings build")
    });
    let mut addresses: Vec<Range<usize>> = Vec::new();
    for m in openings.find_iter(text) {
        let start = m.start();
        let at_word_start = start == 0 || {
            let before = text[..start].chars().next_back().unwrap_or(' ');
            before.is_whitespace() || matches!(before, '(' | '[' | '<' | '"' | '\'' | '\u{201C}' | '\u{2018}' | ':' | '>')
        };
        if !at_word_start || addresses.last().is_some_and(|a| start < a.end) {
            continue;
        }
        let end = text[start..].find(char::is_whitespace).map_or(text.len(), |n| start + n);
        addresses.push(start..end);
    }
    addresses
}

/// `for_each_word` over the words of `text` outside its web addresses.
fn for_each_text_word<'t>(text: &'t str, mut emit: impl FnMut(usize, &'t str)) {
    let addresses = web_addresses(text);
    if addresses.is_empty() {
        return for_each_word(text, emit);
    }
    let mut next = 0;
    for_each_word(text, |start, word| {
        while next < addresses.len() && addresses[next].end <= start {
            next += 1;
        }
        if addresses.get(next).is_none_or(|a| start < a.start) {
            emit(start, word);
        }
    });
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
    norm.truncate(possessive_cut(&norm));
    norm
}

/// The length of a form without its possessive "'s" (kept when it is all there is).
fn possessive_cut(norm: &str) -> usize {
    if norm.len() > 2 && norm.ends_with("'s") { norm.len() - 2 } else { norm.len() }
}

/// Calls `emit` with the byte offset, text and normalised form of every word token of `text`, in
/// order: the words and forms `tokenize` makes (none inside a web address), without making
/// tokens, for a pass that only hashes the forms (the cleaning stage's numbered runs).
pub fn for_each_norm(text: &str, mut emit: impl FnMut(usize, &str, &str)) {
    let mut norm = String::new();
    for_each_text_word(text, |start, word| {
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

    /// Web addresses are no words; the words around them are.
    #[test]
    fn web_addresses_are_no_words() {
        let cases: &[(&str, &[&str])] = &[
            ("Read more at http://abcnews.go.com/Politics/trump-attack-iran today.", &["read", "more", "at", "today"]),
            ("(https://t.co/AbC123) and www.breitbart.com.", &["and"]),
            ("— Ann (@ann) March 3, 2020 pic.twitter.com/xYz9", &["ann", "ann", "march", "3", "2020"]),
            ("See “HTTPS://Example.org/a” now", &["see", "now"]),
            // Not at a word's start, so not an address: the words stay.
            ("the xhttp://y and pre-www.z", &["the", "xhttp", "y", "and", "pre", "www.z"]),
        ];
        for (text, want) in cases {
            assert_eq!(norms(text), *want, "tokenising {text:?}");
            let mut forms = Vec::new();
            for_each_norm(text, |_, _, norm| forms.push(norm.to_string()));
            assert_eq!(forms, *want, "for_each_norm of {text:?}");
        }
        // "http://x.y/z" is 12 bytes from byte 2; "https://q" 9 bytes from byte 17.
        assert_eq!(web_addresses("a http://x.y/z b https://q"), [2..14, 17..26]);
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
        // Words in a run of capitals (spaces alone between them) are a headline's words; a
        // single letter ("A") is no acronym, and it breaks the run.
        let flags: Vec<bool> = tokenize("THE WHO SAYS A TURNING POINT CAME as the WHO met").iter().map(|t| t.acronym).collect();
        assert_eq!(flags, vec![false, false, false, false, false, false, false, false, false, true, false]);
        let flags: Vec<bool> = tokenize("WASHINGTON (AP) — the US, UK and US-EU ties; THIS IS A WIN").iter().map(|t| t.acronym).collect();
        assert_eq!(flags, vec![true, true, false, true, true, false, true, true, false, false, false, false, true]);
    }
}
