//! Key words in context: articles and wanted (outlet, term) pairs, or a lexicon pattern, in,
//! example contexts out. The evidence behind a distinctive term, found by a second pass over the
//! texts so that the first pass need not keep every sentence of every term; and `slant kwic`'s
//! concordance of a pattern.

use crate::lexicon::{Lexicon, Matcher};
use aho_corasick::AhoCorasick;
use crate::error::{Error, Result};
use crate::model::{Article, Kwic};
use crate::spill::Texts;
use crate::tabulate::is_term;
use crate::text::{segment, squash};
use rayon::prelude::*;
use crate::hash::HashMap;
use std::collections::BTreeMap;

/// Up to `limit` sentences for each wanted (outlet, term), in corpus order, gathered from the
/// articles a batch at a time (`add`, batches in input order) so that the texts need not all be
/// in memory at once. A term is done once it has `limit` sentences, or once as many of its
/// occurrences have been seen as the tables counted in its outlet; and an article is segmented
/// only when a byte search (`Sieve`) finds one of its outlet's open terms in it. On the full ABP
/// study that left 0.9 s of the pass's 5.3 s of CPU.
pub struct TermContexts<'w> {
    /// outlet → its wanted terms' places in `terms`, looked up per token without building a key.
    terms_of: HashMap<&'w str, HashMap<&'w str, usize>>,
    terms: Vec<Term<'w>>,
    /// outlet → how many of its wanted terms are not done.
    open: HashMap<&'w str, usize>,
    /// outlet → the search for its open terms, and how many were open when it was built: built
    /// again only once one of them is done, not for every batch (a million-article study has
    /// hundreds of batches and outlets).
    sieves: HashMap<&'w str, (usize, Sieve)>,
    limit: usize,
}

/// One wanted (outlet, term) and what has been found of it.
struct Term<'w> {
    key: &'w (String, String),
    found: Vec<Kwic>,
    /// Occurrences not yet seen, where the count is known.
    unseen: Option<u64>,
}

impl Term<'_> {
    fn done(&self, limit: usize) -> bool {
        self.found.len() >= limit || self.unseen == Some(0)
    }
}

impl<'w> TermContexts<'w> {
    /// `wanted` maps each (outlet, term) to the number of times the study's tables count the term
    /// in the outlet's articles, when that is known: the count lets the search stop once every
    /// occurrence has been seen. (A count smaller than the texts hold would lose sentences; one
    /// from elsewhere, such as a group's, must be left out.)
    pub fn new(wanted: &'w BTreeMap<(String, String), Option<u64>>, limit: usize) -> TermContexts<'w> {
        let mut terms_of: HashMap<&str, HashMap<&str, usize>> = HashMap::default();
        let mut open: HashMap<&str, usize> = HashMap::default();
        let mut terms = Vec::with_capacity(wanted.len());
        for (key, &count) in wanted {
            let term = Term { key, found: Vec::new(), unseen: count };
            if !term.done(limit) {
                terms_of.entry(key.0.as_str()).or_default().insert(key.1.as_str(), terms.len());
                *open.entry(key.0.as_str()).or_default() += 1;
            }
            terms.push(term);
        }
        TermContexts { terms_of, terms, open, sieves: HashMap::default(), limit }
    }

    /// Adds the sentences of the next `articles`.
    pub fn add(&mut self, articles: &[Article]) {
        let limit = self.limit;
        // Each outlet of the batch with terms still open has the search that finds which of its
        // texts may hold one: most texts hold none and are not segmented at all.
        for a in articles {
            let outlet = a.outlet.value.as_str();
            let Some((&key, wanted)) = self.terms_of.get_key_value(outlet) else { continue };
            let open = self.open.get(outlet).copied().unwrap_or(0);
            if open == 0 || self.sieves.get(outlet).is_some_and(|(built, _)| *built == open) {
                continue;
            }
            let sieve = Sieve::new(wanted.iter().filter(|&(_, &i)| !self.terms[i].done(limit)).map(|(&t, _)| t));
            self.sieves.insert(key, (open, sieve));
        }
        let (terms, open, sieves) = (&self.terms, &self.open, &self.sieves);
        let searched = |a: &Article| {
            let outlet = a.outlet.value.as_str();
            open.get(outlet).is_some_and(|&n| n > 0) && sieves.get(outlet).is_some_and(|(_, s)| s.may_hold(&a.text))
        };
        // Per article: (term, occurrences, its first sentence) of each term not done.
        let found: Vec<Vec<(usize, u64, Kwic)>> = articles
            .par_iter()
            .filter(|a| searched(a))
            .filter_map(|a| Some((a, self.terms_of.get(a.outlet.value.as_str())?)))
            .map(|(a, wanted)| {
                let (sentences, tokens) = segment(&a.text);
                let mut out: Vec<(usize, u64, Kwic)> = Vec::new();
                let mut place: HashMap<usize, usize> = HashMap::default();
                for t in &tokens {
                    let Some(&i) = wanted.get(t.norm.as_str()) else { continue };
                    if !is_term(&t.norm, t.acronym) || terms[i].done(limit) {
                        continue;
                    }
                    if let Some(&p) = place.get(&i) {
                        out[p].1 += 1; // one sentence per term per article keeps the examples varied
                        continue;
                    }
                    let s = sentences[t.sentence as usize];
                    let kwic = Kwic {
                        article_id: a.id.clone(),
                        outlet: a.outlet.value.clone(),
                        pre: a.text[s.start..t.span.start].to_string(),
                        keyword: t.span.slice(&a.text).to_string(),
                        post: a.text[t.span.end..s.end].to_string(),
                    };
                    place.insert(i, out.len());
                    out.push((i, 1, kwic));
                }
                out
            })
            .collect();
        for (i, seen, kwic) in found.into_iter().flatten() {
            let term = &mut self.terms[i];
            if term.done(limit) {
                continue;
            }
            term.found.push(kwic);
            term.unseen = term.unseen.map(|n| n.saturating_sub(seen));
            if let Some(open) = self.open.get_mut(term.key.0.as_str()).filter(|_| term.done(limit)) {
                *open -= 1;
            }
        }
    }

    /// The sentences found, by (outlet, term); terms with none are left out.
    pub fn finish(self) -> BTreeMap<(String, String), Vec<Kwic>> {
        self.terms.into_iter().filter(|t| !t.found.is_empty()).map(|t| (t.key.clone(), t.found)).collect()
    }
}

/// Which texts may hold a token whose normalised form is one of some terms: a search of the raw
/// bytes, much cheaper than segmenting. It never passes over a text that holds one. A token's
/// form is its word lower-cased, with curly apostrophes made straight and a final "'s" cut
/// (`text::normalise`); so a term of ASCII without an apostrophe is, byte for byte and but for
/// ASCII case, in the text of any word whose form it is, unless a character outside ASCII
/// lower-cases into it. Only the Kelvin sign (U+212A, to "k") does that (U+0130 brings a
/// combining dot along), and a text holding one is always read. Terms of other kinds read every
/// text.
enum Sieve {
    All,
    Any(AhoCorasick),
}

/// The Kelvin sign, which lower-cases to ASCII "k".
const KELVIN: &str = "\u{212A}";

impl Sieve {
    fn new<'t>(terms: impl Iterator<Item = &'t str>) -> Sieve {
        let mut patterns = vec![KELVIN];
        for term in terms {
            if !term.is_ascii() || term.contains('\'') {
                return Sieve::All;
            }
            patterns.push(term);
        }
        AhoCorasick::builder().ascii_case_insensitive(true).build(patterns).map_or(Sieve::All, Sieve::Any)
    }

    fn may_hold(&self, text: &str) -> bool {
        match self {
            Sieve::All => true,
            Sieve::Any(search) => search.is_match(text),
        }
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
    let found: Vec<Vec<Kwic>> = articles.par_iter().map(|a| contexts_in(&matcher, a, &a.text, options)).collect();
    found.into_iter().flatten().collect()
}

/// As `pattern_contexts`, for articles whose texts were spilled as they were read
/// (`ingest::read_spilled`, `texts` in the order of `articles`): the texts are read back a batch
/// at a time, so that a concordance of a million articles holds their records and one batch of
/// texts, not every text (7.5 GB where the records take about one).
pub fn pattern_contexts_spilled(articles: &[Article], texts: &Texts, lexicon: &Lexicon, options: &KwicOptions) -> Result<Vec<Kwic>> {
    if texts.len() != articles.len() {
        return Err(Error::Input(format!("kwic: {} texts for {} articles", texts.len(), articles.len())));
    }
    let matcher = Matcher::new(std::slice::from_ref(lexicon));
    let mut out = Vec::new();
    for range in texts.batches() {
        let batch = texts.read(range.clone())?;
        let found: Vec<Vec<Kwic>> = range.into_par_iter().map(|i| contexts_in(&matcher, &articles[i], batch.get(i), options)).collect();
        out.extend(found.into_iter().flatten());
    }
    Ok(out)
}

/// The matches in one article's `text`, each with its window of context.
fn contexts_in(matcher: &Matcher, article: &Article, text: &str, options: &KwicOptions) -> Vec<Kwic> {
    let (_, tokens) = segment(text);
    matcher
        .find(&tokens)
        .into_iter()
        .map(|m| {
            let (start, end) = (tokens[m.first].span.start, tokens[m.last].span.end);
            let left = if options.window == 0 { start } else { tokens[m.first.saturating_sub(options.window)].span.start };
            let right = if options.window == 0 { end } else { tokens[(m.last + options.window).min(tokens.len() - 1)].span.end };
            Kwic {
                article_id: article.id.clone(),
                outlet: article.outlet.value.clone(),
                pre: squash(&text[left..start]),
                keyword: text[start..end].to_string(),
                post: squash(&text[end..right]),
            }
        })
        .collect()
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
        let key = ("A".to_string(), "troops".to_string());
        let found = |count: Option<u64>, limit: usize| {
            let wanted = BTreeMap::from([(key.clone(), count), (("A".to_string(), "bridge".to_string()), Some(1))]);
            let mut contexts = TermContexts::new(&wanted, limit);
            contexts.add(&first);
            contexts.add(&second);
            contexts.finish()
        };
        let ids = |found: &BTreeMap<(String, String), Vec<Kwic>>| -> Vec<String> {
            found.get(&key).into_iter().flatten().map(|k| k.article_id.clone()).collect()
        };
        // a1's second sentence is skipped (one an article), B is not wanted, a5 is past the limit.
        let two = found(None, 2);
        let got: Vec<(&str, &str, &str, &str)> =
            two[&key].iter().map(|k| (k.article_id.as_str(), k.pre.as_str(), k.keyword.as_str(), k.post.as_str())).collect();
        assert_eq!(got, [("a1", "", "Troops", " advanced."), ("a4", "Later the ", "troops", " left.")]);
        assert_eq!(two[&("A".to_string(), "bridge".to_string())].len(), 1);
        assert_eq!(two.len(), 2);
        // Under a higher limit every article using the term gives one sentence, with or without
        // the count (A's articles use "troops" four times); a count met stops the search, so a
        // count smaller than the texts' (two, met in a1) leaves the later articles unread.
        assert_eq!(ids(&found(None, 9)), ["a1", "a4", "a5"]);
        assert_eq!(ids(&found(Some(4), 9)), ["a1", "a4", "a5"]);
        assert_eq!(ids(&found(Some(3), 9)), ["a1", "a4"]);
        assert_eq!(ids(&found(Some(2), 9)), ["a1"]);
        // A term counted zero times is done before it starts and has no entry.
        assert!(!found(Some(0), 9).contains_key(&key));
    }

    #[test]
    fn the_sieve_passes_every_text_holding_a_wanted_form() {
        // The sieve's premise: of the characters outside ASCII, only these two lower-case into
        // anything holding ASCII.
        let into_ascii: Vec<char> =
            (0x80..=0x10FFFF).filter_map(char::from_u32).filter(|c| c.to_lowercase().any(|l| l.is_ascii())).collect();
        assert_eq!(into_ascii, ['\u{130}', '\u{212A}']);
        let sieve = |terms: &[&str]| Sieve::new(terms.iter().copied());
        let cases: [(&[&str], &str, bool); 8] = [
            (&["troops"], "The TROOPS held.", true),
            (&["troops"], "One troop held.", false),
            (&["troops", "bridge"], "The Bridge fell.", true),
            // "Iran's" has the form "iran"; "’s" a curly one.
            (&["iran"], "Iran\u{2019}s envoy", true),
            // A Kelvin sign lower-cases to "k": "\u{212A}ing" has the form "king".
            (&["king"], "The \u{212A}ing spoke.", true),
            (&["king"], "The queen spoke.", false),
            // A term with an apostrophe, or outside ASCII, reads every text.
            (&["o'brien"], "Nothing here.", true),
            (&["café"], "Nothing here.", true),
        ];
        for (terms, text, want) in cases {
            assert_eq!(sieve(terms).may_hold(text), want, "{terms:?} in {text:?}");
        }
        // And the forms are what the tokens make of those words.
        let norms: Vec<String> = crate::text::tokenize("Iran\u{2019}s \u{212A}ing").into_iter().map(|t| t.norm.to_string()).collect();
        assert_eq!(norms, ["iran", "king"]);
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

    /// Read back from a spill a batch at a time (here three batches, the first of two texts),
    /// the contexts are those found in the texts in memory, in the same order; and texts that
    /// are not the articles' are an error.
    #[test]
    fn pattern_contexts_spilled_match_those_of_the_texts_in_memory() {
        let filler = " ".repeat(9_000_000);
        let texts = [
            format!("An assassination. {filler}"),
            format!("{filler} assassinated at the end"),
            format!("Nothing to see. {filler}"),
            format!("{filler}Assassinations, again"),
            "The assassin fled.".to_string(),
        ];
        let articles: Vec<Article> = texts.iter().enumerate().map(|(i, t)| Article::new(&format!("a{i}"), "X", t)).collect();
        let dir = tempfile::tempdir().unwrap();
        let mut spill = crate::spill::Spill::new_in(dir.path()).unwrap();
        texts.iter().for_each(|t| _ = spill.push_text(t).unwrap());
        let spilled = spill.finish().unwrap();
        assert_eq!(spilled.batches(), [0..2, 2..4, 4..5]);
        let lex = Lexicon::from_pattern("assassinat*").unwrap();
        let options = KwicOptions { window: 1 };
        let ids = |found: Vec<Kwic>| found.into_iter().map(|k| (k.article_id, k.pre, k.keyword, k.post)).collect::<Vec<_>>();
        let want = ids(pattern_contexts(&articles, &lex, &options));
        assert_eq!(want.iter().map(|k| k.0.as_str()).collect::<Vec<_>>(), ["a0", "a1", "a3"]);
        assert_eq!(ids(pattern_contexts_spilled(&articles, &spilled, &lex, &options).unwrap()), want);
        assert!(pattern_contexts_spilled(&articles[1..], &spilled, &lex, &options).is_err());
    }
}
