#![doc = include_str!("../README.md")]

mod arima;
mod arma;
mod auto;
mod css;
mod difference;
mod diffuse;
mod error;
mod estimate;
mod fitted;
mod interval;
mod kalman;
mod optim;
mod order;
mod poly;
mod start;
mod stationary;
mod statespace;
mod stl;
mod transform;
mod unit_root;

pub use arima::Arima;
pub use auto::{AutoArima, AutoArimaReport, Candidate, InformationCriterion};
pub use difference::Differencing;
pub use error::{ArimaError, Result};
pub use fitted::{Coefficients, FittedArima, InformationCriteria, Prediction};
pub use interval::{DEFAULT_LEVELS, normal_quantile};
pub use order::{Method, Order, SeasonalOrder, Trend};
