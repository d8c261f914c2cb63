//! Words: text in, the byte offset and text of each of its UAX #29 words out: exactly the words of
//! `unicode_word_indices`, found from bit masks of the text's bytes, 64 bytes to a mask word.

use unicode_segmentation::UnicodeSegmentation;

/// Which bytes of 64 belong to each class the word rules name, one bit per byte.
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
struct Block {
    /// ASCII letters (ALetter).
    alpha: u64,
    /// ASCII digits (Numeric).
    digit: u64,
    /// `_` (ExtendNumLet).
    under: u64,
    /// `.` `'` `:`: MidLetter and MidNumLetQ, which join two letters (WB6, WB7).
    mid_letter: u64,
    /// `.` `'` `,` `;`: MidNum and MidNumLetQ, which join two digits (WB11, WB12).
    mid_num: u64,
    /// ASCII whitespace (`text::is_ascii_space`).
    space: u64,
    /// Bytes of non-ASCII characters.
    high: u64,
}

impl Block {
    /// The classes of 64 bytes, one byte at a time: the definition `classify` must agree with.
    #[cfg(any(test, not(target_arch = "x86_64")))]
    fn classify_bytes(bytes: &[u8; 64]) -> Block {
        let mut b = Block::default();
        for (i, &c) in bytes.iter().enumerate() {
            let bit = 1u64 << i;
            let set = |mask: &mut u64, on: bool| {
                if on {
                    *mask |= bit;
                }
            };
            set(&mut b.alpha, c.is_ascii_alphabetic());
            set(&mut b.digit, c.is_ascii_digit());
            set(&mut b.under, c == b'_');
            set(&mut b.mid_letter, matches!(c, b'.' | b'\'' | b':'));
            set(&mut b.mid_num, matches!(c, b'.' | b'\'' | b',' | b';'));
            set(&mut b.space, super::is_ascii_space(c));
            set(&mut b.high, !c.is_ascii());
        }
        b
    }

    /// The classes of 64 bytes, 16 at a time with SSE2 (part of every x86-64 processor): about
    /// twenty vector operations per 16 bytes where the byte loop branches on each.
    #[cfg(target_arch = "x86_64")]
    fn classify(bytes: &[u8; 64]) -> Block {
        use std::arch::x86_64::*;
        // SAFETY: SSE2 is in the x86-64 baseline; the loads read 16 of the array's 64 bytes.
        unsafe {
            let byte = |c: u8| _mm_set1_epi8(c as i8);
            // lo <= c < lo + n as unsigned bytes, with SSE2's signed compare: shifting by
            // 0x80 - lo maps [lo, lo + n) onto [-128, n - 128).
            let in_range = |v: __m128i, lo: u8, n: u8| {
                _mm_cmplt_epi8(_mm_add_epi8(v, byte(0x80u8.wrapping_sub(lo))), byte(0x80u8.wrapping_add(n)))
            };
            let bits = |v: __m128i, k: usize| ((_mm_movemask_epi8(v) as u32 as u64) & 0xffff) << (16 * k);
            let mut b = Block::default();
            for k in 0..4 {
                let v = _mm_loadu_si128(bytes.as_ptr().add(16 * k).cast());
                let eq = |c: u8| _mm_cmpeq_epi8(v, byte(c));
                let dot_or_quote = _mm_or_si128(eq(b'.'), eq(b'\''));
                b.alpha |= bits(in_range(_mm_or_si128(v, byte(0x20)), b'a', 26), k);
                b.digit |= bits(in_range(v, b'0', 10), k);
                b.under |= bits(eq(b'_'), k);
                b.mid_letter |= bits(_mm_or_si128(dot_or_quote, eq(b':')), k);
                b.mid_num |= bits(_mm_or_si128(dot_or_quote, _mm_or_si128(eq(b','), eq(b';'))), k);
                b.space |= bits(_mm_or_si128(eq(b' '), in_range(v, b'\t', 5)), k);
                b.high |= bits(v, k);
            }
            b
        }
    }

    #[cfg(not(target_arch = "x86_64"))]
    fn classify(bytes: &[u8; 64]) -> Block {
        Block::classify_bytes(bytes)
    }
}

/// The classes of every byte of `bytes`, 64 to a block; bytes past the end are zeros, which
/// belong to no class.
fn blocks_of(bytes: &[u8]) -> Vec<Block> {
    let mut chunks = bytes.chunks_exact(64);
    let mut blocks: Vec<Block> = chunks.by_ref().map(|c| Block::classify(c.try_into().expect("64 bytes"))).collect();
    if !chunks.remainder().is_empty() {
        let mut last = [0u8; 64];
        last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        blocks.push(Block::classify(&last));
    }
    blocks
}

/// One class's mask of a block.
type Class = fn(&Block) -> u64;

/// Whether byte `p` is in the class `class` picks from its block (none past the end).
fn bit(blocks: &[Block], class: Class, p: usize) -> bool {
    blocks.get(p / 64).is_some_and(|b| class(b) >> (p % 64) & 1 == 1)
}

/// The first position in `[p, to)` whose bit is `value`, or `to`.
fn next_with(mask: &[u64], p: usize, to: usize, value: bool) -> usize {
    let flip = if value { 0 } else { !0 };
    let mut w = p / 64;
    let mut bits = (mask[w] ^ flip) & (!0u64 << (p % 64));
    loop {
        if bits != 0 {
            return (w * 64 + bits.trailing_zeros() as usize).min(to);
        }
        w += 1;
        if w * 64 >= to {
            return to;
        }
        bits = mask[w] ^ flip;
    }
}

/// Non-ASCII characters the word rules treat as ASCII punctuation is treated, common in news
/// copy: the curly single quotes are MidNumLet (WB6, WB7, WB11, WB12, as `.`), and the no-break
/// space, en and em dashes, curly double quotes and ellipsis are Other, a break on both sides
/// (WB999). Text whose other characters are all ASCII needs no general segmenter.
fn punctuation_class(c: char) -> Option<bool> {
    match c {
        '\u{2018}' | '\u{2019}' => Some(true),
        '\u{a0}' | '\u{2013}' | '\u{2014}' | '\u{201c}' | '\u{201d}' | '\u{2026}' => Some(false),
        _ => None,
    }
}

/// Calls `emit` with the byte offset and text of every UAX #29 word of `text` that holds a letter
/// or digit, in order: exactly the words of `unicode_word_indices`, found faster.
///
/// For ASCII and common news punctuation the rules come down to bit masks: a word is a run of
/// letters, digits and underscores (WB5, WB8–WB10, WB13a, WB13b), joined across one MidLetter or
/// MidNumLet between two letters (WB6, WB7) and one MidNum or MidNumLet between two digits
/// (WB11, WB12); every other byte is a segment of its own, or of a run of spaces or a CRLF (WB3,
/// WB3d), and holds no letter or digit. `unicode-segmentation` has a fast path only for text that
/// is all ASCII, and one curly quote sends a news article down its general path, 4× slower.
///
/// A stretch holding any other non-ASCII character is segmented by the general path, from the
/// whitespace before it to the whitespace after it. Cutting there changes no boundary: UAX #29
/// always breaks on both sides of a line break (WB3a, WB3b) and around a space or tab except
/// between two spaces (WB3d) or before a combining mark, format character or ZWJ that attaches
/// to it (WB4); no rule that joins two letters or digits (WB5–WB13b) looks through whitespace;
/// and the stretch starts at the whitespace before it, so a mark that follows that whitespace
/// keeps its context.
pub fn for_each_word<'t>(text: &'t str, mut emit: impl FnMut(usize, &'t str)) {
    let bytes = text.as_bytes();
    if bytes.is_empty() {
        return;
    }
    let blocks = blocks_of(bytes);
    let (alpha, digit): (Class, Class) = (|b| b.alpha, |b| b.digit);
    // A word's bytes: its letters, digits and underscores, and the joiners between two letters
    // or two digits (neighbours taken across blocks).
    let mut word: Vec<u64> = (0..blocks.len())
        .map(|i| {
            let before = |class: Class| class(&blocks[i]) << 1 | i.checked_sub(1).map_or(0, |j| class(&blocks[j]) >> 63);
            let after = |class: Class| class(&blocks[i]) >> 1 | blocks.get(i + 1).map_or(0, |b| class(b) << 63);
            let b = &blocks[i];
            let glue = b.mid_letter & before(alpha) & after(alpha) | b.mid_num & before(digit) & after(digit);
            b.alpha | b.digit | b.under | glue
        })
        .collect();
    // Non-ASCII characters: a curly quote may join two letters or digits; any character but the
    // common punctuation sends its stretch to the general path.
    let mut general: Vec<(usize, usize)> = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        let mut high = b.high;
        while high != 0 {
            let p = i * 64 + high.trailing_zeros() as usize;
            high &= high - 1;
            if !text.is_char_boundary(p) || general.last().is_some_and(|&(_, end)| p < end) {
                continue;
            }
            let c = text[p..].chars().next().expect("a character starts here");
            match punctuation_class(c) {
                Some(true) => {
                    let after = p + c.len_utf8();
                    let joins = |class| p > 0 && bit(&blocks, class, p - 1) && bit(&blocks, class, after);
                    if joins(alpha) || joins(digit) {
                        (p..after).for_each(|q| word[q / 64] |= 1 << (q % 64));
                    }
                }
                Some(false) => {}
                None => general.push(stretch_around(bytes, p)),
            }
        }
    }
    let mut done = 0;
    for (from, to) in general {
        runs_of(text, &word, done, from, &mut emit);
        for (start, w) in text[from..to].unicode_word_indices() {
            emit(from + start, w);
        }
        done = to;
    }
    runs_of(text, &word, done, bytes.len(), &mut emit);
}

/// Emits the runs of `word` bits in `[from, to)` that hold a letter or digit.
fn runs_of<'t>(text: &'t str, word: &[u64], from: usize, to: usize, emit: &mut impl FnMut(usize, &'t str)) {
    let mut p = from;
    while p < to {
        let start = next_with(word, p, to, true);
        if start == to {
            break;
        }
        let end = next_with(word, start, to, false);
        // A run of underscores alone is a segment without a letter or digit: not a word.
        if text.as_bytes()[start..end].iter().any(u8::is_ascii_alphanumeric) {
            emit(start, &text[start..end]);
        }
        p = end;
    }
}

/// The stretch around the non-ASCII character at `p` that the general path segments: from the
/// first byte of the whitespace before it (or the text's start) to the first whitespace byte
/// after it (or the text's end).
fn stretch_around(bytes: &[u8], p: usize) -> (usize, usize) {
    let space = super::is_ascii_space;
    let mut from = p;
    while from > 0 && !space(bytes[from - 1]) {
        from -= 1;
    }
    while from > 0 && space(bytes[from - 1]) {
        from -= 1;
    }
    let to = bytes[p..].iter().position(|&b| space(b)).map_or(bytes.len(), |k| p + k);
    (from, to)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `count` random texts of fewer than `max` characters of `alphabet`, from a xorshift64 generator
    /// (Marsaglia 2003) seeded with `seed`: the same texts on every run.
    fn random_texts(alphabet: &[char], seed: u64, count: usize, max: u64) -> impl Iterator<Item = String> + '_ {
        let mut state = seed;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        (0..count).map(move |_| {
            let len = (next() % max) as usize;
            (0..len).map(|_| alphabet[(next() % alphabet.len() as u64) as usize]).collect()
        })
    }

    fn words(text: &str) -> Vec<(usize, &str)> {
        let mut got = Vec::new();
        for_each_word(text, |start, word| got.push((start, word)));
        got
    }

    /// The vector classifier gives every byte value the classes of the byte-at-a-time definition,
    /// at every one of the 64 positions.
    #[test]
    fn classify_agrees_with_the_byte_definition() {
        for shift in 0..4u8 {
            let mut block = [0u8; 64];
            for base in (0..256).step_by(64) {
                for (i, b) in block.iter_mut().enumerate() {
                    *b = ((base + i) as u8).wrapping_add(shift * 17);
                }
                assert_eq!(Block::classify(&block), Block::classify_bytes(&block), "bytes from {base} + {shift}×17");
            }
        }
        let mut bytes = [0u8; 64];
        let named = b"aZ9_.':,; \t\n\x0b\x0c\r\x7f\x80\xff@[`{/\x08\x0e\x1c\"-";
        bytes[..named.len()].copy_from_slice(named);
        let b = Block::classify_bytes(&bytes);
        let bits = |m: u64, n: usize| (0..n).filter(|i| m >> i & 1 == 1).collect::<Vec<_>>();
        assert_eq!(bits(b.alpha, 28), [0, 1]);
        assert_eq!(bits(b.digit, 4), [2]);
        assert_eq!(bits(b.under, 28), [3]);
        assert_eq!(bits(b.mid_letter, 28), [4, 5, 6]);
        assert_eq!(bits(b.mid_num, 28), [4, 5, 7, 8]);
        assert_eq!(bits(b.space, 28), [9, 10, 11, 12, 13, 14]);
        assert_eq!(bits(b.high, 28), [16, 17]);
    }

    /// The masks give exactly the words of `unicode-segmentation`'s general path, on random text
    /// mixing ASCII with the news punctuation the masks handle and with the characters whose
    /// UAX #29 classes matter at a cut: accented and Hebrew letters, combining marks, ZWJ and
    /// emoji after spaces, regional indicators, CJK. Texts run past 64 bytes so that neighbours
    /// are taken across mask words.
    #[test]
    fn words_are_the_words_of_uax_29() {
        let mixed: Vec<char> = "aZk9_0 .,;:'\"-\t\n\r\u{0b}\u{0c}’‘“”–—…\u{a0}éÉ\u{301}\u{345}\u{200d}\u{200b}\u{2060}🇮🇶👍״א׳中・"
            .chars()
            .collect();
        let news: Vec<char> = "aZk9_0 .,;:'\"-\t\n\r’‘“”–—…\u{a0}".chars().collect();
        let mut total = 0;
        for (alphabet, seed) in [(&mixed, 0x9e37_79b9_7f4a_7c15), (&news, 0x2545_f491_4f6c_dd1d)] {
            for text in random_texts(alphabet, seed, 20_000, 160) {
                let got = words(&text);
                // Closed by a line holding "é", the whole text takes the general path.
                let general = format!("{text}\né");
                let want: Vec<(usize, &str)> =
                    general.unicode_word_indices().filter(|&(start, _)| start < text.len()).collect();
                assert_eq!(got, want, "{text:?}");
                assert_eq!(got, text.unicode_word_indices().collect::<Vec<_>>(), "{text:?}");
                total += got.len();
            }
        }
        assert!(total > 200_000, "the texts hold words: {total}");
    }

    #[test]
    fn joins_and_breaks_as_the_rules_say() {
        let cases: &[(&str, &[&str])] = &[
            ("e.g. U.S. it's 3.14 1,000;2 a:b", &["e.g", "U.S", "it's", "3.14", "1,000;2", "a:b"]),
            ("a1.b 1.a a.1 __ _x x_ 'a' a''b", &["a1", "b", "1", "a", "a", "1", "_x", "x_", "a", "a", "b"]),
            ("Iran’s “war”—a 2‘000 x’’y", &["Iran’s", "war", "a", "2‘000", "x", "y"]),
            ("Sanders’s\u{a0}chances… in 2019–20", &["Sanders’s", "chances", "in", "2019", "20"]),
            ("Σοφία’s café: ok", &["Σοφία’s", "café", "ok"]),
            ("", &[]),
        ];
        for (text, want) in cases {
            let got: Vec<&str> = words(text).into_iter().map(|(_, w)| w).collect();
            assert_eq!(got, *want, "{text:?}");
        }
        // A word that spans the 64-byte mask words.
        let long = format!("{} U.S. {}", "x".repeat(60), "y".repeat(70));
        let got: Vec<(usize, &str)> = words(&long);
        assert_eq!(got, [(0, &long[..60]), (61, "U.S"), (66, &long[66..])]);
    }
}
