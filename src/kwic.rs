//! Key words in context: articles and wanted (outlet, term) pairs in, example sentences out. The
//! evidence behind a distinctive term, found by a second pass over the texts so that the first
//! pass need not keep every sentence of every term.

use crate::model::{Article, Kwic};
use crate::tabulate::is_term;
use crate::text::segment;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// Up to `limit` sentences for each wanted (outlet, term), in corpus order.
pub fn term_contexts(
    articles: &[Article],
    wanted: &BTreeSet<(String, String)>,
    limit: usize,
) -> BTreeMap<(String, String), Vec<Kwic>> {
    let outlets: BTreeSet<&str> = wanted.iter().map(|(o, _)| o.as_str()).collect();
    let found: Vec<Vec<((String, String), Kwic)>> = articles
        .par_iter()
        .filter(|a| outlets.contains(a.outlet.value.as_str()))
        .map(|a| {
            let (sentences, tokens) = segment(&a.text);
            let mut out = Vec::new();
            let mut seen = BTreeSet::new();
            for t in &tokens {
                let key = (a.outlet.value.clone(), t.norm.clone());
                if !is_term(&t.norm, t.acronym) || !wanted.contains(&key) || !seen.insert(key.clone()) {
                    continue; // one sentence per term per article keeps the examples varied
                }
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
    let mut by_key: BTreeMap<(String, String), Vec<Kwic>> = BTreeMap::new();
    for (key, kwic) in found.into_iter().flatten() {
        let list = by_key.entry(key).or_default();
        if list.len() < limit {
            list.push(kwic);
        }
    }
    by_key
}
