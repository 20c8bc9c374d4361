//! Property tests of the core types: serde round-trips and CSR/CSC consistency.

use std::collections::HashMap;

use ecom_core::{
    DuplicatePolicy, Feedback, Forecast, ForecastInterval, Frequency, GeoPoint, NaiveDate,
    PointSet, Ratings, RatingsBuilder, TimeSeries,
};
use proptest::prelude::*;

fn round_trip<T>(x: &T) -> T
where
    T: serde::Serialize + serde::de::DeserializeOwned,
{
    serde_json::from_str(&serde_json::to_string(x).unwrap()).unwrap()
}

fn triplets() -> impl Strategy<Value = Vec<(u8, u8, u8)>> {
    prop::collection::vec((0u8..30, 0u8..20, 1u8..=5), 1..200)
}

fn build(trips: &[(u8, u8, u8)], policy: DuplicatePolicy, feedback: Feedback) -> Ratings {
    let mut b = RatingsBuilder::new(feedback).duplicates(policy);
    for (t, &(u, i, v)) in trips.iter().enumerate() {
        b.push_with_timestamp(&format!("u{u}"), &format!("i{i}"), f64::from(v), t as i64)
            .unwrap();
    }
    b.build().unwrap()
}

proptest! {
    // Failures are reported, never written into the source tree.
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn csr_and_csc_hold_the_same_matrix(trips in triplets()) {
        let r = build(&trips, DuplicatePolicy::KeepLast, Feedback::explicit(1.0, 5.0).unwrap());
        // Expected matrix: the last value per pair.
        let mut expected = HashMap::new();
        for &(u, i, v) in &trips {
            expected.insert((format!("u{u}"), format!("i{i}")), f64::from(v));
        }
        prop_assert_eq!(r.len(), expected.len());
        let mut from_csr = HashMap::new();
        for u in 0..r.n_users() as u32 {
            let (items, vals) = r.user_row(u);
            for (&i, &v) in items.iter().zip(vals) {
                from_csr.insert((r.users().id(u).to_owned(), r.items().id(i).to_owned()), v);
            }
        }
        let mut from_csc = HashMap::new();
        for i in 0..r.n_items() as u32 {
            let (users, vals) = r.item_column(i);
            for (&u, &v) in users.iter().zip(vals) {
                from_csc.insert((r.users().id(u).to_owned(), r.items().id(i).to_owned()), v);
            }
        }
        prop_assert_eq!(&from_csr, &expected);
        prop_assert_eq!(&from_csc, &expected);
        // Row entries point back at the coordinate list, in increasing (input) order.
        for u in 0..r.n_users() {
            let entries = r.by_user().row_entries(u);
            prop_assert!(entries.windows(2).all(|w| w[0] < w[1]));
            for &e in entries {
                prop_assert_eq!(r.entry(e).user as usize, u);
            }
        }
        prop_assert_eq!(r.by_user().nnz(), r.by_item().nnz());
    }

    #[test]
    fn summed_duplicates_add_up(trips in triplets()) {
        let r = build(&trips, DuplicatePolicy::Sum, Feedback::Implicit);
        let total: f64 = trips.iter().map(|t| f64::from(t.2)).sum();
        prop_assert_eq!(r.values().iter().sum::<f64>(), total);
    }

    #[test]
    fn ratings_serde_round_trip(trips in triplets()) {
        let r = build(&trips, DuplicatePolicy::KeepLast, Feedback::explicit(1.0, 5.0).unwrap());
        prop_assert_eq!(round_trip(&r), r);
    }

    #[test]
    fn series_serde_round_trip(values in prop::collection::vec(-1e9f64..1e9, 1..100), period in 1usize..30, day in 0u64..3000) {
        let start = NaiveDate::from_ymd_opt(2015, 1, 1).unwrap() + chrono::Days::new(day);
        let s = TimeSeries::new(values).unwrap().with_start(start, Frequency::Weekly).with_period(period).unwrap();
        prop_assert_eq!(round_trip(&s), s);
    }

    #[test]
    fn points_serde_round_trip(data in prop::collection::vec(-1e6f64..1e6, 1..60), weighted in any::<bool>()) {
        let dim = if data.len() % 3 == 0 { 3 } else { 1 };
        let mut p = PointSet::new(data, dim).unwrap();
        if weighted {
            let n = p.len();
            p = p.with_weights((0..n).map(|i| i as f64 + 0.5).collect()).unwrap();
        }
        prop_assert_eq!(round_trip(&p), p);
    }

    #[test]
    fn geo_serde_round_trip_and_distance_symmetry(a in -90.0f64..=90.0, b in -180.0f64..=180.0, c in -90.0f64..=90.0, d in -180.0f64..=180.0) {
        let p = GeoPoint::new(a, b).unwrap();
        let q = GeoPoint::new(c, d).unwrap();
        prop_assert_eq!(round_trip(&p), p);
        let (pq, qp) = (p.distance_km(&q), q.distance_km(&p));
        prop_assert!((pq - qp).abs() <= 1e-9 * pq.max(1.0));
        let half_circumference = std::f64::consts::PI * ecom_core::EARTH_RADIUS_KM;
        prop_assert!((0.0..=half_circumference + 1e-6).contains(&pq));
    }

    #[test]
    fn forecast_serde_round_trip(mean in prop::collection::vec(-1e6f64..1e6, 0..24)) {
        let f = Forecast {
            intervals: vec![ForecastInterval { level: 80.0, lower: mean.iter().map(|m| m - 1.0).collect(), upper: mean.iter().map(|m| m + 1.0).collect() }],
            mean,
            ..Forecast::default()
        };
        prop_assert_eq!(round_trip(&f), f);
    }
}

/// The two cases proptest once shrank to (they used to live in a regressions file; with
/// `failure_persistence: None` they are kept here instead).
#[test]
fn former_proptest_regressions() {
    let mean = vec![-966_339.177_992_984_5];
    let f = Forecast {
        intervals: vec![ForecastInterval {
            level: 80.0,
            lower: mean.iter().map(|m| m - 1.0).collect(),
            upper: mean.iter().map(|m| m + 1.0).collect(),
        }],
        mean,
        ..Forecast::default()
    };
    assert_eq!(round_trip(&f), f);
    let p = GeoPoint::new(0.0, -122.623_463_756_967_95).unwrap();
    let q = GeoPoint::new(0.0, 0.0).unwrap();
    assert_eq!(round_trip(&p), p);
    let (pq, qp) = (p.distance_km(&q), q.distance_km(&p));
    assert!((pq - qp).abs() <= 1e-9 * pq.max(1.0));
    // 122.62° of the equator.
    let expected = 122.623_463_756_967_95_f64.to_radians() * ecom_core::EARTH_RADIUS_KM;
    assert!((pq - expected).abs() < 1e-6, "{pq} vs {expected}");
}
