//! Neighbourhood collaborative filtering, equivalent to Surprise's `KNNBasic`, `KNNWithMeans`,
//! `KNNWithZScore` and `KNNBaseline`, user-based or item-based.
//!
//! For a pair (u, i) in the user-based case (item-based swaps the roles): the candidates are
//! the users who rated i, in training-file order; the `k` most similar are taken by a stable
//! selection (on equal similarity the earlier candidate wins, as Surprise's `heapq.nlargest`);
//! those with positive similarity form the neighbourhood, and
//!
//! | algorithm | estimate |
//! |---|---|
//! | `Basic` | `Σ s r / Σ s` |
//! | `WithMeans` | `μ_u + Σ s (r − μ_v) / Σ s` |
//! | `WithZScore` | `μ_u + σ_u Σ s (r − μ_v) / σ_v / Σ s` (population σ; σ = 0 → the σ of all ratings, as Surprise; 1 if that is 0 too) |
//! | `Baseline` | `b_ui + Σ s (r − b_vi) / Σ s` |
//!
//! clipped to the rating scale. With fewer than `min_k` neighbours, `Basic` answers the global
//! mean flagged `impossible` (Surprise's `was_impossible`), the others answer the mean or the
//! baseline; either way [`Prediction::fallback`](crate::Prediction::fallback) says
//! [`Fallback::NotEnoughNeighbours`](crate::Fallback::NotEnoughNeighbours). Unknown users or
//! items get the global mean, flagged `impossible`, except with `Baseline`, which answers the
//! partial baseline unflagged, as Surprise does; `fallback` names the unknown id in every case.
//!
//! Memory of a fitted model: the similarity matrix (see [`Storage`]), the training ratings
//! once more in the orientation predictions read (16 bytes per rating), and 8 to 16 bytes per
//! user or item for means, deviations or biases.

mod model;
mod neighbours;

use ecom_core::Ratings;
use serde::{Deserialize, Serialize};

pub use model::KnnModel;

use crate::baseline::{BaselineMethod, Biases};
use crate::data::{Catalogue, Rows, explicit_scale, global_mean, mean_std};
use crate::error::{Result, invalid};
use crate::prediction::Algorithm;
use crate::similarity::{Similarity, SimilarityMatrix, SimilarityOptions, Storage};

/// The neighbourhood aggregation rule.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum KnnAlgorithm {
    /// Surprise's `KNNBasic`: similarity-weighted mean of the neighbours' ratings.
    #[default]
    Basic,
    /// Surprise's `KNNWithMeans`: mean-centred.
    WithMeans,
    /// Surprise's `KNNWithZScore`: z-score normalised.
    WithZScore,
    /// Surprise's `KNNBaseline`: centred on the baseline estimates.
    Baseline,
}

impl KnnAlgorithm {
    /// Surprise's class name.
    pub fn name(self) -> &'static str {
        match self {
            KnnAlgorithm::Basic => "KNNBasic",
            KnnAlgorithm::WithMeans => "KNNWithMeans",
            KnnAlgorithm::WithZScore => "KNNWithZScore",
            KnnAlgorithm::Baseline => "KNNBaseline",
        }
    }
}

/// A neighbourhood model specification. Defaults are Surprise's: `k` 40, `min_k` 1, MSD
/// similarity, user-based, `min_support` 1, ALS baselines.
///
/// ```
/// use ecom_core::{DuplicatePolicy, Feedback, Ratings};
/// use recsys_cf::{Knn, KnnAlgorithm, RatingPredictor, Similarity};
/// let r = Ratings::from_triplets(Feedback::explicit(1.0, 5.0)?, DuplicatePolicy::Reject, [
///     ("ann", "tea", 5.0), ("ann", "cake", 4.0), ("ann", "jam", 1.0),
///     ("bob", "tea", 4.0), ("bob", "cake", 5.0),
///     ("cat", "tea", 1.0), ("cat", "jam", 5.0),
/// ])?;
/// let model = Knn::new(KnnAlgorithm::Basic).similarity(Similarity::Msd).k(2).fit(&r)?;
/// // bob's neighbours who rated jam: ann (MSD 1/(1+1) = 0.5) and cat (1/(9+1) = 0.1)
/// let p = model.predict("bob", "jam");
/// assert!((p.estimate - (0.5 * 1.0 + 0.1 * 5.0) / 0.6).abs() < 1e-12);
/// assert_eq!(p.actual_k, Some(2));
/// # Ok::<(), recsys_cf::RecsysError>(())
/// ```
///
/// Serde: a saved specification is validated when read (as by [`fit`](Self::fit), short of
/// the data-dependent dense size limit); missing fields take their defaults.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "KnnSpec")]
pub struct Knn {
    /// The aggregation rule (default `Basic`).
    pub algorithm: KnnAlgorithm,
    /// Most neighbours to aggregate (default 40).
    pub k: usize,
    /// Fewest positive-similarity neighbours for a full estimate (default 1).
    pub min_k: usize,
    /// Similarity measure, user- or item-based, `min_support`, storage, baselines.
    pub sim: SimilarityOptions,
}

impl Default for Knn {
    fn default() -> Self {
        Self {
            algorithm: KnnAlgorithm::Basic,
            k: 40,
            min_k: 1,
            sim: SimilarityOptions::default(),
        }
    }
}

impl Knn {
    /// A specification for `algorithm` with Surprise's defaults.
    pub fn new(algorithm: KnnAlgorithm) -> Self {
        Self {
            algorithm,
            ..Self::default()
        }
    }

    /// Sets the similarity measure.
    pub fn similarity(mut self, measure: Similarity) -> Self {
        self.sim.measure = measure;
        self
    }

    /// User-based (`true`) or item-based (`false`).
    pub fn user_based(mut self, user_based: bool) -> Self {
        self.sim.user_based = user_based;
        self
    }

    /// Sets `k`.
    pub fn k(mut self, k: usize) -> Self {
        self.k = k;
        self
    }

    /// Sets `min_k`.
    pub fn min_k(mut self, min_k: usize) -> Self {
        self.min_k = min_k;
        self
    }

    /// Sets `min_support`.
    pub fn min_support(mut self, min_support: usize) -> Self {
        self.sim.min_support = min_support;
        self
    }

    /// Sets how the similarity matrix is stored.
    pub fn storage(mut self, storage: Storage) -> Self {
        self.sim.storage = storage;
        self
    }

    /// Sets the baseline method (KNNBaseline and Pearson-baseline).
    pub fn baseline(mut self, baseline: BaselineMethod) -> Self {
        self.sim.baseline = baseline;
        self
    }

    /// Fits the model: baselines if needed, means and deviations, the similarity matrix.
    ///
    /// # Errors
    /// [`RecsysError::NeedsExplicitRatings`](crate::RecsysError::NeedsExplicitRatings) for
    /// implicit data; [`RecsysError::InvalidParameter`](crate::RecsysError::InvalidParameter)
    /// for `k == 0`, `min_k > k`, or invalid similarity or baseline settings;
    /// [`RecsysError::LimitExceeded`](crate::RecsysError::LimitExceeded) for an explicit
    /// [`Storage::Dense`] beyond
    /// [`MAX_DENSE_SIMILARITY_BYTES`](crate::limits::MAX_DENSE_SIMILARITY_BYTES) or baselines
    /// with more than [`MAX_EPOCHS`](crate::limits::MAX_EPOCHS) epochs;
    /// [`RecsysError::Diverged`](crate::RecsysError::Diverged) for SGD baselines that diverge.
    /// `k` has no maximum (it allocates nothing); every prediction is finite.
    pub fn fit(&self, train: &Ratings) -> Result<KnnModel> {
        let scale = explicit_scale(train, self.algorithm.name())?;
        self.check_k()?;
        let by_user = Rows::from_csr(train.by_user());
        let by_item = Rows::from_csr(train.by_item());
        let needs_biases = self.algorithm == KnnAlgorithm::Baseline
            || matches!(self.sim.measure, Similarity::PearsonBaseline { .. });
        let biases = if needs_biases {
            Some(Biases::fit(&by_user, &by_item, self.sim.baseline)?)
        } else {
            None
        };
        let sim = self
            .sim
            .compute_from_rows(&by_user, &by_item, biases.as_ref())?;
        drop(by_user);
        let biases = if self.algorithm == KnnAlgorithm::Baseline {
            biases
        } else {
            None
        };
        Ok(KnnModel::assemble(
            Parts {
                algorithm: self.algorithm,
                user_based: self.sim.user_based,
                k: self.k,
                min_k: self.min_k,
                biases,
                sim,
            },
            scale,
            Catalogue::new(train),
            by_item,
        ))
    }
}

/// What a fitted (or loaded) neighbourhood model is made of besides its training data.
pub(crate) struct Parts {
    pub(crate) algorithm: KnnAlgorithm,
    pub(crate) user_based: bool,
    pub(crate) k: usize,
    pub(crate) min_k: usize,
    pub(crate) biases: Option<Biases>,
    pub(crate) sim: SimilarityMatrix,
}

impl KnnModel {
    /// The model from its parts and training data (`by_item`: the ratings by item in file
    /// order), computing means and deviations: the one path of both `fit` and loading, so a
    /// loaded model is the fitted one.
    pub(crate) fn assemble(
        parts: Parts,
        scale: ecom_core::RatingScale,
        catalogue: Catalogue,
        by_item: Rows,
    ) -> Self {
        let by_user = &catalogue.seen;
        let mu = global_mean(by_user);
        // Surprise replaces a zero σ by the σ of all ratings; when every rating is the same that
        // is 0 too (Surprise then divides 0 by 0), and 1 is used: every deviation is then 0, so
        // any σ gives the same estimate, the mean.
        let overall_sigma = match mean_std(&by_user.vals).1 {
            s if s > 0.0 => s,
            _ => 1.0,
        };
        let xr = if parts.user_based { by_user } else { &by_item };
        let (means, sigmas) = match parts.algorithm {
            KnnAlgorithm::WithMeans => (
                (0..xr.n_rows()).map(|x| mean_std(xr.row(x).1).0).collect(),
                Vec::new(),
            ),
            KnnAlgorithm::WithZScore => (0..xr.n_rows())
                .map(|x| {
                    let (m, s) = mean_std(xr.row(x).1);
                    (m, if s == 0.0 { overall_sigma } else { s })
                })
                .unzip(),
            _ => (Vec::new(), Vec::new()),
        };
        KnnModel {
            algorithm: parts.algorithm,
            user_based: parts.user_based,
            k: parts.k,
            min_k: parts.min_k,
            scale,
            global_mean: mu,
            // Item-based models read the ratings by user, which the catalogue holds.
            by_item: parts.user_based.then_some(by_item),
            catalogue,
            means,
            sigmas,
            biases: parts.biases,
            sim: parts.sim,
        }
    }
}

impl Knn {
    fn check_k(&self) -> Result<()> {
        if self.k == 0 {
            return Err(invalid("k", "need at least 1 neighbour"));
        }
        if self.min_k > self.k {
            return Err(invalid(
                "min_k",
                format!(
                    "min_k = {} can never be reached with k = {}",
                    self.min_k, self.k
                ),
            ));
        }
        Ok(())
    }

    fn validate(&self) -> Result<()> {
        self.check_k()?;
        self.sim.validate()
    }
}

crate::saved::validated_spec!(Knn via KnnSpec {
    algorithm: KnnAlgorithm,
    k: usize,
    min_k: usize,
    sim: SimilarityOptions,
});

impl Algorithm for Knn {
    type Model = KnnModel;
    fn fit(&self, train: &Ratings) -> Result<KnnModel> {
        Knn::fit(self, train)
    }
}
