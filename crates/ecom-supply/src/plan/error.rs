//! The planning pipeline's error type.

use thiserror::Error;

/// Everything that can stop a plan, or one SKU of it.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum PlanError {
    /// A setting is outside its valid range.
    #[error("invalid {name}: {reason}")]
    InvalidParameter {
        /// The setting.
        name: &'static str,
        /// Why it is invalid.
        reason: String,
    },
    /// A SKU's history is too short to forecast and plan.
    #[error("SKU {id:?}: {got} periods of history, need at least {needed}")]
    NotEnoughData {
        /// The SKU.
        id: String,
        /// Periods needed.
        needed: usize,
        /// Periods available.
        got: usize,
    },
    /// A SKU sold nothing over its whole history: there is no demand to plan for.
    #[error("SKU {id:?}: no sales in the history")]
    NoDemand {
        /// The SKU.
        id: String,
    },
    /// Invalid input data.
    #[error(transparent)]
    Core(#[from] ecom_core::CoreError),
    /// The forecasting step failed.
    #[error("forecast: {0}")]
    Forecast(#[from] forecast_arima::ArimaError),
    /// The inventory step failed.
    #[error("inventory: {0}")]
    Inventory(#[from] inventory_eoq::InventoryError),
    /// The warehouse step failed.
    #[error("warehouses: {0}")]
    Warehouses(#[from] logistics_kmeans::KMeansError),
}

/// Result alias with [`PlanError`].
pub type Result<T, E = PlanError> = std::result::Result<T, E>;

pub(crate) fn invalid(name: &'static str, reason: impl Into<String>) -> PlanError {
    PlanError::InvalidParameter {
        name,
        reason: reason.into(),
    }
}
