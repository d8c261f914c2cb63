//! Key words in context: articles and wanted (outlet, term) pairs, or a lexicon pattern, in,
//! example contexts out. The evidence behind a distinctive term, found by a second pass over the
//! texts so that the first pass need not keep every sentence of every term; and `slant kwic`'s
//! concordance of a pattern.

use crate::lexicon::{Lexicon, Matcher};
use crate::model::{Article, Kwic};
use crate::tabulate::is_term;
use crate::text::segment;
use rayon::prelude::*;
use crate::hash::{HashMap, HashSet};
use std::collections::{BTreeMap, BTreeSet};

/// Up to `limit` sentences for each wanted (outlet, term), in corpus order, gathered from the
/// articles a batch at a time (`add`, batches in input order) so that the texts need not all be
/// in memory at once.
pub struct TermContexts<'w> {
    /// outlet → its wanted terms, looked up per token without building a key.
    terms_of: HashMap<&'w str, HashSet<&'w str>>,
    limit: usize,
    found: BTreeMap<(String, String), Vec<Kwic>>,
}

impl<'w> TermContexts<'w> {
    pub fn new(wanted: &'w BTreeSet<(String, String)>, limit: usize) -> TermContexts<'w> {
        let mut terms_of: HashMap<&str, HashSet<&str>> = HashMap::default();
        for (outlet, term) in wanted {
            terms_of.entry(outlet.as_str()).or_default().insert(term.as_str());
        }
        TermContexts { terms_of, limit, found: BTreeMap::new() }
    }

    /// Adds the sentences of the next `articles`.
    pub fn add(&mut self, articles: &[Article]) {
        let found: Vec<Vec<((String, String), Kwic)>> = articles
            .par_iter()
            .filter_map(|a| Some((a, self.terms_of.get(a.outlet.value.as_str())?)))
            .map(|(a, terms)| {
                let (sentences, tokens) = segment(&a.text);
                let mut out = Vec::new();
                let mut seen = HashSet::default();
                for t in &tokens {
                    if !terms.contains(t.norm.as_str()) || !is_term(&t.norm, t.acronym) || !seen.insert(t.norm.as_str()) {
                        continue; // one sentence per term per article keeps the examples varied
                    }
                    let key = (a.outlet.value.clone(), t.norm.to_string());
                    let s = sentences[t.sentence as usize];
                    out.push((
                        key,
                        Kwic {
                            article_id: a.id.clone(),
                            outlet: a.outlet.value.clone(),
                            pre: a.text[s.start..t.span.start].to_string(),
                            keyword: t.span.slice(&a.text).to_string(),
                            post: a.text[t.span.end..s.end].to_string(),
                        },
                    ));
                }
                out
            })
            .collect();
        for (key, kwic) in found.into_iter().flatten() {
            let list = self.found.entry(key).or_default();
            if list.len() < self.limit {
                list.push(kwic);
            }
        }
    }

    /// The sentences found, by (outlet, term).
    pub fn finish(self) -> BTreeMap<(String, String), Vec<Kwic>> {
        self.found
    }
}

/// Options of a pattern concordance.
#[derive(Debug, Clone, Copy)]
pub struct KwicOptions {
    /// Words of context on each side.
    pub window: usize,
}

/// Every match of `lexicon` (usually one pattern, see `Lexicon::from_pattern`) in the articles, in
/// corpus order, with up to `window` words of context on each side within the article. Line breaks
/// in the context become spaces.
pub fn pattern_contexts(articles: &[Article], lexicon: &Lexicon, options: &KwicOptions) -> Vec<Kwic> {
    let matcher = Matcher::new(std::slice::from_ref(lexicon));
    let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let found: Vec<Vec<Kwic>> = articles
        .par_iter()
        .map(|a| {
            let (_, tokens) = segment(&a.text);
            matcher
                .find(&tokens)
                .into_iter()
                .map(|m| {
                    let (start, end) = (tokens[m.first].span.start, tokens[m.last].span.end);
                    let left = if options.window == 0 { start } else { tokens[m.first.saturating_sub(options.window)].span.start };
                    let right = if options.window == 0 {
                        end
                    } else {
                        tokens[(m.last + options.window).min(tokens.len() - 1)].span.end
                    };
                    Kwic {
                        article_id: a.id.clone(),
                        outlet: a.outlet.value.clone(),
                        pre: flat(&a.text[left..start]),
                        keyword: a.text[start..end].to_string(),
                        post: flat(&a.text[end..right]),
                    }
                })
                .collect()
        })
        .collect();
    found.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn term_contexts_take_one_sentence_an_article_up_to_the_limit_across_batches() {
        let article = |id: &str, outlet: &str, text: &str| Article::new(id, outlet, text);
        let first = [article("a1", "A", "Troops advanced. The troops held the bridge."), article("a2", "B", "Troops rested.")];
        let second = [
            article("a3", "A", "No mention here."),
            article("a4", "A", "Later the troops left."),
            article("a5", "A", "Troops again."),
        ];
        let wanted: BTreeSet<(String, String)> = [("A".to_string(), "troops".to_string())].into();
        let mut contexts = TermContexts::new(&wanted, 2);
        contexts.add(&first);
        contexts.add(&second);
        let found = contexts.finish();
        // a1's second sentence is skipped (one an article), B is not wanted, a5 is past the limit.
        let got: Vec<(&str, &str, &str, &str)> = found[&("A".to_string(), "troops".to_string())]
            .iter()
            .map(|k| (k.article_id.as_str(), k.pre.as_str(), k.keyword.as_str(), k.post.as_str()))
            .collect();
        assert_eq!(got, [("a1", "", "Troops", " advanced."), ("a4", "Later the ", "troops", " left.")]);
        assert_eq!(found.len(), 1);
    }

    #[test]
    fn pattern_contexts_give_every_match_with_its_window() {
        let article = |id: &str, text: &str| Article::new(id, "X", text);
        let articles = [
            article("a", "They called it an assassination.\n\nThe assassinated general, Assassinations"),
            article("b", "No match here."),
        ];
        let lex = Lexicon::from_pattern("assassinat*").unwrap();
        let got: Vec<(String, String, String)> = pattern_contexts(&articles, &lex, &KwicOptions { window: 2 })
            .into_iter()
            .map(|k| (k.pre, k.keyword, k.post))
            .collect();
        assert_eq!(
            got,
            vec![
                ("it an".into(), "assassination".into(), ". The assassinated".into()),
                ("assassination. The".into(), "assassinated".into(), "general, Assassinations".into()),
                ("assassinated general,".into(), "Assassinations".into(), "".into()),
            ]
        );
    }
}
