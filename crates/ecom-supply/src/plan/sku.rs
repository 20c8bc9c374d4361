//! One SKU: forecast, replenishment policy, and an out-of-sample check of both.

use ecom_core::TradingCalendar;
use ecom_core::{Forecast, Frequency, NaiveDate, TimeSeries};
use forecast_arima::{
    ArimaError, AutoArima, FittedArima, FittedModel, FittedOnTradingDays, Forecaster, Metrics,
    OnTradingDays, score,
};
use inventory_eoq::{ReplenishmentParams, ReplenishmentPolicy, ServiceTarget};
use serde::{Deserialize, Serialize};

use super::config::PlanConfig;
use super::error::{PlanError, Result};
use super::model_summary::ModelSummary;

/// Where a SKU's demand distribution over the lead time came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PlanMethod {
    /// The automatic ARIMA forecast: mean and standard error of total demand over the lead
    /// time plus one review period (correlated step errors included).
    Forecast,
    /// The empirical distribution of past demand over windows of that length, used when no
    /// usable forecast model could be fitted.
    History {
        /// Why the forecast was not used.
        reason: String,
    },
}

/// How the plan would have done on the most recent periods, had it been made without them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HoldoutCheck {
    /// Periods held out.
    pub periods: usize,
    /// Accuracy of the forecast made before the holdout against what sold.
    pub forecast: Metrics,
    /// Mean of forecast minus actual per period (positive: over-forecast).
    pub forecast_bias: f64,
    /// Times the plan was made over the holdout: at its start, then every
    /// [`replan_every`](super::PlanConfig::replan_every) periods from the sales seen so far.
    pub plans: usize,
    /// Cycle service the policies promised (mean over the plans): P(no stockout in a
    /// replenishment cycle).
    pub promised_service: f64,
    /// Fill rate the policies promised (mean over the plans).
    pub promised_fill_rate: f64,
    /// Share of replenishment cycles without a stockout when the policy was run on the actual
    /// sales (starting with the reorder point plus one lot in stock); `None` when no order
    /// arrived during the holdout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub achieved_service: Option<f64>,
    /// Share of held-out periods that ended without backorders.
    pub in_stock_rate: f64,
    /// Share of held-out demand met from stock.
    pub achieved_fill_rate: f64,
    /// Orders the policy placed over the holdout.
    pub orders: usize,
    /// Average units on hand per period.
    pub average_on_hand: f64,
    /// Stock held against the risk period relative to the demand that came: the mean reorder
    /// point over the plans divided by the actual mean demand per period times the risk
    /// periods (lead time plus review); `None` when nothing sold in the holdout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stock_to_demand: Option<f64>,
}

/// The plan for one SKU.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkuPlan {
    /// SKU id.
    pub id: String,
    /// How lead-time demand was estimated.
    pub method: PlanMethod,
    /// Periods of the history whose sales are missing (empty or `NA` in the file): skipped by
    /// the model's likelihood and left out of demand from history, never counted as zero.
    #[serde(default)]
    pub missing_periods: usize,
    /// The forecasting model, when one was fitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<ModelSummary>,
    /// Date of the first forecast period, when the sales have dates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forecast_start: Option<NaiveDate>,
    /// Forecast for the configured horizon; sales cannot be negative, so means and interval
    /// bounds are clipped at zero.
    pub forecast: Forecast,
    /// Mean demand per period over the risk window (lead time plus one review period).
    pub demand_per_period: f64,
    /// Order quantity, reorder point, safety stock, expected cost and the service they buy.
    pub policy: ReplenishmentPolicy,
    /// The out-of-sample check, when the history is long enough.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holdout: Option<HoldoutCheck>,
    /// What a reader of the numbers should know, e.g. why the safety stock is negative.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// Series shorter than this are not forecast (two weekly cycles of daily data, or enough
/// yearly points for a trend).
fn min_history(period: usize) -> usize {
    (2 * period).max(10)
}

pub(crate) struct SkuPlanner<'a> {
    pub(crate) config: &'a PlanConfig,
    pub(crate) auto: &'a AutoArima,
    pub(crate) calendar: &'a TradingCalendar,
    pub(crate) frequency: Frequency,
}

/// A forecast-or-history estimate of demand over the risk window and the policy it implies.
struct Estimate {
    method: PlanMethod,
    fit: Option<FittedOnTradingDays<FittedArima>>,
    demand_per_period: f64,
    policy: ReplenishmentPolicy,
}

impl SkuPlanner<'_> {
    fn params(&self) -> Result<ReplenishmentParams> {
        // Sales are reviewed once per period by default, so the service target's review mode
        // makes the reorder point cover the lead time plus one review period.
        Ok(
            ReplenishmentParams::new(self.config.costs_for(self.frequency)?)
                .lead_time(self.config.lead_time as f64)
                .service(self.config.service),
        )
    }

    fn risk_periods(&self) -> usize {
        self.config.risk_periods()
    }

    /// How many periods after the last sale each cumulative-demand window of a fill- or
    /// ready-rate plan sums over: the lead time's periods 1..=L as they come, then the R
    /// periods of the review cycle counted in **trading** days. A review period on a closed
    /// day sees no demand, so no reorder point could change its fill rate (on the shop's
    /// data, a 7-day lead time from a Friday put the one-day review on a closed Saturday and
    /// every SKU's fill-rate plan failed); a shop reviews the days it trades.
    fn window_ends(&self, series: &TimeSeries) -> Vec<usize> {
        let lead = self.config.lead_time;
        let n = self.risk_periods();
        let next = series
            .end()
            .filter(|_| self.frequency == Frequency::Daily && !self.calendar.is_always_open())
            .and_then(|d| d.succ_opt());
        let Some(first) = next else {
            return (1..=n).collect();
        };
        let mut ends: Vec<usize> = (1..=lead).collect();
        // A calendar always has an open weekday, so the search ends within weeks, far inside
        // the horizon limit.
        let after_lead = first.iter_days().enumerate().skip(lead);
        for (i, day) in after_lead.take(forecast_arima::MAX_HORIZON - lead) {
            if ends.len() >= n {
                break;
            }
            if self.calendar.is_open(day) {
                ends.push(i + 1);
            }
        }
        ends
    }

    /// Forecast-based estimate, falling back to the sales history when no model fits or the
    /// forecast sees no demand. A history the forecaster refused as data (not finite, too
    /// large, invalid) is not planned from either: the SKU fails.
    ///
    /// The policy takes the distribution of total demand over the risk period from the model
    /// (`predict_total`: its errors are correlated across steps, which summing per-step
    /// variances would ignore).
    fn estimate(&self, series: &TimeSeries) -> Result<Estimate> {
        let params = self.params()?;
        // Fitted on trading days: closed days are not zero demand, and count zero in the sums.
        let model = OnTradingDays::new(*self.auto, self.calendar.clone());
        let reason = match model.fit_series(series) {
            Err(
                e @ (ArimaError::Empty
                | ArimaError::NonFinite { .. }
                | ArimaError::InvalidParameter { .. }
                | ArimaError::Core(_)),
            ) => return Err(e.into()),
            Ok(fit) => {
                let n = self.risk_periods();
                let (total, se) = fit.predict_sum(n)?;
                if total > 0.0 && se.is_finite() {
                    let d = total / n as f64;
                    let policy = match self.config.service {
                        // Cycle service reads only the risk-period total.
                        ServiceTarget::CycleService { .. } => {
                            params.plan_lead_time_demand(d, total, se)?
                        }
                        // Fill and ready rates under periodic review also read the shorter
                        // windows: take each from the model.
                        _ => {
                            let cumulative = self
                                .window_ends(series)
                                .into_iter()
                                .map(|k| fit.predict_sum(k))
                                .collect::<forecast_arima::Result<Vec<_>>>()?;
                            params.plan_cumulative_demand(d, &cumulative)?
                        }
                    };
                    return Ok(Estimate {
                        method: PlanMethod::Forecast,
                        fit: Some(fit),
                        demand_per_period: d,
                        policy,
                    });
                }
                format!("the forecast of demand over the lead time is {total:.3}, not positive")
            }
            Err(e) => format!("no forecast model: {e}"),
        };
        let policy = params.plan_history(series.values())?;
        Ok(Estimate {
            method: PlanMethod::History { reason },
            fit: None,
            demand_per_period: policy.demand_per_period,
            policy,
        })
    }

    pub(crate) fn plan(&self, id: &str, series: &TimeSeries) -> Result<SkuPlan> {
        let y = series.values();
        let period = series.period().unwrap_or(1);
        if y.len() < min_history(period) {
            return Err(PlanError::NotEnoughData {
                id: id.to_owned(),
                needed: min_history(period),
                got: y.len(),
            });
        }
        // `!(v > 0)`: a missing (NaN) period is no evidence of demand either.
        if y.iter().all(|&v| v.is_nan() || v <= 0.0) {
            return Err(PlanError::NoDemand { id: id.to_owned() });
        }
        let est = self.estimate(series)?;
        let horizon = self.config.horizon_for(self.frequency);
        let forecast = match &est.fit {
            Some(fit) => fit.forecast(horizon, &self.config.levels)?.clip_min(0.0),
            None => {
                let flat = flat_forecast(est.demand_per_period, horizon);
                match series.date_at(y.len()) {
                    Some(start) => flat.with_start(start, self.frequency),
                    None => flat,
                }
            }
        };
        let notes = notes(&est.policy);
        Ok(SkuPlan {
            id: id.to_owned(),
            method: est.method,
            missing_periods: series.missing_count(),
            model: est.fit.as_ref().map(|f| ModelSummary::from(f.model())),
            forecast_start: series.date_at(y.len()),
            forecast,
            demand_per_period: est.demand_per_period,
            policy: est.policy,
            holdout: self.holdout(series)?,
            notes,
        })
    }

    /// Re-plans without the last periods and runs that plan on what actually sold.
    fn holdout(&self, series: &TimeSeries) -> Result<Option<HoldoutCheck>> {
        let y = series.values();
        let h = self.config.holdout_for(self.frequency);
        let period = series.period().unwrap_or(1);
        let needed = min_history(period).max(self.risk_periods().saturating_mul(4));
        if h == 0 || y.len() < h.saturating_add(needed) {
            return Ok(None);
        }
        let (train_y, test) = y.split_at(y.len() - h);
        let train = series.slice(0..train_y.len())?;
        // The simulation needs the demand of every holdout period; with one unknown there is
        // no honest fill rate to report.
        if train_y.iter().all(|&v| v.is_nan() || v <= 0.0) || test.iter().any(|v| v.is_nan()) {
            return Ok(None);
        }
        let est = self.estimate(&train)?;
        let predicted: Vec<f64> = match &est.fit {
            Some(fit) => fit.forecast(h, &[])?.clip_min(0.0).mean,
            None => vec![est.demand_per_period; h],
        };
        let metrics = score(test, &predicted, train_y, period)?;
        let bias = predicted.iter().zip(test).map(|(f, a)| f - a).sum::<f64>() / h as f64;
        // The plan re-made from the sales seen so far, as a shop would.
        let every = self.config.replan_every;
        let mut plans = vec![(0, est.policy)];
        if every > 0 {
            for start in (every..h).step_by(every) {
                let seen = series.slice(0..train_y.len() + start)?;
                plans.push((start, self.estimate(&seen)?.policy));
            }
        }
        let schedule: Vec<(usize, &ReplenishmentPolicy)> =
            plans.iter().map(|(t, p)| (*t, p)).collect();
        // Each policy knows the lead time, review and costs it was planned with.
        let report = ReplenishmentPolicy::simulate_replanned(&schedule, test)?;
        let n_plans = plans.len() as f64;
        let mean_of = |f: fn(&ReplenishmentPolicy) -> f64| {
            plans.iter().map(|(_, p)| f(p)).sum::<f64>() / n_plans
        };
        let actual_per_period = test.iter().sum::<f64>() / h as f64;
        let risk_demand = actual_per_period * self.risk_periods() as f64;
        let stock_to_demand = (risk_demand > 0.0)
            .then(|| mean_of(|p| p.reorder_point) / risk_demand)
            .filter(|r| r.is_finite());
        Ok(Some(HoldoutCheck {
            periods: h,
            forecast: metrics,
            forecast_bias: bias,
            plans: plans.len(),
            promised_service: mean_of(|p| p.cycle_service_level),
            promised_fill_rate: mean_of(|p| p.fill_rate),
            achieved_service: report.cycle_service_level,
            in_stock_rate: report.in_stock_rate,
            achieved_fill_rate: report.fill_rate,
            orders: report.orders,
            average_on_hand: report.average_on_hand,
            stock_to_demand,
        }))
    }
}

/// Explanations of numbers that look wrong but are not.
fn notes(p: &ReplenishmentPolicy) -> Vec<String> {
    let mut notes = Vec::new();
    if p.safety_stock < 0.0 {
        notes.push(format!(
            "safety stock is negative ({:.1}): each order of {:.1} units already covers the service target, so the reorder point {:.1} sits below the mean demand over the lead time ({:.1})",
            p.safety_stock, p.order_quantity, p.reorder_point, p.lead_time_demand_mean
        ));
    }
    notes
}

/// A level forecast without intervals, for SKUs planned from their history.
fn flat_forecast(level: f64, horizon: usize) -> Forecast {
    Forecast {
        mean: vec![level; horizon],
        intervals: Vec::new(),
        ..Forecast::default()
    }
}
