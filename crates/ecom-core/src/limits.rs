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

/// An exact power of two that brings `max` (the largest |value| of some data) into [1, 2) when
/// it lies beyond 2^±64, else 1.
///
/// Multiplying by a power of two is exact short of underflow, and differences, squares, sums
/// and ratios commute with it, so an algorithm run on data times this factor gives the unscaled
/// answer to the last bit whenever that answer is finite, and a finite one where squares of the
/// raw data would overflow. Ordinary data (within 2^±64) is never touched.
///
/// ```
/// use ecom_core::pow2_scale;
/// assert_eq!(pow2_scale(1e10), 1.0);
/// let s = pow2_scale(1e150);
/// assert!((1.0..2.0).contains(&(1e150 * s)) && s.log2().fract() == 0.0);
/// assert!((5e-324 * pow2_scale(5e-324)).is_normal());
/// ```
pub fn pow2_scale(max: f64) -> f64 {
    let big = 2f64.powi(64);
    if max > big || (max > 0.0 && max < 1.0 / big) {
        // 2^1000 is the largest step that stays finite; it lifts subnormal values to normal.
        let e = (max.log2().floor() as i32).max(-1000);
        2f64.powi(-e)
    } else {
        1.0
    }
}
