//! JSON documents: a `.json` file's bytes in, `Record`s out. A file holding an array of objects
//! gives one record per element (numbered from 1 in the ingest log's `line` column); a file
//! holding one object is one record. JSON Lines are read by `structured.rs`.

use super::fields::FieldMap;
use super::structured::{Item, record_from_value};
use std::io::Read;

/// Reads a JSON array of article objects (or a single object). A file that is not JSON is a
/// failure of the file as a whole; an element that is not an object is rejected on its own.
pub fn read_json(
    reader: impl Read,
    fields: &FieldMap,
    mut emit: impl FnMut(Item),
) -> Result<(), String> {
    let value: serde_json::Value = serde_json::from_reader(std::io::BufReader::new(reader))
        .map_err(|e| format!("malformed JSON: {e}"))?;
    match value {
        serde_json::Value::Array(items) => {
            if items.is_empty() {
                return Err("empty JSON array".to_string());
            }
            for (i, item) in items.into_iter().enumerate() {
                emit((i as u64 + 1, record_from_value(item, fields)));
            }
            Ok(())
        }
        object @ serde_json::Value::Object(_) => {
            emit((1, record_from_value(object, fields)));
            Ok(())
        }
        _ => Err("JSON is neither an array of objects nor an object".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Vec<Item>, String> {
        let mut out = Vec::new();
        read_json(text.as_bytes(), &FieldMap::default(), |i| out.push(i))?;
        Ok(out)
    }

    #[test]
    fn arrays_objects_and_bad_elements() {
        let items =
            read(r#"[{"source": "A", "text": "One."}, 7, {"outlet": "B", "body": "Two."}]"#)
                .unwrap();
        let got: Vec<(u64, Result<String, String>)> = items
            .into_iter()
            .map(|(n, r)| (n, r.map(|r| format!("{}|{}", r.outlet.unwrap(), r.text))))
            .collect();
        assert_eq!(
            got,
            [
                (1, Ok("A|One.".into())),
                (2, Err("not a JSON object".into())),
                (3, Ok("B|Two.".into()))
            ]
        );
        assert_eq!(
            read(r#"{"text": "Alone."}"#).unwrap()[0]
                .1
                .as_ref()
                .unwrap()
                .text,
            "Alone."
        );
        assert_eq!(read("[]").unwrap_err(), "empty JSON array");
        assert_eq!(
            read("\"x\"").unwrap_err(),
            "JSON is neither an array of objects nor an object"
        );
        assert!(read("[{").unwrap_err().starts_with("malformed JSON: EOF"));
    }
}
