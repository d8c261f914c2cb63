//! Text stage helpers: article text in, word tokens, sentence spans, stopword checks and text with
//! its whitespace squashed out. Everything here works on byte offsets into the original string.

pub mod sentences;
pub mod stopwords;
pub mod tokens;
pub mod verbs;
pub mod words;

pub use sentences::{dotted_initials, split_sentences};
pub use stopwords::is_stopword;
pub use tokens::{lowercase_into, normalise, tokenize};
pub use verbs::{VerbForm, asks_for_verb, verb_form};

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

/// `String::from_utf8`, the check made with SIMD (simdutf8): about 13 GB/s on ABP's texts against
/// std's 6. The spilled texts are checked each time they are read back (cleaning, annotation,
/// each table's contexts, the evidence pass), several gigabytes on a large study.
pub fn string_from_utf8(bytes: Vec<u8>) -> Result<String, std::string::FromUtf8Error> {
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: the bytes were just checked to be UTF-8.
        Ok(unsafe { String::from_utf8_unchecked(bytes) })
    } else {
        // std's error, which says where the bytes stop being UTF-8.
        String::from_utf8(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::{squash, string_from_utf8};

    #[test]
    fn string_from_utf8_takes_utf8_and_says_where_other_bytes_start() {
        // (bytes, Ok(text) or Err(length of the valid start)), the errors worked out from the
        // UTF-8 definition (RFC 3629).
        let long_ascii = "news ".repeat(20_000);
        let mut long_broken = long_ascii.clone().into_bytes();
        long_broken[70_001] = 0xFF;
        let cases: Vec<(Vec<u8>, Result<&str, usize>)> = vec![
            (vec![], Ok("")),
            (b"plain words".to_vec(), Ok("plain words")),
            ("Soleimani\u{2019}s \u{1F4F0} état".as_bytes().to_vec(), Ok("Soleimani\u{2019}s \u{1F4F0} état")),
            (long_ascii.clone().into_bytes(), Ok(long_ascii.as_str())),
            (vec![b'a', 0x80], Err(1)),                  // a continuation byte with no lead
            (vec![b'a', b'b', 0xE2, 0x80], Err(2)),      // a three-byte character cut short
            (vec![0xC0, 0xAF], Err(0)),                  // an overlong '/'
            (vec![0xED, 0xA0, 0x80], Err(0)),            // a surrogate, U+D800
            (vec![0xF4, 0x90, 0x80, 0x80], Err(0)),      // past U+10FFFF
            (long_broken, Err(70_001)),
        ];
        for (bytes, want) in cases {
            let got = string_from_utf8(bytes.clone()).map_err(|e| e.utf8_error().valid_up_to());
            assert_eq!(got.as_ref().map(String::as_str).map_err(|&n| n), want, "{:?}", &bytes[..bytes.len().min(8)]);
        }
    }

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
