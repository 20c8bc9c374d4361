//! Fitting and forecasting many series in parallel.

use ecom_core::{Forecast, TimeSeries};
use rayon::prelude::*;

use crate::error::Result;
use crate::forecaster::{FittedModel, Forecaster};

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
///     TimeSeries::new(vec![5.0; 30])?, // constant: an error for this series only
/// ];
/// let out = forecast_batch(&AutoArima::default(), &series, 6, &DEFAULT_LEVELS);
/// assert!(out[0].is_ok());
/// assert!(matches!(out[1], Err(forecast_arima::ArimaError::ConstantSeries { .. })));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn forecast_batch<F: Forecaster>(
    model: &F,
    series: &[TimeSeries],
    h: usize,
    levels: &[f64],
) -> Vec<Result<Forecast>> {
    series
        .par_iter()
        .map(|s| model.fit_series(s).and_then(|f| f.forecast(h, levels)))
        .collect()
}
