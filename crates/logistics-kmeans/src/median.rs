//! Spherical p-median refinement: alternate nearest-site assignment with moving each site to
//! its cluster's weighted geometric median on the sphere (a Riemannian Weiszfeld iteration,
//! Fletcher, Venkatasubramanian & Joshi 2009). Both steps never increase `Σ wᵢ θ(xᵢ, site)`,
//! the demand-weighted great-circle distance, which squared-distance k-means does not minimise.

use rayon::prelude::*;

use crate::data::{Data, Plan};
use crate::distance::nearest;
use crate::sphere::angle;

/// Outcome of [`refine`].
pub(crate) struct Refined {
    pub(crate) centres: Vec<f64>,
    pub(crate) labels: Vec<u32>,
    /// `Σ wᵢ θᵢ` in radians.
    pub(crate) objective: f64,
    pub(crate) rounds: usize,
    pub(crate) converged: bool,
}

/// Weiszfeld steps per site in a round whose assignment changed (the sites will move again),
/// and in a round where it did not (converge the sites).
const INNER_MOVING: usize = 4;
const INNER_FINAL: usize = 100;
/// A site's Weiszfeld iteration stops below this step (radians: ~0.06 mm on Earth).
const STEP_TOL: f64 = 1e-11;

/// Refines unit-vector `centres` (`k x 3`) on unit-vector data for at most `max_rounds` rounds.
pub(crate) fn refine(
    data: &Data<'_>,
    plan: &Plan,
    mut centres: Vec<f64>,
    max_rounds: usize,
) -> Refined {
    let (n, k) = (data.n, centres.len() / 3);
    let mut labels = vec![u32::MAX; n];
    let mut objective = f64::INFINITY;
    let mut rounds = 0;
    let mut converged = false;
    let mut members: Vec<usize> = Vec::with_capacity(n);
    let mut starts = vec![0usize; k + 1];
    while rounds < max_rounds {
        rounds += 1;
        let changed = assign(data, plan, &centres, &mut labels);
        relocate_empty(data, &mut centres, &mut labels);
        group(&labels, k, &mut members, &mut starts);
        let steps = if changed > 0 {
            INNER_MOVING
        } else {
            INNER_FINAL
        };
        let moved: Vec<Site> = (0..k)
            .into_par_iter()
            .with_min_len(if plan.min_len > 1 { k } else { 1 })
            .map(|j| {
                let idx = &members[starts[j]..starts[j + 1]];
                weiszfeld(data, idx, &centres[j * 3..(j + 1) * 3], steps)
            })
            .collect();
        let mut total = 0.0;
        let mut settled = true;
        for (j, site) in moved.into_iter().enumerate() {
            centres[j * 3..(j + 1) * 3].copy_from_slice(&site.centre);
            total += site.cost;
            settled &= site.settled;
        }
        let improved = objective - total;
        objective = total;
        if changed == 0 && (settled || improved <= 1e-13 * total) {
            converged = true;
            break;
        }
    }
    // Labels for the final sites.
    assign(data, plan, &centres, &mut labels);
    let objective = total_angle(data, plan, &centres, &labels);
    Refined {
        centres,
        labels,
        objective,
        rounds,
        converged,
    }
}

/// Nearest site by chord (same order as great-circle distance); returns labels changed.
fn assign(data: &Data<'_>, plan: &Plan, centres: &[f64], labels: &mut [u32]) -> usize {
    labels
        .par_chunks_mut(plan.chunk)
        .zip(data.x.par_chunks(plan.chunk * 3))
        .with_min_len(plan.min_len)
        .map(|(lab, xs)| {
            let mut changed = 0;
            for (l, x) in lab.iter_mut().zip(xs.chunks_exact(3)) {
                let a = nearest(x, centres, 3).0 as u32;
                changed += usize::from(*l != a);
                *l = a;
            }
            changed
        })
        .sum()
}

/// `Σ wᵢ θ(xᵢ, c(lᵢ))`, chunk sums added in order.
pub(crate) fn total_angle(data: &Data<'_>, plan: &Plan, centres: &[f64], labels: &[u32]) -> f64 {
    plan.sum(data.n, |i| {
        let a = labels[i] as usize;
        data.weight(i) * angle(data.point(i), &centres[a * 3..(a + 1) * 3])
    })
}

/// A site left without positive demand moves onto the customer costing most (largest wᵢ θᵢ),
/// whose cost then drops to zero, so the objective cannot rise.
fn relocate_empty(data: &Data<'_>, centres: &mut [f64], labels: &mut [u32]) {
    let k = centres.len() / 3;
    loop {
        let mut weight = vec![0.0; k];
        for (i, &l) in labels.iter().enumerate() {
            weight[l as usize] += data.weight(i);
        }
        let Some(j) = (0..k).find(|&j| weight[j] <= 0.0) else {
            return;
        };
        let mut best: Option<(f64, usize)> = None;
        for (i, &l) in labels.iter().enumerate() {
            let w = data.weight(i);
            let l = l as usize;
            // Moving the only demand of a site would just empty another one.
            if w <= 0.0 || weight[l] - w <= 0.0 {
                continue;
            }
            let cost = w * angle(data.point(i), &centres[l * 3..(l + 1) * 3]);
            if cost > 0.0 && best.is_none_or(|(c, _)| cost > c) {
                best = Some((cost, i));
            }
        }
        let Some((_, i)) = best else {
            return;
        };
        centres[j * 3..(j + 1) * 3].copy_from_slice(data.point(i));
        labels[i] = j as u32;
    }
}

/// Counting sort of point indices by label.
fn group(labels: &[u32], k: usize, members: &mut Vec<usize>, starts: &mut [usize]) {
    starts.fill(0);
    for &l in labels {
        starts[l as usize + 1] += 1;
    }
    for j in 0..k {
        starts[j + 1] += starts[j];
    }
    let mut next = starts[..k].to_vec();
    members.clear();
    members.resize(labels.len(), 0);
    for (i, &l) in labels.iter().enumerate() {
        members[next[l as usize]] = i;
        next[l as usize] += 1;
    }
}

/// A site after some Weiszfeld steps.
struct Site {
    centre: [f64; 3],
    /// `Σ wᵢ θᵢ` at `centre`.
    cost: f64,
    /// The last step fell below the tolerance (or no descent was left).
    settled: bool,
}

/// Cost `Σ wᵢ θᵢ` at `c`, and the Weiszfeld step's numerator `Σ wᵢ uᵢ` (uᵢ: unit tangent at `c`
/// towards point i) and denominator `Σ wᵢ / θᵢ`. Points on the site (no direction) and
/// antipodes (no unique one) are left out of the step.
fn evaluate(data: &Data<'_>, idx: &[usize], c: &[f64; 3]) -> (f64, [f64; 3], f64) {
    let mut cost = 0.0;
    let mut num = [0.0; 3];
    let mut den = 0.0;
    for &i in idx {
        let w = data.weight(i);
        let x = data.point(i);
        let dot = x[0] * c[0] + x[1] * c[1] + x[2] * c[2];
        let t = [x[0] - dot * c[0], x[1] - dot * c[1], x[2] - dot * c[2]];
        let s = (t[0] * t[0] + t[1] * t[1] + t[2] * t[2]).sqrt();
        let theta = s.atan2(dot);
        cost += w * theta;
        if w > 0.0 && theta > 1e-14 && s > 1e-14 {
            let f = w / s;
            num[0] += f * t[0];
            num[1] += f * t[1];
            num[2] += f * t[2];
            den += w / theta;
        }
    }
    (cost, num, den)
}

/// The point `len` radians from unit `c` along unit tangent `dir`.
fn geodesic(c: &[f64; 3], dir: &[f64; 3], len: f64) -> [f64; 3] {
    let (sn, cs) = len.sin_cos();
    let mut p = [
        cs * c[0] + sn * dir[0],
        cs * c[1] + sn * dir[1],
        cs * c[2] + sn * dir[2],
    ];
    let norm = (p[0] * p[0] + p[1] * p[1] + p[2] * p[2]).sqrt();
    for v in &mut p {
        *v /= norm;
    }
    p
}

/// Up to `steps` Weiszfeld steps towards the weighted geometric median on the sphere of the
/// points `idx`, from `c`. A step moves along the geodesic by `Σ wᵢ uᵢ / Σ (wᵢ / θᵢ)`; when the
/// cost at the new point turns out higher, the step is halved from the previous point, so the
/// returned cost is never above the starting cost.
fn weiszfeld(data: &Data<'_>, idx: &[usize], c: &[f64], steps: usize) -> Site {
    let mut c = [c[0], c[1], c[2]];
    // The last accepted point, its cost, and the step taken from it.
    let mut prev: Option<([f64; 3], f64, [f64; 3], f64)> = None;
    let mut settled = false;
    let mut cost = f64::INFINITY;
    for _ in 0..=steps {
        let (f, num, den) = evaluate(data, idx, &c);
        if let Some((pc, pf, dir, len)) = prev
            && f >= pf
        {
            let half = 0.5 * len;
            if half < STEP_TOL {
                c = pc;
                cost = pf;
                settled = true;
                break;
            }
            c = geodesic(&pc, &dir, half);
            prev = Some((pc, pf, dir, half));
            continue;
        }
        cost = f;
        if den <= 0.0 {
            settled = true;
            break;
        }
        let v = [num[0] / den, num[1] / den, num[2] / den];
        let len = (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).sqrt();
        if len < STEP_TOL {
            settled = true;
            break;
        }
        let dir = [v[0] / len, v[1] / len, v[2] / len];
        prev = Some((c, f, dir, len));
        c = geodesic(&c, &dir, len);
    }
    if !settled {
        // The loop ended on an unevaluated move: keep it only if it is better.
        let (f, _, _) = evaluate(data, idx, &c);
        match prev {
            Some((pc, pf, _, _)) if f >= pf => {
                c = pc;
                cost = pf;
            }
            _ => cost = f,
        }
    }
    Site {
        centre: c,
        cost,
        settled,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sphere::unit;

    #[test]
    fn median_of_three_equal_points_on_the_equator_is_the_middle_one() {
        // Weber point of collinear (on a great circle) equal weights is the middle point.
        let x: Vec<f64> = [(0.0, -10.0), (0.0, 1.0), (0.0, 10.0)]
            .iter()
            .flat_map(|&(a, b)| unit(a, b))
            .collect();
        let data = Data::new(&x, 3, None);
        let site = weiszfeld(&data, &[0, 1, 2], &unit(5.0, 3.0), 200);
        let (c, f) = (site.centre, site.cost);
        let g = crate::sphere::to_geo(&c);
        assert!(
            g.lat().abs() < 1e-6 && (g.lon() - 1.0).abs() < 1e-6,
            "{g:?}"
        );
        assert!((f - 20f64.to_radians()).abs() < 1e-9);
    }

    #[test]
    fn heavy_point_attracts_the_median() {
        let x: Vec<f64> = [(10.0, 0.0), (-10.0, 0.0)]
            .iter()
            .flat_map(|&(a, b)| unit(a, b))
            .collect();
        let w = [3.0, 1.0];
        let data = Data::new(&x, 3, Some(&w));
        let c = weiszfeld(&data, &[0, 1], &unit(0.0, 0.0), 200).centre;
        let g = crate::sphere::to_geo(&c);
        assert!((g.lat() - 10.0).abs() < 1e-6, "{g:?}");
    }
}
