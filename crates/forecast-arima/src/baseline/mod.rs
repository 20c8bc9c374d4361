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
/// `e_{n+h} + Σ_{j=1}^{h−1} c_j e_{n+h−j}` (Hyndman et al. 2008, ch. 6).
pub(crate) fn innovation_se(sigma2: f64, h: usize, c: impl Fn(usize) -> f64) -> Vec<f64> {
    let mut acc = 1.0;
    (1..=h)
        .map(|step| {
            if step > 1 {
                acc += c(step - 1).powi(2);
            }
            (sigma2 * acc).sqrt()
        })
        .collect()
}

/// Rejects NaN/inf in a slice input.
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
