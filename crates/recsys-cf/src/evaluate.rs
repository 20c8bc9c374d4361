//! Evaluation of fitted models: rating accuracy on a test set, k-fold cross-validation, and
//! top-N ranking quality with the full-catalogue protocol.

use std::collections::HashSet;

use ecom_core::Ratings;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{RecsysError, Result};
use crate::metrics;
use crate::prediction::{Algorithm, RatingPredictor};
use crate::split::Split;
use crate::topn::Recommender;

/// Accuracy of a model's predictions on a test set.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Accuracy {
    /// Root mean squared error of the clipped estimates.
    pub rmse: f64,
    /// Mean absolute error of the clipped estimates.
    pub mae: f64,
    /// Number of test entries.
    pub n: usize,
    /// Predictions Surprise would flag `was_impossible`.
    pub impossible: usize,
    /// Predictions with any [`Fallback`](crate::Fallback) (cold starts included).
    pub fallbacks: usize,
}

/// Predicts every entry of `test` and scores the estimates against its values.
///
/// # Errors
/// Never for a valid model and non-empty test set; a non-finite estimate is reported.
pub fn accuracy<M: RatingPredictor + ?Sized>(model: &M, test: &Ratings) -> Result<Accuracy> {
    let preds = model.test(test);
    let est: Vec<f64> = preds.iter().map(|p| p.estimate).collect();
    Ok(Accuracy {
        rmse: metrics::rmse(test.values(), &est)?,
        mae: metrics::mae(test.values(), &est)?,
        n: preds.len(),
        impossible: preds.iter().filter(|p| p.impossible).count(),
        fallbacks: preds.iter().filter(|p| p.fallback.is_some()).count(),
    })
}

/// Results of cross-validation: one [`Accuracy`] per fold and their summaries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CrossValidation {
    /// Per fold, in fold order.
    pub folds: Vec<Accuracy>,
    /// Mean of the folds' RMSE.
    pub mean_rmse: f64,
    /// Population standard deviation of the folds' RMSE.
    pub std_rmse: f64,
    /// Mean of the folds' MAE.
    pub mean_mae: f64,
    /// Population standard deviation of the folds' MAE.
    pub std_mae: f64,
}

/// Fits `algorithm` on each fold's training part and measures it on its test part. Folds run
/// one after another (each fit is parallel inside).
///
/// # Errors
/// No folds, or the first error of a fit.
pub fn cross_validate<A: Algorithm>(algorithm: &A, folds: &[Split]) -> Result<CrossValidation> {
    if folds.is_empty() {
        return Err(RecsysError::NotEnoughData {
            what: "cross-validation",
            needed: 1,
            got: 0,
        });
    }
    let folds: Vec<Accuracy> = folds
        .iter()
        .map(|f| accuracy(&algorithm.fit(&f.train)?, &f.test))
        .collect::<Result<_>>()?;
    let stats = |v: Vec<f64>| crate::data::mean_std(&v);
    let (mean_rmse, std_rmse) = stats(folds.iter().map(|a| a.rmse).collect());
    let (mean_mae, std_mae) = stats(folds.iter().map(|a| a.mae).collect());
    Ok(CrossValidation {
        folds,
        mean_rmse,
        std_rmse,
        mean_mae,
        std_mae,
    })
}

/// Which test entries count as relevant for ranking metrics.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Relevance {
    /// Entries with a value of at least this (e.g. 4 stars).
    AtLeast(f64),
    /// Every test entry (implicit feedback: the user did buy it).
    Any,
}

/// One user's outcome in a ranking evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserRanking {
    /// Raw user id.
    pub user: String,
    /// Number of relevant test items (including items the model never saw).
    pub n_relevant: usize,
    /// For each recommended item, best first, whether it is relevant.
    pub hits: Vec<bool>,
    /// The user was unknown to the model (the list is the popularity fallback).
    pub cold_start: bool,
}

/// Ranking quality at cut-off `k`, averaged over the evaluated users.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankingReport {
    /// The cut-off.
    pub k: usize,
    /// Users with at least one relevant test item (the ones evaluated).
    pub n_users: usize,
    /// Mean precision@k (hits / k).
    pub precision: f64,
    /// Mean recall@k.
    pub recall: f64,
    /// Mean NDCG@k.
    pub ndcg: f64,
    /// MAP@k.
    pub map: f64,
    /// Share of users with at least one hit.
    pub hit_rate: f64,
    /// Share of the model's catalogue recommended to at least one evaluated user.
    pub coverage: f64,
    /// Per-user outcomes, in order of first appearance in the test set.
    pub users: Vec<UserRanking>,
}

impl RankingReport {
    /// Precision pooled over users: Σ hits / Σ min(k, |relevant|), the definition of the
    /// `implicit` package's `ranking_metrics_at_k`.
    pub fn pooled_precision(&self) -> f64 {
        let hits: usize = self
            .users
            .iter()
            .map(|u| u.hits.iter().filter(|&&h| h).count())
            .sum();
        let possible: usize = self.users.iter().map(|u| u.n_relevant.min(self.k)).sum();
        if possible == 0 {
            0.0
        } else {
            hits as f64 / possible as f64
        }
    }
}

/// Evaluates top-`k` recommendations against a test set, full-catalogue protocol: for every
/// test user with at least one relevant test item, the model ranks every training item the
/// user did not have in training; the first `k` are scored against the relevant test items.
/// Users run in parallel.
///
/// # Errors
/// `k == 0`, or no test user with a relevant item.
pub fn ranking<R: Recommender + ?Sized>(
    model: &R,
    test: &Ratings,
    k: usize,
    relevance: Relevance,
) -> Result<RankingReport> {
    if k == 0 {
        return Err(crate::error::invalid("k", "need a cut-off of at least 1"));
    }
    let relevant_user: Vec<(String, Vec<&str>)> = (0..test.n_users())
        .filter_map(|u| {
            let (items, values) = test.user_row(u as u32);
            let rel: Vec<&str> = items
                .iter()
                .zip(values)
                .filter(|(_, v)| match relevance {
                    Relevance::AtLeast(t) => **v >= t,
                    Relevance::Any => true,
                })
                .map(|(&i, _)| test.items().id(i))
                .collect();
            (!rel.is_empty()).then(|| (test.users().id(u as u32).to_owned(), rel))
        })
        .collect();
    if relevant_user.is_empty() {
        return Err(RecsysError::NotEnoughData {
            what: "a ranking evaluation (test users with a relevant item)",
            needed: 1,
            got: 0,
        });
    }
    let lists: Vec<(UserRanking, Vec<String>)> = relevant_user
        .par_iter()
        .map(|(user, rel)| {
            let top = model.recommend(user, k, true);
            let ids: Vec<String> = top.items.into_iter().map(|s| s.item).collect();
            let hits = ids.iter().map(|i| rel.contains(&i.as_str())).collect();
            (
                UserRanking {
                    user: user.clone(),
                    n_relevant: rel.len(),
                    hits,
                    cold_start: top.cold_start,
                },
                ids,
            )
        })
        .collect();
    let n = lists.len() as f64;
    let mut sums = [0.0f64; 5];
    for ((_, rel), (_, ids)) in relevant_user.iter().zip(&lists) {
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        sums[0] += metrics::precision_at_k(&ids, rel, k);
        sums[1] += metrics::recall_at_k(&ids, rel, k);
        sums[2] += metrics::ndcg_at_k(&ids, rel, k);
        sums[3] += metrics::average_precision_at_k(&ids, rel, k);
        sums[4] += f64::from(u8::from(metrics::hit_at_k(&ids, rel, k)));
    }
    let distinct: HashSet<&str> = lists
        .iter()
        .flat_map(|(_, ids)| ids.iter().map(String::as_str))
        .collect();
    let catalogue = model.catalogue_len();
    Ok(RankingReport {
        k,
        n_users: lists.len(),
        precision: sums[0] / n,
        recall: sums[1] / n,
        ndcg: sums[2] / n,
        map: sums[3] / n,
        hit_rate: sums[4] / n,
        coverage: if catalogue == 0 {
            0.0
        } else {
            distinct.len() as f64 / catalogue as f64
        },
        users: lists.into_iter().map(|(u, _)| u).collect(),
    })
}

/// Precision and recall over each user's **test** pairs only, Surprise's FAQ recipe: a user's
/// test pairs sorted by estimate (stable, highest first), the first `k` kept, recommended =
/// those with estimate ≥ `threshold`, relevant = true rating ≥ `threshold`; precision =
/// |recommended ∩ relevant| / |recommended| (0 if none recommended), recall =
/// |recommended ∩ relevant| / |relevant| (0 if none relevant); means over all test users.
/// Returns `(precision, recall)`.
///
/// # Errors
/// `predictions` not one per test entry, or an empty test set.
pub fn test_pairs_precision_recall(
    test: &Ratings,
    predictions: &[crate::Prediction],
    k: usize,
    threshold: f64,
) -> Result<(f64, f64)> {
    if predictions.len() != test.len() {
        return Err(RecsysError::LengthMismatch {
            what: "predictions",
            expected: test.len(),
            got: predictions.len(),
        });
    }
    let by_user = test.by_user();
    if by_user.n_rows() == 0 {
        return Err(RecsysError::NotEnoughData {
            what: "test pairs",
            needed: 1,
            got: 0,
        });
    }
    let mut sums = (0.0, 0.0);
    let mut pairs: Vec<(f64, f64)> = Vec::new();
    for u in 0..by_user.n_rows() {
        pairs.clear();
        pairs.extend(
            by_user
                .row_entries(u)
                .iter()
                .map(|&e| (predictions[e].estimate, test.values()[e])),
        );
        // stable sort in entry order, like Python's sort(reverse=True)
        pairs.sort_by(|a, b| b.0.total_cmp(&a.0));
        let n_rel = pairs.iter().filter(|p| p.1 >= threshold).count();
        let top = &pairs[..k.min(pairs.len())];
        let n_rec = top.iter().filter(|p| p.0 >= threshold).count();
        let both = top
            .iter()
            .filter(|p| p.0 >= threshold && p.1 >= threshold)
            .count();
        if n_rec > 0 {
            sums.0 += both as f64 / n_rec as f64;
        }
        if n_rel > 0 {
            sums.1 += both as f64 / n_rel as f64;
        }
    }
    let n = by_user.n_rows() as f64;
    Ok((sums.0 / n, sums.1 / n))
}
