#![doc = include_str!("../README.md")]
// Index loops mirror the recurrences of the papers they implement, and `!(x > 0.0)` is the
// deliberate NaN-catching form of "not positive".
#![allow(clippy::needless_range_loop, clippy::neg_cmp_op_on_partial_ord)]

mod arima;
mod arma;
mod auto;
mod backtest;
mod baseline;
mod batch;
#[doc(hidden)]
pub mod bench_support;
mod calendar;
mod css;
mod difference;
mod diffuse;
mod error;
mod estimate;
mod ets;
mod fitted;
mod forecaster;
mod gls;
mod interval;
mod kalman;
mod limits;
mod metrics;
mod note;
mod optim;
mod order;
mod poly;
mod regressors;
mod saved;
mod select;
mod start;
mod statespace;
mod stationary;
mod stl;
mod theta;
mod trading_days;
mod transform;
mod unit_root;
mod with_regressors;

pub use arima::Arima;
pub use auto::{AutoArima, AutoArimaReport, Candidate, InformationCriterion};
pub use backtest::{Backtest, BacktestReport, Fold};
pub use baseline::{
    FittedHolt, FittedMovingAverage, FittedSeasonalNaive, FittedSes, Holt, LevelInit,
    MovingAverage, SeasonalNaive, SimpleExpSmoothing,
};
pub use batch::{fit_batch, fit_history, forecast_batch, forecast_history};
pub use difference::Differencing;
pub use error::{ArimaError, Result};
pub use ets::{
    AutoEts, AutoEtsReport, ETS_SIMULATION_PATHS, ETS_SIMULATION_SEED, ErrorType, Ets, EtsBounds,
    EtsCandidate, EtsModel, EtsParameters, FittedEts, MAX_ETS_PERIOD, SeasonType, TrendType,
};
pub use fitted::RegressorCoefficient;
pub use fitted::{Coefficients, FittedArima, InformationCriteria, MeanForecast};
pub use forecaster::{FittedModel, Forecaster};
pub use interval::{DEFAULT_LEVELS, MIN_LEVEL, normal_quantile};
pub use limits::MAX_REGRESSORS;
pub use limits::{MAX_HORIZON, MAX_STATE_DIM};
pub use metrics::{Metrics, mase_scale, score};
pub use note::{FitNote, MlStart};
pub use order::{Method, Order, SeasonalOrder, Trend};
pub use regressors::Regressors;
pub use select::{
    AnyFittedModel, BacktestSelector, CandidateScore, Criterion, ModelSpec, Outcome, Score,
    SelectedModel,
};
pub use stl::seasonal_strength;
pub use theta::{Decomposition, FittedTheta, Theta};
pub use trading_days::{FittedOnTradingDays, OnTradingDays};
pub use unit_root::{kpss_pvalue, kpss_statistic, ndiffs, nsdiffs};
pub use with_regressors::{FittedWithRegressors, WithRegressors};
