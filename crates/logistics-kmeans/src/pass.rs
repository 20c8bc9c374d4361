//! What one assignment pass over the points needs, shared by the Lloyd, Hamerly and Elkan
//! kernels, and the per-point accumulation of cluster sums they all perform identically.

use crate::data::{Data, Plan};
use crate::geometry::Geometry;

/// Inputs of one assignment pass.
pub(crate) struct Pass<'a> {
    pub(crate) data: &'a Data<'a>,
    pub(crate) plan: &'a Plan,
    pub(crate) k: usize,
    pub(crate) centres: &'a [f64],
    pub(crate) geom: &'a Geometry,
    /// Absolute slack on every bound test (see `Stats::bound_margin`).
    pub(crate) margin: f64,
    /// No labels or bounds exist yet: compute everything.
    pub(crate) first: bool,
    /// Accumulate weighted cluster sums (false for the final relabelling).
    pub(crate) accumulate: bool,
}

impl Pass<'_> {
    /// Length of one chunk's accumulator: `k x d` weighted sums, then `k` weights.
    pub(crate) fn stride(&self) -> usize {
        self.k * (self.data.d + 1)
    }
}

/// Label of a point that has none yet.
pub(crate) const NO_LABEL: u32 = u32::MAX;

/// Adds `wᵢ xᵢ` to cluster `a`'s sum and `wᵢ` to its weight. Unweighted data use `wᵢ = 1`, and
/// multiplying by 1 is exact, so weighted-by-ones and unweighted fits agree bit for bit.
#[inline(always)]
pub(crate) fn add_point(acc: &mut [f64], kd: usize, a: usize, x: &[f64], wi: f64) {
    let d = x.len();
    for (s, v) in acc[a * d..(a + 1) * d].iter_mut().zip(x) {
        *s += wi * v;
    }
    acc[kd + a] += wi;
}
