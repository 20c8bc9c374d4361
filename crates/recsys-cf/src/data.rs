//! Compact copies of the training data that fitted models keep: sparse rows, id maps, and the
//! item order used to break ties in rankings.

use std::cmp::Ordering;

use ecom_core::{Csr, DuplicatePolicy, Feedback, IdMap, RatingScale, Ratings, RatingsBuilder};

use crate::error::{RecsysError, Result, bad_field};

/// A compressed sparse row matrix without the entry positions `ecom_core::Csr` keeps:
/// row `r` holds `(cols[k], vals[k])` for `k` in `indptr[r]..indptr[r + 1]`, in training-file
/// order unless built with [`Rows::sorted`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Rows {
    pub(crate) indptr: Vec<usize>,
    pub(crate) cols: Vec<u32>,
    pub(crate) vals: Vec<f64>,
}

impl Rows {
    pub(crate) fn from_csr(c: &Csr) -> Self {
        Self {
            indptr: c.indptr().to_vec(),
            cols: c.indices().to_vec(),
            vals: c.values().to_vec(),
        }
    }

    /// The same rows with each row's entries ordered by column (stable).
    pub(crate) fn sorted(&self) -> Self {
        let mut out = self.clone();
        let mut buf: Vec<(u32, f64)> = Vec::new();
        for r in 0..self.n_rows() {
            let span = self.indptr[r]..self.indptr[r + 1];
            buf.clear();
            buf.extend(
                self.cols[span.clone()]
                    .iter()
                    .copied()
                    .zip(self.vals[span.clone()].iter().copied()),
            );
            buf.sort_by_key(|&(c, _)| c);
            for (k, (c, v)) in span.zip(buf.iter()) {
                out.cols[k] = *c;
                out.vals[k] = *v;
            }
        }
        out
    }

    /// The same sparsity pattern with other values (one per entry, same order).
    pub(crate) fn with_values(&self, vals: Vec<f64>) -> Self {
        debug_assert_eq!(vals.len(), self.cols.len());
        Self {
            indptr: self.indptr.clone(),
            cols: self.cols.clone(),
            vals,
        }
    }

    pub(crate) fn n_rows(&self) -> usize {
        self.indptr.len() - 1
    }

    pub(crate) fn nnz(&self) -> usize {
        self.cols.len()
    }

    #[inline]
    pub(crate) fn row(&self, r: usize) -> (&[u32], &[f64]) {
        let span = self.indptr[r]..self.indptr[r + 1];
        (&self.cols[span.clone()], &self.vals[span])
    }

    #[inline]
    pub(crate) fn row_len(&self, r: usize) -> usize {
        self.indptr[r + 1] - self.indptr[r]
    }

    pub(crate) fn memory_bytes(&self) -> usize {
        self.indptr.len() * 8 + self.cols.len() * 4 + self.vals.len() * 8
    }

    /// Rows read from a saved model, checked: `n_rows` rows, columns below `n_cols` and
    /// distinct within a row, one finite value per column. `fields` names the saved offsets,
    /// columns and values in errors.
    pub(crate) fn validated(
        fields: [&'static str; 3],
        indptr: Vec<usize>,
        cols: Vec<u32>,
        vals: Vec<f64>,
        n_rows: usize,
        n_cols: usize,
    ) -> Result<Self> {
        let [f_ptr, f_cols, f_vals] = fields;
        crate::saved::check_len(f_ptr, indptr.len(), n_rows + 1, "rows + 1")?;
        if indptr[0] != 0 || indptr[n_rows] != cols.len() {
            return Err(bad_field(
                f_ptr,
                format!("must run from 0 to the {} stored entries", cols.len()),
            ));
        }
        if let Some(r) = indptr.windows(2).position(|w| w[0] > w[1]) {
            return Err(bad_field(f_ptr, format!("decreases at row {r}")));
        }
        crate::saved::check_len(f_vals, vals.len(), cols.len(), "one per stored entry")?;
        crate::saved::check_finite(f_vals, &vals)?;
        // Stamp of the row that last used each column: duplicates within a row are found in
        // one pass without sorting.
        let mut last = vec![u32::MAX; n_cols];
        for r in 0..n_rows {
            for &c in &cols[indptr[r]..indptr[r + 1]] {
                let Some(slot) = last.get_mut(c as usize) else {
                    return Err(bad_field(
                        f_cols,
                        format!("row {r} refers to index {c}, beyond the {n_cols} columns"),
                    ));
                };
                if *slot == r as u32 {
                    return Err(bad_field(f_cols, format!("row {r} holds index {c} twice")));
                }
                *slot = r as u32;
            }
        }
        Ok(Self { indptr, cols, vals })
    }
}

/// What every fitted model knows about the training catalogue: ids both ways, what each user
/// already has, item popularity (the cold-start answer) and the tie-break order of items; and
/// enough to write the training data back in file order when the model is saved.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Catalogue {
    pub(crate) feedback: Feedback,
    pub(crate) users: IdMap,
    pub(crate) items: IdMap,
    /// Items of each user and their values (training-file order).
    pub(crate) seen: Rows,
    /// The user of each training entry, in file order: with `seen` (each user's entries in
    /// file order) it restores the file order of all entries, 4 bytes per entry instead of a
    /// second copy of the ratings.
    pub(crate) entry_users: Vec<u32>,
    /// Rank of each item in natural id order (see [`natural_cmp`]).
    pub(crate) tie_rank: Vec<u32>,
    /// Number of training interactions of each item.
    pub(crate) popularity: Vec<u32>,
}

impl Catalogue {
    pub(crate) fn new(r: &Ratings) -> Self {
        let items = r.items().clone();
        let popularity = (0..r.n_items())
            .map(|i| r.by_item().row_len(i) as u32)
            .collect();
        Self {
            feedback: r.feedback(),
            users: r.users().clone(),
            tie_rank: natural_ranks(&items),
            items,
            seen: Rows::from_csr(r.by_user()),
            entry_users: r.user_indices().to_vec(),
            popularity,
        }
    }

    /// The training data again, entries in file order (so ids get the same indices), without
    /// timestamps: what a saved model stores.
    pub(crate) fn to_ratings(&self) -> Result<Ratings> {
        let mut next = self.seen.indptr[..self.seen.n_rows()].to_vec();
        let mut b = RatingsBuilder::new(self.feedback).duplicates(DuplicatePolicy::Reject);
        for &u in &self.entry_users {
            let k = next[u as usize];
            next[u as usize] += 1;
            b.push(
                self.users.id(u),
                self.items.id(self.seen.cols[k]),
                self.seen.vals[k],
            )?;
        }
        Ok(b.build()?)
    }

    pub(crate) fn n_users(&self) -> usize {
        self.users.len()
    }

    pub(crate) fn n_items(&self) -> usize {
        self.items.len()
    }

    pub(crate) fn memory_bytes(&self) -> usize {
        let ids = |m: &IdMap| m.ids().iter().map(|s| 2 * s.len() + 56).sum::<usize>();
        ids(&self.users)
            + ids(&self.items)
            + self.seen.memory_bytes()
            + 4 * (self.entry_users.len() + self.tie_rank.len() + self.popularity.len())
    }
}

/// Orders ids naturally: ids made of digits only come first, by numeric value (so `"9"` comes
/// before `"10"`); then all other ids, by byte order. Equal numbers written differently
/// (`"07"`, `"7"`) fall back to byte order.
pub(crate) fn natural_cmp(a: &str, b: &str) -> Ordering {
    let num = |s: &str| -> Option<u128> {
        if !s.is_empty() && s.len() <= 38 && s.bytes().all(|c| c.is_ascii_digit()) {
            s.parse().ok()
        } else {
            None
        }
    };
    match (num(a), num(b)) {
        (Some(x), Some(y)) => x.cmp(&y).then_with(|| a.cmp(b)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => a.cmp(b),
    }
}

pub(crate) fn natural_ranks(ids: &IdMap) -> Vec<u32> {
    let mut order: Vec<u32> = (0..ids.len() as u32).collect();
    order.sort_by(|&a, &b| natural_cmp(ids.id(a), ids.id(b)));
    let mut rank = vec![0u32; ids.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i as usize] = r as u32;
    }
    rank
}

/// The rating scale of explicit data, or the typed error naming the algorithm.
pub(crate) fn explicit_scale(r: &Ratings, algorithm: &'static str) -> Result<RatingScale> {
    match r.feedback() {
        Feedback::Explicit { scale } => Ok(scale),
        Feedback::Implicit => Err(RecsysError::NeedsExplicitRatings { algorithm }),
    }
}

/// Mean of all ratings in Surprise's `all_ratings()` order (user by user, file order within a user).
pub(crate) fn global_mean(by_user: &Rows) -> f64 {
    by_user.vals.iter().sum::<f64>() / by_user.nnz() as f64
}

/// Population mean and standard deviation (numpy's `mean`, `std` with `ddof = 0`).
///
/// When the sum of squared deviations overflows (values near `ecom_core::MAX_ABS_VALUE` over
/// tens of millions of entries) the deviations are divided by the largest one first, so the
/// standard deviation stays finite; otherwise the result is numpy's to the last bit.
pub(crate) fn mean_std(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let var = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
    if var.is_finite() {
        return (mean, var.sqrt());
    }
    let m = values.iter().fold(0.0f64, |m, v| m.max((v - mean).abs()));
    let scaled = values
        .iter()
        .map(|v| ((v - mean) / m) * ((v - mean) / m))
        .sum::<f64>()
        / n;
    (mean, m * scaled.sqrt())
}

/// Largest absolute value (0 for an empty slice); NaN if any value is NaN.
pub(crate) fn max_abs(values: &[f64]) -> f64 {
    values.iter().fold(0.0f64, |m, v| {
        if v.abs() > m || v.is_nan() {
            v.abs()
        } else {
            m
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order() {
        let mut v = vec!["10", "9", "b", "a", "100", "07", "7", "85123A"];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(v, ["07", "7", "9", "10", "100", "85123A", "a", "b"]);
    }

    #[test]
    fn std_of_huge_values_stays_finite() {
        // Squared deviations of 1e154 overflow; the scaled path gives the exact answer 1e154.
        let v = [1e154, -1e154, 1e154, -1e154];
        let (m, s) = mean_std(&v);
        assert_eq!(m, 0.0);
        assert_eq!(s, 1e154);
    }

    #[test]
    fn population_std() {
        let (m, s) = mean_std(&[1.0, 2.0, 3.0, 4.0]);
        assert_eq!(m, 2.5);
        assert!((s - 1.25f64.sqrt()).abs() < 1e-15);
    }
}
