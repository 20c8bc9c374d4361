//! A planned (r, Q) policy: what it costs and delivers, what it was planned with, and the
//! simulation that checks it.

use crate::costs::Costs;
use crate::error::{InventoryError, Result};
use crate::output::{Check, Outputs};
use crate::service::{Review, ServiceTarget};
use crate::simulation::{
    DemandProcess, Policy, PolicySchedule, SimParams, SimReport, simulate, simulate_sampled,
    simulate_schedule,
};

crate::output::checked_struct! {
    /// A planned (r, Q) policy for one SKU, with what it is expected to cost and deliver and the
    /// settings it was planned with (so that [`simulate`](Self::simulate) runs the same system).
    ///
    /// Deserialising checks every field as the planner's output is checked (probabilities in
    /// [0, 1], quantities and costs non-negative, a valid target and costs).
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct ReplenishmentPolicy as "ReplenishmentPolicyRepr" ReplenishmentPolicyRepr {
        /// Order quantity Q.
        pub order_quantity: f64,
        /// Reorder point r: order when the inventory position is at or below it (under periodic
        /// review, as many lots of Q as lift it above r).
        pub reorder_point: f64,
        /// r minus expected demand over the risk period.
        pub safety_stock: f64,
        /// Safety stock in risk-period demand standard deviations (0 when demand is certain).
        pub safety_factor: f64,
        /// Expected demand over the risk period: the lead time L under continuous review, L + R
        /// under periodic review.
        pub lead_time_demand_mean: f64,
        /// Standard deviation of demand over the risk period.
        pub lead_time_demand_sd: f64,
        /// Cycle service level P(risk-period demand ≤ r) (see
        /// [`ServiceTarget::CycleService`]): exact under continuous review; under periodic
        /// review the textbook figure, which ignores the undershoot, so the share of
        /// replenishment cycles without a stockout is at least this.
        pub cycle_service_level: f64,
        /// Expected fraction of demand met from stock (see [`ServiceTarget::FillRate`]): under
        /// continuous review the exact (r, Q) fill rate 1 − (n(r) − n(r + Q))/Q, at least the
        /// target; under periodic review the exact fill rate of the (R, r, nQ) policy.
        pub fill_rate: f64,
        /// Probability that a period ends without backorders (see
        /// [`ServiceTarget::ReadyRate`]).
        pub ready_rate: f64,
        /// Expected units short per replenishment cycle.
        pub expected_shortage_per_cycle: f64,
        /// Mean demand per period the lot size and the fill rate were computed from.
        pub demand_per_period: f64,
        /// Expected orders per period, d/Q.
        pub orders_per_period: f64,
        /// Expected on-hand inventory.
        pub average_on_hand: f64,
        /// Expected ordering + holding + shortage cost per period:
        /// K·d/Q + h·(on hand) + p·(units short per period).
        pub expected_cost: f64,
        /// The target the policy was planned for (with its review mode).
        pub service: ServiceTarget,
        /// Lead time L in periods it was planned for.
        pub lead_time: f64,
        /// Standard deviation of the lead time in periods.
        pub lead_time_sd: f64,
        /// The costs it was planned with (stockout per unit short).
        pub costs: Costs,
    }
}

impl Outputs for ReplenishmentPolicy {
    fn visit(&self, c: &mut Check) {
        c.positive("order quantity", self.order_quantity)
            .finite("reorder point", self.reorder_point)
            .finite("safety stock", self.safety_stock)
            .finite("safety factor", self.safety_factor)
            .finite("lead-time demand mean", self.lead_time_demand_mean)
            .non_negative("lead-time demand sd", self.lead_time_demand_sd)
            .probability("cycle service level", self.cycle_service_level)
            .probability("fill rate", self.fill_rate)
            .probability("ready rate", self.ready_rate)
            .non_negative(
                "expected shortage per cycle",
                self.expected_shortage_per_cycle,
            )
            .positive("demand per period", self.demand_per_period)
            .positive("orders per period", self.orders_per_period)
            .non_negative("average on hand", self.average_on_hand)
            .non_negative("expected cost", self.expected_cost)
            .non_negative("lead time", self.lead_time)
            .non_negative("lead time sd", self.lead_time_sd);
    }
}

impl ReplenishmentPolicy {
    /// The policy as a simulator rule: [`Policy::RnQ`] (reviewed every period, ordering as many
    /// lots as lift the position above r) under continuous review and daily review, and
    /// [`Policy::PeriodicRnQ`] every R periods under `Review::Periodic { period: R }` with
    /// R > 1.
    pub fn policy(&self) -> Policy {
        match self.service.review_mode() {
            Review::Periodic { period } if period > 1 => Policy::PeriodicRnQ {
                review_period: period as u32,
                offset: 0,
                reorder_point: self.reorder_point,
                order_quantity: self.order_quantity,
            },
            _ => Policy::RnQ {
                reorder_point: self.reorder_point,
                order_quantity: self.order_quantity,
            },
        }
    }

    /// Simulator settings for the system this policy was planned for: the simulator's lead
    /// time is L + 1 (its convention, stockpyl's: an order placed after period t's demand
    /// arrives before period t + L + 1's, which is a lead time of L periods), the holding and
    /// order costs of the plan, no backorder cost (the plan prices shortages per unit short,
    /// the simulator per unit per period: multiply the simulated
    /// `total_demand · (1 − fill_rate)` by the plan's stockout cost instead), starting with
    /// r + Q in stock and nothing on order, no warm-up.
    ///
    /// The simulator reviews once per period, so a policy planned for continuous review runs
    /// with daily review: its simulated service is that of the daily-reviewed system (lower,
    /// when one period's demand is large next to Q). Plan with `Review::Periodic { period: 1 }`
    /// for a daily-reviewed SKU.
    ///
    /// Errors unless the lead time is a whole number of periods (at most
    /// [`MAX_LEAD_TIME_PERIODS`](crate::limits::MAX_LEAD_TIME_PERIODS)) and deterministic.
    pub fn simulation_params(&self) -> Result<SimParams> {
        let l = self.lead_time;
        if l.fract() != 0.0 || self.lead_time_sd != 0.0 {
            return Err(InventoryError::InvalidParameter {
                name: "lead time",
                reason: format!(
                    "simulation needs a whole number of periods and no lead-time variability, \
                     got lead time {l}, sd {}",
                    self.lead_time_sd
                ),
            });
        }
        crate::validate::at_most(
            "lead time (periods)",
            l,
            crate::limits::MAX_LEAD_TIME_PERIODS as f64,
            "simulate in longer periods (weeks instead of days)",
        )?;
        Ok(SimParams::default()
            .lead_time(l as usize + 1)
            .costs(
                Costs::new()
                    .holding(self.costs.holding_cost())
                    .order(self.costs.order_cost()),
            )
            .initial_inventory_level(self.reorder_point + self.order_quantity))
    }

    /// Runs the policy against a demand sequence (one value per period, e.g. the sales it was
    /// not planned from) with [`simulation_params`](Self::simulation_params): every period
    /// counts, from a start with r + Q in stock.
    ///
    /// ```
    /// use inventory_eoq::{Costs, ReplenishmentParams, Review, ServiceTarget};
    /// let plan = ReplenishmentParams::new(Costs::default().order(45.0).holding(0.1))
    ///     .lead_time(4.0)
    ///     .service(ServiceTarget::fill_rate(0.95).review(Review::EVERY_PERIOD))
    ///     .plan_iid(100.0, 30.0)?;
    /// let report = plan.simulate(&[90.0, 130.0, 70.0, 110.0, 100.0, 95.0, 120.0])?;
    /// assert_eq!(report.periods, 7);
    /// assert_eq!(report.fill_rate, 1.0); // r + Q in stock covers a week
    /// # Ok::<(), inventory_eoq::InventoryError>(())
    /// ```
    pub fn simulate(&self, demand: &[f64]) -> Result<SimReport> {
        simulate(&self.policy(), &self.simulation_params()?, demand)
    }

    /// Runs a plan that is re-made as sales come in: `plans[i].1` is in force from period
    /// `plans[i].0` on (the first from period 0), with the first plan's
    /// [`simulation_params`](Self::simulation_params); stock and open orders carry over. Every
    /// plan must have the first one's lead time and costs.
    pub fn simulate_replanned(
        plans: &[(usize, &ReplenishmentPolicy)],
        demand: &[f64],
    ) -> Result<SimReport> {
        let Some(&(_, first)) = plans.first() else {
            return Err(InventoryError::InvalidParameter {
                name: "plans",
                reason: "needs at least one plan".into(),
            });
        };
        let params = first.simulation_params()?;
        for &(start, p) in plans {
            if p.lead_time != first.lead_time || p.costs != first.costs {
                return Err(InventoryError::InvalidParameter {
                    name: "plans",
                    reason: format!(
                        "the plan from period {start} has another lead time or other costs than the first"
                    ),
                });
            }
        }
        let schedule = PolicySchedule::new(plans.iter().map(|&(t, p)| (t, p.policy())).collect())?;
        simulate_schedule(&schedule, &params, demand)
    }

    /// Runs the policy for `periods` periods of demand drawn from `process` (seeded), with
    /// [`simulation_params`](Self::simulation_params) and the first tenth of the periods as
    /// warm-up, left out of the statistics.
    pub fn simulate_sampled(
        &self,
        process: &DemandProcess,
        periods: usize,
        seed: u64,
    ) -> Result<SimReport> {
        let params = self.simulation_params()?.warmup(periods / 10);
        simulate_sampled(&self.policy(), &params, process, periods, seed)
    }
}
