//! Lexicoder dictionaries (`.lc3`): dictionary text in, categories out. A line `+category` opens a
//! category; each following non-empty line is one entry (a word, a phrase, a `*` prefix glob),
//! usually in capitals. Lexicoder matches case-insensitively, as slant does.

use super::{Categories, Parsed};

pub(super) fn parse(text: &str) -> Parsed {
    let mut categories = Categories::default();
    let mut current = None;
    for (i, line) in text.lines().enumerate() {
        let (n, line) = (i + 1, line.trim());
        if line.is_empty() {
            continue;
        }
        if let Some(name) = line.strip_prefix('+') {
            let name = name.trim();
            if name.is_empty() {
                return Err((n, "a `+` line must name its category".into()));
            }
            current = Some(categories.declare(name, n));
            continue;
        }
        let Some(c) = current else {
            return Err((n, format!("entry {line:?} comes before any `+category` line")));
        };
        categories.add(c, line, n);
    }
    categories.finish()
}
