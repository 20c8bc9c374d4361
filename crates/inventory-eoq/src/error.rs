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

    /// One element of an input sequence (a demand history, a pmf, per-period costs) is invalid;
    /// `index` is its 0-based position, so a caller can point at the date or line it came from.
    #[error("{what}: value at index {index} is {}, {expected}", show(*value))]
    InvalidElement {
        /// What the sequence holds.
        what: &'static str,
        /// 0-based position of the offending value.
        index: usize,
        /// The offending value.
        value: f64,
        /// What it must be ("must be non-negative", ...).
        expected: &'static str,
    },

    /// An input is beyond a documented limit of the crate (a magnitude above
    /// [`MAX_ABS_VALUE`](crate::limits::MAX_ABS_VALUE), or one of the work limits in
    /// [`limits`](crate::limits)), checked before any work starts; `advice` says what to do.
    #[error("{what} {} is beyond the limit of {}: {advice}", show(*value), show(*limit))]
    LimitExceeded {
        /// What was measured against the limit.
        what: &'static str,
        /// The value received (or the size of the work it implies).
        value: f64,
        /// The limit.
        limit: f64,
        /// What to do instead.
        advice: &'static str,
    },

    /// A result would not be finite, or would leave its range (a negative cost, a probability
    /// above 1), for these inputs: they are too far apart for double precision.
    #[error("{what} is out of range: {reason}")]
    OutOfRange {
        /// Which result.
        what: &'static str,
        /// The offending value and the inputs that produced it.
        reason: String,
    },

    /// Invalid input data, as reported by `ecom-core`.
    #[error(transparent)]
    Core(#[from] ecom_core::CoreError),
}

/// A number for a message: plain when short, in scientific notation when it would print as
/// hundreds of digits.
fn show(x: f64) -> String {
    if x != 0.0 && x.is_finite() && !(1e-4..1e7).contains(&x.abs()) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// Result alias with [`InventoryError`].
pub type Result<T, E = InventoryError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_keep_numbers_short() {
        let e = InventoryError::LimitExceeded {
            what: "demand",
            value: 1e308,
            limit: 1e150,
            advice: "rescale",
        };
        assert_eq!(
            e.to_string(),
            "demand 1e308 is beyond the limit of 1e150: rescale"
        );
        let e = InventoryError::InvalidElement {
            what: "demand history",
            index: 3,
            value: -40.0,
            expected: "must be non-negative",
        };
        assert_eq!(
            e.to_string(),
            "demand history: value at index 3 is -40, must be non-negative"
        );
    }
}
