//! Entities across the corpus: the `mentions`, `mention_labels`, `attributions` and
//! `claim_statements` frames in, one entity per person or organisation whatever the outlet's
//! spelling out, with the labels each outlet attaches to it, the tone of the sentences naming it,
//! each outlet's sourcing profile, and the sources of each claim resolved to their entities.
//!
//! Matching rule (names not in the gazetteer; gazetteer names are grouped by their entry):
//! 1. Each name is reduced to a key, word by word, by `fold`: lowercase; letters only; name
//!    particles (al-, el-, ad-, …) and suffixes (Jr, III) dropped; a final "h" after a vowel
//!    dropped; q → k, ck → k, ph → f; o → u and e, y → i; then double letters collapsed. So
//!    "Qassem", "Qassim", "Qasim" and "Kassim" all fold to "kasim"; "Soleimani" and "Suleimani" to
//!    "sulimani"; "Kazemzadeh", "Kazemzade" and "Qazemzadeh" to "kazimzadi". Folding follows the
//!    usual variation of Arabic and Persian names in English transliteration.
//! 2. Two names of two or more words are one person when their keys are equal, or when their last
//!    words' keys have a Jaro–Winkler similarity (Winkler 1990) of at least 0.94 and their first
//!    words' keys are equal, an initial of each other, or at least 0.90 similar.
//! 3. A one-word name (a short form whose article never gave the full name) joins the one group of
//!    longer names whose last word has the same key (or ≥ 0.94 similar); if several groups
//!    qualify, it stays on its own rather than guess.
//! 4. Organisations and places outside the gazetteer merge only on equal keys.
//!
//! Short forms inside one article ("Gen. Soleimani") were already resolved to the article's full
//! name by the annotate stage. The gazetteer (and the user's `--entities` file) holds names that
//! share no letters (ISIS / Daesh) and can split names this rule would merge.

use super::claims::ClaimUse;
use crate::error::Result;
use crate::model::SourceType;
use crate::tabulate::{Tables, bools, columns as col, strs, u64s};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Jaro–Winkler similarity of folded surnames at or above which two spellings are one name.
pub const SURNAME_THRESHOLD: f64 = 0.94;
/// Jaro–Winkler similarity of folded given names at or above which they are compatible.
pub const GIVEN_NAME_THRESHOLD: f64 = 0.90;

const PARTICLES: &[&str] = &["al", "el", "ad", "an", "as", "ash", "at", "ul"];
const SUFFIXES: &[&str] = &["jr", "sr", "ii", "iii", "iv"];

/// Folds one word of a name to its transliteration key (see the module documentation).
pub fn fold(word: &str) -> String {
    let mut s: String = word.chars().flat_map(char::to_lowercase).filter(|c| c.is_alphabetic()).collect();
    if s.len() > 2 && s.ends_with('h') && s[..s.len() - 1].ends_with(['a', 'e', 'i', 'o', 'u']) {
        s.pop();
    }
    let s = s.replace("ck", "k").replace("ph", "f");
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = match c {
            'q' => 'k',
            'o' => 'u',
            'e' | 'y' => 'i',
            c => c,
        };
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// The folded words of a name, particles and suffixes left out.
pub fn name_key(name: &str) -> Vec<String> {
    name.split(|c: char| c.is_whitespace() || c == '-' || c == '\u{2011}')
        .filter(|w| !w.is_empty())
        .filter(|w| {
            let l = w.to_lowercase();
            !PARTICLES.contains(&l.as_str()) && !SUFFIXES.contains(&l.trim_end_matches('.'))
        })
        .map(fold)
        .filter(|w| !w.is_empty())
        .collect()
}

fn similar(a: &str, b: &str, threshold: f64) -> bool {
    a == b || strsim::jaro_winkler(a, b) >= threshold
}

/// Whether two multi-word person names are one person by rule 2.
pub fn same_person(a: &[String], b: &[String]) -> bool {
    if a == b {
        return true;
    }
    if a.len() < 2 || b.len() < 2 {
        return false;
    }
    let (la, lb) = (&a[a.len() - 1], &b[b.len() - 1]);
    let (fa, fb) = (&a[0], &b[0]);
    let initial = (fa.len() == 1 || fb.len() == 1) && fa.chars().next() == fb.chars().next();
    similar(la, lb, SURNAME_THRESHOLD) && (initial || similar(fa, fb, GIVEN_NAME_THRESHOLD))
}

/// One entity of the corpus.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// The gazetteer name, else the most used full spelling.
    pub name: String,
    pub kind: String,
    pub mentions: u64,
    /// (outlet, name as written) → mentions; short forms included.
    pub names: BTreeMap<(String, String), u64>,
}

/// A label one outlet attaches to one entity.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelUse {
    pub entity: String,
    pub outlet: String,
    pub label: String,
    pub kind: String,
    pub count: u64,
    pub article_id: String,
    pub context: String,
}

/// A quote or reported statement with its source and the entity the source resolves to.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceUse {
    pub article_id: String,
    pub outlet: String,
    pub source: String,
    pub source_type: String,
    pub entity: String,
    pub verb: String,
    pub stance: String,
    pub quote: String,
    pub quoted: bool,
    pub start: u64,
    pub end: u64,
    pub sentence: u64,
    pub context: String,
}

/// One outlet's attributions by source type (in `SourceType::ALL` order).
#[derive(Debug, Clone, PartialEq)]
pub struct Sourcing {
    pub outlet: String,
    pub counts: [u64; 5],
}

impl Sourcing {
    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }
}

/// The tone of the sentences naming one entity in one outlet.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityTone {
    pub entity: String,
    pub outlet: String,
    /// Sentences naming the entity (a sentence naming it twice counts once).
    pub n_sentences: u64,
    /// Mean VADER compound of those sentences.
    pub mean_compound: f64,
}

/// The entity comparison.
#[derive(Debug, Clone, Default)]
pub struct Entities {
    /// Most mentioned first.
    pub entities: Vec<Entity>,
    pub labels: Vec<LabelUse>,
    pub sources: Vec<SourceUse>,
    pub sourcing: Vec<Sourcing>,
    /// By entity (most mentioned first), then outlet.
    pub tone: Vec<EntityTone>,
    /// Sentences stating the study's claims, in corpus order.
    pub claims: Vec<ClaimUse>,
}

/// Mean compound per (entity, outlet) over distinct sentences: `rows` are (entity, outlet,
/// article, sentence, compound) per mention, in corpus order. Returns (entity, outlet) →
/// (sentences, mean), sorted by entity then outlet.
pub fn entity_tone<'a>(rows: impl IntoIterator<Item = (usize, &'a str, &'a str, u64, f64)>) -> BTreeMap<(usize, &'a str), (u64, f64)> {
    // Hash maps while counting (one row per mention); each sum still adds in row order.
    let mut seen: std::collections::HashSet<(usize, &str, u64)> = std::collections::HashSet::new();
    let mut sums: HashMap<(usize, &str), (u64, f64)> = HashMap::new();
    for (entity, outlet, article, sentence, compound) in rows {
        // A sentence naming the entity twice ("Soleimani … Gen. Soleimani") is one sentence.
        if seen.insert((entity, article, sentence)) {
            let e = sums.entry((entity, outlet)).or_default();
            e.0 += 1;
            e.1 += compound;
        }
    }
    sums.into_iter().map(|(k, (n, sum))| (k, (n, sum / n as f64))).collect()
}

/// Groups (gazetteer entry, full name, kind, mentions) into entities; returns the entity index of
/// each input and the entities' display names and kinds.
pub fn group_names(names: &[(String, String, String, u64)]) -> (Vec<usize>, Vec<(String, String)>) {
    let n = names.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    let union = |p: &mut Vec<usize>, a: usize, b: usize| {
        let (ra, rb) = (find(p, a), find(p, b));
        if ra != rb {
            let (lo, hi) = (ra.min(rb), ra.max(rb));
            p[hi] = lo;
        }
    };
    let keys: Vec<Vec<String>> = names.iter().map(|(_, full, _, _)| name_key(full)).collect();
    let personish = |k: &str| k == "person" || k == "unknown";
    // Gazetteer names by entry; others by the rules.
    let mut by_entry: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, (gaz, _, _, _)) in names.iter().enumerate() {
        if !gaz.is_empty() {
            match by_entry.get(gaz.as_str()) {
                Some(&j) => union(&mut parent, i, j),
                None => {
                    by_entry.insert(gaz, i);
                }
            }
        }
    }
    let free: Vec<usize> = (0..n).filter(|&i| names[i].0.is_empty() && !keys[i].is_empty()).collect();
    // Blocking: names are compared only within a block of the first two letters of their folded
    // surname key. Equal keys always share a block, and folding has already brought the common
    // transliteration variants to one start (q→k, o→u, …), so what blocking loses is a match whose
    // surnames differ in their first two folded letters, which the 0.94 Jaro–Winkler threshold
    // all but rules out; what it gains is near-linear time on corpora with tens of thousands of
    // distinct names (all pairs took minutes on 2,000 ABP articles).
    let block = |k: &[String]| -> String { k.last().map(|s| s.chars().take(2).collect()).unwrap_or_default() };
    let mut blocks: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for &i in &free {
        blocks.entry(block(&keys[i])).or_default().push(i);
    }
    // Within a block: identical keys are one name by either rule; other names can only be one
    // person by rule 2, which needs similar surnames, so multi-word person names are grouped by
    // surname and only pairs of similar surnames are compared (each surname pair once).
    let surnames: BTreeMap<&String, BTreeMap<&str, Vec<usize>>> = blocks
        .iter()
        .map(|(b, members)| {
            let mut by_surname: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
            for &i in members.iter().filter(|&&i| keys[i].len() >= 2 && personish(&names[i].2)) {
                by_surname.entry(keys[i][keys[i].len() - 1].as_str()).or_default().push(i);
            }
            (b, by_surname)
        })
        .collect();
    let pairs: Vec<Vec<(usize, usize)>> = blocks
        .par_iter()
        .map(|(b, members)| {
            let mut pairs = Vec::new();
            let mut first: HashMap<&[String], usize> = HashMap::new();
            for &i in members {
                match first.get(keys[i].as_slice()) {
                    Some(&j) => pairs.push((j, i)),
                    None => {
                        first.insert(&keys[i], i);
                    }
                }
            }
            let groups: Vec<(&str, &Vec<usize>)> = surnames[b].iter().map(|(s, m)| (*s, m)).collect();
            for (x, (s1, m1)) in groups.iter().enumerate() {
                for (s2, m2) in &groups[x..] {
                    if !similar(s1, s2, SURNAME_THRESHOLD) {
                        continue;
                    }
                    for (y, &i) in m1.iter().enumerate() {
                        let others = if s1 == s2 { &m2[y + 1..] } else { &m2[..] };
                        for &j in others {
                            if keys[i] != keys[j] && same_person(&keys[i], &keys[j]) {
                                pairs.push((i, j));
                            }
                        }
                    }
                }
            }
            pairs
        })
        .collect();
    for (i, j) in pairs.into_iter().flatten() {
        union(&mut parent, i, j);
    }
    // Rule 3: one-word names join the single matching group of longer names.
    for &i in &free {
        if keys[i].len() != 1 || !personish(&names[i].2) {
            continue;
        }
        let root = find(&mut parent, i);
        let mut targets = BTreeSet::new();
        for (surname, members) in surnames.get(&block(&keys[i])).into_iter().flatten() {
            if similar(&keys[i][0], surname, SURNAME_THRESHOLD) {
                for &j in members {
                    targets.insert(find(&mut parent, j));
                }
            }
        }
        if targets.len() == 1 {
            let t = *targets.iter().next().unwrap_or(&root);
            union(&mut parent, root, t);
        }
    }
    // Number the groups in input order and name them.
    let mut index: BTreeMap<usize, usize> = BTreeMap::new();
    let mut of = Vec::with_capacity(n);
    for i in 0..n {
        let r = find(&mut parent, i);
        let next = index.len();
        of.push(*index.entry(r).or_insert(next));
    }
    let mut info: Vec<(String, String)> = vec![(String::new(), String::new()); index.len()];
    // Display name: the gazetteer's, else the most used spelling of two or more words (then the
    // most used, then the first alphabetically).
    let mut best: Vec<Option<(bool, u64, std::cmp::Reverse<&str>)>> = vec![None; index.len()];
    let mut kinds: Vec<BTreeMap<&str, u64>> = vec![BTreeMap::new(); index.len()];
    for (i, (gaz, full, kind, count)) in names.iter().enumerate() {
        let g = of[i];
        *kinds[g].entry(kind.as_str()).or_default() += count;
        let cand = if gaz.is_empty() {
            (false, keys[i].len() >= 2, *count, std::cmp::Reverse(full.as_str()))
        } else {
            (true, true, u64::MAX, std::cmp::Reverse(gaz.as_str()))
        };
        if best[g].is_none_or(|b| (cand.0, cand.1, cand.2, cand.3) > (false, b.0, b.1, b.2) || cand.0) {
            best[g] = Some((cand.1, cand.2, cand.3));
            info[g].0 = cand.3.0.to_string();
        }
    }
    for (g, k) in kinds.iter().enumerate() {
        let kind = k.iter().filter(|(k, _)| **k != "unknown").max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map_or("unknown", |(k, _)| k);
        info[g].1 = kind.to_string();
    }
    (of, info)
}

/// Resolves entities over the corpus and gathers labels, sources and sourcing profiles.
pub fn compare_entities(tables: &Tables) -> Result<Entities> {
    let (t, m) = ("mentions", &tables.mentions);
    let (m_outlet, m_name, m_full, m_gaz, m_kind) =
        (strs(m, t, col::OUTLET)?, strs(m, t, col::NAME)?, strs(m, t, col::FULL_NAME)?, strs(m, t, col::GAZETTEER)?, strs(m, t, col::KIND)?);
    let (m_article, m_sentence) = (strs(m, t, col::ARTICLE_ID)?, u64s(m, t, col::SENTENCE)?);
    // Distinct (gazetteer, full name) with their kinds and counts, sorted.
    // (gazetteer entry, full name) → (kinds seen with their counts, mentions)
    // Counted in a hash map (millions of mentions), then sorted once.
    type Seen<'a> = (BTreeMap<&'a str, u64>, u64);
    let mut counted: HashMap<(&str, &str), Seen> = HashMap::new();
    for i in 0..m_full.len() {
        let e = counted.entry((m_gaz[i], m_full[i])).or_default();
        *e.0.entry(m_kind[i]).or_default() += 1;
        e.1 += 1;
    }
    let mut distinct: Vec<((&str, &str), Seen)> = counted.into_iter().collect();
    distinct.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let names: Vec<(String, String, String, u64)> = distinct
        .iter()
        .map(|((g, f), (kinds, n))| {
            let kind = kinds.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map_or("unknown", |(k, _)| k);
            (g.to_string(), f.to_string(), kind.to_string(), *n)
        })
        .collect();
    let (of, info) = group_names(&names);
    let lookup: HashMap<(&str, &str), usize> = distinct.iter().zip(&of).map(|((k, _), &g)| (*k, g)).collect();
    let mut entities: Vec<Entity> = info
        .iter()
        .map(|(name, kind)| Entity { name: name.clone(), kind: kind.clone(), mentions: 0, names: BTreeMap::new() })
        .collect();
    let mut spellings: Vec<HashMap<(&str, &str), u64>> = vec![HashMap::new(); entities.len()];
    for i in 0..m_full.len() {
        let g = lookup[&(m_gaz[i], m_full[i])];
        entities[g].mentions += 1;
        *spellings[g].entry((m_outlet[i], m_name[i])).or_default() += 1;
    }
    for (e, names) in entities.iter_mut().zip(spellings) {
        e.names = names.into_iter().map(|((o, n), c)| ((o.to_string(), n.to_string()), c)).collect();
    }
    let entity_of = |gaz: &str, full: &str| -> &str {
        if full.is_empty() && gaz.is_empty() {
            return "";
        }
        lookup.get(&(gaz, full)).map_or("", |&g| info[g].0.as_str())
    };

    // Labels, counted per (entity, outlet, label, kind) with the first example in corpus order.
    let (t, l) = ("mention_labels", &tables.mention_labels);
    let (l_article, l_outlet, l_full, l_gaz, l_label, l_kind, l_context) = (
        strs(l, t, col::ARTICLE_ID)?,
        strs(l, t, col::OUTLET)?,
        strs(l, t, col::FULL_NAME)?,
        strs(l, t, col::GAZETTEER)?,
        strs(l, t, col::LABEL)?,
        strs(l, t, col::KIND)?,
        strs(l, t, col::CONTEXT)?,
    );
    let mut label_counts: BTreeMap<(&str, &str, &str, &str), (u64, usize)> = BTreeMap::new();
    for i in 0..l_label.len() {
        let e = label_counts.entry((entity_of(l_gaz[i], l_full[i]), l_outlet[i], l_label[i], l_kind[i])).or_insert((0, i));
        e.0 += 1;
    }
    let rank: HashMap<&str, usize> = {
        let mut order: Vec<usize> = (0..entities.len()).collect();
        order.sort_by(|&a, &b| entities[b].mentions.cmp(&entities[a].mentions).then(entities[a].name.cmp(&entities[b].name)));
        order.iter().enumerate().map(|(r, &g)| (info[g].0.as_str(), r)).collect()
    };
    let mut labels: Vec<LabelUse> = label_counts
        .into_iter()
        .map(|((entity, outlet, label, kind), (count, i))| LabelUse {
            entity: entity.to_string(),
            outlet: outlet.to_string(),
            label: label.to_string(),
            kind: kind.to_string(),
            count,
            article_id: l_article[i].to_string(),
            context: l_context[i].to_string(),
        })
        .collect();
    labels.sort_by(|a, b| {
        let ra = rank.get(a.entity.as_str()).copied().unwrap_or(usize::MAX);
        let rb = rank.get(b.entity.as_str()).copied().unwrap_or(usize::MAX);
        ra.cmp(&rb).then(a.outlet.cmp(&b.outlet)).then(b.count.cmp(&a.count)).then(a.label.cmp(&b.label)).then(a.kind.cmp(&b.kind))
    });

    // Sources, in corpus order, with the entity resolved.
    let (t, s) = ("attributions", &tables.attributions);
    let (a_article, a_outlet, a_source, a_full, a_gaz, a_type, a_verb, a_stance, a_quote, a_context) = (
        strs(s, t, col::ARTICLE_ID)?,
        strs(s, t, col::OUTLET)?,
        strs(s, t, col::SOURCE)?,
        strs(s, t, col::FULL_NAME)?,
        strs(s, t, col::GAZETTEER)?,
        strs(s, t, col::SOURCE_TYPE)?,
        strs(s, t, col::VERB)?,
        strs(s, t, col::STANCE)?,
        strs(s, t, col::QUOTE)?,
        strs(s, t, col::CONTEXT)?,
    );
    let (a_quoted, a_start, a_end, a_sentence) =
        (bools(s, t, col::QUOTED)?, u64s(s, t, col::START)?, u64s(s, t, col::END)?, u64s(s, t, col::SENTENCE)?);
    let mut sources = Vec::with_capacity(a_source.len());
    let mut sourcing: BTreeMap<&str, [u64; 5]> = BTreeMap::new();
    for i in 0..a_source.len() {
        let ty = SourceType::ALL.iter().position(|t| t.as_str() == a_type[i]).unwrap_or(4);
        sourcing.entry(a_outlet[i]).or_default()[ty] += 1;
        sources.push(SourceUse {
            article_id: a_article[i].to_string(),
            outlet: a_outlet[i].to_string(),
            source: a_source[i].to_string(),
            source_type: a_type[i].to_string(),
            entity: entity_of(a_gaz[i], a_full[i]).to_string(),
            verb: a_verb[i].to_string(),
            stance: a_stance[i].to_string(),
            quote: a_quote[i].to_string(),
            quoted: a_quoted[i],
            start: a_start[i],
            end: a_end[i],
            sentence: a_sentence[i],
            context: a_context[i].to_string(),
        });
    }
    // Outlets without any attribution still get a (zero) profile.
    let t = "articles";
    for o in strs(&tables.articles, t, col::OUTLET)? {
        sourcing.entry(o).or_default();
    }
    let sourcing = sourcing.into_iter().map(|(o, counts)| Sourcing { outlet: o.to_string(), counts }).collect();

    // Tone of the sentences naming each entity, per outlet.
    let tone_rows = (0..m_full.len()).map(|i| {
        let compound = tables.mention_compound.get(i).copied().unwrap_or(0.0);
        (lookup[&(m_gaz[i], m_full[i])], m_outlet[i], m_article[i], m_sentence[i], compound)
    });
    let mut tone: Vec<EntityTone> = entity_tone(tone_rows)
        .into_iter()
        .map(|((g, outlet), (n, mean))| EntityTone { entity: info[g].0.clone(), outlet: outlet.to_string(), n_sentences: n, mean_compound: mean })
        .collect();
    tone.sort_by(|a, b| {
        let ra = rank.get(a.entity.as_str()).copied().unwrap_or(usize::MAX);
        let rb = rank.get(b.entity.as_str()).copied().unwrap_or(usize::MAX);
        ra.cmp(&rb).then(a.entity.cmp(&b.entity)).then(a.outlet.cmp(&b.outlet))
    });

    // Claim statements, in corpus order, with the source's entity resolved.
    let (t, c) = ("claim_statements", &tables.claim_statements);
    let (c_claim, c_article, c_outlet, c_stance, c_cue, c_surface, c_source, c_full, c_gaz, c_type, c_context) = (
        strs(c, t, col::CLAIM)?,
        strs(c, t, col::ARTICLE_ID)?,
        strs(c, t, col::OUTLET)?,
        strs(c, t, col::STANCE)?,
        strs(c, t, col::CUE)?,
        strs(c, t, col::SURFACE)?,
        strs(c, t, col::SOURCE)?,
        strs(c, t, col::FULL_NAME)?,
        strs(c, t, col::GAZETTEER)?,
        strs(c, t, col::SOURCE_TYPE)?,
        strs(c, t, col::CONTEXT)?,
    );
    let (c_sentence, c_start, c_end) = (u64s(c, t, col::SENTENCE)?, u64s(c, t, col::START)?, u64s(c, t, col::END)?);
    let claims = (0..c_claim.len())
        .map(|i| ClaimUse {
            claim: c_claim[i].to_string(),
            article_id: c_article[i].to_string(),
            outlet: c_outlet[i].to_string(),
            sentence: c_sentence[i],
            stance: c_stance[i].to_string(),
            cue: c_cue[i].to_string(),
            surface: c_surface[i].to_string(),
            source: c_source[i].to_string(),
            source_type: c_type[i].to_string(),
            entity: entity_of(c_gaz[i], c_full[i]).to_string(),
            start: c_start[i],
            end: c_end[i],
            context: c_context[i].to_string(),
        })
        .collect();
    entities.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.name.cmp(&b.name)));
    Ok(Entities { entities, labels, sources, sourcing, tone, claims })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_transliterations_by_hand() {
        let cases = [
            ("Qassem", "kasim"),
            ("Qassim", "kasim"),
            ("Qasim", "kasim"),
            ("Kassim", "kasim"),
            ("Soleimani", "sulimani"),
            ("Suleimani", "sulimani"),
            ("Kazemzadeh", "kazimzadi"),
            ("Kazemzade", "kazimzadi"),
            ("Qazemzadeh", "kazimzadi"),
            ("Tamir", "tamir"),
            ("Tameer", "tamir"),
            ("Tamer", "tamir"),
            ("Adel", "adil"),
            ("Muhandis", "muhandis"),
            ("Mohandes", "muhandis"),
            ("Yusuf", "iusuf"),
            ("Youssef", "iusif"),
            ("McKenna", "mkina"),
            ("Allah", "ala"),
            ("", ""),
        ];
        for (word, want) in cases {
            assert_eq!(fold(word), want, "fold({word:?})");
        }
        assert_eq!(name_key("Abu Mahdi al-Muhandis"), ["abu", "mahdi", "muhandis"]);
        assert_eq!(name_key("William H. Seeley III"), ["wiliam", "h", "sili"]);
    }

    #[test]
    fn entity_tone_means_distinct_sentences_by_hand() {
        // (entity, outlet, article, sentence, compound of the sentence)
        let rows = [
            (0, "A", "a1", 0, -0.5),
            (0, "A", "a1", 0, -0.5), // the same sentence names the entity twice: counted once
            (0, "A", "a1", 3, 0.25),
            (0, "A", "a2", 0, 0.0),  // sentence 0 of another article is another sentence
            (1, "A", "a1", 0, -0.5),
            (0, "B", "b1", 2, 0.6),
        ];
        type Cell<'a> = ((usize, &'a str), (u64, f64));
        let got: Vec<Cell> = entity_tone(rows).into_iter().collect();
        // (−0.5 + 0.25 + 0.0) / 3 = −0.083…
        assert_eq!(got, [((0, "A"), (3, -0.25 / 3.0)), ((0, "B"), (1, 0.6)), ((1, "A"), (1, -0.5))]);
        assert!(entity_tone(std::iter::empty()).is_empty());
    }

    #[test]
    fn groups_spellings_and_short_forms() {
        let row = |g: &str, f: &str, k: &str| (g.to_string(), f.to_string(), k.to_string(), 1);
        let names = vec![
            row("", "Qassem Soleimani", "person"),
            row("", "Kassim Suleimani", "person"),
            row("", "Qasim Suleimani", "person"),
            row("", "Suleimani", "unknown"),
            row("", "Tamer Kazemzade", "person"),
            row("", "Tameer Qazemzadeh", "person"),
            row("", "Idris Malvane", "person"),
            row("", "Marta Malvane", "person"),
            row("", "Malvane", "unknown"),
            row("Islamic State", "ISIS", "organisation"),
            row("Islamic State", "Daesh", "organisation"),
            row("", "Velmora General Hospital", "organisation"),
            row("", "Velmora General Hospitals", "organisation"),
        ];
        let (of, info) = group_names(&names);
        let group = |i: usize| info[of[i]].0.as_str();
        assert_eq!([group(0), group(1), group(2), group(3)], ["Kassim Suleimani"; 4].map(|_| group(0)));
        assert_eq!(of[0], of[3]);
        assert_eq!(of[4], of[5]);
        assert_ne!(of[0], of[4]);
        assert_ne!(of[6], of[7], "same surname, different given names");
        assert_ne!(of[8], of[6], "an ambiguous short form stays on its own");
        assert_eq!((of[9], group(10)), (of[10], "Islamic State"));
        assert_ne!(of[11], of[12], "organisations merge only on equal keys");
        assert_eq!(info[of[0]].1, "person");
    }
}
