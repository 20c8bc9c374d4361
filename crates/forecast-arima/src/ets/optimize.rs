//! Maximum likelihood for one ETS model.
//!
//! R and statsforecast minimise `n·ln Σe² + 2·Σ ln|ŷ|` over the smoothing parameters and the
//! initial states together with Nelder–Mead. That objective is `n·ln Σ rₜ²` for the residuals
//! `rₜ = eₜ·G`, G the geometric mean of |ŷ| (1 with additive error), so it is a least-squares
//! problem: Levenberg–Marquardt on those residuals, with the Jacobian from one forward-mode
//! pass of the filter, reaches the optimum in tens of iterations where Nelder–Mead takes
//! hundreds to thousands of function values (and statsforecast stops at 1,000 iterations,
//! often short of it). The parameters are kept in the "usual" box by logistic maps; an
//! inadmissible point, or negative multiplicative seasonal states, count as infinitely bad,
//! as in R's objective.

use super::core::{self, Filtered, Seeds, Shape, Smoothing, Sums, Tangents};
use super::init::{initial_parameters, initial_state};
use super::model::{SeasonType, TrendType};
use super::params::{self, Bounds, EtsBounds, Free};
use crate::error::{ArimaError, Result};

/// Levenberg–Marquardt iterations at most (each one Jacobian pass).
const MAX_ITER: usize = 400;
/// Converged when an accepted step lowers Σr² by less than this fraction (a change of
/// about n·1e-11 in −2·loglik).
const REL_TOL: f64 = 1e-11;
/// Largest |u| for a smoothing parameter's logistic variable: 1e-13 of the range from its
/// bound, far below anything the likelihood resolves.
const MAX_U: f64 = 30.0;

/// What to estimate.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Problem {
    pub(crate) shape: Shape,
    pub(crate) fixed: [Option<f64>; 4],
    pub(crate) bounds: EtsBounds,
}

/// An estimated model, on the data's scale.
#[derive(Debug, Clone)]
pub(crate) struct Estimated {
    pub(crate) sm: Smoothing,
    /// Full initial state (the derived last seasonal state included).
    pub(crate) x0: Vec<f64>,
    pub(crate) filtered: Filtered,
    /// Estimated quantities: free smoothing parameters and free initial states.
    pub(crate) n_estimated: usize,
    pub(crate) iterations: usize,
    pub(crate) converged: bool,
}

/// A power of two near the data's magnitude: the states are then of order 1 for the optimiser,
/// and dividing by it is exact.
fn power_of_two_scale(y: &[f64]) -> f64 {
    let max = y.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    if max == 0.0 || !max.is_finite() {
        1.0
    } else {
        2f64.powi(max.log2().round() as i32)
    }
}

/// Estimates `prob` on `y` (already checked: finite, long enough, positive where needed).
pub(crate) fn estimate(y: &[f64], prob: &Problem) -> Result<Estimated> {
    let shape = prob.shape;
    let b = Bounds::DEFAULT;
    let free = Free::new(&shape, prob.fixed);
    if !params::feasible(&free, &b) {
        return Err(ArimaError::invalid(
            "smoothing parameters",
            "the fixed beta and gamma leave no alpha with beta <= alpha <= 1 - gamma",
        ));
    }
    let s = power_of_two_scale(y);
    let ys: Vec<f64> = y.iter().map(|v| v / s).collect();
    let x_start = initial_state(&ys, &shape)?;
    let p_start = initial_parameters(&shape, prob.fixed, &b);
    let k = free.count();
    let p = k + x_start.len();
    let mut obj = Objective::new(&ys, prob, free, b, k, p);
    let mut best: Option<(f64, Vec<f64>, usize, bool)> = None;
    let mut iterations = 0;
    // statsforecast's start, and for a damped trend a second one (its likelihood has more
    // local optima: on the reference series the second start reaches the polished optimum
    // in 3 more of 105 fits; five more starts for every model would find 6 more but cost
    // three times as much).
    let n_starts = if shape.model.trend == TrendType::Damped {
        2
    } else {
        1
    };
    for (si, start) in starts(&p_start, prob.fixed)
        .iter()
        .take(n_starts)
        .enumerate()
    {
        let mut u0 = params::encode(start, &free, &b);
        u0.extend_from_slice(&x_start);
        let (u, it, conv) = levenberg_marquardt(&mut obj, u0);
        iterations += it;
        let v = obj.value(&u);
        if v.is_finite() && best.as_ref().is_none_or(|bb| v < bb.0) {
            best = Some((v, u, si, conv));
        }
    }
    let Some((_, u, _, converged)) = best else {
        return Err(ArimaError::Numerical {
            reason: format!(
                "the {} likelihood could not be evaluated at the start",
                shape.model
            ),
        });
    };
    let sm = params::decode(&u, &free, &b, u.len(), None);
    // Back to the data's scale (multiplicative seasonal states have no unit).
    let mut x0 = Vec::new();
    core::complete_season(&shape, &u[k..], &mut x0);
    let season_start = shape.season_start();
    for (i, v) in x0.iter_mut().enumerate() {
        if !(i >= season_start && shape.model.season == SeasonType::Multiplicative) {
            *v *= s;
        }
    }
    let filtered = core::filter(y, &shape, &sm, &x0);
    let lik = core::neg2loglik(y.len(), filtered.sse, filtered.sum_log_f, shape.model.error);
    if !lik.is_finite() || !params::check(&shape, &sm, &b, prob.bounds) {
        return Err(ArimaError::Numerical {
            reason: format!(
                "the {} likelihood could not be evaluated at any admissible parameter value",
                shape.model
            ),
        });
    }
    Ok(Estimated {
        sm,
        x0,
        filtered,
        n_estimated: u.len(),
        iterations,
        converged,
    })
}

/// Starting smoothing parameters: statsforecast's, then a few spread over the region.
fn starts(sf: &[f64; 4], fixed: [Option<f64>; 4]) -> Vec<[f64; 4]> {
    let mut out = vec![*sf];
    for alt in [
        [0.5, 0.05, 0.1, 0.9],
        [0.9, 0.01, 0.05, 0.95],
        [0.1, 0.01, 0.3, 0.85],
        [0.3, 0.1, 0.2, 0.98],
        [0.2, 0.002, 0.05, 0.8],
    ] {
        let mut v = alt;
        for i in 0..4 {
            if let Some(f) = fixed[i] {
                v[i] = f;
            }
        }
        out.push(v);
    }
    out
}

/// The least-squares form of the objective on the scaled data.
struct Objective<'a> {
    y: &'a [f64],
    prob: &'a Problem,
    free: Free,
    b: Bounds,
    /// Number of smoothing-parameter variables (the first ones).
    k: usize,
    p: usize,
    seeds: Seeds,
    tan: Tangents,
    sums: Sums,
    x0: Vec<f64>,
}

impl<'a> Objective<'a> {
    fn new(y: &'a [f64], prob: &'a Problem, free: Free, b: Bounds, k: usize, p: usize) -> Self {
        let shape = prob.shape;
        let ns = shape.n_states();
        // Initial-state tangents: free state i is variable k + i; the last seasonal state is
        // minus the sum of the other seasonal ones.
        let mut x0_seed = vec![0.0; ns * p];
        for i in 0..shape.n_free_states() {
            x0_seed[i * p + k + i] = 1.0;
        }
        if shape.seasonal() {
            let last = ns - 1;
            for i in shape.season_start()..shape.n_free_states() {
                x0_seed[last * p + k + i] = -1.0;
            }
        }
        Self {
            y,
            prob,
            free,
            b,
            k,
            p,
            seeds: Seeds {
                p,
                alpha: vec![0.0; p],
                beta: vec![0.0; p],
                gamma: vec![0.0; p],
                phi: vec![0.0; p],
                x0: x0_seed,
            },
            tan: Tangents::new(&shape, p),
            sums: Sums {
                ete_mat: vec![0.0; p * p],
                ete: vec![0.0; p],
                sse: 0.0,
                dlogf: vec![0.0; p],
                sum_log_f: 0.0,
            },
            x0: Vec::with_capacity(ns),
        }
    }

    /// Parameters at `u`, or `None` outside the admissible region.
    fn point(&mut self, u: &[f64], with_seeds: bool) -> Option<Smoothing> {
        let shape = &self.prob.shape;
        let seeds = if with_seeds {
            Some(&mut self.seeds)
        } else {
            None
        };
        let sm = params::decode(u, &self.free, &self.b, self.p, seeds);
        if !params::check(shape, &sm, &self.b, self.prob.bounds) {
            return None;
        }
        core::complete_season(shape, &u[self.k..], &mut self.x0);
        if shape.model.season == SeasonType::Multiplicative
            && self.x0[shape.season_start()..].iter().any(|v| *v < 0.0)
        {
            return None;
        }
        Some(sm)
    }

    /// Σr² at `u` (∞ outside the region or where the likelihood is undefined).
    fn value(&mut self, u: &[f64]) -> f64 {
        let Some(sm) = self.point(u, false) else {
            return f64::INFINITY;
        };
        let lik = core::objective(self.y, &self.prob.shape, &sm, &self.x0);
        // −2·loglik = n·ln Σr²; R's floor of −1e10 on it (a perfect fit) becomes a floor here.
        let s = (lik.max(-1e10) / self.y.len() as f64).exp();
        if s.is_finite() { s } else { f64::INFINITY }
    }

    /// Σr², with JᵀJ in `a` and Jᵀr in `g`.
    fn normal_equations(&mut self, u: &[f64], a: &mut [f64], g: &mut [f64]) -> f64 {
        let Some(sm) = self.point(u, true) else {
            return f64::INFINITY;
        };
        let shape = self.prob.shape;
        core::differentiate(
            self.y,
            &shape,
            &sm,
            &self.x0,
            &self.seeds,
            &mut self.tan,
            &mut self.sums,
        );
        let p = self.p;
        let n = self.y.len() as f64;
        let sums = &self.sums;
        if shape.model.error == super::model::ErrorType::Multiplicative {
            // r = e·G with G = exp(Σ ln|ŷ| / n): ∂r = G(∂e + e·γ), γ = Σ(∂ŷ/ŷ)/n.
            let g2 = (2.0 * sums.sum_log_f / n).exp();
            let gam: Vec<f64> = sums.dlogf.iter().map(|v| v / n).collect();
            for i in 0..p {
                for j in 0..p {
                    a[i * p + j] = g2
                        * (sums.ete_mat[i * p + j]
                            + sums.ete[i] * gam[j]
                            + gam[i] * sums.ete[j]
                            + sums.sse * gam[i] * gam[j]);
                }
                g[i] = g2 * (sums.ete[i] + sums.sse * gam[i]);
            }
            let s = g2 * sums.sse;
            if s.is_finite() { s } else { f64::INFINITY }
        } else {
            a.copy_from_slice(&sums.ete_mat);
            g.copy_from_slice(&sums.ete);
            sums.sse
        }
    }
}

/// Levenberg–Marquardt with Marquardt's diagonal scaling and Nielsen's damping update.
/// Returns the variables, the iterations and whether it converged.
fn levenberg_marquardt(obj: &mut Objective<'_>, mut u: Vec<f64>) -> (Vec<f64>, usize, bool) {
    let p = u.len();
    let k = obj.k;
    let mut a = vec![0.0; p * p];
    let mut g = vec![0.0; p];
    let mut s = obj.normal_equations(&u, &mut a, &mut g);
    if !s.is_finite() {
        return (u, 0, false);
    }
    let mut lambda = 1e-3;
    let mut nu = 2.0;
    let mut m = vec![0.0; p * p];
    let mut delta = vec![0.0; p];
    let mut trial = vec![0.0; p];
    let mut converged = false;
    let mut iter = 0;
    while iter < MAX_ITER {
        iter += 1;
        if s <= 0.0 {
            converged = true;
            break;
        }
        let dmax = (0..p).fold(0.0f64, |acc, i| acc.max(a[i * p + i]));
        if !(dmax > 0.0) {
            converged = true;
            break;
        }
        let mut solved = false;
        while lambda < 1e20 {
            m.copy_from_slice(&a);
            for i in 0..p {
                m[i * p + i] += lambda * a[i * p + i].max(1e-12 * dmax);
            }
            if cholesky_solve(&mut m, &g, &mut delta, p) {
                solved = true;
                break;
            }
            lambda *= nu;
            nu *= 2.0;
        }
        if !solved {
            break;
        }
        for i in 0..p {
            trial[i] = u[i] - delta[i];
            if i < k {
                trial[i] = trial[i].clamp(-MAX_U, MAX_U);
            }
        }
        // Predicted decrease of ½Σr² for the step −δ: δᵀg − ½δᵀAδ.
        let mut quad = 0.0;
        for i in 0..p {
            let row: f64 = (0..p).map(|j| a[i * p + j] * delta[j]).sum();
            quad += delta[i] * row;
        }
        let predicted = delta.iter().zip(&g).map(|(d, gi)| d * gi).sum::<f64>() - 0.5 * quad;
        let s_new = obj.value(&trial);
        let actual = 0.5 * (s - s_new);
        if s_new.is_finite() && actual > 0.0 {
            let rho = if predicted > 0.0 {
                actual / predicted
            } else {
                1.0
            };
            lambda *= (1.0f64 / 3.0).max(1.0 - (2.0 * rho - 1.0).powi(3));
            nu = 2.0;
            let small = s - s_new <= REL_TOL * s;
            let s_check = obj.normal_equations(&trial, &mut a, &mut g);
            if !s_check.is_finite() {
                break;
            }
            u.copy_from_slice(&trial);
            s = s_check;
            if small {
                converged = true;
                break;
            }
        } else {
            lambda *= nu;
            nu *= 2.0;
            if lambda > 1e16 {
                // No step of any length lowers the objective: a (numerical) optimum.
                converged = true;
                break;
            }
        }
    }
    (u, iter, converged)
}

/// Solves `m·x = g` for symmetric positive definite `m` (overwritten by its Cholesky
/// factor); `false` if it is not positive definite.
fn cholesky_solve(m: &mut [f64], g: &[f64], x: &mut [f64], p: usize) -> bool {
    for j in 0..p {
        let mut d = m[j * p + j];
        for l in 0..j {
            d -= m[j * p + l] * m[j * p + l];
        }
        if !(d > 0.0) || !d.is_finite() {
            return false;
        }
        let d = d.sqrt();
        m[j * p + j] = d;
        for i in (j + 1)..p {
            let mut v = m[i * p + j];
            for l in 0..j {
                v -= m[i * p + l] * m[j * p + l];
            }
            m[i * p + j] = v / d;
        }
    }
    for i in 0..p {
        let mut v = g[i];
        for l in 0..i {
            v -= m[i * p + l] * x[l];
        }
        x[i] = v / m[i * p + i];
    }
    for i in (0..p).rev() {
        let mut v = x[i];
        for l in (i + 1)..p {
            v -= m[l * p + i] * x[l];
        }
        x[i] = v / m[i * p + i];
    }
    x.iter().all(|v| v.is_finite())
}
