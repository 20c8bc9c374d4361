//! From a demand forecast to an order policy per SKU: the entry point of the planning
//! pipeline. Given the distribution of demand over the risk period (from a forecasting model,
//! a sales history, or a per-period mean and standard deviation), a lead time, a
//! [`ServiceTarget`] and [`Costs`], it returns the order quantity, safety stock, reorder
//! point, expected cost and the service they buy.
//!
//! The policy is (r, Q): Q is the EOQ (or a fixed lot), r covers demand over the risk period
//! of the target's review mode with safety stock for the target:
//!
//! - [`Review::Continuous`]: the textbook model. An order is placed the moment the position
//!   reaches r, so r covers lead-time demand; cost per period
//!   K·d/Q + h·(Q/2 + E[(r − LTD)⁺]) + p·n·d/Q, with n = E[(LTD − r)⁺] − E[(LTD − r − Q)⁺]
//!   the expected shortage per cycle (the second term matters only when Q is small next to the
//!   spread of lead-time demand, and keeps the fill rate 1 − n/Q in [0, 1]).
//! - [`Review::Periodic`] every R periods (R = 1: daily data reviewed daily), as the
//!   simulator's [`Policy::RnQ`](crate::Policy::RnQ) does for R = 1. A big day can take the
//!   position well below r before anyone looks, so r must cover demand over the lead time plus
//!   the review period, with the position after ordering spread evenly over (r, r + Q]. Fill
//!   and ready rates and cost are then exact for independent demand; with lumpy daily sales the
//!   continuous formulas overstate service.
//!
//! Which entry to use:
//!
//! | you have | entry |
//! |---|---|
//! | a forecasting model's mean and sd of *total* demand over the risk period (correlated errors included, e.g. `FittedArima::predict_total`) | [`plan_lead_time_demand`](ReplenishmentParams::plan_lead_time_demand) |
//! | the model's totals for every horizon 1, 2, … up to the risk period (exact for every target) | [`plan_cumulative_demand`](ReplenishmentParams::plan_cumulative_demand) |
//! | a mean and sd per period, demand independent from period to period | [`plan_iid`](ReplenishmentParams::plan_iid) |
//! | the sales history itself (no normal approximation) | [`plan_history`](ReplenishmentParams::plan_history) |
//! | an `ecom_core::Forecast` with intervals only (treats step errors as independent) | [`plan_forecast_independent_errors`](ReplenishmentParams::plan_forecast_independent_errors) |

mod measures;
mod policy;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use ecom_core::Forecast;

use crate::costs::{Costs, Need};
use crate::demand::{DemandDistribution, DiscreteDemand, NormalDemand, lead_time_sigma};
use crate::eoq::Eoq;
use crate::error::{InventoryError, Result};
use crate::limits::{MAX_HISTORY_WINDOW_VALUES, MAX_LEAD_TIME_PERIODS};
use crate::output::checked;
use crate::service::{Review, ServiceTarget};
use crate::validate;

use measures::{Measures, Windows};
pub use policy::ReplenishmentPolicy;

/// Planning settings shared by every SKU: costs, lead time and service target. Rates are per
/// period (the period of the demand figures: a day for daily sales).
///
/// ```
/// use inventory_eoq::{Costs, ReplenishmentParams, Review, ServiceTarget};
/// // 40 units/day (sd 12), 5-day lead time, 95 % cycle service, K = 60 per order,
/// // h = 0.02 per unit per day.
/// let params = ReplenishmentParams::new(Costs::default().order(60.0).holding(0.02)).lead_time(5.0);
/// let p = params.plan_iid(40.0, 12.0)?;
/// assert!((p.order_quantity - 489.8979485566356).abs() < 1e-9);      // EOQ √(2·60·40/0.02)
/// assert!((p.safety_stock - 1.6448536269514722 * 12.0 * 5f64.sqrt()).abs() < 1e-9);
/// assert!((p.reorder_point - (200.0 + p.safety_stock)).abs() < 1e-9);
/// assert!((p.cycle_service_level - 0.95).abs() < 1e-12);
/// assert!(p.fill_rate > 0.99);
///
/// // Reviewed once a day, the reorder point covers 6 days of demand.
/// let daily = params.service(ServiceTarget::cycle_service(0.95).review(Review::EVERY_PERIOD));
/// assert!((daily.plan_iid(40.0, 12.0)?.lead_time_demand_mean - 240.0).abs() < 1e-9);
///
/// // A 99 % fill-rate target instead, and a SKU with no demand (a typed error, not a panic).
/// let fr = params.service(ServiceTarget::fill_rate(0.99)).plan_iid(40.0, 12.0)?;
/// assert!((fr.fill_rate - 0.99).abs() < 1e-12);
/// assert!(params.plan_iid(0.0, 1.0).is_err());
/// # Ok::<(), inventory_eoq::InventoryError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "ReplenishmentParamsRepr")]
pub struct ReplenishmentParams {
    /// Costs: order cost K per order (> 0 unless `order_quantity` is set), holding cost h per
    /// unit per period (> 0), stockout cost p per unit short (≥ 0, only prices shortages in
    /// `expected_cost`).
    pub costs: Costs,
    /// Lead time L in periods (default 1; > 0 under continuous review, ≥ 0 under periodic
    /// review), at most [`MAX_LEAD_TIME_PERIODS`](crate::limits::MAX_LEAD_TIME_PERIODS).
    pub lead_time: f64,
    /// Standard deviation of the lead time in periods (default 0).
    pub lead_time_sd: f64,
    /// Service target and review mode (default 95 % cycle service, continuous review).
    pub service: ServiceTarget,
    /// Fixed lot size (case pack, minimum order) instead of the EOQ (default `None`).
    pub order_quantity: Option<f64>,
}

#[derive(Deserialize)]
struct ReplenishmentParamsRepr {
    costs: Costs,
    lead_time: f64,
    lead_time_sd: f64,
    service: ServiceTarget,
    order_quantity: Option<f64>,
}

impl TryFrom<ReplenishmentParamsRepr> for ReplenishmentParams {
    type Error = InventoryError;
    fn try_from(r: ReplenishmentParamsRepr) -> Result<Self> {
        let p = Self {
            costs: r.costs,
            lead_time: r.lead_time,
            lead_time_sd: r.lead_time_sd,
            service: r.service,
            order_quantity: r.order_quantity,
        };
        p.check()?;
        Ok(p)
    }
}

impl ReplenishmentParams {
    /// Costs (order cost K, holding cost h per unit per period, optionally the stockout cost p
    /// per unit short); lead time 1 period, 95 % cycle service under continuous review, EOQ
    /// lots.
    pub fn new(costs: Costs) -> Self {
        Self {
            costs,
            lead_time: 1.0,
            lead_time_sd: 0.0,
            service: ServiceTarget::default(),
            order_quantity: None,
        }
    }

    /// Sets the costs.
    pub fn costs(mut self, costs: Costs) -> Self {
        self.costs = costs;
        self
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

    /// Sets the service target (and with it the review mode).
    pub fn service(mut self, service: ServiceTarget) -> Self {
        self.service = service;
        self
    }

    /// Fixes the lot size instead of using the EOQ.
    pub fn order_quantity(mut self, q: f64) -> Self {
        self.order_quantity = Some(q);
        self
    }

    /// Periods of demand the reorder point must cover: L, or L + R under periodic review.
    pub fn risk_period(&self) -> f64 {
        self.service.review_mode().risk_period(self.lead_time)
    }

    /// Errors unless every setting is valid (see the field docs).
    pub fn check(&self) -> Result<()> {
        self.service.validate()?;
        let order = if self.order_quantity.is_some() {
            Need::NonNegative
        } else {
            Need::Positive
        };
        self.costs
            .require(order, Need::Positive, Need::NonNegative)?;
        match self.service.review_mode() {
            Review::Continuous => validate::positive("lead time", self.lead_time)?,
            Review::Periodic { .. } => validate::non_negative("lead time", self.lead_time)?,
        };
        validate::at_most(
            "lead time (periods)",
            self.lead_time,
            MAX_LEAD_TIME_PERIODS as f64,
            "plan in longer periods (weeks instead of days)",
        )?;
        validate::non_negative("lead time sd", self.lead_time_sd)?;
        if let Some(q) = self.order_quantity {
            validate::positive("order quantity", q)?;
        }
        Ok(())
    }

    fn lot_size(&self, demand_mean: f64) -> Result<f64> {
        match self.order_quantity {
            Some(q) => Ok(q),
            None => Ok(Eoq::new(demand_mean, self.costs)?.order_quantity()),
        }
    }

    /// The review period R (0 under continuous review).
    fn review_period(&self) -> usize {
        self.service.review_mode().period()
    }

    /// Windows of a normal model: `window(n)` is demand over n > 0 periods.
    fn normal_windows(
        &self,
        window: impl Fn(f64) -> Result<NormalDemand>,
    ) -> Result<Windows<NormalDemand>> {
        let rp = self.review_period();
        let l = self.lead_time;
        Ok(Windows {
            risk: window(self.risk_period())?,
            lead: if rp > 0 && l > 0.0 {
                Some(window(l)?)
            } else {
                None
            },
            inner: (1..rp)
                .map(|j| window(l + j as f64))
                .collect::<Result<_>>()?,
            review_period: rp,
        })
    }

    /// Plans one SKU from the mean and standard deviation of its demand per period, assuming
    /// independent, normal demand: over n periods mean n·d and σ = √(n·sd² + d²·sd_L²).
    /// `demand_sd` may be 0 (then the safety stock is 0 unless the lead time varies).
    ///
    /// A forecasting model's per-step errors are correlated (integrated and autoregressive
    /// models): √n·sd then understates the spread of the total, and
    /// [`plan_lead_time_demand`](Self::plan_lead_time_demand) is the entry to use.
    pub fn plan_iid(&self, demand_mean: f64, demand_sd: f64) -> Result<ReplenishmentPolicy> {
        self.check()?;
        let d = validate::positive("demand mean", demand_mean)?;
        let sd = validate::non_negative("demand sd", demand_sd)?;
        let sigma_of = |periods: f64| lead_time_sigma(periods, sd, d, self.lead_time_sd);
        let n = self.risk_period();
        validate::finite("risk-period demand mean", d * n)?;
        validate::finite("risk-period demand sd", sigma_of(n))?;
        let q = self.lot_size(d)?;
        if sigma_of(n) == 0.0 {
            return self.certain(d, q, d * n);
        }
        let windows = self.normal_windows(|periods| {
            Ok(NormalDemand::from_parts(d * periods, sigma_of(periods)))
        })?;
        self.solve(d, q, &windows)
    }

    /// Plans one SKU from the distribution of its *total* demand over the risk period (the lead
    /// time L, or L + R under periodic review; see [`risk_period`](Self::risk_period)): its
    /// mean `ltd_mean` and standard deviation `ltd_sd`, treated as normal, and the mean demand
    /// per period `per_period_mean` (for the lot size and the fill rate). A forecasting
    /// model gives these with its correlated errors included (for ARIMA,
    /// `FittedArima::predict_total(n)` sums the psi weights), which the independent-errors
    /// forms understate by 2–24 % for integrated and autoregressive models. A lead-time
    /// standard deviation adds d²·sd_L² to the variance.
    ///
    /// Cycle service levels and every continuous-review target read the risk-period
    /// distribution alone. The periodic-review fill and ready rates also need demand over the
    /// lead time alone and the shorter windows of the review cycle; here those are taken in
    /// proportion to the risk period (mean and variance ∝ length, exact for independent
    /// demand). [`plan_cumulative_demand`](Self::plan_cumulative_demand) takes every window
    /// from the model instead.
    ///
    /// ```
    /// use inventory_eoq::{Costs, ReplenishmentParams, Review, ServiceTarget};
    /// // Daily review, lead time 4: the model's total over the next 5 days has mean 500 and
    /// // sd 95 (correlated errors; independent days of sd 30 would give 67).
    /// let params = ReplenishmentParams::new(Costs::default().order(45.0).holding(0.1))
    ///     .lead_time(4.0)
    ///     .service(ServiceTarget::cycle_service(0.95).review(Review::EVERY_PERIOD));
    /// let p = params.plan_lead_time_demand(100.0, 500.0, 95.0)?;
    /// assert!((p.safety_stock - 1.6448536269514722 * 95.0).abs() < 1e-9);
    /// # Ok::<(), inventory_eoq::InventoryError>(())
    /// ```
    pub fn plan_lead_time_demand(
        &self,
        per_period_mean: f64,
        ltd_mean: f64,
        ltd_sd: f64,
    ) -> Result<ReplenishmentPolicy> {
        self.check()?;
        let d = validate::positive("demand per period", per_period_mean)?;
        let mean = validate::positive("risk-period demand mean", ltd_mean)?;
        let sd = validate::non_negative("risk-period demand sd", ltd_sd)?;
        let n = self.risk_period();
        let d_sl = d * self.lead_time_sd;
        let sigma_of = |periods: f64| (sd * (periods / n).sqrt()).hypot(d_sl);
        validate::finite("risk-period demand sd", sigma_of(n))?;
        let q = self.lot_size(d)?;
        if sigma_of(n) == 0.0 {
            return self.certain(d, q, mean);
        }
        let windows = self.normal_windows(|periods| {
            Ok(NormalDemand::from_parts(
                mean * periods / n,
                sigma_of(periods),
            ))
        })?;
        self.solve(d, q, &windows)
    }

    /// Plans one SKU from the distribution of its total demand over every horizon up to the
    /// risk period: `cumulative[k]` is the (mean, sd) of demand summed over the next k + 1
    /// periods, as a forecasting model gives it (for ARIMA, `FittedArima::predict_total(k + 1)`
    /// for k + 1 = 1 ..= L + R), each treated as normal. Exact for every target, including the
    /// periodic-review fill and ready rates, which read demand over the lead time alone and over
    /// each period of the review cycle. Needs a whole number of periods as lead time and at
    /// least [`risk_period`](Self::risk_period) entries (later ones are ignored); a lead-time
    /// standard deviation adds d²·sd_L² to each variance.
    pub fn plan_cumulative_demand(
        &self,
        per_period_mean: f64,
        cumulative: &[(f64, f64)],
    ) -> Result<ReplenishmentPolicy> {
        self.check()?;
        self.whole_lead_time("planning from cumulative demand")?;
        let d = validate::positive("demand per period", per_period_mean)?;
        let n = self.risk_period() as usize;
        if cumulative.len() < n {
            return Err(InventoryError::LengthMismatch {
                what: "cumulative demand (one (mean, sd) per horizon up to the risk period)",
                expected: n,
                got: cumulative.len(),
            });
        }
        let d_sl = d * self.lead_time_sd;
        let at = |periods: f64| -> Result<NormalDemand> {
            let (m, s) = cumulative[periods as usize - 1];
            let m = validate::positive("cumulative demand mean", m)?;
            let s = validate::non_negative("cumulative demand sd", s)?;
            Ok(NormalDemand::from_parts(m, s.hypot(d_sl)))
        };
        let risk = at(n as f64)?;
        let q = self.lot_size(d)?;
        if risk.sd() == 0.0 {
            return self.certain(d, q, risk.mean());
        }
        let windows = self.normal_windows(|periods| {
            let w = at(periods)?;
            // A window with no spread inside a spread risk period: the normal loss functions need
            // σ > 0, and a spread 1e-300 of the mean is no spread in double precision.
            Ok(NormalDemand::from_parts(
                w.mean(),
                w.sd().max(w.mean() * 1e-300).max(f64::MIN_POSITIVE),
            ))
        })?;
        self.solve(d, q, &windows)
    }

    /// Plans one SKU straight from its sales history (one value per period, zeros included):
    /// demand over each window is the empirical distribution of every run of that many
    /// consecutive periods, so intermittent and skewed demand need no normal approximation.
    /// Needs a whole number of periods as lead time and no lead-time variability; under
    /// periodic review every R > 1 periods the R windows of a review cycle are held, at most
    /// [`MAX_HISTORY_WINDOW_VALUES`](crate::limits::MAX_HISTORY_WINDOW_VALUES) values in all.
    /// NaN marks a missing period: it is left out of the mean, and the windows that contain
    /// it are left out of the window distributions ([`DiscreteDemand::rolling_sums`]).
    pub fn plan_history(&self, history: &[f64]) -> Result<ReplenishmentPolicy> {
        self.check()?;
        self.whole_lead_time("planning from history")?;
        if self.lead_time_sd != 0.0 {
            return Err(InventoryError::InvalidParameter {
                name: "lead time sd",
                reason: "planning from history needs lead_time_sd = 0".into(),
            });
        }
        let rp = self.review_period();
        if rp > 1 {
            validate::at_most(
                "history values held for the review cycle (review period × history length)",
                rp as f64 * history.len() as f64,
                MAX_HISTORY_WINDOW_VALUES as f64,
                "plan from the mean and sd (plan_iid), or review more often",
            )?;
        }
        // Missing periods (NaN) are left out of every distribution, never counted as zero.
        let observed: Vec<f64> = history.iter().copied().filter(|v| !v.is_nan()).collect();
        let d = DiscreteDemand::empirical(&observed)?.mean();
        let q = self.lot_size(d)?;
        let l = self.lead_time as usize;
        let window = |n: usize| DiscreteDemand::rolling_sums(history, n);
        let windows = Windows {
            risk: window(l + rp)?,
            lead: if rp > 0 && l > 0 {
                Some(window(l)?)
            } else {
                None
            },
            inner: (1..rp).map(|j| window(l + j)).collect::<Result<_>>()?,
            review_period: rp,
        };
        self.solve(d, q, &windows)
    }

    /// Plans one SKU from a forecast's point forecasts and first prediction interval, treating
    /// the forecast errors of successive steps as **independent**: per-period mean is the
    /// average point forecast over the risk period, per-period sd the root-mean-square of the
    /// sds implied by the interval (half-width / z of its level) over the same steps, and then
    /// [`plan_iid`](Self::plan_iid). Negative point forecasts count as zero.
    ///
    /// A model's step errors are correlated, so this understates the safety stock (by 2–24 %
    /// for integrated and autoregressive models); use
    /// [`plan_lead_time_demand`](Self::plan_lead_time_demand) with the model's total over the
    /// risk period when you have the model.
    pub fn plan_forecast_independent_errors(
        &self,
        forecast: &Forecast,
    ) -> Result<ReplenishmentPolicy> {
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
        let steps = (self.risk_period().ceil() as usize).clamp(1, h);
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
        self.plan_iid(mean / n, (var / n).sqrt())
    }

    /// Plans many SKUs in parallel from (mean, sd) pairs per period with
    /// [`plan_iid`](Self::plan_iid); results are in input order and each SKU fails on its own.
    pub fn plan_iid_batch(&self, demand: &[(f64, f64)]) -> Vec<Result<ReplenishmentPolicy>> {
        demand
            .par_iter()
            .map(|&(m, s)| self.plan_iid(m, s))
            .collect()
    }

    fn whole_lead_time(&self, what: &str) -> Result<()> {
        if self.lead_time.fract() == 0.0 {
            Ok(())
        } else {
            Err(InventoryError::InvalidParameter {
                name: "lead time",
                reason: format!(
                    "{what} needs a whole number of periods, got {}",
                    self.lead_time
                ),
            })
        }
    }

    /// Certain demand and lead time: cover the risk period exactly, never run short.
    fn certain(&self, d: f64, q: f64, risk_mean: f64) -> Result<ReplenishmentPolicy> {
        self.checked(self.describe(d, q, risk_mean, risk_mean, 0.0, Measures::certain(q)))
    }

    fn solve<D: DemandDistribution>(
        &self,
        d: f64,
        q: f64,
        windows: &Windows<D>,
    ) -> Result<ReplenishmentPolicy> {
        let r = windows.reorder_point(self.service, d, q)?;
        let m = windows.measures(d, r, q);
        self.checked(self.describe(d, q, r, windows.risk.mean(), windows.risk.sd(), m))
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
        let cost = self.costs.order_cost() * orders
            + self.costs.holding_cost() * m.on_hand
            + self.costs.stockout_cost() * m.shortage_per_cycle * orders;
        ReplenishmentPolicy {
            order_quantity: q,
            reorder_point: r,
            safety_stock: r - mu,
            safety_factor: if sigma > 0.0 { (r - mu) / sigma } else { 0.0 },
            lead_time_demand_mean: mu,
            lead_time_demand_sd: sigma,
            cycle_service_level: m.cycle_service,
            fill_rate: m.fill_rate,
            ready_rate: m.ready_rate,
            expected_shortage_per_cycle: m.shortage_per_cycle,
            demand_per_period: d,
            orders_per_period: orders,
            average_on_hand: m.on_hand,
            expected_cost: cost,
            service: self.service,
            lead_time: self.lead_time,
            lead_time_sd: self.lead_time_sd,
            costs: self.costs,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ecom_core::ForecastInterval;

    fn costs() -> Costs {
        Costs::default().order(20.0).holding(0.1)
    }

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
        let params = ReplenishmentParams::new(costs()).lead_time(3.0);
        let got = params.plan_forecast_independent_errors(&forecast).unwrap();
        let want = params.plan_iid(22.0 / 3.0, (50.0f64 / 3.0).sqrt()).unwrap();
        assert!((got.reorder_point - want.reorder_point).abs() < 1e-9);
        assert!((got.order_quantity - want.order_quantity).abs() < 1e-9);
        let no_interval = Forecast {
            mean: vec![1.0],
            intervals: vec![],
            ..Forecast::default()
        };
        assert!(
            params
                .plan_forecast_independent_errors(&no_interval)
                .is_err()
        );
    }

    #[test]
    fn batch_keeps_order_and_isolates_errors() {
        let params = ReplenishmentParams::new(costs());
        let out = params.plan_iid_batch(&[(10.0, 2.0), (0.0, 1.0), (5.0, 0.0)]);
        assert!(out[0].is_ok() && out[1].is_err() && out[2].is_ok());
        let certain = out[2].as_ref().unwrap();
        assert_eq!(certain.safety_stock, 0.0);
        assert_eq!(certain.fill_rate, 1.0);
    }

    #[test]
    fn the_three_normal_entries_agree_on_independent_demand() {
        // With i.i.d. N(40, 12²) days, every window's total is N(40n, 144n): the per-period,
        // the risk-total and the cumulative entries must give the same plan for every target.
        let cumulative: Vec<(f64, f64)> = (1..=9)
            .map(|n| (40.0 * n as f64, 12.0 * (n as f64).sqrt()))
            .collect();
        for review in [
            Review::Continuous,
            Review::EVERY_PERIOD,
            Review::Periodic { period: 3 },
        ] {
            for target in [
                ServiceTarget::cycle_service(0.95),
                ServiceTarget::fill_rate(0.98),
                ServiceTarget::ready_rate(0.9),
            ] {
                let params = ReplenishmentParams::new(costs())
                    .lead_time(5.0)
                    .service(target.review(review));
                let n = params.risk_period();
                let a = params.plan_iid(40.0, 12.0).unwrap();
                let b = params
                    .plan_lead_time_demand(40.0, 40.0 * n, 12.0 * n.sqrt())
                    .unwrap();
                let c = params.plan_cumulative_demand(40.0, &cumulative).unwrap();
                for p in [&b, &c] {
                    assert!(
                        (p.reorder_point - a.reorder_point).abs() < 1e-8 * a.reorder_point,
                        "{review:?} {target:?}: {} vs {}",
                        p.reorder_point,
                        a.reorder_point
                    );
                    assert!((p.fill_rate - a.fill_rate).abs() < 1e-12);
                    assert!((p.ready_rate - a.ready_rate).abs() < 1e-12);
                }
            }
        }
        let params = ReplenishmentParams::new(costs()).lead_time(5.0);
        assert!(matches!(
            params.plan_cumulative_demand(40.0, &cumulative[..4]),
            Err(InventoryError::LengthMismatch {
                expected: 5,
                got: 4,
                ..
            })
        ));
        assert!(
            params
                .lead_time(2.5)
                .plan_cumulative_demand(40.0, &cumulative)
                .is_err()
        );
    }

    #[test]
    fn history_windows_are_bounded_before_any_work() {
        let history = vec![5.0; 1_000];
        let weekly = ReplenishmentParams::new(costs())
            .lead_time(2.0)
            .service(ServiceTarget::fill_rate(0.9).review(Review::Periodic { period: 7 }));
        let plan = weekly.plan_history(&history).unwrap();
        assert!((plan.lead_time_demand_mean - 45.0).abs() < 1e-9);
        let rare = weekly
            .service(ServiceTarget::fill_rate(0.9).review(Review::Periodic { period: 2_000 }));
        assert!(matches!(
            rare.plan_history(&history),
            Err(InventoryError::LimitExceeded { .. })
        ));
    }

    #[test]
    fn stored_params_and_policies_are_checked() {
        let params = ReplenishmentParams::new(costs().stockout(2.0))
            .lead_time(4.0)
            .service(ServiceTarget::fill_rate(0.97).review(Review::EVERY_PERIOD));
        let json = serde_json::to_string(&params).unwrap();
        assert_eq!(
            serde_json::from_str::<ReplenishmentParams>(&json).unwrap(),
            params
        );
        let bad = json.replace("\"lead_time\":4.0", "\"lead_time\":-4.0");
        assert_ne!(bad, json);
        assert!(serde_json::from_str::<ReplenishmentParams>(&bad).is_err());

        let policy = params.plan_iid(30.0, 9.0).unwrap();
        let json = serde_json::to_string(&policy).unwrap();
        let back: ReplenishmentPolicy = serde_json::from_str(&json).unwrap();
        assert_eq!(back, policy);
        assert_eq!(back.policy(), policy.policy());
        let bad = json.replace(
            &format!("\"fill_rate\":{}", policy.fill_rate),
            "\"fill_rate\":1.5",
        );
        assert_ne!(bad, json);
        assert!(serde_json::from_str::<ReplenishmentPolicy>(&bad).is_err());
        let truncated = &json[..json.len() / 2];
        assert!(serde_json::from_str::<ReplenishmentPolicy>(truncated).is_err());
    }
}
