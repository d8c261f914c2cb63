//! Tone: sentences in, a VADER compound score per sentence out (Hutto & Gilbert 2014, ICWSM;
//! through `vader-parity`, which matches the Python reference vaderSentiment 3.3.2). Compound runs
//! from −1 (most negative) to +1; by VADER's convention a sentence is negative at ≤ −0.05 and
//! positive at ≥ 0.05.

use crate::hash::HashMap;
use std::cell::RefCell;
use std::sync::OnceLock;
use vader_parity::SentimentIntensityAnalyzer;

/// VADER's thresholds for a negative and a positive text.
pub const NEGATIVE_AT: f64 = -0.05;
pub const POSITIVE_AT: f64 = 0.05;

/// Words remembered per thread by `has_sentiment_word` before the memory is cleared.
const REMEMBERED_WORDS: usize = 1 << 20;

fn analyzer() -> &'static SentimentIntensityAnalyzer {
    // Building the analyzer parses VADER's lexicon (~7,500 lines): once per process.
    static ANALYZER: OnceLock<SentimentIntensityAnalyzer> = OnceLock::new();
    ANALYZER.get_or_init(SentimentIntensityAnalyzer::new)
}

/// The VADER compound score of one sentence.
///
/// About a third of news sentences hold no word of VADER's lexicon, and VADER scores such a
/// sentence 0 whatever else it holds: every token outside the lexicon adds an integer 0 to the
/// valences, the "but", negation and punctuation rules only scale or extend a non-zero sum, and
/// the normalised compound of 0 is 0 (vaderSentiment 3.3.2, `polarity_scores` and
/// `score_valence`). Those sentences are answered here without running VADER's rules; the rest,
/// and any sentence with non-ASCII text (where VADER first translates emoji into words), go to
/// VADER. The test `the_shortcut_never_changes_a_score` holds the two paths equal on real text.
pub fn compound(sentence: &str) -> f64 {
    if sentence.is_ascii() && !has_sentiment_word(sentence) {
        return 0.0;
    }
    analyzer().polarity_scores(sentence).compound
}

/// Whether any of VADER's tokens of an ASCII `sentence` can carry a valence.
///
/// The tokens are VADER's own (`SentiText.words_and_emoticons`): split at Python whitespace,
/// leading and trailing punctuation stripped where more than two characters remain, lowercased.
/// Whether a token can carry a valence is asked of VADER itself, by scoring the token alone: a
/// lone token scores non-zero exactly when it is a lexicon word that is not a booster, and the
/// lexicon's smallest valence (±0.1) normalises to a compound far from 0 at four decimals. The
/// answers are remembered per thread.
fn has_sentiment_word(sentence: &str) -> bool {
    thread_local! {
        static BEARING: RefCell<(HashMap<Box<str>, bool>, String)> = RefCell::new(Default::default());
    }
    // Python's `str.split()` whitespace within ASCII (the sentence is ASCII, so every character is
    // one byte): the six C whitespace characters and the four separators U+001C–U+001F.
    let is_space = |b: u8| b.is_ascii_whitespace() || b == 0x0b || (0x1c..=0x1f).contains(&b);
    BEARING.with(|cell| {
        let (known, lower) = &mut *cell.borrow_mut();
        for token in sentence.split(|c: char| is_space(c as u8)).filter(|t| !t.is_empty()) {
            let stripped = token.trim_matches(|c: char| c.is_ascii_punctuation());
            let word = if stripped.len() <= 2 { token } else { stripped };
            lower.clear();
            lower.extend(word.chars().map(|c| c.to_ascii_lowercase()));
            let bearing = match known.get(lower.as_str()) {
                Some(&b) => b,
                None => {
                    let b = analyzer().polarity_scores(lower).compound != 0.0;
                    if known.len() >= REMEMBERED_WORDS {
                        known.clear();
                    }
                    known.insert(lower.as_str().into(), b);
                    b
                }
            };
            if bearing {
                return true;
            }
        }
        false
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compound_matches_the_python_reference() {
        // Values from vaderSentiment 3.3.2's README (Hutto & Gilbert's own examples).
        let cases = [
            ("VADER is smart, handsome, and funny.", 0.8316),
            ("VADER is not smart, handsome, nor funny.", -0.7424),
            ("The book was kind of good.", 0.3832),
            ("A really bad, horrible book.", -0.8211),
            ("The plot was good, but the characters are uncompelling and the dialog is not great.", -0.7042),
        ];
        for (text, want) in cases {
            assert_eq!(compound(text), want, "{text}");
        }
    }

    #[test]
    fn sentences_without_a_lexicon_word_score_zero_without_vader() {
        // (sentence, whether one of its tokens is a VADER lexicon word) — checked by hand against
        // vader_lexicon.txt of vaderSentiment 3.3.2.
        let cases = [
            ("The meeting was held on Tuesday in Baghdad.", false),
            ("Troops were killed on Tuesday.", true),     // "killed" −3.5
            ("Officials said it was \"legal\".", true),    // "legal" 0.5, once its quotes are stripped
            ("No comment.", true),                        // "no" −1.2
            ("It was :) in the end", true),               // the emoticon ":)" 2.0, kept unstripped
            ("Extremely", false),                         // a booster, not a lexicon word
            ("", false),
        ];
        for (text, bearing) in cases {
            assert_eq!(has_sentiment_word(text), bearing, "{text:?}");
            if !bearing {
                assert_eq!(analyzer().polarity_scores(text).compound, 0.0, "{text:?}");
            }
        }
    }

    /// Every sentence of the bundled sample corpus scores the same through the shortcut as
    /// through VADER's full rules.
    #[test]
    fn the_shortcut_never_changes_a_score() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample");
        let ingested = crate::ingest::read(&[dir], &Default::default()).unwrap();
        let (mut sentences, mut shortcut) = (0, 0);
        for article in &ingested.articles {
            let text = &article.text;
            for span in crate::text::split_sentences(text) {
                let s = span.slice(text);
                sentences += 1;
                shortcut += usize::from(s.is_ascii() && !has_sentiment_word(s));
                assert_eq!(compound(s), analyzer().polarity_scores(s).compound, "{s:?}");
            }
        }
        assert!(sentences > 500 && shortcut > 50, "{sentences} sentences, {shortcut} by the shortcut");
    }
}
