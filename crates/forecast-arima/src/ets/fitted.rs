//! A fitted ETS model: estimates, diagnostics, forecasts and the distribution of future
//! totals.

use ecom_core::{Forecast, ForecastInterval, Frequency, NaiveDate, TimeSeries};
use serde::{Deserialize, Serialize};

use super::core::{self, Shape, Smoothing};
use super::model::{Class, EtsModel, SeasonType, TrendType};
use super::params::{self, Bounds, EtsBounds};
use super::variance::{self, ETS_SIMULATION_PATHS, ETS_SIMULATION_SEED};
use crate::calendar::{NextPeriod, stamp};
use crate::error::{ArimaError, Result};
use crate::fitted::{InformationCriteria, MeanForecast};
use crate::forecaster::FittedModel;
use crate::interval::{gaussian_forecast, normal_quantile};
use crate::limits::{all_finite, check_forecast_request, check_horizon, finite};
use crate::note::FitNote;
use crate::saved::{self as check, nullable, nullable_vec};

/// Smoothing parameters of an ETS model; those of absent components are `None`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct EtsParameters {
    /// Level smoothing α.
    pub alpha: f64,
    /// Trend smoothing β (models with a trend).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beta: Option<f64>,
    /// Seasonal smoothing γ (seasonal models).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gamma: Option<f64>,
    /// Damping φ (damped trend).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phi: Option<f64>,
}

impl EtsParameters {
    pub(crate) fn from_smoothing(shape: &Shape, sm: &Smoothing) -> Self {
        Self {
            alpha: sm.alpha,
            beta: shape.trend().then_some(sm.beta),
            gamma: shape.seasonal().then_some(sm.gamma),
            phi: (shape.model.trend == TrendType::Damped).then_some(sm.phi),
        }
    }

    /// The neutral values where a component is absent.
    pub(crate) fn smoothing(&self) -> Smoothing {
        Smoothing {
            alpha: self.alpha,
            beta: self.beta.unwrap_or(0.0),
            gamma: self.gamma.unwrap_or(0.0),
            phi: self.phi.unwrap_or(1.0),
        }
    }
}

/// An estimated ETS model, from [`Ets`](crate::Ets) or [`AutoEts`](crate::AutoEts).
///
/// The likelihood is R's and statsforecast's: `loglik = −½(n·ln Σeₜ² + 2·Σ ln|ŷₜ|)`, the
/// second sum only with multiplicative error (eₜ relative errors there); constants are left
/// out, as in both. `k` counts the estimated smoothing parameters, the estimated initial
/// states (all but the last seasonal one) and σ²; `AIC = −2·loglik + 2k`,
/// `AICc = AIC + 2k(k+1)/(n−k−1)`, `BIC = −2·loglik + k·ln n`, `σ² = Σeₜ²/(n−k−1)`
/// (statsforecast's divisor).
///
/// States are `[l, b, s₁, …, s_m]` as in R's and statsforecast's state matrices (b with a
/// trend, s with a season; s₁ the most recent seasonal state, s_m the one the next forecast
/// uses).
///
/// Forecast distributions follow Hyndman et al. (2008, ch. 6): exact Gaussian intervals for
/// the linear models (additive error without multiplicative season); for multiplicative error
/// the exact forecast variance with Gaussian intervals around the point forecast, as R and
/// statsforecast; for ETS(A,·,M) (only when unrestricted) simulated quantiles
/// ([`ETS_SIMULATION_PATHS`](crate::ETS_SIMULATION_PATHS) paths,
/// seed [`ETS_SIMULATION_SEED`](crate::ETS_SIMULATION_SEED)).
///
/// Serialises completely and is checked when read back; forecasts after a round trip are
/// bit-for-bit those of the original.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(into = "FittedEtsRepr", try_from = "FittedEtsRepr")]
pub struct FittedEts {
    pub(crate) model: EtsModel,
    pub(crate) period: usize,
    pub(crate) params: EtsParameters,
    pub(crate) initial_state: Vec<f64>,
    pub(crate) state: Vec<f64>,
    pub(crate) fitted: Vec<f64>,
    pub(crate) residuals: Vec<f64>,
    pub(crate) sigma2: f64,
    pub(crate) loglik: f64,
    pub(crate) n_params: usize,
    pub(crate) converged: bool,
    pub(crate) iterations: usize,
    pub(crate) notes: Vec<FitNote>,
    pub(crate) next: Option<NextPeriod>,
}

/// The serde form of [`FittedEts`].
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FittedEtsRepr {
    model: EtsModel,
    period: usize,
    parameters: EtsParameters,
    #[serde(with = "nullable_vec")]
    initial_state: Vec<f64>,
    #[serde(with = "nullable_vec")]
    state: Vec<f64>,
    #[serde(with = "nullable_vec")]
    fitted: Vec<f64>,
    #[serde(with = "nullable_vec")]
    residuals: Vec<f64>,
    #[serde(with = "nullable")]
    sigma2: f64,
    #[serde(with = "nullable")]
    loglik: f64,
    n_params: usize,
    converged: bool,
    iterations: usize,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    notes: Vec<FitNote>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    forecast_start: Option<NextPeriod>,
}

impl From<FittedEts> for FittedEtsRepr {
    fn from(f: FittedEts) -> Self {
        Self {
            model: f.model,
            period: f.period,
            parameters: f.params,
            initial_state: f.initial_state,
            state: f.state,
            fitted: f.fitted,
            residuals: f.residuals,
            sigma2: f.sigma2,
            loglik: f.loglik,
            n_params: f.n_params,
            converged: f.converged,
            iterations: f.iterations,
            notes: f.notes,
            forecast_start: f.next,
        }
    }
}

impl TryFrom<FittedEtsRepr> for FittedEts {
    type Error = ArimaError;

    fn try_from(r: FittedEtsRepr) -> Result<Self> {
        let shape = Shape::new(r.model, r.period);
        if r.period == 0 || (r.model.season != SeasonType::None && r.period < 2) {
            return Err(check::bad(
                "period",
                format!("{} is not a period of {}", r.period, r.model),
            ));
        }
        let p = &r.parameters;
        let present = [
            ("parameters.beta", p.beta.is_some(), shape.trend()),
            ("parameters.gamma", p.gamma.is_some(), shape.seasonal()),
            (
                "parameters.phi",
                p.phi.is_some(),
                r.model.trend == TrendType::Damped,
            ),
        ];
        for (field, has, wants) in present {
            if has != wants {
                return Err(check::bad(
                    field,
                    format!(
                        "{} for {}",
                        if wants { "missing" } else { "not allowed" },
                        r.model
                    ),
                ));
            }
        }
        let sm = p.smoothing();
        for (name, v) in [
            ("parameters.alpha", sm.alpha),
            ("parameters.beta", sm.beta),
            ("parameters.gamma", sm.gamma),
            ("parameters.phi", sm.phi),
        ] {
            check::finite(name, v)?;
        }
        if !params::check(&shape, &sm, &Bounds::DEFAULT, EtsBounds::Usual) {
            return Err(check::bad(
                "parameters",
                format!(
                    "outside the usual region (alpha, beta, gamma in [1e-4, 0.9999], beta <= \
                     alpha, gamma <= 1 - alpha, phi in [0.8, 0.98]): {p:?}"
                ),
            ));
        }
        let ns = shape.n_states();
        check::length(
            "initial_state",
            r.initial_state.len(),
            ns,
            r.model.to_string().as_str(),
        )?;
        check::length("state", r.state.len(), ns, r.model.to_string().as_str())?;
        check::all_finite("initial_state", &r.initial_state)?;
        check::all_finite("state", &r.state)?;
        let n = r.fitted.len();
        check::length("residuals", r.residuals.len(), n, "one per fitted value")?;
        check::all_finite("fitted", &r.fitted)?;
        check::all_finite("residuals", &r.residuals)?;
        if r.n_params < 2 || r.n_params + 1 >= n {
            return Err(check::bad(
                "n_params",
                format!("{} parameters do not fit {n} observations", r.n_params),
            ));
        }
        check::non_negative("sigma2", r.sigma2)?;
        let sse: f64 = r.residuals.iter().map(|e| e * e).sum();
        check::consistent(
            "sigma2",
            r.sigma2,
            sse / (n - r.n_params - 1) as f64,
            "the residuals",
        )?;
        check::finite("loglik", r.loglik)?;
        let sum_log_f: f64 = r
            .fitted
            .iter()
            .map(|f| {
                let a = f.abs();
                if a > 0.0 { a.ln() } else { (a + 1e-8).ln() }
            })
            .sum();
        let lik = core::neg2loglik(n, sse, sum_log_f, r.model.error);
        check::consistent(
            "loglik",
            r.loglik,
            -0.5 * lik,
            "the residuals and fitted values",
        )?;
        check::notes(&r.notes)?;
        Ok(Self {
            model: r.model,
            period: r.period,
            params: r.parameters,
            initial_state: r.initial_state,
            state: r.state,
            fitted: r.fitted,
            residuals: r.residuals,
            sigma2: r.sigma2,
            loglik: r.loglik,
            n_params: r.n_params,
            converged: r.converged,
            iterations: r.iterations,
            notes: r.notes,
            next: r.forecast_start,
        })
    }
}

impl FittedEts {
    fn shape(&self) -> Shape {
        Shape::new(self.model, self.period)
    }

    /// The model, e.g. ETS(M,Ad,M).
    pub fn model(&self) -> EtsModel {
        self.model
    }

    /// Seasonal period m (1 for a non-seasonal model).
    pub fn period(&self) -> usize {
        self.period
    }

    /// Smoothing parameters α, β, γ, φ.
    pub fn parameters(&self) -> EtsParameters {
        self.params
    }

    /// Level smoothing α.
    pub fn alpha(&self) -> f64 {
        self.params.alpha
    }

    /// Trend smoothing β, with a trend.
    pub fn beta(&self) -> Option<f64> {
        self.params.beta
    }

    /// Seasonal smoothing γ, with a season.
    pub fn gamma(&self) -> Option<f64> {
        self.params.gamma
    }

    /// Damping φ, with a damped trend.
    pub fn phi(&self) -> Option<f64> {
        self.params.phi
    }

    /// Estimated initial state `[l₀, b₀, s₁, …, s_m]` (before the first observation).
    pub fn initial_state(&self) -> &[f64] {
        &self.initial_state
    }

    /// State after the last observation, `[l, b, s₁, …, s_m]`: what forecasts start from.
    pub fn state(&self) -> &[f64] {
        &self.state
    }

    /// One-step forecasts ŷₜ.
    pub fn fitted(&self) -> &[f64] {
        &self.fitted
    }

    /// One-step errors: `yₜ − ŷₜ`, or relative `(yₜ − ŷₜ)/ŷₜ` with multiplicative error
    /// (statsforecast's and R's `residuals`).
    pub fn residuals(&self) -> &[f64] {
        &self.residuals
    }

    /// Innovation variance σ² (of relative errors with multiplicative error).
    pub fn sigma2(&self) -> f64 {
        self.sigma2
    }

    /// Log-likelihood (R's and statsforecast's, constants left out; see the type's docs).
    pub fn loglik(&self) -> f64 {
        self.loglik
    }

    /// Number of parameters k: estimated smoothing parameters and initial states, plus σ².
    pub fn n_params(&self) -> usize {
        self.n_params
    }

    /// Number of observations fitted.
    pub fn nobs(&self) -> usize {
        self.fitted.len()
    }

    /// AIC, AICc and BIC.
    pub fn information_criteria(&self) -> InformationCriteria {
        let n = self.nobs() as f64;
        let k = self.n_params as f64;
        let aic = -2.0 * self.loglik + 2.0 * k;
        InformationCriteria {
            aic,
            aicc: aic + 2.0 * k * (k + 1.0) / (n - k - 1.0),
            bic: -2.0 * self.loglik + n.ln() * k,
        }
    }

    /// Akaike information criterion.
    pub fn aic(&self) -> f64 {
        self.information_criteria().aic
    }

    /// Corrected Akaike information criterion (what [`AutoEts`](crate::AutoEts) ranks by).
    pub fn aicc(&self) -> f64 {
        self.information_criteria().aicc
    }

    /// Bayesian information criterion.
    pub fn bic(&self) -> f64 {
        self.information_criteria().bic
    }

    /// Whether the optimiser met its convergence test (always true when nothing was
    /// estimated).
    pub fn converged(&self) -> bool {
        self.converged
    }

    /// Optimiser iterations (Levenberg–Marquardt steps).
    pub fn iterations(&self) -> usize {
        self.iterations
    }

    /// What to know about the fit ([`FitNote::ConstantSeries`], [`FitNote::SeasonIgnored`]);
    /// empty for most fits.
    pub fn notes(&self) -> &[FitNote] {
        &self.notes
    }

    /// Date of the first forecast step, when fitted to a dated series.
    pub fn forecast_start(&self) -> Option<NaiveDate> {
        self.next.map(|n| n.date)
    }

    /// Spacing of the forecast steps, when fitted to a dated series.
    pub fn frequency(&self) -> Option<Frequency> {
        self.next.map(|n| n.frequency)
    }

    pub(crate) fn dated(mut self, series: &TimeSeries) -> Self {
        self.next = NextPeriod::after(series);
        self
    }

    fn means(&self, h: usize) -> Vec<f64> {
        core::forecast_means(&self.shape(), &self.params.smoothing(), &self.state, h)
    }

    fn simulated(&self, h: usize) -> Vec<f64> {
        variance::simulate(
            &self.shape(),
            &self.params.smoothing(),
            self.sigma2,
            &self.state,
            h,
            ETS_SIMULATION_PATHS,
            ETS_SIMULATION_SEED,
        )
    }

    /// Point forecasts with the standard deviation of each step's forecast distribution:
    /// exact for every model but ETS(A,·,M), where it is simulated (see the type's docs).
    ///
    /// # Errors
    /// An invalid horizon; [`ArimaError::Overflow`] for a result that is not finite.
    pub fn predict(&self, h: usize) -> Result<MeanForecast> {
        check_horizon(h)?;
        let mean = self.means(h);
        all_finite(&mean, "the forecast mean")?;
        let var = match variance::step_variances(
            &self.shape(),
            &self.params.smoothing(),
            self.sigma2,
            &self.state,
            &mean,
        ) {
            Some(v) => v,
            None => {
                let sim = self.simulated(h);
                (0..h)
                    .map(|k| {
                        let col = (0..ETS_SIMULATION_PATHS).map(|i| sim[i * h + k]);
                        sample_variance(col)
                    })
                    .collect()
            }
        };
        let se: Vec<f64> = var.iter().map(|v| v.sqrt()).collect();
        all_finite(&se, "the forecast standard error")?;
        Ok(MeanForecast {
            mean,
            se,
            start: self.next.map(|n| n.date),
            frequency: self.next.map(|n| n.frequency),
        })
    }

    /// Forecasts `h` steps with prediction intervals at `levels` (percent; a fraction such as
    /// 0.95 is refused), dated when the model was fitted to a dated series. Intervals are
    /// Gaussian around the point forecast with the exact variance, except for ETS(A,·,M),
    /// whose bounds are simulated quantiles (as statsforecast).
    ///
    /// # Errors
    /// Invalid horizon or level (checked first), [`ArimaError::Overflow`] for a forecast or
    /// bound that is not finite.
    pub fn forecast(&self, h: usize, levels: &[f64]) -> Result<Forecast> {
        check_forecast_request(h, levels)?;
        if self.model.class() != Class::Simulated {
            let p = self.predict(h)?;
            let f = gaussian_forecast(p.mean, &p.se, levels)?;
            return Ok(stamp(f, self.next));
        }
        let mean = self.means(h);
        all_finite(&mean, "the forecast mean")?;
        let sim = self.simulated(h);
        let mut cols: Vec<Vec<f64>> = (0..h)
            .map(|k| {
                let mut c: Vec<f64> = (0..ETS_SIMULATION_PATHS).map(|i| sim[i * h + k]).collect();
                c.sort_by(f64::total_cmp);
                c
            })
            .collect();
        let mut intervals = Vec::with_capacity(levels.len());
        for &level in levels {
            normal_quantile(level)?;
            let lo = 0.5 - level / 200.0;
            let hi = 0.5 + level / 200.0;
            let lower: Vec<f64> = cols
                .iter_mut()
                .map(|c| variance::quantile_sorted(c, lo))
                .collect();
            let upper: Vec<f64> = cols
                .iter_mut()
                .map(|c| variance::quantile_sorted(c, hi))
                .collect();
            all_finite(&lower, "a prediction interval bound")?;
            all_finite(&upper, "a prediction interval bound")?;
            intervals.push(ForecastInterval {
                level,
                lower,
                upper,
            });
        }
        let f = Forecast {
            mean,
            intervals,
            ..Forecast::default()
        };
        Ok(stamp(f, self.next))
    }

    /// Mean and standard deviation of the total of the next `h` values (demand over a lead
    /// time). Forecast errors of different steps are correlated, and the total's variance
    /// includes every covariance.
    ///
    /// Exact for every model without a multiplicative season: the values are linear in the
    /// future innovations, whose variances are known (σ², or σ² times the expected squared
    /// one-step forecast with multiplicative error). With a multiplicative season both numbers
    /// come from [`ETS_SIMULATION_PATHS`](crate::ETS_SIMULATION_PATHS) simulated paths with
    /// seed [`ETS_SIMULATION_SEED`](crate::ETS_SIMULATION_SEED) (a Monte Carlo error of about
    /// 0.7 % of the standard deviation), the same numbers on every run.
    ///
    /// ```
    /// use forecast_arima::{Ets, EtsModel};
    /// let y = [12.0, 14.0, 13.0, 15.0, 17.0, 16.0, 18.0, 17.0, 19.0, 21.0, 20.0, 22.0];
    /// let fit = Ets::new(EtsModel::parse("ANN")?).fit_slice(&y)?;
    /// // Simple exponential smoothing: the total of h steps has variance
    /// // σ² Σ_{i=0}^{h−1} (1 + iα)².
    /// let (total, sd) = fit.predict_total(3)?;
    /// let a = fit.alpha();
    /// let want = fit.sigma2() * (1.0 + (1.0 + a).powi(2) + (1.0 + 2.0 * a).powi(2));
    /// assert!((total - 3.0 * fit.state()[0]).abs() < 1e-9);
    /// assert!((sd * sd - want).abs() < 1e-9 * want);
    /// # Ok::<(), forecast_arima::ArimaError>(())
    /// ```
    ///
    /// # Errors
    /// An invalid horizon; [`ArimaError::Overflow`] for a result that is not finite.
    pub fn predict_total(&self, h: usize) -> Result<(f64, f64)> {
        check_horizon(h)?;
        let mean = self.means(h);
        all_finite(&mean, "the forecast mean")?;
        let shape = self.shape();
        let (total, var) =
            match variance::total_moments(&shape, &self.params.smoothing(), self.sigma2, &mean) {
                Some(mv) => mv,
                None => {
                    let sim = self.simulated(h);
                    let totals: Vec<f64> = (0..ETS_SIMULATION_PATHS)
                        .map(|i| sim[i * h..(i + 1) * h].iter().sum())
                        .collect();
                    let mean_total = totals.iter().sum::<f64>() / totals.len() as f64;
                    (mean_total, sample_variance(totals.into_iter()))
                }
            };
        let total = finite(total, "the forecast total")?;
        let sd = finite(var.sqrt(), "the standard deviation of the forecast total")?;
        Ok((total, sd))
    }
}

/// Unbiased sample variance (two passes).
fn sample_variance(v: impl Iterator<Item = f64> + Clone) -> f64 {
    let n = v.clone().count() as f64;
    let mean = v.clone().sum::<f64>() / n;
    v.map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)
}

impl FittedModel for FittedEts {
    fn forecast(&self, h: usize, levels: &[f64]) -> Result<Forecast> {
        FittedEts::forecast(self, h, levels)
    }

    fn notes(&self) -> &[FitNote] {
        FittedEts::notes(self)
    }

    fn predict_sum(&self, n: usize) -> Result<(f64, f64)> {
        self.predict_total(n)
    }
}

impl std::fmt::Display for FittedEts {
    /// The model's name, e.g. `ETS(M,Ad,M)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.model.fmt(f)
    }
}
