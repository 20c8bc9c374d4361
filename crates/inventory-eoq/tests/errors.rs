//! Bad input gives a typed error, never a panic or a silent wrong answer.

use inventory_eoq::*;

fn not_positive<T: std::fmt::Debug>(r: Result<T>, param: &str) {
    match r {
        Err(InventoryError::NotPositive { name, .. }) => assert!(name.contains(param), "{name}"),
        other => panic!("expected NotPositive({param}), got {other:?}"),
    }
}

fn bad_probability<T: std::fmt::Debug>(r: Result<T>) {
    assert!(
        matches!(r, Err(InventoryError::ProbabilityOutOfRange { .. })),
        "expected ProbabilityOutOfRange, got {r:?}"
    );
}

#[test]
fn zero_or_negative_demand() {
    not_positive(
        Eoq::new(0.0, Costs::default().order(100.0).holding(10.0)),
        "demand",
    );
    not_positive(
        Eoq::new(-5.0, Costs::default().order(100.0).holding(10.0)),
        "demand",
    );
    not_positive(
        EoqBackorders::new(0.0, Costs::default().order(1.0).holding(1.0).stockout(1.0)),
        "demand",
    );
    not_positive(
        Epq::new(0.0, 10.0, Costs::default().order(1.0).holding(1.0)),
        "demand",
    );
    not_positive(NormalDemand::new(0.0, 1.0), "demand mean");
    not_positive(PoissonDemand::new(-1.0), "demand mean");
    not_positive(
        RqPoisson::new(
            0.0,
            1.0,
            Costs::default().order(1.0).holding(1.0).stockout(1.0),
        ),
        "demand rate",
    );
    not_positive(
        ReplenishmentParams::new(Costs::default().order(10.0).holding(1.0)).plan_iid(0.0, 1.0),
        "demand mean",
    );
    not_positive(DiscreteDemand::empirical(&[0.0, 0.0, 0.0]), "mean demand");
    assert!(matches!(
        LotSizing::new(Costs::default().order(10.0).holding(1.0))
            .unwrap()
            .wagner_whitin(&[3.0, -1.0]),
        Err(InventoryError::InvalidElement { index: 1, .. })
    ));
    assert!(matches!(
        DiscreteDemand::empirical(&[1.0, f64::NAN]),
        Err(InventoryError::InvalidElement { index: 1, .. })
    ));
    assert!(matches!(
        simulate(
            &Policy::BaseStock { level: 5.0 },
            &SimParams::default(),
            &[]
        ),
        Err(InventoryError::Empty { .. })
    ));
}

#[test]
fn zero_or_negative_costs() {
    not_positive(
        Eoq::new(1000.0, Costs::default().order(0.0).holding(10.0)),
        "order cost",
    );
    not_positive(
        Eoq::new(1000.0, Costs::default().order(100.0).holding(-10.0)),
        "holding cost",
    );
    not_positive(
        Newsvendor::new(Costs::default().holding(0.0).stockout(1.0)),
        "holding cost",
    );
    not_positive(
        Newsvendor::new(Costs::default().holding(1.0).stockout(-1.0)),
        "stockout cost",
    );
    not_positive(
        RqNormal::new(
            NormalDemand::new(10.0, 2.0).unwrap(),
            1.0,
            Costs::default().order(0.0).holding(1.0).stockout(1.0),
        ),
        "order cost",
    );
    not_positive(
        SsModel::new(
            PoissonDemand::new(3.0).unwrap(),
            Costs::default().order(1.0).holding(1.0),
        ),
        "stockout cost",
    );
    assert!(matches!(
        Newsvendor::new(Costs::default().order(-1.0).holding(1.0).stockout(1.0)),
        Err(InventoryError::Negative {
            name: "order cost",
            ..
        })
    ));
    assert!(Costs::default().holding_per_year(1.0, -365.0).is_err());
    not_positive(
        LotSizing::new(Costs::default().order(10.0).holding(0.0)),
        "holding cost",
    );
    not_positive(
        ReplenishmentParams::new(Costs::default().order(0.0).holding(1.0)).plan_iid(10.0, 1.0),
        "order cost",
    );
    not_positive(
        BaseStock::new(2, Costs::default().holding(1.0).stockout(0.0)),
        "stockout cost",
    );
    assert!(matches!(
        Eoq::new(1000.0, Costs::default().order(f64::INFINITY).holding(10.0)),
        Err(InventoryError::NonFinite { .. })
    ));
    assert!(matches!(
        simulate(
            &Policy::BaseStock { level: 5.0 },
            &SimParams::default().costs(Costs::default().holding(-1.0)),
            &[1.0]
        ),
        Err(InventoryError::Negative { .. })
    ));
}

#[test]
fn service_level_outside_unit_interval() {
    let ltd = NormalDemand::new(100.0, 20.0).unwrap();
    for bad in [0.0, 1.0, -0.2, 1.5, f64::NAN] {
        bad_probability(reorder_point(&ltd, ServiceTarget::cycle_service(bad), None));
        bad_probability(reorder_point(
            &ltd,
            ServiceTarget::fill_rate(bad),
            Some(50.0),
        ));
        bad_probability(reorder_point(
            &ltd,
            ServiceTarget::ready_rate(bad),
            Some(50.0),
        ));
        bad_probability(normal_reorder_point(
            10.0,
            2.0,
            3.0,
            0.0,
            ServiceTarget::cycle_service(bad),
            None,
        ));
        bad_probability(ServiceTarget::cycle_service(bad).validate());
        bad_probability(
            ReplenishmentParams::new(Costs::default().order(10.0).holding(1.0))
                .service(ServiceTarget::fill_rate(bad))
                .plan_iid(10.0, 2.0),
        );
        bad_probability(ltd.quantile(bad));
        bad_probability(normal::quantile(bad));
    }
}

#[test]
fn production_rate_not_above_demand() {
    for p in [1000.0, 999.0, 0.5] {
        assert!(matches!(
            Epq::new(1000.0, p, Costs::default().order(100.0).holding(10.0)),
            Err(InventoryError::ProductionTooSlow { .. })
        ));
    }
    not_positive(
        Epq::new(1000.0, 0.0, Costs::default().order(100.0).holding(10.0)),
        "production rate",
    );
}

#[test]
fn unsorted_discount_breaks() {
    for bps in [
        vec![0.0, 800.0, 400.0],
        vec![0.0, 400.0, 400.0],
        vec![100.0, 400.0, 800.0],
    ] {
        assert!(matches!(
            PriceBreaks::new(bps, vec![0.75, 0.72, 0.68]),
            Err(InventoryError::UnsortedBreakpoints { .. })
        ));
    }
    assert!(matches!(
        PriceBreaks::new(vec![0.0, 400.0], vec![0.75]),
        Err(InventoryError::LengthMismatch { .. })
    ));
    assert!(matches!(
        PriceBreaks::new(vec![0.0, 400.0], vec![0.75, 0.0]),
        Err(InventoryError::InvalidElement {
            what: "unit costs",
            index: 1,
            ..
        })
    ));
}

#[test]
fn malformed_policies_and_plans() {
    let p = SimParams::default();
    for bad in [
        Policy::Ss {
            reorder_point: 10.0,
            order_up_to: 10.0,
        },
        Policy::Rq {
            reorder_point: 5.0,
            order_quantity: 0.0,
        },
        Policy::PeriodicReview {
            review_period: 0,
            order_up_to: 10.0,
            offset: 0,
        },
        Policy::PeriodicReview {
            review_period: 3,
            order_up_to: 10.0,
            offset: 3,
        },
        Policy::BaseStock { level: f64::NAN },
    ] {
        assert!(simulate(&bad, &p, &[1.0, 2.0]).is_err(), "{bad:?}");
    }
    assert!(simulate(&Policy::BaseStock { level: 5.0 }, &p.warmup(5), &[1.0; 5]).is_err());
    let ss = SsModel::new(
        PoissonDemand::new(6.0).unwrap(),
        Costs::default().order(5.0).holding(1.0).stockout(4.0),
    )
    .unwrap();
    assert!(ss.cost(10, 10).is_err());
    let normal_demand = NormalDemand::new(10.0, 2.0).unwrap();
    assert!(matches!(
        SsModel::new(
            DiscreteDemand::empirical(&[1.5, 2.0]).unwrap(),
            Costs::default().order(5.0).holding(1.0).stockout(4.0)
        ),
        Err(InventoryError::InvalidParameter { .. })
    ));
    let _ = normal_demand;
    assert!(matches!(
        JointReplenishment::new(10.0, vec![1.0, 2.0], vec![1.0], vec![5.0, 5.0]),
        Err(InventoryError::LengthMismatch { .. })
    ));
    assert!(matches!(
        FiniteHorizon::new(
            vec![10.0; 3],
            vec![2.0; 2],
            Costs::default().holding(1.0).stockout(5.0)
        )
        .solve(),
        Err(InventoryError::LengthMismatch { .. })
    ));
    assert!(
        FiniteHorizon::new(
            vec![10.0; 3],
            vec![2.0; 3],
            Costs::default().holding(1.0).stockout(5.0)
        )
        .discount_factor(1.5)
        .solve()
        .is_err()
    );
    let rq = RqNormal::new(
        NormalDemand::new(100.0, 10.0).unwrap(),
        0.1,
        Costs::default().order(1.0).holding(1.0).stockout(1.0),
    )
    .unwrap();
    not_positive(rq.cost(10.0, 0.0), "order quantity");
    // An EIL fixed point that leaves (0, 1) is reported, not returned as a number.
    let eil = RqNormal::new(
        NormalDemand::new(10.0, 3.0).unwrap(),
        0.5,
        Costs::default().order(1000.0).holding(50.0).stockout(1.0),
    )
    .unwrap()
    .eil_approximation();
    assert!(
        matches!(eil, Err(InventoryError::Infeasible { .. })),
        "{eil:?}"
    );
}
