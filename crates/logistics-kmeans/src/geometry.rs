//! Per-iteration centre geometry the bounds need: how far each centre moved, and half the
//! distance from each centre to its nearest other centre (and, for Elkan, to every centre).

use crate::distance::sqdist;

#[derive(Debug, Clone)]
pub(crate) struct Geometry {
    k: usize,
    /// ‖c_new − c_old‖ per centre, from the last update.
    pub(crate) shift: Vec<f64>,
    /// Largest shift and its centre, and the second-largest shift (Hamerly's lower-bound update).
    pub(crate) max1: f64,
    pub(crate) arg1: usize,
    pub(crate) max2: f64,
    /// Half the distance to the nearest other centre.
    pub(crate) s: Vec<f64>,
    /// Half the distance between every pair of centres (`k x k`), only kept for Elkan.
    pub(crate) half_cc: Vec<f64>,
}

impl Geometry {
    pub(crate) fn new(k: usize, pairwise: bool) -> Self {
        Self {
            k,
            shift: vec![0.0; k],
            max1: 0.0,
            arg1: 0,
            max2: 0.0,
            s: vec![f64::INFINITY; k],
            half_cc: if pairwise {
                vec![0.0; k * k]
            } else {
                Vec::new()
            },
        }
    }

    /// Records the shifts from `old` to `new` and returns Σ shift² (scikit-learn's
    /// `center_shift_tot`).
    pub(crate) fn set_shifts(&mut self, old: &[f64], new: &[f64], d: usize) -> f64 {
        let mut tot = 0.0;
        self.max1 = 0.0;
        self.max2 = 0.0;
        self.arg1 = 0;
        for (j, (o, c)) in old.chunks_exact(d).zip(new.chunks_exact(d)).enumerate() {
            let s2 = sqdist(c, o);
            tot += s2;
            let s = s2.sqrt();
            self.shift[j] = s;
            if s > self.max1 {
                self.max2 = self.max1;
                self.max1 = s;
                self.arg1 = j;
            } else if s > self.max2 {
                self.max2 = s;
            }
        }
        tot
    }

    /// Recomputes the centre-to-centre terms for `centres`.
    pub(crate) fn set_centres(&mut self, centres: &[f64], d: usize) {
        let k = self.k;
        self.s.fill(f64::INFINITY);
        let pairwise = !self.half_cc.is_empty();
        for a in 0..k {
            let ca = &centres[a * d..(a + 1) * d];
            for b in (a + 1)..k {
                let h = 0.5 * sqdist(ca, &centres[b * d..(b + 1) * d]).sqrt();
                if h < self.s[a] {
                    self.s[a] = h;
                }
                if h < self.s[b] {
                    self.s[b] = h;
                }
                if pairwise {
                    self.half_cc[a * k + b] = h;
                    self.half_cc[b * k + a] = h;
                }
            }
        }
    }

    /// How much a lower bound on the distance to any centre other than `a` must drop.
    #[inline(always)]
    pub(crate) fn other_shift(&self, a: usize) -> f64 {
        if a == self.arg1 { self.max2 } else { self.max1 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shifts_and_separations() {
        let old = [0.0, 0.0, 10.0, 0.0, 0.0, 4.0];
        let new = [3.0, 4.0, 10.0, 1.0, 0.0, 4.0];
        let mut g = Geometry::new(3, true);
        let tot = g.set_shifts(&old, &new, 2);
        assert_eq!(tot, 26.0);
        assert_eq!((g.max1, g.arg1, g.max2), (5.0, 0, 1.0));
        assert_eq!(g.other_shift(0), 1.0);
        assert_eq!(g.other_shift(1), 5.0);
        g.set_centres(&new, 2);
        // Centres (3,4), (10,1), (0,4): nearest pairs 3 and 3 apart (c0-c2), c1 to c0 is √58.
        assert_eq!(g.s[0], 1.5);
        assert_eq!(g.s[2], 1.5);
        assert_eq!(g.s[1], 0.5 * 58f64.sqrt());
        assert_eq!(g.half_cc[2 * 3], 1.5);
    }
}
