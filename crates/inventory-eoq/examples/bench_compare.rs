//! Side-by-side timing against stockpyl: reads the JSON written by
//! `benches/reference/stockpyl_timing.py` (instances, stockpyl's times and answers), times the
//! same instances here, checks the answers agree and prints the speed ratios.
//!
//! ```text
//! crates/inventory-eoq/benches/reference/compare.sh        # runs both sides
//! cargo run --release -p inventory-eoq --example bench_compare -- stockpyl.json
//! ```

use std::hint::black_box;
use std::time::Instant;

use inventory_eoq::{
    Costs, DemandProcess, NormalDemand, PoissonDemand, Policy, RqNormal, RqPoisson, SimDemand,
    SimJob, SimParams, SsModel, simulate_batch, simulate_sampled,
};
use serde_json::Value;

/// Mean seconds per call of `f`, repeating it for at least `min_secs` (after one warm-up call).
fn per_call<T>(min_secs: f64, mut f: impl FnMut() -> T) -> f64 {
    black_box(f());
    let start = Instant::now();
    let mut calls = 0u64;
    while start.elapsed().as_secs_f64() < min_secs {
        black_box(f());
        calls += 1;
    }
    start.elapsed().as_secs_f64() / calls as f64
}

fn num(v: &Value, k: &str) -> f64 {
    v[k].as_f64().unwrap_or_else(|| panic!("missing {k}"))
}

/// One table row; `speedup` is how many times faster inventory-eoq is.
fn row(what: &str, theirs: &str, ours: &str, speedup: f64, agree: &str) {
    println!("| {what:<44} | {theirs:>16} | {ours:>16} | {speedup:>9.0}x | {agree:<5} |");
}

fn secs(s: f64) -> String {
    format!("{s:.3e} s")
}

fn rate(r: f64) -> String {
    format!("{r:.3e} /s")
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: bench_compare <stockpyl.json>")?;
    let reference: Value = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
    let threads = rayon::current_num_threads();
    println!(
        "stockpyl {} (Python {}) vs inventory-eoq, {threads} rayon threads; times are per call (s), rates are SKU-periods/s",
        reference["versions"]["stockpyl"], reference["versions"]["python"]
    );
    println!(
        "| {:<44} | {:>16} | {:>16} | {:>10} | same? |",
        "workload", "stockpyl", "inventory-eoq", "speed-up"
    );
    println!("|{:-<46}|{:-<18}|{:-<18}|{:-<12}|-------|", "", "", "", "");

    for c in reference["ss"].as_array().ok_or("ss")? {
        let costs = Costs::default()
            .order(num(c, "k"))
            .holding(num(c, "h"))
            .stockout(num(c, "p"));
        let mean = num(c, "mean");
        let solve = || SsModel::new(PoissonDemand::new(mean)?, costs)?.optimize();
        let best = solve()?;
        let want = &c["result"];
        let same = best.reorder_point as f64 == want[0].as_f64().unwrap_or(f64::NAN)
            && best.order_up_to_level as f64 == want[1].as_f64().unwrap_or(f64::NAN);
        let ours = per_call(0.3, solve);
        let theirs = num(c, "seconds");
        row(
            &format!(
                "(s,S) Zheng-Federgruen, {}",
                c["id"].as_str().unwrap_or("?")
            ),
            &secs(theirs),
            &secs(ours),
            theirs / ours,
            if same { "yes" } else { "NO" },
        );
    }

    for c in reference["rq_poisson"].as_array().ok_or("rq_poisson")? {
        let costs = Costs::default()
            .order(num(c, "k"))
            .holding(num(c, "h"))
            .stockout(num(c, "p"));
        let (rate, lead) = (num(c, "rate"), num(c, "lead"));
        let solve = || RqPoisson::new(rate, lead, costs)?.optimize();
        let best = solve()?;
        let want = &c["result"];
        let same = best.reorder_point == want[0].as_f64().unwrap_or(f64::NAN)
            && best.order_quantity == want[1].as_f64().unwrap_or(f64::NAN);
        let ours = per_call(0.3, solve);
        let theirs = num(c, "seconds");
        row(
            &format!("(r,Q) Poisson exact, {}", c["id"].as_str().unwrap_or("?")),
            &secs(theirs),
            &secs(ours),
            theirs / ours,
            if same { "yes" } else { "NO" },
        );
    }

    for (key, label) in [
        ("rq_normal_loss_function", "loss-fn"),
        ("rq_normal_nelder_mead", "Nelder-Mead"),
    ] {
        for c in reference[key].as_array().ok_or("rq_normal")? {
            let costs = Costs::default()
                .order(num(c, "k"))
                .holding(num(c, "h"))
                .stockout(num(c, "p"));
            let demand = NormalDemand::new(num(c, "rate"), num(c, "sd"))?;
            let lead = num(c, "lead");
            let solve = || RqNormal::new(demand, lead, costs).map(|m| m.optimize());
            let best = solve()?;
            let want = &c["result"];
            let close = |a: f64, b: Option<f64>| {
                b.is_some_and(|b| (a - b).abs() <= 1e-4 * b.abs().max(1.0))
            };
            let same = close(best.reorder_point, want[0].as_f64())
                && close(best.order_quantity, want[1].as_f64());
            let ours = per_call(0.3, solve);
            let theirs = num(c, "seconds");
            row(
                &format!(
                    "(r,Q) normal exact / their {label}, {}",
                    c["id"].as_str().unwrap_or("?")
                ),
                &secs(theirs),
                &secs(ours),
                theirs / ours,
                if same { "yes" } else { "NO" },
            );
        }
    }

    let process = DemandProcess::Normal {
        mean: 50.0,
        sd: 8.0,
    };
    let params = SimParams::default()
        .lead_time(1)
        .costs(Costs::default().holding(0.18).stockout(0.7));
    for c in reference["simulation"].as_array().ok_or("simulation")? {
        let policy = match c["policy"].as_str() {
            Some("BS") => Policy::BaseStock {
                level: num(c, "level"),
            },
            _ => Policy::Ss {
                reorder_point: num(c, "s"),
                order_up_to: num(c, "S"),
            },
        };
        let periods = 2_000_000;
        let secs_one = per_call(0.5, || {
            simulate_sampled(&policy, &params, &process, periods, 42)
        });
        let theirs = num(c, "periods_per_second");
        let ours = periods as f64 / secs_one;
        let id = c["id"].as_str().unwrap_or("?");
        row(
            &format!("simulate {id}: SKU-periods/s, 1 thread"),
            &rate(theirs),
            &rate(ours),
            ours / theirs,
            "-",
        );
        let jobs: Vec<SimJob<'_>> = (0..2_000)
            .map(|_| SimJob {
                policy,
                params,
                demand: SimDemand::Sampled {
                    process: process.clone(),
                    periods: 10_000,
                },
            })
            .collect();
        let secs_batch = per_call(0.5, || simulate_batch(&jobs, 42));
        let ours = 2_000.0 * 10_000.0 / secs_batch;
        row(
            &format!("simulate {id}: SKU-periods/s, {threads} threads"),
            &rate(theirs),
            &rate(ours),
            ours / theirs,
            "-",
        );
    }
    Ok(())
}
