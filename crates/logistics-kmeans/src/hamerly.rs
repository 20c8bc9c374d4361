//! Hamerly's accelerated assignment (Hamerly 2010, "Making k-means even faster"): one upper
//! bound to the assigned centre and one lower bound to all others per point. Cheap in memory
//! (two numbers per point) and best in low dimension.

use rayon::prelude::*;

use crate::distance::{nearest_two, sqdist, with_dim};
use crate::pass::{Pass, add_point};

/// Per-point bounds.
#[derive(Debug, Clone)]
pub(crate) struct Bounds {
    upper: Vec<f64>,
    lower: Vec<f64>,
}

impl Bounds {
    pub(crate) fn new(n: usize) -> Self {
        Self {
            upper: vec![0.0; n],
            lower: vec![0.0; n],
        }
    }
}

/// Assigns points, first moving each point's bounds by the last centre shifts; distances are
/// computed only where the bounds cannot prove the current centre is still nearest.
pub(crate) fn assign(
    p: &Pass<'_>,
    b: &mut Bounds,
    labels: &mut [u32],
    acc: &mut [f64],
    changed: &mut [usize],
) {
    let d = p.data.d;
    let stride = p.stride();
    let ch = p.plan.chunk;
    with_dim!(d, D => {
        labels
            .par_chunks_mut(ch)
            .zip(b.upper.par_chunks_mut(ch))
            .zip(b.lower.par_chunks_mut(ch))
            .zip(p.data.x.par_chunks(ch * d))
            .zip(acc.par_chunks_mut(stride))
            .zip(changed.par_iter_mut())
            .enumerate()
            .with_min_len(p.plan.min_len)
            .for_each(|(ci, (((((lab, up), lo), xs), acc), nc))| {
                *nc = chunk::<D>(p, ci, lab, up, lo, xs, acc)
            })
    });
}

fn chunk<const D: usize>(
    p: &Pass<'_>,
    ci: usize,
    lab: &mut [u32],
    up: &mut [f64],
    lo: &mut [f64],
    xs: &[f64],
    acc: &mut [f64],
) -> usize {
    let d = if D == 0 { p.data.d } else { D };
    let kd = p.k * d;
    let w = p.data.w_slice();
    let base = ci * p.plan.chunk;
    let centres = &p.centres[..kd];
    let g = p.geom;
    let margin = p.margin;
    if p.accumulate {
        acc.fill(0.0);
    }
    let mut changed = 0;
    for (i, x) in xs.chunks_exact(d).enumerate() {
        let old = lab[i] as usize;
        let a = if p.first {
            let (j, b1, b2) = nearest_two(x, centres, d);
            up[i] = b1.sqrt();
            lo[i] = b2.sqrt();
            j
        } else {
            let mut u = up[i] + g.shift[old];
            let l = lo[i] - g.other_shift(old);
            let m = if g.s[old] > l { g.s[old] } else { l };
            let mut a = old;
            if u + margin >= m {
                u = sqdist(x, &centres[old * d..(old + 1) * d]).sqrt();
                if u + margin >= m {
                    let (j, b1, b2) = nearest_two(x, centres, d);
                    a = j;
                    u = b1.sqrt();
                    lo[i] = b2.sqrt();
                } else {
                    lo[i] = l;
                }
            } else {
                lo[i] = l;
            }
            up[i] = u;
            a
        };
        if a != old {
            changed += 1;
            lab[i] = a as u32;
        }
        if p.accumulate {
            let wi = if w.is_empty() { 1.0 } else { w[base + i] };
            add_point(acc, kd, a, x, wi);
        }
    }
    changed
}
