//! Seasonal naive (and, with period 1, naive) forecasts.

use ecom_core::{Forecast, TimeSeries};
use serde::{Deserialize, Serialize};

use super::{check_values, innovation_se};
use crate::error::{ArimaError, Result};
use crate::forecaster::{FittedModel, Forecaster};
use crate::interval::{check_horizon, gaussian_forecast};

/// Forecasts each period by the value one season earlier: `ŷ_{n+h} = y_{n+h−m·k}` with k the
/// smallest whole number of seasons reaching back into the data. Period 1 is the naive
/// (random-walk) forecast.
///
/// Intervals follow the seasonal random walk: the variance after `h` steps is σ²·(⌊(h−1)/m⌋+1),
/// σ² the mean square of the in-sample seasonal differences.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeasonalNaive {
    period: usize,
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
    /// # Errors
    /// [`ArimaError::NotEnoughData`] with fewer than `period + 1` observations.
    pub fn fit(&self, series: &TimeSeries) -> Result<FittedSeasonalNaive> {
        self.fit_slice(series.values())
    }

    /// Fits to plain values.
    ///
    /// # Errors
    /// As [`fit`](Self::fit), plus [`ArimaError::Empty`] and [`ArimaError::NonFinite`].
    pub fn fit_slice(&self, y: &[f64]) -> Result<FittedSeasonalNaive> {
        let m = self.period;
        check_values(y, m + 1)?;
        let diffs: Vec<f64> = (m..y.len()).map(|t| y[t] - y[t - m]).collect();
        let sigma2 = diffs.iter().map(|e| e * e).sum::<f64>() / diffs.len() as f64;
        Ok(FittedSeasonalNaive {
            period: m,
            last_season: y[y.len() - m..].to_vec(),
            sigma2,
        })
    }
}

/// A fitted seasonal naive model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FittedSeasonalNaive {
    period: usize,
    last_season: Vec<f64>,
    sigma2: f64,
}

impl FittedSeasonalNaive {
    /// Mean square of the in-sample seasonal differences.
    pub fn sigma2(&self) -> f64 {
        self.sigma2
    }

    /// Forecasts `h` steps.
    ///
    /// # Errors
    /// Invalid horizon or level.
    pub fn forecast(&self, h: usize, levels: &[f64]) -> Result<Forecast> {
        check_horizon(h)?;
        let m = self.period;
        let mean = (0..h).map(|i| self.last_season[i % m]).collect();
        let se = innovation_se(self.sigma2, h, |j| if j % m == 0 { 1.0 } else { 0.0 });
        gaussian_forecast(mean, &se, levels)
    }
}

impl Forecaster for SeasonalNaive {
    type Fitted = FittedSeasonalNaive;

    fn fit_series(&self, series: &TimeSeries) -> Result<Self::Fitted> {
        self.fit(series)
    }
}

impl FittedModel for FittedSeasonalNaive {
    fn forecast(&self, h: usize, levels: &[f64]) -> Result<Forecast> {
        FittedSeasonalNaive::forecast(self, h, levels)
    }
}
