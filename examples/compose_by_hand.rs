//! Composing the crates by hand: forecast one SKU, turn the distribution of its lead-time
//! demand into safety stock, reorder point and order quantity, and simulate the policy on sales
//! it did not see. Same settings as `ecom plan`'s defaults, and the same answers.
//!
//! ```text
//! cargo run --release --example compose_by_hand
//! ```

use ecom_supply::forecast::{AutoArima, FittedModel, Forecaster, OnTradingDays};
use ecom_supply::inventory::{
    Costs, ReplenishmentParams, ReplenishmentPolicy, Review, ServiceTarget,
};
use ecom_supply::{SalesSchema, TimeSeries, TradingCalendar};

/// The policy for one history: fitted on the shop's trading days, 95 % cycle service reviewed
/// daily, a 7-day lead time, 50 per order and 1 per unit-year of holding (`ecom plan`'s
/// defaults).
pub(crate) fn policy_for(
    history: &TimeSeries,
    calendar: &TradingCalendar,
) -> Result<ReplenishmentPolicy, Box<dyn std::error::Error>> {
    let fit = OnTradingDays::new(AutoArima::default(), calendar.clone()).fit_series(history)?;
    let costs = Costs::default().order(50.0).holding_per_year(1.0, 365.0)?;
    let params = ReplenishmentParams::new(costs)
        .lead_time(7.0)
        .service(ServiceTarget::cycle_service(0.95).review(Review::EVERY_PERIOD));
    let n = params.risk_period() as usize; // lead time + one review period
    // The sum over the next n days (closed days add nothing), sd from the psi weights.
    let (total, sd) = fit.predict_sum(n)?;
    Ok(params.plan_lead_time_demand(total / n as f64, total, sd)?)
}

#[allow(dead_code)] // the test that includes this file calls only `policy_for`
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/online-retail/daily_sales_top40.csv"
    );
    let sales = SalesSchema::default()
        .id_column("sku")
        .quantity_column("units")
        .load(file)?;
    // A weekday on which no SKU ever sold is closed (Saturday, here), and so are shared zero days.
    let calendar = TradingCalendar::detect(sales.series.iter().map(|s| &s.series));
    let y = sales.get("85123A").ok_or("SKU 85123A is missing")?;
    let p = policy_for(y, &calendar)?;
    println!(
        "85123A: safety stock {:.1}, reorder point {:.1}, order {:.1}",
        p.safety_stock, p.reorder_point, p.order_quantity
    );
    // Plan without the last 91 days, then run that policy on what actually sold.
    let cut = y.len() - 91;
    let held_out = policy_for(&y.slice(0..cut)?, &calendar)?;
    let report = held_out.simulate(&y.values()[cut..])?;
    println!(
        "last 91 days: fill rate {:.1} % (promised {:.1} %), {} orders",
        100.0 * report.fill_rate,
        100.0 * held_out.fill_rate,
        report.orders
    );
    Ok(())
}
