//! Dictionary import: a dictionary file in (slant TOML, LIWC `.dic`, quanteda YAML, Lexicoder
//! `.lc3`, WordStat `.cat`, chosen by extension), a `Lexicon` and the entries that could not be
//! represented out. Each format has its own reader; all produce a `RawLexicon` whose patterns keep
//! their line numbers, validated by `check::validate`.
//!
//! The four foreign formats all let a word belong to several categories, so imported lexicons set
//! `shared_patterns`: a word listed in two categories counts in both. Within one lexicon slant
//! then keeps one winning entry per position (the longest, then most specific), as LIWC does; a
//! quanteda or Lexicoder lookup instead matches each category on its own, which differs only where
//! an entry of one category is more specific than an overlapping entry of another.

mod lexicoder;
mod liwc;
mod wordstat;
mod yaml;

use super::check::{self, Problem, ProblemKind, Severity};
use super::{Lexicon, Metadata, RawCategory, RawLexicon, RawPattern, sha256_hex};
use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::path::Path;

/// A dictionary file format slant reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// slant's own lexicon format (`.toml`).
    Toml,
    /// LIWC 2007/2015 dictionary (`.dic`).
    Liwc,
    /// quanteda dictionary in YAML (`.yml`, `.yaml`).
    Yaml,
    /// Lexicoder dictionary (`.lc3`).
    Lexicoder,
    /// WordStat categorisation dictionary (`.cat`).
    WordStat,
}

impl Format {
    /// The format a file's extension names.
    pub fn of(path: &Path) -> Result<Format> {
        let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
        Ok(match ext.as_str() {
            "toml" => Format::Toml,
            "dic" => Format::Liwc,
            "yml" | "yaml" => Format::Yaml,
            "lc3" => Format::Lexicoder,
            "cat" => Format::WordStat,
            _ => {
                return Err(Error::Lexicon {
                    path: path.display().to_string(),
                    message: "unknown dictionary format: expected .toml, .dic (LIWC), .yml/.yaml (quanteda), .lc3 (Lexicoder) or .cat (WordStat)".into(),
                });
            }
        })
    }

    fn label(self) -> &'static str {
        match self {
            Format::Toml => "slant TOML",
            Format::Liwc => "LIWC",
            Format::Yaml => "quanteda YAML",
            Format::Lexicoder => "Lexicoder",
            Format::WordStat => "WordStat",
        }
    }
}

/// Reads a dictionary and validates it strictly: any error-level problem (an entry that cannot be
/// represented, a duplicate, an unmatchable word) refuses the file, naming file and line.
pub fn read(path: &Path) -> Result<Lexicon> {
    let (lexicon, problems) = read_lenient(path)?;
    match problems.into_iter().find(|p| p.severity == Severity::Error) {
        Some(p) => Err(Error::Lexicon { path: p.location.clone(), message: p.describe() }),
        None => Ok(lexicon),
    }
}

/// Reads a dictionary, keeping what can be represented: returns the lexicon of the valid entries
/// and every problem, in file order. Fails only when the file cannot be read or parsed at all.
pub fn read_lenient(path: &Path) -> Result<(Lexicon, Vec<Problem>)> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let location = path.display().to_string();
    let text = String::from_utf8(bytes).map_err(|_| Error::Lexicon {
        path: location.clone(),
        message: "not UTF-8 text (re-save the dictionary as UTF-8)".into(),
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let format = Format::of(path)?;
    let (raw, mut problems) = match format {
        Format::Toml => (RawLexicon::from_toml(text, &location)?, Vec::new()),
        Format::Liwc => parsed(liwc::parse(text), path, format)?,
        Format::Yaml => parsed(yaml::parse(text), path, format)?,
        Format::Lexicoder => parsed(lexicoder::parse(text), path, format)?,
        Format::WordStat => parsed(wordstat::parse(text), path, format)?,
    };
    let (lexicon, more) = check::validate(raw);
    problems.extend(more);
    problems.sort_by_key(|p| (p.line.unwrap_or(0), p.severity));
    Ok((lexicon, problems))
}

/// What a format reader returns: categories in file order, and entries it could not represent as
/// (line, category, entry, why).
pub(crate) type Parsed = std::result::Result<(Vec<RawCategory>, Vec<(usize, String, String, String)>), (usize, String)>;

fn parsed(result: Parsed, path: &Path, format: Format) -> Result<(RawLexicon, Vec<Problem>)> {
    let location = path.display().to_string();
    let (categories, unsupported) =
        result.map_err(|(line, message)| Error::Lexicon { path: location.clone(), message: format!("line {line}: {message}") })?;
    let problems = unsupported
        .into_iter()
        .map(|(line, category, pattern, message)| Problem {
            severity: Severity::Error,
            kind: ProblemKind::Unsupported,
            location: location.clone(),
            line: Some(line),
            category: Some(category),
            pattern: Some(pattern),
            message,
        })
        .collect();
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let name = path.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_else(|| "imported".into());
    let meta = Metadata {
        description: format!("Imported from the {} dictionary {}.", format.label(), location),
        name,
        version: "imported".into(),
        language: "en".into(),
        source: location.clone(),
        licence: "unknown (see the original dictionary)".into(),
        negation_window: None,
        shared_patterns: true,
    };
    Ok((RawLexicon { meta, categories, location, sha256: sha256_hex(&bytes) }, problems))
}

/// Collects categories in order of first appearance.
#[derive(Default)]
pub(crate) struct Categories {
    list: Vec<RawCategory>,
    index: BTreeMap<String, usize>,
    pub unsupported: Vec<(usize, String, String, String)>,
}

impl Categories {
    /// Declares a category (so that it keeps its place even before it has entries).
    pub fn declare(&mut self, name: &str, line: usize) -> usize {
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        self.list.push(RawCategory {
            name: name.to_string(),
            description: String::new(),
            negation_window: None,
            line: Some(line),
            patterns: Vec::new(),
        });
        self.index.insert(name.to_string(), self.list.len() - 1);
        self.list.len() - 1
    }

    /// Adds an entry written in the dictionary's glob syntax (`*` ends a word), reporting the
    /// wildcards slant cannot express.
    pub fn add(&mut self, category: usize, entry: &str, line: usize) {
        let entry = entry.trim();
        let why = if entry.split_whitespace().any(|w| w.len() > 1 && w.starts_with('*')) {
            Some("a glob at the start of a word (`*ism`) cannot be represented: slant globs are prefixes")
        } else if entry.contains('?') {
            Some("the one-character wildcard `?` cannot be represented")
        } else {
            None
        };
        match why {
            Some(why) => {
                let name = self.list[category].name.clone();
                self.unsupported.push((line, name, entry.to_string(), why.to_string()));
            }
            None => self.list[category].patterns.push(RawPattern { text: entry.to_string(), line: Some(line) }),
        }
    }

    pub fn name(&self, index: usize) -> &str {
        &self.list[index].name
    }

    pub fn unsupported(&mut self, line: usize, category: &str, entry: &str, why: &str) {
        self.unsupported.push((line, category.to_string(), entry.to_string(), why.to_string()));
    }

    /// The categories that received entries (a category declared but never used would be an empty
    /// column of zeros), and the entries that could not be represented.
    pub fn finish(self) -> Parsed {
        let used = |c: &RawCategory| !c.patterns.is_empty() || self.unsupported.iter().any(|u| u.1 == c.name);
        let list = self.list.iter().filter(|c| used(c)).cloned().collect();
        Ok((list, self.unsupported))
    }
}
