//! Every configuration of `surprise_ml100k_u1.json` (Surprise 1.1.5 on GroupLens's u1 split):
//! per-pair estimates of the deterministic models within 1e-6 with equal `actual_k` and
//! `impossible`, RMSE and MAE within 0.002, equal impossible counts; SVD's RMSE within 0.01.

mod common;

use common::{SurpriseFixture, compare, fixture, load, movielens};

#[test]
fn all_35_configurations_match_surprise_on_u1() {
    let Some(dir) = movielens("all_35_configurations_match_surprise_on_u1") else {
        return;
    };
    let fx: SurpriseFixture = fixture("surprise_ml100k_u1.json");
    let train = load(&dir, "u1.base");
    let test = load(&dir, "u1.test");
    assert_eq!(
        (train.len(), train.n_users(), train.n_items()),
        (fx.n_train, fx.n_users_train, fx.n_items_train)
    );
    let mut worst_pair: f64 = 0.0;
    let mut worst_rmse: f64 = 0.0;
    for r in &fx.results {
        let c = compare(r, &train, &test);
        eprintln!(
            "{:<36} max |est diff| {:.1e}  RMSE {:.6} (diff {:.1e})  MAE diff {:.1e}  impossible {}",
            c.label, c.max_pair_diff, c.rmse, c.rmse_diff, c.mae_diff, c.impossible
        );
        if r.algorithm == "SVD" {
            assert!(c.rmse_diff <= 0.01, "SVD RMSE {} vs {}", c.rmse, r.rmse);
        } else {
            worst_pair = worst_pair.max(c.max_pair_diff);
            worst_rmse = worst_rmse.max(c.rmse_diff.max(c.mae_diff));
        }
    }
    eprintln!("worst per-pair diff {worst_pair:.2e}, worst RMSE/MAE diff {worst_rmse:.2e}");
}

/// SVD++ has no per-pair target (the random streams differ): like SVD, its RMSE must lie within
/// 0.01 of Surprise's (`surprise_svdpp_ml100k_u1.json`, made by
/// `benches/reference/svdpp_reference.py`: random_state 0..2 span 0.9330..0.9339).
#[test]
fn svdpp_rmse_matches_surprise_on_u1() {
    let Some(dir) = movielens("svdpp_rmse_matches_surprise_on_u1") else {
        return;
    };
    #[derive(serde::Deserialize)]
    struct Run {
        rmse: f64,
        mae: f64,
    }
    #[derive(serde::Deserialize)]
    struct Fx {
        runs: Vec<Run>,
    }
    let fx: Fx = fixture("surprise_svdpp_ml100k_u1.json");
    let (train, test) = (load(&dir, "u1.base"), load(&dir, "u1.test"));
    let mean = |f: fn(&Run) -> f64| fx.runs.iter().map(f).sum::<f64>() / fx.runs.len() as f64;
    for seed in 0..3 {
        let model = recsys_cf::SvdPp::new().seed(seed).fit(&train).unwrap();
        let a = recsys_cf::evaluate::accuracy(&model, &test).unwrap();
        eprintln!(
            "SVD++ seed {seed}: RMSE {:.4} MAE {:.4} (Surprise mean {:.4}, {:.4})",
            a.rmse,
            a.mae,
            mean(|r| r.rmse),
            mean(|r| r.mae)
        );
        assert!((a.rmse - mean(|r| r.rmse)).abs() <= 0.01, "RMSE {}", a.rmse);
        assert!((a.mae - mean(|r| r.mae)).abs() <= 0.01, "MAE {}", a.mae);
        assert_eq!(a.impossible, 0);
    }
}
