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
    /// The series is too short for the requested model.
    #[error("not enough data: the model needs at least {needed} observations, got {got}")]
    NotEnoughData {
        /// Observations (non-missing) the model needs.
        needed: usize,
        /// Observations available.
        got: usize,
    },
    /// Every observation (after differencing, if any) has the same value, so there is nothing
    /// to estimate.
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

/// [`ArimaError::NonFinite`] for the first NaN or infinite value.
pub(crate) fn check_finite(y: &[f64]) -> Result<()> {
    match y.iter().position(|v| !v.is_finite()) {
        Some(index) => Err(ArimaError::NonFinite {
            index,
            value: y[index],
        }),
        None => Ok(()),
    }
}
