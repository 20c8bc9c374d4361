//! Initial centres: greedy k-means++ (scikit-learn's variant) and weighted random choice.

use rand::RngExt;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use crate::data::{Data, Plan};
use crate::distance::{sqdist, with_dim};

/// Number of candidates tried per centre by greedy k-means++: `2 + ⌊ln k⌋`, as scikit-learn.
pub(crate) fn default_trials(k: usize) -> usize {
    2 + (k as f64).ln().floor() as usize
}

/// Greedy k-means++ (Arthur & Vassilvitskii 2007, with the greedy candidate trials scikit-learn
/// uses): the first centre is a point drawn with probability proportional to its weight; each
/// next centre is the best, by resulting potential `Σ wᵢ min_c ‖xᵢ − c‖²`, of `trials`
/// candidates drawn with probability proportional to `wᵢ D(xᵢ)²`.
///
/// One pass over the points per centre: the winner's chunk potentials are already known from
/// the evaluation pass, so its distances are folded into `D²` lazily, by the sampling scan (one
/// chunk per draw) and by the next evaluation pass, with the same numbers an eager update pass
/// would produce. In low dimension the winner's distances are recomputed when folded; from
/// d = 8, where distances cost more than memory, each point's candidate minima are kept.
///
/// Returns `k x d` centres. Requires at least `k` distinct points with positive weight.
pub(crate) fn kmeans_plus_plus(
    data: &Data<'_>,
    k: usize,
    trials: usize,
    plan: &Plan,
    rng: &mut ChaCha8Rng,
) -> Vec<f64> {
    let (n, d) = (data.n, data.d);
    let trials = trials.max(1);
    let mut centres = Vec::with_capacity(k * d);
    let mut closest = vec![0.0; n];
    let mut chunk_pot = vec![0.0; plan.n_chunks];
    let mut cand_pot = vec![0.0; plan.n_chunks * trials];
    let mut cands = vec![0.0; trials * d];
    // Candidate minima `n x trials`, kept from d = 8 (at most 64 MiB).
    let mut minima = if d >= 8 && trials * n <= 1 << 23 {
        vec![0.0; trials * n]
    } else {
        Vec::new()
    };

    let first = pick_by_weight(data, rng);
    centres.extend_from_slice(data.point(first));
    first_centre(data, plan, data.point(first), &mut closest, &mut chunk_pot);
    let mut pending = Pending::None;

    for _ in 1..k {
        let pot: f64 = chunk_pot.iter().sum();
        for t in 0..trials {
            let r = rng.random::<f64>() * pot;
            let fold = Fold {
                pending: &pending,
                minima: &minima,
                trials,
            };
            let idx = search(r, data, plan, &closest, &chunk_pot, &fold);
            cands[t * d..(t + 1) * d].copy_from_slice(data.point(idx));
        }
        evaluate_candidates(
            data,
            plan,
            &cands,
            trials,
            &mut closest,
            &pending,
            &mut minima,
            &mut cand_pot,
        );
        let mut best = 0;
        let mut best_pot = f64::INFINITY;
        for t in 0..trials {
            let p: f64 = (0..plan.n_chunks).map(|c| cand_pot[c * trials + t]).sum();
            if p < best_pot {
                best_pot = p;
                best = t;
            }
        }
        let c = &cands[best * d..(best + 1) * d];
        centres.extend_from_slice(c);
        for (ci, p) in chunk_pot.iter_mut().enumerate() {
            *p = cand_pot[ci * trials + best];
        }
        pending = if minima.is_empty() {
            Pending::Centre(c.to_vec())
        } else {
            Pending::Kept(best)
        };
    }
    centres
}

/// `k` distinct point indices drawn without replacement with probability proportional to weight
/// (Efraimidis–Spirakis keys), returned as `k x d` centres.
pub(crate) fn random_points(data: &Data<'_>, k: usize, rng: &mut ChaCha8Rng) -> Vec<f64> {
    let mut keyed: Vec<(f64, usize)> = (0..data.n)
        .map(|i| {
            let u: f64 = rng.random::<f64>();
            let w = data.weight(i);
            // ln(u)/w orders like u^(1/w); zero weights sort last.
            let key = if w > 0.0 {
                (u.max(f64::MIN_POSITIVE)).ln() / w
            } else {
                f64::NEG_INFINITY
            };
            (key, i)
        })
        .collect();
    keyed.select_nth_unstable_by(k - 1, |a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut chosen: Vec<usize> = keyed[..k].iter().map(|&(_, i)| i).collect();
    chosen.sort_unstable();
    chosen
        .iter()
        .flat_map(|&i| data.point(i).iter().copied())
        .collect()
}

fn pick_by_weight(data: &Data<'_>, rng: &mut ChaCha8Rng) -> usize {
    let total: f64 = match data.w {
        Some(w) => w.iter().sum(),
        None => data.n as f64,
    };
    let r = rng.random::<f64>() * total;
    let mut s = 0.0;
    let mut last = 0;
    for i in 0..data.n {
        let w = data.weight(i);
        if w > 0.0 {
            s += w;
            last = i;
            if s > r {
                return i;
            }
        }
    }
    last
}

/// The last centre chosen, not yet folded into the stored `D²`.
enum Pending {
    None,
    /// Fold by computing the distance to this centre.
    Centre(Vec<f64>),
    /// Fold by reading this candidate's column of the kept minima.
    Kept(usize),
}

/// What folding needs.
struct Fold<'a> {
    pending: &'a Pending,
    minima: &'a [f64],
    trials: usize,
}

impl Fold<'_> {
    /// `D²` of point `i` at `x`, from its stored value and the pending centre.
    #[inline(always)]
    fn current(&self, i: usize, x: &[f64], stored: f64) -> f64 {
        match self.pending {
            Pending::None => stored,
            Pending::Centre(p) => {
                let v = sqdist(x, p);
                if v < stored { v } else { stored }
            }
            Pending::Kept(t) => self.minima[i * self.trials + t],
        }
    }
}

/// First index whose running sum of `wᵢ D(xᵢ)²` exceeds `r`, walking chunk totals first.
fn search(
    r: f64,
    data: &Data<'_>,
    plan: &Plan,
    closest: &[f64],
    chunk_pot: &[f64],
    fold: &Fold<'_>,
) -> usize {
    let mut acc = 0.0;
    let mut last_chunk = None;
    for (c, &p) in chunk_pot.iter().enumerate() {
        if p > 0.0 {
            last_chunk = Some(c);
            if acc + p > r {
                return search_chunk(r - acc, data, plan.range(c, data.n), closest, fold);
            }
        }
        acc += p;
    }
    // Rounding put r at or past the total: take the last point with positive potential.
    let Some(c) = last_chunk else {
        // Every potential underflowed to 0 (tiny weights times tiny distances) although distinct
        // points remain: take the first point with positive weight off every chosen centre.
        let off_centre = (0..data.n)
            .find(|&i| data.weight(i) > 0.0 && fold.current(i, data.point(i), closest[i]) > 0.0);
        return off_centre
            .or_else(|| (0..data.n).find(|&i| data.weight(i) > 0.0))
            .unwrap_or(0);
    };
    search_chunk(f64::INFINITY, data, plan.range(c, data.n), closest, fold)
}

fn search_chunk(
    target: f64,
    data: &Data<'_>,
    range: std::ops::Range<usize>,
    closest: &[f64],
    fold: &Fold<'_>,
) -> usize {
    let mut s = 0.0;
    let mut last = range.start;
    for i in range {
        let v = data.weight(i) * fold.current(i, data.point(i), closest[i]);
        if v > 0.0 {
            s += v;
            last = i;
            if s > target {
                return i;
            }
        }
    }
    last
}

/// Sets every point's `D²` to its distance to the first centre, and the chunk potentials.
fn first_centre(
    data: &Data<'_>,
    plan: &Plan,
    c: &[f64],
    closest: &mut [f64],
    chunk_pot: &mut [f64],
) {
    let d = data.d;
    let w = data.w_slice();
    with_dim!(d, D => {
        closest
            .par_chunks_mut(plan.chunk)
            .zip(data.x.par_chunks(plan.chunk * d))
            .zip(chunk_pot.par_iter_mut())
            .enumerate()
            .with_min_len(plan.min_len)
            .for_each(|(ci, ((cl, xs), pot))| {
                let dd = if D == 0 { d } else { D };
                let base = ci * plan.chunk;
                let mut s = 0.0;
                for (i, (m, x)) in cl.iter_mut().zip(xs.chunks_exact(dd)).enumerate() {
                    *m = sqdist(x, c);
                    s += if w.is_empty() { *m } else { w[base + i] * *m };
                }
                *pot = s;
            })
    });
}

/// Folds the pending centre into `closest`, then sums per chunk and candidate the potential
/// `Σ wᵢ min(D²ᵢ, ‖xᵢ − c_t‖²)` the candidate would leave (keeping the minima when `minima`
/// is not empty).
#[allow(clippy::too_many_arguments)]
fn evaluate_candidates(
    data: &Data<'_>,
    plan: &Plan,
    cands: &[f64],
    trials: usize,
    closest: &mut [f64],
    pending: &Pending,
    minima: &mut [f64],
    cand_pot: &mut [f64],
) {
    let d = data.d;
    let w = data.w_slice();
    if !minima.is_empty() {
        let kept = match pending {
            Pending::Kept(t) => Some(*t),
            _ => None,
        };
        cand_pot
            .par_chunks_mut(trials)
            .zip(closest.par_chunks_mut(plan.chunk))
            .zip(data.x.par_chunks(plan.chunk * d))
            .zip(minima.par_chunks_mut(plan.chunk * trials))
            .enumerate()
            .with_min_len(plan.min_len)
            .for_each(|(ci, (((out, cl), xs), mins))| {
                let base = ci * plan.chunk;
                out.fill(0.0);
                for (i, ((m, x), row)) in cl
                    .iter_mut()
                    .zip(xs.chunks_exact(d))
                    .zip(mins.chunks_exact_mut(trials))
                    .enumerate()
                {
                    if let Some(t) = kept {
                        *m = row[t];
                    }
                    let m = *m;
                    let wi = if w.is_empty() { 1.0 } else { w[base + i] };
                    for (t, (o, r)) in out.iter_mut().zip(row.iter_mut()).enumerate() {
                        let v = sqdist(x, &cands[t * d..(t + 1) * d]);
                        *r = if v < m { v } else { m };
                        *o += wi * *r;
                    }
                }
            });
        return;
    }
    let centre = match pending {
        Pending::Centre(c) => Some(c.as_slice()),
        _ => None,
    };
    with_dim!(d, D => {
        cand_pot
            .par_chunks_mut(trials)
            .zip(closest.par_chunks_mut(plan.chunk))
            .zip(data.x.par_chunks(plan.chunk * d))
            .enumerate()
            .with_min_len(plan.min_len)
            .for_each(|(ci, ((out, cl), xs))| {
                let dd = if D == 0 { d } else { D };
                let base = ci * plan.chunk;
                out.fill(0.0);
                for (i, (m, x)) in cl.iter_mut().zip(xs.chunks_exact(dd)).enumerate() {
                    if let Some(p) = centre {
                        let v = sqdist(x, p);
                        if v < *m {
                            *m = v;
                        }
                    }
                    let m = *m;
                    let wi = if w.is_empty() { 1.0 } else { w[base + i] };
                    for (t, o) in out.iter_mut().enumerate() {
                        let v = sqdist(x, &cands[t * dd..(t + 1) * dd]);
                        *o += wi * if v < m { v } else { m };
                    }
                }
            })
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn trials_follow_scikit_learn() {
        assert_eq!(default_trials(1), 2);
        assert_eq!(default_trials(3), 3);
        assert_eq!(default_trials(8), 4);
        assert_eq!(default_trials(20), 4);
        assert_eq!(default_trials(21), 5);
    }

    #[test]
    fn plus_plus_picks_distinct_weighted_points() {
        // Two far groups; zero-weight points must never be chosen.
        let x = [0.0, 0.0, 0.1, 0.0, 100.0, 0.0, 100.1, 0.0, 50.0, 50.0];
        let w = [1.0, 1.0, 1.0, 1.0, 0.0];
        let data = Data::new(&x, 2, Some(&w));
        let plan = Plan::new(5, 2);
        for seed in 0..20 {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let c = kmeans_plus_plus(&data, 2, 3, &plan, &mut rng);
            assert!(
                c[0] < 1.0 && c[2] > 99.0 || c[0] > 99.0 && c[2] < 1.0,
                "{c:?}"
            );
            let r = random_points(&data, 4, &mut rng);
            assert!(!r.chunks(2).any(|p| p == [50.0, 50.0]));
        }
    }
}
