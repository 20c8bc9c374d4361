//! `ecom inventory ...` end to end: JSON output equals the library's answer; bad input exits 2.

mod common;

use common::{input_error, sample};
use ecom_supply::inventory::{
    BaseStock, Costs, DiscreteDemand, Eoq, LotSizing, Newsvendor, NormalDemand, ServiceTarget,
    reorder_point,
};
use serde_json::Value;

fn json(args: &[&str]) -> Value {
    let mut all = vec!["inventory"];
    all.extend_from_slice(args);
    common::json(&all)
}

fn f(v: &Value, key: &str) -> f64 {
    v[key]
        .as_f64()
        .unwrap_or_else(|| panic!("{key} missing in {v}"))
}

#[test]
fn eoq_is_the_textbook_answer() {
    let v = json(&[
        "eoq",
        "--demand",
        "1000",
        "--order-cost",
        "100",
        "--holding-cost",
        "10",
        "--quantity",
        "100",
    ]);
    let m = Eoq::new(1000.0, Costs::default().order(100.0).holding(10.0)).unwrap();
    assert_eq!(f(&v, "order_quantity"), m.order_quantity());
    assert!((f(&v, "order_quantity") - 141.421_356_237_309_5).abs() < 1e-9);
    assert!((f(&v, "total_cost") - 1_414.213_562_373_095).abs() < 1e-9);
    assert_eq!(f(&v, "cost_at_quantity"), 1500.0);
}

#[test]
fn safety_stock_matches_the_library() {
    let v = json(&[
        "safety-stock",
        "--mean",
        "100",
        "--sd",
        "20",
        "--lead-time",
        "4",
        "--lead-time-sd",
        "1",
        "--service-level",
        "0.95",
    ]);
    let ltd = NormalDemand::lead_time_demand(100.0, 20.0, 4.0, 1.0).unwrap();
    let rp = reorder_point(&ltd, ServiceTarget::cycle_service(0.95), None).unwrap();
    assert_eq!(f(&v, "safety_stock"), rp.safety_stock);
    assert_eq!(f(&v, "reorder_point"), rp.reorder_point);
}

#[test]
fn empirical_newsvendor_and_base_stock_on_sample_sales() {
    let sales = sample("sales.csv");
    let history = ecom_supply::SalesSchema::default()
        .id_column("sku")
        .load(&sales)
        .unwrap();
    let h = history.get("SKU-007").unwrap().values().to_vec();
    let v = json(&[
        "newsvendor",
        "--holding-cost",
        "1",
        "--stockout-cost",
        "4",
        "--history",
        &sales,
        "--id-column",
        "sku",
        "--sku",
        "SKU-007",
    ]);
    let sol = Newsvendor::new(Costs::default().holding(1.0).stockout(4.0))
        .unwrap()
        .solve(&DiscreteDemand::empirical(&h).unwrap());
    assert_eq!(f(&v, "order_quantity"), sol.order_quantity);
    assert_eq!(f(&v, "expected_cost"), sol.expected_cost);
    let v = json(&[
        "base-stock",
        "--holding-cost",
        "1",
        "--stockout-cost",
        "9",
        "--lead-time",
        "3",
        "--history",
        &sales,
        "--id-column",
        "sku",
        "--sku",
        "SKU-007",
    ]);
    let bs = BaseStock::new(3, Costs::default().holding(1.0).stockout(9.0))
        .unwrap()
        .from_history(&h)
        .unwrap();
    assert_eq!(f(&v, "base_stock_level"), bs.base_stock_level);
}

#[test]
fn wagner_whitin_plan() {
    let v = json(&[
        "lot-size",
        "--order-cost",
        "500",
        "--holding-cost",
        "2",
        "--demand",
        "90,120,80,70,200,100",
    ]);
    let plan = LotSizing::new(Costs::default().order(500.0).holding(2.0))
        .unwrap()
        .wagner_whitin(&[90.0, 120.0, 80.0, 70.0, 200.0, 100.0])
        .unwrap();
    assert_eq!(f(&v, "cost"), plan.cost);
    let q: Vec<f64> = v["order_quantities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    assert_eq!(q, plan.order_quantities);
    assert_eq!(q.iter().sum::<f64>(), 660.0);
}

#[test]
fn simulation_is_seeded() {
    let args = [
        "simulate",
        "--policy",
        "ss:20,60",
        "--holding-cost",
        "1",
        "--stockout-cost",
        "5",
        "--order-cost",
        "20",
        "--lead-time",
        "2",
        "--mean",
        "10",
        "--poisson",
        "--periods",
        "5000",
        "--seed",
        "7",
    ];
    let a = json(&args);
    let b = json(&args);
    assert_eq!(a, b);
    let fill = f(&a, "fill_rate");
    assert!(fill > 0.5 && fill <= 1.0, "{fill}");
    assert_eq!(a["periods"], 5000);
}

#[test]
fn bad_inventory_input_exits_2() {
    for args in [
        vec![
            "eoq",
            "--demand",
            "0",
            "--order-cost",
            "100",
            "--holding-cost",
            "10",
        ],
        vec![
            "eoq",
            "--demand",
            "1000",
            "--order-cost",
            "-1",
            "--holding-cost",
            "10",
        ],
        vec![
            "epq",
            "--demand",
            "1000",
            "--order-cost",
            "1",
            "--holding-cost",
            "1",
            "--production-rate",
            "900",
        ],
        vec![
            "safety-stock",
            "--mean",
            "10",
            "--sd",
            "2",
            "--lead-time",
            "3",
            "--service-level",
            "1.5",
        ],
        vec![
            "discounts",
            "--demand",
            "10",
            "--order-cost",
            "1",
            "--holding-rate",
            "0.2",
            "--breaks",
            "0,50,20",
            "--unit-costs",
            "3,2,1",
        ],
        vec!["simulate", "--policy", "ss:5", "--mean", "3", "--poisson"],
    ] {
        let mut all = vec!["inventory"];
        all.extend(args);
        input_error(all);
    }
}
