//! Mini-batch k-means (Sculley 2010) for millions of points, following scikit-learn's
//! `MiniBatchKMeans`: batches drawn with probability proportional to weight, per-centre
//! learning rates from accumulated counts, reassignment of starved centres, and early stopping
//! on an exponentially weighted average of the batch inertia.

use rand::RngExt;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use ecom_core::PointSet;

use crate::data::{Data, Plan, distinct_up_to};
use crate::distance::nearest;
use crate::error::{KMeansError, Result, at_most, invalid};
use crate::init::{default_trials, kmeans_plus_plus, random_points};
use crate::kmeans::{DEFAULT_SEED, check_finite};
use crate::limits::{MAX_ITER, MAX_N_INIT};
use crate::model::KMeansModel;
use crate::params::{Algorithm, Init};
use crate::rng::stream;
use crate::scale::{max_abs, pow2_scale, scaled, unscale_sq};

/// Mini-batch k-means specification (scikit-learn's `MiniBatchKMeans` parameters and defaults).
///
/// ```
/// use ecom_core::PointSet;
/// use logistics_kmeans::{KMeans, MiniBatchKMeans};
/// // 20,000 points around 4 corners.
/// let rows: Vec<[f64; 2]> = (0..20_000)
///     .map(|i| {
///         let c = [(0.0, 0.0), (10.0, 0.0), (0.0, 10.0), (10.0, 10.0)][i % 4];
///         let t = i as f64 * 0.618;
///         [c.0 + t.sin(), c.1 + t.cos()]
///     })
///     .collect();
/// let pts = PointSet::from_rows(&rows)?;
/// let mb = MiniBatchKMeans::new(4).seed(1).fit(&pts)?;
/// let full = KMeans::new(4).n_init(3).fit(&pts)?;
/// assert!(mb.inertia() <= full.inertia() * 1.01);
/// # Ok::<(), logistics_kmeans::KMeansError>(())
/// ```
///
/// Serde: a saved specification is validated when read (as by [`fit`](Self::fit), short of
/// checks that need the data); only `k` is required, other fields take their defaults,
/// unknown ones are an error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "MiniBatchSpec")]
pub struct MiniBatchKMeans {
    /// Number of clusters.
    pub k: usize,
    /// Points per batch (default 1024; at most the number of points).
    pub batch_size: usize,
    /// Maximum passes over the data (default 100): `max_iter x n / batch_size` steps.
    pub max_iter: usize,
    /// Stop after this many steps without improvement of the smoothed batch inertia
    /// (default `Some(10)`; `None` disables).
    pub max_no_improvement: Option<usize>,
    /// Stop when the summed squared centre change of a step falls to this (default 0: off).
    pub tol: f64,
    /// Initial centres, chosen on a random subset of `init_size` points (default k-means++).
    pub init: Init,
    /// Points used to seed (`None`: 3 x batch size, at least 3k, at most n).
    pub init_size: Option<usize>,
    /// Seedings tried, the best on a validation subset kept (`None`: 1 for k-means++ or given
    /// centres, 3 for random).
    pub n_init: Option<usize>,
    /// Centres whose count falls below this fraction of the largest count are moved to random
    /// batch points (default 0.01).
    pub reassignment_ratio: f64,
    /// Seed (default [`DEFAULT_SEED`]).
    pub seed: u64,
}

/// Saved form of [`MiniBatchKMeans`]: only `k` is required.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MiniBatchSpec {
    k: usize,
    #[serde(default = "mb_defaults::batch_size")]
    batch_size: usize,
    #[serde(default = "mb_defaults::max_iter")]
    max_iter: usize,
    #[serde(default = "mb_defaults::max_no_improvement")]
    max_no_improvement: Option<usize>,
    #[serde(default)]
    tol: f64,
    #[serde(default)]
    init: Init,
    #[serde(default)]
    init_size: Option<usize>,
    #[serde(default)]
    n_init: Option<usize>,
    #[serde(default = "mb_defaults::reassignment_ratio")]
    reassignment_ratio: f64,
    #[serde(default)]
    seed: u64,
}

mod mb_defaults {
    pub(super) fn batch_size() -> usize {
        1024
    }
    pub(super) fn max_iter() -> usize {
        100
    }
    pub(super) fn max_no_improvement() -> Option<usize> {
        Some(10)
    }
    pub(super) fn reassignment_ratio() -> f64 {
        0.01
    }
}

impl TryFrom<MiniBatchSpec> for MiniBatchKMeans {
    type Error = KMeansError;
    fn try_from(r: MiniBatchSpec) -> Result<Self> {
        let spec = MiniBatchKMeans {
            k: r.k,
            batch_size: r.batch_size,
            max_iter: r.max_iter,
            max_no_improvement: r.max_no_improvement,
            tol: r.tol,
            init: r.init,
            init_size: r.init_size,
            n_init: r.n_init,
            reassignment_ratio: r.reassignment_ratio,
            seed: r.seed,
        };
        spec.validate_settings()?;
        if let Init::Centres(c) = &spec.init {
            crate::kmeans::check_saved_centres("initial centres (k x d values)", c, spec.k, 1)?;
        }
        Ok(spec)
    }
}

impl MiniBatchKMeans {
    /// `k` clusters with scikit-learn's defaults.
    pub fn new(k: usize) -> Self {
        Self {
            k,
            batch_size: 1024,
            max_iter: 100,
            max_no_improvement: Some(10),
            tol: 0.0,
            init: Init::KMeansPlusPlus,
            init_size: None,
            n_init: None,
            reassignment_ratio: 0.01,
            seed: DEFAULT_SEED,
        }
    }

    /// Sets the batch size.
    pub fn batch_size(mut self, batch_size: usize) -> Self {
        self.batch_size = batch_size;
        self
    }

    /// Sets the maximum number of passes over the data.
    pub fn max_iter(mut self, max_iter: usize) -> Self {
        self.max_iter = max_iter;
        self
    }

    /// Sets the early-stopping patience (`None` disables it).
    pub fn max_no_improvement(mut self, steps: Option<usize>) -> Self {
        self.max_no_improvement = steps;
        self
    }

    /// Sets the centre-change tolerance.
    pub fn tol(mut self, tol: f64) -> Self {
        self.tol = tol;
        self
    }

    /// Sets the initialisation.
    pub fn init(mut self, init: Init) -> Self {
        self.init = init;
        self
    }

    /// Sets the seeding subset size.
    pub fn init_size(mut self, size: usize) -> Self {
        self.init_size = Some(size);
        self
    }

    /// Sets the number of seedings tried.
    pub fn n_init(mut self, n_init: usize) -> Self {
        self.n_init = Some(n_init);
        self
    }

    /// Sets the reassignment ratio (0 disables reassignment).
    pub fn reassignment_ratio(mut self, ratio: f64) -> Self {
        self.reassignment_ratio = ratio;
        self
    }

    /// Sets the seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Clusters `points`; labels and inertia of the result are computed on all points.
    ///
    /// # Errors
    /// [`KMeansError::InvalidParameter`] for `k`, `batch_size`, `max_iter`, `n_init` or
    /// `init_size` of 0, a negative `tol` or `reassignment_ratio`;
    /// [`KMeansError::LimitExceeded`] for `max_iter` or `n_init` above their
    /// [`limits`](crate::limits) (`batch_size` and `init_size` are capped at the number of
    /// points); the errors of [`KMeans::fit`](crate::KMeans::fit) for given centres, too few
    /// distinct points and an inertia overflowing `f64`.
    pub fn fit(&self, points: &PointSet) -> Result<KMeansModel> {
        let d = points.dim();
        self.validate(d)?;
        // As KMeans::fit: coordinates beyond 2^±64 are fitted scaled by an exact power of two.
        let init_max = match &self.init {
            Init::Centres(c) => max_abs(c),
            _ => 0.0,
        };
        let scale = pow2_scale(max_abs(points.as_slice()).max(init_max));
        let Some(xs) = scaled(points.as_slice(), scale) else {
            return self.fit_data(&Data::from_points(points));
        };
        let spec = match &self.init {
            Init::Centres(c) => MiniBatchKMeans {
                init: Init::Centres(scaled(c, scale).unwrap_or_default()),
                ..self.clone()
            },
            _ => self.clone(),
        };
        let mut model = spec.fit_data(&Data::new(&xs, d, points.weights()))?;
        model.centres.iter_mut().for_each(|c| *c /= scale);
        model.inertia = unscale_sq(model.inertia, scale, "inertia")?;
        model.run_inertias = vec![model.inertia];
        Ok(model)
    }

    fn fit_data(&self, data: &Data<'_>) -> Result<KMeansModel> {
        let data = *data;
        let (n, d, k) = (data.n, data.d, self.k);
        let distinct = distinct_up_to(&data, k);
        if distinct < k {
            return Err(KMeansError::TooFewDistinctPoints { k, distinct });
        }
        let batch = self.batch_size.min(n);
        let init_size = self
            .init_size
            .unwrap_or_else(|| (3 * batch).max(3 * k))
            .max(k)
            .min(n);
        let n_init = match (&self.init, self.n_init) {
            (Init::Centres(_), _) => 1,
            (_, Some(v)) => v,
            (Init::Random, None) => 3,
            (_, None) => 1,
        };

        let mut rng = stream(self.seed, 0);
        let sampler = Sampler::new(&data);
        let valid: Vec<usize> = (0..init_size).map(|_| rng.random_range(0..n)).collect();
        let mut centres = Vec::new();
        let mut best = f64::INFINITY;
        for r in 0..n_init {
            let c = self.seed_centres(&data, init_size, &mut stream(self.seed, 1 + r as u64));
            let score: f64 = valid
                .iter()
                .map(|&i| data.weight(i) * nearest(data.point(i), &c, d).1)
                .sum();
            // The first seeding is kept even if its score is not finite.
            if score < best || centres.is_empty() {
                best = score;
                centres = c;
            }
        }

        let mut counts = vec![0.0; k];
        let mut sums = vec![0.0; k * d];
        let mut bcount = vec![0.0; k];
        let mut xb = vec![0.0; batch * d];
        let mut lab = vec![(0u32, 0.0f64); batch];
        let n_steps = (self.max_iter.saturating_mul(n) / batch).max(1);
        let mut stop = EarlyStop::new(batch, n, self.max_no_improvement);
        let mut since_reassign = 0usize;
        let mut steps = 0;
        let mut converged = false;
        for step in 0..n_steps {
            steps = step + 1;
            for row in xb.chunks_exact_mut(d) {
                row.copy_from_slice(data.point(sampler.draw(&mut rng)));
            }
            let assign = |(x, out): (&[f64], &mut (u32, f64))| {
                let (a, v) = nearest(x, &centres, d);
                *out = (a as u32, v);
            };
            if batch >= 4096 {
                xb.par_chunks(d).zip(lab.par_iter_mut()).for_each(assign);
            } else {
                xb.chunks(d).zip(lab.iter_mut()).for_each(assign);
            }
            let batch_inertia: f64 = lab.iter().map(|l| l.1).sum();

            sums.fill(0.0);
            bcount.fill(0.0);
            for (x, &(a, _)) in xb.chunks_exact(d).zip(&lab) {
                let a = a as usize;
                for (s, v) in sums[a * d..(a + 1) * d].iter_mut().zip(x) {
                    *s += v;
                }
                bcount[a] += 1.0;
            }
            let mut change = 0.0;
            for j in 0..k {
                if bcount[j] > 0.0 {
                    let total = counts[j] + bcount[j];
                    for t in 0..d {
                        let old = centres[j * d + t];
                        let new = (old * counts[j] + sums[j * d + t]) / total;
                        change += (new - old) * (new - old);
                        centres[j * d + t] = new;
                    }
                    counts[j] = total;
                }
            }

            since_reassign += batch;
            if counts.contains(&0.0) || since_reassign >= 10 * k {
                since_reassign = 0;
                if self.reassignment_ratio > 0.0 {
                    change += reassign(
                        &mut centres,
                        &mut counts,
                        &xb,
                        d,
                        self.reassignment_ratio,
                        &mut rng,
                    );
                }
            }
            if stop.update(
                batch_inertia / batch as f64,
                self.tol > 0.0 && change <= self.tol,
            ) {
                converged = true;
                break;
            }
        }

        // Final labels and inertia from one assignment pass (chunk sums added in chunk order,
        // as `update::objective` would).
        let plan = Plan::new(n, k);
        let mut labels = vec![0usize; n];
        let sums: Vec<f64> = labels
            .par_chunks_mut(plan.chunk)
            .enumerate()
            .map(|(c, out)| {
                let mut sum = 0.0;
                for (label, i) in out.iter_mut().zip(plan.range(c, n)) {
                    let (nearest_label, dist) = nearest(data.point(i), &centres, d);
                    *label = nearest_label;
                    sum += data.weight(i) * dist;
                }
                sum
            })
            .collect();
        let inertia: f64 = sums.iter().sum();
        Ok(KMeansModel {
            centres,
            k,
            dim: d,
            labels,
            inertia,
            n_iter: (steps * batch).div_ceil(n),
            converged,
            algorithm: Algorithm::MiniBatch,
            best_run: 0,
            run_inertias: vec![inertia],
            history: None,
        })
    }

    fn validate(&self, d: usize) -> Result<()> {
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
    fn validate_settings(&self) -> Result<()> {
        for (name, v) in [
            ("k", self.k),
            ("batch_size", self.batch_size),
            ("max_iter", self.max_iter),
            ("n_init", self.n_init.unwrap_or(1)),
            ("init_size", self.init_size.unwrap_or(1)),
        ] {
            if v == 0 {
                return Err(invalid(name, "must be at least 1"));
            }
        }
        at_most("max_iter", self.max_iter, MAX_ITER)?;
        at_most("n_init", self.n_init.unwrap_or(1), MAX_N_INIT)?;
        for (name, v) in [
            ("tol", self.tol),
            ("reassignment_ratio", self.reassignment_ratio),
        ] {
            if !(v.is_finite() && v >= 0.0) {
                return Err(invalid(
                    name,
                    format!("{v} is not a finite non-negative number"),
                ));
            }
        }
        Ok(())
    }

    /// Seeds on a uniform random subset of `size` points (all points when the subset holds
    /// fewer than k distinct points with positive weight).
    fn seed_centres(&self, data: &Data<'_>, size: usize, rng: &mut ChaCha8Rng) -> Vec<f64> {
        if let Init::Centres(c) = &self.init {
            return c.clone();
        }
        let (n, d, k) = (data.n, data.d, self.k);
        let idx: Vec<usize> = (0..size).map(|_| rng.random_range(0..n)).collect();
        let x: Vec<f64> = idx
            .iter()
            .flat_map(|&i| data.point(i).iter().copied())
            .collect();
        let w: Option<Vec<f64>> = data.w.map(|w| idx.iter().map(|&i| w[i]).collect());
        let sub = Data::new(&x, d, w.as_deref());
        let use_sub = distinct_up_to(&sub, k) >= k;
        let src = if use_sub { &sub } else { data };
        let plan = Plan::new(src.n, k);
        match self.init {
            Init::Random => random_points(src, k, rng),
            _ => kmeans_plus_plus(src, k, default_trials(k), &plan, rng),
        }
    }
}

/// Draws point indices with probability proportional to weight (uniform when unweighted).
struct Sampler {
    n: usize,
    cumulative: Option<Vec<f64>>,
}

impl Sampler {
    fn new(data: &Data<'_>) -> Self {
        let cumulative = data.w.map(|w| {
            let mut s = 0.0;
            w.iter()
                .map(|v| {
                    s += v;
                    s
                })
                .collect()
        });
        Self {
            n: data.n,
            cumulative,
        }
    }

    fn draw(&self, rng: &mut ChaCha8Rng) -> usize {
        match &self.cumulative {
            None => rng.random_range(0..self.n),
            Some(c) => {
                let total = c[self.n - 1];
                let r = rng.random::<f64>() * total;
                // First index whose cumulative weight exceeds r: zero weights are never drawn.
                c.partition_point(|&v| v <= r).min(self.n - 1)
            }
        }
    }
}

/// Moves centres with counts below `ratio x` the largest count to distinct random batch points
/// (at most half the batch), giving them the smallest remaining count. Returns Σ‖Δc‖².
fn reassign(
    centres: &mut [f64],
    counts: &mut [f64],
    xb: &[f64],
    d: usize,
    ratio: f64,
    rng: &mut ChaCha8Rng,
) -> f64 {
    let k = counts.len();
    let b = xb.len() / d;
    let max = counts.iter().copied().fold(0.0, f64::max);
    let mut chosen: Vec<usize> = (0..k).filter(|&j| counts[j] < ratio * max).collect();
    if chosen.len() * 2 > b {
        // Keep only the half-batch smallest counts for reassignment.
        chosen.sort_by(|&a, &c| counts[a].total_cmp(&counts[c]).then(a.cmp(&c)));
        chosen.truncate(b / 2);
        chosen.sort_unstable();
    }
    if chosen.is_empty() {
        return 0.0;
    }
    let floor = (0..k)
        .filter(|j| !chosen.contains(j))
        .map(|j| counts[j])
        .fold(f64::INFINITY, f64::min);
    let mut pool: Vec<usize> = (0..b).collect();
    let mut change = 0.0;
    for (t, &j) in chosen.iter().enumerate() {
        let pick = rng.random_range(t..b);
        pool.swap(t, pick);
        let src = &xb[pool[t] * d..(pool[t] + 1) * d];
        for (c, v) in centres[j * d..(j + 1) * d].iter_mut().zip(src) {
            change += (v - *c) * (v - *c);
            *c = *v;
        }
        counts[j] = if floor.is_finite() { floor } else { 0.0 };
    }
    change
}

/// scikit-learn's early stopping: an exponentially weighted average of the mean batch inertia
/// (smoothing about two passes over the data) that has not improved for `patience` steps.
struct EarlyStop {
    alpha: f64,
    patience: Option<usize>,
    step: usize,
    ewa: Option<f64>,
    best: Option<f64>,
    no_improvement: usize,
}

impl EarlyStop {
    fn new(batch: usize, n: usize, patience: Option<usize>) -> Self {
        Self {
            alpha: (batch as f64 * 2.0 / (n as f64 + 1.0)).min(1.0),
            patience,
            step: 0,
            ewa: None,
            best: None,
            no_improvement: 0,
        }
    }

    /// Feeds one step's mean batch inertia; true when the fit should stop.
    fn update(&mut self, mean_inertia: f64, small_change: bool) -> bool {
        self.step += 1;
        if self.step == 1 {
            return false;
        }
        let ewa = match self.ewa {
            None => mean_inertia,
            Some(e) => e * (1.0 - self.alpha) + mean_inertia * self.alpha,
        };
        self.ewa = Some(ewa);
        if small_change {
            return true;
        }
        if self.best.is_none_or(|b| ewa < b) {
            self.no_improvement = 0;
            self.best = Some(ewa);
        } else {
            self.no_improvement += 1;
        }
        self.patience.is_some_and(|p| self.no_improvement >= p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighted_sampler_never_draws_zero_weight() {
        let x = [0.0, 1.0, 2.0, 3.0];
        let w = [0.0, 1.0, 0.0, 3.0];
        let data = Data::new(&x, 1, Some(&w));
        let s = Sampler::new(&data);
        let mut rng = stream(0, 0);
        let mut hits = [0usize; 4];
        for _ in 0..4000 {
            hits[s.draw(&mut rng)] += 1;
        }
        assert_eq!((hits[0], hits[2]), (0, 0));
        // About 1:3.
        assert!(
            (hits[3] as f64 / hits[1] as f64 - 3.0).abs() < 0.4,
            "{hits:?}"
        );
    }

    #[test]
    fn early_stop_waits_for_patience() {
        let mut e = EarlyStop::new(10, 100, Some(2));
        assert!(!e.update(5.0, false));
        assert!(!e.update(4.0, false));
        assert!(!e.update(4.0, false));
        assert!(e.update(4.0, false));
        assert_eq!(e.no_improvement, 2);
    }
}
