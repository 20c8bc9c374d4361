//! The random ARIMA fitting problems of the property tests, shared with the seed sweep
//! (`tests/fit_sweep.rs`) so the sweep counts failures on exactly the cases CI draws.
#![allow(dead_code, unreachable_pub)]

use forecast_arima::{Arima, Trend};
use proptest::prelude::*;

use super::sim::simulate;

/// Simulated ARMA(1,1) series, integrated 0 or 1 times, with a period-4 pattern and a level
/// anywhere in -50..500 (so zero-mean models are often fitted to data far from zero).
pub fn series() -> impl Strategy<Value = Vec<f64>> {
    (
        any::<u64>(),
        16usize..120,
        -0.9f64..0.9,
        -0.9f64..0.9,
        0usize..2,
        0.0f64..5.0,
        -50.0f64..500.0,
    )
        .prop_map(|(seed, n, phi, theta, d, amp, level)| {
            simulate(seed, n, phi, theta, d, 4, amp, level)
        })
}

/// A model to fit: orders, whether to add a seasonal (1,0,1)₄ part and whether to add a
/// constant (mean when d = 0, drift when d = 1).
#[derive(Debug, Clone, Copy)]
pub struct ModelCase {
    pub p: usize,
    pub d: usize,
    pub q: usize,
    pub seasonal: bool,
    pub constant: bool,
}

impl ModelCase {
    pub fn spec(&self) -> Arima {
        let mut spec = Arima::new(self.p, self.d, self.q);
        if self.seasonal {
            spec = spec.with_seasonal(1, 0, 1, 4);
        }
        if self.constant {
            spec = spec.with_trend(if self.d == 0 {
                Trend::Constant
            } else {
                Trend::Drift
            });
        }
        spec
    }
}

pub fn model_case() -> impl Strategy<Value = ModelCase> {
    (
        0usize..3,
        0usize..2,
        0usize..3,
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(p, d, q, seasonal, constant)| ModelCase {
            p,
            d,
            q,
            seasonal,
            constant,
        })
}

/// Cases per proptest run of `arima_fits_or_errors_and_forecasts_are_sane`.
pub const FIT_CASES: u32 = 48;
