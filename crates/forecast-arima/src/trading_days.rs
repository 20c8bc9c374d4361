//! Any forecaster on a shop's trading days: fitted on the days the shop is open, forecasting
//! exactly zero (with zero-width intervals) on the days it is closed.

use ecom_core::{Forecast, ForecastInterval, Frequency, NaiveDate, TimeSeries, TradingCalendar};
use serde::{Deserialize, Serialize};

use crate::error::{ArimaError, Result};
use crate::forecaster::{FittedModel, Forecaster};
use crate::limits::{check_forecast_request, check_horizon};
use crate::note::FitNote;

/// `model` fitted on the open days of `calendar` only.
///
/// A daily series with a start date loses its closed weekdays before fitting (a weekly period
/// of 7 becomes the number of open weekdays, 6 for a shop closed on Saturdays), and its closed
/// dates on open weekdays (holidays) are filled in from the same weekday around them, so the
/// weekly cycle keeps its phase ([`TradingCalendar::trading_days`]). Its forecasts are back
/// on calendar days, with 0 and zero-width intervals on every closed day. Any other series
/// (undated, not daily) is fitted as it is.
///
/// ```
/// use ecom_core::{Frequency, NaiveDate, TimeSeries, TradingCalendar, Weekday};
/// use forecast_arima::{FittedModel, Forecaster, OnTradingDays, SeasonalNaive};
/// // Four weeks from Monday 2024-01-01, closed on Saturdays.
/// let y: Vec<f64> = (0..28).map(|d| if d % 7 == 5 { 0.0 } else { 10.0 + (d % 7) as f64 }).collect();
/// let y = TimeSeries::new(y)?
///     .with_start(NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(), Frequency::Daily)
///     .with_period(7)?;
/// let calendar = TradingCalendar::new([Weekday::Sat], [])?;
/// let fit = OnTradingDays::new(SeasonalNaive::new(6)?, calendar).fit_series(&y)?;
/// let f = fit.forecast(7, &[95.0])?;
/// assert_eq!(f.mean, vec![10.0, 11.0, 12.0, 13.0, 14.0, 0.0, 16.0]);
/// assert_eq!((f.intervals[0].lower[5], f.intervals[0].upper[5]), (0.0, 0.0));
/// assert_eq!(f.date(5), NaiveDate::from_ymd_opt(2024, 2, 3)); // a Saturday
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OnTradingDays<F> {
    /// The model fitted on the trading days.
    pub model: F,
    /// The shop's calendar.
    pub calendar: TradingCalendar,
}

impl<F> OnTradingDays<F> {
    /// `model` on the open days of `calendar`.
    pub fn new(model: F, calendar: TradingCalendar) -> Self {
        Self { model, calendar }
    }
}

/// A model fitted by [`OnTradingDays`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FittedOnTradingDays<M> {
    /// The model fitted on the trading days.
    model: M,
    calendar: TradingCalendar,
    /// The calendar day after the last observation; `None` when the series was fitted as it
    /// was (undated or not daily), so forecasts are the model's own.
    next: Option<NaiveDate>,
}

impl<F: Forecaster> Forecaster for OnTradingDays<F>
where
    F::Fitted: Sync,
{
    type Fitted = FittedOnTradingDays<F::Fitted>;

    fn fit_series(&self, series: &TimeSeries) -> Result<Self::Fitted> {
        let daily = series.frequency() == Some(Frequency::Daily) && series.start().is_some();
        if !daily || self.calendar.is_always_open() {
            return Ok(FittedOnTradingDays {
                model: self.model.fit_series(series)?,
                calendar: self.calendar.clone(),
                next: None,
            });
        }
        let open = self.calendar.trading_days(series)?;
        let model = self.model.fit_series(&open.series).map_err(|e| match e {
            // Name the missing day by its calendar date, not its place among trading days.
            ArimaError::MissingValues {
                model, first_index, ..
            } => {
                let first = series.first_missing();
                ArimaError::MissingValues {
                    model,
                    count: series.missing_count(),
                    first_index: first.unwrap_or(first_index),
                    first_date: first.and_then(|i| series.date_at(i)),
                }
            }
            e => e,
        })?;
        Ok(FittedOnTradingDays {
            model,
            calendar: self.calendar.clone(),
            next: series.date_at(series.len()),
        })
    }

    fn min_train_len(&self) -> Result<usize> {
        self.model.min_train_len()
    }
}

impl<M> FittedOnTradingDays<M> {
    /// The model fitted on the trading days.
    pub fn model(&self) -> &M {
        &self.model
    }

    /// The calendar.
    pub fn calendar(&self) -> &TradingCalendar {
        &self.calendar
    }
}

impl<M: FittedModel> FittedModel for FittedOnTradingDays<M> {
    fn forecast(&self, h: usize, levels: &[f64]) -> Result<Forecast> {
        check_forecast_request(h, levels)?;
        let Some(next) = self.next else {
            return self.model.forecast(h, levels);
        };
        let steps = self.calendar.trading_weekdays(next, h);
        let inner = if steps > 0 {
            self.model.forecast(steps, levels)?
        } else {
            Forecast::default()
        };
        let mut out = Forecast {
            mean: Vec::with_capacity(h),
            intervals: levels
                .iter()
                .map(|&level| ForecastInterval {
                    level,
                    lower: Vec::with_capacity(h),
                    upper: Vec::with_capacity(h),
                })
                .collect(),
            ..Forecast::default()
        };
        let mut k = 0;
        for day in next.iter_days().take(h) {
            if self.calendar.is_open(day) {
                out.mean.push(inner.mean[k]);
                for (o, i) in out.intervals.iter_mut().zip(&inner.intervals) {
                    o.lower.push(i.lower[k]);
                    o.upper.push(i.upper[k]);
                }
            }
            // A closed date on a trading weekday is a step of the model, forecast as zero.
            if self.calendar.trades_on_weekday(day) {
                k += 1;
            }
            if !self.calendar.is_open(day) {
                // Closed: nothing sells, with certainty.
                out.mean.push(0.0);
                for o in &mut out.intervals {
                    o.lower.push(0.0);
                    o.upper.push(0.0);
                }
            }
        }
        Ok(out.with_start(next, Frequency::Daily))
    }

    fn notes(&self) -> &[FitNote] {
        self.model.notes()
    }

    fn predict_sum(&self, n: usize) -> Result<(f64, f64)> {
        check_horizon(n)?;
        let Some(next) = self.next else {
            return self.model.predict_sum(n);
        };
        // Closed days add nothing to the sum, nor to its uncertainty.
        let steps = self.calendar.trading_weekdays(next, n);
        let open = self.calendar.open_days(next, n);
        if open == 0 {
            return Ok((0.0, 0.0));
        }
        if open == steps {
            return self.model.predict_sum(steps);
        }
        // Holidays among the steps: their means drop out of the total; the spread stays that
        // of all the steps, a little wider than exact.
        let (_, sd) = self.model.predict_sum(steps)?;
        let mean: f64 = self.forecast(n, &[])?.mean.iter().sum();
        Ok((mean, sd))
    }
}
