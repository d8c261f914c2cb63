//! Dates: a date string in, a calendar date (or the reason it is not one) out. Reads ISO 8601
//! (`2020-01-05`, with or without a time), `2020/01/05`, "5 January 2020", "January 5, 2020",
//! "Jan 5 2020", RFC 2822 ("Sun, 05 Jan 2020 10:00:00 +0000"), Unix timestamps and numeric
//! dates ("1/5/20", "01/05/2020": month-first unless `DateOrder::DayFirst`; two-digit years
//! 00–69 are 20xx and 70–99 are 19xx, the POSIX `strptime` convention). Written with
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

/// How to read a numeric date whose first two numbers could both be a month ("01/05/2020").
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    serde::Serialize,
    serde::Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum DateOrder {
    /// 01/05/2020 is January 5 (United States usage).
    #[default]
    MonthFirst,
    /// 01/05/2020 is 1 May (most of the world).
    DayFirst,
}

impl DateOrder {
    pub fn describe(self) -> &'static str {
        match self {
            DateOrder::MonthFirst => "month first; --day-first reads it the other way",
            DateOrder::DayFirst => "day first, as --day-first asks",
        }
    }
}

fn numeric() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})(?:[^0-9]|$)").unwrap())
}

/// Parses a date at the start of `s`, reading numeric day/month dates in `order`. The flag is
/// true when the date was numeric and could have been read the other way round (both numbers
/// 12 or less and different), so the ingest log can say it was ambiguous.
pub fn parse_prefix_ordered(s: &str, order: DateOrder) -> (Parsed, bool) {
    if let Some(c) = numeric().captures(s.trim()) {
        let (a, b): (u32, u32) = (c[1].parse().unwrap_or(0), c[2].parse().unwrap_or(0));
        let year: i32 = c[3].parse().unwrap_or(0);
        let year = match c[3].len() {
            2 if year < 70 => 2000 + year,
            2 => 1900 + year,
            _ => year,
        };
        let ambiguous = a <= 12 && b <= 12 && a != b;
        let (month, day) = match order {
            DateOrder::MonthFirst => (a, b),
            DateOrder::DayFirst => (b, a),
        };
        return (ymd(year, month, day), ambiguous);
    }
    (parse_prefix(s), false)
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
    if numeric().is_match(s) {
        return parse_prefix_ordered(s, DateOrder::MonthFirst).0;
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
    fn numeric_dates_follow_the_order_and_flag_ambiguity() {
        use DateOrder::*;
        let cases = [
            ("1/5/20", MonthFirst, d(2020, 1, 5), true),
            ("1/5/20", DayFirst, d(2020, 5, 1), true),
            ("01/05/2020", MonthFirst, d(2020, 1, 5), true),
            ("01/05/2020", DayFirst, d(2020, 5, 1), true),
            ("25/12/2019", DayFirst, d(2019, 12, 25), false),
            ("12/25/99", MonthFirst, d(1999, 12, 25), false),
            ("3/3/2031 10:00", DayFirst, d(2031, 3, 3), false),
            ("05.01.2020", DayFirst, d(2020, 1, 5), true),
            (
                "25/12/2019",
                MonthFirst,
                Parsed::Invalid("2019-25-12 is not a calendar date".into()),
                false,
            ),
            ("2020-01-05", DayFirst, d(2020, 1, 5), false),
        ];
        for (text, order, want, ambiguous) in cases {
            assert_eq!(
                parse_prefix_ordered(text, order),
                (want, ambiguous),
                "parsing {text:?} {order:?}"
            );
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
