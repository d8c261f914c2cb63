//! Hashing: the hash maps and sets every stage keys its counts by (terms, furniture fingerprints,
//! entity names, lexicon patterns), with foldhash in place of std's SipHash. SipHash's resistance
//! to chosen collisions cost about 8% of a full run's CPU in `perf`; foldhash is seeded per
//! process too, at a fraction of the cost. No output depends on iteration order (tables are
//! sorted before they are written), so the choice changes nothing a run writes.

pub type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
pub type HashSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;
