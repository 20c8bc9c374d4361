//! Silhouette score (Rousseeuw 1987), exact or on a seeded sample, as scikit-learn's
//! `silhouette_score`: unweighted, Euclidean, computed on the sampled points only.

use rand::RngExt;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use ecom_core::PointSet;

use crate::distance::sqdist;
use crate::error::{KMeansError, Result, invalid};
use crate::kmeans::DEFAULT_SEED;
use crate::rng::stream;
use crate::scale::{max_abs, pow2_scale, scaled};

/// How many points the silhouette is computed on. It costs `O(m² d)` for `m` points, so large
/// sets are sampled (uniformly, without replacement, seeded).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SilhouetteOptions {
    /// At most this many points (`None`: all, exact). Default 10,000.
    pub sample_size: Option<usize>,
    /// Seed of the sample (default [`DEFAULT_SEED`]).
    pub seed: u64,
}

impl Default for SilhouetteOptions {
    fn default() -> Self {
        Self {
            sample_size: Some(10_000),
            seed: DEFAULT_SEED,
        }
    }
}

impl SilhouetteOptions {
    /// Exact: every point.
    pub fn exact() -> Self {
        Self {
            sample_size: None,
            seed: DEFAULT_SEED,
        }
    }

    /// A sample of at most `size` points drawn with `seed`.
    pub fn sampled(size: usize, seed: u64) -> Self {
        Self {
            sample_size: Some(size),
            seed,
        }
    }
}

/// Mean silhouette coefficient of a labelling: for each point, `(b − a) / max(a, b)` with `a` the
/// mean distance to the other points of its cluster and `b` the smallest mean distance to another
/// cluster's points (0 for a point alone in its cluster). Near 1: tight, well separated clusters.
///
/// ```
/// use ecom_core::PointSet;
/// use logistics_kmeans::{SilhouetteOptions, silhouette_score};
/// let pts = PointSet::from_rows(&[[0.0], [1.0], [10.0], [11.0]])?;
/// let s = silhouette_score(&pts, &[0, 0, 1, 1], SilhouetteOptions::exact())?;
/// // Outer points: a = 1, b = 10.5; inner points: a = 1, b = 9.5; s = (b - a) / b.
/// let expected = (9.5 / 10.5 + 8.5 / 9.5) / 2.0;
/// assert!((s - expected).abs() < 1e-12);
/// # Ok::<(), logistics_kmeans::KMeansError>(())
/// ```
///
/// # Errors
/// [`KMeansError::DimensionMismatch`] unless there is one label per point;
/// [`KMeansError::InvalidParameter`] unless the (sampled) points fall in between 2 and `m − 1`
/// clusters, or for a sample size below 2.
pub fn silhouette_score(
    points: &PointSet,
    labels: &[usize],
    options: SilhouetteOptions,
) -> Result<f64> {
    let n = points.len();
    if labels.len() != n {
        return Err(KMeansError::DimensionMismatch {
            what: "labels (one per point)",
            expected: n,
            got: labels.len(),
        });
    }
    let idx = sample(n, options)?;
    let d = points.dim();
    // The silhouette does not depend on the scale; an exact power-of-two scale keeps squared
    // distances of coordinates near 1e150 finite and changes no bit of the result otherwise.
    let scale = pow2_scale(max_abs(points.as_slice()));
    let xs = scaled(points.as_slice(), scale);
    let x = xs.as_deref().unwrap_or(points.as_slice());
    score(&idx, labels, |i, j| {
        sqdist(&x[i * d..(i + 1) * d], &x[j * d..(j + 1) * d]).sqrt()
    })
}

/// Indices to score: all, or a seeded uniform sample without replacement (sorted).
pub(crate) fn sample(n: usize, options: SilhouetteOptions) -> Result<Vec<usize>> {
    match options.sample_size {
        Some(m) if m < 2 => Err(invalid("sample_size", "at least 2 points are needed")),
        Some(m) if m < n => {
            let mut rng = stream(options.seed, 0);
            let mut idx: Vec<usize> = (0..n).collect();
            for i in 0..m {
                let j = rng.random_range(i..n);
                idx.swap(i, j);
            }
            idx.truncate(m);
            idx.sort_unstable();
            Ok(idx)
        }
        _ => Ok((0..n).collect()),
    }
}

/// Silhouette over the points `idx` with distance `dist(i, j)` between original indices.
pub(crate) fn score<F>(idx: &[usize], labels: &[usize], dist: F) -> Result<f64>
where
    F: Fn(usize, usize) -> f64 + Sync,
{
    let k = idx.iter().map(|&i| labels[i]).max().map_or(0, |m| m + 1);
    let mut counts = vec![0usize; k];
    for &i in idx {
        counts[labels[i]] += 1;
    }
    let used = counts.iter().filter(|&&c| c > 0).count();
    if used < 2 || used > idx.len() - 1 {
        return Err(invalid(
            "labels",
            format!(
                "the silhouette needs 2 to m - 1 clusters among the m = {} points scored, found {used}",
                idx.len()
            ),
        ));
    }
    let s: Vec<f64> = idx
        .par_iter()
        .map_init(
            || vec![0.0; k],
            |sums, &i| {
                sums.fill(0.0);
                for &j in idx {
                    if j != i {
                        sums[labels[j]] += dist(i, j);
                    }
                }
                let own = labels[i];
                if counts[own] <= 1 {
                    return 0.0;
                }
                let a = sums[own] / (counts[own] - 1) as f64;
                let b = (0..k)
                    .filter(|&c| c != own && counts[c] > 0)
                    .map(|c| sums[c] / counts[c] as f64)
                    .fold(f64::INFINITY, f64::min);
                let m = a.max(b);
                if m > 0.0 { (b - a) / m } else { 0.0 }
            },
        )
        .collect();
    Ok(s.iter().sum::<f64>() / s.len() as f64)
}
