//! Bad input gives a typed error, never a panic; non-convergence is reported on the model.

use ecom_core::TimeSeries;
use forecast_arima::{
    Arima, ArimaError, AutoArima, Backtest, Coefficients, FitNote, Holt, Method, MovingAverage,
    SeasonalNaive, SimpleExpSmoothing, Trend,
};

const SALES: [f64; 10] = [
    150.0, 160.0, 155.0, 165.0, 157.0, 162.0, 159.0, 167.0, 158.0, 163.0,
];

#[test]
fn arima_rejects_degenerate_data() {
    let m = Arima::new(1, 1, 1);
    assert!(matches!(m.fit_slice(&[]), Err(ArimaError::Empty)));
    let mut bad = SALES.to_vec();
    bad[4] = f64::NAN;
    assert!(matches!(
        m.fit_slice(&bad),
        Err(ArimaError::NonFinite { index: 4, .. })
    ));
    bad[4] = f64::INFINITY;
    assert!(matches!(
        m.fit_with_missing(&bad),
        Err(ArimaError::NonFinite { index: 4, .. })
    ));
    assert!(matches!(
        m.fit_slice(&SALES[..3]),
        Err(ArimaError::NotEnoughData { got: 3, .. })
    ));
    // A constant series with differencing is reproduced exactly (a note, not an error); a
    // zero-mean stationary model cannot reproduce a non-zero constant.
    assert_eq!(
        m.fit_slice(&[7.0; 20]).unwrap().notes(),
        &[FitNote::ConstantSeries { value: 7.0 }]
    );
    assert!(matches!(
        Arima::new(1, 0, 0).fit_slice(&[7.0; 20]),
        Err(ArimaError::ConstantSeries { after: "" })
    ));
    let line: Vec<f64> = (0..20).map(|t| 3.0 * t as f64).collect();
    assert!(matches!(
        m.fit_slice(&line),
        Err(ArimaError::ConstantSeries {
            after: " after differencing"
        })
    ));
    assert!(matches!(
        m.fit_with_missing(&[f64::NAN; 12]),
        Err(ArimaError::NotEnoughData { got: 0, .. })
    ));
}

#[test]
fn arima_rejects_inconsistent_specifications() {
    let y: Vec<f64> = (0..60).map(|t| ((t * 7) % 13) as f64).collect();
    let invalid =
        |r: forecast_arima::Result<_>| matches!(r, Err(ArimaError::InvalidParameter { .. }));
    assert!(invalid(
        Arima::new(0, 0, 1).with_seasonal(0, 0, 1, 1).fit_slice(&y)
    ));
    assert!(invalid(
        Arima::new(0, 0, 1).with_seasonal(1, 1, 0, 0).fit_slice(&y)
    ));
    assert!(invalid(
        Arima::new(0, 1, 1)
            .with_trend(Trend::Constant)
            .fit_slice(&y)
    ));
    assert!(invalid(
        Arima::new(0, 0, 1).with_trend(Trend::Drift).fit_slice(&y)
    ));
    assert!(invalid(
        Arima::new(0, 2, 1).with_trend(Trend::Drift).fit_slice(&y)
    ));
    assert!(invalid(
        Arima::new(1, 0, 0).with_min_root_modulus(0.5).fit_slice(&y)
    ));
    assert!(invalid(Arima::new(1, 0, 0).with_max_iter(0).fit_slice(&y)));
    let mut gappy = y.clone();
    gappy[10] = f64::NAN;
    assert!(invalid(
        Arima::new(1, 0, 0)
            .with_method(Method::Css)
            .fit_with_missing(&gappy)
    ));
    let coef = Coefficients {
        ar: vec![0.5, 0.1],
        ..Coefficients::default()
    };
    let ll_invalid =
        |r: forecast_arima::Result<f64>| matches!(r, Err(ArimaError::InvalidParameter { .. }));
    assert!(ll_invalid(Arima::new(1, 0, 0).log_likelihood(&y, &coef)));
    let coef = Coefficients {
        ar: vec![1.5],
        ..Coefficients::default()
    };
    assert!(ll_invalid(Arima::new(1, 0, 0).log_likelihood(&y, &coef)));
}

#[test]
fn forecasts_reject_bad_horizons_and_levels() {
    let fit = Arima::new(1, 0, 0)
        .with_trend(Trend::Constant)
        .fit_slice(&SALES)
        .unwrap();
    assert!(matches!(
        fit.forecast(0, &[80.0]),
        Err(ArimaError::InvalidParameter { .. })
    ));
    for level in [0.0, 100.0, -1.0, f64::NAN] {
        assert!(matches!(
            fit.forecast(3, &[level]),
            Err(ArimaError::InvalidParameter { .. })
        ));
    }
    assert_eq!(fit.forecast(3, &[]).unwrap().intervals.len(), 0);
}

#[test]
fn non_convergence_is_reported_not_hidden() {
    let y: Vec<f64> = (0..80)
        .map(|t| (t as f64 * 0.3).sin() * 10.0 + (t % 5) as f64)
        .collect();
    let fit = Arima::new(2, 0, 2)
        .with_trend(Trend::Constant)
        .with_max_iter(1)
        .fit_slice(&y)
        .unwrap();
    assert!(!fit.converged());
    assert!(fit.loglik().is_finite());
}

#[test]
fn auto_arima_rejects_degenerate_data() {
    let a = AutoArima::default();
    assert!(matches!(a.fit_slice(&[]), Err(ArimaError::Empty)));
    // NaN marks a missing observation (tests/missing_values.rs); an infinity is an error, and
    // so is a series with nothing observed.
    assert!(matches!(
        a.fit_slice(&[1.0, f64::INFINITY]),
        Err(ArimaError::NonFinite { index: 1, .. })
    ));
    assert!(matches!(
        a.fit_slice(&[f64::NAN; 3]),
        Err(ArimaError::NotEnoughData { .. })
    ));
    // Constant data (and data that differencing makes constant) are fitted exactly, as R's
    // auto.arima does; see tests/degenerate.rs.
    assert!(a.fit_slice(&[0.0; 40]).is_ok());
    assert!(matches!(
        a.with_period(0).fit_slice(&SALES),
        Err(ArimaError::InvalidParameter { .. })
    ));
    assert!(matches!(
        AutoArima::default().with_alpha(2.0).fit_slice(&SALES),
        Err(ArimaError::InvalidParameter { .. })
    ));
    // Very short series still give a model.
    assert!(AutoArima::default().fit_slice(&SALES[..4]).is_ok());
}

#[test]
fn baselines_reject_bad_input() {
    assert!(MovingAverage::new(0).is_err());
    assert!(SeasonalNaive::new(0).is_err());
    assert!(matches!(
        MovingAverage::new(5).unwrap().fit_slice(&SALES[..5]),
        Err(ArimaError::NotEnoughData { needed: 6, got: 5 })
    ));
    assert!(matches!(
        SimpleExpSmoothing::default()
            .with_alpha(1.5)
            .fit_slice(&SALES),
        Err(ArimaError::InvalidParameter { .. })
    ));
    assert!(matches!(
        SimpleExpSmoothing::default()
            .with_alpha_bounds(0.5, 0.2)
            .fit_slice(&SALES),
        Err(ArimaError::InvalidParameter { .. })
    ));
    assert!(matches!(
        Holt::default().fit_slice(&SALES[..3]),
        Err(ArimaError::NotEnoughData { .. })
    ));
    assert!(matches!(
        Holt::default().with_beta(-0.1).fit_slice(&SALES),
        Err(ArimaError::InvalidParameter { .. })
    ));
    assert!(matches!(
        SimpleExpSmoothing::default().fit_slice(&[1.0, f64::INFINITY]),
        Err(ArimaError::NonFinite { index: 1, .. })
    ));
}

#[test]
fn backtest_rejects_bad_settings_and_reports_the_failing_fold() {
    let y = TimeSeries::new(SALES.to_vec()).unwrap();
    let model = SeasonalNaive::naive();
    assert!(matches!(
        Backtest::new(0).run(&model, &y),
        Err(ArimaError::InvalidParameter { .. })
    ));
    assert!(matches!(
        Backtest::new(3).with_windows(0).run(&model, &y),
        Err(ArimaError::InvalidParameter { .. })
    ));
    // 3 origins 5 apart of 5-step forecasts after 2 training values: 2 + 2·5 + 5 = 17 > 10.
    assert!(matches!(
        Backtest::new(5).with_windows(3).run(&model, &y),
        Err(ArimaError::BacktestTooShort {
            needed: 17,
            got: 10,
            min_train: 2,
            ..
        })
    ));
    // ARIMA(2,1,2) needs more data than the first folds have: found before fitting.
    assert!(matches!(
        Backtest::new(1)
            .with_windows(3)
            .run(&Arima::new(2, 1, 2), &y),
        Err(ArimaError::BacktestTooShort {
            needed: 11,
            min_train: 8,
            ..
        })
    ));
    // A fold that fails to fit: a zero-mean AR(1) cannot reproduce the constant start.
    let y = TimeSeries::new(vec![5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 1.0, 2.0, 3.0]).unwrap();
    match Backtest::new(1)
        .with_windows(3)
        .run(&Arima::new(1, 0, 0), &y)
    {
        Err(ArimaError::Fold { origin, source }) => {
            assert_eq!(origin, 7);
            assert!(matches!(*source, ArimaError::ConstantSeries { .. }));
        }
        other => panic!("expected a fold error, got {other:?}"),
    }
}
