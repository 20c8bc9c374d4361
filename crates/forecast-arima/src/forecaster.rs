//! The interface every model shares, so backtests and batches treat them alike.

use ecom_core::{Forecast, TimeSeries};

use crate::error::Result;

/// A model specification that can be fitted to a series.
///
/// Implemented by [`Arima`](crate::Arima), [`AutoArima`](crate::AutoArima) and the baselines
/// ([`MovingAverage`](crate::MovingAverage), [`SimpleExpSmoothing`](crate::SimpleExpSmoothing),
/// [`Holt`](crate::Holt), [`SeasonalNaive`](crate::SeasonalNaive)).
///
/// ```
/// use ecom_core::TimeSeries;
/// use forecast_arima::{Forecaster, SeasonalNaive};
/// let y = TimeSeries::new(vec![3.0, 5.0, 4.0, 6.0, 4.0, 7.0])?;
/// let f = SeasonalNaive::new(2)?.fit_forecast(&y, 3, &[80.0])?;
/// assert_eq!(f.mean, vec![4.0, 7.0, 4.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Forecaster: Sync {
    /// The fitted model.
    type Fitted: FittedModel + Send;

    /// Fits the specification to `series`.
    ///
    /// # Errors
    /// The model's own validation errors.
    fn fit_series(&self, series: &TimeSeries) -> Result<Self::Fitted>;

    /// Fits and forecasts `h` steps with intervals at `levels` (percent).
    ///
    /// # Errors
    /// Fitting errors, or an invalid horizon or level.
    fn fit_forecast(&self, series: &TimeSeries, h: usize, levels: &[f64]) -> Result<Forecast> {
        self.fit_series(series)?.forecast(h, levels)
    }
}

/// A fitted model that forecasts.
pub trait FittedModel {
    /// Forecasts `h` steps with prediction intervals at `levels` (percent).
    ///
    /// # Errors
    /// An invalid horizon (0) or level (outside (0, 100)).
    fn forecast(&self, h: usize, levels: &[f64]) -> Result<Forecast>;
}

impl Forecaster for crate::Arima {
    type Fitted = crate::FittedArima;

    fn fit_series(&self, series: &TimeSeries) -> Result<Self::Fitted> {
        self.fit(series)
    }
}

impl Forecaster for crate::AutoArima {
    type Fitted = crate::FittedArima;

    fn fit_series(&self, series: &TimeSeries) -> Result<Self::Fitted> {
        self.fit(series)
    }
}

impl FittedModel for crate::FittedArima {
    fn forecast(&self, h: usize, levels: &[f64]) -> Result<Forecast> {
        crate::FittedArima::forecast(self, h, levels)
    }
}
