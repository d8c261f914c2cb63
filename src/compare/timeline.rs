//! Timeline: dated articles in, the time bucket each falls into out (day, ISO week, month).

use crate::study::Bucket;
use chrono::{Datelike, NaiveDate};

/// Resolves `Auto` from the corpus's date span: day up to 31 days, week up to 366, month beyond.
pub fn resolve(bucket: Bucket, first: Option<NaiveDate>, last: Option<NaiveDate>) -> Bucket {
    match (bucket, first, last) {
        (Bucket::Auto, Some(a), Some(b)) => match (b - a).num_days() {
            0..=31 => Bucket::Day,
            32..=366 => Bucket::Week,
            _ => Bucket::Month,
        },
        (Bucket::Auto, _, _) => Bucket::Day,
        (b, _, _) => b,
    }
}

/// The first day of the bucket holding `date`.
pub fn bucket_start(date: NaiveDate, bucket: Bucket) -> NaiveDate {
    match bucket {
        Bucket::Day | Bucket::Auto => date,
        Bucket::Week => date - chrono::Duration::days(i64::from(date.weekday().num_days_from_monday())),
        Bucket::Month => date.with_day(1).expect("day 1 exists"),
    }
}

/// The start of every bucket from `first`'s to `last`'s, in order.
pub fn buckets_between(first: NaiveDate, last: NaiveDate, bucket: Bucket) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut at = bucket_start(first, bucket);
    while at <= last {
        out.push(at);
        at = match bucket {
            Bucket::Day | Bucket::Auto => at + chrono::Duration::days(1),
            Bucket::Week => at + chrono::Duration::days(7),
            Bucket::Month => at.checked_add_months(chrono::Months::new(1)).expect("date in range"),
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn buckets() {
        // 2031-03-14 is a Friday; its ISO week starts on Monday 2031-03-10.
        assert_eq!(bucket_start(d(2031, 3, 14), Bucket::Week), d(2031, 3, 10));
        assert_eq!(bucket_start(d(2031, 3, 10), Bucket::Week), d(2031, 3, 10));
        assert_eq!(bucket_start(d(2031, 3, 14), Bucket::Month), d(2031, 3, 1));
        assert_eq!(bucket_start(d(2031, 3, 14), Bucket::Day), d(2031, 3, 14));
    }

    #[test]
    fn buckets_between_cover_the_range() {
        let b = buckets_between(d(2031, 1, 30), d(2031, 3, 2), Bucket::Month);
        assert_eq!(b, vec![d(2031, 1, 1), d(2031, 2, 1), d(2031, 3, 1)]);
        let b = buckets_between(d(2031, 3, 14), d(2031, 3, 24), Bucket::Week);
        assert_eq!(b, vec![d(2031, 3, 10), d(2031, 3, 17), d(2031, 3, 24)]);
        assert_eq!(buckets_between(d(2031, 3, 3), d(2031, 3, 5), Bucket::Day).len(), 3);
    }

    #[test]
    fn auto_follows_the_span() {
        let a = d(2031, 3, 3);
        assert_eq!(resolve(Bucket::Auto, Some(a), Some(d(2031, 3, 24))), Bucket::Day);
        assert_eq!(resolve(Bucket::Auto, Some(a), Some(d(2031, 9, 24))), Bucket::Week);
        assert_eq!(resolve(Bucket::Auto, Some(a), Some(d(2033, 3, 24))), Bucket::Month);
        assert_eq!(resolve(Bucket::Month, Some(a), Some(a)), Bucket::Month);
    }
}
