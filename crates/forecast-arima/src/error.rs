//! The crate's single error type.

use thiserror::Error;

/// Everything that can go wrong in this crate.
///
/// Degenerate data is an error; an optimiser that stops before converging is not (the fitted
/// model says so in [`FittedArima::converged`](crate::FittedArima::converged)).
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ArimaError {
    /// A parameter is outside its valid range.
    #[error("invalid {name}: {reason}")]
    InvalidParameter {
        /// Name of the parameter.
        name: &'static str,
        /// Why it is invalid.
        reason: String,
    },
    /// The series holds no observations.
    #[error("the series is empty")]
    Empty,
    /// A value is NaN or infinite where only finite values are allowed (infinite values are
    /// never allowed; NaN only marks a missing value in the `*_with_missing` APIs).
    #[error("value at index {index} is not finite ({value})")]
    NonFinite {
        /// 0-based position of the offending value.
        index: usize,
        /// The offending value.
        value: f64,
    },
    /// The series has missing observations and the model cannot skip them (only ARIMA's
    /// exact likelihood can: [`Arima`](crate::Arima), [`AutoArima`](crate::AutoArima)).
    #[error(
        "{model} cannot skip missing observations: {count} missing, the first {}; ARIMA fits through them (or fill them)",
        first_date.map_or_else(|| format!("at index {first_index}"), |d| format!("on {d}"))
    )]
    MissingValues {
        /// The model that refused.
        model: &'static str,
        /// How many observations are missing.
        count: usize,
        /// 0-based index of the first.
        first_index: usize,
        /// Its date, when the series is dated.
        first_date: Option<ecom_core::NaiveDate>,
    },
    /// The series is too short for the requested model.
    #[error("not enough data: the model needs at least {needed} observations, got {got}")]
    NotEnoughData {
        /// Observations (non-missing) the model needs.
        needed: usize,
        /// Observations available.
        got: usize,
    },
    /// The series (after differencing, if any) is constant in a way the model cannot
    /// reproduce: a stationary model without a mean on a constant non-zero series, or a
    /// differenced series that is a non-zero constant and the model has no drift. Constant
    /// series a model does reproduce (any with a mean or differencing, and every
    /// [`AutoArima`](crate::AutoArima) and baseline fit) are fitted exactly, with a
    /// [`FitNote`](crate::FitNote) instead of this error.
    #[error("the series is constant{after}")]
    ConstantSeries {
        /// Empty, or " after differencing".
        after: &'static str,
    },
    /// The likelihood could not be evaluated at any admissible parameter value.
    #[error("numerical failure: {reason}")]
    Numerical {
        /// What failed.
        reason: String,
    },
    /// Automatic order selection found no model with a finite information criterion.
    #[error("no suitable ARIMA model found")]
    NoSuitableModel,
    /// A backtest fold failed.
    #[error("backtest fold with origin {origin} failed: {source}")]
    Fold {
        /// Number of observations the failing fold trained on.
        origin: usize,
        /// The error of that fold.
        #[source]
        source: Box<ArimaError>,
    },
    /// A forecast horizon beyond [`MAX_HORIZON`](crate::MAX_HORIZON).
    #[error("horizon {horizon} is longer than the limit of {max} periods")]
    HorizonTooLong {
        /// The horizon asked for.
        horizon: usize,
        /// The limit.
        max: usize,
    },
    /// The series is too short for the backtest asked for: the first origin needs
    /// `min_train` observations before it, then come `windows` origins `step` apart, the last
    /// followed by `horizon` observations to score.
    #[error(
        "the backtest needs at least {needed} observations ({min_train} to train on, then \
         {windows} forecast origins {step} apart and {horizon} periods after the last), the \
         series has {got}"
    )]
    BacktestTooShort {
        /// Observations needed: `min_train + (windows − 1)·step + horizon`.
        needed: usize,
        /// Observations in the series.
        got: usize,
        /// Fewest observations the model fits on.
        min_train: usize,
        /// Forecast origins.
        windows: usize,
        /// Distance between origins.
        step: usize,
        /// Forecast horizon.
        horizon: usize,
    },
    /// A result is too large to be represented as a finite number (say, the variance of a
    /// long-horizon forecast of an integrated model on values near
    /// [`ecom_core::MAX_ABS_VALUE`]).
    #[error("{what} is too large to represent (not finite)")]
    Overflow {
        /// Which result.
        what: &'static str,
    },
    /// A saved model read back through serde (`Deserialize`) is inconsistent: a tampered,
    /// truncated or hand-edited file. Reported when it is read, never as a later panic.
    #[error("invalid saved model: {field}: {reason}")]
    InvalidModel {
        /// The field at fault, as a path into the saved form (e.g. `coefficients.ar[1]`).
        field: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A regressor matrix is malformed: no columns or more than
    /// [`MAX_REGRESSORS`](crate::MAX_REGRESSORS), empty or repeated names, columns of
    /// different lengths, a value that is not finite, rows that do not match the series, or
    /// future values whose columns are not the model's.
    #[error("invalid regressors: {reason}")]
    InvalidRegressors {
        /// What is wrong, naming the column (and row) at fault.
        reason: String,
    },
    /// A regressor cannot be estimated in this model: after the model's differencing (and
    /// where the series is observed) it is zero, or a linear combination of the constant or
    /// drift and the regressors before it. Drop the column, or the constant/drift.
    #[error("regressor `{column}` cannot be estimated: {reason}")]
    CollinearRegressor {
        /// The first column (in order: constant or drift first, then the regressors) that is
        /// not identified.
        column: String,
        /// Why.
        reason: String,
    },
    /// The model was fitted with regressors, so every forecast step needs their future
    /// values: [`FittedArima::forecast_with`](crate::FittedArima::forecast_with) (and
    /// `predict_with`, `predict_total_with`) with at least `needed` rows. Plain `forecast`,
    /// `predict` and `predict_total` on such a model report `got = 0`.
    #[error(
        "the model has regressors: forecasting {needed} steps needs their future values for \
         every step ({needed} rows), got {got} ({missing} missing)",
        missing = .needed.saturating_sub(*.got)
    )]
    FutureRegressorsNeeded {
        /// Rows needed: the horizon.
        needed: usize,
        /// Rows given.
        got: usize,
    },
    /// No candidate of a [`BacktestSelector`](crate::BacktestSelector) could be scored by its
    /// backtest and fitted to the data (for instance, the series is too short for every
    /// candidate's backtest).
    #[error("no candidate model could be chosen: {}", failures.join("; "))]
    AllCandidatesFailed {
        /// Each candidate's name and why it failed, in candidate order.
        failures: Vec<String>,
    },
    /// Invalid input data, as reported by `ecom-core`.
    #[error(transparent)]
    Core(#[from] ecom_core::CoreError),
}

impl ArimaError {
    pub(crate) fn invalid(name: &'static str, reason: impl Into<String>) -> Self {
        ArimaError::InvalidParameter {
            name,
            reason: reason.into(),
        }
    }
}

/// Result alias with [`ArimaError`].
pub type Result<T, E = ArimaError> = std::result::Result<T, E>;

/// [`ArimaError::NonFinite`] for the first NaN or infinite value, a
/// [`CoreError::TooLarge`](ecom_core::CoreError::TooLarge) for the first beyond
/// [`ecom_core::MAX_ABS_VALUE`].
pub(crate) fn check_finite(y: &[f64]) -> Result<()> {
    crate::limits::check_data(y, false)
}

/// [`ArimaError::MissingValues`] when `series` has a missing observation, for models that
/// cannot skip one.
pub(crate) fn refuse_missing(series: &ecom_core::TimeSeries, model: &'static str) -> Result<()> {
    match series.first_missing() {
        None => Ok(()),
        Some(first_index) => Err(ArimaError::MissingValues {
            model,
            count: series.missing_count(),
            first_index,
            first_date: series.date_at(first_index),
        }),
    }
}
