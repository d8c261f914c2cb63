//! Quotes and attribution: an article's text, tokens and mentions in, its attributions out —
//! every direct quote and every reported statement ("X said that …", "according to X") with its
//! source, the source's type (named person, named organisation, anonymous, other media,
//! unattributed), the speech verb and the verb's stance (neutral, assertive, denial, factive).
//!
//! Rules, in the spirit of rule-based quotation attribution (Pareti et al. 2013; Pouliquen et al.
//! 2007) and the sourcing categories of news-bias studies:
//! - A quote is the text between double quotation marks (straight or curly), never crossing a
//!   line break: an unclosed quote ends at its paragraph's end, and a second opening mark before a
//!   closing one ends the first quote there, so an unbalanced mark can never swallow the article.
//!   Single quotes are not read (they double as apostrophes).
//! - A quote's speech verb is the first one after it in its sentence (`“…,” said X`, `“…,” X said`),
//!   else the last one before it (`X said: “…”`). A quote without a verb right after an
//!   attributed quote of the same paragraph continues it; a short one (four words or fewer)
//!   without a verb is a scare quote and not a source.
//! - The source of a verb is the noun phrase before it (skipping adverbs, an apposition and a
//!   postmodifier such as "in Velmora"), or after it when the verb follows a comma or a quote, or
//!   the object of "according to" or of a passive "by". Its type comes from the mention it ends
//!   in (by the mention's kind) or from its head noun ("sources", "officials" → anonymous;
//!   "report", "media" → other media; "ministry", "government" → named organisation). "He" and
//!   "she" are the last named speaker of the last three sentences, else the last person named in
//!   this or the two sentences before.
//! - The stance is the verb's class in the `attribution` lexicon. A neutral verb reporting a
//!   negation of the claim ("not aware of any plans", "no decision") counts as a denial.

use crate::model::{Attribution, EntityKind, Label, LabelKind, Mention, SourceType, Span, Stance, Token};
use crate::hash::HashMap;
use crate::text::is_stopword;
use std::sync::OnceLock;

/// Speech verbs and their stance classes (the classes of `data/lexicons/attribution.toml`; a test
/// checks that every form listed there has the same class here).
pub const SPEECH_VERBS: &[(&str, Stance)] = &[
    ("said", Stance::Neutral),
    ("says", Stance::Neutral),
    ("say", Stance::Neutral),
    ("told", Stance::Neutral),
    ("tell", Stance::Neutral),
    ("tells", Stance::Neutral),
    ("stated", Stance::Neutral),
    ("states", Stance::Neutral),
    ("announced", Stance::Neutral),
    ("announces", Stance::Neutral),
    ("added", Stance::Neutral),
    ("adds", Stance::Neutral),
    ("noted", Stance::Neutral),
    ("explained", Stance::Neutral),
    ("wrote", Stance::Neutral),
    ("writes", Stance::Neutral),
    ("replied", Stance::Neutral),
    ("responded", Stance::Neutral),
    ("commented", Stance::Neutral),
    ("remarked", Stance::Neutral),
    ("declared", Stance::Neutral),
    ("informed", Stance::Neutral),
    ("reported", Stance::Neutral),
    ("warned", Stance::Neutral),
    ("stressed", Stance::Neutral),
    ("according", Stance::Neutral),
    ("claimed", Stance::Assertive),
    ("claiming", Stance::Assertive),
    ("insisted", Stance::Assertive),
    ("insists", Stance::Assertive),
    ("asserted", Stance::Assertive),
    ("asserts", Stance::Assertive),
    ("alleged", Stance::Assertive),
    ("alleges", Stance::Assertive),
    ("argued", Stance::Assertive),
    ("argues", Stance::Assertive),
    ("contended", Stance::Assertive),
    ("contends", Stance::Assertive),
    ("denied", Stance::Denial),
    ("denies", Stance::Denial),
    ("deny", Stance::Denial),
    ("denying", Stance::Denial),
    ("rejected", Stance::Denial),
    ("rejects", Stance::Denial),
    ("reject", Stance::Denial),
    ("dismissed", Stance::Denial),
    ("dismisses", Stance::Denial),
    ("refuted", Stance::Denial),
    ("refutes", Stance::Denial),
    ("rebuffed", Stance::Denial),
    ("rebutted", Stance::Denial),
    ("repudiated", Stance::Denial),
    ("disputed", Stance::Denial),
    ("confirmed", Stance::Factive),
    ("confirms", Stance::Factive),
    ("acknowledged", Stance::Factive),
    ("acknowledges", Stance::Factive),
    ("admitted", Stance::Factive),
    ("admits", Stance::Factive),
    ("revealed", Stance::Factive),
    ("reveals", Stance::Factive),
    ("conceded", Stance::Factive),
    ("concedes", Stance::Factive),
    ("disclosed", Stance::Factive),
];

/// The stance class of `norm` as a speech verb (`SPEECH_VERBS`), if it is one. Asked of every
/// token of every article: a hash look-up, where comparing with each of the 60 verbs in turn was
/// 3 s of a full ABP run's CPU.
fn speech_verb(norm: &str) -> Option<Stance> {
    static VERBS: OnceLock<HashMap<&'static str, Stance>> = OnceLock::new();
    let verbs = VERBS.get_or_init(|| {
        let mut verbs = HashMap::default();
        for &(verb, stance) in SPEECH_VERBS {
            verbs.entry(verb).or_insert(stance); // the first listing wins, as in a scan
        }
        verbs
    });
    verbs.get(norm).copied()
}

/// Negations that make a neutrally reported statement a denial of the claim it answers.
pub const DENIAL_CUES: &[&[&str]] = &[
    &["not", "aware"],
    &["no", "plans"],
    &["no", "plan"],
    &["no", "decision"],
    &["not", "true"],
    &["no", "truth"],
    &["no", "intention"],
];

/// Words skipped between a verb and its subject ("Ryder also said", "the ministry on Monday denied").
const SKIP: &[&str] = &[
    "also", "later", "then", "again", "previously", "repeatedly", "flatly", "firmly", "strongly", "reportedly", "privately",
    "publicly", "immediately", "earlier", "had", "has", "have", "would", "will", "did", "does", "continued", "continues",
    "to", "not", "never", "on", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
    "yesterday", "tonight", "once", "quickly", "swiftly", "angrily", "openly", "separately",
];
const DETERMINERS: &[&str] = &["the", "a", "an", "its", "his", "her", "their", "this", "that", "these", "those"];
const PASSIVE: &[&str] = &["was", "were", "is", "are", "be", "been", "being"];
/// Words that end a subject noun phrase on its left.
const CLAUSE: &[&str] = &[
    "that", "which", "who", "and", "but", "as", "when", "while", "after", "before", "because", "since", "despite", "if",
    "though", "although", "where", "than", "so", "whom",
];
const NP_PREPOSITIONS: &[&str] = &["of", "in", "at", "from", "for", "with", "close", "near", "on"];
const PRONOUNS: &[&str] = &["he", "she"];
const OTHER_PRONOUNS: &[&str] = &["they", "it", "we", "i", "you", "this", "these", "those"];

/// Head nouns of unnamed sources.
const ANONYMOUS: &[&str] = &[
    "source", "sources", "official", "officials", "diplomat", "diplomats", "insider", "insiders", "resident", "residents",
    "witness", "witnesses", "people", "analyst", "analysts", "observer", "observers", "expert", "experts", "staff",
    "worker", "workers", "nurse", "nurses", "doctor", "doctors", "trader", "traders", "fishermen", "organisers",
    "organizers", "mourners", "protesters", "aide", "aides", "spokesman", "spokeswoman", "spokesperson", "officer",
    "officers", "man", "woman", "men", "women", "someone", "agents", "marchers", "activists", "critics", "owners",
    "shopkeepers", "locals", "villagers", "neighbours", "neighbors", "relatives", "friends", "members",
];
/// Head nouns of other media.
const MEDIA: &[&str] = &[
    "report", "reports", "media", "newspaper", "newspapers", "paper", "television", "tv", "broadcaster", "channel",
    "radio", "outlet", "outlets", "website", "daily", "wire", "agency", "journalist", "journalists", "reporter", "reporters",
    "correspondent",
];
/// Head nouns of institutions.
const INSTITUTIONS: &[&str] = &[
    "ministry", "government", "office", "army", "military", "police", "parliament", "assembly", "embassy", "authorities",
    "authority", "department", "directorate", "council", "court", "commission", "administration", "command", "coalition",
    "forces", "presidency", "cabinet", "mission", "hospital", "airport", "port", "group", "movement", "party", "pentagon",
    "kremlin", "organisers", "union", "brigades", "militia",
];
/// Head nouns of documents: the source is whoever issued them.
const DOCUMENTS: &[&str] = &["statement", "letter", "document", "memo", "communique", "release", "note", "post"];

/// Quotes: the inner spans of double-quoted passages, in order. Never panics; an unclosed quote
/// ends at the end of its line, and an opening mark inside an open quote ends the open quote.
pub fn find_quotes(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let close = |out: &mut Vec<Span>, start: usize, end: usize| {
        let inner = &text[start..end];
        let lead = inner.len() - inner.trim_start().len();
        let trimmed = inner.trim();
        if !trimmed.is_empty() {
            out.push(Span::new(start + lead, start + lead + trimmed.len()));
        }
    };
    for (i, c) in text.char_indices() {
        match c {
            '\n' => {
                if let Some(s) = open.take() {
                    close(&mut out, s, i);
                }
            }
            '\u{201C}' | '\u{00AB}' | '\u{201E}' => {
                if let Some(s) = open.take() {
                    close(&mut out, s, i);
                }
                open = Some(i + c.len_utf8());
            }
            '\u{201D}' | '\u{00BB}' => {
                if let Some(s) = open.take() {
                    close(&mut out, s, i);
                }
            }
            '"' => match open.take() {
                Some(s) => close(&mut out, s, i),
                None => open = Some(i + 1),
            },
            _ => {}
        }
    }
    if let Some(s) = open {
        close(&mut out, s, text.len());
    }
    out
}

/// What the source finder concluded.
#[derive(Debug, Clone, Copy)]
struct Source {
    span: Option<Span>,
    mention: Option<u32>,
    kind: SourceType,
    /// Whether the reported content follows the verb (subject before the verb).
    content_after: bool,
}

struct Ctx<'a> {
    text: &'a str,
    tokens: &'a [Token],
    sentences: &'a [Span],
    mentions: &'a [Mention],
    labels: &'a [Label],
    /// Mention index covering each token, or u32::MAX.
    mention_of: Vec<u32>,
    in_quote: Vec<bool>,
}

/// Finds every attribution in one article.
pub fn find_attributions(
    text: &str,
    tokens: &[Token],
    sentences: &[Span],
    mentions: &[Mention],
    labels: &[Label],
) -> Vec<Attribution> {
    let quotes = find_quotes(text);
    let mut mention_of = vec![u32::MAX; tokens.len()];
    let mut in_quote = vec![false; tokens.len()];
    {
        let (mut m, mut q) = (0, 0);
        for (i, t) in tokens.iter().enumerate() {
            while m < mentions.len() && mentions[m].span.end <= t.span.start {
                m += 1;
            }
            if m < mentions.len() && mentions[m].span.start <= t.span.start && t.span.start < mentions[m].span.end {
                mention_of[i] = m as u32;
            }
            while q < quotes.len() && quotes[q].end <= t.span.start {
                q += 1;
            }
            in_quote[i] = q < quotes.len() && quotes[q].start <= t.span.start;
        }
    }
    let ctx = Ctx { text, tokens, sentences, mentions, labels, mention_of, in_quote };

    // Speech verbs outside quotes.
    let verbs: Vec<usize> = (0..tokens.len()).filter(|&i| !ctx.in_quote[i] && ctx.stance(i).is_some()).collect();
    // Each quote takes a verb: the first after it in its sentence, else the last before it.
    let mut used = vec![false; verbs.len()];
    let mut events: Vec<(usize, Option<Span>, Option<usize>)> = Vec::new(); // (order position, quote, verb index)
    for q in &quotes {
        let qs = tokens.partition_point(|t| t.span.start < q.start);
        if qs == tokens.len() {
            continue;
        }
        let qe = tokens.partition_point(|t| t.span.end <= q.end).saturating_sub(1).max(qs);
        let (s_start, s_end) = (tokens[qs].sentence, tokens[qe].sentence);
        let after = verbs.iter().position(|&v| tokens[v].sentence == s_end && tokens[v].span.start >= q.end);
        let before = verbs.iter().rposition(|&v| tokens[v].sentence == s_start && tokens[v].span.end <= q.start);
        let chosen = after.or(before);
        if let Some(k) = chosen {
            used[k] = true;
        }
        events.push((q.start, Some(*q), chosen.map(|k| verbs[k])));
    }
    for (k, &v) in verbs.iter().enumerate() {
        if !used[k] {
            events.push((tokens[v].span.start, None, Some(v)));
        }
    }
    events.sort_by_key(|e| e.0);

    let mut out: Vec<Attribution> = Vec::new();
    let mut last_speaker: Option<(u32, u32)> = None; // (mention, sentence)
    for (_, quote, verb) in events {
        let attribution = match (quote, verb) {
            (Some(q), Some(v)) => {
                let source = ctx.source(v, last_speaker).unwrap_or(Source {
                    span: None,
                    mention: None,
                    kind: SourceType::Unattributed,
                    content_after: true,
                });
                Some(ctx.attribution(q, true, source, Some(v)))
            }
            (Some(q), None) => {
                let sentence = ctx.sentence_at(q.start);
                // A quote continuing the previous attributed quote of its paragraph.
                let previous = out.last().filter(|a| {
                    a.quoted && a.source.is_some() && !text[a.content.end..q.start].contains('\n')
                });
                if let Some(p) = previous {
                    Some(Attribution { content: q, sentence, verb: None, ..p.clone() })
                } else if q.slice(text).split_whitespace().count() <= 4 {
                    None
                } else {
                    Some(Attribution {
                        content: q,
                        quoted: true,
                        source: None,
                        mention: None,
                        source_type: SourceType::Unattributed,
                        verb: None,
                        stance: Stance::None,
                        sentence,
                    })
                }
            }
            (None, Some(v)) => ctx.source(v, last_speaker).map(|source| {
                let content = ctx.reported_content(v, &source);
                ctx.attribution(content, false, source, Some(v))
            }),
            (None, None) => None,
        };
        if let Some(a) = attribution {
            if let (SourceType::NamedPerson, Some(m)) = (a.source_type, a.mention) {
                last_speaker = Some((m, a.sentence));
            }
            out.push(a);
        }
    }
    out
}

impl Ctx<'_> {
    fn norm(&self, i: usize) -> &str {
        self.tokens[i].norm.as_str()
    }
    fn gap_before(&self, i: usize) -> &str {
        if i == 0 { "" } else { &self.text[self.tokens[i - 1].span.end..self.tokens[i].span.start] }
    }
    fn same_sentence(&self, i: usize, j: usize) -> bool {
        self.tokens[i].sentence == self.tokens[j].sentence
    }
    fn sentence_at(&self, byte: usize) -> u32 {
        self.sentences.iter().rposition(|s| s.start <= byte).unwrap_or(0) as u32
    }

    /// The stance of token i as a speech verb, if it is one.
    fn stance(&self, i: usize) -> Option<Stance> {
        let norm = self.norm(i);
        let stance = speech_verb(norm)?;
        // Not part of a name ("United States"), not after a determiner ("the alleged start").
        if self.mention_of[i] != u32::MAX || (i > 0 && DETERMINERS.contains(&self.norm(i - 1))) {
            return None;
        }
        let next = self.tokens.get(i + 1).map(|t| t.norm.as_str());
        match norm {
            // "according to X"
            "according" => (next == Some("to")).then_some(stance),
            // "informed them that", not "informed sources"
            "informed" => matches!(next, Some("them" | "him" | "her" | "us" | "me" | "reporters" | "journalists" | "the"))
                .then_some(stance),
            // "reported" as a verb of another outlet, not "the reported plan"
            "reported" => (i > 0 && !matches!(self.norm(i - 1), "the" | "a" | "an")).then_some(stance),
            _ => Some(stance),
        }
    }

    fn attribution(&self, content: Span, quoted: bool, source: Source, verb: Option<usize>) -> Attribution {
        let mut stance = verb.and_then(|v| self.stance(v)).unwrap_or(Stance::None);
        // The cue may sit between the verb and the quote: "informed them there had been no “decision …”".
        let reach = match verb {
            Some(v) => Span::new(content.start.min(self.tokens[v].span.start), content.end.max(self.tokens[v].span.end)),
            None => content,
        };
        if stance == Stance::Neutral && self.negates(reach) {
            stance = Stance::Denial;
        }
        let sentence = match verb {
            Some(v) if !quoted => self.tokens[v].sentence,
            _ => self.sentence_at(content.start),
        };
        Attribution {
            content,
            quoted,
            source: source.span,
            mention: source.mention,
            source_type: source.kind,
            verb: verb.map(|v| {
                let t = &self.tokens[v];
                if t.norm == "according" { Span::new(t.span.start, self.tokens[v + 1].span.end) } else { t.span }
            }),
            stance,
            sentence,
        }
    }

    /// Whether a reported content contains a denial cue ("not aware", "no decision").
    fn negates(&self, content: Span) -> bool {
        let inside: Vec<&str> = self
            .tokens
            .iter()
            .filter(|t| t.span.start >= content.start && t.span.end <= content.end)
            .map(|t| t.norm.as_str())
            .collect();
        DENIAL_CUES.iter().any(|cue| inside.windows(cue.len()).any(|w| w == *cue))
    }

    /// The reported clause of a verb without quotes: after the verb (minus "that") when the source
    /// precedes it, else the sentence before the verb.
    fn reported_content(&self, v: usize, source: &Source) -> Span {
        let s = self.sentences[self.tokens[v].sentence as usize];
        let span = if source.content_after {
            let mut k = v + 1;
            if self.norm(v) == "according" {
                k += 1;
            }
            // Skip the source itself when it follows the verb, and a "that".
            if let Some(src) = source.span
                && src.start >= self.tokens[v].span.end {
                    while k < self.tokens.len() && self.tokens[k].span.start < src.end {
                        k += 1;
                    }
                }
            if k < self.tokens.len() && self.norm(k) == "that" {
                k += 1;
            }
            let start = self.tokens.get(k).map_or(s.end, |t| t.span.start).min(s.end);
            Span::new(start, s.end)
        } else {
            Span::new(s.start, self.tokens[v].span.start.max(s.start))
        };
        let piece = span.slice(self.text);
        let trimmed = piece.trim_end_matches([' ', ',', '.', ';', ':']).trim_start_matches([' ', ',']);
        let lead = piece.len() - piece.trim_start_matches([' ', ',']).len();
        if trimmed.is_empty() { s } else { Span::new(span.start + lead, span.start + lead + trimmed.len()) }
    }

    /// The source of the speech verb at token v.
    fn source(&self, v: usize, last_speaker: Option<(u32, u32)>) -> Option<Source> {
        let n = self.tokens.len();
        if self.norm(v) == "according" {
            return self.after(v + 2, v, last_speaker).map(|s| Source { content_after: false, ..s });
        }
        // Passive: "was claimed by X"; "are said to be" is unattributed.
        let mut p = v;
        while p > 0 && self.same_sentence(p - 1, v) && SKIP.contains(&self.norm(p - 1)) && self.plain_gap(p) {
            p -= 1;
        }
        if p > 0 && self.same_sentence(p - 1, v) && PASSIVE.contains(&self.norm(p - 1)) {
            if v + 1 < n && self.norm(v + 1) == "by" && self.same_sentence(v, v + 1) {
                return self.after(v + 2, v, last_speaker).map(|s| Source { content_after: false, ..s });
            }
            return Some(Source { span: None, mention: None, kind: SourceType::Unattributed, content_after: true });
        }
        // Inverted: "“…,” said X" / "…, said X".
        let gap = self.gap_before(v);
        let sentence_start = p == 0 || !self.same_sentence(p - 1, v);
        if gap.contains(['"', '\u{201D}']) || (gap.contains(',') && !self.apposition_before(v)) || sentence_start {
            if let Some(s) = self.after(v + 1, v, last_speaker) {
                return Some(Source { content_after: false, ..s });
            }
            if sentence_start {
                return None;
            }
        }
        // The subject before the verb.
        let end = if self.apposition_before(v) { self.apposition_start(p) } else { p };
        if let Some(s) = self.before(end, v, last_speaker) {
            return Some(s);
        }
        // "X sought out reporters … and informed them": the sentence's first named person.
        let s = self.tokens[v].sentence;
        let first = self
            .mentions
            .iter()
            .enumerate()
            .find(|(_, m)| m.sentence == s && m.span.end <= self.tokens[v].span.start)?;
        let full = &self.mentions[first.1.full as usize];
        (full.kind == EntityKind::Person).then_some(Source {
            span: Some(first.1.span),
            mention: Some(first.0 as u32),
            kind: SourceType::NamedPerson,
            content_after: true,
        })
    }

    /// Whether the gap before token i holds only spaces.
    fn plain_gap(&self, i: usize) -> bool {
        self.gap_before(i).chars().all(char::is_whitespace)
    }

    /// "X, the spokesman, said": a comma before the verb closing an apposition opened by a
    /// comma after a name.
    fn apposition_before(&self, v: usize) -> bool {
        if !self.gap_before(v).contains(',') {
            return false;
        }
        let open = self.apposition_start(v);
        open < v && open > 0 && self.gap_before(open).contains(',')
    }

    /// The token after which the apposition ending before `v` opens (its first token), i.e. the
    /// first token after the previous comma of the sentence; `v` if there is none within 14 words.
    fn apposition_start(&self, v: usize) -> usize {
        let mut k = v;
        while k > 0 && v - k < 14 && self.same_sentence(k - 1, v) {
            k -= 1;
            if self.gap_before(k).contains(',') {
                return k;
            }
        }
        v
    }

    /// The source named by the noun phrase ending just before token `end`.
    fn before(&self, end: usize, v: usize, last_speaker: Option<(u32, u32)>) -> Option<Source> {
        if end == 0 || !self.same_sentence(end - 1, v) {
            return None;
        }
        let mut b = end;
        while b > 0 && end - b < 8 && self.same_sentence(b - 1, v) {
            let k = b - 1;
            if CLAUSE.contains(&self.norm(k)) || self.in_quote[k] {
                // "A nurse who did not want to be named said": the phrase before "who".
                if matches!(self.norm(k), "who" | "that") && b < end && matches!(self.norm(end - 1), "named" | "identified") {
                    let src = self.before(k, v, last_speaker)?;
                    return Some(Source { kind: SourceType::Anonymous, ..src });
                }
                // "Korvan state television, which claimed": the phrase before "which".
                if matches!(self.norm(k), "who" | "which") && b == end && k > 0 {
                    return self.before(k, v, last_speaker);
                }
                break;
            }
            b = k;
            if !self.plain_gap(b) && !self.gap_before(b).trim().eq("-") {
                break;
            }
        }
        if b == end {
            return None;
        }
        self.classify(b, end, v, true, last_speaker)
    }

    /// The source named by the noun phrase starting at token `start` (after the verb).
    fn after(&self, start: usize, v: usize, last_speaker: Option<(u32, u32)>) -> Option<Source> {
        let n = self.tokens.len();
        let mut a = start;
        while a < n && self.same_sentence(a, v) && SKIP.contains(&self.norm(a)) && self.norm(a) != "to" {
            a += 1;
        }
        if a >= n || !self.same_sentence(a, v) || self.in_quote[a] {
            return None;
        }
        let mut e = a;
        while e < n && self.same_sentence(e, v) && e - a < 10 && !self.in_quote[e] && !CLAUSE.contains(&self.norm(e)) {
            e += 1;
            if e < n && !self.plain_gap(e) && !self.gap_before(e).trim().eq("-") {
                break;
            }
        }
        // A named person anywhere in the phrase ("taxi driver Ilyas Moren", "Colonel Mark Hendry").
        for k in a..e {
            let m = self.mention_of[k];
            if m != u32::MAX && self.kind_of(m) == EntityKind::Person {
                return Some(self.source_of(m));
            }
        }
        // "one of the Iraqi marchers, Ali al-Khatib": a person in apposition.
        if e < self.tokens.len() && self.same_sentence(e, v) && self.gap_before(e).contains(',') {
            let m = self.mention_of[e];
            if m != u32::MAX && self.kind_of(m) == EntityKind::Person {
                return Some(self.source_of(m));
            }
        }
        if a < e && PRONOUNS.contains(&self.norm(a)) {
            return self.pronoun(v, last_speaker);
        }
        if e == a {
            return None;
        }
        self.classify(a, e, v, true, last_speaker)
    }

    fn kind_of(&self, m: u32) -> EntityKind {
        let full = &self.mentions[self.mentions[m as usize].full as usize];
        full.kind
    }

    fn source_of(&self, m: u32) -> Source {
        let kind = match self.kind_of(m) {
            EntityKind::Person | EntityKind::Unknown => SourceType::NamedPerson,
            EntityKind::Organisation | EntityKind::Place => SourceType::NamedOrganisation,
            EntityKind::Media => SourceType::OtherMedia,
        };
        // Include the titles written before the name ("Brig. Gen. Seeley").
        let mut span = self.mentions[m as usize].span;
        for l in self.labels.iter().filter(|l| l.mention == m && l.kind == LabelKind::Title) {
            span.start = span.start.min(l.span.start);
        }
        Source { span: Some(span), mention: Some(m), kind, content_after: true }
    }

    /// "he" / "she": the last named speaker within three sentences, else the last person named
    /// in this or the two sentences before, else a person named after the verb.
    fn pronoun(&self, v: usize, last_speaker: Option<(u32, u32)>) -> Option<Source> {
        let s = self.tokens[v].sentence;
        if let Some((m, ls)) = last_speaker
            && s >= ls && s - ls <= 3 {
                return Some(self.source_of(m));
            }
        let before = self.mentions.iter().enumerate().rev().find(|(_, m)| {
            m.span.end <= self.tokens[v].span.start && m.sentence + 2 >= s && self.kind_of_full(m) == EntityKind::Person
        });
        if let Some((m, _)) = before {
            return Some(self.source_of(m as u32));
        }
        let after = self.mentions.iter().enumerate().find(|(_, m)| {
            m.span.start >= self.tokens[v].span.end && m.sentence == s && self.kind_of_full(m) == EntityKind::Person
        });
        after.map(|(m, _)| self.source_of(m as u32))
    }

    fn kind_of_full(&self, m: &Mention) -> EntityKind {
        self.mentions[m.full as usize].kind
    }

    /// Classifies the noun phrase `[a, e)` as a source.
    fn classify(&self, a: usize, e: usize, v: usize, content_after: bool, last_speaker: Option<(u32, u32)>) -> Option<Source> {
        // The head: the last word before the first preposition ("sources in Velmora" → sources);
        // after a quantifier, the word after "of" ("one of the marchers" → marchers).
        let mut head_end = (a..e).find(|&k| k > a && NP_PREPOSITIONS.contains(&self.norm(k))).unwrap_or(e);
        if head_end - a == 1 && matches!(self.norm(a), "one" | "some" | "many" | "several" | "two" | "three" | "most" | "few") {
            head_end = e;
        }
        let h = head_end - 1;
        let span = Span::new(self.tokens[a].span.start, self.tokens[e - 1].span.end);
        let m = self.mention_of[h];
        if m != u32::MAX {
            let src = self.source_of(m);
            return Some(Source { content_after, ..src });
        }
        let head = self.norm(h);
        if PRONOUNS.contains(&head) && head_end - a == 1 {
            return self.pronoun(v, last_speaker);
        }
        if OTHER_PRONOUNS.contains(&head) || is_stopword(head) {
            return None;
        }
        let named = (a..e).any(|k| self.mention_of[k] != u32::MAX);
        let kind = if ANONYMOUS.contains(&head) {
            // "the ministry spokesman" with a definite article may be a person named before.
            if self.norm(a) == "the"
                && let Some(m) = self.coreferent(head, v) {
                    return Some(Source { span: Some(span), ..self.source_of(m) });
                }
            SourceType::Anonymous
        } else if MEDIA.contains(&head) {
            SourceType::OtherMedia
        } else if INSTITUTIONS.contains(&head) {
            SourceType::NamedOrganisation
        } else if DOCUMENTS.contains(&head) {
            if named || (a..e).any(|k| INSTITUTIONS.contains(&self.norm(k))) {
                SourceType::NamedOrganisation
            } else if (a..e).any(|k| MEDIA.contains(&self.norm(k))) {
                SourceType::OtherMedia
            } else {
                SourceType::Unattributed
            }
        } else if crate::annotate::entities::ROLE_NOUNS.contains(&head) {
            if self.norm(a) == "the"
                && let Some(m) = self.coreferent(head, v) {
                    return Some(Source { span: Some(span), ..self.source_of(m) });
                }
            SourceType::Anonymous
        } else {
            return None;
        };
        let mention = (a..e).map(|k| self.mention_of[k]).find(|&m| m != u32::MAX && kind == SourceType::NamedOrganisation);
        Some(Source { span: Some(span), mention, kind, content_after })
    }

    /// "the American major general": the last person before `v` with a label containing `role`.
    fn coreferent(&self, role: &str, v: usize) -> Option<u32> {
        let before = self.tokens[v].span.start;
        self.labels
            .iter()
            .filter(|l| l.span.end <= before && self.kind_of(l.mention) == EntityKind::Person)
            .filter(|l| l.span.slice(self.text).split([' ', '-']).any(|w| w.eq_ignore_ascii_case(role)))
            .max_by_key(|l| l.span.start)
            .map(|l| l.mention)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::gazetteer::Gazetteer;
    use crate::text::segment;

    fn quotes(text: &str) -> Vec<&str> {
        find_quotes(text).iter().map(|s| s.slice(text)).collect()
    }

    #[test]
    fn quotes_straight_curly_nested_and_unbalanced() {
        let cases: &[(&str, &[&str])] = &[
            ("He said \"we stay\" and left.", &["we stay"]),
            ("“We stay,” she said. “Really.”", &["We stay,", "Really."]),
            // An opening mark inside an open quote ends the first quote there.
            ("chanting “Down with one and “Down with two,” they marched", &["Down with one and", "Down with two,"]),
            // An unclosed quote ends at the end of its paragraph and never swallows the next one.
            ("He said “we will never leave.\n\nNext paragraph “fine” here.", &["we will never leave.", "fine"]),
            ("Stray closer” and then text.", &[]),
            ("‘Single’ quotes and Iran’s apostrophes are not read.", &[]),
            ("\"", &[]),
            ("“", &[]),
            ("", &[]),
            ("Odd \"one \"two\" three", &["one", "three"]),
        ];
        for (text, want) in cases {
            assert_eq!(quotes(text), *want, "in {text:?}");
        }
    }

    fn attributions(text: &str) -> Vec<(String, &'static str, String, &'static str)> {
        let g = Gazetteer::built_in();
        let (sentences, tokens) = segment(text);
        let found = super::super::entities::find_mentions(text, &tokens, &sentences, &g, &vec![false; tokens.len()]);
        find_attributions(text, &tokens, &sentences, &found.mentions, &found.labels)
            .iter()
            .map(|a| {
                (
                    a.source.map_or(String::new(), |s| s.slice(text).to_string()),
                    a.source_type.as_str(),
                    a.verb.map_or(String::new(), |s| s.slice(text).to_string()),
                    a.stance.as_str(),
                )
            })
            .collect()
    }

    #[test]
    fn attribution_types_by_hand() {
        type Row<'a> = (&'a str, &'a str, &'a str, &'a str);
        let cases: &[(&str, &[Row])] = &[
            (
                "“We are leaving,” said Colonel Ada Brenn, the army spokeswoman.",
                &[("Colonel Ada Brenn", "named-person", "said", "neutral")],
            ),
            ("Informed military sources tell reporters that the troops left.", &[("Informed military sources", "anonymous", "tell", "neutral")]),
            ("The ministry denied that it plans to leave, according to a report.", &[
                ("The ministry", "named-organisation", "denied", "denial"),
                ("a report", "other-media", "according to", "neutral"),
            ]),
            ("Officials who asked not to be named said the base would close.", &[("Officials", "anonymous", "said", "neutral")]),
            ("Ruth Amari met aides. Amari also said she was not aware of any plans.", &[("Amari", "named-person", "said", "denial")]),
            ("The troops are said to be there to train.", &[("", "unattributed", "said", "neutral")]),
            ("The crowd shouted about “state terrorism” all day.", &[]),
            ("“This is a long unattributed sentence in quotes,” the banner read.", &[("", "unattributed", "", "none")]),
            (
                "The Sarn Brigades claimed the attack. Korvan rejected the accusation.",
                &[("Sarn Brigades", "named-organisation", "claimed", "assertive"), ("Korvan", "named-organisation", "rejected", "denial")],
            ),
            ("Informed sources in Velmora said the convoy was hit.", &[("Informed sources in Velmora", "anonymous", "said", "neutral")]),
        ];
        for (text, want) in cases {
            let got = attributions(text);
            let got: Vec<(&str, &str, &str, &str)> = got.iter().map(|(a, b, c, d)| (a.as_str(), *b, c.as_str(), *d)).collect();
            assert_eq!(got, *want, "in {text:?}");
        }
    }

    #[test]
    fn speech_verbs_agree_with_the_attribution_lexicon() {
        let lexicons = crate::lexicon::Lexicon::built_in();
        let attribution = lexicons.iter().find(|l| l.meta.name == "attribution").unwrap();
        for category in &attribution.categories {
            let want = match category.name.as_str() {
                "report_neutral" => Stance::Neutral,
                "assertive" => Stance::Assertive,
                "denial" => Stance::Denial,
                "factive" => Stance::Factive,
                _ => continue,
            };
            for pattern in &category.patterns {
                if let Some(stance) = speech_verb(pattern) {
                    assert_eq!(stance, want, "{pattern} is {} in attribution.toml", category.name);
                }
            }
        }
        // The look-up finds each listed verb, and only those.
        for &(verb, stance) in SPEECH_VERBS {
            assert_eq!(speech_verb(verb), Some(stance), "{verb}");
        }
        for word in ["the", "sai", "saidd", "Said", "", "denies them"] {
            assert_eq!(speech_verb(word), None, "{word:?}");
        }
    }
}
