#![doc = include_str!("../README.md")]

#[doc(inline)]
pub use ecom_core::*;

/// Demand forecasting (the `forecast-arima` crate).
#[cfg(feature = "forecast-arima")]
pub use forecast_arima as forecast;

/// Product recommendation (the `recsys-cf` crate).
#[cfg(feature = "recsys-cf")]
pub use recsys_cf as recsys;

/// Inventory policy (the `inventory-eoq` crate).
#[cfg(feature = "inventory-eoq")]
pub use inventory_eoq as inventory;

/// Warehouse placement (the `logistics-kmeans` crate).
#[cfg(feature = "logistics-kmeans")]
pub use logistics_kmeans as kmeans;

#[cfg(feature = "plan")]
pub mod plan;

/// The workspace README's library example, compiled and run as a doctest so that it works as
/// written under its dependency line.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct WorkspaceReadme;
