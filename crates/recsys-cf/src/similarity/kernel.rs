//! The hot loop: sparse co-rating accumulation, one row at a time, rows in parallel.
//!
//! Row x visits each y it rated (ascending) and each x2 that also rated y, accumulating the
//! measure's sums in a dense per-thread scratch array of length n. Dense output computes each
//! pair once (x2 < x) and mirrors it; sparse output computes whole rows with a list of the x2s
//! touched, so its cost follows the number of co-rated pairs. Work is at most
//! Σ_y |raters(y)|² updates, and no n x n intermediate is built for sparse output.

use rayon::prelude::*;

use super::matrix::{SimilarityMatrix, Storage};
use super::measure::Measure;
use crate::data::Rows;

/// Computes the similarity matrix between the `n` rows of `xr`.
///
/// `xr` holds each x's (y, value) entries sorted by y; `yr` holds each y's (x, value) entries.
/// Values are ratings, or residuals for Pearson-baseline.
pub(crate) fn similarity_matrix<M: Measure>(
    measure: &M,
    xr: &Rows,
    yr: &Rows,
    storage: Storage,
) -> SimilarityMatrix {
    let n = xr.n_rows();
    match storage {
        Storage::Dense => dense(measure, xr, &yr.sorted()),
        Storage::Auto if n.saturating_mul(n).saturating_mul(8) <= super::AUTO_DENSE_BYTES => {
            dense(measure, xr, &yr.sorted())
        }
        Storage::Auto | Storage::Sparse => sparse(measure, xr, yr, None),
        Storage::Pruned(k) => sparse(measure, xr, yr, Some(k)),
    }
}

struct Scratch<A> {
    acc: Vec<A>,
    touched: Vec<u32>,
}

impl<A: Copy + Default> Scratch<A> {
    fn new(n: usize) -> Self {
        Self {
            acc: vec![A::default(); n],
            touched: Vec::new(),
        }
    }
}

/// Accumulates row `x` into `s`; afterwards `s.touched` lists every x2 with a co-rating.
#[inline]
fn accumulate_touched<M: Measure>(x: usize, xr: &Rows, yr: &Rows, s: &mut Scratch<M::Acc>) {
    let (ys, a_vals) = xr.row(x);
    for (&y, &a) in ys.iter().zip(a_vals) {
        let (x2s, b_vals) = yr.row(y as usize);
        for (&x2, &b) in x2s.iter().zip(b_vals) {
            let acc = &mut s.acc[x2 as usize];
            if M::count(acc) == 0 {
                s.touched.push(x2);
            }
            M::add(acc, a, b);
        }
    }
}

/// The similarity from finished sums: 0 below the measure's minimum support, and always 0 for
/// pairs without a co-rating (where Surprise would divide by zero if `min_support` were 0).
#[inline]
fn finish<M: Measure>(measure: &M, acc: &M::Acc) -> f64 {
    if M::count(acc) < measure.min_support().max(1) {
        0.0
    } else {
        measure.finish(acc)
    }
}

/// Rows of the dense result are assembled in blocks of this many rows per task.
const BLOCK: usize = 16;

/// Dense output, computing each pair once: row x accumulates only the x2 < x (the lower
/// triangle, Σ_y |raters(y)|² / 2 updates, with no branch in the inner loop), then the full
/// matrix is assembled in parallel blocks of rows, the upper triangle read from the lower one.
/// `yr` must have each y's entries sorted by x.
fn dense<M: Measure>(measure: &M, xr: &Rows, yr: &Rows) -> SimilarityMatrix {
    let n = xr.n_rows();
    let lower: Vec<Vec<f64>> = (0..n)
        .into_par_iter()
        .map_init(
            || vec![M::Acc::default(); n],
            |acc, x| {
                let (ys, a_vals) = xr.row(x);
                for (&y, &a) in ys.iter().zip(a_vals) {
                    let (x2s, b_vals) = yr.row(y as usize);
                    let end = x2s.partition_point(|&x2| (x2 as usize) < x);
                    for (&x2, &b) in x2s[..end].iter().zip(&b_vals[..end]) {
                        M::add(&mut acc[x2 as usize], a, b);
                    }
                }
                acc[..x]
                    .iter_mut()
                    .map(|a| {
                        let v = finish(measure, a);
                        *a = M::Acc::default();
                        v
                    })
                    .collect()
            },
        )
        .collect();
    let mut sim = vec![0.0; n * n];
    if n > 0 {
        sim.par_chunks_mut(n * BLOCK)
            .enumerate()
            .for_each(|(block, rows)| {
                let a0 = block * BLOCK;
                let mut rows: Vec<&mut [f64]> = rows.chunks_mut(n).collect();
                for (da, row) in rows.iter_mut().enumerate() {
                    let a = a0 + da;
                    row[..a].copy_from_slice(&lower[a]);
                    row[a] = 1.0;
                }
                for (b, lb) in lower.iter().enumerate().skip(a0 + 1) {
                    for (da, row) in rows.iter_mut().enumerate().take(b - a0) {
                        row[b] = lb[a0 + da];
                    }
                }
            });
    }
    SimilarityMatrix::dense(n, sim)
}

fn sparse<M: Measure>(measure: &M, xr: &Rows, yr: &Rows, keep: Option<usize>) -> SimilarityMatrix {
    let n = xr.n_rows();
    let rows: Vec<Vec<(u32, f64)>> = (0..n)
        .into_par_iter()
        .map_init(
            || Scratch::<M::Acc>::new(n),
            |s, x| {
                accumulate_touched::<M>(x, xr, yr, s);
                let mut row: Vec<(u32, f64)> = Vec::with_capacity(s.touched.len() + 1);
                for &x2 in &s.touched {
                    let acc = &mut s.acc[x2 as usize];
                    let v = finish(measure, acc);
                    *acc = M::Acc::default();
                    if v > 0.0 && x2 as usize != x {
                        row.push((x2, v));
                    }
                }
                s.touched.clear();
                if let Some(k) = keep
                    && row.len() > k
                {
                    let better = |a: &(u32, f64), b: &(u32, f64)| {
                        b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0))
                    };
                    if k == 0 {
                        row.clear();
                    } else {
                        row.select_nth_unstable_by(k - 1, better);
                        row.truncate(k);
                    }
                }
                row.push((x as u32, 1.0));
                row.sort_unstable_by_key(|&(c, _)| c);
                row.shrink_to_fit();
                row
            },
        )
        .collect();
    SimilarityMatrix::sparse(rows, keep.is_some())
}
