//! Lexicons: lexicon files in (slant's TOML, or LIWC, quanteda YAML, Lexicoder and WordStat
//! dictionaries through `import`), validated `Lexicon`s out. A lexicon has metadata (name, version,
//! language, description, source, licence) and categories of patterns: words, prefix globs
//! (`assassinat*`), any-word slots (`according to *`) and multi-word phrases (`drone strike`).
//! The built-in lexicons are the files in `data/lexicons/`, embedded at build time.

pub mod check;
pub mod import;
mod matcher;
pub mod write;

pub use check::{Problem, ProblemKind, Severity};
pub use matcher::{Match, Matcher, is_negator};

use crate::error::{Error, Result};
use crate::text::tokenize;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::path::Path;

/// The built-in lexicons: (file name, contents), in the order they are reported.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("violence.toml", include_str!("../../data/lexicons/violence.toml")),
    ("actors.toml", include_str!("../../data/lexicons/actors.toml")),
    ("attribution.toml", include_str!("../../data/lexicons/attribution.toml")),
    ("legitimacy.toml", include_str!("../../data/lexicons/legitimacy.toml")),
    ("frames.toml", include_str!("../../data/lexicons/frames.toml")),
    ("loaded.toml", include_str!("../../data/lexicons/loaded.toml")),
];

/// A lexicon's descriptive metadata, as written in its `[lexicon]` table.
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    pub name: String,
    pub version: String,
    #[serde(default = "default_language")]
    pub language: String,
    pub description: String,
    pub source: String,
    pub licence: String,
    /// A hit preceded within this many tokens (same sentence) by a negator (not, no, never, n't,
    /// without, ...) is reported as negated and not counted in its category's rate. `None`: no
    /// negation handling. A category may override it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub negation_window: Option<usize>,
    /// Whether one pattern may be listed in several categories, and then counts in each (as in
    /// LIWC and quanteda dictionaries). Off by default: in slant's own lexicons a word counts in one
    /// category only, and listing it twice is an error.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub shared_patterns: bool,
}

fn default_language() -> String {
    "en".to_string()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    pub name: String,
    pub description: String,
    /// Overrides the lexicon's `negation_window` for this category (`Some(0)` turns it off).
    pub negation_window: Option<usize>,
    /// Canonical patterns (see `canonical_pattern`).
    pub patterns: Vec<String>,
}

impl Category {
    /// The negation window in force for this category.
    pub fn window(&self, meta: &Metadata) -> usize {
        self.negation_window.or(meta.negation_window).unwrap_or(0)
    }
}

/// A pattern as written in a file, with the 1-based line it was read from (if known).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawPattern {
    pub text: String,
    pub line: Option<usize>,
}

/// A category as read from a file, before validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawCategory {
    pub name: String,
    pub description: String,
    pub negation_window: Option<usize>,
    pub line: Option<usize>,
    pub patterns: Vec<RawPattern>,
}

/// A lexicon as read from a file of any supported format, before validation.
#[derive(Debug, Clone)]
pub struct RawLexicon {
    pub meta: Metadata,
    pub categories: Vec<RawCategory>,
    /// The file's path (or `built-in:<file>`), named in every problem.
    pub location: String,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlCategory {
    name: toml::Spanned<String>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    negation_window: Option<usize>,
    patterns: Vec<toml::Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    lexicon: Metadata,
    #[serde(default)]
    category: Vec<TomlCategory>,
}

/// 1-based line of byte offset `at` in `text`.
pub(crate) fn line_of(text: &str, at: usize) -> usize {
    text.as_bytes()[..at.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

/// A validated lexicon and where it came from.
#[derive(Debug, Clone)]
pub struct Lexicon {
    pub meta: Metadata,
    pub categories: Vec<Category>,
    /// `built-in:violence.toml` or the path the user gave.
    pub location: String,
    /// SHA-256 of the file's bytes, recorded in run.json so a study names the exact word lists used.
    pub sha256: String,
}

impl RawLexicon {
    /// Reads slant's TOML lexicon format. Only a file that is not TOML or lacks required metadata
    /// is an error here; problems with categories and patterns are left to `check::validate`.
    pub fn from_toml(toml_text: &str, location: &str) -> Result<RawLexicon> {
        let err = |message: String| Error::Lexicon { path: location.to_string(), message };
        let file: LexiconFile = toml::from_str(toml_text).map_err(|e| err(e.to_string()))?;
        let categories = file
            .category
            .into_iter()
            .map(|c| RawCategory {
                line: Some(line_of(toml_text, c.name.span().start)),
                name: c.name.into_inner(),
                description: c.description,
                negation_window: c.negation_window,
                patterns: c
                    .patterns
                    .into_iter()
                    .map(|p| RawPattern { line: Some(line_of(toml_text, p.span().start)), text: p.into_inner() })
                    .collect(),
            })
            .collect();
        Ok(RawLexicon {
            meta: file.lexicon,
            categories,
            location: location.to_string(),
            sha256: sha256_hex(toml_text.as_bytes()),
        })
    }
}

impl Lexicon {
    /// Parses and validates a lexicon from TOML text. `location` names the file in errors. Any
    /// error-level problem (see `check`) refuses the file; warnings are ignored.
    pub fn parse(toml_text: &str, location: &str) -> Result<Lexicon> {
        Lexicon::strict(RawLexicon::from_toml(toml_text, location)?)
    }

    /// Validates a raw lexicon, refusing it on the first error-level problem.
    pub fn strict(raw: RawLexicon) -> Result<Lexicon> {
        let location = raw.location.clone();
        let (lexicon, problems) = check::validate(raw);
        match problems.into_iter().find(|p| p.severity == Severity::Error) {
            Some(p) => Err(Error::Lexicon { path: location, message: p.describe() }),
            None => Ok(lexicon),
        }
    }

    /// Reads a lexicon file from disk: slant TOML or any format `import` reads, by extension.
    pub fn load(path: &Path) -> Result<Lexicon> {
        import::read(path)
    }

    /// The lexicons shipped with slant.
    pub fn built_in() -> Vec<Lexicon> {
        BUILT_IN
            .iter()
            .map(|(file, text)| {
                Lexicon::parse(text, &format!("built-in:{file}"))
                    .unwrap_or_else(|e| panic!("built-in lexicon is invalid (a test guards this): {e}"))
            })
            .collect()
    }

    /// A one-category lexicon holding one pattern (for key-word-in-context searches).
    pub fn from_pattern(pattern: &str) -> Result<Lexicon> {
        Lexicon::from_patterns("kwic", "one search pattern", &[pattern.to_string()], "PATTERN")
    }

    /// A one-category lexicon (category `pattern`) of patterns given on the command line or in a
    /// study file: a kwic search or a study's claim. `location` names it in errors.
    pub fn from_patterns(name: &str, description: &str, patterns: &[String], location: &str) -> Result<Lexicon> {
        let raw = RawLexicon {
            meta: Metadata {
                name: name.into(),
                version: "-".into(),
                language: default_language(),
                description: description.into(),
                source: "command line".into(),
                licence: "-".into(),
                negation_window: None,
                shared_patterns: false,
            },
            categories: vec![RawCategory {
                name: "pattern".into(),
                description: String::new(),
                negation_window: None,
                line: None,
                patterns: patterns.iter().map(|p| RawPattern { text: p.clone(), line: None }).collect(),
            }],
            location: location.into(),
            sha256: sha256_hex(patterns.join("\n").as_bytes()),
        };
        Lexicon::strict(raw)
    }

    /// Number of patterns over all categories.
    pub fn pattern_count(&self) -> usize {
        self.categories.iter().map(|c| c.patterns.len()).sum()
    }
}

/// Why a pattern was refused: its syntax is wrong, or one of its words can never be a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternError {
    Invalid(String),
    Unmatchable(String),
}

/// Folds case and typographic apostrophes as the tokenizer does, without removing a possessive
/// (so a glob stem such as `iran’*` becomes `iran'*`).
fn fold(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{FF07}' => '\'',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Validates a pattern and returns it in canonical form: tokens normalised as the tokenizer
/// normalises words, separated by single spaces. A word (or a glob's stem) must be exactly one token
/// for the tokenizer (UAX #29 word boundaries), otherwise it could never match: "self-defence" is
/// two tokens and must be written "self defence".
pub fn canonical_pattern(raw: &str) -> std::result::Result<String, PatternError> {
    let parts: Vec<&str> = raw.split_whitespace().collect();
    if parts.is_empty() {
        return Err(PatternError::Invalid("empty pattern".into()));
    }
    if parts[0] == "*" {
        return Err(PatternError::Invalid("a pattern cannot start with `*` (it would match every word)".into()));
    }
    let mut out = Vec::with_capacity(parts.len());
    for part in parts {
        if part == "*" {
            out.push("*".to_string());
            continue;
        }
        let (stem, glob) = match part.strip_suffix('*') {
            Some(stem) => (stem, true),
            None => (part, false),
        };
        if stem.is_empty() || stem.contains('*') {
            return Err(PatternError::Invalid(format!("`*` may only end a word or stand alone (in {part:?})")));
        }
        let tokens = tokenize(stem);
        if tokens.len() != 1 || tokens[0].span.start != 0 || tokens[0].span.end != stem.len() {
            let c = stem.chars().find(|c| !(c.is_alphanumeric() || *c == '\'' || *c == '’')).unwrap_or(' ');
            return Err(PatternError::Unmatchable(format!(
                "{c:?} cannot be matched: the tokenizer splits words at punctuation and drops it (write \"self-defence\" as \"self defence\")"
            )));
        }
        out.push(if glob { format!("{}*", fold(stem)) } else { tokens[0].norm.to_string() });
    }
    Ok(out.join(" "))
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINI: &str = r#"
[lexicon]
name = "mini"
version = "0.1.0"
description = "test"
source = "test"
licence = "CC0-1.0"

[[category]]
name = "loaded"
patterns = ["assassinat*", "State   Terrorism"]

[[category]]
name = "neutral"
patterns = ["killed"]
"#;

    #[test]
    fn parses_metadata_and_canonicalises_patterns() {
        let lex = Lexicon::parse(MINI, "mini.toml").unwrap();
        assert_eq!(lex.meta.name, "mini");
        assert_eq!(lex.meta.language, "en");
        assert_eq!(lex.categories[0].patterns, vec!["assassinat*", "state terrorism"]);
        assert_eq!(lex.sha256.len(), 64);
    }

    #[test]
    fn rejects_bad_patterns_naming_the_file_and_category() {
        let cases = [
            ("\"self-defence\"", "cannot be matched"),
            ("\"* strike\"", "cannot start with"),
            ("\"as*sas\"", "may only end a word"),
            ("\"\"", "empty pattern"),
            ("\"killed\"", "appears twice"),
        ];
        for (pattern, why) in cases {
            let text = MINI.replace("\"assassinat*\"", pattern);
            let err = Lexicon::parse(&text, "mini.toml").unwrap_err().to_string();
            assert!(err.starts_with("mini.toml: "), "{err}");
            assert!(err.contains(why), "{pattern}: {err}");
        }
    }

    #[test]
    fn rejects_missing_metadata() {
        let err = Lexicon::parse(&MINI.replace("licence = \"CC0-1.0\"", ""), "x.toml").unwrap_err();
        assert!(err.to_string().contains("licence"), "{err}");
    }

    #[test]
    fn built_in_lexicons_are_valid_and_documented() {
        let lexicons = Lexicon::built_in();
        let names: Vec<&str> = lexicons.iter().map(|l| l.meta.name.as_str()).collect();
        assert_eq!(names, ["violence", "actors", "attribution", "legitimacy", "frames", "loaded"]);
        let readme = include_str!("../../data/lexicons/README.md");
        for lex in &lexicons {
            assert!(!lex.meta.licence.is_empty() && !lex.meta.version.is_empty());
            assert!(lex.categories.iter().all(|c| !c.description.is_empty()), "{}", lex.meta.name);
            assert!(readme.contains(&format!("\n## {}\n", lex.meta.name)), "{} undocumented", lex.meta.name);
            assert_eq!(lex.meta.licence, "CC0-1.0");
            // No built-in pattern is unreachable or redundant.
            let (file, text) = BUILT_IN.iter().find(|(f, _)| f.starts_with(&lex.meta.name)).unwrap();
            let (_, problems) = check::validate(RawLexicon::from_toml(text, file).unwrap());
            assert!(problems.is_empty(), "{problems:#?}");
        }
        let frames = &lexicons[4];
        assert_eq!(frames.categories.len(), 14);
        assert!(frames.categories.iter().all(|c| (15..=40).contains(&c.patterns.len())), "15-40 patterns per frame");
    }
}
