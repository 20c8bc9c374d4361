//! Squared Euclidean distance, the one kernel every algorithm shares.
//!
//! Every code path (seeding, Lloyd, Hamerly, Elkan, inertia) calls this same function with the
//! point first and the centre second, so equal inputs give bit-identical distances and the
//! accelerated algorithms reproduce Lloyd's assignments exactly.

/// `‖a − b‖²` with four independent partial sums (instruction-level parallelism for d ≥ 4)
/// combined in a fixed order.
#[inline(always)]
pub(crate) fn sqdist(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len();
    let b = &b[..n];
    match n {
        1 => {
            let t = a[0] - b[0];
            t * t
        }
        2 => {
            let (t0, t1) = (a[0] - b[0], a[1] - b[1]);
            t0 * t0 + t1 * t1
        }
        3 => {
            let (t0, t1, t2) = (a[0] - b[0], a[1] - b[1], a[2] - b[2]);
            t0 * t0 + t1 * t1 + t2 * t2
        }
        _ => {
            let mut acc = [0.0f64; 4];
            let split = n - n % 4;
            for (x, y) in a[..split].chunks_exact(4).zip(b[..split].chunks_exact(4)) {
                for l in 0..4 {
                    let t = x[l] - y[l];
                    acc[l] += t * t;
                }
            }
            let mut s = (acc[0] + acc[2]) + (acc[1] + acc[3]);
            for (x, y) in a[split..].iter().zip(&b[split..]) {
                let t = x - y;
                s += t * t;
            }
            s
        }
    }
}

/// Index and squared distance of the nearest centre (lowest index among exact ties), and the
/// second-smallest squared distance (infinite when k = 1). Written with selects rather than
/// branches: which centre wins is unpredictable, and mispredictions cost 2-3x here.
#[inline(always)]
pub(crate) fn nearest_two(x: &[f64], centres: &[f64], d: usize) -> (usize, f64, f64) {
    let mut best = 0;
    let mut b1 = f64::INFINITY;
    let mut b2 = f64::INFINITY;
    for (j, c) in centres.chunks_exact(d).enumerate() {
        let v = sqdist(x, c);
        let lt = v < b1;
        let displaced = if lt { b1 } else { v };
        b2 = if displaced < b2 { displaced } else { b2 };
        best = if lt { j } else { best };
        b1 = if lt { v } else { b1 };
    }
    (best, b1, b2)
}

/// Index and squared distance of the nearest centre (lowest index among exact ties).
#[inline(always)]
pub(crate) fn nearest(x: &[f64], centres: &[f64], d: usize) -> (usize, f64) {
    let mut best = 0;
    let mut b1 = f64::INFINITY;
    for (j, c) in centres.chunks_exact(d).enumerate() {
        let v = sqdist(x, c);
        if v < b1 {
            b1 = v;
            best = j;
        }
    }
    (best, b1)
}

/// Calls `$body` with `$D` bound to a compile-time dimension (2, 3, or 0 meaning "use the
/// runtime value"), so hot loops on the common 2-D and 3-D data get fully unrolled kernels.
macro_rules! with_dim {
    ($d:expr, $D:ident => $body:expr) => {
        match $d {
            2 => {
                const $D: usize = 2;
                $body
            }
            3 => {
                const $D: usize = 3;
                $body
            }
            _ => {
                const $D: usize = 0;
                $body
            }
        }
    };
}
pub(crate) use with_dim;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqdist_matches_naive_sum() {
        for n in 1..12 {
            let a: Vec<f64> = (0..n).map(|i| i as f64 * 0.5 - 1.0).collect();
            let b: Vec<f64> = (0..n).map(|i| (i * i) as f64 * 0.25).collect();
            let naive: f64 = a.iter().zip(&b).map(|(x, y)| (x - y) * (x - y)).sum();
            assert!(
                (sqdist(&a, &b) - naive).abs() <= 1e-12 * naive.max(1.0),
                "n = {n}"
            );
        }
    }

    #[test]
    fn nearest_breaks_ties_by_lowest_index() {
        let c = [1.0, 0.0, -1.0, 0.0, 0.0, 5.0];
        assert_eq!(nearest(&[0.0, 0.0], &c, 2), (0, 1.0));
        let (j, d1, d2) = nearest_two(&[0.0, 0.0], &c, 2);
        assert_eq!((j, d1, d2), (0, 1.0, 1.0));
    }
}
