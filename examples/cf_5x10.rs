//! The design notes' collaborative filtering example, done right: five users who rated the same
//! ten items.
//!
//! ```text
//! cargo run --release --example cf_5x10
//! ```
//!
//! The notes printed 0.42949672 for every pair of users and recommended item1, item2, item3.
//! The cosine matrix below is checked against scikit-learn (fixture `toy_5x10.json`); and U1 has
//! rated every item, so there is nothing left to recommend to U1 at all.

use ecom_supply::recsys::similarity::{Similarity, SimilarityOptions};
use ecom_supply::recsys::{Knn, KnnAlgorithm, RatingPredictor, Recommender};
use ecom_supply::{DuplicatePolicy, Feedback, Ratings};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let grid = [
        [5., 3., 4., 2., 5., 1., 4., 3., 5., 4.],
        [2., 3., 2., 4., 2., 3., 4., 4., 3., 4.],
        [4., 4., 5., 4., 3., 5., 4., 4., 4., 4.],
        [3., 4., 4., 3., 3., 3., 4., 3., 4., 4.],
        [4., 3., 3., 4., 4., 4., 3., 4., 3., 3.],
    ];
    let users: Vec<String> = (1..=5).map(|u| format!("U{u}")).collect();
    let items: Vec<String> = (1..=10).map(|i| format!("item{i}")).collect();
    let mut triplets = Vec::new();
    for (u, row) in grid.iter().enumerate() {
        for (i, &r) in row.iter().enumerate() {
            triplets.push((users[u].as_str(), items[i].as_str(), r));
        }
    }
    let ratings = Ratings::from_triplets(
        Feedback::explicit(1.0, 5.0)?,
        DuplicatePolicy::Reject,
        triplets,
    )?;

    let sim = SimilarityOptions::new(Similarity::Cosine).compute(&ratings)?;
    println!("user-user cosine similarity");
    for a in 0..5 {
        let row: Vec<String> = (0..5).map(|b| format!("{:.4}", sim.get(a, b))).collect();
        println!("  U{}  {}", a + 1, row.join("  "));
    }
    assert!((sim.get(0, 3) - 0.9474985091).abs() < 1e-9, "U1-U4 cosine");

    let nearest = sim.neighbours(0, 3);
    let names: Vec<String> = nearest
        .iter()
        .map(|&(v, s)| format!("U{} ({s:.4})", v + 1))
        .collect();
    println!("\nU1's three nearest users: {}", names.join(", "));

    // What the notes meant by step 2: U1's neighbour-weighted score for every item.
    let mut scores: Vec<(usize, f64)> = (0..10)
        .map(|i| {
            let (num, den) = nearest.iter().fold((0.0, 0.0), |(n, d), &(v, s)| {
                (n + s * grid[v as usize][i], d + s)
            });
            (i, num / den)
        })
        .collect();
    // Highest first; equal scores in item order (item2, item7, item9 and item10 tie at 3.6694).
    scores.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let top: Vec<String> = scores
        .iter()
        .take(3)
        .map(|(i, s)| format!("item{} ({s:.4})", i + 1))
        .collect();
    println!("U1's top three by neighbour score: {}", top.join(", "));
    assert_eq!(scores[0].0 + 1, 3);

    // A recommender that leaves out what U1 already rated has nothing to offer.
    let knn = Knn::new(KnnAlgorithm::Basic)
        .similarity(Similarity::Cosine)
        .k(3)
        .fit(&ratings)?;
    let recs = knn.recommend("U1", 3, true);
    println!(
        "recommendations for U1 among unrated items: {:?} (U1 rated all ten)",
        recs.ids()
    );
    assert!(recs.items.is_empty());

    // Leave-one-out: hide each of U1's ratings in turn and predict it from the others.
    println!("\nleave-one-out for U1 (KNNBasic, user cosine, k = 3):");
    for i in 0..10 {
        let mut t = Vec::new();
        for (u, row) in grid.iter().enumerate() {
            for (j, &r) in row.iter().enumerate() {
                if !(u == 0 && j == i) {
                    t.push((users[u].as_str(), items[j].as_str(), r));
                }
            }
        }
        let train =
            Ratings::from_triplets(Feedback::explicit(1.0, 5.0)?, DuplicatePolicy::Reject, t)?;
        let model = Knn::new(KnnAlgorithm::Basic)
            .similarity(Similarity::Cosine)
            .k(3)
            .fit(&train)?;
        let p = model.predict("U1", &items[i]);
        println!(
            "  {:<7} rated {}  predicted {:.3}",
            items[i], grid[0][i], p.estimate
        );
    }
    Ok(())
}
