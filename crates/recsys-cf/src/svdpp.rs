//! SVD++ (Koren, 2008), as Surprise's `SVDpp`: biased matrix factorisation plus the implicit
//! information of *which* items each user rated,
//! `r̂_ui = μ + b_u + b_i + q_iᵀ (p_u + |I_u|^-½ Σ_{j ∈ I_u} y_j)`,
//! trained by SGD over the ratings user by user in training-file order, every `y_j` of the
//! user updated after each rating (Surprise's schedule). Factors start from
//! `N(init_mean, init_std)` drawn by a seeded ChaCha generator (`p`, then `q`, then `y`).
//!
//! Surprise recomputes the implicit sum and updates every `y_j` of the user at each rating,
//! `O(Σ_u |I_u|² · n_factors)` per epoch. The same updates are an affine map applied to all of
//! the user's `y_j`, so here their composition and the running sum are tracked and the `y_j`
//! written once per user: `O(nnz · n_factors)` per epoch, mathematically the same schedule
//! (equal up to rounding). Memory: `8 · n_factors` bytes per user and two such vectors per
//! item.

use ecom_core::{IdMap, RatingScale, Ratings};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};
use serde::{Deserialize, Serialize};

use crate::baseline::loaded_scale;
use crate::data::{Catalogue, Rows, explicit_scale, global_mean};
use crate::error::{RecsysError, Result, at_most, bad_field, invalid};
use crate::limits::{MAX_EPOCHS, MAX_FACTORS};
use crate::prediction::{Algorithm, Prediction, RatingPredictor};
use crate::saved::{Floats, Train, check_finite, check_len};
use crate::svd::{check_factors, diverged, dot, estimates_bounded, factor_cosines};
use crate::topn::Scorer;

/// SVD++ specification. Defaults are Surprise's (20 factors, 20 epochs, learning rate 0.007,
/// regularisation 0.02, init N(0, 0.1)) with seed 0.
///
/// ```
/// use ecom_core::{DuplicatePolicy, Feedback, Ratings};
/// use recsys_cf::{RatingPredictor, SvdPp};
/// let r = Ratings::from_triplets(Feedback::explicit(1.0, 5.0)?, DuplicatePolicy::Reject, [
///     ("ann", "tea", 5.0), ("ann", "cake", 4.0), ("bob", "tea", 4.0), ("bob", "jam", 2.0),
/// ])?;
/// let model = SvdPp::new().n_factors(4).seed(1).fit(&r)?;
/// let p = model.predict("ann", "jam");
/// assert!((1.0..=5.0).contains(&p.estimate) && p.fallback.is_none());
/// # Ok::<(), recsys_cf::RecsysError>(())
/// ```
///
/// Serde: a saved specification is validated when read (as by [`fit`](Self::fit)); missing
/// fields take their defaults, unknown ones are an error.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "SvdPpSpec")]
pub struct SvdPp {
    /// Number of latent factors (default 20).
    pub n_factors: usize,
    /// Passes over the training ratings (default 20).
    pub n_epochs: usize,
    /// Mean of the initial factors (default 0).
    pub init_mean: f64,
    /// Standard deviation of the initial factors (default 0.1).
    pub init_std: f64,
    /// Learning rates for `b_u`, `b_i`, `p_u`, `q_i`, `y_j` (default 0.007 each).
    pub lr: [f64; 5],
    /// Regularisation of `b_u`, `b_i`, `p_u`, `q_i`, `y_j` (default 0.02 each).
    pub reg: [f64; 5],
    /// Seed of the factor initialisation (default 0).
    pub seed: u64,
}

impl Default for SvdPp {
    fn default() -> Self {
        Self {
            n_factors: 20,
            n_epochs: 20,
            init_mean: 0.0,
            init_std: 0.1,
            lr: [0.007; 5],
            reg: [0.02; 5],
            seed: 0,
        }
    }
}

impl SvdPp {
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

    /// Sets the mean and standard deviation of the initial factors.
    pub fn init(mut self, mean: f64, std: f64) -> Self {
        self.init_mean = mean;
        self.init_std = std;
        self
    }

    /// Sets every learning rate (Surprise's `lr_all`).
    pub fn learning_rate(mut self, lr: f64) -> Self {
        self.lr = [lr; 5];
        self
    }

    /// Sets every regularisation (Surprise's `reg_all`).
    pub fn regularization(mut self, reg: f64) -> Self {
        self.reg = [reg; 5];
        self
    }

    /// Sets the seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// The checks of [`fit`](Self::fit) that do not need data.
    pub(crate) fn validate(&self) -> Result<()> {
        if self.n_factors == 0 {
            return Err(invalid("n_factors", "need at least 1 factor"));
        }
        at_most("n_factors", self.n_factors, MAX_FACTORS)?;
        at_most("n_epochs", self.n_epochs, MAX_EPOCHS)?;
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
        if !(self.init_mean.is_finite() && self.init_std.is_finite() && self.init_std >= 0.0) {
            return Err(invalid(
                "init",
                format!(
                    "need finite mean and std >= 0, got N({}, {})",
                    self.init_mean, self.init_std
                ),
            ));
        }
        Ok(())
    }

    /// Trains the model.
    ///
    /// # Errors
    /// [`RecsysError::NeedsExplicitRatings`](crate::RecsysError::NeedsExplicitRatings) for
    /// implicit data; [`RecsysError::InvalidParameter`](crate::RecsysError::InvalidParameter)
    /// for zero factors or non-finite, negative rates;
    /// [`RecsysError::LimitExceeded`](crate::RecsysError::LimitExceeded) for more than
    /// [`MAX_FACTORS`] factors or [`MAX_EPOCHS`] epochs (checked before anything is
    /// allocated); [`RecsysError::Diverged`](crate::RecsysError::Diverged) when SGD diverges.
    pub fn fit(&self, train: &Ratings) -> Result<SvdPpModel> {
        let scale = explicit_scale(train, "SVDpp")?;
        self.validate()?;
        let normal = Normal::new(self.init_mean, self.init_std)
            .map_err(|e| invalid("init", e.to_string()))?;
        let by_user = Rows::from_csr(train.by_user());
        let (n_users, n_items, f) = (train.n_users(), train.n_items(), self.n_factors);
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        let mut draw = |n: usize| -> Vec<f64> { (0..n).map(|_| normal.sample(&mut rng)).collect() };
        let mut pu = draw(n_users * f);
        let mut qi = draw(n_items * f);
        let mut yj = draw(n_items * f);
        let mut bu = vec![0.0; n_users];
        let mut bi = vec![0.0; n_items];
        let mu = global_mean(&by_user);
        let [lr_bu, lr_bi, lr_pu, lr_qi, lr_yj] = self.lr;
        let [reg_bu, reg_bi, reg_pu, reg_qi, reg_yj] = self.reg;
        let mut sum_y = vec![0.0; f];
        let mut offset = vec![0.0; f];
        let mut q_old = vec![0.0; f];
        // The user's implicit term |N(u)|^-1/2 Σ y_j, read twice per factor per rating.
        let mut implicit = vec![0.0; f];
        let shrink = 1.0 - lr_yj * reg_yj;
        for epoch in 0..self.n_epochs {
            for u in 0..n_users {
                let (items, values) = by_user.row(u);
                let n_u = items.len() as f64;
                let sqrt_iu = n_u.sqrt();
                // Surprise updates every y_j of the user after each rating by the same affine
                // map y ← (1 − lr·reg) y + c_t. Tracking its composition (scale, offset) and the
                // running Σ y_j gives the same values in O(n_factors) per rating; the map is
                // applied to the y_j once, after the user's last rating.
                sum_y.fill(0.0);
                for &j in items {
                    let y = &yj[j as usize * f..(j as usize + 1) * f];
                    for (s, &v) in sum_y.iter_mut().zip(y) {
                        *s += v;
                    }
                }
                let mut scale = 1.0;
                offset.fill(0.0);
                for (&i, &r) in items.iter().zip(values) {
                    let i = i as usize;
                    let p = &mut pu[u * f..(u + 1) * f];
                    let q = &mut qi[i * f..(i + 1) * f];
                    for (z, s) in implicit.iter_mut().zip(&sum_y) {
                        *z = s / sqrt_iu;
                    }
                    let mut dot_ = 0.0;
                    for k in 0..f {
                        dot_ += q[k] * (p[k] + implicit[k]);
                    }
                    let err = r - (mu + bu[u] + bi[i] + dot_);
                    // A non-finite parameter makes the error non-finite at its next use.
                    if !err.is_finite() {
                        return Err(diverged("SVDpp", epoch));
                    }
                    bu[u] += lr_bu * (err - reg_bu * bu[u]);
                    bi[i] += lr_bi * (err - reg_bi * bi[i]);
                    q_old.copy_from_slice(q);
                    for k in 0..f {
                        let (puf, qif) = (p[k], q[k]);
                        p[k] += lr_pu * (err * qif - reg_pu * puf);
                        q[k] += lr_qi * (err * (puf + implicit[k]) - reg_qi * qif);
                    }
                    scale *= shrink;
                    for k in 0..f {
                        let c = lr_yj * (err * q_old[k] / sqrt_iu);
                        offset[k] = shrink * offset[k] + c;
                        sum_y[k] = shrink * sum_y[k] + n_u * c;
                    }
                }
                for &j in items {
                    let y = &mut yj[j as usize * f..(j as usize + 1) * f];
                    for (v, &o) in y.iter_mut().zip(&offset) {
                        *v = scale * *v + o;
                    }
                }
            }
        }
        let mut implicit = vec![0.0; f];
        // Each user's implicit term, fixed after training.
        let mut user_vec = pu;
        for u in 0..n_users {
            let items = by_user.row(u).0;
            let sqrt_iu = (items.len() as f64).sqrt();
            implicit.fill(0.0);
            for &j in items {
                let y = &yj[j as usize * f..(j as usize + 1) * f];
                for (s, &v) in implicit.iter_mut().zip(y) {
                    *s += v / sqrt_iu;
                }
            }
            for (p, s) in user_vec[u * f..(u + 1) * f].iter_mut().zip(&implicit) {
                *p += s;
            }
        }
        let finite = |v: &[f64]| v.iter().all(|x| x.is_finite());
        if !(finite(&yj) && estimates_bounded(mu, &[&bu, &bi], &user_vec, &qi, f)) {
            return Err(diverged("SVDpp", self.n_epochs));
        }
        Ok(SvdPpModel {
            catalogue: Catalogue::new(train),
            scale,
            n_factors: f,
            global_mean: mu,
            bu,
            bi,
            user_vec,
            qi,
            yj,
        })
    }
}

crate::saved::validated_spec!(SvdPp via SvdPpSpec {
    n_factors: usize,
    n_epochs: usize,
    init_mean: f64,
    init_std: f64,
    lr: [f64; 5],
    reg: [f64; 5],
    seed: u64,
});

impl Algorithm for SvdPp {
    type Model = SvdPpModel;
    fn fit(&self, train: &Ratings) -> Result<SvdPpModel> {
        SvdPp::fit(self, train)
    }
}

/// A fitted [`SvdPp`] model.
///
/// Saved (serde) as its training data, biases, user vectors `p_u + |I_u|^-½ Σ y_j` and item
/// factors `q_i`, `y_j`; loading checks shapes, finiteness, bounded estimates and
/// `n_factors` ([`RecsysError::InvalidModel`] naming the field).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(try_from = "SvdPpModelRepr<'static>")]
pub struct SvdPpModel {
    catalogue: Catalogue,
    scale: RatingScale,
    n_factors: usize,
    global_mean: f64,
    bu: Vec<f64>,
    bi: Vec<f64>,
    /// `p_u + |I_u|^-½ Σ y_j` per user.
    user_vec: Vec<f64>,
    qi: Vec<f64>,
    yj: Vec<f64>,
}

impl SvdPpModel {
    /// Number of latent factors.
    pub fn n_factors(&self) -> usize {
        self.n_factors
    }

    /// The implicit-feedback factors `y_j` of a raw item id.
    pub fn item_implicit_factors(&self, item: &str) -> Option<&[f64]> {
        let i = self.catalogue.items.index(item)? as usize;
        Some(&self.yj[i * self.n_factors..(i + 1) * self.n_factors])
    }

    /// Approximate heap memory of the fitted model in bytes.
    pub fn memory_bytes(&self) -> usize {
        8 * (self.user_vec.len() + self.qi.len() + self.yj.len() + self.bu.len() + self.bi.len())
            + self.catalogue.memory_bytes()
    }

    #[inline]
    fn estimate(&self, user: Option<u32>, item: Option<u32>) -> f64 {
        let f = self.n_factors;
        let mut est = self.global_mean;
        if let Some(u) = user {
            est += self.bu[u as usize];
        }
        if let Some(i) = item {
            est += self.bi[i as usize];
        }
        if let (Some(u), Some(i)) = (user, item) {
            let (u, i) = (u as usize, i as usize);
            est += dot(
                &self.qi[i * f..(i + 1) * f],
                &self.user_vec[u * f..(u + 1) * f],
            );
        }
        est
    }
}

/// Saved form of [`SvdPpModel`] (the global mean is recomputed from the training data).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SvdPpModelRepr<'a> {
    train: Train<'a>,
    n_factors: usize,
    user_biases: Floats<'a, f64>,
    item_biases: Floats<'a, f64>,
    /// `p_u + |I_u|^-½ Σ y_j`, users x factors.
    user_vectors: Floats<'a, f64>,
    /// `q_i`, items x factors.
    item_factors: Floats<'a, f64>,
    /// `y_j`, items x factors.
    item_implicit_factors: Floats<'a, f64>,
}

impl Serialize for SvdPpModel {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        SvdPpModelRepr {
            train: Train::Saving(&self.catalogue),
            n_factors: self.n_factors,
            user_biases: Floats::borrowed(&self.bu),
            item_biases: Floats::borrowed(&self.bi),
            user_vectors: Floats::borrowed(&self.user_vec),
            item_factors: Floats::borrowed(&self.qi),
            item_implicit_factors: Floats::borrowed(&self.yj),
        }
        .serialize(s)
    }
}

impl TryFrom<SvdPpModelRepr<'_>> for SvdPpModel {
    type Error = RecsysError;
    fn try_from(r: SvdPpModelRepr<'_>) -> Result<Self> {
        let train = r.train.into_ratings()?;
        let scale = loaded_scale(&train, "SVDpp")?;
        let catalogue = Catalogue::new(&train);
        drop(train);
        let (bu, bi) = (r.user_biases.into_vec(), r.item_biases.into_vec());
        let (user_vec, qi, yj) = (
            r.user_vectors.into_vec(),
            r.item_factors.into_vec(),
            r.item_implicit_factors.into_vec(),
        );
        check_factors(
            &catalogue,
            r.n_factors,
            ("user_vectors", &user_vec),
            &[("item_factors", &qi), ("item_implicit_factors", &yj)],
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
        if !estimates_bounded(global_mean, &[&bu, &bi], &user_vec, &qi, r.n_factors) {
            return Err(bad_field(
                "user_vectors",
                "and the other parameters are so large that estimates overflow",
            ));
        }
        Ok(Self {
            catalogue,
            scale,
            n_factors: r.n_factors,
            global_mean,
            bu,
            bi,
            user_vec,
            qi,
            yj,
        })
    }
}

impl RatingPredictor for SvdPpModel {
    fn users(&self) -> &IdMap {
        &self.catalogue.users
    }

    fn items(&self) -> &IdMap {
        &self.catalogue.items
    }

    fn predict_indices(&self, user: Option<u32>, item: Option<u32>) -> Prediction {
        Prediction::from_estimate(&self.scale, self.estimate(user, item), false, user, item)
    }
}

impl Scorer for SvdPpModel {
    fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    fn score_user(&self, user: u32, scores: &mut [f64]) {
        for (i, s) in scores.iter_mut().enumerate() {
            *s = self.estimate(Some(user), Some(i as u32));
        }
    }

    fn model_name(&self) -> &'static str {
        "SVDpp"
    }

    fn has_item_similarity(&self) -> bool {
        true
    }

    /// Cosine of the item factor vectors `q_i` (0 against a zero vector).
    fn item_similarity_row(&self, item: u32, scores: &mut [f64]) {
        factor_cosines(&self.qi, self.n_factors, item, scores);
    }
}

crate::topn::impl_recommender!(SvdPpModel);
