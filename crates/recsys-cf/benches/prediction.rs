//! Prediction: a whole test set through a fitted KNN model (neighbour selection per pair, in
//! parallel), SVD training epochs, and top-N for every user.

use std::hint::black_box;

use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use recsys_cf::split;
use recsys_cf::{Knn, KnnAlgorithm, RatingPredictor, Recommender, Similarity, Svd, SvdPp};

mod common;

fn prediction(c: &mut Criterion) {
    let r = common::synthetic(1000, 1700, 80, 11);
    let s = split::random(&r, 0.2, 42).expect("splits");
    let mut group = c.benchmark_group("knn_test");
    group.sample_size(10);
    for (side, user_based) in [("user", true), ("item", false)] {
        for algorithm in [
            KnnAlgorithm::Basic,
            KnnAlgorithm::WithZScore,
            KnnAlgorithm::Baseline,
        ] {
            let model = Knn::new(algorithm)
                .similarity(Similarity::Msd)
                .user_based(user_based)
                .fit(&s.train)
                .expect("fits");
            group.bench_with_input(
                BenchmarkId::new(format!("{}/{side}", algorithm.name()), s.test.len()),
                &s.test,
                |b, test| b.iter(|| black_box(model.test(test))),
            );
        }
    }
    group.finish();

    let mut group = c.benchmark_group("knn_fit_test");
    group.sample_size(10);
    let spec = Knn::new(KnnAlgorithm::WithMeans)
        .similarity(Similarity::pearson_baseline())
        .user_based(false);
    // A fresh split per batch (built outside the timing), as a cross-validation loop would see.
    let mut seed = 0;
    group.bench_function("KNNWithMeans/pearson_baseline/item", |b| {
        b.iter_batched(
            || {
                seed += 1;
                split::random(&r, 0.2, seed).expect("splits")
            },
            |s| black_box(spec.fit(&s.train).expect("fits").test(&s.test)),
            BatchSize::LargeInput,
        )
    });
    group.finish();

    let mut group = c.benchmark_group("svd_fit");
    group.sample_size(10);
    for factors in [20usize, 100] {
        let spec = Svd::new().n_factors(factors).n_epochs(5);
        group.bench_with_input(
            BenchmarkId::from_parameter(factors),
            &s.train,
            |b, train| b.iter(|| black_box(spec.fit(train).expect("fits"))),
        );
    }
    let svdpp = SvdPp::new().n_factors(20).n_epochs(5);
    group.bench_function("SVD++/20", |b| {
        b.iter(|| black_box(svdpp.fit(&s.train).expect("fits")))
    });
    group.finish();

    let mut group = c.benchmark_group("recommend_all");
    group.sample_size(10);
    let knn = Knn::new(KnnAlgorithm::Basic)
        .similarity(Similarity::Cosine)
        .user_based(false)
        .fit(&s.train)
        .expect("fits");
    let svd = Svd::new()
        .n_factors(50)
        .n_epochs(5)
        .fit(&s.train)
        .expect("fits");
    group.bench_function("KNNBasic/cosine/item", |b| {
        b.iter(|| black_box(knn.recommend_all(10, true)))
    });
    group.bench_function("SVD/50", |b| {
        b.iter(|| black_box(svd.recommend_all(10, true)))
    });
    group.finish();
}

criterion_group!(benches, prediction);
criterion_main!(benches);
