//! The library's error type: every error names the file (and line or record) it concerns.

use std::path::PathBuf;

/// Each variant's message holds its cause's, and the cause is not also given as `source()`:
/// `slant` prints an error with its chain (`{:#}`), which would say the cause twice ("No space
/// left on device (os error 28): No space left on device (os error 28)").
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {cause}")]
    Io { path: PathBuf, cause: std::io::Error },
    #[error("{path}: {message}")]
    Lexicon { path: String, message: String },
    #[error("{path}: {message}")]
    Manifest { path: String, message: String },
    #[error("{0}")]
    Input(String),
    #[error("table {table}: {cause}")]
    Table { table: String, cause: polars::error::PolarsError },
    #[error("chart {chart}: {message}")]
    Chart { chart: String, message: String },
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, cause: std::io::Error) -> Self {
        Error::Io { path: path.into(), cause }
    }
    pub fn table(table: &str, cause: polars::error::PolarsError) -> Self {
        Error::Table { table: table.to_string(), cause }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::Error;

    /// As `slant` prints it (`error: {:#}`): the file, then the cause, once.
    #[test]
    fn errors_name_the_file_and_their_cause_once() {
        let full = std::io::Error::from_raw_os_error(28);
        let cases = [
            (Error::io("/tmp/x", full), "/tmp/x: No space left on device (os error 28)"),
            (
                Error::table("hits", polars::error::PolarsError::NoData("empty".into())),
                "table hits: no data: empty",
            ),
            (Error::Input("line 3: not JSON".into()), "line 3: not JSON"),
        ];
        for (error, want) in cases {
            assert_eq!(format!("{:#}", anyhow::Error::from(error)), want);
        }
    }
}
