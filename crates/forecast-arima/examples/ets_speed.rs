//! Times `AutoEts` (period 7) on the 40 SKUs of the Online Retail daily sales and prints, per
//! SKU, the median and the fastest seconds of one fit, the chosen model and its AICc as JSON
//! lines (the fastest repeat is the steadier number on a shared, loaded machine).
//!
//! ```text
//! cargo run --release -p forecast-arima --example ets_speed [path/to/daily_sales.csv]
//! ```
//! Normally run through `benches/reference/time_ets.py`, which times statsforecast's
//! `AutoETS(season_length=7)` on the same series in the same run and prints the ratios.

use std::time::Instant;

use ecom_core::SalesSchema;
use forecast_arima::AutoEts;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../examples/data/online-retail/daily_sales_top40.csv"
        )
        .to_owned()
    });
    let history = SalesSchema::default()
        .id_column("sku")
        .quantity_column("units")
        .load(&path)?;
    let spec = AutoEts::default().with_period(7);
    for named in &history.series {
        let y = named.series.values();
        let fit = spec.fit_slice(y)?;
        // Repeat for at least 0.2 s so the median is stable.
        let mut reps = Vec::new();
        let start = Instant::now();
        while reps.len() < 5 || start.elapsed().as_secs_f64() < 0.2 {
            let t = Instant::now();
            std::hint::black_box(spec.fit_slice(y)?);
            reps.push(t.elapsed().as_secs_f64());
        }
        reps.sort_by(f64::total_cmp);
        println!(
            "{{\"series\": \"{}\", \"n\": {}, \"seconds\": {:e}, \"min_seconds\": {:e}, \"model\": \"{}\", \"aicc\": {}}}",
            named.id,
            y.len(),
            reps[reps.len() / 2],
            reps[0],
            fit.model(),
            fit.aicc()
        );
    }
    Ok(())
}
