//! 5-fold cross-validation over GroupLens's folds u1..u5 (`surprise_ml100k_cv5.json`): per-fold
//! RMSE and MAE, their means and population standard deviations.

mod common;

use common::{SimOptions, fixture, knn_algorithm, load, measure, movielens};
use recsys_cf::evaluate::{CrossValidation, cross_validate};
use recsys_cf::split::Split;
use recsys_cf::{BaselineMethod, BaselineOnly, Knn};
use serde::Deserialize;

#[derive(Deserialize)]
struct CvResult {
    algorithm: String,
    sim_options: Option<SimOptions>,
    fold_rmse: Vec<f64>,
    fold_mae: Vec<f64>,
    mean_rmse: f64,
    std_rmse: f64,
    mean_mae: f64,
    std_mae: f64,
}

#[derive(Deserialize)]
struct Fixture {
    results: Vec<CvResult>,
}

#[test]
fn five_folds_match_surprise() {
    let Some(dir) = movielens("five_folds_match_surprise") else {
        return;
    };
    let fx: Fixture = fixture("surprise_ml100k_cv5.json");
    let folds: Vec<Split> = (1..=5)
        .map(|f| Split {
            train: load(&dir, &format!("u{f}.base")),
            test: load(&dir, &format!("u{f}.test")),
        })
        .collect();
    for r in &fx.results {
        let cv: CrossValidation = match knn_algorithm(&r.algorithm) {
            Some(a) => {
                let o = r.sim_options.as_ref().unwrap();
                let spec = Knn::new(a).similarity(measure(o)).user_based(o.user_based);
                cross_validate(&spec, &folds).unwrap()
            }
            None => {
                assert_eq!(r.algorithm, "BaselineOnly_als");
                cross_validate(&BaselineOnly::new(BaselineMethod::als()), &folds).unwrap()
            }
        };
        for (f, a) in cv.folds.iter().enumerate() {
            assert!(
                (a.rmse - r.fold_rmse[f]).abs() < 1e-9,
                "{} fold {f} RMSE",
                r.algorithm
            );
            assert!(
                (a.mae - r.fold_mae[f]).abs() < 1e-9,
                "{} fold {f} MAE",
                r.algorithm
            );
        }
        for (name, got, want) in [
            ("mean RMSE", cv.mean_rmse, r.mean_rmse),
            ("std RMSE", cv.std_rmse, r.std_rmse),
            ("mean MAE", cv.mean_mae, r.mean_mae),
            ("std MAE", cv.std_mae, r.std_mae),
        ] {
            assert!(
                (got - want).abs() < 1e-9,
                "{} {name}: {got} vs {want}",
                r.algorithm
            );
        }
        eprintln!(
            "{}: mean RMSE {:.6} (Surprise {:.6})",
            r.algorithm, cv.mean_rmse, r.mean_rmse
        );
    }
}
