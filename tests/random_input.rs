//! Randomized inputs for every parser, through `slant::fuzzing` (the same entry points as the
//! cargo-fuzz targets in fuzz/): random bytes, and valid inputs with random bytes changed,
//! inserted or cut. A fixed seed, so a failure repeats; each entry point panics on a broken
//! invariant. Inputs found by fuzzing are kept at the end as regressions.

use slant::fuzzing;

/// xorshift64*: small, seedable, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Bytes that matter to the parsers, so random inputs reach past the first check.
const ALPHABET: &[u8] = b"\"'\n\r\t ,:;{}[]<>&=+-@#*_|`!\\/.0123456789aeAEdate:Published Press TV \xc3\xa9\xe2\x80\x9c\xe2\x80\x9d\xef\xbb\xbf\xff\xfe\x00";

fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut out = seed.to_vec();
    for _ in 0..=rng.below(6) {
        let at = rng.below(out.len() + 1);
        match rng.below(4) {
            0 if at < out.len() => out[at] = ALPHABET[rng.below(ALPHABET.len())],
            1 => out.insert(at, ALPHABET[rng.below(ALPHABET.len())]),
            2 => out.truncate(at),
            _ => {
                let from = rng.below(out.len() + 1);
                let piece: Vec<u8> = out[from..].iter().take(rng.below(40)).copied().collect();
                out.splice(at..at, piece);
            }
        }
    }
    out
}

fn inputs(seed: u64, seeds: &[&[u8]], n: usize) -> Vec<Vec<u8>> {
    let mut rng = Rng(seed);
    (0..n)
        .map(|i| {
            if i % 3 == 0 {
                (0..rng.below(200)).map(|_| ALPHABET[rng.below(ALPHABET.len())]).collect()
            } else {
                let seed = seeds[rng.below(seeds.len())];
                mutate(&mut rng, seed)
            }
        })
        .collect()
}

const TEXT: &[u8] = b"Drone strike kills commander\n\nPress TV\n\ndate 2031-03-03\n\nBAGHDAD (Reuters) \xe2\x80\x94 \"We will respond,\" the minister said. Officials denied it.\n";
const FRONT: &[u8] = b"---\noutlet: Harbor Herald\ndate: 2031-03-02\ntitle: \"Port\"\n---\n# Port\n\nShips came back.";
const JSONL: &[u8] = b"{\"id\": 7, \"source\": \"Wire\", \"date\": \"2020-01-05\", \"title\": \"T\", \"text\": \"Body \\\"quoted\\\".\"}\n[1]\n{\"content\": \"x\"}\n";
const CSV: &[u8] = b"id,outlet,date,title,text\n1,A,2031-03-01,T1,\"Body, with \"\"quote\"\"\"\n2,B,31 February 2031,T2,Two\n";
const LEXICON: &[u8] = b"[lexicon]\nname = \"t\"\nversion = \"1\"\ndescription = \"d\"\nsource = \"s\"\nlicence = \"l\"\n\n[[category]]\nname = \"violence\"\npatterns = [\"kill*\", \"drone strike\", \"* said\"]\n";

fn strings(seed: u64, seeds: &[&[u8]], n: usize) -> Vec<String> {
    inputs(seed, seeds, n).into_iter().map(|b| String::from_utf8_lossy(&b).into_owned()).collect()
}

#[test]
fn text_files() {
    for data in inputs(1, &[TEXT, FRONT], 3000) {
        fuzzing::text_file(&data);
    }
}

const HTML: &[u8] = b"<html><head><meta property=\"og:site_name\" content=\"Wire\"><script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", \"headline\": \"H\", \"datePublished\": \"2020-01-05\"}</script></head><body><nav>Home</nav><article><h1>H</h1><p>Officials said the strike <b>killed</b> two.</p></article></body></html>";

#[test]
fn html_pages() {
    for data in inputs(9, &[HTML], 2000) {
        fuzzing::html_page(&data);
    }
}

#[test]
fn json_lines_and_csv() {
    for data in inputs(2, &[JSONL], 3000) {
        fuzzing::jsonl(&data);
    }
    for data in inputs(3, &[CSV], 3000) {
        fuzzing::csv(&data);
    }
}

#[test]
fn dates() {
    let seeds: &[&[u8]] = &[b"2024-01-08", b"Sun, 05 Jan 2020 10:00:00 +0000", b"March 14, 2031", b"1578182400", b"31 February 2031"];
    for s in strings(4, seeds, 5000) {
        fuzzing::date(&s);
    }
}

#[test]
fn quotes_and_annotation() {
    for s in strings(5, &[TEXT], 3000) {
        fuzzing::quotes(&s);
    }
    for s in strings(6, &[TEXT, FRONT], 300) {
        fuzzing::annotate(&s);
    }
}

#[test]
fn lexicon_files() {
    for s in strings(7, &[LEXICON], 1500) {
        fuzzing::lexicon(&s);
    }
}

#[test]
fn escaping_hostile_strings() {
    let seeds: &[&[u8]] = &[b"<script>alert(1)</script>", b"\"><img src=x onerror=alert(2)>", b"../../etc/passwd", b"[x](javascript:alert(3)) **b** | c"];
    for s in strings(8, seeds, 5000) {
        fuzzing::escaping(&s);
    }
}
