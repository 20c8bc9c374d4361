//! Item-item cosine on binary interactions, as the `implicit` package's `CosineRecommender`.

use ecom_core::Ratings;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::data::{Catalogue, Rows};
use crate::error::{RecsysError, Result, bad_field, invalid};
use crate::saved::{Floats, Train};
use crate::topn::Scorer;

/// Item-item cosine specification: each item keeps its `k` most similar items, itself
/// included (so `k − 1` others), as `implicit`'s `CosineRecommender(K = k)` does.
///
/// Interactions are binary (any stored value counts as 1). Two items' similarity is the number
/// of users who have both divided by `sqrt(n_a · n_b)`. Each item's row keeps its `k` largest
/// similarities; on equal similarity at the `k`-th place the item with the larger id (natural
/// order) is kept. `implicit`'s own choice there depends on how the caller numbered the items
/// and on its visiting order; with items numbered by sorted id this rule agrees with it on all
/// but a handful of rows (MovieLens 100K: identical ranking metrics). A user's score for an item is the sum of the similarities
/// from the items the user has to it (rows of the user's items), so the pruned matrix need not
/// be symmetric.
///
/// Work `Σ_u |items(u)|²` co-count increments, rows in parallel. Memory of the fitted model:
/// 12 bytes per kept neighbour (`12 k` per item) plus the catalogue.
///
/// ```
/// use ecom_core::{DuplicatePolicy, Feedback, Ratings};
/// use recsys_cf::{ItemCosine, Recommender};
/// let baskets = Ratings::from_triplets(Feedback::Implicit, DuplicatePolicy::Sum, [
///     ("c1", "mug", 1.0), ("c1", "tea", 1.0),
///     ("c2", "mug", 1.0), ("c2", "tea", 1.0), ("c2", "jam", 1.0),
///     ("c3", "mug", 1.0), ("c3", "jam", 1.0),
///     ("c4", "tea", 1.0),
/// ])?;
/// let model = ItemCosine::new().k(20).fit(&baskets)?;
/// // mug (3 buyers) and jam (2 buyers) share 2: 2 / sqrt(3 · 2); mug and tea share 2 of 3 each: 2 / 3
/// let also = model.similar_items("mug", 2)?;
/// assert_eq!(also.ids(), ["jam", "tea"]);
/// assert!((also.items[0].score - 2.0 / 6f64.sqrt()).abs() < 1e-12);
/// // c4 only bought tea: mug scores 2/3, jam 1/sqrt(6)
/// assert_eq!(model.recommend("c4", 5, true).ids(), ["mug", "jam"]);
/// # Ok::<(), recsys_cf::RecsysError>(())
/// ```
///
/// Serde: a saved specification is validated when read; a missing `k` takes the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ItemCosineSpec")]
pub struct ItemCosine {
    /// Neighbours kept per item, the item itself included (default 20, as `implicit`).
    pub k: usize,
}

impl Default for ItemCosine {
    fn default() -> Self {
        Self { k: 20 }
    }
}

impl ItemCosine {
    /// `implicit`'s default, `k` = 20.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the number of neighbours kept per item (the item itself included).
    pub fn k(mut self, k: usize) -> Self {
        self.k = k;
        self
    }

    fn validate(&self) -> Result<()> {
        if self.k == 0 {
            return Err(invalid("k", "keep at least 1 neighbour per item"));
        }
        Ok(())
    }

    /// Computes the pruned similarity rows.
    ///
    /// # Errors
    /// `k == 0`.
    pub fn fit(&self, train: &Ratings) -> Result<ItemCosineModel> {
        self.validate()?;
        let by_user = Rows::from_csr(train.by_user());
        let by_item = Rows::from_csr(train.by_item());
        let n_items = by_item.n_rows();
        let inv_norm: Vec<f64> = (0..n_items)
            .map(|i| 1.0 / (by_item.row_len(i) as f64).sqrt())
            .collect();
        let k = self.k;
        let tie_rank = crate::data::natural_ranks(train.items());
        let rows: Vec<Vec<(u32, f64)>> = (0..n_items)
            .into_par_iter()
            .map_init(
                || (vec![0u32; n_items], Vec::<u32>::new()),
                |(counts, touched), a| {
                    for &u in by_item.row(a).0 {
                        for &b in by_user.row(u as usize).0 {
                            let c = &mut counts[b as usize];
                            if *c == 0 {
                                touched.push(b);
                            }
                            *c += 1;
                        }
                    }
                    let mut row: Vec<(u32, f64)> = touched
                        .iter()
                        .map(|&b| {
                            let c = std::mem::take(&mut counts[b as usize]);
                            (b, f64::from(c) * (inv_norm[a] * inv_norm[b as usize]))
                        })
                        .collect();
                    touched.clear();
                    let better = |p: &(u32, f64), q: &(u32, f64)| {
                        q.1.total_cmp(&p.1)
                            .then_with(|| tie_rank[q.0 as usize].cmp(&tie_rank[p.0 as usize]))
                    };
                    if row.len() > k {
                        row.select_nth_unstable_by(k - 1, better);
                        row.truncate(k);
                    }
                    row.sort_unstable_by(better);
                    row.shrink_to_fit();
                    row
                },
            )
            .collect();
        let mut indptr = Vec::with_capacity(n_items + 1);
        indptr.push(0);
        let (mut cols, mut vals) = (Vec::new(), Vec::new());
        for row in rows {
            for (b, s) in row {
                cols.push(b);
                vals.push(s);
            }
            indptr.push(cols.len());
        }
        Ok(ItemCosineModel {
            catalogue: Catalogue::new(train),
            neighbours: Rows { indptr, cols, vals },
        })
    }
}

crate::saved::validated_spec!(ItemCosine via ItemCosineSpec { k: usize });

/// A fitted [`ItemCosine`] model.
///
/// "Customers who bought this also bought" is
/// [`Recommender::similar_items`](crate::Recommender::similar_items).
///
/// Saved (serde) as its training data and the kept neighbour rows; loading checks the rows
/// (one per item, item indices in range and distinct within a row, similarities in (0, 1])
/// ([`RecsysError::InvalidModel`] naming the field).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(try_from = "ItemCosineModelRepr<'static>")]
pub struct ItemCosineModel {
    catalogue: Catalogue,
    /// Row `a`: the kept neighbours of item `a` (itself included), most similar first.
    neighbours: Rows,
}

/// Saved form of [`ItemCosineModel`].
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemCosineModelRepr<'a> {
    train: Train<'a>,
    /// Row offsets of the neighbour lists (items + 1).
    neighbour_offsets: std::borrow::Cow<'a, [usize]>,
    /// Item index of each kept neighbour, row by row.
    neighbour_items: std::borrow::Cow<'a, [u32]>,
    /// Its cosine similarity.
    neighbour_similarities: Floats<'a, f64>,
}

impl Serialize for ItemCosineModel {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        ItemCosineModelRepr {
            train: Train::Saving(&self.catalogue),
            neighbour_offsets: self.neighbours.indptr.as_slice().into(),
            neighbour_items: self.neighbours.cols.as_slice().into(),
            neighbour_similarities: Floats::borrowed(&self.neighbours.vals),
        }
        .serialize(s)
    }
}

/// Largest similarity accepted from a file: 1, and rounding (an item with itself may come out
/// a few ulps above 1).
const MAX_SAVED_SIMILARITY: f64 = 1.0 + 1e-9;

impl TryFrom<ItemCosineModelRepr<'_>> for ItemCosineModel {
    type Error = RecsysError;
    fn try_from(r: ItemCosineModelRepr<'_>) -> Result<Self> {
        let catalogue = Catalogue::new(&r.train.into_ratings()?);
        let n = catalogue.n_items();
        let neighbours = Rows::validated(
            [
                "neighbour_offsets",
                "neighbour_items",
                "neighbour_similarities",
            ],
            r.neighbour_offsets.into_owned(),
            r.neighbour_items.into_owned(),
            r.neighbour_similarities.into_vec(),
            n,
            n,
        )?;
        if let Some(k) = neighbours
            .vals
            .iter()
            .position(|&v| !(v > 0.0 && v <= MAX_SAVED_SIMILARITY))
        {
            return Err(bad_field(
                "neighbour_similarities",
                format!(
                    "value {} at index {k} is outside (0, 1]",
                    neighbours.vals[k]
                ),
            ));
        }
        Ok(Self {
            catalogue,
            neighbours,
        })
    }
}

impl ItemCosineModel {
    /// Number of stored neighbour entries (items x kept neighbours, at most).
    pub fn n_stored(&self) -> usize {
        self.neighbours.nnz()
    }

    /// Approximate heap memory of the fitted model in bytes.
    pub fn memory_bytes(&self) -> usize {
        self.neighbours.memory_bytes() + self.catalogue.memory_bytes()
    }
}

impl Scorer for ItemCosineModel {
    fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    /// `Σ_{j bought by u} S[j, i]`; items no bought item links to get no score.
    fn score_user(&self, user: u32, scores: &mut [f64]) {
        scores.fill(f64::NAN);
        for &j in self.catalogue.seen.row(user as usize).0 {
            let (cols, vals) = self.neighbours.row(j as usize);
            for (&i, &s) in cols.iter().zip(vals) {
                let slot = &mut scores[i as usize];
                *slot = if slot.is_nan() { s } else { *slot + s };
            }
        }
    }

    fn no_score_reason(&self) -> &'static str {
        "none is among the kept neighbours of the items the user has"
    }

    fn model_name(&self) -> &'static str {
        "item-cosine"
    }

    fn has_item_similarity(&self) -> bool {
        true
    }

    fn item_similarity_row(&self, item: u32, scores: &mut [f64]) {
        let (cols, vals) = self.neighbours.row(item as usize);
        for (&b, &s) in cols.iter().zip(vals) {
            scores[b as usize] = s;
        }
    }
}

crate::topn::impl_recommender!(ItemCosineModel);
