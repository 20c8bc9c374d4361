//! The names of the ETS family: error, trend and season components and their combination.

use serde::{Deserialize, Serialize};

use crate::error::{ArimaError, Result};

/// How the error enters an ETS model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ErrorType {
    /// `y_t = ŷ_t + ε_t` ("A").
    Additive,
    /// `y_t = ŷ_t (1 + ε_t)` ("M"): the error is relative, so the data must be positive.
    Multiplicative,
}

/// The trend of an ETS model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TrendType {
    /// No trend ("N").
    None,
    /// Additive (linear) trend ("A").
    Additive,
    /// Additive trend damped by φ ("Ad"): the h-step forecast adds `(φ + … + φʰ)·b`.
    Damped,
}

/// The seasonal component of an ETS model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SeasonType {
    /// Not seasonal ("N").
    None,
    /// Seasonal deviations added to the level ("A").
    Additive,
    /// Seasonal factors multiplying the level ("M"); the data must be positive.
    Multiplicative,
}

impl ErrorType {
    fn code(self) -> &'static str {
        match self {
            ErrorType::Additive => "A",
            ErrorType::Multiplicative => "M",
        }
    }
}

impl TrendType {
    fn code(self) -> &'static str {
        match self {
            TrendType::None => "N",
            TrendType::Additive => "A",
            TrendType::Damped => "Ad",
        }
    }

    /// Whether the model has a trend state.
    pub(crate) fn has_trend(self) -> bool {
        self != TrendType::None
    }
}

impl SeasonType {
    fn code(self) -> &'static str {
        match self {
            SeasonType::None => "N",
            SeasonType::Additive => "A",
            SeasonType::Multiplicative => "M",
        }
    }
}

/// One member of the ETS family, e.g. ETS(M,Ad,M) (Hyndman et al. 2008, table 2.1; R's and
/// statsforecast's naming).
///
/// Written and read as `"ETS(M,Ad,M)"`; [`parse`](EtsModel::parse) also takes the compact
/// form R's `ets(model = …)` uses plus a `d` for damping (`"MAdM"`, `"ANN"`).
///
/// ```
/// use forecast_arima::{ErrorType, EtsModel, SeasonType, TrendType};
/// let m = EtsModel::parse("MAdM")?;
/// assert_eq!(m, EtsModel::new(ErrorType::Multiplicative, TrendType::Damped, SeasonType::Multiplicative));
/// assert_eq!(m.to_string(), "ETS(M,Ad,M)");
/// assert_eq!(EtsModel::parse("ETS(A,N,N)")?, EtsModel::parse("ANN")?);
/// # Ok::<(), forecast_arima::ArimaError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct EtsModel {
    /// Error component.
    pub error: ErrorType,
    /// Trend component.
    pub trend: TrendType,
    /// Seasonal component.
    pub season: SeasonType,
}

impl EtsModel {
    /// The model with these components.
    pub fn new(error: ErrorType, trend: TrendType, season: SeasonType) -> Self {
        Self {
            error,
            trend,
            season,
        }
    }

    /// Reads `"ETS(M,Ad,M)"` or the compact `"MAdM"` (case-sensitive, as R).
    ///
    /// # Errors
    /// [`ArimaError::InvalidParameter`] for anything else, including a multiplicative trend
    /// (`"MMN"`), which this crate does not fit (statsforecast's `AutoETS` does not try it by
    /// default either).
    pub fn parse(s: &str) -> Result<Self> {
        let bad = || {
            ArimaError::invalid(
                "model",
                format!(
                    "expected an ETS model such as \"ETS(M,Ad,M)\" or \"MAdM\" (error A/M, \
                     trend N/A/Ad, season N/A/M), got {s:?}"
                ),
            )
        };
        let compact: String = match s.strip_prefix("ETS(").and_then(|r| r.strip_suffix(')')) {
            Some(inner) => inner.split(',').collect(),
            None => s.to_string(),
        };
        let mut chars = compact.chars();
        let error = match chars.next() {
            Some('A') => ErrorType::Additive,
            Some('M') => ErrorType::Multiplicative,
            _ => return Err(bad()),
        };
        let rest: String = chars.collect();
        let (trend, season) = match rest.as_str() {
            "NN" => (TrendType::None, SeasonType::None),
            "NA" => (TrendType::None, SeasonType::Additive),
            "NM" => (TrendType::None, SeasonType::Multiplicative),
            "AN" => (TrendType::Additive, SeasonType::None),
            "AA" => (TrendType::Additive, SeasonType::Additive),
            "AM" => (TrendType::Additive, SeasonType::Multiplicative),
            "AdN" => (TrendType::Damped, SeasonType::None),
            "AdA" => (TrendType::Damped, SeasonType::Additive),
            "AdM" => (TrendType::Damped, SeasonType::Multiplicative),
            _ => return Err(bad()),
        };
        Ok(Self::new(error, trend, season))
    }

    /// Whether R (`restrict = TRUE`) and statsforecast exclude this model: additive error
    /// with multiplicative season, which can be numerically unstable.
    pub fn is_restricted(self) -> bool {
        self.error == ErrorType::Additive && self.season == SeasonType::Multiplicative
    }

    /// Whether any component is multiplicative, so the data must be positive.
    pub fn needs_positive_data(self) -> bool {
        self.error == ErrorType::Multiplicative || self.season == SeasonType::Multiplicative
    }
}

impl std::fmt::Display for EtsModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "ETS({},{},{})",
            self.error.code(),
            self.trend.code(),
            self.season.code()
        )
    }
}

impl std::str::FromStr for EtsModel {
    type Err = ArimaError;

    fn from_str(s: &str) -> Result<Self> {
        Self::parse(s)
    }
}

impl From<EtsModel> for String {
    fn from(m: EtsModel) -> Self {
        m.to_string()
    }
}

impl TryFrom<String> for EtsModel {
    type Error = ArimaError;

    fn try_from(s: String) -> Result<Self> {
        Self::parse(&s)
    }
}

/// Model classes of Hyndman et al. (2008, ch. 6) by how their forecast distribution is
/// computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// Linear homoscedastic (additive error, no multiplicative season): exact Gaussian.
    Linear,
    /// Multiplicative error, linear state (season N or A): exact mean and variance.
    MultError,
    /// Multiplicative error and season: exact mean and variance by second moments.
    MultSeason,
    /// Additive error with multiplicative season: simulated.
    Simulated,
}

impl EtsModel {
    pub(crate) fn class(self) -> Class {
        match (self.error, self.season) {
            (ErrorType::Additive, SeasonType::Multiplicative) => Class::Simulated,
            (ErrorType::Additive, _) => Class::Linear,
            (ErrorType::Multiplicative, SeasonType::Multiplicative) => Class::MultSeason,
            (ErrorType::Multiplicative, _) => Class::MultError,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for e in ["A", "M"] {
            for t in ["N", "A", "Ad"] {
                for s in ["N", "A", "M"] {
                    let m = EtsModel::parse(&format!("{e}{t}{s}")).unwrap();
                    assert_eq!(m.to_string(), format!("ETS({e},{t},{s})"));
                    assert_eq!(EtsModel::parse(&m.to_string()).unwrap(), m);
                }
            }
        }
        for bad in ["", "MMN", "ZZZ", "ETS(M,M,N)", "AAdd", "ann", "ETS(A,N)"] {
            assert!(EtsModel::parse(bad).is_err(), "{bad}");
        }
    }
}
