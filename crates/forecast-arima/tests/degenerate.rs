//! Constant, all-zero and exactly reproduced series: a flat (or exact) forecast with
//! zero-width intervals and a note, as R's `auto.arima` / `Arima` and statsmodels give, not an
//! error. Also: exact ML restarted from a fallback start, noted on the model.

use ecom_core::{Forecast, TimeSeries};
use forecast_arima::{
    Arima, AutoArima, Backtest, FitNote, FittedModel, Forecaster, Holt, Method, MlStart,
    MovingAverage, Order, SeasonalNaive, SimpleExpSmoothing, Trend,
};
use proptest::prelude::*;

/// Means equal `want`, every interval has zero width and is finite.
fn assert_exact(f: &Forecast, want: &[f64]) {
    assert_eq!(f.mean.len(), want.len());
    for (m, w) in f.mean.iter().zip(want) {
        assert!((m - w).abs() <= 1e-9 * w.abs().max(1.0), "{m} vs {w}");
    }
    for i in &f.intervals {
        for k in 0..want.len() {
            assert!(i.lower[k].is_finite() && i.upper[k].is_finite());
            assert!(i.lower[k] <= f.mean[k] && f.mean[k] <= i.upper[k]);
            assert_eq!(i.upper[k] - i.lower[k], 0.0);
        }
    }
}

#[test]
fn auto_arima_on_a_constant_series_is_a_mean_model_with_zero_variance() {
    // R: auto.arima(rep(4, 30)) is ARIMA(0,0,0) with non-zero mean 4, sigma^2 = 0.
    let fit = AutoArima::default().fit_slice(&[4.0; 30]).unwrap();
    assert_eq!(fit.order(), Order::new(0, 0, 0));
    assert_eq!(fit.trend(), Trend::Constant);
    assert_eq!(fit.coefficients().constant, Some(4.0));
    assert_eq!(fit.sigma2(), 0.0);
    assert_eq!(fit.notes(), &[FitNote::ConstantSeries { value: 4.0 }]);
    // Unbounded likelihood: f64::MAX, no criteria.
    assert_eq!(fit.loglik(), f64::MAX);
    assert!(fit.information_criteria().is_none() && fit.aicc().is_none());
    assert!(fit.residuals().iter().all(|e| *e == 0.0));
    assert!(fit.fitted().iter().all(|v| *v == 4.0));
    assert_exact(&fit.forecast(7, &[80.0, 95.0]).unwrap(), &[4.0; 7]);
    assert_eq!(fit.predict_total(3).unwrap(), (12.0, 0.0));
    // Daily data with a weekly period, and an all-zero series, the same way.
    let y = TimeSeries::new(vec![0.0; 28])
        .unwrap()
        .with_period(7)
        .unwrap();
    let fit = AutoArima::default().fit(&y).unwrap();
    assert_eq!(fit.notes(), &[FitNote::ConstantSeries { value: 0.0 }]);
    assert_exact(&fit.forecast(14, &[95.0]).unwrap(), &[0.0; 14]);
}

#[test]
fn auto_arima_on_a_straight_line_is_a_random_walk_with_drift() {
    // R: auto.arima on 2 + 0.5 t picks d = 1, then the constant differences give
    // ARIMA(0,1,0) with drift 0.5 and sigma^2 = 0.
    let line: Vec<f64> = (0..40).map(|t| 2.0 + 0.5 * t as f64).collect();
    let report = AutoArima::default().search(&line, 1).unwrap();
    let fit = &report.model;
    assert_eq!(report.d, 1);
    assert_eq!(fit.order(), Order::new(0, 1, 0));
    assert_eq!(fit.trend(), Trend::Drift);
    assert!((fit.coefficients().drift.unwrap() - 0.5).abs() < 1e-12);
    assert_eq!(fit.notes(), &[FitNote::ExactFit]);
    let want: Vec<f64> = (40..45).map(|t| 2.0 + 0.5 * t as f64).collect();
    assert_exact(&fit.forecast(5, &[80.0, 95.0]).unwrap(), &want);
    assert!(report.candidates.is_empty());
}

#[test]
fn fixed_order_models_reproduce_data_their_differencing_explains() {
    // A constant series differences to zeros.
    let fit = Arima::new(1, 1, 1).fit_slice(&[7.0; 20]).unwrap();
    assert_eq!(fit.notes(), &[FitNote::ConstantSeries { value: 7.0 }]);
    assert_eq!(fit.coefficients().ar, vec![0.0]);
    assert_exact(&fit.forecast(4, &[95.0]).unwrap(), &[7.0; 4]);
    // With a mean, d = 0.
    let fit = Arima::new(1, 0, 1)
        .with_trend(Trend::Constant)
        .fit_slice(&[-3.5; 15])
        .unwrap();
    assert_eq!(fit.coefficients().constant, Some(-3.5));
    assert_exact(&fit.forecast(3, &[80.0]).unwrap(), &[-3.5; 3]);
    // All zeros need no mean.
    let fit = Arima::new(2, 0, 1).fit_slice(&[0.0; 25]).unwrap();
    assert_exact(&fit.forecast(3, &[80.0]).unwrap(), &[0.0; 3]);
    // A season repeated exactly, with a seasonal difference: the forecast repeats it.
    let season = [10.0, 14.0, 9.0, 12.0];
    let y: Vec<f64> = (0..24).map(|t| season[t % 4]).collect();
    let fit = Arima::new(0, 0, 1)
        .with_seasonal(0, 1, 1, 4)
        .fit_slice(&y)
        .unwrap();
    assert_eq!(fit.notes(), &[FitNote::ExactFit]);
    assert_exact(
        &fit.forecast(6, &[95.0]).unwrap(),
        &[10.0, 14.0, 9.0, 12.0, 10.0, 14.0],
    );
    // CSS as well.
    let fit = Arima::new(1, 1, 0)
        .with_method(Method::Css)
        .fit_slice(&[2.0; 12])
        .unwrap();
    assert_exact(&fit.forecast(2, &[95.0]).unwrap(), &[2.0; 2]);
}

#[test]
fn a_constant_series_with_gaps_is_reproduced_too() {
    let mut y = vec![5.0; 30];
    for t in [3, 10, 29] {
        y[t] = f64::NAN;
    }
    let fit = Arima::new(1, 1, 0).fit_with_missing(&y).unwrap();
    assert_eq!(fit.notes(), &[FitNote::ConstantSeries { value: 5.0 }]);
    assert!(fit.residuals()[10].is_nan() && fit.residuals()[11] == 0.0);
    assert!(fit.fitted().iter().all(|v| *v == 5.0));
    assert_exact(&fit.forecast(3, &[95.0]).unwrap(), &[5.0; 3]);
}

#[test]
fn a_seasonal_pattern_with_a_gap_is_reproduced_exactly() {
    // Seasonal differencing explains the data exactly; the differences that touch the gap
    // are undefined, not evidence against the fit (this used to end in "no suitable ARIMA
    // model found").
    let pattern = |t: usize| 10.0 + (t % 7) as f64;
    let mut y: Vec<f64> = (0..60).map(pattern).collect();
    y[20] = f64::NAN;
    let want: Vec<f64> = (60..67).map(pattern).collect();
    let fixed = Arima::new(0, 0, 0)
        .with_seasonal(0, 1, 0, 7)
        .fit_with_missing(&y)
        .unwrap();
    assert_eq!(fixed.notes(), &[FitNote::ExactFit]);
    assert_exact(&fixed.forecast(7, &[95.0]).unwrap(), &want);
    let series = TimeSeries::with_missing(y).unwrap().with_period(7).unwrap();
    let auto = AutoArima::default().fit_series(&series).unwrap();
    assert!(
        auto.notes().contains(&FitNote::ExactFit),
        "{:?}",
        auto.notes()
    );
    assert_exact(&auto.forecast(7, &[80.0, 95.0]).unwrap(), &want);
}

#[test]
fn baselines_on_constant_series() {
    for c in [0.0, 12.5] {
        let y = vec![c; 20];
        let note = [FitNote::ConstantSeries { value: c }];
        let ses = SimpleExpSmoothing::default().fit_slice(&y).unwrap();
        assert_eq!(ses.notes(), &note);
        assert_eq!(ses.sse(), 0.0);
        assert_exact(&ses.forecast(5, &[80.0, 95.0]).unwrap(), &[c; 5]);
        let holt = Holt::default().fit_slice(&y).unwrap();
        assert_eq!(holt.notes(), &note);
        assert_eq!(holt.state(), (c, 0.0));
        assert_exact(&holt.forecast(5, &[80.0, 95.0]).unwrap(), &[c; 5]);
        let ma = MovingAverage::new(3).unwrap().fit_slice(&y).unwrap();
        assert_eq!(ma.notes(), &note);
        assert_eq!(ma.rmse(), 0.0);
        assert_exact(&ma.forecast(5, &[80.0, 95.0]).unwrap(), &[c; 5]);
        for m in [SeasonalNaive::new(4).unwrap(), SeasonalNaive::naive()] {
            let fit = m.fit_slice(&y).unwrap();
            assert_eq!(fit.notes(), &note);
            // Through the trait as well.
            assert_eq!(FittedModel::notes(&fit), &note);
            assert_exact(&fit.forecast(5, &[80.0, 95.0]).unwrap(), &[c; 5]);
        }
    }
}

#[test]
fn backtests_of_constant_and_all_zero_series() {
    let y = TimeSeries::new(vec![5.0; 40]).unwrap();
    let report = Backtest::new(4)
        .with_windows(3)
        .run(&AutoArima::default(), &y)
        .unwrap();
    let m = report.metrics;
    assert_eq!((m.mae, m.rmse, m.smape), (0.0, 0.0, 0.0));
    assert_eq!(m.mape, Some(0.0));
    // The naive scale is 0: MASE undefined.
    assert_eq!(m.mase, None);
    // All zero: MAPE undefined as well (every actual is 0), never NaN.
    let zeros = TimeSeries::new(vec![0.0; 40]).unwrap();
    let m = Backtest::new(4)
        .with_windows(3)
        .run(&SimpleExpSmoothing::default(), &zeros)
        .unwrap()
        .metrics;
    assert_eq!(
        (m.mae, m.rmse, m.smape, m.mape, m.mase),
        (0.0, 0.0, 0.0, None, None)
    );
}

/// The zero-mean AR(4) on a triply integrated series: its CSS estimates sit where the
/// stationary variance exceeds what the likelihood is evaluated at, so exact ML from them
/// fails (this used to be `ArimaError::Numerical`) and restarts from the plain-ML start. The
/// estimates are then exactly those of `Method::Ml`.
#[test]
fn exact_ml_restarts_from_the_default_start_when_the_css_start_fails() {
    let mut s: u64 = 1;
    let mut noise = || {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (s >> 11) as f64 / (1u64 << 53) as f64 - 0.5
    };
    for _ in 0..81 {
        noise();
    }
    let mut y: Vec<f64> = (0..42).map(|_| noise()).collect();
    for _ in 0..3 {
        let mut acc = 0.0;
        for v in y.iter_mut() {
            acc += *v;
            *v = acc;
        }
    }
    let cssml = Arima::new(4, 0, 0).fit_slice(&y).unwrap();
    assert_eq!(
        cssml.notes(),
        &[FitNote::MlRestarted {
            start: MlStart::Default
        }]
    );
    let ml = Arima::new(4, 0, 0)
        .with_method(Method::Ml)
        .fit_slice(&y)
        .unwrap();
    assert!(ml.notes().is_empty());
    assert_eq!(cssml.coefficients(), ml.coefficients());
    assert_eq!(cssml.loglik(), ml.loglik());
    assert!(cssml.forecast(5, &[95.0]).is_ok());
    // The note reads as a sentence for the CLI.
    assert!(cssml.notes()[0].to_string().contains("restarted"));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any constant, at any magnitude the data limit allows, is forecast flat by every model.
    #[test]
    fn every_model_forecasts_a_constant_flat(
        mantissa in -10.0f64..10.0, exp in -100i32..149, n in 8usize..60, h in 1usize..30,
    ) {
        let c = mantissa * 10f64.powi(exp);
        let y = TimeSeries::new(vec![c; n]).unwrap();
        let levels = [80.0, 95.0];
        let check = |f: Forecast| -> Result<(), TestCaseError> {
            prop_assert_eq!(f.mean.len(), h);
            for i in &f.intervals {
                for k in 0..h {
                    prop_assert_eq!(f.mean[k], c);
                    prop_assert_eq!(i.lower[k], c);
                    prop_assert_eq!(i.upper[k], c);
                }
            }
            Ok(())
        };
        check(AutoArima::default().fit_forecast(&y, h, &levels).unwrap())?;
        check(Arima::new(1, 1, 1).fit_forecast(&y, h, &levels).unwrap())?;
        check(Arima::new(0, 0, 1).with_trend(Trend::Constant).fit_forecast(&y, h, &levels).unwrap())?;
        check(SimpleExpSmoothing::default().fit_forecast(&y, h, &levels).unwrap())?;
        check(Holt::default().fit_forecast(&y, h, &levels).unwrap())?;
        check(MovingAverage::new(3).unwrap().fit_forecast(&y, h, &levels).unwrap())?;
        check(SeasonalNaive::new(4).unwrap().fit_forecast(&y, h, &levels).unwrap())?;
    }
}
