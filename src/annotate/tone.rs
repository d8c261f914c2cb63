//! Tone: sentences in, a VADER compound score per sentence out (Hutto & Gilbert 2014, ICWSM;
//! through `vader-parity`, which matches the Python reference vaderSentiment 3.3.2). Compound runs
//! from −1 (most negative) to +1; by VADER's convention a sentence is negative at ≤ −0.05 and
//! positive at ≥ 0.05.

use std::sync::OnceLock;
use vader_parity::SentimentIntensityAnalyzer;

/// VADER's thresholds for a negative and a positive text.
pub const NEGATIVE_AT: f64 = -0.05;
pub const POSITIVE_AT: f64 = 0.05;

fn analyzer() -> &'static SentimentIntensityAnalyzer {
    // Building the analyzer parses VADER's lexicon (~7,500 lines): once per process.
    static ANALYZER: OnceLock<SentimentIntensityAnalyzer> = OnceLock::new();
    ANALYZER.get_or_init(SentimentIntensityAnalyzer::new)
}

/// The VADER compound score of one sentence.
pub fn compound(sentence: &str) -> f64 {
    analyzer().polarity_scores(sentence).compound
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
}
