//! Inputs over the whole double range: every constructor and solver returns either `Ok` with
//! every output finite and within its meaning (probabilities in [0, 1], quantities and costs
//! ≥ 0 where they are by definition), or a typed `Err` — never a panic, a hang, NaN or ∞.

use inventory_eoq::loss::{LossValues, normal_loss, poisson_loss};
use inventory_eoq::*;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Log-uniform magnitudes from 1e-300 to 1e300 (well beyond the 1e150 the crate accepts).
fn wide() -> impl Strategy<Value = f64> {
    (-300.0..300.0f64).prop_map(|e| 10f64.powf(e))
}

/// Log-uniform magnitudes from 1e-6 to 1e13, the Poisson means worth trying.
fn poisson_mean() -> impl Strategy<Value = f64> {
    (-6.0..13.0f64).prop_map(|e| 10f64.powf(e))
}

/// A probability strictly inside (0, 1), some of them very close to the ends.
fn probability() -> impl Strategy<Value = f64> {
    prop_oneof![
        0.001..0.999f64,
        (-16.0..-1.0f64).prop_map(|e| 10f64.powf(e)),
        (-16.0..-1.0f64).prop_map(|e| 1.0 - 10f64.powf(e)),
    ]
}

fn finite(what: &str, v: f64) -> Result<(), TestCaseError> {
    prop_assert!(v.is_finite(), "{what} = {v}");
    Ok(())
}

fn non_negative(what: &str, v: f64) -> Result<(), TestCaseError> {
    prop_assert!(v.is_finite() && v >= 0.0, "{what} = {v}");
    Ok(())
}

fn unit(what: &str, v: f64) -> Result<(), TestCaseError> {
    prop_assert!((0.0..=1.0).contains(&v), "{what} = {v}");
    Ok(())
}

fn check_loss(what: &str, l: &LossValues) -> Result<(), TestCaseError> {
    non_negative(what, l.loss)?;
    non_negative(what, l.complementary_loss)?;
    non_negative(what, l.second_loss)?;
    non_negative(what, l.second_complementary_loss)
}

fn check_newsvendor(s: &NewsvendorSolution) -> Result<(), TestCaseError> {
    non_negative("order quantity", s.order_quantity)?;
    unit("critical ratio", s.critical_ratio)?;
    non_negative("expected cost", s.expected_cost)?;
    non_negative("expected shortage", s.expected_shortage)?;
    non_negative("expected leftover", s.expected_leftover)?;
    unit("in-stock probability", s.in_stock_probability)?;
    unit("fill rate", s.fill_rate)?;
    if let Some(p) = s.expected_profit {
        finite("expected profit", p)?;
    }
    Ok(())
}

fn check_reorder_point(r: &ReorderPoint) -> Result<(), TestCaseError> {
    finite("reorder point", r.reorder_point)?;
    finite("safety stock", r.safety_stock)?;
    finite("safety factor", r.safety_factor)?;
    non_negative("lead-time demand sd", r.lead_time_demand_sd)?;
    unit("cycle service level", r.cycle_service_level)?;
    non_negative("expected shortage", r.expected_shortage_per_cycle)?;
    if let Some(f) = r.fill_rate {
        unit("fill rate", f)?;
    }
    Ok(())
}

fn check_base_stock(s: &BaseStockSolution) -> Result<(), TestCaseError> {
    finite("base-stock level", s.base_stock_level)?;
    non_negative("expected cost", s.expected_cost)?;
    non_negative("expected backorders", s.expected_backorders)?;
    non_negative("expected on hand", s.expected_on_hand)?;
    unit("cycle service level", s.cycle_service_level)?;
    unit("fill rate", s.fill_rate)
}

fn check_rq(p: &RqPolicy) -> Result<(), TestCaseError> {
    finite("reorder point", p.reorder_point)?;
    prop_assert!(
        p.order_quantity > 0.0 && p.order_quantity.is_finite(),
        "{p:?}"
    );
    non_negative("cost", p.cost)?;
    finite("model cost", p.model_cost)
}

fn check_service(s: &RqService) -> Result<(), TestCaseError> {
    unit("cycle service level", s.cycle_service_level)?;
    unit("fill rate", s.fill_rate)?;
    non_negative("shortage", s.expected_shortage_per_cycle)?;
    non_negative("backorders", s.expected_backorders)?;
    non_negative("on hand", s.expected_on_hand)?;
    non_negative("order frequency", s.order_frequency)
}

fn check_distribution(d: &dyn DemandDistribution, xs: &[f64]) -> Result<(), TestCaseError> {
    finite("mean", d.mean())?;
    non_negative("sd", d.sd())?;
    for &x in xs {
        unit("cdf", d.cdf(x))?;
        non_negative("loss", d.loss(x))?;
        non_negative("complementary loss", d.complementary_loss(x))?;
        non_negative("second loss", d.second_loss(x))?;
        non_negative("second complementary loss", d.second_complementary_loss(x))?;
        let diff = d.loss_difference(x, d.sd().max(1.0));
        prop_assert!(
            diff >= 0.0 && diff <= d.sd().max(1.0),
            "loss difference {diff}"
        );
    }
    for p in [1e-9, 0.3, 0.999_999] {
        finite("quantile", d.quantile(p).unwrap())?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn eoq_family(d in wide(), k in wide(), h in wide(), p in wide(), q in wide(), excess in wide()) {
        if let Ok(m) = Eoq::new(d, Costs::default().order(k).holding(h)) {
            prop_assert!(m.order_quantity() > 0.0 && m.order_quantity().is_finite());
            prop_assert!(m.total_cost() > 0.0 && m.total_cost().is_finite());
            prop_assert!(m.cycle_time() > 0.0 && m.cycle_time().is_finite());
            prop_assert!(m.orders_per_period() > 0.0 && m.orders_per_period().is_finite());
            if let Ok(c) = m.cost_at(q) {
                non_negative("cost at q", c)?;
            }
            if let Ok(c) = m.cost_penalty(q) {
                non_negative("cost penalty", c)?;
            }
        }
        if let Ok(m) = EoqBackorders::new(d, Costs::default().order(k).holding(h).stockout(p)) {
            prop_assert!(m.order_quantity() > 0.0 && m.order_quantity().is_finite());
            unit("stockout fraction", m.stockout_fraction())?;
            non_negative("cost", m.total_cost())?;
            non_negative("max backorders", m.max_backorders())?;
            non_negative("max inventory", m.max_inventory())?;
            non_negative("cycle time", m.cycle_time())?;
            if let Ok(c) = m.cost_at(q, 0.3) {
                non_negative("cost at", c)?;
            }
        }
        if let Ok(m) = Epq::new(d, d * (1.0 + excess), Costs::default().order(k).holding(h)) {
            prop_assert!(m.order_quantity() > 0.0 && m.order_quantity().is_finite());
            non_negative("cost", m.total_cost())?;
            non_negative("max inventory", m.max_inventory())?;
            non_negative("cycle time", m.cycle_time())?;
            non_negative("production time", m.production_time())?;
            if let Ok(c) = m.cost_at(q) {
                non_negative("cost at", c)?;
            }
        }
    }

    #[test]
    fn discounts_power_of_two_and_joint_replenishment(
        d in wide(), k in wide(), rate in wide(), gaps in prop::collection::vec(wide(), 1..4),
        prices in prop::collection::vec(wide(), 4), q in wide(), base in wide(),
        minor in prop::collection::vec(wide(), 3), hs in prop::collection::vec(wide(), 3),
    ) {
        let mut bps = vec![0.0];
        for g in &gaps {
            bps.push(bps.last().unwrap() + g);
        }
        let costs = prices[..bps.len()].to_vec();
        if let Ok(breaks) = PriceBreaks::new(bps, costs) {
            if let Ok(m) = AllUnitsDiscount::new(d, rate, breaks.clone(), Costs::default().order(k)) {
                let s = m.solve();
                prop_assert!(s.order_quantity > 0.0 && s.order_quantity.is_finite());
                non_negative("all-units cost", s.total_cost)?;
                if let Ok(c) = m.cost_at(q) {
                    non_negative("all-units cost at", c)?;
                }
            }
            if let Ok(m) = IncrementalDiscount::new(d, rate, breaks, Costs::default().order(k)) {
                let s = m.solve();
                prop_assert!(s.order_quantity > 0.0 && s.order_quantity.is_finite());
                non_negative("incremental cost", s.total_cost)?;
            }
        }
        let items: Vec<Eoq> = hs.iter().filter_map(|&h| Eoq::new(d, Costs::default().order(k).holding(h)).ok()).collect();
        if !items.is_empty()
            && let Ok(plan) = power_of_two_policy(&items, base) {
                non_negative("power-of-two cost", plan.cost)?;
                for &t in &plan.intervals {
                    non_negative("interval", t)?;
                }
                finite("cost ratio", plan.cost_ratio())?;
            }
        if let Ok(jrp) = JointReplenishment::new(k, minor.clone(), hs.clone(), vec![d; 3]) {
            let plan = jrp.silver();
            prop_assert!(plan.base_cycle_time > 0.0 && plan.base_cycle_time.is_finite());
            non_negative("jrp cost", plan.cost)?;
            for &q in &plan.order_quantities {
                non_negative("jrp order quantity", q)?;
            }
        }
    }

    #[test]
    fn distributions_and_loss_functions(
        mean in wide(), sd in wide(), pm in poisson_mean(), x in wide(), neg in any::<bool>(),
        history in prop::collection::vec(wide(), 1..8),
    ) {
        // The distributions promise finite values for |x| ≤ 1e150 (second-order losses grow
        // like x²/2).
        let x = if neg { -x.min(1e150) } else { x.min(1e150) };
        let xs = [x, 0.0, 1.0, -1.0, 1e150, -1e150];
        if let Ok(d) = NormalDemand::new(mean, sd) {
            check_distribution(&d, &xs)?;
            check_distribution(&d, &[d.mean(), d.mean() + 3.0 * d.sd()])?;
        }
        if let Ok(d) = PoissonDemand::new(pm) {
            check_distribution(&d, &xs)?;
            check_distribution(&d, &[pm, pm + 3.0 * pm.sqrt(), pm - 3.0 * pm.sqrt()])?;
        }
        if let Ok(d) = DiscreteDemand::empirical(&history) {
            check_distribution(&d, &xs)?;
        }
        if let Ok(l) = normal_loss(x, mean, sd) {
            check_loss("normal loss", &l)?;
        }
        let k = if x.abs() < 9e15 { x as i64 } else { 7 };
        if let Ok(l) = poisson_loss(k, pm) {
            check_loss("Poisson loss", &l)?;
        }
    }

    #[test]
    fn newsvendor_and_reorder_points(
        h in wide(), p in wide(), mean in wide(), sd in wide(), pm in poisson_mean(),
        history in prop::collection::vec(wide(), 1..8), alpha in probability(),
        beta in probability(), q in wide(), lead in wide(), lead_sd in wide(),
    ) {
        if let Ok(nv) = Newsvendor::new(Costs::default().holding(h).stockout(p)) {
            if let Ok(d) = NormalDemand::new(mean, sd) {
                check_newsvendor(&nv.solve(&d))?;
                if let Ok(s) = nv.evaluate(&d, q) {
                    check_newsvendor(&s)?;
                }
            }
            if let Ok(d) = PoissonDemand::new(pm) {
                check_newsvendor(&nv.solve(&d))?;
            }
            if let Ok(d) = DiscreteDemand::empirical(&history) {
                check_newsvendor(&nv.solve(&d))?;
            }
        }
        if let Ok(nv) = Newsvendor::from_prices(NewsvendorPrices::new(p + h, p, p - h))
            && let Ok(d) = NormalDemand::new(mean, sd) {
                check_newsvendor(&nv.solve(&d))?;
            }
        let targets = [
            (ServiceTarget::cycle_service(alpha), None),
            (ServiceTarget::cycle_service(alpha).review(Review::EVERY_PERIOD), Some(q)),
            (ServiceTarget::fill_rate(beta), Some(q)),
            (ServiceTarget::ready_rate(beta), Some(q)),
        ];
        for (target, q) in targets {
            if let Ok(d) = NormalDemand::new(mean, sd)
                && let Ok(r) = reorder_point(&d, target, q) {
                    check_reorder_point(&r)?;
                }
            if let Ok(d) = PoissonDemand::new(pm)
                && let Ok(r) = reorder_point(&d, target, q) {
                    check_reorder_point(&r)?;
                }
            if let Ok(d) = DiscreteDemand::empirical(&history)
                && let Ok(r) = reorder_point(&d, target, q) {
                    check_reorder_point(&r)?;
                }
            if let Ok(r) = normal_reorder_point(mean, sd, lead, lead_sd, target, q) {
                check_reorder_point(&r)?;
            }
        }
    }

    #[test]
    fn base_stock_and_planning(
        h in wide(), p in wide(), k in wide(), mean in wide(), sd in wide(), pm in poisson_mean(),
        lead in 0u32..10_001, history in prop::collection::vec(wide(), 1..12),
        target in probability(), kind in 0u8..3, every in 0u8..3, q in wide(),
    ) {
        if let Ok(bs) = BaseStock::new(lead, Costs::default().holding(h).stockout(p)) {
            if let Ok(d) = NormalDemand::new(mean, sd)
                && let Ok(s) = bs.normal(&d) {
                    check_base_stock(&s)?;
                }
            if let Ok(d) = PoissonDemand::new(pm)
                && let Ok(s) = bs.poisson(&d) {
                    check_base_stock(&s)?;
                }
            if let Ok(s) = bs.from_history(&history) {
                check_base_stock(&s)?;
            }
        }
        let service = match kind {
            0 => ServiceTarget::cycle_service(target),
            1 => ServiceTarget::fill_rate(target),
            _ => ServiceTarget::ready_rate(target),
        };
        let review = match every {
            0 => Review::Continuous,
            1 => Review::EVERY_PERIOD,
            _ => Review::Periodic { period: 3 },
        };
        for params in [
            ReplenishmentParams::new(Costs::default().order(k).holding(h)).lead_time(f64::from(lead)).service(service.review(review)),
            ReplenishmentParams::new(Costs::default().order(k).holding(h).stockout(p))
                .lead_time(f64::from(lead % 7 + 1))
                .order_quantity(q)
                .service(service.review(review)),
        ] {
            let cumulative: Vec<(f64, f64)> = (1..=params.risk_period() as usize)
                .map(|n| (mean * n as f64, sd * n as f64))
                .collect();
            for plan in [
                params.plan_iid(mean, sd),
                params.plan_lead_time_demand(mean, mean * params.risk_period(), sd),
                params.plan_cumulative_demand(mean, &cumulative),
                params.plan_history(&history),
            ].into_iter().flatten() {
                prop_assert!(plan.order_quantity > 0.0 && plan.order_quantity.is_finite());
                finite("reorder point", plan.reorder_point)?;
                finite("safety stock", plan.safety_stock)?;
                unit("cycle service level", plan.cycle_service_level)?;
                unit("fill rate", plan.fill_rate)?;
                unit("ready rate", plan.ready_rate)?;
                non_negative("shortage", plan.expected_shortage_per_cycle)?;
                non_negative("orders per period", plan.orders_per_period)?;
                non_negative("on hand", plan.average_on_hand)?;
                non_negative("cost", plan.expected_cost)?;
            }
        }
    }

    #[test]
    fn rq_and_ss_policies(
        h in wide(), p in wide(), k in wide(), rate in wide(), sd in wide(), lead in wide(),
        pm in poisson_mean(), r in -1_000i64..1_000, q in 1u64..1_000,
    ) {
        let costs = Costs::default().order(k).holding(h).stockout(p);
        if let Ok(d) = NormalDemand::new(rate, sd) {
            if let Ok(m) = RqNormal::new(d, lead, costs) {
                let best = m.optimize();
                check_rq(&best)?;
                check_rq(&m.eoq_safety_stock())?;
                check_rq(&m.eoq_backorders())?;
                if let Ok(p) = m.loss_function_approximation() {
                    check_rq(&p)?;
                }
                if let Ok(p) = m.eil_approximation() {
                    check_rq(&p)?;
                }
                if let Ok(s) = m.service(best.reorder_point, best.order_quantity) {
                    check_service(&s)?;
                }
            }
            if let Ok((s, big_s)) = ss_power_approximation(&d, &costs) {
                prop_assert!(s.is_finite() && big_s.is_finite() && big_s > s);
            }
        }
        // Lead times near 1 so the lead-time demand is a Poisson mean the crate accepts.
        if let Ok(m) = RqPoisson::new(pm, lead.min(10.0), costs) {
            if let Ok(best) = m.optimize() {
                check_rq(&best)?;
            }
            if let Ok(s) = m.service(r, q) {
                check_service(&s)?;
            }
            if let Ok(c) = m.cost(r, q) {
                non_negative("(r, Q) cost", c)?;
            }
        }
        if let Ok(d) = PoissonDemand::new(pm)
            && let Ok(m) = SsModel::new(d, costs) {
                if let Ok(best) = m.optimize() {
                    non_negative("(s, S) cost", best.cost)?;
                    prop_assert!(best.order_up_to_level > best.reorder_point);
                }
                if let Ok(c) = m.cost(r, r + q as i64) {
                    non_negative("(s, S) cost at", c)?;
                }
            }
    }
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn lot_sizing_finite_horizon_and_simulation(
        k in wide(), h in wide(), demand in prop::collection::vec(wide(), 1..12),
        mean in wide(), sd in wide(), level in wide(), q in wide(), lead in 0usize..10_001,
        zero in prop::collection::vec(any::<bool>(), 12),
    ) {
        // Some zero-demand periods, as real forecasts have.
        let demand: Vec<f64> = demand.iter().zip(&zero).map(|(&d, &z)| if z { 0.0 } else { d }).collect();
        if let Ok(ls) = LotSizing::new(Costs::default().order(k).holding(h)) {
            for plan in [ls.wagner_whitin(&demand), ls.silver_meal(&demand), ls.plan_cost(&demand, &demand)].into_iter().flatten() {
                non_negative("lot-sizing cost", plan.cost)?;
                for &q in &plan.order_quantities {
                    non_negative("lot", q)?;
                }
            }
        }
        let fh = FiniteHorizon::new(vec![mean; 3], vec![sd; 3], Costs::default().holding(h).stockout(k).order(q.min(1e150)));
        if let Ok(sol) = fh.solve() {
            non_negative("finite-horizon cost", sol.cost)?;
        }
        let params = SimParams::default().lead_time(lead).costs(Costs::default().holding(h).stockout(k).order(k));
        for policy in [
            Policy::BaseStock { level },
            Policy::Rq { reorder_point: -level, order_quantity: q },
            Policy::RnQ { reorder_point: level, order_quantity: q },
            Policy::Ss { reorder_point: -level, order_up_to: level },
        ] {
            let reports = [
                simulate(&policy, &params, &demand),
                simulate_sampled(&policy, &params, &DemandProcess::Normal { mean, sd }, 300, 7),
                simulate_sampled(&policy, &params, &DemandProcess::Poisson { mean: mean.min(1e13) }, 300, 7),
            ];
            for r in reports.into_iter().flatten() {
                unit("fill rate", r.fill_rate)?;
                unit("in-stock rate", r.in_stock_rate)?;
                if let Some(c) = r.cycle_service_level {
                    unit("cycle service level", c)?;
                }
                non_negative("average on hand", r.average_on_hand)?;
                non_negative("average backorders", r.average_backorders)?;
                non_negative("total cost", r.total_cost)?;
                non_negative("cost std error", r.cost_std_error)?;
                prop_assert!(r.cost_autocorrelation.abs() <= 1.0);
            }
        }
    }
}

#[test]
fn the_issue_cases_are_answered_or_refused() {
    // `ecom inventory eoq --demand 1e308 --order-cost 1e308 --holding-cost 1e-308`.
    assert!(matches!(
        Eoq::new(1e308, Costs::default().order(1e308).holding(1e-308)),
        Err(InventoryError::LimitExceeded { .. })
    ));
    // Newsvendor at Poisson means 1e9 and 1e12: no table, answers at the normal quantile.
    let nv = Newsvendor::new(Costs::default().holding(1.0).stockout(4.0)).unwrap();
    for mean in [1e9, 1e12] {
        let d = PoissonDemand::new(mean).unwrap();
        assert!(d.is_normal_approximation());
        let s = nv.solve(&d);
        let z = 0.841_621_233_572_914_3; // Φ⁻¹(0.8)
        assert!((s.order_quantity - (mean + z * mean.sqrt())).abs() <= 1.0);
        // Expected shortage σ·G(z) with G(0.8416) = 0.1116 (standard normal loss).
        assert!((s.expected_shortage / (mean.sqrt() * 0.111_637_7) - 1.0).abs() < 1e-4);
    }
    // Safety stock for Poisson(1e6) over 100 periods (mean 1e8: the exact window table).
    let d = PoissonDemand::new(1e6)
        .unwrap()
        .over_periods(100.0)
        .unwrap();
    let rp = reorder_point(&d, ServiceTarget::cycle_service(0.95), None).unwrap();
    assert!((rp.safety_stock - 1.644_853_626_951_472_2 * 1e4).abs() < 3.0);
    // Beyond the largest Poisson mean: a typed error that says what to use instead.
    match PoissonDemand::new(1e16) {
        Err(e @ InventoryError::LimitExceeded { .. }) => {
            assert!(e.to_string().contains("normal demand"), "{e}")
        }
        other => panic!("{other:?}"),
    }
    // Exact searches refuse up front what they cannot finish quickly.
    let costs = Costs::default().order(5.0).holding(1.0).stockout(4.0);
    assert!(matches!(
        SsModel::new(PoissonDemand::new(1e12).unwrap(), costs)
            .unwrap()
            .optimize(),
        Err(InventoryError::LimitExceeded { .. })
    ));
    assert!(matches!(
        RqPoisson::new(
            1e12,
            1.0,
            Costs::default().order(1e6).holding(1.0).stockout(4.0)
        )
        .unwrap()
        .optimize(),
        Err(InventoryError::LimitExceeded { .. })
    ));
    assert!(matches!(
        BaseStock::new(1_000_000, Costs::default().holding(1.0).stockout(4.0)),
        Err(InventoryError::LimitExceeded { .. })
    ));
}

#[test]
fn tiny_order_quantities_keep_fill_rates_in_range() {
    // n(r) − n(r + Q) with Q a millionth of a unit next to σ = 1e8: subtracting the two losses
    // loses every digit (the fill rate came out as −0.034 this way); integrated directly it is
    // Q·P(D > r), and the fill rate is P(D ≤ r) = 0.95.
    let m = RqNormal::new(
        NormalDemand::new(1e10, 1e8).unwrap(),
        1.0,
        Costs::default().order(1e-9).holding(1.0).stockout(19.0),
    )
    .unwrap();
    let r = 1e10 + 1.644_853_626_951_472_2 * 1e8;
    let s = m.service(r, 1e-6).unwrap();
    assert!((s.fill_rate - 0.95).abs() < 1e-6, "{}", s.fill_rate);
    // Planning with a lot far below the spread of lead-time demand: the textbook 1 − n(r)/Q
    // would be −1.3; the exact continuous-review fill rate is in [0, 1].
    let plan = ReplenishmentParams::new(Costs::default().order(0.001).holding(1.0))
        .plan_iid(100.0, 50.0)
        .unwrap();
    assert!(plan.order_quantity < 1.0);
    assert!((0.0..=1.0).contains(&plan.fill_rate), "{}", plan.fill_rate);
    assert!(plan.fill_rate > 0.9, "{}", plan.fill_rate);
    // Base stock far below the spread (a negative level): nothing is served from stock.
    let s = BaseStock::new(0, Costs::default().holding(4.0).stockout(1.0))
        .unwrap()
        .normal(&NormalDemand::new(1.0, 10.0).unwrap())
        .unwrap();
    assert!(s.base_stock_level < 0.0);
    assert_eq!(s.fill_rate, 0.0);
}

#[test]
fn slice_errors_name_index_and_value() {
    let e = DiscreteDemand::empirical(&[3.0, 5.0, -40.0, 2.0]).unwrap_err();
    assert!(matches!(
        e,
        InventoryError::InvalidElement { index: 2, value, .. } if value == -40.0
    ));
    let text = e.to_string();
    assert!(text.contains("index 2") && text.contains("-40"), "{text}");
    assert!(matches!(
        DiscreteDemand::from_pmf(&[1.0, 2.0], &[0.5, f64::NAN]),
        Err(InventoryError::InvalidElement { index: 1, .. })
    ));
    assert!(matches!(
        simulate(
            &Policy::BaseStock { level: 5.0 },
            &SimParams::default(),
            &[1.0, 2.0, f64::INFINITY]
        ),
        Err(InventoryError::InvalidElement { index: 2, .. })
    ));
    assert!(matches!(
        BaseStock::new(1, Costs::default().holding(1.0).stockout(2.0))
            .unwrap()
            .from_history(&[1.0, -3.0, 2.0]),
        Err(InventoryError::InvalidElement { index: 1, .. })
    ));
}

#[test]
fn rq_costs_stay_non_negative_when_every_term_is_tiny() {
    // A case proptest found: the integral of g rounded to −2e-103.
    let m = RqNormal::new(
        NormalDemand::new(1.1933346313567257e-197, 7.598355138319772e-29).unwrap(),
        2.7978481744096614e-95,
        Costs::default()
            .order(1.062155230401535e-11)
            .holding(17.137762139446302)
            .stockout(9.776407326763287e-30),
    )
    .unwrap();
    for p in [m.optimize(), m.eoq_safety_stock(), m.eoq_backorders()] {
        assert!(p.cost.is_finite() && p.cost >= 0.0, "{p:?}");
    }
}
