//! Capacitated assignment: customers to fixed sites without exceeding any site's capacity.
//!
//! Each customer's demand goes to one site (no splitting), which makes this a generalised
//! assignment problem (NP-hard); this is a heuristic. Customers are placed in order of regret
//! (how much more their second-best site would cost), each at the nearest site with room, then
//! single moves and pairwise swaps lower the demand-weighted distance while they can.

use serde::{Deserialize, Serialize};

use crate::error::{KMeansError, Result, at_most, invalid};
use crate::geo_model::GeoModel;
use crate::limits::MAX_CAPACITY_PAIRS;
use crate::sphere::{angle, unit};

/// Site capacities, in the same unit as the customer weights (demand).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Capacity {
    /// The same capacity at every site.
    Uniform(f64),
    /// One capacity per site, in site order.
    PerSite(Vec<f64>),
}

impl Capacity {
    fn resolve(&self, k: usize) -> Result<Vec<f64>> {
        let caps = match self {
            Capacity::Uniform(c) => vec![*c; k],
            Capacity::PerSite(c) => {
                if c.len() != k {
                    return Err(KMeansError::DimensionMismatch {
                        what: "capacities (one per site)",
                        expected: k,
                        got: c.len(),
                    });
                }
                c.clone()
            }
        };
        if let Some(c) = caps.iter().find(|c| !(c.is_finite() && **c >= 0.0)) {
            return Err(invalid(
                "capacity",
                format!("{c} is not a finite non-negative capacity"),
            ));
        }
        Ok(caps)
    }
}

/// Rounds of improving moves and swaps at most.
const MAX_ROUNDS: usize = 50;

impl GeoModel {
    /// The same sites with customers reassigned so no site serves more demand than its capacity,
    /// keeping `Σ demand x km` low (see the module notes: a heuristic, not a proven optimum).
    ///
    /// ```
    /// use ecom_core::GeoPoint;
    /// use logistics_kmeans::{Capacity, GeoKMeans, Init};
    /// // Three customers near Paris, one near Berlin; sites fixed at Paris and Berlin.
    /// let pts = [
    ///     GeoPoint::new(48.85, 2.35)?, GeoPoint::new(48.9, 2.3)?, GeoPoint::new(48.8, 2.4)?,
    ///     GeoPoint::new(52.5, 13.4)?,
    /// ];
    /// let sites = Init::Centres(vec![48.85, 2.35, 52.5, 13.4]);
    /// let model = GeoKMeans::new(2).init(sites).max_iter(1).fit_geo(&pts, None)?;
    /// let capped = model.with_capacity(&Capacity::Uniform(2.0))?;
    /// assert!(capped.site_weights().iter().all(|&w| w <= 2.0));
    /// // One Paris customer now ships from Berlin.
    /// assert!(capped.weighted_sum_km() > model.weighted_sum_km());
    /// # Ok::<(), logistics_kmeans::KMeansError>(())
    /// ```
    ///
    /// # Errors
    /// [`KMeansError::DimensionMismatch`] for a capacity count differing from the number of
    /// sites; [`KMeansError::InvalidParameter`] for a negative or non-finite capacity;
    /// [`KMeansError::CapacityInfeasible`] when total demand exceeds total capacity, a customer
    /// fits no site, or the heuristic cannot pack the demand; [`KMeansError::LimitExceeded`]
    /// beyond [`MAX_CAPACITY_PAIRS`] customer x site pairs (checked before the tables are built).
    pub fn with_capacity(&self, capacity: &Capacity) -> Result<GeoModel> {
        let k = self.k();
        let caps = capacity.resolve(k)?;
        let w = self.weights();
        let n = w.len();
        at_most(
            "customer x site pairs",
            n.saturating_mul(k),
            MAX_CAPACITY_PAIRS,
        )?;
        let total: f64 = w.iter().sum();
        let cap_total: f64 = caps.iter().sum();
        if total > cap_total {
            return Err(KMeansError::CapacityInfeasible {
                reason: format!("total demand {total} exceeds total capacity {cap_total}"),
            });
        }
        let largest = caps.iter().copied().fold(0.0, f64::max);
        if let Some(i) = (0..n).find(|&i| w[i] > largest) {
            return Err(KMeansError::CapacityInfeasible {
                reason: format!(
                    "customer {i} needs {} but the largest site holds {largest}",
                    w[i]
                ),
            });
        }
        let sites: Vec<[f64; 3]> = self
            .sites()
            .iter()
            .map(|s| unit(s.lat(), s.lon()))
            .collect();
        let xyz: Vec<[f64; 3]> = self
            .latlon()
            .chunks_exact(2)
            .map(|p| unit(p[0], p[1]))
            .collect();
        // Every customer-site angle once: the greedy ranking and the move/swap search below
        // read each many times.
        let table: Vec<f64> = xyz
            .iter()
            .flat_map(|x| sites.iter().map(move |s| angle(x, s)))
            .collect();
        let dist = |i: usize, j: usize| table[i * k + j];

        let labels = match greedy(n, k, w, &caps, &dist, Order::Regret) {
            Some(l) => l,
            None => greedy(n, k, w, &caps, &dist, Order::Demand).ok_or_else(|| KMeansError::CapacityInfeasible {
                reason: format!(
                    "could not pack demand {total} into capacities {caps:?} (each customer whole at one site)"
                ),
            })?,
        };
        let labels = improve(labels, k, w, &caps, &dist);
        Ok(self.with_labels(labels))
    }
}

#[derive(Clone, Copy)]
enum Order {
    /// Largest `demand x (second-nearest − nearest)` first: customers with most to lose.
    Regret,
    /// Largest demand first (first-fit decreasing: packs tighter when capacity is tight).
    Demand,
}

fn greedy<F: Fn(usize, usize) -> f64>(
    n: usize,
    k: usize,
    w: &[f64],
    caps: &[f64],
    dist: &F,
    order: Order,
) -> Option<Vec<usize>> {
    let mut ranked: Vec<Vec<usize>> = Vec::with_capacity(n);
    let mut key = Vec::with_capacity(n);
    for (i, &wi) in w.iter().enumerate().take(n) {
        let mut r: Vec<usize> = (0..k).collect();
        r.sort_by(|&a, &b| dist(i, a).total_cmp(&dist(i, b)).then(a.cmp(&b)));
        let regret = if k > 1 {
            dist(i, r[1]) - dist(i, r[0])
        } else {
            0.0
        };
        key.push(match order {
            Order::Regret => wi * regret,
            Order::Demand => wi,
        });
        ranked.push(r);
    }
    let mut order_idx: Vec<usize> = (0..n).collect();
    order_idx.sort_by(|&a, &b| {
        key[b]
            .total_cmp(&key[a])
            .then(w[b].total_cmp(&w[a]))
            .then(a.cmp(&b))
    });
    let mut room = caps.to_vec();
    let mut labels = vec![0; n];
    for i in order_idx {
        let j = *ranked[i].iter().find(|&&j| room[j] >= w[i])?;
        room[j] -= w[i];
        labels[i] = j;
    }
    Some(labels)
}

/// Improving single moves (to a nearer site with room) and pairwise swaps between sites, until
/// none is left or `MAX_ROUNDS` passes.
fn improve<F: Fn(usize, usize) -> f64>(
    mut labels: Vec<usize>,
    k: usize,
    w: &[f64],
    caps: &[f64],
    dist: &F,
) -> Vec<usize> {
    let n = labels.len();
    let mut load = vec![0.0; k];
    for i in 0..n {
        load[labels[i]] += w[i];
    }
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); k];
    for i in 0..n {
        members[labels[i]].push(i);
    }
    for _ in 0..MAX_ROUNDS {
        let mut better = false;
        for i in 0..n {
            let a = labels[i];
            let here = w[i] * dist(i, a);
            // Best single move.
            let mut best: Option<(f64, usize)> = None;
            for b in (0..k).filter(|&b| b != a && load[b] + w[i] <= caps[b]) {
                let gain = here - w[i] * dist(i, b);
                if gain > 1e-15 && best.is_none_or(|(g, _)| gain > g) {
                    best = Some((gain, b));
                }
            }
            if let Some((_, b)) = best {
                load[a] -= w[i];
                load[b] += w[i];
                labels[i] = b;
                members[a].retain(|&m| m != i);
                members[b].push(i);
                better = true;
                continue;
            }
            // Best swap with a customer of a nearer site.
            let mut swap: Option<(f64, usize)> = None;
            for b in (0..k).filter(|&b| b != a && dist(i, b) < dist(i, a)) {
                for &j in &members[b] {
                    let (la, lb) = (load[a] - w[i] + w[j], load[b] - w[j] + w[i]);
                    if la > caps[a] || lb > caps[b] {
                        continue;
                    }
                    let gain = here + w[j] * dist(j, b) - w[i] * dist(i, b) - w[j] * dist(j, a);
                    if gain > 1e-15 && swap.is_none_or(|(g, _)| gain > g) {
                        swap = Some((gain, j));
                    }
                }
            }
            if let Some((_, j)) = swap {
                let b = labels[j];
                load[a] += w[j] - w[i];
                load[b] += w[i] - w[j];
                labels[i] = b;
                labels[j] = a;
                members[a].retain(|&m| m != i);
                members[b].retain(|&m| m != j);
                members[a].push(j);
                members[b].push(i);
                better = true;
            }
        }
        if !better {
            break;
        }
    }
    labels
}
