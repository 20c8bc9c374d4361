//! The result every forecasting model returns: point forecasts with prediction intervals.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::series::Frequency;

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
/// use ecom_core::{Forecast, ForecastInterval, Frequency, NaiveDate};
/// let f = Forecast {
///     mean: vec![10.0, -1.0],
///     intervals: vec![ForecastInterval { level: 95.0, lower: vec![8.0, -3.5], upper: vec![12.0, 13.5] }],
///     ..Forecast::default()
/// }
/// .with_start(NaiveDate::from_ymd_opt(2024, 1, 31).unwrap(), Frequency::Monthly);
/// assert_eq!(f.horizon(), 2);
/// assert_eq!(f.interval(95.0).unwrap().upper[1], 13.5);
/// assert!(f.interval(80.0).is_none());
/// assert_eq!(f.date(1), NaiveDate::from_ymd_opt(2024, 2, 29));
/// // Sales cannot be negative: clip the mean and the bounds.
/// let f = f.clip_min(0.0);
/// assert_eq!((f.mean[1], f.intervals[0].lower[1]), (0.0, 0.0));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Forecast {
    /// Point forecast (the conditional mean) per step ahead.
    pub mean: Vec<f64>,
    /// Prediction intervals, one per requested level, in the order requested.
    pub intervals: Vec<ForecastInterval>,
    /// Date of the first step, when the history had dates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<NaiveDate>,
    /// Spacing of the steps, when the history had dates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frequency: Option<Frequency>,
}

impl Forecast {
    /// Sets the date of the first step and the spacing of the steps.
    pub fn with_start(mut self, start: NaiveDate, frequency: Frequency) -> Self {
        self.start = Some(start);
        self.frequency = Some(frequency);
        self
    }

    /// The date of step `i` (0-based: `date(0)` is the first forecast period); `None` without
    /// dates or past the calendar's end.
    pub fn date(&self, i: usize) -> Option<NaiveDate> {
        let steps = u32::try_from(i).ok()?;
        self.frequency?.advance(self.start?, steps)
    }

    /// Every value (mean and interval bounds) raised to at least `floor`: count demand is never
    /// negative, while a Gaussian interval can be.
    pub fn clip_min(mut self, floor: f64) -> Self {
        let clip = |v: &mut Vec<f64>| v.iter_mut().for_each(|x| *x = x.max(floor));
        clip(&mut self.mean);
        for iv in &mut self.intervals {
            clip(&mut iv.lower);
            clip(&mut iv.upper);
        }
        self
    }

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
