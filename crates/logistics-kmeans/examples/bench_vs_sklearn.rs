//! Times `KMeans::fit` on the benchmark data sets, for the side-by-side comparison with
//! scikit-learn in `benches/reference/compare.sh` (see docs/BENCHMARKS.md).
//!
//! The data are scikit-learn's `make_blobs` reproduced bit for bit, so the Python side generates
//! the very same points. Prints one JSON line per configuration.
//!
//! ```sh
//! # data set (1m_2d | 100k_16d), k, n_init, algorithm (auto | lloyd | elkan | hamerly |
//! # minibatch), repeats
//! cargo run --release -p logistics-kmeans --example bench_vs_sklearn -- 1m_2d 16 10 auto 3
//! ```

#[path = "../tests/common/blobs.rs"]
mod blobs;

use std::time::Instant;

use ecom_core::PointSet;
use logistics_kmeans::{Algorithm, KMeans, MiniBatchKMeans};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dataset = args.first().map_or("1m_2d", String::as_str);
    let k: usize = args.get(1).map_or(16, |s| s.parse().expect("k"));
    let n_init: usize = args.get(2).map_or(10, |s| s.parse().expect("n_init"));
    let algo_name = args.get(3).map_or("auto", String::as_str);
    let algorithm = match algo_name {
        "lloyd" => Algorithm::Lloyd,
        "elkan" => Algorithm::Elkan,
        "hamerly" => Algorithm::Hamerly,
        _ => Algorithm::Auto,
    };
    let repeats: usize = args.get(4).map_or(3, |s| s.parse().expect("repeats"));
    let (n, d, centres, seed) = match dataset {
        "1m_2d" => (1_000_000, 2, 16, 1),
        "100k_16d" => (100_000, 16, 20, 7),
        other => panic!("unknown data set {other} (1m_2d or 100k_16d)"),
    };
    let x = blobs::make_blobs(n, d, centres, seed, true);
    let fp = blobs::xor_fingerprint(&x);
    let points = PointSet::new(x, d).expect("finite data");
    // The fit's seed (the data's is fixed per data set); `SEED=3` sweeps it.
    let fit_seed: u64 = std::env::var("SEED").map_or(0, |s| s.parse().expect("SEED"));
    let spec = KMeans::new(k)
        .n_init(n_init)
        .seed(fit_seed)
        .algorithm(algorithm);
    let mut times = Vec::new();
    let mut cpus = Vec::new();
    let mut model = None;
    for _ in 0..repeats.max(1) {
        let c = cpu_seconds();
        let t = Instant::now();
        let m = if algo_name == "minibatch" {
            MiniBatchKMeans::new(k)
                .n_init(n_init)
                .seed(fit_seed)
                .fit(&points)
        } else {
            spec.fit(&points)
        }
        .expect("fit");
        times.push(t.elapsed().as_secs_f64());
        cpus.push(cpu_seconds() - c);
        model = Some(m);
    }
    let m = model.expect("one fit");
    times.sort_by(f64::total_cmp);
    cpus.sort_by(f64::total_cmp);
    println!(
        "{{\"side\":\"rust\",\"dataset\":\"{dataset}\",\"k\":{k},\"n_init\":{n_init},\"algorithm\":\"{:?}\",\"threads\":{},\"best_s\":{:.6},\"median_s\":{:.6},\"cpu_s\":{:.6},\"inertia\":{:.10e},\"n_iter\":{},\"fingerprint\":\"{fp:x}\"}}",
        m.algorithm(),
        rayon::current_num_threads(),
        times[0],
        times[times.len() / 2],
        cpus[0],
        m.inertia(),
        m.n_iter(),
    );
}

/// CPU time of all this process's threads (Linux `schedstat`; NaN elsewhere): less sensitive
/// than wall time to other jobs on a shared machine.
fn cpu_seconds() -> f64 {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return f64::NAN;
    };
    let mut ns = 0u64;
    for task in tasks.flatten() {
        if let Ok(s) = std::fs::read_to_string(task.path().join("schedstat")) {
            ns += s
                .split_whitespace()
                .next()
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
        }
    }
    ns as f64 * 1e-9
}
