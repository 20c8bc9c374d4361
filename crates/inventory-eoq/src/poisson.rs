//! Poisson probabilities and loss functions in bounded memory (crate-internal).
//!
//! Up to [`POISSON_NORMAL_MEAN`] the pmf, cdf and survival function are tabulated exactly on
//! the window mean ± (13 sd + 40), outside which less than 1e-30 of the mass lies, so memory is
//! O(√mean) and every evaluation O(1). Above it the normal approximation with continuity
//! correction replaces the table: P(X ≤ k) ≈ Φ((k + ½ − μ)/σ), and the loss at an integer k is
//! σ·G((k − μ)/σ), the midpoint-rule sum of those tail probabilities. Between integers every loss
//! function is interpolated exactly as the Poisson one is (linearly for first-order losses,
//! quadratically for the real-x second-order loss), so derivatives stay consistent.

use crate::limits::POISSON_NORMAL_MEAN;
use crate::loss::{standard_normal_first_loss, standard_normal_loss};
use crate::normal;

/// Poisson(mean): an exact window table, or the normal approximation above the threshold.
#[derive(Debug, Clone)]
pub(crate) struct Poisson {
    mean: f64,
    /// Below `lo` and above `hi` the distribution has no mass to double precision.
    lo: i64,
    hi: i64,
    repr: Repr,
}

#[derive(Debug, Clone)]
enum Repr {
    /// Exact probabilities of k = lo..=hi at index k − lo.
    Table {
        pmf: Vec<f64>,
        cdf: Vec<f64>,
        /// sf[i] = P(X > lo + i), summed from the top so the upper tail keeps full relative
        /// precision.
        sf: Vec<f64>,
    },
    /// N(mean, mean) with continuity correction.
    Normal { sd: f64 },
}

impl Poisson {
    /// Distribution for a finite `mean >= 0` (checked by the callers, which also keep it within
    /// [`MAX_POISSON_MEAN`](crate::limits::MAX_POISSON_MEAN)).
    pub(crate) fn new(mean: f64) -> Self {
        if mean == 0.0 {
            return Self {
                mean,
                lo: 0,
                hi: 0,
                repr: Repr::Table {
                    pmf: vec![1.0],
                    cdf: vec![1.0],
                    sf: vec![0.0],
                },
            };
        }
        if mean > POISSON_NORMAL_MEAN {
            let sd = mean.sqrt();
            // 40 sd holds all but e^-800 of the normal (and of the Poisson) mass.
            return Self {
                mean,
                lo: (mean - 40.0 * sd).floor() as i64,
                hi: (mean + 40.0 * sd).ceil() as i64,
                repr: Repr::Normal { sd },
            };
        }
        // 13 standard deviations either side of the mean leave < 1e-30 of mass (Chernoff
        // bounds); the constant term covers small means where the distribution is far from
        // normal.
        let spread = 13.0 * mean.sqrt() + 40.0;
        let hi = (mean + spread).ceil() as i64;
        let lo = (mean - spread).floor().max(0.0) as i64;
        let len = (hi - lo + 1) as usize;
        let mode = mean.floor() as i64;
        let at = |k: i64| (k - lo) as usize;
        let mut pmf = vec![0.0; len];
        // Start at the mode in log space (no underflow for large means) and recur both ways.
        pmf[at(mode)] = ln_pmf(mode as usize, mean).exp();
        for k in (lo..mode).rev() {
            pmf[at(k)] = pmf[at(k + 1)] * (k as f64 + 1.0) / mean;
        }
        for k in mode + 1..=hi {
            pmf[at(k)] = pmf[at(k - 1)] * mean / k as f64;
        }
        let mut cdf = vec![0.0; len];
        let mut acc = 0.0;
        for (c, &p) in cdf.iter_mut().zip(&pmf) {
            acc += p;
            *c = acc;
        }
        let mut sf = vec![0.0; len];
        let mut acc = 0.0;
        for i in (0..len - 1).rev() {
            acc += pmf[i + 1];
            sf[i] = acc;
        }
        Self {
            mean,
            lo,
            hi,
            repr: Repr::Table { pmf, cdf, sf },
        }
    }

    pub(crate) fn mean(&self) -> f64 {
        self.mean
    }

    /// Whether the normal approximation stands in for the table.
    pub(crate) fn is_normal_approximation(&self) -> bool {
        matches!(self.repr, Repr::Normal { .. })
    }

    /// Number of tabulated probabilities (0 for the normal approximation).
    #[cfg(test)]
    pub(crate) fn table_len(&self) -> usize {
        match &self.repr {
            Repr::Table { pmf, .. } => pmf.len(),
            Repr::Normal { .. } => 0,
        }
    }

    /// Largest k with mass.
    #[cfg(test)]
    pub(crate) fn k_max(&self) -> i64 {
        self.hi
    }

    /// Continuity-corrected z of P(X ≤ k) (normal path).
    fn z_half(&self, sd: f64, k: i64) -> f64 {
        (k as f64 + 0.5 - self.mean) / sd
    }

    /// P(X = k).
    pub(crate) fn pmf(&self, k: i64) -> f64 {
        if k < self.lo || k > self.hi || k < 0 {
            return 0.0;
        }
        match &self.repr {
            Repr::Table { pmf, .. } => pmf[(k - self.lo) as usize],
            Repr::Normal { .. } => {
                // Difference of the tail that is small, so the mass keeps its precision.
                let mass = if (k as f64) <= self.mean {
                    self.cdf(k) - self.cdf(k - 1)
                } else {
                    self.sf(k - 1) - self.sf(k)
                };
                mass.clamp(0.0, 1.0)
            }
        }
    }

    /// P(X ≤ k).
    pub(crate) fn cdf(&self, k: i64) -> f64 {
        if k < 0 || k < self.lo {
            return 0.0;
        }
        if k > self.hi {
            return 1.0;
        }
        match &self.repr {
            Repr::Table { cdf, sf, .. } => {
                // Prefer 1 - sf in the upper half, where summing from the top is more accurate.
                let i = (k - self.lo) as usize;
                if cdf[i] > 0.5 { 1.0 - sf[i] } else { cdf[i] }
            }
            Repr::Normal { sd } => normal::cdf(self.z_half(*sd, k)),
        }
    }

    /// P(X > k).
    pub(crate) fn sf(&self, k: i64) -> f64 {
        if k < 0 || k < self.lo {
            return 1.0;
        }
        if k > self.hi {
            return 0.0;
        }
        match &self.repr {
            Repr::Table { cdf, sf, .. } => {
                let i = (k - self.lo) as usize;
                if cdf[i] > 0.5 { sf[i] } else { 1.0 - cdf[i] }
            }
            Repr::Normal { sd } => normal::sf(self.z_half(*sd, k)),
        }
    }

    /// Smallest integer k with P(X ≤ k) ≥ p, for p in (0, 1).
    pub(crate) fn quantile(&self, p: f64) -> i64 {
        match &self.repr {
            Repr::Table { .. } => {
                // The cdf is monotone, so a binary search finds the first k reaching p.
                let (mut lo, mut hi) = (self.lo, self.hi);
                if self.cdf(hi) < p {
                    return hi;
                }
                while lo < hi {
                    let mid = lo + (hi - lo) / 2;
                    if self.cdf(mid) >= p {
                        hi = mid;
                    } else {
                        lo = mid + 1;
                    }
                }
                lo
            }
            Repr::Normal { sd } => {
                // Invert Φ((k + ½ − μ)/σ) = p, then step to the first k that really reaches p
                // under the same cdf (at most a step or two from the rounded guess).
                let guess = self.mean - 0.5 + sd * normal::quantile_unchecked(p);
                let mut k = (guess.ceil() as i64).clamp(self.lo, self.hi);
                for _ in 0..64 {
                    if k > self.lo && self.cdf(k - 1) >= p {
                        k -= 1;
                    } else if k < self.hi && self.cdf(k) < p {
                        k += 1;
                    } else {
                        break;
                    }
                }
                k
            }
        }
    }

    /// E[(X − k)⁺] at an integer k within [lo, hi] (normal path).
    fn normal_loss_at(&self, sd: f64, k: i64) -> f64 {
        sd * standard_normal_first_loss((k as f64 - self.mean) / sd)
    }

    /// First-order loss E[(X - x)+] at real x.
    pub(crate) fn loss(&self, x: f64) -> f64 {
        if x < self.lo as f64 || x < 0.0 {
            // All the mass is above x.
            return self.mean - x;
        }
        if x >= self.hi as f64 {
            return 0.0;
        }
        let k = x.floor() as i64;
        match &self.repr {
            // E[X 1{X > k}] = mean * P(X >= k) for Poisson; with k = floor(x) this covers real x.
            Repr::Table { .. } => self.mean * (self.sf(k) + self.pmf(k)) - x * self.sf(k),
            Repr::Normal { sd } => {
                // At an integer (the searches' case) the interpolation term vanishes.
                let t = x - k as f64;
                let step = if t > 0.0 { t * self.sf(k) } else { 0.0 };
                (self.normal_loss_at(*sd, k) - step).max(0.0)
            }
        }
    }

    /// Complementary loss E[(x - X)+] at real x.
    pub(crate) fn complementary_loss(&self, x: f64) -> f64 {
        if x < self.lo as f64 || x < 0.0 {
            return 0.0;
        }
        if x >= self.hi as f64 {
            return x - self.mean;
        }
        let k = x.floor() as i64;
        match &self.repr {
            // E[X 1{X <= k}] = mean * P(X <= k - 1).
            Repr::Table { .. } => x * self.cdf(k) - self.mean * self.cdf(k - 1),
            Repr::Normal { sd } => {
                // The mirror of the loss: σ·G((μ − k)/σ), from the lower tail directly.
                let at_k = sd * standard_normal_first_loss((self.mean - k as f64) / sd);
                let t = x - k as f64;
                let step = if t > 0.0 { t * self.cdf(k) } else { 0.0 };
                (at_k + step).max(0.0)
            }
        }
    }

    /// Continuous-style second-order loss ½E[((X − x)⁺)²] at real x, from the Poisson identities
    /// E[X; X > k] = mean·P(X ≥ k) and E[X(X − 1); X > k] = mean²·P(X ≥ k − 1).
    pub(crate) fn real_second_loss(&self, x: f64) -> f64 {
        let m = self.mean;
        if x < self.lo as f64 || x < 0.0 {
            // (X - x)² everywhere: variance plus squared mean shift.
            return 0.5 * (m + (m - x) * (m - x));
        }
        if x >= self.hi as f64 {
            return 0.0;
        }
        let k = x.floor() as i64;
        match &self.repr {
            Repr::Table { .. } => {
                let a0 = self.sf(k);
                let a1 = m * self.sf(k - 1);
                let a2 = m * m * self.sf(k - 2) + a1;
                (0.5 * (a2 - 2.0 * x * a1 + x * x * a0)).max(0.0)
            }
            Repr::Normal { sd } => {
                // σ²·G₂ at k, then the exact quadratic whose slope is −loss between integers.
                let t = x - k as f64;
                let l = standard_normal_loss((k as f64 - m) / sd);
                (sd * sd * l.second_loss - t * sd * l.loss + 0.5 * t * t * self.sf(k)).max(0.0)
            }
        }
    }

    /// ½E[((x − X)⁺)²] at real x; its derivative is the complementary loss.
    pub(crate) fn real_second_complementary_loss(&self, x: f64) -> f64 {
        let m = self.mean;
        if x < self.lo as f64 || x < 0.0 {
            return 0.0;
        }
        if x >= self.hi as f64 {
            return 0.5 * ((x - m) * (x - m) + m);
        }
        let k = x.floor() as i64;
        match &self.repr {
            Repr::Table { .. } => {
                if self.cdf(k) < 1e-3 {
                    // Deep in the lower tail: sum the head directly, with
                    // E[X; X ≤ k] = m·P(X ≤ k − 1) and E[X(X − 1); X ≤ k] = m²·P(X ≤ k − 2);
                    // the difference form below would cancel to rounding noise.
                    let b0 = self.cdf(k);
                    let b1 = m * self.cdf(k - 1);
                    let b2 = m * m * self.cdf(k - 2) + b1;
                    (0.5 * (x * x * b0 - 2.0 * x * b1 + b2)).max(0.0)
                } else {
                    (0.5 * ((x - m) * (x - m) + m) - self.real_second_loss(x)).max(0.0)
                }
            }
            Repr::Normal { sd } => {
                let t = x - k as f64;
                let l = standard_normal_loss((m - k as f64) / sd);
                (sd * sd * l.second_loss + t * sd * l.loss + 0.5 * t * t * self.cdf(k)).max(0.0)
            }
        }
    }

    /// Second-order loss ½ E[(X - x)(X - x - 1) 1{X >= x}] at integer x (stockpyl's definition).
    pub(crate) fn second_loss(&self, x: i64) -> f64 {
        let (m, xf) = (self.mean, x as f64);
        match &self.repr {
            Repr::Normal { .. } if x >= self.lo && x < self.hi => {
                // Σ_{j > x} E[(X − j)⁺] = ∫_x^∞ loss − loss(x)/2 for the piecewise-linear loss.
                (self.real_second_loss(xf) - 0.5 * self.loss(xf)).max(0.0)
            }
            _ => {
                let d = xf - m;
                (0.5 * ((d * d + xf) * self.sf(x) - m * d * self.pmf(x))).max(0.0)
            }
        }
    }

    /// Complementary second-order loss ½ E[(x - X)(x + 1 - X) 1{X <= x}] at integer x.
    pub(crate) fn second_complementary_loss(&self, x: i64) -> f64 {
        let (m, xf) = (self.mean, x as f64);
        match &self.repr {
            Repr::Normal { .. } if x >= self.lo && x < self.hi => {
                // Σ_{j ≤ x} E[(j − X)⁺] = ∫_{−∞}^x complementary loss + its value at x / 2.
                (self.real_second_complementary_loss(xf) + 0.5 * self.complementary_loss(xf))
                    .max(0.0)
            }
            _ => {
                let d = xf - m;
                (0.5 * ((d * d + xf) * self.cdf(x) + m * d * self.pmf(x))).max(0.0)
            }
        }
    }
}

/// ln P(X = n) for Poisson(mean), with n within 1 of the mean for n ≥ 16.
fn ln_pmf(n: usize, mean: f64) -> f64 {
    if n < 16 {
        return n as f64 * mean.ln() - mean - ln_factorial(n);
    }
    // n·ln(mean) − mean − ln n! with Stirling's ln n! = n ln n − n + ½ln(2πn) + series, grouped
    // as n·ln(1 + d/n) − d so the two terms of size n ln n cancel exactly instead of in
    // rounding (which would cost 1e-7 relative at a mean of 1e8).
    let x = n as f64;
    let d = mean - x;
    x * (d / x).ln_1p() - d - 0.5 * (2.0 * std::f64::consts::PI * x).ln() - stirling_series(x)
}

/// ln(n!): exact summation for small n, Stirling's series (error below 1e-17 relative) beyond.
fn ln_factorial(n: usize) -> f64 {
    if n < 16 {
        return (2..=n).map(|k| (k as f64).ln()).sum();
    }
    let x = n as f64;
    x * x.ln() - x + 0.5 * (2.0 * std::f64::consts::PI * x).ln() + stirling_series(x)
}

/// The Bernoulli-number corrections 1/(12x) − 1/(360x³) + 1/(1260x⁵) − 1/(1680x⁷) of Stirling's
/// series for ln Γ(x + 1).
fn stirling_series(x: f64) -> f64 {
    let inv = 1.0 / x;
    let inv2 = inv * inv;
    inv * (1.0 / 12.0 - inv2 * (1.0 / 360.0 - inv2 * (1.0 / 1260.0 - inv2 / 1680.0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_sums_to_one_and_matches_scipy() {
        for mean in [0.3, 6.0, 18.0, 250.0, 2000.0, 1e6] {
            let t = Poisson::new(mean);
            let total: f64 = (0..=t.k_max()).map(|k| t.pmf(k)).sum();
            assert!((total - 1.0).abs() < 1e-12, "mean {mean}: total {total}");
            let m: f64 = (0..=t.k_max()).map(|k| k as f64 * t.pmf(k)).sum();
            assert!((m - mean).abs() < 1e-10 * mean.max(1.0));
        }
        // scipy.stats.poisson(6): pmf(3), cdf(9).
        let t = Poisson::new(6.0);
        assert!((t.pmf(3) - 0.08923507835998894).abs() < 1e-16);
        assert!((t.cdf(9) - 0.9160759830051242).abs() < 1e-15);
        assert_eq!(t.quantile(0.8), 8);
        // Poisson(1e6) from mpmath's regularized incomplete gamma at 40 digits
        // (P(X <= k) = Q(k + 1, mean)): ppf(0.95), cdf(1001000), sf(1003000).
        let t = Poisson::new(1e6);
        assert_eq!(t.quantile(0.95), 1_001_645);
        assert!((t.cdf(1_001_000) - 0.841_465_670_963_428_2).abs() < 1e-12);
        assert!((t.sf(1_003_000) / 0.001_353_590_129_101_249_2 - 1.0).abs() < 1e-9);
    }

    #[test]
    fn memory_is_bounded_whatever_the_mean() {
        // The window holds 26 sd + 80 points, not mean + 13 sd.
        let t = Poisson::new(1e6);
        assert!(t.table_len() <= 26_100, "{}", t.table_len());
        let at_threshold = Poisson::new(POISSON_NORMAL_MEAN);
        assert!(!at_threshold.is_normal_approximation());
        assert!(at_threshold.table_len() <= 260_100);
        for mean in [POISSON_NORMAL_MEAN * 1.0001, 1e12, 1e15] {
            let t = Poisson::new(mean);
            assert!(t.is_normal_approximation());
            assert_eq!(t.table_len(), 0);
        }
    }

    #[test]
    fn normal_approximation_matches_the_table_at_the_threshold() {
        // Just below the threshold the table is exact; just above it the approximation must
        // give the same decisions and nearly the same numbers, so the switch is seamless.
        let exact = Poisson::new(POISSON_NORMAL_MEAN);
        let approx = Poisson::new(POISSON_NORMAL_MEAN * (1.0 + 1e-15));
        assert!(approx.is_normal_approximation());
        let sd = POISSON_NORMAL_MEAN.sqrt();
        // The normal quantile misses the skewness shift (z² − 1)/6 of the Poisson, a couple of
        // units out of 1e8 in the far tail.
        for p in [0.001, 0.01, 0.2, 0.5, 0.8, 0.95, 0.999] {
            let (a, b) = (exact.quantile(p), approx.quantile(p));
            assert!((a - b).abs() <= 2, "p={p}: {a} vs {b}");
        }
        for z in [-6.0, -3.0, -1.0, -0.3, 0.0, 0.4, 1.0, 2.0, 3.0, 5.0] {
            let x = POISSON_NORMAL_MEAN + z * sd;
            let k = x.round() as i64;
            assert!((exact.cdf(k) - approx.cdf(k)).abs() < 1e-5, "cdf at z={z}");
            assert!((exact.sf(k) - approx.sf(k)).abs() < 1e-5, "sf at z={z}");
            assert!(
                (exact.pmf(k) - approx.pmf(k)).abs() < 1e-5 / sd,
                "pmf at z={z}"
            );
            let rel = |a: f64, b: f64, scale: f64| (a - b).abs() / scale;
            // Losses relative to their scale (sd for first order, variance for second order):
            // within 1e-4 where they matter, and equal beyond.
            let xf = k as f64 + 0.25;
            for (name, a, b) in [
                ("loss", exact.loss(xf), approx.loss(xf)),
                (
                    "complementary",
                    exact.complementary_loss(xf),
                    approx.complementary_loss(xf),
                ),
            ] {
                assert!(rel(a, b, sd) < 1e-4, "{name} at z={z}: {a} vs {b}");
                if a > 1e-3 * sd {
                    assert!(rel(a, b, a) < 1e-3, "{name} at z={z}: {a} vs {b}");
                }
            }
            let var = POISSON_NORMAL_MEAN;
            for (name, a, b) in [
                (
                    "second",
                    exact.real_second_loss(xf),
                    approx.real_second_loss(xf),
                ),
                (
                    "second complementary",
                    exact.real_second_complementary_loss(xf),
                    approx.real_second_complementary_loss(xf),
                ),
                (
                    "discrete second",
                    exact.second_loss(k),
                    approx.second_loss(k),
                ),
                (
                    "discrete second complementary",
                    exact.second_complementary_loss(k),
                    approx.second_complementary_loss(k),
                ),
            ] {
                assert!(rel(a, b, var) < 1e-4, "{name} at z={z}: {a} vs {b}");
            }
        }
    }

    #[test]
    fn both_paths_satisfy_the_loss_identities() {
        for mean in [4.5, 3000.0, 1e12] {
            let t = Poisson::new(mean);
            let sd = mean.sqrt();
            for z in [-50.0, -4.0, -1.0, 0.0, 0.7, 2.0, 9.0, 60.0] {
                let x = (mean + z * sd).max(-3.0).floor() + 0.4;
                // E[(x − X)⁺] − E[(X − x)⁺] = x − mean.
                let gap = t.complementary_loss(x) - t.loss(x) - (x - mean);
                assert!(
                    gap.abs() < 1e-9 * (mean + x.abs()),
                    "mean {mean}, x {x}: {gap}"
                );
                // Derivatives of the second-order losses are the first-order ones.
                // The step actually taken: x ± h rounds at x = 1e12.
                let (xa, xb) = (x - 1e-2, x + 1e-2);
                let slope = (t.real_second_loss(xb) - t.real_second_loss(xa)) / (xb - xa);
                assert!(
                    (slope + t.loss(x)).abs() < 1e-6 * (1.0 + t.loss(x)),
                    "mean {mean}, x {x}: {slope} vs {}",
                    t.loss(x)
                );
                let slope = (t.real_second_complementary_loss(xb)
                    - t.real_second_complementary_loss(xa))
                    / (xb - xa);
                assert!(
                    (slope - t.complementary_loss(x)).abs()
                        < 1e-6 * (1.0 + t.complementary_loss(x)),
                    "mean {mean}, x {x}"
                );
                for v in [
                    t.loss(x),
                    t.complementary_loss(x),
                    t.real_second_loss(x),
                    t.real_second_complementary_loss(x),
                    t.second_loss(x as i64),
                    t.second_complementary_loss(x as i64),
                ] {
                    assert!(v.is_finite() && v >= 0.0, "mean {mean}, x {x}: {v}");
                }
            }
        }
    }

    #[test]
    fn extreme_arguments_stay_finite() {
        for mean in [0.0, 6.0, 5e7, 1e15] {
            let t = Poisson::new(mean);
            for x in [-1e150, -1.0, 0.0, 1e14, 1e150, f64::MAX] {
                let values = [t.loss(x), t.complementary_loss(x)];
                assert!(
                    values.iter().all(|v| v.is_finite() && *v >= 0.0),
                    "{mean} {x}"
                );
            }
            for x in [-1e150, 0.0, 1e150] {
                assert!(t.real_second_loss(x).is_finite());
                assert!(t.real_second_complementary_loss(x).is_finite());
            }
            for k in [i64::MIN, -5, 0, 7, i64::MAX] {
                let p = [t.pmf(k), t.cdf(k), t.sf(k)];
                assert!(p.iter().all(|v| (0.0..=1.0).contains(v)), "{mean} {k}");
            }
        }
    }

    #[test]
    fn ln_factorial_matches_lgamma() {
        // Python math.lgamma(n + 1).
        for (n, want) in [
            (0, 0.0),
            (5, 4.787491742782047),
            (15, 27.89927138384089),
            (16, 30.671860106080672),
            (50, 148.47776695177305),
            (1000, 5912.128178488163),
        ] {
            let got = ln_factorial(n);
            assert!(
                (got - want).abs() <= 1e-15 * want.max(1.0),
                "{n}: {got} vs {want}"
            );
        }
    }

    #[test]
    fn real_loss_interpolates_linearly() {
        let t = Poisson::new(4.5);
        let (a, b) = (t.loss(3.0), t.loss(4.0));
        assert!((t.loss(3.25) - (0.75 * a + 0.25 * b)).abs() < 1e-13);
        for x in [0.0, 2.0, 7.5] {
            assert!((t.complementary_loss(x) - (x - 4.5 + t.loss(x))).abs() < 1e-12);
        }
    }
}
