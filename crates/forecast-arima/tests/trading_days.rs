//! Models fitted on a shop's trading days: closed weekdays dropped, holidays filled in so the
//! weekly cycle keeps its phase, every closed day forecast as exactly zero.

use ecom_core::{Frequency, NaiveDate, TimeSeries, TradingCalendar, Weekday};
use forecast_arima::{Arima, AutoEts, FittedModel, Forecaster, OnTradingDays, SeasonalNaive};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Ten weeks from Monday 2024-01-01: weekday pattern 10, 20, .., 50, closed Saturday, 5 on
/// Sunday; closed on Wednesday 2024-01-24 (a holiday).
fn shop() -> (TimeSeries, TradingCalendar) {
    let holiday = date(2024, 1, 24);
    let y: Vec<f64> = date(2024, 1, 1)
        .iter_days()
        .take(70)
        .enumerate()
        .map(|(t, d)| match t % 7 {
            _ if d == holiday => 0.0,
            5 => 0.0,
            6 => 5.0,
            w => 10.0 * (w + 1) as f64,
        })
        .collect();
    let y = TimeSeries::new(y)
        .unwrap()
        .with_start(date(2024, 1, 1), Frequency::Daily)
        .with_period(7)
        .unwrap();
    (
        y,
        TradingCalendar::new([Weekday::Sat], [holiday, date(2024, 3, 13)]).unwrap(),
    )
}

#[test]
fn a_past_holiday_does_not_shift_the_weekly_pattern() {
    let (y, cal) = shop();
    // Seasonal naive on the trading days repeats the last trading week exactly, which only
    // holds if the holiday did not shift the 6-day cycle.
    let fit = OnTradingDays::new(SeasonalNaive::new(6).unwrap(), cal)
        .fit_series(&y)
        .unwrap();
    // (Wednesday 2024-03-13 is a holiday too, so it is 0.)
    let f = fit.forecast(7, &[]).unwrap();
    assert_eq!(f.mean, [10.0, 20.0, 0.0, 40.0, 50.0, 0.0, 5.0]);
    assert_eq!(f.date(0), Some(date(2024, 3, 11)));
    let open = fit.calendar().trading_days(&y).unwrap();
    assert_eq!(open.filled, [20]);
    assert_eq!(open.series.values()[20], 30.0);
}

#[test]
fn a_future_holiday_is_zero_and_drops_out_of_the_sum() {
    let (y, cal) = shop();
    let fit = OnTradingDays::new(SeasonalNaive::new(6).unwrap(), cal.clone())
        .fit_series(&y)
        .unwrap();
    let f = fit.forecast(14, &[95.0]).unwrap();
    // Wednesday 2024-03-13 (step 2) is closed; the Thursday after it is still a Thursday.
    assert_eq!(&f.mean[..7], [10.0, 20.0, 0.0, 40.0, 50.0, 0.0, 5.0]);
    assert_eq!(
        (f.intervals[0].lower[2], f.intervals[0].upper[2]),
        (0.0, 0.0)
    );
    assert_eq!(&f.mean[7..], [10.0, 20.0, 30.0, 40.0, 50.0, 0.0, 5.0]);
    let (total, sd) = fit.predict_sum(7).unwrap();
    assert_eq!(total, 125.0);
    assert!(sd.is_finite() && sd >= 0.0);
    // A model with real uncertainty: the holiday's mean drops out, its spread does not shrink
    // below that of the open days alone.
    let fit = OnTradingDays::new(
        Arima::new(0, 0, 1).with_trend(forecast_arima::Trend::Constant),
        cal,
    )
    .fit_series(&y)
    .unwrap();
    let (total, sd) = fit.predict_sum(7).unwrap();
    let f = fit.forecast(7, &[]).unwrap();
    assert_eq!(f.mean[2], 0.0);
    assert!((total - f.mean.iter().sum::<f64>()).abs() < 1e-9);
    assert!(sd > 0.0);
}

#[test]
fn ets_on_trading_days_forecasts_zero_on_closed_days() {
    let (y, cal) = shop();
    let fit = OnTradingDays::new(AutoEts::default(), cal)
        .fit_series(&y)
        .unwrap();
    let f = fit.forecast(7, &[80.0]).unwrap();
    assert_eq!(f.mean[5], 0.0);
    assert!(f.mean.iter().all(|v| v.is_finite()));
    let (total, sd) = fit.predict_sum(7).unwrap();
    assert!(total.is_finite() && sd.is_finite());
}
