//! The crate's single error type.

use thiserror::Error;

/// Everything that can go wrong while building core data types or loading them from files.
///
/// Loader errors carry the file name, the 1-based line and the column, so a command-line tool
/// can print one line that tells the user exactly what to fix.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum CoreError {
    /// The input held no values at all.
    #[error("{what} is empty")]
    Empty {
        /// What was empty ("time series", "point set", ...).
        what: &'static str,
    },

    /// A value was NaN or infinite.
    #[error("{what}: value at index {index} is not finite ({value})")]
    NonFinite {
        /// What held the value.
        what: &'static str,
        /// 0-based position of the offending value.
        index: usize,
        /// The offending value.
        value: f64,
    },

    /// A finite value is larger in magnitude than [`MAX_ABS_VALUE`](crate::MAX_ABS_VALUE), so
    /// sums of squares over it would overflow.
    #[error("{what}: value at index {index} is too large ({value:e}; the limit is ±{max:e})")]
    TooLarge {
        /// What held the value.
        what: &'static str,
        /// 0-based position of the offending value.
        index: usize,
        /// The offending value.
        value: f64,
        /// The limit, [`MAX_ABS_VALUE`](crate::MAX_ABS_VALUE).
        max: f64,
    },

    /// A parameter or value is outside its valid range.
    #[error("invalid {name}: {reason}")]
    InvalidParameter {
        /// Name of the parameter.
        name: &'static str,
        /// Why it is invalid.
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

    /// A (user, item) pair occurred twice under [`DuplicatePolicy::Reject`](crate::DuplicatePolicy::Reject).
    #[error("duplicate (user, item) pair ({user:?}, {item:?}) at entry {index}")]
    DuplicatePair {
        /// Raw user id.
        user: String,
        /// Raw item id.
        item: String,
        /// 0-based entry number of the second occurrence.
        index: usize,
    },

    /// A rating lies outside the declared rating scale, or an implicit interaction is not positive.
    #[error("value {value} at entry {index} is outside {allowed}")]
    ValueOutOfRange {
        /// The offending value.
        value: f64,
        /// 0-based entry number.
        index: usize,
        /// Human-readable allowed range, e.g. `the rating scale [1, 5]`.
        allowed: String,
    },

    /// A latitude or longitude is outside its range.
    #[error("invalid coordinate: {reason}")]
    InvalidCoordinate {
        /// What is wrong.
        reason: String,
    },

    /// A CSV field could not be read or failed validation.
    #[error("{file}: line {line}, column `{column}`: {message}")]
    Csv {
        /// File name (or `<input>` for readers without one).
        file: String,
        /// 1-based line number in the file.
        line: u64,
        /// Column name, or its 0-based index when the file has no header.
        column: String,
        /// What is wrong with the field.
        message: String,
    },

    /// A required column is not in the CSV header (or beyond the row width).
    #[error("{file}: no column `{column}` (columns are: {available})")]
    MissingColumn {
        /// File name.
        file: String,
        /// The column asked for.
        column: String,
        /// The columns the file has.
        available: String,
    },

    /// A CSV file had a header but no data rows.
    #[error("{file}: no data rows")]
    NoData {
        /// File name.
        file: String,
    },

    /// The file could not be opened or read.
    #[error("{file}: {source}")]
    Io {
        /// File name.
        file: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },

    /// A columnar (Arrow or Parquet) input could not be read or turned into rows.
    #[error("{file}: {message}")]
    Columnar {
        /// File name (or `table` for an in-memory Arrow table).
        file: String,
        /// What went wrong.
        message: String,
    },
}

/// Result alias with [`CoreError`].
pub type Result<T, E = CoreError> = std::result::Result<T, E>;

/// Returns `NonFinite` for the first NaN or infinite value, `TooLarge` for the first value
/// beyond [`MAX_ABS_VALUE`](crate::MAX_ABS_VALUE).
pub(crate) fn check_finite(what: &'static str, values: &[f64]) -> Result<()> {
    match values.iter().position(|&v| !crate::within_limits(v)) {
        Some(index) => Err(value_error(what, index, values[index])),
        None => Ok(()),
    }
}

/// The error for a value that is not finite or beyond [`MAX_ABS_VALUE`](crate::MAX_ABS_VALUE).
pub(crate) fn value_error(what: &'static str, index: usize, value: f64) -> CoreError {
    if value.is_finite() {
        CoreError::TooLarge {
            what,
            index,
            value,
            max: crate::MAX_ABS_VALUE,
        }
    } else {
        CoreError::NonFinite { what, index, value }
    }
}
