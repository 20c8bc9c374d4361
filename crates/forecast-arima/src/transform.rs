//! The unconstrained parameterisation the optimiser works in.
//!
//! Each AR polynomial is parameterised by its partial autocorrelations written as `tanh(u)`
//! (Jones 1980, as R's `arima` does), so every real vector `u` maps to a stationary polynomial;
//! each MA polynomial is parameterised the same way through `1 + θ(L) = 1 - (-θ)(L)`, so it stays
//! invertible. Both directions are allocation-free given scratch space.

/// Maps unconstrained `u` to AR coefficients of a stationary polynomial (in place of `out`).
pub(crate) fn ar_from_unconstrained(u: &[f64], out: &mut [f64], scratch: &mut [f64]) {
    let p = u.len();
    for k in 0..p {
        let r = u[k].tanh();
        out[k] = r;
        scratch[..k].copy_from_slice(&out[..k]);
        for j in 0..k {
            out[j] = scratch[j] - r * scratch[k - 1 - j];
        }
    }
}

/// Inverse of [`ar_from_unconstrained`]; `None` when the polynomial is not stationary.
/// Partial autocorrelations are clamped to ±`limit` so a start on the boundary stays finite.
pub(crate) fn ar_to_unconstrained(phi: &[f64], limit: f64) -> Option<Vec<f64>> {
    let p = phi.len();
    let mut cur = phi.to_vec();
    let mut u = vec![0.0; p];
    let mut prev = vec![0.0; p];
    for k in (1..=p).rev() {
        let r = cur[k - 1];
        if !r.is_finite() || r.abs() >= 1.0 {
            return None;
        }
        u[k - 1] = r.clamp(-limit, limit).atanh();
        let denom = 1.0 - r * r;
        for j in 1..k {
            prev[j - 1] = (cur[j - 1] + r * cur[k - j - 1]) / denom;
        }
        cur[..k - 1].copy_from_slice(&prev[..k - 1]);
    }
    Some(u)
}

/// Maps unconstrained `u` to coefficients of an invertible MA polynomial.
pub(crate) fn ma_from_unconstrained(u: &[f64], out: &mut [f64], scratch: &mut [f64]) {
    ar_from_unconstrained(u, out, scratch);
    for c in out.iter_mut().take(u.len()) {
        *c = -*c;
    }
}

/// Inverse of [`ma_from_unconstrained`]; `None` when the polynomial is not invertible.
pub(crate) fn ma_to_unconstrained(theta: &[f64], limit: f64) -> Option<Vec<f64>> {
    let neg: Vec<f64> = theta.iter().map(|t| -t).collect();
    ar_to_unconstrained(&neg, limit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::poly::{is_invertible, is_stationary};

    #[test]
    fn round_trip_and_constraint() {
        let u = [0.3, -1.2, 2.5];
        let mut phi = [0.0; 3];
        let mut s = [0.0; 3];
        ar_from_unconstrained(&u, &mut phi, &mut s);
        assert!(is_stationary(&phi));
        let back = ar_to_unconstrained(&phi, 1.0).unwrap();
        for (a, b) in u.iter().zip(&back) {
            assert!((a - b).abs() < 1e-10, "{a} vs {b}");
        }
        let mut theta = [0.0; 3];
        ma_from_unconstrained(&u, &mut theta, &mut s);
        assert!(is_invertible(&theta));
        let back = ma_to_unconstrained(&theta, 1.0).unwrap();
        for (a, b) in u.iter().zip(&back) {
            assert!((a - b).abs() < 1e-10);
        }
        assert!(ar_to_unconstrained(&[1.1], 1.0).is_none());
    }

    #[test]
    fn ar1_is_tanh() {
        let mut phi = [0.0];
        let mut s = [0.0];
        ar_from_unconstrained(&[0.5], &mut phi, &mut s);
        assert!((phi[0] - 0.5f64.tanh()).abs() < 1e-15);
    }
}
