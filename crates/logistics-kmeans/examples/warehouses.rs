//! Where should the shop put k warehouses? Demand-weighted great-circle placement on a locations
//! file (id, lat, lon, weight), with per-site reports and a cost-driven choice of k.
//!
//! ```sh
//! # The UCI Online Retail destination countries (CC BY 4.0), weighted by units shipped:
//! cargo run --release -p logistics-kmeans --example warehouses
//! # Any locations file: path, id column, weight column, k range, radius km.
//! cargo run --release -p logistics-kmeans --example warehouses -- customers.csv id demand 2 6 500
//! ```

use std::error::Error;

use ecom_core::LocationsSchema;
use logistics_kmeans::{GeoKMeans, SiteCosts, choose_k_by_cost};

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let default = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/data/online-retail/country_demand.csv"
    );
    let path = args.first().map_or(default, String::as_str);
    let id = args.get(1).map_or("country", String::as_str);
    let weight = args.get(2).map_or("units", String::as_str);
    let k_lo: usize = args.get(3).map_or(Ok(2), |s| s.parse())?;
    let k_hi: usize = args.get(4).map_or(Ok(5), |s| s.parse())?;
    let radius: f64 = args.get(5).map_or(Ok(1000.0), |s| s.parse())?;

    let locs = LocationsSchema::default()
        .id_column(id)
        .weight_column(weight)
        .load(path)?;
    let points = locs.to_point_set()?;
    println!(
        "{} locations, total {weight} {}",
        locs.ids.len(),
        points.total_weight()
    );

    for k in k_lo..=k_hi {
        let model = GeoKMeans::new(k).fit(&points)?;
        println!(
            "\nk = {k}: demand-weighted mean distance {:.1} km, {:.1}% of demand within {radius} km, max {:.0} km",
            model.weighted_mean_km(),
            100.0 * model.share_within(radius),
            model.max_km()
        );
        let mut reports = model.site_reports(radius)?;
        reports.sort_by(|a, b| b.demand.total_cmp(&a.demand));
        for r in reports {
            let nearest = r
                .customers
                .iter()
                .min_by(|&&a, &&b| model.distances_km()[a].total_cmp(&model.distances_km()[b]))
                .map_or("-", |&i| locs.ids[i].as_str());
            let served: Vec<&str> = r.customers.iter().map(|&i| locs.ids[i].as_str()).collect();
            println!(
                "  site ({:7.3}, {:8.3}) near {nearest:<15} demand {:>5.1}% mean {:>6.0} km max {:>6.0} km within {:>5.1}%  serves {}",
                r.location.lat(),
                r.location.lon(),
                100.0 * r.demand_share,
                r.mean_km,
                r.max_km,
                100.0 * r.share_within_radius,
                served.join(", ")
            );
        }
    }

    // Illustrative costs: 250,000 per warehouse per year, 0.0002 per unit per km.
    let costs = SiteCosts::new(250_000.0, 0.0002)?;
    let curve = choose_k_by_cost(&GeoKMeans::new(1), &points, 1..=k_hi.max(1), costs)?;
    println!(
        "\ncost-driven choice (fixed {} per site, {} per unit-km):",
        costs.fixed_per_site(),
        costs.per_unit_km()
    );
    for c in &curve.costs {
        println!(
            "  k = {}: fixed {:>12.0} transport {:>12.0} total {:>12.0}",
            c.k, c.fixed, c.transport, c.total
        );
    }
    println!("  best k = {}", curve.best_k());
    Ok(())
}
