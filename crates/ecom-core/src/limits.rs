//! Limits shared by every crate of the toolkit: checked once, where data enters.

/// Largest magnitude accepted for any data value (sales, ratings, coordinates, weights).
///
/// Squares of values up to 1e150 stay below 1e300, so sums of squares over any realistic number
/// of observations (variances, inertias, sums of squared errors) stay finite. Larger values are
/// rejected with [`CoreError::TooLarge`](crate::CoreError::TooLarge) instead of turning into
/// `inf` or `NaN` deep inside a fit.
///
/// ```
/// use ecom_core::{MAX_ABS_VALUE, TimeSeries};
/// assert!(TimeSeries::new(vec![1.0, MAX_ABS_VALUE]).is_ok());
/// assert!(TimeSeries::new(vec![1.0, 1e200]).is_err());
/// ```
pub const MAX_ABS_VALUE: f64 = 1e150;

/// Most periods one loaded series may span (a million days is over 2,700 years).
///
/// A sales file with two rows centuries apart would otherwise fill every period between them.
pub const MAX_SERIES_PERIODS: usize = 1_000_000;

/// Gap-filled values a sales file may always expand to (20 million: 160 MB of values), however
/// few rows it has.
pub const MAX_GAP_FILLED_VALUES: usize = 20_000_000;

/// Beyond [`MAX_GAP_FILLED_VALUES`], how many values per data row gap filling may create (a SKU
/// that sells on one day in a hundred still loads): memory stays proportional to the file.
pub const MAX_GAP_EXPANSION: usize = 100;

/// Whether `x` is finite and within ±[`MAX_ABS_VALUE`]: the test every data value passes.
///
/// ```
/// assert!(ecom_core::within_limits(-2.5e149));
/// assert!(!ecom_core::within_limits(f64::NAN));
/// assert!(!ecom_core::within_limits(1e151));
/// ```
pub fn within_limits(x: f64) -> bool {
    x.is_finite() && x.abs() <= MAX_ABS_VALUE
}
