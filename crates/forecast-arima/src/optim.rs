//! BFGS with a strong-Wolfe line search (Nocedal & Wright, algorithms 3.5/3.6) and
//! forward-difference gradients, sized for the few (≤ ~15) parameters of an ARIMA model.
//!
//! Hand-written rather than `argmin`: the objective costs a few microseconds, so per-iteration
//! overhead and allocation matter; see the crate's BENCHMARKS section for the measurement.

/// Stopping rules.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BfgsOptions {
    pub(crate) max_iter: usize,
    /// Converged when the largest gradient component is below this.
    pub(crate) gtol: f64,
    /// Converged when an iteration lowers the objective by less than `ftol * (|f| + ftol)`.
    pub(crate) ftol: f64,
}

impl Default for BfgsOptions {
    fn default() -> Self {
        Self {
            max_iter: 100,
            gtol: 1e-4,
            ftol: 1e-8,
        }
    }
}

/// Outcome of a minimisation.
#[derive(Debug, Clone)]
pub(crate) struct OptimResult {
    pub(crate) x: Vec<f64>,
    pub(crate) f: f64,
    pub(crate) iterations: usize,
    /// Objective evaluations, gradient probes included.
    pub(crate) evaluations: usize,
    pub(crate) converged: bool,
}

struct Counted<F> {
    f: F,
    evals: usize,
}

impl<F: FnMut(&[f64]) -> f64> Counted<F> {
    fn eval(&mut self, x: &[f64]) -> f64 {
        self.evals += 1;
        let v = (self.f)(x);
        if v.is_nan() { f64::INFINITY } else { v }
    }

    /// Forward-difference gradient at `x` where the value is `fx`; `None` if a probe fails.
    fn grad(&mut self, x: &mut [f64], fx: f64, g: &mut [f64]) -> bool {
        for i in 0..x.len() {
            let xi = x[i];
            let h = 1e-7 * xi.abs().max(1.0);
            x[i] = xi + h;
            let step = x[i] - xi;
            let mut fh = self.eval(x);
            let mut hh = step;
            if !fh.is_finite() {
                // Probe outside the domain: try the other side.
                x[i] = xi - h;
                hh = x[i] - xi;
                fh = self.eval(x);
            }
            x[i] = xi;
            if !fh.is_finite() {
                return false;
            }
            g[i] = (fh - fx) / hh;
        }
        true
    }
}

/// Minimises `f` from `x0`. An infinite or NaN value marks a point outside the domain; the
/// line search backs away from it.
pub(crate) fn minimize<F: FnMut(&[f64]) -> f64>(
    f: F,
    x0: &[f64],
    opts: BfgsOptions,
) -> OptimResult {
    minimize_from(f, x0, None, opts)
}

/// [`minimize`] with an initial inverse-Hessian approximation (row-major, e.g. from a
/// Gauss–Newton fit of a related least-squares problem); `None` starts from a scaled identity.
pub(crate) fn minimize_from<F: FnMut(&[f64]) -> f64>(
    f: F,
    x0: &[f64],
    h0: Option<&[f64]>,
    opts: BfgsOptions,
) -> OptimResult {
    let n = x0.len();
    let mut obj = Counted { f, evals: 0 };
    let mut x = x0.to_vec();
    let mut fx = obj.eval(&x);
    if n == 0 || !fx.is_finite() {
        return OptimResult {
            x,
            f: fx,
            iterations: 0,
            evaluations: obj.evals,
            converged: n == 0 && fx.is_finite(),
        };
    }
    let mut g = vec![0.0; n];
    if !obj.grad(&mut x, fx, &mut g) {
        return OptimResult {
            x,
            f: fx,
            iterations: 0,
            evaluations: obj.evals,
            converged: false,
        };
    }
    // Inverse Hessian approximation, row-major.
    let mut h = vec![0.0; n * n];
    let given_h0 = h0.is_some_and(|h0| h0.len() == n * n && h0.iter().all(|v| v.is_finite()));
    match h0 {
        Some(h0) if given_h0 => h.copy_from_slice(h0),
        _ => reset(&mut h, n),
    }
    let mut d = vec![0.0; n];
    let mut xn = vec![0.0; n];
    let mut gn = vec![0.0; n];
    let mut s = vec![0.0; n];
    let mut yv = vec![0.0; n];
    let mut hy = vec![0.0; n];
    let mut converged = false;
    let mut iterations = 0;
    let mut first = !given_h0;
    let mut h_is_identity = !given_h0;
    while iterations < opts.max_iter {
        if max_abs(&g) < opts.gtol {
            converged = true;
            break;
        }
        iterations += 1;
        for i in 0..n {
            d[i] = -(0..n).map(|j| h[i * n + j] * g[j]).sum::<f64>();
        }
        let mut dg = dot(&d, &g);
        if !(dg < 0.0) {
            reset(&mut h, n);
            h_is_identity = true;
            for i in 0..n {
                d[i] = -g[i];
            }
            dg = -dot(&g, &g);
        }
        // First step: a unit move in the steepest direction could be huge; cap it.
        let alpha0 = if first {
            (1.0 / max_abs(&d)).min(1.0)
        } else {
            1.0
        };
        first = false;
        let Some((alpha, fnew)) = line_search(&mut obj, &x, fx, dg, &d, alpha0, &mut xn, &mut gn)
        else {
            // No acceptable step along a descent direction: restart once from steepest
            // descent, otherwise we are at the numerical optimum.
            if !h_is_identity {
                reset(&mut h, n);
                h_is_identity = true;
                continue;
            }
            converged = max_abs(&g) < opts.gtol.sqrt();
            break;
        };
        for i in 0..n {
            s[i] = alpha * d[i];
            yv[i] = gn[i] - g[i];
        }
        let decrease = fx - fnew;
        x.copy_from_slice(&xn);
        g.copy_from_slice(&gn);
        fx = fnew;
        let sy = dot(&s, &yv);
        if sy > 1e-12 * dot(&s, &s).sqrt() * dot(&yv, &yv).sqrt() {
            if iterations == 1 && !given_h0 {
                // Scale the initial approximation (Nocedal & Wright eq. 6.20).
                let scale = sy / dot(&yv, &yv);
                for v in h.iter_mut() {
                    *v *= scale;
                }
            }
            // H += (sy + yHy) ss'/sy² - (Hy s' + s yH)/sy
            for i in 0..n {
                hy[i] = (0..n).map(|j| h[i * n + j] * yv[j]).sum();
            }
            h_is_identity = false;
            let yhy = dot(&yv, &hy);
            let c1 = (sy + yhy) / (sy * sy);
            for i in 0..n {
                for j in 0..n {
                    h[i * n + j] += c1 * s[i] * s[j] - (hy[i] * s[j] + s[i] * hy[j]) / sy;
                }
            }
        }
        if decrease <= opts.ftol * (fx.abs() + opts.ftol) && max_abs(&g) < opts.gtol.sqrt() {
            converged = true;
            break;
        }
    }
    if !converged && max_abs(&g) < opts.gtol {
        converged = true;
    }
    OptimResult {
        x,
        f: fx,
        iterations,
        evaluations: obj.evals,
        converged,
    }
}

/// Least squares stops when a step lowers the sum of squares by less than this fraction:
/// for CSS that is below 1e-3 in any information criterion for series up to 1,000 points.
const LS_FTOL: f64 = 1e-6;

/// Outcome of a least-squares fit.
#[derive(Debug, Clone)]
pub(crate) struct LsResult {
    pub(crate) x: Vec<f64>,
    /// Sum of squared residuals at `x`.
    pub(crate) ssq: f64,
    /// Gauss–Newton approximation `JᵀJ` at `x` (row-major).
    pub(crate) jtj: Vec<f64>,
    pub(crate) iterations: usize,
    pub(crate) converged: bool,
}

/// Levenberg–Marquardt minimisation of `‖r(x)‖²` with a forward-difference Jacobian.
/// `resid(x, out)` writes the `m` residuals and returns `false` when `x` is inadmissible.
///
/// Least squares converges in far fewer iterations than BFGS on `½ ln‖r‖²` (the CSS
/// objective), and its `JᵀJ` is a good starting Hessian for the exact-likelihood BFGS.
pub(crate) fn least_squares<F: FnMut(&[f64], &mut [f64]) -> bool>(
    mut resid: F,
    x0: &[f64],
    m: usize,
    opts: BfgsOptions,
) -> LsResult {
    let k = x0.len();
    let mut x = x0.to_vec();
    let mut r = vec![0.0; m];
    let ssq_of = |r: &[f64]| {
        let v: f64 = r.iter().map(|e| e * e).sum();
        if v.is_finite() { v } else { f64::INFINITY }
    };
    let mut ssq = if resid(&x, &mut r) {
        ssq_of(&r)
    } else {
        f64::INFINITY
    };
    let mut jac = vec![0.0; m * k]; // column-major: column j at j*m
    let mut jtj = vec![0.0; k * k];
    let mut g = vec![0.0; k];
    let mut rt = vec![0.0; m];
    let mut xt = vec![0.0; k];
    let mut a = vec![0.0; k * k];
    let mut step = vec![0.0; k];
    let mut lambda = 1e-3;
    let mut converged = false;
    let mut iterations = 0;
    if !ssq.is_finite() || k == 0 {
        return LsResult {
            x,
            ssq,
            jtj,
            iterations,
            converged: k == 0 && ssq.is_finite(),
        };
    }
    let mut jacobian_ok = false;
    while iterations < opts.max_iter {
        iterations += 1;
        // Jacobian by forward differences.
        jacobian_ok = true;
        for j in 0..k {
            let xj = x[j];
            let h = 1e-7 * xj.abs().max(1.0);
            x[j] = xj + h;
            let hh = x[j] - xj;
            let ok = resid(&x, &mut rt);
            x[j] = xj;
            if !ok {
                jacobian_ok = false;
                break;
            }
            let col = &mut jac[j * m..(j + 1) * m];
            for i in 0..m {
                col[i] = (rt[i] - r[i]) / hh;
            }
        }
        if !jacobian_ok {
            break;
        }
        for i in 0..k {
            let ci = &jac[i * m..(i + 1) * m];
            g[i] = ci.iter().zip(&r).map(|(a, b)| a * b).sum();
            for j in i..k {
                let cj = &jac[j * m..(j + 1) * m];
                let v: f64 = ci.iter().zip(cj).map(|(a, b)| a * b).sum();
                jtj[i * k + j] = v;
                jtj[j * k + i] = v;
            }
        }
        // Gradient of ½ ln‖r‖² is Jᵀr/‖r‖²: stop when it is small.
        if max_abs(&g) / ssq < opts.gtol {
            converged = true;
            break;
        }
        let mut accepted = false;
        while lambda < 1e12 {
            a.copy_from_slice(&jtj);
            for i in 0..k {
                a[i * k + i] += lambda * jtj[i * k + i].max(1e-12 * ssq);
            }
            for i in 0..k {
                step[i] = -g[i];
            }
            if crate::stationary::solve_in_place(&mut a, &mut step, k) {
                for i in 0..k {
                    xt[i] = x[i] + step[i];
                }
                let s_new = if resid(&xt, &mut rt) {
                    ssq_of(&rt)
                } else {
                    f64::INFINITY
                };
                if s_new < ssq {
                    let decrease = ssq - s_new;
                    x.copy_from_slice(&xt);
                    r.copy_from_slice(&rt);
                    ssq = s_new;
                    lambda = (lambda / 5.0).max(1e-12);
                    accepted = true;
                    if decrease <= LS_FTOL * ssq {
                        converged = true;
                    }
                    break;
                }
            }
            lambda *= 4.0;
        }
        if !accepted || converged {
            converged = converged || !accepted && max_abs(&g) / ssq < opts.gtol.sqrt();
            break;
        }
    }
    if !jacobian_ok {
        jtj.fill(f64::NAN);
    }
    LsResult {
        x,
        ssq,
        jtj,
        iterations,
        converged,
    }
}

fn reset(h: &mut [f64], n: usize) {
    h.fill(0.0);
    for i in 0..n {
        h[i * n + i] = 1.0;
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn max_abs(a: &[f64]) -> f64 {
    a.iter().fold(0.0, |m, v| m.max(v.abs()))
}

const C1: f64 = 1e-4;
const C2: f64 = 0.9;

/// Strong-Wolfe line search along `d` from `x`. On success returns the step and the value,
/// with the point in `xn` and its gradient in `gn`.
#[allow(clippy::too_many_arguments)]
fn line_search<F: FnMut(&[f64]) -> f64>(
    obj: &mut Counted<F>,
    x: &[f64],
    f0: f64,
    dg0: f64,
    d: &[f64],
    alpha0: f64,
    xn: &mut [f64],
    gn: &mut [f64],
) -> Option<(f64, f64)> {
    let eval_at = |obj: &mut Counted<F>, alpha: f64, xn: &mut [f64]| -> f64 {
        for i in 0..x.len() {
            xn[i] = x[i] + alpha * d[i];
        }
        obj.eval(xn)
    };
    let mut a_prev = 0.0;
    let mut f_prev = f0;
    let mut dg_prev = dg0;
    let mut alpha = alpha0;
    for i in 0..20 {
        let fa = eval_at(obj, alpha, xn);
        if !fa.is_finite() {
            // Outside the domain: shrink towards the last good point.
            alpha = a_prev + 0.2 * (alpha - a_prev);
            if alpha - a_prev < 1e-14 {
                return None;
            }
            continue;
        }
        if fa > f0 + C1 * alpha * dg0 || (i > 0 && fa >= f_prev) {
            return zoom(
                obj,
                x,
                f0,
                dg0,
                d,
                (a_prev, f_prev, dg_prev),
                (alpha, fa),
                xn,
                gn,
            );
        }
        if !obj.grad(xn, fa, gn) {
            return None;
        }
        let dga = dot(gn, d);
        if dga.abs() <= -C2 * dg0 {
            return Some((alpha, fa));
        }
        if dga >= 0.0 {
            return zoom(
                obj,
                x,
                f0,
                dg0,
                d,
                (alpha, fa, dga),
                (a_prev, f_prev),
                xn,
                gn,
            );
        }
        a_prev = alpha;
        f_prev = fa;
        dg_prev = dga;
        alpha *= 2.0;
    }
    None
}

#[allow(clippy::too_many_arguments)]
fn zoom<F: FnMut(&[f64]) -> f64>(
    obj: &mut Counted<F>,
    x: &[f64],
    f0: f64,
    dg0: f64,
    d: &[f64],
    lo: (f64, f64, f64),
    hi: (f64, f64),
    xn: &mut [f64],
    gn: &mut [f64],
) -> Option<(f64, f64)> {
    let (mut a_lo, mut f_lo, mut dg_lo) = lo;
    let (mut a_hi, mut f_hi) = hi;
    for _ in 0..30 {
        // Quadratic interpolation from (a_lo, f_lo, dg_lo) and (a_hi, f_hi), safeguarded.
        let da = a_hi - a_lo;
        let denom = 2.0 * (f_hi - f_lo - dg_lo * da);
        let mut a = if denom.is_finite() && denom.abs() > 0.0 {
            a_lo - dg_lo * da * da / denom
        } else {
            a_lo + 0.5 * da
        };
        let (lo_b, hi_b) = if a_lo < a_hi {
            (a_lo, a_hi)
        } else {
            (a_hi, a_lo)
        };
        let margin = 0.1 * (hi_b - lo_b);
        if !a.is_finite() || a < lo_b + margin || a > hi_b - margin {
            a = 0.5 * (a_lo + a_hi);
        }
        if (a_hi - a_lo).abs() < 1e-14 * a_lo.abs().max(1e-3) {
            break;
        }
        for i in 0..x.len() {
            xn[i] = x[i] + a * d[i];
        }
        let fa = obj.eval(xn);
        if !fa.is_finite() || fa > f0 + C1 * a * dg0 || fa >= f_lo {
            a_hi = a;
            f_hi = if fa.is_finite() { fa } else { f64::MAX };
            continue;
        }
        if !obj.grad(xn, fa, gn) {
            return None;
        }
        let dga = dot(gn, d);
        if dga.abs() <= -C2 * dg0 {
            return Some((a, fa));
        }
        if dga * (a_hi - a_lo) >= 0.0 {
            a_hi = a_lo;
            f_hi = f_lo;
        }
        a_lo = a;
        f_lo = fa;
        dg_lo = dga;
    }
    // Accept the best point with sufficient decrease even if curvature was not met.
    if a_lo > 0.0 && f_lo < f0 {
        for i in 0..x.len() {
            xn[i] = x[i] + a_lo * d[i];
        }
        let fa = obj.eval(xn);
        if fa.is_finite() && obj.grad(xn, fa, gn) {
            return Some((a_lo, fa));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rosenbrock() {
        let f = |x: &[f64]| (1.0 - x[0]).powi(2) + 100.0 * (x[1] - x[0] * x[0]).powi(2);
        let r = minimize(
            f,
            &[-1.2, 1.0],
            BfgsOptions {
                max_iter: 200,
                ..Default::default()
            },
        );
        assert!(r.converged, "{r:?}");
        assert!(
            (r.x[0] - 1.0).abs() < 1e-4 && (r.x[1] - 1.0).abs() < 1e-4,
            "{r:?}"
        );
    }

    #[test]
    fn least_squares_fits_an_exponential() {
        let t: Vec<f64> = (0..20).map(|i| i as f64 * 0.25).collect();
        let y: Vec<f64> = t.iter().map(|t| 2.0 * (-0.7 * t).exp() + 0.5).collect();
        let r = least_squares(
            |x, out| {
                for (i, o) in out.iter_mut().enumerate() {
                    *o = y[i] - (x[0] * (x[1] * t[i]).exp() + x[2]);
                }
                true
            },
            &[1.0, -0.1, 0.0],
            20,
            BfgsOptions {
                max_iter: 100,
                gtol: 1e-12,
                ftol: 0.0,
            },
        );
        assert!(
            (r.x[0] - 2.0).abs() < 1e-5 && (r.x[1] + 0.7).abs() < 1e-5,
            "{r:?}"
        );
    }

    #[test]
    fn quadratic_with_domain() {
        // Infinite outside x > 0: the search must stay inside.
        let f = |x: &[f64]| {
            if x[0] <= 0.0 {
                f64::INFINITY
            } else {
                x[0] - x[0].ln() + (x[1] - 2.0).powi(2)
            }
        };
        let r = minimize(f, &[5.0, 0.0], BfgsOptions::default());
        assert!(r.converged);
        assert!(
            (r.x[0] - 1.0).abs() < 1e-4 && (r.x[1] - 2.0).abs() < 1e-4,
            "{r:?}"
        );
    }
}
