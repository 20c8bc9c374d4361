//! The crate's single error type.

use thiserror::Error;

/// Everything that can go wrong in this crate.
///
/// Every constructor and solver validates its input and returns one of these instead of
/// panicking or silently producing a meaningless number.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum InventoryError {
    /// A quantity that must be strictly positive (a demand rate, a cost, an order quantity) is
    /// zero, negative or NaN.
    #[error("{name} must be positive, got {value}")]
    NotPositive {
        /// Name of the parameter.
        name: &'static str,
        /// The value received.
        value: f64,
    },

    /// A quantity that must be zero or positive (a fixed cost, a lead time) is negative or NaN.
    #[error("{name} must be non-negative, got {value}")]
    Negative {
        /// Name of the parameter.
        name: &'static str,
        /// The value received.
        value: f64,
    },

    /// A value is NaN or infinite.
    #[error("{name} must be finite, got {value}")]
    NonFinite {
        /// Name of the parameter (or data set) holding the value.
        name: &'static str,
        /// The value received.
        value: f64,
    },

    /// A probability (service level, fill rate, critical ratio) is outside the open interval (0, 1).
    #[error("{name} must lie strictly between 0 and 1, got {value}")]
    ProbabilityOutOfRange {
        /// Name of the parameter.
        name: &'static str,
        /// The value received.
        value: f64,
    },

    /// The production rate of an EPQ model does not exceed the demand rate, so inventory never
    /// builds up.
    #[error("production rate {production_rate} must exceed demand rate {demand_rate}")]
    ProductionTooSlow {
        /// Production rate received.
        production_rate: f64,
        /// Demand rate received.
        demand_rate: f64,
    },

    /// Quantity-discount breakpoints do not start at 0 or are not strictly increasing.
    #[error("discount breakpoints must start at 0 and increase strictly: {reason}")]
    UnsortedBreakpoints {
        /// What is wrong, naming the offending position.
        reason: String,
    },

    /// Two inputs that must have the same length do not.
    #[error("{what}: expected length {expected}, got {got}")]
    LengthMismatch {
        /// What was being checked.
        what: &'static str,
        /// The required length.
        expected: usize,
        /// The length received.
        got: usize,
    },

    /// An input sequence (demand history, probability mass function, horizon) is empty.
    #[error("{what} is empty")]
    Empty {
        /// What was empty.
        what: &'static str,
    },

    /// A parameter is outside its valid range for a reason not covered above.
    #[error("invalid {name}: {reason}")]
    InvalidParameter {
        /// Name of the parameter.
        name: &'static str,
        /// Why it is invalid.
        reason: String,
    },

    /// The model has no solution for these inputs (for example an approximation whose
    /// fixed-point equation has no root).
    #[error("no feasible solution: {reason}")]
    Infeasible {
        /// Why no solution exists.
        reason: String,
    },

    /// Invalid input data, as reported by `ecom-core`.
    #[error(transparent)]
    Core(#[from] ecom_core::CoreError),
}

/// Result alias with [`InventoryError`].
pub type Result<T, E = InventoryError> = std::result::Result<T, E>;
