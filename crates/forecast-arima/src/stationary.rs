//! The exact stationary covariance of the ARMA state vector, the Kalman filter's initial
//! covariance.
//!
//! The state is Harvey's form `α_{t+1} = T α_t + R e_{t+1}` with `T` the companion matrix of
//! the AR polynomial and `R = (1, θ₁, …, θ_{r-1})'`, so `P` solves `P = T P T' + R R'`. Instead of
//! solving that r²-sized linear system (or Gardner's method), we use its structure: the first
//! row of `P` is a combination of the process autocovariances and ψ-weights, and
//! `P[i][j] - P[i+1][j+1]` depends only on the first row. The autocovariances need one dense
//! solve of size p'+1, so the whole cost is O(p'³ + r²) instead of O(r⁶).

use crate::arma::ArmaPoly;

/// Largest entry of the first row of the stationary covariance (in units of σ²) at which the
/// likelihood is evaluated. Every filter step subtracts terms of that size to leave innovation
/// variances of order 1 (they are at least 1), so it loses about `MAX · 2⁻⁵²` of them: at 1e8
/// about 1e-8, beyond what the optimiser's tolerances resolve. Larger values only occur within
/// about 1e-8 of a unit root (an AR(1) with |φ| > 1 − 5e-9), where rounding noise in the
/// likelihood can exceed its real variation and the optimiser finds spurious optima.
pub(crate) const MAX_STATIONARY_VARIANCE: f64 = 1e8;

/// Whether the likelihood from a stationary covariance with this first row is accurate (see
/// [`MAX_STATIONARY_VARIANCE`]).
pub(crate) fn well_conditioned(first_row: &[f64]) -> bool {
    first_row.iter().all(|v| v.abs() <= MAX_STATIONARY_VARIANCE)
}

/// Scratch space reused across likelihood evaluations.
#[derive(Debug, Clone, Default)]
pub(crate) struct StationaryWs {
    gamma: Vec<f64>,
    psi: Vec<f64>,
    /// Step-down coefficients, order by order (p'×p').
    levinson: Vec<f64>,
    refl: Vec<f64>,
    gamma_u: Vec<f64>,
    /// AR coefficients `gamma_u` was computed for: a gradient probe of an MA coefficient
    /// leaves them unchanged, and then the AR autocovariances are reused.
    cached_phi: Vec<f64>,
    ma_lags: Vec<(usize, f64)>,
}

/// The first row (= first column) of the stationary state covariance, in O(p'² + r·ν²)
/// (ν: non-zero MA terms), all the Chandrasekhar filter needs. Returns `false` when the AR part
/// is not stationary.
///
/// The AR part's autocovariances come from its partial autocorrelations (the step-down
/// recursion, then Levinson's forward recursion) instead of a dense solve; the MA part is
/// applied on top: `γ_w(k) = Σᵢⱼ θᵢθⱼ γ_u(k + i − j)` for `u = e / φ(L)`.
pub(crate) fn stationary_first_row(
    poly: &ArmaPoly,
    ws: &mut StationaryWs,
    out: &mut [f64],
) -> bool {
    let r = poly.r;
    let pf = poly.shape.p_full();
    let qf = poly.shape.q_full();
    let phi = &poly.phi;
    let th = &poly.rvec;
    let max_lag = r + qf;
    // Autocovariances of the pure AR process u (unit innovation variance), lags 0..=max_lag.
    let reuse = ws.gamma_u.len() == max_lag + 1 && ws.cached_phi.as_slice() == &phi[..pf];
    if reuse {
        // Same AR part as last time.
    } else if pf == 0 {
        ws.gamma_u.clear();
        ws.gamma_u.resize(max_lag + 1, 0.0);
        ws.gamma_u[0] = 1.0;
    } else {
        ws.gamma_u.clear();
        ws.gamma_u.resize(max_lag + 1, 0.0);
        ws.cached_phi.clear();
        // Step-down: coefficients of every order k, row k-1 of `levinson` (length k).
        ws.levinson.clear();
        ws.levinson.resize(pf * pf, 0.0);
        ws.refl.clear();
        ws.refl.resize(pf, 0.0);
        ws.levinson[(pf - 1) * pf..(pf - 1) * pf + pf].copy_from_slice(&phi[..pf]);
        for k in (1..=pf).rev() {
            let row = (k - 1) * pf;
            let rk = ws.levinson[row + k - 1];
            if !rk.is_finite() || rk.abs() >= 1.0 {
                return false;
            }
            ws.refl[k - 1] = rk;
            if k > 1 {
                let inv = 1.0 / (1.0 - rk * rk);
                let prev = (k - 2) * pf;
                for j in 1..k {
                    let v = (ws.levinson[row + j - 1] + rk * ws.levinson[row + k - j - 1]) * inv;
                    ws.levinson[prev + j - 1] = v;
                }
            }
        }
        let g0 = 1.0 / ws.refl.iter().map(|r| 1.0 - r * r).product::<f64>();
        if !(g0.is_finite() && g0 > 0.0) {
            return false;
        }
        let gu = &mut ws.gamma_u;
        gu[0] = g0;
        for k in 1..=pf.min(max_lag) {
            let row = (k - 1) * pf;
            let mut v = 0.0;
            for j in 1..=k {
                v += ws.levinson[row + j - 1] * gu[k - j];
            }
            gu[k] = v;
        }
        for k in (pf + 1)..=max_lag {
            let mut v = 0.0;
            for &(lag, c) in &poly.ar_terms {
                v += c * gu[k - lag];
            }
            gu[k] = v;
        }
        ws.cached_phi.extend_from_slice(&phi[..pf]);
    }
    let gu = &ws.gamma_u;
    let gamma_u_at = |k: isize| gu[k.unsigned_abs()];
    // ψ-weights ψ₀..ψ_{r-1}.
    ws.psi.clear();
    ws.psi.resize(r, 0.0);
    for j in 0..r {
        let mut v = th[j];
        for &(lag, c) in &poly.ar_terms {
            if lag > j {
                break;
            }
            v += c * ws.psi[j - lag];
        }
        ws.psi[j] = v;
    }
    // γ_w(k) for k < r; θ as (lag, coef) with θ₀ = 1.
    ws.gamma.clear();
    ws.gamma.resize(r, 0.0);
    ws.ma_lags.clear();
    ws.ma_lags.push((0, 1.0));
    ws.ma_lags.extend_from_slice(&poly.ma_terms);
    let ma_lags = &ws.ma_lags;
    for k in 0..r {
        let mut v = 0.0;
        for &(i, ti) in ma_lags {
            let mut inner = 0.0;
            for &(j, tj) in ma_lags {
                inner += tj * gamma_u_at(k as isize + i as isize - j as isize);
            }
            v += ti * inner;
        }
        ws.gamma[k] = v;
    }
    // First row: P[0][j] = Σ_m φ_m γ_w(m − j) (m > j) + Σ_m θ_m ψ_{m−j} (m ≥ j).
    out[0] = ws.gamma[0];
    for j in 1..r {
        let mut v = 0.0;
        for &(lag, c) in &poly.ar_terms {
            if lag > j {
                v += c * ws.gamma[lag - j];
            }
        }
        for &(lag, c) in ma_lags {
            if lag >= j {
                v += c * ws.psi[lag - j];
            }
        }
        out[j] = v;
    }
    out[..r].iter().all(|v| v.is_finite()) && out[0] > 0.0
}

/// Writes the stationary state covariance (in units of σ², full symmetric r×r, row-major) into
/// `out`. Returns `false` when the AR part is (numerically) non-stationary.
///
/// The first row comes from [`stationary_first_row`] (partial autocorrelations, accurate up to
/// the unit root), the rest from the Lyapunov equation `P = T P Tᵀ + R Rᵀ` read row by row. A
/// dense solve for the autocovariances instead loses positive definiteness near the unit root.
pub(crate) fn stationary_covariance(
    poly: &ArmaPoly,
    ws: &mut StationaryWs,
    out: &mut [f64],
) -> bool {
    let r = poly.r;
    let phi = &poly.phi; // length r, zero beyond p'
    let th = &poly.rvec; // θ₀ = 1, length r, zero beyond q'
    debug_assert_eq!(out.len(), r * r);
    if !stationary_first_row(poly, ws, &mut out[..r]) {
        return false;
    }
    // Remaining upper triangle from the bottom-right corner:
    // P[i][j] = P[i+1][j+1] + φ_{i+1}φ_{j+1}γ₀ + φ_{i+1}P[0][j+1] + φ_{j+1}P[0][i+1] + RᵢRⱼ.
    let g0 = out[0];
    for i in (1..r).rev() {
        let phi_i = phi[i];
        let p0i = if i + 1 < r { out[i + 1] } else { 0.0 };
        for j in (i..r).rev() {
            let phi_j = phi[j];
            let (next, p0j) = if j + 1 < r {
                (out[(i + 1) * r + j + 1], out[j + 1])
            } else {
                (0.0, 0.0)
            };
            out[i * r + j] = next + phi_i * phi_j * g0 + phi_i * p0j + phi_j * p0i + th[i] * th[j];
        }
    }
    // The loops above read φ at index i and j (lag i+1, j+1), P[0][·] from row 0 and the
    // already-computed lower-right block; now mirror to the lower triangle.
    for i in 0..r {
        for j in 0..i {
            out[i * r + j] = out[j * r + i];
        }
    }
    out.iter().all(|v| v.is_finite())
}

/// Gaussian elimination with partial pivoting; the solution overwrites `b`.
pub(crate) fn solve_in_place(a: &mut [f64], b: &mut [f64], m: usize) -> bool {
    for col in 0..m {
        let (piv, max) = (col..m)
            .map(|r| (r, a[r * m + col].abs()))
            .fold((col, -1.0), |acc, x| if x.1 > acc.1 { x } else { acc });
        if !(max > 1e-300) || !max.is_finite() {
            return false;
        }
        if piv != col {
            for k in 0..m {
                a.swap(piv * m + k, col * m + k);
            }
            b.swap(piv, col);
        }
        let d = a[col * m + col];
        for r in (col + 1)..m {
            let f = a[r * m + col] / d;
            if f != 0.0 {
                for k in col..m {
                    a[r * m + k] -= f * a[col * m + k];
                }
                b[r] -= f * b[col];
            }
        }
    }
    for col in (0..m).rev() {
        let mut v = b[col];
        for k in (col + 1)..m {
            v -= a[col * m + k] * b[k];
        }
        b[col] = v / a[col * m + col];
    }
    b.iter().all(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arma::ArmaShape;

    /// max |P - T P T' - R R'|, computed the slow way.
    fn lyapunov_residual(poly: &ArmaPoly, p: &[f64]) -> f64 {
        let r = poly.r;
        let t = |i: usize, k: usize| -> f64 {
            let mut v = if k == 0 { poly.phi[i] } else { 0.0 };
            if k == i + 1 {
                v += 1.0;
            }
            v
        };
        let mut worst: f64 = 0.0;
        for i in 0..r {
            for j in 0..r {
                let mut tpt = 0.0;
                for k in 0..r {
                    for l in 0..r {
                        tpt += t(i, k) * p[k * r + l] * t(j, l);
                    }
                }
                let v = p[i * r + j] - tpt - poly.rvec[i] * poly.rvec[j];
                worst = worst.max(v.abs());
            }
        }
        worst
    }

    fn check(shape: ArmaShape, coef: &[f64]) {
        let mut poly = ArmaPoly::new(shape);
        poly.set(coef);
        let mut ws = StationaryWs::default();
        let mut p = vec![0.0; poly.r * poly.r];
        assert!(stationary_covariance(&poly, &mut ws, &mut p));
        let res = lyapunov_residual(&poly, &p);
        assert!(res < 1e-10 * p[0].max(1.0), "{shape:?} residual {res}");
    }

    #[test]
    fn solves_the_lyapunov_equation() {
        let sh = |p, q, sp, sq, s| ArmaShape { p, q, sp, sq, s };
        check(sh(1, 0, 0, 0, 1), &[0.7]);
        check(sh(0, 1, 0, 0, 1), &[0.4]);
        check(sh(1, 1, 0, 0, 1), &[-0.5, 0.8]);
        check(sh(2, 2, 0, 0, 1), &[1.3, -0.6, 0.2, -0.3]);
        check(sh(3, 0, 0, 0, 1), &[1.3, -0.5, -0.13]);
        check(sh(0, 1, 0, 1, 12), &[-0.4, -0.56]);
        check(sh(1, 1, 1, 1, 4), &[0.5, 0.3, -0.4, -0.7]);
        check(sh(2, 0, 2, 0, 4), &[0.5, 0.2, 0.4, 0.3]);
        check(sh(1, 2, 1, 0, 12), &[0.9, 0.1, -0.2, 0.83]);
    }

    /// Near the unit root the covariance still solves the Lyapunov equation, and a unit root is
    /// rejected. (The fit that ends at such a point is `tests/properties.rs`'s regression case.)
    #[test]
    fn near_the_unit_root() {
        let sh = |p, q, sp, sq, s| ArmaShape { p, q, sp, sq, s };
        check(sh(2, 1, 0, 0, 1), &[0.45, 0.5499, -0.99]);
        check(sh(2, 1, 0, 0, 1), &[1.2, -0.2000001, 0.3]);
        let mut poly = ArmaPoly::new(sh(1, 0, 0, 0, 1));
        poly.set(&[1.0]);
        assert!(!stationary_first_row(
            &poly,
            &mut StationaryWs::default(),
            &mut [0.0]
        ));
    }

    #[test]
    fn ar1_variance() {
        let mut poly = ArmaPoly::new(ArmaShape {
            p: 1,
            q: 0,
            sp: 0,
            sq: 0,
            s: 1,
        });
        poly.set(&[0.6]);
        let mut p = vec![0.0; 1];
        assert!(stationary_covariance(
            &poly,
            &mut StationaryWs::default(),
            &mut p
        ));
        assert!((p[0] - 1.0 / (1.0 - 0.36)).abs() < 1e-14);
    }
}
