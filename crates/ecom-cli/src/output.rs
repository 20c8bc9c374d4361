//! Rendering results as a table, JSON or CSV.

use std::io::Write;

use clap::ValueEnum;
use comfy_table::{Table as Comfy, presets::UTF8_FULL_CONDENSED};
use serde_json::Value;

use crate::error::CliError;

/// Output format of every subcommand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub(crate) enum Format {
    /// A readable table (the default).
    #[default]
    Table,
    /// JSON, for programs.
    Json,
    /// CSV with a header row, for spreadsheets.
    Csv,
}

/// A result with a tabular view (table and CSV) and a structured view (JSON).
#[derive(Default)]
pub(crate) struct Report {
    pub(crate) headers: Vec<String>,
    pub(crate) rows: Vec<Vec<String>>,
    pub(crate) json: Value,
    /// Further titled tables printed before the main one in table format (CSV holds only the
    /// main table; JSON holds everything).
    pub(crate) sections: Vec<Section>,
    /// Set when some units of a batch (SKUs, series) failed while others succeeded: the
    /// command then exits with [`PARTIAL_FAILURE`](crate::error::PARTIAL_FAILURE).
    pub(crate) partial: Option<Partial>,
}

/// How much of a batch failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Partial {
    /// Units that failed or were skipped.
    pub(crate) failed: usize,
    /// Units in the input.
    pub(crate) total: usize,
    /// What a unit is ("SKUs", "series x model pairs").
    pub(crate) unit: &'static str,
}

impl Partial {
    /// `Some` when `failed` of `total` units failed and at least one failed.
    pub(crate) fn of(failed: usize, total: usize, unit: &'static str) -> Option<Self> {
        (failed > 0).then_some(Self {
            failed,
            total,
            unit,
        })
    }
}

/// A titled extra table of a [`Report`].
#[derive(Default)]
pub(crate) struct Section {
    pub(crate) title: String,
    pub(crate) headers: Vec<String>,
    pub(crate) rows: Vec<Vec<String>>,
}

fn table(headers: &[String], rows: &[Vec<String>]) -> Comfy {
    let mut t = Comfy::new();
    t.load_style(UTF8_FULL_CONDENSED).set_header(headers);
    for r in rows {
        t.add_row(r);
    }
    t
}

impl Report {
    /// Checks that every number in the report is finite (JSON holds no `null`, which is what
    /// serde makes of NaN and infinity, and no table cell reads `NaN` or `inf`).
    ///
    /// The libraries check their results; this is the last line of defence, so that a bug can
    /// never reach a user as a plausible-looking output with exit code 0.
    pub(crate) fn check_finite(&self) -> Result<(), CliError> {
        check_json(&self.json)?;
        let cells = self
            .sections
            .iter()
            .map(|s| (&s.headers, &s.rows))
            .chain(std::iter::once((&self.headers, &self.rows)));
        for (headers, rows) in cells {
            for row in rows {
                for (i, cell) in row.iter().enumerate() {
                    let c = cell.trim().trim_start_matches(['-', '+']);
                    if c.eq_ignore_ascii_case("nan") || c.eq_ignore_ascii_case("inf") {
                        let column = headers.get(i).map_or("?", String::as_str);
                        return Err(CliError::Internal(format!(
                            "the result in column `{column}` is {cell}"
                        )));
                    }
                }
            }
        }
        Ok(())
    }

    /// Writes the report to `out` in `format`.
    pub(crate) fn write(&self, format: Format, out: &mut impl Write) -> Result<(), CliError> {
        self.check_finite()?;
        match format {
            Format::Table => {
                for s in &self.sections {
                    writeln!(out, "{}", s.title)?;
                    writeln!(out, "{}\n", table(&s.headers, &s.rows))?;
                }
                writeln!(out, "{}", table(&self.headers, &self.rows))?;
            }
            Format::Json => {
                serde_json::to_writer_pretty(&mut *out, &self.json)?;
                writeln!(out)?;
            }
            Format::Csv => {
                let mut w = csv::Writer::from_writer(out);
                w.write_record(&self.headers)?;
                for r in &self.rows {
                    w.write_record(r)?;
                }
                w.flush()?;
            }
        }
        Ok(())
    }
}

/// Checks that `v` holds no `null`: our JSON never writes one for an absent value (absent keys
/// are left out), so a `null` is a NaN or an infinity that serde could not write.
pub(crate) fn check_json(v: &Value) -> Result<(), CliError> {
    match first_null(v, &mut String::new()) {
        Some(path) => Err(CliError::Internal(format!(
            "the result `{path}` is not a finite number"
        ))),
        None => Ok(()),
    }
}

/// The path of the first `null` in `v` (`a.b[3].c`), if any.
fn first_null(v: &Value, path: &mut String) -> Option<String> {
    match v {
        Value::Null => Some(if path.is_empty() {
            "(root)".into()
        } else {
            path.clone()
        }),
        Value::Array(items) => items.iter().enumerate().find_map(|(i, x)| {
            let len = path.len();
            path.push_str(&format!("[{i}]"));
            let found = first_null(x, path);
            path.truncate(len);
            found
        }),
        Value::Object(map) => map.iter().find_map(|(k, x)| {
            let len = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(k);
            let found = first_null(x, path);
            path.truncate(len);
            found
        }),
        _ => None,
    }
}

/// A number for humans: 4 decimals below 1, 3 below 1,000, 1 above; trailing zeros dropped;
/// scientific notation from 1e15 on (a huge value is not a 300-digit string).
pub(crate) fn num(x: f64) -> String {
    let a = x.abs();
    if a >= 1e15 {
        return format!("{x:.4e}");
    }
    if x.fract() == 0.0 {
        return format!("{x:.0}");
    }
    let s = if a >= 1000.0 {
        format!("{x:.1}")
    } else if a >= 1.0 {
        format!("{x:.3}")
    } else {
        format!("{x:.4}")
    };
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// A named value that may not apply (a profit without prices): absent rather than `null`.
pub(crate) fn optional(name: &str, value: Option<f64>) -> Option<(&str, Value)> {
    value.map(|v| (name, serde_json::json!(v)))
}

/// A two-column report of named values; the JSON form is one object.
pub(crate) fn metric_report(pairs: Vec<(&str, serde_json::Value)>) -> Report {
    let rows = pairs
        .iter()
        .map(|(k, v)| {
            let text = match v {
                serde_json::Value::Number(n) => n.as_f64().map_or_else(|| n.to_string(), num),
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            vec![(*k).to_owned(), text]
        })
        .collect();
    Report {
        headers: vec!["metric".into(), "value".into()],
        rows,
        json: serde_json::Value::Object(
            pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
        ),
        ..Report::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_for_humans() {
        assert_eq!(num(141.421_356), "141.421");
        assert_eq!(num(0.123_456), "0.1235");
        assert_eq!(num(2500.0), "2500");
        assert_eq!(num(1234.56), "1234.6");
        assert_eq!(num(1e150), "1.0000e150");
        assert_eq!(num(-3.5e20), "-3.5000e20");
    }

    #[test]
    fn the_final_check_finds_non_finite_values_by_path() {
        let report = Report {
            json: json!({"skus": [{"id": "A", "fill_rate": 0.97}, {"id": "B", "fill_rate": f64::NAN}]}),
            ..Report::default()
        };
        let err = report.check_finite().unwrap_err().to_string();
        assert!(err.contains("`skus[1].fill_rate`"), "{err}");
        let report = Report {
            json: json!({"q": 1.0}),
            headers: vec!["metric".into(), "value".into()],
            rows: vec![vec!["order_quantity".into(), format!("{}", f64::INFINITY)]],
            ..Report::default()
        };
        let err = report.check_finite().unwrap_err().to_string();
        assert!(err.contains("`value`"), "{err}");
        let mut out = Vec::new();
        assert!(report.write(Format::Json, &mut out).is_err());
        assert!(out.is_empty());
        let fine = Report {
            json: json!({"q": 1.0, "name": "nan-free"}),
            ..Report::default()
        };
        assert!(fine.check_finite().is_ok());
    }
}
