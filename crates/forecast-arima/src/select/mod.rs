//! Model choice per series by rolling-origin backtest.

mod candidates;
mod score;
mod total;

pub(crate) use total::Total;

pub use candidates::{AnyFittedModel, ModelSpec};
pub use score::{CandidateScore, Criterion, Outcome, Score};

use ecom_core::{Forecast, TimeSeries};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::backtest::{Backtest, BacktestReport};
use crate::error::{ArimaError, Result};
use crate::forecaster::{FittedModel, Forecaster};
use crate::limits::{MAX_HORIZON, check_horizon};
use crate::metrics::mase_scale;
use crate::note::FitNote;
use crate::saved::{self as check};
use crate::{AutoArima, AutoEts, Holt, MovingAverage, SeasonalNaive, SimpleExpSmoothing, Theta};

use score::ranks_before;

/// Forecast horizon of each backtest fold by default: two weeks of daily data.
const DEFAULT_HORIZON: usize = 14;
/// Forecast origins by default.
const DEFAULT_WINDOWS: usize = 4;
/// Distance between origins by default: a week of daily data.
const DEFAULT_STEP: usize = 7;

/// Picks, per series, the candidate forecaster with the lowest rolling-origin backtest error
/// on that series, and fits it to all the data.
///
/// Each candidate ([`ModelSpec`]) is backtested on the series it is fitted to — the training
/// data only — at `windows` forecast origins `step` apart, the last `horizon` periods before
/// the end ([`Backtest`], expanding training window), and scored by the mean over the folds
/// of the MASE, each fold's MAE scaled by the in-sample MAE of the seasonal naive forecast on
/// its training data ([`Criterion`]; the MAE only where that scale is zero). The lowest mean
/// wins; ties go to the candidate listed first. A candidate that fails on any fold is out; the
/// winner is refitted on all the data (if that fails, the next in the ranking is taken); if
/// every candidate fails, [`ArimaError::AllCandidatesFailed`] lists why. The result, a
/// [`SelectedModel`], forecasts with the winner and keeps the score table.
///
/// **Defaults** (for daily retail data): the [standard candidates](Self::standard_candidates)
/// for the series' period (for daily data: seasonal naive, a 7-day moving average, SES, Holt
/// and Theta), folds of 14 periods at 4 origins 7 apart (the last 35 periods are forecast,
/// every weekday 8 times). **Cost**: candidates × windows fits for the backtest plus one
/// refit, 21 fits with the defaults; on the shop's 40 SKUs (about a year of daily data each)
/// selecting and forecasting all of them takes 0.3 s of CPU time. An [`AutoArima`](crate::AutoArima) candidate
/// (`with_candidates`) costs ten times that: its 5 fits per series took 2.7 of the 3.0
/// CPU-seconds, for no better holdout accuracy on the shop's data
/// (`examples/select_retail.rs`).
///
/// ```
/// use ecom_core::TimeSeries;
/// use forecast_arima::{BacktestSelector, FittedModel, ModelSpec, MovingAverage, SeasonalNaive};
/// // A weekly pattern with a little noise: seasonal naive beats a flat moving average.
/// let y: Vec<f64> = (0..120)
///     .map(|t| [5.0, 9.0, 12.0, 11.0, 8.0, 0.0, 3.0][t % 7] + 0.3 * ((t * 37 % 11) as f64 - 5.0))
///     .collect();
/// let series = TimeSeries::new(y)?.with_period(7)?;
/// let candidates: Vec<ModelSpec> = vec![MovingAverage::new(7)?.into(), SeasonalNaive::new(7)?.into()];
/// let fit = BacktestSelector::default().with_candidates(candidates).fit(&series)?;
/// assert_eq!(fit.chosen().to_string(), "seasonal naive[7]");
/// assert!(fit.score().mean < fit.scores()[0].outcome.score().unwrap().mean);
/// assert_eq!(fit.forecast(7, &[80.0])?.mean.len(), 7);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// As a stored configuration it reads `{"candidates": [{"ses": {}}, {"theta": {}}],
/// "horizon": 7, "windows": 6, "step": 7, "period": 7}`, every field optional, checked as
/// `fit` checks it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "SelectorRepr")]
pub struct BacktestSelector {
    #[serde(skip_serializing_if = "Option::is_none")]
    candidates: Option<Vec<ModelSpec>>,
    horizon: usize,
    windows: usize,
    step: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    period: Option<usize>,
}

/// The serde form of [`BacktestSelector`] before validation.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SelectorRepr {
    #[serde(default)]
    candidates: Option<Vec<ModelSpec>>,
    #[serde(default)]
    horizon: Option<usize>,
    #[serde(default)]
    windows: Option<usize>,
    #[serde(default)]
    step: Option<usize>,
    #[serde(default)]
    period: Option<usize>,
}

impl TryFrom<SelectorRepr> for BacktestSelector {
    type Error = ArimaError;

    fn try_from(r: SelectorRepr) -> Result<Self> {
        let d = Self::default();
        let s = Self {
            candidates: r.candidates,
            horizon: r.horizon.unwrap_or(d.horizon),
            windows: r.windows.unwrap_or(d.windows),
            step: r.step.unwrap_or(d.step),
            period: r.period,
        };
        s.validate()?;
        Ok(s)
    }
}

impl Default for BacktestSelector {
    fn default() -> Self {
        Self {
            candidates: None,
            horizon: DEFAULT_HORIZON,
            windows: DEFAULT_WINDOWS,
            step: DEFAULT_STEP,
            period: None,
        }
    }
}

impl BacktestSelector {
    /// The default candidates for seasonal period `period` (1: not seasonal), simplest first
    /// so that exact ties go to the simpler model: for `period > 1` seasonal naive and a
    /// `period`-long moving average, for `period = 1` naive; SES (estimated initial level);
    /// Holt; Theta at that period.
    ///
    /// AutoARIMA is left out for its cost: on the shop's 40 SKUs it took 90% of the selection's
    /// time, and over four 28-day holdouts the median MASE of the selection was 0.848 with it,
    /// 0.849 without. Add `AutoArima::default().with_period(period).into()` to the list for
    /// [`with_candidates`](Self::with_candidates) to have it.
    ///
    /// Plain naive is left out of seasonal lists: it carries one day's value over the whole
    /// cycle (a closed day's zero, on the shop's data), and winning a short backtest by luck it
    /// was the worst choice on the shop's holdout (`examples/select_retail.rs`).
    pub fn standard_candidates(period: usize) -> Vec<ModelSpec> {
        let m = period.max(1);
        let mut out: Vec<ModelSpec> = Vec::with_capacity(5);
        if m > 1 {
            out.push(SeasonalNaive::new(m).expect("period checked above").into());
            out.push(MovingAverage::new(m).expect("period checked above").into());
        } else {
            out.push(SeasonalNaive::naive().into());
        }
        out.push(SimpleExpSmoothing::default().into());
        out.push(Holt::default().into());
        out.push(Theta::default().with_period(m).into());
        out
    }

    /// The [standard candidates](Self::standard_candidates) plus automatic ETS and
    /// automatic ARIMA, all at `period`: what `ecom forecast --select backtest` chooses among.
    pub fn standard_with_auto(period: usize) -> Self {
        let mut c = Self::standard_candidates(period);
        c.push(ModelSpec::from(AutoEts::default().with_period(period)));
        c.push(ModelSpec::from(AutoArima::default().with_period(period)));
        Self::default().with_period(period).with_candidates(c)
    }

    /// The candidates to choose from, in order of preference for ties (default: the
    /// [standard candidates](Self::standard_candidates) for the series' period). Checked in
    /// `fit`: the list must not be empty.
    pub fn with_candidates(mut self, candidates: Vec<ModelSpec>) -> Self {
        self.candidates = Some(candidates);
        self
    }

    /// Forecast horizon of each backtest fold (default 14).
    pub fn with_horizon(mut self, horizon: usize) -> Self {
        self.horizon = horizon;
        self
    }

    /// Number of forecast origins (default 4).
    pub fn with_windows(mut self, windows: usize) -> Self {
        self.windows = windows;
        self
    }

    /// Distance between origins (default 7).
    pub fn with_step(mut self, step: usize) -> Self {
        self.step = step;
        self
    }

    /// Seasonal period of the standard candidates and of the MASE scale (default: the
    /// series' period, else 1).
    pub fn with_period(mut self, period: usize) -> Self {
        self.period = Some(period);
        self
    }

    /// The candidates, when given (`None`: the standard ones for the series' period).
    pub fn candidates(&self) -> Option<&[ModelSpec]> {
        self.candidates.as_deref()
    }

    /// Forecast horizon of each fold.
    pub fn horizon(&self) -> usize {
        self.horizon
    }

    /// Number of forecast origins.
    pub fn windows(&self) -> usize {
        self.windows
    }

    /// Distance between origins.
    pub fn step(&self) -> usize {
        self.step
    }

    /// The seasonal period, when fixed.
    pub fn period(&self) -> Option<usize> {
        self.period
    }

    /// Checks the settings; returns the periods the folds span after the first origin,
    /// `(windows − 1)·step + horizon`.
    fn validate(&self) -> Result<usize> {
        if self.candidates.as_ref().is_some_and(Vec::is_empty) {
            return Err(ArimaError::invalid(
                "candidates",
                "the list is empty: give at least one model",
            ));
        }
        check_horizon(self.horizon)?;
        if self.windows == 0 {
            return Err(ArimaError::invalid("windows", "must be at least 1"));
        }
        if self.step == 0 {
            return Err(ArimaError::invalid("step", "must be at least 1"));
        }
        if self.period == Some(0) {
            return Err(ArimaError::invalid("period", "must be at least 1"));
        }
        span(self.horizon, self.windows, self.step).ok_or_else(|| {
            ArimaError::invalid(
                "windows",
                format!(
                    "{} origins {} apart do not fit in a series of any length",
                    self.windows, self.step
                ),
            )
        })
    }

    /// Scores every candidate on `series`, picks the best and fits it to all of `series`; the
    /// period comes from the specification, else the series. The winner's forecasts carry the
    /// series' dates.
    ///
    /// # Errors
    /// [`ArimaError::InvalidParameter`] for an empty candidate list, a horizon, window count,
    /// step or period of 0 (checked before any fit), [`ArimaError::HorizonTooLong`] beyond
    /// [`MAX_HORIZON`](crate::MAX_HORIZON); [`ArimaError::AllCandidatesFailed`] when no
    /// candidate could be scored and refitted (including a series too short for every
    /// candidate's backtest).
    pub fn fit(&self, series: &TimeSeries) -> Result<SelectedModel> {
        crate::error::refuse_missing(series, "the backtest selector")?;
        let span = self.validate()?;
        let period = self.period.or(series.period()).unwrap_or(1);
        let candidates = self
            .candidates
            .clone()
            .unwrap_or_else(|| Self::standard_candidates(period));
        let values = series.values();
        let n = values.len();
        // The MASE scale of each origin (as the backtest places them) is the same for every
        // candidate; where one is zero, nothing but the MAE can rank the candidates.
        let scales: Option<Vec<f64>> = (n > span)
            .then(|| {
                (0..self.windows)
                    .map(|i| mase_scale(&values[..n - span + i * self.step], period))
                    .collect()
            })
            .flatten();
        let criterion = if scales.is_some() {
            Criterion::Mase
        } else {
            Criterion::Mae
        };
        let backtest = self.backtest(period);
        let mut outcomes: Vec<Outcome> = candidates
            .par_iter()
            .map(|c| match backtest.run(c, series) {
                Ok(report) => score_report(&report, scales.as_deref()),
                Err(e) => Outcome::Failed {
                    reason: e.to_string(),
                },
            })
            .collect();
        let mut ranked: Vec<(f64, usize)> = outcomes
            .iter()
            .enumerate()
            .filter_map(|(i, o)| o.score().map(|s| (s.mean, i)))
            .collect();
        ranked.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        for (_, i) in ranked {
            match candidates[i].fit_series(series) {
                Ok(model) => {
                    let scores = candidates
                        .into_iter()
                        .zip(outcomes)
                        .map(|(model, outcome)| CandidateScore { model, outcome })
                        .collect();
                    return Ok(SelectedModel {
                        model,
                        chosen: i,
                        criterion,
                        horizon: self.horizon,
                        windows: self.windows,
                        step: self.step,
                        period,
                        scores,
                    });
                }
                Err(e) => {
                    let Outcome::Scored(score) = outcomes[i].clone() else {
                        unreachable!("only scored candidates are ranked")
                    };
                    outcomes[i] = Outcome::RefitFailed {
                        score,
                        reason: e.to_string(),
                    };
                }
            }
        }
        Err(ArimaError::AllCandidatesFailed {
            failures: candidates
                .iter()
                .zip(&outcomes)
                .map(|(c, o)| match o {
                    Outcome::Failed { reason } | Outcome::RefitFailed { reason, .. } => {
                        format!("{c}: {reason}")
                    }
                    Outcome::Scored(_) => format!("{c}: scored"),
                })
                .collect(),
        })
    }

    /// As [`fit`](Self::fit) on plain values (period from the specification, else 1).
    ///
    /// # Errors
    /// As [`fit`](Self::fit), plus [`ArimaError::Empty`] and
    /// [`ArimaError::Core`] for NaN, infinite or too large values (the checks of
    /// [`TimeSeries`]).
    pub fn fit_slice(&self, y: &[f64]) -> Result<SelectedModel> {
        self.validate()?;
        if y.is_empty() {
            return Err(ArimaError::Empty);
        }
        let series = TimeSeries::new(y.to_vec())?;
        let series = match self.period {
            Some(p) => series.with_period(p)?,
            None => series,
        };
        self.fit(&series)
    }

    fn backtest(&self, period: usize) -> Backtest {
        Backtest::new(self.horizon)
            .with_windows(self.windows)
            .with_step(self.step)
            .with_season_length(period)
    }
}

/// `(windows − 1)·step + horizon`, if representable.
fn span(horizon: usize, windows: usize, step: usize) -> Option<usize> {
    windows
        .checked_sub(1)?
        .checked_mul(step)?
        .checked_add(horizon)
}

/// A candidate's score from its backtest: per fold the MAE, scaled when `scales` are given.
fn score_report(report: &BacktestReport, scales: Option<&[f64]>) -> Outcome {
    let mut folds = Vec::with_capacity(report.folds.len());
    let mut mae_sum = 0.0;
    for (i, fold) in report.folds.iter().enumerate() {
        let h = fold.actual.len() as f64;
        let mae = fold
            .actual
            .iter()
            .zip(&fold.forecast.mean)
            .map(|(a, f)| (a - f).abs())
            .sum::<f64>()
            / h;
        mae_sum += mae;
        folds.push(match scales {
            Some(s) => mae / s[i],
            None => mae,
        });
    }
    let w = folds.len() as f64;
    let mean = folds.iter().sum::<f64>() / w;
    let mae = mae_sum / w;
    if !(mean.is_finite() && mae.is_finite()) {
        return Outcome::Failed {
            reason: "the backtest error is too large to represent (not finite)".into(),
        };
    }
    Outcome::Scored(Score { mean, folds, mae })
}

impl Forecaster for BacktestSelector {
    type Fitted = SelectedModel;

    fn fit_series(&self, series: &TimeSeries) -> Result<Self::Fitted> {
        self.fit(series)
    }

    /// The shortest series some candidate can be backtested on: its minimum training length
    /// plus the span of the folds.
    fn min_train_len(&self) -> Result<usize> {
        let span = self.validate()?;
        let candidates = self
            .candidates
            .clone()
            .unwrap_or_else(|| Self::standard_candidates(self.period.unwrap_or(1)));
        let mut first_error = None;
        let mut best: Option<usize> = None;
        for c in &candidates {
            match c.min_train_len() {
                Ok(m) => {
                    let need = m.saturating_add(span);
                    best = Some(best.map_or(need, |b| b.min(need)));
                }
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        match (best, first_error) {
            (Some(b), _) => Ok(b),
            (None, Some(e)) => Err(e),
            (None, None) => unreachable!("validate refuses an empty list"),
        }
    }
}

/// The model a [`BacktestSelector`] chose for a series, fitted to all of it, with the score
/// table that chose it.
///
/// Forecasts, notes and [`predict_total`](Self::predict_total) are the winner's. Serialises
/// completely (the winner's fitted model, the table and the backtest settings) and is checked
/// when read back: the winner's model as its own type checks it, every score finite and one per
/// fold, the winner scored, of the kind its table entry names and ranked first among the
/// candidates that could be refitted. Forecasts after a round trip are bit-for-bit those of the
/// original.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(into = "SelectedRepr", try_from = "SelectedRepr")]
pub struct SelectedModel {
    model: AnyFittedModel,
    chosen: usize,
    criterion: Criterion,
    horizon: usize,
    windows: usize,
    step: usize,
    period: usize,
    scores: Vec<CandidateScore>,
}

/// The serde form of [`SelectedModel`].
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SelectedRepr {
    model: AnyFittedModel,
    chosen: usize,
    criterion: Criterion,
    horizon: usize,
    windows: usize,
    step: usize,
    period: usize,
    scores: Vec<CandidateScore>,
}

impl From<SelectedModel> for SelectedRepr {
    fn from(s: SelectedModel) -> Self {
        Self {
            model: s.model,
            chosen: s.chosen,
            criterion: s.criterion,
            horizon: s.horizon,
            windows: s.windows,
            step: s.step,
            period: s.period,
            scores: s.scores,
        }
    }
}

impl TryFrom<SelectedRepr> for SelectedModel {
    type Error = ArimaError;

    fn try_from(r: SelectedRepr) -> Result<Self> {
        if r.horizon == 0 || r.horizon > MAX_HORIZON {
            return Err(check::bad(
                "horizon",
                format!("must be in 1..={MAX_HORIZON}, got {}", r.horizon),
            ));
        }
        for (field, v) in [
            ("windows", r.windows),
            ("step", r.step),
            ("period", r.period),
        ] {
            if v == 0 {
                return Err(check::bad(field, "must be at least 1"));
            }
        }
        if r.chosen >= r.scores.len() {
            return Err(check::bad(
                "chosen",
                format!(
                    "is {}, the table has {} candidates",
                    r.chosen,
                    r.scores.len()
                ),
            ));
        }
        for (i, c) in r.scores.iter().enumerate() {
            if let Some(s) = c.outcome.score() {
                check_score(&format!("scores[{i}].outcome"), s, r.windows)?;
            }
        }
        let winner = &r.scores[r.chosen];
        let Outcome::Scored(best) = &winner.outcome else {
            return Err(check::bad(
                format!("scores[{}].outcome", r.chosen),
                "the chosen candidate must have been scored and refitted",
            ));
        };
        if winner.model.kind() != r.model.kind() {
            return Err(check::bad(
                "model",
                format!(
                    "is a {} model, the chosen candidate is {}",
                    r.model.kind(),
                    winner.model.kind()
                ),
            ));
        }
        for (i, c) in r.scores.iter().enumerate() {
            let ahead = |s: &Score| ranks_before(s.mean, i, best.mean, r.chosen);
            let wrong = match &c.outcome {
                Outcome::Scored(s) => i != r.chosen && ahead(s),
                Outcome::RefitFailed { score, .. } => !ahead(score),
                Outcome::Failed { .. } => false,
            };
            if wrong {
                return Err(check::bad(
                    format!("scores[{i}].outcome"),
                    format!(
                        "is not consistent with candidate {} winning (lower scores win, then \
                         earlier candidates; only candidates whose refit failed may rank ahead)",
                        r.chosen
                    ),
                ));
            }
        }
        Ok(Self {
            model: r.model,
            chosen: r.chosen,
            criterion: r.criterion,
            horizon: r.horizon,
            windows: r.windows,
            step: r.step,
            period: r.period,
            scores: r.scores,
        })
    }
}

/// A stored score: finite and non-negative, one value per fold, the mean their mean.
fn check_score(field: &str, s: &Score, windows: usize) -> Result<()> {
    check::non_negative(&format!("{field}.mean"), s.mean)?;
    check::non_negative(&format!("{field}.mae"), s.mae)?;
    check::length(
        &format!("{field}.folds"),
        s.folds.len(),
        windows,
        "the window count",
    )?;
    for (k, v) in s.folds.iter().enumerate() {
        check::non_negative(&format!("{field}.folds[{k}]"), *v)?;
    }
    let mean = s.folds.iter().sum::<f64>() / windows as f64;
    check::consistent(&format!("{field}.mean"), s.mean, mean, "the folds' mean")
}

impl SelectedModel {
    /// The winner, fitted to all the data.
    pub fn model(&self) -> &AnyFittedModel {
        &self.model
    }

    /// The winner, fitted to all the data, by value.
    pub fn into_model(self) -> AnyFittedModel {
        self.model
    }

    /// The winning candidate's specification.
    pub fn chosen(&self) -> &ModelSpec {
        &self.scores[self.chosen].model
    }

    /// Position of the winner in the candidate list (and in [`scores`](Self::scores)).
    pub fn chosen_index(&self) -> usize {
        self.chosen
    }

    /// The winner's backtest result.
    pub fn score(&self) -> &Score {
        self.scores[self.chosen]
            .outcome
            .score()
            .expect("the winner was scored (checked when built and when read)")
    }

    /// Every candidate's outcome, in candidate order.
    pub fn scores(&self) -> &[CandidateScore] {
        &self.scores
    }

    /// What the candidates were ranked by.
    pub fn criterion(&self) -> Criterion {
        self.criterion
    }

    /// The backtest the candidates were scored by (to rerun one candidate, say).
    pub fn backtest(&self) -> Backtest {
        Backtest::new(self.horizon)
            .with_windows(self.windows)
            .with_step(self.step)
            .with_season_length(self.period)
    }

    /// The winner's notes ([`FitNote`]).
    pub fn notes(&self) -> &[FitNote] {
        self.model.notes()
    }

    /// The winner's forecast of `h` steps with intervals at `levels` (percent; a fraction such
    /// as 0.95 is refused), dated when fitted to a dated series.
    ///
    /// # Errors
    /// As the winner's `forecast`.
    pub fn forecast(&self, h: usize, levels: &[f64]) -> Result<Forecast> {
        self.model.forecast(h, levels)
    }

    /// Mean and standard error of the total of the next `h` values, from the winner (see
    /// [`AnyFittedModel::predict_total`]).
    ///
    /// # Errors
    /// As [`AnyFittedModel::predict_total`].
    pub fn predict_total(&self, h: usize) -> Result<(f64, f64)> {
        self.model.predict_total(h)
    }
}

impl FittedModel for SelectedModel {
    fn forecast(&self, h: usize, levels: &[f64]) -> Result<Forecast> {
        SelectedModel::forecast(self, h, levels)
    }

    fn notes(&self) -> &[FitNote] {
        SelectedModel::notes(self)
    }

    fn predict_sum(&self, n: usize) -> Result<(f64, f64)> {
        self.predict_total(n)
    }
}

impl std::fmt::Display for SelectedModel {
    /// The winner's name and score, e.g. `Theta (backtest MASE 0.712)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = match self.criterion {
            Criterion::Mase => "MASE",
            Criterion::Mae => "MAE",
        };
        write!(
            f,
            "{} (backtest {what} {:.3})",
            self.model,
            self.score().mean
        )
    }
}
