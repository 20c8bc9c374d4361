//! The economic production quantity: EOQ when the batch arrives gradually at a finite
//! production rate P > D instead of all at once.

use serde::{Deserialize, Serialize};

use crate::costs::{Costs, Need};
use crate::error::{InventoryError, Result};
use crate::output::{Check, Outputs, checked, non_negative_value};
use crate::roots::sqrt_ratio;
use crate::validate;

/// EPQ model: demand rate D and production rate P (> D) per period, setup cost K (the
/// [`Costs`] order field) and holding cost h per unit per period.
///
/// ```
/// use inventory_eoq::{Costs, Epq, InventoryError};
/// let costs = Costs::default().order(4.0).holding(0.08);
/// let m = Epq::new(80.0, 110.0, costs)?;   // Snyder & Shen Problem 3.22
/// assert!((m.order_quantity() - 171.26976771553507).abs() < 1e-9);
/// assert!((m.total_cost() - 3.7367949319753104).abs() < 1e-12);
/// assert!(matches!(Epq::new(80.0, 80.0, costs), Err(InventoryError::ProductionTooSlow { .. })));
/// # Ok::<(), InventoryError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "EpqRepr")]
pub struct Epq {
    demand: f64,
    production_rate: f64,
    costs: Costs,
}

#[derive(Deserialize)]
struct EpqRepr {
    demand: f64,
    production_rate: f64,
    costs: Costs,
}

impl TryFrom<EpqRepr> for Epq {
    type Error = InventoryError;
    fn try_from(r: EpqRepr) -> Result<Self> {
        Epq::new(r.demand, r.production_rate, r.costs)
    }
}

impl Epq {
    /// Validated model: positive finite rates with `production_rate > demand`, costs with
    /// `order > 0` and `holding > 0`.
    pub fn new(demand: f64, production_rate: f64, costs: Costs) -> Result<Self> {
        let demand = validate::positive("demand", demand)?;
        let production_rate = validate::positive("production rate", production_rate)?;
        if production_rate <= demand {
            return Err(InventoryError::ProductionTooSlow {
                production_rate,
                demand_rate: demand,
            });
        }
        costs.require(Need::Positive, Need::Positive, Need::NonNegative)?;
        let m = Self {
            demand,
            production_rate,
            costs,
        };
        checked("EPQ", m, || m.inputs())
    }

    /// The costs.
    pub fn costs(&self) -> Costs {
        self.costs
    }

    fn inputs(&self) -> String {
        format!(
            "demand = {}, order cost = {}, holding cost = {}, production rate = {}",
            self.demand,
            self.costs.order_cost(),
            self.costs.holding_cost(),
            self.production_rate
        )
    }

    /// Utilisation ρ = D/P.
    fn rho(&self) -> f64 {
        self.demand / self.production_rate
    }

    /// Q* = √(2KD/(h(1 − ρ))).
    pub fn order_quantity(&self) -> f64 {
        sqrt_ratio(
            &[2.0, self.costs.order_cost(), self.demand],
            &[self.costs.holding_cost(), 1.0 - self.rho()],
        )
    }

    /// Minimal cost h(1 − ρ)Q*.
    pub fn total_cost(&self) -> f64 {
        self.order_quantity() * self.costs.holding_cost() * (1.0 - self.rho())
    }

    /// Cost KD/Q + h(1 − ρ)Q/2 of batch size `q` (> 0).
    pub fn cost_at(&self, q: f64) -> Result<f64> {
        let q = validate::positive("order quantity", q)?;
        non_negative_value(
            "EPQ cost",
            self.costs.order_cost() * self.demand / q
                + self.costs.holding_cost() * (1.0 - self.rho()) * q / 2.0,
            || format!("{}, order quantity = {q}", self.inputs()),
        )
    }

    /// Peak inventory (1 − ρ)Q*.
    pub fn max_inventory(&self) -> f64 {
        self.order_quantity() * (1.0 - self.rho())
    }

    /// Cycle length Q*/D.
    pub fn cycle_time(&self) -> f64 {
        self.order_quantity() / self.demand
    }

    /// Length of the production run within a cycle, Q*/P.
    pub fn production_time(&self) -> f64 {
        self.order_quantity() / self.production_rate
    }
}

impl Outputs for Epq {
    fn visit(&self, c: &mut Check) {
        c.positive("order quantity", self.order_quantity())
            .positive("total cost", self.total_cost())
            .positive("max inventory", self.max_inventory())
            .positive("cycle time", self.cycle_time())
            .positive("production time", self.production_time());
    }
}
