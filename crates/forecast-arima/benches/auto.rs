//! Automatic order selection over 1,000 simulated monthly series of length 120 (fixed seed),
//! one thread and the parallel batch API. In test mode (`cargo test --benches`, one run, no
//! timing) only the first 20 series are used so CI stays quick.

use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use ecom_core::TimeSeries;
use forecast_arima::{AutoArima, forecast_batch};

#[path = "support/mod.rs"]
mod support;
use support::{SEED, simulated_series};

fn auto(c: &mut Criterion) {
    let bench_mode = std::env::args().any(|a| a == "--bench");
    let n = if bench_mode { 1000 } else { 20 };
    let series = simulated_series(n, 120, SEED);
    let ts: Vec<TimeSeries> = series
        .iter()
        .map(|s| TimeSeries::new(s.clone()).unwrap().with_period(12).unwrap())
        .collect();
    let spec = AutoArima::default().with_period(12);
    let mut group = c.benchmark_group("auto_arima");
    group.sample_size(10);
    group.bench_function(format!("{n}_series_len120_one_thread"), |b| {
        b.iter_batched(
            || series.clone(),
            |series| {
                for y in &series {
                    black_box(spec.fit_slice(y).ok());
                }
            },
            BatchSize::LargeInput,
        )
    });
    group.bench_function(format!("{n}_series_len120_forecast_batch"), |b| {
        b.iter(|| black_box(forecast_batch(&spec, &ts, 12, &[80.0, 95.0])))
    });
    group.finish();
}

criterion_group!(benches, auto);
criterion_main!(benches);
