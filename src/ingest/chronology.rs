//! Corpus-level dates: the ingested articles in, dates checked and completed against the rest of
//! the corpus out. A date more than a year after every other article's date is an extraction
//! error (ABP has 2050-…) and is dropped; an undated article whose text says "Friday 3 January"
//! gets the year from its own dated mentions or its outlet's neighbouring articles, only when
//! that year puts 3 January on a Friday, with provenance `inferred`.

use super::dates::{self, Parsed};
use crate::error::Result;
use crate::hash::HashMap;
use crate::model::{Article, Provenance, Sourced};
use crate::spill::TextStore;
use chrono::{Datelike, Days, NaiveDate, Weekday};
use regex::Regex;
use std::sync::OnceLock;

/// How far past the latest other date a date may be before it is taken for an error.
const FUTURE_SLACK_DAYS: u64 = 366;
const MONTHS: &str =
    "january|february|march|april|may|june|july|august|september|october|november|december";
const WEEKDAYS: &str = "monday|tuesday|wednesday|thursday|friday|saturday|sunday";

/// Drops dates later than the latest date of the other articles plus a year, repeating until none
/// is left (so two copies of one impossible date do not vouch for each other only if a third,
/// ordinary date exists). Returns (article index, note) for the ingest log.
pub fn drop_future_dates(articles: &mut [Article]) -> Vec<(usize, String)> {
    let mut notes = Vec::new();
    loop {
        let mut dated: Vec<(NaiveDate, usize)> = articles
            .iter()
            .enumerate()
            .filter_map(|(i, a)| a.date.value.map(|d| (d, i)))
            .collect();
        if dated.len() < 2 {
            return notes;
        }
        dated.sort();
        let (latest, i) = dated[dated.len() - 1];
        let (other, _) = dated[dated.len() - 2];
        let limit = other
            .checked_add_days(Days::new(FUTURE_SLACK_DAYS))
            .unwrap_or(NaiveDate::MAX);
        if latest <= limit {
            return notes;
        }
        articles[i].date = Sourced::new(None, Provenance::Missing);
        notes.push((i, format!("date {latest} is more than a year after the latest other article ({other}): not used")));
    }
}

fn weekday_date() -> &'static [Regex; 2] {
    static RE: OnceLock<[Regex; 2]> = OnceLock::new();
    RE.get_or_init(|| {
        [
            // Friday 3 January, Friday, 3rd January (2020)?
            Regex::new(&format!(r"(?i)\b({WEEKDAYS}),?\s+(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTHS})\b(,?\s+\d{{4}})?")).unwrap(),
            // Friday, January 3 (2020)?
            Regex::new(&format!(r"(?i)\b({WEEKDAYS}),?\s+({MONTHS})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(,?\s+\d{{4}})?")).unwrap(),
        ]
    })
}

fn full_date() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(r"(?i)\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{MONTHS}),?\s+\d{{4}}|(?:{MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\b")).unwrap()
    })
}

fn weekday(name: &str) -> Option<Weekday> {
    name.parse().ok()
}

fn month(name: &str) -> Option<u32> {
    MONTHS
        .split('|')
        .position(|m| m.eq_ignore_ascii_case(name))
        .map(|i| i as u32 + 1)
}

/// The first "weekday day month" without a year in the text: (weekday, month, day, as written).
fn yearless_weekday(text: &str) -> Option<(Weekday, u32, u32, String)> {
    let [day_month, month_day] = weekday_date();
    let mut found: Vec<(usize, Weekday, u32, u32, String)> = Vec::new();
    for c in day_month.captures_iter(text).filter(|c| c.get(4).is_none()) {
        if let (Some(w), Some(m), Ok(d)) = (weekday(&c[1]), month(&c[3]), c[2].parse()) {
            found.push((c.get(0).unwrap().start(), w, m, d, c[0].to_string()));
        }
    }
    for c in month_day.captures_iter(text).filter(|c| c.get(4).is_none()) {
        if let (Some(w), Some(m), Ok(d)) = (weekday(&c[1]), month(&c[2]), c[3].parse()) {
            found.push((c.get(0).unwrap().start(), w, m, d, c[0].to_string()));
        }
    }
    found
        .into_iter()
        .min_by_key(|f| f.0)
        .map(|(_, w, m, d, s)| (w, m, d, s))
}

/// Gives undated articles a date from a yearless weekday mention. Reference dates come first from
/// full dates written in the article itself, then from the nearest dated articles of the same
/// outlet before and after it in input order. Returns (article index, note).
///
/// The texts are searched on all threads, and the neighbours found in one pass each way, not by a
/// scan from each undated article: an outlet that dates none of its articles made each of its
/// scans run the length of the corpus (5 s of a 1,000,000-article ingest, on one core). A date
/// inferred here is never a reference for another, and only undated articles change, so the
/// order of inference does not matter and the passes see the dates every scan would have seen.
pub fn infer_weekday_dates(articles: &mut [Article], texts: &TextStore) -> Result<Vec<(usize, String)>> {
    use rayon::prelude::*;
    let undated: Vec<usize> = (0..articles.len()).filter(|&i| articles[i].date.value.is_none()).collect();
    let shared: &[Article] = articles;
    let mentions: Vec<(usize, Mention)> = undated
        .par_iter()
        .map(|&i| Ok(weekday_mention(&texts.text(shared, i)?).map(|m| (i, m))))
        .collect::<Result<Vec<Option<_>>>>()?
        .into_iter()
        .flatten()
        .collect();
    let wanted: Vec<usize> = mentions.iter().map(|(i, _)| *i).collect();
    let neighbours = dated_neighbours(shared, &wanted);
    let mut notes = Vec::new();
    for ((i, mention), (before, after)) in mentions.into_iter().zip(neighbours) {
        let Mention { weekday: w, month: m, day: d, written, mut candidates } = mention;
        for j in before.into_iter().chain(after) {
            let (outlet, date, id) = (&articles[i].outlet.value, articles[j].date.value, &articles[j].id);
            if let Some(date) = date {
                candidates.push((date, format!("{outlet}'s neighbouring article {id} ({date})")));
            }
        }
        // The year is the one that puts the day nearest the reference date (a 30 December article
        // speaks of 3 January of the next year); it is used only if the weekday then fits.
        let resolved = candidates.into_iter().find_map(|(reference, why)| {
            let nearest = (reference.year() - 1..=reference.year() + 1)
                .filter_map(|y| NaiveDate::from_ymd_opt(y, m, d))
                .min_by_key(|date| (*date - reference).num_days().abs())?;
            (nearest.weekday() == w).then_some((nearest, why))
        });
        if let Some((date, why)) = resolved {
            articles[i].date = Sourced::new(Some(date), Provenance::Inferred);
            notes.push((i, format!("date {date} inferred from {written:?} nearest {why}")));
        }
    }
    Ok(notes)
}

/// A text's first yearless weekday date, and the full dates the text itself gives.
struct Mention {
    weekday: Weekday,
    month: u32,
    day: u32,
    /// The weekday date as written.
    written: String,
    /// Each full date of the text, with why it is a reference.
    candidates: Vec<(NaiveDate, String)>,
}

fn weekday_mention(text: &str) -> Option<Mention> {
    let (weekday, month, day, written) = yearless_weekday(text)?;
    let candidates = full_date()
        .find_iter(text)
        .filter_map(|x| match dates::parse_prefix(x.as_str()) {
            Parsed::Date(date) => Some((date, format!("the date {:?} in the text", x.as_str()))),
            _ => None,
        })
        .collect();
    Some(Mention { weekday, month, day, written, candidates })
}

/// For each of the undated articles `wanted` (indices, ascending): the nearest article before it
/// and the nearest after it of its outlet whose date was not inferred, each if there is one.
fn dated_neighbours(articles: &[Article], wanted: &[usize]) -> Vec<(Option<usize>, Option<usize>)> {
    let before = last_reference(articles, 0..articles.len(), wanted.iter().copied());
    let after = last_reference(articles, (0..articles.len()).rev(), wanted.iter().rev().copied());
    before.into_iter().zip(after.into_iter().rev()).collect()
}

/// Going through the articles in `order`, for each of `wanted` (met in that order) the last
/// article of its outlet met before it whose date was not inferred.
fn last_reference(articles: &[Article], order: impl Iterator<Item = usize>, wanted: impl Iterator<Item = usize>) -> Vec<Option<usize>> {
    let mut wanted = wanted.peekable();
    let mut last: HashMap<&str, usize> = HashMap::default();
    let mut found = Vec::new();
    for j in order {
        let a = &articles[j];
        if wanted.next_if_eq(&j).is_some() {
            found.push(last.get(a.outlet.value.as_str()).copied());
        }
        if a.date.value.is_some() && a.date.provenance != Provenance::Inferred {
            last.insert(&a.outlet.value, j);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Origin;

    fn article(id: &str, outlet: &str, date: Option<&str>, text: &str) -> Article {
        let date = date.map(|d| d.parse::<NaiveDate>().unwrap());
        Article {
            id: id.into(),
            outlet: Sourced::new(outlet.into(), Provenance::Field),
            date: Sourced::new(
                date,
                if date.is_some() {
                    Provenance::Field
                } else {
                    Provenance::Missing
                },
            ),
            title: Sourced::new(String::new(), Provenance::Missing),
            url: None,
            group: Sourced::new(None, Provenance::Missing),
            text: text.into(),
            origin: Origin {
                path: id.into(),
                record: None,
            },
            outlet_raw: None,
            language: "en".into(),
        }
    }

    #[test]
    fn far_future_dates_are_dropped_one_at_a_time() {
        let mut a = vec![
            article("a", "X", Some("2020-01-03"), ""),
            article("b", "X", Some("2050-06-01"), ""),
            article("c", "X", Some("2021-01-03"), ""), // exactly 366 days after a: kept
            article("d", "X", Some("2049-01-01"), ""),
        ];
        let notes = drop_future_dates(&mut a);
        let dates: Vec<Option<String>> = a
            .iter()
            .map(|a| a.date.value.map(|d| d.to_string()))
            .collect();
        assert_eq!(
            dates,
            [
                Some("2020-01-03".into()),
                None,
                Some("2021-01-03".into()),
                None
            ]
        );
        assert_eq!(notes[0], (1, "date 2050-06-01 is more than a year after the latest other article (2049-01-01): not used".into()));
        assert_eq!(notes[1].0, 3);
    }

    #[test]
    fn weekday_dates_take_a_year_only_when_the_weekday_fits() {
        // 3 January 2020 was a Friday; 3 January 2019 a Thursday.
        let mut a = vec![
            article("n1", "X", Some("2019-12-30"), ""),
            article("u1", "X", None, "On Friday 3 January the strike came."),
            article(
                "u2",
                "Y",
                None,
                "It was Friday, January 3, and as on 5 March 2020 nobody knew.",
            ),
            article("u3", "X", None, "On Thursday 3 January the strike came."),
            article("u4", "Z", None, "On Friday 3 January 2020 it came."),
        ];
        let notes = infer_weekday_dates(&mut a, &TextStore::Records).unwrap();
        let got: Vec<(Option<String>, Provenance)> = a
            .iter()
            .map(|a| (a.date.value.map(|d| d.to_string()), a.date.provenance))
            .collect();
        assert_eq!(got[1], (Some("2020-01-03".into()), Provenance::Inferred));
        assert_eq!(got[2], (Some("2020-01-03".into()), Provenance::Inferred));
        assert_eq!(
            got[3],
            (None, Provenance::Missing),
            "3 January nearest 2019-12-30 is a Friday, not a Thursday"
        );
        assert_eq!(
            got[4],
            (None, Provenance::Missing),
            "a date with a year is the date parser's business"
        );
        assert_eq!(notes[0], (1, "date 2020-01-03 inferred from \"Friday 3 January\" nearest X's neighbouring article n1 (2019-12-30)".into()));
        assert_eq!(notes.len(), 2);
    }

    #[test]
    fn the_neighbours_are_the_nearest_dated_articles_of_the_outlet_each_way() {
        let mut a = vec![
            article("x0", "X", Some("2019-12-20"), ""),
            article("y1", "Y", Some("2021-06-01"), ""),
            article("x2", "X", None, ""),
            article("z3", "Z", None, ""),
            article("x4", "X", Some("2020-02-01"), ""),
            article("y5", "Y", None, ""),
            article("x6", "X", Some("2020-03-01"), ""),
            article("y7", "Y", Some("2021-07-01"), ""),
            article("y8", "Y", None, ""),
        ];
        // A date inferred is no one's reference: x4 is passed over for x6.
        a[4].date.provenance = Provenance::Inferred;
        // (undated article, its nearest reference before, after)
        let want = [(2, Some(0), Some(6)), (3, None, None), (5, Some(1), Some(7)), (8, Some(7), None)];
        let wanted: Vec<usize> = want.iter().map(|w| w.0).collect();
        assert_eq!(dated_neighbours(&a, &wanted), want.map(|w| (w.1, w.2)));
    }

    #[test]
    fn a_weekday_date_takes_its_year_from_the_next_article_when_none_comes_before() {
        // 3 January 2020 was a Friday; the article after is dated 2020-01-10, the one before is
        // another outlet's.
        let mut a = vec![
            article("y0", "Y", Some("2014-05-05"), ""),
            article("u1", "X", None, "On Friday 3 January the strike came."),
            article("x2", "X", Some("2020-01-10"), ""),
        ];
        let notes = infer_weekday_dates(&mut a, &TextStore::Records).unwrap();
        assert_eq!(a[1].date.value.map(|d| d.to_string()).as_deref(), Some("2020-01-03"));
        assert_eq!(notes, [(1, "date 2020-01-03 inferred from \"Friday 3 January\" nearest X's neighbouring article x2 (2020-01-10)".to_string())]);
    }
}
