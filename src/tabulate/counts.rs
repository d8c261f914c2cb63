//! Category counts: each article's lexicon hits per category, counted by the tabulator, in; the
//! `frames` table out, built a chunk of rows at a time when it is written. Held as numbers (eight
//! bytes a cell), the counts cost a tenth of the table they become: each of its rows repeats the
//! article's id, outlet and group and the category's names, and on the full ABP corpus the frame
//! held whole took about 200 MB through the comparison, which needs the numbers alone.

use super::{CHUNK_ROWS, FrameBuilder, Strings, columns as col, u64s, write_in_chunks};
use crate::error::{Error, Result};
use polars::prelude::*;
use std::ops::Range;

/// Per article (in study order) and lexicon category (in lexicon order), the hits and the
/// negated hits, which a category's rate leaves out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CategoryCounts {
    /// (lexicon, category) names, in lexicon order: the cells of each article's row.
    keys: Vec<(String, String)>,
    /// `cells[article * keys.len() + key]` = (hits, negated hits).
    cells: Vec<(u32, u32)>,
}

impl CategoryCounts {
    /// Counts for the categories `keys`, no article yet.
    pub fn new(keys: Vec<(String, String)>) -> CategoryCounts {
        CategoryCounts { keys, cells: Vec::new() }
    }

    /// The (lexicon, category) names, in lexicon order.
    pub fn keys(&self) -> &[(String, String)] {
        &self.keys
    }

    /// Rows of the `frames` table: one per article and category.
    pub fn rows(&self) -> usize {
        self.cells.len()
    }

    pub fn articles(&self) -> usize {
        self.cells.len().checked_div(self.keys.len()).unwrap_or(0)
    }

    /// Adds the next article's counts, one per key.
    pub fn push(&mut self, counts: &[(u32, u32)]) {
        debug_assert_eq!(counts.len(), self.keys.len());
        self.cells.extend_from_slice(counts);
    }

    /// Article `article`'s (hits, negated hits) of key `key`.
    pub fn get(&self, article: usize, key: usize) -> (u32, u32) {
        self.cells[article * self.keys.len() + key]
    }

    /// The `frames` table's rows `rows` (article-major: row r is article r / keys, key r % keys),
    /// named from `articles`, the study's `articles` table.
    pub fn frame(&self, articles: &DataFrame, rows: Range<usize>) -> Result<DataFrame> {
        let t = "articles";
        let (id, outlet) = (super::str_column(articles, t, col::ARTICLE_ID)?, super::str_column(articles, t, col::OUTLET)?);
        let group = super::str_column(articles, t, col::GROUP)?;
        let tokens = articles.column(col::N_TOKENS).and_then(|c| c.u64()).map_err(|e| Error::table(t, e))?;
        if articles.height() != self.articles() {
            return Err(Error::Input(format!("frames: counts for {} articles, a study of {}", self.articles(), articles.height())));
        }
        let (mut article_col, mut outlet_col, mut lexicon, mut category) =
            (Strings::default(), Strings::default(), Strings::default(), Strings::default());
        let (mut group_col, mut hits, mut negated, mut n_tokens) = (vec![], vec![], vec![], vec![]);
        let n = self.keys.len();
        for r in rows {
            let (a, k) = (r / n, r % n);
            let (lex, cat) = &self.keys[k];
            let (h, neg) = self.cells[r];
            article_col.push(id.get(a).unwrap_or(""));
            outlet_col.push(outlet.get(a).unwrap_or(""));
            group_col.push(group.get(a).map(str::to_string));
            lexicon.push(lex);
            category.push(cat);
            hits.push(u64::from(h));
            negated.push(u64::from(neg));
            n_tokens.push(tokens.get(a).unwrap_or(0));
        }
        FrameBuilder::new("frames")
            .strings(col::ARTICLE_ID, article_col)
            .strings(col::OUTLET, outlet_col)
            .opt_str(col::GROUP, group_col)
            .strings(col::LEXICON, lexicon)
            .strings(col::CATEGORY, category)
            .u64(col::HITS, hits)
            .u64(col::NEGATED, negated)
            .u64(col::N_TOKENS, n_tokens)
            .build()
    }

    /// Writes the `frames` table as `<dir>/frames.parquet` and `.csv`, a chunk of rows at a time.
    pub fn write(&self, articles: &DataFrame, dir: &super::TableDir) -> Result<()> {
        write_in_chunks(dir, "frames", self.rows(), CHUNK_ROWS, |rows| self.frame(articles, rows))
    }

    /// The counts of a `frames` table (as `frame` builds it) of the study whose `articles` table
    /// is `articles`, for the categories `keys`: what a merge reads back from the shards. A
    /// table whose rows are not every article's categories in order is refused, naming `origin`.
    pub fn from_frame(df: &DataFrame, articles: &DataFrame, keys: Vec<(String, String)>, origin: &str) -> Result<CategoryCounts> {
        let t = "frames";
        let bad = |what: String| Error::Input(format!("{origin}: {what}"));
        let n = keys.len();
        if df.height() != articles.height() * n {
            return Err(bad(format!("{} rows, not {} articles × {n} categories", df.height(), articles.height())));
        }
        let ids = super::str_column(articles, "articles", col::ARTICLE_ID)?;
        let (article, lexicon, category) = (super::str_column(df, t, col::ARTICLE_ID)?, super::str_column(df, t, col::LEXICON)?, super::str_column(df, t, col::CATEGORY)?);
        let (hits, negated) = (u64s(df, t, col::HITS)?, u64s(df, t, col::NEGATED)?);
        let narrow = |r: usize, v: u64| u32::try_from(v).map_err(|_| bad(format!("row {}: count {v} out of range", r + 1)));
        let mut cells = Vec::with_capacity(df.height());
        for r in 0..df.height() {
            let (a, k) = (r / n, r % n);
            let key = &keys[k];
            if article.get(r) != ids.get(a) || lexicon.get(r) != Some(key.0.as_str()) || category.get(r) != Some(key.1.as_str()) {
                return Err(bad(format!("row {}: expected article {:?}, {} / {}", r + 1, ids.get(a).unwrap_or(""), key.0, key.1)));
            }
            cells.push((narrow(r, hits[r])?, narrow(r, negated[r])?));
        }
        Ok(CategoryCounts { keys, cells })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> Vec<(String, String)> {
        [("violence", "attack"), ("violence", "neutral"), ("actors", "state")].iter().map(|(l, c)| (l.to_string(), c.to_string())).collect()
    }

    fn articles() -> DataFrame {
        FrameBuilder::new("articles")
            .str(col::ARTICLE_ID, vec!["a1".into(), "a2".into()])
            .str(col::OUTLET, vec!["Press TV".into(), "CNN".into()])
            .opt_str(col::GROUP, vec![Some("state".into()), None])
            .u64(col::N_TOKENS, vec![120, 45])
            .build()
            .unwrap()
    }

    #[test]
    fn the_frames_table_has_a_row_per_article_and_category_whatever_the_rows_asked() {
        let mut counts = CategoryCounts::new(keys());
        counts.push(&[(3, 1), (0, 0), (2, 0)]);
        counts.push(&[(0, 0), (5, 2), (0, 1)]);
        assert_eq!((counts.articles(), counts.get(1, 1), counts.get(0, 2)), (2, (5, 2), (2, 0)));
        let df = counts.frame(&articles(), 0..6).unwrap();
        let s = |c| super::super::strs(&df, "frames", c).unwrap();
        let u = |c| u64s(&df, "frames", c).unwrap();
        assert_eq!(s(col::ARTICLE_ID), ["a1", "a1", "a1", "a2", "a2", "a2"]);
        assert_eq!(s(col::OUTLET), ["Press TV", "Press TV", "Press TV", "CNN", "CNN", "CNN"]);
        assert_eq!(df.column(col::GROUP).unwrap().null_count(), 3, "a2 has no group");
        assert_eq!(s(col::LEXICON), ["violence", "violence", "actors", "violence", "violence", "actors"]);
        assert_eq!(s(col::CATEGORY), ["attack", "neutral", "state", "attack", "neutral", "state"]);
        assert_eq!(u(col::HITS), [3, 0, 2, 0, 5, 0]);
        assert_eq!(u(col::NEGATED), [1, 0, 0, 0, 2, 1]);
        assert_eq!(u(col::N_TOKENS), [120, 120, 120, 45, 45, 45]);

        // Rows 2..5 cut through both articles: the chunk a writer asks for.
        let part = counts.frame(&articles(), 2..5).unwrap();
        assert_eq!(super::super::strs(&part, "frames", col::CATEGORY).unwrap(), ["state", "attack", "neutral"]);
        assert_eq!(u64s(&part, "frames", col::HITS).unwrap(), [2, 0, 5]);

        // The table reads back to the same counts, and a table out of order is refused.
        assert_eq!(CategoryCounts::from_frame(&df, &articles(), keys(), "p").unwrap(), counts);
        let swapped = df.take(&IdxCa::from_vec("row".into(), vec![1, 0, 2, 3, 4, 5])).unwrap();
        let err = CategoryCounts::from_frame(&swapped, &articles(), keys(), "p/frames.parquet").unwrap_err().to_string();
        assert!(err.contains("p/frames.parquet") && err.contains("row 1"), "{err}");
        let short = df.slice(0, 5);
        assert!(CategoryCounts::from_frame(&short, &articles(), keys(), "p").is_err());
    }
}
