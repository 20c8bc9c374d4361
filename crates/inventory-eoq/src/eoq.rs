//! The economic order quantity (Harris 1913): constant demand, fixed cost per order, linear
//! holding cost, no shortages.
//!
//! Rates are per unit of time of the caller's choosing (per year in the textbook examples);
//! costs exclude the purchase cost, which does not depend on Q.

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::output::{Check, Outputs, checked, non_negative_value};
use crate::roots::sqrt_ratio;
use crate::validate;

/// EOQ model: demand rate D, fixed cost per order K, holding cost h per unit per unit of time.
///
/// ```
/// use inventory_eoq::Eoq;
/// let eoq = Eoq::new(1000.0, 100.0, 10.0)?;          // D = 1000/yr, K = 100, h = 10
/// assert!((eoq.order_quantity() - 141.42135623730950).abs() < 1e-9);
/// assert!((eoq.total_cost() - 1414.2135623730950).abs() < 1e-9);   // h·Q/2 + K·D/Q
/// assert!((eoq.cost_at(100.0)? - 1500.0).abs() < 1e-9);
/// assert!((eoq.orders_per_year() - 7.0710678118654755).abs() < 1e-12);
/// // Ordering 100 instead of 141 costs 6.07 % more: the EOQ cost curve is flat.
/// assert!((eoq.cost_penalty(100.0)? - 0.0606601717798213).abs() < 1e-12);
/// assert!(Eoq::new(0.0, 100.0, 10.0).is_err());
/// # Ok::<(), inventory_eoq::InventoryError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "EoqRepr")]
pub struct Eoq {
    demand: f64,
    order_cost: f64,
    holding_cost: f64,
}

#[derive(Deserialize)]
struct EoqRepr {
    demand: f64,
    order_cost: f64,
    holding_cost: f64,
}

impl TryFrom<EoqRepr> for Eoq {
    type Error = crate::InventoryError;
    fn try_from(r: EoqRepr) -> Result<Self> {
        Eoq::new(r.demand, r.order_cost, r.holding_cost)
    }
}

impl Eoq {
    /// Validated model; every argument must be positive and finite (within ±1e150), and the
    /// answers (order quantity, cost, cycle time, orders per year) representable: they are
    /// computed without intermediate overflow, so only inputs whose answers themselves leave
    /// double range are refused, with [`InventoryError::OutOfRange`](crate::InventoryError::OutOfRange).
    pub fn new(demand: f64, order_cost: f64, holding_cost: f64) -> Result<Self> {
        let m = Self {
            demand: validate::positive("demand", demand)?,
            order_cost: validate::positive("order cost", order_cost)?,
            holding_cost: validate::positive("holding cost", holding_cost)?,
        };
        checked("EOQ", m, || m.inputs())
    }

    fn inputs(&self) -> String {
        format!(
            "demand = {}, order cost = {}, holding cost = {}",
            self.demand, self.order_cost, self.holding_cost
        )
    }

    /// Demand rate D.
    pub fn demand(&self) -> f64 {
        self.demand
    }

    /// Fixed cost per order K.
    pub fn order_cost(&self) -> f64 {
        self.order_cost
    }

    /// Holding cost h per unit per unit of time.
    pub fn holding_cost(&self) -> f64 {
        self.holding_cost
    }

    /// Q* = √(2KD/h).
    pub fn order_quantity(&self) -> f64 {
        sqrt_ratio(&[2.0, self.order_cost, self.demand], &[self.holding_cost])
    }

    /// Minimal total relevant cost g(Q*) = √(2KDh) = h·Q*.
    pub fn total_cost(&self) -> f64 {
        self.holding_cost * self.order_quantity()
    }

    /// Total relevant cost g(Q) = K·D/Q + h·Q/2 of ordering `q` each time (q > 0).
    pub fn cost_at(&self, q: f64) -> Result<f64> {
        let q = validate::positive("order quantity", q)?;
        non_negative_value(
            "EOQ cost",
            self.order_cost * self.demand / q + self.holding_cost * q / 2.0,
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

    /// Orders per unit of time D/Q* (per year when D is annual demand).
    pub fn orders_per_year(&self) -> f64 {
        self.demand / self.order_quantity()
    }
}

impl Outputs for Eoq {
    fn visit(&self, c: &mut Check) {
        c.positive("order quantity", self.order_quantity())
            .positive("total cost", self.total_cost())
            .positive("cycle time", self.cycle_time())
            .positive("orders per year", self.orders_per_year());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cost_is_half_holding_half_ordering_at_optimum() {
        let e = Eoq::new(1300.0, 8.0, 0.225).unwrap();
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
        let e = Eoq::new(1e150, 1e150, 1e-300).unwrap();
        assert!((e.order_quantity() / (2f64.sqrt() * 1e300) - 1.0).abs() < 1e-14);
        assert!((e.total_cost() - 2f64.sqrt()).abs() < 1e-14);
        assert!((e.cycle_time() / (2f64.sqrt() * 1e150) - 1.0).abs() < 1e-14);
        // The issue's case: inputs beyond 1e150 are refused by name.
        match Eoq::new(1e308, 1e308, 1e-308) {
            Err(crate::InventoryError::LimitExceeded { what: "demand", .. }) => {}
            other => panic!("{other:?}"),
        }
        // An answer that truly leaves double range is an error, not inf.
        assert!(matches!(
            Eoq::new(1e150, 1e150, 1e-320),
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
        let ok: Eoq =
            serde_json::from_str(r#"{"demand":1000,"order_cost":100,"holding_cost":10}"#).unwrap();
        assert_eq!(ok.demand(), 1000.0);
        let bad =
            serde_json::from_str::<Eoq>(r#"{"demand":-1,"order_cost":100,"holding_cost":10}"#);
        assert!(bad.is_err());
    }
}
