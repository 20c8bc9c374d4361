//! The Theta method against statsforecast 2.1.1 (`tests/data/theta_reference.json`, made by
//! `benches/reference/make_theta_reference.py`), and its saved form.

mod common;

use common::roundtrip::{assert_same_model, reload};
use ecom_core::{Frequency, NaiveDate, TimeSeries};
use forecast_arima::{
    ArimaError, DEFAULT_LEVELS, Decomposition, FitNote, FittedTheta, Forecaster, Theta,
};
use serde::Deserialize;

#[derive(Deserialize)]
struct Reference {
    h: usize,
    cases: Vec<Case>,
    constant: Constant,
}

#[derive(Deserialize)]
struct Constant {
    values: Vec<f64>,
    mean: Vec<f64>,
}

#[derive(Deserialize)]
struct Interval {
    lower: Vec<f64>,
    upper: Vec<f64>,
}

#[derive(Deserialize)]
struct Levels {
    #[serde(rename = "80")]
    l80: Interval,
    #[serde(rename = "95")]
    l95: Interval,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    period: usize,
    decomposition: String,
    values: Vec<f64>,
    decompose: bool,
    decomposition_used: Option<String>,
    seasonal_forecast: Option<Vec<f64>>,
    alpha: f64,
    initial_smoothed: f64,
    a: f64,
    b: f64,
    level: f64,
    mse: f64,
    sigma: f64,
    mean: Vec<f64>,
    intervals_200: Levels,
    intervals_big: Levels,
}

fn reference() -> Reference {
    let path = ecom_testing::data_path(env!("CARGO_MANIFEST_DIR"), "theta_reference.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn kind(name: &str) -> Decomposition {
    match name {
        "multiplicative" => Decomposition::Multiplicative,
        "additive" => Decomposition::Additive,
        other => panic!("unknown decomposition {other}"),
    }
}

fn fit(c: &Case) -> FittedTheta {
    Theta::default()
        .with_period(c.period)
        .with_decomposition(kind(&c.decomposition))
        .fit_slice(&c.values)
        .unwrap()
}

/// Relative difference, against the larger magnitude (and at least `floor`).
fn rel(a: f64, b: f64, floor: f64) -> f64 {
    (a - b).abs() / a.abs().max(b.abs()).max(floor)
}

#[test]
fn fits_and_point_forecasts_match_statsforecast() {
    let r = reference();
    assert_eq!(r.cases.len(), 14);
    for c in &r.cases {
        let f = fit(c);
        let scale = c.values.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        assert_eq!(
            f.decomposition().is_some(),
            c.decompose,
            "{}: decompose",
            c.name
        );
        assert_eq!(
            f.decomposition(),
            c.decomposition_used.as_deref().map(kind),
            "{}",
            c.name
        );
        if let Some(s) = &c.seasonal_forecast {
            for (a, b) in f.seasonal_factors().iter().zip(s) {
                assert!(
                    rel(*a, *b, 1e-3 * scale) < 1e-10,
                    "{}: factor {a} vs {b}",
                    c.name
                );
            }
        }
        assert!(
            rel(f.alpha(), c.alpha, 1.0) < 1e-10,
            "{}: alpha {} vs {}",
            c.name,
            f.alpha(),
            c.alpha
        );
        assert!(
            rel(f.initial_level(), c.initial_smoothed, scale) < 1e-10,
            "{}: l0 {} vs {}",
            c.name,
            f.initial_level(),
            c.initial_smoothed
        );
        assert!(rel(f.intercept(), c.a, scale) < 1e-10, "{}: a", c.name);
        assert!(rel(f.slope(), c.b, 1e-3 * scale) < 1e-10, "{}: b", c.name);
        assert!(rel(f.level(), c.level, scale) < 1e-12, "{}: level", c.name);
        assert!(
            rel(f.objective(), c.mse, 1e-12) < 1e-9,
            "{}: objective {} vs {}",
            c.name,
            f.objective(),
            c.mse
        );
        assert!(
            rel(f.sigma(), c.sigma, 1e-12) < 1e-9,
            "{}: sigma {} vs {}",
            c.name,
            f.sigma(),
            c.sigma
        );
        let fc = f.forecast(r.h, &DEFAULT_LEVELS).unwrap();
        for (k, (a, b)) in fc.mean.iter().zip(&c.mean).enumerate() {
            assert!(
                rel(*a, *b, scale) < 1e-12,
                "{}: mean[{k}] {a} vs {b}",
                c.name
            );
        }
    }
}

#[test]
fn intervals_match_the_distribution_statsforecast_simulates() {
    // 200,000 simulated paths: their quantiles are within about 0.3 % of the exact ones (the
    // widths agree to 0.6 % at worst), so the widths must agree to 1.5 %. The centres differ by the simulation's drift from
    // the point forecast (O(h/n) standard errors), so they are compared loosely.
    let r = reference();
    for c in &r.cases {
        let fc = fit(c).forecast(r.h, &DEFAULT_LEVELS).unwrap();
        for (mine, theirs) in fc
            .intervals
            .iter()
            .zip([&c.intervals_big.l80, &c.intervals_big.l95])
        {
            for k in 0..r.h {
                let w_mine = mine.upper[k] - mine.lower[k];
                let w_ref = theirs.upper[k] - theirs.lower[k];
                assert!(
                    rel(w_mine, w_ref, 0.0) < 0.015,
                    "{} {}%: width[{k}] {w_mine} vs {w_ref}",
                    c.name,
                    mine.level
                );
                let centre = 0.5 * (theirs.upper[k] + theirs.lower[k]);
                assert!(
                    (fc.mean[k] - centre).abs() < 0.25 * w_ref,
                    "{}: centre[{k}]",
                    c.name
                );
            }
        }
        // statsforecast's own 200-path intervals: a noisy sample of the same, within about
        // 15 % of the width (the 2.5 % quantile of 200 draws has a standard error near 0.2σ).
        // For additive decompositions its σ includes the seasonal swing (see the docs), so
        // only the multiplicative and non-seasonal cases are compared.
        if c.decomposition_used.as_deref() != Some("additive") {
            for (mine, theirs) in fc
                .intervals
                .iter()
                .zip([&c.intervals_200.l80, &c.intervals_200.l95])
            {
                let w_mine: f64 = (0..r.h).map(|k| mine.upper[k] - mine.lower[k]).sum();
                let w_ref: f64 = (0..r.h).map(|k| theirs.upper[k] - theirs.lower[k]).sum();
                assert!(
                    rel(w_mine, w_ref, 0.0) < 0.15,
                    "{}: {w_mine} vs {w_ref}",
                    c.name
                );
            }
        }
    }
}

#[test]
fn a_constant_series_is_forecast_flat_with_a_note() {
    let r = reference();
    let f = Theta::default().fit_slice(&r.constant.values).unwrap();
    assert_eq!(f.notes(), &[FitNote::ConstantSeries { value: 4.0 }]);
    let fc = f.forecast(3, &DEFAULT_LEVELS).unwrap();
    assert_eq!(fc.mean, r.constant.mean);
    assert_eq!(fc.intervals[1].lower, fc.intervals[1].upper);
    assert_eq!(f.predict_total(3).unwrap(), (12.0, 0.0));
}

/// Paths simulated as statsforecast's `compute_pi_samples` does (level, running mean and
/// trend line updated from each sample), without seasonality.
fn simulate_totals(f: &FittedTheta, y: &[f64], h: usize, paths: usize) -> (f64, f64) {
    use rand::SeedableRng;
    use rand_distr::{Distribution, Normal};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    let normal = Normal::new(0.0, f.sigma()).unwrap();
    let n = y.len();
    let alpha = f.alpha();
    let mean_y = y.iter().sum::<f64>() / n as f64;
    let (mut sum, mut sum2) = (0.0, 0.0);
    for _ in 0..paths {
        let (mut s, mut m, mut a, mut b) = (f.level(), mean_y, f.intercept(), f.slope());
        let mut total = 0.0;
        for i in n..n + h {
            let d = 1.0 - alpha;
            let x = s
                + 0.5 * (a * d.powi(i as i32) + b * (1.0 - d.powi(i as i32 + 1)) / alpha)
                + normal.sample(&mut rng);
            total += x;
            s = alpha * x + (1.0 - alpha) * s;
            m = (i as f64 * m + x) / (i as f64 + 1.0);
            b = ((i as f64 - 1.0) * b + 6.0 * (x - m) / (i as f64 + 1.0)) / (i as f64 + 2.0);
            a = m - b * (i as f64 + 2.0) / 2.0;
        }
        sum += total;
        sum2 += total * total;
    }
    let mean = sum / paths as f64;
    (mean, (sum2 / paths as f64 - mean * mean).sqrt())
}

#[test]
fn the_total_has_the_spread_of_simulated_totals() {
    let r = reference();
    for name in ["nile", "drift", "short"] {
        let c = r.cases.iter().find(|c| c.name == name).unwrap();
        let f = fit(c);
        let h = 10;
        let (_, se) = f.predict_total(h).unwrap();
        let (_, sim_se) = simulate_totals(&f, &c.values, h, 40_000);
        // 40,000 paths estimate a standard deviation to about 0.4 %.
        assert!(
            rel(se, sim_se, 0.0) < 0.02,
            "{name}: {se} vs simulated {sim_se}"
        );
        // Wider than independent steps would give: the errors accumulate through the level.
        let p = f.forecast(h, &[95.0]).unwrap();
        let z = forecast_arima::normal_quantile(95.0).unwrap();
        let independent: f64 = (0..h)
            .map(|k| ((p.intervals[0].upper[k] - p.mean[k]) / z).powi(2))
            .sum::<f64>()
            .sqrt();
        assert!(se > independent, "{name}: {se} vs {independent}");
    }
}

#[test]
fn saved_models_reload_bit_for_bit_and_bad_files_are_refused() {
    let r = reference();
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    for c in &r.cases {
        let y = TimeSeries::new(c.values.clone())
            .unwrap()
            .with_start(start, Frequency::Daily)
            .with_period(c.period)
            .unwrap();
        let f = Theta::default()
            .with_decomposition(kind(&c.decomposition))
            .fit(&y)
            .unwrap();
        let back = reload(&f);
        assert_eq!(back, f);
        assert_same_model(&back, &f, 30, &c.name);
        assert_eq!(back.predict_total(9).unwrap(), f.predict_total(9).unwrap());
        assert_eq!(
            f.forecast_start(),
            Frequency::Daily.advance(start, c.values.len() as u32)
        );
    }
    let c = r.cases.iter().find(|c| c.name == "airpassengers").unwrap();
    let json = serde_json::to_value(fit(c)).unwrap();
    let bad = |field: &str, value: serde_json::Value, want: &str| {
        let mut v = json.clone();
        let mut slot = &mut v;
        for part in field.split('.') {
            slot = &mut slot[part];
        }
        *slot = value;
        let err = serde_json::from_value::<FittedTheta>(v)
            .unwrap_err()
            .to_string();
        assert!(err.contains(want), "{field}: {err}");
    };
    bad("alpha", 1.5.into(), "alpha");
    bad("alpha", serde_json::Value::Null, "alpha");
    bad("sigma", (-1.0).into(), "sigma");
    bad("level", serde_json::Value::Null, "level");
    bad("fitted", serde_json::json!([1.0, 2.0]), "fitted");
    bad(
        "seasonal.factors",
        serde_json::json!([1.0, 1.0]),
        "seasonal.factors",
    );
    let mut tiny = json["seasonal"]["factors"].clone();
    tiny[3] = 0.001.into();
    bad("seasonal.factors", tiny, "seasonal.factors[3]");
    assert!(serde_json::from_str::<FittedTheta>("{}").is_err());
}

#[test]
fn specifications_are_checked() {
    assert!(matches!(
        Theta::default().fit_slice(&[1.0, 2.0, 3.0]),
        Err(ArimaError::NotEnoughData { needed: 4, got: 3 })
    ));
    assert!(matches!(
        Theta::default().fit_slice(&[]),
        Err(ArimaError::Empty)
    ));
    assert!(matches!(
        Theta::default().fit_slice(&[1.0, f64::NAN, 2.0, 3.0]),
        Err(ArimaError::NonFinite { index: 1, .. })
    ));
    assert!(
        Theta::default()
            .with_period(0)
            .fit_slice(&[1.0; 10])
            .is_err()
    );
    assert!(Theta::default().with_period(0).min_train_len().is_err());
    let spec: Theta =
        serde_json::from_str(r#"{"period": 7, "decomposition": "additive"}"#).unwrap();
    assert_eq!(
        spec,
        Theta::default()
            .with_period(7)
            .with_decomposition(Decomposition::Additive)
    );
    assert_eq!(reload(&spec), spec);
    assert!(serde_json::from_str::<Theta>(r#"{"period": 0}"#).is_err());
    assert!(serde_json::from_str::<Theta>(r#"{"seasonality": 7}"#).is_err());
    // A period far beyond the data is simply not tested for.
    let f = Theta::default()
        .with_period(usize::MAX)
        .fit_slice(&[1.0, 3.0, 2.0, 4.0, 3.0])
        .unwrap();
    assert!(f.decomposition().is_none());
    let fc = f.forecast(2, &DEFAULT_LEVELS).unwrap();
    assert!(fc.mean.iter().all(|v| v.is_finite()));
    assert!(f.forecast(0, &DEFAULT_LEVELS).is_err());
    assert!(f.forecast(3, &[0.95]).is_err());
    assert!(matches!(
        f.predict_total(forecast_arima::MAX_HORIZON + 1),
        Err(ArimaError::HorizonTooLong { .. })
    ));
}

#[test]
fn extreme_magnitudes_give_the_rescaled_answer() {
    let r = reference();
    let c = r.cases.iter().find(|c| c.name == "nile").unwrap();
    let base = fit(c).forecast(5, &DEFAULT_LEVELS).unwrap();
    for scale in [1e-100, 1e140] {
        let y: Vec<f64> = c.values.iter().map(|v| v * scale).collect();
        let f = Theta::default().fit_slice(&y).unwrap();
        let fc = f.forecast(5, &DEFAULT_LEVELS).unwrap();
        for (a, b) in fc.mean.iter().zip(&base.mean) {
            // A different power-of-two scale stops Nelder–Mead elsewhere: close, not exact.
            assert!(
                rel(*a, b * scale, 0.0) < 0.05,
                "{scale}: {a} vs {}",
                b * scale
            );
        }
        assert!(fc.intervals[1].upper.iter().all(|v| v.is_finite()));
        let (t, se) = f.predict_total(5).unwrap();
        assert!(t.is_finite() && se.is_finite() && se > 0.0);
    }
}
