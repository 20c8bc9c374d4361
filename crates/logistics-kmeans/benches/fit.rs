//! Full fits on seeded data: k-means (k-means++ seeding and iterations), mini-batch, the
//! geographic placement, and the sampled silhouette. The side-by-side comparison with
//! scikit-learn is `benches/reference/compare.sh` (docs/BENCHMARKS.md).

#[path = "../tests/common/blobs.rs"]
mod blobs;

use std::hint::black_box;

use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use ecom_core::PointSet;
use logistics_kmeans::{
    Capacity, GeoKMeans, KMeans, MiniBatchKMeans, SilhouetteOptions, silhouette_score,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn blobs_set(n: usize, d: usize, centres: usize) -> PointSet {
    PointSet::new(blobs::make_blobs(n, d, centres, 1, true), d).expect("finite")
}

fn kmeans_fit(c: &mut Criterion) {
    let mut g = c.benchmark_group("fit/kmeans");
    g.sample_size(10);
    for &(n, d, k) in &[(100_000, 2, 16), (20_000, 16, 20)] {
        let pts = blobs_set(n, d, k);
        for n_init in [1, 4] {
            let spec = KMeans::new(k).n_init(n_init).seed(0);
            g.bench_with_input(
                BenchmarkId::new(format!("n_init{n_init}"), format!("n{n}_d{d}_k{k}")),
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

fn minibatch_fit(c: &mut Criterion) {
    let mut g = c.benchmark_group("fit/minibatch");
    g.sample_size(10);
    let pts = blobs_set(200_000, 2, 16);
    let spec = MiniBatchKMeans::new(16).seed(0);
    g.bench_function("n200k_d2_k16", |b| {
        b.iter_batched(
            || spec.clone(),
            |s| black_box(s.fit(&pts).expect("fit")),
            BatchSize::SmallInput,
        )
    });
    g.finish();
}

/// 5,000 customers scattered over the globe with demand weights.
fn customers() -> PointSet {
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let mut rows = Vec::new();
    let mut w = Vec::new();
    for _ in 0..5_000 {
        let lat = (2.0 * (rng.next_u64() as f64 / u64::MAX as f64) - 1.0)
            .asin()
            .to_degrees();
        let lon = 360.0 * (rng.next_u64() as f64 / u64::MAX as f64) - 180.0;
        rows.push([lat, lon]);
        w.push(1.0 + (rng.next_u64() % 100) as f64);
    }
    PointSet::from_rows(&rows)
        .expect("finite")
        .with_weights(w)
        .expect("positive")
}

fn geo_fit(c: &mut Criterion) {
    let mut g = c.benchmark_group("fit/geo");
    g.sample_size(10);
    let pts = customers();
    for k in [5, 20] {
        let spec = GeoKMeans::new(k).n_init(4);
        g.bench_with_input(
            BenchmarkId::new("distance_objective", format!("n5k_k{k}")),
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
    // Capacitated reassignment: every site may serve 1.2x its equal share of the demand.
    let model = GeoKMeans::new(20).n_init(1).fit(&pts).expect("fit");
    let total: f64 = pts.weights().expect("weighted").iter().sum();
    let cap = Capacity::Uniform(1.2 * total / 20.0);
    g.bench_function("with_capacity/n5k_k20", |b| {
        b.iter(|| black_box(model.with_capacity(&cap).expect("feasible")))
    });
    g.finish();
}

fn silhouette(c: &mut Criterion) {
    let mut g = c.benchmark_group("fit/silhouette");
    g.sample_size(10);
    let pts = blobs_set(20_000, 2, 8);
    let labels = KMeans::new(8).fit(&pts).expect("fit").labels().to_vec();
    g.bench_function("n20k_sample2000", |b| {
        b.iter(|| {
            black_box(
                silhouette_score(&pts, &labels, SilhouetteOptions::sampled(2_000, 0))
                    .expect("score"),
            )
        })
    });
    g.finish();
}

criterion_group!(benches, kmeans_fit, minibatch_fit, geo_fit, silhouette);
criterion_main!(benches);
