//! Simple exponential smoothing with an optimised smoothing parameter.

use ecom_core::{Forecast, Frequency, NaiveDate, TimeSeries};
use serde::{Deserialize, Serialize};

use super::{check_values, constant_value, innovation_se, scaled};
use crate::calendar::{NextPeriod, stamp};
use crate::error::{ArimaError, Result};
use crate::forecaster::{FittedModel, Forecaster};
use crate::interval::gaussian_forecast;
use crate::limits::{check_forecast_request, finite};
use crate::note::FitNote;
use crate::saved::{self as check, nullable, nullable_vec};

/// How the initial level `l₀` is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum LevelInit {
    /// Estimated jointly with α by least squares (statsmodels'
    /// `initialization_method="estimated"`, the default).
    #[default]
    Estimated,
    /// The first observation (statsforecast's `SimpleExponentialSmoothingOptimized`).
    FirstObservation,
}

/// Simple exponential smoothing: `l_t = α y_t + (1 − α) l_{t−1}`, forecast `l_n` flat.
///
/// α minimises the sum of squared one-step errors over [0, 1] unless fixed; with
/// [`LevelInit::Estimated`] the initial level is the least-squares value for each α, so the
/// minimisation is one-dimensional and exact. Intervals are those of the equivalent ETS(A,N,N)
/// model: variance σ²(1 + (h−1)α²), σ² = SSE/n.
///
/// ```
/// use forecast_arima::{LevelInit, SimpleExpSmoothing};
/// let sales = [150.0, 160.0, 155.0, 165.0, 157.0, 162.0, 159.0, 167.0, 158.0, 163.0];
/// let fit = SimpleExpSmoothing::default()
///     .with_alpha(0.3)
///     .with_level_init(LevelInit::FirstObservation)
///     .fit_slice(&sales)?;
/// assert!((fit.level() - 161.04830298).abs() < 1e-8);
/// // Optimised α with an estimated initial level: on these data α goes to 0 and the level to
/// // the mean (statsmodels: SSE 224.4).
/// let opt = SimpleExpSmoothing::default().fit_slice(&sales)?;
/// assert!((opt.sse() - 224.4).abs() < 1e-6);
/// # Ok::<(), forecast_arima::ArimaError>(())
/// ```
///
/// As a stored configuration it reads `{"alpha": 0.3, "level_init": "FirstObservation",
/// "alpha_bounds": [0.01, 0.99]}`, every field optional, checked as `fit` checks it.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(try_from = "SesSpecRepr")]
pub struct SimpleExpSmoothing {
    #[serde(skip_serializing_if = "Option::is_none")]
    alpha: Option<f64>,
    #[serde(rename = "level_init")]
    init: LevelInit,
    #[serde(rename = "alpha_bounds", skip_serializing_if = "Option::is_none")]
    bounds: Option<(f64, f64)>,
}

/// The serde form of [`SimpleExpSmoothing`] before validation.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SesSpecRepr {
    #[serde(default)]
    alpha: Option<f64>,
    #[serde(default)]
    level_init: LevelInit,
    #[serde(default)]
    alpha_bounds: Option<(f64, f64)>,
}

impl TryFrom<SesSpecRepr> for SimpleExpSmoothing {
    type Error = ArimaError;

    fn try_from(r: SesSpecRepr) -> Result<Self> {
        let spec = Self {
            alpha: r.alpha,
            init: r.level_init,
            bounds: r.alpha_bounds,
        };
        if let Some(a) = spec.alpha {
            check_alpha(a)?;
        }
        if let Some(b) = spec.bounds {
            check_bounds(b)?;
        }
        Ok(spec)
    }
}

fn check_alpha(a: f64) -> Result<f64> {
    if (0.0..=1.0).contains(&a) {
        Ok(a)
    } else {
        Err(ArimaError::invalid(
            "alpha",
            format!("must be in [0, 1], got {a}"),
        ))
    }
}

fn check_bounds((lo, hi): (f64, f64)) -> Result<(f64, f64)> {
    if 0.0 <= lo && lo <= hi && hi <= 1.0 {
        Ok((lo, hi))
    } else {
        Err(ArimaError::invalid(
            "alpha_bounds",
            format!("need 0 <= lower <= upper <= 1, got [{lo}, {hi}]"),
        ))
    }
}

impl SimpleExpSmoothing {
    /// Fixes α (validated in `fit`: 0 ≤ α ≤ 1).
    pub fn with_alpha(mut self, alpha: f64) -> Self {
        self.alpha = Some(alpha);
        self
    }

    /// Searches α only in `[lower, upper]` (default [0, 1]; statsforecast uses [0.01, 0.99]).
    pub fn with_alpha_bounds(mut self, lower: f64, upper: f64) -> Self {
        self.bounds = Some((lower, upper));
        self
    }

    /// Sets how the initial level is chosen.
    pub fn with_level_init(mut self, init: LevelInit) -> Self {
        self.init = init;
        self
    }

    /// Fits to a series.
    ///
    /// A constant series is fitted exactly: level the value, σ² = 0, α the fixed value or the
    /// lower bound of its search (every α fits), and a [`FitNote::ConstantSeries`].
    ///
    /// # Errors
    /// [`ArimaError::NotEnoughData`] with fewer than 2 observations;
    /// [`ArimaError::InvalidParameter`] for α outside [0, 1].
    pub fn fit(&self, series: &TimeSeries) -> Result<FittedSes> {
        crate::error::refuse_missing(series, "SES")?;
        Ok(self.fit_slice(series.values())?.dated(series))
    }

    /// Fits to plain values.
    ///
    /// # Errors
    /// As [`fit`](Self::fit), plus [`ArimaError::Empty`], [`ArimaError::NonFinite`] and
    /// [`ArimaError::Core`] (a value beyond [`ecom_core::MAX_ABS_VALUE`]).
    pub fn fit_slice(&self, y: &[f64]) -> Result<FittedSes> {
        check_values(y, 2)?;
        // On a power-of-two rescaling of extreme data (exact, and a no-op otherwise), so the
        // sums of squares cannot overflow.
        let (ys, s) = scaled(y);
        let bounds = self.bounds.unwrap_or((0.0, 1.0));
        let alpha = match self.alpha {
            Some(a) => check_alpha(a)?,
            None => {
                let (lo, hi) = check_bounds(bounds)?;
                if constant_value(y).is_some() {
                    // Every α fits a constant exactly; report the smallest (the level stays).
                    lo
                } else {
                    minimise_interval(|a| profile(&ys, a, self.init).1, lo, hi)
                }
            }
        };
        if let Some(c) = constant_value(y) {
            return Ok(FittedSes {
                alpha,
                initial_level: c,
                level: c,
                fitted: vec![c; y.len()],
                sse: 0.0,
                sigma2: 0.0,
                notes: vec![FitNote::ConstantSeries { value: c }],
                next: None,
            });
        }
        let (l0, sse) = profile(&ys, alpha, self.init);
        let mut level = l0;
        let mut fitted = Vec::with_capacity(y.len());
        for &v in ys.iter() {
            fitted.push(level * s);
            level = alpha * v + (1.0 - alpha) * level;
        }
        let sse = finite(sse * s * s, "the sum of squared errors")?;
        Ok(FittedSes {
            alpha,
            initial_level: l0 * s,
            level: level * s,
            fitted,
            sse,
            sigma2: sse / y.len() as f64,
            notes: Vec::new(),
            next: None,
        })
    }
}

/// `(l₀, SSE)` at `alpha`: the one-step errors are `e_t = e⁰_t − (1−α)ᵗ l₀`, so the best l₀
/// is a one-variable least-squares fit.
fn profile(y: &[f64], alpha: f64, init: LevelInit) -> (f64, f64) {
    let decay = 1.0 - alpha;
    let mut level = 0.0;
    let mut g = 1.0;
    let (mut sgg, mut sge, mut see) = (0.0, 0.0, 0.0);
    for &v in y {
        let e = v - level;
        sgg += g * g;
        sge += g * e;
        see += e * e;
        level = alpha * v + decay * level;
        g *= decay;
    }
    let l0 = match init {
        LevelInit::Estimated => sge / sgg,
        LevelInit::FirstObservation => y[0],
    };
    (l0, (see - 2.0 * l0 * sge + l0 * l0 * sgg).max(0.0))
}

/// Minimum of `f` on [0, 1].
pub(crate) fn minimise_unit(f: impl Fn(f64) -> f64) -> f64 {
    minimise_interval(f, 0.0, 1.0)
}

/// Minimum of `f` on [lo, hi]: a grid of 101 points, then golden-section search around the
/// best.
fn minimise_interval(f: impl Fn(f64) -> f64, lo: f64, hi: f64) -> f64 {
    let grid = 100;
    let (mut best, mut fbest) = (lo, f(lo));
    for i in 1..=grid {
        let x = lo + (hi - lo) * i as f64 / grid as f64;
        let fx = f(x);
        if fx < fbest {
            best = x;
            fbest = fx;
        }
    }
    let step = (hi - lo) / grid as f64;
    let (mut a, mut b) = ((best - step).max(lo), (best + step).min(hi));
    let phi = 0.5 * (5f64.sqrt() - 1.0);
    let mut c = b - phi * (b - a);
    let mut d = a + phi * (b - a);
    let (mut fc, mut fd) = (f(c), f(d));
    while b - a > 1e-10 * (hi - lo).max(1e-300) {
        if fc < fd {
            b = d;
            d = c;
            fd = fc;
            c = b - phi * (b - a);
            fc = f(c);
        } else {
            a = c;
            c = d;
            fc = fd;
            d = a + phi * (b - a);
            fd = f(d);
        }
    }
    let mid = 0.5 * (a + b);
    // The grid point (possibly an end point) wins ties, e.g. α on a bound.
    if f(mid) <= fbest { mid } else { best }
}

/// A fitted simple exponential smoothing model.
///
/// Serialises completely and is checked when read back (see the crate's "Saving a model"
/// section); forecasts after a round trip are bit-for-bit those of the original.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(into = "FittedSesRepr", try_from = "FittedSesRepr")]
pub struct FittedSes {
    alpha: f64,
    initial_level: f64,
    level: f64,
    fitted: Vec<f64>,
    sse: f64,
    sigma2: f64,
    notes: Vec<FitNote>,
    next: Option<NextPeriod>,
}

/// The serde form of [`FittedSes`].
#[derive(Serialize, Deserialize)]
struct FittedSesRepr {
    #[serde(with = "nullable")]
    alpha: f64,
    #[serde(with = "nullable")]
    initial_level: f64,
    #[serde(with = "nullable")]
    level: f64,
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

impl From<FittedSes> for FittedSesRepr {
    fn from(f: FittedSes) -> Self {
        Self {
            alpha: f.alpha,
            initial_level: f.initial_level,
            level: f.level,
            fitted: f.fitted,
            sse: f.sse,
            sigma2: f.sigma2,
            notes: f.notes,
            forecast_start: f.next,
        }
    }
}

impl TryFrom<FittedSesRepr> for FittedSes {
    type Error = ArimaError;

    fn try_from(r: FittedSesRepr) -> Result<Self> {
        check::unit_interval("alpha", r.alpha)?;
        check::finite("initial_level", r.initial_level)?;
        check::finite("level", r.level)?;
        if r.fitted.len() < 2 {
            return Err(check::bad(
                "fitted",
                format!("has {} values, a fit has at least 2", r.fitted.len()),
            ));
        }
        check::all_finite("fitted", &r.fitted)?;
        check::non_negative("sse", r.sse)?;
        check::non_negative("sigma2", r.sigma2)?;
        check::consistent("sigma2", r.sigma2, r.sse / r.fitted.len() as f64, "sse / n")?;
        check::notes(&r.notes)?;
        Ok(Self {
            alpha: r.alpha,
            initial_level: r.initial_level,
            level: r.level,
            fitted: r.fitted,
            sse: r.sse,
            sigma2: r.sigma2,
            notes: r.notes,
            next: r.forecast_start,
        })
    }
}

impl FittedSes {
    /// Smoothing parameter α.
    pub fn alpha(&self) -> f64 {
        self.alpha
    }

    /// Initial level l₀.
    pub fn initial_level(&self) -> f64 {
        self.initial_level
    }

    /// Final level l_n (the point forecast).
    pub fn level(&self) -> f64 {
        self.level
    }

    /// One-step forecasts: `fitted[t] = l_{t−1}`.
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

    /// Flat forecast at the final level with ETS(A,N,N) intervals at `levels` (percent; a
    /// fraction such as 0.95 is refused), dated when the model was fitted to a dated series.
    ///
    /// # Errors
    /// Invalid horizon or level (checked first; a horizon beyond
    /// [`MAX_HORIZON`](crate::MAX_HORIZON) is [`ArimaError::HorizonTooLong`]),
    /// [`ArimaError::Overflow`] for an interval bound that is not finite.
    pub fn forecast(&self, h: usize, levels: &[f64]) -> Result<Forecast> {
        check_forecast_request(h, levels)?;
        let se = innovation_se(self.sigma2, h, |_| self.alpha);
        let f = gaussian_forecast(vec![self.level; h], &se, levels)?;
        Ok(stamp(f, self.next))
    }
}

impl Forecaster for SimpleExpSmoothing {
    type Fitted = FittedSes;

    fn fit_series(&self, series: &TimeSeries) -> Result<Self::Fitted> {
        self.fit(series)
    }

    fn min_train_len(&self) -> Result<usize> {
        Ok(2)
    }
}

impl FittedModel for FittedSes {
    fn forecast(&self, h: usize, levels: &[f64]) -> Result<Forecast> {
        FittedSes::forecast(self, h, levels)
    }

    fn notes(&self) -> &[FitNote] {
        FittedSes::notes(self)
    }

    fn predict_sum(&self, n: usize) -> Result<(f64, f64)> {
        crate::select::Total::total(self, n)
    }
}
