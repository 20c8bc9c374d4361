//! The ARIMA model specification.

use ecom_core::TimeSeries;
use serde::{Deserialize, Serialize};

use crate::error::{ArimaError, Result};
use crate::estimate::{self, ModelSpec, Prepared};
use crate::fitted::{Coefficients, FittedArima};
use crate::kalman::Sums;
use crate::order::{Method, Order, SeasonalOrder, Trend};
use crate::regressors::Regressors;
use crate::saved::nullable;

/// An ARIMA(p,d,q)(P,D,Q)s specification; [`fit`](Arima::fit) estimates it.
///
/// The model, with R's sign conventions, is
/// `φ(L)Φ(Lˢ)(1−L)ᵈ(1−Lˢ)ᴰ(y_t − μ − δt) = θ(L)Θ(Lˢ)e_t`, `e_t ~ N(0, σ²)`,
/// with `φ(L) = 1 − φ₁L − …` and `θ(L) = 1 + θ₁L + …`. Estimation defaults to R's `CSS-ML`:
/// conditional-sum-of-squares starting values refined by exact Gaussian maximum likelihood
/// (Kalman filter, exact stationary initial covariance), optimised by BFGS in a
/// parameterisation that keeps the AR part stationary and the MA part invertible.
///
/// ```
/// use forecast_arima::Arima;
/// // The design notes' ten days of sales, ARIMA(1,0,0) with a mean.
/// let sales = [150.0, 160.0, 155.0, 165.0, 157.0, 162.0, 159.0, 167.0, 158.0, 163.0];
/// let fit = Arima::new(1, 0, 0).with_trend(forecast_arima::Trend::Constant).fit_slice(&sales)?;
/// // statsmodels: ar.L1 = -0.5241, const = 159.829, loglik = -28.7709
/// assert!((fit.coefficients().ar[0] + 0.5241).abs() < 1e-3);
/// assert!((fit.coefficients().constant.unwrap() - 159.829).abs() < 1e-2);
/// assert!((fit.loglik() + 28.7709).abs() < 1e-3);
/// # Ok::<(), forecast_arima::ArimaError>(())
/// ```
///
/// It prints as R names the model, and (de)serialises as a stored configuration: only `order`
/// is required, the rest default as in [`Arima::new`], and reading checks the specification
/// as [`fit`](Arima::fit) would (an inconsistent one is an error, not a model).
///
/// ```
/// use forecast_arima::{Arima, Trend};
/// let spec = Arima::new(0, 0, 0).with_seasonal(1, 0, 1, 7).with_trend(Trend::Constant);
/// assert_eq!(spec.to_string(), "ARIMA(0,0,0)(1,0,1)[7] with mean");
/// let json = serde_json::to_string(&spec)?;
/// assert_eq!(serde_json::from_str::<Arima>(&json)?, spec);
/// let config: Arima = serde_json::from_str(r#"{"order": {"p": 1, "d": 1, "q": 1}}"#)?;
/// assert_eq!(config, Arima::new(1, 1, 1));
/// // A mean with differencing is not a model.
/// let bad = r#"{"order": {"p": 0, "d": 1, "q": 1}, "trend": "Constant"}"#;
/// assert!(serde_json::from_str::<Arima>(bad).is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "ArimaRepr")]
pub struct Arima {
    order: Order,
    seasonal_order: SeasonalOrder,
    trend: Trend,
    method: Method,
    max_iter: usize,
    #[serde(with = "nullable")]
    min_root_modulus: f64,
}

/// The serde form of [`Arima`] before validation; absent fields take [`Arima::new`]'s values.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ArimaRepr {
    order: Order,
    #[serde(default)]
    seasonal_order: SeasonalOrder,
    #[serde(default)]
    trend: Trend,
    #[serde(default)]
    method: Method,
    #[serde(default = "default_max_iter")]
    max_iter: usize,
    #[serde(default = "default_min_root_modulus", with = "nullable")]
    min_root_modulus: f64,
}

fn default_max_iter() -> usize {
    Arima::default().max_iter
}

fn default_min_root_modulus() -> f64 {
    Arima::default().min_root_modulus
}

impl TryFrom<ArimaRepr> for Arima {
    type Error = ArimaError;

    fn try_from(r: ArimaRepr) -> Result<Self> {
        let spec = Self {
            order: r.order,
            seasonal_order: r.seasonal_order,
            trend: r.trend,
            method: r.method,
            max_iter: r.max_iter,
            min_root_modulus: r.min_root_modulus,
        };
        spec.model_spec().validate()?;
        Ok(spec)
    }
}

/// R's name of the model: `ARIMA(p,d,q)`, then `(P,D,Q)[s]` when there is a seasonal part,
/// then ` with mean` or ` with drift`.
impl std::fmt::Display for Arima {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ARIMA{}", self.order)?;
        if self.seasonal_order.is_seasonal() {
            write!(f, "{}", self.seasonal_order)?;
        }
        f.write_str(match self.trend {
            Trend::None => "",
            Trend::Constant => " with mean",
            Trend::Drift => " with drift",
        })
    }
}

impl Default for Arima {
    /// ARIMA(0,0,0) without a constant, CSS-ML.
    fn default() -> Self {
        Self::from_order(Order::default())
    }
}

/// Builder setters are `with_*` (by value, checked in `fit`); the getters of the same names
/// without the prefix read them, as on [`FittedArima`].
impl Arima {
    /// ARIMA(p,d,q), no seasonal part, no constant, CSS-ML.
    pub fn new(p: usize, d: usize, q: usize) -> Self {
        Self::from_order(Order::new(p, d, q))
    }

    /// The same from an [`Order`].
    pub fn from_order(order: Order) -> Self {
        Self {
            order,
            seasonal_order: SeasonalOrder::NONE,
            trend: Trend::None,
            method: Method::CssMl,
            max_iter: 100,
            min_root_modulus: 1.0,
        }
    }

    /// Sets the non-seasonal order.
    pub fn with_order(mut self, order: Order) -> Self {
        self.order = order;
        self
    }

    /// Adds a seasonal part (P,D,Q) at `period`.
    pub fn with_seasonal(mut self, p: usize, d: usize, q: usize, period: usize) -> Self {
        self.seasonal_order = SeasonalOrder::new(p, d, q, period);
        self
    }

    /// Sets the seasonal part from a [`SeasonalOrder`].
    pub fn with_seasonal_order(mut self, seasonal: SeasonalOrder) -> Self {
        self.seasonal_order = seasonal;
        self
    }

    /// Sets the deterministic terms (default none).
    pub fn with_trend(mut self, trend: Trend) -> Self {
        self.trend = trend;
        self
    }

    /// Sets the estimation method (default [`Method::CssMl`]).
    pub fn with_method(mut self, method: Method) -> Self {
        self.method = method;
        self
    }

    /// Iteration limit of each optimisation stage (default 100, as R's `optim`).
    pub fn with_max_iter(mut self, max_iter: usize) -> Self {
        self.max_iter = max_iter;
        self
    }

    /// Keeps every root of the AR and MA polynomials (seasonal ones included, as roots of
    /// the expanded polynomial) outside this radius during estimation. The default 1 means
    /// stationary and invertible; [`AutoArima`](crate::AutoArima) uses 1.01, the distance R and
    /// statsforecast require of a selectable model.
    pub fn with_min_root_modulus(mut self, radius: f64) -> Self {
        self.min_root_modulus = radius;
        self
    }

    /// The non-seasonal order.
    pub fn order(&self) -> Order {
        self.order
    }

    /// The seasonal order ([`SeasonalOrder::NONE`] when non-seasonal).
    pub fn seasonal_order(&self) -> SeasonalOrder {
        self.seasonal_order
    }

    /// The deterministic terms.
    pub fn trend(&self) -> Trend {
        self.trend
    }

    /// The estimation method.
    pub fn method(&self) -> Method {
        self.method
    }

    /// The iteration limit of each optimisation stage.
    pub fn max_iter(&self) -> usize {
        self.max_iter
    }

    /// The radius every AR and MA root is kept outside of during estimation.
    pub fn min_root_modulus(&self) -> f64 {
        self.min_root_modulus
    }

    pub(crate) fn model_spec(&self) -> ModelSpec {
        ModelSpec {
            order: self.order,
            seasonal: self.seasonal_order,
            trend: self.trend,
            method: self.method,
            max_iter: self.max_iter,
            root_radius: self.min_root_modulus,
            n_xreg: 0,
        }
    }

    /// The spec with `n_xreg` user regressors.
    pub(crate) fn model_spec_with(&self, n_xreg: usize) -> ModelSpec {
        ModelSpec {
            n_xreg,
            ..self.model_spec()
        }
    }

    pub(crate) fn from_model_spec(s: &ModelSpec) -> Self {
        Self {
            order: s.order,
            seasonal_order: s.seasonal,
            trend: s.trend,
            method: s.method,
            max_iter: s.max_iter,
            min_root_modulus: s.root_radius,
        }
    }

    /// Fits the model to a series. When the series has dates, the model remembers the period
    /// after its last observation and its forecasts carry their dates.
    ///
    /// A series the model reproduces exactly is not an error: a constant series with a mean
    /// or with differencing, an all-zero series, or data that differencing turns into zero
    /// (or into the drift) give a fit with σ² = 0, zero-width prediction intervals and a
    /// [`FitNote`](crate::FitNote) in [`FittedArima::notes`], as R and statsmodels do. When
    /// exact ML fails from its usual start it is restarted (the CSS estimates with an identity
    /// Hessian, the plain ML start, then damped values; noted as
    /// [`FitNote::MlRestarted`](crate::FitNote::MlRestarted)).
    ///
    /// # Errors
    /// [`ArimaError::InvalidParameter`] for an inconsistent specification (seasonal terms with
    /// a period below 2, a constant with differencing, drift without exactly one difference, a
    /// state beyond [`MAX_STATE_DIM`](crate::MAX_STATE_DIM)); [`ArimaError::NotEnoughData`] for
    /// a series too short for the order; [`ArimaError::ConstantSeries`] for constant data the
    /// model cannot reproduce (a non-zero constant without mean or differencing, or a non-zero
    /// constant after differencing without drift); [`ArimaError::Numerical`] if the likelihood
    /// cannot be evaluated from any start; [`ArimaError::Overflow`] if a result is not finite.
    ///
    /// A series with missing observations ([`TimeSeries::with_missing`]) is fitted as
    /// [`fit_with_missing`](Self::fit_with_missing) does.
    pub fn fit(&self, series: &TimeSeries) -> Result<FittedArima> {
        let fit = if series.has_missing() {
            self.fit_with_missing(series.values())?
        } else {
            self.fit_slice(series.values())?
        };
        Ok(fit.dated(series))
    }

    /// Fits the model to plain values (NaN and infinities are rejected with
    /// [`ArimaError::NonFinite`], values beyond [`ecom_core::MAX_ABS_VALUE`] with
    /// [`ArimaError::Core`], as [`TimeSeries`] does).
    ///
    /// # Errors
    /// As [`fit`](Self::fit), plus [`ArimaError::Empty`], [`ArimaError::NonFinite`] and
    /// [`ArimaError::Core`].
    pub fn fit_slice(&self, y: &[f64]) -> Result<FittedArima> {
        let spec = self.model_spec();
        let data = estimate::prepare(&spec, y, false)?;
        fit_prepared(&spec, &data, true, &[])
    }

    /// Regression with ARIMA errors (R's `Arima(y, xreg = x)`, statsmodels'
    /// `SARIMAX(y, exog = x)`): `y_t = β'x_t + u_t` with `u_t` following this ARIMA model
    /// (and its constant or drift, if any). The regressors are differenced with the series, so
    /// with d or D > 0 a level shift in `y` is a step in `x`, not a pulse.
    ///
    /// β is estimated with the ARMA coefficients by exact maximum likelihood: for given ARMA
    /// coefficients the likelihood's maximum over β is the generalised-least-squares estimate
    /// from the Kalman filter, so the optimiser searches over the ARMA coefficients only and β
    /// follows exactly (at the start, the least-squares fit on the differenced data, as R
    /// begins). [`FittedArima::regressors`] reports each β with its standard error, and
    /// forecasts need the regressors' future values: [`FittedArima::forecast_with`].
    ///
    /// Row `t` of `x` goes with observation `t`; dates are the caller's to align (one row per
    /// period of the series).
    ///
    /// ```
    /// use forecast_arima::{Arima, DEFAULT_LEVELS, Regressors};
    /// // Daily sales with a promotion on days 5-7 and 12-13 (lifting sales by about 30).
    /// let sales = [52.0, 49.0, 55.0, 50.0, 83.0, 86.0, 80.0, 51.0, 54.0, 48.0, 53.0, 84.0,
    ///     79.0, 50.0, 55.0, 49.0, 52.0, 51.0, 54.0, 50.0];
    /// let promo: Vec<f64> = (0..20).map(|t| f64::from(u8::from([4, 5, 6, 11, 12].contains(&t)))).collect();
    /// let x = Regressors::from_columns([("promo", promo)])?;
    /// let fit = Arima::new(1, 0, 0).with_trend(forecast_arima::Trend::Constant).fit_slice_with_regressors(&sales, &x)?;
    /// let promo_effect = &fit.regressors()[0];
    /// assert_eq!(promo_effect.name, "promo");
    /// assert!((promo_effect.estimate - 31.0).abs() < 2.0);
    /// // Next week has a promotion on its third day.
    /// let next = Regressors::from_columns([("promo", vec![0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0])])?;
    /// let f = fit.forecast_with(7, &next, &DEFAULT_LEVELS)?;
    /// assert!(f.mean[2] > f.mean[1] + 25.0);
    /// // Without the future values there is no forecast.
    /// assert!(fit.forecast(7, &DEFAULT_LEVELS).is_err());
    /// # Ok::<(), forecast_arima::ArimaError>(())
    /// ```
    ///
    /// # Errors
    /// As [`fit`](Self::fit), plus [`ArimaError::InvalidRegressors`] when `x` has a different
    /// number of rows than the series, and [`ArimaError::CollinearRegressor`] (naming the
    /// column) when a regressor cannot be estimated in this model: zero after the model's
    /// differencing (a constant column with d > 0), or a linear combination of the constant or
    /// drift and the columns before it. With regressors a constant series is not an error (the
    /// regression may reproduce it, which is then an exact fit with a note).
    pub fn fit_with_regressors(&self, series: &TimeSeries, x: &Regressors) -> Result<FittedArima> {
        Ok(self
            .fit_slice_with_regressors(series.values(), x)?
            .dated(series))
    }

    /// [`fit_with_regressors`](Self::fit_with_regressors) on plain values.
    ///
    /// # Errors
    /// As [`fit_with_regressors`](Self::fit_with_regressors), plus those of
    /// [`fit_slice`](Self::fit_slice).
    pub fn fit_slice_with_regressors(&self, y: &[f64], x: &Regressors) -> Result<FittedArima> {
        let spec = self.model_spec_with(x.columns());
        let data = estimate::prepare_with(&spec, y, false, Some(x))?;
        fit_prepared(&spec, &data, true, x.names())
    }

    /// [`fit_with_regressors`](Self::fit_with_regressors) on values in which NaN marks a missing
    /// observation, as [`fit_with_missing`](Self::fit_with_missing) (the regressors themselves
    /// must be complete).
    ///
    /// # Errors
    /// As [`fit_with_missing`](Self::fit_with_missing) and
    /// [`fit_with_regressors`](Self::fit_with_regressors); a regressor that is zero wherever
    /// the series is observed is [`ArimaError::CollinearRegressor`].
    pub fn fit_with_missing_and_regressors(
        &self,
        y: &[f64],
        x: &Regressors,
    ) -> Result<FittedArima> {
        let spec = self.model_spec_with(x.columns());
        let data = estimate::prepare_with(&spec, y, true, Some(x))?;
        if data.has_missing && self.method == Method::Css {
            return Err(ArimaError::invalid(
                "method",
                "conditional sum of squares cannot skip missing values; use Method::Ml or CssMl",
            ));
        }
        fit_prepared(&spec, &data, true, x.names())
    }

    /// Fits the model to values in which NaN marks a missing observation. The exact likelihood
    /// skips missing values (a Kalman filter on the full state with an exact diffuse prior for
    /// the integrated part); CSS starting values come from the linearly interpolated series.
    /// Residuals are NaN at missing observations and fitted values are the one-step
    /// predictions there.
    ///
    /// # Errors
    /// As [`fit_slice`](Self::fit_slice); infinite values are still rejected, and
    /// [`Method::Css`] is not available with missing values.
    pub fn fit_with_missing(&self, y: &[f64]) -> Result<FittedArima> {
        let spec = self.model_spec();
        let data = estimate::prepare(&spec, y, true)?;
        if data.has_missing && self.method == Method::Css {
            return Err(ArimaError::invalid(
                "method",
                "conditional sum of squares cannot skip missing values; use Method::Ml or CssMl",
            ));
        }
        fit_prepared(&spec, &data, true, &[])
    }

    /// The exact log-likelihood (R's convention: the Gaussian likelihood of the differenced
    /// series) at given ARMA coefficients. σ² is at its maximum-likelihood value; so is the
    /// constant or drift unless `coefficients` gives it. NaN marks a missing observation.
    ///
    /// When the coefficients reproduce the data exactly (σ² = 0) the likelihood is unbounded
    /// and this is `f64::MAX`, as [`FittedArima::loglik`].
    ///
    /// # Errors
    /// As [`fit_with_missing`](Self::fit_with_missing) (except that series the model
    /// reproduces exactly are accepted), plus [`ArimaError::InvalidParameter`] when the
    /// coefficient counts do not match the order, a coefficient is not finite, or the AR part
    /// is not stationary (or within about 1e-8 of a unit root, where the likelihood cannot be
    /// computed accurately).
    pub fn log_likelihood(&self, y: &[f64], coefficients: &Coefficients) -> Result<f64> {
        let spec = self.model_spec();
        let data = estimate::prepare(&spec, y, true)?;
        let shape = spec.shape();
        let c = coefficients;
        if c.ar.len() != shape.p
            || c.ma.len() != shape.q
            || c.sar.len() != shape.sp
            || c.sma.len() != shape.sq
        {
            return Err(ArimaError::invalid(
                "coefficients",
                "the numbers of ar/ma/sar/sma coefficients must match the order",
            ));
        }
        let coef: Vec<f64> =
            c.ar.iter()
                .chain(&c.ma)
                .chain(&c.sar)
                .chain(&c.sma)
                .copied()
                .collect();
        // A given constant or drift is in data units; the sums are on the internal scale.
        let fixed = match self.trend {
            Trend::None => None,
            Trend::Constant => c.constant,
            Trend::Drift => c.drift,
        }
        .map(|b| b / data.scale);
        if !coef.iter().all(|v| v.is_finite()) || fixed.is_some_and(|b| !b.is_finite()) {
            return Err(ArimaError::invalid(
                "coefficients",
                "every coefficient must be finite",
            ));
        }
        let mut ev = estimate::Evaluator::new(shape, &data, spec.root_radius);
        ev.set_coef(&coef);
        let s: &mut Sums = ev.ml_sums().ok_or_else(|| {
            ArimaError::invalid(
                "coefficients",
                "the AR part is not stationary (or so close to a unit root that the \
                     likelihood cannot be computed accurately)",
            )
        })?;
        let beta = match fixed {
            Some(b) => vec![b],
            None => s.beta(),
        };
        let (sigma2, loglik) = estimate::ml_sigma2_loglik(s, &beta);
        if sigma2 == 0.0 {
            // The data follow the model exactly: unbounded, as in FittedArima::loglik.
            return Ok(f64::MAX);
        }
        // σ² on the original scale is scale² times larger.
        let loglik = loglik - s.n as f64 * data.scale.ln();
        crate::limits::finite(loglik, "the log-likelihood")
    }
}

/// Estimation plus residuals, state and (optionally) standard errors.
pub(crate) fn fit_prepared(
    spec: &ModelSpec,
    data: &Prepared,
    with_se: bool,
    names: &[String],
) -> Result<FittedArima> {
    let est = estimate::estimate(spec, data)?;
    let fin = estimate::finish(spec, data, &est, with_se)?;
    FittedArima::new(*spec, data, est, fin, names)
}
