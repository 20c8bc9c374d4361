//! Documented maxima, checked before any work or allocation, so that a mistyped parameter fails
//! at once with [`KMeansError::LimitExceeded`](crate::KMeansError::LimitExceeded) instead of
//! running for days or allocating without bound.
//!
//! `k` needs no maximum of its own: it can never exceed the number of distinct points with
//! positive weight ([`KMeansError::TooFewDistinctPoints`](crate::KMeansError::TooFewDistinctPoints)),
//! and ranges of k are checked against that count before the first fit. Batch and seeding
//! sizes of [`MiniBatchKMeans`](crate::MiniBatchKMeans) are capped at the number of points.
//!
//! ```
//! use ecom_core::PointSet;
//! use logistics_kmeans::{KMeans, KMeansError, limits::MAX_N_INIT};
//! let pts = PointSet::from_rows(&[[0.0], [1.0], [5.0]])?;
//! let e = KMeans::new(2).n_init(usize::MAX).fit(&pts).unwrap_err();
//! assert!(matches!(e, KMeansError::LimitExceeded { max: MAX_N_INIT, .. }));
//! # Ok::<(), KMeansError>(())
//! ```

/// Most restarts (`n_init`) of [`KMeans`](crate::KMeans), [`GeoKMeans`](crate::GeoKMeans) and
/// [`MiniBatchKMeans`](crate::MiniBatchKMeans) (defaults 1, 10 and 1).
pub const MAX_N_INIT: usize = 1000;

/// Most iterations per run (`max_iter`; default 300, mini-batch: passes over the data, default
/// 100).
pub const MAX_ITER: usize = 100_000;

/// Most greedy k-means++ candidates per centre (`local_trials`; default `2 + ⌊ln k⌋`).
pub const MAX_LOCAL_TRIALS: usize = 1024;

/// Most `n x (k + 1)` distance bounds [`Algorithm::Elkan`](crate::Algorithm::Elkan) keeps
/// (2 GiB); [`Algorithm::Auto`](crate::Algorithm::Auto) never picks Elkan beyond 2^25, and
/// Hamerly gives identical results with two bounds per point.
pub const MAX_ELKAN_BOUNDS: usize = 1 << 28;

/// Most customer x site pairs of [`GeoModel::with_capacity`](crate::GeoModel::with_capacity),
/// which keeps a distance and a ranking per pair (16 bytes each, 2 GiB at this maximum).
pub const MAX_CAPACITY_PAIRS: usize = 1 << 27;
