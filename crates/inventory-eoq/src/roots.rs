//! Bracketed root finding (crate-internal): Brent's method, which never leaves the bracket and
//! converges superlinearly on the smooth monotone functions the optimisers hand it.

/// A root of `f` in [a, b] to within `tol`, given f(a) and f(b) of opposite signs (else `None`).
pub(crate) fn brent<F: FnMut(f64) -> f64>(mut f: F, a: f64, b: f64, tol: f64) -> Option<f64> {
    let (mut a, mut b) = (a, b);
    let (mut fa, mut fb) = (f(a), f(b));
    if fa == 0.0 {
        return Some(a);
    }
    if fb == 0.0 {
        return Some(b);
    }
    if !(fa.is_finite() && fb.is_finite()) || fa.signum() == fb.signum() {
        return None;
    }
    if fa.abs() < fb.abs() {
        std::mem::swap(&mut a, &mut b);
        std::mem::swap(&mut fa, &mut fb);
    }
    let (mut c, mut fc) = (a, fa);
    let mut d = c;
    let mut bisected = true;
    for _ in 0..300 {
        if fb == 0.0 || (b - a).abs() <= tol {
            return Some(b);
        }
        let mut s = if fa != fc && fb != fc {
            // Inverse quadratic interpolation through the three latest points.
            a * fb * fc / ((fa - fb) * (fa - fc))
                + b * fa * fc / ((fb - fa) * (fb - fc))
                + c * fa * fb / ((fc - fa) * (fc - fb))
        } else {
            b - fb * (b - a) / (fb - fa)
        };
        let lo = (3.0 * a + b) / 4.0;
        let outside = !((s > lo.min(b)) && (s < lo.max(b)));
        let slow = if bisected {
            (s - b).abs() >= (b - c).abs() / 2.0 || (b - c).abs() < tol
        } else {
            (s - b).abs() >= (c - d).abs() / 2.0 || (c - d).abs() < tol
        };
        if outside || slow || !s.is_finite() {
            s = 0.5 * (a + b);
            bisected = true;
        } else {
            bisected = false;
        }
        let fs = f(s);
        d = c;
        c = b;
        fc = fb;
        if fa.signum() != fs.signum() {
            b = s;
            fb = fs;
        } else {
            a = s;
            fa = fs;
        }
        if fa.abs() < fb.abs() {
            std::mem::swap(&mut a, &mut b);
            std::mem::swap(&mut fa, &mut fb);
        }
    }
    Some(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_roots_and_rejects_bad_brackets() {
        let r = brent(|x| x * x - 2.0, 0.0, 2.0, 1e-14).unwrap();
        assert!((r - std::f64::consts::SQRT_2).abs() < 1e-13);
        let r = brent(|x| (x - 1.0).powi(3), -5.0, 4.0, 1e-13).unwrap();
        assert!((r - 1.0).abs() < 1e-4);
        assert!(brent(|x| x * x + 1.0, -1.0, 1.0, 1e-12).is_none());
    }
}
