//! Shared helpers of the integration tests: MovieLens loading (from `ECOM_MOVIELENS_DIR`; the
//! ratings may not be copied into the project), fixture types, and Surprise configurations.
#![allow(dead_code, unreachable_pub)]

use std::path::PathBuf;

use ecom_core::{Ratings, RatingsSchema};
use recsys_cf::{
    BaselineMethod, BaselineOnly, Knn, KnnAlgorithm, RatingPredictor, Similarity, Svd,
};
use std::collections::BTreeSet;

use recsys_cf::TopN;
use recsys_cf::evaluate::RankingReport;
use serde::Deserialize;

pub const ENV: &str = "ECOM_MOVIELENS_DIR";

pub fn data(name: &str) -> PathBuf {
    ecom_testing::data_path(env!("CARGO_MANIFEST_DIR"), name)
}

pub fn fixture<T: serde::de::DeserializeOwned>(name: &str) -> T {
    ecom_testing::read_json(data(name))
}

/// The MovieLens 100K directory, or `None` (after a printed notice) when it is not configured.
pub fn movielens(test: &str) -> Option<PathBuf> {
    ecom_testing::env_dir(ENV, test)
}

/// The Online Retail slice's training and test parts (the `test` column marks held-out pairs).
pub fn retail_slice() -> (Ratings, Ratings) {
    use ecom_core::{DuplicatePolicy, Feedback};
    let text = std::fs::read_to_string(data("retail_slice.csv")).expect("slice");
    let mut parts: [Vec<(String, String, f64)>; 2] = [Vec::new(), Vec::new()];
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let invoices: f64 = f[2].parse().expect("invoices");
        parts[usize::from(f[3] == "1")].push((f[0].into(), f[1].into(), invoices));
    }
    let build = |p: &[(String, String, f64)]| {
        Ratings::from_triplets(
            Feedback::Implicit,
            DuplicatePolicy::Reject,
            p.iter().map(|(u, i, v)| (u.as_str(), i.as_str(), *v)),
        )
        .expect("valid slice")
    };
    (build(&parts[0]), build(&parts[1]))
}

pub fn load(dir: &std::path::Path, file: &str) -> Ratings {
    RatingsSchema::movielens_100k()
        .load(dir.join(file))
        .unwrap_or_else(|e| panic!("loading {file}: {e}"))
}

#[derive(Debug, Deserialize)]
pub struct SimOptions {
    pub name: String,
    pub user_based: bool,
    #[serde(default)]
    pub min_support: Option<usize>,
    #[serde(default)]
    pub shrinkage: Option<f64>,
}

#[derive(Debug, Deserialize)]
pub struct FirstPrediction {
    pub user: String,
    pub item: String,
    pub rating: f64,
    pub est: f64,
    pub impossible: bool,
    pub actual_k: Option<usize>,
}

#[derive(Debug, Deserialize)]
pub struct ModelResult {
    pub algorithm: String,
    pub sim_options: Option<SimOptions>,
    pub k: Option<usize>,
    pub min_k: Option<usize>,
    pub random_state: Option<u64>,
    pub rmse: f64,
    pub mae: f64,
    pub impossible: usize,
    pub first_predictions: Vec<FirstPrediction>,
}

#[derive(Debug, Deserialize)]
pub struct SeedRun {
    pub random_state: u64,
    pub rmse: f64,
    pub mae: f64,
}

#[derive(Debug, Deserialize)]
pub struct SurpriseFixture {
    pub n_train: usize,
    pub n_users_train: usize,
    pub n_items_train: usize,
    pub global_mean_train: f64,
    pub results: Vec<ModelResult>,
    pub svd_seed_spread: Vec<SeedRun>,
}

pub fn measure(o: &SimOptions) -> Similarity {
    match o.name.as_str() {
        "cosine" => Similarity::Cosine,
        "msd" => Similarity::Msd,
        "pearson" => Similarity::Pearson,
        "pearson_baseline" => Similarity::PearsonBaseline {
            shrinkage: o.shrinkage.unwrap_or(100.0),
        },
        other => panic!("unknown similarity {other}"),
    }
}

pub fn knn_algorithm(name: &str) -> Option<KnnAlgorithm> {
    Some(match name {
        "KNNBasic" => KnnAlgorithm::Basic,
        "KNNWithMeans" => KnnAlgorithm::WithMeans,
        "KNNWithZScore" => KnnAlgorithm::WithZScore,
        "KNNBaseline" => KnnAlgorithm::Baseline,
        _ => return None,
    })
}

/// Fits the configuration a fixture result describes.
pub fn fit(
    algorithm: &str,
    sim: Option<&SimOptions>,
    k: Option<usize>,
    min_k: Option<usize>,
    seed: Option<u64>,
    train: &Ratings,
) -> Box<dyn RatingPredictor> {
    if let Some(a) = knn_algorithm(algorithm) {
        let o = sim.expect("KNN has sim_options");
        let spec = Knn::new(a)
            .similarity(measure(o))
            .user_based(o.user_based)
            .k(k.unwrap_or(40))
            .min_k(min_k.unwrap_or(1))
            .min_support(o.min_support.unwrap_or(1));
        return Box::new(spec.fit(train).expect("KNN fits"));
    }
    match algorithm {
        "BaselineOnly_als" => Box::new(
            BaselineOnly::new(BaselineMethod::als())
                .fit(train)
                .expect("baseline fits"),
        ),
        "BaselineOnly_sgd" => Box::new(
            BaselineOnly::new(BaselineMethod::sgd())
                .fit(train)
                .expect("baseline fits"),
        ),
        "SVD" => Box::new(
            Svd::new()
                .seed(seed.unwrap_or(0))
                .fit(train)
                .expect("SVD fits"),
        ),
        other => panic!("unknown algorithm {other}"),
    }
}

pub fn label(r: &ModelResult) -> String {
    match &r.sim_options {
        Some(o) => format!(
            "{} {} {}",
            r.algorithm,
            o.name,
            if o.user_based { "user" } else { "item" }
        ),
        None => r.algorithm.clone(),
    }
}

/// Outcome of comparing one configuration with Surprise.
#[derive(Debug, Default)]
pub struct Comparison {
    pub label: String,
    pub max_pair_diff: f64,
    pub rmse: f64,
    pub mae: f64,
    pub rmse_diff: f64,
    pub mae_diff: f64,
    pub impossible: usize,
}

/// Fits `r`'s configuration on `train`, predicts `test`, and checks it against the fixture
/// with the README's tolerances.
pub fn compare(r: &ModelResult, train: &Ratings, test: &Ratings) -> Comparison {
    let model = fit(
        &r.algorithm,
        r.sim_options.as_ref(),
        r.k,
        r.min_k,
        r.random_state,
        train,
    );
    let preds = model.test(test);
    let est: Vec<f64> = preds.iter().map(|p| p.estimate).collect();
    let rmse = recsys_cf::metrics::rmse(test.values(), &est).unwrap();
    let mae = recsys_cf::metrics::mae(test.values(), &est).unwrap();
    let impossible = preds.iter().filter(|p| p.impossible).count();
    let label = label(r);
    let deterministic = r.algorithm != "SVD";
    let mut max_pair_diff: f64 = 0.0;
    if deterministic {
        for (n, fp) in r.first_predictions.iter().enumerate() {
            // The fixture lists the first test pairs in test-file order, as `test` holds them.
            let e = test.entry(n);
            assert_eq!(
                (test.users().id(e.user), test.items().id(e.item)),
                (fp.user.as_str(), fp.item.as_str()),
                "{label}: pair {n} order"
            );
            assert_eq!(e.value, fp.rating, "{label}: pair {n} rating");
            let p = preds[n];
            let d = (p.estimate - fp.est).abs();
            max_pair_diff = max_pair_diff.max(d);
            assert!(
                d <= 1e-6,
                "{label}: pair {n} ({}, {}) est {} vs Surprise {} (actual_k {:?} vs {:?})",
                fp.user,
                fp.item,
                p.estimate,
                fp.est,
                p.actual_k,
                fp.actual_k
            );
            assert_eq!(p.impossible, fp.impossible, "{label}: pair {n} impossible");
            if !fp.impossible {
                assert_eq!(p.actual_k, fp.actual_k, "{label}: pair {n} actual_k");
            }
        }
        assert_eq!(impossible, r.impossible, "{label}: impossible count");
        assert!(
            (rmse - r.rmse).abs() <= 0.002,
            "{label}: RMSE {rmse} vs {}",
            r.rmse
        );
        assert!(
            (mae - r.mae).abs() <= 0.002,
            "{label}: MAE {mae} vs {}",
            r.mae
        );
    }
    Comparison {
        label,
        max_pair_diff,
        rmse,
        mae,
        rmse_diff: (rmse - r.rmse).abs(),
        mae_diff: (mae - r.mae).abs(),
        impossible,
    }
}

#[derive(Deserialize)]
pub struct Scored {
    pub item: String,
    pub score: f64,
}

/// The `implicit` package's item-item cosine (K = 20) on a data set: its similarity matrix size,
/// similar items and top-10 lists for some ids, and ranking metrics.
#[derive(Deserialize)]
pub struct ItemCosineFixture {
    pub similarity_nnz: usize,
    pub similar_items: std::collections::BTreeMap<String, Vec<Scored>>,
    pub recommend_top10: std::collections::BTreeMap<String, Vec<Scored>>,
    pub ranking_metrics_at_10: ImplicitMetrics,
}

#[derive(Deserialize)]
pub struct ImplicitMetrics {
    pub precision: f64,
    pub map: f64,
    pub ndcg: f64,
    pub auc: f64,
}

/// Scores agree within 1e-9 position by position; ids agree except within runs of equal scores,
/// whose order `implicit` leaves unspecified (compared as sets).
pub fn same_list(got: &TopN, want: &[Scored], what: &str) {
    assert_eq!(got.items.len(), want.len(), "{what}: length");
    for (g, w) in got.items.iter().zip(want) {
        assert!(
            (g.score - w.score).abs() < 1e-9,
            "{what}: {} {} vs {} {}",
            g.item,
            g.score,
            w.item,
            w.score
        );
    }
    let mut start = 0;
    while start < want.len() {
        let mut end = start + 1;
        while end < want.len() && (want[end].score - want[start].score).abs() < 1e-9 {
            end += 1;
        }
        let g: BTreeSet<&str> = got.items[start..end]
            .iter()
            .map(|s| s.item.as_str())
            .collect();
        let w: BTreeSet<&str> = want[start..end].iter().map(|s| s.item.as_str()).collect();
        // A tie run cut off by the list's end may hold different members of the tie.
        if end < want.len() {
            assert_eq!(g, w, "{what}: items at ranks {start}..{end}");
        }
        start = end;
    }
}

/// `implicit`'s `ranking_metrics_at_k` from per-user hit lists: pooled precision, per-user MAP
/// and NDCG (ours), and its truncated AUC over a catalogue of `n_items`.
pub fn implicit_metrics(r: &RankingReport, n_items: usize) -> ImplicitMetrics {
    let mut auc_sum = 0.0;
    for u in &r.users {
        let pos = u.n_relevant as f64;
        let neg = n_items as f64 - pos;
        let (mut hit, mut miss, mut auc) = (0.0, 0.0, 0.0);
        for k in 0..r.k {
            if u.hits.get(k).copied().unwrap_or(false) {
                hit += 1.0;
            } else {
                miss += 1.0;
                auc += hit;
            }
        }
        auc += ((hit + pos) / 2.0) * (neg - miss);
        auc_sum += auc / (pos * neg);
    }
    ImplicitMetrics {
        precision: r.pooled_precision(),
        map: r.map,
        ndcg: r.ndcg,
        auc: auc_sum / r.users.len() as f64,
    }
}
