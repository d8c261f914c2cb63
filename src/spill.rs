//! Spill: article texts in, written end to end to an unnamed temporary file while their records
//! stay in memory; out, the texts read back by article, or a batch of articles at a time. A run
//! spills three times: as ingest reads each batch (`ingest::read_spilled`), as furniture removal
//! cleans each outlet, and as annotation finishes with each article, for the passes that need
//! the words after tabulation: the `hits` table, category evidence, the evidence of distinctive
//! terms and the timeline. On the full ABP corpus the texts were 224 MB held through comparison
//! and rendering beside the tables; in the spill they cost 16 bytes an article.
//!
//! Table rows of a fixed size spill the same way (`Rows`): the lexicon hits (33 bytes each on
//! disk, 3.9 million on the full ABP corpus), the mentions (40 bytes, 2.8 million), the
//! attributions (49 bytes, 0.5 million) and the labels (28 bytes, 0.3 million) go to disk a chunk
//! at a time as annotation finds them, and the comparison and the tables read them back in order
//! (or, a few rows here and there, by `Rows::gather`).
//!
//! The file lives beside the report folder, not in the system's temporary folder, which is often
//! memory (tmpfs). It is created unlinked where the system allows (Linux `O_TMPFILE`), so that it
//! is gone when the run ends, however it ends.

use crate::error::{Error, Result};
use crate::model::Article;
use std::borrow::Cow;
use std::fs::File;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Bytes of text gathered before they are written to the file.
const WRITE_BYTES: usize = 8 << 20;
/// Bytes of text a batch holds (at least one article).
const BATCH_BYTES: u64 = 16 << 20;

/// Texts being spilled: `push` takes each text and says where it went (its index, from 0).
pub struct Spill {
    file: File,
    dir: PathBuf,
    /// Where each text lies in the file.
    spans: Vec<Span>,
    pending: Vec<u8>,
    written: u64,
}

/// Where one text lies in the spill file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    start: u64,
    len: u32,
}

impl Span {
    fn end(self) -> u64 {
        self.start + self.len as u64
    }
}

impl Spill {
    /// A new spill in a temporary file in `dir`.
    pub fn new_in(dir: &Path) -> Result<Spill> {
        let file = tempfile::tempfile_in(dir).map_err(|e| Error::io(dir, e))?;
        Ok(Spill { file, dir: dir.to_path_buf(), spans: Vec::new(), pending: Vec::new(), written: 0 })
    }

    /// Moves `article`'s text into the spill, leaving its text empty.
    pub fn push(&mut self, article: &mut Article) -> Result<usize> {
        let text = std::mem::take(&mut article.text);
        self.push_text(&text)
    }

    /// Copies `text` into the spill and returns its index.
    pub fn push_text(&mut self, text: &str) -> Result<usize> {
        // An article's text is bounded by the ingest limits far below 4 GiB; a longer one is an
        // error rather than a silently cut span.
        let len = u32::try_from(text.len())
            .map_err(|_| self.error(std::io::Error::new(std::io::ErrorKind::InvalidInput, "a text of 4 GiB or more")))?;
        self.spans.push(Span { start: self.written + self.pending.len() as u64, len });
        self.pending.extend_from_slice(text.as_bytes());
        if self.pending.len() >= WRITE_BYTES {
            self.write_pending()?;
        }
        Ok(self.spans.len() - 1)
    }

    fn write_pending(&mut self) -> Result<()> {
        write_at(&self.file, &self.pending, self.written).map_err(|e| self.error(e))?;
        self.written += self.pending.len() as u64;
        self.pending.clear();
        Ok(())
    }

    fn error(&self, e: std::io::Error) -> Error {
        spill_error(&self.dir, e)
    }

    /// Writes what is left and hands the texts over for reading, in the order they were pushed.
    pub fn finish(mut self) -> Result<Texts> {
        self.write_pending()?;
        Ok(Texts { file: self.file, dir: self.dir, spans: self.spans })
    }

    /// Writes what is left and hands the texts over for reading in the order `order` gives: the
    /// `i`-th text read back is the one `push` numbered `order[i]`.
    pub fn finish_in(self, order: &[usize]) -> Result<Texts> {
        let mut texts = self.finish()?;
        let spans = order
            .iter()
            .map(|&k| texts.spans.get(k).copied().ok_or_else(|| Error::Input(format!("spill: text {k} asked for, of {}", texts.len()))))
            .collect::<Result<Vec<_>>>()?;
        texts.spans = spans;
        Ok(texts)
    }
}

/// Spilled texts, read back by article index.
pub struct Texts {
    file: File,
    dir: PathBuf,
    spans: Vec<Span>,
}

impl Texts {
    /// The number of texts.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The texts of the articles in `articles`: one read for each run of them that lies end to
    /// end in the file (all of them, for texts spilled in article order).
    pub fn read(&self, articles: Range<usize>) -> Result<Batch> {
        if articles.start > articles.end || articles.end > self.len() {
            return Err(Error::Input(format!("texts {}..{} of {}", articles.start, articles.end, self.len())));
        }
        let spans = &self.spans[articles.clone()];
        // Each run is read straight into the batch's one buffer, checked as UTF-8 once at the
        // end: a buffer per run, copied over, had put a second 16 MB of fresh pages (page faults)
        // and a second copy into every batch.
        let mut bytes = Vec::with_capacity(spans.iter().map(|s| s.len as usize).sum());
        let mut ends = Vec::with_capacity(spans.len());
        let mut run = 0;
        for i in 0..spans.len() {
            let end = bytes.len() + (spans[i].end() - spans[run].start) as usize;
            ends.push(end);
            if spans.get(i + 1).is_none_or(|next| next.start != spans[i].end()) {
                let at = bytes.len();
                bytes.resize(end, 0);
                read_at(&self.file, &mut bytes[at..], spans[run].start).map_err(|e| self.error(e))?;
                run = i + 1;
            }
        }
        let text = self.text_of(bytes)?;
        Ok(Batch { first: articles.start, text, ends })
    }

    /// The text of article `i`.
    pub fn get(&self, i: usize) -> Result<String> {
        let span = *self.spans.get(i).ok_or_else(|| Error::Input(format!("spill: text {i} asked for, of {}", self.len())))?;
        self.read_string(span.start..span.end())
    }

    /// Keeps the texts of the articles for which `keep` (given each article's index) is true, as
    /// `Vec::retain` keeps records, so that the texts stay in step with them.
    pub fn retain(&mut self, mut keep: impl FnMut(usize) -> bool) {
        let mut i = 0;
        self.spans.retain(|_| {
            i += 1;
            keep(i - 1)
        });
    }

    /// The bytes of all the texts.
    pub fn bytes(&self) -> u64 {
        self.spans.iter().map(|s| s.len as u64).sum()
    }

    fn read_string(&self, range: Range<u64>) -> Result<String> {
        let mut buf = vec![0u8; (range.end - range.start) as usize];
        read_at(&self.file, &mut buf, range.start).map_err(|e| self.error(e))?;
        self.text_of(buf)
    }

    /// Bytes read back as text; bytes that are not UTF-8 mean the spill was damaged.
    fn text_of(&self, bytes: Vec<u8>) -> Result<String> {
        crate::text::string_from_utf8(bytes).map_err(|e| self.error(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))
    }

    fn error(&self, e: std::io::Error) -> Error {
        spill_error(&self.dir, e)
    }

    /// Calls `f(k, text)` for the `k`-th article of `articles` with its text. Only the texts
    /// asked for are read, each once however often it is asked for, in one read per run of
    /// consecutive articles (`runs`: a run ends once it holds `BATCH_BYTES`). A pass over
    /// scattered articles reads those texts and not every batch that holds one of them: the
    /// `labels` table, whose 18 chunks each asked for articles from across the corpus, took 11.7 s
    /// of a full ABP run reading whole batches and 3.4 s reading only these texts. `articles`
    /// must not descend (an article may repeat); one out of order or past the last text is an
    /// error, not a panic.
    pub fn read_each(&self, articles: impl IntoIterator<Item = usize>, mut f: impl FnMut(usize, &str) -> Result<()>) -> Result<()> {
        let articles: Vec<usize> = articles.into_iter().collect();
        if let Some(w) = articles.windows(2).find(|w| w[1] < w[0]) {
            return Err(Error::Input(format!("spill: article {} asked for after article {}", w[1], w[0])));
        }
        if let Some(&past) = articles.last().filter(|&&a| a >= self.len()) {
            return Err(Error::Input(format!("spill: article {past} asked for, of {} texts", self.len())));
        }
        for (texts, asked) in runs(&articles, |a| u64::from(self.spans[a].len), BATCH_BYTES) {
            let run = self.read(texts)?;
            for k in asked {
                f(k, run.get(articles[k]))?;
            }
        }
        Ok(())
    }

    /// A reader of the texts of articles asked for in non-descending order, a batch at a time.
    pub fn cursor(&self) -> Cursor<'_> {
        Cursor { texts: self, batches: self.batches(), next: 0, batch: None }
    }

    /// Consecutive ranges of articles covering them all, each of about `BATCH_BYTES` of text
    /// (and at least one article).
    pub fn batches(&self) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let (mut first, mut bytes) = (0, 0);
        for (i, span) in self.spans.iter().enumerate() {
            bytes += span.len as u64;
            if bytes >= BATCH_BYTES {
                out.push(first..i + 1);
                (first, bytes) = (i + 1, 0);
            }
        }
        if first < self.len() {
            out.push(first..self.len());
        }
        out
    }
}

/// An error of the spill file, named by its folder (the file itself has no name).
fn spill_error(dir: &Path, e: std::io::Error) -> Error {
    Error::io(dir.join("(slant's temporary text file)"), e)
}

/// Reads texts for a pass over rows in article order (`Texts::cursor`): each batch that holds an
/// article asked for is read once, the others not at all. For a pass over most of the articles
/// (every lexicon hit); `Texts::read_each` reads scattered ones.
pub struct Cursor<'t> {
    texts: &'t Texts,
    batches: Vec<Range<usize>>,
    /// The first batch not yet passed.
    next: usize,
    batch: Option<Batch>,
}

impl Cursor<'_> {
    /// The text of `article`. Articles are asked for in non-descending order: one in a batch
    /// already passed, or past the last text, is an error, not a panic.
    pub fn text(&mut self, article: usize) -> Result<&str> {
        if self.batch.as_ref().is_none_or(|b| !b.range().contains(&article)) {
            if self.batch.as_ref().is_some_and(|b| article < b.range().start) {
                return Err(Error::Input(format!("spill: article {article} asked for after article {}", self.batch.as_ref().map_or(0, |b| b.first))));
            }
            while self.batches.get(self.next).is_some_and(|r| r.end <= article) {
                self.next += 1;
            }
            let range = self.batches.get(self.next).cloned().ok_or_else(|| Error::Input(format!("spill: article {article} asked for, of {} texts", self.texts.len())))?;
            self.next += 1;
            self.batch = Some(self.texts.read(range)?);
        }
        Ok(self.batch.as_ref().map_or("", |b| b.get(article)))
    }
}

/// How `Texts::read_each` reads `articles` (non-descending, possibly repeated): runs of
/// consecutive articles each asked for, a run ending where the next article is not asked for or
/// once it holds `cap` bytes (`len` gives each article's), each run with the positions in
/// `articles` it serves.
fn runs(articles: &[usize], len: impl Fn(usize) -> u64, cap: u64) -> Vec<(Range<usize>, Range<usize>)> {
    let mut out = Vec::new();
    let mut k = 0;
    while let Some(&first) = articles.get(k) {
        let (mut end, mut bytes, mut next) = (first + 1, len(first), k + 1);
        loop {
            while articles.get(next).is_some_and(|&a| a < end) {
                next += 1;
            }
            if articles.get(next) != Some(&end) || bytes >= cap {
                break;
            }
            bytes += len(end);
            end += 1;
        }
        out.push((first..end, k..next));
        k = next;
    }
    out
}

/// The texts of a run of consecutive articles.
pub struct Batch {
    first: usize,
    text: String,
    ends: Vec<usize>,
}

impl Batch {
    /// The articles the batch holds.
    pub fn range(&self) -> Range<usize> {
        self.first..self.first + self.ends.len()
    }

    /// The text of article `article` (an index of the whole study, within `range`).
    pub fn get(&self, article: usize) -> &str {
        let i = article - self.first;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }
}

/// Where the texts of a list of articles are: in the records themselves, or spilled in the
/// records' order. The stages before annotation (ingest's duplicate and date checks, furniture
/// removal) read them through this, so that the same code serves a library caller's articles
/// in memory and a run's texts on disk.
pub enum TextStore {
    Records,
    Spilled(Texts),
}

impl TextStore {
    /// The text of `articles[i]`.
    pub fn text<'a>(&self, articles: &'a [Article], i: usize) -> Result<Cow<'a, str>> {
        match self {
            TextStore::Records => match articles.get(i) {
                Some(a) => Ok(Cow::Borrowed(&a.text)),
                None => Err(Error::Input(format!("text {i} asked for, of {} articles", articles.len()))),
            },
            TextStore::Spilled(texts) => texts.get(i).map(Cow::Owned),
        }
    }

    /// Keeps, with the records that `Vec::retain` keeps, their texts.
    pub fn retain(&mut self, keep: impl FnMut(usize) -> bool) {
        if let TextStore::Spilled(texts) = self {
            texts.retain(keep);
        }
    }
}

/// A table row of a fixed size in bytes, as `Rows` spills it.
pub trait Record: Copy {
    const SIZE: usize;
    /// Appends the row's `SIZE` bytes.
    fn encode(&self, out: &mut Vec<u8>);
    /// The row from `SIZE` bytes that `encode` wrote.
    fn decode(bytes: &[u8]) -> Self;
}

/// The little-endian `u32` at byte `at` of a row's bytes (`Record::decode`).
pub fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

/// Appends `numbers` as little-endian bytes (`Record::encode`).
pub fn put_u32s(out: &mut Vec<u8>, numbers: &[u32]) {
    numbers.iter().for_each(|n| out.extend_from_slice(&n.to_le_bytes()));
}

/// Rows kept in memory before a spilled `Rows` writes them to its file.
pub const ROW_CHUNK: usize = 1 << 16;

/// The rows of one table in the order pushed: all in memory, or, once `spill_in` is called,
/// written to a temporary file a chunk of `ROW_CHUNK` rows at a time, so that only the last
/// chunk is held. Read back by index, by range, or a chunk at a time in order.
#[derive(Debug)]
pub struct Rows<T> {
    disk: Option<RowFile>,
    /// The rows after those on disk.
    tail: Vec<T>,
}

#[derive(Debug)]
struct RowFile {
    file: File,
    dir: PathBuf,
    /// Rows written to the file.
    rows: usize,
}

/// Where rows asked for are (`Rows::locate`).
enum Place<'r, T> {
    Memory(&'r [T]),
    Disk(&'r RowFile),
}

/// The buffers of one chunk of rows read from disk, kept from chunk to chunk (`Rows::read_with`).
struct Scratch<T> {
    bytes: Vec<u8>,
    rows: Vec<T>,
}

impl<T> Default for Scratch<T> {
    fn default() -> Self {
        Scratch { bytes: Vec::new(), rows: Vec::new() }
    }
}

impl<T> Default for Rows<T> {
    fn default() -> Self {
        Rows { disk: None, tail: Vec::new() }
    }
}

impl<T: Record> Rows<T> {
    /// Rows held in memory.
    pub fn from_vec(rows: Vec<T>) -> Rows<T> {
        Rows { disk: None, tail: rows }
    }

    /// From now on keeps the rows in a temporary file in `dir`, the last chunk in memory (those
    /// already pushed go with the next chunk). Rows already spilled stay where they are.
    pub fn spill_in(&mut self, dir: &Path) -> Result<()> {
        if self.disk.is_none() {
            let file = tempfile::tempfile_in(dir).map_err(|e| Error::io(dir, e))?;
            self.disk = Some(RowFile { file, dir: dir.to_path_buf(), rows: 0 });
        }
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.disk.as_ref().map_or(0, |d| d.rows) + self.tail.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn push(&mut self, row: T) -> Result<()> {
        self.tail.push(row);
        match &mut self.disk {
            Some(disk) if self.tail.len() >= ROW_CHUNK => {
                let mut bytes = Vec::with_capacity(self.tail.len() * T::SIZE);
                self.tail.iter().for_each(|r| r.encode(&mut bytes));
                write_at(&disk.file, &bytes, (disk.rows * T::SIZE) as u64).map_err(|e| row_error(&disk.dir, e))?;
                disk.rows += self.tail.len();
                self.tail.clear();
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Rows `range`: borrowed when they are all in memory.
    pub fn read(&self, range: Range<usize>) -> Result<Cow<'_, [T]>> {
        Ok(match self.locate(&range)? {
            Place::Memory(rows) => Cow::Borrowed(rows),
            Place::Disk(disk) => {
                let mut rows = Vec::new();
                self.read_from_disk(disk, range, &mut Vec::new(), &mut rows)?;
                Cow::Owned(rows)
            }
        })
    }

    /// Rows `range`, as `read`, with `scratch` as the buffers for those on disk. A caller reading
    /// chunk after chunk keeps one `Scratch`, so that each chunk reuses the memory of the last
    /// instead of mapping (and page-faulting) a fresh megabyte or two.
    fn read_with<'s>(&'s self, range: Range<usize>, scratch: &'s mut Scratch<T>) -> Result<&'s [T]> {
        match self.locate(&range)? {
            Place::Memory(rows) => Ok(rows),
            Place::Disk(disk) => {
                self.read_from_disk(disk, range, &mut scratch.bytes, &mut scratch.rows)?;
                Ok(&scratch.rows)
            }
        }
    }

    /// Where rows `range` are: all in memory, or starting in `disk`. A range past the rows is an
    /// error.
    fn locate(&self, range: &Range<usize>) -> Result<Place<'_, T>> {
        if range.start > range.end || range.end > self.len() {
            return Err(Error::Input(format!("rows {}..{} of {}", range.start, range.end, self.len())));
        }
        let on_disk = self.disk.as_ref().map_or(0, |d| d.rows);
        Ok(match self.disk.as_ref().filter(|_| range.start < on_disk) {
            Some(disk) => Place::Disk(disk),
            None => Place::Memory(&self.tail[range.start - on_disk..range.end - on_disk]),
        })
    }

    /// Rows `range` (starting among `disk`'s) into `rows`, read through `bytes`; both are
    /// cleared first.
    fn read_from_disk(&self, disk: &RowFile, range: Range<usize>, bytes: &mut Vec<u8>, rows: &mut Vec<T>) -> Result<()> {
        let from_disk = range.start..range.end.min(disk.rows);
        bytes.clear();
        bytes.resize(from_disk.len() * T::SIZE, 0);
        read_at(&disk.file, bytes, (from_disk.start * T::SIZE) as u64).map_err(|e| row_error(&disk.dir, e))?;
        rows.clear();
        rows.extend(bytes.chunks_exact(T::SIZE).map(T::decode));
        rows.extend_from_slice(&self.tail[..range.end.saturating_sub(disk.rows)]);
        Ok(())
    }

    /// Row `i`.
    pub fn get(&self, i: usize) -> Result<T> {
        Ok(self.read(i..i + 1)?[0])
    }

    /// Rows `indices` (in any order, repeats allowed), in that order: those on disk read a chunk
    /// at a time in file order, not one read each.
    pub fn gather(&self, indices: &[usize]) -> Result<Vec<T>> {
        if let Some(&bad) = indices.iter().find(|&&i| i >= self.len()) {
            return Err(Error::Input(format!("row {bad} of {}", self.len())));
        }
        let mut order: Vec<usize> = (0..indices.len()).collect();
        order.sort_unstable_by_key(|&k| indices[k]);
        let mut out = vec![None; indices.len()];
        let mut scratch = Scratch::default();
        let mut chunk: (Range<usize>, &[T]) = (0..0, &[]);
        for k in order {
            let i = indices[k];
            if !chunk.0.contains(&i) {
                let first = i - i % ROW_CHUNK;
                let range = first..(first + ROW_CHUNK).min(self.len());
                chunk = (range.clone(), self.read_with(range, &mut scratch)?);
            }
            out[k] = Some(chunk.1[i - chunk.0.start]);
        }
        Ok(out.into_iter().map(|r| r.expect("every index was read")).collect())
    }

    /// Calls `f(first, rows)` for each chunk of up to `ROW_CHUNK` rows in order, `first` being
    /// the index of its first row.
    pub fn for_each_chunk(&self, mut f: impl FnMut(usize, &[T]) -> Result<()>) -> Result<()> {
        let mut scratch = Scratch::default();
        for first in (0..self.len()).step_by(ROW_CHUNK) {
            f(first, self.read_with(first..(first + ROW_CHUNK).min(self.len()), &mut scratch)?)?;
        }
        Ok(())
    }

    /// The rows in order, read a chunk at a time. A read that fails ends the iteration; `finish`
    /// then returns its error.
    pub fn iter(&self) -> RowIter<'_, T> {
        RowIter { rows: self, next: 0, chunk: Scratch::default(), at: 0, error: None }
    }

    /// Every row, in memory.
    pub fn into_vec(self) -> Result<Vec<T>> {
        if self.disk.is_none() {
            return Ok(self.tail);
        }
        Ok(self.read(0..self.len())?.into_owned())
    }
}

/// The rows of a `Rows` in order (`Rows::iter`).
pub struct RowIter<'r, T> {
    rows: &'r Rows<T>,
    /// The first row not yet read.
    next: usize,
    /// The chunk being passed (`chunk.rows`), its buffers reused for the next.
    chunk: Scratch<T>,
    at: usize,
    error: Option<Error>,
}

impl<T: Record> Iterator for RowIter<'_, T> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        if self.at == self.chunk.rows.len() {
            if self.error.is_some() || self.next >= self.rows.len() {
                return None;
            }
            let range = self.next..(self.next + ROW_CHUNK).min(self.rows.len());
            let read = match self.rows.locate(&range) {
                Ok(Place::Memory(rows)) => {
                    self.chunk.rows.clear();
                    self.chunk.rows.extend_from_slice(rows);
                    Ok(())
                }
                Ok(Place::Disk(disk)) => self.rows.read_from_disk(disk, range, &mut self.chunk.bytes, &mut self.chunk.rows),
                Err(e) => Err(e),
            };
            if let Err(e) = read {
                self.error = Some(e);
                return None;
            }
            self.next += self.chunk.rows.len();
            self.at = 0;
        }
        self.at += 1;
        Some(self.chunk.rows[self.at - 1])
    }
}

impl<T> RowIter<'_, T> {
    /// The error that ended the iteration, if one did.
    pub fn finish(self) -> Result<()> {
        self.error.map_or(Ok(()), Err)
    }
}

/// An error of a row spill file, named by its folder.
fn row_error(dir: &Path, e: std::io::Error) -> Error {
    Error::io(dir.join("(slant's temporary table file)"), e)
}

/// The study's analysed articles in input order: their records in memory, with empty texts, and
/// their texts in the spill.
pub struct Analysed {
    pub articles: Vec<Article>,
    pub texts: Texts,
}

impl Analysed {
    /// Spills the texts of `articles` in `dir`.
    pub fn spill(articles: Vec<Article>, dir: &Path) -> Result<Analysed> {
        let mut spill = Spill::new_in(dir)?;
        let mut kept = Vec::with_capacity(articles.len());
        for mut a in articles {
            spill.push(&mut a)?;
            kept.push(a);
        }
        Ok(Analysed { articles: kept, texts: spill.finish()? })
    }

    pub fn len(&self) -> usize {
        self.articles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.articles.is_empty()
    }

    /// Runs `f` on each batch of articles in input order, with their texts in place; the texts
    /// are emptied again after each.
    pub fn for_each_batch(&mut self, mut f: impl FnMut(&[Article]) -> Result<()>) -> Result<()> {
        for range in self.texts.batches() {
            self.with_texts(range, &mut f)??;
        }
        Ok(())
    }

    /// Runs `f` on the articles `range` with their texts in place, and empties them again.
    pub fn with_texts<R>(&mut self, range: Range<usize>, f: impl FnOnce(&[Article]) -> R) -> Result<R> {
        // `read` refuses a range past the texts, and there are as many texts as articles.
        let batch = self.texts.read(range.clone())?;
        let articles = &mut self.articles[range.clone()];
        for (i, a) in range.clone().zip(articles.iter_mut()) {
            a.text = batch.get(i).to_string();
        }
        drop(batch);
        let out = f(articles);
        for a in articles.iter_mut() {
            a.text = String::new();
        }
        Ok(out)
    }
}

#[cfg(unix)]
fn write_at(file: &File, buf: &[u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, buf, offset)
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(windows)]
fn write_at(file: &File, mut buf: &[u8], mut offset: u64) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        let n = file.seek_write(buf, offset)?;
        if n == 0 {
            return Err(std::io::ErrorKind::WriteZero.into());
        }
        buf = &buf[n..];
        offset += n as u64;
    }
    Ok(())
}

#[cfg(windows)]
fn read_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        let n = file.seek_read(buf, offset)?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf = &mut buf[n..];
        offset += n as u64;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row of two numbers, 12 bytes.
    #[derive(Debug, Clone, Copy, PartialEq)]
    struct Pair(u32, u64);

    impl Record for Pair {
        const SIZE: usize = 12;
        fn encode(&self, out: &mut Vec<u8>) {
            out.extend_from_slice(&self.0.to_le_bytes());
            out.extend_from_slice(&self.1.to_le_bytes());
        }
        fn decode(b: &[u8]) -> Self {
            Pair(u32::from_le_bytes(b[..4].try_into().unwrap()), u64::from_le_bytes(b[4..12].try_into().unwrap()))
        }
    }

    #[test]
    fn spilled_rows_read_back_as_rows_in_memory() {
        // Two chunks and a half: rows 0..ROW_CHUNK*2 go to the file, the rest stay in memory.
        let n = ROW_CHUNK * 2 + ROW_CHUNK / 2;
        let want: Vec<Pair> = (0..n).map(|i| Pair(i as u32, (i as u64) << 33)).collect();
        let dir = tempfile::tempdir().unwrap();
        // Ten rows pushed before spilling begins go to the file with the first chunk.
        let mut spilled = Rows::default();
        for &row in &want[..10] {
            spilled.push(row).unwrap();
        }
        spilled.spill_in(dir.path()).unwrap();
        for &row in &want[10..] {
            spilled.push(row).unwrap();
        }
        assert_eq!(spilled.disk.as_ref().map(|d| d.rows), Some(ROW_CHUNK * 2), "two chunks on disk");
        let memory = Rows::from_vec(want.clone());
        for rows in [&spilled, &memory] {
            assert_eq!(rows.len(), n);
            // A range across the file and the rows in memory, one inside the file, one after it.
            for range in [ROW_CHUNK - 3..ROW_CHUNK * 2 + 5, 7..9, n - 2..n, 0..0] {
                assert_eq!(&*rows.read(range.clone()).unwrap(), &want[range]);
            }
            assert_eq!(rows.get(ROW_CHUNK + 1).unwrap(), Pair(ROW_CHUNK as u32 + 1, (ROW_CHUNK as u64 + 1) << 33));
            assert!(rows.read(n - 1..n + 1).is_err(), "past the last row is an error");
            // Out of order, repeated, across chunks and into the rows in memory.
            let picks = [n - 1, 3, ROW_CHUNK * 2 + 1, ROW_CHUNK - 1, 3, ROW_CHUNK];
            assert_eq!(rows.gather(&picks).unwrap(), picks.map(|i| want[i]).to_vec());
            assert!(rows.gather(&[0, n]).is_err(), "an index past the last row is an error");
            let mut seen = Vec::new();
            rows.for_each_chunk(|first, chunk| {
                assert_eq!(first, seen.len());
                assert!(chunk.len() <= ROW_CHUNK);
                seen.extend_from_slice(chunk);
                Ok(())
            })
            .unwrap();
            assert_eq!(seen, want);
        }
        assert!(matches!(memory.read(1..3).unwrap(), Cow::Borrowed(_)), "rows in memory are not copied");
        let mut iter = spilled.iter();
        assert!((&mut iter).eq(want.iter().copied()));
        assert!(iter.finish().is_ok());
        assert_eq!(spilled.into_vec().unwrap(), want);
    }

    #[test]
    fn a_cursor_reads_each_batch_once_for_articles_in_order() {
        let (_dir, a) = analysed(&["one", "two", "three"]);
        let mut cursor = a.texts.cursor();
        assert_eq!(cursor.text(0).unwrap(), "one");
        assert_eq!(cursor.text(0).unwrap(), "one", "an article may repeat");
        assert_eq!(cursor.text(2).unwrap(), "three");
        assert!(cursor.text(3).is_err(), "past the last text");
        let mut cursor = a.texts.cursor();
        assert_eq!(cursor.text(1).unwrap(), "two");
    }

    fn analysed(texts: &[&str]) -> (tempfile::TempDir, Analysed) {
        let dir = tempfile::tempdir().unwrap();
        let articles = texts.iter().enumerate().map(|(i, t)| Article::new(&format!("a{i}"), "O", t)).collect();
        let analysed = Analysed::spill(articles, dir.path()).unwrap();
        (dir, analysed)
    }

    #[test]
    fn texts_come_back_as_they_went_in() {
        // Empty texts, multi-byte characters, and a text spanning several write buffers.
        let long = "ß€𝄞 word ".repeat(2_000_000);
        let texts = ["first", "", "Ḥaydar al-ʿAbbādī said", long.as_str(), "last"];
        let (_dir, mut a) = analysed(&texts);
        assert!(a.articles.iter().all(|a| a.text.is_empty()), "the records keep no text");
        assert_eq!(a.texts.len(), 5);
        let batch = a.texts.read(0..5).unwrap();
        assert_eq!(batch.range(), 0..5);
        for (i, t) in texts.iter().enumerate() {
            assert_eq!(batch.get(i), *t);
        }
        let middle = a.texts.read(2..4).unwrap();
        assert_eq!((middle.get(2), middle.get(3).len()), (texts[2], long.len()));
        assert!(a.texts.read(4..6).is_err(), "past the last text");
        let mut seen = Vec::new();
        a.for_each_batch(|batch| {
            seen.extend(batch.iter().map(|x| (x.id.clone(), x.text.len())));
            Ok(())
        })
        .unwrap();
        assert_eq!(seen, texts.iter().enumerate().map(|(i, t)| (format!("a{i}"), t.len())).collect::<Vec<_>>());
        assert!(a.articles.iter().all(|a| a.text.is_empty()), "texts are emptied after each batch");
    }

    #[test]
    fn runs_read_only_the_articles_asked_for_each_once() {
        // (articles asked for, each article's bytes, cap) → (texts read, positions served).
        type Case<'a> = (&'a [usize], &'a [u64], u64, &'a [(Range<usize>, Range<usize>)]);
        let cases: &[Case] = &[
            (&[], &[4; 6], 10, &[]),
            (&[0, 0, 2], &[4; 6], 10, &[(0..1, 0..2), (2..3, 2..3)]),
            // 4 + 4 + 4 bytes reach the cap of 10: the run ends with its third article.
            (&[1, 2, 3, 4], &[4; 6], 10, &[(1..4, 0..3), (4..5, 3..4)]),
            (&[1, 1, 2, 2, 2], &[4; 6], 10, &[(1..3, 0..5)]),
            // An article longer than the cap is read alone; a gap ends a run.
            (&[0, 1, 3, 5], &[100, 4, 4, 4, 4, 4], 10, &[(0..1, 0..1), (1..2, 1..2), (3..4, 2..3), (5..6, 3..4)]),
            (&[2, 3, 4, 5], &[4, 4, 1, 1, 1, 1], 10, &[(2..6, 0..4)]),
        ];
        for (articles, lens, cap, want) in cases {
            assert_eq!(runs(articles, |a| lens[a], *cap), *want, "{articles:?}");
        }
    }

    #[test]
    fn read_each_hands_over_the_texts_asked_for_in_order_and_refuses_the_rest() {
        // Three texts of 10 MB: batches of 16 MB hold two, then one.
        let big = |c: &str| c.repeat(10 << 20);
        let texts = [big("a"), big("b"), big("c")];
        let (_dir, a) = analysed(&texts.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(a.texts.batches(), [0..2, 2..3]);
        let mut seen = Vec::new();
        a.texts.read_each([0, 0, 2], |k, text| {
            seen.push((k, &text[..1] == "a", text.len()));
            Ok(())
        })
        .unwrap();
        assert_eq!(seen, [(0, true, 10 << 20), (1, true, 10 << 20), (2, false, 10 << 20)]);
        let nothing = |_: usize, _: &str| -> Result<()> { panic!("not called") };
        a.texts.read_each([], nothing).unwrap();
        let backwards = a.texts.read_each([2, 1], |_, _| Ok(())).unwrap_err().to_string();
        assert!(backwards.contains("article 1 asked for after article 2"), "{backwards}");
        let past = a.texts.read_each([1, 3], |_, _| Ok(())).unwrap_err().to_string();
        assert!(past.contains("article 3"), "{past}");
    }

    #[test]
    fn texts_pushed_out_of_order_come_back_in_the_order_given() {
        let dir = tempfile::tempdir().unwrap();
        let mut spill = Spill::new_in(dir.path()).unwrap();
        // Pushed as outlets are cleaned: the texts of articles 2, 0, 3 and 1.
        for (want, text) in [(0, "two"), (1, "zero ß"), (2, ""), (3, "one")] {
            assert_eq!(spill.push_text(text).unwrap(), want);
        }
        let mut texts = spill.finish_in(&[1, 3, 0, 2]).unwrap();
        assert_eq!(texts.bytes(), 13);
        let batch = texts.read(0..4).unwrap();
        assert_eq!((0..4).map(|i| batch.get(i)).collect::<Vec<_>>(), ["zero ß", "one", "two", ""]);
        assert_eq!(texts.read(1..3).unwrap().get(2), "two");
        assert_eq!(texts.get(1).unwrap(), "one");
        assert!(texts.get(4).is_err(), "past the last text");
        // Kept in step with records that `Vec::retain` keeps: articles 0 and 2 go.
        texts.retain(|i| i % 2 == 1);
        assert_eq!((texts.len(), texts.get(0).unwrap(), texts.get(1).unwrap()), (2, "one".to_string(), String::new()));
        let spill = Spill::new_in(dir.path()).unwrap();
        assert!(spill.finish_in(&[0]).is_err(), "an order naming a text never pushed");
    }

    #[test]
    fn batches_cover_every_article_once_in_order() {
        let big = "x".repeat(BATCH_BYTES as usize / 2 + 1);
        // Two texts over half a batch each fill one batch; the small ones gather into the next.
        let texts = [big.as_str(), big.as_str(), "a", "b", big.as_str()];
        let (_dir, a) = analysed(&texts);
        assert_eq!(a.texts.batches(), vec![0..2, 2..5]);
        let (_dir, none) = analysed(&[]);
        assert!(none.texts.batches().is_empty());
        assert_eq!(none.texts.read(0..0).unwrap().range(), 0..0);
    }
}
