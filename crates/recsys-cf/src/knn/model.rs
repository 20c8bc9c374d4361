//! The fitted neighbourhood model.

use std::borrow::Cow;

use ecom_core::{IdMap, RatingScale};
use serde::{Deserialize, Serialize};

use super::neighbours::{Selection, select};
use super::{KnnAlgorithm, Parts};
use crate::baseline::{Biases, SavedBiases, loaded_scale};
use crate::data::{Catalogue, Rows};
use crate::error::{RecsysError, Result, bad_field};
use crate::prediction::{Fallback, Prediction, RatingPredictor};
use crate::saved::{Train, check_count};
use crate::similarity::SimilarityMatrix;
use crate::topn::Scorer;

/// A fitted [`Knn`](super::Knn) model: predicts ratings, ranks items, lists neighbours.
///
/// Saved (serde) as its training data, settings (`algorithm`, `user_based`, `k`, `min_k`),
/// the baselines of KNNBaseline and the similarity matrix (validated as
/// [`SimilarityMatrix`]'s saved form is); loading checks `k >= 1`, `min_k <= k`, a matrix
/// between the training users (or items) and baselines exactly for KNNBaseline, and recomputes
/// means and deviations ([`RecsysError::InvalidModel`] naming the field).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(try_from = "KnnModelRepr<'static>")]
pub struct KnnModel {
    pub(super) algorithm: KnnAlgorithm,
    pub(super) user_based: bool,
    pub(super) k: usize,
    pub(super) min_k: usize,
    pub(super) scale: RatingScale,
    pub(super) global_mean: f64,
    pub(super) catalogue: Catalogue,
    /// User-based: for each item, the (user, rating) pairs in training-file order, the
    /// candidate lists. Item-based models read the catalogue's rows by user instead.
    pub(super) by_item: Option<Rows>,
    pub(super) means: Vec<f64>,
    pub(super) sigmas: Vec<f64>,
    pub(super) biases: Option<Biases>,
    pub(super) sim: SimilarityMatrix,
}

/// The neighbourhood part of an estimate.
struct Estimate {
    value: f64,
    actual_k: usize,
    enough: bool,
}

impl KnnModel {
    /// The aggregation rule.
    pub fn algorithm(&self) -> KnnAlgorithm {
        self.algorithm
    }

    /// `true` when similarities are between users.
    pub fn is_user_based(&self) -> bool {
        self.user_based
    }

    /// Mean of all training ratings (the answer to impossible predictions).
    pub fn global_mean(&self) -> f64 {
        self.global_mean
    }

    /// The similarity matrix, indexed by training user (user-based) or item index.
    pub fn similarity_matrix(&self) -> &SimilarityMatrix {
        &self.sim
    }

    fn x_ids(&self) -> &IdMap {
        if self.user_based {
            &self.catalogue.users
        } else {
            &self.catalogue.items
        }
    }

    /// Similarity of two users (user-based) or two items (item-based) by raw id; `None` if
    /// either is unknown.
    pub fn similarity(&self, a: &str, b: &str) -> Option<f64> {
        let ids = self.x_ids();
        Some(self.sim.get(ids.index(a)? as usize, ids.index(b)? as usize))
    }

    /// The `n` most similar users (user-based) or items (item-based) of `id` with positive
    /// similarity, most similar first (equal similarities by training index); `None` if `id`
    /// is unknown. For a list of similar items in the form every model answers (ties by
    /// natural id order, popular items for an unknown item), use
    /// [`Recommender::similar_items`](crate::Recommender::similar_items).
    pub fn neighbours(&self, id: &str, n: usize) -> Option<Vec<(String, f64)>> {
        let ids = self.x_ids();
        let a = ids.index(id)?;
        Some(
            self.sim
                .neighbours(a as usize, n)
                .into_iter()
                .map(|(b, s)| (ids.id(b).to_owned(), s))
                .collect(),
        )
    }

    /// For each y, the (x, rating) pairs in training-file order: the candidate lists.
    #[inline]
    fn yr(&self) -> &Rows {
        self.by_item.as_ref().unwrap_or(&self.catalogue.seen)
    }

    /// Approximate heap memory of the fitted model in bytes.
    pub fn memory_bytes(&self) -> usize {
        self.sim.memory_bytes()
            + self.by_item.as_ref().map_or(0, Rows::memory_bytes)
            + self.catalogue.memory_bytes()
            + 8 * (self.means.len() + self.sigmas.len())
            + self
                .biases
                .as_ref()
                .map_or(0, |b| 8 * (b.bu.len() + b.bi.len()))
    }

    /// The estimate for known x and y (unclipped), with Surprise's formulas.
    #[inline]
    fn estimate(&self, u: usize, i: usize, sel: &mut Selection) -> Estimate {
        let (x, y) = if self.user_based { (u, i) } else { (i, u) };
        let (cands, ratings) = self.yr().row(y);
        select(self.sim.row(x), cands, self.k, sel);
        let buf = &sel.best;
        let actual_k = buf.len();
        let enough = actual_k >= self.min_k && actual_k > 0;
        let mut sum_sim = 0.0;
        let mut sum_ratings = 0.0;
        let value = match self.algorithm {
            KnnAlgorithm::Basic => {
                for c in buf.iter() {
                    sum_sim += c.sim();
                    sum_ratings += c.sim() * ratings[c.pos()];
                }
                if enough {
                    sum_ratings / sum_sim
                } else {
                    self.global_mean
                }
            }
            KnnAlgorithm::WithMeans => {
                for c in buf.iter() {
                    let nb = cands[c.pos()] as usize;
                    sum_sim += c.sim();
                    sum_ratings += c.sim() * (ratings[c.pos()] - self.means[nb]);
                }
                let mut est = self.means[x];
                if enough {
                    est += sum_ratings / sum_sim;
                }
                est
            }
            KnnAlgorithm::WithZScore => {
                for c in buf.iter() {
                    let nb = cands[c.pos()] as usize;
                    sum_sim += c.sim();
                    sum_ratings += c.sim() * (ratings[c.pos()] - self.means[nb]) / self.sigmas[nb];
                }
                let mut est = self.means[x];
                if enough {
                    est += sum_ratings / sum_sim * self.sigmas[x];
                }
                est
            }
            KnnAlgorithm::Baseline => {
                let b = self
                    .biases
                    .as_ref()
                    .expect("KNNBaseline keeps its baselines");
                let (bx, by) = if self.user_based {
                    (&b.bu, &b.bi)
                } else {
                    (&b.bi, &b.bu)
                };
                for c in buf.iter() {
                    let nb = cands[c.pos()] as usize;
                    sum_sim += c.sim();
                    let nb_bsl = b.mu + bx[nb] + by[y];
                    sum_ratings += c.sim() * (ratings[c.pos()] - nb_bsl);
                }
                let mut est = b.estimate(Some(u as u32), Some(i as u32));
                if enough {
                    est += sum_ratings / sum_sim;
                }
                est
            }
        };
        Estimate {
            value,
            actual_k,
            enough,
        }
    }

    fn predict_with(
        &self,
        user: Option<u32>,
        item: Option<u32>,
        sel: &mut Selection,
    ) -> Prediction {
        let (Some(u), Some(i)) = (user, item) else {
            let (est, impossible) = match (&self.algorithm, &self.biases) {
                (KnnAlgorithm::Baseline, Some(b)) => (b.estimate(user, item), false),
                _ => (self.global_mean, true),
            };
            return Prediction::from_estimate(&self.scale, est, impossible, user, item);
        };
        let e = self.estimate(u as usize, i as usize, sel);
        Prediction {
            estimate: self.scale.clip(e.value),
            unclipped: e.value,
            impossible: !e.enough && self.algorithm == KnnAlgorithm::Basic,
            fallback: (!e.enough).then_some(Fallback::NotEnoughNeighbours),
            actual_k: Some(e.actual_k),
        }
    }
}

impl RatingPredictor for KnnModel {
    fn users(&self) -> &IdMap {
        &self.catalogue.users
    }

    fn items(&self) -> &IdMap {
        &self.catalogue.items
    }

    fn predict_indices(&self, user: Option<u32>, item: Option<u32>) -> Prediction {
        self.predict_with(user, item, &mut Selection::default())
    }

    /// Predicts in parallel, visiting the pairs grouped by the row of the similarity matrix
    /// they read (the user, or the item when item-based), so that row stays in cache; results
    /// come back in the test set's entry order.
    fn test(&self, test: &ecom_core::Ratings) -> Vec<Prediction> {
        use rayon::prelude::*;
        let users: Vec<Option<u32>> = test
            .users()
            .ids()
            .iter()
            .map(|u| self.catalogue.users.index(u))
            .collect();
        let items: Vec<Option<u32>> = test
            .items()
            .ids()
            .iter()
            .map(|i| self.catalogue.items.index(i))
            .collect();
        let pairs: Vec<(Option<u32>, Option<u32>)> = test
            .user_indices()
            .iter()
            .zip(test.item_indices())
            .map(|(&u, &i)| (users[u as usize], items[i as usize]))
            .collect();
        let mut order: Vec<u32> = (0..pairs.len() as u32).collect();
        let row_of = |p: &(Option<u32>, Option<u32>)| {
            if self.user_based { p.0 } else { p.1 }.unwrap_or(u32::MAX)
        };
        order.sort_by_key(|&e| row_of(&pairs[e as usize]));
        let mut out = vec![
            Prediction {
                estimate: f64::NAN,
                unclipped: f64::NAN,
                impossible: true,
                fallback: None,
                actual_k: None,
            };
            pairs.len()
        ];
        let grouped: Vec<Prediction> = order
            .par_iter()
            .map_init(Selection::default, |sel, &e| {
                let (u, i) = pairs[e as usize];
                self.predict_with(u, i, sel)
            })
            .collect();
        for (&e, p) in order.iter().zip(grouped) {
            out[e as usize] = p;
        }
        out
    }
}

impl Scorer for KnnModel {
    fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    /// Unclipped estimates; items without enough positive-similarity neighbours get no score.
    fn score_user(&self, user: u32, scores: &mut [f64]) {
        let mut sel = Selection::default();
        for (i, s) in scores.iter_mut().enumerate() {
            let e = self.estimate(user as usize, i, &mut sel);
            *s = if e.enough { e.value } else { f64::NAN };
        }
    }

    fn no_score_reason(&self) -> &'static str {
        "each has fewer than min_k neighbours with positive similarity"
    }

    fn model_name(&self) -> &'static str {
        "user-based KNN"
    }

    fn has_item_similarity(&self) -> bool {
        !self.user_based
    }

    /// The positive similarities of the matrix row (the neighbours a prediction may use), so
    /// the list is the same for every [`Storage`](crate::Storage) that keeps them all.
    fn item_similarity_row(&self, item: u32, scores: &mut [f64]) {
        self.sim
            .for_each_positive(item as usize, |b, s| scores[b as usize] = s);
    }
}

/// Saved form of [`KnnModel`] (means, deviations and the global mean are recomputed).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KnnModelRepr<'a> {
    train: Train<'a>,
    algorithm: KnnAlgorithm,
    user_based: bool,
    k: usize,
    min_k: usize,
    /// KNNBaseline's baselines; `null` for the other algorithms.
    baselines: Option<SavedBiases<'a>>,
    similarity: Cow<'a, SimilarityMatrix>,
}

impl Serialize for KnnModel {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        KnnModelRepr {
            train: Train::Saving(&self.catalogue),
            algorithm: self.algorithm,
            user_based: self.user_based,
            k: self.k,
            min_k: self.min_k,
            baselines: self.biases.as_ref().map(Biases::saved),
            similarity: Cow::Borrowed(&self.sim),
        }
        .serialize(s)
    }
}

impl TryFrom<KnnModelRepr<'_>> for KnnModel {
    type Error = RecsysError;
    fn try_from(r: KnnModelRepr<'_>) -> Result<Self> {
        let train = r.train.into_ratings()?;
        let scale = loaded_scale(&train, r.algorithm.name())?;
        let catalogue = Catalogue::new(&train);
        let by_item = Rows::from_csr(train.by_item());
        drop(train);
        check_count("k", r.k, 1, usize::MAX)?;
        check_count("min_k", r.min_k, 0, r.k)?;
        let (what, n) = if r.user_based {
            ("training users", catalogue.n_users())
        } else {
            ("training items", catalogue.n_items())
        };
        if r.similarity.n() != n {
            return Err(bad_field(
                "similarity",
                format!(
                    "is between {} rows, but the model has {n} {what}",
                    r.similarity.n()
                ),
            ));
        }
        let biases = match (r.algorithm, r.baselines) {
            (KnnAlgorithm::Baseline, Some(b)) => Some(Biases::load(&catalogue, b)?),
            (KnnAlgorithm::Baseline, None) => {
                return Err(bad_field(
                    "baselines",
                    "are missing; KNNBaseline needs them",
                ));
            }
            (_, None) => None,
            (a, Some(_)) => {
                return Err(bad_field(
                    "baselines",
                    format!("are only kept by KNNBaseline, not {}", a.name()),
                ));
            }
        };
        Ok(KnnModel::assemble(
            Parts {
                algorithm: r.algorithm,
                user_based: r.user_based,
                k: r.k,
                min_k: r.min_k,
                biases,
                sim: r.similarity.into_owned(),
            },
            scale,
            catalogue,
            by_item,
        ))
    }
}

crate::topn::impl_recommender!(KnnModel);
