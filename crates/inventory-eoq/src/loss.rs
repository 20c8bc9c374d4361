//! Loss functions: the expected shortage E[(D − x)⁺] and expected leftover E[(x − D)⁺] that every
//! stochastic inventory formula is built from, with their second-order versions (used for
//! expected backorders in (r,Q) models).
//!
//! Definitions follow stockpyl's `loss_functions` module: for continuous D the second-order loss
//! is ½E[((D − x)⁺)²]; for integer D it is ½E[(D − x)(D − x − 1); D ≥ x].
//!
//! ```
//! use inventory_eoq::loss::standard_normal_loss;
//! let l = standard_normal_loss(0.0);
//! assert!((l.loss - 0.3989422804014327).abs() < 1e-15);      // φ(0)
//! assert!((l.second_loss - 0.25).abs() < 1e-15);
//! ```

use serde::{Deserialize, Serialize};

use crate::error::{InventoryError, Result};
use crate::normal;
use crate::poisson::PoissonTable;
use crate::validate;

/// First- and second-order loss and complementary loss at one point.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LossValues {
    /// E[(D − x)⁺]: expected shortage.
    pub loss: f64,
    /// E[(x − D)⁺]: expected leftover.
    pub complementary_loss: f64,
    /// Second-order loss (½E[((D − x)⁺)²] for continuous D).
    pub second_loss: f64,
    /// Complementary second-order loss (½E[((x − D)⁺)²] for continuous D).
    pub second_complementary_loss: f64,
}

/// Standard normal loss L(z) = φ(z) − z(1 − Φ(z)) and its relatives, at any finite z.
pub fn standard_normal_loss(z: f64) -> LossValues {
    let (pdf, sf) = (normal::pdf(z), normal::sf(z));
    let loss = pdf - z * sf;
    let second = 0.5 * ((z * z + 1.0) * sf - z * pdf);
    LossValues {
        loss,
        complementary_loss: z + loss,
        second_loss: second,
        second_complementary_loss: 0.5 * (z * z + 1.0) - second,
    }
}

/// Loss functions of N(mean, sd²) at x.
///
/// Errors unless `sd > 0` and every argument is finite.
pub fn normal_loss(x: f64, mean: f64, sd: f64) -> Result<LossValues> {
    validate::finite("x", x)?;
    validate::finite("mean", mean)?;
    validate::positive("sd", sd)?;
    let s = standard_normal_loss((x - mean) / sd);
    Ok(LossValues {
        loss: sd * s.loss,
        complementary_loss: sd * s.complementary_loss,
        second_loss: sd * sd * s.second_loss,
        second_complementary_loss: sd * sd * s.second_complementary_loss,
    })
}

/// Loss functions of Poisson(mean) at the integer x (discrete second-order definitions).
///
/// ```
/// use inventory_eoq::loss::poisson_loss;
/// let l = poisson_loss(6, 6.0)?;
/// assert!((l.loss - 0.9637388462878805).abs() < 1e-12);
/// # Ok::<(), inventory_eoq::InventoryError>(())
/// ```
pub fn poisson_loss(x: i64, mean: f64) -> Result<LossValues> {
    validate::positive("mean", mean)?;
    let t = PoissonTable::new(mean);
    Ok(LossValues {
        loss: t.loss(x as f64),
        complementary_loss: t.complementary_loss(x as f64),
        second_loss: t.second_loss(x),
        second_complementary_loss: t.second_complementary_loss(x),
    })
}

/// The z at which the standard normal loss equals `value` (> 0): the safety factor that gives
/// an expected shortage of `value` standard deviations, as fill-rate targets need.
///
/// ```
/// use inventory_eoq::loss::{standard_normal_loss, standard_normal_loss_inverse};
/// let z = standard_normal_loss_inverse(0.02)?;
/// assert!((standard_normal_loss(z).loss - 0.02).abs() < 1e-15);
/// # Ok::<(), inventory_eoq::InventoryError>(())
/// ```
pub fn standard_normal_loss_inverse(value: f64) -> Result<f64> {
    validate::positive("loss value", value)?;
    // L is convex and decreasing with L(-v) > v, so Newton from z = -v rises monotonically to
    // the root without overshooting.
    let mut z = -value;
    for _ in 0..500 {
        let sf = normal::sf(z);
        if sf <= 0.0 {
            break;
        }
        let step = (standard_normal_loss(z).loss - value) / sf;
        z += step;
        if step.abs() <= 1e-15 * (1.0 + z.abs()) {
            return Ok(z);
        }
    }
    if (standard_normal_loss(z).loss - value).abs() <= 1e-12 * value {
        Ok(z)
    } else {
        Err(InventoryError::Infeasible {
            reason: format!("standard normal loss {value} is below double precision reach"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inverse_round_trips() {
        for v in [5.0, 1.0, 0.3989, 0.1, 1e-3, 1e-6, 1e-9] {
            let z = standard_normal_loss_inverse(v).unwrap();
            let back = standard_normal_loss(z).loss;
            assert!((back - v).abs() <= 1e-10 * v, "v={v}: z={z}, L={back}");
        }
        assert!(standard_normal_loss_inverse(0.0).is_err());
        assert!(standard_normal_loss_inverse(-1.0).is_err());
    }

    #[test]
    fn normal_loss_scales() {
        let l = normal_loss(60.0, 50.0, 8.0).unwrap();
        let s = standard_normal_loss(1.25);
        assert!((l.loss - 8.0 * s.loss).abs() < 1e-14);
        assert!((l.complementary_loss - l.loss - 10.0).abs() < 1e-12);
        assert!(normal_loss(1.0, 0.0, 0.0).is_err());
    }
}
