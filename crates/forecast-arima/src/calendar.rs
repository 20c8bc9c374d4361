//! Where a fitted model's forecasts start on the calendar.

use ecom_core::{Forecast, Frequency, NaiveDate, TimeSeries};
use serde::{Deserialize, Serialize};

/// The period after the last training observation and the spacing of periods: every forecast
/// of a model fitted to a dated [`TimeSeries`] carries them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct NextPeriod {
    /// Date of the first forecast step.
    pub(crate) date: NaiveDate,
    /// Spacing of the steps.
    pub(crate) frequency: Frequency,
}

impl NextPeriod {
    /// The period after `series` ends; `None` without dates (or past the calendar's end).
    pub(crate) fn after(series: &TimeSeries) -> Option<Self> {
        Some(Self {
            date: series.date_at(series.len())?,
            frequency: series.frequency()?,
        })
    }
}

/// `forecast` with the dates of `next` attached, if any.
pub(crate) fn stamp(forecast: Forecast, next: Option<NextPeriod>) -> Forecast {
    match next {
        Some(n) => forecast.with_start(n.date, n.frequency),
        None => forecast,
    }
}
