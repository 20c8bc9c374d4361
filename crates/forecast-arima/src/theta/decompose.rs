//! The seasonality test and classical decomposition the Theta method adjusts the data with,
//! as statsforecast's `auto_theta` does them (statsmodels' `acf` and `seasonal_decompose`).

use super::Decomposition;

/// One-sided 90 % normal quantile (`norm.ppf(0.95)`), the test's critical value.
const CRITICAL: f64 = 1.6448536269514722;

/// Smallest multiplicative seasonal factor statsforecast accepts; below it the decomposition
/// falls back to additive.
const MIN_FACTOR: f64 = 0.01;

/// Whether `y` is seasonal at period `m`: the lag-`m` autocorrelation exceeds 1.645 times its
/// standard error under Bartlett's formula, `√((1 + 2 Σ_{k<m} r_k²) / n)`. Only tested for
/// `m ≥ 4` and at least two full seasons, as statsforecast does.
pub(super) fn is_seasonal(y: &[f64], m: usize) -> bool {
    let n = y.len();
    if m < 4 || n / 2 < m {
        return false;
    }
    let mean = y.iter().sum::<f64>() / n as f64;
    let d: Vec<f64> = y.iter().map(|v| v - mean).collect();
    let acov = |k: usize| (0..n - k).map(|t| d[t] * d[t + k]).sum::<f64>() / n as f64;
    let c0 = acov(0);
    if !(c0 > 0.0) {
        return false;
    }
    let r: Vec<f64> = (1..=m).map(|k| acov(k) / c0).collect();
    let stat = ((1.0 + 2.0 * r[..m - 1].iter().map(|x| x * x).sum::<f64>()) / n as f64).sqrt();
    r[m - 1].abs() / stat > CRITICAL
}

/// The seasonal pattern of `y` (one value per position `t % m`) by classical decomposition of
/// the kind asked for, and the kind used: multiplicative becomes additive when the data are not
/// all positive or a factor is below 0.01 (statsforecast's rules). Needs `y.len() ≥ 2m`.
pub(super) fn seasonal_pattern(
    y: &[f64],
    m: usize,
    kind: Decomposition,
) -> (Vec<f64>, Decomposition) {
    let positive = y.iter().all(|v| *v > 0.0);
    if kind == Decomposition::Multiplicative && positive {
        let pattern = classical(y, m, Decomposition::Multiplicative);
        if pattern.iter().all(|s| *s >= MIN_FACTOR) {
            return (pattern, Decomposition::Multiplicative);
        }
    }
    (
        classical(y, m, Decomposition::Additive),
        Decomposition::Additive,
    )
}

/// statsmodels' `seasonal_decompose(y, model, period=m).seasonal`, one season of it: a centred
/// moving average (2×m for even m) as the trend, the mean detrended value of each position over
/// the periods where the trend is defined, normalised to mean 1 (multiplicative) or 0.
fn classical(y: &[f64], m: usize, kind: Decomposition) -> Vec<f64> {
    let n = y.len();
    let filter: Vec<f64> = if m.is_multiple_of(2) {
        let mut f = vec![1.0 / m as f64; m + 1];
        f[0] = 0.5 / m as f64;
        f[m] = 0.5 / m as f64;
        f
    } else {
        vec![1.0 / m as f64; m]
    };
    let half = filter.len() / 2;
    let mut sums = vec![0.0; m];
    let mut counts = vec![0usize; m];
    for t in half..n - half {
        let trend: f64 = filter
            .iter()
            .enumerate()
            .map(|(j, w)| w * y[t + half - j])
            .sum();
        let detrended = match kind {
            Decomposition::Multiplicative => y[t] / trend,
            Decomposition::Additive => y[t] - trend,
        };
        sums[t % m] += detrended;
        counts[t % m] += 1;
    }
    let mut pattern: Vec<f64> = sums
        .iter()
        .zip(&counts)
        .map(|(s, c)| s / *c as f64)
        .collect();
    let mean = pattern.iter().sum::<f64>() / m as f64;
    for p in &mut pattern {
        match kind {
            Decomposition::Multiplicative => *p /= mean,
            Decomposition::Additive => *p -= mean,
        }
    }
    pattern
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeating_pattern_is_recovered() {
        // Period 4 around a level of 10: the trend is flat, so the pattern is exact.
        let season = [1.0, -2.0, 3.0, -2.0];
        let y: Vec<f64> = (0..24).map(|t| 10.0 + season[t % 4]).collect();
        let (p, kind) = seasonal_pattern(&y, 4, Decomposition::Additive);
        assert_eq!(kind, Decomposition::Additive);
        for (a, b) in p.iter().zip(season) {
            assert!((a - b).abs() < 1e-12);
        }
        assert!(is_seasonal(&y, 4));
        // Odd period, multiplicative: factors relative to the mean.
        let f = [0.5, 1.0, 1.5];
        let y: Vec<f64> = (0..30).map(|t| 20.0 * f[t % 3]).collect();
        let (p, kind) = seasonal_pattern(&y, 3, Decomposition::Multiplicative);
        assert_eq!(kind, Decomposition::Multiplicative);
        for (a, b) in p.iter().zip(f) {
            assert!((a - b).abs() < 1e-12);
        }
        // Not tested below a period of 4.
        assert!(!is_seasonal(&y, 3));
    }

    #[test]
    fn zeros_force_an_additive_decomposition() {
        let y: Vec<f64> = (0..28)
            .map(|t| if t % 7 == 5 { 0.0 } else { 5.0 })
            .collect();
        assert_eq!(
            seasonal_pattern(&y, 7, Decomposition::Multiplicative).1,
            Decomposition::Additive
        );
        assert!(
            !is_seasonal(&[1.0; 30], 7),
            "a constant series has no autocorrelation"
        );
    }
}
