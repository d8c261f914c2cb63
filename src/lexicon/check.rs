//! Lexicon checking: a `RawLexicon` (as read from any file format) in, the valid `Lexicon` and every
//! problem found out, each naming the file, line, category and pattern.
//!
//! What the matcher does decides what a problem is. At each position the longest pattern wins;
//! among patterns of equal length the more specific wins, token by token from the first: an exact
//! word beats a glob, a glob with a longer stem beats a shorter one (`killi*` over `kill*`), and any
//! glob beats the any-word slot `*`. Under that rule:
//!
//! - A pattern is **unreachable** (it can never produce a hit) exactly when it repeats a pattern
//!   already listed ([`ProblemKind::Duplicate`]: the first one always wins), or when one of its
//!   words can never be a token ([`ProblemKind::Unmatchable`]: the tokenizer splits "self-defence"
//!   into two words, so the pattern `self-defence` can never match). Every other pattern wins at
//!   least on the words it names exactly: a glob, for instance, always wins on a word that no more
//!   specific pattern lists, and a glob matches infinitely many words.
//! - A pattern is **redundant** ([`ProblemKind::Redundant`], a warning) when removing it would not
//!   change any count: another pattern of the same category and the same length matches every
//!   sequence it matches (`kill*` covers `killing`; `drone strike*` covers `drone strike`;
//!   `according to *` covers `according to him`), and no pattern of another category of the same
//!   length could match any of those sequences (otherwise the listed pattern is an exception that
//!   keeps the word in its category, which is intended).
//!
//! Duplicates and unmatchable or invalid patterns are errors: `--lexicon` refuses a file with any,
//! `slant lexicon check` lists them all and exits with code 2.

use super::{Category, Lexicon, PatternError, RawLexicon, canonical_pattern};
use std::collections::BTreeMap;
use std::fmt;

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The file is refused by `--lexicon` and `lexicon check` exits with code 2.
    Error,
    /// Worth fixing, but counts are unaffected.
    Warning,
}

/// What kind of problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProblemKind {
    /// Bad pattern syntax (empty, `*` inside a word or at the start).
    Invalid,
    /// A word the tokenizer can never produce as one token: unreachable.
    Unmatchable,
    /// The same pattern listed twice: the second is unreachable.
    Duplicate,
    /// Covered by another pattern of the same category: removing it changes no count.
    Redundant,
    /// A problem with the file's structure (a category without patterns, ...).
    Structure,
    /// An entry of an imported dictionary that slant's pattern syntax cannot express (a LIWC
    /// conditional entry, a glob at the start of a word, a `?` wildcard).
    Unsupported,
}

impl ProblemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemKind::Invalid => "invalid",
            ProblemKind::Unmatchable => "unreachable",
            ProblemKind::Duplicate => "duplicate",
            ProblemKind::Redundant => "redundant",
            ProblemKind::Structure => "structure",
            ProblemKind::Unsupported => "cannot be represented",
        }
    }
}

/// One problem of a lexicon file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    pub kind: ProblemKind,
    pub location: String,
    pub line: Option<usize>,
    pub category: Option<String>,
    pub pattern: Option<String>,
    pub message: String,
}

impl Problem {
    /// An error in the file's structure as a whole (no line, category or pattern).
    fn structure(location: &str, message: impl Into<String>) -> Problem {
        Problem {
            severity: Severity::Error,
            kind: ProblemKind::Structure,
            location: location.to_string(),
            line: None,
            category: None,
            pattern: None,
            message: message.into(),
        }
    }

    /// The problem without the file name: "line 12, category "x", pattern "y": why".
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(line) = self.line {
            parts.push(format!("line {line}"));
        }
        if let Some(c) = &self.category {
            parts.push(format!("category {c:?}"));
        }
        if let Some(p) = &self.pattern {
            parts.push(format!("pattern {p:?}"));
        }
        if parts.is_empty() { self.message.clone() } else { format!("{}: {}", parts.join(", "), self.message) }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {severity} ({}): {}", self.location, self.kind.as_str(), self.describe())
    }
}

/// Validates every category and pattern of `raw`. Returns the lexicon made of the valid patterns
/// (categories left without any are dropped) and all problems, in file order.
pub fn validate(raw: RawLexicon) -> (Lexicon, Vec<Problem>) {
    let location = raw.location.clone();
    let mut problems = Vec::new();
    let problem = |severity, kind, line, category: &str, pattern: Option<&str>, message: String| Problem {
        severity,
        kind,
        location: location.clone(),
        line,
        category: Some(category.to_string()),
        pattern: pattern.map(str::to_string),
        message,
    };
    if raw.categories.is_empty() {
        problems.push(Problem::structure(&location, "no categories"));
    }
    // canonical pattern → (category index, line) of its first listing
    let mut seen: BTreeMap<String, Vec<(usize, Option<usize>)>> = BTreeMap::new();
    let mut names: BTreeMap<&str, Option<usize>> = BTreeMap::new();
    let mut categories = Vec::new();
    let mut lines: Vec<Vec<Option<usize>>> = Vec::new();
    for (ci, category) in raw.categories.iter().enumerate() {
        if let Some(first) = names.insert(&category.name, category.line) {
            let at = first.map(|l| format!(" (first at line {l})")).unwrap_or_default();
            problems.push(problem(
                Severity::Error,
                ProblemKind::Duplicate,
                category.line,
                &category.name,
                None,
                format!("category name used twice{at}"),
            ));
        }
        let mut patterns = Vec::new();
        let mut pattern_lines = Vec::new();
        for raw_pattern in &category.patterns {
            let (line, text) = (raw_pattern.line, raw_pattern.text.as_str());
            let pattern = match canonical_pattern(text) {
                Ok(p) => p,
                Err(PatternError::Invalid(why)) => {
                    problems.push(problem(Severity::Error, ProblemKind::Invalid, line, &category.name, Some(text), why));
                    continue;
                }
                Err(PatternError::Unmatchable(why)) => {
                    problems.push(problem(Severity::Error, ProblemKind::Unmatchable, line, &category.name, Some(text), why));
                    continue;
                }
            };
            let earlier = seen.entry(pattern.clone()).or_default();
            let clash = earlier.iter().find(|(c, _)| *c == ci || !raw.meta.shared_patterns);
            if let Some(&(c, first_line)) = clash {
                let at = first_line.map(|l| format!(" at line {l}")).unwrap_or_default();
                let message = if c == ci {
                    format!("listed twice in this category (first{at}): the second can never match")
                } else {
                    format!(
                        "appears twice (categories {:?}{at} and {:?}); a word may count in one category only \
                         (set `shared_patterns = true` in [lexicon] to count it in both)",
                        raw.categories[c].name, category.name
                    )
                };
                problems.push(problem(Severity::Error, ProblemKind::Duplicate, line, &category.name, Some(text), message));
                continue;
            }
            earlier.push((ci, line));
            patterns.push(pattern);
            pattern_lines.push(line);
        }
        if patterns.is_empty() {
            // A category whose patterns were all refused is dropped; those problems say why.
            if !category.patterns.is_empty() {
                continue;
            }
            problems.push(problem(
                Severity::Error,
                ProblemKind::Structure,
                category.line,
                &category.name,
                None,
                "category has no patterns".into(),
            ));
            continue;
        }
        categories.push(Category {
            name: category.name.clone(),
            description: category.description.clone(),
            negation_window: category.negation_window,
            patterns,
        });
        lines.push(pattern_lines);
    }
    if categories.len() > usize::from(u16::MAX) {
        problems.push(Problem::structure(&location, "too many categories"));
        categories.truncate(usize::from(u16::MAX));
    }
    problems.extend(redundant(&categories, &lines, &location));
    problems.sort_by_key(|p| (p.line.unwrap_or(0), p.severity));
    let lexicon = Lexicon { meta: raw.meta, categories, location: raw.location, sha256: raw.sha256 };
    (lexicon, problems)
}

/// Whether pattern token `general` matches every word that token `specific` matches.
fn token_covers(general: &str, specific: &str) -> bool {
    if general == "*" || general == specific {
        return true;
    }
    match general.strip_suffix('*') {
        Some(stem) => specific != "*" && specific.trim_end_matches('*').starts_with(stem),
        None => false,
    }
}

/// Whether some word matches both pattern tokens.
fn tokens_overlap(a: &str, b: &str) -> bool {
    // Two globs overlap when one stem extends the other, an exact word and a glob when the word
    // starts with the stem; two different exact words never do.
    token_covers(a, b) || token_covers(b, a)
}

/// A pattern split into tokens, with its category and its index in the category.
struct Split<'a> {
    category: usize,
    index: usize,
    tokens: Vec<&'a str>,
}

/// Redundancy warnings (see the module documentation for the definition).
fn redundant(categories: &[Category], lines: &[Vec<Option<usize>>], location: &str) -> Vec<Problem> {
    // Patterns grouped by length; only same-length patterns compete at a position.
    let mut by_len: BTreeMap<usize, Vec<Split>> = BTreeMap::new();
    for (category, c) in categories.iter().enumerate() {
        for (index, p) in c.patterns.iter().enumerate() {
            let tokens: Vec<&str> = p.split(' ').collect();
            by_len.entry(tokens.len()).or_default().push(Split { category, index, tokens });
        }
    }
    let mut out = Vec::new();
    for group in by_len.values() {
        // Only patterns with a glob or a slot can cover another.
        let general: Vec<&Split> = group.iter().filter(|g| g.tokens.iter().any(|x| x.ends_with('*'))).collect();
        for Split { category: ci, index: pi, tokens: toks } in group {
            let cover = general.iter().find(|g| {
                g.category == *ci && g.index != *pi && g.tokens.iter().zip(toks).all(|(g, s)| token_covers(g, s))
            });
            let Some(Split { index: gp, .. }) = cover else { continue };
            let exception = group
                .iter()
                .any(|o| o.category != *ci && o.tokens.iter().zip(toks).all(|(o, s)| tokens_overlap(o, s)));
            if exception {
                continue;
            }
            let c = &categories[*ci];
            out.push(Problem {
                severity: Severity::Warning,
                kind: ProblemKind::Redundant,
                location: location.to_string(),
                line: lines[*ci][*pi],
                category: Some(c.name.clone()),
                pattern: Some(c.patterns[*pi].clone()),
                message: format!("redundant: {:?} in the same category already matches it", c.patterns[*gp]),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::RawLexicon;

    fn check(shared: bool, categories: &[(&str, &[&str])]) -> Vec<(ProblemKind, String, Option<usize>)> {
        let mut toml = format!(
            "[lexicon]\nname='t'\nversion='1'\ndescription='t'\nsource='t'\nlicence='CC0-1.0'\nshared_patterns={shared}\n"
        );
        for (name, patterns) in categories {
            toml.push_str(&format!("[[category]]\nname='{name}'\npatterns=[\n"));
            for p in *patterns {
                toml.push_str(&format!("{p:?},\n"));
            }
            toml.push_str("]\n");
        }
        let (_, problems) = validate(RawLexicon::from_toml(&toml, "t.toml").unwrap());
        problems.into_iter().map(|p| (p.kind, p.pattern.unwrap_or_default(), p.line)).collect()
    }

    #[test]
    fn lists_every_problem_with_its_line() {
        // Header is 7 lines; category "a" opens at line 8, its patterns are lines 11-14; category
        // "b" opens at line 16, its patterns are lines 19-21.
        let got = check(
            false,
            &[("a", &["kill*", "killing", "self-defence", "kill*"]), ("b", &["killing", "*", "slay"])],
        );
        assert_eq!(
            got,
            vec![
                (ProblemKind::Redundant, "killing".into(), Some(12)),
                (ProblemKind::Unmatchable, "self-defence".into(), Some(13)),
                (ProblemKind::Duplicate, "kill*".into(), Some(14)),
                (ProblemKind::Duplicate, "killing".into(), Some(19)),
                (ProblemKind::Invalid, "*".into(), Some(20)),
            ]
        );
    }

    #[test]
    fn redundancy_is_coverage_within_a_category_without_rivals() {
        type Categories<'a> = &'a [(&'a str, &'a [&'a str])];
        let cases: &[(Categories, &[&str])] = &[
            // A glob covers a word it starts, a phrase with a glob covers the exact phrase.
            (&[("a", &["kill*", "killing", "drone strike*", "drone strike"])], &["killing", "drone strike"]),
            // A longer stem is covered by a shorter one; a slot covers any word.
            (&[("a", &["kill*", "killi*", "according to *", "according to him"])], &["killi*", "according to him"]),
            // Different lengths never compete: "kill" (one word) is not covered by "kill* it".
            (&[("a", &["kill* it", "kill"])], &[]),
            // An exception: without "killing", "killi*" of category b would win on "killing".
            (&[("a", &["kill*", "killing"]), ("b", &["killi*"])], &[]),
            // A glob does not cover a word that does not start with its stem.
            (&[("a", &["kill*", "skill"])], &[]),
        ];
        for (categories, want) in cases {
            let got: Vec<String> = check(false, categories)
                .into_iter()
                .filter(|(k, _, _)| *k == ProblemKind::Redundant)
                .map(|(_, p, _)| p)
                .collect();
            assert_eq!(got, *want, "{categories:?}");
        }
    }

    #[test]
    fn shared_patterns_allow_one_word_in_several_categories_but_not_twice_in_one() {
        let got = check(true, &[("a", &["kill*", "grief"]), ("b", &["kill*", "grief", "grief"])]);
        // Category "b": name at line 15, patterns at lines 17-19.
        assert_eq!(got, vec![(ProblemKind::Duplicate, "grief".into(), Some(19))]);
    }
}
