//! How many differences a series needs: KPSS tests for regular differences (d) and the
//! seasonal-strength rule for seasonal ones (D), as statsforecast's `ndiffs`/`nsdiffs`.

use crate::stl::strength as seasonal_strength;

/// Critical values of the KPSS level-stationarity statistic (Kwiatkowski et al. 1992, table 1)
/// at the 10, 5, 2.5 and 1 % levels.
const KPSS_CRIT: [f64; 4] = [0.347, 0.463, 0.574, 0.739];
const KPSS_PVALS: [f64; 4] = [0.10, 0.05, 0.025, 0.01];

/// Seasonal strength above which a seasonal difference is taken (Wang, Smith & Hyndman 2006).
pub(crate) const SEASONAL_STRENGTH_THRESHOLD: f64 = 0.64;

/// KPSS statistic for level stationarity with `lags` Bartlett-weighted autocovariances;
/// `None` when `lags >= n`, the series has no variance, or a value is NaN, infinite or beyond
/// [`ecom_core::MAX_ABS_VALUE`].
pub fn kpss_statistic(x: &[f64], lags: usize) -> Option<f64> {
    let n = x.len();
    if n == 0 || lags >= n || !x.iter().all(|v| ecom_core::within_limits(*v)) {
        return None;
    }
    // Scale-free: extreme magnitudes are rescaled by a power of two so the squared partial
    // sums stay finite.
    let scale = crate::estimate::data_scale(x);
    let scaled: Vec<f64>;
    let x = if scale == 1.0 {
        x
    } else {
        scaled = x.iter().map(|v| v / scale).collect();
        &scaled
    };
    let mean = x.iter().sum::<f64>() / n as f64;
    let e: Vec<f64> = x.iter().map(|v| v - mean).collect();
    let mut cum = 0.0;
    let mut eta = 0.0;
    for v in &e {
        cum += v;
        eta += cum * cum;
    }
    eta /= (n * n) as f64;
    let mut s = e.iter().map(|v| v * v).sum::<f64>();
    for i in 1..=lags {
        let prod: f64 = e[i..].iter().zip(&e[..n - i]).map(|(a, b)| a * b).sum();
        s += 2.0 * prod * (1.0 - i as f64 / (lags as f64 + 1.0));
    }
    s /= n as f64;
    if !(s > 0.0) {
        return None;
    }
    Some(eta / s)
}

/// p-value of a KPSS level statistic, interpolated in the published table and clipped to
/// [0.01, 0.10] (as statsmodels' `kpss`).
pub fn kpss_pvalue(stat: f64) -> f64 {
    if stat <= KPSS_CRIT[0] {
        return KPSS_PVALS[0];
    }
    if stat >= KPSS_CRIT[3] {
        return KPSS_PVALS[3];
    }
    let i = KPSS_CRIT.iter().rposition(|c| *c <= stat).unwrap_or(0);
    let t = (stat - KPSS_CRIT[i]) / (KPSS_CRIT[i + 1] - KPSS_CRIT[i]);
    KPSS_PVALS[i] + t * (KPSS_PVALS[i + 1] - KPSS_PVALS[i])
}

fn is_constant(x: &[f64]) -> bool {
    x.iter().all(|v| *v == x[0])
}

fn kpss_rejects(x: &[f64], alpha: f64) -> bool {
    let lags = (3.0 * (x.len() as f64).sqrt() / 13.0).floor() as usize;
    match kpss_statistic(x, lags) {
        Some(stat) => kpss_pvalue(stat) < alpha,
        None => false,
    }
}

/// Number of regular differences (≤ `max_d`) by repeated KPSS tests at level `alpha`, with
/// `⌊3√n/13⌋` lags (statsforecast's `ndiffs`). 0 for a series with a NaN, infinite or too
/// large value (beyond [`ecom_core::MAX_ABS_VALUE`]), on which no test is run.
pub fn ndiffs(x: &[f64], alpha: f64, max_d: usize) -> usize {
    if !x.iter().all(|v| ecom_core::within_limits(*v)) {
        return 0;
    }
    // Scale-free; rescaled so the differences of extreme data stay within the value limit.
    let scale = crate::estimate::data_scale(x);
    let mut x: Vec<f64> = x.iter().map(|v| v / scale).collect();
    if x.is_empty() || is_constant(&x) {
        return 0;
    }
    let mut d = 0;
    let mut dodiff = kpss_rejects(&x, alpha);
    while dodiff && d < max_d {
        d += 1;
        // statsforecast drops the first differenced value as well; we follow it so the same
        // series gets the same d.
        x = x.windows(2).skip(1).map(|w| w[1] - w[0]).collect();
        if x.is_empty() || is_constant(&x) {
            return d;
        }
        dodiff = kpss_rejects(&x, alpha);
    }
    d
}

/// Number of seasonal differences (0 or 1 when `max_d = 1`) by the seasonal-strength rule:
/// difference while the STL seasonal strength exceeds 0.64 (statsforecast's `nsdiffs` with
/// `test="seas"`). 0 for a series with a NaN, infinite or too large value.
pub fn nsdiffs(x: &[f64], period: usize, max_d: usize) -> usize {
    if period < 2
        || x.len() <= period.saturating_mul(2)
        || is_constant(x)
        || !x.iter().all(|v| ecom_core::within_limits(*v))
    {
        return 0;
    }
    let scale = crate::estimate::data_scale(x);
    let mut x: Vec<f64> = x.iter().map(|v| v / scale).collect();
    let mut d = 0;
    let mut dodiff = seasonal_strength(&x, period) > SEASONAL_STRENGTH_THRESHOLD;
    while dodiff && d < max_d {
        d += 1;
        x = (period..x.len()).map(|t| x[t] - x[t - period]).collect();
        if is_constant(&x) {
            return d;
        }
        dodiff = x.len() >= 2 * period
            && d < max_d
            && seasonal_strength(&x, period) > SEASONAL_STRENGTH_THRESHOLD;
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pvalue_table() {
        assert_eq!(kpss_pvalue(0.1), 0.10);
        assert_eq!(kpss_pvalue(0.463), 0.05);
        assert_eq!(kpss_pvalue(2.0), 0.01);
        assert!((kpss_pvalue(0.405) - 0.075).abs() < 1e-12);
    }

    #[test]
    fn random_walk_needs_a_difference() {
        let mut s: u64 = 7;
        let mut y = vec![0.0; 200];
        for t in 1..200 {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            y[t] = y[t - 1] + ((s >> 11) as f64 / (1u64 << 53) as f64 - 0.5);
        }
        assert!(ndiffs(&y, 0.05, 2) >= 1);
        let noise: Vec<f64> = y.windows(2).map(|w| w[1] - w[0]).collect();
        assert_eq!(ndiffs(&noise, 0.05, 2), 0);
    }
}
