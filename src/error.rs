//! The library's error type: every error names the file (and line or record) it concerns.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Lexicon { path: String, message: String },
    #[error("{path}: {message}")]
    Manifest { path: String, message: String },
    #[error("{0}")]
    Input(String),
    #[error("table {table}: {source}")]
    Table {
        table: String,
        #[source]
        source: polars::error::PolarsError,
    },
    #[error("chart {chart}: {message}")]
    Chart { chart: String, message: String },
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { path: path.into(), source }
    }
    pub fn table(table: &str, source: polars::error::PolarsError) -> Self {
        Error::Table { table: table.to_string(), source }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
