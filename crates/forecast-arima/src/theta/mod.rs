//! The standard Theta method (Assimakopoulos & Nikolopoulos 2000) in the state-space form of
//! Fiorucci et al. (2016), as statsforecast 2.1.1's `Theta`.

mod decompose;
mod fit;

use ecom_core::{Forecast, Frequency, NaiveDate, TimeSeries};
use serde::{Deserialize, Serialize};

use crate::baseline::{check_values, constant_value, scaled};
use crate::calendar::{NextPeriod, stamp};
use crate::error::{ArimaError, Result};
use crate::forecaster::{FittedModel, Forecaster};
use crate::interval::gaussian_forecast;
use crate::limits::{check_forecast_request, check_horizon, finite};
use crate::note::FitNote;
use crate::saved::{self as check, nullable, nullable_vec};

use fit::{ALPHA_BOUNDS, Params, THETA};

/// How the Theta method removes a weekly (or other) season before smoothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decomposition {
    /// Divide by seasonal factors (statsforecast's default). Used only when every value is
    /// positive and every factor is at least 0.01; otherwise the fit falls back to
    /// [`Additive`](Decomposition::Additive), as statsforecast does.
    #[default]
    Multiplicative,
    /// Subtract a seasonal pattern.
    Additive,
}

/// The standard Theta method: simple exponential smoothing of the (seasonally adjusted) series
/// with a drift of half the slope of its linear trend, the forecast of statsforecast's `Theta`
/// and R's `forecast::thetaf`.
///
/// It is the standard theta model of Fiorucci et al. (2016) with θ = 2: the one-step forecast
/// is `ℓ_{t−1} + ½(a(1 − α)^t + b(1 − (1 − α)^{t+1})/α)` for the least-squares line `a + b·t`,
/// and the level is smoothed with α. The initial level and α ∈ [0.1, 0.99] minimise
/// statsforecast's objective (squared one-step errors after the first three) with
/// statsforecast's own Nelder–Mead, reproduced step for step, so fits agree with statsforecast
/// 2.1.1 to rounding (`tests/theta.rs`).
///
/// With a seasonal period `m ≥ 4` (from [`with_period`](Self::with_period), else the series'),
/// at least two seasons of data and a significant lag-`m` autocorrelation (90 % one-sided,
/// Bartlett's standard error), the series is first adjusted by classical decomposition
/// ([`Decomposition`]) and the last season's factors are put back on the forecast.
///
/// Intervals: statsforecast simulates 200 future paths (with the trend line re-estimated
/// along each path) and takes their quantiles. This crate computes the variance of that same
/// simulation exactly (it is linear in the shocks) and gives `mean ± z·se`, so intervals are
/// reproducible and centred on the point forecast; σ is the standard deviation of the
/// residuals after the first three. The simulation's centre drifts from the point forecast by
/// O(h/n) standard errors (a few thousandths for a hundred observations), which this crate does
/// not reproduce. For an additive decomposition statsforecast adds the seasonal pattern to the
/// residuals before taking σ, widening its intervals by the seasonal swing; this crate uses the
/// model's residuals.
///
/// ```
/// use forecast_arima::{Theta, DEFAULT_LEVELS};
/// // The Nile's annual flow (first 30 years): statsforecast's Theta forecasts a level near
/// // 1,000 with a slight downward drift.
/// let flow = [1120.0, 1160.0, 963.0, 1210.0, 1160.0, 1160.0, 813.0, 1230.0, 1370.0, 1140.0,
///     995.0, 935.0, 1110.0, 994.0, 1020.0, 960.0, 1180.0, 799.0, 958.0, 1140.0, 1100.0, 1210.0,
///     1150.0, 1250.0, 1260.0, 1220.0, 1030.0, 1100.0, 774.0, 840.0];
/// let fit = Theta::default().fit_slice(&flow)?;
/// let f = fit.forecast(3, &DEFAULT_LEVELS)?;
/// assert!(f.mean[0] > f.mean[2] && (f.mean[0] - 1000.0).abs() < 100.0);
/// # Ok::<(), forecast_arima::ArimaError>(())
/// ```
///
/// As a stored configuration it reads `{"period": 7, "decomposition": "additive"}`, both
/// optional, checked as `fit` checks them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(try_from = "ThetaSpecRepr")]
pub struct Theta {
    #[serde(skip_serializing_if = "Option::is_none")]
    period: Option<usize>,
    decomposition: Decomposition,
}

/// The serde form of [`Theta`] before validation.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThetaSpecRepr {
    #[serde(default)]
    period: Option<usize>,
    #[serde(default)]
    decomposition: Decomposition,
}

impl TryFrom<ThetaSpecRepr> for Theta {
    type Error = ArimaError;

    fn try_from(r: ThetaSpecRepr) -> Result<Self> {
        let spec = Self {
            period: r.period,
            decomposition: r.decomposition,
        };
        spec.validate()?;
        Ok(spec)
    }
}

/// Fewest observations a Theta fit needs (statsforecast refuses three or fewer).
const MIN_OBS: usize = 4;

impl Theta {
    /// Seasonal period to test and adjust for (default: the series' period, else none).
    pub fn with_period(mut self, period: usize) -> Self {
        self.period = Some(period);
        self
    }

    /// How a season is removed (default [`Decomposition::Multiplicative`], as statsforecast).
    pub fn with_decomposition(mut self, decomposition: Decomposition) -> Self {
        self.decomposition = decomposition;
        self
    }

    /// The seasonal period, when fixed.
    pub fn period(&self) -> Option<usize> {
        self.period
    }

    /// How a season is removed.
    pub fn decomposition(&self) -> Decomposition {
        self.decomposition
    }

    fn validate(&self) -> Result<()> {
        if self.period == Some(0) {
            return Err(ArimaError::invalid("period", "must be at least 1"));
        }
        Ok(())
    }

    /// Fits to a series (period from the specification, else the series'); the forecasts carry
    /// its dates.
    ///
    /// A constant series is fitted exactly: a flat forecast at its value with zero-width
    /// intervals and a [`FitNote::ConstantSeries`] (statsforecast's forecast is flat too).
    ///
    /// # Errors
    /// [`ArimaError::NotEnoughData`] with fewer than 4 observations;
    /// [`ArimaError::InvalidParameter`] for a period of 0.
    pub fn fit(&self, series: &TimeSeries) -> Result<FittedTheta> {
        crate::error::refuse_missing(series, "Theta")?;
        let period = self.period.or(series.period()).unwrap_or(1);
        Ok(self.fit_values(series.values(), period)?.dated(series))
    }

    /// Fits to plain values (period from the specification, else none).
    ///
    /// # Errors
    /// As [`fit`](Self::fit), plus [`ArimaError::Empty`], [`ArimaError::NonFinite`] and
    /// [`ArimaError::Core`] (a value beyond [`ecom_core::MAX_ABS_VALUE`]).
    pub fn fit_slice(&self, y: &[f64]) -> Result<FittedTheta> {
        self.fit_values(y, self.period.unwrap_or(1))
    }

    fn fit_values(&self, y: &[f64], m: usize) -> Result<FittedTheta> {
        self.validate()?;
        check_values(y, MIN_OBS)?;
        let n = y.len();
        if let Some(c) = constant_value(y) {
            return Ok(FittedTheta {
                alpha: 0.5,
                initial_level: c,
                intercept: 0.0,
                slope: 0.0,
                level: c,
                objective: 0.0,
                sigma: 0.0,
                seasonal: None,
                fitted: vec![c; n],
                notes: vec![FitNote::ConstantSeries { value: c }],
                next: None,
            });
        }
        // On a power-of-two rescaling of extreme data (exact, and a no-op otherwise), so the
        // sums of squares cannot overflow.
        let (ys, s) = scaled(y);
        let season = decompose::is_seasonal(&ys, m)
            .then(|| decompose::seasonal_pattern(&ys, m, self.decomposition));
        let factor = |t: usize| season.as_ref().map(|(p, _)| p[t % m]);
        let adjusted: Vec<f64> = ys
            .iter()
            .enumerate()
            .map(|(t, v)| match (&season, factor(t)) {
                (Some((_, Decomposition::Multiplicative)), Some(f)) => v / f,
                (Some((_, Decomposition::Additive)), Some(f)) => v - f,
                _ => *v,
            })
            .collect();
        let (params, objective) = fit::estimate(&adjusted);
        let (one_step, level) = params.filter(&adjusted);
        // Residuals and fitted values on the data's scale (statsforecast multiplies the
        // residuals of a multiplicative fit by the factors).
        let mut residuals = Vec::with_capacity(n);
        let mut fitted = Vec::with_capacity(n);
        for t in 0..n {
            let e = adjusted[t] - one_step[t];
            let (e, f) = match (&season, factor(t)) {
                (Some((_, Decomposition::Multiplicative)), Some(k)) => (e * k, one_step[t] * k),
                (Some((_, Decomposition::Additive)), Some(k)) => (e, one_step[t] + k),
                _ => (e, one_step[t]),
            };
            residuals.push(e);
            fitted.push(f * s);
        }
        let tail = if n - 3 >= 2 {
            &residuals[3..]
        } else {
            &residuals[..]
        };
        let sigma = finite(sample_std(tail) * s, "the residual standard deviation")?;
        let seasonal = season.map(|(pattern, kind)| Seasonal {
            kind,
            // One season in forecast order: step k continues position (n + k) mod m.
            factors: (0..m)
                .map(|k| {
                    let f = pattern[(n + k) % m];
                    match kind {
                        Decomposition::Multiplicative => f,
                        Decomposition::Additive => f * s,
                    }
                })
                .collect(),
        });
        crate::limits::all_finite(&fitted, "a fitted value")?;
        Ok(FittedTheta {
            alpha: params.alpha,
            initial_level: finite(params.initial_level * s, "the initial level")?,
            intercept: params.a * s,
            slope: params.b * s,
            level: finite(level * s, "the level")?,
            objective: finite(objective * s, "the objective")?,
            sigma,
            seasonal,
            fitted,
            notes: Vec::new(),
            next: None,
        })
    }
}

/// Standard deviation with divisor n − 1 (numpy's `std(ddof=1)`).
fn sample_std(v: &[f64]) -> f64 {
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    (v.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1.0)).sqrt()
}

/// The seasonal factors a fitted model puts back on its forecasts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Seasonal {
    #[serde(rename = "decomposition")]
    kind: Decomposition,
    /// One season, in forecast order (the first is the first forecast step's).
    #[serde(with = "nullable_vec")]
    factors: Vec<f64>,
}

/// A fitted Theta model.
///
/// Serialises completely and is checked when read back (see the crate's "Saving a model"
/// section); forecasts after a round trip are bit-for-bit those of the original.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(into = "FittedThetaRepr", try_from = "FittedThetaRepr")]
pub struct FittedTheta {
    alpha: f64,
    initial_level: f64,
    intercept: f64,
    slope: f64,
    level: f64,
    objective: f64,
    sigma: f64,
    seasonal: Option<Seasonal>,
    fitted: Vec<f64>,
    notes: Vec<FitNote>,
    next: Option<NextPeriod>,
}

/// The serde form of [`FittedTheta`].
#[derive(Serialize, Deserialize)]
struct FittedThetaRepr {
    #[serde(with = "nullable")]
    alpha: f64,
    #[serde(with = "nullable")]
    initial_level: f64,
    #[serde(with = "nullable")]
    intercept: f64,
    #[serde(with = "nullable")]
    slope: f64,
    #[serde(with = "nullable")]
    level: f64,
    #[serde(with = "nullable")]
    objective: f64,
    #[serde(with = "nullable")]
    sigma: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    seasonal: Option<Seasonal>,
    #[serde(with = "nullable_vec")]
    fitted: Vec<f64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    notes: Vec<FitNote>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    forecast_start: Option<NextPeriod>,
}

impl From<FittedTheta> for FittedThetaRepr {
    fn from(f: FittedTheta) -> Self {
        Self {
            alpha: f.alpha,
            initial_level: f.initial_level,
            intercept: f.intercept,
            slope: f.slope,
            level: f.level,
            objective: f.objective,
            sigma: f.sigma,
            seasonal: f.seasonal,
            fitted: f.fitted,
            notes: f.notes,
            forecast_start: f.next,
        }
    }
}

impl TryFrom<FittedThetaRepr> for FittedTheta {
    type Error = ArimaError;

    fn try_from(r: FittedThetaRepr) -> Result<Self> {
        let (lo, hi) = ALPHA_BOUNDS;
        if !(lo..=hi).contains(&r.alpha) {
            return Err(check::bad(
                "alpha",
                format!("must be in [{lo}, {hi}], got {}", r.alpha),
            ));
        }
        check::finite("initial_level", r.initial_level)?;
        check::finite("intercept", r.intercept)?;
        check::finite("slope", r.slope)?;
        check::finite("level", r.level)?;
        check::non_negative("objective", r.objective)?;
        check::non_negative("sigma", r.sigma)?;
        let n = r.fitted.len();
        if n < MIN_OBS {
            return Err(check::bad(
                "fitted",
                format!("has {n} values, a fit has at least {MIN_OBS}"),
            ));
        }
        check::all_finite("fitted", &r.fitted)?;
        if let Some(s) = &r.seasonal {
            let m = s.factors.len();
            // The seasonality test needs a period of 4 or more and two seasons of data.
            if m < 4 || n / 2 < m {
                return Err(check::bad(
                    "seasonal.factors",
                    format!(
                        "has {m} values: a season of 4 or more, at most half of the {n} observations, is needed"
                    ),
                ));
            }
            check::all_finite("seasonal.factors", &s.factors)?;
            if s.kind == Decomposition::Multiplicative
                && let Some(i) = s.factors.iter().position(|f| *f < 0.01)
            {
                return Err(check::bad(
                    format!("seasonal.factors[{i}]"),
                    format!(
                        "a multiplicative factor must be at least 0.01, got {}",
                        s.factors[i]
                    ),
                ));
            }
        }
        check::notes(&r.notes)?;
        Ok(Self {
            alpha: r.alpha,
            initial_level: r.initial_level,
            intercept: r.intercept,
            slope: r.slope,
            level: r.level,
            objective: r.objective,
            sigma: r.sigma,
            seasonal: r.seasonal,
            fitted: r.fitted,
            notes: r.notes,
            next: r.forecast_start,
        })
    }
}

/// Means, standard errors and the standard error of their total, on the data's scale.
struct Projection {
    mean: Vec<f64>,
    se: Vec<f64>,
    total_se: f64,
}

impl FittedTheta {
    /// Smoothing parameter α.
    pub fn alpha(&self) -> f64 {
        self.alpha
    }

    /// The theta coefficient, 2 (the standard theta model).
    pub fn theta(&self) -> f64 {
        THETA
    }

    /// Initial level ℓ₀ (on the seasonally adjusted scale).
    pub fn initial_level(&self) -> f64 {
        self.initial_level
    }

    /// Intercept `a` of the least-squares line `a + b·t` (t = 1..n) through the seasonally
    /// adjusted data (0 for a constant series).
    pub fn intercept(&self) -> f64 {
        self.intercept
    }

    /// Slope `b` of that line; the long-run drift of the forecast is `b / 2` per period.
    pub fn slope(&self) -> f64 {
        self.slope
    }

    /// Level after the last observation (seasonally adjusted scale).
    pub fn level(&self) -> f64 {
        self.level
    }

    /// statsforecast's objective at the fit: the sum of squared one-step errors after the first
    /// three, over the mean absolute value of the (adjusted) data.
    pub fn objective(&self) -> f64 {
        self.objective
    }

    /// Standard deviation of the residuals after the first three (divisor n − 4), the σ of the
    /// intervals.
    pub fn sigma(&self) -> f64 {
        self.sigma
    }

    /// How the season was removed, `None` when the series was not found seasonal.
    pub fn decomposition(&self) -> Option<Decomposition> {
        self.seasonal.as_ref().map(|s| s.kind)
    }

    /// One season of the factors put back on the forecasts, in forecast order (the first is
    /// the first step's); empty when the series was not found seasonal.
    pub fn seasonal_factors(&self) -> &[f64] {
        self.seasonal.as_ref().map_or(&[], |s| &s.factors)
    }

    /// One-step forecasts of the observations, on the data's scale.
    pub fn fitted(&self) -> &[f64] {
        &self.fitted
    }

    /// Number of observations fitted.
    pub fn nobs(&self) -> usize {
        self.fitted.len()
    }

    /// [`FitNote::ConstantSeries`] when the series was constant (σ = 0, zero-width intervals);
    /// empty otherwise.
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

    /// Forecasts `h` steps with intervals at `levels` (percent; a fraction such as 0.95 is
    /// refused), dated when the model was fitted to a dated series.
    ///
    /// # Errors
    /// Invalid horizon or level (checked first; a horizon beyond
    /// [`MAX_HORIZON`](crate::MAX_HORIZON) is [`ArimaError::HorizonTooLong`]),
    /// [`ArimaError::Overflow`] for a forecast or interval bound that is not finite.
    pub fn forecast(&self, h: usize, levels: &[f64]) -> Result<Forecast> {
        check_forecast_request(h, levels)?;
        let p = self.project(h);
        let f = gaussian_forecast(p.mean, &p.se, levels)?;
        Ok(stamp(f, self.next))
    }

    /// Mean and standard error of the total of the next `h` values (demand over a lead time),
    /// under the same simulation as the intervals: errors of different steps are correlated
    /// through the level and the trend, and every covariance is included.
    ///
    /// ```
    /// use forecast_arima::Theta;
    /// let y: Vec<f64> = (0..40).map(|t| 20.0 + 0.3 * t as f64 + [1.0, -1.0, 0.5, -0.5][t % 4]).collect();
    /// let fit = Theta::default().fit_slice(&y)?;
    /// let (total, se) = fit.predict_total(5)?;
    /// let f = fit.forecast(5, &[])?;
    /// assert!((total - f.mean.iter().sum::<f64>()).abs() < 1e-9);
    /// assert!(se > 0.0);
    /// # Ok::<(), forecast_arima::ArimaError>(())
    /// ```
    ///
    /// # Errors
    /// A horizon of 0 or beyond [`MAX_HORIZON`](crate::MAX_HORIZON);
    /// [`ArimaError::Overflow`] when the total or its standard error is not finite.
    pub fn predict_total(&self, h: usize) -> Result<(f64, f64)> {
        check_horizon(h)?;
        let p = self.project(h);
        let total = finite(p.mean.iter().sum(), "the forecast total")?;
        let se = finite(p.total_se, "the standard error of the forecast total")?;
        Ok((total, se))
    }

    /// The point forecasts and the exact variances of statsforecast's simulated paths.
    ///
    /// Along a path the sample is `s + w₁a + w₂b + ε` with the level `s`, the running mean `μ`
    /// and the slope `b` updated from it, and `a = μ − b(i + 1)/2`: every quantity is linear
    /// in the shocks, so the covariance of `(s, μ, b, total)` is propagated exactly (it starts
    /// at zero: the fitted state is known).
    fn project(&self, h: usize) -> Projection {
        let alpha = self.alpha;
        let c = 1.0 - 1.0 / THETA;
        let n = self.fitted.len();
        let params = Params {
            initial_level: self.initial_level,
            alpha,
            a: self.intercept,
            b: self.slope,
        };
        let (kind, factors) = match &self.seasonal {
            Some(s) => (Some(s.kind), &s.factors[..]),
            None => (None, &[][..]),
        };
        let mut level = self.level;
        let mut cov = [[0.0f64; 4]; 4];
        let mut mean = Vec::with_capacity(h);
        let mut se = Vec::with_capacity(h);
        for k in 0..h {
            let i = (n + k) as f64;
            let mu = params.step(level, n + k);
            level = alpha * mu + (1.0 - alpha) * level;
            let decay = 1.0 - alpha;
            let w1 = c * decay.powf(i);
            let w2 = c * (1.0 - decay.powf(i + 1.0)) / alpha;
            let factor = match kind {
                Some(Decomposition::Multiplicative) => factors[k % factors.len()],
                _ => 1.0,
            };
            // The sample over (s, μ, b, total, ε).
            let r = [1.0, w1, w2 - w1 * (i + 1.0) / 2.0, 0.0, 1.0];
            let m_new: [f64; 5] = std::array::from_fn(|j| {
                let own = if j == 1 { i } else { 0.0 };
                (own + r[j]) / (i + 1.0)
            });
            let g: [[f64; 5]; 4] = [
                std::array::from_fn(|j| alpha * r[j] + if j == 0 { 1.0 - alpha } else { 0.0 }),
                m_new,
                std::array::from_fn(|j| {
                    let own = if j == 2 { i - 1.0 } else { 0.0 };
                    (own + 6.0 * (r[j] - m_new[j]) / (i + 1.0)) / (i + 2.0)
                }),
                std::array::from_fn(|j| factor * r[j] + if j == 3 { 1.0 } else { 0.0 }),
            ];
            // Covariance of (s, μ, b, total, ε): the state's, and a unit shock.
            let q = |a: usize, b: usize| -> f64 {
                match (a, b) {
                    (4, 4) => 1.0,
                    (4, _) | (_, 4) => 0.0,
                    _ => cov[a][b],
                }
            };
            let quad = |u: &[f64; 5], v: &[f64; 5]| -> f64 {
                let mut acc = 0.0;
                for a in 0..5 {
                    for b in 0..5 {
                        acc += u[a] * q(a, b) * v[b];
                    }
                }
                acc
            };
            let var = quad(&r, &r);
            let mut next = [[0.0; 4]; 4];
            for a in 0..4 {
                for b in a..4 {
                    next[a][b] = quad(&g[a], &g[b]);
                    next[b][a] = next[a][b];
                }
            }
            cov = next;
            let sd = self.sigma * var.max(0.0).sqrt();
            match (kind, factors.get(k % factors.len().max(1))) {
                (Some(Decomposition::Multiplicative), Some(f)) => {
                    mean.push(mu * f);
                    se.push(sd * f);
                }
                (Some(Decomposition::Additive), Some(f)) => {
                    mean.push(mu + f);
                    se.push(sd);
                }
                _ => {
                    mean.push(mu);
                    se.push(sd);
                }
            }
        }
        Projection {
            mean,
            se,
            total_se: self.sigma * cov[3][3].max(0.0).sqrt(),
        }
    }
}

impl Forecaster for Theta {
    type Fitted = FittedTheta;

    fn fit_series(&self, series: &TimeSeries) -> Result<Self::Fitted> {
        self.fit(series)
    }

    fn min_train_len(&self) -> Result<usize> {
        self.validate()?;
        Ok(MIN_OBS)
    }
}

impl FittedModel for FittedTheta {
    fn forecast(&self, h: usize, levels: &[f64]) -> Result<Forecast> {
        FittedTheta::forecast(self, h, levels)
    }

    fn notes(&self) -> &[FitNote] {
        FittedTheta::notes(self)
    }

    fn predict_sum(&self, n: usize) -> Result<(f64, f64)> {
        self.predict_total(n)
    }
}
