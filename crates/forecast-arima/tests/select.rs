//! Model choice by rolling-origin backtest: clear-cut synthetic cases, the shop's data,
//! determinism, saved forms and errors.

mod common;

use common::roundtrip::{assert_same_model, reload};
use ecom_core::{Frequency, NaiveDate, SalesSchema, TimeSeries};
use forecast_arima::FittedModel;
use forecast_arima::{
    AnyFittedModel, ArimaError, AutoArima, Backtest, BacktestSelector, Criterion, Forecaster,
    ModelSpec, MovingAverage, Outcome, SeasonalNaive, SelectedModel, SimpleExpSmoothing, Theta,
    forecast_history,
};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};
use serde::{Serialize, de::DeserializeOwned};

fn noise(seed: u64, n: usize, sd: f64) -> Vec<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let normal = Normal::new(0.0, sd).unwrap();
    (0..n).map(|_| normal.sample(&mut rng)).collect()
}

fn daily(values: Vec<f64>) -> TimeSeries {
    TimeSeries::new(values).unwrap().with_start(
        NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
        Frequency::Daily,
    )
}

fn shop() -> Vec<(String, TimeSeries)> {
    let path = ecom_testing::data_path(env!("CARGO_MANIFEST_DIR"), "online_retail_8skus.csv");
    let history = SalesSchema::default()
        .id_column("sku")
        .quantity_column("units")
        .load(path)
        .unwrap();
    history
        .series
        .into_iter()
        .map(|s| (s.id, s.series))
        .collect()
}

fn mean_of(fit: &SelectedModel, kind: &str) -> f64 {
    fit.scores()
        .iter()
        .find(|c| c.model.to_string() == kind)
        .and_then(|c| c.outcome.score())
        .unwrap_or_else(|| panic!("{kind} was not scored"))
        .mean
}

#[test]
fn a_weekly_pattern_is_not_left_to_a_moving_average() {
    let pattern = [20.0, 35.0, 42.0, 40.0, 30.0, 0.0, 8.0];
    let e = noise(1, 182, 1.0);
    let y: Vec<f64> = (0..182).map(|t| pattern[t % 7] + e[t]).collect();
    let fit = BacktestSelector::default().fit(&daily(y)).unwrap();
    let winner = fit.chosen().to_string();
    assert!(
        ["seasonal naive[7]", "Theta"].contains(&winner.as_str()),
        "{winner}"
    );
    // A flat forecast misses the cycle by far more than any seasonal model's noise.
    assert!(mean_of(&fit, "MA(7)") > 5.0 * fit.score().mean, "{fit}");
    assert_eq!(fit.criterion(), Criterion::Mase);
    assert_eq!(fit.scores().len(), 5);
    let f = fit.forecast(7, &[80.0, 95.0]).unwrap();
    for (k, v) in f.mean.iter().enumerate() {
        assert!((v - pattern[(182 + k) % 7]).abs() < 4.0, "step {k}: {v}");
    }
}

#[test]
fn white_noise_gets_a_mean_like_forecast() {
    let e = noise(2, 200, 3.0);
    let y: Vec<f64> = e.iter().map(|v| 50.0 + v).collect();
    let sample_mean = y.iter().sum::<f64>() / y.len() as f64;
    let fit = BacktestSelector::default().fit(&daily(y)).unwrap();
    let winner = fit.chosen().to_string();
    assert!(!winner.contains("naive"), "{winner}");
    let f = fit.forecast(14, &[]).unwrap();
    for v in &f.mean {
        assert!(
            (v - sample_mean).abs() < 1.5,
            "{winner}: {v} vs mean {sample_mean}"
        );
    }
    // Repeating last week's noise doubles its variance: the seasonal naive loses clearly.
    assert!(mean_of(&fit, "seasonal naive[7]") > 1.2 * fit.score().mean);
}

#[test]
fn shop_skus_each_get_a_model_and_a_full_score_table() {
    for (id, y) in shop().into_iter().take(5) {
        let fit = BacktestSelector::default().fit(&y).unwrap();
        assert_eq!(fit.scores().len(), 5, "{id}");
        let best = fit.score().mean;
        for (i, c) in fit.scores().iter().enumerate() {
            let Outcome::Scored(s) = &c.outcome else {
                panic!("{id}: {} did not score: {:?}", c.model, c.outcome)
            };
            assert_eq!(s.folds.len(), 4);
            assert!(s.mean.is_finite() && s.mae.is_finite());
            assert!(
                s.mean > best || (s.mean == best && i >= fit.chosen_index()),
                "{id}"
            );
        }
        // The winner's score is its backtest's: rerun it through `Backtest` directly.
        let report = fit.backtest().run(fit.chosen(), &y).unwrap();
        let mase = report.metrics.mase.unwrap();
        assert!((mase - best).abs() < 1e-9 * best, "{id}: {mase} vs {best}");
        let f = fit.forecast(28, &[80.0, 95.0]).unwrap();
        assert_eq!(f.start, y.date_at(y.len()), "{id}: dated");
        assert!(f.intervals[1].upper.iter().all(|v| v.is_finite()));
        let (total, se) = fit.predict_total(28).unwrap();
        assert!((total - f.mean.iter().sum::<f64>()).abs() < 1e-6 * total.abs().max(1.0));
        assert!(se > 0.0, "{id}");
        assert_eq!(
            fit.predict_total(28).unwrap(),
            fit.model().predict_total(28).unwrap()
        );
        // ... which is the concrete model's own, where it has one.
        match fit.model() {
            AnyFittedModel::AutoArima(m) | AnyFittedModel::Arima(m) => {
                assert_eq!(fit.predict_total(28).unwrap(), m.predict_total(28).unwrap())
            }
            AnyFittedModel::Theta(m) => {
                assert_eq!(fit.predict_total(28).unwrap(), m.predict_total(28).unwrap())
            }
            _ => {}
        }
    }
}

#[test]
fn the_winner_has_the_lowest_score_of_independent_backtests() {
    // The documented default backtest, built here rather than taken from the selector.
    let backtest = Backtest::new(14)
        .with_windows(4)
        .with_step(7)
        .with_season_length(7);
    for (id, y) in shop().into_iter().skip(3).take(4) {
        let fit = BacktestSelector::default().fit(&y).unwrap();
        let candidates = BacktestSelector::standard_candidates(7);
        assert_eq!(
            fit.scores().iter().map(|c| &c.model).collect::<Vec<_>>(),
            candidates.iter().collect::<Vec<_>>(),
            "{id}"
        );
        let mut best: Option<(f64, usize)> = None;
        for (i, spec) in candidates.iter().enumerate() {
            let report = backtest.run(spec, &y).unwrap();
            let mase = report.metrics.mase.unwrap();
            let mine = fit.scores()[i].outcome.score().unwrap();
            assert!(
                (mine.mean - mase).abs() <= 1e-9 * mase,
                "{id} {spec}: {} vs {mase}",
                mine.mean
            );
            assert!(
                (mine.mae - report.metrics.mae).abs() <= 1e-9 * report.metrics.mae,
                "{id} {spec}"
            );
            if best.is_none_or(|(b, _)| mase < b) {
                best = Some((mase, i));
            }
        }
        let (_, winner) = best.unwrap();
        assert_eq!(fit.chosen_index(), winner, "{id}: {fit}");
        assert_eq!(fit.chosen(), &candidates[winner]);
        // The winner is refitted on all the data: the same model as fitting it directly.
        let direct = candidates[winner].fit_series(&y).unwrap();
        assert_same_model(fit.model(), &direct, 14, &id);
    }
}

#[test]
fn too_short_series_are_a_typed_error_for_every_length() {
    let selector = BacktestSelector::default();
    let need = selector.min_train_len().unwrap();
    assert_eq!(need, 2 + 35, "SES needs 2 values before the first origin");
    for n in 1..need {
        let y = daily((0..n).map(|t| (t % 7) as f64).collect());
        match selector.fit(&y) {
            Err(ArimaError::AllCandidatesFailed { failures }) => {
                assert_eq!(failures.len(), 5, "{n}");
                assert!(
                    failures
                        .iter()
                        .all(|f| f.contains("too short") || f.contains("at least")),
                    "{n}: {failures:?}"
                );
            }
            other => panic!("{n} values: {other:?}"),
        }
    }
    // At that length SES is scored; seasonal naive (8 + 35) is not.
    let y = daily((0..need).map(|t| (t % 7) as f64).collect());
    let fit = selector.fit(&y).unwrap();
    assert!(
        matches!(fit.scores()[2].outcome, Outcome::Scored(_)),
        "{fit}"
    );
    assert!(
        matches!(fit.scores()[0].outcome, Outcome::Failed { .. }),
        "{fit}"
    );
}

#[test]
fn selection_is_deterministic_on_any_thread_count() {
    let (_, y) = shop().swap_remove(1);
    let a = BacktestSelector::default().fit(&y).unwrap();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let b = pool.install(|| BacktestSelector::default().fit(&y).unwrap());
    // The JSON holds every number (NaN standard errors as null, which `==` would not equate).
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap()
    );
}

#[test]
fn saved_selections_reload_bit_for_bit() {
    for (id, y) in shop().into_iter().take(5) {
        let fit = BacktestSelector::default().fit(&y).unwrap();
        // `reload` checks the reread model writes the same JSON.
        let back = reload(&fit);
        assert_eq!(back.scores(), fit.scores(), "{id}");
        assert_same_model(&back, &fit, 30, &id);
        assert_eq!(
            back.predict_total(10).unwrap(),
            fit.predict_total(10).unwrap()
        );
        assert_eq!(back.to_string(), fit.to_string());
    }
    // Every kind of fitted model reloads through `AnyFittedModel`.
    let y = daily(
        (0..60)
            .map(|t| 10.0 + (t % 7) as f64 + 0.1 * t as f64)
            .collect(),
    );
    for spec in BacktestSelector::standard_candidates(7).into_iter().chain([
        ModelSpec::from(SeasonalNaive::naive()),
        AutoArima::default().with_period(7).into(),
        forecast_arima::Arima::new(0, 1, 1).into(),
    ]) {
        let fitted = spec.fit_series(&y).unwrap();
        let back: AnyFittedModel = reload(&fitted);
        assert_same_model(&back, &fitted, 10, &spec.to_string());
        assert_eq!(reload(&spec), spec);
    }
}

#[test]
fn tampered_selections_are_refused() {
    let (_, y) = shop().swap_remove(0);
    let fit = BacktestSelector::default().fit(&y).unwrap();
    let json = serde_json::to_value(&fit).unwrap();
    let chosen = fit.chosen_index();
    let other = (0..fit.scores().len()).find(|i| *i != chosen).unwrap();
    let refused = |v: serde_json::Value, want: &str| {
        let err = serde_json::from_value::<SelectedModel>(v)
            .unwrap_err()
            .to_string();
        assert!(err.contains(want), "{want}: {err}");
    };
    // Another candidate (fitted, of the right kind) declared the winner: it scored worse.
    let mut v = json.clone();
    v["chosen"] = other.into();
    v["model"] = serde_json::to_value(fit.scores()[other].model.fit_series(&y).unwrap()).unwrap();
    refused(v, "not consistent with candidate");
    let mut v = json.clone();
    v["chosen"] = other.into();
    refused(v, "the chosen candidate is");
    let mut v = json.clone();
    v["chosen"] = 99.into();
    refused(v, "chosen");
    let mut v = json.clone();
    v["scores"][chosen]["outcome"] = serde_json::json!({"failed": {"reason": "x"}});
    refused(v, "must have been scored");
    let mut v = json.clone();
    v["scores"][other]["outcome"]["scored"]["folds"] = serde_json::json!([0.5]);
    refused(v, "folds");
    let mut v = json.clone();
    // serde_json names no field for a type error: any refusal will do.
    v["scores"][other]["outcome"]["scored"]["mean"] = serde_json::Value::Null;
    refused(v, "invalid type");
    let mut v = json.clone();
    v["scores"][other]["outcome"]["scored"]["mean"] = 12345.0.into();
    refused(v, "the folds' mean");
    let mut v = json.clone();
    v["windows"] = 0.into();
    refused(v, "windows");
    // The fitted model must be of the chosen candidate's kind.
    let other_kind = serde_json::to_value(
        SeasonalNaive::naive()
            .fit(&y)
            .map(AnyFittedModel::SeasonalNaive)
            .unwrap(),
    )
    .unwrap();
    if fit.chosen().to_string() != "seasonal naive[7]" {
        let mut v = json.clone();
        v["model"] = other_kind;
        refused(v, "model");
    }
    // A candidate whose refit failed may rank ahead of the winner, but only ahead.
    let mut v = json.clone();
    let s = v["scores"][other]["outcome"]["scored"].clone();
    v["scores"][other]["outcome"] =
        serde_json::json!({"refit_failed": {"score": s, "reason": "x"}});
    let better = fit.scores()[other].outcome.score().unwrap().mean < fit.score().mean
        || (fit.scores()[other].outcome.score().unwrap().mean == fit.score().mean
            && other < chosen);
    let result = serde_json::from_value::<SelectedModel>(v);
    assert_eq!(result.is_ok(), better);
    assert!(serde_json::from_str::<SelectedModel>("{}").is_err());
}

#[test]
fn settings_are_checked_before_any_fit() {
    let y = daily((0..100).map(|t| (t % 5) as f64).collect());
    let cases = [
        (
            BacktestSelector::default().with_candidates(vec![]),
            "candidates",
        ),
        (BacktestSelector::default().with_horizon(0), "horizon"),
        (BacktestSelector::default().with_windows(0), "windows"),
        (BacktestSelector::default().with_step(0), "step"),
        (BacktestSelector::default().with_period(0), "period"),
        (
            BacktestSelector::default()
                .with_windows(usize::MAX)
                .with_step(2),
            "windows",
        ),
    ];
    for (s, name) in cases {
        match s.fit(&y) {
            Err(ArimaError::InvalidParameter { name: n, .. }) => assert_eq!(n, name),
            other => panic!("{name}: {other:?}"),
        }
        assert!(s.min_train_len().is_err(), "{name}");
    }
    assert!(matches!(
        BacktestSelector::default()
            .with_horizon(forecast_arima::MAX_HORIZON + 1)
            .fit(&y),
        Err(ArimaError::HorizonTooLong { .. })
    ));
    assert!(matches!(
        BacktestSelector::default().fit_slice(&[]),
        Err(ArimaError::Empty)
    ));
    assert!(
        BacktestSelector::default()
            .fit_slice(&[1.0, f64::NAN])
            .is_err()
    );
    // Stored configurations are checked the same way.
    let spec: BacktestSelector = serde_json::from_str(
        r#"{"candidates": [{"ses": {}}, {"theta": {"period": 7}}], "horizon": 7, "windows": 6}"#,
    )
    .unwrap();
    assert_eq!(
        spec,
        BacktestSelector::default()
            .with_candidates(vec![
                SimpleExpSmoothing::default().into(),
                Theta::default().with_period(7).into()
            ])
            .with_horizon(7)
            .with_windows(6)
    );
    assert_eq!(reload(&spec), spec);
    assert_eq!(
        reload(&BacktestSelector::default()),
        BacktestSelector::default()
    );
    for bad in [
        r#"{"candidates": []}"#,
        r#"{"horizon": 0}"#,
        r#"{"step": 0}"#,
        r#"{"candidates": [{"prophet": {}}]}"#,
        r#"{"candidates": [{"seasonal_naive": {"period": 0}}]}"#,
        r#"{"window": 3}"#,
    ] {
        assert!(
            serde_json::from_str::<BacktestSelector>(bad).is_err(),
            "{bad}"
        );
    }
}

#[test]
fn failing_candidates_drop_out_and_all_failing_is_an_error() {
    let y = daily((0..80).map(|t| 10.0 + (t % 7) as f64).collect());
    // A 60-day window leaves the first origin (45 days in) too little data.
    let fit = BacktestSelector::default()
        .with_candidates(vec![
            MovingAverage::new(60).unwrap().into(),
            SeasonalNaive::new(7).unwrap().into(),
        ])
        .fit(&y)
        .unwrap();
    assert_eq!(fit.chosen().to_string(), "seasonal naive[7]");
    let Outcome::Failed { reason } = &fit.scores()[0].outcome else {
        panic!("{:?}", fit.scores()[0].outcome)
    };
    assert!(reason.contains("needs at least"), "{reason}");
    // Too short for every candidate: the error lists each one's reason.
    let short = daily(vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]);
    let err = BacktestSelector::default().fit(&short).unwrap_err();
    let ArimaError::AllCandidatesFailed { failures } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(failures.len(), 5);
    assert!(
        failures[0].starts_with("seasonal naive[7]: "),
        "{failures:?}"
    );
    assert!(failures[2].starts_with("SES: "), "{failures:?}");
    assert!(err.to_string().contains("Theta: "), "{err}");
    assert!(err.to_string().contains("the series has 8"), "{err}");
}

#[test]
fn ties_go_to_the_candidate_listed_first() {
    // Naive and a 1-day moving average forecast the same: equal scores.
    let y = daily((0..60).map(|t| ((t * 7) % 11) as f64).collect());
    let candidates: Vec<ModelSpec> = vec![
        MovingAverage::new(1).unwrap().into(),
        SeasonalNaive::naive().into(),
    ];
    let a = BacktestSelector::default()
        .with_candidates(candidates.clone())
        .fit(&y)
        .unwrap();
    let b = BacktestSelector::default()
        .with_candidates(candidates.into_iter().rev().collect())
        .fit(&y)
        .unwrap();
    assert_eq!(a.score().mean, b.score().mean);
    assert_eq!(a.chosen().to_string(), "MA(1)");
    assert_eq!(b.chosen().to_string(), "naive");
}

#[test]
fn a_sku_that_never_sold_before_the_folds_is_ranked_by_mae() {
    // No MASE scale at any origin: the training data are all zeros.
    let mut v = vec![0.0; 100];
    v.extend((0..35).map(|t| (t % 3) as f64));
    let fit = BacktestSelector::default().fit(&daily(v)).unwrap();
    assert_eq!(fit.criterion(), Criterion::Mae);
    for c in fit.scores() {
        if let Some(s) = c.outcome.score() {
            assert!((s.mean - s.mae).abs() < 1e-12);
        }
    }
    assert!(fit.to_string().contains("MAE"));
}

/// Compile-time checks: the selection plugs into everything generic over the crate's traits.
fn is_forecaster<F: Forecaster<Fitted = SelectedModel> + Serialize + DeserializeOwned>(_: &F) {}
fn is_fitted_model<M: FittedModel + Serialize + DeserializeOwned>(_: &M) {}

#[test]
fn the_selector_is_a_forecaster_for_batches_and_backtests() {
    let skus = shop();
    let history = ecom_core::SalesHistory {
        series: skus
            .iter()
            .take(3)
            .map(|(id, s)| ecom_core::NamedSeries {
                id: id.clone(),
                series: s.clone(),
            })
            .collect(),
        frequency: Frequency::Daily,
        skipped: vec![],
        duplicates: None,
    };
    let selector = BacktestSelector::default().with_candidates(vec![
        SeasonalNaive::new(7).unwrap().into(),
        Theta::default().into(),
        AutoArima::default().into(),
    ]);
    is_forecaster(&selector);
    for (id, f) in forecast_history(&selector, &history, 14, &[80.0, 95.0]) {
        let f = f.unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(f.mean.len(), 14);
        let (_, s) = skus.iter().find(|(i, _)| *i == id).unwrap();
        assert_eq!(f.start, s.date_at(s.len()), "{id}: dated");
        // Through the trait, the same forecast as the selection's own.
        let fitted = selector.fit_series(s).unwrap();
        is_fitted_model(&fitted);
        assert_eq!(
            FittedModel::forecast(&fitted, 14, &[80.0, 95.0]).unwrap(),
            f
        );
    }
    // A backtest of the selection itself: each outer fold selects on its own training data.
    let (_, y) = &skus[0];
    let report = Backtest::new(7).with_windows(2).run(&selector, y).unwrap();
    assert_eq!(report.folds.len(), 2);
    assert!(report.metrics.mase.unwrap().is_finite());
    // The shortest series some candidate can be backtested on: AutoARIMA fits from one value
    // before the first origin, then the folds span 35 more.
    assert_eq!(selector.min_train_len().unwrap(), 1 + 35);
    assert_eq!(
        BacktestSelector::default()
            .with_candidates(vec![SeasonalNaive::new(7).unwrap().into()])
            .min_train_len()
            .unwrap(),
        8 + 35
    );
}
