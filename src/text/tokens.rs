//! Tokens: text in, Unicode word tokens (UAX #29 word boundaries) with byte spans and normalised
//! forms out.

use crate::model::{Span, Token};
use unicode_segmentation::UnicodeSegmentation;

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

/// Calls `emit` with the byte offset and text of every UAX #29 word of `text` that holds a letter
/// or digit, in order: exactly the words of `unicode_word_indices`, found faster.
///
/// `unicode-segmentation` has a fast path for ASCII, but takes it only when the whole string is
/// ASCII, and one curly quote or dash sends a news article down the general path (about 4× slower
/// here). So the text is cut into regions at runs of ASCII whitespace, each region segmented on
/// its own: the ASCII ones by `ascii_words`, the others by the general path. Cutting there
/// changes no boundary. UAX #29 always
/// breaks on both sides of a line break (WB3a, WB3b) and around a space or tab except between two
/// spaces (WB3d) or before a combining mark, format character or ZWJ that attaches to it (WB4);
/// no rule that joins two letters or digits (WB5–WB13b) looks through whitespace; and a region
/// that is not ASCII starts at the whitespace before it, so a mark that follows that whitespace
/// keeps its context.
pub fn for_each_word<'t>(text: &'t str, mut emit: impl FnMut(usize, &'t str)) {
    let bytes = text.as_bytes();
    let mut flush = |from: usize, to: usize, ascii: bool| {
        if ascii {
            ascii_words(&text[from..to], |start, word| emit(from + start, word));
        } else {
            for (start, word) in text[from..to].unicode_word_indices() {
                emit(from + start, word);
            }
        }
    };
    let (mut region, mut region_ascii) = (0, true);
    let mut i = 0;
    while i < bytes.len() {
        let space = i;
        while i < bytes.len() && super::is_ascii_space(bytes[i]) {
            i += 1;
        }
        let mut ascii = true;
        while i < bytes.len() && !super::is_ascii_space(bytes[i]) {
            ascii &= bytes[i].is_ascii();
            i += 1;
        }
        if ascii != region_ascii {
            // Both ends are at ASCII whitespace or the text's ends: character boundaries.
            flush(region, space, region_ascii);
            (region, region_ascii) = (space, ascii);
        }
    }
    flush(region, bytes.len(), region_ascii);
}

/// `unicode_word_indices` on ASCII text, which `for_each_word` asks of most of an article: the
/// same words, found in one pass over the bytes rather than through an iterator of segments (a
/// segment per space and punctuation mark) and a filter. For ASCII, UAX #29 makes a word of a run
/// of letters, digits and underscores (WB5, WB8–WB10, WB13a, WB13b), joined across one `.`, `'`
/// or `:` between two letters (WB6, WB7) and one `.`, `,`, `;` or `'` between two digits (WB11,
/// WB12); every other byte is a segment of its own, or of a run of spaces or a CRLF (WB3, WB3d),
/// and holds no letter or digit.
fn ascii_words<'t>(text: &'t str, mut emit: impl FnMut(usize, &'t str)) {
    let b = text.as_bytes();
    let core = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let joins = |prev: u8, c: u8, next: u8| match c {
        b'.' | b',' | b';' | b'\'' if prev.is_ascii_digit() && next.is_ascii_digit() => true,
        b'.' | b'\'' | b':' => prev.is_ascii_alphabetic() && next.is_ascii_alphabetic(),
        _ => false,
    };
    let mut i = 0;
    while i < b.len() {
        if !core(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        while i < b.len() && (core(b[i]) || (i + 1 < b.len() && joins(b[i - 1], b[i], b[i + 1]))) {
            i += 1;
        }
        // A run of underscores alone is a segment without a letter or digit: not a word.
        if b[start..i].iter().any(u8::is_ascii_alphanumeric) {
            emit(start, &text[start..i]);
        }
    }
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

/// Replaces `out` with the bytes of `word.to_lowercase()`, without building a string for an ASCII
/// word: for hashing lower-cased words in bulk (duplicate fingerprints, shingles).
pub fn lowercase_into(word: &str, out: &mut Vec<u8>) {
    out.clear();
    if word.is_ascii() {
        out.extend(word.bytes().map(|b| b.to_ascii_lowercase()));
    } else {
        // `str::to_lowercase`, not per character: a word-final capital sigma becomes ς.
        out.extend_from_slice(word.to_lowercase().as_bytes());
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

    /// `count` random texts of up to 39 characters of `alphabet`, from a xorshift64 generator
    /// (Marsaglia 2003) seeded with `seed`: the same texts on every run.
    fn random_texts(alphabet: &[char], seed: u64, count: usize) -> impl Iterator<Item = String> + '_ {
        let mut state = seed;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        (0..count).map(move |_| {
            let len = (next() % 40) as usize;
            (0..len).map(|_| alphabet[(next() % alphabet.len() as u64) as usize]).collect()
        })
    }

    /// The regions `for_each_word` cuts at whitespace give exactly the words of segmenting the
    /// whole text at once, on random text mixing ASCII with the characters whose UAX #29 classes
    /// matter at a cut: curly apostrophes (MidNumLet), accented and Hebrew letters, combining
    /// marks, ZWJ and emoji after spaces, no-break spaces, regional indicators, CJK.
    #[test]
    fn regions_segment_as_the_whole_text_does() {
        let alphabet: Vec<char> = "aZk9_0 .,;:'\"-\t\n\r\u{0b}\u{0c}’‘éÉ\u{301}\u{345}\u{200d}\u{200b}\u{a0}\u{2060}🇮🇶👍״א׳中・—…"
            .chars()
            .collect();
        for text in random_texts(&alphabet, 0x9e37_79b9_7f4a_7c15, 20_000) {
            let mut got = Vec::new();
            for_each_word(&text, |start, word| got.push((start, word)));
            let want: Vec<(usize, &str)> = text.unicode_word_indices().collect();
            assert_eq!(got, want, "{text:?}");
        }
    }

    /// The ASCII scanner against UAX #29 as `unicode-segmentation` implements it in general: on
    /// random ASCII built of the bytes its rules name (letters, digits, `_`, the joiners `.` `'`
    /// `:` `,` `;`, spaces, CR, LF), each text closed by a line holding "é", so that segmenting
    /// the whole text takes the general path while `for_each_word` scans the ASCII region.
    #[test]
    fn ascii_words_are_the_words_of_uax_29() {
        let alphabet: Vec<char> = "aZk9_0 .,;:'\"-\t\n\r".chars().collect();
        let mut words = 0;
        for ascii in random_texts(&alphabet, 0x2545_f491_4f6c_dd1d, 20_000) {
            let mut got = Vec::new();
            ascii_words(&ascii, |start, word| got.push((start, word)));
            let text = format!("{ascii}\né");
            let want: Vec<(usize, &str)> = text.unicode_word_indices().filter(|&(start, _)| start < ascii.len()).collect();
            assert_eq!(got, want, "{ascii:?}");
            words += got.len();
        }
        assert!(words > 50_000, "the texts hold words: {words}");
        let cases: &[(&str, &[&str])] = &[
            ("e.g. U.S. it's 3.14 1,000;2 a:b", &["e.g", "U.S", "it's", "3.14", "1,000;2", "a:b"]),
            ("a1.b 1.a a.1 __ _x x_ 'a' a''b", &["a1", "b", "1", "a", "a", "1", "_x", "x_", "a", "a", "b"]),
        ];
        for (text, want) in cases {
            let mut got = Vec::new();
            ascii_words(text, |_, word| got.push(word));
            assert_eq!(got, *want, "{text:?}");
        }
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
