//! Rolling-origin evaluation of any [`Forecaster`].

use ecom_core::{Forecast, TimeSeries};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{ArimaError, Result};
use crate::forecaster::Forecaster;
use crate::limits::{check_forecast_request, check_horizon};
use crate::metrics::{Accumulator, Metrics, mase_scale};

/// Rolling-origin backtest: the model is refitted at `windows` forecast origins spaced `step`
/// apart, the last one `horizon` periods before the end, and each `horizon`-step forecast is
/// scored against what happened (as statsforecast's `cross_validation`).
///
/// The training data run from the start of the series (an expanding window) or, with
/// [`with_rolling`](Backtest::with_rolling), over a fixed number of the latest periods. Folds run in
/// parallel; results are the same on any number of threads.
///
/// ```
/// use ecom_core::TimeSeries;
/// use forecast_arima::{Backtest, SeasonalNaive};
/// let y = TimeSeries::new((0..40).map(|t| (t % 4) as f64 + 0.1 * t as f64).collect())?;
/// let report = Backtest::new(4).with_windows(3).run(&SeasonalNaive::new(4)?, &y)?;
/// assert_eq!(report.folds.len(), 3);
/// assert!((report.metrics.mae - 0.4).abs() < 1e-9); // off by one season of trend
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// As a stored configuration it reads `{"horizon": 7, "windows": 4}` (other fields optional)
/// and is checked as [`run`](Backtest::run) checks it before fitting.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "BacktestRepr")]
pub struct Backtest {
    horizon: usize,
    windows: usize,
    step: Option<usize>,
    train_len: Option<usize>,
    levels: [f64; 2],
    season: Option<usize>,
}

/// The serde form of [`Backtest`] before validation; absent fields take [`Backtest::new`]'s
/// values.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BacktestRepr {
    horizon: usize,
    #[serde(default)]
    windows: Option<usize>,
    #[serde(default)]
    step: Option<usize>,
    #[serde(default)]
    train_len: Option<usize>,
    #[serde(default)]
    levels: Option<[f64; 2]>,
    #[serde(default)]
    season: Option<usize>,
}

impl TryFrom<BacktestRepr> for Backtest {
    type Error = ArimaError;

    fn try_from(r: BacktestRepr) -> Result<Self> {
        let d = Backtest::new(r.horizon);
        let b = Self {
            horizon: r.horizon,
            windows: r.windows.unwrap_or(d.windows),
            step: r.step,
            train_len: r.train_len,
            levels: r.levels.unwrap_or(d.levels),
            season: r.season,
        };
        b.validate()?;
        check_forecast_request(b.horizon, &b.levels)?;
        for (name, v) in [("train_len", b.train_len), ("season", b.season)] {
            if v == Some(0) {
                return Err(ArimaError::invalid(name, "must be at least 1"));
            }
        }
        Ok(b)
    }
}

/// One forecast origin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fold {
    /// Number of observations the model was trained on (the origin).
    pub origin: usize,
    /// The forecast made at the origin.
    pub forecast: Forecast,
    /// What happened.
    pub actual: Vec<f64>,
}

/// Results of a backtest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BacktestReport {
    /// Every fold, by increasing origin.
    pub folds: Vec<Fold>,
    /// Accuracy over all folds and steps.
    pub metrics: Metrics,
    /// Accuracy per step ahead (index 0 = one step).
    pub by_horizon: Vec<Metrics>,
}

impl Backtest {
    /// A backtest of `horizon`-step forecasts at 5 origins, `horizon` apart.
    pub fn new(horizon: usize) -> Self {
        Self {
            horizon,
            windows: 5,
            step: None,
            train_len: None,
            levels: [80.0, 95.0],
            season: None,
        }
    }

    /// Number of forecast origins (default 5).
    pub fn with_windows(mut self, windows: usize) -> Self {
        self.windows = windows;
        self
    }

    /// Distance between origins (default: the horizon, so forecasts do not overlap).
    pub fn with_step(mut self, step: usize) -> Self {
        self.step = Some(step);
        self
    }

    /// Trains each fold on only the latest `len` observations instead of all data before the
    /// origin.
    pub fn with_rolling(mut self, len: usize) -> Self {
        self.train_len = Some(len);
        self
    }

    /// Seasonal period of the MASE scale (default: the series' period, else 1).
    pub fn with_season_length(mut self, period: usize) -> Self {
        self.season = Some(period);
        self
    }

    /// Runs the backtest of `model` on `series`.
    ///
    /// Everything is checked before the first fit: the horizon, the window count and the step,
    /// and that the series holds the model's minimal training length
    /// ([`Forecaster::min_train_len`]) before the first origin plus
    /// `(windows − 1)·step + horizon` periods after it.
    ///
    /// # Errors
    /// [`ArimaError::InvalidParameter`] for a zero horizon, window count or step, a rolling
    /// training window shorter than the model needs, or an invalid model specification;
    /// [`ArimaError::HorizonTooLong`] beyond [`MAX_HORIZON`](crate::MAX_HORIZON);
    /// [`ArimaError::BacktestTooShort`] when the series is too short for all of that (it says
    /// how long the series is and must be); [`ArimaError::Fold`] wrapping the first fold (by
    /// origin) that failed to fit; [`ArimaError::Overflow`] when an accuracy measure is not
    /// finite.
    pub fn run<F: Forecaster>(&self, model: &F, series: &TimeSeries) -> Result<BacktestReport> {
        let h = self.horizon;
        let step = self.validate()?;
        let min_train = model.min_train_len()?;
        if let Some(len) = self.train_len
            && len < min_train
        {
            return Err(ArimaError::invalid(
                "rolling",
                format!(
                    "a training window of {len} is shorter than the model's minimum {min_train}"
                ),
            ));
        }
        let n = series.len();
        let span = (self.windows - 1)
            .checked_mul(step)
            .and_then(|v| v.checked_add(h));
        let needed = span.and_then(|v| v.checked_add(min_train));
        let (Some(span), Some(needed)) = (span, needed) else {
            return Err(self.too_short(usize::MAX, n, min_train, step));
        };
        if n < needed {
            return Err(self.too_short(needed, n, min_train, step));
        }
        let first = n - span;
        let origins: Vec<usize> = (0..self.windows).map(|i| first + i * step).collect();
        let period = self.season.or(series.period()).unwrap_or(1);
        let values = series.values();
        let levels = self.levels;
        let outcomes: Vec<Result<(Fold, Option<f64>)>> = origins
            .par_iter()
            .map(|&origin| {
                let start = self.train_len.map_or(0, |len| origin.saturating_sub(len));
                let train = series.slice(start..origin)?;
                let forecast =
                    model
                        .fit_forecast(&train, h, &levels)
                        .map_err(|e| ArimaError::Fold {
                            origin,
                            source: Box::new(e),
                        })?;
                let scale = mase_scale(train.values(), period);
                Ok((
                    Fold {
                        origin,
                        forecast,
                        actual: values[origin..origin + h].to_vec(),
                    },
                    scale,
                ))
            })
            .collect();
        let mut folds = Vec::with_capacity(outcomes.len());
        let mut all = Accumulator::default();
        let mut per_step = vec![Accumulator::default(); h];
        for outcome in outcomes {
            let (fold, scale) = outcome?;
            // Missing actual values are not scored.
            for (k, (a, f)) in fold.actual.iter().zip(&fold.forecast.mean).enumerate() {
                if a.is_nan() {
                    continue;
                }
                all.push(*a, *f, scale);
                per_step[k].push(*a, *f, scale);
            }
            folds.push(fold);
        }
        Ok(BacktestReport {
            folds,
            metrics: all.finish()?,
            by_horizon: per_step
                .iter()
                .map(Accumulator::finish)
                .collect::<Result<_>>()?,
        })
    }

    /// Checks the horizon, window count and step; returns the step.
    fn validate(&self) -> Result<usize> {
        check_horizon(self.horizon)?;
        let step = self.step.unwrap_or(self.horizon);
        if self.windows == 0 {
            return Err(ArimaError::invalid("windows", "must be at least 1"));
        }
        if step == 0 {
            return Err(ArimaError::invalid("step", "must be at least 1"));
        }
        Ok(step)
    }

    fn too_short(&self, needed: usize, got: usize, min_train: usize, step: usize) -> ArimaError {
        ArimaError::BacktestTooShort {
            needed,
            got,
            min_train,
            windows: self.windows,
            step,
            horizon: self.horizon,
        }
    }
}
