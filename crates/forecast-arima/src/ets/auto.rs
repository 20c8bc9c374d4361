//! [`AutoEts`]: the ETS model with the smallest information criterion, as statsforecast's
//! `AutoETS` and R's `ets`.

use ecom_core::TimeSeries;
use serde::{Deserialize, Serialize};

use super::fitted::FittedEts;
use super::model::{ErrorType, EtsModel, SeasonType, TrendType};
use super::params::EtsBounds;
use super::spec::{Ets, MAX_ETS_PERIOD, constant_fit};
use crate::auto::InformationCriterion;
use crate::baseline::{check_values, constant_value};
use crate::error::{ArimaError, Result};
use crate::forecaster::Forecaster;
use crate::note::FitNote;

/// Automatic ETS: fits every allowed model and keeps the one with the smallest AICc, as
/// statsforecast's `AutoETS(season_length=m)` (model "ZZZ", damping tried both ways) and R's
/// `ets(y)`.
///
/// Allowed are error A and M, trend N, A and Ad, season N, A and M, except: multiplicative
/// error or season on data that are not all positive; ETS(A,·,M) (unless
/// [`with_restrict(false)`](Self::with_restrict)); seasonal models when the period is 1, the
/// series is no longer than one period, or the period is beyond [`MAX_ETS_PERIOD`] (then with
/// a [`FitNote::SeasonIgnored`]). Models with too many parameters for the series are skipped,
/// as statsforecast does (it gives them an infinite AICc). Multiplicative trends are not
/// fitted (statsforecast's default `allow_multiplicative_trend=False`).
///
/// ```
/// use forecast_arima::AutoEts;
/// // Quarterly series with a growing trend and a multiplicative season.
/// let y: Vec<f64> = (0..40)
///     .map(|t| (50.0 + 1.5 * t as f64) * [0.8, 1.0, 1.3, 0.9][t % 4] + [0.4, -0.3, 0.1, -0.2, 0.3][t % 5])
///     .collect();
/// let report = AutoEts::default().with_period(4).search(&y)?;
/// let fit = &report.model;
/// assert!(report.candidates.len() >= 10);
/// // The chosen model has the smallest AICc of all candidates.
/// assert!(report.candidates.iter().all(|c| fit.aicc() <= c.aicc));
/// assert_eq!(fit.period(), 4);
/// # Ok::<(), forecast_arima::ArimaError>(())
/// ```
///
/// As a stored configuration every field is optional:
/// `{"period": 7, "model": "ZZZ", "damped": null, "criterion": "Aicc", "bounds": "Both",
/// "restrict": true}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "AutoEtsRepr")]
pub struct AutoEts {
    #[serde(skip_serializing_if = "Option::is_none")]
    period: Option<usize>,
    model: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    damped: Option<bool>,
    criterion: InformationCriterion,
    bounds: EtsBounds,
    restrict: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AutoEtsRepr {
    #[serde(default)]
    period: Option<usize>,
    #[serde(default = "zzz")]
    model: String,
    #[serde(default)]
    damped: Option<bool>,
    #[serde(default)]
    criterion: InformationCriterion,
    #[serde(default)]
    bounds: EtsBounds,
    #[serde(default = "yes")]
    restrict: bool,
}

fn zzz() -> String {
    "ZZZ".into()
}

fn yes() -> bool {
    true
}

impl TryFrom<AutoEtsRepr> for AutoEts {
    type Error = ArimaError;

    fn try_from(r: AutoEtsRepr) -> Result<Self> {
        let spec = Self {
            period: r.period,
            model: r.model,
            damped: r.damped,
            criterion: r.criterion,
            bounds: r.bounds,
            restrict: r.restrict,
        };
        spec.validate()?;
        Ok(spec)
    }
}

impl Default for AutoEts {
    fn default() -> Self {
        Self {
            period: None,
            model: zzz(),
            damped: None,
            criterion: InformationCriterion::Aicc,
            bounds: EtsBounds::Both,
            restrict: true,
        }
    }
}

/// One model [`AutoEts`] fitted.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct EtsCandidate {
    /// The model.
    pub model: EtsModel,
    /// Its log-likelihood.
    pub loglik: f64,
    /// AIC.
    pub aic: f64,
    /// AICc.
    pub aicc: f64,
    /// BIC.
    pub bic: f64,
}

/// What [`AutoEts::search`] found: the chosen model and every candidate fitted, in the
/// order tried (statsforecast's: error A then M, trend N then A, season N, A, M, damped before
/// undamped). Candidates that could not be fitted are left out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AutoEtsReport {
    /// The chosen model.
    pub model: FittedEts,
    /// Every model fitted.
    pub candidates: Vec<EtsCandidate>,
}

/// Allowed components from one letter of the model pattern.
fn letters<T: Copy>(c: char, pos: &str, options: &[(char, T)]) -> Result<Vec<T>> {
    if c == 'Z' {
        return Ok(options.iter().map(|o| o.1).collect());
    }
    options
        .iter()
        .find(|o| o.0 == c)
        .map(|o| vec![o.1])
        .ok_or_else(|| {
            ArimaError::invalid(
                "model",
                format!(
                    "the {pos} letter must be Z or one of {:?}, got {c:?}",
                    options.iter().map(|o| o.0).collect::<String>()
                ),
            )
        })
}

impl AutoEts {
    /// Seasonal period; by default the series' own period ([`TimeSeries::period`]), else 1.
    pub fn with_period(mut self, period: usize) -> Self {
        self.period = Some(period);
        self
    }

    /// The models searched, as R's and statsforecast's `model` string: three letters for
    /// error (A, M, Z), trend (N, A, Z) and season (N, A, M, Z), Z meaning any. Default
    /// `"ZZZ"`; checked in `fit`.
    pub fn with_model(mut self, pattern: &str) -> Self {
        self.model = pattern.to_string();
        self
    }

    /// Only damped (`true`) or only undamped (`false`) trends; by default both.
    pub fn with_damped(mut self, damped: bool) -> Self {
        self.damped = Some(damped);
        self
    }

    /// The criterion models are ranked by (default AICc).
    pub fn with_criterion(mut self, criterion: InformationCriterion) -> Self {
        self.criterion = criterion;
        self
    }

    /// The parameter region (default [`EtsBounds::Both`]).
    pub fn with_bounds(mut self, bounds: EtsBounds) -> Self {
        self.bounds = bounds;
        self
    }

    /// Whether ETS(A,·,M) is left out (default true).
    pub fn with_restrict(mut self, restrict: bool) -> Self {
        self.restrict = restrict;
        self
    }

    /// The period set with [`with_period`](Self::with_period).
    pub fn period(&self) -> Option<usize> {
        self.period
    }

    /// The model pattern.
    pub fn model(&self) -> &str {
        &self.model
    }

    /// The criterion.
    pub fn criterion(&self) -> InformationCriterion {
        self.criterion
    }

    /// Allowed errors, trends (without, with) and seasons from the pattern.
    fn pattern(&self) -> Result<(Vec<ErrorType>, Vec<bool>, Vec<SeasonType>)> {
        let chars: Vec<char> = self.model.chars().collect();
        if chars.len() != 3 {
            return Err(ArimaError::invalid(
                "model",
                format!(
                    "expected three letters (error, trend, season; Z for any) such as \"ZZZ\", \
                     got {:?}",
                    self.model
                ),
            ));
        }
        let errors = letters(
            chars[0],
            "first (error)",
            &[('A', ErrorType::Additive), ('M', ErrorType::Multiplicative)],
        )?;
        let trends = letters(chars[1], "second (trend)", &[('N', false), ('A', true)])?;
        let seasons = letters(
            chars[2],
            "third (season)",
            &[
                ('N', SeasonType::None),
                ('A', SeasonType::Additive),
                ('M', SeasonType::Multiplicative),
            ],
        )?;
        if self.damped == Some(true) && trends == [false] {
            return Err(ArimaError::invalid(
                "damped",
                "a damped trend was asked for but the pattern has no trend",
            ));
        }
        Ok((errors, trends, seasons))
    }

    /// Selects and fits a model; the period comes from the specification, else the series,
    /// else 1. The fitted model dates its forecasts from the series.
    ///
    /// # Errors
    /// [`ArimaError::InvalidParameter`] for an invalid pattern or period;
    /// [`ArimaError::NotEnoughData`] for a series too short for any model;
    /// [`ArimaError::NoSuitableModel`] when no candidate could be fitted.
    pub fn fit(&self, series: &TimeSeries) -> Result<FittedEts> {
        crate::error::refuse_missing(series, "AutoETS")?;
        let period = self.period.or(series.period()).unwrap_or(1);
        Ok(self
            .search_period(series.values(), period)?
            .model
            .dated(series))
    }

    /// As [`fit`](Self::fit) on plain values (period from the specification, else 1).
    ///
    /// # Errors
    /// As [`fit`](Self::fit), plus the data errors of [`Ets::fit_slice`].
    pub fn fit_slice(&self, y: &[f64]) -> Result<FittedEts> {
        Ok(self.search(y)?.model)
    }

    /// The full search on plain values (period from the specification, else 1): the chosen
    /// model and every candidate.
    ///
    /// # Errors
    /// As [`fit_slice`](Self::fit_slice).
    pub fn search(&self, y: &[f64]) -> Result<AutoEtsReport> {
        self.search_period(y, self.period.unwrap_or(1))
    }

    fn validate(&self) -> Result<()> {
        if self.period == Some(0) {
            return Err(ArimaError::invalid("period", "must be at least 1"));
        }
        self.pattern().map(|_| ())
    }

    pub(crate) fn search_period(&self, y: &[f64], period: usize) -> Result<AutoEtsReport> {
        check_values(y, 1)?;
        if period == 0 {
            return Err(ArimaError::invalid("period", "must be at least 1"));
        }
        let (errors, trends, seasons) = self.pattern()?;
        let n = y.len();
        let mut notes = Vec::new();
        let mut seasons = seasons;
        let explicit_season = !self.model.ends_with('Z') && seasons != [SeasonType::None];
        if explicit_season && period == 1 {
            return Err(ArimaError::invalid(
                "period",
                "a seasonal model was asked for but the period is 1",
            ));
        }
        if seasons.iter().any(|s| *s != SeasonType::None) && period > 1 {
            if period > MAX_ETS_PERIOD && explicit_season {
                return Err(ArimaError::invalid(
                    "period",
                    format!("{period} is beyond the ETS limit of {MAX_ETS_PERIOD}"),
                ));
            }
            if n <= period || period > MAX_ETS_PERIOD {
                // statsforecast (n ≤ m) and R (m > 24) fit non-seasonal models instead.
                seasons = vec![SeasonType::None];
                notes.push(FitNote::SeasonIgnored { period });
            }
        }
        if period == 1 {
            seasons.retain(|s| *s == SeasonType::None);
        }
        if let Some(c) = constant_value(y) {
            let model = constant_fit(y, c)?;
            return Ok(AutoEtsReport {
                candidates: vec![candidate(&model)],
                model,
            });
        }
        // statsforecast's (and R's) guard for tiny series, counted from the pattern.
        let pat: Vec<char> = self.model.chars().collect();
        let npars = 2
            + 2 * usize::from(pat[1] == 'A')
            + 2 * usize::from(matches!(pat[2], 'A' | 'M'))
            + usize::from(self.damped == Some(true));
        if n <= npars + 4 {
            return Err(ArimaError::NotEnoughData {
                needed: npars + 5,
                got: n,
            });
        }
        let positive = y.iter().fold(f64::INFINITY, |a, &v| a.min(v)) > 0.0;
        let damped_options: Vec<bool> = match self.damped {
            Some(d) => vec![d],
            None => vec![true, false],
        };
        let mut best: Option<(f64, FittedEts)> = None;
        let mut candidates = Vec::new();
        for &e in &errors {
            for &t in &trends {
                for &s in &seasons {
                    for &d in &damped_options {
                        if !t && d {
                            continue;
                        }
                        let trend = match (t, d) {
                            (false, _) => TrendType::None,
                            (true, false) => TrendType::Additive,
                            (true, true) => TrendType::Damped,
                        };
                        let model = EtsModel::new(e, trend, s);
                        if self.restrict && model.is_restricted() {
                            continue;
                        }
                        if !positive && model.needs_positive_data() {
                            continue;
                        }
                        let spec = Ets::new(model)
                            .with_bounds(self.bounds)
                            .with_restrict(self.restrict);
                        let Ok(fit) = spec.fit_period(y, period) else {
                            continue;
                        };
                        let c = candidate(&fit);
                        candidates.push(c);
                        let ic = match self.criterion {
                            InformationCriterion::Aic => c.aic,
                            InformationCriterion::Aicc => c.aicc,
                            InformationCriterion::Bic => c.bic,
                        };
                        if ic.is_finite() && best.as_ref().is_none_or(|b| ic < b.0) {
                            best = Some((ic, fit));
                        }
                    }
                }
            }
        }
        let Some((_, mut model)) = best else {
            return Err(ArimaError::NoSuitableModel);
        };
        model.notes.extend(notes);
        Ok(AutoEtsReport { model, candidates })
    }
}

fn candidate(fit: &FittedEts) -> EtsCandidate {
    let ic = fit.information_criteria();
    EtsCandidate {
        model: fit.model(),
        loglik: fit.loglik(),
        aic: ic.aic,
        aicc: ic.aicc,
        bic: ic.bic,
    }
}

impl Forecaster for AutoEts {
    type Fitted = FittedEts;

    fn fit_series(&self, series: &TimeSeries) -> Result<Self::Fitted> {
        self.fit(series)
    }

    fn min_train_len(&self) -> Result<usize> {
        self.validate()?;
        // ETS(A,N,N) needs 7 observations (statsforecast's n > 2 + 4 for "ZZZ").
        Ok(7)
    }
}
