//! Warehouse sites for the customers' demand, and what splitting stock across them costs.

use ecom_core::Locations;
use logistics_kmeans::{GeoKMeans, GeoModel, KCurve, SiteCosts, SiteReport, choose_k_by_cost};
use serde::{Deserialize, Serialize};

use super::config::{SiteCount, WarehouseConfig};
use super::error::{Result, invalid};
use super::sku::SkuPlan;

/// One k tried while choosing the number of sites.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SiteCountScore {
    /// Number of sites.
    pub k: usize,
    /// Demand-weighted mean distance, km.
    pub weighted_mean_km: f64,
    /// Fixed site cost (cost-driven choice only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed_cost: Option<f64>,
    /// Transport cost (cost-driven choice only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transport_cost: Option<f64>,
    /// Fixed plus transport (cost-driven choice only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_cost: Option<f64>,
}

/// Stock a site would hold if every SKU were stocked at every site in proportion to the
/// site's share of demand.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SiteStock {
    /// Site index.
    pub site: usize,
    /// Share of total customer demand the site serves.
    pub demand_share: f64,
    /// Units per period the site ships (its share of every SKU's forecast).
    pub units_per_period: f64,
    /// Safety stock summed over SKUs (square-root law: each SKU's safety stock times the
    /// square root of the site's share, independent customer demand assumed).
    pub safety_stock: f64,
    /// Average on-hand summed over SKUs: half of each SKU's lot at the site (an EOQ scaled by
    /// the square root of the share) plus its safety stock.
    pub average_stock: f64,
}

/// The warehouse part of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WarehousePlan {
    /// Customer (location) ids, in input order.
    pub location_ids: Vec<String>,
    /// The placement: sites, assignments, distances.
    pub model: GeoModel,
    /// Per-site logistics report.
    pub reports: Vec<SiteReport>,
    /// How k was chosen: `"fixed"`, `"cost"` or `"elbow"`.
    pub selection: String,
    /// Every k tried (empty for a fixed k).
    pub scores: Vec<SiteCountScore>,
    /// Stock per site.
    pub stock: Vec<SiteStock>,
    /// Safety stock of all SKUs held in one place.
    pub central_safety_stock: f64,
    /// Average on-hand of all SKUs held in one place.
    pub central_average_stock: f64,
}

impl WarehousePlan {
    /// How many times the central average stock the split network holds (≥ 1; the price of
    /// being close to customers).
    pub fn stock_factor(&self) -> f64 {
        let split: f64 = self.stock.iter().map(|s| s.average_stock).sum();
        if self.central_average_stock > 0.0 {
            split / self.central_average_stock
        } else {
            1.0
        }
    }
}

pub(crate) fn place(
    config: &WarehouseConfig,
    locations: &Locations,
    skus: &[SkuPlan],
) -> Result<WarehousePlan> {
    let points = locations.to_point_set()?;
    let spec = GeoKMeans::new(1).n_init(config.n_init).seed(config.seed);
    let with_k = |k: usize| {
        let mut s = spec.clone();
        s.k = k;
        s
    };
    // A range wider than the distinct locations is narrowed to what can be fitted (the default
    // 1..=6 on three countries means 1..=3); a fixed k beyond them is an error from `fit`.
    let distinct = spec.max_k(&points)?;
    let distinct_cap = |max: usize| max.min(distinct);
    let (model, selection, scores) = match &config.sites {
        SiteCount::Fixed(k) => (with_k(*k).fit(&points)?, "fixed", Vec::new()),
        SiteCount::ByCost {
            min,
            max,
            site_cost,
            transport_cost,
        } => {
            let max = distinct_cap(*max);
            if *min > max {
                return Err(invalid(
                    "sites",
                    format!("at least {min} sites for {max} locations"),
                ));
            }
            let curve = choose_k_by_cost(
                &spec,
                &points,
                *min..=max,
                SiteCosts::new(*site_cost, *transport_cost)?,
            )?;
            let scores = curve
                .costs
                .iter()
                .zip(&curve.models)
                .map(|(c, m)| SiteCountScore {
                    k: c.k,
                    weighted_mean_km: m.weighted_mean_km(),
                    fixed_cost: Some(c.fixed),
                    transport_cost: Some(c.transport),
                    total_cost: Some(c.total),
                })
                .collect();
            (curve.best_model().clone(), "cost", scores)
        }
        SiteCount::Elbow { min, max } => {
            let max = distinct_cap(*max);
            if *min > max {
                return Err(invalid(
                    "sites",
                    format!("at least {min} sites for {max} locations"),
                ));
            }
            let models = (*min..=max)
                .map(|k| with_k(k).fit(&points))
                .collect::<std::result::Result<Vec<_>, _>>()?;
            let curve = KCurve::from_geo_models(&models);
            let best = curve.elbow_k().unwrap_or(*min);
            let scores = models
                .iter()
                .map(|m| SiteCountScore {
                    k: m.k(),
                    weighted_mean_km: m.weighted_mean_km(),
                    fixed_cost: None,
                    transport_cost: None,
                    total_cost: None,
                })
                .collect();
            let model = models
                .into_iter()
                .find(|m| m.k() == best)
                .expect("best k was fitted");
            (model, "elbow", scores)
        }
    };
    let reports = model.site_reports(config.radius_km)?;
    let (stock, central_ss, central_avg) = site_stock(&reports, skus);
    Ok(WarehousePlan {
        location_ids: locations.ids.clone(),
        model,
        reports,
        selection: selection.to_owned(),
        scores,
        stock,
        central_safety_stock: central_ss,
        central_average_stock: central_avg,
    })
}

/// Splits every SKU across the sites by demand share. Lots and safety stock both scale with
/// the square root of the demand a site sees (EOQ ∝ √D; σ of independent demand ∝ √D).
fn site_stock(reports: &[SiteReport], skus: &[SkuPlan]) -> (Vec<SiteStock>, f64, f64) {
    let units: f64 = skus.iter().map(|s| s.demand_per_period).sum();
    let ss: f64 = skus.iter().map(|s| s.policy.safety_stock.max(0.0)).sum();
    let cycle: f64 = skus.iter().map(|s| s.policy.order_quantity / 2.0).sum();
    let stock = reports
        .iter()
        .map(|r| {
            let root = r.demand_share.sqrt();
            SiteStock {
                site: r.site,
                demand_share: r.demand_share,
                units_per_period: units * r.demand_share,
                safety_stock: ss * root,
                average_stock: (cycle + ss) * root,
            }
        })
        .collect();
    (stock, ss, cycle + ss)
}
