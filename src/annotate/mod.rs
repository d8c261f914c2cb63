//! Annotate stage: an `Article` in, a `Doc` out. Segments the text into sentences and tokens and
//! adds the hits of every lexicon, each with its byte span and sentence, and each sentence's tone.

pub mod tone;

use crate::lexicon::Matcher;
use crate::model::{Article, Doc, Hit, Span};
use crate::text::segment;

/// Annotates one article with sentences, tokens and lexicon hits.
pub fn annotate(article: Article, matcher: &Matcher) -> Doc {
    let (sentences, tokens) = segment(&article.text);
    let hits = matcher
        .find(&tokens)
        .into_iter()
        .map(|m| Hit {
            lexicon: m.lexicon,
            category: m.category,
            pattern: m.pattern,
            span: Span::new(tokens[m.first].span.start, tokens[m.last].span.end),
            sentence: tokens[m.first].sentence,
            negated: m.negated,
        })
        .collect();
    let tone = sentences.iter().map(|s| tone::compound(s.slice(&article.text))).collect();
    Doc { article, tokens, sentences, hits, tone }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicon;
    use crate::model::{Origin, Provenance, Sourced};

    #[test]
    fn hits_carry_spans_and_sentences_into_the_text() {
        let lexicons = Lexicon::built_in();
        let matcher = Matcher::new(&lexicons);
        let text = "Strike kills commander\n\nThe commander was assassinated on Friday. Officials denied it.";
        let article = Article {
            id: "a".into(),
            outlet: Sourced::new("X".into(), Provenance::Field),
            date: Sourced::new(None, Provenance::Missing),
            title: Sourced::new("Strike kills commander".into(), Provenance::Field),
            url: None,
            group: Sourced::new(None, Provenance::Missing),
            text: text.into(),
            origin: Origin { path: "a.txt".into(), record: None },
        };
        let doc = annotate(article, &matcher);
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
    }
}
