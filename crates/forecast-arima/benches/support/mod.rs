//! Data shared by the benches and `examples/speed.rs`: fixture series and the simulated
//! monthly series of the auto-selection workload.
#![allow(dead_code)]

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};

/// Values of a fixture copied into `tests/data/`.
pub(crate) fn fixture(name: &str) -> Vec<f64> {
    let path = format!("{}/tests/data/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    v["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

/// Seed of the auto-selection workload.
pub(crate) const SEED: u64 = 20240601;

/// 1,000 (or N) monthly series of length 120 from random seasonal ARIMA processes: a mix of
/// stationary and integrated, with and without seasonal unit roots, level and seasonal pattern.
pub(crate) fn simulated_series(n_series: usize, len: usize, seed: u64) -> Vec<Vec<f64>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let normal = Normal::new(0.0, 1.0).unwrap();
    (0..n_series)
        .map(|_| {
            let phi: f64 = rng.random_range(-0.8..0.8);
            let theta: f64 = rng.random_range(-0.8..0.8);
            let sma: f64 = rng.random_range(-0.8..0.0);
            let d = usize::from(rng.random_range(0.0..1.0) < 0.6);
            let seasonal_unit_root = rng.random_range(0.0..1.0) < 0.5;
            let amp: f64 = rng.random_range(0.0..6.0);
            let level: f64 = rng.random_range(50.0..500.0);
            let burn = 60;
            let total = len + burn;
            let e: Vec<f64> = (0..total).map(|_| normal.sample(&mut rng)).collect();
            let mut w = vec![0.0; total];
            for t in 13..total {
                w[t] = phi * w[t - 1]
                    + e[t]
                    + theta * e[t - 1]
                    + sma * e[t - 12]
                    + sma * theta * e[t - 13];
            }
            if seasonal_unit_root {
                for t in 12..total {
                    w[t] += w[t - 12];
                }
            }
            let mut y: Vec<f64> = w[burn..].to_vec();
            if d == 1 {
                let mut acc = 0.0;
                for v in y.iter_mut() {
                    acc += *v;
                    *v = acc;
                }
            }
            let pattern: Vec<f64> = (0..12).map(|_| rng.random_range(-1.0..1.0) * amp).collect();
            y.iter()
                .enumerate()
                .map(|(t, v)| level + v + pattern[t % 12])
                .collect()
        })
        .collect()
}
