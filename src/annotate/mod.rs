//! Annotate stage: an `Article` in, a `Doc` out. Segments the text into sentences and tokens,
//! adds the hits of every lexicon, each sentence's tone, the names mentioned with their labels
//! (`entities`, using the `gazetteer`), and the quotes and reported statements with their sources
//! (`quotes`), and the sentences stating the study's claims with their stance and source (`claims`),
//! each with its byte span and sentence.

pub mod tone;
pub mod vader;

pub mod claims;
pub mod entities;
pub mod gazetteer;
pub mod quotes;

pub use claims::Claims;
pub use gazetteer::Gazetteer;

use crate::lexicon::{Lexicon, Matcher};
use crate::model::{Article, Doc, Hit, Label, LabelKind, Span};
use crate::text::segment;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// The sub-stages of annotation, in the order they run on each article.
pub const STAGES: [&str; 6] = ["segment", "lexicon", "entities", "quotes", "tone", "claims"];

/// CPU time spent in each annotation sub-stage, summed over threads: nanoseconds per entry of
/// `STAGES`. Read once per article per stage, so measuring costs well under 1% of the stage.
#[derive(Default)]
pub struct StageClock {
    nanos: [AtomicU64; 6],
}

impl StageClock {
    /// Adds the time since `since` to `stage` and restarts `since`.
    fn lap(&self, stage: usize, since: &mut Instant) {
        let now = Instant::now();
        self.nanos[stage].fetch_add((now - *since).as_nanos() as u64, Ordering::Relaxed);
        *since = now;
    }

    /// (stage, seconds of CPU) for every sub-stage, in `STAGES` order.
    pub fn seconds(&self) -> Vec<(&'static str, f64)> {
        STAGES.iter().zip(&self.nanos).map(|(s, n)| (*s, n.load(Ordering::Relaxed) as f64 / 1e9)).collect()
    }
}

/// Actors-lexicon categories whose words count as labels when they fall inside a name's noun
/// phrase, apposition or description (rank and role words are already there as text).
const LABEL_CATEGORIES: &[&str] = &["delegitimising", "armed_group", "legitimising", "regime"];

/// Everything annotation needs, built once per study.
pub struct Annotator<'a> {
    pub matcher: &'a Matcher,
    pub gazetteer: &'a Gazetteer,
    /// Index of the `actors` lexicon and its categories that count as labels.
    actors: Option<(u16, Vec<bool>)>,
    /// Each lexicon's language: a lexicon matches only articles of its language (or of
    /// undetermined language).
    languages: Vec<String>,
    /// The study's claims, if it names any.
    claims: Option<&'a Claims>,
    /// Where the time goes, per sub-stage.
    pub clock: StageClock,
}

/// Whether a lexicon written for `lexicon_language` applies to an article in `article_language`.
pub fn applies(lexicon_language: &str, article_language: &str) -> bool {
    article_language == crate::ingest::language::UNDETERMINED
        || article_language.is_empty()
        || lexicon_language
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .eq_ignore_ascii_case(article_language)
}

impl<'a> Annotator<'a> {
    pub fn new(lexicons: &[Lexicon], matcher: &'a Matcher, gazetteer: &'a Gazetteer) -> Self {
        let actors = lexicons
            .iter()
            .position(|l| l.meta.name == "actors")
            .map(|i| {
                let wanted = lexicons[i]
                    .categories
                    .iter()
                    .map(|c| LABEL_CATEGORIES.contains(&c.name.as_str()))
                    .collect();
                (i as u16, wanted)
            });
        let languages = lexicons.iter().map(|l| l.meta.language.clone()).collect();
        Annotator {
            matcher,
            gazetteer,
            actors,
            languages,
            claims: None,
            clock: StageClock::default(),
        }
    }

    /// Also finds the sentences stating each of the study's claims.
    pub fn with_claims(self, claims: &'a Claims) -> Self {
        Annotator { claims: (!claims.is_empty()).then_some(claims), ..self }
    }

    /// Annotates one article with sentences, tokens, lexicon hits, mentions, labels and
    /// attributions.
    pub fn annotate(&self, article: Article) -> Doc {
        let mut since = Instant::now();
        let (sentences, tokens) = segment(&article.text);
        self.clock.lap(0, &mut since);
        // Which lexicons apply, asked once per article rather than once per match.
        let applying: Vec<bool> = self.languages.iter().map(|l| applies(l, &article.language)).collect();
        let hits: Vec<Hit> = self
            .matcher
            .find(&tokens)
            .into_iter()
            .filter(|m| applying.get(m.lexicon as usize).copied().unwrap_or(true))
            .map(|m| Hit {
                lexicon: m.lexicon,
                category: m.category,
                pattern: m.pattern,
                span: Span::new(tokens[m.first].span.start, tokens[m.last].span.end),
                sentence: tokens[m.first].sentence,
                negated: m.negated,
            })
            .collect();
        self.clock.lap(1, &mut since);
        // Words of other lexicons (verbs of violence, of speech) end a name's premodifier.
        let actors = self.actors.as_ref().map(|(i, _)| *i);
        let mut boundary = vec![false; tokens.len()];
        for h in hits.iter().filter(|h| Some(h.lexicon) != actors) {
            let first = tokens.partition_point(|t| t.span.start < h.span.start);
            for flag in boundary[first..].iter_mut().zip(&tokens[first..]).take_while(|(_, t)| t.span.end <= h.span.end) {
                *flag.0 = true;
            }
        }
        let text = &article.text;
        let mut found = entities::find_mentions(text, &tokens, &sentences, self.gazetteer, &boundary);
        if let Some((actors, wanted)) = &self.actors {
            // Lexicon words inside a label's phrase: "the terrorist commander" → terrorist.
            let phrases: Vec<Label> =
                found.labels.iter().filter(|l| l.kind != LabelKind::Title).copied().collect();
            for h in hits.iter().filter(|h| h.lexicon == *actors && wanted[h.category as usize]) {
                for l in phrases.iter().filter(|l| l.span.start <= h.span.start && h.span.end <= l.span.end) {
                    found.labels.push(Label { mention: l.mention, span: h.span, kind: LabelKind::Lexicon(h.category) });
                }
            }
        }
        self.clock.lap(2, &mut since);
        let attributions = quotes::find_attributions(text, &tokens, &sentences, &found.mentions, &found.labels);
        self.clock.lap(3, &mut since);
        let tone = sentences.iter().map(|s| tone::compound(s.slice(text))).collect();
        self.clock.lap(4, &mut since);
        let claims = self.claims.map_or_else(Vec::new, |c| c.find(text, &tokens, &attributions));
        self.clock.lap(5, &mut since);
        Doc { article, tokens, sentences, hits, tone, mentions: found.mentions, labels: found.labels, attributions, claims }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Provenance, Sourced};

    /// The built-in lexicons, their matcher and the built-in gazetteer.
    fn built_ins() -> (Vec<Lexicon>, Matcher, Gazetteer) {
        let lexicons = Lexicon::built_in();
        let matcher = Matcher::new(&lexicons);
        (lexicons, matcher, Gazetteer::built_in())
    }

    #[test]
    fn hits_carry_spans_and_sentences_into_the_text() {
        let (lexicons, matcher, gazetteer) = built_ins();
        let annotator = Annotator::new(&lexicons, &matcher, &gazetteer);
        let text = "Strike kills commander\n\nThe commander was assassinated on Friday. Officials denied it.";
        let article = Article { title: Sourced::new("Strike kills commander".into(), Provenance::Field), ..Article::new("a", "X", text) };
        let doc = annotator.annotate(article);
        assert_eq!(doc.sentences.len(), 3);
        let found: Vec<(&str, &str, &str, u32)> = doc
            .hits
            .iter()
            .map(|h| {
                let lex = &lexicons[h.lexicon as usize];
                (lex.meta.name.as_str(), lex.categories[h.category as usize].name.as_str(), h.span.slice(text), h.sentence)
            })
            .collect();
        assert!(found.contains(&("violence", "criminal", "assassinated", 1)), "{found:?}");
        assert!(found.contains(&("attribution", "denial", "denied", 2)), "{found:?}");
        assert!(found.contains(&("actors", "rank_role", "commander", 0)), "{found:?}");
        assert_eq!(doc.attributions.len(), 1);
        assert_eq!(doc.attributions[0].source.map(|s| s.slice(text)), Some("Officials"));
    }

    #[test]
    fn lexicons_match_only_articles_of_their_language() {
        // The built-in lexicons are English ("en"): they match English articles and those whose
        // language is undetermined or unknown, and no others.
        let (lexicons, matcher, gazetteer) = built_ins();
        let annotator = Annotator::new(&lexicons, &matcher, &gazetteer);
        let text = "The commander was assassinated on Friday.";
        for (language, matched) in [("en", true), ("EN", true), ("und", true), ("", true), ("fr", false), ("eng", false)] {
            let article = Article { language: language.to_string(), ..Article::new("a", "X", text) };
            let doc = annotator.annotate(article);
            let violence = doc.hits.iter().any(|h| lexicons[h.lexicon as usize].meta.name == "violence");
            assert_eq!(violence, matched, "article language {language:?}");
            assert_eq!(doc.tokens.len(), 6, "tokens do not depend on the language");
        }
        assert!(applies("en-GB", "en") && applies("en_US", "EN") && !applies("en", "de"));
    }

    #[test]
    fn lexicon_words_inside_a_description_are_labels() {
        let (lexicons, matcher, gazetteer) = built_ins();
        let annotator = Annotator::new(&lexicons, &matcher, &gazetteer);
        let text = "Officials named Omar Dask, the militia commander behind the raid, on Monday.";
        let article = Article::new("a", "X", text);
        let doc = annotator.annotate(article);
        let labels: Vec<(&str, LabelKind)> = doc.labels.iter().map(|l| (l.span.slice(text), l.kind)).collect();
        assert!(labels.contains(&("militia commander", LabelKind::Apposition)), "{labels:?}");
        assert!(labels.iter().any(|(s, k)| *s == "militia" && matches!(k, LabelKind::Lexicon(_))), "{labels:?}");
    }
}
