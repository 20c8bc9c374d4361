//! Compressed sparse row storage.

use serde::{Deserialize, Serialize};

/// A compressed sparse matrix, row-major: row `r` holds entries `indptr[r]..indptr[r + 1]`.
///
/// Used twice by [`Ratings`](crate::Ratings): by user (CSR: rows are users, columns items) and by
/// item (CSC of the same matrix: rows are items, columns users). Within a row, entries keep the
/// order in which they were added, not column order, because neighbour tie-breaking in
/// reference libraries depends on input order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Csr {
    indptr: Vec<usize>,
    indices: Vec<u32>,
    values: Vec<f64>,
    entries: Vec<usize>,
}

impl Csr {
    /// Builds the matrix with `n_rows` rows from triplets given as parallel slices, by a stable
    /// counting sort on `rows` (so each row keeps input order).
    pub(crate) fn from_triplets(n_rows: usize, rows: &[u32], cols: &[u32], values: &[f64]) -> Self {
        let mut indptr = vec![0usize; n_rows + 1];
        for &r in rows {
            indptr[r as usize + 1] += 1;
        }
        for r in 0..n_rows {
            indptr[r + 1] += indptr[r];
        }
        let nnz = rows.len();
        let mut next = indptr[..n_rows].to_vec();
        let mut indices = vec![0u32; nnz];
        let mut vals = vec![0.0; nnz];
        let mut entries = vec![0usize; nnz];
        for (e, (&r, (&c, &v))) in rows.iter().zip(cols.iter().zip(values)).enumerate() {
            let slot = &mut next[r as usize];
            indices[*slot] = c;
            vals[*slot] = v;
            entries[*slot] = e;
            *slot += 1;
        }
        Self {
            indptr,
            indices,
            values: vals,
            entries,
        }
    }

    /// Number of rows.
    pub fn n_rows(&self) -> usize {
        self.indptr.len() - 1
    }

    /// Number of stored entries.
    pub fn nnz(&self) -> usize {
        self.indices.len()
    }

    /// Column indices and values of row `r`, in input order.
    ///
    /// # Panics
    /// If `r >= self.n_rows()`.
    pub fn row(&self, r: usize) -> (&[u32], &[f64]) {
        let span = self.indptr[r]..self.indptr[r + 1];
        (&self.indices[span.clone()], &self.values[span])
    }

    /// For each entry of row `r`, its position in the owning store's entry list
    /// (to look up timestamps or the original order).
    pub fn row_entries(&self, r: usize) -> &[usize] {
        &self.entries[self.indptr[r]..self.indptr[r + 1]]
    }

    /// Number of entries in row `r`.
    pub fn row_len(&self, r: usize) -> usize {
        self.indptr[r + 1] - self.indptr[r]
    }

    /// Row pointer array (`n_rows + 1` offsets).
    pub fn indptr(&self) -> &[usize] {
        &self.indptr
    }

    /// Column index of every entry, row by row.
    pub fn indices(&self) -> &[u32] {
        &self.indices
    }

    /// Value of every entry, row by row.
    pub fn values(&self) -> &[f64] {
        &self.values
    }
}
