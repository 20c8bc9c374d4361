//! Plain Lloyd assignment: every point against every centre.

use rayon::prelude::*;

use crate::distance::{nearest, with_dim};
use crate::pass::{Pass, add_point};

/// Assigns every point to its nearest centre and accumulates cluster sums per chunk.
pub(crate) fn assign(p: &Pass<'_>, labels: &mut [u32], acc: &mut [f64], changed: &mut [usize]) {
    let d = p.data.d;
    let stride = p.stride();
    with_dim!(d, D => {
        labels
            .par_chunks_mut(p.plan.chunk)
            .zip(p.data.x.par_chunks(p.plan.chunk * d))
            .zip(acc.par_chunks_mut(stride))
            .zip(changed.par_iter_mut())
            .enumerate()
            .for_each(|(ci, (((lab, xs), acc), ch))| *ch = chunk::<D>(p, ci, lab, xs, acc))
    });
}

fn chunk<const D: usize>(
    p: &Pass<'_>,
    ci: usize,
    lab: &mut [u32],
    xs: &[f64],
    acc: &mut [f64],
) -> usize {
    let d = if D == 0 { p.data.d } else { D };
    let kd = p.k * d;
    let w = p.data.w_slice();
    let base = ci * p.plan.chunk;
    let centres = &p.centres[..kd];
    if p.accumulate {
        acc.fill(0.0);
    }
    let mut changed = 0;
    for (i, (l, x)) in lab.iter_mut().zip(xs.chunks_exact(d)).enumerate() {
        let (a, _) = nearest(x, centres, d);
        if *l != a as u32 {
            changed += 1;
            *l = a as u32;
        }
        if p.accumulate {
            let wi = if w.is_empty() { 1.0 } else { w[base + i] };
            add_point(acc, kd, a, x, wi);
        }
    }
    changed
}
