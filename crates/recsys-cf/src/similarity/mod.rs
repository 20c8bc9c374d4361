//! Similarity between users or between items over their co-rated items (or users), as
//! Surprise's `similarities` module defines them: cosine, mean squared difference, Pearson and
//! shrunk Pearson-baseline, with `min_support`.
//!
//! Computed sparsely (only pairs that share a rating do work), one row at a time in parallel
//! (rayon), into dense or sparse [`Storage`]. Memory of the result: dense `8 n²` bytes;
//! sparse `12` bytes per positive pair; pruned at most `12 (k + 1)` bytes per row. Scratch
//! while computing: `n` accumulators of at most 56 bytes per thread.
//!
//! The design notes' example, 5 users who each rated the same 10 items: every user rated every
//! item, so the co-rated cosine is the plain cosine over all 10 ratings. (The notes printed
//! 0.42949672 for every pair; the correct matrix follows, checked against scikit-learn.)
//!
//! ```
//! use ecom_core::{DuplicatePolicy, Feedback, Ratings};
//! use recsys_cf::similarity::{Similarity, SimilarityOptions};
//!
//! let grid = [
//!     [5., 3., 4., 2., 5., 1., 4., 3., 5., 4.], // U1
//!     [2., 3., 2., 4., 2., 3., 4., 4., 3., 4.], // U2
//!     [4., 4., 5., 4., 3., 5., 4., 4., 4., 4.], // U3
//!     [3., 4., 4., 3., 3., 3., 4., 3., 4., 4.], // U4
//!     [4., 3., 3., 4., 4., 4., 3., 4., 3., 3.], // U5
//! ];
//! let users: Vec<String> = (1..=5).map(|u| format!("U{u}")).collect();
//! let items: Vec<String> = (1..=10).map(|i| format!("item{i}")).collect();
//! let mut triplets = Vec::new();
//! for (u, row) in grid.iter().enumerate() {
//!     for (i, &r) in row.iter().enumerate() {
//!         triplets.push((users[u].as_str(), items[i].as_str(), r));
//!     }
//! }
//! let ratings = Ratings::from_triplets(Feedback::explicit(1.0, 5.0)?, DuplicatePolicy::Reject, triplets)?;
//!
//! let sim = SimilarityOptions::new(Similarity::Cosine).compute(&ratings)?;
//! let expected = [
//!     [1.0000000000, 0.8725468147, 0.9113558990, 0.9474985091, 0.9178891806],
//!     [0.8725468147, 1.0000000000, 0.9569451670, 0.9606227753, 0.9518097224],
//!     [0.9113558990, 0.9569451670, 1.0000000000, 0.9849392180, 0.9780993623],
//!     [0.9474985091, 0.9606227753, 0.9849392180, 1.0000000000, 0.9600000000],
//!     [0.9178891806, 0.9518097224, 0.9780993623, 0.9600000000, 1.0000000000],
//! ];
//! for a in 0..5 {
//!     for b in 0..5 {
//!         assert!((sim.get(a, b) - expected[a][b]).abs() < 1e-10);
//!     }
//! }
//! // U1's three nearest users: U4, U5, U3.
//! let nearest: Vec<u32> = sim.neighbours(0, 3).iter().map(|&(v, _)| v).collect();
//! assert_eq!(nearest, [3, 4, 2]);
//! // The notes' step 2: U1's score for each item, the neighbours' similarity-weighted mean
//! // rating. item3 scores highest (3.9976), then item6 (3.9870); four items tie for third at
//! // 3.6694 (item2, item7, item9, item10: the same ratings from U3, U4, U5), so a top-3 must
//! // state its tie rule (recsys-cf: natural id order, so item2). U1 has rated all ten items, so
//! // recommending unrated items gives an empty list.
//! let score = |i: usize| {
//!     let (num, den) = [3, 4, 2].iter().fold((0.0, 0.0), |(n, d), &v| {
//!         (n + sim.get(0, v) * grid[v][i], d + sim.get(0, v))
//!     });
//!     num / den
//! };
//! assert!((score(2) - 3.99764714261592).abs() < 1e-12);
//! assert_eq!(score(1), score(6));
//! # Ok::<(), recsys_cf::RecsysError>(())
//! ```

mod kernel;
mod matrix;
mod measure;

use ecom_core::Ratings;
use serde::{Deserialize, Serialize};

pub(crate) use matrix::SimRow;
pub use matrix::{AUTO_DENSE_BYTES, SimilarityMatrix, Storage};

use crate::baseline::{BaselineMethod, Biases};
use crate::data::Rows;
use crate::data::max_abs;
use crate::error::{Result, at_most, invalid};

/// A similarity measure. The default is MSD, Surprise's default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "name", rename_all = "snake_case")]
pub enum Similarity {
    /// Cosine over co-rated entries only: `Σ r_x r_x2 / sqrt(Σ r_x² Σ r_x2²)`. Two users with a
    /// single common item have cosine 1.
    Cosine,
    /// Mean squared difference: `1 / (Σ (r_x − r_x2)² / n + 1)`.
    #[default]
    Msd,
    /// Pearson correlation centred on the co-rated means; 0 when a side is constant.
    Pearson,
    /// Pearson correlation of the baseline residuals `r − (μ + b_u + b_i)`, shrunk by
    /// `(n − 1) / (n − 1 + shrinkage)`; needs at least 2 co-ratings.
    PearsonBaseline {
        /// Shrinkage towards 0 (Surprise: 100).
        shrinkage: f64,
    },
}

impl Similarity {
    /// Pearson-baseline with Surprise's default shrinkage of 100.
    pub fn pearson_baseline() -> Self {
        Similarity::PearsonBaseline { shrinkage: 100.0 }
    }

    /// Surprise's name for the measure.
    pub fn name(self) -> &'static str {
        match self {
            Similarity::Cosine => "cosine",
            Similarity::Msd => "msd",
            Similarity::Pearson => "pearson",
            Similarity::PearsonBaseline { .. } => "pearson_baseline",
        }
    }
}

/// What to compute a similarity matrix between, and how (Surprise's `sim_options`).
///
/// Serde: saved options are validated when read (as by [`compute`](Self::compute), short of
/// the data-dependent dense size limit); missing fields take their defaults.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "SimilarityOptionsSpec")]
pub struct SimilarityOptions {
    /// The measure (default MSD).
    pub measure: Similarity,
    /// Between users (`true`, the default) or between items.
    pub user_based: bool,
    /// Pairs with fewer co-ratings get similarity 0 (default 1).
    pub min_support: usize,
    /// How the result is stored (default [`Storage::Auto`]).
    pub storage: Storage,
    /// Baselines for Pearson-baseline (default ALS with Surprise's settings).
    pub baseline: BaselineMethod,
}

impl Default for SimilarityOptions {
    fn default() -> Self {
        Self {
            measure: Similarity::Msd,
            user_based: true,
            min_support: 1,
            storage: Storage::Auto,
            baseline: BaselineMethod::als(),
        }
    }
}

impl SimilarityOptions {
    /// Options for `measure`, other settings at their defaults.
    pub fn new(measure: Similarity) -> Self {
        Self {
            measure,
            ..Self::default()
        }
    }

    /// Between users (`true`) or items (`false`).
    pub fn user_based(mut self, user_based: bool) -> Self {
        self.user_based = user_based;
        self
    }

    /// Sets `min_support`.
    pub fn min_support(mut self, min_support: usize) -> Self {
        self.min_support = min_support;
        self
    }

    /// Sets the storage.
    pub fn storage(mut self, storage: Storage) -> Self {
        self.storage = storage;
        self
    }

    /// Sets the baseline method used by Pearson-baseline.
    pub fn baseline(mut self, baseline: BaselineMethod) -> Self {
        self.baseline = baseline;
        self
    }

    /// Computes the matrix between the users (or items) of `ratings`, indexed by their dense
    /// indices in `ratings`.
    ///
    /// Ratings whose squares could overflow (beyond 2^64 in magnitude, or below 2^-64) are
    /// first multiplied by a power of two, which is exact: the result is the same as without
    /// scaling whenever that is finite, and finite otherwise.
    ///
    /// # Errors
    /// An invalid shrinkage, `min_support` beyond `u32`, or invalid baseline settings;
    /// [`RecsysError::LimitExceeded`](crate::RecsysError::LimitExceeded) for
    /// [`Storage::Dense`] beyond
    /// [`MAX_DENSE_SIMILARITY_BYTES`](crate::limits::MAX_DENSE_SIMILARITY_BYTES).
    pub fn compute(&self, ratings: &Ratings) -> Result<SimilarityMatrix> {
        let by_user = Rows::from_csr(ratings.by_user());
        let by_item = Rows::from_csr(ratings.by_item());
        let biases = match self.measure {
            Similarity::PearsonBaseline { .. } => {
                Some(Biases::fit(&by_user, &by_item, self.baseline)?)
            }
            _ => None,
        };
        self.compute_from_rows(&by_user, &by_item, biases.as_ref())
    }

    /// The checks of [`compute`](Self::compute) that do not need data.
    pub(crate) fn validate(&self) -> Result<()> {
        u32::try_from(self.min_support)
            .map_err(|_| invalid("min_support", "must fit in 32 bits"))?;
        if let Storage::Pruned(0) = self.storage {
            return Err(invalid(
                "storage",
                "Pruned needs at least 1 neighbour per row",
            ));
        }
        if let Similarity::PearsonBaseline { shrinkage } = self.measure
            && !(shrinkage.is_finite() && shrinkage >= 0.0)
        {
            return Err(invalid(
                "shrinkage",
                format!("need a finite value >= 0, got {shrinkage}"),
            ));
        }
        self.baseline.validate()
    }

    /// The matrix from training rows; `biases` must be given for Pearson-baseline.
    pub(crate) fn compute_from_rows(
        &self,
        by_user: &Rows,
        by_item: &Rows,
        biases: Option<&Biases>,
    ) -> Result<SimilarityMatrix> {
        let min_support = u32::try_from(self.min_support)
            .map_err(|_| invalid("min_support", "must fit in 32 bits"))?;
        if let Storage::Pruned(0) = self.storage {
            return Err(invalid(
                "storage",
                "Pruned needs at least 1 neighbour per row",
            ));
        }
        let (xr, yr) = if self.user_based {
            (by_user, by_item)
        } else {
            (by_item, by_user)
        };
        let orig = (xr, yr);
        let n = xr.n_rows();
        if self.storage == Storage::Dense {
            let bytes = n.saturating_mul(n).saturating_mul(8);
            at_most(
                "dense similarity matrix bytes (8 n²)",
                bytes,
                crate::limits::MAX_DENSE_SIMILARITY_BYTES,
            )?;
        }
        let storage = self.storage;
        // Sums of squares of ratings near 1e150 overflow; a power-of-two scale is exact, so
        // scaled sums are the unscaled ones to the last bit whenever those are finite.
        let scale = pow2_scale(max_abs(&xr.vals));
        let (xs, ys) = (scaled(xr, scale), scaled(yr, scale));
        let (xr, yr) = (xs.as_ref().unwrap_or(xr), ys.as_ref().unwrap_or(yr));
        Ok(match self.measure {
            Similarity::Cosine => kernel::similarity_matrix(
                &measure::Cosine { min_support },
                &xr.sorted(),
                yr,
                storage,
            ),
            Similarity::Msd => kernel::similarity_matrix(
                &measure::Msd {
                    min_support,
                    unscale: 1.0 / (scale * scale),
                },
                &xr.sorted(),
                yr,
                storage,
            ),
            Similarity::Pearson => kernel::similarity_matrix(
                &measure::Pearson { min_support },
                &xr.sorted(),
                yr,
                storage,
            ),
            Similarity::PearsonBaseline { shrinkage } => {
                if !(shrinkage.is_finite() && shrinkage >= 0.0) {
                    return Err(invalid(
                        "shrinkage",
                        format!("need a finite value >= 0, got {shrinkage}"),
                    ));
                }
                let b = biases.ok_or_else(|| {
                    invalid("baseline", "Pearson-baseline needs fitted baselines")
                })?;
                let (bx, by) = if self.user_based {
                    (&b.bu, &b.bi)
                } else {
                    (&b.bi, &b.bu)
                };
                // Residuals of the unscaled ratings (the biases are in rating units), scaled
                // afterwards: Pearson-baseline does not depend on the scale.
                let (xr, yr) = orig;
                let xr_res = residuals(&xr.sorted(), b.mu, bx, by, true);
                let yr_res = residuals(yr, b.mu, bx, by, false);
                let res_scale = pow2_scale(max_abs(&xr_res.vals));
                let xr_res = scaled(&xr_res, res_scale).unwrap_or(xr_res);
                let yr_res = scaled(&yr_res, res_scale).unwrap_or(yr_res);
                kernel::similarity_matrix(
                    &measure::PearsonBaseline {
                        min_support,
                        shrinkage,
                    },
                    &xr_res,
                    &yr_res,
                    storage,
                )
            }
        })
    }
}

crate::saved::validated_spec!(SimilarityOptions via SimilarityOptionsSpec {
    measure: Similarity,
    user_based: bool,
    min_support: usize,
    storage: Storage,
    baseline: BaselineMethod,
});

pub(crate) use ecom_core::pow2_scale;

/// The rows with every value multiplied by `scale`, or `None` when `scale` is 1.
fn scaled(rows: &Rows, scale: f64) -> Option<Rows> {
    (scale != 1.0).then(|| rows.with_values(rows.vals.iter().map(|v| v * scale).collect()))
}

/// Replaces each value by its baseline residual `r − ((μ + b_y) + b_x)`, in Surprise's order of
/// operations so both sides of a pair see bit-identical residuals. `rows_are_x` tells whether
/// the rows are xs (columns ys) or ys (columns xs).
fn residuals(rows: &Rows, mu: f64, bx: &[f64], by: &[f64], rows_are_x: bool) -> Rows {
    let mut vals = Vec::with_capacity(rows.nnz());
    for r in 0..rows.n_rows() {
        let (cols, values) = rows.row(r);
        for (&c, &v) in cols.iter().zip(values) {
            let (x, y) = if rows_are_x {
                (r, c as usize)
            } else {
                (c as usize, r)
            };
            vals.push(v - ((mu + by[y]) + bx[x]));
        }
    }
    rows.with_values(vals)
}

impl SimilarityMatrix {
    /// The `n` most similar other rows of row `a` with positive similarity, most similar first;
    /// equal similarities by lower index.
    ///
    /// # Panics
    /// If `a >= self.n()`.
    pub fn neighbours(&self, a: usize, n: usize) -> Vec<(u32, f64)> {
        let mut v = Vec::new();
        self.for_each_positive(a, |b, s| v.push((b, s)));
        let better =
            |p: &(u32, f64), q: &(u32, f64)| q.1.total_cmp(&p.1).then_with(|| p.0.cmp(&q.0));
        if n == 0 {
            return Vec::new();
        }
        if v.len() > n {
            v.select_nth_unstable_by(n - 1, better);
            v.truncate(n);
        }
        v.sort_unstable_by(better);
        v
    }
}
