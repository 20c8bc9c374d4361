//! Rolling-origin backtests and the parallel batch API.

mod common;

use ecom_core::TimeSeries;
use forecast_arima::{
    Arima, ArimaError, AutoArima, Backtest, DEFAULT_LEVELS, Forecaster, MovingAverage,
    SeasonalNaive, SimpleExpSmoothing, fit_batch, forecast_batch, score,
};

fn airpassengers() -> TimeSeries {
    TimeSeries::new(common::load("airpassengers_log").y())
        .unwrap()
        .with_period(12)
        .unwrap()
}

#[test]
fn backtest_metrics_equal_a_manual_computation() {
    let y = airpassengers();
    let v = y.values();
    let report = Backtest::new(6)
        .with_windows(4)
        .with_step(3)
        .run(&SeasonalNaive::new(12).unwrap(), &y)
        .unwrap();
    assert_eq!(
        report.folds.iter().map(|f| f.origin).collect::<Vec<_>>(),
        vec![129, 132, 135, 138]
    );
    let mut abs = Vec::new();
    let mut scaled = Vec::new();
    for fold in &report.folds {
        let train = &v[..fold.origin];
        let scale: f64 = (12..train.len())
            .map(|t| (train[t] - train[t - 12]).abs())
            .sum::<f64>()
            / (train.len() - 12) as f64;
        for k in 0..6 {
            let f = train[fold.origin - 12 + k];
            assert_eq!(fold.forecast.mean[k], f);
            assert_eq!(fold.actual[k], v[fold.origin + k]);
            abs.push((v[fold.origin + k] - f).abs());
            scaled.push((v[fold.origin + k] - f).abs() / scale);
        }
    }
    let mae = abs.iter().sum::<f64>() / abs.len() as f64;
    let mase = scaled.iter().sum::<f64>() / scaled.len() as f64;
    assert!((report.metrics.mae - mae).abs() < 1e-12);
    assert!((report.metrics.mase.unwrap() - mase).abs() < 1e-12);
    assert_eq!(report.metrics.n, 24);
    assert_eq!(report.by_horizon.len(), 6);
    assert!(report.by_horizon.iter().all(|m| m.n == 4));
}

#[test]
fn arima_beats_the_baselines_on_log_airpassengers() {
    let y = airpassengers();
    let bt = Backtest::new(12).with_windows(3).with_step(12);
    let airline = bt
        .run(&Arima::new(0, 1, 1).with_seasonal(0, 1, 1, 12), &y)
        .unwrap()
        .metrics;
    let snaive = bt
        .run(&SeasonalNaive::new(12).unwrap(), &y)
        .unwrap()
        .metrics;
    let ses = bt.run(&SimpleExpSmoothing::default(), &y).unwrap().metrics;
    let ma = bt.run(&MovingAverage::new(3).unwrap(), &y).unwrap().metrics;
    assert!(
        airline.mase.unwrap() < snaive.mase.unwrap(),
        "{airline:?} vs {snaive:?}"
    );
    assert!(airline.rmse < ses.rmse && airline.rmse < ma.rmse);
    assert!(airline.smape > 0.0 && airline.mape.unwrap() > 0.0);
}

#[test]
fn rolling_windows_train_on_the_latest_data_only() {
    let y = airpassengers();
    let v = y.values();
    let ma = MovingAverage::new(3).unwrap();
    let report = Backtest::new(1)
        .with_windows(2)
        .with_rolling(30)
        .run(&ma, &y)
        .unwrap();
    let fold = &report.folds[0];
    // The interval width comes from in-sample errors, so it tells which data were used.
    let window = ma
        .fit_slice(&v[fold.origin - 30..fold.origin])
        .unwrap()
        .forecast(1, &DEFAULT_LEVELS)
        .unwrap();
    let expanding = ma
        .fit_slice(&v[..fold.origin])
        .unwrap()
        .forecast(1, &DEFAULT_LEVELS)
        .unwrap();
    assert_eq!(fold.forecast, window);
    assert_ne!(fold.forecast, expanding);
}

#[test]
fn batch_results_are_in_order_with_one_error_per_bad_series() {
    let good = airpassengers();
    let series = vec![
        good.clone(),
        TimeSeries::new(vec![4.0; 50]).unwrap(),
        good.slice(0..60).unwrap(),
        TimeSeries::new(vec![1.0]).unwrap(),
    ];
    let spec = AutoArima::default();
    let out = forecast_batch(&spec, &series, 12, &DEFAULT_LEVELS);
    assert_eq!(out.len(), 4);
    assert!(out[0].is_ok() && out[2].is_ok());
    // A constant series is forecast flat with zero-width intervals (R, statsmodels); one
    // observation is too few for any model.
    let flat = out[1].as_ref().unwrap();
    assert_eq!(flat.mean, vec![4.0; 12]);
    assert!(
        flat.intervals
            .iter()
            .all(|i| i.lower == flat.mean && i.upper == flat.mean)
    );
    assert!(matches!(out[3], Err(ArimaError::NotEnoughData { .. })));
    // Same as one at a time.
    let single = spec
        .fit_series(&series[2])
        .unwrap()
        .forecast(12, &DEFAULT_LEVELS)
        .unwrap();
    assert_eq!(out[2].as_ref().unwrap(), &single);
    let fits = fit_batch(
        &Arima::new(0, 1, 1).with_seasonal(0, 1, 1, 12),
        &series[..1],
    );
    assert!((fits[0].as_ref().unwrap().loglik() - 244.6965).abs() < 1e-3);
}

#[test]
fn batch_results_do_not_depend_on_the_thread_count() {
    let base = common::load("wineind").y();
    let series: Vec<TimeSeries> = (0..6)
        .map(|k| {
            let v: Vec<f64> = base.iter().skip(k * 4).copied().collect();
            TimeSeries::new(v).unwrap().with_period(12).unwrap()
        })
        .collect();
    let run = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| forecast_batch(&AutoArima::default(), &series, 6, &[90.0]))
    };
    let one = run(1);
    let two = run(2);
    for (a, b) in one.iter().zip(&two) {
        assert_eq!(a.as_ref().unwrap(), b.as_ref().unwrap());
    }
}

#[test]
fn score_handles_intermittent_demand() {
    let m = score(&[0.0, 0.0, 3.0], &[0.0, 1.0, 2.0], &[0.0, 2.0, 0.0, 4.0], 1).unwrap();
    assert!((m.mape.unwrap() - 100.0 / 3.0).abs() < 1e-12);
    assert!((m.smape - (0.0 + 200.0 + 40.0) / 3.0).abs() < 1e-12);
    let all_zero = score(&[0.0, 0.0], &[1.0, 0.0], &[0.0, 0.0, 0.0], 1).unwrap();
    assert!(score(&[], &[], &[1.0, 2.0], 1).is_err());
    assert!(score(&[1.0], &[1.0, 2.0], &[1.0, 2.0], 1).is_err());
    assert!(score(&[f64::NAN], &[1.0], &[1.0, 2.0], 1).is_err());
    assert!(forecast_arima::seasonal_strength(&[1.0; 10], 1).is_err());
    assert!(forecast_arima::seasonal_strength(&[1.0; 10], 7).is_err());
    assert_eq!(all_zero.mape, None);
    assert_eq!(all_zero.mase, None);
}
