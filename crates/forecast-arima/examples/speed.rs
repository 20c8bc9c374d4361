//! Times forecast-arima on the workloads of docs/BENCHMARKS.md and writes the results (and the
//! simulated series, so the Python side times the very same data) as JSON/CSV.
//!
//! ```text
//! cargo run --release -p forecast-arima --example speed -- OUT_DIR [N_SERIES]
//! ```
//! Normally run through `benches/reference/compare.sh`, which also times statsmodels and
//! statsforecast and prints the ratios.

use std::io::Write;
use std::time::Instant;

use ecom_core::TimeSeries;
use forecast_arima::{Arima, AutoArima, DEFAULT_LEVELS, Trend, forecast_batch};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};

/// Log AirPassengers (1949-1960) and the Nile flows, the single-fit workloads.
fn fixture(name: &str) -> Vec<f64> {
    let path = format!("{}/tests/data/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    v["values"].as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect()
}

/// 1,000 (or N) monthly series of length 120 from random seasonal ARIMA processes: a mix of
/// stationary and integrated, with and without seasonal unit roots, level and seasonal pattern.
pub fn simulated_series(n_series: usize, len: usize, seed: u64) -> Vec<Vec<f64>> {
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
                w[t] = phi * w[t - 1] + e[t] + theta * e[t - 1] + sma * e[t - 12] + sma * theta * e[t - 13];
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
            y.iter().enumerate().map(|(t, v)| level + v + pattern[t % 12]).collect()
        })
        .collect()
}

fn median_secs(mut reps: Vec<f64>) -> f64 {
    reps.sort_by(f64::total_cmp);
    reps[reps.len() / 2]
}

fn time_fit(spec: &Arima, y: &[f64], reps: usize) -> f64 {
    let _ = spec.fit_slice(y).unwrap();
    median_secs(
        (0..reps)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(spec.fit_slice(y).unwrap());
                t.elapsed().as_secs_f64()
            })
            .collect(),
    )
}

#[allow(dead_code)]
fn main() {
    let mut args = std::env::args().skip(1);
    let out = std::path::PathBuf::from(args.next().expect("usage: speed OUT_DIR [N_SERIES]"));
    let n_series: usize = args.next().map_or(1000, |s| s.parse().expect("N_SERIES"));
    std::fs::create_dir_all(&out).unwrap();

    let nile = fixture("nile");
    let air = fixture("airpassengers_log");
    let arima111 = Arima::new(1, 1, 1);
    let airline = Arima::new(0, 1, 1).seasonal(0, 1, 1, 12);
    let t111 = time_fit(&arima111, &nile, 200);
    let tair = time_fit(&airline, &air, 50);
    let ll111 = arima111.fit_slice(&nile).unwrap().loglik();
    let llair = airline.fit_slice(&air).unwrap().loglik();
    // Mean-model fit with a constant, on the ten-day example, for completeness.
    let _ = Arima::new(1, 0, 0).trend(Trend::Constant);

    let series = simulated_series(n_series, 120, 20240601);
    let mut csv = std::fs::File::create(out.join("series.csv")).unwrap();
    for s in &series {
        let line: Vec<String> = s.iter().map(|v| format!("{v:.17e}")).collect();
        writeln!(csv, "{}", line.join(",")).unwrap();
    }
    let ts: Vec<TimeSeries> = series
        .iter()
        .map(|s| TimeSeries::new(s.clone()).unwrap().with_period(12).unwrap())
        .collect();
    let auto = AutoArima::default().period(12);
    // One thread, series after series.
    let t = Instant::now();
    let fits: Vec<_> = series.iter().map(|s| auto.fit_slice(s)).collect();
    let t_seq = t.elapsed().as_secs_f64();
    // All cores via the batch API.
    let t = Instant::now();
    let batch = forecast_batch(&auto, &ts, 12, &DEFAULT_LEVELS);
    let t_par = t.elapsed().as_secs_f64();
    let failures = fits.iter().filter(|f| f.is_err()).count() + batch.iter().filter(|f| f.is_err()).count();
    let models: Vec<String> = fits
        .iter()
        .map(|f| match f {
            Ok(m) => format!(
                "{{\"order\":[{},{},{}],\"seasonal\":[{},{},{}],\"aicc\":{}}}",
                m.order().p,
                m.order().d,
                m.order().q,
                m.seasonal_order().p,
                m.seasonal_order().d,
                m.seasonal_order().q,
                m.aicc().unwrap_or(f64::NAN)
            ),
            Err(_) => "null".into(),
        })
        .collect();
    let json = format!(
        "{{\"threads\":{},\"arima111_nile_s\":{t111},\"arima111_nile_loglik\":{ll111},\
\"airline_s\":{tair},\"airline_loglik\":{llair},\"n_series\":{n_series},\"auto_seq_s\":{t_seq},\
\"auto_par_s\":{t_par},\"failures\":{failures},\"models\":[{}]}}",
        rayon::current_num_threads(),
        models.join(",")
    );
    std::fs::write(out.join("rust.json"), json).unwrap();
    println!(
        "forecast-arima: ARIMA(1,1,1) nile {:.1} us, airline {:.3} ms, auto {} series: {:.2} s on 1 thread, {:.2} s on {} threads",
        t111 * 1e6,
        tair * 1e3,
        n_series,
        t_seq,
        t_par,
        rayon::current_num_threads()
    );
}
