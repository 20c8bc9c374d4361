//! Auto-ARIMA on the real Online Retail daily sales (40 SKUs, weekly cycle, zeros on Saturdays
//! and over Christmas), as the planning pipeline will run it: every SKU in parallel, then a
//! rolling-origin backtest against the baselines.
//!
//! ```text
//! cargo run --release -p forecast-arima --example retail_auto [path/to/daily_sales.csv]
//! ```

use std::time::Instant;

use ecom_core::{SalesSchema, TimeSeries};
use forecast_arima::{
    AutoArima, Backtest, MovingAverage, SeasonalNaive, SimpleExpSmoothing, fit_batch,
};

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
    let series: Vec<TimeSeries> = history.series.iter().map(|s| s.series.clone()).collect();
    println!(
        "{} SKUs of {} data, period {:?}",
        series.len(),
        history.frequency,
        series[0].period()
    );

    let auto = AutoArima::default();
    let t = Instant::now();
    let fits = fit_batch(&auto, &series);
    let elapsed = t.elapsed();
    let mut ok = 0;
    println!(
        "{:<8} {:>4} {:>22} {:>10} {:>9} {:>9}  conv",
        "sku", "n", "model", "AICc", "mean h1", "95% w h1"
    );
    for (s, fit) in history.series.iter().zip(&fits) {
        match fit {
            Ok(f) => {
                let fc = f.forecast(14, &[80.0, 95.0])?;
                let finite = fc
                    .mean
                    .iter()
                    .chain(&fc.intervals[1].lower)
                    .chain(&fc.intervals[1].upper)
                    .all(|v| v.is_finite());
                ok += usize::from(finite);
                println!(
                    "{:<8} {:>4} {:>22} {:>10.1} {:>9.1} {:>9.1}  {}",
                    s.id,
                    s.series.len(),
                    format!(
                        "{}{}{}",
                        f.order(),
                        f.seasonal_order(),
                        if f.trend() == forecast_arima::Trend::None {
                            ""
                        } else {
                            "+c"
                        }
                    ),
                    f.aicc().unwrap_or(f64::NAN),
                    fc.mean[0],
                    fc.intervals[1].upper[0] - fc.intervals[1].lower[0],
                    f.converged()
                );
            }
            Err(e) => println!("{:<8} error: {e}", s.id),
        }
    }
    println!(
        "{ok}/{} SKUs with finite forecasts and intervals; auto selection took {:.2?} on {} threads",
        series.len(),
        elapsed,
        rayon_threads()
    );

    // Four weekly origins, 7-day horizon, MASE against the weekly seasonal naive.
    let bt = Backtest::new(7).with_windows(4).with_season_length(7);
    let mut rows: Vec<(&str, Vec<f64>)> = vec![
        ("auto-ARIMA", vec![]),
        ("seasonal naive", vec![]),
        ("SES", vec![]),
        ("MA(7)", vec![]),
    ];
    for y in &series {
        let scores = [
            bt.run(&auto, y).map(|r| r.metrics.mase),
            bt.run(&SeasonalNaive::new(7)?, y).map(|r| r.metrics.mase),
            bt.run(&SimpleExpSmoothing::default(), y)
                .map(|r| r.metrics.mase),
            bt.run(&MovingAverage::new(7)?, y).map(|r| r.metrics.mase),
        ];
        for (row, s) in rows.iter_mut().zip(scores) {
            if let Ok(Some(m)) = s {
                row.1.push(m);
            }
        }
    }
    println!("backtest (4 origins x 7 days), mean MASE over SKUs:");
    for (name, v) in rows {
        println!(
            "  {name:<15} {:.3} ({} SKUs)",
            v.iter().sum::<f64>() / v.len() as f64,
            v.len()
        );
    }
    Ok(())
}

fn rayon_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}
