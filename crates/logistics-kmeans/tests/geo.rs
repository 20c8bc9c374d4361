//! Geographic mode: bar 7 of the fixtures README on US cities weighted by population, the
//! great-circle arithmetic on sklearn's centres, and behaviour across the antimeridian and poles.

mod common;

use common::{case, us_cities_latlon};
use ecom_core::{GeoPoint, PointSet};
use ecom_testing::{assert_all_close, assert_close};
use logistics_kmeans::{GeoKMeans, GeoModel, GeoObjective, Init, KMeansError};

/// Bar 7: the great-circle placement reaches Σ demand x km at most that of sklearn's best
/// Euclidean-on-unit-vectors (`_xyz`) centres; the latlon-degree centres are beaten too.
#[test]
fn bar7_distance_placement_beats_sklearn_centres_in_demand_km() {
    let pts = us_cities_latlon();
    for k in [5, 10] {
        let xyz = case(&format!("us_cities_pop_xyz_k{k}.json")).geo.unwrap();
        let latlon = case(&format!("us_cities_pop_latlon_k{k}.json"))
            .geo
            .unwrap();
        let model = GeoKMeans::new(k).seed(0).fit(&pts).unwrap();
        println!(
            "k = {k}: Σ demand·km {:.6e} (sklearn xyz {:.6e}, ratio {:.4}; latlon {:.6e}); mean {:.2} km (sklearn xyz {:.2} km); max {:.0} km",
            model.weighted_sum_km(),
            xyz.weighted_sum_km,
            model.weighted_sum_km() / xyz.weighted_sum_km,
            latlon.weighted_sum_km,
            model.weighted_mean_km(),
            xyz.weighted_mean_km,
            model.max_km()
        );
        assert!(model.weighted_sum_km() <= xyz.weighted_sum_km, "k = {k}");
        assert!(model.weighted_sum_km() <= latlon.weighted_sum_km, "k = {k}");
        assert_close(
            model.weighted_mean_km(),
            model.weighted_sum_km() / pts.total_weight(),
            1e-12,
            0.0,
            "mean",
        );
        assert!(model.converged());
    }
}

/// The spherical k-means stage alone (normalised unit-vector means) does at least as well on
/// its own objective, Σ demand x chord² with sites on the sphere, as sklearn's `_xyz` centres
/// projected to the sphere (within the bar-1 tolerance).
#[test]
fn spherical_stage_matches_sklearn_projected_centres() {
    let pts = us_cities_latlon();
    let chord2 = |m: &GeoModel| -> f64 {
        m.distances_km()
            .iter()
            .zip(m.weights())
            .map(|(d, w)| w * (2.0 * (d / ecom_core::EARTH_RADIUS_KM / 2.0).sin()).powi(2))
            .sum()
    };
    for k in [5, 10] {
        let g = case(&format!("us_cities_pop_xyz_k{k}.json")).geo.unwrap();
        let sites: Vec<GeoPoint> = g
            .centres_latlon_deg
            .iter()
            .map(|c| GeoPoint::new(c[0], c[1]).unwrap())
            .collect();
        let theirs = chord2(&GeoModel::evaluate(&pts, &sites).unwrap());
        let model = GeoKMeans::new(k)
            .n_init(50)
            .objective(GeoObjective::SquaredChord)
            .fit(&pts)
            .unwrap();
        let ours = chord2(&model);
        println!(
            "k = {k}: spherical k-means Σ w chord² {ours:.6e}, sklearn's projected centres {theirs:.6e}"
        );
        assert!(ours <= theirs * 1.001, "k = {k}: {}", ours / theirs);
    }
}

/// The fixture's great-circle figures of sklearn's centres, recomputed by `GeoModel::evaluate`.
#[test]
fn great_circle_arithmetic_on_sklearn_centres() {
    let pts = us_cities_latlon();
    for file in [
        "us_cities_pop_xyz_k5.json",
        "us_cities_pop_xyz_k10.json",
        "us_cities_pop_latlon_k5.json",
        "us_cities_pop_latlon_k10.json",
    ] {
        let g = case(file).geo.unwrap();
        let sites: Vec<GeoPoint> = g
            .centres_latlon_deg
            .iter()
            .map(|c| GeoPoint::new(c[0], c[1]).unwrap())
            .collect();
        let m = GeoModel::evaluate(&pts, &sites).unwrap();
        assert_close(m.weighted_sum_km(), g.weighted_sum_km, 1e-9, 0.0, file);
        assert_close(m.weighted_mean_km(), g.weighted_mean_km, 1e-9, 0.0, file);
        assert_close(
            m.weighted_sum_sq_km2(),
            g.weighted_sum_sq_km2,
            1e-9,
            0.0,
            file,
        );
        assert_close(m.max_km(), g.max_km, 1e-9, 0.0, file);
        assert_all_close(&m.site_weights(), &g.cluster_weights, 0.0, 0.0, file);
    }
}

/// Reports add up: demand per site, shares, customers partition the input, radius shares.
#[test]
fn site_reports_are_consistent() {
    let pts = us_cities_latlon();
    let model = GeoKMeans::new(6).fit(&pts).unwrap();
    let reports = model.site_reports(300.0).unwrap();
    let total: f64 = pts.total_weight();
    let mut seen = vec![false; pts.len()];
    let mut within = 0.0;
    for r in &reports {
        let demand: f64 = r.customers.iter().map(|&i| pts.weight(i)).sum();
        assert_close(r.demand, demand, 1e-12, 0.0, "site demand");
        assert_close(r.demand_share, demand / total, 1e-12, 0.0, "share");
        let far = r
            .customers
            .iter()
            .map(|&i| model.distances_km()[i])
            .fold(0.0, f64::max);
        assert_eq!(r.max_km, far);
        assert!(r.mean_km <= r.max_km);
        for &i in &r.customers {
            assert!(!seen[i]);
            seen[i] = true;
            assert_eq!(model.labels()[i], r.site);
        }
        within += r.share_within_radius * r.demand;
    }
    assert!(seen.iter().all(|&s| s));
    assert_close(
        within / total,
        model.share_within(300.0),
        1e-12,
        0.0,
        "radius share",
    );
    assert!(matches!(
        model.site_reports(-1.0),
        Err(KMeansError::InvalidParameter { .. })
    ));
}

/// A cluster spanning the antimeridian gets its site in the Pacific, not at longitude ~0.
#[test]
fn antimeridian_cluster_stays_in_the_pacific() {
    let pts: Vec<GeoPoint> = [
        (-17.7, 178.4),
        (-18.1, 179.9),
        (-16.5, -179.8),
        (-13.8, -172.1),
        (-21.1, -175.2),
    ]
    .iter()
    .map(|&(a, b)| GeoPoint::new(a, b).unwrap())
    .collect();
    for objective in [GeoObjective::Distance, GeoObjective::SquaredChord] {
        let m = GeoKMeans::new(1)
            .objective(objective)
            .fit_geo(&pts, None)
            .unwrap();
        let site = m.sites()[0];
        assert!(site.lon().abs() > 175.0, "{objective:?}: {site:?}");
        assert!(m.max_km() < 1200.0, "{objective:?}: {}", m.max_km());
    }
}

/// Customers ringing the North Pole are served from the pole, not from their mean longitude.
#[test]
fn polar_cluster_site_is_at_the_pole() {
    let pts: Vec<GeoPoint> = (0..12)
        .map(|i| GeoPoint::new(85.0, -180.0 + 30.0 * i as f64).unwrap())
        .collect();
    let m = GeoKMeans::new(1).fit_geo(&pts, None).unwrap();
    assert!(m.sites()[0].lat() > 89.999, "{:?}", m.sites()[0]);
    // 5 degrees of arc from the pole for everyone.
    let arc = 5f64.to_radians() * ecom_core::EARTH_RADIUS_KM;
    for d in m.distances_km() {
        assert_close(*d, arc, 1e-6, 0.0, "pole distance");
    }
}

/// Demand pulls sites: one heavy customer among light ones gets the site on top of it.
#[test]
fn weights_pull_the_site_towards_demand() {
    let pts = PointSet::from_rows(&[[50.0, 0.0], [50.0, 10.0], [50.0, 20.0]]).unwrap();
    let even = GeoKMeans::new(1).fit(&pts).unwrap();
    let heavy = GeoKMeans::new(1)
        .fit(&pts.clone().with_weights(vec![10.0, 1.0, 1.0]).unwrap())
        .unwrap();
    assert!(heavy.sites()[0].lon() < even.sites()[0].lon() - 5.0);
    assert!(heavy.sites()[0].distance_km(&GeoPoint::new(50.0, 0.0).unwrap()) < 0.01);
}

/// The p-median objective never ends above the spherical k-means it starts from.
#[test]
fn distance_objective_never_worse_in_demand_km() {
    let pts = us_cities_latlon();
    for k in [2, 3, 7] {
        let chord = GeoKMeans::new(k)
            .objective(GeoObjective::SquaredChord)
            .fit(&pts)
            .unwrap();
        let dist = GeoKMeans::new(k).fit(&pts).unwrap();
        assert!(
            dist.weighted_sum_km() <= chord.weighted_sum_km() * (1.0 + 1e-12),
            "k = {k}"
        );
    }
}

/// Given starting sites are honoured, and their count is checked.
#[test]
fn given_sites() {
    let pts = us_cities_latlon();
    let init = Init::Centres(vec![40.7, -74.0, 34.05, -118.25]);
    let m = GeoKMeans::new(2).init(init.clone()).fit(&pts).unwrap();
    assert_eq!(m.k(), 2);
    assert!(matches!(
        GeoKMeans::new(3).init(init).fit(&pts),
        Err(KMeansError::DimensionMismatch {
            expected: 6,
            got: 4,
            ..
        })
    ));
}
