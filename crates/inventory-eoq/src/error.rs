//! The crate's single error type.

use thiserror::Error;

/// Everything that can go wrong in this crate.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum InventoryError {
    /// A parameter is outside its valid range.
    #[error("invalid {name}: {reason}")]
    InvalidParameter {
        /// Name of the parameter.
        name: &'static str,
        /// Why it is invalid.
        reason: String,
    },
    /// Invalid input data, as reported by `ecom-core`.
    #[error(transparent)]
    Core(#[from] ecom_core::CoreError),
}

/// Result alias with [`InventoryError`].
pub type Result<T, E = InventoryError> = std::result::Result<T, E>;
