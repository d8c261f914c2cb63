//! Entities across the corpus: the `mentions`, `mention_labels`, `attributions` and
//! `claim_statements` frames in, one entity per person or organisation whatever the outlet's
//! spelling out, with the labels each outlet attaches to it, the tone of the sentences naming it,
//! each outlet's sourcing profile, and the sources of each claim resolved to their entities.
//!
//! Matching rule (names not in the gazetteer; gazetteer names are grouped by their entry):
//! 1. Each name is reduced to a key, word by word, by `fold`: accents taken off (Unicode
//!    canonical decomposition, marks dropped); lowercase; letters only; name particles (al-, el-,
//!    ad-, …) and suffixes (Jr, III) dropped; a final "h" after a vowel dropped; q → k, ck → k,
//!    ph → f; o → u and e, y → i; then double letters collapsed. So "Qassem", "Qassim", "Qasim"
//!    and "Kassim" all fold to "kasim"; "Soleimani" and "Suleimani" to "sulimani"; "Kazemzadeh",
//!    "Kazemzade" and "Qazemzadeh" to "kazimzadi"; "Erdoğan" and "Erdogan" to "irdugan". Folding
//!    follows the usual variation of Arabic and Persian names in English transliteration.
//! 2. Two names of two or more words typed person are one person when their keys are equal, or when their last
//!    words' keys are alike (`surnames_alike`: a Jaro–Winkler similarity, Winkler 1990, of at
//!    least 0.94, one edit apart, both of five letters or more: "Gadhafi" and "Gaddafi",
//!    "Muhammad" and "Mohammed") and their first words' keys are equal, an initial of each other,
//!    or at least 0.90 similar; and their middle initials (`middle_initials`) agree where both
//!    have them: "George H.W. Bush" and "George Herbert Walker Bush" are one person, "George W.
//!    Bush" another. A less specific name of the two, with an initial for its given name ("J.
//!    Smith") or no middle initials ("George Bush"), joins only the one person it can be, or the
//!    one mentioned ten times as often as the next (`ONE_WORD_DOMINANCE`), and stays on its own
//!    otherwise: joined to each, it had chained 50 Smiths into one on the ABP corpus. So does the
//!    less mentioned of two given names only alike ("Chillary Clinton", which had joined Chelsea
//!    to Hillary Clinton). A nickname is its name's, not merely alike (`NICKNAMES_EN`: "Steve"
//!    and "Stephen", which Jaro–Winkler does not find alike).
//! 3. A one-word name (a short form whose article never gave the full name) is one name with
//!    the one-word names written as it is, accents and case aside (`plain`), not with those that
//!    only fold alike. It joins the one group of longer names whose last word is so written; if
//!    several groups qualify, the one whose longer names are mentioned at least ten times as
//!    often as the next one's (`ONE_WORD_DOMINANCE`: "Trump" and Donald Trump beside Ivanka
//!    Trump), and otherwise it stays on its own rather than guess ("Clinton"); never a group whose
//!    longer names it outnumbers more than twice (`ONE_WORD_MAX_RATIO`: the city "Washington");
//!    and only if at least one in `ONE_WORD_TITLED_ONE_IN` of its mentions carries a title ("Mr
//!    Carson"), as words and places seldom do ("Capital", "Madison"). Only the same spelling: a
//!    one-word name has no given name to confirm a likeness, and on the ABP corpus one-word names
//!    alike in key or letters were mostly words and other names ("Housing" joined Saddam
//!    Hussein, "Sandy" Bernie Sanders, "Flint" Michael Flynn, "Face" Anthony Fauci, "Corey"
//!    Common Core).
//! 4. Organisations, places and things ("Secure Fence Act") outside the gazetteer merge only on
//!    equal keys.
//!
//! Short forms inside one article ("Gen. Soleimani") were already resolved to the article's full
//! name by the annotate stage. The gazetteer (and the user's `--entities` file) holds names that
//! share no letters (ISIS / Daesh) and can split names this rule would merge.

use super::claims::ClaimUse;
use crate::error::{Error, Result};
use crate::model::{SourceType, Stance};
use crate::spill::{Analysed, Texts};
use crate::tabulate::{AttributionRow, Attributions, FrameBuilder, Interner, LabelRow, Labels, Tables, cell, columns as col, offset, str_column, strs, u64s, write_in_chunks};
use std::ops::Range;
use polars::prelude::DataFrame;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use crate::hash::HashMap;

/// Jaro–Winkler similarity of folded surnames at or above which two spellings are one name.
pub const SURNAME_THRESHOLD: f64 = 0.94;
/// How many times the mentions of the next matching group the group a one-word name joins must
/// hold when several match, counting the mentions of their longer names. On the ABP corpus
/// "Trump" joins Donald Trump (117,000 mentions; Melania Trump 2,600, Ivanka 1,800 and a tail of
/// misread names, "Never Trump", "Team Trump") and "Obama" Barack Obama (32,000; Michelle 2,100);
/// "Clinton" (Hillary 30,000, Bill 7,700) and "Bush" (George W. 6,100, Jeb 3,900) stay apart. A
/// share of all matching mentions would let that tail of misread names decide. The same ratio
/// decides for a less specific name of two words or more (rule 2: "George Bush", "J. Smith").
pub const ONE_WORD_DOMINANCE: u64 = 10;
/// How many times as often as the longer names of the group it would join a one-word name may be
/// mentioned. An article naming a person mostly gives the full name once, so that the name alone
/// is the rarer form; far more frequent, it is another referent: the city "Washington" (17,000
/// mentions on the ABP corpus) beside George Washington (about 400), the state "Virginia" beside
/// a misread "Northern Virginia". "Obama" alone (31,000) beside Barack Obama (32,000) joins.
pub const ONE_WORD_MAX_RATIO: u64 = 2;
/// A one-word name joins a person only if at least one in this many of its mentions is given a
/// title ("Mr Carson", "Sen. Cardin"), as a person's surname now and then is and a word or a place
/// almost never is. On the ABP corpus, of the 4,429 one-word names mentioned 15 times or more,
/// 3,752 never are ("Capital", "Signal", "Prayer" beside Bain Capital, Daily Signal, Patriot
/// Prayer); the city "Madison" is in 1 of 222 mentions, "Washington" in 4 of 16,194; surnames in
/// 2.5% ("Steele") to 41% ("Obama"). A name never titled stays on its own ("Hitler").
pub const ONE_WORD_TITLED_ONE_IN: u64 = 50;
/// Jaro–Winkler similarity of folded given names at or above which they are compatible.
pub const GIVEN_NAME_THRESHOLD: f64 = 0.90;
/// The fewest letters of two folded surnames that differ and are still alike. Jaro–Winkler rates
/// short words sharing their first letters high whatever follows: "Kerry" and "Kirby" (0.95),
/// "Brooks" and "Brock" (0.96), "Kemp" and "Kim" (0.94) are other people.
pub const SURNAME_MIN_LETTERS: usize = 5;
/// The most edits (insertion, deletion, substitution or transposition of neighbours) between two
/// folded surnames that differ and are still alike: a spelling's variants differ by a letter
/// ("Gadhafi", "Gaddafi"), while "Roberts" and "Robertson" (0.96), "Peters" and "Peterson",
/// "Herring" and "Hertling" are other people.
pub const SURNAME_MAX_EDITS: usize = 1;

const PARTICLES: &[&str] = &["al", "el", "ad", "an", "as", "ash", "at", "ul"];
const SUFFIXES: &[&str] = &["jr", "sr", "ii", "iii", "iv"];

/// One word of a name as letters alone: accents taken off (canonical decomposition, marks
/// dropped), lowercase, anything not a letter left out. "Erdoğan" and "ERDOGAN" are "erdogan".
pub fn plain(word: &str) -> String {
    use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};
    word.nfd().filter(|&c| !is_combining_mark(c)).flat_map(char::to_lowercase).filter(|c| c.is_alphabetic()).collect()
}

/// Folds one word of a name to its transliteration key (see the module documentation).
pub fn fold(word: &str) -> String {
    let mut s = plain(word);
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

/// The words of a name that its key is made of: particles and suffixes left out, and, in a name
/// of two words or more, initials written as one word taken one by one: dotted ones anywhere,
/// and a first word of two capitals ("H.R. McMaster", "HR McMaster" and "HR MCMASTER" are "H",
/// "R", "McMaster", as "H. R. McMaster" is; three are more often an acronym, "USA TODAY
/// Network"), in a name all in capitals only two without a vowel ("ED MARKEY" is Ed Markey). A
/// name of one word stays one ("F.B.I" is "FBI" written otherwise).
fn name_words(name: &str) -> impl Iterator<Item = &str> {
    let capitals = !name.chars().any(char::is_lowercase);
    let words = name.split(|c: char| c.is_whitespace() || c == '-' || c == '\u{2011}').filter(|w| !w.is_empty());
    let several = words.clone().nth(1).is_some();
    words
        .enumerate()
        .flat_map(move |(k, w)| {
            let dotted = several && crate::text::dotted_initials(w.trim_end_matches('.')).is_some();
            // In a name all in capitals, only two without a vowel ("JD VANCE", not "ED MARKEY").
            let vowel = w.contains(['A', 'E', 'I', 'O', 'U']);
            let run = k == 0 && several && (!capitals || !vowel) && w.len() == 2 && w.chars().all(|c| c.is_ascii_uppercase());
            let (mut a, mut b) = (None, None);
            if run {
                // Each capital its own word, as `str` slices of the name.
                b = Some((0..w.len()).map(move |i| &w[i..i + 1]));
            } else {
                a = Some(w.split(move |c: char| dotted && c == '.'));
            }
            a.into_iter().flatten().chain(b.into_iter().flatten())
        })
        .filter(|w| !w.is_empty())
        .filter(|w| {
            let l = w.to_lowercase();
            !PARTICLES.contains(&l.as_str()) && !SUFFIXES.contains(&l.trim_end_matches('.'))
        })
}

/// The folded words of a name, particles and suffixes left out.
pub fn name_key(name: &str) -> Vec<String> {
    name_words(name).map(fold).filter(|w| !w.is_empty()).collect()
}

/// The embedded list of given names and their short forms, as shipped in `data/lexicons/`.
pub const NICKNAMES_EN: &str = include_str!("../../data/lexicons/nicknames-en.txt");

/// Each folded given name or short form with the lines of `NICKNAMES_EN` that hold it.
fn nicknames() -> &'static HashMap<String, Vec<u32>> {
    static MAP: std::sync::OnceLock<HashMap<String, Vec<u32>>> = std::sync::OnceLock::new();
    MAP.get_or_init(|| {
        let mut map: HashMap<String, Vec<u32>> = HashMap::default();
        let lines = NICKNAMES_EN.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'));
        for (k, line) in lines.enumerate() {
            for form in line.split_whitespace() {
                // Forms of one line that fold alike ("Philip", "Phillip") count once.
                let lines = map.entry(fold(form)).or_default();
                if lines.last() != Some(&(k as u32)) {
                    lines.push(k as u32);
                }
            }
        }
        map
    })
}

/// Whether two folded given names are one name by `NICKNAMES_EN` ("stivi" and "stifin", Steve and
/// Stephen): forms that Jaro–Winkler does not find alike. Each form stands on one line of the
/// list (a test holds it to that), so that a nickname joins one name's spellings only.
fn nickname_of(a: &str, b: &str) -> bool {
    let map = nicknames();
    match (map.get(a), map.get(b)) {
        (Some(x), Some(y)) => x.iter().any(|k| y.contains(k)),
        _ => false,
    }
}

/// The initials of a name's middle words, between its first and last ("hw" for "George H.W.
/// Bush", "George H. W. Bush", "George HW Bush" and "George Herbert Walker Bush"), or `None` for
/// a name of fewer than three words. A middle word in capitals of up to three letters ("HW")
/// gives all its letters, unless the whole name is in capitals ("MOHAMMED BIN SALMAN"); any other
/// word its first.
fn middle_initials(name: &str) -> Option<String> {
    let words: Vec<&str> = name_words(name).filter(|w| w.chars().any(char::is_alphabetic)).collect();
    let middle = words.get(1..words.len().checked_sub(1)?).filter(|m| !m.is_empty())?;
    let capitals = !name.chars().any(char::is_lowercase);
    let initials = middle.iter().flat_map(|w| {
        let letters = plain(w);
        let initials = !capitals && letters.chars().count() <= 3 && !w.chars().any(char::is_lowercase);
        if initials { letters.chars().collect::<Vec<_>>() } else { letters.chars().take(1).collect() }
    });
    Some(initials.collect())
}

/// The last word of a name's key as written (`plain`): what a one-word name must equal.
fn plain_surname(name: &str) -> Option<String> {
    name_words(name).map(plain).filter(|w| !w.is_empty()).last()
}

/// Whether the Jaro–Winkler similarity of `a` and `b` (Winkler 1990, as `strsim` computes it)
/// reaches `threshold`, given each name's `Bins`. Most pairs compared are far apart and are
/// answered by `may_reach` without the quadratic match search, which took 4.5% of a full ABP run.
/// The bins are counted by the caller, once per name: a name meets many others (the surnames of a
/// block, each compared with every other).
fn similar((a, bins_a): (&str, &Bins), (b, bins_b): (&str, &Bins), threshold: f64) -> bool {
    a == b || (may_reach(bins_a, bins_b, threshold) && strsim::jaro_winkler(a, b) >= threshold)
}

/// Whether two folded surnames (with their `Bins`) are one name's spellings: equal, or alike
/// enough in letters (`SURNAME_THRESHOLD`), length (`SURNAME_MIN_LETTERS`) and edits
/// (`SURNAME_MAX_EDITS`). Rule 2 of the module documentation.
fn surnames_alike(a: (&str, &Bins), b: (&str, &Bins)) -> bool {
    a.0 == b.0
        || (a.1.chars as usize >= SURNAME_MIN_LETTERS
            && b.1.chars as usize >= SURNAME_MIN_LETTERS
            && similar(a, b, SURNAME_THRESHOLD)
            && strsim::osa_distance(a.0, b.0) <= SURNAME_MAX_EDITS)
}

/// A name's characters counted in 64 bins by code point, with their number: what `may_reach`
/// reads of a name.
struct Bins {
    bins: [u32; 64],
    chars: u32,
}

impl Bins {
    fn of(name: &str) -> Bins {
        let mut bins = [0u32; 64];
        name.chars().for_each(|c| bins[c as usize % 64] += 1);
        Bins { chars: bins.iter().sum(), bins }
    }
}

/// False only when the Jaro–Winkler similarity of two names (counted in `Bins`) is sure to fall
/// below `threshold`. Jaro's similarity is (m/|a| + m/|b| + (m − t)/m) / 3 for m matching
/// characters and t half-transpositions, so at most (m/|a| + m/|b| + 1) / 3 for any m no greater
/// than the characters the two share counted with their multiplicity; Winkler's prefix bonus, at
/// most 4 × 0.1 of what Jaro leaves below 1, raises a similarity s to at most 0.6 + 0.4s.
/// Characters counted in 64 bins by code point can only overcount what they share. A margin of
/// 1e-9 keeps rounding from pruning a pair that reaches the threshold exactly.
fn may_reach(a: &Bins, b: &Bins, threshold: f64) -> bool {
    if a.chars == 0 || b.chars == 0 {
        return true;
    }
    let shared = f64::from(a.bins.iter().zip(&b.bins).map(|(x, y)| x.min(y)).sum::<u32>());
    let jaro = (shared / f64::from(a.chars) + shared / f64::from(b.chars) + 1.0) / 3.0;
    0.6 + 0.4 * jaro >= threshold - 1e-9
}


/// One entity of the corpus.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// The gazetteer name, else the most used full spelling.
    pub name: String,
    pub kind: String,
    pub mentions: u64,
    /// How each outlet writes it (short forms included), by outlet then name; the strings are
    /// `Entities::names`.
    pub spellings: Vec<Spelling>,
}

/// One outlet's spelling of an entity and its mentions, the outlet and the name as indices into
/// `Entities::names`: the full ABP study has 530,000, which as two `String`s each were the
/// largest part of the entity comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spelling {
    pub outlet: u32,
    pub name: u32,
    pub mentions: u64,
}

/// A label one outlet attaches to one entity (a row of the `labels` table).
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

/// A quote or reported statement with its source and the entity the source resolves to: one row
/// of the `sources` table, kept as a report's evidence.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourceUse {
    /// Its row in the `sources` table (corpus order).
    pub row: usize,
    pub article_id: String,
    pub outlet: String,
    pub source: String,
    pub source_type: String,
    pub entity: String,
    pub verb: String,
    pub stance: String,
    pub context: String,
}

impl SourceUse {
    /// Whether its verb denies (stance `denial`).
    pub fn is_denial(&self) -> bool {
        self.stance == Stance::Denial.as_str()
    }

    /// The source as a report names it: an unattributed statement has none.
    pub fn shown_source(&self) -> &str {
        if self.source.is_empty() { "(no source)" } else { &self.source }
    }
}

/// Denials each outlet keeps as evidence: the Markdown report quotes the first this many denials
/// of the outlets it shows.
pub const DENIAL_EXAMPLES: usize = 12;
/// Denials the HTML report shows per outlet, before one example of each source type.
pub const OUTLET_DENIALS_SHOWN: usize = 4;
/// Attributions each outlet keeps per source type: the HTML report shows the first of each type
/// that is not among the denials it already shows, which is at latest the type's fifth.
const TYPE_EXAMPLES: u64 = OUTLET_DENIALS_SHOWN as u64 + 1;
/// The entities a report shows: the most mentioned people and organisations. Their labels are
/// kept in `Entities::labels`; every entity's are in the `labels` table.
pub const REPORT_ENTITIES: usize = 12;

/// One outlet's attributions by source type (in `SourceType::ALL` order), with the evidence a
/// report quotes.
#[derive(Debug, Clone, PartialEq)]
pub struct Sourcing {
    pub outlet: String,
    pub counts: [u64; 5],
    /// Attributions whose verb denies (stance `denial`).
    pub denials: u64,
    /// The outlet's first `DENIAL_EXAMPLES` denials and first attributions of each source type,
    /// in corpus order.
    pub examples: Vec<SourceUse>,
}

impl Sourcing {
    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }
}

/// The tone of the sentences naming one entity in one outlet.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityTone {
    /// Its index in `Entities::entities`.
    pub entity: u32,
    /// In `Entities::names`.
    pub outlet: u32,
    /// Sentences naming the entity (a sentence naming it twice counts once).
    pub n_sentences: u64,
    /// Mean VADER compound of those sentences.
    pub mean_compound: f64,
}

/// The entity comparison. The two large tables, every label and every attribution, are kept
/// compactly until written (`label_table`, and each attribution's entity in `source_entities`,
/// written with the attributions as the `sources` table), and only what a report quotes from
/// them as rows.
#[derive(Debug, Clone, Default)]
pub struct Entities {
    /// Most mentioned first.
    pub entities: Vec<Entity>,
    /// The labels of the entities a report shows (`reported`), in `label_table` order.
    pub labels: Vec<LabelUse>,
    /// The `labels` table: per entity, outlet, label and kind, its count and first sentence.
    pub label_table: LabelTable,
    /// The entity of every quote and reported statement: with `Tables::attributions`, the
    /// `sources` table.
    pub source_entities: SourceEntities,
    pub sourcing: Vec<Sourcing>,
    /// By entity (most mentioned first), then outlet.
    pub tone: Vec<EntityTone>,
    /// Sentences stating the study's claims, in corpus order.
    pub claims: Vec<ClaimUse>,
    /// The outlets and spellings that `Spelling` and `EntityTone` name by index.
    pub names: Interner,
}

impl Entities {
    /// An outlet or spelling named by index in `Spelling` or `EntityTone`.
    pub fn name(&self, i: u32) -> &str {
        self.names.get(i)
    }

    /// The tone of one outlet's sentences naming one entity.
    pub fn tone_of(&self, entity: &str, outlet: &str) -> Option<&EntityTone> {
        self.tone.iter().find(|t| self.entities[t.entity as usize].name == entity && self.name(t.outlet) == outlet)
    }

    /// Keeps, of what the tables hold, only what a report shows: the spellings and tone of the
    /// entities it reports (every entity stays, so that indices into `entities` hold), and
    /// neither the `labels` table nor the sources' entities.
    pub fn keep_reported(&mut self) {
        let shown: Vec<bool> = {
            let reported: BTreeSet<&str> = reported(&self.entities).map(|e| e.name.as_str()).collect();
            self.entities.iter().map(|e| reported.contains(e.name.as_str())).collect()
        };
        for (e, &keep) in self.entities.iter_mut().zip(&shown) {
            if !keep {
                e.spellings = Vec::new();
            }
        }
        self.tone.retain(|t| shown[t.entity as usize]);
        self.tone.shrink_to_fit();
        self.label_table = LabelTable::default();
        self.source_entities = SourceEntities::default();
    }
}

/// The entities a report shows, from entities most mentioned first: the `REPORT_ENTITIES` most
/// mentioned people and organisations.
pub fn reported(entities: &[Entity]) -> impl Iterator<Item = &Entity> {
    entities.iter().filter(|e| e.kind == "person" || e.kind == "organisation").take(REPORT_ENTITIES)
}

/// Mean compound per (entity, outlet) over distinct sentences: `rows` are (entity, outlet,
/// article, sentence, compound) per mention, in corpus order, so that an article's rows come
/// together (an article is any value that changes between articles: its id or its row). Returns
/// (entity, outlet) → (sentences, mean), sorted by entity then outlet.
pub fn entity_tone<O, A>(rows: impl IntoIterator<Item = (usize, O, A, u64, f64)>) -> BTreeMap<(usize, O), (u64, f64)>
where
    O: Copy + Eq + Ord + std::hash::Hash,
    A: Copy + PartialEq,
{
    // The sentences seen are those of the current article only: millions of mentions need not be
    // remembered. Hash maps while counting; each sum still adds in row order.
    let mut article = None;
    let mut seen: crate::hash::HashSet<(usize, u64)> = crate::hash::HashSet::default();
    let mut sums: HashMap<(usize, O), (u64, f64)> = HashMap::default();
    for (entity, outlet, id, sentence, compound) in rows {
        if article != Some(id) {
            article = Some(id);
            seen.clear();
        }
        // A sentence naming the entity twice ("Soleimani … Gen. Soleimani") is one sentence.
        if seen.insert((entity, sentence)) {
            let e = sums.entry((entity, outlet)).or_default();
            e.1 += compound;
            e.0 += 1;
        }
    }
    sums.into_iter().map(|(k, (n, sum))| (k, (n, sum / n as f64))).collect()
}

/// The kind given most often among (kind, count), each kind once: ties go to the first
/// alphabetically.
fn most_common<'a>(kinds: impl Iterator<Item = (&'a str, u64)>) -> Option<&'a str> {
    kinds.max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0))).map(|(k, _)| k)
}

/// Each entity's spellings: `rows` are (entity, outlet, name as written) per mention, the outlet
/// and name as indices whose strings `outlet` and `name` give (distinct indices being distinct
/// strings), with entities numbered below `n_entities`. Returns each entity's spellings with their
/// mentions, sorted by outlet then name.
pub fn count_spellings<'s>(
    rows: impl IntoIterator<Item = (usize, u32, u32)>,
    n_entities: usize,
    outlet: impl Fn(u32) -> &'s str,
    name: impl Fn(u32) -> &'s str,
) -> Vec<Vec<Spelling>> {
    let mut counts: HashMap<(u32, u32, u32), u64> = HashMap::default();
    for (entity, outlet, name) in rows {
        *counts.entry((offset(entity), outlet, name)).or_default() += 1;
    }
    let mut counts: Vec<((u32, u32, u32), u64)> = counts.into_iter().collect();
    counts.sort_unstable_by(|((ea, oa, na), _), ((eb, ob, nb), _)| ea.cmp(eb).then_with(|| outlet(*oa).cmp(outlet(*ob))).then_with(|| name(*na).cmp(name(*nb))));
    let mut spellings = vec![Vec::new(); n_entities];
    for run in counts.chunk_by(|a, b| a.0.0 == b.0.0) {
        spellings[run[0].0.0 as usize] = run.iter().map(|&((_, outlet, name), mentions)| Spelling { outlet, name, mentions }).collect();
    }
    spellings
}

/// Of the groups a name could join, each with its mentions, the one mentioned most (the first in
/// input order on a tie) and its mentions, if it is mentioned at least `ONE_WORD_DOMINANCE` times
/// as often as the next: the one person a name that could be several's is taken for.
fn dominant(mut candidates: Vec<(usize, u64)>) -> Option<(usize, u64)> {
    candidates.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let &(first, most) = candidates.first()?;
    candidates.get(1).is_none_or(|&(_, next)| most >= next.saturating_mul(ONE_WORD_DOMINANCE)).then_some((first, most))
}

/// One distinct name of the corpus, as `group_names` groups it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameCount<'a> {
    /// The gazetteer entry it matched, or "".
    pub entry: &'a str,
    /// The name as its article gave it in full.
    pub full: &'a str,
    /// The kind it was most often given.
    pub kind: &'a str,
    pub mentions: u64,
    /// Its mentions typed person: for a name of one word, those given a title ("Mr", "Sen.").
    pub as_person: u64,
}

/// Groups names into entities; returns the entity index of each name and the entities' display
/// names and kinds.
pub fn group_names(names: &[NameCount]) -> (Vec<usize>, Vec<(String, String)>) {
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
    let keys: Vec<Vec<String>> = names.iter().map(|name| name_key(name.full)).collect();
    let middles: Vec<Option<String>> = names.iter().map(|name| middle_initials(name.full)).collect();
    // Each name's last word as written (`plain`), which rule 3 compares, once per name.
    let written: Vec<String> = names.iter().map(|name| plain_surname(name.full).unwrap_or_default()).collect();
    let personish = |k: &str| k == "person" || k == "unknown";
    // Gazetteer names by entry; others by the rules.
    let mut by_entry: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, NameCount { entry: gaz, .. }) in names.iter().enumerate() {
        if !gaz.is_empty() {
            match by_entry.get(gaz) {
                Some(&j) => union(&mut parent, i, j),
                None => {
                    by_entry.insert(gaz, i);
                }
            }
        }
    }
    let free: Vec<usize> = (0..n).filter(|&i| names[i].entry.is_empty() && !keys[i].is_empty()).collect();
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
    // Within a block: identical keys are one name by either rule (one-word person names,
    // identical spellings: rule 3); other names can only be one
    // person by rule 2, which needs similar surnames, so multi-word person names are grouped by
    // surname and only pairs of similar surnames are compared (each surname pair once).
    let surnames: BTreeMap<&String, BTreeMap<&str, Vec<usize>>> = blocks
        .iter()
        .map(|(b, members)| {
            let mut by_surname: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
            // People only: a name of two words or more not typed a person is a thing's ("Secure
            // Fence Act"), whose last word is no surname.
            for &i in members.iter().filter(|&&i| keys[i].len() >= 2 && names[i].kind == "person") {
                by_surname.entry(keys[i][keys[i].len() - 1].as_str()).or_default().push(i);
            }
            (b, by_surname)
        })
        .collect();
    // Each block's pairs: those to join now, and those of a less specific name and a more
    // specific one (the less specific first), joined once the rest are (below).
    type Pairs = Vec<(usize, usize)>;
    let pairs: Vec<(Pairs, Pairs)> = blocks
        .par_iter()
        .map(|(b, members)| {
            let mut pairs = Vec::new();
            let mut deferred = Vec::new();
            let mut first: HashMap<&[String], usize> = HashMap::default();
            let mut first_written: HashMap<&str, usize> = HashMap::default();
            for &i in members {
                // A name of one word is one name with those written as it is, accents and case
                // aside; a person's (or an unknown one's) only with those: folding is too loose
                // for a word alone ("Corey", "Core" and "Curry" fold alike, as do "Strip" and
                // "Streep"). An organisation's or a place's also with those of its key.
                let by_spelling = (keys[i].len() == 1).then(|| *first_written.entry(written[i].as_str()).or_insert(i));
                let by_key = (keys[i].len() > 1 || !personish(names[i].kind)).then(|| *first.entry(&keys[i]).or_insert(i));
                pairs.extend([by_spelling, by_key].into_iter().flatten().filter(|&j| j != i).map(|j| (j, i)));
            }
            // Each surname and each member's given name counted once (`Bins`), not once per pair.
            let groups: Vec<(&str, Bins, &Vec<usize>, Vec<Bins>)> =
                surnames[b].iter().map(|(s, m)| (*s, Bins::of(s), m, m.iter().map(|&i| Bins::of(&keys[i][0])).collect())).collect();
            for (x, (s1, bins1, m1, given1)) in groups.iter().enumerate() {
                for (s2, bins2, m2, given2) in &groups[x..] {
                    // Rule 2: similar surnames (for every pair of the two groups) ...
                    if !surnames_alike((s1, bins1), (s2, bins2)) {
                        continue;
                    }
                    for (y, &i) in m1.iter().enumerate() {
                        let from = if s1 == s2 { y + 1 } else { 0 };
                        for (z, &j) in m2.iter().enumerate().skip(from) {
                            // ... and given names of which one is the other's initial, or similar.
                            let (fi, fj) = (keys[i][0].as_str(), keys[j][0].as_str());
                            let initial = (fi.len() == 1 || fj.len() == 1) && fi.chars().next() == fj.chars().next();
                            let nickname = nickname_of(fi, fj);
                            if keys[i] == keys[j] || !(initial || nickname || similar((fi, &given1[y]), (fj, &given2[z]), GIVEN_NAME_THRESHOLD)) {
                                continue;
                            }
                            // ... and middle initials that agree, where both have them: George
                            // H.W. Bush is not George W. Bush.
                            if let (Some(a), Some(b)) = (&middles[i], &middles[j])
                                && a != b
                            {
                                continue;
                            }
                            // A name less specific than the other, by an initial for its given
                            // name ("J. Smith" beside "Jason Smith") or by no middle initials
                            // ("George Bush" beside "George W. Bush"), joins once the rest have
                            // (below); one less specific each way ("J. Christopher Stevens",
                            // "John Stevens") not at all.
                            let vague = |k: usize, other: usize| {
                                (keys[k][0].len() == 1 && keys[other][0].len() > 1) || (middles[k].is_none() && middles[other].is_some())
                            };
                            match (vague(i, j), vague(j, i)) {
                                // Given names alike but not the same nor nicknames of one name
                                // ("Chillary" beside "Chelsea" and "Hillary" Clinton): the less
                                // mentioned spelling is the less certain, and joins as a less
                                // specific name does, so that a stray spelling cannot chain two
                                // people into one.
                                (false, false) if fi != fj && !initial && !nickname => {
                                    let (m_i, m_j) = (names[i].mentions, names[j].mentions);
                                    deferred.push(if (m_i, std::cmp::Reverse(i)) < (m_j, std::cmp::Reverse(j)) { (i, j) } else { (j, i) });
                                }
                                (false, false) => pairs.push((i, j)),
                                (true, false) => deferred.push((i, j)),
                                (false, true) => deferred.push((j, i)),
                                (true, true) => {}
                            }
                        }
                    }
                }
            }
            (pairs, deferred)
        })
        .collect();
    let (pairs, deferred): (Vec<_>, Vec<_>) = pairs.into_iter().unzip();
    for (i, j) in pairs.into_iter().flatten() {
        union(&mut parent, i, j);
    }
    // A less specific name ("George Bush", "G. Bush") joins the more specific names alike if those
    // are one person's ("George W. Bush", "George Walker Bush") or if one person's are mentioned
    // ten times as often as the next one's (`ONE_WORD_DOMINANCE`: "Donald J. Trump" beside a stray
    // "Donald F. Trump"); not if they are two people's alike ("George H.W. Bush" beside "George
    // W. Bush", "Jason Smith" beside "John Smith"): then it stays on its own rather than guess, as
    // a one-word name does (rule 3), and no longer chains them into one. Asked of each group of
    // such names ("George Bush" with "GEORGE BUSH"), not of each name, so that no two of its names
    // join different people; and those with a given name first, then those with an initial, so
    // that "E. Holder" finds "Eric Holder" already one with "Eric H. Holder", whatever the order of
    // the names.
    let deferred: Vec<(usize, usize)> = deferred.into_iter().flatten().collect();
    let mut mentions_of = vec![0u64; n];
    for (k, name) in names.iter().enumerate() {
        mentions_of[find(&mut parent, k)] += name.mentions;
    }
    // Until no join is left to make: a name left on its own may find its partners one person once
    // a later one has joined them ("Chris Wray" beside "Christopher Wray" and "Christopher A.
    // Wray", before "Christopher Wray" joins the latter). A name that has joined is settled: asked
    // again, it would join the next of its partners too, and chain them.
    let mut settled = vec![false; n];
    loop {
        let mut joined = false;
        for initial in [false, true] {
            let mut settling: Vec<(usize, usize, usize)> = deferred
                .iter()
                .filter(|&&(i, _)| !settled[i] && (keys[i][0].len() == 1) == initial)
                .map(|&(i, j)| (find(&mut parent, i), i, j))
                .collect();
            settling.sort_unstable();
            settling.dedup();
            for partners in settling.chunk_by(|a, b| a.0 == b.0) {
                // The partners' groups as they are now, after the joins before this one.
                let (vague, mut people) = (find(&mut parent, partners[0].0), Vec::with_capacity(partners.len()));
                for &(_, _, j) in partners {
                    let person = find(&mut parent, j);
                    if person != vague && !people.iter().any(|&(p, _)| p == person) {
                        people.push((person, mentions_of[person]));
                    }
                }
                if let Some((person, _)) = dominant(people) {
                    union(&mut parent, vague, person);
                    mentions_of[find(&mut parent, vague)] = mentions_of[vague] + mentions_of[person];
                    joined = true;
                    for &(_, i, _) in partners {
                        settled[i] = true;
                    }
                }
            }
        }
        if !joined {
            break;
        }
    }
    // Rule 3: one-word names join the single matching group of longer names, those whose surname
    // is written as the one-word name is. The groups come out as they would in input order: the rule
    // joins a one-word name to one group of longer names, never two such groups, and a group's
    // root is its first member whatever the order of the joins (`union`).
    // The mentions of each group so far (`mentions_of`, kept up by the joins above), for
    // `ONE_WORD_MAX_RATIO`: a one-word name's spellings ("Washington", "WASHINGTON") are one group
    // by now, and it is the group that joins.
    let mut as_person_of = vec![0u64; n];
    for (k, name) in names.iter().enumerate() {
        as_person_of[find(&mut parent, k)] += name.as_person;
    }
    for &i in free.iter().filter(|&&i| keys[i].len() == 1 && personish(names[i].kind)) {
        let Some(members) = surnames.get(&block(&keys[i])).and_then(|by_surname| by_surname.get(keys[i][0].as_str())) else { continue };
        let root = find(&mut parent, i);
        // Each matching group with the mentions of its longer names: those whose surname is
        // written as the one-word name is, accents and case aside. Folding alone is too loose
        // for one word ("Corey" and "Core", "Strip" and "Streep" fold alike).
        let mut targets: BTreeMap<usize, u64> = BTreeMap::new();
        for &j in members.iter().filter(|&&j| written[j] == written[i]) {
            *targets.entry(find(&mut parent, j)).or_default() += names[j].mentions;
        }
        if let Some((t, most)) = dominant(targets.into_iter().collect())
            && mentions_of[root] <= most.saturating_mul(ONE_WORD_MAX_RATIO)
            && as_person_of[root].saturating_mul(ONE_WORD_TITLED_ONE_IN) >= mentions_of[root]
        {
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
    // (group, kind, mentions): a map of kinds per group was, on a large corpus, 150,000 maps.
    let mut kinds: Vec<(usize, &str, u64)> = Vec::with_capacity(n);
    for (i, &NameCount { entry: gaz, full, kind, mentions: count, .. }) in names.iter().enumerate() {
        let g = of[i];
        kinds.push((g, kind, count));
        let cand = if gaz.is_empty() {
            (false, keys[i].len() >= 2, count, std::cmp::Reverse(full))
        } else {
            (true, true, u64::MAX, std::cmp::Reverse(gaz))
        };
        if best[g].is_none_or(|b| (cand.0, cand.1, cand.2, cand.3) > (false, b.0, b.1, b.2) || cand.0) {
            best[g] = Some((cand.1, cand.2, cand.3));
            info[g].0 = cand.3.0.to_string();
        }
    }
    kinds.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    for group in kinds.chunk_by(|a, b| a.0 == b.0) {
        let summed = group.chunk_by(|a, b| a.1 == b.1).map(|same| (same[0].1, same.iter().map(|k| k.2).sum()));
        info[group[0].0].1 = most_common(summed.filter(|(kind, _)| *kind != "unknown")).unwrap_or("unknown").to_string();
    }
    (of, info)
}

/// Resolves entities over the corpus and gathers labels, sources and sourcing profiles.
pub fn compare_entities(tables: &Tables, articles: &Analysed) -> Result<Entities> {
    // The mentions' names are read from the tabulator's distinct strings, never copied: on a large
    // corpus they are millions of rows. Their articles' ids and outlets come from the articles table.
    let m = &tables.mentions;
    let (article_id, article_outlet) = (strs(&tables.articles, "articles", col::ARTICLE_ID)?, strs(&tables.articles, "articles", col::OUTLET)?);
    // (gazetteer entry, full name, kind) → mentions, counted by the rows' string indices (one
    // interner holds them all, so distinct indices are distinct strings) and sorted once by the
    // strings; then each (gazetteer entry, full name) with its mentions and the kind it was most
    // often given.
    let strings = m.strings();
    let mut counted: HashMap<(u32, u32, u32), u64> = HashMap::default();
    let mut rows = m.rows.iter();
    for row in &mut rows {
        *counted.entry((row.gazetteer, row.full_name, row.kind)).or_default() += 1;
    }
    rows.finish()?;
    let mut counted: Vec<((u32, u32, u32), u64)> = counted.into_iter().collect();
    let text = |(g, f, k): (u32, u32, u32)| (strings.get(g), strings.get(f), strings.get(k));
    counted.sort_unstable_by(|a, b| text(a.0).cmp(&text(b.0)));
    // Each (gazetteer entry, full name) as the rows' indices and as strings.
    let (keys, names): (Vec<(u32, u32)>, Vec<_>) = counted
        .chunk_by(|((ga, fa, _), _), ((gb, fb, _), _)| (ga, fa) == (gb, fb))
        .map(|kinds| {
            let ((gaz, full, _), _) = kinds[0];
            let kind = most_common(kinds.iter().map(|(key, n)| (text(*key).2, *n))).unwrap_or("unknown");
            let name = NameCount {
                entry: strings.get(gaz),
                full: strings.get(full),
                kind,
                mentions: kinds.iter().map(|(_, n)| n).sum(),
                as_person: kinds.iter().filter(|(key, _)| text(*key).2 == "person").map(|(_, n)| n).sum(),
            };
            ((gaz, full), name)
        })
        .unzip();
    drop(counted);
    let (of, info) = group_names(&names);
    let lookup: HashMap<(&str, &str), usize> = names.iter().zip(&of).map(|(name, &k)| ((name.entry, name.full), k)).collect();
    let group_by_index: HashMap<(u32, u32), u32> = keys.iter().zip(&of).map(|(&key, &k)| (key, offset(k))).collect();
    drop(keys);
    let mut entities: Vec<Entity> = info
        .iter()
        .map(|(name, kind)| Entity { name: name.clone(), kind: kind.clone(), mentions: 0, spellings: Vec::new() })
        .collect();
    // Each mention's entity.
    let mut rows = m.rows.iter();
    let group_of: Vec<u32> = (&mut rows).map(|row| group_by_index[&(row.gazetteer, row.full_name)]).collect();
    rows.finish()?;
    drop(group_by_index);
    // Each article's outlet, interned once per article rather than once per mention.
    let mut names = Interner::default();
    let outlet_of: Vec<u32> = article_outlet.iter().map(|o| names.intern(o)).collect();
    // The spellings of each entity per outlet, and the tone of the sentences naming each entity
    // per outlet: two passes over the mentions, side by side.
    let (spelled, toned) = rayon::join(
        || -> Result<Vec<Vec<Spelling>>> {
            let mut rows = m.rows.iter();
            let spelled = group_of.iter().zip(&mut rows).map(|(&g, row)| (g as usize, outlet_of[row.article as usize], row.name));
            let spellings = count_spellings(spelled, info.len(), |o| names.get(o), |n| strings.get(n));
            rows.finish()?;
            Ok(spellings)
        },
        || -> Result<BTreeMap<(usize, u32), (u64, f64)>> {
            let mut rows = m.rows.iter();
            let tone_rows = group_of.iter().zip(&mut rows).map(|(&g, row)| (g as usize, outlet_of[row.article as usize], row.article, u64::from(row.sentence), row.tone));
            let sums = entity_tone(tone_rows);
            rows.finish()?;
            Ok(sums)
        },
    );
    let (spelled, tone_sums) = (spelled?, toned?);
    // The spellings were counted by the mentions' string indices; the entities name them in
    // `names`, beside the outlets.
    let mut spelling = vec![u32::MAX; strings.len()];
    for (e, mut spellings) in entities.iter_mut().zip(spelled) {
        for s in &mut spellings {
            let name = &mut spelling[s.name as usize];
            if *name == u32::MAX {
                *name = names.intern(strings.get(s.name));
            }
            s.name = *name;
        }
        e.mentions = spellings.iter().map(|s| s.mentions).sum();
        e.spellings = spellings;
    }
    let entity_of = |gaz: &str, full: &str| -> &str {
        if full.is_empty() && gaz.is_empty() {
            return "";
        }
        lookup.get(&(gaz, full)).map_or("", |&g| info[g].0.as_str())
    };
    // Most mentioned first (then by name); `rank` orders the other tables the same way, and
    // `position` is each group's index in that order.
    let mut ranked: Vec<(usize, Entity)> = entities.into_iter().enumerate().collect();
    ranked.sort_by(|(_, a), (_, b)| b.mentions.cmp(&a.mentions).then(a.name.cmp(&b.name)));
    let mut position = vec![0; ranked.len()];
    for (p, (g, _)) in ranked.iter().enumerate() {
        position[*g] = offset(p);
    }
    let entities: Vec<Entity> = ranked.into_iter().map(|(_, e)| e).collect();
    let rank: HashMap<&str, usize> = entities.iter().enumerate().map(|(r, e)| (e.name.as_str(), r)).collect();
    let rank_of = |entity: &str| rank.get(entity).copied().unwrap_or(usize::MAX);

    let mut tone: Vec<EntityTone> = tone_sums
        .into_iter()
        .map(|((g, outlet), (n, mean))| EntityTone { entity: position[g], outlet, n_sentences: n, mean_compound: mean })
        .collect();
    drop(group_of);
    let entity_name = |t: &EntityTone| entities[t.entity as usize].name.as_str();
    // Each entity's rank by its name, looked up once per entity rather than in every comparison.
    let rank_by_entity: Vec<usize> = entities.iter().map(|e| rank_of(&e.name)).collect();
    tone.sort_by(|a, b| {
        let (ea, eb) = (entity_name(a), entity_name(b));
        rank_by_entity[a.entity as usize].cmp(&rank_by_entity[b.entity as usize]).then(ea.cmp(eb)).then(names.get(a.outlet).cmp(names.get(b.outlet)))
    });

    let in_articles = (article_id.as_slice(), article_outlet.as_slice());
    // Labels and sources each take a pass over their rows on one thread: the two side by side.
    let (labelled, sourced) = rayon::join(
        || label_uses(&tables.labels, in_articles, &articles.texts, &entity_of, &rank_of, &entities),
        || source_uses(tables, in_articles, &articles.texts, &entity_of),
    );
    let ((label_table, labels), (source_entities, sourcing)) = (labelled?, sourced?);

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
    Ok(Entities { entities, labels, label_table, source_entities, sourcing, tone, claims, names })
}

/// The `labels` table from the study's labels: labels counted per (entity, outlet, label, kind)
/// with the first use of each, ordered by entity (most mentioned first), outlet, count (most
/// first), label and kind; and, as rows with their sentences, those of the entities a report
/// shows.
fn label_uses<'a>(
    l: &'a Labels,
    (article_id, article_outlet): (&[&'a str], &[&'a str]),
    texts: &Texts,
    entity_of: &impl Fn(&'a str, &'a str) -> &'a str,
    rank_of: &impl Fn(&str) -> usize,
    entities: &[Entity],
) -> Result<(LabelTable, Vec<LabelUse>)> {
    // (entity, outlet, label, kind) → (uses, first row)
    type Key<'k> = (&'k str, &'k str, &'k str, &'k str);
    let mut counts: HashMap<Key, (u64, usize)> = HashMap::default();
    let mut rows = l.rows.iter();
    for (i, row) in (&mut rows).enumerate() {
        let key = (entity_of(l.gazetteer(&row), l.full_name(&row)), article_outlet[row.article as usize], l.label(&row), l.kind(&row));
        counts.entry(key).or_insert((0, i)).0 += 1;
    }
    rows.finish()?;
    // Each key's entity rank looked up once, not in every comparison of the sort (342,000 keys
    // on the full ABP study). Keys are distinct, so this order is total and the hash map's order
    // does not show.
    let mut ranked: Vec<(usize, Key, (u64, usize))> = counts.into_iter().map(|(k, v)| (rank_of(k.0), k, v)).collect();
    ranked.sort_unstable_by(|(ra, a, (na, _)), (rb, b, (nb, _))| {
        (ra, a.1).cmp(&(rb, b.1)).then(nb.cmp(na)).then((a.2, a.3, a.0).cmp(&(b.2, b.3, b.0)))
    });
    let counts: Vec<(Key, (u64, usize))> = ranked.into_iter().map(|(_, k, v)| (k, v)).collect();
    // The rows a report quotes: those of the entities it shows, with the article and sentence
    // of the label's first use.
    let shown: BTreeSet<&str> = reported(entities).map(|e| e.name.as_str()).collect();
    let quoted: Vec<&(Key, (u64, usize))> = counts.iter().filter(|(k, _)| shown.contains(k.0)).collect();
    let first: Vec<usize> = quoted.iter().map(|(_, (_, first))| *first).collect();
    let firsts = l.rows.gather(&first)?;
    let context = label_contexts(&firsts, &first, texts)?;
    let uses = quoted
        .iter()
        .zip(context)
        .zip(&firsts)
        .map(|((((entity, outlet, label, kind), (count, _)), context), first)| LabelUse {
            entity: entity.to_string(),
            outlet: outlet.to_string(),
            label: label.to_string(),
            kind: kind.to_string(),
            count: *count,
            article_id: article_id[first.article as usize].to_string(),
            context,
        })
        .collect();
    let mut table = LabelTable { rows: Vec::with_capacity(counts.len()), names: Interner::default() };
    for ((entity, outlet, label, kind), (count, first)) in counts {
        let n = &mut table.names;
        let row = LabelTableRow { entity: n.intern(entity), outlet: n.intern(outlet), label: n.intern(label), kind: n.intern(kind), count, first: offset(first) };
        table.rows.push(row);
    }
    Ok((table, uses))
}

/// The `labels` table, held compactly until written: per entity, outlet, label and kind (most
/// mentioned entity first), its uses and the label row of its first use, whose article and
/// sentence are the table's example. On the full ABP corpus its 342,000 rows with their
/// sentences took about 190 MB of the comparison; held so, 24 bytes a row.
#[derive(Debug, Clone, Default)]
pub struct LabelTable {
    rows: Vec<LabelTableRow>,
    names: Interner,
}

#[derive(Debug, Clone, Copy)]
struct LabelTableRow {
    entity: u32,
    outlet: u32,
    label: u32,
    kind: u32,
    count: u64,
    first: u32,
}

/// Rows of the `labels` table built at a time (one Parquet row group); each chunk's examples are
/// read from the spilled texts in one pass over the texts they need. The rows are in entity
/// order, so every chunk asks for articles from across the corpus and reads much of it again:
/// with chunks of 2¹⁴ rows the full ABP study's 21 chunks took 2.4 s to write (reading and
/// checking texts, mostly), with 2¹⁶ its 6 took 1.3–1.5 s, and the run's peak did not rise
/// (449 MB against 455–457, runs alternated): a chunk's sentences are about 13 MB.
const LABEL_CHUNK: usize = 1 << 16;

impl LabelTable {
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Rows `rows` of the `labels` table, each example's article and sentence taken from the
    /// study's `labels` (of which the table was counted), `articles` table and `texts`.
    pub fn frame(&self, labels: &Labels, articles: &DataFrame, texts: &Texts, rows: Range<usize>) -> Result<DataFrame> {
        let id = str_column(articles, "articles", col::ARTICLE_ID)?;
        let chunk = &self.rows[rows];
        let first: Vec<usize> = chunk.iter().map(|r| r.first as usize).collect();
        if let Some(&bad) = first.iter().find(|&&i| i >= labels.len()) {
            return Err(Error::Input(format!("labels table: label row {bad} of {}", labels.len())));
        }
        let firsts = labels.rows.gather(&first)?;
        let context = label_contexts(&firsts, &first, texts)?;
        let names = |field: fn(&LabelTableRow) -> u32| chunk.iter().map(move |r| self.names.get(field(r)));
        FrameBuilder::new("labels")
            .str_iter(col::ENTITY, names(|r| r.entity))
            .str_iter(col::OUTLET, names(|r| r.outlet))
            .str_iter(col::LABEL, names(|r| r.label))
            .str_iter(col::KIND, names(|r| r.kind))
            .u64(col::COUNT, chunk.iter().map(|r| r.count).collect())
            .str_iter(col::ARTICLE_ID, firsts.iter().map(|r| cell(id, r.article as usize)))
            .str(col::CONTEXT, context)
            .build()
    }

    /// Writes the `labels` table (`frame`) into `dir` a chunk at a time.
    pub fn write(&self, labels: &Labels, articles: &DataFrame, texts: &Texts, dir: &crate::tabulate::TableDir) -> Result<()> {
        write_in_chunks(dir, "labels", self.len(), LABEL_CHUNK, |rows| self.frame(labels, articles, texts, rows))
    }
}

/// The sentences of label rows `rows` (in any order; `index` the index of each among the
/// study's labels), in that order, read from the spilled texts.
fn label_contexts(rows: &[LabelRow], index: &[usize], texts: &Texts) -> Result<Vec<String>> {
    excerpts(texts, rows, |r| r.article, |k, r, text| Labels::context(r, index[k], text))
}

/// `excerpt(k, row, text)` of each of `rows` (rows of a table in any order, `article` giving
/// each row's article), in that order, with the texts read from the spill in article order, only
/// those asked for (`Texts::read_each`).
fn excerpts<T>(
    texts: &Texts,
    rows: &[T],
    article: impl Fn(&T) -> u32,
    excerpt: impl Fn(usize, &T, &str) -> Result<String>,
) -> Result<Vec<String>> {
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by_key(|&k| article(&rows[k]));
    let mut out = vec![String::new(); rows.len()];
    texts.read_each(order.iter().map(|&k| article(&rows[k]) as usize), |i, text| {
        let k = order[i];
        out[k] = excerpt(k, &rows[k], text)?;
        Ok(())
    })?;
    Ok(out)
}

/// One outlet's sourcing as its attributions stream past in corpus order.
#[derive(Debug, Default, PartialEq)]
struct Profile {
    counts: [u64; 5],
    denials: u64,
    /// The rows kept as evidence: the first `DENIAL_EXAMPLES` denials and the first
    /// `TYPE_EXAMPLES` attributions of each source type.
    rows: Vec<usize>,
}

impl Profile {
    /// Counts the attribution in `row`, of source type `ty` (index in `SourceType::ALL`).
    fn add(&mut self, row: usize, ty: usize, denial: bool) {
        self.counts[ty] += 1;
        self.denials += u64::from(denial);
        if (denial && self.denials <= DENIAL_EXAMPLES as u64) || self.counts[ty] <= TYPE_EXAMPLES {
            self.rows.push(row);
        }
    }
}

/// The entity each attribution's source resolves to, by row of `Tables::attributions`: the
/// `sources` table's entity column, written with that table (`Attributions::write_sources`).
#[derive(Debug, Clone, Default)]
pub struct SourceEntities {
    rows: Vec<u32>,
    names: Interner,
}

impl SourceEntities {
    /// The entity of attribution `row` ("" when its source resolves to none).
    pub fn get(&self, row: usize) -> &str {
        self.rows.get(row).map_or("", |&i| self.names.get(i))
    }
}

/// Each attribution's entity (the `sources` table's entity column) and each outlet's sourcing
/// profile with the attributions a report quotes, their sentences read from `texts`.
fn source_uses<'a>(
    tables: &'a Tables,
    (article_id, article_outlet): (&[&'a str], &[&'a str]),
    texts: &Texts,
    entity_of: &impl Fn(&'a str, &'a str) -> &'a str,
) -> Result<(SourceEntities, Vec<Sourcing>)> {
    let at = &tables.attributions;
    let mut entities = SourceEntities { rows: Vec::with_capacity(at.len()), names: Interner::default() };
    let mut profiles: BTreeMap<&str, Profile> = BTreeMap::new();
    let mut rows = at.rows.iter();
    for (i, r) in (&mut rows).enumerate() {
        entities.rows.push(entities.names.intern(entity_of(at.name(r.gazetteer), at.name(r.full_name))));
        let outlet = article_outlet.get(r.article as usize).copied().unwrap_or("");
        let ty = SourceType::ALL.iter().position(|t| t.as_str() == at.name(r.source_type)).unwrap_or(4);
        profiles.entry(outlet).or_default().add(i, ty, at.name(r.stance) == Stance::Denial.as_str());
    }
    rows.finish()?;
    // Outlets without any attribution still get a (zero) profile.
    for &o in article_outlet {
        profiles.entry(o).or_default();
    }
    // The sentences of the attributions quoted, read from the spill.
    let quoted: Vec<usize> = profiles.values().flat_map(|p| p.rows.iter().copied()).collect();
    let quoted_rows = at.rows.gather(&quoted)?;
    let sentences = excerpts(texts, &quoted_rows, |r| r.article, |k, r, text| Attributions::excerpt(r, quoted[k], text, true))?;
    let mut quoted: HashMap<usize, (AttributionRow, String)> = quoted.into_iter().zip(quoted_rows.into_iter().zip(sentences)).collect();
    let sourcing = profiles
        .into_iter()
        .map(|(o, p)| Sourcing {
            outlet: o.to_string(),
            counts: p.counts,
            denials: p.denials,
            examples: p
                .rows
                .into_iter()
                .map(|i| {
                    let (r, context) = quoted.remove(&i).expect("each quoted row was read");
                    SourceUse {
                        row: i,
                        article_id: article_id.get(r.article as usize).copied().unwrap_or("").to_string(),
                        outlet: o.to_string(),
                        source: at.name(r.source).to_string(),
                        source_type: at.name(r.source_type).to_string(),
                        entity: entities.get(i).to_string(),
                        verb: at.name(r.verb).to_string(),
                        stance: at.name(r.stance).to_string(),
                        context,
                    }
                })
                .collect(),
        })
        .collect();
    Ok((entities, sourcing))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn may_reach_prunes_only_pairs_that_cannot_reach_the_threshold() {
        // (a, b, threshold, what the bound allows), each bound worked by hand from the shared
        // characters m: jaro ≤ (m/|a| + m/|b| + 1)/3, Jaro–Winkler ≤ 0.6 + 0.4 jaro.
        let cases = [
            ("smith", "smythe", SURNAME_THRESHOLD, false), // m 4 (s m t h): 0.822 → 0.929
            ("abbas", "obama", SURNAME_THRESHOLD, false),  // m 3 (a a b): 0.733 → 0.893
            ("hussein", "husein", SURNAME_THRESHOLD, true), // m 6: 0.952 → 0.981
            ("martha", "marhta", SURNAME_THRESHOLD, true), // m 6: 1 → 1 (Jaro–Winkler 0.961)
            ("mohammed", "muhammad", GIVEN_NAME_THRESHOLD, true), // m 6 (m m m h a d): 0.833 → 0.933
            ("mohammed", "muhammad", SURNAME_THRESHOLD, false),
            ("abc", "abc", 1.0, true),                     // the bound met exactly
            ("", "x", SURNAME_THRESHOLD, true),            // left to strsim
        ];
        for (a, b, threshold, want) in cases {
            assert_eq!(may_reach(&Bins::of(a), &Bins::of(b), threshold), want, "{a} {b} {threshold}");
        }
        // Never a pair that does reach it: every pair of these spellings (folded or not, some
        // one name, most not) is pruned only where strsim scores it below the threshold.
        let names = [
            "husain", "hussein", "husein", "hosseini", "hassan", "hasan", "hasani", "khamenei", "khameni", "kamenei",
            "rouhani", "ruhani", "rohani", "zarif", "zareef", "obama", "abbas", "abbasi", "maliki", "malik", "sadr",
            "sader", "qassem", "kasim", "kassem", "soleimani", "sulaimani", "suleimani", "muhammad", "mohammed",
            "ahmadinejad", "ahmadinijad", "netanyahu", "natanyahu", "al-assad", "asad", "sánchez", "sanchez", "müller",
            "muller", "x", "xy",
        ];
        let (mut pruned, mut reached) = (0, 0);
        for a in names {
            for b in names {
                for threshold in [SURNAME_THRESHOLD, GIVEN_NAME_THRESHOLD] {
                    let score = strsim::jaro_winkler(a, b);
                    reached += usize::from(score >= threshold && a != b);
                    if !may_reach(&Bins::of(a), &Bins::of(b), threshold) {
                        pruned += 1;
                        assert!(score < threshold, "{a} {b}: {score} pruned at {threshold}");
                    }
                }
            }
        }
        assert!(pruned > 1000 && reached > 20, "{pruned} pruned, {reached} reached");
    }

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
            // Accents off before folding.
            ("Erdoğan", "irdugan"),
            ("ERDOGAN", "irdugan"),
            ("Rosselló", "rusilu"),
            ("Gutiérrez", "gutiriz"),
            ("", ""),
        ];
        for (word, want) in cases {
            assert_eq!(fold(word), want, "fold({word:?})");
        }
        assert_eq!(name_key("Abu Mahdi al-Muhandis"), ["abu", "mahdi", "muhandis"]);
        assert_eq!(name_key("William H. Seeley III"), ["wiliam", "h", "sili"]);
        for (word, want) in [("Erdoğan", "erdogan"), ("O'Rourke", "orourke"), ("LÓPEZ", "lopez"), ("Streep", "streep")] {
            assert_eq!(plain(word), want, "plain({word:?})");
        }
    }

    /// Rule 2 on two names of the same given name. Keys, similarities and edits worked by hand:
    /// "gadhafi"/"gadafi" Jaro–Winkler 0.967, one deletion; "muhamad"/"muhamid" 0.943, one
    /// substitution; "kiri"/"kirbi" and "bruks"/"bruk" under five letters; "rubirts"/"rubirtsun"
    /// 0.956 but two insertions; "hiring"/"hirtling" and "pitirsun"/"pitirs" two edits.
    #[test]
    fn alike_surnames_are_five_letters_or_more_and_one_edit_apart() {
        let cases = [
            ("Moammar Gadhafi", "Muammar Gaddafi", true),
            ("Prophet Muhammad", "Prophet Mohammed", true),
            ("Recep Tayyip Erdogan", "Recep Tayyip Erdoğan", true),
            ("John Kerry", "John Kirby", false),
            ("David Brooks", "David Brock", false),
            ("Pat Roberts", "Pat Robertson", false),
            ("Mark Herring", "Mark Hertling", false),
            ("Jordan Peterson", "Jordan Peters", false),
        ];
        for (a, b, same) in cases {
            let (of, _) = group_names(&[person(a, 5), person(b, 5)]);
            assert_eq!(of[0] == of[1], same, "{a} / {b}");
        }
        // An initial no longer bridges two people through a short surname: "Kemp" and "Kim" are
        // not alike, so "J. Kim" is Jim Yong Kim's alone.
        let (of, _) = group_names(&[person("Jack Kemp", 5), person("J. Kim", 2), person("Jim Yong Kim", 5)]);
        assert_eq!((of[1] == of[2], of[0] == of[1]), (true, false));
    }

    /// Rule 3: (longer name with its mentions, one-word name with its mentions and titled
    /// mentions) → whether the one-word name joins. It must be written as the surname is, accents
    /// and case aside, and be titled in at least one of fifty mentions.
    #[test]
    fn a_one_word_name_joins_only_a_surname_written_the_same_and_titled() {
        let cases = [
            (("Meryl Streep", 10), ("Strip", 5, 1), false), // "strip" folds as "Streep" does
            (("Common Core", 10), ("Corey", 5, 1), false),
            (("Saddam Hussein", 10), ("Housing", 5, 1), false),
            (("Recep Tayyip Erdogan", 10), ("Erdoğan", 5, 1), true),
            (("Bernie Sanders", 10), ("SANDERS", 5, 1), true),
            (("Ben Carson", 10), ("Carson", 15, 1), true), // 1 × 50 ≥ 15
            (("Bain Capital", 30), ("Capital", 40, 0), false),
            (("James Madison", 174), ("Madison", 222, 1), false), // 1 × 50 < 222
            (("James Madison", 174), ("Madison", 222, 5), true),  // 5 × 50 ≥ 222
        ];
        for ((full, mentions), (single, n, titled), joins) in cases {
            let (of, _) = group_names(&[person(full, mentions), one_word(single, n, titled)]);
            assert_eq!(of[0] == of[1], joins, "{single} → {full}");
        }
        // An organisation's one-word name is one name with its spellings (and a person-like
        // reading of them) and with the names its key folds alike.
        let org = |full: &'static str| NameCount { entry: "", full, kind: "organisation", mentions: 5, as_person: 0 };
        let (of, _) = group_names(&[org("Hezbollah"), one_word("HEZBOLLAH", 2, 0), org("Hizbullah")]);
        assert_eq!((of[0] == of[1], of[0] == of[2]), (true, true));
        // Two one-word names folding alike stay two names: "Streep" joins Meryl Streep, "Strip"
        // does not come with it.
        let (of, _) = group_names(&[person("Meryl Streep", 10), one_word("Streep", 5, 1), one_word("Strip", 5, 0)]);
        assert_eq!((of[0] == of[1], of[1] == of[2]), (true, false));
    }

    #[test]
    fn the_labels_table_counts_labels_per_entity_and_outlet_with_the_first_sentence() {
        use crate::model::{Article, Span};
        let texts = ["General Soleimani spoke. The commander left.", "Terrorist Soleimani died.", "The general Soleimani was buried."];
        let dir = tempfile::tempdir().unwrap();
        let spilled = Analysed::spill(texts.iter().enumerate().map(|(i, t)| Article::new(&format!("a{i}"), "O", t)).collect(), dir.path()).unwrap();
        let (ids, outlets) = (["a1", "a2", "a3"], ["Wire", "Post", "Wire"]);
        let mut labels = Labels::default();
        labels.spill_in(dir.path()).unwrap();
        let qs = ("Qassem Soleimani", "Qasem Soleimani");
        // Wire calls him "general" twice (a1 bytes 0..24, a3 bytes 0..33) and "commander" once;
        // Post calls him "terrorist"; a label of an unknown name has no entity.
        labels.push(0, qs.0, qs.1, "general", "title", Span { start: 0, end: 24 }).unwrap();
        labels.push(0, qs.0, qs.1, "commander", "copular", Span { start: 25, end: 44 }).unwrap();
        labels.push(1, qs.0, qs.1, "terrorist", "premodifier", Span { start: 0, end: 25 }).unwrap();
        labels.push(2, qs.0, qs.1, "general", "title", Span { start: 0, end: 33 }).unwrap();
        let entity_of = |gaz: &str, _: &str| if gaz == qs.1 { qs.1 } else { "" };
        let rank_of = |e: &str| usize::from(e != qs.1);
        let entities = [Entity { name: qs.1.into(), kind: "person".into(), mentions: 4, spellings: Vec::new() }];
        let (table, uses) = label_uses(&labels, (&ids, &outlets), &spilled.texts, &entity_of, &rank_of, &entities).unwrap();
        // Post before Wire; within Wire, "general" (2) before "commander" (1).
        let want = [
            ("Post", "terrorist", 1, "a2", "Terrorist Soleimani died."),
            ("Wire", "general", 2, "a1", "General Soleimani spoke."),
            ("Wire", "commander", 1, "a1", "The commander left."),
        ];
        let got: Vec<(&str, &str, u64, &str, &str)> =
            uses.iter().map(|u| (u.outlet.as_str(), u.label.as_str(), u.count, u.article_id.as_str(), u.context.as_str())).collect();
        assert_eq!(got, want, "the shown entity's labels, as the report quotes them");
        let articles = FrameBuilder::new("articles").str(col::ARTICLE_ID, ids.iter().map(|s| s.to_string()).collect()).build().unwrap();
        // Written in two chunks, the table reads as one.
        for rows in [0..3, 1..3] {
            let df = table.frame(&labels, &articles, &spilled.texts, rows.clone()).unwrap();
            let column = |name| strs(&df, "labels", name).unwrap().join("|");
            let part = &want[rows];
            assert_eq!(column(col::LABEL), part.iter().map(|w| w.1).collect::<Vec<_>>().join("|"));
            assert_eq!(column(col::ARTICLE_ID), part.iter().map(|w| w.3).collect::<Vec<_>>().join("|"));
            assert_eq!(column(col::CONTEXT), part.iter().map(|w| w.4).collect::<Vec<_>>().join("|"));
            assert_eq!(u64s(&df, "labels", col::COUNT).unwrap(), part.iter().map(|w| w.2).collect::<Vec<_>>());
        }
        // A table counted from other labels is refused, not a panic.
        assert!(table.frame(&Labels::default(), &articles, &spilled.texts, 0..3).is_err());
    }

    #[test]
    fn a_report_keeps_the_spellings_and_tone_of_the_entities_it_shows() {
        // Thirteen people then a place: the report shows the first twelve people
        // (REPORT_ENTITIES), so person 12 and the place keep neither spellings nor tone.
        let spelled = vec![Spelling { outlet: 0, name: 1, mentions: 3 }];
        let entity = |i: usize, kind: &str| Entity { name: format!("e{i}"), kind: kind.into(), mentions: 20 - i as u64, spellings: spelled.clone() };
        let mut e = Entities { entities: (0..13).map(|i| entity(i, "person")).chain([entity(13, "place")]).collect(), ..Default::default() };
        e.tone = [0u32, 11, 12, 13].iter().map(|&i| EntityTone { entity: i, outlet: 0, n_sentences: 1, mean_compound: 0.5 }).collect();
        e.source_entities = SourceEntities { rows: vec![0, 0], names: Interner::default() };
        e.keep_reported();
        assert_eq!(e.entities.len(), 14, "every entity stays, so that indices hold");
        let spelled_now: Vec<usize> = e.entities.iter().enumerate().filter(|(_, x)| !x.spellings.is_empty()).map(|(i, _)| i).collect();
        assert_eq!(spelled_now, (0..12).collect::<Vec<_>>());
        assert_eq!(e.tone.iter().map(|t| t.entity).collect::<Vec<_>>(), [0, 11]);
        assert!(e.source_entities.rows.is_empty() && e.label_table.is_empty());
    }

    #[test]
    fn spellings_are_counted_per_entity_and_outlet_in_outlet_then_name_order() {
        // (entity, outlet, name as written) per mention; entity 2 is never mentioned.
        let rows = [
            (1, "Wire", "Soleimani"),
            (0, "Post", "Trump"),
            (1, "Post", "Suleimani"),
            (1, "Wire", "Gen. Soleimani"),
            (1, "Wire", "Soleimani"),
            (1, "Daily", "Soleimani"),
            (0, "Post", "Trump"),
        ];
        let mut names = Interner::default();
        let rows: Vec<(usize, u32, u32)> = rows.iter().map(|&(e, o, n)| (e, names.intern(o), names.intern(n))).collect();
        let spellings = count_spellings(rows, 3, |o| names.get(o), |n| names.get(n));
        let read = |list: &[Spelling]| list.iter().map(|s| (names.get(s.outlet), names.get(s.name), s.mentions)).collect::<Vec<_>>();
        assert_eq!(read(&spellings[0]), [("Post", "Trump", 2)]);
        assert_eq!(read(&spellings[1]), [("Daily", "Soleimani", 1), ("Post", "Suleimani", 1), ("Wire", "Gen. Soleimani", 1), ("Wire", "Soleimani", 2)]);
        assert!(spellings[2].is_empty());
    }

    #[test]
    fn entity_tone_means_distinct_sentences_by_hand() {
        // (entity, outlet, article, sentence, compound of the sentence)
        let rows = [
            (0, "A", "a1", 0, -0.5),
            (0, "A", "a1", 0, -0.5), // the same sentence names the entity twice: counted once
            (0, "A", "a1", 3, 0.25),
            (1, "A", "a1", 0, -0.5),
            (0, "A", "a2", 0, 0.0), // sentence 0 of another article is another sentence
            (0, "A", "a2", 0, 0.0), // … named twice
            (0, "B", "b1", 2, 0.6),
        ];
        type Cell<'a> = ((usize, &'a str), (u64, f64));
        let got: Vec<Cell> = entity_tone(rows).into_iter().collect();
        // (−0.5 + 0.25 + 0.0) / 3 = −0.083…
        assert_eq!(got, [((0, "A"), (3, -0.25 / 3.0)), ((0, "B"), (1, 0.6)), ((1, "A"), (1, -0.5))]);
        assert!(entity_tone(std::iter::empty::<(usize, &str, &str, u64, f64)>()).is_empty());
    }

    #[test]
    fn profile_keeps_first_denials_and_first_of_each_type() {
        let mut p = Profile::default();
        // Rows 0–19: named people denying; rows 20–29: anonymous sources not denying; row 30: an
        // anonymous denial, the 21st denial and the 11th anonymous source.
        for row in 0..20 {
            p.add(row, 0, true);
        }
        for row in 20..30 {
            p.add(row, 2, false);
        }
        p.add(30, 2, true);
        let kept: Vec<usize> = (0..12).chain(20..25).collect();
        assert_eq!(p, Profile { counts: [20, 0, 11, 0, 0], denials: 21, rows: kept });

        // Four denials then a fifth named source: the fifth is kept, being the first of its type
        // that a report showing four denials has not shown.
        let mut p = Profile::default();
        for row in 0..4 {
            p.add(row, 0, true);
        }
        p.add(4, 0, false);
        p.add(5, 0, false);
        assert_eq!(p.rows, [0, 1, 2, 3, 4]);
    }

    /// A name of two or more words, its mentions typed person.
    fn person(full: &'static str, mentions: u64) -> NameCount<'static> {
        NameCount { entry: "", full, kind: "person", mentions, as_person: mentions }
    }

    /// A name of one word, `titled` of its mentions given a title.
    fn one_word(full: &'static str, mentions: u64, titled: u64) -> NameCount<'static> {
        NameCount { entry: "", full, kind: if titled * 2 > mentions { "person" } else { "unknown" }, mentions, as_person: titled }
    }

    /// The full ABP report had quoted unattributed denials as "> **** (unattributed, …)".
    #[test]
    fn a_statement_without_a_source_is_shown_as_such() {
        let named = SourceUse { source: "Mr Trump".into(), source_type: "named-person".into(), ..Default::default() };
        let none = SourceUse { source_type: "unattributed".into(), ..Default::default() };
        assert_eq!((named.shown_source(), none.shown_source()), ("Mr Trump", "(no source)"));
    }

    #[test]
    fn groups_spellings_and_short_forms() {
        let row = |entry: &'static str, full: &'static str, kind: &'static str| NameCount { entry, full, kind, mentions: 1, as_person: 1 };
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
        // So do things: a given name and surname alike make one person, not one law.
        let names = [row("", "Stafford Act", "unknown"), row("", "Stanford Act", "unknown")];
        let (of, _) = group_names(&names);
        assert_ne!(of[0], of[1]);
        let names = [row("", "Stafford Act", "person"), row("", "Stanford Act", "person")];
        assert_eq!(group_names(&names).0, [0, 0], "as people, they would be one");
        assert_eq!(info[of[0]].1, "person");
    }

    #[test]
    fn middle_initials_are_the_letters_between_first_and_last_name() {
        let cases: &[(&str, Option<&str>)] = &[
            ("George H.W. Bush", Some("hw")),
            ("George H. W. Bush", Some("hw")),
            ("George HW Bush", Some("hw")),
            ("George Herbert Walker Bush", Some("hw")),
            ("George W. Bush", Some("w")),
            ("Eric H. Holder Jr.", Some("h")),
            ("Hillary Rodham Clinton", Some("r")),
            ("George Bush", None),
            ("Abu Bakr al-Baghdadi", Some("b")),
            ("MOHAMMED BIN SALMAN", Some("b")),
            ("H.R. McMaster", Some("r")),
            ("F.B.I.", None),
            ("HR McMaster", Some("r")),
            ("J.R.R. Tolkien", Some("rr")),
            ("Bush", None),
        ];
        for &(name, want) in cases {
            assert_eq!(middle_initials(name).as_deref(), want, "{name}");
        }
        // Initials written as one word are keyed one by one, but a name of one word stays whole.
        let key = |name: &str| name_key(name).join(" ");
        assert_eq!([key("H.R. McMaster"), key("HR McMaster"), key("H. R. McMaster")], ["h r mcmastir"; 3]);
        assert_eq!([key("F.B.I."), key("FBI"), key("USA TODAY Network")], ["fbi", "fbi", "usa tudai nitwurk"]);
        assert_eq!([key("JD VANCE"), key("JD Vance"), key("ED MARKEY"), key("Ed Markey")], ["j d vanci", "j d vanci", "id marki", "id marki"]);
    }

    /// Names alike but for their middle initials are two people; a name without them joins the
    /// one person they name, else stays on its own.
    #[test]
    fn middle_initials_part_people_of_one_name() {
        let names = [
            person("George W. Bush", 10),
            person("George H.W. Bush", 5),
            person("George Herbert Walker Bush", 2),
            person("George Walker Bush", 1),
            person("George Bush", 3),
            person("G. Bush", 1),
            person("E. Holder", 1),
            person("Eric H. Holder", 4),
            person("Eric Holder", 9),
            person("Idris K. Malvane", 30),
            person("Idris Malvane", 50),
            person("Idris F. Malvane", 3),
        ];
        let (of, _) = group_names(&names);
        assert_ne!(of[0], of[1], "W. and H.W.");
        assert_eq!((of[1], of[0]), (of[2], of[3]), "the initials of written middle names");
        assert!(of[4] != of[0] && of[4] != of[1], "George Bush could be either: 11 mentions against 7");
        assert!(![of[0], of[1], of[4]].contains(&of[5]), "so could G. Bush");
        assert_eq!((of[7], of[7]), (of[6], of[8]), "one middle initial among them: one person, in sorted order too");
        assert_eq!(of[9], of[10], "30 mentions are ten times 3");
        assert_ne!(of[9], of[11]);
        // One mention fewer for the first, and the name without initials stays on its own.
        let mut fewer = names;
        fewer[9].mentions = 29;
        let (of, _) = group_names(&fewer);
        assert!(of[10] != of[9] && of[10] != of[11]);
    }

    /// A spelling whose given name is only alike another's joins the one it is alike, or the one
    /// mentioned ten times as often as the next, and chains no two people into one; a nickname
    /// is the name's; and a name left on its own is settled again once its partners have joined.
    #[test]
    fn an_alike_given_name_joins_one_person_only() {
        let names = [
            person("Hillary Clinton", 300),
            person("Chelsea Clinton", 20),
            person("Chillary Clinton", 1),
            person("Chelsey Clinton", 5),
            person("Chelsie Clinton", 5),
        ];
        let (of, _) = group_names(&names);
        assert_ne!(of[0], of[1], "Hillary and Chelsea");
        assert_eq!(of[2], of[0], "Chillary, alike both, joins the one mentioned ten times the other");
        assert_eq!((of[3], of[4]), (of[1], of[1]));
        // Alike both and ten times neither: on its own.
        let mut even = names;
        even[0].mentions = 100;
        let (of, _) = group_names(&even);
        assert!(of[2] != of[0] && of[2] != of[1]);
        // Nicknames (not 0.90 alike: Steve and Stephen) are the name's, whichever is mentioned more.
        let names = [person("Steve Bannon", 1300), person("Stephen K. Bannon", 300), person("Stephen Bannon", 70), person("Steven Bannon", 5)];
        let (of, _) = group_names(&names);
        assert_eq!((of[1], of[2], of[3]), (of[0], of[0], of[0]));
        // "Chris Wray" is settled first (sorted), beside two groups that join only afterwards.
        let names = [person("Chris Wray", 30), person("Christopher A. Wray", 100), person("Christopher Wray", 600)];
        let (of, _) = group_names(&names);
        assert_eq!((of[0], of[1]), (of[2], of[2]));
    }

    #[test]
    fn nicknames_are_read_from_the_data_file() {
        let f = |a: &str, b: &str| nickname_of(&fold(a), &fold(b));
        assert!(f("Steve", "Stephen") && f("Gabby", "Gabrielle") && f("Bill", "William") && f("Pat", "Patrick") && f("Ted", "Edward"));
        assert!(!f("Pat", "Patricia") && !f("Ted", "Theodore") && !f("Chelsea", "Hillary") && !f("Steve", "Bill"));
        // A form stands on one line only, so that it cannot join two people.
        assert!(nicknames().values().all(|lines| lines.len() == 1));
        assert!(nicknames().len() > 150);
    }

    /// A name with an initial for its given name joins the one person of that initial, or the one
    /// mentioned ten times as often as the next, and no longer chains them into one.
    #[test]
    fn an_initial_joins_one_person_only() {
        let names = [
            person("Jason Kassel", 40),
            person("John Kassel", 4),
            person("J. Kassel", 2),
            person("Rana Kassel", 5),
            person("Rudi Kassel", 5),
            person("R. Kassel", 2),
            person("R Kassel", 1),
            person("Omar Kassel", 5),
            person("O. Kassel", 2),
        ];
        let (of, _) = group_names(&names);
        assert_eq!(of[2], of[0], "40 mentions are ten times 4");
        assert_ne!(of[1], of[0]);
        assert!(of[5] != of[3] && of[5] != of[4] && of[3] != of[4], "Rana or Rudi: neither, and they stay apart");
        assert_eq!(of[5], of[6], "the same key");
        assert_eq!(of[8], of[7], "the only O.");
    }

    /// A one-word name among several matching groups joins the one mentioned at least ten times
    /// as often as the next, and none whose longer names it outnumbers more than twice:
    /// (mentions of Idris Malvane, of Marta Malvane, of Rana Malvane; "Malvane" has 3) → the
    /// group "Malvane" joins, if any.
    #[test]
    fn a_one_word_name_joins_a_group_ten_times_the_next() {
        let cases: &[(u64, u64, u64, Option<usize>)] = &[
            (100, 10, 0, Some(0)), // ten times: at the threshold
            (99, 10, 0, None),
            (940, 40, 20, Some(0)), // the tail does not count, only the next group
            (900, 60, 60, Some(0)),
            (80, 10, 10, None),
            (10, 100, 0, Some(1)), // Marta's then, not Idris'
            (5, 0, 0, Some(0)),    // the only group
            (1, 0, 0, None),       // the name alone (3 mentions) more than twice as frequent
            (100, 1, 0, Some(0)),
        ];
        for &(idris, marta, rana, joins) in cases {
            let names: Vec<NameCount> = [person("Idris Malvane", idris), person("Marta Malvane", marta), person("Rana Malvane", rana)]
                .into_iter()
                .filter(|n| n.mentions > 0)
                .chain([one_word("Malvane", 3, 1)])
                .collect();
            let (of, _) = group_names(&names);
            let single = of[names.len() - 1];
            let joined = (0..names.len() - 1).find(|&i| of[i] == single);
            assert_eq!(joined, joins, "{idris} / {marta} / {rana}");
            // The longer names keep their own groups.
            assert!(names.len() < 3 || of[0] != of[1]);
        }
        // The one-word name's spellings count together: 3 + 3 mentions beside 2 is more than
        // twice, though either spelling alone is not.
        let names = [person("Idris Malvane", 2), one_word("Malvane", 3, 1), one_word("MALVANE", 3, 0)];
        let (of, _) = group_names(&names);
        assert_eq!(of[1], of[2]);
        assert_ne!(of[0], of[1]);
    }
}
