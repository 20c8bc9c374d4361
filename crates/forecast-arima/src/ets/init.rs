//! Starting values: statsforecast's `initstate` (seasonal indices from a classical
//! decomposition, level and trend from a regression on the first seasonally adjusted values)
//! and `initparam` (smoothing parameters near the lower bounds).

use super::core::Shape;
use super::model::{SeasonType, TrendType};
use super::params::Bounds;
use crate::error::{ArimaError, Result};

/// Initial state `[l, b, s₁ … s_{m−1}]` (without the last seasonal state) as statsforecast's
/// `initstate`.
///
/// With a season and at least three full cycles, seasonal indices come from statsmodels'
/// `seasonal_decompose` of the whole series (centred moving average; R's `ets` decomposes only
/// the first three cycles); with fewer, from a regression on a linear trend and one Fourier
/// pair. Multiplicative indices are floored at 0.01. The level (and trend) come from the first
/// `max(10, 2m)` seasonally adjusted values: their mean, or a least-squares line.
pub(crate) fn initial_state(y: &[f64], shape: &Shape) -> Result<Vec<f64>> {
    let n = y.len();
    let m = shape.m;
    let (init_seas, y_sa): (Vec<f64>, Vec<f64>) = if shape.seasonal() {
        if n < 4 {
            return Err(ArimaError::NotEnoughData { needed: 4, got: n });
        }
        let mult = shape.model.season == SeasonType::Multiplicative;
        let seasonal = if n < 3 * m {
            fourier_seasonal(y, m, mult)?
        } else {
            decompose_seasonal(y, m, mult)
        };
        // s₁ … s_{m−1} are the indices of periods m−1, …, 1 (statsforecast's
        // `seasonal[1:m][::-1]`); the first period's index becomes the derived s_m.
        let mut init: Vec<f64> = (1..m).rev().map(|i| seasonal[i]).collect();
        let y_sa = if mult {
            init.iter_mut().for_each(|v| *v = v.max(1e-2));
            let sum: f64 = init.iter().sum();
            if sum > m as f64 {
                let denom: f64 = init.iter().map(|v| v + 1e-2).sum();
                init.iter_mut().for_each(|v| *v /= denom);
            }
            y.iter()
                .zip(&seasonal)
                .map(|(v, s)| v / s.max(1e-2))
                .collect()
        } else {
            y.iter().zip(&seasonal).map(|(v, s)| v - s).collect()
        };
        (init, y_sa)
    } else {
        (Vec::new(), y.to_vec())
    };
    let maxn = (10usize.max(2 * if shape.seasonal() { m } else { 1 })).min(y_sa.len());
    let mut x = Vec::with_capacity(shape.n_free_states());
    if shape.model.trend == TrendType::None {
        x.push(y_sa[..maxn].iter().sum::<f64>() / maxn as f64);
    } else {
        let (mut l, mut b) = line_fit(&y_sa[..maxn]);
        // statsforecast's guard for multiplicative error, kept for every model as it does.
        if (l + b).abs() < 1e-8 {
            l *= 1.0 + 1e-3;
            b *= 1.0 - 1e-3;
        }
        x.push(l);
        x.push(b);
    }
    x.extend(init_seas);
    Ok(x)
}

/// statsmodels' `seasonal_decompose(y, period=m)` seasonal component (two-sided moving
/// average of length m, or 2×m for even m; period means of the detrended series, centred).
fn decompose_seasonal(y: &[f64], m: usize, mult: bool) -> Vec<f64> {
    let n = y.len();
    let filt: Vec<f64> = if m.is_multiple_of(2) {
        let mut f = vec![1.0 / m as f64; m + 1];
        f[0] = 0.5 / m as f64;
        f[m] = 0.5 / m as f64;
        f
    } else {
        vec![1.0 / m as f64; m]
    };
    let half = filt.len().div_ceil(2) - 1;
    let tail = filt.len() - 1 - half;
    let mut sums = vec![0.0; m];
    let mut counts = vec![0usize; m];
    for t in half..n.saturating_sub(tail) {
        let trend: f64 = filt
            .iter()
            .enumerate()
            .map(|(k, w)| w * y[t + k - half])
            .sum();
        let d = if mult { y[t] / trend } else { y[t] - trend };
        sums[t % m] += d;
        counts[t % m] += 1;
    }
    let mut avg: Vec<f64> = sums
        .iter()
        .zip(&counts)
        .map(|(s, &c)| s / c as f64)
        .collect();
    let centre = avg.iter().sum::<f64>() / m as f64;
    if mult {
        avg.iter_mut().for_each(|v| *v /= centre);
    } else {
        avg.iter_mut().for_each(|v| *v -= centre);
    }
    (0..n).map(|t| avg[t % m]).collect()
}

/// statsforecast's short-series rule: regress on `[1, t, cos, sin]` (one Fourier pair of
/// period m) and detrend by the fitted line.
fn fourier_seasonal(y: &[f64], m: usize, mult: bool) -> Result<Vec<f64>> {
    let n = y.len();
    let w = 2.0 * std::f64::consts::PI / m as f64;
    // sin(2πt/m) vanishes at every t when m = 2 (statsforecast drops that column).
    let with_sin = m > 2;
    let cols = if with_sin { 4 } else { 3 };
    let mut x = vec![0.0; n * cols];
    for t in 0..n {
        let tt = (t + 1) as f64;
        let row = &mut x[t * cols..(t + 1) * cols];
        row[0] = 1.0;
        row[1] = tt;
        row[2] = (w * tt).cos();
        if with_sin {
            row[3] = (w * tt).sin();
        }
    }
    let coef = least_squares(&x, y, cols);
    if mult {
        if !(y.iter().fold(f64::INFINITY, |a, &v| a.min(v)) > 0.0) {
            return Err(ArimaError::invalid(
                "model",
                "multiplicative seasonality needs positive data",
            ));
        }
        Ok((0..n)
            .map(|t| y[t] / (coef[0] + coef[1] * (t + 1) as f64))
            .collect())
    } else {
        Ok((0..n)
            .map(|t| y[t] - coef[0] - coef[1] * (t + 1) as f64)
            .collect())
    }
}

/// Intercept and slope of `y` on t = 1, 2, …
fn line_fit(y: &[f64]) -> (f64, f64) {
    let n = y.len();
    let mut x = vec![0.0; 2 * n];
    for t in 0..n {
        x[2 * t] = 1.0;
        x[2 * t + 1] = (t + 1) as f64;
    }
    let c = least_squares(&x, y, 2);
    (c[0], c[1])
}

/// Least squares `min ‖Xc − y‖` by Householder QR (X row-major, n × k, n ≥ k); a column
/// dependent on the earlier ones gets coefficient 0.
fn least_squares(x: &[f64], y: &[f64], k: usize) -> Vec<f64> {
    let n = y.len();
    let mut a = x.to_vec();
    let mut r = y.to_vec();
    let mut diag = vec![0.0; k];
    for j in 0..k.min(n) {
        let norm = (j..n).map(|i| a[i * k + j].powi(2)).sum::<f64>().sqrt();
        if norm == 0.0 {
            continue;
        }
        let alpha = if a[j * k + j] > 0.0 { -norm } else { norm };
        let mut v: Vec<f64> = (j..n).map(|i| a[i * k + j]).collect();
        v[0] -= alpha;
        let vnorm2: f64 = v.iter().map(|x| x * x).sum();
        if vnorm2 == 0.0 {
            diag[j] = alpha;
            continue;
        }
        for c in j..k {
            let dot: f64 = (j..n).map(|i| v[i - j] * a[i * k + c]).sum();
            let s = 2.0 * dot / vnorm2;
            for i in j..n {
                a[i * k + c] -= s * v[i - j];
            }
        }
        let dot: f64 = (j..n).map(|i| v[i - j] * r[i]).sum();
        let s = 2.0 * dot / vnorm2;
        for i in j..n {
            r[i] -= s * v[i - j];
        }
        diag[j] = a[j * k + j];
    }
    let scale = diag.iter().fold(0.0f64, |m, d| m.max(d.abs()));
    let mut c = vec![0.0; k];
    for j in (0..k.min(n)).rev() {
        let d = a[j * k + j];
        if d.abs() <= 1e-12 * scale {
            continue;
        }
        let s: f64 = ((j + 1)..k).map(|l| a[j * k + l] * c[l]).sum();
        c[j] = (r[j] - s) / d;
    }
    c
}

/// statsforecast's `initparam` for bounds "both"/"usual": α a fifth of the way into its
/// range, divided by m; β a tenth of the way to α; γ a twentieth of the way to 1 − α; φ at 99 %
/// of its range. Fixed values are kept.
pub(crate) fn initial_parameters(shape: &Shape, fixed: [Option<f64>; 4], b: &Bounds) -> [f64; 4] {
    let m = shape.m as f64;
    let alpha = fixed[0].unwrap_or_else(|| {
        let a = b.lower[0] + 0.2 * (b.upper[0] - b.lower[0]) / m;
        if !(0.0..=1.0).contains(&a) {
            b.lower[0] + 2e-3
        } else {
            a
        }
    });
    let beta = if shape.trend() {
        fixed[1].unwrap_or_else(|| {
            let hi = b.upper[1].min(alpha);
            let v = b.lower[1] + 0.1 * (hi - b.lower[1]);
            if v < 0.0 || v > alpha {
                alpha - 1e-3
            } else {
                v
            }
        })
    } else {
        0.0
    };
    let gamma = if shape.seasonal() {
        fixed[2].unwrap_or_else(|| {
            let hi = b.upper[2].min(1.0 - alpha);
            let v = b.lower[2] + 0.05 * (hi - b.lower[2]);
            if v < 0.0 || v > 1.0 - alpha {
                1.0 - alpha - 1e-3
            } else {
                v
            }
        })
    } else {
        0.0
    };
    let phi = if shape.model.trend == TrendType::Damped {
        fixed[3].unwrap_or_else(|| {
            let v = b.lower[3] + 0.99 * (b.upper[3] - b.lower[3]);
            if !(0.0..=1.0).contains(&v) {
                b.upper[3] - 1e-3
            } else {
                v
            }
        })
    } else {
        1.0
    };
    [alpha, beta, gamma, phi]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn least_squares_recovers_a_line_and_skips_a_dependent_column() {
        let y = [3.0, 5.0, 7.0, 9.0];
        assert_eq!(line_fit(&y).0.round(), 1.0);
        assert!((line_fit(&y).1 - 2.0).abs() < 1e-12);
        // Third column = 2 × first.
        let x = [1.0, 1.0, 2.0, 1.0, 2.0, 2.0, 1.0, 3.0, 2.0, 1.0, 4.0, 2.0];
        let c = least_squares(&x, &y, 3);
        assert!((c[0] + 2.0 * c[2] - 1.0).abs() < 1e-9 && (c[1] - 2.0).abs() < 1e-9);
    }

    #[test]
    fn decomposition_of_a_pure_season_gives_it_back() {
        let pattern = [1.0, -2.0, 0.5, 0.5];
        let y: Vec<f64> = (0..16).map(|t| 10.0 + pattern[t % 4]).collect();
        let s = decompose_seasonal(&y, 4, false);
        for t in 0..16 {
            assert!((s[t] - pattern[t % 4]).abs() < 1e-12);
        }
        let odd = [1.0, -1.5, 0.5];
        let y: Vec<f64> = (0..15).map(|t| 20.0 * (1.0 + 0.1 * odd[t % 3])).collect();
        let s = decompose_seasonal(&y, 3, true);
        for t in 0..15 {
            assert!((s[t] - (1.0 + 0.1 * odd[t % 3])).abs() < 1e-12);
        }
    }
}
