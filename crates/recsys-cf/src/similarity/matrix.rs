//! Storage of a fitted similarity matrix: dense n x n, or sparse rows of positive entries.

use serde::{Deserialize, Serialize};

/// How a similarity matrix is stored. Every choice except [`Storage::Pruned`] gives exactly the
/// same predictions (a neighbourhood model only ever uses positive similarities).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Storage {
    /// Dense when the matrix takes at most [`AUTO_DENSE_BYTES`] (n ≤ 4096), sparse otherwise.
    #[default]
    Auto,
    /// A dense n x n matrix of `f64`: `8 n²` bytes (22 MB for MovieLens 100K's 1,650 items,
    /// 8 GB for 32,000 items). Fastest lookups. Refused with
    /// [`RecsysError::LimitExceeded`](crate::RecsysError::LimitExceeded) beyond
    /// [`MAX_DENSE_SIMILARITY_BYTES`](crate::limits::MAX_DENSE_SIMILARITY_BYTES) (n > 32,768).
    Dense,
    /// Per row, the positive similarities and the diagonal, sorted by column: 12 bytes per stored
    /// pair. Exact, and small when few pairs share a rating.
    Sparse,
    /// Like `Sparse`, keeping only each row's `n` largest similarities (plus the diagonal):
    /// at most `12 (n + 1)` bytes per row. Predictions then use the pruned neighbours only, so
    /// they are approximate (no longer Surprise's); the matrix is no longer symmetric.
    Pruned(usize),
}

/// Largest dense matrix [`Storage::Auto`] builds: 128 MiB, i.e. n ≤ 4096.
pub const AUTO_DENSE_BYTES: usize = 128 << 20;

/// A fitted similarity matrix between users (user-based) or items (item-based), indexed by
/// training index. The diagonal is 1.
#[derive(Debug, Clone, PartialEq)]
pub struct SimilarityMatrix {
    n: usize,
    store: Store,
}

#[derive(Debug, Clone, PartialEq)]
enum Store {
    Dense(Vec<f64>),
    Sparse {
        indptr: Vec<usize>,
        cols: Vec<u32>,
        vals: Vec<f64>,
        pruned: bool,
    },
}

/// One row of the matrix, for fast repeated lookups.
#[derive(Clone, Copy)]
pub(crate) enum SimRow<'a> {
    Dense(&'a [f64]),
    Sparse(&'a [u32], &'a [f64]),
}

impl SimRow<'_> {
    /// Similarity to column `b` (0 when not stored).
    #[inline]
    pub(crate) fn get(&self, b: u32) -> f64 {
        match self {
            SimRow::Dense(row) => row[b as usize],
            SimRow::Sparse(cols, vals) => match cols.binary_search(&b) {
                Ok(k) => vals[k],
                Err(_) => 0.0,
            },
        }
    }
}

impl SimilarityMatrix {
    pub(crate) fn dense(n: usize, values: Vec<f64>) -> Self {
        debug_assert_eq!(values.len(), n * n);
        Self {
            n,
            store: Store::Dense(values),
        }
    }

    pub(crate) fn sparse(rows: Vec<Vec<(u32, f64)>>, pruned: bool) -> Self {
        let n = rows.len();
        let nnz = rows.iter().map(Vec::len).sum();
        let mut indptr = Vec::with_capacity(n + 1);
        let mut cols = Vec::with_capacity(nnz);
        let mut vals = Vec::with_capacity(nnz);
        indptr.push(0);
        for row in rows {
            for (c, v) in row {
                cols.push(c);
                vals.push(v);
            }
            indptr.push(cols.len());
        }
        Self {
            n,
            store: Store::Sparse {
                indptr,
                cols,
                vals,
                pruned,
            },
        }
    }

    /// Number of rows (and columns).
    pub fn n(&self) -> usize {
        self.n
    }

    /// `true` for dense storage.
    pub fn is_dense(&self) -> bool {
        matches!(self.store, Store::Dense(_))
    }

    /// `true` when rows were pruned to their top neighbours (predictions are approximate).
    pub fn is_pruned(&self) -> bool {
        matches!(self.store, Store::Sparse { pruned: true, .. })
    }

    /// Number of stored values (`n²` when dense).
    pub fn stored(&self) -> usize {
        match &self.store {
            Store::Dense(v) => v.len(),
            Store::Sparse { cols, .. } => cols.len(),
        }
    }

    /// Heap memory of the matrix in bytes.
    pub fn memory_bytes(&self) -> usize {
        match &self.store {
            Store::Dense(v) => v.len() * 8,
            Store::Sparse {
                indptr, cols, vals, ..
            } => indptr.len() * 8 + cols.len() * 4 + vals.len() * 8,
        }
    }

    /// Similarity of `a` and `b`. Sparse storage keeps positive values only and answers 0 for
    /// the others (they never take part in a prediction).
    ///
    /// # Panics
    /// If `a` or `b` is `>= n`.
    pub fn get(&self, a: usize, b: usize) -> f64 {
        assert!(b < self.n, "column {b} out of range for n = {}", self.n);
        self.row(a).get(b as u32)
    }

    #[inline]
    pub(crate) fn row(&self, a: usize) -> SimRow<'_> {
        match &self.store {
            Store::Dense(v) => SimRow::Dense(&v[a * self.n..(a + 1) * self.n]),
            Store::Sparse {
                indptr, cols, vals, ..
            } => {
                let span = indptr[a]..indptr[a + 1];
                SimRow::Sparse(&cols[span.clone()], &vals[span])
            }
        }
    }

    /// Calls `f(b, sim)` for every positive similarity of row `a` other than the diagonal.
    pub(crate) fn for_each_positive(&self, a: usize, mut f: impl FnMut(u32, f64)) {
        match self.row(a) {
            SimRow::Dense(row) => {
                for (b, &s) in row.iter().enumerate() {
                    if s > 0.0 && b != a {
                        f(b as u32, s);
                    }
                }
            }
            SimRow::Sparse(cols, vals) => {
                for (&b, &s) in cols.iter().zip(vals) {
                    if s > 0.0 && b as usize != a {
                        f(b, s);
                    }
                }
            }
        }
    }
}
