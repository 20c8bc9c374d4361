//! Saving models (issue 14): every fitted model and every specification round-trips through
//! serde_json with bit-identical forecasts, intervals and lead-time totals, and a tampered or
//! truncated file is an error that names the field, never a model that panics later.

mod common;

use common::roundtrip::{assert_same_arima, assert_same_model, reload};
use ecom_core::{Frequency, NaiveDate, TimeSeries};
use forecast_arima::{
    Arima, AutoArima, Backtest, DEFAULT_LEVELS, Differencing, FittedArima, FittedHolt, FittedModel,
    FittedMovingAverage, FittedSeasonalNaive, FittedSes, Holt, InformationCriterion, LevelInit,
    Method, MovingAverage, SeasonalNaive, SimpleExpSmoothing, Trend,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

const H: usize = 24;

/// The design notes' ten days of sales.
const SALES: [f64; 10] = [
    150.0, 160.0, 155.0, 165.0, 157.0, 162.0, 159.0, 167.0, 158.0, 163.0,
];

fn dated(y: &[f64], period: usize) -> TimeSeries {
    TimeSeries::new(y.to_vec())
        .unwrap()
        .with_start(
            NaiveDate::from_ymd_opt(2000, 1, 1).unwrap(),
            Frequency::Monthly,
        )
        .with_period(period)
        .unwrap()
}

#[test]
fn every_fixture_case_reloads_with_identical_forecasts() {
    let mut n = 0;
    for f in common::all() {
        let y = f.y();
        let missing = y.iter().any(|v| v.is_nan());
        for case in &f.cases {
            for method in [Method::CssMl, Method::Ml, Method::Css] {
                if missing && method == Method::Css {
                    continue; // CSS cannot skip missing values
                }
                let what = format!("{} {method:?}", case.label(&f.series));
                let fit = case
                    .spec()
                    .with_method(method)
                    .fit_with_missing(&y)
                    .unwrap_or_else(|e| panic!("{what}: {e}"));
                assert_same_arima(&fit, &reload(&fit), H, &what);
                n += 1;
            }
        }
    }
    assert!(n > 60, "only {n} fits");
}

#[test]
fn auto_arima_fits_reload_with_identical_forecasts_and_dates() {
    for f in common::all() {
        let y = f.y();
        if y.iter().any(|v| v.is_nan()) {
            continue;
        }
        let series = dated(&y, f.period);
        let fit = AutoArima::default().fit(&series).unwrap();
        let back = reload(&fit);
        assert_same_arima(&fit, &back, H, &f.series);
        assert_eq!(back.forecast_start(), series.date_at(series.len()));
        assert_eq!(back.frequency(), Some(Frequency::Monthly));
        // The search report too: the model, the differencing and every candidate tried
        // (a failed candidate's infinite criterion is written as null and read back).
        let report = AutoArima::default().search(&y, f.period).unwrap();
        let again = reload(&report);
        assert_same_arima(&report.model, &again.model, H, &f.series);
        assert_eq!(again.candidates.len(), report.candidates.len());
        for (a, b) in report.candidates.iter().zip(&again.candidates) {
            assert_eq!(a.ic.to_bits(), b.ic.to_bits(), "{}", f.series);
        }
    }
}

#[test]
fn exact_and_rescaled_fits_reload_too() {
    // σ² = 0 with loglik f64::MAX (a constant), an exact line with drift, and data far beyond
    // the unscaled range (fitted on a power-of-two rescaling).
    let line: Vec<f64> = (0..30).map(|t| 5.0 + 0.5 * t as f64).collect();
    let tiny: Vec<f64> = SALES.iter().map(|v| v * 1e-120).collect();
    let huge: Vec<f64> = SALES.iter().map(|v| v * 1e140).collect();
    let fits = [
        AutoArima::default().fit_slice(&[4.0; 30]).unwrap(),
        Arima::new(0, 1, 0)
            .with_trend(Trend::Drift)
            .fit_slice(&line)
            .unwrap(),
        Arima::new(1, 0, 0)
            .with_trend(Trend::Constant)
            .fit_slice(&tiny)
            .unwrap(),
        Arima::new(1, 1, 1).fit_slice(&huge).unwrap(),
    ];
    for fit in &fits {
        assert_same_arima(fit, &reload(fit), H, &fit.to_string());
    }
    assert_eq!(fits[0].loglik(), f64::MAX);
    assert!(!fits[0].notes().is_empty() && !fits[1].notes().is_empty());
}

#[test]
fn baselines_reload_with_identical_forecasts() {
    fn check<M>(fit: M, what: &str)
    where
        M: FittedModel + Serialize + DeserializeOwned,
    {
        let back = reload(&fit);
        assert_same_model(&fit, &back, H, what);
    }
    for f in common::all() {
        let y = f.y();
        if y.iter().any(|v| v.is_nan()) {
            continue;
        }
        let s = dated(&y, f.period);
        let name = &f.series;
        check(SimpleExpSmoothing::default().fit(&s).unwrap(), name);
        check(
            SimpleExpSmoothing::default()
                .with_level_init(LevelInit::FirstObservation)
                .fit(&s)
                .unwrap(),
            name,
        );
        check(Holt::default().fit(&s).unwrap(), name);
        check(MovingAverage::new(3).unwrap().fit(&s).unwrap(), name);
        check(SeasonalNaive::new(f.period).unwrap().fit(&s).unwrap(), name);
        check(SeasonalNaive::naive().fit_slice(&y).unwrap(), name);
    }
    // Constant series (σ² = 0, a note) as well.
    check(
        SimpleExpSmoothing::default().fit_slice(&[3.0; 8]).unwrap(),
        "ses constant",
    );
    check(
        Holt::default().fit_slice(&[3.0; 8]).unwrap(),
        "holt constant",
    );
}

#[test]
fn specifications_round_trip_and_are_checked_when_read() {
    let arimas = [
        Arima::new(1, 1, 1),
        Arima::new(0, 0, 0)
            .with_seasonal(1, 0, 1, 7)
            .with_trend(Trend::Constant),
        Arima::new(2, 1, 0)
            .with_method(Method::Ml)
            .with_max_iter(50)
            .with_min_root_modulus(1.01),
    ];
    for a in arimas {
        assert_eq!(reload(&a), a);
    }
    let auto = AutoArima::default()
        .with_period(7)
        .with_d(1)
        .with_ic(InformationCriterion::Bic)
        .with_approximation(false)
        .with_alpha(0.1);
    assert_eq!(reload(&auto), auto);
    assert_eq!(reload(&AutoArima::default()), AutoArima::default());
    let ses = SimpleExpSmoothing::default()
        .with_alpha_bounds(0.01, 0.99)
        .with_level_init(LevelInit::FirstObservation);
    assert_eq!(reload(&ses), ses);
    assert_eq!(
        reload(&Holt::default().with_beta(0.2)),
        Holt::default().with_beta(0.2)
    );
    assert_eq!(
        reload(&MovingAverage::new(7).unwrap()),
        MovingAverage::new(7).unwrap()
    );
    assert_eq!(
        reload(&SeasonalNaive::new(12).unwrap()),
        SeasonalNaive::new(12).unwrap()
    );
    let bt = Backtest::new(7)
        .with_windows(3)
        .with_step(2)
        .with_rolling(40);
    assert_eq!(reload(&bt), bt);
    let diff = Differencing::new(1, 1, 4).unwrap();
    assert_eq!(reload(&diff).coefficients(), diff.coefficients());

    // Hand-written configurations: only what differs from the defaults.
    let cfg: Arima = serde_json::from_str(
        r#"{"order": {"p": 0, "d": 1, "q": 1}, "seasonal_order": {"p": 0, "d": 1, "q": 1, "period": 12}}"#,
    )
    .unwrap();
    assert_eq!(cfg, Arima::new(0, 1, 1).with_seasonal(0, 1, 1, 12));
    let cfg: SimpleExpSmoothing = serde_json::from_str(r#"{"alpha": 0.3}"#).unwrap();
    assert_eq!(cfg, SimpleExpSmoothing::default().with_alpha(0.3));
    let cfg: Backtest = serde_json::from_str(r#"{"horizon": 7, "windows": 4}"#).unwrap();
    assert_eq!(cfg, Backtest::new(7).with_windows(4));

    // Invalid ones are errors naming what is wrong, as fitting them would be.
    for (json, want) in [
        (
            r#"{"order": {"p": 0, "d": 1, "q": 0}, "trend": "Constant"}"#,
            "trend",
        ),
        (
            r#"{"order": {"p": 0, "d": 0, "q": 0}, "seasonal_order": {"p": 1, "d": 0, "q": 0, "period": 1}}"#,
            "period",
        ),
        (
            r#"{"order": {"p": 1, "d": 0, "q": 0}, "max_iter": 0}"#,
            "max_iter",
        ),
        (
            r#"{"order": {"p": 1, "d": 0, "q": 0}, "min_root_modulus": null}"#,
            "min_root_modulus",
        ),
        (r#"{"order": {"p": 3000, "d": 0, "q": 0}}"#, "order"),
        (
            r#"{"order": {"p": 1, "d": 0, "q": 0}, "trnd": "None"}"#,
            "trnd",
        ),
    ] {
        let err = serde_json::from_str::<Arima>(json).unwrap_err().to_string();
        assert!(err.contains(want), "{json}: {err}");
    }
    for (json, want) in [
        (r#"{"alpha": 1.5}"#, "alpha"),
        (r#"{"max_models": 0}"#, "max_models"),
        (r#"{"max_p": 100000}"#, "max_p"),
        (r#"{"period": 0}"#, "period"),
    ] {
        let err = serde_json::from_str::<AutoArima>(json)
            .unwrap_err()
            .to_string();
        assert!(err.contains(want), "{json}: {err}");
    }
    let bad = |json: &str, want: &str, err: String| assert!(err.contains(want), "{json}: {err}");
    for (json, want) in [
        (r#"{"alpha": -0.1}"#, "alpha"),
        (r#"{"alpha_bounds": [0.5, 0.2]}"#, "alpha_bounds"),
    ] {
        bad(
            json,
            want,
            serde_json::from_str::<SimpleExpSmoothing>(json)
                .unwrap_err()
                .to_string(),
        );
    }
    bad(
        r#"{"beta": 2}"#,
        "beta",
        serde_json::from_str::<Holt>(r#"{"beta": 2}"#)
            .unwrap_err()
            .to_string(),
    );
    bad(
        r#"{"window": 0}"#,
        "window",
        serde_json::from_str::<MovingAverage>(r#"{"window": 0}"#)
            .unwrap_err()
            .to_string(),
    );
    bad(
        r#"{"period": 0}"#,
        "period",
        serde_json::from_str::<SeasonalNaive>(r#"{"period": 0}"#)
            .unwrap_err()
            .to_string(),
    );
    for (json, want) in [
        (r#"{"horizon": 0}"#, "horizon"),
        (r#"{"horizon": 3, "windows": 0}"#, "windows"),
        (
            r#"{"horizon": 3, "levels": [0.8, 0.95]}"#,
            "did you mean 80?",
        ),
    ] {
        bad(
            json,
            want,
            serde_json::from_str::<Backtest>(json)
                .unwrap_err()
                .to_string(),
        );
    }
    let json = r#"{"d": 1, "seasonal_d": 1, "period": 1}"#;
    bad(
        json,
        "period",
        serde_json::from_str::<Differencing>(json)
            .unwrap_err()
            .to_string(),
    );
}

/// The JSON of `x` with the value at `pointer` replaced or added (or removed, for `None`).
fn tamper(x: &impl Serialize, pointer: &str, new: Option<Value>) -> String {
    let mut v = serde_json::to_value(x).unwrap();
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    match (
        new,
        v.pointer_mut(parent)
            .unwrap_or_else(|| panic!("no {parent}")),
    ) {
        (Some(new), Value::Object(o)) => _ = o.insert(key.into(), new),
        (Some(new), Value::Array(a)) => a[key.parse::<usize>().unwrap()] = new,
        (None, Value::Object(o)) => _ = o.remove(key).unwrap_or_else(|| panic!("no {pointer}")),
        _ => panic!("cannot tamper with {pointer}"),
    }
    serde_json::to_string(&v).unwrap()
}

/// Reading `json` as `T` fails with a message containing each of `want`.
#[track_caller]
fn rejected<T: DeserializeOwned + std::fmt::Debug>(json: &str, want: &[&str]) {
    let err = serde_json::from_str::<T>(json)
        .expect_err("a tampered file must not load")
        .to_string();
    for w in want {
        assert!(err.contains(w), "expected {w:?} in: {err}");
    }
}

#[test]
fn tampered_arima_files_are_rejected_naming_the_field() {
    let mean = Arima::new(1, 0, 0)
        .with_trend(Trend::Constant)
        .fit_slice(&SALES)
        .unwrap();
    let sigma2 = mean.sigma2();
    let ar = mean.coefficients().ar[0];
    // Orders against coefficient counts, in both directions.
    rejected::<FittedArima>(
        &tamper(&mean, "/coefficients/ar", Some(json!([ar, 0.1]))),
        &["coefficients.ar", "has 2 values", "p = 1"],
    );
    rejected::<FittedArima>(
        &tamper(&mean, "/spec/order/q", Some(json!(1))),
        &["coefficients.ma", "has 0 values"],
    );
    // NaN written as null, where a number is needed.
    rejected::<FittedArima>(
        &tamper(&mean, "/coefficients/ar/0", Some(Value::Null)),
        &["coefficients.ar[0]", "finite"],
    );
    rejected::<FittedArima>(&tamper(&mean, "/sigma2", Some(Value::Null)), &["sigma2"]);
    rejected::<FittedArima>(&tamper(&mean, "/loglik", Some(Value::Null)), &["loglik"]);
    rejected::<FittedArima>(
        &tamper(&mean, "/fitted/3", Some(Value::Null)),
        &["fitted[3]"],
    );
    rejected::<FittedArima>(
        &tamper(&mean, "/forecast_state/covariance/0", Some(Value::Null)),
        &["forecast_state.covariance[0]"],
    );
    // A non-stationary AR coefficient, a non-invertible MA one.
    rejected::<FittedArima>(
        &tamper(&mean, "/coefficients/ar/0", Some(json!(1.5))),
        &["coefficients.ar", "not stationary"],
    );
    let ma = Arima::new(0, 1, 1).fit_slice(&SALES).unwrap();
    rejected::<FittedArima>(
        &tamper(&ma, "/coefficients/ma/0", Some(json!(3.3))),
        &["coefficients.ma", "not invertible"],
    );
    // Values out of range, or disagreeing with what forecasting uses.
    rejected::<FittedArima>(
        &tamper(&mean, "/sigma2", Some(json!(-1.0))),
        &["sigma2", ">= 0"],
    );
    rejected::<FittedArima>(
        &tamper(&mean, "/sigma2", Some(json!(2.0 * sigma2))),
        &["sigma2", "forecast_state"],
    );
    rejected::<FittedArima>(
        &tamper(&mean, "/coefficients/constant", Some(json!(1.0))),
        &["coefficients.constant", "forecast_state"],
    );
    rejected::<FittedArima>(
        &tamper(&mean, "/coefficients/constant", None),
        &["coefficients.constant", "missing"],
    );
    rejected::<FittedArima>(
        &tamper(&ma, "/forecast_state/beta", Some(json!(1.0))),
        &["forecast_state.beta"],
    );
    rejected::<FittedArima>(
        &tamper(&mean, "/forecast_state/scale", Some(json!(3.0))),
        &["forecast_state.scale", "power of two"],
    );
    // State dimensions.
    rejected::<FittedArima>(
        &tamper(&mean, "/forecast_state/state", Some(json!([0.0, 0.0]))),
        &["forecast_state.state", "has 2 values", "needs 1"],
    );
    rejected::<FittedArima>(
        &tamper(&mean, "/forecast_state/covariance", Some(json!([]))),
        &["forecast_state.covariance", "has 0 values"],
    );
    rejected::<FittedArima>(
        &tamper(&mean, "/residuals", Some(json!([0.0, 1.0]))),
        &["residuals", "nobs"],
    );
    rejected::<FittedArima>(&tamper(&mean, "/nobs", Some(json!(0))), &["nobs"]);
    // The spec is checked as `fit` checks it.
    rejected::<FittedArima>(
        &tamper(&ma, "/spec/trend", Some(json!("Constant"))),
        &["trend", "d + D = 0"],
    );
    // CSS fits have no information criteria.
    let css = Arima::new(1, 0, 0)
        .with_method(Method::Css)
        .fit_slice(&SALES)
        .unwrap();
    rejected::<FittedArima>(&tamper(&css, "/aic", Some(json!(10.0))), &["aic", "CSS"]);
    // Garbage and truncated files are errors too.
    rejected::<FittedArima>("{}", &["missing field"]);
    let json = serde_json::to_string(&mean).unwrap();
    for cut in (0..json.len()).step_by(7) {
        assert!(serde_json::from_str::<FittedArima>(&json[..cut]).is_err());
    }
}

#[test]
fn tampered_baseline_files_are_rejected_naming_the_field() {
    let ses = SimpleExpSmoothing::default().fit_slice(&SALES).unwrap();
    rejected::<FittedSes>(
        &tamper(&ses, "/alpha", Some(json!(1.5))),
        &["alpha", "[0, 1]"],
    );
    rejected::<FittedSes>(&tamper(&ses, "/sse", Some(Value::Null)), &["sse"]);
    rejected::<FittedSes>(&tamper(&ses, "/level", Some(Value::Null)), &["level"]);
    rejected::<FittedSes>(
        &tamper(&ses, "/sigma2", Some(json!(2.0 * ses.sse()))),
        &["sigma2", "sse / n"],
    );
    rejected::<FittedSes>(&tamper(&ses, "/fitted", Some(json!([1.0]))), &["fitted"]);

    let holt = Holt::default().fit_slice(&SALES).unwrap();
    rejected::<FittedHolt>(&tamper(&holt, "/beta", Some(json!(-0.1))), &["beta"]);
    rejected::<FittedHolt>(&tamper(&holt, "/trend", Some(Value::Null)), &["trend"]);
    rejected::<FittedHolt>(
        &tamper(&holt, "/fitted/0", Some(Value::Null)),
        &["fitted[0]"],
    );

    let ma = MovingAverage::new(3).unwrap().fit_slice(&SALES).unwrap();
    rejected::<FittedMovingAverage>(&tamper(&ma, "/window", Some(json!(0))), &["window"]);
    rejected::<FittedMovingAverage>(&tamper(&ma, "/mse", Some(json!(-1.0))), &["mse"]);

    let sn = SeasonalNaive::new(4).unwrap().fit_slice(&SALES).unwrap();
    // The forecast cycles through the last season: a short one would index out of bounds.
    rejected::<FittedSeasonalNaive>(
        &tamper(&sn, "/last_season", Some(json!([1.0, 2.0]))),
        &["last_season", "has 2 values", "needs 4"],
    );
    rejected::<FittedSeasonalNaive>(&tamper(&sn, "/period", Some(json!(0))), &["period"]);
    rejected::<FittedSeasonalNaive>(&tamper(&sn, "/sigma2", Some(Value::Null)), &["sigma2"]);
}

#[test]
fn dated_fits_save_their_calendar() {
    let s = TimeSeries::new(SALES.to_vec()).unwrap().with_start(
        NaiveDate::from_ymd_opt(2024, 2, 20).unwrap(),
        Frequency::Daily,
    );
    let fit = Arima::new(1, 0, 0)
        .with_trend(Trend::Constant)
        .fit(&s)
        .unwrap();
    let v = serde_json::to_value(&fit).unwrap();
    assert_eq!(
        v["forecast_start"],
        json!({"date": "2024-03-01", "frequency": "daily"})
    );
    let back: FittedArima = serde_json::from_value(v).unwrap();
    let f = back.forecast(3, &DEFAULT_LEVELS).unwrap();
    // 2024 is a leap year: ten days from 20 February end on the 29th.
    assert_eq!(f.date(0), NaiveDate::from_ymd_opt(2024, 3, 1));
    assert_eq!(f.date(2), NaiveDate::from_ymd_opt(2024, 3, 3));
    // Fitted to plain values there is no calendar to save.
    let plain = Arima::new(1, 0, 0)
        .with_trend(Trend::Constant)
        .fit_slice(&SALES)
        .unwrap();
    assert!(
        serde_json::to_value(&plain)
            .unwrap()
            .get("forecast_start")
            .is_none()
    );
}

/// Pointers to every node of `v` but the root.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    let children: Vec<(String, &Value)> = match v {
        Value::Object(o) => o.iter().map(|(k, c)| (format!("{at}/{k}"), c)).collect(),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .map(|(i, c)| (format!("{at}/{i}"), c))
            .collect(),
        _ => Vec::new(),
    };
    for (p, c) in children {
        out.push(p.clone());
        pointers(c, p, out);
    }
}

/// `v` with the node at `pointer` changed in one of a few ways (null, out-of-range numbers,
/// a wrong type, arrays one longer or shorter, the field removed).
fn mutate(v: &Value, pointer: &str, kind: usize, x: f64) -> Value {
    let mut v = v.clone();
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    if kind == 9 {
        match v.pointer_mut(parent).unwrap() {
            Value::Object(o) => _ = o.remove(key),
            Value::Array(a) => _ = a.remove(key.parse::<usize>().unwrap()),
            _ => unreachable!(),
        }
        return v;
    }
    let node = v.pointer_mut(pointer).unwrap();
    *node = match (kind, &*node) {
        (0, _) => Value::Null,
        (1, _) => json!(0),
        (2, _) => json!(-1.0),
        (3, _) => json!(1e300),
        (4, _) => json!(x),
        (5, _) => json!(u64::MAX),
        (6, Value::Array(a)) => Value::Array(a[..a.len().saturating_sub(1)].to_vec()),
        (7, Value::Array(a)) => {
            let mut a = a.clone();
            a.push(a.last().cloned().unwrap_or(json!(0.0)));
            Value::Array(a)
        }
        (8, Value::Number(n)) => json!(n.as_f64().unwrap() * (1.0 + x * 1e-3)),
        _ => json!("x"),
    };
    v
}

/// Whatever reads back must forecast, total and re-save without panicking (errors are fine).
fn exercise(json: &Value) {
    if let Ok(m) = serde_json::from_value::<FittedArima>(json.clone()) {
        let _ = m.forecast(12, &DEFAULT_LEVELS);
        let _ = m.predict(30);
        let _ = m.predict_total(30);
        let _ = (m.information_criteria(), m.n_params(), m.to_string());
        serde_json::to_string(&m).unwrap();
    }
}

fn exercise_baseline<M: FittedModel + Serialize + DeserializeOwned>(json: &Value) {
    if let Ok(m) = serde_json::from_value::<M>(json.clone()) {
        let _ = m.forecast(30, &DEFAULT_LEVELS);
        serde_json::to_string(&m).unwrap();
    }
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;
    use std::sync::OnceLock;

    fn arima_files() -> &'static [Value] {
        static FILES: OnceLock<Vec<Value>> = OnceLock::new();
        FILES.get_or_init(|| {
            let y = common::sim::simulate(7, 80, 0.5, 0.3, 0, 4, 3.0, 40.0);
            let fits = [
                Arima::new(1, 0, 1)
                    .with_seasonal(1, 0, 0, 4)
                    .with_trend(Trend::Constant)
                    .fit_slice(&y)
                    .unwrap(),
                Arima::new(1, 1, 1)
                    .with_trend(Trend::Drift)
                    .fit(&dated(&y, 4))
                    .unwrap(),
                Arima::new(0, 1, 1)
                    .with_seasonal(0, 1, 1, 4)
                    .with_method(Method::Css)
                    .fit_slice(&y)
                    .unwrap(),
            ];
            fits.iter()
                .map(|f| serde_json::to_value(f).unwrap())
                .collect()
        })
    }

    fn baseline_files() -> &'static [(usize, Value)] {
        static FILES: OnceLock<Vec<(usize, Value)>> = OnceLock::new();
        FILES.get_or_init(|| {
            let s = dated(&SALES, 4);
            vec![
                (
                    0,
                    serde_json::to_value(SimpleExpSmoothing::default().fit(&s).unwrap()).unwrap(),
                ),
                (
                    1,
                    serde_json::to_value(Holt::default().fit(&s).unwrap()).unwrap(),
                ),
                (
                    2,
                    serde_json::to_value(MovingAverage::new(3).unwrap().fit(&s).unwrap()).unwrap(),
                ),
                (
                    3,
                    serde_json::to_value(SeasonalNaive::new(4).unwrap().fit(&s).unwrap()).unwrap(),
                ),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

        /// One field of a saved ARIMA changed: it is rejected, or it loads and works.
        #[test]
        fn a_changed_arima_file_never_panics(
            file in 0usize..3, at in any::<prop::sample::Index>(), kind in 0usize..10, x in -10.0f64..10.0,
        ) {
            let v = &arima_files()[file];
            let mut all = Vec::new();
            pointers(v, String::new(), &mut all);
            exercise(&mutate(v, at.get::<String>(&all), kind, x));
        }

        /// The same for the baselines.
        #[test]
        fn a_changed_baseline_file_never_panics(
            file in 0usize..4, at in any::<prop::sample::Index>(), kind in 0usize..10, x in -10.0f64..10.0,
        ) {
            let (which, v) = &baseline_files()[file];
            let mut all = Vec::new();
            pointers(v, String::new(), &mut all);
            let v = mutate(v, at.get::<String>(&all), kind, x);
            match which {
                0 => exercise_baseline::<FittedSes>(&v),
                1 => exercise_baseline::<FittedHolt>(&v),
                2 => exercise_baseline::<FittedMovingAverage>(&v),
                _ => exercise_baseline::<FittedSeasonalNaive>(&v),
            }
        }
    }
}
