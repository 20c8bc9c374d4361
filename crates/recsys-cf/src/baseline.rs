//! Baseline estimates `b_ui = μ + b_u + b_i`: the global mean plus regularised user and item
//! biases, fitted by alternating least squares or stochastic gradient descent exactly as
//! Surprise's `BaselineOnly` does. KNNBaseline and the Pearson-baseline similarity use them too.

use ecom_core::{IdMap, RatingScale, Ratings};
use serde::{Deserialize, Serialize};

use crate::data::{Catalogue, Rows, explicit_scale, global_mean, max_abs};
use crate::error::{RecsysError, Result, at_most, bad_field, invalid};
use crate::prediction::{Algorithm, Prediction, RatingPredictor};
use crate::saved::{Floats, Train, check_finite, check_len};
use crate::topn::Scorer;

/// How the biases are fitted. Defaults are Surprise's.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "lowercase")]
pub enum BaselineMethod {
    /// Alternating least squares: each epoch solves every item bias with the user biases fixed,
    /// then every user bias.
    Als {
        /// Regularisation of user biases (Surprise: 15).
        reg_u: f64,
        /// Regularisation of item biases (Surprise: 10).
        reg_i: f64,
        /// Number of epochs (Surprise: 10).
        n_epochs: usize,
    },
    /// Stochastic gradient descent over the ratings user by user, in training-file order.
    Sgd {
        /// Regularisation of both biases (Surprise: 0.02).
        reg: f64,
        /// Learning rate (Surprise: 0.005).
        learning_rate: f64,
        /// Number of epochs (Surprise: 20).
        n_epochs: usize,
    },
}

impl BaselineMethod {
    /// ALS with Surprise's defaults: `reg_u` 15, `reg_i` 10, 10 epochs.
    pub fn als() -> Self {
        BaselineMethod::Als {
            reg_u: 15.0,
            reg_i: 10.0,
            n_epochs: 10,
        }
    }

    /// SGD with Surprise's defaults: `reg` 0.02, `learning_rate` 0.005, 20 epochs.
    pub fn sgd() -> Self {
        BaselineMethod::Sgd {
            reg: 0.02,
            learning_rate: 0.005,
            n_epochs: 20,
        }
    }

    pub(crate) fn validate(self) -> Result<()> {
        let (BaselineMethod::Als { n_epochs, .. } | BaselineMethod::Sgd { n_epochs, .. }) = self;
        at_most("baseline n_epochs", n_epochs, crate::limits::MAX_EPOCHS)?;
        let reg_ok = |r: f64| {
            if r.is_finite() && r >= 0.0 {
                Ok(())
            } else {
                Err(invalid(
                    "baseline regularisation",
                    format!("need a finite value >= 0, got {r}"),
                ))
            }
        };
        match self {
            BaselineMethod::Als { reg_u, reg_i, .. } => {
                reg_ok(reg_u)?;
                reg_ok(reg_i)
            }
            BaselineMethod::Sgd {
                reg, learning_rate, ..
            } => {
                reg_ok(reg)?;
                if learning_rate.is_finite() && learning_rate > 0.0 {
                    Ok(())
                } else {
                    Err(invalid(
                        "baseline learning rate",
                        format!("need a finite value > 0, got {learning_rate}"),
                    ))
                }
            }
        }
    }
}

impl Default for BaselineMethod {
    fn default() -> Self {
        Self::als()
    }
}

fn diverged(epoch: usize) -> RecsysError {
    RecsysError::Diverged {
        algorithm: "baselines",
        epoch,
        hint: "use a smaller learning rate or more regularisation (the ratings' magnitude sets the stable learning rate)",
    }
}

/// Fitted global mean and biases, indexed by training user / item index.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Biases {
    pub(crate) mu: f64,
    pub(crate) bu: Vec<f64>,
    pub(crate) bi: Vec<f64>,
}

impl Biases {
    /// Fits the biases on training rows by user and by item (both in training-file order).
    pub(crate) fn fit(by_user: &Rows, by_item: &Rows, method: BaselineMethod) -> Result<Self> {
        method.validate()?;
        let mu = global_mean(by_user);
        let mut bu = vec![0.0; by_user.n_rows()];
        let mut bi = vec![0.0; by_item.n_rows()];
        match method {
            BaselineMethod::Als {
                reg_u,
                reg_i,
                n_epochs,
            } => {
                for _ in 0..n_epochs {
                    for (i, b) in bi.iter_mut().enumerate() {
                        let (users, values) = by_item.row(i);
                        let mut dev = 0.0;
                        for (&u, &r) in users.iter().zip(values) {
                            dev += r - mu - bu[u as usize];
                        }
                        *b = dev / (reg_i + users.len() as f64);
                    }
                    for (u, b) in bu.iter_mut().enumerate() {
                        let (items, values) = by_user.row(u);
                        let mut dev = 0.0;
                        for (&i, &r) in items.iter().zip(values) {
                            dev += r - mu - bi[i as usize];
                        }
                        *b = dev / (reg_u + items.len() as f64);
                    }
                }
            }
            BaselineMethod::Sgd {
                reg,
                learning_rate: lr,
                n_epochs,
            } => {
                for epoch in 0..n_epochs {
                    for (u, b_u) in bu.iter_mut().enumerate() {
                        let (items, values) = by_user.row(u);
                        for (&i, &r) in items.iter().zip(values) {
                            let b_i = &mut bi[i as usize];
                            let err = r - (mu + *b_u + *b_i);
                            if !err.is_finite() {
                                return Err(diverged(epoch));
                            }
                            *b_u += lr * (err - reg * *b_u);
                            *b_i += lr * (err - reg * *b_i);
                        }
                    }
                }
            }
        }
        let biases = Self { mu, bu, bi };
        if !biases.bounded() {
            let epochs = match method {
                BaselineMethod::Als { n_epochs, .. } | BaselineMethod::Sgd { n_epochs, .. } => {
                    n_epochs
                }
            };
            return Err(diverged(epochs));
        }
        Ok(biases)
    }

    /// Biases read from a saved model, for `catalogue`'s users and items; the global mean is
    /// recomputed from the training data, as [`fit`](Self::fit) computes it.
    pub(crate) fn load(catalogue: &Catalogue, saved: SavedBiases<'_>) -> Result<Self> {
        let (bu, bi) = (saved.user_biases.into_vec(), saved.item_biases.into_vec());
        check_len(
            "user_biases",
            bu.len(),
            catalogue.n_users(),
            "one per training user",
        )?;
        check_len(
            "item_biases",
            bi.len(),
            catalogue.n_items(),
            "one per training item",
        )?;
        check_finite("user_biases", &bu)?;
        check_finite("item_biases", &bi)?;
        let biases = Self {
            mu: global_mean(&catalogue.seen),
            bu,
            bi,
        };
        // KNNBaseline adds a neighbour's residual `r - b` to an estimate `b`: with `B` the
        // largest |μ + b_u + b_i| and `R` the largest |rating|, its estimates are below
        // `2 B + R`. Fitted biases are of the ratings' magnitude; only a tampered file fails.
        let big = max_abs(&catalogue.seen.vals);
        let b = biases.mu.abs() + max_abs(&biases.bu) + max_abs(&biases.bi);
        if !(4.0 * (b + big)).is_finite() {
            return Err(bad_field(
                "user_biases",
                "and item_biases are so large that estimates overflow",
            ));
        }
        Ok(biases)
    }

    pub(crate) fn saved(&self) -> SavedBiases<'_> {
        SavedBiases {
            user_biases: Floats::borrowed(&self.bu),
            item_biases: Floats::borrowed(&self.bi),
        }
    }

    /// `true` when every estimate `μ + b_u + b_i` is finite (checked on the largest biases).
    fn bounded(&self) -> bool {
        (self.mu.abs() + max_abs(&self.bu) + max_abs(&self.bi)).is_finite()
    }

    /// `μ (+ b_u if known) (+ b_i if known)`, summed in Surprise's order.
    #[inline]
    pub(crate) fn estimate(&self, u: Option<u32>, i: Option<u32>) -> f64 {
        let mut est = self.mu;
        if let Some(u) = u {
            est += self.bu[u as usize];
        }
        if let Some(i) = i {
            est += self.bi[i as usize];
        }
        est
    }
}

/// Saved form of fitted biases (the global mean is recomputed from the training data).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SavedBiases<'a> {
    user_biases: Floats<'a, f64>,
    item_biases: Floats<'a, f64>,
}

/// The rating scale of a loaded model's training data.
pub(crate) fn loaded_scale(train: &Ratings, algorithm: &'static str) -> Result<RatingScale> {
    explicit_scale(train, algorithm).map_err(|_| {
        bad_field(
            "train",
            format!("holds implicit feedback, but {algorithm} is fitted on explicit ratings"),
        )
    })
}

/// Baseline-only rating predictor (Surprise's `BaselineOnly`): `r̂_ui = μ + b_u + b_i`.
///
/// ```
/// use ecom_core::{DuplicatePolicy, Feedback, Ratings};
/// use recsys_cf::{BaselineMethod, BaselineOnly, RatingPredictor};
/// let r = Ratings::from_triplets(Feedback::explicit(1.0, 5.0)?, DuplicatePolicy::Reject,
///     [("ann", "tea", 5.0), ("ann", "cake", 3.0), ("bob", "tea", 4.0)])?;
/// let model = BaselineOnly::new(BaselineMethod::als()).fit(&r)?;
/// assert_eq!(model.global_mean(), 4.0);
/// // bob never rated cake: global mean + bob's bias + cake's bias
/// let p = model.predict("bob", "cake");
/// assert!((p.estimate - 3.903819).abs() < 1e-6);
/// // an unknown user gets the mean plus the item bias, flagged as a cold start
/// assert!(model.predict("zoe", "tea").fallback.is_some());
/// # Ok::<(), recsys_cf::RecsysError>(())
/// ```
///
/// Serde: a saved specification is validated when read; a missing `method` is ALS.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "BaselineOnlySpec")]
pub struct BaselineOnly {
    /// How the biases are fitted (default ALS).
    pub method: BaselineMethod,
}

impl BaselineOnly {
    /// A baseline model fitted by `method`.
    pub fn new(method: BaselineMethod) -> Self {
        Self { method }
    }

    /// Sets the fitting method.
    pub fn method(mut self, method: BaselineMethod) -> Self {
        self.method = method;
        self
    }

    /// Fits the biases.
    ///
    /// # Errors
    /// [`RecsysError::NeedsExplicitRatings`](crate::RecsysError::NeedsExplicitRatings) for
    /// implicit data; [`RecsysError::InvalidParameter`](crate::RecsysError::InvalidParameter)
    /// for a negative or non-finite regularisation or learning rate;
    /// [`RecsysError::LimitExceeded`](crate::RecsysError::LimitExceeded) for more than
    /// [`MAX_EPOCHS`](crate::limits::MAX_EPOCHS) epochs; [`RecsysError::Diverged`] when SGD
    /// diverges (a learning rate too large for the ratings).
    pub fn fit(&self, train: &Ratings) -> Result<BaselineModel> {
        let scale = explicit_scale(train, "BaselineOnly")?;
        let by_user = Rows::from_csr(train.by_user());
        let by_item = Rows::from_csr(train.by_item());
        let biases = Biases::fit(&by_user, &by_item, self.method)?;
        Ok(BaselineModel {
            catalogue: Catalogue::new(train),
            scale,
            biases,
        })
    }
}

impl BaselineOnly {
    fn validate(&self) -> Result<()> {
        self.method.validate()
    }
}

crate::saved::validated_spec!(BaselineOnly via BaselineOnlySpec {
    method: BaselineMethod,
});

impl Algorithm for BaselineOnly {
    type Model = BaselineModel;
    fn fit(&self, train: &Ratings) -> Result<BaselineModel> {
        BaselineOnly::fit(self, train)
    }
}

/// A fitted [`BaselineOnly`] model.
///
/// Memory: 8 bytes per user and per item plus the catalogue (ids and each user's items).
///
/// Saved (serde) as its training data and the biases; loading checks one finite bias per
/// user and item ([`RecsysError::InvalidModel`] otherwise) and recomputes the global mean.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(try_from = "BaselineModelRepr<'static>")]
pub struct BaselineModel {
    catalogue: Catalogue,
    scale: RatingScale,
    biases: Biases,
}

/// Saved form of [`BaselineModel`].
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineModelRepr<'a> {
    train: Train<'a>,
    user_biases: Floats<'a, f64>,
    item_biases: Floats<'a, f64>,
}

impl Serialize for BaselineModel {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let b = self.biases.saved();
        BaselineModelRepr {
            train: Train::Saving(&self.catalogue),
            user_biases: b.user_biases,
            item_biases: b.item_biases,
        }
        .serialize(s)
    }
}

impl TryFrom<BaselineModelRepr<'_>> for BaselineModel {
    type Error = RecsysError;
    fn try_from(r: BaselineModelRepr<'_>) -> Result<Self> {
        let train = r.train.into_ratings()?;
        let scale = loaded_scale(&train, "BaselineOnly")?;
        let catalogue = Catalogue::new(&train);
        let biases = Biases::load(
            &catalogue,
            SavedBiases {
                user_biases: r.user_biases,
                item_biases: r.item_biases,
            },
        )?;
        Ok(Self {
            catalogue,
            scale,
            biases,
        })
    }
}

impl BaselineModel {
    /// Mean of all training ratings.
    pub fn global_mean(&self) -> f64 {
        self.biases.mu
    }

    /// User biases `b_u`, by training user index.
    pub fn user_biases(&self) -> &[f64] {
        &self.biases.bu
    }

    /// Item biases `b_i`, by training item index.
    pub fn item_biases(&self) -> &[f64] {
        &self.biases.bi
    }

    /// The bias of a raw user id, if known.
    pub fn user_bias(&self, user: &str) -> Option<f64> {
        self.catalogue
            .users
            .index(user)
            .map(|u| self.biases.bu[u as usize])
    }

    /// The bias of a raw item id, if known.
    pub fn item_bias(&self, item: &str) -> Option<f64> {
        self.catalogue
            .items
            .index(item)
            .map(|i| self.biases.bi[i as usize])
    }
}

impl RatingPredictor for BaselineModel {
    fn users(&self) -> &IdMap {
        &self.catalogue.users
    }

    fn items(&self) -> &IdMap {
        &self.catalogue.items
    }

    fn predict_indices(&self, user: Option<u32>, item: Option<u32>) -> Prediction {
        let est = self.biases.estimate(user, item);
        Prediction::from_estimate(&self.scale, est, false, user, item)
    }
}

impl Scorer for BaselineModel {
    fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    fn score_user(&self, user: u32, scores: &mut [f64]) {
        for (i, s) in scores.iter_mut().enumerate() {
            *s = self.biases.estimate(Some(user), Some(i as u32));
        }
    }

    fn model_name(&self) -> &'static str {
        "BaselineOnly"
    }
}

crate::topn::impl_recommender!(BaselineModel);
