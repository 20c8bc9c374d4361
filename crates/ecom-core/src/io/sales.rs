//! Sales histories: (date, optional SKU, quantity) rows into one regular series per SKU.

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::table::{Column, CsvOptions, Table, open};
use crate::error::{CoreError, Result};
use crate::series::{Frequency, TimeSeries};

/// What to do with periods in which a SKU has no row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GapPolicy {
    /// A missing period means nothing was sold: fill it with 0. Each SKU's series runs from its
    /// first row to the last period in the file, so trailing days without sales count as zeros.
    #[default]
    Zero,
    /// A missing period inside a SKU's history is an error; each series runs from the SKU's first
    /// to its last row.
    Reject,
}

/// What a quantity cell that is empty or a missing-value marker (`NA`, `NaN`, `null`, any
/// case) means.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MissingPolicy {
    /// A missing observation: the period is in the series but its value is unknown (a day the
    /// feed was down is not a day without sales), see [`TimeSeries::with_missing`]. Other rows
    /// of the same SKU and period still count; the period is missing only when every row of it
    /// is. The default, as R and statsmodels read `NA`.
    #[default]
    Keep,
    /// A bad row, as garbage is (the strict reading; then [`BadSeriesPolicy`] applies).
    Error,
}

/// Whether a quantity cell is a missing-value marker rather than garbage.
pub(crate) fn is_missing_marker(text: &str) -> bool {
    let t = text.trim();
    t.is_empty()
        || t.eq_ignore_ascii_case("na")
        || t.eq_ignore_ascii_case("nan")
        || t.eq_ignore_ascii_case("null")
}

/// The sum of two quantities of one period, NaN standing for a row whose value is missing.
fn add_observed(a: f64, b: f64) -> f64 {
    match (a.is_nan(), b.is_nan()) {
        (true, _) => b,
        (_, true) => a,
        _ => a + b,
    }
}

/// What to do with a SKU that has a bad row: a quantity that is not a number, not finite or
/// too large (or empty or a missing marker under [`MissingPolicy::Error`]), or a date that
/// does not parse.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BadSeriesPolicy {
    /// The whole file is rejected with the first bad row's line and column (the default).
    #[default]
    Error,
    /// The SKU is left out and listed in [`SalesHistory::skipped`] with its first bad row; the
    /// other SKUs load as usual. Rows whose SKU cannot be read, and file-level faults (a missing
    /// column, broken CSV, dates that fit no frequency), are still errors.
    Skip,
}

/// A SKU left out under [`BadSeriesPolicy::Skip`], with the first row that disqualified it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkippedSeries {
    /// The SKU id.
    pub id: String,
    /// 1-based line of its first bad row.
    pub line: u64,
    /// The column of the bad field.
    pub column: String,
    /// What was wrong with it.
    pub message: String,
}

impl std::fmt::Display for SkippedSeries {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "SKU {:?} skipped: line {}, column `{}`: {}",
            self.id, self.line, self.column, self.message
        )
    }
}

/// Rows that repeated a (date, SKU) pair already seen; their quantities were summed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicateRows {
    /// How many rows repeated a pair (the first row of each pair is not counted).
    pub rows: usize,
    /// The first repeating row: its line, SKU and date.
    pub first_line: u64,
    /// SKU of the first repeating row.
    pub first_id: String,
    /// Date of the first repeating row.
    pub first_date: NaiveDate,
}

/// Where the columns of a sales file are and how to turn rows into series.
///
/// Several rows for the same SKU and period are summed (a transaction log works as is); rows
/// that repeat a (date, SKU) pair are counted in [`SalesHistory::duplicates`] so a caller can
/// warn about them.
///
/// Memory is bounded by the input, not by its dates: a series spans at most
/// [`MAX_SERIES_PERIODS`](crate::MAX_SERIES_PERIODS) periods, and filling gaps may not grow
/// the file's rows more than [`MAX_GAP_EXPANSION`](crate::MAX_GAP_EXPANSION)-fold beyond
/// [`MAX_GAP_FILLED_VALUES`](crate::MAX_GAP_FILLED_VALUES) values.
///
/// ```
/// use ecom_core::SalesSchema;
/// let schema = SalesSchema::default().id_column("sku").quantity_column("units");
/// let csv = "date,sku,units\n2024-01-01,A,3\n2024-01-01,A,2\n2024-01-03,A,1\n2024-01-02,B,4\n";
/// let history = schema.read(csv.as_bytes(), "sales.csv")?;
/// assert_eq!(history.series[0].id, "A");
/// assert_eq!(history.series[0].series.values(), &[5.0, 0.0, 1.0]);
/// assert_eq!(history.series[1].series.values(), &[4.0, 0.0]);
/// # Ok::<(), ecom_core::CoreError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SalesSchema {
    /// Date column (default `"date"`).
    pub date: Column,
    /// Quantity column (default `"quantity"`).
    pub quantity: Column,
    /// SKU / series id column; `None` (the default) reads one series for the whole file.
    pub id: Option<Column>,
    /// Spacing of the observations; `None` (the default) infers it from the smallest gap between
    /// dates: 1 day daily, 7 weekly, 28-31 monthly, 89-92 quarterly, 365-366 yearly.
    pub frequency: Option<Frequency>,
    /// Treatment of periods without a row (default [`GapPolicy::Zero`]).
    pub gaps: GapPolicy,
    /// Treatment of SKUs with a bad row (default [`BadSeriesPolicy::Error`]).
    #[serde(default)]
    pub bad_series: BadSeriesPolicy,
    /// Treatment of empty and `NA` quantity cells (default [`MissingPolicy::Keep`]).
    #[serde(default)]
    pub missing: MissingPolicy,
    /// Separator and header settings.
    pub csv: CsvOptions,
}

impl Default for SalesSchema {
    fn default() -> Self {
        Self {
            date: "date".into(),
            quantity: "quantity".into(),
            id: None,
            frequency: None,
            gaps: GapPolicy::Zero,
            bad_series: BadSeriesPolicy::Error,
            missing: MissingPolicy::Keep,
            csv: CsvOptions::default(),
        }
    }
}

/// One SKU's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NamedSeries {
    /// The SKU / series id (empty when the file has no id column).
    pub id: String,
    /// Quantities per period, with start date and frequency set.
    pub series: TimeSeries,
}

/// Every SKU's series from one sales file, in order of first appearance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SalesHistory {
    /// The series, one per SKU.
    pub series: Vec<NamedSeries>,
    /// The frequency used (given or inferred).
    pub frequency: Frequency,
    /// SKUs left out under [`BadSeriesPolicy::Skip`], in order of their first bad row.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<SkippedSeries>,
    /// Rows that repeated a (date, SKU) pair and were summed into it, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duplicates: Option<DuplicateRows>,
}

impl SalesHistory {
    /// The series of SKU `id`.
    pub fn get(&self, id: &str) -> Option<&TimeSeries> {
        self.series.iter().find(|s| s.id == id).map(|s| &s.series)
    }
}

impl SalesSchema {
    /// Sets the date column.
    pub fn date_column(mut self, c: impl Into<Column>) -> Self {
        self.date = c.into();
        self
    }

    /// Sets the quantity column.
    pub fn quantity_column(mut self, c: impl Into<Column>) -> Self {
        self.quantity = c.into();
        self
    }

    /// Sets the SKU / id column.
    pub fn id_column(mut self, c: impl Into<Column>) -> Self {
        self.id = Some(c.into());
        self
    }

    /// Fixes the frequency instead of inferring it.
    pub fn frequency(mut self, f: Frequency) -> Self {
        self.frequency = Some(f);
        self
    }

    /// Sets the gap policy.
    pub fn gaps(mut self, g: GapPolicy) -> Self {
        self.gaps = g;
        self
    }

    /// Sets what empty and `NA` quantity cells mean.
    pub fn missing(mut self, p: MissingPolicy) -> Self {
        self.missing = p;
        self
    }

    /// Sets the treatment of SKUs with a bad row.
    pub fn bad_series(mut self, p: BadSeriesPolicy) -> Self {
        self.bad_series = p;
        self
    }

    /// Loads a sales file.
    ///
    /// # Errors
    /// I/O errors, missing columns, unparsable or non-finite fields (with line and column), a
    /// file without data rows, dates whose spacing fits no frequency, and gaps under
    /// [`GapPolicy::Reject`].
    pub fn load(&self, path: impl AsRef<Path>) -> Result<SalesHistory> {
        let (file, name) = open(path.as_ref(), self.csv)?;
        self.read(file, &name)
    }

    /// Reads a sales table from any reader; `name` labels errors.
    ///
    /// # Errors
    /// As [`load`](Self::load).
    pub fn read<R: Read>(&self, input: R, name: &str) -> Result<SalesHistory> {
        let mut table = Table::new(input, name, self.csv)?;
        let date_f = table.field(&self.date)?;
        let qty_f = table.field(&self.quantity)?;
        let id_f = self.id.as_ref().map(|c| table.field(c)).transpose()?;

        // Per SKU and date: the summed quantity and the first line that had the pair.
        let mut order: Vec<String> = Vec::new();
        let mut sums: HashMap<String, BTreeMap<NaiveDate, (f64, u64)>> = HashMap::new();
        let mut skipped: Vec<SkippedSeries> = Vec::new();
        let mut skipped_ids: HashSet<String> = HashSet::new();
        let mut duplicates: Option<DuplicateRows> = None;
        let mut rows = 0usize;
        while table.next_row()? {
            rows += 1;
            let id = match &id_f {
                Some(f) => {
                    let id = table.text(f)?;
                    if id.is_empty() {
                        return Err(table.error(f, "empty id"));
                    }
                    id
                }
                None => "",
            };
            if skipped_ids.contains(id) {
                continue;
            }
            let parsed = table.date(&date_f).and_then(|d| {
                let missing =
                    self.missing == MissingPolicy::Keep && is_missing_marker(table.text(&qty_f)?);
                let q = if missing {
                    f64::NAN
                } else {
                    table.finite(&qty_f, "quantity")?
                };
                Ok((d, q))
            });
            let (date, qty) = match parsed {
                Ok(x) => x,
                Err(e) if self.bad_series == BadSeriesPolicy::Skip => {
                    let CoreError::Csv {
                        line,
                        column,
                        message,
                        ..
                    } = e
                    else {
                        return Err(e);
                    };
                    let id = id.to_owned();
                    sums.remove(&id);
                    skipped_ids.insert(id.clone());
                    skipped.push(SkippedSeries {
                        id,
                        line,
                        column,
                        message,
                    });
                    continue;
                }
                Err(e) => return Err(e),
            };
            let line = table.line();
            let per_id = match sums.get_mut(id) {
                Some(m) => m,
                None => {
                    order.push(id.to_owned());
                    sums.entry(id.to_owned()).or_default()
                }
            };
            match per_id.entry(date) {
                Entry::Vacant(v) => {
                    v.insert((qty, line));
                }
                Entry::Occupied(mut o) => {
                    let sum = add_observed(o.get().0, qty);
                    if sum.abs() > crate::MAX_ABS_VALUE {
                        return Err(table.error(
                            &qty_f,
                            format!(
                                "the quantities of SKU {id:?} on {date} sum to {sum:e}, beyond the limit ±{:e}",
                                crate::MAX_ABS_VALUE
                            ),
                        ));
                    }
                    o.get_mut().0 = sum;
                    let d = duplicates.get_or_insert_with(|| DuplicateRows {
                        rows: 0,
                        first_line: line,
                        first_id: id.to_owned(),
                        first_date: date,
                    });
                    d.rows += 1;
                }
            }
        }
        order.retain(|id| !skipped_ids.contains(id));
        if order.is_empty() {
            return Err(match skipped.into_iter().next() {
                Some(first) => CoreError::Csv {
                    file: table.file().to_owned(),
                    line: first.line,
                    column: first.column,
                    message: format!("every SKU has a bad row; the first: {}", first.message),
                },
                None => CoreError::NoData {
                    file: table.file().to_owned(),
                },
            });
        }

        // The dates of the SKUs that stay, each with the first line it appeared on.
        let mut first_line: BTreeMap<NaiveDate, u64> = BTreeMap::new();
        for id in &order {
            for (&d, &(_, line)) in &sums[id] {
                first_line
                    .entry(d)
                    .and_modify(|l| *l = (*l).min(line))
                    .or_insert(line);
            }
        }
        let frequency = match self.frequency {
            Some(f) => f,
            None => infer_frequency(&first_line, table.file(), &date_f.name)?,
        };
        let origin = *first_line.keys().next().expect("at least one row");
        let key = |d: NaiveDate| period_key(frequency, origin, d);
        // Every date must sit on the frequency's grid (weekly dates a whole number of weeks apart).
        for (&d, &line) in &first_line {
            if key(d).is_none() {
                return Err(CoreError::Csv {
                    file: table.file().to_owned(),
                    line,
                    column: date_f.name.clone(),
                    message: format!(
                        "{d} is not a whole number of {frequency} periods after {origin}"
                    ),
                });
            }
        }
        let last_key = key(*first_line.keys().next_back().expect("rows")).expect("checked");

        let mut by_keys = Vec::with_capacity(order.len());
        let mut total = 0usize;
        let budget =
            crate::MAX_GAP_FILLED_VALUES.max(rows.saturating_mul(crate::MAX_GAP_EXPANSION));
        for id in &order {
            let mut by_key: BTreeMap<i64, f64> = BTreeMap::new();
            for (&d, &(q, _)) in &sums[id] {
                let v = by_key.entry(key(d).expect("checked")).or_insert(f64::NAN);
                *v = add_observed(*v, q);
            }
            let first = *by_key.keys().next().expect("non-empty");
            let last = match self.gaps {
                GapPolicy::Zero => last_key,
                GapPolicy::Reject => *by_key.keys().next_back().expect("non-empty"),
            };
            // Check the size before allocating: two rows centuries apart would otherwise fill
            // millions of periods.
            let len = usize::try_from(last - first + 1).unwrap_or(usize::MAX);
            if len > crate::MAX_SERIES_PERIODS {
                return Err(CoreError::InvalidParameter {
                    name: "sales history",
                    reason: format!(
                        "{}: SKU {id:?} spans {len} {frequency} periods from {}, beyond the limit of {}",
                        table.file(),
                        key_date(frequency, origin, first),
                        crate::MAX_SERIES_PERIODS
                    ),
                });
            }
            total = total.saturating_add(len);
            if total > budget {
                return Err(CoreError::InvalidParameter {
                    name: "sales history",
                    reason: format!(
                        "{}: {rows} rows would fill more than {budget} {frequency} periods across the SKUs; the dates are too sparse for a regular series",
                        table.file()
                    ),
                });
            }
            by_keys.push((first, last, by_key));
        }

        let mut series = Vec::with_capacity(order.len());
        for (id, (first, last, by_key)) in order.into_iter().zip(by_keys) {
            let mut values = Vec::with_capacity((last - first + 1) as usize);
            for k in first..=last {
                match by_key.get(&k) {
                    Some(&q) => values.push(q),
                    None if self.gaps == GapPolicy::Zero => values.push(0.0),
                    None => {
                        return Err(CoreError::InvalidParameter {
                            name: "sales history",
                            reason: format!(
                                "{}: SKU {id:?} has no row for the {frequency} period starting {}",
                                table.file(),
                                key_date(frequency, origin, k)
                            ),
                        });
                    }
                }
            }
            let start = key_date(frequency, origin, first);
            series.push(NamedSeries {
                id,
                series: TimeSeries::with_missing(values)?.with_start(start, frequency),
            });
        }
        Ok(SalesHistory {
            series,
            frequency,
            skipped,
            duplicates,
        })
    }

    /// The first line of `path` holding a row of SKU `id` (ignored when the schema has no id
    /// column) in the period that starts on `date`, for error messages that point at a row
    /// after loading. `None` when no row matches or the file cannot be read.
    pub fn find_line(
        &self,
        path: impl AsRef<Path>,
        id: &str,
        frequency: Frequency,
        date: NaiveDate,
    ) -> Option<u64> {
        let (file, name) = open(path.as_ref(), self.csv).ok()?;
        let mut table = Table::new(file, &name, self.csv).ok()?;
        let date_f = table.field(&self.date).ok()?;
        let id_f = match &self.id {
            Some(c) => Some(table.field(c).ok()?),
            None => None,
        };
        let end = frequency.advance(date, 1)?;
        while table.next_row().ok()? {
            if let Some(f) = &id_f
                && table.text(f).ok()? != id
            {
                continue;
            }
            if let Ok(d) = table.date(&date_f)
                && d >= date
                && d < end
            {
                return Some(table.line());
            }
        }
        None
    }
}

/// The smallest gap between distinct dates decides the frequency.
fn infer_frequency(
    dates: &BTreeMap<NaiveDate, u64>,
    file: &str,
    column: &str,
) -> Result<Frequency> {
    let mut min_gap: Option<(i64, u64)> = None;
    let mut prev: Option<NaiveDate> = None;
    for (&d, &line) in dates {
        if let Some(p) = prev {
            let gap = (d - p).num_days();
            if min_gap.is_none_or(|(g, _)| gap < g) {
                min_gap = Some((gap, line));
            }
        }
        prev = Some(d);
    }
    let Some((gap, line)) = min_gap else {
        return Ok(Frequency::Daily);
    };
    match gap {
        1 => Ok(Frequency::Daily),
        7 => Ok(Frequency::Weekly),
        28..=31 => Ok(Frequency::Monthly),
        89..=92 => Ok(Frequency::Quarterly),
        365 | 366 => Ok(Frequency::Yearly),
        _ => Err(CoreError::Csv {
            file: file.to_owned(),
            line,
            column: column.to_owned(),
            message: format!(
                "dates {gap} days apart fit no frequency (daily, weekly, monthly, quarterly, yearly); set it explicitly"
            ),
        }),
    }
}

/// The integer period of `d` on the frequency's grid; `None` when `d` is off the grid.
fn period_key(f: Frequency, origin: NaiveDate, d: NaiveDate) -> Option<i64> {
    let months = |d: NaiveDate| i64::from(d.year()) * 12 + i64::from(d.month0());
    match f {
        Frequency::Daily => Some((d - origin).num_days()),
        Frequency::Weekly => {
            let days = (d - origin).num_days();
            (days % 7 == 0).then_some(days / 7)
        }
        Frequency::Monthly => Some(months(d)),
        Frequency::Quarterly => Some(months(d).div_euclid(3)),
        Frequency::Yearly => Some(i64::from(d.year())),
    }
}

/// The first date of period `k` (calendar periods start on their first day).
fn key_date(f: Frequency, origin: NaiveDate, k: i64) -> NaiveDate {
    let month_start = |m: i64| {
        let y = i32::try_from(m.div_euclid(12)).unwrap_or(i32::MAX);
        NaiveDate::from_ymd_opt(y, (m.rem_euclid(12) + 1) as u32, 1).unwrap_or(origin)
    };
    match f {
        Frequency::Daily => origin + chrono::Days::new(k as u64),
        Frequency::Weekly => origin + chrono::Days::new(7 * k as u64),
        Frequency::Monthly => month_start(k),
        Frequency::Quarterly => month_start(3 * k),
        Frequency::Yearly => month_start(12 * k),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(csv: &str, schema: SalesSchema) -> Result<SalesHistory> {
        schema.read(csv.as_bytes(), "t.csv")
    }

    #[test]
    fn infers_monthly_and_starts_periods_on_the_first() {
        let csv = "month,qty\n2024-01-31,1\n2024-02-29,2\n2024-04-30,4\n";
        let h = read(
            csv,
            SalesSchema::default()
                .date_column("month")
                .quantity_column("qty"),
        )
        .unwrap();
        assert_eq!(h.frequency, Frequency::Monthly);
        let s = &h.series[0].series;
        assert_eq!(s.values(), &[1.0, 2.0, 0.0, 4.0]);
        assert_eq!(s.start(), NaiveDate::from_ymd_opt(2024, 1, 1));
        assert_eq!(s.period(), Some(12));
    }

    #[test]
    fn weekly_dates_off_the_grid_are_reported_by_line() {
        let csv = "date,quantity\n2024-01-01,1\n2024-01-08,2\n2024-01-16,3\n";
        match read(csv, SalesSchema::default()) {
            Err(CoreError::Csv { line, .. }) => assert_eq!(line, 4),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn reject_policy_reports_the_gap() {
        let csv = "date,quantity\n2024-01-01,1\n2024-01-03,2\n";
        let schema = SalesSchema::default().frequency(Frequency::Daily);
        let err = read(csv, schema.gaps(GapPolicy::Reject)).unwrap_err();
        assert!(err.to_string().contains("2024-01-02"), "{err}");
        let csv = "date,quantity\n2024-01-01,1\n2024-01-12,2\n";
        assert!(read(csv, SalesSchema::default()).is_err());
        let ok = read(csv, SalesSchema::default().frequency(Frequency::Daily)).unwrap();
        assert_eq!(ok.series[0].series.len(), 12);
    }

    #[test]
    fn empty_and_headless() {
        assert!(matches!(
            read("", SalesSchema::default()),
            Err(CoreError::NoData { .. })
        ));
        assert!(matches!(
            read("date,quantity\n", SalesSchema::default()),
            Err(CoreError::NoData { .. })
        ));
        let mut schema = SalesSchema::default().date_column(0).quantity_column(1);
        schema.csv.has_headers = false;
        let h = read(
            "2024-01-01;5\n2024-01-02;6\n".replace(';', ",").as_str(),
            schema,
        )
        .unwrap();
        assert_eq!(h.series[0].series.values(), &[5.0, 6.0]);
    }
}
