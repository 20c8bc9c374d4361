//! Forecast distributions: exact variances for the classes of Hyndman et al. (2008, ch. 6)
//! that have them, and seeded simulation for the rest.

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::SeedableRng;
use rand_distr::{Distribution, StandardNormal};

use super::core::{Shape, Smoothing, State};
use super::model::{Class, TrendType};

/// Paths simulated for a forecast distribution without a closed form (the sum of the next
/// values of a model with multiplicative season, and every interval of ETS(A,·,M)).
pub const ETS_SIMULATION_PATHS: usize = 10_000;

/// Seed of those simulations (ChaCha8), fixed so results repeat exactly.
pub const ETS_SIMULATION_SEED: u64 = 0x00E7_5EED;

/// `c_j = α + β(φ + … + φʲ) + γ·[m divides j]` for j = 1..h−1 (index 0 unused): the effect
/// of one innovation on the forecast j steps later, `w'F^{j−1}g` (Hyndman et al. 2008,
/// ch. 6).
pub(crate) fn psi(shape: &Shape, sm: &Smoothing, h: usize) -> Vec<f64> {
    let mut c = vec![0.0; h.max(1)];
    let damped = shape.model.trend == TrendType::Damped;
    let (mut phi_sum, mut phi_pow) = (0.0, 1.0);
    for (j, cj) in c.iter_mut().enumerate().skip(1) {
        if damped {
            phi_pow *= sm.phi;
            phi_sum += phi_pow;
        } else {
            phi_sum = j as f64;
        }
        let mut v = sm.alpha;
        if shape.trend() {
            v += sm.beta * phi_sum;
        }
        if shape.seasonal() && j % shape.m == 0 {
            v += sm.gamma;
        }
        *cj = v;
    }
    c
}

/// `θ_h = E[(one-step forecast h−1 steps on)²]` of a multiplicative-error model with linear
/// states: θ₁ = μ₁², θ_h = μ_h² + σ² Σ_{j<h} c_j² θ_{h−j} (Hyndman et al. 2008, ch. 6).
fn theta(mean: &[f64], c: &[f64], sigma2: f64) -> Vec<f64> {
    let h = mean.len();
    let c2: Vec<f64> = c.iter().map(|v| v * v).collect();
    let mut th = vec![0.0; h];
    for k in 0..h {
        let mut acc = 0.0;
        for j in 1..=k {
            acc += c2[j] * th[k - j];
        }
        th[k] = mean[k] * mean[k] + sigma2 * acc;
    }
    th
}

/// Variances of the h-step forecasts for the classes with closed forms.
pub(crate) fn step_variances(
    shape: &Shape,
    sm: &Smoothing,
    sigma2: f64,
    last: &[f64],
    mean: &[f64],
) -> Option<Vec<f64>> {
    let h = mean.len();
    match shape.model.class() {
        Class::Linear => {
            let c = psi(shape, sm, h);
            let mut acc = 1.0;
            Some(
                (0..h)
                    .map(|k| {
                        if k > 0 {
                            acc += c[k] * c[k];
                        }
                        sigma2 * acc
                    })
                    .collect(),
            )
        }
        Class::MultError => {
            let c = psi(shape, sm, h);
            let th = theta(mean, &c, sigma2);
            Some(
                (0..h)
                    .map(|k| ((1.0 + sigma2) * th[k] - mean[k] * mean[k]).max(0.0))
                    .collect(),
            )
        }
        Class::MultSeason => Some(mult_season_variances(shape, sm, sigma2, last, h)),
        Class::Simulated => None,
    }
}

/// Mean and variance of the sum of the next `h` values, for the classes with closed forms.
///
/// With `aᵢ` the innovation of step i (`εᵢ` times the one-step forecast for multiplicative
/// error), the values are `y_{n+j} = μ_j + a_j + Σ_{i<j} c_{j−i} aᵢ`, the aᵢ uncorrelated with
/// variance σ²θᵢ (θ ≡ 1 with additive error), so the total is `Σμ + Σᵢ aᵢ(1 + C_{h−i})` with
/// `C_r = c₁ + … + c_r`, and its variance `σ² Σᵢ θᵢ (1 + C_{h−i})²`.
pub(crate) fn total_moments(
    shape: &Shape,
    sm: &Smoothing,
    sigma2: f64,
    mean: &[f64],
) -> Option<(f64, f64)> {
    let h = mean.len();
    let c = psi(shape, sm, h);
    let th = match shape.model.class() {
        Class::Linear => vec![1.0; h],
        Class::MultError => theta(mean, &c, sigma2),
        _ => return None,
    };
    let mut cum = vec![0.0; h];
    for r in 1..h {
        cum[r] = cum[r - 1] + c[r];
    }
    let var: f64 = (0..h)
        .map(|i| {
            let w = 1.0 + cum[h - 1 - i];
            th[i] * w * w
        })
        .sum::<f64>()
        * sigma2;
    Some((mean.iter().sum(), var))
}

/// One block row of a block-sparse operator on vec(M): block row i reads block column
/// `(i + m − 1) mod m` (the seasonal shift), through the p₁×p₁ matrix `blocks[i]`.
struct ShiftOp {
    blocks: Vec<[f64; 4]>,
}

/// Exact variances for multiplicative error and season (class 3).
///
/// The state splits into `a` (level, and trend) and the seasonal states `s`; the forecast is
/// `(H₁a)(H₂s)(1 + ε)`. The moments of `M = a sᵀ` evolve exactly (Hyndman et al. 2008,
/// ch. 6.3; R's `class3models`): `vec M' = (F₂⊗F₁ + ε K + ε² G₂⊗G₁) vec M`. With damping
/// `H₁ = (1, φ)`, `F₁ = [[1, φ], [0, φ]]` and `G₁ = [[α, αφ], [β, βφ]]`; R and statsforecast
/// use the undamped `H₁ = (1, 1)`, `F₁ = [[1, 1], [0, φ]]`, `G₁ = [[α, α], [β, β]]` there (and
/// statsforecast 2.1.1 never advances E[M] past the first step), so for ETS(M,Ad,M) and
/// beyond one step this follows the model, which simulation confirms.
fn mult_season_variances(
    shape: &Shape,
    sm: &Smoothing,
    sigma2: f64,
    last: &[f64],
    h: usize,
) -> Vec<f64> {
    let m = shape.m;
    let trend = shape.trend();
    let p1 = if trend { 2 } else { 1 };
    let phi = if shape.model.trend == TrendType::Damped {
        sm.phi
    } else {
        1.0
    };
    let (al, be, ga) = (sm.alpha, sm.beta, sm.gamma);
    // p₁×p₁ blocks stored row-major in [f64; 4] (only [0] used when p₁ = 1).
    let (f1, g1, h1) = if trend {
        (
            [1.0, phi, 0.0, phi],
            [al, al * phi, be, be * phi],
            [1.0, phi],
        )
    } else {
        ([1.0, 0.0, 0.0, 0.0], [al, 0.0, 0.0, 0.0], [1.0, 0.0])
    };
    let add = |a: [f64; 4], b: [f64; 4], s: f64| -> [f64; 4] {
        [
            a[0] + s * b[0],
            a[1] + s * b[1],
            a[2] + s * b[2],
            a[3] + s * b[3],
        ]
    };
    let scale = |a: [f64; 4], s: f64| [a[0] * s, a[1] * s, a[2] * s, a[3] * s];
    let f21 = ShiftOp {
        blocks: vec![f1; m],
    };
    let mut kb = vec![g1; m];
    kb[0] = add(g1, f1, ga);
    let k = ShiftOp { blocks: kb };
    let mut gb = vec![[0.0; 4]; m];
    gb[0] = scale(g1, ga);
    let g21 = ShiftOp { blocks: gb };
    let d = p1 * m;
    // M = a sᵀ, vec column-major: x[c·p₁ + r] = a_r · s_c, s in R's order (s₁ newest).
    let a0 = &last[..p1];
    let s0 = &last[p1..];
    let mut mu: Vec<f64> = (0..d).map(|i| a0[i % p1] * s0[i / p1]).collect();
    let mut v = vec![0.0; d * d];
    let mut out = Vec::with_capacity(h);
    let mut next_v = vec![0.0; d * d];
    let mut tmp = vec![0.0; d * d];
    let mut mm = vec![0.0; d * d];
    let oldest = (m - 1) * p1;
    for step in 0..h {
        // E[y] = H₁ E[M] H₂ᵀ, Var = (1 + σ²) H₂₁ V H₂₁ᵀ + σ² E[y]².
        let mut ey = 0.0;
        let mut hvh = 0.0;
        for r in 0..p1 {
            ey += h1[r] * mu[oldest + r];
            for c in 0..p1 {
                hvh += h1[r] * v[(oldest + r) * d + oldest + c] * h1[c];
            }
        }
        out.push(((1.0 + sigma2) * hvh + sigma2 * ey * ey).max(0.0));
        if step + 1 == h {
            break;
        }
        for i in 0..d {
            for j in 0..d {
                mm[i * d + j] = mu[i] * mu[j];
            }
        }
        // V' = F V Fᵀ + σ²(F V Gᵀ + G V Fᵀ + K (V + μμᵀ) Kᵀ) + σ⁴ G (3V + 2μμᵀ) Gᵀ.
        next_v.iter_mut().for_each(|x| *x = 0.0);
        sandwich(&f21, &v, &f21, p1, m, 1.0, &mut next_v);
        sandwich(&f21, &v, &g21, p1, m, sigma2, &mut next_v);
        sandwich(&g21, &v, &f21, p1, m, sigma2, &mut next_v);
        for i in 0..d * d {
            tmp[i] = v[i] + mm[i];
        }
        sandwich(&k, &tmp, &k, p1, m, sigma2, &mut next_v);
        for i in 0..d * d {
            tmp[i] = 3.0 * v[i] + 2.0 * mm[i];
        }
        sandwich(&g21, &tmp, &g21, p1, m, sigma2 * sigma2, &mut next_v);
        std::mem::swap(&mut v, &mut next_v);
        // E[M'] = F₁ E[M] F₂ᵀ + σ² G₁ E[M] G₂ᵀ.
        let mut mu_next = vec![0.0; d];
        apply(&f21, &mu, p1, m, 1.0, &mut mu_next);
        apply(&g21, &mu, p1, m, sigma2, &mut mu_next);
        mu = mu_next;
    }
    out
}

fn src(i: usize, m: usize) -> usize {
    (i + m - 1) % m
}

/// `out += s · A x` for a shift operator A.
fn apply(a: &ShiftOp, x: &[f64], p1: usize, m: usize, s: f64, out: &mut [f64]) {
    for i in 0..m {
        let blk = &a.blocks[i];
        let j = src(i, m);
        for r in 0..p1 {
            let mut acc = 0.0;
            for c in 0..p1 {
                acc += blk[r * 2 + c] * x[j * p1 + c];
            }
            out[i * p1 + r] += s * acc;
        }
    }
}

/// `out += s · A V Bᵀ` for shift operators A, B and a dense symmetric-layout V (d×d).
fn sandwich(a: &ShiftOp, v: &[f64], b: &ShiftOp, p1: usize, m: usize, s: f64, out: &mut [f64]) {
    if s == 0.0 {
        return;
    }
    let d = p1 * m;
    for bi in 0..m {
        let ab = &a.blocks[bi];
        if ab.iter().all(|x| *x == 0.0) {
            continue;
        }
        let si = src(bi, m);
        for bj in 0..m {
            let bb = &b.blocks[bj];
            if bb.iter().all(|x| *x == 0.0) {
                continue;
            }
            let sj = src(bj, m);
            // out[bi, bj] += s · A_bi · V[si, sj] · B_bjᵀ
            for r in 0..p1 {
                for c in 0..p1 {
                    let mut acc = 0.0;
                    for k in 0..p1 {
                        let ark = ab[r * 2 + k];
                        if ark == 0.0 {
                            continue;
                        }
                        for l in 0..p1 {
                            acc += ark * v[(si * p1 + k) * d + sj * p1 + l] * bb[c * 2 + l];
                        }
                    }
                    out[(bi * p1 + r) * d + bj * p1 + c] += s * acc;
                }
            }
        }
    }
}

/// Simulated future paths: `paths × h` values, row-major, Gaussian errors with variance σ²
/// (relative errors for multiplicative error), from the state `last`.
pub(crate) fn simulate(
    shape: &Shape,
    sm: &Smoothing,
    sigma2: f64,
    last: &[f64],
    h: usize,
    paths: usize,
    seed: u64,
) -> Vec<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let sd = sigma2.sqrt();
    let start = State::new(shape, last);
    let mut out = Vec::with_capacity(paths * h);
    for _ in 0..paths {
        let mut st = start.clone();
        for _ in 0..h {
            let z: f64 = StandardNormal.sample(&mut rng);
            out.push(st.simulate(shape, sm, sd * z));
        }
    }
    out
}

/// numpy's default (linear interpolation, "type 7") quantile of sorted values.
pub(crate) fn quantile_sorted(v: &[f64], q: f64) -> f64 {
    let pos = q * (v.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = (lo + 1).min(v.len() - 1);
    v[lo] + (pos - lo as f64) * (v[hi] - v[lo])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ets::core::forecast_means;
    use crate::ets::model::EtsModel;

    fn sm(alpha: f64, beta: f64, gamma: f64, phi: f64) -> Smoothing {
        Smoothing {
            alpha,
            beta,
            gamma,
            phi,
        }
    }

    /// Hyndman et al. (2008) table 6.1 closed forms, as statsforecast codes them.
    #[test]
    fn linear_variances_match_the_closed_forms() {
        let (a, b, g, p, s2) = (0.3, 0.05, 0.2, 0.9, 2.0);
        let m = 4;
        for code in ["ANN", "AAN", "AAdN", "ANA", "AAA", "AAdA"] {
            let shape = Shape::new(EtsModel::parse(code).unwrap(), m);
            let mut x = vec![10.0];
            if shape.trend() {
                x.push(0.5);
            }
            if shape.seasonal() {
                x.extend_from_slice(&[1.0, -1.0, 0.5, -0.5]);
            }
            let damped = shape.model.trend == TrendType::Damped;
            let smx = sm(
                a,
                if shape.trend() { b } else { 0.0 },
                if shape.seasonal() { g } else { 0.0 },
                if damped { p } else { 1.0 },
            );
            let h = 13;
            let mean = forecast_means(&shape, &smx, &x, h);
            let v = step_variances(&shape, &smx, s2, &x, &mean).unwrap();
            for k in 1..=h {
                let hf = k as f64;
                let hm = ((k - 1) / m) as f64;
                let mf = m as f64;
                let e1 = a * a + a * b * hf + b * b * hf * (2.0 * hf - 1.0) / 6.0;
                let e2 = b * p * hf / (1.0 - p).powi(2);
                let e3 = 2.0 * a * (1.0 - p) + b * p;
                let e4 = b * p * (1.0 - p.powi(k as i32)) / ((1.0 - p).powi(2) * (1.0 - p * p));
                let e5 = 2.0 * a * (1.0 - p * p) + b * p * (1.0 + 2.0 * p - p.powi(k as i32));
                let want = match code {
                    "ANN" => 1.0 + a * a * (hf - 1.0),
                    "AAN" => 1.0 + (hf - 1.0) * e1,
                    "AAdN" => 1.0 + a * a * (hf - 1.0) + e2 * e3 - e4 * e5,
                    "ANA" => 1.0 + a * a * (hf - 1.0) + g * hm * (2.0 * a + g),
                    "AAA" => 1.0 + (hf - 1.0) * e1 + g * hm * (2.0 * a + g + b * mf * (hm + 1.0)),
                    _ => {
                        let e7 = 2.0 * b * g * p / ((1.0 - p) * (1.0 - p.powi(m as i32)));
                        let e8 = hm * (1.0 - p.powi(m as i32))
                            - p.powi(m as i32) * (1.0 - p.powi((m as f64 * hm) as i32));
                        1.0 + a * a * (hf - 1.0) + e2 * e3 - e4 * e5
                            + g * hm * (2.0 * a + g)
                            + e7 * e8
                    }
                } * s2;
                assert!(
                    (v[k - 1] - want).abs() < 1e-9 * want,
                    "{code} h={k}: {} vs {want}",
                    v[k - 1]
                );
            }
        }
    }

    /// The closed-form total and the class-3 variances agree with simulation.
    #[test]
    fn moments_agree_with_simulation() {
        for (code, x) in [
            ("AAdA", vec![10.0, 0.5, 1.0, -1.0, 0.5, -0.5]),
            ("MAdN", vec![10.0, 0.5]),
            ("MAdM", vec![10.0, 0.5, 1.1, 0.9, 1.05, 0.95]),
            ("MNM", vec![10.0, 1.1, 0.9, 1.05, 0.95]),
        ] {
            let shape = Shape::new(EtsModel::parse(code).unwrap(), 4);
            let damped = shape.model.trend == TrendType::Damped;
            let smx = sm(
                0.4,
                if shape.trend() { 0.1 } else { 0.0 },
                if shape.seasonal() { 0.3 } else { 0.0 },
                if damped { 0.85 } else { 1.0 },
            );
            let mult = shape.model.error == crate::ets::model::ErrorType::Multiplicative;
            let s2 = if mult { 0.01 } else { 1.5 };
            let h = 9;
            let mean = forecast_means(&shape, &smx, &x, h);
            let paths = 40_000;
            let sim = simulate(&shape, &smx, s2, &x, h, paths, 7);
            let mut tot = vec![0.0; paths];
            for (i, t) in tot.iter_mut().enumerate() {
                *t = sim[i * h..(i + 1) * h].iter().sum();
            }
            let tm = tot.iter().sum::<f64>() / paths as f64;
            let tv = tot.iter().map(|t| (t - tm).powi(2)).sum::<f64>() / (paths - 1) as f64;
            // Relative sampling error of a variance from 40,000 paths is about 0.7 %.
            if let Some((m_exact, v_exact)) = total_moments(&shape, &smx, s2, &mean) {
                assert!(
                    (tv / v_exact - 1.0).abs() < 0.04,
                    "{code} total var {tv} vs {v_exact}"
                );
                assert!((tm - m_exact).abs() < 4.0 * (v_exact / paths as f64).sqrt());
            }
            let v = step_variances(&shape, &smx, s2, &x, &mean).unwrap();
            for k in 0..h {
                let col: Vec<f64> = (0..paths).map(|i| sim[i * h + k]).collect();
                let cm = col.iter().sum::<f64>() / paths as f64;
                let cv = col.iter().map(|t| (t - cm).powi(2)).sum::<f64>() / (paths - 1) as f64;
                assert!(
                    (cv / v[k] - 1.0).abs() < 0.04,
                    "{code} step {k}: {cv} vs {}",
                    v[k]
                );
            }
        }
    }
}
