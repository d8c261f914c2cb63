//! Pipeline: study options in, a report folder out. Runs ingest → clean → annotate → tabulate →
//! compare → render, with the texts in temporary files (`spill`) from the moment they are read:
//! furniture removal reads them back a text at a time, annotation a batch at a time, and the
//! passes after tabulation a batch at a time again; and
//! writes everything into a temporary folder that replaces the report folder only when complete,
//! so an interrupted or failed run never leaves a report that looks finished.

use crate::clean::{self, BoilerplateOptions};
use crate::annotate::{Annotator, Claims, Gazetteer};
use crate::compare::{CompareOptions, compare, timeline::TimelineTerms};
use crate::error::{Error, Result};
use crate::ingest::{self, Ingested, Manifest, Status};
use crate::kwic;
use crate::lexicon::{Lexicon, Matcher, sha256_hex};
use crate::render::Report;
use crate::shard::{self, Partial, Shard};
use crate::spill::{Analysed, Spill};
use crate::study::Groups;
use crate::tabulate::{Tabulator, columns as col, safe_csv::neutralise, TableDir, TableFormat, write_table};
use indicatif::ProgressBar;
use polars::prelude::DataFrame;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Articles annotated in parallel at a time; the tabulator consumes each batch before the next.
const BATCH: usize = 512;
/// Evidence sentences per distinctive term.
const TERM_EVIDENCE: usize = 4;
/// Distinctive terms per time bucket are found for this many outlets (those with the most
/// articles), and this many terms kept per outlet and bucket.
const TIMELINE_OUTLETS: usize = 10;
const TIMELINE_TERMS: usize = 10;

/// What a study run needs to know.
#[derive(Debug, Clone, Serialize)]
pub struct StudyOptions {
    pub name: String,
    pub inputs: Vec<PathBuf>,
    pub manifest: Option<PathBuf>,
    /// Lexicon files added to (or, without built-ins, replacing) the built-in lexicons.
    pub lexicons: Vec<PathBuf>,
    pub builtin_lexicons: bool,
    /// A field of the input records holding each article's group.
    pub group_field: Option<String>,
    /// Field names per article role (with the group field) and how numeric dates are read.
    pub fields: ingest::FieldMap,
    /// The outlet alias table and whether sections are merged.
    pub outlets: ingest::Outlets,
    /// Jaccard threshold of near-duplicates (`None`: exact duplicates only).
    pub near_duplicate: Option<f64>,
    /// Analyse duplicates too instead of counting each story once.
    pub keep_duplicates: bool,
    /// Outlet → group assignments from the study.
    pub groups: Groups,
    pub boilerplate: BoilerplateOptions,
    /// Gazetteer files (`--entities`) whose entries override and extend the built-in gazetteer.
    pub entities: Vec<PathBuf>,
    pub compare: CompareOptions,
    /// The background frequency list of the log-odds prior, if any (its terms are in `compare`).
    pub prior_file: Option<PathBuf>,
    /// The report's charts and sections show this many outlets (those with the most articles).
    pub report_outlets: usize,
    /// Distinctive terms per outlet shown in charts and the report.
    pub top_terms: usize,
    /// Ingest limits: article size and decompressed size.
    pub limits: ingest::Limits,
    /// The files each table is written as: how the results are stored, not what they are, so not
    /// part of the study's record (and a merge may choose its own).
    #[serde(skip)]
    pub tables: TableFormat,
    /// Analyse only this shard's outlets and write a partial study for `slant merge`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shard: Option<Shard>,
    #[serde(skip)]
    pub out: PathBuf,
}

/// What a finished run reports back.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Outcome {
    pub accepted: usize,
    pub duplicates: usize,
    pub rejected: usize,
    pub skipped: usize,
    pub outlets: usize,
}

#[derive(Serialize)]
struct LexiconRecord<'a> {
    name: &'a str,
    version: &'a str,
    location: &'a str,
    sha256: &'a str,
}

#[derive(Serialize)]
struct RunRecord<'a> {
    tool: &'static str,
    version: &'static str,
    options: &'a StudyOptions,
    manifest_sha256: Option<String>,
    lexicons: Vec<LexiconRecord<'a>>,
    gazetteers: Vec<LexiconRecord<'a>>,
    files: &'a [ingest::InputFile],
    records: &'a Outcome,
}

/// Loads the built-in lexicons (if wanted) and the user's.
pub fn load_lexicons(options: &StudyOptions) -> Result<Vec<Lexicon>> {
    let mut lexicons = if options.builtin_lexicons { Lexicon::built_in() } else { Vec::new() };
    for path in &options.lexicons {
        let lexicon = Lexicon::load(path)?;
        if lexicons.iter().any(|l| l.meta.name == lexicon.meta.name) {
            return Err(Error::Lexicon {
                path: path.display().to_string(),
                message: format!("a lexicon named {:?} is already loaded", lexicon.meta.name),
            });
        }
        lexicons.push(lexicon);
    }
    if lexicons.is_empty() {
        return Err(Error::Input("no lexicons: give --lexicon FILE or keep the built-in lexicons".into()));
    }
    Ok(lexicons)
}

/// Runs the whole study and writes the report folder; with `options.shard`, writes that shard's
/// partial study instead (see `shard`).
pub fn run(options: &StudyOptions, progress: &ProgressBar) -> Result<Outcome> {
    bound_allocator_arenas();
    let mut timer = Timer::new();
    let resources = Resources::load(options)?;
    let analysis = analyse(options, &resources, progress, &mut timer)?;
    match options.shard {
        Some(shard) => write_shard(options, shard, analysis, &resources, progress, timer),
        None => report(options, analysis, &resources, progress, timer),
    }
}

/// Reads the partial studies written by `slant run --shard i/n` and writes the report of the
/// whole study: the same files a single run over the same input writes.
pub fn merge(options: &StudyOptions, shards: &[&Path], progress: &ProgressBar) -> Result<Outcome> {
    bound_allocator_arenas();
    let mut timer = Timer::new();
    let resources = Resources::load(options)?;
    progress.set_message("merging");
    let partial = shard::read_partials(shards, &parent_dir(&options.out)?)?;
    timer.lap("merge");
    report(options, partial, &resources, progress, timer)
}

/// Wall seconds per stage, in the order the stages ran, the process's peak memory at the end of
/// each, and where annotation's time went.
struct Timer {
    laps: Vec<(&'static str, f64)>,
    /// Peak resident memory (MB) so far at the end of each lap, where the system reports it.
    peaks: Vec<(&'static str, u64)>,
    clock: Instant,
    annotate_cpu: Vec<(&'static str, f64)>,
    text_bytes: usize,
}

impl Timer {
    fn new() -> Timer {
        Timer { laps: Vec::new(), peaks: Vec::new(), clock: Instant::now(), annotate_cpu: Vec::new(), text_bytes: 0 }
    }

    /// Ends a stage, returning the memory it freed to the system (`release_freed_memory`)
    /// before the next stage allocates. A stage that runs in parts (render, around the evidence
    /// pass) adds up.
    fn lap(&mut self, stage: &'static str) {
        let seconds = self.clock.elapsed().as_secs_f64();
        match self.laps.iter_mut().find(|(s, _)| *s == stage) {
            Some(lap) => lap.1 += seconds,
            None => self.laps.push((stage, seconds)),
        }
        if let Some(mb) = peak_rss_megabytes() {
            match self.peaks.iter_mut().find(|(s, _)| *s == stage) {
                Some(peak) => peak.1 = mb,
                None => self.peaks.push((stage, mb)),
            }
        }
        release_freed_memory();
        self.clock = Instant::now();
    }
}

/// Hands the pages of memory the stages have freed back to the system. glibc's allocator keeps
/// freed memory in per-thread arenas for reuse, and a stage that builds large tables on one
/// thread while others annotate leaves much of it scattered where the next stage's
/// allocations do not land: about 300 MB of the full ABP run's peak (`MALLOC_ARENA_MAX=1`
/// avoided it at 50% more run time). `malloc_trim(0)` returns every free page of every arena
/// (glibc ≥ 2.8); the full ABP run took no longer with it.
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim takes no pointers and only releases memory the allocator holds free.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// The size from which a buffer is mapped on its own (`bound_allocator_arenas`): 1 MiB. Every
/// mapped buffer is fresh pages, faulted in and zeroed by the kernel, and the late stages free
/// and allocate buffers of a few hundred KiB by the thousand (a chunk's columns and strings, a
/// batch of texts read back): at 256 KiB a full ABP run spent 8.5–8.7 s in the kernel, and the
/// report's tables were written at 1.6 cores. Full ABP runs, alternated (wall, system time,
/// peak): 256 KiB 36.8–37.8 s, 8.5–8.7 s, 465 MB; 1 MiB 31.4–35.1 s, 6.7–7.0 s, 467–482 MB;
/// 2 MiB 30.0–38.5 s, 5.1–7.3 s, 472–493 MB; 8 MiB 29.7–33.0 s, 504–513 MB; 32 MiB 29.9–34.1 s,
/// 530–564 MB. 1 MiB keeps the peak clear of 500 MB for most of the time saved. At 200,000
/// articles 2 MiB had taken the run from 189.2 to 172.4 s (writing the report from 41.3 to
/// 28.9 s) at 869 MB against 848.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MMAP_THRESHOLD: libc::c_int = 1024 * 1024;

/// Keeps the memory glibc's allocator holds free but resident from adding to the run's peak.
/// Measured on the full ABP corpus, the arenas held 650–800 MB free during the comparison, on top
/// of 1.8–2.2 GB in use. Two settings, each its own cause:
/// - Large buffers (table columns, token and row vectors) are mapped on their own and returned to
///   the system when freed (`M_MMAP_THRESHOLD` fixed at `MMAP_THRESHOLD`). By default glibc
///   raises the threshold to 32 MiB as such buffers are freed, after which they are carved from
///   the arenas, and the holes they leave are not given back until the end of a stage
///   (`release_freed_memory`).
/// - As many arenas as worker threads, at least two (`M_ARENA_MAX`; glibc's default is eight per
///   core): freed memory in one thread's arena is not reused by another's allocations.
///
/// The full ABP run's peak went from 2,699 to 2,417 MB with both, in no more time (95 s against
/// 98 s); one arena (`MALLOC_ARENA_MAX=1`) had cost half again the time. The output does not
/// depend on them. An `MALLOC_MMAP_THRESHOLD_` or `MALLOC_ARENA_MAX` set in the
/// environment is left as it is.
fn bound_allocator_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let unset = |name: &str| std::env::var_os(name).is_none();
        // SAFETY: mallopt takes plain integers and only changes the allocator's parameters.
        unsafe {
            if unset("MALLOC_MMAP_THRESHOLD_") {
                libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
            }
            if unset("MALLOC_ARENA_MAX") {
                libc::mallopt(libc::M_ARENA_MAX, rayon::current_num_threads().max(2) as libc::c_int);
            }
        }
    }
}

/// Lexicons, claims and gazetteer: loaded once, before any input is read.
struct Resources {
    lexicons: Vec<Lexicon>,
    claims: Claims,
    gazetteer: Gazetteer,
}

impl Resources {
    fn load(options: &StudyOptions) -> Result<Resources> {
        Ok(Resources {
            lexicons: load_lexicons(options)?,
            claims: Claims::new(&options.compare.claims)?,
            gazetteer: Gazetteer::load(&options.entities)?,
        })
    }
}

/// Ingest, furniture removal, annotation and tabulation: the study up to its tables. With
/// `options.shard`, the whole input is read (so duplicates and the ingest log are those of the
/// whole study) but only the shard's outlets are cleaned, annotated and tabulated.
fn analyse(options: &StudyOptions, resources: &Resources, progress: &ProgressBar, timer: &mut Timer) -> Result<Partial> {
    let Resources { lexicons, claims, gazetteer } = resources;
    let manifest = options.manifest.as_deref().map(Manifest::load).transpose()?;
    progress.set_message("reading");
    let read_options = ingest::ReadOptions {
        manifest: manifest.as_ref(),
        fields: options.fields.clone(),
        outlets: options.outlets.clone(),
        near_duplicate: options.near_duplicate,
        keep_duplicates: options.keep_duplicates,
        limits: options.limits,
    };
    // Texts are spilled as they are read, beside the report folder: reading, furniture removal
    // and annotation then hold the records and one batch (or one outlet) of texts at a time.
    let spill_dir = parent_dir(&options.out)?;
    let (mut ingested, mut texts) = ingest::read_spilled(&options.inputs, &read_options, &spill_dir)?;
    for lexicon in lexicons {
        let other = ingested
            .articles
            .iter()
            .filter(|a| !crate::annotate::applies(&lexicon.meta.language, &a.language))
            .count();
        if other > 0 {
            ingested.language_notes.push(format!(
                "Lexicon {} ({}) was not applied to {other} article(s) in other languages.",
                lexicon.meta.name, lexicon.meta.language
            ));
        }
    }
    options.groups.assign(&mut ingested.articles);
    if ingested.articles.is_empty() {
        return Err(Error::Input(format!(
            "no article could be read from {} ({} records rejected, {} files skipped)",
            options.inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "),
            ingested.count(Status::Rejected),
            ingested.count(Status::Skipped),
        )));
    }
    if let Some(shard) = options.shard {
        let owned: Vec<bool> = ingested.articles.iter().map(|a| shard.owns(&a.outlet.value)).collect();
        ingested.articles.retain(|a| shard.owns(&a.outlet.value));
        texts.retain(|i| owned[i]);
    }
    timer.lap("ingest");
    let (cleaning, texts) = clean::remove_boilerplate_spilled(&ingested.articles, texts, &options.boilerplate, &spill_dir)?;
    timer.lap("clean");

    let matcher = Matcher::new(lexicons);
    let annotator = Annotator::new(lexicons, &matcher, gazetteer).with_claims(claims);
    let mut tabulator = Tabulator::new(lexicons, &matcher, gazetteer).with_claims(&claims.names).spill_in(&spill_dir)?;
    let articles = std::mem::take(&mut ingested.articles);
    progress.set_length(articles.len() as u64);
    progress.set_message("annotating");
    timer.text_bytes = texts.bytes() as usize;
    // Once tabulated, an article's text goes to the spill until the evidence passes read it.
    let mut spill = Spill::new_in(&spill_dir)?;
    let mut kept = Vec::with_capacity(articles.len());
    let mut pending = articles.into_iter();
    let mut tabulating = std::time::Duration::ZERO;
    // Each batch is tabulated (in input order, on one thread) while the next is annotated (on
    // the others), so that neither waits for the other.
    let mut annotated = Vec::new();
    let mut read = 0;
    loop {
        let mut batch: Vec<_> = pending.by_ref().take(BATCH).collect();
        if batch.is_empty() && annotated.is_empty() {
            break;
        }
        let cleaned = texts.read(read..read + batch.len())?;
        for (i, a) in (read..).zip(batch.iter_mut()) {
            a.text = cleaned.get(i).to_string();
        }
        read += batch.len();
        drop(cleaned);
        let (docs, spilled) = rayon::join(
            || batch.into_par_iter().map(|a| annotator.annotate(a)).collect::<Vec<_>>(),
            || -> Result<()> {
                let started = Instant::now();
                for doc in annotated.drain(..) {
                    tabulator.add(&doc)?;
                    let mut article = doc.article;
                    spill.push(&mut article)?;
                    kept.push(article);
                    progress.inc(1);
                }
                tabulating += started.elapsed();
                Ok(())
            },
        );
        spilled?;
        annotated = docs;
    }
    let kept = Analysed { articles: kept, texts: spill.finish()? };
    timer.lap("annotate");
    let tables = tabulator.finish()?;
    timer.lap("tabulate");
    timer.annotate_cpu = annotator.clock.seconds();
    timer.annotate_cpu.push(("tabulate", tabulating.as_secs_f64()));
    Ok(Partial { ingested, cleaning, tables, kept })
}

/// Writes a shard's folder: its partial study, the ingest log, run.json and timings.json.
fn write_shard(
    options: &StudyOptions,
    shard: Shard,
    mut partial: Partial,
    resources: &Resources,
    progress: &ProgressBar,
    mut timer: Timer,
) -> Result<Outcome> {
    progress.set_message("writing");
    let study_articles = study_articles(&partial.ingested, options.keep_duplicates);
    let outcome = Outcome {
        outlets: partial.kept.articles.iter().map(|a| a.outlet.value.as_str()).collect::<BTreeSet<_>>().len(),
        ..outcome(&partial.ingested)
    };
    publish_staged(options, |staging| {
        shard::write_partial(staging, shard, study_articles, &mut partial)?;
        write_ingest_log(&partial.ingested, &staging.join("ingest.csv"))?;
        write_run_record(staging, options, resources, &partial.ingested, &outcome)?;
        timer.lap("render");
        write_json(&staging.join("timings.json"), &timing_record(&timer))
    })?;
    progress.finish_and_clear();
    Ok(outcome)
}

/// The number of articles a whole study analyses: accepted ones, and duplicates when kept.
fn study_articles(ingested: &Ingested, keep_duplicates: bool) -> usize {
    ingested.count(Status::Accepted) + if keep_duplicates { ingested.count(Status::Duplicate) } else { 0 }
}

fn outcome(ingested: &Ingested) -> Outcome {
    Outcome {
        accepted: ingested.count(Status::Accepted),
        duplicates: ingested.count(Status::Duplicate),
        rejected: ingested.count(Status::Rejected),
        skipped: ingested.count(Status::Skipped),
        outlets: 0,
    }
}

/// Compare, evidence and render: the study's tables in, the report folder out.
fn report(options: &StudyOptions, partial: Partial, resources: &Resources, progress: &ProgressBar, mut timer: Timer) -> Result<Outcome> {
    let Resources { lexicons, gazetteer, .. } = resources;
    let Partial { ingested, cleaning, mut tables, mut kept } = partial;
    progress.set_message("comparing");
    let comparison = compare(&tables, &kept, &options.compare)?;
    // What only the comparison reads: its memory is better spent on the report. (The labels and
    // attributions stay, for the `labels` and `sources` tables' examples and quotes.)
    tables.claim_statements = DataFrame::empty();
    timer.lap("compare");

    progress.set_message("writing");
    let outcome = Outcome { outlets: comparison.outlets.len(), ..outcome(&ingested) };
    publish_staged(options, |staging| {
        let table_dir = TableDir::create(staging.join("tables"), options.tables)?;
        // The tables are written, each freed once written, before the comparison's tables are
        // built and before the evidence pass re-reads the texts, so that none of these hold
        // memory at once; and what the largest leave free is handed back before the next, which
        // took 20 MB off the full ABP run's peak while the `sources` table was written.
        tables.frames.write(&tables.articles, &table_dir)?;
        tables.mentions.write(&tables.articles, &table_dir)?;
        (tables.frames, tables.mentions) = Default::default();
        std::mem::take(&mut tables.terms).write(&table_dir)?;
        release_freed_memory();
        let entities = &comparison.entities.source_entities;
        tables.attributions.write_sources(&tables.articles, |row| entities.get(row), &kept.texts, &table_dir)?;
        tables.attributions = Default::default();
        comparison.entities.label_table.write(&tables.labels, &tables.articles, &kept.texts, &table_dir)?;
        tables.labels = Default::default();
        write_table(&mut std::mem::take(&mut tables.articles), &table_dir, "articles")?;
        tables.hits.write(&mut kept, &table_dir)?;
        drop(tables);
        release_freed_memory();
        comparison.write_tables(&table_dir)?;
        // Written whole: from here on the report's view of the comparison is all that is needed.
        let shown = comparison.into_view(options.report_outlets);
        let report = Report {
            name: &options.name,
            comparison: &shown,
            ingested: &ingested,
            lexicons,
            cleaning: &cleaning,
            term_evidence: &Default::default(),
            timeline_terms: &[],
            top_terms: options.top_terms,
            gazetteer: gazetteer.sources.iter().map(|g| format!("{} v{} ({})", g.meta.name, g.meta.version, g.location)).collect(),
            tables: options.tables,
        };
        // Each shown term with its count in the target: an outlet's count is the number of times
        // the evidence pass will meet the term in its texts (the same tokens, counted the same
        // way), so the pass can stop looking once it has met them all.
        let mut wanted: BTreeMap<(String, String), Option<u64>> = BTreeMap::new();
        for contrast in shown.contrasts.iter().filter(|c| !c.is_pairwise()) {
            let Some(scored) = shown.keyness_of(contrast) else { continue };
            let outlet = matches!(contrast.target, crate::study::Side::Outlet(_));
            for k in report.shown_terms(contrast) {
                if k.count > 0 {
                    let count = wanted.entry(scored.evidence_key(k)).or_default();
                    *count = count.or(outlet.then_some(k.count));
                }
            }
        }
        // Distinctive terms per time bucket for the outlets with the most articles.
        let mut busiest: Vec<&crate::compare::UnitSummary> = shown.outlets.iter().collect();
        busiest.sort_by(|a, b| b.articles.cmp(&a.articles).then_with(|| a.name.cmp(&b.name)));
        let busiest: Vec<String> = busiest.iter().take(TIMELINE_OUTLETS).map(|o| o.name.clone()).collect();
        timer.lap("render");
        // One more read of the texts, for the evidence of distinctive terms and the timeline.
        let mut term_evidence = kwic::TermContexts::new(&wanted, TERM_EVIDENCE);
        let mut timeline = TimelineTerms::new(&busiest, shown.bucket);
        kept.for_each_batch(|articles| {
            rayon::join(|| term_evidence.add(articles), || timeline.add(articles)).1
        })?;
        drop(kept); // the texts are not needed past the evidence
        release_freed_memory();
        let term_evidence = term_evidence.finish();
        let timeline_terms = timeline.terms(&options.compare.keyness, TIMELINE_TERMS);
        timer.lap("evidence");
        write_table(&mut cleaning.table()?, &table_dir, "boilerplate")?;
        crate::compare::write_keyness(&table_dir, "timeline_terms", &timeline_terms, options.compare.keyness.measure)?;
        write_ingest_log(&ingested, &staging.join("ingest.csv"))?;
        let report = Report { term_evidence: &term_evidence, timeline_terms: &timeline_terms, ..report };
        report.write(staging)?;
        write_run_record(staging, options, resources, &ingested, &outcome)?;
        timer.lap("render");
        write_json(&staging.join("timings.json"), &timing_record(&timer))
    })?;
    progress.finish_and_clear();
    Ok(outcome)
}

/// Runs `write` on a fresh staging folder and moves the folder to `options.out` only if every
/// file was written; whatever failed, no half-written folder stays behind.
fn publish_staged(options: &StudyOptions, write: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
    let staging = staging_dir(&options.out)?;
    crate::interrupt::register(&staging);
    if let Err(e) = write(&staging).and_then(|()| crate::interrupt::publishing(|| publish(&staging, &options.out))) {
        crate::interrupt::clean_up(false);
        return Err(e);
    }
    Ok(())
}

fn write_run_record(dir: &Path, options: &StudyOptions, resources: &Resources, ingested: &Ingested, outcome: &Outcome) -> Result<()> {
    let record = RunRecord {
        tool: "slant",
        version: env!("CARGO_PKG_VERSION"),
        options,
        manifest_sha256: match &options.manifest {
            Some(p) => Some(sha256_hex(&std::fs::read(p).map_err(|e| Error::io(p, e))?)),
            None => None,
        },
        lexicons: resources
            .lexicons
            .iter()
            .map(|l| LexiconRecord { name: &l.meta.name, version: &l.meta.version, location: &l.location, sha256: &l.sha256 })
            .collect(),
        gazetteers: resources
            .gazetteer
            .sources
            .iter()
            .map(|g| LexiconRecord { name: &g.meta.name, version: &g.meta.version, location: &g.location, sha256: &g.sha256 })
            .collect(),
        files: &ingested.files,
        records: outcome,
    };
    write_json(&dir.join("run.json"), &record)
}

/// What `timings.json` holds: wall seconds per stage (`ingest_seconds` …; `annotate_seconds`
/// covers the documents' tabulation, which runs beside their annotation, and `tabulate_seconds`
/// the building of the tables from it), the peak memory at the end of each stage
/// (`peak_rss_megabytes.ingest` …, Linux only), the CPU seconds of each annotation sub-stage
/// summed over threads (`annotate_cpu_seconds.segment` …, with `tabulate` for the documents'
/// tabulation), the
/// megabytes of article text annotated, and when the run finished. Dividing the megabytes by a
/// sub-stage's CPU seconds gives its throughput per core.
fn timing_record(timer: &Timer) -> serde_json::Value {
    let round = |v: f64| serde_json::json!((v * 1000.0).round() / 1000.0);
    let mut record: serde_json::Map<String, serde_json::Value> =
        timer.laps.iter().map(|(k, v)| (format!("{k}_seconds"), round(*v))).collect();
    if !timer.peaks.is_empty() {
        let peaks: serde_json::Map<String, serde_json::Value> =
            timer.peaks.iter().map(|(k, v)| (k.to_string(), serde_json::json!(v))).collect();
        record.insert("peak_rss_megabytes".into(), peaks.into());
    }
    if !timer.annotate_cpu.is_empty() {
        let cpu: serde_json::Map<String, serde_json::Value> =
            timer.annotate_cpu.iter().map(|(k, v)| (k.to_string(), round(*v))).collect();
        record.insert("annotate_cpu_seconds".into(), cpu.into());
        record.insert("text_megabytes".into(), round(timer.text_bytes as f64 / 1e6));
    }
    record.insert("finished_at".into(), serde_json::json!(chrono::Utc::now().to_rfc3339()));
    record.into()
}

/// The process's peak resident memory so far in MB (`VmHWM` of /proc/self/status), on Linux.
fn peak_rss_megabytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

fn write_json(path: &Path, value: &impl Serialize) -> Result<()> {
    let mut text = serde_json::to_string_pretty(value).map_err(|e| Error::Input(format!("{}: {e}", path.display())))?;
    text.push('\n');
    std::fs::write(path, text).map_err(|e| Error::io(path, e))
}

/// Writes `ingest.csv`: one row per input record.
pub fn write_ingest_log(ingested: &Ingested, path: &Path) -> Result<()> {
    let io = |e: csv::Error| Error::Input(format!("{}: {e}", path.display()));
    let mut w = csv::Writer::from_path(path).map_err(io)?;
    w.write_record([
        col::PATH,
        col::LINE,
        col::ARTICLE_ID,
        col::STATUS,
        col::REASON,
        col::OUTLET,
        col::OUTLET_SOURCE,
        col::OUTLET_RAW,
        col::DATE,
        col::DATE_SOURCE,
        col::LANGUAGE,
    ])
    .map_err(io)?;
    for e in &ingested.log {
        let line = e.origin.record.map(|r| r.to_string()).unwrap_or_default();
        let id = e.article_id.as_deref().unwrap_or("");
        let m = e.meta.as_ref();
        let outlet = m.map_or("", |m| m.outlet.as_str());
        let outlet_source = m.map_or("", |m| m.outlet_source.as_str());
        let outlet_raw = m.and_then(|m| m.outlet_raw.as_deref()).unwrap_or("");
        let date = m
            .and_then(|m| m.date)
            .map(|d| d.to_string())
            .unwrap_or_default();
        let date_source = m.map_or("", |m| m.date_source.as_str());
        let language = m.map_or("", |m| m.language.as_str());
        let cells = [
            e.origin.path.as_str(),
            &line,
            id,
            e.status.as_str(),
            &e.reason,
            outlet,
            outlet_source,
            outlet_raw,
            &date,
            date_source,
            language,
        ];
        w.write_record(cells.map(|c| neutralise(c).into_owned())).map_err(io)?;
    }
    w.flush().map_err(|e| Error::io(path, e))
}

/// The folder the report folder `out` goes into, created if need be: where its staging folder
/// and the spilled texts are written.
fn parent_dir(out: &Path) -> Result<PathBuf> {
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    Ok(parent.to_path_buf())
}

/// A fresh folder beside `out` to write the report into.
fn staging_dir(out: &Path) -> Result<PathBuf> {
    let parent = parent_dir(out)?;
    let name = out.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "report".into());
    let staging = parent.join(format!(".{name}.partial-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir(&staging).map_err(|e| Error::io(&staging, e))?;
    Ok(staging)
}

/// Moves the finished report into place, replacing an earlier slant report but never a folder
/// that is not one.
fn publish(staging: &Path, out: &Path) -> Result<()> {
    if out.exists() {
        let is_report = out.join("run.json").is_file();
        let is_empty = std::fs::read_dir(out).map(|mut d| d.next().is_none()).unwrap_or(false);
        if !is_report && !is_empty {
            let _ = std::fs::remove_dir_all(staging);
            return Err(Error::Input(format!(
                "{} exists and is not a slant report (no run.json): refusing to replace it; choose another --out",
                out.display()
            )));
        }
        let old = staging.with_extension("old");
        let _ = std::fs::remove_dir_all(&old);
        std::fs::rename(out, &old).map_err(|e| Error::io(out, e))?;
        std::fs::rename(staging, out).map_err(|e| Error::io(out, e))?;
        std::fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e))?;
    } else {
        std::fs::rename(staging, out).map_err(|e| Error::io(out, e))?;
    }
    Ok(())
}
