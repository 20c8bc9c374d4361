//! The design notes' warehouse layout, done right.
//!
//! ```text
//! cargo run --release --example warehouse_sites
//! ```
//!
//! The notes clustered random one-dimensional "locations" of items into three centres. Warehouse
//! placement is about where the *demand* is: here the real destinations of a UK online shop's
//! orders (UCI Online Retail, CC BY 4.0), weighted by units shipped, on the sphere, in km.

use ecom_supply::LocationsSchema;
use ecom_supply::kmeans::{GeoKMeans, SiteCosts, choose_k_by_cost};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/online-retail/country_demand.csv"
    );
    let locations = LocationsSchema::default()
        .id_column("country")
        .weight_column("units")
        .load(path)?;
    let demand = locations.to_point_set()?;
    println!(
        "{} destination countries, {:.0} units shipped",
        locations.ids.len(),
        demand.total_weight()
    );

    // Three sites, as in the notes, but weighted by demand and measured in km.
    let model = GeoKMeans::new(3).seed(0).fit(&demand)?;
    println!(
        "\nthree sites: demand-weighted mean distance {:.0} km",
        model.weighted_mean_km()
    );
    for r in model.site_reports(1000.0)? {
        let served: Vec<&str> = r
            .customers
            .iter()
            .map(|&i| locations.ids[i].as_str())
            .collect();
        println!(
            "  ({:>7.2}, {:>7.2})  {:>5.1} % of demand, {:>3.0} % within 1000 km: {}",
            r.location.lat(),
            r.location.lon(),
            100.0 * r.demand_share,
            100.0 * r.share_within_radius,
            served.join(", ")
        );
    }

    // How many sites pay for themselves? 250,000 a year per site against 0.0002 per unit-km.
    let curve = choose_k_by_cost(
        &GeoKMeans::new(1),
        &demand,
        1..=6,
        SiteCosts::new(250_000.0, 0.0002)?,
    )?;
    println!("\nk  fixed      transport  total");
    for c in &curve.costs {
        println!(
            "{}  {:>9.0}  {:>9.0}  {:>9.0}",
            c.k, c.fixed, c.transport, c.total
        );
    }
    println!("cheapest: {} sites", curve.best_k());
    assert_eq!(curve.best_k(), 2, "the UK plus one Asia-Pacific site");
    Ok(())
}
