//! (r, Q) with normal demand: exact optimum and the textbook approximations.

use serde::{Deserialize, Serialize};

use super::{RqPolicy, RqService};
use crate::backorders::EoqBackorders;
use crate::costs::Costs;
use crate::demand::{DemandDistribution, NormalDemand};
use crate::eoq::Eoq;
use crate::error::{InventoryError, Result};
use crate::loss::standard_normal_loss_inverse;
use crate::normal;
use crate::output::{checked, unit};
use crate::roots::brent;
use crate::validate;

/// Largest cost scale (h + p)·(40σ + 4Q)² accepted, so that every cost and its integrals stay
/// far from overflow wherever the optimisers look.
const MAX_COST_SCALE: f64 = 1e300;

/// Fixed-point iterations stop when r and Q move less than this (relative to their size).
const FIXED_POINT_TOL: f64 = 1e-12;
/// Cap on fixed-point iterations; reaching it sets `converged = false`.
const MAX_FIXED_POINT_ITER: usize = 10_000;

/// (r, Q) model with normal demand: demand rate λ with standard deviation σ per unit of time,
/// lead time L, so lead-time demand is N(λL, σ²L).
///
/// ```
/// use inventory_eoq::{Costs, NormalDemand, RqNormal};
/// // Snyder & Shen Example 5.1: h = 0.225, p = 7.5, K = 8, λ = 1300/yr (σ = 150), L = 1/12 yr.
/// let m = RqNormal::new(
///     NormalDemand::new(1300.0, 150.0)?,
///     1.0 / 12.0,
///     Costs::default().holding(0.225).stockout(7.5).order(8.0),
/// )?;
/// let best = m.optimize();
/// assert!((best.reorder_point - 126.867063).abs() < 1e-4);
/// assert!((best.order_quantity - 328.449142).abs() < 1e-4);
/// assert!((best.cost - 78.07114627035175).abs() < 1e-9);
/// // EOQ plus newsvendor safety stock is a common, costlier, shortcut.
/// assert!(m.eoq_safety_stock().cost > best.cost);
/// # Ok::<(), inventory_eoq::InventoryError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RqNormalRepr")]
pub struct RqNormal {
    costs: Costs,
    rate: f64,
    rate_sd: f64,
    lead_time: f64,
    /// Lead-time demand mean and sd (derived: not stored).
    #[serde(skip)]
    mu: f64,
    #[serde(skip)]
    sigma: f64,
}

/// The stored form: the constructor's arguments (the derived fields are skipped when read).
#[derive(Deserialize)]
struct RqNormalRepr {
    costs: Costs,
    rate: f64,
    rate_sd: f64,
    lead_time: f64,
}

impl TryFrom<RqNormalRepr> for RqNormal {
    type Error = InventoryError;
    fn try_from(r: RqNormalRepr) -> Result<Self> {
        RqNormal::new(NormalDemand::new(r.rate, r.rate_sd)?, r.lead_time, r.costs)
    }
}

impl RqNormal {
    /// Model with demand per unit of time `demand` and lead time `lead_time` (> 0) in the same
    /// unit of time.
    ///
    /// Lead-time demand λL and σ√L must stay within ±[`MAX_ABS_VALUE`](crate::limits::MAX_ABS_VALUE)
    /// (a real-valued lead time has no other limit), and the costs of the problem within double
    /// range: (40σ√L + 4Q)² and (h + p)·(40σ√L + 4Q)² at most 1e300, with Q the EOQ with
    /// planned backorders. Otherwise
    /// the constructor returns a typed error, so every solver below returns finite values.
    ///
    /// The costs: holding h and backorder cost p per unit per unit of time, order cost K per
    /// order, all three positive (and h, p no more than about 1e16 apart).
    pub fn new(demand: NormalDemand, lead_time: f64, costs: Costs) -> Result<Self> {
        costs.require_policy()?;
        let l = validate::positive("lead time", lead_time)?;
        let mu = validate::positive(
            "lead-time demand mean (rate × lead time)",
            demand.mean() * l,
        )?;
        let sigma = validate::positive("lead-time demand sd", demand.sd() * l.sqrt())?;
        let (h, p, k) = (
            costs.holding_cost(),
            costs.stockout_cost(),
            costs.order_cost(),
        );
        // The closed forms the solvers start from must exist.
        Eoq::new(demand.mean(), costs)?;
        let q = EoqBackorders::new(demand.mean(), costs)?.order_quantity();
        let span = 40.0 * sigma + 4.0 * q;
        let scale = (h + p) * span * span;
        if scale.is_nan() || scale > MAX_COST_SCALE || span * span > MAX_COST_SCALE {
            return Err(InventoryError::OutOfRange {
                what: "(r, Q) cost",
                reason: format!(
                    "the cost scale (h + p)·(40σ + 4Q)² = {scale:e} exceeds {MAX_COST_SCALE:e} for \
                     h = {h}, p = {p}, K = {k}, rate = {}, sd = {}, lead time = {l}: express \
                     quantities or money in larger units",
                    demand.mean(),
                    demand.sd()
                ),
            });
        }
        Ok(Self {
            costs,
            rate: demand.mean(),
            rate_sd: demand.sd(),
            lead_time: l,
            mu,
            sigma,
        })
    }

    fn inputs(&self) -> String {
        format!(
            "h = {}, p = {}, K = {}, rate = {}, sd = {}, lead time = {}",
            self.costs.holding_cost(),
            self.costs.stockout_cost(),
            self.costs.order_cost(),
            self.rate,
            self.rate_sd,
            self.lead_time
        )
    }

    /// Lead-time demand N(λL, σ²L).
    pub fn lead_time_demand(&self) -> NormalDemand {
        NormalDemand::from_parts(self.mu, self.sigma)
    }

    fn z(&self, y: f64) -> f64 {
        (y - self.mu) / self.sigma
    }

    /// Expected shortage n(y) of lead-time demand.
    fn loss(&self, y: f64) -> f64 {
        self.lead_time_demand().loss(y)
    }

    /// Second-order loss n²(y) = ½E[((D − y)⁺)²]; −d/dy n²(y) = n(y).
    fn second_loss(&self, y: f64) -> f64 {
        self.lead_time_demand().second_loss(y)
    }

    /// Newsvendor cost of lead-time demand at inventory position y:
    /// g(y) = h·E[(y − D)⁺] + p·E[(D − y)⁺] = h(y − μ) + (h + p)·n(y).
    fn g(&self, y: f64) -> f64 {
        // Each term from the tail where it is small: h(y − μ) + (h + p)·n(y) is the same number
        // but cancels far from the mean.
        let (h, p) = (self.costs.holding_cost(), self.costs.stockout_cost());
        let ltd = self.lead_time_demand();
        h * ltd.complementary_loss(y) + p * ltd.loss(y)
    }

    /// ∫_r^{r+q} g(y) dy in closed form through the second-order loss functions:
    /// h·(n̄²(r + q) − n̄²(r)) + p·(n²(r) − n²(r + q)), n̄² the complementary one.
    fn g_integral(&self, r: f64, q: f64) -> f64 {
        let (h, p) = (self.costs.holding_cost(), self.costs.stockout_cost());
        let ltd = self.lead_time_demand();
        // Both differences of monotone functions are non-negative; max(0) removes rounding.
        let held =
            (ltd.second_complementary_loss(r + q) - ltd.second_complementary_loss(r)).max(0.0);
        let short = (ltd.second_loss(r) - ltd.second_loss(r + q)).max(0.0);
        h * held + p * short
    }

    fn cost_unchecked(&self, r: f64, q: f64) -> f64 {
        (self.costs.order_cost() * self.rate + self.g_integral(r, q)) / q
    }

    /// Exact expected cost per unit of time of reorder point `r` and order quantity `q` (> 0):
    /// the closed form of stockpyl's `r_q_cost`.
    pub fn cost(&self, r: f64, q: f64) -> Result<f64> {
        validate::finite("reorder point", r)?;
        let q = validate::positive("order quantity", q)?;
        Ok(self.cost_unchecked(r, q))
    }

    /// The best reorder point for order quantity `q`: the r with g(r) = g(r + q).
    pub fn optimal_r_for_q(&self, q: f64) -> Result<f64> {
        let q = validate::positive("order quantity", q)?;
        Ok(self.r_for_q(q))
    }

    fn newsvendor_level(&self) -> f64 {
        self.mu + self.sigma * normal::quantile_unchecked(self.costs.critical_ratio())
    }

    fn r_for_q(&self, q: f64) -> f64 {
        // g is convex with minimum at the newsvendor level S, so g(r + q) − g(r) is increasing
        // in r, negative at r = S − q and positive at r = S.
        let s = self.newsvendor_level();
        let tol = 1e-13 * (1.0 + s.abs() + q);
        // Only a degenerate (sub-ulp) q can defeat the bracket; its midpoint is then exact enough.
        brent(|r| self.g(r + q) - self.g(r), s - q, s, tol).unwrap_or(s - q / 2.0)
    }

    /// Exact minimiser of [`cost`](Self::cost).
    ///
    /// For each Q the best r equalises g at both ends of [r, r + Q]; along that curve the cost
    /// is minimal where it equals g(r) (Zheng 1992), a single sign change that is found by
    /// bracketing and Brent's method, to double precision.
    ///
    /// When lead-time demand varies so little next to the lot size that double precision cannot
    /// resolve the difference (σ√L below about 1e-40 of Q), no search can improve on the
    /// closed forms, which are then optimal to the last digit: the cheaper of
    /// [`eoq_backorders`](Self::eoq_backorders) and [`eoq_safety_stock`](Self::eoq_safety_stock)
    /// is returned with `converged = false`.
    pub fn optimize(&self) -> RqPolicy {
        let found = self
            .optimize_newton()
            .unwrap_or_else(|| self.optimize_bracketed());
        // A feasible closed form bounds the optimum from above: a search that cannot match it
        // (or whose cost is not finite) has run out of precision.
        let (a, b) = (self.eoq_backorders(), self.eoq_safety_stock());
        let bound = if a.cost <= b.cost { a } else { b };
        if found.cost.is_finite()
            && found.order_quantity.is_finite()
            && found.cost <= bound.cost * (1.0 + 1e-9)
        {
            found
        } else {
            RqPolicy {
                converged: false,
                ..bound
            }
        }
    }

    /// g'(y) = h − (h + p)·P(D > y).
    fn g_slope(&self, y: f64) -> f64 {
        let (h, p) = (self.costs.holding_cost(), self.costs.stockout_cost());
        h - (h + p) * normal::sf(self.z(y))
    }

    /// Newton's method on the two optimality conditions g(r + Q) = g(r) and
    /// Q·g(r) = Kλ + ∫_r^{r+Q} g, from the EOQ-with-backorders Q and its best r. Converges in a
    /// handful of steps on ordinary instances; `None` (no convergence, or an answer outside
    /// the region the optimum must lie in) sends the caller to the bracketed search.
    fn optimize_newton(&self) -> Option<RqPolicy> {
        let (h, p, k) = (
            self.costs.holding_cost(),
            self.costs.stockout_cost(),
            self.costs.order_cost(),
        );
        let k_lambda = k * self.rate;
        let mut q = EoqBackorders::new(self.rate, self.costs)
            .ok()?
            .order_quantity();
        let mut r = self.r_for_q(q);
        let newsvendor = self.newsvendor_level();
        let residual = |r: f64, q: f64| {
            let (gr, grq) = (self.g(r), self.g(r + q));
            (grq - gr, q * gr - self.g_integral(r, q) - k_lambda)
        };
        let scale1 = (h + p) * self.sigma;
        let scale2 = k_lambda.max(1e-300);
        let norm = |f: (f64, f64)| (f.0 / scale1).hypot(f.1 / scale2);
        let mut f = residual(r, q);
        for it in 1..=60 {
            let (gr, grq) = (self.g(r), self.g(r + q));
            let (sr, srq) = (self.g_slope(r), self.g_slope(r + q));
            // Jacobian of (F1, F2) with respect to (r, q).
            let (a, b) = (srq - sr, srq);
            let (c, d) = (q * sr - (grq - gr), gr - grq);
            let det = a * d - b * c;
            if !det.is_finite() || det == 0.0 {
                return None;
            }
            let dr = (f.0 * d - f.1 * b) / det;
            let dq = (a * f.1 - c * f.0) / det;
            // Damped step: halve until the residual shrinks and q stays positive.
            let mut t = 1.0;
            let current = norm(f);
            let (mut r_new, mut q_new, mut f_new) = (r, q, f);
            let mut improved = false;
            for _ in 0..40 {
                r_new = r - t * dr;
                q_new = q - t * dq;
                if q_new > 0.0 {
                    f_new = residual(r_new, q_new);
                    if norm(f_new) < current || norm(f_new) <= 1e-14 {
                        improved = true;
                        break;
                    }
                }
                t *= 0.5;
            }
            // No further progress is possible once the residual sits at rounding level.
            let stalled = !improved;
            if improved {
                let step = (r_new - r).abs().max((q_new - q).abs());
                r = r_new;
                q = q_new;
                f = f_new;
                if norm(f) > 1e-13 && step > 1e-13 * (1.0 + r.abs() + q) {
                    continue;
                }
            }
            if stalled && norm(f) > 1e-9 {
                return None;
            }
            // The optimal r lies in [S − Q, S] around the newsvendor level S.
            let slack = 1e-9 * (1.0 + newsvendor.abs() + q);
            if !(r >= newsvendor - q - slack && r <= newsvendor + slack) {
                return None;
            }
            let cost = self.cost_unchecked(r, q);
            return cost.is_finite().then_some(RqPolicy {
                reorder_point: r,
                order_quantity: q,
                cost,
                model_cost: cost,
                iterations: it,
                converged: true,
            });
        }
        None
    }

    /// The robust fallback: Brent on Q of the condition C(Q) = g(r(Q)), each r(Q) by Brent.
    fn optimize_bracketed(&self) -> RqPolicy {
        let k_lambda = self.costs.order_cost() * self.rate;
        // ψ(Q) = Q·g(r(Q)) − ∫ g − Kλ is increasing in Q, negative near 0.
        let psi = |q: f64| {
            let r = self.r_for_q(q);
            q * self.g(r) - self.g_integral(r, q) - k_lambda
        };
        let mut hi = self.eoq().order_quantity().max(self.sigma);
        let mut iterations = 0;
        while psi(hi) <= 0.0 && iterations < 200 {
            hi *= 2.0;
            iterations += 1;
        }
        let mut lo = hi / 2.0;
        while psi(lo) > 0.0 && iterations < 400 {
            lo /= 2.0;
            iterations += 1;
        }
        let q = brent(psi, lo, hi, 1e-13 * hi).unwrap_or(hi);
        let r = self.r_for_q(q);
        let cost = self.cost_unchecked(r, q);
        RqPolicy {
            reorder_point: r,
            order_quantity: q,
            cost,
            model_cost: cost,
            iterations,
            converged: true,
        }
    }

    fn eoq(&self) -> Eoq {
        Eoq::new(self.rate, self.costs).expect("rate and costs validated at construction")
    }

    fn closed_form(&self, r: f64, q: f64) -> RqPolicy {
        let cost = self.cost_unchecked(r, q);
        RqPolicy {
            reorder_point: r,
            order_quantity: q,
            cost,
            model_cost: cost,
            iterations: 0,
            converged: true,
        }
    }

    /// EOQ plus safety stock: Q = EOQ, r = newsvendor quantile of lead-time demand.
    pub fn eoq_safety_stock(&self) -> RqPolicy {
        self.closed_form(self.newsvendor_level(), self.eoq().order_quantity())
    }

    /// EOQ with planned backorders for Q, then the best r for that Q.
    pub fn eoq_backorders(&self) -> RqPolicy {
        let q = EoqBackorders::new(self.rate, self.costs)
            .expect("validated at construction")
            .order_quantity();
        self.closed_form(self.r_for_q(q), q)
    }

    /// Loss-function approximation (Hadley–Whitin): iterate n(r) = hQ/(h + p) and
    /// Q = √(2(Kλ + (h + p)·n²(r))/h). For normal demand it coincides with the exact optimum
    /// whenever n(r + Q) is negligible.
    pub fn loss_function_approximation(&self) -> Result<RqPolicy> {
        let (h, p, k) = (
            self.costs.holding_cost(),
            self.costs.stockout_cost(),
            self.costs.order_cost(),
        );
        let mut q = self.eoq().order_quantity();
        let mut r = 0.0;
        for it in 1..=MAX_FIXED_POINT_ITER {
            let z = standard_normal_loss_inverse(h * q / (h + p) / self.sigma)?;
            let r_new = self.mu + self.sigma * z;
            let q_new = (2.0 * (k * self.rate + (h + p) * self.second_loss(r_new)) / h).sqrt();
            let done = converged(r, r_new, q, q_new);
            r = r_new;
            q = q_new;
            if done {
                return self.checked_policy(self.iterated(r, q, None, it, true));
            }
        }
        self.checked_policy(self.iterated(r, q, None, MAX_FIXED_POINT_ITER, false))
    }

    fn checked_policy(&self, policy: RqPolicy) -> Result<RqPolicy> {
        checked("(r, Q) policy", policy, || self.inputs())
    }

    /// Expected-inventory-level approximation: iterate r = F⁻¹(1 − Qh/(pλ)) and
    /// Q = √(2λ(K + p·n(r))/h). Its own objective h(r − μ + Q/2) + Kλ/Q + pλn(r)/Q is returned
    /// as `model_cost`; errors when 1 − Qh/(pλ) leaves (0, 1).
    pub fn eil_approximation(&self) -> Result<RqPolicy> {
        let (h, p, k, lambda) = (
            self.costs.holding_cost(),
            self.costs.stockout_cost(),
            self.costs.order_cost(),
            self.rate,
        );
        let mut q = self.eoq().order_quantity();
        let mut r = 0.0;
        let eil_cost = |r: f64, q: f64| {
            let n = self.loss(r);
            h * (r - self.mu + q / 2.0) + k * lambda / q + p * lambda * n / q
        };
        for it in 1..=MAX_FIXED_POINT_ITER {
            let prob = 1.0 - q * h / (p * lambda);
            if !(prob > 0.0 && prob < 1.0) {
                return Err(InventoryError::Infeasible {
                    reason: format!(
                        "EIL approximation needs Qh < pλ, got Q = {q}, h = {h}, p = {p}, λ = {lambda}"
                    ),
                });
            }
            let r_new = self.mu + self.sigma * normal::quantile_unchecked(prob);
            let q_new = (2.0 * lambda * (k + p * self.loss(r_new)) / h).sqrt();
            let done = converged(r, r_new, q, q_new);
            r = r_new;
            q = q_new;
            if done {
                return self.checked_policy(self.iterated(r, q, Some(eil_cost(r, q)), it, true));
            }
        }
        self.checked_policy(self.iterated(r, q, Some(eil_cost(r, q)), MAX_FIXED_POINT_ITER, false))
    }

    fn iterated(
        &self,
        r: f64,
        q: f64,
        model: Option<f64>,
        iterations: usize,
        ok: bool,
    ) -> RqPolicy {
        let cost = self.cost_unchecked(r, q);
        RqPolicy {
            reorder_point: r,
            order_quantity: q,
            cost,
            model_cost: model.unwrap_or(cost),
            iterations,
            converged: ok,
        }
    }

    /// Service and average inventory of (r, q) in steady state.
    pub fn service(&self, r: f64, q: f64) -> Result<RqService> {
        validate::finite("reorder point", r)?;
        let q = validate::positive("order quantity", q)?;
        let ltd = self.lead_time_demand();
        // Integrated directly: n(r) − n(r + q) cancels to noise when q is tiny next to σ.
        let shortage = ltd.loss_difference(r, q);
        // Both are non-negative by definition; max(0) removes rounding only.
        let backorders = ((self.second_loss(r) - self.second_loss(r + q)) / q).max(0.0);
        let service = RqService {
            cycle_service_level: normal::cdf(self.z(r)),
            fill_rate: unit(1.0 - shortage / q),
            expected_shortage_per_cycle: shortage,
            expected_backorders: backorders,
            // Inventory position is uniform on (r, r + Q]; on hand = IL + backorders.
            expected_on_hand: (r + q / 2.0 - self.mu + backorders).max(0.0),
            order_frequency: self.rate / q,
        };
        checked("(r, Q) service", service, || {
            format!("{}, r = {r}, Q = {q}", self.inputs())
        })
    }

    /// Demand rate λ.
    pub fn demand_rate(&self) -> f64 {
        self.rate
    }

    /// Standard deviation of demand per unit of time.
    pub fn demand_sd(&self) -> f64 {
        self.rate_sd
    }

    /// Lead time L.
    pub fn lead_time(&self) -> f64 {
        self.lead_time
    }
}

fn converged(r: f64, r_new: f64, q: f64, q_new: f64) -> bool {
    (r_new - r).abs() <= FIXED_POINT_TOL * (1.0 + r_new.abs())
        && (q_new - q).abs() <= FIXED_POINT_TOL * (1.0 + q_new.abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example_5_1() -> RqNormal {
        RqNormal::new(
            NormalDemand::new(1300.0, 150.0).unwrap(),
            1.0 / 12.0,
            Costs::default().holding(0.225).stockout(7.5).order(8.0),
        )
        .unwrap()
    }

    #[test]
    fn closed_form_cost_matches_numerical_integral() {
        let m = example_5_1();
        let (r, q) = (150.0, 300.0);
        // Composite Simpson on g over [r, r + q].
        let n = 20_000;
        let hstep = q / n as f64;
        let mut s = m.g(r) + m.g(r + q);
        for i in 1..n {
            let w = if i % 2 == 1 { 4.0 } else { 2.0 };
            s += w * m.g(r + i as f64 * hstep);
        }
        let integral = s * hstep / 3.0;
        let direct = (m.costs.order_cost() * m.rate + integral) / q;
        assert!((m.cost(r, q).unwrap() - direct).abs() < 1e-9 * direct);
    }

    #[test]
    fn newton_and_bracketed_searches_agree() {
        for (h, p, k, rate, sd, lead) in [
            (0.225, 7.5, 8.0, 1300.0, 150.0, 1.0 / 12.0),
            (3.1, 45.0, 50.0, 800.0, 40.0, 4.0 / 365.0),
            (1.0, 2.0, 500.0, 10.0, 9.0, 3.0),
            (5.0, 1.0, 0.5, 1e4, 3e3, 0.01),
        ] {
            let m = RqNormal::new(
                NormalDemand::new(rate, sd).unwrap(),
                lead,
                Costs::default().holding(h).stockout(p).order(k),
            )
            .unwrap();
            let fast = m.optimize_newton().expect("newton converges");
            assert!(fast.iterations < 20, "{} iterations", fast.iterations);
            let slow = m.optimize_bracketed();
            assert!((fast.order_quantity - slow.order_quantity).abs() < 1e-7 * slow.order_quantity);
            assert!(
                (fast.reorder_point - slow.reorder_point).abs()
                    < 1e-7 * (1.0 + slow.reorder_point.abs())
            );
            assert!((fast.cost - slow.cost).abs() < 1e-12 * slow.cost);
        }
    }

    #[test]
    fn optimum_satisfies_first_order_conditions() {
        let m = example_5_1();
        let best = m.optimize();
        let (r, q) = (best.reorder_point, best.order_quantity);
        // At the optimum C(r*, Q*) = g(r*) = g(r* + Q*).
        assert!((m.g(r) - m.g(r + q)).abs() < 1e-9);
        assert!((best.cost - m.g(r)).abs() < 1e-9);
        for (dr, dq) in [(1.0, 0.0), (-1.0, 0.0), (0.0, 1.0), (0.0, -1.0)] {
            assert!(m.cost(r + dr, q + dq).unwrap() > best.cost);
        }
    }
}
