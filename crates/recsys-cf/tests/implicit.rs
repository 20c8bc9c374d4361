//! Implicit-feedback models against the `implicit` package (0.7.3) on MovieLens u1 as binary
//! interactions: item-item cosine (`implicit_itemcos_ml100k_u1.json`: similar items and
//! top-10 scores within 1e-9, ranking metrics) and ALS (`implicit_als_ml100k_u1.json`: ranking
//! metrics inside implicit's seed spread widened by 0.02).

mod common;

use std::collections::BTreeSet;

use common::{
    ImplicitMetrics, ItemCosineFixture, fixture, implicit_metrics, load, movielens, same_list,
};
use ecom_core::Ratings;
use recsys_cf::evaluate::{Relevance, ranking};
use recsys_cf::{ImplicitAls, ItemCosine, Recommender};
use serde::Deserialize;

#[derive(Deserialize)]
struct AlsRun {
    factors: usize,
    regularization: f64,
    alpha: f64,
    iterations: usize,
    random_state: u64,
    #[serde(flatten)]
    metrics: ImplicitMetrics,
}

#[derive(Deserialize)]
struct Als {
    runs: Vec<AlsRun>,
}

fn u1_binary(dir: &std::path::Path) -> (Ratings, Ratings, usize) {
    let (train, test) = (load(dir, "u1.base"), load(dir, "u1.test"));
    let items: BTreeSet<&String> = train
        .items()
        .ids()
        .iter()
        .chain(test.items().ids())
        .collect();
    let n_items = items.len();
    (train.binarized(), test.binarized(), n_items)
}

#[test]
fn item_cosine_matches_implicit() {
    let Some(dir) = movielens("item_cosine_matches_implicit") else {
        return;
    };
    let fx: ItemCosineFixture = fixture("implicit_itemcos_ml100k_u1.json");
    let (train, test, n_items) = u1_binary(&dir);
    let model = ItemCosine::new().k(20).fit(&train).unwrap();
    assert_eq!(model.n_stored(), fx.similarity_nnz);
    for (item, list) in &fx.similar_items {
        // implicit lists the item itself first (score 1); ours leaves it out.
        assert_eq!(&list[0].item, item);
        let got = model.similar_items(item, list.len() - 1).unwrap();
        same_list(&got, &list[1..], &format!("similar to {item}"));
    }
    for (user, list) in &fx.recommend_top10 {
        let got = model.recommend(user, 10, true);
        same_list(&got, list, &format!("top-10 of user {user}"));
    }
    let report = ranking(&model, &test, 10, Relevance::Any).unwrap();
    let m = implicit_metrics(&report, n_items);
    let want = &fx.ranking_metrics_at_10;
    eprintln!(
        "item cosine: precision {:.6} ({:.6}), map {:.6} ({:.6}), ndcg {:.6} ({:.6}), auc {:.6} ({:.6})",
        m.precision, want.precision, m.map, want.map, m.ndcg, want.ndcg, m.auc, want.auc
    );
    // Equal similarities at a row's K-th place are kept as implicit keeps them (the larger id
    // wins), so the hit lists and all four metrics agree.
    for (name, got, exp) in [
        ("precision", m.precision, want.precision),
        ("map", m.map, want.map),
        ("ndcg", m.ndcg, want.ndcg),
        ("auc", m.auc, want.auc),
    ] {
        assert!((got - exp).abs() < 1e-9, "{name}: {got} vs {exp}");
    }
}

#[test]
fn implicit_als_lands_in_implicit_seed_spread() {
    let Some(dir) = movielens("implicit_als_lands_in_implicit_seed_spread") else {
        return;
    };
    let fx: Als = fixture("implicit_als_ml100k_u1.json");
    let (train, test, n_items) = u1_binary(&dir);
    let mut settings: Vec<(usize, f64, f64, usize)> = Vec::new();
    for r in &fx.runs {
        let s = (r.factors, r.regularization, r.alpha, r.iterations);
        if !settings.contains(&s) {
            settings.push(s);
        }
    }
    for (factors, reg, alpha, iterations) in settings {
        let runs: Vec<&AlsRun> = fx
            .runs
            .iter()
            .filter(|r| (r.factors, r.regularization, r.alpha) == (factors, reg, alpha))
            .collect();
        let bounds = |f: fn(&ImplicitMetrics) -> f64| {
            let v: Vec<f64> = runs.iter().map(|r| f(&r.metrics)).collect();
            (
                v.iter().copied().fold(f64::INFINITY, f64::min) - 0.02,
                v.iter().copied().fold(f64::NEG_INFINITY, f64::max) + 0.02,
            )
        };
        for r in &runs {
            let model = ImplicitAls::new()
                .factors(factors)
                .regularization(reg)
                .alpha(alpha)
                .iterations(iterations)
                .seed(r.random_state)
                .fit(&train)
                .unwrap();
            let report = ranking(&model, &test, 10, Relevance::Any).unwrap();
            let m = implicit_metrics(&report, n_items);
            for (name, got, (lo, hi)) in [
                ("precision", m.precision, bounds(|m| m.precision)),
                ("map", m.map, bounds(|m| m.map)),
                ("ndcg", m.ndcg, bounds(|m| m.ndcg)),
                ("auc", m.auc, bounds(|m| m.auc)),
            ] {
                eprintln!(
                    "ALS reg {reg} alpha {alpha} seed {}: {name} {got:.4} (implicit widened {lo:.4}..{hi:.4})",
                    r.random_state
                );
                assert!((lo..=hi).contains(&got), "{name} {got} outside {lo}..{hi}");
            }
        }
    }
}
