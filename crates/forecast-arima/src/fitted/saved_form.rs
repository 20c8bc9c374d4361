//! The saved form of a [`FittedArima`] and the checks it goes through when read back.
//!
//! Everything a forecast needs is stored as computed (the predicted state and its covariance
//! on the internal scale, the constant, σ² and the scale), so forecasts after a round trip are
//! bit-for-bit those of the original. What follows from other fields is recomputed instead
//! (the expanded polynomials from the coefficients, the differencing from the orders, the
//! parameter count and the estimation method from the spec), so it cannot disagree with them.

use serde::{Deserialize, Serialize};

use super::{Coefficients, FittedArima, RegressorCoefficient};
use crate::arima::Arima;
use crate::arma::ArmaPoly;
use crate::calendar::NextPeriod;
use crate::error::{ArimaError, Result};
use crate::estimate::ModelSpec;
use crate::limits::MAX_REGRESSORS;
use crate::note::FitNote;
use crate::order::{Method, Trend};
use crate::poly::{differencing_polynomial, roots_not_inside};
use crate::saved::{self as check, bad, nullable, nullable_vec};

/// The serde form of [`FittedArima`].
#[derive(Serialize, Deserialize)]
pub(super) struct FittedArimaRepr {
    spec: Arima,
    coefficients: Coefficients,
    std_errors: Coefficients,
    #[serde(with = "nullable")]
    sigma2: f64,
    #[serde(with = "nullable")]
    loglik: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    aic: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    aicc: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    bic: Option<f64>,
    nobs: usize,
    nobs_effective: usize,
    converged: bool,
    iterations: usize,
    #[serde(with = "nullable_vec")]
    residuals: Vec<f64>,
    #[serde(with = "nullable_vec")]
    fitted: Vec<f64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    notes: Vec<FitNote>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    forecast_start: Option<NextPeriod>,
    /// A regression with ARIMA errors: the regressors' names and coefficients (absent for a
    /// plain ARIMA).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    regressors: Vec<RegressorCoefficient>,
    forecast_state: ForecastState,
}

/// What forecasting needs beyond the coefficients, on the internal scale.
#[derive(Serialize, Deserialize)]
struct ForecastState {
    /// The power of two the data were divided by (1 for ordinary magnitudes).
    #[serde(with = "nullable")]
    scale: f64,
    /// The constant or drift on the internal scale (0 without one).
    #[serde(with = "nullable")]
    beta: f64,
    /// σ² on the internal scale.
    #[serde(with = "nullable")]
    sigma2: f64,
    /// The predicted state of the first forecast step (ARMA block, then the last `d + D·s`
    /// trend-adjusted values).
    #[serde(with = "nullable_vec")]
    state: Vec<f64>,
    /// Its covariance in units of σ², row by row.
    #[serde(with = "nullable_vec")]
    covariance: Vec<f64>,
}

impl From<FittedArima> for FittedArimaRepr {
    fn from(f: FittedArima) -> Self {
        let [aic, aicc, bic] = f.criteria;
        Self {
            spec: f.spec,
            coefficients: f.coefficients,
            std_errors: f.std_errors,
            sigma2: f.sigma2,
            loglik: f.loglik,
            aic,
            aicc,
            bic,
            nobs: f.nobs,
            nobs_effective: f.nobs_effective,
            converged: f.converged,
            iterations: f.iterations,
            residuals: f.residuals,
            fitted: f.fitted,
            notes: f.notes,
            forecast_start: f.next,
            regressors: f.regressors,
            forecast_state: ForecastState {
                scale: f.scale,
                beta: f.beta,
                sigma2: f.sigma2_internal,
                state: f.state,
                covariance: f.state_cov,
            },
        }
    }
}

impl TryFrom<FittedArimaRepr> for FittedArima {
    type Error = ArimaError;

    fn try_from(r: FittedArimaRepr) -> Result<Self> {
        // The spec was checked when it was read (as `fit` checks it), so its dimensions are
        // within the limits.
        let spec = r.spec.model_spec();
        let exact = spec.method != Method::Css;
        check_coefficients(&r.coefficients, "coefficients", &spec, false)?;
        let mut std_errors = r.std_errors;
        // A NaN standard error of the constant or drift was written as null, which reads as
        // absent.
        match spec.trend {
            Trend::Constant => {
                std_errors.constant.get_or_insert(f64::NAN);
            }
            Trend::Drift => {
                std_errors.drift.get_or_insert(f64::NAN);
            }
            Trend::None => {}
        }
        check_coefficients(&std_errors, "std_errors", &spec, true)?;
        check_roots(&r.coefficients)?;

        let sigma2 = check::non_negative("sigma2", r.sigma2)?;
        let loglik = check::finite("loglik", r.loglik)?;
        let criteria = [r.aic, r.aicc, r.bic];
        for (name, v) in ["aic", "aicc", "bic"].into_iter().zip(criteria) {
            if let Some(v) = v {
                check::finite(name, v)?;
                if !exact {
                    return Err(bad(name, "CSS fits have no information criteria"));
                }
            }
        }
        if r.nobs == 0 {
            return Err(bad("nobs", "must be at least 1"));
        }
        if r.nobs_effective > r.nobs {
            return Err(bad(
                "nobs_effective",
                format!("{} is more than nobs = {}", r.nobs_effective, r.nobs),
            ));
        }
        check::length("residuals", r.residuals.len(), r.nobs, "nobs")?;
        check::length("fitted", r.fitted.len(), r.nobs, "nobs")?;
        // NaN marks a missing observation's residual; nothing else may be non-finite.
        if let Some(i) = r.residuals.iter().position(|v| v.is_infinite()) {
            return Err(bad(format!("residuals[{i}]"), "must be finite or null"));
        }
        check::all_finite("fitted", &r.fitted)?;
        check::notes(&r.notes)?;
        check_regressors(&r.regressors)?;

        let st = r.forecast_state;
        let scale = st.scale;
        // The scale is exact (a power of two), so rescaling changes no digit.
        if !(scale.is_normal() && scale > 0.0 && scale.to_bits() & ((1u64 << 52) - 1) == 0) {
            return Err(bad(
                "forecast_state.scale",
                format!("must be a positive power of two, got {scale}"),
            ));
        }
        let beta = check::finite("forecast_state.beta", st.beta)?;
        match (spec.trend, r.coefficients.constant.or(r.coefficients.drift)) {
            (Trend::None, _) if beta != 0.0 => {
                return Err(bad(
                    "forecast_state.beta",
                    "must be 0 for a model without a constant or drift",
                ));
            }
            (Trend::Constant, Some(c)) => {
                check::consistent("coefficients.constant", c, beta * scale, "forecast_state")?;
            }
            (Trend::Drift, Some(c)) => {
                check::consistent("coefficients.drift", c, beta * scale, "forecast_state")?;
            }
            _ => {}
        }
        let sigma2_internal = check::non_negative("forecast_state.sigma2", st.sigma2)?;
        check::consistent(
            "sigma2",
            sigma2,
            sigma2_internal * scale * scale,
            "forecast_state",
        )?;
        let (_, m) = spec
            .state_dims()
            .ok_or_else(|| bad("spec", "the state dimension overflows"))?;
        check::length(
            "forecast_state.state",
            st.state.len(),
            m,
            "the model's state (max(p + P·s, q + Q·s + 1) + d + D·s)",
        )?;
        check::all_finite("forecast_state.state", &st.state)?;
        check::length(
            "forecast_state.covariance",
            st.covariance.len(),
            m * m,
            "the state's m×m covariance",
        )?;
        check::all_finite("forecast_state.covariance", &st.covariance)?;

        let c = &r.coefficients;
        let coef: Vec<f64> =
            c.ar.iter()
                .chain(&c.ma)
                .chain(&c.sar)
                .chain(&c.sma)
                .copied()
                .collect();
        let mut poly = ArmaPoly::new(spec.shape());
        poly.set(&coef);
        Ok(Self {
            spec: r.spec,
            coefficients: r.coefficients,
            std_errors,
            sigma2,
            loglik,
            criteria,
            nobs: r.nobs,
            nobs_effective: r.nobs_effective,
            converged: r.converged,
            iterations: r.iterations,
            residuals: r.residuals,
            fitted: r.fitted,
            notes: r.notes,
            next: r.forecast_start,
            regressors: r.regressors,
            phi: poly.phi,
            rvec: poly.rvec,
            delta: differencing_polynomial(spec.order.d, spec.seasonal.d, spec.seasonal.period),
            state: st.state,
            state_cov: st.covariance,
            beta,
            sigma2_internal,
            scale,
        })
    }
}

/// At most [`MAX_REGRESSORS`], each named (uniquely) with a finite coefficient and a standard
/// error that is finite and non-negative or null.
fn check_regressors(regs: &[RegressorCoefficient]) -> Result<()> {
    if regs.len() > MAX_REGRESSORS {
        return Err(bad(
            "regressors",
            format!(
                "{} regressors; the limit is MAX_REGRESSORS = {MAX_REGRESSORS}",
                regs.len()
            ),
        ));
    }
    for (i, r) in regs.iter().enumerate() {
        if r.name.trim().is_empty() {
            return Err(bad(format!("regressors[{i}].name"), "must not be empty"));
        }
        if regs[..i].iter().any(|o| o.name == r.name) {
            return Err(bad(
                format!("regressors[{i}].name"),
                format!("`{}` is used twice", r.name),
            ));
        }
        check::finite(&format!("regressors[{i}].estimate"), r.estimate)?;
        value(&format!("regressors[{i}].std_error"), r.std_error, true)?;
    }
    Ok(())
}

/// Counts by kind as the order says, a constant or drift exactly when the trend has one;
/// estimates finite, standard errors finite and non-negative or NaN.
fn check_coefficients(
    c: &Coefficients,
    name: &str,
    spec: &ModelSpec,
    std_errors: bool,
) -> Result<()> {
    let (o, s) = (spec.order, spec.seasonal);
    for (kind, v, want, term) in [
        ("ar", &c.ar, o.p, "p"),
        ("ma", &c.ma, o.q, "q"),
        ("sar", &c.sar, s.p, "P"),
        ("sma", &c.sma, s.q, "Q"),
    ] {
        let field = format!("{name}.{kind}");
        check::length(
            &field,
            v.len(),
            want,
            &format!("the order ({term} = {want})"),
        )?;
        for (i, &x) in v.iter().enumerate() {
            value(&format!("{field}[{i}]"), x, std_errors)?;
        }
    }
    for (kind, v, wanted) in [
        ("constant", c.constant, spec.trend == Trend::Constant),
        ("drift", c.drift, spec.trend == Trend::Drift),
    ] {
        let field = format!("{name}.{kind}");
        match (v, wanted) {
            (Some(x), true) => value(&field, x, std_errors)?,
            (None, false) => {}
            (Some(_), false) => {
                return Err(bad(
                    field,
                    format!("is given, but the trend is {:?}", spec.trend),
                ));
            }
            (None, true) => {
                return Err(bad(
                    field,
                    format!("is missing: the trend {:?} needs it", spec.trend),
                ));
            }
        }
    }
    Ok(())
}

fn value(field: &str, x: f64, std_error: bool) -> Result<()> {
    if std_error {
        if !(x.is_nan() || (x.is_finite() && x >= 0.0)) {
            return Err(bad(
                field,
                format!("a standard error must be >= 0 or null, got {x}"),
            ));
        }
        Ok(())
    } else {
        check::finite(field, x).map(|_| ())
    }
}

/// No AR or MA polynomial with a root inside the unit circle: estimation keeps them stationary
/// and invertible (on the boundary at most), so anything else is not a fitted model.
fn check_roots(c: &Coefficients) -> Result<()> {
    for (kind, v, is_ma) in [
        ("ar", &c.ar, false),
        ("ma", &c.ma, true),
        ("sar", &c.sar, false),
        ("sma", &c.sma, true),
    ] {
        // 1 + θ(L) = 1 − (−θ)(L): the MA polynomial is tested as an AR one.
        let signed: Vec<f64> = if is_ma {
            v.iter().map(|x| -x).collect()
        } else {
            v.clone()
        };
        if !roots_not_inside(&signed) {
            let what = if is_ma {
                "the MA polynomial is not invertible"
            } else {
                "the AR polynomial is not stationary"
            };
            return Err(bad(
                format!("coefficients.{kind}"),
                format!("{what} (a root inside the unit circle): {v:?}"),
            ));
        }
    }
    Ok(())
}
