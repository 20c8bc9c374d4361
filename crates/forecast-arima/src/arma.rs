//! The expanded ARMA polynomials of a (seasonal) ARIMA model and its state-space dimensions.

use crate::poly::{expand_ar, expand_ma};

/// How many coefficients of each kind a model has, and its seasonal period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ArmaShape {
    pub(crate) p: usize,
    pub(crate) q: usize,
    pub(crate) sp: usize,
    pub(crate) sq: usize,
    /// Seasonal period (1 when there are no seasonal terms).
    pub(crate) s: usize,
}

impl ArmaShape {
    /// Number of ARMA coefficients, in R's order `[ar, ma, sar, sma]`.
    pub(crate) fn n_coef(&self) -> usize {
        self.p + self.q + self.sp + self.sq
    }

    /// Degree of the expanded AR polynomial.
    pub(crate) fn p_full(&self) -> usize {
        self.p + self.s * self.sp
    }

    /// Degree of the expanded MA polynomial.
    pub(crate) fn q_full(&self) -> usize {
        self.q + self.s * self.sq
    }

    /// State dimension of the ARMA part: `max(p', q' + 1)`.
    pub(crate) fn r(&self) -> usize {
        self.p_full().max(self.q_full() + 1)
    }

    /// Splits a coefficient vector into its `[ar, ma, sar, sma]` blocks.
    pub(crate) fn split<'a>(&self, c: &'a [f64]) -> [&'a [f64]; 4] {
        let (ar, rest) = c.split_at(self.p);
        let (ma, rest) = rest.split_at(self.q);
        let (sar, sma) = rest.split_at(self.sp);
        [ar, ma, sar, sma]
    }
}

/// Expanded polynomials padded to the state dimension `r`:
/// `phi[i]` is the coefficient of lag `i + 1`, `rvec = [1, θ'₁, …, θ'_{r-1}]`.
#[derive(Debug, Clone)]
pub(crate) struct ArmaPoly {
    pub(crate) shape: ArmaShape,
    pub(crate) r: usize,
    pub(crate) phi: Vec<f64>,
    pub(crate) rvec: Vec<f64>,
    /// Non-zero AR lags as (lag, coefficient), for sparse recursions.
    pub(crate) ar_terms: Vec<(usize, f64)>,
    /// Non-zero MA lags as (lag, coefficient).
    pub(crate) ma_terms: Vec<(usize, f64)>,
}

impl ArmaPoly {
    pub(crate) fn new(shape: ArmaShape) -> Self {
        let r = shape.r();
        Self {
            shape,
            r,
            phi: vec![0.0; r],
            rvec: vec![0.0; r],
            ar_terms: Vec::with_capacity(shape.p_full()),
            ma_terms: Vec::with_capacity(shape.q_full()),
        }
    }

    /// Sets the polynomials from natural coefficients `[ar, ma, sar, sma]`.
    pub(crate) fn set(&mut self, coef: &[f64]) {
        let sh = self.shape;
        let [ar, ma, sar, sma] = sh.split(coef);
        let pf = sh.p_full();
        let qf = sh.q_full();
        self.phi.fill(0.0);
        expand_ar(ar, sar, sh.s, &mut self.phi[..pf]);
        self.rvec.fill(0.0);
        self.rvec[0] = 1.0;
        expand_ma(ma, sma, sh.s, &mut self.rvec[1..=qf]);
        self.ar_terms.clear();
        self.ar_terms.extend(
            self.phi[..pf]
                .iter()
                .enumerate()
                .filter(|(_, c)| **c != 0.0)
                .map(|(i, &c)| (i + 1, c)),
        );
        self.ma_terms.clear();
        self.ma_terms.extend(
            self.rvec[1..=qf]
                .iter()
                .enumerate()
                .filter(|(_, c)| **c != 0.0)
                .map(|(i, &c)| (i + 1, c)),
        );
    }

    /// Expanded AR coefficients (lags 1..=p').
    pub(crate) fn phi_full(&self) -> &[f64] {
        &self.phi[..self.shape.p_full()]
    }

    /// Expanded MA coefficients (lags 1..=q').
    pub(crate) fn theta_full(&self) -> &[f64] {
        &self.rvec[1..=self.shape.q_full()]
    }
}
