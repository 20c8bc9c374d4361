//! Cost-driven choice of the number of sites: fixed cost per site against transport cost.

use std::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

use ecom_core::PointSet;

use crate::error::{Result, invalid};
use crate::geo::GeoKMeans;
use crate::geo_model::GeoModel;

/// Network costs: a fixed cost per open site and a transport cost per unit of demand per km.
/// Use the same period for both (for example a year of demand and a yearly site cost).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SiteCosts {
    fixed_per_site: f64,
    per_unit_km: f64,
}

impl SiteCosts {
    /// Validated costs.
    ///
    /// # Errors
    /// [`KMeansError::InvalidParameter`](crate::KMeansError::InvalidParameter) for negative or
    /// non-finite costs, or costs above `ecom_core::MAX_ABS_VALUE` (1e150).
    pub fn new(fixed_per_site: f64, per_unit_km: f64) -> Result<Self> {
        for (name, v) in [
            ("fixed_per_site", fixed_per_site),
            ("per_unit_km", per_unit_km),
        ] {
            if !(v.is_finite() && (0.0..=ecom_core::MAX_ABS_VALUE).contains(&v)) {
                return Err(invalid(
                    name,
                    format!(
                        "{v} is not a finite non-negative cost of at most {:e}",
                        ecom_core::MAX_ABS_VALUE
                    ),
                ));
            }
        }
        Ok(Self {
            fixed_per_site,
            per_unit_km,
        })
    }

    /// Fixed cost per site.
    pub fn fixed_per_site(&self) -> f64 {
        self.fixed_per_site
    }

    /// Transport cost per unit of demand per km.
    pub fn per_unit_km(&self) -> f64 {
        self.per_unit_km
    }

    /// Costs of a placement, checked: [`evaluate`](Self::evaluate), or
    /// [`KMeansError::Overflow`](crate::KMeansError::Overflow) when a cost exceeds `f64`
    /// (costs and demand both near `ecom_core::MAX_ABS_VALUE`).
    ///
    /// # Errors
    /// [`KMeansError::Overflow`](crate::KMeansError::Overflow), as above.
    pub fn try_evaluate(&self, model: &GeoModel) -> Result<NetworkCost> {
        let c = self.evaluate(model);
        if c.total.is_finite() {
            Ok(c)
        } else {
            Err(crate::KMeansError::Overflow {
                what: "network cost",
            })
        }
    }

    /// Costs of a placement: `k x fixed` and `per_unit_km x Σ demand x km`. Infinite only
    /// when the cost exceeds `f64`; [`try_evaluate`](Self::try_evaluate) reports that instead.
    pub fn evaluate(&self, model: &GeoModel) -> NetworkCost {
        let fixed = self.fixed_per_site * model.k() as f64;
        let transport = self.per_unit_km * model.weighted_sum_km();
        NetworkCost {
            k: model.k(),
            fixed,
            transport,
            total: fixed + transport,
        }
    }
}

/// Cost of a network of `k` sites.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct NetworkCost {
    /// Number of sites.
    pub k: usize,
    /// `k x` fixed cost per site.
    pub fixed: f64,
    /// Transport cost of serving all demand from the nearest site.
    pub transport: f64,
    /// `fixed + transport`.
    pub total: f64,
}

/// Placements and costs over a range of k, from [`choose_k_by_cost`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CostCurve {
    /// Cost of each k, ascending.
    pub costs: Vec<NetworkCost>,
    /// The placement of each k, in the same order.
    pub models: Vec<GeoModel>,
    best: usize,
}

impl CostCurve {
    /// The k with the lowest total cost (the smallest such k on ties).
    pub fn best_k(&self) -> usize {
        self.costs[self.best].k
    }

    /// Cost of the best k.
    pub fn best_cost(&self) -> &NetworkCost {
        &self.costs[self.best]
    }

    /// Placement of the best k.
    pub fn best_model(&self) -> &GeoModel {
        &self.models[self.best]
    }
}

/// Places sites for every k in `ks` with `spec` (its `k` replaced) and picks the k minimising
/// fixed plus transport cost. With [`GeoObjective::Distance`](crate::GeoObjective::Distance)
/// (the default) each placement minimises the transport term for its k.
///
/// ```
/// use ecom_core::PointSet;
/// use logistics_kmeans::{GeoKMeans, SiteCosts, choose_k_by_cost};
/// // Demand in London and Sydney: shipping 1000 units 17,000 km costs far more than a site.
/// let pts = PointSet::from_rows(&[[51.5, -0.1], [-33.9, 151.2]])?.with_weights(vec![1000.0, 1000.0])?;
/// let curve = choose_k_by_cost(&GeoKMeans::new(1), &pts, 1..=2, SiteCosts::new(50_000.0, 0.01)?)?;
/// assert_eq!(curve.best_k(), 2);
/// let cheap_transport = SiteCosts::new(50_000.0, 0.000_1)?;
/// assert_eq!(choose_k_by_cost(&GeoKMeans::new(1), &pts, 1..=2, cheap_transport)?.best_k(), 1);
/// # Ok::<(), logistics_kmeans::KMeansError>(())
/// ```
///
/// The range is checked before any k is fitted ([`GeoKMeans::check_k_range`]).
///
/// # Errors
/// [`KMeansError::InvalidParameter`](crate::KMeansError::InvalidParameter) for an empty range or
/// k = 0; [`KMeansError::TooFewDistinctPoints`](crate::KMeansError::TooFewDistinctPoints), at
/// once, for a range reaching beyond the number of distinct locations with positive weight;
/// [`KMeansError::Overflow`](crate::KMeansError::Overflow) for a cost beyond `f64`; the errors
/// of [`GeoKMeans::fit`].
pub fn choose_k_by_cost(
    spec: &GeoKMeans,
    points: &PointSet,
    ks: RangeInclusive<usize>,
    costs: SiteCosts,
) -> Result<CostCurve> {
    let models = spec.fit_k_range(points, ks)?;
    let net: Vec<NetworkCost> = models
        .iter()
        .map(|m| costs.try_evaluate(m))
        .collect::<Result<_>>()?;
    let best = net
        .iter()
        .enumerate()
        .min_by(|a, b| a.1.total.total_cmp(&b.1.total).then(a.0.cmp(&b.0)))
        .map_or(0, |(i, _)| i);
    Ok(CostCurve {
        costs: net,
        models,
        best,
    })
}
