//! From a demand forecast to an order policy per SKU: the entry point of the planning
//! pipeline. Given the mean and standard deviation of demand per period (or a sales history, or
//! an `ecom_core::Forecast`), a lead time, a service target and costs, it returns the order
//! quantity, safety stock, reorder point, expected cost and the service they buy.
//!
//! The policy is (r, Q): Q is the EOQ (or a fixed lot), r covers demand over the risk period
//! with safety stock for the target. Two review modes:
//!
//! - [`Review::Continuous`] (default): the textbook model. An order is placed the moment the
//!   position reaches r, so r covers lead-time demand; cost per period
//!   K·d/Q + h·(Q/2 + E[(r − LTD)⁺]) + p·n·d/Q, with n = E[(LTD − r)⁺] − E[(LTD − r − Q)⁺]
//!   the expected shortage per cycle (the second term matters only when Q is small next to the
//!   spread of lead-time demand, and keeps the fill rate 1 − n/Q in [0, 1]).
//! - [`Review::EveryPeriod`]: the position is checked once per period (daily data reviewed
//!   daily), as the simulator's [`Policy::RnQ`] does. A big day can take the position well below
//!   r before anyone looks, so r must cover demand over the lead time plus one period, with the
//!   position after ordering spread evenly over (r, r + Q]. Service and cost are then exact
//!   for independent demand; with lumpy daily sales the continuous formulas overstate service.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use ecom_core::Forecast;

use crate::demand::{DemandDistribution, DiscreteDemand, NormalDemand, lead_time_sigma};
use crate::eoq::Eoq;
use crate::error::{InventoryError, Result};
use crate::limits::MAX_LEAD_TIME_PERIODS;
use crate::output::{Check, Outputs, checked, unit};
use crate::safety_stock::{ServiceTarget, reorder_point};
use crate::simulation::Policy;
use crate::validate;

/// How often the inventory position is reviewed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Review {
    /// Continuously (the textbook (r, Q) model): the cycle service level is P(LTD ≤ r).
    #[default]
    Continuous,
    /// Once per period: the cycle service level is read as the probability that a period ends
    /// with no backorders.
    EveryPeriod,
}

/// The service a policy must deliver.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum ServiceLevel {
    /// Type 1: P(no stockout in a replenishment cycle), in (0, 1).
    CycleService(f64),
    /// Type 2: fraction of demand met from stock, in (0, 1).
    FillRate(f64),
}

/// Planning settings shared by every SKU: lead time, service target and costs. Rates are per
/// period (the period of the demand figures: a day for daily sales).
///
/// ```
/// use inventory_eoq::{ReplenishmentParams, ServiceLevel};
/// // 40 units/day (sd 12), 5-day lead time, 95 % cycle service, K = 60 per order,
/// // h = 0.02 per unit per day.
/// let params = ReplenishmentParams::new(60.0, 0.02).lead_time(5.0);
/// let p = params.plan(40.0, 12.0)?;
/// assert!((p.order_quantity - 489.8979485566356).abs() < 1e-9);      // EOQ √(2·60·40/0.02)
/// assert!((p.safety_stock - 1.6448536269514722 * 12.0 * 5f64.sqrt()).abs() < 1e-9);
/// assert!((p.reorder_point - (200.0 + p.safety_stock)).abs() < 1e-9);
/// assert!((p.cycle_service_level - 0.95).abs() < 1e-12);
/// assert!(p.fill_rate > 0.99);
///
/// // A 99 % fill-rate target instead, and a SKU with no demand (a typed error, not a panic).
/// let fr = params.service(ServiceLevel::FillRate(0.99)).plan(40.0, 12.0)?;
/// assert!((fr.fill_rate - 0.99).abs() < 1e-12);
/// assert!(params.plan(0.0, 1.0).is_err());
/// # Ok::<(), inventory_eoq::InventoryError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ReplenishmentParams {
    /// Fixed cost per order K (> 0 unless `order_quantity` is set).
    pub order_cost: f64,
    /// Holding cost per unit per period (> 0).
    pub holding_cost: f64,
    /// Cost per unit short, used only to price shortages in `expected_cost` (default 0).
    pub stockout_cost: f64,
    /// Lead time in periods (default 1), at most
    /// [`MAX_LEAD_TIME_PERIODS`](crate::limits::MAX_LEAD_TIME_PERIODS).
    pub lead_time: f64,
    /// Standard deviation of the lead time in periods (default 0).
    pub lead_time_sd: f64,
    /// Service target (default 95 % cycle service).
    pub service: ServiceLevel,
    /// Fixed lot size (case pack, minimum order) instead of the EOQ (default `None`).
    pub order_quantity: Option<f64>,
    /// Review mode (default continuous, the textbook formulas).
    pub review: Review,
}

/// A planned (r, Q) policy for one SKU, with what it is expected to cost and deliver.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ReplenishmentPolicy {
    /// Order quantity Q.
    pub order_quantity: f64,
    /// Reorder point r: order Q when the inventory position reaches it.
    pub reorder_point: f64,
    /// r minus expected lead-time demand.
    pub safety_stock: f64,
    /// Safety stock in lead-time-demand standard deviations (0 when demand is certain).
    pub safety_factor: f64,
    /// Expected demand over the risk period (the lead time; lead time + 1 period under
    /// [`Review::EveryPeriod`]).
    pub lead_time_demand_mean: f64,
    /// Standard deviation of demand over the risk period.
    pub lead_time_demand_sd: f64,
    /// P(no stockout in a replenishment cycle); under [`Review::EveryPeriod`], P(a period ends
    /// with no backorders).
    pub cycle_service_level: f64,
    /// Expected fraction of demand met from stock. Under [`Review::Continuous`] it is the exact
    /// (r, Q) fill rate 1 − (n(r) − n(r + Q))/Q; a fill-rate target places r by the textbook
    /// n(r) = (1 − β)Q, so the fill rate reported is at least the target.
    pub fill_rate: f64,
    /// Expected units short per replenishment cycle.
    pub expected_shortage_per_cycle: f64,
    /// Expected orders per period, d/Q.
    pub orders_per_period: f64,
    /// Expected on-hand inventory.
    pub average_on_hand: f64,
    /// Expected ordering + holding + shortage cost per period.
    pub expected_cost: f64,
}

impl ReplenishmentPolicy {
    /// The policy as a simulator rule (periodic review of the (r, Q) rule, ordering as many
    /// lots as needed to lift the position above r).
    pub fn policy(&self) -> Policy {
        Policy::RnQ {
            reorder_point: self.reorder_point,
            order_quantity: self.order_quantity,
        }
    }
}

impl ReplenishmentParams {
    /// Order cost K and holding cost h per unit per period; other settings at their defaults.
    pub fn new(order_cost: f64, holding_cost: f64) -> Self {
        Self {
            order_cost,
            holding_cost,
            stockout_cost: 0.0,
            lead_time: 1.0,
            lead_time_sd: 0.0,
            service: ServiceLevel::CycleService(0.95),
            order_quantity: None,
            review: Review::Continuous,
        }
    }

    /// Sets the lead time (periods).
    pub fn lead_time(mut self, periods: f64) -> Self {
        self.lead_time = periods;
        self
    }

    /// Sets the lead-time standard deviation (periods).
    pub fn lead_time_sd(mut self, periods: f64) -> Self {
        self.lead_time_sd = periods;
        self
    }

    /// Sets the service target.
    pub fn service(mut self, service: ServiceLevel) -> Self {
        self.service = service;
        self
    }

    /// Sets the shortage cost per unit.
    pub fn stockout_cost(mut self, p: f64) -> Self {
        self.stockout_cost = p;
        self
    }

    /// Fixes the lot size instead of using the EOQ.
    pub fn order_quantity(mut self, q: f64) -> Self {
        self.order_quantity = Some(q);
        self
    }

    /// Sets the review mode.
    pub fn review(mut self, review: Review) -> Self {
        self.review = review;
        self
    }

    fn check(&self) -> Result<()> {
        validate::positive("holding cost", self.holding_cost)?;
        validate::non_negative("stockout cost", self.stockout_cost)?;
        match self.review {
            Review::Continuous => validate::positive("lead time", self.lead_time)?,
            Review::EveryPeriod => validate::non_negative("lead time", self.lead_time)?,
        };
        validate::at_most(
            "lead time (periods)",
            self.lead_time,
            MAX_LEAD_TIME_PERIODS as f64,
            "plan in longer periods (weeks instead of days)",
        )?;
        validate::non_negative("lead time sd", self.lead_time_sd)?;
        match self.service {
            ServiceLevel::CycleService(a) => validate::probability("cycle service level", a)?,
            ServiceLevel::FillRate(b) => validate::probability("fill rate", b)?,
        };
        match self.order_quantity {
            Some(q) => {
                validate::positive("order quantity", q)?;
                validate::non_negative("order cost", self.order_cost)?;
            }
            None => {
                validate::positive("order cost", self.order_cost)?;
            }
        }
        Ok(())
    }

    fn lot_size(&self, demand_mean: f64) -> Result<f64> {
        match self.order_quantity {
            Some(q) => Ok(q),
            None => Ok(Eoq::new(demand_mean, self.order_cost, self.holding_cost)?.order_quantity()),
        }
    }

    /// Periods of demand the reorder point must cover.
    fn risk_periods(&self) -> f64 {
        match self.review {
            Review::Continuous => self.lead_time,
            Review::EveryPeriod => self.lead_time + 1.0,
        }
    }

    /// Plans one SKU from the mean and standard deviation of its demand per period, assuming
    /// normal demand over the risk period with σ = √(n·sd² + d²·sd_L²) for n periods.
    /// `demand_sd` may be 0 (then the safety stock is 0 unless the lead time varies).
    pub fn plan(&self, demand_mean: f64, demand_sd: f64) -> Result<ReplenishmentPolicy> {
        self.check()?;
        let d = validate::positive("demand mean", demand_mean)?;
        let sd = validate::non_negative("demand sd", demand_sd)?;
        let q = self.lot_size(d)?;
        let n = self.risk_periods();
        let sigma_of = |periods: f64| lead_time_sigma(periods, sd, d, self.lead_time_sd);
        validate::finite("risk-period demand mean", d * n)?;
        validate::finite("risk-period demand sd", sigma_of(n))?;
        if sigma_of(n) == 0.0 {
            // Certain demand and lead time: cover the risk period exactly, never run short.
            let r = d * n;
            return self.checked(self.describe(d, q, r, d * n, 0.0, Measures::certain(q)));
        }
        let risk = NormalDemand::from_parts(d * n, sigma_of(n));
        let lead = (self.review == Review::EveryPeriod && sigma_of(self.lead_time) > 0.0)
            .then(|| NormalDemand::from_parts(d * self.lead_time, sigma_of(self.lead_time)));
        self.solve(d, q, &risk, lead.as_ref())
    }

    /// Plans one SKU straight from its sales history (one value per period, zeros included):
    /// demand over the risk period is the empirical distribution of every window of that many
    /// consecutive periods, so intermittent and skewed demand need no normal approximation.
    /// Needs a whole number of periods as lead time and no lead-time variability.
    pub fn plan_history(&self, history: &[f64]) -> Result<ReplenishmentPolicy> {
        self.check()?;
        if self.lead_time.fract() != 0.0 || self.lead_time_sd != 0.0 {
            return Err(InventoryError::InvalidParameter {
                name: "lead time",
                reason:
                    "planning from history needs a whole number of periods and lead_time_sd = 0"
                        .into(),
            });
        }
        let d = DiscreteDemand::empirical(history)?.mean();
        let q = self.lot_size(d)?;
        let risk = DiscreteDemand::rolling_sums(history, self.risk_periods() as usize)?;
        let lead = match self.review {
            Review::EveryPeriod if self.lead_time >= 1.0 => Some(DiscreteDemand::rolling_sums(
                history,
                self.lead_time as usize,
            )?),
            _ => None,
        };
        self.solve(d, q, &risk, lead.as_ref())
    }

    /// Plans one SKU from a forecast: per-period mean is the average point forecast over the
    /// lead time, per-period sd the root-mean-square of the sds implied by the forecast's first
    /// prediction interval (half-width / z of its level) over the same steps. Negative point
    /// forecasts count as zero.
    pub fn plan_forecast(&self, forecast: &Forecast) -> Result<ReplenishmentPolicy> {
        self.check()?;
        let interval = forecast
            .intervals
            .first()
            .ok_or(InventoryError::InvalidParameter {
                name: "forecast",
                reason: "needs a prediction interval to measure uncertainty".into(),
            })?;
        let h = forecast.horizon();
        if h == 0 {
            return Err(InventoryError::Empty {
                what: "forecast horizon",
            });
        }
        if interval.lower.len() != h || interval.upper.len() != h {
            return Err(InventoryError::LengthMismatch {
                what: "forecast interval",
                expected: h,
                got: interval.lower.len().min(interval.upper.len()),
            });
        }
        let level = validate::probability("interval level", interval.level / 100.0)?;
        let z = crate::normal::quantile_unchecked(0.5 + level / 2.0);
        let steps = (self.risk_periods().ceil() as usize).clamp(1, h);
        let mut mean = 0.0;
        let mut var = 0.0;
        for i in 0..steps {
            let m = validate::finite("forecast mean", forecast.mean[i])?;
            let half = (interval.upper[i] - interval.lower[i]) / 2.0;
            validate::non_negative("forecast interval width", half)?;
            mean += m.max(0.0);
            var += (half / z).powi(2);
        }
        let n = steps as f64;
        self.plan(mean / n, (var / n).sqrt())
    }

    /// Plans many SKUs in parallel from (mean, sd) pairs; results are in input order and each
    /// SKU fails on its own.
    pub fn plan_batch(&self, demand: &[(f64, f64)]) -> Vec<Result<ReplenishmentPolicy>> {
        demand.par_iter().map(|&(m, s)| self.plan(m, s)).collect()
    }

    /// Service and stock of reorder point r with lot q. `lead` is demand over the lead time
    /// alone (periodic review only; `None` when the lead time is 0).
    fn measures<D: DemandDistribution>(
        &self,
        d: f64,
        q: f64,
        risk: &D,
        lead: Option<&D>,
        r: f64,
    ) -> Measures {
        match self.review {
            Review::Continuous => {
                // Demand that finds the position in (r, r + q] short: n(r) − n(r + q), in [0, q].
                let shortage = risk.loss_difference(r, q);
                Measures {
                    service: risk.cdf(r),
                    fill_rate: unit(1.0 - shortage / q),
                    shortage_per_cycle: shortage,
                    on_hand: q / 2.0 + risk.complementary_loss(r),
                }
            }
            Review::EveryPeriod => {
                // Position after ordering uniform on (r, r + q]: average the period-end measures.
                let top = r + q;
                let ready = (risk.complementary_loss(top) - risk.complementary_loss(r)) / q;
                let on_hand =
                    (risk.second_complementary_loss(top) - risk.second_complementary_loss(r)) / q;
                let backlog_end = risk.second_loss(r) - risk.second_loss(top);
                let backlog_before = match lead {
                    Some(l) => l.second_loss(r) - l.second_loss(top),
                    // No lead time: the backlog before this period's demand is (−y)⁺.
                    None => 0.5 * ((-r).max(0.0).powi(2) - (-top).max(0.0).powi(2)),
                };
                let unmet_per_period = ((backlog_end - backlog_before) / q).max(0.0);
                // Averages of probabilities and of non-negative stock: outside their ranges only
                // by rounding, or (fill rate) by the normal model's tiny mass below zero.
                Measures {
                    service: unit(ready),
                    fill_rate: unit(1.0 - unmet_per_period / d),
                    shortage_per_cycle: unmet_per_period * q / d,
                    on_hand: on_hand.max(0.0),
                }
            }
        }
    }

    fn solve<D: DemandDistribution>(
        &self,
        d: f64,
        q: f64,
        risk: &D,
        lead: Option<&D>,
    ) -> Result<ReplenishmentPolicy> {
        let r = match self.review {
            Review::Continuous => {
                let target = match self.service {
                    ServiceLevel::CycleService(a) => ServiceTarget::CycleService(a),
                    ServiceLevel::FillRate(b) => ServiceTarget::FillRate {
                        fill_rate: b,
                        order_quantity: q,
                    },
                };
                reorder_point(risk, target)?.reorder_point
            }
            Review::EveryPeriod => {
                let (target, pick): (f64, fn(&Measures) -> f64) = match self.service {
                    ServiceLevel::CycleService(a) => (a, |m| m.service),
                    ServiceLevel::FillRate(b) => (b, |m| m.fill_rate),
                };
                let f = |r: f64| pick(&self.measures(d, q, risk, lead, r)) - target;
                smallest_root(f, risk.mean(), risk.sd().max(1.0), risk.is_discrete())?
            }
        };
        let m = self.measures(d, q, risk, lead, r);
        self.checked(self.describe(d, q, r, risk.mean(), risk.sd(), m))
    }

    fn checked(&self, policy: ReplenishmentPolicy) -> Result<ReplenishmentPolicy> {
        checked("replenishment policy", policy, || format!("{self:?}"))
    }

    fn describe(
        &self,
        d: f64,
        q: f64,
        r: f64,
        mu: f64,
        sigma: f64,
        m: Measures,
    ) -> ReplenishmentPolicy {
        let orders = d / q;
        let cost = self.order_cost * orders
            + self.holding_cost * m.on_hand
            + self.stockout_cost * m.shortage_per_cycle * orders;
        ReplenishmentPolicy {
            order_quantity: q,
            reorder_point: r,
            safety_stock: r - mu,
            safety_factor: if sigma > 0.0 { (r - mu) / sigma } else { 0.0 },
            lead_time_demand_mean: mu,
            lead_time_demand_sd: sigma,
            cycle_service_level: m.service,
            fill_rate: m.fill_rate,
            expected_shortage_per_cycle: m.shortage_per_cycle,
            orders_per_period: orders,
            average_on_hand: m.on_hand,
            expected_cost: cost,
        }
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
            .non_negative(
                "expected shortage per cycle",
                self.expected_shortage_per_cycle,
            )
            .positive("orders per period", self.orders_per_period)
            .non_negative("average on hand", self.average_on_hand)
            .non_negative("expected cost", self.expected_cost);
    }
}

/// Service and stock of one reorder point.
struct Measures {
    service: f64,
    fill_rate: f64,
    shortage_per_cycle: f64,
    on_hand: f64,
}

impl Measures {
    /// Certain demand covered exactly: never short, on hand averages Q/2.
    fn certain(q: f64) -> Self {
        Self {
            service: 1.0,
            fill_rate: 1.0,
            shortage_per_cycle: 0.0,
            on_hand: q / 2.0,
        }
    }
}

/// Smallest r with f(r) ≥ 0 for an increasing f (an integer when `integer`), searching out
/// from `start` in steps growing from `step`.
fn smallest_root<F: Fn(f64) -> f64>(f: F, start: f64, step: f64, integer: bool) -> Result<f64> {
    let round = |x: f64| if integer { x.floor() } else { x };
    let mut hi = round(start);
    let mut stride = step.ceil();
    let mut guard = 0;
    while f(hi) < 0.0 {
        hi += stride;
        stride *= 2.0;
        guard += 1;
        if guard > 200 || !hi.is_finite() {
            return Err(InventoryError::Infeasible {
                reason: "service target cannot be reached".into(),
            });
        }
    }
    let mut lo = hi - step.ceil();
    let mut stride = step.ceil();
    while f(lo) >= 0.0 {
        lo -= stride;
        stride *= 2.0;
        guard += 1;
        if guard > 400 || !lo.is_finite() {
            return Err(InventoryError::Infeasible {
                reason: "service measure does not fall below the target".into(),
            });
        }
    }
    // Invariant: f(lo) < 0 <= f(hi).
    for _ in 0..200 {
        if integer && hi - lo <= 1.0 {
            break;
        }
        let mid = if integer {
            ((lo + hi) / 2.0).floor()
        } else {
            0.5 * (lo + hi)
        };
        if mid <= lo || mid >= hi {
            break;
        }
        if f(mid) >= 0.0 {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Ok(hi)
}

/// One-call form of [`ReplenishmentParams::plan`]: mean and sd of demand per period, the
/// settings, and out comes the (r, Q) policy with safety stock, expected cost and service.
pub fn plan_replenishment(
    demand_mean: f64,
    demand_sd: f64,
    params: &ReplenishmentParams,
) -> Result<ReplenishmentPolicy> {
    params.plan(demand_mean, demand_sd)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ecom_core::ForecastInterval;

    #[test]
    fn forecast_intervals_become_per_period_sd() {
        // 95 % intervals of half-width 1.959964·sd with sd = 3, 4, 5, 6 and a lead time of 3:
        // the first three steps count, sd = √((9 + 16 + 25)/3).
        let z = crate::normal::quantile(0.975).unwrap();
        let sds = [3.0, 4.0, 5.0, 6.0];
        let mean = vec![10.0, 12.0, -1.0, 30.0];
        let forecast = Forecast {
            intervals: vec![ForecastInterval {
                level: 95.0,
                lower: mean.iter().zip(&sds).map(|(m, s)| m - z * s).collect(),
                upper: mean.iter().zip(&sds).map(|(m, s)| m + z * s).collect(),
            }],
            mean,
            ..Forecast::default()
        };
        let params = ReplenishmentParams::new(20.0, 0.1).lead_time(3.0);
        let got = params.plan_forecast(&forecast).unwrap();
        let want = params.plan(22.0 / 3.0, (50.0f64 / 3.0).sqrt()).unwrap();
        assert!((got.reorder_point - want.reorder_point).abs() < 1e-9);
        assert!((got.order_quantity - want.order_quantity).abs() < 1e-9);
        let no_interval = Forecast {
            mean: vec![1.0],
            intervals: vec![],
            ..Forecast::default()
        };
        assert!(params.plan_forecast(&no_interval).is_err());
    }

    #[test]
    fn batch_keeps_order_and_isolates_errors() {
        let params = ReplenishmentParams::new(20.0, 0.1);
        let out = params.plan_batch(&[(10.0, 2.0), (0.0, 1.0), (5.0, 0.0)]);
        assert!(out[0].is_ok() && out[1].is_err() && out[2].is_ok());
        let certain = out[2].as_ref().unwrap();
        assert_eq!(certain.safety_stock, 0.0);
        assert_eq!(certain.fill_rate, 1.0);
    }
}
