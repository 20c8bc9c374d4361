//! The interface every model shares, so backtests and batches treat them alike.

use ecom_core::{Forecast, TimeSeries};

use crate::error::Result;
use crate::limits::check_forecast_request;
use crate::note::FitNote;

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

    /// Fits the specification to `series`; the fitted model remembers the period after the
    /// series' last observation, when it has dates, and dates its forecasts from it.
    ///
    /// # Errors
    /// The model's own validation errors.
    fn fit_series(&self, series: &TimeSeries) -> Result<Self::Fitted>;

    /// Fits and forecasts `h` steps with intervals at `levels` (percent, e.g. `&[80.0, 95.0]`;
    /// a fraction such as 0.95 is refused, see [`normal_quantile`](crate::normal_quantile)).
    /// The forecast carries the series' dates, if it has them.
    ///
    /// # Errors
    /// An invalid horizon (0 or beyond [`MAX_HORIZON`](crate::MAX_HORIZON)) or level (outside
    /// [1, 100)), checked before fitting; fitting errors.
    fn fit_forecast(&self, series: &TimeSeries, h: usize, levels: &[f64]) -> Result<Forecast> {
        check_forecast_request(h, levels)?;
        self.fit_series(series)?.forecast(h, levels)
    }

    /// Fewest observations a fit can succeed on, after checking the specification;
    /// [`Backtest`](crate::Backtest) checks its first training window against it before
    /// fitting anything. The default is `Ok(1)`.
    ///
    /// # Errors
    /// An invalid specification (as fitting would report it).
    fn min_train_len(&self) -> Result<usize> {
        Ok(1)
    }
}

/// A fitted model that forecasts.
pub trait FittedModel {
    /// Forecasts `h` steps with prediction intervals at `levels` (percent; a fraction such as
    /// 0.95 is refused, see [`normal_quantile`](crate::normal_quantile)), dated when the model
    /// was fitted to a dated series.
    ///
    /// # Errors
    /// An invalid horizon (0 or beyond [`MAX_HORIZON`](crate::MAX_HORIZON)) or level (outside
    /// [1, 100)); [`ArimaError::Overflow`](crate::ArimaError::Overflow) when a forecast is not
    /// finite.
    fn forecast(&self, h: usize, levels: &[f64]) -> Result<Forecast>;

    /// What to know about the fit besides its numbers ([`FitNote`]), e.g. that the series was
    /// constant and the forecast is flat with zero-width intervals. The default is none.
    fn notes(&self) -> &[FitNote] {
        &[]
    }

    /// Mean and standard deviation of the sum of the next `n` values: lead-time demand for an
    /// inventory policy, with the correlation of the step errors included (summing per-step
    /// variances would ignore it). The default says the model cannot give it.
    ///
    /// # Errors
    /// An invalid `n` (0 or beyond [`MAX_HORIZON`](crate::MAX_HORIZON)); models without the
    /// distribution of a sum return [`ArimaError::InvalidParameter`](crate::ArimaError).
    fn predict_sum(&self, n: usize) -> Result<(f64, f64)> {
        crate::limits::check_horizon(n)?;
        Err(crate::ArimaError::InvalidParameter {
            name: "model",
            reason: "this model does not give the distribution of a sum of future values".into(),
        })
    }
}

impl Forecaster for crate::Arima {
    type Fitted = crate::FittedArima;

    fn fit_series(&self, series: &TimeSeries) -> Result<Self::Fitted> {
        self.fit(series)
    }

    fn min_train_len(&self) -> Result<usize> {
        let spec = self.model_spec();
        spec.validate()?;
        Ok(spec.needed())
    }
}

impl Forecaster for crate::AutoArima {
    type Fitted = crate::FittedArima;

    fn fit_series(&self, series: &TimeSeries) -> Result<Self::Fitted> {
        self.fit(series)
    }

    fn min_train_len(&self) -> Result<usize> {
        self.validate()?;
        Ok(1)
    }
}

impl FittedModel for crate::FittedArima {
    fn forecast(&self, h: usize, levels: &[f64]) -> Result<Forecast> {
        crate::FittedArima::forecast(self, h, levels)
    }

    fn notes(&self) -> &[FitNote] {
        crate::FittedArima::notes(self)
    }

    fn predict_sum(&self, n: usize) -> Result<(f64, f64)> {
        self.predict_total(n)
    }
}
