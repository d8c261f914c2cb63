//! Labels: the tabulator's compact record of each label attached to a name (its article, its
//! words, kind and name as indices into distinct strings, and its sentence as a byte span) in;
//! for the comparison, each label with its sentence read back from the spilled texts. A label
//! costs 28 bytes until then; as a frame row with its sentence as a string it cost about 350,
//! 200 MB of the full ABP run's comparison for 570,000 labels. A run keeps the rows on disk
//! (`spill::Rows`).

use super::interner::Interner;
use super::{ArticlePositions, FrameBuilder, Strings, cell, columns as col, offset, squashed_span, stored_span, str_column, u64s};
use crate::error::{Error, Result};
use crate::model::Span;
use crate::spill::{Record, Rows, put_u32s, u32_at};
use std::path::Path;
use polars::prelude::*;

/// One label: which article (its row in the `articles` table); the full name and gazetteer entry
/// ("" when none) of the name it labels, the label as counted, and its kind, as indices into
/// `Labels`' distinct strings; and the byte span of the sentence naming it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LabelRow {
    pub article: u32,
    pub full_name: u32,
    pub gazetteer: u32,
    pub label: u32,
    pub kind: u32,
    pub sentence_start: u32,
    pub sentence_end: u32,
}

/// Every label of a study, in article order.
#[derive(Debug, Default)]
pub struct Labels {
    pub rows: Rows<LabelRow>,
    names: Interner,
}

impl Record for LabelRow {
    const SIZE: usize = 28;

    fn encode(&self, out: &mut Vec<u8>) {
        put_u32s(out, &[self.article, self.full_name, self.gazetteer, self.label, self.kind, self.sentence_start, self.sentence_end]);
    }

    fn decode(b: &[u8]) -> Self {
        let at = |i: usize| u32_at(b, 4 * i);
        LabelRow { article: at(0), full_name: at(1), gazetteer: at(2), label: at(3), kind: at(4), sentence_start: at(5), sentence_end: at(6) }
    }
}

impl Labels {
    /// Keeps the rows in a temporary file in `dir` from now on (`spill::Rows::spill_in`).
    pub fn spill_in(&mut self, dir: &Path) -> Result<()> {
        self.rows.spill_in(dir)
    }

    /// Records a label in the study's `article`-th article, whose sentence spans `sentence`.
    /// Fails only when spilled rows cannot be written.
    pub fn push(&mut self, article: usize, full_name: &str, gazetteer: &str, label: &str, kind: &str, sentence: Span) -> Result<()> {
        let n = &mut self.names;
        self.rows.push(LabelRow {
            article: offset(article),
            full_name: n.intern(full_name),
            gazetteer: n.intern(gazetteer),
            label: n.intern(label),
            kind: n.intern(kind),
            sentence_start: offset(sentence.start),
            sentence_end: offset(sentence.end),
        })
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn full_name(&self, row: &LabelRow) -> &str {
        self.names.get(row.full_name)
    }

    pub fn gazetteer(&self, row: &LabelRow) -> &str {
        self.names.get(row.gazetteer)
    }

    pub fn label(&self, row: &LabelRow) -> &str {
        self.names.get(row.label)
    }

    pub fn kind(&self, row: &LabelRow) -> &str {
        self.names.get(row.kind)
    }

    /// The sentence of label `row`, the `i`-th, as the `labels` table quotes it (whitespace
    /// squashed), from its article's `text`; an error naming the row, not a panic, when the span
    /// does not fit the text.
    pub fn context(row: &LabelRow, i: usize, text: &str) -> Result<String> {
        squashed_span(text, row.sentence_start, row.sentence_end, "labels", i)
    }

    /// The labels as a frame of names and spans: what a shard's partial study keeps (`shard`),
    /// its articles named from `articles`, the study's `articles` table.
    pub fn spans_frame(&self, articles: &DataFrame) -> Result<DataFrame> {
        let id = str_column(articles, "articles", col::ARTICLE_ID)?;
        let (mut article, mut full_name, mut gazetteer, mut label, mut kind) =
            (Strings::default(), Strings::default(), Strings::default(), Strings::default(), Strings::default());
        let (mut start, mut end) = (vec![], vec![]);
        let mut rows = self.rows.iter();
        for row in &mut rows {
            let a = row.article as usize;
            if a >= articles.height() {
                return Err(Error::Input(format!("labels: article {a} outside a study of {}", articles.height())));
            }
            article.push(id.get(a).unwrap_or(""));
            full_name.push(self.full_name(&row));
            gazetteer.push(self.gazetteer(&row));
            label.push(self.label(&row));
            kind.push(self.kind(&row));
            start.push(u64::from(row.sentence_start));
            end.push(u64::from(row.sentence_end));
        }
        rows.finish()?;
        FrameBuilder::new("mention_labels")
            .strings(col::ARTICLE_ID, article)
            .strings(col::FULL_NAME, full_name)
            .strings(col::GAZETTEER, gazetteer)
            .strings(col::LABEL, label)
            .strings(col::KIND, kind)
            .u64(col::SENTENCE_START, start)
            .u64(col::SENTENCE_END, end)
            .build()
    }

    /// The labels of a frame written by `spans_frame`, of the study whose `articles` table is
    /// `articles`. A row naming an article the study does not hold, or a span past 32 bits or
    /// ending before it starts, is refused, naming `origin`.
    pub fn from_spans_frame(df: &DataFrame, articles: &DataFrame, origin: &str) -> Result<Labels> {
        let t = "mention_labels";
        let bad = |what: String| Error::Input(format!("{origin}: {what}"));
        let position = ArticlePositions::new(articles)?;
        let text = |name| str_column(df, t, name);
        let (article, full_name, gazetteer, label, kind) =
            (text(col::ARTICLE_ID)?, text(col::FULL_NAME)?, text(col::GAZETTEER)?, text(col::LABEL)?, text(col::KIND)?);
        let (start, end) = (u64s(df, t, col::SENTENCE_START)?, u64s(df, t, col::SENTENCE_END)?);
        let mut labels = Labels::default();
        for i in 0..df.height() {
            let id = article.get(i).unwrap_or("");
            let a = position.of(id, i, origin)?;
            let span = stored_span(start[i], end[i]).map_err(|why| bad(format!("row {}: {why}", i + 1)))?;
            labels.push(a, cell(full_name, i), cell(gazetteer, i), cell(label, i), cell(kind, i), span)?;
        }
        Ok(labels)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn articles() -> DataFrame {
        FrameBuilder::new("articles").str(col::ARTICLE_ID, vec!["a1".into(), "a2".into()]).build().unwrap()
    }

    #[test]
    fn a_label_keeps_its_names_once_and_its_sentence_as_a_span() {
        let text = "Intro.  The   top commander\nQassem Soleimani was killed.";
        // Sentence 1 is bytes 8..56 ("The   top commander\nQassem Soleimani was killed.").
        let dir = tempfile::tempdir().unwrap();
        let mut labels = Labels::default();
        labels.spill_in(dir.path()).unwrap();
        labels.push(0, "Qassem Soleimani", "Qasem Soleimani", "top commander", "premodifier", Span { start: 8, end: 56 }).unwrap();
        labels.push(1, "Qassem Soleimani", "Qasem Soleimani", "general", "title", Span { start: 0, end: 6 }).unwrap();
        assert_eq!(labels.names.len(), 6, "the name and gazetteer entry stored once for two labels");
        let (row, second) = (labels.rows.get(0).unwrap(), labels.rows.get(1).unwrap());
        assert_eq!((labels.full_name(&row), labels.label(&row), labels.kind(&row)), ("Qassem Soleimani", "top commander", "premodifier"));
        // Spilled as seven little-endian u32s.
        let mut bytes = Vec::new();
        second.encode(&mut bytes);
        assert_eq!(bytes, [[1, 0, 0, 0], [0; 4], [1, 0, 0, 0], [4, 0, 0, 0], [5, 0, 0, 0], [0; 4], [6, 0, 0, 0]].concat());
        assert_eq!(LabelRow::decode(&bytes), second);
        assert_eq!(Labels::context(&row, 0, text).unwrap(), "The top commander Qassem Soleimani was killed.");
        // A span past the text, or inside a character, is an error naming the row.
        let err = Labels::context(&row, 0, "Intro.").unwrap_err().to_string();
        assert!(err.contains("row 1"), "{err}");
        assert_eq!(Labels::context(&second, 1, "Intro. Then").unwrap(), "Intro.");
        assert!(Labels::context(&second, 1, "G\u{e9}\u{e9}\u{e9}").is_err(), "byte 6 falls inside the third é (bytes 5..7)");

        // The partial study's frame reads back to the same labels; a bad row is refused.
        let df = labels.spans_frame(&articles()).unwrap();
        assert_eq!(super::super::strs(&df, "l", col::ARTICLE_ID).unwrap(), ["a1", "a2"]);
        let back = Labels::from_spans_frame(&df, &articles(), "p").unwrap();
        assert_eq!(back.rows.into_vec().unwrap(), labels.rows.into_vec().unwrap());
        let one = FrameBuilder::new("articles").str(col::ARTICLE_ID, vec!["a1".into()]).build().unwrap();
        let err = Labels::from_spans_frame(&df, &one, "p/mention_labels.parquet").unwrap_err().to_string();
        assert!(err.contains("p/mention_labels.parquet") && err.contains("row 2"), "{err}");
        let mut reversed = df.clone();
        reversed.with_column(Column::new(col::SENTENCE_START.into(), vec![60u64, 0])).unwrap();
        assert!(Labels::from_spans_frame(&reversed, &articles(), "p").unwrap_err().to_string().contains("row 1"));
    }
}
