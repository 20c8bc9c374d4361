//! Property tests of the invariants every model and helper must keep, on small random data.

use ecom_core::{DuplicatePolicy, Feedback, Ratings};
use proptest::prelude::*;
use recsys_cf::evaluate::{Relevance, ranking};
use recsys_cf::metrics;
use recsys_cf::split;
use recsys_cf::{
    ImplicitAls, ItemCosine, Knn, KnnAlgorithm, RatingPredictor, Recommender, Similarity,
    SimilarityOptions, Storage, Svd, SvdPp,
};

/// Random explicit ratings on 1..5: up to `n_users` x `n_items`, each pair present with
/// probability ~ density, half-star values allowed.
fn ratings_strategy(max_users: usize, max_items: usize) -> impl Strategy<Value = Ratings> {
    (2..=max_users, 2..=max_items)
        .prop_flat_map(|(nu, ni)| {
            proptest::collection::vec(proptest::option::weighted(0.5, 2u8..=10), nu * ni)
                .prop_map(move |cells| (nu, ni, cells))
        })
        .prop_filter_map("need some ratings", |(nu, ni, cells)| {
            let names_u: Vec<String> = (0..nu).map(|u| format!("u{u}")).collect();
            let names_i: Vec<String> = (0..ni).map(|i| format!("i{i}")).collect();
            let mut t = Vec::new();
            for (k, c) in cells.iter().enumerate() {
                if let Some(v) = c {
                    t.push((
                        names_u[k / ni].as_str(),
                        names_i[k % ni].as_str(),
                        f64::from(*v) / 2.0,
                    ));
                }
            }
            if t.len() < 3 {
                return None;
            }
            Ratings::from_triplets(
                Feedback::explicit(1.0, 5.0).unwrap(),
                DuplicatePolicy::Reject,
                t,
            )
            .ok()
        })
}

fn measures() -> [Similarity; 5] {
    [
        Similarity::Cosine,
        Similarity::Msd,
        Similarity::Pearson,
        Similarity::pearson_baseline(),
        Similarity::PearsonBaseline { shrinkage: 0.0 },
    ]
}

/// Local runs never write regression files into the source tree; CI fixes the seed.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn similarities_are_symmetric_bounded_and_storage_independent(r in ratings_strategy(8, 9)) {
        for m in measures() {
            for user_based in [true, false] {
                let o = SimilarityOptions::new(m).user_based(user_based);
                let dense = o.storage(Storage::Dense).compute(&r).unwrap();
                let sparse = o.storage(Storage::Sparse).compute(&r).unwrap();
                let n = dense.n();
                for a in 0..n {
                    prop_assert_eq!(dense.get(a, a), 1.0);
                    for b in 0..n {
                        let s = dense.get(a, b);
                        prop_assert!(s.is_finite() && (-1.0..=1.0).contains(&s), "{:?} {}", m, s);
                        if m == Similarity::Msd {
                            prop_assert!(s >= 0.0);
                        }
                        prop_assert_eq!(s, dense.get(b, a));
                        prop_assert_eq!(sparse.get(a, b), if s > 0.0 { s } else { 0.0 });
                    }
                }
            }
        }
    }

    #[test]
    fn knn_predictions_stay_in_scale_and_do_not_depend_on_storage(r in ratings_strategy(7, 8), k in 1usize..5) {
        for algorithm in [KnnAlgorithm::Basic, KnnAlgorithm::WithMeans, KnnAlgorithm::WithZScore, KnnAlgorithm::Baseline] {
            for m in measures() {
                let spec = Knn::new(algorithm).similarity(m).k(k).user_based(k % 2 == 0);
                let dense = spec.storage(Storage::Dense).fit(&r).unwrap();
                let sparse = spec.storage(Storage::Sparse).fit(&r).unwrap();
                for u in r.users().ids() {
                    for i in r.items().ids().iter().chain([&"unknown".to_string()]) {
                        let p = dense.predict(u, i);
                        prop_assert!((1.0..=5.0).contains(&p.estimate));
                        prop_assert!(p.actual_k.is_none_or(|a| a <= k));
                        prop_assert!(!p.impossible || algorithm == KnnAlgorithm::Basic || p.fallback.is_some_and(|f| f.is_cold_start()));
                        prop_assert_eq!(p, sparse.predict(u, i));
                    }
                }
            }
        }
    }

    #[test]
    fn recommendations_exclude_seen_items_and_are_sorted(r in ratings_strategy(6, 10), n in 0usize..6) {
        let knn = Knn::new(KnnAlgorithm::WithMeans).similarity(Similarity::Pearson).user_based(false).fit(&r).unwrap();
        let svd = Svd::new().n_factors(3).n_epochs(5).fit(&r).unwrap();
        let svdpp = SvdPp::new().n_factors(3).n_epochs(5).fit(&r).unwrap();
        let cos = ItemCosine::new().fit(&r).unwrap();
        let als = ImplicitAls::new().factors(3).iterations(3).fit(&r).unwrap();
        let models: [&dyn Recommender; 5] = [&knn, &svd, &svdpp, &cos, &als];
        for model in models {
            for (u, top) in model.recommend_all(n, true).iter().enumerate() {
                prop_assert!(top.items.len() <= n);
                prop_assert_eq!(&top.query, r.users().id(u as u32));
                for w in top.items.windows(2) {
                    prop_assert!(w[0].score >= w[1].score);
                }
                for s in &top.items {
                    prop_assert!(r.get(&top.query, &s.item).is_none(), "seen item recommended");
                }
                prop_assert_eq!(top, &model.recommend(&top.query, n, true));
            }
        }
    }

    #[test]
    fn splits_partition_the_entries(r in ratings_strategy(8, 8), seed in 0u64..1000, folds in 2usize..5) {
        if let Ok(s) = split::random(&r, 0.3, seed) {
            prop_assert_eq!(s.train.len() + s.test.len(), r.len());
        }
        if r.len() >= folds {
            let f = split::kfold(&r, folds, seed).unwrap();
            prop_assert_eq!(f.iter().map(|s| s.test.len()).sum::<usize>(), r.len());
            let sizes: Vec<usize> = f.iter().map(|s| s.test.len()).collect();
            prop_assert!(sizes.iter().max().unwrap() - sizes.iter().min().unwrap() <= 1);
            for s in &f {
                prop_assert_eq!(s.train.len() + s.test.len(), r.len());
                for e in s.test.entries() {
                    let (u, i) = (s.test.users().id(e.user), s.test.items().id(e.item));
                    prop_assert!(s.train.get(u, i).is_none());
                    prop_assert_eq!(r.get(u, i), Some(e.value));
                }
            }
        }
    }

    #[test]
    fn ranking_metrics_lie_in_unit_interval(
        rec in proptest::collection::hash_set(0u8..20, 0..15).prop_map(|s| s.into_iter().collect::<Vec<_>>()),
        rel in proptest::collection::hash_set(0u8..20, 0..10).prop_map(|s| s.into_iter().collect::<Vec<_>>()),
        k in 1usize..12,
    ) {
        for v in [
            metrics::precision_at_k(&rec, &rel, k),
            metrics::recall_at_k(&rec, &rel, k),
            metrics::ndcg_at_k(&rec, &rel, k),
            metrics::average_precision_at_k(&rec, &rel, k),
        ] {
            prop_assert!((0.0..=1.0 + 1e-12).contains(&v), "{}", v);
        }
    }
}

/// Same seed, same model, whatever the number of threads.
#[test]
fn results_do_not_depend_on_thread_count() {
    let mut t = Vec::new();
    for u in 0..60 {
        for i in 0..40 {
            if (u * 7 + i * 3) % 5 < 2 {
                t.push((
                    format!("u{u}"),
                    format!("i{i}"),
                    f64::from(((u + i) % 5 + 1) as u8),
                ));
            }
        }
    }
    let r = Ratings::from_triplets(
        Feedback::explicit(1.0, 5.0).unwrap(),
        DuplicatePolicy::Reject,
        t.iter().map(|(u, i, v)| (u.as_str(), i.as_str(), *v)),
    )
    .unwrap();
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let als = ImplicitAls::new()
                .factors(6)
                .iterations(4)
                .seed(3)
                .fit(&r)
                .unwrap();
            let knn = Knn::new(KnnAlgorithm::Baseline)
                .similarity(Similarity::pearson_baseline())
                .fit(&r)
                .unwrap();
            let svd = Svd::new().n_factors(5).seed(9).fit(&r).unwrap();
            (
                als.recommend_all(5, true),
                knn.test(&r),
                svd.test(&r),
                ranking(&als, &r, 5, Relevance::Any).unwrap(),
            )
        })
    };
    assert_eq!(run(1), run(3));
}
