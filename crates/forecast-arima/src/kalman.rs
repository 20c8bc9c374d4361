//! Exact Gaussian likelihood of a stationary ARMA process by the Kalman filter, on a complete
//! (already differenced) series, with an optional regression column concentrated out by GLS.
//!
//! The recursion uses the structure of the ARMA state space: with no observation noise the
//! first state element is known exactly after each update, so the prediction covariance is
//! `P_{t+1} = shift(P_t) - g gᵀ/F + R Rᵀ` — no product with the transition matrix, O(r²/2) per
//! step on the upper triangle only, and no allocation. Once the covariance reaches its steady
//! state `R Rᵀ` (an invertible MA part makes it converge) the filter switches to the O(r) mean
//! recursion.

use crate::arma::ArmaPoly;

/// Largest deviation of the predicted covariance from its steady state at which the filter
/// switches to the steady-state recursion.
const STEADY_TOL: f64 = 1e-11;

/// The Chandrasekhar filter tests the covariance *increment*, which overstates convergence when
/// it is slow, so it uses a tighter bound (its non-steady steps are cheap anyway).
const CHANDRASEKHAR_STEADY_TOL: f64 = 1e-15;

/// Cross-products of the standardised innovations of the data column (y) and of the regression
/// column (x), and the log-determinant term.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Sums {
    pub(crate) syy: f64,
    pub(crate) syx: f64,
    pub(crate) sxx: f64,
    pub(crate) sumlog: f64,
    pub(crate) n: usize,
}

impl Sums {
    /// GLS coefficient of the regression column (0 without one).
    pub(crate) fn beta(&self) -> f64 {
        if self.sxx > 0.0 {
            self.syx / self.sxx
        } else {
            0.0
        }
    }

    /// Residual sum of squares at regression coefficient `beta`.
    pub(crate) fn ssq_at(&self, beta: f64) -> f64 {
        self.syy - 2.0 * beta * self.syx + beta * beta * self.sxx
    }

    /// `-loglik / n` up to constants, σ² concentrated out: `½(log(ssq/n) + sumlog/n)`.
    pub(crate) fn objective(&self, beta: f64) -> f64 {
        let n = self.n as f64;
        let ssq = self.ssq_at(beta);
        if !(ssq > 0.0) || self.n == 0 {
            return f64::INFINITY;
        }
        0.5 * ((ssq / n).ln() + self.sumlog / n)
    }
}

/// Reusable buffers for [`filter`].
#[derive(Debug, Clone, Default)]
pub(crate) struct KalmanWs {
    pub(crate) p: Vec<f64>,
    pub(crate) a: Vec<f64>,
    pub(crate) ax: Vec<f64>,
    g: Vec<f64>,
    c: Vec<f64>,
}

/// Per-observation output of the final filter pass.
pub(crate) struct Trace<'a> {
    /// Innovation of the data column.
    pub(crate) vy: &'a mut [f64],
    /// Innovation of the regression column.
    pub(crate) vx: &'a mut [f64],
    /// Innovation variance in units of σ².
    pub(crate) f: &'a mut [f64],
}

/// Runs the filter from the stationary covariance `p0` over `y` (and the regression column
/// `x`, if any). On return `ws.a`/`ws.ax` hold the predicted state mean for the step after the
/// data and `ws.p` its covariance (full symmetric). Returns `None` if an innovation variance
/// stops being positive and finite.
pub(crate) fn filter(
    poly: &ArmaPoly,
    p0: &[f64],
    y: &[f64],
    x: Option<&[f64]>,
    ws: &mut KalmanWs,
    mut trace: Option<Trace<'_>>,
) -> Option<Sums> {
    let r = poly.r;
    let phi = &poly.phi;
    let rv = &poly.rvec;
    ws.p.clear();
    ws.p.extend_from_slice(p0);
    ws.a.clear();
    ws.a.resize(r + 1, 0.0);
    ws.ax.clear();
    ws.ax.resize(r + 1, 0.0);
    ws.g.clear();
    ws.g.resize(r + 1, 0.0);
    ws.c.clear();
    ws.c.resize(r + 1, 0.0);
    let p = &mut ws.p;
    let a = &mut ws.a;
    let ax = &mut ws.ax;
    let g = &mut ws.g;
    let c = &mut ws.c;
    let has_x = x.is_some();
    let xs = x.unwrap_or(&[]);

    let mut s = Sums::default();
    let mut steady = false;
    for t in 0..y.len() {
        let yt = y[t];
        let xt = if has_x { xs[t] } else { 0.0 };
        let f = if steady { 1.0 } else { p[0] };
        if !(f > 0.0 && f.is_finite()) {
            return None;
        }
        let vy = yt - a[0];
        let vx = xt - ax[0];
        s.syy += vy * vy / f;
        s.syx += vy * vx / f;
        s.sxx += vx * vx / f;
        s.sumlog += f.ln();
        s.n += 1;
        if let Some(tr) = trace.as_mut() {
            tr.vy[t] = vy;
            tr.vx[t] = vx;
            tr.f[t] = f;
        }
        if steady {
            // Gain equals R: a_{t+1}[i] = φ_{i+1} y_t + a[i+1] + R_{i+1} v.
            for i in 0..r {
                a[i] = phi[i] * yt + a[i + 1] + rv_at(rv, i + 1) * vy;
            }
            if has_x {
                for i in 0..r {
                    ax[i] = phi[i] * xt + ax[i + 1] + rv_at(rv, i + 1) * vx;
                }
            }
            continue;
        }
        // c = P[0][·] (saved: row 0 is overwritten below); g = c[1..] / F is the gain without
        // its first element, which is 1.
        let inv_f = 1.0 / f;
        c[..r].copy_from_slice(&p[..r]);
        c[r] = 0.0;
        for i in 0..r {
            g[i] = c[i + 1] * inv_f;
        }
        for i in 0..r {
            a[i] = phi[i] * yt + a[i + 1] + g[i] * vy;
        }
        if has_x {
            for i in 0..r {
                ax[i] = phi[i] * xt + ax[i + 1] + g[i] * vx;
            }
        }
        // Upper triangle, ascending so every P[i+1][j+1] is read before it is overwritten:
        // P'[i][j] = P[i+1][j+1] - c_{i+1} c_{j+1} / F + R_i R_j (zero beyond the last row).
        let mut dev: f64 = 0.0;
        for i in 0..r {
            let gi = g[i];
            let ri = rv[i];
            let row = i * r;
            let next = (i + 1) * r;
            for j in i..(r - 1) {
                p[row + j] = p[next + j + 1] - gi * c[j + 1] + ri * rv[j];
            }
            p[row + r - 1] = ri * rv[r - 1];
            dev = dev.max((p[row + i] - ri * ri).abs());
        }
        steady = dev < STEADY_TOL;
    }
    // Full symmetric covariance for forecasting.
    if steady {
        for i in 0..r {
            for j in 0..r {
                p[i * r + j] = rv[i] * rv[j];
            }
        }
    } else {
        for i in 0..r {
            for j in 0..i {
                p[i * r + j] = p[j * r + i];
            }
        }
    }
    Some(s)
}

#[inline]
fn rv_at(rv: &[f64], i: usize) -> f64 {
    if i < rv.len() { rv[i] } else { 0.0 }
}

/// Buffers for [`sums_chandrasekhar`].
#[derive(Debug, Clone, Default)]
pub(crate) struct ChandraWs {
    a: Vec<f64>,
    ax: Vec<f64>,
    g: Vec<f64>,
    w: Vec<f64>,
}

/// The likelihood sums of [`filter`] in O(r) per step instead of O(r²), by the Chandrasekhar
/// recursions (Morf, Sidhu & Kailath 1974; Herbst 2015).
///
/// From the stationary initial covariance, `P_{t+1} − P_t = W_t M_t W_tᵀ` has rank one, so the
/// filter only needs `g_t = P_t Z'` (here the first column of `P_t`), `F_t = g_t[0]` and the
/// rank-one factor:
/// `g_{t+1} = g_t + W_t M_t s_t`, `F_{t+1} = g_{t+1}[0]`, `M_{t+1} = M_t F_{t+1}/F_t`,
/// `W_{t+1} = T (W_t − g_{t+1} s_t / F_{t+1})` with `s_t = W_t[0]`, starting from
/// `W_1 = T P_1 Z'`, `M_1 = −1/F_1`. Because the first element of `W_t − g_{t+1}s_t/F_{t+1}` is
/// zero, multiplying by the companion matrix `T` is a shift; so is the state update. Shifts are
/// done by sliding a window along a longer buffer, which leaves every inner loop a plain
/// element-wise update the compiler vectorises. Used for every objective evaluation; the final
/// pass, which also needs the covariance for forecasting, uses [`filter`].
pub(crate) fn sums_chandrasekhar(
    poly: &ArmaPoly,
    p0_row: &[f64],
    y: &[f64],
    x: Option<&[f64]>,
    ws: &mut ChandraWs,
) -> Option<Sums> {
    let r = poly.r;
    let n = y.len();
    let phi = &poly.phi[..r];
    let len = n + r + 2;
    for v in [&mut ws.a, &mut ws.ax, &mut ws.w] {
        v.clear();
        v.resize(len, 0.0);
    }
    ws.g.clear();
    ws.g.resize(r + 1, 0.0);
    let (abuf, axbuf, g, wbuf) = (&mut ws.a, &mut ws.ax, &mut ws.g, &mut ws.w);
    // g_1 = P_1 Z' (first column, = first row), W_1 = T g_1.
    g[..r].copy_from_slice(&p0_row[..r]);
    for i in 0..r {
        wbuf[i] = phi[i] * g[0] + g[i + 1];
    }
    let mut f = g[0];
    let mut m = -1.0 / f;
    let has_x = x.is_some();
    let xs = x.unwrap_or(&[]);
    let mut s = Sums::default();
    let mut steady = false;
    for t in 0..n {
        if !(f > 0.0 && f.is_finite()) {
            return None;
        }
        let yt = y[t];
        let xt = if has_x { xs[t] } else { 0.0 };
        let vy = yt - abuf[t];
        let vx = xt - axbuf[t];
        let inv_f = 1.0 / f;
        s.syy += vy * vy * inv_f;
        s.syx += vy * vx * inv_f;
        s.sxx += vx * vx * inv_f;
        s.sumlog += f.ln();
        s.n += 1;
        // State, shifted one place: a_{t+1}[i] = a_t[i+1] + φ_{i+1} y_t + g[i+1] v / F.
        let gt = &g[1..=r];
        let (ky, kx) = (vy * inv_f, vx * inv_f);
        for ((a, p), gi) in abuf[t + 1..t + 1 + r].iter_mut().zip(phi).zip(gt) {
            *a += p * yt + gi * ky;
        }
        if has_x {
            for ((a, p), gi) in axbuf[t + 1..t + 1 + r].iter_mut().zip(phi).zip(gt) {
                *a += p * xt + gi * kx;
            }
        }
        if steady {
            continue;
        }
        // Covariance through its rank-one increment.
        let w = &wbuf[t..t + r];
        let st = w[0];
        let ms = m * st;
        for (gi, wi) in g[..r].iter_mut().zip(w) {
            *gi += wi * ms;
        }
        let f_new = g[0];
        m *= f_new / f;
        f = f_new;
        let scale = st / f;
        let mut wsq = 0.0;
        for (wi, gi) in wbuf[t + 1..t + 1 + r].iter_mut().zip(&g[1..=r]) {
            *wi -= gi * scale;
            // A sum of squares (not a running max, which NaN semantics keep scalar) bounds
            // every diagonal element of the increment.
            wsq += *wi * *wi;
        }
        steady = (m * wsq).abs() < CHANDRASEKHAR_STEADY_TOL;
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arma::ArmaShape;
    use crate::stationary::{StationaryWs, stationary_covariance};

    #[test]
    fn chandrasekhar_equals_the_riccati_filter() {
        let y: Vec<f64> = (0..150)
            .map(|t| ((t * 37 % 23) as f64 - 11.0) * 0.7 + (t as f64 * 0.2).sin())
            .collect();
        let x: Vec<f64> = vec![1.0; 150];
        let sh = |p, q, sp, sq, s| ArmaShape { p, q, sp, sq, s };
        let cases: [(ArmaShape, Vec<f64>); 5] = [
            (sh(1, 1, 0, 0, 1), vec![0.6, 0.3]),
            (sh(0, 1, 0, 1, 12), vec![-0.4, -0.6]),
            (sh(2, 2, 1, 1, 4), vec![0.5, -0.2, 0.3, 0.1, 0.4, -0.5]),
            (sh(3, 0, 2, 0, 12), vec![0.4, 0.1, -0.2, 0.3, 0.2]),
            (sh(0, 2, 0, 0, 1), vec![-0.99, 0.2]),
        ];
        for (shape, coef) in cases {
            let mut poly = ArmaPoly::new(shape);
            poly.set(&coef);
            let mut p0 = vec![0.0; poly.r * poly.r];
            assert!(stationary_covariance(
                &poly,
                &mut StationaryWs::default(),
                &mut p0
            ));
            let a = filter(&poly, &p0, &y, Some(&x), &mut KalmanWs::default(), None).unwrap();
            let b = sums_chandrasekhar(
                &poly,
                &p0[..poly.r],
                &y,
                Some(&x),
                &mut ChandraWs::default(),
            )
            .unwrap();
            for (u, v) in [
                (a.syy, b.syy),
                (a.syx, b.syx),
                (a.sxx, b.sxx),
                (a.sumlog, b.sumlog),
            ] {
                assert!(
                    (u - v).abs() <= 1e-9 * u.abs().max(1.0),
                    "{shape:?}: {u} vs {v}"
                );
            }
        }
    }
}
