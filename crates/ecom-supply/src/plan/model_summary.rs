//! A serialisable description of a fitted forecasting model.

use forecast_arima::{FittedArima, Trend};
use serde::{Deserialize, Serialize};

/// Coefficients by kind, R's sign convention (`φ(L) = 1 − φ₁L − …`, `θ(L) = 1 + θ₁L + …`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CoefficientSummary {
    /// Non-seasonal AR coefficients.
    pub ar: Vec<f64>,
    /// Non-seasonal MA coefficients.
    pub ma: Vec<f64>,
    /// Seasonal AR coefficients.
    pub sar: Vec<f64>,
    /// Seasonal MA coefficients.
    pub sma: Vec<f64>,
    /// Process mean (models without differencing), if estimated.
    pub constant: Option<f64>,
    /// Slope of a linear trend (models with one difference), if estimated.
    pub drift: Option<f64>,
}

/// What model produced a forecast: its orders, coefficients and fit statistics.
///
/// The JSON form is the one `ecom forecast` prints:
/// `{"name", "order": [p,d,q], "seasonal_order": [P,D,Q,s], "constant", "coefficients": {...},
/// "sigma2", "loglik", "aic", "aicc", "bic"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelSummary {
    /// Readable name, e.g. `ARIMA(1,1,1)(0,1,1)[7]`.
    pub name: String,
    /// `[p, d, q]`.
    pub order: [usize; 3],
    /// `[P, D, Q, s]` (`s = 0` without a seasonal part).
    pub seasonal_order: [usize; 4],
    /// Whether a constant mean or a drift term is included.
    pub constant: bool,
    /// Estimated coefficients.
    pub coefficients: CoefficientSummary,
    /// Innovation variance.
    pub sigma2: f64,
    /// Log-likelihood (R's convention for exact ML; the CSS objective for CSS fits).
    pub loglik: f64,
    /// Akaike information criterion (`None` for CSS fits).
    pub aic: Option<f64>,
    /// Small-sample corrected AIC.
    pub aicc: Option<f64>,
    /// Bayesian information criterion.
    pub bic: Option<f64>,
    /// Whether the optimiser met its convergence test.
    pub converged: bool,
}

impl From<&FittedArima> for ModelSummary {
    fn from(fit: &FittedArima) -> Self {
        let o = fit.order();
        let s = fit.seasonal_order();
        let seasonal = s.p + s.d + s.q > 0;
        let c = fit.coefficients();
        let mut name = format!("ARIMA({},{},{})", o.p, o.d, o.q);
        if seasonal {
            name.push_str(&format!("({},{},{})[{}]", s.p, s.d, s.q, s.period));
        }
        match fit.trend() {
            Trend::Constant => name.push_str(" with mean"),
            Trend::Drift => name.push_str(" with drift"),
            Trend::None => {}
        }
        Self {
            name,
            order: [o.p, o.d, o.q],
            seasonal_order: if seasonal {
                [s.p, s.d, s.q, s.period]
            } else {
                [0, 0, 0, 0]
            },
            constant: fit.trend() != Trend::None,
            coefficients: CoefficientSummary {
                ar: c.ar.clone(),
                ma: c.ma.clone(),
                sar: c.sar.clone(),
                sma: c.sma.clone(),
                constant: c.constant,
                drift: c.drift,
            },
            sigma2: fit.sigma2(),
            loglik: fit.loglik(),
            aic: fit.aic(),
            aicc: fit.aicc(),
            bic: fit.bic(),
            converged: fit.converged(),
        }
    }
}
