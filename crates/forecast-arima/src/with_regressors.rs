//! A specification together with its regressors' values over the history and beyond it, so a
//! regression with ARIMA errors goes wherever a [`Forecaster`] does (backtests, batches, the
//! CLI's model choice).

use ecom_core::{Forecast, Frequency, NaiveDate, TimeSeries};
use serde::{Deserialize, Serialize};

use crate::arima::Arima;
use crate::auto::AutoArima;
use crate::calendar::NextPeriod;
use crate::error::{ArimaError, Result};
use crate::fitted::FittedArima;
use crate::forecaster::{FittedModel, Forecaster};
use crate::limits::{check_forecast_request, check_horizon};
use crate::note::FitNote;
use crate::regressors::Regressors;

/// An [`Arima`] or [`AutoArima`] with the values of its regressors for every period it may be
/// fitted to or forecast: fitting to a series uses the rows of the series' periods, and the
/// rows after them are the known future values its forecasts use.
///
/// Without a start date row 0 goes with the first observation of whatever series the model is
/// fitted to (right for one series and for expanding-window backtests, which all start there);
/// with [`with_start`](Self::with_start) rows are dated and matched to a dated series' periods,
/// so rolling windows line up too.
///
/// ```
/// use ecom_core::{Frequency, NaiveDate, TimeSeries};
/// use forecast_arima::{Arima, Backtest, Forecaster, Regressors, Trend, WithRegressors};
/// let promo: Vec<f64> = (0..70).map(|t| f64::from(u8::from(t % 10 == 4))).collect();
/// let sales: Vec<f64> = (0..60)
///     .map(|t| 40.0 + ((t * 7 % 11) as f64 - 5.0) + 25.0 * promo[t])
///     .collect();
/// let day = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
/// let series = TimeSeries::new(sales)?.with_start(day, Frequency::Daily);
/// // Promotions are planned ten days ahead: 70 rows for 60 days of history.
/// let x = Regressors::from_columns([("promo", promo)])?;
/// let model = WithRegressors::new(Arima::new(1, 0, 0).with_trend(Trend::Constant), x)
///     .with_start(day, Frequency::Daily);
/// let f = model.fit_forecast(&series, 10, &[80.0])?;
/// assert!(f.mean[4] > f.mean[3] + 20.0); // day 65 has a promotion
/// // Backtests fit each window on its own rows and forecast with the rows after it.
/// let report = Backtest::new(7).with_windows(3).with_rolling(30).run(&model, &series)?;
/// assert!(report.metrics.mae < 10.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WithRegressors<M> {
    model: M,
    regressors: Regressors,
    /// The period of row 0, when the rows are dated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    start: Option<NextPeriod>,
}

impl<M> WithRegressors<M> {
    /// `model` with `regressors`, row 0 at the first observation of the series it is fitted
    /// to. Undated rows cannot follow a window that starts later (a rolling backtest, a SKU
    /// whose sales begin after the regressor file does): date them with
    /// [`with_start`](Self::with_start) there.
    pub fn new(model: M, regressors: Regressors) -> Self {
        Self {
            model,
            regressors,
            start: None,
        }
    }

    /// Dates the rows: row 0 is the period of `start`, row `t` the `t`-th period after it.
    pub fn with_start(mut self, start: NaiveDate, frequency: Frequency) -> Self {
        self.start = Some(NextPeriod {
            date: start,
            frequency,
        });
        self
    }

    /// The specification.
    pub fn model(&self) -> &M {
        &self.model
    }

    /// The regressors, history and future.
    pub fn regressors(&self) -> &Regressors {
        &self.regressors
    }

    /// The date of row 0, when the rows are dated.
    pub fn start(&self) -> Option<NaiveDate> {
        self.start.map(|s| s.date)
    }

    /// The spacing of the rows, when they are dated.
    pub fn frequency(&self) -> Option<Frequency> {
        self.start.map(|s| s.frequency)
    }

    /// The rows of `series`' periods, and those after them (if any).
    fn rows_for(&self, series: &TimeSeries) -> Result<(Regressors, Option<Regressors>)> {
        let invalid = |reason: String| ArimaError::InvalidRegressors { reason };
        let n = series.len();
        let offset = match self.start {
            Some(NextPeriod {
                date: start,
                frequency: freq,
            }) => {
                let (Some(first), Some(f)) = (series.start(), series.frequency()) else {
                    return Err(invalid(format!(
                        "the regressors are dated from {start}; the series has no dates"
                    )));
                };
                if f != freq {
                    return Err(invalid(format!(
                        "the regressors are {freq}, the series is {f}"
                    )));
                }
                let date = |k: usize| u32::try_from(k).ok().and_then(|k| freq.advance(start, k));
                (0..self.regressors.rows())
                    .find(|&k| date(k).is_some_and(|d| d >= first))
                    .filter(|&k| date(k) == Some(first))
                    .ok_or_else(|| {
                        invalid(format!(
                            "the series starts on {first}, which is not one of the regressors' \
                             {} {freq} periods from {start}",
                            self.regressors.rows()
                        ))
                    })?
            }
            None => 0,
        };
        let rows = self.regressors.rows();
        if offset + n > rows {
            return Err(invalid(format!(
                "the series needs regressor rows {offset}..{}, there are {rows}",
                offset + n
            )));
        }
        let fit = self.regressors.slice_rows(offset..offset + n)?;
        let future = (offset + n < rows)
            .then(|| self.regressors.slice_rows(offset + n..rows))
            .transpose()?;
        Ok((fit, future))
    }
}

/// A model fitted with regressors and the regressors' known values after its data: a
/// [`FittedModel`] whose `forecast` uses them ([`FittedArima::forecast_with`]), and reports
/// [`ArimaError::FutureRegressorsNeeded`] for a horizon beyond them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "FittedRepr")]
pub struct FittedWithRegressors {
    model: FittedArima,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    future: Option<Regressors>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FittedRepr {
    model: FittedArima,
    #[serde(default)]
    future: Option<Regressors>,
}

impl TryFrom<FittedRepr> for FittedWithRegressors {
    type Error = ArimaError;

    fn try_from(r: FittedRepr) -> Result<Self> {
        if let Some(f) = &r.future {
            let names: Vec<String> = r
                .model
                .regressor_names()
                .iter()
                .map(|s| s.to_string())
                .collect();
            // The same columns as the model's (in any order).
            f.aligned(&names, 0).map_err(|e| ArimaError::InvalidModel {
                field: "future".into(),
                reason: e.to_string(),
            })?;
        }
        Ok(Self {
            model: r.model,
            future: r.future,
        })
    }
}

impl FittedWithRegressors {
    /// The fitted regression with ARIMA errors.
    pub fn model(&self) -> &FittedArima {
        &self.model
    }

    /// The regressors' values after the data (`None` when the rows ended with the data).
    pub fn future(&self) -> Option<&Regressors> {
        self.future.as_ref()
    }
}

impl FittedModel for FittedWithRegressors {
    fn forecast(&self, h: usize, levels: &[f64]) -> Result<Forecast> {
        check_forecast_request(h, levels)?;
        match &self.future {
            Some(f) => self.model.forecast_with(h, f, levels),
            None => Err(ArimaError::FutureRegressorsNeeded { needed: h, got: 0 }),
        }
    }

    fn notes(&self) -> &[FitNote] {
        self.model.notes()
    }

    fn predict_sum(&self, n: usize) -> Result<(f64, f64)> {
        check_horizon(n)?;
        match &self.future {
            Some(f) => self.model.predict_total_with(n, f),
            None => Err(ArimaError::FutureRegressorsNeeded { needed: n, got: 0 }),
        }
    }
}

impl Forecaster for WithRegressors<Arima> {
    type Fitted = FittedWithRegressors;

    fn fit_series(&self, series: &TimeSeries) -> Result<Self::Fitted> {
        let (x, future) = self.rows_for(series)?;
        Ok(FittedWithRegressors {
            model: self.model.fit_with_regressors(series, &x)?,
            future,
        })
    }

    fn min_train_len(&self) -> Result<usize> {
        let spec = self.model.model_spec_with(self.regressors.columns());
        spec.validate()?;
        Ok(spec.needed())
    }
}

impl Forecaster for WithRegressors<AutoArima> {
    type Fitted = FittedWithRegressors;

    fn fit_series(&self, series: &TimeSeries) -> Result<Self::Fitted> {
        let (x, future) = self.rows_for(series)?;
        Ok(FittedWithRegressors {
            model: self.model.fit_with_regressors(series, &x)?,
            future,
        })
    }

    fn min_train_len(&self) -> Result<usize> {
        self.model.validate()?;
        Ok(1)
    }
}
