//! CSV-injection guard: a cell's text in, the text a spreadsheet will show but not evaluate out.
//! A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula by
//! Excel, LibreOffice and Google Sheets (OWASP, "CSV Injection"), so an article title such as
//! `=HYPERLINK("http://evil","click")` could run when a researcher opens `articles.csv`. Such
//! cells get a leading `'`, OWASP's remedy. Only CSV files are changed: Parquet keeps the true
//! values.

use std::borrow::Cow;

/// Characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: &[char] = &['=', '+', '-', '@', '\t', '\r'];

/// The cell text to write to a CSV file.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) { Cow::Owned(format!("'{cell}")) } else { Cow::Borrowed(cell) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_quoted_and_the_rest_left_alone() {
        let cases = [
            ("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"),
            ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("Press TV", "Press TV"),
            ("a=b", "a=b"),
            (" =x", " =x"),
            ("", ""),
            ("'quoted", "'quoted"),
        ];
        for (cell, want) in cases {
            assert_eq!(neutralise(cell), want, "{cell:?}");
        }
    }
}
