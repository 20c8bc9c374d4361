//! Neighbour selection with Surprise's tie rule.

use std::cmp::Ordering;

use crate::similarity::SimRow;

/// A candidate neighbour: its similarity and its position in the candidate list.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Cand {
    pub(crate) sim: f64,
    pub(crate) pos: u32,
}

/// Higher similarity first; on equal similarity the earlier candidate (Surprise's
/// `heapq.nlargest` is stable).
#[inline]
fn better(a: &Cand, b: &Cand) -> Ordering {
    b.sim.total_cmp(&a.sim).then_with(|| a.pos.cmp(&b.pos))
}

/// Fills `buf` with the candidates that are among the `k` most similar of `cands` and have
/// positive similarity, best first.
///
/// Taking the `k` largest and then dropping the non-positive ones is the same as taking the
/// `k` largest positive ones, so only positive candidates are collected.
#[inline]
pub(crate) fn select(row: SimRow<'_>, cands: &[u32], k: usize, buf: &mut Vec<Cand>) {
    buf.clear();
    match row {
        SimRow::Dense(sims) => {
            for (pos, &c) in cands.iter().enumerate() {
                let sim = sims[c as usize];
                if sim > 0.0 {
                    buf.push(Cand {
                        sim,
                        pos: pos as u32,
                    });
                }
            }
        }
        SimRow::Sparse(..) => {
            for (pos, &c) in cands.iter().enumerate() {
                let sim = row.get(c);
                if sim > 0.0 {
                    buf.push(Cand {
                        sim,
                        pos: pos as u32,
                    });
                }
            }
        }
    }
    if buf.len() > k {
        buf.select_nth_unstable_by(k - 1, better);
        buf.truncate(k);
    }
    buf.sort_unstable_by(better);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_go_to_the_earlier_candidate() {
        let sims = [0.5, 1.0, 1.0, -0.3, 1.0, 0.0, 0.7];
        let cands = [0u32, 1, 2, 3, 4, 5, 6];
        let mut buf = Vec::new();
        select(SimRow::Dense(&sims), &cands, 2, &mut buf);
        assert_eq!(buf.iter().map(|c| c.pos).collect::<Vec<_>>(), [1, 2]);
        select(SimRow::Dense(&sims), &cands, 10, &mut buf);
        assert_eq!(
            buf.iter().map(|c| c.pos).collect::<Vec<_>>(),
            [1, 2, 4, 6, 0]
        );
    }
}
