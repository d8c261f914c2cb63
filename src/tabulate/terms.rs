//! Term counts: each article's terms, as the tabulator streams them past, in; `TermCounts` out,
//! the per (outlet, group) counts every keyness contrast and the similarity matrix read, and from
//! which the `terms` table is built when it is written. Terms are counted by an index into one
//! sorted vocabulary: each term's text is stored once, not once per outlet using it (1.6 million
//! (outlet, term) cells on the full ABP corpus, for 0.3 million distinct terms).

use super::{CHUNK_ROWS, FrameBuilder, Strings, columns as col, write_in_chunks};
use crate::error::{Error, Result};
use crate::hash::HashMap;
use crate::study::{Contrast, Side};
use polars::prelude::DataFrame;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

/// Term counts of a corpus in cells of (outlet, group), with the vocabulary shared.
#[derive(Debug, Clone, Default)]
pub struct TermCounts {
    pub terms: Vec<Arc<str>>,
    pub cells: Vec<Cell>,
    /// Per term: its count over the whole corpus, the sum of every cell's count of it.
    pub corpus: Vec<u64>,
    /// Per term: its share π_w in the log-odds prior. The corpus's own shares unless a background
    /// frequency list was given (`with_background`).
    pub prior: Option<Vec<f64>>,
}

#[derive(Debug, Clone, Default)]
pub struct Cell {
    pub outlet: String,
    pub group: Option<String>,
    /// (term index, count), sorted by term index.
    pub counts: Vec<(u32, u64)>,
    /// Articles using each term, aligned with `counts`.
    pub docs: Vec<u64>,
}

impl TermCounts {
    /// Builds counts from the long `terms` table's columns (an empty group means none).
    pub fn from_long(outlet: &[&str], group: &[&str], term: &[&str], count: &[u64], doc_freq: &[u64]) -> TermCounts {
        let vocab: BTreeMap<&str, u32> = {
            let mut v: Vec<&str> = term.to_vec();
            v.sort_unstable();
            v.dedup();
            v.into_iter().enumerate().map(|(i, t)| (t, i as u32)).collect()
        };
        // (outlet, group) → (term, count, doc_freq)
        type Rows = Vec<(u32, u64, u64)>;
        let mut cells: BTreeMap<(&str, &str), Rows> = BTreeMap::new();
        let mut corpus = vec![0u64; vocab.len()];
        for i in 0..term.len() {
            let id = vocab[term[i]];
            corpus[id as usize] += count[i];
            cells.entry((outlet[i], group[i])).or_default().push((id, count[i], doc_freq[i]));
        }
        let cells = cells
            .into_iter()
            .map(|((o, g), mut rows)| {
                rows.sort_unstable();
                Cell {
                    outlet: o.to_string(),
                    group: (!g.is_empty()).then(|| g.to_string()),
                    counts: rows.iter().map(|&(t, c, _)| (t, c)).collect(),
                    docs: rows.iter().map(|&(_, _, d)| d).collect(),
                }
            })
            .collect();
        TermCounts { terms: vocab.into_keys().map(Arc::from).collect(), cells, corpus, prior: None }
    }

    /// Uses a background corpus's term frequencies as the log-odds prior (Monroe et al. 2008,
    /// §3.5). A term missing from the background gets a pseudo-count of 1 (add-one smoothing over
    /// the union vocabulary), so that its prior is small but never zero.
    pub fn with_background(mut self, background: &BTreeMap<String, u64>) -> TermCounts {
        let union: usize = background.len() + self.terms.iter().filter(|t| !background.contains_key(&***t)).count();
        let total: u64 = background.values().sum();
        let denominator = total as f64 + union as f64;
        self.prior = Some(self.terms.iter().map(|t| (background.get(&**t).copied().unwrap_or(0) as f64 + 1.0) / denominator).collect());
        self
    }

    /// π_w: the term's share in the prior.
    pub fn prior_share(&self, w: usize, n_corpus: u64) -> f64 {
        match &self.prior {
            Some(p) => p[w],
            None => self.corpus[w] as f64 / n_corpus as f64,
        }
    }

    fn in_side(cell: &Cell, side: &Side) -> bool {
        match side {
            Side::Outlet(o) => cell.outlet == *o,
            Side::Group(g) => cell.group.as_deref() == Some(g.as_str()),
            Side::Rest => false,
        }
    }

    /// Dense per-term counts of the target and the reference of a contrast, and the number of
    /// the target's articles using each term. Against the rest of the corpus, the reference is
    /// the corpus less the target, so only the target's cells are read: a study compares each of
    /// its outlets with the rest, and reading every cell for each (1.6 million on full ABP, for 491
    /// outlets) was most of the keyness step.
    pub fn sides(&self, contrast: &Contrast) -> (Vec<u64>, Vec<u64>, Vec<u64>) {
        let mut target = vec![0u64; self.terms.len()];
        let mut target_docs = vec![0u64; self.terms.len()];
        let add = |cell: &Cell, counts: &mut [u64], docs: Option<&mut [u64]>| match docs {
            Some(docs) => {
                for (&(t, c), &d) in cell.counts.iter().zip(&cell.docs) {
                    counts[t as usize] += c;
                    docs[t as usize] += d;
                }
            }
            None => {
                for &(t, c) in &cell.counts {
                    counts[t as usize] += c;
                }
            }
        };
        for cell in self.cells.iter().filter(|c| Self::in_side(c, &contrast.target)) {
            add(cell, &mut target, Some(&mut target_docs[..]));
        }
        let reference = match &contrast.reference {
            // `corpus` is the sum of every cell's counts.
            Side::Rest => self.corpus.iter().zip(&target).map(|(all, t)| all - t).collect(),
            side => {
                let mut reference = vec![0u64; self.terms.len()];
                for cell in self.cells.iter().filter(|c| !Self::in_side(c, &contrast.target) && Self::in_side(c, side)) {
                    add(cell, &mut reference, None);
                }
                reference
            }
        };
        (target, reference, target_docs)
    }
}


/// One cell's counts as `TermCounter` streams them: term → (count, articles using it).
type CellCounts = HashMap<u32, (u32, u32)>;

/// A form of the vocabulary: its index as a term, the last article that used it, where that
/// article's count of it is, and whether it counts as a term.
#[derive(Clone, Copy)]
struct Entry {
    /// `NOT_COUNTED` until the form is first counted as a term.
    id: u32,
    /// The number (from 1) of the last article counted that used the term. Kept with the term so
    /// that one look-up per token both finds its index and says whether the article has used it
    /// before, where a set of the article's terms cost one more hash look-up per token.
    last: u32,
    /// The term's place in `TermCounter::article_terms` while `last` is the article counted.
    slot: u32,
    /// What `is_term` says of the form, worked out once: stopwords and forms without two
    /// characters and a letter are kept in the vocabulary too, so that the one look-up per token
    /// also answers whether it is a term (a stopword look-up per token was 1.4% of a full run).
    kind: Kind,
}

/// The `id` of a form not (yet) counted as a term.
const NOT_COUNTED: u32 = u32::MAX;

/// Whether a form counts as a term (`super::is_term`), apart from the token's capitals.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Under two characters or without a letter: never a term.
    Never,
    /// A stopword: a term only when written as an acronym ("US", not "us").
    Stopword,
    Term,
}

impl Kind {
    fn of(norm: &str) -> Kind {
        if !super::is_term(norm, true) {
            Kind::Never
        } else if super::is_term(norm, false) {
            Kind::Term
        } else {
            Kind::Stopword
        }
    }

    fn counts(self, acronym: bool) -> bool {
        self == Kind::Term || (self == Kind::Stopword && acronym)
    }
}

/// Counts terms as articles stream past: by (outlet, group), each term by its index in the order
/// first seen, sorted into one vocabulary when finished.
#[derive(Default)]
pub struct TermCounter {
    /// Every form met, terms or not. Forms of up to 24 bytes (nearly all) are held in the table
    /// itself, not behind a pointer: a look-up per token then touches one place in memory, not
    /// two.
    vocabulary: HashMap<compact_str::CompactString, Entry>,
    /// The number of forms counted as terms: the next term's index.
    terms: u32,
    /// outlet → group or "" → term → (count, articles using it), as 32-bit numbers: half the
    /// memory of 64-bit ones, for 1.6 million cells in the full ABP run's term counts and 3.2
    /// million in its timeline. Nested, so that an article's cell is found by its names without
    /// building a key.
    cells: BTreeMap<String, BTreeMap<String, CellCounts>>,
    /// Articles counted so far: the number of the one being counted.
    articles: u32,
    /// The article being counted: (term, uses) of each term it uses, in the order first used. Its
    /// cell is then looked up once per distinct term, not once per token (an article uses about
    /// half its terms once, and the cells of a large outlet are larger than the caches).
    article_terms: Vec<(u32, u32)>,
}

impl TermCounter {
    /// Counts the terms of one article of `outlet` and `group` ("" for none) among its tokens'
    /// (form, written as an acronym) pairs: the forms `is_term` accepts. A corpus past the
    /// 32-bit counts, with 2³² uses of one term in one cell, 2³² distinct terms or 2³² articles, is
    /// refused with an error rather than miscounted.
    pub fn add<'t>(&mut self, outlet: &str, group: &str, tokens: impl IntoIterator<Item = (&'t str, bool)>) -> Result<()> {
        let too_many = |what: String| Error::Input(format!("term counts: {what}; slant counts up to 2³²−1"));
        self.articles = self.articles.checked_add(1).ok_or_else(|| too_many("more than 2³² articles".into()))?;
        let article = self.articles;
        let mut seen = std::mem::take(&mut self.article_terms);
        seen.clear();
        for (form, acronym) in tokens {
            let entry = match self.vocabulary.get_mut(form) {
                Some(entry) => entry,
                None => {
                    let entry = Entry { id: NOT_COUNTED, last: 0, slot: 0, kind: Kind::of(form) };
                    self.vocabulary.entry(form.into()).or_insert(entry)
                }
            };
            if !entry.kind.counts(acronym) {
                continue;
            }
            if entry.id == NOT_COUNTED {
                // Fewer than 2³² − 1 terms, so that no index is taken for `NOT_COUNTED`.
                entry.id = self.terms;
                self.terms = self.terms.checked_add(1).filter(|&n| n != NOT_COUNTED).ok_or_else(|| too_many("more than 2³² distinct terms".into()))?;
            }
            if entry.last == article {
                let uses = &mut seen[entry.slot as usize].1;
                *uses = uses.checked_add(1).ok_or_else(|| too_many(format!("{form:?} is used more than 2³² times in {outlet}")))?;
            } else {
                // Fewer distinct terms in the article than in the vocabulary.
                (entry.last, entry.slot) = (article, seen.len() as u32);
                seen.push((entry.id, 1));
            }
        }
        let groups = match self.cells.get_mut(outlet) {
            Some(groups) => groups,
            None => self.cells.entry(outlet.to_string()).or_default(),
        };
        let cell = match groups.get_mut(group) {
            Some(cell) => cell,
            None => groups.entry(group.to_string()).or_default(),
        };
        for &(id, uses) in &seen {
            let entry = cell.entry(id).or_default();
            entry.0 = entry.0.checked_add(uses).ok_or_else(|| {
                let term = self.vocabulary.iter().find(|(_, e)| e.id == id).map_or("", |(t, _)| t.as_str());
                too_many(format!("{term:?} is used more than 2³² times in {outlet}"))
            })?;
            // No more articles than uses, so this cannot overflow where the count did not.
            entry.1 += 1;
        }
        self.article_terms = seen;
        Ok(())
    }

    /// The counts, the vocabulary sorted and each cell's terms in its order: what `from_long`
    /// builds from the `terms` table.
    pub fn finish(self) -> TermCounts {
        let mut sorted: Vec<(compact_str::CompactString, u32)> =
            self.vocabulary.into_iter().filter(|(_, e)| e.id != NOT_COUNTED).map(|(t, e)| (t, e.id)).collect();
        sorted.sort_unstable();
        let mut rank = vec![0u32; sorted.len()];
        for (to, (_, from)) in sorted.iter().enumerate() {
            rank[*from as usize] = to as u32;
        }
        let mut corpus = vec![0u64; sorted.len()];
        let cells = self
            .cells
            .into_iter()
            .flat_map(|(outlet, groups)| groups.into_iter().map(move |(group, terms)| (outlet.clone(), group, terms)))
            .map(|(outlet, group, terms)| {
                let mut rows: Vec<(u32, u64, u64)> = terms.into_iter().map(|(t, (c, d))| (rank[t as usize], u64::from(c), u64::from(d))).collect();
                rows.sort_unstable();
                for &(t, c, _) in &rows {
                    corpus[t as usize] += c;
                }
                Cell {
                    outlet,
                    group: (!group.is_empty()).then_some(group),
                    counts: rows.iter().map(|&(t, c, _)| (t, c)).collect(),
                    docs: rows.iter().map(|&(_, _, d)| d).collect(),
                }
            })
            .collect();
        TermCounts { terms: sorted.into_iter().map(|(t, _)| Arc::from(t.as_str())).collect(), cells, corpus, prior: None }
    }
}

impl TermCounts {
    /// The number of rows of the `terms` table.
    pub fn rows(&self) -> usize {
        self.cells.iter().map(|c| c.counts.len()).sum()
    }

    /// Rows `rows` of the `terms` table: per outlet, group and term (in that order), its count
    /// and the number of articles using it.
    pub fn frame(&self, rows: Range<usize>) -> Result<DataFrame> {
        let (mut outlet, mut term) = (Strings::default(), Strings::default());
        let (mut group, mut count, mut doc_freq) = (vec![], vec![], vec![]);
        // `first`: the table row of the cell's first term.
        let mut first = 0;
        for cell in &self.cells {
            let within = rows.start.saturating_sub(first).min(cell.counts.len())..rows.end.saturating_sub(first).min(cell.counts.len());
            first += cell.counts.len();
            for (&(t, c), &d) in cell.counts[within.clone()].iter().zip(&cell.docs[within]) {
                outlet.push(&cell.outlet);
                group.push(cell.group.clone());
                term.push(&self.terms[t as usize]);
                count.push(c);
                doc_freq.push(d);
            }
        }
        FrameBuilder::new("terms")
            .strings(col::OUTLET, outlet)
            .opt_str(col::GROUP, group)
            .strings(col::TERM, term)
            .u64(col::COUNT, count)
            .u64(col::DOC_FREQ, doc_freq)
            .build()
    }

    /// Writes the `terms` table as `<dir>/terms.parquet` and `.csv`, a chunk of rows at a time.
    pub fn write(&self, dir: &super::TableDir) -> Result<()> {
        write_in_chunks(dir, "terms", self.rows(), CHUNK_ROWS, |rows| self.frame(rows))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tokens' forms, none written as an acronym.
    fn words<'w>(forms: &[&'w str]) -> Vec<(&'w str, bool)> {
        forms.iter().map(|&f| (f, false)).collect()
    }

    #[test]
    fn a_count_past_32_bits_is_an_error_naming_the_term_and_outlet() {
        let mut counter = TermCounter::default();
        counter.add("Wire", "", words(&["war"])).unwrap();
        // As if "war" had been counted 2³² − 2 more times in Wire's articles, in one article.
        counter.cells.values_mut().flat_map(BTreeMap::values_mut).for_each(|c| *c.get_mut(&0).unwrap() = (u32::MAX - 1, 1));
        counter.add("Wire", "", words(&["war"])).unwrap();
        let err = counter.add("Wire", "", words(&["war"])).unwrap_err().to_string();
        assert!(err.contains("\"war\"") && err.contains("Wire") && err.contains("2³²"), "{err}");
        // The cell reached u32::MAX, read back as such.
        let counts = counter.finish();
        assert_eq!((counts.cells[0].counts[0], counts.cells[0].docs[0]), ((0, u64::from(u32::MAX)), 2));
    }

    #[test]
    fn the_article_past_32_bits_is_an_error_not_a_wrapped_count() {
        let mut counter = TermCounter::default();
        counter.add("Wire", "", words(&["war"])).unwrap();
        // As if 2³² − 2 more articles had been counted: one more fits, the next does not, and a
        // wrapped article number would have let "war" go uncounted in its article count.
        counter.articles = u32::MAX - 1;
        counter.add("Wire", "", words(&["war"])).unwrap();
        let err = counter.add("Wire", "", words(&["war"])).unwrap_err().to_string();
        assert!(err.contains("articles") && err.contains("2³²"), "{err}");
        let counts = counter.finish();
        assert_eq!((counts.cells[0].counts[0], counts.cells[0].docs[0]), ((0, 2), 2));
    }

    #[test]
    fn only_terms_are_counted_and_a_stopword_only_as_an_acronym() {
        let mut counter = TermCounter::default();
        // "the" and "we" are stopwords, "a" is one character, "2019" has no letter; "WE" and
        // "THE" written in capitals count.
        let a = [("the", false), ("we", false), ("war", false), ("a", false), ("2019", false), ("we", true), ("war", false)];
        counter.add("A", "", a).unwrap();
        counter.add("B", "", [("we", false), ("the", true), ("a", true)]).unwrap();
        let counts = counter.finish();
        assert_eq!(counts.terms.iter().map(|t| &**t).collect::<Vec<_>>(), ["the", "war", "we"]);
        // By hand: A war 2 (1 article), we 1 (1); B the 1 (1).
        let cells: Vec<_> = counts.cells.iter().map(|c| (c.outlet.as_str(), c.counts.clone(), c.docs.clone())).collect();
        assert_eq!(cells, [("A", vec![(1, 2), (2, 1)], vec![1, 1]), ("B", vec![(0, 1)], vec![1])]);
    }

    #[test]
    fn streamed_counts_equal_the_counts_of_the_long_table() {
        let mut counter = TermCounter::default();
        // Outlet B first, and "war" before "attack": the result must not depend on the order seen.
        counter.add("B", "", words(&["war", "attack", "war"])).unwrap();
        counter.add("A", "state", words(&["regime", "war"])).unwrap();
        counter.add("A", "state", words(&["war"])).unwrap();
        counter.add("A", "", words(&["regime"])).unwrap();
        let counts = counter.finish();
        // By hand: A/"" regime 1 (1 article); A/state regime 1 (1), war 2 (2); B/"" attack 1 (1), war 2 (1).
        assert_eq!(counts.terms.iter().map(|t| &**t).collect::<Vec<_>>(), ["attack", "regime", "war"]);
        // (outlet, group, (term, count), articles using it)
        type Row<'c> = (&'c str, Option<&'c str>, Vec<(u32, u64)>, Vec<u64>);
        let cells: Vec<Row> =
            counts.cells.iter().map(|c| (c.outlet.as_str(), c.group.as_deref(), c.counts.clone(), c.docs.clone())).collect();
        assert_eq!(
            cells,
            [("A", None, vec![(1, 1)], vec![1]), ("A", Some("state"), vec![(1, 1), (2, 2)], vec![1, 2]), ("B", None, vec![(0, 1), (2, 2)], vec![1, 1])]
        );
        assert_eq!(counts.corpus, [1, 2, 4]);

        // The terms table, and the counts read back from it, are the same.
        assert_eq!(counts.rows(), 5);
        let df = counts.frame(0..5).unwrap();
        let s = |c| super::super::strs(&df, "terms", c).unwrap();
        assert_eq!(s(col::OUTLET), ["A", "A", "A", "B", "B"]);
        assert_eq!(s(col::TERM), ["regime", "regime", "war", "attack", "war"]);
        assert_eq!(super::super::u64s(&df, "terms", col::DOC_FREQ).unwrap(), [1, 1, 2, 1, 1]);
        let back = TermCounts::from_long(&s(col::OUTLET), &s(col::GROUP), &s(col::TERM), &super::super::u64s(&df, "terms", col::COUNT).unwrap(), &super::super::u64s(&df, "terms", col::DOC_FREQ).unwrap());
        assert_eq!((back.terms, back.corpus), (counts.terms.clone(), counts.corpus.clone()));
        assert_eq!(back.cells.iter().map(|c| (&c.counts, &c.docs)).collect::<Vec<_>>(), counts.cells.iter().map(|c| (&c.counts, &c.docs)).collect::<Vec<_>>());
        // Rows 2..4 cut across two cells: A/state's "war" and B's "attack".
        let part = counts.frame(2..4).unwrap();
        assert_eq!(super::super::strs(&part, "terms", col::TERM).unwrap(), ["war", "attack"]);
        assert_eq!(super::super::u64s(&part, "terms", col::COUNT).unwrap(), [2, 1]);
    }
}
