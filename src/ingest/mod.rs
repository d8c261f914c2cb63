//! Ingest stage: paths (files and directories) in, an `Article` list and the ingest log out, the
//! texts in the records (`read`) or moved to a spill file batch by batch as they are read
//! (`read_spilled`, what a run uses, so that reading holds records and not texts).
//! Every input record ends in the log: accepted, duplicate of an earlier article, rejected with a
//! reason, or skipped (a file that is not an article). A bad record never stops the run.

mod chronology;
pub mod dates;
pub mod dedup;
pub mod fields;
mod html;
mod json;
pub mod language;
pub mod limits;
pub mod manifest;
pub mod outlets;
mod parquet;
pub(crate) mod record;
pub(crate) mod structured;
pub(crate) mod text;

pub use fields::{FieldMap, Preset};
pub use limits::{Limits, Oversize};
pub use manifest::Manifest;
pub use outlets::Outlets;

use crate::error::{Error, Result};
use crate::model::{Article, Origin, Provenance};
use crate::spill::{Spill, TextStore, Texts};
use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use crate::hash::HashMap;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// What happened to one input record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Accepted,
    /// Same text as an earlier article (after normalising case and spacing); counted once.
    Duplicate,
    Rejected,
    /// A file that holds no article (unsupported type, README, hidden file).
    Skipped,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Accepted => "accepted",
            Status::Duplicate => "duplicate",
            Status::Rejected => "rejected",
            Status::Skipped => "skipped",
        }
    }
}

/// One row of `ingest.csv`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LogEntry {
    pub origin: Origin,
    pub article_id: Option<String>,
    pub status: Status,
    /// Why a record was rejected, skipped or marked duplicate; for accepted records, notes such as
    /// an impossible date that was dropped.
    pub reason: String,
    /// What was read from the record, for records that became articles (accepted or duplicate).
    pub meta: Option<EntryMeta>,
}

/// The metadata of a record that became an article, as written to `ingest.csv`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EntryMeta {
    pub outlet: String,
    pub outlet_source: Provenance,
    pub outlet_raw: Option<String>,
    pub date: Option<NaiveDate>,
    pub date_source: Provenance,
    pub language: String,
}

/// A duplicate and the article it copies.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Copy {
    pub article_id: String,
    pub outlet: String,
    pub original_id: String,
    pub original_outlet: String,
    /// Jaccard similarity of word 5-shingles; 1 for an exact copy.
    #[serde(with = "crate::model::exact_f64")]
    pub similarity: f64,
}

/// An input file as read: its path, size and SHA-256 (recorded in run.json).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct InputFile {
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
}

/// The ingest stage's output. Serialised (without the articles) into a shard's partial study.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Ingested {
    /// Accepted articles, in input order (directories walked in sorted order).
    #[serde(skip)]
    pub articles: Vec<Article>,
    pub log: Vec<LogEntry>,
    pub files: Vec<InputFile>,
    /// Manifest rows that matched no article.
    pub warnings: Vec<String>,
    /// Exact and near duplicates, in input order.
    pub copies: Vec<Copy>,
    /// Accepted articles per detected language.
    pub languages: BTreeMap<String, usize>,
    /// Raw outlet names seen → the outlet each became (itself when not aliased).
    pub outlet_names: BTreeMap<String, String>,
    /// Sentences for the report about lexicons not applied to articles of other languages.
    pub language_notes: Vec<String>,
}

impl Ingested {
    pub fn count(&self, status: Status) -> usize {
        self.log.iter().filter(|e| e.status == status).count()
    }

    /// Per outlet, its duplicates whose original is another outlet's article (syndicated copies).
    pub fn syndicated(&self) -> BTreeMap<&str, usize> {
        let mut by_outlet = BTreeMap::new();
        for c in self.copies.iter().filter(|c| c.outlet != c.original_outlet) {
            *by_outlet.entry(c.outlet.as_str()).or_default() += 1;
        }
        by_outlet
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Text,
    JsonLines,
    Json,
    Csv,
    Tsv,
    Html,
    Parquet,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Compression {
    None,
    Gzip,
    Zstd,
}

/// How to read the inputs.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions<'a> {
    pub manifest: Option<&'a Manifest>,
    /// Field names per article role, and how numeric dates are read.
    pub fields: FieldMap,
    /// The outlet alias table.
    pub outlets: Outlets,
    /// Jaccard similarity at or above which a later article is a near-duplicate; `None` turns
    /// the near-duplicate search off (exact duplicates are always marked).
    pub near_duplicate: Option<f64>,
    /// Keep duplicates in the analysis (they are still logged as duplicates).
    pub keep_duplicates: bool,
    pub limits: Limits,
}

/// Reads every path (files, or directories walked recursively in sorted order, hidden entries
/// skipped), applies the manifest, and marks exact duplicates. The articles keep their texts.
pub fn read(paths: &[PathBuf], options: &ReadOptions) -> Result<Ingested> {
    Ok(read_to(paths, options, Shelf::new(options, None)?)?.0)
}

/// As `read`, but each article's text moves to a spill file in `dir` as soon as its batch is
/// read, so that reading holds the records and not the texts (DESIGN, streaming). The texts are
/// returned in the order of `Ingested::articles`.
pub fn read_spilled(paths: &[PathBuf], options: &ReadOptions, dir: &Path) -> Result<(Ingested, Texts)> {
    match read_to(paths, options, Shelf::new(options, Some(dir))?)? {
        (out, TextStore::Spilled(texts)) => Ok((out, texts)),
        (_, TextStore::Records) => Err(Error::Input("ingest: the texts were not spilled".into())),
    }
}

fn read_to(paths: &[PathBuf], options: &ReadOptions, mut shelf: Shelf) -> Result<(Ingested, TextStore)> {
    let mut out = Ingested::default();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        if meta.is_dir() {
            let mut files = Vec::new();
            walk(path, &mut files).map_err(|e| Error::io(path, e))?;
            files.sort();
            for file in files {
                let id_base = file.strip_prefix(path).unwrap_or(&file).to_path_buf();
                read_file(&file, &id_base, options, &mut out, &mut shelf)?;
            }
        } else {
            let id_base = PathBuf::from(path.file_name().unwrap_or(path.as_os_str()));
            read_file(path, &id_base, options, &mut out, &mut shelf)?;
        }
    }
    let (features, mut store) = shelf.finish(&mut out.articles)?;
    let mut notes: Vec<(usize, String)> = Vec::new();
    options.outlets.apply(&mut out.articles);
    for a in &out.articles {
        let raw = a.outlet_raw.as_ref().unwrap_or(&a.outlet.value);
        out.outlet_names
            .entry(raw.clone())
            .or_insert_with(|| a.outlet.value.clone());
    }
    if let Some(manifest) = options.manifest {
        out.warnings.extend(manifest.apply(&mut out.articles));
    }
    notes.extend(chronology::drop_future_dates(&mut out.articles));
    notes.extend(chronology::infer_weekday_dates(&mut out.articles, &store)?);
    let entries = log_entries(&out.log, &out.articles)?;
    for (i, note) in notes {
        push_reason(&mut out.log[entries[i]].reason, note);
    }
    let kept = mark_duplicates(&mut out, options, &features, &store, &entries)?;
    store.retain(|i| kept[i]);
    for a in &out.articles {
        *out.languages.entry(a.language.clone()).or_default() += 1;
    }
    Ok((out, store))
}

/// Articles read in a batch have their features taken together, on all threads.
const SETTLE_BATCH: usize = 512;

/// What ingest needs of every text after reading, taken as soon as it is read.
#[derive(Default)]
struct Features {
    /// `text_fingerprint` of each text: the exact-duplicate test.
    fingerprints: Vec<[u8; 32]>,
    /// The MinHash signature of each text's shingles, when near-duplicates are searched
    /// (`None` for a text shorter than one shingle).
    signatures: Vec<Option<dedup::Signature>>,
}

/// The accepted articles as reading goes. Every `SETTLE_BATCH` articles the features the later
/// steps of ingest need of each text are taken in parallel (its language, the fingerprint of its
/// normalised words, its MinHash signature) and, when spilling, the texts move to the spill; so
/// that a corpus read holds its records, not its texts, and the later steps read back only the
/// few texts they compare (candidate copies, undated articles).
pub(crate) struct Shelf {
    /// Articles up to here are settled.
    settled: usize,
    features: Features,
    near: bool,
    spill: Option<Spill>,
    /// The first failure to write the spill (reading stops at the next file).
    failed: Option<Error>,
}

impl Shelf {
    pub(crate) fn new(options: &ReadOptions, spill_dir: Option<&Path>) -> Result<Shelf> {
        Ok(Shelf {
            settled: 0,
            features: Features::default(),
            near: options.near_duplicate.is_some(),
            spill: spill_dir.map(Spill::new_in).transpose()?,
            failed: None,
        })
    }

    /// Settles the articles not yet settled once there are a batch of them (or, with `all`, any).
    fn settle(&mut self, articles: &mut [Article], all: bool) {
        use rayon::prelude::*;
        let from = self.settled.min(articles.len());
        let fresh = &mut articles[from..];
        if fresh.is_empty() || (!all && fresh.len() < SETTLE_BATCH) || self.failed.is_some() {
            return;
        }
        let near = self.near;
        // The texts are copied to the spill while their features are taken: the copy is one
        // thread's work (most of it the kernel's, filling the page cache), a tenth of reading a
        // large corpus, which had kept the other core idle.
        let (features, spilled) = rayon::join(
            || -> Vec<(String, [u8; 32], Option<dedup::Signature>)> {
                fresh
                    .par_iter()
                    .map(|a| (language::detect(&a.text), text_fingerprint(&a.text), if near { dedup::signature_of(&a.text) } else { None }))
                    .collect()
            },
            || self.spill.as_mut().map_or(Ok(()), |spill| fresh.iter().try_for_each(|a| spill.push_text(&a.text).map(drop))),
        );
        if let Err(e) = spilled {
            self.failed = Some(e);
            return;
        }
        for (a, (language, fingerprint, signature)) in fresh.iter_mut().zip(features) {
            a.language = language;
            self.features.fingerprints.push(fingerprint);
            if near {
                self.features.signatures.push(signature);
            }
            if self.spill.is_some() {
                a.text = String::new();
            }
        }
        self.settled = articles.len();
    }

    /// Settles the rest and hands over the features and where the texts are.
    fn finish(mut self, articles: &mut [Article]) -> Result<(Features, TextStore)> {
        self.settle(articles, true);
        if let Some(e) = self.failed {
            return Err(e);
        }
        let store = match self.spill {
            Some(spill) => TextStore::Spilled(spill.finish()?),
            None => TextStore::Records,
        };
        Ok((self.features, store))
    }
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        let kind = entry.file_type()?;
        if kind.is_dir() {
            if !hidden {
                walk(&path, files)?;
            }
        } else {
            files.push(path);
        }
    }
    Ok(())
}

/// Format and compression from the file name, or why the file is skipped.
fn classify(path: &Path) -> std::result::Result<(Format, Compression), String> {
    let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
    if name.starts_with('.') {
        return Err("hidden file".to_string());
    }
    let stem = name.split('.').next().unwrap_or("");
    if matches!(stem, "readme" | "license" | "licence" | "copying" | "notice") {
        return Err("documentation file, not an article".to_string());
    }
    let (inner, compression) = if let Some(n) = name.strip_suffix(".gz") {
        (n, Compression::Gzip)
    } else if let Some(n) = name.strip_suffix(".zst") {
        (n, Compression::Zstd)
    } else {
        (name.as_str(), Compression::None)
    };
    let ext = inner.rsplit_once('.').map_or("", |(_, e)| e);
    let format = match ext {
        "txt" | "text" | "md" | "markdown" => Format::Text,
        "jsonl" | "ndjson" => Format::JsonLines,
        "json" => Format::Json,
        "csv" => Format::Csv,
        "tsv" | "tab" => Format::Tsv,
        "html" | "htm" | "xhtml" => Format::Html,
        "parquet" | "pq" => Format::Parquet,
        _ => {
            return Err(format!(
                "unsupported file type {:?}",
                if ext.is_empty() { &name } else { ext }
            ));
        }
    };
    Ok((format, compression))
}

/// A reader that hashes every byte that passes through it.
struct Hashing<R> {
    inner: R,
    hasher: Sha256,
    bytes: u64,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
}

/// Reads one file's records into `out`. A bad file or record is logged, not an error; the error
/// is a failure to spill the texts.
fn read_file(path: &Path, id_base: &Path, options: &ReadOptions, out: &mut Ingested, shelf: &mut Shelf) -> Result<()> {
    let display = path.display().to_string();
    let file_origin = Origin { path: display.clone(), record: None };
    let log = |out: &mut Ingested, status: Status, reason: String| -> Result<()> {
        out.log.push(LogEntry {
            origin: file_origin.clone(),
            article_id: None,
            status,
            reason,
            meta: None,
        });
        Ok(())
    };
    let (format, compression) = match classify(path) {
        Ok(kind) => kind,
        Err(why) => return log(out, Status::Skipped, why),
    };
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => return log(out, Status::Rejected, format!("unreadable: {e}")),
    };
    let mut raw = Hashing { inner: file, hasher: Sha256::new(), bytes: 0 };
    let max_decompressed = options.limits.max_decompressed_bytes;
    let mut exceeded = None;
    let result = {
        let decoder: Box<dyn Read + Send + '_> = match compression {
            Compression::None => Box::new(&mut raw),
            Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(&mut raw)),
            Compression::Zstd => match zstd::Decoder::new(&mut raw) {
                Ok(d) => Box::new(d),
                Err(e) => return log(out, Status::Rejected, format!("not a zstd stream: {e}")),
            },
        };
        // A compressed stream may expand without bound: stop it at the limit.
        let reader: Box<dyn Read + Send + '_> = if compression == Compression::None {
            decoder
        } else {
            let (bounded, flag) = limits::Bounded::new(decoder, max_decompressed);
            exceeded = Some(flag);
            Box::new(bounded)
        };
        let id_stem = id_base
            .with_extension("")
            .display()
            .to_string()
            .replace('\\', "/");
        let id_stem = [
            ".jsonl", ".json", ".csv", ".tsv", ".html", ".htm", ".parquet",
        ]
        .iter()
        .fold(id_stem, |stem, ext| stem.trim_end_matches(ext).to_string());
        read_records(format, reader, &display, &id_stem, options, out, shelf)
    };
    if let Err(why) = result {
        let why = match exceeded {
            Some(flag) if flag.load(std::sync::atomic::Ordering::Relaxed) => limits::decompression_reason(&display, max_decompressed),
            _ => why,
        };
        log(out, Status::Rejected, why)?;
    }
    // Hash the whole file even when reading stopped early, so run.json names what was given.
    let _ = io::copy(&mut raw, &mut io::sink());
    out.files.push(InputFile { path: display, bytes: raw.bytes, sha256: hex(raw.hasher) });
    match shelf.failed.take() {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

fn hex(hasher: Sha256) -> String {
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads the records of one file into `out`. An error is a failure of the file as a whole (after
/// any records already read).
pub(crate) fn read_records(
    format: Format,
    mut reader: impl Read + Send,
    path: &str,
    id_stem: &str,
    options: &ReadOptions,
    out: &mut Ingested,
    shelf: &mut Shelf,
) -> std::result::Result<(), String> {
    let fields = &options.fields;
    let mut accept = |line: Option<u64>, record: std::result::Result<record::Record, String>| {
        let origin = Origin { path: path.to_string(), record: line };
        let default_id = match line {
            Some(n) => format!("{id_stem}:{n}"),
            None => id_stem.to_string(),
        };
        let entry = match record.and_then(|mut r| {
            options.limits.apply(&mut r)?;
            let notes = r.notes.join("; ");
            r.into_article(default_id, origin.clone()).map(|a| (a, notes))
        }) {
            Ok((article, notes)) => {
                let entry = LogEntry {
                    origin,
                    article_id: Some(article.id.clone()),
                    status: Status::Accepted,
                    reason: notes,
                    meta: None,
                };
                out.articles.push(article);
                shelf.settle(&mut out.articles, false);
                entry
            }
            Err(why) => LogEntry {
                origin,
                article_id: None,
                status: Status::Rejected,
                reason: why,
                meta: None,
            },
        };
        out.log.push(entry);
    };
    let mut whole = || -> std::result::Result<Vec<u8>, String> {
        let mut bytes = Vec::new();
        reader
            .read_to_end(&mut bytes)
            .map_err(|e| format!("unreadable: {e}"))?;
        if bytes.is_empty() {
            return Err("empty file".to_string());
        }
        Ok(bytes)
    };
    match format {
        Format::Text => {
            let (content, note) = decode_text(whole()?)?;
            let mut record = text::parse(&content);
            record.notes.extend(note);
            accept(None, Ok(record));
            Ok(())
        }
        Format::Html => {
            let (content, note) = html::decode(whole()?)?;
            let mut record = html::parse(&content, fields);
            record.notes.extend(note);
            accept(None, Ok(record));
            Ok(())
        }
        Format::Parquet => {
            parquet::read_parquet(whole()?, fields, |(line, r)| accept(Some(line), r))
        }
        Format::Json => json::read_json(reader, fields, |(line, r)| accept(Some(line), r)),
        Format::JsonLines => {
            structured::read_jsonl(reader, fields, |(line, r)| accept(Some(line), r))
        }
        Format::Csv => {
            structured::read_csv(reader, b',', fields, |(line, r)| accept(Some(line), r))
        }
        Format::Tsv => {
            structured::read_csv(reader, b'\t', fields, |(line, r)| accept(Some(line), r))
        }
    }
}

/// A whole text file's content: UTF-8 (with or without a byte-order mark), UTF-16 with a
/// byte-order mark, or otherwise windows-1252, with a note for the ingest log saying so.
pub(crate) fn decode_text(bytes: Vec<u8>) -> std::result::Result<(String, Option<String>), String> {
    let utf16 = |units: Vec<u16>| String::from_utf16(&units).map_err(|_| "invalid UTF-16".to_string());
    let (mut text, note) = match bytes.as_slice() {
        [0xFF, 0xFE, rest @ ..] => (utf16(rest.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect())?, None),
        [0xFE, 0xFF, rest @ ..] => (utf16(rest.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect())?, None),
        _ => match String::from_utf8(bytes) {
            Ok(text) => (text, None),
            Err(e) => {
                let (text, note) = decode_legacy(e.as_bytes());
                (text.into_owned(), Some(note))
            }
        },
    };
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    if text.contains('\0') {
        return Err("binary file (contains NUL bytes)".to_string());
    }
    Ok((text, note))
}

/// Bytes that are not UTF-8, read as windows-1252 (which gives every byte a character), with the
/// note the ingest log carries. A spreadsheet or text editor on Windows saves in windows-1252 (or
/// its subset ISO-8859-1) unless told otherwise, so that is what a researcher's non-UTF-8 file
/// almost always is; browsers read undeclared pages the same way (WHATWG Encoding, "legacy
/// single-byte encodings"). Text that validates as UTF-8 is taken as UTF-8: real windows-1252
/// prose almost never does.
pub(crate) fn decode_legacy(bytes: &[u8]) -> (std::borrow::Cow<'_, str>, String) {
    let at = std::str::from_utf8(bytes).err().map_or(0, |e| e.valid_up_to());
    let text = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0;
    (text, format!("decoded from windows-1252 (not UTF-8: invalid byte at offset {at})"))
}

/// The place in `log` of each article's entry. An article and its entry are pushed together
/// (`read_records`), so the articles' entries are the log's accepted entries in order, each with
/// the article's origin; looking them up by origin in a map, with a copy of each path as its key,
/// had taken several seconds of a 1,000,000-article ingest on one core.
fn log_entries(log: &[LogEntry], articles: &[Article]) -> Result<Vec<usize>> {
    let mut entries = Vec::with_capacity(articles.len());
    let mut at = 0;
    for a in articles {
        while at < log.len() && !(log[at].status == Status::Accepted && log[at].origin == a.origin) {
            at += 1;
        }
        if at == log.len() {
            return Err(Error::Input(format!("ingest: article {} ({}) has no entry in the ingest log", a.id, a.origin)));
        }
        entries.push(at);
        at += 1;
    }
    Ok(entries)
}

/// Marks articles whose text equals an earlier article's (case and spacing aside), then later
/// articles that nearly copy an earlier one (`dedup`), as duplicates; removes them from the
/// analysis unless asked to keep them; makes article ids unique; and fills each log entry's
/// metadata. `entries` are the articles' places in the log (`log_entries`). Returns, for each
/// article as it was, whether it is kept.
fn mark_duplicates(out: &mut Ingested, options: &ReadOptions, features: &Features, store: &TextStore, entries: &[usize]) -> Result<Vec<bool>> {
    let fingerprints = &features.fingerprints;
    let mut by_text: HashMap<[u8; 32], usize> = HashMap::default();
    let mut ids: HashMap<String, usize> = HashMap::default();
    // index of the copy → (index of the original, similarity)
    let mut original: BTreeMap<usize, (usize, f64)> = BTreeMap::new();
    for (i, article) in out.articles.iter_mut().enumerate() {
        let seen = ids.entry(article.id.clone()).or_insert(0);
        *seen += 1;
        if *seen > 1 {
            let new_id = format!("{}#{}", article.id, seen);
            let entry = &mut out.log[entries[i]];
            let old = entry.article_id.replace(new_id.clone()).unwrap_or_default();
            push_reason(&mut entry.reason, format!("id {old:?} was already used; renamed {new_id:?}"));
            article.id = new_id;
        }
        let fingerprint = fingerprints[i];
        match by_text.get(&fingerprint) {
            Some(&first) => {
                original.insert(i, (first, 1.0));
            }
            None => {
                by_text.insert(fingerprint, i);
            }
        }
    }
    if let Some(threshold) = options.near_duplicate {
        let skip: Vec<bool> = (0..out.articles.len()).map(|i| original.contains_key(&i)).collect();
        let articles = &out.articles;
        let mut found = dedup::find_signed(&features.signatures, &skip, threshold, |i| store.text(articles, i))?;
        let dates: Vec<Option<NaiveDate>> = articles.iter().map(|a| a.date.value).collect();
        // Only the pairs found are read back, each text once.
        let mut pair_texts: BTreeMap<usize, std::borrow::Cow<str>> = BTreeMap::new();
        for c in &found {
            for i in [c.copy, c.original] {
                if let std::collections::btree_map::Entry::Vacant(e) = pair_texts.entry(i) {
                    e.insert(store.text(articles, i)?);
                }
            }
        }
        dedup::orient(&mut found, &dates, |a, b| credits(&pair_texts[&a], &articles[b].outlet.value));
        for c in found {
            original.insert(c.copy, (c.original, c.similarity));
        }
    }
    for (&copy, &(first, similarity)) in &original {
        let (a, o) = (&out.articles[copy], &out.articles[first]);
        // `text_fingerprint` hashes the normalised text: equal fingerprints are the same text.
        let reason = if similarity >= 1.0 && fingerprints[copy] == fingerprints[first] {
            format!("same text as {}", o.id)
        } else {
            format!(
                "near-duplicate of {} ({}; Jaccard similarity {similarity:.3} of word 5-shingles)",
                o.id, o.outlet.value
            )
        };
        let entry = &mut out.log[entries[copy]];
        entry.status = Status::Duplicate;
        push_reason(&mut entry.reason, reason);
        out.copies.push(Copy {
            article_id: a.id.clone(),
            outlet: a.outlet.value.clone(),
            original_id: o.id.clone(),
            original_outlet: o.outlet.value.clone(),
            similarity,
        });
    }
    for (a, &e) in out.articles.iter().zip(entries) {
        out.log[e].meta = Some(EntryMeta {
            outlet: a.outlet.value.clone(),
            outlet_source: a.outlet.provenance,
            outlet_raw: a.outlet_raw.clone(),
            date: a.date.value,
            date_source: a.date.provenance,
            language: a.language.clone(),
        });
    }
    let kept: Vec<bool> = (0..out.articles.len()).map(|i| options.keep_duplicates || !original.contains_key(&i)).collect();
    let mut i = 0;
    out.articles.retain(|_| {
        i += 1;
        kept[i - 1]
    });
    Ok(kept)
}

/// Whether `text` names `outlet` as a whole word (a wire credit such as "Reporting by Reuters").
fn credits(text: &str, outlet: &str) -> bool {
    let outlet = outlet.to_lowercase();
    if outlet.is_empty() || outlet == crate::model::UNKNOWN_OUTLET {
        return false;
    }
    let text = text.to_lowercase();
    text.match_indices(&outlet).any(|(i, m)| {
        let before = text[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let after = text[i + m.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        before && after
    })
}

fn push_reason(reason: &mut String, more: String) {
    if !reason.is_empty() {
        reason.push_str("; ");
    }
    reason.push_str(&more);
}

/// The SHA-256 of `normalised(text)`, hashed word by word without building the normalised text
/// (the exact-duplicate test reads every article's text).
fn text_fingerprint(text: &str) -> [u8; 32] {
    let mut hasher = Sha256::new();
    let mut lower = String::new();
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            hasher.update(b" ");
        }
        crate::text::lowercase_into(word, &mut lower);
        hasher.update(lower.as_bytes());
    }
    hasher.finalize().into()
}

/// A text as the exact-duplicate test compares it: its words lower-cased, one space apart.
#[cfg(test)]
fn normalised(text: &str) -> String {
    text.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_fingerprint_is_the_hash_of_the_normalised_text() {
        for text in ["", "  ", "One two", "ONE\t two\n\nthree ", "Iran’s ΟΔΥΣΣΕΥΣ said", "a  b"] {
            assert_eq!(text_fingerprint(text).to_vec(), Sha256::digest(normalised(text).as_bytes()).to_vec(), "{text:?}");
        }
        assert_eq!(normalised("ΟΔΥΣΣΕΥΣ Said"), "οδυσσευς said");
        assert_eq!(text_fingerprint("One  TWO"), text_fingerprint("one two"));
        assert_ne!(text_fingerprint("one two"), text_fingerprint("onetwo"));
    }

    #[test]
    fn each_article_is_linked_to_its_own_log_entry() {
        let origin = |path: &str, record: Option<u64>| Origin { path: path.into(), record };
        let entry = |o: Origin, status: Status| LogEntry { origin: o, article_id: None, status, reason: String::new(), meta: None };
        let log = [
            entry(origin("a.jsonl", Some(1)), Status::Accepted),
            entry(origin("a.jsonl", Some(2)), Status::Rejected),
            entry(origin("a.jsonl", Some(3)), Status::Accepted),
            entry(origin("b.txt", None), Status::Skipped),
            entry(origin("c.txt", None), Status::Accepted),
        ];
        let article = |o: Origin| Article { origin: o, ..Article::new("id", "Outlet", "") };
        let articles = [article(origin("a.jsonl", Some(1))), article(origin("a.jsonl", Some(3))), article(origin("c.txt", None))];
        assert_eq!(log_entries(&log, &articles).unwrap(), [0, 2, 4]);
        // An article without an accepted entry is an error naming it, not a wrong link.
        let err = log_entries(&log, &[article(origin("b.txt", None))]).unwrap_err().to_string();
        assert!(err.contains("b.txt") && err.contains("no entry"), "{err}");
    }

    #[test]
    fn the_same_text_is_told_from_a_copy_of_all_its_shingles() {
        // The second text is the first in other case and spacing: the same text. The third has
        // every shingle of the first (word 5-shingles ignore punctuation) but not its characters:
        // a near-duplicate of similarity 1.
        let dir = tempfile::tempdir().unwrap();
        let story = "the council met on monday and voted to reopen the port after the storm";
        let lines = [
            format!(r#"{{"id": "a", "source": "Bay Post", "text": "{story}"}}"#),
            format!(r#"{{"id": "b", "source": "Bay Post", "text": "  {} "}}"#, story.to_uppercase()),
            format!(r#"{{"id": "c", "source": "Bay Post", "text": "{}"}}"#, story.replace(" and ", ", and ")),
        ];
        let path = dir.path().join("bay.jsonl");
        std::fs::write(&path, lines.join("\n")).unwrap();
        let options = ReadOptions { near_duplicate: Some(0.8), ..ReadOptions::default() };
        let ing = read(&[path], &options).unwrap();
        let reasons: Vec<&str> = ing.log.iter().map(|e| e.reason.as_str()).collect();
        assert_eq!(reasons[..2], ["", "same text as a"]);
        assert!(reasons[2].starts_with("near-duplicate of a (Bay Post; Jaccard similarity 1.000"), "{reasons:?}");
        assert!(ing.log.iter().all(|e| e.meta.as_ref().is_some_and(|m| m.outlet == "Bay Post")));
    }

    #[test]
    fn classifies_by_file_name() {
        type Want = std::result::Result<(Format, Compression), &'static str>;
        let cases: &[(&str, Want)] = &[
            ("a/b.txt", Ok((Format::Text, Compression::None))),
            ("notes.MD", Ok((Format::Text, Compression::None))),
            ("x.jsonl.gz", Ok((Format::JsonLines, Compression::Gzip))),
            ("x.jsonl.zst", Ok((Format::JsonLines, Compression::Zstd))),
            ("x.csv", Ok((Format::Csv, Compression::None))),
            ("x.tsv.gz", Ok((Format::Tsv, Compression::Gzip))),
            ("page.HTM", Ok((Format::Html, Compression::None))),
            ("page.html.zst", Ok((Format::Html, Compression::Zstd))),
            ("list.json", Ok((Format::Json, Compression::None))),
            ("t.parquet.gz", Ok((Format::Parquet, Compression::Gzip))),
            ("README.md", Err("documentation file, not an article")),
            (".DS_Store", Err("hidden file")),
            ("photo.jpg", Err("unsupported file type \"jpg\"")),
        ];
        for (name, want) in cases {
            let got = classify(Path::new(name));
            assert_eq!(got, want.map_err(str::to_string), "{name}");
        }
    }

    #[test]
    fn decodes_utf8_bom_utf16_and_rejects_binary() {
        let text = |bytes: &[u8]| decode_text(bytes.to_vec());
        assert_eq!(text(b"\xEF\xBB\xBFhi"), Ok(("hi".into(), None)));
        assert_eq!(text(&[0xFF, 0xFE, b'h', 0, b'i', 0]), Ok(("hi".into(), None)));
        assert_eq!(text(&[0xFE, 0xFF, 0, b'h', 0, b'i']), Ok(("hi".into(), None)));
        assert_eq!(text("Café “ok”".as_bytes()), Ok(("Café “ok”".into(), None)));
        // Not UTF-8: windows-1252, where 0xE9 is é, 0x93 and 0x94 curly quotes, 0x80 the euro sign.
        let legacy = |s: &str, at: usize| Ok((s.to_string(), Some(format!("decoded from windows-1252 (not UTF-8: invalid byte at offset {at})"))));
        assert_eq!(text(b"Caf\xE9 \x93ok\x94"), legacy("Café “ok”", 3));
        assert_eq!(text(b"ok\xC3( \x80"), legacy("okÃ( €", 2));
        assert_eq!(text(&[0, 0, 0]).unwrap_err(), "binary file (contains NUL bytes)");
        assert_eq!(text(&[0xE9, 0]).unwrap_err(), "binary file (contains NUL bytes)");
    }
}
