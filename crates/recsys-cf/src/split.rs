//! Train/test splits and k-fold cross-validation folds.
//!
//! Every split keeps the input order within train and within test (ids are renumbered by
//! first appearance, as a fresh load would), so Surprise's file-order tie rules carry over.
//! Test entries may name users or items the training part lacks; models answer those with
//! flagged cold-start fallbacks.
//!
//! ```
//! use ecom_core::{DuplicatePolicy, Feedback, Ratings};
//! use recsys_cf::split;
//! let triplets: Vec<(String, String, f64)> = (0..100)
//!     .map(|n| (format!("u{}", n % 10), format!("i{}", n / 10), 1.0 + (n % 5) as f64))
//!     .collect();
//! let r = Ratings::from_triplets(Feedback::explicit(1.0, 5.0)?, DuplicatePolicy::Reject,
//!     triplets.iter().map(|(u, i, v)| (u.as_str(), i.as_str(), *v)))?;
//! let s = split::random(&r, 0.2, 42)?;
//! assert_eq!((s.train.len(), s.test.len()), (80, 20));
//! let folds = split::kfold(&r, 5, 42)?;
//! assert!(folds.iter().all(|f| f.test.len() == 20));
//! # Ok::<(), recsys_cf::RecsysError>(())
//! ```

use ecom_core::Ratings;
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use crate::error::{RecsysError, Result, invalid};

/// A training part and a test part of one ratings store.
#[derive(Debug, Clone, PartialEq)]
pub struct Split {
    /// Entries to fit on.
    pub train: Ratings,
    /// Entries to evaluate on.
    pub test: Ratings,
}

/// Splits by the entry positions (0-based, in input order) that form the test part; all other
/// entries form the training part. For saved splits such as a fixture's test line numbers.
///
/// # Errors
/// A position out of range or repeated, or a part that would be empty.
pub fn by_test_positions(ratings: &Ratings, test_positions: &[usize]) -> Result<Split> {
    let n = ratings.len();
    let mut in_test = vec![false; n];
    for &p in test_positions {
        if p >= n {
            return Err(invalid(
                "test position",
                format!("{p} is beyond the {n} entries"),
            ));
        }
        if std::mem::replace(&mut in_test[p], true) {
            return Err(invalid("test position", format!("{p} is listed twice")));
        }
    }
    let mut test: Vec<usize> = test_positions.to_vec();
    test.sort_unstable();
    let train: Vec<usize> = (0..n).filter(|&p| !in_test[p]).collect();
    assemble(ratings, &train, &test, "a train/test split")
}

fn assemble(
    ratings: &Ratings,
    train: &[usize],
    test: &[usize],
    what: &'static str,
) -> Result<Split> {
    for part in [train, test] {
        if part.is_empty() {
            return Err(RecsysError::NotEnoughData {
                what,
                needed: 2,
                got: ratings.len(),
            });
        }
    }
    Ok(Split {
        train: ratings.select(train)?,
        test: ratings.select(test)?,
    })
}

fn shuffled(n: usize, seed: u64) -> Vec<usize> {
    let mut perm: Vec<usize> = (0..n).collect();
    perm.shuffle(&mut ChaCha8Rng::seed_from_u64(seed));
    perm
}

/// A seeded random split: `round(test_fraction · n)` entries, drawn uniformly, form the test
/// part.
///
/// # Errors
/// `test_fraction` outside (0, 1), or a part that would be empty.
pub fn random(ratings: &Ratings, test_fraction: f64, seed: u64) -> Result<Split> {
    if !(test_fraction > 0.0 && test_fraction < 1.0) {
        return Err(invalid(
            "test_fraction",
            format!("need a value in (0, 1), got {test_fraction}"),
        ));
    }
    let n = ratings.len();
    let n_test = (test_fraction * n as f64).round() as usize;
    let perm = shuffled(n, seed);
    by_test_positions(ratings, &perm[..n_test.min(n)])
}

/// Per user, the `k` most recent entries by timestamp form the test part (equal timestamps:
/// the later entry counts as more recent). Users with `k` entries or fewer stay wholly in the
/// training part, so every test user is known to the model.
///
/// # Errors
/// [`RecsysError::MissingTimestamps`] without timestamps; `k == 0`; an empty part.
pub fn leave_last_k(ratings: &Ratings, k: usize) -> Result<Split> {
    let Some(ts) = ratings.timestamps() else {
        return Err(RecsysError::MissingTimestamps {
            what: "leave_last_k",
        });
    };
    if k == 0 {
        return Err(invalid("k", "leave at least 1 entry out per user"));
    }
    let by_user = ratings.by_user();
    let mut in_test = vec![false; ratings.len()];
    let mut entries: Vec<usize> = Vec::new();
    for u in 0..by_user.n_rows() {
        entries.clear();
        entries.extend_from_slice(by_user.row_entries(u));
        if entries.len() <= k {
            continue;
        }
        entries.sort_by_key(|&e| (ts[e], e));
        for &e in &entries[entries.len() - k..] {
            in_test[e] = true;
        }
    }
    let (test, train): (Vec<usize>, Vec<usize>) = (0..ratings.len()).partition(|&e| in_test[e]);
    assemble(ratings, &train, &test, "leave_last_k")
}

/// `n_folds` folds for cross-validation: the entries are shuffled with `seed` and cut into
/// `n_folds` nearly equal parts (the first `n % n_folds` one entry larger, as Surprise's
/// `KFold`); fold `f` tests on part `f` and trains on the rest.
///
/// # Errors
/// `n_folds < 2` or more folds than entries.
pub fn kfold(ratings: &Ratings, n_folds: usize, seed: u64) -> Result<Vec<Split>> {
    let n = ratings.len();
    if n_folds < 2 {
        return Err(invalid(
            "n_folds",
            format!("need at least 2, got {n_folds}"),
        ));
    }
    if n_folds > n {
        return Err(RecsysError::NotEnoughData {
            what: "k-fold cross-validation",
            needed: n_folds,
            got: n,
        });
    }
    let perm = shuffled(n, seed);
    let mut start = 0;
    (0..n_folds)
        .map(|f| {
            let size = n / n_folds + usize::from(f < n % n_folds);
            let fold = &perm[start..start + size];
            start += size;
            by_test_positions(ratings, fold)
        })
        .collect()
}
