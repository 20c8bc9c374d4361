//! Bad input gives typed errors (or a documented resolution), never a panic; unknown users and
//! items get flagged cold-start answers.

use ecom_core::{CoreError, DuplicatePolicy, Feedback, Ratings, RatingsBuilder};
use recsys_cf::evaluate::{Relevance, ranking};
use recsys_cf::{
    BaselineMethod, BaselineOnly, Fallback, ImplicitAls, ItemCosine, Knn, KnnAlgorithm,
    RatingPredictor, Recommender, RecsysError, Similarity, Storage, Svd, SvdPp, metrics, split,
};

fn small() -> Ratings {
    Ratings::from_triplets(
        Feedback::explicit(1.0, 5.0).unwrap(),
        DuplicatePolicy::Reject,
        [
            ("ann", "tea", 5.0),
            ("ann", "cake", 3.0),
            ("bob", "tea", 4.0),
            ("bob", "jam", 2.0),
            ("cat", "cake", 4.0),
            ("cat", "jam", 1.0),
        ],
    )
    .unwrap()
}

#[test]
fn data_errors_come_from_ecom_core_typed() {
    let scale = Feedback::explicit(1.0, 5.0).unwrap();
    // Empty data cannot even be built.
    let empty: RecsysError = RatingsBuilder::new(scale).build().unwrap_err().into();
    assert!(matches!(empty, RecsysError::Core(CoreError::Empty { .. })));
    // Ratings outside the declared scale are rejected where they enter.
    let mut b = RatingsBuilder::new(scale);
    assert!(matches!(
        b.push("u", "i", 6.0),
        Err(CoreError::ValueOutOfRange { .. })
    ));
    // Duplicate pairs: an error by default, or the documented resolution of the chosen policy.
    let dup = [("u", "i", 2.0), ("u", "i", 4.0)];
    assert!(matches!(
        Ratings::from_triplets(scale, DuplicatePolicy::Reject, dup),
        Err(CoreError::DuplicatePair { .. })
    ));
    let last = Ratings::from_triplets(scale, DuplicatePolicy::KeepLast, dup).unwrap();
    assert_eq!(last.get("u", "i"), Some(4.0));
}

#[test]
fn explicit_models_refuse_implicit_data() {
    let clicks = small().binarized();
    let knn = Knn::default().fit(&clicks);
    assert!(matches!(
        knn,
        Err(RecsysError::NeedsExplicitRatings {
            algorithm: "KNNBasic"
        })
    ));
    assert!(matches!(
        Svd::new().fit(&clicks),
        Err(RecsysError::NeedsExplicitRatings { .. })
    ));
    assert!(matches!(
        BaselineOnly::default().fit(&clicks),
        Err(RecsysError::NeedsExplicitRatings { .. })
    ));
    // The implicit models accept both.
    assert!(ItemCosine::new().fit(&clicks).is_ok());
    assert!(ImplicitAls::new().factors(2).fit(&small()).is_ok());
}

#[track_caller]
fn bad<T: std::fmt::Debug>(e: Result<T, RecsysError>) {
    assert!(
        matches!(e, Err(RecsysError::InvalidParameter { .. })),
        "{e:?}"
    );
}

#[test]
fn invalid_parameters_are_errors() {
    let r = small();
    bad(Knn::default().k(0).fit(&r));
    bad(Knn::default().k(2).min_k(3).fit(&r));
    bad(Knn::default()
        .similarity(Similarity::PearsonBaseline { shrinkage: -1.0 })
        .fit(&r));
    bad(Knn::default()
        .similarity(Similarity::PearsonBaseline {
            shrinkage: f64::NAN,
        })
        .fit(&r));
    bad(Knn::default().storage(Storage::Pruned(0)).fit(&r));
    bad(Knn::new(KnnAlgorithm::Baseline)
        .baseline(BaselineMethod::Als {
            reg_u: -1.0,
            reg_i: 10.0,
            n_epochs: 10,
        })
        .fit(&r));
    bad(BaselineOnly::new(BaselineMethod::Sgd {
        reg: 0.02,
        learning_rate: 0.0,
        n_epochs: 3,
    })
    .fit(&r));
    bad(Svd::new().n_factors(0).fit(&r));
    bad(Svd::new().learning_rate(f64::INFINITY).fit(&r));
    bad(Svd::new().init(0.0, -0.1).fit(&r));
    bad(SvdPp::new().n_factors(0).fit(&r));
    bad(SvdPp::new().regularization(-1.0).fit(&r));
    bad(SvdPp::new().init(f64::NAN, 0.1).fit(&r));
    bad(ImplicitAls::new().factors(0).fit(&r));
    bad(ImplicitAls::new().alpha(0.0).fit(&r));
    bad(ImplicitAls::new().regularization(-0.5).fit(&r));
    bad(ImplicitAls::new().cg_steps(0).fit(&r));
    bad(ItemCosine::new().k(0).fit(&r));
    bad(split::random(&r, 1.5, 0));
    bad(split::kfold(&r, 1, 0));
    bad(split::by_test_positions(&r, &[0, 0]));
    bad(split::by_test_positions(&r, &[99]));
    bad(ranking(&Svd::new().fit(&r).unwrap(), &r, 0, Relevance::Any));
}

#[test]
fn implicit_als_rejects_values_it_cannot_weigh() {
    let zero_scale = Ratings::from_triplets(
        Feedback::explicit(0.0, 5.0).unwrap(),
        DuplicatePolicy::Reject,
        [("u", "a", 3.0), ("v", "a", 0.0)],
    )
    .unwrap();
    let e = ImplicitAls::new().fit(&zero_scale).unwrap_err();
    assert!(matches!(e, RecsysError::BadValue { index: 1, .. }), "{e}");
}

#[test]
fn splits_and_metrics_report_missing_data() {
    let r = small();
    assert!(matches!(
        split::leave_last_k(&r, 1),
        Err(RecsysError::MissingTimestamps { .. })
    ));
    assert!(matches!(
        split::kfold(&r, 7, 0),
        Err(RecsysError::NotEnoughData { .. })
    ));
    assert!(matches!(
        metrics::rmse(&[], &[]),
        Err(RecsysError::NotEnoughData { .. })
    ));
    assert!(matches!(
        metrics::mae(&[1.0], &[]),
        Err(RecsysError::LengthMismatch { .. })
    ));
    assert!(matches!(
        metrics::rmse(&[1.0], &[f64::NAN]),
        Err(RecsysError::NonFinite { .. })
    ));
    // A test set whose ratings are all below the relevance threshold has nobody to rank for.
    let svd = Svd::new().fit(&r).unwrap();
    assert!(matches!(
        ranking(&svd, &r, 3, Relevance::AtLeast(5.5)),
        Err(RecsysError::NotEnoughData { .. })
    ));
}

#[test]
fn unknown_users_and_items_get_flagged_fallbacks() {
    let r = small();
    let models: Vec<(&str, Box<dyn RatingPredictor>)> = vec![
        (
            "KNNBasic",
            Box::new(Knn::new(KnnAlgorithm::Basic).fit(&r).unwrap()),
        ),
        (
            "KNNWithMeans",
            Box::new(Knn::new(KnnAlgorithm::WithMeans).fit(&r).unwrap()),
        ),
        (
            "KNNBaseline",
            Box::new(Knn::new(KnnAlgorithm::Baseline).fit(&r).unwrap()),
        ),
        (
            "BaselineOnly",
            Box::new(BaselineOnly::default().fit(&r).unwrap()),
        ),
        ("SVD", Box::new(Svd::new().fit(&r).unwrap())),
        ("SVD++", Box::new(SvdPp::new().fit(&r).unwrap())),
    ];
    let mean = r.global_mean();
    for (name, m) in &models {
        let p = m.predict("zoe", "tea");
        assert_eq!(p.fallback, Some(Fallback::UnknownUser), "{name}");
        assert!((1.0..=5.0).contains(&p.estimate));
        let p = m.predict("ann", "pie");
        assert_eq!(p.fallback, Some(Fallback::UnknownItem), "{name}");
        let p = m.predict("zoe", "pie");
        assert_eq!(p.fallback, Some(Fallback::UnknownUserAndItem), "{name}");
        // With nothing known, every model answers the global mean.
        assert!((p.estimate - mean).abs() < 1e-12, "{name}");
        // Surprise flags the mean as impossible for the KNN models without baselines only.
        assert_eq!(
            p.impossible,
            name.starts_with("KNNBasic") || name.starts_with("KNNWith"),
            "{name}"
        );
    }
    let knn = Knn::new(KnnAlgorithm::Basic)
        .similarity(Similarity::Cosine)
        .fit(&r)
        .unwrap();
    let cold = knn.recommend("zoe", 2, true);
    assert!(cold.cold_start);
    assert_eq!(cold.items.len(), 2);
    let cos = ItemCosine::new().fit(&r).unwrap();
    let cold = cos.similar_items("pie", 3).unwrap();
    assert!(cold.cold_start);
    assert_eq!(cold.items.len(), 3);
    assert_eq!(knn.similarity("ann", "zoe"), None);
    assert_eq!(knn.neighbours("zoe", 3), None);
}
