//! Evaluation: sentences labelled by experts (BABE, Spinde et al. 2021) and a lexicon in, how well
//! the lexicon finds loaded language out: ROC-AUC of a sentence score separating `Biased` from
//! `Non-biased` sentences, the share of the experts' biased words the lexicon flags (coverage), and
//! the share of flagged words the experts marked (precision).

use crate::error::{Error, Result};
use crate::lexicon::{Lexicon, Matcher};
use crate::text::{normalise, segment};
use serde::Deserialize;
use std::collections::BTreeSet;
use std::path::Path;

/// One labelled sentence.
#[derive(Debug, Clone)]
pub struct Sentence {
    /// 1-based line in the file: even and odd lines make a tuning and a held-out half.
    pub line: usize,
    pub text: String,
    pub biased: bool,
    /// The words the experts marked as loaded, normalised as tokens are.
    pub biased_words: BTreeSet<String>,
}

#[derive(Deserialize)]
struct Record {
    text: String,
    label: String,
    #[serde(default)]
    biased_words: Vec<String>,
}

/// Reads BABE's `sentences.jsonl`. Sentences labelled neither `Biased` nor `Non-biased` (the
/// experts did not agree) are left out.
pub fn read_babe(path: &Path) -> Result<Vec<Sentence>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let r: Record = serde_json::from_str(line)
            .map_err(|e| Error::Input(format!("{}:{}: {e}", path.display(), i + 1)))?;
        let biased = match r.label.as_str() {
            "Biased" => true,
            "Non-biased" => false,
            _ => continue,
        };
        let biased_words = r.biased_words.iter().map(|w| normalise(w.trim())).collect();
        out.push(Sentence { line: i + 1, text: r.text, biased, biased_words });
    }
    Ok(out)
}

/// Which sentences to score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Half {
    All,
    Even,
    Odd,
}

impl Half {
    fn keeps(self, line: usize) -> bool {
        match self {
            Half::All => true,
            Half::Even => line.is_multiple_of(2),
            Half::Odd => !line.is_multiple_of(2),
        }
    }
}

/// The scores of a lexicon on a set of sentences.
#[derive(Debug, Clone, PartialEq)]
pub struct Scores {
    pub sentences: usize,
    pub biased: usize,
    /// ROC-AUC of loaded hits per token (Biased positive).
    pub auc: f64,
    /// Expert biased words, and how many of them the lexicon flagged.
    pub expert_words: usize,
    pub expert_words_flagged: usize,
    /// Words the lexicon flagged, and how many of them the experts marked.
    pub flagged: usize,
    pub flagged_expert: usize,
    /// Expert words missed, by frequency (for looking at the kinds of words a lexicon lacks).
    pub missed: Vec<(String, usize)>,
}

impl Scores {
    pub fn coverage(&self) -> f64 {
        ratio(self.expert_words_flagged, self.expert_words)
    }
    pub fn precision(&self) -> f64 {
        ratio(self.flagged_expert, self.flagged)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Scores `lexicon` on the sentences of `half`. A sentence's score is its (non-negated) lexicon
/// hits per word token; a flagged word is a token inside a hit.
pub fn score(sentences: &[Sentence], lexicon: &Lexicon, half: Half) -> Scores {
    let matcher = Matcher::new(std::slice::from_ref(lexicon));
    let (mut pos, mut neg) = (Vec::new(), Vec::new());
    let (mut expert_words, mut expert_words_flagged, mut flagged, mut flagged_expert) = (0, 0, 0, 0);
    let mut missed: std::collections::BTreeMap<String, usize> = Default::default();
    for s in sentences.iter().filter(|s| half.keeps(s.line)) {
        let (_, tokens) = segment(&s.text);
        let hits: Vec<_> = matcher.find(&tokens).into_iter().filter(|m| !m.negated).collect();
        let score = if tokens.is_empty() { 0.0 } else { hits.len() as f64 / tokens.len() as f64 };
        if s.biased { pos.push(score) } else { neg.push(score) }
        let words: BTreeSet<&str> =
            hits.iter().flat_map(|m| tokens[m.first..=m.last].iter().map(|t| t.norm.as_str())).collect();
        flagged += words.len();
        flagged_expert += words.iter().filter(|w| s.biased_words.contains(**w)).count();
        expert_words += s.biased_words.len();
        for w in &s.biased_words {
            if words.contains(w.as_str()) {
                expert_words_flagged += 1;
            } else {
                *missed.entry(w.clone()).or_default() += 1;
            }
        }
    }
    let mut missed: Vec<(String, usize)> = missed.into_iter().collect();
    missed.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Scores {
        sentences: pos.len() + neg.len(),
        biased: pos.len(),
        auc: roc_auc(&pos, &neg),
        expert_words,
        expert_words_flagged,
        flagged,
        flagged_expert,
        missed,
    }
}

/// ROC-AUC by the Mann–Whitney statistic (Mann & Whitney 1947; Hanley & McNeil 1982): the
/// probability that a random positive scores above a random negative, ties counting one half:
/// AUC = (R₊ − n₊(n₊+1)/2) / (n₊ n₋), with R₊ the sum of the positives' mid-ranks over all scores.
/// 0.5 when either group is empty.
pub fn roc_auc(positives: &[f64], negatives: &[f64]) -> f64 {
    let (n1, n0) = (positives.len(), negatives.len());
    if n1 == 0 || n0 == 0 {
        return 0.5;
    }
    let mut all: Vec<(f64, bool)> =
        positives.iter().map(|&x| (x, true)).chain(negatives.iter().map(|&x| (x, false))).collect();
    all.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < all.len() {
        let mut j = i;
        while j + 1 < all.len() && all[j + 1].0 == all[i].0 {
            j += 1;
        }
        // Ranks i+1 ..= j+1 share their mean.
        let mid = (i + j + 2) as f64 / 2.0;
        rank_sum += mid * all[i..=j].iter().filter(|x| x.1).count() as f64;
        i = j + 1;
    }
    (rank_sum - (n1 * (n1 + 1)) as f64 / 2.0) / (n1 * n0) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auc_counts_ties_as_half() {
        // Hand-worked: positives {3, 2, 2}, negatives {2, 1}. Pairs (p, n): 3>2, 3>1, 2=2 (½),
        // 2>1, 2=2 (½), 2>1 → 5 of 6 pairs = 5/6.
        let cases: &[(&[f64], &[f64], f64)] = &[
            (&[3.0, 2.0, 2.0], &[2.0, 1.0], 5.0 / 6.0),
            (&[1.0, 1.0], &[1.0], 0.5),        // all tied
            (&[2.0, 3.0], &[0.0, 1.0], 1.0),   // perfect separation
            (&[0.0], &[1.0, 2.0], 0.0),        // perfectly wrong
            (&[0.0, 0.5], &[0.0, 0.0, 0.5], 7.0 / 12.0), // (½+½+0) + (1+1+½) = 3.5 of 6 pairs
            (&[], &[1.0], 0.5),
        ];
        for (pos, neg, want) in cases {
            assert!((roc_auc(pos, neg) - want).abs() < 1e-12, "{pos:?} {neg:?}: {} != {want}", roc_auc(pos, neg));
        }
    }

    #[test]
    fn scores_coverage_and_precision_on_flagged_words() {
        let toml = "[lexicon]\nname='l'\nversion='1'\ndescription='d'\nsource='s'\nlicence='x'\n[[category]]\nname='loaded'\npatterns=['slammed', 'radical*']\n";
        let lex = Lexicon::parse(toml, "l.toml").unwrap();
        let s = |line, text: &str, biased, words: &[&str]| Sentence {
            line,
            text: text.into(),
            biased,
            biased_words: words.iter().map(|w| w.to_string()).collect(),
        };
        let sentences = vec![
            s(1, "Critics slammed the radical plan.", true, &["slammed", "radical", "plan"]),
            s(2, "The radical group met.", false, &[]),
            s(3, "The plan passed.", false, &[]),
            s(4, "He slammed it, a shameful act.", true, &["shameful"]),
        ];
        let all = score(&sentences, &lex, Half::All);
        // Expert words: 4, flagged among them: slammed, radical → 2. Flagged words: slammed,
        // radical (1), radical (2), slammed (4) → 4, of which the experts marked 2.
        assert_eq!((all.expert_words, all.expert_words_flagged, all.flagged, all.flagged_expert), (4, 2, 4, 2));
        assert_eq!((all.coverage(), all.precision()), (0.5, 0.5));
        // Scores: biased {2/5, 1/6}, non-biased {1/4, 0}: pairs 2/5>1/4, 2/5>0, 1/6<1/4, 1/6>0 → 3/4.
        assert_eq!(all.auc, 0.75);
        let odd = score(&sentences, &lex, Half::Odd);
        assert_eq!((odd.sentences, odd.biased), (2, 1));
        assert_eq!(all.missed, vec![("plan".to_string(), 1), ("shameful".to_string(), 1)]);
    }
}
