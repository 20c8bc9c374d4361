//! The design notes' demand forecast, done right: ARIMA(1,1,1) on their ten days of sales.
//!
//! ```text
//! cargo run --release --example arima_10day
//! ```
//!
//! The notes printed "illustrative" forecasts of 164 to 166.5; the model they describe, fitted
//! by exact maximum likelihood, says otherwise. Reference numbers: statsmodels 0.15 with exact
//! diffuse initialisation (fixture `seed_notes_10day.json`).

use ecom_supply::TimeSeries;
use ecom_supply::forecast::{Arima, AutoArima, Backtest, SimpleExpSmoothing};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sales = [
        150.0, 160.0, 155.0, 165.0, 157.0, 162.0, 159.0, 167.0, 158.0, 163.0,
    ];
    let series = TimeSeries::new(sales.to_vec())?;

    let fit = Arima::new(1, 1, 1).fit(&series)?;
    let c = fit.coefficients();
    println!(
        "ARIMA(1,1,1): ar {:.4}, ma {:.4}, sigma2 {:.3}, loglik {:.4}",
        c.ar[0],
        c.ma[0],
        fit.sigma2(),
        fit.loglik()
    );
    println!(
        "  statsmodels: ar -1.0000, ma 0.9934, sigma2 6.540, loglik -23.3023 (on the boundary: the"
    );
    println!("  sales alternate up and down, so the fit wants an AR root at -1)");
    assert!(
        (fit.loglik() - (-23.3023)).abs() < 1e-3,
        "log-likelihood off the reference"
    );

    let f = fit.forecast(10, &[80.0, 95.0])?;
    let i95 = f.interval(95.0).expect("95 % interval");
    println!("\nday  forecast   95% interval");
    for t in 0..10 {
        println!(
            "{:>3}  {:>8.2}   {:>7.2} .. {:>7.2}",
            11 + t,
            f.mean[t],
            i95.lower[t],
            i95.upper[t]
        );
    }
    // statsmodels: 156.10, 163.00, 156.10, ... and 150.84 .. 161.37 on day 11.
    assert!((f.mean[0] - 156.1036).abs() < 1e-2 && (f.mean[1] - 163.0).abs() < 1e-2);
    assert!((i95.lower[0] - 150.841).abs() < 0.05 && (i95.upper[0] - 161.366).abs() < 0.05);

    let (total, se) = fit.predict_total(10)?;
    println!("\nthe next 10 days in total: {total:.0} units (standard error {se:.1})");

    // Ten points are too few to justify an ARMA model: automatic selection (as statsforecast's
    // AutoARIMA) picks a constant mean, AICc 65.20.
    let auto = AutoArima::default().fit(&series)?;
    let o = auto.order();
    println!(
        "\nautomatic order selection: ARIMA({},{},{}) with mean {:.2}, AICc {:.2}",
        o.p,
        o.d,
        o.q,
        auto.coefficients().constant.unwrap_or(f64::NAN),
        auto.aicc().unwrap_or(f64::NAN)
    );
    assert!((auto.aicc().unwrap_or(0.0) - 65.2015).abs() < 1e-3);

    // And a rolling-origin check of both against simple exponential smoothing.
    let bt = Backtest::new(1).with_windows(4);
    for (name, mae) in [
        (
            "ARIMA(1,1,1)",
            bt.run(&Arima::new(1, 1, 1), &series)?.metrics.mae,
        ),
        ("auto", bt.run(&AutoArima::default(), &series)?.metrics.mae),
        (
            "SES",
            bt.run(&SimpleExpSmoothing::default(), &series)?.metrics.mae,
        ),
    ] {
        println!("one-day-ahead MAE over the last 4 days, {name}: {mae:.2}");
    }
    Ok(())
}
