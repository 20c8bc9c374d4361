//! Deterministic simulated series for property tests and benches.
#![allow(dead_code, unreachable_pub)]

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};

/// ARIMA(1,d,1)(0,D,0)s-like series: ARMA(1,1) noise, integrated `d` times, plus a seasonal
/// pattern of amplitude `season_amp` at period `s` and a level.
#[allow(clippy::too_many_arguments)]
pub fn simulate(
    seed: u64,
    n: usize,
    phi: f64,
    theta: f64,
    d: usize,
    s: usize,
    season_amp: f64,
    level: f64,
) -> Vec<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let normal = Normal::new(0.0, 1.0).unwrap();
    let burn = 50;
    let mut w = vec![0.0; n + burn];
    let mut e_prev = 0.0;
    for t in 1..n + burn {
        let e = normal.sample(&mut rng);
        w[t] = phi * w[t - 1] + e + theta * e_prev;
        e_prev = e;
    }
    let mut y: Vec<f64> = w[burn..].to_vec();
    for _ in 0..d {
        let mut acc = 0.0;
        for v in y.iter_mut() {
            acc += *v;
            *v = acc;
        }
    }
    let pattern: Vec<f64> = (0..s.max(1))
        .map(|_| rng.random_range(-1.0..1.0) * season_amp)
        .collect();
    for (t, v) in y.iter_mut().enumerate() {
        *v += level + pattern[t % s.max(1)];
    }
    y
}
