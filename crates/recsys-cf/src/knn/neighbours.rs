//! Neighbour selection with Surprise's tie rule.

use crate::similarity::SimRow;

/// A candidate neighbour packed into one integer whose ascending order is Surprise's ranking of
/// neighbours, best first: the complement of the similarity's bits above (positive `f64`s
/// order like their bit patterns), then the candidate's position, so that on equal similarity
/// the earlier candidate (Surprise's `heapq.nlargest` is stable) comes first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Cand(u128);

impl Cand {
    #[inline]
    fn new(sim: f64, pos: usize) -> Self {
        debug_assert!(sim > 0.0);
        Cand((u128::from(!sim.to_bits()) << 32) | pos as u128)
    }

    /// The similarity.
    #[inline]
    pub(crate) fn sim(self) -> f64 {
        f64::from_bits(!((self.0 >> 32) as u64))
    }

    /// The position in the candidate list.
    #[inline]
    pub(crate) fn pos(self) -> usize {
        (self.0 as u32) as usize
    }
}

/// Reusable buffer for [`select`].
#[derive(Debug, Default)]
pub(crate) struct Selection {
    /// The selected neighbours, in no particular order.
    pub(crate) best: Vec<Cand>,
}

/// Fills `s.best` with the candidates that are among the `k` most similar of `cands` and have
/// positive similarity, in no particular order.
///
/// Taking the `k` largest and then dropping the non-positive ones is the same as taking the
/// `k` largest positive ones, so only positive candidates are collected; a linear-time
/// selection then keeps the best `k`. They are not sorted: Surprise sums the neighbours'
/// contributions best first, so sums here differ from Surprise's by rounding only (below
/// 1e-13 on MovieLens 100K), and sorting would cost a quarter of the prediction time.
#[inline]
pub(crate) fn select(row: SimRow<'_>, cands: &[u32], k: usize, s: &mut Selection) {
    debug_assert!(cands.len() < u32::MAX as usize);
    let buf = &mut s.best;
    buf.clear();
    match row {
        SimRow::Dense(sims) => {
            for (pos, &c) in cands.iter().enumerate() {
                let sim = sims[c as usize];
                if sim > 0.0 {
                    buf.push(Cand::new(sim, pos));
                }
            }
        }
        SimRow::Sparse(..) => {
            for (pos, &c) in cands.iter().enumerate() {
                let sim = row.get(c);
                if sim > 0.0 {
                    buf.push(Cand::new(sim, pos));
                }
            }
        }
    }
    if buf.len() > k {
        buf.select_nth_unstable(k - 1);
        buf.truncate(k);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn positions(s: &Selection) -> Vec<usize> {
        let mut p: Vec<usize> = s.best.iter().map(|c| c.pos()).collect();
        p.sort_unstable();
        p
    }

    #[test]
    fn ties_go_to_the_earlier_candidate() {
        let sims = [0.5, 1.0, 1.0, -0.3, 1.0, 0.0, 0.7];
        let cands = [0u32, 1, 2, 3, 4, 5, 6];
        let mut s = Selection::default();
        select(SimRow::Dense(&sims), &cands, 2, &mut s);
        assert_eq!(positions(&s), [1, 2]);
        assert!(s.best.iter().all(|c| c.sim() == 1.0));
        select(SimRow::Dense(&sims), &cands, 4, &mut s);
        assert_eq!(positions(&s), [1, 2, 4, 6]);
        select(SimRow::Dense(&sims), &cands, 10, &mut s);
        assert_eq!(positions(&s), [0, 1, 2, 4, 6]);
    }

    #[test]
    fn keys_order_by_similarity_then_position() {
        assert!(Cand::new(0.9, 5) < Cand::new(0.8, 0));
        assert!(Cand::new(0.9, 1) < Cand::new(0.9, 2));
        assert_eq!(
            (Cand::new(0.25, 7).sim(), Cand::new(0.25, 7).pos()),
            (0.25, 7)
        );
    }
}
