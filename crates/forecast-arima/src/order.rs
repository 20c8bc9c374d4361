//! Model orders, deterministic terms and estimation methods.

use serde::{Deserialize, Serialize};

/// Non-seasonal order `(p, d, q)`: AR terms, regular differences, MA terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Order {
    /// Autoregressive order p.
    pub p: usize,
    /// Number of regular differences d.
    pub d: usize,
    /// Moving-average order q.
    pub q: usize,
}

impl Order {
    /// `(p, d, q)`.
    pub const fn new(p: usize, d: usize, q: usize) -> Self {
        Self { p, d, q }
    }
}

impl std::fmt::Display for Order {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "({},{},{})", self.p, self.d, self.q)
    }
}

/// Seasonal order `(P, D, Q)` at period `s`.
///
/// [`SeasonalOrder::NONE`] (all zero, period 1) means a non-seasonal model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SeasonalOrder {
    /// Seasonal autoregressive order P.
    pub p: usize,
    /// Number of seasonal differences D.
    pub d: usize,
    /// Seasonal moving-average order Q.
    pub q: usize,
    /// Seasonal period s (12 for monthly data with a yearly cycle, 7 for daily data with a
    /// weekly one). Must be at least 2 when P, D or Q is non-zero.
    pub period: usize,
}

impl SeasonalOrder {
    /// No seasonal part.
    pub const NONE: SeasonalOrder = SeasonalOrder {
        p: 0,
        d: 0,
        q: 0,
        period: 1,
    };

    /// `(P, D, Q)` at period `s`.
    pub const fn new(p: usize, d: usize, q: usize, period: usize) -> Self {
        Self { p, d, q, period }
    }

    /// `true` when P, D or Q is non-zero.
    pub const fn is_seasonal(&self) -> bool {
        self.p != 0 || self.d != 0 || self.q != 0
    }
}

impl Default for SeasonalOrder {
    fn default() -> Self {
        Self::NONE
    }
}

impl std::fmt::Display for SeasonalOrder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "({},{},{})[{}]", self.p, self.d, self.q, self.period)
    }
}

/// Deterministic terms of the model, following R and statsforecast.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Trend {
    /// No constant (the default, as in R's `arima` for d + D > 0).
    #[default]
    None,
    /// A process mean μ: `φ(L)Φ(Lˢ)(y_t − μ) = θ(L)Θ(Lˢ)e_t`. Only when d + D = 0.
    Constant,
    /// A linear trend δ·t in levels (R's and statsforecast's `drift`; the mean of the once
    /// differenced series). Only when d + D = 1.
    Drift,
}

/// How the coefficients are estimated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Method {
    /// Conditional sum of squares: fast, approximate, may give non-stationary estimates.
    Css,
    /// Exact Gaussian maximum likelihood (Kalman filter, stationary initial covariance),
    /// started from zero.
    Ml,
    /// Conditional sum of squares for starting values, refined by exact maximum likelihood
    /// (R's default).
    #[default]
    CssMl,
}
