//! The centre update every algorithm shares: reduce the per-chunk sums in chunk order, move
//! empty clusters to the points farthest from their centres (as scikit-learn does), divide.

use rayon::prelude::*;

use crate::data::{Data, Plan};
use crate::distance::sqdist;

/// Sums the chunk accumulators (chunk order, so thread count cannot change the result) into
/// `sums` (`k x d`) and `weights` (`k`).
pub(crate) fn reduce(acc: &[f64], k: usize, d: usize, sums: &mut [f64], weights: &mut [f64]) {
    let kd = k * d;
    let stride = kd + k;
    sums.fill(0.0);
    weights.fill(0.0);
    for chunk in acc.chunks_exact(stride) {
        for (s, v) in sums.iter_mut().zip(&chunk[..kd]) {
            *s += v;
        }
        for (s, v) in weights.iter_mut().zip(&chunk[kd..]) {
            *s += v;
        }
    }
}

/// Gives every cluster with zero weight a new centre at the positive-weight point farthest from
/// its current (old) centre, taking that point's weight out of its cluster's sums. Points are
/// taken by decreasing distance (lowest index first on ties) and skipped when moving them would
/// empty their own cluster. Labels are left alone: the next assignment pass moves the points.
pub(crate) fn relocate_empty(
    data: &Data<'_>,
    plan: &Plan,
    labels: &[u32],
    old_centres: &[f64],
    sums: &mut [f64],
    weights: &mut [f64],
) -> usize {
    let d = data.d;
    let empty: Vec<usize> = (0..weights.len()).filter(|&j| weights[j] <= 0.0).collect();
    if empty.is_empty() {
        return 0;
    }
    let n = data.n;
    let mut far: Vec<(f64, usize)> = (0..plan.n_chunks)
        .into_par_iter()
        .with_min_len(plan.min_len)
        .flat_map_iter(|c| {
            plan.range(c, n).filter(|&i| data.weight(i) > 0.0).map(|i| {
                let a = labels[i] as usize;
                (sqdist(data.point(i), &old_centres[a * d..(a + 1) * d]), i)
            })
        })
        .collect();
    let order = |a: &(f64, usize), b: &(f64, usize)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
    let want = (4 * empty.len() + 16).min(far.len());
    if want > 0 && want < far.len() {
        far.select_nth_unstable_by(want - 1, order);
        far[..want].sort_unstable_by(order);
    } else {
        far.sort_unstable_by(order);
    }
    let mut next = 0;
    let mut moved = 0;
    for &j in &empty {
        while next < far.len() {
            let (_, i) = far[next];
            next += 1;
            if next == want && want < far.len() {
                // Ran through the pre-sorted head (many skips): sort the rest too.
                far[want..].sort_unstable_by(order);
            }
            let a = labels[i] as usize;
            let wi = data.weight(i);
            if a == j || weights[a] - wi <= 0.0 {
                continue;
            }
            let x = data.point(i);
            for t in 0..d {
                sums[a * d + t] -= wi * x[t];
                sums[j * d + t] = wi * x[t];
            }
            weights[a] -= wi;
            weights[j] = wi;
            moved += 1;
            break;
        }
    }
    moved
}

/// Turns sums into means; a cluster still without weight keeps its old centre.
pub(crate) fn finish_means(sums: &mut [f64], weights: &[f64], old_centres: &[f64], d: usize) {
    for (j, &w) in weights.iter().enumerate() {
        let s = &mut sums[j * d..(j + 1) * d];
        if w > 0.0 {
            for v in s.iter_mut() {
                *v /= w;
            }
        } else {
            s.copy_from_slice(&old_centres[j * d..(j + 1) * d]);
        }
    }
}

/// Projects each centre onto the unit sphere (spherical k-means); a centre whose members cancel
/// out keeps its old direction.
pub(crate) fn project_to_sphere(centres: &mut [f64], old_centres: &[f64], d: usize) {
    for (c, o) in centres.chunks_exact_mut(d).zip(old_centres.chunks_exact(d)) {
        let norm = c.iter().map(|v| v * v).sum::<f64>().sqrt();
        if norm > 1e-12 {
            for v in c.iter_mut() {
                *v /= norm;
            }
        } else {
            c.copy_from_slice(o);
        }
    }
}

/// `Σ wᵢ ‖xᵢ − c(lᵢ)‖²`, summed per chunk then in chunk order.
pub(crate) fn inertia(data: &Data<'_>, plan: &Plan, centres: &[f64], labels: &[u32]) -> f64 {
    let d = data.d;
    plan.sum(data.n, |i| {
        let a = labels[i] as usize;
        data.weight(i) * sqdist(data.point(i), &centres[a * d..(a + 1) * d])
    })
}

/// `Σ wᵢ min_j ‖xᵢ − c_j‖²`: the k-means objective of a set of centres.
pub(crate) fn objective(data: &Data<'_>, plan: &Plan, centres: &[f64]) -> f64 {
    plan.sum(data.n, |i| {
        data.weight(i) * crate::distance::nearest(data.point(i), centres, data.d).1
    })
}
