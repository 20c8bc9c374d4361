//! `ecom warehouses` end to end: geographic and Euclidean placement, choosing k, plots, errors.

mod common;

use common::input_error;
use ecom_supply::kmeans::{GeoKMeans, KMeans, SiteCosts, choose_k_by_cost};
use ecom_supply::{LocationsSchema, PointsSchema};
use serde_json::Value;

fn data(name: &str) -> String {
    common::sample(name)
}

fn json(args: &[&str]) -> Value {
    let mut all = vec!["warehouses"];
    all.extend_from_slice(args);
    common::json(&all)
}

#[test]
fn geo_sites_on_the_sample_customers_match_the_library() {
    let path = data("customers.csv");
    let v = json(&[
        &path,
        "--geo",
        "--k",
        "4",
        "--weight-column",
        "demand",
        "--id-column",
        "id",
        "--seed",
        "1",
    ]);
    let locs = LocationsSchema::default()
        .weight_column("demand")
        .load(&path)
        .unwrap();
    let pts = locs.to_point_set().unwrap();
    let model = GeoKMeans::new(4).n_init(10).seed(1).fit(&pts).unwrap();
    assert_eq!(v["k"], 4);
    assert_eq!(
        v["weighted_sum_km"].as_f64().unwrap(),
        model.weighted_sum_km()
    );
    let assignments: Vec<usize> = v["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_u64().unwrap() as usize)
        .collect();
    assert_eq!(assignments, model.labels());
    let sites = v["sites"].as_array().unwrap();
    assert_eq!(sites.len(), 4);
    let total: f64 = sites.iter().map(|s| s["demand"].as_f64().unwrap()).sum();
    assert!((total - pts.total_weight()).abs() < 1e-6 * total);
    let customers: usize = sites
        .iter()
        .map(|s| s["customers"].as_array().unwrap().len())
        .sum();
    assert_eq!(customers, 600);
    for s in sites {
        let (mean, max) = (
            s["mean_km"].as_f64().unwrap(),
            s["max_km"].as_f64().unwrap(),
        );
        assert!(mean >= 0.0 && mean <= max && max < 20_016.0, "{s}");
        let c = s["center"].as_array().unwrap();
        assert!(c[0].as_f64().unwrap().abs() <= 90.0);
    }
}

#[test]
fn cost_driven_k_on_real_country_demand() {
    let path = data("online-retail/country_demand.csv");
    let v = json(&[
        &path,
        "--geo",
        "--id-column",
        "country",
        "--weight-column",
        "units",
        "--k-range",
        "1..5",
        "--site-cost",
        "250000",
        "--transport-cost",
        "0.0002",
    ]);
    let pts = LocationsSchema::default()
        .id_column("country")
        .weight_column("units")
        .load(&path)
        .unwrap()
        .to_point_set()
        .unwrap();
    let curve = choose_k_by_cost(
        &GeoKMeans::new(1),
        &pts,
        1..=5,
        SiteCosts::new(250_000.0, 0.0002).unwrap(),
    )
    .unwrap();
    assert_eq!(v["k"], curve.best_k());
    assert_eq!(v["k_selection"]["best_k"], curve.best_k());
    assert_eq!(v["k"], 2, "the UK plus an Asia-Pacific site");
    let first_site = &v["sites"][0]["customers"];
    assert!(
        first_site
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "United Kingdom")
    );
}

#[test]
fn euclidean_k_range_uses_silhouette_and_writes_plots() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("id,x,y\n");
    // Three well separated groups of 30 points.
    for (g, (cx, cy)) in [(0.0, 0.0), (10.0, 0.0), (5.0, 9.0)]
        .into_iter()
        .enumerate()
    {
        for i in 0..30 {
            let dx = ((i * 7) % 11) as f64 / 10.0 - 0.5;
            let dy = ((i * 5) % 13) as f64 / 12.0 - 0.5;
            csv.push_str(&format!("p{g}_{i},{},{}\n", cx + dx, cy + dy));
        }
    }
    let path = dir.path().join("pts.csv");
    std::fs::write(&path, csv).unwrap();
    let (map, curve) = (dir.path().join("map.svg"), dir.path().join("k.png"));
    let v = json(&[
        path.to_str().unwrap(),
        "--columns",
        "x,y",
        "--id-column",
        "id",
        "--k-range",
        "2..6",
        "--plot",
        map.to_str().unwrap(),
        "--curve-plot",
        curve.to_str().unwrap(),
    ]);
    assert_eq!(v["k"], 3);
    assert_eq!(v["k_selection"]["method"], "silhouette");
    let (_, pts) = PointsSchema::new(["x", "y"]).load(&path).unwrap();
    let model = KMeans::new(3).n_init(10).seed(0).fit(&pts).unwrap();
    assert_eq!(v["inertia"].as_f64().unwrap(), model.inertia());
    let svg = std::fs::read_to_string(&map).unwrap();
    assert!(svg.contains("<svg"));
    // Plane coordinates: no world underneath, axes named by the columns.
    assert_eq!(land_polygons(&svg), 0);
    assert!(svg_texts(&svg).contains(&"x") && svg_texts(&svg).contains(&"y"));
    assert_eq!(&std::fs::read(&curve).unwrap()[1..4], b"PNG");
}

/// Filled country shapes in a site map (plotters writes one `<polygon>` per shape).
fn land_polygons(svg: &str) -> usize {
    svg.split("<polygon")
        .skip(1)
        .filter(|p| p.contains("fill=\"#E6E6E2\""))
        .count()
}

/// Text elements of an SVG, trimmed.
fn svg_texts(svg: &str) -> Vec<&str> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| t.split_once('>').map(|(_, rest)| rest))
        .filter_map(|t| t.split_once("</text>").map(|(text, _)| text.trim()))
        .collect()
}

#[test]
fn geo_site_maps_show_the_sites_over_the_world() {
    let dir = tempfile::tempdir().unwrap();
    let (svg_path, png_path) = (dir.path().join("map.svg"), dir.path().join("map.png"));
    for plot in [&svg_path, &png_path] {
        json(&[
            &data("online-retail/country_demand.csv"),
            "--geo",
            "--k",
            "3",
            "--id-column",
            "country",
            "--weight-column",
            "units",
            "--plot",
            plot.to_str().unwrap(),
        ]);
    }
    let svg = std::fs::read_to_string(&svg_path).unwrap();
    // From the US to Australia: most of the world's 177 countries are in the window.
    let land = land_polygons(&svg);
    assert!(land > 120, "{land} land polygons");
    // 35 countries, each a filled disc with a rim, drawn after the land; one legend marker.
    assert_eq!(svg.matches("<circle").count(), 2 * 35 + 1);
    assert!(svg.find("<circle").unwrap() > svg.rfind("fill=\"#E6E6E2\"").unwrap());
    let texts = svg_texts(&svg);
    for want in [
        "site 1",
        "site 2",
        "site 3",
        "site",
        "customer (area by demand)",
    ] {
        assert!(texts.contains(&want), "{want:?} missing from {texts:?}");
    }
    assert!(texts.iter().any(|t| t.ends_with("°W")) && texts.iter().any(|t| t.ends_with("°S")));
    let png = std::fs::read(&png_path).unwrap();
    assert_eq!(&png[1..4], b"PNG");
    assert!(png.len() > 20_000, "{} bytes", png.len());
}

#[test]
fn bad_warehouse_input_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let bad_lat = dir.path().join("lat.csv");
    std::fs::write(&bad_lat, "id,lat,lon\na,10,10\nb,95,10\n").unwrap();
    let small = dir.path().join("small.csv");
    std::fs::write(&small, "id,lat,lon\na,10,10\nb,11,10\n").unwrap();
    for args in [
        vec![
            bad_lat.to_str().unwrap().to_owned(),
            "--geo".into(),
            "--k".into(),
            "1".into(),
        ],
        vec![
            small.to_str().unwrap().to_owned(),
            "--geo".into(),
            "--k".into(),
            "3".into(),
        ],
        vec![small.to_str().unwrap().to_owned(), "--k".into(), "0".into()],
        vec![
            small.to_str().unwrap().to_owned(),
            "--geo".into(),
            "--k".into(),
            "1".into(),
            "--weight-column".into(),
            "demand".into(),
        ],
    ] {
        let mut all = vec!["warehouses".to_owned()];
        all.extend(args);
        input_error(all);
    }
}
