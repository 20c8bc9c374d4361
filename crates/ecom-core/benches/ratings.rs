//! Building the sparse ratings store (id mapping plus CSR and CSC) at MovieLens-like sizes.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ecom_core::{DuplicatePolicy, Feedback, RatingsBuilder};

/// Deterministic pseudo-random triplets (a 64-bit LCG; no RNG crate needed for a fixed workload).
fn triplets(n: usize) -> Vec<(String, String, f64)> {
    let mut x: u64 = 42;
    let mut next = || {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        x >> 33
    };
    (0..n)
        .map(|_| {
            let u = next() % 1000;
            let i = next() % 2000;
            let r = (next() % 5 + 1) as f64;
            (format!("u{u}"), format!("i{i}"), r)
        })
        .collect()
}

fn build(c: &mut Criterion) {
    let mut group = c.benchmark_group("ratings_build");
    for n in [10_000usize, 100_000] {
        let data = triplets(n);
        group.bench_with_input(BenchmarkId::from_parameter(n), &data, |b, data| {
            b.iter(|| {
                let mut builder = RatingsBuilder::new(Feedback::explicit(1.0, 5.0).unwrap())
                    .duplicates(DuplicatePolicy::KeepLast);
                for (u, i, r) in data {
                    builder.push(u, i, *r).unwrap();
                }
                black_box(builder.build().unwrap())
            });
        });
    }
    group.finish();
}

criterion_group!(benches, build);
criterion_main!(benches);
