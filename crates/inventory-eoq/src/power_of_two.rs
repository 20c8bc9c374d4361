//! Power-of-two ordering intervals for several items (Roundy 1985): each item reorders every
//! 2^k base periods, so orders of different items nest and can share deliveries, at a cost
//! within 6 % of each item's own EOQ cost.

use serde::Serialize;

use crate::eoq::Eoq;
use crate::error::{InventoryError, Result};
use crate::output::{Check, Outputs, checked};
use crate::validate;

/// Ordering intervals that are power-of-two multiples of a base period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PowerOfTwoPlan {
    /// Base period the intervals are multiples of.
    pub base_period: f64,
    /// Exponent k_i per item: item i orders every 2^k_i base periods.
    pub exponents: Vec<u32>,
    /// Ordering interval T_i = base · 2^k_i per item.
    pub intervals: Vec<f64>,
    /// Order quantity D_i · T_i per item.
    pub order_quantities: Vec<f64>,
    /// Total cost Σ K_i/T_i + h_i D_i T_i / 2.
    pub cost: f64,
    /// Σ √(2 K_i D_i h_i): the cost with unrestricted (EOQ) intervals, a lower bound.
    pub lower_bound: f64,
}

impl PowerOfTwoPlan {
    /// cost / lower_bound; at most 1.0607 (= (√2 + 1/√2)/2) when no item's EOQ interval is
    /// shorter than the base period.
    pub fn cost_ratio(&self) -> f64 {
        self.cost / self.lower_bound
    }
}

/// Rounds each item's EOQ interval to the best power-of-two multiple (2^k, k ≥ 0) of
/// `base_period`.
///
/// ```
/// use inventory_eoq::{power_of_two_policy, Costs, Eoq};
/// // Demand and costs per year; the base period is a week.
/// let items = [
///     Eoq::new(1000.0, Costs::default().order(100.0).holding(10.0))?,
///     Eoq::new(200.0, Costs::default().order(50.0).holding(4.0))?,
/// ];
/// let plan = power_of_two_policy(&items, 1.0 / 52.0)?;
/// assert_eq!(plan.exponents, vec![3, 4]);                           // every 8 and 16 weeks
/// assert!(plan.cost_ratio() <= 1.0607);
/// # Ok::<(), inventory_eoq::InventoryError>(())
/// ```
pub fn power_of_two_policy(items: &[Eoq], base_period: f64) -> Result<PowerOfTwoPlan> {
    let base = validate::positive("base period", base_period)?;
    if items.is_empty() {
        return Err(InventoryError::Empty { what: "items" });
    }
    let mut plan = PowerOfTwoPlan {
        base_period: base,
        exponents: Vec::with_capacity(items.len()),
        intervals: Vec::with_capacity(items.len()),
        order_quantities: Vec::with_capacity(items.len()),
        cost: 0.0,
        lower_bound: 0.0,
    };
    for item in items {
        // Doubling T lowers K/T + hDT/2 exactly while T < T*/√2.
        let threshold = item.cycle_time() / std::f64::consts::SQRT_2;
        let mut k = 0u32;
        let mut t = base;
        while t < threshold && k < 62 {
            t *= 2.0;
            k += 1;
        }
        plan.exponents.push(k);
        plan.intervals.push(t);
        plan.order_quantities.push(item.demand() * t);
        plan.cost += item.order_cost() / t + item.holding_cost() * item.demand() * t / 2.0;
        plan.lower_bound += item.total_cost();
    }
    checked("power-of-two plan", plan, || {
        format!("base period {base}, {} items", items.len())
    })
}

impl Outputs for PowerOfTwoPlan {
    fn visit(&self, c: &mut Check) {
        c.positive("base period", self.base_period)
            .all_non_negative("intervals", &self.intervals)
            .all_non_negative("order quantities", &self.order_quantities)
            .non_negative("cost", self.cost)
            .positive("lower bound", self.lower_bound)
            .finite("cost ratio", self.cost_ratio());
    }
}
