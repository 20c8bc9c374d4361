//! Accuracy and ranking metrics.
//!
//! Rating accuracy: [`rmse`], [`mae`]. Ranking, for one user's list (best first) against the
//! items relevant to that user, at cut-off `k` (each list holds distinct items):
//!
//! - [`precision_at_k`] = hits in the first `k` / `k`;
//! - [`recall_at_k`] = hits / |relevant|;
//! - [`ndcg_at_k`]: binary gains, discount `log2(rank + 1)`, ideal DCG over
//!   `min(k, |relevant|)` hits;
//! - [`average_precision_at_k`] = Σ over hits of precision at the hit's rank, divided by
//!   `min(k, |relevant|)` (MAP@k is its mean over users);
//! - [`hit_at_k`]: at least one hit (hit rate is its mean over users);
//! - [`catalogue_coverage`]: share of the catalogue that appears in any list.
//!
//! ```
//! use recsys_cf::metrics::*;
//! let recommended = ["a", "b", "c", "d"];
//! let relevant = ["c", "a", "z"];
//! assert_eq!(precision_at_k(&recommended, &relevant, 4), 0.5);
//! assert!((recall_at_k(&recommended, &relevant, 4) - 2.0 / 3.0).abs() < 1e-15);
//! // hits at ranks 1 and 3: (1/1 + 2/3) / min(4, 3)
//! assert!((average_precision_at_k(&recommended, &relevant, 4) - (1.0 + 2.0 / 3.0) / 3.0).abs() < 1e-15);
//! assert!(hit_at_k(&recommended, &relevant, 1));
//! assert_eq!(rmse(&[1.0, 2.0], &[2.0, 2.0])?, 0.5f64.sqrt());
//! # Ok::<(), recsys_cf::RecsysError>(())
//! ```

use std::collections::HashSet;
use std::hash::Hash;

use crate::error::{RecsysError, Result};

fn check_pairs(actual: &[f64], predicted: &[f64]) -> Result<()> {
    if actual.len() != predicted.len() {
        return Err(RecsysError::LengthMismatch {
            what: "predictions",
            expected: actual.len(),
            got: predicted.len(),
        });
    }
    if actual.is_empty() {
        return Err(RecsysError::NotEnoughData {
            what: "an accuracy metric",
            needed: 1,
            got: 0,
        });
    }
    for (what, v) in [("actual ratings", actual), ("predictions", predicted)] {
        if let Some(index) = v.iter().position(|x| !x.is_finite()) {
            return Err(RecsysError::NonFinite {
                what,
                index,
                value: v[index],
            });
        }
    }
    Ok(())
}

/// Root mean squared error.
///
/// # Errors
/// Different lengths, empty input, or a non-finite value.
pub fn rmse(actual: &[f64], predicted: &[f64]) -> Result<f64> {
    check_pairs(actual, predicted)?;
    let sse: f64 = actual
        .iter()
        .zip(predicted)
        .map(|(a, p)| (a - p) * (a - p))
        .sum();
    Ok((sse / actual.len() as f64).sqrt())
}

/// Mean absolute error.
///
/// # Errors
/// As [`rmse`].
pub fn mae(actual: &[f64], predicted: &[f64]) -> Result<f64> {
    check_pairs(actual, predicted)?;
    let sae: f64 = actual
        .iter()
        .zip(predicted)
        .map(|(a, p)| (a - p).abs())
        .sum();
    Ok(sae / actual.len() as f64)
}

/// Which positions (0-based) of the first `k` recommended items are relevant.
fn hits<'a, T: PartialEq>(
    recommended: &'a [T],
    relevant: &'a [T],
    k: usize,
) -> impl Iterator<Item = usize> + 'a {
    recommended
        .iter()
        .take(k)
        .enumerate()
        .filter(|(_, r)| relevant.contains(r))
        .map(|(p, _)| p)
}

/// Hits in the first `k` recommendations divided by `k` (0 when `k` is 0).
pub fn precision_at_k<T: PartialEq>(recommended: &[T], relevant: &[T], k: usize) -> f64 {
    if k == 0 {
        return 0.0;
    }
    hits(recommended, relevant, k).count() as f64 / k as f64
}

/// Hits in the first `k` recommendations divided by the number of relevant items (0 when none
/// is relevant).
pub fn recall_at_k<T: PartialEq>(recommended: &[T], relevant: &[T], k: usize) -> f64 {
    if relevant.is_empty() {
        return 0.0;
    }
    hits(recommended, relevant, k).count() as f64 / relevant.len() as f64
}

/// Normalised discounted cumulative gain with binary relevance (0 when none is relevant).
pub fn ndcg_at_k<T: PartialEq>(recommended: &[T], relevant: &[T], k: usize) -> f64 {
    let ideal = k.min(relevant.len());
    if ideal == 0 {
        return 0.0;
    }
    let gain = |p: usize| 1.0 / ((p + 2) as f64).log2();
    let dcg: f64 = hits(recommended, relevant, k).map(gain).sum();
    let idcg: f64 = (0..ideal).map(gain).sum();
    dcg / idcg
}

/// Average precision at `k`: Σ over hits of (hits so far / rank), divided by
/// `min(k, |relevant|)` (0 when none is relevant).
pub fn average_precision_at_k<T: PartialEq>(recommended: &[T], relevant: &[T], k: usize) -> f64 {
    let denom = k.min(relevant.len());
    if denom == 0 {
        return 0.0;
    }
    let sum: f64 = hits(recommended, relevant, k)
        .enumerate()
        .map(|(n, p)| (n + 1) as f64 / (p + 1) as f64)
        .sum();
    sum / denom as f64
}

/// `true` when any of the first `k` recommendations is relevant.
pub fn hit_at_k<T: PartialEq>(recommended: &[T], relevant: &[T], k: usize) -> bool {
    hits(recommended, relevant, k).next().is_some()
}

/// Share of a catalogue of `n_items` that appears in at least one list (0 for an empty
/// catalogue).
pub fn catalogue_coverage<'a, T, L>(lists: L, n_items: usize) -> f64
where
    T: Eq + Hash + 'a,
    L: IntoIterator,
    L::Item: IntoIterator<Item = &'a T>,
{
    if n_items == 0 {
        return 0.0;
    }
    let seen: HashSet<&T> = lists.into_iter().flatten().collect();
    seen.len() as f64 / n_items as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ndcg_of_a_perfect_list_is_one() {
        assert_eq!(ndcg_at_k(&[1, 2, 3], &[3, 2, 1], 3), 1.0);
        let v = ndcg_at_k(&[9, 1], &[1], 2);
        assert!((v - 1.0 / 3f64.log2()).abs() < 1e-15);
    }

    #[test]
    fn bad_input_is_an_error() {
        assert!(rmse(&[], &[]).is_err());
        assert!(mae(&[1.0], &[1.0, 2.0]).is_err());
        assert!(rmse(&[1.0], &[f64::NAN]).is_err());
    }

    #[test]
    fn coverage_counts_distinct_items() {
        let lists = [vec!["a", "b"], vec!["b", "c"]];
        assert_eq!(catalogue_coverage(lists.iter(), 6), 0.5);
    }
}
