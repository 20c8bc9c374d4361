//! Times the three exact iterations (Lloyd, Hamerly, Elkan) on one thread from the same random
//! initialisation, run until no label changes (`tol = 0`), which is how `Algorithm::Auto` was
//! chosen (docs/BENCHMARKS.md). All three
//! follow identical paths from the same seed, so only the cost per iteration differs; the
//! example checks that they reach the same inertia.
//!
//! ```sh
//! cargo run --release -p logistics-kmeans --example algorithm_choice
//! ```

#[path = "../tests/common/blobs.rs"]
mod blobs;

use std::time::Instant;

use ecom_core::PointSet;
use logistics_kmeans::{Algorithm, Init, KMeans};

/// Rows of a numeric CSV with a header; with `weighted`, the last column is the weight.
fn read_csv(name: &str, weighted: bool) -> PointSet {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut values = Vec::new();
    let mut weights = Vec::new();
    let mut dim = 0;
    for line in text.lines().skip(1).filter(|l| !l.is_empty()) {
        let mut row: Vec<f64> = line
            .split(',')
            .map(|v| v.parse().expect("number"))
            .collect();
        if weighted {
            weights.push(row.pop().expect("weight column"));
        }
        dim = row.len();
        values.extend(row);
    }
    let points = PointSet::new(values, dim).expect("finite");
    if weighted {
        points.with_weights(weights).expect("non-negative")
    } else {
        points
    }
}

fn blobs(n: usize, d: usize, centres: usize) -> PointSet {
    PointSet::new(blobs::make_blobs(n, d, centres, 3, true), d).expect("finite")
}

fn main() {
    let cases: Vec<(&str, PointSet, usize)> = vec![
        (
            "blobs 10k x 2 (8 overlapping)",
            read_csv("blobs_10k_2d_8c.csv", false),
            8,
        ),
        (
            "US cities 3,407 x 2, weighted",
            read_csv("us_cities_pop_latlon.csv", true),
            10,
        ),
        ("blobs 10k x 2", read_csv("blobs_10k_2d_8c.csv", false), 16),
        ("blobs 10k x 2", read_csv("blobs_10k_2d_8c.csv", false), 24),
        ("blobs 10k x 2", read_csv("blobs_10k_2d_8c.csv", false), 32),
        ("blobs 10k x 2", read_csv("blobs_10k_2d_8c.csv", false), 50),
        ("blobs 100k x 3 (20 centres)", blobs(100_000, 3, 20), 20),
        ("blobs 100k x 3", blobs(100_000, 3, 20), 100),
        ("blobs 100k x 4", blobs(100_000, 4, 20), 20),
        ("blobs 100k x 8", blobs(100_000, 8, 20), 20),
        ("digits 1,797 x 64", read_csv("digits.csv", false), 10),
        ("digits 1,797 x 64", read_csv("digits.csv", false), 40),
    ];
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("thread pool");
    println!("| data | k | Lloyd | Hamerly | Elkan |");
    println!("|---|---|---|---|---|");
    for (name, points, k) in &cases {
        let mut cells = Vec::new();
        let mut inertias = Vec::new();
        for algorithm in [Algorithm::Lloyd, Algorithm::Hamerly, Algorithm::Elkan] {
            let spec = KMeans::new(*k)
                .init(Init::Random)
                .n_init(1)
                .seed(0)
                .tol(0.0)
                .algorithm(algorithm);
            let mut best = f64::INFINITY;
            for _ in 0..5 {
                let start = Instant::now();
                let model = pool.install(|| spec.fit(points)).expect("fit");
                best = best.min(start.elapsed().as_secs_f64());
                inertias.push(model.inertia());
            }
            cells.push(best * 1e3);
        }
        let spread = inertias
            .iter()
            .fold(0.0f64, |m, v| m.max((v / inertias[0] - 1.0).abs()));
        assert!(
            spread < 1e-9,
            "{name}, k = {k}: the algorithms disagree ({inertias:?})"
        );
        let fastest = cells.iter().copied().fold(f64::INFINITY, f64::min);
        let cell = |ms: f64| {
            if ms == fastest {
                format!("**{ms:.1}**")
            } else {
                format!("{ms:.1}")
            }
        };
        println!(
            "| {name} | {k} | {} | {} | {} |",
            cell(cells[0]),
            cell(cells[1]),
            cell(cells[2])
        );
    }
}
