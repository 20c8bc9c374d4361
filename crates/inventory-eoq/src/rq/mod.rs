//! Continuous-review (r, Q) policies: when the inventory position falls to the reorder point
//! r, order Q units; an order arrives after the lead time and unmet demand is backordered.
//!
//! The expected cost per unit of time of (r, Q) is (K·λ + ∫_r^{r+Q} g(y) dy)/Q, where g is the
//! newsvendor cost of lead-time demand (Zheng 1992); [`RqNormal`] minimises it exactly for
//! normal demand and offers the textbook approximations, [`RqPoisson`] minimises its discrete
//! analogue exactly for Poisson demand (Federgruen & Zheng 1992).

mod normal;
mod poisson;

use crate::output::{Check, Outputs};

pub use normal::RqNormal;
pub use poisson::RqPoisson;

crate::output::checked_struct! {
    /// An (r, Q) policy and its cost.
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct RqPolicy as "RqPolicyRepr" RqPolicyRepr {
        /// Reorder point r.
        pub reorder_point: f64,
        /// Order quantity Q.
        pub order_quantity: f64,
        /// Exact expected cost per unit of time of this (r, Q).
        pub cost: f64,
        /// The objective the method itself minimised (equal to `cost` except for the EIL
        /// approximation, whose model cost differs).
        pub model_cost: f64,
        /// Iterations used (0 for closed forms).
        pub iterations: usize,
        /// Whether the iteration met its tolerance (always true for closed forms).
        pub converged: bool,
    }
}

crate::output::checked_struct! {
    /// Steady-state service of an (r, Q) policy.
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct RqService as "RqServiceRepr" RqServiceRepr {
        /// P(no stockout in a replenishment cycle) = P(lead-time demand ≤ r).
        pub cycle_service_level: f64,
        /// Fraction of demand met from stock: 1 − (n(r) − n(r + Q))/Q.
        pub fill_rate: f64,
        /// Expected units short per cycle, n(r) − n(r + Q).
        pub expected_shortage_per_cycle: f64,
        /// Time-average backorders.
        pub expected_backorders: f64,
        /// Time-average on-hand inventory.
        pub expected_on_hand: f64,
        /// Orders per unit of time, λ/Q.
        pub order_frequency: f64,
    }
}

impl Outputs for RqPolicy {
    fn visit(&self, c: &mut Check) {
        // The EIL model cost is an approximation's own objective and may be negative.
        c.finite("reorder point", self.reorder_point)
            .positive("order quantity", self.order_quantity)
            .non_negative("cost", self.cost)
            .finite("model cost", self.model_cost);
    }
}

impl Outputs for RqService {
    fn visit(&self, c: &mut Check) {
        c.probability("cycle service level", self.cycle_service_level)
            .probability("fill rate", self.fill_rate)
            .non_negative(
                "expected shortage per cycle",
                self.expected_shortage_per_cycle,
            )
            .non_negative("expected backorders", self.expected_backorders)
            .non_negative("expected on-hand inventory", self.expected_on_hand)
            .positive("order frequency", self.order_frequency);
    }
}
