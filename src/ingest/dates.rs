//! Dates: a date string in, a calendar date (or the reason it is not one) out. Reads ISO 8601
//! (`2020-01-05`, with or without a time), `2020/01/05`, "5 January 2020", "January 5, 2020",
//! "Jan 5 2020", RFC 2822 ("Sun, 05 Jan 2020 10:00:00 +0000") and Unix timestamps. Written with
//! chrono rather than a guessing parser so that a missing time is never filled with "now" and
//! `03/05/2024` is never silently read as month/day.

use chrono::{DateTime, NaiveDate};
use regex::Regex;
use std::sync::OnceLock;

/// Dates outside this range are treated as extraction errors (the ABP corpus has 0001-11-30).
pub const EARLIEST_YEAR: i32 = 1900;
pub const LATEST_YEAR: i32 = 2100;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    Date(NaiveDate),
    /// Shaped like a date but not a possible one, with the reason.
    Invalid(String),
    /// Not shaped like any date format slant reads.
    NotADate,
}

const MONTHS: &[&str] = &[
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december",
];

fn month_number(name: &str) -> Option<u32> {
    let name = name.trim_end_matches('.').to_lowercase();
    if name == "sept" {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| *m == name || (name.len() == 3 && m.starts_with(&name)))
        .map(|i| i as u32 + 1)
}

fn patterns() -> &'static [Regex; 4] {
    static RE: OnceLock<[Regex; 4]> = OnceLock::new();
    RE.get_or_init(|| {
        let weekday = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?";
        [
            // 2020-01-05, 2020/01/05, 2020-01-05T10:00:00Z
            Regex::new(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[^0-9]|$)").unwrap(),
            // 5 January 2020, Sun, 05 Jan 2020
            Regex::new(&format!(r"(?i)^{weekday}(\d{{1,2}})(?:st|nd|rd|th)?\s+([a-z]{{3,9}}\.?),?\s+(\d{{4}})\b")).unwrap(),
            // January 5, 2020 / Jan 5 2020
            Regex::new(&format!(r"(?i)^{weekday}([a-z]{{3,9}}\.?)\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b")).unwrap(),
            // Unix timestamp in seconds
            Regex::new(r"^\d{9,10}$").unwrap(),
        ]
    })
}

/// Parses a date at the start of `s` (leading whitespace ignored; whatever follows the date, such
/// as a time or hashtags, is ignored).
pub fn parse_prefix(s: &str) -> Parsed {
    let s = s.trim();
    let [iso, day_month, month_day, unix] = patterns();
    if let Some(c) = iso.captures(s) {
        return ymd(c[1].parse().unwrap_or(0), c[2].parse().unwrap_or(0), c[3].parse().unwrap_or(0));
    }
    if let Some(c) = day_month.captures(s)
        && let Some(m) = month_number(&c[2])
    {
        return ymd(c[3].parse().unwrap_or(0), m, c[1].parse().unwrap_or(0));
    }
    if let Some(c) = month_day.captures(s)
        && let Some(m) = month_number(&c[1])
    {
        return ymd(c[3].parse().unwrap_or(0), m, c[2].parse().unwrap_or(0));
    }
    if unix.is_match(s) {
        let seconds: i64 = s.parse().unwrap_or(0);
        return match DateTime::from_timestamp(seconds, 0) {
            Some(t) => in_range(t.date_naive()),
            None => Parsed::Invalid(format!("timestamp {s} is out of range")),
        };
    }
    Parsed::NotADate
}

/// Parses a whole field value as a date.
pub fn parse(s: &str) -> Parsed {
    parse_prefix(s)
}

fn ymd(year: i32, month: u32, day: u32) -> Parsed {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(d) => in_range(d),
        None => Parsed::Invalid(format!("{year:04}-{month:02}-{day:02} is not a calendar date")),
    }
}

fn in_range(d: NaiveDate) -> Parsed {
    use chrono::Datelike;
    if (EARLIEST_YEAR..=LATEST_YEAR).contains(&d.year()) {
        Parsed::Date(d)
    } else {
        Parsed::Invalid(format!("{d} is outside {EARLIEST_YEAR}–{LATEST_YEAR}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Parsed {
        Parsed::Date(NaiveDate::from_ymd_opt(y, m, day).unwrap())
    }

    #[test]
    fn reads_the_formats_news_data_uses() {
        let cases = [
            ("2024-01-08", d(2024, 1, 8)),
            ("2024-01-08 #Pentagon #denies", d(2024, 1, 8)),
            ("2020-01-05T10:31:00Z", d(2020, 1, 5)),
            ("2020-01-05 10:31:00", d(2020, 1, 5)),
            ("2020/1/5", d(2020, 1, 5)),
            ("5 January 2020", d(2020, 1, 5)),
            ("14 March 2031", d(2031, 3, 14)),
            ("3rd Jan 2020", d(2020, 1, 3)),
            ("March 14, 2031", d(2031, 3, 14)),
            ("Sept. 9, 2019", d(2019, 9, 9)),
            ("Sun, 05 Jan 2020 10:00:00 +0000", d(2020, 1, 5)),
            ("Friday, January 3, 2020", d(2020, 1, 3)),
            ("1578182400", d(2020, 1, 5)),
        ];
        for (text, want) in cases {
            assert_eq!(parse(text), want, "parsing {text:?}");
        }
    }

    #[test]
    fn impossible_dates_say_why() {
        let cases = [
            ("2031-02-31", "2031-02-31 is not a calendar date"),
            ("31 February 2031", "2031-02-31 is not a calendar date"),
            ("0001-11-30", "0001-11-30 is outside 1900–2100"),
            ("2150-01-01", "2150-01-01 is outside 1900–2100"),
        ];
        for (text, why) in cases {
            assert_eq!(parse(text), Parsed::Invalid(why.to_string()), "parsing {text:?}");
        }
    }

    #[test]
    fn non_dates_are_not_dates() {
        for text in ["", "Friday 3 January", "yesterday", "Press TV", "Maybe 12 troops 2020"] {
            assert_eq!(parse(text), Parsed::NotADate, "parsing {text:?}");
        }
    }
}
