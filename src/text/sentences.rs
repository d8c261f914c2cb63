//! Sentences: text in, sentence byte spans out. A rule-based splitter tuned for news copy: it does
//! not break after titles and ranks ("Gen.", "Brig. Gen.", "Lt."), initials ("William H. Seeley")
//! or "U.S.", and it treats a blank line (a paragraph break) as a sentence end even without
//! punctuation, since headlines and pull quotes carry none.

use crate::model::Span;

/// Abbreviations after which a full stop does not end a sentence (compared lowercase, without the
/// final dot).
const ABBREVIATIONS: &[&str] = &[
    "adm", "apr", "aug", "brig", "capt", "cmdr", "co", "col", "corp", "cpl", "dec", "dr", "e.g", "etc",
    "feb", "fig", "gen", "gov", "i.e", "inc", "jan", "jr", "jul", "jun", "lt", "ltd", "maj", "mar",
    "mr", "mrs", "ms", "mt", "no", "nov", "oct", "pres", "prof", "rep", "rev", "sen", "sep", "sept",
    "sgt", "sr", "st", "u.k", "u.n", "u.s", "vs",
];

/// Splits `text` into sentences and returns their spans, trimmed of surrounding whitespace, in
/// order. Every non-whitespace byte of `text` lies in exactly one sentence.
pub fn split_sentences(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut start = 0;
    let mut i = 0;
    loop {
        i = next_stop(bytes, i);
        let Some(&b) = bytes.get(i) else { break };
        if b == b'\n' {
            // A line end closes a sentence when a blank line follows (paragraph break) or when the
            // line ended with terminal punctuation; a single newline mid-sentence is a hard wrap.
            let next_line_blank = text[i + 1..].lines().next().is_none_or(|l| l.trim().is_empty());
            let ended = ends_with_terminal(&text[start..i]);
            if next_line_blank || ended {
                push_trimmed(text, start, i, &mut spans);
                start = i + 1;
            }
            i += 1;
            continue;
        }
        if matches!(b, b'.' | b'!' | b'?') {
            // Swallow the closing quotes and brackets that belong to this sentence.
            let mut end = i + 1;
            while end < bytes.len() {
                let rest = &text[end..];
                let c = rest.chars().next().unwrap_or(' ');
                if matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '.' | '!' | '?') {
                    end += c.len_utf8();
                } else {
                    break;
                }
            }
            let followed_by_space = text[end..].starts_with([' ', '\t']);
            let goes_on = || is_abbreviation(&text[start..i]) || (end == i + 1 && initials_go_on(&text[start..i], &text[end..]));
            if followed_by_space && b == b'.' && goes_on() {
                i = end;
                continue;
            }
            if followed_by_space && starts_new_sentence(text[end..].trim_start_matches([' ', '\t'])) {
                push_trimmed(text, start, end, &mut spans);
                start = end;
            }
            i = end;
            continue;
        }
    }
    push_trimmed(text, start, text.len(), &mut spans);
    spans
}

/// Whether the splitter stops at byte `b`: a line end or terminal punctuation.
fn is_stop(b: u8) -> bool {
    matches!(b, b'\n' | b'.' | b'!' | b'?')
}

/// The position of the first stop byte at or after `from`, or the length of `bytes`: 16 bytes
/// to a comparison with SSE2 (part of every x86-64 processor), since news copy runs about 80
/// bytes between stops and the byte loop was four fifths of the splitter's time.
fn next_stop(bytes: &[u8], from: usize) -> usize {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::*;
        let mut i = from;
        while i + 16 <= bytes.len() {
            // SAFETY: SSE2 is in the x86-64 baseline; the load reads bytes[i..i + 16].
            let stops = unsafe {
                let v = _mm_loadu_si128(bytes.as_ptr().add(i).cast());
                let eq = |c: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(c as i8));
                let any = _mm_or_si128(_mm_or_si128(eq(b'\n'), eq(b'.')), _mm_or_si128(eq(b'!'), eq(b'?')));
                _mm_movemask_epi8(any) as u32
            };
            if stops != 0 {
                return i + stops.trailing_zeros() as usize;
            }
            i += 16;
        }
        bytes[i.min(bytes.len())..].iter().position(|&b| is_stop(b)).map_or(bytes.len(), |k| i + k)
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        bytes[from.min(bytes.len())..].iter().position(|&b| is_stop(b)).map_or(bytes.len(), |k| from + k)
    }
}

fn push_trimmed(text: &str, start: usize, end: usize, spans: &mut Vec<Span>) {
    let piece = &text[start..end];
    let trimmed = piece.trim();
    if trimmed.is_empty() {
        return;
    }
    let lead = piece.len() - piece.trim_start().len();
    spans.push(Span::new(start + lead, start + lead + trimmed.len()));
}

fn ends_with_terminal(line: &str) -> bool {
    line.trim_end().ends_with(['.', '!', '?', '"', '”', ':'])
}

/// Whether the word just before a full stop is an abbreviation or an initial.
fn is_abbreviation(before_dot: &str) -> bool {
    let word = last_word(before_dot).to_lowercase();
    let mut chars = word.chars();
    let single_letter = matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic());
    single_letter || ABBREVIATIONS.contains(&word.as_str())
}

/// Whether the word before a full stop is dotted initials ("H.W", "T.S", "F.B.I") that go on in
/// the capitalised word after them, one that is not a function word: "George H.W. Bush", "H.R.
/// McMaster", "the F.B.I. Director" are one sentence, "seized by the F.B.I. The agency" two.
/// Split at "George H.W.", the full ABP corpus had 600 mentions of a "George H.W" and 245 of an
/// "H.R" that were George H.W. Bush and H.R. McMaster. A single initial is `is_abbreviation`'s.
/// A place's initials after a comma (`PLACE_INITIALS`) end a dateline or a sentence as often as
/// not ("in Washington, D.C. Police said"): they go on no more than before. A name's do ("the
/// adviser, H.R. McMaster, said").
fn initials_go_on(before_dot: &str, after_dot: &str) -> bool {
    // Asked at nearly every full stop: the initials first, and nothing allocated before they are.
    let word = last_word(before_dot);
    if dotted_initials(word).is_none()
        || (PLACE_INITIALS.contains(&word) && before_dot[..before_dot.len() - word.len()].trim_end().ends_with(','))
    {
        return false;
    }
    let after = after_dot.trim_start_matches([' ', '\t']);
    let next = &after[..after.find(|c: char| !c.is_alphabetic()).unwrap_or(after.len())];
    next.chars().next().is_some_and(char::is_uppercase) && !super::stopwords::is_stopword(&next.to_lowercase())
}

/// The number of letters of `word` if it is dotted initials, capitals each followed by a full stop
/// but the last ("H.W", "F.B.I"), and not a time of day ("A.M", "P.M"): "at 9 P.M. Comey said" is
/// the time's sentence end.
pub fn dotted_initials(word: &str) -> Option<usize> {
    let mut letters = 0;
    for part in word.split('.') {
        let mut chars = part.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) if c.is_uppercase() => letters += 1,
            _ => return None,
        }
    }
    (letters > 1 && !matches!(word, "A.M" | "P.M")).then_some(letters)
}

/// US places written as dotted initials after a city and a comma ("Washington, D.C.").
const PLACE_INITIALS: &[&str] = &["D.C", "N.Y", "N.J", "N.C", "S.C", "N.H", "N.D", "S.D", "N.M", "R.I", "L.A", "B.C", "P.R"];

/// The last word of `text`, after its last space or opening quote or bracket.
fn last_word(text: &str) -> &str {
    text.rsplit(|c: char| c.is_whitespace() || c == '(' || c == '“' || c == '"').next().unwrap_or("")
}

/// A sentence starts with a capital letter, a digit or an opening quote or bracket.
fn starts_new_sentence(rest: &str) -> bool {
    match rest.chars().next() {
        Some(c) => c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '‘' | '\'' | '(' | '['),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split_sentences(text).iter().map(|s| s.slice(text)).collect()
    }

    #[test]
    fn splits_news_copy() {
        let cases: &[(&str, &[&str])] = &[
            ("One. Two! Three?", &["One.", "Two!", "Three?"]),
            (
                "Brig. Gen. William H. Seeley wrote. He left.",
                &["Brig. Gen. William H. Seeley wrote.", "He left."],
            ),
            ("The U.S. military left. Then rain.", &["The U.S. military left.", "Then rain."]),
            // Dotted initials go on in a capitalised word that is no function word.
            ("George H.W. Bush spoke. H.R. McMaster left.", &["George H.W. Bush spoke.", "H.R. McMaster left."]),
            ("The F.B.I. Director spoke.", &["The F.B.I. Director spoke."]),
            ("It was seized by the F.B.I. The agency said so.", &["It was seized by the F.B.I.", "The agency said so."]),
            ("He joined the F.B.I. In 2019 he left.", &["He joined the F.B.I.", "In 2019 he left."]),
            // The cost, a known limit: initials that end a sentence before a name run on.
            ("He studied at M.I.T. Harvard was next.", &["He studied at M.I.T. Harvard was next."]),
            ("He won a Ph.D. Then he left.", &["He won a Ph.D.", "Then he left."]),
            ("They met at 9 P.M. Comey spoke.", &["They met at 9 P.M.", "Comey spoke."]),
            ("It was seized by the F.B.I.” Comey said so.", &["It was seized by the F.B.I.”", "Comey said so."]),
            ("He lives in Washington, D.C. Police said so.", &["He lives in Washington, D.C.", "Police said so."]),
            ("The adviser, H.R. McMaster, said so.", &["The adviser, H.R. McMaster, said so."]),
            (
                "“We respect it,” he said. “Go.” Then.",
                &["“We respect it,” he said.", "“Go.”", "Then."],
            ),
            ("Headline without stop\n\nBody starts here.", &["Headline without stop", "Body starts here."]),
            ("A hard\nwrapped line. Next one.", &["A hard\nwrapped line.", "Next one."]),
            ("First line.\nSecond line.", &["First line.", "Second line."]),
            ("version 2.5 is out. ok", &["version 2.5 is out. ok"]),
            ("", &[]),
            ("   \n\n  ", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(sentences(text), *want, "splitting {text:?}");
        }
    }

    /// The vector scan finds the first stop byte the byte loop finds, from every start, with the
    /// stop at every place in and across the 16-byte loads.
    #[test]
    fn next_stop_finds_the_first_stop_byte() {
        for len in 0..40 {
            for stop_at in 0..=len {
                for stop in [b'\n', b'.', b'!', b'?'] {
                    let mut bytes = vec![b'a'; len];
                    // Bytes either side of the stops' values, and UTF-8, are not stops.
                    for (k, b) in bytes.iter_mut().enumerate() {
                        *b = [b'a', b'\t', b'\x0b', b'-', b'/', b' ', b'>', b'@', 0xe2, 0x80][k % 10];
                    }
                    if stop_at < len {
                        bytes[stop_at] = stop;
                    }
                    for from in 0..=len {
                        let want = (from..len).find(|&k| is_stop(bytes[k])).unwrap_or(len);
                        assert_eq!(next_stop(&bytes, from), want, "len {len}, stop {stop} at {stop_at}, from {from}");
                    }
                }
            }
        }
    }

    #[test]
    fn spans_cover_every_word() {
        let text = "Gen. Soleimani’s flight arrived from Syria. Ten people died.\n\nA new paragraph";
        let spans = split_sentences(text);
        for (start, word) in unicode_segmentation::UnicodeSegmentation::unicode_word_indices(text) {
            let inside = spans.iter().filter(|s| s.start <= start && start + word.len() <= s.end).count();
            assert_eq!(inside, 1, "{word} should lie in exactly one sentence");
        }
    }
}
