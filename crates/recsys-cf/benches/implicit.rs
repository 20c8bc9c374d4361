//! Implicit feedback: ALS fitting (conjugate gradient, users and items in parallel) and
//! item-item cosine fitting plus top-N for every user, on binary interactions.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use recsys_cf::{ImplicitAls, ItemCosine, Recommender};

mod common;

fn implicit(c: &mut Criterion) {
    let mut group = c.benchmark_group("implicit_als_fit");
    group.sample_size(10);
    for (n_users, n_items, per_user) in [(1000usize, 1700usize, 80usize), (4000, 4000, 60)] {
        let r = common::synthetic(n_users, n_items, per_user, 3).binarized();
        for factors in [32usize, 64] {
            let spec = ImplicitAls::new().factors(factors).iterations(3);
            group.bench_with_input(
                BenchmarkId::new(format!("factors{factors}/3iter"), r.len()),
                &r,
                |b, r| b.iter(|| black_box(spec.fit(r).expect("fits"))),
            );
        }
    }
    group.finish();

    let mut group = c.benchmark_group("item_cosine");
    group.sample_size(10);
    for (n_users, n_items, per_user) in [(1000usize, 1700usize, 80usize), (4000, 4000, 60)] {
        let r = common::synthetic(n_users, n_items, per_user, 5).binarized();
        group.bench_with_input(BenchmarkId::new("fit", r.len()), &r, |b, r| {
            b.iter(|| black_box(ItemCosine::new().fit(r).expect("fits")))
        });
        let model = ItemCosine::new().fit(&r).expect("fits");
        group.bench_with_input(
            BenchmarkId::new("recommend_all", r.len()),
            &model,
            |b, m| b.iter(|| black_box(m.recommend_all(10, true))),
        );
    }
    group.finish();
}

criterion_group!(benches, implicit);
criterion_main!(benches);
