//! The trading calendar on the command line: detected from the sales by default (reported on
//! stderr and in the JSON), given with `--closed` / `--holidays`, or switched off.

mod common;

use common::{ecom, input_error, json, sample};

fn retail() -> String {
    sample("online-retail/daily_sales_top40.csv")
}

#[test]
fn closed_days_are_detected_forecast_as_zero_and_keep_their_dates() {
    let out = ecom()
        .args([
            "forecast",
            &retail(),
            "--value-column",
            "units",
            "--model",
            "ses",
        ])
        .args(["--horizon", "14", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("calendar: closed on Sat"), "{stderr}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &v[0];
    assert_eq!(
        first["model"]["calendar"]["closed_weekdays"],
        serde_json::json!(["Sat"])
    );
    let steps = first["forecast"].as_array().unwrap();
    assert_eq!(steps.len(), 14);
    // 2011-12-10 and 2011-12-17 are Saturdays.
    for (i, s) in steps.iter().enumerate() {
        let closed = i == 0 || i == 7;
        assert_eq!(s["mean"] == 0.0, closed, "step {i}: {s}");
        if closed {
            assert_eq!(s["lower"]["95"], 0.0);
            assert_eq!(s["upper"]["95"], 0.0);
        }
    }
    assert_eq!(steps[0]["date"], "2011-12-10");
}

#[test]
fn the_calendar_can_be_given_or_switched_off() {
    let dir = tempfile::tempdir().unwrap();
    let holidays = dir.path().join("holidays.csv");
    std::fs::write(&holidays, "date\n2011-12-12\n").unwrap();
    let v = json(&[
        "forecast",
        &retail(),
        "--value-column",
        "units",
        "--model",
        "ses",
        "--horizon",
        "3",
        "--closed",
        "sat,sun",
        "--holidays",
        holidays.to_str().unwrap(),
    ]);
    let means: Vec<f64> = v[0]["forecast"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["mean"].as_f64().unwrap())
        .collect();
    // Saturday, Sunday, then the given holiday: all closed.
    assert_eq!(means, [0.0, 0.0, 0.0]);
    let v = json(&[
        "forecast",
        &retail(),
        "--value-column",
        "units",
        "--model",
        "ses",
        "--horizon",
        "1",
        "--no-calendar",
    ]);
    assert!(v[0]["forecast"][0]["mean"].as_f64().unwrap() > 0.0);
    assert!(v[0]["model"].get("calendar").is_none());
}

#[test]
fn bad_calendar_flags_are_bad_input() {
    let err = input_error([
        "forecast",
        &retail(),
        "--value-column",
        "units",
        "--closed",
        "caturday",
    ]);
    assert!(err.contains("caturday") && err.contains("weekday"), "{err}");
    let err = input_error([
        "forecast",
        &retail(),
        "--value-column",
        "units",
        "--closed",
        "mon,tue,wed,thu,fri,sat,sun",
    ]);
    assert!(err.contains("every weekday is closed"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let holidays = dir.path().join("h.csv");
    std::fs::write(&holidays, "2011-12-12\nChristmas\n").unwrap();
    let err = input_error([
        "forecast",
        &retail(),
        "--value-column",
        "units",
        "--holidays",
        holidays.to_str().unwrap(),
    ]);
    assert!(err.contains("line 2") && err.contains("Christmas"), "{err}");
}
