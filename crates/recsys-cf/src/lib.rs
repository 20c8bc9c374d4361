#![doc = include_str!("../README.md")]

mod baseline;
mod data;
mod error;
pub mod evaluate;
pub mod implicit;
pub mod knn;
pub mod limits;
pub mod metrics;
mod popularity;
mod prediction;
mod saved;
pub mod similarity;
pub mod split;
mod svd;
mod svdpp;
pub mod topn;

pub use baseline::{BaselineMethod, BaselineModel, BaselineOnly};
pub use error::{RecsysError, Result};
pub use implicit::{ImplicitAls, ImplicitAlsModel, ItemCosine, ItemCosineModel};
pub use knn::{Knn, KnnAlgorithm, KnnModel};
pub use popularity::{Popularity, PopularityModel};
pub use prediction::{Algorithm, Fallback, Prediction, RatingPredictor};
pub use similarity::{Similarity, SimilarityMatrix, SimilarityOptions, Storage};
pub use svd::{Svd, SvdModel};
pub use svdpp::{SvdPp, SvdPpModel};
pub use topn::{Recommender, ScoredItem, TopN};
