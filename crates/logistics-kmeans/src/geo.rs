//! Geographic site placement: k-means on the sphere for (latitude, longitude) points weighted by
//! demand, with distances in km.

use std::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

use ecom_core::{GeoPoint, PointSet};

use crate::data::{Data, distinct_up_to};
use crate::error::{KMeansError, Result};
use crate::geo_model::GeoModel;
use crate::kmeans::{DEFAULT_SEED, KMeans};
use crate::median;
use crate::params::{Algorithm, Init};
use crate::sphere::latlon_to_xyz;

/// What a geographic fit minimises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub enum GeoObjective {
    /// `Σ demand x great-circle km` to the serving site: the transport cost (the p-median
    /// objective). Spherical k-means first, then each site moves to its customers' weighted
    /// geometric median on the sphere while customers re-pick their nearest site.
    #[default]
    Distance,
    /// `Σ demand x chord²`: spherical k-means, each site the normalised demand-weighted mean of
    /// its customers' 3-D unit vectors. Favours keeping far customers close (squared distance).
    SquaredChord,
}

/// Demand-weighted site placement on the sphere.
///
/// Points are (latitude, longitude) in degrees, turned into 3-D unit vectors, so clusters
/// spanning the antimeridian or a pole come out right. Assignment is to the nearest site by
/// great-circle distance; every reported distance is in km (haversine, R = 6371.0088 km).
///
/// ```
/// use ecom_core::GeoPoint;
/// use logistics_kmeans::GeoKMeans;
/// // Two customers either side of the antimeridian (Fiji, Samoa) and two in Europe.
/// let pts = [
///     GeoPoint::new(-17.7, 178.0)?, GeoPoint::new(-13.8, -172.0)?,
///     GeoPoint::new(48.9, 2.4)?, GeoPoint::new(52.5, 13.4)?,
/// ];
/// let model = GeoKMeans::new(2).fit_geo(&pts, Some(&[1.0, 1.0, 5.0, 1.0]))?;
/// let pacific = model.sites()[model.labels()[0]];
/// assert_eq!(model.labels()[0], model.labels()[1]);
/// assert!(pacific.lon().abs() > 170.0); // not dragged to longitude ~3
/// // The European site sits on the heavy customer (Paris): the p-median of 5 vs 1.
/// let europe = model.sites()[model.labels()[2]];
/// assert!(europe.distance_km(&pts[2]) < 1.0);
/// # Ok::<(), logistics_kmeans::KMeansError>(())
/// ```
///
/// Serde: a saved specification is validated when read (as by [`fit`](Self::fit), short of
/// the data; given sites must be `k` valid (latitude, longitude) pairs); only `k` is required,
/// other fields take their defaults, unknown ones are an error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "GeoKMeansSpec")]
pub struct GeoKMeans {
    /// Number of sites.
    pub k: usize,
    /// Objective (default [`GeoObjective::Distance`]).
    pub objective: GeoObjective,
    /// Initial sites: k-means++ (default), random customers, or given sites as
    /// [`Init::Centres`] holding `k` (latitude, longitude) pairs in degrees.
    pub init: Init,
    /// Restarts, the lowest objective kept (default 10: placement problems are small and a
    /// better optimum is worth real money).
    pub n_init: usize,
    /// Maximum iterations of the spherical k-means stage and, separately, of the refinement
    /// rounds (default 300).
    pub max_iter: usize,
    /// Relative tolerance of the spherical k-means stage (default 1e-4, as scikit-learn).
    pub tol: f64,
    /// Seed (default [`DEFAULT_SEED`]).
    pub seed: u64,
    /// Exact iteration of the k-means stage (default [`Algorithm::Auto`]).
    pub algorithm: Algorithm,
}

impl GeoKMeans {
    /// `k` sites with the defaults.
    pub fn new(k: usize) -> Self {
        Self {
            k,
            objective: GeoObjective::Distance,
            init: Init::KMeansPlusPlus,
            n_init: 10,
            max_iter: 300,
            tol: 1e-4,
            seed: DEFAULT_SEED,
            algorithm: Algorithm::Auto,
        }
    }

    /// Sets the objective.
    pub fn objective(mut self, objective: GeoObjective) -> Self {
        self.objective = objective;
        self
    }

    /// Sets the initialisation (given sites as (latitude, longitude) pairs in degrees).
    pub fn init(mut self, init: Init) -> Self {
        self.init = init;
        self
    }

    /// Sets the number of restarts.
    pub fn n_init(mut self, n_init: usize) -> Self {
        self.n_init = n_init;
        self
    }

    /// Sets the maximum iterations.
    pub fn max_iter(mut self, max_iter: usize) -> Self {
        self.max_iter = max_iter;
        self
    }

    /// Sets the relative tolerance.
    pub fn tol(mut self, tol: f64) -> Self {
        self.tol = tol;
        self
    }

    /// Sets the seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Sets the exact iteration of the k-means stage.
    pub fn algorithm(mut self, algorithm: Algorithm) -> Self {
        self.algorithm = algorithm;
        self
    }

    /// Places sites for (latitude, longitude) rows in degrees, weighted by the point set's
    /// weights when it has them (for example units ordered).
    ///
    /// # Errors
    /// [`KMeansError::DimensionMismatch`] unless the points are 2-D;
    /// [`KMeansError::LatitudeOutOfRange`] / [`KMeansError::LongitudeOutOfRange`]; the errors of
    /// [`KMeans::fit`] (`k = 0`, too few distinct points, ...).
    pub fn fit(&self, points: &PointSet) -> Result<GeoModel> {
        if points.dim() != 2 {
            return Err(KMeansError::DimensionMismatch {
                what: "geographic points are (latitude, longitude) pairs",
                expected: 2,
                got: points.dim(),
            });
        }
        self.fit_latlon(points.as_slice(), points.weights())
    }

    /// Places sites for validated points with optional weights (one per point).
    ///
    /// # Errors
    /// [`KMeansError::DimensionMismatch`] for a weight count differing from the point count,
    /// [`KMeansError::NonFinite`] / [`KMeansError::NegativeWeight`] /
    /// [`KMeansError::ZeroTotalWeight`] for bad weights, [`KMeansError::Core`]
    /// (`CoreError::TooLarge`) for a weight beyond `ecom_core::MAX_ABS_VALUE` (as
    /// `PointSet::with_weights`), and the errors of [`fit`](Self::fit).
    pub fn fit_geo(&self, points: &[GeoPoint], weights: Option<&[f64]>) -> Result<GeoModel> {
        if points.is_empty() {
            return Err(ecom_core::CoreError::Empty { what: "point set" }.into());
        }
        let latlon: Vec<f64> = points.iter().flat_map(|p| [p.lat(), p.lon()]).collect();
        if let Some(w) = weights {
            check_weights(w, points.len())?;
        }
        self.fit_latlon(&latlon, weights)
    }

    /// Places sites for every k in `ks` (ascending), after checking the whole range first with
    /// [`check_k_range`](Self::check_k_range): a range far beyond the number of distinct
    /// locations fails at once instead of after fitting every k that works.
    ///
    /// # Errors
    /// Those of [`check_k_range`](Self::check_k_range) and [`fit`](Self::fit).
    pub fn fit_k_range(
        &self,
        points: &PointSet,
        ks: RangeInclusive<usize>,
    ) -> Result<Vec<GeoModel>> {
        self.check_k_range(points, &ks)?;
        ks.map(|k| {
            let mut s = self.clone();
            s.k = k;
            s.fit(points)
        })
        .collect()
    }

    /// Checks, before any fit, what fitting every k in `ks` on `points` would reject: points
    /// that are not valid (latitude, longitude) pairs, an empty range or k = 0, this
    /// specification's other settings (validated with the range's first k), and a range
    /// reaching beyond the number of distinct locations with positive weight.
    ///
    /// ```
    /// use ecom_core::PointSet;
    /// use logistics_kmeans::{GeoKMeans, KMeansError};
    /// let pts = PointSet::from_rows(&[[51.5, -0.1], [48.9, 2.4], [51.5, -0.1]])?;
    /// assert_eq!(GeoKMeans::new(1).max_k(&pts)?, 2);
    /// let e = GeoKMeans::new(1).check_k_range(&pts, &(1..=1_000_000)).unwrap_err();
    /// assert!(matches!(e, KMeansError::TooFewDistinctPoints { k: 3, distinct: 2 }));
    /// # Ok::<(), KMeansError>(())
    /// ```
    ///
    /// # Errors
    /// As [`fit`](Self::fit) for the points and settings;
    /// [`KMeansError::InvalidParameter`] for an empty range or k = 0;
    /// [`KMeansError::TooFewDistinctPoints`] naming the first k that could not be fitted.
    pub fn check_k_range(&self, points: &PointSet, ks: &RangeInclusive<usize>) -> Result<()> {
        crate::kmeans::check_range(ks)?;
        let xyz = self.unit_vectors(points)?;
        let mut first = self.clone();
        first.k = *ks.start();
        first.kmeans_spec(first.init.clone()).validate(3)?;
        if let Init::Centres(c) = &first.init
            && c.len() != 2 * first.k
        {
            return Err(KMeansError::DimensionMismatch {
                what: "initial sites ((latitude, longitude) pairs)",
                expected: 2 * first.k,
                got: c.len(),
            });
        }
        crate::kmeans::check_distinct(&Data::new(&xyz, 3, points.weights()), ks)
    }

    /// The largest k [`fit`](Self::fit) accepts on `points`: the number of distinct locations
    /// with positive weight.
    ///
    /// # Errors
    /// As [`fit`](Self::fit) for points that are not valid (latitude, longitude) pairs.
    pub fn max_k(&self, points: &PointSet) -> Result<usize> {
        let xyz = self.unit_vectors(points)?;
        Ok(distinct_up_to(
            &Data::new(&xyz, 3, points.weights()),
            usize::MAX,
        ))
    }

    fn unit_vectors(&self, points: &PointSet) -> Result<Vec<f64>> {
        if points.dim() != 2 {
            return Err(KMeansError::DimensionMismatch {
                what: "geographic points are (latitude, longitude) pairs",
                expected: 2,
                got: points.dim(),
            });
        }
        latlon_to_xyz(points.as_slice())
    }

    fn kmeans_spec(&self, init: Init) -> KMeans {
        KMeans {
            k: self.k,
            init,
            n_init: Some(self.n_init),
            max_iter: self.max_iter,
            tol: self.tol,
            seed: self.seed,
            algorithm: self.algorithm,
            local_trials: None,
            record_history: false,
        }
    }

    fn fit_latlon(&self, latlon: &[f64], weights: Option<&[f64]>) -> Result<GeoModel> {
        let xyz = latlon_to_xyz(latlon)?;
        let data = Data::new(&xyz, 3, weights);
        let init = match &self.init {
            Init::Centres(c) => {
                if c.len() != 2 * self.k {
                    return Err(KMeansError::DimensionMismatch {
                        what: "initial sites ((latitude, longitude) pairs)",
                        expected: 2 * self.k,
                        got: c.len(),
                    });
                }
                Init::Centres(latlon_to_xyz(c)?)
            }
            other => other.clone(),
        };
        let spec = self.kmeans_spec(init);
        let objective = self.objective;
        let max_rounds = self.max_iter;
        let fit = spec.restarts(&data, true, |plan, run| match objective {
            GeoObjective::SquaredChord => {
                let score = run.inertia;
                ((run.centres, run.labels, run.n_iter, run.converged), score)
            }
            GeoObjective::Distance => {
                let r = median::refine(&data, plan, run.centres, max_rounds);
                let score = r.objective;
                (
                    (
                        r.centres,
                        r.labels,
                        run.n_iter + r.rounds,
                        run.converged && r.converged,
                    ),
                    score,
                )
            }
        })?;
        let (centres, labels, n_iter, converged) = fit.best;
        Ok(GeoModel::new(
            objective, latlon, weights, &centres, labels, n_iter, converged,
        ))
    }
}

/// Saved form of [`GeoKMeans`]: only `k` is required.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GeoKMeansSpec {
    k: usize,
    #[serde(default)]
    objective: GeoObjective,
    #[serde(default)]
    init: Init,
    #[serde(default = "geo_n_init")]
    n_init: usize,
    #[serde(default = "crate::kmeans::defaults::max_iter")]
    max_iter: usize,
    #[serde(default = "crate::kmeans::defaults::tol")]
    tol: f64,
    #[serde(default)]
    seed: u64,
    #[serde(default)]
    algorithm: Algorithm,
}

fn geo_n_init() -> usize {
    GeoKMeans::new(1).n_init
}

impl TryFrom<GeoKMeansSpec> for GeoKMeans {
    type Error = KMeansError;
    fn try_from(r: GeoKMeansSpec) -> Result<Self> {
        let spec = GeoKMeans {
            k: r.k,
            objective: r.objective,
            init: r.init,
            n_init: r.n_init,
            max_iter: r.max_iter,
            tol: r.tol,
            seed: r.seed,
            algorithm: r.algorithm,
        };
        spec.kmeans_spec(Init::KMeansPlusPlus).validate_settings()?;
        if let Init::Centres(c) = &spec.init {
            if c.len() != 2 * spec.k {
                return Err(KMeansError::DimensionMismatch {
                    what: "initial sites ((latitude, longitude) pairs)",
                    expected: 2 * spec.k,
                    got: c.len(),
                });
            }
            latlon_to_xyz(c)?;
        }
        Ok(spec)
    }
}

pub(crate) fn check_weights(w: &[f64], n: usize) -> Result<()> {
    if w.len() != n {
        return Err(KMeansError::DimensionMismatch {
            what: "weights (one per point)",
            expected: n,
            got: w.len(),
        });
    }
    crate::kmeans::check_finite("weights", w)?;
    // As `PointSet::with_weights`: beyond 1e150, demand x km² sums could overflow.
    if let Some(index) = w.iter().position(|&v| !ecom_core::within_limits(v)) {
        return Err(ecom_core::CoreError::TooLarge {
            what: "weights",
            index,
            value: w[index],
            max: ecom_core::MAX_ABS_VALUE,
        }
        .into());
    }
    if let Some(i) = w.iter().position(|&v| v < 0.0) {
        return Err(KMeansError::NegativeWeight {
            index: i,
            value: w[i],
        });
    }
    if w.iter().sum::<f64>() <= 0.0 {
        return Err(KMeansError::ZeroTotalWeight);
    }
    Ok(())
}
