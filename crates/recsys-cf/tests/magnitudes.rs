//! Property tests over every magnitude `ecom-core` accepts (1e-320 to 1e150): each fit either
//! succeeds with finite, in-range answers or fails with a typed error; never a panic or a NaN.

use ecom_core::{DuplicatePolicy, Feedback, Ratings};
use proptest::prelude::*;
use recsys_cf::evaluate::{Relevance, accuracy, ranking};
use recsys_cf::{
    BaselineMethod, BaselineOnly, ImplicitAls, ItemCosine, Knn, KnnAlgorithm, Popularity,
    RatingPredictor, Recommender, RecsysError, Similarity, SimilarityOptions, Storage, Svd, SvdPp,
    TopN,
};

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// A grid of up to `max_users` x `max_items` cells, each rated with probability ~0.6 by one of
/// eleven levels 0..=10, and a decimal exponent.
fn cells(
    max_users: usize,
    max_items: usize,
) -> impl Strategy<Value = (usize, usize, Vec<Option<u8>>, i32)> {
    (2..=max_users, 2..=max_items, -320i32..=150).prop_flat_map(|(nu, ni, e)| {
        proptest::collection::vec(proptest::option::weighted(0.6, 0u8..=10), nu * ni)
            .prop_map(move |c| (nu, ni, c, e))
    })
}

fn build(
    nu: usize,
    ni: usize,
    cells: &[Option<u8>],
    feedback: Feedback,
    value: impl Fn(u8) -> f64,
) -> Option<Ratings> {
    let users: Vec<String> = (0..nu).map(|u| format!("u{u}")).collect();
    let items: Vec<String> = (0..ni).map(|i| format!("i{i}")).collect();
    let t: Vec<(&str, &str, f64)> = cells
        .iter()
        .enumerate()
        .filter_map(|(k, c)| c.map(|v| (users[k / ni].as_str(), items[k % ni].as_str(), value(v))))
        .collect();
    if t.len() < 3 {
        return None;
    }
    Ratings::from_triplets(feedback, DuplicatePolicy::Reject, t).ok()
}

/// Explicit ratings `m · (level / 5 − 1)` on the scale [−m, m], m = 10^e.
fn explicit_ratings() -> impl Strategy<Value = (Ratings, f64)> {
    cells(6, 7).prop_filter_map("need some ratings", |(nu, ni, c, e)| {
        let m = 10f64.powi(e);
        if m == 0.0 {
            return None;
        }
        let scale = Feedback::explicit(-m, m).ok()?;
        build(nu, ni, &c, scale, |v| m * (f64::from(v) / 5.0 - 1.0)).map(|r| (r, m))
    })
}

/// Implicit counts `m · (1 + level)`, m = 10^e.
fn implicit_counts() -> impl Strategy<Value = Ratings> {
    cells(6, 7).prop_filter_map("need some interactions", |(nu, ni, c, e)| {
        let m = 10f64.powi(e);
        if m == 0.0 {
            return None;
        }
        build(nu, ni, &c, Feedback::Implicit, |v| m * (1.0 + f64::from(v)))
    })
}

fn check_predictions<M: RatingPredictor>(
    model: &M,
    r: &Ratings,
    m: f64,
) -> Result<(), TestCaseError> {
    for u in r.users().ids().iter().chain([&"nobody".to_string()]) {
        for i in r.items().ids().iter().chain([&"nothing".to_string()]) {
            let p = model.predict(u, i);
            prop_assert!(p.unclipped.is_finite(), "{:?}", p);
            prop_assert!((-m..=m).contains(&p.estimate), "{:?}", p);
        }
    }
    let acc = accuracy(model, r).unwrap();
    prop_assert!(acc.rmse.is_finite() && acc.rmse >= 0.0 && acc.mae.is_finite());
    Ok(())
}

fn check_lists(lists: &[TopN]) -> Result<(), TestCaseError> {
    for top in lists {
        for s in &top.items {
            prop_assert!(s.score.is_finite(), "{:?}", top);
        }
    }
    Ok(())
}

fn check_ranking<R: Recommender>(model: &R, r: &Ratings) -> Result<(), TestCaseError> {
    let rep = ranking(model, r, 3, Relevance::Any).unwrap();
    for v in [
        rep.precision,
        rep.recall,
        rep.ndcg,
        rep.map,
        rep.hit_rate,
        rep.coverage,
    ] {
        prop_assert!((0.0..=1.0).contains(&v), "{}", v);
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(40))]

    #[test]
    fn neighbourhood_models_are_finite_at_any_magnitude((r, m) in explicit_ratings()) {
        for measure in [Similarity::Cosine, Similarity::Msd, Similarity::Pearson, Similarity::pearson_baseline()] {
            for user_based in [true, false] {
                let sim = SimilarityOptions::new(measure).user_based(user_based).storage(Storage::Dense).compute(&r).unwrap();
                for a in 0..sim.n() {
                    for b in 0..sim.n() {
                        let s = sim.get(a, b);
                        prop_assert!((-1.0..=1.0).contains(&s), "{:?} {}", measure, s);
                        prop_assert_eq!(s, sim.get(b, a));
                        if measure == Similarity::Msd {
                            prop_assert!(s >= 0.0);
                        }
                    }
                }
            }
        }
        for algorithm in [KnnAlgorithm::Basic, KnnAlgorithm::WithMeans, KnnAlgorithm::WithZScore, KnnAlgorithm::Baseline] {
            for measure in [Similarity::Cosine, Similarity::Msd, Similarity::Pearson] {
                let model = Knn::new(algorithm).similarity(measure).k(3).fit(&r).unwrap();
                check_predictions(&model, &r, m)?;
                check_lists(&model.recommend_all(4, false))?;
            }
        }
        let knn = Knn::new(KnnAlgorithm::WithZScore).user_based(false).fit(&r).unwrap();
        check_ranking(&knn, &r)?;
    }

    #[test]
    fn factorisations_are_finite_or_diverge_with_a_typed_error((r, m) in explicit_ratings(), lr_exp in -4i32..=0) {
        let lr = 10f64.powi(lr_exp);
        for method in [BaselineMethod::als(), BaselineMethod::Sgd { reg: 0.02, learning_rate: lr, n_epochs: 20 }] {
            match BaselineOnly::new(method).fit(&r) {
                Ok(model) => {
                    check_predictions(&model, &r, m)?;
                    check_lists(&model.recommend_all(3, true))?;
                }
                Err(e) => prop_assert!(matches!(e, RecsysError::Diverged { .. }), "{}", e),
            }
        }
        match Svd::new().n_factors(3).n_epochs(10).learning_rate(lr).fit(&r) {
            Ok(model) => {
                check_predictions(&model, &r, m)?;
                check_lists(&model.recommend_all(3, true))?;
                check_lists(&[model.similar_items(r.items().id(0), 3).unwrap()])?;
                check_ranking(&model, &r)?;
            }
            Err(e) => prop_assert!(matches!(e, RecsysError::Diverged { .. }), "{}", e),
        }
        match SvdPp::new().n_factors(3).n_epochs(10).learning_rate(lr).fit(&r) {
            Ok(model) => {
                check_predictions(&model, &r, m)?;
                check_lists(&model.recommend_all(3, true))?;
            }
            Err(e) => prop_assert!(matches!(e, RecsysError::Diverged { .. }), "{}", e),
        }
    }

    #[test]
    fn implicit_models_are_finite_at_any_magnitude(r in implicit_counts(), alpha_exp in -2i32..=2) {
        match ImplicitAls::new().factors(4).iterations(4).alpha(10f64.powi(alpha_exp)).fit(&r) {
            Ok(model) => {
                for u in r.users().ids() {
                    for i in r.items().ids() {
                        prop_assert!(model.score(u, i).unwrap().is_finite());
                    }
                }
                check_lists(&model.recommend_all(3, true))?;
                let similar = model.similar_items(r.items().id(0), 3).unwrap();
                for s in &similar.items {
                    prop_assert!((-1.0..=1.0).contains(&s.score));
                }
                check_ranking(&model, &r)?;
            }
            Err(e) => prop_assert!(matches!(e, RecsysError::BadValue { .. } | RecsysError::Diverged { .. }), "{}", e),
        }
        let cos = ItemCosine::new().k(3).fit(&r).unwrap();
        check_lists(&cos.recommend_all(3, true))?;
        check_ranking(&cos, &r)?;
        let pop = Popularity.fit(&r).unwrap();
        check_lists(&pop.recommend_all(3, true))?;
    }
}
