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
//! Every ranking metric lies in [0, 1]: an item recommended twice counts as one hit, at its
//! first position (`relevant` should hold distinct items; a repeated one only lowers recall).
//! RMSE and MAE are finite for any finite input (errors near `ecom_core::MAX_ABS_VALUE` are
//! summed scaled).
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

/// `NonFinite` for the first `actual − predicted` that overflows (both near ±`f64::MAX`).
fn check_errors(actual: &[f64], predicted: &[f64]) -> Result<()> {
    match actual
        .iter()
        .zip(predicted)
        .position(|(a, p)| !(a - p).is_finite())
    {
        Some(index) => Err(RecsysError::NonFinite {
            what: "prediction errors (actual - predicted)",
            index,
            value: actual[index] - predicted[index],
        }),
        None => Ok(()),
    }
}

/// Root mean squared error.
///
/// # Errors
/// Different lengths, empty input, a non-finite value, or an error `actual − predicted` that
/// overflows `f64`.
pub fn rmse(actual: &[f64], predicted: &[f64]) -> Result<f64> {
    check_pairs(actual, predicted)?;
    let n = actual.len() as f64;
    let sse: f64 = actual
        .iter()
        .zip(predicted)
        .map(|(a, p)| (a - p) * (a - p))
        .sum();
    if sse.is_finite() {
        return Ok((sse / n).sqrt());
    }
    // Errors near 1e150 over many entries: squares of the errors divided by the largest one.
    check_errors(actual, predicted)?;
    let m = actual
        .iter()
        .zip(predicted)
        .fold(0.0f64, |m, (a, p)| m.max((a - p).abs()));
    let scaled: f64 = actual
        .iter()
        .zip(predicted)
        .map(|(a, p)| ((a - p) / m) * ((a - p) / m))
        .sum();
    Ok(m * (scaled / n).sqrt())
}

/// Mean absolute error.
///
/// # Errors
/// As [`rmse`].
pub fn mae(actual: &[f64], predicted: &[f64]) -> Result<f64> {
    check_pairs(actual, predicted)?;
    let n = actual.len() as f64;
    let sae: f64 = actual
        .iter()
        .zip(predicted)
        .map(|(a, p)| (a - p).abs())
        .sum();
    if sae.is_finite() {
        return Ok(sae / n);
    }
    // Errors near f64::MAX: average the errors divided by n instead.
    let mean: f64 = actual
        .iter()
        .zip(predicted)
        .map(|(a, p)| (a - p).abs() / n)
        .sum();
    check_errors(actual, predicted)?;
    Ok(mean)
}

/// Which positions (0-based) of the first `k` recommended items are relevant. An item listed
/// twice counts once, at its first position, so every metric stays in [0, 1].
fn hits<'a, T: PartialEq>(
    recommended: &'a [T],
    relevant: &'a [T],
    k: usize,
) -> impl Iterator<Item = usize> + 'a {
    let mut found: Vec<&'a T> = Vec::new();
    recommended
        .iter()
        .take(k)
        .enumerate()
        .filter(move |&(_, r)| {
            if relevant.contains(r) && !found.contains(&r) {
                found.push(r);
                true
            } else {
                false
            }
        })
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
    fn a_repeated_recommendation_counts_once() {
        // The case that once pushed average precision to 7/6: [4, 15, 15] against {15}.
        let rec = [4, 15, 15];
        assert_eq!(precision_at_k(&rec, &[15], 3), 1.0 / 3.0);
        assert_eq!(recall_at_k(&rec, &[15], 3), 1.0);
        assert_eq!(average_precision_at_k(&rec, &[15], 3), 0.5);
        assert!((ndcg_at_k(&rec, &[15], 3) - 1.0 / 3f64.log2()).abs() < 1e-15);
    }

    #[test]
    fn rmse_of_huge_errors_is_finite() {
        // Squares of 1e155 overflow; RMSE of errors all equal to 1e155 is 1e155.
        let a = [1e155, -1e155, 1e155];
        let p = [0.0; 3];
        assert_eq!(rmse(&a, &p).unwrap(), 1e155);
        assert_eq!(mae(&[f64::MAX, f64::MAX], &[0.0, 0.0]).unwrap(), f64::MAX);
    }

    #[test]
    fn coverage_counts_distinct_items() {
        let lists = [vec!["a", "b"], vec!["b", "c"]];
        assert_eq!(catalogue_coverage(lists.iter(), 6), 0.5);
    }
}
