//! Order policies for the 40 best-selling SKUs of a real online shop (UCI Online Retail,
//! daily units, zero on Saturdays), from their sales histories.
//!
//! For each SKU it plans a 98 % fill-rate (r, Q) policy two ways, from the mean and sd of
//! daily sales with the textbook continuous-review formulas, and from the history itself with
//! daily review, then replays the year of sales through the simulator to see which promise
//! holds. It ends with an empirical newsvendor for the best seller.
//!
//! ```text
//! cargo run --release -p inventory-eoq --example retail_policies [path/to/daily_sales.csv]
//! ```

use ecom_core::SalesSchema;
use inventory_eoq::{
    Costs, DiscreteDemand, Newsvendor, ReplenishmentParams, ReplenishmentPolicy, Review,
    ServiceTarget, simulate,
};

/// Replays the history through the planned policy, with the simulator settings of the system
/// it was planned for (a five-day lead time) and a 30-day warm-up.
fn replay(
    plan: &ReplenishmentPolicy,
    history: &[f64],
) -> Result<f64, inventory_eoq::InventoryError> {
    let params = plan.simulation_params()?.warmup(30);
    Ok(simulate(&plan.policy(), &params, history)?.fill_rate)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../examples/data/online-retail/daily_sales_top40.csv"
        )
        .to_owned()
    });
    let sales = SalesSchema::default()
        .id_column("sku")
        .quantity_column("units")
        .load(&path)?;

    // K = 25 per order, h = 0.05 per unit per day, 5-day lead time, 98 % fill rate.
    let base = ReplenishmentParams::new(Costs::default().order(25.0).holding(0.05))
        .lead_time(5.0)
        .service(ServiceTarget::fill_rate(0.98));
    let textbook = base;
    let daily = base.service(ServiceTarget::fill_rate(0.98).review(Review::EVERY_PERIOD));

    println!(
        "{:<8} {:>6} {:>6} {:>5} {:>6} | {:>22} | {:>22}",
        "sku", "mean", "sd", "zero%", "Q", "textbook: r  fill→replay", "history: r  fill→replay"
    );
    let (mut miss_textbook, mut miss_history) = (0.0f64, 0.0f64);
    for s in &sales.series {
        let h = s.series.values();
        let n = h.len() as f64;
        let mean = h.iter().sum::<f64>() / n;
        let sd = (h.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n).sqrt();
        let zeros = h.iter().filter(|&&x| x == 0.0).count() as f64 / n;
        let a = textbook.plan_iid(mean, sd)?;
        let b = daily.plan_history(h)?;
        let (ra, rb) = (replay(&a, h)?, replay(&b, h)?);
        miss_textbook = miss_textbook.max(a.fill_rate - ra);
        miss_history = miss_history.max(b.fill_rate - rb);
        println!(
            "{:<8} {:>6.1} {:>6.1} {:>4.0}% {:>6.0} | {:>6.0} {:>6.3}→{:<6.3}   | {:>6.0} {:>6.3}→{:<6.3}",
            s.id,
            mean,
            sd,
            100.0 * zeros,
            a.order_quantity,
            a.reorder_point,
            a.fill_rate,
            ra,
            b.reorder_point,
            b.fill_rate,
            rb
        );
    }
    println!(
        "largest shortfall of the replay below the promise: textbook {:.3}, from history {:.3}",
        miss_textbook, miss_history
    );

    // One day's stock for the best seller, overage 1 and underage 4 per unit.
    let best = &sales.series[0];
    let nv = Newsvendor::new(Costs::default().holding(1.0).stockout(4.0))?
        .solve(&DiscreteDemand::empirical(best.series.values())?);
    println!(
        "empirical newsvendor for {}: stock {} (critical ratio {:.2}), expected cost {:.1}, in stock on {:.0}% of days, fill rate {:.3}",
        best.id,
        nv.order_quantity,
        nv.critical_ratio,
        nv.expected_cost,
        100.0 * nv.in_stock_probability,
        nv.fill_rate
    );
    Ok(())
}
