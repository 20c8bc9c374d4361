//! Conditional sum of squares (R's `CSS`): residuals of the ARMA recursion on the differenced
//! series, started after the first p' values with earlier residuals set to zero.

use crate::arma::ArmaPoly;
use crate::kalman::Sums;

/// Reusable residual buffers.
#[derive(Debug, Clone, Default)]
pub(crate) struct CssWs {
    pub(crate) ey: Vec<f64>,
    pub(crate) ex: Vec<f64>,
}

/// Residual cross-products of the data column and the regression column (if any). `sumlog`
/// stays 0 and `n` counts the residuals used. Non-finite residuals (an explosive MA part) give
/// infinite sums, which the optimiser treats as a failed step.
pub(crate) fn css_sums(poly: &ArmaPoly, y: &[f64], x: Option<&[f64]>, ws: &mut CssWs) -> Sums {
    let n = y.len();
    let start = poly.shape.p_full().min(n);
    // Residual of time t at index t + q': the q' leading zeros stand for the residuals before
    // the start, so the MA recursion needs no bounds test.
    let off = poly.shape.q_full();
    ws.ey.clear();
    ws.ey.resize(n + off, 0.0);
    residuals(poly, y, start, off, &mut ws.ey);
    let mut s = Sums {
        n: n - start,
        ..Sums::default()
    };
    match x {
        Some(x) => {
            ws.ex.clear();
            ws.ex.resize(n + off, 0.0);
            residuals(poly, x, start, off, &mut ws.ex);
            for (e, f) in ws.ey[off + start..].iter().zip(&ws.ex[off + start..]) {
                s.syy += e * e;
                s.syx += e * f;
                s.sxx += f * f;
            }
        }
        None => {
            s.syy = ws.ey[off + start..].iter().map(|e| e * e).sum();
        }
    }
    if !s.syy.is_finite() || !s.syx.is_finite() || !s.sxx.is_finite() {
        s.syy = f64::INFINITY;
    }
    s
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
    /// Residuals of the data and regression columns for times `0..n` (zero before the start).
    pub(crate) fn residual_series(&self, n: usize) -> (&[f64], &[f64]) {
        let off = self.ey.len() - n;
        let ex = if self.ex.len() == self.ey.len() {
            &self.ex[off..]
        } else {
            &[]
        };
        (&self.ey[off..], ex)
    }
}

/// The conditional residuals themselves (regression coefficient concentrated out), for
/// least-squares fitting: `out` gets `n − p'` values. `false` if any is not finite.
pub(crate) fn css_residuals(
    poly: &ArmaPoly,
    y: &[f64],
    x: Option<&[f64]>,
    ws: &mut CssWs,
    out: &mut [f64],
) -> bool {
    let s = css_sums(poly, y, x, ws);
    let start = y.len() - s.n;
    let beta = if x.is_some() { s.beta() } else { 0.0 };
    let (ey, ex) = ws.residual_series(y.len());
    match x {
        Some(_) => {
            for (o, (e, f)) in out.iter_mut().zip(ey[start..].iter().zip(&ex[start..])) {
                *o = e - beta * f;
            }
        }
        None => out.copy_from_slice(&ey[start..]),
    }
    s.syy.is_finite() && out.iter().all(|v| v.is_finite())
}
