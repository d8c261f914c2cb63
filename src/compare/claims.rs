//! Claims across outlets: the sentences stating a study's claims (the `claim_statements` frame,
//! with each source's entity resolved by `entities`) in; per claim and outlet, the number of
//! statements asserting, denying and hedging it, and who asserts, denies and hedges it, out.

use crate::model::ClaimStance;
use std::collections::BTreeMap;

/// One sentence stating a claim, with its stance and source (a row of the `claims` table).
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimUse {
    pub claim: String,
    pub article_id: String,
    pub outlet: String,
    pub sentence: u64,
    /// `asserted`, `denied` or `hedged`.
    pub stance: String,
    /// The words that made it denied or hedged.
    pub cue: String,
    /// The claim's words as matched.
    pub surface: String,
    /// The source as written; empty when the outlet states it in its own voice.
    pub source: String,
    pub source_type: String,
    /// The entity the source resolves to, or empty.
    pub entity: String,
    pub start: u64,
    pub end: u64,
    pub context: String,
}

impl ClaimUse {
    /// Who stands behind the statement, for people: the entity, else the source as written, with
    /// the source type; "the outlet itself" when there is no source.
    pub fn speaker(&self) -> String {
        let who = if !self.entity.is_empty() { self.entity.as_str() } else { self.source.as_str() };
        if who.is_empty() { "the outlet itself".to_string() } else { format!("{who} ({})", self.source_type) }
    }
}

/// One cell of the claim × outlet matrix.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClaimCell {
    /// Statements by stance, in `ClaimStance::ALL` order (asserted, denied, hedged).
    pub counts: [u64; 3],
    /// Per stance, each speaker with its number of statements, most first (then by name).
    pub speakers: [Vec<(String, u64)>; 3],
}

impl ClaimCell {
    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }
}

/// The cell of one claim and one outlet.
pub fn claim_cell(rows: &[ClaimUse], claim: &str, outlet: &str) -> ClaimCell {
    let mut cell = ClaimCell::default();
    let mut speakers: [BTreeMap<String, u64>; 3] = Default::default();
    for r in rows.iter().filter(|r| r.claim == claim && r.outlet == outlet) {
        let Some(k) = ClaimStance::ALL.iter().position(|s| s.as_str() == r.stance) else { continue };
        cell.counts[k] += 1;
        *speakers[k].entry(r.speaker()).or_default() += 1;
    }
    for (k, by) in speakers.into_iter().enumerate() {
        let mut v: Vec<(String, u64)> = by.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        cell.speakers[k] = v;
    }
    cell
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(claim: &str, outlet: &str, stance: &str, source: &str, source_type: &str, entity: &str) -> ClaimUse {
        ClaimUse {
            claim: claim.into(),
            article_id: "a".into(),
            outlet: outlet.into(),
            sentence: 0,
            stance: stance.into(),
            cue: String::new(),
            surface: String::new(),
            source: source.into(),
            source_type: source_type.into(),
            entity: entity.into(),
            start: 0,
            end: 0,
            context: String::new(),
        }
    }

    #[test]
    fn cells_count_stances_and_name_speakers() {
        let rows = [
            row("leave", "A", "asserted", "informed sources", "anonymous", ""),
            row("leave", "A", "asserted", "the sources", "anonymous", ""),
            row("leave", "A", "asserted", "informed sources", "anonymous", ""),
            row("leave", "A", "denied", "The ministry", "named-organisation", "Defence Ministry"),
            row("leave", "A", "hedged", "", "unattributed", ""),
            row("leave", "B", "denied", "Brenn", "named-person", "Ada Brenn"),
            row("stay", "A", "asserted", "", "unattributed", ""),
            row("leave", "A", "unknown-stance", "x", "anonymous", ""),
        ];
        let a = claim_cell(&rows, "leave", "A");
        assert_eq!(a.counts, [3, 1, 1]);
        assert_eq!(a.total(), 5);
        assert_eq!(
            a.speakers[0],
            [("informed sources (anonymous)".to_string(), 2), ("the sources (anonymous)".to_string(), 1)]
        );
        assert_eq!(a.speakers[1], [("Defence Ministry (named-organisation)".to_string(), 1)]);
        assert_eq!(a.speakers[2], [("the outlet itself".to_string(), 1)]);
        let b = claim_cell(&rows, "leave", "B");
        assert_eq!((b.counts, b.speakers[1].clone()), ([0, 1, 0], vec![("Ada Brenn (named-person)".to_string(), 1)]));
        assert_eq!(claim_cell(&rows, "leave", "C"), ClaimCell::default());
    }
}
