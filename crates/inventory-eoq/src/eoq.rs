//! The economic order quantity (Harris 1913): constant demand, fixed cost per order, linear
//! holding cost, no shortages.
//!
//! Rates are per unit of time of the caller's choosing (per year in the textbook examples);
//! costs exclude the purchase cost, which does not depend on Q.

use serde::{Deserialize, Serialize};

use crate::error::Result;
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
    /// Validated model; every argument must be positive and finite.
    pub fn new(demand: f64, order_cost: f64, holding_cost: f64) -> Result<Self> {
        Ok(Self {
            demand: validate::positive("demand", demand)?,
            order_cost: validate::positive("order cost", order_cost)?,
            holding_cost: validate::positive("holding cost", holding_cost)?,
        })
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
        (2.0 * self.order_cost * self.demand / self.holding_cost).sqrt()
    }

    /// Minimal total relevant cost g(Q*) = √(2KDh) = h·Q*.
    pub fn total_cost(&self) -> f64 {
        self.holding_cost * self.order_quantity()
    }

    /// Total relevant cost g(Q) = K·D/Q + h·Q/2 of ordering `q` each time (q > 0).
    pub fn cost_at(&self, q: f64) -> Result<f64> {
        let q = validate::positive("order quantity", q)?;
        Ok(self.order_cost * self.demand / q + self.holding_cost * q / 2.0)
    }

    /// Relative cost increase g(Q)/g(Q*) − 1 = ½(Q/Q* + Q*/Q) − 1 of ordering `q` instead of Q*.
    pub fn cost_penalty(&self, q: f64) -> Result<f64> {
        let q = validate::positive("order quantity", q)?;
        let ratio = q / self.order_quantity();
        Ok(0.5 * (ratio + 1.0 / ratio) - 1.0)
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
