//! A fitted geographic placement: sites, which customers each serves, and how far.

use serde::{Deserialize, Serialize};

use ecom_core::{GeoPoint, PointSet, haversine_km};

use crate::distance::nearest;
use crate::error::{KMeansError, Result, bad_field, invalid};
use crate::geo::GeoObjective;
use crate::limits::MAX_ITER;
use crate::report::SiteReport;
use crate::saved::{check_count, check_labels, check_len, check_values, floats};
use crate::sphere::{latlon_to_xyz, to_geo, unit};

/// Sites placed by [`GeoKMeans`](crate::GeoKMeans), with each customer's site and distance.
///
/// Saved (serde) with every field; loading checks at least one site (each a valid
/// [`GeoPoint`]), customers as valid (latitude, longitude) pairs, one label in `0..k`, one
/// non-negative weight of at most `ecom_core::MAX_ABS_VALUE` (summing above 0) and one
/// distance per customer, each distance
/// the great-circle distance to the customer's site (to 1e-6 km, so files move between
/// platforms whose `sin`/`cos` differ in the last bit), and `n_iter` within
/// [`limits`](crate::limits) ([`KMeansError::InvalidModel`] naming the field), so no method
/// panics on a loaded model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "GeoModelRepr")]
pub struct GeoModel {
    objective: GeoObjective,
    sites: Vec<GeoPoint>,
    /// Customers as (latitude, longitude) pairs in degrees.
    latlon: Vec<f64>,
    labels: Vec<usize>,
    distances_km: Vec<f64>,
    weights: Vec<f64>,
    n_iter: usize,
    converged: bool,
}

/// Saved form of [`GeoModel`]: its fields, read unchecked.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GeoModelRepr {
    objective: GeoObjective,
    sites: Vec<GeoPoint>,
    #[serde(deserialize_with = "floats")]
    latlon: Vec<f64>,
    labels: Vec<usize>,
    #[serde(deserialize_with = "floats")]
    distances_km: Vec<f64>,
    #[serde(deserialize_with = "floats")]
    weights: Vec<f64>,
    n_iter: usize,
    converged: bool,
}

/// How far a saved distance may be from the recomputed one: 1e-6 km plus a relative 1e-12
/// (haversine's `sin`, `cos`, `asin` may differ in the last bit between platforms).
fn distance_tolerance(km: f64) -> f64 {
    1e-6 + 1e-12 * km
}

impl TryFrom<GeoModelRepr> for GeoModel {
    type Error = KMeansError;
    fn try_from(r: GeoModelRepr) -> Result<Self> {
        let k = r.sites.len();
        check_count("sites", k, 1, usize::MAX)?;
        if r.latlon.is_empty() || !r.latlon.len().is_multiple_of(2) {
            return Err(bad_field(
                "latlon",
                format!(
                    "has {} values, expected a positive even number ((latitude, longitude) pairs)",
                    r.latlon.len()
                ),
            ));
        }
        for (i, p) in r.latlon.chunks_exact(2).enumerate() {
            GeoPoint::new(p[0], p[1])
                .map_err(|e| bad_field("latlon", format!("customer {i}: {e}")))?;
        }
        let n = r.latlon.len() / 2;
        check_len("labels", r.labels.len(), n, "one per customer")?;
        check_labels("labels", &r.labels, k)?;
        check_len("weights", r.weights.len(), n, "one per customer")?;
        check_values("weights", &r.weights, 0.0)?;
        if let Some(i) = r.weights.iter().position(|&w| w > ecom_core::MAX_ABS_VALUE) {
            return Err(bad_field(
                "weights",
                format!(
                    "value {} at index {i} is above {:e}",
                    r.weights[i],
                    ecom_core::MAX_ABS_VALUE
                ),
            ));
        }
        let total: f64 = r.weights.iter().sum();
        if !(total > 0.0 && total.is_finite()) {
            return Err(bad_field(
                "weights",
                format!("sum to {total}, not a positive finite demand"),
            ));
        }
        check_len("distances_km", r.distances_km.len(), n, "one per customer")?;
        check_values("distances_km", &r.distances_km, 0.0)?;
        for (i, ((p, &l), &d)) in r
            .latlon
            .chunks_exact(2)
            .zip(&r.labels)
            .zip(&r.distances_km)
            .enumerate()
        {
            let s = r.sites[l];
            let want = haversine_km(p[0], p[1], s.lat(), s.lon());
            if (d - want).abs() > distance_tolerance(want) {
                return Err(bad_field(
                    "distances_km",
                    format!("customer {i} is {want} km from its site {l}, not {d}"),
                ));
            }
        }
        check_count("n_iter", r.n_iter, 0, 2 * MAX_ITER)?;
        Ok(Self {
            objective: r.objective,
            sites: r.sites,
            latlon: r.latlon,
            labels: r.labels,
            distances_km: r.distances_km,
            weights: r.weights,
            n_iter: r.n_iter,
            converged: r.converged,
        })
    }
}

impl GeoModel {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        objective: GeoObjective,
        latlon: &[f64],
        weights: Option<&[f64]>,
        centres: &[f64],
        labels: Vec<u32>,
        n_iter: usize,
        converged: bool,
    ) -> Self {
        let sites: Vec<GeoPoint> = centres.chunks_exact(3).map(to_geo).collect();
        let distances_km = latlon
            .chunks_exact(2)
            .zip(&labels)
            .map(|(p, &l)| {
                let s = sites[l as usize];
                haversine_km(p[0], p[1], s.lat(), s.lon())
            })
            .collect();
        let n = labels.len();
        Self {
            objective,
            sites,
            latlon: latlon.to_vec(),
            labels: labels.into_iter().map(|l| l as usize).collect(),
            distances_km,
            weights: weights.map_or_else(|| vec![1.0; n], <[f64]>::to_vec),
            n_iter,
            converged,
        }
    }

    /// Serves (latitude, longitude) `points` from the given `sites`, each customer at its
    /// nearest site: for example to cost an existing network, or to compare with a placement.
    ///
    /// ```
    /// use ecom_core::{GeoPoint, PointSet};
    /// use logistics_kmeans::GeoModel;
    /// let customers = PointSet::from_rows(&[[51.5, -0.13], [48.86, 2.35]])?.with_weights(vec![2.0, 1.0])?;
    /// let model = GeoModel::evaluate(&customers, &[GeoPoint::new(51.5, -0.13)?])?;
    /// assert!((model.weighted_sum_km() - 343.5).abs() < 1.0); // London to Paris once
    /// # Ok::<(), logistics_kmeans::KMeansError>(())
    /// ```
    ///
    /// # Errors
    /// [`KMeansError::DimensionMismatch`] unless the points are 2-D,
    /// [`KMeansError::LatitudeOutOfRange`] / [`KMeansError::LongitudeOutOfRange`],
    /// [`KMeansError::InvalidParameter`] for no sites.
    pub fn evaluate(points: &PointSet, sites: &[GeoPoint]) -> Result<GeoModel> {
        if points.dim() != 2 {
            return Err(KMeansError::DimensionMismatch {
                what: "geographic points are (latitude, longitude) pairs",
                expected: 2,
                got: points.dim(),
            });
        }
        if sites.is_empty() {
            return Err(invalid("sites", "at least one site is needed"));
        }
        let xyz = latlon_to_xyz(points.as_slice())?;
        let centres: Vec<f64> = sites.iter().flat_map(|s| unit(s.lat(), s.lon())).collect();
        let labels: Vec<u32> = xyz
            .chunks_exact(3)
            .map(|x| nearest(x, &centres, 3).0 as u32)
            .collect();
        let mut model = GeoModel::new(
            GeoObjective::Distance,
            points.as_slice(),
            points.weights(),
            &centres,
            labels,
            0,
            true,
        );
        // Keep the caller's site coordinates exactly (no round trip through unit vectors).
        model.sites = sites.to_vec();
        Ok(model.with_labels(model.labels.clone()))
    }

    /// Number of sites.
    pub fn k(&self) -> usize {
        self.sites.len()
    }

    /// The objective the model was fitted for.
    pub fn objective(&self) -> GeoObjective {
        self.objective
    }

    /// Site locations.
    pub fn sites(&self) -> &[GeoPoint] {
        &self.sites
    }

    /// Number of customers.
    pub fn n_customers(&self) -> usize {
        self.labels.len()
    }

    /// Location of customer `i`.
    ///
    /// # Panics
    /// If `i >= n_customers()`.
    pub fn customer(&self, i: usize) -> GeoPoint {
        GeoPoint::new(self.latlon[2 * i], self.latlon[2 * i + 1]).expect("validated at fit")
    }

    /// Site of each customer (its nearest site, unless reassigned under capacities).
    pub fn labels(&self) -> &[usize] {
        &self.labels
    }

    /// Great-circle distance in km from each customer to its site.
    pub fn distances_km(&self) -> &[f64] {
        &self.distances_km
    }

    /// Customer weights (demand) used in the fit; 1 each when none were given.
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// Iterations made (k-means stage plus refinement rounds) by the kept restart.
    pub fn n_iter(&self) -> usize {
        self.n_iter
    }

    /// Whether the kept restart converged.
    pub fn converged(&self) -> bool {
        self.converged
    }

    /// Total demand.
    pub fn total_weight(&self) -> f64 {
        self.weights.iter().sum()
    }

    /// `Σ demand x km`: the p-median objective (demand-km to ship everything once).
    pub fn weighted_sum_km(&self) -> f64 {
        self.weights
            .iter()
            .zip(&self.distances_km)
            .map(|(w, d)| w * d)
            .sum()
    }

    /// Demand-weighted mean distance in km.
    pub fn weighted_mean_km(&self) -> f64 {
        self.weighted_sum_km() / self.total_weight()
    }

    /// `Σ demand x km²`.
    pub fn weighted_sum_sq_km2(&self) -> f64 {
        self.weights
            .iter()
            .zip(&self.distances_km)
            .map(|(w, d)| w * d * d)
            .sum()
    }

    /// Largest customer-to-site distance in km (over customers with positive demand).
    pub fn max_km(&self) -> f64 {
        self.weights
            .iter()
            .zip(&self.distances_km)
            .filter(|(w, _)| **w > 0.0)
            .map(|(_, d)| *d)
            .fold(0.0, f64::max)
    }

    /// Share of total demand within `radius_km` of its site.
    pub fn share_within(&self, radius_km: f64) -> f64 {
        let near: f64 = self
            .weights
            .iter()
            .zip(&self.distances_km)
            .filter(|(_, d)| **d <= radius_km)
            .map(|(w, _)| w)
            .sum();
        near / self.total_weight()
    }

    /// Demand served by each site.
    pub fn site_weights(&self) -> Vec<f64> {
        let mut s = vec![0.0; self.k()];
        for (&l, w) in self.labels.iter().zip(&self.weights) {
            s[l] += w;
        }
        s
    }

    /// Nearest site of each point, by great-circle distance.
    pub fn predict(&self, points: &[GeoPoint]) -> Vec<usize> {
        points.iter().map(|p| self.nearest_site(p).0).collect()
    }

    /// Nearest site of `p` and its distance in km.
    pub fn nearest_site(&self, p: &GeoPoint) -> (usize, f64) {
        self.sites
            .iter()
            .map(|s| p.distance_km(s))
            .enumerate()
            .fold(
                (0, f64::INFINITY),
                |best, (j, d)| if d < best.1 { (j, d) } else { best },
            )
    }

    /// Customers as (latitude, longitude) pairs in degrees.
    pub(crate) fn latlon(&self) -> &[f64] {
        &self.latlon
    }

    /// The same sites with customers reassigned (`labels`, distances recomputed).
    pub(crate) fn with_labels(&self, labels: Vec<usize>) -> Self {
        let distances_km = self
            .latlon
            .chunks_exact(2)
            .zip(&labels)
            .map(|(p, &l)| haversine_km(p[0], p[1], self.sites[l].lat(), self.sites[l].lon()))
            .collect();
        Self {
            labels,
            distances_km,
            ..self.clone()
        }
    }

    /// Per-site report: location, customers, demand, demand-weighted mean and max distance, and
    /// the share of the site's demand within `radius_km`.
    ///
    /// # Errors
    /// [`KMeansError::InvalidParameter`](crate::KMeansError::InvalidParameter) for a negative or
    /// non-finite radius.
    pub fn site_reports(&self, radius_km: f64) -> Result<Vec<SiteReport>> {
        if !(radius_km.is_finite() && radius_km >= 0.0) {
            return Err(invalid(
                "radius_km",
                format!("{radius_km} is not a finite non-negative distance"),
            ));
        }
        Ok(SiteReport::build(
            &self.sites,
            &self.labels,
            &self.distances_km,
            &self.weights,
            radius_km,
        ))
    }
}
