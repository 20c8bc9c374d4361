//! The binary on a table of crafted inputs, every command: each case must end with its
//! documented exit code, within a time limit (no hang), and
//! - on bad input (exit 2): nothing on stdout and exactly one line on stderr that names the
//!   offending field;
//! - on success or partial success (exit 0 or 3): output with no NaN, inf or null anywhere, in
//!   JSON and in the table.
//!
//! docs/RELIABILITY.md describes the guarantees this checks.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{ecom, sample};
use serde_json::Value;

/// Far above what any case needs on a 2-core machine; a hang or an unbounded search runs into it.
const TIME_LIMIT: Duration = Duration::from_secs(30);

/// Crafted input files, written once into a temporary directory.
struct Files {
    dir: tempfile::TempDir,
}

impl Files {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let f = Self { dir };
        let days = |n: u32, row: &dyn Fn(u32, &str) -> String| {
            let mut s = String::from("date,sku,units\n");
            let start = chrono_free_date(2024, 1, 1);
            for d in 0..n {
                for sku in ["A", "B", "C"] {
                    s.push_str(&format!("{},{sku},{}\n", add_days(start, d), row(d, sku)));
                }
            }
            s
        };
        let good = |d: u32, sku: &str| format!("{}", 10 + (d * 7 + sku.len() as u32 * 3) % 11);
        f.write("sales.csv", &days(70, &good));
        f.write(
            "sales_bad_cell.csv",
            &days(70, &|d, sku| {
                if d == 20 && sku == "B" {
                    "abc".into()
                } else {
                    good(d, sku)
                }
            }),
        );
        f.write(
            "sales_nan.csv",
            &days(70, &|d, sku| {
                if d == 5 && sku == "C" {
                    "NaN".into()
                } else {
                    good(d, sku)
                }
            }),
        );
        f.write(
            "sales_empty_cell.csv",
            &days(70, &|d, sku| {
                if d == 9 && sku == "A" {
                    String::new()
                } else {
                    good(d, sku)
                }
            }),
        );
        f.write(
            "sales_huge.csv",
            &days(70, &|d, sku| {
                if d == 3 && sku == "B" {
                    "1e308".into()
                } else {
                    good(d, sku)
                }
            }),
        );
        f.write(
            "sales_constant.csv",
            &days(70, &|d, sku| match sku {
                "A" => "0".into(),
                "B" => "5".into(),
                _ => good(d, sku),
            }),
        );
        f.write(
            "sales_negative.csv",
            &days(70, &|d, sku| {
                if d == 12 && sku == "A" {
                    "-40".into()
                } else {
                    good(d, sku)
                }
            }),
        );
        let mut dup = days(70, &good);
        dup.push_str("2024-01-05,A,3\n");
        f.write("sales_dup.csv", &dup);
        f.write(
            "sales_gap.csv",
            "date,sku,units\n2024-01-01,A,1\n2024-01-02,A,2\n2024-01-04,A,3\n",
        );
        f.write("empty.csv", "");
        f.write("header_only.csv", "date,sku,units\n");
        std::fs::write(
            f.path("not_utf8.csv"),
            b"date,sku,units\n2024-01-01,\xff\xfe,1\n",
        )
        .unwrap();
        f.write("garbage.csv", "\"unterminated,quote\nx,y\n,,,,\n");
        f.write(
            "ratings_big.csv",
            "user,item,rating\nu1,a,1e308\nu1,b,2\nu2,a,3\n",
        );
        f.write("ratings_ragged.csv", "user,item,rating\nu1,a,4\nu2,b\n");
        f.write(
            "purchases_huge.csv",
            "user,item,n\nu1,a,1e300\nu1,b,2\nu2,a,1\n",
        );
        f.write(
            "locations_bad_lat.csv",
            "id,lat,lon,demand\nX,10,10,5\nY,95,10,5\n",
        );
        f.write(
            "locations_nan_weight.csv",
            "id,lat,lon,demand\nX,10,10,5\nY,20,10,nan\n",
        );
        f.write(
            "locations_small.csv",
            "id,lat,lon,demand\nX,10,10,5\nY,20,10,5\nZ,30,10,5\n",
        );
        f.write("points_huge.csv", "x,y\n1,2\n1e308,1e308\n3,4\n5,6\n");
        f
    }

    fn write(&self, name: &str, text: &str) {
        std::fs::write(self.path(name), text).unwrap();
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// Days since the Unix epoch for a civil date, and back (tests stay free of chrono).
fn chrono_free_date(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn add_days(epoch_days: i64, n: u32) -> String {
    let z = epoch_days + i64::from(n) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// What a case must end with.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    /// Exit 0 with finite output.
    Ok,
    /// Exit 3 (some SKUs failed) with finite output for the rest.
    Partial,
    /// Exit 2 and one line on stderr containing every needle (case-insensitive).
    Input(&'static [&'static str]),
}

struct Case {
    name: &'static str,
    args: Vec<String>,
    expect: Expect,
}

fn case(name: &'static str, args: &[&str], expect: Expect) -> Case {
    Case {
        name,
        args: args.iter().map(|s| (*s).to_owned()).collect(),
        expect,
    }
}

/// `{name}` in an argument is replaced by the path of the crafted file `name`, `@name` by the
/// path of a shipped sample file.
fn resolve(arg: &str, files: &Files) -> String {
    if let Some(rest) = arg.strip_prefix('{').and_then(|r| r.strip_suffix('}')) {
        return files.path(rest).display().to_string();
    }
    if let Some(rest) = arg.strip_prefix('@') {
        return sample(rest);
    }
    arg.to_owned()
}

#[rustfmt::skip] // one case per line reads as a table
fn cases() -> Vec<Case> {
    use Expect::{Input, Ok, Partial};
    vec![
        // forecast
        case("forecast: missing file", &["forecast", "/no/such/sales.csv"], Input(&["/no/such/sales.csv"])),
        case("forecast: empty file", &["forecast", "{empty.csv}", "--value-column", "units"], Input(&["no data rows"])),
        case("forecast: header only", &["forecast", "{header_only.csv}", "--value-column", "units"], Input(&["no data rows"])),
        case("forecast: non-numeric cell", &["forecast", "{sales_bad_cell.csv}", "--value-column", "units"], Input(&["line 63", "units", "abc"])),
        // A NaN or empty cell is a missing observation (ARIMA fits through it); --missing error
        // restores the strict reading.
        case("forecast: NaN cell", &["forecast", "{sales_nan.csv}", "--value-column", "units"], Ok),
        case("forecast: empty cell", &["forecast", "{sales_empty_cell.csv}", "--value-column", "units"], Ok),
        case("forecast: NaN cell, strict", &["forecast", "{sales_nan.csv}", "--value-column", "units", "--missing", "error"], Input(&["line 19", "units", "not finite"])),
        case("forecast: empty cell, strict", &["forecast", "{sales_empty_cell.csv}", "--value-column", "units", "--missing", "error"], Input(&["line 29", "units", "empty"])),
        case("forecast: 1e308 cell", &["forecast", "{sales_huge.csv}", "--value-column", "units"], Input(&["line 12", "units", "too large"])),
        case("forecast: invalid UTF-8", &["forecast", "{not_utf8.csv}", "--value-column", "units"], Input(&["line 2", "utf-8"])),
        case("forecast: broken quoting", &["forecast", "{garbage.csv}"], Input(&["garbage.csv"])),
        case("forecast: unknown column", &["forecast", "{sales.csv}", "--value-column", "qty"], Input(&["qty", "columns are"])),
        case("forecast: horizon 0", &["forecast", "{sales.csv}", "--value-column", "units", "--horizon", "0"], Input(&["--horizon"])),
        case("forecast: horizon beyond the limit", &["forecast", "{sales.csv}", "--value-column", "units", "--horizon", "100000000"], Input(&["horizon", "100000000"])),
        case("forecast: level outside (0, 100)", &["forecast", "{sales.csv}", "--value-column", "units", "--levels", "150"], Input(&["level", "150"])),
        case("forecast: plot as .jpg", &["forecast", "{sales.csv}", "--value-column", "units", "--plot", "out.jpg"], Input(&["--plot", ".jpg"])),
        case("forecast: plot without extension", &["forecast", "{sales.csv}", "--value-column", "units", "--plot", "out"], Input(&["--plot", ".svg or .png"])),
        case("forecast: bad order", &["forecast", "{sales.csv}", "--value-column", "units", "--order", "1,1"], Input(&["--order", "p,d,q"])),
        case("forecast: unknown frequency", &["forecast", "{sales.csv}", "--value-column", "units", "--frequency", "fortnightly"], Input(&["fortnightly"])),
        case("forecast: moving average of 0", &["forecast", "{sales.csv}", "--value-column", "units", "--model", "ma:0"], Input(&["window"])),
        case("forecast: unknown model", &["forecast", "{sales.csv}", "--value-column", "units", "--model", "prophet"], Input(&["--model", "prophet"])),
        case("forecast: seasonal period 0", &["forecast", "{sales.csv}", "--value-column", "units", "--period", "0"], Input(&["period"])),
        case("forecast: gaps rejected", &["forecast", "{sales_gap.csv}", "--value-column", "units", "--gaps", "reject", "--model", "naive"], Input(&["2024-01-03"])),
        case("forecast: bad SKU skipped", &["forecast", "{sales_bad_cell.csv}", "--value-column", "units", "--on-bad-series", "skip", "--model", "ses"], Partial),
        case("forecast: repeated rows summed", &["forecast", "{sales_dup.csv}", "--value-column", "units", "--model", "ses"], Ok),
        case("forecast: constant and all-zero SKUs", &["forecast", "{sales_constant.csv}", "--value-column", "units", "--horizon", "7"], Ok),
        case("forecast: real shop data", &["forecast", "@online-retail/daily_sales_top40.csv", "--value-column", "units", "--model", "ses", "--horizon", "7"], Ok),
        // backtest
        case("backtest: horizon 0", &["backtest", "{sales.csv}", "--value-column", "units", "--horizon", "0"], Input(&["--horizon"])),
        case("backtest: windows 0", &["backtest", "{sales.csv}", "--value-column", "units", "--windows", "0"], Input(&["--windows"])),
        case("backtest: step 0", &["backtest", "{sales.csv}", "--value-column", "units", "--step", "0"], Input(&["--step"])),
        case("backtest: more windows than data", &["backtest", "{sales.csv}", "--value-column", "units", "--models", "ses", "--windows", "1000"], Input(&["70"])),
        case("backtest: unknown model", &["backtest", "{sales.csv}", "--value-column", "units", "--models", "ses,bogus"], Input(&["bogus"])),
        case("backtest: bad SKU skipped", &["backtest", "{sales_nan.csv}", "--value-column", "units", "--models", "ses,naive", "--on-bad-series", "skip"], Partial),
        case("backtest: valid", &["backtest", "{sales.csv}", "--value-column", "units", "--models", "ses,snaive,ma:7"], Ok),
        // plan
        case("plan: lead time beyond the limit", &["plan", "{sales.csv}", "--value-column", "units", "--lead-time", "1000000000"], Input(&["lead time", "1000000000"])),
        case("plan: service level above 1", &["plan", "{sales.csv}", "--value-column", "units", "--service-level", "1.5"], Input(&["service level", "1.5"])),
        case("plan: service level 0", &["plan", "{sales.csv}", "--value-column", "units", "--service-level", "0"], Input(&["service level"])),
        case("plan: fill rate 1", &["plan", "{sales.csv}", "--value-column", "units", "--fill-rate", "1"], Input(&["fill rate"])),
        case("plan: negative order cost", &["plan", "{sales.csv}", "--value-column", "units", "--order-cost", "-1"], Input(&["order cost", "-1"])),
        case("plan: zero holding cost", &["plan", "{sales.csv}", "--value-column", "units", "--holding-cost", "0"], Input(&["holding cost"])),
        case("plan: horizon beyond the limit", &["plan", "{sales.csv}", "--value-column", "units", "--horizon", "100000000"], Input(&["horizon", "100000000"])),
        case("plan: zero sites", &["plan", "{sales.csv}", "--value-column", "units", "--locations", "{locations_small.csv}", "--sites", "0"], Input(&["sites"])),
        case("plan: more sites than locations", &["plan", "{sales.csv}", "--value-column", "units", "--locations", "{locations_small.csv}", "--sites", "50"], Input(&["50", "3"])),
        case("plan: empty site range", &["plan", "{sales.csv}", "--value-column", "units", "--site-range", "5..2"], Input(&["5..2"])),
        case("plan: bad latitude", &["plan", "{sales.csv}", "--value-column", "units", "--locations", "{locations_bad_lat.csv}"], Input(&["line 3", "lat", "95"])),
        case("plan: negative radius", &["plan", "{sales.csv}", "--value-column", "units", "--radius-km", "-5"], Input(&["radius", "-5"])),
        case("plan: 1e308 cell", &["plan", "{sales_huge.csv}", "--value-column", "units"], Input(&["line 12", "units", "too large"])),
        case("plan: bad SKU skipped", &["plan", "{sales_bad_cell.csv}", "--value-column", "units", "--on-bad-series", "skip", "--holdout", "0"], Partial),
        case("plan: valid, with sites", &["plan", "@sales.csv", "--locations", "@customers.csv", "--holdout", "28"], Ok),
        // describe
        case("describe: empty sales", &["describe", "sales", "{empty.csv}"], Input(&["no data rows"])),
        case("describe: rating out of scale", &["describe", "ratings", "{ratings_big.csv}"], Input(&["line 2", "rating"])),
        case("describe: NaN weight", &["describe", "locations", "{locations_nan_weight.csv}", "--weight-column", "demand"], Input(&["line 3", "demand", "not finite"])),
        // inventory
        case("eoq: negative demand", &["inventory", "eoq", "--demand", "-5", "--order-cost", "100", "--holding-cost", "10"], Input(&["demand", "-5"])),
        case("eoq: zero holding cost", &["inventory", "eoq", "--demand", "1000", "--order-cost", "100", "--holding-cost", "0"], Input(&["holding cost"])),
        case("eoq: NaN demand", &["inventory", "eoq", "--demand", "nan", "--order-cost", "100", "--holding-cost", "10"], Input(&["demand", "nan"])),
        case("eoq: overflowing magnitudes", &["inventory", "eoq", "--demand", "1e308", "--order-cost", "1e308", "--holding-cost", "1e-308"], Input(&["demand"])),
        case("epq: production slower than demand", &["inventory", "epq", "--demand", "1000", "--order-cost", "10", "--holding-cost", "1", "--production-rate", "500"], Input(&["production rate", "500"])),
        case("discounts: unsorted breaks", &["inventory", "discounts", "--demand", "1000", "--order-cost", "8", "--holding-rate", "0.3", "--breaks", "0,800,400", "--unit-costs", "1,0.9,0.8"], Input(&["breakpoints"])),
        case("discounts: lengths differ", &["inventory", "discounts", "--demand", "1000", "--order-cost", "8", "--holding-rate", "0.3", "--breaks", "0,400", "--unit-costs", "1,0.9,0.8"], Input(&["length"])),
        case("safety stock: service level 1", &["inventory", "safety-stock", "--mean", "100", "--sd", "20", "--lead-time", "4", "--service-level", "1"], Input(&["service level"])),
        case("safety stock: negative sd", &["inventory", "safety-stock", "--mean", "100", "--sd", "-1", "--lead-time", "4", "--service-level", "0.95"], Input(&["sd", "-1"])),
        case("safety stock: negative lead time", &["inventory", "safety-stock", "--mean", "100", "--sd", "5", "--lead-time", "-1", "--service-level", "0.95"], Input(&["lead time", "-1"])),
        case("safety stock: Poisson, huge lead time", &["inventory", "safety-stock", "--mean", "1000000", "--poisson", "--lead-time", "1000000", "--service-level", "0.95"], Ok),
        case("newsvendor: Poisson mean 1e12", &["inventory", "newsvendor", "--holding-cost", "1", "--stockout-cost", "4", "--mean", "1e12", "--poisson"], Ok),
        case("newsvendor: normal without sd", &["inventory", "newsvendor", "--holding-cost", "1", "--stockout-cost", "4", "--mean", "50"], Input(&["--sd"])),
        case("newsvendor: negative history", &["inventory", "newsvendor", "--holding-cost", "1", "--stockout-cost", "4", "--history", "{sales_negative.csv}", "--value-column", "units", "--sku", "A"], Input(&["line 38", "units", "-40", "non-negative"])),
        case("newsvendor: SKU skipped at load", &["inventory", "newsvendor", "--holding-cost", "1", "--stockout-cost", "4", "--history", "{sales_bad_cell.csv}", "--value-column", "units", "--sku", "B", "--on-bad-series", "skip"], Input(&["line 63", "skipped"])),
        case("rq: zero demand rate", &["inventory", "rq", "--holding-cost", "1", "--stockout-cost", "10", "--order-cost", "5", "--demand-rate", "0", "--demand-sd", "1", "--lead-time", "1"], Input(&["demand"])),
        case("rq: Poisson, huge mean", &["inventory", "rq", "--holding-cost", "1", "--stockout-cost", "10", "--order-cost", "5", "--demand-rate", "1e12", "--poisson", "--lead-time", "1"], Ok),
        case("ss: negative mean", &["inventory", "ss", "--holding-cost", "1", "--stockout-cost", "4", "--order-cost", "5", "--mean", "-1"], Input(&["mean", "-1"])),
        case("ss: Poisson mean beyond the exact search", &["inventory", "ss", "--holding-cost", "1", "--stockout-cost", "4", "--order-cost", "5", "--mean", "1e9"], Input(&["--mean", "(s, s)", "--sd"])),
        case("base-stock: Poisson, huge lead time", &["inventory", "base-stock", "--holding-cost", "1", "--stockout-cost", "4", "--lead-time", "1000000000", "--mean", "100", "--poisson"], Input(&["lead time", "1e9"])),
        case("lot-size: negative demand", &["inventory", "lot-size", "--order-cost", "500", "--holding-cost", "2", "--demand", "90,-120,80"], Input(&["demand", "-120"])),
        case("lot-size: no demand", &["inventory", "lot-size", "--order-cost", "500", "--holding-cost", "2"], Input(&["demand"])),
        case("simulate: unknown policy", &["inventory", "simulate", "--policy", "magic:1", "--mean", "50", "--sd", "8"], Input(&["magic"])),
        case("simulate: lead time beyond the limit", &["inventory", "simulate", "--policy", "base-stock:60", "--mean", "50", "--sd", "8", "--lead-time", "1000000000"], Input(&["lead time", "1e9"])),
        case("simulate: periods beyond the limit", &["inventory", "simulate", "--policy", "base-stock:60", "--mean", "50", "--sd", "8", "--periods", "100000000000"], Input(&["periods", "1e11"])),
        // recommend, similar-items, evaluate
        case("recommend: unknown user gets the popular items", &["recommend", "@ratings.csv", "--user", "nobody"], Ok),
        case("recommend: top 0", &["recommend", "@ratings.csv", "--user", "U001", "--top", "0"], Input(&["top"])),
        case("recommend: k 0", &["recommend", "@ratings.csv", "--user", "U001", "--algorithm", "knn-basic", "--k", "0"], Input(&["k"])),
        case("recommend: billion factors", &["recommend", "@ratings.csv", "--user", "U001", "--algorithm", "svd", "--factors", "1000000000"], Input(&["factors", "1000000000"])),
        case("recommend: rating scale too large", &["recommend", "{ratings_big.csv}", "--user", "u1", "--scale", "1,1e308"], Input(&["scale"])),
        case("recommend: ragged row", &["recommend", "{ratings_ragged.csv}", "--user", "u1"], Input(&["line 3"])),
        case("recommend: purchase count too large", &["recommend", "{purchases_huge.csv}", "--user", "u1", "--implicit", "--rating-column", "n"], Input(&["line 2", "too large"])),
        case("recommend: z-score neighbours", &["recommend", "@ratings.csv", "--user", "U001", "--algorithm", "knn-zscore", "--top", "5"], Ok),
        case("similar-items: unknown item", &["similar-items", "@ratings.csv", "--item", "nothing"], Input(&["nothing"])),
        case("evaluate: missing test file", &["evaluate", "--train", "@ratings.csv", "--test", "/no/such/test.csv"], Input(&["/no/such/test.csv"])),
        // warehouses
        case("warehouses: k 0", &["warehouses", "@customers.csv", "--geo", "--k", "0"], Input(&["k"])),
        case("warehouses: k above the points", &["warehouses", "{locations_small.csv}", "--geo", "--k", "1000"], Input(&["1000", "3"])),
        case("warehouses: k range far above the points", &["warehouses", "@customers.csv", "--geo", "--weight-column", "demand", "--k-range", "1..100000"], Input(&["100000", "600"])),
        case("warehouses: 1e308 coordinate", &["warehouses", "{points_huge.csv}", "--columns", "x,y", "--k", "2"], Input(&["line 3", "too large"])),
        case("warehouses: NaN weight", &["warehouses", "{locations_nan_weight.csv}", "--geo", "--weight-column", "demand", "--k", "1"], Input(&["line 3", "demand"])),
        case("warehouses: unknown column", &["warehouses", "{points_huge.csv}", "--columns", "x,z", "--k", "2"], Input(&["z"])),
        case("warehouses: plot as .jpg", &["warehouses", "@customers.csv", "--geo", "--k", "2", "--plot", "map.jpg"], Input(&["--plot", ".jpg"])),
        case("warehouses: negative capacity", &["warehouses", "@customers.csv", "--geo", "--k", "2", "--weight-column", "demand", "--capacity", "-1"], Input(&["capacity", "-1"])),
        case("warehouses: zero restarts", &["warehouses", "@customers.csv", "--geo", "--k", "2", "--n-init", "0"], Input(&["n_init"])),
        case("warehouses: valid", &["warehouses", "@online-retail/country_demand.csv", "--geo", "--id-column", "country", "--weight-column", "units", "--k-range", "1..4"], Ok),
    ]
}

/// The first NaN, inf or null in `v`, as a path.
fn first_non_finite(v: &Value, path: &str) -> Option<String> {
    match v {
        Value::Null => Some(path.to_owned()),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .find_map(|(i, x)| first_non_finite(x, &format!("{path}[{i}]"))),
        Value::Object(m) => m
            .iter()
            .find_map(|(k, x)| first_non_finite(x, &format!("{path}.{k}"))),
        _ => None,
    }
}

/// Whether a rendered table has a cell reading NaN or inf (as Rust prints them).
fn table_has_non_finite(table: &str) -> bool {
    table
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '+'))
        .any(|t| {
            let t = t.trim_start_matches(['-', '+']);
            t.eq_ignore_ascii_case("nan") || t.eq_ignore_ascii_case("inf")
        })
}

/// Runs one case in one format: (exit code, stdout, stderr, elapsed).
fn run(args: &[String], format: &str, cwd: &Path) -> (i32, String, String, Duration) {
    let start = Instant::now();
    let out = ecom()
        .args(args)
        .args(["--format", format])
        .current_dir(cwd)
        .timeout(TIME_LIMIT)
        .output()
        .unwrap();
    let code = out.status.code().unwrap_or(-1);
    (
        code,
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        start.elapsed(),
    )
}

#[test]
fn every_crafted_input_ends_as_documented() {
    let files = Files::new();
    let cases = cases();
    assert!(cases.len() >= 60, "the table holds {} cases", cases.len());
    let mut failures = Vec::new();
    for c in &cases {
        let args: Vec<String> = c.args.iter().map(|a| resolve(a, &files)).collect();
        let (code, stdout, stderr, took) = run(&args, "json", files.dir.path());
        let mut fail = |why: String| failures.push(format!("{}: {why}", c.name));
        if took >= TIME_LIMIT {
            fail(format!("did not finish within {TIME_LIMIT:?}"));
            continue;
        }
        match c.expect {
            Expect::Input(needles) => {
                if code != 2 {
                    fail(format!("exit {code}, expected 2; stderr: {stderr}"));
                    continue;
                }
                if !stdout.is_empty() {
                    fail(format!("stdout not empty: {stdout}"));
                }
                let lines: Vec<&str> = stderr.lines().collect();
                if lines.len() != 1 {
                    fail(format!("expected one stderr line, got: {stderr}"));
                    continue;
                }
                let line = lines[0].to_lowercase();
                for n in needles {
                    if !line.contains(&n.to_lowercase()) {
                        fail(format!("error does not mention {n:?}: {}", lines[0]));
                    }
                }
            }
            Expect::Ok | Expect::Partial => {
                let want = if c.expect == Expect::Ok { 0 } else { 3 };
                if code != want {
                    fail(format!("exit {code}, expected {want}; stderr: {stderr}"));
                    continue;
                }
                if want == 3 && !stderr.contains("partial failure") {
                    fail(format!("no failure count on stderr: {stderr}"));
                }
                match serde_json::from_str::<Value>(&stdout) {
                    Ok(v) => {
                        if let Some(p) = first_non_finite(&v, "") {
                            fail(format!("null at {p}"));
                        }
                    }
                    Err(e) => fail(format!("stdout is not JSON ({e}): {stdout}")),
                }
                let (code, table, _, _) = run(&args, "table", files.dir.path());
                if code != want || table_has_non_finite(&table) {
                    fail(format!(
                        "table output (exit {code}) has a non-finite value:\n{table}"
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
