//! The crate's single error type.

use thiserror::Error;

/// Everything that can go wrong in this crate.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum KMeansError {
    /// A parameter is outside its valid range (for example `k = 0` or a negative tolerance).
    #[error("invalid {name}: {reason}")]
    InvalidParameter {
        /// Name of the parameter.
        name: &'static str,
        /// Why it is invalid.
        reason: String,
    },
    /// More clusters were asked for than there are distinct points carrying positive weight.
    #[error(
        "k = {k} clusters asked for, but the data hold only {distinct} distinct points with positive weight"
    )]
    TooFewDistinctPoints {
        /// The number of clusters asked for.
        k: usize,
        /// The number of distinct points with positive weight (counted up to `k`).
        distinct: usize,
    },
    /// A coordinate or weight is NaN or infinite.
    #[error("{what}: value at index {index} is not finite ({value})")]
    NonFinite {
        /// What held the value ("initial centres", "weights", ...).
        what: &'static str,
        /// 0-based flat index of the offending value.
        index: usize,
        /// The offending value.
        value: f64,
    },
    /// A latitude is outside [-90, 90] degrees.
    #[error("point {index}: latitude {value} is outside [-90, 90]")]
    LatitudeOutOfRange {
        /// 0-based point index.
        index: usize,
        /// The offending latitude in degrees.
        value: f64,
    },
    /// A longitude is outside [-180, 180] degrees.
    #[error("point {index}: longitude {value} is outside [-180, 180]")]
    LongitudeOutOfRange {
        /// 0-based point index.
        index: usize,
        /// The offending longitude in degrees.
        value: f64,
    },
    /// A weight is negative.
    #[error("weight {value} at index {index} is negative")]
    NegativeWeight {
        /// 0-based point index.
        index: usize,
        /// The offending weight.
        value: f64,
    },
    /// The weights sum to zero, so no site can be pulled anywhere.
    #[error("the weights sum to zero")]
    ZeroTotalWeight,
    /// Two inputs that must agree in size do not (points vs centres, points vs weights).
    #[error("{what}: expected {expected}, got {got}")]
    DimensionMismatch {
        /// What was being checked.
        what: &'static str,
        /// The required size.
        expected: usize,
        /// The size received.
        got: usize,
    },
    /// Total demand exceeds total site capacity, or one customer's demand fits no site.
    #[error("capacity infeasible: {reason}")]
    CapacityInfeasible {
        /// What does not fit.
        reason: String,
    },
    /// A size (a parameter, or memory derived from it and the data) is above the documented
    /// maximum of [`limits`](crate::limits); checked before any work or allocation.
    #[error("{what} = {value} is above the maximum of {max}")]
    LimitExceeded {
        /// What was too large.
        what: &'static str,
        /// The value asked for.
        value: usize,
        /// The largest value accepted.
        max: usize,
    },
    /// A result is too large for `f64`: coordinates and weights whose weighted squared distances
    /// sum beyond ~1.8e308 (possible with values near `ecom_core::MAX_ABS_VALUE`).
    #[error(
        "{what} overflows f64 (coordinates or weights too large); rescale the data, e.g. to other units"
    )]
    Overflow {
        /// The result that overflowed ("inertia", ...).
        what: &'static str,
    },
    /// A saved model or report failed validation when it was loaded (deserialised): a value of
    /// the named field is out of range, non-finite (`null` in JSON) or inconsistent with
    /// another field. A tampered or truncated file is this error (or a syntax error of the
    /// format), never a later panic.
    #[error("invalid saved model: `{field}` {reason}")]
    InvalidModel {
        /// The field of the saved form that is wrong.
        field: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// Invalid input data, as reported by `ecom-core`.
    #[error(transparent)]
    Core(#[from] ecom_core::CoreError),
}

/// Result alias with [`KMeansError`].
pub type Result<T, E = KMeansError> = std::result::Result<T, E>;

pub(crate) fn invalid(name: &'static str, reason: impl Into<String>) -> KMeansError {
    KMeansError::InvalidParameter {
        name,
        reason: reason.into(),
    }
}

/// The error of a saved model whose `field` fails validation.
pub(crate) fn bad_field(field: &'static str, reason: impl Into<String>) -> KMeansError {
    KMeansError::InvalidModel {
        field,
        reason: reason.into(),
    }
}

/// `Err(LimitExceeded)` when `value > max`.
pub(crate) fn at_most(what: &'static str, value: usize, max: usize) -> Result<()> {
    if value > max {
        return Err(KMeansError::LimitExceeded { what, value, max });
    }
    Ok(())
}
