//! Text stage helpers: article text in, word tokens, sentence spans and stopword checks out.
//! Everything here works on byte offsets into the original string.

pub mod sentences;
pub mod stopwords;
pub mod tokens;

pub use sentences::split_sentences;
pub use stopwords::is_stopword;
pub use tokens::{lowercase_into, normalise, tokenize};

use crate::model::{Span, Token};

/// Splits `text` into sentences and tokens, each token carrying the index of its sentence.
pub fn segment(text: &str) -> (Vec<Span>, Vec<Token>) {
    let sentences = split_sentences(text);
    let mut tokens = tokenize(text);
    let mut s = 0;
    for token in &mut tokens {
        while s + 1 < sentences.len() && token.span.start >= sentences[s].end {
            s += 1;
        }
        token.sentence = s as u32;
    }
    (sentences, tokens)
}
