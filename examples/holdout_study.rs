//! The forecast accuracy protocol of issue 15, on the retailer's 40 SKUs: for several 28-day
//! holdouts in late 2011, fit on everything before, forecast 28 days, clip at 0, and score
//! MASE (scaled by the in-sample seasonal-naive error, m = 7) and 95 % interval coverage.
//!
//! ```text
//! cargo run --release --example holdout_study
//! ```
//!
//! Each method is one forecaster applied to every SKU; the calendar (closed weekdays and dates)
//! is detected from the training part only, so nothing is learnt from the holdout.

use std::time::Instant;

use ecom_supply::forecast::{AutoArima, Forecaster, OnTradingDays, forecast_batch, score};
use ecom_supply::{SalesSchema, TimeSeries, TradingCalendar};

const HORIZON: usize = 28;
/// Holdouts end this many days before the last day of the data (2011-12-09).
const ORIGIN_OFFSETS: [usize; 5] = [28, 21, 14, 7, 0];

struct Score {
    median_mase: f64,
    coverage95: f64,
    seconds: f64,
}

fn evaluate<F: Forecaster>(model: &F, train: &[TimeSeries], test: &[&[f64]]) -> Score {
    let start = Instant::now();
    let forecasts = forecast_batch(model, train, HORIZON, &[95.0]);
    let seconds = start.elapsed().as_secs_f64();
    let mut mase = Vec::new();
    let (mut inside, mut total) = (0usize, 0usize);
    for ((f, y), actual) in forecasts.into_iter().zip(train).zip(test) {
        let f = f.expect("every SKU forecasts").clip_min(0.0);
        let m = score(actual, &f.mean, y.values(), 7).expect("scored");
        mase.push(m.mase.expect("a seasonal-naive scale"));
        let iv = &f.intervals[0];
        for (t, a) in actual.iter().enumerate() {
            inside += usize::from(iv.lower[t] <= *a && *a <= iv.upper[t]);
            total += 1;
        }
    }
    mase.sort_by(f64::total_cmp);
    let n = mase.len();
    let median_mase = if n % 2 == 1 {
        mase[n / 2]
    } else {
        0.5 * (mase[n / 2 - 1] + mase[n / 2])
    };
    Score {
        median_mase,
        coverage95: inside as f64 / total as f64,
        seconds,
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/online-retail/daily_sales_top40.csv"
    );
    let sales = SalesSchema::default()
        .id_column("sku")
        .quantity_column("units")
        .load(file)?;
    println!("origin (last training day)  method                 median_mase  coverage95  seconds");
    for offset in ORIGIN_OFFSETS {
        let mut train = Vec::new();
        let mut test = Vec::new();
        for s in &sales.series {
            let y = &s.series;
            let cut = y.len() - offset - HORIZON;
            train.push(y.slice(0..cut)?);
            test.push(&y.values()[cut..cut + HORIZON]);
        }
        let origin = train[0].date_at(train[0].len() - 1).expect("dated");
        let calendar = TradingCalendar::detect(&train);
        let methods: Vec<(&str, Score)> = vec![
            ("auto-arima", evaluate(&AutoArima::default(), &train, &test)),
            (
                "auto-arima, calendar",
                evaluate(
                    &OnTradingDays::new(AutoArima::default(), calendar.clone()),
                    &train,
                    &test,
                ),
            ),
        ];
        for (name, s) in methods {
            println!(
                "{origin}                  {name:<22} {:>11.4} {:>11.3} {:>8.2}",
                s.median_mase, s.coverage95, s.seconds
            );
        }
        println!("  calendar: {}", calendar.describe());
    }
    Ok(())
}
