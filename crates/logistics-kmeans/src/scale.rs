//! Exact power-of-two rescaling of coordinates whose squared distances could overflow.
//!
//! Multiplying by a power of two is exact (short of underflow), and every operation of a fit
//! (differences, squares, sums, divisions by weights) commutes with it, so a fit on scaled
//! coordinates is the unscaled fit to the last bit whenever the latter is finite, and finite
//! when the latter would overflow. Coordinates within 2^±64 in magnitude are never touched.

pub(crate) use ecom_core::pow2_scale;

/// Largest absolute value (0 for an empty slice).
pub(crate) fn max_abs(values: &[f64]) -> f64 {
    values.iter().fold(0.0f64, |m, v| m.max(v.abs()))
}

/// `values` multiplied by `scale`, or `None` when `scale` is 1.
pub(crate) fn scaled(values: &[f64], scale: f64) -> Option<Vec<f64>> {
    (scale != 1.0).then(|| values.iter().map(|v| v * scale).collect())
}

/// A squared-distance quantity computed on coordinates multiplied by `scale`, back in the
/// data's units; [`KMeansError::Overflow`](crate::KMeansError::Overflow) when it does not fit.
pub(crate) fn unscale_sq(v: f64, scale: f64, what: &'static str) -> crate::Result<f64> {
    let out = if scale == 1.0 { v } else { v / scale / scale };
    if out.is_finite() {
        Ok(out)
    } else {
        Err(crate::KMeansError::Overflow { what })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_are_powers_of_two_and_only_for_extreme_data() {
        assert_eq!(pow2_scale(1e10), 1.0);
        assert_eq!(pow2_scale(0.0), 1.0);
        let s = pow2_scale(1e150);
        assert!((1.0..2.0).contains(&(1e150 * s)));
        assert_eq!(s.log2().fract(), 0.0);
        let s = pow2_scale(5e-324);
        assert!(5e-324 * s > 0.0 && (5e-324 * s).is_normal());
    }

    #[test]
    fn unscaling_reports_overflow() {
        let s = pow2_scale(1e150);
        assert!(unscale_sq(1.0, s, "inertia").unwrap() > 1e299);
        assert!(unscale_sq(1e10, s, "inertia").is_err());
        assert_eq!(unscale_sq(2.5, 1.0, "inertia").unwrap(), 2.5);
    }
}
