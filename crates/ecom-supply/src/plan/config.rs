//! Settings of the planning pipeline.

use ecom_core::Frequency;
use serde::{Deserialize, Serialize};

use ecom_core::TradingCalendar;
use inventory_eoq::{Costs, Review, ServiceTarget};

use super::error::{Result, invalid};

/// How the holding cost is stated: per unit per period of the sales data, or per unit per year
/// (converted explicitly with the data's frequency when the plan runs).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HoldingCost {
    /// Per unit per period of the sales data (per day for daily sales).
    PerPeriod(f64),
    /// Per unit per year; divided by the periods in a year of the data's frequency.
    PerYear(f64),
}

impl HoldingCost {
    /// The cost per unit per period of data at frequency `f`.
    pub fn per_period(self, f: Frequency) -> f64 {
        match self {
            HoldingCost::PerPeriod(h) => h,
            HoldingCost::PerYear(h) => h / periods_per_year(f),
        }
    }

    fn value(self) -> f64 {
        match self {
            HoldingCost::PerPeriod(h) | HoldingCost::PerYear(h) => h,
        }
    }
}

/// Which days the shop trades on.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CalendarChoice {
    /// Detected from the sales ([`TradingCalendar::detect`]): weekdays on which no SKU ever
    /// sold, and (with 10 or more SKUs) dates on which none sold, are closed (the default).
    #[default]
    Detect,
    /// This calendar.
    Given(TradingCalendar),
}

/// How many warehouse sites to place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum SiteCount {
    /// Exactly this many.
    Fixed(usize),
    /// The k in this range with the lowest fixed plus transport cost.
    ByCost {
        /// Smallest k tried.
        min: usize,
        /// Largest k tried.
        max: usize,
        /// Fixed cost per site (per year).
        site_cost: f64,
        /// Transport cost per unit of demand per km.
        transport_cost: f64,
    },
    /// The elbow of the demand-weighted distance curve over this range.
    Elbow {
        /// Smallest k tried.
        min: usize,
        /// Largest k tried.
        max: usize,
    },
}

/// Settings of the warehouse step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WarehouseConfig {
    /// How many sites (default: the elbow over 1..=6).
    pub sites: SiteCount,
    /// Radius for the "share of demand within" figure, km (default 500).
    pub radius_km: f64,
    /// k-means restarts (default 10).
    pub n_init: usize,
    /// Seed of the restarts (default 0).
    pub seed: u64,
}

impl Default for WarehouseConfig {
    fn default() -> Self {
        Self {
            sites: SiteCount::Elbow { min: 1, max: 6 },
            radius_km: 500.0,
            n_init: 10,
            seed: 0,
        }
    }
}

/// Settings of [`Planner`](super::Planner). Times are in periods of the sales data (days for
/// daily sales); the holding cost is per unit per year and is converted with the data's
/// frequency.
///
/// The service target is the inventory crate's [`ServiceTarget`], review mode included: sales
/// data are reviewed once per period by default ([`Review::EVERY_PERIOD`]), so the reorder
/// point covers the lead time plus one period.
///
/// ```
/// use ecom_supply::plan::{PlanConfig, Review, ServiceTarget};
/// let config = PlanConfig::default()
///     .service(ServiceTarget::cycle_service(0.98).review(Review::EVERY_PERIOD))
///     .lead_time(5)
///     .order_cost(40.0);
/// assert_eq!(config.lead_time, 5);
/// assert!(config.validate().is_ok());
/// assert!(PlanConfig::default().service(ServiceTarget::fill_rate(1.0)).validate().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanConfig {
    /// Service target, review mode included (default: 95 % cycle service, reviewed every
    /// period).
    pub service: ServiceTarget,
    /// Replenishment lead time in periods (default 7).
    pub lead_time: usize,
    /// Fixed cost per order (default 50).
    pub order_cost: f64,
    /// Holding cost per unit (default 1 per year).
    pub holding_cost: HoldingCost,
    /// Forecast horizon in periods reported and plotted (default: four seasonal cycles for daily
    /// data, a year otherwise; see [`PlanConfig::horizon_for`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub horizon: Option<usize>,
    /// Prediction interval levels in percent (default 80 and 95).
    pub levels: Vec<f64>,
    /// Periods held back to check each plan out of sample (default: a quarter of a year of
    /// periods, at least 4 lead times; 0 disables the check).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holdout: Option<usize>,
    /// How often the holdout check re-makes the plan from the sales seen so far, in periods
    /// (default 0: the plan made at the start of the holdout runs unchanged to its end). A
    /// shop re-plans as sales come in; 7 re-plans weekly on daily data, at the cost of one
    /// more plan per week of holdout.
    #[serde(default)]
    pub replan_every: usize,
    /// Warehouse placement, when locations are given.
    pub warehouses: WarehouseConfig,
    /// The trading calendar (default: detected from the sales). Closed days are left out of
    /// the fits, forecast as 0 and count zero demand over the lead time.
    #[serde(default)]
    pub calendar: CalendarChoice,
}

impl Default for PlanConfig {
    fn default() -> Self {
        Self {
            service: ServiceTarget::cycle_service(0.95).review(Review::EVERY_PERIOD),
            lead_time: 7,
            order_cost: 50.0,
            holding_cost: HoldingCost::PerYear(1.0),
            horizon: None,
            levels: vec![80.0, 95.0],
            holdout: None,
            replan_every: 0,
            warehouses: WarehouseConfig::default(),
            calendar: CalendarChoice::Detect,
        }
    }
}

/// Periods in a year at `f`.
pub(crate) fn periods_per_year(f: Frequency) -> f64 {
    match f {
        Frequency::Daily => 365.0,
        Frequency::Weekly => 365.25 / 7.0,
        Frequency::Monthly => 12.0,
        Frequency::Quarterly => 4.0,
        Frequency::Yearly => 1.0,
    }
}

impl PlanConfig {
    /// Sets the service target.
    pub fn service(mut self, s: ServiceTarget) -> Self {
        self.service = s;
        self
    }

    /// Sets the lead time in periods.
    pub fn lead_time(mut self, periods: usize) -> Self {
        self.lead_time = periods;
        self
    }

    /// Sets the cost per order.
    pub fn order_cost(mut self, k: f64) -> Self {
        self.order_cost = k;
        self
    }

    /// Sets the holding cost per unit per year.
    pub fn holding_cost_per_year(mut self, h: f64) -> Self {
        self.holding_cost = HoldingCost::PerYear(h);
        self
    }

    /// Sets the holding cost per unit per period of the sales data.
    pub fn holding_cost_per_period(mut self, h: f64) -> Self {
        self.holding_cost = HoldingCost::PerPeriod(h);
        self
    }

    /// The inventory costs for data of frequency `f`, every figure per period of the data.
    ///
    /// # Errors
    /// A cost that is not positive and finite.
    pub fn costs_for(&self, f: Frequency) -> Result<Costs> {
        let costs = Costs::default()
            .order(self.order_cost)
            .holding(self.holding_cost.per_period(f));
        costs.validate()?;
        Ok(costs)
    }

    /// Sets the forecast horizon in periods.
    pub fn horizon(mut self, h: usize) -> Self {
        self.horizon = Some(h);
        self
    }

    /// Sets the prediction interval levels (percent).
    pub fn levels(mut self, levels: Vec<f64>) -> Self {
        self.levels = levels;
        self
    }

    /// Sets the out-of-sample check length in periods (0 disables it).
    pub fn holdout(mut self, periods: usize) -> Self {
        self.holdout = Some(periods);
        self
    }

    /// Sets how often the holdout check re-makes the plan (periods; 0: never).
    pub fn replan_every(mut self, periods: usize) -> Self {
        self.replan_every = periods;
        self
    }

    /// Sets the trading calendar.
    pub fn calendar(mut self, c: CalendarChoice) -> Self {
        self.calendar = c;
        self
    }

    /// Sets the warehouse step.
    pub fn warehouses(mut self, w: WarehouseConfig) -> Self {
        self.warehouses = w;
        self
    }

    /// Periods of demand the reorder point must cover: the lead time plus the review period
    /// (the lead time alone under continuous review).
    pub fn risk_periods(&self) -> usize {
        self.lead_time
            .saturating_add(self.service.review_mode().period())
    }

    /// The forecast horizon used for data of frequency `f`.
    pub fn horizon_for(&self, f: Frequency) -> usize {
        self.horizon.unwrap_or(match f {
            Frequency::Daily => 28,
            Frequency::Weekly => 13,
            Frequency::Monthly => 12,
            Frequency::Quarterly => 8,
            Frequency::Yearly => 5,
        })
    }

    /// The holdout length used for data of frequency `f`.
    pub fn holdout_for(&self, f: Frequency) -> usize {
        self.holdout.unwrap_or_else(|| {
            let quarter = (periods_per_year(f) / 4.0).round() as usize;
            quarter.max(4 * self.risk_periods())
        })
    }

    /// Checks every setting.
    ///
    /// # Errors
    /// [`PlanError::InvalidParameter`](super::PlanError::InvalidParameter) naming the setting.
    pub fn validate(&self) -> Result<()> {
        self.service
            .validate()
            .map_err(|e| invalid("service target", e.to_string()))?;
        if !(self.order_cost.is_finite() && self.order_cost > 0.0) {
            return Err(invalid(
                "order cost",
                format!("{} must be positive", self.order_cost),
            ));
        }
        let h = self.holding_cost.value();
        if !(h.is_finite() && h > 0.0) {
            return Err(invalid("holding cost", format!("{h} must be positive")));
        }
        if self.horizon == Some(0) {
            return Err(invalid("horizon", "must be at least 1 period"));
        }
        if let Some(h) = self.horizon.filter(|&h| h > forecast_arima::MAX_HORIZON) {
            return Err(invalid(
                "horizon",
                format!(
                    "{h} periods is beyond the forecasting limit of {}",
                    forecast_arima::MAX_HORIZON
                ),
            ));
        }
        // The risk period (lead time + one review) is summed over the forecast, so it is bound
        // by both the inventory limit and the forecast horizon limit.
        let review = self.service.review_mode().period();
        let max_lead = inventory_eoq::limits::MAX_LEAD_TIME_PERIODS
            .min(forecast_arima::MAX_HORIZON.saturating_sub(review));
        if self.lead_time > max_lead {
            return Err(invalid(
                "lead time",
                format!(
                    "{} periods is beyond the limit of {max_lead} periods",
                    self.lead_time
                ),
            ));
        }
        if let Some(h) = self.holdout.filter(|&h| h > ecom_core::MAX_SERIES_PERIODS) {
            return Err(invalid(
                "holdout",
                format!(
                    "{h} periods is longer than any loadable series ({} periods)",
                    ecom_core::MAX_SERIES_PERIODS
                ),
            ));
        }
        if let Some(l) = self.levels.iter().find(|l| !(**l > 0.0 && **l < 100.0)) {
            return Err(invalid("levels", format!("{l} is outside (0, 100)")));
        }
        let w = &self.warehouses;
        let range_ok = |min: usize, max: usize| min >= 1 && min <= max;
        match &w.sites {
            SiteCount::Fixed(0) => return Err(invalid("sites", "k must be at least 1")),
            SiteCount::ByCost { min, max, .. } | SiteCount::Elbow { min, max }
                if !range_ok(*min, *max) =>
            {
                return Err(invalid(
                    "sites",
                    format!("range {min}..={max} is empty or starts at 0"),
                ));
            }
            _ => {}
        }
        if !(w.radius_km.is_finite() && w.radius_km > 0.0) {
            return Err(invalid(
                "radius",
                format!("{} km must be positive", w.radius_km),
            ));
        }
        if w.n_init == 0 {
            return Err(invalid("n_init", "need at least one restart"));
        }
        Ok(())
    }
}
