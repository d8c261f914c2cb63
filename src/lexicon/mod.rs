//! Lexicons: TOML data files in, validated `Lexicon`s out. A lexicon has metadata (name, version,
//! language, description, source, licence) and categories of patterns: words, prefix globs
//! (`assassinat*`), any-word slots (`according to *`) and multi-word phrases (`drone strike`).
//! The built-in lexicons are the files in `data/lexicons/`, embedded at build time.

mod matcher;

pub use matcher::{Match, Matcher};

use crate::error::{Error, Result};
use crate::text::normalise;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::Path;

/// The built-in lexicons: (file name, contents), in the order they are reported.
const BUILT_IN: &[(&str, &str)] = &[
    ("violence.toml", include_str!("../../data/lexicons/violence.toml")),
    ("actors.toml", include_str!("../../data/lexicons/actors.toml")),
    ("attribution.toml", include_str!("../../data/lexicons/attribution.toml")),
    ("legitimacy.toml", include_str!("../../data/lexicons/legitimacy.toml")),
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
}

fn default_language() -> String {
    "en".to_string()
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub patterns: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    lexicon: Metadata,
    category: Vec<Category>,
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

impl Lexicon {
    /// Parses and validates a lexicon from TOML text. `location` names the file in errors.
    pub fn parse(toml_text: &str, location: &str) -> Result<Lexicon> {
        let err = |message: String| Error::Lexicon { path: location.to_string(), message };
        let file: LexiconFile = toml::from_str(toml_text).map_err(|e| err(e.to_string()))?;
        if file.category.is_empty() {
            return Err(err("no [[category]] tables".into()));
        }
        if u16::try_from(file.category.len()).is_err() {
            return Err(err("too many categories".into()));
        }
        let mut seen: HashMap<String, &str> = HashMap::new();
        let mut categories = Vec::with_capacity(file.category.len());
        for category in &file.category {
            if category.patterns.is_empty() {
                return Err(err(format!("category {:?} has no patterns", category.name)));
            }
            let mut patterns = Vec::with_capacity(category.patterns.len());
            for raw in &category.patterns {
                let pattern = canonical_pattern(raw)
                    .map_err(|why| err(format!("category {:?}, pattern {raw:?}: {why}", category.name)))?;
                if let Some(other) = seen.insert(pattern.clone(), &category.name) {
                    return Err(err(format!(
                        "pattern {raw:?} appears twice (categories {other:?} and {:?}); a word may count in one category only",
                        category.name
                    )));
                }
                patterns.push(pattern);
            }
            categories.push(Category { name: category.name.clone(), description: category.description.clone(), patterns });
        }
        Ok(Lexicon {
            meta: file.lexicon,
            categories,
            location: location.to_string(),
            sha256: sha256_hex(toml_text.as_bytes()),
        })
    }

    /// Reads a lexicon file from disk.
    pub fn load(path: &Path) -> Result<Lexicon> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Lexicon::parse(&text, &path.display().to_string())
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
}

/// Validates a pattern and returns it in canonical form: tokens normalised as the tokenizer
/// normalises words, separated by single spaces.
fn canonical_pattern(raw: &str) -> std::result::Result<String, String> {
    let parts: Vec<&str> = raw.split_whitespace().collect();
    if parts.is_empty() {
        return Err("empty pattern".into());
    }
    if parts[0] == "*" {
        return Err("a pattern cannot start with `*` (it would match every word)".into());
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
            return Err(format!("`*` may only end a word or stand alone (in {part:?})"));
        }
        if let Some(c) = stem.chars().find(|c| !(c.is_alphanumeric() || *c == '\'' || *c == '’')) {
            return Err(format!(
                "{c:?} cannot be matched: text is split into words at punctuation, so write \"self-defence\" as \"self defence\""
            ));
        }
        let norm = if glob { stem.to_lowercase() } else { normalise(stem) };
        out.push(if glob { format!("{norm}*") } else { norm });
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
        assert_eq!(names, ["violence", "actors", "attribution", "legitimacy"]);
        for lex in &lexicons {
            assert!(!lex.meta.licence.is_empty() && !lex.meta.version.is_empty());
            assert!(lex.categories.iter().all(|c| !c.description.is_empty()), "{}", lex.meta.name);
        }
    }
}
