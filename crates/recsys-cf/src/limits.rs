//! Documented maxima of the size parameters, checked before any work or allocation, so that a
//! mistyped `factors = 1000000000` fails at once with
//! [`RecsysError::LimitExceeded`](crate::RecsysError::LimitExceeded) instead of allocating
//! `users x factors` values or running for days.
//!
//! Parameters that allocate nothing in proportion to their value have no maximum: `k`
//! (neighbours), `min_k`, [`Storage::Pruned`](crate::Storage::Pruned)'s count, the length `n`
//! of a top-N list and the ranking cut-off. A `k` or `n` larger than the data simply takes
//! everything there is.
//!
//! ```
//! use ecom_core::{DuplicatePolicy, Feedback, Ratings};
//! use recsys_cf::{RecsysError, Svd, limits::MAX_FACTORS};
//! let r = Ratings::from_triplets(Feedback::explicit(1.0, 5.0)?, DuplicatePolicy::Reject,
//!     [("ann", "tea", 5.0), ("bob", "tea", 3.0)])?;
//! let e = Svd::new().n_factors(1_000_000_000).fit(&r).unwrap_err();
//! assert!(matches!(e, RecsysError::LimitExceeded { max: MAX_FACTORS, .. }));
//! # Ok::<(), RecsysError>(())
//! ```

/// Most latent factors of [`Svd`](crate::Svd), [`SvdPp`](crate::SvdPp) and
/// [`ImplicitAls`](crate::ImplicitAls) (their defaults are 100, 20 and 100). Implicit ALS also
/// keeps `factors²` Gram matrices, 8 MiB each at this maximum.
pub const MAX_FACTORS: usize = 1024;

/// Most epochs (passes over the ratings) of SVD, SVD++ and the baselines, and most iterations of
/// implicit ALS (their defaults are 10 to 20).
pub const MAX_EPOCHS: usize = 10_000;

/// Most conjugate-gradient steps per solve of implicit ALS (default 3); in exact arithmetic
/// `factors` steps already solve the system.
pub const MAX_CG_STEPS: usize = MAX_FACTORS;

/// Largest dense similarity matrix (`8 n²` bytes) built when [`Storage::Dense`](crate::Storage::Dense)
/// is asked for explicitly: 8 GiB, i.e. n ≤ 32,768 users or items. Use
/// [`Storage::Sparse`](crate::Storage::Sparse) or [`Storage::Pruned`](crate::Storage::Pruned)
/// beyond that.
pub const MAX_DENSE_SIMILARITY_BYTES: usize = 8 << 30;

/// Largest confidence `alpha · value` [`ImplicitAls`](crate::ImplicitAls) accepts: `f32::MAX`
/// (about 3.4e38), since factors and confidences are `f32`. Larger ones are
/// [`RecsysError::BadValue`](crate::RecsysError::BadValue); scale the interaction strengths
/// (or `alpha`) down.
pub const MAX_CONFIDENCE: f64 = f32::MAX as f64;
