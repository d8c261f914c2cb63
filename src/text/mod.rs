//! Text stage helpers: article text in, word tokens, sentence spans, stopword checks and text with
//! its whitespace squashed out. Everything here works on byte offsets into the original string.

pub mod sentences;
pub mod stopwords;
pub mod tokens;
pub mod words;

pub use sentences::split_sentences;
pub use stopwords::is_stopword;
pub use tokens::{lowercase_into, normalise, tokenize};

use crate::model::{Span, Token};

/// Splits `text` into sentences and tokens, each token carrying the index of its sentence.
pub fn segment(text: &str) -> (Vec<Span>, Vec<Token>) {
    let sentences = split_sentences(text);
    let mut tokens = tokenize(text);
    let mut s = 0;
    for token in &mut tokens {
        while s + 1 < sentences.len() && token.span.start >= sentences[s].end {
            s += 1;
        }
        token.sentence = s as u32;
    }
    (sentences, tokens)
}

/// Whether an ASCII byte is whitespace as Unicode has it (White_Space, what `char::is_whitespace`
/// and `split_whitespace` see): space, tab, line feed, vertical tab, form feed and carriage
/// return. `u8::is_ascii_whitespace` leaves out the vertical tab.
#[inline]
pub fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r')
}

/// Collapses runs of whitespace (a name or label broken over a line) to one space, with none at
/// either end: `s.split_whitespace().collect::<Vec<_>>().join(" ")` in one pass over the bytes
/// and one allocation (the tables squash every name, quote and sentence they hold: 2.4 s of
/// CPU on the full ABP study the other way).
pub fn squash(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut word: Option<usize> = None;
    let put = |out: &mut String, word: &str| {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    };
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let space = match bytes[i] {
            b if is_ascii_space(b) => 1,
            // The lead bytes of the other whitespace (U+0085, U+00A0, U+1680, U+2000–U+200A,
            // U+2028, U+2029, U+202F, U+205F, U+3000); `i` is at a character's start here.
            0xC2 | 0xE1 | 0xE2 | 0xE3 => s[i..].chars().next().filter(|c| c.is_whitespace()).map_or(0, char::len_utf8),
            _ => 0,
        };
        if space == 0 {
            word.get_or_insert(i);
            i += 1;
        } else {
            if let Some(start) = word.take() {
                put(&mut out, &s[start..i]);
            }
            i += space;
        }
    }
    if let Some(start) = word {
        put(&mut out, &s[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::squash;

    #[test]
    fn squash_collapses_every_run_of_whitespace_to_one_space() {
        let cases = [
            ("", ""),
            ("   ", ""),
            ("Ali", "Ali"),
            ("  Ali\n\tKhamenei  ", "Ali Khamenei"),
            ("Ayatollah\r\n Ali\u{a0}Khamenei", "Ayatollah Ali Khamenei"),
            ("the\u{2009}Supreme\u{3000}Leader\u{85}said", "the Supreme Leader said"),
            // Not whitespace: a zero-width space, a no-break's neighbours, letters that share
            // the lead bytes of whitespace.
            ("a\u{200b}b", "a\u{200b}b"),
            ("é ü\u{2014}ï", "é ü\u{2014}ï"),
            ("\u{2028}line\u{2029}", "line"),
        ];
        for (text, want) in cases {
            assert_eq!(squash(text), want, "{text:?}");
        }
        // Every character Unicode calls whitespace separates words, as `split_whitespace` has it.
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = format!("{c}x{c}{c}é{c}");
            let want = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(squash(&text), want, "U+{:04X}", c as u32);
        }
    }
}
