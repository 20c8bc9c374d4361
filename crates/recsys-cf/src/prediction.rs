//! What a rating predictor answers, and the traits shared by the rating models.

use ecom_core::{IdMap, RatingScale, Ratings};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::Result;

/// Why a prediction is not the model's full estimate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Fallback {
    /// The user is not in the training data (cold start).
    UnknownUser,
    /// The item is not in the training data (cold start).
    UnknownItem,
    /// Neither the user nor the item is in the training data.
    UnknownUserAndItem,
    /// A neighbourhood model found fewer than `min_k` neighbours with positive similarity.
    NotEnoughNeighbours,
}

impl Fallback {
    /// `true` for the cold-start cases (an unknown user or item).
    pub fn is_cold_start(self) -> bool {
        !matches!(self, Fallback::NotEnoughNeighbours)
    }

    pub(crate) fn unknown(user: Option<u32>, item: Option<u32>) -> Option<Self> {
        match (user, item) {
            (Some(_), Some(_)) => None,
            (None, Some(_)) => Some(Fallback::UnknownUser),
            (Some(_), None) => Some(Fallback::UnknownItem),
            (None, None) => Some(Fallback::UnknownUserAndItem),
        }
    }
}

/// One predicted rating.
///
/// `impossible` follows Surprise's `was_impossible` exactly (the global mean was returned);
/// `fallback` says more generally why the answer is not the model's full estimate, including
/// cases Surprise answers silently (KNNWithMeans falling back to the mean, KNNBaseline or SVD
/// answering an unknown user with the item bias).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Prediction {
    /// The estimate clipped to the rating scale.
    pub estimate: f64,
    /// The estimate before clipping (what rankings sort by).
    pub unclipped: f64,
    /// Surprise's `was_impossible`: the model could not predict and returned the global mean.
    pub impossible: bool,
    /// Why the full estimate was not available, if it was not.
    pub fallback: Option<Fallback>,
    /// Neighbourhood models: how many neighbours with positive similarity were used
    /// (`None` for other models and for unknown users or items).
    pub actual_k: Option<usize>,
}

impl Prediction {
    /// A model's estimate (not a neighbourhood one) clipped to `scale`, flagged with the
    /// cold-start case of `user` and `item` (`None`: not in the training data).
    pub(crate) fn from_estimate(
        scale: &RatingScale,
        estimate: f64,
        impossible: bool,
        user: Option<u32>,
        item: Option<u32>,
    ) -> Self {
        Self {
            estimate: scale.clip(estimate),
            unclipped: estimate,
            impossible,
            fallback: Fallback::unknown(user, item),
            actual_k: None,
        }
    }
}

/// A fitted model that predicts ratings for (user, item) pairs given by raw id.
///
/// Unknown ids never fail: they get a [`Fallback`] flag and the model's cold-start answer.
pub trait RatingPredictor: Sync {
    /// Raw user ids of the training data, in index order.
    fn users(&self) -> &IdMap;

    /// Raw item ids of the training data, in index order.
    fn items(&self) -> &IdMap;

    /// Predicts by dense training indices; `None` marks an id the training data did not have.
    fn predict_indices(&self, user: Option<u32>, item: Option<u32>) -> Prediction;

    /// Predicts the rating `user` would give `item`.
    fn predict(&self, user: &str, item: &str) -> Prediction {
        self.predict_indices(self.users().index(user), self.items().index(item))
    }

    /// Predicts every entry of `test` (in its entry order), in parallel. The test set's ids are
    /// mapped into the training id space; ids the training data lacks are cold starts.
    fn test(&self, test: &Ratings) -> Vec<Prediction> {
        let users: Vec<Option<u32>> = test
            .users()
            .ids()
            .iter()
            .map(|u| self.users().index(u))
            .collect();
        let items: Vec<Option<u32>> = test
            .items()
            .ids()
            .iter()
            .map(|i| self.items().index(i))
            .collect();
        test.user_indices()
            .par_iter()
            .zip(test.item_indices().par_iter())
            .map(|(&u, &i)| self.predict_indices(users[u as usize], items[i as usize]))
            .collect()
    }
}

/// A model specification that fits a [`RatingPredictor`] on explicit ratings.
pub trait Algorithm: Sync {
    /// The fitted model.
    type Model: RatingPredictor;

    /// Fits the model.
    ///
    /// # Errors
    /// Invalid parameters, or data the algorithm cannot use.
    fn fit(&self, train: &Ratings) -> Result<Self::Model>;
}
