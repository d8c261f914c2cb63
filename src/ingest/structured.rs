//! Structured inputs: JSON Lines and CSV/TSV readers in, `Record`s (or per-record rejections) out.
//! One bad line or row is reported with its number and the rest of the file is still read.

use super::fields::FieldMap;
use super::record::Record;
use crate::hash::HashMap;
use std::io::{BufRead, BufReader, Read};

/// What a reader yields for one record: its 1-based line number and either the record or the
/// reason it was rejected.
pub type Item = (u64, Result<Record, String>);

/// Lines parsed in parallel at a time, by their bytes: enough to keep every core busy, small
/// enough that a batch of parsed records stays a few megabytes.
const JSONL_BATCH_BYTES: usize = 8 << 20;

/// Reads JSON Lines: one JSON object per line; blank lines are not records. Lines are read in
/// batches, parsed in parallel and emitted in file order. Each batch is read on a thread of its
/// own while the one before it is parsed and emitted on this one: read between two parsed
/// batches, the lines (the kernel's copy out of the page cache, the file's hash) had kept the
/// thread pool idle a fifth of the time ingest took on a million articles. Records are still
/// emitted on the caller's thread, so the articles and log it keeps are allocated where they were.
pub fn read_jsonl(reader: impl Read + Send, fields: &FieldMap, mut emit: impl FnMut(Item)) -> Result<(), String> {
    use rayon::prelude::*;
    // No batch waits in the channel: one is parsed while the next is read, and a parsed batch's
    // buffers go back to the reader, so the lines held are two or three batches' buffers.
    let (full_send, full) = std::sync::mpsc::sync_channel::<Lines>(0);
    let (empty_send, empty) = std::sync::mpsc::channel::<Lines>();
    std::thread::scope(|scope| {
        let reading = scope.spawn(move || -> Result<(), String> {
            let mut reader = BufReader::with_capacity(1 << 16, reader);
            let mut line_no = 0u64;
            loop {
                let mut batch = empty.try_recv().unwrap_or_default();
                let read = batch.fill(&mut reader, &mut line_no);
                // The lines read before a failed read are still records. A send fails only when
                // this thread's caller has stopped (it panicked), and that panic is what counts.
                if full_send.send(batch).is_err() || !matches!(read, Ok(true)) {
                    return read.map(|_| ());
                }
            }
        });
        for mut batch in full {
            let Lines { bytes, lines } = &batch;
            let parsed: Vec<Item> = lines
                .par_iter()
                .map(|&(line, start, end)| (line, parse_json_line(&bytes[start..end], fields)))
                .collect();
            parsed.into_iter().for_each(&mut emit);
            batch.bytes.clear();
            batch.lines.clear();
            // The reader may have finished and gone; then the buffers are simply dropped.
            let _ = empty_send.send(batch);
        }
        reading.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// One batch of JSON Lines: the lines' bytes end to end in one buffer (not a buffer per line),
/// and each line's 1-based number, start and end in it.
#[derive(Default)]
struct Lines {
    bytes: Vec<u8>,
    lines: Vec<(u64, usize, usize)>,
}

impl Lines {
    /// Reads lines until the batch holds `JSONL_BATCH_BYTES` (true) or the input ends (false),
    /// leaving out lines that are only white space.
    fn fill(&mut self, reader: &mut impl BufRead, line_no: &mut u64) -> Result<bool, String> {
        loop {
            let start = self.bytes.len();
            match reader.read_until(b'\n', &mut self.bytes) {
                Ok(0) => return Ok(false),
                Ok(_) => {
                    *line_no += 1;
                    if self.bytes[start..].iter().all(u8::is_ascii_whitespace) {
                        self.bytes.truncate(start);
                    } else {
                        self.lines.push((*line_no, start, self.bytes.len()));
                        if self.bytes.len() >= JSONL_BATCH_BYTES {
                            return Ok(true);
                        }
                    }
                }
                Err(e) => return Err(format!("read failed after line {line_no}: {e}")),
            }
        }
    }
}

fn parse_json_line(bytes: &[u8], fields: &FieldMap) -> Result<Record, String> {
    let (line, note) = match simdutf8::basic::from_utf8(bytes) {
        Ok(line) => (std::borrow::Cow::Borrowed(line), None),
        Err(_) => {
            let (line, note) = super::decode_legacy(bytes);
            (line, Some(note))
        }
    };
    let value: serde_json::Value = serde_json::from_str(line.trim_start_matches('\u{feff}'))
        .map_err(|e| format!("malformed JSON: {e}"))?;
    let mut record = record_from_value(value, fields)?;
    record.notes.extend(note);
    Ok(record)
}

/// A record from one parsed JSON value, which must be an object. Strings and numbers are read;
/// nested values are not fields slant uses.
pub fn record_from_value(value: serde_json::Value, fields: &FieldMap) -> Result<Record, String> {
    let serde_json::Value::Object(object) = value else {
        return Err("not a JSON object".to_string());
    };
    let values: HashMap<&str, String> = object
        .iter()
        .filter_map(|(k, v)| match v {
            serde_json::Value::String(s) => Some((k.as_str(), s.clone())),
            serde_json::Value::Number(n) => Some((k.as_str(), n.to_string())),
            _ => None,
        })
        .collect();
    Ok(Record::from_lookup(
        |name| values.get(name).map(String::as_str),
        fields,
    ))
}

/// Reads CSV (or, with `delimiter` b'\t', TSV) with a header row naming the fields. A file without
/// a text column is rejected whole.
pub fn read_csv(reader: impl Read, delimiter: u8, fields: &FieldMap, emit: impl FnMut(Item)) -> Result<(), String> {
    let quotes = std::rc::Rc::new(std::cell::Cell::new(0u64));
    let counting = QuoteCounting { inner: reader, quotes: quotes.clone() };
    let mut emit = HoldLast::new(emit);
    let result = read_csv_rows(counting, delimiter, fields, &mut emit);
    // An unclosed quote makes the CSV reader take the rest of the file as one field, so the
    // rows after it would vanish into the last record: reject that record, naming the cause.
    // Well-formed CSV has an even number of quote marks (`""` escapes one).
    if let Some((line, Ok(record))) = &emit.held
        && quotes.get() % 2 == 1
        && record.text.contains('\n')
    {
        let why = format!("CSV error: a quoted field opened in the row at line {line} is never closed; the rest of the file was read into it");
        emit.held = Some((*line, Err(why)));
    }
    emit.flush();
    result
}

/// Passes each item on one step late, so that the last one can still be changed at the end.
struct HoldLast<F: FnMut(Item)> {
    emit: F,
    held: Option<Item>,
}

impl<F: FnMut(Item)> HoldLast<F> {
    fn new(emit: F) -> Self {
        HoldLast { emit, held: None }
    }
    fn push(&mut self, item: Item) {
        if let Some(previous) = self.held.replace(item) {
            (self.emit)(previous);
        }
    }
    fn flush(&mut self) {
        if let Some(last) = self.held.take() {
            (self.emit)(last);
        }
    }
}

/// A reader that counts the `"` bytes passing through it.
struct QuoteCounting<R> {
    inner: R,
    quotes: std::rc::Rc<std::cell::Cell<u64>>,
}

impl<R: Read> Read for QuoteCounting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.quotes.set(self.quotes.get() + buf[..n].iter().filter(|&&b| b == b'"').count() as u64);
        Ok(n)
    }
}

fn read_csv_rows<F: FnMut(Item)>(reader: impl Read, delimiter: u8, fields: &FieldMap, emit: &mut HoldLast<F>) -> Result<(), String> {
    let mut csv = csv::ReaderBuilder::new().flexible(false).delimiter(delimiter).from_reader(reader);
    let header: Vec<String> = csv
        .byte_headers()
        .map_err(|e| format!("unreadable header: {e}"))?
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().trim_start_matches('\u{feff}').to_lowercase())
        .collect();
    fields.check_text_column(&header)?;
    let mut row = csv::ByteRecord::new();
    loop {
        let line = csv.position().line();
        match csv.read_byte_record(&mut row) {
            Ok(false) => return Ok(()),
            Ok(true) => {
                let line = row.position().map_or(line, |p| p.line());
                // A cell that is not UTF-8 is read as windows-1252 (`decode_legacy`), and the
                // record's log entry names its columns.
                let mut legacy = Vec::new();
                let values: HashMap<&str, std::borrow::Cow<str>> = header
                    .iter()
                    .zip(row.iter())
                    .map(|(h, v)| match std::str::from_utf8(v) {
                        Ok(v) => (h.as_str(), std::borrow::Cow::Borrowed(v)),
                        Err(_) => {
                            legacy.push(format!("{h:?}"));
                            (h.as_str(), super::decode_legacy(v).0)
                        }
                    })
                    .collect();
                let mut record = Record::from_lookup(|name| values.get(name).map(|v| v.as_ref()), fields);
                if !legacy.is_empty() {
                    record.notes.push(format!("column {} decoded from windows-1252 (not UTF-8)", legacy.join(", ")));
                }
                emit.push((line, Ok(record)));
            }
            Err(e) => {
                let at = e.position().map_or(line, |p| p.line());
                match e.kind() {
                    csv::ErrorKind::Io(_) => return Err(format!("read failed at line {at}: {e}")),
                    _ => emit.push((at, Err(format!("CSV error: {}", csv_reason(&e))))),
                }
            }
        }
    }
}

fn csv_reason(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            format!("row has {len} fields, the header has {expected_len}")
        }
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jsonl(text: &[u8]) -> Vec<(u64, Result<Record, String>)> {
        let mut out = Vec::new();
        read_jsonl(text, &FieldMap::default(), |item| out.push(item)).unwrap();
        out
    }

    #[test]
    fn jsonl_fields_and_bad_lines() {
        let input = b"{\"id\": 7, \"source\": \"Fox News\", \"date\": \"2020-01-05\", \"title\": \"T\", \"text\": \"Body.\"}\n\
            \n\
            {\"id\": \"b\", \"text\": \n\
            [1, 2]\n\
            {\"maintext\": \"x\xff\"}\n\
            {\"outlet\": \"NPR\", \"content\": \"Words here.\", \"date_publish\": \"2019-12-31 23:00:00\"}\n";
        let items = jsonl(input);
        let lines: Vec<u64> = items.iter().map(|i| i.0).collect();
        assert_eq!(lines, vec![1, 3, 4, 5, 6]);
        let first = items[0].1.as_ref().unwrap();
        assert_eq!(first.id.as_deref(), Some("7"));
        assert_eq!(first.outlet.as_deref(), Some("Fox News"));
        assert_eq!(first.text, "T\n\nBody.");
        assert_eq!(first.date.unwrap().to_string(), "2020-01-05");
        assert!(items[1].1.as_ref().unwrap_err().starts_with("malformed JSON: EOF while parsing"), "{:?}", items[1].1);
        assert_eq!(items[2].1.as_ref().unwrap_err(), "not a JSON object");
        // Not UTF-8: read as windows-1252 (0xFF is ÿ), and the log says so.
        let legacy = items[3].1.as_ref().unwrap();
        assert_eq!(legacy.text, "xÿ");
        assert_eq!(legacy.notes, ["decoded from windows-1252 (not UTF-8: invalid byte at offset 15)"]);
        let last = items[4].1.as_ref().unwrap();
        assert_eq!((last.outlet.as_deref(), last.text.as_str()), (Some("NPR"), "Words here."));
        assert_eq!(last.date.unwrap().to_string(), "2019-12-31");
    }

    /// Past one batch's bytes: every line is emitted once, in file order and by its number,
    /// across batch boundaries (where the reader thread hands batches over and gets their
    /// buffers back), and a read that fails after them still yields the lines before it.
    #[test]
    fn jsonl_batches_keep_file_order_and_the_lines_before_a_failed_read() {
        struct Failing;
        impl Read for Failing {
            fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
                Err(std::io::Error::other("disk gone"))
            }
        }
        let body = "x".repeat(4000);
        let (mut input, mut want, mut line) = (Vec::new(), Vec::new(), 0u64);
        while input.len() < JSONL_BATCH_BYTES * 5 / 2 {
            line += 1;
            if line % 7 == 0 {
                input.extend_from_slice(b"  \n");
            } else {
                input.extend_from_slice(format!("{{\"id\": {line}, \"text\": \"{line} {body}\"}}\n").as_bytes());
                want.push((line, format!("{line} {body}")));
            }
        }
        let mut got = Vec::new();
        let result = read_jsonl(input.as_slice().chain(Failing), &FieldMap::default(), |(n, record)| {
            got.push((n, record.unwrap().text))
        });
        assert_eq!(result, Err(format!("read failed after line {line}: disk gone")));
        assert!(want.len() > 5000);
        assert!(got == want, "{} lines emitted of {}", got.len(), want.len());
    }

    #[test]
    fn csv_rows_with_errors_are_reported_by_line() {
        let input = "id,outlet,date,title,text\n1,A,2031-03-01,T1,\"Body, with comma\"\n2,B,2031-03-02,T2\n3,C,not a date,T3,Three\n";
        let mut items = Vec::new();
        read_csv(input.as_bytes(), b',', &FieldMap::default(), |i| {
            items.push(i)
        })
        .unwrap();
        assert_eq!(items.len(), 3);
        assert_eq!(items[0].0, 2);
        assert_eq!(items[0].1.as_ref().unwrap().text, "T1\n\nBody, with comma");
        assert_eq!(items[1], (3, Err("CSV error: row has 4 fields, the header has 5".to_string())));
        let third = items[2].1.as_ref().unwrap();
        assert_eq!(third.date, None);
        assert_eq!(third.notes, vec!["date field \"not a date\" is not a date slant reads".to_string()]);
    }

    #[test]
    fn csv_cells_not_in_utf8_are_read_as_windows_1252_and_noted() {
        // As a spreadsheet on Windows saves it: 0xE9 é, 0x93/0x94 curly quotes, 0x96 an en dash.
        let input = b"id,outlet,title,text\n1,Le Monde,Caf\xE9 talks,\x93Ruinous\x94 levy \x96 growers\n2,Wire,Plain,All ASCII.\n";
        let mut items = Vec::new();
        read_csv(&input[..], b',', &FieldMap::default(), |i| items.push(i)).unwrap();
        let first = items[0].1.as_ref().unwrap();
        assert_eq!(first.text, "Café talks\n\n“Ruinous” levy – growers");
        assert_eq!(first.outlet.as_deref(), Some("Le Monde"));
        assert_eq!(first.notes, ["column \"title\", \"text\" decoded from windows-1252 (not UTF-8)"]);
        assert_eq!(items[1].1.as_ref().unwrap().notes, Vec::<String>::new());
    }

    #[test]
    fn tsv_rows_with_a_mapped_outlet() {
        let fields = FieldMap::new(
            None,
            &Default::default(),
            &["outlet=Site".to_string()],
            None,
            Default::default(),
        )
        .unwrap();
        let input = "Site\tsource\tdate\ttext\nHarbor Herald\tWire\t01/05/2031\tShips \"came\" back, slowly.\n";
        let mut items = Vec::new();
        read_csv(input.as_bytes(), b'\t', &fields, |i| items.push(i)).unwrap();
        let r = items[0].1.as_ref().unwrap();
        assert_eq!(items[0].0, 2);
        assert_eq!(
            r.outlet.as_deref(),
            Some("Harbor Herald"),
            "the mapped column, not the default 'source'"
        );
        assert_eq!(r.text, "Ships \"came\" back, slowly.");
        assert_eq!(r.date.unwrap().to_string(), "2031-01-05");
        assert_eq!(
            r.notes,
            [
                "ambiguous date \"01/05/2031\" read as 2031-01-05 (month first; --day-first reads it the other way)"
            ]
        );
    }

    #[test]
    fn csv_row_with_an_unclosed_quote_is_rejected_not_merged_silently() {
        let input = "id,text\n1,Fine\n2,\"Opens here\n3,Swallowed\n";
        let mut items = Vec::new();
        read_csv(input.as_bytes(), b',', &FieldMap::default(), |i| items.push(i)).unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].1.as_ref().unwrap().text, "Fine");
        let why = "CSV error: a quoted field opened in the row at line 3 is never closed; the rest of the file was read into it";
        assert_eq!(items[1], (3, Err(why.to_string())));
        // A stray quote inside an unquoted field is not an unclosed quote.
        let mut items = Vec::new();
        read_csv("id,text\n1,A 5\" screen\n".as_bytes(), b',', &FieldMap::default(), |i| items.push(i)).unwrap();
        assert_eq!(items[0].1.as_ref().unwrap().text, "A 5\" screen");
    }

    #[test]
    fn csv_without_text_column_is_rejected() {
        let err = read_csv(
            "id,outlet\n1,A\n".as_bytes(),
            b',',
            &FieldMap::default(),
            |_| {},
        )
        .unwrap_err();
        assert!(err.starts_with("no text column"), "{err}");
    }
}
