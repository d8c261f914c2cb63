//! Tone: sentences in, a VADER compound score per sentence out (Hutto & Gilbert 2014, ICWSM; the
//! rules of the reference implementation, vaderSentiment 3.3.2). Compound runs from −1 (most
//! negative) to +1; by VADER's convention a sentence is negative at ≤ −0.05 and positive at ≥ 0.05.

use super::vader;
use std::sync::OnceLock;
use vader_parity::SentimentIntensityAnalyzer;

/// VADER's thresholds for a negative and a positive text.
pub const NEGATIVE_AT: f64 = -0.05;
pub const POSITIVE_AT: f64 = 0.05;

fn analyzer() -> &'static SentimentIntensityAnalyzer {
    // Building the analyzer parses VADER's lexicons (~11,000 lines): once per process.
    static ANALYZER: OnceLock<SentimentIntensityAnalyzer> = OnceLock::new();
    ANALYZER.get_or_init(SentimentIntensityAnalyzer::new)
}

/// The VADER compound score of one sentence.
///
/// Sentences of ASCII and news punctuation (nearly all) are scored by `vader`, several times
/// faster; the rest, where Python's Unicode casing and VADER's emoji descriptions matter, by
/// `vader-parity`, which reproduces both. The two agree on every sentence of the sample, the
/// seeds and the ABP sample (`vader_scores_as_vader_parity_does`,
/// `tone_matches_vader_parity_on_real_news`), up to the sign of a zero score.
pub fn compound(sentence: &str) -> f64 {
    vader::compound(sentence).unwrap_or_else(|| analyzer().polarity_scores(sentence).compound)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compound_matches_the_python_reference() {
        // Values from vaderSentiment 3.3.2 (Hutto & Gilbert's own examples), through `vader` and,
        // with a character outside its alphabet, through `vader-parity`.
        let cases = [
            ("VADER is smart, handsome, and funny.", 0.8316),
            ("VADER is not smart, handsome, nor funny.", -0.7424),
            ("The book was kind of good.", 0.3832),
            ("A really bad, horrible book.", -0.8211),
            ("The plot was good, but the characters are uncompelling and the dialog is not great.", -0.7042),
            ("Catch utf-8 emoji such as 💘 and 💋 and 😁", 0.875),
        ];
        for (text, want) in cases {
            assert_eq!(compound(text), want, "{text}");
        }
    }

    /// Every sentence of the bundled sample corpus, and each with its letters in capitals (VADER's
    /// capitals rules), scores the same through `vader` as through `vader-parity`.
    #[test]
    fn vader_scores_as_vader_parity_does() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample");
        let ingested = crate::ingest::read(&[dir], &Default::default()).unwrap();
        let (mut sentences, mut scored, mut scoring) = (0, 0, 0);
        for article in &ingested.articles {
            let text = &article.text;
            for span in crate::text::split_sentences(text) {
                let s = span.slice(text);
                for s in [s.to_string(), s.to_uppercase(), capitalise_every_third_word(s)] {
                    sentences += 1;
                    let want = analyzer().polarity_scores(&s).compound;
                    if let Some(got) = vader::compound(&s) {
                        // `==`: see `vader::compound` on the sign of a zero score.
                        assert_eq!(got, want, "{s:?}");
                        scored += 1;
                        scoring += usize::from(got != 0.0);
                    }
                }
            }
        }
        assert!(sentences > 1500 && scored * 100 > sentences * 95 && scoring > 500, "{sentences} sentences, {scored} by vader, {scoring} not 0");
    }

    fn capitalise_every_third_word(s: &str) -> String {
        s.split(' ').enumerate().map(|(i, w)| if i % 3 == 1 { w.to_uppercase() } else { w.to_string() }).collect::<Vec<_>>().join(" ")
    }
}
