//! Bracketed root finding (crate-internal): Brent's method, which never leaves the bracket and
//! converges superlinearly on the smooth monotone functions the optimisers hand it.

use crate::error::{InventoryError, Result};

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

/// √(Π num / Π den) for positive finite factors: the direct product when it is a normal number
/// (then the result is bit-for-bit the textbook formula), else through mantissas and binary
/// exponents kept apart, so an intermediate product cannot overflow or underflow when the
/// result itself is representable (EOQ = √(2DK/h) with h = 1e-300, say).
pub(crate) fn sqrt_ratio(num: &[f64], den: &[f64]) -> f64 {
    let direct = num.iter().product::<f64>() / den.iter().product::<f64>();
    if direct.is_normal() {
        return direct.sqrt();
    }
    let (mut m, mut e) = (1.0f64, 0i64);
    for &x in num {
        let (mx, ex) = split(x);
        let (mm, em) = split(m * mx);
        m = mm;
        e += ex + em;
    }
    for &x in den {
        let (mx, ex) = split(x);
        let (mm, em) = split(m / mx);
        m = mm;
        e += em - ex;
    }
    if e % 2 != 0 {
        m *= 2.0;
        e -= 1;
    }
    scale(m.sqrt(), e / 2)
}

/// x = m·2^e with m in [1, 2), for positive finite x (zero gives (0, 0)).
fn split(x: f64) -> (f64, i64) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let (x, shift) = if x.is_normal() {
        (x, 0)
    } else {
        (x * 2f64.powi(64), -64)
    };
    let bits = x.to_bits();
    let e = ((bits >> 52) & 0x7ff) as i64 - 1023;
    let m = f64::from_bits((bits & ((1u64 << 52) - 1)) | (1023u64 << 52));
    (m, e + shift)
}

/// x·2^k, saturating to ∞ or 0 (through subnormals) like the exact product would.
fn scale(x: f64, k: i64) -> f64 {
    let pow2 = |k: i64| f64::from_bits(((k + 1023) as u64) << 52);
    if k > 1023 {
        x * pow2(1023)
            * if k > 2046 {
                f64::INFINITY
            } else {
                pow2(k - 1023)
            }
    } else if k < -1022 {
        let rest = (k + 1022).max(-1022);
        x * pow2(-1022) * pow2(rest)
    } else {
        x * pow2(k)
    }
}

/// Smallest r with f(r) ≥ 0 for an increasing f (an integer when `integer`), searching out
/// from `start` in steps growing from `step`.
pub(crate) fn smallest_root<F: Fn(f64) -> f64>(
    f: F,
    start: f64,
    step: f64,
    integer: bool,
) -> Result<f64> {
    let round = |x: f64| if integer { x.floor() } else { x };
    let mut hi = round(start);
    let mut stride = step.ceil();
    let mut guard = 0;
    while f(hi) < 0.0 {
        hi += stride;
        stride *= 2.0;
        guard += 1;
        if guard > 200 || !hi.is_finite() {
            return Err(InventoryError::Infeasible {
                reason: "service target cannot be reached".into(),
            });
        }
    }
    let mut lo = hi - step.ceil();
    let mut stride = step.ceil();
    while f(lo) >= 0.0 {
        lo -= stride;
        stride *= 2.0;
        guard += 1;
        if guard > 400 || !lo.is_finite() {
            return Err(InventoryError::Infeasible {
                reason: "service measure does not fall below the target".into(),
            });
        }
    }
    // Invariant: f(lo) < 0 <= f(hi).
    for _ in 0..200 {
        if integer && hi - lo <= 1.0 {
            break;
        }
        let mid = if integer {
            ((lo + hi) / 2.0).floor()
        } else {
            0.5 * (lo + hi)
        };
        if mid <= lo || mid >= hi {
            break;
        }
        if f(mid) >= 0.0 {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Ok(hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqrt_ratio_survives_extreme_factors() {
        // Ordinary inputs: exactly the direct formula.
        let eoq = sqrt_ratio(&[2.0, 100.0, 1000.0], &[10.0]);
        assert_eq!(eoq, (2.0f64 * 100.0 * 1000.0 / 10.0).sqrt());
        // 2·1e150·1e150/1e-300 overflows as a product; its root is 1.414e300.
        let big = sqrt_ratio(&[2.0, 1e150, 1e150], &[1e-300]);
        assert!((big / (2f64.sqrt() * 1e300) - 1.0).abs() < 1e-15, "{big:e}");
        // 2·1e-200·1e-200/1e100 underflows; its root is 1.414e-250.
        let small = sqrt_ratio(&[2.0, 1e-200, 1e-200], &[1e100]);
        assert!(
            (small / (2f64.sqrt() * 1e-250) - 1.0).abs() < 1e-15,
            "{small:e}"
        );
        // Subnormal factors, and a result that truly overflows.
        let tiny = sqrt_ratio(&[4e-320], &[1.0]);
        assert!((tiny / 4e-320f64.sqrt() - 1.0).abs() < 1e-3, "{tiny:e}");
        assert_eq!(sqrt_ratio(&[1e300, 1e300, 1e300], &[1e-300]), f64::INFINITY);
        assert_eq!(sqrt_ratio(&[1e-300, 1e-300, 1e-300], &[1e300]), 0.0);
    }

    #[test]
    fn finds_roots_and_rejects_bad_brackets() {
        let r = brent(|x| x * x - 2.0, 0.0, 2.0, 1e-14).unwrap();
        assert!((r - std::f64::consts::SQRT_2).abs() < 1e-13);
        let r = brent(|x| (x - 1.0).powi(3), -5.0, 4.0, 1e-13).unwrap();
        assert!((r - 1.0).abs() < 1e-4);
        assert!(brent(|x| x * x + 1.0, -1.0, 1.0, 1e-12).is_none());
    }
}
