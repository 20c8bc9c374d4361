//! Real shop data: daily sales of 8 SKUs (zeros on Saturdays and over Christmas), as the
//! planning pipeline will feed them to auto-ARIMA.

use ecom_core::SalesSchema;
use forecast_arima::{AutoArima, Backtest, DEFAULT_LEVELS, SeasonalNaive, forecast_batch};

fn load() -> Vec<ecom_core::TimeSeries> {
    let path = ecom_testing::data_path(env!("CARGO_MANIFEST_DIR"), "online_retail_8skus.csv");
    let history = SalesSchema::default()
        .id_column("sku")
        .quantity_column("units")
        .load(path)
        .unwrap();
    history.series.into_iter().map(|s| s.series).collect()
}

#[test]
fn auto_arima_forecasts_every_sku_with_finite_nested_intervals() {
    let series = load();
    assert_eq!(series.len(), 8);
    assert_eq!(series[0].period(), Some(7));
    let out = forecast_batch(&AutoArima::default(), &series, 28, &DEFAULT_LEVELS);
    for (y, f) in series.iter().zip(&out) {
        let f = f.as_ref().expect("every SKU gets a model");
        let max = y.values().iter().fold(0.0f64, |m, v| m.max(*v));
        let (i80, i95) = (&f.intervals[0], &f.intervals[1]);
        for k in 0..28 {
            assert!(f.mean[k].is_finite() && f.mean[k].abs() < 3.0 * max);
            assert!(i95.lower[k].is_finite() && i95.upper[k].is_finite());
            assert!(i95.lower[k] <= i80.lower[k] && i80.lower[k] <= f.mean[k]);
            assert!(f.mean[k] <= i80.upper[k] && i80.upper[k] <= i95.upper[k]);
        }
    }
}

#[test]
fn auto_arima_beats_the_weekly_seasonal_naive_in_a_backtest() {
    let series = load();
    let bt = Backtest::new(7).with_windows(4).with_season_length(7);
    let mase = |r: forecast_arima::Result<forecast_arima::BacktestReport>| {
        r.unwrap().metrics.mase.unwrap()
    };
    let auto: f64 = series
        .iter()
        .map(|y| mase(bt.run(&AutoArima::default(), y)))
        .sum::<f64>()
        / 8.0;
    let naive: f64 = series
        .iter()
        .map(|y| mase(bt.run(&SeasonalNaive::new(7).unwrap(), y)))
        .sum::<f64>()
        / 8.0;
    assert!(
        auto < naive,
        "auto-ARIMA MASE {auto:.3} vs seasonal naive {naive:.3}"
    );
}
