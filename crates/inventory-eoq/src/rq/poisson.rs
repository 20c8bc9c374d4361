//! (r, Q) with Poisson demand: exact integer optimum (Federgruen & Zheng 1992).

use serde::{Deserialize, Serialize};

use super::{RqNormal, RqPolicy, RqService};
use crate::costs::Costs;
use crate::demand::{NormalDemand, poisson_mean};
use crate::error::{InventoryError, Result};
use crate::limits::MAX_RQ_POISSON_QUANTITY;
use crate::output::{checked, non_negative_value};
use crate::poisson::Poisson;
use crate::roots::sqrt_ratio;
use crate::validate;

/// What to do when the exact integer search would be too long.
const USE_NORMAL: &str =
    "the exact integer search is too long; use RqNormal with demand sd = √rate instead";

/// Largest |r| accepted: integers are exact in double precision up to 2^53.
const MAX_REORDER_POINT: i64 = 1 << 53;

/// (r, Q) model with Poisson demand of rate λ per unit of time and lead time L, so lead-time
/// demand is Poisson(λL). Decisions are integers; an order is placed when the inventory
/// position reaches r.
///
/// Lead-time demand above [`POISSON_NORMAL_MEAN`](crate::limits::POISSON_NORMAL_MEAN) is
/// evaluated with the normal approximation; the search visits about as many order quantities
/// as the optimal Q, and is refused up front (before any work) when its estimate exceeds
/// [`MAX_RQ_POISSON_QUANTITY`](crate::limits::MAX_RQ_POISSON_QUANTITY).
///
/// ```
/// use inventory_eoq::{Costs, RqPoisson};
/// // Snyder & Shen Example 5.8: h = 20, p = 150, K = 100, λ = 1.5, L = 2.
/// let m = RqPoisson::new(1.5, 2.0, Costs::default().holding(20.0).stockout(150.0).order(100.0))?;
/// let best = m.optimize()?;
/// assert_eq!((best.reorder_point, best.order_quantity), (3.0, 5.0));
/// assert!((best.cost - 107.92358063314975).abs() < 1e-9);
/// # Ok::<(), inventory_eoq::InventoryError>(())
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(try_from = "RqPoissonRepr")]
pub struct RqPoisson {
    costs: Costs,
    rate: f64,
    lead_time: f64,
    #[serde(skip)]
    table: Poisson,
}

#[derive(Deserialize)]
struct RqPoissonRepr {
    costs: Costs,
    rate: f64,
    lead_time: f64,
}

impl TryFrom<RqPoissonRepr> for RqPoisson {
    type Error = InventoryError;
    fn try_from(r: RqPoissonRepr) -> Result<Self> {
        RqPoisson::new(r.rate, r.lead_time, r.costs)
    }
}

impl RqPoisson {
    /// Model with demand rate `rate` (> 0) and lead time `lead_time` (≥ 0); the lead-time
    /// demand λL may not exceed [`MAX_POISSON_MEAN`](crate::limits::MAX_POISSON_MEAN).
    ///
    /// The costs: holding h and backorder cost p per unit per unit of time, order cost K per
    /// order, all three positive (and h, p no more than about 1e16 apart).
    pub fn new(rate: f64, lead_time: f64, costs: Costs) -> Result<Self> {
        costs.require_policy()?;
        let rate = validate::positive("demand rate", rate)?;
        let lead_time = validate::non_negative("lead time", lead_time)?;
        let mean = rate * lead_time;
        if mean > 0.0 {
            poisson_mean("lead-time demand mean (rate × lead time)", mean)?;
        }
        Ok(Self {
            costs,
            rate,
            lead_time,
            table: Poisson::new(mean),
        })
    }

    /// Newsvendor cost of lead-time demand at inventory position y.
    fn g(&self, y: i64) -> f64 {
        let x = y as f64;
        self.costs.holding_cost() * self.table.complementary_loss(x)
            + self.costs.stockout_cost() * self.table.loss(x)
    }

    /// Checks a caller's (r, Q) before any sum over Q is taken.
    fn check_decision(r: i64, q: u64) -> Result<()> {
        if q == 0 {
            return Err(InventoryError::NotPositive {
                name: "order quantity",
                value: 0.0,
            });
        }
        validate::at_most(
            "order quantity",
            q as f64,
            MAX_RQ_POISSON_QUANTITY as f64,
            USE_NORMAL,
        )?;
        validate::at_most(
            "|reorder point|",
            r.unsigned_abs() as f64,
            MAX_REORDER_POINT as f64,
            "integer positions beyond 2^53 are not exact in double precision",
        )
    }

    fn inputs(&self) -> String {
        format!(
            "h = {}, p = {}, K = {}, rate = {}, lead time = {}",
            self.costs.holding_cost(),
            self.costs.stockout_cost(),
            self.costs.order_cost(),
            self.rate,
            self.lead_time
        )
    }

    /// Exact expected cost (K·λ + Σ_{y=r+1}^{r+Q} g(y))/Q of integer (r, Q), 1 ≤ Q ≤
    /// [`MAX_RQ_POISSON_QUANTITY`](crate::limits::MAX_RQ_POISSON_QUANTITY).
    pub fn cost(&self, r: i64, q: u64) -> Result<f64> {
        Self::check_decision(r, q)?;
        let sum: f64 = (1..=q as i64).map(|i| self.g(r + i)).sum();
        let cost = (self.costs.order_cost() * self.rate + sum) / q as f64;
        non_negative_value("(r, Q) cost", cost, || self.inputs())
    }

    /// About the optimal Q, before searching: the larger of the EOQ with planned backorders
    /// √(2Kλ(h + p)/(hp)) and the exact optimum for normal demand of the same mean and variance
    /// (a few Newton steps), which the Poisson optimum follows closely when lead-time demand
    /// varies a lot next to the lot size.
    fn search_length_estimate(&self) -> f64 {
        let (h, p) = (self.costs.holding_cost(), self.costs.stockout_cost());
        let eoqb = sqrt_ratio(&[2.0, self.costs.order_cost(), self.rate, h + p], &[h, p]);
        let normal = NormalDemand::new(self.rate, self.rate.sqrt())
            .and_then(|d| RqNormal::new(d, self.lead_time, self.costs))
            .map(|m| m.optimize().order_quantity);
        match normal {
            Ok(q) if q > eoqb => q,
            _ => eoqb,
        }
    }

    /// Exact optimum: starting from Q = 1 at the newsvendor level, grow the window
    /// {r+1, …, r+Q} one point at a time on whichever side has the smaller g, until the
    /// average cost stops falling.
    ///
    /// Errors with [`InventoryError::LimitExceeded`] before searching when the estimated optimal
    /// Q (the larger of the EOQ with planned backorders and the normal-demand optimum) exceeds
    /// [`MAX_RQ_POISSON_QUANTITY`](crate::limits::MAX_RQ_POISSON_QUANTITY), and after that many
    /// steps if the optimum still lies beyond.
    pub fn optimize(&self) -> Result<RqPolicy> {
        validate::at_most(
            "(r, Q) search length (estimated optimal Q)",
            self.search_length_estimate(),
            MAX_RQ_POISSON_QUANTITY as f64,
            USE_NORMAL,
        )?;
        let k_lambda = self.costs.order_cost() * self.rate;
        let s = self.table.quantile(self.costs.critical_ratio());
        let mut r = s - 1;
        let mut sum = self.g(s);
        let mut cost = k_lambda + sum;
        // The window {r+1, …, r+q} holds q = step + 1 points.
        for (step, q) in (0..MAX_RQ_POISSON_QUANTITY).zip(1u64..) {
            let (low, high) = (self.g(r), self.g(r + q as i64 + 1));
            let (next_r, next_sum) = if low < high {
                (r - 1, sum + low)
            } else {
                (r, sum + high)
            };
            let next_cost = (k_lambda + next_sum) / (q + 1) as f64;
            if next_cost > cost {
                let policy = RqPolicy {
                    reorder_point: r as f64,
                    order_quantity: q as f64,
                    cost,
                    model_cost: cost,
                    iterations: step as usize,
                    converged: true,
                };
                return checked("(r, Q) Poisson optimum", policy, || self.inputs());
            }
            r = next_r;
            sum = next_sum;
            cost = next_cost;
        }
        Err(InventoryError::LimitExceeded {
            what: "(r, Q) search length",
            value: MAX_RQ_POISSON_QUANTITY as f64 + 1.0,
            limit: MAX_RQ_POISSON_QUANTITY as f64,
            advice: USE_NORMAL,
        })
    }

    /// Service and average inventory of integer (r, Q) in steady state, 1 ≤ Q ≤
    /// [`MAX_RQ_POISSON_QUANTITY`](crate::limits::MAX_RQ_POISSON_QUANTITY).
    pub fn service(&self, r: i64, q: u64) -> Result<RqService> {
        Self::check_decision(r, q)?;
        let qf = q as f64;
        // Expected demand in (r, r + Q] is between 0 and Q: outside is rounding.
        let shortage =
            (self.table.loss(r as f64) - self.table.loss((r + q as i64) as f64)).clamp(0.0, qf);
        let backorders: f64 = (1..=q as i64)
            .map(|i| self.table.loss((r + i) as f64))
            .sum::<f64>()
            / qf;
        let on_hand: f64 = (1..=q as i64)
            .map(|i| self.table.complementary_loss((r + i) as f64))
            .sum::<f64>()
            / qf;
        let service = RqService {
            cycle_service_level: self.table.cdf(r),
            fill_rate: crate::output::unit(1.0 - shortage / qf),
            expected_shortage_per_cycle: shortage,
            expected_backorders: backorders,
            expected_on_hand: on_hand,
            order_frequency: self.rate / qf,
        };
        checked("(r, Q) Poisson service", service, || {
            format!("{}, r = {r}, Q = {q}", self.inputs())
        })
    }

    /// Demand rate λ.
    pub fn demand_rate(&self) -> f64 {
        self.rate
    }

    /// Lead time L.
    pub fn lead_time(&self) -> f64 {
        self.lead_time
    }
}
