//! Estimation of the standard theta model as statsforecast 2.1.1 does it: the state-space form
//! of Fiorucci et al. (2016) with θ = 2, the initial level and α chosen by statsforecast's own
//! bounded Nelder–Mead on its objective, step for step, so the fitted parameters (and so the
//! forecasts) are the reference's to rounding.

/// The theta coefficient of the standard theta model: the long-run forecast follows the
/// theta line of slope `b / 2`.
pub(super) const THETA: f64 = 2.0;

/// Bounds of α in statsforecast's search.
pub(super) const ALPHA_BOUNDS: (f64, f64) = (0.1, 0.99);

/// Bounds of the initial level in statsforecast's search.
const LEVEL_BOUNDS: (f64, f64) = (-1e10, 1e10);

/// One-step errors left out of the objective (statsforecast: the first three).
const BURN_IN: usize = 3;

/// The intercept and slope of the least-squares line through `(t, y_t)`, t = 1..n.
pub(super) fn linear_trend(y: &[f64]) -> (f64, f64) {
    let n = y.len() as f64;
    let mean = y.iter().sum::<f64>() / n;
    let mean_ty = y
        .iter()
        .enumerate()
        .map(|(t, v)| (t + 1) as f64 * v)
        .sum::<f64>()
        / n;
    let b = 6.0 * (2.0 * mean_ty - (1.0 + n) * mean) / (n * n - 1.0);
    (mean - (n + 1.0) * b / 2.0, b)
}

/// The model's parameters and the fixed trend line.
#[derive(Debug, Clone, Copy)]
pub(super) struct Params {
    pub(super) initial_level: f64,
    pub(super) alpha: f64,
    pub(super) a: f64,
    pub(super) b: f64,
}

impl Params {
    /// The forecast of observation `i` (0-based) from the level after observation `i − 1`:
    /// `ℓ + (1 − 1/θ)(a(1 − α)^i + b(1 − (1 − α)^{i+1})/α)`.
    pub(super) fn step(&self, level: f64, i: usize) -> f64 {
        let decay = 1.0 - self.alpha;
        level
            + (1.0 - 1.0 / THETA)
                * (self.a * decay.powf(i as f64)
                    + self.b * (1.0 - decay.powf((i + 1) as f64)) / self.alpha)
    }

    /// One-step forecasts of every observation and the level after the last.
    pub(super) fn filter(&self, y: &[f64]) -> (Vec<f64>, f64) {
        let alpha = self.alpha;
        let mut fitted = Vec::with_capacity(y.len());
        fitted.push(self.initial_level + (1.0 - 1.0 / THETA) * (self.a + self.b));
        let mut level = alpha * y[0] + (1.0 - alpha) * self.initial_level;
        for (i, &v) in y.iter().enumerate().skip(1) {
            fitted.push(self.step(level, i));
            level = alpha * v + (1.0 - alpha) * level;
        }
        (fitted, level)
    }

    /// statsforecast's objective: the sum of squared one-step errors after the first three,
    /// over the mean absolute value of the data.
    fn objective(&self, y: &[f64], mean_abs: f64) -> f64 {
        let (fitted, _) = self.filter(y);
        let sse: f64 = y
            .iter()
            .zip(&fitted)
            .skip(BURN_IN)
            .map(|(v, f)| (v - f) * (v - f))
            .sum();
        sse / mean_abs
    }
}

/// Fits the initial level and α to `y` (at least 4 values), from statsforecast's start
/// (`y₀/2`, 0.5).
pub(super) fn estimate(y: &[f64]) -> (Params, f64) {
    let (a, b) = linear_trend(y);
    let mut mean_abs = y.iter().map(|v| v.abs()).sum::<f64>() / y.len() as f64;
    if mean_abs == 0.0 {
        mean_abs = 1e-10;
    }
    let params = |x: &[f64]| Params {
        initial_level: x[0],
        alpha: x[1],
        a,
        b,
    };
    let lower = [LEVEL_BOUNDS.0, ALPHA_BOUNDS.0];
    let upper = [LEVEL_BOUNDS.1, ALPHA_BOUNDS.1];
    let (x, f) = nelder_mead(
        |x| params(x).objective(y, mean_abs),
        &[y[0] / 2.0, 0.5],
        &lower,
        &upper,
    );
    (params(&x), f)
}

/// statsforecast's bounded Nelder–Mead (`nelder_mead` in its C++ core, adaptive coefficients,
/// initial step 5 % or 1e-4 for a zero coordinate, stop when the standard deviation of the
/// simplex's values is below 1e-4, at most 1,000 iterations), reproduced operation for
/// operation: points are clamped to the bounds after every move. Returns the best vertex and its
/// value.
fn nelder_mead(
    f: impl Fn(&[f64]) -> f64,
    x0: &[f64],
    lower: &[f64],
    upper: &[f64],
) -> (Vec<f64>, f64) {
    const INIT_STEP: f64 = 0.05;
    const ZERO_PERT: f64 = 1e-4;
    const TOL_STD: f64 = 1e-4;
    const MAX_ITER: usize = 1000;
    let n = x0.len();
    let nf = n as f64;
    let (reflect, expand, contract, shrink) =
        (1.0, 1.0 + 2.0 / nf, 0.75 - 1.0 / (2.0 * nf), 1.0 - 1.0 / nf);
    let clamp = |x: &mut [f64]| {
        for ((v, lo), hi) in x.iter_mut().zip(lower).zip(upper) {
            *v = v.max(*lo).min(*hi);
        }
    };
    let mut start = x0.to_vec();
    clamp(&mut start);
    let mut simplex: Vec<Vec<f64>> = vec![start; n + 1];
    for (j, vertex) in simplex.iter_mut().enumerate().take(n) {
        let v = vertex[j];
        vertex[j] = if v == 0.0 {
            ZERO_PERT
        } else {
            v * (1.0 + INIT_STEP)
        };
    }
    for vertex in &mut simplex {
        clamp(vertex);
    }
    let mut values: Vec<f64> = simplex.iter().map(|x| f(x)).collect();
    let mut order: Vec<usize> = (0..=n).collect();
    for _ in 0..MAX_ITER {
        // numpy's argsort of so few values is an insertion sort: stable.
        order = (0..=n).collect();
        order.sort_by(|&i, &j| values[i].total_cmp(&values[j]));
        let (best, worst, second) = (order[0], order[n], order[n - 1]);
        if population_std(&values) < TOL_STD {
            break;
        }
        let mut centroid = vec![0.0; n];
        for &i in &order[..n] {
            for (c, v) in centroid.iter_mut().zip(&simplex[i]) {
                *c += v;
            }
        }
        centroid.iter_mut().for_each(|c| *c /= nf);
        let towards = |from: &[f64], t: f64| -> Vec<f64> {
            let mut x: Vec<f64> = centroid
                .iter()
                .zip(from)
                .map(|(c, p)| c + t * (p - c))
                .collect();
            clamp(&mut x);
            x
        };
        // x_o + reflect·(x_o − x_worst).
        let xr = towards(&simplex[worst], -reflect);
        let fr = f(&xr);
        if values[best] <= fr && fr < values[second] {
            simplex[worst] = xr;
            values[worst] = fr;
            continue;
        }
        if fr < values[best] {
            let xe = towards(&xr, expand);
            let fe = f(&xe);
            if fe < fr {
                simplex[worst] = xe;
                values[worst] = fe;
            } else {
                simplex[worst] = xr;
                values[worst] = fr;
            }
            continue;
        }
        if values[second] <= fr && fr < values[worst] {
            let xc = towards(&xr, contract);
            let fc = f(&xc);
            if fc <= fr {
                simplex[worst] = xc;
                values[worst] = fc;
                continue;
            }
        } else {
            let xc = towards(&xr, -contract);
            let fc = f(&xc);
            if fc < values[worst] {
                simplex[worst] = xc;
                values[worst] = fc;
                continue;
            }
        }
        let anchor = simplex[best].clone();
        for &i in &order[1..] {
            for (v, a) in simplex[i].iter_mut().zip(&anchor) {
                *v = a + shrink * (*v - a);
            }
            clamp(&mut simplex[i]);
            values[i] = f(&simplex[i]);
        }
    }
    let best = order[0];
    (simplex[best].clone(), values[best])
}

/// numpy's `std` (divisor n).
fn population_std(v: &[f64]) -> f64 {
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    (v.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_trend_line_of_a_line_is_the_line() {
        let y: Vec<f64> = (1..=10).map(|t| 3.0 + 0.5 * t as f64).collect();
        let (a, b) = linear_trend(&y);
        assert!((a - 3.0).abs() < 1e-12 && (b - 0.5).abs() < 1e-12);
    }

    #[test]
    fn nelder_mead_finds_a_bounded_minimum() {
        let (x, f) = nelder_mead(
            |x| (x[0] - 1.0).powi(2) + (x[1] - 3.0).powi(2),
            &[0.0, 0.0],
            &[-10.0, -10.0],
            &[10.0, 2.0],
        );
        assert!(
            (x[0] - 1.0).abs() < 0.05 && (x[1] - 2.0).abs() < 1e-12,
            "{x:?}"
        );
        assert!((f - 1.0).abs() < 1e-2);
    }
}
