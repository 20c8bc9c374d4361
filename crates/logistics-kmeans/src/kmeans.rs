//! The k-means specification and its `fit`.

use std::ops::RangeInclusive;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use ecom_core::PointSet;

use crate::data::{Data, Plan, Stats, distinct_up_to};
use crate::error::{KMeansError, Result, at_most, invalid};
use crate::init::{default_trials, kmeans_plus_plus, random_points};
use crate::limits::{MAX_ELKAN_BOUNDS, MAX_ITER, MAX_LOCAL_TRIALS, MAX_N_INIT};
use crate::model::KMeansModel;
use crate::params::{Algorithm, Init};
use crate::rng::stream;
use crate::run::{Method, RunConfig, RunOutput, run};
use crate::scale::{max_abs, pow2_scale, scaled, unscale_sq};

/// Default seed of every randomised routine in this crate.
pub const DEFAULT_SEED: u64 = 0;

/// k-means specification (scikit-learn's `KMeans` parameters and defaults). `fit` borrows it,
/// so one specification can fit many point sets in parallel.
///
/// Restart `r` draws from its own ChaCha stream derived from `(seed, r)`, and every parallel sum
/// runs over a fixed partition of the points in a fixed order, so a seed gives the same model on
/// any number of threads.
///
/// ```
/// use ecom_core::PointSet;
/// use logistics_kmeans::{Algorithm, KMeans};
/// let pts = PointSet::from_rows(&[[1.0, 2.0], [1.0, 4.0], [1.0, 0.0], [10.0, 2.0], [10.0, 4.0], [10.0, 0.0]])?;
/// let model = KMeans::new(2).n_init(10).seed(0).algorithm(Algorithm::Auto).fit(&pts)?;
/// assert_eq!(model.inertia(), 16.0);
/// let mut centres: Vec<&[f64]> = (0..2).map(|j| model.centre(j)).collect();
/// centres.sort_by(|a, b| a[0].total_cmp(&b[0]));
/// assert_eq!(centres, [[1.0, 2.0], [10.0, 2.0]]);
/// # Ok::<(), logistics_kmeans::KMeansError>(())
/// ```
///
/// Serde: a saved specification is validated when read (as by [`fit`](Self::fit), short of
/// checks that need the data: given centres must be a non-empty multiple of `k` values, all
/// finite); only `k` is required, other fields take their defaults, unknown ones are an error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "KMeansSpec")]
pub struct KMeans {
    /// Number of clusters.
    pub k: usize,
    /// Initial centres (default greedy k-means++).
    pub init: Init,
    /// Restarts, the best (lowest inertia) kept. `None` = scikit-learn's `"auto"`: 1 with
    /// k-means++ or given centres, 10 with random init.
    pub n_init: Option<usize>,
    /// Maximum iterations per run (default 300).
    pub max_iter: usize,
    /// Relative tolerance on centre movement (default 1e-4): a run stops when Σ‖Δc‖² falls to
    /// `tol` x the mean per-feature variance of the data, as in scikit-learn.
    pub tol: f64,
    /// Seed (default [`DEFAULT_SEED`]).
    pub seed: u64,
    /// Exact iteration (default [`Algorithm::Auto`]).
    pub algorithm: Algorithm,
    /// Candidates per centre in greedy k-means++ (`None` = `2 + ⌊ln k⌋`).
    pub local_trials: Option<usize>,
    /// Record the best run's objective after every iteration (costs one pass per iteration).
    pub record_history: bool,
}

impl KMeans {
    /// `k` clusters with scikit-learn's defaults.
    pub fn new(k: usize) -> Self {
        Self {
            k,
            init: Init::KMeansPlusPlus,
            n_init: None,
            max_iter: 300,
            tol: 1e-4,
            seed: DEFAULT_SEED,
            algorithm: Algorithm::Auto,
            local_trials: None,
            record_history: false,
        }
    }

    /// Sets the initialisation.
    pub fn init(mut self, init: Init) -> Self {
        self.init = init;
        self
    }

    /// Sets the number of restarts.
    pub fn n_init(mut self, n_init: usize) -> Self {
        self.n_init = Some(n_init);
        self
    }

    /// Sets the maximum iterations per run.
    pub fn max_iter(mut self, max_iter: usize) -> Self {
        self.max_iter = max_iter;
        self
    }

    /// Sets the relative tolerance (0 runs until no label changes or `max_iter`).
    pub fn tol(mut self, tol: f64) -> Self {
        self.tol = tol;
        self
    }

    /// Sets the seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Sets the exact iteration.
    pub fn algorithm(mut self, algorithm: Algorithm) -> Self {
        self.algorithm = algorithm;
        self
    }

    /// Sets the number of greedy k-means++ candidates per centre.
    pub fn local_trials(mut self, trials: usize) -> Self {
        self.local_trials = Some(trials);
        self
    }

    /// Records the objective after every iteration of the best run.
    pub fn record_history(mut self, on: bool) -> Self {
        self.record_history = on;
        self
    }

    /// Number of restarts actually made.
    pub fn effective_n_init(&self) -> usize {
        match (&self.init, self.n_init) {
            (Init::Centres(_), _) => 1,
            (_, Some(n)) => n,
            (Init::Random, None) => 10,
            (_, None) => 1,
        }
    }

    /// Clusters `points` (weighted when they carry weights).
    ///
    /// # Errors
    /// [`KMeansError::InvalidParameter`] for `k = 0`, `n_init = 0`, `max_iter = 0`, a negative or
    /// non-finite `tol`, `local_trials = 0`; [`KMeansError::LimitExceeded`] for `n_init`,
    /// `max_iter` or `local_trials` above their [`limits`](crate::limits), or explicit
    /// [`Algorithm::Elkan`] needing more than [`MAX_ELKAN_BOUNDS`] bounds;
    /// [`KMeansError::DimensionMismatch`] / [`KMeansError::NonFinite`] for bad given centres;
    /// [`KMeansError::TooFewDistinctPoints`] when `k` exceeds the number of distinct points
    /// with positive weight; [`KMeansError::Overflow`] when the inertia itself exceeds `f64`
    /// (coordinates and weights near `ecom_core::MAX_ABS_VALUE`). Coordinates whose squares
    /// could overflow are fitted scaled by an exact power of two, so centres, labels and a
    /// finite inertia are those of the unscaled problem.
    pub fn fit(&self, points: &PointSet) -> Result<KMeansModel> {
        let d = points.dim();
        self.validate(d)?;
        // Coordinates beyond 2^±64 are multiplied by an exact power of two (see `scale`): the
        // same fit, bit for bit, without squared distances overflowing.
        let init_max = match &self.init {
            Init::Centres(c) => max_abs(c),
            _ => 0.0,
        };
        let scale = pow2_scale(max_abs(points.as_slice()).max(init_max));
        let xs = scaled(points.as_slice(), scale);
        let data = match &xs {
            Some(x) => Data::new(x, d, points.weights()),
            None => Data::from_points(points),
        };
        let rescaled;
        let spec = match &self.init {
            Init::Centres(c) if scale != 1.0 => {
                rescaled = KMeans {
                    init: Init::Centres(scaled(c, scale).unwrap_or_default()),
                    ..self.clone()
                };
                &rescaled
            }
            _ => self,
        };
        let fit = spec.fit_data(&data, false)?;
        let mut centres = fit.best.centres;
        if scale != 1.0 {
            centres.iter_mut().for_each(|c| *c /= scale);
        }
        let unscale_all = |v: &[f64], what| -> Result<Vec<f64>> {
            v.iter().map(|&x| unscale_sq(x, scale, what)).collect()
        };
        Ok(KMeansModel {
            k: self.k,
            dim: data.d,
            labels: fit.best.labels.iter().map(|&l| l as usize).collect(),
            centres,
            inertia: unscale_sq(fit.best.inertia, scale, "inertia")?,
            n_iter: fit.best.n_iter,
            converged: fit.best.converged,
            algorithm: match fit.method {
                Method::Lloyd => Algorithm::Lloyd,
                Method::Hamerly => Algorithm::Hamerly,
                Method::Elkan => Algorithm::Elkan,
            },
            best_run: fit.best_run,
            run_inertias: unscale_all(&fit.run_inertias, "inertia of a restart")?,
            history: if self.record_history {
                Some(unscale_all(&fit.best.history, "inertia history")?)
            } else {
                None
            },
        })
    }

    /// The largest k [`fit`](Self::fit) accepts on `points`: the number of distinct points with
    /// positive weight (one pass, hashing each point once).
    pub fn max_k(points: &PointSet) -> usize {
        distinct_up_to(&Data::from_points(points), usize::MAX)
    }

    /// Checks, before any fit, what fitting every k in `ks` would reject: an empty range or
    /// k = 0, this specification's other parameters (validated with the range's first k), and
    /// a range reaching beyond the number of distinct points with positive weight. Used by
    /// [`KCurve::fit`](crate::KCurve::fit), so a range far too wide fails at once rather than
    /// after fitting every k that works.
    ///
    /// ```
    /// use ecom_core::PointSet;
    /// use logistics_kmeans::{KMeans, KMeansError};
    /// let pts = PointSet::from_rows(&[[0.0], [1.0], [1.0], [5.0]])?;
    /// assert!(KMeans::new(1).check_k_range(&pts, &(1..=3)).is_ok());
    /// let e = KMeans::new(1).check_k_range(&pts, &(1..=1_000_000)).unwrap_err();
    /// assert!(matches!(e, KMeansError::TooFewDistinctPoints { k: 4, distinct: 3 }));
    /// # Ok::<(), KMeansError>(())
    /// ```
    ///
    /// # Errors
    /// [`KMeansError::InvalidParameter`] for an empty range, k = 0 or invalid settings;
    /// [`KMeansError::TooFewDistinctPoints`] naming the first k that could not be fitted (the
    /// error fitting the range one k at a time would end with).
    pub fn check_k_range(&self, points: &PointSet, ks: &RangeInclusive<usize>) -> Result<()> {
        check_range(ks)?;
        let mut first = self.clone();
        first.k = *ks.start();
        first.validate(points.dim())?;
        check_distinct(&Data::from_points(points), ks)
    }

    pub(crate) fn validate(&self, d: usize) -> Result<()> {
        self.validate_settings()?;
        if let Init::Centres(c) = &self.init {
            if c.len() != self.k * d {
                return Err(KMeansError::DimensionMismatch {
                    what: "initial centres (k x d values)",
                    expected: self.k * d,
                    got: c.len(),
                });
            }
            check_finite("initial centres", c)?;
        }
        Ok(())
    }

    /// The checks of [`validate`](Self::validate) that do not need the data's dimension.
    pub(crate) fn validate_settings(&self) -> Result<()> {
        if self.k == 0 {
            return Err(invalid("k", "at least one cluster is needed"));
        }
        if self.n_init == Some(0) {
            return Err(invalid("n_init", "at least one run is needed"));
        }
        if self.max_iter == 0 {
            return Err(invalid("max_iter", "at least one iteration is needed"));
        }
        at_most("n_init", self.n_init.unwrap_or(1), MAX_N_INIT)?;
        at_most("max_iter", self.max_iter, MAX_ITER)?;
        at_most(
            "local_trials",
            self.local_trials.unwrap_or(1),
            MAX_LOCAL_TRIALS,
        )?;
        if !(self.tol.is_finite() && self.tol >= 0.0) {
            return Err(invalid(
                "tol",
                format!("{} is not a finite non-negative number", self.tol),
            ));
        }
        if self.algorithm == Algorithm::MiniBatch {
            return Err(invalid(
                "algorithm",
                "use MiniBatchKMeans for mini-batch k-means",
            ));
        }
        if self.local_trials == Some(0) {
            return Err(invalid("local_trials", "at least one candidate is needed"));
        }
        Ok(())
    }

    /// Validates, then runs every restart and keeps the best by inertia. `spherical` projects
    /// centres to the unit sphere after each update (data must be unit vectors).
    pub(crate) fn fit_data(&self, data: &Data<'_>, spherical: bool) -> Result<Fit<RunOutput>> {
        self.restarts(data, spherical, |_, r| {
            let score = r.inertia;
            (r, score)
        })
    }

    /// Validates, runs every restart, passes each run through `finish` (which returns the value
    /// to keep and its score) and keeps the lowest score (the earliest restart on ties).
    pub(crate) fn restarts<T, F>(
        &self,
        data: &Data<'_>,
        spherical: bool,
        finish: F,
    ) -> Result<Fit<T>>
    where
        T: Send,
        F: Fn(&Plan, RunOutput) -> (T, f64) + Sync,
    {
        self.validate(data.d)?;
        let k = self.k;
        let distinct = distinct_up_to(data, k);
        if distinct < k {
            return Err(KMeansError::TooFewDistinctPoints { k, distinct });
        }
        let method = resolve(self.algorithm, data.n, k, data.d);
        if method == Method::Elkan {
            at_most(
                "Elkan distance bounds (n x (k + 1))",
                data.n.saturating_mul(k + 1),
                MAX_ELKAN_BOUNDS,
            )?;
        }
        let plan = Plan::new(data.n, k);
        let stats = Stats::compute(data, &plan);
        let n_init = self.effective_n_init();
        // With at least one restart per thread, restarts run in parallel, each on one thread:
        // no synchronisation per pass, and memory bounded by the thread count. Otherwise
        // restarts run in turn with every pass spread over the threads. Results are identical.
        let threads = rayon::current_num_threads();
        let bounds = if method == Method::Elkan { k + 1 } else { 2 };
        let per_run_bytes = 8 * data.n * (bounds + 2) + 8 * plan.n_chunks * k * (data.d + 1);
        let parallel_runs = n_init > 1
            && n_init >= threads
            && per_run_bytes.saturating_mul(threads.min(n_init)) <= 1 << 31;
        let run_plan = if parallel_runs {
            plan.sequential()
        } else {
            plan
        };
        let cfg = RunConfig {
            max_iter: self.max_iter,
            tol_abs: stats.mean_variance * self.tol,
            method,
            margin: stats.bound_margin(),
            spherical,
            history: self.record_history,
        };
        let trials = self.local_trials.unwrap_or_else(|| default_trials(k));
        let plan = run_plan;
        let one = |r: usize| -> (T, f64) {
            let mut rng = stream(self.seed, r as u64);
            let centres = match &self.init {
                Init::KMeansPlusPlus => kmeans_plus_plus(data, k, trials, &plan, &mut rng),
                Init::Random => random_points(data, k, &mut rng),
                Init::Centres(c) => {
                    let mut c = c.clone();
                    if spherical {
                        let zeros = vec![0.0; c.len()];
                        crate::update::project_to_sphere(&mut c, &zeros, data.d);
                    }
                    c
                }
            };
            finish(&plan, run(data, &plan, k, centres, &cfg))
        };
        let runs: Vec<(T, f64)> = if parallel_runs {
            (0..n_init)
                .into_par_iter()
                .with_max_len(1)
                .map(one)
                .collect()
        } else {
            (0..n_init).map(one).collect()
        };
        let scores: Vec<f64> = runs.iter().map(|r| r.1).collect();
        let best_run = scores
            .iter()
            .enumerate()
            .min_by(|a, b| a.1.total_cmp(b.1).then(a.0.cmp(&b.0)))
            .map_or(0, |(i, _)| i);
        let best = runs.into_iter().nth(best_run).expect("at least one run").0;
        Ok(Fit {
            best,
            best_run,
            run_inertias: scores,
            method,
        })
    }
}

/// Given centres read from a file: a non-empty multiple of `k` values (the dimension is only
/// known at fit), all finite.
pub(crate) fn check_saved_centres(
    what: &'static str,
    c: &[f64],
    k: usize,
    per: usize,
) -> Result<()> {
    if c.is_empty() || !c.len().is_multiple_of(k * per) {
        return Err(KMeansError::DimensionMismatch {
            what,
            expected: k * per * (c.len() / (k * per)).max(1),
            got: c.len(),
        });
    }
    check_finite(what, c)
}

/// Saved form of [`KMeans`]: only `k` is required.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KMeansSpec {
    k: usize,
    #[serde(default)]
    init: Init,
    #[serde(default)]
    n_init: Option<usize>,
    #[serde(default = "defaults::max_iter")]
    max_iter: usize,
    #[serde(default = "defaults::tol")]
    tol: f64,
    #[serde(default)]
    seed: u64,
    #[serde(default)]
    algorithm: Algorithm,
    #[serde(default)]
    local_trials: Option<usize>,
    #[serde(default)]
    record_history: bool,
}

/// Defaults of saved specifications (those of the constructors).
pub(crate) mod defaults {
    pub(crate) fn max_iter() -> usize {
        300
    }
    pub(crate) fn tol() -> f64 {
        1e-4
    }
}

impl TryFrom<KMeansSpec> for KMeans {
    type Error = KMeansError;
    fn try_from(r: KMeansSpec) -> Result<Self> {
        let spec = KMeans {
            k: r.k,
            init: r.init,
            n_init: r.n_init,
            max_iter: r.max_iter,
            tol: r.tol,
            seed: r.seed,
            algorithm: r.algorithm,
            local_trials: r.local_trials,
            record_history: r.record_history,
        };
        spec.validate_settings()?;
        if let Init::Centres(c) = &spec.init {
            check_saved_centres("initial centres (k x d values)", c, spec.k, 1)?;
        }
        Ok(spec)
    }
}

/// Result of [`KMeans::restarts`]: the kept run, its index, every run's score.
pub(crate) struct Fit<T> {
    pub(crate) best: T,
    pub(crate) best_run: usize,
    pub(crate) run_inertias: Vec<f64>,
    pub(crate) method: Method,
}

/// Picks the exact iteration for `Auto`, from measurements (single thread, same seeds, so only
/// the cost per iteration differs; `examples/algorithm_choice.rs`, docs/BENCHMARKS.md):
/// - d ≤ 2 and k ≤ 16: Lloyd. A 2-D distance costs about what a bound test does, so with few
///   centres pruning does not pay (within 15% either way at k = 8-16 on 10k points; Lloyd
///   1.07x on 1M x 2 with k = 16); from k = 24 Hamerly wins (1.3-1.8x at k = 24, 32, 50).
/// - d ≥ 32 and k ≥ 24 (when `n x k` bounds fit in 256 MiB): Elkan, whose per-centre bounds
///   prune most expensive distances (digits, k = 40: 1.4x faster than Hamerly).
/// - otherwise Hamerly (2x at d = 3, 4-5x at d = 4 and 8, 3.4x at d = 3 with k = 100).
pub(crate) fn resolve(a: Algorithm, n: usize, k: usize, d: usize) -> Method {
    match a {
        Algorithm::Lloyd => Method::Lloyd,
        Algorithm::Elkan => Method::Elkan,
        Algorithm::Hamerly | Algorithm::MiniBatch => Method::Hamerly,
        Algorithm::Auto => {
            if k == 1 || (d <= 2 && k <= 16) {
                Method::Lloyd
            } else if d >= 32 && k >= 24 && n.saturating_mul(k) <= 1 << 25 {
                Method::Elkan
            } else {
                Method::Hamerly
            }
        }
    }
}

/// A range of k must be non-empty and start at 1 or more.
pub(crate) fn check_range(ks: &RangeInclusive<usize>) -> Result<()> {
    if ks.is_empty() || *ks.start() == 0 {
        return Err(invalid(
            "ks",
            format!("{ks:?} must be a non-empty range of k >= 1"),
        ));
    }
    Ok(())
}

/// `TooFewDistinctPoints` for the first k of `ks` above the number of distinct points with
/// positive weight (counted no further than the range's end).
pub(crate) fn check_distinct(data: &Data<'_>, ks: &RangeInclusive<usize>) -> Result<()> {
    let end = *ks.end();
    let distinct = distinct_up_to(data, end);
    if distinct < end {
        return Err(KMeansError::TooFewDistinctPoints {
            k: (*ks.start()).max(distinct + 1),
            distinct,
        });
    }
    Ok(())
}

pub(crate) fn check_finite(what: &'static str, values: &[f64]) -> Result<()> {
    match values.iter().position(|v| !v.is_finite()) {
        Some(index) => Err(KMeansError::NonFinite {
            what,
            index,
            value: values[index],
        }),
        None => Ok(()),
    }
}
