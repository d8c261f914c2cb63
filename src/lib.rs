//! slant: how news outlets tell the same story differently.
//!
//! ```text
//! inputs ──ingest──▶ Article ──annotate──▶ Doc ──tabulate──▶ Tables ──compare──▶ Comparison ──render──▶ charts + report
//!  files, dirs,       id, outlet,           tokens,            polars,            log-odds,            SVG/PNG,
//!  JSONL, CSV,        date, title,          sentences,         long/tidy,         frame rates + CIs,   report.html,
//!  + manifest         text, provenance      lexicon hits,      Parquet/CSV        entities, labels,    report.md, run.json
//!                                           mentions, labels,                     sourcing,
//!                                           quotes + sources                      evidence (KWIC)
//! ```
//!
//! Each stage is a module with one type flowing in and one flowing out; `pipeline::run` chains
//! them and writes the report folder.

pub mod annotate;
pub mod clean;
pub mod compare;
pub mod error;
pub mod evaluate;
#[doc(hidden)]
pub mod fuzzing;
pub mod hash;
pub mod ingest;
pub mod interrupt;
pub mod kwic;
pub mod lexicon;
pub mod model;
pub mod pipeline;
pub mod render;
pub mod shard;
pub mod spill;
pub mod study;
pub mod tabulate;
pub mod text;

pub use compare::Comparison;
pub use error::{Error, Result};
pub use model::{Article, Doc, Hit, Kwic, Provenance, Sourced, Span, Token};
pub use tabulate::Tables;
