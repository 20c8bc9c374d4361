//! Seed sweep of the random ARIMA fits (issue 13): for each proptest seed, draw the cases the
//! property test `arima_fits_or_errors_and_forecasts_are_sane` draws under
//! `PROPTEST_RNG_SEED=<seed>` and fit each by CSS-ML, ML and CSS, counting the cases that
//! fail with anything but `NotEnoughData`, and saving and reloading each fit (the checks of a
//! saved model must accept every fitted one, boundary estimates included). Ignored by default (about a minute for 500 seeds):
//!
//! ```sh
//! cargo test -p forecast-arima --test fit_sweep -- --ignored --nocapture
//! SWEEP_SEEDS=1..=2000 cargo test -p forecast-arima --test fit_sweep -- --ignored --nocapture
//! ```

mod common;

use common::cases::{FIT_CASES, model_case, series};
use common::roundtrip::{assert_same_arima, reload};
use forecast_arima::{ArimaError, FitNote, Method};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngSeed, TestRunner};

fn seeds() -> std::ops::RangeInclusive<u64> {
    let spec = std::env::var("SWEEP_SEEDS").unwrap_or_else(|_| "1..=500".into());
    let (a, b) = spec.split_once("..=").expect("SWEEP_SEEDS like 1..=500");
    a.parse().unwrap()..=b.parse().unwrap()
}

#[test]
#[ignore = "seed sweep, run by hand (see the module docs)"]
fn css_ml_fits_every_seed() {
    let methods = [Method::CssMl, Method::Ml, Method::Css];
    let mut failed_seeds = [0usize; 3];
    let mut failed_cases = [0usize; 3];
    // CSS-ML ending more than one log-likelihood unit below plain ML (a local optimum, or a
    // spurious one in a numerically degenerate region): reported, not asserted.
    let mut worse_than_ml = 0usize;
    let mut worse_than_ml_level = 0usize;
    // Fits whose exact ML needed a fallback start (`FitNote::MlRestarted`).
    let mut restarted = [0usize; 3];
    let mut examples: Vec<String> = Vec::new();
    let strategy = (series(), model_case());
    let seeds = seeds();
    let n_seeds = seeds.clone().count();
    for seed in seeds {
        let config = Config {
            rng_seed: RngSeed::Fixed(seed),
            failure_persistence: None,
            ..Config::default()
        };
        let mut runner = TestRunner::new(config);
        let mut seed_failed = [false; 3];
        for _ in 0..FIT_CASES {
            // The proptest runner reseeds itself from its own stream before every case.
            let next = runner.new_rng();
            *runner.rng() = next;
            let (y, case) = strategy.new_tree(&mut runner).unwrap().current();
            let mut loglik = [f64::NAN; 3];
            for (k, method) in methods.into_iter().enumerate() {
                match case.spec().with_method(method).fit_slice(&y) {
                    Ok(fit) => {
                        loglik[k] = fit.loglik();
                        // Every fitted model passes the checks of a saved one.
                        assert_same_arima(&fit, &reload(&fit), 8, &format!("seed {seed} {case:?}"));
                        if fit
                            .notes()
                            .iter()
                            .any(|n| matches!(n, FitNote::MlRestarted { .. }))
                        {
                            restarted[k] += 1;
                        }
                    }
                    Err(ArimaError::NotEnoughData { .. }) => {}
                    Err(e) => {
                        failed_cases[k] += 1;
                        seed_failed[k] = true;
                        if examples.len() < 20 {
                            examples.push(format!("seed {seed} {method:?} {case:?}: {e}"));
                        }
                    }
                }
            }
            if loglik[0] < loglik[1] - 1.0 {
                worse_than_ml += 1;
                if case.d == 0 && !case.constant {
                    worse_than_ml_level += 1;
                }
                if examples.len() < 20 {
                    examples.push(format!(
                        "seed {seed} {case:?}: CSS-ML loglik {} < ML {}",
                        loglik[0], loglik[1]
                    ));
                }
            }
        }
        for k in 0..3 {
            failed_seeds[k] += usize::from(seed_failed[k]);
        }
    }
    for e in &examples {
        println!("{e}");
    }
    for (k, method) in methods.into_iter().enumerate() {
        println!(
            "{method:?}: {} of {n_seeds} seeds, {} of {} cases failed",
            failed_seeds[k],
            failed_cases[k],
            n_seeds * FIT_CASES as usize
        );
    }
    println!("fits restarted from a fallback start (CSS-ML, ML, CSS): {restarted:?}");
    println!(
        "CSS-ML more than 1 below ML in log-likelihood: {worse_than_ml} cases, \
         {worse_than_ml_level} of them zero-mean stationary models"
    );
    assert_eq!(failed_cases, [0, 0, 0], "fits failed: {examples:#?}");
}
