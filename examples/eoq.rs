//! The design notes' inventory example, done right: D = 1000 units a year, S = 100 per order,
//! H = 10 per unit-year.
//!
//! ```text
//! cargo run --release --example eoq
//! ```
//!
//! The notes computed an "optimum" of 0.5 units (and 48 in their code). The textbook answer is
//! Q* = sqrt(2DS/H) = 141.42 units at an annual cost of 1414.21, half ordering and half holding.
//! Every rate is per period: here the period is a year, for demand and holding cost alike.

use ecom_supply::inventory::{
    Costs, Eoq, NormalDemand, ReplenishmentParams, ServiceTarget, reorder_point,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let eoq = Eoq::new(1000.0, Costs::default().order(100.0).holding(10.0))?;
    println!("EOQ                 {:.2} units", eoq.order_quantity());
    println!("annual cost         {:.2}", eoq.total_cost());
    println!(
        "orders per year     {:.2} (every {:.1} days)",
        eoq.orders_per_period(),
        365.0 * eoq.cycle_time()
    );
    assert!((eoq.order_quantity() - 141.4214).abs() < 1e-4);
    assert!((eoq.total_cost() - 1414.2136).abs() < 1e-4);

    // The cost curve is flat near the optimum: ordering 100 or 200 costs only a few percent more.
    for q in [0.5, 48.0, 100.0, 141.42, 200.0, 500.0] {
        println!(
            "  order {q:>6} -> cost {:>9.2} ({:+.1} %)",
            eoq.cost_at(q)?,
            100.0 * eoq.cost_penalty(q)?
        );
    }
    assert!((eoq.cost_at(100.0)? - 1500.0).abs() < 1e-9);

    // With uncertain demand: 1000 a year is 2.74 a day; say sd 1.5 a day and a 7-day lead time.
    let daily = 1000.0 / 365.0;
    let ltd = NormalDemand::lead_time_demand(daily, 1.5, 7.0, 0.0)?;
    let rp = reorder_point(&ltd, ServiceTarget::cycle_service(0.95), None)?;
    println!(
        "\nreorder point for 95 % cycle service: {:.1} units (safety stock {:.1})",
        rp.reorder_point, rp.safety_stock
    );

    // The same in one call, with the order quantity and what the policy costs and buys; the
    // period is now a day, so the yearly holding cost is converted explicitly.
    let costs = Costs::default()
        .order(100.0)
        .holding_per_year(10.0, 365.0)?;
    let plan = ReplenishmentParams::new(costs)
        .lead_time(7.0)
        .service(ServiceTarget::cycle_service(0.95))
        .plan_iid(daily, 1.5)?;
    println!(
        "planned policy: order {:.0} when stock falls to {:.1}; fill rate {:.4}, cost {:.2} a day",
        plan.order_quantity, plan.reorder_point, plan.fill_rate, plan.expected_cost
    );
    Ok(())
}
