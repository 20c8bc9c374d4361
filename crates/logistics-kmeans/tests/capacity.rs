//! Capacitated assignment on US cities weighted by population.

mod common;

use logistics_kmeans::{Capacity, GeoKMeans};

#[test]
fn capacities_hold_and_cost_little_when_loose() {
    let pts = common::us_cities_latlon();
    let model = GeoKMeans::new(5).n_init(3).fit(&pts).unwrap();
    let total = pts.total_weight();
    let loads = model.site_weights();
    let peak = loads.iter().copied().fold(0.0, f64::max);

    // A capacity above every load changes nothing.
    let loose = model
        .with_capacity(&Capacity::Uniform(peak * 1.01))
        .unwrap();
    assert_eq!(loose.labels(), model.labels());

    // Tight: 24% of demand per site (120% of the total over 5 sites).
    let cap = 0.24 * total;
    let tight = model.with_capacity(&Capacity::Uniform(cap)).unwrap();
    for (j, l) in tight.site_weights().iter().enumerate() {
        assert!(*l <= cap * (1.0 + 1e-12), "site {j}: {l} > {cap}");
    }
    assert_eq!(tight.sites(), model.sites());
    // Cost goes up, but by a bounded amount (no silly long hauls).
    let up = tight.weighted_sum_km() / model.weighted_sum_km();
    println!(
        "peak load {:.1}% of demand; capped at 24%: demand-km x {up:.3}, max {:.0} km -> {:.0} km",
        100.0 * peak / total,
        model.max_km(),
        tight.max_km()
    );
    assert!((1.0..2.0).contains(&up), "{up}");
    // Every customer sits at one of its sites, distances consistent with the labels.
    for i in 0..pts.len() {
        let d = tight
            .customer(i)
            .distance_km(&tight.sites()[tight.labels()[i]]);
        assert!((d - tight.distances_km()[i]).abs() < 1e-9);
    }
}
