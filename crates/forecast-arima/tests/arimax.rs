//! Regression with ARIMA errors against statsmodels' `SARIMAX(exog=...)` (exact diffuse
//! likelihood), from `tests/data/arimax_reference.json` (made by
//! `benches/reference/make_arimax_reference.py`): log-likelihood, ARMA and regression
//! coefficients, standard errors, σ² and forecasts with intervals given the future regressors.

mod common;

use std::collections::BTreeMap;

use common::roundtrip::{assert_same_forecast, reload};
use ecom_core::{Frequency, NaiveDate, TimeSeries};
use ecom_testing::{assert_all_close, assert_close};
use forecast_arima::{
    Arima, ArimaError, AutoArima, Backtest, DEFAULT_LEVELS, FitNote, FittedArima, FittedModel,
    Forecaster, Method, Order, Regressors, SeasonalOrder, Trend, WithRegressors,
};
use serde::Deserialize;

#[derive(Deserialize)]
struct Reference {
    cases: Vec<Case>,
    auto: Vec<AutoRef>,
}

/// statsforecast's `auto_arima_f(y, period, xreg=X)` on a case's series.
#[derive(Deserialize)]
struct AutoRef {
    case: String,
    period: usize,
    regressor_names: Vec<String>,
    order: [usize; 3],
    seasonal_order: [usize; 4],
    coefficients: BTreeMap<String, f64>,
    aicc: f64,
}

#[derive(Deserialize)]
struct Coefs {
    ar: Vec<f64>,
    ma: Vec<f64>,
    sar: Vec<f64>,
    sma: Vec<f64>,
    constant: Option<f64>,
    drift: Option<f64>,
    regressors: BTreeMap<String, f64>,
}

#[derive(Deserialize)]
struct StdErrors {
    ar: Vec<Option<f64>>,
    ma: Vec<Option<f64>>,
    constant: Option<f64>,
    drift: Option<f64>,
    regressors: BTreeMap<String, Option<f64>>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    values: Vec<Option<f64>>,
    missing: usize,
    order: [usize; 3],
    seasonal_order: [usize; 4],
    trend: String,
    statsmodels_param_names: Vec<String>,
    regressors: BTreeMap<String, Vec<f64>>,
    future_regressors: BTreeMap<String, Vec<f64>>,
    coefficients: Coefs,
    std_errors: StdErrors,
    sigma2: f64,
    loglik: f64,
    loglik_differenced_check: Option<f64>,
    nobs_effective: usize,
    n_params: usize,
    aicc: f64,
    boundary: bool,
    converged: bool,
    h: usize,
    forecast_mean: Vec<f64>,
    forecast_se: Vec<f64>,
    lower_80: Vec<f64>,
    upper_80: Vec<f64>,
    lower_95: Vec<f64>,
    upper_95: Vec<f64>,
}

impl Case {
    fn spec(&self) -> Arima {
        let [p, d, q] = self.order;
        let [sp, sd, sq, s] = self.seasonal_order;
        let mut spec = Arima::new(p, d, q).with_trend(match self.trend.as_str() {
            "c" => Trend::Constant,
            "t" => Trend::Drift,
            _ => Trend::None,
        });
        if s > 0 {
            spec = spec.with_seasonal(sp, sd, sq, s);
        }
        spec
    }

    /// The regressor columns in statsmodels' parameter order.
    fn names(&self) -> Vec<String> {
        self.statsmodels_param_names
            .iter()
            .filter(|n| self.regressors.contains_key(*n))
            .cloned()
            .collect()
    }

    fn x(&self, future: bool) -> Regressors {
        let src = if future {
            &self.future_regressors
        } else {
            &self.regressors
        };
        Regressors::from_columns(self.names().into_iter().map(|n| {
            let v = src[&n].clone();
            (n, v)
        }))
        .unwrap()
    }

    fn y(&self) -> Vec<f64> {
        self.values.iter().map(|v| v.unwrap_or(f64::NAN)).collect()
    }

    fn fit(&self) -> FittedArima {
        self.spec()
            .fit_with_missing_and_regressors(&self.y(), &self.x(false))
            .unwrap_or_else(|e| panic!("{}: {e}", self.name))
    }
}

/// Cases whose forecasts agree with statsmodels' to 1e-6 relative.
const TIGHT: [&str; 1] = ["airpassengers_log_promo"];

fn reference() -> Reference {
    ecom_testing::read_json(ecom_testing::data_path(
        env!("CARGO_MANIFEST_DIR"),
        "arimax_reference.json",
    ))
}

#[test]
fn regression_with_arima_errors_matches_statsmodels() {
    let r = reference();
    assert!(r.cases.len() >= 6);
    for c in &r.cases {
        let what = &c.name;
        // The reference's own cross-check of the R-convention log-likelihood.
        if let Some(check) = c.loglik_differenced_check {
            assert_close(
                check,
                c.loglik,
                1e-9,
                0.0,
                &format!("{what}: reference check"),
            );
        }
        let fit = c.fit();
        assert!(fit.converged(), "{what}: not converged");
        // Log-likelihood within 1e-3 relative; higher is a pass (a better optimum).
        assert!(
            fit.loglik() >= c.loglik - 1e-3 * c.loglik.abs(),
            "{what}: loglik {} below {}",
            fit.loglik(),
            c.loglik
        );
        assert_close(
            fit.loglik(),
            c.loglik,
            1e-3,
            0.0,
            &format!("{what}: loglik"),
        );
        assert_eq!(fit.n_params(), c.n_params, "{what}: k");
        assert_eq!(fit.nobs_effective(), c.nobs_effective, "{what}: n*");
        assert_close(
            fit.aicc().unwrap(),
            c.aicc,
            1e-3,
            0.0,
            &format!("{what}: aicc"),
        );
        assert_eq!(
            fit.regressor_names(),
            c.names().iter().map(String::as_str).collect::<Vec<_>>(),
            "{what}: names"
        );
        if c.boundary || !c.converged {
            continue;
        }
        let coef = fit.coefficients();
        let want = &c.coefficients;
        for (name, a, b) in [
            ("ar", &coef.ar, &want.ar),
            ("ma", &coef.ma, &want.ma),
            ("sar", &coef.sar, &want.sar),
            ("sma", &coef.sma, &want.sma),
        ] {
            assert_all_close(a, b, 0.0, 1e-2, &format!("{what}: {name}"));
        }
        for (name, a, b) in [
            ("constant", coef.constant, want.constant),
            ("drift", coef.drift, want.drift),
        ] {
            assert_eq!(a.is_some(), b.is_some(), "{what}: {name}");
            if let (Some(a), Some(b)) = (a, b) {
                assert_close(a, b, 1e-3, 0.0, &format!("{what}: {name}"));
            }
        }
        for rc in fit.regressors() {
            let b = want.regressors[&rc.name];
            assert_close(rc.estimate, b, 1e-3, 0.0, &format!("{what}: {}", rc.name));
            let se = c.std_errors.regressors[&rc.name].unwrap();
            assert_close(
                rc.std_error,
                se,
                2e-2,
                0.0,
                &format!("{what}: se {}", rc.name),
            );
        }
        let se = fit.std_errors();
        for (name, a, b) in [
            ("ar", &se.ar, &c.std_errors.ar),
            ("ma", &se.ma, &c.std_errors.ma),
        ] {
            let b: Vec<f64> = b.iter().map(|v| v.unwrap()).collect();
            assert_all_close(a, &b, 5e-2, 0.0, &format!("{what}: se {name}"));
        }
        for (name, a, b) in [
            ("constant", se.constant, c.std_errors.constant),
            ("drift", se.drift, c.std_errors.drift),
        ] {
            if let (Some(a), Some(b)) = (a, b) {
                assert_close(a, b, 2e-2, 0.0, &format!("{what}: se {name}"));
            }
        }
        assert_close(
            fit.sigma2(),
            c.sigma2,
            1e-2,
            0.0,
            &format!("{what}: sigma2"),
        );
        let f = fit.forecast_with(c.h, &c.x(true), &DEFAULT_LEVELS).unwrap();
        let p = fit.predict_with(c.h, &c.x(true)).unwrap();
        // Where the likelihood is sharply curved both optimisers end within 1e-6 of each
        // other's forecasts; on the Nile's flat ARMA(1,1) surface (AR and MA nearly cancel) and
        // with the drift, log-likelihoods agree to 1e-9 relative but the end points move the
        // forecasts by up to 2e-5.
        let mean_tol = if TIGHT.contains(&c.name.as_str()) {
            1e-6
        } else {
            1e-4
        };
        assert_all_close(
            &f.mean,
            &c.forecast_mean,
            mean_tol,
            0.0,
            &format!("{what}: mean"),
        );
        assert_all_close(&p.se, &c.forecast_se, 1e-3, 0.0, &format!("{what}: se"));
        let i80 = f.interval(80.0).unwrap();
        let i95 = f.interval(95.0).unwrap();
        for (name, a, b) in [
            ("lower 80", &i80.lower, &c.lower_80),
            ("upper 80", &i80.upper, &c.upper_80),
            ("lower 95", &i95.lower, &c.lower_95),
            ("upper 95", &i95.upper, &c.upper_95),
        ] {
            assert_all_close(a, b, 1e-3, 0.0, &format!("{what}: {name}"));
        }
        // The total over the horizon is the sum of the means.
        let (total, _) = fit.predict_total_with(c.h, &c.x(true)).unwrap();
        assert_close(
            total,
            p.mean.iter().sum::<f64>(),
            1e-12,
            0.0,
            &format!("{what}: total"),
        );
        if c.missing > 0 {
            // Missing observations have NaN residuals and a one-step prediction as fitted value.
            let y = c.y();
            for (t, v) in y.iter().enumerate() {
                assert_eq!(
                    v.is_nan(),
                    fit.residuals()[t].is_nan(),
                    "{what}: residual {t}"
                );
                assert!(fit.fitted()[t].is_finite(), "{what}: fitted {t}");
            }
        }
    }
}

/// Forecasting a model with regressors needs their future values for every step.
#[test]
fn forecasts_need_the_future_regressors() {
    let r = reference();
    let c = r
        .cases
        .iter()
        .find(|c| c.name == "nile_dam_101_mean")
        .unwrap();
    let fit = c.fit();
    match fit.forecast(12, &DEFAULT_LEVELS) {
        Err(ArimaError::FutureRegressorsNeeded { needed: 12, got: 0 }) => {}
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        fit.predict_total(3),
        Err(ArimaError::FutureRegressorsNeeded { needed: 3, got: 0 })
    ));
    let short = Regressors::from_columns([("dam", vec![1.0; 5])]).unwrap();
    let err = fit.forecast_with(12, &short, &DEFAULT_LEVELS).unwrap_err();
    assert!(
        matches!(
            err,
            ArimaError::FutureRegressorsNeeded { needed: 12, got: 5 }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("12 rows"), "{err}");
    let wrong = Regressors::from_columns([("promo", vec![1.0; 12])]).unwrap();
    let err = fit.forecast_with(12, &wrong, &DEFAULT_LEVELS).unwrap_err();
    assert!(matches!(err, ArimaError::InvalidRegressors { .. }), "{err}");
    assert!(err.to_string().contains("dam"), "{err}");
    // Longer future matrices are fine: the first h rows are used.
    let long = Regressors::from_columns([("dam", vec![1.0; 20])]).unwrap();
    assert_eq!(
        fit.forecast_with(12, &long, &DEFAULT_LEVELS).unwrap(),
        fit.forecast_with(12, &c.x(true), &DEFAULT_LEVELS).unwrap()
    );
    // A model without regressors refuses them.
    let plain = Arima::new(1, 0, 0).fit_slice(&c.y()).unwrap();
    assert!(plain.forecast_with(3, &long, &DEFAULT_LEVELS).is_err());
}

/// AutoArima with regressors against statsforecast's port of R's `auto.arima(xreg = )`: the
/// same order where the searches agree, otherwise an AICc no worse than statsforecast's.
#[test]
fn auto_arima_with_regressors_is_no_worse_than_statsforecast() {
    let r = reference();
    assert_eq!(r.auto.len(), 3);
    let mut same_order = 0;
    for a in &r.auto {
        let c = r.cases.iter().find(|c| c.name == a.case).unwrap();
        let x = Regressors::from_columns(
            a.regressor_names
                .iter()
                .map(|n| (n.clone(), c.regressors[n].clone())),
        )
        .unwrap();
        let fit = AutoArima::default()
            .with_period(a.period)
            .fit_slice_with_regressors(&c.y(), &x)
            .unwrap();
        let what = &a.case;
        let aicc = fit.aicc().unwrap();
        assert!(
            aicc <= a.aicc + 1e-3 * a.aicc.abs(),
            "{what}: {fit} AICc {aicc} worse than statsforecast's {}",
            a.aicc
        );
        assert_eq!(fit.regressor_names(), a.regressor_names, "{what}");
        let [p, d, q] = a.order;
        let [sp, sd, sq, m] = a.seasonal_order;
        let seasonal = if m > 1 {
            SeasonalOrder::new(sp, sd, sq, m)
        } else {
            SeasonalOrder::NONE
        };
        if fit.order() == Order::new(p, d, q) && fit.seasonal_order() == seasonal {
            same_order += 1;
            for rc in fit.regressors() {
                assert_close(
                    rc.estimate,
                    a.coefficients[&rc.name],
                    2e-2,
                    0.0,
                    &format!("{what}: {}", rc.name),
                );
            }
        }
    }
    // The seasonal airline case: both choose (0,1,1)(0,1,1)12.
    assert!(same_order >= 1);
}

fn nile() -> (Vec<f64>, Vec<f64>) {
    let r = reference();
    let c = r
        .cases
        .iter()
        .find(|c| c.name == "nile_dam_101_mean")
        .unwrap();
    (c.y(), c.regressors["dam"].clone())
}

fn column_error(spec: Arima, y: &[f64], x: &Regressors) -> (String, String) {
    match spec.fit_with_missing_and_regressors(y, x) {
        Err(ArimaError::CollinearRegressor { column, reason }) => (column, reason),
        other => panic!("expected a collinear regressor, got {other:?}"),
    }
}

/// Regressors the model cannot estimate are refused before fitting, naming the column.
#[test]
fn collinear_regressors_are_named() {
    let (y, dam) = nile();
    let n = y.len();
    let ones = vec![1.0; n];
    // An intercept column next to the model's mean.
    let x = Regressors::from_columns([("dam", dam.clone()), ("intercept", ones.clone())]).unwrap();
    let (col, why) = column_error(Arima::new(1, 0, 0).with_trend(Trend::Constant), &y, &x);
    assert_eq!(col, "intercept");
    assert!(why.contains("the constant and `dam`"), "{why}");
    // Without the mean the same column is the intercept, and fits.
    let fit = Arima::new(1, 0, 0)
        .fit_slice_with_regressors(&y, &x)
        .unwrap();
    let with_mean = Arima::new(1, 0, 0)
        .with_trend(Trend::Constant)
        .fit_slice_with_regressors(
            &y,
            &Regressors::from_columns([("dam", dam.clone())]).unwrap(),
        )
        .unwrap();
    assert_close(
        fit.loglik(),
        with_mean.loglik(),
        1e-9,
        0.0,
        "intercept = mean",
    );
    assert_close(
        fit.regressors()[1].estimate,
        with_mean.coefficients().constant.unwrap(),
        1e-6,
        0.0,
        "intercept = mean",
    );
    // A constant is zero after differencing.
    let (col, why) = column_error(Arima::new(0, 1, 1), &y, &x);
    assert_eq!(col, "intercept");
    assert!(
        why.contains("zero after the model's differencing (d = 1, D = 0)"),
        "{why}"
    );
    // A rescaled copy of another regressor.
    let double: Vec<f64> = dam.iter().map(|v| 2.0 * v).collect();
    let x = Regressors::from_columns([("dam", dam.clone()), ("dam2", double)]).unwrap();
    let (col, why) = column_error(Arima::new(0, 1, 1), &y, &x);
    assert_eq!(col, "dam2");
    assert!(why.contains("linear combination of `dam`"), "{why}");
    // A pulse at an observation that is missing carries no information.
    let mut gappy = y.clone();
    gappy[50] = f64::NAN;
    let pulse: Vec<f64> = (0..n).map(|t| f64::from(u8::from(t == 50))).collect();
    let x = Regressors::from_columns([("dam", dam.clone()), ("pulse", pulse)]).unwrap();
    let (col, why) = column_error(Arima::new(1, 0, 0).with_trend(Trend::Constant), &gappy, &x);
    assert_eq!(col, "pulse");
    assert!(why.contains("wherever the series is observed"), "{why}");
    // Drift and a linear trend column.
    let t: Vec<f64> = (0..n).map(|t| t as f64).collect();
    let x = Regressors::from_columns([("trend", t)]).unwrap();
    let (col, why) = column_error(Arima::new(0, 1, 1).with_trend(Trend::Drift), &y, &x);
    assert_eq!(col, "trend");
    assert!(why.contains("the drift"), "{why}");
    // Rows must match the series.
    let short = Regressors::from_columns([("dam", dam[..50].to_vec())]).unwrap();
    let err = Arima::new(1, 0, 0)
        .fit_slice_with_regressors(&y, &short)
        .unwrap_err();
    assert!(matches!(err, ArimaError::InvalidRegressors { .. }), "{err}");
    assert!(err.to_string().contains("50 rows"), "{err}");
}

/// A saved regression with ARIMA errors reloads with its regressors and forecasts bit for bit;
/// a tampered file is refused naming the field.
#[test]
fn models_with_regressors_save_and_reload() {
    let r = reference();
    for name in ["airpassengers_log_promo", "nile_dam_101_mean_missing"] {
        let c = r.cases.iter().find(|c| c.name == name).unwrap();
        let fit = c.fit();
        // (The reloaded file must write the same JSON; NaN residuals make `==` unusable.)
        let back = reload(&fit);
        let future = c.x(true);
        assert_same_forecast(
            &back.forecast_with(12, &future, &DEFAULT_LEVELS).unwrap(),
            &fit.forecast_with(12, &future, &DEFAULT_LEVELS).unwrap(),
            name,
        );
        let (a, b) = (
            back.predict_total_with(12, &future).unwrap(),
            fit.predict_total_with(12, &future).unwrap(),
        );
        assert_eq!(
            (a.0.to_bits(), a.1.to_bits()),
            (b.0.to_bits(), b.1.to_bits())
        );
        assert_eq!(back.to_string(), fit.to_string());
        assert_eq!(back.n_params(), fit.n_params());
    }
    let c = r
        .cases
        .iter()
        .find(|c| c.name == "airpassengers_log_promo")
        .unwrap();
    let json = serde_json::to_string(&c.fit()).unwrap();
    let file: serde_json::Value = serde_json::from_str(&json).unwrap();
    let mut bad = file.clone();
    bad["regressors"][1]["name"] = "promo".into();
    let err = serde_json::from_value::<FittedArima>(bad)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("regressors[1].name") && err.contains("twice"),
        "{err}"
    );
    let mut bad = file.clone();
    bad["regressors"][0]["estimate"] = serde_json::Value::Null;
    let err = serde_json::from_value::<FittedArima>(bad)
        .unwrap_err()
        .to_string();
    assert!(err.contains("regressors[0].estimate"), "{err}");
    let mut bad = file;
    bad["regressors"][0]["std_error"] = (-1.0).into();
    let err = serde_json::from_value::<FittedArima>(bad)
        .unwrap_err()
        .to_string();
    assert!(err.contains("regressors[0].std_error"), "{err}");
    // Regressor matrices (de)serialise with their checks too.
    let x = c.x(true);
    assert_eq!(reload(&x), x);
    let err = serde_json::from_str::<Regressors>(
        r#"{"names": ["a", "b"], "columns": [[1.0], [1.0, 2.0]]}"#,
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("column `b` has 2 rows"), "{err}");
}

/// Conditional sum of squares with regressors: β concentrated out of the CSS residuals, close
/// to the exact estimate; CSS-ML and ML end at the same optimum.
#[test]
fn css_and_ml_fit_regressions_too() {
    let r = reference();
    let c = r
        .cases
        .iter()
        .find(|c| c.name == "airpassengers_log_promo")
        .unwrap();
    let x = c.x(false);
    let exact = c.fit();
    let css = c
        .spec()
        .with_method(Method::Css)
        .fit_slice_with_regressors(&c.y(), &x)
        .unwrap();
    assert_eq!(css.estimation(), Method::Css);
    assert!(css.information_criteria().is_none());
    for (a, b) in css.regressors().iter().zip(exact.regressors()) {
        assert!(
            (a.estimate - b.estimate).abs() < 0.5 * b.std_error,
            "{}: CSS {} vs ML {} (se {})",
            a.name,
            a.estimate,
            b.estimate,
            b.std_error
        );
        assert!(a.std_error.is_finite() && a.std_error > 0.0);
    }
    assert!(css.forecast_with(12, &c.x(true), &DEFAULT_LEVELS).is_ok());
    let ml = c
        .spec()
        .with_method(Method::Ml)
        .fit_slice_with_regressors(&c.y(), &x)
        .unwrap();
    assert_close(ml.loglik(), exact.loglik(), 1e-9, 0.0, "ML vs CSS-ML");
    assert!(
        c.spec()
            .with_method(Method::Css)
            .fit_with_missing_and_regressors(&[f64::NAN; 144], &x)
            .is_err()
    );
}

/// Regressors of extreme magnitude are rescaled internally; the fit is the same model.
#[test]
fn regressor_scale_does_not_change_the_fit() {
    let (y, dam) = nile();
    let big: Vec<f64> = dam.iter().map(|v| v * 1e100).collect();
    let spec = Arima::new(1, 0, 1).with_trend(Trend::Constant);
    let a = spec
        .fit_slice_with_regressors(&y, &Regressors::from_columns([("dam", dam)]).unwrap())
        .unwrap();
    let b = spec
        .fit_slice_with_regressors(&y, &Regressors::from_columns([("dam", big)]).unwrap())
        .unwrap();
    // 1e100 is not a power of two, so the optimiser's path moves in the last digits.
    assert_close(a.loglik(), b.loglik(), 1e-10, 0.0, "loglik");
    assert_close(
        a.regressors()[0].estimate,
        b.regressors()[0].estimate * 1e100,
        1e-6,
        0.0,
        "beta",
    );
    let fa = a
        .forecast_with(
            5,
            &Regressors::from_columns([("dam", vec![1.0; 5])]).unwrap(),
            &[95.0],
        )
        .unwrap();
    let fb = b
        .forecast_with(
            5,
            &Regressors::from_columns([("dam", vec![1e100; 5])]).unwrap(),
            &[95.0],
        )
        .unwrap();
    assert_all_close(&fa.mean, &fb.mean, 1e-7, 0.0, "forecast");
}

/// Data the regression reproduces exactly are an exact fit (σ² = 0) with a note, as for the
/// mean and drift; a constant series with regressors is not an error.
#[test]
fn exact_regressions_are_notes_not_errors() {
    let promo: Vec<f64> = (0..30).map(|t| f64::from(u8::from(t % 7 == 3))).collect();
    let y: Vec<f64> = promo.iter().map(|p| 20.0 + 8.0 * p).collect();
    let x = Regressors::from_columns([("promo", promo)]).unwrap();
    let fit = Arima::new(1, 0, 0)
        .with_trend(Trend::Constant)
        .fit_slice_with_regressors(&y, &x)
        .unwrap();
    assert_eq!(fit.notes(), &[FitNote::ExactFit]);
    assert_close(fit.regressors()[0].estimate, 8.0, 1e-12, 0.0, "beta");
    let future = Regressors::from_columns([("promo", vec![0.0, 1.0])]).unwrap();
    let f = fit.forecast_with(2, &future, &[95.0]).unwrap();
    assert_all_close(&f.mean, &[20.0, 28.0], 1e-12, 0.0, "exact forecast");
    assert_eq!(f.intervals[0].lower, f.intervals[0].upper);
    let flat = AutoArima::default()
        .fit_slice_with_regressors(&[5.0; 30], &x)
        .unwrap();
    assert_eq!(flat.notes(), &[FitNote::ConstantSeries { value: 5.0 }]);
    assert_eq!(
        flat.forecast_with(2, &future, &[95.0]).unwrap().mean,
        vec![5.0, 5.0]
    );
    // Through the trait a model with regressors reports what it needs.
    let err = FittedModel::forecast(&flat, 2, &[95.0]).unwrap_err();
    assert!(matches!(
        err,
        ArimaError::FutureRegressorsNeeded { needed: 2, got: 0 }
    ));
}

// --- WithRegressors: a specification with its regressors over history and future ---

/// The case's history rows followed by its future rows, one matrix as a regressor file has it.
fn all_rows(c: &Case) -> Regressors {
    let (past, future) = (c.x(false), c.x(true));
    Regressors::from_columns(past.names().iter().map(|n| {
        let mut v = past.column_by_name(n).unwrap().to_vec();
        v.extend_from_slice(future.column_by_name(n).unwrap());
        (n.clone(), v)
    }))
    .unwrap()
}

/// The case's series with its dates.
fn dated_series(c: &Case) -> (TimeSeries, NaiveDate, Frequency) {
    let (start, freq) = if c.name.starts_with("nile") {
        (
            NaiveDate::from_ymd_opt(1871, 1, 1).unwrap(),
            Frequency::Yearly,
        )
    } else {
        (
            NaiveDate::from_ymd_opt(1949, 1, 1).unwrap(),
            Frequency::Monthly,
        )
    };
    let y = TimeSeries::new(c.y()).unwrap().with_start(start, freq);
    (y, start, freq)
}

/// Fitting a `WithRegressors` and forecasting is `fit_with_regressors` on the history rows and
/// `forecast_with` on the rows after them, bit for bit, so it matches statsmodels' SARIMAX(exog)
/// as those do (the Nile with the Aswan dam step, an intervention in a public series, and
/// log AirPassengers with documented synthetic promotions).
#[test]
fn with_regressors_is_fit_with_regressors_then_forecast_with() {
    let r = reference();
    for name in [
        "nile_dam_101_mean",
        "nile_dam_011",
        "airpassengers_log_promo",
    ] {
        let c = r.cases.iter().find(|c| c.name == name).unwrap();
        assert_eq!(c.missing, 0, "{name}");
        let (y, start, freq) = dated_series(c);
        let want = c
            .spec()
            .fit_with_regressors(&y, &c.x(false))
            .unwrap()
            .forecast_with(c.h, &c.x(true), &DEFAULT_LEVELS)
            .unwrap();
        for dated in [false, true] {
            let mut model = WithRegressors::new(c.spec(), all_rows(c));
            if dated {
                model = model.with_start(start, freq);
            }
            let fit = model.fit_series(&y).unwrap();
            assert_eq!(fit.future().unwrap().rows(), c.h, "{name}");
            let got = fit.forecast(c.h, &DEFAULT_LEVELS).unwrap();
            assert_same_forecast(&got, &want, name);
            assert_same_forecast(
                &model.fit_forecast(&y, c.h, &DEFAULT_LEVELS).unwrap(),
                &want,
                name,
            );
            assert_eq!(got.start, y.date_at(y.len()), "{name}: dated forecast");
            assert_all_close(&got.mean, &c.forecast_mean, 1e-4, 0.0, name);
        }
    }
    // AutoArima the same way.
    let c = r.cases.iter().find(|c| c.name == "nile_dam_011").unwrap();
    let (y, _, _) = dated_series(c);
    let auto = AutoArima::default();
    let want = auto
        .fit_with_regressors(&y, &c.x(false))
        .unwrap()
        .forecast_with(c.h, &c.x(true), &DEFAULT_LEVELS)
        .unwrap();
    let fit = WithRegressors::new(auto, all_rows(c))
        .fit_series(&y)
        .unwrap();
    assert_same_forecast(&fit.forecast(c.h, &DEFAULT_LEVELS).unwrap(), &want, "auto");
    assert_eq!(fit.notes(), fit.model().notes());
}

/// Daily sales with irregular promotions worth +8 over AR(1) noise; the regressor rows start
/// `LEAD` days before the sales and run `AHEAD` days past them.
const LEAD: usize = 5;
const AHEAD: usize = 14;

fn promo_shop() -> (TimeSeries, Regressors, NaiveDate) {
    let n = 150;
    let promo: Vec<f64> = (0..LEAD + n + AHEAD)
        .map(|t| f64::from(u8::from((t * 7) % 13 < 3)))
        .collect();
    let noise = common::sim::simulate(15, n, 0.5, 0.0, 0, 1, 0.0, 0.0);
    let sales: Vec<f64> = (0..n)
        .map(|t| 100.0 + 8.0 * promo[LEAD + t] + noise[t])
        .collect();
    let row0 = NaiveDate::from_ymd_opt(2024, 2, 25).unwrap();
    let first = Frequency::Daily.advance(row0, LEAD as u32).unwrap();
    let y = TimeSeries::new(sales)
        .unwrap()
        .with_start(first, Frequency::Daily);
    let x = Regressors::from_columns([("promo", promo)]).unwrap();
    (y, x, row0)
}

/// Every backtest fold is fitted on the regressor rows of its own window's dates and forecast
/// with the rows of the dates after it: each fold equals that fit done by hand, and the
/// regressors cut the error well below the same ARIMA without them.
#[test]
fn backtests_line_the_regressor_rows_up_with_each_window() {
    let (y, x, row0) = promo_shop();
    let spec = Arima::new(1, 0, 0).with_trend(Trend::Constant);
    let model = WithRegressors::new(spec, x.clone()).with_start(row0, Frequency::Daily);
    let (h, len) = (7, 60);
    for rolling in [false, true] {
        let mut bt = Backtest::new(h).with_windows(4).with_step(5);
        if rolling {
            bt = bt.with_rolling(len);
        }
        let report = bt.run(&model, &y).unwrap();
        assert_eq!(report.folds.len(), 4);
        for fold in &report.folds {
            let o = fold.origin;
            let start = if rolling { o - len } else { 0 };
            let train = y.slice(start..o).unwrap();
            let want = spec
                .fit_with_regressors(&train, &x.slice_rows(LEAD + start..LEAD + o).unwrap())
                .unwrap()
                .forecast_with(
                    h,
                    &x.slice_rows(LEAD + o..LEAD + o + h).unwrap(),
                    &DEFAULT_LEVELS,
                )
                .unwrap();
            assert_same_forecast(&fold.forecast, &want, &format!("origin {o}"));
            assert_eq!(fold.forecast.start, y.date_at(o), "origin {o}");
        }
        let plain = bt.run(&spec, &y).unwrap();
        assert!(
            report.metrics.mae < 0.5 * plain.metrics.mae,
            "rolling {rolling}: MAE {} with the promotions, {} without",
            report.metrics.mae,
            plain.metrics.mae
        );
    }
    // Undated rows go with the first observation of whatever is fitted: right for expanding
    // windows over a series that starts at row 0.
    let undated = WithRegressors::new(spec, x.slice_rows(LEAD..x.rows()).unwrap());
    let bt = Backtest::new(h).with_windows(3);
    let (a, b) = (bt.run(&undated, &y).unwrap(), bt.run(&model, &y).unwrap());
    for (fa, fb) in a.folds.iter().zip(&b.folds) {
        assert_same_forecast(&fa.forecast, &fb.forecast, "undated");
    }
}

/// Rows that do not cover the series, or dates that do not match it, are typed errors naming
/// what is wrong.
#[test]
fn regressor_rows_must_cover_the_series() {
    let (y, x, row0) = promo_shop();
    let spec = Arima::new(1, 0, 0).with_trend(Trend::Constant);
    let invalid = |m: &WithRegressors<Arima>, s: &TimeSeries| match m.fit_series(s) {
        Err(e @ ArimaError::InvalidRegressors { .. }) => e.to_string(),
        other => panic!("{other:?}"),
    };
    // Fewer rows than observations.
    let short = WithRegressors::new(spec, x.slice_rows(0..100).unwrap());
    let err = invalid(&short, &y);
    assert!(err.contains("rows 0..150, there are 100"), "{err}");
    // Dated rows that begin after the series.
    let late = WithRegressors::new(spec, x.clone()).with_start(
        Frequency::Daily.advance(y.start().unwrap(), 1).unwrap(),
        Frequency::Daily,
    );
    let err = invalid(&late, &y);
    assert!(err.contains("2024-03-01"), "{err}");
    // Weekly rows for a daily series; dated rows for an undated series.
    let weekly = WithRegressors::new(spec, x.clone()).with_start(row0, Frequency::Weekly);
    assert!(
        invalid(&weekly, &y).contains("weekly"),
        "{}",
        invalid(&weekly, &y)
    );
    let dated = WithRegressors::new(spec, x.clone()).with_start(row0, Frequency::Daily);
    let bare = TimeSeries::new(y.values().to_vec()).unwrap();
    assert!(invalid(&dated, &bare).contains("no dates"));
    // Dated rows ending before the series' last day.
    let err = invalid(
        &WithRegressors::new(spec, x.slice_rows(0..LEAD + 120).unwrap())
            .with_start(row0, Frequency::Daily),
        &y,
    );
    assert!(err.contains("rows 5..155, there are 125"), "{err}");
}

/// A horizon beyond the known future rows is a typed error saying how many rows are missing
/// (never a panic), checked after the horizon and levels themselves.
#[test]
fn missing_future_regressor_rows_are_counted() {
    let (y, x, row0) = promo_shop();
    let spec = Arima::new(1, 0, 0).with_trend(Trend::Constant);
    let model = WithRegressors::new(spec, x.slice_rows(0..LEAD + y.len() + 3).unwrap())
        .with_start(row0, Frequency::Daily);
    let fit = model.fit_series(&y).unwrap();
    assert_eq!(fit.future().unwrap().rows(), 3);
    let err = fit.forecast(7, &DEFAULT_LEVELS).unwrap_err();
    assert!(
        matches!(
            err,
            ArimaError::FutureRegressorsNeeded { needed: 7, got: 3 }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("got 3 (4 missing)"), "{err}");
    assert!(matches!(
        model.fit_forecast(&y, 7, &DEFAULT_LEVELS),
        Err(ArimaError::FutureRegressorsNeeded { needed: 7, got: 3 })
    ));
    // Three steps are fine.
    assert_eq!(fit.forecast(3, &DEFAULT_LEVELS).unwrap().mean.len(), 3);
    // Rows that end with the data: no future at all.
    let none = WithRegressors::new(spec, x.slice_rows(LEAD..LEAD + y.len()).unwrap());
    let fit = none.fit_series(&y).unwrap();
    assert!(fit.future().is_none());
    let err = fit.forecast(2, &DEFAULT_LEVELS).unwrap_err();
    assert!(err.to_string().contains("got 0 (2 missing)"), "{err}");
    // The request itself is checked first.
    assert!(matches!(
        fit.forecast(0, &DEFAULT_LEVELS),
        Err(ArimaError::InvalidParameter { .. })
    ));
    assert!(matches!(
        fit.forecast(forecast_arima::MAX_HORIZON + 1, &DEFAULT_LEVELS),
        Err(ArimaError::HorizonTooLong { .. })
    ));
    assert!(fit.forecast(1, &[0.9]).is_err());
}

/// Specifications and fitted models save and reload; reloaded fits forecast bit for bit.
#[test]
fn with_regressors_saves_and_reloads() {
    let (y, x, row0) = promo_shop();
    let spec = Arima::new(1, 0, 0).with_trend(Trend::Constant);
    let model = WithRegressors::new(spec, x.clone()).with_start(row0, Frequency::Daily);
    let back = reload(&model);
    assert_eq!(back, model);
    assert_eq!(back.start(), Some(row0));
    assert_eq!(back.frequency(), Some(Frequency::Daily));
    let auto = WithRegressors::new(AutoArima::default().with_period(7), x.clone());
    assert_eq!(reload(&auto), auto);
    assert_eq!(reload(&auto).start(), None);

    let fit = model.fit_series(&y).unwrap();
    let again = reload(&fit);
    common::roundtrip::assert_same_model(&again, &fit, AHEAD, "reloaded");
    assert_same_forecast(
        &back.fit_forecast(&y, AHEAD, &DEFAULT_LEVELS).unwrap(),
        &fit.forecast(AHEAD, &DEFAULT_LEVELS).unwrap(),
        "reloaded spec",
    );
    let bare = WithRegressors::new(spec, x.slice_rows(LEAD..LEAD + y.len()).unwrap())
        .fit_series(&y)
        .unwrap();
    assert!(reload(&bare).future().is_none());

    // Files are checked when read: future columns must be the model's regressors.
    let mut file: serde_json::Value = serde_json::to_value(&fit).unwrap();
    file["future"]["names"][0] = "price".into();
    let err = serde_json::from_value::<forecast_arima::FittedWithRegressors>(file)
        .unwrap_err()
        .to_string();
    assert!(err.contains("future") && err.contains("promo"), "{err}");
    let mut file: serde_json::Value = serde_json::to_value(&model).unwrap();
    file["extra"] = 1.into();
    assert!(serde_json::from_value::<WithRegressors<Arima>>(file).is_err());
}
