//! A policy that changes over time: the plan re-made as sales come in.

use inventory_eoq::{
    Costs, Policy, PolicySchedule, ReplenishmentParams, ReplenishmentPolicy, Review, ServiceTarget,
    SimParams, simulate, simulate_schedule, simulate_trace,
};

fn demand() -> Vec<f64> {
    (0..60)
        .map(|t| 20.0 + f64::from(t % 7) * 3.0 + if t > 30 { 15.0 } else { 0.0 })
        .collect()
}

#[test]
fn a_schedule_of_one_policy_is_that_policy() {
    let p = Policy::Rq {
        reorder_point: 120.0,
        order_quantity: 200.0,
    };
    let params = SimParams::default()
        .lead_time(4)
        .initial_inventory_level(300.0);
    let one = PolicySchedule::new(vec![(0, p)]).unwrap();
    assert_eq!(
        simulate_schedule(&one, &params, &demand()).unwrap(),
        simulate(&p, &params, &demand()).unwrap()
    );
}

#[test]
fn the_second_policy_takes_over_from_its_start_with_stock_carried_over() {
    let a = Policy::Rq {
        reorder_point: 120.0,
        order_quantity: 200.0,
    };
    let b = Policy::Rq {
        reorder_point: 200.0,
        order_quantity: 300.0,
    };
    let params = SimParams::default()
        .lead_time(4)
        .initial_inventory_level(300.0);
    let d = demand();
    let (_, ta) = simulate_trace(&a, &params, &d).unwrap();
    // Switch after a period with nothing in transit, so the rest can be run from its level.
    let last = (25..50)
        .find(|&t| ta[t].inventory_level == ta[t].inventory_position)
        .expect("a period with nothing on order");
    let start = last + 1;
    let both = PolicySchedule::new(vec![(0, a), (start, b)]).unwrap();
    let got = simulate_schedule(&both, &params, &d).unwrap();
    // By hand from the traces: periods before `start` run `a`; from it the state `a` left runs `b`.
    let (_, tb) = simulate_trace(
        &b,
        &params.initial_inventory_level(ta[last].inventory_level),
        &d[start..],
    )
    .unwrap();
    let ordered: f64 = ta[..start]
        .iter()
        .chain(&tb)
        .map(|r| r.order_quantity)
        .sum();
    let met: f64 = ta[..start]
        .iter()
        .chain(&tb)
        .map(|r| r.met_from_stock)
        .sum();
    assert_eq!(got.units_ordered, ordered);
    assert!((got.fill_rate - met / d.iter().sum::<f64>()).abs() < 1e-12);
    assert_ne!(got, simulate(&a, &params, &d).unwrap());
}

#[test]
fn schedules_out_of_order_or_empty_are_refused() {
    let p = Policy::BaseStock { level: 5.0 };
    assert!(PolicySchedule::new(vec![]).is_err());
    assert!(PolicySchedule::new(vec![(0, p), (0, p)]).is_err());
    assert!(PolicySchedule::new(vec![(0, p), (9, p), (4, p)]).is_err());
    assert!(
        PolicySchedule::new(vec![(
            0,
            Policy::Rq {
                reorder_point: 1.0,
                order_quantity: 0.0
            }
        )])
        .is_err()
    );
    let json = serde_json::to_string(&PolicySchedule::new(vec![(0, p), (3, p)]).unwrap()).unwrap();
    assert_eq!(
        serde_json::from_str::<PolicySchedule>(&json)
            .unwrap()
            .changes()
            .len(),
        2
    );
    assert!(serde_json::from_str::<PolicySchedule>(&json.replace("[3,", "[0,")).is_err());
}

#[test]
fn replanning_follows_a_demand_step_that_a_fixed_plan_misses() {
    let params = ReplenishmentParams::new(Costs::default().order(50.0).holding(0.1))
        .lead_time(4.0)
        .service(ServiceTarget::cycle_service(0.95).review(Review::EVERY_PERIOD));
    let before = params.plan_iid(30.0, 6.0).unwrap();
    let after = params.plan_iid(60.0, 9.0).unwrap();
    let d: Vec<f64> = (0..80)
        .map(|t| if t < 20 { 30.0 } else { 60.0 } + f64::from(t % 3) * 4.0 - 4.0)
        .collect();
    let fixed = before.simulate(&d).unwrap();
    let replanned =
        ReplenishmentPolicy::simulate_replanned(&[(0, &before), (21, &after)], &d).unwrap();
    assert!(
        replanned.fill_rate > fixed.fill_rate + 0.05,
        "{} vs {}",
        replanned.fill_rate,
        fixed.fill_rate
    );
    let other = ReplenishmentParams::new(Costs::default().order(50.0).holding(0.1))
        .lead_time(6.0)
        .plan_iid(60.0, 9.0)
        .unwrap();
    assert!(ReplenishmentPolicy::simulate_replanned(&[(0, &before), (21, &other)], &d).is_err());
    assert!(ReplenishmentPolicy::simulate_replanned(&[], &d).is_err());
}
