//! `ecom forecast --model ets|theta`, `--select backtest` and `--regressors` on the retailer's
//! data.

mod common;

use std::fmt::Write as _;

use common::{ecom, json, sample};
use ecom_supply::NaiveDate;
use serde_json::Value;

fn retail() -> String {
    sample("online-retail/daily_sales_top40.csv")
}

fn first_skus(v: &Value, n: usize) -> &[Value] {
    &v.as_array().unwrap()[..n]
}

#[test]
fn ets_and_theta_forecast_every_sku_with_zero_on_saturdays() {
    for (model, prefix) in [("ets", "ETS("), ("theta", "Theta")] {
        let v = json(&[
            "forecast",
            &retail(),
            "--value-column",
            "units",
            "--model",
            model,
            "--horizon",
            "7",
        ]);
        assert_eq!(v.as_array().unwrap().len(), 40, "{model}");
        for s in v.as_array().unwrap() {
            assert!(
                s["model"]["name"].as_str().unwrap().starts_with(prefix),
                "{model}: {}",
                s["model"]
            );
            // 2011-12-10 is a Saturday: the shop is closed.
            assert_eq!(s["forecast"][0]["mean"], 0.0);
            assert!(s["forecast"][1]["mean"].as_f64().unwrap().is_finite());
        }
    }
}

#[test]
fn select_backtest_reports_the_choice_and_every_candidate() {
    let v = json(&[
        "forecast",
        &retail(),
        "--value-column",
        "units",
        "--select",
        "backtest",
        "--horizon",
        "7",
    ]);
    for s in first_skus(&v, 5) {
        let m = &s["model"];
        let candidates = m["candidates"].as_array().unwrap();
        assert_eq!(candidates.len(), 7, "{m}");
        // The chosen model has the lowest backtest score of the candidates.
        let best = candidates
            .iter()
            .filter_map(|c| c["score"].as_f64())
            .fold(f64::INFINITY, f64::min);
        assert_eq!(m["score"].as_f64().unwrap(), best, "{m}");
        let chosen = m["chosen"].as_str().unwrap();
        assert!(
            candidates
                .iter()
                .any(|c| c["model"] == chosen && c["score"] == m["score"])
        );
        assert_eq!(m["selected_by"], "backtest mase");
    }
}

/// A regressor file: `closed` (Saturdays and the shop's holidays) and `sunday`, daily from
/// the first sale to `end`.
fn regressors(end: &str) -> tempfile::NamedTempFile {
    let holidays = [
        "2010-12-24",
        "2010-12-27",
        "2010-12-28",
        "2010-12-29",
        "2010-12-30",
        "2010-12-31",
        "2011-01-03",
        "2011-04-22",
        "2011-04-25",
        "2011-04-29",
        "2011-05-02",
        "2011-05-30",
        "2011-08-29",
    ];
    let end = NaiveDate::parse_from_str(end, "%Y-%m-%d").unwrap();
    let mut text = String::from("date,closed,sunday\n");
    // 2010-12-01 is a Wednesday (Monday = 0).
    let mut d = NaiveDate::from_ymd_opt(2010, 12, 1).unwrap();
    let mut weekday = 2;
    while d <= end {
        let closed = weekday == 5 || holidays.contains(&d.to_string().as_str());
        writeln!(text, "{d},{},{}", u8::from(closed), u8::from(weekday == 6)).unwrap();
        d = d.succ_opt().unwrap();
        weekday = (weekday + 1) % 7;
    }
    let f = tempfile::Builder::new().suffix(".csv").tempfile().unwrap();
    std::fs::write(f.path(), text).unwrap();
    f
}

#[test]
fn regressors_enter_the_model_and_the_future_rows_are_required() {
    let x = regressors("2011-12-31");
    let path = x.path().to_str().unwrap();
    // Without the calendar the model sees every day, closed ones as zero sales.
    let v = json(&[
        "forecast",
        &retail(),
        "--value-column",
        "units",
        "--regressors",
        path,
        "--horizon",
        "7",
        "--no-calendar",
    ]);
    for s in first_skus(&v, 5) {
        let m = &s["model"];
        assert!(
            m["name"]
                .as_str()
                .unwrap()
                .starts_with("Regression with ARIMA"),
            "{m}"
        );
        let coefs = m["regressors"].as_array().unwrap();
        assert_eq!(coefs[0]["name"], "closed");
        // Nothing sells on a closed day: the effect is clearly negative.
        assert!(coefs[0]["estimate"].as_f64().unwrap() < 0.0, "{m}");
        assert_eq!(s["forecast"].as_array().unwrap().len(), 7);
    }
    // Rows end three days after the last sale: a 7-day horizon lacks four. The file is dated
    // by calendar day, so the count is the same whether the model steps over trading days
    // (the default) or every day.
    let short = regressors("2011-12-12");
    for calendar in [&[][..], &["--no-calendar"][..]] {
        let out = ecom()
            .args([
                "forecast",
                &retail(),
                "--value-column",
                "units",
                "--horizon",
                "7",
            ])
            .args(["--regressors", short.path().to_str().unwrap()])
            .args(calendar)
            .assert()
            .code(2)
            .get_output()
            .clone();
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            err.contains("the file has 3 (4 missing)"),
            "{calendar:?}: {err}"
        );
    }
    // Regressors go with ARIMA only.
    ecom()
        .args([
            "forecast",
            &retail(),
            "--value-column",
            "units",
            "--model",
            "ets",
            "--regressors",
            path,
        ])
        .assert()
        .code(2);
}

#[test]
fn regressors_are_fitted_on_trading_days_with_the_calendar() {
    let x = regressors("2011-12-31");
    let path = x.path().to_str().unwrap();
    let v = json(&[
        "forecast",
        &retail(),
        "--value-column",
        "units",
        "--regressors",
        path,
        "--horizon",
        "8",
    ]);
    // Fitted on the six trading weekdays: the weekly period is 6, not 7.
    let periods: Vec<&Value> = first_skus(&v, 5)
        .iter()
        .filter_map(|s| s["model"]["seasonal_order"].get("period"))
        .collect();
    assert!(
        !periods.is_empty() && periods.iter().all(|&p| p == 6),
        "{periods:?}"
    );
    for s in first_skus(&v, 5) {
        let m = &s["model"];
        assert_eq!(m["calendar"]["closed_weekdays"][0], "Sat", "{m}");
        assert_eq!(m["regressors"][1]["name"], "sunday", "{m}");
        let f = s["forecast"].as_array().unwrap();
        assert_eq!(f.len(), 8, "calendar days, Saturdays kept");
        // The last sale is on Friday 2011-12-09: steps 1 and 8 are Saturdays.
        for step in [0, 7] {
            assert_eq!(
                f[step]["date"].as_str().unwrap(),
                ["2011-12-10", "2011-12-17"][step / 7]
            );
            assert_eq!(f[step]["mean"], 0.0, "{}", f[step]);
            assert_eq!(f[step]["lower"]["95"], 0.0);
            assert_eq!(f[step]["upper"]["95"], 0.0);
        }
        assert!(
            f[1..7]
                .iter()
                .all(|p| p["upper"]["95"].as_f64().unwrap() > 0.0)
        );
    }
}

#[test]
fn a_bad_regressor_cell_names_its_line() {
    let x = regressors("2011-12-31");
    let text =
        std::fs::read_to_string(x.path())
            .unwrap()
            .replacen("2011-05-05,0", "2011-05-05,many", 1);
    std::fs::write(x.path(), text).unwrap();
    let out = ecom()
        .args([
            "forecast",
            &retail(),
            "--value-column",
            "units",
            "--regressors",
            x.path().to_str().unwrap(),
        ])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("line 157: column closed: \"many\" is not a number"),
        "{err}"
    );
}
