//! `--regressors FILE`: known drivers of demand (promotions, prices, holidays) by date, shared
//! by every SKU or given per SKU, for regression with ARIMA errors.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ecom_supply::forecast::Regressors;
use ecom_supply::{Frequency, NaiveDate};

use crate::error::CliError;

/// Rows of one group (all SKUs, or one), by date, with the file line of each.
type Rows = BTreeMap<NaiveDate, (usize, Vec<f64>)>;

/// A regressors file: a `date` column, optionally the sales' id column, and one numeric
/// column per regressor.
#[derive(Debug)]
pub(crate) struct RegressorFile {
    path: PathBuf,
    names: Vec<String>,
    shared: Option<Rows>,
    per_sku: BTreeMap<String, Rows>,
}

impl RegressorFile {
    /// Reads `path`; with a column named `id_column` the rows are per SKU.
    pub(crate) fn read(path: &Path, date_column: &str, id_column: &str) -> Result<Self, CliError> {
        let at = |line: usize, msg: String| {
            CliError::Input(format!("{}: line {line}: {msg}", path.display()))
        };
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_path(path)
            .map_err(|e| CliError::Input(format!("{}: {e}", path.display())))?;
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| CliError::Input(format!("{}: {e}", path.display())))?
            .iter()
            .map(str::to_owned)
            .collect();
        let date_at = header
            .iter()
            .position(|h| h == date_column)
            .ok_or_else(|| {
                at(
                    1,
                    format!("no {date_column:?} column (the header is {header:?})"),
                )
            })?;
        let id_at = header.iter().position(|h| h == id_column);
        let value_cols: Vec<usize> = (0..header.len())
            .filter(|&i| i != date_at && Some(i) != id_at)
            .collect();
        if value_cols.is_empty() {
            return Err(at(
                1,
                "no regressor columns besides the date (and id)".into(),
            ));
        }
        let names: Vec<String> = value_cols.iter().map(|&i| header[i].clone()).collect();
        let mut shared = Rows::new();
        let mut per_sku: BTreeMap<String, Rows> = BTreeMap::new();
        for (i, record) in reader.records().enumerate() {
            let line = i + 2;
            let record = record.map_err(|e| at(line, e.to_string()))?;
            let cell = |j: usize| record.get(j).unwrap_or("");
            let date = NaiveDate::parse_from_str(cell(date_at), "%Y-%m-%d").map_err(|_| {
                at(
                    line,
                    format!("{:?} is not a date (expected YYYY-MM-DD)", cell(date_at)),
                )
            })?;
            let mut values = Vec::with_capacity(value_cols.len());
            for (&j, name) in value_cols.iter().zip(&names) {
                let v: f64 = cell(j).parse().map_err(|_| {
                    at(
                        line,
                        format!("column {name}: {:?} is not a number", cell(j)),
                    )
                })?;
                if !v.is_finite() {
                    return Err(at(line, format!("column {name}: {v} is not finite")));
                }
                values.push(v);
            }
            let group = match id_at {
                Some(k) => per_sku.entry(cell(k).to_owned()).or_default(),
                None => &mut shared,
            };
            if let Some((first, _)) = group.insert(date, (line, values)) {
                return Err(at(line, format!("{date} repeats line {first}")));
            }
        }
        Ok(Self {
            path: path.to_owned(),
            names,
            shared: id_at.is_none().then_some(shared),
            per_sku,
        })
    }

    /// The rows for SKU `id` from its first sale (`start`) on, every period of `frequency`
    /// present: row 0 is `start`.
    pub(crate) fn for_sku(
        &self,
        id: &str,
        start: NaiveDate,
        frequency: Frequency,
    ) -> Result<Regressors, CliError> {
        let file = self.path.display();
        let rows = match &self.shared {
            Some(rows) => rows,
            None => self
                .per_sku
                .get(id)
                .ok_or_else(|| CliError::Input(format!("{file}: no rows for SKU {id:?}")))?,
        };
        let Some((&first, _)) = rows.range(..=start).next_back() else {
            return Err(CliError::Input(format!(
                "{file}: the rows must start by {start}, the SKU's first period"
            )));
        };
        if first != start {
            return Err(CliError::Input(format!(
                "{file}: no row for {start}, the SKU's first period"
            )));
        }
        let mut out = Vec::new();
        let mut expected = Some(start);
        for (&date, (line, values)) in rows.range(start..) {
            if Some(date) != expected {
                return Err(CliError::Input(format!(
                    "{file}: line {line}: {date} follows a gap (expected {}); give every period",
                    expected.map_or_else(String::new, |d| d.to_string())
                )));
            }
            out.push(values.clone());
            expected = frequency.advance(date, 1);
        }
        Regressors::from_rows(self.names.clone(), &out)
            .map_err(|e| CliError::Input(format!("{file}: {e}")))
    }
}
