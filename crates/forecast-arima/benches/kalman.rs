//! The exact log-likelihood evaluation the optimiser calls: stationary initial covariance plus
//! the Chandrasekhar Kalman filter, at fixed parameters.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use forecast_arima::bench_support::MlObjective;
use forecast_arima::{Arima, Coefficients};

#[path = "support/mod.rs"]
mod support;
use support::fixture;

fn kalman(c: &mut Criterion) {
    let mut group = c.benchmark_group("kalman_loglik");
    let air = fixture("airpassengers_log");
    let elnino = fixture("elnino");
    let cases = [
        (
            "nile_111",
            Arima::new(1, 1, 1),
            fixture("nile"),
            vec![0.3, -0.8],
        ),
        (
            "airline",
            Arima::new(0, 1, 1).with_seasonal(0, 1, 1, 12),
            air.clone(),
            vec![-0.4, -0.55],
        ),
        (
            "air_211_110_12",
            Arima::new(2, 1, 1).with_seasonal(1, 1, 0, 12),
            air,
            vec![0.5, 0.2, -0.8, -0.3],
        ),
        (
            "elnino_sar2",
            Arima::new(1, 0, 1).with_seasonal(2, 1, 1, 12),
            elnino,
            vec![0.8, 0.2, -0.1, -0.05, -0.8],
        ),
    ];
    for (name, model, y, u) in cases {
        let obj = MlObjective::new(&model, &y).unwrap();
        group.bench_with_input(BenchmarkId::new("objective", name), &u, |b, u| {
            let mut f = obj.evaluator();
            b.iter(|| black_box(f(black_box(u))));
        });
    }
    // The public entry point (validation, differencing and the filter) for comparison.
    let nile = fixture("nile");
    let coef = Coefficients {
        ar: vec![0.25],
        ma: vec![-0.87],
        ..Coefficients::default()
    };
    group.bench_function("log_likelihood_api/nile_111", |b| {
        b.iter(|| black_box(Arima::new(1, 1, 1).log_likelihood(&nile, &coef).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, kalman);
criterion_main!(benches);
