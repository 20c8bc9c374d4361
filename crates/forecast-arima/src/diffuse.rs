//! Exact likelihood of an integrated model on a series with missing values: the Kalman filter
//! on the full state with the exact diffuse initialisation of Durbin & Koopman (2012, §5.2) for
//! the `d + D·s` pre-sample values, skipping missing observations.
//!
//! The log-likelihood follows R's convention: the observations that resolve the diffuse prior
//! contribute nothing, so on a complete series this equals the exact likelihood of the
//! differenced series.

use crate::kalman::Sums;
use crate::statespace::FullModel;

/// `F∞` below this counts as zero (the observation carries no diffuse information).
const DIFFUSE_TOL: f64 = 1e-8;

/// Reusable buffers.
#[derive(Debug, Clone, Default)]
pub(crate) struct DiffuseWs {
    pub(crate) a: Vec<f64>,
    pub(crate) ax: Vec<f64>,
    pub(crate) pstar: Vec<f64>,
    pinf: Vec<f64>,
    tmp: Vec<f64>,
    col: Vec<f64>,
    mstar: Vec<f64>,
    minf: Vec<f64>,
    next: Vec<f64>,
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
    pub(crate) vx: &'a mut [f64],
    pub(crate) f: &'a mut [f64],
    /// One-step predictions of the data and regression columns (before the update).
    pub(crate) pred_y: &'a mut [f64],
    pub(crate) pred_x: &'a mut [f64],
    pub(crate) step: &'a mut [Step],
}

/// Filters `y` (NaN = missing) and the optional regression column `x`. `p0` is the stationary
/// covariance of the ARMA block (r×r). On return `ws.a`, `ws.ax`, `ws.pstar` hold the predicted
/// state and covariance of the step after the data.
pub(crate) fn filter(
    model: &FullModel<'_>,
    p0: &[f64],
    y: &[f64],
    x: Option<&[f64]>,
    ws: &mut DiffuseWs,
    mut trace: Option<DiffuseTrace<'_>>,
) -> Option<Sums> {
    let r = model.r();
    let nd = model.delta.len();
    let m = r + nd;
    let reset = |v: &mut Vec<f64>, len: usize| {
        v.clear();
        v.resize(len, 0.0);
    };
    reset(&mut ws.a, m);
    reset(&mut ws.ax, m);
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
    let mut s = Sums::default();
    for t in 0..y.len() {
        let yt = y[t];
        let xt = x.map_or(0.0, |x| x[t]);
        let py = model.observe(&ws.a);
        let px = model.observe(&ws.ax);
        if let Some(tr) = trace.as_mut() {
            tr.pred_y[t] = py;
            tr.pred_x[t] = px;
        }
        if yt.is_nan() {
            if let Some(tr) = trace.as_mut() {
                tr.step[t] = Step::Missing;
                tr.vy[t] = f64::NAN;
                tr.vx[t] = f64::NAN;
                tr.f[t] = f64::NAN;
            }
        } else {
            let vy = yt - py;
            let vx = xt - px;
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
                    ws.ax[i] += ws.minf[i] * vx * inv;
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
                    tr.vx[t] = vx;
                    tr.f[t] = f64::NAN;
                }
            } else {
                let f = fstar;
                if !(f > 0.0 && f.is_finite()) {
                    return None;
                }
                let inv = 1.0 / f;
                for i in 0..m {
                    ws.a[i] += ws.mstar[i] * vy * inv;
                    ws.ax[i] += ws.mstar[i] * vx * inv;
                }
                for i in 0..m {
                    for j in 0..m {
                        ws.pstar[i * m + j] -= ws.mstar[i] * ws.mstar[j] * inv;
                    }
                }
                s.syy += vy * vy * inv;
                s.syx += vy * vx * inv;
                s.sxx += vx * vx * inv;
                s.sumlog += f.ln();
                s.n += 1;
                if let Some(tr) = trace.as_mut() {
                    tr.step[t] = Step::Regular;
                    tr.vy[t] = vy;
                    tr.vx[t] = vx;
                    tr.f[t] = f;
                }
            }
        }
        model.apply_t(&ws.a, &mut ws.next);
        std::mem::swap(&mut ws.a, &mut ws.next);
        model.apply_t(&ws.ax, &mut ws.next);
        std::mem::swap(&mut ws.ax, &mut ws.next);
        model.propagate(&mut ws.pstar, &mut ws.tmp, &mut ws.col, true);
        if rank > 0 {
            model.propagate(&mut ws.pinf, &mut ws.tmp, &mut ws.col, false);
        }
    }
    Some(s)
}
