//! The bestseller list: the baseline every personalised recommender has to beat.

use ecom_core::Ratings;
use serde::{Deserialize, Serialize};

use crate::data::Catalogue;
use crate::error::{RecsysError, Result};
use crate::saved::Train;
use crate::topn::Scorer;

/// Recommends the items with the most training interactions (users who rated or bought them),
/// the same list for everyone except for what each user already has.
///
/// ```
/// use ecom_core::{DuplicatePolicy, Feedback, Ratings};
/// use recsys_cf::{Popularity, Recommender};
/// let r = Ratings::from_triplets(Feedback::Implicit, DuplicatePolicy::Sum, [
///     ("c1", "mug", 1.0), ("c2", "mug", 1.0), ("c3", "mug", 1.0), ("c1", "tea", 1.0), ("c2", "jam", 1.0), ("c3", "jam", 1.0),
/// ])?;
/// let model = Popularity.fit(&r)?;
/// assert_eq!(model.recommend("c1", 2, true).ids(), ["jam"]);
/// assert_eq!(model.recommend("new customer", 2, true).ids(), ["mug", "jam"]);
/// # Ok::<(), recsys_cf::RecsysError>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Popularity;

impl Popularity {
    /// Counts interactions per item.
    ///
    /// # Errors
    /// None at present; `Result` for uniformity with the other models.
    pub fn fit(&self, train: &Ratings) -> Result<PopularityModel> {
        Ok(PopularityModel {
            catalogue: Catalogue::new(train),
        })
    }
}

/// A fitted [`Popularity`] model.
///
/// Saved (serde) as its training data; loading rebuilds the counts.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(try_from = "PopularityModelRepr<'static>")]
pub struct PopularityModel {
    catalogue: Catalogue,
}

/// Saved form of [`PopularityModel`].
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PopularityModelRepr<'a> {
    train: Train<'a>,
}

impl Serialize for PopularityModel {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        PopularityModelRepr {
            train: Train::Saving(&self.catalogue),
        }
        .serialize(s)
    }
}

impl TryFrom<PopularityModelRepr<'_>> for PopularityModel {
    type Error = RecsysError;
    fn try_from(r: PopularityModelRepr<'_>) -> Result<Self> {
        Popularity.fit(&r.train.into_ratings()?)
    }
}

impl Scorer for PopularityModel {
    fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    fn score_user(&self, _user: u32, scores: &mut [f64]) {
        for (s, &c) in scores.iter_mut().zip(&self.catalogue.popularity) {
            *s = f64::from(c);
        }
    }

    fn model_name(&self) -> &'static str {
        "Popularity"
    }
}

crate::topn::impl_recommender!(PopularityModel);
