//! Period-by-period simulation of a replenishment policy against a demand sequence (given, or
//! sampled from a seed), reporting the service and cost it actually achieves; many SKUs run in
//! parallel.
//!
//! Event order within period t (stockpyl's, so traces agree value for value):
//! 1. demand d_t is observed; the inventory position drops by d_t;
//! 2. the policy orders; an order placed in t arrives at the start of t + `lead_time`'s
//!    shipping step (so `lead_time` = 0 delivers before this period's demand is shipped);
//! 3. arrivals due in t are received, backorders are filled first, then d_t;
//! 4. holding and backorder costs are charged on the end-of-period inventory level.
//!
//! Note the lead-time convention: the simulator's `lead_time` is the newsvendor / base-stock
//! lead time plus one (a base-stock level from [`BaseStock`](crate::BaseStock) with lead time
//! L is simulated with `lead_time = L + 1`). A planned policy builds its own matching settings:
//! [`ReplenishmentPolicy::simulate`](crate::ReplenishmentPolicy::simulate) and
//! [`ReplenishmentPolicy::simulation_params`](crate::ReplenishmentPolicy::simulation_params).

mod demand;
mod policy;
mod schedule;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::costs::Costs;
use crate::error::{InventoryError, Result};
use crate::limits::{MAX_LEAD_TIME_PERIODS, MAX_SIMULATION_PERIODS};
use crate::output::{Check, Outputs, checked};
use crate::validate;

pub use demand::{DemandProcess, DemandSampler};
pub use policy::Policy;
pub use schedule::PolicySchedule;

/// Simulation settings. The defaults are stockpyl's: zero lead time and zero costs.
///
/// ```
/// use inventory_eoq::{simulate, Costs, Policy, SimParams};
/// let params = SimParams::default().lead_time(1).costs(Costs::default().holding(1.0).stockout(4.0));
/// let demand = [5.0, 8.0, 3.0, 9.0];
/// let report = simulate(&Policy::BaseStock { level: 12.0 }, &params, &demand)?;
/// assert_eq!(report.orders, 4);
/// assert_eq!(report.total_cost, 7.0 + 4.0 + 9.0 + 3.0);
/// assert_eq!(report.fill_rate, 1.0);
/// # Ok::<(), inventory_eoq::InventoryError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct SimParams {
    /// Periods from placing an order to receiving it (stockpyl's simulator convention: the
    /// base-stock or planning lead time plus one), at most
    /// [`MAX_LEAD_TIME_PERIODS`](crate::limits::MAX_LEAD_TIME_PERIODS).
    pub lead_time: usize,
    /// Costs charged: holding per unit on hand at the end of a period, stockout per unit
    /// backordered at the end of a period, order cost per order placed (stockpyl's simulator
    /// charges none; default 0 for all three).
    pub costs: Costs,
    /// Starting inventory level; `None` starts at the policy's natural level
    /// ([`Policy::natural_start`]).
    pub initial_inventory_level: Option<f64>,
    /// Periods simulated but left out of the statistics.
    pub warmup: usize,
}

impl SimParams {
    /// Sets the lead time.
    pub fn lead_time(mut self, periods: usize) -> Self {
        self.lead_time = periods;
        self
    }

    /// Sets the costs (holding and stockout per unit per period, order cost per order).
    pub fn costs(mut self, costs: Costs) -> Self {
        self.costs = costs;
        self
    }

    /// Sets the starting inventory level.
    pub fn initial_inventory_level(mut self, level: f64) -> Self {
        self.initial_inventory_level = Some(level);
        self
    }

    /// Sets the warm-up length.
    pub fn warmup(mut self, periods: usize) -> Self {
        self.warmup = periods;
        self
    }

    fn validate(&self) -> Result<()> {
        self.costs.validate()?;
        if let Some(x) = self.initial_inventory_level {
            validate::finite("initial inventory level", x)?;
        }
        validate::at_most(
            "simulator lead time (periods)",
            self.lead_time as f64,
            MAX_LEAD_TIME_PERIODS as f64,
            "measure the lead time in longer periods (weeks instead of days)",
        )
    }
}

/// What a simulated policy achieved over the measured periods (after warm-up).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SimReport {
    /// Periods measured.
    pub periods: usize,
    /// Total demand.
    pub total_demand: f64,
    /// Fraction of demand shipped from stock in the period it arrived (type 2 service).
    pub fill_rate: f64,
    /// Fraction of completed replenishment cycles (from one receipt to the next) without a
    /// period ending in backorders (type 1 service); `None` if no cycle completed.
    pub cycle_service_level: Option<f64>,
    /// Completed replenishment cycles counted in `cycle_service_level`.
    pub cycles: usize,
    /// Fraction of periods ending without backorders.
    pub in_stock_rate: f64,
    /// Periods ending with backorders.
    pub stockout_periods: usize,
    /// Average end-of-period on-hand inventory.
    pub average_on_hand: f64,
    /// Average end-of-period backorders.
    pub average_backorders: f64,
    /// Orders placed.
    pub orders: usize,
    /// Units ordered.
    pub units_ordered: f64,
    /// Holding cost.
    pub holding_cost: f64,
    /// Backorder cost.
    pub stockout_cost: f64,
    /// Fixed order cost.
    pub fixed_cost: f64,
    /// Holding + backorder + fixed cost.
    pub total_cost: f64,
    /// Total cost per period.
    pub mean_cost_per_period: f64,
    /// Standard error of the per-period cost, ignoring autocorrelation.
    pub cost_std_error: f64,
    /// Lag-1 autocorrelation of the per-period cost; with it the standard error of the mean is
    /// about `cost_std_error · √((1 + ρ)/(1 − ρ))`.
    pub cost_autocorrelation: f64,
}

/// One period of a trace.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PeriodRecord {
    /// Period index (0-based, warm-up included).
    pub period: usize,
    /// Demand.
    pub demand: f64,
    /// Units received.
    pub received: f64,
    /// Units ordered.
    pub order_quantity: f64,
    /// End-of-period inventory level (on hand − backorders).
    pub inventory_level: f64,
    /// End-of-period on hand.
    pub on_hand: f64,
    /// End-of-period backorders.
    pub backorders: f64,
    /// End-of-period inventory position (level + on order).
    pub inventory_position: f64,
    /// Demand of this period shipped from stock.
    pub met_from_stock: f64,
    /// Holding cost.
    pub holding_cost: f64,
    /// Backorder cost.
    pub stockout_cost: f64,
    /// Fixed order cost.
    pub fixed_cost: f64,
    /// Sum of the three costs.
    pub total_cost: f64,
}

/// Simulates `policy` against the given per-period demands (non-negative, finite; an offender
/// is named by its index), at most [`MAX_SIMULATION_PERIODS`](crate::limits::MAX_SIMULATION_PERIODS)
/// of them.
pub fn simulate(policy: &Policy, params: &SimParams, demand: &[f64]) -> Result<SimReport> {
    validate::non_negative_slice("demand", demand)?;
    check(policy, params, demand.len())?;
    checked_report(
        run(
            &[(0, *policy)],
            params,
            demand.iter().copied(),
            demand.len(),
            |_| {},
        ),
        policy,
        params,
    )
}

/// As [`simulate`], also returning every period's record.
pub fn simulate_trace(
    policy: &Policy,
    params: &SimParams,
    demand: &[f64],
) -> Result<(SimReport, Vec<PeriodRecord>)> {
    validate::non_negative_slice("demand", demand)?;
    check(policy, params, demand.len())?;
    let mut trace = Vec::with_capacity(demand.len());
    let report = run(
        &[(0, *policy)],
        params,
        demand.iter().copied(),
        demand.len(),
        |r| trace.push(r),
    );
    Ok((checked_report(report, policy, params)?, trace))
}

/// Simulates a policy that changes over time (a plan re-made every week, say) against the
/// given per-period demands: stock, backorders and orders in transit carry over from one
/// policy to the next. With no initial level in `params` the first policy's natural start is
/// used.
///
/// ```
/// use inventory_eoq::{simulate_schedule, Policy, PolicySchedule, SimParams};
/// // Demand doubles after period 3; the re-made plan from period 4 orders in larger batches.
/// let schedule = PolicySchedule::new(vec![
///     (0, Policy::Rq { reorder_point: 10.0, order_quantity: 10.0 }),
///     (4, Policy::Rq { reorder_point: 20.0, order_quantity: 20.0 }),
/// ])?;
/// let params = SimParams::default().lead_time(1).initial_inventory_level(20.0);
/// let demand = [5.0, 5.0, 5.0, 5.0, 10.0, 10.0, 10.0, 10.0];
/// let report = simulate_schedule(&schedule, &params, &demand)?;
/// assert_eq!(report.periods, 8);
/// assert_eq!(report.units_ordered, 80.0); // 10 + 10, then 20 in periods 4, 5 and 7
/// # Ok::<(), inventory_eoq::InventoryError>(())
/// ```
pub fn simulate_schedule(
    schedule: &PolicySchedule,
    params: &SimParams,
    demand: &[f64],
) -> Result<SimReport> {
    validate::non_negative_slice("demand", demand)?;
    for (_, policy) in schedule.changes() {
        check(policy, params, demand.len())?;
    }
    let first = schedule.changes()[0].1;
    checked_report(
        run(
            schedule.changes(),
            params,
            demand.iter().copied(),
            demand.len(),
            |_| {},
        ),
        &first,
        params,
    )
}

/// Simulates `periods` periods of demand drawn from `process` (stream 0 of `seed`), without
/// storing the demand.
///
/// ```
/// use inventory_eoq::{simulate_sampled, Costs, DemandProcess, Policy, SimParams};
/// let demand = DemandProcess::Normal { mean: 50.0, sd: 8.0 };
/// let params = SimParams::default().lead_time(1).costs(Costs::default().holding(0.18).stockout(0.7));
/// let r = simulate_sampled(&Policy::BaseStock { level: 56.6 }, &params, &demand, 20_000, 42)?;
/// assert!((r.fill_rate - 0.981).abs() < 0.003);                 // analytic 0.9813
/// assert!((r.mean_cost_per_period - 1.998).abs() < 0.05);        // analytic 1.9976
/// # Ok::<(), inventory_eoq::InventoryError>(())
/// ```
pub fn simulate_sampled(
    policy: &Policy,
    params: &SimParams,
    process: &DemandProcess,
    periods: usize,
    seed: u64,
) -> Result<SimReport> {
    check(policy, params, periods)?;
    let sampler = process.sampler(seed, 0)?;
    checked_report(
        run(&[(0, *policy)], params, sampler, periods, |_| {}),
        policy,
        params,
    )
}

/// Where a batch job's demand comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum SimDemand<'a> {
    /// A given sequence.
    Given(&'a [f64]),
    /// `periods` draws from `process`.
    Sampled {
        /// The demand process.
        process: DemandProcess,
        /// Number of periods.
        periods: usize,
    },
}

/// One SKU of a batch simulation.
#[derive(Debug, Clone, PartialEq)]
pub struct SimJob<'a> {
    /// The policy.
    pub policy: Policy,
    /// Costs, lead time, start and warm-up.
    pub params: SimParams,
    /// The demand.
    pub demand: SimDemand<'a>,
}

/// Simulates many SKUs in parallel (rayon). Sampled job i draws from ChaCha stream i of
/// `seed`, so results do not depend on the number of threads; each job succeeds or fails on
/// its own, in input order.
pub fn simulate_batch(jobs: &[SimJob<'_>], seed: u64) -> Vec<Result<SimReport>> {
    jobs.par_iter()
        .enumerate()
        .map(|(i, job)| match &job.demand {
            SimDemand::Given(d) => simulate(&job.policy, &job.params, d),
            SimDemand::Sampled { process, periods } => {
                check(&job.policy, &job.params, *periods)?;
                let sampler = process.sampler(seed, i as u64)?;
                checked_report(
                    run(&[(0, job.policy)], &job.params, sampler, *periods, |_| {}),
                    &job.policy,
                    &job.params,
                )
            }
        })
        .collect()
}

fn check(policy: &Policy, params: &SimParams, periods: usize) -> Result<()> {
    policy.validate()?;
    params.validate()?;
    validate::at_most(
        "simulated periods",
        periods as f64,
        MAX_SIMULATION_PERIODS as f64,
        "simulate fewer periods (or several seeds) and combine the reports",
    )?;
    if periods <= params.warmup {
        return Err(InventoryError::InvalidParameter {
            name: "periods",
            reason: format!(
                "need more periods ({periods}) than warm-up ({})",
                params.warmup
            ),
        });
    }
    Ok(())
}

/// The report, if every statistic is finite and within its range (costs near 1e150 per unit
/// times large inventories can overflow).
fn checked_report(report: SimReport, policy: &Policy, params: &SimParams) -> Result<SimReport> {
    checked("simulation report", report, || {
        format!("{policy:?}, {params:?}")
    })
}

impl Outputs for SimReport {
    fn visit(&self, c: &mut Check) {
        c.non_negative("total demand", self.total_demand)
            .probability("fill rate", self.fill_rate)
            .probability("in-stock rate", self.in_stock_rate)
            .non_negative("average on hand", self.average_on_hand)
            .non_negative("average backorders", self.average_backorders)
            .non_negative("units ordered", self.units_ordered)
            .non_negative("holding cost", self.holding_cost)
            .non_negative("stockout cost", self.stockout_cost)
            .non_negative("fixed cost", self.fixed_cost)
            .non_negative("total cost", self.total_cost)
            .non_negative("mean cost per period", self.mean_cost_per_period)
            .non_negative("cost standard error", self.cost_std_error)
            .probability("|cost autocorrelation|", self.cost_autocorrelation.abs());
        if let Some(csl) = self.cycle_service_level {
            c.probability("cycle service level", csl);
        }
    }
}

/// Running sums for the report.
#[derive(Default)]
struct Stats {
    periods: usize,
    demand: f64,
    met: f64,
    on_hand: f64,
    backorders: f64,
    stockout_periods: usize,
    orders: usize,
    units_ordered: f64,
    holding: f64,
    stockout: f64,
    fixed: f64,
    cost_sq: f64,
    cost_lag: f64,
    prev_cost: Option<f64>,
    first_cost: f64,
    cycles: usize,
    stockout_cycles: usize,
    cycle_open: bool,
    cycle_stockout: bool,
}

/// The simulation loop: no allocation per period, the pipeline is a ring buffer.
fn run<I, F>(
    schedule: &[(usize, Policy)],
    params: &SimParams,
    demand: I,
    periods: usize,
    mut record: F,
) -> SimReport
where
    I: Iterator<Item = f64>,
    F: FnMut(PeriodRecord),
{
    let lt = params.lead_time;
    let mut pipeline = vec![0.0; lt + 1];
    let mut level = params
        .initial_inventory_level
        .unwrap_or_else(|| schedule[0].1.natural_start());
    // The policy in force: the last change at or before t (changes are sorted by period).
    let mut current = 0;
    let mut on_order = 0.0;
    let (h, p, k) = (
        params.costs.holding_cost(),
        params.costs.stockout_cost(),
        params.costs.order_cost(),
    );
    let mut s = Stats::default();
    for (t, d) in demand.take(periods).enumerate() {
        let measured = t >= params.warmup;
        // 1-2: observe demand, order on the position net of it.
        let ip = level + on_order - d;
        while current + 1 < schedule.len() && schedule[current + 1].0 <= t {
            current += 1;
        }
        let q = schedule[current].1.order(t, ip);
        let ordered = q > 0.0;
        if ordered {
            pipeline[(t + lt) % (lt + 1)] += q;
            on_order += q;
        }
        // 3: receive (an order with zero lead time arrives now), fill backorders, then demand.
        let slot = t % (lt + 1);
        let received = pipeline[slot];
        pipeline[slot] = 0.0;
        on_order -= received;
        let backlog = (-level).max(0.0);
        let available = level.max(0.0) + received;
        let met = (available - backlog).clamp(0.0, d);
        level += received - d;
        // 4: costs on the end-of-period level.
        let on_hand = level.max(0.0);
        let backorders = (-level).max(0.0);
        let fixed = if ordered { k } else { 0.0 };
        let cost = h * on_hand + p * backorders + fixed;
        record(PeriodRecord {
            period: t,
            demand: d,
            received,
            order_quantity: q,
            inventory_level: level,
            on_hand,
            backorders,
            inventory_position: level + on_order,
            met_from_stock: met,
            holding_cost: h * on_hand,
            stockout_cost: p * backorders,
            fixed_cost: fixed,
            total_cost: cost,
        });
        if !measured {
            continue;
        }
        // A receipt closes the running replenishment cycle and opens the next one.
        if received > 0.0 {
            if s.cycle_open {
                s.cycles += 1;
                s.stockout_cycles += usize::from(s.cycle_stockout);
            }
            s.cycle_open = true;
            s.cycle_stockout = false;
        }
        if backorders > 0.0 {
            s.stockout_periods += 1;
            s.cycle_stockout = true;
        }
        s.periods += 1;
        s.demand += d;
        s.met += met;
        s.on_hand += on_hand;
        s.backorders += backorders;
        if ordered {
            s.orders += 1;
            s.units_ordered += q;
        }
        s.holding += h * on_hand;
        s.stockout += p * backorders;
        s.fixed += fixed;
        s.cost_sq += cost * cost;
        match s.prev_cost {
            Some(prev) => s.cost_lag += prev * cost,
            None => s.first_cost = cost,
        }
        s.prev_cost = Some(cost);
    }
    finish(&s)
}

fn finish(s: &Stats) -> SimReport {
    let n = s.periods as f64;
    let total = s.holding + s.stockout + s.fixed;
    let mean = total / n;
    // Squares of costs near 1e154 overflow: report an infinite spread (an error when checked)
    // rather than the 0 that inf − inf would clamp to.
    let var = if s.cost_sq.is_finite() {
        (s.cost_sq / n - mean * mean).max(0.0)
    } else {
        f64::INFINITY
    };
    // Lag-1 autocorrelation from the running sums (n - 1 lagged pairs).
    let last = s.prev_cost.unwrap_or(0.0);
    let rho = if var > 0.0 && s.periods > 2 {
        let pairs = n - 1.0;
        let mean_head = (total - last) / pairs;
        let mean_tail = (total - s.first_cost) / pairs;
        ((s.cost_lag / pairs - mean_head * mean_tail) / var).clamp(-1.0, 1.0)
    } else {
        0.0
    };
    SimReport {
        periods: s.periods,
        total_demand: s.demand,
        fill_rate: if s.demand > 0.0 {
            s.met / s.demand
        } else {
            1.0
        },
        cycle_service_level: (s.cycles > 0)
            .then(|| 1.0 - s.stockout_cycles as f64 / s.cycles as f64),
        cycles: s.cycles,
        in_stock_rate: 1.0 - s.stockout_periods as f64 / n,
        stockout_periods: s.stockout_periods,
        average_on_hand: s.on_hand / n,
        average_backorders: s.backorders / n,
        orders: s.orders,
        units_ordered: s.units_ordered,
        holding_cost: s.holding,
        stockout_cost: s.stockout,
        fixed_cost: s.fixed,
        total_cost: total,
        mean_cost_per_period: mean,
        cost_std_error: (var / n).sqrt(),
        cost_autocorrelation: rho,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trace(policy: Policy, lead: usize, start: f64, demand: &[f64]) -> Vec<PeriodRecord> {
        let params = SimParams::default()
            .lead_time(lead)
            .initial_inventory_level(start);
        simulate_trace(&policy, &params, demand).unwrap().1
    }

    #[test]
    fn periodic_review_orders_only_on_review_days() {
        let policy = Policy::PeriodicReview {
            review_period: 3,
            order_up_to: 30.0,
            offset: 1,
        };
        let t = trace(policy, 2, 30.0, &[4.0; 9]);
        for r in &t {
            if r.period % 3 == 1 {
                // Position after demand was 30 − 4·3 (three periods since the last review), or
                // 30 − 8 at the first review.
                assert!(
                    r.order_quantity > 0.0 && r.inventory_position == 30.0,
                    "{r:?}"
                );
            } else {
                assert_eq!(r.order_quantity, 0.0, "{r:?}");
            }
        }
        assert_eq!(t[1].order_quantity, 8.0);
        assert_eq!(t[4].order_quantity, 12.0);
    }

    #[test]
    fn batch_rules_differ_when_demand_exceeds_the_lot() {
        // One period's demand of 25 drops the position from 20 to -5 with r = 5, Q = 10:
        // (r, Q) orders one lot, (r, nQ) orders enough lots to rise above r.
        let rq = trace(
            Policy::Rq {
                reorder_point: 5.0,
                order_quantity: 10.0,
            },
            1,
            20.0,
            &[25.0],
        );
        let rnq = trace(
            Policy::RnQ {
                reorder_point: 5.0,
                order_quantity: 10.0,
            },
            1,
            20.0,
            &[25.0],
        );
        assert_eq!(rq[0].order_quantity, 10.0);
        assert_eq!(rnq[0].order_quantity, 20.0);
        assert_eq!(rnq[0].inventory_position, 15.0);
        let fq = trace(
            Policy::FixedQuantity {
                order_quantity: 3.0,
            },
            0,
            0.0,
            &[1.0, 5.0],
        );
        assert_eq!(fq[0].received, 3.0);
        assert_eq!(fq[1].inventory_level, 0.0);
    }

    #[test]
    fn positions_and_levels_are_consistent() {
        let demand = DemandProcess::Poisson { mean: 7.0 }.sample(500, 1).unwrap();
        let policy = Policy::Ss {
            reorder_point: 10.0,
            order_up_to: 40.0,
        };
        let t = trace(policy, 3, 25.0, &demand);
        let mut level = 25.0;
        let mut ordered = 0.0;
        let mut received = 0.0;
        for r in &t {
            level += r.received - r.demand;
            ordered += r.order_quantity;
            received += r.received;
            assert_eq!(r.inventory_level, level);
            assert_eq!(r.on_hand - r.backorders, r.inventory_level);
            assert!((r.inventory_position - (level + ordered - received)).abs() < 1e-9);
            assert!(r.met_from_stock <= r.demand);
        }
    }
}
