//! Plain-text articles: a `.txt` or `.md` file's contents in, a `Record` out. The headline is the
//! first non-empty line that is not a date line; the outlet comes from a credit line (the outlet's
//! name alone on a line just under the headline, as "Press TV"), from a dateline prefix
//! ("Iran Press/America: The assassination…", "BAGHDAD (Reuters) — …") or from Markdown front
//! matter; the date from a date line ("date 2024-01-08 #tags", "Published: 14 March 2031") or
//! front matter. Anything not found is left empty, never guessed.

use super::dates::{self, Parsed};
use super::record::Record;
use regex::Regex;
use std::sync::OnceLock;

/// How many lines at the top of a file may hold the headline, credit line and date line.
const HEADER_LINES: usize = 6;
/// How many body paragraphs are searched for a dateline prefix.
const DATELINE_PARAGRAPHS: usize = 3;

fn date_line() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)^\s*(?:date|dated|published|posted|updated)(?:\s+on)?\s*:?\s+(.+)$").unwrap())
}

fn datelines() -> &'static [Regex; 2] {
    static RE: OnceLock<[Regex; 2]> = OnceLock::new();
    RE.get_or_init(|| {
        [
            // Iran Press/America: …
            Regex::new(r"^([A-Z][\w&'’.-]*(?:[ ][A-Z][\w&'’.-]*){0,4})/[A-Z][^:\n]{0,40}:\s+\S").unwrap(),
            // BAGHDAD (Reuters) — …
            Regex::new(r"^[A-Z][A-Z .,'’-]{2,40}\s\(([A-Z][^()\n]{1,40})\)\s*[-—–]\s").unwrap(),
        ]
    })
}

/// Reads a plain-text or Markdown article. Returns the record; `notes` carry anything a reader of
/// the ingest log should know (e.g. an impossible date).
pub fn parse(content: &str) -> Record {
    let mut record = Record::default();
    let content = read_front_matter(content, &mut record);

    let mut lines = Vec::new(); // (start, end) byte offsets of non-empty lines
    let mut offset = 0;
    for line in content.split_inclusive('\n') {
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            let lead = line.len() - line.trim_start().len();
            lines.push((offset + lead, offset + lead + trimmed.len()));
        }
        offset += line.len();
    }

    let mut title: Option<&str> = None;
    let mut body_start = content.len();
    for &(start, end) in lines.iter().take(HEADER_LINES) {
        let line = &content[start..end];
        if let Some(c) = date_line().captures(line) {
            let parsed = dates::parse_prefix(&c[1]);
            if record.date.is_none() && !matches!(parsed, Parsed::NotADate) {
                record.set_date(parsed, "date line");
                body_start = end;
                continue;
            }
        }
        if title.is_none() {
            title = Some(line);
            body_start = end;
            continue;
        }
        if record.outlet.is_none() && is_credit_line(line) {
            record.outlet = Some(line.to_string());
            body_start = end;
            continue;
        }
        break;
    }

    let body = content[body_start..].trim();
    if record.outlet.is_none() {
        record.outlet = find_dateline(body);
    }
    if record.title.is_none() {
        record.title = title.map(str::to_string);
    }
    record.text = match title {
        Some(t) if body.is_empty() => t.to_string(),
        Some(t) => format!("{t}\n\n{body}"),
        None => String::new(),
    };
    record
}

/// The outlet's name alone on a short line: one to five capitalised words, no sentence punctuation,
/// no digits, not a byline.
fn is_credit_line(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    if line.len() > 48 || words.is_empty() || words.len() > 5 {
        return false;
    }
    if line.ends_with(['.', '!', '?', ':', ';', ',']) || line.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    if words[0].eq_ignore_ascii_case("by") {
        return false;
    }
    let connector = |w: &str| matches!(w, "of" | "the" | "and" | "&" | "de" | "al" | "el" | "for" | "on");
    words[0].chars().next().is_some_and(char::is_uppercase)
        && words.iter().all(|w| connector(w) || w.chars().next().is_some_and(|c| c.is_uppercase()))
}

/// An outlet named in a dateline prefix of one of the first paragraphs.
fn find_dateline(body: &str) -> Option<String> {
    body.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .take(DATELINE_PARAGRAPHS)
        .find_map(|paragraph| datelines().iter().find_map(|re| re.captures(paragraph)).map(|c| c[1].trim().to_string()))
}

/// Markdown front matter between `---` lines: `outlet:` (or `source:`, `publisher:`), `date:`,
/// `title:`, `url:`. Returns the content after it.
fn read_front_matter<'a>(content: &'a str, record: &mut Record) -> &'a str {
    let content = content.strip_prefix('\u{feff}').unwrap_or(content);
    let Some(rest) = content.strip_prefix("---\n").or_else(|| content.strip_prefix("---\r\n")) else {
        return content;
    };
    let Some(end) = rest.find("\n---") else { return content };
    for line in rest[..end].lines() {
        let Some((key, value)) = line.split_once(':') else { continue };
        let value = value.trim().trim_matches(['"', '\'']).trim();
        if value.is_empty() {
            continue;
        }
        match key.trim().to_lowercase().as_str() {
            "outlet" | "source" | "publisher" => record.outlet = Some(value.to_string()),
            "title" | "headline" => record.title = Some(value.to_string()),
            "url" | "link" => record.url = Some(value.to_string()),
            "group" => record.group = Some(value.to_string()),
            "date" | "published" => record.set_date(dates::parse(value), "front matter date"),
            _ => {}
        }
    }
    record.from_fields = true;
    let after = &rest[end + 4..];
    after.split_once('\n').map_or("", |(_, body)| body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn credit_line_under_the_headline_names_the_outlet() {
        let r = parse("US forces leave: sources\n\nPress TV\n\nInformed sources said so.\n");
        assert_eq!(r.title.as_deref(), Some("US forces leave: sources"));
        assert_eq!(r.outlet.as_deref(), Some("Press TV"));
        assert_eq!(r.text, "US forces leave: sources\n\nInformed sources said so.");
        assert_eq!(r.date, None);
    }

    #[test]
    fn date_line_before_the_headline() {
        let r = parse(" date 2024-01-08 #Pentagon #denies\n\nThe minister spoke on Friday.\n\nMore text.");
        assert_eq!(r.date, Some(NaiveDate::from_ymd_opt(2024, 1, 8).unwrap()));
        assert_eq!(r.title.as_deref(), Some("The minister spoke on Friday."));
        assert_eq!(r.outlet, None, "a sentence is not a credit line");
        assert_eq!(r.text, "The minister spoke on Friday.\n\nMore text.");
    }

    #[test]
    fn dateline_prefix_names_the_outlet() {
        let cases = [
            ("Headline here\n\nIran Press/America: The strike enraged leaders.", Some("Iran Press")),
            ("Headline\n\nVelmora Daily/Velmora: Crowds gathered.", Some("Velmora Daily")),
            ("Headline\n\nBAGHDAD (Reuters) — Crowds gathered.", Some("Reuters")),
            ("Headline\n\nRead More:\n\nNothing.", None),
            ("Headline\n\nMeanwhile: nothing here.", None),
        ];
        for (text, want) in cases {
            assert_eq!(parse(text).outlet.as_deref(), want, "{text:?}");
        }
    }

    #[test]
    fn credit_lines_are_short_capitalised_names() {
        let cases = [
            ("Press TV", true),
            ("Korvan State Broadcaster", true),
            ("The Voice of the People", true),
            ("By Jane Smith", false),
            ("Read More:", false),
            ("211/104", false),
            ("The sources said Sunday the US has withdrawn.", false),
            ("Hundreds of thousands of people chanted", false),
        ];
        for (line, want) in cases {
            assert_eq!(is_credit_line(line), want, "{line:?}");
        }
    }

    #[test]
    fn published_line_after_credit_line() {
        let r = parse("Headline\n\nHarbor Herald\n\nPublished: March 14, 2031\n\nBody text.");
        assert_eq!(r.outlet.as_deref(), Some("Harbor Herald"));
        assert_eq!(r.date, Some(NaiveDate::from_ymd_opt(2031, 3, 14).unwrap()));
        assert_eq!(r.text, "Headline\n\nBody text.");
    }

    #[test]
    fn impossible_date_line_is_noted_not_used() {
        let r = parse("Headline\n\ndate 2031-02-31\n\nBody.");
        assert_eq!(r.date, None);
        assert_eq!(r.notes, vec!["date line: 2031-02-31 is not a calendar date".to_string()]);
    }

    #[test]
    fn markdown_front_matter() {
        let r = parse("---\noutlet: Harbor Herald\ndate: 2031-03-02\ntitle: \"Port reopens\"\n---\n# Port reopens\n\nShips came back.");
        assert!(r.from_fields);
        assert_eq!(r.outlet.as_deref(), Some("Harbor Herald"));
        assert_eq!(r.title.as_deref(), Some("Port reopens"));
        assert_eq!(r.date, Some(NaiveDate::from_ymd_opt(2031, 3, 2).unwrap()));
        assert_eq!(r.text, "# Port reopens\n\nShips came back.");
    }
}
