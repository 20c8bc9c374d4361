//! The result every forecasting model returns: point forecasts with prediction intervals.

use serde::{Deserialize, Serialize};

/// A two-sided prediction interval at one confidence level, over the whole horizon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForecastInterval {
    /// Confidence level in percent, e.g. `95.0`.
    pub level: f64,
    /// Lower bound per step.
    pub lower: Vec<f64>,
    /// Upper bound per step.
    pub upper: Vec<f64>,
}

/// Point forecasts for steps `1..=h` ahead and, optionally, intervals at several levels.
///
/// Shared by every model so that pipelines, backtests and the command line treat ARIMA,
/// exponential smoothing and naive baselines alike.
///
/// ```
/// use ecom_core::{Forecast, ForecastInterval};
/// let f = Forecast {
///     mean: vec![10.0, 11.0],
///     intervals: vec![ForecastInterval { level: 95.0, lower: vec![8.0, 8.5], upper: vec![12.0, 13.5] }],
/// };
/// assert_eq!(f.horizon(), 2);
/// assert_eq!(f.interval(95.0).unwrap().upper[1], 13.5);
/// assert!(f.interval(80.0).is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Forecast {
    /// Point forecast (the conditional mean) per step ahead.
    pub mean: Vec<f64>,
    /// Prediction intervals, one per requested level, in the order requested.
    pub intervals: Vec<ForecastInterval>,
}

impl Forecast {
    /// Number of steps forecast.
    pub fn horizon(&self) -> usize {
        self.mean.len()
    }

    /// The interval at `level` percent, if it was computed.
    pub fn interval(&self, level: f64) -> Option<&ForecastInterval> {
        self.intervals
            .iter()
            .find(|iv| (iv.level - level).abs() < 1e-9)
    }
}
