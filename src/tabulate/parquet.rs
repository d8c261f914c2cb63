//! Parquet writing: frames in, the row groups of one `.parquet` file out, each row group's
//! columns encoded and compressed on the thread pool at once.
//!
//! polars' own writer (`ParquetWriter`, its `BatchedWriter`) encodes a row group's columns in
//! parallel but compresses their pages lazily, as the file is written, on the one thread that
//! writes it. On the full ABP study the report's largest tables are mostly long strings (`hits`
//! holds 730 MB of sentence text before compression), so zstd ran on one core while the other
//! waited: the tables were written at 1.3–1.4 cores. Here each column is encoded and compressed
//! by one task of the pool and the finished pages handed to polars' file writer, which lays them
//! out as before. The pages are made by the same functions polars calls (`array_to_columns`,
//! `compress`) with the same options, so the file is byte for byte the one polars writes; a test
//! holds that.

use polars::io::parquet::write::{BatchedWriter, ParquetCompression, ParquetWriter, StatisticsOptions, get_encodings};
use polars::prelude::*;
use polars_parquet::write::{CompressedPage, Encoding, ParquetType, Version, WriteOptions, array_to_columns, compress};
use rayon::prelude::*;
use std::fs::File;

/// polars' row group size (`ParquetWriter`'s default, 512² rows), which `write` splits a whole
/// frame into as polars does.
const ROW_GROUP_ROWS: usize = 512 * 512;

/// One Parquet file being written, a frame of row groups at a time.
pub struct ParquetFile {
    writer: BatchedWriter<File>,
    /// Per column: its Parquet type and encodings, and the options its pages are made with.
    fields: Vec<ParquetType>,
    encodings: Vec<Vec<Encoding>>,
    options: WriteOptions,
}

impl ParquetFile {
    /// Starts `file` as a Parquet file of frames of `schema`, its pages compressed as `compression`
    /// says.
    pub fn create(file: File, schema: &Schema, compression: ParquetCompression) -> PolarsResult<ParquetFile> {
        // What `ParquetWriter::new` defaults to and `batched` hands its file writer: the pages
        // must be made with the options the file's metadata is written with.
        let statistics = StatisticsOptions::default();
        let mut writer = ParquetWriter::new(file).with_compression(compression).with_statistics(statistics).batched(schema)?;
        let fields = writer.parquet_schema().fields().to_vec();
        let encodings = get_encodings(&schema.to_arrow(CompatLevel::newest())).iter().cloned().collect();
        let options = WriteOptions { statistics, version: Version::V1, compression: compression.into(), data_page_size: None };
        Ok(ParquetFile { writer, fields, encodings, options })
    }

    /// Appends `df`, one row group per chunk of its columns (aligned, as polars requires).
    pub fn write_chunks(&mut self, df: &DataFrame) -> PolarsResult<()> {
        for batch in df.iter_chunks(CompatLevel::newest(), false) {
            if batch.is_empty() {
                continue;
            }
            let options = self.options;
            let columns: Vec<Vec<Vec<CompressedPage>>> = batch
                .columns()
                .par_iter()
                .zip(&self.fields)
                .zip(&self.encodings)
                // One task per column: a table's few long-text columns are most of its work, and
                // rayon would otherwise hand a thread several columns as one task.
                .with_max_len(1)
                .map(|((array, field), encoding)| {
                    // A nested column is several leaf columns; the tables' columns are each one.
                    let leaves = array_to_columns(array, field.clone(), options, encoding)?;
                    leaves.into_iter().map(|pages| pages.map(|page| Ok(compress(page?, Vec::new(), options.compression)?)).collect()).collect()
                })
                .collect::<PolarsResult<_>>()?;
            let columns: Vec<Vec<CompressedPage>> = columns.into_iter().flatten().collect();
            self.writer.write_row_group(batch.len() as u64, &columns)?;
        }
        Ok(())
    }

    /// Appends the whole of `df` in row groups of polars' size, as `ParquetWriter::finish` would.
    pub fn write(&mut self, df: &mut DataFrame) -> PolarsResult<()> {
        let chunked = polars::frame::chunk_df_for_writing(df, ROW_GROUP_ROWS)?;
        self.write_chunks(&chunked)
    }

    /// Writes the file's footer.
    pub fn finish(self) -> PolarsResult<()> {
        self.writer.finish().map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A frame of every kind of column the tables have: strings of few values (dictionary
    /// encoded) and of many (plain), with nulls; numbers; booleans; and dates.
    fn frame(rows: usize) -> DataFrame {
        let few: Vec<Option<&str>> = (0..rows).map(|i| (i % 7 != 3).then_some(["left", "right", "centre"][i % 3])).collect();
        let many: Vec<String> = (0..rows).map(|i| format!("sentence {i} of a long text, {}", i * 7919 % 1013)).collect();
        let numbers: Vec<u64> = (0..rows).map(|i| (i as u64 * 2_654_435_761) % 1_000_003).collect();
        let flags: Vec<bool> = (0..rows).map(|i| i % 5 == 0).collect();
        let days: Vec<i32> = (0..rows).map(|i| 19_000 + (i % 400) as i32).collect();
        DataFrame::new_infer_height(vec![
            Column::new("few".into(), few),
            Column::new("many".into(), many),
            Column::new("number".into(), numbers),
            Column::new("flag".into(), flags),
            Column::new("day".into(), days).cast(&DataType::Date).unwrap(),
        ])
        .unwrap()
    }

    fn zstd(level: i32) -> ParquetCompression {
        ParquetCompression::Zstd(polars::polars_utils::compression::ZstdLevel::try_new(level).ok())
    }

    #[test]
    fn a_file_is_byte_for_byte_the_one_polars_writes() {
        let dir = tempfile::tempdir().unwrap();
        let path = |name: &str| dir.path().join(name);
        // More rows than one row group holds, so that `write` splits as polars does; and a
        // second level, so that the options are seen to be passed on, not assumed.
        for (rows, compression) in [(600_000, zstd(1)), (1_000, zstd(3)), (1_000, ParquetCompression::Uncompressed), (0, zstd(1))] {
            let mut df = frame(rows);
            ParquetWriter::new(File::create(path("polars.parquet")).unwrap()).with_compression(compression).finish(&mut df).unwrap();
            let mut ours = ParquetFile::create(File::create(path("ours.parquet")).unwrap(), df.schema(), compression).unwrap();
            ours.write(&mut df).unwrap();
            ours.finish().unwrap();
            let (theirs, ours) = (std::fs::read(path("polars.parquet")).unwrap(), std::fs::read(path("ours.parquet")).unwrap());
            assert!(theirs == ours, "{rows} rows, {compression:?}: {} bytes from polars, {} from ParquetFile", theirs.len(), ours.len());
        }
    }

    #[test]
    fn frames_written_one_after_another_are_the_row_groups_of_polars_batched_writer() {
        let dir = tempfile::tempdir().unwrap();
        let path = |name: &str| dir.path().join(name);
        let parts = [frame(5_000), frame(1), frame(70_000)];
        let mut theirs = ParquetWriter::new(File::create(path("polars.parquet")).unwrap()).with_compression(zstd(1)).batched(parts[0].schema()).unwrap();
        let mut ours = ParquetFile::create(File::create(path("ours.parquet")).unwrap(), parts[0].schema(), zstd(1)).unwrap();
        for part in &parts {
            theirs.write_batch(part).unwrap();
            ours.write_chunks(part).unwrap();
        }
        theirs.finish().unwrap();
        ours.finish().unwrap();
        assert!(std::fs::read(path("polars.parquet")).unwrap() == std::fs::read(path("ours.parquet")).unwrap());
        let read = ParquetReader::new(File::open(path("ours.parquet")).unwrap()).finish().unwrap();
        assert_eq!(read.height(), 75_001);
    }
}
