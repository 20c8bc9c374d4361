//! A serialisable description of a fitted forecasting model.

use forecast_arima::{Coefficients, FitNote, FittedArima, Order, SeasonalOrder, Trend};
use serde::{Deserialize, Serialize};

/// What model produced a forecast: its orders, coefficients and fit statistics.
///
/// The JSON form is the one `ecom forecast` prints: `{"name", "order": {"p", "d", "q"},
/// "seasonal_order": {"p", "d", "q", "period"} (seasonal models only), "trend",
/// "coefficients": {...}, "sigma2", "loglik", "aic", "aicc", "bic", "converged", "notes"}`,
/// in the forecasting crate's own `Order` / `SeasonalOrder` / `Trend` vocabulary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelSummary {
    /// Readable name, the fitted model's `Display`: e.g. `ARIMA(1,1,1)(0,1,1)[7]`.
    pub name: String,
    /// Non-seasonal order (p, d, q).
    pub order: Order,
    /// Seasonal order (P, D, Q) and period; `None` for a non-seasonal model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seasonal_order: Option<SeasonalOrder>,
    /// Mean, drift or neither.
    pub trend: Trend,
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
        let s = fit.seasonal_order();
        let exact = fit
            .notes()
            .iter()
            .any(|n| matches!(n, FitNote::ConstantSeries { .. } | FitNote::ExactFit));
        Self {
            name: fit.to_string(),
            order: fit.order(),
            seasonal_order: (s.p + s.d + s.q > 0).then_some(s),
            trend: fit.trend(),
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
