//! Exact likelihood of an integrated model on a series with missing values: the Kalman filter
//! on the full state with the exact diffuse initialisation of Durbin & Koopman (2012, §5.2) for
//! the `d + D·s` pre-sample values, skipping missing observations.
//!
//! The log-likelihood follows R's convention: the observations that resolve the diffuse prior
//! contribute nothing, so on a complete series this equals the exact likelihood of the
//! differenced series.

use crate::gls::Cols;
use crate::kalman::Sums;
use crate::statespace::FullModel;

/// `F∞` below this counts as zero (the observation carries no diffuse information).
const DIFFUSE_TOL: f64 = 1e-8;

/// Reusable buffers.
#[derive(Debug, Clone, Default)]
pub(crate) struct DiffuseWs {
    pub(crate) a: Vec<f64>,
    /// The regression columns' state means, `m` per column.
    pub(crate) ax: Vec<f64>,
    pub(crate) pstar: Vec<f64>,
    pinf: Vec<f64>,
    tmp: Vec<f64>,
    col: Vec<f64>,
    mstar: Vec<f64>,
    minf: Vec<f64>,
    next: Vec<f64>,
    vx: Vec<f64>,
}

/// What happened at one observation, for residuals.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Step {
    Missing,
    Diffuse,
    Regular,
}

/// Per-observation output of the final pass.
pub(crate) struct DiffuseTrace<'a> {
    pub(crate) vy: &'a mut [f64],
    /// Innovations of the regression columns, column by column (`k·n`).
    pub(crate) vx: &'a mut [f64],
    pub(crate) f: &'a mut [f64],
    /// One-step predictions of the data and regression columns (before the update; `k·n`
    /// for the columns).
    pub(crate) pred_y: &'a mut [f64],
    pub(crate) pred_x: &'a mut [f64],
    pub(crate) step: &'a mut [Step],
}

/// Filters `y` (NaN = missing) and the regression columns `x` into `s`. `p0` is the
/// stationary covariance of the ARMA block (r×r). On return `ws.a`, `ws.ax`, `ws.pstar` hold
/// the predicted state and covariance of the step after the data. `false` if an innovation
/// variance stops being positive and finite.
pub(crate) fn filter(
    model: &FullModel<'_>,
    p0: &[f64],
    y: &[f64],
    x: Cols<'_>,
    ws: &mut DiffuseWs,
    s: &mut Sums,
    mut trace: Option<DiffuseTrace<'_>>,
) -> bool {
    let r = model.r();
    let nd = model.delta.len();
    let m = r + nd;
    let k = x.k;
    let n = y.len();
    let reset = |v: &mut Vec<f64>, len: usize| {
        v.clear();
        v.resize(len, 0.0);
    };
    reset(&mut ws.a, m);
    reset(&mut ws.ax, k * m);
    reset(&mut ws.vx, k);
    reset(&mut ws.pstar, m * m);
    reset(&mut ws.pinf, m * m);
    reset(&mut ws.tmp, m * m);
    reset(&mut ws.col, m);
    reset(&mut ws.mstar, m);
    reset(&mut ws.minf, m);
    reset(&mut ws.next, m);
    for i in 0..r {
        ws.pstar[i * m..i * m + r].copy_from_slice(&p0[i * r..(i + 1) * r]);
    }
    for j in 0..nd {
        ws.pinf[(r + j) * m + r + j] = 1.0;
    }
    let mut rank = nd;
    s.reset(k);
    for t in 0..n {
        let yt = y[t];
        let py = model.observe(&ws.a);
        for j in 0..k {
            let px = model.observe(&ws.ax[j * m..(j + 1) * m]);
            ws.vx[j] = x.data[j * n + t] - px;
            if let Some(tr) = trace.as_mut() {
                tr.pred_x[j * n + t] = px;
            }
        }
        if let Some(tr) = trace.as_mut() {
            tr.pred_y[t] = py;
        }
        if yt.is_nan() {
            if let Some(tr) = trace.as_mut() {
                tr.step[t] = Step::Missing;
                tr.vy[t] = f64::NAN;
                for j in 0..k {
                    tr.vx[j * n + t] = f64::NAN;
                }
                tr.f[t] = f64::NAN;
            }
        } else {
            let vy = yt - py;
            for c in 0..m {
                ws.mstar[c] = model.observe(&ws.pstar[c * m..(c + 1) * m]);
            }
            let fstar = model.observe(&ws.mstar);
            let mut finf = 0.0;
            if rank > 0 {
                for c in 0..m {
                    ws.minf[c] = model.observe(&ws.pinf[c * m..(c + 1) * m]);
                }
                finf = model.observe(&ws.minf);
            }
            if rank > 0 && finf > DIFFUSE_TOL {
                let inv = 1.0 / finf;
                for i in 0..m {
                    ws.a[i] += ws.minf[i] * vy * inv;
                }
                for j in 0..k {
                    let kx = ws.vx[j] * inv;
                    for (a, mi) in ws.ax[j * m..(j + 1) * m].iter_mut().zip(&ws.minf) {
                        *a += mi * kx;
                    }
                }
                let k2 = fstar * inv * inv;
                for i in 0..m {
                    for j in 0..m {
                        let (mi, mj) = (ws.minf[i], ws.minf[j]);
                        ws.pstar[i * m + j] +=
                            mi * mj * k2 - (ws.mstar[i] * mj + mi * ws.mstar[j]) * inv;
                        ws.pinf[i * m + j] -= mi * mj * inv;
                    }
                }
                rank -= 1;
                if rank == 0 {
                    ws.pinf.fill(0.0);
                }
                if let Some(tr) = trace.as_mut() {
                    tr.step[t] = Step::Diffuse;
                    tr.vy[t] = vy;
                    for j in 0..k {
                        tr.vx[j * n + t] = ws.vx[j];
                    }
                    tr.f[t] = f64::NAN;
                }
            } else {
                let f = fstar;
                if !(f > 0.0 && f.is_finite()) {
                    return false;
                }
                let inv = 1.0 / f;
                for i in 0..m {
                    ws.a[i] += ws.mstar[i] * vy * inv;
                }
                for j in 0..k {
                    let kx = ws.vx[j] * inv;
                    for (a, mi) in ws.ax[j * m..(j + 1) * m].iter_mut().zip(&ws.mstar) {
                        *a += mi * kx;
                    }
                }
                for i in 0..m {
                    for j in 0..m {
                        ws.pstar[i * m + j] -= ws.mstar[i] * ws.mstar[j] * inv;
                    }
                }
                s.add(vy, &ws.vx, inv);
                s.sumlog += f.ln();
                s.n += 1;
                if let Some(tr) = trace.as_mut() {
                    tr.step[t] = Step::Regular;
                    tr.vy[t] = vy;
                    for j in 0..k {
                        tr.vx[j * n + t] = ws.vx[j];
                    }
                    tr.f[t] = f;
                }
            }
        }
        model.apply_t(&ws.a, &mut ws.next);
        std::mem::swap(&mut ws.a, &mut ws.next);
        for j in 0..k {
            let axj = &mut ws.ax[j * m..(j + 1) * m];
            model.apply_t(axj, &mut ws.next);
            axj.copy_from_slice(&ws.next);
        }
        model.propagate(&mut ws.pstar, &mut ws.tmp, &mut ws.col, true);
        if rank > 0 {
            model.propagate(&mut ws.pinf, &mut ws.tmp, &mut ws.col, false);
        }
    }
    s.finish();
    true
}
