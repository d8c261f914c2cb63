//! LIWC dictionaries (2007 and 2015 `.dic`): dictionary text in, categories out. The file opens
//! with a block between two `%` lines of `id<TAB>category` declarations, followed by one entry a
//! line, `word<TAB>id id ...` (a trailing `*` is a prefix glob; LIWC 2015 entries may be phrases).
//! LIWC 2007's conditional entries (`like (02 134)125/464 ...`), whose category depends on the
//! neighbouring word, cannot be represented and are reported.

use super::{Categories, Parsed};
use std::collections::BTreeMap;

pub(super) fn parse(text: &str) -> Parsed {
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l.trim_end_matches('\r')));
    // Header: up to the first `%`, only blank lines.
    let mut opened = false;
    for (n, line) in lines.by_ref() {
        match line.trim() {
            "" => continue,
            "%" => {
                opened = true;
                break;
            }
            _ => return Err((n, "a LIWC dictionary starts with a line holding only `%`".into())),
        }
    }
    if !opened {
        return Err((1, "empty file: a LIWC dictionary starts with a line holding only `%`".into()));
    }
    let mut categories = Categories::default();
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    let mut closed = false;
    for (n, line) in lines.by_ref() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if line == "%" {
            closed = true;
            break;
        }
        let mut fields = line.split_whitespace();
        let (Some(id), Some(name)) = (fields.next(), fields.next()) else {
            return Err((n, format!("expected `id<TAB>category` in the header, found {line:?}")));
        };
        let index = categories.declare(name, n);
        ids.insert(normal_id(id), index);
    }
    if !closed {
        return Err((1, "the category block is not closed by a second `%` line".into()));
    }
    for (n, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        // LIWC 2015 separates the entry (which may contain spaces) from its ids with a tab.
        let (word, rest) = match line.split_once('\t') {
            Some((w, rest)) => (w.trim(), rest),
            None => match line.trim().split_once(char::is_whitespace) {
                Some((w, rest)) => (w, rest),
                None => return Err((n, format!("entry {:?} has no category ids", line.trim()))),
            },
        };
        let fields: Vec<&str> = rest.split_whitespace().collect();
        if fields.iter().any(|f| f.contains('(') || f.contains(')') || f.contains('/')) {
            let first = fields.iter().find_map(|f| ids.get(&normal_id(f))).copied();
            let category = first.map(|i| categories_name(&categories, i)).unwrap_or_default();
            categories.unsupported(
                n,
                &category,
                word,
                "a conditional entry (its category depends on the neighbouring word) cannot be represented",
            );
            continue;
        }
        if fields.is_empty() {
            return Err((n, format!("entry {word:?} has no category ids")));
        }
        for id in fields {
            let Some(&index) = ids.get(&normal_id(id)) else {
                return Err((n, format!("entry {word:?} names category id {id}, which the header does not declare")));
            };
            categories.add(index, word, n);
        }
    }
    categories.finish()
}

/// Ids are compared as numbers when they are numbers ("02" is category 2).
fn normal_id(id: &str) -> String {
    id.parse::<u64>().map(|n| n.to_string()).unwrap_or_else(|_| id.to_string())
}

fn categories_name(categories: &Categories, index: usize) -> String {
    categories.name(index).to_string()
}
