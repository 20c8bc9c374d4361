//! Invariants under random data (proptest).

use ecom_core::{GeoPoint, PointSet};
use logistics_kmeans::{Algorithm, GeoKMeans, GeoObjective, Init, KMeans, inertia};
use proptest::prelude::*;

/// Random point sets: n in 8..80, d in 1..5, coordinates on a coarse grid (so exact ties and
/// duplicates occur, the hard case for exact acceleration), optional weights (some zero).
fn point_sets() -> impl Strategy<Value = PointSet> {
    (8usize..80, 1usize..5, any::<bool>()).prop_flat_map(|(n, d, weighted)| {
        (
            prop::collection::vec(-20i32..20, n * d),
            prop::collection::vec(0u8..5, n),
        )
            .prop_map(move |(grid, w)| {
                let data = grid.iter().map(|&v| v as f64 * 0.5).collect();
                let p = PointSet::new(data, d).unwrap();
                if weighted && w.iter().any(|&v| v > 0) {
                    p.with_weights(w.iter().map(|&v| v as f64).collect())
                        .unwrap()
                } else {
                    p
                }
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 96,
        // Local runs never write regression files into the source tree; CI fixes the seed.
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// The objective never increases from one iteration to the next, for every algorithm.
    #[test]
    fn inertia_never_increases(p in point_sets(), k in 1usize..6, seed in 0u64..1000) {
        for algo in [Algorithm::Lloyd, Algorithm::Hamerly, Algorithm::Elkan] {
            let Ok(m) = KMeans::new(k).seed(seed).tol(0.0).algorithm(algo).record_history(true).fit(&p) else {
                continue; // k above the distinct points: covered by the error tests
            };
            let h = m.inertia_history().unwrap();
            prop_assert_eq!(h.len(), m.n_iter() + 1);
            for w in h.windows(2) {
                prop_assert!(w[1] <= w[0] * (1.0 + 1e-12) + 1e-12, "{:?}: {:?}", algo, h);
            }
            prop_assert!((h[h.len() - 1] - m.inertia()).abs() <= 1e-9 * m.inertia().max(1.0));
        }
    }

    /// Elkan and Hamerly follow Lloyd exactly: same labels, centres and iterations.
    #[test]
    fn accelerated_equal_lloyd(p in point_sets(), k in 1usize..7, seed in 0u64..1000, random_init in any::<bool>()) {
        let init = if random_init { Init::Random } else { Init::KMeansPlusPlus };
        let base = KMeans::new(k).seed(seed).init(init).n_init(2);
        if let Ok(lloyd) = base.clone().algorithm(Algorithm::Lloyd).fit(&p) {
            for algo in [Algorithm::Hamerly, Algorithm::Elkan] {
                let fast = base.clone().algorithm(algo).fit(&p).unwrap();
                prop_assert_eq!(fast.labels(), lloyd.labels());
                prop_assert_eq!(fast.centres(), lloyd.centres());
                prop_assert_eq!(fast.n_iter(), lloyd.n_iter());
                prop_assert_eq!(fast.inertia(), lloyd.inertia());
            }
        }
    }

    /// Labels lie in 0..k and are the nearest centres; the reported inertia is the objective of
    /// the final centres; every cluster of a converged fit is non-empty.
    #[test]
    fn labels_are_nearest_centres(p in point_sets(), k in 1usize..6, seed in 0u64..1000) {
        if let Ok(m) = KMeans::new(k).seed(seed).fit(&p) {
            prop_assert!(m.labels().iter().all(|&l| l < k));
            prop_assert_eq!(m.predict(&p).unwrap(), m.labels().to_vec());
            let obj = inertia(&p, m.centres()).unwrap();
            prop_assert!((obj - m.inertia()).abs() <= 1e-9 * obj.max(1.0));
        }
    }

    /// Geographic fits: sites are valid points, each customer is at its nearest site, and the
    /// distance objective never ends above spherical k-means' in demand-km.
    #[test]
    fn geo_invariants(
        coords in prop::collection::vec((-89.0f64..89.0, -180.0f64..180.0, 0.0f64..10.0), 6..40),
        k in 1usize..4,
    ) {
        let pts: Vec<GeoPoint> = coords.iter().map(|&(a, b, _)| GeoPoint::new(a, b).unwrap()).collect();
        let w: Vec<f64> = coords.iter().map(|c| c.2 + 0.1).collect();
        let chord = GeoKMeans::new(k).n_init(2).objective(GeoObjective::SquaredChord).fit_geo(&pts, Some(&w)).unwrap();
        let dist = GeoKMeans::new(k).n_init(2).fit_geo(&pts, Some(&w)).unwrap();
        prop_assert!(dist.weighted_sum_km() <= chord.weighted_sum_km() * (1.0 + 1e-9) + 1e-6);
        for (i, p) in pts.iter().enumerate() {
            let (_, best) = dist.nearest_site(p);
            prop_assert!((dist.distances_km()[i] - best).abs() <= 1e-6, "customer {} not at its nearest site", i);
        }
    }
}
