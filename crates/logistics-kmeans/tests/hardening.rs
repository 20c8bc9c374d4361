//! Issue 13: ranges of k checked before any fit, size limits before any work, and finite answers
//! (or a typed error) at every magnitude `ecom-core` accepts.

use std::time::Instant;

use ecom_core::{MAX_ABS_VALUE, PointSet};
use logistics_kmeans::limits::{
    MAX_CAPACITY_PAIRS, MAX_ELKAN_BOUNDS, MAX_ITER, MAX_LOCAL_TRIALS, MAX_N_INIT,
};
use logistics_kmeans::{
    Algorithm, Capacity, GeoKMeans, GeoModel, Init, KCurve, KMeans, KMeansError, MiniBatchKMeans,
    SilhouetteOptions, SiteCosts, choose_k_by_cost, inertia, silhouette_score,
};

/// 600 distinct customer locations on a lattice over Europe with positive demand, 50 more rows
/// repeating some of them, and 20 at new places with zero demand (they do not count).
fn customers() -> PointSet {
    let mut rows = Vec::new();
    let mut w = Vec::new();
    for i in 0..600 {
        rows.push([36.0 + (i / 30) as f64 * 0.9, -9.0 + (i % 30) as f64 * 1.1]);
        w.push(1.0 + (i % 7) as f64);
    }
    for i in 0..50 {
        rows.push(rows[i * 11]);
        w.push(2.0);
    }
    for i in 0..20 {
        rows.push([70.0, -20.0 + i as f64]);
        w.push(0.0);
    }
    PointSet::from_rows(&rows).unwrap().with_weights(w).unwrap()
}

#[track_caller]
fn too_few<T: std::fmt::Debug>(r: Result<T, KMeansError>, k: usize, distinct: usize) {
    match r {
        Err(e @ KMeansError::TooFewDistinctPoints { .. }) => {
            assert_eq!(
                e.to_string(),
                format!(
                    "k = {k} clusters asked for, but the data hold only {distinct} distinct points with positive weight"
                )
            );
        }
        other => panic!("expected TooFewDistinctPoints, got {other:?}"),
    }
}

#[test]
fn a_range_of_k_beyond_the_distinct_points_fails_before_any_fit() {
    let pts = customers();
    let start = Instant::now();
    let geo = GeoKMeans::new(1);
    assert_eq!(geo.max_k(&pts).unwrap(), 600);
    too_few(geo.check_k_range(&pts, &(1..=1_000_000)), 601, 600);
    too_few(geo.fit_k_range(&pts, 1..=1_000_000), 601, 600);
    let costs = SiteCosts::new(1000.0, 0.01).unwrap();
    too_few(choose_k_by_cost(&geo, &pts, 1..=1_000_000, costs), 601, 600);
    // A range starting above the count names its first k, as fitting it would.
    too_few(choose_k_by_cost(&geo, &pts, 700..=800, costs), 700, 600);
    // The Euclidean chooser: the same 600 (latitude, longitude) rows as plain points.
    assert_eq!(KMeans::max_k(&pts), 600);
    too_few(
        KCurve::fit(&KMeans::new(1), &pts, 1..=1_000_000, None),
        601,
        600,
    );
    too_few(
        KCurve::fit(
            &KMeans::new(1),
            &pts,
            3..=usize::MAX,
            Some(SilhouetteOptions::default()),
        ),
        601,
        600,
    );
    // Fixed k: the same check, also at once.
    too_few(GeoKMeans::new(1_000_000_000).fit(&pts), 1_000_000_000, 600);
    too_few(MiniBatchKMeans::new(usize::MAX).fit(&pts), usize::MAX, 600);
    assert!(start.elapsed().as_secs_f64() < 2.0, "{:?}", start.elapsed());
    // Other settings are checked up front too, before the range.
    assert!(matches!(
        geo.clone().n_init(0).check_k_range(&pts, &(1..=3)),
        Err(KMeansError::InvalidParameter { .. })
    ));
    assert!(matches!(
        geo.check_k_range(&pts, &(0..=3)),
        Err(KMeansError::InvalidParameter { .. })
    ));
    // A range that fits is fitted, one model per k.
    let models = geo.clone().n_init(2).fit_k_range(&pts, 2..=4).unwrap();
    assert_eq!(
        models.iter().map(GeoModel::k).collect::<Vec<_>>(),
        [2, 3, 4]
    );
}

#[track_caller]
fn limit<T: std::fmt::Debug>(r: Result<T, KMeansError>, max: usize) {
    match r {
        Err(KMeansError::LimitExceeded { max: m, .. }) => assert_eq!(m, max),
        other => panic!("expected LimitExceeded, got {other:?}"),
    }
}

#[test]
fn huge_settings_are_rejected_before_any_work() {
    let pts = customers();
    let start = Instant::now();
    limit(KMeans::new(3).n_init(usize::MAX).fit(&pts), MAX_N_INIT);
    limit(KMeans::new(3).max_iter(usize::MAX).fit(&pts), MAX_ITER);
    limit(
        KMeans::new(3).local_trials(1 << 40).fit(&pts),
        MAX_LOCAL_TRIALS,
    );
    limit(GeoKMeans::new(3).n_init(1 << 40).fit(&pts), MAX_N_INIT);
    limit(GeoKMeans::new(3).max_iter(1 << 40).fit(&pts), MAX_ITER);
    limit(
        MiniBatchKMeans::new(3).max_iter(usize::MAX).fit(&pts),
        MAX_ITER,
    );
    limit(
        MiniBatchKMeans::new(3).n_init(1 << 40).fit(&pts),
        MAX_N_INIT,
    );
    limit(
        GeoKMeans::new(1)
            .n_init(1 << 40)
            .check_k_range(&pts, &(1..=3)),
        MAX_N_INIT,
    );
    // A huge batch is capped at the number of points, not allocated.
    let m = MiniBatchKMeans::new(3)
        .batch_size(usize::MAX)
        .init_size(usize::MAX)
        .fit(&pts)
        .unwrap();
    assert!(m.inertia().is_finite());
    assert!(start.elapsed().as_secs_f64() < 5.0, "{:?}", start.elapsed());
}

#[test]
fn explicit_elkan_and_capacities_refuse_tables_beyond_their_limits() {
    // 20,000 distinct points with k = 15,000 would need 3e8 Elkan bounds (2.4 GB).
    let rows: Vec<[f64; 1]> = (0..20_000).map(|i| [f64::from(i)]).collect();
    let pts = PointSet::from_rows(&rows).unwrap();
    limit(
        KMeans::new(15_000).algorithm(Algorithm::Elkan).fit(&pts),
        MAX_ELKAN_BOUNDS,
    );
    // 12,000 customers x 12,000 sites > 2^27 pairs for the capacitated assignment.
    let n = 12_000;
    let rows: Vec<[f64; 2]> = (0..n)
        .map(|i| [-60.0 + (i / 120) as f64, -170.0 + (i % 120) as f64 * 2.5])
        .collect();
    let customers = PointSet::from_rows(&rows).unwrap();
    let sites: Vec<ecom_core::GeoPoint> = rows
        .iter()
        .map(|r| ecom_core::GeoPoint::new(r[0], r[1]).unwrap())
        .collect();
    let model = GeoModel::evaluate(&customers, &sites).unwrap();
    limit(
        model.with_capacity(&Capacity::Uniform(10.0)),
        MAX_CAPACITY_PAIRS,
    );
}

/// Three blobs in `d` dimensions on a coarse grid.
fn blobs(d: usize, scale: f64) -> PointSet {
    let mut data = Vec::new();
    for i in 0..300 {
        let c = (i % 3) as f64 * 80.0;
        for t in 0..d {
            data.push((c + ((i * 7 + t * 3) % 11) as f64 * 0.25) * scale);
        }
    }
    PointSet::new(data, d).unwrap()
}

#[test]
fn coordinates_near_the_limit_give_the_unscaled_fit_exactly() {
    // Multiplying every coordinate by 2^490 (up to 6e148 < 1e150) changes no bit of the fit: the
    // centres are the unscaled ones times 2^490 and the inertia is times 2^980, although the
    // squared distances of 64-dimensional points there (weighted by 1e6) overflow f64.
    let s = 2f64.powi(490);
    let w: Vec<f64> = (0..300).map(|i| 1e6 * (1 + i % 3) as f64).collect();
    for d in [2, 64] {
        let small = blobs(d, 1.0).with_weights(w.clone()).unwrap();
        let big = blobs(d, s).with_weights(w.clone()).unwrap();
        for algorithm in [Algorithm::Lloyd, Algorithm::Hamerly, Algorithm::Elkan] {
            let spec = KMeans::new(3)
                .n_init(3)
                .algorithm(algorithm)
                .record_history(true);
            let (a, b) = (spec.fit(&small).unwrap(), spec.fit(&big).unwrap());
            assert_eq!(a.labels(), b.labels());
            for (x, y) in a.centres().iter().zip(b.centres()) {
                assert_eq!(x * s, *y);
            }
            assert_eq!(a.inertia() * s * s, b.inertia());
            assert!(b.inertia().is_finite());
            assert_eq!(a.n_iter(), b.n_iter());
            for (x, y) in a
                .inertia_history()
                .unwrap()
                .iter()
                .zip(b.inertia_history().unwrap())
            {
                assert_eq!(x * s * s, *y);
            }
            assert_eq!(b.predict(&big).unwrap(), b.labels());
            assert_eq!(b.score(&big).unwrap(), b.inertia());
        }
        let mb = MiniBatchKMeans::new(3).batch_size(64);
        let (a, b) = (mb.fit(&small).unwrap(), mb.fit(&big).unwrap());
        assert_eq!(a.labels(), b.labels());
        assert_eq!(a.inertia() * s * s, b.inertia());
        let labels = a.labels().to_vec();
        let opt = SilhouetteOptions::exact();
        assert_eq!(
            silhouette_score(&small, &labels, opt).unwrap(),
            silhouette_score(&big, &labels, opt).unwrap()
        );
    }
}

#[test]
fn an_inertia_beyond_f64_is_a_typed_error() {
    // Points 2e150 apart weighted 1e150: Σ w d² is about 4e450.
    let pts = PointSet::from_rows(&[[-MAX_ABS_VALUE], [MAX_ABS_VALUE], [0.0]])
        .unwrap()
        .with_weights(vec![MAX_ABS_VALUE; 3])
        .unwrap();
    let e = KMeans::new(1).fit(&pts).unwrap_err();
    assert!(
        matches!(e, KMeansError::Overflow { what: "inertia" }),
        "{e}"
    );
    assert!(e.to_string().contains("rescale"));
    assert!(matches!(
        inertia(&pts, &[0.0]),
        Err(KMeansError::Overflow { .. })
    ));
    assert!(matches!(
        MiniBatchKMeans::new(1).fit(&pts),
        Err(KMeansError::Overflow { .. })
    ));
    // Three clusters of one point each: inertia 0, fine at any magnitude.
    let m = KMeans::new(3).fit(&pts).unwrap();
    assert_eq!(m.inertia(), 0.0);
    let mut c = m.centres().to_vec();
    c.sort_by(f64::total_cmp);
    assert_eq!(c, [-MAX_ABS_VALUE, 0.0, MAX_ABS_VALUE]);
    // Given centres far beyond the data are scaled with it.
    let init = Init::Centres(vec![-1e300, 1e300, 0.0]);
    let m = KMeans::new(3).init(init).fit(&pts).unwrap();
    assert!(m.centres().iter().all(|c| c.abs() <= MAX_ABS_VALUE));
}

#[test]
fn geographic_results_stay_finite_with_demand_near_the_limit() {
    let pts = customers();
    let w: Vec<f64> = pts
        .weights()
        .unwrap()
        .iter()
        .map(|&v| v * MAX_ABS_VALUE / 7.0)
        .collect();
    let heavy = PointSet::new(pts.as_slice().to_vec(), 2)
        .unwrap()
        .with_weights(w)
        .unwrap();
    let model = GeoKMeans::new(4).n_init(2).fit(&heavy).unwrap();
    for v in [
        model.weighted_sum_km(),
        model.weighted_mean_km(),
        model.weighted_sum_sq_km2(),
        model.total_weight(),
        model.max_km(),
    ] {
        assert!(v.is_finite() && v >= 0.0, "{v}");
    }
    for r in model.site_reports(500.0).unwrap() {
        assert!((0.0..=1.0).contains(&r.demand_share));
        assert!((0.0..=1.0).contains(&r.share_within_radius));
        assert!(r.demand.is_finite() && r.mean_km.is_finite() && r.max_km <= 20_100.0);
    }
    // The curve is finite; a cost beyond f64 is a typed error, not an infinite total.
    let curve = choose_k_by_cost(
        &GeoKMeans::new(1).n_init(1),
        &heavy,
        1..=3,
        SiteCosts::new(1e6, 1.0).unwrap(),
    )
    .unwrap();
    assert!(curve.costs.iter().all(|c| c.total.is_finite()));
    // 40,000 customers of demand 1e150 about 10,000 km from the one site, at 1e150 per unit-km:
    // 4e158 demand-km cost 4e308.
    let far: Vec<[f64; 2]> = (0..40_000)
        .map(|i| {
            [
                -30.0 + (i % 200) as f64 * 0.01,
                150.0 + (i / 200) as f64 * 0.01,
            ]
        })
        .collect();
    let far = PointSet::from_rows(&far)
        .unwrap()
        .with_weights(vec![MAX_ABS_VALUE; 40_000])
        .unwrap();
    let site = ecom_core::GeoPoint::new(51.5, -0.1).unwrap();
    let network = GeoModel::evaluate(&far, &[site]).unwrap();
    assert!(network.weighted_sum_km().is_finite());
    let costs = SiteCosts::new(1e6, MAX_ABS_VALUE).unwrap();
    assert!(costs.evaluate(&network).total.is_infinite());
    match costs.try_evaluate(&network) {
        Err(KMeansError::Overflow { what }) => assert_eq!(what, "network cost"),
        Err(e) => panic!("{e}"),
        Ok(c) => panic!("{c:?}"),
    }
    assert!(SiteCosts::new(1e200, 1.0).is_err());
    let capped = model
        .with_capacity(&Capacity::Uniform(MAX_ABS_VALUE * 200.0))
        .unwrap();
    assert!(capped.weighted_sum_km().is_finite());
}

#[test]
fn fit_geo_refuses_weights_beyond_the_limit_as_point_sets_do() {
    let pts = [
        ecom_core::GeoPoint::new(51.5, -0.1).unwrap(),
        ecom_core::GeoPoint::new(-33.9, 151.2).unwrap(),
    ];
    let e = GeoKMeans::new(1)
        .fit_geo(&pts, Some(&[1e300, 1.0]))
        .unwrap_err();
    assert!(
        matches!(
            e,
            KMeansError::Core(ecom_core::CoreError::TooLarge { index: 0, .. })
        ),
        "{e}"
    );
    let ok = GeoKMeans::new(1)
        .fit_geo(&pts, Some(&[MAX_ABS_VALUE, 1.0]))
        .unwrap();
    assert!(ok.weighted_sum_sq_km2().is_finite());
}
