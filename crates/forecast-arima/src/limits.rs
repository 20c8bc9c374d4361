//! Limits on user-given sizes and values, each checked in one place before any work starts.

use ecom_core::{CoreError, MAX_ABS_VALUE};

use crate::error::{ArimaError, Result};
use crate::interval::normal_quantile;

/// Longest forecast horizon, in periods, that any forecast, prediction, backtest or batch
/// accepts ([`ArimaError::HorizonTooLong`] beyond it).
///
/// 10,000 periods are 27 years of daily data or 190 years of weekly data, far beyond any
/// planning horizon. The limit bounds the work (an h-step forecast costs O(h·m²) for a state of
/// m values, so at most ~10⁴·[`MAX_STATE_DIM`]² operations), the memory (h values per mean and
/// interval bound), and how far the variance of an integrated model can grow (like h^(2d−1)).
pub const MAX_HORIZON: usize = 10_000;

/// Largest state of a model: both the ARMA part `max(p + P·s, q + Q·s + 1)` and the full state
/// with the differencing, that plus `d + D·s` ([`ArimaError::InvalidParameter`] beyond it;
/// [`AutoArima`](crate::AutoArima) skips candidates beyond it).
///
/// The filters and forecasts hold m×m covariances, so memory grows with the square of the
/// state: 1,000 values are 8 MB per matrix. That still fits a daily series with a yearly
/// cycle, ARIMA(p,1,q)(0,1,1)₃₆₅ (a state of about 735).
pub const MAX_STATE_DIM: usize = 1_000;

/// Most regressor columns a model takes ([`ArimaError::InvalidRegressors`] beyond it).
///
/// Each column is filtered alongside the data and enters the likelihood through k×k
/// cross-products, so an evaluation costs O(n·(k·r + k²)): 100 columns (a dummy for every
/// promotion of a year, say) keep it within a few hundred times the cost without them.
pub const MAX_REGRESSORS: usize = 100;

/// [`ArimaError::InvalidParameter`] for a horizon of 0, [`ArimaError::HorizonTooLong`] beyond
/// [`MAX_HORIZON`].
pub(crate) fn check_horizon(h: usize) -> Result<()> {
    if h == 0 {
        return Err(ArimaError::invalid("horizon", "must be at least 1"));
    }
    if h > MAX_HORIZON {
        return Err(ArimaError::HorizonTooLong {
            horizon: h,
            max: MAX_HORIZON,
        });
    }
    Ok(())
}

/// Checks a horizon and interval levels together, before a model is fitted.
pub(crate) fn check_forecast_request(h: usize, levels: &[f64]) -> Result<()> {
    check_horizon(h)?;
    for &level in levels {
        normal_quantile(level)?;
    }
    Ok(())
}

/// [`ArimaError::NonFinite`] for the first NaN or infinite value (NaN passes when
/// `allow_nan`, as a missing value), [`CoreError::TooLarge`] for the first value beyond
/// [`MAX_ABS_VALUE`], as [`ecom_core::TimeSeries`] does for its values.
pub(crate) fn check_data(y: &[f64], allow_nan: bool) -> Result<()> {
    for (index, &value) in y.iter().enumerate() {
        if value.is_nan() && allow_nan {
            continue;
        }
        if !value.is_finite() {
            return Err(ArimaError::NonFinite { index, value });
        }
        if value.abs() > MAX_ABS_VALUE {
            return Err(ArimaError::Core(CoreError::TooLarge {
                what: "series",
                index,
                value,
                max: MAX_ABS_VALUE,
            }));
        }
    }
    Ok(())
}

/// `Ok(v)` when `v` is finite, else [`ArimaError::Overflow`] naming `what`.
pub(crate) fn finite(v: f64, what: &'static str) -> Result<f64> {
    if v.is_finite() {
        Ok(v)
    } else {
        Err(ArimaError::Overflow { what })
    }
}

/// `Ok(())` when every value is finite, else [`ArimaError::Overflow`] naming `what`.
pub(crate) fn all_finite(v: &[f64], what: &'static str) -> Result<()> {
    if v.iter().all(|x| x.is_finite()) {
        Ok(())
    } else {
        Err(ArimaError::Overflow { what })
    }
}
