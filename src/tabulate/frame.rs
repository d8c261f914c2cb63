//! Frame building and writing: plain column vectors in, polars `DataFrame`s and their Parquet and
//! CSV files out. Keeps polars' API in one place.

use super::parquet::ParquetFile;
use crate::error::{Error, Result};
use chrono::NaiveDate;
use polars::prelude::*;
use std::ops::Range;
use std::path::Path;

/// A column of strings kept end to end in one buffer: one allocation per column instead of one
/// per row, for the rows a table gathers as annotation finds them. (A column whose strings are
/// already at hand goes straight into the frame, `FrameBuilder::str_iter`, as the `hits` and
/// `mentions` tables' do.)
#[derive(Debug, Default, Clone)]
pub struct Strings {
    data: String,
    ends: Vec<usize>,
}

impl Strings {
    pub fn push(&mut self, value: impl AsRef<str>) {
        self.data.push_str(value.as_ref());
        self.ends.push(self.data.len());
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.data[start..self.ends[i]]
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.get(i))
    }
}

/// Builds a `DataFrame` column by column.
pub struct FrameBuilder {
    table: &'static str,
    columns: Vec<Column>,
}

impl FrameBuilder {
    pub fn new(table: &'static str) -> Self {
        FrameBuilder { table, columns: Vec::new() }
    }
    pub fn str(mut self, name: &str, values: Vec<String>) -> Self {
        self.columns.push(Column::new(name.into(), values));
        self
    }
    pub fn strings(self, name: &str, values: Strings) -> Self {
        self.str_iter(name, values.iter())
    }
    /// A column of borrowed strings, copied once into the frame.
    pub fn str_iter<'s>(mut self, name: &str, values: impl Iterator<Item = &'s str>) -> Self {
        self.columns.push(StringChunked::from_iter_values(name.into(), values).into_column());
        self
    }
    pub fn opt_str(mut self, name: &str, values: Vec<Option<String>>) -> Self {
        self.columns.push(Column::new(name.into(), values));
        self
    }
    pub fn u64(mut self, name: &str, values: Vec<u64>) -> Self {
        self.columns.push(Column::new(name.into(), values));
        self
    }
    pub fn opt_u64(mut self, name: &str, values: Vec<Option<u64>>) -> Self {
        self.columns.push(Column::new(name.into(), values));
        self
    }
    pub fn f64(mut self, name: &str, values: Vec<f64>) -> Self {
        self.columns.push(Column::new(name.into(), values));
        self
    }
    pub fn bool(mut self, name: &str, values: Vec<bool>) -> Self {
        self.columns.push(Column::new(name.into(), values));
        self
    }
    pub fn date(mut self, name: &str, values: Vec<Option<NaiveDate>>) -> Result<Self> {
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");
        let days: Vec<Option<i32>> = values.iter().map(|d| d.map(|d| (d - epoch).num_days() as i32)).collect();
        let column = Column::new(name.into(), days)
            .cast(&DataType::Date)
            .map_err(|e| Error::table(self.table, e))?;
        self.columns.push(column);
        Ok(self)
    }
    pub fn build(self) -> Result<DataFrame> {
        let height = self.columns.first().map_or(0, Column::len);
        DataFrame::new(height, self.columns).map_err(|e| Error::table(self.table, e))
    }
}

/// The files each table of a report is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TableFormat {
    /// Parquet and CSV
    #[default]
    Both,
    /// Parquet only: typed and compressed, read by polars, pandas, R's arrow and DuckDB. On the
    /// full ABP corpus the tables take 0.33 GB instead of 2.1, and about 7 s less to write
    Parquet,
    /// CSV only, for spreadsheets and tools without Parquet
    Csv,
}

impl TableFormat {
    fn parquet(self) -> bool {
        self != TableFormat::Csv
    }
    fn csv(self) -> bool {
        self != TableFormat::Parquet
    }
    /// The files written, as the report's Method section names them.
    pub fn name(self) -> &'static str {
        match self {
            TableFormat::Both => "Parquet and CSV",
            TableFormat::Parquet => "Parquet",
            TableFormat::Csv => "CSV",
        }
    }
    /// The extension a reader of the report should look for: CSV whenever it is written.
    pub fn extension(self) -> &'static str {
        if self.csv() { "csv" } else { "parquet" }
    }
}

/// The folder a report's tables are written to, and the files each is written as.
#[derive(Debug, Clone)]
pub struct TableDir {
    path: std::path::PathBuf,
    format: TableFormat,
}

impl TableDir {
    /// Creates the folder `path` (and its parents) for tables written as `format`.
    pub fn create(path: std::path::PathBuf, format: TableFormat) -> Result<TableDir> {
        std::fs::create_dir_all(&path).map_err(|e| Error::io(&path, e))?;
        Ok(TableDir { path, format })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn create_file(&self, name: &str, ext: &str) -> Result<std::fs::File> {
        let path = self.path.join(format!("{name}.{ext}"));
        std::fs::File::create(&path).map_err(|e| Error::io(&path, e))
    }
}

/// Writes `df` as `<dir>/<name>.parquet` and `<dir>/<name>.csv` (or the one `dir`'s format
/// asks for), the two at once: encoding Parquet and formatting CSV each keep a core busy on a
/// large table.
pub fn write_table(df: &mut DataFrame, dir: &TableDir, name: &str) -> Result<()> {
    let format = dir.format;
    let safe = format.csv().then(|| csv_safe(df).map_err(|e| Error::table(name, e))).transpose()?;
    // A failure of either leaves the report unpublished (the staging folder is removed), so the
    // other's file is never seen.
    let (parquet, csv) = rayon::join(
        || if format.parquet() { write_parquet(df, dir.path(), name) } else { Ok(()) },
        || {
            let Some(mut safe) = safe else { return Ok(()) };
            let file = dir.create_file(name, "csv")?;
            CsvWriter::new(std::io::BufWriter::new(file)).include_header(true).finish(&mut safe).map_err(|e| Error::table(name, e))
        },
    );
    parquet.and(csv)
}

/// How the Parquet tables are compressed: zstd at level 1, not polars' default of zstd's 3.
/// zstd is most of the time the largest table (`hits`, 730 MB of sentences before compression
/// on the full ABP study) takes to write; level 1 took the report stage from 15.6, 18.3 and
/// 14.6 s to 12.0, 14.8 and 11.0 s (runs alternated, when polars still compressed every page on
/// one thread: see `parquet`) for tables 8% larger (342 → 368 MB).
fn parquet_compression() -> ParquetCompression {
    ParquetCompression::Zstd(polars::polars_utils::compression::ZstdLevel::try_new(1).ok())
}

/// Writes `df` as `<dir>/<name>.parquet` (zstd-compressed).
pub fn write_parquet(df: &mut DataFrame, dir: &Path, name: &str) -> Result<()> {
    let parquet = dir.join(format!("{name}.parquet"));
    let file = std::fs::File::create(&parquet).map_err(|e| Error::io(&parquet, e))?;
    let written = ParquetFile::create(file, df.schema(), parquet_compression()).and_then(|mut file| {
        file.write(df)?;
        file.finish()
    });
    written.map_err(|e| Error::table(name, e))
}

/// Rows per chunk of a table of short cells written a chunk at a time (`write_in_chunks`), each
/// one Parquet row group: about 5 MB of `frames`, `mentions` or `terms` at a time. An eighth of
/// polars' own row group (512² rows, 40 MB), since the chunks are written while the comparison
/// is held and were the peak of the full ABP run after it; and two are held at once, one built
/// while the other is written.
pub const CHUNK_ROWS: usize = 1 << 15;

/// Writes the table `name` of `rows` rows as `<dir>/<name>.parquet` and `.csv` (as `dir`'s
/// format asks), building it `chunk_rows` rows at a time with `chunk` (given the rows' range),
/// each chunk one Parquet row group, so that the whole table is never held. A table of no rows is
/// still written, with its header.
///
/// Each chunk is built while the one before it is written: building (reading texts back, making
/// strings) is one thread's work, and writing leaves a core idle while the slower of its Parquet
/// and CSV halves finishes. On the full ABP corpus the tables written this way took 10.7 s to
/// build and 14.1 s to write one after the other.
pub fn write_in_chunks(
    dir: &TableDir,
    name: &str,
    rows: usize,
    chunk_rows: usize,
    mut chunk: impl FnMut(Range<usize>) -> Result<DataFrame> + Send,
) -> Result<()> {
    let mut ranges = (0..rows.max(1)).step_by(chunk_rows.max(1)).map(|start| start..rows.min(start + chunk_rows));
    let mut current = chunk(ranges.next().unwrap_or(0..0))?;
    let mut writer = TableWriter::create(dir, name, current.schema())?;
    for range in ranges {
        let (written, next) = rayon::join(|| writer.write(&current), || chunk(range));
        written?;
        current = next?;
    }
    writer.write(&current)?;
    writer.finish()
}

/// Writes one table as Parquet and CSV (or the one its folder's format asks for) a frame at a
/// time, for tables too large to hold whole. Each frame written becomes one Parquet row group;
/// frames of at most 512² rows (polars' row group) built in one piece give the same files
/// `write_table` writes for their concatenation.
pub struct TableWriter {
    name: String,
    parquet: Option<ParquetFile>,
    csv: Option<polars::io::csv::write::BatchedWriter<std::io::BufWriter<std::fs::File>>>,
}

impl TableWriter {
    /// Creates `<dir>/<name>.parquet` and `<dir>/<name>.csv` (those of `dir`'s format) for frames
    /// of `schema`.
    pub fn create(dir: &TableDir, name: &str, schema: &Schema) -> Result<TableWriter> {
        let parquet = if dir.format.parquet() {
            let file = dir.create_file(name, "parquet")?;
            Some(ParquetFile::create(file, schema, parquet_compression()).map_err(|e| Error::table(name, e))?)
        } else {
            None
        };
        let csv = if dir.format.csv() {
            let file = std::io::BufWriter::new(dir.create_file(name, "csv")?);
            Some(CsvWriter::new(file).include_header(true).batched(schema).map_err(|e| Error::table(name, e))?)
        } else {
            None
        };
        Ok(TableWriter { name: name.to_string(), parquet, csv })
    }

    /// Appends `df`'s rows to the table's files.
    pub fn write(&mut self, df: &DataFrame) -> Result<()> {
        let mut df = df.clone();
        df.align_chunks_par();
        let df = &df;
        let TableWriter { name, parquet, csv } = self;
        let parquet = || parquet.as_mut().map_or(Ok(()), |writer| writer.write_chunks(df));
        let csv = || csv.as_mut().map_or(Ok(()), |writer| writer.write_batch(&csv_safe(df)?));
        let (parquet, csv) = rayon::join(parquet, csv);
        parquet.and(csv).map_err(|e| Error::table(name, e))
    }

    pub fn finish(self) -> Result<()> {
        let TableWriter { name, parquet, csv } = self;
        if let Some(parquet) = parquet {
            parquet.finish().map_err(|e| Error::table(&name, e))?;
        }
        if let Some(mut csv) = csv {
            csv.finish().map_err(|e| Error::table(&name, e))?;
        }
        Ok(())
    }
}

/// `df` with every string cell that a spreadsheet would run as a formula neutralised (see
/// `safe_csv`); a copy only when some cell needs it.
fn csv_safe(df: &DataFrame) -> PolarsResult<DataFrame> {
    let mut out = df.clone();
    for column in df.columns() {
        let Ok(values) = column.str() else { continue };
        if !values.iter().flatten().any(|v| matches!(super::safe_csv::neutralise(v), std::borrow::Cow::Owned(_))) {
            continue;
        }
        let safe = StringChunked::from_iter_options(column.name().clone(), values.iter().map(|v| v.map(super::safe_csv::neutralise)));
        out.with_column(safe.into_column())?;
    }
    Ok(out)
}

/// A byte offset, or an article's position, as the compact tables hold it: 32 bits, since ingest
/// caps an article's text below 4 GiB (`Limits::max_article_bytes`).
pub fn offset(n: usize) -> u32 {
    u32::try_from(n).expect("ingest caps an article's text below 4 GiB")
}

/// An offset read back from a shard's partial study; `None` when it does not fit 32 bits.
pub fn stored_offset(v: u64) -> Option<usize> {
    u32::try_from(v).ok().map(|v| v as usize)
}

/// The text of `text[start..end]` with its whitespace squashed, as the tables quote sentences and
/// quotes held as spans; an error naming `table` and row `row` (0-based), not a panic, when the
/// span does not fit the text.
pub fn squashed_span(text: &str, start: u32, end: u32, table: &str, row: usize) -> Result<String> {
    text.get(start as usize..end as usize)
        .map(crate::text::squash)
        .ok_or_else(|| Error::Input(format!("{table}: row {}: a span outside its article's text", row + 1)))
}

/// A span read back from a shard's partial study, or why it cannot be one: past 32 bits, or
/// ending before it starts.
pub fn stored_span(start: u64, end: u64) -> std::result::Result<crate::model::Span, &'static str> {
    match (stored_offset(start), stored_offset(end)) {
        (Some(start), Some(end)) if start <= end => Ok(crate::model::Span { start, end }),
        (Some(_), Some(_)) => Err("a span ending before it starts"),
        _ => Err("a span out of range"),
    }
}

/// Row `i` of a string column; "" when missing.
pub fn cell(c: &StringChunked, i: usize) -> &str {
    c.get(i).unwrap_or("")
}

/// Each article's row in a study's `articles` table, by id: how the rows of a shard's partial
/// study find their article again when the shards are merged.
pub struct ArticlePositions<'a>(crate::hash::HashMap<&'a str, usize>);

impl<'a> ArticlePositions<'a> {
    pub fn new(articles: &'a DataFrame) -> Result<ArticlePositions<'a>> {
        Ok(ArticlePositions(str_values(articles, "articles", super::columns::ARTICLE_ID)?.enumerate().map(|(i, id)| (id, i)).collect()))
    }

    /// The row of article `id`, named by row `row` (0-based) of the table `origin`; an error
    /// naming both when the study has no such article.
    pub fn of(&self, id: &str, row: usize, origin: &str) -> Result<usize> {
        self.0.get(id).copied().ok_or_else(|| Error::Input(format!("{origin}: row {}: article {id:?} is not in the study", row + 1)))
    }
}

/// Column readers that name the table and column in their errors.
/// Missing values read as "".
pub fn strs<'a>(df: &'a DataFrame, table: &str, name: &str) -> Result<Vec<&'a str>> {
    Ok(str_values(df, table, name)?.collect())
}

/// A string column by name; an error naming the table if it is missing or of another type.
pub fn str_column<'a>(df: &'a DataFrame, table: &str, name: &str) -> Result<&'a StringChunked> {
    df.column(name).and_then(|c| c.str()).map_err(|e| Error::table(table, e))
}

/// A string column's values in row order (nulls as ""), read without copying: for the columns of
/// millions of rows that `strs` would collect.
pub fn str_values<'a>(df: &'a DataFrame, table: &str, name: &str) -> Result<impl Iterator<Item = &'a str> + use<'a>> {
    Ok(str_column(df, table, name)?.iter().map(|v| v.unwrap_or("")))
}

/// A u64 column's values in row order (nulls as 0), read without copying.
pub fn u64_values<'a>(df: &'a DataFrame, table: &str, name: &str) -> Result<impl Iterator<Item = u64> + use<'a>> {
    let col = df.column(name).and_then(|c| c.u64()).map_err(|e| Error::table(table, e))?;
    Ok(col.iter().map(|v| v.unwrap_or(0)))
}

pub fn u64s(df: &DataFrame, table: &str, name: &str) -> Result<Vec<u64>> {
    let col = df.column(name).and_then(|c| c.u64()).map_err(|e| Error::table(table, e))?;
    Ok(col.iter().map(|v| v.unwrap_or(0)).collect())
}

pub fn f64s(df: &DataFrame, table: &str, name: &str) -> Result<Vec<f64>> {
    let col = df.column(name).and_then(|c| c.f64()).map_err(|e| Error::table(table, e))?;
    Ok(col.iter().map(|v| v.unwrap_or(0.0)).collect())
}

pub fn bools(df: &DataFrame, table: &str, name: &str) -> Result<Vec<bool>> {
    let col = df.column(name).and_then(|c| c.bool()).map_err(|e| Error::table(table, e))?;
    Ok(col.iter().map(|v| v.unwrap_or(false)).collect())
}

pub fn dates(df: &DataFrame, table: &str, name: &str) -> Result<Vec<Option<NaiveDate>>> {
    let col = df.column(name).and_then(|c| c.date()).map_err(|e| Error::table(table, e))?;
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");
    Ok(col.physical().iter().map(|v| v.map(|d| epoch + chrono::Duration::days(d as i64))).collect())
}

#[cfg(test)]
mod strings_tests {
    use super::*;

    #[test]
    fn strings_keep_each_value_including_empty_ones() {
        let values = ["Press TV", "", "assassinated", "", "ö—ü"];
        let mut column = Strings::default();
        for v in values {
            column.push(v);
        }
        assert_eq!(column.len(), 5);
        assert_eq!(column.iter().collect::<Vec<_>>(), values);
        let df = FrameBuilder::new("t").strings("s", column).build().unwrap();
        let got: Vec<&str> = df.column("s").unwrap().str().unwrap().iter().flatten().collect();
        assert_eq!(got, values);
    }
}

#[cfg(test)]
mod chunk_tests {
    use super::*;

    fn table(rows: std::ops::Range<usize>) -> DataFrame {
        // Row i: ("r{i}", i², and a cell a spreadsheet would run as a formula on row 3).
        let name: Vec<String> = rows.clone().map(|i| if i == 3 { "=1+1".to_string() } else { format!("r{i}") }).collect();
        FrameBuilder::new("t").str("name", name).u64("square", rows.map(|i| (i * i) as u64).collect()).build().unwrap()
    }

    /// A folder `name` under `root` for tables written as `format`.
    fn folder(root: &Path, name: &str, format: TableFormat) -> TableDir {
        TableDir::create(root.join(name), format).unwrap()
    }

    fn files(dir: &TableDir) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        names.sort();
        names
    }

    #[test]
    fn a_table_written_in_chunks_reads_as_the_table_written_whole() {
        let dir = tempfile::tempdir().unwrap();
        let (whole, chunked) = (folder(dir.path(), "whole", TableFormat::Both), folder(dir.path(), "chunked", TableFormat::Both));
        write_table(&mut table(0..5), &whole, "t").unwrap();
        // Chunks of 2 rows: 0..2, 2..4, 4..5.
        let mut asked = Vec::new();
        write_in_chunks(&chunked, "t", 5, 2, |rows| {
            asked.push(rows.clone());
            Ok(table(rows))
        })
        .unwrap();
        assert_eq!(asked, [0..2, 2..4, 4..5]);
        let csv = |d: &TableDir| std::fs::read_to_string(d.path().join("t.csv")).unwrap();
        assert_eq!(csv(&chunked), csv(&whole));
        assert_eq!(csv(&chunked), "name,square\nr0,0\nr1,1\nr2,4\n'=1+1,9\nr4,16\n", "the formula cell neutralised");
        let parquet = |d: &TableDir| ParquetReader::new(std::fs::File::open(d.path().join("t.parquet")).unwrap()).finish().unwrap();
        assert!(parquet(&chunked).equals(&parquet(&whole)));
        assert_eq!(strs(&parquet(&chunked), "t", "name").unwrap()[3], "=1+1", "Parquet keeps the cell as it is");

        // No rows: the header alone, from one empty chunk.
        let empty = folder(dir.path(), "empty", TableFormat::Both);
        let mut asked = Vec::new();
        write_in_chunks(&empty, "t", 0, 2, |rows| {
            asked.push(rows.clone());
            Ok(table(rows))
        })
        .unwrap();
        assert_eq!(asked, [Range { start: 0, end: 0 }], "one empty chunk");
        assert_eq!(csv(&empty), "name,square\n");

        // A chunk that fails to build, while the one before it is written, fails the table.
        let failed = folder(dir.path(), "failed", TableFormat::Both);
        let err = write_in_chunks(&failed, "t", 4, 2, |rows| if rows.start == 2 { Err(Error::Input("chunk 2..4".into())) } else { Ok(table(rows)) });
        assert!(err.unwrap_err().to_string().contains("chunk 2..4"));
    }

    #[test]
    fn a_folder_of_one_format_gets_only_that_formats_files_the_same_as_both_write() {
        let dir = tempfile::tempdir().unwrap();
        let both = folder(dir.path(), "both", TableFormat::Both);
        write_table(&mut table(0..5), &both, "whole").unwrap();
        write_in_chunks(&both, "chunked", 5, 2, |rows| Ok(table(rows))).unwrap();
        let read = |d: &TableDir, file: &str| std::fs::read(d.path().join(file)).unwrap();
        for (format, kept) in [(TableFormat::Parquet, "parquet"), (TableFormat::Csv, "csv")] {
            let one = folder(dir.path(), kept, format);
            write_table(&mut table(0..5), &one, "whole").unwrap();
            write_in_chunks(&one, "chunked", 5, 2, |rows| Ok(table(rows))).unwrap();
            assert_eq!(files(&one), [format!("chunked.{kept}"), format!("whole.{kept}")], "{format:?}");
            for stem in ["whole", "chunked"] {
                let file = format!("{stem}.{kept}");
                assert_eq!(read(&one, &file), read(&both, &file), "{format:?}: {file} as written beside the other format");
            }
        }
        assert_eq!(files(&both), ["chunked.csv", "chunked.parquet", "whole.csv", "whole.parquet"]);
        assert_eq!(TableFormat::Both.extension(), "csv");
        assert_eq!(TableFormat::Parquet.extension(), "parquet");
        assert_eq!(TableFormat::Csv.extension(), "csv");
    }
}
