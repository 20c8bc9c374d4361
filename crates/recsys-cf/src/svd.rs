//! Biased matrix factorisation by stochastic gradient descent (Funk SVD), as Surprise's `SVD`:
//! `r̂_ui = μ + b_u + b_i + q_iᵀ p_u`, trained over the ratings user by user in training-file
//! order, with factors drawn from `N(init_mean, init_std)` by a seeded ChaCha generator.
//!
//! The random stream differs from numpy's, so results match Surprise's in distribution (RMSE
//! within Surprise's own seed-to-seed spread), not per pair. SGD is sequential by nature; one
//! epoch costs `O(nnz · n_factors)`.
//!
//! Memory: `8 · n_factors` bytes per user and per item, plus 16 bytes of biases.

use ecom_core::{IdMap, RatingScale, Ratings};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};
use serde::{Deserialize, Serialize};

use crate::baseline::loaded_scale;
use crate::data::{Catalogue, Rows, explicit_scale, global_mean, max_abs};
use crate::error::{RecsysError, Result, at_most, bad_field, invalid};
use crate::limits::{MAX_EPOCHS, MAX_FACTORS};
use crate::prediction::{Algorithm, Prediction, RatingPredictor};
use crate::saved::{Floats, Train, check_count, check_finite, check_len, shape};
use crate::topn::Scorer;

/// Funk SVD specification. Defaults are Surprise's (100 factors, 20 epochs, learning rate
/// 0.005, regularisation 0.02, init N(0, 0.1), biased) with seed 0.
///
/// ```
/// use ecom_core::{DuplicatePolicy, Feedback, Ratings};
/// use recsys_cf::{RatingPredictor, Svd};
/// let r = Ratings::from_triplets(Feedback::explicit(1.0, 5.0)?, DuplicatePolicy::Reject, [
///     ("ann", "tea", 5.0), ("ann", "cake", 4.0), ("bob", "tea", 4.0), ("bob", "jam", 2.0),
/// ])?;
/// let model = Svd::new().n_factors(4).n_epochs(50).seed(7).fit(&r)?;
/// let p = model.predict("ann", "jam");
/// assert!(p.estimate >= 1.0 && p.estimate <= 5.0 && p.fallback.is_none());
/// // same seed, same model
/// let again = Svd::new().n_factors(4).n_epochs(50).seed(7).fit(&r)?;
/// assert_eq!(again.predict("ann", "jam"), p);
/// # Ok::<(), recsys_cf::RecsysError>(())
/// ```
///
/// Serde: a saved specification is validated when read (as by [`fit`](Self::fit)); missing
/// fields take their defaults, unknown ones are an error.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "SvdSpec")]
pub struct Svd {
    /// Number of latent factors (default 100).
    pub n_factors: usize,
    /// Passes over the training ratings (default 20).
    pub n_epochs: usize,
    /// Learn user and item biases (default `true`); without them there is no global mean term.
    pub biased: bool,
    /// Mean of the initial factors (default 0).
    pub init_mean: f64,
    /// Standard deviation of the initial factors (default 0.1).
    pub init_std: f64,
    /// Learning rates for `b_u`, `b_i`, `p_u`, `q_i` (default 0.005 each).
    pub lr: [f64; 4],
    /// Regularisation of `b_u`, `b_i`, `p_u`, `q_i` (default 0.02 each).
    pub reg: [f64; 4],
    /// Seed of the factor initialisation (default 0).
    pub seed: u64,
}

impl Default for Svd {
    fn default() -> Self {
        Self {
            n_factors: 100,
            n_epochs: 20,
            biased: true,
            init_mean: 0.0,
            init_std: 0.1,
            lr: [0.005; 4],
            reg: [0.02; 4],
            seed: 0,
        }
    }
}

impl Svd {
    /// Surprise's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the number of factors.
    pub fn n_factors(mut self, n: usize) -> Self {
        self.n_factors = n;
        self
    }

    /// Sets the number of epochs.
    pub fn n_epochs(mut self, n: usize) -> Self {
        self.n_epochs = n;
        self
    }

    /// With or without biases.
    pub fn biased(mut self, biased: bool) -> Self {
        self.biased = biased;
        self
    }

    /// Sets the mean and standard deviation of the initial factors.
    pub fn init(mut self, mean: f64, std: f64) -> Self {
        self.init_mean = mean;
        self.init_std = std;
        self
    }

    /// Sets every learning rate (Surprise's `lr_all`).
    pub fn learning_rate(mut self, lr: f64) -> Self {
        self.lr = [lr; 4];
        self
    }

    /// Sets every regularisation (Surprise's `reg_all`).
    pub fn regularization(mut self, reg: f64) -> Self {
        self.reg = [reg; 4];
        self
    }

    /// Sets the seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    pub(crate) fn validate(&self) -> Result<()> {
        if self.n_factors == 0 {
            return Err(invalid("n_factors", "need at least 1 factor"));
        }
        at_most("n_factors", self.n_factors, MAX_FACTORS)?;
        at_most("n_epochs", self.n_epochs, MAX_EPOCHS)?;
        if !(self.init_mean.is_finite() && self.init_std.is_finite() && self.init_std >= 0.0) {
            return Err(invalid(
                "init",
                format!(
                    "need finite mean and std >= 0, got N({}, {})",
                    self.init_mean, self.init_std
                ),
            ));
        }
        if let Some(lr) = self.lr.iter().find(|v| !(v.is_finite() && **v > 0.0)) {
            return Err(invalid(
                "learning rate",
                format!("need a finite value > 0, got {lr}"),
            ));
        }
        if let Some(reg) = self.reg.iter().find(|v| !(v.is_finite() && **v >= 0.0)) {
            return Err(invalid(
                "regularization",
                format!("need a finite value >= 0, got {reg}"),
            ));
        }
        Ok(())
    }

    /// Trains the factorisation.
    ///
    /// # Errors
    /// [`RecsysError::NeedsExplicitRatings`] for implicit data;
    /// [`RecsysError::InvalidParameter`] for zero factors or non-finite, negative rates;
    /// [`RecsysError::LimitExceeded`] for more than [`MAX_FACTORS`] factors or
    /// [`MAX_EPOCHS`] epochs (checked before anything is allocated); [`RecsysError::Diverged`]
    /// when SGD diverges (typically a learning rate too large for ratings of large magnitude),
    /// so a model never predicts NaN.
    pub fn fit(&self, train: &Ratings) -> Result<SvdModel> {
        let scale = explicit_scale(train, "SVD")?;
        self.validate()?;
        let by_user = Rows::from_csr(train.by_user());
        let (n_users, n_items, f) = (train.n_users(), train.n_items(), self.n_factors);
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        let normal = Normal::new(self.init_mean, self.init_std)
            .map_err(|e| invalid("init", e.to_string()))?;
        let mut pu: Vec<f64> = (0..n_users * f).map(|_| normal.sample(&mut rng)).collect();
        let mut qi: Vec<f64> = (0..n_items * f).map(|_| normal.sample(&mut rng)).collect();
        let mut bu = vec![0.0; n_users];
        let mut bi = vec![0.0; n_items];
        let mu = global_mean(&by_user);
        let mu_train = if self.biased { mu } else { 0.0 };
        let [lr_bu, lr_bi, lr_pu, lr_qi] = self.lr;
        let [reg_bu, reg_bi, reg_pu, reg_qi] = self.reg;
        for epoch in 0..self.n_epochs {
            for u in 0..n_users {
                let (items, values) = by_user.row(u);
                let p = &mut pu[u * f..(u + 1) * f];
                for (&i, &r) in items.iter().zip(values) {
                    let i = i as usize;
                    let q = &mut qi[i * f..(i + 1) * f];
                    let err = r - (mu_train + bu[u] + bi[i] + dot(q, p));
                    // A non-finite parameter makes the error non-finite at its next use.
                    if !err.is_finite() {
                        return Err(diverged("SVD", epoch));
                    }
                    if self.biased {
                        bu[u] += lr_bu * (err - reg_bu * bu[u]);
                        bi[i] += lr_bi * (err - reg_bi * bi[i]);
                    }
                    for (pf, qf) in p.iter_mut().zip(q.iter_mut()) {
                        let (puf, qif) = (*pf, *qf);
                        *pf += lr_pu * (err * qif - reg_pu * puf);
                        *qf += lr_qi * (err * puf - reg_qi * qif);
                    }
                }
            }
        }
        if !estimates_bounded(mu_train, &[&bu, &bi], &pu, &qi, f) {
            return Err(diverged("SVD", self.n_epochs));
        }
        Ok(SvdModel {
            catalogue: Catalogue::new(train),
            scale,
            biased: self.biased,
            n_factors: f,
            global_mean: mu,
            bu,
            bi,
            pu,
            qi,
        })
    }
}

crate::saved::validated_spec!(Svd via SvdSpec {
    n_factors: usize,
    n_epochs: usize,
    biased: bool,
    init_mean: f64,
    init_std: f64,
    lr: [f64; 4],
    reg: [f64; 4],
    seed: u64,
});

impl Algorithm for Svd {
    type Model = SvdModel;
    fn fit(&self, train: &Ratings) -> Result<SvdModel> {
        Svd::fit(self, train)
    }
}

/// The error of a factorisation whose parameters left the finite range.
pub(crate) fn diverged(algorithm: &'static str, epoch: usize) -> RecsysError {
    RecsysError::Diverged {
        algorithm,
        epoch,
        hint: "use a smaller learning rate, more regularisation or smaller initial factors (the stable learning rate shrinks with the ratings' magnitude)",
    }
}

/// `true` when every estimate `μ + b_u + b_i + qᵀp` is finite, checked on bounds: the largest
/// biases plus `f · max|p| · max|q|`.
pub(crate) fn estimates_bounded(
    mu: f64,
    biases: &[&[f64]],
    p: &[f64],
    q: &[f64],
    f: usize,
) -> bool {
    let b: f64 = biases.iter().map(|v| max_abs(v)).sum();
    let factor = f as f64 * max_abs(p) * max_abs(q);
    (mu.abs() + b + factor).is_finite()
}

/// Cosine of two vectors, in [-1, 1]; 0 when either is zero (no direction to compare).
/// Vectors whose squared norms overflow or underflow are divided by their largest entry first.
pub(crate) fn cosine(a: &[f64], b: &[f64]) -> f64 {
    let (ab, aa, bb) = (dot(a, b), dot(a, a), dot(b, b));
    let d = aa.sqrt() * bb.sqrt();
    if d.is_normal() && ab.is_finite() {
        return (ab / d).clamp(-1.0, 1.0);
    }
    let (ma, mb) = (max_abs(a), max_abs(b));
    if !(ma > 0.0 && mb > 0.0) {
        return 0.0;
    }
    let a: Vec<f64> = a.iter().map(|v| v / ma).collect();
    let b: Vec<f64> = b.iter().map(|v| v / mb).collect();
    let d = dot(&a, &a).sqrt() * dot(&b, &b).sqrt();
    if d > 0.0 {
        (dot(&a, &b) / d).clamp(-1.0, 1.0)
    } else {
        0.0
    }
}

/// Dot product with four running sums (vectorisable; the order differs from a plain loop only
/// in rounding).
#[inline]
pub(crate) fn dot(a: &[f64], b: &[f64]) -> f64 {
    let mut acc = [0.0f64; 4];
    let (ca, ra) = a.split_at(a.len() - a.len() % 4);
    let (cb, rb) = b.split_at(ca.len());
    for (x, y) in ca.chunks_exact(4).zip(cb.chunks_exact(4)) {
        for k in 0..4 {
            acc[k] += x[k] * y[k];
        }
    }
    let mut s = (acc[0] + acc[1]) + (acc[2] + acc[3]);
    for (x, y) in ra.iter().zip(rb) {
        s += x * y;
    }
    s
}

/// A fitted [`Svd`] model.
///
/// Saved (serde) as its training data, biases and factors; loading checks the shapes (users x
/// factors, items x factors), that every value is finite and every estimate stays finite, and
/// `n_factors` against [`MAX_FACTORS`] ([`RecsysError::InvalidModel`] naming the field).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(try_from = "SvdModelRepr<'static>")]
pub struct SvdModel {
    catalogue: Catalogue,
    scale: RatingScale,
    biased: bool,
    n_factors: usize,
    global_mean: f64,
    bu: Vec<f64>,
    bi: Vec<f64>,
    pu: Vec<f64>,
    qi: Vec<f64>,
}

impl SvdModel {
    /// Number of latent factors.
    pub fn n_factors(&self) -> usize {
        self.n_factors
    }

    /// Mean of the training ratings.
    pub fn global_mean(&self) -> f64 {
        self.global_mean
    }

    /// The factors `p_u` of a raw user id.
    pub fn user_factors(&self, user: &str) -> Option<&[f64]> {
        let u = self.catalogue.users.index(user)? as usize;
        Some(&self.pu[u * self.n_factors..(u + 1) * self.n_factors])
    }

    /// The factors `q_i` of a raw item id.
    pub fn item_factors(&self, item: &str) -> Option<&[f64]> {
        let i = self.catalogue.items.index(item)? as usize;
        Some(&self.qi[i * self.n_factors..(i + 1) * self.n_factors])
    }

    /// The user and item biases, by training index.
    pub fn biases(&self) -> (&[f64], &[f64]) {
        (&self.bu, &self.bi)
    }

    /// Approximate heap memory of the fitted model in bytes.
    pub fn memory_bytes(&self) -> usize {
        8 * (self.pu.len() + self.qi.len() + self.bu.len() + self.bi.len())
            + self.catalogue.memory_bytes()
    }

    #[inline]
    fn estimate(&self, user: Option<u32>, item: Option<u32>) -> Option<f64> {
        let f = self.n_factors;
        let factor_term = match (user, item) {
            (Some(u), Some(i)) => {
                let (u, i) = (u as usize, i as usize);
                Some(dot(
                    &self.qi[i * f..(i + 1) * f],
                    &self.pu[u * f..(u + 1) * f],
                ))
            }
            _ => None,
        };
        if self.biased {
            let mut est = self.global_mean;
            if let Some(u) = user {
                est += self.bu[u as usize];
            }
            if let Some(i) = item {
                est += self.bi[i as usize];
            }
            Some(est + factor_term.unwrap_or(0.0))
        } else {
            factor_term
        }
    }
}

/// Saved form of [`SvdModel`] (the global mean is recomputed from the training data).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SvdModelRepr<'a> {
    train: Train<'a>,
    biased: bool,
    n_factors: usize,
    user_biases: Floats<'a, f64>,
    item_biases: Floats<'a, f64>,
    /// `p_u`, users x factors, row-major.
    user_factors: Floats<'a, f64>,
    /// `q_i`, items x factors, row-major.
    item_factors: Floats<'a, f64>,
}

impl Serialize for SvdModel {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        SvdModelRepr {
            train: Train::Saving(&self.catalogue),
            biased: self.biased,
            n_factors: self.n_factors,
            user_biases: Floats::borrowed(&self.bu),
            item_biases: Floats::borrowed(&self.bi),
            user_factors: Floats::borrowed(&self.pu),
            item_factors: Floats::borrowed(&self.qi),
        }
        .serialize(s)
    }
}

/// Checks the factor matrices of a loaded model: `n_factors` in range, users x factors and
/// items x factors values, all finite.
pub(crate) fn check_factors(
    catalogue: &Catalogue,
    n_factors: usize,
    user: (&'static str, &[f64]),
    items: &[(&'static str, &[f64])],
) -> Result<()> {
    check_count("n_factors", n_factors, 1, MAX_FACTORS)?;
    let rows = shape(user.0, catalogue.n_users(), n_factors)?;
    check_len(user.0, user.1.len(), rows, "training users x n_factors")?;
    check_finite(user.0, user.1)?;
    for &(field, v) in items {
        let rows = shape(field, catalogue.n_items(), n_factors)?;
        check_len(field, v.len(), rows, "training items x n_factors")?;
        check_finite(field, v)?;
    }
    Ok(())
}

impl TryFrom<SvdModelRepr<'_>> for SvdModel {
    type Error = RecsysError;
    fn try_from(r: SvdModelRepr<'_>) -> Result<Self> {
        let train = r.train.into_ratings()?;
        let scale = loaded_scale(&train, "SVD")?;
        let catalogue = Catalogue::new(&train);
        drop(train);
        let (bu, bi) = (r.user_biases.into_vec(), r.item_biases.into_vec());
        let (pu, qi) = (r.user_factors.into_vec(), r.item_factors.into_vec());
        check_factors(
            &catalogue,
            r.n_factors,
            ("user_factors", &pu),
            &[("item_factors", &qi)],
        )?;
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
        let global_mean = global_mean(&catalogue.seen);
        let mu_train = if r.biased { global_mean } else { 0.0 };
        if !estimates_bounded(mu_train, &[&bu, &bi], &pu, &qi, r.n_factors) {
            return Err(bad_field(
                "user_factors",
                "and the other parameters are so large that estimates overflow",
            ));
        }
        Ok(Self {
            catalogue,
            scale,
            biased: r.biased,
            n_factors: r.n_factors,
            global_mean,
            bu,
            bi,
            pu,
            qi,
        })
    }
}

impl RatingPredictor for SvdModel {
    fn users(&self) -> &IdMap {
        &self.catalogue.users
    }

    fn items(&self) -> &IdMap {
        &self.catalogue.items
    }

    fn predict_indices(&self, user: Option<u32>, item: Option<u32>) -> Prediction {
        let (est, impossible) = match self.estimate(user, item) {
            Some(e) => (e, false),
            None => (self.global_mean, true),
        };
        Prediction::from_estimate(&self.scale, est, impossible, user, item)
    }
}

impl Scorer for SvdModel {
    fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    fn score_user(&self, user: u32, scores: &mut [f64]) {
        for (i, s) in scores.iter_mut().enumerate() {
            *s = self
                .estimate(Some(user), Some(i as u32))
                .unwrap_or(f64::NAN);
        }
    }

    fn model_name(&self) -> &'static str {
        "SVD"
    }

    fn has_item_similarity(&self) -> bool {
        true
    }

    /// Cosine of the item factor vectors (0 against a zero vector).
    fn item_similarity_row(&self, item: u32, scores: &mut [f64]) {
        factor_cosines(&self.qi, self.n_factors, item, scores);
    }
}

/// The cosine of item `item`'s factor row with every row of `q` (`n_items x f`).
pub(crate) fn factor_cosines(q: &[f64], f: usize, item: u32, scores: &mut [f64]) {
    let qi = &q[item as usize * f..(item as usize + 1) * f];
    for (s, qj) in scores.iter_mut().zip(q.chunks_exact(f)) {
        *s = cosine(qi, qj);
    }
}

crate::topn::impl_recommender!(SvdModel);
