//! Elkan's accelerated assignment (Elkan 2003, "Using the triangle inequality to accelerate
//! k-means"): an upper bound to the assigned centre and one lower bound per centre per point
//! (`n x k` numbers), plus half inter-centre distances. Prunes best in higher dimension.

use rayon::prelude::*;

use crate::distance::{sqdist, with_dim};
use crate::pass::{Pass, add_point};

/// Per-point bounds: `upper[i]` and `lower[i * k + j]`.
#[derive(Debug, Clone)]
pub(crate) struct Bounds {
    upper: Vec<f64>,
    lower: Vec<f64>,
}

impl Bounds {
    pub(crate) fn new(n: usize, k: usize) -> Self {
        Self {
            upper: vec![0.0; n],
            lower: vec![0.0; n * k],
        }
    }
}

/// Assigns points with Elkan's bounds, moving them by the last centre shifts first.
pub(crate) fn assign(
    p: &Pass<'_>,
    b: &mut Bounds,
    labels: &mut [u32],
    acc: &mut [f64],
    changed: &mut [usize],
) {
    let d = p.data.d;
    let k = p.k;
    let stride = p.stride();
    let ch = p.plan.chunk;
    with_dim!(d, D => {
        labels
            .par_chunks_mut(ch)
            .zip(b.upper.par_chunks_mut(ch))
            .zip(b.lower.par_chunks_mut(ch * k))
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
    let k = p.k;
    let kd = k * d;
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
        let l = &mut lo[i * k..(i + 1) * k];
        let a = if p.first {
            let mut a = 0;
            let mut best = f64::INFINITY;
            for (j, (c, lj)) in centres.chunks_exact(d).zip(l.iter_mut()).enumerate() {
                let v = sqdist(x, c);
                *lj = v.sqrt();
                if v < best {
                    best = v;
                    a = j;
                }
            }
            up[i] = best.sqrt();
            a
        } else {
            for (lj, s) in l.iter_mut().zip(&g.shift) {
                let v = *lj - s;
                *lj = if v > 0.0 { v } else { 0.0 };
            }
            let mut u = up[i] + g.shift[old];
            let mut a = old;
            if u + margin >= g.s[old] {
                let mut tight = false;
                let mut d2a = 0.0;
                for j in 0..k {
                    if j == a {
                        continue;
                    }
                    let hc = g.half_cc[a * k + j];
                    if u + margin < l[j] || u + margin < hc {
                        continue;
                    }
                    if !tight {
                        d2a = sqdist(x, &centres[a * d..(a + 1) * d]);
                        u = d2a.sqrt();
                        l[a] = u;
                        tight = true;
                        if u + margin < l[j] || u + margin < hc {
                            continue;
                        }
                    }
                    let v = sqdist(x, &centres[j * d..(j + 1) * d]);
                    let dj = v.sqrt();
                    l[j] = dj;
                    // Same winner as Lloyd's scan: smaller distance, or equal and lower index.
                    if v < d2a || (v == d2a && j < a) {
                        a = j;
                        d2a = v;
                        u = dj;
                    }
                }
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
