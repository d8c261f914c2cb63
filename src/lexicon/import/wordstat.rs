//! WordStat categorisation dictionaries (`.cat`): dictionary text in, categories out. Categories
//! and entries are lines, nested by indentation: a line followed by a more indented line is a
//! category (nested ones are named `parent.child`), any other line is an entry of the category
//! above it. An entry may end in a weight such as `(1)`, which is ignored; `_` or a space joins the
//! words of a phrase, and a trailing `*` is a prefix glob.

use super::{Categories, Parsed};

fn indent(line: &str) -> usize {
    // A tab counts as one level deeper than any run of spaces an editor might mix in.
    line.chars().take_while(|c| c.is_whitespace()).map(|c| if c == '\t' { 8 } else { 1 }).sum()
}

/// The entry without its trailing weight: `TAX* (1)` → `TAX*`.
fn strip_weight(entry: &str) -> &str {
    let entry = entry.trim();
    if let Some(open) = entry.rfind('(')
        && entry.ends_with(')')
        && entry[open + 1..entry.len() - 1].trim().parse::<f64>().is_ok()
    {
        return entry[..open].trim_end();
    }
    entry
}

pub(super) fn parse(text: &str) -> Parsed {
    let lines: Vec<(usize, &str)> =
        text.lines().enumerate().map(|(i, l)| (i + 1, l.trim_end())).filter(|(_, l)| !l.trim().is_empty()).collect();
    let mut categories = Categories::default();
    // (indent, name) of the open categories, outermost first.
    let mut open: Vec<(usize, String)> = Vec::new();
    for (k, &(n, line)) in lines.iter().enumerate() {
        let depth = indent(line);
        while open.last().is_some_and(|(d, _)| *d >= depth) {
            open.pop();
        }
        let is_category = lines.get(k + 1).is_some_and(|&(_, next)| indent(next) > depth);
        if is_category {
            open.push((depth, strip_weight(line).to_string()));
            let path: Vec<&str> = open.iter().map(|(_, name)| name.as_str()).collect();
            categories.declare(&path.join("."), n);
            continue;
        }
        if open.is_empty() {
            return Err((n, format!("entry {:?} is not indented under a category", line.trim())));
        }
        let path: Vec<&str> = open.iter().map(|(_, name)| name.as_str()).collect();
        let c = categories.declare(&path.join("."), n);
        categories.add(c, &strip_weight(line).replace('_', " "), n);
    }
    categories.finish()
}
