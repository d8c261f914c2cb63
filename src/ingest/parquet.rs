//! Parquet tables: a `.parquet` file's bytes in, one `Record` per row out (rows numbered from 1 in
//! the ingest log's `line` column). Columns are mapped to article roles as CSV headers are; every
//! column is cast to text first, so dates stored as Date or Datetime read like ISO strings.

use super::fields::FieldMap;
use super::record::Record;
use super::structured::Item;
use polars::prelude::*;
use crate::hash::HashMap;
use std::io::Cursor;

/// Reads a Parquet file held in memory (Parquet needs random access, and a compressed file must
/// be decompressed first anyway). A file polars cannot read is a failure of the file as a whole.
pub fn read_parquet(
    bytes: Vec<u8>,
    fields: &FieldMap,
    mut emit: impl FnMut(Item),
) -> Result<(), String> {
    let df = ParquetReader::new(Cursor::new(bytes))
        .finish()
        .map_err(|e| format!("unreadable Parquet: {e}"))?;
    let names: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    let lower: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
    fields.check_text_column(&lower)?;
    let mut columns: Vec<(String, StringChunked)> = Vec::new();
    for name in &names {
        let column = df.column(name).map_err(|e| e.to_string())?;
        // Nested columns (lists, structs) hold nothing slant reads as a field.
        if column.dtype().is_nested() {
            continue;
        }
        let text = column
            .cast(&DataType::String)
            .map_err(|e| format!("column {name:?}: {e}"))?;
        let text = text
            .str()
            .map_err(|e| format!("column {name:?}: {e}"))?
            .clone();
        columns.push((name.clone(), text));
    }
    for row in 0..df.height() {
        let values: HashMap<String, &str> = columns
            .iter()
            .filter_map(|(name, col)| col.get(row).map(|v| (name.clone(), v)))
            .flat_map(|(name, v)| [(name.to_lowercase(), v), (name, v)])
            .collect();
        emit((
            row as u64 + 1,
            Ok(Record::from_lookup(|n| values.get(n).copied(), fields)),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_become_records_with_typed_columns_as_text() {
        let mut df = df!(
            "Outlet" => ["Harbor Herald", "Meridian Wire"],
            "published" => [Some("2031-03-02"), None],
            "text" => ["Ships came back.", ""],
            "views" => [10i64, 20],
        )
        .unwrap();
        let mut bytes = Vec::new();
        ParquetWriter::new(&mut bytes).finish(&mut df).unwrap();
        let mut items = Vec::new();
        read_parquet(bytes, &FieldMap::default(), |i| items.push(i)).unwrap();
        assert_eq!(items.len(), 2);
        let first = items[0].1.as_ref().unwrap();
        assert_eq!(
            (first.outlet.as_deref(), first.text.as_str()),
            (Some("Harbor Herald"), "Ships came back.")
        );
        assert_eq!(first.date.unwrap().to_string(), "2031-03-02");
        assert_eq!(
            (items[1].0, items[1].1.as_ref().unwrap().text.as_str()),
            (2, "")
        );
        assert_eq!(
            read_parquet(b"PAR1 nonsense".to_vec(), &FieldMap::default(), |_| {})
                .unwrap_err()
                .split(':')
                .next(),
            Some("unreadable Parquet")
        );
    }
}
