//! `ecom forecast` and `ecom backtest`: demand forecasts with intervals, and rolling-origin
//! comparisons of models, for one series or every SKU of a sales file.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use ecom_supply::forecast::{
    Arima, ArimaError, AutoArima, AutoEts, Backtest, BacktestSelector, FittedArima, FittedEts,
    FittedHolt, FittedModel, FittedMovingAverage, FittedOnTradingDays, FittedSeasonalNaive,
    FittedSes, FittedTheta, FittedWithRegressors, Forecaster, Holt, MAX_HORIZON, Method,
    MovingAverage, OnTradingDays, Outcome, Regressors, SeasonalNaive, SelectedModel,
    SimpleExpSmoothing, Theta, Trend, WithRegressors, normal_quantile,
};
use ecom_supply::plan::ModelSummary;
use ecom_supply::{
    Forecast, Frequency, NaiveDate, NamedSeries, SalesHistory, TimeSeries, TradingCalendar,
};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::commands::saved;
use crate::error::CliError;
use crate::inputs::{CalendarArgs, SalesColumns, SalesInput};
use crate::output::{Partial, Report, Section, num};
use crate::plot::{self, ForecastPlot};
use crate::regressors::RegressorFile;

impl From<ArimaError> for CliError {
    fn from(e: ArimaError) -> Self {
        CliError::Input(e.to_string())
    }
}

/// Estimation method of a fixed-order ARIMA.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum MethodName {
    /// Conditional sum of squares, refined by exact maximum likelihood (R's default).
    CssMl,
    /// Exact maximum likelihood (Kalman filter).
    Ml,
    /// Conditional sum of squares only.
    Css,
}

/// A forecasting model named on the command line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ModelName {
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

fn parse_model(s: &str) -> Result<ModelName, String> {
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
        other => match other.strip_prefix("ma:") {
            Some(n) => ModelName::MovingAverage(
                n.parse()
                    .map_err(|_| format!("{other:?}: ma:N needs a whole number of periods"))?,
            ),
            None => {
                return Err(format!(
                    "unknown model {other:?} (auto, ets, theta, select, ses, holt, ma:N, snaive, naive)"
                ));
            }
        },
    })
}

fn parse_triple(s: &str) -> Result<[usize; 3], String> {
    let v: Vec<usize> = s
        .split(',')
        .map(|t| t.trim().parse::<usize>())
        .collect::<Result<_, _>>()
        .map_err(|_| format!("{s:?}: expected p,d,q"))?;
    <[usize; 3]>::try_from(v).map_err(|_| format!("{s:?}: expected three numbers p,d,q"))
}

fn parse_quad(s: &str) -> Result<[usize; 4], String> {
    let v: Vec<usize> = s
        .split(',')
        .map(|t| t.trim().parse::<usize>())
        .collect::<Result<_, _>>()
        .map_err(|_| format!("{s:?}: expected P,D,Q,S"))?;
    <[usize; 4]>::try_from(v).map_err(|_| format!("{s:?}: expected four numbers P,D,Q,S"))
}

/// Forecast every series of a sales file.
#[derive(Debug, Args)]
pub(crate) struct ForecastArgs {
    /// Sales CSV file (with --model-file: optional, read only for the history in plots).
    #[arg(required_unless_present = "model_file")]
    file: Option<PathBuf>,
    #[command(flatten)]
    columns: SalesColumns,
    /// Write every fitted model to this JSON file, to forecast later with --model-file.
    #[arg(long)]
    save_model: Option<PathBuf>,
    /// Forecast from the models saved in this file (by --save-model) instead of fitting.
    #[arg(long, conflicts_with_all = ["order", "auto", "model", "select", "save_model", "period"])]
    model_file: Option<PathBuf>,
    /// Seasonal period (7 for a weekly cycle in daily data, 12 for monthly) [default: from
    /// the data's frequency].
    #[arg(long)]
    period: Option<usize>,
    /// Fixed ARIMA order p,d,q.
    #[arg(long, value_parser = parse_triple, conflicts_with_all = ["auto", "model"])]
    order: Option<[usize; 3]>,
    /// Seasonal order P,D,Q,S (with --order).
    #[arg(long, value_parser = parse_quad, requires = "order")]
    seasonal: Option<[usize; 4]>,
    /// Include a mean (d + D = 0) or a drift (d + D = 1) term (with --order).
    #[arg(long, requires = "order")]
    constant: bool,
    /// Estimation method (with --order).
    #[arg(long, value_enum, default_value_t = MethodName::CssMl)]
    method: MethodName,
    /// Automatic ARIMA order selection (the default when no model is given).
    #[arg(long, conflicts_with_all = ["model", "select"])]
    auto: bool,
    /// Another model: ets (automatic exponential smoothing, AICc), theta, select (as
    /// --select backtest), or a baseline: ses, holt, ma:N (N-period moving average), snaive,
    /// naive.
    #[arg(long, value_parser = parse_model)]
    model: Option<ModelName>,
    /// `backtest`: choose each SKU's model among auto-ARIMA, ETS, Theta and the baselines
    /// by rolling-origin MASE on its own history (4 folds of 14 periods, 7 apart).
    #[arg(long, value_parser = ["backtest"], conflicts_with_all = ["model", "order"])]
    select: Option<String>,
    /// Known drivers of demand for regression with ARIMA errors (with the automatic or a
    /// fixed-order ARIMA): a CSV with the date column, optionally the id column (rows per
    /// SKU, else shared by all), and one numeric column per regressor (promo, price, ...),
    /// every period from each SKU's first sale through the forecast horizon. Like every
    /// model, it is fitted on the calendar's trading days (the rows of closed weekdays are
    /// not used; closed days forecast 0); `--no-calendar` fits every day.
    #[arg(long, conflicts_with_all = ["model", "select", "model_file"])]
    regressors: Option<PathBuf>,
    /// Periods to forecast.
    #[arg(long, default_value_t = 14)]
    horizon: usize,
    /// Prediction interval levels in percent.
    #[arg(long, value_delimiter = ',', default_values_t = [80.0, 95.0])]
    levels: Vec<f64>,
    /// Clip forecasts and interval bounds at zero (sales cannot be negative; the model's
    /// Gaussian intervals can be).
    #[arg(long, alias = "clip-zero")]
    nonnegative: bool,
    #[command(flatten)]
    calendar: CalendarArgs,
    /// Write a plot of history, forecast and intervals (.svg or .png); with several SKUs one
    /// file per SKU, named after it.
    #[arg(long, value_parser = crate::plot::parse_plot_path)]
    plot: Option<PathBuf>,
}

/// A fitted model of any kind the command fits: what `--save-model` stores.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "kind", content = "fit", rename_all = "snake_case")]
enum Fitted {
    // Boxed: a fitted ARIMA holds its state-space form, far larger than any baseline.
    Arima(Box<FittedOnTradingDays<FittedArima>>),
    ArimaX(Box<FittedOnTradingDays<FittedWithRegressors>>),
    Ets(Box<FittedOnTradingDays<FittedEts>>),
    Theta(Box<FittedOnTradingDays<FittedTheta>>),
    Selected(Box<FittedOnTradingDays<SelectedModel>>),
    Ses(FittedOnTradingDays<FittedSes>),
    Holt(FittedOnTradingDays<FittedHolt>),
    MovingAverage(FittedOnTradingDays<FittedMovingAverage>),
    SeasonalNaive(FittedOnTradingDays<FittedSeasonalNaive>),
}

/// One SKU's model in a model file.
#[derive(Debug, Serialize, Deserialize)]
struct SavedSeries {
    id: String,
    model: Fitted,
}

/// The format name of forecast model files.
const FORMAT: &str = "ecom-forecast-models";

impl Fitted {
    fn as_model(&self) -> &dyn FittedModel {
        match self {
            Fitted::Arima(f) => f.as_ref(),
            Fitted::ArimaX(f) => f.as_ref(),
            Fitted::Ets(f) => f.as_ref(),
            Fitted::Theta(f) => f.as_ref(),
            Fitted::Selected(f) => f.as_ref(),
            Fitted::Ses(f) => f,
            Fitted::Holt(f) => f,
            Fitted::MovingAverage(f) => f,
            Fitted::SeasonalNaive(f) => f,
        }
    }

    fn calendar(&self) -> Option<&TradingCalendar> {
        Some(match self {
            Fitted::Arima(f) => f.calendar(),
            Fitted::ArimaX(f) => f.calendar(),
            Fitted::Ets(f) => f.calendar(),
            Fitted::Theta(f) => f.calendar(),
            Fitted::Selected(f) => f.calendar(),
            Fitted::Ses(f) => f.calendar(),
            Fitted::Holt(f) => f.calendar(),
            Fitted::MovingAverage(f) => f.calendar(),
            Fitted::SeasonalNaive(f) => f.calendar(),
        })
    }

    /// The model for JSON output, notes included.
    fn describe(&self) -> Result<Value, CliError> {
        let mut v = match self {
            Fitted::Arima(f) => serde_json::to_value(ModelSummary::from(f.model()))?,
            Fitted::ArimaX(f) => {
                let m = f.model().model();
                let mut v = serde_json::to_value(ModelSummary::from(m))?;
                v["regressors"] = m
                    .regressors()
                    .iter()
                    .map(|r| {
                        let mut c = json!({"name": r.name, "estimate": r.estimate});
                        if r.std_error.is_finite() {
                            c["std_error"] = json!(r.std_error);
                        }
                        c
                    })
                    .collect();
                v
            }
            Fitted::Ets(f) => describe_ets(f.model()),
            Fitted::Theta(f) => describe_theta(f.model()),
            Fitted::Selected(f) => {
                let m = f.model();
                let scores: Vec<Value> = m
                    .scores()
                    .iter()
                    .map(|c| match &c.outcome {
                        Outcome::Failed { reason } => json!({"model": c.model.to_string(), "error": reason}),
                        o => json!({"model": c.model.to_string(), "score": o.score().map(|s| s.mean)}),
                    })
                    .collect();
                json!({
                    "name": m.model().to_string(),
                    "selected_by": format!("backtest {:?}", m.criterion()).to_lowercase(),
                    "chosen": m.chosen().to_string(),
                    "score": m.score().mean,
                    "candidates": scores,
                })
            }
            Fitted::Ses(f) => {
                let f = f.model();
                json!({"name": "SES", "alpha": f.alpha(), "initial_level": f.initial_level(), "level": f.level(), "sse": f.sse()})
            }
            Fitted::Holt(f) => {
                let f = f.model();
                let (level, trend) = f.state();
                json!({"name": "Holt", "alpha": f.alpha(), "beta": f.beta(), "level": level, "trend": trend, "sse": f.sse()})
            }
            Fitted::MovingAverage(f) => {
                let f = f.model();
                let n = f.window();
                json!({"name": format!("MA({n})"), "window": n, "level": f.level(), "mae": f.mae(), "rmse": f.rmse()})
            }
            Fitted::SeasonalNaive(f) if f.model().period() == 1 => {
                json!({"name": "naive", "sigma2": f.model().sigma2()})
            }
            Fitted::SeasonalNaive(f) => {
                let f = f.model();
                let period = f.period();
                json!({"name": format!("seasonal naive[{period}]"), "period": period, "sigma2": f.sigma2()})
            }
        };
        let notes: Vec<String> = self
            .as_model()
            .notes()
            .iter()
            .map(ToString::to_string)
            .collect();
        if !notes.is_empty() {
            v["notes"] = json!(notes);
        }
        if let Some(calendar) = self.calendar().filter(|c| !c.is_always_open()) {
            v["calendar"] = serde_json::to_value(calendar)?;
        }
        Ok(v)
    }
}

fn describe_ets(f: &FittedEts) -> Value {
    let mut v = json!({"name": f.to_string(), "alpha": f.alpha()});
    // Absent smoothing parameters are left out, not written as null.
    for (key, value) in [("beta", f.beta()), ("gamma", f.gamma()), ("phi", f.phi())] {
        if let Some(x) = value {
            v[key] = json!(x);
        }
    }
    v["sigma2"] = json!(f.sigma2());
    v["loglik"] = json!(f.loglik());
    v["aicc"] = json!(f.aicc());
    v
}

fn describe_theta(f: &FittedTheta) -> Value {
    json!({
        "name": "Theta",
        "alpha": f.alpha(),
        "theta": f.theta(),
        "level": f.level(),
        "sigma": f.sigma(),
    })
}

/// The candidates of `--select backtest`: the selector's standard ones (seasonal naive,
/// moving average, SES, Holt, Theta) plus automatic ETS and ARIMA.
pub(crate) fn selector(period: usize) -> BacktestSelector {
    BacktestSelector::standard_with_auto(period)
}

impl ForecastArgs {
    fn arima(&self, period: usize) -> Option<Arima> {
        let [p, d, q] = self.order?;
        let mut spec = Arima::new(p, d, q).with_method(match self.method {
            MethodName::CssMl => Method::CssMl,
            MethodName::Ml => Method::Ml,
            MethodName::Css => Method::Css,
        });
        let mut total_d = d;
        if let Some([sp, sd, sq, s]) = self.seasonal {
            spec = spec.with_seasonal(sp, sd, sq, if s == 0 { period } else { s });
            total_d += sd;
        }
        if self.constant {
            spec = spec.with_trend(if total_d == 0 {
                Trend::Constant
            } else {
                Trend::Drift
            });
        }
        Some(spec)
    }

    /// Checks the flags that do not depend on the data, before the file is read.
    fn validate(&self) -> Result<(), CliError> {
        validate_horizon(self.horizon)?;
        validate_period(self.period)?;
        for &l in &self.levels {
            normal_quantile(l).map_err(|e| CliError::Input(format!("--levels: {e}")))?;
        }
        if let Some(ModelName::MovingAverage(n)) = &self.model {
            MovingAverage::new(*n).map_err(|e| CliError::Input(format!("--model ma:{n}: {e}")))?;
        }
        Ok(())
    }

    fn model_name(&self) -> ModelName {
        if self.select.is_some() {
            return ModelName::Select;
        }
        self.model.clone().unwrap_or(ModelName::Auto)
    }

    /// The seasonal period of the series the model is fitted on: `--period`, else the data's,
    /// in trading days (a weekly 7 becomes the open weekdays, 6 for a shop closed on
    /// Saturdays).
    fn model_period(&self, series: &TimeSeries, calendar: &TradingCalendar) -> usize {
        let p = self.period.or(series.period()).unwrap_or(1);
        if p == 7 && series.frequency() == Some(Frequency::Daily) {
            calendar.open_weekdays()
        } else {
            p
        }
    }

    /// Fits the chosen model to one series, on the calendar's trading days.
    fn fit_one(
        &self,
        id: &str,
        series: &TimeSeries,
        calendar: &TradingCalendar,
        regressors: Option<&RegressorFile>,
    ) -> Result<Fitted, CliError> {
        let period = self.model_period(series, calendar);
        if let Some(file) = regressors {
            let (Some(start), Some(frequency)) = (series.start(), series.frequency()) else {
                return Err(CliError::Input("--regressors needs dated sales".into()));
            };
            let x = file.for_sku(id, start, frequency)?;
            // The horizon needs a row for every calendar day after the last sale, closed ones
            // included: the file is dated by calendar day, whatever the model steps over.
            let got = x.rows().saturating_sub(series.len());
            if got < self.horizon {
                return Err(future_rows_missing(self.horizon, got));
            }
            // The model steps over the trading weekdays only, so it sees their rows only.
            let x = if frequency == Frequency::Daily && !calendar.is_always_open() {
                trading_rows(&x, start, calendar)?
            } else {
                x
            };
            let fit = match self.arima(period) {
                Some(spec) => OnTradingDays::new(WithRegressors::new(spec, x), calendar.clone())
                    .fit_series(series)?,
                None => OnTradingDays::new(
                    WithRegressors::new(AutoArima::default().with_period(period), x),
                    calendar.clone(),
                )
                .fit_series(series)?,
            };
            return Ok(Fitted::ArimaX(Box::new(fit)));
        }
        if let Some(spec) = self.arima(period) {
            return Ok(Fitted::Arima(Box::new(
                OnTradingDays::new(spec, calendar.clone()).fit_series(series)?,
            )));
        }
        Ok(match self.model_name() {
            ModelName::Auto => Fitted::Arima(Box::new(
                OnTradingDays::new(AutoArima::default().with_period(period), calendar.clone())
                    .fit_series(series)?,
            )),
            ModelName::Ets => Fitted::Ets(Box::new(
                OnTradingDays::new(AutoEts::default().with_period(period), calendar.clone())
                    .fit_series(series)?,
            )),
            ModelName::Theta => Fitted::Theta(Box::new(
                OnTradingDays::new(Theta::default().with_period(period), calendar.clone())
                    .fit_series(series)?,
            )),
            ModelName::Select => Fitted::Selected(Box::new(
                OnTradingDays::new(selector(period), calendar.clone()).fit_series(series)?,
            )),
            ModelName::Ses => Fitted::Ses(
                OnTradingDays::new(SimpleExpSmoothing::default(), calendar.clone())
                    .fit_series(series)?,
            ),
            ModelName::Holt => Fitted::Holt(
                OnTradingDays::new(Holt::default(), calendar.clone()).fit_series(series)?,
            ),
            ModelName::MovingAverage(n) => Fitted::MovingAverage(
                OnTradingDays::new(MovingAverage::new(n)?, calendar.clone()).fit_series(series)?,
            ),
            ModelName::SeasonalNaive => Fitted::SeasonalNaive(
                OnTradingDays::new(SeasonalNaive::new(period)?, calendar.clone())
                    .fit_series(series)?,
            ),
            ModelName::Naive => Fitted::SeasonalNaive(
                OnTradingDays::new(SeasonalNaive::naive(), calendar.clone()).fit_series(series)?,
            ),
        })
    }

    /// The forecast of a fitted model, clipped at zero when asked.
    fn forecast_one(&self, fitted: &Fitted) -> Result<Forecast, CliError> {
        let f = match fitted.as_model().forecast(self.horizon, &self.levels) {
            Err(ArimaError::FutureRegressorsNeeded { needed, got }) => {
                return Err(future_rows_missing(needed, got));
            }
            r => r?,
        };
        Ok(if self.nonnegative { f.clip_min(0.0) } else { f })
    }
}

/// The error for a regressor file that ends before the forecast horizon does.
fn future_rows_missing(needed: usize, got: usize) -> CliError {
    CliError::Input(format!(
        "--regressors: --horizon {needed} needs the regressors for {needed} periods after the last sale; the file has {got} ({} missing)",
        needed - got.min(needed)
    ))
}

/// The rows of daily regressors `x` (row 0 on `start`) that fall on the calendar's trading
/// weekdays: the days a model fitted by [`OnTradingDays`] steps over, closed dates on trading
/// weekdays included (the model keeps them, filled in).
fn trading_rows(
    x: &Regressors,
    start: NaiveDate,
    calendar: &TradingCalendar,
) -> Result<Regressors, CliError> {
    let keep: Vec<usize> = start
        .iter_days()
        .take(x.rows())
        .enumerate()
        .filter(|&(_, d)| calendar.trades_on_weekday(d))
        .map(|(i, _)| i)
        .collect();
    let columns = x
        .names()
        .iter()
        .enumerate()
        .map(|(j, name)| (name.clone(), keep.iter().map(|&i| x.column(j)[i]).collect()));
    Ok(Regressors::from_columns(columns)?)
}

fn progress(len: usize, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(len as u64);
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({eta} left)")
            .expect("valid template")
            .progress_chars("=> "),
    );
    bar.set_message(what.to_owned());
    bar
}

/// A file name for `base` specialised to one SKU: `out.svg` -> `out-SKU.svg`.
pub(crate) fn per_sku_path(base: &Path, id: &str) -> PathBuf {
    let safe: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let stem = base
        .file_stem()
        .map_or_else(|| "plot".into(), |s| s.to_string_lossy().into_owned());
    let ext = base
        .extension()
        .map_or_else(|| "svg".into(), |s| s.to_string_lossy().into_owned());
    base.with_file_name(format!("{stem}-{safe}.{ext}"))
}

fn level_key(level: f64) -> String {
    num(level)
}

/// The JSON steps of a forecast: `[{"step", "date"?, "mean", "lower": {"80": ..}, "upper": {..}}]`.
fn forecast_steps(f: &Forecast) -> Vec<Value> {
    (0..f.horizon())
        .map(|t| {
            let mut lower = Map::new();
            let mut upper = Map::new();
            for iv in &f.intervals {
                lower.insert(level_key(iv.level), json!(iv.lower[t]));
                upper.insert(level_key(iv.level), json!(iv.upper[t]));
            }
            let mut step = json!({"step": t + 1});
            if let Some(d) = f.date(t) {
                step["date"] = json!(d.to_string());
            }
            step["mean"] = json!(f.mean[t]);
            step["lower"] = Value::Object(lower);
            step["upper"] = Value::Object(upper);
            step
        })
        .collect()
}

/// `--horizon` between 1 and the library's [`MAX_HORIZON`], checked before any work.
fn validate_horizon(h: usize) -> Result<(), CliError> {
    if h == 0 {
        return Err(CliError::Input("--horizon must be at least 1".into()));
    }
    if h > MAX_HORIZON {
        return Err(CliError::Input(format!(
            "--horizon {h} is beyond the limit of {MAX_HORIZON} periods"
        )));
    }
    Ok(())
}

/// `--period 0` is refused before any work (a period of 1 means "not seasonal").
fn validate_period(period: Option<usize>) -> Result<(), CliError> {
    if period == Some(0) {
        return Err(CliError::Input(
            "--period must be at least 1 (1 means not seasonal)".into(),
        ));
    }
    Ok(())
}

pub(crate) fn forecast(args: &ForecastArgs) -> Result<Report, CliError> {
    args.validate()?;
    // The history: always when fitting; with --model-file only if a file is given (plots).
    let history = args
        .file
        .as_ref()
        .map(|file| args.columns.load(file))
        .transpose()?;
    // A saved model carries the calendar it was fitted with.
    let calendar = match (&history, &args.model_file) {
        (Some(h), None) => args.calendar.resolve(h)?,
        _ => TradingCalendar::always_open(),
    };
    let regressors = args
        .regressors
        .as_ref()
        .map(|path| {
            RegressorFile::read(
                path,
                &args.columns.date_column,
                args.columns.id_column.as_deref().unwrap_or("sku"),
            )
        })
        .transpose()?;
    let source = args
        .file
        .as_ref()
        .or(args.model_file.as_ref())
        .map_or_else(String::new, |p| p.display().to_string());
    let fitted: Vec<(String, Result<Fitted, CliError>)> = match (&args.model_file, &history) {
        (Some(path), _) => saved::load::<Vec<SavedSeries>>(path, FORMAT)?
            .into_iter()
            .map(|s| (s.id, Ok(s.model)))
            .collect(),
        (None, Some(history)) => {
            let bar = progress(history.series.len(), "forecasting");
            if history.series.len() == 1 {
                bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
            }
            let fits = history
                .series
                .par_iter()
                .map(|s| {
                    let r = args.fit_one(&s.id, &s.series, &calendar, regressors.as_ref());
                    bar.inc(1);
                    (s.id.clone(), r)
                })
                .collect();
            bar.finish_and_clear();
            fits
        }
        (None, None) => unreachable!("clap requires the sales file without --model-file"),
    };
    let skipped = history.as_ref().map_or(&[][..], |h| h.skipped.as_slice());
    let several = fitted.len() + skipped.len() > 1;
    let mut objects = Vec::new();
    let mut rows = Vec::new();
    let mut saved_models = Vec::new();
    let mut failures: Vec<Value> = skipped
        .iter()
        .map(|s| json!({"id": s.id, "error": s.to_string()}))
        .collect();
    for (id, r) in fitted {
        let done = r.and_then(|fit| {
            let f = args.forecast_one(&fit)?;
            Ok((fit.describe()?, f, fit))
        });
        let (model, f, fit) = match done {
            Ok(x) => x,
            // One series that cannot be modelled does not stop the others.
            Err(e) if several => {
                eprintln!("warning: {source}: SKU {id}: {e}");
                failures.push(json!({"id": id, "error": e.to_string()}));
                continue;
            }
            Err(e) => return Err(e),
        };
        for note in model["notes"].as_array().into_iter().flatten() {
            eprintln!(
                "note: {source}: SKU {id}: {}",
                note.as_str().unwrap_or_default()
            );
        }
        if let Some(base) = &args.plot {
            let path = if several {
                per_sku_path(base, &id)
            } else {
                base.clone()
            };
            let series = history
                .as_ref()
                .and_then(|h| h.series.iter().find(|s| s.id == id))
                .ok_or_else(|| {
                    CliError::Input(format!(
                        "--plot: SKU {id:?} needs its sales history: give the sales file too"
                    ))
                })?;
            render_forecast(&path, series, &model, &f)?;
        }
        for t in 0..f.horizon() {
            let mut row = vec![
                id.clone(),
                (t + 1).to_string(),
                f.date(t).map(|d| d.to_string()).unwrap_or_default(),
                num(f.mean[t]),
            ];
            for iv in &f.intervals {
                row.push(num(iv.lower[t]));
                row.push(num(iv.upper[t]));
            }
            rows.push(row);
        }
        let mut object = json!({"id": id, "model": model, "forecast": forecast_steps(&f)});
        if let Some(s) = history
            .as_ref()
            .and_then(|h| h.series.iter().find(|s| s.id == id))
        {
            // Periods with an empty or NA cell: the fit skipped them.
            object["missing"] = json!(s.series.missing_count());
        }
        objects.push(object);
        saved_models.push(SavedSeries { id, model: fit });
    }
    if let Some(path) = &args.save_model {
        saved::save(path, FORMAT, &saved_models)?;
    }
    if objects.is_empty() {
        let first = failures
            .first()
            .and_then(|f| f["error"].as_str())
            .unwrap_or_default();
        return Err(CliError::Input(format!(
            "{source}: no series could be forecast ({} failed; first: {first})",
            failures.len()
        )));
    }
    let total = objects.len() + failures.len();
    let partial = Partial::of(failures.len(), total, "SKUs");
    if let (Some(base), true) = (&args.plot, several) {
        eprintln!("wrote {} plots next to {}", objects.len(), base.display());
    }
    let mut headers: Vec<String> = ["id", "step", "date", "mean"].map(String::from).to_vec();
    for l in &args.levels {
        headers.push(format!("lower_{}", level_key(*l)));
        headers.push(format!("upper_{}", level_key(*l)));
    }
    let models = Section {
        title: "Models".into(),
        headers: vec!["id".into(), "model".into()],
        rows: objects
            .iter()
            .map(|o| {
                vec![
                    o["id"].as_str().unwrap_or_default().to_owned(),
                    o["model"]["name"].as_str().unwrap_or_default().to_owned(),
                ]
            })
            .collect(),
    };
    let json = if several || !failures.is_empty() {
        if failures.is_empty() {
            json!(objects)
        } else {
            json!({"series": objects, "failures": failures})
        }
    } else {
        objects.into_iter().next().expect("one object")
    };
    Ok(Report {
        partial,
        headers,
        rows,
        json,
        sections: vec![models],
    })
}

pub(crate) fn render_forecast(
    path: &Path,
    s: &NamedSeries,
    model: &Value,
    f: &Forecast,
) -> Result<(), CliError> {
    let period = s.series.period().unwrap_or(1);
    plot::render(
        path,
        &ForecastPlot {
            title: format!("{}: {}", s.id, model["name"].as_str().unwrap_or("forecast")),
            history: s.series.values(),
            start: s.series.start(),
            frequency: s.series.frequency(),
            forecast: f,
            // Enough history to see the pattern without squashing the forecast.
            show_last: Some((8 * period).max(4 * f.horizon()).max(30)),
        },
    )
}

/// Score several models by rolling-origin backtests.
#[derive(Debug, Args)]
pub(crate) struct BacktestArgs {
    #[command(flatten)]
    input: SalesInput,
    /// Models to compare: auto, ets, theta, select (the per-SKU choice of `forecast --select
    /// backtest`, made inside each fold), ses, holt, ma:N, snaive, naive.
    #[arg(long, value_delimiter = ',', value_parser = parse_model, default_values = ["auto", "ses", "holt", "ma:7", "snaive"])]
    models: Vec<ModelName>,
    /// Forecast horizon of each fold.
    #[arg(long, default_value_t = 7)]
    horizon: usize,
    /// Number of forecast origins.
    #[arg(long, default_value_t = 4)]
    windows: usize,
    /// Periods between origins [default: the horizon].
    #[arg(long)]
    step: Option<usize>,
    /// Seasonal period for snaive and the MASE scale [default: from the data's frequency].
    #[arg(long)]
    period: Option<usize>,
    #[command(flatten)]
    calendar: CalendarArgs,
}

fn model_label(m: &ModelName) -> String {
    match m {
        ModelName::Auto => "auto-arima".into(),
        ModelName::Ets => "auto-ets".into(),
        ModelName::Theta => "theta".into(),
        ModelName::Select => "select".into(),
        ModelName::Ses => "ses".into(),
        ModelName::Holt => "holt".into(),
        ModelName::MovingAverage(n) => format!("ma:{n}"),
        ModelName::SeasonalNaive => "snaive".into(),
        ModelName::Naive => "naive".into(),
    }
}

fn backtest_one(
    spec: &Backtest,
    m: &ModelName,
    series: &TimeSeries,
    period: usize,
    calendar: &TradingCalendar,
) -> Result<ecom_supply::forecast::Metrics, CliError> {
    // Each fold fits on the trading days before its origin; scores are on calendar days.
    fn on<F: Forecaster>(
        spec: &Backtest,
        model: F,
        calendar: &TradingCalendar,
        series: &TimeSeries,
    ) -> Result<ecom_supply::forecast::Metrics, CliError>
    where
        F::Fitted: Sync,
    {
        let model = OnTradingDays::new(model, calendar.clone());
        Ok(spec.run(&model, series)?.metrics)
    }
    let inner = if period == 7 && series.frequency() == Some(Frequency::Daily) {
        calendar.open_weekdays()
    } else {
        period
    };
    match m {
        ModelName::Auto => on(
            spec,
            AutoArima::default().with_period(inner),
            calendar,
            series,
        ),
        ModelName::Ets => on(
            spec,
            AutoEts::default().with_period(inner),
            calendar,
            series,
        ),
        ModelName::Theta => on(spec, Theta::default().with_period(inner), calendar, series),
        ModelName::Select => on(spec, selector(inner), calendar, series),
        ModelName::Ses => on(spec, SimpleExpSmoothing::default(), calendar, series),
        ModelName::Holt => on(spec, Holt::default(), calendar, series),
        ModelName::MovingAverage(n) => on(spec, MovingAverage::new(*n)?, calendar, series),
        ModelName::SeasonalNaive => on(spec, SeasonalNaive::new(inner)?, calendar, series),
        ModelName::Naive => on(spec, SeasonalNaive::naive(), calendar, series),
    }
}

pub(crate) fn backtest(args: &BacktestArgs) -> Result<Report, CliError> {
    validate_horizon(args.horizon)?;
    if args.windows == 0 {
        return Err(CliError::Input("--windows must be at least 1".into()));
    }
    if args.step == Some(0) {
        return Err(CliError::Input("--step must be at least 1".into()));
    }
    validate_period(args.period)?;
    for m in &args.models {
        if let ModelName::MovingAverage(n) = m {
            MovingAverage::new(*n).map_err(|e| CliError::Input(format!("--models ma:{n}: {e}")))?;
        }
    }
    let history: SalesHistory = args.input.load()?;
    let calendar = args.calendar.resolve(&history)?;
    let mut spec = Backtest::new(args.horizon).with_windows(args.windows);
    if let Some(s) = args.step {
        spec = spec.with_step(s);
    }
    let jobs: Vec<(&NamedSeries, &ModelName)> = history
        .series
        .iter()
        .flat_map(|s| args.models.iter().map(move |m| (s, m)))
        .collect();
    let bar = progress(jobs.len(), "backtesting");
    let results: Vec<_> = jobs
        .par_iter()
        .map(|(s, m)| {
            let period = args.period.or(s.series.period()).unwrap_or(1);
            let spec = spec.with_season_length(period);
            let r = backtest_one(&spec, m, &s.series, period, &calendar);
            bar.inc(1);
            r
        })
        .collect();
    bar.finish_and_clear();

    let mut rows = Vec::new();
    let mut objects = Vec::new();
    let mut failed = 0;
    let mut first_error = None;
    // Per model: sums of MAE, RMSE and MASE over the series where each is defined.
    let mut totals: Vec<(f64, f64, f64, usize, usize)> =
        vec![(0.0, 0.0, 0.0, 0, 0); args.models.len()];
    for (j, ((s, m), r)) in jobs.iter().zip(results).enumerate() {
        let label = model_label(m);
        match r {
            Ok(metrics) => {
                let t = &mut totals[j % args.models.len()];
                t.0 += metrics.mae;
                t.1 += metrics.rmse;
                t.3 += 1;
                if let Some(mase) = metrics.mase {
                    t.2 += mase;
                    t.4 += 1;
                }
                rows.push(vec![
                    s.id.clone(),
                    label.clone(),
                    num(metrics.mae),
                    num(metrics.rmse),
                    metrics.mase.map(num).unwrap_or_default(),
                    num(metrics.smape),
                ]);
                // Undefined measures (MASE without a seasonal-naive scale, MAPE with zero
                // actuals) are left out rather than written as null.
                let mut o = json!({"id": s.id, "model": label, "mae": metrics.mae, "rmse": metrics.rmse,
                    "smape": metrics.smape, "n": metrics.n});
                if let Some(mape) = metrics.mape {
                    o["mape"] = json!(mape);
                }
                if let Some(mase) = metrics.mase {
                    o["mase"] = json!(mase);
                }
                objects.push(o);
            }
            Err(e) => {
                failed += 1;
                first_error.get_or_insert_with(|| format!("SKU {}, model {label}: {e}", s.id));
                rows.push(vec![
                    s.id.clone(),
                    label.clone(),
                    "error".into(),
                    String::new(),
                    String::new(),
                    e.to_string(),
                ]);
                objects.push(json!({"id": s.id, "model": label, "error": e.to_string()}));
            }
        }
    }
    let summary_rows: Vec<Vec<String>> = args
        .models
        .iter()
        .zip(&totals)
        .map(|(m, t)| {
            let mean = |sum: f64, n: usize| {
                if n > 0 {
                    num(sum / n as f64)
                } else {
                    String::new()
                }
            };
            vec![
                model_label(m),
                t.3.to_string(),
                mean(t.0, t.3),
                mean(t.1, t.3),
                mean(t.2, t.4),
            ]
        })
        .collect();
    let summary_json: Vec<Value> = args
        .models
        .iter()
        .zip(&totals)
        .map(|(m, t)| {
            let mut o = json!({"model": model_label(m), "series": t.3});
            if t.3 > 0 {
                o["mean_mae"] = json!(t.0 / t.3 as f64);
                o["mean_rmse"] = json!(t.1 / t.3 as f64);
            }
            if t.4 > 0 {
                o["mean_mase"] = json!(t.2 / t.4 as f64);
            }
            o
        })
        .collect();
    if failed == jobs.len() {
        return Err(CliError::Input(format!(
            "{}: every backtest failed ({failed} series x model pairs); first: {}",
            args.input.file.display(),
            first_error.unwrap_or_default()
        )));
    }
    let skipped = history.skipped.len() * args.models.len();
    let partial = Partial::of(
        failed + skipped,
        jobs.len() + skipped,
        "series x model pairs",
    );
    for s in &history.skipped {
        objects.push(json!({"id": s.id, "error": s.to_string()}));
    }
    Ok(Report {
        partial,
        headers: ["id", "model", "mae", "rmse", "mase", "smape"]
            .map(String::from)
            .to_vec(),
        rows,
        json: json!({"horizon": args.horizon, "windows": args.windows, "summary": summary_json, "results": objects}),
        sections: vec![Section {
            title: format!(
                "Mean over series ({} origins, {}-step forecasts; MASE < 1 beats the seasonal naive in-sample)",
                args.windows, args.horizon
            ),
            headers: ["model", "series", "mean_mae", "mean_rmse", "mean_mase"]
                .map(String::from)
                .to_vec(),
            rows: summary_rows,
        }],
    })
}
