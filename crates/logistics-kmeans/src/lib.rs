#![doc = include_str!("../README.md")]

mod data;
mod distance;
mod elkan;
mod error;
mod geometry;
mod hamerly;
mod init;
mod kmeans;
mod lloyd;
mod model;
mod params;
mod pass;
mod rng;
mod run;
mod update;

pub use error::{KMeansError, Result};
pub use kmeans::{DEFAULT_SEED, KMeans};
pub use model::{KMeansModel, inertia};
pub use params::{Algorithm, Init};
