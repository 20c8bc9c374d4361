//! The hot loops: one assignment pass (every point to its nearest centre), and a few exact
//! iterations from fixed centres with each algorithm (Lloyd, Hamerly, Elkan), on seeded
//! `make_blobs` data.

#[path = "../tests/common/blobs.rs"]
mod blobs;

use std::hint::black_box;

use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use ecom_core::PointSet;
use logistics_kmeans::{Algorithm, Init, KMeans};

/// `n x d` blobs around `k` centres, and `k` starting centres taken from the data.
fn setup(n: usize, d: usize, k: usize) -> (PointSet, Vec<f64>) {
    let x = blobs::make_blobs(n, d, k, 3, false);
    let centres = x[..k * d].to_vec();
    (PointSet::new(x, d).expect("finite"), centres)
}

fn assignment_pass(c: &mut Criterion) {
    let mut g = c.benchmark_group("assign/nearest_centre");
    for &(d, k) in &[(2, 16), (3, 20), (16, 20), (64, 10)] {
        let (pts, centres) = setup(50_000, d, k);
        // A one-iteration model from fixed centres: its predict is the plain assignment pass.
        let model = KMeans::new(k)
            .init(Init::Centres(centres))
            .max_iter(1)
            .fit(&pts)
            .expect("fit");
        g.bench_with_input(
            BenchmarkId::from_parameter(format!("n50k_d{d}_k{k}")),
            &pts,
            |b, p| b.iter(|| black_box(model.predict(p).expect("same dimension"))),
        );
    }
    g.finish();
}

fn exact_iterations(c: &mut Criterion) {
    let mut g = c.benchmark_group("assign/five_iterations");
    for &(d, k) in &[(2, 16), (3, 50), (16, 20), (64, 40)] {
        let (pts, centres) = setup(50_000, d, k);
        for algo in [Algorithm::Lloyd, Algorithm::Hamerly, Algorithm::Elkan] {
            let spec = KMeans::new(k)
                .init(Init::Centres(centres.clone()))
                .max_iter(5)
                .tol(0.0)
                .algorithm(algo);
            g.bench_with_input(
                BenchmarkId::new(format!("{algo:?}"), format!("n50k_d{d}_k{k}")),
                &pts,
                |b, p| {
                    b.iter_batched(
                        || spec.clone(),
                        |s| black_box(s.fit(p).expect("fit")),
                        BatchSize::SmallInput,
                    )
                },
            );
        }
    }
    g.finish();
}

criterion_group!(benches, assignment_pass, exact_iterations);
criterion_main!(benches);
