//! Shards: a study split by outlet across runs and put back together. `--shard i/n` runs ingest
//! on the whole input and then annotates and tabulates only the outlets whose name hashes to
//! shard i, writing a *partial* folder (the study's tables before comparison, the ingest log and
//! the analysed texts); `slant merge` reads the partial folders back into one study, which is then
//! compared and rendered exactly as a single run would be.
//!
//! Splitting by outlet, not by record, keeps everything computed per outlet (page-furniture
//! detection, term counts, evidence sentences) whole inside one shard, so that merging is a
//! concatenation followed by restoring the input order, and the merged report is byte-identical
//! to one run over the same input (tests/shard.rs asserts it).

use crate::clean::Cleaning;
use crate::error::{Error, Result};
use crate::ingest::Ingested;
use crate::model::Article;
use crate::spill::{Analysed, Rows};
use crate::tabulate::{Attributions, CategoryCounts, HitNames, HitRow, Hits, Labels, Mentions, Tables, TermCounts, columns as col, strs, u64s, write_parquet};
use polars::prelude::*;
use serde::{Deserialize, Serialize};
use crate::hash::HashMap;
use std::io::{BufRead, Write};
use std::path::Path;

/// The folder inside a shard's output that holds its partial study.
pub const PARTIAL_DIR: &str = "partial";
const SHARD: &str = "shard.json";
const INGESTED: &str = "ingested.json";
const CLEANING: &str = "cleaning.json";
const TEXTS: &str = "texts.jsonl.zst";
const MENTION_TONE: &str = "mention_tone";
/// The lexicon hits as numbers (`Hits::spans_frame`) and the names their indices stand for.
const HIT_SPANS: &str = "hit_spans";
const HIT_NAMES: &str = "hit_names.json";
/// Tables whose rows belong to one article each, in the order the `Tables` fields are read.
const PER_ARTICLE: [&str; 6] = ["articles", "frames", "mentions", "mention_labels", "attributions", "claim_statements"];

/// One shard of a study: shard `index` (1-based) of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

impl std::str::FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Shard, String> {
        let bad = || format!("{s:?}: give the shard as i/n, e.g. 2/8 for the second of eight (1 ≤ i ≤ n)");
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let (index, count): (usize, usize) = (i.trim().parse().map_err(|_| bad())?, n.trim().parse().map_err(|_| bad())?);
        if index == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl Serialize for Shard {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl Shard {
    /// Whether this shard analyses `outlet`: FNV-1a (64-bit) of the outlet's name, modulo the
    /// number of shards. A fixed hash, not Rust's seeded one, so that every machine agrees.
    pub fn owns(&self, outlet: &str) -> bool {
        let hash = outlet.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3));
        (hash % self.count as u64) as usize == self.index - 1
    }
}

/// Which shard a partial folder holds, and how many articles the study and the shard analyse:
/// what lets a merge refuse a missing or repeated shard.
#[derive(Debug, Serialize, Deserialize)]
struct ShardRecord {
    shard: String,
    index: usize,
    count: usize,
    study_articles: usize,
    shard_articles: usize,
}

/// A study's state between tabulating and comparing: what a shard writes and a merge reads.
pub struct Partial {
    pub ingested: Ingested,
    pub cleaning: Cleaning,
    pub tables: Tables,
    /// The analysed articles (after furniture removal), in input order, their texts spilled for
    /// the evidence passes.
    pub kept: Analysed,
}

/// Writes shard `shard`'s partial study into `dir/partial/`; the whole study analyses
/// `study_articles` articles.
pub fn write_partial(dir: &Path, shard: Shard, study_articles: usize, partial: &mut Partial) -> Result<()> {
    let dir = dir.join(PARTIAL_DIR);
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let record = ShardRecord {
        shard: shard.to_string(),
        index: shard.index,
        count: shard.count,
        study_articles,
        shard_articles: partial.kept.len(),
    };
    write_json(&dir.join(SHARD), &record)?;
    write_json(&dir.join(INGESTED), &partial.ingested)?;
    write_json(&dir.join(CLEANING), &partial.cleaning)?;
    let t = &mut partial.tables;
    let mut mentions = t.mentions.frame(&t.articles, 0..t.mentions.len())?;
    write_parquet(&mut mentions, &dir, "mentions")?;
    let tone: Vec<f64> = t.mentions.rows.read(0..t.mentions.len())?.iter().map(|r| r.tone).collect();
    let mut tone = mentions
        .select([col::ARTICLE_ID])
        .and_then(|mut df| {
            df.with_column(Column::new(col::COMPOUND.into(), tone))?;
            Ok(df)
        })
        .map_err(|e| Error::table(MENTION_TONE, e))?;
    write_parquet(&mut tone, &dir, MENTION_TONE)?;
    write_parquet(&mut t.terms.frame(0..t.terms.rows())?, &dir, "terms")?;
    for (name, df) in per_article_mut(t) {
        write_parquet(df, &dir, name)?;
    }
    write_parquet(&mut t.frames.frame(&t.articles, 0..t.frames.rows())?, &dir, "frames")?;
    write_parquet(&mut t.labels.spans_frame(&t.articles)?, &dir, "mention_labels")?;
    write_parquet(&mut t.attributions.spans_frame(&t.articles)?, &dir, "attributions")?;
    write_parquet(&mut t.hits.spans_frame()?, &dir, HIT_SPANS)?;
    write_json(&dir.join(HIT_NAMES), &t.hits.names)?;
    let path = dir.join(TEXTS);
    let io = |e| Error::io(&path, e);
    let file = std::fs::File::create(&path).map_err(io)?;
    let mut w = zstd::Encoder::new(file, 3).map_err(io)?.auto_finish();
    partial.kept.for_each_batch(|articles| {
        for a in articles {
            serde_json::to_writer(&mut w, a).map_err(|e| Error::Input(format!("{}: {e}", path.display())))?;
            w.write_all(b"\n").map_err(io)?;
        }
        Ok(())
    })?;
    w.flush().map_err(io)
}

/// Reads the partial folders of every shard of a study and joins them into one, in input order,
/// spilling the texts in `spill_dir`. Refuses shards of different inputs, a shard given twice,
/// and an incomplete set of shards.
pub fn read_partials(dirs: &[&Path], spill_dir: &Path) -> Result<Partial> {
    let Some(first) = dirs.first() else {
        return Err(Error::Input("slant merge: give the folders written by slant run --shard".into()));
    };
    let ingested: Ingested = read_json(&first.join(PARTIAL_DIR).join(INGESTED))?;
    let mut cleaning = Cleaning::default();
    let mut terms: Option<DataFrame> = None;
    let mut per_article: Vec<Option<DataFrame>> = vec![None; PER_ARTICLE.len()];
    let mut tone: Option<DataFrame> = None;
    let mut kept: Vec<Article> = Vec::new();
    let mut hits: Option<(HitNames, Vec<HitRow>)> = None;
    let mut seen: Vec<Option<&Path>> = Vec::new();
    let mut study_articles = None;
    for dir in dirs {
        let partial = dir.join(PARTIAL_DIR);
        if !partial.is_dir() {
            return Err(Error::Input(format!("{}: not a shard of a study (no {PARTIAL_DIR}/ folder); write one with slant run --shard i/n", dir.display())));
        }
        if dir != first {
            let other: Ingested = read_json(&partial.join(INGESTED))?;
            if other.files.iter().map(|f| &f.sha256).ne(ingested.files.iter().map(|f| &f.sha256)) || other.log != ingested.log {
                return Err(Error::Input(format!(
                    "{}: this shard read other input than {} (its input files or ingest log differ)",
                    dir.display(),
                    first.display()
                )));
            }
        }
        let record: ShardRecord = read_json(&partial.join(SHARD))?;
        if seen.is_empty() {
            seen = vec![None; record.count];
            study_articles = Some(record.study_articles);
        }
        if record.count != seen.len() || record.index == 0 || record.index > record.count {
            return Err(Error::Input(format!(
                "{}: shard {} of a study split {} ways, but {} is of a study split {} ways",
                dir.display(),
                record.shard,
                record.count,
                first.display(),
                seen.len()
            )));
        }
        if let Some(earlier) = seen[record.index - 1].replace(*dir) {
            return Err(Error::Input(format!("{} and {}: both are shard {}", earlier.display(), dir.display(), record.shard)));
        }
        let c: Cleaning = read_json(&partial.join(CLEANING))?;
        cleaning.outlets.extend(c.outlets);
        cleaning.lines.extend(c.lines);
        stack(&mut terms, read_parquet(&partial, "terms")?)?;
        stack(&mut tone, read_parquet(&partial, MENTION_TONE)?)?;
        for (slot, name) in per_article.iter_mut().zip(PER_ARTICLE) {
            stack(slot, read_parquet(&partial, name)?)?;
        }
        let path = partial.join(TEXTS);
        let io = |e| Error::io(&path, e);
        let reader = std::io::BufReader::new(zstd::Decoder::new(std::fs::File::open(&path).map_err(io)?).map_err(io)?);
        let mut texts: Vec<Article> = Vec::new();
        for (n, line) in reader.lines().enumerate() {
            let line = line.map_err(io)?;
            texts.push(serde_json::from_str(&line).map_err(|e| Error::Input(format!("{}: line {}: {e}", path.display(), n + 1)))?);
        }
        let names: HitNames = read_json(&partial.join(HIT_NAMES))?;
        if hits.as_ref().is_some_and(|(known, _)| *known != names) {
            return Err(Error::Input(format!("{}: this shard used other lexicons than {}", dir.display(), first.display())));
        }
        let spans = partial.join(format!("{HIT_SPANS}.parquet"));
        let shard_hits = Hits::from_spans_frame(&read_parquet(&partial, HIT_SPANS)?, names, &texts, &spans)?;
        // Articles are numbered across the shards in the order they are read.
        let first_article = kept.len() as u32;
        let mut rows = shard_hits.rows.into_vec()?;
        rows.iter_mut().for_each(|h| h.article += first_article);
        match &mut hits {
            None => hits = Some((shard_hits.names, rows)),
            Some((_, all)) => all.append(&mut rows),
        }
        kept.append(&mut texts);
    }

    // Input order: the position of each article's first record in the ingest log, which every
    // shard shares.
    let rank: HashMap<&str, usize> = ingested
        .log
        .iter()
        .enumerate()
        .filter_map(|(i, e)| e.article_id.as_deref().map(|id| (id, i)))
        .rev()
        .collect();
    let missing: Vec<String> = (1..=seen.len()).filter(|i| seen[i - 1].is_none()).map(|i| format!("{i}/{}", seen.len())).collect();
    if !missing.is_empty() {
        return Err(Error::Input(format!("slant merge: shard(s) {} missing: give every shard's folder", missing.join(", "))));
    }
    if Some(kept.len()) != study_articles {
        return Err(Error::Input(format!(
            "slant merge: the shards hold {} articles but the study analyses {}: were the shards run with different options?",
            kept.len(),
            study_articles.unwrap_or(0)
        )));
    }
    let order = |id: &str| rank.get(id).copied().unwrap_or(usize::MAX);
    let mut numbered: Vec<(usize, Article)> = kept.into_iter().enumerate().collect();
    numbered.sort_by_key(|(_, a)| order(&a.id));
    // Each article's position once in input order, for the hits that point to it.
    let mut position = vec![0u32; numbered.len()];
    for (to, (from, _)) in numbered.iter().enumerate() {
        position[*from] = to as u32;
    }
    let kept: Vec<Article> = numbered.into_iter().map(|(_, a)| a).collect();
    let (names, mut rows) = hits.unwrap_or_default();
    rows.iter_mut().for_each(|h| h.article = position[h.article as usize]);
    rows.sort_by_key(|h| h.article); // stable: an article's hits keep their order
    let hits = Hits { rows: Rows::from_vec(rows), names };
    // Per outlet, as `clean::remove_boilerplate` lists them; an outlet's lines keep their order.
    cleaning.outlets.sort_by(|a, b| a.outlet.cmp(&b.outlet));
    cleaning.lines.sort_by(|a, b| a.outlet.cmp(&b.outlet));

    let in_order = |df: Option<DataFrame>, name: &str| -> Result<DataFrame> {
        let df = df.ok_or_else(|| Error::Input(format!("slant merge: no {name} table")))?;
        let ids = df.column(col::ARTICLE_ID).and_then(|c| c.str().cloned()).map_err(|e| Error::table(name, e))?;
        let mut idx: Vec<IdxSize> = (0..df.height() as IdxSize).collect();
        let keys: Vec<usize> = ids.iter().map(|id| order(id.unwrap_or(""))).collect();
        idx.sort_by_key(|&i| keys[i as usize]); // stable: rows of one article keep their order
        let mut out = df.take(&IdxCa::from_vec("row".into(), idx)).map_err(|e| Error::table(name, e))?;
        out.rechunk_mut();
        Ok(out)
    };
    let mut frames = per_article.into_iter().zip(PER_ARTICLE).map(|(df, name)| in_order(df, name));
    let (articles, frames_t, mentions, mention_labels, attributions, claim_statements) = (
        frames.next().expect("6 tables")?,
        frames.next().expect("6 tables")?,
        frames.next().expect("6 tables")?,
        frames.next().expect("6 tables")?,
        frames.next().expect("6 tables")?,
        frames.next().expect("6 tables")?,
    );
    let tone = in_order(tone, MENTION_TONE)?;
    let mention_tone: Vec<f64> = tone
        .column(col::COMPOUND)
        .and_then(|c| c.f64().map(|v| v.into_no_null_iter().collect()))
        .map_err(|e| Error::table(MENTION_TONE, e))?;
    let terms = terms.ok_or_else(|| Error::Input("slant merge: no terms table".into()))?;
    let text = |name| strs(&terms, "terms", name);
    let terms = TermCounts::from_long(&text(col::OUTLET)?, &text(col::GROUP)?, &text(col::TERM)?, &u64s(&terms, "terms", col::COUNT)?, &u64s(&terms, "terms", col::DOC_FREQ)?);
    let frames = CategoryCounts::from_frame(&frames_t, &articles, hits.names.category_keys(), "slant merge: the shards' frames tables")?;
    drop(frames_t);
    let mentions = Mentions::from_frame(&mentions, &mention_tone, &articles, "slant merge: the shards' mentions tables")?;
    let labels = Labels::from_spans_frame(&mention_labels, &articles, "slant merge: the shards' mention_labels tables")?;
    drop(mention_labels);
    let attributions = Attributions::from_spans_frame(&attributions, &articles, "slant merge: the shards' attributions tables")?;
    let tables = Tables {
        articles,
        terms,
        frames,
        hits,
        mentions,
        labels,
        attributions,
        claim_statements,
    };
    Ok(Partial { ingested, cleaning, tables, kept: Analysed::spill(kept, spill_dir)? })
}

/// The per-article tables held as frames: all of `PER_ARTICLE` but `frames`, `mentions`,
/// `mention_labels` and `attributions`, which the tables hold compactly (`CategoryCounts`,
/// `Mentions`, `Labels`, `Attributions`).
fn per_article_mut(t: &mut Tables) -> [(&'static str, &mut DataFrame); 2] {
    [("articles", &mut t.articles), ("claim_statements", &mut t.claim_statements)]
}

fn stack(acc: &mut Option<DataFrame>, df: DataFrame) -> Result<()> {
    match acc {
        None => *acc = Some(df),
        Some(a) => {
            a.vstack_mut_owned(df).map_err(|e| Error::table("merge", e))?;
        }
    }
    Ok(())
}

fn read_parquet(dir: &Path, name: &str) -> Result<DataFrame> {
    let path = dir.join(format!("{name}.parquet"));
    let file = std::fs::File::open(&path).map_err(|e| Error::io(&path, e))?;
    ParquetReader::new(file).finish().map_err(|e| Error::Input(format!("{}: {e}", path.display())))
}

fn write_json(path: &Path, value: &impl Serialize) -> Result<()> {
    let file = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
    serde_json::to_writer(std::io::BufWriter::new(file), value).map_err(|e| Error::Input(format!("{}: {e}", path.display())))
}

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    serde_json::from_str(&text).map_err(|e| Error::Input(format!("{}: not a shard's partial study: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse_as_i_of_n() {
        let cases: [(&str, Option<(usize, usize)>); 7] = [
            ("1/1", Some((1, 1))),
            ("2/8", Some((2, 8))),
            (" 3 / 4 ", Some((3, 4))),
            ("0/4", None),
            ("5/4", None),
            ("2", None),
            ("a/b", None),
        ];
        for (text, want) in cases {
            let got = text.parse::<Shard>().ok().map(|s| (s.index, s.count));
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn every_outlet_has_exactly_one_shard() {
        // FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c (Fowler–Noll–Vo reference test vector), which is
        // even, so with two shards "a" goes to the first.
        let two = |i| Shard { index: i, count: 2 };
        assert!(two(1).owns("a") && !two(2).owns("a"));
        for outlet in ["Press TV", "Iran Press", "CNN", "", "Fox News"] {
            let owners = (1..=5).filter(|&i| Shard { index: i, count: 5 }.owns(outlet)).count();
            assert_eq!(owners, 1, "{outlet}");
        }
    }
}
