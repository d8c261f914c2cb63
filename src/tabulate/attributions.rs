//! Attributions: the tabulator's compact record of each quote or reported statement (its article,
//! its source, the source's name and gazetteer entry, verb, source type and stance as indices into
//! distinct strings, and its quote and sentence as byte spans into the article's text) in; out,
//! for the comparison, each outlet's sources, and the `sources` table written a chunk at a time
//! with its quotes and sentences read back from the spilled texts. An attribution costs 49 bytes
//! until then, and a run keeps them on disk (`spill::Rows`); as a frame row with its quote and
//! sentence as strings it cost about 800, 284 MB of the full ABP run's comparison.

use super::interner::Interner;
use super::{ArticlePositions, FrameBuilder, Strings, bools, cell, columns as col, offset, squashed_span, stored_span, str_column, u64s};
use crate::error::{Error, Result};
use crate::model::Span;
use crate::spill::{Record, Rows, Texts, put_u32s, u32_at};
use polars::prelude::*;
use std::ops::Range;
use std::path::Path;

/// Rows of the `sources` table built at a time (one Parquet row group): about 2,000 news
/// articles' quotes and sentences, 6 MB of strings, their texts read back from the spill.
/// Chunks of 65,536 rows took 90 MB while written, the peak of the full ABP run's table writing.
const SOURCES_CHUNK: usize = 1 << 14;

/// One attribution: which article (its row in the `articles` table); its source as written
/// (whitespace squashed, "" when unattributed), the source's full name and gazetteer entry, its
/// source type, verb (lowercased) and stance, as indices into `Attributions`' distinct strings;
/// whether the content is a direct quote; the byte span of its content; and the index and byte
/// span of its sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttributionRow {
    pub article: u32,
    pub source: u32,
    pub full_name: u32,
    pub gazetteer: u32,
    pub source_type: u32,
    pub verb: u32,
    pub stance: u32,
    pub quoted: bool,
    pub start: u32,
    pub end: u32,
    pub sentence: u32,
    pub sentence_start: u32,
    pub sentence_end: u32,
}

/// What one attribution says, as `Attributions::push` takes it.
#[derive(Debug, Clone, Copy)]
pub struct Attribution<'a> {
    pub source: &'a str,
    pub full_name: &'a str,
    pub gazetteer: &'a str,
    pub source_type: &'a str,
    pub verb: &'a str,
    pub stance: &'a str,
    pub quoted: bool,
    pub content: Span,
    pub sentence: u32,
    pub sentence_span: Span,
}

/// Every attribution of a study, in article order.
#[derive(Debug, Default)]
pub struct Attributions {
    pub rows: Rows<AttributionRow>,
    names: Interner,
}

impl Record for AttributionRow {
    const SIZE: usize = 49;

    fn encode(&self, out: &mut Vec<u8>) {
        let r = self;
        put_u32s(out, &[r.article, r.source, r.full_name, r.gazetteer, r.source_type, r.verb, r.stance, r.start, r.end, r.sentence, r.sentence_start, r.sentence_end]);
        out.push(u8::from(r.quoted));
    }

    fn decode(b: &[u8]) -> Self {
        let at = |i: usize| u32_at(b, 4 * i);
        AttributionRow {
            article: at(0),
            source: at(1),
            full_name: at(2),
            gazetteer: at(3),
            source_type: at(4),
            verb: at(5),
            stance: at(6),
            quoted: b[48] != 0,
            start: at(7),
            end: at(8),
            sentence: at(9),
            sentence_start: at(10),
            sentence_end: at(11),
        }
    }
}

impl Attributions {
    /// Keeps the rows in a temporary file in `dir` from now on (`spill::Rows::spill_in`).
    pub fn spill_in(&mut self, dir: &Path) -> Result<()> {
        self.rows.spill_in(dir)
    }

    /// Records an attribution in the study's `article`-th article. Fails only when spilled rows
    /// cannot be written.
    pub fn push(&mut self, article: usize, a: Attribution) -> Result<()> {
        let n = &mut self.names;
        self.rows.push(AttributionRow {
            article: offset(article),
            source: n.intern(a.source),
            full_name: n.intern(a.full_name),
            gazetteer: n.intern(a.gazetteer),
            source_type: n.intern(a.source_type),
            verb: n.intern(a.verb),
            stance: n.intern(a.stance),
            quoted: a.quoted,
            start: offset(a.content.start),
            end: offset(a.content.end),
            sentence: a.sentence,
            sentence_start: offset(a.sentence_span.start),
            sentence_end: offset(a.sentence_span.end),
        })
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// One of the row's strings (`row.source`, `row.verb` …).
    pub fn name(&self, index: u32) -> &str {
        self.names.get(index)
    }

    /// The quote (`sentence` false) or sentence (true) of `row`, the `i`-th, as the `sources`
    /// table gives it (whitespace squashed), from its article's `text`; an error naming the row,
    /// not a panic, when the span does not fit the text.
    pub fn excerpt(row: &AttributionRow, i: usize, text: &str, sentence: bool) -> Result<String> {
        let (start, end) = if sentence { (row.sentence_start, row.sentence_end) } else { (row.start, row.end) };
        squashed_span(text, start, end, "attributions", i)
    }

    /// One string column of `rows`: the string each row's `field` names.
    fn names_of(&self, rows: &[AttributionRow], field: fn(&AttributionRow) -> u32) -> Strings {
        let mut s = Strings::default();
        rows.iter().for_each(|r| s.push(self.name(field(r))));
        s
    }

    /// Rows `rows` of the `sources` table: each attribution with its article's id and outlet
    /// (from `articles`, the study's `articles` table), the entity its source resolves to
    /// (`entity`, given the row), and its quote and sentence read from `texts`.
    pub fn sources_frame<'e>(
        &self,
        articles: &DataFrame,
        entity: impl Fn(usize) -> &'e str,
        texts: &Texts,
        rows: Range<usize>,
    ) -> Result<DataFrame> {
        let (id, outlet) = (str_column(articles, "articles", col::ARTICLE_ID)?, str_column(articles, "articles", col::OUTLET)?);
        let chunk = self.rows.read(rows.clone())?;
        let mut quote = Strings::default();
        let mut context = Strings::default();
        texts.read_each(chunk.iter().map(|r| r.article as usize), |k, text| {
            quote.push(Self::excerpt(&chunk[k], rows.start + k, text, false)?);
            context.push(Self::excerpt(&chunk[k], rows.start + k, text, true)?);
            Ok(())
        })?;
        let strings = |field| self.names_of(&chunk, field);
        let by_article = |c: &StringChunked| {
            let mut s = Strings::default();
            chunk.iter().for_each(|r| s.push(cell(c, r.article as usize)));
            s
        };
        let mut entities = Strings::default();
        rows.clone().for_each(|i| entities.push(entity(i)));
        FrameBuilder::new("sources")
            .strings(col::ARTICLE_ID, by_article(id))
            .strings(col::OUTLET, by_article(outlet))
            .strings(col::SOURCE, strings(|r| r.source))
            .strings(col::SOURCE_TYPE, strings(|r| r.source_type))
            .strings(col::ENTITY, entities)
            .strings(col::VERB, strings(|r| r.verb))
            .strings(col::STANCE, strings(|r| r.stance))
            .strings(col::QUOTE, quote)
            .bool(col::QUOTED, chunk.iter().map(|r| r.quoted).collect())
            .u64(col::START, chunk.iter().map(|r| u64::from(r.start)).collect())
            .u64(col::END, chunk.iter().map(|r| u64::from(r.end)).collect())
            .u64(col::SENTENCE, chunk.iter().map(|r| u64::from(r.sentence)).collect())
            .strings(col::CONTEXT, context)
            .build()
    }

    /// Writes the `sources` table (`sources_frame`) into `dir` a chunk at a time.
    pub fn write_sources<'e>(&self, articles: &DataFrame, entity: impl Fn(usize) -> &'e str + Sync, texts: &Texts, dir: &super::TableDir) -> Result<()> {
        super::write_in_chunks(dir, "sources", self.len(), SOURCES_CHUNK, |rows| self.sources_frame(articles, &entity, texts, rows))
    }

    /// The attributions as a frame of names and spans: what a shard's partial study keeps
    /// (`shard`), its articles named from `articles`, the study's `articles` table.
    pub fn spans_frame(&self, articles: &DataFrame) -> Result<DataFrame> {
        let id = str_column(articles, "articles", col::ARTICLE_ID)?;
        let rows = self.rows.read(0..self.len())?;
        if let Some(r) = rows.iter().find(|r| r.article as usize >= articles.height()) {
            return Err(Error::Input(format!("attributions: article {} outside a study of {}", r.article, articles.height())));
        }
        let strings = |field| self.names_of(&rows, field);
        let mut article = Strings::default();
        rows.iter().for_each(|r| article.push(cell(id, r.article as usize)));
        let numbers = |field: fn(&AttributionRow) -> u32| rows.iter().map(|r| u64::from(field(r))).collect();
        FrameBuilder::new("attributions")
            .strings(col::ARTICLE_ID, article)
            .strings(col::SOURCE, strings(|r| r.source))
            .strings(col::FULL_NAME, strings(|r| r.full_name))
            .strings(col::GAZETTEER, strings(|r| r.gazetteer))
            .strings(col::SOURCE_TYPE, strings(|r| r.source_type))
            .strings(col::VERB, strings(|r| r.verb))
            .strings(col::STANCE, strings(|r| r.stance))
            .bool(col::QUOTED, rows.iter().map(|r| r.quoted).collect())
            .u64(col::START, numbers(|r| r.start))
            .u64(col::END, numbers(|r| r.end))
            .u64(col::SENTENCE, numbers(|r| r.sentence))
            .u64(col::SENTENCE_START, numbers(|r| r.sentence_start))
            .u64(col::SENTENCE_END, numbers(|r| r.sentence_end))
            .build()
    }

    /// The attributions of a frame written by `spans_frame`, of the study whose `articles` table
    /// is `articles`. A row naming an article the study does not hold, or a span past 32 bits or
    /// ending before it starts, is refused, naming `origin`.
    pub fn from_spans_frame(df: &DataFrame, articles: &DataFrame, origin: &str) -> Result<Attributions> {
        let t = "attributions";
        let bad = |i: usize, what: &str| Error::Input(format!("{origin}: row {}: {what}", i + 1));
        let position = ArticlePositions::new(articles)?;
        let text = |name| str_column(df, t, name);
        let (article, source, full_name, gazetteer, source_type, verb, stance) = (
            text(col::ARTICLE_ID)?,
            text(col::SOURCE)?,
            text(col::FULL_NAME)?,
            text(col::GAZETTEER)?,
            text(col::SOURCE_TYPE)?,
            text(col::VERB)?,
            text(col::STANCE)?,
        );
        let quoted = bools(df, t, col::QUOTED)?;
        let number = |name| u64s(df, t, name);
        let (start, end, sentence, sentence_start, sentence_end) =
            (number(col::START)?, number(col::END)?, number(col::SENTENCE)?, number(col::SENTENCE_START)?, number(col::SENTENCE_END)?);
        let span = |i: usize, s: u64, e: u64| stored_span(s, e).map_err(|why| bad(i, why));
        let mut out = Attributions::default();
        for i in 0..df.height() {
            let a = position.of(cell(article, i), i, origin)?;
            let sentence = u32::try_from(sentence[i]).map_err(|_| bad(i, "a sentence index out of range"))?;
            out.push(
                a,
                Attribution {
                    source: cell(source, i),
                    full_name: cell(full_name, i),
                    gazetteer: cell(gazetteer, i),
                    source_type: cell(source_type, i),
                    verb: cell(verb, i),
                    stance: cell(stance, i),
                    quoted: quoted[i],
                    content: span(i, start[i], end[i])?,
                    sentence,
                    sentence_span: span(i, sentence_start[i], sentence_end[i])?,
                },
            )?;
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Article;
    use crate::spill::Analysed;

    fn articles() -> DataFrame {
        FrameBuilder::new("articles")
            .str(col::ARTICLE_ID, vec!["a1".into(), "a2".into()])
            .str(col::OUTLET, vec!["Wire".into(), "Post".into()])
            .build()
            .unwrap()
    }

    fn said<'a>(source: &'a str, content: Span, sentence: u32, sentence_span: Span) -> Attribution<'a> {
        Attribution {
            source,
            full_name: "Tamir Kazemzadeh",
            gazetteer: "",
            source_type: "named_person",
            verb: "said",
            stance: "neutral",
            quoted: true,
            content,
            sentence,
            sentence_span,
        }
    }

    #[test]
    fn attributions_become_the_sources_table_with_quotes_read_from_the_texts() {
        let texts = ["Intro. \"We  will stay,\" Kazemzadeh said.", "Officials said the talks\nfailed."];
        // a1: sentence 1 is bytes 7..40, its quote bytes 8..21 ("We  will stay"); a2: the whole
        // text is one sentence (bytes 0..32) and the content bytes 15..32 ("the talks\nfailed.").
        let dir = tempfile::tempdir().unwrap();
        let mut attributions = Attributions::default();
        attributions.spill_in(dir.path()).unwrap();
        attributions.push(0, said("Kazemzadeh", Span { start: 8, end: 21 }, 1, Span { start: 7, end: 40 })).unwrap();
        let anonymous = Attribution { source: "Officials", full_name: "", source_type: "anonymous", quoted: false, ..said("", Span { start: 15, end: 32 }, 0, Span { start: 0, end: 32 }) };
        attributions.push(1, anonymous).unwrap();
        assert_eq!(attributions.names.len(), 8, "\"\", the two sources, the name, two types, the verb and the stance");
        // Spilled as twelve little-endian u32s and the quoted flag: names Kazemzadeh 0, Tamir
        // Kazemzadeh 1, "" 2, named_person 3, said 4, neutral 5, Officials 6, anonymous 7.
        let second = attributions.rows.get(1).unwrap();
        let mut bytes = Vec::new();
        second.encode(&mut bytes);
        let words: Vec<u32> = bytes[..48].chunks(4).map(|w| u32::from_le_bytes(w.try_into().unwrap())).collect();
        assert_eq!((words, bytes[48]), (vec![1, 6, 2, 2, 7, 4, 5, 15, 32, 0, 0, 32], 0));
        assert_eq!(AttributionRow::decode(&bytes), second);

        let spilled = Analysed::spill(texts.iter().enumerate().map(|(i, t)| Article::new(&format!("a{i}"), "O", t)).collect::<Vec<_>>(), dir.path()).unwrap();
        let entity = |i: usize| ["Tamir Kazemzadeh", ""][i];
        let df = attributions.sources_frame(&articles(), entity, &spilled.texts, 0..2).unwrap();
        let column = |name| super::super::strs(&df, "sources", name).unwrap().into_iter().map(str::to_string).collect::<Vec<_>>();
        assert_eq!(column(col::ARTICLE_ID), ["a1", "a2"]);
        assert_eq!(column(col::OUTLET), ["Wire", "Post"]);
        assert_eq!(column(col::SOURCE), ["Kazemzadeh", "Officials"]);
        assert_eq!(column(col::ENTITY), ["Tamir Kazemzadeh", ""]);
        assert_eq!(column(col::QUOTE), ["We will stay", "the talks failed."]);
        assert_eq!(column(col::CONTEXT), ["\"We will stay,\" Kazemzadeh said.", "Officials said the talks failed."]);
        assert_eq!(bools(&df, "sources", col::QUOTED).unwrap(), [true, false]);
        assert_eq!(u64s(&df, "sources", col::SENTENCE).unwrap(), [1, 0]);
        let second = attributions.sources_frame(&articles(), entity, &spilled.texts, 1..2).unwrap();
        assert_eq!(super::super::strs(&second, "sources", col::QUOTE).unwrap(), ["the talks failed."]);

        // The partial study's frame reads back to the same attributions; bad rows are refused.
        let partial = attributions.spans_frame(&articles()).unwrap();
        let back = Attributions::from_spans_frame(&partial, &articles(), "p").unwrap();
        assert_eq!(back.name(back.rows.get(1).unwrap().source_type), "anonymous");
        assert_eq!(back.rows.into_vec().unwrap(), attributions.rows.read(0..2).unwrap().to_vec());
        let one = FrameBuilder::new("articles").str(col::ARTICLE_ID, vec!["a1".into()]).build().unwrap();
        let err = Attributions::from_spans_frame(&partial, &one, "p/attributions.parquet").unwrap_err().to_string();
        assert!(err.contains("p/attributions.parquet") && err.contains("row 2"), "{err}");
        let mut reversed = partial.clone();
        reversed.with_column(Column::new(col::START.into(), vec![30u64, 15])).unwrap();
        let err = Attributions::from_spans_frame(&reversed, &articles(), "p").unwrap_err().to_string();
        assert!(err.contains("row 1") && err.contains("before it starts"), "{err}");
        // A span past its article's text is an error naming the row, not a panic.
        let err = Attributions::excerpt(&attributions.rows.get(0).unwrap(), 0, "Intro.", false).unwrap_err().to_string();
        assert!(err.contains("row 1"), "{err}");
    }
}
