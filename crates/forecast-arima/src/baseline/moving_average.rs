//! n-period moving average.

use ecom_core::{Forecast, Frequency, NaiveDate, TimeSeries};
use serde::{Deserialize, Serialize};

use super::{check_values, constant_value, scaled};
use crate::calendar::{NextPeriod, stamp};
use crate::error::{ArimaError, Result};
use crate::forecaster::{FittedModel, Forecaster};
use crate::interval::gaussian_forecast;
use crate::limits::{check_forecast_request, finite};
use crate::note::FitNote;
use crate::saved::{self as check, nullable, nullable_vec};

/// Forecasts every future period by the mean of the last `window` observations.
///
/// Intervals use the root mean square of the in-sample one-step errors, constant over the
/// horizon (the error of a level forecast when the series fluctuates around a level).
///
/// ```
/// use forecast_arima::MovingAverage;
/// let fit = MovingAverage::new(3)?.fit_slice(&[150.0, 160.0, 155.0, 165.0, 157.0])?;
/// assert!((fit.level() - (155.0 + 165.0 + 157.0) / 3.0).abs() < 1e-12);
/// # Ok::<(), forecast_arima::ArimaError>(())
/// ```
///
/// As a stored configuration it reads `{"window": 7}`, checked as [`new`](Self::new) checks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "MovingAverageRepr")]
pub struct MovingAverage {
    window: usize,
}

/// The serde form of [`MovingAverage`] before validation.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MovingAverageRepr {
    window: usize,
}

impl TryFrom<MovingAverageRepr> for MovingAverage {
    type Error = ArimaError;

    fn try_from(r: MovingAverageRepr) -> Result<Self> {
        Self::new(r.window)
    }
}

impl MovingAverage {
    /// A moving average over `window` periods.
    ///
    /// # Errors
    /// [`ArimaError::InvalidParameter`] for a window of 0.
    pub fn new(window: usize) -> Result<Self> {
        if window == 0 {
            return Err(ArimaError::invalid("window", "must be at least 1"));
        }
        Ok(Self { window })
    }

    /// The window length.
    pub fn window(&self) -> usize {
        self.window
    }

    /// Fits to a series.
    ///
    /// A constant series gives its value, zero errors and a [`FitNote::ConstantSeries`].
    ///
    /// # Errors
    /// [`ArimaError::NotEnoughData`] with fewer than `window + 1` observations.
    pub fn fit(&self, series: &TimeSeries) -> Result<FittedMovingAverage> {
        crate::error::refuse_missing(series, "the moving average")?;
        Ok(self.fit_slice(series.values())?.dated(series))
    }

    /// Fits to plain values.
    ///
    /// # Errors
    /// As [`fit`](Self::fit), plus [`ArimaError::Empty`], [`ArimaError::NonFinite`] and
    /// [`ArimaError::Core`] (a value beyond [`ecom_core::MAX_ABS_VALUE`]).
    pub fn fit_slice(&self, y: &[f64]) -> Result<FittedMovingAverage> {
        let w = self.window;
        // The window is checked against the length before anything is allocated.
        check_values(y, w.saturating_add(1))?;
        if let Some(c) = constant_value(y) {
            return Ok(FittedMovingAverage {
                window: w,
                level: c,
                fitted: vec![c; y.len() - w],
                mse: 0.0,
                mae: 0.0,
                notes: vec![FitNote::ConstantSeries { value: c }],
                next: None,
            });
        }
        // Sums over a power-of-two rescaling of extreme data (exact, a no-op otherwise).
        let (ys, s) = scaled(y);
        let y = &ys[..];
        let mut sum: f64 = y[..w].iter().sum();
        let mut fitted = Vec::with_capacity(y.len() - w);
        for t in w..y.len() {
            fitted.push(sum / w as f64);
            sum += y[t] - y[t - w];
        }
        // Recompute the last window exactly rather than trusting the running sum.
        let level = y[y.len() - w..].iter().sum::<f64>() / w as f64;
        let n = fitted.len() as f64;
        let errors = y[w..].iter().zip(&fitted).map(|(a, f)| a - f);
        let mse = errors.clone().map(|e| e * e).sum::<f64>() / n;
        let mae = errors.map(f64::abs).sum::<f64>() / n;
        fitted.iter_mut().for_each(|f| *f *= s);
        Ok(FittedMovingAverage {
            window: w,
            level: level * s,
            fitted,
            mse: finite(mse * s * s, "the mean squared error")?,
            mae: mae * s,
            notes: Vec::new(),
            next: None,
        })
    }
}

/// A fitted moving average.
///
/// Serialises completely and is checked when read back (see the crate's "Saving a model"
/// section); forecasts after a round trip are bit-for-bit those of the original.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(into = "FittedMovingAverageRepr", try_from = "FittedMovingAverageRepr")]
pub struct FittedMovingAverage {
    window: usize,
    level: f64,
    fitted: Vec<f64>,
    mse: f64,
    mae: f64,
    notes: Vec<FitNote>,
    next: Option<NextPeriod>,
}

/// The serde form of [`FittedMovingAverage`].
#[derive(Serialize, Deserialize)]
struct FittedMovingAverageRepr {
    window: usize,
    #[serde(with = "nullable")]
    level: f64,
    #[serde(with = "nullable_vec")]
    fitted: Vec<f64>,
    #[serde(with = "nullable")]
    mse: f64,
    #[serde(with = "nullable")]
    mae: f64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    notes: Vec<FitNote>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    forecast_start: Option<NextPeriod>,
}

impl From<FittedMovingAverage> for FittedMovingAverageRepr {
    fn from(f: FittedMovingAverage) -> Self {
        Self {
            window: f.window,
            level: f.level,
            fitted: f.fitted,
            mse: f.mse,
            mae: f.mae,
            notes: f.notes,
            forecast_start: f.next,
        }
    }
}

impl TryFrom<FittedMovingAverageRepr> for FittedMovingAverage {
    type Error = ArimaError;

    fn try_from(r: FittedMovingAverageRepr) -> Result<Self> {
        if r.window == 0 {
            return Err(check::bad("window", "must be at least 1"));
        }
        check::finite("level", r.level)?;
        if r.fitted.is_empty() {
            return Err(check::bad(
                "fitted",
                "is empty: a fit has at least one one-step forecast",
            ));
        }
        check::all_finite("fitted", &r.fitted)?;
        check::non_negative("mse", r.mse)?;
        check::non_negative("mae", r.mae)?;
        check::notes(&r.notes)?;
        Ok(Self {
            window: r.window,
            level: r.level,
            fitted: r.fitted,
            mse: r.mse,
            mae: r.mae,
            notes: r.notes,
            next: r.forecast_start,
        })
    }
}

impl FittedMovingAverage {
    /// Periods averaged.
    pub fn window(&self) -> usize {
        self.window
    }

    /// The forecast level: mean of the last `window` observations.
    pub fn level(&self) -> f64 {
        self.level
    }

    /// One-step forecasts of `y[window..]` (each the mean of the preceding `window` values).
    pub fn fitted(&self) -> &[f64] {
        &self.fitted
    }

    /// In-sample mean absolute one-step error.
    pub fn mae(&self) -> f64 {
        self.mae
    }

    /// In-sample root mean square one-step error.
    pub fn rmse(&self) -> f64 {
        self.mse.sqrt()
    }

    /// [`FitNote::ConstantSeries`] when the series was constant (zero-width intervals);
    /// empty otherwise.
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

    /// Flat forecast with intervals `level ± z·rmse` at `levels` (percent; a fraction such as
    /// 0.95 is refused), dated when the model was fitted to a dated series.
    ///
    /// # Errors
    /// Invalid horizon or level (checked first; a horizon beyond
    /// [`MAX_HORIZON`](crate::MAX_HORIZON) is [`ArimaError::HorizonTooLong`]),
    /// [`ArimaError::Overflow`] for an interval bound that is not finite.
    pub fn forecast(&self, h: usize, levels: &[f64]) -> Result<Forecast> {
        check_forecast_request(h, levels)?;
        let se = vec![self.rmse(); h];
        let f = gaussian_forecast(vec![self.level; h], &se, levels)?;
        Ok(stamp(f, self.next))
    }
}

impl Forecaster for MovingAverage {
    type Fitted = FittedMovingAverage;

    fn fit_series(&self, series: &TimeSeries) -> Result<Self::Fitted> {
        self.fit(series)
    }

    fn min_train_len(&self) -> Result<usize> {
        Ok(self.window.saturating_add(1))
    }
}

impl FittedModel for FittedMovingAverage {
    fn forecast(&self, h: usize, levels: &[f64]) -> Result<Forecast> {
        FittedMovingAverage::forecast(self, h, levels)
    }

    fn notes(&self) -> &[FitNote] {
        FittedMovingAverage::notes(self)
    }

    fn predict_sum(&self, n: usize) -> Result<(f64, f64)> {
        crate::select::Total::total(self, n)
    }
}
