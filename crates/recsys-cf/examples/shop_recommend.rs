//! "Customers who bought this also bought" and personalised top-N on real shop data: the UCI
//! Online Retail purchases (CC BY 4.0; Chen, D. (2015), Online Retail, UCI Machine Learning
//! Repository, https://doi.org/10.24432/C5BW33), as the customer x product matrix
//! `CustomerID,StockCode,invoices,quantity`.
//!
//! Holds out a seeded 20% of the (customer, product) pairs, fits the bestseller list,
//! item-item cosine and implicit ALS on the rest, and reports precision, recall, NDCG, MAP and
//! hit rate at 10 on the held-out purchases, with fit times.
//!
//! ```sh
//! cargo run --release -p recsys-cf --example shop_recommend -- --data path/to/purchases_customer_item.csv
//! ```
//! (or set `ECOM_RETAIL_CSV`). `--seed N` changes the split.

use std::path::PathBuf;
use std::time::Instant;

use ecom_core::{DuplicatePolicy, Feedback, Ratings, RatingsSchema};
use recsys_cf::evaluate::{RankingReport, Relevance, ranking};
use recsys_cf::{ImplicitAls, ItemCosine, Popularity, Recommender, split};

fn main() {
    let mut data = std::env::var_os("ECOM_RETAIL_CSV").map(PathBuf::from);
    let mut seed = 42;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--data" => data = it.next().map(PathBuf::from),
            "--seed" => seed = it.next().and_then(|s| s.parse().ok()).unwrap_or(seed),
            other => {
                eprintln!(
                    "unknown argument {other}; use --data purchases_customer_item.csv [--seed N]"
                );
                std::process::exit(2);
            }
        }
    }
    let Some(path) = data else {
        eprintln!("pass --data path/to/purchases_customer_item.csv or set ECOM_RETAIL_CSV");
        std::process::exit(2);
    };
    let schema = RatingsSchema {
        rating: Some("invoices".into()),
        feedback: Feedback::Implicit,
        duplicates: DuplicatePolicy::Sum,
        ..RatingsSchema::implicit("CustomerID", "StockCode")
    };
    let purchases = schema.load(&path).unwrap_or_else(|e| panic!("{e}"));
    println!(
        "{} customers, {} products, {} (customer, product) pairs",
        purchases.n_users(),
        purchases.n_items(),
        purchases.len()
    );
    let s = split::random(&purchases, 0.2, seed).expect("split");
    let binary = s.train.binarized();
    println!(
        "| model | fit (s) | precision@10 | recall@10 | NDCG@10 | MAP@10 | hit rate | coverage |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    let row = |name: &str, fit: f64, r: &RankingReport| {
        println!(
            "| {name} | {fit:.3} | {:.4} | {:.4} | {:.4} | {:.4} | {:.4} | {:.3} |",
            r.precision, r.recall, r.ndcg, r.map, r.hit_rate, r.coverage
        );
    };
    let evaluate = |name: &str, fit: &dyn Fn() -> Box<dyn Recommender>| {
        let t = Instant::now();
        let model = fit();
        let secs = t.elapsed().as_secs_f64();
        let r = ranking(model.as_ref(), &s.test, 10, Relevance::Any).expect("evaluates");
        row(name, secs, &r);
    };
    evaluate("bestsellers", &|| {
        Box::new(Popularity.fit(&binary).unwrap())
    });
    for k in [20, 50, 200] {
        evaluate(&format!("item cosine, K = {k}"), &|| {
            Box::new(ItemCosine::new().k(k).fit(&binary).unwrap())
        });
    }
    for (factors, reg, alpha, train) in [
        (64usize, 0.01, 1.0, &binary),
        (64, 0.1, 10.0, &binary),
        (64, 0.1, 10.0, &s.train),
        (128, 0.1, 10.0, &binary),
    ] {
        let what = if std::ptr::eq(train, &binary) {
            "binary"
        } else {
            "invoices"
        };
        evaluate(
            &format!("implicit ALS, {factors} factors, reg {reg}, alpha {alpha}, {what}"),
            &|| {
                Box::new(
                    ImplicitAls::new()
                        .factors(factors)
                        .regularization(reg)
                        .alpha(alpha)
                        .fit(train)
                        .unwrap(),
                )
            },
        );
    }
    let model = ItemCosine::new().k(50).fit(&binary).unwrap();
    for product in ["85123A", "22423", "85099B"] {
        let also = model.similar_items(product, 5).unwrap();
        println!("bought {product} -> also bought {:?}", also.ids());
    }
    // Keep the type checker honest about Ratings being the input (no file format in the library).
    let _: &Ratings = &s.train;
}
