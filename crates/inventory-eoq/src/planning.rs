//! From a demand forecast to an order policy per SKU: the entry point of the planning
//! pipeline. Given the mean and standard deviation of demand per period (or a sales history, or
//! an `ecom_core::Forecast`), a lead time, a service target and costs, it returns the order
//! quantity, safety stock, reorder point, expected cost and the service they buy.
//!
//! The policy is continuous-review (r, Q): Q is the EOQ (or a fixed lot), r covers lead-time
//! demand with safety stock for the target. Costs per period are the standard approximation
//! K·d/Q + h·(Q/2 + E[(r − LTD)⁺]) + p·E[(LTD − r)⁺]·d/Q.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use ecom_core::Forecast;

use crate::demand::{DemandDistribution, DiscreteDemand, NormalDemand};
use crate::eoq::Eoq;
use crate::error::{InventoryError, Result};
use crate::normal;
use crate::safety_stock::{ServiceTarget, reorder_point};
use crate::simulation::Policy;
use crate::validate;

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
    /// Lead time in periods (default 1).
    pub lead_time: f64,
    /// Standard deviation of the lead time in periods (default 0).
    pub lead_time_sd: f64,
    /// Service target (default 95 % cycle service).
    pub service: ServiceLevel,
    /// Fixed lot size (case pack, minimum order) instead of the EOQ (default `None`).
    pub order_quantity: Option<f64>,
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
    /// Expected lead-time demand.
    pub lead_time_demand_mean: f64,
    /// Standard deviation of lead-time demand.
    pub lead_time_demand_sd: f64,
    /// P(no stockout in a replenishment cycle).
    pub cycle_service_level: f64,
    /// Expected fraction of demand met from stock.
    pub fill_rate: f64,
    /// Expected units short per replenishment cycle.
    pub expected_shortage_per_cycle: f64,
    /// Expected orders per period, d/Q.
    pub orders_per_period: f64,
    /// Expected on-hand inventory, Q/2 + E[(r − LTD)⁺].
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

    fn check(&self) -> Result<()> {
        validate::positive("holding cost", self.holding_cost)?;
        validate::non_negative("stockout cost", self.stockout_cost)?;
        validate::positive("lead time", self.lead_time)?;
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

    fn target(&self, q: f64) -> ServiceTarget {
        match self.service {
            ServiceLevel::CycleService(a) => ServiceTarget::CycleService(a),
            ServiceLevel::FillRate(b) => ServiceTarget::FillRate {
                fill_rate: b,
                order_quantity: q,
            },
        }
    }

    /// Plans one SKU from the mean and standard deviation of its demand per period, assuming
    /// normal lead-time demand with σ = √(L·sd² + d²·sd_L²). `demand_sd` may be 0 (then the
    /// safety stock is 0 unless the lead time varies).
    pub fn plan(&self, demand_mean: f64, demand_sd: f64) -> Result<ReplenishmentPolicy> {
        self.check()?;
        let d = validate::positive("demand mean", demand_mean)?;
        let sd = validate::non_negative("demand sd", demand_sd)?;
        let q = self.lot_size(d)?;
        let mu = d * self.lead_time;
        let sigma =
            (self.lead_time * sd * sd + d * d * self.lead_time_sd * self.lead_time_sd).sqrt();
        if sigma == 0.0 {
            // Certain demand and lead time: no safety stock, no shortages.
            return Ok(self.describe(d, q, mu, 0.0, mu, 1.0, 0.0, q / 2.0));
        }
        let ltd = NormalDemand::lead_time_demand(d, sd, self.lead_time, self.lead_time_sd)?;
        let rp = reorder_point(&ltd, self.target(q))?;
        let r = rp.reorder_point;
        let on_hand = q / 2.0 + ltd.complementary_loss(r);
        Ok(self.describe(
            d,
            q,
            mu,
            sigma,
            r,
            normal::cdf((r - mu) / sigma),
            ltd.loss(r),
            on_hand,
        ))
    }

    /// Plans one SKU straight from its sales history (one value per period, zeros included):
    /// lead-time demand is the empirical distribution of every window of L consecutive
    /// periods, so intermittent and skewed demand need no normal approximation. Needs a whole
    /// number of periods as lead time and no lead-time variability.
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
        let per_period = DiscreteDemand::empirical(history)?;
        let d = per_period.mean();
        let q = self.lot_size(d)?;
        let ltd = DiscreteDemand::rolling_sums(history, self.lead_time as usize)?;
        let rp = reorder_point(&ltd, self.target(q))?;
        let r = rp.reorder_point;
        let on_hand = q / 2.0 + ltd.complementary_loss(r);
        Ok(self.describe(
            d,
            q,
            ltd.mean(),
            ltd.sd(),
            r,
            ltd.cdf(r),
            ltd.loss(r),
            on_hand,
        ))
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
        let z = normal::quantile_unchecked(0.5 + level / 2.0);
        let steps = (self.lead_time.ceil() as usize).clamp(1, h);
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

    #[allow(clippy::too_many_arguments)]
    fn describe(
        &self,
        d: f64,
        q: f64,
        mu: f64,
        sigma: f64,
        r: f64,
        csl: f64,
        shortage: f64,
        on_hand: f64,
    ) -> ReplenishmentPolicy {
        let orders = d / q;
        let cost = self.order_cost * orders
            + self.holding_cost * on_hand
            + self.stockout_cost * shortage * orders;
        ReplenishmentPolicy {
            order_quantity: q,
            reorder_point: r,
            safety_stock: r - mu,
            safety_factor: if sigma > 0.0 { (r - mu) / sigma } else { 0.0 },
            lead_time_demand_mean: mu,
            lead_time_demand_sd: sigma,
            cycle_service_level: csl,
            fill_rate: 1.0 - shortage / q,
            expected_shortage_per_cycle: shortage,
            orders_per_period: orders,
            average_on_hand: on_hand,
            expected_cost: cost,
        }
    }
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
