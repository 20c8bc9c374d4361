//! The end-to-end supply plan: per SKU an automatic forecast, the safety stock, reorder point
//! and order quantity for a service target, an out-of-sample check of both; with customer
//! locations, warehouse sites weighted by demand and the stock each would hold.
//!
//! ```
//! use ecom_supply::plan::{PlanConfig, Planner, Review, ServiceTarget};
//! use ecom_supply::{Frequency, NaiveDate, SalesSchema};
//!
//! // Daily sales of two SKUs over eight weeks (a weekday pattern, no sales on Sundays).
//! let mut csv = String::from("date,sku,quantity\n");
//! let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
//! for day in 0..56u32 {
//!     let date = Frequency::Daily.advance(start, day).unwrap();
//!     let weekday = day % 7;
//!     let a = if weekday == 6 { 0 } else { 20 + 3 * weekday + day % 4 };
//!     let b = if weekday == 6 { 0 } else { 5 + day % 3 };
//!     csv.push_str(&format!("{date},A,{a}\n{date},B,{b}\n"));
//! }
//! let sales = SalesSchema::default().id_column("sku").read(csv.as_bytes(), "sales.csv")?;
//! let config = PlanConfig::default().service(ServiceTarget::cycle_service(0.95).review(Review::EVERY_PERIOD)).lead_time(3).holdout(0);
//! let plan = Planner::new(config)?.plan(&sales, None)?;
//! assert_eq!(plan.skus.len(), 2);
//! let a = &plan.skus[0];
//! assert!(a.policy.reorder_point > a.policy.lead_time_demand_mean); // safety stock on top
//! assert!((a.policy.cycle_service_level - 0.95).abs() < 1e-6);
//! assert!(a.forecast.mean.iter().all(|m| *m >= 0.0));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod config;
mod error;
mod model_summary;
mod sites;
mod sku;

use ecom_core::{Frequency, Locations, SalesHistory, TradingCalendar};
use forecast_arima::AutoArima;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

pub use config::{CalendarChoice, HoldingCost, PlanConfig, SiteCount, WarehouseConfig};
pub use error::{PlanError, Result};
/// The service vocabulary is the inventory crate's, review mode included.
pub use inventory_eoq::{Costs, Review, ServiceTarget};
pub use model_summary::ModelSummary;
pub use sites::{SiteCountScore, SiteStock, WarehousePlan};
pub use sku::{HoldoutCheck, PlanMethod, SkuPlan};

/// Why a SKU could not be planned: the kind a program can branch on; the message says it in
/// words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum SkuFailureKind {
    /// The loader left the SKU out (`BadSeriesPolicy::Skip`) because of a bad row.
    SkippedAtLoad {
        /// 1-based line of its first bad row.
        line: u64,
        /// Column of the bad field.
        column: String,
    },
    /// The history is too short to forecast and plan.
    NotEnoughData {
        /// Periods needed.
        needed: usize,
        /// Periods available.
        got: usize,
    },
    /// Nothing was sold over the whole history.
    NoDemand,
    /// The forecaster refused the data or failed.
    Forecast,
    /// The inventory model refused its inputs.
    Inventory,
    /// Invalid data or settings for this SKU.
    InvalidInput,
}

/// A SKU that could not be planned, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkuFailure {
    /// SKU id.
    pub id: String,
    /// What kind of failure.
    #[serde(flatten)]
    pub kind: SkuFailureKind,
    /// What went wrong, as a sentence.
    pub error: String,
}

impl SkuFailure {
    fn from_error(id: &str, e: &PlanError) -> Self {
        let kind = match e {
            PlanError::NotEnoughData { needed, got, .. } => SkuFailureKind::NotEnoughData {
                needed: *needed,
                got: *got,
            },
            PlanError::NoDemand { .. } => SkuFailureKind::NoDemand,
            PlanError::Forecast(_) => SkuFailureKind::Forecast,
            PlanError::Inventory(_) => SkuFailureKind::Inventory,
            _ => SkuFailureKind::InvalidInput,
        };
        Self {
            id: id.to_owned(),
            kind,
            error: e.to_string(),
        }
    }
}

/// The whole plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// Frequency of the sales data (every period in the plan is one of these).
    pub frequency: Frequency,
    /// The settings used.
    pub config: PlanConfig,
    /// The trading calendar used (given or detected).
    #[serde(default)]
    pub calendar: TradingCalendar,
    /// Planned SKUs, in input order.
    pub skus: Vec<SkuPlan>,
    /// SKUs that could not be planned (one bad series never stops the others).
    pub failures: Vec<SkuFailure>,
    /// Warehouse sites, when locations were given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warehouses: Option<WarehousePlan>,
}

/// The holdout checks of a plan taken together.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct HoldoutSummary {
    /// SKUs with a holdout check.
    pub skus: usize,
    /// Periods held back (the longest over the SKUs).
    pub periods: usize,
    /// Mean over SKUs of the fill rate each policy promised.
    pub mean_promised_fill_rate: f64,
    /// Mean over SKUs of the fill rate each policy achieved on the held-back sales.
    pub mean_achieved_fill_rate: f64,
    /// SKUs whose achieved fill rate reached the promised one.
    pub skus_meeting_promise: usize,
    /// Median over SKUs of the holdout forecast's MASE (`None` when no SKU has one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub median_mase: Option<f64>,
    /// Median over SKUs of [`HoldoutCheck::stock_to_demand`] (`None` when no SKU has one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub median_stock_to_demand: Option<f64>,
}

impl Plan {
    /// The holdout checks summarised over SKUs; `None` when no SKU was checked.
    pub fn holdout_summary(&self) -> Option<HoldoutSummary> {
        let checks: Vec<&HoldoutCheck> = self
            .skus
            .iter()
            .filter_map(|s| s.holdout.as_ref())
            .collect();
        if checks.is_empty() {
            return None;
        }
        let n = checks.len() as f64;
        let median_mase = median(checks.iter().filter_map(|c| c.forecast.mase).collect());
        let median_stock_to_demand =
            median(checks.iter().filter_map(|c| c.stock_to_demand).collect());
        Some(HoldoutSummary {
            skus: checks.len(),
            periods: checks.iter().map(|c| c.periods).max().unwrap_or(0),
            mean_promised_fill_rate: checks.iter().map(|c| c.promised_fill_rate).sum::<f64>() / n,
            mean_achieved_fill_rate: checks.iter().map(|c| c.achieved_fill_rate).sum::<f64>() / n,
            skus_meeting_promise: checks
                .iter()
                .filter(|c| c.achieved_fill_rate >= c.promised_fill_rate)
                .count(),
            median_mase,
            median_stock_to_demand,
        })
    }
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => None,
        m if m % 2 == 1 => Some(v[m / 2]),
        m => Some(0.5 * (v[m / 2 - 1] + v[m / 2])),
    }
}

/// Runs the pipeline with one validated configuration.
#[derive(Debug, Clone)]
pub struct Planner {
    config: PlanConfig,
    auto: AutoArima,
}

impl Planner {
    /// A planner using statsforecast-style automatic ARIMA for every SKU.
    ///
    /// # Errors
    /// An invalid setting ([`PlanConfig::validate`]).
    pub fn new(config: PlanConfig) -> Result<Self> {
        config.validate()?;
        Ok(Self {
            config,
            auto: AutoArima::default(),
        })
    }

    /// Uses `auto` (its own maxima, criterion, ...) instead of the default search.
    pub fn forecaster(mut self, auto: AutoArima) -> Self {
        self.auto = auto;
        self
    }

    /// The settings.
    pub fn config(&self) -> &PlanConfig {
        &self.config
    }

    /// Plans every SKU in parallel, in input order, calling `done` with each SKU's id as it
    /// finishes (for progress reporting). Each SKU succeeds or fails on its own.
    pub fn plan_skus(
        &self,
        history: &SalesHistory,
        done: &(dyn Fn(&str) + Sync),
    ) -> Vec<Result<SkuPlan>> {
        let calendar = self.calendar_for(history);
        let planner = sku::SkuPlanner {
            config: &self.config,
            auto: &self.auto,
            calendar: &calendar,
            frequency: history.frequency,
        };
        history
            .series
            .par_iter()
            .map(|s| {
                let out = planner.plan(&s.id, &s.series);
                done(&s.id);
                out
            })
            .collect()
    }

    /// The trading calendar the plan uses for `history`: the configured one, or the one the
    /// sales show ([`CalendarChoice::Detect`]).
    pub fn calendar_for(&self, history: &SalesHistory) -> TradingCalendar {
        match &self.config.calendar {
            CalendarChoice::Given(c) => c.clone(),
            CalendarChoice::Detect => {
                TradingCalendar::detect(history.series.iter().map(|s| &s.series))
            }
        }
    }

    /// Places warehouse sites for `locations` (weighted by their demand) and splits the
    /// planned SKUs' stock across them.
    ///
    /// # Errors
    /// Invalid locations or site counts (e.g. more sites than locations).
    pub fn place_warehouses(
        &self,
        locations: &Locations,
        skus: &[SkuPlan],
    ) -> Result<WarehousePlan> {
        sites::place(&self.config.warehouses, locations, skus)
    }

    /// The whole pipeline.
    ///
    /// # Errors
    /// Only the warehouse step or a plan in which no SKU could be planned fails as a whole;
    /// single SKUs that fail are listed in [`Plan::failures`].
    pub fn plan(&self, history: &SalesHistory, locations: Option<&Locations>) -> Result<Plan> {
        self.plan_with_progress(history, locations, &|_| {})
    }

    /// [`plan`](Self::plan) with a callback per finished SKU.
    ///
    /// # Errors
    /// As [`plan`](Self::plan).
    pub fn plan_with_progress(
        &self,
        history: &SalesHistory,
        locations: Option<&Locations>,
        done: &(dyn Fn(&str) + Sync),
    ) -> Result<Plan> {
        let results = self.plan_skus(history, done);
        let mut skus = Vec::new();
        // SKUs the loader set aside are part of the input too: list them first.
        let mut failures: Vec<SkuFailure> = history
            .skipped
            .iter()
            .map(|s| SkuFailure {
                id: s.id.clone(),
                kind: SkuFailureKind::SkippedAtLoad {
                    line: s.line,
                    column: s.column.clone(),
                },
                error: s.to_string(),
            })
            .collect();
        let mut first_error = None;
        for (s, r) in history.series.iter().zip(results) {
            match r {
                Ok(p) => skus.push(p),
                Err(e) => {
                    failures.push(SkuFailure::from_error(&s.id, &e));
                    first_error.get_or_insert(e);
                }
            }
        }
        if skus.is_empty()
            && let Some(e) = first_error
        {
            return Err(e);
        }
        let warehouses = locations
            .map(|l| self.place_warehouses(l, &skus))
            .transpose()?;
        Ok(Plan {
            frequency: history.frequency,
            calendar: self.calendar_for(history),
            config: self.config.clone(),
            skus,
            failures,
            warehouses,
        })
    }
}
