//! EOQ with planned backorders: each cycle deliberately ends with a fraction x of its length
//! out of stock, and the backlog is filled when the order arrives.

use serde::{Deserialize, Serialize};

use crate::costs::{Costs, Need};
use crate::error::Result;
use crate::output::{Check, Outputs, checked, non_negative_value};
use crate::roots::sqrt_ratio;
use crate::validate;

/// EOQ with planned backorders: demand rate D per period, order cost K, holding cost h and
/// backorder cost p per unit per period (the [`Costs`] stockout field, read per unit
/// backordered per period).
///
/// ```
/// use inventory_eoq::{Costs, EoqBackorders};
/// // Snyder & Shen Example 3.8: D = 1300, K = 8, h = 0.225, p = 5.
/// let m = EoqBackorders::new(1300.0, Costs::default().order(8.0).holding(0.225).stockout(5.0))?;
/// assert!((m.order_quantity() - 310.81255515896464).abs() < 1e-9);
/// assert!((m.stockout_fraction() - 0.0430622009569378).abs() < 1e-15);
/// assert!((m.total_cost() - 66.92136355097325).abs() < 1e-9);
/// # Ok::<(), inventory_eoq::InventoryError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "EoqBackordersRepr")]
pub struct EoqBackorders {
    demand: f64,
    costs: Costs,
}

#[derive(Deserialize)]
struct EoqBackordersRepr {
    demand: f64,
    costs: Costs,
}

impl TryFrom<EoqBackordersRepr> for EoqBackorders {
    type Error = crate::InventoryError;
    fn try_from(r: EoqBackordersRepr) -> Result<Self> {
        EoqBackorders::new(r.demand, r.costs)
    }
}

impl EoqBackorders {
    /// Validated model: demand positive and finite, costs with all three of order, holding and
    /// stockout positive.
    pub fn new(demand: f64, costs: Costs) -> Result<Self> {
        let demand = validate::positive("demand", demand)?;
        costs.require(Need::Positive, Need::Positive, Need::Positive)?;
        let m = Self { demand, costs };
        checked("EOQ with backorders", m, || m.inputs())
    }

    /// The costs.
    pub fn costs(&self) -> Costs {
        self.costs
    }

    fn inputs(&self) -> String {
        format!(
            "demand = {}, order cost = {}, holding cost = {}, stockout cost = {}",
            self.demand,
            self.costs.order_cost(),
            self.costs.holding_cost(),
            self.costs.stockout_cost()
        )
    }

    /// Q* = √(2KD(h + p)/(hp)).
    pub fn order_quantity(&self) -> f64 {
        let (h, p) = (self.costs.holding_cost(), self.costs.stockout_cost());
        sqrt_ratio(&[2.0, self.costs.order_cost(), self.demand, h + p], &[h, p])
    }

    /// Optimal fraction of each cycle spent backordered, x* = h/(h + p).
    pub fn stockout_fraction(&self) -> f64 {
        self.costs.holding_cost() / (self.costs.holding_cost() + self.costs.stockout_cost())
    }

    /// Minimal cost √(2KDhp/(h + p)).
    pub fn total_cost(&self) -> f64 {
        // Q*·x*·p: Q*·h first could overflow when p is tiny.
        self.order_quantity() * (self.stockout_fraction() * self.costs.stockout_cost())
    }

    /// Largest backlog Q*·x*.
    pub fn max_backorders(&self) -> f64 {
        self.order_quantity() * self.stockout_fraction()
    }

    /// Largest inventory Q*·(1 − x*).
    pub fn max_inventory(&self) -> f64 {
        // 1 − x* = p/(h + p), without cancellation when x* is near 1.
        self.order_quantity()
            * (self.costs.stockout_cost()
                / (self.costs.holding_cost() + self.costs.stockout_cost()))
    }

    /// Cycle length Q*/D.
    pub fn cycle_time(&self) -> f64 {
        self.order_quantity() / self.demand
    }

    /// Cost hQ(1 − x)²/2 + pQx²/2 + KD/Q of order quantity `q` (> 0) and stockout fraction
    /// `x` in [0, 1].
    pub fn cost_at(&self, q: f64, x: f64) -> Result<f64> {
        let q = validate::positive("order quantity", q)?;
        let x = validate::non_negative("stockout fraction", x)?;
        if x > 1.0 {
            return Err(crate::InventoryError::InvalidParameter {
                name: "stockout fraction",
                reason: format!("must be at most 1, got {x}"),
            });
        }
        non_negative_value(
            "EOQ-with-backorders cost",
            self.costs.holding_cost() * q * (1.0 - x).powi(2) / 2.0
                + self.costs.stockout_cost() * q * x * x / 2.0
                + self.costs.order_cost() * self.demand / q,
            || {
                format!(
                    "{}, order quantity = {q}, stockout fraction = {x}",
                    self.inputs()
                )
            },
        )
    }
}

impl Outputs for EoqBackorders {
    fn visit(&self, c: &mut Check) {
        c.positive("order quantity", self.order_quantity())
            .probability("stockout fraction", self.stockout_fraction())
            .positive("total cost", self.total_cost())
            .non_negative("max backorders", self.max_backorders())
            .non_negative("max inventory", self.max_inventory())
            .positive("cycle time", self.cycle_time());
    }
}
