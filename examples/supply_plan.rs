//! The whole toolkit in one run, on real shop data: forecast every SKU, turn the forecast into an
//! order policy for a service level, check that policy on the last quarter it did not see, and
//! place warehouse sites for the destinations' demand.
//!
//! ```text
//! cargo run --release --example supply_plan
//! ```
//!
//! The same as `ecom plan examples/data/online-retail/daily_sales_top40.csv --value-column units
//! --locations examples/data/online-retail/country_demand.csv --location-id-column country
//! --weight-column units`, through the library.

use ecom_supply::plan::{
    PlanConfig, PlanMethod, Planner, Review, ServiceTarget, SiteCount, WarehouseConfig,
};
use ecom_supply::{LocationsSchema, SalesSchema};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data/online-retail");
    let sales = SalesSchema::default()
        .id_column("sku")
        .quantity_column("units")
        .load(format!("{dir}/daily_sales_top40.csv"))?;
    let locations = LocationsSchema::default()
        .id_column("country")
        .weight_column("units")
        .load(format!("{dir}/country_demand.csv"))?;

    let config = PlanConfig::default()
        .service(ServiceTarget::cycle_service(0.95).review(Review::EVERY_PERIOD))
        .lead_time(5)
        .order_cost(40.0)
        .holding_cost_per_year(2.0)
        .warehouses(WarehouseConfig {
            sites: SiteCount::ByCost {
                min: 1,
                max: 6,
                site_cost: 250_000.0,
                transport_cost: 0.0002,
            },
            ..WarehouseConfig::default()
        });
    let plan = Planner::new(config)?.plan(&sales, Some(&locations))?;

    println!(
        "{:<8} {:<34} {:>8} {:>8} {:>8} {:>8}  {:>14}",
        "sku", "model", "per day", "safety", "reorder", "order", "holdout fill"
    );
    let (mut got, mut promised) = (Vec::new(), Vec::new());
    for s in &plan.skus {
        let model = match (&s.model, &s.method) {
            (Some(m), _) => m.name.clone(),
            (None, PlanMethod::History { .. }) => "sales history".into(),
            (None, PlanMethod::Forecast) => "forecast".into(),
        };
        let fill = s.holdout.as_ref().map(|h| {
            got.push(h.achieved_fill_rate);
            promised.push(h.promised_fill_rate);
            format!(
                "{:.1}% / {:.1}%",
                100.0 * h.achieved_fill_rate,
                100.0 * h.promised_fill_rate
            )
        });
        println!(
            "{:<8} {:<34} {:>8.1} {:>8.0} {:>8.0} {:>8.0}  {:>14}",
            s.id,
            model,
            s.demand_per_period,
            s.policy.safety_stock,
            s.policy.reorder_point,
            s.policy.order_quantity,
            fill.unwrap_or_default()
        );
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    println!(
        "\nover the last quarter, held out: fill rate {:.1} % achieved against {:.1} % promised on average",
        100.0 * mean(&got),
        100.0 * mean(&promised)
    );
    for f in &plan.failures {
        println!("not planned: {} ({})", f.id, f.error);
    }
    if let Some(w) = &plan.warehouses {
        println!(
            "\n{} warehouse sites (chosen by {}):",
            w.model.k(),
            w.selection
        );
        for (r, st) in w.reports.iter().zip(&w.stock) {
            println!(
                "  ({:>7.2}, {:>7.2})  {:>5.1} % of demand, {:>6.0} units a day, safety stock {:>6.0}",
                r.location.lat(),
                r.location.lon(),
                100.0 * r.demand_share,
                st.units_per_period,
                st.safety_stock
            );
        }
        println!(
            "splitting stock across the sites needs {:.2} x the central average stock",
            w.stock_factor()
        );
    }
    Ok(())
}
