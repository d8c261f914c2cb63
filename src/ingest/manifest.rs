//! Manifest: a user's CSV (`path_or_id, outlet, date, title`) in, overrides of inferred article
//! metadata out. What the manifest says wins over anything read from the data, and is recorded
//! with provenance `manifest`.

use super::dates::{self, Parsed};
use crate::error::{Error, Result};
use crate::model::{Article, Provenance, Sourced};
use chrono::NaiveDate;
use std::path::Path;

pub const PATH_OR_ID: &str = "path_or_id";

#[derive(Debug, Clone, PartialEq, Eq)]
struct Row {
    line: u64,
    key: String,
    outlet: Option<String>,
    date: Option<NaiveDate>,
    title: Option<String>,
    group: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Manifest {
    location: String,
    rows: Vec<Row>,
}

impl Manifest {
    /// Reads a manifest file. Errors name the file and line: a manifest is the user's statement of
    /// fact, so an unreadable date in it is an error, not a note.
    pub fn load(path: &Path) -> Result<Manifest> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Manifest::parse(&text, &path.display().to_string())
    }

    pub fn parse(text: &str, location: &str) -> Result<Manifest> {
        let err = |message: String| Error::Manifest { path: location.to_string(), message };
        let mut csv = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        let header: Vec<String> =
            csv.headers().map_err(|e| err(e.to_string()))?.iter().map(|h| h.trim().to_lowercase()).collect();
        let col = |name: &str| header.iter().position(|h| h == name);
        let key_col = col(PATH_OR_ID).ok_or_else(|| err(format!("no {PATH_OR_ID} column")))?;
        let (outlet_col, date_col, title_col, group_col) = (col("outlet"), col("date"), col("title"), col("group"));
        let mut rows = Vec::new();
        for record in csv.records() {
            let record = record.map_err(|e| err(e.to_string()))?;
            let line = record.position().map_or(0, |p| p.line());
            let get = |c: Option<usize>| {
                c.and_then(|c| record.get(c)).map(str::trim).filter(|v| !v.is_empty()).map(str::to_string)
            };
            let date = match get(date_col) {
                None => None,
                Some(raw) => match dates::parse(&raw) {
                    Parsed::Date(d) => Some(d),
                    Parsed::Invalid(why) => return Err(err(format!("line {line}: date {raw:?}: {why}"))),
                    Parsed::NotADate => return Err(err(format!("line {line}: {raw:?} is not a date slant reads"))),
                },
            };
            let key = get(Some(key_col)).ok_or_else(|| err(format!("line {line}: empty {PATH_OR_ID}")))?;
            rows.push(Row { line, key, outlet: get(outlet_col), date, title: get(title_col), group: get(group_col) });
        }
        Ok(Manifest { location: location.to_string(), rows })
    }

    /// Applies the manifest to `articles`; returns a warning for each row that matched nothing.
    /// A row matches an article by id, by its file path, or by the end of its file path.
    pub fn apply(&self, articles: &mut [Article]) -> Vec<String> {
        let mut warnings = Vec::new();
        for row in &self.rows {
            let suffix = format!("/{}", row.key.trim_start_matches("./"));
            let mut matched = false;
            for article in articles.iter_mut() {
                let path = &article.origin.path;
                if article.id == row.key || *path == row.key || path.ends_with(&suffix) {
                    matched = true;
                    if let Some(o) = &row.outlet {
                        article.outlet = Sourced::new(o.clone(), Provenance::Manifest);
                    }
                    if let Some(d) = row.date {
                        article.date = Sourced::new(Some(d), Provenance::Manifest);
                    }
                    if let Some(t) = &row.title {
                        article.title = Sourced::new(t.clone(), Provenance::Manifest);
                    }
                    if let Some(g) = &row.group {
                        article.group = Sourced::new(Some(g.clone()), Provenance::Manifest);
                    }
                }
            }
            if !matched {
                warnings.push(format!("{}:{}: {:?} matches no article", self.location, row.line, row.key));
            }
        }
        warnings
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Origin;

    fn article(id: &str, path: &str) -> Article {
        Article {
            id: id.into(),
            outlet: Sourced::new("unknown".into(), Provenance::Missing),
            date: Sourced::new(None, Provenance::Missing),
            title: Sourced::new("t".into(), Provenance::TextHeuristic),
            url: None,
            group: Sourced::new(None, Provenance::Missing),
            text: "x".into(),
            origin: Origin {
                path: path.into(),
                record: None,
            },
            outlet_raw: None,
            language: "en".into(),
        }
    }

    #[test]
    fn overrides_by_id_or_path_and_warns_on_unmatched() {
        let m = Manifest::parse(
            "path_or_id,outlet,date,title\nseeds/002.txt,Die Zeitung,2024-01-08,\nmw-1,Meridian Wire,,New title\nnope,X,,\n",
            "m.csv",
        )
        .unwrap();
        let mut articles = vec![article("002", "../shared/seeds/002.txt"), article("mw-1", "wire.jsonl")];
        let warnings = m.apply(&mut articles);
        assert_eq!(articles[0].outlet, Sourced::new("Die Zeitung".to_string(), Provenance::Manifest));
        assert_eq!(articles[0].date.value.unwrap().to_string(), "2024-01-08");
        assert_eq!(articles[0].title.provenance, Provenance::TextHeuristic);
        assert_eq!(articles[1].title, Sourced::new("New title".to_string(), Provenance::Manifest));
        assert_eq!(warnings, vec!["m.csv:4: \"nope\" matches no article".to_string()]);
    }

    #[test]
    fn bad_manifest_dates_are_errors_naming_the_line() {
        let err = Manifest::parse("path_or_id,date\na,31 February 2024\n", "m.csv").unwrap_err();
        assert_eq!(err.to_string(), "m.csv: line 2: date \"31 February 2024\": 2024-02-31 is not a calendar date");
        let err = Manifest::parse("id,date\n", "m.csv").unwrap_err();
        assert_eq!(err.to_string(), "m.csv: no path_or_id column");
    }
}
