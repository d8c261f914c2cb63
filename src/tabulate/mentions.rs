//! Mentions: the tabulator's compact record of every name mentioned (its article, its byte span
//! and sentence, and its names as indices into one list of distinct strings) in; the `mentions`
//! table out, built a chunk of rows at a time when it is written. A mention costs 40 bytes until
//! then, its sentence's tone included. As a frame, each row held its article's id and outlet and four strings, about 150 bytes:
//! on the full ABP corpus (2.8 million mentions) the largest frame the comparison held. A run
//! keeps the rows on disk (`spill::Rows`) and reads them back a chunk at a time.

use super::interner::Interner;
use super::{ArticlePositions, CHUNK_ROWS, FrameBuilder, cell, columns as col, offset, stored_offset, str_column, u64s, write_in_chunks};
use crate::error::{Error, Result};
use crate::spill::{Record, Rows, put_u32s, u32_at};
use polars::prelude::*;
use std::ops::Range;
use std::path::Path;

/// One name mentioned: which article (its row in the `articles` table), the name as written
/// (whitespace squashed), the fullest form of it in the article, its gazetteer entry ("" when
/// none) and its kind, as indices into `Mentions`' distinct strings; where it stands; and the
/// tone of its sentence, for the entities' tone (`compare::entities`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MentionRow {
    pub article: u32,
    pub name: u32,
    pub full_name: u32,
    pub gazetteer: u32,
    pub kind: u32,
    pub start: u32,
    pub end: u32,
    pub sentence: u32,
    /// VADER compound score of the sentence (Hutto & Gilbert 2014).
    pub tone: f64,
}

/// Every name mentioned in a study, in article order and, within an article, as annotation
/// found them.
#[derive(Debug, Default)]
pub struct Mentions {
    pub rows: Rows<MentionRow>,
    names: Interner,
}

impl Record for MentionRow {
    const SIZE: usize = 40;

    fn encode(&self, out: &mut Vec<u8>) {
        put_u32s(out, &[self.article, self.name, self.full_name, self.gazetteer, self.kind, self.start, self.end, self.sentence]);
        out.extend_from_slice(&self.tone.to_le_bytes());
    }

    fn decode(b: &[u8]) -> Self {
        let at = |i: usize| u32_at(b, 4 * i);
        let tone = f64::from_le_bytes(b[32..40].try_into().expect("a row is 40 bytes"));
        MentionRow { article: at(0), name: at(1), full_name: at(2), gazetteer: at(3), kind: at(4), start: at(5), end: at(6), sentence: at(7), tone }
    }
}

/// Where a mention stands in its article (byte span and sentence) and its sentence's tone.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Place {
    pub start: usize,
    pub end: usize,
    pub sentence: u32,
    pub tone: f64,
}

impl Mentions {
    /// Keeps the rows in a temporary file in `dir` from now on (`spill::Rows::spill_in`).
    pub fn spill_in(&mut self, dir: &Path) -> Result<()> {
        self.rows.spill_in(dir)
    }

    /// Records a mention in the study's `article`-th article. Fails only when spilled rows
    /// cannot be written.
    pub fn push(&mut self, article: usize, name: &str, full_name: &str, gazetteer: &str, kind: &str, place: Place) -> Result<()> {
        let n = &mut self.names;
        self.rows.push(MentionRow {
            article: offset(article),
            name: n.intern(name),
            full_name: n.intern(full_name),
            gazetteer: n.intern(gazetteer),
            kind: n.intern(kind),
            start: offset(place.start),
            end: offset(place.end),
            sentence: place.sentence,
            tone: place.tone,
        })
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The distinct strings the rows name by index.
    pub fn strings(&self) -> &Interner {
        &self.names
    }

    pub fn name(&self, row: &MentionRow) -> &str {
        self.names.get(row.name)
    }

    pub fn full_name(&self, row: &MentionRow) -> &str {
        self.names.get(row.full_name)
    }

    pub fn gazetteer(&self, row: &MentionRow) -> &str {
        self.names.get(row.gazetteer)
    }

    pub fn kind(&self, row: &MentionRow) -> &str {
        self.names.get(row.kind)
    }

    /// The `mentions` table's rows `rows`, their articles named from `articles`, the study's
    /// `articles` table.
    pub fn frame(&self, articles: &DataFrame, rows: Range<usize>) -> Result<DataFrame> {
        let t = "articles";
        let (id, outlet) = (str_column(articles, t, col::ARTICLE_ID)?, str_column(articles, t, col::OUTLET)?);
        let rows = self.rows.read(rows)?;
        if let Some(bad) = rows.iter().find(|row| row.article as usize >= articles.height()) {
            return Err(Error::Input(format!("mentions: article {} outside a study of {}", bad.article, articles.height())));
        }
        // Each string column is copied once, straight into the frame (as the `hits` table's).
        let numbers = |f: fn(&MentionRow) -> u32| rows.iter().map(|row| u64::from(f(row))).collect();
        FrameBuilder::new("mentions")
            .str_iter(col::ARTICLE_ID, rows.iter().map(|row| cell(id, row.article as usize)))
            .str_iter(col::OUTLET, rows.iter().map(|row| cell(outlet, row.article as usize)))
            .str_iter(col::NAME, rows.iter().map(|row| self.name(row)))
            .str_iter(col::FULL_NAME, rows.iter().map(|row| self.full_name(row)))
            .str_iter(col::GAZETTEER, rows.iter().map(|row| self.gazetteer(row)))
            .str_iter(col::KIND, rows.iter().map(|row| self.kind(row)))
            .u64(col::START, numbers(|row| row.start))
            .u64(col::END, numbers(|row| row.end))
            .u64(col::SENTENCE, numbers(|row| row.sentence))
            .build()
    }

    /// Writes the `mentions` table as `<dir>/mentions.parquet` and `.csv`, a chunk at a time.
    pub fn write(&self, articles: &DataFrame, dir: &super::TableDir) -> Result<()> {
        write_in_chunks(dir, "mentions", self.len(), CHUNK_ROWS, |rows| self.frame(articles, rows))
    }

    /// The mentions of a `mentions` table (as `frame` builds it) of the study whose `articles`
    /// table is `articles`, with each row's sentence tone (`tone`, row by row): what a merge reads
    /// back from the shards. A row naming an article the study does not hold, or an offset past
    /// 32 bits, is refused, naming `origin`.
    pub fn from_frame(df: &DataFrame, tone: &[f64], articles: &DataFrame, origin: &str) -> Result<Mentions> {
        let t = "mentions";
        let bad = |what: String| Error::Input(format!("{origin}: {what}"));
        if tone.len() != df.height() {
            return Err(bad(format!("{} tones for {} mentions", tone.len(), df.height())));
        }
        let position = ArticlePositions::new(articles)?;
        let text = |name| str_column(df, t, name);
        let (article, name, full_name, gazetteer, kind) =
            (text(col::ARTICLE_ID)?, text(col::NAME)?, text(col::FULL_NAME)?, text(col::GAZETTEER)?, text(col::KIND)?);
        let (start, end, sentence) = (u64s(df, t, col::START)?, u64s(df, t, col::END)?, u64s(df, t, col::SENTENCE)?);
        let mut mentions = Mentions::default();
        for i in 0..df.height() {
            let id = article.get(i).unwrap_or("");
            let a = position.of(id, i, origin)?;
            let offsets = (stored_offset(start[i]), stored_offset(end[i]), u32::try_from(sentence[i]).ok());
            let (Some(start), Some(end), Some(sentence)) = offsets else {
                return Err(bad(format!("row {}: an offset out of range", i + 1)));
            };
            let (name, full_name, gazetteer, kind) = (cell(name, i), cell(full_name, i), cell(gazetteer, i), cell(kind, i));
            mentions.push(a, name, full_name, gazetteer, kind, Place { start, end, sentence, tone: tone[i] })?;
        }
        Ok(mentions)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn articles() -> DataFrame {
        FrameBuilder::new("articles")
            .str(col::ARTICLE_ID, vec!["a1".into(), "a2".into()])
            .str(col::OUTLET, vec!["Press TV".into(), "CNN".into()])
            .build()
            .unwrap()
    }

    #[test]
    fn mentions_keep_each_name_once_and_become_the_mentions_table() {
        let dir = tempfile::tempdir().unwrap();
        let mut m = Mentions::default();
        m.spill_in(dir.path()).unwrap();
        let at = |start, end, sentence, tone| Place { start, end, sentence, tone };
        m.push(0, "Soleimani", "Qassem Soleimani", "Qasem Soleimani", "person", at(30, 39, 2, 0.25)).unwrap();
        m.push(1, "Qassem Soleimani", "Qassem Soleimani", "Qasem Soleimani", "person", at(0, 16, 0, 0.0)).unwrap();
        m.push(1, "IRGC", "IRGC", "", "organisation", at(40, 44, 1, -0.5994)).unwrap();
        // Seven distinct strings for twelve names (Soleimani, Qassem Soleimani, Qasem Soleimani,
        // person, IRGC, "", organisation): each stored once.
        assert_eq!(m.names.len(), 7);
        let (first, last) = (m.rows.get(0).unwrap(), m.rows.get(2).unwrap());
        // Spilled as 40 bytes, read back the same: eight little-endian u32s, then the tone's bits.
        let mut bytes = Vec::new();
        last.encode(&mut bytes);
        assert_eq!((bytes.len(), MentionRow::decode(&bytes)), (MentionRow::SIZE, last));
        assert_eq!(&bytes[..8], [1, 0, 0, 0, 4, 0, 0, 0]);
        assert_eq!(bytes[32..], (-0.5994f64).to_bits().to_le_bytes());
        assert_eq!(last, MentionRow { article: 1, name: 4, full_name: 4, gazetteer: 5, kind: 6, start: 40, end: 44, sentence: 1, tone: -0.5994 });
        assert_eq!((m.name(&first), m.full_name(&first), m.gazetteer(&first), m.kind(&first)), ("Soleimani", "Qassem Soleimani", "Qasem Soleimani", "person"));
        assert_eq!((m.gazetteer(&last), m.kind(&last)), ("", "organisation"));

        let df = m.frame(&articles(), 0..3).unwrap();
        let s = |c| super::super::strs(&df, "mentions", c).unwrap();
        assert_eq!(s(col::ARTICLE_ID), ["a1", "a2", "a2"]);
        assert_eq!(s(col::OUTLET), ["Press TV", "CNN", "CNN"]);
        assert_eq!(s(col::NAME), ["Soleimani", "Qassem Soleimani", "IRGC"]);
        assert_eq!(s(col::GAZETTEER), ["Qasem Soleimani", "Qasem Soleimani", ""]);
        assert_eq!(u64s(&df, "mentions", col::START).unwrap(), [30, 0, 40]);
        assert_eq!(u64s(&df, "mentions", col::SENTENCE).unwrap(), [2, 0, 1]);
        let tail = m.frame(&articles(), 1..3).unwrap();
        assert_eq!(super::super::strs(&tail, "mentions", col::KIND).unwrap(), ["person", "organisation"]);

        // The table reads back to the same mentions; a row of an article the study lacks is refused.
        let tones = [0.25, 0.0, -0.5994];
        let back = Mentions::from_frame(&df, &tones, &articles(), "p").unwrap();
        assert_eq!(back.rows.into_vec().unwrap(), m.rows.read(0..3).unwrap().to_vec());
        let back = Mentions::from_frame(&df, &tones, &articles(), "p").unwrap();
        let err = Mentions::from_frame(&df, &tones[..2], &articles(), "p/mention_tone.parquet").unwrap_err().to_string();
        assert!(err.contains("p/mention_tone.parquet") && err.contains("2 tones for 3 mentions"), "{err}");
        let one = FrameBuilder::new("articles").str(col::ARTICLE_ID, vec!["a1".into()]).str(col::OUTLET, vec!["Press TV".into()]).build().unwrap();
        let err = Mentions::from_frame(&df, &tones, &one, "p/mentions.parquet").unwrap_err().to_string();
        assert!(err.contains("p/mentions.parquet") && err.contains("row 2") && err.contains("a2"), "{err}");
        // A frame naming an article past the study is an error, not a panic.
        assert!(back.frame(&one, 0..3).is_err());
    }
}
