//! Exact Gaussian likelihood of a stationary ARMA process by the Kalman filter, on a complete
//! (already differenced) series, with regression columns concentrated out by GLS.
//!
//! Every evaluation, the final pass included, runs the Chandrasekhar recursions
//! ([`sums_chandrasekhar`], [`filter_chandrasekhar`]): the covariance changes by a rank-one
//! term each step, so a step costs O(r). The covariance (Riccati) form [`filter`], which uses
//! the structure of the ARMA state space (`P_{t+1} = shift(P_t) - g gᵀ/F + R Rᵀ`, O(r²/2) per
//! step), is kept as the reference the tests compare against: from a near-unit-root initial
//! covariance its subtractions cancel badly enough to make an innovation variance negative.

use crate::arma::ArmaPoly;

/// Largest deviation of the predicted covariance from its steady state at which the filter
/// switches to the steady-state recursion.
#[cfg(test)]
const STEADY_TOL: f64 = 1e-11;

/// The Chandrasekhar filter tests the covariance *increment*, which overstates convergence when
/// it is slow, so it uses a tighter bound (its non-steady steps are cheap anyway).
const CHANDRASEKHAR_STEADY_TOL: f64 = 1e-15;

use crate::gls::Cols;
pub(crate) use crate::gls::Sums;

/// Reusable buffers for [`filter`].
#[cfg(test)]
#[derive(Debug, Clone, Default)]
pub(crate) struct KalmanWs {
    pub(crate) p: Vec<f64>,
    pub(crate) a: Vec<f64>,
    /// The regression columns' state means, `r + 1` per column.
    pub(crate) ax: Vec<f64>,
    g: Vec<f64>,
    c: Vec<f64>,
    vx: Vec<f64>,
}

/// Per-observation output of the final filter pass.
pub(crate) struct Trace<'a> {
    /// Innovation of the data column.
    pub(crate) vy: &'a mut [f64],
    /// Innovations of the regression columns, column by column (`k·n` values).
    pub(crate) vx: &'a mut [f64],
    /// Innovation variance in units of σ².
    pub(crate) f: &'a mut [f64],
}

/// Runs the filter from the stationary covariance `p0` over `y` (and the regression columns
/// `x`). On return `ws.a`/`ws.ax` hold the predicted state means for the step after the data
/// and `ws.p` its covariance (full symmetric). Returns `None` if an innovation variance stops
/// being positive and finite.
#[cfg(test)]
pub(crate) fn filter(
    poly: &ArmaPoly,
    p0: &[f64],
    y: &[f64],
    x: Cols<'_>,
    ws: &mut KalmanWs,
    mut trace: Option<Trace<'_>>,
) -> Option<Sums> {
    let r = poly.r;
    let k = x.k;
    let n = y.len();
    let phi = &poly.phi;
    let rv = &poly.rvec;
    ws.p.clear();
    ws.p.extend_from_slice(p0);
    ws.a.clear();
    ws.a.resize(r + 1, 0.0);
    ws.ax.clear();
    ws.ax.resize(k * (r + 1), 0.0);
    ws.g.clear();
    ws.g.resize(r + 1, 0.0);
    ws.c.clear();
    ws.c.resize(r + 1, 0.0);
    ws.vx.clear();
    ws.vx.resize(k, 0.0);
    let p = &mut ws.p;
    let a = &mut ws.a;
    let ax = &mut ws.ax;
    let g = &mut ws.g;
    let c = &mut ws.c;
    let vx = &mut ws.vx;

    let mut s = Sums::new(k);
    let mut steady = false;
    for t in 0..n {
        let yt = y[t];
        let f = if steady { 1.0 } else { p[0] };
        if !(f > 0.0 && f.is_finite()) {
            return None;
        }
        let vy = yt - a[0];
        for j in 0..k {
            vx[j] = x.col(j)[t] - ax[j * (r + 1)];
        }
        s.add(vy, vx, 1.0 / f);
        s.sumlog += f.ln();
        s.n += 1;
        if let Some(tr) = trace.as_mut() {
            tr.vy[t] = vy;
            for j in 0..k {
                tr.vx[j * n + t] = vx[j];
            }
            tr.f[t] = f;
        }
        if steady {
            // Gain equals R: a_{t+1}[i] = φ_{i+1} y_t + a[i+1] + R_{i+1} v.
            for i in 0..r {
                a[i] = phi[i] * yt + a[i + 1] + rv_at(rv, i + 1) * vy;
            }
            for j in 0..k {
                let (xt, axj) = (x.col(j)[t], &mut ax[j * (r + 1)..(j + 1) * (r + 1)]);
                for i in 0..r {
                    axj[i] = phi[i] * xt + axj[i + 1] + rv_at(rv, i + 1) * vx[j];
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
        for j in 0..k {
            let (xt, axj) = (x.col(j)[t], &mut ax[j * (r + 1)..(j + 1) * (r + 1)]);
            for i in 0..r {
                axj[i] = phi[i] * xt + axj[i + 1] + g[i] * vx[j];
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
    s.finish();
    Some(s)
}

#[cfg(test)]
#[inline]
fn rv_at(rv: &[f64], i: usize) -> f64 {
    if i < rv.len() { rv[i] } else { 0.0 }
}

/// Buffers for [`sums_chandrasekhar`].
#[derive(Debug, Clone, Default)]
pub(crate) struct ChandraWs {
    a: Vec<f64>,
    /// The regression columns' state means, one window buffer per column.
    ax: Vec<f64>,
    g: Vec<f64>,
    w: Vec<f64>,
    vx: Vec<f64>,
}

/// The likelihood sums of [`filter`] in O(r) per step instead of O(r²), by the Chandrasekhar
/// recursions (Morf, Sidhu & Kailath 1974; Herbst 2015), into `sums`; `false` if an
/// innovation variance stops being positive and finite.
///
/// From the stationary initial covariance, `P_{t+1} − P_t = W_t M_t W_tᵀ` has rank one, so the
/// filter only needs `g_t = P_t Z'` (here the first column of `P_t`), `F_t = g_t[0]` and the
/// rank-one factor:
/// `g_{t+1} = g_t + W_t M_t s_t`, `F_{t+1} = g_{t+1}[0]`, `M_{t+1} = M_t F_{t+1}/F_t`,
/// `W_{t+1} = T (W_t − g_{t+1} s_t / F_{t+1})` with `s_t = W_t[0]`, starting from
/// `W_1 = T P_1 Z'`, `M_1 = −1/F_1`. Because the first element of `W_t − g_{t+1}s_t/F_{t+1}` is
/// zero, multiplying by the companion matrix `T` is a shift; so is the state update. Shifts are
/// done by sliding a window along a longer buffer, which leaves every inner loop a plain
/// element-wise update the compiler vectorises.
pub(crate) fn sums_chandrasekhar(
    poly: &ArmaPoly,
    p0_row: &[f64],
    y: &[f64],
    x: Cols<'_>,
    ws: &mut ChandraWs,
    sums: &mut Sums,
) -> bool {
    chandrasekhar(poly, p0_row, y, x, ws, sums, None)
}

/// What the final pass of [`filter_chandrasekhar`] returns besides the sums.
pub(crate) struct FinalPass<'a> {
    /// Per-observation innovations and variances.
    pub(crate) trace: Trace<'a>,
    /// On entry the full stationary covariance `P_1` (r×r); on return the predicted covariance
    /// `P_{n+1}` of the step after the data.
    pub(crate) p: &'a mut [f64],
    /// On return the predicted state means of the data and regression columns (`r` per
    /// column) for step n+1.
    pub(crate) a: &'a mut [f64],
    pub(crate) ax: &'a mut [f64],
}

/// The final pass: the likelihood's own recursion ([`sums_chandrasekhar`], so residuals and
/// likelihood agree exactly) plus the innovations, the state after the data and its
/// covariance `P_{n+1} = P_1 + Σ_t W_t M_t W_tᵀ`, accumulated from the same rank-one
/// increments (O(r²) per step until the increments vanish).
///
/// The covariance form ([`filter`]) computes the same quantities but subtracts terms of the
/// size of `P_1` at every step; from a near-unit-root `P_1` that cancellation can make an
/// innovation variance negative where this recursion stays accurate.
pub(crate) fn filter_chandrasekhar(
    poly: &ArmaPoly,
    y: &[f64],
    x: Cols<'_>,
    ws: &mut ChandraWs,
    out: FinalPass<'_>,
) -> Option<Sums> {
    let r = poly.r;
    let p0_row = out.p[..r].to_vec();
    let mut sums = Sums::new(x.k);
    chandrasekhar(poly, &p0_row, y, x, ws, &mut sums, Some(out)).then_some(sums)
}

fn chandrasekhar(
    poly: &ArmaPoly,
    p0_row: &[f64],
    y: &[f64],
    x: Cols<'_>,
    ws: &mut ChandraWs,
    s: &mut Sums,
    mut out: Option<FinalPass<'_>>,
) -> bool {
    let r = poly.r;
    let n = y.len();
    let k = x.k;
    let phi = &poly.phi[..r];
    let len = n + r + 2;
    for (v, size) in [(&mut ws.a, len), (&mut ws.ax, k * len), (&mut ws.w, len)] {
        v.clear();
        v.resize(size, 0.0);
    }
    ws.g.clear();
    ws.g.resize(r + 1, 0.0);
    ws.vx.clear();
    ws.vx.resize(k, 0.0);
    let (abuf, axbuf, g, wbuf, vx) = (&mut ws.a, &mut ws.ax, &mut ws.g, &mut ws.w, &mut ws.vx);
    // g_1 = P_1 Z' (first column, = first row), W_1 = T g_1.
    g[..r].copy_from_slice(&p0_row[..r]);
    for i in 0..r {
        wbuf[i] = phi[i] * g[0] + g[i + 1];
    }
    let mut f = g[0];
    let mut m = -1.0 / f;
    s.reset(k);
    let mut steady = false;
    for t in 0..n {
        if !(f > 0.0 && f.is_finite()) {
            return false;
        }
        let yt = y[t];
        let vy = yt - abuf[t];
        for j in 0..k {
            vx[j] = x.data[j * n + t] - axbuf[j * len + t];
        }
        let inv_f = 1.0 / f;
        s.add(vy, vx, inv_f);
        s.sumlog += f.ln();
        s.n += 1;
        if let Some(o) = out.as_mut() {
            o.trace.vy[t] = vy;
            for j in 0..k {
                o.trace.vx[j * n + t] = vx[j];
            }
            o.trace.f[t] = f;
        }
        // State, shifted one place: a_{t+1}[i] = a_t[i+1] + φ_{i+1} y_t + g[i+1] v / F.
        let gt = &g[1..=r];
        let ky = vy * inv_f;
        for ((a, p), gi) in abuf[t + 1..t + 1 + r].iter_mut().zip(phi).zip(gt) {
            *a += p * yt + gi * ky;
        }
        for j in 0..k {
            let (xt, kx) = (x.data[j * n + t], vx[j] * inv_f);
            let win = &mut axbuf[j * len + t + 1..j * len + t + 1 + r];
            for ((a, p), gi) in win.iter_mut().zip(phi).zip(gt) {
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
        if let Some(o) = out.as_mut() {
            for i in 0..r {
                let mwi = m * w[i];
                for j in i..r {
                    o.p[i * r + j] += mwi * w[j];
                }
            }
        }
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
    s.finish();
    if let Some(o) = out {
        o.a.copy_from_slice(&abuf[n..n + r]);
        for j in 0..k {
            o.ax[j * r..(j + 1) * r].copy_from_slice(&axbuf[j * len + n..j * len + n + r]);
        }
        // The increments were added to the upper triangle only.
        for i in 0..r {
            for j in 0..i {
                o.p[i * r + j] = o.p[j * r + i];
            }
        }
        if !o.p.iter().all(|v| v.is_finite()) {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arma::ArmaShape;
    use crate::gls::Columns;
    use crate::stationary::{StationaryWs, stationary_covariance};

    #[test]
    fn chandrasekhar_equals_the_riccati_filter() {
        let y: Vec<f64> = (0..150)
            .map(|t| ((t * 37 % 23) as f64 - 11.0) * 0.7 + (t as f64 * 0.2).sin())
            .collect();
        // Two regression columns: a constant and a step from t = 90.
        let mut x = Columns::none(150);
        x.push(&[1.0; 150]);
        x.push(
            &(0..150)
                .map(|t| f64::from(u8::from(t >= 90)))
                .collect::<Vec<_>>(),
        );
        let x = x.view();
        let k = x.k;
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
            let n = y.len();
            let r = poly.r;
            let (mut vy1, mut vx1, mut f1) = (vec![0.0; n], vec![0.0; k * n], vec![0.0; n]);
            let mut kws = KalmanWs::default();
            let trace = Trace {
                vy: &mut vy1,
                vx: &mut vx1,
                f: &mut f1,
            };
            let a = filter(&poly, &p0, &y, x, &mut kws, Some(trace)).unwrap();
            let mut b = Sums::default();
            assert!(sums_chandrasekhar(
                &poly,
                &p0[..poly.r],
                &y,
                x,
                &mut ChandraWs::default(),
                &mut b,
            ));
            // The final pass: same sums, innovations, final state and covariance.
            let (mut vy2, mut vx2, mut f2) = (vec![0.0; n], vec![0.0; k * n], vec![0.0; n]);
            let (mut a2, mut ax2, mut p2) = (vec![0.0; r], vec![0.0; k * r], p0.clone());
            let c = filter_chandrasekhar(
                &poly,
                &y,
                x,
                &mut ChandraWs::default(),
                FinalPass {
                    trace: Trace {
                        vy: &mut vy2,
                        vx: &mut vx2,
                        f: &mut f2,
                    },
                    p: &mut p2,
                    a: &mut a2,
                    ax: &mut ax2,
                },
            )
            .unwrap();
            let pairs = [
                (a.syy, b.syy),
                (a.sumlog, b.sumlog),
                (a.syy, c.syy),
                (a.sumlog, c.sumlog),
            ]
            .into_iter()
            .chain(a.sxy.iter().copied().zip(b.sxy.iter().copied()))
            .chain(a.sxx.iter().copied().zip(b.sxx.iter().copied()))
            .chain(a.sxy.iter().copied().zip(c.sxy.iter().copied()));
            for (u, v) in pairs {
                assert!(
                    (u - v).abs() <= 1e-9 * u.abs().max(1.0),
                    "{shape:?}: {u} vs {v}"
                );
            }
            let close = |u: &[f64], v: &[f64], what: &str| {
                for (p, q) in u.iter().zip(v) {
                    assert!(
                        (p - q).abs() <= 1e-9 * p.abs().max(1.0),
                        "{shape:?} {what}: {p} vs {q}"
                    );
                }
            };
            close(&vy1, &vy2, "vy");
            close(&vx1, &vx2, "vx");
            close(&f1, &f2, "F");
            close(&kws.a[..r], &a2, "a");
            for j in 0..k {
                close(
                    &kws.ax[j * (r + 1)..j * (r + 1) + r],
                    &ax2[j * r..(j + 1) * r],
                    "ax",
                );
            }
            close(&kws.p, &p2, "P");
        }
    }

    /// From a near-unit-root stationary covariance (AR roots at ±1 within 1e-12, MA roots on
    /// the unit circle: where CSS-ML ended on `PROPTEST_RNG_SEED=17` before the likelihood was
    /// limited to well-conditioned covariances) the covariance form loses positive
    /// definiteness after two steps, while the Chandrasekhar recursion keeps every innovation
    /// variance at least 1.
    #[test]
    fn chandrasekhar_final_pass_survives_where_the_riccati_form_breaks_down() {
        let shape = ArmaShape {
            p: 2,
            q: 2,
            sp: 0,
            sq: 0,
            s: 1,
        };
        let mut poly = ArmaPoly::new(shape);
        poly.set(&[
            8.93951579428176e-13,
            0.9999999999991058,
            1.9999999991854136,
            0.9999999991854136,
        ]);
        let r = poly.r;
        let mut p0 = vec![0.0; r * r];
        assert!(stationary_covariance(
            &poly,
            &mut StationaryWs::default(),
            &mut p0
        ));
        assert!(p0[0] > 1e11);
        let y: Vec<f64> = (0..60).map(|t| 450.0 + (t as f64 * 0.7).sin()).collect();
        let n = y.len();
        let none = Columns::none(n);
        assert!(filter(&poly, &p0, &y, none.view(), &mut KalmanWs::default(), None).is_none());
        let (mut vy, mut vx, mut f) = (vec![0.0; n], vec![0.0; 0], vec![0.0; n]);
        let (mut a, mut ax, mut p) = (vec![0.0; r], vec![0.0; 0], p0.clone());
        let s = filter_chandrasekhar(
            &poly,
            &y,
            none.view(),
            &mut ChandraWs::default(),
            FinalPass {
                trace: Trace {
                    vy: &mut vy,
                    vx: &mut vx,
                    f: &mut f,
                },
                p: &mut p,
                a: &mut a,
                ax: &mut ax,
            },
        )
        .unwrap();
        assert_eq!(s.n, n);
        // Innovation variances of a unit-variance shock are at least 1.
        assert!(f.iter().all(|v| *v >= 1.0 - 1e-6), "{f:?}");
        assert!(a.iter().all(|v| v.is_finite()));
        assert!(p.iter().all(|v| v.is_finite()));
    }
}
