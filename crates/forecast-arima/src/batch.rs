//! Fitting and forecasting many series in parallel.

use ecom_core::{Forecast, NamedSeries, SalesHistory, TimeSeries};
use rayon::prelude::*;

use crate::error::Result;
use crate::forecaster::{FittedModel, Forecaster};
use crate::limits::check_forecast_request;

/// Fits `model` to every series in parallel. Results come back in input order, one `Result`
/// per series, so one bad series never aborts the batch. For series with ids, see
/// [`fit_history`].
pub fn fit_batch<F: Forecaster>(model: &F, series: &[TimeSeries]) -> Vec<Result<F::Fitted>> {
    series.par_iter().map(|s| model.fit_series(s)).collect()
}

/// Fits `model` to every series and forecasts `h` steps with intervals at `levels` (percent;
/// a fraction such as 0.95 is refused, see [`normal_quantile`](crate::normal_quantile)), in
/// parallel; one `Result` per series, in input order. Forecasts of dated series carry their
/// dates.
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
        return series.iter().map(|_| request_error(h, levels)).collect();
    }
    series
        .par_iter()
        .map(|s| model.fit_series(s).and_then(|f| f.forecast(h, levels)))
        .collect()
}

/// The error of an invalid horizon or level, once per series: the error is not `Clone`, and
/// the check is cheap.
fn request_error<T>(h: usize, levels: &[f64]) -> Result<T> {
    Err(check_forecast_request(h, levels).expect_err("the request was found invalid"))
}

/// Fits `model` to every SKU of a sales history in parallel: `(id, result)` pairs in the
/// history's order, so one bad series never aborts the batch and every result says whose it
/// is. Series the loader already skipped ([`SalesHistory::skipped`]) are not included.
///
/// ```
/// use ecom_core::{Frequency, NaiveDate, NamedSeries, SalesHistory, TimeSeries};
/// use forecast_arima::{SimpleExpSmoothing, fit_history, forecast_history};
/// let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
/// let sku = |id: &str, v: Vec<f64>| -> Result<NamedSeries, ecom_core::CoreError> {
///     let series = TimeSeries::new(v)?.with_start(start, Frequency::Daily);
///     Ok(NamedSeries { id: id.into(), series })
/// };
/// let history = SalesHistory {
///     series: vec![sku("A", vec![3.0, 5.0, 4.0, 6.0])?, sku("B", vec![7.0])?],
///     frequency: Frequency::Daily,
///     skipped: vec![],
///     duplicates: None,
/// };
/// let fits = fit_history(&SimpleExpSmoothing::default(), &history);
/// assert_eq!((fits[0].0.as_str(), fits[0].1.is_ok()), ("A", true));
/// assert_eq!((fits[1].0.as_str(), fits[1].1.is_err()), ("B", true)); // one value is too few
/// let forecasts = forecast_history(&SimpleExpSmoothing::default(), &history, 2, &[95.0]);
/// let (id, f) = &forecasts[0];
/// // The forecast starts the day after A's last sale.
/// assert_eq!((id.as_str(), f.as_ref().unwrap().start), ("A", NaiveDate::from_ymd_opt(2024, 1, 5)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn fit_history<F: Forecaster>(
    model: &F,
    history: &SalesHistory,
) -> Vec<(String, Result<F::Fitted>)> {
    by_id(&history.series, |s| model.fit_series(s))
}

/// Fits `model` to every SKU of a sales history and forecasts `h` steps with intervals at
/// `levels` (percent), in parallel: `(id, result)` pairs in the history's order (see
/// [`fit_history`]). Forecasts carry their dates (the history's series are dated). An invalid
/// horizon or level is found before any fit and reported for every SKU.
pub fn forecast_history<F: Forecaster>(
    model: &F,
    history: &SalesHistory,
    h: usize,
    levels: &[f64],
) -> Vec<(String, Result<Forecast>)> {
    if check_forecast_request(h, levels).is_err() {
        return history
            .series
            .iter()
            .map(|s| (s.id.clone(), request_error(h, levels)))
            .collect();
    }
    by_id(&history.series, |s| {
        model.fit_series(s).and_then(|f| f.forecast(h, levels))
    })
}

fn by_id<T: Send>(
    series: &[NamedSeries],
    f: impl Fn(&TimeSeries) -> Result<T> + Sync,
) -> Vec<(String, Result<T>)> {
    series
        .par_iter()
        .map(|s| (s.id.clone(), f(&s.series)))
        .collect()
}
