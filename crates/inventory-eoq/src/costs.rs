//! The three cost rates of a stochastic replenishment policy.

use serde::{Deserialize, Serialize};

use crate::error::{InventoryError, Result};
use crate::validate;

/// Holding cost h and stockout (backorder) cost p per unit per unit of time, and fixed cost K
/// per order.
///
/// ```
/// use inventory_eoq::PolicyCosts;
/// let c = PolicyCosts::new(0.225, 7.5, 8.0)?;
/// assert_eq!(c.fixed(), 8.0);
/// assert!(PolicyCosts::new(0.225, 0.0, 8.0).is_err());
/// # Ok::<(), inventory_eoq::InventoryError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "PolicyCostsRepr")]
pub struct PolicyCosts {
    holding: f64,
    stockout: f64,
    fixed: f64,
}

#[derive(Deserialize)]
struct PolicyCostsRepr {
    holding: f64,
    stockout: f64,
    fixed: f64,
}

impl TryFrom<PolicyCostsRepr> for PolicyCosts {
    type Error = InventoryError;
    fn try_from(r: PolicyCostsRepr) -> Result<Self> {
        PolicyCosts::new(r.holding, r.stockout, r.fixed)
    }
}

impl PolicyCosts {
    /// Validated costs: all three positive and finite (within ±1e150), and h and p no more
    /// than about 1e16 apart, so the critical ratio p/(p + h) is strictly inside (0, 1).
    pub fn new(holding: f64, stockout: f64, fixed: f64) -> Result<Self> {
        let costs = Self {
            holding: validate::positive("holding cost", holding)?,
            stockout: validate::positive("stockout cost", stockout)?,
            fixed: validate::positive("fixed cost", fixed)?,
        };
        // The same check as the newsvendor's: every stochastic policy starts at its quantile.
        crate::Newsvendor::new(holding, stockout)?;
        Ok(costs)
    }

    /// Holding cost h.
    pub fn holding(&self) -> f64 {
        self.holding
    }

    /// Stockout cost p.
    pub fn stockout(&self) -> f64 {
        self.stockout
    }

    /// Fixed cost per order K.
    pub fn fixed(&self) -> f64 {
        self.fixed
    }

    /// p/(p + h).
    pub fn critical_ratio(&self) -> f64 {
        self.stockout / (self.stockout + self.holding)
    }
}
