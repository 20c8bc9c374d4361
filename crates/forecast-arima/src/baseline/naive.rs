//! Seasonal naive (and, with period 1, naive) forecasts.

use ecom_core::{Forecast, Frequency, NaiveDate, TimeSeries};
use serde::{Deserialize, Serialize};

use super::{check_values, constant_value, innovation_se, scaled};
use crate::calendar::{NextPeriod, stamp};
use crate::error::{ArimaError, Result};
use crate::forecaster::{FittedModel, Forecaster};
use crate::interval::gaussian_forecast;
use crate::limits::{check_forecast_request, finite};
use crate::note::FitNote;
use crate::saved::{self as check, nullable, nullable_vec};

/// Forecasts each period by the value one season earlier: `ŷ_{n+h} = y_{n+h−m·k}` with k the
/// smallest whole number of seasons reaching back into the data. Period 1 is the naive
/// (random-walk) forecast.
///
/// Intervals follow the seasonal random walk: the variance after `h` steps is σ²·(⌊(h−1)/m⌋+1),
/// σ² the mean square of the in-sample seasonal differences.
///
/// As a stored configuration it reads `{"period": 7}`, checked as [`new`](Self::new) checks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "SeasonalNaiveRepr")]
pub struct SeasonalNaive {
    period: usize,
}

/// The serde form of [`SeasonalNaive`] before validation.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SeasonalNaiveRepr {
    period: usize,
}

impl TryFrom<SeasonalNaiveRepr> for SeasonalNaive {
    type Error = ArimaError;

    fn try_from(r: SeasonalNaiveRepr) -> Result<Self> {
        Self::new(r.period)
    }
}

impl SeasonalNaive {
    /// Seasonal naive at `period`.
    ///
    /// # Errors
    /// [`ArimaError::InvalidParameter`] for a period of 0.
    pub fn new(period: usize) -> Result<Self> {
        if period == 0 {
            return Err(ArimaError::invalid("period", "must be at least 1"));
        }
        Ok(Self { period })
    }

    /// The naive forecast (last value carried forward).
    pub fn naive() -> Self {
        Self { period: 1 }
    }

    /// The period.
    pub fn period(&self) -> usize {
        self.period
    }

    /// Fits to a series.
    ///
    /// A constant series gets σ² = 0 (zero-width intervals) and a
    /// [`FitNote::ConstantSeries`].
    ///
    /// # Errors
    /// [`ArimaError::NotEnoughData`] with fewer than `period + 1` observations.
    pub fn fit(&self, series: &TimeSeries) -> Result<FittedSeasonalNaive> {
        crate::error::refuse_missing(series, "seasonal naive")?;
        Ok(self.fit_slice(series.values())?.dated(series))
    }

    /// Fits to plain values.
    ///
    /// # Errors
    /// As [`fit`](Self::fit), plus [`ArimaError::Empty`], [`ArimaError::NonFinite`] and
    /// [`ArimaError::Core`] (a value beyond [`ecom_core::MAX_ABS_VALUE`]).
    pub fn fit_slice(&self, y: &[f64]) -> Result<FittedSeasonalNaive> {
        let m = self.period;
        // The period is checked against the length before anything is allocated.
        check_values(y, m.saturating_add(1))?;
        // The mean square over a power-of-two rescaling of extreme data (exact, a no-op
        // otherwise), so it cannot overflow.
        let (ys, s) = scaled(y);
        let ms = (m..ys.len())
            .map(|t| (ys[t] - ys[t - m]).powi(2))
            .sum::<f64>()
            / (ys.len() - m) as f64;
        let notes = match constant_value(y) {
            Some(value) => vec![FitNote::ConstantSeries { value }],
            None => Vec::new(),
        };
        Ok(FittedSeasonalNaive {
            period: m,
            last_season: y[y.len() - m..].to_vec(),
            sigma2: finite(ms * s * s, "sigma2")?,
            notes,
            next: None,
        })
    }
}

/// A fitted seasonal naive model.
///
/// Serialises completely and is checked when read back (see the crate's "Saving a model"
/// section); forecasts after a round trip are bit-for-bit those of the original.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(into = "FittedSeasonalNaiveRepr", try_from = "FittedSeasonalNaiveRepr")]
pub struct FittedSeasonalNaive {
    period: usize,
    last_season: Vec<f64>,
    sigma2: f64,
    notes: Vec<FitNote>,
    next: Option<NextPeriod>,
}

/// The serde form of [`FittedSeasonalNaive`].
#[derive(Serialize, Deserialize)]
struct FittedSeasonalNaiveRepr {
    period: usize,
    #[serde(with = "nullable_vec")]
    last_season: Vec<f64>,
    #[serde(with = "nullable")]
    sigma2: f64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    notes: Vec<FitNote>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    forecast_start: Option<NextPeriod>,
}

impl From<FittedSeasonalNaive> for FittedSeasonalNaiveRepr {
    fn from(f: FittedSeasonalNaive) -> Self {
        Self {
            period: f.period,
            last_season: f.last_season,
            sigma2: f.sigma2,
            notes: f.notes,
            forecast_start: f.next,
        }
    }
}

impl TryFrom<FittedSeasonalNaiveRepr> for FittedSeasonalNaive {
    type Error = ArimaError;

    fn try_from(r: FittedSeasonalNaiveRepr) -> Result<Self> {
        if r.period == 0 {
            return Err(check::bad("period", "must be at least 1"));
        }
        // The forecast cycles through the last season.
        check::length("last_season", r.last_season.len(), r.period, "the period")?;
        check::all_finite("last_season", &r.last_season)?;
        check::non_negative("sigma2", r.sigma2)?;
        check::notes(&r.notes)?;
        Ok(Self {
            period: r.period,
            last_season: r.last_season,
            sigma2: r.sigma2,
            notes: r.notes,
            next: r.forecast_start,
        })
    }
}

impl FittedSeasonalNaive {
    /// Seasonal period (1: the naive forecast).
    pub fn period(&self) -> usize {
        self.period
    }

    /// Mean square of the in-sample seasonal differences.
    pub fn sigma2(&self) -> f64 {
        self.sigma2
    }

    /// [`FitNote::ConstantSeries`] when the series was constant (σ² = 0, zero-width
    /// intervals); empty otherwise.
    pub fn notes(&self) -> &[FitNote] {
        &self.notes
    }

    /// Date of the first forecast step, when fitted to a dated series.
    pub fn forecast_start(&self) -> Option<NaiveDate> {
        self.next.map(|n| n.date)
    }

    /// Spacing of the forecast steps, when fitted to a dated series.
    pub fn frequency(&self) -> Option<Frequency> {
        self.next.map(|n| n.frequency)
    }

    fn dated(mut self, series: &TimeSeries) -> Self {
        self.next = NextPeriod::after(series);
        self
    }

    /// Forecasts `h` steps with intervals at `levels` (percent; a fraction such as 0.95 is
    /// refused), dated when the model was fitted to a dated series.
    ///
    /// # Errors
    /// Invalid horizon or level (checked first; a horizon beyond
    /// [`MAX_HORIZON`](crate::MAX_HORIZON) is [`ArimaError::HorizonTooLong`]),
    /// [`ArimaError::Overflow`] for an interval bound that is not finite.
    pub fn forecast(&self, h: usize, levels: &[f64]) -> Result<Forecast> {
        check_forecast_request(h, levels)?;
        let m = self.period;
        let mean = (0..h).map(|i| self.last_season[i % m]).collect();
        let se = innovation_se(self.sigma2, h, |j| if j % m == 0 { 1.0 } else { 0.0 });
        let f = gaussian_forecast(mean, &se, levels)?;
        Ok(stamp(f, self.next))
    }
}

impl Forecaster for SeasonalNaive {
    type Fitted = FittedSeasonalNaive;

    fn fit_series(&self, series: &TimeSeries) -> Result<Self::Fitted> {
        self.fit(series)
    }

    fn min_train_len(&self) -> Result<usize> {
        Ok(self.period.saturating_add(1))
    }
}

impl FittedModel for FittedSeasonalNaive {
    fn forecast(&self, h: usize, levels: &[f64]) -> Result<Forecast> {
        FittedSeasonalNaive::forecast(self, h, levels)
    }

    fn notes(&self) -> &[FitNote] {
        FittedSeasonalNaive::notes(self)
    }

    fn predict_sum(&self, n: usize) -> Result<(f64, f64)> {
        crate::select::Total::total(self, n)
    }
}
