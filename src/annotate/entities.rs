//! Entity mentions and labels: an article's text and tokens in, the names it mentions and the
//! words it attaches to them out.
//!
//! Names are found without a statistical model, by capitalisation (in the manner of rule-based
//! named-entity recognisers): a run of capitalised words joined by single spaces or hyphens, with
//! name particles (al-, bin, ibn, van, de, …) allowed inside, split by the gazetteer's names and by
//! titles and ranks ("Brig. Gen.", "Prime Minister", "Secretary of Defense"), which are stripped
//! from the name and kept as labels. A capital at the start of a sentence proves nothing, so a
//! sentence-initial word counts as a name only if the article also writes it capitalised
//! mid-sentence or it is part of a longer name, and never if the article also writes it in
//! lowercase. Headlines in title case are read the same way.
//!
//! Labels follow Hamborg et al. (2019), "Automated identification of media bias by word choice and
//! labeling in news articles" (JCDL): the premodifiers of the name's noun phrase ("Quds Force
//! commander"), an apposition ("…, the defence ministry spokesman,"), a copular description ("X was
//! the head of the elite unit"), titles, and the actors-lexicon words inside those phrases.

use super::gazetteer::{Gazetteer, joined, joined_after, starts_upper};
use crate::model::{EntityKind, Label, LabelKind, Mention, Span, Token};
use crate::text::{VerbForm, asks_for_verb, dotted_initials, is_stopword, verb_form};
use crate::hash::{HashMap, HashSet};
use std::borrow::Cow;
use std::sync::OnceLock;

/// Name particles: lowercase words allowed inside a name when a capitalised word follows.
const PARTICLES: &[&str] = &[
    "al", "el", "ad", "an", "as", "ash", "at", "bin", "ibn", "bint", "abu", "abd", "ul", "van", "von", "de", "der", "den", "da",
    "di", "du", "del", "della", "la", "le", "dos", "das", "ben",
];

/// Particles that are also English words: part of a name only before a hyphen.
const HYPHEN_PARTICLES: &[&str] = &["ad", "an", "as", "ash", "at", "el", "ul", "da", "di", "la", "le", "de"];

/// Generational suffixes, ignored when matching a surname.
const SUFFIXES: &[&str] = &["jr", "sr", "ii", "iii", "iv"];

/// Titles and ranks, normalised. Written before a name and capitalised, they are stripped from it
/// and kept as a label. Longest first at each position.
const TITLES: &[&str] = &[
    "brig gen", "brigadier general", "brig", "brigadier", "maj gen", "major general", "lt gen", "lieutenant general",
    "lt col", "lieutenant colonel", "lt gov", "lt", "lieutenant governor", "lieutenant", "gen", "general", "col", "colonel",
    "maj", "major", "capt", "captain", "cmdr", "commander", "adm", "admiral", "vice admiral", "rear admiral", "sgt",
    "sergeant", "cpl", "corporal", "field marshal", "marshal", "president", "vice president", "prime minister",
    "deputy prime minister", "secretary of defense", "secretary of defence", "defense secretary", "defence secretary",
    "secretary of state", "secretary of the treasury", "secretary of homeland security", "secretary general", "secretary",
    "minister", "foreign minister", "defence minister", "defense minister", "interior minister", "deputy defence minister",
    "deputy defense minister", "deputy foreign minister", "deputy minister", "deputy attorney general", "deputy",
    "chancellor", "senator", "sen", "rep", "representative", "congressman", "congresswoman", "governor", "gov", "mayor",
    "judge", "justice", "ambassador", "envoy", "mr", "mrs", "ms", "dr", "prof", "professor", "sheikh", "shaikh", "ayatollah",
    "grand ayatollah", "imam", "king", "queen", "prince", "princess", "emir", "spokesman", "spokeswoman", "chief of staff",
    "chief justice", "chief", "commander in chief", "supreme leader", "speaker of the house", "speaker", "pope", "cardinal",
    "bishop", "rabbi", "father",
];

/// Offices that news prose writes capitalised before a name ("Senate Majority Leader Mitch
/// McConnell", "Attorney General Jeff Sessions"), stripped and kept as a label like `TITLES`.
/// Without them the office's words were taken for part of the name (the ABP corpus's entities
/// "Attorney" and "Senate Majority Leader Mitch McConnell"). Unlike a rank's, their first words
/// ("House", "Senate", "Attorney") are names on their own.
const OFFICES: &[&str] = &[
    "senate majority leader", "senate minority leader", "senate majority whip", "senate minority whip", "house speaker",
    "house majority leader", "house minority leader", "house majority whip", "house minority whip", "majority leader",
    "minority leader", "majority whip", "minority whip", "attorney general", "press secretary", "national security adviser",
    "national security advisor", "special counsel", "director", "treasury secretary", "commerce secretary",
    "education secretary", "energy secretary", "health secretary", "interior secretary", "labor secretary",
    "transportation secretary", "agriculture secretary", "first lady", "chairman",
    "chairwoman", "ceo", "rev", "reverend", "pastor",
];

/// Second words of titles ("Prime Minister").
const TITLE_WORDS: &[&str] = &["minister", "general", "colonel", "secretary", "admiral", "president", "marshal", "leader"];

/// Last words that make a capitalised run an organisation ("Velmora General Hospital").
const ORG_HEADS: &[&str] = &[
    "force", "forces", "brigade", "brigades", "ministry", "department", "council", "party", "army", "guard", "guards",
    "units", "office", "agency", "organisation", "organization", "corps", "command", "airport", "university", "hospital",
    "assembly", "parliament", "resistance", "front", "movement", "group", "committee", "bank", "authority", "services",
    "service", "media", "tv", "news", "times", "post", "herald", "daily", "tribune", "wire", "broadcaster", "company",
    "institute", "court", "commission", "coalition", "alliance", "union", "association", "embassy", "directorate",
    "navy", "police", "mission", "school", "center", "centre", "club", "foundation", "fund", "college", "board",
    "network", "corp", "inc", "llc", "pac", "caucus", "institution", "society", "federation", "league", "administration",
    "international", "research",
];

/// Last words that make a capitalised run a place ("Saltpan Lane"). Not "hall", "park" or "hill",
/// which are as often surnames (Arsenio Hall, Fiona Hill).
const PLACE_HEADS: &[&str] = &[
    "lane", "street", "road", "square", "city", "province", "district", "river", "sea", "gulf", "bay", "island", "valley",
    "county", "township", "avenue", "boulevard", "stadium", "hotel",
];

/// Last words that make a capitalised run a thing, neither person, organisation nor place: a law,
/// a programme, a poll ("Affordable Care Act", "Paycheck Protection Program"). Without them such
/// runs were people, 980 "… Act" names on the full ABP corpus, and their shared last word chained
/// them into one by the surname rule ("Stafford Act" with "Secure Fence Act").
const THING_HEADS: &[&str] = &[
    "act", "acts", "program", "programs", "programme", "plan", "index", "poll", "summit", "conference", "convention",
    "initiative", "system", "report", "project", "debate", "debates", "primary", "primaries",
];

/// Party words that news prose writes capitalised before a person's name ("Republican Mitt
/// Romney", "Democrat Hillary Clinton"): a label of the name, not part of it. Kept in the name,
/// they had made on the full ABP corpus about 1,200 names of 3,900 mentions ("Republican Donald Trump")
/// and split them from their person. Not "Independent", "Conservative" or "Liberal", which as
/// often begin a title ("Independent Journal Review").
const PARTY_WORDS: &[&str] = &["republican", "democrat", "democratic"];

/// Words that are capitalised but are not names on their own.
const NOT_NAMES: &[&str] = &[
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april",
    "may", "june", "july", "august", "september", "october", "november", "december", "i", "mr", "mrs", "ms",
];

/// Adjectives of faith and language: capitalised in English, not a name on their own.
const ADJECTIVES: &[&str] = &[
    "shia", "shiite", "shiites", "sunni", "sunnis", "zionist", "zionists", "arab", "arabs", "arabic", "muslim", "muslims",
    "islamic", "christian", "christians", "jewish", "kurdish", "kurds", "persian", "western", "eastern",
];

/// Numbers and quantifiers, which end a premodifier ("four Alliance soldiers").
const QUANTIFIERS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "dozens", "hundreds",
    "thousands", "several", "many", "some", "all", "no", "few", "both", "hundred", "thousand", "million", "billion",
    "percent",
];

/// Role nouns that may open an apposition without an article ("…, commander of Alliance forces,").
pub const ROLE_NOUNS: &[&str] = &[
    "commander", "leader", "head", "chief", "spokesman", "spokeswoman", "spokesperson", "minister", "general", "deputy",
    "founder", "president", "secretary", "director", "professor", "analyst", "envoy", "ambassador", "officer", "official",
    "colonel", "captain", "lieutenant", "member", "adviser", "advisor", "chairman", "governor", "mayor", "cleric",
];

const DETERMINERS: &[&str] = &["the", "a", "an", "his", "her", "its", "their"];
/// Nouns that a name before them modifies ("the Trump administration", "Obama aides"): the
/// words before such a name describe the noun ("senior Trump administration officials").
const HEAD_NOUNS: &[&str] = &[
    "administration", "administrations", "campaign", "campaigns", "official", "officials", "aide", "aides", "adviser",
    "advisers", "advisor", "advisors", "supporter", "supporters", "voter", "voters", "ally", "allies", "loyalist",
    "loyalists", "backer", "backers", "critic", "critics", "donor", "donors", "appointee", "appointees", "staff",
    "staffer", "staffers", "team", "camp", "era", "years", "presidency", "transition", "cabinet", "policy", "policies",
    "agenda", "doctrine", "base", "rally", "rallies", "tweet", "tweets", "spokesman", "spokeswoman", "spokesperson",
    "lawyer", "lawyers", "attorney", "attorneys", "associate", "associates", "organization", "foundation", "family",
];
/// Prepositions whose object a name after them is: such a name is not the subject of the verb
/// that follows it.
const OBJECT_PREPOSITIONS: &[&str] = &[
    "of", "in", "at", "on", "for", "from", "with", "by", "to", "about", "against", "into", "over", "under", "through",
    "between", "among", "toward", "towards", "around", "behind", "near", "inside", "outside", "within", "without", "like",
    "unlike", "than",
];
/// Words that open a relative clause on an apposition's noun ("Hamas, the group that runs Gaza,"):
/// what follows belongs to the description.
const RELATIVES: &[&str] = &["who", "whom", "whose", "which", "that", "where"];
/// Auxiliaries the verb list leaves out: after a name's comma they show a clause ("At the White
/// House, the president will make his case"), not an apposition.
const AUXILIARIES: &[&str] = &["will", "shall", "be", "been", "being", "do", "does", "did"];
/// The most words an apposition runs to before the comma, dash or full stop that closes it.
const APPOSITION_MAX_WORDS: usize = 24;
const COPULAS: &[&str] = &["was", "is", "were", "are"];
/// Prepositions, relative pronouns, conjunctions and negators, which end a descriptive phrase (one
/// "of" is allowed: "head of the elite unit") and a premodifier ("states like Iowa", "not
/// Trump").
const PREPOSITIONS: &[&str] = &[
    "in", "at", "on", "for", "from", "with", "behind", "during", "since", "after", "before", "to", "by", "near", "over",
    "under", "against", "into", "through", "who", "which", "that", "whose", "where", "called", "known", "and", "but", "as", "when",
    "while", "like", "unlike", "despite", "without", "than", "versus", "vs", "via", "amid", "including", "not", "never",
    "neither", "nor", "either",
];

/// Words before "like" that make no category of the name after it ("a bit like", "looks like").
const NOT_CATEGORIES: &[&str] = &[
    "bit", "lot", "look", "looks", "sound", "sounds", "feel", "feels", "seem", "seems", "act", "acts", "behave", "behaves",
    "exactly", "people", "folks", "guys", "others", "ones", "someone", "anyone", "something", "anything", "nothing",
];

/// Words that end a premodifier though neither verb nor preposition: nouns that open a clause
/// whose subject is the name ("the way Trump has run", "that time Trump spent"), and the
/// adjectives and adverbs of "make sure Trump", "far enough away from Trump".
const CLAUSE_OPENERS: &[&str] =
    &["way", "time", "times", "moment", "day", "reason", "fact", "sure", "clear", "enough", "away", "even", "ago"];

/// The first words of `TITLES`: a run of nothing but these ("Prime Minister", "General") names
/// nobody.
fn rank_words() -> &'static HashSet<&'static str> {
    static W: OnceLock<HashSet<&'static str>> = OnceLock::new();
    W.get_or_init(|| TITLES.iter().filter_map(|t| t.split(' ').next()).collect())
}

fn titles() -> &'static HashMap<&'static str, Vec<Vec<&'static str>>> {
    static T: OnceLock<HashMap<&'static str, Vec<Vec<&'static str>>>> = OnceLock::new();
    T.get_or_init(|| {
        let mut m: HashMap<&str, Vec<Vec<&str>>> = HashMap::default();
        for t in TITLES.iter().chain(OFFICES) {
            let words: Vec<&str> = t.split(' ').collect();
            m.entry(words[0]).or_default().push(words);
        }
        for v in m.values_mut() {
            v.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        }
        m
    })
}

/// What the annotator found: mentions and their labels.
#[derive(Debug, Default)]
pub struct Found {
    pub mentions: Vec<Mention>,
    pub labels: Vec<Label>,
}

/// A piece of a capitalised run.
#[derive(Debug, Clone, Copy)]
enum Piece {
    Gaz { first: usize, len: usize, entry: u32, demonym: bool },
    Title { first: usize, len: usize },
    Word(usize),
}

/// Per-article context for the scan.
struct Scan<'a> {
    text: &'a str,
    tokens: &'a [Token],
    gazetteer: &'a Gazetteer,
    /// Token index of the first word of each sentence.
    sentence_first: Vec<usize>,
    /// Normalised words the article writes in lowercase somewhere.
    lower: HashSet<&'a str>,
    /// Normalised words the article writes capitalised not at the start of a sentence.
    mid_caps: HashSet<&'a str>,
    /// Sentences written in title case (headlines), where capitals prove nothing.
    title_case: Vec<bool>,
    /// Tokens covered by a non-actors lexicon hit (verbs of violence and attribution): they end a
    /// premodifier ("killed militia commander X" → "militia commander").
    boundary: &'a [bool],
    /// Tokens that begin with a capital letter (`is_cap`), found once: the scan asks it of a token
    /// several times.
    caps: Vec<bool>,
}

/// The byte length of a possessive ending ("’s", "'s") of a token's surface, or 0.
fn possessive_len(surface: &str) -> usize {
    for p in ["\u{2019}s", "'s", "\u{2019}S", "'S"] {
        if surface.len() > p.len() && surface.ends_with(p) {
            return p.len();
        }
    }
    0
}

/// Finds the mentions of names in one article and the labels attached to them.
/// `boundary[i]` marks tokens that may not be part of a premodifier.
pub fn find_mentions(
    text: &str,
    tokens: &[Token],
    sentences: &[Span],
    gazetteer: &Gazetteer,
    boundary: &[bool],
) -> Found {
    let mut sentence_first = vec![usize::MAX; sentences.len()];
    // Sized for an article's distinct lowercase words, about a quarter of its tokens, so that the
    // set is not rebuilt as it grows.
    let mut lower = HashSet::with_capacity_and_hasher(tokens.len() / 4, Default::default());
    let mut mid_caps = HashSet::default();
    let mut caps_in_sentence = vec![(0u32, 0u32); sentences.len()];
    let mut caps = vec![false; tokens.len()];
    for (i, t) in tokens.iter().enumerate() {
        let s = t.sentence as usize;
        let surface = t.span.slice(text);
        let first_of_sentence = sentence_first[s] == usize::MAX;
        if first_of_sentence {
            sentence_first[s] = i;
        }
        let alphabetic = surface.chars().next().is_some_and(char::is_alphabetic);
        if !alphabetic {
            continue;
        }
        let content = !is_stopword(&t.norm);
        if starts_upper(surface) {
            caps[i] = true;
            if !first_of_sentence && !after_opening_quote(text, t) {
                mid_caps.insert(t.norm.as_str());
            }
            caps_in_sentence[s].0 += u32::from(content);
        } else {
            lower.insert(t.norm.as_str());
        }
        caps_in_sentence[s].1 += u32::from(content);
    }
    // Title case (a headline): no final full stop, at least four content words, at least three in
    // four capitalised.
    let title_case: Vec<bool> = caps_in_sentence
        .iter()
        .zip(sentences)
        .map(|(&(caps, all), s)| all >= 4 && caps * 4 >= all * 3 && !s.slice(text).ends_with('.'))
        .collect();
    if title_case.iter().any(|&t| t) {
        // Words capitalised only in a title-case headline are not evidence of a name.
        mid_caps = tokens
            .iter()
            .enumerate()
            .filter(|(i, t)| {
                let s = t.sentence as usize;
                !title_case[s] && sentence_first[s] != *i && starts_upper(t.span.slice(text)) && !after_opening_quote(text, t)
            })
            .map(|(_, t)| t.norm.as_str())
            .collect();
    }
    let scan = Scan { text, tokens, gazetteer, sentence_first, lower, mid_caps, title_case, boundary, caps };
    scan.run()
}

/// The number of characters of a form, counted no further than two: whether it is an initial.
fn chars_up_to_two(norm: &str) -> usize {
    norm.chars().take(2).count()
}

/// The kind a run's last word makes it, if it is an organisation's, a place's or a thing's head
/// word ("Foundation", "County", "Act"): a thing's is `Unknown`, never a person.
fn head_kind(last: &str) -> Option<EntityKind> {
    if ORG_HEADS.contains(&last) {
        Some(EntityKind::Organisation)
    } else if PLACE_HEADS.contains(&last) {
        Some(EntityKind::Place)
    } else {
        THING_HEADS.contains(&last).then_some(EntityKind::Unknown)
    }
}

/// Articles and determiners before the head noun of a relative clause ("the things Trump said").
const RELATIVE_ARTICLES: &[&str] = &["the", "a", "an", "this", "that", "every", "any", "each", "one"];

/// Nouns that head a relative clause whose subject is a name after them, without a "that": "the
/// things Trump has done", "a state Obama won", "the message Clinton sent". A closed list, not any
/// noun: an adjective ("the late John McCain said") or a person's noun ("the billionaire Trump
/// said") before a name describes it, and without a tagger the two cannot be told from nouns.
const RELATIVE_HEADS: &[&str] = &[
    "thing", "things", "way", "ways", "view", "views", "state", "states", "job", "jobs", "damage", "message", "messages",
    "year", "years", "week", "weeks", "night", "day", "days", "time", "times", "point", "points", "reason", "reasons",
    "move", "moves", "speech", "speeches", "issue", "issues", "role", "position", "chance", "deal", "deals", "question",
    "questions", "problem", "problems", "case", "money", "information", "term", "terms", "people", "ones", "policy",
    "policies", "decision", "decisions", "promise", "promises", "claim", "claims", "idea", "ideas", "kind", "country",
    "countries", "world", "race", "election", "votes", "spotlight", "mess", "agenda", "legacy", "words", "lies",
];

/// Whether a token directly follows an opening quotation mark (a quote starts like a sentence).
fn after_opening_quote(text: &str, t: &Token) -> bool {
    text[..t.span.start].trim_end_matches(' ').ends_with(['"', '\u{201C}', '\u{2018}', '(', ':'])
}

impl<'a> Scan<'a> {
    fn surface(&self, i: usize) -> &'a str {
        self.tokens[i].span.slice(self.text)
    }
    fn gap(&self, i: usize) -> &'a str {
        // The text between token i and token i + 1.
        &self.text[self.tokens[i].span.end..self.tokens[i + 1].span.start]
    }
    fn same_sentence(&self, i: usize, j: usize) -> bool {
        self.tokens[i].sentence == self.tokens[j].sentence
    }
    /// Whether token i begins with a letter that is a capital.
    fn is_cap(&self, i: usize) -> bool {
        self.caps[i]
    }
    /// Whether token i can continue a run begun before it.
    fn continues(&self, i: usize) -> bool {
        if i == 0 || !self.same_sentence(i - 1, i) || possessive_len(self.surface(i - 1)) > 0 {
            return false;
        }
        let gap = self.gap(i - 1);
        if joined(gap) {
            return true;
        }
        // "Brig. Gen. William H. Seeley": a dot after a title abbreviation or an initial.
        if gap == ". " {
            let prev = &self.tokens[i - 1];
            let initial = chars_up_to_two(&prev.norm) == 1 && starts_upper(self.surface(i - 1));
            if initial || titles().contains_key(prev.norm.as_str()) {
                return true;
            }
        }
        // Or after two initials written as one ("George H.W. Bush", "H.R. McMaster"), but not a
        // place's or body's: neither one the gazetteer lists ("U.S.", "N.J.", "D.C.") nor one
        // after an article ("the U.N. Velmora Agency"; but "Trump and H.R. McMaster").
        dotted_initials(self.surface(i - 1)) == Some(2)
            && joined_after(self.surface(i - 1), gap)
            && !(i > 1 && self.same_sentence(i - 2, i - 1) && DETERMINERS.contains(&self.tokens[i - 2].norm.as_str()))
            && self.gazetteer.longest_at(self.text, self.tokens, i - 1).is_none()
    }
    fn title_at(&self, i: usize) -> Option<usize> {
        if !self.is_cap(i) {
            return None;
        }
        let cands = titles().get(self.tokens[i].norm.as_str())?;
        'c: for words in cands {
            if i + words.len() > self.tokens.len() {
                continue;
            }
            for (k, w) in words.iter().enumerate() {
                if self.tokens[i + k].norm != *w || (k > 0 && !self.continues(i + k)) {
                    continue 'c;
                }
            }
            // A title must be followed by a name in the same run.
            let next = i + words.len();
            if next < self.tokens.len() && self.continues(next) && self.is_cap(next) {
                return Some(words.len());
            }
        }
        None
    }
    fn is_word(&self, i: usize) -> bool {
        let t = &self.tokens[i];
        if self.is_cap(i) {
            let chars = chars_up_to_two(&t.norm);
            return chars > 1 && !is_stopword(&t.norm) && !NOT_NAMES.contains(&t.norm.as_str())
                || (chars == 1 && i + 1 < self.tokens.len() && self.gap(i) == ". ");
        }
        // A lowercase particle inside a name: "al-Muhandis", "van der Berg"; the short Arabic
        // articles only with their hyphen ("as-Sadr", not "as Sadr"). The capital after it is
        // asked first: most lowercase words have none, and the lists are searched in turn.
        i + 1 < self.tokens.len()
            && self.is_cap(i + 1)
            && PARTICLES.contains(&t.norm.as_str())
            && (!HYPHEN_PARTICLES.contains(&t.norm.as_str()) || self.gap(i) == "-")
            && self.continues(i + 1)
    }
    /// Whether token i starts its sentence (or a quotation).
    fn initial(&self, i: usize) -> bool {
        let t = &self.tokens[i];
        self.sentence_first[t.sentence as usize] == i || after_opening_quote(self.text, t)
    }

    fn run(&self) -> Found {
        let mut found = Found::default();
        // Token ranges of the mentions, for the in-article resolution.
        let mut ranges: Vec<(usize, usize)> = Vec::new();
        let n = self.tokens.len();
        let mut i = 0;
        // One run's pieces, the buffer kept from run to run.
        let mut pieces: Vec<Piece> = Vec::new();
        while i < n {
            pieces.clear();
            let mut j = i;
            while j < n && (pieces.is_empty() || self.continues(j)) {
                if let Some(m) = self.gazetteer.longest_at(self.text, self.tokens, j) {
                    pieces.push(Piece::Gaz { first: j, len: m.len, entry: m.entry, demonym: m.demonym });
                    j += m.len;
                } else if let Some(len) = self.title_at(j) {
                    pieces.push(Piece::Title { first: j, len });
                    j += len;
                } else if self.is_word(j) {
                    pieces.push(Piece::Word(j));
                    j += 1;
                } else {
                    break;
                }
                if possessive_len(self.surface(j - 1)) > 0 {
                    break;
                }
            }
            if pieces.is_empty() {
                i += 1;
                continue;
            }
            self.emit(&pieces, &mut found, &mut ranges);
            i = j;
        }
        self.resolve_in_article(&mut found, &ranges);
        found
    }

    /// Turns a run's pieces into mentions and title / premodifier labels.
    fn emit(&self, pieces: &[Piece], found: &mut Found, ranges: &mut Vec<(usize, usize)>) {
        let first_token = match pieces[0] {
            Piece::Gaz { first, .. } | Piece::Title { first, .. } => first,
            Piece::Word(w) => w,
        };
        // A run ending in an organisation head word is one organisation ("Velmora General
        // Hospital"), unless the gazetteer knows the whole run.
        if let (Some(Piece::Word(last)), true) = (pieces.last(), pieces.len() > 1)
            && ORG_HEADS.contains(&self.tokens[*last].norm.as_str()) {
                let mut start = pieces
                    .iter()
                    .position(|p| !matches!(p, Piece::Gaz { demonym: true, .. } | Piece::Title { .. }))
                    .unwrap_or(0);
                if let Piece::Word(w) = pieces[start] {
                    // "Staff at …": a sentence-initial common word is not part of the name.
                    if self.initial(w) && self.lower.contains(self.tokens[w].norm.as_str()) && w < *last {
                        start += 1;
                    }
                }
                let from = match pieces[start] {
                    Piece::Gaz { first, .. } | Piece::Title { first, .. } => first,
                    Piece::Word(w) => w,
                };
                if from <= *last {
                    self.push(found, ranges, (from, *last + 1), EntityKind::Organisation, None, None, first_token);
                    return;
                }
            }
        let mut group: Vec<usize> = Vec::new();
        let mut title: Option<(usize, usize)> = None;
        for piece in pieces {
            match *piece {
                Piece::Word(w) => group.push(w),
                Piece::Gaz { first, len, entry, demonym } => {
                    self.flush(&mut group, title.take(), found, ranges, first_token);
                    if !demonym {
                        let kind = self.gazetteer.entries[entry as usize].kind;
                        self.push(found, ranges, (first, first + len), kind, Some(entry), None, first_token);
                    }
                }
                Piece::Title { first, len } => {
                    self.flush(&mut group, None, found, ranges, first_token);
                    // Consecutive titles form one label: "Deputy" + "Defence Minister".
                    title = Some(match title {
                        Some((a, _)) => (a, first + len),
                        None => (first, first + len),
                    });
                }
            }
        }
        self.flush(&mut group, title, found, ranges, first_token);
    }

    /// Emits a group of name words as one mention, after the sentence-initial checks.
    fn flush(
        &self,
        group: &mut Vec<usize>,
        title: Option<(usize, usize)>,
        found: &mut Found,
        ranges: &mut Vec<(usize, usize)>,
        run_start: usize,
    ) {
        if group.is_empty() {
            return;
        }
        let mut words: &[usize] = group;
        let title_case = self.title_case[self.tokens[words[0]].sentence as usize];
        if title.is_none() {
            if title_case {
                // In a title-case headline only words known as names elsewhere count.
                while let Some(&w) = words.first() {
                    if self.mid_caps.contains(self.tokens[w].norm.as_str()) {
                        break;
                    }
                    words = &words[1..];
                }
            } else if self.initial(words[0]) {
                let norm = self.tokens[words[0]].norm.as_str();
                let drop = if words.len() == 1 {
                    // Known mid-sentence, possibly glued to a following "the" ("Ryderthe").
                    let known = self.mid_caps.contains(norm) || self.mid_caps.contains(format!("{norm}the").as_str());
                    !known || self.lower.contains(norm)
                } else {
                    self.lower.contains(norm)
                };
                if drop {
                    words = &words[1..];
                }
            }
        }
        // Particles cannot start or end a name.
        while words.first().is_some_and(|&w| !self.is_cap(w)) {
            words = &words[1..];
        }
        // A party word before a person's name of two words or more is a label (a premodifier, as
        // a word the run began with and the name does not hold is: see `push`).
        if let [first, rest @ ..] = words
            && rest.len() >= 2
            && PARTY_WORDS.contains(&self.tokens[*first].norm.as_str())
            && rest.iter().all(|&w| self.is_cap(w))
            && head_kind(self.tokens[rest[rest.len() - 1]].norm.as_str()).is_none()
        {
            words = rest;
        }
        // "Prime Minister", "General" without a name after them are not names, nor is "Shiite".
        if words.is_empty()
            || (words.len() == 1 && ADJECTIVES.contains(&self.tokens[words[0]].norm.as_str()))
            || words.iter().all(|&w| rank_words().contains(self.tokens[w].norm.as_str()) || TITLE_WORDS.contains(&self.tokens[w].norm.as_str())) {
            group.clear();
            return;
        }
        let (a, b) = (words[0], words[words.len() - 1] + 1);
        let kind = if title.is_some() {
            EntityKind::Person
        } else if let Some(kind) = head_kind(self.tokens[b - 1].norm.as_str()) {
            kind
        } else if words.len() > 1 {
            EntityKind::Person
        } else {
            EntityKind::Unknown
        };
        self.push(found, ranges, (a, b), kind, None, title, run_start);
        group.clear();
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &self,
        found: &mut Found,
        ranges: &mut Vec<(usize, usize)>,
        (a, b): (usize, usize),
        kind: EntityKind,
        gazetteer: Option<u32>,
        title: Option<(usize, usize)>,
        run_start: usize,
    ) {
        let start = self.tokens[a].span.start;
        let last = &self.tokens[b - 1];
        let mut end = last.span.end - possessive_len(last.span.slice(self.text));
        // A scraped page may glue the next word on: "Patrick Ryderthe major general". Cut "the"
        // off a capitalised word whose stem the article writes on its own elsewhere.
        let mut glued = false;
        if gazetteer.is_none() && last.norm.len() > 5 && last.norm.ends_with("the") {
            let stem = &last.norm[..last.norm.len() - 3];
            if self.mid_caps.contains(stem) || self.tokens.iter().any(|t| t.norm == stem) {
                end -= 3;
                glued = true;
            }
        }
        let index = found.mentions.len() as u32;
        found.mentions.push(Mention {
            span: Span::new(start, end),
            sentence: self.tokens[a].sentence,
            kind,
            gazetteer,
            full: index,
        });
        ranges.push((a, b));
        if let Some((ta, tb)) = title {
            let span = Span::new(self.tokens[ta].span.start, self.tokens[tb - 1].span.end);
            found.labels.push(Label { mention: index, span, kind: LabelKind::Title });
        }
        if matches!(kind, EntityKind::Place | EntityKind::Media) {
            return;
        }
        // Premodifier: the words of the noun phrase before a person's name (or titles). Before
        // an organisation's name they are mostly numbers and verbs ("four Alliance soldiers").
        let head = title.map_or(a, |(ta, _)| ta);
        let from = run_start.min(head);
        let mut pre_start = self.premodifier_start(from);
        // The run's own words before the name that did not make it into the name ("Said Trump:",
        // "Like Trump, he …", "Not Trump": capitalised at the start of a sentence) end the
        // premodifier as the scan's words do; the scan has checked the words before them.
        if let Some(stop) = (from..head).rev().find(|&p| self.ends_phrase(p)) {
            pre_start = stop + 1;
        }
        let personal = matches!(kind, EntityKind::Person | EntityKind::Unknown);
        let headline = self.title_case[self.tokens[a].sentence as usize];
        // "al Qaeda", "de Blasio": lowercase particles the run began with are the name's, not a
        // label, though the name itself starts after them.
        let mut pre_end = head;
        while pre_end > pre_start && PARTICLES.contains(&self.tokens[pre_end - 1].norm.as_str()) && !self.is_cap(pre_end - 1) {
            pre_end -= 1;
        }
        let (pre_start, pre_end) = match self.category_before_like(pre_start) {
            Some(category) if pre_start >= pre_end => category,
            _ => (pre_start, pre_end),
        };
        let relative = title.is_none() && self.heads_relative_clause(pre_start, pre_end, b);
        if pre_start < pre_end && personal && !headline && !self.modifies_noun_after(b - 1) && !relative {
            let span = Span::new(self.tokens[pre_start].span.start, self.tokens[pre_end - 1].span.end);
            let trimmed = trim_label(self.text, span);
            if trimmed.end > trimmed.start {
                found.labels.push(Label { mention: index, span: trimmed, kind: LabelKind::Premodifier });
            }
        }
        // Apposition or copular description after the name.
        if let Some((span, kind)) = self.description_after(head, b - 1, glued) {
            found.labels.push(Label { mention: index, span, kind });
        }
    }

    /// "autocrats like Putin", "insurgent candidates like Sanders": the noun phrase (as the
    /// tokens `start..end`) before a "like" that stands right before token `name`, a category the
    /// writer puts the name in. Not "a bit like", "looks like".
    fn category_before_like(&self, name: usize) -> Option<(usize, usize)> {
        let like = name.checked_sub(1)?;
        if self.tokens[like].norm != "like" || !self.same_sentence(like, name) || !joined(self.gap(like)) {
            return None;
        }
        let start = self.premodifier_start(like);
        let last = &self.tokens[like.checked_sub(1)?].norm;
        (start < like && !NOT_CATEGORIES.contains(&last.as_str())).then_some((start, like))
    }

    /// Scans left from token `start` over the words of the same noun phrase.
    fn premodifier_start(&self, start: usize) -> usize {
        let mut k = start;
        let mut taken = 0;
        while k > 0 && taken < 6 {
            let p = k - 1;
            if !self.same_sentence(p, k) || !joined(self.gap(p)) {
                break;
            }
            let t = &self.tokens[p];
            let surface = self.surface(p);
            let hyphenated = self.hyphenated(p);
            if possessive_len(surface) > 0
                || is_stopword(&t.norm)
                || NOT_NAMES.contains(&t.norm.as_str())
                || QUANTIFIERS.contains(&t.norm.as_str())
                || self.ends_phrase(p)
                || surface.chars().nth(1).is_none()
                || (k == start && self.gap(p) == "-")
                || self.boundary.get(p).copied().unwrap_or(false)
                || !surface.chars().next().is_some_and(char::is_alphabetic)
                || ((t.norm.ends_with("ed") || t.norm.ends_with("ing")) && !hyphenated && !self.is_cap(p))
            {
                break;
            }
            k = p;
            taken += 1;
        }
        // Never start on the second half of a hyphenated word.
        while k < start && k > 0 && self.gap(k - 1) == "-" {
            k += 1;
        }
        k
    }

    /// Whether token `p` ends a name's noun phrase though it is neither stopword nor number: a
    /// preposition or negator, a verb, a clause opener ("the way Trump …") or a negated auxiliary
    /// ("don’t", which the stopword list leaves out).
    fn ends_phrase(&self, p: usize) -> bool {
        let norm = self.tokens[p].norm.as_str();
        !self.hyphenated(p)
            && (PREPOSITIONS.contains(&norm) || self.is_verb(p) || CLAUSE_OPENERS.contains(&norm) || norm.ends_with("n't"))
    }

    /// Whether token `p` is written as a name's word is, capital first and lowercase after
    /// ("Fight" in "Fair Fight Action"): no verb, whatever the verb list says. A word in capitals
    /// throughout is a headline's ("A TURNING POINT CAME").
    fn is_name_word(&self, p: usize) -> bool {
        self.is_cap(p) && self.surface(p).chars().skip(1).any(char::is_lowercase)
    }

    /// Whether token `p` is the second half of a hyphenated word, or all of one the tokenizer
    /// kept whole ("so-called", "little-known", "long-serving"): an adjective, not a verb or
    /// preposition of its own.
    fn hyphenated(&self, p: usize) -> bool {
        (p > 0 && self.gap(p - 1) == "-") || self.tokens[p].norm.contains('-')
    }

    /// Whether token `i` is a verb: a form on the verb list (`data/lexicons/verbs-en.txt`), or a
    /// noun-or-verb form after a word that asks for a verb ("to back", "would fire"; but "talk
    /// show host", "fire chief"). A verb ends a name's noun phrase: "Americans now see Trump" gives
    /// Trump no label "see".
    fn is_verb(&self, i: usize) -> bool {
        match verb_form(&self.tokens[i].norm) {
            Some(VerbForm::Verb) => true,
            Some(VerbForm::NounOrVerb) => i > 0 && self.same_sentence(i - 1, i) && asks_for_verb(&self.tokens[i - 1].norm),
            None => false,
        }
    }

    /// An apposition (", the X,") or copular description ("was the X") after the name of tokens
    /// `first..=last` (its title included).
    fn description_after(&self, first: usize, last: usize, glued: bool) -> Option<(Span, LabelKind)> {
        let n = self.tokens.len();
        let next = last + 1;
        if glued {
            // "Ryderthe major general …": the description starts inside the glued word.
            return self.phrase(next, LabelKind::Apposition);
        }
        if next >= n || !self.same_sentence(last, next) || possessive_len(self.surface(last)) > 0 {
            return None;
        }
        let gap = self.gap(last).trim_end();
        let t = &self.tokens[next];
        if gap == "," {
            let from = if DETERMINERS.contains(&t.norm.as_str()) {
                next + 1
            } else if ROLE_NOUNS.contains(&t.norm.as_str()) && !self.is_cap(next) {
                next
            } else {
                return None;
            };
            let definite = t.norm == "the";
            return self.is_apposition(from, definite).then(|| self.phrase(from, LabelKind::Apposition)).flatten();
        }
        if gap.is_empty() && COPULAS.contains(&t.norm.as_str()) && next + 1 < n && self.is_subject(first) {
            let mut d = next + 1;
            if self.tokens[d].norm == "also" && d + 1 < n {
                d += 1;
            }
            if DETERMINERS[..3].contains(&self.tokens[d].norm.as_str()) && self.same_sentence(next, d) {
                return self.phrase(d + 1, LabelKind::Copular);
            }
        }
        None
    }

    /// Whether the name ending at token `last` modifies the noun after it ("senior Trump
    /// administration officials", "top Obama aides"): then the words before the name describe
    /// that noun, not the name, and are no premodifier of it.
    fn modifies_noun_after(&self, last: usize) -> bool {
        let next = last + 1;
        next < self.tokens.len()
            && self.same_sentence(last, next)
            && self.gap(last) == " "
            && possessive_len(self.surface(last)) == 0
            && !self.is_cap(next)
            && HEAD_NOUNS.contains(&self.tokens[next].norm.as_str())
    }

    /// Whether the one word `pre_start..pre_end` before a name (ending before token `after`) is
    /// the head of a relative clause whose subject the name is, not a word describing it: after
    /// an article, one of `RELATIVE_HEADS`, and a verb after the name ("the things Trump has
    /// done", "a state Obama won", "a view Trump shares"). Such words were the full ABP corpus's
    /// labels "things", "state", "view", "job" and "damage" of Donald Trump.
    fn heads_relative_clause(&self, pre_start: usize, pre_end: usize, after: usize) -> bool {
        if pre_end != pre_start + 1 || pre_start == 0 || after >= self.tokens.len() {
            return false;
        }
        let (article, noun, verb) = (pre_start - 1, pre_start, after);
        let norm = self.tokens[noun].norm.as_str();
        let clause_verb = || {
            let v = self.tokens[verb].norm.as_str();
            let inflected = v.len() > 3 && (v.ends_with("ed") || (v.ends_with('s') && !v.ends_with("ss")));
            !self.is_cap(verb) && (self.is_verb(verb) || inflected || COPULAS.contains(&v) || AUXILIARIES.contains(&v) || matches!(v, "has" | "had" | "have"))
        };
        RELATIVE_ARTICLES.contains(&self.tokens[article].norm.as_str())
            && self.same_sentence(article, verb)
            && joined(self.gap(article))
            && RELATIVE_HEADS.contains(&norm)
            && self.gap(verb - 1) == " "
            && possessive_len(self.surface(verb - 1)) == 0
            && clause_verb()
    }

    /// Whether the name starting at token `first` can be the subject of the verb after it: not
    /// the object of a preposition ("the leaks coming out of the White House are a massive
    /// exaggeration" describe the leaks, not the White House).
    fn is_subject(&self, first: usize) -> bool {
        let mut p = first;
        while p > 0 && self.same_sentence(p - 1, p) && self.tokens[p - 1].norm == "the" {
            p -= 1;
        }
        p == 0 || !self.same_sentence(p - 1, p) || !OBJECT_PREPOSITIONS.contains(&self.tokens[p - 1].norm.as_str())
    }

    /// Whether the words from `from`, after a name's comma and article, are an apposition: a
    /// noun phrase closed by punctuation (a comma, dash, bracket, colon or the sentence's end) or
    /// going on in a relative clause ("who", "where", "led by"), before any verb; and, after
    /// "the" (`definite`), not a name itself. "At the White House, spokesman Jay Carney told
    /// reporters", "pressure on Congress, the White House on Friday detailed what it said" and
    /// "the White House, the State Department and the FBI received" are clauses and lists,
    /// whose words describe nothing. "a Democrat from Illinois" is a description.
    fn is_apposition(&self, from: usize, definite: bool) -> bool {
        let n = self.tokens.len();
        let mut named = definite;
        let mut in_object = false;
        for p in from..n.min(from + APPOSITION_MAX_WORDS) {
            if !self.same_sentence(from, p) {
                break;
            }
            let norm = self.tokens[p].norm.as_str();
            if p > from && RELATIVES.contains(&norm) {
                return !named;
            }
            in_object |= OBJECT_PREPOSITIONS.contains(&norm);
            // A verb is a lowercase word, whole ("little-known" is an adjective), and not an
            // infinitive on the noun ("the first leader to meet him"). A form in -s after a
            // preposition is a plural noun ("the commander behind a string of deadly attacks"),
            // but not after another one: "the panel of judges meets" is a clause.
            let after_plural = p > from && self.tokens[p - 1].norm.ends_with('s');
            let listed = self.is_verb(p) && !(in_object && norm.ends_with('s') && !after_plural);
            let verb = listed || COPULAS.contains(&norm) || AUXILIARIES.contains(&norm) || norm.ends_with("n't");
            let infinitive = p > from && self.tokens[p - 1].norm == "to";
            if verb && !(self.is_name_word(p) || self.hyphenated(p) || infinitive) {
                // A participle before "by" is a reduced relative clause: "the coalition led by".
                return p > from && p + 1 < n && self.tokens[p + 1].norm == "by" && !named;
            }
            named &= self.is_cap(p) || is_stopword(norm);
            let closed = p + 1 == n || !self.same_sentence(p, p + 1) || {
                let gap = self.gap(p);
                gap.contains([',', ';', ':', '(', ')', '\u{2014}', '\u{2013}']) || gap.contains("--") || gap.contains(" - ")
            };
            if closed {
                return !named;
            }
        }
        false
    }

    /// Whether token `p` is an -ed form before a preposition ("a school based in Pasadena", "a
    /// liberal despised by the right", "the president sided with"): a participle or a verb after
    /// the phrase's noun, not an adjective before it ("a retired general").
    fn is_participle(&self, p: usize) -> bool {
        let norm = self.tokens[p].norm.as_str();
        norm.len() > 4
            && norm.ends_with("ed")
            && !self.is_cap(p)
            && !self.hyphenated(p)
            && self.tokens.get(p + 1).is_some_and(|t| OBJECT_PREPOSITIONS.contains(&t.norm.as_str()))
            && self.same_sentence(p, p + 1)
    }

    /// A descriptive phrase from token `from`: up to eight words, one "of" allowed, ending at
    /// punctuation, another preposition, a relative pronoun or a participle before a preposition
    /// (`is_participle`); trailing function words dropped.
    fn phrase(&self, from: usize, kind: LabelKind) -> Option<(Span, LabelKind)> {
        let n = self.tokens.len();
        if from >= n || from == 0 || !self.same_sentence(from - 1, from) {
            return None;
        }
        let mut end = from;
        let mut ofs = 0;
        while end < n && end - from < 8 && self.same_sentence(from, end) {
            let norm = self.tokens[end].norm.as_str();
            if norm == "of" {
                ofs += 1;
                if ofs > 1 {
                    break;
                }
            } else if self.is_participle(end)
                || (!self.hyphenated(end) && (PREPOSITIONS.contains(&norm) || COPULAS.contains(&norm) || (self.is_verb(end) && !self.is_name_word(end))))
            {
                break;
            }
            end += 1;
            if end < n && !self.phrase_goes_on(end - 1) {
                break;
            }
        }
        while end > from && (is_stopword(&self.tokens[end - 1].norm) || self.tokens[end - 1].norm == "of") {
            end -= 1;
        }
        if end == from {
            return None;
        }
        Some((Span::new(self.tokens[from].span.start, self.tokens[end - 1].span.end), kind))
    }

    /// Whether a descriptive phrase goes on past token `p` to the next word: joined to it by a
    /// space or hyphen, by an apostrophe ("the nation's"), or by an initialism's full stop ("the
    /// U.S. ambassador", "the former F.B.I. director"), which the sentence splitter does not take
    /// for a sentence's end either (`text::sentences`). Without the last, 1,024 labels on the full
    /// ABP corpus were a bare "U.S" or "former U.S".
    fn phrase_goes_on(&self, p: usize) -> bool {
        let gap = self.gap(p);
        joined_after(self.surface(p), gap) || gap == "'" || gap == "\u{2019}"
    }

    /// Links short forms to the fullest form of the same name in the article: "Soleimani" and
    /// "Gen. Soleimani" to "Qassem Soleimani", "Abdul-Mahdi" to "Adil Abdul-Mahdi". A short form
    /// matches a longer name when its words (particles and suffixes aside) are the longer name's
    /// last words; when several longer names qualify, the nearest one before it wins.
    fn resolve_in_article(&self, found: &mut Found, ranges: &[(usize, usize)]) {
        let key = |(a, b): (usize, usize)| -> Vec<Cow<str>> {
            self.tokens[a..b]
                .iter()
                .map(|t| t.norm.as_str())
                .filter(|w| !PARTICLES.contains(w) && !SUFFIXES.contains(w))
                .map(Cow::Borrowed)
                .collect()
        };
        // Glued words keep their norm ("ryderthe"); use the text of the span instead. Only such a
        // last word is a new string: the others borrow the tokens' norms (a string per word of
        // every mention had cost 7% of the entity sub-stage, `cargo bench --bench segment`).
        let keys: Vec<Vec<Cow<str>>> = ranges
            .iter()
            .zip(&found.mentions)
            .map(|(&r, m)| {
                let mut k = key(r);
                if let Some(last) = k.last_mut() {
                    let tail = m.span.slice(self.text).rsplit([' ', '-']).next().unwrap_or("");
                    let tail = crate::text::normalise(tail);
                    if last.starts_with(tail.as_str()) && !tail.is_empty() && *last != tail {
                        *last = Cow::Owned(tail);
                    }
                }
                k
            })
            .collect();
        // A longer name ending in a short form's words ends in its last word: only the mentions
        // sharing that word are compared, in mention order (an article of hundreds of mentions
        // would otherwise compare every pair).
        let mut by_last: HashMap<&str, Vec<usize>> = HashMap::default();
        for (f, key) in keys.iter().enumerate() {
            if let Some(last) = key.last() {
                by_last.entry(last.as_ref()).or_default().push(f);
            }
        }
        for m in 0..found.mentions.len() {
            if found.mentions[m].gazetteer.is_some() && found.mentions[m].kind != EntityKind::Person {
                continue;
            }
            let mine = &keys[m];
            let Some(last) = mine.last() else { continue };
            let mut best: Option<usize> = None;
            for &f in &by_last[last.as_ref()] {
                let theirs = &keys[f];
                if f == m || theirs.len() <= mine.len() || !theirs.ends_with(mine) {
                    continue;
                }
                if !matches!(found.mentions[f].kind, EntityKind::Person | EntityKind::Unknown) {
                    continue;
                }
                // The nearest before it; failing that, the nearest after it.
                let better = |b: usize| match (f < m, b < m) {
                    (true, false) => true,
                    (false, true) => false,
                    (true, true) => f > b,
                    (false, false) => f < b,
                };
                if best.is_none_or(better) {
                    best = Some(f);
                }
            }
            if let Some(f) = best {
                found.mentions[m].full = f as u32;
                if found.mentions[m].kind == EntityKind::Unknown {
                    found.mentions[m].kind = found.mentions[f].kind;
                }
            }
        }
        // Follow chains ("Gen. Soleimani" → "Soleimani" → "Qassem Soleimani") to the end.
        for m in 0..found.mentions.len() {
            let mut f = found.mentions[m].full as usize;
            let mut steps = 0;
            while found.mentions[f].full as usize != f && steps < 8 {
                f = found.mentions[f].full as usize;
                steps += 1;
            }
            found.mentions[m].full = f as u32;
        }
        // A titled short form makes its full name a person.
        for l in &found.labels {
            if l.kind == LabelKind::Title {
                let f = found.mentions[l.mention as usize].full as usize;
                if found.mentions[f].kind == EntityKind::Unknown {
                    found.mentions[f].kind = EntityKind::Person;
                }
            }
        }
    }
}

/// Trims spaces and hyphens off a label span.
fn trim_label(text: &str, span: Span) -> Span {
    let s = span.slice(text);
    let lead = s.len() - s.trim_start_matches([' ', '-']).len();
    let trail = s.len() - s.trim_end_matches([' ', '-']).len();
    Span::new(span.start + lead, (span.end - trail).max(span.start + lead))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::segment;

    fn mentions(text: &str) -> (Vec<String>, Vec<(String, String, &'static str)>) {
        let g = Gazetteer::built_in();
        let (sentences, tokens) = segment(text);
        let boundary = vec![false; tokens.len()];
        let f = find_mentions(text, &tokens, &sentences, &g, &boundary);
        let names = f
            .mentions
            .iter()
            .map(|m| {
                let full = f.mentions[m.full as usize].span.slice(text);
                let own = m.span.slice(text);
                if full == own { own.to_string() } else { format!("{own}→{full}") }
            })
            .collect();
        let labels = f
            .labels
            .iter()
            .map(|l| {
                let kind = match l.kind {
                    LabelKind::Title => "title",
                    LabelKind::Premodifier => "premodifier",
                    LabelKind::Apposition => "apposition",
                    LabelKind::Copular => "copular",
                    LabelKind::Lexicon(_) => "lexicon",
                };
                (f.mentions[l.mention as usize].span.slice(text).to_string(), l.span.slice(text).to_string(), kind)
            })
            .collect();
        (names, labels)
    }

    #[test]
    fn finds_names_and_strips_titles() {
        let cases: &[(&str, &[&str])] = &[
            ("Yesterday the envoy met Brig. Gen. Willem K. Dorsey III in Lunsk.", &["Willem K. Dorsey III", "Lunsk"]),
            ("The Sarn Brigades said it. Brigades fighters left.", &["Sarn Brigades", "Brigades"]),
            ("Officials met Prime Minister Hana al-Rudaini’s aide.", &["Hana al-Rudaini"]),
            ("Crowds gathered. Nobody spoke to Crowds.", &["Crowds", "Crowds"]),
            ("Crowds gathered near the crowds.", &[]),
            ("Later, Idris Tal spoke. Tal left. Then Tal returned.", &["Idris Tal", "Tal→Idris Tal", "Tal→Idris Tal"]),
            // A short form takes the nearest fuller name before it, failing that the nearest after.
            ("Rana Tal spoke. Idris Tal arrived. Tal said so.", &["Rana Tal", "Idris Tal", "Tal→Idris Tal"]),
            ("Tal spoke first. We met Idris Tal and then Rana Tal.", &["Tal→Idris Tal", "Idris Tal", "Rana Tal"]),
            ("the Secretary of Defense Ruth Amari spoke; Gen. Amari nodded.", &["Ruth Amari", "Amari→Ruth Amari"]),
            ("Staff at Velmora General Hospital counted.", &["Velmora General Hospital"]),
            ("Iraqi officials and Daesh fighters met on Monday in March.", &["Daesh"]),
            ("The envoy Omar Kasselthe deputy head of the mission left. Kassel said so.", &["Omar Kassel", "Kassel→Omar Kassel"]),
            // US offices are titles, and their first words are still names on their own.
            ("On Monday Senate Majority Leader Mitch Conall spoke.", &["Mitch Conall"]),
            ("Later Attorney General Jeff Session and Gov. Andy Cuomez met.", &["Jeff Session", "Andy Cuomez"]),
            ("Later the Senate and the House voted.", &["Senate", "House"]),
            // Two initials written as one go on in the name; a place's or body's do not.
            ("Former President George H.W. Bush met H.R. Kassel. Bush spoke.", &["George H.W. Bush", "H.R. Kassel", "Bush→George H.W. Bush"]),
            ("Rana Kassel praised U.S. Dunmere Agency.", &["Rana Kassel", "U.S", "Dunmere Agency"]),
            ("Staff of the X.Q. Dunmere Agency met.", &["X.Q", "Dunmere Agency"]),
            ("Rana Kassel praised X.Q. Dunmere Agency.", &["Rana Kassel", "X.Q. Dunmere Agency"]),
            ("Rana Kassel and H.R. Dunmere met.", &["Rana Kassel", "H.R. Dunmere"]),
        ];
        for (text, want) in cases {
            assert_eq!(mentions(text).0, *want, "in {text:?}");
        }
    }

    /// A run's kind follows its title or its last word; a surname that is also a noun ("Hall")
    /// leaves a person a person.
    #[test]
    fn kinds_follow_the_title_or_the_last_word() {
        let text = "Officials of Dunmere County, the Dunmere Family Foundation and Dunmere Hotel discussed the \
                    Dunmere Care Act with Sen. Ruth Amari, Adem Hall and Dunmere Data Inc.";
        let g = Gazetteer::built_in();
        let (sentences, tokens) = segment(text);
        let found = find_mentions(text, &tokens, &sentences, &g, &vec![false; tokens.len()]);
        let kinds: Vec<(&str, &str)> = found.mentions.iter().map(|m| (m.span.slice(text), m.kind.as_str())).collect();
        assert_eq!(
            kinds,
            [
                ("Dunmere County", "place"),
                ("Dunmere Family Foundation", "organisation"),
                ("Dunmere Hotel", "place"),
                ("Dunmere Care Act", "unknown"),
                ("Ruth Amari", "person"),
                ("Adem Hall", "person"),
                ("Dunmere Data Inc", "organisation"),
            ]
        );
    }

    #[test]
    fn attaches_labels_of_each_kind() {
        let (_, labels) = mentions(
            "Officials praised Korvan’s Sarn Brigades commander Lieutenant Adem Roshan on Monday. \
             Roshan, the deputy head of the northern unit in Velmora, left. Adem Roshan was the founder of the group of five. \
             He met House Minority Leader Omar Kassel.",
        );
        let want = [
            ("Adem Roshan", "Lieutenant", "title"),
            ("Adem Roshan", "Sarn Brigades commander", "premodifier"),
            ("Roshan", "deputy head of the northern unit", "apposition"),
            ("Adem Roshan", "founder of the group", "copular"),
            ("Omar Kassel", "House Minority Leader", "title"),
        ];
        for w in want {
            assert!(labels.iter().any(|l| (l.0.as_str(), l.1.as_str(), l.2) == w), "{w:?} not in {labels:?}");
        }
    }

    /// A name's labels stop at the verb, preposition or clause noun before (or inside) its
    /// phrase: each case from a kind of false label the ABP corpus gave before the verb list.
    #[test]
    fn labels_end_at_verbs_and_prepositions() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            // Verbs before the name: no premodifier at all.
            ("Polls show that Americans now see Adem Roshan as weak.", &[]),
            ("They voted to replace Adem Roshan quickly.", &[]),
            ("Voters in the north support Adem Roshan again.", &[]),
            // A verb inside the run: only the words after it.
            ("The council calls veteran lawmaker Adem Roshan a hero.", &[("Adem Roshan", "veteran lawmaker")]),
            // A noun-or-verb form is a verb after a modal, a noun inside a role.
            ("The board would fire Adem Roshan soon.", &[]),
            ("Officials met fire chief Adem Roshan on Monday.", &[("Adem Roshan", "fire chief")]),
            ("Guests included talk show host Adem Roshan and others.", &[("Adem Roshan", "talk show host")]),
            // Prepositions (a category before "like" is the label), negators, clause openers,
            // numbers.
            ("He backs insurgent candidates like Adem Roshan.", &[("Adem Roshan", "insurgent candidates")]),
            ("He praised autocrats like Adem Roshan.", &[("Adem Roshan", "autocrats")]),
            ("He looks a bit like Adem Roshan.", &[]),
            ("The party chose Omar Kassel, not Adem Roshan, to lead.", &[]),
            ("It was the way Adem Roshan spoke.", &[]),
            ("Voters don’t back Adem Roshan, not to mention veteran Omar Kassel.", &[("Omar Kassel", "veteran")]),
            // A verb missing from the list stays a label (a known limit), but the contraction
            // before it never joins it.
            ("Voters don’t respect Adem Roshan.", &[("Adem Roshan", "respect")]),
            ("Two million Adem Roshan voters came.", &[]),
            // Verbs of the list's 1.1.0, a noun-or-verb form after "also", and "neither … nor".
            ("Jurors voted to acquit Adem Roshan.", &[]),
            ("Prosecutors did not charge Adem Roshan.", &[]),
            ("The charge nurse Adem Roshan spoke.", &[("Adem Roshan", "charge nurse")]),
            ("Emails also show Adem Roshan lied.", &[]),
            ("But neither Adem Roshan nor Omar Kassel spoke.", &[]),
            // Capitalised at the start of a sentence, the word is in the name's run but not in
            // the name: it ends the premodifier all the same.
            ("Said Adem Roshan: “No.” Like Adem Roshan, he left. Not Adem Roshan, surely.", &[]),
            ("A poll shows Adem Roshan ahead.", &[]),
            // A particle before a one-word name belongs to it, and hyphenated words stay whole.
            ("The fighters of al Qaeda left.", &[]),
            ("The little-known lawmaker Adem Roshan spoke.", &[("Adem Roshan", "little-known lawmaker")]),
            ("The long-serving senator Adem Roshan spoke.", &[("Adem Roshan", "long-serving senator")]),
            // An apposition is closed by a comma, dash or the sentence's end, or goes on in a
            // relative clause, before any verb; else the words after the comma are a clause
            // ("At the White House, the president will make his case") or a list of names.
            ("Adem Roshan, the longtime adviser, said so.", &[("Adem Roshan", "longtime adviser")]),
            ("Adem Roshan, the longtime adviser who ran the campaign, left.", &[("Adem Roshan", "longtime adviser")]),
            ("They met Adem Roshan, a former minister.", &[("Adem Roshan", "former minister")]),
            ("They met the Red Hand, the militia led by Omar Kassel, on Monday.", &[("Red Hand", "militia")]),
            ("At Velmora Council, the panel will meet soon.", &[]),
            ("Pressure on Velmora Council, the panel on Friday detailed what it said.", &[]),
            ("At Velmora Council, spokesman Adem Roshan told reporters.", &[("Adem Roshan", "spokesman")]),
            ("They blamed Velmora Council, the Alliance Command, and others.", &[]),
            ("They blamed Velmora Council, the Alliance Command that ran the war.", &[]),
            // But an indefinite article's capitalised noun describes, a capitalised or
            // hyphenated word is no verb, and an infinitive or "where" goes on the description.
            ("Adem Roshan, a Democrat from Velmora, said so.", &[("Adem Roshan", "Democrat")]),
            ("Adem Roshan, the head of Fair Fight Action, said so.", &[("Adem Roshan", "head of Fair Fight Action")]),
            ("Adem Roshan, a little-known lawmaker, said so.", &[("Adem Roshan", "little-known lawmaker")]),
            ("Adem Roshan, the first envoy to meet them, said so.", &[("Adem Roshan", "first envoy")]),
            ("They visited Velmora Council, the body where the talks began.", &[("Velmora Council", "body")]),
            ("Adem Roshan, the commander behind a string of deadly attacks on Velmora, was killed.", &[("Adem Roshan", "commander")]),
            ("At Velmora Council, the panel of judges meets on Friday.", &[]),
            ("Adem Roshan, the chairman in Castrel -- the capital -- said so.", &[("Adem Roshan", "chairman")]),
            // An initialism's full stop is inside the phrase, a sentence's is not.
            ("Adem Roshan, the U.S. envoy to Velmora, said so.", &[("Adem Roshan", "U.S. envoy")]),
            ("Adem Roshan, the former U.S. envoy, said so.", &[("Adem Roshan", "former U.S. envoy")]),
            ("Adem Roshan is the head of the F.B.I. The agency left.", &[("Adem Roshan", "head of the F.B.I")]),
            ("IN VELMORA COUNCIL, A TURNING POINT CAME.", &[]),
            // A party word before a person's name is a label; before an organisation's, its name's.
            ("The former Republican Adem Roshan spoke.", &[("Adem Roshan", "former Republican")]),
            ("Democrat Adem Roshan spoke.", &[("Adem Roshan", "Democrat")]),
            ("The Democratic National Convention met.", &[]),
            ("The Republican Dunmere Committee met.", &[]),
            ("Democratic Roshan spoke.", &[]),
            // A noun after an article heads a relative clause whose subject the name is; a
            // person's noun stays a label.
            ("It was the thing Adem Roshan had done.", &[]),
            ("Castrel is a state Adem Roshan won twice.", &[]),
            ("That is a view Adem Roshan shares.", &[]),
            ("It was the candidate Adem Roshan who spoke.", &[("Adem Roshan", "candidate")]),
            ("Then the reporter Adem Roshan wrote it.", &[("Adem Roshan", "reporter")]),
            ("Then the late Adem Roshan said so.", &[("Adem Roshan", "late")]),
            ("The state Adem Roshan governs is small.", &[]),
            ("Castrel state Adem Roshan won.", &[("Adem Roshan", "Castrel state")]),
            // Words before a name that modifies a noun describe the noun.
            ("A senior Adem Roshan administration official spoke.", &[]),
            // A participle ends a description; an -ed adjective before its noun does not.
            ("They met Adem Roshan, a lawyer based in Castrel, on Monday.", &[("Adem Roshan", "lawyer")]),
            ("They met Adem Roshan, a retired general, on Monday.", &[("Adem Roshan", "retired general")]),
            ("Top Adem Roshan aides met.", &[]),
            ("The veteran lawmaker Adem Roshan met aides.", &[("Adem Roshan", "veteran lawmaker")]),
            // A copular description is the subject's: not of a name that is a preposition's
            // object.
            ("Velmora Council is a regional body.", &[("Velmora Council", "regional body")]),
            ("The leaks out of Velmora Council are a massive exaggeration.", &[]),
        ];
        for (text, want) in cases {
            let (_, labels) = mentions(text);
            let got: Vec<(&str, &str)> =
                labels.iter().filter(|l| l.2 != "title").map(|l| (l.0.as_str(), l.1.as_str())).collect();
            assert_eq!(got, *want, "in {text:?}");
        }
    }
}
