//! Model choice by rolling-origin backtest on the real Online Retail daily sales (40 SKUs),
//! scored on 28-day holdouts the selection never sees: which model wins per SKU, and the
//! median holdout MASE of the selection against AutoARIMA alone, every candidate alone, and
//! the best candidate per SKU picked with hindsight.
//!
//! ```text
//! cargo run --release -p forecast-arima --example select_retail -- \
//!     [path/to/daily_sales.csv] [--holdouts K] [--backtest HORIZON WINDOWS STEP] [--cost] [--with-auto] [--drop NAME]...
//! ```
//!
//! `--holdouts K` also scores the K − 1 earlier 28-day holdouts (each one's training data end
//! where it starts), for a less noisy comparison than one holdout; `--holdouts 0` only times
//! the production run (select and forecast every SKU on all its data, SKUs in parallel).
//! `--cost` adds the time each candidate's backtest takes over all the SKUs; `--with-auto`
//! adds AutoARIMA to the standard candidates (left out of them for its cost); `--drop NAME`
//! (e.g. `--drop Holt`) leaves a candidate out.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use ecom_core::{SalesSchema, TimeSeries};
use forecast_arima::{
    AutoArima, Backtest, BacktestSelector, FittedModel, Forecaster, forecast_history, score,
};

/// Holdout length: four weeks.
const HOLDOUT: usize = 28;
const PERIOD: usize = 7;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        0.5 * (v[n / 2 - 1] + v[n / 2])
    }
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

/// Holdout MASE of a forecast, scaled by the training data's seasonal naive error.
fn holdout_mase(train: &TimeSeries, actual: &[f64], forecast: &[f64]) -> f64 {
    score(actual, forecast, train.values(), PERIOD)
        .expect("finite forecasts")
        .mase
        .expect("the training data are not periodic")
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/data/online-retail/daily_sales_top40.csv"
    )
    .to_owned();
    let mut holdouts = 1;
    let mut cost = false;
    let mut drop: Vec<String> = Vec::new();
    let mut with_auto = false;
    let mut selector = BacktestSelector::default();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut next = || {
            args.next()
                .ok_or("missing value")
                .and_then(|v| v.parse::<usize>().map_err(|_| "not a number"))
        };
        match a.as_str() {
            "--holdouts" => holdouts = next()?,
            "--cost" => cost = true,
            "--with-auto" => with_auto = true,
            "--drop" => drop.push(args.next().ok_or("missing candidate name")?),
            "--backtest" => {
                selector = selector
                    .with_horizon(next()?)
                    .with_windows(next()?)
                    .with_step(next()?);
            }
            _ => path = a,
        }
    }
    let history = SalesSchema::default()
        .id_column("sku")
        .quantity_column("units")
        .load(&path)?;
    // The standard candidates and AutoARIMA, each scored alone for comparison.
    let mut all = BacktestSelector::standard_candidates(PERIOD);
    all.push(AutoArima::default().with_period(PERIOD).into());
    let candidates: Vec<_> = all
        .iter()
        .filter(|c| with_auto || c.to_string() != "AutoARIMA")
        .filter(|c| !drop.contains(&c.to_string()))
        .cloned()
        .collect();
    if with_auto || !drop.is_empty() {
        selector = selector.with_candidates(candidates.clone());
    }
    println!(
        "{} SKUs; selection by backtest (horizon {}, {} windows, step {}) over {} candidates; \
         {HOLDOUT}-day holdouts",
        history.series.len(),
        selector.horizon(),
        selector.windows(),
        selector.step(),
        candidates.len()
    );
    let mut summary = Vec::new();
    for k in 0..holdouts {
        let shift = k * HOLDOUT;
        let mut alone: BTreeMap<String, Vec<f64>> = BTreeMap::new();
        let mut chosen = Vec::new();
        let mut wins: BTreeMap<String, usize> = BTreeMap::new();
        let mut elapsed = Duration::ZERO;
        if k == 0 {
            println!(
                "{:<8} {:<24} {:>8} {:>8} {:>9}",
                "sku", "chosen (fitted)", "bt MASE", "holdout", "AutoARIMA"
            );
        }
        for s in &history.series {
            let n = s.series.len() - shift;
            let train = s.series.slice(0..n - HOLDOUT)?;
            let actual = &s.series.values()[n - HOLDOUT..n];
            let t = Instant::now();
            let fit = selector.fit(&train)?;
            elapsed += t.elapsed();
            let m = holdout_mase(&train, actual, &fit.forecast(HOLDOUT, &[])?.mean);
            chosen.push(m);
            *wins.entry(fit.chosen().to_string()).or_default() += 1;
            for c in &all {
                let f = c.fit_series(&train)?.forecast(HOLDOUT, &[])?;
                alone
                    .entry(c.to_string())
                    .or_default()
                    .push(holdout_mase(&train, actual, &f.mean));
            }
            if k == 0 {
                println!(
                    "{:<8} {:<24} {:>8.3} {:>8.3} {:>9.3}",
                    s.id,
                    fit.model().to_string(),
                    fit.score().mean,
                    m,
                    alone["AutoARIMA"].last().unwrap()
                );
            }
        }
        let skus = chosen.len();
        let oracle: Vec<f64> = (0..skus)
            .map(|i| alone.values().map(|v| v[i]).fold(f64::INFINITY, f64::min))
            .collect();
        println!("\nholdout ending {shift} days before the end of the data; wins: {wins:?}");
        println!(
            "  {:<22} median MASE {:.3}, mean {:.3} ({elapsed:.2?} for {skus} SKUs)",
            "selection",
            median(chosen.clone()),
            mean(&chosen)
        );
        for (name, v) in &alone {
            println!(
                "  {:<22} median MASE {:.3}, mean {:.3}",
                format!("{name} alone"),
                median(v.clone()),
                mean(v)
            );
        }
        println!(
            "  {:<22} median MASE {:.3}",
            "best per SKU (hindsight)",
            median(oracle.clone())
        );
        summary.push((
            median(chosen),
            median(alone["AutoARIMA"].clone()),
            median(oracle),
        ));
    }
    if holdouts > 1 {
        let avg = |f: fn(&(f64, f64, f64)) -> f64| mean(&summary.iter().map(f).collect::<Vec<_>>());
        println!(
            "\nmedian MASE averaged over {holdouts} holdouts: selection {:.3}, AutoARIMA {:.3}, hindsight {:.3}",
            avg(|s| s.0),
            avg(|s| s.1),
            avg(|s| s.2)
        );
    }
    // What production runs: every SKU selected and forecast on all its data, SKUs in
    // parallel, and what each candidate's backtest costs over the 40 SKUs.
    let t = Instant::now();
    let forecasts = forecast_history(&selector, &history, HOLDOUT, &[80.0, 95.0]);
    let batch = t.elapsed();
    let failed = forecasts.iter().filter(|(_, f)| f.is_err()).count();
    println!(
        "\nselect + forecast {HOLDOUT} days for all {} SKUs in parallel: {batch:.2?} ({failed} failed)",
        forecasts.len()
    );
    if !cost {
        return Ok(());
    }
    let backtest = Backtest::new(selector.horizon())
        .with_windows(selector.windows())
        .with_step(selector.step())
        .with_season_length(PERIOD);
    for c in &candidates {
        let t = Instant::now();
        for s in &history.series {
            backtest.run(c, &s.series)?;
        }
        println!("  backtest of {c:<18} over all SKUs: {:.2?}", t.elapsed());
    }
    Ok(())
}
