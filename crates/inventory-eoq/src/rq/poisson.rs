//! (r, Q) with Poisson demand: exact integer optimum (Federgruen & Zheng 1992).

use serde::Serialize;

use super::{RqPolicy, RqService};
use crate::costs::PolicyCosts;
use crate::error::{InventoryError, Result};
use crate::poisson::PoissonTable;
use crate::validate;

/// Guard against a runaway search; real instances stop after about Q* steps.
const MAX_STEPS: u64 = 50_000_000;

/// (r, Q) model with Poisson demand of rate λ per unit of time and lead time L, so lead-time
/// demand is Poisson(λL). Decisions are integers; an order is placed when the inventory
/// position reaches r.
///
/// ```
/// use inventory_eoq::{PolicyCosts, RqPoisson};
/// // Snyder & Shen Example 5.8: h = 20, p = 150, K = 100, λ = 1.5, L = 2.
/// let m = RqPoisson::new(PolicyCosts::new(20.0, 150.0, 100.0)?, 1.5, 2.0)?;
/// let best = m.optimize()?;
/// assert_eq!((best.reorder_point, best.order_quantity), (3.0, 5.0));
/// assert!((best.cost - 107.92358063314975).abs() < 1e-9);
/// # Ok::<(), inventory_eoq::InventoryError>(())
/// ```
#[derive(Debug, Clone, Serialize)]
pub struct RqPoisson {
    costs: PolicyCosts,
    rate: f64,
    lead_time: f64,
    #[serde(skip)]
    table: PoissonTable,
}

impl RqPoisson {
    /// Model with demand rate `rate` (> 0) and lead time `lead_time` (≥ 0).
    pub fn new(costs: PolicyCosts, rate: f64, lead_time: f64) -> Result<Self> {
        let rate = validate::positive("demand rate", rate)?;
        let lead_time = validate::non_negative("lead time", lead_time)?;
        Ok(Self {
            costs,
            rate,
            lead_time,
            table: PoissonTable::new(rate * lead_time),
        })
    }

    /// Newsvendor cost of lead-time demand at inventory position y.
    fn g(&self, y: i64) -> f64 {
        let x = y as f64;
        self.costs.holding() * self.table.complementary_loss(x)
            + self.costs.stockout() * self.table.loss(x)
    }

    /// Exact expected cost (K·λ + Σ_{y=r+1}^{r+Q} g(y))/Q of integer (r, Q), Q ≥ 1.
    pub fn cost(&self, r: i64, q: u64) -> Result<f64> {
        if q == 0 {
            return Err(InventoryError::NotPositive {
                name: "order quantity",
                value: 0.0,
            });
        }
        let sum: f64 = (1..=q as i64).map(|i| self.g(r + i)).sum();
        Ok((self.costs.fixed() * self.rate + sum) / q as f64)
    }

    /// Exact optimum: starting from Q = 1 at the newsvendor level, grow the window
    /// {r+1, …, r+Q} one point at a time on whichever side has the smaller g, until the
    /// average cost stops falling.
    pub fn optimize(&self) -> Result<RqPolicy> {
        let k_lambda = self.costs.fixed() * self.rate;
        let s = self.table.quantile(self.costs.critical_ratio());
        let mut r = s - 1;
        let mut sum = self.g(s);
        let mut cost = k_lambda + sum;
        // The window {r+1, …, r+q} holds q = step + 1 points.
        for (step, q) in (0..MAX_STEPS).zip(1u64..) {
            let (low, high) = (self.g(r), self.g(r + q as i64 + 1));
            let (next_r, next_sum) = if low < high {
                (r - 1, sum + low)
            } else {
                (r, sum + high)
            };
            let next_cost = (k_lambda + next_sum) / (q + 1) as f64;
            if next_cost > cost {
                return Ok(RqPolicy {
                    reorder_point: r as f64,
                    order_quantity: q as f64,
                    cost,
                    model_cost: cost,
                    iterations: step as usize,
                    converged: true,
                });
            }
            r = next_r;
            sum = next_sum;
            cost = next_cost;
        }
        Err(InventoryError::Infeasible {
            reason: format!("(r, Q) search exceeded {MAX_STEPS} steps"),
        })
    }

    /// Service and average inventory of integer (r, Q) in steady state.
    pub fn service(&self, r: i64, q: u64) -> Result<RqService> {
        if q == 0 {
            return Err(InventoryError::NotPositive {
                name: "order quantity",
                value: 0.0,
            });
        }
        let qf = q as f64;
        let shortage = self.table.loss(r as f64) - self.table.loss((r + q as i64) as f64);
        let backorders: f64 = (1..=q as i64)
            .map(|i| self.table.loss((r + i) as f64))
            .sum::<f64>()
            / qf;
        let on_hand: f64 = (1..=q as i64)
            .map(|i| self.table.complementary_loss((r + i) as f64))
            .sum::<f64>()
            / qf;
        Ok(RqService {
            cycle_service_level: self.table.cdf(r),
            fill_rate: 1.0 - shortage / qf,
            expected_shortage_per_cycle: shortage,
            expected_backorders: backorders,
            expected_on_hand: on_hand,
            order_frequency: self.rate / qf,
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
