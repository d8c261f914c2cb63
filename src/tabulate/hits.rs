//! Lexicon hits as spans: the tabulator's compact record of each hit (article, pattern, byte
//! spans) in, the `hits` table out, written a chunk at a time with its words and contexts sliced
//! from the analysed articles. A hit costs 33 bytes until it is written, not the hundreds its
//! sentence does as a string: on a large corpus the millions of hit contexts were most of the
//! tables' memory. A run keeps even those on disk (`spill::Rows`), a chunk of rows in memory.

use super::{FrameBuilder, columns as col, offset, write_in_chunks};
use crate::error::{Error, Result};
use crate::lexicon::{Lexicon, Matcher};
use crate::model::{Article, Hit, Span};
use crate::spill::{Analysed, Record, Rows, put_u32s, u32_at};
use polars::prelude::*;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Rows per written chunk of `hits`, each one Parquet row group. A chunk's frame holds its hits'
/// sentences as strings, with a copy for the CSV where a cell needs neutralising: about 60 MB at
/// this size, which bounds the memory writing `hits` takes however many hits there are (a chunk
/// of polars' default 512² rows took four times that, the peak of a small study).
const CHUNK: usize = 1 << 16;

/// One lexicon hit: which article (its position in the study's articles, the `articles` table's
/// row), which pattern, and byte offsets into the article's text. Offsets are 32-bit: ingest
/// caps an article below 4 GiB (`Limits::max_article_bytes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HitRow {
    pub article: u32,
    pub lexicon: u16,
    pub category: u16,
    pub pattern: u32,
    pub start: u32,
    pub end: u32,
    pub sentence: u32,
    /// The hit's sentence, whose text around the hit is the key-word-in-context.
    pub sentence_start: u32,
    pub sentence_end: u32,
    pub negated: bool,
}

impl Record for HitRow {
    const SIZE: usize = 33;

    fn encode(&self, out: &mut Vec<u8>) {
        put_u32s(out, &[self.article]);
        out.extend_from_slice(&self.lexicon.to_le_bytes());
        out.extend_from_slice(&self.category.to_le_bytes());
        put_u32s(out, &[self.pattern, self.start, self.end, self.sentence, self.sentence_start, self.sentence_end]);
        out.push(u8::from(self.negated));
    }

    fn decode(b: &[u8]) -> Self {
        let u16_at = |i: usize| u16::from_le_bytes([b[i], b[i + 1]]);
        HitRow {
            article: u32_at(b, 0),
            lexicon: u16_at(4),
            category: u16_at(6),
            pattern: u32_at(b, 8),
            start: u32_at(b, 12),
            end: u32_at(b, 16),
            sentence: u32_at(b, 20),
            sentence_start: u32_at(b, 24),
            sentence_end: u32_at(b, 28),
            negated: b[32] != 0,
        }
    }
}

impl HitRow {
    /// The matched words.
    pub fn surface<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start as usize..self.end as usize]
    }

    /// The hit's sentence before the hit.
    pub fn pre<'t>(&self, text: &'t str) -> &'t str {
        &text[self.sentence_start as usize..self.start as usize]
    }

    /// The hit's sentence after the hit.
    pub fn post<'t>(&self, text: &'t str) -> &'t str {
        &text[self.end as usize..self.sentence_end as usize]
    }
}

/// The names a hit's indices stand for: per lexicon, its name, its categories and its patterns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HitNames {
    pub lexicons: Vec<String>,
    pub categories: Vec<Vec<String>>,
    pub patterns: Vec<Vec<String>>,
}

impl HitNames {
    /// Every (lexicon, category) pair, in lexicon order: the categories articles are counted in
    /// (`CategoryCounts`).
    pub fn category_keys(&self) -> Vec<(String, String)> {
        self.lexicons.iter().zip(&self.categories).flat_map(|(l, cs)| cs.iter().map(move |c| (l.clone(), c.clone()))).collect()
    }
}

/// Every lexicon hit of a study, in article order and, within an article, as annotation found
/// them.
#[derive(Debug, Default)]
pub struct Hits {
    /// In article order.
    pub rows: Rows<HitRow>,
    pub names: HitNames,
}

impl Hits {
    pub fn new(lexicons: &[Lexicon], matcher: &Matcher) -> Hits {
        let names = HitNames {
            lexicons: lexicons.iter().map(|l| l.meta.name.clone()).collect(),
            categories: lexicons.iter().map(|l| l.categories.iter().map(|c| c.name.clone()).collect()).collect(),
            patterns: (0..lexicons.len()).map(|i| matcher.patterns(i as u16).iter().map(|p| p.1.clone()).collect()).collect(),
        };
        Hits { rows: Rows::default(), names }
    }

    /// Keeps the rows in a temporary file in `dir` from now on (`spill::Rows::spill_in`).
    pub fn spill_in(&mut self, dir: &Path) -> Result<()> {
        self.rows.spill_in(dir)
    }

    /// Records `hit` of the study's `article`-th article, found in `sentence`.
    pub fn push(&mut self, article: usize, hit: &Hit, sentence: Span) -> Result<()> {
        self.rows.push(HitRow {
            article: offset(article),
            lexicon: hit.lexicon,
            category: hit.category,
            pattern: hit.pattern,
            start: offset(hit.span.start),
            end: offset(hit.span.end),
            sentence: hit.sentence,
            sentence_start: offset(sentence.start),
            sentence_end: offset(sentence.end),
            negated: hit.negated,
        })
    }

    pub fn lexicon(&self, row: &HitRow) -> &str {
        &self.names.lexicons[row.lexicon as usize]
    }

    pub fn category(&self, row: &HitRow) -> &str {
        &self.names.categories[row.lexicon as usize][row.category as usize]
    }

    pub fn pattern(&self, row: &HitRow) -> &str {
        &self.names.patterns[row.lexicon as usize][row.pattern as usize]
    }

    /// The rows `rows` as the `hits` table: article and outlet, lexicon, category and pattern,
    /// the words matched, their byte span and sentence, the sentence around them, and whether
    /// the hit is negated. `articles` are the study's articles the rows point into, from the
    /// `first`-th on.
    pub fn frame(&self, rows: &[HitRow], articles: &[Article], first: usize) -> Result<DataFrame> {
        let of: Vec<&Article> = rows
            .iter()
            .map(|row| {
                (row.article as usize).checked_sub(first).and_then(|i| articles.get(i)).ok_or_else(|| {
                    Error::Input(format!("hits: article {} outside articles {first}..{}", row.article, first + articles.len()))
                })
            })
            .collect::<Result<_>>()?;
        // Each string column is copied once, from the texts and names straight into the frame:
        // gathered into `Strings` first, a chunk's columns had been a second 10-20 MB of fresh
        // memory and a second copy of every cell.
        let with_text = || rows.iter().zip(of.iter().map(|a| a.text.as_str()));
        let numbers = |f: fn(&HitRow) -> u32| rows.iter().map(|row| u64::from(f(row))).collect();
        FrameBuilder::new("hits")
            .str_iter(col::ARTICLE_ID, of.iter().map(|a| a.id.as_str()))
            .str_iter(col::OUTLET, of.iter().map(|a| a.outlet.value.as_str()))
            .str_iter(col::LEXICON, rows.iter().map(|row| self.lexicon(row)))
            .str_iter(col::CATEGORY, rows.iter().map(|row| self.category(row)))
            .str_iter(col::PATTERN, rows.iter().map(|row| self.pattern(row)))
            .str_iter(col::SURFACE, with_text().map(|(row, text)| row.surface(text)))
            .u64(col::START, numbers(|row| row.start))
            .u64(col::END, numbers(|row| row.end))
            .u64(col::SENTENCE, numbers(|row| row.sentence))
            .str_iter(col::PRE, with_text().map(|(row, text)| row.pre(text)))
            .str_iter(col::POST, with_text().map(|(row, text)| row.post(text)))
            .bool(col::NEGATED, rows.iter().map(|row| row.negated).collect())
            .build()
    }

    /// Writes the `hits` table as `<dir>/hits.parquet` and `.csv`, a chunk of rows at a time.
    /// The texts of the articles a chunk's rows point into are read back from the spill
    /// (`articles`) for that chunk alone.
    pub fn write(&self, articles: &mut Analysed, dir: &super::TableDir) -> Result<()> {
        write_in_chunks(dir, "hits", self.rows.len(), CHUNK, |rows| {
            let rows = &*self.rows.read(rows)?;
            let range = match (rows.first(), rows.last()) {
                (Some(first), Some(last)) => first.article as usize..last.article as usize + 1,
                _ => 0..0,
            };
            articles.with_texts(range.clone(), |texts| self.frame(rows, texts, range.start))?
        })
    }

    /// The rows as a frame of numbers only: what a shard's partial study keeps (`shard`).
    pub fn spans_frame(&self) -> Result<DataFrame> {
        let r = &*self.rows.read(0..self.rows.len())?;
        let column = |f: fn(&HitRow) -> u64| r.iter().map(f).collect::<Vec<u64>>();
        FrameBuilder::new("hit_spans")
            .u64(col::ARTICLE, column(|h| h.article.into()))
            .u64(col::LEXICON, column(|h| h.lexicon.into()))
            .u64(col::CATEGORY, column(|h| h.category.into()))
            .u64(col::PATTERN, column(|h| h.pattern.into()))
            .u64(col::START, column(|h| h.start.into()))
            .u64(col::END, column(|h| h.end.into()))
            .u64(col::SENTENCE, column(|h| h.sentence.into()))
            .u64(col::SENTENCE_START, column(|h| h.sentence_start.into()))
            .u64(col::SENTENCE_END, column(|h| h.sentence_end.into()))
            .bool(col::NEGATED, r.iter().map(|h| h.negated).collect())
            .build()
    }

    /// The rows of a frame written by `spans_frame`, checked against `names` and `articles`
    /// (the articles they point into) so that a damaged partial study is refused, not read.
    pub fn from_spans_frame(df: &DataFrame, names: HitNames, articles: &[Article], origin: &Path) -> Result<Hits> {
        let bad = |what: String| Error::Input(format!("{}: {what}", origin.display()));
        let get = |name: &str| super::u64s(df, "hit_spans", name);
        let (article, lexicon, category, pattern) = (get(col::ARTICLE)?, get(col::LEXICON)?, get(col::CATEGORY)?, get(col::PATTERN)?);
        let (start, end, sentence) = (get(col::START)?, get(col::END)?, get(col::SENTENCE)?);
        let (sentence_start, sentence_end) = (get(col::SENTENCE_START)?, get(col::SENTENCE_END)?);
        let negated = super::bools(df, "hit_spans", col::NEGATED)?;
        let mut rows = Vec::with_capacity(df.height());
        for i in 0..df.height() {
            let narrow = |v: u64| u32::try_from(v).map_err(|_| bad(format!("row {}: offset {v} out of range", i + 1)));
            let row = HitRow {
                article: narrow(article[i])?,
                lexicon: u16::try_from(lexicon[i]).map_err(|_| bad(format!("row {}: no lexicon {}", i + 1, lexicon[i])))?,
                category: u16::try_from(category[i]).map_err(|_| bad(format!("row {}: no category {}", i + 1, category[i])))?,
                pattern: narrow(pattern[i])?,
                start: narrow(start[i])?,
                end: narrow(end[i])?,
                sentence: narrow(sentence[i])?,
                sentence_start: narrow(sentence_start[i])?,
                sentence_end: narrow(sentence_end[i])?,
                negated: negated[i],
            };
            let (l, c, p) = (row.lexicon as usize, row.category as usize, row.pattern as usize);
            let named = names.categories.get(l).is_some_and(|cs| c < cs.len()) && names.patterns.get(l).is_some_and(|ps| p < ps.len());
            let fits = articles.get(row.article as usize).is_some_and(|a| {
                let (s, h, e, t) = (row.sentence_start as usize, row.start as usize, row.end as usize, row.sentence_end as usize);
                s <= h && h <= e && e <= t && t <= a.text.len() && [s, h, e, t].iter().all(|&o| a.text.is_char_boundary(o))
            });
            if !named || !fits {
                return Err(bad(format!("row {}: a hit that does not point into the study's lexicons and texts", i + 1)));
            }
            rows.push(row);
        }
        Ok(Hits { rows: Rows::from_vec(rows), names })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, outlet: &str, text: &str) -> Article {
        Article::new(id, outlet, text)
    }

    fn names() -> HitNames {
        HitNames {
            lexicons: vec!["loaded".into(), "actors".into()],
            categories: vec![vec!["violence".into(), "legitimacy".into()], vec!["state".into()]],
            patterns: vec![vec!["assassinat*".into(), "regime".into()], vec!["irgc".into()]],
        }
    }

    #[test]
    fn a_hit_row_slices_its_words_and_sentence_from_the_text() {
        // "Iran said the regime fell." — sentence 0 is bytes 0..26; "regime" is bytes 14..20.
        let text = "Iran said the regime fell. Then quiet.";
        let row = HitRow {
            article: 0,
            lexicon: 0,
            category: 1,
            pattern: 1,
            start: 14,
            end: 20,
            sentence: 0,
            sentence_start: 0,
            sentence_end: 26,
            negated: false,
        };
        assert_eq!((row.pre(text), row.surface(text), row.post(text)), ("Iran said the ", "regime", " fell."));
        let hits = Hits { rows: Rows::from_vec(vec![row]), names: names() };
        // Spilled as 33 bytes, read back the same.
        let mut bytes = Vec::new();
        row.encode(&mut bytes);
        assert_eq!((bytes.len(), HitRow::decode(&bytes)), (HitRow::SIZE, row));
        assert_eq!((hits.lexicon(&row), hits.category(&row), hits.pattern(&row)), ("loaded", "legitimacy", "regime"));
    }

    #[test]
    fn the_hits_table_names_each_hit_and_its_context() {
        let articles = [article("a1", "Press TV", "The IRGC said so."), article("a2", "CNN", "He was assassinated.")];
        let rows = vec![
            HitRow { article: 0, lexicon: 1, category: 0, pattern: 0, start: 4, end: 8, sentence: 0, sentence_start: 0, sentence_end: 17, negated: false },
            HitRow { article: 1, lexicon: 0, category: 0, pattern: 0, start: 7, end: 19, sentence: 0, sentence_start: 0, sentence_end: 20, negated: true },
        ];
        let hits = Hits { rows: Rows::from_vec(rows.clone()), names: names() };
        let df = hits.frame(&rows, &articles, 0).unwrap();
        let s = |c| super::super::strs(&df, "hits", c).unwrap();
        assert_eq!(s(col::ARTICLE_ID), ["a1", "a2"]);
        assert_eq!(s(col::OUTLET), ["Press TV", "CNN"]);
        assert_eq!(s(col::LEXICON), ["actors", "loaded"]);
        assert_eq!(s(col::CATEGORY), ["state", "violence"]);
        assert_eq!(s(col::PATTERN), ["irgc", "assassinat*"]);
        assert_eq!(s(col::SURFACE), ["IRGC", "assassinated"]);
        assert_eq!(s(col::PRE), ["The ", "He was "]);
        assert_eq!(s(col::POST), [" said so.", "."]);
        assert_eq!(super::super::bools(&df, "hits", col::NEGATED).unwrap(), [false, true]);

        // The numeric form a shard keeps reads back to the same rows, and is refused when a row
        // points past its article's text.
        let spans = hits.spans_frame().unwrap();
        let back = Hits::from_spans_frame(&spans, names(), &articles, Path::new("p")).unwrap();
        assert_eq!(back.rows.into_vec().unwrap(), rows);
        let short = [article("a1", "Press TV", "The IRGC"), articles[1].clone()];
        let err = Hits::from_spans_frame(&spans, names(), &short, Path::new("p/hit_spans.parquet")).unwrap_err().to_string();
        assert!(err.contains("p/hit_spans.parquet") && err.contains("row 1"), "{err}");
    }
}
