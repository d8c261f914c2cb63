//! Claims: the claims a study names (each a list of lexicon patterns) and an annotated article's
//! tokens and attributions in, the sentences stating each claim out, each with its stance
//! (asserted, denied, hedged), the words that decided the stance, and the attribution carrying it.
//!
//! Rule, per claim and sentence (one statement per sentence, placed at the claim's first match):
//! - **denied** when the sentence holds a word of the attribution lexicon's `denial` category
//!   (denies, rejected, baseless, …) or a denial phrase (not aware, no plans, no decision, no
//!   intention, not true), when a negator (not, no, never, n't, …) stands within
//!   `NEGATION_WINDOW` words before the match ("will not withdraw", "isn't pulling out"), or when
//!   the quote containing the match is a denial;
//! - else **hedged** when a word of the `hedge` or `assertive` category (may, could, reportedly,
//!   alleged, claims, …) stands before the match in the sentence. Such a word after the match does
//!   not govern it ("…pulling its troops out, despite claims to the contrary"). A capitalised
//!   hedge word inside a sentence is a name or a month ("in May"), not a hedge;
//! - else **asserted**.
//!
//! The attribution carrying the claim is chosen among those of the same sentence and the quotes
//! containing the match: for a denial, the attribution that is a denial (who denies); else a
//! source reported after the match across a comma ("…, informed sources told X", "…, according
//! to a report"), the outer speaker the outlet relies on; else the narrowest attribution whose
//! reported words contain the match; else none: the outlet states it in its own voice.
//!
//! Patterns are matched by the lexicon matcher, so a claim's words match whatever their sense:
//! "withdraw*" also matches "withdrawn that invitation". Choose patterns that name the claim.

use super::quotes::DENIAL_CUES;
use crate::error::{Error, Result};
use crate::lexicon::{BUILT_IN, Lexicon, Matcher, is_negator};
use crate::model::{Attribution, ClaimStance, ClaimStatement, Span, Stance, Token};
use std::collections::BTreeMap;

/// How many words before a claim's match a negator negates it ("has no plans to withdraw").
pub const NEGATION_WINDOW: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cue {
    Denial,
    Hedge,
}

/// The study's claims, compiled once per study.
pub struct Claims {
    /// Claim names, sorted.
    pub names: Vec<String>,
    /// Each claim's patterns in canonical form.
    pub patterns: Vec<Vec<String>>,
    matcher: Matcher,
    /// The built-in attribution lexicon, for denial and hedge words.
    cues: Matcher,
    /// What each category of the attribution lexicon signals, if anything.
    cue_kind: Vec<Option<Cue>>,
}

impl Claims {
    /// Compiles `name → patterns` (patterns in the lexicon pattern syntax). An empty name, a claim
    /// without patterns or an invalid pattern is an error naming the claim.
    pub fn new(claims: &BTreeMap<String, Vec<String>>) -> Result<Claims> {
        if claims.len() > usize::from(u16::MAX) {
            return Err(Error::Input(format!("{} claims: at most {} are supported", claims.len(), u16::MAX)));
        }
        let mut lexicons = Vec::with_capacity(claims.len());
        for (name, patterns) in claims {
            if name.trim().is_empty() {
                return Err(Error::Input("a claim needs a name: NAME = [\"pattern\", …]".into()));
            }
            if patterns.is_empty() {
                return Err(Error::Input(format!("claim {name:?} has no patterns")));
            }
            lexicons.push(Lexicon::from_patterns(name, "a claim named by the study", patterns, &format!("claim {name:?}"))?);
        }
        let (file, text) = BUILT_IN
            .iter()
            .find(|(f, _)| *f == "attribution.toml")
            .ok_or_else(|| Error::Input("the built-in attribution lexicon is missing".into()))?;
        let attribution = Lexicon::parse(text, &format!("built-in:{file}"))?;
        let cue_kind = attribution
            .categories
            .iter()
            .map(|c| match c.name.as_str() {
                "denial" => Some(Cue::Denial),
                "hedge" | "assertive" => Some(Cue::Hedge),
                _ => None,
            })
            .collect();
        Ok(Claims {
            names: claims.keys().cloned().collect(),
            patterns: lexicons.iter().map(|l| l.categories[0].patterns.clone()).collect(),
            matcher: Matcher::new(&lexicons),
            cues: Matcher::new(std::slice::from_ref(&attribution)),
            cue_kind,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The sentences of one article stating each claim, ordered by sentence, then claim.
    pub fn find(&self, text: &str, tokens: &[Token], attributions: &[Attribution]) -> Vec<ClaimStatement> {
        // The first match of each claim in each sentence.
        let mut first: BTreeMap<(u32, u16), (usize, usize)> = BTreeMap::new();
        for m in self.matcher.find(tokens) {
            first.entry((tokens[m.first].sentence, m.lexicon)).or_insert((m.first, m.last));
        }
        if first.is_empty() {
            return Vec::new();
        }
        // Cue words in text order (one lexicon, so the matcher returns them by position).
        let cues: Vec<(Cue, usize, usize)> = self
            .cues
            .find(tokens)
            .into_iter()
            .filter_map(|m| self.cue_kind.get(m.category as usize).copied().flatten().map(|k| (k, m.first, m.last)))
            .collect();
        let span = |a: usize, b: usize| Span::new(tokens[a].span.start, tokens[b].span.end);
        let mut out = Vec::new();
        for ((sentence, claim), (f, l)) in first {
            let m = span(f, l);
            let lo = tokens.partition_point(|t| t.sentence < sentence);
            let hi = tokens.partition_point(|t| t.sentence <= sentence);
            let candidates: Vec<usize> = (0..attributions.len())
                .filter(|&i| {
                    let a = &attributions[i];
                    a.sentence == sentence || (a.quoted && a.content.start <= m.start && m.end <= a.content.end)
                })
                .collect();

            // Denial cues; the earliest in the sentence is reported, the longest of those starting there.
            let mut denials: Vec<Span> = cues
                .iter()
                .filter(|(k, a, _)| *k == Cue::Denial && (lo..hi).contains(a))
                .map(|&(_, a, b)| span(a, b))
                .collect();
            for cue in DENIAL_CUES {
                for i in lo..hi {
                    if i + cue.len() <= hi && tokens[i..i + cue.len()].iter().zip(cue.iter()).all(|(t, w)| t.norm == *w) {
                        denials.push(span(i, i + cue.len() - 1));
                    }
                }
            }
            denials.extend((f.saturating_sub(NEGATION_WINDOW).max(lo)..f).filter(|&i| is_negator(&tokens[i].norm)).map(|i| span(i, i)));
            // A quote that is a denial as a whole; its own words are the better cue when the
            // sentence has them ("informed them there had been no “decision to leave”").
            let quote_denial = candidates.iter().map(|&i| &attributions[i]).find(|a| {
                a.quoted && a.stance == Stance::Denial && a.content.start <= m.start && m.end <= a.content.end
            });
            let denial = denials
                .into_iter()
                .min_by_key(|s| (s.start, std::cmp::Reverse(s.end)))
                .or_else(|| quote_denial.map(|a| a.verb.unwrap_or(a.content)));
            // The hedge nearest before the match.
            let hedge = cues
                .iter()
                .filter(|(k, a, b)| *k == Cue::Hedge && *a >= lo && *b < f)
                .filter(|(_, a, _)| *a == lo || !tokens[*a].span.slice(text).starts_with(char::is_uppercase))
                .map(|&(_, a, b)| span(a, b))
                .next_back();
            let (stance, cue) = match (denial, hedge) {
                (Some(d), _) => (ClaimStance::Denied, Some(d)),
                (None, Some(h)) => (ClaimStance::Hedged, Some(h)),
                (None, None) => (ClaimStance::Asserted, None),
            };

            let who_denies = candidates
                .iter()
                .copied()
                .find(|&i| stance == ClaimStance::Denied && attributions[i].stance == Stance::Denial);
            let outer = || {
                candidates.iter().copied().find(|&i| {
                    let a = &attributions[i];
                    let after = [a.source.map(|s| s.start), a.verb.map(|v| v.start)].into_iter().flatten().min();
                    !a.quoted && a.sentence == sentence && after.is_some_and(|x| x >= m.end && text[m.end..x].contains(','))
                })
            };
            let narrowest = || {
                candidates
                    .iter()
                    .copied()
                    .filter(|&i| attributions[i].content.start <= m.start && m.end <= attributions[i].content.end)
                    .min_by_key(|&i| (attributions[i].content.end - attributions[i].content.start, i))
            };
            let attribution = who_denies.or_else(outer).or_else(narrowest).map(|i| i as u32);
            out.push(ClaimStatement { claim, span: m, sentence, stance, cue, attribution });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::entities::find_mentions;
    use crate::annotate::gazetteer::Gazetteer;
    use crate::annotate::quotes::find_attributions;
    use crate::text::segment;

    /// (stance, cue, source) of each statement of the claim `leave` in `text`.
    fn statements(text: &str) -> Vec<(&'static str, String, String)> {
        let claims = Claims::new(&BTreeMap::from([(
            "leave".to_string(),
            vec!["withdraw*".to_string(), "pull* * troops out".to_string(), "leave the country".to_string()],
        )]))
        .unwrap();
        let g = Gazetteer::built_in();
        let (sentences, tokens) = segment(text);
        let found = find_mentions(text, &tokens, &sentences, &g, &vec![false; tokens.len()]);
        let attributions = find_attributions(text, &tokens, &sentences, &found.mentions, &found.labels);
        claims
            .find(text, &tokens, &attributions)
            .iter()
            .map(|c| {
                let source = c
                    .attribution
                    .and_then(|i| attributions[i as usize].source)
                    .map_or(String::new(), |s| s.slice(text).to_string());
                (c.stance.as_str(), c.cue.map_or(String::new(), |s| s.slice(text).to_string()), source)
            })
            .collect()
    }

    #[test]
    fn stance_and_source_by_hand() {
        type Row<'a> = (&'a str, &'a str, &'a str);
        let cases: &[(&str, &[Row])] = &[
            // Stated in the outlet's own voice.
            ("The army is withdrawing from the valley.", &[("asserted", "", "")]),
            // Carried by an anonymous source, reported after the claim across a comma.
            (
                "The army is preparing to pull its troops out of Marn, informed sources told the paper.",
                &[("asserted", "", "informed sources")],
            ),
            // A denial verb anywhere in the sentence; the source is the one who denies.
            (
                "The ministry denied that it plans to withdraw, according to a report.",
                &[("denied", "denied", "The ministry")],
            ),
            // A negation phrase, and a negator just before the claim.
            ("Officials said they were not aware of any plan to withdraw.", &[("denied", "not aware", "Officials")]),
            ("The brigade will not withdraw before spring.", &[("denied", "not", "")]),
            // A hedge before the claim; the same word after it does not govern it.
            ("The army may be withdrawing from the valley.", &[("hedged", "may", "")]),
            ("The army is reportedly withdrawing.", &[("hedged", "reportedly", "")]),
            ("The army is withdrawing, despite claims to the contrary.", &[("asserted", "", "")]),
            // "May" the month is no hedge.
            ("In May the army began to withdraw.", &[("asserted", "", "")]),
            // A negator too far before the claim (four words) does not negate it.
            ("No one doubts that the army will withdraw.", &[("asserted", "", "")]),
            // One statement per sentence, whatever the number of matches.
            ("The army is withdrawing. Withdrawal began and withdrawal goes on.", &[("asserted", "", ""), ("asserted", "", "")]),
            // No claim words: no statement.
            ("The army stays.", &[]),
        ];
        for (text, want) in cases {
            let got = statements(text);
            let got: Vec<(&str, &str, &str)> = got.iter().map(|(a, b, c)| (*a, b.as_str(), c.as_str())).collect();
            assert_eq!(got, *want, "in {text:?}");
        }
    }

    #[test]
    fn a_quote_containing_the_claim_carries_it() {
        let text = "“There has been no decision to leave the country. None,” said Colonel Ada Brenn.";
        assert_eq!(statements(text), [("denied", "no decision".to_string(), "Colonel Ada Brenn".to_string())]);
    }

    #[test]
    fn bad_claims_are_refused_with_their_name() {
        let cases: &[(&str, &[&str], &str)] = &[
            ("", &["withdraw*"], "needs a name"),
            ("leave", &[], "no patterns"),
            ("leave", &["self-defence"], "claim \"leave\""),
            ("leave", &["* out"], "cannot start with"),
        ];
        for (name, patterns, why) in cases {
            let claims = BTreeMap::from([(name.to_string(), patterns.iter().map(|p| p.to_string()).collect())]);
            let err = Claims::new(&claims).err().map(|e| e.to_string()).unwrap_or_default();
            assert!(err.contains(why), "{name:?} {patterns:?}: {err}");
        }
    }
}
