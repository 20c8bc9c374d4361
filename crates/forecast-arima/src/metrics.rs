//! Forecast accuracy measures.

use serde::{Deserialize, Serialize};

/// Accuracy of forecasts against actual values.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    /// Mean absolute error.
    pub mae: f64,
    /// Root mean squared error.
    pub rmse: f64,
    /// Mean absolute percentage error (percent) over the points whose actual value is not zero;
    /// `None` when every actual value is zero (common with intermittent demand).
    pub mape: Option<f64>,
    /// Symmetric MAPE, `200·|a − f| / (|a| + |f|)` averaged (percent); a point where both are
    /// zero counts as 0.
    pub smape: f64,
    /// Mean absolute scaled error: MAE over the in-sample MAE of the seasonal naive forecast
    /// (Hyndman & Koehler 2006); `None` when that scale is zero.
    pub mase: Option<f64>,
    /// Number of forecast points scored.
    pub n: usize,
}

/// Accumulates errors, possibly over several forecast origins with their own MASE scales.
#[derive(Debug, Clone, Default)]
pub(crate) struct Accumulator {
    abs: f64,
    sq: f64,
    ape: f64,
    n_ape: usize,
    sape: f64,
    scaled: f64,
    n_scaled: usize,
    n: usize,
}

impl Accumulator {
    /// Adds one point; `scale` is the MASE denominator of its origin (if positive).
    pub(crate) fn push(&mut self, actual: f64, forecast: f64, scale: Option<f64>) {
        let e = actual - forecast;
        self.abs += e.abs();
        self.sq += e * e;
        if actual != 0.0 {
            self.ape += (e / actual).abs();
            self.n_ape += 1;
        }
        let denom = actual.abs() + forecast.abs();
        if denom > 0.0 {
            self.sape += 2.0 * e.abs() / denom;
        }
        if let Some(s) = scale {
            self.scaled += e.abs() / s;
            self.n_scaled += 1;
        }
        self.n += 1;
    }

    pub(crate) fn finish(&self) -> Metrics {
        let n = self.n as f64;
        Metrics {
            mae: self.abs / n,
            rmse: (self.sq / n).sqrt(),
            mape: (self.n_ape > 0).then(|| 100.0 * self.ape / self.n_ape as f64),
            smape: 100.0 * self.sape / n,
            mase: (self.n_scaled == self.n && self.n > 0).then(|| self.scaled / n),
            n: self.n,
        }
    }
}

/// In-sample MAE of the seasonal naive forecast at `period` (naive when 1): the MASE scale.
/// `None` when the training data are too short or the scale is zero.
pub fn mase_scale(train: &[f64], period: usize) -> Option<f64> {
    let m = period.max(1);
    if train.len() <= m {
        return None;
    }
    let s = (m..train.len())
        .map(|t| (train[t] - train[t - m]).abs())
        .sum::<f64>()
        / (train.len() - m) as f64;
    (s > 0.0).then_some(s)
}

/// Scores `forecast` against `actual`, scaling MASE by the seasonal naive errors of `train`
/// at `period`.
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
/// or `forecast` has a different length; [`ArimaError::NonFinite`](crate::ArimaError::NonFinite)
/// for a NaN or infinite actual or forecast value.
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
    for (index, &value) in actual.iter().chain(forecast).enumerate() {
        if !value.is_finite() {
            return Err(crate::ArimaError::NonFinite {
                index: index % actual.len(),
                value,
            });
        }
    }
    let scale = mase_scale(train, period);
    let mut acc = Accumulator::default();
    for (a, f) in actual.iter().zip(forecast) {
        acc.push(*a, *f, scale);
    }
    Ok(acc.finish())
}
