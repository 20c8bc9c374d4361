//! A serialisable description of a fitted forecasting model.

use forecast_arima::{Coefficients, FitNote, FittedArima, Trend};
use serde::{Deserialize, Serialize};

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
    /// Estimated coefficients (R's sign convention).
    pub coefficients: Coefficients,
    /// Innovation variance.
    pub sigma2: f64,
    /// Log-likelihood (R's convention for exact ML; the CSS objective for CSS fits); `None`
    /// when the model reproduces the data exactly (a constant series), where it is unbounded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loglik: Option<f64>,
    /// Akaike information criterion (`None` for CSS fits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aic: Option<f64>,
    /// Small-sample corrected AIC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aicc: Option<f64>,
    /// Bayesian information criterion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bic: Option<f64>,
    /// Whether the optimiser met its convergence test.
    pub converged: bool,
    /// What the fit wants a reader to know (a constant series, an exact fit, a restarted
    /// optimiser), as sentences.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl From<&FittedArima> for ModelSummary {
    fn from(fit: &FittedArima) -> Self {
        let o = fit.order();
        let s = fit.seasonal_order();
        let seasonal = s.p + s.d + s.q > 0;
        let exact = fit
            .notes()
            .iter()
            .any(|n| matches!(n, FitNote::ConstantSeries { .. } | FitNote::ExactFit));
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
            coefficients: fit.coefficients().clone(),
            sigma2: fit.sigma2(),
            loglik: (!exact).then(|| fit.loglik()),
            aic: fit.aic(),
            aicc: fit.aicc(),
            bic: fit.bic(),
            converged: fit.converged(),
            notes: fit.notes().iter().map(ToString::to_string).collect(),
        }
    }
}
