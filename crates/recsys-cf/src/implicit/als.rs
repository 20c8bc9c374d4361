//! Implicit alternating least squares (Hu, Koren and Volinsky, 2008) with the conjugate-gradient
//! solver of Takács et al., following the conventions of the `implicit` package.

use ecom_core::Ratings;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::data::Catalogue;
use crate::error::{RecsysError, Result, at_most, bad_field, invalid};
use crate::limits::{MAX_CG_STEPS, MAX_CONFIDENCE, MAX_EPOCHS, MAX_FACTORS};
use crate::saved::{Floats, Train, check_count, check_finite, check_len, shape};
use crate::topn::Scorer;

/// Implicit ALS specification. Defaults are `implicit`'s: 100 factors, regularisation 0.01,
/// alpha 1, 15 iterations, 3 conjugate-gradient steps; seed 0.
///
/// Model (`implicit`'s convention): a stored interaction of strength `r` means preference 1
/// with confidence `c = alpha · r`; every other (user, item) pair means preference 0 with
/// confidence 1. Factors minimise `Σ c (p − x_uᵀ y_i)² + λ (Σ |x_u|² + Σ |y_i|²)`, alternately
/// for users and items; each user's (item's) system `(YᵀY + λI + Yᵀ(C_u − I)Y) x = YᵀC_u p` is
/// solved approximately by `cg_steps` conjugate-gradient steps warm-started from the previous
/// factors, never forming the per-user matrix. For Hu et al.'s `c = 1 + alpha · r`, pass values
/// `1/alpha + r`.
///
/// Factors are `f32` (as `implicit`'s default); users (then items) are solved in parallel, and
/// the result does not depend on the number of threads. Work per iteration
/// `O((n_users + n_items) · cg_steps · factors² + nnz · cg_steps · factors)`. Memory of the
/// fitted model: `4 · factors` bytes per user and per item plus the catalogue.
///
/// ```
/// use ecom_core::{DuplicatePolicy, Feedback, Ratings};
/// use recsys_cf::{ImplicitAls, Recommender};
/// let mut triplets = Vec::new();
/// for c in 0..30 {
///     let customer = format!("c{c}");
///     // two taste groups: tea drinkers and coffee drinkers
///     let basket: &[&str] = if c % 2 == 0 { &["tea", "mug", "honey"] } else { &["coffee", "grinder", "filter"] };
///     for (k, item) in basket.iter().enumerate() {
///         if (c + k) % 5 != 0 { triplets.push((customer.clone(), item.to_string())); }
///     }
/// }
/// let r = Ratings::from_triplets(Feedback::Implicit, DuplicatePolicy::Sum,
///     triplets.iter().map(|(u, i)| (u.as_str(), i.as_str(), 1.0)))?;
/// let model = ImplicitAls::new().factors(8).regularization(0.1).alpha(10.0).fit(&r)?;
/// // c0 bought mug and honey but not yet tea
/// let top = model.recommend("c0", 1, true);
/// assert_eq!(top.ids(), ["tea"]);
/// # Ok::<(), recsys_cf::RecsysError>(())
/// ```
///
/// Serde: a saved specification is validated when read (as by [`fit`](Self::fit)); missing
/// fields take their defaults, unknown ones are an error.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "ImplicitAlsSpec")]
pub struct ImplicitAls {
    /// Number of latent factors (default 100).
    pub factors: usize,
    /// Regularisation λ (default 0.01).
    pub regularization: f64,
    /// Confidence per unit of interaction strength (default 1).
    pub alpha: f64,
    /// Alternating passes (default 15).
    pub iterations: usize,
    /// Conjugate-gradient steps per solve (default 3).
    pub cg_steps: usize,
    /// Seed of the factor initialisation, uniform on `[0, 0.01)` (default 0).
    pub seed: u64,
}

impl Default for ImplicitAls {
    fn default() -> Self {
        Self {
            factors: 100,
            regularization: 0.01,
            alpha: 1.0,
            iterations: 15,
            cg_steps: 3,
            seed: 0,
        }
    }
}

impl ImplicitAls {
    /// `implicit`'s defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the number of factors.
    pub fn factors(mut self, factors: usize) -> Self {
        self.factors = factors;
        self
    }

    /// Sets the regularisation.
    pub fn regularization(mut self, regularization: f64) -> Self {
        self.regularization = regularization;
        self
    }

    /// Sets alpha.
    pub fn alpha(mut self, alpha: f64) -> Self {
        self.alpha = alpha;
        self
    }

    /// Sets the number of iterations.
    pub fn iterations(mut self, iterations: usize) -> Self {
        self.iterations = iterations;
        self
    }

    /// Sets the conjugate-gradient steps per solve.
    pub fn cg_steps(mut self, cg_steps: usize) -> Self {
        self.cg_steps = cg_steps;
        self
    }

    /// Sets the seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    pub(crate) fn validate(&self) -> Result<()> {
        if self.factors == 0 {
            return Err(invalid("factors", "need at least 1 factor"));
        }
        if !(self.regularization.is_finite() && self.regularization >= 0.0) {
            return Err(invalid(
                "regularization",
                format!("need a finite value >= 0, got {}", self.regularization),
            ));
        }
        if !(self.alpha.is_finite() && self.alpha > 0.0) {
            return Err(invalid(
                "alpha",
                format!("need a finite value > 0, got {}", self.alpha),
            ));
        }
        if self.cg_steps == 0 {
            return Err(invalid("cg_steps", "need at least 1 step"));
        }
        at_most("factors", self.factors, MAX_FACTORS)?;
        at_most("iterations", self.iterations, MAX_EPOCHS)?;
        at_most("cg_steps", self.cg_steps, MAX_CG_STEPS)?;
        Ok(())
    }

    /// Fits user and item factors; the stored values are interaction strengths.
    ///
    /// Each user's (item's) system is divided by a power of two near its largest confidence
    /// when that exceeds 2^20, so `f32` conjugate gradients stay finite for confidences up to
    /// [`MAX_CONFIDENCE`]; other rows are solved exactly as before.
    ///
    /// # Errors
    /// [`RecsysError::InvalidParameter`] for invalid settings;
    /// [`RecsysError::LimitExceeded`] for more than [`MAX_FACTORS`] factors,
    /// [`MAX_EPOCHS`] iterations or [`MAX_CG_STEPS`] steps (checked before anything is
    /// allocated); [`RecsysError::BadValue`] for a value that is not positive (possible with
    /// explicit ratings on a scale reaching 0) or whose confidence `alpha · value` exceeds
    /// [`MAX_CONFIDENCE`]; [`RecsysError::Diverged`] if the factors still leave the finite
    /// range (scores would overflow `f32`).
    pub fn fit(&self, train: &Ratings) -> Result<ImplicitAlsModel> {
        self.validate()?;
        for (index, &v) in train.values().iter().enumerate() {
            let c = self.alpha * v;
            if !(v > 0.0 && c.is_finite() && c <= MAX_CONFIDENCE) {
                return Err(RecsysError::BadValue {
                    value: v,
                    index,
                    reason: "implicit ALS needs interaction strengths > 0 whose confidence alpha * value is at most MAX_CONFIDENCE (f32::MAX)",
                });
            }
        }
        let conf = |csr: &ecom_core::Csr| {
            let conf: Vec<f32> = csr
                .values()
                .iter()
                .map(|&v| (self.alpha * v) as f32)
                .collect();
            let inv_scale = (0..csr.n_rows())
                .map(|r| {
                    let span = csr.indptr()[r]..csr.indptr()[r + 1];
                    let max = conf[span].iter().fold(0.0f32, |m, &c| m.max(c));
                    row_inv_scale(max)
                })
                .collect();
            Confidences {
                indptr: csr.indptr().to_vec(),
                cols: csr.indices().to_vec(),
                conf,
                inv_scale,
            }
        };
        let cui = conf(train.by_user());
        let ciu = conf(train.by_item());
        let f = self.factors;
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        let mut init =
            |n: usize| -> Vec<f32> { (0..n * f).map(|_| rng.random::<f32>() * 0.01).collect() };
        let mut user_factors = init(train.n_users());
        let mut item_factors = init(train.n_items());
        let reg = self.regularization as f32;
        let finite = |v: &[f32]| v.iter().all(|x| x.is_finite());
        for iteration in 0..self.iterations {
            solve(
                &cui,
                &mut user_factors,
                &item_factors,
                f,
                reg,
                self.cg_steps,
            );
            solve(
                &ciu,
                &mut item_factors,
                &user_factors,
                f,
                reg,
                self.cg_steps,
            );
            if !(finite(&user_factors) && finite(&item_factors)) {
                return Err(diverged(iteration));
            }
        }
        if !scores_bounded(f, &user_factors, &item_factors) {
            return Err(diverged(self.iterations));
        }
        Ok(ImplicitAlsModel {
            catalogue: Catalogue::new(train),
            factors: f,
            user_factors,
            item_factors,
        })
    }
}

/// `true` when every score `x_uᵀy_i` stays finite in `f32` (checked on the largest factors).
fn scores_bounded(f: usize, x: &[f32], y: &[f32]) -> bool {
    let max = |v: &[f32]| v.iter().fold(0.0f64, |m, &x| m.max(f64::from(x.abs())));
    f as f64 * max(x) * max(y) <= f64::from(f32::MAX)
}

crate::saved::validated_spec!(ImplicitAls via ImplicitAlsSpec {
    factors: usize,
    regularization: f64,
    alpha: f64,
    iterations: usize,
    cg_steps: usize,
    seed: u64,
});

fn diverged(epoch: usize) -> RecsysError {
    RecsysError::Diverged {
        algorithm: "implicit ALS",
        epoch,
        hint: "use more regularisation or a smaller alpha (or scale the interaction strengths down)",
    }
}

/// Confidences by row, in `f32`.
struct Confidences {
    indptr: Vec<usize>,
    cols: Vec<u32>,
    conf: Vec<f32>,
    /// Per row, `1 / s` for the power of two `s` its system is divided by (1 for most rows).
    inv_scale: Vec<f32>,
}

/// Rows whose largest confidence is at most this are solved unscaled.
const UNSCALED_CONFIDENCE: f32 = (1u32 << 20) as f32;

/// `1 / s` with `s` the smallest power of two at least `max_conf`, or 1 when `max_conf` is at
/// most [`UNSCALED_CONFIDENCE`]. Dividing a row's system by `s` leaves its solution unchanged
/// and keeps its residuals, whose squares CG sums, far from `f32::MAX`.
fn row_inv_scale(max_conf: f32) -> f32 {
    if max_conf <= UNSCALED_CONFIDENCE {
        return 1.0;
    }
    let e = (f64::from(max_conf).log2().ceil() as i32).min(127);
    (0.5f64.powi(e)) as f32
}

/// Rows of `YᵀY` accumulate over blocks of this many rows of `Y`; blocks are summed in order,
/// so the result does not depend on the thread count.
const GRAM_BLOCK: usize = 512;

/// `YᵀY + reg · I` (f × f, row-major), accumulated in `f64`.
fn gram(y: &[f32], f: usize, reg: f32) -> Vec<f32> {
    let blocks: Vec<&[f32]> = y.chunks(GRAM_BLOCK * f).collect();
    // A few blocks per thread at a time: each partial holds f² values (8 MiB at MAX_FACTORS),
    // so memory stays bounded whatever the number of rows; the sum order is the block order.
    let wave = 2 * rayon::current_num_threads().max(1);
    let mut g = vec![0.0f64; f * f];
    for group in blocks.chunks(wave) {
        let partials: Vec<Vec<f64>> = group
            .par_iter()
            .map(|block| {
                let mut g = vec![0.0f64; f * f];
                for row in block.chunks_exact(f) {
                    for (a, &ya) in row.iter().enumerate() {
                        let ya = f64::from(ya);
                        let g_row = &mut g[a * f..(a + 1) * f];
                        for (gb, &yb) in g_row[a..].iter_mut().zip(&row[a..]) {
                            *gb += ya * f64::from(yb);
                        }
                    }
                }
                g
            })
            .collect();
        for p in &partials {
            for (x, y) in g.iter_mut().zip(p) {
                *x += y;
            }
        }
    }
    let mut out = vec![0.0f32; f * f];
    for a in 0..f {
        for b in a..f {
            let v = g[a * f + b] as f32;
            out[a * f + b] = v;
            out[b * f + a] = v;
        }
        out[a * f + a] += reg;
    }
    out
}

#[inline]
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0.0f32; 8];
    let split = a.len() - a.len() % 8;
    for (x, y) in a[..split].chunks_exact(8).zip(b[..split].chunks_exact(8)) {
        for k in 0..8 {
            acc[k] += x[k] * y[k];
        }
    }
    let mut s = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
    for (x, y) in a[split..].iter().zip(&b[split..]) {
        s += x * y;
    }
    s
}

/// Cosine in `f64` (squares of `f32` values cannot overflow there), in [-1, 1]; 0 when either
/// vector is zero.
fn cosine(a: &[f32], b: &[f32]) -> f64 {
    let (mut ab, mut aa, mut bb) = (0.0f64, 0.0f64, 0.0f64);
    for (&x, &y) in a.iter().zip(b) {
        let (x, y) = (f64::from(x), f64::from(y));
        ab += x * y;
        aa += x * x;
        bb += y * y;
    }
    let d = aa.sqrt() * bb.sqrt();
    if d > 0.0 {
        (ab / d).clamp(-1.0, 1.0)
    } else {
        0.0
    }
}

#[inline]
fn axpy(alpha: f32, x: &[f32], y: &mut [f32]) {
    for (yi, xi) in y.iter_mut().zip(x) {
        *yi += alpha * xi;
    }
}

/// `out = G v` for the symmetric f x f matrix `G`, as a sum of G's columns (its rows, by
/// symmetry) scaled by `v`: independent element-wise updates that vectorise, with no reduction
/// chain.
#[inline]
fn matvec(g: &[f32], v: &[f32], out: &mut [f32]) {
    let f = v.len();
    out.fill(0.0);
    for (row, &va) in g.chunks_exact(f).zip(v) {
        for (o, &gab) in out.iter_mut().zip(row) {
            *o += gab * va;
        }
    }
}

/// Updates every row of `x` by conjugate-gradient steps on its least-squares system against
/// the fixed factors `y`.
fn solve(c: &Confidences, x: &mut [f32], y: &[f32], f: usize, reg: f32, cg_steps: usize) {
    let yty = gram(y, f, reg);
    x.par_chunks_mut(f).enumerate().for_each_init(
        || (vec![0.0f32; f], vec![0.0f32; f], vec![0.0f32; f]),
        |(r, p, ap), (u, xu)| {
            let span = c.indptr[u]..c.indptr[u + 1];
            let (cols, conf) = (&c.cols[span.clone()], &c.conf[span]);
            // The system divided by s (inv = 1 / s, a power of two: exact, and 1 for most rows).
            let inv = c.inv_scale[u];
            // r = (YᵀC_u p − (YᵀY + λI + Yᵀ(C_u − I)Y) x) / s
            matvec(&yty, xu, r);
            r.iter_mut().for_each(|v| *v = -*v * inv);
            for (&i, &ci) in cols.iter().zip(conf) {
                let yi = &y[i as usize * f..(i as usize + 1) * f];
                axpy(ci * inv - (ci - 1.0) * inv * dot(yi, xu), yi, r);
            }
            p.copy_from_slice(r);
            let mut rs_old = dot(r, r);
            if rs_old < 1e-20 || rs_old.is_nan() {
                return;
            }
            for _ in 0..cg_steps {
                matvec(&yty, p, ap);
                if inv != 1.0 {
                    ap.iter_mut().for_each(|v| *v *= inv);
                }
                for (&i, &ci) in cols.iter().zip(conf) {
                    if ci != 1.0 {
                        let yi = &y[i as usize * f..(i as usize + 1) * f];
                        axpy((ci - 1.0) * inv * dot(yi, p), yi, ap);
                    }
                }
                let pap = dot(p, ap);
                // Breakdown (a singular system without regularisation): keep the last iterate.
                if !(pap > 0.0 && pap.is_finite()) {
                    break;
                }
                let step = rs_old / pap;
                axpy(step, p, xu);
                axpy(-step, ap, r);
                let rs_new = dot(r, r);
                if rs_new < 1e-20 || rs_new.is_nan() {
                    break;
                }
                let beta = rs_new / rs_old;
                for (pi, ri) in p.iter_mut().zip(r.iter()) {
                    *pi = ri + beta * *pi;
                }
                rs_old = rs_new;
            }
        },
    );
}

/// A fitted [`ImplicitAls`] model.
///
/// Saved (serde) as its training data and `f32` factors (written in their shortest exact
/// decimal form, so a reload is bit-exact); loading checks the shapes (users x factors, items
/// x factors), finiteness, scores within `f32` and `factors` against [`MAX_FACTORS`]
/// ([`RecsysError::InvalidModel`] naming the field).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(try_from = "ImplicitAlsModelRepr<'static>")]
pub struct ImplicitAlsModel {
    catalogue: Catalogue,
    factors: usize,
    user_factors: Vec<f32>,
    item_factors: Vec<f32>,
}

/// Saved form of [`ImplicitAlsModel`].
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ImplicitAlsModelRepr<'a> {
    train: Train<'a>,
    factors: usize,
    /// Users x factors, row-major.
    user_factors: Floats<'a, f32>,
    /// Items x factors, row-major.
    item_factors: Floats<'a, f32>,
}

impl Serialize for ImplicitAlsModel {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        ImplicitAlsModelRepr {
            train: Train::Saving(&self.catalogue),
            factors: self.factors,
            user_factors: Floats::borrowed(&self.user_factors),
            item_factors: Floats::borrowed(&self.item_factors),
        }
        .serialize(s)
    }
}

impl TryFrom<ImplicitAlsModelRepr<'_>> for ImplicitAlsModel {
    type Error = RecsysError;
    fn try_from(r: ImplicitAlsModelRepr<'_>) -> Result<Self> {
        let catalogue = Catalogue::new(&r.train.into_ratings()?);
        let f = r.factors;
        check_count("factors", f, 1, MAX_FACTORS)?;
        let (x, y) = (r.user_factors.into_vec(), r.item_factors.into_vec());
        for (field, v, rows, what) in [
            (
                "user_factors",
                &x,
                catalogue.n_users(),
                "training users x factors",
            ),
            (
                "item_factors",
                &y,
                catalogue.n_items(),
                "training items x factors",
            ),
        ] {
            check_len(field, v.len(), shape(field, rows, f)?, what)?;
            check_finite(field, v)?;
        }
        if !scores_bounded(f, &x, &y) {
            return Err(bad_field(
                "user_factors",
                "and item_factors are so large that scores overflow f32",
            ));
        }
        Ok(Self {
            catalogue,
            factors: f,
            user_factors: x,
            item_factors: y,
        })
    }
}

impl ImplicitAlsModel {
    /// Number of latent factors.
    pub fn factors(&self) -> usize {
        self.factors
    }

    /// The factors of a raw user id.
    pub fn user_factors(&self, user: &str) -> Option<&[f32]> {
        let u = self.catalogue.users.index(user)? as usize;
        Some(&self.user_factors[u * self.factors..(u + 1) * self.factors])
    }

    /// The factors of a raw item id.
    pub fn item_factors(&self, item: &str) -> Option<&[f32]> {
        let i = self.catalogue.items.index(item)? as usize;
        Some(&self.item_factors[i * self.factors..(i + 1) * self.factors])
    }

    /// Predicted preference `x_uᵀ y_i` (around 1 for a likely interaction, around 0 otherwise);
    /// `None` if the user or the item is unknown.
    pub fn score(&self, user: &str, item: &str) -> Option<f32> {
        Some(dot(self.user_factors(user)?, self.item_factors(item)?))
    }

    /// Approximate heap memory of the fitted model in bytes.
    pub fn memory_bytes(&self) -> usize {
        4 * (self.user_factors.len() + self.item_factors.len()) + self.catalogue.memory_bytes()
    }
}

impl Scorer for ImplicitAlsModel {
    fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    fn score_user(&self, user: u32, scores: &mut [f64]) {
        let f = self.factors;
        let xu = &self.user_factors[user as usize * f..(user as usize + 1) * f];
        for (s, yi) in scores.iter_mut().zip(self.item_factors.chunks_exact(f)) {
            *s = f64::from(dot(xu, yi));
        }
    }

    fn model_name(&self) -> &'static str {
        "implicit ALS"
    }

    fn has_item_similarity(&self) -> bool {
        true
    }

    /// Cosine of the item factors, in `f64` (0 against a zero vector).
    fn item_similarity_row(&self, item: u32, scores: &mut [f64]) {
        let f = self.factors;
        let yi = &self.item_factors[item as usize * f..(item as usize + 1) * f];
        for (s, yj) in scores.iter_mut().zip(self.item_factors.chunks_exact(f)) {
            *s = cosine(yi, yj);
        }
    }
}

crate::topn::impl_recommender!(ImplicitAlsModel);
