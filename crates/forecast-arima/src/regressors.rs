//! Regressors of a regression with ARIMA errors: named columns of known values, one row per
//! observation (for fitting) or per forecast step (their future values).

use serde::{Deserialize, Serialize};

use crate::error::{ArimaError, Result};
use crate::limits::MAX_REGRESSORS;

/// Named regressor columns of equal length, every value finite: promotions, holidays, price
/// changes, one row per period.
///
/// Row `t` goes with observation `t` of the series a model is fitted to (or, for the future
/// values [`FittedArima::forecast_with`](crate::FittedArima::forecast_with) needs, with forecast
/// step `t + 1`). Whether the columns can be estimated together depends on the model (a
/// constant column is fine without differencing, but is zero after it), so collinearity is
/// checked when fitting, not here.
///
/// ```
/// use forecast_arima::Regressors;
/// let x = Regressors::from_columns([
///     ("promo", vec![0.0, 1.0, 1.0, 0.0]),
///     ("holiday", vec![0.0, 0.0, 0.0, 1.0]),
/// ])?;
/// assert_eq!(x.names(), ["promo", "holiday"]);
/// assert_eq!((x.rows(), x.columns()), (4, 2));
/// assert_eq!(x.column_by_name("holiday"), Some(&[0.0, 0.0, 0.0, 1.0][..]));
/// // Rows (one per date) work too, as a CSV file has them.
/// let same = Regressors::from_rows(
///     ["promo", "holiday"],
///     &[vec![0.0, 0.0], vec![1.0, 0.0], vec![1.0, 0.0], vec![0.0, 1.0]],
/// )?;
/// assert_eq!(same, x);
/// // Columns of different lengths, repeated names and NaN are errors.
/// assert!(Regressors::from_columns([("a", vec![1.0]), ("b", vec![1.0, 2.0])]).is_err());
/// assert!(Regressors::from_columns([("a", vec![1.0]), ("a", vec![2.0])]).is_err());
/// assert!(Regressors::from_columns([("a", vec![f64::NAN])]).is_err());
/// # Ok::<(), forecast_arima::ArimaError>(())
/// ```
///
/// It (de)serialises as `{"names": [...], "columns": [[...], ...]}`, checked when read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RegressorsRepr", into = "RegressorsRepr")]
pub struct Regressors {
    names: Vec<String>,
    rows: usize,
    // Column by column.
    data: Vec<f64>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RegressorsRepr {
    names: Vec<String>,
    columns: Vec<Vec<f64>>,
}

impl TryFrom<RegressorsRepr> for Regressors {
    type Error = ArimaError;

    fn try_from(r: RegressorsRepr) -> Result<Self> {
        Self::new(r.names, r.columns)
    }
}

impl From<Regressors> for RegressorsRepr {
    fn from(x: Regressors) -> Self {
        let columns = (0..x.columns()).map(|j| x.column(j).to_vec()).collect();
        Self {
            names: x.names,
            columns,
        }
    }
}

fn invalid(reason: impl Into<String>) -> ArimaError {
    ArimaError::InvalidRegressors {
        reason: reason.into(),
    }
}

impl Regressors {
    /// Columns with their names, in order.
    ///
    /// # Errors
    /// [`ArimaError::InvalidRegressors`] when there are no columns or more than
    /// [`MAX_REGRESSORS`](crate::MAX_REGRESSORS), the numbers of names and columns differ, a
    /// name is empty or repeated, the columns are empty or of different lengths, or a value is
    /// not finite or beyond [`ecom_core::MAX_ABS_VALUE`] (naming the column and row).
    pub fn new(names: Vec<String>, columns: Vec<Vec<f64>>) -> Result<Self> {
        check_names(&names)?;
        if names.len() != columns.len() {
            return Err(invalid(format!(
                "{} names for {} columns",
                names.len(),
                columns.len()
            )));
        }
        let rows = columns[0].len();
        if rows == 0 {
            return Err(invalid("the columns are empty"));
        }
        for (name, col) in names.iter().zip(&columns) {
            if col.len() != rows {
                return Err(invalid(format!(
                    "column `{name}` has {} rows, `{}` has {rows}",
                    col.len(),
                    names[0]
                )));
            }
            check_values(name, col, 0)?;
        }
        Ok(Self {
            names,
            rows,
            data: columns.concat(),
        })
    }

    /// Columns from `(name, values)` pairs, in order.
    ///
    /// # Errors
    /// As [`new`](Self::new).
    pub fn from_columns<S: Into<String>>(
        columns: impl IntoIterator<Item = (S, Vec<f64>)>,
    ) -> Result<Self> {
        let (names, cols): (Vec<String>, Vec<Vec<f64>>) =
            columns.into_iter().map(|(n, c)| (n.into(), c)).unzip();
        Self::new(names, cols)
    }

    /// Columns named `names` from rows of values (row `t` holds every column's value at
    /// period `t`, as a CSV file with a column per regressor does).
    ///
    /// # Errors
    /// As [`new`](Self::new); a row with a different number of values than there are names
    /// is an error naming the row.
    pub fn from_rows<S: Into<String>>(
        names: impl IntoIterator<Item = S>,
        rows: &[Vec<f64>],
    ) -> Result<Self> {
        let names: Vec<String> = names.into_iter().map(Into::into).collect();
        check_names(&names)?;
        let k = names.len();
        if let Some(i) = rows.iter().position(|r| r.len() != k) {
            return Err(invalid(format!(
                "row {i} has {} values for {k} columns",
                rows[i].len()
            )));
        }
        let columns = (0..k)
            .map(|j| rows.iter().map(|r| r[j]).collect())
            .collect();
        Self::new(names, columns)
    }

    /// Column names, in order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Number of rows (periods).
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of columns (regressors).
    pub fn columns(&self) -> usize {
        self.names.len()
    }

    /// The values of column `j` (0-based; panics beyond [`columns`](Self::columns)).
    pub fn column(&self, j: usize) -> &[f64] {
        &self.data[j * self.rows..(j + 1) * self.rows]
    }

    /// The values of the column named `name`.
    pub fn column_by_name(&self, name: &str) -> Option<&[f64]> {
        self.names
            .iter()
            .position(|n| n == name)
            .map(|j| self.column(j))
    }

    /// Rows `range` (e.g. the first n for fitting, the next h as future values).
    ///
    /// # Errors
    /// [`ArimaError::InvalidRegressors`] for an empty range or one beyond the rows.
    pub fn slice_rows(&self, range: std::ops::Range<usize>) -> Result<Self> {
        if range.start >= range.end || range.end > self.rows {
            return Err(invalid(format!(
                "rows {}..{} are not a non-empty range within the {} rows",
                range.start, range.end, self.rows
            )));
        }
        let columns = (0..self.columns())
            .map(|j| self.column(j)[range.clone()].to_vec())
            .collect();
        Self::new(self.names.clone(), columns)
    }

    /// The columns in the order of `names`, for the first `rows` rows: how a model reads
    /// future values given in any column order. Errors say what is missing.
    pub(crate) fn aligned(&self, names: &[String], rows: usize) -> Result<Vec<&[f64]>> {
        if self.rows < rows {
            return Err(ArimaError::FutureRegressorsNeeded {
                needed: rows,
                got: self.rows,
            });
        }
        let mut out = Vec::with_capacity(names.len());
        for name in names {
            let col = self.column_by_name(name).ok_or_else(|| {
                invalid(format!(
                    "the model's regressor `{name}` is not among the columns given ({})",
                    self.names.join(", ")
                ))
            })?;
            out.push(&col[..rows]);
        }
        if let Some(extra) = self.names.iter().find(|n| !names.contains(n)) {
            return Err(invalid(format!(
                "column `{extra}` is not one of the model's regressors ({})",
                names.join(", ")
            )));
        }
        Ok(out)
    }
}

/// At least one and at most [`MAX_REGRESSORS`] names, none empty, none repeated.
fn check_names(names: &[String]) -> Result<()> {
    if names.is_empty() {
        return Err(invalid("there must be at least one column"));
    }
    if names.len() > MAX_REGRESSORS {
        return Err(invalid(format!(
            "{} columns; the limit is MAX_REGRESSORS = {MAX_REGRESSORS}",
            names.len()
        )));
    }
    for (i, name) in names.iter().enumerate() {
        if name.trim().is_empty() {
            return Err(invalid(format!("the name of column {i} is empty")));
        }
        if names[..i].contains(name) {
            return Err(invalid(format!("the name `{name}` is used twice")));
        }
    }
    Ok(())
}

/// Every value finite and within [`ecom_core::MAX_ABS_VALUE`]; rows counted from `first`.
pub(crate) fn check_values(name: &str, col: &[f64], first: usize) -> Result<()> {
    for (i, &v) in col.iter().enumerate() {
        if !v.is_finite() || v.abs() > ecom_core::MAX_ABS_VALUE {
            return Err(invalid(format!(
                "column `{name}` row {}: {v} is not a finite value within ±{:e}",
                first + i,
                ecom_core::MAX_ABS_VALUE
            )));
        }
    }
    Ok(())
}
