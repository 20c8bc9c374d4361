//! The full state-space form of an integrated model, used for forecasting and for the
//! filter with missing values.
//!
//! State `(α_t, x_{t−1}, …, x_{t−nd})`: the ARMA state in Harvey's form followed by the last
//! `nd = d + D·s` values of the (trend-adjusted) series. The observation is
//! `x_t = α_{t,0} + Σ δⱼ x_{t−j}`; the transition moves α by the companion matrix and pushes
//! `x_t` onto the lag block. This is the layout of R's `makeARIMA`.

/// Transition of the full state, applied without forming the matrix.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FullModel<'a> {
    /// AR coefficients padded to r.
    pub(crate) phi: &'a [f64],
    /// `(1, θ₁, …, θ_{r−1})`.
    pub(crate) rvec: &'a [f64],
    /// Differencing coefficients δ.
    pub(crate) delta: &'a [f64],
}

impl FullModel<'_> {
    pub(crate) fn r(&self) -> usize {
        self.phi.len()
    }

    pub(crate) fn m(&self) -> usize {
        self.phi.len() + self.delta.len()
    }

    /// `Z · v`.
    pub(crate) fn observe(&self, v: &[f64]) -> f64 {
        let r = self.r();
        v[0] + self
            .delta
            .iter()
            .zip(&v[r..])
            .map(|(d, x)| d * x)
            .sum::<f64>()
    }

    /// `out = T · v`.
    pub(crate) fn apply_t(&self, v: &[f64], out: &mut [f64]) {
        let r = self.r();
        let nd = self.delta.len();
        let v0 = v[0];
        for i in 0..r {
            out[i] = self.phi[i] * v0 + if i + 1 < r { v[i + 1] } else { 0.0 };
        }
        if nd > 0 {
            out[r] = self.observe(v);
            for j in 1..nd {
                out[r + j] = v[r + j - 1];
            }
        }
    }

    /// `P ← T P Tᵀ` (+ `R Rᵀ` on the ARMA block when `add_noise`), using `tmp` (m×m).
    pub(crate) fn propagate(
        &self,
        p: &mut [f64],
        tmp: &mut [f64],
        col: &mut [f64],
        add_noise: bool,
    ) {
        let m = self.m();
        // tmp = (T P)ᵀ: row c of tmp is T applied to column c of P (= row c, P symmetric).
        for c in 0..m {
            self.apply_t(&p[c * m..(c + 1) * m], &mut tmp[c * m..(c + 1) * m]);
        }
        // P = T (T P)ᵀ: column c of the result is T applied to column c of (T P)ᵀ, i.e. to
        // row c of T P. Gather that column from tmp.
        for c in 0..m {
            for k in 0..m {
                col[k] = tmp[k * m + c];
            }
            self.apply_t(col, &mut p[c * m..(c + 1) * m]);
        }
        // The result is symmetric up to rounding; rows were written as columns, which is the
        // same matrix.
        if add_noise {
            let r = self.r();
            for i in 0..r {
                for j in 0..r {
                    p[i * m + j] += self.rvec[i] * self.rvec[j];
                }
            }
        }
    }
}

/// Mean and variance (in units of σ²) of the total `x_{n+1} + … + x_{n+h}` from the predicted
/// state `a` and covariance `p` of step n+1. Steps' errors are correlated (an integrated model's
/// errors accumulate), so besides each step's variance `Z P_j Zᵀ` it adds twice every
/// covariance `Cov(x_j, x_i) = Z T^{j−i} P_i Zᵀ` (i < j), carried as the running vector
/// `u_j = T u_{j−1} + P_j Zᵀ`: O(h·m²) like [`forecast`].
pub(crate) fn forecast_total(model: &FullModel<'_>, a: &[f64], p: &[f64], h: usize) -> (f64, f64) {
    let m = model.m();
    let mut a = a.to_vec();
    let mut p = p.to_vec();
    let mut next = vec![0.0; m];
    let mut tmp = vec![0.0; m * m];
    let mut col = vec![0.0; m];
    let mut g = vec![0.0; m];
    let mut u = vec![0.0; m];
    let mut tu = vec![0.0; m];
    let (mut mean, mut var) = (0.0, 0.0);
    for step in 0..h {
        mean += model.observe(&a);
        for (c, z) in g.iter_mut().enumerate() {
            *z = model.observe(&p[c * m..(c + 1) * m]);
        }
        if step > 0 {
            model.apply_t(&u, &mut tu);
            var += 2.0 * model.observe(&tu);
            for (ui, (ti, gi)) in u.iter_mut().zip(tu.iter().zip(&g)) {
                *ui = ti + gi;
            }
        } else {
            u.copy_from_slice(&g);
        }
        var += model.observe(&g);
        if step + 1 < h {
            model.apply_t(&a, &mut next);
            std::mem::swap(&mut a, &mut next);
            model.propagate(&mut p, &mut tmp, &mut col, true);
        }
    }
    (mean, var.max(0.0))
}

/// Mean and variance (in units of σ²) of `x_{n+1}, …, x_{n+h}` from the predicted state
/// `a` (length m) and covariance `p` (m×m) of step n+1.
pub(crate) fn forecast(
    model: &FullModel<'_>,
    a: &[f64],
    p: &[f64],
    h: usize,
) -> (Vec<f64>, Vec<f64>) {
    let m = model.m();
    let mut a = a.to_vec();
    let mut p = p.to_vec();
    let mut next = vec![0.0; m];
    let mut tmp = vec![0.0; m * m];
    let mut col = vec![0.0; m];
    let mut zp = vec![0.0; m];
    let mut mean = Vec::with_capacity(h);
    let mut var = Vec::with_capacity(h);
    for step in 0..h {
        mean.push(model.observe(&a));
        for (c, z) in zp.iter_mut().enumerate() {
            *z = model.observe(&p[c * m..(c + 1) * m]);
        }
        var.push(model.observe(&zp).max(0.0));
        if step + 1 < h {
            model.apply_t(&a, &mut next);
            std::mem::swap(&mut a, &mut next);
            model.propagate(&mut p, &mut tmp, &mut col, true);
        }
    }
    (mean, var)
}
