//! Tabulated Poisson probabilities (crate-internal): pmf, cdf and survival function on the
//! integers that carry any mass, so the loss functions cost O(1) per evaluation.

/// pmf, cdf and survival function of Poisson(mean) on 0..=k_max.
///
/// Beyond `k_max` the mass is below 1e-30 of the total and is treated as zero.
#[derive(Debug, Clone)]
pub(crate) struct PoissonTable {
    mean: f64,
    pmf: Vec<f64>,
    cdf: Vec<f64>,
    /// sf[k] = P(X > k), summed from the top so the upper tail keeps full relative precision.
    sf: Vec<f64>,
}

impl PoissonTable {
    /// Table for `mean >= 0` (finite; checked by the callers).
    pub(crate) fn new(mean: f64) -> Self {
        if mean == 0.0 {
            return Self {
                mean,
                pmf: vec![1.0],
                cdf: vec![1.0],
                sf: vec![0.0],
            };
        }
        // 13 standard deviations beyond the mean leaves < 1e-30 of mass (Chernoff bound); the
        // constant term covers small means where the distribution is far from normal.
        let k_max = (mean + 13.0 * mean.sqrt() + 40.0).ceil() as usize;
        let mode = mean.floor() as usize;
        let mut pmf = vec![0.0; k_max + 1];
        // Start at the mode in log space (no underflow for large means) and recur both ways.
        let mode_f = mode as f64;
        pmf[mode] = (mode_f * mean.ln() - mean - ln_factorial(mode)).exp();
        for k in (0..mode).rev() {
            pmf[k] = pmf[k + 1] * (k as f64 + 1.0) / mean;
        }
        for k in mode + 1..=k_max {
            pmf[k] = pmf[k - 1] * mean / k as f64;
        }
        let mut cdf = vec![0.0; k_max + 1];
        let mut acc = 0.0;
        for (c, &p) in cdf.iter_mut().zip(&pmf) {
            acc += p;
            *c = acc;
        }
        let mut sf = vec![0.0; k_max + 1];
        let mut acc = 0.0;
        for k in (0..k_max).rev() {
            acc += pmf[k + 1];
            sf[k] = acc;
        }
        Self { mean, pmf, cdf, sf }
    }

    pub(crate) fn mean(&self) -> f64 {
        self.mean
    }

    /// Largest k with tabulated mass.
    #[cfg(test)]
    pub(crate) fn k_max(&self) -> usize {
        self.pmf.len() - 1
    }

    /// P(X = k).
    pub(crate) fn pmf(&self, k: i64) -> f64 {
        if k < 0 {
            0.0
        } else {
            self.pmf.get(k as usize).copied().unwrap_or(0.0)
        }
    }

    /// P(X <= k).
    pub(crate) fn cdf(&self, k: i64) -> f64 {
        if k < 0 {
            0.0
        } else {
            // Prefer 1 - sf in the upper half, where summing from the top is more accurate.
            let k = k as usize;
            if k >= self.pmf.len() {
                1.0
            } else if self.cdf[k] > 0.5 {
                1.0 - self.sf[k]
            } else {
                self.cdf[k]
            }
        }
    }

    /// P(X > k).
    pub(crate) fn sf(&self, k: i64) -> f64 {
        if k < 0 {
            1.0
        } else {
            let k = k as usize;
            if k >= self.pmf.len() {
                0.0
            } else if self.cdf[k] > 0.5 {
                self.sf[k]
            } else {
                1.0 - self.cdf[k]
            }
        }
    }

    /// Smallest integer k with P(X <= k) >= p.
    pub(crate) fn quantile(&self, p: f64) -> i64 {
        // The cdf is monotone, so a binary search finds the first k reaching p.
        let (mut lo, mut hi) = (0usize, self.pmf.len() - 1);
        if self.cdf(hi as i64) < p {
            return hi as i64;
        }
        while lo < hi {
            let mid = (lo + hi) / 2;
            if self.cdf(mid as i64) >= p {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        lo as i64
    }

    /// First-order loss E[(X - x)+] at real x.
    pub(crate) fn loss(&self, x: f64) -> f64 {
        if x < 0.0 {
            return self.mean - x;
        }
        // E[X 1{X > k}] = mean * P(X >= k) for Poisson; with k = floor(x) this covers real x.
        let k = x.floor() as i64;
        self.mean * (self.sf(k) + self.pmf(k)) - x * self.sf(k)
    }

    /// Complementary loss E[(x - X)+] at real x.
    pub(crate) fn complementary_loss(&self, x: f64) -> f64 {
        if x < 0.0 {
            return 0.0;
        }
        let k = x.floor() as i64;
        // E[X 1{X <= k}] = mean * P(X <= k - 1).
        x * self.cdf(k) - self.mean * self.cdf(k - 1)
    }

    /// Continuous-style second-order loss ½E[((X − x)⁺)²] at real x, from the Poisson identities
    /// E[X; X > k] = mean·P(X ≥ k) and E[X(X − 1); X > k] = mean²·P(X ≥ k − 1).
    pub(crate) fn real_second_loss(&self, x: f64) -> f64 {
        let m = self.mean;
        if x < 0.0 {
            // (X - x)² everywhere: variance plus squared mean shift.
            return 0.5 * (m + (m - x) * (m - x));
        }
        let k = x.floor() as i64;
        let a0 = self.sf(k);
        let a1 = m * self.sf(k - 1);
        let a2 = m * m * self.sf(k - 2) + a1;
        (0.5 * (a2 - 2.0 * x * a1 + x * x * a0)).max(0.0)
    }

    /// Second-order loss ½ E[(X - x)(X - x - 1) 1{X >= x}] at integer x (stockpyl's definition).
    pub(crate) fn second_loss(&self, x: i64) -> f64 {
        let (m, xf) = (self.mean, x as f64);
        let d = xf - m;
        0.5 * ((d * d + xf) * self.sf(x) - m * d * self.pmf(x))
    }

    /// Complementary second-order loss ½ E[(x - X)(x + 1 - X) 1{X <= x}] at integer x.
    pub(crate) fn second_complementary_loss(&self, x: i64) -> f64 {
        let (m, xf) = (self.mean, x as f64);
        let d = xf - m;
        0.5 * ((d * d + xf) * self.cdf(x) + m * d * self.pmf(x))
    }
}

/// ln(n!): exact summation for small n, Stirling's series (error below 1e-17 relative) beyond.
fn ln_factorial(n: usize) -> f64 {
    if n < 16 {
        return (2..=n).map(|k| (k as f64).ln()).sum();
    }
    let x = n as f64;
    let inv = 1.0 / x;
    let inv2 = inv * inv;
    // ½ln(2π) and the Bernoulli-number corrections 1/12, 1/360, 1/1260, 1/1680.
    let series = inv * (1.0 / 12.0 - inv2 * (1.0 / 360.0 - inv2 * (1.0 / 1260.0 - inv2 / 1680.0)));
    x * x.ln() - x + 0.5 * (2.0 * std::f64::consts::PI * x).ln() + series
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_sums_to_one_and_matches_scipy() {
        for mean in [0.3, 6.0, 18.0, 250.0, 2000.0] {
            let t = PoissonTable::new(mean);
            let total: f64 = (0..=t.k_max() as i64).map(|k| t.pmf(k)).sum();
            assert!((total - 1.0).abs() < 1e-12, "mean {mean}: total {total}");
            let m: f64 = (0..=t.k_max() as i64).map(|k| k as f64 * t.pmf(k)).sum();
            assert!((m - mean).abs() < 1e-10 * mean.max(1.0));
        }
        // scipy.stats.poisson(6): pmf(3), cdf(9).
        let t = PoissonTable::new(6.0);
        assert!((t.pmf(3) - 0.08923507835998894).abs() < 1e-16);
        assert!((t.cdf(9) - 0.9160759830051242).abs() < 1e-15);
        assert_eq!(t.quantile(0.8), 8);
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
        let t = PoissonTable::new(4.5);
        let (a, b) = (t.loss(3.0), t.loss(4.0));
        assert!((t.loss(3.25) - (0.75 * a + 0.25 * b)).abs() < 1e-13);
        for x in [0.0, 2.0, 7.5] {
            assert!((t.complementary_loss(x) - (x - 4.5 + t.loss(x))).abs() < 1e-12);
        }
    }
}
