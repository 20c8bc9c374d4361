//! Automatic order selection (Hyndman & Khandakar 2008), following statsforecast's
//! `AutoARIMA` / R's `auto.arima`: D by the seasonal-strength rule, d by repeated KPSS tests,
//! then a stepwise (or exhaustive) search over (p, q, P, Q, constant) by an information
//! criterion, fitting with CSS as an approximation on long or high-frequency series.

use ecom_core::TimeSeries;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{ArimaError, Result};
use crate::estimate::{self, Estimate, ModelSpec, Prepared};
use crate::fitted::FittedArima;
use crate::limits::MAX_STATE_DIM;
use crate::order::{Method, Order, SeasonalOrder, Trend};
use crate::poly::roots_outside;
use crate::regressors::Regressors;
use crate::saved::nullable;
use crate::unit_root::{ndiffs, nsdiffs};

/// Roots of an admissible model lie outside this radius (R's and statsforecast's rule).
/// Candidates are estimated inside that region, so a model whose unconstrained optimum sits
/// just inside it is kept at its best admissible point rather than discarded.
const ADMISSIBLE_RADIUS: f64 = 1.01;

/// After a CSS-approximated search, how many of the best candidates are refitted by exact ML.
const EXACT_REFITS: usize = 3;

/// Criterion that ranks candidate models.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum InformationCriterion {
    /// Akaike.
    Aic,
    /// Corrected Akaike (the default, as statsforecast and R).
    #[default]
    Aicc,
    /// Bayesian (Schwarz).
    Bic,
}

/// Automatic ARIMA specification. Defaults equal statsforecast's `AutoARIMA` (and R's
/// `auto.arima`): maxima p, q ≤ 5, P, Q ≤ 2, p+q+P+Q ≤ 5, d ≤ 2, D ≤ 1; start at
/// (2,d,2)(1,D,1); AICc; stepwise over at most 94 models; KPSS at 5 % for d, seasonal strength
/// > 0.64 for D; CSS approximation during the search when n > 150 or the period > 12.
///
/// ```
/// use forecast_arima::AutoArima;
/// let nile = [1120.0, 1160.0, 963.0, 1210.0, 1160.0, 1160.0, 813.0, 1230.0, 1370.0, 1140.0,
///     995.0, 935.0, 1110.0, 994.0, 1020.0, 960.0, 1180.0, 799.0, 958.0, 1140.0, 1100.0, 1210.0,
///     1150.0, 1250.0, 1260.0, 1220.0, 1030.0, 1100.0, 774.0, 840.0, 874.0, 694.0, 940.0, 833.0,
///     701.0, 916.0, 692.0, 1020.0, 1050.0, 969.0, 831.0, 726.0, 456.0, 824.0, 702.0, 1120.0,
///     1100.0, 832.0, 764.0, 821.0, 768.0, 845.0, 864.0, 862.0, 698.0, 845.0, 744.0, 796.0,
///     1040.0, 759.0, 781.0, 865.0, 845.0, 944.0, 984.0, 897.0, 822.0, 1010.0, 771.0, 676.0,
///     649.0, 846.0, 812.0, 742.0, 801.0, 1040.0, 860.0, 874.0, 848.0, 890.0, 744.0, 749.0,
///     838.0, 1050.0, 918.0, 986.0, 797.0, 923.0, 975.0, 815.0, 1020.0, 906.0, 901.0, 1170.0,
///     912.0, 746.0, 919.0, 718.0, 714.0, 740.0];
/// let fit = AutoArima::default().fit_slice(&nile)?;
/// // statsforecast and pmdarima both choose ARIMA(1,1,1); statsforecast reports AICc 1267.53,
/// // the exact optimum is a little better.
/// assert_eq!(fit.order(), forecast_arima::Order::new(1, 1, 1));
/// let aicc = fit.aicc().unwrap();
/// assert!(aicc <= 1267.53 && aicc > 1267.45);
/// # Ok::<(), forecast_arima::ArimaError>(())
/// ```
///
/// As a stored configuration every field is optional (absent ones take the defaults above) and
/// reading checks the settings as `fit` does:
///
/// ```
/// use forecast_arima::AutoArima;
/// let cfg: AutoArima = serde_json::from_str(r#"{"period": 7, "max_order": 3}"#)?;
/// assert_eq!(cfg, AutoArima::default().with_period(7).with_max_order(3));
/// assert!(serde_json::from_str::<AutoArima>(r#"{"alpha": 2.0}"#).is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "AutoArimaRepr")]
pub struct AutoArima {
    period: Option<usize>,
    seasonal: bool,
    d: Option<usize>,
    seasonal_d: Option<usize>,
    max_p: usize,
    max_q: usize,
    max_sp: usize,
    max_sq: usize,
    max_order: usize,
    max_d: usize,
    max_seasonal_d: usize,
    start_p: usize,
    start_q: usize,
    start_sp: usize,
    start_sq: usize,
    stationary: bool,
    ic: InformationCriterion,
    stepwise: bool,
    max_models: usize,
    approximation: Option<bool>,
    allow_drift: bool,
    allow_mean: bool,
    #[serde(with = "nullable")]
    alpha: f64,
}

/// The serde form of [`AutoArima`] before validation; absent fields take the defaults.
#[derive(Deserialize)]
#[serde(default, deny_unknown_fields)]
struct AutoArimaRepr {
    period: Option<usize>,
    seasonal: bool,
    d: Option<usize>,
    seasonal_d: Option<usize>,
    max_p: usize,
    max_q: usize,
    max_sp: usize,
    max_sq: usize,
    max_order: usize,
    max_d: usize,
    max_seasonal_d: usize,
    start_p: usize,
    start_q: usize,
    start_sp: usize,
    start_sq: usize,
    stationary: bool,
    ic: InformationCriterion,
    stepwise: bool,
    max_models: usize,
    approximation: Option<bool>,
    allow_drift: bool,
    allow_mean: bool,
    #[serde(with = "nullable")]
    alpha: f64,
}

impl Default for AutoArimaRepr {
    fn default() -> Self {
        let a = AutoArima::default();
        Self {
            period: a.period,
            seasonal: a.seasonal,
            d: a.d,
            seasonal_d: a.seasonal_d,
            max_p: a.max_p,
            max_q: a.max_q,
            max_sp: a.max_sp,
            max_sq: a.max_sq,
            max_order: a.max_order,
            max_d: a.max_d,
            max_seasonal_d: a.max_seasonal_d,
            start_p: a.start_p,
            start_q: a.start_q,
            start_sp: a.start_sp,
            start_sq: a.start_sq,
            stationary: a.stationary,
            ic: a.ic,
            stepwise: a.stepwise,
            max_models: a.max_models,
            approximation: a.approximation,
            allow_drift: a.allow_drift,
            allow_mean: a.allow_mean,
            alpha: a.alpha,
        }
    }
}

impl TryFrom<AutoArimaRepr> for AutoArima {
    type Error = ArimaError;

    fn try_from(r: AutoArimaRepr) -> Result<Self> {
        let spec = Self {
            period: r.period,
            seasonal: r.seasonal,
            d: r.d,
            seasonal_d: r.seasonal_d,
            max_p: r.max_p,
            max_q: r.max_q,
            max_sp: r.max_sp,
            max_sq: r.max_sq,
            max_order: r.max_order,
            max_d: r.max_d,
            max_seasonal_d: r.max_seasonal_d,
            start_p: r.start_p,
            start_q: r.start_q,
            start_sp: r.start_sp,
            start_sq: r.start_sq,
            stationary: r.stationary,
            ic: r.ic,
            stepwise: r.stepwise,
            max_models: r.max_models,
            approximation: r.approximation,
            allow_drift: r.allow_drift,
            allow_mean: r.allow_mean,
            alpha: r.alpha,
        };
        spec.validate()?;
        Ok(spec)
    }
}

impl Default for AutoArima {
    fn default() -> Self {
        Self {
            period: None,
            seasonal: true,
            d: None,
            seasonal_d: None,
            max_p: 5,
            max_q: 5,
            max_sp: 2,
            max_sq: 2,
            max_order: 5,
            max_d: 2,
            max_seasonal_d: 1,
            start_p: 2,
            start_q: 2,
            start_sp: 1,
            start_sq: 1,
            stationary: false,
            ic: InformationCriterion::Aicc,
            stepwise: true,
            max_models: 94,
            approximation: None,
            allow_drift: true,
            allow_mean: true,
            alpha: 0.05,
        }
    }
}

/// One model tried by the search.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// Non-seasonal order.
    pub order: Order,
    /// Seasonal order.
    pub seasonal: SeasonalOrder,
    /// Constant (mean or drift) included.
    pub constant: bool,
    /// Information criterion used for ranking (infinite when the fit failed, had roots within
    /// 1.01 of the unit circle, or exceeded [`MAX_STATE_DIM`](crate::MAX_STATE_DIM);
    /// CSS-based during an approximated search). The one marker that is not finite: it only
    /// ranks candidates (written as `null`).
    #[serde(with = "infinite_as_null")]
    pub ic: f64,
}

/// An infinite criterion (a candidate that failed) as `null`, which JSON can hold.
mod infinite_as_null {
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
        if v.is_finite() {
            s.serialize_some(v)
        } else {
            s.serialize_none()
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::INFINITY))
    }
}

/// The chosen model and how the search went.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AutoArimaReport {
    /// The selected model, refitted by exact ML (CSS-ML).
    pub model: FittedArima,
    /// Regular differences chosen (or given).
    pub d: usize,
    /// Seasonal differences chosen (or given).
    pub seasonal_d: usize,
    /// Seasonal period used (1 when non-seasonal).
    pub period: usize,
    /// Whether the search ranked CSS fits (the final model is always exact).
    pub approximation: bool,
    /// Models in the order they were tried.
    pub candidates: Vec<Candidate>,
}

macro_rules! setter {
    ($(#[$doc:meta])* $setter:ident => $name:ident: $ty:ty) => {
        $(#[$doc])*
        pub fn $setter(mut self, value: $ty) -> Self {
            self.$name = value;
            self
        }
    };
}

/// Builder setters are `with_*`, as on [`Arima`](crate::Arima).
impl AutoArima {
    /// Seasonal period; by default the series' own period ([`TimeSeries::period`]), else 1.
    pub fn with_period(mut self, period: usize) -> Self {
        self.period = Some(period);
        self
    }

    /// Fixes d instead of testing for it.
    pub fn with_d(mut self, d: usize) -> Self {
        self.d = Some(d);
        self
    }

    /// Fixes D instead of testing for it.
    pub fn with_seasonal_d(mut self, d: usize) -> Self {
        self.seasonal_d = Some(d);
        self
    }

    /// Uses CSS during the search (`true`), never (`false`); by default when n > 150 or the
    /// period > 12.
    pub fn with_approximation(mut self, approximation: bool) -> Self {
        self.approximation = Some(approximation);
        self
    }

    setter!(
        /// Consider seasonal models (default true).
        with_seasonal => seasonal: bool
    );
    setter!(
        /// Maximum p (default 5). This and the other maxima and differences must be at most
        /// [`MAX_STATE_DIM`](crate::MAX_STATE_DIM) (checked in `fit`).
        with_max_p => max_p: usize
    );
    setter!(
        /// Maximum q (default 5).
        with_max_q => max_q: usize
    );
    setter!(
        /// Maximum seasonal P (default 2).
        with_max_sp => max_sp: usize
    );
    setter!(
        /// Maximum seasonal Q (default 2).
        with_max_sq => max_sq: usize
    );
    setter!(
        /// Maximum p + q + P + Q (default 5).
        with_max_order => max_order: usize
    );
    setter!(
        /// Maximum d tested (default 2).
        with_max_d => max_d: usize
    );
    setter!(
        /// Maximum D tested (default 1).
        with_max_seasonal_d => max_seasonal_d: usize
    );
    setter!(
        /// Starting p of the stepwise search (default 2).
        with_start_p => start_p: usize
    );
    setter!(
        /// Starting q (default 2).
        with_start_q => start_q: usize
    );
    setter!(
        /// Starting P (default 1).
        with_start_sp => start_sp: usize
    );
    setter!(
        /// Starting Q (default 1).
        with_start_sq => start_sq: usize
    );
    setter!(
        /// Restrict to stationary models, d = D = 0 (default false).
        with_stationary => stationary: bool
    );
    setter!(
        /// Ranking criterion (default AICc).
        with_ic => ic: InformationCriterion
    );
    setter!(
        /// Stepwise search (default true); `false` fits every admissible model, in parallel.
        with_stepwise => stepwise: bool
    );
    setter!(
        /// Maximum models of the stepwise search (default 94).
        with_max_models => max_models: usize
    );
    setter!(
        /// Allow a drift term when d + D = 1 (default true).
        with_allow_drift => allow_drift: bool
    );
    setter!(
        /// Allow a mean when d + D = 0 (default true).
        with_allow_mean => allow_mean: bool
    );
    setter!(
        /// Significance level of the KPSS tests (default 0.05, clamped to [0.01, 0.1]).
        with_alpha => alpha: f64
    );

    /// Selects and fits a model; the period comes from the specification or the series. When
    /// the series has dates, the model's forecasts carry them (as [`Arima::fit`](crate::Arima::fit)).
    ///
    /// As R's `auto.arima`, data the differencing reproduces exactly are not searched: a
    /// constant series gives ARIMA(0,0,0) with its mean (or the differences asked for),
    /// differenced data that are constant give ARIMA(0,d,0)(0,D,0) with drift (d + D = 1) or
    /// one more difference; σ² = 0, the intervals have zero width and
    /// [`FittedArima::notes`] says so ([`FitNote`](crate::FitNote)).
    ///
    /// Missing observations ([`TimeSeries::with_missing`]) are skipped as R's `auto.arima`
    /// skips `NA`: the KPSS and seasonal-strength tests run on the linearly interpolated
    /// series, every candidate is fitted by exact likelihood over the observed points (no CSS
    /// approximation, which cannot skip a missing lag), and the criteria count observed points
    /// only.
    ///
    /// # Errors
    /// [`ArimaError::NotEnoughData`], [`ArimaError::InvalidParameter`] (also for maxima or
    /// differences beyond [`MAX_STATE_DIM`](crate::MAX_STATE_DIM), checked first),
    /// [`ArimaError::NoSuitableModel`], [`ArimaError::Overflow`].
    pub fn fit(&self, series: &TimeSeries) -> Result<FittedArima> {
        let period = self.period.or(series.period()).unwrap_or(1);
        Ok(self.search(series.values(), period)?.model.dated(series))
    }

    /// As [`fit`](Self::fit) on plain values (period from the specification, else 1); NaN
    /// marks a missing observation.
    ///
    /// # Errors
    /// As [`fit`](Self::fit), plus [`ArimaError::Empty`], [`ArimaError::NonFinite`] for an
    /// infinite value, [`ArimaError::NotEnoughData`] when every value is missing, and
    /// [`ArimaError::Core`] (a value beyond [`ecom_core::MAX_ABS_VALUE`]).
    pub fn fit_slice(&self, y: &[f64]) -> Result<FittedArima> {
        Ok(self.search(y, self.period.unwrap_or(1))?.model)
    }

    /// The full search on `y` with seasonal period `period`: the selected model plus the
    /// differencing chosen and every candidate tried (none when the data are reproduced
    /// exactly, see [`fit`](Self::fit)).
    ///
    /// # Errors
    /// As [`fit_slice`](Self::fit_slice).
    pub fn search(&self, y: &[f64], period: usize) -> Result<AutoArimaReport> {
        match Search::start(self, y, period, None)? {
            Start::Search(search) => search.run(),
            Start::Exact(report) => Ok(*report),
        }
    }

    /// Regression with ARIMA errors whose order is chosen automatically, as R's
    /// `auto.arima(y, xreg = x)`: the regressors are in every candidate, the numbers of
    /// differences are tested on the residuals of a least-squares regression of `y` on them
    /// (with an intercept), and the stepwise search ranks regressions with ARIMA errors by the
    /// criterion (each β estimated with its ARMA coefficients, as in
    /// [`Arima::fit_with_regressors`](crate::Arima::fit_with_regressors)). As in R, a
    /// difference the tests ask for is not taken when it would turn a regressor into a
    /// constant, and a mean or drift is only tried where it is not collinear with the
    /// regressors.
    ///
    /// The model forecasts with the regressors' future values
    /// ([`FittedArima::forecast_with`]); where R returns a model without regressors for a
    /// constant series, this one keeps them (with zero coefficients, an exact fit).
    ///
    /// ```
    /// use forecast_arima::{AutoArima, Regressors, DEFAULT_LEVELS};
    /// // Sixty days of a SKU around 40 a day, with a promotion every tenth day adding 25.
    /// let promo: Vec<f64> = (0..60).map(|t| f64::from(u8::from(t % 10 == 4))).collect();
    /// let sales: Vec<f64> = (0..60)
    ///     .map(|t| 40.0 + 4.0 * ((t * 7 % 11) as f64 - 5.0) / 5.0 + 25.0 * promo[t])
    ///     .collect();
    /// let x = Regressors::from_columns([("promo", promo)])?;
    /// let fit = AutoArima::default().fit_slice_with_regressors(&sales, &x)?;
    /// assert!((fit.regressors()[0].estimate - 25.0).abs() < 2.0);
    /// let next = Regressors::from_columns([("promo", vec![0.0, 0.0, 0.0, 0.0, 1.0])])?;
    /// let f = fit.forecast_with(5, &next, &DEFAULT_LEVELS)?;
    /// assert!(f.mean[4] > f.mean[3] + 20.0);
    /// # Ok::<(), forecast_arima::ArimaError>(())
    /// ```
    ///
    /// # Errors
    /// As [`fit`](Self::fit), plus [`ArimaError::InvalidRegressors`] (rows that do not match
    /// the series) and [`ArimaError::CollinearRegressor`] (a regressor that cannot be
    /// estimated even without a mean or drift).
    pub fn fit_with_regressors(&self, series: &TimeSeries, x: &Regressors) -> Result<FittedArima> {
        let period = self.period.or(series.period()).unwrap_or(1);
        Ok(self
            .search_with_regressors(series.values(), period, x)?
            .model
            .dated(series))
    }

    /// [`fit_with_regressors`](Self::fit_with_regressors) on plain values (period from the
    /// specification, else 1).
    ///
    /// # Errors
    /// As [`fit_with_regressors`](Self::fit_with_regressors) and [`fit_slice`](Self::fit_slice).
    pub fn fit_slice_with_regressors(&self, y: &[f64], x: &Regressors) -> Result<FittedArima> {
        Ok(self
            .search_with_regressors(y, self.period.unwrap_or(1), x)?
            .model)
    }

    /// [`search`](Self::search) with regressors in every candidate (see
    /// [`fit_with_regressors`](Self::fit_with_regressors)).
    ///
    /// # Errors
    /// As [`fit_with_regressors`](Self::fit_with_regressors).
    pub fn search_with_regressors(
        &self,
        y: &[f64],
        period: usize,
        x: &Regressors,
    ) -> Result<AutoArimaReport> {
        match Search::start(self, y, period, Some(x))? {
            Start::Search(search) => search.run(),
            Start::Exact(report) => Ok(*report),
        }
    }
}

/// Residuals of the least-squares regression of `y` on an intercept and the non-constant
/// columns of `x`, for the differencing tests (R's and statsforecast's `auto.arima`); `y`
/// itself when there are no such columns or the regression cannot be solved.
fn regression_residuals(y: &[f64], x: &Regressors) -> Vec<f64> {
    let cols: Vec<Vec<f64>> = (0..x.columns())
        .map(|j| x.column(j))
        .filter(|c| c.iter().any(|v| *v != c[0]))
        .map(|c| {
            let f = estimate::data_scale(c);
            c.iter().map(|v| v / f).collect()
        })
        .collect();
    if cols.is_empty() {
        return y.to_vec();
    }
    let k = cols.len() + 1;
    let mut sums = crate::gls::Sums::new(k);
    let mut row = vec![1.0; k];
    for (t, &v) in y.iter().enumerate() {
        for (j, c) in cols.iter().enumerate() {
            row[j + 1] = c[t];
        }
        sums.add(v, &row, 1.0);
    }
    sums.finish();
    let beta = sums.beta();
    if !beta.iter().all(|b| b.is_finite()) {
        return y.to_vec();
    }
    y.iter()
        .enumerate()
        .map(|(t, v)| {
            v - beta[0]
                - cols
                    .iter()
                    .zip(&beta[1..])
                    .map(|(c, b)| b * c[t])
                    .sum::<f64>()
        })
        .collect()
}

/// Whether some column of `x` is non-constant but constant after `diff`.
fn differencing_flattens(x: &Regressors, diff: impl Fn(&[f64]) -> Vec<f64>) -> bool {
    (0..x.columns()).map(|j| x.column(j)).any(|c| {
        let size = c.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        !estimate::follows_exactly(c, size) && estimate::follows_exactly(&diff(c), size)
    })
}

/// What the data call for: a search, or (constant data, or data that differencing turns into
/// a constant) the model that reproduces them, found without one.
enum Start<'a> {
    Search(Box<Search<'a>>),
    Exact(Box<AutoArimaReport>),
}

/// The report for data that ARIMA(0,d,0)(0,D,0)ₘ with `trend` (and the regressors, if any)
/// reproduces exactly (no search, no candidates). With regressors the fit may not be exact;
/// it is then the estimated model of that order. A constant or drift that is collinear with
/// the regressors is left out.
fn exact_report<'a>(
    y: &[f64],
    m: usize,
    d: usize,
    sd: usize,
    trend: Trend,
    xreg: Option<&Regressors>,
) -> Result<Start<'a>> {
    let names = xreg.map_or(&[][..], |x| x.names());
    let spec = ModelSpec {
        order: Order::new(0, d, 0),
        seasonal: if sd > 0 {
            SeasonalOrder::new(0, sd, 0, m)
        } else {
            SeasonalOrder::NONE
        },
        trend,
        method: Method::CssMl,
        max_iter: 100,
        root_radius: ADMISSIBLE_RADIUS,
        n_xreg: names.len(),
    };
    let (spec, data) = match estimate::prepare_with(&spec, y, true, xreg) {
        Err(ArimaError::CollinearRegressor { .. }) if trend != Trend::None => {
            let spec = ModelSpec {
                trend: Trend::None,
                ..spec
            };
            (spec, estimate::prepare_with(&spec, y, true, xreg)?)
        }
        other => (spec, other?),
    };
    let est = estimate::estimate(&spec, &data)?;
    let fin = estimate::finish(&spec, &data, &est, true)?;
    Ok(Start::Exact(Box::new(AutoArimaReport {
        model: FittedArima::new(spec, &data, est, fin, names)?,
        d,
        seasonal_d: sd,
        period: m,
        approximation: false,
        candidates: Vec::new(),
    })))
}

/// Key of a candidate model for the "already tried" test.
type Key = (usize, usize, usize, usize, bool);

/// The best model of a search so far: its criterion and, when finite, its estimate.
struct Best {
    ic: f64,
    fit: Option<(Key, Estimate)>,
}

struct Search<'a> {
    cfg: &'a AutoArima,
    y: &'a [f64],
    /// User regressors, in every candidate.
    xreg: Option<&'a Regressors>,
    /// The power of two the fits divide the data by (1 for ordinary magnitudes); criteria
    /// are ranked on that scale and reported on the original one.
    scale: f64,
    m: usize,
    d: usize,
    sd: usize,
    max_p: usize,
    max_q: usize,
    max_sp: usize,
    max_sq: usize,
    ic: InformationCriterion,
    approximation: bool,
    offset: f64,
    allow_constant: bool,
    /// Prepared data without and with the constant/drift column.
    prepared: [Option<Prepared>; 2],
    tried: Vec<(Key, f64)>,
    candidates: Vec<Candidate>,
}

impl AutoArima {
    /// Checks the settings that do not depend on the data.
    pub(crate) fn validate(&self) -> Result<()> {
        if self.period == Some(0) {
            return Err(ArimaError::invalid("period", "must be at least 1"));
        }
        if !(self.alpha.is_finite() && self.alpha > 0.0 && self.alpha < 1.0) {
            return Err(ArimaError::invalid(
                "alpha",
                format!("must be in (0, 1), got {}", self.alpha),
            ));
        }
        if self.max_models == 0 {
            return Err(ArimaError::invalid("max_models", "must be at least 1"));
        }
        // Each bounds a loop or a model's state; the state limit bounds them all.
        for (name, v) in [
            ("max_p", self.max_p),
            ("max_q", self.max_q),
            ("max_sp", self.max_sp),
            ("max_sq", self.max_sq),
            ("max_order", self.max_order),
            ("max_d", self.max_d),
            ("max_seasonal_d", self.max_seasonal_d),
            ("d", self.d.unwrap_or(0)),
            ("seasonal_d", self.seasonal_d.unwrap_or(0)),
        ] {
            if v > MAX_STATE_DIM {
                return Err(ArimaError::invalid(
                    name,
                    format!("{v} is beyond the model state limit MAX_STATE_DIM = {MAX_STATE_DIM}"),
                ));
            }
        }
        Ok(())
    }
}

impl<'a> Search<'a> {
    fn start(
        cfg: &'a AutoArima,
        y: &'a [f64],
        period: usize,
        xreg: Option<&'a Regressors>,
    ) -> Result<Start<'a>> {
        if y.is_empty() {
            return Err(ArimaError::Empty);
        }
        // NaN marks a missing observation: the exact likelihood skips it.
        crate::limits::check_data(y, true)?;
        let missing = y.iter().any(|v| v.is_nan());
        if missing && y.iter().all(|v| v.is_nan()) {
            return Err(ArimaError::NotEnoughData { needed: 1, got: 0 });
        }
        if period == 0 {
            return Err(ArimaError::invalid("period", "must be at least 1"));
        }
        cfg.validate()?;
        let n = y.len();
        if let Some(x) = xreg
            && x.rows() != n
        {
            return Err(ArimaError::InvalidRegressors {
                reason: format!(
                    "the regressors have {} rows for a series of {n} observations (one row \
                     per observation)",
                    x.rows()
                ),
            });
        }
        let alpha = cfg.alpha.clamp(0.01, 0.1);
        let m = if cfg.seasonal { period } else { 1 };
        // The tests below are scale-free; on extreme magnitudes they run on the same
        // power-of-two rescaling the fits use, so their sums of squares stay finite.
        let scale = estimate::data_scale(y);
        let ys: Vec<f64> = y.iter().map(|v| v / scale).collect();
        // The differencing tests and the exact-fit checks need every period: with missing
        // values they look at the linearly interpolated series (R's `na.interp` does the same
        // for a non-seasonal series; the fits themselves skip the missing values).
        let ys = if missing {
            estimate::interpolate(&ys)
        } else {
            ys
        };
        let size = ys.iter().fold(0.0f64, |a, v| a.max(v.abs()));
        if estimate::follows_exactly(&ys, size) {
            // R's auto.arima on a constant series: ARIMA(0,0,0) with its mean, σ² = 0 (or the
            // differencing asked for, which reproduces it too).
            let (d, sd) = (
                cfg.d.unwrap_or(0),
                if m > 1 {
                    cfg.seasonal_d.unwrap_or(0)
                } else {
                    0
                },
            );
            let trend = if d + sd > 0 {
                Trend::None
            } else if cfg.allow_mean || ys[0] == 0.0 {
                Trend::Constant
            } else {
                // No mean allowed: a random walk reproduces the constant.
                return exact_report(y, m, 1, 0, Trend::None, xreg);
            };
            return exact_report(y, m, d, sd, trend, xreg);
        }
        let y_in = y;
        // With regressors the differencing tests look at the regression's residuals.
        let resid = xreg.map(|x| regression_residuals(&ys, x));
        let y = resid.as_deref().unwrap_or(&ys[..]);
        let mut max_p = cfg.max_p.min(n / 3);
        let mut max_q = cfg.max_q.min(n / 3);
        let mut max_sp = cfg.max_sp.min(n / 3 / m);
        let mut max_sq = cfg.max_sq.min(n / 3 / m);
        let ic = if n <= 3 {
            InformationCriterion::Aic
        } else {
            cfg.ic
        };
        let (mut d, mut sd) = (cfg.d, cfg.seasonal_d);
        if cfg.stationary {
            d = Some(0);
            sd = Some(0);
        }
        let sd = if m == 1 {
            max_sp = 0;
            max_sq = 0;
            0
        } else {
            match sd {
                Some(v) => v,
                None if n <= 2 * m => 0,
                None => {
                    let sd = nsdiffs(y, m, cfg.max_seasonal_d);
                    // As R: not when it would turn a regressor into a constant.
                    let seasonal_diff = |c: &[f64]| (m..c.len()).map(|t| c[t] - c[t - m]).collect();
                    match xreg {
                        Some(x) if sd > 0 && differencing_flattens(x, seasonal_diff) => sd - 1,
                        _ => sd,
                    }
                }
            }
        };
        if sd > 0 && m < 2 {
            return Err(ArimaError::invalid(
                "period",
                "seasonal differencing needs a period of at least 2",
            ));
        }
        let mut dx = y.to_vec();
        for _ in 0..sd {
            dx = (m..dx.len()).map(|t| dx[t] - dx[t - m]).collect();
        }
        let d = match d {
            Some(v) => v,
            None => {
                let d = ndiffs(&dx, alpha, cfg.max_d);
                let diff = |c: &[f64]| {
                    let mut v = c.to_vec();
                    for _ in 0..sd {
                        v = (m..v.len()).map(|t| v[t] - v[t - m]).collect();
                    }
                    for _ in 0..d {
                        v = v.windows(2).map(|w| w[1] - w[0]).collect();
                    }
                    v
                };
                match xreg {
                    Some(x) if d > 0 && differencing_flattens(x, diff) => d - 1,
                    _ => d,
                }
            }
        };
        for _ in 0..d {
            dx = dx.windows(2).map(|w| w[1] - w[0]).collect();
        }
        if dx.is_empty() {
            return Err(ArimaError::NotEnoughData {
                needed: d + sd * m + 1,
                got: n,
            });
        }
        if estimate::follows_exactly(&dx, size) {
            // As R: differenced data that are constant follow the differencing plus a drift
            // exactly (d + D = 1), or, with a zero difference, the differencing alone; for
            // more differences (or no drift allowed), one more difference reproduces them.
            if xreg.is_some() {
                // As R: the regression itself, with the differences chosen (and a mean when
                // there are none).
                let trend = if d + sd == 0 && cfg.allow_mean {
                    Trend::Constant
                } else {
                    Trend::None
                };
                return exact_report(y_in, m, d, sd, trend, xreg);
            }
            let zero = dx[0].abs() <= estimate::EXACT_FIT_TOL * size;
            return if zero {
                exact_report(y_in, m, d, sd, Trend::None, None)
            } else if d + sd == 1 && cfg.allow_drift {
                exact_report(y_in, m, d, sd, Trend::Drift, None)
            } else {
                exact_report(y_in, m, d + 1, sd, Trend::None, None)
            };
        }
        if m > 1 {
            if max_p > 0 {
                max_p = max_p.min(m - 1);
            }
            if max_q > 0 {
                max_q = max_q.min(m - 1);
            }
        }
        // CSS cannot skip a missing value: with missing values every candidate is fitted by
        // exact likelihood (CSS only for its starting values, on the interpolated series).
        let approximation = !missing && cfg.approximation.unwrap_or(n > 150 || m > 12);
        let allow_constant = (cfg.allow_drift && d + sd == 1) || (cfg.allow_mean && d + sd == 0);
        let mut s = Self {
            cfg,
            y: y_in,
            xreg,
            scale,
            m,
            d,
            sd,
            max_p,
            max_q,
            max_sp,
            max_sq,
            ic,
            approximation,
            offset: 0.0,
            allow_constant,
            prepared: [None, None],
            tried: Vec::new(),
            candidates: Vec::new(),
        };
        // The differencing alone must fit in the state limit.
        s.spec(0, 0, 0, 0, false, Method::Ml).validate()?;
        for c in [false, true] {
            if c && d + sd > 1 {
                continue;
            }
            let spec = s.spec(0, 0, 0, 0, c, Method::Ml);
            // On the original values: `prepare` rescales them the same way.
            s.prepared[usize::from(c)] = match estimate::prepare_with(&spec, y_in, missing, xreg) {
                Ok(p) => Some(p),
                // Regressors that cannot be estimated even without a constant are the
                // caller's error; with one, only the constant is dropped.
                Err(
                    e @ (ArimaError::CollinearRegressor { .. }
                    | ArimaError::InvalidRegressors { .. }),
                ) if !c => {
                    return Err(e);
                }
                Err(_) => None,
            };
        }
        if xreg.is_some() && s.prepared[1].is_none() {
            s.allow_constant = false;
        }
        // `prepare` differences in one pass, the test above in several: at the tolerance's
        // edge they may disagree, and then every candidate would be an exact fit.
        for (c, data) in s.prepared.iter().enumerate() {
            if data.as_ref().is_some_and(|p| p.exact.is_some()) {
                let trend = s.spec(0, 0, 0, 0, c == 1, Method::Ml).trend;
                return exact_report(y_in, m, d, sd, trend, xreg);
            }
        }
        if approximation {
            // R's offset makes CSS criteria comparable with exact ones: the exact fit of the
            // pure differencing model (with a mean when d + D = 0, as R's arima default).
            let with_mean = d + sd == 0 && (xreg.is_none() || s.prepared[1].is_some());
            s.offset = match s.fit_exact(0, 0, 0, 0, with_mean) {
                Some(e) => -2.0 * e.loglik - n as f64 * e.sigma2.ln(),
                None => 0.0,
            };
        }
        Ok(Start::Search(Box::new(s)))
    }

    fn spec(
        &self,
        p: usize,
        q: usize,
        sp: usize,
        sq: usize,
        constant: bool,
        method: Method,
    ) -> ModelSpec {
        let seasonal = if self.m > 1 && (sp + sq + self.sd > 0) {
            SeasonalOrder::new(sp, self.sd, sq, self.m)
        } else {
            SeasonalOrder::NONE
        };
        let trend = match (constant, self.d + self.sd) {
            (false, _) => Trend::None,
            (true, 0) => Trend::Constant,
            (true, _) => Trend::Drift,
        };
        ModelSpec {
            order: Order::new(p, self.d, q),
            seasonal,
            trend,
            method,
            max_iter: 100,
            // CSS candidates of an approximated search are fitted like statsforecast's (only
            // invertible/stationary), so near-unit-root estimates are rejected as there and
            // the search follows the same paths; exact fits stay inside the admissible region.
            root_radius: if method == Method::Css {
                1.0
            } else {
                ADMISSIBLE_RADIUS
            },
            n_xreg: self.xreg.map_or(0, Regressors::columns),
        }
    }

    fn prepared(&self, spec: &ModelSpec) -> Option<&Prepared> {
        self.prepared[usize::from(spec.trend != Trend::None)].as_ref()
    }

    fn fit_exact(
        &self,
        p: usize,
        q: usize,
        sp: usize,
        sq: usize,
        constant: bool,
    ) -> Option<Estimate> {
        let spec = self.spec(p, q, sp, sq, constant, Method::CssMl);
        spec.validate().ok()?;
        let needed = spec.needed();
        let data = self.prepared(&spec)?;
        if data.n_obs < needed {
            return None;
        }
        estimate::estimate(&spec, data).ok()
    }

    /// Fits one candidate and returns its criterion (infinite on failure), R's `myarima`.
    fn evaluate(
        &self,
        p: usize,
        q: usize,
        sp: usize,
        sq: usize,
        constant: bool,
        approx: bool,
    ) -> (f64, Option<Estimate>) {
        let method = if approx { Method::Css } else { Method::CssMl };
        let spec = self.spec(p, q, sp, sq, constant, method);
        // A candidate beyond the state limit is skipped, as one that fails to fit.
        if spec.validate().is_err() {
            return (f64::INFINITY, None);
        }
        let needed = spec.needed();
        let offset = self.offset;
        let ic_kind = self.ic;
        let n_star = self.y.len() - self.d - self.sd * self.m;
        let Some(data) = self.prepared(&spec) else {
            return (f64::INFINITY, None);
        };
        if data.n_obs < needed {
            return (f64::INFINITY, None);
        }
        let Ok(est) = estimate::estimate(&spec, data) else {
            return (f64::INFINITY, None);
        };
        let k = (spec.n_coef_total() + 1) as f64;
        let crit = if est.exact {
            est.information_criteria(&spec)
        } else if est.sigma2 > 0.0 {
            let ns = n_star as f64;
            let aic = offset + ns * est.sigma2.ln() + 2.0 * k;
            let aicc = if ns - k - 1.0 > 0.0 {
                aic + 2.0 * k * (k + 1.0) / (ns - k - 1.0)
            } else {
                f64::INFINITY
            };
            Some((aic, aicc, aic + k * (ns.ln() - 2.0)))
        } else {
            None
        };
        let mut ic = match (crit, ic_kind) {
            (Some((a, _, _)), InformationCriterion::Aic) => a,
            (Some((_, c, _)), InformationCriterion::Aicc) => c,
            (Some((_, _, b)), InformationCriterion::Bic) => b,
            (None, _) => f64::INFINITY,
        };
        if !ic.is_finite() {
            ic = f64::INFINITY;
        }
        // Reject roots within 1.01 of the unit circle, as R and statsforecast do.
        let mut poly = crate::arma::ArmaPoly::new(spec.shape());
        poly.set(&est.coef);
        let ma_neg: Vec<f64> = poly.theta_full().iter().map(|t| -t).collect();
        // Estimates at the edge of the region (tanh saturated) land exactly on the radius.
        let radius = ADMISSIBLE_RADIUS - 1e-9;
        if !roots_outside(poly.phi_full(), radius) || !roots_outside(&ma_neg, radius) {
            ic = f64::INFINITY;
        }
        (ic, Some(est))
    }

    fn key(p: usize, q: usize, sp: usize, sq: usize, c: bool) -> Key {
        (p, q, sp, sq, c)
    }

    fn is_new(&self, k: Key) -> bool {
        !self.tried.iter().any(|(t, _)| *t == k)
    }

    fn record(&mut self, k: Key, ic: f64) {
        self.tried.push((k, ic));
        let (p, q, sp, sq, c) = k;
        let spec = self.spec(p, q, sp, sq, c, Method::CssMl);
        // Criteria were ranked on the rescaled data; on the original scale every one moves by
        // the same 2·n*·ln(scale).
        let n_star = self.y.len() - self.d - self.sd * self.m;
        let ic = if ic.is_finite() && self.scale != 1.0 {
            ic + 2.0 * n_star as f64 * self.scale.ln()
        } else {
            ic
        };
        self.candidates.push(Candidate {
            order: spec.order,
            seasonal: spec.seasonal,
            constant: c,
            ic,
        });
    }

    fn run(mut self) -> Result<AutoArimaReport> {
        let best = if self.cfg.stepwise {
            self.stepwise()
        } else {
            self.exhaustive()
        };
        let (key, est) = best.ok_or(ArimaError::NoSuitableModel)?;
        let (p, q, sp, sq, c) = key;
        let spec = self.spec(p, q, sp, sq, c, Method::CssMl);
        let data = self
            .prepared(&spec)
            .ok_or(ArimaError::NoSuitableModel)?
            .clone();
        let fin = estimate::finish(&spec, &data, &est, true)?;
        let names = self.xreg.map_or(&[][..], |x| x.names());
        Ok(AutoArimaReport {
            model: FittedArima::new(spec, &data, est, fin, names)?,
            d: self.d,
            seasonal_d: self.sd,
            period: self.m,
            approximation: self.approximation,
            candidates: self.candidates,
        })
    }

    /// After an approximated search: refit candidates in criterion order with exact ML until
    /// one has a finite criterion.
    fn refit_exact(&mut self) -> Option<(Key, Estimate)> {
        let mut order: Vec<(Key, f64)> = self.tried.clone();
        order.sort_by(|a, b| a.1.total_cmp(&b.1));
        // R stops at the first candidate whose exact fit is admissible. CSS criteria only
        // approximate the exact ones, and exact fits are cheap here, so the best few by CSS
        // are refitted and the best exact criterion wins.
        let mut best: Option<(f64, Key, Estimate)> = None;
        let mut refitted = 0;
        for (k, ic) in order {
            if !ic.is_finite() || refitted >= EXACT_REFITS {
                break;
            }
            let (p, q, sp, sq, c) = k;
            let (ic2, est) = self.evaluate(p, q, sp, sq, c, false);
            if let (true, Some(e)) = (ic2.is_finite(), est) {
                refitted += 1;
                if best.as_ref().is_none_or(|b| ic2 < b.0) {
                    best = Some((ic2, k, e));
                }
            }
        }
        best.map(|(_, k, e)| (k, e))
    }

    fn stepwise(&mut self) -> Option<(Key, Estimate)> {
        let approx = self.approximation;
        let n = self.y.len();
        let (mut sp0, mut sq0) = (self.cfg.start_sp, self.cfg.start_sq);
        let (mut p0, mut q0) = (self.cfg.start_p, self.cfg.start_q);
        if n < 10 {
            p0 = p0.min(1);
            q0 = q0.min(1);
            sp0 = 0;
            sq0 = 0;
        }
        let constant = self.allow_constant;
        let mut best = Best {
            ic: f64::INFINITY,
            fit: None,
        };
        let k0 = Self::key(
            p0.min(self.max_p),
            q0.min(self.max_q),
            sp0.min(self.max_sp),
            sq0.min(self.max_sq),
            constant,
        );
        self.consider(k0, &mut best);
        // The initial set: null model, AR(1)/SAR(1), MA(1)/SMA(1), null without constant.
        let mut simple: Vec<Key> = vec![Self::key(0, 0, 0, 0, constant)];
        if self.max_p > 0 || self.max_sp > 0 {
            let pp = usize::from(self.max_p > 0);
            let ssp = usize::from(self.m > 1 && self.max_sp > 0);
            simple.push(Self::key(pp, 0, ssp, 0, constant));
        }
        if self.max_q > 0 || self.max_sq > 0 {
            let qq = usize::from(self.max_q > 0);
            let ssq = usize::from(self.m > 1 && self.max_sq > 0);
            simple.push(Self::key(0, qq, 0, ssq, constant));
        }
        if constant {
            simple.push(Self::key(0, 0, 0, 0, false));
        }
        let mut at = (k0, self.recorded(k0).unwrap_or(f64::INFINITY));
        // Best of the simple models alone, in case the climb from the first start misses it.
        let mut simple_best: Option<(Key, f64)> = None;
        for k in simple {
            if !self.is_new(k) {
                continue;
            }
            let ic = self.consider(k, &mut best);
            if ic < at.1 {
                at = (k, ic);
            }
            if simple_best.is_none_or(|b| ic < b.1) {
                simple_best = Some((k, ic));
            }
        }
        let first_end = self.climb(at, &mut best);
        // statsforecast's single climb from the best initial model sometimes ends in a basin
        // that a climb from the best simple model avoids (a (2,2)(1,1) start pulls towards
        // large orders). The second climb looks already-fitted neighbours up instead of
        // refitting them, so it costs only the models the first one did not reach.
        if let Some(sb) = simple_best
            && sb.0 != at.0
            && sb.0 != first_end
            && sb.1.is_finite()
        {
            self.climb(sb, &mut best);
        }
        if approx {
            return self.refit_exact();
        }
        if best.ic.is_finite() { best.fit } else { None }
    }

    /// Fits one model, records it, and keeps it as the search's best if it is. Returns its
    /// criterion.
    fn consider(&mut self, k: Key, best: &mut Best) -> f64 {
        let (p, q, sp, sq, c) = k;
        let (ic, est) = self.evaluate(p, q, sp, sq, c, self.approximation);
        self.record(k, ic);
        if ic < best.ic {
            best.ic = ic;
            if let Some(e) = est {
                best.fit = Some((k, e));
            }
        }
        ic
    }

    /// The criterion of a model already tried.
    fn recorded(&self, k: Key) -> Option<f64> {
        self.tried.iter().find(|(t, _)| *t == k).map(|(_, ic)| *ic)
    }

    /// Hill-climbs from `from` over the stepwise neighbourhood until no neighbour improves
    /// or the model budget is spent; returns where it stopped.
    fn climb(&mut self, from: (Key, f64), best: &mut Best) -> Key {
        let limit = self.cfg.max_models;
        let (mp, mq, msp, msq) = (self.max_p, self.max_q, self.max_sp, self.max_sq);
        let ((mut p, mut q, mut sp, mut sq, mut constant), mut cur) = from;
        // Neighbours in statsforecast's order: seasonal moves first, then non-seasonal, then
        // toggling the constant. The first improvement restarts the scan.
        const MOVES: [(isize, isize, isize, isize, bool); 17] = [
            (0, 0, -1, 0, false),
            (0, 0, 0, -1, false),
            (0, 0, 1, 0, false),
            (0, 0, 0, 1, false),
            (0, 0, -1, -1, false),
            (0, 0, -1, 1, false),
            (0, 0, 1, -1, false),
            (0, 0, 1, 1, false),
            (-1, 0, 0, 0, false),
            (0, -1, 0, 0, false),
            (1, 0, 0, 0, false),
            (0, 1, 0, 0, false),
            (-1, -1, 0, 0, false),
            (-1, 1, 0, 0, false),
            (1, -1, 0, 0, false),
            (1, 1, 0, 0, false),
            (0, 0, 0, 0, true),
        ];
        let mut moved = true;
        while moved && self.tried.len() < limit {
            moved = false;
            for (dp, dq, dsp, dsq, toggle) in MOVES {
                let np = p as isize + dp;
                let nq = q as isize + dq;
                let nsp = sp as isize + dsp;
                let nsq = sq as isize + dsq;
                if np < 0 || nq < 0 || nsp < 0 || nsq < 0 {
                    continue;
                }
                let (np, nq, nsp, nsq) = (np as usize, nq as usize, nsp as usize, nsq as usize);
                if np > mp || nq > mq || nsp > msp || nsq > msq {
                    continue;
                }
                if toggle && !self.allow_constant {
                    continue;
                }
                let nc = if toggle { !constant } else { constant };
                let k = Self::key(np, nq, nsp, nsq, nc);
                let ic = match self.recorded(k) {
                    Some(ic) => ic,
                    None if self.tried.len() < limit => self.consider(k, best),
                    None => continue,
                };
                if ic < cur {
                    (p, q, sp, sq, constant) = k;
                    cur = ic;
                    moved = true;
                    break;
                }
            }
        }
        Self::key(p, q, sp, sq, constant)
    }

    fn exhaustive(&mut self) -> Option<(Key, Estimate)> {
        let max_k = usize::from(self.allow_constant);
        let mut keys = Vec::new();
        // Bounded by max_order too, so large maxima cost nothing beyond the models fitted.
        let mo = self.cfg.max_order;
        for p in 0..=self.max_p.min(mo) {
            for q in 0..=self.max_q.min(mo) {
                for sp in 0..=self.max_sp.min(mo) {
                    for sq in 0..=self.max_sq.min(mo) {
                        if p + q + sp + sq > self.cfg.max_order {
                            continue;
                        }
                        for c in 0..=max_k {
                            keys.push(Self::key(p, q, sp, sq, c == 1));
                        }
                    }
                }
            }
        }
        let approx = self.approximation;
        let this = &*self;
        let results: Vec<(f64, Option<Estimate>)> = keys
            .par_iter()
            .map(|&(p, q, sp, sq, c)| this.evaluate(p, q, sp, sq, c, approx))
            .collect();
        let mut best: Option<(Key, Estimate)> = None;
        let mut best_ic = f64::INFINITY;
        for (k, (ic, est)) in keys.iter().zip(results) {
            self.record(*k, ic);
            if ic < best_ic {
                best_ic = ic;
                best = est.map(|e| (*k, e));
            }
        }
        if approx {
            return self.refit_exact();
        }
        best
    }
}
