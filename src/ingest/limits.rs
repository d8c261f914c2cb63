//! Ingest limits: a record or a decompressing reader in, the same bounded (or a rejection naming
//! the limit) out. They keep one hostile input — a 50 MB line, a zstd bomb — from exhausting
//! memory or time, while every record before it is still read.

use super::record::Record;
use std::io::{self, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Default `--max-article-bytes`: far above any real article (the longest of the 37,554 ABP
/// articles is under 200 KB) but small enough that one record cannot dominate a run.
pub const DEFAULT_MAX_ARTICLE_BYTES: usize = 5 * 1024 * 1024;
/// Default `--max-decompressed-bytes`: a whole news corpus fits, a compression bomb does not.
pub const DEFAULT_MAX_DECOMPRESSED_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// What to do with a record whose text is longer than `max_article_bytes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Oversize {
    /// Keep the first `max_article_bytes` bytes (cut at a character boundary) and say so in
    /// ingest.csv.
    #[default]
    Truncate,
    /// Reject the record.
    Reject,
}

/// Resource limits of the ingest stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Limits {
    pub max_article_bytes: usize,
    pub oversize: Oversize,
    /// Bytes a compressed file may expand to; reading stops there.
    pub max_decompressed_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_article_bytes: DEFAULT_MAX_ARTICLE_BYTES,
            oversize: Oversize::Truncate,
            max_decompressed_bytes: DEFAULT_MAX_DECOMPRESSED_BYTES,
        }
    }
}

/// The longest prefix of `s` of at most `max` bytes that ends on a character boundary.
pub fn prefix_at_char_boundary(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

impl Limits {
    /// Applies `max_article_bytes` to a record's text (and its title, which is part of the
    /// text): truncates it with a note, or says why it is rejected.
    pub fn apply(&self, record: &mut Record) -> Result<(), String> {
        let max = self.max_article_bytes;
        let len = record.text.len();
        if len > max {
            if self.oversize == Oversize::Reject {
                return Err(format!("text is {len} bytes, over --max-article-bytes {max}"));
            }
            let kept = prefix_at_char_boundary(&record.text, max).len();
            record.text.truncate(kept);
            record.notes.push(format!("text truncated from {len} to {kept} bytes (--max-article-bytes {max})"));
        }
        if let Some(title) = &mut record.title
            && title.len() > max
        {
            let kept = prefix_at_char_boundary(title, max).len();
            title.truncate(kept);
        }
        Ok(())
    }
}

/// A reader that fails once more than `limit` bytes have passed through it, and remembers that
/// it did so the caller can name the limit rather than the I/O error it surfaced as.
pub struct Bounded<R> {
    inner: R,
    limit: u64,
    read: u64,
    exceeded: Arc<AtomicBool>,
}

impl<R: Read> Bounded<R> {
    /// The reader and a flag that turns true when the limit is passed (shared, as the reader
    /// may be read on another thread).
    pub fn new(inner: R, limit: u64) -> (Self, Arc<AtomicBool>) {
        let exceeded = Arc::new(AtomicBool::new(false));
        (Bounded { inner, limit, read: 0, exceeded: exceeded.clone() }, exceeded)
    }
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        // Ask for one byte more than the limit allows, so a stream of exactly `limit` bytes
        // passes and a longer one is caught without reading much past the limit.
        let allowed = (self.limit - self.read).saturating_add(1);
        let want = buf.len().min(usize::try_from(allowed).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        self.read += n as u64;
        if self.read > self.limit {
            self.exceeded.store(true, Ordering::Relaxed);
            return Err(io::Error::other(format!("decompressed size exceeds {} bytes", self.limit)));
        }
        Ok(n)
    }
}

/// The ingest-log reason for a compressed file that expanded past the limit.
pub fn decompression_reason(path: &str, limit: u64) -> String {
    format!("{path} expands to more than {limit} bytes (--max-decompressed-bytes); reading stopped there")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_at_a_character_boundary() {
        // "é" is two bytes (C3 A9): a cut at 2 would split it, so 1 byte is kept.
        assert_eq!(prefix_at_char_boundary("aé", 2), "a");
        assert_eq!(prefix_at_char_boundary("aé", 3), "aé");
        assert_eq!(prefix_at_char_boundary("€x", 2), "");
        assert_eq!(prefix_at_char_boundary("abc", 10), "abc");
    }

    #[test]
    fn truncates_or_rejects_long_texts() {
        let limits = Limits { max_article_bytes: 5, ..Limits::default() };
        // "abcdéfg" is 8 bytes; byte 5 is inside "é" (bytes 4–5), so 4 are kept.
        let mut r = Record { text: "abcdéfg".into(), title: Some("abcdéfg".into()), ..Record::default() };
        limits.apply(&mut r).unwrap();
        assert_eq!(r.text, "abcd");
        assert_eq!(r.title.as_deref(), Some("abcd"));
        assert_eq!(r.notes, ["text truncated from 8 to 4 bytes (--max-article-bytes 5)"]);

        let reject = Limits { oversize: Oversize::Reject, ..limits };
        let mut r = Record { text: "abcdef".into(), ..Record::default() };
        assert_eq!(reject.apply(&mut r).unwrap_err(), "text is 6 bytes, over --max-article-bytes 5");
        let mut r = Record { text: "abcde".into(), ..Record::default() };
        assert_eq!(reject.apply(&mut r), Ok(()));
        assert_eq!(r.text, "abcde");
    }

    #[test]
    fn bounded_reader_allows_exactly_the_limit() {
        let (mut ok, flag) = Bounded::new(&b"12345"[..], 5);
        let mut out = Vec::new();
        ok.read_to_end(&mut out).unwrap();
        assert_eq!((out.as_slice(), flag.load(Ordering::Relaxed)), (&b"12345"[..], false));

        let (mut over, flag) = Bounded::new(&b"123456"[..], 5);
        let err = over.read_to_end(&mut Vec::new()).unwrap_err();
        assert_eq!(err.to_string(), "decompressed size exceeds 5 bytes");
        assert!(flag.load(Ordering::Relaxed));
    }
}
