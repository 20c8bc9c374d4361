//! Column lookup and typed field parsing shared by the loaders.

use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::str::FromStr;

use chrono::{NaiveDate, NaiveDateTime};
use csv::{StringRecord, Trim};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};

/// A CSV column, by header name or by 0-based position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Column {
    /// Header name. Matched exactly first, then ignoring ASCII case and surrounding spaces.
    Name(String),
    /// 0-based position (the only choice for files without a header row).
    Index(usize),
}

impl From<&str> for Column {
    fn from(s: &str) -> Self {
        Column::Name(s.to_owned())
    }
}

impl From<String> for Column {
    fn from(s: String) -> Self {
        Column::Name(s)
    }
}

impl From<usize> for Column {
    fn from(i: usize) -> Self {
        Column::Index(i)
    }
}

impl std::fmt::Display for Column {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Column::Name(n) => f.write_str(n),
            Column::Index(i) => write!(f, "#{i}"),
        }
    }
}

/// How a CSV file is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsvOptions {
    /// Field separator, `b','` by default (`b'\t'` for MovieLens' `u.data`).
    pub delimiter: u8,
    /// Whether the first row names the columns (default `true`).
    pub has_headers: bool,
}

impl Default for CsvOptions {
    fn default() -> Self {
        Self {
            delimiter: b',',
            has_headers: true,
        }
    }
}

/// Opens `path` for a CSV reader laid out as `options` say, naming it in any error. A
/// `.parquet` file (with the `parquet` feature) is decoded and handed over as CSV text in that
/// layout, so every loader reads it as it reads the same cells in a CSV file.
pub(crate) fn open(path: &Path, options: CsvOptions) -> Result<(Box<dyn Read>, String)> {
    let name = path.display().to_string();
    #[cfg(feature = "parquet")]
    if super::parquet::is_parquet(path) {
        let text = super::parquet::parquet_as_csv(path, &name, options)?;
        return Ok((Box::new(std::io::Cursor::new(text)), name));
    }
    let _ = options;
    File::open(path)
        .map(|f| (Box::new(f) as Box<dyn Read>, name.clone()))
        .map_err(|source| CoreError::Io { file: name, source })
}

/// The column names of the file at `path`: its CSV header (split at `options.delimiter`), or
/// a Parquet file's schema.
///
/// # Errors
/// [`CoreError::Io`] when the file cannot be read; [`CoreError::Columnar`] for an unreadable
/// Parquet file.
pub fn column_names(path: impl AsRef<Path>, options: CsvOptions) -> Result<Vec<String>> {
    let path = path.as_ref();
    let name = path.display().to_string();
    #[cfg(feature = "parquet")]
    if super::parquet::is_parquet(path) {
        return super::parquet::parquet_columns(path, &name);
    }
    let file = File::open(path).map_err(|source| CoreError::Io {
        file: name.clone(),
        source,
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(options.delimiter)
        .has_headers(false)
        .trim(Trim::All)
        .from_reader(file);
    let mut first = StringRecord::new();
    match reader.read_record(&mut first) {
        Ok(_) => Ok(first.iter().map(str::to_owned).collect()),
        Err(e) => Err(CoreError::Columnar {
            file: name,
            message: e.to_string(),
        }),
    }
}

/// A CSV reader that knows its file name and header, and reports every failure by line and column.
pub(crate) struct Table<R: Read> {
    reader: csv::Reader<R>,
    file: String,
    header: Option<StringRecord>,
    record: StringRecord,
    line: u64,
}

/// A resolved column: its position and the name used in messages.
#[derive(Debug, Clone)]
pub(crate) struct Field {
    pub(crate) index: usize,
    pub(crate) name: String,
}

impl<R: Read> Table<R> {
    pub(crate) fn new(input: R, file: &str, options: CsvOptions) -> Result<Self> {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(options.delimiter)
            .has_headers(options.has_headers)
            .trim(Trim::All)
            .from_reader(input);
        let file = file.to_owned();
        let header = if options.has_headers {
            let h = reader
                .headers()
                .map_err(|e| map_csv_error(&file, e))?
                .clone();
            if h.iter().all(str::is_empty) {
                return Err(CoreError::NoData { file });
            }
            Some(h)
        } else {
            None
        };
        Ok(Self {
            reader,
            file,
            header,
            record: StringRecord::new(),
            line: 0,
        })
    }

    pub(crate) fn file(&self) -> &str {
        &self.file
    }

    /// Finds a column in the header (names need a header; positions are checked per row).
    pub(crate) fn field(&self, column: &Column) -> Result<Field> {
        match (column, &self.header) {
            (Column::Index(i), h) => Ok(Field {
                index: *i,
                name: h
                    .as_ref()
                    .and_then(|h| h.get(*i))
                    .map_or_else(|| format!("#{i}"), str::to_owned),
            }),
            (Column::Name(name), Some(h)) => {
                let wanted = name.trim();
                h.iter()
                    .position(|c| c == wanted)
                    .or_else(|| h.iter().position(|c| c.trim().eq_ignore_ascii_case(wanted)))
                    .map(|index| Field {
                        index,
                        name: h[index].to_owned(),
                    })
                    .ok_or_else(|| CoreError::MissingColumn {
                        file: self.file.clone(),
                        column: name.clone(),
                        available: h.iter().collect::<Vec<_>>().join(", "),
                    })
            }
            (Column::Name(name), None) => Err(CoreError::MissingColumn {
                file: self.file.clone(),
                column: name.clone(),
                available: "none: the file has no header row, name columns by position".into(),
            }),
        }
    }

    /// Advances to the next data row; `false` at the end of the input.
    pub(crate) fn next_row(&mut self) -> Result<bool> {
        match self.reader.read_record(&mut self.record) {
            Ok(more) => {
                if more {
                    self.line = self.record.position().map_or(self.line + 1, |p| p.line());
                }
                Ok(more)
            }
            Err(e) => Err(map_csv_error(&self.file, e)),
        }
    }

    /// 1-based line of the current row.
    pub(crate) fn line(&self) -> u64 {
        self.line
    }

    /// The raw text of a field in the current row.
    pub(crate) fn text(&self, field: &Field) -> Result<&str> {
        self.record
            .get(field.index)
            .ok_or_else(|| CoreError::MissingColumn {
                file: self.file.clone(),
                column: field.name.clone(),
                available: format!("{} fields on line {}", self.record.len(), self.line),
            })
    }

    /// An error about a field of the current row.
    pub(crate) fn error(&self, field: &Field, message: impl Into<String>) -> CoreError {
        CoreError::Csv {
            file: self.file.clone(),
            line: self.line,
            column: field.name.clone(),
            message: message.into(),
        }
    }

    /// A field parsed as a number, with a clear error naming the text.
    pub(crate) fn parse<T: FromStr>(&self, field: &Field, what: &str) -> Result<T> {
        let text = self.text(field)?;
        if text.is_empty() {
            return Err(self.error(field, format!("empty {what}")));
        }
        text.parse::<T>()
            .map_err(|_| self.error(field, format!("{text:?} is not a valid {what}")))
    }

    /// A field parsed as a finite number no larger in magnitude than
    /// [`MAX_ABS_VALUE`](crate::MAX_ABS_VALUE).
    pub(crate) fn finite(&self, field: &Field, what: &str) -> Result<f64> {
        let x: f64 = self.parse(field, what)?;
        if !x.is_finite() {
            Err(self.error(field, format!("{what} {x} is not finite")))
        } else if x.abs() > crate::MAX_ABS_VALUE {
            Err(self.error(
                field,
                format!(
                    "{what} {x:e} is too large (the limit is ±{:e}, beyond which sums of squares overflow)",
                    crate::MAX_ABS_VALUE
                ),
            ))
        } else {
            Ok(x)
        }
    }

    /// A field parsed as a calendar date (`YYYY-MM-DD`, `YYYY/MM/DD`, `YYYY-MM-DD HH:MM:SS`,
    /// `YYYY-MM-DDTHH:MM:SS`, or `YYYY-MM` for the first of the month).
    pub(crate) fn date(&self, field: &Field) -> Result<NaiveDate> {
        let text = self.text(field)?;
        parse_date(text).ok_or_else(|| {
            self.error(
                field,
                format!("{text:?} is not a date (expected YYYY-MM-DD)"),
            )
        })
    }

    /// A field parsed as an integer timestamp, or a date/datetime turned into Unix seconds.
    pub(crate) fn timestamp(&self, field: &Field) -> Result<i64> {
        let text = self.text(field)?;
        if let Ok(t) = text.parse::<i64>() {
            return Ok(t);
        }
        for fmt in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"] {
            if let Ok(dt) = NaiveDateTime::parse_from_str(text, fmt) {
                return Ok(dt.and_utc().timestamp());
            }
        }
        if let Some(d) = parse_date(text) {
            return Ok(d
                .and_hms_opt(0, 0, 0)
                .map_or(0, |dt| dt.and_utc().timestamp()));
        }
        Err(self.error(
            field,
            format!("{text:?} is not a timestamp (integer or date)"),
        ))
    }
}

/// Parses the date formats the loaders accept.
pub(crate) fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let head = text.get(..10).unwrap_or(text);
    for fmt in ["%Y-%m-%d", "%Y/%m/%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(head, fmt) {
            // Anything after the date must be a time of day.
            let rest = &text[head.len()..];
            if rest.is_empty() || rest.starts_with([' ', 'T']) {
                return Some(d);
            }
        }
    }
    if text.len() == 7 {
        return NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d").ok();
    }
    None
}

fn map_csv_error(file: &str, e: csv::Error) -> CoreError {
    let file = file.to_owned();
    match e.into_kind() {
        csv::ErrorKind::Io(source) => CoreError::Io { file, source },
        csv::ErrorKind::Utf8 { pos, err } => CoreError::Csv {
            file,
            line: pos.map_or(0, |p| p.line()),
            column: format!("#{}", err.field()),
            message: "text is not valid UTF-8".into(),
        },
        csv::ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
        } => CoreError::Csv {
            file,
            line: pos.map_or(0, |p| p.line()),
            column: format!("#{}", len.min(expected_len)),
            message: format!("expected {expected_len} fields, found {len}"),
        },
        other => CoreError::Csv {
            file,
            line: 0,
            column: String::new(),
            message: format!("{other:?}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        let d = NaiveDate::from_ymd_opt(2011, 3, 4);
        assert_eq!(parse_date("2011-03-04"), d);
        assert_eq!(parse_date("2011/03/04"), d);
        assert_eq!(parse_date("2011-03-04 08:26:00"), d);
        assert_eq!(parse_date("2011-03-04T08:26:00"), d);
        assert_eq!(parse_date("2011-03"), NaiveDate::from_ymd_opt(2011, 3, 1));
        assert_eq!(parse_date("2011-03-04x"), None);
        assert_eq!(parse_date("04/03/2011"), None);
        assert_eq!(parse_date("2011-02-30"), None);
    }
}
