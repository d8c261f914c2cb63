//! Clean stage: ingested articles in, the same articles with page furniture removed out, plus a
//! per-outlet account of what was removed. Texts come in memory (`remove_boilerplate`) or spilled
//! (`remove_boilerplate_spilled`: read back one at a time, cleaned into a new spill).
//! Furniture is found from the corpus itself: a line that an outlet repeats across many of its
//! articles ("Advertisement", "hide caption", newsletter and copyright lines) is not part of any
//! one story, and left in it would dominate the outlet's distinctive terms (as it does in
//! scikit-learn and scattertext runs on the ABP corpus).
//!
//! Eleven rules, each a pattern an outlet repeats and no story needs (counted among the outlet's
//! articles, at least `min_share` and `min_articles` of them, except where a rule says otherwise):
//! - a **line** (digits folded) found in many of the outlet's articles ("Advertisement"), or such
//!   a line said twice over on one line ("Advertisement Advertisement");
//! - a short line opening with a **prefix** of four words found in many of its articles
//!   ("Enlarge this image toggle caption <photo credit>");
//! - an **opening** of two words found in many articles on lines that end as no prose does, in a
//!   letter or a digit ("Image copyright AP Image caption …", video boxes); when most lines with
//!   that opening end so, its short lines that end in punctuation go too;
//! - a **suffix**: the last eight words of a paragraph found in many articles ("… and the
//!   Associated Press contributed to this report.", newsletter sign-up boxes, disclaimers);
//! - **capitals**: short lines set wholly in capital letters, when many of the outlet's articles
//!   have them: links to other stories and promotions ("TRUMP REPLACES CAMPAIGN MANAGER", "CLICK
//!   HERE FOR THE FOX NEWS APP"), which a story's own sentences are not set in (a line opening
//!   with a double quotation mark, a quoted slogan, is kept);
//! - a **gallery**: an opening of two words that starts five or more lines of one article, most
//!   of them ending as no prose does, in at least `min_articles` of the outlet's articles whatever
//!   their share (slideshows: "Hide caption <caption> Previous Next <credit>"); the lines that go
//!   are those that end so;
//! - a **numbered run** inside one article: phrases repeated five or more times that differ only
//!   in their numbers, with the repeated words around them (photo galleries: "Hide Caption 3 of 22
//!   Photos: …");
//! - a **link card** inside one article: the preview of a linked name that scraping leaves inline
//!   ("Donald Trump Donald John TrumpGOP senators balk at … MORE"), whatever the outlet's other
//!   articles hold;
//! - a **photo credit**, wherever it stands: "(AP Photo/Evan Vucci)", "Alex Wong/Getty Images",
//!   which names a different photographer in each article, so that no line repeats it;
//! - a **repeat**: a short line that ends as no prose does and comes twice or more in one article,
//!   whatever the outlet's other articles hold ("Story continues below advertisement" between
//!   paragraphs, a photographer's credit under each photo);
//! - a **link**: a line of at most `LINK_LINE_MAX_WORDS` words ending in a web address, in any
//!   article: a call to action ("Sign up now … http://…"), a follow-us or share line ("Read or
//!   Share this story: http://usat.ly/…") or a bare reference. A quoted tweet, which ends in its
//!   t.co or status link, is a voice the study counts and stays.
//!
//! Some furniture found at one outlet is removed at every outlet, since an outlet with a handful of
//! articles cannot show its own by repetition: a whole line that one outlet repeats in at least
//! `SHARED_MIN_ARTICLES` of its articles or that two outlets repeat ("Advertisement", a
//! syndicate's copyright line), and an opening found at two or more outlets ("JUST WATCHED …").

use crate::error::Result;
use crate::model::Article;
use crate::spill::{Spill, TextStore, Texts};
use crate::tabulate::{FrameBuilder, columns as col};
use polars::prelude::DataFrame;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::hash::BuildHasher;
use std::num::NonZeroU64;
use std::path::Path;
use std::sync::{Mutex, PoisonError};
use crate::hash::{HashMap, HashSet};

/// When a line counts as furniture.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct BoilerplateOptions {
    /// Off with `--keep-boilerplate`.
    pub enabled: bool,
    /// Seen in at least this share of the outlet's articles…
    pub min_share: f64,
    /// …and in at least this many of them.
    pub min_articles: usize,
}

/// Which rule found a piece of furniture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum Kind {
    Line,
    Prefix,
    Phrase,
    Opening,
    Suffix,
    Capitals,
    Gallery,
    Repeat,
    Link,
    Card,
    Credit,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Line => "line",
            Kind::Prefix => "prefix",
            Kind::Phrase => "phrase",
            Kind::Opening => "opening",
            Kind::Suffix => "suffix",
            Kind::Capitals => "capitals",
            Kind::Gallery => "gallery",
            Kind::Repeat => "repeat",
            Kind::Link => "link",
            Kind::Card => "card",
            Kind::Credit => "credit",
        }
    }
}

/// Short lines only: a long paragraph that happens to open like another is content.
const PREFIX_LINE_MAX_WORDS: usize = 15;
const PREFIX_WORDS: usize = 4;
/// A paragraph's closing words compared across articles, and the longest paragraph compared: a
/// sign-up box or a credit line runs to a few dozen words, a story's paragraphs rarely end alike.
const SUFFIX_WORDS: usize = 8;
const SUFFIX_LINE_MAX_WORDS: usize = 80;
/// The longest line that goes, whatever its ending, with an opening most of whose lines are
/// furniture (a caption runs to a sentence; BBC's video captions, with their "Media playback is
/// unsupported on your device" opening, to about 25 words).
const OPENING_LINE_MAX_WORDS: usize = 30;
const PHRASE_WORDS: usize = 4;
/// A line in capitals: from three to thirty words, with at least ten capital letters (a headline
/// or a promotion, not an acronym or a dateline).
const CAPITALS_MIN_WORDS: usize = 3;
const CAPITALS_MAX_WORDS: usize = 30;
const CAPITALS_MIN_LETTERS: usize = 10;
/// Repetitions of a phrase inside one article that mark it as furniture.
const PHRASE_REPEATS: usize = 5;
/// A line said twice in one article is furniture from three words up (a speaker's name or a
/// one-word subhead may come back as a transcript's or a list's structure) to a caption's length.
const REPEAT_MIN_WORDS: usize = 3;
/// The longest line ending in a web address that goes: a call to action runs to a few sentences,
/// a paragraph of prose citing its source at its end is longer.
const LINK_LINE_MAX_WORDS: usize = 40;

/// A piece of furniture an outlet repeats, as first seen, with the number of its articles holding it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RepeatedLine {
    pub outlet: String,
    pub kind: Kind,
    pub line: String,
    pub articles: usize,
    #[serde(with = "crate::model::exact_f64")]
    pub share: f64,
}

/// What was removed from one outlet's articles.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct OutletCleaning {
    pub outlet: String,
    pub articles: usize,
    pub articles_changed: usize,
    pub lines_removed: usize,
    /// Articles from which repeated phrases, link cards or photo credits were cut.
    pub phrases_removed: usize,
    pub bytes_removed: usize,
    pub bytes_before: usize,
}

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Cleaning {
    pub outlets: Vec<OutletCleaning>,
    /// Sorted by outlet, then most widespread first.
    pub lines: Vec<RepeatedLine>,
}

impl Cleaning {
    /// The `boilerplate` table: every line removed, per outlet.
    pub fn table(&self) -> Result<DataFrame> {
        let l = &self.lines;
        FrameBuilder::new("boilerplate")
            .str(col::OUTLET, l.iter().map(|r| r.outlet.clone()).collect())
            .str(col::KIND, l.iter().map(|r| r.kind.as_str().to_string()).collect())
            .str(col::LINE_TEXT, l.iter().map(|r| r.line.clone()).collect())
            .u64(col::N_ARTICLES, l.iter().map(|r| r.articles as u64).collect())
            .f64(col::SHARE, l.iter().map(|r| r.share).collect())
            .build()
    }

    pub fn for_outlet(&self, outlet: &str) -> Option<&OutletCleaning> {
        self.outlets.iter().find(|o| o.outlet == outlet)
    }
}

/// The form lines are compared in: lowercase, spacing collapsed, each run of digits folded to one
/// 0 (so that "Copyright © 2019" and "Copyright © 2020", "(4 images)" and "(12 images)" match).
fn fingerprint(line: &str) -> String {
    if line.is_ascii() {
        return fingerprint_ascii(line.as_bytes());
    }
    fingerprint_unicode(line)
}

/// `fingerprint` of a line all in ASCII, as most are, in one pass over its bytes: each word taken
/// by `split_whitespace` and lowercased a character at a time was 2.5 s of CPU on full ABP.
fn fingerprint_ascii(line: &[u8]) -> String {
    let mut out = Vec::with_capacity(line.len());
    let mut gap = false;
    for &b in line {
        // The ASCII characters `split_whitespace` splits at.
        if crate::text::is_ascii_space(b) {
            gap = !out.is_empty();
            continue;
        }
        if gap {
            out.push(b' ');
            gap = false;
        }
        if !b.is_ascii_digit() {
            out.push(b.to_ascii_lowercase());
        } else if out.last() != Some(&b'0') {
            out.push(b'0');
        }
    }
    String::from_utf8(out).expect("ASCII in, ASCII out")
}

/// `fingerprint` of any line.
fn fingerprint_unicode(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let push = |out: &mut String, c: char| {
        if !c.is_ascii_digit() {
            out.push(c);
        } else if !out.ends_with('0') {
            out.push('0');
        }
    };
    for word in line.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        // Most words are ASCII, whose lowercase is a byte's: the full Unicode mapping, a
        // table search per character, only where it is needed.
        if word.is_ascii() {
            word.bytes().for_each(|b| push(&mut out, char::from(b.to_ascii_lowercase())));
        } else {
            word.chars().flat_map(char::to_lowercase).for_each(|c| push(&mut out, c));
        }
    }
    out
}

/// The lines of an article body that can be furniture: every non-empty line but the headline.
fn body_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).skip(1)
}

/// Finds each outlet's repeated lines and removes them from its articles, whose texts change in
/// place.
pub fn remove_boilerplate(articles: &mut [Article], options: &BoilerplateOptions) -> Result<Cleaning> {
    let changed = Mutex::new(Vec::new());
    let cleaning = clean(articles, &TextStore::Records, options, |i, text, is_changed| {
        if is_changed {
            changed.lock().unwrap_or_else(PoisonError::into_inner).push((i, text.to_string()));
        }
        Ok(())
    })?;
    for (i, text) in changed.into_inner().unwrap_or_else(PoisonError::into_inner) {
        articles[i].text = text;
    }
    Ok(cleaning)
}

/// `remove_boilerplate` for texts spilled in the order of `articles` (`ingest::read_spilled`):
/// each outlet's texts are read back in turn, and the cleaned texts go to a new spill in `dir`,
/// returned in the order of `articles`. One text per thread is held at a time, and of an
/// outlet's lines only their hashes (`LineKeys`).
pub fn remove_boilerplate_spilled(
    articles: &[Article],
    texts: Texts,
    options: &BoilerplateOptions,
    dir: &Path,
) -> Result<(Cleaning, Texts)> {
    let out = Mutex::new((Spill::new_in(dir)?, vec![0; articles.len()]));
    let store = TextStore::Spilled(texts);
    let cleaning = clean(articles, &store, options, |i, text, _| {
        let mut out = out.lock().unwrap_or_else(PoisonError::into_inner);
        out.1[i] = out.0.push_text(text)?;
        Ok(())
    })?;
    drop(store);
    let (spill, order) = out.into_inner().unwrap_or_else(PoisonError::into_inner);
    Ok((cleaning, spill.finish_in(&order)?))
}

/// Finds each outlet's furniture and hands every article's text without it to `put` (the
/// article's index, its text, and whether that changed). A first pass finds the furniture
/// outlets share, a second each outlet's own and strips it; in each, outlets are searched in
/// parallel, each reading its texts from `store` one at a time, and results are joined in outlet
/// order. An outlet's lines are held as hashes (`LineKeys`) while its furniture is searched, not
/// as texts: the texts are read once to find the furniture and once more to strip it.
fn clean(
    articles: &[Article],
    store: &TextStore,
    options: &BoilerplateOptions,
    put: impl Fn(usize, &str, bool) -> Result<()> + Sync,
) -> Result<Cleaning> {
    use rayon::prelude::*;
    let mut by_outlet: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, a) in articles.iter().enumerate() {
        by_outlet.entry(a.outlet.value.as_str()).or_default().push(i);
    }
    let outlets: Vec<(&str, Vec<usize>)> = by_outlet.into_iter().collect();
    let lines_of = |members: &[usize]| -> Result<Vec<Vec<LineKeys>>> {
        members.iter().map(|&i| Ok(article_lines(&store.text(articles, i)?))).collect()
    };
    // Furniture found at one outlet that is furniture at every outlet: "Advertisement", a
    // syndicate's copyright line or a share button is no story's sentence anywhere, and an outlet
    // with a handful of articles cannot show its own furniture by repetition. A whole line counts
    // when one outlet repeats it in `SHARED_MIN_ARTICLES` articles or two outlets repeat it, so
    // that a small outlet's stock background paragraph stays in other outlets' stories; an
    // opening counts when two outlets have it ("JUST WATCHED …" on CNN's pages and its writers').
    // The lines are hashed again in the second pass rather than kept from the first: kept, they
    // held every line of the corpus at once.
    let found: Vec<Shared> =
        outlets.par_iter().map(|(_, members)| Ok(shared_furniture(&lines_of(members)?, options))).collect::<Result<_>>()?;
    // line → (outlets repeating it, most articles at one outlet); opening → outlets having it
    let mut line_at: HashMap<Key, (usize, usize)> = HashMap::default();
    let mut opened_at: HashMap<Key, usize> = HashMap::default();
    for f in &found {
        for (&key, &articles) in &f.lines {
            let e = line_at.entry(key).or_default();
            e.0 += 1;
            e.1 = e.1.max(articles);
        }
        for &key in &f.openings {
            *opened_at.entry(key).or_default() += 1;
        }
    }
    let everywhere = Everywhere {
        lines: line_at
            .into_iter()
            .filter(|(_, (outlets, most))| *outlets >= 2 || *most >= SHARED_MIN_ARTICLES)
            .map(|(key, _)| key)
            .collect(),
        openings: opened_at.into_iter().filter(|(_, outlets)| *outlets >= 2).map(|(key, _)| key).collect(),
    };
    let found: Vec<OutletFurniture> = outlets
        .into_par_iter()
        .map(|(outlet, members)| {
            let bodies = lines_of(&members)?;
            let text_of = |i: usize| store.text(articles, i);
            find_furniture(outlet, &members, &text_of, bodies, options, &everywhere, &put)
        })
        .collect::<Result<_>>()?;
    let mut cleaning = Cleaning::default();
    let mut phrases = Vec::new();
    for f in found {
        cleaning.lines.extend(f.lines);
        phrases.extend(f.phrases);
        cleaning.outlets.push(f.account);
    }
    if options.enabled {
        cleaning.lines.extend(phrases);
        cleaning.lines.sort_by(|a, b| {
            a.outlet.cmp(&b.outlet).then(b.articles.cmp(&a.articles)).then(a.kind.cmp(&b.kind)).then_with(|| a.line.cmp(&b.line))
        });
    }
    Ok(cleaning)
}

/// One outlet's furniture, its account, and its numbered runs (`Kind::Phrase`).
struct OutletFurniture {
    lines: Vec<RepeatedLine>,
    account: OutletCleaning,
    phrases: Vec<RepeatedLine>,
}

/// The hash the rules count lines by in place of a fingerprint or a part of one, so that an
/// outlet's lines are held as a few dozen bytes each rather than as texts (the furniture pass was
/// the peak of a million-article run, holding its largest outlets' texts and fingerprints). 64
/// bits of foldhash with a fixed seed, so that runs are deterministic: among the few million
/// distinct lines of the largest outlet of a million articles, the chance that two share a hash
/// is about 10⁻⁷ (the birthday bound n²/2⁶⁵), and a shared hash changes a count only if the two
/// lines' articles together cross a threshold.
type Key = NonZeroU64;

/// The key of a fingerprint or of a part of one (a hash of 0, once in 2⁶⁴, is taken as 1).
fn key(s: &str) -> Key {
    const HASHER: foldhash::quality::FixedState = foldhash::quality::FixedState::with_seed(0x0073_6c61_6e74);
    NonZeroU64::new(HASHER.hash_one(s)).unwrap_or(NonZeroU64::MIN)
}

/// The keys all of an outlet's lines in capitals, and all its lines ending in a web address,
/// are counted under (each rule counts in a map of its own).
const CAPITALS_KEY: Key = NonZeroU64::MIN;
const LINK_KEY: Key = NonZeroU64::MAX;

/// One body line as the rules read it (see `Line`, whose tests say what each part is): the hashes
/// of its fingerprint and of the parts of it that rules compare, and the tests they make of its
/// text.
#[derive(Clone, Copy)]
struct LineKeys {
    /// The whole fingerprint.
    key: Key,
    /// The unit the fingerprint repeats whole ("advertisement advertisement").
    unit: Option<Key>,
    prefix: Option<Key>,
    opening_key: Option<Key>,
    suffix: Option<Key>,
    words: u32,
    ends_unlike_prose: bool,
    in_capitals: bool,
    ends_in_link: bool,
}

impl LineKeys {
    fn new(line: &Line) -> LineKeys {
        LineKeys {
            key: key(&line.key),
            unit: repeated_unit(&line.key).map(key),
            prefix: line.prefix().map(key),
            opening_key: line.opening_key().map(key),
            suffix: line.suffix().map(key),
            words: u32::try_from(line.words).unwrap_or(u32::MAX),
            ends_unlike_prose: line.ends_unlike_prose(),
            in_capitals: line.in_capitals(),
            ends_in_link: line.ends_in_link(),
        }
    }

    /// The first two words (digits folded) of a line of three or more words that ends in a
    /// letter or a digit, as no sentence, quotation, citation or interrupted speech does: the
    /// opening of a caption ("Image copyright AP Image caption …"), a video box ("JUST WATCHED
    /// <title> Replay More Videos … 03:50") or a credit line, whose rest varies. Prose paragraphs
    /// end with punctuation, so an opening many paragraphs share ("The president said …") is
    /// never one.
    fn opening(&self) -> Option<Key> {
        self.opening_key.filter(|_| self.ends_unlike_prose)
    }
}

/// Every body line of one article, hashed.
fn article_lines(text: &str) -> Vec<LineKeys> {
    body_lines(text).map(|l| LineKeys::new(&Line::new(l))).collect()
}

/// The number of an outlet's articles, at least `min_articles` and `min_share` of them, that must
/// repeat a piece of furniture.
fn threshold(articles: usize, options: &BoilerplateOptions) -> usize {
    options.min_articles.max((options.min_share * articles as f64).ceil() as usize)
}

/// Where a line is among an outlet's articles: the article (its position among them) and the
/// line (its position among the article's body lines).
#[derive(Debug, Clone, Copy)]
struct At {
    article: u32,
    line: u32,
}

/// One rule's count over an outlet's articles: per key, the number of articles with a line giving
/// that key (and where the first such line is), and the keys in at least `threshold` of them
/// (none when furniture is kept). `key_of` is given each line's article (its position in
/// `bodies`).
fn count_keys(
    bodies: &[Vec<LineKeys>],
    threshold: usize,
    options: &BoilerplateOptions,
    key_of: &dyn Fn(usize, &LineKeys) -> Option<Key>,
) -> (HashMap<Key, (usize, At)>, HashSet<Key>) {
    let mut seen_in: HashMap<Key, (usize, At)> = HashMap::default();
    let mut once = HashSet::default();
    for (article, body) in bodies.iter().enumerate() {
        once.clear();
        for (line, keys) in body.iter().enumerate() {
            if let Some(key) = key_of(article, keys)
                && once.insert(key)
            {
                let at = At { article: article as u32, line: line as u32 };
                seen_in.entry(key).or_insert((0, at)).0 += 1;
            }
        }
    }
    let keep = if options.enabled {
        seen_in.iter().filter(|(_, (k, _))| *k >= threshold).map(|(key, _)| *key).collect()
    } else {
        HashSet::default()
    };
    (seen_in, keep)
}

/// A whole line one outlet repeats in at least this many articles is furniture at every outlet.
const SHARED_MIN_ARTICLES: usize = 10;

/// The furniture one outlet may share with the others: its whole lines (the first rule) with the
/// number of its articles holding each, and its openings (the fourth, without the lines its
/// caption openings take whatever their ending).
struct Shared {
    lines: HashMap<Key, usize>,
    openings: HashSet<Key>,
}

/// The furniture removed at every outlet.
struct Everywhere {
    lines: HashSet<Key>,
    openings: HashSet<Key>,
}

/// The furniture an outlet finds (`bodies` holds its articles' lines) that applies at every
/// outlet.
fn shared_furniture(bodies: &[Vec<LineKeys>], options: &BoilerplateOptions) -> Shared {
    let threshold = threshold(bodies.len(), options);
    let (seen_in, keep) = count_keys(bodies, threshold, options, &|_, line| Some(line.key));
    let lines: HashMap<Key, usize> =
        seen_in.into_iter().filter(|(key, _)| keep.contains(key)).map(|(key, (articles, _))| (key, articles)).collect();
    let openings = count_keys(bodies, threshold, options, &|_, line| line.opening().filter(|_| !lines.contains_key(&line.key))).1;
    Shared { lines, openings }
}

/// Finds the furniture of one outlet (`members` indexes its articles, `bodies` holds their lines
/// and `text_of` reads an article's text), with the furniture that applies at every outlet
/// (`everywhere`), strips it and its numbered runs, and hands each article's text to `put`.
fn find_furniture<'t>(
    outlet: &str,
    members: &[usize],
    text_of: &dyn Fn(usize) -> Result<Cow<'t, str>>,
    bodies: Vec<Vec<LineKeys>>,
    options: &BoilerplateOptions,
    everywhere: &Everywhere,
    put: &(impl Fn(usize, &str, bool) -> Result<()> + Sync),
) -> Result<OutletFurniture> {
    let outlet = outlet.to_string();
    let n = members.len();
    let threshold = threshold(n, options);
    // Whole lines: the outlet's own, and those of other outlets that it holds (listed as its own
    // in the `boilerplate` table, with the number of its articles holding them), or such a line
    // said twice over.
    let (seen_in, own) = count_keys(&bodies, threshold, options, &|_, line| Some(line.key));
    let is_furniture = |key: Key| own.contains(&key) || everywhere.lines.contains(&key);
    let furniture: HashSet<Key> = bodies
        .iter()
        .flatten()
        .filter(|line| is_furniture(line.key) || line.unit.is_some_and(is_furniture))
        .map(|line| line.key)
        .collect();
    let is_line = |line: &LineKeys| furniture.contains(&line.key);
    // Prefixes of short lines that are not whole furniture lines already.
    let (prefix_in, prefixes) = count_keys(&bodies, threshold, options, &|_, line| line.prefix.filter(|_| !is_line(line)));
    let is_prefix = |line: &LineKeys| line.prefix.is_some_and(|p| prefixes.contains(&p));
    // Openings (the fourth rule) of lines that do not end as prose does and are not whole
    // furniture lines already. Lines with a furniture prefix count too: a caption opening shared
    // by short lines (a prefix) and longer ones ("Enlarge this image toggle caption <credit>
    // <credit>") is found from all of them.
    let (opening_in, own) = count_keys(&bodies, threshold, options, &|_, line| line.opening().filter(|_| !is_line(line)));
    let openings: HashSet<Key> =
        opening_in.keys().filter(|k| own.contains(*k) || everywhere.openings.contains(*k)).copied().collect();
    // Openings most of whose lines end as no prose does: their short lines go whatever their
    // ending ("Media playback is unsupported on your device Media caption Trump: \"No deal\"").
    let mut endings: HashMap<Key, (usize, usize)> = HashMap::default();
    for line in bodies.iter().flatten() {
        if let Some(key) = line.opening_key.filter(|k| openings.contains(k)) {
            let e = endings.entry(key).or_default();
            e.0 += usize::from(line.ends_unlike_prose);
            e.1 += 1;
        }
    }
    let caption_openings: HashSet<Key> =
        endings.into_iter().filter(|(_, (unlike, all))| 2 * unlike > *all).map(|(k, _)| k).collect();
    let is_opening = |line: &LineKeys| {
        line.opening().is_some_and(|o| openings.contains(&o))
            || (line.words as usize <= OPENING_LINE_MAX_WORDS && line.opening_key.is_some_and(|o| caption_openings.contains(&o)))
    };
    // Lines in capitals (the sixth rule), counted under one key: an outlet that sets links and
    // promotions in capitals in many of its articles.
    let (capitals_in, capitals) = count_keys(&bodies, threshold, options, &|_, line| line.in_capitals.then_some(CAPITALS_KEY));
    let is_capitals = |line: &LineKeys| !capitals.is_empty() && line.in_capitals;
    // Galleries (the seventh rule): per article, its openings that start `PHRASE_REPEATS` or more
    // of its lines, most of which end unlike prose; furniture when at least `min_articles` of the
    // outlet's articles hold one. A slideshow is in few of an outlet's articles but fills each
    // with captions; the share rule alone would never find it.
    let article_galleries: Vec<HashSet<Key>> = bodies.iter().map(|body| gallery_openings(body)).collect();
    let (gallery_in, galleries) = count_keys(&bodies, options.min_articles, options, &|article, line| {
        line.opening_key.filter(|k| article_galleries[article].contains(k))
    });
    // A gallery's lines that end as no prose does: a paragraph that happens to open like its
    // captions stays.
    let is_gallery = |line: &LineKeys, found: &HashSet<Key>| {
        line.ends_unlike_prose && line.opening_key.is_some_and(|k| found.contains(&k) && galleries.contains(&k))
    };
    // Repeats (the eighth rule): per article, its short lines that come twice or more, counted
    // among the outlet's articles only for the `boilerplate` table (one article is enough).
    let article_repeats: Vec<HashSet<Key>> = bodies.iter().map(|body| repeated_lines(body)).collect();
    let (repeat_in, repeats) = count_keys(&bodies, 1, options, &|article, line| {
        article_repeats[article].contains(&line.key).then_some(line.key)
    });
    let is_repeat = |line: &LineKeys, found: &HashSet<Key>| !repeats.is_empty() && found.contains(&line.key);
    // Links (the ninth rule), counted under one key like capitals, in any number of articles.
    let (link_in, links) = count_keys(&bodies, 1, options, &|_, line| line.ends_in_link.then_some(LINK_KEY));
    let is_link = |line: &LineKeys| !links.is_empty() && line.ends_in_link;
    // Suffixes (the fifth rule) of paragraphs that the line, prefix, opening, capitals and link
    // rules do not remove (a gallery's or a repeat's lines are few and within single articles).
    let (suffix_in, suffixes) = count_keys(&bodies, threshold, options, &|_, line| {
        line.suffix
            .filter(|_| !is_line(line) && !is_prefix(line) && !is_opening(line) && !is_capitals(line) && !is_link(line))
    });
    // Each piece of furniture found, with where it was first seen: its text is read there while
    // the articles are stripped.
    let mut found: Vec<(Kind, usize, At)> = Vec::new();
    for (kind, map, keep) in [
        (Kind::Line, &seen_in, &furniture),
        (Kind::Prefix, &prefix_in, &prefixes),
        (Kind::Opening, &opening_in, &openings),
        (Kind::Suffix, &suffix_in, &suffixes),
        (Kind::Capitals, &capitals_in, &capitals),
        (Kind::Gallery, &gallery_in, &galleries),
        (Kind::Repeat, &repeat_in, &repeats),
        (Kind::Link, &link_in, &links),
    ] {
        found.extend(map.iter().filter(|(key, _)| keep.contains(*key)).map(|(_, &(k, at))| (kind, k, at)));
    }
    let mut first_seen: HashMap<u32, Vec<(u32, usize)>> = HashMap::default();
    for (slot, &(_, _, at)) in found.iter().enumerate() {
        first_seen.entry(at.article).or_default().push((at.line, slot));
    }
    let mut found_text = vec![String::new(); found.len()];

    let mut account = OutletCleaning { outlet: outlet.clone(), articles: n, ..Default::default() };
    let is_suffix = |line: &LineKeys| line.suffix.is_some_and(|s| suffixes.contains(&s));
    let none =
        [&furniture, &prefixes, &openings, &suffixes, &capitals, &galleries, &repeats, &links].iter().all(|set| set.is_empty());
    // (rule, run fingerprint) → (articles, first text)
    let mut runs_found: BTreeMap<(Kind, String), (usize, String)> = BTreeMap::new();
    for (article, (((&i, body), found), repeated)) in members.iter().zip(&bodies).zip(&article_galleries).zip(&article_repeats).enumerate() {
        let text = text_of(i)?;
        if let Some(wanted) = first_seen.get(&(article as u32)) {
            let lines: Vec<&str> = body_lines(&text).collect();
            for &(line, slot) in wanted {
                found_text[slot] = lines.get(line as usize).map_or_else(String::new, |l| l.to_string());
            }
        }
        account.bytes_before += text.len();
        let mut cleaned = None;
        if !none {
            let gone: Vec<bool> = body
                .iter()
                .map(|l| {
                    is_line(l)
                        || is_prefix(l)
                        || is_opening(l)
                        || is_suffix(l)
                        || is_capitals(l)
                        || is_gallery(l, found)
                        || is_repeat(l, repeated)
                        || is_link(l)
                })
                .collect();
            let (stripped, removed_lines, removed_bytes) = strip(&text, &gone);
            if removed_lines > 0 {
                account.articles_changed += 1;
                account.lines_removed += removed_lines;
                account.bytes_removed += removed_bytes;
                cleaned = Some(stripped);
            }
        }
        if options.enabled {
            let mut phrases_cut = false;
            let rules = [(Kind::Phrase, cut_numbered_runs as fn(&str) -> Option<Cut>), (Kind::Card, cut_link_cards), (Kind::Credit, cut_photo_credits)];
            for (kind, rule) in rules {
                let Some(Cut { kept, removed, runs }) = rule(cleaned.as_deref().unwrap_or(&text)) else { continue };
                account.bytes_removed += removed;
                phrases_cut = true;
                let mut once = HashSet::default();
                for (opening, text) in runs {
                    if once.insert(opening.clone()) {
                        runs_found.entry((kind, opening)).or_insert((0, text)).0 += 1;
                    }
                }
                cleaned = Some(kept);
            }
            account.phrases_removed += usize::from(phrases_cut);
        }
        match &cleaned {
            Some(cleaned) => put(i, cleaned, true)?,
            None => put(i, &text, false)?,
        }
    }
    let mut lines: Vec<RepeatedLine> = found
        .into_iter()
        .zip(found_text)
        .map(|((kind, k, _), line)| RepeatedLine { outlet: outlet.clone(), kind, line, articles: k, share: k as f64 / n as f64 })
        .collect();
    lines.sort_by(|a, b| b.articles.cmp(&a.articles).then_with(|| a.kind.cmp(&b.kind)).then_with(|| a.line.cmp(&b.line)));
    let phrases = runs_found
        .into_iter()
        .map(|((kind, _), (k, line))| RepeatedLine { outlet: outlet.clone(), kind, line, articles: k, share: k as f64 / n as f64 })
        .collect();
    Ok(OutletFurniture { lines, account, phrases })
}

/// A body line and its fingerprint, from which `LineKeys` takes what the rules read.
struct Line<'a> {
    text: &'a str,
    key: String,
    /// The fingerprint's words (one for an empty line, as `key.split(' ')` counts them).
    words: usize,
}

impl<'a> Line<'a> {
    fn new(text: &'a str) -> Line<'a> {
        let key = fingerprint(text);
        // The fingerprint's words are separated by single spaces.
        let words = key.bytes().filter(|&b| b == b' ').count() + 1;
        Line { text, key, words }
    }

    /// Whether the line ends in a letter or a digit, as no sentence, quotation, citation or
    /// interrupted speech does.
    fn ends_unlike_prose(&self) -> bool {
        self.text.chars().last().is_some_and(char::is_alphanumeric)
    }

    /// The first two words of a line of three or more words, both with a letter.
    fn opening_key(&self) -> Option<&str> {
        let mut words = self.key.split(' ');
        let (a, b) = (words.next()?, words.next()?);
        words.next()?;
        (a.chars().any(char::is_alphabetic) && b.chars().any(char::is_alphabetic)).then(|| &self.key[..a.len() + 1 + b.len()])
    }

    /// Whether the line is set in capitals: `CAPITALS_MIN_WORDS` to `CAPITALS_MAX_WORDS` words
    /// with a letter, at least `CAPITALS_MIN_LETTERS` capital letters and no small one.
    /// Letters of a script without case (Arabic, Hebrew, Chinese) are not capitals, and a line
    /// opening with a double quotation mark is a quotation ("“NO COLLUSION!”"), not a link.
    fn in_capitals(&self) -> bool {
        // The test that fails soonest first: most lines have a small letter within a word or two.
        let words = || self.text.split_whitespace().filter(|w| w.chars().any(char::is_alphabetic)).count();
        self.text.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase)
            && !self.text.starts_with(['"', '“', '«', '„'])
            && (CAPITALS_MIN_WORDS..=CAPITALS_MAX_WORDS).contains(&words())
            && self.text.chars().filter(|c| c.is_uppercase()).nth(CAPITALS_MIN_LETTERS - 1).is_some()
    }

    /// Whether the line, of at most `LINK_LINE_MAX_WORDS` words, ends in a web address other than
    /// a tweet's (a t.co short link or a status page, which end a quoted tweet).
    fn ends_in_link(&self) -> bool {
        let mut words = self.text.split_whitespace();
        let Some(last) = words.next_back() else { return false };
        let last = last.to_ascii_lowercase();
        let address = last.contains("http://") || last.contains("https://") || last.starts_with("www.");
        let tweet = last.contains("//t.co/") || last.contains("twitter.com/") && last.contains("/status");
        address && !tweet && words.count() < LINK_LINE_MAX_WORDS
    }

    /// The last eight words of a paragraph, if it is longer than that and no longer than
    /// `SUFFIX_LINE_MAX_WORDS`.
    fn suffix(&self) -> Option<&str> {
        if self.words <= SUFFIX_WORDS || self.words > SUFFIX_LINE_MAX_WORDS {
            return None;
        }
        let (space, _) = self.key.rmatch_indices(' ').nth(SUFFIX_WORDS - 1)?;
        Some(&self.key[space + 1..])
    }

    /// The first four words of a short line, if it is short and long enough.
    fn prefix(&self) -> Option<&str> {
        if self.words <= PREFIX_WORDS || self.words > PREFIX_LINE_MAX_WORDS {
            return None;
        }
        let (space, _) = self.key.match_indices(' ').nth(PREFIX_WORDS - 1)?;
        Some(&self.key[..space])
    }
}

/// The openings of one article's lines that start `PHRASE_REPEATS` or more of them, more than half
/// of which end as no prose does: a gallery's captions and credits.
fn gallery_openings(body: &[LineKeys]) -> HashSet<Key> {
    let mut seen: HashMap<Key, (usize, usize)> = HashMap::default();
    for line in body {
        if let Some(key) = line.opening_key {
            let e = seen.entry(key).or_default();
            e.0 += usize::from(line.ends_unlike_prose);
            e.1 += 1;
        }
    }
    seen.into_iter().filter(|(_, (unlike, all))| *all >= PHRASE_REPEATS && 2 * unlike > *all).map(|(key, _)| key).collect()
}

/// The fingerprints of one article's lines that come twice or more in it, have from
/// `REPEAT_MIN_WORDS` to `PREFIX_LINE_MAX_WORDS` words and end as no prose does.
fn repeated_lines(body: &[LineKeys]) -> HashSet<Key> {
    let mut seen: HashMap<Key, usize> = HashMap::default();
    for line in body {
        if (REPEAT_MIN_WORDS..=PREFIX_LINE_MAX_WORDS).contains(&(line.words as usize)) && line.ends_unlike_prose {
            *seen.entry(line.key).or_default() += 1;
        }
    }
    seen.into_iter().filter(|(_, n)| *n >= 2).map(|(key, _)| key).collect()
}

/// The unit a fingerprint repeats whole, if it is one said two or more times over
/// ("advertisement advertisement" → "advertisement"): the shortest leading run of words that the
/// rest repeats. The fingerprint's words are separated by single spaces, so a unit of the first
/// `p` words ending at byte `s` is repeated whole exactly when the fingerprint with a space
/// after it has period `s + 1` in bytes. Every line is asked, and most differ at the first byte
/// compared.
fn repeated_unit(key: &str) -> Option<&str> {
    let bytes = key.as_bytes();
    let with_space = bytes.len() + 1;
    let at = |i: usize| bytes.get(i).copied().unwrap_or(b' ');
    key.match_indices(' ')
        .map(|(s, _)| s)
        .take_while(|&s| 2 * (s + 1) <= with_space)
        .find(|&s| with_space.is_multiple_of(s + 1) && (s + 1..with_space).all(|i| at(i) == at(i - (s + 1))))
        .map(|s| &key[..s])
}

/// A word's fingerprint (as `fingerprint` folds it) hashed without building it: FNV-1a over the
/// folded characters.
fn word_hash(word: &str) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325_u64;
    if word.is_ascii() {
        // The same steps byte by byte: an ASCII character lowercases and encodes to one byte.
        let mut in_digits = false;
        for b in word.bytes().map(|b| b.to_ascii_lowercase()) {
            if !(b.is_ascii_digit() && in_digits) {
                h = (h ^ if b.is_ascii_digit() { b'0' } else { b } as u64).wrapping_mul(0x0100_0000_01b3);
            }
            in_digits = b.is_ascii_digit();
        }
        return h;
    }
    word_hash_by_char(word)
}

/// `word_hash` for any word, character by character.
fn word_hash_by_char(word: &str) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325_u64;
    let mut step = |c: char| {
        let mut buf = [0u8; 4];
        for &b in c.encode_utf8(&mut buf).as_bytes() {
            h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
        }
    };
    let mut in_digits = false;
    for c in word.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_digit() {
            if !in_digits {
                step('0');
            }
            in_digits = true;
        } else {
            step(c);
            in_digits = false;
        }
    }
    h
}

/// The numbered runs of one article (see `remove_phrases`): for each, the fingerprint of its
/// first four words and the byte range it covers. Windows are keyed by a 64-bit hash of their
/// four word fingerprints, so no string is built unless a run is found.
fn numbered_runs(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    // Each word's form hashed and its span, without the tokens (`tokenize` here was 2.7 s of CPU
    // on the full ABP study).
    // Sized as `tokenize` sizes its tokens, about one word in six bytes of news copy.
    let (mut words, mut spans): (Vec<u64>, Vec<std::ops::Range<usize>>) =
        (Vec::with_capacity(text.len() / 6), Vec::with_capacity(text.len() / 6));
    crate::text::tokens::for_each_norm(text, |start, word, norm| {
        words.push(word_hash(norm));
        spans.push(start..start + word.len());
    });
    if words.len() < PHRASE_WORDS + PHRASE_REPEATS - 1 {
        return Vec::new();
    }
    let win: Vec<(u64, std::ops::Range<usize>)> = words
        .windows(PHRASE_WORDS)
        .zip(spans.windows(PHRASE_WORDS))
        .map(|(h, w)| {
            let key = h.iter().fold(0x9e37_79b9_7f4a_7c15_u64, |k, &x| (k.rotate_left(23) ^ x).wrapping_mul(0x0100_0000_01b3));
            (key, w[0].start..w[PHRASE_WORDS - 1].end)
        })
        .collect();
    // Counted first: most articles repeat no phrase five times, and are done without keeping
    // any window's text. Counted by sorting the keys, where a hash map grown window by window
    // spent a fifth of this function rehashing; a key repeated often enough is then a run of
    // equal keys as long as `PHRASE_REPEATS`.
    let mut sorted: Vec<u64> = win.iter().map(|(key, _)| *key).collect();
    sorted.sort_unstable();
    let frequent: Vec<u64> = sorted.chunk_by(|a, b| a == b).filter(|same| same.len() >= PHRASE_REPEATS).map(|same| same[0]).collect();
    if frequent.is_empty() {
        return Vec::new();
    }
    let mut raw: HashMap<u64, Vec<&str>> = HashMap::default();
    for (key, range) in win.iter().filter(|(key, _)| frequent.binary_search(key).is_ok()) {
        raw.entry(*key).or_default().push(&text[range.clone()]);
    }
    let repeated = |key: u64| raw.contains_key(&key);
    // Each key checked once: a long run of one repeated phrase would otherwise re-check every occurrence
    // of its key at each window, quadratic in the article's length (a 5 MB article of one
    // repeated sentence took over ten minutes).
    let counters: HashSet<u64> =
        raw.iter().filter(|(_, found)| found.len() >= PHRASE_REPEATS && counts_up(found)).map(|(key, _)| *key).collect();
    // Maximal runs of consecutive repeated windows holding a counter.
    let mut runs = Vec::new();
    let mut i = 0;
    while i < win.len() {
        if !repeated(win[i].0) {
            i += 1;
            continue;
        }
        let start = i;
        while i < win.len() && repeated(win[i].0) {
            i += 1;
        }
        if win[start..i].iter().any(|(key, _)| counters.contains(key)) {
            let opening =
                spans[start..start + PHRASE_WORDS].iter().map(|w| fingerprint(&crate::text::normalise(&text[w.clone()]))).collect::<Vec<_>>().join(" ");
            runs.push((opening, win[start].1.start..win[i - 1].1.end));
        }
    }
    runs
}

/// Cuts numbered runs (the third rule) from one article: a stretch of four-word phrases each
/// repeated at least `PHRASE_REPEATS` times, at least one of which differs between its
/// occurrences only in its numbers ("Hide Caption 1 of 22 Photos: Unrest at the border", "Hide
/// Caption 2 of 22 …"). A counter like that is a gallery or a widget, not prose; a phrase an
/// article repeats word for word (a name, a data label) is left alone. `None` when the text has
/// no runs.
fn cut_numbered_runs(text: &str) -> Option<Cut> {
    cut(text, numbered_runs(text))
}

/// The text without `pieces` (each a fingerprint and the byte range of a numbered run or a link
/// card, in text order, perhaps overlapping): `None` when there are none.
fn cut(text: &str, pieces: Vec<(String, std::ops::Range<usize>)>) -> Option<Cut> {
    if pieces.is_empty() {
        return None;
    }
    let mut kept = String::with_capacity(text.len());
    let mut at = 0;
    for (_, r) in &pieces {
        if r.start > at {
            kept.push_str(&text[at..r.start]);
        }
        at = at.max(r.end);
    }
    kept.push_str(&text[at..]);
    let removed = text.len() - kept.len();
    let runs = pieces.into_iter().map(|(key, r)| (key, text[r].trim().to_string())).collect();
    Some(Cut { kept, removed, runs })
}

/// The longest link card: a legal name and three or four headlines run to about fifty words.
const CARD_MAX_WORDS: usize = 80;
/// The farthest a card's glued word stands from the name it follows ("Mitch McConnell Addison
/// (Mitch) Mitchell McConnellGOP …": four words).
const CARD_NAME_WORDS: usize = 12;

/// The link cards of one article (see `cut_link_cards`): for each, the fingerprint of its
/// headlines (which the cards of the same days share) and the byte range
/// it covers, from the end of the name it follows to the end of its "MORE".
fn link_cards(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    if !text.contains("MORE") {
        return Vec::new();
    }
    let words: Vec<(usize, &str)> = text.split_ascii_whitespace().map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w)).collect();
    fn bare(w: &str) -> &str {
        w.trim_matches(|c: char| !c.is_alphanumeric())
    }
    let mut cards = Vec::new();
    // Words before `from` belong to a card already cut.
    let mut from = 0;
    for (m, &(_, word)) in words.iter().enumerate() {
        if bare(word) != "MORE" || m == 0 {
            continue;
        }
        // The leftmost glued word of the window whose name part the text wrote on its own just
        // before: that word opens the card, whatever camel-cased words its headlines hold.
        let lowest = from.max(m.saturating_sub(CARD_MAX_WORDS));
        let card = (lowest..m).find_map(|g| {
            let glued = words[g].1;
            glued.char_indices().zip(glued.chars().skip(1)).filter(|((_, a), b)| a.is_lowercase() && b.is_uppercase()).find_map(|((at, a), _)| {
                let name = bare(&glued[..at + a.len_utf8()]);
                let shown = (g.saturating_sub(CARD_NAME_WORDS).max(from)..g).rev().find(|&d| bare(words[d].1) == name && name.chars().count() > 1)?;
                // Where the headlines start, inside the glued word.
                Some((shown, words[g].0 + at + a.len_utf8()))
            })
        });
        let Some((shown, headlines)) = card else { continue };
        let (start, end) = (words[shown].0 + words[shown].1.len(), words[m].0 + word.len());
        cards.push((fingerprint(&text[headlines..words[m].0]), start..end));
        from = m + 1;
    }
    cards
}

/// Cuts link cards (the tenth rule) from one article: the preview a page shows beside a linked
/// name and that scraping leaves inline, "Donald Trump Donald John TrumpGOP senators balk at
/// lengthy impeachment trial Warren goes local in race to build 2020 movement MORE said …" (The
/// Hill, in 1,219 of its 1,377 articles of the ABP corpus). Its marks: a word that glues the
/// name's last word to the first headline ("TrumpGOP"), that name written on its own a few words
/// before, and the word "MORE" at its end. The name before the card stays. `None` when the text
/// has no cards.
fn cut_link_cards(text: &str) -> Option<Cut> {
    cut(text, link_cards(text))
}

/// Words a credit holds (a photo's, a video caption's, a contributors' line's, an update stamp's),
/// one of which a text must hold to be searched with `credit_pattern` (`photo_credits`): most
/// articles have none, and the pattern is costly to run for nothing.
const CREDIT_MARKS: &[&str] = &[
    "Photo", "Getty Images", "AFP", "Image", "Credit", "/Reuters", "/REUTERS", "/EPA", "/Bloomberg", "/Pool", "/AP", "/ Reuters",
    "/ REUTERS", "/ EPA", "/ Bloomberg", "/ Pool", "/ AP", "Contributing:", "CLOSE ", "a.m. ET", "p.m. ET", "a.m ET", "p.m ET",
];

/// The most words of a contributors' line ("Fox News' Jake Gibson, Mike Emanuel, David Spunt and
/// Ronn Blitzer and the Associated Press contributed to this report.").
const CONTRIBUTORS_MAX_WORDS: usize = 40;

/// The lines that credit the reporters who contributed to a story, closing it: "The Associated
/// Press contributed to this report.", "Carol E. Lee contributed to this article." (3,140 lines
/// on the ABP corpus, most of them Fox News's, which had made "contributed" one of the AP's five
/// most distinctive words). Each is a line of its own, of at most `CONTRIBUTORS_MAX_WORDS` words
/// and no quotation marks, whose "contributed" is followed by "to this report" (or story,
/// article) or "reporting", then nothing but a full stop or a place ("from Washington.").
fn contributor_lines(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut lines: Vec<std::ops::Range<usize>> = Vec::new();
    for (at, word) in text.match_indices("contributed") {
        let start = text[..at].rfind('\n').map_or(0, |p| p + 1);
        let end = text[at..].find('\n').map_or(text.len(), |p| at + p);
        if lines.last().is_some_and(|l| l.start == start) {
            continue;
        }
        let rest = text[at + word.len()..end].trim_end();
        let place = |after: &str| {
            after.len() <= 40 && after.ends_with('.') && (after.starts_with(" from ") || after.starts_with(" in "))
        };
        let credit = [" to this report", " to this story", " to this article", " reporting"]
            .iter()
            .find_map(|tail| rest.strip_prefix(tail))
            .is_some_and(|after| after.is_empty() || after == "." || place(after));
        let line = &text[start..end];
        if credit && !line.contains(['"', '\u{201C}', '\u{201D}']) && line.split_whitespace().count() <= CONTRIBUTORS_MAX_WORDS {
            lines.push(start..end);
        }
    }
    lines
}

/// What a credit is listed by in the `boilerplate` table: the first of these it names, else
/// "photo".
const CREDIT_SOURCES: &[&str] =
    &["Getty Images", "AP Photo", "AP Images", "AFP", "EPA", "Reuters", "REUTERS", "Bloomberg", "Pool", "Associated Press", "AP", "USA TODAY", "Getty"];

/// A photo credit, where a caption or the photo itself stood in the page: in brackets, "(AP
/// Photo/Evan Vucci)", "(Photo: Jay LaPrete, AP)", "(Mandel Ngan/AFP via Getty Images)"; or
/// standing free, "Alex Wong/Getty Images", "| Charlie Neibergall/AP Photo", "Photo by Alex
/// Wong/Getty Images"; or ending a caption's line, "Photo: Julie Jacobson/Associated Press".
/// Bracketed words without a slash or a credit's opening ("(AFP)", "(Reuters)", a dateline) and a
/// poll's name ("a Reuters/Ipsos poll") are not credits. Two lines of USA TODAY's go as credits
/// too: its contributors' line ("Contributing: Kevin Johnson; The Associated Press", in 456 of its
/// articles in the ABP corpus, which had made "contributing" its third most distinctive word) and
/// the caption of a video the page showed ("CLOSE Donald Trump has selected … USA TODAY NETWORK",
/// whose "CLOSE" had become a label of Donald Trump). So do CNN's photo gallery captions, a line
/// opening "Photos: Photos:" (578 on the ABP corpus, which had made "photos" CNN's third most
/// distinctive word), and a live story's time stamp opening a line, "Update at 9:54 a.m. ET." or
/// "Updated at 3:45 p.m. ET" (the stamp alone, not the paragraph it opens: 1,023 at NPR, whose
/// five most distinctive words had been "says", "et", "update", "p.m" and "a.m").
fn credit_pattern() -> &'static regex::Regex {
    static PATTERN: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    PATTERN.get_or_init(|| {
        regex::Regex::new(
            r"(?xm)
            \(\ *(?:AP\ +)?(?:Photo(?:graph)?\ *(?::|/|,|\ +by(?-u:\b))|Credit\ *:|Image\ *:)[^()\n]{0,120}\)
            | \(\ *AP\ +Photo\ *\)
            | \([^()\n:]{0,80}/\ *(?:AP|AFP|Getty\ +Images|Reuters|REUTERS|EPA|Bloomberg|Pool)(?-u:\b)[^()\n]{0,40}\)
            | (?:\|\ *|(?-u:\b)(?:Photo\ +by|Photograph:|Photographer:|Image\ +copyright)\ +)?
              (?:[A-Z](?:\.|[A-Za-z\x{C0}-\x{24F}'\x{2019}\-]*)\ +){0,3}[A-Z][A-Za-z\x{C0}-\x{24F}'\x{2019}\-]*\ */\ *
              (?:(?:AFP|EPA|Pool|AP)\ */\ *|AFP\ +via\ +)?(?:Getty\ +Images|AP\ +Photo|AP\ +Images)
            | \|\ *AP\ +Photo(?-u:\b)
            | (?-u:\b)Photo(?:graph)?(?:\ +illustration)?:\ [^\n.!?()]{1,80}\.?$
            | ^Contributing:\ [^\n]{1,200}$
            | ^CLOSE\ [A-Z0-9][^\n]*[a-z][^\n]*$
            | ^Photos:\ Photos:\ [^\n]*$
            | ^(?:Update|UPDATE|Updated|UPDATED)(?:\ at|:)?\ [0-9]{1,2}(?::[0-9]{2})?\ [ap]\.m\.?\ ET(?-u:\b)(?:\ on\ [A-Z][a-z]+)?[.:]?",
        )
        .expect("the credit pattern is valid")
    })
}

/// The most words of a caption that a bracketed credit closes: the whole line goes with it.
const CAPTION_MAX_WORDS: usize = 80;

/// The photo credits of one article (see `credit_pattern`): each with what it is listed by and
/// its byte range. A line that a bracketed credit ends is a caption ("FILE - In this May 5,
/// 2020, file photo, President Donald Trump talks to the media … (AP Photo/Evan Vucci)"), not
/// the story's prose, and goes whole.
fn photo_credits(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    // One pass over the text for all the marks, not one per mark.
    static MARKS: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    let marks = MARKS.get_or_init(|| aho_corasick::AhoCorasick::new(CREDIT_MARKS).expect("the credit marks build"));
    let mut credits: Vec<(String, std::ops::Range<usize>)> = Vec::new();
    let matches = if marks.is_match(text) { Some(credit_pattern().find_iter(text)) } else { None };
    for m in matches.into_iter().flatten() {
        let source = if m.as_str().starts_with("Contributing:") {
            "contributors"
        } else if m.as_str().starts_with("CLOSE ") {
            "video caption"
        } else if m.as_str().starts_with("Photos: Photos:") {
            "gallery caption"
        } else if m.as_str().starts_with(['U', 'u']) {
            "update stamp"
        } else {
            CREDIT_SOURCES.iter().find(|s| m.as_str().contains(*s)).map_or("photo", |s| s)
        };
        let mut range = m.range();
        let ends_line = text[range.end..].trim_start_matches([' ', '\t']).chars().next().is_none_or(|c| c == '\n' || c == '\r');
        if m.as_str().starts_with('(') && ends_line {
            let line_start = text[..range.start].rfind('\n').map_or(0, |p| p + 1);
            if text[line_start..range.start].split_whitespace().count() <= CAPTION_MAX_WORDS {
                // Credits found earlier on the line go with it.
                while credits.last().is_some_and(|(_, r)| r.start >= line_start) {
                    credits.pop();
                }
                range.start = line_start;
            }
        }
        credits.push((fingerprint(source), range));
    }
    let contributors = contributor_lines(text);
    if !contributors.is_empty() {
        credits.extend(contributors.into_iter().map(|r| ("contributors".to_string(), r)));
        // In text order, as `cut` takes them; a credit the pattern found inside a contributors'
        // line overlaps it, and `cut` cuts the bytes once.
        credits.sort_by_key(|(_, r)| (r.start, r.end));
    }
    credits
}

/// Cuts photo credits (the eleventh rule) from one article, wherever they stand: a credit names
/// its photographer, so that no line repeats it from article to article, and left in it makes
/// "AP", "photo", "file", "Getty" and "images" an outlet's distinctive words. `None` when the
/// text has none.
fn cut_photo_credits(text: &str) -> Option<Cut> {
    cut(text, photo_credits(text))
}

/// A text with its numbered runs, link cards or photo credits cut.
struct Cut {
    kept: String,
    /// Bytes cut.
    removed: usize,
    /// Each run's opening (its fingerprint) and its text.
    runs: Vec<(String, String)>,
}

/// Whether the occurrences of a phrase differ in exactly one number, which counts up by one from
/// each occurrence to the next (1 of 22, 2 of 22, …), or starts again where it started (the
/// next gallery of the page: … 22 of 22, 1 of 9, 2 of 9): the mark of a gallery or a numbered
/// widget.
fn counts_up(occurrences: &[&str]) -> bool {
    let numbers: Vec<Vec<u64>> = occurrences
        .iter()
        .map(|o| o.split(|c: char| !c.is_ascii_digit()).filter(|d| !d.is_empty()).filter_map(|d| d.parse().ok()).collect())
        .collect();
    let Some(first) = numbers.first() else { return false };
    if first.is_empty() || numbers.iter().any(|n| n.len() != first.len()) {
        return false;
    }
    let varying: Vec<usize> = (0..first.len()).filter(|&j| numbers.iter().any(|n| n[j] != first[j])).collect();
    let [j] = varying[..] else { return false };
    let start = first[j];
    let (mut up, mut again) = (0, 0);
    for w in numbers.windows(2) {
        match w[1][j] {
            n if n == w[0][j] + 1 => up += 1,
            n if n == start => again += 1,
            _ => return false,
        }
    }
    up > again
}

/// The text without its furniture lines (the headline is always kept); paragraphs stay separated
/// by one blank line. `gone` says of each body line (as `body_lines` gives them) whether it goes.
fn strip(text: &str, gone: &[bool]) -> (String, usize, usize) {
    let mut gone = gone.iter().copied();
    let mut out: Vec<&str> = Vec::new();
    let (mut lines, mut bytes) = (0, 0);
    let mut first = true;
    let mut blank_pending = false;
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() {
            blank_pending = true;
            continue;
        }
        // The body lines, in the order `body_lines` gives them, are those after the first.
        if !first && gone.next().unwrap_or(false) {
            lines += 1;
            bytes += line.len();
            continue;
        }
        if blank_pending && !out.is_empty() {
            out.push("");
        }
        blank_pending = false;
        first = false;
        out.push(line);
    }
    (out.join("\n"), lines, bytes)
}

#[cfg(test)]
mod tests {

    #[test]
    fn word_hashes_agree_with_fingerprints() {
        // Words whose fingerprints are equal must hash equal; different fingerprints must not.
        let same = [("Caption", "caption"), ("2019", "2020"), ("(4", "(12"), ("Photos:", "PHOTOS:"), ("a1b22", "a3b4")];
        for (a, b) in same {
            assert_eq!(fingerprint(a), fingerprint(b), "{a} {b}");
            assert_eq!(word_hash(a), word_hash(b), "{a} {b}");
        }
        let different = [("caption", "captions"), ("1", "a"), ("of", "or"), ("0", "00a")];
        for (a, b) in different {
            assert_ne!(fingerprint(a), fingerprint(b), "{a} {b}");
            assert_ne!(word_hash(a), word_hash(b), "{a} {b}");
        }
        // The byte-wise path for ASCII words hashes as the character-wise one does.
        for word in ["", "Caption", "2019", "(12", "a1b22", "0", "00a", "x9y", "PHOTOS:", "it's"] {
            assert_eq!(word_hash(word), word_hash_by_char(word), "{word}");
        }
    }
    use super::*;

    fn article(outlet: &str, text: &str) -> Article {
        Article::new(text.lines().next().unwrap_or(""), outlet, text)
    }

    const ON: BoilerplateOptions = BoilerplateOptions { enabled: true, min_share: 0.3, min_articles: 3 };

    #[test]
    fn removes_lines_an_outlet_repeats_and_keeps_the_story() {
        let mut articles = vec![
            article("Hill", "Story one\n\nAdvertisement\n\nTroops left.\nCopyright © 2019 Hill"),
            article("Hill", "Story two\n\nRain fell.\n\nADVERTISEMENT\n\nCopyright © 2020 Hill"),
            article("Hill", "Story three\n\nAdvertisement\n\nCopyright © 2018 Hill\n\nPeace talks."),
            article("Hill", "Story four\n\nNothing repeated here."),
            article("Other", "Advertisement\n\nAdvertisement is this outlet's headline word."),
        ];
        let cleaning = remove_boilerplate(&mut articles, &ON).unwrap();
        assert_eq!(articles[0].text, "Story one\n\nTroops left.");
        assert_eq!(articles[1].text, "Story two\n\nRain fell.");
        assert_eq!(articles[2].text, "Story three\n\nPeace talks.");
        assert_eq!(articles[3].text, "Story four\n\nNothing repeated here.");
        assert_eq!(articles[4].text, "Advertisement\n\nAdvertisement is this outlet's headline word.", "one article: nothing repeats");
        let hill = cleaning.outlets.iter().find(|o| o.outlet == "Hill").unwrap();
        assert_eq!((hill.articles, hill.articles_changed, hill.lines_removed), (4, 3, 6));
        let lines: Vec<(&str, usize)> = cleaning.lines.iter().map(|l| (l.line.as_str(), l.articles)).collect();
        assert_eq!(lines, vec![("Advertisement", 3), ("Copyright © 2019 Hill", 3)]);
    }

    #[test]
    fn spilled_texts_are_cleaned_as_texts_in_memory() {
        // Two outlets interleaved, so that the outlets' order is not the articles' order; line
        // furniture at one, a numbered run at the other, and an article left as it is.
        let scenes = ["Police stand by.", "A child waves a flag.", "Rain falls.", "Vans block a road.", "Mourners sing.", "Shops close."];
        let gallery: String =
            scenes.iter().zip(1..).map(|(scene, i)| format!("{scene} Hide Caption {i} of 6 Photos: Unrest at the border ")).collect();
        let mut articles = vec![
            article("Hill", "Story one\n\nAdvertisement\n\nTroops left."),
            article("CNN", &format!("Gallery\n\n{gallery}The end.")),
            article("Hill", "Story two\n\nRain fell.\n\nADVERTISEMENT"),
            article("CNN", "Other story\n\nThe vote was held on Monday."),
            article("Hill", "Story three\n\nAdvertisement\n\nPeace talks."),
        ];
        let dir = tempfile::tempdir().unwrap();
        let spilled = crate::spill::Analysed::spill(articles.clone(), dir.path()).unwrap();
        let (cleaning, texts) = remove_boilerplate_spilled(&spilled.articles, spilled.texts, &ON, dir.path()).unwrap();
        let in_memory = remove_boilerplate(&mut articles, &ON).unwrap();
        let expected = [
            Some("Story one\n\nTroops left."),
            None,
            Some("Story two\n\nRain fell."),
            Some("Other story\n\nThe vote was held on Monday."),
            Some("Story three\n\nPeace talks."),
        ];
        assert_eq!(texts.len(), 5);
        for (i, want) in expected.iter().enumerate() {
            let spilled = texts.get(i).unwrap();
            assert_eq!(spilled, articles[i].text, "article {i}");
            if let Some(want) = want {
                assert_eq!(&spilled, want, "article {i}");
            }
        }
        // The gallery's counter is cut and its scenes kept.
        assert!(!texts.get(1).unwrap().contains("Hide Caption"));
        let gallery = texts.get(1).unwrap();
        assert!(scenes.iter().all(|s| gallery.contains(s)) && gallery.ends_with("The end."), "{gallery}");
        assert_eq!(cleaning.outlets, in_memory.outlets);
        assert_eq!(cleaning.lines, in_memory.lines);
        let kinds: Vec<(&str, Kind)> = cleaning.lines.iter().map(|l| (l.outlet.as_str(), l.kind)).collect();
        assert_eq!(kinds, [("CNN", Kind::Phrase), ("Hill", Kind::Line)]);
    }

    #[test]
    fn whole_lines_shared_as_furniture_go_at_every_outlet() {
        let with = |outlet: &str, n: usize, line: &str| article(outlet, &format!("Story {n}\n\n{line}\n\nThe vote in story {n} was close."));
        let background = "The U.S. killed Soleimani in a drone strike in Baghdad on Jan. 3.";
        // The Hill prints "Advertisement" in ten articles; a small blog repeats a background
        // paragraph in its three. Each is furniture at its own outlet.
        let mut articles: Vec<Article> = (0..10).map(|n| with("Hill", n, "Advertisement")).collect();
        articles.extend((10..13).map(|n| with("Blog", n, background)));
        // One article each: the line furniture in ten articles goes, the blog's paragraph stays.
        articles.push(article("Post", &format!("Story\n\nADVERTISEMENT\n\n{background}")));
        let cleaning = remove_boilerplate(&mut articles, &ON).unwrap();
        assert_eq!(articles[13].text, format!("Story\n\n{background}"));
        let post: Vec<(Kind, &str, usize)> =
            cleaning.lines.iter().filter(|l| l.outlet == "Post").map(|l| (l.kind, l.line.as_str(), l.articles)).collect();
        assert_eq!(post, [(Kind::Line, "ADVERTISEMENT", 1)]);

        // A line two outlets repeat goes everywhere, however few their articles.
        let mut articles: Vec<Article> = (0..3).map(|n| with("Blog", n, background)).collect();
        articles.extend((3..6).map(|n| with("Wire", n, background)));
        articles.push(article("Post", &format!("Story\n\n{background}\n\nThe end.")));
        remove_boilerplate(&mut articles, &ON).unwrap();
        assert_eq!(articles[6].text, "Story\n\nThe end.");

        // Kept when furniture is kept.
        let mut articles: Vec<Article> = (0..10).map(|n| with("Hill", n, "Advertisement")).collect();
        articles.push(article("Post", "Story\n\nAdvertisement"));
        remove_boilerplate(&mut articles, &BoilerplateOptions { enabled: false, ..ON }).unwrap();
        assert_eq!(articles[10].text, "Story\n\nAdvertisement");
    }

    #[test]
    fn an_opening_found_at_two_outlets_goes_at_every_outlet() {
        let video = |outlet: &str, n: &str, title: &str| {
            article(outlet, &format!("Story {n}\n\nJUST WATCHED {title} Replay More Videos 03:50\n\nThe vote in {n} was close."))
        };
        let credit = |outlet: &str, n: &str, who: &str| article(outlet, &format!("Story {n}\n\nPhoto credit {who} Getty Images\n\nTalks in {n} went on."));
        let mut articles = vec![
            video("CNN", "one", "Odd trial"),
            video("CNN", "two", "Front lines"),
            video("CNN", "three", "Jury outfits"),
            video("CNN Opinion", "four", "A debate"),
            video("CNN Opinion", "five", "A speech"),
            video("CNN Opinion", "six", "A vote"),
            credit("Slate", "seven", "Jane Roe"),
            credit("Slate", "eight", "John Doe"),
            credit("Slate", "nine", "Ann Lee"),
            // One article each: the first opening is furniture at two outlets, the second at one.
            article("Blog", "Post\n\nJUST WATCHED Town hall Replay More Videos 02:10\n\nPhoto credit Bo Li AP\n\nThe end."),
        ];
        let cleaning = remove_boilerplate(&mut articles, &ON).unwrap();
        assert_eq!(articles[9].text, "Post\n\nPhoto credit Bo Li AP\n\nThe end.");
        let blog: Vec<(Kind, &str, usize)> =
            cleaning.lines.iter().filter(|l| l.outlet == "Blog").map(|l| (l.kind, l.line.as_str(), l.articles)).collect();
        assert_eq!(blog, [(Kind::Opening, "JUST WATCHED Town hall Replay More Videos 02:10", 1)]);
    }

    #[test]
    fn thresholds_and_switch() {
        let texts = ["A\n\nSubscribe now.", "B\n\nSubscribe now.", "C\n\nBody."];
        let mut articles: Vec<Article> = texts.iter().map(|t| article("X", t)).collect();
        // Two of three articles: under the minimum of three articles.
        remove_boilerplate(&mut articles, &ON).unwrap();
        assert_eq!(articles[0].text, "A\n\nSubscribe now.");
        let loose = BoilerplateOptions { min_articles: 2, ..ON };
        remove_boilerplate(&mut articles, &loose).unwrap();
        assert_eq!(articles[0].text, "A");
        let mut articles: Vec<Article> = texts.iter().map(|t| article("X", t)).collect();
        let off = BoilerplateOptions { enabled: false, ..loose };
        let cleaning = remove_boilerplate(&mut articles, &off).unwrap();
        assert_eq!(articles[0].text, "A\n\nSubscribe now.");
        assert!(cleaning.lines.is_empty());
    }

    #[test]
    fn short_lines_with_a_repeated_prefix_go() {
        let mut articles = vec![
            article("NPR", "One\n\nEnlarge this image toggle caption Jane Roe/Getty Images\n\nStory one."),
            article("NPR", "Two\n\nEnlarge this image toggle caption John Doe/AP\n\nStory two."),
            article("NPR", "Three\n\nEnlarge this image toggle caption Ann Lee/Reuters\n\nStory three."),
            // A long paragraph opening the same way is content, not a caption.
            article("NPR", "Four\n\nEnlarge this image toggle caption and then a long paragraph that goes on and on for many more words than a caption ever has, past thirty of them, to the end."),
        ];
        let cleaning = remove_boilerplate(&mut articles, &ON).unwrap();
        assert_eq!(articles[0].text, "One\n\nStory one.");
        assert_eq!(articles[2].text, "Three\n\nStory three.");
        assert!(articles[3].text.contains("long paragraph"));
        // Both rules see these captions: the short lines' prefix and their opening, which also
        // takes longer captions that open so ("… toggle caption Jane Roe/AP Jane Roe/AP").
        assert_eq!(cleaning.lines.iter().map(|l| (l.kind, l.articles)).collect::<Vec<_>>(), vec![(Kind::Prefix, 3), (Kind::Opening, 3)]);
    }

    #[test]
    fn openings_of_caption_and_video_lines_go_and_prose_stays() {
        let story = |n: &str, video: &str| {
            format!(
                "Headline {n}\n\nJUST WATCHED {n}, the lede of this story ends as a sentence does in {n}.\n\nStory {n} goes on.\n\n\
                 JUST WATCHED {video} Replay More Videos ... MUST WATCH {video} 03:50\n\n\
                 The president said that talks would go on for as long as both sides wanted them to in {n}."
            )
        };
        let mut articles = vec![
            article("CNN", &story("one", "Odd behavior in Edwards trial")),
            article("CNN", &story("two", "Front Lines: Welcome back")),
            article("CNN", &story("three", "Jury coordinates outfits")),
        ];
        let cleaning = remove_boilerplate(&mut articles, &ON).unwrap();
        // The video boxes go; the lede and the prose paragraph, which end as sentences do, stay
        // though all three articles open them with the same two words.
        assert_eq!(
            articles[0].text,
            "Headline one\n\nJUST WATCHED one, the lede of this story ends as a sentence does in one.\n\nStory one goes on.\n\n\
             The president said that talks would go on for as long as both sides wanted them to in one."
        );
        let found: Vec<(Kind, usize)> = cleaning.lines.iter().map(|l| (l.kind, l.articles)).collect();
        assert_eq!(found, vec![(Kind::Opening, 3)]);
        assert!(cleaning.lines[0].line.starts_with("JUST WATCHED Odd behavior"));
    }

    #[test]
    fn openings_are_two_words_of_lines_that_do_not_end_as_sentences() {
        let cases: [(&str, Option<&str>); 10] = [
            ("Image copyright AP Image caption Dolls in a Moscow shop", Some("image copyright")),
            ("JUST WATCHED Trial Replay More Videos ... MUST WATCH Trial 03:50", Some("just watched")),
            ("Getty Images/AFP via Getty Images", Some("getty images/afp")),
            ("The president said it.", None),
            ("\"We will respond,\" he said", Some("\"we will")),
            ("He said: \"We will respond\"", None),
            ("Two words", None),
            ("— — — —", None),
            ("In a May 2017 news conference, Ryan said so [12]", None),
            ("AMY GOODMAN: We just—we just have—", None),
        ];
        for (line, want) in cases {
            assert_eq!(LineKeys::new(&Line::new(line)).opening(), want.map(key), "{line}");
        }
    }

    #[test]
    fn numbered_runs_inside_an_article_are_cut() {
        let captions = ["Police stand by.", "A child waves a flag.", "Rain falls on the square.", "Vans block a road.", "Mourners sing.", "Shops close early."];
        let gallery: String = captions
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c} Hide Caption {} of 6 Photos: Unrest at the border ", i + 1))
            .collect();
        let mut articles = vec![
            article("CNN", &format!("Gallery\n\n{gallery}The end.")),
            article("CNN", "Other story\n\nThe vote was held on Monday."),
        ];
        let cleaning = remove_boilerplate(&mut articles, &ON).unwrap();
        let text = &articles[0].text;
        for gone in ["Hide", "Caption", "Photos", "Unrest"] {
            assert!(!text.contains(gone), "{gone} left in {text}");
        }
        for c in captions {
            assert!(text.contains(c), "caption {c:?} kept: {text}");
        }
        assert!(text.ends_with("The end."));
        let phrases: Vec<&str> = cleaning.lines.iter().filter(|l| l.kind == Kind::Phrase).map(|l| l.line.as_str()).collect();
        assert_eq!(phrases, ["Hide Caption 1 of 6 Photos: Unrest at the border"]);
        assert_eq!(cleaning.for_outlet("CNN").unwrap().phrases_removed, 1);

        // A phrase repeated word for word (no counter) is the article's content: it stays.
        let mut prose = vec![article("A", "x\n\nThe Cook Partisan Voting Index rose. The Cook Partisan Voting Index fell. The Cook Partisan Voting Index rose. The Cook Partisan Voting Index held. The Cook Partisan Voting Index moved.")];
        remove_boilerplate(&mut prose, &ON).unwrap();
        assert_eq!(prose[0].text.matches("Cook Partisan Voting Index").count(), 5);
    }

    #[test]
    fn link_cards_left_inline_by_scraping_are_cut() {
        // (text, text after cleaning): cards in the shape The Hill's pages leave them, with
        // invented names and headlines.
        let cases = [
            (
                "Senator Ada Quill Adaline (Ada) Mary QuillSenators balk at long trial Port deal stalls MORE said on Friday.",
                "Senator Ada Quill said on Friday.",
            ),
            (
                "Both Ada Quill Adaline QuillBudget talks resume MORE and Rob Vance Robert Lee VanceHillicon Valley: Apps ban | Vote set MORE (R-Ohio) agreed.",
                "Both Ada Quill and Rob Vance (R-Ohio) agreed.",
            ),
            // A camel-cased word in a headline does not open a card; the glued name before it does.
            ("Mr. Vance Robert VanceYouTube removes videos MORE spoke.", "Mr. Vance spoke."),
            // No glued word, no name written before the glued word, or no MORE: prose stays.
            ("WANT MORE? Subscribe to the newsletter.", "WANT MORE? Subscribe to the newsletter."),
            ("The iPhone maker said MORE was coming.", "The iPhone maker said MORE was coming."),
            ("Quill met Vance at McDonald's on Monday.", "Quill met Vance at McDonald's on Monday."),
        ];
        for (text, want) in cases {
            let got = cut_link_cards(text).map_or(text.to_string(), |cut| cut.kept);
            assert_eq!(got, want, "in {text:?}");
        }
        let cut = cut_link_cards(cases[1].0).unwrap();
        assert_eq!(cut.removed, cases[1].0.len() - cases[1].1.len());
        assert_eq!(cut.runs[0], (fingerprint("Budget talks resume"), "Adaline QuillBudget talks resume MORE".to_string()));

        // Through the stage: cut, counted and listed as the outlet's `card` rows.
        let mut articles = vec![article("The Hill", &format!("Headline\n\n{}", cases[0].0)), article("The Hill", "Other\n\nNo cards here.")];
        let cleaning = remove_boilerplate(&mut articles, &ON).unwrap();
        assert_eq!(articles[0].text, format!("Headline\n\n{}", cases[0].1));
        let cards: Vec<&str> = cleaning.lines.iter().filter(|l| l.kind == Kind::Card).map(|l| l.line.as_str()).collect();
        assert_eq!(cards, ["Adaline (Ada) Mary QuillSenators balk at long trial Port deal stalls MORE"]);
        assert_eq!(cleaning.for_outlet("The Hill").unwrap().phrases_removed, 1);
    }

    /// Each credit form the ABP corpus holds, and look-alikes that are not credits.
    #[test]
    fn photo_credits_are_cut_wherever_they_stand() {
        let cases = [
            // A line a bracketed credit ends is a caption, and goes whole.
            ("Trump spoke in El Paso. (AP Photo/Evan Vucci)\n\nHe said more.", "\n\nHe said more."),
            (
                "Leaders met.\n\nFILE - In this May 5, 2020, file photo, Trump talks. (AP Photo/Evan Vucci, File)\n\nWASHINGTON (AP) — The new",
                "Leaders met.\n\n\n\nWASHINGTON (AP) — The new",
            ),
            ("Crowds in Reno, 1992. (AP Photo/Susan Walsh, File) Then rain.", "Crowds in Reno, 1992.  Then rain."),
            ("The mayor spoke. (Photo: Jay LaPrete, AP) Then she left.", "The mayor spoke.  Then she left."),
            ("He spoke (AP Photo) at a rally in Detroit. (Mandel Ngan/AFP via Getty Images)  \nNext.", "  \nNext."),
            ("Enlarge this image toggle caption Alex Wong/Getty Images Alex Wong/Getty Images\n\nIn Iowa.", "Enlarge this image toggle caption  \n\nIn Iowa."),
            ("A rally in Las Vegas. Joe Raedle/Getty Images\n\nFacebook said.", "A rally in Las Vegas. \n\nFacebook said."),
            ("Bush in Reno. Paul J. Richards/AFP/Getty Images", "Bush in Reno. "),
            ("A gas station in Iowa. | Charlie Neibergall/AP Photo\n\nIn the first states.", "A gas station in Iowa. \n\nIn the first states."),
            ("Shoppers in Iowa. | AP Photo", "Shoppers in Iowa. "),
            ("A soldier films the damage. Photo: AFP/Getty\n\nGen. Dunford said.", "A soldier films the damage. \n\nGen. Dunford said."),
            ("A red line. Photo: Getty Images.\n\nThe U.S. said.", "A red line. \n\nThe U.S. said."),
            ("Four years ago. Photo illustration: Laura Kammermann", "Four years ago. "),
            // Not credits: a dateline, a poll, a slash in prose, a book's title.
            ("WASHINGTON (Reuters) - A Reuters/Ipsos poll (D/R) found and/or said so.", "WASHINGTON (Reuters) - A Reuters/Ipsos poll (D/R) found and/or said so."),
            ("He wrote a book (Photographs of War) and an Image of AFP staff.", "He wrote a book (Photographs of War) and an Image of AFP staff."),
            ("Photo: the rally, he said. It went on.", "Photo: the rally, he said. It went on."),
            ("As the AP reported (https://twitter.com/AP/status/1213)\nNext.", "As the AP reported (https://twitter.com/AP/status/1213)\nNext."),
            ("Crowds in Reno (Evan Vucci / AP) cheered.", "Crowds in Reno  cheered."),
            // USA TODAY's contributors and video captions, whole lines only.
            ("He left.\n\nContributing: Kevin Johnson; The Associated Press", "He left.\n\n"),
            ("CLOSE Donald Trump has selected Betsy DeVos. USA TODAY NETWORK\n\nDonald Trump met her.", "\n\nDonald Trump met her."),
            ("Contributing to the mood was a letter. CLOSE CALL IN OHIO\nCLOSE to home.", "Contributing to the mood was a letter. CLOSE CALL IN OHIO\nCLOSE to home."),
            // CNN's gallery captions, whole lines; a live story's update stamps, the stamp alone.
            ("Photos: Photos: Walker wins recall – Gov. Scott Walker speaks.\nHe won.", "\nHe won."),
            ("Update at 9:54 a.m. ET. Weak, Lousy, Horrid.\nUpdated at 3 p.m. ET on Friday\nThe end.", " Weak, Lousy, Horrid.\n\nThe end."),
            ("An update at 9:54 a.m. ET came. Update on the vote: none.", "An update at 9:54 a.m. ET came. Update on the vote: none."),
            // Contributors' lines, whole lines only.
            ("He left.\n\nFox News' Jake Gibson and the Associated Press contributed to this report.", "He left.\n\n"),
            ("He left.\nCarol E. Lee contributed reporting from Washington.\nEnd.", "He left.\n\nEnd."),
            ("Aides who contributed to this report's findings spoke.", "Aides who contributed to this report's findings spoke."),
            ("“Everyone contributed to this report,” she said.", "“Everyone contributed to this report,” she said."),
            ("Lee contributed reporting.\nCrowds (Evan Vucci / AP) cheered.", "\nCrowds  cheered."),
            ("CLOSE USA TODAY's Susan Page reports.\nCLOSE\nNext.", "\nCLOSE\nNext."),
            ("Donors contributed to the campaign.\nThe AP contributed.", "Donors contributed to the campaign.\nThe AP contributed."),
        ];
        for (text, want) in cases {
            let got = cut_photo_credits(text).map_or(text.to_string(), |cut| cut.kept);
            assert_eq!(got, want, "in {text:?}");
        }
        // Listed by what they name.
        let sources: Vec<String> =
            [0, 5, 18, 19, 21, 22].iter().flat_map(|&i| photo_credits(cases[i].0)).map(|(key, _)| key).collect();
        assert_eq!(
            sources,
            ["ap photo", "getty images", "getty images", "contributors", "video caption", "gallery caption", "update stamp", "update stamp"]
        );
        // Through the stage: cut, counted and listed as the outlet's `credit` rows.
        let mut articles = vec![article("AP", &format!("Headline\n\n{}", cases[0].0)), article("AP", "Other\n\nNo photo here.")];
        let cleaning = remove_boilerplate(&mut articles, &ON).unwrap();
        assert_eq!(articles[0].text, format!("Headline\n\n{}", cases[0].1));
        let credits: Vec<&str> = cleaning.lines.iter().filter(|l| l.kind == Kind::Credit).map(|l| l.line.as_str()).collect();
        assert_eq!(credits, ["Trump spoke in El Paso. (AP Photo/Evan Vucci)"]);
        assert_eq!(cleaning.for_outlet("AP").unwrap().phrases_removed, 1);
    }

    #[test]
    fn caption_openings_take_their_lines_that_end_in_punctuation_too() {
        let story = |n: &str, caption: &str| {
            format!("Headline {n}\n\nImage copyright AP Image caption {caption}\n\nStory {n} is told in full sentences here.")
        };
        let mut articles = vec![
            article("BBC", &story("one", "Dolls in a Moscow shop")),
            article("BBC", &story("two", "The summit opened on Monday")),
            article("BBC", &story("three", "Protesters outside parliament")),
            // Most lines opening "Image copyright" end as no prose does, so this one goes as well.
            article("BBC", &story("four", "Mr Trump said: \"No deal\"")),
            // A long paragraph with the same opening is content.
            article("BBC", "Headline five\n\nImage copyright law was changed this year, and the long paragraph that tells how goes on for many more words than any caption, well past thirty of them, to its end.\n\nStory five."),
        ];
        remove_boilerplate(&mut articles, &ON).unwrap();
        for (a, n) in articles.iter().zip(["one", "two", "three", "four"]) {
            assert_eq!(a.text, format!("Headline {n}\n\nStory {n} is told in full sentences here."));
        }
        assert!(articles[4].text.contains("Image copyright law"));
    }

    #[test]
    fn paragraphs_ending_alike_go() {
        let story = |n: &str, who: &str| {
            format!(
                "Headline {n}\n\nIn story {n} the senate voted late on Tuesday night.\n\n\
                 Fox News' {who} and the Associated Press shared the reporting of this story."
            )
        };
        // (A contributors' line, "… contributed to this report.", goes as a credit wherever it
        // stands: see `photo_credits_are_cut_wherever_they_stand`.)
        let mut articles = vec![
            article("Fox", &story("one", "Jane Roe")),
            article("Fox", &story("two", "John Doe")),
            article("Fox", &story("three", "Ann Lee and Bo Li")),
            article("Fox", "Headline four\n\nThe AP shared the reporting of this story."),
        ];
        let cleaning = remove_boilerplate(&mut articles, &ON).unwrap();
        assert_eq!(articles[1].text, "Headline two\n\nIn story two the senate voted late on Tuesday night.");
        // Eight words or fewer: the whole line is the key, and this one is seen once.
        assert!(articles[3].text.ends_with("shared the reporting of this story."));
        let found: Vec<(Kind, usize)> = cleaning.lines.iter().map(|l| (l.kind, l.articles)).collect();
        assert_eq!(found, vec![(Kind::Suffix, 3)]);
        assert_eq!(Line::new("One two three four five six seven eight").suffix(), None);
        assert_eq!(Line::new("Zero one two three four five six seven 2019.").suffix(), Some("one two three four five six seven 0."));
    }

    #[test]
    fn lines_in_capitals_are_told_from_headlines_acronyms_and_speech() {
        let cases = [
            ("CLICK HERE FOR THE FOX NEWS APP", true),
            ("TRUMP REPLACES CAMPAIGN MANAGER", true),
            ("KELLY CRAFT AT UN: NORTH KOREA 'RISK CLOSING THE DOOR'", true),
            ("WASHINGTON (AP) —", false), // two words
            ("NATO AND EU", false),       // nine capital letters
            ("STEVE INSKEEP, HOST: Good morning.", false),
            ("The FBI and the CIA said so.", false),
            ("McCONNELL SAYS NO DEAL", false), // a small letter
            ("“IRAN WILL NEVER HAVE A NUCLEAR WEAPON!”", false), // a quotation
            ("قالت وكالة IRNA إن NATO و IAEA اجتمعتا", false),   // Arabic has no capitals
        ];
        for (line, want) in cases {
            assert_eq!(Line::new(line).in_capitals(), want, "{line}");
        }
    }

    #[test]
    fn outlets_setting_links_in_capitals_lose_them() {
        let story = |n: &str, prose: &str, link: &str| format!("Headline {n}\n\n{prose}\n\n{link}");
        let mut articles = vec![
            article("Fox", &story("one", "The senate voted.", "TRUMP REPLACES CAMPAIGN MANAGER")),
            article("Fox", &story("two", "Rain fell all day.", "CLICK HERE FOR THE FOX NEWS APP")),
            article("Fox", &story("three", "Talks went on.", "SENATE VOTES TO END SUPPORT FOR SAUDI FORCES")),
            article("Fox", "Headline four\n\nNo link in this one."),
            // Another outlet with one such line in one article of two keeps it.
            article("AP", &story("five", "Troops left.", "TRUMP REPLACES CAMPAIGN MANAGER")),
            article("AP", "Headline six\n\nNothing here."),
        ];
        let cleaning = remove_boilerplate(&mut articles, &ON).unwrap();
        assert_eq!(articles[1].text, "Headline two\n\nRain fell all day.");
        assert!(articles[4].text.contains("TRUMP REPLACES"));
        let found: Vec<(&str, Kind, &str, usize)> =
            cleaning.lines.iter().map(|l| (l.outlet.as_str(), l.kind, l.line.as_str(), l.articles)).collect();
        assert_eq!(found, [("Fox", Kind::Capitals, "TRUMP REPLACES CAMPAIGN MANAGER", 3)]);
    }

    #[test]
    fn lines_said_twice_in_one_article_go() {
        let mut articles = vec![
            // One article of its outlet: no count across articles can find its furniture.
            article(
                "Globe",
                "Headline\n\nThe vigil was filmed in 2017.\n\nStory continues below advertisement\n\nShe asked her \
                 friend not to release it.\n\nStory continues below advertisement\n\nThe clip was released.\n\n\
                 She said no.\n\nShe said no.\n\nFrom Reuters\n\nFrom Reuters\n\nMore pictures from the vigil",
            ),
            article("Globe", "Headline two\n\nStory continues below advertisement\n\nOnce only, so it stays."),
        ];
        let cleaning = remove_boilerplate(&mut articles, &ON).unwrap();
        // Repeated sentences (ending as prose does) and two-word lines stay, as does a caption
        // said once.
        assert_eq!(
            articles[0].text,
            "Headline\n\nThe vigil was filmed in 2017.\n\nShe asked her friend not to release it.\n\nThe clip was released.\n\n\
             She said no.\n\nShe said no.\n\nFrom Reuters\n\nFrom Reuters\n\nMore pictures from the vigil"
        );
        assert!(articles[1].text.contains("Story continues below advertisement"));
        let found: Vec<(Kind, &str, usize)> = cleaning.lines.iter().map(|l| (l.kind, l.line.as_str(), l.articles)).collect();
        assert_eq!(found, [(Kind::Repeat, "Story continues below advertisement", 1)]);
        assert_eq!(cleaning.outlets[0].lines_removed, 2);
    }

    #[test]
    fn a_furniture_line_said_twice_over_goes() {
        let cases = [
            ("advertisement advertisement", Some("advertisement")),
            ("advertisement advertisement advertisement", Some("advertisement")),
            ("hide caption hide caption", Some("hide caption")),
            ("hide caption hide", None),
            ("advertisement", None),
            ("no no yes", None),
            ("", None),
        ];
        for (key, unit) in cases {
            assert_eq!(repeated_unit(key), unit, "{key}");
        }
        // "Advertisement" is furniture everywhere (one outlet has it in ten articles); a page
        // whose two "Advertisement" lines ran together loses the line too.
        let mut articles: Vec<Article> =
            (0..10).map(|n| article("Times", &format!("Story {n}\n\nAdvertisement\n\nThe vote was close."))).collect();
        articles.push(article("MediaPost", "Story\n\nadvertisement advertisement\n\nAds ran in Ohio."));
        articles.push(article("MediaPost", "Story two\n\nAdvertisement budgets grew.\n\nSo did ads."));
        let cleaning = remove_boilerplate(&mut articles, &ON).unwrap();
        assert_eq!(articles[10].text, "Story\n\nAds ran in Ohio.");
        assert_eq!(articles[11].text, "Story two\n\nAdvertisement budgets grew.\n\nSo did ads.");
        assert!(cleaning.lines.iter().any(|l| l.outlet == "MediaPost" && l.kind == Kind::Line && l.line == "advertisement advertisement"));
    }

    #[test]
    fn lines_ending_in_a_web_address_go_but_quoted_tweets_stay() {
        let long = format!("{} at www.example.org", vec!["word"; 40].join(" "));
        let cases = [
            ("Joining PragerU is free! Sign up now to get all our videos. http://prageru.com/signup", true),
            ("Read or Share this story: http://usat.ly/2byocYF", true),
            ("Follow Nancy Benac on Twitter at http://twitter.com/nbenac", true),
            ("Online: https://www.faa.gov", true),
            ("For more information, go to www.patriotacademy.com", true),
            ("https://www.youtube.com/watch?v=8llFHHAkGcw", true),
            ("Today's ruling is an important victory https://t.co/r5VEHVoFsb", false),
            ("https://twitter.com/jnaudz/status/838165784987910144", false),
            ("The site is http://example.com and it is slow.", false),
            ("Visit the website for details.", false),
            (long.as_str(), false), // 43 words: prose citing its source
        ];
        for (line, want) in cases {
            assert_eq!(Line::new(line).ends_in_link(), want, "{line}");
        }
        let mut articles = vec![
            article("PragerU", "Video one\n\nMarkets made us rich.\n\nDonate today to PragerU! http://l.prageru.com/2ylo1Yt"),
            article("PragerU", "Video two\n\nSchools matter.\n\nTrump wrote: Schools first https://t.co/abc"),
        ];
        let cleaning = remove_boilerplate(&mut articles, &ON).unwrap();
        assert_eq!(articles[0].text, "Video one\n\nMarkets made us rich.");
        assert!(articles[1].text.ends_with("https://t.co/abc"));
        let found: Vec<(Kind, &str, usize)> = cleaning.lines.iter().map(|l| (l.kind, l.line.as_str(), l.articles)).collect();
        assert_eq!(found, [(Kind::Link, "Donate today to PragerU! http://l.prageru.com/2ylo1Yt", 1)]);
        // Kept with the furniture.
        let mut articles = vec![article("PragerU", "Video\n\nDonate today! http://l.prageru.com/x")];
        remove_boilerplate(&mut articles, &BoilerplateOptions { enabled: false, ..ON }).unwrap();
        assert!(articles[0].text.ends_with("http://l.prageru.com/x"));
    }

    #[test]
    fn galleries_inside_articles_go_and_repeated_prose_openings_stay() {
        let gallery = |n: &str| {
            let captions = ["Crowds gather in", "A child waves a flag in", "Rain falls on", "Vans block a road in", "Mourners sing in"];
            let mut slides: Vec<String> = captions.iter().map(|c| format!("Hide caption {c} {n}. Previous Next Jane Roe/AP")).collect();
            // A sixth line opens like the captions but ends as prose does: it stays.
            slides.push(format!("Hide caption buttons were added to the player in {n}."));
            format!("Headline {n}\n\nStory {n} opens.\n\n{}\n\nStory {n} ends.", slides.join("\n\n"))
        };
        // A transcript: its speaker opens five lines, each ending as a sentence does.
        let transcript = "Interview\n\nMELISSA BLOCK, HOST: One.\nMELISSA BLOCK, HOST: Two.\nMELISSA BLOCK, HOST: Three.\nMELISSA BLOCK, HOST: Four.\nMELISSA BLOCK, HOST: Five.";
        let others: Vec<String> = (0..60).map(|i| format!("Other\n\n{} rose.", ["War", "Peace", "Rain", "Votes", "Taxes", "Trade"][i % 6].repeat(i / 6 + 1))).collect();
        let mut articles: Vec<Article> = ["one", "two", "three"].iter().map(|n| article("NPR", &gallery(n))).collect();
        articles.push(article("NPR", transcript));
        articles.push(article("NPR", &gallery("four").replace("Hide caption", "Show caption")));
        articles.extend(others.iter().map(|t| article("NPR", t)));
        let options = BoilerplateOptions { min_share: 0.05, ..ON };
        let cleaning = remove_boilerplate(&mut articles, &options).unwrap();
        // Three of 65 articles: under the 5% share, but a gallery in each.
        assert_eq!(articles[0].text, "Headline one\n\nStory one opens.\n\nHide caption buttons were added to the player in one.\n\nStory one ends.");
        assert_eq!(articles[3].text, transcript);
        assert!(articles[4].text.contains("Show caption Crowds gather in four."), "an opening of one article only");
        let found: Vec<(Kind, &str, usize)> = cleaning.lines.iter().map(|l| (l.kind, l.line.as_str(), l.articles)).collect();
        assert_eq!(found, [(Kind::Gallery, "Hide caption Crowds gather in one. Previous Next Jane Roe/AP", 3)]);
    }

    #[test]
    fn counters_count_up_by_one() {
        assert!(counts_up(&["Hide Caption 1 of", "Hide Caption 2 of", "Hide Caption 3 of", "Hide Caption 1 of", "Hide Caption 2 of"]), "two galleries");
        assert!(!counts_up(&["1 of", "2 of", "1 of", "2 of", "1 of"]), "as many restarts as steps");
        assert!(!counts_up(&["1 of", "2 of", "3 of", "2 of"]), "a step back, not a restart");
        assert!(counts_up(&["Caption 1 of 22", "Caption 2 of 22", "Caption 3 of 22"]));
        assert!(!counts_up(&["Caption 1 of 22", "Caption 3 of 22"]), "a gap");
        assert!(!counts_up(&["554 U.S. at 629", "554 U.S. at 631", "554 U.S. at 640"]), "page citations");
        assert!(!counts_up(&["won by 5", "won by 5"]), "nothing varies");
        assert!(!counts_up(&["1 of 2", "2 of 3"]), "two numbers vary");
        assert!(!counts_up(&["no digits", "no digits"]));
    }

    #[test]
    fn repeated_units_are_the_shortest_run_of_words_the_rest_repeats() {
        let cases: [(&str, Option<&str>); 13] = [
            ("advertisement advertisement", Some("advertisement")),
            ("advertisement advertisement advertisement", Some("advertisement")),
            ("a a a a", Some("a")),
            ("a b a b", Some("a b")),
            ("a b a b a b", Some("a b")),
            ("share this story share this story", Some("share this story")),
            ("aa aa", Some("aa")),
            ("a b a", None),
            ("ab a", None),
            ("a ab", None),
            ("a aa a aa a", None),
            ("advertisement", None),
            ("", None),
        ];
        for (fingerprint, want) in cases {
            assert_eq!(repeated_unit(fingerprint), want, "{fingerprint}");
        }
    }

    #[test]
    fn ascii_fingerprints_are_those_of_the_general_path() {
        // Spacing of every ASCII kind split_whitespace knows (vertical tab and form feed included),
        // at the ends and doubled; digit runs split by spaces, glued to letters, or holding a 0.
        let cases = [
            "",
            "   ",
            "Copyright 2019 The Times",
            " \t lead\x0bvertical\x0cfeed\r\nand  double  spaces \t",
            "100 200a b300c 0 00 a0b0",
            "(4 images) | PHOTO: AP/2020",
            "x\x1fy\x1cz",
        ];
        for line in cases {
            assert_eq!(fingerprint_ascii(line.as_bytes()), fingerprint_unicode(line), "{line:?}");
        }
        assert_eq!(fingerprint_ascii(b" \t lead\x0bvertical  2020"), "lead vertical 0");
    }

    #[test]
    fn fingerprints_fold_case_spacing_and_digits() {
        assert_eq!(fingerprint("  Copyright  © 2019 The Times "), "copyright © 0 the times");
        assert_eq!(fingerprint("Slideshow (4 images)"), "slideshow (0 images)");
        assert_eq!(fingerprint("Slideshow (4 images)"), fingerprint("slideshow (12 images)"));
        // Words outside ASCII take Unicode's full lowercase ("İ" is "i" and a combining dot);
        // a run of digits folds to one 0 across the ASCII and other words alike.
        assert_eq!(fingerprint("ÄRZTE2020 in İstanbul: 3,000"), "ärzte0 in i\u{307}stanbul: 0,0");
        assert_eq!(fingerprint("Özil 10 11"), "özil 0 0");
        // Words as the fingerprint separates them, for the rules that count them.
        let words = |line: &str| Line::new(line).words;
        assert_eq!((words("  Copyright  © 2019 The Times "), words("one"), words("")), (5, 1, 1));
    }
}
