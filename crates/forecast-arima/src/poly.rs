//! Lag polynomials: multiplying the seasonal and non-seasonal parts, and stationarity tests.
//!
//! Conventions follow R: an AR polynomial `1 - φ₁L - … - φₚLᵖ` is stored as `[φ₁, …, φₚ]`, an
//! MA polynomial `1 + θ₁L + … + θ_qL^q` as `[θ₁, …, θ_q]`.

/// Coefficients of `(1 - a(L))(1 - b(Lˢ))` as `1 - c(L)`, written into `out` (length
/// `a.len() + s * b.len()`).
pub(crate) fn expand_ar(a: &[f64], b: &[f64], s: usize, out: &mut [f64]) {
    // The cross terms of (1 − a)(1 − b) enter 1 − c with a minus sign.
    expand(a, b, s, -1.0, out);
}

/// Coefficients of `(1 + a(L))(1 + b(Lˢ))` as `1 + c(L)`, written into `out`.
pub(crate) fn expand_ma(a: &[f64], b: &[f64], s: usize, out: &mut [f64]) {
    expand(a, b, s, 1.0, out);
}

/// `c = a + b(Lˢ) + sign · a(L)·b(Lˢ)`: the product of two lag polynomials in R's convention.
fn expand(a: &[f64], b: &[f64], s: usize, sign: f64, out: &mut [f64]) {
    debug_assert_eq!(out.len(), a.len() + s * b.len());
    out.fill(0.0);
    out[..a.len()].copy_from_slice(a);
    for (j, &bj) in b.iter().enumerate() {
        let lag = (j + 1) * s;
        out[lag - 1] += bj;
        for (i, &ai) in a.iter().enumerate() {
            out[lag + i] += sign * ai * bj;
        }
    }
}

/// `true` when every root of `1 - φ₁z - … - φₚzᵖ` lies outside the circle of radius `radius`.
///
/// Uses the Schur–Cohn step-down (reverse Durbin–Levinson) recursion on `φₖ·radiusᵏ`: the
/// polynomial is stable exactly when every partial autocorrelation it implies is inside (-1, 1).
/// This avoids a general root finder.
pub(crate) fn roots_outside(phi: &[f64], radius: f64) -> bool {
    let p = trailing_len(phi);
    if p == 0 {
        return true;
    }
    let mut cur: Vec<f64> = phi[..p]
        .iter()
        .enumerate()
        .map(|(k, &c)| c * radius.powi(k as i32 + 1))
        .collect();
    let mut prev = vec![0.0; p];
    for k in (1..=p).rev() {
        let r = cur[k - 1];
        if !r.is_finite() || r.abs() >= 1.0 {
            return false;
        }
        let denom = 1.0 - r * r;
        for j in 1..k {
            prev[j - 1] = (cur[j - 1] + r * cur[k - j - 1]) / denom;
        }
        cur[..k - 1].copy_from_slice(&prev[..k - 1]);
    }
    true
}

/// `false` only when `1 - φ₁z - … - φₚzᵖ` provably has a root inside the unit circle:
/// the check of a saved model, which must accept every fitted one.
///
/// Fitted polynomials come from partial autocorrelations `tanh(u)`, which reach ±1 exactly
/// when an estimate is on the boundary; such a polynomial has roots on the unit circle, often
/// repeated, and the plain step-down of [`roots_outside`] then divides by (nearly) zero and
/// loses every digit. So the step-down here carries a bound on its rounding error: it rejects a
/// partial autocorrelation only when it exceeds 1 by more than that bound (and `ON_CIRCLE`),
/// and stops, accepting, at one that equals ±1 to within it (the rest cannot be resolved).
pub(crate) fn roots_not_inside(phi: &[f64]) -> bool {
    // A root within 1e-9 of the circle counts as on it; the error bound is taken 16 times.
    const ON_CIRCLE: f64 = 1e-9;
    const SAFETY: f64 = 16.0;
    if !phi.iter().all(|x| x.is_finite()) {
        return false;
    }
    let p = trailing_len(phi);
    let mut cur = phi[..p].to_vec();
    let mut prev = vec![0.0; p];
    let max_abs = |v: &[f64]| v.iter().fold(0.0f64, |m, x| m.max(x.abs()));
    // Bound on the absolute rounding error of the current coefficients.
    let mut err = f64::EPSILON * max_abs(&cur);
    for k in (1..=p).rev() {
        let r = cur[k - 1];
        if !r.is_finite() {
            return false;
        }
        let resolution = SAFETY * err + ON_CIRCLE;
        if r.abs() > 1.0 + resolution {
            return false;
        }
        if r.abs() >= 1.0 - resolution {
            return true;
        }
        let denom = 1.0 - r * r;
        let m = max_abs(&cur[..k]);
        for j in 1..k {
            prev[j - 1] = (cur[j - 1] + r * cur[k - j - 1]) / denom;
        }
        cur[..k - 1].copy_from_slice(&prev[..k - 1]);
        let m_next = max_abs(&cur[..k - 1]);
        // Errors in the numerators (carried and new), and in the divisor 1 − r².
        err = (err * (2.0 + m) + 2.0 * f64::EPSILON * m) / denom
            + m_next * (2.0 * err + f64::EPSILON) / denom;
    }
    true
}

/// `true` when the AR polynomial `1 - Σ φₖLᵏ` is stationary.
#[cfg(test)]
pub(crate) fn is_stationary(phi: &[f64]) -> bool {
    roots_outside(phi, 1.0)
}

/// `true` when the MA polynomial `1 + Σ θₖLᵏ` is invertible.
#[cfg(test)]
pub(crate) fn is_invertible(theta: &[f64]) -> bool {
    let neg: Vec<f64> = theta.iter().map(|t| -t).collect();
    roots_outside(&neg, 1.0)
}

/// Length without trailing (near-)zero coefficients, as R's and statsforecast's root checks do.
fn trailing_len(c: &[f64]) -> usize {
    c.iter().rposition(|x| x.abs() > 1e-8).map_or(0, |i| i + 1)
}

/// Coefficients `[δ₁, …, δ_nd]` of `(1-L)ᵈ(1-Lˢ)ᴰ = 1 - Σ δⱼLʲ`.
pub(crate) fn differencing_polynomial(d: usize, seasonal_d: usize, period: usize) -> Vec<f64> {
    // Full polynomial with leading 1, multiplied factor by factor.
    let mut full = vec![1.0];
    let mut mul = |lag: usize| {
        let mut next = vec![0.0; full.len() + lag];
        for (i, &c) in full.iter().enumerate() {
            next[i] += c;
            next[i + lag] -= c;
        }
        full = next;
    };
    for _ in 0..d {
        mul(1);
    }
    for _ in 0..seasonal_d {
        mul(period);
    }
    full[1..].iter().map(|c| -c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seasonal_products() {
        // (1 - 0.5L)(1 - 0.3L^4) = 1 - 0.5L - 0.3L^4 + 0.15L^5
        let mut out = vec![0.0; 5];
        expand_ar(&[0.5], &[0.3], 4, &mut out);
        assert_eq!(out, vec![0.5, 0.0, 0.0, 0.3, -0.15]);
        // (1 + 0.5L)(1 + 0.3L^4) = 1 + 0.5L + 0.3L^4 + 0.15L^5
        expand_ma(&[0.5], &[0.3], 4, &mut out);
        assert_eq!(out, vec![0.5, 0.0, 0.0, 0.3, 0.15]);
    }

    #[test]
    fn stationarity_by_step_down() {
        assert!(is_stationary(&[0.5]));
        assert!(!is_stationary(&[1.0]));
        assert!(!is_stationary(&[1.2]));
        // 1 - 1.5z + 0.56z^2 = (1 - 0.7z)(1 - 0.8z): stationary.
        assert!(is_stationary(&[1.5, -0.56]));
        // (1 - 0.7z)(1 - 1.25z) = 1 - 1.95z + 0.875z^2: root 0.8 inside.
        assert!(!is_stationary(&[1.95, -0.875]));
        // Root at 1/0.995 = 1.005: stationary, but inside radius 1.01.
        assert!(is_stationary(&[0.995]));
        assert!(!roots_outside(&[0.995], 1.01));
        assert!(is_invertible(&[-0.9]));
        assert!(!is_invertible(&[3.3]));
    }

    /// AR coefficients from partial autocorrelations, as the estimator builds them.
    fn from_pacf(pacf: &[f64]) -> Vec<f64> {
        let mut out = vec![0.0; pacf.len()];
        for (k, &r) in pacf.iter().enumerate() {
            let prev = out[..k].to_vec();
            out[k] = r;
            for j in 0..k {
                out[j] = prev[j] - r * prev[k - 1 - j];
            }
        }
        out
    }

    #[test]
    fn boundary_polynomials_are_not_inside() {
        // (1 + z)² and (1 − z)³: repeated roots on the circle, where the plain step-down fails.
        assert!(!roots_outside(&[-2.0, -1.0], 1.0 - 1e-6));
        assert!(roots_not_inside(&[-2.0, -1.0]));
        assert!(roots_not_inside(&[3.0, -3.0, 1.0]));
        // Saturated and nearly saturated partial autocorrelations in any position.
        let t = 12f64.tanh();
        for pacf in [
            vec![1.0],
            vec![-1.0, 1.0],
            vec![0.3, 1.0, -0.5],
            vec![t, -t, t, 1.0, t],
            vec![1.0; 8],
            vec![-1.0, 0.99, 1.0, -1.0, 0.2, t, -1.0, 1.0, 0.5, -t],
        ] {
            assert!(roots_not_inside(&from_pacf(&pacf)), "{pacf:?}");
        }
        // Interior polynomials agree with the plain test.
        assert!(roots_not_inside(&from_pacf(&[0.5, -0.3, 0.8])));
        assert!(roots_not_inside(&[]));
    }

    #[test]
    fn roots_inside_are_found() {
        for phi in [
            vec![1.5],
            vec![-1.000001],
            vec![0.5, 0.9],
            vec![1.95, -0.875],
            vec![0.0, 0.0, 1.2],
            vec![f64::NAN],
        ] {
            assert!(!roots_not_inside(&phi), "{phi:?}");
        }
    }

    #[test]
    fn differencing_polynomials() {
        assert_eq!(differencing_polynomial(1, 0, 12), vec![1.0]);
        assert_eq!(differencing_polynomial(2, 0, 1), vec![2.0, -1.0]);
        // (1-L)(1-L^4) = 1 - L - L^4 + L^5
        assert_eq!(
            differencing_polynomial(1, 1, 4),
            vec![1.0, 0.0, 0.0, 1.0, -1.0]
        );
    }
}
