//! Gazetteer: TOML data files in, a name matcher out. Lists places (with demonyms),
//! organisations, media and people with their aliases, so that names sharing no letters
//! ("Daesh" / "ISIS", "Pentagon" / "US Department of Defense") are one entity. The built-in file
//! is `data/gazetteer/entities.toml`, embedded at build time; `--entities FILE.toml` adds entries
//! that take precedence (see `data/gazetteer/README.md`).

use crate::error::{Error, Result};
use crate::lexicon::{Metadata, sha256_hex};
use crate::model::{EntityKind, Token};
use crate::text::tokenize;
use serde::Deserialize;
use crate::hash::HashMap;

/// The embedded built-in gazetteer.
pub const BUILT_IN: &str = include_str!("../../data/gazetteer/entities.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryFile {
    name: String,
    kind: EntityKind,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    demonyms: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GazetteerFile {
    gazetteer: Metadata,
    #[serde(default)]
    entity: Vec<EntryFile>,
}

/// One listed entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub kind: EntityKind,
    pub aliases: Vec<String>,
    pub demonyms: Vec<String>,
}

/// A source file of the gazetteer, for run.json and the method section.
#[derive(Debug, Clone)]
pub struct Source {
    pub meta: Metadata,
    pub location: String,
    pub sha256: String,
}

/// One name form to match: normalised tokens, whether every token must be written in capitals
/// ("US" but not "us"), the entry, and whether it is a demonym.
#[derive(Debug, Clone)]
struct Form {
    norms: Vec<String>,
    capitals: bool,
    entry: u32,
    demonym: bool,
}

/// A gazetteer match: tokens `[first, first + len)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GazMatch {
    pub len: usize,
    pub entry: u32,
    pub demonym: bool,
}

/// The entries of one or more gazetteer files and an index of their name forms by first word.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    pub entries: Vec<Entry>,
    pub sources: Vec<Source>,
    /// first normalised token → forms starting with it, longest first.
    index: HashMap<String, Vec<Form>>,
}

impl Gazetteer {
    /// The built-in gazetteer followed by the user's files; user entries come first, and a
    /// built-in entry sharing a name or alias with a user entry is dropped (the user overrides).
    pub fn load(user_files: &[std::path::PathBuf]) -> Result<Gazetteer> {
        let mut parsed = Vec::new();
        for path in user_files {
            let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
            parsed.push(parse(&text, &path.display().to_string())?);
        }
        parsed.push(parse(BUILT_IN, "built-in:entities.toml")?);
        let mut g = Gazetteer::default();
        let mut taken: HashMap<String, ()> = HashMap::default();
        for (source, entries) in parsed {
            for e in entries {
                let forms = std::iter::once(&e.name).chain(&e.aliases);
                let keys: Vec<String> = forms.map(|f| f.to_lowercase()).collect();
                if keys.iter().any(|k| taken.contains_key(k)) {
                    continue;
                }
                keys.into_iter().for_each(|k| {
                    taken.insert(k, ());
                });
                g.entries.push(Entry {
                    name: e.name,
                    kind: e.kind,
                    aliases: e.aliases,
                    demonyms: e.demonyms,
                });
            }
            g.sources.push(source);
        }
        g.build_index();
        Ok(g)
    }

    /// The built-in gazetteer alone.
    pub fn built_in() -> Gazetteer {
        Gazetteer::load(&[]).unwrap_or_else(|e| panic!("built-in gazetteer is invalid (a test guards this): {e}"))
    }

    fn build_index(&mut self) {
        self.index.clear();
        for (i, e) in self.entries.iter().enumerate() {
            let names = std::iter::once((&e.name, false)).chain(e.aliases.iter().map(|a| (a, false)));
            for (form, demonym) in names.chain(e.demonyms.iter().map(|d| (d, true))) {
                let tokens = tokenize(form);
                let Some(first) = tokens.first() else { continue };
                let capitals = tokens.iter().all(|t| t.acronym);
                self.index.entry(first.norm.to_string()).or_default().push(Form {
                    norms: tokens.iter().map(|t| t.norm.to_string()).collect(),
                    capitals,
                    entry: i as u32,
                    demonym,
                });
            }
        }
        for forms in self.index.values_mut() {
            // Longest first; ties by entry order, so the result never depends on hash order.
            forms.sort_by(|a, b| b.norms.len().cmp(&a.norms.len()).then(a.entry.cmp(&b.entry)));
        }
    }

    /// The longest listed name starting at token `i`: its words must follow each other with a
    /// space or hyphen between them, or a space after dotted initials' full stop (`joined_after`:
    /// "U.S. Senate"), its first word must be capitalised, and a name written in capitals ("US")
    /// matches only capitals.
    pub fn longest_at(&self, text: &str, tokens: &[Token], i: usize) -> Option<GazMatch> {
        let first = &tokens[i];
        if !starts_upper(first.span.slice(text)) {
            return None;
        }
        let forms = self.index.get(first.norm.as_str())?;
        'form: for f in forms {
            if i + f.norms.len() > tokens.len() {
                continue;
            }
            for (k, norm) in f.norms.iter().enumerate() {
                let t = &tokens[i + k];
                if t.norm != *norm || (f.capitals && !t.acronym) || t.sentence != first.sentence {
                    continue 'form;
                }
                if k > 0 {
                    let before = &tokens[i + k - 1];
                    if !joined_after(before.span.slice(text), &text[before.span.end..t.span.start]) {
                        continue 'form;
                    }
                }
            }
            return Some(GazMatch { len: f.norms.len(), entry: f.entry, demonym: f.demonym });
        }
        None
    }
}

/// Whether two words are parts of one name: separated by one space or a hyphen.
pub fn joined(gap: &str) -> bool {
    matches!(gap, " " | "-" | "\u{2011}" | "\u{00A0}")
}

/// Whether `word` and the word after it, `gap` apart, are parts of one name or phrase: `joined`,
/// or with the full stop of dotted initials before a space ("U.S. Senate", "George H.W. Bush").
pub fn joined_after(word: &str, gap: &str) -> bool {
    joined(gap) || (matches!(gap, ". " | ".\u{00A0}") && crate::text::dotted_initials(word).is_some())
}

pub fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

fn parse(text: &str, location: &str) -> Result<(Source, Vec<EntryFile>)> {
    let err = |message: String| Error::Lexicon { path: location.to_string(), message };
    let file: GazetteerFile = toml::from_str(text).map_err(|e| err(e.to_string()))?;
    for e in &file.entity {
        if e.name.trim().is_empty() || tokenize(&e.name).is_empty() {
            return Err(err(format!("an [[entity]] has an empty name (aliases {:?})", e.aliases)));
        }
        if let Some(a) = e.aliases.iter().chain(&e.demonyms).find(|a| tokenize(a).is_empty()) {
            return Err(err(format!("entity {:?}: alias {a:?} has no letters or digits", e.name)));
        }
    }
    let source = Source { meta: file.gazetteer, location: location.to_string(), sha256: sha256_hex(text.as_bytes()) };
    Ok((source, file.entity))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_gazetteer_is_valid_and_finds_aliases() {
        let g = Gazetteer::built_in();
        assert!(g.entries.len() > 40);
        let text = "The US and ISIS. Daesh fighters and the US Department of Defense, not us. The U.S. Senate. U.S.-Senate";
        let tokens = tokenize(text);
        let found: Vec<(&str, usize)> = (0..tokens.len())
            .filter_map(|i| g.longest_at(text, &tokens, i).map(|m| (g.entries[m.entry as usize].name.as_str(), m.len)))
            .collect();
        // "us" in lowercase is the pronoun; "US Department of Defense" is the longest match at "US".
        assert_eq!(
            found,
            [
                ("United States", 1),
                ("Islamic State", 1),
                ("Islamic State", 1),
                ("US Department of Defense", 4),
                ("US Department of Defense", 3),
                // A dotted alias's full stop: "U.S." is inside "U.S. Senate"; a hyphen after it
                // is no space.
                ("US Senate", 2),
                ("United States", 1),
            ]
        );
    }

    #[test]
    fn user_entries_take_precedence_and_errors_name_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mine.toml");
        std::fs::write(
            &path,
            "[gazetteer]\nname='mine'\nversion='1'\ndescription='d'\nsource='s'\nlicence='CC0-1.0'\n\n[[entity]]\nname='Daesh'\nkind='organisation'\n",
        )
        .unwrap();
        let g = Gazetteer::load(std::slice::from_ref(&path)).unwrap();
        assert_eq!(g.entries[0].name, "Daesh");
        assert!(!g.entries.iter().any(|e| e.name == "Islamic State"), "the built-in entry is replaced");
        std::fs::write(&path, "[gazetteer]\nname='mine'\n").unwrap();
        let err = Gazetteer::load(&[path]).unwrap_err().to_string();
        assert!(err.contains("mine.toml") && err.contains("missing field"), "{err}");
    }
}
