//! Exact similarity matrices for users and items "1".."12" of u1.base
//! (`similarity_slice_u1.json`): every measure, user- and item-based, shrinkage 0 and
//! min_support 5 variants, within 1e-9; the ALS baselines of those ids too.

mod common;

use common::{SimOptions, fixture, load, measure, movielens};
use recsys_cf::{BaselineMethod, BaselineOnly, SimilarityOptions, Storage};
use serde::Deserialize;

#[derive(Deserialize)]
struct Matrix {
    sim_options: SimOptions,
    sim: Vec<Vec<f64>>,
}

#[derive(Deserialize)]
struct Baselines {
    bu: Vec<f64>,
    bi: Vec<f64>,
}

#[derive(Deserialize)]
struct Slice {
    users: Vec<String>,
    items: Vec<String>,
    global_mean: f64,
    baselines_als: Baselines,
    matrices: Vec<Matrix>,
}

#[test]
fn slices_match_surprise() {
    let Some(dir) = movielens("slices_match_surprise") else {
        return;
    };
    let fx: Slice = fixture("similarity_slice_u1.json");
    let train = load(&dir, "u1.base");
    let base = BaselineOnly::new(BaselineMethod::als())
        .fit(&train)
        .unwrap();
    assert!((base.global_mean() - fx.global_mean).abs() < 1e-12);
    for (n, u) in fx.users.iter().enumerate() {
        assert!((base.user_bias(u).unwrap() - fx.baselines_als.bu[n]).abs() < 1e-12);
    }
    for (n, i) in fx.items.iter().enumerate() {
        assert!((base.item_bias(i).unwrap() - fx.baselines_als.bi[n]).abs() < 1e-12);
    }
    for m in &fx.matrices {
        let o = &m.sim_options;
        let (ids, index) = if o.user_based {
            (&fx.users, train.users())
        } else {
            (&fx.items, train.items())
        };
        let idx: Vec<usize> = ids
            .iter()
            .map(|id| index.index(id).unwrap() as usize)
            .collect();
        for storage in [Storage::Dense, Storage::Sparse] {
            let sim = SimilarityOptions::new(measure(o))
                .user_based(o.user_based)
                .min_support(o.min_support.unwrap_or(1))
                .storage(storage)
                .compute(&train)
                .unwrap();
            let mut worst: f64 = 0.0;
            for (a, &ia) in idx.iter().enumerate() {
                for (b, &ib) in idx.iter().enumerate() {
                    let want = m.sim[a][b];
                    let got = sim.get(ia, ib);
                    // Sparse storage keeps positive values only.
                    let want = if storage == Storage::Sparse && want <= 0.0 {
                        0.0
                    } else {
                        want
                    };
                    worst = worst.max((got - want).abs());
                    assert_eq!(sim.get(ia, ib), sim.get(ib, ia), "symmetric");
                }
            }
            assert!(worst < 1e-9, "{o:?} {storage:?}: worst {worst:e}");
            eprintln!("{o:?} {storage:?}: max diff {worst:.1e}");
        }
    }
}
