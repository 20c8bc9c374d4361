//! Per-site logistics report.

use serde::{Deserialize, Serialize};

use ecom_core::GeoPoint;

/// What one site serves and how far it ships.
///
/// Serde: loading checks the location (a valid [`GeoPoint`]), customers ascending without
/// repeats, finite non-negative demand and distances, and shares in [0, 1]
/// ([`KMeansError::InvalidModel`](crate::KMeansError::InvalidModel) naming the field).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "SiteReportRepr")]
pub struct SiteReport {
    /// Site index (as in the model's labels).
    pub site: usize,
    /// Site location.
    pub location: GeoPoint,
    /// Indices of the customers it serves, ascending.
    pub customers: Vec<usize>,
    /// Total demand it serves.
    pub demand: f64,
    /// Its share of all demand.
    pub demand_share: f64,
    /// Demand-weighted mean distance to its customers in km (0 when it serves no demand).
    pub mean_km: f64,
    /// Distance to its farthest customer with positive demand in km.
    pub max_km: f64,
    /// The radius the next field refers to, in km.
    pub radius_km: f64,
    /// Share of its demand within `radius_km` (1 when it serves no demand).
    pub share_within_radius: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteReportRepr {
    site: usize,
    location: GeoPoint,
    customers: Vec<usize>,
    #[serde(deserialize_with = "crate::saved::float")]
    demand: f64,
    #[serde(deserialize_with = "crate::saved::float")]
    demand_share: f64,
    #[serde(deserialize_with = "crate::saved::float")]
    mean_km: f64,
    #[serde(deserialize_with = "crate::saved::float")]
    max_km: f64,
    #[serde(deserialize_with = "crate::saved::float")]
    radius_km: f64,
    #[serde(deserialize_with = "crate::saved::float")]
    share_within_radius: f64,
}

/// Largest share accepted from a file: 1, and rounding of the sums it divides.
const MAX_SHARE: f64 = 1.0 + 1e-12;

impl TryFrom<SiteReportRepr> for SiteReport {
    type Error = crate::KMeansError;
    fn try_from(r: SiteReportRepr) -> crate::Result<Self> {
        use crate::saved::check_values;
        if let Some(i) = r.customers.windows(2).position(|w| w[0] >= w[1]) {
            return Err(crate::error::bad_field(
                "customers",
                format!("are not ascending at position {}", i + 1),
            ));
        }
        for (field, v) in [
            ("demand", r.demand),
            ("mean_km", r.mean_km),
            ("max_km", r.max_km),
            ("radius_km", r.radius_km),
        ] {
            check_values(field, &[v], 0.0)?;
        }
        for (field, v) in [
            ("demand_share", r.demand_share),
            ("share_within_radius", r.share_within_radius),
        ] {
            check_values(field, &[v], 0.0)?;
            if v > MAX_SHARE {
                return Err(crate::error::bad_field(field, format!("{v} is above 1")));
            }
        }
        Ok(Self {
            site: r.site,
            location: r.location,
            customers: r.customers,
            demand: r.demand,
            demand_share: r.demand_share,
            mean_km: r.mean_km,
            max_km: r.max_km,
            radius_km: r.radius_km,
            share_within_radius: r.share_within_radius,
        })
    }
}

impl SiteReport {
    pub(crate) fn build(
        sites: &[GeoPoint],
        labels: &[usize],
        distances_km: &[f64],
        weights: &[f64],
        radius_km: f64,
    ) -> Vec<SiteReport> {
        let total: f64 = weights.iter().sum();
        let mut reports: Vec<SiteReport> = sites
            .iter()
            .enumerate()
            .map(|(site, &location)| SiteReport {
                site,
                location,
                customers: Vec::new(),
                demand: 0.0,
                demand_share: 0.0,
                mean_km: 0.0,
                max_km: 0.0,
                radius_km,
                share_within_radius: 0.0,
            })
            .collect();
        let mut near = vec![0.0; sites.len()];
        let mut demand_km = vec![0.0; sites.len()];
        for (i, ((&l, &d), &w)) in labels.iter().zip(distances_km).zip(weights).enumerate() {
            let r = &mut reports[l];
            r.customers.push(i);
            r.demand += w;
            demand_km[l] += w * d;
            if w > 0.0 && d > r.max_km {
                r.max_km = d;
            }
            if d <= radius_km {
                near[l] += w;
            }
        }
        for (j, r) in reports.iter_mut().enumerate() {
            r.demand_share = if total > 0.0 { r.demand / total } else { 0.0 };
            if r.demand > 0.0 {
                r.mean_km = demand_km[j] / r.demand;
                r.share_within_radius = near[j] / r.demand;
            } else {
                r.share_within_radius = 1.0;
            }
        }
        reports
    }
}
