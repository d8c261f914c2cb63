//! Tone's scorer: a sentence in, its VADER compound score out (Hutto & Gilbert 2014, ICWSM), by
//! the rules of the reference implementation, vaderSentiment 3.3.2 (`vaderSentiment.py`), over
//! its lexicon (`data/lexicons/vader/`), for sentences of ASCII and the caseless punctuation news
//! sets (curly quotes, dashes, ellipses). `tone::compound` gives the rest, where Python's Unicode
//! casing and VADER's emoji descriptions come in, to `vader-parity`; the tests hold the two equal
//! and this one to the Python reference.
//!
//! Why a second implementation: `vader-parity` reproduces Python's casing for every code point
//! and its emoji walk for every character, and scores about 7 MB of news a second per core, the
//! slowest step of a run. Within this alphabet casing is ASCII's and no character is an emoji,
//! so the same rules run over bytes and one lexicon lookup per token.

use crate::hash::HashMap;
use std::cell::RefCell;
use std::sync::OnceLock;

/// vaderSentiment 3.3.2's `vader_lexicon.txt`, byte-identical (MIT, C.J. Hutto; see
/// `data/lexicons/vader/LICENSE`): a token, its mean valence from −4 to +4, and the raters' spread
/// and ratings, tab-separated.
pub const LEXICON: &str = include_str!("../../data/lexicons/vader/vader_lexicon.txt");

// The reference's empirically derived constants: a booster's increment and a dampener's
// decrement (B_INCR, B_DECR), the increment of a word in capitals among words that are not
// (C_INCR), and negation's scalar (N_SCALAR).
const B_INCR: f64 = 0.293;
const B_DECR: f64 = -0.293;
const C_INCR: f64 = 0.733;
const N_SCALAR: f64 = -0.74;

/// The normalisation constant of `normalize`: a sum of valences `s` scores `s / √(s² + α)`.
const ALPHA: f64 = 15.0;

/// Whether `c` is in the alphabet this scorer takes: ASCII, and the punctuation of news text
/// that Python cases as nothing, that is no whitespace and that VADER's emoji lexicon does not
/// describe (checked against `vader-parity` by `the_alphabet_holds_no_emoji_space_or_case`).
fn in_alphabet(c: char) -> bool {
    c.is_ascii()
        || matches!(
            c,
            '\u{2010}'..='\u{2015}' // hyphens and dashes
                | '\u{2018}'..='\u{201f}' // single and double quotation marks
                | '\u{2022}' // bullet
                | '\u{2026}' // ellipsis
                | '\u{2032}' | '\u{2033}' // prime, double prime
                | '\u{00ab}' | '\u{00bb}' // guillemets
                | '\u{00b0}' | '\u{00b7}' | '\u{00a3}' | '\u{00bd}' | '\u{20ac}' // ° · £ ½ €
        )
}

/// The VADER compound score of `sentence` (vaderSentiment 3.3.2's `polarity_scores`), or `None`
/// when the sentence holds a character outside this scorer's alphabet.
///
/// Where valences cancel to a residue that rounds to zero, the score is a zero signed as the
/// reference's is: "… a poll showing two things … fail to show up and support Republicans …"
/// scores −0.0 in Python and here, where `vader-parity` gives 0.0; of the 1,753,754 sentences of
/// the full ABP corpus, 276 differ from `vader-parity` so, and every one takes Python's sign here.
/// A zero is neither negative nor positive in slant's tables, and its sign reaches one only as the
/// mean of sentences that all score −0.0.
pub fn compound(sentence: &str) -> Option<f64> {
    if !sentence.is_ascii() && !sentence.chars().all(in_alphabet) {
        return None;
    }
    thread_local! {
        static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
    }
    Some(SCRATCH.with(|scratch| scratch.borrow_mut().score(sentence)))
}

/// The lexicon as a map from token to valence; a token listed twice takes its last valence, as
/// the reference's `make_lex_dict` fills a Python dict.
fn lexicon() -> &'static HashMap<&'static str, f64> {
    static MAP: OnceLock<HashMap<&'static str, f64>> = OnceLock::new();
    MAP.get_or_init(|| {
        LEXICON
            .trim_end_matches('\n')
            .split('\n')
            .filter(|line| !line.is_empty())
            .filter_map(|line| {
                let mut fields = line.trim().split('\t');
                Some((fields.next()?, fields.next()?.parse().ok()?))
            })
            .collect()
    })
}

/// The reference's BOOSTER_DICT, its one-word keys: intensifiers (`B_INCR`) and dampeners
/// (`B_DECR`).
const BOOSTERS: &[(&str, f64)] = &[
    ("absolutely", B_INCR), ("amazingly", B_INCR), ("awfully", B_INCR), ("completely", B_INCR),
    ("considerable", B_INCR), ("considerably", B_INCR), ("decidedly", B_INCR), ("deeply", B_INCR),
    ("effing", B_INCR), ("enormous", B_INCR), ("enormously", B_INCR), ("entirely", B_INCR),
    ("especially", B_INCR), ("exceptional", B_INCR), ("exceptionally", B_INCR), ("extreme", B_INCR),
    ("extremely", B_INCR), ("fabulously", B_INCR), ("flipping", B_INCR), ("flippin", B_INCR),
    ("frackin", B_INCR), ("fracking", B_INCR), ("fricking", B_INCR), ("frickin", B_INCR),
    ("frigging", B_INCR), ("friggin", B_INCR), ("fully", B_INCR), ("fuckin", B_INCR), ("fucking", B_INCR),
    ("fuggin", B_INCR), ("fugging", B_INCR), ("greatly", B_INCR), ("hella", B_INCR), ("highly", B_INCR),
    ("hugely", B_INCR), ("incredible", B_INCR), ("incredibly", B_INCR), ("intensely", B_INCR),
    ("major", B_INCR), ("majorly", B_INCR), ("more", B_INCR), ("most", B_INCR), ("particularly", B_INCR),
    ("purely", B_INCR), ("quite", B_INCR), ("really", B_INCR), ("remarkably", B_INCR), ("so", B_INCR),
    ("substantially", B_INCR), ("thoroughly", B_INCR), ("total", B_INCR), ("totally", B_INCR),
    ("tremendous", B_INCR), ("tremendously", B_INCR), ("uber", B_INCR), ("unbelievably", B_INCR),
    ("unusually", B_INCR), ("utter", B_INCR), ("utterly", B_INCR), ("very", B_INCR),
    ("almost", B_DECR), ("barely", B_DECR), ("hardly", B_DECR), ("kinda", B_DECR), ("kindof", B_DECR),
    ("kind-of", B_DECR), ("less", B_DECR), ("little", B_DECR), ("marginal", B_DECR), ("marginally", B_DECR),
    ("occasional", B_DECR), ("occasionally", B_DECR), ("partly", B_DECR), ("scarce", B_DECR),
    ("scarcely", B_DECR), ("slight", B_DECR), ("slightly", B_DECR), ("somewhat", B_DECR), ("sorta", B_DECR),
    ("sortof", B_DECR), ("sort-of", B_DECR),
];

/// What the rules read of a lowercase word: its lexicon valence and its booster increment, each
/// if it has one.
#[derive(Clone, Copy, Default)]
struct Lexical {
    valence: Option<f64>,
    booster: Option<f64>,
}

/// The lexicon and the boosters in one map, so that each word of a sentence is looked up once.
fn lexical() -> &'static HashMap<&'static str, Lexical> {
    static MAP: OnceLock<HashMap<&'static str, Lexical>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map: HashMap<&str, Lexical> =
            lexicon().iter().map(|(&word, &v)| (word, Lexical { valence: Some(v), booster: None })).collect();
        for &(word, increment) in BOOSTERS {
            map.entry(word).or_default().booster = Some(increment);
        }
        map
    })
}

/// BOOSTER_DICT's two-word keys, all dampeners.
fn booster_pair(a: &str, b: &str) -> Option<f64> {
    matches!((a, b), ("just", "enough") | ("kind", "of") | ("sort", "of")).then_some(B_DECR)
}

/// The reference's SPECIAL_CASES, idioms holding a lexicon word whose valence they replace. Its
/// one-word key ("badass") can never match, as the reference compares it with words joined by
/// spaces.
fn special_case(words: &[&str]) -> Option<f64> {
    match words {
        ["the", "shit"] | ["the", "bomb"] | ["to", "die", "for"] => Some(3.0),
        ["bad", "ass"] => Some(1.5),
        ["bus", "stop"] => Some(0.0),
        ["yeah", "right"] => Some(-2.0),
        ["kiss", "of", "death"] => Some(-1.5),
        ["beating", "heart"] => Some(3.5),
        _ => None,
    }
}

/// The reference's `negated` of one lowercase word: a word of its NEGATE list, or any word with
/// "n't".
fn negated(word: &str) -> bool {
    matches!(
        word,
        "aint" | "arent" | "cannot" | "cant" | "couldnt" | "darent" | "didnt" | "doesnt" | "ain't" | "aren't" | "can't"
            | "couldn't" | "daren't" | "didn't" | "doesn't" | "dont" | "hadnt" | "hasnt" | "havent" | "isnt"
            | "mightnt" | "mustnt" | "neither" | "don't" | "hadn't" | "hasn't" | "haven't" | "isn't" | "mightn't"
            | "mustn't" | "neednt" | "needn't" | "never" | "none" | "nope" | "nor" | "not" | "nothing" | "nowhere"
            | "oughtnt" | "shant" | "shouldnt" | "uhuh" | "wasnt" | "werent" | "oughtn't" | "shan't" | "shouldn't"
            | "uh-uh" | "wasn't" | "weren't" | "without" | "wont" | "wouldnt" | "won't" | "wouldn't" | "rarely"
            | "seldom" | "despite"
    ) || word.contains("n't")
}

/// One of the reference's `words_and_emoticons`, with what the rules read of it.
struct Word {
    /// Its lowercase form, a span of `Scratch::lower`.
    start: usize,
    end: usize,
    /// Python's `str.isupper()` of the token: a capital letter and no small one.
    upper: bool,
    /// Its valence in the lexicon, if it is there.
    valence: Option<f64>,
    /// Its increment as a booster or dampener, if it is one.
    booster: Option<f64>,
}

/// Buffers reused from sentence to sentence on one thread.
#[derive(Default)]
struct Scratch {
    lower: String,
    words: Vec<Word>,
    sentiments: Vec<f64>,
}

/// Python's `str.split()` whitespace within this alphabet: ASCII's six and the separators
/// U+001C–U+001F (no other character of the alphabet is whitespace).
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | 0x1c..=0x1f)
}

impl Scratch {
    /// `polarity_scores(sentence)["compound"]`. Within the alphabet the emoji walk changes
    /// nothing, and its final strip removes only whitespace, which neither the split nor the
    /// punctuation counts see.
    fn score(&mut self, sentence: &str) -> f64 {
        self.split(sentence);
        let mut sentiments = std::mem::take(&mut self.sentiments);
        sentiments.clear();
        let cap_differential = self.words.iter().any(|w| w.upper) && self.words.iter().any(|w| !w.upper);
        for i in 0..self.words.len() {
            // A booster, and "kind" of "kind of", are modifiers and carry no valence of their own.
            let modifier = self.words[i].booster.is_some()
                || (self.word(i) == "kind" && i + 1 < self.words.len() && self.word(i + 1) == "of");
            sentiments.push(if modifier { 0.0 } else { self.valence(i, cap_differential) });
        }
        self.but_check(&mut sentiments);
        let compound = score_valence(&sentiments, sentence);
        self.sentiments = sentiments;
        compound
    }

    /// `SentiText._words_and_emoticons`: the sentence split at whitespace, each token stripped of
    /// leading and trailing ASCII punctuation unless two or fewer characters would remain (so
    /// ":)" stays itself).
    ///
    /// Over bytes: whitespace and ASCII punctuation are single bytes that never occur inside
    /// another character's UTF-8, so every cut falls on a character boundary.
    fn split(&mut self, sentence: &str) {
        let lexical = lexical();
        self.lower.clear();
        self.words.clear();
        let bytes = sentence.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            if is_space(bytes[at]) {
                at += 1;
                continue;
            }
            let start = at;
            while at < bytes.len() && !is_space(bytes[at]) {
                at += 1;
            }
            let token = &bytes[start..at];
            let first = token.iter().position(|b| !b.is_ascii_punctuation());
            let last = token.iter().rposition(|b| !b.is_ascii_punctuation());
            let (from, to) = first.zip(last).map_or((start, start), |(f, l)| (start + f, start + l + 1));
            // Characters counted by the bytes that start one (any but 0b10xx_xxxx); more than
            // eight bytes hold at least three characters.
            let short = to - from <= 2 || (to - from <= 8 && bytes[from..to].iter().filter(|&&b| (b as i8) >= -0x40).count() <= 2);
            let word = if short { &sentence[start..at] } else { &sentence[from..to] };
            let begin = self.lower.len();
            self.lower.push_str(word);
            self.lower[begin..].make_ascii_lowercase();
            let end = self.lower.len();
            let upper = word.bytes().any(|b| b.is_ascii_uppercase()) && !word.bytes().any(|b| b.is_ascii_lowercase());
            let Lexical { valence, booster } = lexical.get(&self.lower[begin..end]).copied().unwrap_or_default();
            self.words.push(Word { start: begin, end, upper, valence, booster });
        }
    }

    /// The lowercase form of word `i`.
    fn word(&self, i: usize) -> &str {
        &self.lower[self.words[i].start..self.words[i].end]
    }

    /// `sentiment_valence`: word `i`'s lexicon valence as the words before it modify it.
    fn valence(&self, i: usize, cap_differential: bool) -> f64 {
        let Some(lexical) = self.words[i].valence else { return 0.0 };
        let n = self.words.len();
        let w = |j: usize| self.word(j);
        let mut valence = lexical;
        // "no" before another lexicon word negates that word instead of counting itself.
        if w(i) == "no" && i != n - 1 && self.words[i + 1].valence.is_some() {
            valence = 0.0;
        }
        if (i > 0 && w(i - 1) == "no")
            || (i > 1 && w(i - 2) == "no")
            || (i > 2 && w(i - 3) == "no" && matches!(w(i - 1), "or" | "nor"))
        {
            valence = lexical * N_SCALAR;
        }
        if self.words[i].upper && cap_differential {
            valence += if valence > 0.0 { C_INCR } else { -C_INCR };
        }
        // The three words before, each unless it is a lexicon word itself: boosters and
        // dampeners, fading with distance, then negation, then (three back) idioms.
        for back in 1..=3 {
            if i >= back && self.words[i - back].valence.is_none() {
                let mut scalar = self.scalar_inc_dec(i - back, valence, cap_differential);
                if scalar != 0.0 {
                    scalar *= [1.0, 0.95, 0.9][back - 1];
                }
                valence += scalar;
                valence = self.negation_check(valence, back, i);
                if back == 3 {
                    valence = self.special_idioms_check(valence, i);
                }
            }
        }
        self.least_check(valence, i)
    }

    /// `scalar_inc_dec`: what booster word `j` adds to a valence, signed with it and larger when
    /// the booster alone is in capitals.
    fn scalar_inc_dec(&self, j: usize, valence: f64, cap_differential: bool) -> f64 {
        let Some(mut scalar) = self.words[j].booster else { return 0.0 };
        if valence < 0.0 {
            scalar *= -1.0;
        }
        if self.words[j].upper && cap_differential {
            scalar += if valence > 0.0 { C_INCR } else { -C_INCR };
        }
        scalar
    }

    /// `_negation_check` for the word `back` places before word `i`, with the reference's
    /// exceptions ("never so good" intensifies, "without doubt" does not negate). Three back,
    /// Python reads its `a and b or c` as `(a and b) or c`: a "so" or "this" just before the word
    /// intensifies it whatever the word three back is.
    fn negation_check(&self, valence: f64, back: usize, i: usize) -> f64 {
        let w = |j: usize| self.word(j);
        let so_or_this = |j: usize| matches!(w(j), "so" | "this");
        match back {
            1 if negated(w(i - 1)) => valence * N_SCALAR,
            2 if w(i - 2) == "never" && so_or_this(i - 1) => valence * 1.25,
            2 if w(i - 2) == "without" && w(i - 1) == "doubt" => valence,
            2 if negated(w(i - 2)) => valence * N_SCALAR,
            3 if (w(i - 3) == "never" && so_or_this(i - 2)) || so_or_this(i - 1) => valence * 1.25,
            3 if w(i - 3) == "without" && (w(i - 2) == "doubt" || w(i - 1) == "doubt") => valence,
            3 if negated(w(i - 3)) => valence * N_SCALAR,
            _ => valence,
        }
    }

    /// `_special_idioms_check` (word `i` has three words before it): an idiom ending at, around or
    /// after the word replaces its valence, and a two-word dampener before it ("kind of") adds.
    fn special_idioms_check(&self, mut valence: f64, i: usize) -> f64 {
        let n = self.words.len();
        let w = |j: usize| self.word(j);
        let (w3, w2, w1, w0) = (w(i - 3), w(i - 2), w(i - 1), w(i));
        let before: [&[&str]; 5] = [&[w1, w0], &[w2, w1, w0], &[w2, w1], &[w3, w2, w1], &[w3, w2]];
        if let Some(v) = before.iter().find_map(|seq| special_case(seq)) {
            valence = v;
        }
        if n - 1 > i
            && let Some(v) = special_case(&[w0, w(i + 1)])
        {
            valence = v;
        }
        if n - 1 > i + 1
            && let Some(v) = special_case(&[w0, w(i + 1), w(i + 2)])
        {
            valence = v;
        }
        // The reference also looks up "w3 w2 w1", which no two-word key matches.
        for (a, b) in [(w3, w2), (w2, w1)] {
            if let Some(v) = booster_pair(a, b) {
                valence += v;
            }
        }
        valence
    }

    /// `_least_check`: "least" before a word negates it, except in "at least" and "very least".
    fn least_check(&self, valence: f64, i: usize) -> f64 {
        let least = |j: usize| self.words[j].valence.is_none() && self.word(j) == "least";
        if i > 1 && least(i - 1) {
            if !matches!(self.word(i - 2), "at" | "very") {
                return valence * N_SCALAR;
            }
        } else if i > 0 && least(i - 1) {
            return valence * N_SCALAR;
        }
        valence
    }

    /// `_but_check`: after a contrastive "but" valences count 1.5 times, before it half.
    ///
    /// The reference finds each valence's position with `list.index`, the first position holding
    /// an equal value, and scales the valence there: with repeated values it scales one position
    /// several times and leaves another alone. That is reproduced, as VADER's scores are.
    fn but_check(&self, sentiments: &mut [f64]) {
        let Some(but) = (0..self.words.len()).find(|&i| self.word(i) == "but") else { return };
        for k in 0..sentiments.len() {
            let sentiment = sentiments[k];
            let first = sentiments.iter().position(|&s| s == sentiment).unwrap_or(k);
            if first < but {
                sentiments[first] = sentiment * 0.5;
            } else if first > but {
                sentiments[first] = sentiment * 1.5;
            }
        }
    }
}

/// `score_valence`'s compound: the sum of the valences, pushed away from 0 by exclamation and
/// question marks, normalised by `normalize` and rounded to four decimals.
fn score_valence(sentiments: &[f64], text: &str) -> f64 {
    if sentiments.is_empty() {
        return 0.0;
    }
    // Summed from +0.0 as Python's `sum` from its integer 0 (Rust's `Sum` for floats starts from
    // −0.0, which would keep a sum of negated zeros negative).
    let mut sum = sentiments.iter().fold(0.0, |sum, s| sum + s);
    let count = |mark: u8| text.bytes().filter(|&b| b == mark).count();
    let exclamations = count(b'!').min(4) as f64 * 0.292;
    let questions = match count(b'?') {
        0 | 1 => 0.0,
        q @ 2..=3 => q as f64 * 0.18,
        _ => 0.96,
    };
    let emphasis = exclamations + questions;
    if sum > 0.0 {
        sum += emphasis;
    } else if sum < 0.0 {
        sum -= emphasis;
    }
    round4((sum / (sum * sum + ALPHA).sqrt()).clamp(-1.0, 1.0))
}

/// Python's `round(x, 4)`: the decimal of four places nearest to the exact binary value of `x`
/// (ties to even), as the nearest double. Away from a tie `x × 10⁴`, rounded once, rounds to the
/// same integer `k`, and `k / 10⁴`, one correctly rounded division, is the double nearest that
/// decimal; near a tie the exact decimal expansion decides.
fn round4(x: f64) -> f64 {
    let scaled = x * 1e4;
    if ((scaled - scaled.trunc()).abs() - 0.5).abs() > 1e-6 {
        return scaled.round() / 1e4;
    }
    // Rust formats the exact value, rounding ties to even, as Python's `round` does.
    format!("{x:.4}").parse().unwrap_or(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Compounds from the reference implementation, vaderSentiment 3.3.2 run under Python 3: its
    /// README's examples, then sentences made to reach each rule.
    #[test]
    fn compounds_match_the_python_reference() {
        let cases = [
            ("VADER is smart, handsome, and funny.", 0.8316),
            ("VADER is smart, handsome, and funny!", 0.8439),
            ("VADER is very smart, handsome, and funny.", 0.8545),
            ("VADER is VERY SMART, handsome, and FUNNY.", 0.9227),
            ("VADER is VERY SMART, handsome, and FUNNY!!!", 0.9342),
            ("VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!", 0.9469),
            ("VADER is not smart, handsome, nor funny.", -0.7424),
            ("The book was good.", 0.4404),
            ("At least it isn't a horrible book.", 0.431),
            ("The book was only kind of good.", 0.3832),
            ("The plot was good, but the characters are uncompelling and the dialog is not great.", -0.7042),
            ("Today SUX!", -0.5461),
            ("Today only kinda sux! But I'll get by, lol", 0.5249),
            ("Make sure you :) or :D today!", 0.8633),
            ("Not bad at all", 0.431),
            // negation at one, two and three words, "never so", "without doubt"
            ("It was never so good.", 0.6626),
            ("It was never this bad, they said.", -0.7101),
            ("This is without doubt a good plan.", 0.6136),
            ("Cannot be good without doubt.", -0.0762),
            ("They are not very good.", -0.3865),
            ("He did not really help.", -0.3559),
            ("They weren't so happy.", -0.5815),
            ("It isn't good.", -0.3412),
            // "least", "at least", "very least"
            ("He was the least happy man.", -0.4585),
            ("At least it was good.", 0.4404),
            ("At the very least it was good.", 0.4404),
            ("Least good of all.", -0.3412),
            // "no" before a lexicon word, and "no … or|nor"
            ("No no good.", -0.1326),
            ("There was no good news.", -0.3412),
            ("No problem or fine plan.", 0.1695),
            ("No, not bad, nor good.", 0.5981),
            // idioms
            ("This is the bomb.", 0.6124),
            ("It was the kiss of death for the good plan.", -0.2732),
            ("The bus stop was nice.", -0.296),
            ("Yeah right, great.", 0.743),
            // "but" with repeated valences (the reference's `list.index`)
            ("I kind of like it, but it is bad bad bad.", -0.9398),
            ("Good good, but bad bad and good.", -0.5789),
            ("It is NOT GOOD at all, but OK.", -0.2439),
            // punctuation emphasis
            ("Is it good?? Really???", 0.594),
            ("Is it bad???? No!!!!!", -0.7669),
            // dampeners, one word and two
            ("It was hardly good.", 0.3832),
            ("It was sort of good, just enough good.", 0.6712),
            // capitals among words that are not, and all in capitals
            ("They REALLY love the deal.", 0.7372),
            ("The DEAL was a GREAT WIN for ALL.", 0.8851),
            ("WAR WAR WAR", -0.9136),
            ("A B C good!", 0.4926),
            // punctuation stripped unless two or fewer characters would remain
            ("\"Terror,\" he said.", -0.5267),
            ("He said it's ... good", 0.4404),
            (":) :( :-)", 0.34),
        ];
        for (text, want) in cases {
            assert_eq!(compound(text), Some(want), "{text}");
        }
    }

    #[test]
    fn the_book_was_good_by_hand() {
        // "good" has valence 1.9 in the lexicon and nothing modifies it: 1.9 / √(1.9² + 15)
        // = 1.9 / 4.31393 = 0.44043, 0.4404 at four decimals.
        assert_eq!(lexicon()["good"], 1.9);
        assert_eq!(compound("The book was good."), Some(0.4404));
        assert_eq!(compound(""), Some(0.0));
        assert_eq!(compound("The meeting was held on Tuesday."), Some(0.0));
    }

    #[test]
    fn sentences_outside_the_alphabet_are_left_to_vader_parity() {
        // Curly quotes are not ASCII punctuation, so VADER strips none from "“good”" and finds no
        // lexicon word in it (the reference scores these 0.0 and 0.4404 too).
        assert_eq!(compound("He said “good” — twice…"), Some(0.0));
        assert_eq!(compound("It’s a good deal – they said."), Some(0.4404));
        assert_eq!(compound("Café"), None);
        assert_eq!(compound("I ❤ it"), None);
        assert_eq!(compound("© AP"), None);
        assert_eq!(compound("a\u{a0}b"), None);
    }

    /// Each character of the alphabet beyond ASCII is, for VADER as `vader-parity` reproduces it,
    /// no emoji and no whitespace (either would change the number of tokens, and so the neutral
    /// share) and of no case (a capital would make "ĈĈ" a word in capitals, a small letter would
    /// keep "AĉA" from being one).
    #[test]
    fn the_alphabet_holds_no_emoji_space_or_case() {
        let vader = vader_parity::SentimentIntensityAnalyzer::new();
        let beyond_ascii: Vec<char> = ('\u{80}'..='\u{ffff}').filter(|&c| in_alphabet(c)).collect();
        assert_eq!(beyond_ascii.len(), 25, "{beyond_ascii:?}");
        for c in beyond_ascii {
            assert!(!c.is_uppercase() && !c.is_lowercase() && c.to_lowercase().eq([c]), "{c:?} has a case");
            let neutral = vader.polarity_scores(&format!("good {c}{c}{c}")).neu;
            assert_eq!(neutral, vader.polarity_scores("good xyz").neu, "{c:?} is an emoji or whitespace to VADER");
            for probe in [format!("GOOD A{c}A"), format!("GOOD {c}{c}"), format!("{c}good{c} but bad")] {
                assert_eq!(compound(&probe), Some(vader.polarity_scores(&probe).compound), "{probe:?}");
            }
        }
    }

    #[test]
    fn the_lexicon_is_vadersentiment_3_3_2s() {
        use sha2::Digest;
        let digest: String = sha2::Sha256::digest(LEXICON).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(digest, "1ec9c6e9ee19aade328f8beb393a6afa71a5bb3acf7d3cc22d4ef568df374bf5");
        // 7,520 lines, 14 tokens listed twice ("lol", "xd", …): 7,506 tokens, as in Python's dict.
        assert_eq!(lexicon().len(), 7_506);
    }

    #[test]
    fn rounding_is_pythons() {
        // (x, round(x, 4)) from Python 3: exact binary ties go to the even neighbour.
        let cases = [(0.03125, 0.0312), (0.09375, 0.0938), (-0.03125, -0.0312), (0.44043, 0.4404), (-0.99995, -1.0)];
        for (x, want) in cases {
            assert_eq!(round4(x), want, "{x}");
        }
    }
}
