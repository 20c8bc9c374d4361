//! Parameter restrictions (R's `check.param` and `admissible`) and the map from the
//! optimiser's unconstrained variables to parameters inside the "usual" region.

use serde::{Deserialize, Serialize};

use super::core::{Seeds, Shape, Smoothing};
use super::model::TrendType;
use crate::poly::roots_outside;

/// Which parameter region ETS estimates are confined to (R's `ets(bounds = …)`).
///
/// Both regions use R's and statsforecast's box: α, β, γ in [0.0001, 0.9999] and φ in
/// [0.8, 0.98].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum EtsBounds {
    /// The "usual" region (β ≤ α, γ ≤ 1 − α, within the box) that is also admissible (the
    /// model forecasts stably: the roots of its characteristic polynomial lie in the unit
    /// circle). R's default `"both"`; statsforecast states the same default.
    #[default]
    Both,
    /// Only the "usual" region.
    Usual,
}

/// R's default box.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bounds {
    pub(crate) lower: [f64; 4],
    pub(crate) upper: [f64; 4],
}

impl Bounds {
    pub(crate) const DEFAULT: Bounds = Bounds {
        lower: [1e-4, 1e-4, 1e-4, 0.8],
        upper: [0.9999, 0.9999, 0.9999, 0.98],
    };
}

/// R's `check.param`: the box and the "usual" restrictions, then (for [`EtsBounds::Both`])
/// admissibility.
pub(crate) fn check(shape: &Shape, sm: &Smoothing, b: &Bounds, bounds: EtsBounds) -> bool {
    let Smoothing {
        alpha,
        beta,
        gamma,
        phi,
    } = *sm;
    if !(alpha >= b.lower[0] && alpha <= b.upper[0]) {
        return false;
    }
    if shape.trend() && !(beta >= b.lower[1] && beta <= alpha && beta <= b.upper[1]) {
        return false;
    }
    if shape.model.trend == TrendType::Damped && !(phi >= b.lower[3] && phi <= b.upper[3]) {
        return false;
    }
    if shape.seasonal() && !(gamma >= b.lower[2] && gamma <= 1.0 - alpha && gamma <= b.upper[2]) {
        return false;
    }
    bounds == EtsBounds::Usual || admissible(shape, sm)
}

/// R's and statsforecast's `admissible`: the model's forecasts are stable (Hyndman et al.
/// 2008, ch. 10). Non-seasonal models have closed-form limits; seasonal ones need every root of
/// `φ(1−α−γ) + (α+β−αφ+γ−1)z + Σ_{k=2}^{m−1}(α+β−αφ)zᵏ + (α+β−φ)zᵐ + z^{m+1}` within
/// 1 + 1e-10 of the unit circle.
pub(crate) fn admissible(shape: &Shape, sm: &Smoothing) -> bool {
    let alpha = sm.alpha;
    let phi = if shape.model.trend == TrendType::Damped {
        sm.phi
    } else {
        1.0
    };
    if !(0.0..=1.0 + 1e-8).contains(&phi) {
        return false;
    }
    if !shape.seasonal() {
        if alpha < 1.0 - 1.0 / phi || alpha > 1.0 + 1.0 / phi {
            return false;
        }
        if shape.trend() {
            let beta = sm.beta;
            if beta < alpha * (phi - 1.0) || beta > (1.0 + phi) * (2.0 - alpha) {
                return false;
            }
        }
        return true;
    }
    let m = shape.m;
    if m <= 1 {
        return true;
    }
    let beta = if shape.trend() { sm.beta } else { 0.0 };
    let gamma = sm.gamma;
    let mf = m as f64;
    if gamma < (1.0 - 1.0 / phi - alpha).max(0.0) || gamma > 1.0 + 1.0 / phi - alpha {
        return false;
    }
    if alpha < 1.0 - 1.0 / phi - gamma * (1.0 - mf + phi + phi * mf) / (2.0 * phi * mf) {
        return false;
    }
    if beta < -(1.0 - phi) * (gamma / mf + alpha) {
        return false;
    }
    // Coefficients c₀ … c_{m+1} of the characteristic polynomial, lowest power first.
    let mut c = vec![0.0; m + 2];
    c[0] = phi * (1.0 - alpha - gamma);
    c[1] = alpha + beta - alpha * phi + gamma - 1.0;
    for ck in c.iter_mut().take(m).skip(2) {
        *ck = alpha + beta - alpha * phi;
    }
    c[m] = alpha + beta - phi;
    c[m + 1] = 1.0;
    // Without a trend (β = 0, φ = 1) z = 1 is always a root, exactly on the circle: divide
    // it out so the test below does not hinge on rounding at the boundary.
    if beta == 0.0 && phi == 1.0 {
        let mut q = vec![0.0; m + 1];
        // Synthetic division from the top: q_{k−1} = c_k + q_k.
        let mut carry = 0.0;
        for k in (1..=m + 1).rev() {
            carry += c[k];
            q[k - 1] = carry;
        }
        c = q;
    }
    roots_in_circle(&c, 1.0 + 1e-10)
}

/// Whether every root of `Σ cₖ zᵏ` (monic, lowest power first) has modulus ≤ `radius`, by the
/// Schur–Cohn test on the reversed polynomial.
fn roots_in_circle(c: &[f64], radius: f64) -> bool {
    let deg = c.len() - 1;
    if deg == 0 {
        return true;
    }
    // Roots z of Σ cₖ zᵏ are inside `radius` exactly when the roots 1/z of the reversed
    // polynomial 1 + c_{deg−1} w + … + c₀ w^deg are outside 1/radius; `roots_outside` takes
    // it as 1 − Σ φₖ wᵏ.
    let phi: Vec<f64> = (1..=deg).map(|k| -c[deg - k]).collect();
    roots_outside(&phi, 1.0 / radius)
}

/// Which smoothing parameters the optimiser estimates, and their fixed values otherwise.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Free {
    /// α, β, γ, φ: `None` when estimated.
    pub(crate) fixed: [Option<f64>; 4],
    /// Which of them the model has at all.
    pub(crate) present: [bool; 4],
}

impl Free {
    pub(crate) fn new(shape: &Shape, fixed: [Option<f64>; 4]) -> Self {
        let present = [
            true,
            shape.trend(),
            shape.seasonal(),
            shape.model.trend == TrendType::Damped,
        ];
        Self { fixed, present }
    }

    /// Whether parameter `i` is estimated.
    pub(crate) fn estimated(&self, i: usize) -> bool {
        self.present[i] && self.fixed[i].is_none()
    }

    /// Number of estimated smoothing parameters.
    pub(crate) fn count(&self) -> usize {
        (0..4).filter(|&i| self.estimated(i)).count()
    }
}

fn logistic(u: f64) -> f64 {
    1.0 / (1.0 + (-u).exp())
}

fn logit(p: f64) -> f64 {
    let p = p.clamp(1e-9, 1.0 - 1e-9);
    (p / (1.0 - p)).ln()
}

/// The interval a parameter is mapped into, given α (β ≤ α, γ ≤ 1 − α, and α between a
/// fixed β and 1 − a fixed γ).
fn interval(i: usize, alpha: f64, free: &Free, b: &Bounds) -> (f64, f64) {
    match i {
        0 => {
            let mut lo = b.lower[0];
            let mut hi = b.upper[0];
            if free.present[1]
                && let Some(beta) = free.fixed[1]
            {
                lo = lo.max(beta);
            }
            if free.present[2]
                && let Some(gamma) = free.fixed[2]
            {
                hi = hi.min(1.0 - gamma);
            }
            (lo, hi)
        }
        1 => (b.lower[1], b.upper[1].min(alpha)),
        2 => (b.lower[2], b.upper[2].min(1.0 - alpha)),
        _ => (b.lower[3], b.upper[3]),
    }
}

/// Whether the fixed parameters leave any room (α's interval not empty).
pub(crate) fn feasible(free: &Free, b: &Bounds) -> bool {
    let (lo, hi) = interval(0, 0.0, free, b);
    lo <= hi
}

/// The optimiser's starting variables for the parameters `start` (clamped into their
/// intervals).
pub(crate) fn encode(start: &[f64; 4], free: &Free, b: &Bounds) -> Vec<f64> {
    let alpha = start[0];
    (0..4)
        .filter(|&i| free.estimated(i))
        .map(|i| {
            let (lo, hi) = interval(i, alpha, free, b);
            if hi <= lo {
                0.0
            } else {
                logit((start[i] - lo) / (hi - lo))
            }
        })
        .collect()
}

/// Parameters from the optimiser's variables `u` (the first `free.count()` of them), and
/// the tangents of α, β, γ, φ with respect to all `p` variables.
pub(crate) fn decode(
    u: &[f64],
    free: &Free,
    b: &Bounds,
    p: usize,
    seeds: Option<&mut Seeds>,
) -> Smoothing {
    let mut vals = [0.0, 0.0, 0.0, 1.0];
    let mut idx = [usize::MAX; 4];
    let mut sig = [0.0; 4];
    let mut k = 0;
    for i in 0..4 {
        if free.estimated(i) {
            idx[i] = k;
            sig[i] = logistic(u[k]);
            k += 1;
        }
    }
    // α first: the others' intervals depend on it.
    for i in 0..4 {
        if !free.present[i] {
            continue;
        }
        vals[i] = match free.fixed[i] {
            Some(v) => v,
            None => {
                let (lo, hi) = interval(i, vals[0], free, b);
                lo + (hi - lo) * sig[i]
            }
        };
    }
    if let Some(s) = seeds {
        for v in [&mut s.alpha, &mut s.beta, &mut s.gamma, &mut s.phi] {
            v.clear();
            v.resize(p, 0.0);
        }
        let da = if idx[0] != usize::MAX {
            let (lo, hi) = interval(0, vals[0], free, b);
            (hi - lo) * sig[0] * (1.0 - sig[0])
        } else {
            0.0
        };
        if idx[0] != usize::MAX {
            s.alpha[idx[0]] = da;
        }
        if idx[1] != usize::MAX {
            let (lo, hi) = interval(1, vals[0], free, b);
            s.beta[idx[1]] = (hi - lo) * sig[1] * (1.0 - sig[1]);
            // β's upper end is α (below the box's 0.9999), so β moves with α.
            if idx[0] != usize::MAX && vals[0] < b.upper[1] {
                s.beta[idx[0]] = sig[1] * da;
            }
        }
        if idx[2] != usize::MAX {
            let (lo, hi) = interval(2, vals[0], free, b);
            s.gamma[idx[2]] = (hi - lo) * sig[2] * (1.0 - sig[2]);
            if idx[0] != usize::MAX && 1.0 - vals[0] < b.upper[2] {
                s.gamma[idx[0]] = -sig[2] * da;
            }
        }
        if idx[3] != usize::MAX {
            let (lo, hi) = interval(3, vals[0], free, b);
            s.phi[idx[3]] = (hi - lo) * sig[3] * (1.0 - sig[3]);
        }
    }
    Smoothing {
        alpha: vals[0],
        beta: vals[1],
        gamma: vals[2],
        phi: vals[3],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ets::model::EtsModel;

    fn sm(alpha: f64, beta: f64, gamma: f64, phi: f64) -> Smoothing {
        Smoothing {
            alpha,
            beta,
            gamma,
            phi,
        }
    }

    /// Values checked with statsforecast 2.1.1's `admissible(alpha, beta, gamma, phi, m)`.
    #[test]
    fn admissibility_as_statsforecast() {
        let aaa = Shape::new(EtsModel::parse("AAA").unwrap(), 12);
        let ana = Shape::new(EtsModel::parse("ANA").unwrap(), 12);
        let aada = Shape::new(EtsModel::parse("AAdA").unwrap(), 4);
        // statsforecast's woolyrnq AAA estimate: admissible.
        assert!(admissible(
            &Shape::new(EtsModel::parse("AAA").unwrap(), 4),
            &sm(0.64701, 0.00011, 0.19214, 1.0)
        ));
        assert!(admissible(&aaa, &sm(0.10362, 0.00124, 0.84252, 1.0)));
        assert!(admissible(&ana, &sm(0.39596, 0.0, 0.5, 1.0)));
        // γ > 1 + 1/φ − α.
        assert!(!admissible(&ana, &sm(0.5, 0.0, 1.6, 1.0)));
        assert!(admissible(&aada, &sm(0.6413, 0.00097, 0.19704, 0.81178)));
        // Non-seasonal closed forms.
        let aan = Shape::new(EtsModel::parse("AAN").unwrap(), 1);
        assert!(admissible(&aan, &sm(0.5, 0.4, 0.0, 1.0)));
        assert!(!admissible(&aan, &sm(0.5, 3.1, 0.0, 1.0)));
    }
}
