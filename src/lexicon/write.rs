//! Lexicon writing: a `Lexicon` in, slant's TOML lexicon format out (the `[lexicon]` table and one
//! `[[category]]` table per category, a pattern a line), so that an imported dictionary can be
//! read, edited and versioned like the built-in lexicons.

use super::Lexicon;
use std::fmt::Write;

/// A TOML string literal (basic string, escaped as TOML requires).
fn quote(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The lexicon as TOML text that `Lexicon::parse` reads back to the same categories and patterns.
pub fn to_toml(lexicon: &Lexicon) -> String {
    let m = &lexicon.meta;
    let mut out = String::from("[lexicon]\n");
    for (key, value) in [
        ("name", &m.name),
        ("version", &m.version),
        ("language", &m.language),
        ("description", &m.description),
        ("source", &m.source),
        ("licence", &m.licence),
    ] {
        let _ = writeln!(out, "{key} = {}", quote(value));
    }
    if let Some(n) = m.negation_window {
        let _ = writeln!(out, "negation_window = {n}");
    }
    if m.shared_patterns {
        out.push_str("shared_patterns = true\n");
    }
    for c in &lexicon.categories {
        let _ = write!(out, "\n[[category]]\nname = {}\n", quote(&c.name));
        if !c.description.is_empty() {
            let _ = writeln!(out, "description = {}", quote(&c.description));
        }
        if let Some(n) = c.negation_window {
            let _ = writeln!(out, "negation_window = {n}");
        }
        out.push_str("patterns = [\n");
        for p in &c.patterns {
            let _ = writeln!(out, "  {},", quote(p));
        }
        out.push_str("]\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_metadata_categories_and_patterns() {
        let text = "[lexicon]\nname = \"q \\\"x\\\"\"\nversion = \"1\"\ndescription = \"d\"\nsource = \"C:\\\\dics\\\\a.dic\"\n\
                    licence = \"unknown\"\nnegation_window = 2\nshared_patterns = true\n\
                    [[category]]\nname = \"a.b\"\nnegation_window = 0\npatterns = [\"kill*\", \"drone strike\", \"according to *\"]\n\
                    [[category]]\nname = \"c\"\ndescription = \"more\"\npatterns = [\"kill*\", \"don't\"]\n";
        let lex = Lexicon::parse(text, "x.toml").unwrap();
        let again = Lexicon::parse(&to_toml(&lex), "y.toml").unwrap();
        assert_eq!(again.meta, lex.meta);
        assert_eq!(again.categories, lex.categories);
        assert_eq!(again.meta.name, "q \"x\"");
        assert_eq!(again.categories[1].patterns, ["kill*", "don't"]);
    }
}
