//! Conditional sum of squares (R's `CSS`): residuals of the ARMA recursion on the differenced
//! series, started after the first p' values with earlier residuals set to zero.

use crate::arma::ArmaPoly;
use crate::gls::Cols;
use crate::kalman::Sums;

/// Reusable residual buffers.
#[derive(Debug, Clone, Default)]
pub(crate) struct CssWs {
    pub(crate) ey: Vec<f64>,
    /// Residuals of the regression columns, `n + q'` per column.
    pub(crate) ex: Vec<f64>,
    vx: Vec<f64>,
    /// The sums of the last evaluation.
    pub(crate) sums: Sums,
}

/// Residual cross-products of the data column and the regression columns into `ws.sums`.
/// `sumlog` stays 0 and `n` counts the residuals used. Non-finite residuals (an explosive MA
/// part) give infinite sums, which the optimiser treats as a failed step.
pub(crate) fn css_sums(poly: &ArmaPoly, y: &[f64], x: Cols<'_>, ws: &mut CssWs) {
    let n = y.len();
    let k = x.k;
    let start = poly.shape.p_full().min(n);
    // Residual of time t at index t + q': the q' leading zeros stand for the residuals before
    // the start, so the MA recursion needs no bounds test.
    let off = poly.shape.q_full();
    let len = n + off;
    ws.ey.clear();
    ws.ey.resize(len, 0.0);
    residuals(poly, y, start, off, &mut ws.ey);
    ws.ex.clear();
    ws.ex.resize(k * len, 0.0);
    for j in 0..k {
        residuals(
            poly,
            x.col(j),
            start,
            off,
            &mut ws.ex[j * len..(j + 1) * len],
        );
    }
    let s = &mut ws.sums;
    s.reset(k);
    s.n = n - start;
    ws.vx.clear();
    ws.vx.resize(k, 0.0);
    if k == 0 {
        s.syy = ws.ey[off + start..].iter().map(|e| e * e).sum();
    } else {
        for t in off + start..len {
            for j in 0..k {
                ws.vx[j] = ws.ex[j * len + t];
            }
            s.add(ws.ey[t], &ws.vx, 1.0);
        }
    }
    s.finish();
    if !s.syy.is_finite() {
        s.syy = f64::INFINITY;
    }
}

fn residuals(poly: &ArmaPoly, w: &[f64], start: usize, off: usize, e: &mut [f64]) {
    for t in start..w.len() {
        let mut v = w[t];
        for &(lag, c) in &poly.ar_terms {
            v -= c * w[t - lag];
        }
        let et = t + off;
        for &(lag, c) in &poly.ma_terms {
            v -= c * e[et - lag];
        }
        e[et] = v;
    }
}

impl CssWs {
    /// Residuals of the data column for times `0..n` (zero before the start).
    pub(crate) fn residual_y(&self, n: usize) -> &[f64] {
        &self.ey[self.ey.len() - n..]
    }

    /// Residuals of regression column `j` for times `0..n`.
    pub(crate) fn residual_x(&self, n: usize, j: usize) -> &[f64] {
        let len = self.ey.len();
        &self.ex[j * len + len - n..(j + 1) * len]
    }
}

/// The conditional residuals themselves (regression coefficients concentrated out), for
/// least-squares fitting: `out` gets `n − p'` values. `false` if any is not finite.
pub(crate) fn css_residuals(
    poly: &ArmaPoly,
    y: &[f64],
    x: Cols<'_>,
    ws: &mut CssWs,
    out: &mut [f64],
) -> bool {
    css_sums(poly, y, x, ws);
    let n = y.len();
    let start = n - ws.sums.n;
    let len = ws.ey.len();
    let off = len - n;
    out.copy_from_slice(&ws.ey[off + start..]);
    if x.k > 0 {
        let beta = ws.sums.solved();
        for (j, b) in beta.iter().enumerate() {
            let ex = &ws.ex[j * len + off + start..(j + 1) * len];
            for (o, f) in out.iter_mut().zip(ex) {
                *o -= b * f;
            }
        }
    }
    ws.sums.syy.is_finite() && out.iter().all(|v| v.is_finite())
}
