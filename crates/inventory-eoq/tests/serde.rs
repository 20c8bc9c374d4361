//! Saving a model: every stored model and result reads back bit for bit (serde_json with
//! `float_roundtrip`), answers the same, and a tampered or truncated file is an error.

use inventory_eoq::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

fn round_trip<T: Serialize + DeserializeOwned>(value: &T) -> (T, String) {
    let json = serde_json::to_string(value).unwrap();
    (serde_json::from_str(&json).unwrap(), json)
}

/// `json` with `from` replaced by `to` (which must occur) does not load, and neither does any
/// truncation of it.
fn refused<T: DeserializeOwned + std::fmt::Debug>(json: &str, from: &str, to: &str) {
    assert!(json.contains(from), "{from} not in {json}");
    let bad = json.replacen(from, to, 1);
    let got = serde_json::from_str::<T>(&bad);
    assert!(got.is_err(), "{bad} loaded as {got:?}");
    for cut in [1, json.len() / 2, json.len() - 1] {
        assert!(serde_json::from_str::<T>(&json[..cut]).is_err());
    }
}

fn bits(x: f64) -> u64 {
    x.to_bits()
}

#[test]
fn costs_targets_and_review() {
    let costs = Costs::default()
        .order(45.0)
        .holding_per_year(1.0, 365.0)
        .unwrap()
        .stockout(2.5);
    let (back, json) = round_trip(&costs);
    assert_eq!(back, costs);
    assert_eq!(bits(back.holding_cost()), bits(1.0 / 365.0));
    refused::<Costs>(&json, "\"order\":45.0", "\"order\":-45.0");
    refused::<Costs>(
        &json,
        "\"stockout_per_unit\":2.5",
        "\"stockout_per_unit\":1e200",
    );

    let target = ServiceTarget::ready_rate(0.9).review(Review::Periodic { period: 7 });
    let (back, json) = round_trip(&target);
    assert_eq!(back, target);
    refused::<ServiceTarget>(&json, "0.9", "0.0");
    refused::<ServiceTarget>(&json, "\"period\":7", "\"period\":0");
}

#[test]
fn eoq_family() {
    let costs = Costs::default().order(8.0).holding(0.225).stockout(5.0);
    let eoq = Eoq::new(1300.0, costs).unwrap();
    let (back, json) = round_trip(&eoq);
    assert_eq!(bits(back.order_quantity()), bits(eoq.order_quantity()));
    assert_eq!(
        bits(back.cost_at(250.0).unwrap()),
        bits(eoq.cost_at(250.0).unwrap())
    );
    refused::<Eoq>(&json, "\"demand\":1300.0", "\"demand\":0.0");

    let b = EoqBackorders::new(1300.0, costs).unwrap();
    let (back, json) = round_trip(&b);
    assert_eq!(back, b);
    assert_eq!(bits(back.total_cost()), bits(b.total_cost()));
    refused::<EoqBackorders>(
        &json,
        "\"stockout_per_unit\":5.0",
        "\"stockout_per_unit\":0.0",
    );

    let e = Epq::new(80.0, 110.0, Costs::default().order(4.0).holding(0.08)).unwrap();
    let (back, json) = round_trip(&e);
    assert_eq!(bits(back.order_quantity()), bits(e.order_quantity()));
    refused::<Epq>(
        &json,
        "\"production_rate\":110.0",
        "\"production_rate\":70.0",
    );

    let breaks = PriceBreaks::new(vec![0.0, 400.0, 800.0], vec![0.75, 0.72, 0.68]).unwrap();
    let all = AllUnitsDiscount::new(1300.0, 0.3, breaks, Costs::default().order(8.0)).unwrap();
    let (back, json) = round_trip(&all);
    assert_eq!(back.solve(), all.solve());
    refused::<AllUnitsDiscount>(&json, "\"holding_rate\":0.3", "\"holding_rate\":-0.3");
    let (sol, json) = round_trip(&all.solve());
    assert_eq!(sol, all.solve());
    refused::<DiscountSolution>(&json, "\"total_cost\":", "\"total_cost\":-");
}

#[test]
fn stochastic_models_and_their_results() {
    let costs = Costs::default().holding(0.18).stockout(0.7).order(2.5);
    let nv = Newsvendor::new(costs).unwrap();
    let d = NormalDemand::new(50.0, 8.0).unwrap();
    let (back, _) = round_trip(&nv);
    assert_eq!(back.solve(&d), nv.solve(&d));
    let (sol, json) = round_trip(&nv.solve(&d));
    assert_eq!(sol, nv.solve(&d));
    refused::<NewsvendorSolution>(&json, "\"fill_rate\":", "\"fill_rate\":-");

    let bs = BaseStock::new(4, costs).unwrap();
    let (back, json) = round_trip(&bs);
    assert_eq!(back.normal(&d).unwrap(), bs.normal(&d).unwrap());
    refused::<BaseStock>(
        &json,
        "\"holding_per_unit_period\":0.18",
        "\"holding_per_unit_period\":0.0",
    );
    let (sol, json) = round_trip(&bs.normal(&d).unwrap());
    assert_eq!(sol, bs.normal(&d).unwrap());
    refused::<BaseStockSolution>(
        &json,
        "\"cycle_service_level\":",
        "\"cycle_service_level\":1",
    );

    let rq = RqNormal::new(
        NormalDemand::new(1300.0, 150.0).unwrap(),
        1.0 / 12.0,
        Costs::default().holding(0.225).stockout(7.5).order(8.0),
    )
    .unwrap();
    let (back, json) = round_trip(&rq);
    assert_eq!(back, rq);
    let (a, b) = (back.optimize(), rq.optimize());
    assert_eq!(
        (bits(a.cost), bits(a.reorder_point)),
        (bits(b.cost), bits(b.reorder_point))
    );
    refused::<RqNormal>(&json, "\"lead_time\":", "\"lead_time\":-");
    let (p, json) = round_trip(&b);
    assert_eq!(p, b);
    refused::<RqPolicy>(&json, "\"order_quantity\":", "\"order_quantity\":-");
    let service = rq.service(b.reorder_point, b.order_quantity).unwrap();
    let (s, json) = round_trip(&service);
    assert_eq!(s, service);
    refused::<RqService>(&json, "\"fill_rate\":", "\"fill_rate\":2");

    let poisson = RqPoisson::new(
        1.5,
        2.0,
        Costs::default().holding(20.0).stockout(150.0).order(100.0),
    )
    .unwrap();
    let (back, json) = round_trip(&poisson);
    assert_eq!(back.optimize().unwrap(), poisson.optimize().unwrap());
    refused::<RqPoisson>(&json, "\"rate\":1.5", "\"rate\":-1.5");

    let ss = SsModel::new(
        PoissonDemand::new(6.0).unwrap(),
        Costs::default().holding(1.0).stockout(4.0).order(5.0),
    )
    .unwrap()
    .optimize()
    .unwrap();
    let (back, json) = round_trip(&ss);
    assert_eq!(back, ss);
    refused::<SsPolicy>(&json, "\"order_up_to_level\":10", "\"order_up_to_level\":4");

    let rp = reorder_point(&d, ServiceTarget::fill_rate(0.98), Some(200.0)).unwrap();
    let (back, json) = round_trip(&rp);
    assert_eq!(back, rp);
    refused::<ReorderPoint>(
        &json,
        "\"expected_shortage_per_cycle\":",
        "\"expected_shortage_per_cycle\":-",
    );
}

#[test]
fn plans_and_lot_sizing() {
    let params = ReplenishmentParams::new(Costs::default().order(45.0).holding(0.1).stockout(3.0))
        .lead_time(4.0)
        .service(ServiceTarget::fill_rate(0.95).review(Review::EVERY_PERIOD));
    let (back, json) = round_trip(&params);
    assert_eq!(back, params);
    refused::<ReplenishmentParams>(&json, "\"level\":0.95", "\"level\":1.95");
    let plan = params.plan_iid(100.0, 30.0).unwrap();
    let (back, json) = round_trip(&plan);
    assert_eq!(back, plan);
    let demand = DemandProcess::Normal {
        mean: 100.0,
        sd: 30.0,
    }
    .sample(2_000, 3)
    .unwrap();
    assert_eq!(
        back.simulate(&demand).unwrap(),
        plan.simulate(&demand).unwrap()
    );
    refused::<ReplenishmentPolicy>(&json, "\"order_quantity\":", "\"order_quantity\":-");
    refused::<ReplenishmentPolicy>(&json, "\"lead_time\":4.0", "\"lead_time\":-4.0");

    let ls = LotSizing::new(Costs::default().order(500.0).holding(2.0)).unwrap();
    let (back, json) = round_trip(&ls);
    assert_eq!(back, ls);
    refused::<LotSizing>(&json, "500.0", "-500.0");
    let table = ls.wagner_whitin_table(&[90.0, 120.0, 80.0, 70.0]).unwrap();
    let (back, json) = round_trip(&table);
    assert_eq!(back, table);
    refused::<WagnerWhitinTable>(
        &json,
        "\"next_order_period\":[",
        "\"next_order_period\":[9,",
    );

    let fh = FiniteHorizon::new(
        vec![18.0; 4],
        vec![3.0; 4],
        Costs::default().holding(1.0).stockout(25.0),
    )
    .solve()
    .unwrap();
    let (back, json) = round_trip(&fh);
    assert_eq!(back, fh);
    assert_eq!(back.order_quantity(2, 5), fh.order_quantity(2, 5));
    // A policy table row cut short would index out of bounds later: refused when read.
    refused::<FiniteHorizonSolution>(&json, "\"order_up_to\":[[", "\"order_up_to\":[[0],[");
}
