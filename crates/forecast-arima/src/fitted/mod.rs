//! A fitted ARIMA model: estimates, diagnostics and forecasts.

mod saved_form;

use ecom_core::{Forecast, Frequency, NaiveDate, TimeSeries};
use serde::{Deserialize, Serialize};

use crate::arima::Arima;
use crate::arma::ArmaPoly;
use crate::calendar::{NextPeriod, stamp};
use crate::error::Result;
use crate::estimate::{Estimate, Finished, ModelSpec, Prepared};
use crate::interval::gaussian_forecast;
use crate::limits::{all_finite, check_forecast_request, check_horizon, finite};
use crate::note::FitNote;
use crate::order::{Method, Order, SeasonalOrder, Trend};
use crate::regressors::Regressors;
use crate::saved::{nullable, nullable_vec};
use crate::statespace::{FullModel, forecast, forecast_total};

/// Coefficients (or their standard errors) by kind, in R's sign convention
/// (`φ(L) = 1 − φ₁L − …`, `θ(L) = 1 + θ₁L + …`).
///
/// NaN (a standard error the Hessian does not give) is written as `null` and read back as NaN.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Coefficients {
    /// Non-seasonal AR coefficients φ₁..φₚ.
    #[serde(with = "nullable_vec")]
    pub ar: Vec<f64>,
    /// Non-seasonal MA coefficients θ₁..θ_q.
    #[serde(with = "nullable_vec")]
    pub ma: Vec<f64>,
    /// Seasonal AR coefficients Φ₁..Φ_P.
    #[serde(with = "nullable_vec")]
    pub sar: Vec<f64>,
    /// Seasonal MA coefficients Θ₁..Θ_Q.
    #[serde(with = "nullable_vec")]
    pub sma: Vec<f64>,
    /// Process mean μ ([`Trend::Constant`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constant: Option<f64>,
    /// Slope δ of the linear trend ([`Trend::Drift`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drift: Option<f64>,
}

/// The estimate of one regressor's coefficient in a regression with ARIMA errors (in units
/// of the series per unit of the regressor), with its standard error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegressorCoefficient {
    /// The regressor's column name.
    pub name: String,
    /// The coefficient β.
    #[serde(with = "nullable")]
    pub estimate: f64,
    /// Its standard error from the Hessian of the log-likelihood (NaN, written as `null`,
    /// where the Hessian gives none).
    #[serde(with = "nullable")]
    pub std_error: f64,
}

/// Akaike, corrected Akaike and Bayesian information criteria (R's formulas, with k counting
/// σ² and n the number of observations after differencing).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct InformationCriteria {
    /// `−2 loglik + 2k`.
    pub aic: f64,
    /// `aic + 2k(k+1)/(n − k − 1)` (infinite when n ≤ k + 1).
    pub aicc: f64,
    /// `aic + k(ln n − 2)`.
    pub bic: f64,
}

/// Point forecasts with their standard errors, from [`FittedArima::predict`]: the Gaussian
/// forecast distribution of each step, before intervals are drawn from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeanForecast {
    /// Conditional mean for steps 1..=h.
    pub mean: Vec<f64>,
    /// Standard error of each step's forecast error.
    pub se: Vec<f64>,
    /// Date of the first step, when the model was fitted to a dated series.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<NaiveDate>,
    /// Spacing of the steps, when the model was fitted to a dated series.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frequency: Option<Frequency>,
}

impl MeanForecast {
    /// Number of steps.
    pub fn horizon(&self) -> usize {
        self.mean.len()
    }

    /// The date of step `i` (0-based), as [`Forecast::date`].
    pub fn date(&self, i: usize) -> Option<NaiveDate> {
        let steps = u32::try_from(i).ok()?;
        self.frequency?.advance(self.start?, steps)
    }
}

/// An estimated ARIMA model. Produced by [`Arima::fit`] and [`AutoArima::fit`](crate::AutoArima::fit).
///
/// Every number it reports is finite, with two documented markers: standard errors are NaN
/// where the Hessian gives none (e.g. on the boundary), residuals are NaN at missing
/// observations. Series of extreme magnitude (beyond about 1e±30) are fitted internally on a
/// power-of-two rescaling, which changes no estimate.
///
/// It prints as R names the model (`ARIMA(1,1,1)`, `ARIMA(0,0,0)(1,0,1)[7] with mean`). A
/// model fitted to a dated [`TimeSeries`](ecom_core::TimeSeries) remembers the period after its
/// last observation, and its forecasts carry their dates.
///
/// It serialises completely (estimates, diagnostics and the forecast state) and reading it
/// back checks it (see the crate's "Saving a model" section): the reloaded model forecasts
/// bit-for-bit as the original when the format keeps floats exactly (serde_json with its
/// `float_roundtrip` feature).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    into = "saved_form::FittedArimaRepr",
    try_from = "saved_form::FittedArimaRepr"
)]
pub struct FittedArima {
    spec: Arima,
    coefficients: Coefficients,
    std_errors: Coefficients,
    sigma2: f64,
    loglik: f64,
    // AIC, AICc and BIC, each finite or None (AICc is undefined when n ≤ k + 1).
    criteria: [Option<f64>; 3],
    nobs: usize,
    nobs_effective: usize,
    converged: bool,
    iterations: usize,
    residuals: Vec<f64>,
    fitted: Vec<f64>,
    notes: Vec<FitNote>,
    next: Option<NextPeriod>,
    // User regressors, in column order (empty for a plain ARIMA); their coefficients are in
    // data units and forecasts add Σ β_j x_j to the ARIMA forecast on the original scale.
    regressors: Vec<RegressorCoefficient>,
    // Forecast machinery, on the internal scale (original values = internal · scale). The
    // polynomials and the differencing follow from the coefficients and the spec.
    phi: Vec<f64>,
    rvec: Vec<f64>,
    delta: Vec<f64>,
    state: Vec<f64>,
    state_cov: Vec<f64>,
    beta: f64,
    sigma2_internal: f64,
    scale: f64,
}

fn split_coefficients(spec: &ModelSpec, values: &[f64]) -> Coefficients {
    let sh = spec.shape();
    let [ar, ma, sar, sma] = sh.split(&values[..sh.n_coef()]);
    let extra = values.get(sh.n_coef()).copied();
    Coefficients {
        ar: ar.to_vec(),
        ma: ma.to_vec(),
        sar: sar.to_vec(),
        sma: sma.to_vec(),
        constant: if spec.trend == Trend::Constant {
            extra
        } else {
            None
        },
        drift: if spec.trend == Trend::Drift {
            extra
        } else {
            None
        },
    }
}

impl FittedArima {
    /// The fitted model on the original scale; `names` are the user regressors' (empty
    /// without).
    ///
    /// # Errors
    /// [`ArimaError::Overflow`](crate::ArimaError::Overflow) when a result is not finite there.
    pub(crate) fn new(
        spec: ModelSpec,
        data: &Prepared,
        mut est: Estimate,
        fin: Finished,
        names: &[String],
    ) -> Result<Self> {
        debug_assert_eq!(names.len(), data.xscale.len());
        let scale = data.scale;
        let ka = est.coef.len();
        let n_trend = usize::from(spec.has_trend());
        let mut all = est.coef.clone();
        let mut se = fin.std_errors[..ka + n_trend].to_vec();
        if n_trend == 1 {
            all.push(est.beta[0] * scale);
            se[ka] *= scale;
        }
        all_finite(&all, "a coefficient")?;
        // A regressor divided by the power of two f before fitting has β_data = β·scale/f.
        let mut regressors = Vec::with_capacity(names.len());
        for (j, name) in names.iter().enumerate() {
            let to_data = scale / data.xscale[j];
            let estimate = finite(est.beta[n_trend + j] * to_data, "a regressor coefficient")?;
            regressors.push(RegressorCoefficient {
                name: name.clone(),
                estimate,
                std_error: fin.std_errors[ka + n_trend + j] * to_data,
            });
        }
        // A model that cannot forecast is an error now, not at its first forecast (and every
        // model that is returned can be saved and read back).
        all_finite(&fin.state, "the forecast state")?;
        all_finite(&fin.state_cov, "the forecast state covariance")?;
        let sigma2 = finite(est.sigma2 * scale * scale, "sigma2")?;
        if !est.degenerate && scale != 1.0 {
            // loglik = −½(n ln σ² + …): rescaling σ² by scale² moves it by −n ln scale, n the
            // observations whose σ² it holds.
            let n = if est.exact {
                est.n_eff
            } else {
                data.n_obs - data.delta.len()
            };
            est.loglik -= n as f64 * scale.ln();
        }
        let loglik = finite(est.loglik, "the log-likelihood")?;
        let criteria = match est.information_criteria(&spec) {
            Some((aic, aicc, bic)) => [aic, aicc, bic].map(|v| v.is_finite().then_some(v)),
            None => [None; 3],
        };
        let unscale = |v: &[f64]| -> Vec<f64> {
            if scale == 1.0 {
                v.to_vec()
            } else {
                v.iter().map(|x| x * scale).collect()
            }
        };
        let residuals = unscale(&fin.residuals);
        let fitted = unscale(&fin.fitted);
        let present = |v: &[f64]| {
            v.iter()
                .zip(&data.y)
                .all(|(x, y)| y.is_nan() || x.is_finite())
        };
        if !present(&residuals) || !fitted.iter().all(|v| v.is_finite()) {
            return Err(crate::ArimaError::Overflow {
                what: "a residual or fitted value",
            });
        }
        let coefficients = split_coefficients(&spec, &all);
        let std_errors = split_coefficients(&spec, &se);
        let mut notes = Vec::new();
        if let Some(exact) = &data.exact {
            notes.push(exact.note);
        }
        if let Some(start) = est.restarted {
            notes.push(FitNote::MlRestarted { start });
        }
        let mut poly = ArmaPoly::new(spec.shape());
        poly.set(&est.coef);
        debug_assert_eq!(est.exact, spec.method != Method::Css);
        Ok(Self {
            spec: Arima::from_model_spec(&spec),
            coefficients,
            std_errors,
            sigma2,
            loglik,
            criteria,
            nobs: data.y.len(),
            nobs_effective: est.n_eff,
            converged: est.converged,
            iterations: est.iterations,
            residuals,
            fitted,
            notes,
            next: None,
            regressors,
            phi: poly.phi,
            rvec: poly.rvec,
            delta: data.delta.clone(),
            state: fin.state,
            state_cov: fin.state_cov,
            beta: if n_trend == 1 { est.beta[0] } else { 0.0 },
            sigma2_internal: est.sigma2,
            scale,
        })
    }

    /// The model, its forecasts dated from the period after `series` ends (when it has dates).
    pub(crate) fn dated(mut self, series: &TimeSeries) -> Self {
        self.next = NextPeriod::after(series);
        self
    }

    /// Date of the first forecast step: the period after the last observation, when the model
    /// was fitted to a [`TimeSeries`] with dates (`None` for plain values).
    pub fn forecast_start(&self) -> Option<NaiveDate> {
        self.next.map(|n| n.date)
    }

    /// Spacing of the forecast steps, with [`forecast_start`](Self::forecast_start).
    pub fn frequency(&self) -> Option<Frequency> {
        self.next.map(|n| n.frequency)
    }

    /// The specification that was fitted.
    pub fn spec(&self) -> &Arima {
        &self.spec
    }

    /// Non-seasonal order.
    pub fn order(&self) -> Order {
        self.spec.order()
    }

    /// Seasonal order.
    pub fn seasonal_order(&self) -> SeasonalOrder {
        self.spec.seasonal_order()
    }

    /// Deterministic terms.
    pub fn trend(&self) -> Trend {
        self.spec.trend()
    }

    /// The estimation method asked for (see [`estimation`](Self::estimation) for the one the
    /// final estimates come from).
    pub fn method(&self) -> Method {
        self.spec.method()
    }

    /// Estimated coefficients.
    pub fn coefficients(&self) -> &Coefficients {
        &self.coefficients
    }

    /// Standard errors of the coefficients, from the numerical Hessian of the log-likelihood
    /// (NaN where the Hessian is not positive definite, e.g. on the boundary, or when standard
    /// errors were not computed).
    pub fn std_errors(&self) -> &Coefficients {
        &self.std_errors
    }

    /// Innovation variance σ² (maximum-likelihood estimate; for CSS the mean square of the
    /// conditional residuals).
    pub fn sigma2(&self) -> f64 {
        self.sigma2
    }

    /// Log-likelihood in R's convention (exact Gaussian likelihood of the differenced series).
    /// For [`Method::Css`] fits it is R's CSS quasi-likelihood, not comparable across models.
    /// When the model reproduces the data exactly ([`FitNote::ConstantSeries`],
    /// [`FitNote::ExactFit`]) the likelihood is unbounded and this is `f64::MAX`.
    pub fn loglik(&self) -> f64 {
        self.loglik
    }

    /// AIC, AICc and BIC; `None` for CSS fits (as R), for exact fits (σ² = 0, see
    /// [`notes`](Self::notes)), and when the AICc is undefined (n ≤ k + 1).
    pub fn information_criteria(&self) -> Option<InformationCriteria> {
        match self.criteria {
            [Some(aic), Some(aicc), Some(bic)] => Some(InformationCriteria { aic, aicc, bic }),
            _ => None,
        }
    }

    /// AIC (`None` for CSS fits and exact fits).
    pub fn aic(&self) -> Option<f64> {
        self.criteria[0]
    }

    /// AICc (`None` for CSS fits, exact fits and when n ≤ k + 1).
    pub fn aicc(&self) -> Option<f64> {
        self.criteria[1]
    }

    /// BIC (`None` for CSS fits and exact fits).
    pub fn bic(&self) -> Option<f64> {
        self.criteria[2]
    }

    /// What to know about this fit besides its numbers: a constant series or one the model
    /// reproduces exactly (flat or exact forecast, σ² = 0, zero-width intervals), or exact ML
    /// that needed a fallback start. Empty for most fits.
    pub fn notes(&self) -> &[FitNote] {
        &self.notes
    }

    /// Number of observations (including missing ones).
    pub fn nobs(&self) -> usize {
        self.nobs
    }

    /// Observations in the likelihood: non-missing observations minus `d + D·s`.
    pub fn nobs_effective(&self) -> usize {
        self.nobs_effective
    }

    /// Number of estimated parameters including σ² and any regressor coefficients (the k of
    /// the information criteria).
    pub fn n_params(&self) -> usize {
        self.spec.model_spec().n_coef_total() + self.regressors.len() + 1
    }

    /// The regressors' coefficients and standard errors, in column order: empty for a plain
    /// ARIMA, one per column for a model from
    /// [`Arima::fit_with_regressors`](crate::Arima::fit_with_regressors) or
    /// [`AutoArima::fit_with_regressors`](crate::AutoArima::fit_with_regressors), whose
    /// forecasts need the columns' future values
    /// ([`forecast_with`](Self::forecast_with)).
    pub fn regressors(&self) -> &[RegressorCoefficient] {
        &self.regressors
    }

    /// The regressors' names, in column order (empty for a plain ARIMA).
    pub fn regressor_names(&self) -> Vec<&str> {
        self.regressors.iter().map(|r| r.name.as_str()).collect()
    }

    /// Whether the model was fitted with regressors (and so forecasts only with their
    /// future values).
    pub fn has_regressors(&self) -> bool {
        !self.regressors.is_empty()
    }

    /// The method of the final estimates: [`Method::Css`] or exact ML
    /// ([`Method::Ml`], also for CSS-ML fits).
    pub fn estimation(&self) -> Method {
        if self.exact() {
            Method::Ml
        } else {
            Method::Css
        }
    }

    /// Whether the final estimates are exact ML (everything but [`Method::Css`]).
    fn exact(&self) -> bool {
        self.spec.method() != Method::Css
    }

    /// Whether the optimiser met its convergence test (gradient or objective change). A model
    /// that did not converge is still returned, never silently.
    pub fn converged(&self) -> bool {
        self.converged
    }

    /// Optimiser iterations over all stages.
    pub fn iterations(&self) -> usize {
        self.iterations
    }

    /// Standardised one-step innovations `v_t / √F_t` (R's `residuals`); 0 for the first
    /// `d + D·s` observations, which only fix the initial level, and NaN at missing values.
    pub fn residuals(&self) -> &[f64] {
        &self.residuals
    }

    /// Fitted values `y_t − residual_t` (R's convention), the one-step prediction at missing
    /// values.
    pub fn fitted(&self) -> &[f64] {
        &self.fitted
    }

    /// Means and standard errors of the next `h` values, on the original scale, dated as
    /// [`forecast`](Self::forecast).
    ///
    /// # Errors
    /// [`ArimaError::InvalidParameter`](crate::ArimaError::InvalidParameter) for `h = 0`,
    /// [`ArimaError::HorizonTooLong`](crate::ArimaError::HorizonTooLong) beyond
    /// [`MAX_HORIZON`](crate::MAX_HORIZON) (both before any work),
    /// [`ArimaError::FutureRegressorsNeeded`](crate::ArimaError::FutureRegressorsNeeded) for a
    /// model with regressors (use [`predict_with`](Self::predict_with)),
    /// [`ArimaError::Overflow`](crate::ArimaError::Overflow) if a mean or standard error is not
    /// finite.
    pub fn predict(&self, h: usize) -> Result<MeanForecast> {
        check_horizon(h)?;
        self.without_regressors(h)?;
        self.predict_from(h, &[])
    }

    /// [`predict`](Self::predict) for a model with regressors: `future` holds their values
    /// for the forecast steps (row `k` for step `k + 1`; the same column names in any order;
    /// rows beyond `h` are not used), and each step's mean adds `Σ β_j x_j`. The standard
    /// errors are the ARIMA errors' (the regressors are known values).
    ///
    /// # Errors
    /// As [`predict`](Self::predict) (the horizon checked first), plus
    /// [`ArimaError::FutureRegressorsNeeded`](crate::ArimaError::FutureRegressorsNeeded) when
    /// `future` has fewer than `h` rows, and
    /// [`ArimaError::InvalidRegressors`](crate::ArimaError::InvalidRegressors) when its columns
    /// are not the model's regressors (or the model has none).
    pub fn predict_with(&self, h: usize, future: &Regressors) -> Result<MeanForecast> {
        check_horizon(h)?;
        let cols = self.future_columns(h, future)?;
        self.predict_from(h, &cols)
    }

    /// [`ArimaError::FutureRegressorsNeeded`] when the model has regressors.
    fn without_regressors(&self, h: usize) -> Result<()> {
        if self.regressors.is_empty() {
            Ok(())
        } else {
            Err(crate::ArimaError::FutureRegressorsNeeded { needed: h, got: 0 })
        }
    }

    /// The first `h` rows of the model's regressor columns in `future`.
    fn future_columns<'a>(&self, h: usize, future: &'a Regressors) -> Result<Vec<&'a [f64]>> {
        if self.regressors.is_empty() {
            return Err(crate::ArimaError::InvalidRegressors {
                reason: "the model was fitted without regressors; use forecast / predict".into(),
            });
        }
        let names: Vec<String> = self.regressors.iter().map(|r| r.name.clone()).collect();
        future.aligned(&names, h)
    }

    /// `Σ_j β_j x_j[k]` for step `k` (0 without regressors).
    fn regression_at(&self, cols: &[&[f64]], k: usize) -> f64 {
        self.regressors
            .iter()
            .zip(cols)
            .map(|(r, c)| r.estimate * c[k])
            .sum()
    }

    fn predict_from(&self, h: usize, cols: &[&[f64]]) -> Result<MeanForecast> {
        let model = FullModel {
            phi: &self.phi,
            rvec: &self.rvec,
            delta: &self.delta,
        };
        let (mut mean, var) = forecast(&model, &self.state, &self.state_cov, h);
        match self.trend() {
            Trend::None => {}
            Trend::Constant => mean.iter_mut().for_each(|m| *m += self.beta),
            Trend::Drift => {
                for (k, m) in mean.iter_mut().enumerate() {
                    *m += self.beta * (self.nobs + k + 1) as f64;
                }
            }
        }
        // On the internal scale first, so σ²·var overflows only if the standard error itself
        // is beyond f64.
        let s = self.scale;
        let se: Vec<f64> = var
            .iter()
            .map(|v| (v * self.sigma2_internal).sqrt() * s)
            .collect();
        if s != 1.0 {
            mean.iter_mut().for_each(|m| *m *= s);
        }
        if !cols.is_empty() {
            for (k, m) in mean.iter_mut().enumerate() {
                *m += self.regression_at(cols, k);
            }
        }
        all_finite(&mean, "the forecast mean")?;
        all_finite(&se, "the forecast standard error")?;
        Ok(MeanForecast {
            mean,
            se,
            start: self.next.map(|n| n.date),
            frequency: self.next.map(|n| n.frequency),
        })
    }

    /// Mean and standard error of the total of the next `h` values, on the original scale:
    /// demand over a lead time. Forecast errors of different steps are correlated (in an
    /// integrated model they accumulate), so the total's variance includes every cross-step
    /// covariance, not just the sum of [`predict`](Self::predict)'s variances.
    ///
    /// ```
    /// use forecast_arima::Arima;
    /// // A random walk: the h-step errors share shocks, so the variance of their total is
    /// // σ²·h(h+1)(2h+1)/6, not σ²·h(h+1)/2.
    /// let y = [10.0, 12.0, 11.0, 14.0, 13.0, 15.0, 17.0, 16.0, 18.0, 17.0];
    /// let fit = Arima::new(0, 1, 0).fit_slice(&y)?;
    /// let (total, se) = fit.predict_total(3)?;
    /// assert!((total - 3.0 * 17.0).abs() < 1e-9);
    /// assert!((se * se - fit.sigma2() * 14.0).abs() < 1e-9 * fit.sigma2());
    /// # Ok::<(), forecast_arima::ArimaError>(())
    /// ```
    ///
    /// # Errors
    /// As [`predict`](Self::predict).
    pub fn predict_total(&self, h: usize) -> Result<(f64, f64)> {
        check_horizon(h)?;
        self.without_regressors(h)?;
        self.predict_total_from(h, &[])
    }

    /// [`predict_total`](Self::predict_total) for a model with regressors, with their values
    /// over the `h` steps in `future` (as [`predict_with`](Self::predict_with)).
    ///
    /// # Errors
    /// As [`predict_with`](Self::predict_with).
    pub fn predict_total_with(&self, h: usize, future: &Regressors) -> Result<(f64, f64)> {
        check_horizon(h)?;
        let cols = self.future_columns(h, future)?;
        self.predict_total_from(h, &cols)
    }

    fn predict_total_from(&self, h: usize, cols: &[&[f64]]) -> Result<(f64, f64)> {
        let model = FullModel {
            phi: &self.phi,
            rvec: &self.rvec,
            delta: &self.delta,
        };
        let (mut total, var) = forecast_total(&model, &self.state, &self.state_cov, h);
        let hf = h as f64;
        match self.trend() {
            Trend::None => {}
            Trend::Constant => total += self.beta * hf,
            // Σ_{k=1..h} β(n + k) = β(nh + h(h+1)/2).
            Trend::Drift => total += self.beta * (self.nobs as f64 * hf + hf * (hf + 1.0) / 2.0),
        }
        let mut total = total * self.scale;
        if !cols.is_empty() {
            total += (0..h).map(|k| self.regression_at(cols, k)).sum::<f64>();
        }
        let total = finite(total, "the forecast total")?;
        let se = finite(
            (var * self.sigma2_internal).sqrt() * self.scale,
            "the standard error of the forecast total",
        )?;
        Ok((total, se))
    }

    /// Forecasts `h` steps with Gaussian prediction intervals at `levels`, in percent (e.g.
    /// [`DEFAULT_LEVELS`](crate::DEFAULT_LEVELS) = 80 and 95; a fraction such as 0.95 is
    /// refused, see [`normal_quantile`](crate::normal_quantile)). The forecast carries the
    /// date of its first step and the frequency when the model was fitted to a dated series.
    ///
    /// # Errors
    /// As [`predict`](Self::predict), plus
    /// [`ArimaError::InvalidParameter`](crate::ArimaError::InvalidParameter) for a level
    /// outside [1, 100) (checked first) or an interval bound that is not finite.
    pub fn forecast(&self, h: usize, levels: &[f64]) -> Result<Forecast> {
        check_forecast_request(h, levels)?;
        let p = self.predict(h)?;
        let f = gaussian_forecast(p.mean, &p.se, levels)?;
        Ok(stamp(f, self.next))
    }

    /// [`forecast`](Self::forecast) for a model with regressors, with their values for the
    /// `h` steps in `future` (row `k` for step `k + 1`, the model's column names in any
    /// order, rows beyond `h` unused). Each step's mean adds `Σ β_j x_j`; the intervals are
    /// those of the ARIMA errors.
    ///
    /// # Errors
    /// As [`forecast`](Self::forecast) (horizon and levels checked first), plus
    /// [`ArimaError::FutureRegressorsNeeded`](crate::ArimaError::FutureRegressorsNeeded) when
    /// `future` has fewer than `h` rows (it says how many are needed) and
    /// [`ArimaError::InvalidRegressors`](crate::ArimaError::InvalidRegressors) when its columns
    /// are not the model's regressors (or the model has none).
    pub fn forecast_with(&self, h: usize, future: &Regressors, levels: &[f64]) -> Result<Forecast> {
        check_forecast_request(h, levels)?;
        let p = self.predict_with(h, future)?;
        let f = gaussian_forecast(p.mean, &p.se, levels)?;
        Ok(stamp(f, self.next))
    }
}

impl std::fmt::Display for FittedArima {
    /// The fitted specification's name, e.g. `ARIMA(0,1,1)(0,1,1)[12]`; with regressors R's
    /// `Regression with ARIMA(1,0,0) errors` (a mean or drift is then among the
    /// coefficients, as in R).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.regressors.is_empty() {
            return self.spec.fmt(f);
        }
        write!(f, "Regression with ARIMA{}", self.spec.order())?;
        let seasonal = self.spec.seasonal_order();
        if seasonal.is_seasonal() {
            write!(f, "{seasonal}")?;
        }
        f.write_str(" errors")
    }
}
