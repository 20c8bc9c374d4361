//! The joint replenishment problem: several items share a major fixed cost per order, each
//! adds a minor fixed cost when it is included. Item n orders every m_n base cycles.

use serde::Serialize;

use crate::error::{InventoryError, Result};
use crate::output::{Check, Outputs, checked, non_negative_value};
use crate::validate;

/// A joint replenishment instance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JointReplenishment {
    shared_fixed_cost: f64,
    individual_fixed_costs: Vec<f64>,
    holding_costs: Vec<f64>,
    demand_rates: Vec<f64>,
}

/// A joint replenishment plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JrpPlan {
    /// Base cycle length T.
    pub base_cycle_time: f64,
    /// Item n is ordered every m_n base cycles.
    pub order_multiples: Vec<u32>,
    /// Order quantity T·m_n·D_n per item.
    pub order_quantities: Vec<f64>,
    /// Cost per unit of time (fixed plus holding).
    pub cost: f64,
}

impl JointReplenishment {
    /// Shared fixed cost K (> 0), individual fixed costs k_n (≥ 0), holding costs h_n (> 0) and
    /// demand rates D_n (> 0), one of each per item (an invalid one is named by its index).
    /// Errors if the heuristic's plan would not be finite in double precision.
    pub fn new(
        shared_fixed_cost: f64,
        individual_fixed_costs: Vec<f64>,
        holding_costs: Vec<f64>,
        demand_rates: Vec<f64>,
    ) -> Result<Self> {
        validate::positive("shared fixed cost", shared_fixed_cost)?;
        let n = individual_fixed_costs.len();
        if n == 0 {
            return Err(InventoryError::Empty { what: "items" });
        }
        for (what, v) in [
            ("holding costs", &holding_costs),
            ("demand rates", &demand_rates),
        ] {
            if v.len() != n {
                return Err(InventoryError::LengthMismatch {
                    what,
                    expected: n,
                    got: v.len(),
                });
            }
        }
        validate::non_negative_elements("individual fixed costs", &individual_fixed_costs)?;
        validate::positive_elements("holding costs", &holding_costs)?;
        validate::positive_elements("demand rates", &demand_rates)?;
        let m = Self {
            shared_fixed_cost,
            individual_fixed_costs,
            holding_costs,
            demand_rates,
        };
        checked("joint replenishment plan", m.silver_plan(), || m.describe())?;
        Ok(m)
    }

    fn describe(&self) -> String {
        format!(
            "shared fixed cost {}, individual fixed costs {:?}, holding costs {:?}, demand rates {:?}",
            self.shared_fixed_cost,
            self.individual_fixed_costs,
            self.holding_costs,
            self.demand_rates
        )
    }

    /// Cost per unit of time of base cycle `base_cycle_time` and multiples `multiples`:
    /// (K + Σ k_n/m_n)/T + (T/2) Σ h_n m_n D_n.
    pub fn cost_at(&self, base_cycle_time: f64, multiples: &[u32]) -> Result<f64> {
        let t = validate::positive("base cycle time", base_cycle_time)?;
        if multiples.len() != self.demand_rates.len() {
            return Err(InventoryError::LengthMismatch {
                what: "order multiples",
                expected: self.demand_rates.len(),
                got: multiples.len(),
            });
        }
        if multiples.contains(&0) {
            return Err(InventoryError::InvalidParameter {
                name: "order multiples",
                reason: "must be at least 1".into(),
            });
        }
        let (fixed, holding) = self.cost_terms(multiples);
        non_negative_value(
            "joint replenishment cost",
            fixed / t + t / 2.0 * holding,
            || {
                format!(
                    "{}, base cycle {t}, multiples {multiples:?}",
                    self.describe()
                )
            },
        )
    }

    /// (K + Σ k_n/m_n, Σ h_n m_n D_n).
    fn cost_terms(&self, multiples: &[u32]) -> (f64, f64) {
        let fixed = self.shared_fixed_cost
            + self
                .individual_fixed_costs
                .iter()
                .zip(multiples)
                .map(|(k, &m)| k / f64::from(m))
                .sum::<f64>();
        let holding = self
            .holding_costs
            .iter()
            .zip(&self.demand_rates)
            .zip(multiples)
            .map(|((h, d), &m)| h * f64::from(m) * d)
            .sum::<f64>();
        (fixed, holding)
    }

    /// Silver's (1976) heuristic: the item with the smallest k_n/(h_n D_n) orders every cycle;
    /// the others every m_n = round(√(k_n/(h_n D_n) · h_1 D_1/(K + k_1))) cycles; then the
    /// base cycle is optimised for those multiples.
    ///
    /// ```
    /// use inventory_eoq::JointReplenishment;
    /// let jrp = JointReplenishment::new(
    ///     10.0,
    ///     vec![1.87, 5.27, 7.94, 8.19, 8.87],
    ///     vec![0.2; 5],
    ///     vec![1736.0, 656.0, 558.0, 170.0, 142.0],
    /// )?;
    /// let plan = jrp.silver();
    /// assert_eq!(plan.order_multiples, vec![1, 1, 1, 3, 3]);
    /// assert!((plan.cost - 218.68632025498687).abs() < 1e-9);
    /// # Ok::<(), inventory_eoq::InventoryError>(())
    /// ```
    ///
    /// The plan is finite: the constructor refused instances where it would not be.
    pub fn silver(&self) -> JrpPlan {
        self.silver_plan()
    }

    fn silver_plan(&self) -> JrpPlan {
        let ratio: Vec<f64> = self
            .individual_fixed_costs
            .iter()
            .zip(&self.holding_costs)
            .zip(&self.demand_rates)
            .map(|((k, h), d)| k / (h * d))
            .collect();
        // First index of the smallest ratio, as numpy's argmin.
        let first = (0..ratio.len())
            .reduce(|a, b| if ratio[b] < ratio[a] { b } else { a })
            .expect("at least one item");
        let scale = self.holding_costs[first] * self.demand_rates[first]
            / (self.shared_fixed_cost + self.individual_fixed_costs[first]);
        let multiples: Vec<u32> = ratio
            .iter()
            .enumerate()
            .map(|(n, r)| {
                if n == first {
                    1
                } else {
                    // Python's round() rounds halves to even; keep that so ties agree.
                    ((r * scale).sqrt().round_ties_even() as u32).max(1)
                }
            })
            .collect();
        let (fixed, holding) = self.cost_terms(&multiples);
        let t = (2.0 * fixed / holding).sqrt();
        JrpPlan {
            base_cycle_time: t,
            order_quantities: multiples
                .iter()
                .zip(&self.demand_rates)
                .map(|(&m, d)| t * f64::from(m) * d)
                .collect(),
            order_multiples: multiples,
            cost: fixed / t + t / 2.0 * holding,
        }
    }
}

impl Outputs for JrpPlan {
    fn visit(&self, c: &mut Check) {
        c.positive("base cycle time", self.base_cycle_time)
            .all_non_negative("order quantities", &self.order_quantities)
            .non_negative("cost", self.cost);
    }
}
