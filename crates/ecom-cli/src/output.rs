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
pub(crate) struct Report {
    pub(crate) headers: Vec<String>,
    pub(crate) rows: Vec<Vec<String>>,
    pub(crate) json: Value,
    /// Further titled tables printed before the main one in table format (CSV holds only the
    /// main table; JSON holds everything).
    pub(crate) sections: Vec<Section>,
}

/// A titled extra table of a [`Report`].
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
    /// Writes the report to `out` in `format`.
    pub(crate) fn write(&self, format: Format, out: &mut impl Write) -> Result<(), CliError> {
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

/// A number for humans: 4 decimals below 1, 3 below 1,000, 1 above; trailing zeros dropped.
pub(crate) fn num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        return format!("{x:.0}");
    }
    let a = x.abs();
    let s = if a >= 1000.0 {
        format!("{x:.1}")
    } else if a >= 1.0 {
        format!("{x:.3}")
    } else {
        format!("{x:.4}")
    };
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
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
        sections: Vec::new(),
    }
}
