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
    ws.ey.clear();
    ws.ey.resize(n, 0.0);
    residuals(poly, y, start, &mut ws.ey);
    let mut s = Sums {
        n: n - start,
        ..Sums::default()
    };
    match x {
        Some(x) => {
            ws.ex.clear();
            ws.ex.resize(n, 0.0);
            residuals(poly, x, start, &mut ws.ex);
            for t in start..n {
                let (e, f) = (ws.ey[t], ws.ex[t]);
                s.syy += e * e;
                s.syx += e * f;
                s.sxx += f * f;
            }
        }
        None => {
            s.syy = ws.ey[start..].iter().map(|e| e * e).sum();
        }
    }
    if !s.syy.is_finite() || !s.syx.is_finite() || !s.sxx.is_finite() {
        s.syy = f64::INFINITY;
    }
    s
}

fn residuals(poly: &ArmaPoly, w: &[f64], start: usize, e: &mut [f64]) {
    for t in start..w.len() {
        let mut v = w[t];
        for &(lag, c) in &poly.ar_terms {
            v -= c * w[t - lag];
        }
        for &(lag, c) in &poly.ma_terms {
            if t >= start + lag {
                v -= c * e[t - lag];
            }
        }
        e[t] = v;
    }
}
