//! Outlet names: the alias table (`data/outlets/aliases.toml`, extended by the user) and the
//! ingested articles in, articles whose outlet spellings are folded into one name out. The raw
//! name is kept in `Article::outlet_raw` so a reader can see what was changed. Sections of an
//! outlet ("New York Times - News" / "- Opinion") stay apart unless sections are merged.

use crate::error::{Error, Result};
use crate::model::{Article, Provenance};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The built-in alias table.
pub const BUILT_IN: &str = include_str!("../../data/outlets/aliases.toml");

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AliasFile {
    name: Option<String>,
    version: Option<String>,
    #[allow(dead_code)]
    source: Option<String>,
    #[allow(dead_code)]
    licence: Option<String>,
    #[serde(default)]
    aliases: BTreeMap<String, String>,
    #[serde(default)]
    sections: BTreeMap<String, String>,
    #[serde(default)]
    domains: BTreeMap<String, String>,
}

/// The alias table in use. Keys are lower-cased and trimmed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Outlets {
    #[serde(skip)]
    aliases: BTreeMap<String, String>,
    #[serde(skip)]
    sections: BTreeMap<String, String>,
    #[serde(skip)]
    domains: BTreeMap<String, String>,
    pub merge_sections: bool,
    /// Which tables were loaded ("outlets v1 (built-in)", a user's file), for run.json.
    pub tables: Vec<String>,
}

fn key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl Outlets {
    /// The built-in table.
    pub fn built_in() -> Outlets {
        let mut o = Outlets::default();
        o.add_file(BUILT_IN, "built-in")
            .expect("the built-in alias table parses");
        o
    }

    /// Adds a user's alias file (same shape as the built-in one); its entries win.
    pub fn load(&mut self, path: &Path) -> Result<()> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        self.add_file(&text, &path.display().to_string())
    }

    fn add_file(&mut self, text: &str, location: &str) -> Result<()> {
        let file: AliasFile =
            toml::from_str(text).map_err(|e| Error::Input(format!("{location}: {e}")))?;
        let label = match (&file.name, &file.version) {
            (Some(n), Some(v)) => format!("{n} v{v} ({location})"),
            _ => location.to_string(),
        };
        self.tables.push(label);
        for (raw, outlet) in file.aliases {
            self.add_alias(&raw, &outlet);
        }
        for (raw, outlet) in file.sections {
            self.sections.insert(key(&raw), outlet.trim().to_string());
        }
        for (domain, outlet) in file.domains {
            self.domains.insert(key(&domain), outlet.trim().to_string());
        }
        Ok(())
    }

    /// Adds one alias (from study.toml's `[outlets.aliases]`).
    pub fn add_alias(&mut self, raw: &str, outlet: &str) {
        self.aliases.insert(key(raw), outlet.trim().to_string());
    }

    /// The outlet a raw name stands for, or `None` when the name is used as it is.
    pub fn resolve(&self, raw: &str) -> Option<String> {
        let mut name = self
            .aliases
            .get(&key(raw))
            .cloned()
            .unwrap_or_else(|| raw.trim().to_string());
        if self.merge_sections
            && let Some(outlet) = self.sections.get(&key(&name))
        {
            name = outlet.clone();
            // A merged section may itself be a spelling ("Fox News" from "Fox News Opinion").
            if let Some(again) = self.aliases.get(&key(&name)) {
                name = again.clone();
            }
        }
        (name != raw.trim()).then_some(name)
    }

    /// The outlet a web domain belongs to, trying parent domains (edition.cnn.com → cnn.com).
    pub fn for_domain(&self, domain: &str) -> Option<&str> {
        let mut d = key(domain);
        loop {
            if let Some(o) = self.domains.get(&d) {
                return Some(o);
            }
            let (_, parent) = d.split_once('.')?;
            if !parent.contains('.') {
                return None;
            }
            d = parent.to_string();
        }
    }

    /// Folds every article's outlet; an outlet taken from a URL is looked up by its domain.
    pub fn apply(&self, articles: &mut [Article]) {
        for a in articles {
            let folded = match a.outlet.provenance {
                Provenance::Url => self
                    .for_domain(&a.outlet.value)
                    .map(str::to_string)
                    .map(|o| self.resolve(&o).unwrap_or(o)),
                Provenance::Missing => None,
                _ => self.resolve(&a.outlet.value),
            };
            if let Some(name) = folded {
                a.outlet_raw = Some(std::mem::replace(&mut a.outlet.value, name));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_fold_and_sections_merge_only_when_asked() {
        let mut o = Outlets::built_in();
        o.add_alias("Velmora  daily online", "Velmora Daily");
        let cases = [
            ("Fox Online News", Some("Fox News"), Some("Fox News")),
            ("fox news (online)", Some("Fox News"), Some("Fox News")),
            ("Fox News", None, None),
            ("Fox News Opinion", None, Some("Fox News")),
            ("New York Times - News", None, Some("New York Times")),
            (
                "New York Times (Online News)",
                Some("New York Times - News"),
                Some("New York Times"),
            ),
            ("NPR Editorial ", None, Some("NPR")),
            (
                "Velmora Daily Online",
                Some("Velmora Daily"),
                Some("Velmora Daily"),
            ),
            ("Harbor Herald", None, None),
        ];
        for (raw, apart, merged) in cases {
            o.merge_sections = false;
            assert_eq!(o.resolve(raw).as_deref(), apart, "{raw} kept apart");
            o.merge_sections = true;
            assert_eq!(o.resolve(raw).as_deref(), merged, "{raw} merged");
        }
    }

    #[test]
    fn domains_and_their_parents() {
        let o = Outlets::built_in();
        let cases = [
            ("foxnews.com", Some("Fox News")),
            ("edition.cnn.com", Some("CNN")),
            ("politicalticker.blogs.cnn.com", Some("CNN")),
            ("harborherald.example", None),
            ("com", None),
        ];
        for (domain, want) in cases {
            assert_eq!(o.for_domain(domain), want, "{domain}");
        }
    }

    #[test]
    fn a_user_file_with_an_unknown_table_is_an_error_naming_it() {
        let mut o = Outlets::default();
        let err = o
            .add_file("[alias]\n\"A\" = \"B\"\n", "mine.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("mine.toml") && err.contains("alias"), "{err}");
    }
}
