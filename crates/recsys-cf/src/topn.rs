//! Top-N lists: recommendations for a user and similar items for an item.
//!
//! Every model ranks by its score, highest first (rating models use the unclipped estimate);
//! equal scores are ordered by item id in natural order (ids made of digits by numeric value,
//! then other ids by byte order), so lists do not depend on file order or thread count.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::data::Catalogue;
use crate::error::{RecsysError, Result};

/// An item and its score in a top-N list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoredItem {
    /// Raw item id.
    pub item: String,
    /// The model's score (a predicted rating, a summed similarity, a factor dot product, or an
    /// interaction count for cold-start lists).
    pub score: f64,
}

/// A top-N list for one user (recommendations) or one item (similar items).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopN {
    /// The raw user or item id the list is for.
    pub query: String,
    /// Best first. May be shorter than asked when fewer items have a score.
    pub items: Vec<ScoredItem>,
    /// `true` when the query id was not in the training data and the list holds the most
    /// popular items instead (by number of training interactions).
    pub cold_start: bool,
}

impl TopN {
    /// The item ids, best first.
    pub fn ids(&self) -> Vec<&str> {
        self.items.iter().map(|s| s.item.as_str()).collect()
    }
}

/// A fitted model that ranks items for users.
pub trait Recommender: Sync {
    /// The `n` best items for `user`; with `exclude_seen`, items the user already rated or
    /// bought in the training data are left out. An unknown user gets the most popular items,
    /// flagged `cold_start`.
    fn recommend(&self, user: &str, n: usize, exclude_seen: bool) -> TopN;

    /// [`recommend`](Self::recommend), failing instead of answering an empty list that has a
    /// reason other than "nothing left to recommend".
    ///
    /// Every score these models hand out is finite, but neighbourhood models have no score for
    /// some items ([`KnnModel`](crate::KnnModel): fewer than `min_k` positive-similarity
    /// neighbours; [`ItemCosineModel`](crate::ItemCosineModel): not linked from the user's
    /// items), and `recommend` leaves those out, so its list may be short or empty.
    ///
    /// # Errors
    /// [`RecsysError::NoScores`] when `n > 0`, the user is known,
    /// has candidate items (the catalogue, less what the user has when `exclude_seen`) and the
    /// model scores none of them. A short non-empty list, a user with nothing left to
    /// recommend and an unknown user (the popularity fallback) are answered as by `recommend`.
    fn recommend_checked(&self, user: &str, n: usize, exclude_seen: bool) -> Result<TopN> {
        Ok(self.recommend(user, n, exclude_seen))
    }

    /// [`recommend`](Self::recommend) for every training user, in user index order, in parallel.
    fn recommend_all(&self, n: usize, exclude_seen: bool) -> Vec<TopN>;

    /// Number of items the model can recommend (its training catalogue).
    fn catalogue_len(&self) -> usize;

    /// The `n` items most similar to `item`, most similar first, `item` itself left out
    /// ("customers who bought this also bought"), as the same [`TopN`] list
    /// [`recommend`](Self::recommend) answers; ties by item id in natural order. An unknown
    /// item gets the most popular items, flagged `cold_start`.
    ///
    /// | model | similarity |
    /// |---|---|
    /// | [`ItemCosineModel`](crate::ItemCosineModel) | the kept neighbours' cosine |
    /// | [`KnnModel`](crate::KnnModel), item-based | the similarity matrix, positive values only (the neighbours a prediction may use) |
    /// | [`SvdModel`](crate::SvdModel), [`SvdPpModel`](crate::SvdPpModel) | cosine of the item factors `q_i` (0 against a zero vector) |
    /// | [`ImplicitAlsModel`](crate::ImplicitAlsModel) | cosine of the item factors, in `f64` |
    ///
    /// The default implementation (and [`BaselineModel`](crate::BaselineModel),
    /// [`PopularityModel`](crate::PopularityModel) and user-based [`KnnModel`](crate::KnnModel))
    /// answers the error.
    ///
    /// ```
    /// use ecom_core::{DuplicatePolicy, Feedback, Ratings};
    /// use recsys_cf::{ItemCosine, Popularity, Recommender, RecsysError};
    /// let baskets = Ratings::from_triplets(Feedback::Implicit, DuplicatePolicy::Sum, [
    ///     ("c1", "mug", 1.0), ("c1", "tea", 1.0), ("c2", "mug", 1.0), ("c2", "jam", 1.0),
    /// ])?;
    /// let models: Vec<Box<dyn Recommender>> =
    ///     vec![Box::new(ItemCosine::new().fit(&baskets)?), Box::new(Popularity.fit(&baskets)?)];
    /// assert_eq!(models[0].similar_items("mug", 5)?.ids(), ["jam", "tea"]);
    /// assert!(matches!(models[1].similar_items("mug", 5), Err(RecsysError::NoItemSimilarity { .. })));
    /// # Ok::<(), RecsysError>(())
    /// ```
    ///
    /// # Errors
    /// [`RecsysError::NoItemSimilarity`] for a model without item-item similarities.
    fn similar_items(&self, item: &str, n: usize) -> Result<TopN> {
        let _ = (item, n);
        Err(RecsysError::NoItemSimilarity {
            model: "this recommender",
            hint: NO_SIMILARITY_HINT,
        })
    }
}

/// Which models do answer [`Recommender::similar_items`].
pub(crate) const NO_SIMILARITY_HINT: &str =
    "use an item-based KNN, SVD, SVD++, implicit ALS or item-cosine model";

/// Implements [`Recommender`] for a type implementing [`Scorer`].
macro_rules! impl_recommender {
    ($t:ty) => {
        impl $crate::topn::Recommender for $t {
            fn recommend(&self, user: &str, n: usize, exclude_seen: bool) -> $crate::topn::TopN {
                $crate::topn::recommend_by(self, user, n, exclude_seen)
            }

            fn recommend_checked(
                &self,
                user: &str,
                n: usize,
                exclude_seen: bool,
            ) -> $crate::Result<$crate::topn::TopN> {
                $crate::topn::recommend_checked_by(self, user, n, exclude_seen)
            }

            fn recommend_all(&self, n: usize, exclude_seen: bool) -> Vec<$crate::topn::TopN> {
                $crate::topn::recommend_all_by(self, n, exclude_seen)
            }

            fn catalogue_len(&self) -> usize {
                $crate::topn::Scorer::catalogue(self).n_items()
            }

            fn similar_items(&self, item: &str, n: usize) -> $crate::Result<$crate::topn::TopN> {
                $crate::topn::similar_items_by(self, item, n)
            }
        }
    };
}
pub(crate) use impl_recommender;

/// Internal scoring hook behind [`Recommender`].
pub(crate) trait Scorer: Sync {
    fn catalogue(&self) -> &Catalogue;

    /// Writes a score for every training item into `scores` (length `n_items`), `NaN` where
    /// the model has no score for the item (such items are never recommended). Scores are
    /// finite otherwise.
    fn score_user(&self, user: u32, scores: &mut [f64]);

    /// Why an item may have no score, for [`RecsysError::NoScores`].
    fn no_score_reason(&self) -> &'static str {
        "the model scores every item"
    }

    /// The model's name in errors.
    fn model_name(&self) -> &'static str;

    /// Whether [`item_similarity_row`](Self::item_similarity_row) answers.
    fn has_item_similarity(&self) -> bool {
        false
    }

    /// Writes the similarity of every item to `item` into `scores` (all NaN on entry; left NaN
    /// where there is none). Called only when [`has_item_similarity`](Self::has_item_similarity).
    fn item_similarity_row(&self, _item: u32, _scores: &mut [f64]) {}
}

pub(crate) fn similar_items_by<S: Scorer>(model: &S, item: &str, n: usize) -> Result<TopN> {
    if !model.has_item_similarity() {
        return Err(RecsysError::NoItemSimilarity {
            model: model.model_name(),
            hint: NO_SIMILARITY_HINT,
        });
    }
    Ok(similar_from_row(model.catalogue(), item, n, |i, scores| {
        model.item_similarity_row(i, scores)
    }))
}

pub(crate) fn recommend_checked_by<S: Scorer>(
    model: &S,
    user: &str,
    n: usize,
    exclude_seen: bool,
) -> Result<TopN> {
    let top = recommend_by(model, user, n, exclude_seen);
    let cat = model.catalogue();
    if let (Some(u), true) = (cat.users.index(user), top.items.is_empty() && n > 0) {
        let seen = if exclude_seen {
            cat.seen.row_len(u as usize)
        } else {
            0
        };
        let candidates = cat.n_items() - seen;
        if candidates > 0 {
            return Err(RecsysError::NoScores {
                user: user.to_owned(),
                candidates,
                reason: model.no_score_reason(),
            });
        }
    }
    Ok(top)
}

pub(crate) fn recommend_by<S: Scorer>(model: &S, user: &str, n: usize, exclude_seen: bool) -> TopN {
    let cat = model.catalogue();
    match cat.users.index(user) {
        Some(u) => {
            let mut buffers = (vec![0.0; cat.n_items()], Vec::new());
            recommend_index(model, u, n, exclude_seen, &mut buffers)
        }
        None => TopN {
            query: user.to_owned(),
            items: named(cat, &popular(cat, n, |_| false)),
            cold_start: true,
        },
    }
}

pub(crate) fn recommend_all_by<S: Scorer>(model: &S, n: usize, exclude_seen: bool) -> Vec<TopN> {
    let cat = model.catalogue();
    (0..cat.users.len() as u32)
        .into_par_iter()
        .map_init(
            || (vec![0.0; cat.n_items()], Vec::new()),
            |buffers, u| recommend_index(model, u, n, exclude_seen, buffers),
        )
        .collect()
}

fn recommend_index<S: Scorer>(
    model: &S,
    u: u32,
    n: usize,
    exclude_seen: bool,
    (scores, candidates): &mut (Vec<f64>, Vec<(u32, f64)>),
) -> TopN {
    let cat = model.catalogue();
    model.score_user(u, scores);
    if exclude_seen {
        for &i in cat.seen.row(u as usize).0 {
            scores[i as usize] = f64::NAN;
        }
    }
    let top = top_n_with(scores, n, &cat.tie_rank, candidates);
    TopN {
        query: cat.users.id(u).to_owned(),
        items: named(cat, &top),
        cold_start: false,
    }
}

/// The `n` best finite scores, best first; equal scores by `tie_rank` ascending.
pub(crate) fn top_n(scores: &[f64], n: usize, tie_rank: &[u32]) -> Vec<(u32, f64)> {
    top_n_with(scores, n, tie_rank, &mut Vec::new())
}

/// [`top_n`] with a reusable candidate buffer (one per thread when ranking every user).
fn top_n_with(
    scores: &[f64],
    n: usize,
    tie_rank: &[u32],
    cand: &mut Vec<(u32, f64)>,
) -> Vec<(u32, f64)> {
    cand.clear();
    cand.extend(
        scores
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.is_nan())
            .map(|(i, &s)| (i as u32, s)),
    );
    let better = |a: &(u32, f64), b: &(u32, f64)| {
        b.1.total_cmp(&a.1)
            .then_with(|| tie_rank[a.0 as usize].cmp(&tie_rank[b.0 as usize]))
    };
    if n == 0 {
        return Vec::new();
    }
    if cand.len() > n {
        cand.select_nth_unstable_by(n - 1, better);
        cand.truncate(n);
    }
    cand.sort_unstable_by(better);
    cand.clone()
}

/// The `n` items with the most training interactions, skipping `skip`.
pub(crate) fn popular(cat: &Catalogue, n: usize, skip: impl Fn(u32) -> bool) -> Vec<(u32, f64)> {
    let scores: Vec<f64> = cat
        .popularity
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            if skip(i as u32) {
                f64::NAN
            } else {
                f64::from(c)
            }
        })
        .collect();
    top_n(&scores, n, &cat.tie_rank)
}

pub(crate) fn named(cat: &Catalogue, top: &[(u32, f64)]) -> Vec<ScoredItem> {
    top.iter()
        .map(|&(i, score)| ScoredItem {
            item: cat.items.id(i).to_owned(),
            score,
        })
        .collect()
}

/// Similar items from a row of (item, similarity) pairs, excluding the item itself.
fn similar_from_row(
    cat: &Catalogue,
    item: &str,
    n: usize,
    row: impl FnOnce(u32, &mut [f64]),
) -> TopN {
    match cat.items.index(item) {
        Some(i) => {
            let mut scores = vec![f64::NAN; cat.n_items()];
            row(i, &mut scores);
            scores[i as usize] = f64::NAN;
            TopN {
                query: item.to_owned(),
                items: named(cat, &top_n(&scores, n, &cat.tie_rank)),
                cold_start: false,
            }
        }
        None => TopN {
            query: item.to_owned(),
            items: named(cat, &popular(cat, n, |_| false)),
            cold_start: true,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_follow_the_rank_and_nan_is_dropped() {
        let scores = [1.0, f64::NAN, 3.0, 3.0, 2.0];
        let rank = [0, 1, 3, 2, 4];
        assert_eq!(top_n(&scores, 3, &rank), vec![(3, 3.0), (2, 3.0), (4, 2.0)]);
        assert_eq!(top_n(&scores, 10, &rank).len(), 4);
        assert!(top_n(&scores, 0, &rank).is_empty());
    }
}
