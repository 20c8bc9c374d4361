//! `ecom plan`: the main job. Per SKU a forecast, safety stock, reorder point and order
//! quantity for a service target; with customer locations, warehouse sites weighted by demand.

use std::fs;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};

use clap::Args;
use ecom_supply::plan::{
    CalendarChoice, Plan, PlanConfig, PlanError, PlanMethod, Planner, Review, ServiceTarget,
    SiteCount, WarehouseConfig,
};
use ecom_supply::{LocationsSchema, SalesHistory};
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::json;

use crate::commands::forecast::{per_sku_path, render_forecast};
use crate::error::CliError;
use crate::inputs::{CalendarArgs, SalesInput};
use crate::output::{Partial, Report, Section, check_json, num};
use crate::plot::{self, MapKind, SiteMap};

impl From<PlanError> for CliError {
    fn from(e: PlanError) -> Self {
        CliError::Input(e.to_string())
    }
}

/// Plan replenishment for every SKU of a sales file, and warehouse sites for its customers.
#[derive(Debug, Args)]
pub(crate) struct PlanArgs {
    #[command(flatten)]
    sales: SalesInput,
    /// Customer locations (id, lat, lon, demand) for placing warehouse sites.
    #[arg(long)]
    locations: Option<PathBuf>,
    /// Id column of the locations file.
    #[arg(long, default_value = "id")]
    location_id_column: String,
    /// Demand (weight) column of the locations file.
    #[arg(long, default_value = "demand")]
    weight_column: String,
    /// Target cycle service level: probability of no stockout in a replenishment cycle.
    #[arg(long, default_value_t = 0.95, conflicts_with = "fill_rate")]
    service_level: f64,
    /// Target fill rate instead: fraction of demand met from stock.
    #[arg(long)]
    fill_rate: Option<f64>,
    /// Replenishment lead time in periods of the sales data (days for daily sales).
    #[arg(long, default_value_t = 7)]
    lead_time: usize,
    /// Periods between reviews of the stock position (1: every period, as daily sales are
    /// reviewed daily); 0 means continuous review. The reorder point covers the lead time
    /// plus one review period.
    #[arg(long, default_value_t = 1)]
    review_period: usize,
    /// Fixed cost per order.
    #[arg(long, default_value_t = 50.0)]
    order_cost: f64,
    /// Holding cost per unit per year.
    #[arg(long, default_value_t = 1.0)]
    holding_cost: f64,
    /// Forecast horizon in periods [default: 28 days, 13 weeks, 12 months, ...].
    #[arg(long)]
    horizon: Option<usize>,
    /// Prediction interval levels in percent.
    #[arg(long, value_delimiter = ',', default_values_t = [80.0, 95.0])]
    levels: Vec<f64>,
    /// Periods held back to test each plan on what actually sold [default: a quarter of a
    /// year, at least four lead times]; 0 skips the check.
    #[arg(long)]
    holdout: Option<usize>,
    /// Re-make each plan every N periods of the holdout from the sales seen so far (7: weekly
    /// on daily data); 0 runs the plan made at the start of the holdout unchanged.
    #[arg(long, default_value_t = 0)]
    replan_every: usize,
    /// Number of warehouse sites.
    #[arg(long, conflicts_with = "site_range")]
    sites: Option<usize>,
    /// Range of site counts to choose from (by cost with --site-cost and --transport-cost, else
    /// at the elbow of the distance curve) [default: 1..6].
    #[arg(long, value_parser = super::parse_range)]
    site_range: Option<RangeInclusive<usize>>,
    /// Fixed cost per warehouse site per year (with --transport-cost).
    #[arg(long, requires = "transport_cost")]
    site_cost: Option<f64>,
    /// Transport cost per unit of demand per km (with --site-cost).
    #[arg(long, requires = "site_cost")]
    transport_cost: Option<f64>,
    /// Radius for the share of demand near each site, km.
    #[arg(long, default_value_t = 500.0)]
    radius_km: f64,
    /// Seed of the site placement restarts.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    #[command(flatten)]
    calendar: CalendarArgs,
    /// Directory for the report: plan.json, policies.csv, forecasts.csv, sites.csv and plots.
    #[arg(long)]
    out: Option<PathBuf>,
}

impl PlanArgs {
    fn config(&self) -> PlanConfig {
        let mut c = PlanConfig::default()
            .service(
                match self.fill_rate {
                    Some(b) => ServiceTarget::fill_rate(b),
                    None => ServiceTarget::cycle_service(self.service_level),
                }
                .review(match self.review_period {
                    0 => Review::Continuous,
                    period => Review::Periodic { period },
                }),
            )
            .lead_time(self.lead_time)
            .order_cost(self.order_cost)
            .holding_cost_per_year(self.holding_cost)
            .levels(self.levels.clone());
        c.horizon = self.horizon;
        c.holdout = self.holdout;
        c.replan_every = self.replan_every;
        let (min, max) = self
            .site_range
            .as_ref()
            .map_or((1, 6), |r| (*r.start(), *r.end()));
        let sites = match (self.sites, self.site_cost, self.transport_cost) {
            (Some(k), _, _) => SiteCount::Fixed(k),
            (None, Some(site_cost), Some(transport_cost)) => SiteCount::ByCost {
                min,
                max,
                site_cost,
                transport_cost,
            },
            _ => SiteCount::Elbow { min, max },
        };
        c.warehouses(WarehouseConfig {
            sites,
            radius_km: self.radius_km,
            seed: self.seed,
            ..WarehouseConfig::default()
        })
    }
}

pub(crate) fn run(args: &PlanArgs) -> Result<Report, CliError> {
    // Settings are checked before the file is read; the calendar needs the sales.
    Planner::new(args.config())?;
    let history = args.sales.load()?;
    let calendar = args.calendar.resolve(&history)?;
    let planner = Planner::new(args.config().calendar(CalendarChoice::Given(calendar)))?;
    let locations = args
        .locations
        .as_ref()
        .map(|path| {
            LocationsSchema::default()
                .id_column(args.location_id_column.as_str())
                .weight_column(args.weight_column.as_str())
                .load(path)
        })
        .transpose()?;
    let bar = ProgressBar::new(history.series.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("planning SKUs [{bar:30}] {pos}/{len} ({eta} left)")
            .expect("valid template")
            .progress_chars("=> "),
    );
    let plan = planner.plan_with_progress(&history, locations.as_ref(), &|_| bar.inc(1))?;
    bar.finish_and_clear();
    // Skipped SKUs were reported when the file was read.
    let skipped = history.skipped.len();
    for f in plan.failures.iter().skip(skipped) {
        eprintln!(
            "warning: {}: SKU {} not planned: {}",
            args.sales.file.display(),
            f.id,
            f.error
        );
    }
    for s in &plan.skus {
        let model_notes = s.model.iter().flat_map(|m| &m.notes);
        for note in s.notes.iter().chain(model_notes) {
            eprintln!("note: SKU {}: {note}", s.id);
        }
    }
    let mut report = summary(&plan);
    report.partial = Partial::of(
        plan.failures.len(),
        plan.failures.len() + plan.skus.len(),
        "SKUs",
    );
    // Checked before anything is written, so a report directory never holds a number that
    // stdout would have refused.
    report.check_finite()?;
    if let Some(dir) = &args.out {
        write_report(dir, &plan, &history, locations.as_ref())?;
        eprintln!("wrote the report to {}", dir.display());
    }
    Ok(report)
}

fn model_name(s: &ecom_supply::plan::SkuPlan) -> String {
    match (&s.model, &s.method) {
        (Some(m), _) => m.name.clone(),
        (None, PlanMethod::History { .. }) => "sales history".into(),
        (None, PlanMethod::Forecast) => "forecast".into(),
    }
}

fn policy_rows(plan: &Plan) -> Vec<Vec<String>> {
    plan.skus
        .iter()
        .map(|s| {
            let p = &s.policy;
            let (fill, service) = s
                .holdout
                .as_ref()
                .map_or((String::new(), String::new()), |h| {
                    (
                        format!(
                            "{:.1}% / {:.1}%",
                            100.0 * h.achieved_fill_rate,
                            100.0 * h.promised_fill_rate
                        ),
                        h.forecast.mase.map(num).unwrap_or_default(),
                    )
                });
            vec![
                s.id.clone(),
                model_name(s),
                num(s.demand_per_period),
                num(p.lead_time_demand_mean),
                num(p.safety_stock),
                num(p.reorder_point),
                num(p.order_quantity),
                num(p.expected_cost),
                fill,
                service,
            ]
        })
        .collect()
}

const POLICY_HEADERS: [&str; 10] = [
    "sku",
    "model",
    "demand_per_period",
    "risk_period_demand",
    "safety_stock",
    "reorder_point",
    "order_quantity",
    "cost_per_period",
    "holdout_fill (got / promised)",
    "holdout_mase",
];

fn summary(plan: &Plan) -> Report {
    let mut sections = Vec::new();
    if let Some(w) = &plan.warehouses {
        sections.push(Section {
            title: format!(
                "Warehouse sites (k = {}, chosen: {}); demand-weighted mean distance {:.0} km; split stock = {:.2} x central",
                w.model.k(),
                w.selection,
                w.model.weighted_mean_km(),
                w.stock_factor()
            ),
            headers: ["site", "lat", "lon", "nearest", "customers", "demand_share", "mean_km", "max_km", "units_per_period", "safety_stock"]
                .map(String::from)
                .to_vec(),
            rows: site_rows(w),
        });
    }
    if let Some(h) = plan.holdout_summary() {
        sections.push(Section {
            title: format!(
                "Holdout check: each plan rebuilt without the last {} periods{}, then run against what sold",
                h.periods,
                match plan.config.replan_every {
                    0 => String::new(),
                    n => format!(" and re-made every {n} periods from the sales seen so far"),
                }
            ),
            headers: ["skus", "fill_rate_achieved", "fill_rate_promised", "skus_meeting_promise", "median_mase", "median_stock_to_demand"]
                .map(String::from)
                .to_vec(),
            rows: vec![vec![
                h.skus.to_string(),
                format!("{:.1}%", 100.0 * h.mean_achieved_fill_rate),
                format!("{:.1}%", 100.0 * h.mean_promised_fill_rate),
                h.skus_meeting_promise.to_string(),
                h.median_mase.map_or(String::new(), num),
                h.median_stock_to_demand.map_or(String::new(), num),
            ]],
        });
    }
    if !plan.failures.is_empty() {
        sections.push(Section {
            title: "SKUs not planned".into(),
            headers: vec!["sku".into(), "reason".into()],
            rows: plan
                .failures
                .iter()
                .map(|f| vec![f.id.clone(), f.error.clone()])
                .collect(),
        });
    }
    Report {
        partial: None,
        headers: POLICY_HEADERS.map(String::from).to_vec(),
        rows: policy_rows(plan),
        json: serde_json::to_value(plan).unwrap_or_else(|e| json!({"error": e.to_string()})),
        sections,
    }
}

fn site_rows(w: &ecom_supply::plan::WarehousePlan) -> Vec<Vec<String>> {
    w.reports
        .iter()
        .zip(&w.stock)
        .map(|(r, st)| {
            let nearest = super::warehouses::nearest_customer(r, &w.model, &w.location_ids);
            vec![
                (r.site + 1).to_string(),
                format!("{:.4}", r.location.lat()),
                format!("{:.4}", r.location.lon()),
                nearest,
                r.customers.len().to_string(),
                format!("{:.1}%", 100.0 * r.demand_share),
                num(r.mean_km),
                num(r.max_km),
                num(st.units_per_period),
                num(st.safety_stock),
            ]
        })
        .collect()
}

fn io_err(path: &Path, e: impl std::fmt::Display) -> CliError {
    CliError::Output(format!("{}: {e}", path.display()))
}

fn write_csv(path: &Path, headers: &[&str], rows: &[Vec<String>]) -> Result<(), CliError> {
    let mut w = csv::Writer::from_path(path).map_err(|e| io_err(path, e))?;
    w.write_record(headers).map_err(|e| io_err(path, e))?;
    for r in rows {
        w.write_record(r).map_err(|e| io_err(path, e))?;
    }
    w.flush().map_err(|e| io_err(path, e))
}

fn write_report(
    dir: &Path,
    plan: &Plan,
    history: &SalesHistory,
    locations: Option<&ecom_supply::Locations>,
) -> Result<(), CliError> {
    let plots = dir.join("forecasts");
    fs::create_dir_all(&plots).map_err(|e| io_err(&plots, e))?;
    let json_path = dir.join("plan.json");
    let value = serde_json::to_value(plan)?;
    check_json(&value)?;
    let text = serde_json::to_string_pretty(&value)?;
    fs::write(&json_path, text).map_err(|e| io_err(&json_path, e))?;

    let rows: Vec<Vec<String>> = plan
        .skus
        .iter()
        .map(|s| {
            let p = &s.policy;
            let h = s.holdout.as_ref();
            vec![
                s.id.clone(),
                model_name(s),
                p.order_quantity.to_string(),
                p.reorder_point.to_string(),
                p.safety_stock.to_string(),
                s.demand_per_period.to_string(),
                p.lead_time_demand_mean.to_string(),
                p.lead_time_demand_sd.to_string(),
                p.cycle_service_level.to_string(),
                p.fill_rate.to_string(),
                p.expected_cost.to_string(),
                h.map(|h| h.achieved_fill_rate.to_string())
                    .unwrap_or_default(),
                h.and_then(|h| h.achieved_service)
                    .map(|v| v.to_string())
                    .unwrap_or_default(),
                h.and_then(|h| h.forecast.mase)
                    .map(|v| v.to_string())
                    .unwrap_or_default(),
            ]
        })
        .collect();
    write_csv(
        &dir.join("policies.csv"),
        &[
            "sku",
            "model",
            "order_quantity",
            "reorder_point",
            "safety_stock",
            "demand_per_period",
            "risk_period_demand_mean",
            "risk_period_demand_sd",
            "cycle_service_level",
            "fill_rate",
            "expected_cost_per_period",
            "holdout_fill_rate",
            "holdout_cycle_service",
            "holdout_mase",
        ],
        &rows,
    )?;

    let mut frows = Vec::new();
    for s in &plan.skus {
        let f = &s.forecast;
        for t in 0..f.horizon() {
            let date = s
                .forecast_start
                .and_then(|d| plan.frequency.advance(d, t as u32))
                .map(|d| d.to_string())
                .unwrap_or_default();
            let mut row = vec![
                s.id.clone(),
                (t + 1).to_string(),
                date,
                f.mean[t].to_string(),
            ];
            for iv in &f.intervals {
                row.push(iv.lower[t].to_string());
                row.push(iv.upper[t].to_string());
            }
            frows.push(row);
        }
    }
    let mut fh: Vec<String> = ["sku", "step", "date", "mean"].map(String::from).to_vec();
    for l in &plan.config.levels {
        fh.push(format!("lower_{}", num(*l)));
        fh.push(format!("upper_{}", num(*l)));
    }
    let fh: Vec<&str> = fh.iter().map(String::as_str).collect();
    write_csv(&dir.join("forecasts.csv"), &fh, &frows)?;

    for s in &plan.skus {
        if let Some(series) = history.series.iter().find(|x| x.id == s.id) {
            let model = json!({"name": model_name(s)});
            render_forecast(
                &per_sku_path(&plots.join("forecast.svg"), &s.id),
                series,
                &model,
                &s.forecast,
            )?;
        }
    }

    if let (Some(w), Some(locs)) = (&plan.warehouses, locations) {
        let headers = [
            "site",
            "lat",
            "lon",
            "nearest",
            "customers",
            "demand_share",
            "mean_km",
            "max_km",
            "units_per_period",
            "safety_stock",
        ];
        write_csv(&dir.join("sites.csv"), &headers, &site_rows(w))?;
        let pts: Vec<(f64, f64)> = locs.points.iter().map(|p| (p.lat(), p.lon())).collect();
        let sites: Vec<(f64, f64)> = w.model.sites().iter().map(|p| (p.lat(), p.lon())).collect();
        plot::render(
            &dir.join("sites.svg"),
            &SiteMap {
                kind: MapKind::Geo,
                title: format!(
                    "{} sites: demand-weighted mean {:.0} km",
                    w.model.k(),
                    w.model.weighted_mean_km()
                ),
                points: &pts,
                weights: locs.weights.as_deref(),
                assignments: w.model.labels(),
                sites: &sites,
            },
        )?;
        if w.scores.len() > 1 {
            let ks: Vec<usize> = w.scores.iter().map(|s| s.k).collect();
            let mut panels = vec![(
                "demand-weighted mean km".to_owned(),
                w.scores.iter().map(|s| s.weighted_mean_km).collect(),
            )];
            if w.scores.iter().all(|s| s.total_cost.is_some()) {
                panels.insert(
                    0,
                    (
                        "total cost".to_owned(),
                        w.scores.iter().filter_map(|s| s.total_cost).collect(),
                    ),
                );
            }
            plot::render(
                &dir.join("sites-k.svg"),
                &plot::KCurve {
                    title: format!(
                        "Choosing the number of sites ({}: k = {})",
                        w.selection,
                        w.model.k()
                    ),
                    ks,
                    panels,
                    chosen: Some(w.model.k()),
                },
            )?;
        }
    }
    Ok(())
}
