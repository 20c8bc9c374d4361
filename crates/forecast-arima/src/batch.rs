//! Fitting and forecasting many series in parallel.

use ecom_core::{Forecast, TimeSeries};
use rayon::prelude::*;

use crate::error::Result;
use crate::forecaster::{FittedModel, Forecaster};
use crate::limits::check_forecast_request;

/// Fits `model` to every series in parallel. Results come back in input order, one `Result`
/// per series, so one bad series never aborts the batch.
pub fn fit_batch<F: Forecaster>(model: &F, series: &[TimeSeries]) -> Vec<Result<F::Fitted>> {
    series.par_iter().map(|s| model.fit_series(s)).collect()
}

/// Fits `model` to every series and forecasts `h` steps with intervals at `levels`, in
/// parallel; one `Result` per series, in input order.
///
/// ```
/// use ecom_core::TimeSeries;
/// use forecast_arima::{forecast_batch, AutoArima, DEFAULT_LEVELS};
/// let series = vec![
///     TimeSeries::new((0..60).map(|t| (t as f64 * 0.7).sin() * 10.0 + 100.0).collect())?,
///     TimeSeries::new(vec![5.0; 30])?, // constant: a flat forecast with zero-width intervals
///     TimeSeries::new(vec![1.0])?, // too short: an error for this series only
/// ];
/// let out = forecast_batch(&AutoArima::default(), &series, 6, &DEFAULT_LEVELS);
/// assert!(out[0].is_ok());
/// assert_eq!(out[1].as_ref().unwrap().mean, vec![5.0; 6]);
/// assert!(out[2].is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// An invalid horizon (0 or beyond [`MAX_HORIZON`](crate::MAX_HORIZON)) or level is found
/// before any fit and reported for every series.
pub fn forecast_batch<F: Forecaster>(
    model: &F,
    series: &[TimeSeries],
    h: usize,
    levels: &[f64],
) -> Vec<Result<Forecast>> {
    if check_forecast_request(h, levels).is_err() {
        // The error is not Clone; the check is cheap, so each series gets its own.
        return series
            .iter()
            .filter_map(|_| check_forecast_request(h, levels).err())
            .map(Err)
            .collect();
    }
    series
        .par_iter()
        .map(|s| model.fit_series(s).and_then(|f| f.forecast(h, levels)))
        .collect()
}
