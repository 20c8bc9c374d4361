//! `forecast`: every SKU of a sales table, fitted on the shop's trading days and forecast
//! with prediction intervals, as `ecom forecast` does.

use std::sync::Arc;

use arrow_array::builder::{Date32Builder, Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use ecom_supply::forecast::{
    AutoArima, AutoEts, BacktestSelector, FittedModel, Forecaster, Holt, MAX_HORIZON,
    MovingAverage, OnTradingDays, SeasonalNaive, SimpleExpSmoothing, Theta, normal_quantile,
};
use ecom_supply::{Forecast, Frequency, NaiveDate, TimeSeries, TradingCalendar};
use pyo3::prelude::*;
use pyo3_arrow::PyTable;
use rayon::prelude::*;

use crate::calendar::CalendarRequest;
use crate::errors::{Failure, Result};
use crate::sales::{self, Columns};

/// A model named as `ecom forecast --model` names it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum ModelName {
    Auto,
    Ets,
    Theta,
    Select,
    Ses,
    Holt,
    MovingAverage(usize),
    SeasonalNaive,
    Naive,
}

fn parse_model(s: &str) -> Result<ModelName> {
    let s = s.trim().to_ascii_lowercase();
    Ok(match s.as_str() {
        "auto" | "auto-arima" | "arima" => ModelName::Auto,
        "ets" | "auto-ets" => ModelName::Ets,
        "theta" => ModelName::Theta,
        "select" | "backtest" => ModelName::Select,
        "ses" => ModelName::Ses,
        "holt" => ModelName::Holt,
        "snaive" => ModelName::SeasonalNaive,
        "naive" => ModelName::Naive,
        other => match other.strip_prefix("ma:").map(str::parse::<usize>) {
            Some(Ok(n)) => {
                MovingAverage::new(n).map_err(|e| Failure::Input(format!("model ma:{n}: {e}")))?;
                ModelName::MovingAverage(n)
            }
            Some(Err(_)) => {
                return Err(Failure::Input(format!(
                    "model {other:?}: ma:N needs a whole number of periods"
                )));
            }
            None => {
                return Err(Failure::Input(format!(
                    "unknown model {other:?} (auto, ets, theta, select, ses, holt, ma:N, snaive, naive)"
                )));
            }
        },
    })
}

/// What to forecast, checked before the table is read.
struct Request {
    model: ModelName,
    period: Option<usize>,
    horizon: usize,
    levels: Vec<f64>,
    nonnegative: bool,
}

/// One SKU's model name and forecast, or why it has none.
type SkuResult = std::result::Result<(String, Forecast), String>;

/// One SKU's forecast and the name of the model that made it.
struct SkuForecast {
    id: String,
    model: String,
    forecast: Forecast,
}

/// Fits `spec` on the trading days of `series` and forecasts; the model's name comes from
/// `name`, which sees the fitted inner model.
fn run<F: Forecaster>(
    spec: F,
    calendar: &TradingCalendar,
    series: &TimeSeries,
    r: &Request,
    name: impl Fn(&F::Fitted) -> String,
) -> SkuResult
where
    F::Fitted: Sync,
{
    let fitted = OnTradingDays::new(spec, calendar.clone())
        .fit_series(series)
        .map_err(|e| e.to_string())?;
    let f = fitted
        .forecast(r.horizon, &r.levels)
        .map_err(|e| e.to_string())?;
    Ok((name(fitted.model()), f))
}

impl Request {
    /// The seasonal period the model steps over: the given one, else the data's, in trading
    /// days (a weekly 7 of daily data becomes the open weekdays).
    fn period(&self, series: &TimeSeries, calendar: &TradingCalendar) -> usize {
        let p = self.period.or(series.period()).unwrap_or(1);
        if p == 7 && series.frequency() == Some(Frequency::Daily) {
            calendar.open_weekdays()
        } else {
            p
        }
    }

    fn forecast_one(&self, series: &TimeSeries, calendar: &TradingCalendar) -> SkuResult {
        let m = self.period(series, calendar);
        let (name, f) = match self.model {
            ModelName::Auto => run(
                AutoArima::default().with_period(m),
                calendar,
                series,
                self,
                |f| f.to_string(),
            ),
            ModelName::Ets => run(
                AutoEts::default().with_period(m),
                calendar,
                series,
                self,
                |f| f.to_string(),
            ),
            ModelName::Theta => run(
                Theta::default().with_period(m),
                calendar,
                series,
                self,
                |_| "Theta".into(),
            ),
            ModelName::Select => run(
                BacktestSelector::standard_with_auto(m),
                calendar,
                series,
                self,
                |f| f.model().to_string(),
            ),
            ModelName::Ses => run(
                SimpleExpSmoothing::default(),
                calendar,
                series,
                self,
                |_| "SES".into(),
            ),
            ModelName::Holt => run(Holt::default(), calendar, series, self, |_| "Holt".into()),
            ModelName::MovingAverage(n) => run(
                MovingAverage::new(n).map_err(|e| e.to_string())?,
                calendar,
                series,
                self,
                move |_| format!("MA({n})"),
            ),
            ModelName::SeasonalNaive => run(
                SeasonalNaive::new(m).map_err(|e| e.to_string())?,
                calendar,
                series,
                self,
                move |_| format!("seasonal naive[{m}]"),
            ),
            ModelName::Naive => run(SeasonalNaive::naive(), calendar, series, self, |_| {
                "naive".into()
            }),
        }?;
        Ok((name, if self.nonnegative { f.clip_min(0.0) } else { f }))
    }
}

/// `lower_80`, `upper_95`: the level as `ecom forecast` writes it (no trailing `.0`).
fn level_key(level: f64) -> String {
    if level.fract() == 0.0 {
        format!("{level:.0}")
    } else {
        format!("{level}")
    }
}

/// The forecasts as one Arrow table: `id, model, step, date, mean, lower_L, upper_L, ...`.
fn to_batch(forecasts: &[SkuForecast], levels: &[f64]) -> Result<RecordBatch> {
    let rows: usize = forecasts.iter().map(|s| s.forecast.horizon()).sum();
    let mut id = StringBuilder::with_capacity(rows, rows * 8);
    let mut model = StringBuilder::with_capacity(rows, rows * 16);
    let mut step = Int64Builder::with_capacity(rows);
    let mut date = Date32Builder::with_capacity(rows);
    let mut mean = Float64Builder::with_capacity(rows);
    let mut bounds: Vec<(Float64Builder, Float64Builder)> = levels
        .iter()
        .map(|_| {
            (
                Float64Builder::with_capacity(rows),
                Float64Builder::with_capacity(rows),
            )
        })
        .collect();
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");
    for s in forecasts {
        let f = &s.forecast;
        // Each level's interval, looked up once per SKU rather than once per step.
        let intervals = levels
            .iter()
            .map(|&level| {
                f.interval(level).ok_or_else(|| {
                    Failure::Forecast(format!("SKU {}: no {level} % interval", s.id))
                })
            })
            .collect::<Result<Vec<_>>>()?;
        for t in 0..f.horizon() {
            id.append_value(&s.id);
            model.append_value(&s.model);
            step.append_value(t as i64 + 1);
            match f.date(t) {
                Some(d) => date.append_value((d - epoch).num_days() as i32),
                None => date.append_null(),
            }
            mean.append_value(f.mean[t]);
            for (b, iv) in bounds.iter_mut().zip(&intervals) {
                b.0.append_value(iv.lower[t]);
                b.1.append_value(iv.upper[t]);
            }
        }
    }
    let mut fields = vec![
        Field::new("id", DataType::Utf8, false),
        Field::new("model", DataType::Utf8, false),
        Field::new("step", DataType::Int64, false),
        Field::new("date", DataType::Date32, true),
        Field::new("mean", DataType::Float64, false),
    ];
    let mut columns: Vec<ArrayRef> = vec![
        Arc::new(id.finish()),
        Arc::new(model.finish()),
        Arc::new(step.finish()),
        Arc::new(date.finish()),
        Arc::new(mean.finish()),
    ];
    for (&level, (mut lo, mut hi)) in levels.iter().zip(bounds) {
        let key = level_key(level);
        fields.push(Field::new(format!("lower_{key}"), DataType::Float64, false));
        fields.push(Field::new(format!("upper_{key}"), DataType::Float64, false));
        columns.push(Arc::new(lo.finish()));
        columns.push(Arc::new(hi.finish()));
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns)
        .map_err(|e| Failure::Input(e.to_string()))
}

/// Forecasts every SKU of `table` (see `ecom_supply.forecast` for the documented signature).
/// Returns the forecast table and the `(id, error)` pairs of the SKUs that failed, which the
/// Python half raises or warns about.
#[pyfunction]
#[pyo3(signature = (
    table, id_col, date_col, value_col, h, levels, model, period, nonnegative,
    closed, holidays, no_calendar, frequency, missing
))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn forecast(
    py: Python<'_>,
    table: PyTable,
    id_col: Option<String>,
    date_col: String,
    value_col: String,
    h: usize,
    levels: Vec<f64>,
    model: String,
    period: Option<usize>,
    nonnegative: bool,
    closed: Option<Vec<String>>,
    holidays: Option<Vec<String>>,
    no_calendar: bool,
    frequency: Option<String>,
    missing: String,
) -> PyResult<(PyTable, Vec<(String, String)>)> {
    let (batches, _) = table.into_inner();
    let done = py.detach(|| -> Result<(RecordBatch, Vec<(String, String)>)> {
        if h == 0 || h > MAX_HORIZON {
            return Err(Failure::Input(format!(
                "h must be between 1 and {MAX_HORIZON}, got {h}"
            )));
        }
        if period == Some(0) {
            return Err(Failure::Input(
                "period must be at least 1 (1 means not seasonal)".into(),
            ));
        }
        for &l in &levels {
            normal_quantile(l).map_err(|e| Failure::Input(format!("levels: {e}")))?;
        }
        let request = Request {
            model: parse_model(&model)?,
            period,
            horizon: h,
            levels: levels.clone(),
            nonnegative,
        };
        let columns = Columns::new(id_col, date_col, value_col, frequency.as_deref(), &missing)?;
        let history = sales::read(&batches, &columns)?;
        let calendar = CalendarRequest {
            closed,
            holidays,
            no_calendar,
        }
        .resolve(&history)?;
        let results: Vec<(String, SkuResult)> = history
            .series
            .par_iter()
            .map(|s| (s.id.clone(), request.forecast_one(&s.series, &calendar)))
            .collect();
        let mut ok = Vec::with_capacity(results.len());
        let mut failed: Vec<(String, String)> = history
            .skipped
            .iter()
            .map(|s| (s.id.clone(), s.to_string()))
            .collect();
        for (id, r) in results {
            match r {
                Ok((model, forecast)) => ok.push(SkuForecast {
                    id,
                    model,
                    forecast,
                }),
                Err(e) => failed.push((id, e)),
            }
        }
        Ok((to_batch(&ok, &levels)?, failed))
    });
    let (batch, failed) = done.map_err(|e| e.into_py(py))?;
    let schema = batch.schema();
    Ok((PyTable::try_new(vec![batch], schema)?, failed))
}
