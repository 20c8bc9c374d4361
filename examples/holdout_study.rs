//! The forecast accuracy protocol of issue 15, on the retailer's 40 SKUs: for several 28-day
//! holdouts in late 2011, fit on everything before, forecast 28 days, clip at 0, and score
//! MASE (scaled by the in-sample seasonal-naive error, m = 7) and 95 % interval coverage.
//!
//! ```text
//! cargo run --release --example holdout_study                 # every method
//! cargo run --release --example holdout_study -- arima select # some of them
//! ```
//!
//! Method groups: `arima` (auto-ARIMA, without and with the calendar: the `ecom forecast`
//! default), `ets` (AutoETS), `theta`, `select` (the rolling-origin selector over the standard
//! candidates, then with AutoETS and AutoARIMA added), `combo` (means and interval bounds of
//! ARIMA and ETS averaged), `weekdays` (the calendar without its closed dates, which then count
//! as zero sales). Each method is one forecaster applied to every SKU; the calendar is
//! detected from the training part only, so nothing is learnt from the holdout.
//! `examples/reference/holdout_statsforecast.py` runs statsforecast on the same windows.

use std::time::Instant;

use ecom_supply::forecast::{
    AutoArima, AutoEts, BacktestSelector, Forecaster, ModelSpec, OnTradingDays, Theta,
    forecast_batch, score,
};
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
    score_forecasts(
        forecasts
            .into_iter()
            .map(|f| f.expect("every SKU forecasts"))
            .collect(),
        seconds,
        train,
        test,
    )
}

/// Quantile averaging: the mean of the members' means and of their interval bounds.
fn combine(members: &[Vec<ecom_supply::Forecast>]) -> Vec<ecom_supply::Forecast> {
    let k = members.len() as f64;
    (0..members[0].len())
        .map(|i| {
            let mut f = members[0][i].clone();
            for t in 0..f.mean.len() {
                f.mean[t] = members.iter().map(|m| m[i].mean[t]).sum::<f64>() / k;
                for (j, iv) in f.intervals.iter_mut().enumerate() {
                    iv.lower[t] = members
                        .iter()
                        .map(|m| m[i].intervals[j].lower[t])
                        .sum::<f64>()
                        / k;
                    iv.upper[t] = members
                        .iter()
                        .map(|m| m[i].intervals[j].upper[t])
                        .sum::<f64>()
                        / k;
                }
            }
            f
        })
        .collect()
}

fn forecasts<F: Forecaster>(model: &F, train: &[TimeSeries]) -> Vec<ecom_supply::Forecast> {
    forecast_batch(model, train, HORIZON, &[95.0])
        .into_iter()
        .map(|f| f.expect("every SKU forecasts"))
        .collect()
}

fn score_forecasts(
    forecasts: Vec<ecom_supply::Forecast>,
    seconds: f64,
    train: &[TimeSeries],
    test: &[&[f64]],
) -> Score {
    let mut mase = Vec::new();
    let (mut inside, mut total) = (0usize, 0usize);
    for ((f, y), actual) in forecasts.into_iter().zip(train).zip(test) {
        let f = f.clip_min(0.0);
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
        let with = |extra: Vec<ModelSpec>| {
            let mut c = BacktestSelector::standard_candidates(calendar.open_weekdays().max(1));
            c.extend(extra);
            OnTradingDays::new(
                BacktestSelector::default().with_candidates(c),
                calendar.clone(),
            )
        };
        let only = |names: &[&str]| {
            std::env::args().len() < 2 || names.iter().any(|n| std::env::args().any(|a| a == *n))
        };
        let mut methods: Vec<(&str, Score)> = Vec::new();
        if only(&["arima"]) {
            methods.push(("auto-arima", evaluate(&AutoArima::default(), &train, &test)));
            methods.push((
                "auto-arima, calendar",
                evaluate(
                    &OnTradingDays::new(AutoArima::default(), calendar.clone()),
                    &train,
                    &test,
                ),
            ));
        }
        if only(&["weekdays"]) {
            let weekdays = TradingCalendar::new(calendar.closed_weekdays(), []).expect("valid");
            methods.push((
                "arima, closed wkdays",
                evaluate(
                    &OnTradingDays::new(AutoArima::default(), weekdays.clone()),
                    &train,
                    &test,
                ),
            ));
            methods.push((
                "ets, closed wkdays",
                evaluate(
                    &OnTradingDays::new(AutoEts::default(), weekdays.clone()),
                    &train,
                    &test,
                ),
            ));
            methods.push((
                "select, closed wkdays",
                evaluate(
                    &OnTradingDays::new(BacktestSelector::default(), weekdays),
                    &train,
                    &test,
                ),
            ));
        }
        if only(&["ets"]) {
            methods.push(("auto-ets", evaluate(&AutoEts::default(), &train, &test)));
            methods.push((
                "auto-ets, calendar",
                evaluate(
                    &OnTradingDays::new(AutoEts::default(), calendar.clone()),
                    &train,
                    &test,
                ),
            ));
        }
        if only(&["theta"]) {
            methods.push((
                "theta, calendar",
                evaluate(
                    &OnTradingDays::new(Theta::default(), calendar.clone()),
                    &train,
                    &test,
                ),
            ));
        }
        if only(&["combo"]) {
            let start = Instant::now();
            let a = forecasts(
                &OnTradingDays::new(AutoArima::default(), calendar.clone()),
                &train,
            );
            let e = forecasts(
                &OnTradingDays::new(AutoEts::default(), calendar.clone()),
                &train,
            );
            let t = forecasts(
                &OnTradingDays::new(Theta::default(), calendar.clone()),
                &train,
            );
            let secs = start.elapsed().as_secs_f64();
            methods.push((
                "arima+ets+theta",
                score_forecasts(combine(&[a.clone(), e.clone(), t]), secs, &train, &test),
            ));
            methods.push((
                "arima+ets",
                score_forecasts(combine(&[a, e]), secs, &train, &test),
            ));
        }
        if only(&["select"]) {
            methods.push((
                "select std, calendar",
                evaluate(&with(vec![]), &train, &test),
            ));
            methods.push((
                "select +ets, calendar",
                evaluate(&with(vec![AutoEts::default().into()]), &train, &test),
            ));
            methods.push((
                "select +ets+arima, cal",
                evaluate(
                    &with(vec![AutoEts::default().into(), AutoArima::default().into()]),
                    &train,
                    &test,
                ),
            ));
        }
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
