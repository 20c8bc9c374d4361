//! End-to-end tests of `ecom describe` and of the error contract (exit 2, one line naming the
//! file, line and field).

mod common;

use common::ecom;
use predicates::prelude::*;

fn sample(name: &str) -> String {
    common::sample(&format!("online-retail/{name}"))
}

#[test]
fn version_and_help() {
    ecom()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::contains(env!("CARGO_PKG_VERSION")));
    ecom()
        .args(["describe", "sales", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--id-column"));
}

#[test]
fn describe_real_sales_as_json() {
    let out = ecom()
        .args(["describe", "sales", &sample("daily_sales_top40.csv")])
        .args([
            "--id-column",
            "sku",
            "--value-column",
            "units",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 40);
    assert_eq!(rows[0]["id"], "85123A");
    assert_eq!(rows[0]["n"], 374);
    assert_eq!(rows[0]["total"], 37660.0);
    assert_eq!(rows[0]["start"], "2010-12-01");
}

#[test]
fn describe_locations_as_csv() {
    ecom()
        .args(["describe", "locations", &sample("country_demand.csv")])
        .args([
            "--id-column",
            "country",
            "--weight-column",
            "units",
            "--format",
            "csv",
        ])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "metric,value\nlocations,35\ntotal_weight,5370017\n",
        ));
}

#[test]
fn bad_input_exits_2_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "missing.csv",
            "date,units\n2024-01-01,3\n",
            "no column `quantity`",
        ),
        (
            "nonnumeric.csv",
            "date,quantity\n2024-01-01,3\n2024-01-02,many\n",
            "line 3, column `quantity`",
        ),
        ("empty.csv", "", "no data rows"),
    ];
    for (name, body, expected) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, body).unwrap();
        let assert = ecom()
            .args(["describe", "sales"])
            .arg(&path)
            .assert()
            .code(2)
            .stdout(predicate::str::is_empty());
        let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            stderr.contains(name) && stderr.contains(expected),
            "{stderr}"
        );
    }
}
