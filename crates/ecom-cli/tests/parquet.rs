//! Parquet input: every command reads a `.parquet` file (chosen by extension) as it reads the
//! CSV file holding the same cells, down to the byte of its output.

mod common;

use common::{ecom, input_error, sample};

fn parquet(name: &str) -> String {
    format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// stdout of `ecom ARGS --format json`, asserting success.
fn stdout(args: &[&str]) -> Vec<u8> {
    ecom()
        .args(args)
        .args(["--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone()
}

/// The same command on the CSV and on the Parquet file gives the same bytes.
fn same_output(args: impl Fn(&str, &str) -> Vec<String>) {
    let csv_sales = sample("online-retail/daily_sales_top40.csv");
    let csv_demand = sample("online-retail/country_demand.csv");
    let pq_sales = parquet("daily_sales_top40.parquet");
    let pq_demand = parquet("country_demand.parquet");
    let a = args(&csv_sales, &csv_demand);
    let b = args(&pq_sales, &pq_demand);
    let out_a = stdout(&a.iter().map(String::as_str).collect::<Vec<_>>());
    let out_b = stdout(&b.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(!out_a.is_empty());
    assert!(
        out_a == out_b,
        "{a:?} and {b:?} differ:\n{}\n---\n{}",
        String::from_utf8_lossy(&out_a),
        String::from_utf8_lossy(&out_b)
    );
}

fn owned(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn forecast_reads_parquet_as_csv() {
    same_output(|sales, _| {
        owned(&[
            "forecast",
            sales,
            "--value-column",
            "units",
            "--horizon",
            "14",
            "--nonnegative",
        ])
    });
}

#[test]
fn plan_with_sites_reads_parquet_as_csv() {
    same_output(|sales, demand| {
        owned(&[
            "plan",
            sales,
            "--value-column",
            "units",
            "--locations",
            demand,
            "--location-id-column",
            "country",
            "--weight-column",
            "units",
            "--sites",
            "3",
        ])
    });
}

#[test]
fn warehouses_and_describe_read_parquet_as_csv() {
    same_output(|_, demand| {
        owned(&[
            "warehouses",
            demand,
            "--geo",
            "--k",
            "3",
            "--weight-column",
            "units",
            "--id-column",
            "country",
        ])
    });
    same_output(|sales, _| {
        owned(&[
            "describe",
            "sales",
            sales,
            "--id-column",
            "sku",
            "--value-column",
            "units",
        ])
    });
}

#[test]
fn a_file_that_is_not_parquet_is_a_clear_input_error() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("sales.parquet");
    std::fs::write(&bad, "date,quantity\n2024-01-01,3\n").unwrap();
    let msg = input_error(["forecast", bad.to_str().unwrap()]);
    assert!(msg.contains("sales.parquet"), "{msg}");
    assert!(msg.contains("Parquet"), "{msg}");
    // A missing column names the Parquet file's columns.
    let msg = input_error([
        "forecast",
        &parquet("daily_sales_top40.parquet"),
        "--value-column",
        "qty",
    ]);
    assert!(msg.contains("qty") && msg.contains("units"), "{msg}");
}
