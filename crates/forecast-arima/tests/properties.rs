//! Invariants over random series: no panics, finite forecasts, nested intervals, round trips.

mod common;

use common::cases::{FIT_CASES, model_case, series};
use common::roundtrip::{assert_same_arima, reload};
use forecast_arima::{Arima, AutoArima, Differencing, Holt, LevelInit, Method, SimpleExpSmoothing};
use proptest::prelude::*;

fn check_forecast(f: &ecom_core::Forecast, h: usize) -> Result<(), TestCaseError> {
    prop_assert_eq!(f.mean.len(), h);
    prop_assert!(f.mean.iter().all(|v| v.is_finite()));
    let (i80, i95) = (&f.intervals[0], &f.intervals[1]);
    for k in 0..h {
        prop_assert!(i80.lower[k].is_finite() && i95.upper[k].is_finite());
        prop_assert!(i95.lower[k] <= i80.lower[k] + 1e-9 && i80.lower[k] <= f.mean[k] + 1e-9);
        prop_assert!(f.mean[k] <= i80.upper[k] + 1e-9 && i80.upper[k] <= i95.upper[k] + 1e-9);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: FIT_CASES, failure_persistence: None, ..ProptestConfig::default() })]

    /// `tests/fit_sweep.rs` draws the same cases for many seeds.
    #[test]
    fn arima_fits_or_errors_and_forecasts_are_sane(y in series(), case in model_case()) {
        let spec = case.spec();
        // Too-short series are a typed error; anything else must fit.
        match spec.fit_slice(&y) {
            Ok(fit) => {
                prop_assert!(fit.loglik().is_finite() && fit.sigma2() > 0.0);
                check_forecast(&fit.forecast(8, &[80.0, 95.0]).unwrap(), 8)?;
                prop_assert_eq!(fit.residuals().len(), y.len());
                // The public likelihood at the estimates reproduces the fit's log-likelihood.
                let ll = spec.log_likelihood(&y, fit.coefficients()).unwrap();
                prop_assert!((ll - fit.loglik()).abs() <= 1e-8 * fit.loglik().abs().max(1.0));
                // Saved and read back (the checks accept every fitted model), it forecasts
                // bit for bit as before; so do the ML and CSS fits of the same case.
                assert_same_arima(&fit, &reload(&fit), 8, "CSS-ML");
                for method in [Method::Ml, Method::Css] {
                    let other = spec.with_method(method).fit_slice(&y).unwrap();
                    assert_same_arima(&other, &reload(&other), 8, &format!("{method:?}"));
                }
            }
            Err(e) => prop_assert!(matches!(e, forecast_arima::ArimaError::NotEnoughData { .. }), "{e}"),
        }
    }

    #[test]
    fn differencing_round_trips(y in prop::collection::vec(-1e3f64..1e3, 30..60), d in 0usize..3, sd in 0usize..2) {
        let diff = Differencing::new(d, sd, 5).unwrap();
        let w = diff.apply(&y).unwrap();
        let back = diff.integrate(&y[..diff.lost()], &w).unwrap();
        for (a, b) in back.iter().zip(&y[diff.lost()..]) {
            prop_assert!((a - b).abs() <= 1e-6 * (1.0 + b.abs()));
        }
    }

    #[test]
    fn smoothing_stays_within_the_data(y in prop::collection::vec(0f64..100.0, 5..80)) {
        let fit = SimpleExpSmoothing::default().with_level_init(LevelInit::FirstObservation).fit_slice(&y).unwrap();
        let (lo, hi) = y.iter().fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(*v), b.max(*v)));
        prop_assert!(fit.level() >= lo - 1e-9 && fit.level() <= hi + 1e-9);
        prop_assert!((0.0..=1.0).contains(&fit.alpha()));
        check_forecast(&fit.forecast(5, &[80.0, 95.0]).unwrap(), 5)?;
        let holt = Holt::default().fit_slice(&y).unwrap();
        prop_assert!(holt.alpha() >= 0.0 && holt.alpha() <= 1.0 && holt.beta() <= holt.alpha() + 1e-12);
        check_forecast(&holt.forecast(5, &[80.0, 95.0]).unwrap(), 5)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn auto_arima_never_panics_and_gives_finite_intervals(
        y in series(), zeros in any::<bool>(),
    ) {
        // Optionally make it intermittent, like daily shop sales with closed days.
        let y: Vec<f64> = if zeros {
            y.iter().enumerate().map(|(t, v)| if t % 7 == 5 { 0.0 } else { v.abs() }).collect()
        } else {
            y
        };
        // Every series fits (constant ones exactly, with a note).
        let fit = AutoArima::default().with_period(4).fit_slice(&y);
        prop_assert!(fit.is_ok(), "{:?}", fit.err());
        let fit = fit.unwrap();
        check_forecast(&fit.forecast(10, &[80.0, 95.0]).unwrap(), 10)?;
        assert_same_arima(&fit, &reload(&fit), 10, "auto");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, failure_persistence: None, ..ProptestConfig::default() })]

    /// At any magnitude the data limit allows, fits succeed or fail with a typed error, and
    /// every number they report is finite.
    #[test]
    fn any_magnitude_gives_finite_results_or_a_typed_error(
        y in series(), case in model_case(), exp in -120i32..=147,
    ) {
        let s = 10f64.powi(exp);
        let ys: Vec<f64> = y.iter().map(|v| v * s).collect();
        prop_assume!(ys.iter().all(|v| v.abs() <= ecom_core::MAX_ABS_VALUE && *v != 0.0));
        let finite = |v: &[f64]| v.iter().all(|x| x.is_finite());
        match case.spec().fit_slice(&ys) {
            Ok(fit) => {
                prop_assert!(fit.loglik().is_finite() && fit.sigma2().is_finite());
                prop_assert!(finite(fit.residuals()) && finite(fit.fitted()));
                for v in [fit.aic(), fit.aicc(), fit.bic()].into_iter().flatten() {
                    prop_assert!(v.is_finite());
                }
                match fit.forecast(50, &[80.0, 95.0]) {
                    Ok(f) => check_forecast(&f, 50)?,
                    Err(e) => prop_assert!(matches!(e, forecast_arima::ArimaError::Overflow { .. }), "{e}"),
                }
            }
            Err(e) => prop_assert!(
                matches!(e, forecast_arima::ArimaError::NotEnoughData { .. } | forecast_arima::ArimaError::Overflow { .. }),
                "{e}"
            ),
        }
        let ts = ecom_core::TimeSeries::new(ys).unwrap();
        if let Ok(r) = forecast_arima::Backtest::new(4).with_windows(2).run(&Holt::default(), &ts) {
            let m = r.metrics;
            prop_assert!(m.mae.is_finite() && m.rmse.is_finite() && m.smape.is_finite());
            prop_assert!(m.mape.is_none_or(f64::is_finite) && m.mase.is_none_or(f64::is_finite));
        }
    }
}

/// A case the random search above found: a zero-mean ARIMA(2,0,1) by CSS-ML on data around 330
/// ends near a unit root. The fit used to fail (`Numerical`) because the full initial state
/// covariance came from a dense autocovariance solve that is not positive definite there; it
/// is now built on the same first row the likelihood uses.
#[test]
fn zero_mean_arma_on_level_data_near_the_unit_root_fits() {
    let y = [
        331.50705633425616,
        331.8425440945451,
        326.6148858725674,
        332.6172394401797,
        329.32364219789844,
        332.89936751443634,
        329.3726146687643,
        327.9752586403446,
        331.84551976317124,
        332.58199004415434,
        329.53441684224407,
        329.2909758042938,
        330.18624493141306,
        331.5638542854201,
        327.601149037706,
        330.6879446261053,
        331.306279456433,
        333.27094797233235,
        328.08654984558035,
        327.8987102096951,
        332.73963534359365,
        332.37994447690176,
        325.1519937357829,
        330.80811911746497,
        331.1160079205931,
        330.7033167863735,
        331.53666694811847,
        325.2971594652046,
        335.41465912697623,
        326.7714192840324,
        331.0970974225668,
        329.1844472380138,
        331.1486503929501,
        331.461040276932,
        327.97869214750926,
        330.79066498515834,
        331.4279309431111,
        330.6832189551668,
        330.8277097457043,
        325.83683139771887,
        333.5246634239176,
        328.86524081401836,
        332.5158182773054,
        326.29601123977034,
        334.2390559744919,
    ];
    let fit = Arima::new(2, 0, 1).fit_slice(&y).expect("fits");
    assert!(fit.loglik().is_finite() && fit.sigma2() > 0.0);
    check_forecast(&fit.forecast(8, &[80.0, 95.0]).unwrap(), 8).unwrap();
    let ll = Arima::new(2, 0, 1)
        .log_likelihood(&y, fit.coefficients())
        .unwrap();
    assert!((ll - fit.loglik()).abs() <= 1e-8 * fit.loglik().abs().max(1.0));
}

/// `PROPTEST_RNG_SEED=17`: a zero-mean ARIMA(2,0,2) by CSS-ML on data around 450. Exact ML
/// from the CSS estimates used to run into AR roots within 1e-12 of ±1, where the stationary
/// variance is 1.8e16·σ², rounding noise dominates the likelihood, and the covariance-form
/// filter that computed residuals broke down (`Numerical`). The likelihood is now evaluated
/// only where it is accurate, and residuals come from the likelihood's own recursion.
#[test]
fn zero_mean_arma22_on_level_data_fits_and_residuals_match_the_likelihood() {
    let y = [
        464.919602813373,
        463.4798228686822,
        466.52831681232374,
        468.4252889536637,
        467.78586984450453,
        466.7406319926779,
        469.5280333686534,
        468.92706348498336,
        467.52972728330815,
        465.1121374945693,
        465.8516333300477,
        464.75045590228194,
        460.4629507873064,
        457.133572959139,
        459.46466974450755,
        461.7446858760657,
        460.4728057607923,
        457.91543834687087,
        459.29973834582387,
        459.81237805051506,
        456.94078518419826,
        454.2418933415612,
        457.72858443859826,
        461.11890112034837,
        461.1841531048364,
        459.8102483489759,
        461.73868161854796,
        460.9547635934604,
        456.69738743616665,
        454.0207679933837,
        454.4566103916374,
        455.5867356217655,
        453.85421392385786,
        451.58182083885316,
        454.5792706355056,
        455.7549745474073,
        452.32432446885446,
        449.56675006733417,
        452.3813197703811,
        453.91733101082565,
        452.6231050874658,
        452.28513628154633,
        455.86588978754895,
        457.9683223195069,
        456.3326714890761,
        452.8533657630591,
        453.7771097318171,
        452.49869573464275,
        450.20054616156455,
        450.5648162219096,
        453.5867927661814,
        454.91462467089747,
        452.8452932708495,
        449.09307269076584,
        450.58776641168527,
        451.5873443680449,
        451.3136112017097,
        449.2610503449675,
        451.6517352444906,
        453.47585512568537,
        452.17875412018935,
        450.27425433197413,
        451.0314807074394,
        450.09273991081676,
        447.94276639744726,
        444.7388578603054,
        445.69253262421256,
        445.5755256938497,
        442.2058482537822,
        440.75800029173735,
        442.4739942614933,
        443.59563634961677,
        442.177824791269,
        440.90695240586007,
        444.2294209011207,
        444.62731545423003,
        441.07612604661495,
        437.1577944452551,
        438.7133628291958,
        439.78931703024574,
        437.91334232561894,
        435.8599348263123,
        438.52097171726484,
        441.5875346024679,
        441.536331917423,
        441.0027171447517,
        443.7898399360134,
        446.0599550440134,
        447.51334681126485,
        446.53030605926506,
        448.8481106534952,
        451.0767037029095,
        448.1901632658667,
        445.6898280461356,
        448.04715732248434,
        449.4231277578349,
        447.3344128915868,
        444.0287801484442,
        447.7608089359128,
        449.1253739548656,
        445.4849698872074,
        441.44506864117506,
        445.4329253119019,
        447.17813164185617,
        444.84718972186107,
        442.29503953257586,
        443.82307554591887,
        445.4064316305249,
        441.24563936345174,
        437.6748185327854,
        439.17603925654674,
        438.62985638056824,
        436.6286021457487,
    ];
    for method in [Method::CssMl, Method::Ml, Method::Css] {
        let spec = Arima::new(2, 0, 2).with_method(method);
        let fit = spec.fit_slice(&y).expect("fits");
        assert!(fit.loglik().is_finite() && fit.sigma2() > 0.0);
        check_forecast(&fit.forecast(8, &[80.0, 95.0]).unwrap(), 8).unwrap();
        if method == Method::Css {
            continue;
        }
        // Standardised innovations: their mean square is the ML σ², and the one-step forecast
        // error variance is at least σ².
        let n = fit.nobs_effective() as f64;
        let ssq: f64 = fit.residuals().iter().map(|e| e * e).sum();
        assert!(
            (ssq / n - fit.sigma2()).abs() <= 1e-9 * fit.sigma2(),
            "{method:?}"
        );
        assert!(fit.predict(1).unwrap().se[0] >= fit.sigma2().sqrt() * (1.0 - 1e-9));
        let ll = spec.log_likelihood(&y, fit.coefficients()).unwrap();
        assert!((ll - fit.loglik()).abs() <= 1e-8 * fit.loglik().abs());
    }
}
