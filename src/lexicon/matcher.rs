//! Matcher: lexicons and a token stream in, non-overlapping pattern matches out. Each lexicon is
//! compiled into a trie over tokens, so one pass over an article checks every pattern at once.
//! At each position the longest match wins ("drone strike" over "strike"); on equal length the more
//! specific pattern wins, token by token from the first: an exact word beats a glob, a longer glob
//! stem beats a shorter one (`killi*` over `kill*`), a glob beats the any-word slot `*`. A match
//! consumes its tokens and never crosses a sentence boundary. A pattern listed in several categories
//! (lexicons with `shared_patterns`) gives one match per category. Where a lexicon or category sets
//! a negation window, a match preceded within that many tokens of its sentence by a negator is
//! flagged `negated` in the same pass.

use super::Lexicon;
use crate::model::Token;
use crate::hash::HashMap;
use std::collections::BTreeMap;

/// One match of one lexicon: tokens `[first, last]` matched pattern `pattern` of `category`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub lexicon: u16,
    pub category: u16,
    /// Index into `Matcher::patterns(lexicon)`.
    pub pattern: u32,
    pub first: usize,
    pub last: usize,
    /// A negator precedes the match within its category's negation window.
    pub negated: bool,
}

/// Whether a normalised token negates what follows: not, no, never, nor, neither, none, nobody,
/// nothing, nowhere, without, cannot, and the `n't` contractions (didn't, won't).
pub fn is_negator(norm: &str) -> bool {
    matches!(
        norm,
        "not" | "no" | "never" | "nor" | "neither" | "none" | "nobody" | "nothing" | "nowhere" | "without" | "cannot"
    ) || norm.ends_with("n't")
}

#[derive(Default)]
struct Node {
    exact: HashMap<String, usize>,
    globs: Vec<(String, usize)>,
    /// Positions in `globs` of the stems starting with each byte, in `globs` order: a token is
    /// tested only against stems that share its first byte (most of the matcher's time went to
    /// comparing every token with every stem).
    globs_by_byte: HashMap<u8, Vec<usize>>,
    any: Option<usize>,
    /// The patterns ending here: one per category listing the pattern.
    terminal: Vec<u32>,
}

struct Trie {
    nodes: Vec<Node>,
    /// (category, pattern text) by pattern id.
    patterns: Vec<(u16, String)>,
    /// Negation window per category (0: off).
    windows: Vec<usize>,
}

/// The compiled form of a set of lexicons.
pub struct Matcher {
    tries: Vec<Trie>,
    starts: Starts,
}

/// Which lexicons' patterns can start at a token, from the roots of every trie at once: one walk
/// per token instead of one look-up per lexicon, and most tokens ("the", "said") start no pattern
/// of any. The roots' first words and glob stems are spelled into one trie over bytes, so a token
/// is answered by following its bytes, without hashing it or comparing it with every stem of its
/// first bytes (those two were most of the matcher's time). The first 64 lexicons are the bits
/// of a mask; any further lexicon is tried at every token.
#[derive(Default)]
struct Starts {
    /// Lexicons whose patterns may open with any word (`*`, or a glob with an empty stem).
    always: u64,
    /// The byte trie, node 0 the empty prefix; a node's children are numbered consecutively in
    /// byte order from `first`.
    nodes: Vec<ByteNode>,
    /// Lexicons with a glob stem spelled by the path to each node: a token through it starts them.
    stem: Vec<u64>,
    /// Lexicons with a first word spelled by the path to each node: a token ending there starts
    /// them.
    word: Vec<u64>,
}

/// A node of the byte trie: which bytes it has a child for, one bit per byte value, so that a
/// child is found by counting bits (a rank) rather than by a search that branches.
#[derive(Default, Clone, Copy)]
struct ByteNode {
    has: [u64; 4],
    first: u32,
}

impl ByteNode {
    /// The child for byte `b`, if any.
    #[inline(always)]
    fn child(&self, b: u8) -> Option<usize> {
        let (w, bit) = (usize::from(b >> 6), b & 63);
        if self.has[w] >> bit & 1 == 0 {
            return None;
        }
        let before: u32 = self.has[..w].iter().map(|h| h.count_ones()).sum();
        let rank = before + (self.has[w] & ((1u64 << bit) - 1)).count_ones();
        Some((self.first + rank) as usize)
    }
}

impl Starts {
    fn new(tries: &[Trie]) -> Starts {
        // Spelled with a map per node, then numbered breadth first so that each node's children
        // are consecutive.
        fn spell(children: &mut Vec<BTreeMap<u8, usize>>, bytes: &[u8]) -> usize {
            let mut node = 0;
            for &b in bytes {
                let next = children.len();
                node = *children[node].entry(b).or_insert(next);
                if node == next {
                    children.push(BTreeMap::new());
                }
            }
            node
        }
        let mut children: Vec<BTreeMap<u8, usize>> = vec![BTreeMap::new()];
        let (mut stems, mut words) = (Vec::new(), Vec::new());
        let mut always = 0;
        for (i, trie) in tries.iter().enumerate() {
            let Some(bit) = 1u64.checked_shl(i as u32) else { break };
            let root = &trie.nodes[0];
            if root.any.is_some() {
                always |= bit;
            }
            for word in root.exact.keys() {
                words.push((spell(&mut children, word.as_bytes()), bit));
            }
            for (stem, _) in &root.globs {
                if stem.is_empty() {
                    always |= bit;
                } else {
                    stems.push((spell(&mut children, stem.as_bytes()), bit));
                }
            }
        }
        let mut order = vec![0];
        let mut number = vec![0; children.len()];
        let mut nodes = Vec::with_capacity(children.len());
        let mut i = 0;
        while i < order.len() {
            let old = order[i];
            let mut node = ByteNode { first: order.len() as u32, ..ByteNode::default() };
            for (&b, &child) in &children[old] {
                node.has[usize::from(b >> 6)] |= 1 << (b & 63);
                number[child] = order.len();
                order.push(child);
            }
            nodes.push(node);
            i += 1;
        }
        let mut starts = Starts { always, nodes, stem: vec![0; order.len()], word: vec![0; order.len()] };
        for (node, bit) in stems {
            starts.stem[number[node]] |= bit;
        }
        for (node, bit) in words {
            starts.word[number[node]] |= bit;
        }
        starts
    }

    /// The tokens that start a pattern of some lexicon, with those lexicons as bits.
    fn of_tokens(&self, tokens: &[Token]) -> Vec<(usize, u64)> {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("popcnt") {
            // SAFETY: the processor has the instruction.
            return unsafe { self.of_tokens_popcnt(tokens) };
        }
        self.of_tokens_portable(tokens)
    }

    /// `of_tokens` with the processor's bit count: a child is found by counting bits, and the
    /// baseline x86-64 target counts them in a dozen instructions on every byte of every token.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "popcnt")]
    unsafe fn of_tokens_popcnt(&self, tokens: &[Token]) -> Vec<(usize, u64)> {
        self.of_tokens_portable(tokens)
    }

    /// A plain loop, not iterator adapters: those would be compiled apart from the caller
    /// and without its bit count.
    #[inline(always)]
    fn of_tokens_portable(&self, tokens: &[Token]) -> Vec<(usize, u64)> {
        let mut starting = Vec::new();
        for (i, t) in tokens.iter().enumerate() {
            let mask = self.of(t.norm.as_str());
            if mask != 0 {
                starting.push((i, mask));
            }
        }
        starting
    }

    /// The lexicons (as bits) whose trie root has a child matching `norm`; the tries test the
    /// same three ways (`Trie::walk`): the exact word, a glob stem it starts with, any word.
    #[inline(always)]
    fn of(&self, norm: &str) -> u64 {
        let mut mask = self.always;
        let mut node = 0;
        for &b in norm.as_bytes() {
            match self.nodes[node].child(b) {
                Some(next) => node = next,
                None => return mask,
            }
            mask |= self.stem[node];
        }
        // The empty token is no word (node 0 spells none).
        mask | self.word[node]
    }
}

impl Matcher {
    pub fn new(lexicons: &[Lexicon]) -> Matcher {
        let tries: Vec<Trie> = lexicons.iter().map(compile).collect();
        Matcher { starts: Starts::new(&tries), tries }
    }

    /// The (category, pattern) pairs of lexicon `lexicon`, indexed by `Match::pattern`.
    pub fn patterns(&self, lexicon: u16) -> &[(u16, String)] {
        &self.tries[lexicon as usize].patterns
    }

    /// All matches of all lexicons in `tokens`, ordered by lexicon then position.
    pub fn find(&self, tokens: &[Token]) -> Vec<Match> {
        let mut out = Vec::new();
        // A trie finds nothing at a token its root has no child for, so it is not walked there;
        // most tokens start no pattern of any lexicon, so each lexicon visits only the tokens
        // that start one of anything (with its lexicons as bits).
        let starts = self.starts.of_tokens(tokens);
        for (lexicon, trie) in self.tries.iter().enumerate() {
            // A match consumes its tokens: the next is tried after its last.
            let mut next = 0;
            let mut try_at = |i: usize| {
                if i < next {
                    return;
                }
                next = i + 1;
                if let Some((last, node)) = trie.longest_at(tokens, i) {
                    for &pattern in &trie.nodes[node].terminal {
                        let category = trie.patterns[pattern as usize].0;
                        let negated = negated(tokens, i, trie.windows[category as usize]);
                        out.push(Match { lexicon: lexicon as u16, category, pattern, first: i, last, negated });
                    }
                    next = last + 1;
                }
            };
            match 1u64.checked_shl(lexicon as u32) {
                Some(bit) => starts.iter().filter(|&&(_, mask)| mask & bit != 0).for_each(|&(i, _)| try_at(i)),
                // Past 64 lexicons there is no bit to skip by: every token is tried.
                None => (0..tokens.len()).for_each(try_at),
            }
        }
        out
    }
}

/// Whether one of the `window` tokens before `first`, in the same sentence, is a negator.
fn negated(tokens: &[Token], first: usize, window: usize) -> bool {
    let sentence = tokens[first].sentence;
    tokens[first.saturating_sub(window)..first].iter().any(|t| t.sentence == sentence && is_negator(&t.norm))
}

fn compile(lexicon: &Lexicon) -> Trie {
    let windows = lexicon.categories.iter().map(|c| c.window(&lexicon.meta)).collect();
    let mut trie = Trie { nodes: vec![Node::default()], patterns: Vec::new(), windows };
    for (c, category) in lexicon.categories.iter().enumerate() {
        for pattern in &category.patterns {
            let id = trie.patterns.len() as u32;
            trie.patterns.push((c as u16, pattern.clone()));
            let mut node = 0;
            for part in pattern.split(' ') {
                node = trie.child(node, part);
            }
            trie.nodes[node].terminal.push(id);
        }
    }
    // More specific globs first, so that on equal length the longer stem wins whatever the order
    // the patterns were listed in (the stable sort keeps listing order among equal stems).
    for node in &mut trie.nodes {
        node.globs.sort_by_key(|(stem, _)| std::cmp::Reverse(stem.len()));
        let mut by_byte: HashMap<u8, Vec<usize>> = HashMap::default();
        for (i, (stem, _)) in node.globs.iter().enumerate() {
            // An empty stem (a bare `*` suffix) matches every token: listed under every byte.
            match stem.as_bytes().first() {
                Some(&b) => by_byte.entry(b).or_default().push(i),
                None => (0..=255u8).for_each(|b| by_byte.entry(b).or_default().push(i)),
            }
        }
        for list in by_byte.values_mut() {
            list.sort_unstable();
        }
        node.globs_by_byte = by_byte;
    }
    trie
}

impl Trie {
    fn child(&mut self, node: usize, part: &str) -> usize {
        let next = self.nodes.len();
        let existing = if part == "*" {
            self.nodes[node].any
        } else if let Some(stem) = part.strip_suffix('*') {
            self.nodes[node].globs.iter().find(|(s, _)| s == stem).map(|&(_, n)| n)
        } else {
            self.nodes[node].exact.get(part).copied()
        };
        if let Some(n) = existing {
            return n;
        }
        self.nodes.push(Node::default());
        if part == "*" {
            self.nodes[node].any = Some(next);
        } else if let Some(stem) = part.strip_suffix('*') {
            self.nodes[node].globs.push((stem.to_string(), next));
        } else {
            self.nodes[node].exact.insert(part.to_string(), next);
        }
        next
    }

    /// The longest, then most specific, pattern matching at token `start`: (index of its last
    /// token, terminal node). Children are visited most specific first, and a later terminal
    /// replaces the best only when it is longer.
    fn longest_at(&self, tokens: &[Token], start: usize) -> Option<(usize, usize)> {
        let mut best: Option<(usize, usize)> = None;
        self.walk(0, tokens, start, start, &mut best);
        best
    }

    fn walk(&self, node: usize, tokens: &[Token], start: usize, at: usize, best: &mut Option<(usize, usize)>) {
        let Some(token) = tokens.get(at) else { return };
        if token.sentence != tokens[start].sentence {
            return;
        }
        let n = &self.nodes[node];
        let mut visit = |child: usize| {
            if !self.nodes[child].terminal.is_empty() && best.is_none_or(|(last, _)| at > last) {
                *best = Some((at, child));
            }
            self.walk(child, tokens, start, at + 1, best);
        };
        if let Some(&child) = n.exact.get(token.norm.as_str()) {
            visit(child);
        }
        if let Some(candidates) = token.norm.as_bytes().first().and_then(|b| n.globs_by_byte.get(b)) {
            for &g in candidates {
                let (stem, child) = &n.globs[g];
                if token.norm.starts_with(stem.as_str()) {
                    visit(*child);
                }
            }
        }
        if let Some(child) = n.any {
            visit(child);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::segment;

    fn lexicon(categories: &[(&str, &[&str])]) -> Lexicon {
        let mut toml = String::from(
            "[lexicon]\nname='t'\nversion='1'\ndescription='t'\nsource='t'\nlicence='CC0-1.0'\n",
        );
        for (name, patterns) in categories {
            let quoted: Vec<String> = patterns.iter().map(|p| format!("{p:?}")).collect();
            toml.push_str(&format!("[[category]]\nname='{name}'\npatterns=[{}]\n", quoted.join(",")));
        }
        Lexicon::parse(&toml, "t.toml").unwrap()
    }

    /// (matched text, category name) for every match of `lex` in `text`.
    fn matches(lex: &Lexicon, text: &str) -> Vec<(String, String)> {
        let (_, tokens) = segment(text);
        let matcher = Matcher::new(std::slice::from_ref(lex));
        matcher
            .find(&tokens)
            .into_iter()
            .map(|m| {
                let surface = &text[tokens[m.first].span.start..tokens[m.last].span.end];
                (surface.to_string(), lex.categories[m.category as usize].name.clone())
            })
            .collect()
    }

    /// Each lexicon of many finds its own patterns: the start masks hold 64 lexicons, and the
    /// lexicons past them are tried at every token.
    #[test]
    fn every_lexicon_of_many_finds_its_patterns() {
        let lexicons: Vec<Lexicon> = (0..70)
            .map(|i| match i {
                3 => lexicon(&[("phrase", &["drone strike"])]),
                65 => lexicon(&[("glob", &["assassinat*"])]),
                _ => lexicon(&[("word", &[format!("w{i}").as_str()])]),
            })
            .collect();
        let text = "w0 w63 w64 w69 drone strike assassinated";
        let (_, tokens) = segment(text);
        let found: Vec<(u16, &str)> = Matcher::new(&lexicons)
            .find(&tokens)
            .into_iter()
            .map(|m| (m.lexicon, &text[tokens[m.first].span.start..tokens[m.last].span.end]))
            .collect();
        assert_eq!(
            found,
            [(0, "w0"), (3, "drone strike"), (63, "w63"), (64, "w64"), (65, "assassinated"), (69, "w69")]
        );
    }

    /// The lexicons a token can start, against their definition: a root child of the lexicon's
    /// trie that matches the token, exactly or as a glob stem (a pattern cannot open with `*`).
    /// Stems of one, two and more bytes, sharing first bytes across lexicons, with bytes from
    /// each quarter of the byte range (digits, `_`, letters, UTF-8).
    #[test]
    fn starts_are_the_roots_that_match() {
        let lexicons = [
            lexicon(&[("one", &["k*", "strike", "état", "2020"])]),
            lexicon(&[("two", &["ki*", "st*", "ké*", "_x*"])]),
            lexicon(&[("long", &["kill*", "stri*", "s*"])]),
            lexicon(&[("slot", &["according to *"])]),
        ];
        let matcher = Matcher::new(&lexicons);
        let tokens = ["k", "ki", "kil", "kill", "killing", "kx", "s", "st", "strike", "stripe", "sa", "according", "x", "", "é", "ké", "kéx", "état", "éta", "2020", "202", "_x", "_xy"];
        for token in tokens {
            let want = matcher.tries.iter().enumerate().fold(0u64, |mask, (i, trie)| {
                let root = &trie.nodes[0];
                let starts = root.exact.contains_key(token)
                    || root.globs.iter().any(|(stem, _)| token.starts_with(stem.as_str()) && !token.is_empty())
                    || root.any.is_some();
                mask | (u64::from(starts) << i)
            });
            assert_eq!(matcher.starts.of(token), want, "{token:?}");
        }
        assert_eq!(matcher.starts.of("killing"), 0b0111, "k*, ki* and kill*");
        assert_eq!(matcher.starts.of("stripe"), 0b0110, "st*, stri* and s*; not strike");
        assert_eq!(matcher.starts.of("according"), 0b1000);
        assert_eq!(matcher.starts.of("kéx"), 0b0011, "k* and ké*");
        assert_eq!(matcher.starts.of("état"), 0b0001);
    }

    #[test]
    fn matches_words_globs_phrases_and_slots() {
        let lex = lexicon(&[
            ("loaded", &["assassinat*", "state terrorism", "liquidated"]),
            ("military", &["strike", "drone strike", "struck"]),
            ("source", &["according to *"]),
        ]);
        let cases: &[(&str, &[(&str, &str)])] = &[
            ("The assassination of the general", &[("assassination", "loaded")]),
            ("They were Assassinated.", &[("Assassinated", "loaded")]),
            ("a US drone strike near the airport", &[("drone strike", "military")]),
            ("the strike and the drone", &[("strike", "military")]),
            ("what they call “state terrorism.”", &[("state terrorism", "loaded")]),
            ("according to officials", &[("according to officials", "source")]),
            ("according to", &[]),
            ("the state. Terrorism", &[]),
            ("the assassin fled", &[]),
        ];
        for (text, want) in cases {
            let want: Vec<(String, String)> = want.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
            assert_eq!(matches(&lex, text), want, "matching in {text:?}");
        }
    }

    #[test]
    fn exact_word_beats_glob_of_equal_length() {
        let lex = lexicon(&[("glob", &["kill*"]), ("exact", &["killed"])]);
        assert_eq!(matches(&lex, "he killed"), vec![("killed".to_string(), "exact".to_string())]);
        assert_eq!(matches(&lex, "killings"), vec![("killings".to_string(), "glob".to_string())]);
    }

    #[test]
    fn longer_glob_stem_wins_whatever_the_listing_order() {
        let orders = [
            lexicon(&[("short", &["kill*"]), ("long", &["killi*"])]),
            lexicon(&[("long", &["killi*"]), ("short", &["kill*"])]),
        ];
        for (order, lex) in orders.iter().enumerate() {
            let got = matches(lex, "killing kills");
            assert_eq!(
                got,
                vec![("killing".to_string(), "long".to_string()), ("kills".to_string(), "short".to_string())],
                "{order:?}"
            );
        }
    }

    #[test]
    fn a_shared_pattern_counts_in_each_category() {
        let toml = "[lexicon]\nname='t'\nversion='1'\ndescription='t'\nsource='t'\nlicence='x'\nshared_patterns=true\n\
                    [[category]]\nname='anger'\npatterns=['hate*']\n[[category]]\nname='negemo'\npatterns=['hate*', 'sad']\n";
        let lex = Lexicon::parse(toml, "t.toml").unwrap();
        let (_, tokens) = segment("They hated it. Sad.");
        let got: Vec<(usize, u16)> = Matcher::new(std::slice::from_ref(&lex)).find(&tokens).iter().map(|m| (m.first, m.category)).collect();
        assert_eq!(got, vec![(1, 0), (1, 1), (3, 1)]);
    }

    #[test]
    fn negators_within_the_window_and_sentence_flag_a_match() {
        let toml = "[lexicon]\nname='t'\nversion='1'\ndescription='t'\nsource='t'\nlicence='x'\nnegation_window=3\n\
                    [[category]]\nname='illegal'\npatterns=['illegal', 'war crime']\n\
                    [[category]]\nname='legal'\nnegation_window=0\npatterns=['lawful']\n";
        let lex = Lexicon::parse(toml, "t.toml").unwrap();
        // (text, negated flag of each match in order)
        let cases: &[(&str, &[bool])] = &[
            ("The strike was illegal.", &[false]),
            ("The strike was not illegal.", &[true]),
            ("It was never, in any sense, illegal.", &[false]), // "never" is 4 tokens before
            ("It was never in any way illegal.", &[false]),
            ("It was never quite illegal.", &[true]),
            ("It isn't a war crime.", &[true]),
            ("Never. It was illegal.", &[false]), // the negator is in the previous sentence
            ("Without doubt illegal and not lawful.", &[true, false]), // window 0 for "legal"
        ];
        for (text, want) in cases {
            let (_, tokens) = segment(text);
            let got: Vec<bool> = Matcher::new(std::slice::from_ref(&lex)).find(&tokens).iter().map(|m| m.negated).collect();
            assert_eq!(got, *want, "{text}");
        }
    }
}
