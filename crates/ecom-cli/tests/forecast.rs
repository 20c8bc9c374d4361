//! `ecom forecast` and `ecom backtest` end to end.

mod common;

use common::{ecom, input_error, json, sample};
use ecom_supply::SalesSchema;
use ecom_supply::forecast::{Arima, AutoArima, SimpleExpSmoothing};

/// The design notes' 10 days of sales.
fn ten_days(dir: &std::path::Path) -> String {
    let values = [150, 160, 155, 165, 157, 162, 159, 167, 158, 163];
    let mut csv = String::from("date,quantity\n");
    for (i, v) in values.iter().enumerate() {
        csv.push_str(&format!("2024-01-{:02},{v}\n", i + 1));
    }
    let path = dir.join("ten.csv");
    std::fs::write(&path, csv).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn fixed_order_json_has_the_documented_shape_and_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let path = ten_days(dir.path());
    let v = json(&["forecast", &path, "--order", "1,1,1", "--horizon", "3"]);
    assert_eq!(v["id"], "");
    let m = &v["model"];
    assert_eq!(m["name"], "ARIMA(1,1,1)");
    assert_eq!(m["order"], serde_json::json!({"p": 1, "d": 1, "q": 1}));
    assert!(m.get("seasonal_order").is_none(), "non-seasonal: {m}");
    assert_eq!(m["trend"], "None");
    for key in ["ar", "ma", "sar", "sma"] {
        assert!(m["coefficients"][key].is_array(), "{key}");
    }
    assert!(m["coefficients"]["constant"].is_null());
    let y = [
        150.0, 160.0, 155.0, 165.0, 157.0, 162.0, 159.0, 167.0, 158.0, 163.0,
    ];
    let fit = Arima::new(1, 1, 1).fit_slice(&y).unwrap();
    assert_eq!(m["loglik"].as_f64().unwrap(), fit.loglik());
    assert_eq!(m["aicc"].as_f64().unwrap(), fit.aicc().unwrap());
    // statsmodels' exact log-likelihood for this model is -23.30 (fixture seed_notes_10day).
    assert!((fit.loglik() - (-23.302)).abs() < 0.05);
    let f = fit.forecast(3, &[80.0, 95.0]).unwrap();
    let steps = v["forecast"].as_array().unwrap();
    assert_eq!(steps.len(), 3);
    for (t, s) in steps.iter().enumerate() {
        assert_eq!(s["step"], t + 1);
        assert_eq!(s["mean"].as_f64().unwrap(), f.mean[t]);
        assert_eq!(s["lower"]["80"].as_f64().unwrap(), f.intervals[0].lower[t]);
        assert_eq!(s["upper"]["95"].as_f64().unwrap(), f.intervals[1].upper[t]);
        assert!(s["lower"]["95"].as_f64() <= s["lower"]["80"].as_f64());
    }
    assert_eq!(steps[0]["date"], "2024-01-11");
}

#[test]
fn auto_forecasts_every_sku_and_writes_plots() {
    let dir = tempfile::tempdir().unwrap();
    let plot = dir.path().join("f.svg");
    let sales = sample("sales.csv");
    let v = json(&[
        "forecast",
        &sales,
        "--auto",
        "--horizon",
        "7",
        "--plot",
        plot.to_str().unwrap(),
    ]);
    let all = v.as_array().unwrap();
    assert_eq!(all.len(), 12);
    let history = SalesSchema::default()
        .id_column("sku")
        .load(&sales)
        .unwrap();
    let fit = AutoArima::default()
        .fit(history.get("SKU-003").unwrap())
        .unwrap();
    let got = all.iter().find(|o| o["id"] == "SKU-003").unwrap();
    assert_eq!(got["model"]["aicc"].as_f64().unwrap(), fit.aicc().unwrap());
    assert_eq!(
        got["forecast"][6]["mean"].as_f64().unwrap(),
        fit.forecast(7, &[80.0]).unwrap().mean[6]
    );
    for id in ["SKU-001", "SKU-012"] {
        let svg = std::fs::read_to_string(dir.path().join(format!("f-{id}.svg"))).unwrap();
        assert!(svg.contains(id), "{id} plot title");
    }
}

#[test]
fn baselines_and_nonnegative_clipping() {
    let sales = sample("sales.csv");
    let v = json(&[
        "forecast",
        &sales,
        "--id-column",
        "sku",
        "--model",
        "ses",
        "--horizon",
        "5",
        "--nonnegative",
    ]);
    let history = SalesSchema::default()
        .id_column("sku")
        .load(&sales)
        .unwrap();
    let ses = SimpleExpSmoothing::default()
        .fit(history.get("SKU-012").unwrap())
        .unwrap();
    let got = v
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "SKU-012")
        .unwrap();
    assert_eq!(got["model"]["name"], "SES");
    assert_eq!(got["model"]["alpha"].as_f64().unwrap(), ses.alpha());
    for s in got["forecast"].as_array().unwrap() {
        assert!(s["lower"]["95"].as_f64().unwrap() >= 0.0);
    }
    let ma = json(&["forecast", &sales, "--model", "ma:7", "--horizon", "2"]);
    assert_eq!(ma[0]["model"]["window"], 7);
}

#[test]
fn backtest_ranks_models_on_real_sales() {
    let v = json(&[
        "backtest",
        &sample("online-retail/daily_sales_top40.csv"),
        "--value-column",
        "units",
        "--models",
        "auto,ses,snaive",
        "--horizon",
        "7",
        "--windows",
        "3",
    ]);
    let summary = v["summary"].as_array().unwrap();
    assert_eq!(summary.len(), 3);
    for s in summary {
        assert_eq!(s["series"], 40, "{s}");
        let mase = s["mean_mase"].as_f64().unwrap();
        assert!(mase > 0.3 && mase < 3.0, "{s}");
    }
    assert_eq!(v["results"].as_array().unwrap().len(), 120);
}

#[test]
fn bad_forecast_input_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let path = ten_days(dir.path());
    input_error(["forecast", &path, "--order", "1,1"]);
    input_error(["forecast", &path, "--model", "prophet"]);
    input_error([
        "forecast",
        &path,
        "--order",
        "0,0,0",
        "--seasonal",
        "1,0,0,1",
    ]);
    input_error(["forecast", &path, "--order", "1,1,1", "--horizon", "0"]);
    input_error(["forecast", &path, "--levels", "80,120"]);
    let short = dir.path().join("short.csv");
    std::fs::write(&short, "date,quantity\n2024-01-01,3\n").unwrap();
    input_error(["forecast", short.to_str().unwrap(), "--order", "2,1,2"]);
    ecom()
        .args(["forecast", &path, "--auto"])
        .assert()
        .success();
}
