//! Holt's linear trend method.

use ecom_core::{Forecast, Frequency, NaiveDate, TimeSeries};
use serde::{Deserialize, Serialize};

use super::{check_values, constant_value, innovation_se, scaled};
use crate::calendar::{NextPeriod, stamp};
use crate::error::{ArimaError, Result};
use crate::forecaster::{FittedModel, Forecaster};
use crate::interval::gaussian_forecast;
use crate::limits::{all_finite, check_forecast_request, finite};
use crate::note::FitNote;
use crate::optim::{BfgsOptions, minimize};
use crate::saved::{self as check, nullable, nullable_vec};

/// Holt's linear trend: `l_t = α y_t + (1−α)(l_{t−1} + b_{t−1})`,
/// `b_t = β (l_t − l_{t−1}) + (1−β) b_{t−1}`, forecast `l_n + h·b_n`.
///
/// As statsmodels' `Holt(initialization_method="estimated")`: α and β (with β ≤ α) minimise the
/// sum of squared one-step errors, the initial level and trend are estimated. For each (α, β)
/// the initial state enters the errors linearly, so it is solved by least squares and only
/// (α, β) are searched (a grid, then BFGS). Intervals are those of ETS(A,A,N): the h-step
/// variance is σ²(1 + Σ_{j<h} (α(1 + βj))²), σ² = SSE/n.
///
/// As a stored configuration it reads `{"alpha": 0.5, "beta": 0.1}`, both optional (absent:
/// estimated), checked as `fit` checks them.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(try_from = "HoltSpecRepr")]
pub struct Holt {
    #[serde(skip_serializing_if = "Option::is_none")]
    alpha: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    beta: Option<f64>,
}

/// The serde form of [`Holt`] before validation.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HoltSpecRepr {
    #[serde(default)]
    alpha: Option<f64>,
    #[serde(default)]
    beta: Option<f64>,
}

impl TryFrom<HoltSpecRepr> for Holt {
    type Error = ArimaError;

    fn try_from(r: HoltSpecRepr) -> Result<Self> {
        let spec = Self {
            alpha: r.alpha,
            beta: r.beta,
        };
        spec.validate()?;
        Ok(spec)
    }
}

impl Holt {
    /// Fixes α (validated in `fit`: 0 ≤ α ≤ 1).
    pub fn with_alpha(mut self, alpha: f64) -> Self {
        self.alpha = Some(alpha);
        self
    }

    /// Fixes β (validated in `fit`: 0 ≤ β ≤ 1).
    pub fn with_beta(mut self, beta: f64) -> Self {
        self.beta = Some(beta);
        self
    }

    /// α and β, when fixed, in [0, 1].
    fn validate(&self) -> Result<()> {
        for (name, v) in [("alpha", self.alpha), ("beta", self.beta)] {
            if let Some(v) = v
                && !(0.0..=1.0).contains(&v)
            {
                return Err(ArimaError::invalid(
                    name,
                    format!("must be in [0, 1], got {v}"),
                ));
            }
        }
        Ok(())
    }

    /// Fits to a series.
    ///
    /// A constant series is fitted exactly: level the value, trend 0, σ² = 0, α and β the
    /// fixed values or 0 (every value fits), and a [`FitNote::ConstantSeries`].
    ///
    /// # Errors
    /// [`ArimaError::NotEnoughData`] with fewer than 4 observations;
    /// [`ArimaError::InvalidParameter`] for α or β outside [0, 1].
    pub fn fit(&self, series: &TimeSeries) -> Result<FittedHolt> {
        crate::error::refuse_missing(series, "Holt")?;
        Ok(self.fit_slice(series.values())?.dated(series))
    }

    /// Fits to plain values.
    ///
    /// # Errors
    /// As [`fit`](Self::fit), plus [`ArimaError::Empty`], [`ArimaError::NonFinite`] and
    /// [`ArimaError::Core`] (a value beyond [`ecom_core::MAX_ABS_VALUE`]).
    pub fn fit_slice(&self, y: &[f64]) -> Result<FittedHolt> {
        check_values(y, 4)?;
        self.validate()?;
        if let Some(c) = constant_value(y) {
            // Every (α, β) fits a constant exactly (and ln SSE = −∞ would mislead the search).
            return Ok(FittedHolt {
                alpha: self.alpha.unwrap_or(0.0),
                beta: self.beta.unwrap_or(0.0),
                initial_level: c,
                initial_trend: 0.0,
                level: c,
                trend: 0.0,
                fitted: vec![c; y.len()],
                sse: 0.0,
                sigma2: 0.0,
                notes: vec![FitNote::ConstantSeries { value: c }],
                next: None,
            });
        }
        // On a power-of-two rescaling of extreme data (exact, and a no-op otherwise), so the
        // sums of squares cannot overflow.
        let (ys, s) = scaled(y);
        let y = &ys[..];
        let (alpha, beta) = match (self.alpha, self.beta) {
            (Some(a), Some(b)) => (a, b),
            (Some(a), None) => (
                a,
                crate::baseline::ses::minimise_unit(|b| profile(y, a, b).2),
            ),
            (None, Some(b)) => (
                crate::baseline::ses::minimise_unit(|a| profile(y, a, b).2),
                b,
            ),
            (None, None) => optimise(y),
        };
        let (l0, b0, sse) = profile(y, alpha, beta);
        let (mut l, mut b) = (l0, b0);
        let mut fitted = Vec::with_capacity(y.len());
        for &v in y {
            fitted.push((l + b) * s);
            let ln = alpha * v + (1.0 - alpha) * (l + b);
            b = beta * (ln - l) + (1.0 - beta) * b;
            l = ln;
        }
        let sse = finite(sse * s * s, "the sum of squared errors")?;
        all_finite(&fitted, "a fitted value")?;
        Ok(FittedHolt {
            alpha,
            beta,
            initial_level: l0 * s,
            initial_trend: b0 * s,
            level: l * s,
            trend: b * s,
            fitted,
            sse,
            sigma2: sse / y.len() as f64,
            notes: Vec::new(),
            next: None,
        })
    }
}

/// One pass of the recursion from state (l, b) with data `y` (or zeros).
fn run(y: Option<&[f64]>, n: usize, alpha: f64, beta: f64, l0: f64, b0: f64, out: &mut [f64]) {
    let (mut l, mut b) = (l0, b0);
    for t in 0..n {
        out[t] = l + b;
        let v = y.map_or(0.0, |y| y[t]);
        let ln = alpha * v + (1.0 - alpha) * (l + b);
        b = beta * (ln - l) + (1.0 - beta) * b;
        l = ln;
    }
}

/// `(l₀, b₀, SSE)` at (α, β): the one-step forecasts are linear in (l₀, b₀), so those are a
/// two-variable least-squares fit.
fn profile(y: &[f64], alpha: f64, beta: f64) -> (f64, f64, f64) {
    let n = y.len();
    let mut f0 = vec![0.0; n];
    let mut fl = vec![0.0; n];
    let mut fb = vec![0.0; n];
    run(Some(y), n, alpha, beta, 0.0, 0.0, &mut f0);
    run(None, n, alpha, beta, 1.0, 0.0, &mut fl);
    run(None, n, alpha, beta, 0.0, 1.0, &mut fb);
    let (mut sll, mut slb, mut sbb, mut sle, mut sbe, mut see) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    for t in 0..n {
        let e = y[t] - f0[t];
        sll += fl[t] * fl[t];
        slb += fl[t] * fb[t];
        sbb += fb[t] * fb[t];
        sle += fl[t] * e;
        sbe += fb[t] * e;
        see += e * e;
    }
    let det = sll * sbb - slb * slb;
    let (l0, b0) = if det.abs() > 1e-12 * (sll * sbb).max(1e-300) {
        ((sbb * sle - slb * sbe) / det, (sll * sbe - slb * sle) / det)
    } else {
        (sle / sll.max(1e-300), 0.0)
    };
    let sse =
        see - 2.0 * (l0 * sle + b0 * sbe) + l0 * l0 * sll + 2.0 * l0 * b0 * slb + b0 * b0 * sbb;
    (l0, b0, sse.max(0.0))
}

fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// Minimises the profile SSE over 0 ≤ β ≤ α ≤ 1 (statsmodels' restriction): a grid for the
/// start, then BFGS on α = σ(a), β = α·σ(b).
fn optimise(y: &[f64]) -> (f64, f64) {
    let mut best = (f64::INFINITY, 0.5, 0.1);
    for i in 1..20 {
        let a = i as f64 / 20.0;
        for j in 0..=10 {
            let b = a * j as f64 / 10.0;
            let s = profile(y, a, b).2;
            if s < best.0 {
                best = (s, a, b);
            }
        }
    }
    let logit = |p: f64| (p.clamp(1e-6, 1.0 - 1e-6) / (1.0 - p.clamp(1e-6, 1.0 - 1e-6))).ln();
    let x0 = [
        logit(best.1),
        logit(if best.1 > 0.0 { best.2 / best.1 } else { 0.0 }),
    ];
    // ln SSE is scale-free, so the optimiser's tolerances mean the same for any data.
    let f = |x: &[f64]| {
        let a = logistic(x[0]);
        profile(y, a, a * logistic(x[1])).2.ln()
    };
    let opts = BfgsOptions {
        max_iter: 200,
        gtol: 1e-9,
        ftol: 1e-15,
    };
    let r = minimize(f, &x0, opts);
    let (a, b) = (logistic(r.x[0]), logistic(r.x[0]) * logistic(r.x[1]));
    if r.f.is_finite() && r.f <= best.0.ln() {
        (a, b)
    } else {
        (best.1, best.2)
    }
}

/// A fitted Holt model.
///
/// Serialises completely and is checked when read back (see the crate's "Saving a model"
/// section); forecasts after a round trip are bit-for-bit those of the original.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(into = "FittedHoltRepr", try_from = "FittedHoltRepr")]
pub struct FittedHolt {
    alpha: f64,
    beta: f64,
    initial_level: f64,
    initial_trend: f64,
    level: f64,
    trend: f64,
    fitted: Vec<f64>,
    sse: f64,
    sigma2: f64,
    notes: Vec<FitNote>,
    next: Option<NextPeriod>,
}

/// The serde form of [`FittedHolt`].
#[derive(Serialize, Deserialize)]
struct FittedHoltRepr {
    #[serde(with = "nullable")]
    alpha: f64,
    #[serde(with = "nullable")]
    beta: f64,
    #[serde(with = "nullable")]
    initial_level: f64,
    #[serde(with = "nullable")]
    initial_trend: f64,
    #[serde(with = "nullable")]
    level: f64,
    #[serde(with = "nullable")]
    trend: f64,
    #[serde(with = "nullable_vec")]
    fitted: Vec<f64>,
    #[serde(with = "nullable")]
    sse: f64,
    #[serde(with = "nullable")]
    sigma2: f64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    notes: Vec<FitNote>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    forecast_start: Option<NextPeriod>,
}

impl From<FittedHolt> for FittedHoltRepr {
    fn from(f: FittedHolt) -> Self {
        Self {
            alpha: f.alpha,
            beta: f.beta,
            initial_level: f.initial_level,
            initial_trend: f.initial_trend,
            level: f.level,
            trend: f.trend,
            fitted: f.fitted,
            sse: f.sse,
            sigma2: f.sigma2,
            notes: f.notes,
            forecast_start: f.next,
        }
    }
}

impl TryFrom<FittedHoltRepr> for FittedHolt {
    type Error = ArimaError;

    fn try_from(r: FittedHoltRepr) -> Result<Self> {
        check::unit_interval("alpha", r.alpha)?;
        check::unit_interval("beta", r.beta)?;
        for (name, v) in [
            ("initial_level", r.initial_level),
            ("initial_trend", r.initial_trend),
            ("level", r.level),
            ("trend", r.trend),
        ] {
            check::finite(name, v)?;
        }
        if r.fitted.len() < 4 {
            return Err(check::bad(
                "fitted",
                format!("has {} values, a fit has at least 4", r.fitted.len()),
            ));
        }
        check::all_finite("fitted", &r.fitted)?;
        check::non_negative("sse", r.sse)?;
        check::non_negative("sigma2", r.sigma2)?;
        check::consistent("sigma2", r.sigma2, r.sse / r.fitted.len() as f64, "sse / n")?;
        check::notes(&r.notes)?;
        Ok(Self {
            alpha: r.alpha,
            beta: r.beta,
            initial_level: r.initial_level,
            initial_trend: r.initial_trend,
            level: r.level,
            trend: r.trend,
            fitted: r.fitted,
            sse: r.sse,
            sigma2: r.sigma2,
            notes: r.notes,
            next: r.forecast_start,
        })
    }
}

impl FittedHolt {
    /// Level smoothing α.
    pub fn alpha(&self) -> f64 {
        self.alpha
    }

    /// Trend smoothing β.
    pub fn beta(&self) -> f64 {
        self.beta
    }

    /// Estimated initial level and trend.
    pub fn initial_state(&self) -> (f64, f64) {
        (self.initial_level, self.initial_trend)
    }

    /// Final level and trend.
    pub fn state(&self) -> (f64, f64) {
        (self.level, self.trend)
    }

    /// One-step forecasts `l_{t−1} + b_{t−1}`.
    pub fn fitted(&self) -> &[f64] {
        &self.fitted
    }

    /// Sum of squared one-step errors.
    pub fn sse(&self) -> f64 {
        self.sse
    }

    /// [`FitNote::ConstantSeries`] when the series was constant (σ² = 0, zero-width
    /// intervals); empty otherwise.
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

    fn dated(mut self, series: &TimeSeries) -> Self {
        self.next = NextPeriod::after(series);
        self
    }

    /// `l_n + h·b_n` with ETS(A,A,N) intervals at `levels` (percent; a fraction such as 0.95
    /// is refused), dated when the model was fitted to a dated series.
    ///
    /// # Errors
    /// Invalid horizon or level (checked first; a horizon beyond
    /// [`MAX_HORIZON`](crate::MAX_HORIZON) is [`ArimaError::HorizonTooLong`]),
    /// [`ArimaError::Overflow`] for a forecast or interval bound that is not finite.
    pub fn forecast(&self, h: usize, levels: &[f64]) -> Result<Forecast> {
        check_forecast_request(h, levels)?;
        let mean = (1..=h)
            .map(|k| self.level + k as f64 * self.trend)
            .collect();
        let (a, b) = (self.alpha, self.beta);
        let se = innovation_se(self.sigma2, h, |j| a * (1.0 + b * j as f64));
        let f = gaussian_forecast(mean, &se, levels)?;
        Ok(stamp(f, self.next))
    }
}

impl Forecaster for Holt {
    type Fitted = FittedHolt;

    fn fit_series(&self, series: &TimeSeries) -> Result<Self::Fitted> {
        self.fit(series)
    }

    fn min_train_len(&self) -> Result<usize> {
        Ok(4)
    }
}

impl FittedModel for FittedHolt {
    fn forecast(&self, h: usize, levels: &[f64]) -> Result<Forecast> {
        FittedHolt::forecast(self, h, levels)
    }

    fn notes(&self) -> &[FitNote] {
        FittedHolt::notes(self)
    }

    fn predict_sum(&self, n: usize) -> Result<(f64, f64)> {
        crate::select::Total::total(self, n)
    }
}
