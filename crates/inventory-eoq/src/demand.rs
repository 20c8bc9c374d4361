//! Demand distributions: normal, Poisson and discrete (an explicit pmf or the empirical
//! distribution of a sales history), behind one trait so newsvendor, reorder-point and
//! base-stock calculations work on any of them.
//!
//! ```
//! use inventory_eoq::{DemandDistribution, DiscreteDemand, NormalDemand};
//! // Lead-time demand with uncertain lead time: σ = √(L·sd² + d²·sd_L²).
//! let ltd = NormalDemand::lead_time_demand(100.0, 20.0, 4.0, 1.0)?;
//! assert!((ltd.mean() - 400.0).abs() < 1e-12);
//! assert!((ltd.sd() - 107.70329614269008).abs() < 1e-12);
//!
//! // A sales history (intermittent: zeros on closed days) as an empirical distribution.
//! let history = [0.0, 3.0, 5.0, 0.0, 4.0, 3.0, 8.0];
//! let d = DiscreteDemand::empirical(&history)?;
//! assert!((d.mean() - 23.0 / 7.0).abs() < 1e-12);
//! assert_eq!(d.quantile(0.5)?, 3.0);
//! # Ok::<(), inventory_eoq::InventoryError>(())
//! ```

use crate::error::{InventoryError, Result};
use crate::limits::{MAX_ABS_VALUE, MAX_POISSON_MEAN};
use crate::loss::{TAIL, standard_normal_loss, standard_normal_loss_difference};
use crate::normal;
use crate::poisson::Poisson;
use crate::validate;

/// A demand distribution over one planning interval (a period, a lead time, a season).
///
/// Implement it for another distribution (gamma, negative binomial) and the newsvendor,
/// reorder-point and base-stock functions accept it too. The crate's own distributions return
/// finite values, non-negative where the quantity is, for every |x| ≤
/// [`MAX_ABS_VALUE`](crate::limits::MAX_ABS_VALUE); an implementation should do the same.
pub trait DemandDistribution: Send + Sync + std::fmt::Debug {
    /// Expected demand.
    fn mean(&self) -> f64;

    /// Standard deviation of demand.
    fn sd(&self) -> f64;

    /// P(D ≤ x).
    fn cdf(&self, x: f64) -> f64;

    /// Smallest x with P(D ≤ x) ≥ p, for p already known to be in (0, 1).
    /// [`quantile`](Self::quantile) is the checked version.
    fn inverse_cdf(&self, p: f64) -> f64;

    /// Expected shortage E[(D − x)⁺].
    fn loss(&self, x: f64) -> f64;

    /// Expected leftover E[(x − D)⁺].
    fn complementary_loss(&self, x: f64) -> f64 {
        x - self.mean() + self.loss(x)
    }

    /// E[(D − x)⁺] − E[(D − x − w)⁺] for a width w ≥ 0 (0 otherwise): ∫ from x to x + w of
    /// P(D > y) dy, the expected shortage that w more units of stock avoid, in [0, w]. The
    /// default subtracts the two losses (clamping the rounding); [`NormalDemand`] integrates
    /// directly, so a width far below the spread (or below the resolution of x) keeps its
    /// precision.
    fn loss_difference(&self, x: f64, width: f64) -> f64 {
        if width > 0.0 {
            (self.loss(x) - self.loss(x + width)).clamp(0.0, width)
        } else {
            0.0
        }
    }

    /// Second-order loss ½E[((D − x)⁺)²]. Its derivative is −loss(x), so
    /// ∫ₐᵇ loss(y) dy = second_loss(a) − second_loss(b): the time-average backorders of
    /// policies whose inventory position is spread uniformly over [a, b].
    fn second_loss(&self, x: f64) -> f64;

    /// ½E[((x − D)⁺)²] = ½((x − μ)² + σ²) − second_loss(x); its derivative is
    /// complementary_loss(x).
    fn second_complementary_loss(&self, x: f64) -> f64 {
        let (m, s) = (self.mean(), self.sd());
        0.5 * ((x - m) * (x - m) + s * s) - self.second_loss(x)
    }

    /// Whether demand takes integer values only (then decisions are rounded to integers).
    fn is_discrete(&self) -> bool;

    /// Smallest x with P(D ≤ x) ≥ p; errors unless p is in (0, 1).
    fn quantile(&self, p: f64) -> Result<f64> {
        validate::probability("probability", p)?;
        Ok(self.inverse_cdf(p))
    }
}

/// Normal demand N(mean, sd²).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NormalDemand {
    mean: f64,
    sd: f64,
}

impl NormalDemand {
    /// Normal demand; errors unless `mean > 0` and `sd > 0`.
    pub fn new(mean: f64, sd: f64) -> Result<Self> {
        Ok(Self {
            mean: validate::positive("demand mean", mean)?,
            sd: validate::positive("demand sd", sd)?,
        })
    }

    /// Demand summed over `periods` independent periods: N(n·mean, n·sd²).
    pub fn over_periods(&self, periods: f64) -> Result<Self> {
        let n = validate::positive("periods", periods)?;
        Self::summed(self.mean * n, self.sd * n.sqrt())
    }

    /// A derived (summed) distribution, checked like an input.
    fn summed(mean: f64, sd: f64) -> Result<Self> {
        Ok(Self {
            mean: validate::positive("lead-time demand mean", mean)?,
            sd: validate::positive("lead-time demand sd", sd)?,
        })
    }

    /// Demand over a lead time of `lead_time` periods (mean `lead_time_sd`), with per-period
    /// demand of mean `mean` and standard deviation `sd`:
    /// mean d·L, σ = √(L·sd² + d²·sd_L²).
    pub fn lead_time_demand(mean: f64, sd: f64, lead_time: f64, lead_time_sd: f64) -> Result<Self> {
        let mean = validate::positive("demand mean", mean)?;
        let sd = validate::non_negative("demand sd", sd)?;
        let l = validate::positive("lead time", lead_time)?;
        let sl = validate::non_negative("lead time sd", lead_time_sd)?;
        let sigma = lead_time_sigma(l, sd, mean, sl);
        if sigma <= 0.0 {
            return Err(InventoryError::NotPositive {
                name: "lead-time demand sd (demand and lead time both deterministic)",
                value: sigma,
            });
        }
        Self::summed(mean * l, sigma)
    }

    /// Built from parameters already known to be valid.
    pub(crate) fn from_parts(mean: f64, sd: f64) -> Self {
        Self { mean, sd }
    }

    /// z-score of x.
    pub(crate) fn z(&self, x: f64) -> f64 {
        (x - self.mean) / self.sd
    }
}

impl DemandDistribution for NormalDemand {
    fn mean(&self) -> f64 {
        self.mean
    }
    fn sd(&self) -> f64 {
        self.sd
    }
    fn cdf(&self, x: f64) -> f64 {
        normal::cdf(self.z(x))
    }
    fn inverse_cdf(&self, p: f64) -> f64 {
        self.mean + self.sd * normal::quantile_unchecked(p)
    }
    // Beyond TAIL sd from the mean the tail terms vanish and the values are computed in units of
    // x (a z of ±∞ from a tiny sd would otherwise give ∞ · 0).
    fn loss(&self, x: f64) -> f64 {
        let z = self.z(x);
        if z < -TAIL {
            self.mean - x
        } else {
            (self.sd * (normal::pdf(z) - z * normal::sf(z))).max(0.0)
        }
    }
    fn complementary_loss(&self, x: f64) -> f64 {
        let z = self.z(x);
        if z > TAIL {
            x - self.mean
        } else {
            // E[(x-D)+] = sd·(φ(z) + zΦ(z)): no cancellation against the mean in the lower tail.
            (self.sd * (normal::pdf(z) + z * normal::cdf(z))).max(0.0)
        }
    }
    fn loss_difference(&self, x: f64, width: f64) -> f64 {
        // Also 0 for a NaN width or position.
        if width.is_nan() || x.is_nan() || width <= 0.0 {
            return 0.0;
        }
        let (z, dz) = (self.z(x), width / self.sd);
        if z + dz < -TAIL {
            // All the mass lies above x + width.
            width
        } else if z > TAIL {
            0.0
        } else if z < -TAIL {
            (self.mean - x - self.loss(x + width)).clamp(0.0, width)
        } else {
            (self.sd * standard_normal_loss_difference(z, dz)).clamp(0.0, width)
        }
    }
    fn second_loss(&self, x: f64) -> f64 {
        let z = self.z(x);
        if z < -TAIL {
            0.5 * ((x - self.mean) * (x - self.mean) + self.sd * self.sd)
        } else {
            self.sd * self.sd * standard_normal_loss(z).second_loss
        }
    }
    fn second_complementary_loss(&self, x: f64) -> f64 {
        let z = self.z(x);
        if z > TAIL {
            0.5 * ((x - self.mean) * (x - self.mean) + self.sd * self.sd)
        } else {
            // ½E[((x-D)+)²] for z is the upper-tail formula at -z, with no cancellation.
            self.sd * self.sd * standard_normal_loss(-z).second_loss
        }
    }
    fn is_discrete(&self) -> bool {
        false
    }
}

/// Integer-valued demand with an explicit probability mass function.
pub trait IntegerDemand: DemandDistribution {
    /// P(D = k).
    fn pmf(&self, k: i64) -> f64;
}

/// Poisson demand with the given mean.
///
/// Memory and time are bounded whatever the mean: up to
/// [`POISSON_NORMAL_MEAN`](crate::limits::POISSON_NORMAL_MEAN) (1e8) the probabilities are
/// tabulated exactly on the O(√mean) window that holds the mass; above it the normal
/// approximation with continuity correction is used, P(D ≤ k) ≈ Φ((k + ½ − μ)/√μ), with
/// E[(D − k)⁺] ≈ √μ·G((k − μ)/√μ). Means above
/// [`MAX_POISSON_MEAN`](crate::limits::MAX_POISSON_MEAN) (1e15) are rejected.
///
/// ```
/// use inventory_eoq::{DemandDistribution, PoissonDemand};
/// let d = PoissonDemand::new(1e12)?;               // no table of a trillion entries
/// let q = d.quantile(0.8)?;
/// assert!((q - (1e12 + 0.8416212335729143 * 1e6)).abs() <= 1.0);
/// # Ok::<(), inventory_eoq::InventoryError>(())
/// ```
#[derive(Debug, Clone)]
pub struct PoissonDemand {
    table: Poisson,
}

impl PoissonDemand {
    /// Poisson demand; errors unless `0 < mean ≤ MAX_POISSON_MEAN`.
    pub fn new(mean: f64) -> Result<Self> {
        Ok(Self {
            table: Poisson::new(poisson_mean("demand mean", mean)?),
        })
    }

    /// Demand summed over `periods` periods: Poisson(n·mean).
    pub fn over_periods(&self, periods: f64) -> Result<Self> {
        let n = validate::positive("periods", periods)?;
        Ok(Self {
            table: Poisson::new(poisson_mean(
                "Poisson demand mean over the periods",
                self.table.mean() * n,
            )?),
        })
    }

    /// Whether the mean is above [`POISSON_NORMAL_MEAN`](crate::limits::POISSON_NORMAL_MEAN), so
    /// the normal approximation with continuity correction stands in for exact probabilities.
    pub fn is_normal_approximation(&self) -> bool {
        self.table.is_normal_approximation()
    }
}

/// A Poisson mean: positive, finite and at most [`MAX_POISSON_MEAN`].
pub(crate) fn poisson_mean(what: &'static str, mean: f64) -> Result<f64> {
    validate::positive(what, mean)?;
    validate::at_most(
        what,
        mean,
        MAX_POISSON_MEAN,
        "integer demand this large is not representable with its spread; use normal demand with sd = √mean",
    )?;
    Ok(mean)
}

/// √(L·sd² + d²·sd_L²) without intermediate overflow or underflow.
pub(crate) fn lead_time_sigma(periods: f64, sd: f64, mean: f64, lead_time_sd: f64) -> f64 {
    let direct = (periods * sd * sd + mean * mean * lead_time_sd * lead_time_sd).sqrt();
    if direct.is_normal() || (sd == 0.0 && lead_time_sd == 0.0) {
        direct
    } else {
        (periods.sqrt() * sd).hypot(mean * lead_time_sd)
    }
}

impl DemandDistribution for PoissonDemand {
    fn mean(&self) -> f64 {
        self.table.mean()
    }
    fn sd(&self) -> f64 {
        self.table.mean().sqrt()
    }
    fn cdf(&self, x: f64) -> f64 {
        self.table.cdf(x.floor() as i64)
    }
    fn inverse_cdf(&self, p: f64) -> f64 {
        self.table.quantile(p) as f64
    }
    fn loss(&self, x: f64) -> f64 {
        self.table.loss(x)
    }
    fn complementary_loss(&self, x: f64) -> f64 {
        self.table.complementary_loss(x)
    }
    fn second_loss(&self, x: f64) -> f64 {
        self.table.real_second_loss(x)
    }
    fn second_complementary_loss(&self, x: f64) -> f64 {
        self.table.real_second_complementary_loss(x)
    }
    fn is_discrete(&self) -> bool {
        true
    }
}

impl IntegerDemand for PoissonDemand {
    fn pmf(&self, k: i64) -> f64 {
        self.table.pmf(k)
    }
}

/// A discrete demand distribution on finitely many non-negative values: an explicit pmf, or the
/// empirical distribution of a sales history (what a user with data but no model has).
#[derive(Debug, Clone, PartialEq)]
pub struct DiscreteDemand {
    /// Distinct support points, increasing.
    values: Vec<f64>,
    probs: Vec<f64>,
    /// head_p[i] = Σ_{j<i} p_j; head_vp[i] = Σ_{j<i} v_j p_j (length n + 1).
    head_p: Vec<f64>,
    head_vp: Vec<f64>,
    /// tail_p[i] = Σ_{j≥i} p_j; tail_vp[i] = Σ_{j≥i} v_j p_j (length n + 1), summed from the top
    /// so shortages in the upper tail keep their precision.
    tail_p: Vec<f64>,
    tail_vp: Vec<f64>,
    /// Same sums of v²·p, for second-order losses.
    head_v2p: Vec<f64>,
    tail_v2p: Vec<f64>,
    mean: f64,
    sd: f64,
    integer: bool,
}

impl DiscreteDemand {
    /// Distribution with P(D = `values[i]`) = `probs[i]`.
    ///
    /// Values must be finite and non-negative (repeats are merged), probabilities non-negative
    /// and summing to 1 within 1e-6 (they are then normalised exactly). The mean must be
    /// positive.
    pub fn from_pmf(values: &[f64], probs: &[f64]) -> Result<Self> {
        if values.len() != probs.len() {
            return Err(InventoryError::LengthMismatch {
                what: "pmf probabilities",
                expected: values.len(),
                got: probs.len(),
            });
        }
        validate::non_negative_slice("demand values", values)?;
        validate::non_negative_slice("demand probabilities", probs)?;
        let total: f64 = probs.iter().sum();
        if (total - 1.0).abs() > 1e-6 {
            return Err(InventoryError::InvalidParameter {
                name: "demand probabilities",
                reason: format!("must sum to 1, sum to {total}"),
            });
        }
        let mut pairs: Vec<(f64, f64)> =
            values.iter().copied().zip(probs.iter().copied()).collect();
        pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut merged: Vec<(f64, f64)> = Vec::with_capacity(pairs.len());
        for (v, p) in pairs {
            match merged.last_mut() {
                Some(last) if last.0 == v => last.1 += p,
                _ => merged.push((v, p)),
            }
        }
        let (values, probs): (Vec<f64>, Vec<f64>) =
            merged.into_iter().map(|(v, p)| (v, p / total)).unzip();
        Self::build(values, probs)
    }

    /// Distribution on 0, 1, …, n with P(D = k) = `pmf[k]`.
    pub fn from_integer_pmf(pmf: &[f64]) -> Result<Self> {
        let values: Vec<f64> = (0..pmf.len()).map(|k| k as f64).collect();
        Self::from_pmf(&values, pmf)
    }

    /// The empirical distribution of observed demands (each observation weight 1/n).
    ///
    /// Zeros are kept: for intermittent demand they are part of the distribution.
    pub fn empirical(samples: &[f64]) -> Result<Self> {
        validate::non_negative_slice("demand history", samples)?;
        let mut sorted = samples.to_vec();
        sorted.sort_by(f64::total_cmp);
        let n = sorted.len() as f64;
        let mut values = Vec::new();
        let mut counts: Vec<usize> = Vec::new();
        for v in sorted {
            match values.last() {
                Some(&last) if last == v => *counts.last_mut().expect("parallel to values") += 1,
                _ => {
                    values.push(v);
                    counts.push(1);
                }
            }
        }
        let probs = counts.iter().map(|&c| c as f64 / n).collect();
        let mut d = Self::build(values, probs)?;
        // Cumulative probabilities from integer counts are exact fractions, so a quantile such as
        // "80 % of days sold 12 or fewer" is not lost to rounding in a sum of 1/n terms.
        let total = samples.len();
        let mut below = 0usize;
        for (i, &c) in counts.iter().enumerate() {
            d.head_p[i] = below as f64 / n;
            d.tail_p[i] = (total - below) as f64 / n;
            below += c;
        }
        d.head_p[counts.len()] = 1.0;
        d.tail_p[counts.len()] = 0.0;
        Ok(d)
    }

    /// The empirical distribution of demand summed over `window` consecutive periods of a
    /// history (every window position, overlapping): lead-time demand straight from sales data,
    /// with no normality assumption. O(history length) whatever the window.
    ///
    /// NaN marks a missing period (a day the data do not know, not a day without sales):
    /// windows that contain one are left out, never counted as zero demand.
    pub fn rolling_sums(history: &[f64], window: usize) -> Result<Self> {
        let observed: Vec<f64> = history.iter().copied().filter(|v| !v.is_nan()).collect();
        validate::non_negative_slice("demand history", &observed)?;
        if window == 0 || window > history.len() {
            return Err(InventoryError::InvalidParameter {
                name: "window",
                reason: format!("must be in 1..={}, got {window}", history.len()),
            });
        }
        let sums = if observed.len() == history.len() {
            window_sums(history, window)
        } else {
            complete_window_sums(history, window)
        };
        if sums.is_empty() {
            return Err(InventoryError::InvalidParameter {
                name: "demand history",
                reason: format!(
                    "no run of {window} consecutive periods without a missing one: the demand over the window cannot be estimated"
                ),
            });
        }
        if let Some((i, &v)) = sums.iter().enumerate().find(|(_, v)| **v > MAX_ABS_VALUE) {
            return Err(InventoryError::InvalidElement {
                what: "demand summed over a window of the history",
                index: i,
                value: v,
                expected: "must be within ±1e150 (express demand in larger units)",
            });
        }
        Self::empirical(&sums)
    }

    fn build(values: Vec<f64>, probs: Vec<f64>) -> Result<Self> {
        let n = values.len();
        let mut head_p = vec![0.0; n + 1];
        let mut head_vp = vec![0.0; n + 1];
        let mut head_v2p = vec![0.0; n + 1];
        for i in 0..n {
            head_p[i + 1] = head_p[i] + probs[i];
            head_vp[i + 1] = head_vp[i] + values[i] * probs[i];
            head_v2p[i + 1] = head_v2p[i] + values[i] * values[i] * probs[i];
        }
        let mut tail_p = vec![0.0; n + 1];
        let mut tail_vp = vec![0.0; n + 1];
        let mut tail_v2p = vec![0.0; n + 1];
        for i in (0..n).rev() {
            tail_p[i] = tail_p[i + 1] + probs[i];
            tail_vp[i] = tail_vp[i + 1] + values[i] * probs[i];
            tail_v2p[i] = tail_v2p[i + 1] + values[i] * values[i] * probs[i];
        }
        let mean = head_vp[n];
        if mean <= 0.0 {
            return Err(InventoryError::NotPositive {
                name: "mean demand",
                value: mean,
            });
        }
        let var: f64 = values
            .iter()
            .zip(&probs)
            .map(|(v, p)| p * (v - mean) * (v - mean))
            .sum();
        let integer = values.iter().all(|v| v.fract() == 0.0);
        Ok(Self {
            values,
            probs,
            head_p,
            head_vp,
            tail_p,
            tail_vp,
            head_v2p,
            tail_v2p,
            mean,
            sd: var.sqrt(),
            integer,
        })
    }

    /// The distinct support points, increasing.
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// Their probabilities.
    pub fn probabilities(&self) -> &[f64] {
        &self.probs
    }

    /// Number of support points ≤ x.
    fn count_le(&self, x: f64) -> usize {
        self.values.partition_point(|&v| v <= x)
    }
}

impl DemandDistribution for DiscreteDemand {
    fn mean(&self) -> f64 {
        self.mean
    }
    fn sd(&self) -> f64 {
        self.sd
    }
    fn cdf(&self, x: f64) -> f64 {
        self.head_p[self.count_le(x)]
    }
    fn inverse_cdf(&self, p: f64) -> f64 {
        // First support point whose cumulative probability reaches p (stockpyl's rule for a
        // custom pmf; the "inverted cdf" sample quantile for an empirical distribution).
        let i = self.head_p[1..].partition_point(|&c| c < p);
        self.values[i.min(self.values.len() - 1)]
    }
    fn loss(&self, x: f64) -> f64 {
        let i = self.count_le(x);
        (self.tail_vp[i] - x * self.tail_p[i]).max(0.0)
    }
    fn complementary_loss(&self, x: f64) -> f64 {
        let i = self.count_le(x);
        (x * self.head_p[i] - self.head_vp[i]).max(0.0)
    }
    fn second_loss(&self, x: f64) -> f64 {
        let i = self.count_le(x);
        (0.5 * (self.tail_v2p[i] - 2.0 * x * self.tail_vp[i] + x * x * self.tail_p[i])).max(0.0)
    }
    fn second_complementary_loss(&self, x: f64) -> f64 {
        let i = self.count_le(x);
        (0.5 * (x * x * self.head_p[i] - 2.0 * x * self.head_vp[i] + self.head_v2p[i])).max(0.0)
    }
    fn is_discrete(&self) -> bool {
        self.integer
    }
}

/// Sums of every `window` consecutive values of `history` (non-negative), in O(len) time.
/// Sums of the windows without a missing (NaN) value, from prefix sums of the observed values
/// and of the missing count.
fn complete_window_sums(history: &[f64], window: usize) -> Vec<f64> {
    let mut sum = vec![0.0; history.len() + 1];
    let mut missing = vec![0usize; history.len() + 1];
    for (i, &v) in history.iter().enumerate() {
        sum[i + 1] = sum[i] + if v.is_nan() { 0.0 } else { v };
        missing[i + 1] = missing[i] + usize::from(v.is_nan());
    }
    (window..=history.len())
        .filter(|&e| missing[e] == missing[e - window])
        // Partial sums of one window's values directly: prefix differences would lose digits
        // on long non-integer histories.
        .map(|e| history[e - window..e].iter().sum())
        .collect()
}

fn window_sums(history: &[f64], window: usize) -> Vec<f64> {
    let count = history.len() - window + 1;
    if count.saturating_mul(window) <= 1 << 22 {
        // Small enough to sum every window directly, as the definition reads.
        return history.windows(window).map(|w| w.iter().sum()).collect();
    }
    // Slide the window (add the value entering, drop the one leaving), re-summing from scratch
    // every `window` steps so rounding never builds up beyond one window's worth. Exact, and
    // equal to the direct sums, for integer sales.
    let mut sums = Vec::with_capacity(count);
    let mut s = 0.0;
    for i in 0..count {
        if i % window == 0 {
            s = history[i..i + window].iter().sum();
        } else {
            s += history[i + window - 1] - history[i - 1];
        }
        sums.push(s.max(0.0));
    }
    sums
}

impl IntegerDemand for DiscreteDemand {
    fn pmf(&self, k: i64) -> f64 {
        let x = k as f64;
        match self.values.binary_search_by(|v| v.total_cmp(&x)) {
            Ok(i) => self.probs[i],
            Err(_) => 0.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discrete_loss_matches_direct_sums() {
        let d = DiscreteDemand::from_pmf(&[1.0, 2.0, 4.0, 4.0], &[0.25, 0.25, 0.25, 0.25]).unwrap();
        assert_eq!(d.values(), &[1.0, 2.0, 4.0]);
        for x in [-1.0, 0.0, 1.0, 1.5, 2.0, 3.0, 4.0, 5.0] {
            let direct: f64 = d
                .values()
                .iter()
                .zip(d.probabilities())
                .map(|(v, p)| p * (v - x).max(0.0))
                .sum();
            let comp: f64 = d
                .values()
                .iter()
                .zip(d.probabilities())
                .map(|(v, p)| p * (x - v).max(0.0))
                .sum();
            assert!((d.loss(x) - direct).abs() < 1e-15, "x={x}");
            let second: f64 = d
                .values()
                .iter()
                .zip(d.probabilities())
                .map(|(v, p)| 0.5 * p * (v - x).max(0.0).powi(2))
                .sum();
            let second_c: f64 = d
                .values()
                .iter()
                .zip(d.probabilities())
                .map(|(v, p)| 0.5 * p * (x - v).max(0.0).powi(2))
                .sum();
            assert!((d.second_loss(x) - second).abs() < 1e-14, "x={x}");
            assert!(
                (d.second_complementary_loss(x) - second_c).abs() < 1e-14,
                "x={x}"
            );
            assert!((d.complementary_loss(x) - comp).abs() < 1e-15, "x={x}");
        }
        assert_eq!(d.inverse_cdf(0.5), 2.0);
        assert_eq!(d.inverse_cdf(0.51), 4.0);
        assert_eq!(d.pmf(4), 0.5);
        assert_eq!(d.pmf(3), 0.0);
    }

    #[test]
    fn bad_inputs_are_typed_errors() {
        assert!(matches!(
            NormalDemand::new(0.0, 1.0),
            Err(InventoryError::NotPositive { .. })
        ));
        assert!(matches!(
            NormalDemand::new(10.0, -1.0),
            Err(InventoryError::NotPositive { .. })
        ));
        assert!(matches!(
            PoissonDemand::new(-2.0),
            Err(InventoryError::NotPositive { .. })
        ));
        assert!(matches!(
            DiscreteDemand::from_pmf(&[1.0], &[0.5]),
            Err(InventoryError::InvalidParameter { .. })
        ));
        assert!(matches!(
            DiscreteDemand::empirical(&[0.0, 0.0]),
            Err(InventoryError::NotPositive { .. })
        ));
        assert!(matches!(
            DiscreteDemand::empirical(&[]),
            Err(InventoryError::Empty { .. })
        ));
        assert!(matches!(
            DiscreteDemand::rolling_sums(&[1.0, 2.0], 3),
            Err(InventoryError::InvalidParameter { .. })
        ));
        assert!(NormalDemand::lead_time_demand(10.0, 0.0, 2.0, 0.0).is_err());
    }

    #[test]
    fn second_losses_integrate_the_loss() {
        // d/dx second_loss = -loss and d/dx second_complementary_loss = complementary_loss.
        let dists: Vec<Box<dyn DemandDistribution>> = vec![
            Box::new(NormalDemand::new(20.0, 6.0).unwrap()),
            Box::new(PoissonDemand::new(7.5).unwrap()),
            Box::new(DiscreteDemand::empirical(&[0.0, 3.0, 3.0, 9.5, 14.0]).unwrap()),
        ];
        for d in &dists {
            for x in [-3.0, 0.0, 2.5, 7.2, 11.0, 30.0] {
                let h = 1e-6;
                let slope = (d.second_loss(x + h) - d.second_loss(x - h)) / (2.0 * h);
                assert!(
                    (slope + d.loss(x)).abs() < 1e-6,
                    "{d:?} at {x}: {slope} vs {}",
                    d.loss(x)
                );
                let slope = (d.second_complementary_loss(x + h)
                    - d.second_complementary_loss(x - h))
                    / (2.0 * h);
                assert!(
                    (slope - d.complementary_loss(x)).abs() < 1e-6,
                    "{d:?} at {x}"
                );
            }
        }
    }

    #[test]
    fn rolling_sums_cover_every_window() {
        let d = DiscreteDemand::rolling_sums(&[1.0, 0.0, 2.0, 3.0], 2).unwrap();
        assert_eq!(d.values(), &[1.0, 2.0, 5.0]);
        assert!((d.mean() - 8.0 / 3.0).abs() < 1e-15);
    }
}
