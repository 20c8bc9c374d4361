//! The planning entry points against hand-computed references: lead-time demand from a model
//! with correlated errors, and a planned policy checked by simulating it.

use ecom_core::{Forecast, ForecastInterval};
use inventory_eoq::*;

/// Φ⁻¹(0.95) and Φ⁻¹(0.975).
const Z95: f64 = 1.644_853_626_951_472_2;
const Z975: f64 = 1.959_963_984_540_054;

#[test]
fn arima_011_lead_time_demand_sums_the_psi_weights() {
    // ARIMA(0,1,1): y_t = y_{t-1} + e_t + θ e_{t-1}, σ = 20, θ = −0.6, level 100. Its psi
    // weights are ψ_0 = 1, ψ_j = 1 + θ = 0.4, and the forecast error of the sum of the next n
    // values is Σ_{k=0}^{n-1} (Σ_{j=0}^{k} ψ_j)·e, so its sd is σ·√(Σ_k (1 + 0.4k)²).
    let (sigma, theta, level) = (20.0_f64, -0.6_f64, 100.0_f64);
    let psi = |j: usize| if j == 0 { 1.0 } else { 1.0 + theta };
    // Daily review, lead time 4: the risk period is 5 days.
    let (lead, n) = (4.0, 5usize);
    let cum_psi: Vec<f64> = (0..n).map(|k| (0..=k).map(psi).sum()).collect();
    assert_eq!(cum_psi.len(), 5);
    for (k, c) in cum_psi.iter().enumerate() {
        assert!((c - (1.0 + 0.4 * k as f64)).abs() < 1e-12);
    }
    // 1 + 1.96 + 3.24 + 4.84 + 6.76 = 17.8.
    let total_var: f64 = cum_psi.iter().map(|c| c * c).sum();
    assert!((total_var - 17.8).abs() < 1e-12);
    let total_sd = sigma * total_var.sqrt();

    let params = ReplenishmentParams::new(Costs::default().order(45.0).holding(0.1))
        .lead_time(lead)
        .service(ServiceTarget::cycle_service(0.95).review(Review::EVERY_PERIOD));
    assert_eq!(params.risk_period(), n as f64);

    // The model's distribution of the 5-day total: safety stock z·sd of the sum.
    let ltd = params
        .plan_lead_time_demand(level, level * n as f64, total_sd)
        .unwrap();
    let want = Z95 * total_sd; // 1.6449 · 20 · √17.8 = 138.793
    assert!((want - 138.792_9).abs() < 1e-4, "{want}");
    assert!(
        (ltd.safety_stock - want).abs() < 1e-9,
        "{}",
        ltd.safety_stock
    );
    assert!((ltd.lead_time_demand_sd - total_sd).abs() < 1e-12);
    assert!((ltd.reorder_point - (500.0 + want)).abs() < 1e-9);
    assert!((ltd.cycle_service_level - 0.95).abs() < 1e-12);

    // The same from the model's totals over every horizon 1..=5.
    let cumulative: Vec<(f64, f64)> = (1..=n)
        .map(|h| {
            let var: f64 = cum_psi[..h].iter().map(|c| c * c).sum();
            (level * h as f64, sigma * var.sqrt())
        })
        .collect();
    let cum = params.plan_cumulative_demand(level, &cumulative).unwrap();
    assert!((cum.safety_stock - want).abs() < 1e-9);

    // The independent-errors form, from the forecast's 95 % intervals: the step-k forecast sd is
    // σ·√(Σ_{j<k} ψ_j²) = σ·√(1 + 0.16(k − 1)); their mean square is σ²·6.6/5, so it spreads
    // σ·√6.6 over the 5 days, well below σ·√17.8.
    let step_sd: Vec<f64> = (1..=n)
        .map(|k| sigma * (0..k).map(|j| psi(j).powi(2)).sum::<f64>().sqrt())
        .collect();
    let forecast = Forecast {
        mean: vec![level; n],
        intervals: vec![ForecastInterval {
            level: 95.0,
            lower: step_sd.iter().map(|s| level - Z975 * s).collect(),
            upper: step_sd.iter().map(|s| level + Z975 * s).collect(),
        }],
        ..Forecast::default()
    };
    let independent = params.plan_forecast_independent_errors(&forecast).unwrap();
    let independent_want = Z95 * sigma * 6.6f64.sqrt(); // 84.51
    assert!(
        (independent.safety_stock - independent_want).abs() < 1e-6,
        "{}",
        independent.safety_stock
    );
    assert!(independent.safety_stock < 0.61 * ltd.safety_stock);
    // Same Q either way: only the spread differs.
    assert_eq!(independent.order_quantity, ltd.order_quantity);
}

#[test]
fn planned_fill_rate_is_what_a_simulation_delivers() {
    // i.i.d. N(100, 30²) daily demand reviewed daily, lead time 4, K = 45, h = 0.1: Q = 300
    // (three days), planned for a 95 % fill rate.
    let params = ReplenishmentParams::new(Costs::default().order(45.0).holding(0.1))
        .lead_time(4.0)
        .service(ServiceTarget::fill_rate(0.95).review(Review::EVERY_PERIOD));
    let plan = params.plan_iid(100.0, 30.0).unwrap();
    assert!((plan.order_quantity - 300.0).abs() < 1e-9);
    assert!((plan.fill_rate - 0.95).abs() < 1e-9, "{}", plan.fill_rate);
    let process = DemandProcess::Normal {
        mean: 100.0,
        sd: 30.0,
    };
    let report = plan.simulate_sampled(&process, 100_000, 2024).unwrap();
    assert_eq!(report.periods, 90_000); // a tenth is warm-up
    assert!(
        (report.fill_rate - 0.95).abs() <= 0.01,
        "simulated fill rate {}",
        report.fill_rate
    );
    // The cycle service level of a periodic plan ignores the undershoot below r, so it is a
    // floor for the share of replenishment cycles without a stockout.
    assert!(report.cycle_service_level.unwrap() >= plan.cycle_service_level);
    // The ready rate it reports is the simulated share of days ending in stock.
    assert!(
        (report.in_stock_rate - plan.ready_rate).abs() <= 0.01,
        "in stock {} vs ready rate {}",
        report.in_stock_rate,
        plan.ready_rate
    );
    // The simulator ran the same system: lead time 4 + 1 in its convention, the plan's costs.
    let sim = plan.simulation_params().unwrap();
    assert_eq!(sim.lead_time, 5);
    assert_eq!(sim.costs.holding_cost(), 0.1);
    assert_eq!(sim.costs.order_cost(), 45.0);
    assert!((report.mean_cost_per_period - plan.expected_cost).abs() < 0.02 * plan.expected_cost);

    // The continuous-review plan for the same target covers only the lead time: reviewed daily
    // it falls short of its promise.
    let textbook = params
        .service(ServiceTarget::fill_rate(0.95))
        .plan_iid(100.0, 30.0)
        .unwrap();
    let missed = textbook.simulate_sampled(&process, 100_000, 2024).unwrap();
    assert!(textbook.fill_rate >= 0.95);
    assert!(missed.fill_rate < 0.93, "{}", missed.fill_rate);
}

#[test]
fn periodic_review_every_few_periods_matches_its_simulation() {
    // Reviewed every 3 days: the (R, r, nQ) rule, risk period L + R.
    let process = DemandProcess::Normal {
        mean: 50.0,
        sd: 12.0,
    };
    for target in [
        ServiceTarget::fill_rate(0.97),
        ServiceTarget::ready_rate(0.9),
    ] {
        let plan = ReplenishmentParams::new(Costs::default().order(30.0).holding(0.05))
            .lead_time(2.0)
            .service(target.review(Review::Periodic { period: 3 }))
            .plan_iid(50.0, 12.0)
            .unwrap();
        assert!(matches!(
            plan.policy(),
            Policy::PeriodicRnQ {
                review_period: 3,
                ..
            }
        ));
        assert!((plan.lead_time_demand_mean - 250.0).abs() < 1e-9);
        let report = plan.simulate_sampled(&process, 200_000, 7).unwrap();
        let (promised, got) = match target {
            ServiceTarget::FillRate { .. } => (plan.fill_rate, report.fill_rate),
            _ => (plan.ready_rate, report.in_stock_rate),
        };
        assert!((promised - target.level()).abs() < 1e-6, "{promised}");
        assert!(report.cycle_service_level.unwrap() >= plan.cycle_service_level);
        assert!(
            (promised - got).abs() <= 0.01,
            "{target:?}: promised {promised}, simulated {got}"
        );
    }
}

#[test]
fn simulation_needs_a_whole_deterministic_lead_time() {
    let costs = Costs::default().order(45.0).holding(0.1);
    let fractional = ReplenishmentParams::new(costs)
        .lead_time(2.5)
        .plan_iid(100.0, 30.0)
        .unwrap();
    assert!(fractional.simulate(&[100.0; 10]).is_err());
    let uncertain = ReplenishmentParams::new(costs)
        .lead_time(3.0)
        .lead_time_sd(1.0)
        .plan_iid(100.0, 30.0)
        .unwrap();
    assert!(uncertain.simulation_params().is_err());
}
