//! Timeline: dated articles in, the time bucket each falls into out (day, ISO week, month), and
//! per outlet and bucket the terms that set the bucket apart from the outlet's other buckets.

use super::keyness::{Keyness, KeynessOptions, TermCounts, keyness};
use crate::error::Result;
use crate::model::Article;
use crate::study::{Bucket, Contrast};
use crate::tabulate::TermCounter;
use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use crate::hash::HashMap;
use std::sync::{Mutex, PoisonError};

/// Distinctive terms per outlet per time bucket: for each of `outlets`, each bucket's articles
/// against the same outlet's articles in its other buckets ("what it wrote about that week"),
/// scored like any keyness contrast. A second pass over the texts, limited to the outlets asked
/// for, so that the corpus-wide term table need not be kept per bucket; the texts are counted a
/// batch of articles at a time (`add`) and scored at the end (`terms`).
pub struct TimelineTerms<'o> {
    outlets: &'o [String],
    bucket: Bucket,
    /// Per outlet, locked while an article's forms are added to it.
    counts: Vec<Mutex<OutletCounts>>,
}

/// One outlet's counts.
#[derive(Default)]
struct OutletCounts {
    /// Term counts per bucket, counted as the tabulator counts them per outlet: each term stored
    /// once (a string per term and bucket took 190 MB on the full ABP corpus), and finished into
    /// the `TermCounts` keyness reads without a copy of the cells as strings (`from_long`, two
    /// outlets at a time).
    terms: TermCounter,
    /// Articles per bucket.
    per_bucket: HashMap<String, u64>,
}

impl<'o> TimelineTerms<'o> {
    pub fn new(outlets: &'o [String], bucket: Bucket) -> TimelineTerms<'o> {
        TimelineTerms { outlets, bucket, counts: std::iter::repeat_with(Default::default).take(outlets.len()).collect() }
    }

    /// Counts the terms of the next `articles`. Each article is tokenised on the pool and its
    /// forms added under its outlet's lock: counted an outlet to a task, the busiest outlet's
    /// articles had kept one core busy while the other waited. The order articles are added in
    /// changes no count, and `terms` sorts what it reads.
    pub fn add(&mut self, articles: &[Article]) -> Result<()> {
        let (outlets, bucket, counts) = (self.outlets, self.bucket, &self.counts);
        articles.par_iter().try_for_each(|a| {
            let (Some(o), Some(date)) = (outlets.iter().position(|o| *o == a.outlet.value), a.date.value) else {
                return Ok(());
            };
            let tokens = crate::text::tokenize(&a.text);
            let b = bucket_start(date, bucket).to_string();
            let mut counts = counts[o].lock().unwrap_or_else(PoisonError::into_inner);
            counts.terms.add(&b, "", tokens.iter().map(|t| (t.norm.as_str(), t.acronym)))?;
            *counts.per_bucket.entry(b).or_default() += 1;
            Ok(())
        })
    }

    /// The `top` highest scoring terms of each bucket of each outlet, one contrast each, named
    /// "OUTLET: BUCKET vs its other buckets".
    pub fn terms(self, options: &KeynessOptions, top: usize) -> Vec<Keyness> {
        self.counts
            .into_par_iter()
            .map(|counts| counts.into_inner().unwrap_or_else(PoisonError::into_inner))
            .zip(self.outlets)
            .map(|(OutletCounts { terms, per_bucket }, outlet)| {
                if per_bucket.len() < 2 {
                    return Vec::new();
                }
                // One cell per bucket (as an outlet is one in the study's term counts).
                let counts: TermCounts = terms.finish();
                let mut buckets: Vec<&String> = per_bucket.keys().collect();
                buckets.sort();
                // Buckets in parallel too: the busiest outlet has the most of them, and scored
                // one at a time they kept one core busy while the other waited.
                buckets
                    .into_par_iter()
                    .filter_map(|b| {
                        let contrast = Contrast::vs_rest(b);
                        let mut scored = keyness(&counts, &contrast, &KeynessOptions { under_used: 0, ..*options }, per_bucket[b]);
                        let positive = scored.terms.iter().take(top).take_while(|r| r.score > 0.0).count();
                        // Kept without the capacity of every term the bucket scored (872 buckets
                        // are kept on the full ABP corpus, each of up to `top` rows).
                        scored.terms.truncate(positive);
                        scored.terms.shrink_to_fit();
                        if scored.terms.is_empty() {
                            return None;
                        }
                        scored.contrast = format!("{outlet}: {b} vs its other buckets");
                        scored.reference = format!("{outlet}, other buckets");
                        Some(scored)
                    })
                    .collect::<Vec<_>>()
            })
            .flatten()
            .collect()
    }
}

/// Resolves `Auto` from the corpus's date span: day up to 31 days, week up to 366, month beyond.
pub fn resolve(bucket: Bucket, first: Option<NaiveDate>, last: Option<NaiveDate>) -> Bucket {
    match (bucket, first, last) {
        (Bucket::Auto, Some(a), Some(b)) => match (b - a).num_days() {
            0..=31 => Bucket::Day,
            32..=366 => Bucket::Week,
            _ => Bucket::Month,
        },
        (Bucket::Auto, _, _) => Bucket::Day,
        (b, _, _) => b,
    }
}

/// The first day of the bucket holding `date`.
pub fn bucket_start(date: NaiveDate, bucket: Bucket) -> NaiveDate {
    match bucket {
        Bucket::Day | Bucket::Auto => date,
        Bucket::Week => date - chrono::Duration::days(i64::from(date.weekday().num_days_from_monday())),
        Bucket::Month => date.with_day(1).expect("day 1 exists"),
    }
}

/// The start of every bucket from `first`'s to `last`'s, in order.
pub fn buckets_between(first: NaiveDate, last: NaiveDate, bucket: Bucket) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut at = bucket_start(first, bucket);
    while at <= last {
        out.push(at);
        at = match bucket {
            Bucket::Day | Bucket::Auto => at + chrono::Duration::days(1),
            Bucket::Week => at + chrono::Duration::days(7),
            Bucket::Month => at.checked_add_months(chrono::Months::new(1)).expect("date in range"),
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn timeline_terms_set_each_bucket_against_the_outlets_others() {
        use crate::compare::{Correction, Measure};
        use crate::model::{Provenance, Sourced};
        let article = |outlet: &str, date: NaiveDate, text: &str| Article { date: Sourced::new(Some(date), Provenance::Field), ..Article::new(text, outlet, text) };
        let articles = [
            article("A", d(2031, 3, 3), "ceasefire talks ceasefire talks vote"),
            article("A", d(2031, 3, 4), "ceasefire talks vote"),
            article("A", d(2031, 3, 12), "funeral funeral mourners vote"),
            article("A", d(2031, 3, 13), "funeral mourners vote"),
            article("B", d(2031, 3, 12), "unrelated outlet words"),
        ];
        let options = KeynessOptions { measure: Measure::LogOdds, correction: Correction::Default, prior_strength: 10.0, min_count: 1, min_docs: 2, under_used: 5 };
        let outlets = ["A".to_string()];
        // Counted in two batches that split a week, as the evidence pass reads the texts.
        let mut timeline = TimelineTerms::new(&outlets, Bucket::Week);
        timeline.add(&articles[..1]).unwrap();
        timeline.add(&articles[1..]).unwrap();
        let contrasts = timeline.terms(&options, 2);
        let got: Vec<(&str, &str)> = contrasts.iter().flat_map(|c| c.terms.iter().map(move |r| (c.target.as_str(), &*r.term))).collect();
        // Week of 3 March: ceasefire, talks (in both of its articles); week of 10 March: funeral,
        // mourners. "vote" is in every week and scores 0 or below; B is not asked for.
        assert_eq!(got, [("2031-03-03", "ceasefire"), ("2031-03-03", "talks"), ("2031-03-10", "funeral"), ("2031-03-10", "mourners")]);
        let names: Vec<(&str, &str)> = contrasts.iter().map(|c| (c.contrast.as_str(), c.reference.as_str())).collect();
        assert_eq!(names, [("A: 2031-03-03 vs its other buckets", "A, other buckets"), ("A: 2031-03-10 vs its other buckets", "A, other buckets")]);
    }

    #[test]
    fn buckets() {
        // 2031-03-14 is a Friday; its ISO week starts on Monday 2031-03-10.
        assert_eq!(bucket_start(d(2031, 3, 14), Bucket::Week), d(2031, 3, 10));
        assert_eq!(bucket_start(d(2031, 3, 10), Bucket::Week), d(2031, 3, 10));
        assert_eq!(bucket_start(d(2031, 3, 14), Bucket::Month), d(2031, 3, 1));
        assert_eq!(bucket_start(d(2031, 3, 14), Bucket::Day), d(2031, 3, 14));
    }

    #[test]
    fn buckets_between_cover_the_range() {
        let b = buckets_between(d(2031, 1, 30), d(2031, 3, 2), Bucket::Month);
        assert_eq!(b, vec![d(2031, 1, 1), d(2031, 2, 1), d(2031, 3, 1)]);
        let b = buckets_between(d(2031, 3, 14), d(2031, 3, 24), Bucket::Week);
        assert_eq!(b, vec![d(2031, 3, 10), d(2031, 3, 17), d(2031, 3, 24)]);
        assert_eq!(buckets_between(d(2031, 3, 3), d(2031, 3, 5), Bucket::Day).len(), 3);
    }

    #[test]
    fn auto_follows_the_span() {
        let a = d(2031, 3, 3);
        assert_eq!(resolve(Bucket::Auto, Some(a), Some(d(2031, 3, 24))), Bucket::Day);
        assert_eq!(resolve(Bucket::Auto, Some(a), Some(d(2031, 9, 24))), Bucket::Week);
        assert_eq!(resolve(Bucket::Auto, Some(a), Some(d(2033, 3, 24))), Bucket::Month);
        assert_eq!(resolve(Bucket::Month, Some(a), Some(a)), Bucket::Month);
    }
}
