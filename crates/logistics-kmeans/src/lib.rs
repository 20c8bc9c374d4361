#![doc = include_str!("../README.md")]

mod choose_k;
mod cost;
mod data;
mod distance;
mod elkan;
mod error;
mod geo;
mod geo_model;
mod geometry;
mod hamerly;
mod init;
mod kmeans;
mod lloyd;
mod median;
mod minibatch;
mod model;
mod params;
mod pass;
mod report;
mod rng;
mod run;
mod silhouette;
mod sphere;
mod update;

pub use choose_k::{KCurve, KScore};
pub use cost::{CostCurve, NetworkCost, SiteCosts, choose_k_by_cost};
pub use error::{KMeansError, Result};
pub use geo::{GeoKMeans, GeoObjective};
pub use geo_model::GeoModel;
pub use kmeans::{DEFAULT_SEED, KMeans};
pub use minibatch::MiniBatchKMeans;
pub use model::{KMeansModel, inertia};
pub use params::{Algorithm, Init};
pub use report::SiteReport;
pub use silhouette::{SilhouetteOptions, silhouette_score};
