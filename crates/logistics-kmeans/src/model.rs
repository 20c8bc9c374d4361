//! The fitted k-means model.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use ecom_core::PointSet;

use crate::distance::nearest;
use crate::error::{KMeansError, Result, bad_field};
use crate::limits::{MAX_ITER, MAX_N_INIT};
use crate::params::Algorithm;
use crate::saved::{check_count, check_labels, check_len, check_values, floats, opt_floats};
use crate::scale::{max_abs, pow2_scale, scaled, unscale_sq};

/// A fitted k-means model: centres, the training points' labels and the objective.
///
/// ```
/// use ecom_core::PointSet;
/// use logistics_kmeans::KMeans;
/// let pts = PointSet::from_rows(&[[0.0, 0.0], [0.0, 1.0], [10.0, 0.0], [10.0, 1.0]])?;
/// let model = KMeans::new(2).n_init(4).fit(&pts)?;
/// assert_eq!(model.inertia(), 1.0);
/// let new = PointSet::from_rows(&[[9.0, 0.5]])?;
/// assert_eq!(model.predict(&new)?, vec![model.labels()[2]]);
/// # Ok::<(), logistics_kmeans::KMeansError>(())
/// ```
///
/// Saved (serde) with every field; loading checks `k >= 1`, `dim >= 1`, `k x dim` finite
/// centres, one label in `0..k` per training point, finite non-negative inertias with the best
/// run's equal to `inertia`, counts within [`limits`](crate::limits) and a concrete algorithm
/// ([`KMeansError::InvalidModel`] naming the field), so no method panics on a loaded model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "KMeansModelRepr")]
pub struct KMeansModel {
    pub(crate) centres: Vec<f64>,
    pub(crate) k: usize,
    pub(crate) dim: usize,
    pub(crate) labels: Vec<usize>,
    pub(crate) inertia: f64,
    pub(crate) n_iter: usize,
    pub(crate) converged: bool,
    pub(crate) algorithm: Algorithm,
    pub(crate) best_run: usize,
    pub(crate) run_inertias: Vec<f64>,
    pub(crate) history: Option<Vec<f64>>,
}

impl KMeansModel {
    /// Number of clusters.
    pub fn k(&self) -> usize {
        self.k
    }

    /// Coordinates per centre.
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// All centres, `k x dim` row-major.
    pub fn centres(&self) -> &[f64] {
        &self.centres
    }

    /// Centre `j`.
    ///
    /// # Panics
    /// If `j >= k`.
    pub fn centre(&self, j: usize) -> &[f64] {
        &self.centres[j * self.dim..(j + 1) * self.dim]
    }

    /// Cluster of each training point (its nearest centre).
    pub fn labels(&self) -> &[usize] {
        &self.labels
    }

    /// `Σ wᵢ ‖xᵢ − c(i)‖²` over the training points (scikit-learn's `inertia_`).
    pub fn inertia(&self) -> f64 {
        self.inertia
    }

    /// Iterations of the best run.
    pub fn n_iter(&self) -> usize {
        self.n_iter
    }

    /// Whether the best run stopped on its tolerance (or with no label change) before `max_iter`.
    pub fn converged(&self) -> bool {
        self.converged
    }

    /// The exact algorithm that ran (never `Auto`).
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// Index of the restart that won (0-based).
    pub fn best_run(&self) -> usize {
        self.best_run
    }

    /// Final inertia of every restart, in restart order.
    pub fn run_inertias(&self) -> &[f64] {
        &self.run_inertias
    }

    /// The best run's objective `Σ wᵢ min_j ‖xᵢ − c_j‖²` at the initial centres and after every
    /// update, when [`KMeans::record_history`](crate::KMeans::record_history) was set.
    pub fn inertia_history(&self) -> Option<&[f64]> {
        self.history.as_deref()
    }

    /// Number of training points in each cluster.
    pub fn cluster_sizes(&self) -> Vec<usize> {
        let mut sizes = vec![0; self.k];
        for &l in &self.labels {
            sizes[l] += 1;
        }
        sizes
    }

    /// Nearest centre of each point.
    ///
    /// # Errors
    /// [`KMeansError::DimensionMismatch`] when the points' dimension differs from the model's.
    pub fn predict(&self, points: &PointSet) -> Result<Vec<usize>> {
        self.check_dim(points)?;
        let d = self.dim;
        // Squared distances of coordinates near 1e150 overflow: compare them scaled (exactly).
        let scale = pow2_scale(max_abs(points.as_slice()).max(max_abs(&self.centres)));
        let (xs, cs) = (
            scaled(points.as_slice(), scale),
            scaled(&self.centres, scale),
        );
        let (x, c) = (
            xs.as_deref().unwrap_or(points.as_slice()),
            cs.as_deref().unwrap_or(&self.centres),
        );
        Ok(x.par_chunks(d).map(|x| nearest(x, c, d).0).collect())
    }

    /// Weighted inertia of `points` against these centres, each point at its nearest centre.
    ///
    /// # Errors
    /// [`KMeansError::DimensionMismatch`] when the points' dimension differs from the model's;
    /// [`KMeansError::Overflow`] when the inertia exceeds `f64`.
    pub fn score(&self, points: &PointSet) -> Result<f64> {
        self.check_dim(points)?;
        inertia(points, &self.centres)
    }

    fn check_dim(&self, points: &PointSet) -> Result<()> {
        if points.dim() != self.dim {
            return Err(KMeansError::DimensionMismatch {
                what: "point dimension",
                expected: self.dim,
                got: points.dim(),
            });
        }
        Ok(())
    }
}

/// Saved form of [`KMeansModel`]: its fields, read unchecked.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KMeansModelRepr {
    #[serde(deserialize_with = "floats")]
    centres: Vec<f64>,
    k: usize,
    dim: usize,
    labels: Vec<usize>,
    #[serde(deserialize_with = "crate::saved::float")]
    inertia: f64,
    n_iter: usize,
    converged: bool,
    algorithm: Algorithm,
    best_run: usize,
    #[serde(deserialize_with = "floats")]
    run_inertias: Vec<f64>,
    #[serde(deserialize_with = "opt_floats")]
    history: Option<Vec<f64>>,
}

impl TryFrom<KMeansModelRepr> for KMeansModel {
    type Error = KMeansError;
    fn try_from(r: KMeansModelRepr) -> Result<Self> {
        check_count("k", r.k, 1, usize::MAX)?;
        check_count("dim", r.dim, 1, usize::MAX)?;
        let n =
            r.k.checked_mul(r.dim)
                .ok_or_else(|| bad_field("centres", "k x dim overflows"))?;
        check_len("centres", r.centres.len(), n, "k x dim")?;
        check_values("centres", &r.centres, f64::NEG_INFINITY)?;
        if r.labels.is_empty() {
            return Err(bad_field(
                "labels",
                "are empty: a model has training points",
            ));
        }
        check_labels("labels", &r.labels, r.k)?;
        check_values("inertia", &[r.inertia], 0.0)?;
        check_count("n_iter", r.n_iter, 0, MAX_ITER)?;
        if r.algorithm == Algorithm::Auto {
            return Err(bad_field(
                "algorithm",
                "is Auto; a fitted model names the algorithm that ran",
            ));
        }
        check_count("run_inertias", r.run_inertias.len(), 1, MAX_N_INIT)?;
        check_values("run_inertias", &r.run_inertias, 0.0)?;
        check_count("best_run", r.best_run, 0, r.run_inertias.len() - 1)?;
        let lowest = r
            .run_inertias
            .iter()
            .enumerate()
            .min_by(|a, b| a.1.total_cmp(b.1).then(a.0.cmp(&b.0)))
            .map_or(0, |(i, _)| i);
        if r.best_run != lowest {
            return Err(bad_field(
                "best_run",
                format!("is {}, but run {lowest} has the lowest inertia", r.best_run),
            ));
        }
        if r.run_inertias[r.best_run].to_bits() != r.inertia.to_bits() {
            return Err(bad_field(
                "run_inertias",
                format!(
                    "of the best run ({}) differs from the model's inertia ({})",
                    r.run_inertias[r.best_run], r.inertia
                ),
            ));
        }
        if let Some(h) = &r.history {
            check_values("history", h, 0.0)?;
            check_count("history", h.len(), 1, MAX_ITER + 1)?;
        }
        Ok(Self {
            centres: r.centres,
            k: r.k,
            dim: r.dim,
            labels: r.labels,
            inertia: r.inertia,
            n_iter: r.n_iter,
            converged: r.converged,
            algorithm: r.algorithm,
            best_run: r.best_run,
            run_inertias: r.run_inertias,
            history: r.history,
        })
    }
}

/// `Σ wᵢ min_j ‖xᵢ − c_j‖²`: the weighted k-means objective of `centres` (`k x d` row-major) on
/// `points`, each point at its nearest centre. Summed in fixed chunks, so it is deterministic.
///
/// ```
/// use ecom_core::PointSet;
/// let pts = PointSet::from_rows(&[[0.0], [1.0], [5.0]])?.with_weights(vec![1.0, 1.0, 2.0])?;
/// assert_eq!(logistics_kmeans::inertia(&pts, &[0.5, 4.0])?, 0.25 + 0.25 + 2.0);
/// # Ok::<(), logistics_kmeans::KMeansError>(())
/// ```
///
/// Coordinates whose squares could overflow are scaled by an exact power of two first, so the
/// result is exact whenever it fits in `f64`.
///
/// # Errors
/// [`KMeansError::DimensionMismatch`] when `centres` is empty or not a multiple of the points'
/// dimension, [`KMeansError::NonFinite`] for a NaN or infinite centre coordinate,
/// [`KMeansError::Overflow`] when the objective exceeds `f64`.
pub fn inertia(points: &PointSet, centres: &[f64]) -> Result<f64> {
    let d = points.dim();
    if centres.is_empty() || !centres.len().is_multiple_of(d) {
        return Err(KMeansError::DimensionMismatch {
            what: "centre coordinates (a positive multiple of the point dimension)",
            expected: d * (centres.len() / d).max(1),
            got: centres.len(),
        });
    }
    crate::kmeans::check_finite("centres", centres)?;
    let scale = pow2_scale(max_abs(points.as_slice()).max(max_abs(centres)));
    let (xs, cs) = (scaled(points.as_slice(), scale), scaled(centres, scale));
    let data = match &xs {
        Some(x) => crate::data::Data::new(x, d, points.weights()),
        None => crate::data::Data::from_points(points),
    };
    let plan = crate::data::Plan::new(data.n, centres.len() / d);
    let v = crate::update::objective(&data, &plan, cs.as_deref().unwrap_or(centres));
    unscale_sq(v, scale, "inertia")
}
