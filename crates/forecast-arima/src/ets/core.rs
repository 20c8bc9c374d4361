//! The ETS recursions: one-step errors, the likelihood, its Gauss–Newton pieces by forward
//! differentiation, and forecasts of the state.
//!
//! The state is `[l, b, s₁, …, s_m]` (b only with a trend, s only with a season), `s₁` the most
//! recent seasonal state and `s_m` the one the next observation uses, as R's and
//! statsforecast's state matrices. The update is statsforecast's `update` (R's `pegels` C code)
//! in error-correction form, including its guards against division by (almost) zero.

use super::model::{ErrorType, EtsModel, SeasonType, TrendType};

/// statsforecast's `TOL`: forecasts or states this close to 0 are treated as 0.
pub(crate) const TOL: f64 = 1e-10;
/// statsforecast's `HUGE_N`: what a division by a (near-)zero seasonal or level gives.
const HUGE_N: f64 = 1e10;

/// A model's shape: components and the seasonal period (1 without a season).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Shape {
    pub(crate) model: EtsModel,
    pub(crate) m: usize,
}

impl Shape {
    pub(crate) fn new(model: EtsModel, period: usize) -> Self {
        let m = if model.season == SeasonType::None {
            1
        } else {
            period
        };
        Self { model, m }
    }

    pub(crate) fn trend(&self) -> bool {
        self.model.trend.has_trend()
    }

    pub(crate) fn seasonal(&self) -> bool {
        self.model.season != SeasonType::None
    }

    /// Length of the state vector.
    pub(crate) fn n_states(&self) -> usize {
        1 + usize::from(self.trend()) + if self.seasonal() { self.m } else { 0 }
    }

    /// Initial states that are estimated: all but the last seasonal one, which the
    /// normalisation (seasonal states sum to 0, or to m for multiplicative ones) determines.
    pub(crate) fn n_free_states(&self) -> usize {
        self.n_states() - usize::from(self.seasonal())
    }

    /// Index of the first seasonal state.
    pub(crate) fn season_start(&self) -> usize {
        1 + usize::from(self.trend())
    }
}

/// Smoothing parameters with the neutral values where a component is absent (β = 0, γ = 0,
/// φ = 1), as statsforecast passes them to its C++ code.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Smoothing {
    pub(crate) alpha: f64,
    pub(crate) beta: f64,
    pub(crate) gamma: f64,
    pub(crate) phi: f64,
}

/// The last seasonal state from the others: `m·[multiplicative] − Σ`.
pub(crate) fn complete_season(shape: &Shape, free: &[f64], out: &mut Vec<f64>) {
    out.clear();
    out.extend_from_slice(free);
    if shape.seasonal() {
        let start = shape.season_start();
        let total = if shape.model.season == SeasonType::Multiplicative {
            shape.m as f64
        } else {
            0.0
        };
        let sum: f64 = free[start..].iter().sum();
        out.push(total - sum);
    }
}

/// −2·log-likelihood as R and statsforecast define it (constants dropped):
/// `n·ln Σ e² + 2·Σ ln|ŷ|` (the second term only with multiplicative error), from the sum of
/// squared errors and the sum of log absolute one-step forecasts.
pub(crate) fn neg2loglik(n: usize, sse: f64, sum_log_f: f64, error: ErrorType) -> f64 {
    let sse = if sse > 0.0 { sse } else { sse + 1e-8 };
    let mut lik = n as f64 * sse.ln();
    if error == ErrorType::Multiplicative {
        lik += 2.0 * sum_log_f;
    }
    lik
}

fn log_abs(f: f64) -> f64 {
    let a = f.abs();
    if a > 0.0 { a.ln() } else { (a + 1e-8).ln() }
}

/// Everything one pass of the filter gives.
#[derive(Debug, Clone)]
pub(crate) struct Filtered {
    /// One-step errors (relative ones with multiplicative error).
    pub(crate) e: Vec<f64>,
    /// One-step forecasts ŷ.
    pub(crate) fitted: Vec<f64>,
    /// The state after the last observation.
    pub(crate) last: Vec<f64>,
    pub(crate) sse: f64,
    pub(crate) sum_log_f: f64,
}

/// Runs the filter from `x0` (full state) over `y`, keeping everything.
pub(crate) fn filter(y: &[f64], shape: &Shape, sm: &Smoothing, x0: &[f64]) -> Filtered {
    let mut st = State::new(shape, x0);
    let mut e = Vec::with_capacity(y.len());
    let mut fitted = Vec::with_capacity(y.len());
    let (mut sse, mut sum_log_f) = (0.0, 0.0);
    for &v in y {
        let (f, err) = st.step(shape, sm, v);
        e.push(err);
        fitted.push(f);
        sse += err * err;
        sum_log_f += log_abs(f);
    }
    Filtered {
        e,
        fitted,
        last: st.to_vec(shape),
        sse,
        sum_log_f,
    }
}

/// −2·loglik of the filter from `x0`; NaN becomes +∞.
pub(crate) fn objective(y: &[f64], shape: &Shape, sm: &Smoothing, x0: &[f64]) -> f64 {
    let mut st = State::new(shape, x0);
    let (mut sse, mut sum_log_f) = (0.0, 0.0);
    for &v in y {
        let (f, err) = st.step(shape, sm, v);
        sse += err * err;
        sum_log_f += log_abs(f);
    }
    let lik = neg2loglik(y.len(), sse, sum_log_f, shape.model.error);
    if lik.is_nan() { f64::INFINITY } else { lik }
}

/// The filter state: level, trend and a ring of seasonal states (`ring[pos]` the oldest).
#[derive(Debug, Clone)]
pub(crate) struct State {
    pub(crate) l: f64,
    pub(crate) b: f64,
    pub(crate) ring: Vec<f64>,
    pub(crate) pos: usize,
}

impl State {
    /// From a state vector `[l, b, s₁ … s_m]`.
    pub(crate) fn new(shape: &Shape, x: &[f64]) -> Self {
        let l = x[0];
        let b = if shape.trend() { x[1] } else { 0.0 };
        let ring = if shape.seasonal() {
            // ring[0] = s_m (oldest) … ring[m−1] = s₁ (newest).
            x[shape.season_start()..].iter().rev().copied().collect()
        } else {
            Vec::new()
        };
        Self { l, b, ring, pos: 0 }
    }

    /// Back to `[l, b, s₁ … s_m]`.
    pub(crate) fn to_vec(&self, shape: &Shape) -> Vec<f64> {
        let mut x = vec![self.l];
        if shape.trend() {
            x.push(self.b);
        }
        let m = self.ring.len();
        for j in 0..m {
            x.push(self.ring[(self.pos + m - 1 - j) % m]);
        }
        x
    }

    /// The seasonal state used `k` steps ahead (k = 1 the next), 1 or 0 neutral without one.
    fn season_ahead(&self, k: usize) -> f64 {
        let m = self.ring.len();
        self.ring[(self.pos + (k - 1) % m) % m]
    }

    /// The point forecast `h` steps ahead (h ≥ 1), `phi_sum = φ + … + φʰ`.
    pub(crate) fn forecast(&self, shape: &Shape, phi_sum: f64, h: usize) -> f64 {
        let mut f = self.l + phi_sum * self.b;
        match shape.model.season {
            SeasonType::None => {}
            SeasonType::Additive => f += self.season_ahead(h),
            SeasonType::Multiplicative => f *= self.season_ahead(h),
        }
        f
    }

    /// Processes observation `y`: returns the one-step forecast and error, and updates the
    /// state (statsforecast's `update`).
    #[inline]
    pub(crate) fn step(&mut self, shape: &Shape, sm: &Smoothing, y: f64) -> (f64, f64) {
        let trend = shape.trend();
        let phib = if trend { sm.phi * self.b } else { 0.0 };
        let q = self.l + phib;
        let so = if shape.seasonal() {
            self.ring[self.pos]
        } else {
            0.0
        };
        let f = match shape.model.season {
            SeasonType::None => q,
            SeasonType::Additive => q + so,
            SeasonType::Multiplicative => q * so,
        };
        let e = match shape.model.error {
            ErrorType::Additive => y - f,
            ErrorType::Multiplicative => {
                let f0 = if f.abs() < TOL { f + TOL } else { f };
                (y - f) / f0
            }
        };
        self.advance(shape, sm, y, q, phib, so);
        (f, e)
    }

    /// The state update after `y` (the level, trend and seasonal equations).
    #[inline]
    pub(crate) fn advance(
        &mut self,
        shape: &Shape,
        sm: &Smoothing,
        y: f64,
        q: f64,
        phib: f64,
        so: f64,
    ) {
        let p = match shape.model.season {
            SeasonType::None => y,
            SeasonType::Additive => y - so,
            SeasonType::Multiplicative => {
                if so.abs() < TOL {
                    HUGE_N
                } else {
                    y / so
                }
            }
        };
        let old_l = self.l;
        self.l = q + sm.alpha * (p - q);
        if shape.trend() {
            self.b = phib + (sm.beta / sm.alpha) * (self.l - old_l - phib);
        }
        if shape.seasonal() {
            let t = match shape.model.season {
                SeasonType::Additive => y - q,
                _ => {
                    if q.abs() < TOL {
                        HUGE_N
                    } else {
                        y / q
                    }
                }
            };
            self.ring[self.pos] = so + sm.gamma * (t - so);
            self.pos = (self.pos + 1) % self.ring.len();
        }
    }

    /// One simulated step: the observation for error `eps` (additive, or relative), then the
    /// update. Returns the observation.
    pub(crate) fn simulate(&mut self, shape: &Shape, sm: &Smoothing, eps: f64) -> f64 {
        let phib = if shape.trend() { sm.phi * self.b } else { 0.0 };
        let q = self.l + phib;
        let so = if shape.seasonal() {
            self.ring[self.pos]
        } else {
            0.0
        };
        let f = match shape.model.season {
            SeasonType::None => q,
            SeasonType::Additive => q + so,
            SeasonType::Multiplicative => q * so,
        };
        let y = match shape.model.error {
            ErrorType::Additive => f + eps,
            ErrorType::Multiplicative => f * (1.0 + eps),
        };
        self.advance(shape, sm, y, q, phib, so);
        y
    }
}

/// Point forecasts for steps 1..=h from the state `x`.
pub(crate) fn forecast_means(shape: &Shape, sm: &Smoothing, x: &[f64], h: usize) -> Vec<f64> {
    let st = State::new(shape, x);
    let damped = shape.model.trend == TrendType::Damped;
    let mut phi_sum = 0.0;
    let mut phi_pow = 1.0;
    (1..=h)
        .map(|k| {
            if damped {
                phi_pow *= sm.phi;
                phi_sum += phi_pow;
            } else {
                phi_sum = k as f64;
            }
            st.forecast(shape, phi_sum, k)
        })
        .collect()
}

/// Tangents of the smoothing parameters with respect to the optimiser's variables, and of
/// the initial state (one row of `p` per state, the derived last seasonal state included).
pub(crate) struct Seeds {
    pub(crate) p: usize,
    pub(crate) alpha: Vec<f64>,
    pub(crate) beta: Vec<f64>,
    pub(crate) gamma: Vec<f64>,
    pub(crate) phi: Vec<f64>,
    pub(crate) x0: Vec<f64>,
}

/// Sums from one differentiated pass: with `E` the Jacobian of the errors, `EᵀE` (full
/// matrix), `Eᵀe`, `eᵀe`, `Σ ∂ŷ/ŷ` and `Σ ln|ŷ|`.
pub(crate) struct Sums {
    pub(crate) ete_mat: Vec<f64>,
    pub(crate) ete: Vec<f64>,
    pub(crate) sse: f64,
    pub(crate) dlogf: Vec<f64>,
    pub(crate) sum_log_f: f64,
}

/// Work space of [`differentiate`], reused across iterations.
pub(crate) struct Tangents {
    dl: Vec<f64>,
    db: Vec<f64>,
    dring: Vec<f64>,
    de: Vec<f64>,
    dk: Vec<f64>,
}

impl Tangents {
    pub(crate) fn new(shape: &Shape, p: usize) -> Self {
        let m = if shape.seasonal() { shape.m } else { 0 };
        Self {
            dl: vec![0.0; p],
            db: vec![0.0; p],
            dring: vec![0.0; m * p],
            de: vec![0.0; p],
            dk: vec![0.0; p],
        }
    }
}

/// One pass of the filter carrying the derivatives of every state with respect to the `p`
/// optimiser variables (forward mode: each step touches only the level, the trend and one
/// seasonal state, so a pass costs O(n·p) plus O(n·p²) for `EᵀE`).
pub(crate) fn differentiate(
    y: &[f64],
    shape: &Shape,
    sm: &Smoothing,
    x0: &[f64],
    seeds: &Seeds,
    tan: &mut Tangents,
    sums: &mut Sums,
) {
    let p = seeds.p;
    let m = if shape.seasonal() { shape.m } else { 0 };
    let trend = shape.trend();
    let season = shape.model.season;
    let mult_err = shape.model.error == ErrorType::Multiplicative;
    let mut st = State::new(shape, x0);
    tan.dl.copy_from_slice(&seeds.x0[..p]);
    if trend {
        tan.db.copy_from_slice(&seeds.x0[p..2 * p]);
    } else {
        tan.db.fill(0.0);
    }
    if m > 0 {
        let start = shape.season_start();
        // ring[k] holds state s_{m−k} = x0[start + m − 1 − k].
        for k in 0..m {
            let row = start + m - 1 - k;
            tan.dring[k * p..(k + 1) * p].copy_from_slice(&seeds.x0[row * p..(row + 1) * p]);
        }
    }
    let (alpha, beta, gamma, phi) = (sm.alpha, sm.beta, sm.gamma, sm.phi);
    let kappa = beta / alpha;
    for j in 0..p {
        tan.dk[j] = seeds.beta[j] / alpha - beta / (alpha * alpha) * seeds.alpha[j];
    }
    sums.ete_mat.iter_mut().for_each(|v| *v = 0.0);
    sums.ete.iter_mut().for_each(|v| *v = 0.0);
    sums.dlogf.iter_mut().for_each(|v| *v = 0.0);
    sums.sse = 0.0;
    sums.sum_log_f = 0.0;
    for &yt in y {
        let b = st.b;
        let phib = if trend { phi * b } else { 0.0 };
        let q = st.l + phib;
        let so = if m > 0 { st.ring[st.pos] } else { 0.0 };
        let f = match season {
            SeasonType::None => q,
            SeasonType::Additive => q + so,
            SeasonType::Multiplicative => q * so,
        };
        let (e, de_df) = if mult_err {
            let f0 = if f.abs() < TOL { f + TOL } else { f };
            ((yt - f) / f0, -yt / (f0 * f0))
        } else {
            (yt - f, -1.0)
        };
        let (pv, dp_dso) = match season {
            SeasonType::None => (yt, 0.0),
            SeasonType::Additive => (yt - so, -1.0),
            SeasonType::Multiplicative => {
                if so.abs() < TOL {
                    (HUGE_N, 0.0)
                } else {
                    (yt / so, -yt / (so * so))
                }
            }
        };
        let l_new = q + alpha * (pv - q);
        let r = l_new - st.l - phib;
        let (tv, dt_dq) = match season {
            SeasonType::Additive => (yt - q, -1.0),
            SeasonType::Multiplicative => {
                if q.abs() < TOL {
                    (HUGE_N, 0.0)
                } else {
                    (yt / q, -yt / (q * q))
                }
            }
            SeasonType::None => (0.0, 0.0),
        };
        let inv_f = if f != 0.0 { 1.0 / f } else { 0.0 };
        let ring_off = st.pos * p;
        for j in 0..p {
            let dphib = if trend {
                phi * tan.db[j] + b * seeds.phi[j]
            } else {
                0.0
            };
            let dq = tan.dl[j] + dphib;
            let dso = if m > 0 { tan.dring[ring_off + j] } else { 0.0 };
            let df = match season {
                SeasonType::None => dq,
                SeasonType::Additive => dq + dso,
                SeasonType::Multiplicative => so * dq + q * dso,
            };
            tan.de[j] = de_df * df;
            sums.dlogf[j] += df * inv_f;
            let dp = dp_dso * dso;
            let dl_new = dq + (pv - q) * seeds.alpha[j] + alpha * (dp - dq);
            if trend {
                let dr = dl_new - tan.dl[j] - dphib;
                tan.db[j] = dphib + r * tan.dk[j] + kappa * dr;
            }
            if m > 0 {
                let dt = dt_dq * dq;
                tan.dring[ring_off + j] = dso + (tv - so) * seeds.gamma[j] + gamma * (dt - dso);
            }
            tan.dl[j] = dl_new;
        }
        for i in 0..p {
            let di = tan.de[i];
            if di == 0.0 {
                continue;
            }
            let row = &mut sums.ete_mat[i * p..(i + 1) * p];
            for (r_ij, dj) in row[i..].iter_mut().zip(&tan.de[i..]) {
                *r_ij += di * dj;
            }
            sums.ete[i] += e * di;
        }
        sums.sse += e * e;
        sums.sum_log_f += log_abs(f);
        st.advance(shape, sm, yt, q, phib, so);
    }
    // Mirror the upper triangle.
    for i in 0..p {
        for j in 0..i {
            sums.ete_mat[i * p + j] = sums.ete_mat[j * p + i];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(code: &str, m: usize) -> Shape {
        Shape::new(EtsModel::parse(code).unwrap(), m)
    }

    #[test]
    fn state_vector_round_trips_through_the_ring() {
        let s = shape("AAA", 4);
        let x = [10.0, 1.0, 0.1, 0.2, 0.3, -0.6];
        let st = State::new(&s, &x);
        assert_eq!(st.to_vec(&s), x);
        // The next observation uses s_m, then s_{m−1}.
        assert_eq!(st.season_ahead(1), -0.6);
        assert_eq!(st.season_ahead(2), 0.3);
        assert_eq!(st.season_ahead(5), -0.6);
    }

    #[test]
    fn simple_exponential_smoothing_by_hand() {
        // ETS(A,N,N): l_t = l + α(y − l).
        let s = shape("ANN", 1);
        let sm = Smoothing {
            alpha: 0.5,
            beta: 0.0,
            gamma: 0.0,
            phi: 1.0,
        };
        let f = filter(&[2.0, 4.0, 3.0], &s, &sm, &[1.0]);
        assert_eq!(f.fitted, vec![1.0, 1.5, 2.75]);
        assert_eq!(f.e, vec![1.0, 2.5, 0.25]);
        assert_eq!(f.last, vec![2.875]);
        let lik = 3.0 * (1.0f64 + 6.25 + 0.0625).ln();
        assert!((objective(&[2.0, 4.0, 3.0], &s, &sm, &[1.0]) - lik).abs() < 1e-12);
    }

    /// The forward-mode derivatives equal central differences of the errors.
    #[test]
    fn derivatives_match_finite_differences() {
        let y: Vec<f64> = (0..30)
            .map(|t| 10.0 + 0.3 * t as f64 + [1.0, -0.5, 0.8, -1.3][t % 4] + (t as f64).sin())
            .collect();
        for code in ["ANN", "AAN", "AAdA", "MAdM", "MNM", "MAA", "AAM"] {
            let s = shape(code, 4);
            let ns = s.n_states();
            // Variables: alpha, beta, gamma, phi, then every state (no normalisation here).
            let p = 4 + ns;
            let unit = |i: usize| {
                let mut v = vec![0.0; p];
                v[i] = 1.0;
                v
            };
            let mut x0 = vec![10.0];
            if s.trend() {
                x0.push(0.2);
            }
            if s.seasonal() {
                x0.extend_from_slice(&[1.1, 0.9, 1.05, 0.95]);
            }
            let mut seeds_x0 = vec![0.0; ns * p];
            for k in 0..ns {
                seeds_x0[k * p + 4 + k] = 1.0;
            }
            let seeds = Seeds {
                p,
                alpha: unit(0),
                beta: unit(1),
                gamma: unit(2),
                phi: unit(3),
                x0: seeds_x0,
            };
            let sm = Smoothing {
                alpha: 0.3,
                beta: 0.1,
                gamma: 0.2,
                phi: if s.model.trend == TrendType::Damped {
                    0.9
                } else {
                    1.0
                },
            };
            let mut tan = Tangents::new(&s, p);
            let mut sums = Sums {
                ete_mat: vec![0.0; p * p],
                ete: vec![0.0; p],
                sse: 0.0,
                dlogf: vec![0.0; p],
                sum_log_f: 0.0,
            };
            differentiate(&y, &s, &sm, &x0, &seeds, &mut tan, &mut sums);
            let base = filter(&y, &s, &sm, &x0);
            assert!((sums.sse - base.sse).abs() <= 1e-12 * base.sse);
            // d(½ Σe²)/dv = Eᵀe, by central differences.
            for v in 0..p {
                let h = 1e-6;
                let eval = |d: f64| {
                    let mut sm2 = sm;
                    let mut x2 = x0.clone();
                    match v {
                        0 => sm2.alpha += d,
                        1 => sm2.beta += d,
                        2 => sm2.gamma += d,
                        3 => sm2.phi += d,
                        k => x2[k - 4] += d,
                    }
                    let f = filter(&y, &s, &sm2, &x2);
                    (f.sse, f.sum_log_f)
                };
                let (up, lu) = eval(h);
                let (dn, ld) = eval(-h);
                let num = (up - dn) / (4.0 * h);
                let relevant = match v {
                    1 => s.trend(),
                    2 => s.seasonal(),
                    3 => s.model.trend == TrendType::Damped,
                    _ => true,
                };
                if !relevant {
                    continue;
                }
                assert!(
                    (sums.ete[v] - num).abs() <= 1e-5 * (1.0 + num.abs()),
                    "{code} var {v}: {} vs {num}",
                    sums.ete[v]
                );
                let numf = (lu - ld) / (2.0 * h);
                assert!(
                    (sums.dlogf[v] - numf).abs() <= 1e-5 * (1.0 + numf.abs()),
                    "{code} var {v} log f: {} vs {numf}",
                    sums.dlogf[v]
                );
            }
        }
    }
}
