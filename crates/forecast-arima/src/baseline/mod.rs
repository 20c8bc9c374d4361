//! The simple forecasts a planner compares ARIMA against.

mod holt;
mod moving_average;
mod naive;
mod ses;

pub use holt::{FittedHolt, Holt};
pub use moving_average::{FittedMovingAverage, MovingAverage};
pub use naive::{FittedSeasonalNaive, SeasonalNaive};
pub use ses::{FittedSes, LevelInit, SimpleExpSmoothing};

use crate::error::{ArimaError, Result};

/// Standard errors `σ·√(1 + Σ_{j<h} c_j²)` of a model whose h-step forecast error is
/// `e_{n+h} + Σ_{j=1}^{h−1} c_j e_{n+h−j}` (Hyndman et al. 2008, ch. 6); σ and the root are
/// taken apart so a large σ² times a long horizon's sum does not overflow.
pub(crate) fn innovation_se(sigma2: f64, h: usize, c: impl Fn(usize) -> f64) -> Vec<f64> {
    let sigma = sigma2.sqrt();
    let mut acc = 1.0;
    (1..=h)
        .map(|step| {
            if step > 1 {
                acc += c(step - 1).powi(2);
            }
            sigma * acc.sqrt()
        })
        .collect()
}

/// Rejects an empty slice, NaN/inf, values beyond [`ecom_core::MAX_ABS_VALUE`] and fewer than
/// `needed` values.
pub(crate) fn check_values(y: &[f64], needed: usize) -> Result<()> {
    if y.is_empty() {
        return Err(ArimaError::Empty);
    }
    crate::error::check_finite(y)?;
    if y.len() < needed {
        return Err(ArimaError::NotEnoughData {
            needed,
            got: y.len(),
        });
    }
    Ok(())
}

/// The value of a constant series (every value equal), which every baseline forecasts flat
/// with σ² = 0 and a [`FitNote::ConstantSeries`](crate::FitNote::ConstantSeries).
pub(crate) fn constant_value(y: &[f64]) -> Option<f64> {
    let first = *y.first()?;
    y.iter().all(|v| *v == first).then_some(first)
}

/// `y / scale` for the [`data_scale`](crate::estimate::data_scale) of `y`, and that scale.
pub(crate) fn scaled(y: &[f64]) -> (std::borrow::Cow<'_, [f64]>, f64) {
    let s = crate::estimate::data_scale(y);
    if s == 1.0 {
        (std::borrow::Cow::Borrowed(y), s)
    } else {
        (
            std::borrow::Cow::Owned(y.iter().map(|v| v / s).collect()),
            s,
        )
    }
}
