//! Study configuration: a `study.toml` file and command-line options in, the settings of one study
//! out: its inputs, outlet groups, and which comparisons to run (every outlet against the rest by
//! default; chosen pairs of outlets; group against group), with time buckets for timelines.

use crate::error::{Error, Result};
use crate::model::{Article, Provenance, Sourced};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// One side of a comparison.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", content = "name", rename_all = "lowercase")]
pub enum Side {
    Outlet(String),
    Group(String),
    /// Every article not on the other side.
    Rest,
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Side::Outlet(name) => f.write_str(name),
            Side::Group(name) => write!(f, "group {name}"),
            Side::Rest => f.write_str("the rest"),
        }
    }
}

/// A comparison of a target with a reference.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Contrast {
    pub target: Side,
    pub reference: Side,
}

impl Contrast {
    pub fn vs_rest(outlet: &str) -> Contrast {
        Contrast { target: Side::Outlet(outlet.to_string()), reference: Side::Rest }
    }
    /// "Press TV vs Iran Press", "group left vs group right", "Press TV vs the rest".
    pub fn label(&self) -> String {
        format!("{} vs {}", self.target, self.reference)
    }
    /// Whether each side is named (a pair or two groups), as opposed to one outlet vs the rest.
    pub fn is_pairwise(&self) -> bool {
        self.reference != Side::Rest
    }
}

/// Time buckets for timelines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Bucket {
    /// Day for a corpus spanning a month or less, week up to a year, month beyond.
    Auto,
    Day,
    /// Weeks starting on Monday (ISO 8601).
    Week,
    Month,
}

/// Outlet → group assignments given by the study (`[groups]` in study.toml).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Groups {
    by_outlet: BTreeMap<String, String>,
}

impl Groups {
    /// From `group name → outlets`; an outlet listed in two groups is an error.
    pub fn new(groups: &BTreeMap<String, Vec<String>>) -> Result<Groups> {
        let mut by_outlet = BTreeMap::new();
        for (group, outlets) in groups {
            for outlet in outlets {
                if let Some(other) = by_outlet.insert(outlet.clone(), group.clone()) {
                    return Err(Error::Input(format!("outlet {outlet:?} is in two groups: {other:?} and {group:?}")));
                }
            }
        }
        Ok(Groups { by_outlet })
    }

    pub fn is_empty(&self) -> bool {
        self.by_outlet.is_empty()
    }

    /// Sets the group of every article whose outlet the study assigns (overriding a data field).
    pub fn assign(&self, articles: &mut [Article]) {
        for a in articles {
            if let Some(g) = self.by_outlet.get(&a.outlet.value) {
                a.group = Sourced::new(Some(g.clone()), Provenance::Study);
            }
        }
    }
}

/// The contents of a `study.toml`. Every key is optional; command-line options override it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StudyFile {
    pub name: Option<String>,
    /// Paths relative to the study file.
    #[serde(default)]
    pub inputs: Vec<PathBuf>,
    pub manifest: Option<PathBuf>,
    #[serde(default)]
    pub lexicons: Vec<PathBuf>,
    /// A field of the input records holding each article's group (e.g. "label").
    pub group_field: Option<String>,
    /// Group name → outlets.
    #[serde(default)]
    pub groups: BTreeMap<String, Vec<String>>,
    /// Comparisons besides each outlet against the rest.
    #[serde(default)]
    pub compare: Vec<CompareEntry>,
    pub bucket: Option<Bucket>,
    pub min_count: Option<u64>,
    pub min_docs: Option<u64>,
    pub prior: Option<f64>,
    /// A background frequency list for the log-odds prior (relative to the study file).
    pub prior_file: Option<PathBuf>,
    pub replicates: Option<usize>,
    pub permutations: Option<usize>,
    pub seed: Option<u64>,
    pub min_articles: Option<usize>,
    /// Article role → field name (`[fields]`: `outlet = "source_name"`).
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    pub preset: Option<crate::ingest::Preset>,
    #[serde(default)]
    pub outlets: OutletsEntry,
    /// Read ambiguous numeric dates day first.
    pub day_first: Option<bool>,
    /// Jaccard threshold of near-duplicates; 0 turns the search off.
    pub near_duplicate: Option<f64>,
    pub keep_duplicates: Option<bool>,
    /// The files each table is written as: "both", "parquet" or "csv".
    pub tables: Option<crate::tabulate::TableFormat>,
    /// Claims to follow across outlets: name → patterns (`[claims]` table).
    #[serde(default)]
    pub claims: BTreeMap<String, Vec<String>>,
}

/// `[outlets]` in study.toml: `file = "aliases.toml"`, `merge_sections = true`, and
/// `[outlets.aliases]` of raw name → outlet.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutletsEntry {
    pub file: Option<PathBuf>,
    pub merge_sections: Option<bool>,
    #[serde(default)]
    pub aliases: BTreeMap<String, String>,
}

/// Parses a claim given on the command line: `NAME=PATTERN,PATTERN,…` (patterns in the lexicon
/// pattern syntax, so they hold no commas).
pub fn parse_claim(arg: &str) -> Result<(String, Vec<String>)> {
    let usage = || Error::Input(format!("--claim {arg:?}: expected NAME=PATTERN,PATTERN,… (e.g. 'withdrawal=withdraw*,pull* out')"));
    let (name, patterns) = arg.split_once('=').ok_or_else(usage)?;
    let name = name.trim();
    let patterns: Vec<String> = patterns.split(',').map(str::trim).filter(|p| !p.is_empty()).map(str::to_string).collect();
    if name.is_empty() || patterns.is_empty() {
        return Err(usage());
    }
    Ok((name.to_string(), patterns))
}

/// `[[compare]]` in study.toml: `pair = ["Press TV", "Iran Press"]` or `groups = ["left", "right"]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompareEntry {
    pub pair: Option<[String; 2]>,
    pub groups: Option<[String; 2]>,
}

impl StudyFile {
    pub fn load(path: &Path) -> Result<StudyFile> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let mut study: StudyFile =
            toml::from_str(&text).map_err(|e| Error::Input(format!("{}: {e}", path.display())))?;
        // Paths in the file are relative to the file, so a study folder can be moved whole.
        let base = path.parent().unwrap_or(Path::new(""));
        let rebase = |p: &mut PathBuf| {
            if p.is_relative() {
                *p = base.join(&*p);
            }
        };
        study.inputs.iter_mut().for_each(rebase);
        study.lexicons.iter_mut().for_each(rebase);
        if let Some(m) = study.manifest.as_mut() {
            rebase(m);
        }
        if let Some(p) = study.prior_file.as_mut() {
            rebase(p);
        }
        if let Some(f) = study.outlets.file.as_mut() {
            rebase(f);
        }
        Ok(study)
    }

    /// The pairwise comparisons the file asks for.
    pub fn contrasts(&self) -> Result<Vec<Contrast>> {
        self.compare
            .iter()
            .map(|c| match (&c.pair, &c.groups) {
                (Some([a, b]), None) => Ok(Contrast { target: Side::Outlet(a.clone()), reference: Side::Outlet(b.clone()) }),
                (None, Some([a, b])) => Ok(Contrast { target: Side::Group(a.clone()), reference: Side::Group(b.clone()) }),
                _ => Err(Error::Input("each [[compare]] needs exactly one of pair = [A, B] or groups = [A, B]".into())),
            })
            .collect()
    }
}

/// Reads a background frequency list for the log-odds prior: CSV or TSV with a header naming
/// `term` and `count` columns (other columns ignored). Terms are normalised as the tokenizer
/// normalises words, and repeated terms add up.
pub fn read_background(path: &Path) -> Result<BTreeMap<String, u64>> {
    let err = |message: String| Error::Input(format!("{}: {message}", path.display()));
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let delimiter = if text.lines().next().is_some_and(|l| l.contains('\t')) { b'\t' } else { b',' };
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().map_err(|e| err(e.to_string()))?.iter().map(|h| h.trim().to_lowercase()).collect();
    let (Some(t), Some(c)) = (header.iter().position(|h| h == "term"), header.iter().position(|h| h == "count")) else {
        return Err(err("needs a header with `term` and `count` columns".into()));
    };
    let mut out = BTreeMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| err(e.to_string()))?;
        let line = record.position().map_or(0, |p| p.line());
        let term = crate::text::normalise(record.get(t).unwrap_or("").trim());
        let count: u64 = record
            .get(c)
            .unwrap_or("")
            .trim()
            .parse()
            .map_err(|_| err(format!("line {line}: count {:?} is not a whole number", record.get(c).unwrap_or(""))))?;
        if !term.is_empty() {
            *out.entry(term).or_default() += count;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_study_file_relative_to_itself() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("study.toml");
        std::fs::write(
            &path,
            r#"
name = "seeds"
inputs = ["articles", "/abs/more.jsonl"]
group_field = "label"
bucket = "week"
day_first = true
[groups]
iranian = ["Press TV", "Iran Press"]
[fields]
text = "maintext"
[outlets]
file = "aliases.toml"
[outlets.aliases]
"Press TV Online" = "Press TV"
[[compare]]
pair = ["Press TV", "Iran Press"]
[[compare]]
groups = ["left", "right"]
"#,
        )
        .unwrap();
        let s = StudyFile::load(&path).unwrap();
        assert_eq!(s.inputs, [dir.path().join("articles"), PathBuf::from("/abs/more.jsonl")]);
        assert_eq!(s.bucket, Some(Bucket::Week));
        assert_eq!(
            (s.day_first, s.fields["text"].as_str()),
            (Some(true), "maintext")
        );
        assert_eq!(s.outlets.file, Some(dir.path().join("aliases.toml")));
        assert_eq!(s.outlets.aliases["Press TV Online"], "Press TV");
        let c = s.contrasts().unwrap();
        assert_eq!(c[0].label(), "Press TV vs Iran Press");
        assert_eq!(c[1].label(), "group left vs group right");
        assert!(c.iter().all(Contrast::is_pairwise));
        assert!(!Contrast::vs_rest("X").is_pairwise());
    }

    #[test]
    fn rejects_unknown_keys_and_ambiguous_comparisons() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("study.toml");
        std::fs::write(&path, "inptus = []\n").unwrap();
        let err = StudyFile::load(&path).unwrap_err().to_string();
        assert!(err.contains("study.toml") && err.contains("inptus"), "{err}");
        std::fs::write(&path, "[[compare]]\npair = [\"A\", \"B\"]\ngroups = [\"x\", \"y\"]\n").unwrap();
        assert!(StudyFile::load(&path).unwrap().contrasts().is_err());
    }

    #[test]
    fn reads_background_frequencies() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bg.tsv");
        std::fs::write(&path, "term\tcount\tnote\nIran’s\t3\tx\niran\t2\t\nkilled\t10\t\n").unwrap();
        let bg = read_background(&path).unwrap();
        assert_eq!(bg, BTreeMap::from([("iran".to_string(), 5), ("killed".to_string(), 10)]));
        std::fs::write(&path, "term,count\nkilled,many\n").unwrap();
        let err = read_background(&path).unwrap_err().to_string();
        assert!(err.contains("bg.tsv") && err.contains("line 2") && err.contains("many"), "{err}");
    }

    #[test]
    fn claims_from_the_file_and_the_command_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("study.toml");
        std::fs::write(&path, "[claims]\nwithdrawal = [\"withdraw*\", \"pull* out\"]\n").unwrap();
        let s = StudyFile::load(&path).unwrap();
        assert_eq!(s.claims["withdrawal"], ["withdraw*", "pull* out"]);
        // (argument, the parsed name and patterns, or None for a usage error)
        type Case<'a> = (&'a str, Option<(&'a str, &'a [&'a str])>);
        let cases: &[Case] = &[
            ("withdrawal=withdraw*,pull* out, leave iraq", Some(("withdrawal", &["withdraw*", "pull* out", "leave iraq"]))),
            (" stay = troops stay ,", Some(("stay", &["troops stay"]))),
            ("withdrawal", None),
            ("=withdraw*", None),
            ("withdrawal=", None),
            ("withdrawal= , ", None),
        ];
        for (arg, want) in cases {
            let got = parse_claim(arg).ok();
            let want = want.map(|(n, p)| (n.to_string(), p.iter().map(|s| s.to_string()).collect::<Vec<_>>()));
            assert_eq!(got, want, "{arg:?}");
        }
    }

    #[test]
    fn an_outlet_in_two_groups_is_an_error() {
        let groups = BTreeMap::from([("a".to_string(), vec!["X".to_string()]), ("b".to_string(), vec!["X".to_string()])]);
        assert!(Groups::new(&groups).unwrap_err().to_string().contains("two groups"));
    }
}
