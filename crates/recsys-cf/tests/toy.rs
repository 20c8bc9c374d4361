//! The design notes' 5-user x 10-item example (`toy_5x10.json`): the correct cosine matrix,
//! U1's neighbours, the neighbour-weighted scores, and Surprise's leave-one-out estimates.

mod common;

use common::fixture;
use ecom_core::{DuplicatePolicy, Feedback, Ratings};
use recsys_cf::{Knn, KnnAlgorithm, RatingPredictor, Recommender, Similarity, SimilarityOptions};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize)]
struct Neighbour {
    user: String,
    cosine: f64,
}

#[derive(Deserialize)]
struct Loo {
    item: String,
    est: f64,
    actual_k: usize,
}

#[derive(Deserialize)]
struct Toy {
    ratings: Vec<Vec<f64>>,
    users: Vec<String>,
    items: Vec<String>,
    cosine_user_user: Vec<Vec<f64>>,
    u1_neighbours_k3: Vec<Neighbour>,
    u1_weighted_scores_k3: BTreeMap<String, f64>,
    u1_top3_unrated: Vec<String>,
    u1_leave_one_out_surprise_knnbasic_cosine_k3: Vec<Loo>,
}

fn ratings(toy: &Toy, skip: Option<(usize, usize)>) -> Ratings {
    let mut t = Vec::new();
    for (u, row) in toy.ratings.iter().enumerate() {
        for (i, &r) in row.iter().enumerate() {
            if Some((u, i)) != skip {
                t.push((toy.users[u].as_str(), toy.items[i].as_str(), r));
            }
        }
    }
    Ratings::from_triplets(
        Feedback::explicit(1.0, 5.0).unwrap(),
        DuplicatePolicy::Reject,
        t,
    )
    .unwrap()
}

#[test]
fn cosine_matrix_and_neighbours() {
    let toy: Toy = fixture("toy_5x10.json");
    let r = ratings(&toy, None);
    let sim = SimilarityOptions::new(Similarity::Cosine)
        .compute(&r)
        .unwrap();
    for a in 0..5 {
        for b in 0..5 {
            let (got, want) = (sim.get(a, b), toy.cosine_user_user[a][b]);
            assert!((got - want).abs() < 1e-9, "({a}, {b}): {got} vs {want}");
        }
    }
    let model = Knn::new(KnnAlgorithm::Basic)
        .similarity(Similarity::Cosine)
        .k(3)
        .fit(&r)
        .unwrap();
    let nb = model.neighbours("U1", 3).unwrap();
    assert_eq!(nb.len(), 3);
    for ((id, s), want) in nb.iter().zip(&toy.u1_neighbours_k3) {
        assert_eq!(id, &want.user);
        assert!((s - want.cosine).abs() < 1e-9);
    }
    // The notes' step 2: per item, the neighbours' similarity-weighted mean rating.
    for (i, item) in toy.items.iter().enumerate() {
        let (num, den) = nb.iter().fold((0.0, 0.0), |(n, d), (id, s)| {
            let v = toy.users.iter().position(|u| u == id).unwrap();
            (n + s * toy.ratings[v][i], d + s)
        });
        let want = toy.u1_weighted_scores_k3[item];
        assert!((num / den - want).abs() < 1e-9, "{item}");
    }
    // U1 rated everything: nothing left to recommend.
    let top = model.recommend("U1", 3, true);
    assert_eq!(top.ids(), toy.u1_top3_unrated);
    assert!(!top.cold_start);
}

#[test]
fn leave_one_out_matches_surprise() {
    let toy: Toy = fixture("toy_5x10.json");
    for loo in &toy.u1_leave_one_out_surprise_knnbasic_cosine_k3 {
        let i = toy.items.iter().position(|x| x == &loo.item).unwrap();
        let train = ratings(&toy, Some((0, i)));
        let model = Knn::new(KnnAlgorithm::Basic)
            .similarity(Similarity::Cosine)
            .k(3)
            .fit(&train)
            .unwrap();
        let p = model.predict("U1", &loo.item);
        assert!(
            (p.estimate - loo.est).abs() < 1e-9,
            "{}: {} vs {}",
            loo.item,
            p.estimate,
            loo.est
        );
        assert_eq!(p.actual_k, Some(loo.actual_k));
        assert!(!p.impossible && p.fallback.is_none());
    }
}
