//! Every forecaster of the crate behind one type, so a list of candidates can mix them.
//!
//! The enums and their trait implementations are written once, by `candidates!`: adding a model
//! (AutoETS, say) is one line there plus its [`Label`] and [`Total`](super::total::Total)
//! implementations.

use std::fmt;

use ecom_core::{Forecast, TimeSeries};
use serde::{Deserialize, Serialize};

use super::total::Total;
use crate::error::Result;
use crate::forecaster::{FittedModel, Forecaster};
use crate::note::FitNote;
use crate::{
    Arima, AutoArima, FittedArima, FittedHolt, FittedMovingAverage, FittedSeasonalNaive, FittedSes,
    FittedTheta, Holt, MovingAverage, SeasonalNaive, SimpleExpSmoothing, Theta,
};
use crate::{AutoEts, FittedEts};

/// A short human name: `AutoARIMA`, `MA(7)`, `seasonal naive[7]`, `ARIMA(0,1,1)(0,1,1)[7]`.
pub(crate) trait Label {
    fn label(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
}

macro_rules! candidates {
    ($( $(#[$doc:meta])* $variant:ident($spec:ty => $fitted:ty), )+) => {
        /// The specification of any forecaster of this crate: a candidate of a
        /// [`BacktestSelector`](crate::BacktestSelector), or a model chosen by name in a
        /// configuration file.
        ///
        /// It fits through [`Forecaster`] to an [`AnyFittedModel`] of the same variant, and
        /// displays as a short name (`AutoARIMA`, `SES`, `MA(7)`, `seasonal naive[7]`,
        /// `naive`, `Theta`). Every specification type converts into it with `into()`. As a
        /// stored configuration it is the variant's name in snake case holding the
        /// specification, e.g. `{"seasonal_naive": {"period": 7}}` or `{"ses": {}}`.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        #[non_exhaustive]
        pub enum ModelSpec {
            $( $(#[$doc])* $variant($spec), )+
        }

        /// A fitted model of any kind: what a [`ModelSpec`] fits to. Forecasts, notes,
        /// [`predict_total`](AnyFittedModel::predict_total) and `Display` go to the model
        /// inside; it serialises as the variant's name in snake case holding the fitted
        /// model, checked as that model is when read back.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        #[non_exhaustive]
        pub enum AnyFittedModel {
            $(
                #[doc = concat!("A fitted [`ModelSpec::", stringify!($variant), "`].")]
                $variant($fitted),
            )+
        }

        impl ModelSpec {
            /// The variant's name, the same for the fitted model.
            pub(crate) fn kind(&self) -> &'static str {
                match self {
                    $( ModelSpec::$variant(_) => stringify!($variant), )+
                }
            }
        }

        impl AnyFittedModel {
            /// The variant's name, the same as its specification's.
            pub(crate) fn kind(&self) -> &'static str {
                match self {
                    $( AnyFittedModel::$variant(_) => stringify!($variant), )+
                }
            }

            /// Mean and standard error of the total of the next `h` values (demand over a
            /// lead time), under the model's own error model, correlations between steps
            /// included: exact for ARIMA ([`FittedArima::predict_total`]) and Theta
            /// ([`FittedTheta::predict_total`]); for SES and Holt those of ETS(A,N,N) and
            /// ETS(A,A,N), for seasonal naive the seasonal random walk; for a moving average,
            /// i.i.d. noise around a level estimated by the window's mean (σ² from its
            /// one-step RMSE), so the total's variance is `rmse²·h(w + h)/(w + 1)`.
            ///
            /// # Errors
            /// A horizon of 0 or beyond [`MAX_HORIZON`](crate::MAX_HORIZON);
            /// [`ArimaError::Overflow`](crate::ArimaError::Overflow) when the total or its
            /// standard error is not finite.
            pub fn predict_total(&self, h: usize) -> Result<(f64, f64)> {
                match self {
                    $( AnyFittedModel::$variant(m) => m.total(h), )+
                }
            }
        }

        $(
            impl From<$spec> for ModelSpec {
                fn from(spec: $spec) -> Self {
                    ModelSpec::$variant(spec)
                }
            }
        )+

        impl Forecaster for ModelSpec {
            type Fitted = AnyFittedModel;

            fn fit_series(&self, series: &TimeSeries) -> Result<AnyFittedModel> {
                match self {
                    $( ModelSpec::$variant(m) => m.fit_series(series).map(|f| AnyFittedModel::$variant(f.into())), )+
                }
            }

            fn min_train_len(&self) -> Result<usize> {
                match self {
                    $( ModelSpec::$variant(m) => m.min_train_len(), )+
                }
            }
        }

        impl FittedModel for AnyFittedModel {
            fn forecast(&self, h: usize, levels: &[f64]) -> Result<Forecast> {
                match self {
                    $( AnyFittedModel::$variant(m) => m.forecast(h, levels), )+
                }
            }

            fn notes(&self) -> &[FitNote] {
                match self {
                    $( AnyFittedModel::$variant(m) => m.notes(), )+
                }
            }

            fn predict_sum(&self, n: usize) -> Result<(f64, f64)> {
                match self {
                    $( AnyFittedModel::$variant(m) => m.predict_sum(n), )+
                }
            }
        }

        impl fmt::Display for ModelSpec {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self {
                    $( ModelSpec::$variant(m) => m.label(f), )+
                }
            }
        }

        impl fmt::Display for AnyFittedModel {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self {
                    $( AnyFittedModel::$variant(m) => m.label(f), )+
                }
            }
        }
    };
}

candidates! {
    /// Automatic ARIMA order selection ([`AutoArima`]).
    AutoArima(AutoArima => Box<FittedArima>),
    /// A fixed-order ARIMA ([`Arima`]).
    Arima(Arima => Box<FittedArima>),
    /// Simple exponential smoothing ([`SimpleExpSmoothing`]).
    Ses(SimpleExpSmoothing => FittedSes),
    /// Holt's linear trend ([`Holt`]).
    Holt(Holt => FittedHolt),
    /// A moving average ([`MovingAverage`]).
    MovingAverage(MovingAverage => FittedMovingAverage),
    /// Seasonal naive, or naive with period 1 ([`SeasonalNaive`]).
    SeasonalNaive(SeasonalNaive => FittedSeasonalNaive),
    /// The standard Theta method ([`Theta`]).
    Theta(Theta => FittedTheta),
    /// Automatic exponential smoothing state-space model ([`AutoEts`]).
    AutoEts(AutoEts => Box<FittedEts>),
}

impl Label for AutoEts {
    fn label(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AutoETS")
    }
}

impl Label for FittedEts {
    fn label(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl Label for AutoArima {
    fn label(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AutoARIMA")
    }
}

impl Label for Arima {
    fn label(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl Label for FittedArima {
    fn label(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl Label for SimpleExpSmoothing {
    fn label(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SES")
    }
}

impl Label for FittedSes {
    fn label(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SES(alpha={:.3})", self.alpha())
    }
}

impl Label for Holt {
    fn label(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Holt")
    }
}

impl Label for FittedHolt {
    fn label(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Holt(alpha={:.3}, beta={:.3})",
            self.alpha(),
            self.beta()
        )
    }
}

impl Label for MovingAverage {
    fn label(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MA({})", self.window())
    }
}

impl Label for FittedMovingAverage {
    fn label(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MA({})", self.window())
    }
}

fn naive_label(period: usize, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    if period == 1 {
        f.write_str("naive")
    } else {
        write!(f, "seasonal naive[{period}]")
    }
}

impl Label for SeasonalNaive {
    fn label(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        naive_label(self.period(), f)
    }
}

impl Label for FittedSeasonalNaive {
    fn label(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        naive_label(self.period(), f)
    }
}

impl Label for Theta {
    fn label(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Theta")
    }
}

impl Label for FittedTheta {
    fn label(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.decomposition() {
            None => f.write_str("Theta"),
            Some(kind) => {
                let kind = match kind {
                    crate::Decomposition::Multiplicative => "multiplicative",
                    crate::Decomposition::Additive => "additive",
                };
                write!(f, "Theta({kind}[{}])", self.seasonal_factors().len())
            }
        }
    }
}
