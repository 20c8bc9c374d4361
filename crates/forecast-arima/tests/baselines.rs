//! Moving average and simple exponential smoothing against the fixtures' `baselines`.

mod common;

use ecom_testing::{assert_all_close, assert_close};
use forecast_arima::{LevelInit, MovingAverage, SeasonalNaive, SimpleExpSmoothing};

#[test]
fn moving_average_and_fixed_ses_are_exact() {
    let mut n = 0;
    for f in common::all() {
        let Some(b) = &f.baselines else { continue };
        let y = f.y();
        let ma = MovingAverage::new(3).unwrap().fit_slice(&y).unwrap();
        let what = &f.series;
        assert_all_close(
            ma.fitted(),
            &b.moving_average_3.fitted,
            1e-9,
            0.0,
            &format!("{what} MA fitted"),
        );
        assert_close(ma.level(), b.moving_average_3.forecast, 1e-9, 0.0, what);
        assert_close(ma.mae(), b.moving_average_3.mae, 1e-9, 0.0, what);
        assert_close(ma.rmse(), b.moving_average_3.rmse, 1e-9, 0.0, what);

        let fixed = SimpleExpSmoothing::default()
            .with_alpha(b.ses_fixed.alpha)
            .with_level_init(LevelInit::FirstObservation)
            .fit_slice(&y)
            .unwrap();
        assert_all_close(
            fixed.fitted(),
            &b.ses_fixed.fitted,
            1e-9,
            0.0,
            &format!("{what} SES fitted"),
        );
        assert_close(fixed.level(), b.ses_fixed.final_level, 1e-9, 0.0, what);
        assert_close(fixed.sse(), b.ses_fixed.sse, 1e-9, 0.0, what);
        n += 1;
    }
    assert_eq!(n, 10);
}

#[test]
fn optimised_ses_matches_statsmodels_and_statsforecast() {
    for f in common::all() {
        let Some(b) = &f.baselines else { continue };
        let y = f.y();
        let what = &f.series;
        // statsmodels: alpha and l0 by least squares. Alpha may sit on a bound, so compare SSE
        // (ours may be lower when statsmodels stops early, never meaningfully higher).
        let fit = SimpleExpSmoothing::default().fit_slice(&y).unwrap();
        assert!(
            fit.sse() <= b.ses.sse * (1.0 + 1e-4),
            "{what}: SSE {} vs statsmodels {}",
            fit.sse(),
            b.ses.sse
        );
        assert!(
            fit.sse() >= b.ses.sse * (1.0 - 1e-3),
            "{what}: implausibly low SSE"
        );
        // statsforecast: l0 = y[0], alpha in [0.01, 0.99] by SSE.
        let sf = SimpleExpSmoothing::default()
            .with_level_init(LevelInit::FirstObservation)
            .with_alpha_bounds(0.01, 0.99)
            .fit_slice(&y)
            .unwrap();
        assert_close(
            sf.alpha(),
            b.ses_statsforecast.alpha,
            0.0,
            1e-3,
            &format!("{what} alpha"),
        );
        assert_close(
            sf.level(),
            b.ses_statsforecast.forecast,
            1e-4,
            0.0,
            &format!("{what} level"),
        );
    }
}

#[test]
fn seasonal_naive_repeats_the_last_season_with_widening_intervals() {
    let f = common::load("airpassengers");
    let y = f.y();
    let fit = SeasonalNaive::new(12).unwrap().fit_slice(&y).unwrap();
    let fc = fit.forecast(24, &[95.0]).unwrap();
    assert_eq!(&fc.mean[..12], &y[y.len() - 12..]);
    assert_eq!(&fc.mean[12..], &y[y.len() - 12..]);
    let iv = &fc.intervals[0];
    let w = |i: usize| iv.upper[i] - iv.lower[i];
    assert!((w(11) - w(0)).abs() < 1e-9);
    assert!((w(12) / w(0) - 2f64.sqrt()).abs() < 1e-9);
}
