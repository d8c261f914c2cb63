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
    while i < bytes.len() {
        let b = bytes[i];
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
            if followed_by_space && b == b'.' && is_abbreviation(&text[start..i]) {
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
        i += 1;
    }
    push_trimmed(text, start, text.len(), &mut spans);
    spans
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
    let word = before_dot.rsplit(|c: char| c.is_whitespace() || c == '(' || c == '“' || c == '"').next().unwrap_or("");
    let word = word.to_lowercase();
    let mut chars = word.chars();
    let single_letter = matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic());
    single_letter || ABBREVIATIONS.contains(&word.as_str())
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
