//! Bad input gets a typed error, never a panic.

use ecom_core::{CoreError, GeoPoint, PointSet};
use logistics_kmeans::{
    Algorithm, Capacity, GeoKMeans, GeoModel, Init, KMeans, KMeansError, MiniBatchKMeans, inertia,
};

fn square() -> PointSet {
    PointSet::from_rows(&[[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]).unwrap()
}

#[test]
fn k_zero_and_bad_settings() {
    let p = square();
    let bad = |r: Result<_, KMeansError>, name: &str| match r {
        Err(KMeansError::InvalidParameter { name: n, .. }) => assert_eq!(n, name),
        other => panic!("{name}: {other:?}"),
    };
    bad(KMeans::new(0).fit(&p).map(|_| ()), "k");
    bad(KMeans::new(2).n_init(0).fit(&p).map(|_| ()), "n_init");
    bad(KMeans::new(2).max_iter(0).fit(&p).map(|_| ()), "max_iter");
    bad(KMeans::new(2).tol(-1.0).fit(&p).map(|_| ()), "tol");
    bad(KMeans::new(2).tol(f64::NAN).fit(&p).map(|_| ()), "tol");
    bad(
        KMeans::new(2).local_trials(0).fit(&p).map(|_| ()),
        "local_trials",
    );
    bad(
        KMeans::new(2)
            .algorithm(Algorithm::MiniBatch)
            .fit(&p)
            .map(|_| ()),
        "algorithm",
    );
    bad(MiniBatchKMeans::new(0).fit(&p).map(|_| ()), "k");
    bad(
        MiniBatchKMeans::new(2).batch_size(0).fit(&p).map(|_| ()),
        "batch_size",
    );
    bad(
        MiniBatchKMeans::new(2)
            .reassignment_ratio(-0.1)
            .fit(&p)
            .map(|_| ()),
        "reassignment_ratio",
    );
    bad(GeoKMeans::new(0).fit(&square()).map(|_| ()), "k");
}

#[test]
fn k_above_distinct_points() {
    // Five rows, three distinct points (one duplicated, -0.0 equal to 0.0).
    let p = PointSet::from_rows(&[[0.0, 0.0], [1.0, 1.0], [1.0, 1.0], [-0.0, 0.0], [2.0, 2.0]])
        .unwrap();
    assert!(KMeans::new(3).fit(&p).is_ok());
    match KMeans::new(4).fit(&p) {
        Err(KMeansError::TooFewDistinctPoints { k: 4, distinct: 3 }) => {}
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        MiniBatchKMeans::new(4).fit(&p),
        Err(KMeansError::TooFewDistinctPoints { .. })
    ));
    // Zero-weight points do not count.
    let w = p
        .clone()
        .with_weights(vec![1.0, 1.0, 1.0, 1.0, 0.0])
        .unwrap();
    assert!(matches!(
        KMeans::new(3).fit(&w),
        Err(KMeansError::TooFewDistinctPoints { k: 3, distinct: 2 })
    ));
}

#[test]
fn nan_coordinates() {
    // A point set cannot hold NaN: the core error converts into ours with `?`.
    fn build() -> Result<PointSet, KMeansError> {
        Ok(PointSet::new(vec![0.0, f64::NAN], 2)?)
    }
    assert!(matches!(
        build(),
        Err(KMeansError::Core(CoreError::NonFinite { index: 1, .. }))
    ));
    // NaN in given centres.
    let r = KMeans::new(2)
        .init(Init::Centres(vec![0.0, 0.0, f64::NAN, 1.0]))
        .fit(&square());
    assert!(matches!(r, Err(KMeansError::NonFinite { index: 2, .. })));
    assert!(matches!(
        inertia(&square(), &[f64::INFINITY, 0.0]),
        Err(KMeansError::NonFinite { .. })
    ));
    assert!(matches!(
        inertia(&square(), &[0.0, 0.0, 1.0]),
        Err(KMeansError::DimensionMismatch { .. })
    ));
    assert!(matches!(
        KMeans::new(2)
            .init(Init::Centres(vec![0.0; 3]))
            .fit(&square()),
        Err(KMeansError::DimensionMismatch {
            expected: 4,
            got: 3,
            ..
        })
    ));
}

#[test]
fn latitude_and_longitude_out_of_range() {
    let p = PointSet::from_rows(&[[10.0, 20.0], [95.0, 0.0]]).unwrap();
    assert!(matches!(
        GeoKMeans::new(1).fit(&p),
        Err(KMeansError::LatitudeOutOfRange {
            index: 1,
            value: 95.0
        })
    ));
    let p = PointSet::from_rows(&[[10.0, 200.0]]).unwrap();
    assert!(matches!(
        GeoKMeans::new(1).fit(&p),
        Err(KMeansError::LongitudeOutOfRange { index: 0, .. })
    ));
    let p3 = PointSet::from_rows(&[[1.0, 2.0, 3.0]]).unwrap();
    assert!(matches!(
        GeoKMeans::new(1).fit(&p3),
        Err(KMeansError::DimensionMismatch { .. })
    ));
    assert!(matches!(
        GeoModel::evaluate(
            &PointSet::from_rows(&[[-91.0, 0.0]]).unwrap(),
            &[GeoPoint::new(0.0, 0.0).unwrap()]
        ),
        Err(KMeansError::LatitudeOutOfRange { .. })
    ));
    let bad_sites = Init::Centres(vec![0.0, 0.0, 100.0, 0.0]);
    let ok = PointSet::from_rows(&[[0.0, 0.0], [1.0, 1.0]]).unwrap();
    assert!(matches!(
        GeoKMeans::new(2).init(bad_sites).fit(&ok),
        Err(KMeansError::LatitudeOutOfRange { .. })
    ));
}

#[test]
fn bad_weights() {
    let pts = [
        GeoPoint::new(0.0, 0.0).unwrap(),
        GeoPoint::new(1.0, 1.0).unwrap(),
    ];
    let g = GeoKMeans::new(1);
    assert!(matches!(
        g.fit_geo(&pts, Some(&[0.0, 0.0])),
        Err(KMeansError::ZeroTotalWeight)
    ));
    assert!(matches!(
        g.fit_geo(&pts, Some(&[1.0, -1.0])),
        Err(KMeansError::NegativeWeight { index: 1, .. })
    ));
    assert!(matches!(
        g.fit_geo(&pts, Some(&[1.0, f64::NAN])),
        Err(KMeansError::NonFinite { index: 1, .. })
    ));
    assert!(matches!(
        g.fit_geo(&pts, Some(&[1.0])),
        Err(KMeansError::DimensionMismatch { .. })
    ));
    assert!(g.fit_geo(&[], None).is_err());
    // Point sets refuse zero total weight themselves.
    assert!(matches!(
        square()
            .with_weights(vec![0.0; 4])
            .map_err(KMeansError::from),
        Err(KMeansError::Core(_))
    ));
}

#[test]
fn predict_dimension_mismatch() {
    let m = KMeans::new(2).fit(&square()).unwrap();
    let p3 = PointSet::from_rows(&[[1.0, 2.0, 3.0]]).unwrap();
    assert!(matches!(
        m.predict(&p3),
        Err(KMeansError::DimensionMismatch {
            expected: 2,
            got: 3,
            ..
        })
    ));
    assert!(matches!(
        m.score(&p3),
        Err(KMeansError::DimensionMismatch { .. })
    ));
}

#[test]
fn infeasible_capacity() {
    let pts = PointSet::from_rows(&[[0.0, 0.0], [0.0, 1.0], [10.0, 0.0]])
        .unwrap()
        .with_weights(vec![5.0, 5.0, 5.0])
        .unwrap();
    let m = GeoKMeans::new(2).fit(&pts).unwrap();
    assert!(matches!(
        m.with_capacity(&Capacity::Uniform(7.0)),
        Err(KMeansError::CapacityInfeasible { .. })
    ));
    assert!(matches!(
        m.with_capacity(&Capacity::PerSite(vec![1.0])),
        Err(KMeansError::DimensionMismatch { .. })
    ));
    assert!(matches!(
        m.with_capacity(&Capacity::Uniform(-1.0)),
        Err(KMeansError::InvalidParameter { .. })
    ));
    // Each customer needs 5: a site of 4 holds none, so 4 + 20 must place all three at the big one.
    let capped = m
        .with_capacity(&Capacity::PerSite(vec![4.0, 20.0]))
        .unwrap();
    assert!(capped.labels().iter().all(|&l| l == 1));
}
