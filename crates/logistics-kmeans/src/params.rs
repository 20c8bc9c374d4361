//! Shared parameter enums: how centres start and which exact iteration runs.

use serde::{Deserialize, Serialize};

/// How a run's initial centres are chosen.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Init {
    /// Greedy k-means++: each centre is the best of `2 + ⌊ln k⌋` candidates drawn with
    /// probability proportional to weight x squared distance (scikit-learn's default).
    #[default]
    KMeansPlusPlus,
    /// `k` distinct points drawn with probability proportional to their weight.
    Random,
    /// These centres, `k x d` row-major. Every restart would be identical, so one run is made.
    Centres(Vec<f64>),
}

/// The exact iteration used; all give the same assignments from the same centres (the
/// accelerated ones skip distance computations the triangle inequality proves unnecessary).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Algorithm {
    /// Chosen from the shape of the data: Lloyd for d ≤ 2 with k ≤ 16 (distances cost about
    /// what bound tests do), Elkan for d ≥ 32 with k ≥ 24, Hamerly otherwise.
    #[default]
    Auto,
    /// Plain Lloyd: every point against every centre, every iteration.
    Lloyd,
    /// Elkan (2003): `k` lower bounds per point; prunes best in higher dimension.
    Elkan,
    /// Hamerly (2010): one lower bound per point; best in low dimension.
    Hamerly,
    /// Reported by models from [`MiniBatchKMeans`](crate::MiniBatchKMeans); not a setting of
    /// [`KMeans`](crate::KMeans), which rejects it.
    MiniBatch,
}
