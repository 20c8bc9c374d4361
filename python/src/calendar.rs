//! The shop's trading calendar: detected from a table, from daily totals aggregated by an
//! engine, or given; and passed between the two halves as plain lists.

use ecom_supply::{Frequency, NaiveDate, SalesHistory, TradingCalendar, Weekday};
use pyo3::prelude::*;
use pyo3_arrow::PyTable;

use crate::errors::{Failure, Result};
use crate::sales::{self, Columns};

/// What the caller said about the calendar; `None` parts are detected from the sales.
#[derive(Debug, Clone, Default)]
pub(crate) struct CalendarRequest {
    pub(crate) closed: Option<Vec<String>>,
    pub(crate) holidays: Option<Vec<String>>,
    pub(crate) no_calendar: bool,
}

fn weekday(s: &str) -> Result<Weekday> {
    s.trim().parse::<Weekday>().map_err(|_| {
        Failure::Input(format!(
            "closed: {s:?} is not a weekday (mon, tue, wed, thu, fri, sat, sun)"
        ))
    })
}

fn date(s: &str, what: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| Failure::Input(format!("{what}: {s:?} is not a date (YYYY-MM-DD)")))
}

impl CalendarRequest {
    /// The calendar for `history`, as `ecom forecast --closed/--holidays/--no-calendar`
    /// resolves it: given parts as given, the rest detected; always open for non-daily data.
    pub(crate) fn resolve(&self, history: &SalesHistory) -> Result<TradingCalendar> {
        if self.no_calendar || history.frequency != Frequency::Daily {
            return Ok(TradingCalendar::always_open());
        }
        let weekdays = (self.closed.as_ref())
            .map(|w| w.iter().map(|s| weekday(s)).collect::<Result<Vec<_>>>())
            .transpose()?;
        let dates = (self.holidays.as_ref())
            .map(|d| {
                d.iter()
                    .map(|s| date(s, "holidays"))
                    .collect::<Result<Vec<_>>>()
            })
            .transpose()?;
        Ok(TradingCalendar::detect_unless_given(
            history.series.iter().map(|s| &s.series),
            weekdays,
            dates,
        )?)
    }
}

/// `(closed weekdays as "Mon".."Sun", closed dates as "YYYY-MM-DD")`.
type CalendarLists = (Vec<String>, Vec<String>);

fn lists(c: &TradingCalendar) -> CalendarLists {
    (
        c.closed_weekdays().map(|w| w.to_string()).collect(),
        c.closed_dates().map(|d| d.to_string()).collect(),
    )
}

/// The calendar detected from a whole sales table (see `ecom_supply.detect_calendar`).
#[pyfunction]
#[pyo3(signature = (table, id_col, date_col, value_col))]
pub(crate) fn detect_calendar(
    py: Python<'_>,
    table: PyTable,
    id_col: Option<String>,
    date_col: String,
    value_col: String,
) -> PyResult<CalendarLists> {
    let columns =
        Columns::new(id_col, date_col, value_col, None, "keep").map_err(|e| e.into_py(py))?;
    let (batches, _) = table.into_inner();
    py.detach(|| {
        let history = sales::read(&batches, &columns)?;
        CalendarRequest::default()
            .resolve(&history)
            .map(|c| lists(&c))
    })
    .map_err(|e| e.into_py(py))
}

/// The calendar from per-date total absolute sales over every date some SKU covers, and the
/// number of SKUs (see `ecom_supply.calendar_from_daily_totals`).
#[pyfunction]
pub(crate) fn calendar_from_daily_totals(
    py: Python<'_>,
    dates: Vec<String>,
    totals: Vec<f64>,
    series_count: usize,
) -> PyResult<CalendarLists> {
    let run = || -> Result<CalendarLists> {
        if dates.len() != totals.len() {
            return Err(Failure::Input(format!(
                "dates and totals differ in length ({} and {})",
                dates.len(),
                totals.len()
            )));
        }
        let mut pairs = Vec::with_capacity(dates.len());
        for (d, &t) in dates.iter().zip(&totals) {
            if !t.is_finite() {
                return Err(Failure::Input(format!("total of {d} is not finite ({t})")));
            }
            pairs.push((date(d, "dates")?, t));
        }
        Ok(lists(&TradingCalendar::from_daily_totals(
            pairs,
            series_count,
        )))
    };
    run().map_err(|e| e.into_py(py))
}
