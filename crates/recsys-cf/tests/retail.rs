//! Real shop data: a slice of the UCI Online Retail purchases (CC BY 4.0, see data/README.md),
//! 226 customers x 300 products, 20% of the pairs held out. Item-item cosine must give
//! `implicit`'s similar items, top-10 lists and ranking metrics; implicit ALS must land inside
//! `implicit`'s seed spread; both must beat the bestseller list by a wide margin.

mod common;

use common::{
    ImplicitMetrics, ItemCosineFixture, fixture, implicit_metrics, retail_slice as slice, same_list,
};
use recsys_cf::evaluate::{Relevance, ranking};
use recsys_cf::{ImplicitAls, ItemCosine, Popularity, Recommender};
use serde::Deserialize;

#[derive(Deserialize)]
struct AlsRun {
    random_state: u64,
    #[serde(flatten)]
    metrics: ImplicitMetrics,
}

#[derive(Deserialize)]
struct Als {
    factors: usize,
    regularization: f64,
    alpha: f64,
    iterations: usize,
    runs: Vec<AlsRun>,
}

#[derive(Deserialize)]
struct Fixture {
    n_pairs: usize,
    n_test: usize,
    n_products: usize,
    cosine_k20: ItemCosineFixture,
    als: Als,
}

#[test]
fn item_cosine_matches_implicit_on_shop_data() {
    let fx: Fixture = fixture("retail_slice_implicit.json");
    let (train, test) = slice();
    assert_eq!(
        (train.len() + test.len(), test.len()),
        (fx.n_pairs, fx.n_test)
    );
    let model = ItemCosine::new().k(20).fit(&train.binarized()).unwrap();
    let c = &fx.cosine_k20;
    assert_eq!(model.n_stored(), c.similarity_nnz);
    for (item, list) in &c.similar_items {
        assert_eq!(&list[0].item, item);
        same_list(
            &model.similar_items(item, list.len() - 1).unwrap(),
            &list[1..],
            item,
        );
    }
    for (user, list) in &c.recommend_top10 {
        same_list(&model.recommend(user, 10, true), list, user);
    }
    let report = ranking(&model, &test, 10, Relevance::Any).unwrap();
    let m = implicit_metrics(&report, fx.n_products);
    let want = &c.ranking_metrics_at_10;
    // The same items are recommended (equal precision); within runs of exactly equal scores,
    // common with binary data on a small catalogue, implicit leaves the order unspecified, which
    // moves the rank-sensitive metrics slightly.
    assert!(
        (m.precision - want.precision).abs() < 1e-9,
        "precision: {} vs {}",
        m.precision,
        want.precision
    );
    for (name, got, exp) in [
        ("map", m.map, want.map),
        ("ndcg", m.ndcg, want.ndcg),
        ("auc", m.auc, want.auc),
    ] {
        eprintln!("{name}: {got:.6} (implicit {exp:.6})");
        assert!((got - exp).abs() < 1e-3, "{name}: {got} vs {exp}");
    }
}

#[test]
fn implicit_als_lands_in_implicit_seed_spread_on_shop_data() {
    let fx: Fixture = fixture("retail_slice_implicit.json");
    let (train, test) = slice();
    let a = &fx.als;
    let bounds = |f: fn(&ImplicitMetrics) -> f64| {
        let v: Vec<f64> = a.runs.iter().map(|r| f(&r.metrics)).collect();
        (
            v.iter().copied().fold(f64::INFINITY, f64::min) - 0.02,
            v.iter().copied().fold(f64::NEG_INFINITY, f64::max) + 0.02,
        )
    };
    let binary = train.binarized();
    for r in &a.runs {
        let model = ImplicitAls::new()
            .factors(a.factors)
            .regularization(a.regularization)
            .alpha(a.alpha)
            .iterations(a.iterations)
            .seed(r.random_state)
            .fit(&binary)
            .unwrap();
        let m = implicit_metrics(
            &ranking(&model, &test, 10, Relevance::Any).unwrap(),
            fx.n_products,
        );
        for (name, got, (lo, hi)) in [
            ("precision", m.precision, bounds(|m| m.precision)),
            ("map", m.map, bounds(|m| m.map)),
            ("ndcg", m.ndcg, bounds(|m| m.ndcg)),
            ("auc", m.auc, bounds(|m| m.auc)),
        ] {
            eprintln!(
                "seed {}: {name} {got:.4} (implicit widened {lo:.4}..{hi:.4})",
                r.random_state
            );
            assert!((lo..=hi).contains(&got), "{name} {got} outside {lo}..{hi}");
        }
    }
}

#[test]
fn personalised_models_beat_the_bestseller_list() {
    let (train, test) = slice();
    let binary = train.binarized();
    let ndcg = |m: &dyn Recommender| ranking(m, &test, 10, Relevance::Any).unwrap().ndcg;
    let popular = ndcg(&Popularity.fit(&binary).unwrap());
    let cosine = ndcg(&ItemCosine::new().fit(&binary).unwrap());
    let als = ndcg(
        &ImplicitAls::new()
            .factors(32)
            .regularization(0.05)
            .fit(&binary)
            .unwrap(),
    );
    eprintln!("NDCG@10: bestsellers {popular:.4}, item cosine {cosine:.4}, ALS {als:.4}");
    assert!(cosine > 1.3 * popular && als > 1.3 * popular);
}
