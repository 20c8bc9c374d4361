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

use crate::demand::{DemandDistribution, NormalDemand, poisson_mean};
use crate::error::{InventoryError, Result};
use crate::normal;
use crate::output::{Check, Outputs, checked};
use crate::poisson::Poisson;
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

/// Beyond ±`TAIL` standard deviations the far tail underflows: its terms are exactly 0 in double
/// precision, and computing them through φ and Φ would meet 0 · ∞.
pub(crate) const TAIL: f64 = 38.0;

/// G(z) = φ(z) − z(1 − Φ(z)) alone (two exponentials instead of the three of
/// [`standard_normal_loss`]), for the inner loops of the Poisson normal approximation.
pub(crate) fn standard_normal_first_loss(z: f64) -> f64 {
    if z > TAIL {
        0.0
    } else if z < -TAIL {
        -z
    } else {
        (normal::pdf(z) - z * normal::sf(z)).max(0.0)
    }
}

/// Standard normal loss L(z) = φ(z) − z(1 − Φ(z)) and its relatives, at any finite z.
///
/// Every value is computed from the tail where it is small, so none is lost to cancellation;
/// the second-order values grow like z²/2 and are finite for |z| below about 1e154.
pub fn standard_normal_loss(z: f64) -> LossValues {
    if z > TAIL {
        return LossValues {
            loss: 0.0,
            complementary_loss: z,
            second_loss: 0.0,
            second_complementary_loss: 0.5 * (z * z + 1.0),
        };
    }
    if z < -TAIL {
        return LossValues {
            loss: -z,
            complementary_loss: 0.0,
            second_loss: 0.5 * (z * z + 1.0),
            second_complementary_loss: 0.0,
        };
    }
    let (pdf, sf) = (normal::pdf(z), normal::sf(z));
    // Both are non-negative by definition; max(0) only removes rounding below zero.
    let loss = (pdf - z * sf).max(0.0);
    let second = (0.5 * ((z * z + 1.0) * sf - z * pdf)).max(0.0);
    let (complementary_loss, second_complementary_loss) = if z >= 0.0 {
        (z + loss, 0.5 * (z * z + 1.0) - second)
    } else {
        // The lower tail, from Φ directly: z + loss(z) would cancel to nothing.
        let cdf = normal::cdf(z);
        (
            (pdf + z * cdf).max(0.0),
            (0.5 * ((z * z + 1.0) * cdf + z * pdf)).max(0.0),
        )
    };
    LossValues {
        loss,
        complementary_loss,
        second_loss: second,
        second_complementary_loss,
    }
}

impl Outputs for LossValues {
    fn visit(&self, c: &mut Check) {
        c.non_negative("loss", self.loss)
            .non_negative("complementary loss", self.complementary_loss)
            .non_negative("second-order loss", self.second_loss)
            .non_negative(
                "second-order complementary loss",
                self.second_complementary_loss,
            );
    }
}

/// G(z) − G(z + d) for a width d ≥ 0, G the standard normal loss: ∫ from z to z + d of
/// 1 − Φ(t) dt, in [0, d], without the cancellation of subtracting two nearly equal losses
/// (which costs all precision when the interval is short or deep in the lower tail). The width
/// is taken as given, so it keeps its value even where z + d would round to z.
pub(crate) fn standard_normal_loss_difference(z: f64, d: f64) -> f64 {
    // Also 0 for a NaN width.
    if d.is_nan() || d <= 0.0 {
        return 0.0;
    }
    let m = z + 0.5 * d;
    let z2 = z + d;
    let value = if d * (1.0 + m.abs()) <= 0.1 {
        // Midpoint rule with its first two corrections, from the second derivative mφ(m) and
        // the fourth derivative (m³ − 3m)φ(m) (Q = 1 − Φ); the next term is below 1e-11 relative.
        let (phi, q) = (normal::pdf(m), normal::sf(m));
        let d2 = d * d;
        d * (q + d2 * m * phi / 24.0 + d2 * d2 * (m * m * m - 3.0 * m) * phi / 1920.0)
    } else if z2 <= 0.0 {
        // Lower tail: G(z) = G(−z) − z, so the difference is d less a small upper-tail part.
        d - (standard_normal_loss(-z2).loss - standard_normal_loss(-z).loss)
    } else {
        standard_normal_loss(z).loss - standard_normal_loss(z2).loss
    };
    value.clamp(0.0, d)
}

/// Loss functions of N(mean, sd²) at x.
///
/// Errors unless `sd > 0` and every argument is finite (and within ±1e150), or when a
/// second-order value overflows.
pub fn normal_loss(x: f64, mean: f64, sd: f64) -> Result<LossValues> {
    validate::finite("x", x)?;
    validate::finite("mean", mean)?;
    validate::positive("sd", sd)?;
    let d = NormalDemand::from_parts(mean, sd);
    checked(
        "normal loss",
        LossValues {
            loss: d.loss(x),
            complementary_loss: d.complementary_loss(x),
            second_loss: d.second_loss(x),
            second_complementary_loss: d.second_complementary_loss(x),
        },
        || format!("x = {x}, mean = {mean}, sd = {sd}"),
    )
}

/// Loss functions of Poisson(mean) at the integer x (discrete second-order definitions).
///
/// ```
/// use inventory_eoq::loss::poisson_loss;
/// let l = poisson_loss(6, 6.0)?;
/// assert!((l.loss - 0.9637388462878805).abs() < 1e-12);
/// # Ok::<(), inventory_eoq::InventoryError>(())
/// ```
///
/// Means above [`POISSON_NORMAL_MEAN`](crate::limits::POISSON_NORMAL_MEAN) use the normal
/// approximation with continuity correction; means above
/// [`MAX_POISSON_MEAN`](crate::limits::MAX_POISSON_MEAN) are rejected.
pub fn poisson_loss(x: i64, mean: f64) -> Result<LossValues> {
    let t = Poisson::new(poisson_mean("mean", mean)?);
    checked(
        "Poisson loss",
        LossValues {
            loss: t.loss(x as f64),
            complementary_loss: t.complementary_loss(x as f64),
            second_loss: t.second_loss(x),
            second_complementary_loss: t.second_complementary_loss(x),
        },
        || format!("x = {x}, mean = {mean}"),
    )
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
    fn loss_difference_keeps_its_precision() {
        // Reference: mpmath quad of 1 − Φ at 30 digits over the same binary endpoints.
        for (z1, z2, want) in [
            (-1.0, 1.0, 1.0),
            (0.3, 0.3 + 1e-9, 3.820885880243273e-10),
            (-30.0, -30.0 + 1e-12, 9.983_125_437_429_408e-13),
            (2.0, 2.05, 0.001_072_225_619_340_900_4),
            (-5.0, -4.9, 0.099_999_962_498_964_38),
        ] {
            let got = standard_normal_loss_difference(z1, z2 - z1);
            assert!(
                (got - want).abs() <= 1e-11 * want,
                "({z1}, {z2}): {got:e} vs {want:e}"
            );
        }
        // A width far below the resolution of z itself: ∫ over [1e8, 1e8 + 1e-10] of Q ≈ 0.
        assert_eq!(standard_normal_loss_difference(1e8, 1e-10), 0.0);
        // ... and at z = 1.6448536 (Q = 0.05), d = 1e-14: d·Q to full precision.
        let got = standard_normal_loss_difference(1.644_853_626_951_472_2, 1e-14);
        assert!((got / 5e-16 - 1.0).abs() < 1e-12, "{got:e}");
        assert_eq!(standard_normal_loss_difference(1.0, 0.0), 0.0);
        assert_eq!(standard_normal_loss_difference(2.0, -1.0), 0.0);
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
