//! Internal borrowed view of the points, the fixed chunking every parallel pass uses, and the
//! per-fit statistics (tolerance scale, bound margin, distinct-point count).

use std::collections::HashSet;
use std::hash::{Hash, Hasher};

use rayon::prelude::*;

/// Points (row-major, `n x d`) with optional weights; the weights are `None` when all are 1.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Data<'a> {
    pub(crate) x: &'a [f64],
    pub(crate) n: usize,
    pub(crate) d: usize,
    pub(crate) w: Option<&'a [f64]>,
}

impl<'a> Data<'a> {
    pub(crate) fn new(x: &'a [f64], d: usize, w: Option<&'a [f64]>) -> Self {
        Self {
            x,
            n: x.len() / d,
            d,
            w,
        }
    }

    pub(crate) fn from_points(p: &'a ecom_core::PointSet) -> Self {
        Self::new(p.as_slice(), p.dim(), p.weights())
    }

    #[inline(always)]
    pub(crate) fn weight(&self, i: usize) -> f64 {
        self.w.map_or(1.0, |w| w[i])
    }

    pub(crate) fn point(&self, i: usize) -> &'a [f64] {
        &self.x[i * self.d..(i + 1) * self.d]
    }

    /// The weights as a slice (empty when unweighted; kernels then use 1).
    pub(crate) fn w_slice(&self) -> &'a [f64] {
        self.w.unwrap_or(&[])
    }
}

/// Fixed partition of the points into chunks. It depends only on `n`, `k` and `d`, never on the
/// number of threads, and every reduction sums chunk results in chunk order, so results are
/// bit-for-bit the same on any thread count.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Plan {
    pub(crate) chunk: usize,
    pub(crate) n_chunks: usize,
    /// Smallest number of chunks rayon may hand to one task: 1 spreads a pass over all threads,
    /// `n_chunks` keeps it on the calling thread (used when restarts run in parallel).
    pub(crate) min_len: usize,
}

impl Plan {
    pub(crate) fn new(n: usize, k: usize) -> Self {
        // Each chunk carries a k x (d + 1) accumulator that is reduced once per pass; keeping
        // chunks at least 8k points long keeps that reduction below 1/8 of the pass's work.
        let chunk = 2048usize.max(8 * k);
        let n_chunks = n.div_ceil(chunk).max(1);
        Self {
            chunk,
            n_chunks,
            min_len: 1,
        }
    }

    /// The same partition, with every pass kept on the calling thread.
    pub(crate) fn sequential(self) -> Self {
        Self {
            min_len: self.n_chunks,
            ..self
        }
    }

    pub(crate) fn range(&self, c: usize, n: usize) -> std::ops::Range<usize> {
        let lo = c * self.chunk;
        lo..((c + 1) * self.chunk).min(n)
    }

    /// `Σᵢ term(i)` over `0..n`, chunks summed in parallel and then added in chunk order, so
    /// the result does not depend on the number of threads.
    pub(crate) fn sum(&self, n: usize, term: impl Fn(usize) -> f64 + Sync) -> f64 {
        let parts: Vec<f64> = (0..self.n_chunks)
            .into_par_iter()
            .with_min_len(self.min_len)
            .map(|c| {
                let mut s = 0.0;
                for i in self.range(c, n) {
                    s += term(i);
                }
                s
            })
            .collect();
        parts.iter().sum()
    }
}

/// Per-fit statistics computed in one parallel pass.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Stats {
    /// Mean over features of the (unweighted) per-feature variance, as scikit-learn's `_tolerance`.
    pub(crate) mean_variance: f64,
    /// Largest Euclidean norm of a point: the scale of rounding errors in distances.
    pub(crate) max_norm: f64,
}

impl Stats {
    /// One pass: sums of `x − s` and `(x − s)²` per feature with the shift `s` = the first
    /// point, which keeps the variance free of cancellation for data far from the origin.
    pub(crate) fn compute(data: &Data<'_>, plan: &Plan) -> Self {
        let (n, d) = (data.n, data.d);
        let shift = data.point(0);
        let parts: Vec<(Vec<f64>, f64)> = (0..plan.n_chunks)
            .into_par_iter()
            .with_min_len(plan.min_len)
            .map(|c| {
                let r = plan.range(c, n);
                let mut s = vec![0.0; 2 * d];
                let mut mx: f64 = 0.0;
                for row in data.x[r.start * d..r.end * d].chunks_exact(d) {
                    let mut nn = 0.0;
                    for (t, (v, o)) in row.iter().zip(shift).enumerate() {
                        let y = v - o;
                        s[t] += y;
                        s[d + t] += y * y;
                        nn += v * v;
                    }
                    mx = mx.max(nn);
                }
                (s, mx)
            })
            .collect();
        let mut sums = vec![0.0; 2 * d];
        let mut max_sq: f64 = 0.0;
        for (s, mx) in &parts {
            for (a, v) in sums.iter_mut().zip(s) {
                *a += v;
            }
            max_sq = max_sq.max(*mx);
        }
        let nf = n as f64;
        let total: f64 = (0..d)
            .map(|t| {
                let mean = sums[t] / nf;
                (sums[d + t] / nf - mean * mean).max(0.0)
            })
            .sum();
        Self {
            mean_variance: total / d as f64,
            max_norm: max_sq.sqrt(),
        }
    }

    /// Absolute slack added to every bound test of the accelerated algorithms, so a point is
    /// only skipped when its nearest centre wins by far more than rounding error; this keeps
    /// their assignments identical to plain Lloyd's.
    pub(crate) fn bound_margin(&self) -> f64 {
        1e-9 * self.max_norm.max(f64::MIN_POSITIVE)
    }
}

/// A point's coordinates compared bit-for-bit (after folding -0.0 into 0.0).
struct RowKey<'a>(&'a [f64]);

impl Hash for RowKey<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        for v in self.0 {
            (v + 0.0).to_bits().hash(state);
        }
    }
}

impl PartialEq for RowKey<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.iter().zip(other.0).all(|(a, b)| a == b)
    }
}

impl Eq for RowKey<'_> {}

/// Number of distinct points with positive weight, counting no further than `limit`.
pub(crate) fn distinct_up_to(data: &Data<'_>, limit: usize) -> usize {
    let mut seen = HashSet::with_capacity(limit.min(data.n));
    for i in 0..data.n {
        if data.weight(i) > 0.0 {
            seen.insert(RowKey(data.point(i)));
            if seen.len() >= limit {
                break;
            }
        }
    }
    seen.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distinct_counts_positive_weight_rows_only() {
        let x = [0.0, 0.0, -0.0, 0.0, 1.0, 1.0, 2.0, 2.0];
        let w = [1.0, 1.0, 1.0, 0.0];
        let data = Data::new(&x, 2, Some(&w));
        assert_eq!(distinct_up_to(&data, 10), 2);
        assert_eq!(distinct_up_to(&data, 1), 1);
        let data = Data::new(&x, 2, None);
        assert_eq!(distinct_up_to(&data, 10), 3);
    }

    #[test]
    fn stats_match_hand_computation() {
        let x = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0];
        let data = Data::new(&x, 2, None);
        let s = Stats::compute(&data, &Plan::new(3, 2));
        // Per-feature variances 8/3 and 8/3.
        assert!((s.mean_variance - 8.0 / 3.0).abs() < 1e-15);
        assert!((s.max_norm - 41f64.sqrt()).abs() < 1e-15);
    }
}
