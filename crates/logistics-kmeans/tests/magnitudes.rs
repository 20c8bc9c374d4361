//! Property tests over every magnitude `ecom-core` accepts (coordinates and weights from 1e-320
//! to 1e150): fits succeed with finite, meaningful answers or fail with a typed error; never a
//! panic, a NaN or an infinity.

use ecom_core::{GeoPoint, MAX_ABS_VALUE, PointSet};
use logistics_kmeans::{
    GeoKMeans, KMeans, KMeansError, MiniBatchKMeans, SilhouetteOptions, inertia, silhouette_score,
};
use proptest::prelude::*;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Points on a coarse grid times 10^e, optional weights (some zero) times 10^f.
fn point_sets() -> impl Strategy<Value = PointSet> {
    (
        8usize..60,
        1usize..4,
        -320i32..=150,
        -320i32..=150,
        any::<bool>(),
    )
        .prop_flat_map(|(n, d, e, f, weighted)| {
            (
                prop::collection::vec(-20i32..20, n * d),
                prop::collection::vec(0u8..5, n),
            )
                .prop_map(move |(grid, w)| {
                    let (sx, sw) = (magnitude(e), magnitude(f));
                    let data: Vec<f64> = grid.iter().map(|&v| f64::from(v) / 20.0 * sx).collect();
                    let p = PointSet::new(data, d).unwrap();
                    let w: Vec<f64> = w.iter().map(|&v| f64::from(v) / 4.0 * sw).collect();
                    // All-zero weights (or weights below the smallest f64) are no weights.
                    if weighted && w.iter().any(|&v| v > 0.0) {
                        p.with_weights(w).unwrap()
                    } else {
                        p
                    }
                })
        })
}

/// 10^e, at most `MAX_ABS_VALUE` (10f64.powi(150) rounds above it).
fn magnitude(e: i32) -> f64 {
    10f64.powi(e).min(MAX_ABS_VALUE)
}

fn bounded(v: f64, what: &str) -> Result<(), TestCaseError> {
    prop_assert!(v.is_finite() && v >= 0.0, "{} = {}", what, v);
    Ok(())
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn kmeans_is_finite_at_any_magnitude(p in point_sets(), k in 1usize..5, seed in 0u64..100) {
        let (lo, hi) = p.as_slice().iter().fold((f64::MAX, f64::MIN), |(l, h), &v| (l.min(v), h.max(v)));
        match KMeans::new(k).seed(seed).n_init(2).record_history(true).fit(&p) {
            Ok(m) => {
                prop_assert!(m.labels().iter().all(|&l| l < k));
                // Centres are weighted means (or relocated points): inside the data's range, up
                // to the rounding of a mean.
                let slack = 1e-12 * lo.abs().max(hi.abs());
                for &c in m.centres() {
                    prop_assert!(c.is_finite() && c >= lo - slack && c <= hi + slack, "{} outside [{}, {}]", c, lo, hi);
                }
                bounded(m.inertia(), "inertia")?;
                // Never increases, but for the rounding of the means: relative to the data's
                // own scale Σw · max|x|² (a mean one ulp off a duplicated point costs ~1e-32).
                let h = m.inertia_history().unwrap();
                let m2 = lo.abs().max(hi.abs());
                let slack = 1e-12 * p.total_weight() * m2 * m2;
                for w in h.windows(2) {
                    prop_assert!(w[1] <= w[0] * (1.0 + 1e-12) + slack, "{:?}", h);
                }
                prop_assert_eq!(m.predict(&p).unwrap(), m.labels().to_vec());
                if let Ok(s) = silhouette_score(&p, m.labels(), SilhouetteOptions::exact()) {
                    prop_assert!((-1.0..=1.0).contains(&s), "{}", s);
                }
            }
            Err(e) => prop_assert!(
                matches!(e, KMeansError::TooFewDistinctPoints { .. } | KMeansError::Overflow { .. }),
                "{}", e
            ),
        }
        match inertia(&p, &p.as_slice()[..p.dim()]) {
            Ok(v) => bounded(v, "inertia of one centre")?,
            Err(e) => prop_assert!(matches!(e, KMeansError::Overflow { .. }), "{}", e),
        }
    }

    #[test]
    fn minibatch_is_finite_at_any_magnitude(p in point_sets(), k in 1usize..4) {
        match MiniBatchKMeans::new(k).batch_size(16).fit(&p) {
            Ok(m) => {
                prop_assert!(m.centres().iter().all(|c| c.is_finite()));
                bounded(m.inertia(), "inertia")?;
            }
            Err(e) => prop_assert!(
                matches!(e, KMeansError::TooFewDistinctPoints { .. } | KMeansError::Overflow { .. }),
                "{}", e
            ),
        }
    }

    #[test]
    fn geo_is_finite_with_any_demand(
        coords in prop::collection::vec((-89.0f64..89.0, -180.0f64..180.0, 0u8..5), 4..30),
        f in -320i32..=150,
        k in 1usize..4,
    ) {
        let pts: Vec<GeoPoint> = coords.iter().map(|&(a, b, _)| GeoPoint::new(a, b).unwrap()).collect();
        let w: Vec<f64> = coords.iter().map(|c| f64::from(c.2) / 4.0 * magnitude(f)).collect();
        if !w.iter().any(|&v| v > 0.0) {
            return Ok(());
        }
        let set = PointSet::from_geo(&pts).unwrap().with_weights(w).unwrap();
        match GeoKMeans::new(k).n_init(2).fit(&set) {
            Ok(m) => {
                for (v, what) in [
                    (m.weighted_sum_km(), "weighted_sum_km"),
                    (m.weighted_mean_km(), "weighted_mean_km"),
                    (m.weighted_sum_sq_km2(), "weighted_sum_sq_km2"),
                    (m.max_km(), "max_km"),
                ] {
                    bounded(v, what)?;
                }
                prop_assert!((0.0..=1.0).contains(&m.share_within(1000.0)));
                for r in m.site_reports(1000.0).unwrap() {
                    prop_assert!((0.0..=1.0).contains(&r.demand_share));
                    prop_assert!((0.0..=1.0).contains(&r.share_within_radius));
                    bounded(r.mean_km, "mean_km")?;
                }
            }
            Err(e) => prop_assert!(matches!(e, KMeansError::TooFewDistinctPoints { .. }), "{}", e),
        }
    }
}
