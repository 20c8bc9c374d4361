//! Forecast accuracy measures.

use serde::{Deserialize, Serialize};

use crate::limits::{check_data, finite};

/// Accuracy of forecasts against actual values. Every field is finite.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    /// Mean absolute error.
    pub mae: f64,
    /// Root mean squared error.
    pub rmse: f64,
    /// Mean absolute percentage error (percent) over the points whose actual value is not zero
    /// (the percentage error is undefined there); `None` when every actual value is zero
    /// (common with intermittent demand) or a percentage error is too large to represent
    /// (an actual value within about 1e-300 of zero).
    pub mape: Option<f64>,
    /// Symmetric MAPE, `200·|a − f| / (|a| + |f|)` averaged (percent); a point where both are
    /// zero counts as 0.
    pub smape: f64,
    /// Mean absolute scaled error: MAE over the in-sample MAE of the seasonal naive forecast
    /// (Hyndman & Koehler 2006); `None` when that scale is zero (or so small the ratio is not
    /// finite).
    pub mase: Option<f64>,
    /// Number of forecast points scored.
    pub n: usize,
}

/// Accumulates errors, possibly over several forecast origins with their own MASE scales.
#[derive(Debug, Clone, Default)]
pub(crate) struct Accumulator {
    abs: f64,
    /// The root mean square as `sq_scale·√(sq_sum/n)`, accumulated as LAPACK's `dnrm2` does so
    /// squares of large errors cannot overflow.
    sq_scale: f64,
    sq_sum: f64,
    ape: f64,
    n_ape: usize,
    ape_overflow: bool,
    sape: f64,
    scaled: f64,
    n_scaled: usize,
    n: usize,
}

impl Accumulator {
    /// Adds one point; `scale` is the MASE denominator of its origin (if positive).
    pub(crate) fn push(&mut self, actual: f64, forecast: f64, scale: Option<f64>) {
        let e = actual - forecast;
        let ae = e.abs();
        self.abs += ae;
        if ae > 0.0 {
            if ae > self.sq_scale {
                self.sq_sum = 1.0 + self.sq_sum * (self.sq_scale / ae).powi(2);
                self.sq_scale = ae;
            } else {
                self.sq_sum += (ae / self.sq_scale).powi(2);
            }
        }
        if actual != 0.0 {
            let ape = (e / actual).abs();
            if ape.is_finite() {
                self.ape += ape;
            } else {
                self.ape_overflow = true;
            }
            self.n_ape += 1;
        }
        // 2|e| / (|a| + |f|) with halves in the denominator, so it cannot overflow.
        let denom = 0.5 * actual.abs() + 0.5 * forecast.abs();
        if denom > 0.0 {
            self.sape += (ae / denom).min(2.0);
        }
        if let Some(s) = scale {
            self.scaled += ae / s;
            self.n_scaled += 1;
        }
        self.n += 1;
    }

    /// The metrics.
    ///
    /// # Errors
    /// [`ArimaError::Overflow`](crate::ArimaError::Overflow) when the MAE or RMSE is not
    /// finite (errors near `f64::MAX`); [`ArimaError::InvalidParameter`](crate::ArimaError::InvalidParameter)
    /// when no point was added (every actual value missing).
    pub(crate) fn finish(&self) -> crate::Result<Metrics> {
        if self.n == 0 {
            return Err(crate::ArimaError::invalid(
                "actual",
                "every actual value is missing: there is nothing to score",
            ));
        }
        let n = self.n as f64;
        let rmse = self.sq_scale * (self.sq_sum / n).sqrt();
        let mape = 100.0 * self.ape / self.n_ape as f64;
        let mase = self.scaled / n;
        Ok(Metrics {
            mae: finite(self.abs / n, "the mean absolute error")?,
            rmse: finite(rmse, "the root mean squared error")?,
            mape: (self.n_ape > 0 && !self.ape_overflow && mape.is_finite()).then_some(mape),
            smape: 100.0 * self.sape / n,
            mase: (self.n_scaled == self.n && self.n > 0 && mase.is_finite()).then_some(mase),
            n: self.n,
        })
    }
}

/// In-sample MAE of the seasonal naive forecast at `period` (naive when 1): the MASE scale.
/// `None` when the training data are too short, hold a NaN or infinite value, or the scale is
/// zero.
///
/// NaN marks a missing observation: the differences that need one are left out (as R's
/// `accuracy` does), and the scale is `None` when none is left.
pub fn mase_scale(train: &[f64], period: usize) -> Option<f64> {
    let m = period.max(1);
    if train.len() <= m || train.iter().any(|v| v.is_infinite()) {
        return None;
    }
    // Mean of the differences' halves: finite for any finite data.
    let (sum, count) = (m..train.len())
        .map(|t| (0.5 * train[t] - 0.5 * train[t - m]).abs())
        .filter(|d| !d.is_nan())
        .fold((0.0, 0usize), |(s, n), d| (s + d, n + 1));
    if count == 0 {
        return None;
    }
    let half = sum / count as f64;
    let s = 2.0 * half;
    (s > 0.0 && s.is_finite()).then_some(s)
}

/// Scores `forecast` against `actual`, scaling MASE by the seasonal naive errors of `train`
/// at `period`. NaN in `actual` or `train` marks a missing observation: missing actual values
/// are not scored, and the scale skips the differences that need a missing value.
///
/// ```
/// use forecast_arima::score;
/// let m = score(&[10.0, 0.0, 12.0], &[11.0, 1.0, 12.0], &[8.0, 10.0, 9.0, 11.0], 1)?;
/// assert!((m.mae - 2.0 / 3.0).abs() < 1e-12);
/// assert!((m.mape.unwrap() - 5.0).abs() < 1e-12); // zero actual skipped: (10% + 0%) / 2
/// assert!((m.mase.unwrap() - (2.0 / 3.0) / (5.0 / 3.0)).abs() < 1e-12);
/// # Ok::<(), forecast_arima::ArimaError>(())
/// ```
///
/// # Errors
/// [`ArimaError::InvalidParameter`](crate::ArimaError::InvalidParameter) when `actual` is empty
/// or `forecast` has a different length, or every actual value is missing;
/// [`ArimaError::NonFinite`](crate::ArimaError::NonFinite) for an infinite value (or a NaN in
/// `forecast`), and
/// [`ArimaError::Core`](crate::ArimaError::Core) for one beyond
/// [`ecom_core::MAX_ABS_VALUE`] (the checks of [`ecom_core::TimeSeries`]).
pub fn score(
    actual: &[f64],
    forecast: &[f64],
    train: &[f64],
    period: usize,
) -> crate::Result<Metrics> {
    if actual.is_empty() || actual.len() != forecast.len() {
        return Err(crate::ArimaError::invalid(
            "forecast",
            format!(
                "need equal, non-zero lengths, got {} actual and {} forecast values",
                actual.len(),
                forecast.len()
            ),
        ));
    }
    check_data(actual, true)?;
    check_data(forecast, false)?;
    check_data(train, true)?;
    if actual.iter().all(|a| a.is_nan()) {
        return Err(crate::ArimaError::invalid(
            "actual",
            "every actual value is missing: there is nothing to score",
        ));
    }
    let scale = mase_scale(train, period);
    let mut acc = Accumulator::default();
    // A missing actual value is not scored (`n` counts the observed points).
    for (a, f) in actual.iter().zip(forecast).filter(|(a, _)| !a.is_nan()) {
        acc.push(*a, *f, scale);
    }
    acc.finish()
}
