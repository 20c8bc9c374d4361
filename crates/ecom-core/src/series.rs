//! Regular time series of finite values.

use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result, check_finite};

/// Spacing between consecutive observations of a [`TimeSeries`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Frequency {
    /// One observation per day.
    Daily,
    /// One observation per week.
    Weekly,
    /// One observation per calendar month.
    Monthly,
    /// One observation per quarter.
    Quarterly,
    /// One observation per year.
    Yearly,
}

impl Frequency {
    /// The usual seasonal period: 7 for daily data (weekly cycle), 52 weekly, 12 monthly,
    /// 4 quarterly; `None` for yearly data.
    ///
    /// ```
    /// use ecom_core::Frequency;
    /// assert_eq!(Frequency::Monthly.default_period(), Some(12));
    /// assert_eq!(Frequency::Yearly.default_period(), None);
    /// ```
    pub fn default_period(self) -> Option<usize> {
        match self {
            Frequency::Daily => Some(7),
            Frequency::Weekly => Some(52),
            Frequency::Monthly => Some(12),
            Frequency::Quarterly => Some(4),
            Frequency::Yearly => None,
        }
    }

    /// The date `steps` periods after `date` (`None` on calendar overflow).
    ///
    /// Month-based steps keep the day of month where it exists and clamp to the month's last day
    /// otherwise (Jan 31 + 1 month = Feb 28/29).
    pub fn advance(self, date: NaiveDate, steps: u32) -> Option<NaiveDate> {
        match self {
            Frequency::Daily => date.checked_add_days(Days::new(u64::from(steps))),
            Frequency::Weekly => date.checked_add_days(Days::new(7 * u64::from(steps))),
            Frequency::Monthly => date.checked_add_months(Months::new(steps)),
            Frequency::Quarterly => date.checked_add_months(Months::new(3 * steps)),
            Frequency::Yearly => date.checked_add_months(Months::new(12 * steps)),
        }
    }

    /// Short lowercase name (`"daily"`, `"weekly"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Frequency::Daily => "daily",
            Frequency::Weekly => "weekly",
            Frequency::Monthly => "monthly",
            Frequency::Quarterly => "quarterly",
            Frequency::Yearly => "yearly",
        }
    }
}

impl std::fmt::Display for Frequency {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Frequency {
    type Err = CoreError;

    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "d" | "day" | "daily" => Ok(Frequency::Daily),
            "w" | "week" | "weekly" => Ok(Frequency::Weekly),
            "m" | "month" | "monthly" => Ok(Frequency::Monthly),
            "q" | "quarter" | "quarterly" => Ok(Frequency::Quarterly),
            "y" | "a" | "year" | "yearly" | "annual" => Ok(Frequency::Yearly),
            other => Err(CoreError::InvalidParameter {
                name: "frequency",
                reason: format!(
                    "unknown frequency {other:?} (daily, weekly, monthly, quarterly, yearly)"
                ),
            }),
        }
    }
}

/// A regularly spaced series of finite `f64` observations, with optional calendar information.
///
/// The constructor guarantees the series is non-empty and every value is finite, so algorithms
/// never have to re-check. Calendar data (start date and [`Frequency`]) and the seasonal period
/// are optional: a bare series of numbers is a valid input for forecasting.
///
/// ```
/// use ecom_core::{Frequency, TimeSeries};
/// use chrono::NaiveDate;
///
/// let sales = TimeSeries::new(vec![150.0, 160.0, 155.0])?
///     .with_start(NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(), Frequency::Daily)
///     .with_period(7)?;
/// assert_eq!(sales.len(), 3);
/// assert_eq!(sales.date_at(2), NaiveDate::from_ymd_opt(2024, 1, 3));
/// assert!(TimeSeries::new(vec![1.0, f64::NAN]).is_err());
/// # Ok::<(), ecom_core::CoreError>(())
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(try_from = "TimeSeriesRepr")]
pub struct TimeSeries {
    values: Vec<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    frequency: Option<Frequency>,
    #[serde(skip_serializing_if = "Option::is_none")]
    period: Option<usize>,
    /// How many values are missing (NaN); 0 for a complete series. Derived from the values.
    #[serde(skip)]
    missing: usize,
}

/// Unvalidated serde form of [`TimeSeries`]; deserialisation goes through
/// [`TimeSeries::with_missing`] (`null` is a missing value, as serialisation writes it).
#[derive(Deserialize)]
struct TimeSeriesRepr {
    values: Vec<Option<f64>>,
    #[serde(default)]
    start: Option<NaiveDate>,
    #[serde(default)]
    frequency: Option<Frequency>,
    #[serde(default)]
    period: Option<usize>,
}

/// Missing observations are equal to each other, so a series with holes equals its copy.
impl PartialEq for TimeSeries {
    fn eq(&self, other: &Self) -> bool {
        self.start == other.start
            && self.frequency == other.frequency
            && self.period == other.period
            && self.values.len() == other.values.len()
            && self
                .values
                .iter()
                .zip(&other.values)
                .all(|(a, b)| a == b || (a.is_nan() && b.is_nan()))
    }
}

impl TryFrom<TimeSeriesRepr> for TimeSeries {
    type Error = CoreError;

    fn try_from(r: TimeSeriesRepr) -> Result<Self> {
        let values = r
            .values
            .into_iter()
            .map(|v| v.unwrap_or(f64::NAN))
            .collect();
        let mut s = TimeSeries::with_missing(values)?;
        s.start = r.start;
        s.frequency = r.frequency;
        if let Some(p) = r.period {
            s = s.with_period(p)?;
        }
        if s.start.is_some() && s.frequency.is_none() {
            return Err(CoreError::InvalidParameter {
                name: "frequency",
                reason: "a start date needs a frequency".into(),
            });
        }
        Ok(s)
    }
}

impl TimeSeries {
    /// A series from its values.
    ///
    /// # Errors
    /// [`CoreError::Empty`] for no values, [`CoreError::NonFinite`] naming the first NaN/inf index.
    pub fn new(values: Vec<f64>) -> Result<Self> {
        if values.is_empty() {
            return Err(CoreError::Empty {
                what: "time series",
            });
        }
        check_finite("time series", &values)?;
        Ok(Self {
            values,
            start: None,
            frequency: None,
            period: None,
            missing: 0,
        })
    }

    /// A series in which NaN marks a missing observation: a period the data does not know
    /// (the feed was down), which is not the same as a period without sales. Models that can
    /// skip missing values (the exact ARIMA likelihood) do; the others refuse the series with
    /// an error naming the first missing period. A series may be entirely missing: the caller
    /// that needs observations says so for that series alone.
    ///
    /// ```
    /// use ecom_core::TimeSeries;
    /// let s = TimeSeries::with_missing(vec![3.0, f64::NAN, 5.0])?;
    /// assert_eq!(s.missing_count(), 1);
    /// assert!(s.is_missing(1));
    /// assert_eq!(s.observed().collect::<Vec<_>>(), vec![(0, 3.0), (2, 5.0)]);
    /// assert!(TimeSeries::with_missing(vec![1.0, f64::INFINITY]).is_err());
    /// # Ok::<(), ecom_core::CoreError>(())
    /// ```
    ///
    /// # Errors
    /// [`CoreError::Empty`] for no values; [`CoreError::NonFinite`] or
    /// [`CoreError::TooLarge`] naming the first infinite or too large value.
    pub fn with_missing(values: Vec<f64>) -> Result<Self> {
        if values.is_empty() {
            return Err(CoreError::Empty {
                what: "time series",
            });
        }
        if let Some(index) = values
            .iter()
            .position(|&v| !v.is_nan() && !crate::within_limits(v))
        {
            return Err(crate::error::value_error(
                "time series",
                index,
                values[index],
            ));
        }
        let missing = values.iter().filter(|v| v.is_nan()).count();
        Ok(Self {
            values,
            start: None,
            frequency: None,
            period: None,
            missing,
        })
    }

    /// How many observations are missing (0 for a series built with [`new`](Self::new)).
    pub fn missing_count(&self) -> usize {
        self.missing
    }

    /// Whether any observation is missing.
    pub fn has_missing(&self) -> bool {
        self.missing > 0
    }

    /// Whether observation `index` is missing (`false` beyond the end).
    pub fn is_missing(&self, index: usize) -> bool {
        self.missing > 0 && self.values.get(index).is_some_and(|v| v.is_nan())
    }

    /// Index of the first missing observation, if any.
    pub fn first_missing(&self) -> Option<usize> {
        if self.missing == 0 {
            return None;
        }
        self.values.iter().position(|v| v.is_nan())
    }

    /// The observed values with their indices, skipping missing ones.
    pub fn observed(&self) -> impl Iterator<Item = (usize, f64)> + '_ {
        self.values
            .iter()
            .enumerate()
            .filter(|(_, v)| !v.is_nan())
            .map(|(i, &v)| (i, v))
    }

    /// Attaches the date of the first observation and the spacing of observations.
    pub fn with_start(mut self, start: NaiveDate, frequency: Frequency) -> Self {
        self.start = Some(start);
        self.frequency = Some(frequency);
        self
    }

    /// Sets the seasonal period (observations per cycle: 7 for daily data with a weekly cycle,
    /// 12 for monthly data). A period of 1 means "not seasonal".
    ///
    /// # Errors
    /// [`CoreError::InvalidParameter`] for a period of 0.
    pub fn with_period(mut self, period: usize) -> Result<Self> {
        if period == 0 {
            return Err(CoreError::InvalidParameter {
                name: "period",
                reason: "the seasonal period must be at least 1".into(),
            });
        }
        self.period = Some(period);
        Ok(self)
    }

    /// The observations; NaN at a missing one (only in a series with
    /// [`missing_count`](Self::missing_count) above 0, built by
    /// [`with_missing`](Self::with_missing)).
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// Consumes the series, returning its observations.
    pub fn into_values(self) -> Vec<f64> {
        self.values
    }

    /// Number of observations (always at least 1).
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Always `false`: an empty series cannot be constructed. Present for API symmetry.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Date of the first observation, if known.
    pub fn start(&self) -> Option<NaiveDate> {
        self.start
    }

    /// Spacing of the observations, if known.
    pub fn frequency(&self) -> Option<Frequency> {
        self.frequency
    }

    /// The seasonal period: the explicit one if set, else the frequency's default.
    pub fn period(&self) -> Option<usize> {
        self.period
            .or_else(|| self.frequency.and_then(Frequency::default_period))
    }

    /// Date of observation `index` (which may lie beyond the end, for forecasts).
    pub fn date_at(&self, index: usize) -> Option<NaiveDate> {
        let steps = u32::try_from(index).ok()?;
        self.frequency?.advance(self.start?, steps)
    }

    /// Date of the last observation, if the calendar is known.
    pub fn end(&self) -> Option<NaiveDate> {
        self.date_at(self.len() - 1)
    }

    /// A new series holding observations `range` of this one, with its start date moved along.
    ///
    /// # Errors
    /// [`CoreError::Empty`] for an empty range; [`CoreError::InvalidParameter`] for a range
    /// beyond the end.
    pub fn slice(&self, range: std::ops::Range<usize>) -> Result<Self> {
        if range.end > self.len() || range.start > range.end {
            return Err(CoreError::InvalidParameter {
                name: "range",
                reason: format!("{range:?} is outside 0..{}", self.len()),
            });
        }
        let mut out = TimeSeries::with_missing(self.values[range.clone()].to_vec())?;
        out.frequency = self.frequency;
        out.period = self.period;
        out.start = self.date_at(range.start);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_empty_and_names_non_finite_index() {
        assert!(matches!(
            TimeSeries::new(vec![]),
            Err(CoreError::Empty { .. })
        ));
        match TimeSeries::new(vec![1.0, 2.0, f64::INFINITY, f64::NAN]) {
            Err(CoreError::NonFinite { index, .. }) => assert_eq!(index, 2),
            other => panic!("expected NonFinite, got {other:?}"),
        }
    }

    #[test]
    fn dates_follow_the_frequency() {
        let s = TimeSeries::new(vec![1.0; 14]).unwrap().with_start(
            NaiveDate::from_ymd_opt(2024, 1, 31).unwrap(),
            Frequency::Monthly,
        );
        assert_eq!(s.date_at(1), NaiveDate::from_ymd_opt(2024, 2, 29));
        assert_eq!(s.end(), NaiveDate::from_ymd_opt(2025, 2, 28));
        assert_eq!(s.period(), Some(12));
        let w = s.slice(12..14).unwrap();
        assert_eq!(w.start(), NaiveDate::from_ymd_opt(2025, 1, 31));
        assert_eq!(w.values(), &[1.0, 1.0]);
    }

    #[test]
    fn period_zero_is_rejected_and_explicit_period_wins() {
        let s = TimeSeries::new(vec![1.0]).unwrap();
        assert!(s.clone().with_period(0).is_err());
        let s = s
            .with_start(
                NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
                Frequency::Daily,
            )
            .with_period(1)
            .unwrap();
        assert_eq!(s.period(), Some(1));
    }

    #[test]
    fn missing_values_are_counted_kept_by_slices_and_round_trip() {
        let s = TimeSeries::with_missing(vec![1.0, f64::NAN, 3.0, f64::NAN])
            .unwrap()
            .with_start(
                NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
                Frequency::Daily,
            );
        assert_eq!(s.missing_count(), 2);
        assert_eq!(s.first_missing(), Some(1));
        assert!(!s.is_missing(0) && s.is_missing(3) && !s.is_missing(9));
        let tail = s.slice(2..4).unwrap();
        assert_eq!(tail.missing_count(), 1);
        assert!(!s.slice(0..1).unwrap().has_missing());
        let json = serde_json::to_string(&s).unwrap();
        assert!(json.contains("null"), "{json}");
        let back: TimeSeries = serde_json::from_str(&json).unwrap();
        assert_eq!(back.missing_count(), 2);
        assert_eq!(
            back.observed().collect::<Vec<_>>(),
            vec![(0, 1.0), (2, 3.0)]
        );
        // All missing is a series (the caller decides it cannot be used); empty is not.
        assert_eq!(
            TimeSeries::with_missing(vec![f64::NAN])
                .unwrap()
                .missing_count(),
            1
        );
        assert!(TimeSeries::with_missing(vec![]).is_err());
        assert!(TimeSeries::with_missing(vec![1e300]).is_err());
    }

    #[test]
    fn deserialisation_validates() {
        let bad = r#"{"values":[1.0,2.0],"period":0}"#;
        assert!(serde_json::from_str::<TimeSeries>(bad).is_err());
        let empty = r#"{"values":[]}"#;
        assert!(serde_json::from_str::<TimeSeries>(empty).is_err());
        let no_freq = r#"{"values":[1.0],"start":"2024-01-01"}"#;
        assert!(serde_json::from_str::<TimeSeries>(no_freq).is_err());
    }

    #[test]
    fn frequency_parses_names() {
        assert_eq!("Weekly".parse::<Frequency>().unwrap(), Frequency::Weekly);
        assert!("fortnightly".parse::<Frequency>().is_err());
    }
}
