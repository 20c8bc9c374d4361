//! Every case of every stockpyl fixture (tests/data/*.json, copied from the shared fixtures),
//! with the tolerances of tests/data/README.md. Cases are read generically, so further cases in
//! the same format are checked the same way.

use std::cell::Cell;

use ecom_testing::{data_path, read_json};
use inventory_eoq::loss::{normal_loss, poisson_loss, standard_normal_loss};
use inventory_eoq::*;
use serde_json::Value;

/// Closed forms (EOQ family, discounts, newsvendor normal, safety stock, loss functions).
const CLOSED: f64 = 1e-9;
/// Costs of integer decisions (series truncation).
const INT_COST: f64 = 1e-6;
/// Decision variables of iterative optima.
const ITER_DECISION: f64 = 1e-4;
/// Costs of iterative optima.
const ITER_COST: f64 = 1e-6;

thread_local! {
    /// Largest relative difference seen by the running test (each test has its own thread).
    static WORST: Cell<f64> = const { Cell::new(0.0) };
}

/// Prints the test's largest relative difference when it ends (`--nocapture` shows it).
struct Worst(&'static str);

impl Drop for Worst {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            eprintln!(
                "{}: max relative difference {:.2e}",
                self.0,
                WORST.with(Cell::get)
            );
        }
    }
}

/// Relative differences are recorded where the expected value is not itself at rounding-noise
/// level (there the absolute tolerance applies).
fn record(actual: f64, expected: f64) {
    if expected.abs() > 1e-9 {
        let rel = (actual - expected).abs() / expected.abs();
        if std::env::var_os("FIXTURE_DIFFS").is_some() && rel > 1e-12 {
            eprintln!("  {actual} vs {expected}: {rel:.2e}");
        }
        WORST.with(|w| w.set(w.get().max(rel)));
    }
}

#[track_caller]
fn assert_close(actual: f64, expected: f64, rel: f64, abs: f64, what: &str) {
    record(actual, expected);
    ecom_testing::assert_close(actual, expected, rel, abs, what);
}

#[track_caller]
fn assert_all_close(actual: &[f64], expected: &[f64], rel: f64, abs: f64, what: &str) {
    for (a, e) in actual.iter().zip(expected) {
        record(*a, *e);
    }
    ecom_testing::assert_all_close(actual, expected, rel, abs, what);
}

fn cases(family: &str) -> Vec<Value> {
    let file: Value = read_json(data_path(
        env!("CARGO_MANIFEST_DIR"),
        &format!("{family}.json"),
    ));
    let cases = file["cases"].as_array().expect("cases array").clone();
    assert!(!cases.is_empty(), "{family}: no cases");
    cases
}

fn num(v: &Value, key: &str) -> f64 {
    v[key]
        .as_f64()
        .unwrap_or_else(|| panic!("missing number {key} in {v}"))
}

fn opt(v: &Value, key: &str) -> Option<f64> {
    v.get(key).and_then(Value::as_f64)
}

fn nums(v: &Value) -> Vec<f64> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|x| x.as_f64().expect("number"))
        .collect()
}

fn id(case: &Value) -> String {
    case["id"].as_str().unwrap_or("?").to_string()
}

/// A stockpyl per-period argument: a scalar, a list of length T, or T + 1 with a dummy first.
fn per_period(v: &Value, periods: usize) -> Vec<f64> {
    match v {
        Value::Array(_) => {
            let x = nums(v);
            if x.len() == periods + 1 {
                x[1..].to_vec()
            } else {
                x
            }
        }
        other => vec![other.as_f64().expect("number"); periods],
    }
}

#[test]
fn eoq() {
    let _worst = Worst("eoq");
    for case in cases("eoq") {
        let (i, o, name) = (&case["inputs"], &case["outputs"], id(&case));
        let m = Eoq::new(
            num(i, "demand_rate"),
            Costs::default()
                .order(num(i, "fixed_cost"))
                .holding(num(i, "holding_cost")),
        )
        .unwrap();
        assert_close(
            m.order_quantity(),
            num(o, "order_quantity"),
            CLOSED,
            CLOSED,
            &name,
        );
        assert_close(m.total_cost(), num(o, "cost"), CLOSED, CLOSED, &name);
        if let Some(t) = opt(o, "cycle_time") {
            assert_close(m.cycle_time(), t, CLOSED, CLOSED, &name);
        }
        if let Some(q) = opt(&case, "eval_q") {
            assert_close(
                m.cost_at(q).unwrap(),
                num(o, "cost_at_eval_q"),
                CLOSED,
                CLOSED,
                &name,
            );
        }
    }
}

#[test]
fn eoq_backorders() {
    let _worst = Worst("eoq_backorders");
    for case in cases("eoq_backorders") {
        let (i, o, name) = (&case["inputs"], &case["outputs"], id(&case));
        let m = EoqBackorders::new(
            num(i, "demand_rate"),
            Costs::default()
                .order(num(i, "fixed_cost"))
                .holding(num(i, "holding_cost"))
                .stockout(num(i, "stockout_cost")),
        )
        .unwrap();
        assert_close(
            m.order_quantity(),
            num(o, "order_quantity"),
            CLOSED,
            CLOSED,
            &name,
        );
        assert_close(
            m.stockout_fraction(),
            num(o, "stockout_fraction"),
            CLOSED,
            CLOSED,
            &name,
        );
        assert_close(m.total_cost(), num(o, "cost"), CLOSED, CLOSED, &name);
        assert_close(
            m.max_backorders(),
            num(o, "max_backorders"),
            CLOSED,
            CLOSED,
            &name,
        );
        if let Some(x) = opt(o, "max_inventory") {
            assert_close(m.max_inventory(), x, CLOSED, CLOSED, &name);
        }
        if let Some(e) = case.get("eval") {
            let got = m
                .cost_at(num(e, "order_quantity"), num(e, "stockout_fraction"))
                .unwrap();
            assert_close(got, num(o, "cost_at_eval"), CLOSED, CLOSED, &name);
        }
    }
}

#[test]
fn epq() {
    let _worst = Worst("epq");
    for case in cases("epq") {
        let (i, o, name) = (&case["inputs"], &case["outputs"], id(&case));
        let m = Epq::new(
            num(i, "demand_rate"),
            num(i, "production_rate"),
            Costs::default()
                .order(num(i, "fixed_cost"))
                .holding(num(i, "holding_cost")),
        )
        .unwrap();
        assert_close(
            m.order_quantity(),
            num(o, "order_quantity"),
            CLOSED,
            CLOSED,
            &name,
        );
        assert_close(m.total_cost(), num(o, "cost"), CLOSED, CLOSED, &name);
        if let Some(x) = opt(o, "max_inventory") {
            assert_close(m.max_inventory(), x, CLOSED, CLOSED, &name);
        }
    }
}

fn breaks(i: &Value) -> PriceBreaks {
    PriceBreaks::new(nums(&i["breakpoints"]), nums(&i["unit_costs"])).unwrap()
}

/// Region, order quantity and cost including purchase against stockpyl's.
fn assert_discount(s: &DiscountSolution, o: &Value, name: &str) {
    assert_eq!(s.region as u64, o["region"].as_u64().unwrap(), "{name}");
    assert_close(
        s.order_quantity,
        num(o, "order_quantity"),
        CLOSED,
        CLOSED,
        name,
    );
    assert_close(
        s.total_cost,
        num(o, "cost_including_purchase"),
        CLOSED,
        CLOSED,
        name,
    );
}

#[test]
fn all_units_discount() {
    let _worst = Worst("all_units_discount");
    for case in cases("eoq_all_units_discount") {
        let (i, o, name) = (&case["inputs"], &case["outputs"], id(&case));
        let m = AllUnitsDiscount::new(
            num(i, "demand_rate"),
            num(i, "holding_cost_rate"),
            breaks(i),
            Costs::default().order(num(i, "fixed_cost")),
        )
        .unwrap();
        assert_discount(&m.solve(), o, &name);
    }
}

#[test]
fn incremental_discount() {
    let _worst = Worst("incremental_discount");
    for case in cases("eoq_incremental_discount") {
        let (i, o, name) = (&case["inputs"], &case["outputs"], id(&case));
        let m = IncrementalDiscount::new(
            num(i, "demand_rate"),
            num(i, "holding_cost_rate"),
            breaks(i),
            Costs::default().order(num(i, "fixed_cost")),
        )
        .unwrap();
        assert_discount(&m.solve(), o, &name);
    }
}

#[test]
fn joint_replenishment_silver() {
    let _worst = Worst("joint_replenishment_silver");
    for case in cases("jrp_silver") {
        let (i, o, name) = (&case["inputs"], &case["outputs"], id(&case));
        let plan = JointReplenishment::new(
            num(i, "shared_fixed_cost"),
            nums(&i["individual_fixed_costs"]),
            nums(&i["holding_costs"]),
            nums(&i["demand_rates"]),
        )
        .unwrap()
        .silver();
        let expected: Vec<u32> = nums(&o["order_multiples"])
            .iter()
            .map(|&m| m as u32)
            .collect();
        assert_eq!(plan.order_multiples, expected, "{name}");
        assert_close(
            plan.base_cycle_time,
            num(o, "base_cycle_time"),
            CLOSED,
            CLOSED,
            &name,
        );
        assert_all_close(
            &plan.order_quantities,
            &nums(&o["order_quantities"]),
            CLOSED,
            CLOSED,
            &name,
        );
        assert_close(plan.cost, num(o, "cost"), CLOSED, CLOSED, &name);
    }
}

#[test]
fn loss_functions() {
    let _worst = Worst("loss_functions");
    for case in cases("loss_functions") {
        let (i, o, name) = (&case["inputs"], &case["outputs"], id(&case));
        let l = match i["kind"].as_str().unwrap() {
            "standard_normal" => standard_normal_loss(num(i, "z")),
            "poisson" => poisson_loss(num(i, "x") as i64, num(i, "mean")).unwrap(),
            "normal" => normal_loss(num(i, "x"), num(i, "mean"), num(i, "sd")).unwrap(),
            other => panic!("{name}: unknown loss kind {other}"),
        };
        assert_close(l.loss, num(o, "loss"), CLOSED, CLOSED, &name);
        assert_close(
            l.complementary_loss,
            num(o, "complementary_loss"),
            CLOSED,
            CLOSED,
            &name,
        );
        assert_close(l.second_loss, num(o, "second_loss"), CLOSED, CLOSED, &name);
        assert_close(
            l.second_complementary_loss,
            num(o, "second_complementary_loss"),
            CLOSED,
            CLOSED,
            &name,
        );
    }
}

#[test]
fn safety_stock() {
    let _worst = Worst("safety_stock");
    for case in cases("safety_stock") {
        let (i, o, name) = (&case["inputs"], &case["outputs"], id(&case));
        let (d, sd, l, sl) = (
            num(i, "demand_mean"),
            num(i, "demand_sd"),
            num(i, "lead_time"),
            num(i, "lead_time_sd"),
        );
        let target = ServiceTarget::cycle_service(num(i, "cycle_service_level"));
        let constant = normal_reorder_point(d, sd, l, 0.0, target, None).unwrap();
        assert_close(constant.safety_factor, num(o, "z"), CLOSED, CLOSED, &name);
        assert_close(
            constant.lead_time_demand_sd,
            num(o, "sigma_lead_time_demand_const_L"),
            CLOSED,
            CLOSED,
            &name,
        );
        assert_close(
            constant.safety_stock,
            num(o, "safety_stock_const_L"),
            CLOSED,
            CLOSED,
            &name,
        );
        assert_close(
            constant.reorder_point,
            num(o, "reorder_point_const_L"),
            CLOSED,
            CLOSED,
            &name,
        );

        let variable = normal_reorder_point(d, sd, l, sl, target, None).unwrap();
        assert_close(
            variable.lead_time_demand_sd,
            num(o, "sigma_lead_time_demand_var_L"),
            CLOSED,
            CLOSED,
            &name,
        );
        assert_close(
            variable.safety_stock,
            num(o, "safety_stock_var_L"),
            CLOSED,
            CLOSED,
            &name,
        );
        assert_close(
            variable.reorder_point,
            num(o, "reorder_point_var_L"),
            CLOSED,
            CLOSED,
            &name,
        );
        assert_close(
            variable.expected_shortage_per_cycle,
            num(o, "expected_units_short_per_cycle_var_L"),
            CLOSED,
            CLOSED,
            &name,
        );
        // The generic path (any distribution) gives the same reorder point.
        let ltd = NormalDemand::lead_time_demand(d, sd, l, sl).unwrap();
        let generic = reorder_point(&ltd, target, None).unwrap();
        assert_close(
            generic.reorder_point,
            variable.reorder_point,
            CLOSED,
            CLOSED,
            &name,
        );
    }
}

#[test]
fn newsvendor_normal() {
    let _worst = Worst("newsvendor_normal");
    for case in cases("newsvendor_normal") {
        let (i, o, name) = (&case["inputs"], &case["outputs"], id(&case));
        let lead = opt(i, "lead_time").unwrap_or(0.0);
        let nv = Newsvendor::new(
            Costs::default()
                .holding(num(i, "holding_cost"))
                .stockout(num(i, "stockout_cost")),
        )
        .unwrap();
        let per_period = NormalDemand::new(num(i, "demand_mean"), num(i, "demand_sd")).unwrap();
        let window = per_period.over_periods(lead + 1.0).unwrap();
        let sol = nv.solve(&window);
        assert_close(
            sol.order_quantity,
            num(o, "base_stock_level"),
            CLOSED,
            CLOSED,
            &name,
        );
        assert_close(sol.expected_cost, num(o, "cost"), CLOSED, CLOSED, &name);
        assert_close(
            sol.critical_ratio,
            num(o, "critical_ratio"),
            CLOSED,
            CLOSED,
            &name,
        );
        assert_close(
            window.mean(),
            num(o, "lead_time_demand_mean"),
            CLOSED,
            CLOSED,
            &name,
        );
        assert_close(
            window.sd(),
            num(o, "lead_time_demand_sd"),
            CLOSED,
            CLOSED,
            &name,
        );
        if let Some(s) = opt(&case, "eval_s") {
            let got = nv.cost_at(&window, s).unwrap();
            assert_close(got, num(o, "cost_at_eval_s"), CLOSED, CLOSED, &name);
        }
        // BaseStock is the same model under its periodic-review name.
        let bs = BaseStock::new(
            lead as u32,
            Costs::default()
                .holding(num(i, "holding_cost"))
                .stockout(num(i, "stockout_cost")),
        )
        .unwrap()
        .normal(&per_period)
        .unwrap();
        assert_close(
            bs.base_stock_level,
            num(o, "base_stock_level"),
            CLOSED,
            CLOSED,
            &name,
        );
        assert_close(bs.expected_cost, num(o, "cost"), CLOSED, CLOSED, &name);
    }
}

#[test]
fn newsvendor_poisson() {
    let _worst = Worst("newsvendor_poisson");
    for case in cases("newsvendor_poisson") {
        let (i, o, name) = (&case["inputs"], &case["outputs"], id(&case));
        let lead = opt(i, "lead_time").unwrap_or(0.0);
        let nv = Newsvendor::new(
            Costs::default()
                .holding(num(i, "holding_cost"))
                .stockout(num(i, "stockout_cost")),
        )
        .unwrap();
        let d = PoissonDemand::new(num(i, "demand_mean") * (lead + 1.0)).unwrap();
        let sol = nv.solve(&d);
        assert_eq!(sol.order_quantity, num(o, "base_stock_level"), "{name}");
        assert_close(sol.expected_cost, num(o, "cost"), INT_COST, CLOSED, &name);
        if let Some(s) = opt(&case, "eval_s") {
            assert_close(
                nv.cost_at(&d, s).unwrap(),
                num(o, "cost_at_eval_s"),
                INT_COST,
                CLOSED,
                &name,
            );
        }
    }
}

#[test]
fn newsvendor_discrete() {
    let _worst = Worst("newsvendor_discrete");
    for case in cases("newsvendor_discrete") {
        let (i, o, name) = (&case["inputs"], &case["outputs"], id(&case));
        let pmf = i["demand_pmf"].as_object().expect("demand_pmf object");
        let values: Vec<f64> = pmf
            .keys()
            .map(|k| k.parse().expect("numeric key"))
            .collect();
        let probs: Vec<f64> = pmf.values().map(|p| p.as_f64().unwrap()).collect();
        let d = DiscreteDemand::from_pmf(&values, &probs).unwrap();
        let nv = Newsvendor::new(
            Costs::default()
                .holding(num(i, "holding_cost"))
                .stockout(num(i, "stockout_cost")),
        )
        .unwrap();
        let sol = nv.solve(&d);
        assert_eq!(sol.order_quantity, num(o, "base_stock_level"), "{name}");
        assert_close(sol.expected_cost, num(o, "cost"), INT_COST, CLOSED, &name);
        if let Some(s) = opt(&case, "eval_s") {
            assert_close(
                nv.cost_at(&d, s).unwrap(),
                num(o, "cost_at_eval_s"),
                INT_COST,
                CLOSED,
                &name,
            );
        }
    }
}

#[test]
fn newsvendor_explicit() {
    let _worst = Worst("newsvendor_explicit");
    for case in cases("newsvendor_explicit") {
        let (i, o, name) = (&case["inputs"], &case["outputs"], id(&case));
        let prices = NewsvendorPrices::new(
            num(i, "revenue"),
            num(i, "purchase_cost"),
            num(i, "salvage_value"),
        )
        .holding_cost(opt(i, "holding_cost").unwrap_or(0.0))
        .stockout_cost(opt(i, "stockout_cost").unwrap_or(0.0));
        let nv = Newsvendor::from_prices(prices).unwrap();
        let lead = opt(i, "lead_time").unwrap_or(0.0);
        let d = NormalDemand::new(num(i, "demand_mean"), num(i, "demand_sd"))
            .unwrap()
            .over_periods(lead + 1.0)
            .unwrap();
        let sol = nv.solve(&d);
        assert_close(
            sol.order_quantity,
            num(o, "base_stock_level"),
            CLOSED,
            CLOSED,
            &name,
        );
        assert_close(
            sol.expected_profit.unwrap(),
            num(o, "expected_profit"),
            CLOSED,
            CLOSED,
            &name,
        );
    }
}

fn rq_normal_model(i: &Value) -> RqNormal {
    RqNormal::new(
        NormalDemand::new(num(i, "demand_mean"), num(i, "demand_sd")).unwrap(),
        num(i, "lead_time"),
        Costs::default()
            .order(num(i, "fixed_cost"))
            .holding(num(i, "holding_cost"))
            .stockout(num(i, "stockout_cost")),
    )
    .unwrap()
}

fn check_rq(got: &RqPolicy, want: &Value, what: &str) {
    assert_close(
        got.reorder_point,
        num(want, "r"),
        ITER_DECISION,
        1e-6,
        &format!("{what} r"),
    );
    assert_close(
        got.order_quantity,
        num(want, "q"),
        ITER_DECISION,
        1e-6,
        &format!("{what} q"),
    );
    assert_close(
        got.cost,
        num(want, "cost"),
        ITER_COST,
        1e-9,
        &format!("{what} cost"),
    );
}

#[test]
fn rq_normal() {
    let _worst = Worst("rq_normal");
    for case in cases("rq_normal") {
        let (i, o, name) = (&case["inputs"], &case["outputs"], id(&case));
        let m = rq_normal_model(i);
        if let Some(want) = o.get("eoqb") {
            check_rq(&m.eoq_backorders(), want, &format!("{name} eoqb"));
        }
        if let Some(want) = o.get("eoqss") {
            check_rq(&m.eoq_safety_stock(), want, &format!("{name} eoqss"));
        }
        if let Some(want) = o.get("loss_function") {
            let got = m.loss_function_approximation().unwrap();
            check_rq(&got, want, &format!("{name} loss_function"));
        }
        if let Some(want) = o.get("eil_approx") {
            let eil = m.eil_approximation().unwrap();
            check_rq(&eil, want, &format!("{name} eil"));
            assert_close(
                eil.model_cost,
                num(want, "cost_eil_model"),
                ITER_COST,
                1e-9,
                &format!("{name} eil model cost"),
            );
        }
        let best = m.optimize();
        if let Some(want) = o.get("exact_optimum") {
            check_rq(&best, want, &format!("{name} exact"));
            // Nelder-Mead found its optimum to ~1e-9; ours is no worse.
            assert!(best.cost <= num(want, "cost") * (1.0 + 1e-12), "{name}");
        }
        if let Some(e) = case.get("eval") {
            let (r, q) = (num(e, "r"), num(e, "q"));
            assert_close(
                m.cost(r, q).unwrap(),
                num(o, "cost_at_eval"),
                ITER_COST,
                1e-9,
                &name,
            );
            if let Some(want) = opt(o, "optimal_r_for_eval_q") {
                assert_close(
                    m.optimal_r_for_q(q).unwrap(),
                    want,
                    ITER_DECISION,
                    1e-6,
                    &name,
                );
            }
        }
    }
}

#[test]
fn rq_poisson() {
    let _worst = Worst("rq_poisson");
    for case in cases("rq_poisson") {
        let (i, o, name) = (&case["inputs"], &case["outputs"], id(&case));
        let m = RqPoisson::new(
            num(i, "demand_mean"),
            num(i, "lead_time"),
            Costs::default()
                .order(num(i, "fixed_cost"))
                .holding(num(i, "holding_cost"))
                .stockout(num(i, "stockout_cost")),
        )
        .unwrap();
        let best = m.optimize().unwrap();
        assert_eq!(best.reorder_point, num(o, "r"), "{name} r");
        assert_eq!(best.order_quantity, num(o, "q"), "{name} q");
        assert_close(best.cost, num(o, "cost"), INT_COST, 1e-9, &name);
        if let Some(e) = case.get("eval") {
            let got = m.cost(num(e, "r") as i64, num(e, "q") as u64).unwrap();
            assert_close(got, num(o, "cost_at_eval"), INT_COST, 1e-9, &name);
        }
    }
}

#[test]
fn ss_poisson() {
    let _worst = Worst("ss_poisson");
    for case in cases("ss_poisson") {
        let (i, o, name) = (&case["inputs"], &case["outputs"], id(&case));
        let m = SsModel::new(
            PoissonDemand::new(num(i, "demand_mean")).unwrap(),
            Costs::default()
                .order(num(i, "fixed_cost"))
                .holding(num(i, "holding_cost"))
                .stockout(num(i, "stockout_cost")),
        )
        .unwrap();
        let best = m.optimize().unwrap();
        assert_eq!(best.reorder_point as f64, num(o, "s"), "{name} s");
        assert_eq!(best.order_up_to_level as f64, num(o, "S"), "{name} S");
        assert_close(best.cost, num(o, "cost"), INT_COST, 1e-9, &name);
        if let Some(e) = case.get("eval") {
            let got = m.cost(num(e, "s") as i64, num(e, "S") as i64).unwrap();
            assert_close(got, num(o, "cost_at_eval"), INT_COST, 1e-9, &name);
        }
    }
}

#[test]
fn ss_power_approx() {
    let _worst = Worst("ss_power_approx");
    for case in cases("ss_power_approx") {
        let (i, o, name) = (&case["inputs"], &case["outputs"], id(&case));
        let costs = Costs::default()
            .order(num(i, "fixed_cost"))
            .holding(num(i, "holding_cost"))
            .stockout(num(i, "stockout_cost"));
        let d = NormalDemand::new(num(i, "demand_mean"), num(i, "demand_sd")).unwrap();
        let (s, big_s) = ss_power_approximation(&d, &costs).unwrap();
        assert_close(s, num(o, "s"), CLOSED, CLOSED, &name);
        assert_close(big_s, num(o, "S"), CLOSED, CLOSED, &name);
    }
}

#[test]
fn wagner_whitin() {
    let _worst = Worst("wagner_whitin");
    for case in cases("wagner_whitin") {
        let (i, o, name) = (&case["inputs"], &case["outputs"], id(&case));
        let t = i["num_periods"].as_u64().unwrap() as usize;
        let demand = per_period(&i["demand"], t);
        let ls = LotSizing::per_period(
            per_period(&i["fixed_cost"], t),
            per_period(&i["holding_cost"], t),
        )
        .unwrap();
        let ls = match i.get("purchase_cost") {
            Some(c) => ls.purchase_costs(per_period(c, t)).unwrap(),
            None => ls,
        };
        let table = ls.wagner_whitin_table(&demand).unwrap();
        // stockpyl's element 0 is a dummy; its periods are 1..T.
        let want_q = nums(&o["order_quantities"]);
        assert_eq!(table.plan.order_quantities, want_q[1..].to_vec(), "{name}");
        assert_close(table.plan.cost, num(o, "cost"), INT_COST, 1e-9, &name);
        let want_theta = nums(&o["cost_to_go"]);
        assert_all_close(&table.cost_to_go, &want_theta[1..], INT_COST, 1e-9, &name);
        let want_next: Vec<usize> = nums(&o["next_order_period"])[1..]
            .iter()
            .map(|&p| p as usize - 1)
            .collect();
        assert_eq!(table.next_order_period, want_next, "{name}");
    }
}

#[test]
fn finite_horizon() {
    let _worst = Worst("finite_horizon");
    for case in cases("finite_horizon") {
        let (i, o, name) = (&case["inputs"], &case["outputs"], id(&case));
        let t = i["num_periods"].as_u64().unwrap() as usize;
        let mut m = FiniteHorizon::new(
            per_period(&i["demand_mean"], t),
            per_period(&i["demand_sd"], t),
            Costs::default().holding(0.0).stockout(0.0),
        )
        .terminal_costs(
            num(i, "terminal_holding_cost"),
            num(i, "terminal_stockout_cost"),
        )
        .initial_inventory_level(opt(i, "initial_inventory_level").unwrap_or(0.0) as i64);
        m.holding_cost = per_period(&i["holding_cost"], t);
        m.stockout_cost = per_period(&i["stockout_cost"], t);
        m.purchase_cost = per_period(&i["purchase_cost"], t);
        m.fixed_cost = per_period(&i["fixed_cost"], t);
        if let Some(g) = i.get("discount_factor") {
            m.discount_factor = per_period(g, t);
        }
        let sol = m.solve().unwrap();
        let want_s = nums(&o["base_stock_levels"]);
        let want_r = nums(&o["reorder_points"]);
        for p in 0..t {
            assert!(
                (sol.order_up_to_levels[p] as f64 - want_s[p]).abs() <= 1.0,
                "{name} period {p}: S {} vs {}",
                sol.order_up_to_levels[p],
                want_s[p]
            );
            assert!(
                (sol.reorder_points[p] as f64 - want_r[p]).abs() <= 1.0,
                "{name} period {p}: s {} vs {}",
                sol.reorder_points[p],
                want_r[p]
            );
        }
        assert_close(sol.cost, num(o, "optimal_cost"), 1e-3, 1e-9, &name);
    }
}

#[test]
fn sim_trace() {
    let _worst = Worst("sim_trace");
    for case in cases("sim_trace") {
        let (i, o, name) = (&case["inputs"], &case["outputs"], id(&case));
        let p = &i["policy"];
        let policy = match p["type"].as_str().unwrap() {
            "BS" => Policy::BaseStock {
                level: num(p, "base_stock_level"),
            },
            "sS" => Policy::Ss {
                reorder_point: num(p, "s"),
                order_up_to: num(p, "S"),
            },
            "rQ" => Policy::Rq {
                reorder_point: num(p, "r"),
                order_quantity: num(p, "Q"),
            },
            "FQ" => Policy::FixedQuantity {
                order_quantity: num(p, "Q"),
            },
            other => panic!("{name}: unknown policy {other}"),
        };
        // stockpyl's default start is the policy's order quantity at inventory position 0.
        let start = opt(i, "initial_inventory_level").unwrap_or_else(|| match policy {
            Policy::BaseStock { level } => level.max(0.0),
            Policy::Ss {
                reorder_point,
                order_up_to,
            } => {
                if reorder_point >= 0.0 {
                    order_up_to
                } else {
                    0.0
                }
            }
            Policy::Rq {
                reorder_point,
                order_quantity,
            } => {
                if reorder_point >= 0.0 {
                    order_quantity
                } else {
                    0.0
                }
            }
            other => other.natural_start(),
        });
        let params = SimParams::default()
            .lead_time(opt(i, "lead_time").unwrap_or(0.0) as usize)
            .costs(
                Costs::default()
                    .holding(opt(i, "holding_cost").unwrap_or(0.0))
                    .stockout(opt(i, "stockout_cost").unwrap_or(0.0)),
            )
            .initial_inventory_level(start);
        let demand = nums(&i["demand"]);
        let (report, trace) = simulate_trace(&policy, &params, &demand).unwrap();
        let want = o["periods"].as_array().unwrap();
        assert_eq!(trace.len(), want.len(), "{name}");
        for (got, w) in trace.iter().zip(want) {
            let at = format!("{name} period {}", got.period);
            assert_eq!(got.period as f64, num(w, "period"), "{at}");
            let pairs = [
                ("demand", got.demand),
                ("received", got.received),
                ("order_quantity", got.order_quantity),
                ("inventory_level", got.inventory_level),
                ("on_hand", got.on_hand),
                ("backorders", got.backorders),
                ("inventory_position", got.inventory_position),
                ("holding_cost", got.holding_cost),
                ("stockout_cost", got.stockout_cost),
                ("total_cost", got.total_cost),
            ];
            for (key, value) in pairs {
                assert_eq!(value, num(w, key), "{at}: {key}");
            }
        }
        assert_eq!(report.total_cost, num(o, "total_cost"), "{name}");
    }
}

#[test]
fn sim_stochastic() {
    let _worst = Worst("sim_stochastic");
    for case in cases("sim_stochastic") {
        let (i, o, name) = (&case["inputs"], &case["outputs"], id(&case));
        let lead = num(i, "lead_time") as u32;
        let (h, p) = (num(i, "holding_cost"), num(i, "stockout_cost"));
        let (mean, sd) = (num(i, "demand_mean"), num(i, "demand_sd"));
        let level = num(i, "base_stock_level");
        let periods = (num(i, "num_periods") as usize).max(20_000);
        let warmup = opt(i, "warmup").unwrap_or(100.0) as usize;
        // Our own stream (never stockpyl's sample): simulator lead time = base-stock L + 1.
        let params = SimParams::default()
            .lead_time(lead as usize + 1)
            .costs(Costs::default().holding(h).stockout(p))
            .warmup(warmup);
        let process = DemandProcess::Normal { mean, sd };
        let demand = process.sample(periods + warmup, 20_240_601).unwrap();
        let (report, trace) =
            simulate_trace(&Policy::BaseStock { level }, &params, &demand).unwrap();

        let analytic = num(o, "analytic_cost");
        let rho = report.cost_autocorrelation;
        let k = if lead > 0 { 5.0 } else { 4.0 };
        let bound = k * report.cost_std_error * (1.0 + 2.0 * rho / (1.0 - rho)).sqrt();
        assert!(
            (report.mean_cost_per_period - analytic).abs() <= bound,
            "{name}: simulated {} vs analytic {analytic} (bound {bound})",
            report.mean_cost_per_period
        );
        // Our analytic model agrees with the fixture's analytic cost.
        let model = BaseStock::new(lead, Costs::default().holding(h).stockout(p))
            .unwrap()
            .evaluate_normal(&NormalDemand::new(mean, sd).unwrap(), level)
            .unwrap();
        assert_close(model.expected_cost, analytic, 1e-6, 1e-9, &name);

        // Simulated fill rate converges to the analytic one: batch means over the trace.
        let measured = &trace[warmup..];
        let batches = 20;
        let size = measured.len() / batches;
        let rates: Vec<f64> = measured
            .chunks(size)
            .take(batches)
            .map(|b| {
                let d: f64 = b.iter().map(|r| r.demand).sum();
                b.iter().map(|r| r.met_from_stock).sum::<f64>() / d
            })
            .collect();
        let m = rates.iter().sum::<f64>() / batches as f64;
        let var = rates.iter().map(|r| (r - m).powi(2)).sum::<f64>() / (batches - 1) as f64;
        let se = (var / batches as f64).sqrt();
        assert!(
            (report.fill_rate - model.fill_rate).abs() <= 5.0 * se + 1e-4,
            "{name}: fill rate {} vs analytic {} (se {se})",
            report.fill_rate,
            model.fill_rate
        );
        // stockpyl's own simulated fill rate, if given, lies in the same neighbourhood.
        if let Some(fr) = o.get("fill_rate").and_then(Value::as_object) {
            for v in fr.values().filter_map(Value::as_f64) {
                assert!(
                    (v - model.fill_rate).abs() < 10.0 * se + 1e-3,
                    "{name}: stockpyl {v}"
                );
            }
        }
    }
}
