//! Limits are checked before any work, each in one place, with a typed error.

use ecom_core::{CoreError, MAX_ABS_VALUE, TimeSeries};
use forecast_arima::{
    Arima, ArimaError, AutoArima, Backtest, DEFAULT_LEVELS, Differencing, Forecaster, Holt,
    MAX_HORIZON, MAX_STATE_DIM, MovingAverage, SeasonalNaive, SimpleExpSmoothing, Trend,
    forecast_batch, kpss_statistic, mase_scale, ndiffs, score, seasonal_strength,
};

const SALES: [f64; 10] = [
    150.0, 160.0, 155.0, 165.0, 157.0, 162.0, 159.0, 167.0, 158.0, 163.0,
];

fn too_long<T: std::fmt::Debug>(r: forecast_arima::Result<T>) -> bool {
    matches!(
        r,
        Err(ArimaError::HorizonTooLong {
            horizon,
            max: MAX_HORIZON
        }) if horizon == MAX_HORIZON + 1
    )
}

#[test]
fn every_forecast_entry_point_rejects_a_horizon_beyond_the_limit() {
    let h = MAX_HORIZON + 1;
    let fit = Arima::new(1, 1, 1).fit_slice(&SALES).unwrap();
    assert!(too_long(fit.predict(h)));
    assert!(too_long(fit.predict_total(h)));
    assert!(too_long(fit.forecast(h, &DEFAULT_LEVELS)));
    let ses = SimpleExpSmoothing::default().fit_slice(&SALES).unwrap();
    assert!(too_long(ses.forecast(h, &DEFAULT_LEVELS)));
    let holt = Holt::default().fit_slice(&SALES).unwrap();
    assert!(too_long(holt.forecast(h, &DEFAULT_LEVELS)));
    let ma = MovingAverage::new(3).unwrap().fit_slice(&SALES).unwrap();
    assert!(too_long(ma.forecast(h, &DEFAULT_LEVELS)));
    let sn = SeasonalNaive::new(2).unwrap().fit_slice(&SALES).unwrap();
    assert!(too_long(sn.forecast(h, &DEFAULT_LEVELS)));
    // Before fitting: the series below is too short for the model, yet the horizon is what is
    // reported.
    let short = TimeSeries::new(SALES[..3].to_vec()).unwrap();
    assert!(too_long(Arima::new(2, 1, 2).fit_forecast(
        &short,
        h,
        &DEFAULT_LEVELS
    )));
    assert!(too_long(AutoArima::default().fit_forecast(
        &short,
        h,
        &DEFAULT_LEVELS
    )));
    assert!(matches!(
        Arima::new(2, 1, 2).fit_forecast(&short, 3, &[120.0]),
        Err(ArimaError::InvalidParameter { name: "level", .. })
    ));
    let y = TimeSeries::new(SALES.to_vec()).unwrap();
    assert!(too_long(Backtest::new(h).run(&SeasonalNaive::naive(), &y)));
    let out = forecast_batch(
        &AutoArima::default(),
        &[y.clone(), short],
        h,
        &DEFAULT_LEVELS,
    );
    assert_eq!(out.len(), 2);
    assert!(out.into_iter().all(too_long));
    // The limit itself is allowed, and finite.
    let f = fit.forecast(MAX_HORIZON, &DEFAULT_LEVELS).unwrap();
    assert_eq!(f.mean.len(), MAX_HORIZON);
    assert!(f.intervals[1].upper.iter().all(|v| v.is_finite()));
}

#[test]
fn backtests_check_their_size_before_fitting() {
    let y = TimeSeries::new((0..30).map(|t| (t % 7) as f64 + 10.0).collect()).unwrap();
    let naive = SeasonalNaive::naive();
    let invalid = |r: forecast_arima::Result<_>, what: &str| matches!(r, Err(ArimaError::InvalidParameter { name, .. }) if name == what);
    assert!(invalid(Backtest::new(0).run(&naive, &y), "horizon"));
    assert!(invalid(
        Backtest::new(3).with_windows(0).run(&naive, &y),
        "windows"
    ));
    assert!(invalid(
        Backtest::new(3).with_step(0).run(&naive, &y),
        "step"
    ));
    // A rolling window shorter than the model can fit on.
    assert!(invalid(
        Backtest::new(3)
            .with_rolling(2)
            .run(&Arima::new(1, 0, 1), &y),
        "rolling"
    ));
    // An invalid model is reported as itself, before any fold.
    assert!(invalid(
        Backtest::new(3).run(&Arima::new(1, 1, 0).with_trend(Trend::Constant), &y),
        "trend"
    ));
    // 4 windows 3 apart of 5-step forecasts after the 8 observations a seasonal naive
    // forecast at period 7 needs: 8 + 3·3 + 5 = 22 fits in 30, 6 windows (28) do not.
    let sn = SeasonalNaive::new(7).unwrap();
    assert!(
        Backtest::new(5)
            .with_windows(4)
            .with_step(3)
            .run(&sn, &y)
            .is_ok()
    );
    let err = Backtest::new(5)
        .with_windows(7)
        .with_step(3)
        .run(&sn, &y)
        .unwrap_err();
    assert!(matches!(
        err,
        ArimaError::BacktestTooShort {
            needed: 31,
            got: 30,
            min_train: 8,
            windows: 7,
            step: 3,
            horizon: 5
        }
    ));
    let msg = err.to_string();
    assert!(msg.contains("31") && msg.contains("30"), "{msg}");
    // Sizes whose product overflows are an error, not a panic or a hang.
    assert!(matches!(
        Backtest::new(5)
            .with_windows(usize::MAX)
            .with_step(usize::MAX)
            .run(&sn, &y),
        Err(ArimaError::BacktestTooShort { .. })
    ));
}

#[test]
fn model_sizes_are_checked_before_anything_is_allocated() {
    let y: Vec<f64> = (0..50).map(|t| ((t * 7) % 13) as f64).collect();
    let state = |r: forecast_arima::Result<_>| {
        matches!(r, Err(ArimaError::InvalidParameter { name: "order", .. }))
    };
    // A seasonal AR(2) at period 600 has a state of 1,200 values (an 11 MB covariance):
    // refused from the specification, however long the series.
    assert!(state(
        Arima::new(0, 0, 0)
            .with_seasonal(2, 0, 0, 600)
            .fit_slice(&y)
    ));
    assert!(state(
        Arima::new(0, 0, 0)
            .with_seasonal(1, 0, 0, usize::MAX)
            .fit_slice(&y)
    ));
    assert!(state(Arima::new(usize::MAX, 0, 0).fit_slice(&y)));
    // Orders whose sums overflow (P + D + Q, d + D) are refused too, not an overflow panic.
    assert!(state(
        Arima::new(0, 0, 0)
            .with_seasonal(usize::MAX, 0, 1, 12)
            .fit_slice(&y)
    ));
    assert!(state(
        Arima::new(0, usize::MAX, 0)
            .with_seasonal(0, usize::MAX, 0, 12)
            .fit_slice(&y)
    ));
    assert!(state(Arima::new(0, MAX_STATE_DIM, 0).fit_slice(&y)));
    assert!(Arima::new(0, 0, 0).min_train_len().is_ok());
    assert!(Differencing::new(0, 1, usize::MAX).is_err());
    assert!(Differencing::new(MAX_STATE_DIM + 1, 0, 1).is_err());
    for a in [
        AutoArima::default().with_max_p(usize::MAX),
        AutoArima::default().with_max_order(MAX_STATE_DIM + 1),
        AutoArima::default().with_d(5000),
        AutoArima::default().with_max_d(usize::MAX),
    ] {
        assert!(matches!(
            a.fit_slice(&y),
            Err(ArimaError::InvalidParameter { .. })
        ));
    }
    // Large maxima within the limit cost only the models max_order allows.
    let t = std::time::Instant::now();
    let fit = AutoArima::default()
        .with_stepwise(false)
        .with_max_p(1000)
        .with_max_q(1000)
        .with_max_order(2)
        .fit_slice(&y)
        .unwrap();
    assert!(fit.order().p + fit.order().q <= 2);
    assert!(t.elapsed().as_secs() < 30);
    // A window or period beyond the series is too little data, not an overflow.
    assert!(matches!(
        MovingAverage::new(usize::MAX).unwrap().fit_slice(&y),
        Err(ArimaError::NotEnoughData {
            needed: usize::MAX,
            ..
        })
    ));
    assert!(matches!(
        SeasonalNaive::new(usize::MAX).unwrap().fit_slice(&y),
        Err(ArimaError::NotEnoughData { .. })
    ));
    assert!(matches!(
        seasonal_strength(&y, usize::MAX),
        Err(ArimaError::NotEnoughData { .. })
    ));
}

#[test]
fn slice_inputs_reject_values_beyond_the_data_limit() {
    let mut y = SALES.to_vec();
    y[3] = 1e151;
    fn too_large<T>(r: forecast_arima::Result<T>) -> bool {
        matches!(
            r,
            Err(ArimaError::Core(CoreError::TooLarge { index: 3, max, .. })) if max == MAX_ABS_VALUE
        )
    }
    assert!(too_large(Arima::new(1, 1, 1).fit_slice(&y)));
    assert!(too_large(Arima::new(1, 1, 1).fit_with_missing(&y)));
    assert!(too_large(AutoArima::default().fit_slice(&y)));
    assert!(too_large(SimpleExpSmoothing::default().fit_slice(&y)));
    assert!(too_large(Holt::default().fit_slice(&y)));
    assert!(too_large(MovingAverage::new(2).unwrap().fit_slice(&y)));
    assert!(too_large(SeasonalNaive::naive().fit_slice(&y)));
    assert!(too_large(Differencing::new(1, 0, 1).unwrap().apply(&y)));
    assert!(too_large(seasonal_strength(&y, 2)));
    assert!(too_large(score(&y, &SALES, &SALES, 1)));
    assert!(too_large(score(&SALES, &y, &SALES, 1)));
    assert!(too_large(score(&SALES, &SALES, &y, 1)));
    assert!(kpss_statistic(&y, 1).is_none());
    assert_eq!(ndiffs(&y, 0.05, 2), 0);
    // The limit itself is accepted.
    y[3] = MAX_ABS_VALUE;
    assert!(Arima::new(0, 1, 1).fit_slice(&y).is_ok());
    // NaN in the training data is a missing observation; in a forecast it is an error.
    assert!(matches!(
        score(&SALES, &SALES, &[1.0, f64::INFINITY], 1),
        Err(ArimaError::NonFinite { index: 1, .. })
    ));
    let mut forecast = SALES.to_vec();
    forecast[1] = f64::NAN;
    assert!(matches!(
        score(&SALES, &forecast, &SALES, 1),
        Err(ArimaError::NonFinite { index: 1, .. })
    ));
    assert_eq!(mase_scale(&[1.0, f64::INFINITY, 2.0], 1), None);
}
