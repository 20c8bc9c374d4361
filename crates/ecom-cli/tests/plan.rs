//! `ecom plan`, the main job, end to end: README commands on the sample and real data, the
//! report files, and bad input.

mod common;

use common::{input_error, json, sample};
use ecom_supply::plan::{PlanConfig, Planner, Review, ServiceTarget};
use ecom_supply::{LocationsSchema, SalesSchema};

#[test]
fn plan_on_generated_sample_data_writes_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    let v = json(&[
        "plan",
        &sample("sales.csv"),
        "--locations",
        &sample("customers.csv"),
        "--out",
        out.to_str().unwrap(),
    ]);
    let skus = v["skus"].as_array().unwrap();
    assert_eq!(skus.len(), 12);
    assert!(v["failures"].as_array().unwrap().is_empty());
    for s in skus {
        let p = &s["policy"];
        for key in [
            "order_quantity",
            "reorder_point",
            "safety_stock",
            "expected_cost",
        ] {
            assert!(p[key].as_f64().unwrap().is_finite(), "{key}");
        }
        assert!(p["safety_stock"].as_f64().unwrap() > 0.0);
        assert!((p["cycle_service_level"].as_f64().unwrap() - 0.95).abs() < 1e-9);
    }
    let w = &v["warehouses"];
    let k = w["model"]["sites"].as_array().unwrap().len();
    assert!((1..=6).contains(&k));
    for f in [
        "plan.json",
        "policies.csv",
        "forecasts.csv",
        "sites.csv",
        "sites.svg",
        "sites-k.svg",
        "forecasts/forecast-SKU-001.svg",
    ] {
        let meta = std::fs::metadata(out.join(f)).unwrap_or_else(|_| panic!("{f} missing"));
        assert!(meta.len() > 100, "{f} is nearly empty");
    }
    // The site map is geographic: the customers' countries are drawn under the sites.
    let map = std::fs::read_to_string(out.join("sites.svg")).unwrap();
    let land = map.matches("fill=\"#E6E6E2\"").count();
    assert!(land > 100, "{land} land polygons in sites.svg");
    let policies = std::fs::read_to_string(out.join("policies.csv")).unwrap();
    assert_eq!(policies.lines().count(), 13);
    assert!(policies.starts_with("sku,model,order_quantity,reorder_point,safety_stock"));
    let forecasts = std::fs::read_to_string(out.join("forecasts.csv")).unwrap();
    assert_eq!(forecasts.lines().count(), 1 + 12 * 28);
}

/// The README's main job on the real Online Retail data, checked against the library.
#[test]
fn plan_on_real_data_matches_the_library() {
    let sales_path = sample("online-retail/daily_sales_top40.csv");
    let locs_path = sample("online-retail/country_demand.csv");
    let v = json(&[
        "plan",
        &sales_path,
        "--value-column",
        "units",
        "--locations",
        &locs_path,
        "--location-id-column",
        "country",
        "--weight-column",
        "units",
        "--service-level",
        "0.98",
        "--lead-time",
        "5",
        "--order-cost",
        "40",
        "--holding-cost",
        "2",
        "--site-cost",
        "250000",
        "--transport-cost",
        "0.0002",
    ]);
    let sales = SalesSchema::default()
        .id_column("sku")
        .quantity_column("units")
        .load(&sales_path)
        .unwrap();
    let locs = LocationsSchema::default()
        .id_column("country")
        .weight_column("units")
        .load(&locs_path)
        .unwrap();
    let config = PlanConfig::default()
        .service(ServiceTarget::cycle_service(0.98).review(Review::EVERY_PERIOD))
        .lead_time(5)
        .order_cost(40.0)
        .holding_cost_per_year(2.0);
    let mut config = config;
    config.warehouses.sites = ecom_supply::plan::SiteCount::ByCost {
        min: 1,
        max: 6,
        site_cost: 250_000.0,
        transport_cost: 0.0002,
    };
    let plan = Planner::new(config)
        .unwrap()
        .plan(&sales, Some(&locs))
        .unwrap();
    assert_eq!(v["skus"].as_array().unwrap().len(), 40);
    for (got, want) in v["skus"].as_array().unwrap().iter().zip(&plan.skus) {
        assert_eq!(got["id"], want.id.as_str());
        assert_eq!(
            got["policy"]["reorder_point"].as_f64().unwrap(),
            want.policy.reorder_point
        );
        assert_eq!(
            got["policy"]["order_quantity"].as_f64().unwrap(),
            want.policy.order_quantity
        );
    }
    assert_eq!(v["warehouses"]["selection"], "cost");
    assert_eq!(
        v["warehouses"]["model"]["sites"].as_array().unwrap().len(),
        2
    );
}

#[test]
fn bad_plan_input_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "date,sku,quantity\n2024-01-01,A,3\n2024-01-02,A,x\n").unwrap();
    let err = input_error(["plan", bad.to_str().unwrap()]);
    assert!(err.contains("line 3") && err.contains("quantity"), "{err}");
    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, "").unwrap();
    input_error(["plan", empty.to_str().unwrap()]);
    let sales = sample("sales.csv");
    input_error(["plan", &sales, "--service-level", "1.5"]);
    input_error(["plan", &sales, "--holding-cost", "0"]);
    let err = input_error([
        "plan",
        &sales,
        "--locations",
        &sample("customers.csv"),
        "--weight-column",
        "volume",
    ]);
    assert!(err.contains("volume"), "{err}");
    input_error([
        "plan",
        &sales,
        "--locations",
        &sample("customers.csv"),
        "--sites",
        "700",
    ]);
}
