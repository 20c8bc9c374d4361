//! The planning pipeline on the real Online Retail slices shipped in `examples/data`.

use ecom_supply::forecast::AutoArima;
use ecom_supply::inventory::Eoq;
use ecom_supply::plan::{
    Costs, HoldoutCheck, PlanConfig, PlanError, PlanMethod, Planner, Review, ServiceTarget,
    SiteCount, SkuFailureKind, WarehouseConfig,
};
use ecom_supply::{Frequency, LocationsSchema, SalesHistory, SalesSchema};

fn data(name: &str) -> String {
    format!("{}/../../examples/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn retail_sales(skus: usize) -> SalesHistory {
    let mut h = SalesSchema::default()
        .id_column("sku")
        .quantity_column("units")
        .load(data("online-retail/daily_sales_top40.csv"))
        .unwrap();
    h.series.truncate(skus);
    h
}

#[test]
fn every_real_sku_gets_a_consistent_policy() {
    let sales = retail_sales(40);
    let config = PlanConfig::default()
        .service(ServiceTarget::cycle_service(0.95).review(Review::EVERY_PERIOD))
        .lead_time(5)
        .order_cost(40.0)
        .holding_cost_per_year(2.0);
    let plan = Planner::new(config).unwrap().plan(&sales, None).unwrap();
    assert_eq!(plan.frequency, Frequency::Daily);
    assert!(plan.failures.is_empty(), "{:?}", plan.failures);
    assert_eq!(plan.skus.len(), 40);
    for s in &plan.skus {
        let p = &s.policy;
        assert_eq!(s.method, PlanMethod::Forecast, "{}", s.id);
        // Reorder point = expected demand over lead time + review period + safety stock.
        assert!(
            (p.reorder_point - p.lead_time_demand_mean - p.safety_stock).abs()
                < 1e-6 * p.reorder_point
        );
        assert!(p.safety_stock > 0.0, "{}: {}", s.id, p.safety_stock);
        assert!((p.cycle_service_level - 0.95).abs() < 1e-9);
        // Q is the EOQ of the forecast demand rate with the yearly holding cost per day.
        let eoq = Eoq::new(
            s.demand_per_period,
            Costs::default().order(40.0).holding(2.0 / 365.0),
        )
        .unwrap();
        assert!((p.order_quantity - eoq.order_quantity()).abs() < 1e-6 * p.order_quantity);
        assert_eq!(s.forecast.horizon(), 28);
        assert!(s.forecast.mean.iter().all(|m| m.is_finite() && *m >= 0.0));
        let (i80, i95) = (&s.forecast.intervals[0], &s.forecast.intervals[1]);
        for t in 0..28 {
            assert!(
                i95.lower[t] <= i80.lower[t] && i80.upper[t] <= i95.upper[t],
                "{} step {t}",
                s.id
            );
        }
        let h = s
            .holdout
            .as_ref()
            .expect("a year of daily data has room for a holdout");
        assert_eq!(h.periods, 91);
        assert!((0.0..=1.0).contains(&h.achieved_fill_rate));
    }
    // The summary agrees with the SKUs' own checks.
    let summary = plan.holdout_summary().expect("every SKU was checked");
    let checks: Vec<_> = plan
        .skus
        .iter()
        .map(|s| s.holdout.clone().unwrap())
        .collect();
    assert_eq!((summary.skus, summary.periods), (40, 91));
    let mean = |f: fn(&HoldoutCheck) -> f64| checks.iter().map(f).sum::<f64>() / 40.0;
    assert!((summary.mean_achieved_fill_rate - mean(|c| c.achieved_fill_rate)).abs() < 1e-12);
    assert!((summary.mean_promised_fill_rate - mean(|c| c.promised_fill_rate)).abs() < 1e-12);
    let met = checks
        .iter()
        .filter(|c| c.achieved_fill_rate >= c.promised_fill_rate)
        .count();
    assert_eq!(summary.skus_meeting_promise, met);
    let median = summary.median_mase.expect("MASE on daily data");
    let below = checks
        .iter()
        .filter(|c| c.forecast.mase.unwrap() < median)
        .count();
    let above = checks
        .iter()
        .filter(|c| c.forecast.mase.unwrap() > median)
        .count();
    assert!(
        below <= 20 && above <= 20,
        "{below} below, {above} above {median}"
    );
}

/// The plan's lead-time demand is the forecast model's total over the trading days among the
/// next lead time + 1 calendar days, the model fitted on trading days only.
#[test]
fn lead_time_demand_comes_from_the_forecast_total() {
    let sales = retail_sales(3);
    let plan = Planner::new(PlanConfig::default().lead_time(6).holdout(0))
        .unwrap()
        .plan(&sales, None)
        .unwrap();
    // The shop never trades on Saturdays, and the calendar says so.
    assert_eq!(
        plan.calendar.closed_weekdays().collect::<Vec<_>>(),
        [ecom_supply::Weekday::Sat]
    );
    for (s, sku) in sales.series.iter().zip(&plan.skus) {
        let open = plan.calendar.trading_days(&s.series).unwrap();
        assert_eq!(open.series.period(), Some(6));
        let fit = AutoArima::default().fit(&open.series).unwrap();
        let next = s.series.date_at(s.series.len()).unwrap();
        let trading = plan.calendar.open_days(next, 7);
        assert!(trading < 7, "a Saturday falls in any 7 days");
        let (total, se) = fit.predict_total(trading).unwrap();
        assert!((sku.policy.lead_time_demand_mean - total).abs() < 1e-9 * total);
        assert!((sku.policy.lead_time_demand_sd - se).abs() < 1e-9 * se);
        assert_eq!(sku.model.as_ref().unwrap().order, fit.order());
        assert!(sku.holdout.is_none());
    }
}

#[test]
fn bad_skus_fail_alone() {
    let mut csv = String::from("date,sku,quantity\n");
    for day in 0..60u32 {
        let d = Frequency::Daily
            .advance(
                ecom_supply::NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
                day,
            )
            .unwrap();
        csv.push_str(&format!("{d},good,{}\n{d},dead,0\n", 10 + (day * 7) % 5));
        if day < 5 {
            csv.push_str(&format!("{d},new,3\n"));
        }
    }
    let sales = SalesSchema::default()
        .id_column("sku")
        .gaps(ecom_supply::GapPolicy::Reject)
        .read(csv.as_bytes(), "s.csv")
        .unwrap();
    let plan = Planner::new(PlanConfig::default().lead_time(2))
        .unwrap()
        .plan(&sales, None)
        .unwrap();
    assert_eq!(plan.skus.len(), 1);
    assert_eq!(plan.skus[0].id, "good");
    let failed: Vec<&str> = plan.failures.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(failed, ["dead", "new"]);
    assert!(plan.failures[0].error.contains("no sales"));
    assert_eq!(plan.failures[0].kind, SkuFailureKind::NoDemand);
    assert!(plan.failures[1].error.contains("5 periods"));
    assert!(matches!(
        plan.failures[1].kind,
        SkuFailureKind::NotEnoughData { got: 5, .. }
    ));
}

#[test]
fn warehouses_by_cost_on_country_demand() {
    let sales = retail_sales(5);
    let locations = LocationsSchema::default()
        .id_column("country")
        .weight_column("units")
        .load(data("online-retail/country_demand.csv"))
        .unwrap();
    let config = PlanConfig::default()
        .holdout(0)
        .warehouses(WarehouseConfig {
            sites: SiteCount::ByCost {
                min: 1,
                max: 5,
                site_cost: 250_000.0,
                transport_cost: 0.0002,
            },
            ..WarehouseConfig::default()
        });
    let plan = Planner::new(config)
        .unwrap()
        .plan(&sales, Some(&locations))
        .unwrap();
    let w = plan.warehouses.unwrap();
    assert_eq!(w.selection, "cost");
    assert_eq!(w.model.k(), 2, "UK plus Asia-Pacific");
    assert_eq!(w.scores.len(), 5);
    let best = w
        .scores
        .iter()
        .min_by(|a, b| a.total_cost.unwrap().total_cmp(&b.total_cost.unwrap()))
        .unwrap();
    assert_eq!(best.k, 2);
    let share: f64 = w.stock.iter().map(|s| s.demand_share).sum();
    assert!((share - 1.0).abs() < 1e-12);
    // Splitting stock across sites never needs less than holding it centrally.
    assert!(w.stock_factor() >= 1.0);
    let ss: f64 = w.stock.iter().map(|s| s.safety_stock).sum();
    assert!(ss >= w.central_safety_stock);
    let units: f64 = plan.skus.iter().map(|s| s.demand_per_period).sum();
    let site_units: f64 = w.stock.iter().map(|s| s.units_per_period).sum();
    assert!((units - site_units).abs() < 1e-9 * units);
}

#[test]
fn the_plan_is_deterministic() {
    let sales = retail_sales(4);
    let locations = LocationsSchema::default()
        .id_column("country")
        .weight_column("units")
        .load(data("online-retail/country_demand.csv"))
        .unwrap();
    let planner = Planner::new(PlanConfig::default()).unwrap();
    let a = serde_json::to_string(&planner.plan(&sales, Some(&locations)).unwrap()).unwrap();
    let b = serde_json::to_string(&planner.plan(&sales, Some(&locations)).unwrap()).unwrap();
    assert_eq!(a, b);
}

#[test]
fn invalid_settings_are_typed_errors() {
    for config in [
        PlanConfig::default().service(ServiceTarget::cycle_service(1.2)),
        PlanConfig::default().order_cost(0.0),
        PlanConfig::default().holding_cost_per_year(-1.0),
        PlanConfig::default().levels(vec![80.0, 100.0]),
        PlanConfig::default().horizon(0),
        PlanConfig::default().warehouses(WarehouseConfig {
            sites: SiteCount::Elbow { min: 3, max: 2 },
            ..WarehouseConfig::default()
        }),
    ] {
        assert!(matches!(
            Planner::new(config),
            Err(PlanError::InvalidParameter { .. })
        ));
    }
    let sales = retail_sales(1);
    let locations = LocationsSchema::default()
        .id_column("country")
        .load(data("online-retail/country_demand.csv"))
        .unwrap();
    let too_many = PlanConfig::default()
        .holdout(0)
        .warehouses(WarehouseConfig {
            sites: SiteCount::Fixed(36),
            ..WarehouseConfig::default()
        });
    assert!(matches!(
        Planner::new(too_many)
            .unwrap()
            .plan(&sales, Some(&locations)),
        Err(PlanError::Warehouses(_))
    ));
}

#[test]
fn the_holdout_check_can_re_plan_every_week() {
    let sales = retail_sales(3);
    let once = Planner::new(PlanConfig::default())
        .unwrap()
        .plan(&sales, None)
        .unwrap();
    let weekly = Planner::new(PlanConfig::default().replan_every(7))
        .unwrap()
        .plan(&sales, None)
        .unwrap();
    for (a, b) in once.skus.iter().zip(&weekly.skus) {
        let (a, b) = (a.holdout.as_ref().unwrap(), b.holdout.as_ref().unwrap());
        assert_eq!(a.plans, 1);
        // 91 held-out days: plans at days 0, 7, .., 84.
        assert_eq!(b.periods, 91);
        assert_eq!(b.plans, 13);
        // The first plan is the same; the forecast check is made once, before the holdout.
        assert_eq!(a.forecast, b.forecast);
        assert!((0.0..=1.0).contains(&b.achieved_fill_rate));
        assert!((0.0..=1.0).contains(&b.promised_fill_rate));
        assert!(b.stock_to_demand.unwrap() > 0.0);
    }
    let (s1, s7) = (
        once.holdout_summary().unwrap(),
        weekly.holdout_summary().unwrap(),
    );
    assert_ne!(s1.mean_achieved_fill_rate, s7.mean_achieved_fill_rate);
    assert!(s7.median_stock_to_demand.unwrap().is_finite());
}

#[test]
fn fill_rate_plans_review_on_trading_days() {
    // The shop's sales end on a Friday; a 7-day lead time ends on the next Friday, so a
    // one-day review period counted in calendar days falls on a closed Saturday, sees no
    // demand, and no reorder point could meet a fill rate (every SKU used to fail).
    let sales = retail_sales(4);
    for lead in [5, 6, 7] {
        let config = PlanConfig::default()
            .service(ServiceTarget::fill_rate(0.98).review(Review::EVERY_PERIOD))
            .lead_time(lead)
            .holdout(0);
        let plan = Planner::new(config).unwrap().plan(&sales, None).unwrap();
        assert!(plan.failures.is_empty(), "lead {lead}: {:?}", plan.failures);
        for s in &plan.skus {
            let p = &s.policy;
            assert!(p.fill_rate >= 0.98 - 1e-9 && p.fill_rate <= 1.0, "{}", s.id);
            assert!(p.reorder_point.is_finite() && p.order_quantity > 0.0);
        }
    }
}
