//! Saving and loading: fitted models, reports and specifications survive a round trip through
//! serde_json bit for bit, and a tampered file is an error naming the field, never a model
//! whose methods panic later (as `GeoModel::customer` and `site_reports` did on unchecked
//! labels and coordinates).

mod common;

use common::{points, us_cities_latlon};
use ecom_core::{GeoPoint, PointSet};
use logistics_kmeans::{
    Algorithm, Capacity, CostCurve, GeoKMeans, GeoModel, GeoObjective, Init, KCurve, KMeans,
    KMeansModel, MiniBatchKMeans, SilhouetteOptions, SiteCosts, SiteReport, choose_k_by_cost,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Saves and loads `x`; the reloaded value must equal it and save to the same text.
fn round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(x: &T) -> T {
    let text = serde_json::to_string(x).expect("save");
    let back: T = serde_json::from_str(&text).expect("load");
    assert_eq!(serde_json::to_string(&back).expect("save again"), text);
    assert_eq!(&back, x);
    back
}

fn bits(v: &[f64]) -> Vec<u64> {
    v.iter().map(|x| x.to_bits()).collect()
}

fn assert_same_kmeans(a: &KMeansModel, b: &KMeansModel, pts: &PointSet) {
    assert_eq!(a.predict(pts).unwrap(), b.predict(pts).unwrap());
    assert_eq!(
        a.score(pts).unwrap().to_bits(),
        b.score(pts).unwrap().to_bits()
    );
    assert_eq!(bits(a.centres()), bits(b.centres()));
    assert_eq!(a.inertia().to_bits(), b.inertia().to_bits());
    assert_eq!(a.cluster_sizes(), b.cluster_sizes());
}

#[test]
fn kmeans_models_round_trip_bit_exactly() {
    for (dataset, k) in [("iris", 3), ("blobs_10k_2d_8c", 8)] {
        let pts = points(dataset);
        for algorithm in [Algorithm::Lloyd, Algorithm::Hamerly, Algorithm::Elkan] {
            let m = KMeans::new(k)
                .n_init(3)
                .algorithm(algorithm)
                .record_history(true)
                .fit(&pts)
                .unwrap();
            assert_same_kmeans(&m, &round_trip(&m), &pts);
        }
        let m = MiniBatchKMeans::new(k)
            .batch_size(256)
            .seed(3)
            .fit(&pts)
            .unwrap();
        assert_same_kmeans(&m, &round_trip(&m), &pts);
    }
}

fn assert_same_geo(a: &GeoModel, b: &GeoModel) {
    assert_eq!(a.labels(), b.labels());
    assert_eq!(bits(a.distances_km()), bits(b.distances_km()));
    assert_eq!(a.weighted_sum_km().to_bits(), b.weighted_sum_km().to_bits());
    assert_eq!(a.max_km().to_bits(), b.max_km().to_bits());
    for radius in [0.0, 100.0, 1000.0] {
        assert_eq!(
            a.site_reports(radius).unwrap(),
            b.site_reports(radius).unwrap()
        );
    }
    let probe: Vec<GeoPoint> = (0..a.n_customers())
        .step_by(97)
        .map(|i| a.customer(i))
        .collect();
    assert_eq!(a.predict(&probe), b.predict(&probe));
    for p in &probe {
        let (x, y) = (a.nearest_site(p), b.nearest_site(p));
        assert_eq!((x.0, x.1.to_bits()), (y.0, y.1.to_bits()));
    }
    let cap = Capacity::Uniform(a.total_weight() / a.k() as f64 * 1.5);
    let (ca, cb) = (
        a.with_capacity(&cap).unwrap(),
        b.with_capacity(&cap).unwrap(),
    );
    assert_eq!(ca, cb);
}

#[test]
fn geo_models_round_trip_bit_exactly() {
    let pts = us_cities_latlon();
    for objective in [GeoObjective::Distance, GeoObjective::SquaredChord] {
        let m = GeoKMeans::new(5)
            .n_init(2)
            .objective(objective)
            .fit(&pts)
            .unwrap();
        assert_same_geo(&m, &round_trip(&m));
    }
    let sites = [
        GeoPoint::new(40.7, -74.0).unwrap(),
        GeoPoint::new(34.05, -118.24).unwrap(),
    ];
    let m = GeoModel::evaluate(&pts, &sites).unwrap();
    assert_same_geo(&m, &round_trip(&m));
}

#[test]
fn reports_and_curves_round_trip() {
    let pts = us_cities_latlon();
    let costs = SiteCosts::new(2e6, 1e-3).unwrap();
    let curve = choose_k_by_cost(&GeoKMeans::new(1).n_init(1), &pts, 1..=4, costs).unwrap();
    let back: CostCurve = round_trip(&curve);
    assert_eq!(back.best_k(), curve.best_k());
    assert_same_geo(back.best_model(), curve.best_model());
    round_trip(&costs);
    for r in curve.best_model().site_reports(500.0).unwrap() {
        round_trip(&r);
    }
    let iris = points("iris");
    let k = KCurve::fit(
        &KMeans::new(1).n_init(2),
        &iris,
        1..=4,
        Some(SilhouetteOptions::exact()),
    )
    .unwrap();
    let back = round_trip(&k);
    assert_eq!(
        (back.elbow_k(), back.best_silhouette_k()),
        (k.elbow_k(), k.best_silhouette_k())
    );
    round_trip(&KCurve::from_geo_models(&curve.models));
}

#[test]
fn specifications_round_trip_and_fill_defaults() {
    let km = KMeans::new(4)
        .init(Init::Centres(vec![0.0, 1.0, 2.0, 3.0]))
        .n_init(2)
        .tol(0.0)
        .algorithm(Algorithm::Elkan)
        .local_trials(3)
        .record_history(true);
    assert_eq!(round_trip(&km), km);
    let geo = GeoKMeans::new(2)
        .objective(GeoObjective::SquaredChord)
        .init(Init::Centres(vec![51.5, -0.1, 48.9, 2.4]));
    assert_eq!(round_trip(&geo), geo);
    let mb = MiniBatchKMeans::new(3)
        .max_no_improvement(None)
        .init_size(50);
    assert_eq!(round_trip(&mb), mb);
    // Only k is required; the rest are the constructors' defaults.
    assert_eq!(
        serde_json::from_str::<KMeans>(r#"{"k": 3}"#).unwrap(),
        KMeans::new(3)
    );
    assert_eq!(
        serde_json::from_str::<GeoKMeans>(r#"{"k": 3, "seed": 5}"#).unwrap(),
        GeoKMeans::new(3).seed(5)
    );
    assert_eq!(
        serde_json::from_str::<MiniBatchKMeans>(r#"{"k": 3}"#).unwrap(),
        MiniBatchKMeans::new(3)
    );
    // null is an explicit "none", not "the default".
    let mb: MiniBatchKMeans =
        serde_json::from_str(r#"{"k": 3, "max_no_improvement": null}"#).unwrap();
    assert_eq!(mb.max_no_improvement, None);
}

#[test]
fn invalid_specifications_are_refused_when_read() {
    for (json, needle) in [
        (r#"{"k": 0}"#, "k"),
        (r#"{}"#, "k"),
        (r#"{"k": 2, "tol": -1}"#, "tol"),
        (r#"{"k": 2, "n_init": 0}"#, "n_init"),
        (r#"{"k": 2, "max_iter": 1000000000}"#, "max_iter"),
        (r#"{"k": 2, "algorithm": "MiniBatch"}"#, "algorithm"),
        (
            r#"{"k": 2, "init": {"Centres": [1, 2, 3]}}"#,
            "initial centres",
        ),
        (r#"{"k": 2, "init": {"Centres": [1, null]}}"#, "null"),
        (r#"{"k": 2, "n_inits": 3}"#, "unknown field"),
    ] {
        let e = serde_json::from_str::<KMeans>(json)
            .unwrap_err()
            .to_string();
        assert!(e.contains(needle), "{json}: {e}");
    }
    for (json, needle) in [
        (
            r#"{"k": 2, "init": {"Centres": [95, 0, 10, 10]}}"#,
            "latitude",
        ),
        (r#"{"k": 2, "init": {"Centres": [0, 0]}}"#, "initial sites"),
        (r#"{"k": 2, "n_init": 0}"#, "n_init"),
    ] {
        let e = serde_json::from_str::<GeoKMeans>(json)
            .unwrap_err()
            .to_string();
        assert!(e.contains(needle), "{json}: {e}");
    }
    for (json, needle) in [
        (r#"{"k": 2, "batch_size": 0}"#, "batch_size"),
        (
            r#"{"k": 2, "reassignment_ratio": -0.5}"#,
            "reassignment_ratio",
        ),
    ] {
        let e = serde_json::from_str::<MiniBatchKMeans>(json)
            .unwrap_err()
            .to_string();
        assert!(e.contains(needle), "{json}: {e}");
    }
    let e = serde_json::from_str::<SiteCosts>(r#"{"fixed_per_site": -1, "per_unit_km": 1}"#);
    assert!(e.unwrap_err().to_string().contains("fixed_per_site"));
}

// ---- tampered files ----

fn saved<T: Serialize>(x: &T) -> Value {
    serde_json::to_value(x).unwrap()
}

/// Loading `v` as `T` fails, and the message contains `needle`.
fn refused<T: DeserializeOwned + std::fmt::Debug>(v: &Value, needle: &str) {
    match serde_json::from_value::<T>(v.clone()) {
        Ok(x) => panic!("a tampered file loaded ({needle}): {x:?}"),
        Err(e) => assert!(
            e.to_string().contains(needle),
            "expected {needle:?} in: {e}"
        ),
    }
}

fn tamper(v: &Value, f: impl FnOnce(&mut Value)) -> Value {
    let mut v = v.clone();
    f(&mut v);
    v
}

#[test]
fn tampered_kmeans_models_are_refused_naming_the_field() {
    let pts = points("iris");
    let m = saved(
        &KMeans::new(3)
            .n_init(2)
            .record_history(true)
            .fit(&pts)
            .unwrap(),
    );
    let cases: Vec<(Value, &str)> = vec![
        (tamper(&m, |v| v["k"] = 0.into()), "`k`"),
        (tamper(&m, |v| v["k"] = 4.into()), "`centres`"),
        (tamper(&m, |v| v["dim"] = 0.into()), "`dim`"),
        (
            tamper(&m, |v| v["centres"].as_array_mut().unwrap().truncate(11)),
            "`centres`",
        ),
        (
            tamper(&m, |v| v["centres"][2] = Value::Null),
            "`centres` value NaN at index 2",
        ),
        // A label beyond k made `cluster_sizes` panic.
        (tamper(&m, |v| v["labels"][7] = 3.into()), "`labels`"),
        (
            tamper(&m, |v| v["labels"] = Value::from(Vec::<usize>::new())),
            "`labels`",
        ),
        (
            tamper(&m, |v| v["inertia"] = Value::from(-1.0)),
            "`inertia`",
        ),
        (tamper(&m, |v| v["inertia"] = Value::Null), "inertia"),
        (tamper(&m, |v| v["best_run"] = 2.into()), "`best_run`"),
        (
            tamper(&m, |v| v["run_inertias"][0] = Value::from(1.0)),
            "`best_run`",
        ),
        (
            tamper(&m, |v| v["inertia"] = Value::from(70.0)),
            "`run_inertias`",
        ),
        (
            tamper(&m, |v| v["algorithm"] = "Auto".into()),
            "`algorithm`",
        ),
        (
            tamper(&m, |v| v["n_iter"] = Value::from(u64::MAX)),
            "`n_iter`",
        ),
        (tamper(&m, |v| v["history"][1] = Value::Null), "`history`"),
        (tamper(&m, |v| v["extra"] = 1.into()), "unknown field"),
        (
            tamper(&m, |v| _ = v.as_object_mut().unwrap().remove("labels")),
            "labels",
        ),
    ];
    for (v, needle) in &cases {
        refused::<KMeansModel>(v, needle);
    }
    let text = serde_json::to_string(&m).unwrap();
    assert!(serde_json::from_str::<KMeansModel>(&text[..text.len() - 10]).is_err());
}

#[test]
fn tampered_geo_models_are_refused_naming_the_field() {
    let pts = us_cities_latlon();
    let m = saved(&GeoKMeans::new(3).n_init(1).fit(&pts).unwrap());
    let n = pts.len();
    let cases: Vec<(Value, &str)> = vec![
        // A label beyond k made `site_reports` panic.
        (tamper(&m, |v| v["labels"][5] = 3.into()), "`labels`"),
        (
            tamper(&m, |v| _ = v["labels"].as_array_mut().unwrap().pop()),
            "`labels`",
        ),
        // A latitude out of range made `customer` panic.
        (
            tamper(&m, |v| v["latlon"][0] = Value::from(95.0)),
            "`latlon` customer 0",
        ),
        (
            tamper(&m, |v| v["latlon"][3] = Value::from(-200.0)),
            "`latlon` customer 1",
        ),
        (tamper(&m, |v| v["latlon"][3] = Value::Null), "`latlon`"),
        (
            tamper(&m, |v| _ = v["latlon"].as_array_mut().unwrap().pop()),
            "`latlon`",
        ),
        (
            tamper(&m, |v| v["weights"][0] = Value::from(-1.0)),
            "`weights`",
        ),
        (
            tamper(&m, |v| v["weights"] = Value::from(vec![0.0; n])),
            "`weights`",
        ),
        (tamper(&m, |v| v["weights"][1] = Value::Null), "`weights`"),
        (
            tamper(&m, |v| _ = v["distances_km"].as_array_mut().unwrap().pop()),
            "`distances_km`",
        ),
        (
            tamper(&m, |v| v["distances_km"][4] = Value::from(12345.0)),
            "`distances_km` customer 4",
        ),
        (
            tamper(&m, |v| v["sites"] = Value::from(Vec::<Value>::new())),
            "`sites`",
        ),
        (
            tamper(&m, |v| v["sites"][0]["lat"] = Value::from(91.0)),
            "latitude",
        ),
        (
            tamper(&m, |v| v["n_iter"] = Value::from(1u64 << 40)),
            "`n_iter`",
        ),
        (tamper(&m, |v| v["objective"] = "Nearest".into()), "Nearest"),
    ];
    for (v, needle) in &cases {
        refused::<GeoModel>(v, needle);
    }
    // A rounding-level difference in a distance (another platform's libm) still loads.
    let mut v = m.clone();
    let d = v["distances_km"][4].as_f64().unwrap();
    v["distances_km"][4] = Value::from(d + d * 1e-15);
    let loaded: GeoModel = serde_json::from_value(v).unwrap();
    assert_eq!(loaded.site_reports(100.0).unwrap().len(), 3);
}

#[test]
fn tampered_reports_and_curves_are_refused() {
    let pts = us_cities_latlon();
    let costs = SiteCosts::new(2e6, 1e-3).unwrap();
    let curve = saved(&choose_k_by_cost(&GeoKMeans::new(1).n_init(1), &pts, 1..=3, costs).unwrap());
    // An index past the end made `best_k` panic.
    refused::<CostCurve>(&tamper(&curve, |v| v["best"] = 7.into()), "`best`");
    refused::<CostCurve>(
        &tamper(&curve, |v| _ = v["costs"].as_array_mut().unwrap().pop()),
        "`costs`",
    );
    refused::<CostCurve>(
        &tamper(&curve, |v| v["costs"][0]["k"] = 2.into()),
        "`costs`",
    );
    refused::<CostCurve>(
        &tamper(&curve, |v| v["costs"][1]["total"] = Value::from(-5.0)),
        "`total`",
    );
    refused::<CostCurve>(
        &tamper(&curve, |v| v["models"][0]["labels"][0] = 9.into()),
        "`labels`",
    );
    refused::<SiteCosts>(
        &serde_json::json!({"fixed_per_site": 1, "per_unit_km": 1e300}),
        "per_unit_km",
    );

    let report = saved(
        &GeoKMeans::new(2)
            .n_init(1)
            .fit(&pts)
            .unwrap()
            .site_reports(300.0)
            .unwrap()[0],
    );
    refused::<SiteReport>(
        &tamper(&report, |v| v["demand_share"] = Value::from(1.5)),
        "`demand_share`",
    );
    refused::<SiteReport>(
        &tamper(&report, |v| v["max_km"] = Value::from(-1.0)),
        "`max_km`",
    );
    refused::<SiteReport>(
        &tamper(&report, |v| v["customers"][1] = 0.into()),
        "`customers`",
    );
    refused::<SiteReport>(
        &tamper(&report, |v| v["location"]["lon"] = Value::from(190.0)),
        "longitude",
    );

    let k = saved(&KCurve::fit(&KMeans::new(1), &points("iris"), 1..=3, None).unwrap());
    refused::<KCurve>(&tamper(&k, |v| v["scores"][2]["k"] = 1.into()), "`scores`");
    refused::<KCurve>(
        &tamper(&k, |v| v["scores"][0]["inertia"] = Value::Null),
        "`inertia`",
    );
    refused::<KCurve>(
        &tamper(&k, |v| v["scores"][1]["silhouette"] = Value::from(1.5)),
        "`silhouette`",
    );
}

// ---- every field, every kind of damage ----

/// Paths of every number, bool and array in `v` (arrays also as wholes).
fn leaves(v: &Value, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                path.push(k.clone());
                leaves(x, path, out);
                path.pop();
            }
        }
        Value::Array(a) => {
            out.push(path.clone());
            for (i, x) in a.iter().enumerate() {
                path.push(i.to_string());
                leaves(x, path, out);
                path.pop();
            }
        }
        Value::Number(_) | Value::Bool(_) | Value::Null => out.push(path.clone()),
        Value::String(_) => {}
    }
}

fn at<'a>(v: &'a mut Value, path: &[String]) -> &'a mut Value {
    path.iter().fold(v, |v, k| match v {
        Value::Array(a) => &mut a[k.parse::<usize>().unwrap()],
        other => &mut other[k.as_str()],
    })
}

/// Damages each field of `x`'s saved form in turn (null, 0, -1, 0.5, 2, 7, 2^40, ±1e300,
/// true; arrays shortened and lengthened); whatever loads must answer every call with finite
/// numbers and no panic.
fn fuzz<T: Serialize + DeserializeOwned>(name: &str, x: &T, exercise: impl Fn(&T) -> bool) {
    let v = saved(x);
    let mut paths = Vec::new();
    leaves(&v, &mut Vec::new(), &mut paths);
    let values = [
        Value::Null,
        Value::from(0),
        Value::from(-1),
        Value::from(0.5),
        Value::from(2),
        Value::from(7),
        Value::from(1u64 << 40),
        Value::from(1e300),
        Value::from(-1e300),
        Value::from(true),
    ];
    let (mut loaded, mut refused) = (0, 0);
    for path in &paths {
        let mut variants = Vec::new();
        if let Value::Array(a) = at(&mut v.clone(), path) {
            let mut short = a.clone();
            short.pop();
            let mut long = a.clone();
            long.extend(a.first().cloned());
            variants.push(Value::from(short));
            variants.push(Value::from(long));
        } else {
            variants.extend(values.iter().cloned());
        }
        for x in variants {
            let mut t = v.clone();
            *at(&mut t, path) = x.clone();
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                serde_json::from_value::<T>(t).map(|m| exercise(&m))
            }));
            match outcome {
                Err(_) => panic!("{name}: {path:?} = {x} made a call panic"),
                Ok(Ok(finite)) => {
                    assert!(
                        finite,
                        "{name}: {path:?} = {x} loaded and answered a non-finite number"
                    );
                    loaded += 1;
                }
                Ok(Err(_)) => refused += 1,
            }
        }
    }
    assert!(
        refused > 0 && loaded > 0,
        "{name}: {loaded} loaded, {refused} refused"
    );
}

fn exercise_geo(m: &GeoModel) -> bool {
    let mut ok = (0..m.n_customers()).all(|i| m.customer(i).lat().is_finite());
    ok &= m.labels().len() == m.n_customers() && m.sites().len() == m.k();
    for v in [
        m.total_weight(),
        m.weighted_sum_km(),
        m.weighted_mean_km(),
        m.weighted_sum_sq_km2(),
        m.max_km(),
        m.share_within(100.0),
    ] {
        ok &= v.is_finite();
    }
    ok &= m
        .site_weights()
        .iter()
        .chain(m.distances_km())
        .all(|v| v.is_finite());
    for r in m.site_reports(200.0).unwrap() {
        ok &= [
            r.demand,
            r.demand_share,
            r.mean_km,
            r.max_km,
            r.share_within_radius,
        ]
        .iter()
        .all(|v| v.is_finite());
    }
    let probe = [GeoPoint::new(10.0, 20.0).unwrap(), m.customer(0)];
    ok &= m.predict(&probe).iter().all(|&j| j < m.k()) && m.nearest_site(&probe[0]).1.is_finite();
    if let Ok(c) = m.with_capacity(&Capacity::Uniform(m.total_weight())) {
        ok &= c.weighted_sum_km().is_finite();
    }
    ok && SiteCosts::new(1.0, 1.0).unwrap().try_evaluate(m).is_ok()
}

#[test]
fn no_damaged_field_loads_into_a_model_that_panics() {
    let rows = [
        [51.5, -0.13],
        [48.86, 2.35],
        [52.52, 13.4],
        [40.42, -3.7],
        [-33.9, 151.2],
        [35.7, 139.7],
    ];
    let pts = PointSet::from_rows(&rows)
        .unwrap()
        .with_weights(vec![5.0, 3.0, 2.0, 1.0, 4.0, 2.0])
        .unwrap();
    fuzz(
        "geo",
        &GeoKMeans::new(2).n_init(1).fit(&pts).unwrap(),
        exercise_geo,
    );
    let costs = SiteCosts::new(1e3, 1e-2).unwrap();
    let curve = choose_k_by_cost(&GeoKMeans::new(1).n_init(1), &pts, 1..=2, costs).unwrap();
    fuzz("cost curve", &curve, |c| {
        exercise_geo(c.best_model()) && c.best_cost().total.is_finite() && c.best_k() >= 1
    });
    let flat =
        PointSet::from_rows(&[[0.0, 0.0], [0.0, 1.0], [5.0, 5.0], [6.0, 5.0], [9.0, 0.0]]).unwrap();
    let km = KMeans::new(2)
        .n_init(2)
        .record_history(true)
        .fit(&flat)
        .unwrap();
    fuzz("kmeans", &km, |m| {
        let sizes = m.cluster_sizes();
        let centres_ok = (0..m.k()).all(|j| m.centre(j).iter().all(|c| c.is_finite()));
        let labels = m.predict(&PointSet::from_rows(&[[1.0; 2]; 1]).unwrap());
        sizes.len() == m.k()
            && centres_ok
            && labels.map_or(m.dim() != 2, |l| l[0] < m.k())
            && m.score(&flat).map_or(true, f64::is_finite)
            && m.inertia().is_finite()
    });
    let curve = KCurve::fit(
        &KMeans::new(1),
        &flat,
        1..=3,
        Some(SilhouetteOptions::exact()),
    )
    .unwrap();
    fuzz("k curve", &curve, |c| {
        let _ = (c.elbow_k(), c.best_silhouette_k());
        true
    });
    let report = GeoKMeans::new(2)
        .n_init(1)
        .fit(&pts)
        .unwrap()
        .site_reports(300.0)
        .unwrap();
    fuzz("site report", &report[0], |r| {
        r.demand.is_finite() && r.share_within_radius <= 1.0 + 1e-12
    });
}
