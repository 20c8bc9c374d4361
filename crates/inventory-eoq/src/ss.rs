//! Periodic-review (s, S) policies: at each review, if the inventory position is at or below s,
//! order up to S. Zheng & Federgruen (1991) find the optimal pair exactly for integer demand;
//! Ehrhardt's power approximation gives a closed form for normal demand.
//!
//! Convention (stockpyl's): order when IP ≤ s; costs are charged at the end of each period on
//! the newsvendor cost G(y) = h·E[(y − D)⁺] + p·E[(D − y)⁺] of the period's demand D, with zero
//! lead time (for a lead time L use demand over L + 1 periods).

use serde::{Deserialize, Serialize};

use crate::costs::Costs;
use crate::demand::{DemandDistribution, IntegerDemand, NormalDemand};
use crate::error::{InventoryError, Result};
use crate::limits::MAX_SS_SPAN;
use crate::output::{Check, Outputs, checked};
use crate::roots::sqrt_ratio;
use crate::validate;

/// An optimal (s, S) policy. Deserialising checks s < S and a finite, non-negative cost.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "SsPolicyRepr")]
pub struct SsPolicy {
    /// Reorder point s (order when IP ≤ s).
    pub reorder_point: i64,
    /// Order-up-to level S.
    pub order_up_to_level: i64,
    /// Expected cost per period.
    pub cost: f64,
}

#[derive(Deserialize)]
struct SsPolicyRepr {
    reorder_point: i64,
    order_up_to_level: i64,
    cost: f64,
}

impl TryFrom<SsPolicyRepr> for SsPolicy {
    type Error = InventoryError;
    fn try_from(r: SsPolicyRepr) -> Result<Self> {
        if r.order_up_to_level <= r.reorder_point {
            return Err(InventoryError::InvalidParameter {
                name: "SsPolicy",
                reason: format!(
                    "stored order-up-to level {} is not above the reorder point {}",
                    r.order_up_to_level, r.reorder_point
                ),
            });
        }
        crate::output::loaded(
            "SsPolicy",
            SsPolicy {
                reorder_point: r.reorder_point,
                order_up_to_level: r.order_up_to_level,
                cost: r.cost,
            },
        )
    }
}

/// (s, S) model for integer-valued per-period demand (Poisson, or any pmf on 0, 1, 2, …).
///
/// The exact search's work grows with the square of S − s, which is capped at
/// [`MAX_SS_SPAN`](crate::limits::MAX_SS_SPAN): [`optimize`](Self::optimize) refuses up front an
/// instance whose EOQ with planned backorders (about the optimal span) exceeds it, so no search
/// runs for more than a fraction of a second.
///
/// ```
/// use inventory_eoq::{Costs, PoissonDemand, SsModel};
/// // Snyder & Shen Example 4.7: h = 1, p = 4, K = 5, Poisson(6) demand per period.
/// let m = SsModel::new(PoissonDemand::new(6.0)?, Costs::default().holding(1.0).stockout(4.0).order(5.0))?;
/// let best = m.optimize()?;
/// assert_eq!((best.reorder_point, best.order_up_to_level), (4, 10));
/// assert!((best.cost - 8.034111561471642).abs() < 1e-9);
/// assert!((m.cost(3, 9)? - 8.17668673426714).abs() < 1e-9);
/// # Ok::<(), inventory_eoq::InventoryError>(())
/// ```
#[derive(Debug, Clone)]
pub struct SsModel<D> {
    costs: Costs,
    demand: D,
    /// P(D = 0), which must be below 1 for the renewal function to exist.
    p0: f64,
}

/// [`MAX_SS_SPAN`] as a signed position difference.
const MAX_SPAN: i64 = MAX_SS_SPAN as i64;

/// Largest |position| accepted: integers are exact in double precision up to 2^53.
const MAX_POSITION: i64 = 1 << 53;

/// What to do when the span is too wide for the exact search.
const USE_POWER: &str =
    "the exact (s, S) search is too long; use ss_power_approximation with normal demand instead";

impl<D: IntegerDemand> SsModel<D> {
    /// Model for per-period demand `demand`; errors unless it takes integer values only.
    ///
    /// The costs: holding h and backorder cost p per unit at the end of a period, order cost K
    /// per order, all three positive (and h, p no more than about 1e16 apart).
    pub fn new(demand: D, costs: Costs) -> Result<Self> {
        costs.require_policy()?;
        if !demand.is_discrete() {
            return Err(InventoryError::InvalidParameter {
                name: "demand",
                reason: "(s, S) optimisation needs integer-valued demand".into(),
            });
        }
        let p0 = demand.pmf(0);
        if p0 >= 1.0 {
            return Err(InventoryError::NotPositive {
                name: "mean demand",
                value: 0.0,
            });
        }
        Ok(Self { costs, demand, p0 })
    }

    /// G(y): expected holding and stockout cost of a period that starts at position y.
    fn g(&self, y: i64) -> f64 {
        let x = y as f64;
        self.costs.holding_cost() * self.demand.complementary_loss(x)
            + self.costs.stockout_cost() * self.demand.loss(x)
    }

    /// Extends the renewal function m (expected periods spent at each distance below S) and its
    /// running sums M to cover spans up to `span`.
    fn extend(&self, r: &mut Renewal, span: usize) {
        while r.m.len() < span {
            let j = r.m.len();
            let m0 = 1.0 / (1.0 - self.p0);
            r.ensure_pmf(&self.demand, j);
            let mj = if j == 0 {
                m0
            } else {
                m0 * (1..=j).map(|l| r.pmf[l] * r.m[j - l]).sum::<f64>()
            };
            r.m.push(mj);
            let last = *r.big_m.last().expect("starts with M[0] = 0");
            r.big_m.push(last + mj);
        }
    }

    fn cost_with(&self, r: &mut Renewal, gs: &mut GCache, s: i64, big_s: i64) -> f64 {
        let span = (big_s - s) as usize;
        self.extend(r, span);
        // Σ_{d<span} m(d)·G(S − d), in the same order as the definition (G ascending from s + 1
        // is read backwards).
        let g = gs.get(self, s + 1, big_s);
        let sum: f64 = r.m[..span]
            .iter()
            .zip(g.iter().rev())
            .map(|(m, g)| m * g)
            .sum();
        (self.costs.order_cost() + sum) / r.big_m[span]
    }

    /// Expected cost per period of (s, S), s < S ≤ s + [`MAX_SS_SPAN`](crate::limits::MAX_SS_SPAN):
    /// (K + Σ_{d<S−s} m(d)·G(S − d)) / M(S − s).
    pub fn cost(&self, s: i64, big_s: i64) -> Result<f64> {
        let span = big_s
            .checked_sub(s)
            .filter(|&span| span > 0)
            .ok_or_else(|| InventoryError::InvalidParameter {
                name: "order-up-to level",
                reason: format!("need s < S, got s = {s}, S = {big_s}"),
            })?;
        validate::at_most("S − s", span as f64, MAX_SS_SPAN as f64, USE_POWER)?;
        check_position("reorder point", s)?;
        check_position("order-up-to level", big_s)?;
        let cost = self.cost_with(&mut Renewal::default(), &mut GCache::default(), s, big_s);
        crate::output::non_negative_value("(s, S) cost", cost, || {
            format!("{:?}, s = {s}, S = {big_s}", self.costs)
        })
    }

    /// Exact optimum by Zheng & Federgruen's (1991) algorithm.
    ///
    /// Errors with [`InventoryError::LimitExceeded`] before searching when the EOQ with planned
    /// backorders exceeds [`MAX_SS_SPAN`](crate::limits::MAX_SS_SPAN), and as soon as the
    /// search itself would pass that span.
    pub fn optimize(&self) -> Result<SsPolicy> {
        let (h, p, k) = (
            self.costs.holding_cost(),
            self.costs.stockout_cost(),
            self.costs.order_cost(),
        );
        validate::at_most(
            "(s, S) span estimate (the EOQ with planned backorders)",
            sqrt_ratio(&[2.0, k, self.demand.mean(), h + p], &[h, p]),
            MAX_SS_SPAN as f64,
            USE_POWER,
        )?;
        let y_star = self.demand.inverse_cdf(self.costs.critical_ratio());
        validate::at_most(
            "|newsvendor level|",
            y_star.abs(),
            MAX_POSITION as f64,
            "integer positions beyond 2^53 are not exact in double precision",
        )?;
        let y_star = y_star as i64;
        let mut ren = Renewal::default();
        let mut gs = GCache::default();
        // Lower s from the newsvendor level until ordering up to it beats standing still.
        let s0 = y_star;
        let mut s = y_star;
        let mut best_cost = loop {
            s -= 1;
            let cost = self.cost_with(&mut ren, &mut gs, s, s0);
            if cost <= self.g(s) {
                break cost;
            }
            if s0 - s > MAX_SPAN {
                return Err(span_error());
            }
        };
        let mut best_s = s0;
        // Raise S while G(S) does not exceed the best cost; each improvement may raise s.
        let mut big_s = best_s + 1;
        while self.g(big_s) <= best_cost {
            let mut cost = self.cost_with(&mut ren, &mut gs, s, big_s);
            if cost < best_cost {
                best_s = big_s;
                while s + 1 < best_s && cost <= self.g(s + 1) {
                    s += 1;
                    cost = self.cost_with(&mut ren, &mut gs, s, best_s);
                }
                best_cost = cost;
            }
            big_s += 1;
            // s < y* ≤ S at the optimum, so S − y* ≤ S − s: beyond the span limit the search has
            // either a span too wide for it or a cost curve too flat (to double precision) to
            // settle; both stop here, which also bounds the number of iterations.
            if big_s - s > MAX_SPAN || big_s - y_star > MAX_SPAN {
                return Err(span_error());
            }
        }
        let policy = SsPolicy {
            reorder_point: s,
            order_up_to_level: best_s,
            cost: best_cost,
        };
        checked("(s, S) optimum", policy, || {
            format!(
                "h = {h}, p = {p}, K = {k}, demand mean {}",
                self.demand.mean()
            )
        })
    }

    /// The per-period demand.
    pub fn demand(&self) -> &D {
        &self.demand
    }
}

fn span_error() -> InventoryError {
    InventoryError::LimitExceeded {
        what: "(s, S) search span",
        value: MAX_SS_SPAN as f64 + 1.0,
        limit: MAX_SS_SPAN as f64,
        advice: USE_POWER,
    }
}

fn check_position(what: &'static str, y: i64) -> Result<()> {
    validate::at_most(
        what,
        y.unsigned_abs() as f64,
        MAX_POSITION as f64,
        "integer positions beyond 2^53 are not exact in double precision",
    )
}

impl Outputs for SsPolicy {
    fn visit(&self, c: &mut Check) {
        c.non_negative("cost", self.cost).positive(
            "S − s",
            (self.order_up_to_level - self.reorder_point) as f64,
        );
    }
}

/// G on a contiguous range of positions, filled as the search reaches them (each position is
/// evaluated once, and the cost sums become dot products).
#[derive(Debug, Default)]
struct GCache {
    lo: i64,
    values: Vec<f64>,
}

impl GCache {
    /// G(from..=to), extending the cached range (at least doubling it) where needed.
    fn get<D: IntegerDemand>(&mut self, model: &SsModel<D>, from: i64, to: i64) -> &[f64] {
        if self.values.is_empty() {
            self.lo = from;
            self.values = (from..=to).map(|y| model.g(y)).collect();
        } else {
            let len = self.values.len() as i64;
            if from < self.lo {
                let new_lo = from.min(self.lo - len);
                let mut grown: Vec<f64> = (new_lo..self.lo).map(|y| model.g(y)).collect();
                grown.extend_from_slice(&self.values);
                self.values = grown;
                self.lo = new_lo;
            }
            let hi = self.lo + self.values.len() as i64 - 1;
            if to > hi {
                let new_hi = to.max(hi + self.values.len() as i64);
                self.values.extend((hi + 1..=new_hi).map(|y| model.g(y)));
            }
        }
        let start = (from - self.lo) as usize;
        &self.values[start..start + (to - from + 1) as usize]
    }
}

/// Renewal quantities shared by the cost evaluations of one search.
#[derive(Debug)]
struct Renewal {
    m: Vec<f64>,
    big_m: Vec<f64>,
    pmf: Vec<f64>,
}

impl Default for Renewal {
    fn default() -> Self {
        Self {
            m: Vec::new(),
            big_m: vec![0.0],
            pmf: Vec::new(),
        }
    }
}

impl Renewal {
    /// Tabulates P(D = k) for k up to `k`.
    fn ensure_pmf<D: IntegerDemand>(&mut self, demand: &D, k: usize) {
        while self.pmf.len() <= k {
            let next = self.pmf.len() as i64;
            self.pmf.push(demand.pmf(next));
        }
    }
}

/// Ehrhardt's power approximation for normal per-period demand (Snyder & Shen §4.5):
/// Q = 1.30 μ^0.494 (K/h)^0.506 (1 + σ²/μ²)^0.116, z = √(Q h/(σ p)),
/// s = 0.973 μ + σ(0.183/z + 1.063 − 2.192 z), S = s + Q. Returns (s, S), or an
/// [`InventoryError::OutOfRange`] when the inputs are so far apart that s or S leaves double
/// range (or S − s vanishes next to s).
///
/// ```
/// use inventory_eoq::{ss_power_approximation, Costs, NormalDemand};
/// let costs = Costs::default().holding(0.18).stockout(0.7).order(2.5);
/// let (s, big_s) = ss_power_approximation(&NormalDemand::new(50.0, 8.0)?, &costs)?;
/// assert!((s - 40.19461695647407).abs() < 1e-9 && (big_s - 74.29017010980579).abs() < 1e-9);
/// # Ok::<(), inventory_eoq::InventoryError>(())
/// ```
pub fn ss_power_approximation(demand: &NormalDemand, costs: &Costs) -> Result<(f64, f64)> {
    costs.require_policy()?;
    let (h, p, k) = (
        costs.holding_cost(),
        costs.stockout_cost(),
        costs.order_cost(),
    );
    let (mu, sd) = (demand.mean(), demand.sd());
    let q = 1.30 * mu.powf(0.494) * (k / h).powf(0.506) * (1.0 + (sd / mu).powi(2)).powf(0.116);
    let z = (q / sd * h / p).sqrt();
    let s = 0.973 * mu + sd * (0.183 / z + 1.063 - 2.192 * z);
    let big_s = s + q;
    if s.is_finite() && big_s.is_finite() && big_s > s {
        Ok((s, big_s))
    } else {
        Err(InventoryError::OutOfRange {
            what: "power approximation (s, S)",
            reason: format!(
                "s = {s:e}, S = {big_s:e} for h = {h}, p = {p}, K = {k}, mean = {mu}, sd = {sd}: \
                 the inputs are too far apart for double precision"
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demand::{DiscreteDemand, PoissonDemand};

    #[test]
    fn explicit_pmf_matches_poisson() {
        // Poisson(6) written out as a pmf (mass beyond 60 is below 1e-30).
        let poisson = PoissonDemand::new(6.0).unwrap();
        let pmf: Vec<f64> = (0..=60).map(|k| poisson.pmf(k)).collect();
        let table = DiscreteDemand::from_integer_pmf(&pmf).unwrap();
        let costs = Costs::default().holding(1.0).stockout(4.0).order(5.0);
        let a = SsModel::new(poisson, costs).unwrap().optimize().unwrap();
        let b = SsModel::new(table, costs).unwrap().optimize().unwrap();
        assert_eq!(
            (a.reorder_point, a.order_up_to_level),
            (b.reorder_point, b.order_up_to_level)
        );
        assert!((a.cost - b.cost).abs() < 1e-12 * a.cost);
    }

    #[test]
    fn renewal_quantities_are_consistent() {
        // With K tiny, (s, S) collapses to a base-stock policy at the newsvendor level.
        let costs = Costs::default().holding(1.0).stockout(9.0).order(1e-9);
        let d = PoissonDemand::new(20.0).unwrap();
        let best = SsModel::new(d.clone(), costs).unwrap().optimize().unwrap();
        let newsvendor = d.inverse_cdf(0.9) as i64;
        assert_eq!(best.order_up_to_level, newsvendor);
        assert_eq!(best.reorder_point, newsvendor - 1);
        // K so small that the cost of (S − 1, S) rounds to G(S) (a case proptest found): the
        // search must still stop at S − s = 1; it used to raise s to S and then take a span of
        // −1 as 2^64 − 1 (a 4 GB allocation).
        let costs = Costs::default()
            .holding(2.915833127594754e-154)
            .stockout(1.9011977051798162e-138)
            .order(1.1246e-223);
        let d = PoissonDemand::new(49_298.710_731_172_42).unwrap();
        let newsvendor = d.inverse_cdf(costs.critical_ratio()) as i64;
        let best = SsModel::new(d, costs).unwrap().optimize().unwrap();
        // A base-stock policy near the newsvendor level (the costs are too small for double
        // precision to tell its neighbours apart).
        assert_eq!(best.order_up_to_level - best.reorder_point, 1);
        assert!((best.order_up_to_level - newsvendor).abs() <= 2, "{best:?}");
        assert!(best.cost.is_finite() && best.cost >= 0.0);
    }
}
