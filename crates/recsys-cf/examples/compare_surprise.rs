//! Times fit + test of every Surprise configuration of the fixtures on MovieLens 100K's u1
//! split, and the implicit-feedback models, for docs/BENCHMARKS.md. The data directory comes
//! from `--data DIR` or `ECOM_MOVIELENS_DIR` (MovieLens may not be copied into the project).
//!
//! Prints one JSON object per line: `{"model": ..., "seconds": best of --repeats, ...}`.
//! `benches/reference/compare.sh` runs this and the Python reference side by side.
//!
//! ```sh
//! cargo run --release -p recsys-cf --example compare_surprise -- --data path/to/ml-100k --repeats 5 \
//!     [--retail path/to/purchases_customer_item.csv]
//! ```

use std::path::PathBuf;
use std::time::Instant;

use ecom_core::{DuplicatePolicy, Feedback, Ratings, RatingsSchema};
use recsys_cf::evaluate::accuracy;
use recsys_cf::{
    BaselineMethod, BaselineOnly, ImplicitAls, ItemCosine, Knn, KnnAlgorithm, Recommender,
    Similarity, Svd, SvdPp,
};

struct Args {
    data: PathBuf,
    retail: Option<PathBuf>,
    repeats: usize,
    only: Vec<String>,
}

fn args() -> Args {
    let mut data = std::env::var_os("ECOM_MOVIELENS_DIR").map(PathBuf::from);
    let mut retail = None;
    let mut repeats = 5;
    let mut only = Vec::new();
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--data" => data = it.next().map(PathBuf::from),
            "--retail" => retail = it.next().map(PathBuf::from),
            "--repeats" => repeats = it.next().and_then(|v| v.parse().ok()).unwrap_or(repeats),
            "--only" => only.push(it.next().unwrap_or_default()),
            other => {
                eprintln!(
                    "unknown argument {other}; use --data DIR [--retail CSV] [--repeats N] [--only PREFIX]"
                );
                std::process::exit(2);
            }
        }
    }
    let Some(data) = data else {
        eprintln!("pass --data path/to/ml-100k or set ECOM_MOVIELENS_DIR");
        std::process::exit(2);
    };
    Args {
        data,
        retail,
        repeats: repeats.max(1),
        only,
    }
}

/// Best wall time of `repeats` runs of `f`, and `f`'s last output.
fn best<T>(repeats: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::INFINITY;
    let mut out = None;
    for _ in 0..repeats {
        let t = Instant::now();
        let v = f();
        best = best.min(t.elapsed().as_secs_f64());
        out = Some(v);
    }
    (best, out.expect("at least one run"))
}

fn main() {
    let Args {
        data: dir,
        retail,
        repeats,
        only,
    } = args();
    let load = |f: &str| -> Ratings {
        RatingsSchema::movielens_100k()
            .load(dir.join(f))
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let (train, test) = (load("u1.base"), load("u1.test"));
    let wanted = |name: &str| only.is_empty() || only.iter().any(|o| name.starts_with(o.as_str()));
    let report = |name: &str, seconds: f64, rmse: f64| {
        println!(r#"{{"model": "{name}", "seconds": {seconds:.6}, "rmse": {rmse:.6}}}"#);
    };
    let measures = [
        Similarity::Cosine,
        Similarity::Msd,
        Similarity::Pearson,
        Similarity::pearson_baseline(),
    ];
    for algo in [
        KnnAlgorithm::Basic,
        KnnAlgorithm::WithMeans,
        KnnAlgorithm::WithZScore,
        KnnAlgorithm::Baseline,
    ] {
        for user_based in [true, false] {
            for m in measures {
                let name = format!(
                    "{} {} {}",
                    algo.name(),
                    m.name(),
                    if user_based { "user" } else { "item" }
                );
                if !wanted(&name) {
                    continue;
                }
                let spec = Knn::new(algo).similarity(m).user_based(user_based);
                let (s, acc) = best(repeats, || {
                    accuracy(&spec.fit(&train).unwrap(), &test).unwrap()
                });
                report(&name, s, acc.rmse);
            }
        }
    }
    for (name, method) in [
        ("BaselineOnly_als", BaselineMethod::als()),
        ("BaselineOnly_sgd", BaselineMethod::sgd()),
    ] {
        if wanted(name) {
            let spec = BaselineOnly::new(method);
            let (s, acc) = best(repeats, || {
                accuracy(&spec.fit(&train).unwrap(), &test).unwrap()
            });
            report(name, s, acc.rmse);
        }
    }
    if wanted("SVD") {
        let (s, acc) = best(repeats, || {
            accuracy(&Svd::new().fit(&train).unwrap(), &test).unwrap()
        });
        report("SVD", s, acc.rmse);
    }
    if wanted("SVDpp") {
        let (s, acc) = best(repeats, || {
            accuracy(&SvdPp::new().fit(&train).unwrap(), &test).unwrap()
        });
        report("SVDpp", s, acc.rmse);
    }
    // Implicit feedback: u1.base as binary interactions; fit only (as implicit's timing).
    let binary = train.binarized();
    if wanted("ImplicitAls") {
        for (factors, reg, alpha) in [(64usize, 0.01, 1.0), (64, 0.05, 10.0), (100, 0.01, 1.0)] {
            let spec = ImplicitAls::new()
                .factors(factors)
                .regularization(reg)
                .alpha(alpha)
                .iterations(15);
            let (s, _) = best(repeats, || spec.fit(&binary).unwrap());
            report(
                &format!("ImplicitAls f{factors} reg{reg} alpha{alpha}"),
                s,
                f64::NAN,
            );
        }
    }
    if wanted("ItemCosine") {
        let (s, _) = best(repeats, || {
            let m = ItemCosine::new().k(20).fit(&binary).unwrap();
            m.recommend_all(10, true)
        });
        report("ItemCosine K20 fit+recommend_all", s, f64::NAN);
    }
    // Shop data: the Online Retail customer x product purchases as binary interactions.
    if let Some(path) = retail {
        let schema = RatingsSchema {
            feedback: Feedback::Implicit,
            duplicates: DuplicatePolicy::Sum,
            ..RatingsSchema::implicit("CustomerID", "StockCode")
        };
        let shop = schema
            .load(&path)
            .unwrap_or_else(|e| panic!("{e}"))
            .binarized();
        for factors in [64usize, 128] {
            let name = format!("retail ImplicitAls f{factors}");
            if wanted(&name) {
                let spec = ImplicitAls::new().factors(factors).iterations(15);
                let (s, _) = best(repeats, || spec.fit(&shop).unwrap());
                report(&name, s, f64::NAN);
            }
        }
        if wanted("retail ItemCosine") {
            let (s, _) = best(repeats, || {
                ItemCosine::new()
                    .k(20)
                    .fit(&shop)
                    .unwrap()
                    .recommend_all(10, true)
            });
            report("retail ItemCosine K20 fit+recommend_all", s, f64::NAN);
        }
    }
}
