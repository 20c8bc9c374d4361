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
