//! Records: the fields a reader found in one input record (a file, a JSON line, a CSV row), before
//! they become an `Article`. Readers of every format fill a `Record`; `into_article` applies the
//! same rules to all of them.

use super::dates::Parsed;
use super::fields::FieldMap;
use crate::model::{Article, Origin, Provenance, Sourced, UNKNOWN_OUTLET};
use chrono::NaiveDate;

/// Field names read from structured records (JSON keys, CSV headers), first match wins. They
/// cover the shapes of the ABP corpus, news-please output and Media Cloud exports.
pub const ID_FIELDS: &[&str] = &["id", "article_id", "story_id", "stories_id"];
pub const OUTLET_FIELDS: &[&str] = &["outlet", "source", "source_name", "media_name", "publisher", "source_domain"];
pub const DATE_FIELDS: &[&str] = &["date", "date_publish", "publish_date", "published", "published_at", "publication_date"];
pub const TITLE_FIELDS: &[&str] = &["title", "headline"];
pub const TEXT_FIELDS: &[&str] = &["text", "content", "maintext", "body"];
pub const URL_FIELDS: &[&str] = &["url", "link"];

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Record {
    pub id: Option<String>,
    pub outlet: Option<String>,
    pub date: Option<NaiveDate>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub group: Option<String>,
    /// The analysed text: headline paragraph and body.
    pub text: String,
    /// Outlet, date and title came from named fields (structured data) rather than the text.
    pub from_fields: bool,
    /// Things the ingest log should say about an accepted record.
    pub notes: Vec<String>,
    /// The outlet was taken from the URL's domain (HTML pages without a named publisher).
    pub outlet_from_url: bool,
}

impl Record {
    /// Records a parsed date, or a note saying why a date-shaped value was not used.
    pub fn set_date(&mut self, parsed: Parsed, what: &str) {
        match parsed {
            Parsed::Date(d) => self.date = Some(d),
            Parsed::Invalid(why) => self.notes.push(format!("{what}: {why}")),
            Parsed::NotADate => {}
        }
    }

    /// Fills a record from a structured record's fields, looked up by `get` under the names the
    /// field map gives for each role (tried as written, then lower-cased as CSV headers are).
    pub fn from_lookup<'a>(get: impl Fn(&str) -> Option<&'a str>, fields: &FieldMap) -> Record {
        let first = |role: &str| {
            fields
                .names(role)
                .iter()
                .find_map(|n| get(n).or_else(|| get(&n.to_lowercase())))
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        let mut record = Record {
            id: first("id"),
            outlet: first("outlet"),
            title: first("title"),
            url: first("url"),
            group: first("group"),
            from_fields: true,
            ..Record::default()
        };
        if let Some(raw) = first("date") {
            match super::dates::parse_prefix_ordered(&raw, fields.date_order) {
                (Parsed::NotADate, _) => record
                    .notes
                    .push(format!("date field {raw:?} is not a date slant reads")),
                (parsed, ambiguous) => {
                    if ambiguous && let Parsed::Date(d) = parsed {
                        record.notes.push(format!(
                            "ambiguous date {raw:?} read as {d} ({})",
                            fields.date_order.describe()
                        ));
                    }
                    record.set_date(parsed, "date field")
                }
            }
        }
        let mut body = first("text").unwrap_or_default();
        if body.is_empty() && fields.title_as_text {
            body = record.title.clone().unwrap_or_default();
        }
        // The headline is analysed with the body: it is where word choice is most deliberate.
        record.text = match &record.title {
            Some(t) if !body.is_empty() && !body.starts_with(t.as_str()) => format!("{t}\n\n{body}"),
            _ => body,
        };
        record
    }

    /// Turns the record into an article, or says why it cannot be one.
    pub fn into_article(self, default_id: String, origin: Origin) -> Result<Article, String> {
        if self.text.trim().is_empty() {
            return Err("empty text".to_string());
        }
        if !self.text.chars().any(char::is_alphanumeric) {
            return Err("text has no words".to_string());
        }
        let found = if self.from_fields { Provenance::Field } else { Provenance::TextHeuristic };
        let sourced = |v: Option<String>, missing: String| match v {
            Some(v) => Sourced::new(v, found),
            None => Sourced::new(missing, Provenance::Missing),
        };
        Ok(Article {
            id: self.id.unwrap_or(default_id),
            outlet: match (self.outlet, self.outlet_from_url) {
                (Some(o), true) => Sourced::new(o, Provenance::Url),
                (o, _) => sourced(o, UNKNOWN_OUTLET.to_string()),
            },
            date: Sourced::new(
                self.date,
                if self.date.is_some() {
                    found
                } else {
                    Provenance::Missing
                },
            ),
            title: sourced(self.title, String::new()),
            url: self.url,
            group: Sourced::new(self.group.clone(), if self.group.is_some() { found } else { Provenance::Missing }),
            text: self.text,
            origin,
            outlet_raw: None,
            language: String::new(),
        })
    }
}
