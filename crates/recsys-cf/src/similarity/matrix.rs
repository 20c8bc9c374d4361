//! Storage of a fitted similarity matrix: dense n x n, or sparse rows of positive entries.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::data::Rows;
use crate::error::{RecsysError, Result, bad_field};
use crate::saved::{Floats, check_finite, check_len, shape};

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
///
/// Saved (serde) with its storage: `{"n": .., "store": {"dense": {"values": [n²]}}}` or
/// `{"sparse": {"offsets", "columns", "values", "pruned"}}`. Loading checks the shape, that
/// values are finite and within [-1, 1] (sparse: positive), the diagonal is 1, sparse rows are
/// sorted with columns below `n`, and the matrix is symmetric unless pruned
/// ([`RecsysError::InvalidModel`](crate::RecsysError::InvalidModel) naming the field).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(try_from = "SimilarityMatrixRepr<'static>")]
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

/// Saved form of [`SimilarityMatrix`].
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SimilarityMatrixRepr<'a> {
    n: usize,
    store: StoreRepr<'a>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum StoreRepr<'a> {
    Dense {
        /// `n x n`, row-major.
        values: Floats<'a, f64>,
    },
    Sparse {
        /// Row offsets (`n + 1`).
        offsets: Cow<'a, [usize]>,
        /// Column of each stored value, ascending within a row.
        columns: Cow<'a, [u32]>,
        values: Floats<'a, f64>,
        pruned: bool,
    },
}

impl Serialize for SimilarityMatrix {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let store = match &self.store {
            Store::Dense(v) => StoreRepr::Dense {
                values: Floats::borrowed(v),
            },
            Store::Sparse {
                indptr,
                cols,
                vals,
                pruned,
            } => StoreRepr::Sparse {
                offsets: Cow::Borrowed(indptr),
                columns: Cow::Borrowed(cols),
                values: Floats::borrowed(vals),
                pruned: *pruned,
            },
        };
        SimilarityMatrixRepr { n: self.n, store }.serialize(s)
    }
}

impl TryFrom<SimilarityMatrixRepr<'_>> for SimilarityMatrix {
    type Error = RecsysError;
    fn try_from(r: SimilarityMatrixRepr<'_>) -> Result<Self> {
        let n = r.n;
        if u32::try_from(n).is_err() {
            return Err(bad_field(
                "n",
                format!("{n} rows do not fit 32-bit indices"),
            ));
        }
        match r.store {
            StoreRepr::Dense { values } => {
                let v = values.into_vec();
                check_len("values", v.len(), shape("values", n, n)?, "n x n")?;
                check_finite("values", &v)?;
                for a in 0..n {
                    if v[a * n + a] != 1.0 {
                        return Err(bad_field(
                            "values",
                            format!("diagonal entry {a} is {}, not 1", v[a * n + a]),
                        ));
                    }
                    for b in 0..a {
                        let s = v[a * n + b];
                        if !(-1.0..=1.0).contains(&s) {
                            return Err(bad_field(
                                "values",
                                format!("similarity ({a}, {b}) = {s} is outside [-1, 1]"),
                            ));
                        }
                        if s.to_bits() != v[b * n + a].to_bits() {
                            return Err(bad_field(
                                "values",
                                format!("not symmetric at ({a}, {b})"),
                            ));
                        }
                    }
                }
                Ok(Self::dense(n, v))
            }
            StoreRepr::Sparse {
                offsets,
                columns,
                values,
                pruned,
            } => {
                let rows = Rows::validated(
                    ["offsets", "columns", "values"],
                    offsets.into_owned(),
                    columns.into_owned(),
                    values.into_vec(),
                    n,
                    n,
                )?;
                for a in 0..n {
                    let (cols, vals) = rows.row(a);
                    if cols.windows(2).any(|w| w[0] >= w[1]) {
                        return Err(bad_field(
                            "columns",
                            format!("row {a} is not sorted by column"),
                        ));
                    }
                    if SimRow::Sparse(cols, vals).get(a as u32) != 1.0 {
                        return Err(bad_field(
                            "values",
                            format!("diagonal entry {a} is missing or not 1"),
                        ));
                    }
                    for (&b, &s) in cols.iter().zip(vals) {
                        if !(s > 0.0 && s <= 1.0) {
                            return Err(bad_field(
                                "values",
                                format!("similarity ({a}, {b}) = {s} is outside (0, 1]"),
                            ));
                        }
                        let (cb, vb) = rows.row(b as usize);
                        if !pruned && SimRow::Sparse(cb, vb).get(a as u32).to_bits() != s.to_bits()
                        {
                            return Err(bad_field(
                                "values",
                                format!("not symmetric at ({a}, {b}) (and not pruned)"),
                            ));
                        }
                    }
                }
                Ok(Self {
                    n,
                    store: Store::Sparse {
                        indptr: rows.indptr,
                        cols: rows.cols,
                        vals: rows.vals,
                        pruned,
                    },
                })
            }
        }
    }
}
