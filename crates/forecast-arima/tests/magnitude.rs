//! Series at 1e-100, 1e100 and 1e150 scales give the reference answers rescaled (the fits run
//! on an exact power-of-two rescaling), or a typed error; never inf or NaN.

mod common;

use ecom_core::TimeSeries;
use ecom_testing::{assert_all_close, assert_close};
use forecast_arima::{
    Arima, ArimaError, AutoArima, Backtest, Holt, MAX_HORIZON, MovingAverage, Order, SeasonalNaive,
    SimpleExpSmoothing, kpss_statistic, ndiffs, score, seasonal_strength,
};

/// Factors that put the series' largest value near 1e-100, 1e100 and (just under) 1e150.
fn scales(y: &[f64]) -> [f64; 3] {
    let max = y
        .iter()
        .filter(|v| !v.is_nan())
        .fold(0.0f64, |m, v| m.max(v.abs()));
    [1e-100 / max, 1e100 / max, 0.999e150 / max]
}

fn times(y: &[f64], s: f64) -> Vec<f64> {
    y.iter().map(|v| v * s).collect()
}

/// Every fixed-order fixture case (statsmodels exact ML), fitted at each scale: the
/// log-likelihood moves by exactly −n*·ln(s) (σ² by s²), and the well-identified cases'
/// coefficients, σ² and forecasts are the reference ones rescaled, at the tolerances of
/// `tests/fixed_order.rs`.
#[test]
fn fixture_cases_at_extreme_scales_match_statsmodels_rescaled() {
    let mut compared = 0;
    for f in common::all() {
        let y = f.y();
        for case in &f.cases {
            for s in scales(&y) {
                let what = format!("{} x{s:e}", case.label(&f.series));
                let fit = case
                    .spec()
                    .fit_with_missing(&times(&y, s))
                    .unwrap_or_else(|e| panic!("{what}: {e}"));
                let shift = fit.nobs_effective() as f64 * s.ln();
                let ll = fit.loglik() + shift;
                assert!(
                    ll >= case.loglik - 1e-3 * case.loglik.abs(),
                    "{what}: loglik {ll} vs {}",
                    case.loglik
                );
                let aic = fit.aic().unwrap() - 2.0 * shift;
                assert!(aic <= case.aic + 1e-3 * case.aic.abs(), "{what}: aic {aic}");
                assert!(fit.residuals().iter().all(|e| e.is_nan() || e.is_finite()));
                assert!(fit.fitted().iter().all(|v| v.is_finite()));
                if !case.well_identified() {
                    continue;
                }
                compared += 1;
                assert_close(fit.loglik() + shift, case.loglik, 1e-3, 0.0, &what);
                assert_close(fit.sigma2() / (s * s), case.sigma2, 1e-2, 0.0, &what);
                let c = fit.coefficients();
                assert_all_close(&c.ar, &case.coefficients.ar, 0.0, 1e-2, &what);
                assert_all_close(&c.ma, &case.coefficients.ma, 0.0, 1e-2, &what);
                if let (Some(a), Some(b)) = (c.constant, case.coefficients.constant) {
                    assert_close(a / s, b, 1e-2, 0.0, &what);
                }
                let p = fit.predict(case.forecast_mean.len()).unwrap();
                assert_all_close(
                    &times(&p.mean, 1.0 / s),
                    &case.forecast_mean,
                    1e-2,
                    0.0,
                    &what,
                );
                assert_all_close(&times(&p.se, 1.0 / s), &case.forecast_se, 2e-2, 0.0, &what);
                let fc = fit.forecast(p.mean.len(), &[95.0]).unwrap();
                assert_all_close(
                    &times(&fc.intervals[0].upper, 1.0 / s),
                    &case.upper_95,
                    1e-2,
                    0.0,
                    &what,
                );
            }
        }
    }
    assert_eq!(compared, 13 * 3);
}

#[test]
fn auto_arima_at_extreme_scales_chooses_the_reference_model() {
    // Nile: statsforecast and pmdarima choose ARIMA(1,1,1), AICc 1267.53.
    let y = common::load("nile").y();
    for s in scales(&y) {
        let report = AutoArima::default().search(&times(&y, s), 1).unwrap();
        let fit = &report.model;
        assert_eq!(fit.order(), Order::new(1, 1, 1), "x{s:e}");
        let aicc = fit.aicc().unwrap() - 2.0 * fit.nobs_effective() as f64 * s.ln();
        assert!(aicc <= 1267.53 && aicc > 1267.45, "x{s:e}: {aicc}");
        // Candidates are reported on the data's scale too.
        let best = report
            .candidates
            .iter()
            .map(|c| c.ic)
            .fold(f64::INFINITY, f64::min);
        assert!(
            (best - fit.aicc().unwrap()).abs() < 1e-6 * best.abs(),
            "x{s:e}"
        );
        let f = fit.forecast(24, &[80.0, 95.0]).unwrap();
        assert!(
            f.mean
                .iter()
                .chain(&f.intervals[1].upper)
                .all(|v| v.is_finite())
        );
    }
}

#[test]
fn baselines_at_extreme_scales_match_their_references_rescaled() {
    let f = common::load("seed_notes_10day");
    let b = f.baselines.as_ref().unwrap();
    let y = f.y();
    for s in scales(&y) {
        let ys = times(&y, s);
        // statsmodels: SSE 224.4 at the optimum.
        let ses = SimpleExpSmoothing::default().fit_slice(&ys).unwrap();
        assert_close(ses.sse() / (s * s), b.ses.sse, 1e-4, 0.0, "SES sse");
        let ma = MovingAverage::new(3).unwrap().fit_slice(&ys).unwrap();
        assert_close(ma.level() / s, b.moving_average_3.forecast, 1e-9, 0.0, "MA");
        assert_close(ma.rmse() / s, b.moving_average_3.rmse, 1e-9, 0.0, "MA rmse");
        let holt = Holt::default().fit_slice(&ys).unwrap();
        let unscaled = Holt::default().fit_slice(&y).unwrap();
        assert_close(holt.sse() / (s * s), unscaled.sse(), 1e-6, 0.0, "Holt sse");
        for fc in [
            ses.forecast(MAX_HORIZON, &[95.0]).unwrap(),
            holt.forecast(MAX_HORIZON, &[95.0]).unwrap(),
            ma.forecast(MAX_HORIZON, &[95.0]).unwrap(),
            SeasonalNaive::new(3)
                .unwrap()
                .fit_slice(&ys)
                .unwrap()
                .forecast(MAX_HORIZON, &[95.0])
                .unwrap(),
        ] {
            let iv = &fc.intervals[0];
            assert!(
                fc.mean
                    .iter()
                    .chain(&iv.lower)
                    .chain(&iv.upper)
                    .all(|v| v.is_finite())
            );
            assert!(
                (0..MAX_HORIZON).all(|k| iv.lower[k] <= fc.mean[k] && fc.mean[k] <= iv.upper[k])
            );
        }
    }
}

#[test]
fn tests_and_scores_are_scale_free() {
    let y = common::load("airpassengers").y();
    let base_kpss = kpss_statistic(&y, 4).unwrap();
    let base_strength = seasonal_strength(&y, 12).unwrap();
    let base_d = ndiffs(&y, 0.05, 2);
    let ts = TimeSeries::new(y.clone()).unwrap();
    let base_bt = Backtest::new(12)
        .with_windows(3)
        .run(&SeasonalNaive::new(12).unwrap(), &ts)
        .unwrap()
        .metrics;
    for s in scales(&y) {
        let ys = times(&y, s);
        assert_close(
            kpss_statistic(&ys, 4).unwrap(),
            base_kpss,
            1e-9,
            0.0,
            "kpss",
        );
        assert_close(
            seasonal_strength(&ys, 12).unwrap(),
            base_strength,
            1e-9,
            0.0,
            "F_s",
        );
        assert_eq!(ndiffs(&ys, 0.05, 2), base_d);
        let bt = Backtest::new(12)
            .with_windows(3)
            .run(
                &SeasonalNaive::new(12).unwrap(),
                &TimeSeries::new(ys).unwrap(),
            )
            .unwrap()
            .metrics;
        assert_close(bt.mae / s, base_bt.mae, 1e-9, 0.0, "mae");
        assert_close(bt.rmse / s, base_bt.rmse, 1e-9, 0.0, "rmse");
        assert_close(bt.mape.unwrap(), base_bt.mape.unwrap(), 1e-9, 0.0, "mape");
        assert_close(bt.smape, base_bt.smape, 1e-9, 0.0, "smape");
        assert_close(bt.mase.unwrap(), base_bt.mase.unwrap(), 1e-9, 0.0, "mase");
    }
    // Errors near the largest finite value: RMSE without overflow in the squares.
    let m = score(&[1e150, -1e150], &[-1e150, 1e150], &[1.0, 2.0], 1).unwrap();
    assert_eq!((m.mae, m.rmse), (2e150, 2e150));
    // A percentage error too large to represent leaves MAPE undefined, not infinite.
    let m = score(&[1e-310, 5.0], &[1.0, 5.0], &[1.0, 2.0], 1).unwrap();
    assert_eq!(m.mape, None);
    assert!(m.smape.is_finite() && m.mae.is_finite());
}

#[test]
fn results_beyond_f64_are_a_typed_error() {
    // Forty differences extrapolate a degree-39 polynomial: at 1e150 the forecasts leave f64.
    let y: Vec<f64> = (0..80)
        .map(|t| 1e150 * (((t * 37) % 23) as f64 / 23.0 - 0.5))
        .collect();
    let outcome = Arima::new(0, 40, 0)
        .fit_slice(&y)
        .and_then(|fit| fit.forecast(MAX_HORIZON, &[95.0]));
    match outcome {
        Err(ArimaError::Overflow { .. }) => {}
        Ok(f) => panic!(
            "expected an overflow, got a forecast ending {:?}",
            f.mean.last()
        ),
        Err(e) => panic!("expected an overflow, got {e}"),
    }
    // An ordinary integrated model at 1e150 over the longest horizon stays finite.
    let rw: Vec<f64> = (0..80)
        .map(|t| 1e148 * (t as f64 + ((t * 7) % 5) as f64))
        .collect();
    let f = Arima::new(0, 2, 1)
        .fit_slice(&rw)
        .unwrap()
        .forecast(MAX_HORIZON, &[95.0])
        .unwrap();
    assert!(
        f.mean
            .iter()
            .chain(&f.intervals[0].upper)
            .all(|v| v.is_finite())
    );
}
