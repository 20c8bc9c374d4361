//! Cost-driven choice of the number of sites: fixed cost per site against transport cost.

use std::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

use ecom_core::PointSet;

use crate::error::{KMeansError, Result, bad_field, invalid};
use crate::geo::GeoKMeans;
use crate::geo_model::GeoModel;

/// Network costs: a fixed cost per open site and a transport cost per unit of demand per km.
/// Use the same period for both (for example a year of demand and a yearly site cost).
///
/// Serde: read through [`SiteCosts::new`], so saved costs are validated.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "SiteCostsRepr")]
pub struct SiteCosts {
    fixed_per_site: f64,
    per_unit_km: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteCostsRepr {
    #[serde(deserialize_with = "crate::saved::float")]
    fixed_per_site: f64,
    #[serde(deserialize_with = "crate::saved::float")]
    per_unit_km: f64,
}

impl TryFrom<SiteCostsRepr> for SiteCosts {
    type Error = KMeansError;
    fn try_from(r: SiteCostsRepr) -> Result<Self> {
        Self::new(r.fixed_per_site, r.per_unit_km)
    }
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
///
/// Serde: loading checks `k >= 1` and finite non-negative costs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "NetworkCostRepr")]
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NetworkCostRepr {
    k: usize,
    #[serde(deserialize_with = "crate::saved::float")]
    fixed: f64,
    #[serde(deserialize_with = "crate::saved::float")]
    transport: f64,
    #[serde(deserialize_with = "crate::saved::float")]
    total: f64,
}

impl TryFrom<NetworkCostRepr> for NetworkCost {
    type Error = KMeansError;
    fn try_from(r: NetworkCostRepr) -> Result<Self> {
        crate::saved::check_count("k", r.k, 1, usize::MAX)?;
        crate::saved::check_values("fixed", &[r.fixed], 0.0)?;
        crate::saved::check_values("transport", &[r.transport], 0.0)?;
        crate::saved::check_values("total", &[r.total], 0.0)?;
        Ok(Self {
            k: r.k,
            fixed: r.fixed,
            transport: r.transport,
            total: r.total,
        })
    }
}

/// Placements and costs over a range of k, from [`choose_k_by_cost`].
///
/// Saved (serde) with every field; loading checks the models (as [`GeoModel`]'s saved form),
/// one finite non-negative cost per model with the model's k, k ascending, and `best` the first
/// k of lowest total cost ([`KMeansError::InvalidModel`] naming the field).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "CostCurveRepr")]
pub struct CostCurve {
    /// Cost of each k, ascending.
    pub costs: Vec<NetworkCost>,
    /// The placement of each k, in the same order.
    pub models: Vec<GeoModel>,
    best: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CostCurveRepr {
    costs: Vec<NetworkCost>,
    models: Vec<GeoModel>,
    best: usize,
}

impl TryFrom<CostCurveRepr> for CostCurve {
    type Error = KMeansError;
    fn try_from(r: CostCurveRepr) -> Result<Self> {
        if r.models.is_empty() || r.costs.len() != r.models.len() {
            return Err(bad_field(
                "costs",
                format!(
                    "has {} entries for {} models (one each, at least one)",
                    r.costs.len(),
                    r.models.len()
                ),
            ));
        }
        for (i, (c, m)) in r.costs.iter().zip(&r.models).enumerate() {
            if c.k != m.k() {
                return Err(bad_field(
                    "costs",
                    format!("entry {i} is for k = {}, its model has k = {}", c.k, m.k()),
                ));
            }
            if i > 0 && c.k <= r.costs[i - 1].k {
                return Err(bad_field(
                    "costs",
                    format!("k is not ascending at entry {i}"),
                ));
            }
        }
        let best = lowest_total(&r.costs);
        if r.best != best {
            return Err(bad_field(
                "best",
                format!("is {}, but the lowest total cost is entry {best}", r.best),
            ));
        }
        Ok(Self {
            costs: r.costs,
            models: r.models,
            best,
        })
    }
}

/// Index of the lowest total cost (the first on ties).
fn lowest_total(costs: &[NetworkCost]) -> usize {
    costs
        .iter()
        .enumerate()
        .min_by(|a, b| a.1.total.total_cmp(&b.1.total).then(a.0.cmp(&b.0)))
        .map_or(0, |(i, _)| i)
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
    let best = lowest_total(&net);
    Ok(CostCurve {
        costs: net,
        models,
        best,
    })
}
