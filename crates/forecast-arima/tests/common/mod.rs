//! Typed access to the shared forecast fixtures copied into `tests/data/`, and simulated series.
#![allow(dead_code, unreachable_pub)]

pub mod cases;
pub mod roundtrip;
pub mod sim;

use std::collections::HashMap;

use forecast_arima::{Arima, Trend};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct Fixture {
    pub series: String,
    pub period: usize,
    pub values: Vec<Option<f64>>,
    pub cases: Vec<Case>,
    pub auto: Option<Auto>,
    pub baselines: Option<Baselines>,
}

impl Fixture {
    /// Values with NaN for missing.
    pub fn y(&self) -> Vec<f64> {
        self.values.iter().map(|v| v.unwrap_or(f64::NAN)).collect()
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Coefs {
    pub ar: Vec<f64>,
    pub ma: Vec<f64>,
    pub sar: Vec<f64>,
    pub sma: Vec<f64>,
    pub constant: Option<f64>,
    pub drift: Option<f64>,
}

#[derive(Debug, Deserialize)]
pub struct Case {
    pub order: [usize; 3],
    pub seasonal_order: [usize; 4],
    pub trend: String,
    pub coefficients: Coefs,
    pub sigma2: f64,
    pub loglik: f64,
    pub aic: f64,
    pub aicc: f64,
    pub bic: f64,
    pub nobs_effective: usize,
    pub n_params: usize,
    pub converged: bool,
    pub boundary: bool,
    pub forecast_mean: Vec<f64>,
    pub forecast_se: Vec<f64>,
    pub lower_80: Vec<f64>,
    pub upper_80: Vec<f64>,
    pub lower_95: Vec<f64>,
    pub upper_95: Vec<f64>,
    #[serde(default)]
    pub r_style: HashMap<String, RStyle>,
}

impl Case {
    pub fn spec(&self) -> Arima {
        let [p, d, q] = self.order;
        let [sp, sd, sq, s] = self.seasonal_order;
        let trend = match self.trend.as_str() {
            "c" => Trend::Constant,
            "t" => Trend::Drift,
            _ => Trend::None,
        };
        let spec = Arima::new(p, d, q).with_trend(trend);
        if s > 0 {
            spec.with_seasonal(sp, sd, sq, s)
        } else {
            spec
        }
    }

    pub fn label(&self, series: &str) -> String {
        format!(
            "{series} {:?}{:?} {}",
            self.order, self.seasonal_order, self.trend
        )
    }

    /// Interior, converged and confirmed by R's CSS-ML within 0.1 in log-likelihood: the
    /// README's "well-identified" cases where coefficients and forecasts are compared.
    pub fn well_identified(&self) -> bool {
        let confirmed = self
            .r_style
            .get("CSS-ML")
            .and_then(|r| r.loglik_minus_statsmodels)
            .is_none_or(|d| d.abs() <= 0.1);
        !self.boundary && self.converged && confirmed
    }
}

#[derive(Debug, Deserialize)]
pub struct RStyle {
    pub coefficients: Coefs,
    pub loglik: f64,
    pub loglik_minus_statsmodels: Option<f64>,
}

#[derive(Debug, Deserialize)]
pub struct Auto {
    pub statsforecast: SfAuto,
}

#[derive(Debug, Deserialize)]
pub struct SfAuto {
    pub order: [usize; 3],
    pub seasonal_order: [usize; 4],
    pub with_constant: bool,
    pub aicc: f64,
}

#[derive(Debug, Deserialize)]
pub struct Baselines {
    pub ses: Ses,
    pub ses_fixed: SesFixed,
    pub ses_statsforecast: SesSf,
    pub moving_average_3: MovingAverage3,
}

#[derive(Debug, Deserialize)]
pub struct Ses {
    pub alpha: f64,
    pub sse: f64,
    pub forecast: f64,
}

#[derive(Debug, Deserialize)]
pub struct SesFixed {
    pub alpha: f64,
    pub fitted: Vec<f64>,
    pub final_level: f64,
    pub sse: f64,
}

#[derive(Debug, Deserialize)]
pub struct SesSf {
    pub alpha: f64,
    pub forecast: f64,
}

#[derive(Debug, Deserialize)]
pub struct MovingAverage3 {
    pub fitted: Vec<f64>,
    pub forecast: f64,
    pub mae: f64,
    pub rmse: f64,
}

pub const FILES: [&str; 11] = [
    "seed_notes_10day",
    "airpassengers_log",
    "airpassengers",
    "wineind",
    "nile",
    "sunspots",
    "heartrate",
    "woolyrnq",
    "co2",
    "co2_missing",
    "elnino",
];

pub fn load(name: &str) -> Fixture {
    ecom_testing::read_json(ecom_testing::data_path(
        env!("CARGO_MANIFEST_DIR"),
        &format!("{name}.json"),
    ))
}

pub fn all() -> Vec<Fixture> {
    FILES.iter().map(|f| load(f)).collect()
}
