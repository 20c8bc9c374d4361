//! Plain Lloyd assignment: every point against every centre.

use rayon::prelude::*;

use crate::distance::{nearest, sqdist, with_dim};
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
            .with_min_len(p.plan.min_len)
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
    let mut record = |i: usize, l: &mut u32, a: usize, x: &[f64]| {
        if *l != a as u32 {
            changed += 1;
            *l = a as u32;
        }
        if p.accumulate {
            let wi = if w.is_empty() { 1.0 } else { w[base + i] };
            add_point(acc, kd, a, x, wi);
        }
    };
    let mut done = 0;
    if D != 0 {
        // Low dimension: four points at a time, so four independent running minima hide the
        // latency of the compare-and-select chain (1.3x at d = 2, k = 16).
        for (q, (ls, x4)) in lab
            .chunks_exact_mut(4)
            .zip(xs.chunks_exact(4 * d))
            .enumerate()
        {
            let a = nearest4::<D>(x4, centres);
            for (t, l) in ls.iter_mut().enumerate() {
                record(4 * q + t, l, a[t], &x4[t * d..(t + 1) * d]);
            }
            done = 4 * (q + 1);
        }
    }
    for (i, (l, x)) in lab
        .iter_mut()
        .zip(xs.chunks_exact(d))
        .enumerate()
        .skip(done)
    {
        let (a, _) = nearest(x, centres, d);
        record(i, l, a, x);
    }
    changed
}

/// Nearest centre of four consecutive points (row-major `4 x D`), each exactly as
/// [`nearest`] would pick it.
#[inline(always)]
fn nearest4<const D: usize>(x4: &[f64], centres: &[f64]) -> [usize; 4] {
    let mut bi = [0usize; 4];
    let mut bv = [f64::INFINITY; 4];
    for (j, c) in centres.chunks_exact(D).enumerate() {
        for q in 0..4 {
            let v = sqdist(&x4[q * D..(q + 1) * D], c);
            let lt = v < bv[q];
            bi[q] = if lt { j } else { bi[q] };
            bv[q] = if lt { v } else { bv[q] };
        }
    }
    bi
}
