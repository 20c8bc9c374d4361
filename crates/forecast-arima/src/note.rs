//! Notes on a fit: what a caller should know that is not an error.

use serde::{Deserialize, Serialize};

/// Something about a fit that is not an error but changes how to read it. Every fitted model
/// has `notes()` (also through [`FittedModel::notes`](crate::FittedModel::notes)); most fits
/// have none.
///
/// ```
/// use forecast_arima::{AutoArima, FitNote, Order};
/// // A SKU that sold exactly 4 units every day: R's auto.arima and statsmodels give a flat
/// // forecast with σ² = 0, and so does this crate, with a note instead of an error.
/// let fit = AutoArima::default().fit_slice(&[4.0; 30])?;
/// assert_eq!(fit.order(), Order::new(0, 0, 0));
/// assert_eq!(fit.notes(), &[FitNote::ConstantSeries { value: 4.0 }]);
/// let f = fit.forecast(3, &[95.0])?;
/// assert_eq!(f.mean, vec![4.0; 3]);
/// assert_eq!(f.intervals[0].lower, f.intervals[0].upper);
/// # Ok::<(), forecast_arima::ArimaError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum FitNote {
    /// Every observation has the same value. Nothing was estimated (ARMA coefficients 0):
    /// forecasts continue the value, σ² = 0 and prediction intervals have zero width, as in R
    /// (`auto.arima` returns ARIMA(0,0,0) with mean and σ² = 0) and statsmodels. For an ARIMA
    /// the log-likelihood is unbounded: [`FittedArima::loglik`](crate::FittedArima::loglik)
    /// returns `f64::MAX` and the information criteria are `None`.
    ConstantSeries {
        /// The value.
        value: f64,
    },
    /// The series is not constant, but after differencing it is exactly (to rounding, 1e-12 of
    /// the data's magnitude) zero or its constant/drift term: a straight line with `d = 1` and
    /// drift, a repeating season with `D = 1`. The model reproduces the data without error;
    /// as for [`ConstantSeries`](FitNote::ConstantSeries), σ² = 0, intervals have zero width,
    /// the log-likelihood is `f64::MAX` and the information criteria are `None`.
    ExactFit,
    /// Exact maximum likelihood failed from its usual start (the likelihood could not be
    /// evaluated there or at the optimum reached), so the estimates come from a fallback start.
    MlRestarted {
        /// The start that worked.
        start: MlStart,
    },
    /// The series' seasonal period was not modelled by an automatic ETS fit: the series is
    /// not longer than one period (statsforecast's rule), or the period is beyond
    /// [`MAX_ETS_PERIOD`](crate::MAX_ETS_PERIOD) (52; R's `ets` stops at 24). Only
    /// non-seasonal models were considered.
    SeasonIgnored {
        /// The period that was ignored.
        period: usize,
    },
}

/// Fallback starts of exact maximum likelihood, in the order they are tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum MlStart {
    /// The CSS estimates again, with BFGS started from the identity instead of the
    /// Gauss–Newton Hessian of the CSS fit (a different search path).
    CssIdentityHessian,
    /// The start of [`Method::Ml`](crate::Method::Ml): zero, and the Hannan–Rissanen
    /// estimates for a mixed model.
    Default,
    /// The usual start's coefficients halved (damped towards white noise).
    Damped,
}

impl std::fmt::Display for FitNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FitNote::ConstantSeries { value } => write!(
                f,
                "the series is constant ({value}): flat forecast with zero-width intervals"
            ),
            FitNote::ExactFit => write!(
                f,
                "the differenced series is exactly its deterministic part: the model reproduces \
                 the data, intervals have zero width"
            ),
            FitNote::MlRestarted { start } => {
                let from = match start {
                    MlStart::CssIdentityHessian => "the CSS estimates with an identity Hessian",
                    MlStart::Default => "zero (plain ML)",
                    MlStart::Damped => "damped starting values",
                };
                write!(
                    f,
                    "exact maximum likelihood failed from its usual start; restarted from {from}"
                )
            }
            FitNote::SeasonIgnored { period } => write!(
                f,
                "the seasonal period {period} was not modelled (series too short or period too \
                 long for ETS); only non-seasonal models were considered"
            ),
        }
    }
}
