//! The shop's trading calendar: the weekdays and dates on which it is closed.
//!
//! A shop that never trades on Saturdays and closes over Christmas shows zero sales on those
//! days. They are not demand that happened to be zero: a model that sees them as such learns a
//! false weekly pattern and spreads the closed days' "zeros" over the open ones. The calendar
//! lets the models fit on trading days only and forecast exactly 0 on closed days.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::series::{Frequency, TimeSeries};

/// Weekdays in ISO order, Monday first.
const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// Fewest SKUs a file needs before a date on which none of them sold counts as a closed date:
/// one slow SKU selling nothing on a Tuesday says nothing about the shop.
pub const MIN_SKUS_FOR_CLOSED_DATES: usize = 10;

/// Fewest occurrences of a weekday in the data before "never sold on it" counts as closed.
pub const MIN_WEEKS_FOR_CLOSED_WEEKDAYS: usize = 4;

/// Closed weekdays and closed dates of a daily sales calendar.
///
/// ```
/// use ecom_core::{NaiveDate, TimeSeries, TradingCalendar, Frequency};
/// use chrono::Weekday;
/// let cal = TradingCalendar::new([Weekday::Sat], [NaiveDate::from_ymd_opt(2024, 12, 25).unwrap()])?;
/// assert!(!cal.is_open(NaiveDate::from_ymd_opt(2024, 1, 6).unwrap())); // a Saturday
/// assert!(cal.is_open(NaiveDate::from_ymd_opt(2024, 1, 8).unwrap()));
/// assert_eq!(cal.open_weekdays(), 6);
/// // Two weeks of sales from Monday 2024-01-01; the Saturdays are dropped for fitting.
/// let y = TimeSeries::new((0..14).map(|d| if d % 7 == 5 { 0.0 } else { 10.0 + d as f64 }).collect())?
///     .with_start(NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(), Frequency::Daily)
///     .with_period(7)?;
/// let open = cal.trading_days(&y)?;
/// assert_eq!(open.series.len(), 12);
/// assert_eq!(open.series.period(), Some(6));
/// // The next 8 calendar days hold 7 trading days (Saturday 2024-01-20 is closed).
/// assert_eq!(cal.open_days(NaiveDate::from_ymd_opt(2024, 1, 15).unwrap(), 8), 7);
/// # Ok::<(), ecom_core::CoreError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(try_from = "CalendarRepr", into = "CalendarRepr")]
pub struct TradingCalendar {
    closed_weekdays: [bool; 7],
    closed_dates: BTreeSet<NaiveDate>,
}

/// Serde form: weekday names ("Sat") and ISO dates.
#[derive(Serialize, Deserialize)]
struct CalendarRepr {
    #[serde(default)]
    closed_weekdays: Vec<Weekday>,
    #[serde(default)]
    closed_dates: Vec<NaiveDate>,
}

impl TryFrom<CalendarRepr> for TradingCalendar {
    type Error = CoreError;

    fn try_from(r: CalendarRepr) -> Result<Self> {
        TradingCalendar::new(r.closed_weekdays, r.closed_dates)
    }
}

impl From<TradingCalendar> for CalendarRepr {
    fn from(c: TradingCalendar) -> Self {
        CalendarRepr {
            closed_weekdays: c.closed_weekdays().collect(),
            closed_dates: c.closed_dates.into_iter().collect(),
        }
    }
}

/// A daily series reduced to its trading weekdays, with the date of each kept value.
#[derive(Debug, Clone, PartialEq)]
pub struct TradingDays {
    /// The values on the open weekdays, in order; the weekly period becomes the number of open
    /// weekdays (6 for a shop closed on Saturdays). Closed dates on open weekdays (holidays)
    /// stay in, with their value filled in (see [`filled`](Self::filled)): dropping them would
    /// shift the weekly cycle by a day at every holiday. No start date: the days are not
    /// evenly spaced in the calendar.
    pub series: TimeSeries,
    /// The calendar date of each value.
    pub dates: Vec<NaiveDate>,
    /// Positions in `series` of the closed dates whose values were filled in: the mean of the
    /// same weekday in the nearest open week before and after (the nearest open one on
    /// either side alone at the ends, the mean of the open days when there is none).
    pub filled: Vec<usize>,
}

/// Weeks searched on each side of a closed date for an open one on the same weekday.
const FILL_SEARCH_WEEKS: usize = 8;

impl TradingCalendar {
    /// Open every day.
    pub fn always_open() -> Self {
        Self::default()
    }

    /// A calendar closed on `weekdays` and on `dates`.
    ///
    /// # Errors
    /// [`CoreError::InvalidParameter`] when every weekday is closed.
    pub fn new(
        weekdays: impl IntoIterator<Item = Weekday>,
        dates: impl IntoIterator<Item = NaiveDate>,
    ) -> Result<Self> {
        let mut closed_weekdays = [false; 7];
        for w in weekdays {
            closed_weekdays[w.num_days_from_monday() as usize] = true;
        }
        if closed_weekdays.iter().all(|&c| c) {
            return Err(CoreError::InvalidParameter {
                name: "trading calendar",
                reason: "every weekday is closed".into(),
            });
        }
        Ok(Self {
            closed_weekdays,
            closed_dates: dates.into_iter().collect(),
        })
    }

    /// The calendar a set of daily series shows: a weekday on which none of them ever sold
    /// (seen at least [`MIN_WEEKS_FOR_CLOSED_WEEKDAYS`] times) is closed, and, when there are
    /// at least [`MIN_SKUS_FOR_CLOSED_DATES`] series, so is any other date on which none sold.
    /// Non-daily or undated series give [`always_open`](Self::always_open).
    pub fn detect<'a>(series: impl IntoIterator<Item = &'a TimeSeries>) -> Self {
        let series: Vec<&TimeSeries> = series
            .into_iter()
            .filter(|s| s.frequency() == Some(Frequency::Daily) && s.start().is_some())
            .collect();
        if series.is_empty() {
            return Self::always_open();
        }
        // Total sales (and whether any series covers it) per date.
        let mut totals: std::collections::BTreeMap<NaiveDate, f64> = Default::default();
        for s in &series {
            // A missing day says nothing about whether the shop traded.
            for (i, v) in s.observed() {
                if let Some(d) = s.date_at(i) {
                    *totals.entry(d).or_insert(0.0) += v.abs();
                }
            }
        }
        Self::from_daily_totals(totals, series.len())
    }

    /// The calendar of `series` with the parts a user gave kept as given: the closed
    /// weekdays are `closed` when given, else detected; the closed dates are `dates` when
    /// given, else detected (see [`detect`](Self::detect)). What `ecom forecast --closed
    /// --holidays` and the Python package resolve.
    ///
    /// # Errors
    /// [`CoreError::InvalidParameter`] when every weekday ends up closed.
    ///
    /// ```
    /// use ecom_core::{NaiveDate, TimeSeries, TradingCalendar, Frequency};
    /// use chrono::Weekday;
    /// let y = TimeSeries::new(vec![3.0; 35])?
    ///     .with_start(NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(), Frequency::Daily);
    /// let cal = TradingCalendar::detect_unless_given([&y], Some(vec![Weekday::Sun]), None)?;
    /// assert_eq!(cal.closed_weekdays().collect::<Vec<_>>(), [Weekday::Sun]);
    /// # Ok::<(), ecom_core::CoreError>(())
    /// ```
    pub fn detect_unless_given<'a>(
        series: impl IntoIterator<Item = &'a TimeSeries>,
        closed: Option<Vec<Weekday>>,
        dates: Option<Vec<NaiveDate>>,
    ) -> Result<Self> {
        let detected = (closed.is_none() || dates.is_none()).then(|| Self::detect(series));
        let weekdays = match closed {
            Some(w) => w,
            None => detected.iter().flat_map(Self::closed_weekdays).collect(),
        };
        let dates = match dates {
            Some(d) => d,
            None => detected.iter().flat_map(Self::closed_dates).collect(),
        };
        Self::new(weekdays, dates)
    }

    /// The calendar that [`detect`](Self::detect) finds, from what it looks at: the total
    /// absolute sales of every date some series covers (a covered date without sales counts,
    /// with total 0) and the number of series. A batch engine that holds the sales spread
    /// over many workers (Spark, Ray) aggregates these two and gets the calendar a single
    /// process would detect on the whole table.
    ///
    /// ```
    /// use ecom_core::{NaiveDate, TradingCalendar};
    /// use chrono::Weekday;
    /// let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(); // a Monday
    /// // Five weeks, nothing ever sold on a Saturday.
    /// let totals = start.iter_days().take(35).map(|d| {
    ///     (d, if d.format("%a").to_string() == "Sat" { 0.0 } else { 12.0 })
    /// });
    /// let cal = TradingCalendar::from_daily_totals(totals, 3);
    /// assert_eq!(cal.closed_weekdays().collect::<Vec<_>>(), [Weekday::Sat]);
    /// ```
    pub fn from_daily_totals(
        totals: impl IntoIterator<Item = (NaiveDate, f64)>,
        series_count: usize,
    ) -> Self {
        let mut merged: std::collections::BTreeMap<NaiveDate, f64> = Default::default();
        for (d, t) in totals {
            *merged.entry(d).or_insert(0.0) += t.abs();
        }
        let totals = merged;
        if totals.is_empty() {
            return Self::always_open();
        }
        let mut seen = [0usize; 7];
        let mut sold = [false; 7];
        for (d, &t) in &totals {
            let w = d.weekday().num_days_from_monday() as usize;
            seen[w] += 1;
            // A NaN total (never from `detect`, which skips missing days) is not a sale.
            sold[w] |= t > 0.0;
        }
        let mut closed_weekdays = [false; 7];
        for w in 0..7 {
            closed_weekdays[w] = seen[w] >= MIN_WEEKS_FOR_CLOSED_WEEKDAYS && !sold[w];
        }
        if closed_weekdays.iter().all(|&c| c) {
            // Nothing ever sold: there is no calendar to learn.
            return Self::always_open();
        }
        let closed_dates = if series_count >= MIN_SKUS_FOR_CLOSED_DATES {
            totals
                .iter()
                .filter(|(d, t)| {
                    **t == 0.0 && !closed_weekdays[d.weekday().num_days_from_monday() as usize]
                })
                .map(|(d, _)| *d)
                .collect()
        } else {
            BTreeSet::new()
        };
        Self {
            closed_weekdays,
            closed_dates,
        }
    }

    /// Whether the shop trades on `date`.
    pub fn is_open(&self, date: NaiveDate) -> bool {
        !self.closed_weekdays[date.weekday().num_days_from_monday() as usize]
            && !self.closed_dates.contains(&date)
    }

    /// Whether every day is open.
    pub fn is_always_open(&self) -> bool {
        self.closed_weekdays.iter().all(|&c| !c) && self.closed_dates.is_empty()
    }

    /// The closed weekdays, Monday first.
    pub fn closed_weekdays(&self) -> impl Iterator<Item = Weekday> + '_ {
        WEEKDAYS
            .iter()
            .zip(self.closed_weekdays)
            .filter(|(_, c)| *c)
            .map(|(w, _)| *w)
    }

    /// The closed dates (beyond the closed weekdays), in order.
    pub fn closed_dates(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.closed_dates.iter().copied()
    }

    /// Open weekdays per week (7 minus the closed weekdays).
    pub fn open_weekdays(&self) -> usize {
        self.closed_weekdays.iter().filter(|&&c| !c).count()
    }

    /// Trading days among the `n` calendar days from `start` on.
    pub fn open_days(&self, start: NaiveDate, n: usize) -> usize {
        start
            .iter_days()
            .take(n)
            .filter(|&d| self.is_open(d))
            .count()
    }

    /// `series` on its trading weekdays only. A daily series with a start date loses the days
    /// on closed weekdays, its closed dates on open weekdays are filled in (see
    /// [`TradingDays::filled`]), and its weekly period (7) becomes
    /// [`open_weekdays`](Self::open_weekdays); any other series is returned as it is, with no
    /// dates.
    ///
    /// # Errors
    /// [`CoreError::Empty`] when no day of the series is open.
    pub fn trading_days(&self, series: &TimeSeries) -> Result<TradingDays> {
        let (Some(start), Some(Frequency::Daily)) = (series.start(), series.frequency()) else {
            return Ok(TradingDays {
                series: series.clone(),
                dates: Vec::new(),
                filled: Vec::new(),
            });
        };
        let y = series.values();
        let open_total: (f64, usize) = start
            .iter_days()
            .zip(y)
            .filter(|(d, v)| self.is_open(*d) && !v.is_nan())
            .fold((0.0, 0), |(s, n), (_, &v)| (s + v, n + 1));
        if !start.iter_days().take(y.len()).any(|d| self.is_open(d)) {
            return Err(CoreError::Empty {
                what: "trading days of the series",
            });
        }
        // With every open day missing there is no level to fill closed dates with: they stay
        // missing too.
        let open_mean = if open_total.1 == 0 {
            f64::NAN
        } else {
            open_total.0 / open_total.1 as f64
        };
        let mut values = Vec::with_capacity(y.len());
        let mut dates = Vec::with_capacity(y.len());
        let mut filled = Vec::new();
        for (t, (d, &v)) in start.iter_days().zip(y).enumerate() {
            if !self.trades_on_weekday(d) {
                continue;
            }
            if self.is_open(d) {
                values.push(v);
            } else {
                filled.push(values.len());
                values.push(self.fill(start, y, t).unwrap_or(open_mean));
            }
            dates.push(d);
        }
        let mut open = TimeSeries::with_missing(values)?;
        let period = match series.period() {
            Some(7) => self.open_weekdays(),
            Some(p) => p,
            None => 1,
        };
        open = open.with_period(period.max(1))?;
        Ok(TradingDays {
            series: open,
            dates,
            filled,
        })
    }

    /// The mean of the same weekday in the nearest open week before and after day `t`.
    fn fill(&self, start: NaiveDate, y: &[f64], t: usize) -> Option<f64> {
        let open_at = |i: usize| {
            let d = start.checked_add_days(chrono::Days::new(i as u64))?;
            (self.is_open(d) && !y[i].is_nan()).then(|| y[i])
        };
        let before = (1..=FILL_SEARCH_WEEKS)
            .filter_map(|k| t.checked_sub(7 * k))
            .find_map(open_at);
        let after = (1..=FILL_SEARCH_WEEKS)
            .map(|k| t + 7 * k)
            .take_while(|&i| i < y.len())
            .find_map(open_at);
        match (before, after) {
            (Some(a), Some(b)) => Some(0.5 * (a + b)),
            (a, b) => a.or(b),
        }
    }

    /// Whether `date` falls on a weekday the shop trades on (it may still be a closed date).
    pub fn trades_on_weekday(&self, date: NaiveDate) -> bool {
        !self.closed_weekdays[date.weekday().num_days_from_monday() as usize]
    }

    /// Days among the `n` calendar days from `start` on that fall on a weekday the shop trades
    /// on: the steps a model fitted on [`trading_days`](Self::trading_days) takes to cover
    /// them.
    pub fn trading_weekdays(&self, start: NaiveDate, n: usize) -> usize {
        start
            .iter_days()
            .take(n)
            .filter(|&d| self.trades_on_weekday(d))
            .count()
    }

    /// The closed dates grouped into runs: `(first, last, count)` for each stretch of closed
    /// dates with only closed weekdays between them, so a Christmas closure that spans a closed
    /// Saturday reads as one run.
    ///
    /// ```
    /// use ecom_core::{NaiveDate, TradingCalendar};
    /// use chrono::Weekday;
    /// let d = |m, day| NaiveDate::from_ymd_opt(2010, m, day).unwrap();
    /// // Closed on Saturdays; Fri 24 Dec, Sun 26 Dec and Mon 27 Dec, then Good Friday.
    /// let cal = TradingCalendar::new([Weekday::Sat], [d(12, 24), d(12, 26), d(12, 27), d(4, 2)])?;
    /// assert_eq!(cal.closed_date_runs(), [(d(4, 2), d(4, 2), 1), (d(12, 24), d(12, 27), 3)]);
    /// # Ok::<(), ecom_core::CoreError>(())
    /// ```
    pub fn closed_date_runs(&self) -> Vec<(NaiveDate, NaiveDate, usize)> {
        let mut runs: Vec<(NaiveDate, NaiveDate, usize)> = Vec::new();
        for &date in &self.closed_dates {
            if let Some(run) = runs.last_mut() {
                let joined = run
                    .1
                    .iter_days()
                    .skip(1)
                    .take_while(|&d| d < date)
                    .all(|d| !self.trades_on_weekday(d));
                if joined {
                    run.1 = date;
                    run.2 += 1;
                    continue;
                }
            }
            runs.push((date, date, 1));
        }
        runs
    }

    /// A one-line description, e.g.
    /// `closed on Sat; 16 closed dates: 2010-12-24..2011-01-03 (9), 2011-04-22, 2011-04-25`.
    /// Runs of closed dates are listed (at most [`DESCRIBE_MAX_RUNS`] of them, then a count of
    /// the rest).
    pub fn describe(&self) -> String {
        if self.is_always_open() {
            return "open every day".into();
        }
        let mut parts = Vec::new();
        let weekdays: Vec<String> = self.closed_weekdays().map(|w| w.to_string()).collect();
        if !weekdays.is_empty() {
            parts.push(format!("closed on {}", weekdays.join(", ")));
        }
        let runs = self.closed_date_runs();
        if !runs.is_empty() {
            let mut shown: Vec<String> = runs
                .iter()
                .take(DESCRIBE_MAX_RUNS)
                .map(|&(first, last, count)| {
                    if count == 1 {
                        first.to_string()
                    } else {
                        format!("{first}..{last} ({count})")
                    }
                })
                .collect();
            if runs.len() > DESCRIBE_MAX_RUNS {
                shown.push(format!("and {} more runs", runs.len() - DESCRIBE_MAX_RUNS));
            }
            let n = self.closed_dates.len();
            let noun = if n == 1 {
                "closed date"
            } else {
                "closed dates"
            };
            parts.push(format!("{n} {noun}: {}", shown.join(", ")));
        }
        parts.join("; ")
    }
}

/// Runs of closed dates that [`TradingCalendar::describe`] lists before it counts the rest.
pub const DESCRIBE_MAX_RUNS: usize = 8;

#[cfg(test)]
mod tests {
    use super::*;

    fn daily(start: NaiveDate, values: Vec<f64>) -> TimeSeries {
        TimeSeries::new(values)
            .unwrap()
            .with_start(start, Frequency::Daily)
            .with_period(7)
            .unwrap()
    }

    #[test]
    fn detects_a_weekday_no_sku_ever_sold_on() {
        let monday = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        // Closed on Saturdays (day 5 of each week); SKU B also sells nothing on some Tuesdays.
        let a = daily(
            monday,
            (0..56)
                .map(|d| if d % 7 == 5 { 0.0 } else { 3.0 })
                .collect(),
        );
        let b = daily(
            monday,
            (0..56)
                .map(|d| if d % 7 == 5 || d % 14 == 1 { 0.0 } else { 1.0 })
                .collect(),
        );
        let cal = TradingCalendar::detect([&a, &b]);
        assert_eq!(cal.closed_weekdays().collect::<Vec<_>>(), [Weekday::Sat]);
        // Two SKUs are too few to call a shared zero day closed.
        assert_eq!(cal.closed_dates().count(), 0);
        assert_eq!(cal.describe(), "closed on Sat");
        // Too few weeks to tell.
        let short = daily(monday, vec![1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 1.0]);
        assert!(TradingCalendar::detect([&short]).is_always_open());
    }

    #[test]
    fn detects_closed_dates_across_many_skus() {
        let monday = NaiveDate::from_ymd_opt(2024, 12, 2).unwrap();
        let sku = |k: usize| {
            daily(
                monday,
                (0..42)
                    .map(|d| {
                        if (21..=24).contains(&d) {
                            0.0
                        } else {
                            (k + d) as f64 % 5.0 + 1.0
                        }
                    })
                    .collect(),
            )
        };
        let skus: Vec<TimeSeries> = (0..MIN_SKUS_FOR_CLOSED_DATES).map(sku).collect();
        let cal = TradingCalendar::detect(&skus);
        let closed: Vec<NaiveDate> = cal.closed_dates().collect();
        assert_eq!(closed.len(), 4);
        assert_eq!(closed[0], NaiveDate::from_ymd_opt(2024, 12, 23).unwrap());
        assert_eq!(cal.closed_weekdays().count(), 0);
        // Totals aggregated elsewhere (one row per SKU and date, in any order) give the same
        // calendar; with fewer SKUs than the threshold the shared zero days are not closed.
        let rows = skus.iter().rev().flat_map(|s| {
            s.values()
                .iter()
                .enumerate()
                .map(|(i, &v)| (s.date_at(i).unwrap(), v))
        });
        assert_eq!(
            TradingCalendar::from_daily_totals(rows.clone(), skus.len()),
            cal
        );
        assert!(TradingCalendar::from_daily_totals(rows, skus.len() - 1).is_always_open());
        let open = cal.trading_days(&skus[0]).unwrap();
        // The closed dates stay, filled in from the same weekday a week before and after.
        assert_eq!(open.series.len(), 42);
        assert_eq!(open.series.period(), Some(7));
        assert_eq!(open.filled, [21, 22, 23, 24]);
        let y = skus[0].values();
        for &i in &open.filled {
            assert_eq!(open.series.values()[i], 0.5 * (y[i - 7] + y[i + 7]));
            assert!(!cal.is_open(open.dates[i]));
        }
    }

    #[test]
    fn serde_validates_and_round_trips() {
        let cal = TradingCalendar::new(
            [Weekday::Sun, Weekday::Sat],
            [NaiveDate::from_ymd_opt(2024, 12, 25).unwrap()],
        )
        .unwrap();
        let text = serde_json::to_string(&cal).unwrap();
        assert_eq!(
            text,
            r#"{"closed_weekdays":["Sat","Sun"],"closed_dates":["2024-12-25"]}"#
        );
        assert_eq!(serde_json::from_str::<TradingCalendar>(&text).unwrap(), cal);
        let all = r#"{"closed_weekdays":["Mon","Tue","Wed","Thu","Fri","Sat","Sun"]}"#;
        assert!(serde_json::from_str::<TradingCalendar>(all).is_err());
        assert!(TradingCalendar::new(WEEKDAYS, []).is_err());
    }

    #[test]
    fn non_daily_series_pass_through() {
        let m = TimeSeries::new(vec![1.0, 0.0, 2.0]).unwrap().with_start(
            NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
            Frequency::Monthly,
        );
        let cal = TradingCalendar::new([Weekday::Mon], []).unwrap();
        let t = cal.trading_days(&m).unwrap();
        assert_eq!(t.series.values(), m.values());
        assert!(t.dates.is_empty());
        assert!(t.filled.is_empty());
    }

    #[test]
    fn a_holiday_keeps_the_weekly_cycle_in_phase() {
        // Closed on Saturdays and on Wednesday 2024-01-10: the Monday after it is still the
        // first day of a 6-day cycle.
        let monday = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        let y = daily(monday, (0..21).map(|d| (d % 7) as f64).collect());
        let cal = TradingCalendar::new(
            [Weekday::Sat],
            [NaiveDate::from_ymd_opt(2024, 1, 10).unwrap()],
        )
        .unwrap();
        let t = cal.trading_days(&y).unwrap();
        assert_eq!(t.series.len(), 18);
        assert_eq!(t.filled, [8]);
        assert_eq!(t.series.values()[8], 2.0); // Wednesday, from the Wednesdays around it
        assert_eq!(t.dates[12], NaiveDate::from_ymd_opt(2024, 1, 15).unwrap());
        assert_eq!(cal.trading_weekdays(monday, 14), 12);
        assert_eq!(
            cal.open_days(NaiveDate::from_ymd_opt(2024, 1, 8).unwrap(), 7),
            5
        );
    }

    #[test]
    fn describe_lists_runs_of_closed_dates() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let christmas = [
            d(2010, 12, 23),
            d(2010, 12, 24),
            d(2010, 12, 27),
            d(2011, 1, 3),
        ];
        let cal = TradingCalendar::new(
            [Weekday::Sat, Weekday::Sun],
            christmas.into_iter().chain([d(2011, 4, 22)]),
        )
        .unwrap();
        assert_eq!(
            cal.describe(),
            "closed on Sat, Sun; 5 closed dates: 2010-12-23..2010-12-27 (3), 2011-01-03, 2011-04-22"
        );
        let many = TradingCalendar::new(
            [],
            (0..20).map(|w| d(2024, 1, 1) + chrono::Days::new(2 * w)),
        )
        .unwrap();
        let text = many.describe();
        assert!(
            text.starts_with("20 closed dates: 2024-01-01, 2024-01-03"),
            "{text}"
        );
        assert!(text.ends_with("and 12 more runs"), "{text}");
        assert_eq!(TradingCalendar::always_open().describe(), "open every day");
    }
}
