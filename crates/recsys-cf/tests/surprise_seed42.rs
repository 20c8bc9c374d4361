//! Every configuration of `surprise_ml100k_seed42.json`: Surprise on a seeded random 80/20
//! split of `u.data`, saved as test line numbers (`split_ml100k_seed42.json`).

mod common;

use common::{SurpriseFixture, compare, fixture, load, movielens};
use recsys_cf::split;
use serde::Deserialize;

#[derive(Deserialize)]
struct SavedSplit {
    n_lines: usize,
    n_test: usize,
    test_lines: Vec<usize>,
}

#[test]
fn all_35_configurations_match_surprise_on_seeded_split() {
    let Some(dir) = movielens("all_35_configurations_match_surprise_on_seeded_split") else {
        return;
    };
    let saved: SavedSplit = fixture("split_ml100k_seed42.json");
    let fx: SurpriseFixture = fixture("surprise_ml100k_seed42.json");
    let all = load(&dir, "u.data");
    assert_eq!(all.len(), saved.n_lines);
    let s = split::by_test_positions(&all, &saved.test_lines).unwrap();
    assert_eq!(s.test.len(), saved.n_test);
    assert_eq!(
        (s.train.len(), s.train.n_users(), s.train.n_items()),
        (fx.n_train, fx.n_users_train, fx.n_items_train)
    );
    assert!((s.train.global_mean() - fx.global_mean_train).abs() < 1e-5);
    for r in &fx.results {
        let c = compare(r, &s.train, &s.test);
        eprintln!(
            "{:<36} max |est diff| {:.1e}  RMSE {:.6} (diff {:.1e})  MAE diff {:.1e}",
            c.label, c.max_pair_diff, c.rmse, c.rmse_diff, c.mae_diff
        );
        if r.algorithm == "SVD" {
            assert!(c.rmse_diff <= 0.01, "SVD RMSE {} vs {}", c.rmse, r.rmse);
        }
    }
}
