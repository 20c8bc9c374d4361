//! Issue 13: no NaN, no overflow, no unbounded allocation. Zero-variance z-scores follow
//! Surprise's rule (checked by hand), size limits fail before any work, divergent SGD is a typed
//! error, and huge magnitudes give finite answers.

use ecom_core::{DuplicatePolicy, Feedback, MAX_ABS_VALUE, Ratings};
use recsys_cf::evaluate::{Relevance, ranking};
use recsys_cf::limits::{MAX_CG_STEPS, MAX_DENSE_SIMILARITY_BYTES, MAX_EPOCHS, MAX_FACTORS};
use recsys_cf::{
    BaselineMethod, BaselineOnly, ImplicitAls, ItemCosine, Knn, KnnAlgorithm, RatingPredictor,
    Recommender, RecsysError, Similarity, SimilarityOptions, Storage, Svd, SvdPp,
};

fn explicit(min: f64, max: f64, t: &[(&str, &str, f64)]) -> Ratings {
    Ratings::from_triplets(
        Feedback::explicit(min, max).unwrap(),
        DuplicatePolicy::Reject,
        t.iter().copied(),
    )
    .unwrap()
}

/// ann rated everything 4 (σ = 0). Surprise's `KNNWithZScore.fit` then uses the σ of all
/// ratings for ann. By hand, user-based with MSD:
/// - sim(ann, bob) = 1 / ((2² + 0²) / 2 + 1) = 1/3, sim(ann, cat) = 1 / (0 + 1) = 1;
/// - μ_bob = 3, σ_bob = √(2/3); μ_cat = 13/3, σ_cat = √2 / 3;
/// - all eight ratings: mean 3.75, σ = √(5.5 / 8) = √0.6875;
/// - est = 4 + √0.6875 · (1/3 · 0 / σ_bob + 1 · (2/3) / σ_cat) / (4/3) = 4 + 0.75 √1.375.
const ZSCORE_BY_HAND: f64 = 4.879_452_954_966_893;

#[test]
fn zscore_with_a_zero_variance_user_follows_surprise() {
    let expected = 4.0 + 0.75 * 1.375f64.sqrt();
    assert!((expected - ZSCORE_BY_HAND).abs() < 1e-15);
    let r = explicit(
        1.0,
        5.0,
        &[
            ("ann", "i1", 4.0),
            ("ann", "i2", 4.0),
            ("bob", "i1", 2.0),
            ("bob", "i2", 4.0),
            ("bob", "i3", 3.0),
            ("cat", "i1", 4.0),
            ("cat", "i2", 4.0),
            ("cat", "i3", 5.0),
        ],
    );
    let model = Knn::new(KnnAlgorithm::WithZScore)
        .similarity(Similarity::Msd)
        .fit(&r)
        .unwrap();
    let p = model.predict("ann", "i3");
    assert!((p.estimate - expected).abs() < 1e-12, "{p:?}");
    assert_eq!(p.actual_k, Some(2));
    assert!(p.fallback.is_none());

    // The same data transposed, item-based: item "ann" has zero variance.
    let t: Vec<(&str, &str, f64)> = r
        .entries()
        .map(|e| (r.items().id(e.item), r.users().id(e.user), e.value))
        .collect();
    let transposed = explicit(1.0, 5.0, &t);
    let model = Knn::new(KnnAlgorithm::WithZScore)
        .similarity(Similarity::Msd)
        .user_based(false)
        .fit(&transposed)
        .unwrap();
    let p = model.predict("i3", "ann");
    assert!((p.estimate - expected).abs() < 1e-12, "{p:?}");
}

#[test]
fn zscore_when_every_rating_is_equal_answers_the_rating() {
    // Every σ is 0, the overall σ too (Surprise would divide 0 by 0 here): σ = 1 is used, and
    // every deviation is 0, so each estimate is the mean, 4.
    let r = explicit(
        1.0,
        5.0,
        &[
            ("ann", "i1", 4.0),
            ("ann", "i2", 4.0),
            ("bob", "i1", 4.0),
            ("bob", "i3", 4.0),
            ("cat", "i2", 4.0),
            ("cat", "i3", 4.0),
        ],
    );
    for user_based in [true, false] {
        for m in [Similarity::Msd, Similarity::Cosine, Similarity::Pearson] {
            let model = Knn::new(KnnAlgorithm::WithZScore)
                .similarity(m)
                .user_based(user_based)
                .fit(&r)
                .unwrap();
            for p in model.test(&r) {
                assert_eq!(p.unclipped, 4.0, "{m:?} {p:?}");
            }
            let p = model.predict("ann", "i3");
            assert_eq!(p.unclipped, 4.0, "{m:?} {p:?}");
        }
    }
}

fn small() -> Ratings {
    explicit(
        1.0,
        5.0,
        &[
            ("ann", "tea", 5.0),
            ("ann", "cake", 3.0),
            ("bob", "tea", 4.0),
            ("bob", "jam", 2.0),
            ("cat", "cake", 4.0),
            ("cat", "jam", 1.0),
        ],
    )
}

#[track_caller]
fn limit<T: std::fmt::Debug>(e: Result<T, RecsysError>, max: usize) {
    match e {
        Err(RecsysError::LimitExceeded { max: m, .. }) => assert_eq!(m, max),
        other => panic!("expected LimitExceeded, got {other:?}"),
    }
}

#[test]
fn huge_sizes_are_rejected_before_any_work() {
    let r = small();
    let start = std::time::Instant::now();
    limit(Svd::new().n_factors(1_000_000_000).fit(&r), MAX_FACTORS);
    limit(Svd::new().n_factors(usize::MAX).fit(&r), MAX_FACTORS);
    limit(Svd::new().n_epochs(usize::MAX).fit(&r), MAX_EPOCHS);
    limit(SvdPp::new().n_factors(1_000_000_000).fit(&r), MAX_FACTORS);
    limit(SvdPp::new().n_epochs(1 << 40).fit(&r), MAX_EPOCHS);
    limit(
        ImplicitAls::new().factors(1_000_000_000).fit(&r),
        MAX_FACTORS,
    );
    limit(ImplicitAls::new().iterations(1 << 40).fit(&r), MAX_EPOCHS);
    limit(ImplicitAls::new().cg_steps(1 << 40).fit(&r), MAX_CG_STEPS);
    limit(
        BaselineOnly::new(BaselineMethod::Sgd {
            reg: 0.02,
            learning_rate: 0.005,
            n_epochs: usize::MAX,
        })
        .fit(&r),
        MAX_EPOCHS,
    );
    limit(
        Knn::new(KnnAlgorithm::Baseline)
            .baseline(BaselineMethod::Als {
                reg_u: 15.0,
                reg_i: 10.0,
                n_epochs: 1 << 50,
            })
            .fit(&r),
        MAX_EPOCHS,
    );
    // The maxima themselves are accepted.
    assert!(
        Svd::new()
            .n_factors(MAX_FACTORS)
            .n_epochs(1)
            .fit(&r)
            .is_ok()
    );
    assert!(
        ImplicitAls::new()
            .factors(8)
            .iterations(1)
            .cg_steps(MAX_CG_STEPS)
            .fit(&r)
            .is_ok()
    );
    assert!(start.elapsed().as_secs() < 20);
}

#[test]
fn a_dense_matrix_beyond_the_limit_is_refused_before_allocating() {
    // 40,000 users: 8 n² = 12.8 GB > 8 GiB. Auto and Sparse store it sparsely.
    let names: Vec<String> = (0..40_000).map(|u| format!("u{u}")).collect();
    let t: Vec<(&str, &str, f64)> = names
        .iter()
        .enumerate()
        .map(|(u, n)| (n.as_str(), if u % 2 == 0 { "a" } else { "b" }, 3.0))
        .collect();
    let r = explicit(1.0, 5.0, &t);
    limit(
        Knn::default().storage(Storage::Dense).fit(&r),
        MAX_DENSE_SIMILARITY_BYTES,
    );
    limit(
        SimilarityOptions::new(Similarity::Cosine)
            .storage(Storage::Dense)
            .compute(&r),
        MAX_DENSE_SIMILARITY_BYTES,
    );
    let sparse = SimilarityOptions::new(Similarity::Cosine)
        .storage(Storage::Pruned(3))
        .compute(&r)
        .unwrap();
    assert!(!sparse.is_dense());
}

#[test]
fn huge_k_and_n_take_everything_without_allocating_for_them() {
    let r = small();
    let knn = Knn::new(KnnAlgorithm::Basic)
        .similarity(Similarity::Cosine)
        .k(usize::MAX)
        .min_k(1)
        .fit(&r)
        .unwrap();
    let p = knn.predict("ann", "jam");
    assert!(p.estimate.is_finite());
    let all = knn.recommend("bob", usize::MAX, false);
    assert!(all.items.len() <= r.n_items());
    assert!(knn.neighbours("ann", usize::MAX).unwrap().len() <= 2);
    let pruned = Knn::default()
        .storage(Storage::Pruned(usize::MAX))
        .fit(&r)
        .unwrap();
    assert_eq!(
        pruned.predict("ann", "jam"),
        Knn::default().fit(&r).unwrap().predict("ann", "jam")
    );
    let cos = ItemCosine::new().k(usize::MAX).fit(&r).unwrap();
    assert_eq!(cos.similar_items("tea", usize::MAX).unwrap().items.len(), 2);
    let svd = Svd::new().n_factors(2).fit(&r).unwrap();
    let rep = ranking(&svd, &r, usize::MAX, Relevance::Any).unwrap();
    assert!((0.0..=1.0).contains(&rep.precision) && rep.recall == 0.0);
}

#[test]
fn divergent_sgd_is_a_typed_error_not_nan() {
    let r = small();
    for lr in [1.0, 10.0, 1e3] {
        match Svd::new().learning_rate(lr).n_epochs(200).fit(&r) {
            Ok(m) => {
                for p in m.test(&r) {
                    assert!(p.unclipped.is_finite(), "lr {lr}: {p:?}");
                }
            }
            Err(e) => assert!(
                matches!(
                    e,
                    RecsysError::Diverged {
                        algorithm: "SVD",
                        ..
                    }
                ),
                "{e}"
            ),
        }
    }
    let e = Svd::new()
        .learning_rate(1e3)
        .n_epochs(200)
        .fit(&r)
        .unwrap_err();
    assert!(e.to_string().contains("smaller learning rate"), "{e}");
    assert!(matches!(
        SvdPp::new().learning_rate(1e3).n_epochs(200).fit(&r),
        Err(RecsysError::Diverged {
            algorithm: "SVDpp",
            ..
        })
    ));
    assert!(matches!(
        BaselineOnly::new(BaselineMethod::Sgd {
            reg: 0.0,
            learning_rate: 1e3,
            n_epochs: 200,
        })
        .fit(&r),
        Err(RecsysError::Diverged {
            algorithm: "baselines",
            ..
        })
    ));
    // Initial factors so large that the first dot product overflows.
    assert!(matches!(
        Svd::new().init(0.0, 1e200).fit(&r),
        Err(RecsysError::Diverged { epoch: 0, .. })
    ));
}

/// Ratings on a scale of ±1e150 (what `ecom-core` still accepts).
fn huge_explicit() -> Ratings {
    let m = MAX_ABS_VALUE;
    let grid = [
        [1.0, -0.5, 0.25, 1.0],
        [0.5, -1.0, 0.75, -0.25],
        [-1.0, 0.5, 1.0, 0.5],
        [0.25, 0.75, -0.75, 1.0],
    ];
    let users = ["u0", "u1", "u2", "u3"];
    let items = ["i0", "i1", "i2", "i3"];
    let mut t = Vec::new();
    for (u, row) in grid.iter().enumerate() {
        for (i, &v) in row.iter().enumerate() {
            if (u + i) % 4 != 3 {
                t.push((users[u], items[i], v * m));
            }
        }
    }
    explicit(-m, m, &t)
}

#[test]
fn svd_on_huge_ratings_diverges_with_a_typed_error() {
    let r = huge_explicit();
    let e = Svd::new().fit(&r).unwrap_err();
    assert!(matches!(e, RecsysError::Diverged { .. }), "{e}");
    assert!(SvdPp::new().fit(&r).is_err());
    // The ALS baselines are closed-form averages: fine at any magnitude.
    let b = BaselineOnly::default().fit(&r).unwrap();
    for p in b.test(&r) {
        assert!(p.estimate.is_finite() && p.estimate.abs() <= MAX_ABS_VALUE);
    }
}

#[test]
fn knn_on_huge_ratings_is_finite_and_scale_free() {
    let r = huge_explicit();
    // The same ratings divided by 1e150: cosine and Pearson do not depend on the scale.
    let t: Vec<(&str, &str, f64)> = r
        .entries()
        .map(|e| {
            (
                r.users().id(e.user),
                r.items().id(e.item),
                e.value / MAX_ABS_VALUE,
            )
        })
        .collect();
    let unit = explicit(-1.0, 1.0, &t);
    for user_based in [true, false] {
        for m in [
            Similarity::Cosine,
            Similarity::Pearson,
            Similarity::pearson_baseline(),
        ] {
            let o = SimilarityOptions::new(m)
                .user_based(user_based)
                .storage(Storage::Dense);
            let (big, small) = (o.compute(&r).unwrap(), o.compute(&unit).unwrap());
            for a in 0..big.n() {
                for b in 0..big.n() {
                    let (x, y) = (big.get(a, b), small.get(a, b));
                    assert!((-1.0..=1.0).contains(&x), "{m:?} {x}");
                    assert!((x - y).abs() < 1e-12, "{m:?} ({a}, {b}): {x} vs {y}");
                }
            }
        }
        let msd = SimilarityOptions::new(Similarity::Msd)
            .user_based(user_based)
            .storage(Storage::Dense)
            .compute(&r)
            .unwrap();
        for a in 0..msd.n() {
            for b in 0..msd.n() {
                let s = msd.get(a, b);
                assert!((0.0..=1.0).contains(&s), "{s}");
            }
        }
    }
    // u0 and u1 share i0 (1 vs 0.5) and i1 (−0.5 vs −1): MSD = 0.25e300, sim = 1 / (0.25e300 + 1).
    let msd = SimilarityOptions::new(Similarity::Msd).compute(&r).unwrap();
    let want = 1.0 / (0.25 * MAX_ABS_VALUE * MAX_ABS_VALUE + 1.0);
    assert!(
        ((msd.get(0, 1) - want) / want).abs() < 1e-12,
        "{}",
        msd.get(0, 1)
    );
    assert!(msd.get(0, 1) > 0.0);

    for algorithm in [
        KnnAlgorithm::Basic,
        KnnAlgorithm::WithMeans,
        KnnAlgorithm::WithZScore,
        KnnAlgorithm::Baseline,
    ] {
        for m in [Similarity::Cosine, Similarity::Msd, Similarity::Pearson] {
            let model = Knn::new(algorithm).similarity(m).fit(&r).unwrap();
            for u in r.users().ids() {
                for i in r.items().ids() {
                    let p = model.predict(u, i);
                    assert!(p.unclipped.is_finite(), "{algorithm:?} {m:?} {p:?}");
                    assert!(p.estimate.abs() <= MAX_ABS_VALUE);
                }
            }
        }
    }
}

#[test]
fn implicit_als_with_huge_counts_stays_finite() {
    // Counts up to 1e30 (confidence within f32): rows are scaled internally.
    let mut t = Vec::new();
    for c in 0..30 {
        let basket: &[&str] = if c % 2 == 0 {
            &["tea", "mug", "honey"]
        } else {
            &["coffee", "grinder", "filter"]
        };
        for (k, item) in basket.iter().enumerate() {
            if (c + k) % 5 != 0 {
                t.push((format!("c{c}"), item.to_string(), 1e30 * (1 + k) as f64));
            }
        }
    }
    let r = Ratings::from_triplets(
        Feedback::Implicit,
        DuplicatePolicy::Sum,
        t.iter().map(|(u, i, v)| (u.as_str(), i.as_str(), *v)),
    )
    .unwrap();
    let model = ImplicitAls::new().factors(8).fit(&r).unwrap();
    for u in r.users().ids() {
        for i in r.items().ids() {
            assert!(model.score(u, i).unwrap().is_finite());
        }
    }
    // With confidences of 1e30 against 1 for the pairs not bought, the fit is the exact
    // interpolation of the bought pairs: preference 1 each.
    for e in r.entries() {
        let s = model
            .score(r.users().id(e.user), r.items().id(e.item))
            .unwrap();
        assert!((s - 1.0).abs() < 1e-3, "{s}");
    }
    for s in model.similar_items("tea", 5).unwrap().items {
        assert!((-1.0..=1.0).contains(&s.score));
    }
    // 1e150 cannot be a confidence in f32: a typed error naming the value.
    let huge = Ratings::from_triplets(
        Feedback::Implicit,
        DuplicatePolicy::Sum,
        [("a", "x", 1.0), ("b", "x", MAX_ABS_VALUE)],
    )
    .unwrap();
    assert!(matches!(
        ImplicitAls::new().fit(&huge),
        Err(RecsysError::BadValue { index: 1, .. })
    ));
    // Item cosine only counts interactions: any magnitude works.
    let cos = ItemCosine::new().fit(&huge).unwrap();
    assert!(
        cos.recommend("a", 3, false)
            .items
            .iter()
            .all(|s| s.score.is_finite())
    );
}

#[test]
fn recommend_checked_says_why_a_list_is_empty() {
    let r = small();
    // min_k = k = 3 neighbours can never be reached with 3 users (2 others): no item scores.
    let knn = Knn::new(KnnAlgorithm::Basic).k(3).min_k(3).fit(&r).unwrap();
    assert!(knn.recommend("ann", 5, true).items.is_empty());
    match knn.recommend_checked("ann", 5, true) {
        Err(RecsysError::NoScores {
            user, candidates, ..
        }) => assert_eq!((user.as_str(), candidates), ("ann", 1)),
        other => panic!("{other:?}"),
    }
    // A user with nothing left to recommend, n = 0 and an unknown user are not errors.
    let full = explicit(
        1.0,
        5.0,
        &[("a", "x", 1.0), ("a", "y", 2.0), ("b", "x", 3.0)],
    );
    let svd = Svd::new().n_factors(2).fit(&full).unwrap();
    assert!(
        svd.recommend_checked("a", 5, true)
            .unwrap()
            .items
            .is_empty()
    );
    assert!(
        knn.recommend_checked("ann", 0, true)
            .unwrap()
            .items
            .is_empty()
    );
    assert!(knn.recommend_checked("zoe", 2, true).unwrap().cold_start);
    // Models that score everything agree with `recommend`.
    let svd = Svd::new().n_factors(2).fit(&r).unwrap();
    assert_eq!(
        svd.recommend_checked("ann", 3, true).unwrap(),
        svd.recommend("ann", 3, true)
    );
}

#[test]
fn similar_items_of_zero_factors_are_scored_zero_not_dropped() {
    // No epochs and zero initial factors: every factor vector is 0. The list is not empty.
    let r = small();
    let svd = Svd::new()
        .n_factors(3)
        .n_epochs(0)
        .init(0.0, 0.0)
        .fit(&r)
        .unwrap();
    let top = svd.similar_items("tea", 5).unwrap();
    assert_eq!(top.items.len(), 2);
    assert!(top.items.iter().all(|s| s.score == 0.0));
}
