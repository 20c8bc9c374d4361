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

use ecom_core::{SalesSchema, TimeSeries};
use forecast_arima::{Arima, AutoArima, DEFAULT_LEVELS, forecast_batch};

#[path = "../benches/support/mod.rs"]
mod support;
use support::{SEED, fixture, simulated_series};

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

fn main() {
    let mut args = std::env::args().skip(1);
    let out = std::path::PathBuf::from(args.next().expect("usage: speed OUT_DIR [N_SERIES]"));
    let n_series: usize = args.next().map_or(1000, |s| s.parse().expect("N_SERIES"));
    std::fs::create_dir_all(&out).unwrap();

    let nile = fixture("nile");
    let air = fixture("airpassengers_log");
    let arima111 = Arima::new(1, 1, 1);
    let airline = Arima::new(0, 1, 1).with_seasonal(0, 1, 1, 12);
    let t111 = time_fit(&arima111, &nile, 200);
    let tair = time_fit(&airline, &air, 50);
    let ll111 = arima111.fit_slice(&nile).unwrap().loglik();
    let llair = airline.fit_slice(&air).unwrap().loglik();

    let series = simulated_series(n_series, 120, SEED);
    let mut csv = std::fs::File::create(out.join("series.csv")).unwrap();
    for s in &series {
        let line: Vec<String> = s.iter().map(|v| format!("{v:.17e}")).collect();
        writeln!(csv, "{}", line.join(",")).unwrap();
    }
    let ts: Vec<TimeSeries> = series
        .iter()
        .map(|s| TimeSeries::new(s.clone()).unwrap().with_period(12).unwrap())
        .collect();
    let auto = AutoArima::default().with_period(12);
    // One thread, series after series.
    let t = Instant::now();
    let fits: Vec<_> = series.iter().map(|s| auto.fit_slice(s)).collect();
    let t_seq = t.elapsed().as_secs_f64();
    // All cores via the batch API.
    let t = Instant::now();
    let batch = forecast_batch(&auto, &ts, 12, &DEFAULT_LEVELS);
    let t_par = t.elapsed().as_secs_f64();
    let failures =
        fits.iter().filter(|f| f.is_err()).count() + batch.iter().filter(|f| f.is_err()).count();
    // The real shop data: 40 SKUs of daily sales (period 7), one thread.
    let retail_path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/data/online-retail/daily_sales_top40.csv"
    );
    let retail = SalesSchema::default()
        .id_column("sku")
        .quantity_column("units")
        .load(retail_path)
        .unwrap();
    let retail_series: Vec<Vec<f64>> = retail
        .series
        .iter()
        .map(|s| s.series.values().to_vec())
        .collect();
    let auto7 = AutoArima::default().with_period(7);
    let t = Instant::now();
    let retail_fits: Vec<_> = retail_series.iter().map(|s| auto7.fit_slice(s)).collect();
    let t_retail = t.elapsed().as_secs_f64();
    let mut retail_csv = std::fs::File::create(out.join("retail.csv")).unwrap();
    for s in &retail_series {
        let line: Vec<String> = s.iter().map(|v| format!("{v}")).collect();
        writeln!(retail_csv, "{}", line.join(",")).unwrap();
    }
    let describe = |fits: &[forecast_arima::Result<forecast_arima::FittedArima>]| -> Vec<String> {
        fits.iter()
            .map(|f| match f {
                Ok(m) => format!(
                    "{{\"order\":[{},{},{}],\"seasonal\":[{},{},{}],\"aicc\":{}}}",
                    m.order().p,
                    m.order().d,
                    m.order().q,
                    m.seasonal_order().p,
                    m.seasonal_order().d,
                    m.seasonal_order().q,
                    // A constant series has no criterion (σ² = 0): JSON null, not NaN.
                    m.aicc().map_or_else(|| "null".into(), |v| v.to_string())
                ),
                Err(_) => "null".into(),
            })
            .collect()
    };
    let models = describe(&fits);
    let retail_models = describe(&retail_fits);
    let json = format!(
        "{{\"threads\":{},\"arima111_nile_s\":{t111},\"arima111_nile_loglik\":{ll111},\
\"airline_s\":{tair},\"airline_loglik\":{llair},\"n_series\":{n_series},\"auto_seq_s\":{t_seq},\
\"auto_par_s\":{t_par},\"failures\":{failures},\"models\":[{}],\"retail_s\":{t_retail},\
\"retail_models\":[{}]}}",
        rayon::current_num_threads(),
        models.join(","),
        retail_models.join(",")
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
