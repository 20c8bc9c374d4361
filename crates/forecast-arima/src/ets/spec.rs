//! [`Ets`]: one ETS model, estimated by maximum likelihood.

use ecom_core::TimeSeries;
use serde::{Deserialize, Serialize};

use super::core::{self, Shape};
use super::fitted::{EtsParameters, FittedEts};
use super::model::{EtsModel, SeasonType, TrendType};
use super::optimize::{self, Problem};
use super::params::{Bounds, EtsBounds, Free};
use crate::baseline::{check_values, constant_value};
use crate::error::{ArimaError, Result};
use crate::forecaster::Forecaster;
use crate::note::FitNote;

/// Longest seasonal period an ETS model takes (52: weekly data with a yearly season).
///
/// A seasonal model estimates m − 1 initial seasonal states, so its cost grows like m²
/// per likelihood pass, and with many states the likelihood surface is flat; R's `ets`
/// refuses periods above 24 for that reason, statsforecast has no limit. A fixed seasonal
/// [`Ets`] beyond it is an error; [`AutoEts`](crate::AutoEts) fits non-seasonal models
/// instead, with a [`FitNote::SeasonIgnored`].
pub const MAX_ETS_PERIOD: usize = 52;

/// One exponential-smoothing state-space model (Hyndman et al. 2008): error A/M, trend
/// N/A/Ad, season N/A/M, estimated by maximum likelihood as R's `ets` and statsforecast's
/// `ETS`: the same likelihood, the same parameter region (see [`EtsBounds`]), the same
/// starting values (statsforecast's `initstate` and `initparam`), the same restrictions
/// (ETS(A,·,M) refused unless [`with_restrict(false)`](Self::with_restrict), multiplicative
/// components only on positive data). The optimiser differs: Levenberg–Marquardt with exact
/// derivatives instead of Nelder–Mead, so estimates reach the optimum statsforecast's
/// 1,000-iteration Nelder–Mead often stops short of.
///
/// ```
/// use forecast_arima::{Ets, EtsModel};
/// let y: Vec<f64> = (0..48)
///     .map(|t| (100.0 + 2.0 * t as f64) * [0.9, 1.1, 1.2, 0.8][t % 4])
///     .collect();
/// let fit = Ets::new(EtsModel::parse("MAM")?).with_period(4).fit_slice(&y)?;
/// assert_eq!(fit.model().to_string(), "ETS(M,A,M)");
/// let f = fit.forecast(4, &[95.0])?;
/// assert!((f.mean[0] - 196.0 * 0.9).abs() < 2.0);
/// # Ok::<(), forecast_arima::ArimaError>(())
/// ```
///
/// As a stored configuration: `{"model": "ETS(M,A,M)", "period": 12}` plus optional
/// `alpha`, `beta`, `gamma`, `phi` (fixed values), `bounds` and `restrict`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "EtsRepr")]
pub struct Ets {
    model: EtsModel,
    #[serde(skip_serializing_if = "Option::is_none")]
    period: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    alpha: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    beta: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    gamma: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    phi: Option<f64>,
    bounds: EtsBounds,
    restrict: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EtsRepr {
    model: EtsModel,
    #[serde(default)]
    period: Option<usize>,
    #[serde(default)]
    alpha: Option<f64>,
    #[serde(default)]
    beta: Option<f64>,
    #[serde(default)]
    gamma: Option<f64>,
    #[serde(default)]
    phi: Option<f64>,
    #[serde(default)]
    bounds: EtsBounds,
    #[serde(default = "yes")]
    restrict: bool,
}

fn yes() -> bool {
    true
}

impl TryFrom<EtsRepr> for Ets {
    type Error = ArimaError;

    fn try_from(r: EtsRepr) -> Result<Self> {
        let spec = Self {
            model: r.model,
            period: r.period,
            alpha: r.alpha,
            beta: r.beta,
            gamma: r.gamma,
            phi: r.phi,
            bounds: r.bounds,
            restrict: r.restrict,
        };
        spec.validate(spec.period.unwrap_or(1))?;
        Ok(spec)
    }
}

impl Ets {
    /// The model `model`, all parameters estimated, bounds [`EtsBounds::Both`], restricted.
    pub fn new(model: EtsModel) -> Self {
        Self {
            model,
            period: None,
            alpha: None,
            beta: None,
            gamma: None,
            phi: None,
            bounds: EtsBounds::Both,
            restrict: true,
        }
    }

    /// Seasonal period; by default the series' own period ([`TimeSeries::period`]), else 1.
    pub fn with_period(mut self, period: usize) -> Self {
        self.period = Some(period);
        self
    }

    /// Fixes α (checked in `fit`: in [0.0001, 0.9999]).
    pub fn with_alpha(mut self, alpha: f64) -> Self {
        self.alpha = Some(alpha);
        self
    }

    /// Fixes β (trend models; in [0.0001, 0.9999] and at most α).
    pub fn with_beta(mut self, beta: f64) -> Self {
        self.beta = Some(beta);
        self
    }

    /// Fixes γ (seasonal models; in [0.0001, 0.9999] and at most 1 − α).
    pub fn with_gamma(mut self, gamma: f64) -> Self {
        self.gamma = Some(gamma);
        self
    }

    /// Fixes φ (damped models; in [0.8, 0.98]).
    pub fn with_phi(mut self, phi: f64) -> Self {
        self.phi = Some(phi);
        self
    }

    /// The parameter region (default [`EtsBounds::Both`], R's default).
    pub fn with_bounds(mut self, bounds: EtsBounds) -> Self {
        self.bounds = bounds;
        self
    }

    /// Whether ETS(A,·,M) is refused (default true, as R's `restrict = TRUE` and
    /// statsforecast).
    pub fn with_restrict(mut self, restrict: bool) -> Self {
        self.restrict = restrict;
        self
    }

    /// The model.
    pub fn model(&self) -> EtsModel {
        self.model
    }

    /// The period set with [`with_period`](Self::with_period).
    pub fn period(&self) -> Option<usize> {
        self.period
    }

    /// The parameter region.
    pub fn bounds(&self) -> EtsBounds {
        self.bounds
    }

    /// Whether ETS(A,·,M) is refused.
    pub fn restrict(&self) -> bool {
        self.restrict
    }

    fn fixed(&self) -> [Option<f64>; 4] {
        [self.alpha, self.beta, self.gamma, self.phi]
    }

    /// The specification on its own (before any data).
    fn validate(&self, period: usize) -> Result<()> {
        if period == 0 {
            return Err(ArimaError::invalid("period", "must be at least 1"));
        }
        if self.model.season != SeasonType::None {
            if period < 2 {
                return Err(ArimaError::invalid(
                    "period",
                    format!(
                        "{} is seasonal: it needs a period of at least 2",
                        self.model
                    ),
                ));
            }
            if period > MAX_ETS_PERIOD {
                return Err(ArimaError::invalid(
                    "period",
                    format!("{period} is beyond the ETS limit of {MAX_ETS_PERIOD}"),
                ));
            }
        }
        if self.restrict && self.model.is_restricted() {
            return Err(ArimaError::invalid(
                "model",
                format!(
                    "{} (additive error, multiplicative season) is excluded as in R and \
                     statsforecast; use with_restrict(false) to fit it",
                    self.model
                ),
            ));
        }
        let b = Bounds::DEFAULT;
        let names = ["alpha", "beta", "gamma", "phi"];
        for (i, v) in self.fixed().into_iter().enumerate() {
            if let Some(v) = v
                && !(v >= b.lower[i] && v <= b.upper[i])
            {
                return Err(ArimaError::invalid(
                    names[i],
                    format!("must be in [{}, {}], got {v}", b.lower[i], b.upper[i]),
                ));
            }
        }
        let present = [
            true,
            self.model.trend.has_trend(),
            self.model.season != SeasonType::None,
            self.model.trend == TrendType::Damped,
        ];
        for i in 1..4 {
            if self.fixed()[i].is_some() && !present[i] {
                return Err(ArimaError::invalid(
                    names[i],
                    format!("{} has no {}", self.model, names[i]),
                ));
            }
        }
        if let (Some(a), Some(bt)) = (self.alpha, self.beta)
            && present[1]
            && bt > a
        {
            return Err(ArimaError::invalid(
                "beta",
                format!("must be at most alpha ({a}), got {bt}"),
            ));
        }
        if let (Some(a), Some(g)) = (self.alpha, self.gamma)
            && present[2]
            && g > 1.0 - a
        {
            return Err(ArimaError::invalid(
                "gamma",
                format!("must be at most 1 - alpha ({}), got {g}", 1.0 - a),
            ));
        }
        if !super::params::feasible(
            &Free::new(&Shape::new(self.model, period), self.fixed()),
            &b,
        ) {
            return Err(ArimaError::invalid(
                "beta",
                "the fixed beta and gamma leave no alpha with beta <= alpha <= 1 - gamma",
            ));
        }
        Ok(())
    }

    /// Number of parameters k (estimated smoothing parameters and initial states, plus σ²).
    fn n_params(&self, period: usize) -> usize {
        let shape = Shape::new(self.model, period);
        Free::new(&shape, self.fixed()).count() + shape.n_free_states() + 1
    }

    /// Fewest observations a fit needs: statsforecast's `n > npars + 4`, `k + 1 < n` (so
    /// AICc and σ² are defined) and, with a season, more than one period.
    fn needed(&self, period: usize) -> usize {
        let trend = self.model.trend.has_trend();
        let seasonal = self.model.season != SeasonType::None;
        let npars = 2
            + 2 * usize::from(trend)
            + 2 * usize::from(seasonal)
            + usize::from(self.model.trend == TrendType::Damped);
        let mut needed = (npars + 5).max(self.n_params(period) + 2);
        if seasonal {
            needed = needed.max(period + 1);
        }
        needed
    }

    /// Fits to a series; the period comes from [`with_period`](Self::with_period), else the
    /// series, else 1. The fitted model dates its forecasts from the series.
    ///
    /// A constant series is fitted as statsforecast does, by ETS(A,N,N) with α = 0.9999 and
    /// the value as level (σ² = 0, zero-width intervals), with a
    /// [`FitNote::ConstantSeries`].
    ///
    /// # Errors
    /// [`ArimaError::InvalidParameter`] for an invalid specification (a seasonal model with a
    /// period below 2 or beyond [`MAX_ETS_PERIOD`], a restricted model, fixed parameters out
    /// of range) or a multiplicative model on data that are not all positive;
    /// [`ArimaError::NotEnoughData`] below the length the model needs;
    /// [`ArimaError::Numerical`] if the likelihood cannot be evaluated at the start.
    pub fn fit(&self, series: &TimeSeries) -> Result<FittedEts> {
        crate::error::refuse_missing(series, "ETS")?;
        let period = self.period.or(series.period()).unwrap_or(1);
        Ok(self.fit_period(series.values(), period)?.dated(series))
    }

    /// Fits to plain values (period from the specification, else 1).
    ///
    /// # Errors
    /// As [`fit`](Self::fit), plus [`ArimaError::Empty`], [`ArimaError::NonFinite`] and
    /// [`ArimaError::Core`] (a value beyond [`ecom_core::MAX_ABS_VALUE`]).
    pub fn fit_slice(&self, y: &[f64]) -> Result<FittedEts> {
        self.fit_period(y, self.period.unwrap_or(1))
    }

    pub(crate) fn fit_period(&self, y: &[f64], period: usize) -> Result<FittedEts> {
        check_values(y, 1)?;
        self.validate(period)?;
        if let Some(c) = constant_value(y) {
            return constant_fit(y, c);
        }
        self.check_data(y, period)?;
        let shape = Shape::new(self.model, period);
        let est = optimize::estimate(
            y,
            &Problem {
                shape,
                fixed: self.fixed(),
                bounds: self.bounds,
            },
        )?;
        let k = Free::new(&shape, self.fixed()).count() + shape.n_free_states() + 1;
        debug_assert_eq!(k, est.n_estimated + 1);
        finish(
            shape,
            EtsParameters::from_smoothing(&shape, &est.sm),
            est.x0,
            est.filtered,
            k,
            est.converged,
            est.iterations,
        )
    }

    fn check_data(&self, y: &[f64], period: usize) -> Result<()> {
        let needed = self.needed(period);
        if y.len() < needed {
            return Err(ArimaError::NotEnoughData {
                needed,
                got: y.len(),
            });
        }
        if self.model.needs_positive_data()
            && !(y.iter().fold(f64::INFINITY, |a, &v| a.min(v)) > 0.0)
        {
            return Err(ArimaError::invalid(
                "model",
                format!(
                    "{} has a multiplicative component, which needs positive data (the \
                     series has zero or negative values)",
                    self.model
                ),
            ));
        }
        Ok(())
    }

    /// The model at given parameters and initial state, without estimating anything: its
    /// errors, likelihood and forecasts on `y` (statsforecast's `ets_f(y, m, model=fitted)`,
    /// R's `ets(y, model = fit)`). `initial_state` is `[l₀, b₀, s₁, …, s_m]` in full; `k` in
    /// the information criteria counts what an estimation would have estimated (every
    /// parameter of the model, all initial states but s_m, and σ²), as statsforecast does.
    ///
    /// # Errors
    /// As [`fit_slice`](Self::fit_slice) for the data and the specification;
    /// [`ArimaError::InvalidParameter`] for parameters missing, present for an absent
    /// component, outside the usual region, or an initial state of the wrong length.
    pub fn evaluate(
        &self,
        y: &[f64],
        parameters: EtsParameters,
        initial_state: &[f64],
    ) -> Result<FittedEts> {
        check_values(y, 1)?;
        let period = self.period.unwrap_or(1);
        self.validate(period)?;
        self.check_data(y, period)?;
        let shape = Shape::new(self.model, period);
        let want = [
            ("beta", parameters.beta.is_some(), shape.trend()),
            ("gamma", parameters.gamma.is_some(), shape.seasonal()),
            (
                "phi",
                parameters.phi.is_some(),
                self.model.trend == TrendType::Damped,
            ),
        ];
        for (name, has, needs) in want {
            if has != needs {
                return Err(ArimaError::invalid(
                    name,
                    format!(
                        "{} for {}",
                        if needs { "missing" } else { "not used" },
                        self.model
                    ),
                ));
            }
        }
        let sm = parameters.smoothing();
        if !super::params::check(&shape, &sm, &Bounds::DEFAULT, EtsBounds::Usual) {
            return Err(ArimaError::invalid(
                "parameters",
                format!("outside the usual region: {parameters:?}"),
            ));
        }
        if initial_state.len() != shape.n_states() {
            return Err(ArimaError::invalid(
                "initial_state",
                format!(
                    "{} has {} states, got {}",
                    self.model,
                    shape.n_states(),
                    initial_state.len()
                ),
            ));
        }
        crate::error::check_finite(initial_state)?;
        let filtered = core::filter(y, &shape, &sm, initial_state);
        let k = Free::new(&shape, [None; 4]).count() + shape.n_free_states() + 1;
        finish(
            shape,
            parameters,
            initial_state.to_vec(),
            filtered,
            k,
            true,
            0,
        )
    }
}

/// statsforecast's fit of a constant series: ETS(A,N,N), α = 0.9999, level the value.
pub(crate) fn constant_fit(y: &[f64], c: f64) -> Result<FittedEts> {
    let shape = Shape::new(EtsModel::parse("ANN").expect("a valid model name"), 1);
    let sm = core::Smoothing {
        alpha: 0.9999,
        beta: 0.0,
        gamma: 0.0,
        phi: 1.0,
    };
    let filtered = core::filter(y, &shape, &sm, &[c]);
    let mut fit = finish(
        shape,
        EtsParameters::from_smoothing(&shape, &sm),
        vec![c],
        filtered,
        2,
        true,
        0,
    )?;
    fit.notes.push(FitNote::ConstantSeries { value: c });
    Ok(fit)
}

/// The fitted model from a final filter pass.
fn finish(
    shape: Shape,
    params: EtsParameters,
    x0: Vec<f64>,
    filtered: core::Filtered,
    k: usize,
    converged: bool,
    iterations: usize,
) -> Result<FittedEts> {
    let n = filtered.e.len();
    if k + 1 >= n {
        return Err(ArimaError::NotEnoughData {
            needed: k + 2,
            got: n,
        });
    }
    let lik = core::neg2loglik(n, filtered.sse, filtered.sum_log_f, shape.model.error);
    let loglik = crate::limits::finite(-0.5 * lik, "the log-likelihood")?;
    let sigma2 = crate::limits::finite(filtered.sse / (n - k - 1) as f64, "sigma2")?;
    crate::limits::all_finite(&filtered.fitted, "a fitted value")?;
    crate::limits::all_finite(&filtered.e, "a residual")?;
    crate::limits::all_finite(&filtered.last, "the final state")?;
    Ok(FittedEts {
        model: shape.model,
        period: shape.m,
        params,
        initial_state: x0,
        state: filtered.last,
        fitted: filtered.fitted,
        residuals: filtered.e,
        sigma2,
        loglik,
        n_params: k,
        converged,
        iterations,
        notes: Vec::new(),
        next: None,
    })
}

impl Forecaster for Ets {
    type Fitted = FittedEts;

    fn fit_series(&self, series: &TimeSeries) -> Result<Self::Fitted> {
        self.fit(series)
    }

    fn min_train_len(&self) -> Result<usize> {
        let period = self.period.unwrap_or(1);
        self.validate(period)?;
        Ok(self.needed(period))
    }
}
