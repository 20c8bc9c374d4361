//! Hannan–Rissanen starting values for the non-seasonal ARMA part: residuals of a long
//! autoregression stand in for the unobserved innovations, then one least-squares regression on
//! lagged values and lagged residuals gives φ and θ.
//!
//! ARMA likelihoods are often multimodal; CSS from zero and this regression start in different
//! basins, and the fit keeps the better likelihood.

use crate::stationary::solve_in_place;

/// Least squares `y ≈ X b` by the normal equations (X given column-major as `cols`).
fn ols(y: &[f64], cols: &[Vec<f64>]) -> Option<Vec<f64>> {
    let k = cols.len();
    let mut a = vec![0.0; k * k];
    let mut b = vec![0.0; k];
    for i in 0..k {
        for j in i..k {
            let v: f64 = cols[i].iter().zip(&cols[j]).map(|(x, z)| x * z).sum();
            a[i * k + j] = v;
            a[j * k + i] = v;
        }
        b[i] = cols[i].iter().zip(y).map(|(x, z)| x * z).sum();
    }
    // A touch of ridge keeps collinear lags solvable.
    for i in 0..k {
        a[i * k + i] *= 1.0 + 1e-10;
    }
    solve_in_place(&mut a, &mut b, k).then_some(b)
}

/// `[φ₁..φₚ, θ₁..θ_q]` for the demeaned series `w`, or `None` when there is too little data.
pub(crate) fn hannan_rissanen(w: &[f64], p: usize, q: usize) -> Option<Vec<f64>> {
    let n = w.len();
    let mean = w.iter().sum::<f64>() / n as f64;
    let x: Vec<f64> = w.iter().map(|v| v - mean).collect();
    let k = (2 * q).max(1);
    let r = (k + q).max(p);
    if n < r + p + q + 5 || q == 0 {
        return None;
    }
    // Long autoregression for residuals.
    let y1: Vec<f64> = x[k..].to_vec();
    let cols1: Vec<Vec<f64>> = (1..=k).map(|l| x[k - l..n - l].to_vec()).collect();
    let a = ols(&y1, &cols1)?;
    let mut e = vec![0.0; n];
    for t in k..n {
        e[t] = x[t] - (1..=k).map(|l| a[l - 1] * x[t - l]).sum::<f64>();
    }
    let y2: Vec<f64> = x[r..].to_vec();
    let mut cols2: Vec<Vec<f64>> = (1..=p).map(|l| x[r - l..n - l].to_vec()).collect();
    cols2.extend((1..=q).map(|l| e[r - l..n - l].to_vec()));
    let b = ols(&y2, &cols2)?;
    b.iter().all(|v| v.is_finite()).then_some(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovers_an_arma11_roughly() {
        // Deterministic pseudo-noise.
        let mut s: u64 = 12345;
        let mut noise = || {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((s >> 11) as f64 / (1u64 << 53) as f64) - 0.5
        };
        let n = 4000;
        let e: Vec<f64> = (0..n).map(|_| noise()).collect();
        let mut w = vec![0.0; n];
        for t in 1..n {
            w[t] = 0.6 * w[t - 1] + e[t] + 0.3 * e[t - 1];
        }
        let c = hannan_rissanen(&w, 1, 1).unwrap();
        assert!(
            (c[0] - 0.6).abs() < 0.1 && (c[1] - 0.3).abs() < 0.1,
            "{c:?}"
        );
    }
}
