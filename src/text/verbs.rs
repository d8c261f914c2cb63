//! Verbs: a word in, whether it is a verb form out. The list is the data file
//! `data/lexicons/verbs-en.txt` (its header gives name, version, source and licence), embedded at
//! build time; it tells the entity finder where a name's noun phrase ends ("Americans now see
//! Trump": "see" is no label of Trump's).

use crate::hash::HashMap;
use std::sync::OnceLock;

/// The embedded English verb list, as shipped in `data/lexicons/`.
pub const VERBS_EN: &str = include_str!("../../data/lexicons/verbs-en.txt");

/// How a listed word is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerbForm {
    /// Nearly always a verb before a name ("see", "replace", "calls").
    Verb,
    /// Also a noun inside a title or role ("fire" chief, talk "show" host): a verb only
    /// after a word that asks for one (`asks_for_verb`).
    NounOrVerb,
}

fn verbs() -> &'static HashMap<&'static str, VerbForm> {
    static MAP: OnceLock<HashMap<&'static str, VerbForm>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut form = None;
        let mut map = HashMap::default();
        for line in VERBS_EN.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
            match line {
                "[verb]" => form = Some(VerbForm::Verb),
                "[noun or verb]" => form = Some(VerbForm::NounOrVerb),
                word => {
                    // A word before the first section would be a broken data file, caught by the
                    // tests below rather than at run time.
                    if let Some(form) = form {
                        map.insert(word, form);
                    }
                }
            }
        }
        map
    })
}

/// How a normalised (lowercase) word is used as a verb, `None` for a word not on the list.
pub fn verb_form(norm: &str) -> Option<VerbForm> {
    verbs().get(norm).copied()
}

/// Words after which a noun-or-verb form is a verb: the infinitive marker, modals and
/// auxiliaries, negators, subject pronouns and "also" ("to back", "would fire", "not end", "they
/// pick", "emails also show").
const ASKS_FOR_VERB: &[&str] = &[
    "to", "will", "would", "can", "could", "should", "shall", "may", "might", "must", "did", "does", "do", "not", "never",
    "i", "we", "you", "they", "he", "she", "who", "also",
];

/// Whether a normalised word makes a noun-or-verb form after it a verb: one of `ASKS_FOR_VERB`
/// or a negated auxiliary ("don't"; a norm writes "don’t" with the straight apostrophe).
pub fn asks_for_verb(norm: &str) -> bool {
    ASKS_FOR_VERB.contains(&norm) || norm.ends_with("n't")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verb_forms_are_read_from_the_data_file() {
        let cases = [
            ("see", Some(VerbForm::Verb)),
            ("calls", Some(VerbForm::Verb)),
            ("withdrew", Some(VerbForm::Verb)),
            ("re-elect", Some(VerbForm::Verb)),
            ("press", None),
            ("show", Some(VerbForm::NounOrVerb)),
            ("fire", Some(VerbForm::NounOrVerb)),
            ("former", None),
            ("commander", None),
            ("[verb]", None),
        ];
        for (word, want) in cases {
            assert_eq!(verb_form(word), want, "{word}");
        }
        // Every line of the file is a section, a comment or a lowercase form inside a section.
        let mut in_section = false;
        for line in VERBS_EN.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
            in_section |= line.starts_with('[');
            assert!(in_section && (line.starts_with('[') || line.chars().all(|c| c.is_lowercase() || c == '-')), "{line:?}");
        }
        for (word, asks) in [("would", true), ("they", true), ("don't", true), ("won't", true), ("house", false), ("the", false)] {
            assert_eq!(asks_for_verb(word), asks, "{word}");
        }
    }
}
