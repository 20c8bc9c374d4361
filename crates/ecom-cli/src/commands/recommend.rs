//! `ecom recommend`, `ecom similar-items` and `ecom evaluate`: collaborative filtering from a
//! ratings or purchases file.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use ecom_supply::Ratings;
use ecom_supply::recsys::evaluate::{self, Relevance};
use ecom_supply::recsys::{
    ImplicitAls, ImplicitAlsModel, ItemCosine, ItemCosineModel, Knn, KnnAlgorithm, KnnModel,
    Popularity, PopularityModel, RatingPredictor, Recommender, RecsysError, Similarity, Svd,
    SvdModel, SvdPp, SvdPpModel, TopN,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::commands::saved;
use crate::error::CliError;
use crate::inputs::{RatingsColumns, RatingsInput};
use crate::output::{Report, metric_report, num};

impl From<RecsysError> for CliError {
    fn from(e: RecsysError) -> Self {
        CliError::Input(e.to_string())
    }
}

/// The model to fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum AlgorithmName {
    /// Neighbourhood average of ratings (Surprise's KNNBasic).
    KnnBasic,
    /// Neighbourhood with mean-centred ratings (KNNWithMeans).
    KnnMeans,
    /// Neighbourhood with z-scored ratings (KNNWithZScore).
    KnnZscore,
    /// Neighbourhood on baseline residuals (KNNBaseline).
    KnnBaseline,
    /// Biased matrix factorisation by SGD (Funk SVD).
    Svd,
    /// SVD++ (factorisation with implicit feedback of what each user rated).
    Svdpp,
    /// Implicit ALS (Hu, Koren, Volinsky) for purchases and clicks.
    ImplicitAls,
    /// Item-item cosine on binary interactions ("customers who bought this also bought").
    ItemCosine,
    /// Bestsellers: most interactions first.
    Popularity,
}

/// The similarity measure of the neighbourhood models.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SimilarityName {
    /// Cosine over co-rated entries.
    Cosine,
    /// Mean squared difference.
    Msd,
    /// Pearson correlation.
    Pearson,
    /// Pearson correlation of baseline residuals, shrunk.
    PearsonBaseline,
}

/// Model choice and settings shared by the recommendation commands.
#[derive(Debug, Args)]
pub(crate) struct ModelArgs {
    /// Algorithm [default: svd for explicit ratings, implicit-als for --implicit data].
    #[arg(long, value_enum)]
    algorithm: Option<AlgorithmName>,
    /// Item-based neighbourhoods (similar items) instead of user-based (similar users).
    #[arg(long)]
    item_based: bool,
    /// Similarity measure of the knn-* algorithms.
    #[arg(long, value_enum, default_value_t = SimilarityName::Msd)]
    similarity: SimilarityName,
    /// Shrinkage of pearson-baseline.
    #[arg(long, default_value_t = 100.0)]
    shrinkage: f64,
    /// Neighbours per prediction (knn-*) or kept per item (item-cosine).
    #[arg(long)]
    k: Option<usize>,
    /// Latent factors (svd, svdpp, implicit-als).
    #[arg(long)]
    factors: Option<usize>,
    /// Training epochs or iterations (svd, svdpp, implicit-als).
    #[arg(long)]
    epochs: Option<usize>,
    /// Random seed (svd, svdpp, implicit-als).
    #[arg(long, default_value_t = 0)]
    seed: u64,
}

/// A fitted model of any kind: what `--save-model` stores.
#[derive(Serialize, Deserialize)]
#[serde(tag = "kind", content = "fit", rename_all = "snake_case")]
enum Model {
    Knn(KnnModel),
    Svd(SvdModel),
    SvdPp(SvdPpModel),
    Als(ImplicitAlsModel),
    ItemCosine(ItemCosineModel),
    Popularity(PopularityModel),
}

impl Model {
    fn recommender(&self) -> &dyn Recommender {
        match self {
            Model::Knn(m) => m,
            Model::Svd(m) => m,
            Model::SvdPp(m) => m,
            Model::Als(m) => m,
            Model::ItemCosine(m) => m,
            Model::Popularity(m) => m,
        }
    }

    fn predictor(&self) -> Option<&dyn RatingPredictor> {
        match self {
            Model::Knn(m) => Some(m),
            Model::Svd(m) => Some(m),
            Model::SvdPp(m) => Some(m),
            Model::Als(_) | Model::ItemCosine(_) | Model::Popularity(_) => None,
        }
    }
}

impl ModelArgs {
    fn algorithm(&self, data: &Ratings) -> AlgorithmName {
        self.algorithm
            .unwrap_or(if data.feedback().scale().is_some() {
                AlgorithmName::Svd
            } else {
                AlgorithmName::ImplicitAls
            })
    }

    fn fit(&self, train: &Ratings) -> Result<(AlgorithmName, Model), CliError> {
        let algorithm = self.algorithm(train);
        let knn = |kind: KnnAlgorithm| -> Result<Model, CliError> {
            let similarity = match self.similarity {
                SimilarityName::Cosine => Similarity::Cosine,
                SimilarityName::Msd => Similarity::Msd,
                SimilarityName::Pearson => Similarity::Pearson,
                SimilarityName::PearsonBaseline => Similarity::PearsonBaseline {
                    shrinkage: self.shrinkage,
                },
            };
            let mut spec = Knn::new(kind)
                .similarity(similarity)
                .user_based(!self.item_based);
            if let Some(k) = self.k {
                spec = spec.k(k);
            }
            Ok(Model::Knn(spec.fit(train)?))
        };
        let model = match algorithm {
            AlgorithmName::KnnBasic => knn(KnnAlgorithm::Basic)?,
            AlgorithmName::KnnMeans => knn(KnnAlgorithm::WithMeans)?,
            AlgorithmName::KnnZscore => knn(KnnAlgorithm::WithZScore)?,
            AlgorithmName::KnnBaseline => knn(KnnAlgorithm::Baseline)?,
            AlgorithmName::Svd => {
                let mut spec = Svd::new().seed(self.seed);
                if let Some(f) = self.factors {
                    spec = spec.n_factors(f);
                }
                if let Some(e) = self.epochs {
                    spec = spec.n_epochs(e);
                }
                Model::Svd(spec.fit(train)?)
            }
            AlgorithmName::Svdpp => {
                let mut spec = SvdPp::new().seed(self.seed);
                if let Some(f) = self.factors {
                    spec = spec.n_factors(f);
                }
                if let Some(e) = self.epochs {
                    spec = spec.n_epochs(e);
                }
                Model::SvdPp(spec.fit(train)?)
            }
            AlgorithmName::ImplicitAls => {
                let mut spec = ImplicitAls::new().seed(self.seed);
                if let Some(f) = self.factors {
                    spec = spec.factors(f);
                }
                if let Some(e) = self.epochs {
                    spec = spec.iterations(e);
                }
                Model::Als(spec.fit(train)?)
            }
            AlgorithmName::ItemCosine => {
                let mut spec = ItemCosine::new();
                if let Some(k) = self.k {
                    spec = spec.k(k);
                }
                Model::ItemCosine(spec.fit(train)?)
            }
            AlgorithmName::Popularity => Model::Popularity(Popularity.fit(train)?),
        };
        Ok((algorithm, model))
    }
}

fn algorithm_name(a: AlgorithmName) -> String {
    a.to_possible_value()
        .map_or_else(|| format!("{a:?}"), |v| v.get_name().to_owned())
}

fn top_n_report(list: &TopN, what: &str, algorithm: AlgorithmName) -> Report {
    let rows = list
        .items
        .iter()
        .enumerate()
        .map(|(r, s)| vec![(r + 1).to_string(), s.item.clone(), num(s.score)])
        .collect();
    Report {
        partial: None,
        headers: vec!["rank".into(), "item".into(), "score".into()],
        rows,
        json: json!({
            what: list.query,
            "algorithm": algorithm_name(algorithm),
            "cold_start": list.cold_start,
            "items": list.items.iter().enumerate().map(|(r, s)| json!({"rank": r + 1, "item": s.item, "score": s.score})).collect::<Vec<_>>(),
        }),
        sections: Vec::new(),
    }
}

/// Top-N items for a user, leaving out what they already rated or bought.
#[derive(Debug, Args)]
pub(crate) struct RecommendArgs {
    /// Ratings or purchases CSV file (not needed with --model-file: the model holds its
    /// training data).
    #[arg(required_unless_present = "model_file")]
    file: Option<PathBuf>,
    #[command(flatten)]
    columns: RatingsColumns,
    /// Write the fitted model (with its training data) to this JSON file, to recommend later
    /// with --model-file.
    #[arg(long)]
    save_model: Option<PathBuf>,
    /// Recommend from the model saved in this file (by --save-model) instead of fitting.
    #[arg(long, conflicts_with_all = ["file", "algorithm", "save_model"])]
    model_file: Option<PathBuf>,
    /// The user to recommend for.
    #[arg(long)]
    user: String,
    /// How many items.
    #[arg(long, default_value_t = 10)]
    top: usize,
    /// Keep items the user already has.
    #[arg(long)]
    include_seen: bool,
    #[command(flatten)]
    model: ModelArgs,
}

/// `--top 0` would answer an empty list that looks like "nothing to recommend".
fn check_top(top: usize) -> Result<(), CliError> {
    if top == 0 {
        return Err(CliError::Input("--top must be at least 1".into()));
    }
    Ok(())
}

/// A recommender in a model file: the algorithm it was fitted with and the fitted model
/// (which holds its training data).
#[derive(Serialize, Deserialize)]
struct SavedRecommender {
    algorithm: AlgorithmName,
    model: Model,
}

/// The format name of recommender model files.
const FORMAT: &str = "ecom-recommender";

pub(crate) fn recommend(args: &RecommendArgs) -> Result<Report, CliError> {
    check_top(args.top)?;
    let (algorithm, model) = match (&args.model_file, &args.file) {
        (Some(path), _) => {
            let saved: SavedRecommender = saved::load(path, FORMAT)?;
            (saved.algorithm, saved.model)
        }
        (None, Some(file)) => args.model.fit(&args.columns.load(file)?)?,
        (None, None) => unreachable!("clap requires the ratings file without --model-file"),
    };
    // An empty list with a cause other than "the user has everything" is an error.
    let list = model
        .recommender()
        .recommend_checked(&args.user, args.top, !args.include_seen)?;
    if list.cold_start {
        eprintln!(
            "note: user {:?} is not in the training data: showing the most popular items",
            args.user,
        );
    }
    let report = top_n_report(&list, "user", algorithm);
    if let Some(path) = &args.save_model {
        saved::save(path, FORMAT, &SavedRecommender { algorithm, model })?;
    }
    Ok(report)
}

/// Items most similar to an item.
#[derive(Debug, Args)]
pub(crate) struct SimilarItemsArgs {
    #[command(flatten)]
    input: RatingsInput,
    /// The item to find neighbours of.
    #[arg(long)]
    item: String,
    /// How many items.
    #[arg(long, default_value_t = 10)]
    top: usize,
    /// Model: item-cosine (default), implicit-als, svd, or a knn-* model (item-based).
    #[arg(long, value_enum, default_value_t = AlgorithmName::ItemCosine)]
    algorithm: AlgorithmName,
    /// Neighbours kept per item (item-cosine) or similarity measure settings (knn-*).
    #[command(flatten)]
    knn: SimilarItemsKnn,
    /// Latent factors (svd, implicit-als).
    #[arg(long)]
    factors: Option<usize>,
    /// Random seed (svd, implicit-als).
    #[arg(long, default_value_t = 0)]
    seed: u64,
}

/// Neighbourhood settings for `similar-items`.
#[derive(Debug, Args)]
pub(crate) struct SimilarItemsKnn {
    /// Similarity measure of the knn-* algorithms.
    #[arg(long, value_enum, default_value_t = SimilarityName::Cosine)]
    similarity: SimilarityName,
    /// Neighbours kept per item (item-cosine).
    #[arg(long)]
    k: Option<usize>,
}

pub(crate) fn similar_items(args: &SimilarItemsArgs) -> Result<Report, CliError> {
    check_top(args.top)?;
    let data = args.input.load()?;
    if data.item_index(&args.item).is_none() {
        return Err(CliError::Input(format!(
            "{}: item {:?} does not occur in the file",
            args.input.file.display(),
            args.item
        )));
    }
    let spec = ModelArgs {
        algorithm: Some(args.algorithm),
        item_based: true,
        similarity: args.knn.similarity,
        shrinkage: 100.0,
        k: args.knn.k,
        factors: args.factors,
        epochs: None,
        seed: args.seed,
    };
    let (algorithm, model) = spec.fit(&data)?;
    // Models without an item similarity (SVD++, popularity) answer with a typed error.
    let list = model
        .recommender()
        .similar_items(&args.item, args.top)
        .map_err(|e| {
            CliError::Input(format!(
                "--algorithm {}: {e} (item-cosine, implicit-als, svd and the knn-* models have one)",
                algorithm_name(algorithm)
            ))
        })?;
    Ok(top_n_report(&list, "item", algorithm))
}

/// Fit on one file, score on another: rating accuracy and top-N ranking quality.
#[derive(Debug, Args)]
pub(crate) struct EvaluateArgs {
    /// Training ratings.
    #[arg(long)]
    train: PathBuf,
    /// Test ratings (same columns).
    #[arg(long)]
    test: PathBuf,
    #[command(flatten)]
    columns: RatingsColumns,
    #[command(flatten)]
    model: ModelArgs,
    /// Cut-off k of the ranking metrics.
    #[arg(long, default_value_t = 10)]
    at: usize,
    /// A test rating at least this high counts as relevant (explicit data; implicit: any).
    #[arg(long, default_value_t = 4.0)]
    relevant: f64,
}

pub(crate) fn evaluate_model(args: &EvaluateArgs) -> Result<Report, CliError> {
    let train = args.columns.load(&args.train)?;
    let test = args.columns.load(&args.test)?;
    let (algorithm, model) = args.model.fit(&train)?;
    let relevance = if train.feedback().scale().is_some() {
        Relevance::AtLeast(args.relevant)
    } else {
        Relevance::Any
    };
    let ranking = evaluate::ranking(model.recommender(), &test, args.at, relevance)?;
    let k = args.at;
    let mut rows: Vec<(String, serde_json::Value)> =
        vec![("algorithm".into(), json!(algorithm_name(algorithm)))];
    if let Some(p) = model.predictor() {
        let acc = evaluate::accuracy(p, &test)?;
        rows.push(("rmse".into(), json!(acc.rmse)));
        rows.push(("mae".into(), json!(acc.mae)));
        rows.push(("impossible".into(), json!(acc.impossible)));
    }
    rows.extend([
        (format!("precision@{k}"), json!(ranking.precision)),
        (format!("recall@{k}"), json!(ranking.recall)),
        (format!("ndcg@{k}"), json!(ranking.ndcg)),
        (format!("map@{k}"), json!(ranking.map)),
        (format!("hit_rate@{k}"), json!(ranking.hit_rate)),
        ("coverage".into(), json!(ranking.coverage)),
        ("users".into(), json!(ranking.n_users)),
    ]);
    Ok(metric_report(
        rows.iter().map(|(k, v)| (k.as_str(), v.clone())).collect(),
    ))
}
