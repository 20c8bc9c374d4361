//! Exponential smoothing state-space models (ETS, Hyndman et al. 2008): error A/M, trend
//! N/A/Ad, season N/A/M, estimated by maximum likelihood, chosen by AICc in [`AutoEts`].

mod auto;
mod core;
mod fitted;
mod init;
mod model;
mod optimize;
mod params;
mod spec;
mod variance;

pub use auto::{AutoEts, AutoEtsReport, EtsCandidate};
pub use fitted::{EtsParameters, FittedEts};
pub use model::{ErrorType, EtsModel, SeasonType, TrendType};
pub use params::EtsBounds;
pub use spec::{Ets, MAX_ETS_PERIOD};
pub use variance::{ETS_SIMULATION_PATHS, ETS_SIMULATION_SEED};
