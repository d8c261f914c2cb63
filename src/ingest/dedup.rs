//! Near-duplicates: article texts in, for each later copy the earlier article it copies and their
//! similarity out. MinHash signatures over word 5-shingles (Broder 1997, "On the resemblance and
//! containment of documents") with 128 seeded 32-bit hash functions; locality-sensitive hashing in
//! 32 bands of 4 rows (Leskovec, Rajaraman & Ullman, *Mining of Massive Datasets*, ch. 3.4) finds
//! candidate pairs in near-linear time; each candidate whose estimated Jaccard similarity comes
//! within three standard errors of the threshold is confirmed by the exact Jaccard similarity of
//! the two shingle sets, so what is found depends on the exact similarity, not on the hash
//! family's luck. 32-bit minima suffice (b-bit minwise hashing, Li & König 2010, "b-Bit Minwise
//! Hashing", WWW): two minima that are equal stay equal, and unequal ones agree by chance once in
//! 2³², so the estimate is unchanged for any purpose here, in half the memory of 64-bit ones.

use std::borrow::Cow;
use crate::hash::HashMap;

/// Default Jaccard threshold, as the study design specifies. A copy that keeps the wire text under
/// its own headline scores about 0.85 on a 300-word article (the planted copy in data/sample);
/// one with a rewritten lede and a few edited words falls to about 0.65, so a study of heavily
/// edited syndication should lower it (`--near-duplicate 0.6`); unrelated news on one event
/// stays below 0.1.
pub const DEFAULT_THRESHOLD: f64 = 0.8;
/// Words per shingle.
pub const SHINGLE: usize = 5;
const HASHES: usize = 128;
const BANDS: usize = 32;
const ROWS: usize = HASHES / BANDS;
/// Seed of the hash family: fixed so that results never change between runs.
const SEED: u64 = 0x5eed_51a7_0000_0001;

/// A later article found to copy an earlier one.
#[derive(Debug, Clone, PartialEq)]
pub struct NearCopy {
    pub copy: usize,
    pub original: usize,
    /// Exact Jaccard similarity of the two shingle sets.
    pub similarity: f64,
}

/// SplitMix64 finaliser (Steele, Lea & Flood 2014): a fast, well-mixed 64-bit permutation.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// FNV-1a (Fowler, Noll & Vo) over the bytes of a word: a stable hash (std's hasher may change
/// between releases).
fn word_hash(word: &[u8]) -> u64 {
    word.iter().fold(FNV_OFFSET, |h, &b| fnv_step(h, b))
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// One byte into an FNV-1a hash.
#[inline(always)]
fn fnv_step(hash: u64, byte: u8) -> u64 {
    (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
}

/// The set of word 5-shingles of a text (lower-cased alphanumeric words), as hashes, ascending:
/// a sorted vector, built and intersected in a fraction of a tree set's time.
pub fn shingles(text: &str) -> Vec<u64> {
    let mut set = shingle_hashes(text);
    set.sort_unstable();
    set.dedup();
    set
}

/// The hash of every word 5-shingle of a text in order, repeats included: `shingles` without the
/// set, which the signature does not need (a minimum is the same over repeats).
fn shingle_hashes(text: &str) -> Vec<u64> {
    let words = word_hashes(text);
    words.windows(SHINGLE).map(|w| w.iter().fold(SEED, |h, &x| mix(h ^ x))).collect()
}

/// `word_hash` of each lower-cased word of a text, words being the runs of alphanumeric
/// characters: what `text.split(|c: char| !c.is_alphanumeric())` gives, less its empty pieces.
/// One pass over the bytes, hashing an ASCII word's bytes as they are read; only a word with a
/// character outside ASCII is lower-cased as a string (`str::to_lowercase`, whose final sigma no
/// character-by-character mapping gives). With each word split off and lower-cased apart, the
/// shingles' hashes took 2.5 s of CPU on full ABP.
fn word_hashes(text: &str) -> Vec<u64> {
    let bytes = text.as_bytes();
    let mut words = Vec::with_capacity(text.len() / 6);
    let mut lower = String::new();
    // The word being read: where it starts, whether it is all ASCII, and its hash so far if so.
    let mut start: Option<usize> = None;
    let (mut ascii, mut hash) = (true, FNV_OFFSET);
    let mut end_word = |start: usize, end: usize, ascii: bool, hash: u64, words: &mut Vec<u64>| {
        if ascii {
            words.push(hash);
        } else {
            crate::text::lowercase_into(&text[start..end], &mut lower);
            words.push(word_hash(lower.as_bytes()));
        }
    };
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (alphanumeric, len) = if b.is_ascii() {
            (b.is_ascii_alphanumeric(), 1)
        } else {
            let c = text[i..].chars().next().expect("a character starts here");
            (c.is_alphanumeric(), c.len_utf8())
        };
        if alphanumeric {
            if start.is_none() {
                (start, ascii, hash) = (Some(i), true, FNV_OFFSET);
            }
            if len == 1 {
                hash = fnv_step(hash, b.to_ascii_lowercase());
            } else {
                ascii = false;
            }
        } else if let Some(s) = start.take() {
            end_word(s, i, ascii, hash, &mut words);
        }
        i += len;
    }
    if let Some(s) = start {
        end_word(s, bytes.len(), ascii, hash, &mut words);
    }
    words
}

/// MurmurHash3's 32-bit finaliser (Appleby 2011): a bijection on 32-bit values in which every
/// input bit changes each output bit with probability about one half.
#[inline(always)]
fn fmix32(mut h: u32) -> u32 {
    h ^= h >> 16;
    h = h.wrapping_mul(0x85eb_ca6b);
    h ^= h >> 13;
    h = h.wrapping_mul(0xc2b2_ae35);
    h ^ (h >> 16)
}

/// The seeds of the hash family, one per hash function.
fn seeds() -> [u32; HASHES] {
    std::array::from_fn(|i| mix(SEED.wrapping_add(i as u64)) as u32)
}

/// A shingle's hash folded to the 32 bits the hash functions take. Shingle hashes are SplitMix
/// outputs, so the folded values are as uniform; two of an article's thousand shingles fold alike
/// about once in 10⁴ articles, and the estimate only moves by one shingle when they do.
#[inline(always)]
fn fold(shingle: u64) -> u32 {
    (shingle ^ (shingle >> 32)) as u32
}

/// The MinHash signature of a text's shingles: the i-th hash function is x ↦ fmix32(x ^ seed_i)
/// over 32-bit values (b-bit minwise hashing keeps 32 bits of each minimum anyway, Li & König
/// 2010), which the vector units compute eight (AVX2) or sixteen (AVX-512) functions to an
/// instruction with native 32-bit multiplies and unsigned minima. This is most of ingest's work
/// (128 hashes of every shingle of every article): a 64-bit family, whose products AVX2 builds
/// from three 32-bit ones, took 5 times as long. The result is the same on every path.
fn signature(shingles: &[u64]) -> Signature {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::is_x86_feature_detected as has;
        if has!("avx512f") {
            // SAFETY: the processor has the features the function is compiled for.
            return unsafe { signature_avx512(shingles) };
        }
        if has!("avx2") {
            // SAFETY: as above.
            return unsafe { signature_avx2(shingles) };
        }
    }
    signature_portable(shingles)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn signature_avx512(shingles: &[u64]) -> Signature {
    signature_portable(shingles)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn signature_avx2(shingles: &[u64]) -> Signature {
    signature_portable(shingles)
}

#[inline(always)]
fn signature_portable(shingles: &[u64]) -> Signature {
    let seeds = seeds();
    let mut sig = [u32::MAX; HASHES];
    for &s in shingles {
        let x = fold(s);
        for (slot, seed) in sig.iter_mut().zip(&seeds) {
            *slot = (*slot).min(fmix32(x ^ seed));
        }
    }
    sig
}

/// Exact Jaccard similarity |A ∩ B| / |A ∪ B| of two sets given as ascending vectors without
/// repeats (`shingles`).
pub fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let (mut i, mut j, mut both) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => (i, j, both) = (i + 1, j + 1, both + 1),
        }
    }
    let either = a.len() + b.len() - both;
    if either == 0 {
        0.0
    } else {
        both as f64 / either as f64
    }
}

/// The MinHash signature of a text: the minima of `HASHES` 32-bit hash functions.
pub type Signature = [u32; HASHES];

/// The signature of a text's word 5-shingles, or `None` for a text shorter than one shingle
/// (left to the exact-duplicate check).
pub fn signature_of(text: &str) -> Option<Signature> {
    Some(shingle_hashes(text)).filter(|s| !s.is_empty()).map(|s| signature(&s))
}

/// The MinHash estimate of two texts' Jaccard similarity: the share of hash functions whose
/// minima agree (Broder 1997).
fn estimate(a: &Signature, b: &Signature) -> f64 {
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / HASHES as f64
}

/// The estimate from which a candidate is checked exactly: three standard errors below the
/// threshold. The estimate is a binomial share over `HASHES` functions, with standard error
/// √(J(1 − J)/128) at similarity J (0.035 at 0.8), so a pair at the threshold falls below the gate
/// about once in 700; gating at the threshold itself missed about one pair in three within one
/// standard error above it, and which ones depended on the seeds.
fn gate(threshold: f64) -> f64 {
    let t = threshold.clamp(0.0, 1.0);
    t - 3.0 * (t * (1.0 - t) / HASHES as f64).sqrt()
}

/// Finds later texts that copy earlier ones with Jaccard similarity ≥ `threshold`. Texts flagged
/// in `skip` (already exact duplicates) are neither compared nor used as originals; a copy is
/// matched to the most similar earlier original (the earliest on a tie). Texts shorter than one
/// shingle are left to the exact-duplicate check.
pub fn find(texts: &[&str], skip: &[bool], threshold: f64) -> Vec<NearCopy> {
    let signatures: Vec<Option<Signature>> = {
        use rayon::prelude::*;
        texts.par_iter().map(|t| signature_of(t)).collect()
    };
    let text = |i: usize| -> Result<Cow<str>, std::convert::Infallible> { Ok(Cow::Borrowed(texts[i])) };
    match find_signed(&signatures, skip, threshold, text) {
        Ok(found) => found,
        Err(never) => match never {},
    }
}

/// Texts per block of `find_signed`: each block's candidates are found and checked on all
/// threads, then its texts settled in order.
const BLOCK: usize = 2048;

/// `find` over signatures taken beforehand (`signature_of`, one per text), reading back (`text`)
/// only the texts of candidate pairs, to confirm them by their exact similarity.
///
/// A text's candidates are the earlier originals (texts not found to copy another) sharing a
/// band with it, so whether a text is an original depends on those before it. The work is done a
/// block of texts at a time: on all threads, each text's candidates are gated by their estimate
/// and those known to be originals (from before the block) checked exactly; then, in order, each
/// text takes its best original, checking exactly the few candidates from its own block once they
/// are known to be originals. The result is that of taking the texts one by one; done so it was
/// 35 s of a 1,000,000-article ingest on one core.
pub fn find_signed<'t, E: Send>(
    signatures: &[Option<Signature>],
    skip: &[bool],
    threshold: f64,
    text: impl Fn(usize) -> Result<Cow<'t, str>, E> + Sync,
) -> Result<Vec<NearCopy>, E> {
    use rayon::prelude::*;
    let gate = gate(threshold);
    // The texts searched, ascending; from here on a text is its place `k` in this list.
    let searched: Vec<usize> = (0..signatures.len()).filter(|&i| !skip[i] && signatures[i].is_some()).collect();
    let signature = |k: usize| signatures[searched[k]].as_ref().expect("only signed texts are searched");
    let mut bands = Bands::index(searched.len(), signature);
    // The exact similarity of texts `k` and `j`, `k`'s shingles kept in `mine` for its other pairs.
    let exact = |mine: &mut Option<Vec<u64>>, k: usize, j: usize| -> Result<f64, E> {
        let a = match mine {
            Some(a) => a,
            None => mine.insert(shingles(&text(searched[k])?)),
        };
        Ok(jaccard(a, &shingles(&text(searched[j])?)))
    };
    let mut original = vec![false; searched.len()];
    let mut found = Vec::new();
    for start in (0..searched.len()).step_by(BLOCK) {
        let block = start..(start + BLOCK).min(searched.len());
        // Per text of the block: (candidate, its exact similarity if already known to be needed),
        // and the text's shingles if taken and still wanted for candidates of its own block.
        type Gated = (Vec<(usize, Option<f64>)>, Option<Vec<u64>>);
        let gated: Vec<Gated> = block
            .clone()
            .into_par_iter()
            .map(|k| {
                let mut mine = None;
                let mut out = Vec::new();
                for j in bands.earlier(k) {
                    let settled = j < start;
                    if (settled && !original[j]) || estimate(signature(k), signature(j)) < gate {
                        continue;
                    }
                    out.push((j, if settled { Some(exact(&mut mine, k, j)?) } else { None }));
                }
                let pending = out.iter().any(|(_, similarity)| similarity.is_none());
                Ok((out, mine.filter(|_| pending)))
            })
            .collect::<Result<_, E>>()?;
        for (k, (candidates, mut mine)) in block.clone().zip(gated) {
            // The most similar original, the earliest on a tie.
            let mut best: Option<(usize, f64)> = None;
            for (j, similarity) in candidates {
                let similarity = match similarity {
                    Some(s) => s,
                    None if original[j] => exact(&mut mine, k, j)?,
                    None => continue,
                };
                if similarity >= threshold && best.is_none_or(|(_, b)| similarity > b) {
                    best = Some((j, similarity));
                }
            }
            match best {
                Some((j, similarity)) => found.push(NearCopy { copy: searched[k], original: searched[j], similarity }),
                // A copy is never a candidate, so a copy of a copy points at the first text.
                None => original[k] = true,
            }
        }
        bands.skip_copies(block, |j| !original[j]);
    }
    Ok(found)
}

/// The locality-sensitive index of the texts searched: per band and text, the text before it
/// with the same band value (a band's value is its four minima hashed to 64 bits; two values
/// hashing alike would only share a bucket, and its candidates are checked anyway). It holds
/// exactly the buckets a map from (band, value) to a list of texts would, in 4 bytes per band and
/// text (128 MB for 1,000,000 texts): a map per band held whole, as an index built as the search
/// goes must be, took about 0.9 KB a text.
struct Bands {
    /// Per band, per text: the text before it in the same bucket, `NONE` if none.
    before: Vec<Vec<u32>>,
}

impl Bands {
    const NONE: u32 = u32::MAX;

    fn band(sig: &Signature, band: usize) -> u64 {
        sig[band * ROWS..(band + 1) * ROWS].iter().fold(SEED ^ band as u64, |h, &x| mix(h ^ u64::from(x)))
    }

    /// Indexes texts `0..n` of signatures `signature`, the bands on all threads.
    fn index<'s>(n: usize, signature: impl Fn(usize) -> &'s Signature + Sync) -> Bands {
        use rayon::prelude::*;
        // Memory runs out long before: every text holds a 512-byte signature.
        assert!(u32::try_from(n).is_ok_and(|n| n != Self::NONE), "fewer than 2³² − 1 texts");
        let before = (0..BANDS)
            .into_par_iter()
            .map(|band| {
                let mut latest: HashMap<u64, u32> = HashMap::with_capacity_and_hasher(n, Default::default());
                (0..n).map(|k| latest.insert(Self::band(signature(k), band), k as u32).unwrap_or(Self::NONE)).collect()
            })
            .collect();
        Bands { before }
    }

    /// Links each text of `block` past the copies (`copy`) before it in its buckets, once they
    /// are known: a copy is never a candidate, and a cluster of near-identical texts (a template
    /// filled in day after day) would otherwise have each later walk pass through all of it, in
    /// time quadratic in its size. In text order, so that each text's link lands on one already
    /// linked past its own copies; a link passes through at most a few copies.
    fn skip_copies(&mut self, block: std::ops::Range<usize>, copy: impl Fn(usize) -> bool) {
        for before in &mut self.before {
            for k in block.clone() {
                let mut at = before[k];
                while at != Self::NONE && copy(at as usize) {
                    at = before[at as usize];
                }
                before[k] = at;
            }
        }
    }

    /// The texts before text `k` sharing a bucket with it in any band, ascending.
    fn earlier(&self, k: usize) -> Vec<usize> {
        let mut out = Vec::new();
        for before in &self.before {
            let mut at = before[k];
            while at != Self::NONE {
                out.push(at as usize);
                at = before[at as usize];
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Decides which text of each pair is the copy. The search finds the later text in input order,
/// but input order is often alphabetical, not chronological: the copy is the later-dated text; on
/// the same (or an unknown) date, the text that credits the other's outlet ("Reporting by
/// Meridian Wire") while not credited by it; otherwise the later in input order. A text that is
/// already the original of another copy keeps that role.
pub fn orient(
    found: &mut [NearCopy],
    dates: &[Option<chrono::NaiveDate>],
    credits: impl Fn(usize, usize) -> bool,
) {
    let mut copies_of: HashMap<usize, usize> = HashMap::default();
    for c in found.iter() {
        *copies_of.entry(c.original).or_default() += 1;
    }
    for c in found.iter_mut() {
        let (earlier, later) = (c.original, c.copy);
        if copies_of[&earlier] > 1 {
            continue;
        }
        let swap = match (dates[earlier], dates[later]) {
            (Some(a), Some(b)) if a != b => a > b,
            _ => credits(earlier, later) && !credits(later, earlier),
        };
        if swap {
            (c.original, c.copy) = (later, earlier);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shingles_and_jaccard_by_hand() {
        // 7 words give 3 shingles; changing the last word changes only the last shingle: 2 shared
        // of 4 distinct → 0.5.
        let a = shingles("One two three four five six seven");
        let b = shingles("one, two three four five six EIGHT");
        assert_eq!((a.len(), b.len()), (3, 3));
        assert_eq!(jaccard(&a, &b), 0.5);
        assert_eq!(jaccard(&a, &a), 1.0);
        assert!(shingles("too short to shingle").is_empty());
    }

    #[test]
    fn word_hashes_are_those_of_the_split_words() {
        // The definition: split at every character that is not alphanumeric, lower-case each
        // piece as a string, hash its bytes.
        let by_definition = |text: &str| -> Vec<u64> {
            text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| word_hash(w.to_lowercase().as_bytes())).collect()
        };
        let cases = [
            "",
            "   ",
            "One two, THREE—four",
            "“Curly” quotes’ and a dash – between 2020's words",
            "ÄRZTE in İstanbul; ΟΔΟΣ and Ünïcode words",
            "mixedÜmlaut word ending in Ö",
            "digits 3,000 and x86_64 and e-mail",
            "日本語のテキスト and 한국어",
            "trailing word",
        ];
        for text in cases {
            assert_eq!(word_hashes(text), by_definition(text), "{text:?}");
        }
        // By hand: FNV-1a of "a" is (offset ^ 0x61) · prime.
        assert_eq!(word_hashes("A!"), [(0xcbf2_9ce4_8422_2325u64 ^ 0x61).wrapping_mul(0x0100_0000_01b3)]);
        assert_eq!(word_hashes("ΟΔΟΣ").len(), 1);
        assert_eq!(word_hashes("ΟΔΟΣ"), [word_hash("οδος".as_bytes())], "a word-final sigma lower-cases to ς");
    }

    #[test]
    fn fmix32_matches_murmur3s_published_vectors() {
        // MurmurHash3_x86_32 of the empty input is fmix32(seed) (no blocks, length 0); SMHasher's
        // verification values for seeds 0, 1 and 2³² − 1.
        for (seed, want) in [(0u32, 0u32), (1, 0x514e_28b7), (0xffff_ffff, 0x81f1_6f39)] {
            assert_eq!(fmix32(seed), want, "seed {seed:#x}");
        }
    }

    #[test]
    fn signature_is_the_minimum_of_each_hash_function() {
        // Computed from the definition, one hash function at a time, over the set of shingles.
        let text = "One two three four five six seven, one two three four five SIX seven — Ünïcode words too";
        let set = shingles(text);
        let want: Vec<u32> = (0..HASHES)
            .map(|i| {
                let seed = mix(SEED.wrapping_add(i as u64)) as u32;
                set.iter().map(|&s| fmix32((s as u32) ^ ((s >> 32) as u32) ^ seed)).min().unwrap()
            })
            .collect();
        let hashes = shingle_hashes(text);
        assert_eq!(signature_portable(&hashes).to_vec(), want);
        // Each vector path this processor can run gives the same minima.
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::is_x86_feature_detected as has;
            if has!("avx2") {
                assert_eq!(unsafe { signature_avx2(&hashes) }.to_vec(), want, "AVX2");
            }
            if has!("avx512f") {
                assert_eq!(unsafe { signature_avx512(&hashes) }.to_vec(), want, "AVX-512");
            }
        }
        assert_eq!(signature(&hashes).to_vec(), want);
        assert_eq!(hashes.len(), 13, "17 words, 13 windows, repeats kept");
        assert_eq!(set.len(), 10, "three windows repeat the first three");
    }

    #[test]
    fn the_estimate_is_unbiased_with_the_binomial_spread() {
        // 300 pairs of shingle sets of known similarity J: |A ∩ B| = 1000·J of |A ∪ B| = 1000. Over
        // them the estimates' mean should be J within 0.01 (four standard errors of a mean of 300)
        // and their spread √(J(1 − J)/128), within 20%, as for 128 independent hash functions.
        let mut next = 0u64;
        let mut draw = |n: usize| -> Vec<u64> {
            (0..n)
                .map(|_| {
                    next += 1;
                    mix(next)
                })
                .collect()
        };
        for j in [0.2, 0.5, 0.8, 0.95] {
            let shared = (1000.0 * j) as usize;
            let alone = (1000 - shared) / 2;
            let estimates: Vec<f64> = (0..300)
                .map(|_| {
                    let (both, only_a, only_b) = (draw(shared), draw(alone), draw(alone));
                    let a: Vec<u64> = both.iter().chain(&only_a).copied().collect();
                    let b: Vec<u64> = both.iter().chain(&only_b).copied().collect();
                    estimate(&signature(&a), &signature(&b))
                })
                .collect();
            let exact = shared as f64 / (shared + 2 * alone) as f64;
            let mean = estimates.iter().sum::<f64>() / 300.0;
            let sd = (estimates.iter().map(|e| (e - mean).powi(2)).sum::<f64>() / 299.0).sqrt();
            let want_sd = (exact * (1.0 - exact) / 128.0).sqrt();
            assert!((mean - exact).abs() < 0.01, "J {exact}: mean estimate {mean}");
            assert!((sd / want_sd - 1.0).abs() < 0.2, "J {exact}: spread {sd}, binomial {want_sd}");
        }
    }

    #[test]
    fn the_gate_is_three_standard_errors_below_the_threshold() {
        // t − 3·√(t(1 − t)/128), by hand: 0.8 − 3·0.0353553 = 0.693934; 0.5 − 3·0.0441942 = 0.367417.
        for (threshold, want) in [(0.8, 0.693934), (0.5, 0.367417), (1.0, 1.0), (0.0, 0.0)] {
            assert!((gate(threshold) - want).abs() < 1e-6, "{threshold}: {}", gate(threshold));
        }
    }

    #[test]
    fn a_candidate_estimated_below_the_threshold_is_still_checked_exactly() {
        // Two texts of exact similarity 55/57 = 0.965 given signatures that agree on `agree` of the
        // 128 functions, band 0 among them so that they are candidates. At threshold 0.8 the gate
        // is 0.694: 96 agreeing (0.75) is checked and found, 80 (0.625) is not checked.
        let base: Vec<String> = (0..60).map(|i| format!("word{i}")).collect();
        let mut edited = base.clone();
        edited[59] = "changed".into();
        let texts = [base.join(" "), edited.join(" ")];
        for (agree, found) in [(96, true), (80, false)] {
            let a: Signature = std::array::from_fn(|k| k as u32);
            let b: Signature = std::array::from_fn(|k| if k < agree { k as u32 } else { 1000 + k as u32 });
            let got = find_signed(&[Some(a), Some(b)], &[false, false], 0.8, |i| {
                Ok::<_, std::convert::Infallible>(Cow::Borrowed(texts[i].as_str()))
            })
            .unwrap();
            assert_eq!(got.len(), usize::from(found), "{agree} agreeing: {got:?}");
        }
    }

    #[test]
    fn finds_the_near_copy_and_not_the_different_text() {
        let base: Vec<String> = (0..60).map(|i| format!("word{i}")).collect();
        let original = base.join(" ");
        let mut edited = base.clone();
        edited[59] = "changed".into(); // 56 shingles, 55 shared of 57 → 0.965
        let edited = edited.join(" ");
        let other: String = (0..60).map(|i| format!("other{i} ")).collect();
        let texts = [
            original.as_str(),
            other.as_str(),
            edited.as_str(),
            edited.as_str(),
        ];
        let found = find(&texts, &[false, false, false, true], 0.8);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].copy, found[0].original), (2, 0));
        assert!((found[0].similarity - 55.0 / 57.0).abs() < 1e-12);
        assert!(
            find(&texts, &[false; 4], 0.99)
                .iter()
                .all(|c| c.similarity >= 0.99)
        );
    }

    #[test]
    fn bands_link_each_text_to_the_earlier_texts_sharing_a_bucket() {
        // Text t's signature is all its own values but for the bands it is given.
        let sig = |t: u32, shared: &[(usize, &Signature)]| -> Signature {
            let mut s: Signature = std::array::from_fn(|k| (t + 1) * 1000 + k as u32);
            for &(band, from) in shared {
                s[band * ROWS..(band + 1) * ROWS].copy_from_slice(&from[band * ROWS..(band + 1) * ROWS]);
            }
            s
        };
        let a = sig(0, &[]);
        let b = sig(1, &[(0, &a)]); // shares band 0 with a
        let c = sig(2, &[(5, &b)]); // shares band 5 with b
        let texts = [
            a,
            b,
            c,
            sig(3, &[(0, &a), (5, &b)]), // band 0 holds a and b, band 5 b and c
            sig(4, &[(31, &c)]),         // the last band
            sig(5, &[(1, &a)]),          // a's band 1 is a's alone
            sig(6, &[]),
        ];
        let bands = Bands::index(texts.len(), |k| &texts[k]);
        let want: [&[usize]; 7] = [&[], &[0], &[1], &[0, 1, 2], &[2], &[0], &[]];
        for (k, want) in want.iter().enumerate() {
            assert_eq!(bands.earlier(k), *want, "text {k}");
        }
    }

    #[test]
    fn the_walks_pass_over_copies_once_they_are_known() {
        // Five texts sharing every band; 1 and 2 are copies (of 0), 3 is not.
        let texts = [[7u32; HASHES]; 5];
        let mut bands = Bands::index(texts.len(), |k| &texts[k]);
        assert_eq!(bands.earlier(4), [0, 1, 2, 3]);
        bands.skip_copies(0..4, |j| j == 1 || j == 2);
        // Text 4 is not settled yet: its own link still names 3, past which the copies are gone.
        assert_eq!((bands.earlier(3), bands.earlier(4)), (vec![0], vec![0, 3]));
        bands.skip_copies(4..5, |j| j == 1 || j == 2);
        assert_eq!(bands.earlier(4), [0, 3]);
    }

    #[test]
    fn a_copy_of_a_copy_points_at_the_first_text_across_blocks() {
        // Texts 0, 1 and 2 each a word from the one before: 1 copies 0 (55/57), 2 copies 1 (55/57)
        // but 0 less closely (54/58); 1 is a copy, so 2 is taken for a copy of 0. A text far on,
        // in a later block, copies 0 as well, and texts between are unrelated.
        let base: Vec<String> = (0..60).map(|i| format!("word{i}")).collect();
        let edit = |n: usize| {
            let mut t = base.clone();
            for w in &mut t[60 - n..] {
                *w = format!("{w}x");
            }
            t.join(" ")
        };
        let mut texts = vec![edit(0), edit(1), edit(2)];
        texts.extend((0..BLOCK + 5).map(|i| (0..60).map(|w| format!("t{i}w{w} ")).collect::<String>()));
        texts.push(edit(1));
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let found: Vec<(usize, usize)> = find(&refs, &vec![false; refs.len()], 0.9).iter().map(|c| (c.copy, c.original)).collect();
        assert_eq!(found, [(1, 0), (2, 0), (texts.len() - 1, 0)]);
    }

    #[test]
    fn the_copy_is_the_later_dated_or_the_crediting_text() {
        let d = |s: &str| Some(s.parse::<chrono::NaiveDate>().unwrap());
        let pair = |copy, original| NearCopy {
            copy,
            original,
            similarity: 0.7,
        };
        // (dates of texts 0 and 1, does 0 credit 1, does 1 credit 0) → (copy, original)
        let cases = [
            ([d("2031-03-10"), d("2031-03-09")], false, false, (0, 1)),
            ([d("2031-03-09"), d("2031-03-10")], true, false, (1, 0)),
            ([d("2031-03-10"), d("2031-03-10")], true, false, (0, 1)),
            ([None, None], true, true, (1, 0)),
            ([None, d("2031-03-10")], false, false, (1, 0)),
        ];
        for (dates, zero_credits_one, one_credits_zero, want) in cases {
            let mut found = [pair(1, 0)];
            orient(&mut found, &dates, |a, b| {
                if (a, b) == (0, 1) {
                    zero_credits_one
                } else {
                    one_credits_zero
                }
            });
            assert_eq!(
                (found[0].copy, found[0].original),
                want,
                "{dates:?} {zero_credits_one} {one_credits_zero}"
            );
        }
    }
}
