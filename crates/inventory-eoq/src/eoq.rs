//! The economic order quantity (Harris 1913): constant demand, fixed cost per order, linear
//! holding cost, no shortages.
//!
//! Rates are per period, the period of the demand figures (a year in the textbook examples, a
//! day for daily sales); costs exclude the purchase cost, which does not depend on Q.

use serde::{Deserialize, Serialize};

use crate::costs::{Costs, Need};
use crate::error::Result;
use crate::output::{Check, Outputs, checked, non_negative_value};
use crate::roots::sqrt_ratio;
use crate::validate;

/// EOQ model: demand rate D per period, fixed cost K per order and holding cost h per unit
/// per period (from [`Costs`]; the stockout cost is not read).
///
/// ```
/// use inventory_eoq::{Costs, Eoq};
/// let eoq = Eoq::new(1000.0, Costs::default().order(100.0).holding(10.0))?; // D = 1000 per period
/// assert!((eoq.order_quantity() - 141.42135623730950).abs() < 1e-9);
/// assert!((eoq.total_cost() - 1414.2135623730950).abs() < 1e-9);   // h·Q/2 + K·D/Q
/// assert!((eoq.cost_at(100.0)? - 1500.0).abs() < 1e-9);
/// assert!((eoq.orders_per_period() - 7.0710678118654755).abs() < 1e-12);
/// // Ordering 100 instead of 141 costs 6.07 % more: the EOQ cost curve is flat.
/// assert!((eoq.cost_penalty(100.0)? - 0.0606601717798213).abs() < 1e-12);
/// assert!(Eoq::new(0.0, Costs::default().order(100.0).holding(10.0)).is_err());
/// assert!(Eoq::new(1000.0, Costs::default().holding(10.0)).is_err()); // no order cost
/// # Ok::<(), inventory_eoq::InventoryError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "EoqRepr")]
pub struct Eoq {
    demand: f64,
    costs: Costs,
}

#[derive(Deserialize)]
struct EoqRepr {
    demand: f64,
    costs: Costs,
}

impl TryFrom<EoqRepr> for Eoq {
    type Error = crate::InventoryError;
    fn try_from(r: EoqRepr) -> Result<Self> {
        Eoq::new(r.demand, r.costs)
    }
}

impl Eoq {
    /// Validated model: demand rate D per period positive and finite (within ±1e150), costs
    /// with `order > 0` and `holding > 0` (and no negative stockout cost), and the answers
    /// (order quantity, cost, cycle time, orders per period) representable: they are computed
    /// without intermediate overflow, so only inputs whose answers themselves leave double
    /// range are refused, with [`InventoryError::OutOfRange`](crate::InventoryError::OutOfRange).
    pub fn new(demand: f64, costs: Costs) -> Result<Self> {
        let demand = validate::positive("demand", demand)?;
        costs.require(Need::Positive, Need::Positive, Need::NonNegative)?;
        let m = Self { demand, costs };
        checked("EOQ", m, || m.inputs())
    }

    fn inputs(&self) -> String {
        format!(
            "demand = {}, order cost = {}, holding cost = {}",
            self.demand,
            self.order_cost(),
            self.holding_cost()
        )
    }

    /// Demand rate D per period.
    pub fn demand(&self) -> f64 {
        self.demand
    }

    /// The costs.
    pub fn costs(&self) -> Costs {
        self.costs
    }

    /// Fixed cost per order K.
    pub fn order_cost(&self) -> f64 {
        self.costs.order_cost()
    }

    /// Holding cost h per unit per period.
    pub fn holding_cost(&self) -> f64 {
        self.costs.holding_cost()
    }

    /// Q* = √(2KD/h).
    pub fn order_quantity(&self) -> f64 {
        sqrt_ratio(
            &[2.0, self.order_cost(), self.demand],
            &[self.holding_cost()],
        )
    }

    /// Minimal total relevant cost g(Q*) = √(2KDh) = h·Q*.
    pub fn total_cost(&self) -> f64 {
        self.holding_cost() * self.order_quantity()
    }

    /// Total relevant cost g(Q) = K·D/Q + h·Q/2 of ordering `q` each time (q > 0).
    pub fn cost_at(&self, q: f64) -> Result<f64> {
        let q = validate::positive("order quantity", q)?;
        non_negative_value(
            "EOQ cost",
            self.order_cost() * self.demand / q + self.holding_cost() * q / 2.0,
            || format!("{}, order quantity = {q}", self.inputs()),
        )
    }

    /// Relative cost increase g(Q)/g(Q*) − 1 = ½(Q/Q* + Q*/Q) − 1 of ordering `q` instead of Q*.
    pub fn cost_penalty(&self, q: f64) -> Result<f64> {
        let q = validate::positive("order quantity", q)?;
        let ratio = q / self.order_quantity();
        // ½(r + 1/r) − 1 = (r − 1)²/(2r), written so it neither cancels near r = 1 (it is never
        // negative) nor overflows for a huge r.
        non_negative_value(
            "EOQ cost penalty",
            0.5 * (ratio - 1.0) * ((ratio - 1.0) / ratio),
            || format!("{}, order quantity = {q}", self.inputs()),
        )
    }

    /// Time between orders T* = Q*/D.
    pub fn cycle_time(&self) -> f64 {
        self.order_quantity() / self.demand
    }

    /// Orders per period D/Q* (per year when D is demand per year).
    pub fn orders_per_period(&self) -> f64 {
        self.demand / self.order_quantity()
    }
}

impl Outputs for Eoq {
    fn visit(&self, c: &mut Check) {
        c.positive("order quantity", self.order_quantity())
            .positive("total cost", self.total_cost())
            .positive("cycle time", self.cycle_time())
            .positive("orders per period", self.orders_per_period());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn costs(k: f64, h: f64) -> Costs {
        Costs::default().order(k).holding(h)
    }

    #[test]
    fn cost_is_half_holding_half_ordering_at_optimum() {
        let e = Eoq::new(1300.0, costs(8.0, 0.225)).unwrap();
        let q = e.order_quantity();
        let holding = e.holding_cost() * q / 2.0;
        let ordering = e.order_cost() * e.demand() / q;
        assert!((holding - ordering).abs() < 1e-12 * holding);
        assert!((e.cost_at(q).unwrap() - e.total_cost()).abs() < 1e-12 * e.total_cost());
        assert!(e.cost_at(0.0).is_err());
        assert!(e.cost_penalty(-1.0).is_err());
        assert_eq!(e.cost_penalty(q).unwrap(), 0.0);
    }

    #[test]
    fn extreme_but_representable_inputs_give_finite_answers() {
        // 2DK/h = 2e300/1e-300 overflows as a product, but Q* = √2·1e300 does not.
        let e = Eoq::new(1e150, costs(1e150, 1e-300)).unwrap();
        assert!((e.order_quantity() / (2f64.sqrt() * 1e300) - 1.0).abs() < 1e-14);
        assert!((e.total_cost() - 2f64.sqrt()).abs() < 1e-14);
        assert!((e.cycle_time() / (2f64.sqrt() * 1e150) - 1.0).abs() < 1e-14);
        // The issue's case: inputs beyond 1e150 are refused by name.
        match Eoq::new(1e308, costs(1e150, 1e-300)) {
            Err(crate::InventoryError::LimitExceeded { what: "demand", .. }) => {}
            other => panic!("{other:?}"),
        }
        // An answer that truly leaves double range is an error, not inf.
        assert!(matches!(
            Eoq::new(1e150, costs(1e150, 1e-320)),
            Err(crate::InventoryError::OutOfRange { .. })
        ));
        // K·D/q + h·q/2 at q = 1e150: 1e150 + 5e-151.
        assert!((e.cost_at(1e150).unwrap() / 1e150 - 1.0).abs() < 1e-15);
        // K·D/q = 1e300/1e-300 is not representable: an error, not inf.
        assert!(matches!(
            e.cost_at(1e-300),
            Err(crate::InventoryError::OutOfRange { .. })
        ));
    }

    #[test]
    fn deserialisation_validates() {
        let eoq = Eoq::new(1000.0, costs(100.0, 10.0)).unwrap();
        let json = serde_json::to_string(&eoq).unwrap();
        assert_eq!(
            json,
            r#"{"demand":1000.0,"costs":{"order":100.0,"holding_per_unit_period":10.0,"stockout_per_unit":0.0}}"#
        );
        let back: Eoq = serde_json::from_str(&json).unwrap();
        assert_eq!(
            back.order_quantity().to_bits(),
            eoq.order_quantity().to_bits()
        );
        for bad in [
            json.replace("1000.0", "-1.0"),
            json.replace("\"order\":100.0", "\"order\":0.0"),
            json.replace("10.0", "NaN"),
            json[..json.len() - 3].to_string(),
        ] {
            assert!(serde_json::from_str::<Eoq>(&bad).is_err(), "{bad}");
        }
    }
}
