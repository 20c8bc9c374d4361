//! Dynamic lot sizing over a finite horizon of known (forecast) demand: when to order and how
//! much, trading fixed order costs against holding costs. No shortages; each order arrives in
//! time for its period's demand.
//!
//! Wagner–Whitin is the exact dynamic program; Silver–Meal is the classic heuristic. Periods
//! are 0-based here (stockpyl numbers them from 1).

use serde::{Deserialize, Serialize};

use ecom_core::Forecast;

use crate::costs::{Costs, Need};
use crate::error::{InventoryError, Result};
use crate::limits::MAX_LOT_SIZING_PERIODS;
use crate::output::{Check, Outputs, checked};
use crate::validate;

/// Lot-sizing costs per period: fixed cost per order K_t, purchase cost c_t per unit ordered
/// in t, and holding cost h_t per period for each unit ordered in t (charged on the purchase
/// period's rate, as stockpyl and Snyder & Shen do: natural when holding cost is interest on
/// the unit's purchase value; identical to per-period storage rates when h is constant).
///
/// ```
/// use inventory_eoq::{Costs, LotSizing};
/// // Snyder & Shen Example 3.9: K = 500, h = 2, demand 90, 120, 80, 70.
/// let plan = LotSizing::new(Costs::default().order(500.0).holding(2.0))?
///     .wagner_whitin(&[90.0, 120.0, 80.0, 70.0])?;
/// assert_eq!(plan.order_quantities, vec![210.0, 0.0, 150.0, 0.0]);
/// assert_eq!(plan.cost, 1380.0);
/// # Ok::<(), inventory_eoq::InventoryError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "LotSizingRepr")]
pub struct LotSizing {
    order_cost: PeriodCost,
    holding_cost: PeriodCost,
    purchase_cost: PeriodCost,
}

#[derive(Deserialize)]
struct LotSizingRepr {
    order_cost: PeriodCost,
    holding_cost: PeriodCost,
    purchase_cost: PeriodCost,
}

impl TryFrom<LotSizingRepr> for LotSizing {
    type Error = InventoryError;
    fn try_from(r: LotSizingRepr) -> Result<Self> {
        r.order_cost.check("order costs", true)?;
        r.holding_cost.check("holding costs", false)?;
        r.purchase_cost.check("purchase costs", false)?;
        Ok(Self {
            order_cost: r.order_cost,
            holding_cost: r.holding_cost,
            purchase_cost: r.purchase_cost,
        })
    }
}

/// A cost that is either the same every period or given per period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum PeriodCost {
    Constant(f64),
    PerPeriod(Vec<f64>),
}

impl PeriodCost {
    fn at(&self, t: usize) -> f64 {
        match self {
            PeriodCost::Constant(c) => *c,
            PeriodCost::PerPeriod(v) => v[t],
        }
    }

    /// Finite, and positive (`positive`) or non-negative.
    fn check(&self, what: &'static str, positive: bool) -> Result<()> {
        match self {
            PeriodCost::Constant(c) if positive => validate::positive(what, *c).map(|_| ()),
            PeriodCost::Constant(c) => validate::non_negative(what, *c).map(|_| ()),
            PeriodCost::PerPeriod(v) if positive => validate::positive_elements(what, v),
            PeriodCost::PerPeriod(v) => validate::non_negative_slice(what, v),
        }
    }

    fn check_len(&self, what: &'static str, horizon: usize) -> Result<()> {
        match self {
            PeriodCost::PerPeriod(v) if v.len() != horizon => Err(InventoryError::LengthMismatch {
                what,
                expected: horizon,
                got: v.len(),
            }),
            _ => Ok(()),
        }
    }
}

crate::output::checked_struct! {
    /// An order plan and its cost.
    #[derive(Debug, Clone, PartialEq)]
    pub struct LotSizingPlan as "LotSizingPlanRepr" LotSizingPlanRepr {
        /// Units ordered at the start of each period.
        pub order_quantities: Vec<f64>,
        /// Total cost: fixed + holding + purchase.
        pub cost: f64,
        /// Fixed order costs.
        pub fixed_cost: f64,
        /// Holding costs.
        pub holding_cost: f64,
        /// Purchase costs.
        pub purchase_cost: f64,
    }
}

impl LotSizingPlan {
    /// Periods in which an order is placed.
    pub fn order_periods(&self) -> Vec<usize> {
        (0..self.order_quantities.len())
            .filter(|&t| self.order_quantities[t] > 0.0)
            .collect()
    }
}

/// The Wagner–Whitin dynamic program in full. Deserialising checks the plan, the table's
/// lengths (T + 1 costs to go, T next-order periods, each at most T) and its costs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "WagnerWhitinTableRepr")]
pub struct WagnerWhitinTable {
    /// The optimal plan.
    pub plan: LotSizingPlan,
    /// `cost_to_go[t]`: optimal cost of periods t.. starting with no inventory (length T + 1,
    /// last entry 0).
    pub cost_to_go: Vec<f64>,
    /// `next_order_period[t]`: if an order is placed in t, the period of the following order
    /// (T when it covers the rest of the horizon).
    pub next_order_period: Vec<usize>,
}

#[derive(Deserialize)]
struct WagnerWhitinTableRepr {
    plan: LotSizingPlan,
    cost_to_go: Vec<f64>,
    next_order_period: Vec<usize>,
}

impl TryFrom<WagnerWhitinTableRepr> for WagnerWhitinTable {
    type Error = InventoryError;
    fn try_from(r: WagnerWhitinTableRepr) -> Result<Self> {
        let t = r.plan.order_quantities.len();
        for (what, expected, got) in [
            ("cost to go", t + 1, r.cost_to_go.len()),
            ("next order period", t, r.next_order_period.len()),
        ] {
            if got != expected {
                return Err(InventoryError::LengthMismatch {
                    what,
                    expected,
                    got,
                });
            }
        }
        if let Some(&bad) = r.next_order_period.iter().find(|&&p| p > t) {
            return Err(InventoryError::InvalidParameter {
                name: "WagnerWhitinTable",
                reason: format!("stored next order period {bad} is beyond the horizon {t}"),
            });
        }
        crate::output::loaded(
            "WagnerWhitinTable",
            WagnerWhitinTable {
                plan: r.plan,
                cost_to_go: r.cost_to_go,
                next_order_period: r.next_order_period,
            },
        )
    }
}

impl LotSizing {
    /// The same order cost K (> 0) and holding cost h per unit per period (> 0) every period,
    /// from `costs` (the stockout cost is not read: lot sizing plans no shortages), no
    /// purchase cost.
    pub fn new(costs: Costs) -> Result<Self> {
        costs.require(Need::Positive, Need::Positive, Need::NonNegative)?;
        Ok(Self {
            order_cost: PeriodCost::Constant(costs.order_cost()),
            holding_cost: PeriodCost::Constant(costs.holding_cost()),
            purchase_cost: PeriodCost::Constant(0.0),
        })
    }

    /// PeriodCost that vary by period (promotions, price changes); each vector must be as long as
    /// the demand it is used with. Fixed costs must be positive, holding costs non-negative;
    /// `holding_costs[t]` applies to units ordered in period t.
    pub fn per_period(order_costs: Vec<f64>, holding_costs: Vec<f64>) -> Result<Self> {
        validate::positive_elements("order costs", &order_costs)?;
        validate::non_negative_slice("holding costs", &holding_costs)?;
        Ok(Self {
            order_cost: PeriodCost::PerPeriod(order_costs),
            holding_cost: PeriodCost::PerPeriod(holding_costs),
            purchase_cost: PeriodCost::Constant(0.0),
        })
    }

    /// Sets a constant purchase cost per unit (≥ 0), which is then included in plan costs.
    pub fn purchase_cost(mut self, unit_cost: f64) -> Result<Self> {
        self.purchase_cost =
            PeriodCost::Constant(validate::non_negative("purchase cost", unit_cost)?);
        Ok(self)
    }

    /// Sets per-period purchase costs (≥ 0): with falling prices it may pay to buy early.
    pub fn purchase_costs(mut self, unit_costs: Vec<f64>) -> Result<Self> {
        validate::non_negative_slice("purchase costs", &unit_costs)?;
        self.purchase_cost = PeriodCost::PerPeriod(unit_costs);
        Ok(self)
    }

    /// Demand per period must be finite and non-negative (an offender is named by its index),
    /// the horizon at most [`MAX_LOT_SIZING_PERIODS`], and per-period costs as long.
    fn check(&self, demand: &[f64]) -> Result<()> {
        validate::non_negative_slice("demand", demand)?;
        validate::at_most(
            "lot-sizing horizon (periods)",
            demand.len() as f64,
            MAX_LOT_SIZING_PERIODS as f64,
            "plan a shorter horizon (rolling it forward), or in longer periods",
        )?;
        let t = demand.len();
        self.order_cost.check_len("order costs", t)?;
        self.holding_cost.check_len("holding costs", t)?;
        self.purchase_cost.check_len("purchase costs", t)?;
        Ok(())
    }

    /// Optimal plan (Wagner–Whitin): every order covers the demand of whole consecutive periods.
    /// O(T²) in the horizon T, which may not exceed
    /// [`MAX_LOT_SIZING_PERIODS`](crate::limits::MAX_LOT_SIZING_PERIODS).
    pub fn wagner_whitin(&self, demand: &[f64]) -> Result<LotSizingPlan> {
        Ok(self.wagner_whitin_table(demand)?.plan)
    }

    /// Optimal plan with the dynamic program's cost-to-go and successor tables.
    ///
    /// A unit ordered in t for period i costs c_t + h_t·(i − t). An order covering only
    /// zero-demand periods is not placed and costs nothing.
    pub fn wagner_whitin_table(&self, demand: &[f64]) -> Result<WagnerWhitinTable> {
        self.check(demand)?;
        let n = demand.len();
        let mut theta = vec![0.0; n + 1];
        let mut next = vec![n; n];
        for t in (0..n).rev() {
            let mut best = f64::INFINITY;
            let mut best_next = n;
            // Cost of ordering in t for periods t..j, built incrementally.
            let mut covered = 0.0;
            let mut variable = 0.0;
            for j in t..n {
                let carry_rate = self.holding_cost.at(t) * (j - t) as f64;
                covered += demand[j];
                variable += (self.purchase_cost.at(t) + carry_rate) * demand[j];
                let fixed = if covered > 0.0 {
                    self.order_cost.at(t)
                } else {
                    0.0
                };
                let cost = fixed + variable + theta[j + 1];
                if cost < best {
                    best = cost;
                    best_next = j + 1;
                }
            }
            theta[t] = best;
            next[t] = best_next;
        }
        let mut orders = vec![0.0; n];
        let mut t = 0;
        while t < n {
            orders[t] = demand[t..next[t]].iter().sum();
            t = next[t];
        }
        let plan = self.plan_from_orders(demand, orders)?;
        checked(
            "Wagner-Whitin table",
            WagnerWhitinTable {
                plan,
                cost_to_go: theta,
                next_order_period: next,
            },
            || format!("{} periods of demand", demand.len()),
        )
    }

    /// Silver–Meal heuristic: from each order period, extend the order to cover further
    /// periods while the average fixed-plus-holding cost per period keeps falling.
    ///
    /// ```
    /// use inventory_eoq::{Costs, LotSizing};
    /// let ls = LotSizing::new(Costs::default().order(500.0).holding(2.0))?;
    /// let sm = ls.silver_meal(&[90.0, 120.0, 80.0, 70.0])?;
    /// assert_eq!(sm.order_quantities, vec![290.0, 0.0, 0.0, 70.0]);
    /// assert!(sm.cost >= ls.wagner_whitin(&[90.0, 120.0, 80.0, 70.0])?.cost);
    /// # Ok::<(), inventory_eoq::InventoryError>(())
    /// ```
    pub fn silver_meal(&self, demand: &[f64]) -> Result<LotSizingPlan> {
        self.check(demand)?;
        let n = demand.len();
        let mut orders = vec![0.0; n];
        let mut t = 0;
        while t < n {
            if demand[t] == 0.0 {
                t += 1;
                continue;
            }
            let mut total = self.order_cost.at(t);
            let mut best_avg = total;
            let mut end = t + 1; // exclusive
            while end < n {
                let carry_rate = self.holding_cost.at(t) * (end - t) as f64;
                let extended = total + carry_rate * demand[end];
                let avg = extended / (end - t + 1) as f64;
                if avg > best_avg {
                    break;
                }
                total = extended;
                best_avg = avg;
                end += 1;
            }
            orders[t] = demand[t..end].iter().sum();
            t = end;
        }
        self.plan_from_orders(demand, orders)
    }

    /// Cost of any order plan that never runs short (cumulative orders cover cumulative
    /// demand in every period); errors otherwise. Stock is used first in, first out, each unit
    /// carrying the holding rate of the period it was ordered in.
    pub fn plan_cost(&self, demand: &[f64], order_quantities: &[f64]) -> Result<LotSizingPlan> {
        self.check(demand)?;
        if order_quantities.len() != demand.len() {
            return Err(InventoryError::LengthMismatch {
                what: "order quantities",
                expected: demand.len(),
                got: order_quantities.len(),
            });
        }
        validate::non_negative_elements("order quantities", order_quantities)?;
        self.plan_from_orders(demand, order_quantities.to_vec())
    }

    fn plan_from_orders(&self, demand: &[f64], orders: Vec<f64>) -> Result<LotSizingPlan> {
        let (mut fixed, mut holding, mut purchase) = (0.0, 0.0, 0.0);
        let scale = demand.iter().sum::<f64>().max(1.0);
        // FIFO layers of stock: (holding rate of the order period, units left).
        let mut layers: std::collections::VecDeque<(f64, f64)> = std::collections::VecDeque::new();
        for t in 0..demand.len() {
            if orders[t] > 0.0 {
                fixed += self.order_cost.at(t);
                purchase += self.purchase_cost.at(t) * orders[t];
                layers.push_back((self.holding_cost.at(t), orders[t]));
            }
            let mut need = demand[t];
            while need > 0.0 {
                let Some(front) = layers.front_mut() else {
                    break;
                };
                let take = front.1.min(need);
                front.1 -= take;
                need -= take;
                if front.1 <= 0.0 {
                    layers.pop_front();
                }
            }
            if need > 1e-9 * scale {
                return Err(InventoryError::Infeasible {
                    reason: format!("plan runs short by {need} in period {t}"),
                });
            }
            holding += layers.iter().map(|(h, q)| h * q).sum::<f64>();
        }
        checked(
            "lot-sizing plan",
            LotSizingPlan {
                order_quantities: orders,
                cost: fixed + holding + purchase,
                fixed_cost: fixed,
                holding_cost: holding,
                purchase_cost: purchase,
            },
            || format!("{} periods of demand summing to {}", demand.len(), scale),
        )
    }

    /// Wagner–Whitin on a demand forecast's point forecasts: a forecast becomes an order plan.
    /// Negative point forecasts (possible from linear models) are treated as zero demand; a
    /// non-finite one is an error naming its index.
    pub fn plan_forecast(&self, forecast: &Forecast) -> Result<LotSizingPlan> {
        let demand: Vec<f64> = forecast.mean.iter().map(|&d| d.max(0.0)).collect();
        // max(0) would turn a NaN into 0: check the forecast itself.
        if let Some((index, &value)) = forecast
            .mean
            .iter()
            .enumerate()
            .find(|(_, d)| !d.is_finite())
        {
            return Err(InventoryError::InvalidElement {
                what: "forecast mean",
                index,
                value,
                expected: "must be finite",
            });
        }
        self.wagner_whitin(&demand)
    }
}

impl Outputs for LotSizingPlan {
    fn visit(&self, c: &mut Check) {
        c.all_non_negative("order quantities", &self.order_quantities)
            .non_negative("cost", self.cost)
            .non_negative("fixed cost", self.fixed_cost)
            .non_negative("holding cost", self.holding_cost)
            .non_negative("purchase cost", self.purchase_cost);
    }
}

impl Outputs for WagnerWhitinTable {
    fn visit(&self, c: &mut Check) {
        c.nested(&self.plan)
            .all_non_negative("cost to go", &self.cost_to_go);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_period_holding_uses_the_order_period_rate() {
        // Units bought in period 0 are free to hold, units bought later are not.
        let ls = LotSizing::per_period(vec![10.0; 3], vec![0.0, 100.0, 100.0]).unwrap();
        let plan = ls.wagner_whitin(&[5.0, 5.0, 5.0]).unwrap();
        assert_eq!(plan.order_quantities, vec![15.0, 0.0, 0.0]);
        assert_eq!(plan.cost, 10.0);
        // FIFO accounting: the second order's units are held one period at rate 100.
        let other = ls.plan_cost(&[5.0, 5.0, 5.0], &[5.0, 10.0, 0.0]).unwrap();
        assert_eq!(other.holding_cost, 500.0);
    }

    #[test]
    fn infeasible_and_mismatched_plans_are_errors() {
        let ls = LotSizing::new(Costs::default().order(10.0).holding(1.0)).unwrap();
        assert!(matches!(
            ls.plan_cost(&[5.0, 5.0], &[5.0, 0.0]),
            Err(InventoryError::Infeasible { .. })
        ));
        assert!(matches!(
            ls.plan_cost(&[5.0, 5.0], &[10.0]),
            Err(InventoryError::LengthMismatch { .. })
        ));
        assert!(matches!(
            ls.wagner_whitin(&[5.0, -1.0]),
            Err(InventoryError::InvalidElement { index: 1, .. })
        ));
        assert!(matches!(
            ls.wagner_whitin(&vec![1.0; MAX_LOT_SIZING_PERIODS + 1]),
            Err(InventoryError::LimitExceeded { .. })
        ));
        assert!(matches!(
            LotSizing::per_period(vec![1.0, -2.0], vec![1.0, 1.0]),
            Err(InventoryError::InvalidElement { index: 1, .. })
        ));
        assert!(LotSizing::new(Costs::default().order(0.0).holding(1.0)).is_err());
    }

    #[test]
    fn zero_demand_needs_no_order() {
        let ls = LotSizing::new(Costs::default().order(10.0).holding(1.0)).unwrap();
        let plan = ls.wagner_whitin(&[0.0, 0.0, 4.0]).unwrap();
        assert_eq!(plan.order_quantities, vec![0.0, 0.0, 4.0]);
        assert_eq!(plan.cost, 10.0);
        let forecast = Forecast {
            mean: vec![-2.0, 3.0],
            intervals: vec![],
            ..Forecast::default()
        };
        assert_eq!(
            ls.plan_forecast(&forecast).unwrap().order_quantities,
            vec![0.0, 3.0]
        );
        let broken = Forecast {
            mean: vec![1.0, f64::NAN],
            intervals: vec![],
            ..Forecast::default()
        };
        assert!(matches!(
            ls.plan_forecast(&broken),
            Err(InventoryError::InvalidElement { index: 1, .. })
        ));
    }
}
