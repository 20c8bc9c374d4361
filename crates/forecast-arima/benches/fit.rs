//! Single model fits: ARIMA(1,1,1) on the Nile flows and the airline model on log
//! AirPassengers (CSS-ML: least-squares CSS, exact ML by BFGS, standard errors, forecast state).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use forecast_arima::{Arima, Holt, SimpleExpSmoothing};

#[path = "support/mod.rs"]
mod support;
use support::fixture;

fn fits(c: &mut Criterion) {
    let nile = fixture("nile");
    let air = fixture("airpassengers_log");
    let mut group = c.benchmark_group("fit");
    group.bench_function("arima_111_nile", |b| {
        let m = Arima::new(1, 1, 1);
        b.iter(|| black_box(m.fit_slice(black_box(&nile)).unwrap()))
    });
    group.bench_function("airline_air_log", |b| {
        let m = Arima::new(0, 1, 1).with_seasonal(0, 1, 1, 12);
        b.iter(|| black_box(m.fit_slice(black_box(&air)).unwrap()))
    });
    group.bench_function("forecast_airline_h24", |b| {
        let fit = Arima::new(0, 1, 1)
            .with_seasonal(0, 1, 1, 12)
            .fit_slice(&air)
            .unwrap();
        b.iter(|| black_box(fit.forecast(24, &[80.0, 95.0]).unwrap()))
    });
    group.bench_function("ses_nile", |b| {
        b.iter(|| {
            black_box(
                SimpleExpSmoothing::default()
                    .fit_slice(black_box(&nile))
                    .unwrap(),
            )
        })
    });
    group.bench_function("holt_air_log", |b| {
        b.iter(|| black_box(Holt::default().fit_slice(black_box(&air)).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, fits);
criterion_main!(benches);
