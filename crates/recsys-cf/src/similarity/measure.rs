//! The four similarity measures as co-rating accumulators.
//!
//! Each pair (x, x2) accumulates sums over the ys both rated, visiting ys in ascending index
//! order as Surprise does, and `finish` applies Surprise's closing formula with the same
//! operations in the same order. With integer ratings every sum is exact, so the results are
//! bit-identical to Surprise's; the ascending order also makes `sim(a, b) == sim(b, a)` exactly.

/// A co-rating accumulator and its closing formula.
pub(crate) trait Measure: Sync {
    type Acc: Copy + Default + Send;

    /// Adds one co-rated y with values `a` (for x) and `b` (for x2).
    fn add(acc: &mut Self::Acc, a: f64, b: f64);

    /// Number of co-rated ys so far.
    fn count(acc: &Self::Acc) -> u32;

    /// Fewest co-rated ys for a non-zero similarity.
    fn min_support(&self) -> u32;

    /// The similarity, called only when `count >= min_support`.
    fn finish(&self, acc: &Self::Acc) -> f64;
}

#[derive(Clone, Copy, Default)]
pub(crate) struct Sums4 {
    n: u32,
    prods: f64,
    sqi: f64,
    sqj: f64,
}

#[derive(Clone, Copy, Default)]
pub(crate) struct Sums2 {
    n: u32,
    sq_diff: f64,
}

#[derive(Clone, Copy, Default)]
pub(crate) struct Sums6 {
    n: u32,
    prods: f64,
    sqi: f64,
    sqj: f64,
    si: f64,
    sj: f64,
}

/// Cosine over co-rated ys: `Σ a b / sqrt(Σ a² Σ b²)`.
pub(crate) struct Cosine {
    pub(crate) min_support: u32,
}

impl Measure for Cosine {
    type Acc = Sums4;

    #[inline(always)]
    fn add(acc: &mut Sums4, a: f64, b: f64) {
        acc.n += 1;
        acc.prods += a * b;
        acc.sqi += a * a;
        acc.sqj += b * b;
    }

    #[inline(always)]
    fn count(acc: &Sums4) -> u32 {
        acc.n
    }

    fn min_support(&self) -> u32 {
        self.min_support
    }

    #[inline]
    fn finish(&self, acc: &Sums4) -> f64 {
        let denum = (acc.sqi * acc.sqj).sqrt();
        // Surprise raises ZeroDivisionError here (only possible with ratings of 0). Rounding can
        // put the ratio a few ulps beyond ±1; it is clamped back.
        if denum == 0.0 {
            0.0
        } else {
            (acc.prods / denum).clamp(-1.0, 1.0)
        }
    }
}

/// Mean squared difference similarity: `1 / (Σ (a − b)² / n + 1)`.
pub(crate) struct Msd {
    pub(crate) min_support: u32,
    /// `1 / scale²` for values accumulated multiplied by a power-of-two `scale` (else 1).
    pub(crate) unscale: f64,
}

impl Measure for Msd {
    type Acc = Sums2;

    #[inline(always)]
    fn add(acc: &mut Sums2, a: f64, b: f64) {
        acc.n += 1;
        let d = a - b;
        acc.sq_diff += d * d;
    }

    #[inline(always)]
    fn count(acc: &Sums2) -> u32 {
        acc.n
    }

    fn min_support(&self) -> u32 {
        self.min_support
    }

    #[inline]
    fn finish(&self, acc: &Sums2) -> f64 {
        1.0 / (acc.sq_diff / f64::from(acc.n) * self.unscale + 1.0)
    }
}

/// Pearson correlation centred on the co-rated means; 0 when either side is constant.
pub(crate) struct Pearson {
    pub(crate) min_support: u32,
}

impl Measure for Pearson {
    type Acc = Sums6;

    #[inline(always)]
    fn add(acc: &mut Sums6, a: f64, b: f64) {
        acc.n += 1;
        acc.prods += a * b;
        acc.sqi += a * a;
        acc.sqj += b * b;
        acc.si += a;
        acc.sj += b;
    }

    #[inline(always)]
    fn count(acc: &Sums6) -> u32 {
        acc.n
    }

    fn min_support(&self) -> u32 {
        self.min_support
    }

    #[inline]
    fn finish(&self, acc: &Sums6) -> f64 {
        let n = f64::from(acc.n);
        let num = n * acc.prods - acc.si * acc.sj;
        let denum = ((n * acc.sqi - acc.si * acc.si) * (n * acc.sqj - acc.sj * acc.sj)).sqrt();
        // Cancellation in `n Σ a² − (Σ a)²` can leave a tiny positive denominator for a side
        // that is constant but for rounding; the ratio is clamped to ±1 like the cosine's.
        if denum > 0.0 {
            (num / denum).clamp(-1.0, 1.0)
        } else {
            0.0
        }
    }
}

/// Pearson on baseline residuals `r − b_ui`, shrunk by `(n − 1) / (n − 1 + shrinkage)`.
/// The accumulated values are the residuals, not the ratings.
pub(crate) struct PearsonBaseline {
    pub(crate) min_support: u32,
    pub(crate) shrinkage: f64,
}

impl Measure for PearsonBaseline {
    type Acc = Sums4;

    #[inline(always)]
    fn add(acc: &mut Sums4, a: f64, b: f64) {
        Cosine::add(acc, a, b);
    }

    #[inline(always)]
    fn count(acc: &Sums4) -> u32 {
        acc.n
    }

    fn min_support(&self) -> u32 {
        // A single co-rated y says nothing about correlation: Surprise requires at least 2.
        self.min_support.max(2)
    }

    #[inline]
    fn finish(&self, acc: &Sums4) -> f64 {
        let denum = (acc.sqi * acc.sqj).sqrt();
        if denum == 0.0 {
            return 0.0;
        }
        let n1 = f64::from(acc.n - 1);
        (acc.prods / denum).clamp(-1.0, 1.0) * (n1 / (n1 + self.shrinkage))
    }
}
