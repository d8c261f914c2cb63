//! Column names of every table slant writes, defined once. The data dictionary in README.md
//! documents each; R, pandas and polars users rely on them staying stable.

pub const ARTICLE_ID: &str = "article_id";
/// An article's position in the study (the `articles` table's row); in shards' partial studies.
pub const ARTICLE: &str = "article";
/// A hit's sentence as a byte span; in shards' partial studies.
pub const SENTENCE_START: &str = "sentence_start";
pub const SENTENCE_END: &str = "sentence_end";
pub const OUTLET: &str = "outlet";
pub const OUTLET_SOURCE: &str = "outlet_source";
/// The outlet name as found, when the alias table changed it.
pub const OUTLET_RAW: &str = "outlet_raw";
/// ISO 639-1 (else 639-3) code of the article's detected language; "und" when unreliable.
pub const LANGUAGE: &str = "language";
pub const GROUP: &str = "group";
pub const GROUP_SOURCE: &str = "group_source";
pub const DATE: &str = "date";
pub const DATE_SOURCE: &str = "date_source";
pub const TITLE: &str = "title";
pub const TITLE_SOURCE: &str = "title_source";
pub const URL: &str = "url";
pub const PATH: &str = "path";
pub const LINE: &str = "line";
pub const N_TOKENS: &str = "n_tokens";
pub const N_SENTENCES: &str = "n_sentences";
pub const MEAN_COMPOUND: &str = "mean_compound";
/// VADER compound of one sentence.
pub const COMPOUND: &str = "compound";
pub const N_NEGATIVE: &str = "n_negative";
pub const N_POSITIVE: &str = "n_positive";
pub const SHARE_NEGATIVE: &str = "share_negative";
pub const SHARE_POSITIVE: &str = "share_positive";

pub const TERM: &str = "term";
pub const COUNT: &str = "count";
pub const DOC_FREQ: &str = "doc_freq";

pub const LEXICON: &str = "lexicon";
pub const CATEGORY: &str = "category";
pub const HITS: &str = "hits";
pub const PATTERN: &str = "pattern";
pub const SURFACE: &str = "surface";
pub const START: &str = "start";
pub const END: &str = "end";
pub const SENTENCE: &str = "sentence";
pub const PRE: &str = "pre";
pub const POST: &str = "post";
pub const NEGATED: &str = "negated";

// slant kwic
pub const LEFT: &str = "left";
pub const KEYWORD: &str = "keyword";
pub const RIGHT: &str = "right";

pub const STATUS: &str = "status";
pub const KIND: &str = "kind";
pub const LINE_TEXT: &str = "line_text";
pub const SHARE: &str = "share";
pub const REASON: &str = "reason";

// compare outputs
pub const CONTRAST: &str = "contrast";
pub const TARGET: &str = "target";
pub const REFERENCE: &str = "reference";
pub const MEASURE: &str = "measure";
pub const SCORE: &str = "score";
pub const COUNT_REF: &str = "count_ref";
pub const TOTAL: &str = "total";
pub const TOTAL_REF: &str = "total_ref";
pub const LEVEL: &str = "level";
pub const UNIT: &str = "unit";
pub const N_ARTICLES_REF: &str = "n_articles_ref";
pub const RATE_REF: &str = "rate_ref";
pub const DIFF: &str = "diff";
pub const PERMUTATIONS: &str = "permutations";
pub const OUTLET_A: &str = "outlet_a";
pub const OUTLET_B: &str = "outlet_b";
pub const JSD: &str = "jsd";
pub const BUCKET: &str = "bucket";
pub const RATE_PER_1000: &str = "rate_per_1000";
pub const DELTA: &str = "delta";
pub const SE: &str = "se";
pub const Z: &str = "z";
pub const P: &str = "p";
pub const Q: &str = "q";
pub const N_ARTICLES: &str = "n_articles";
pub const CI_LOW: &str = "ci_low";
pub const CI_HIGH: &str = "ci_high";
pub const DESCRIPTIVE_ONLY: &str = "descriptive_only";

// entities, labels and sources
pub const NAME: &str = "name";
pub const FULL_NAME: &str = "full_name";
pub const GAZETTEER: &str = "gazetteer";
pub const ENTITY: &str = "entity";
pub const ENTITY_KIND: &str = "entity_kind";
pub const MENTIONS: &str = "mentions";
pub const LABEL: &str = "label";
pub const CONTEXT: &str = "context";
pub const SOURCE: &str = "source";
pub const SOURCE_TYPE: &str = "source_type";
pub const VERB: &str = "verb";
pub const STANCE: &str = "stance";
pub const QUOTE: &str = "quote";
pub const QUOTED: &str = "quoted";

// claims
pub const CLAIM: &str = "claim";
pub const CUE: &str = "cue";
