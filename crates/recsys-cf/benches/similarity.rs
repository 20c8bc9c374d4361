//! The hot loop: similarity matrices (sparse co-rating accumulation, rows in parallel), dense
//! and sparse storage, user- and item-based, at MovieLens-100K-like and larger sizes.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use recsys_cf::{Similarity, SimilarityOptions, Storage};

mod common;

fn similarity(c: &mut Criterion) {
    let mut group = c.benchmark_group("similarity");
    group.sample_size(10);
    for (n_users, n_items, per_user) in [(1000usize, 1700usize, 80usize), (4000, 8000, 50)] {
        let r = common::synthetic(n_users, n_items, per_user, 7);
        for (name, measure) in [
            ("cosine", Similarity::Cosine),
            ("pearson", Similarity::Pearson),
            ("pearson_baseline", Similarity::pearson_baseline()),
        ] {
            for (side, user_based) in [("user", true), ("item", false)] {
                for (store, storage) in [("dense", Storage::Dense), ("sparse", Storage::Sparse)] {
                    let id = format!("{name}/{side}/{store}");
                    let opts = SimilarityOptions::new(measure)
                        .user_based(user_based)
                        .storage(storage);
                    group.bench_with_input(BenchmarkId::new(id, r.len()), &r, |b, r| {
                        b.iter(|| black_box(opts.compute(r).expect("computes")))
                    });
                }
            }
        }
    }
    group.finish();
}

criterion_group!(benches, similarity);
criterion_main!(benches);
