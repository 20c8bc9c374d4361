//! Gaussian prediction intervals.

use ecom_core::{Forecast, ForecastInterval};
use statrs::distribution::{ContinuousCDF, Normal};

use crate::error::{ArimaError, Result};
use crate::limits::all_finite;

/// The default interval levels, in percent.
pub const DEFAULT_LEVELS: [f64; 2] = [80.0, 95.0];

/// The two-sided standard normal quantile for a `level` in percent (1.2816 for 80, 1.96 for
/// 95).
///
/// # Errors
/// [`ArimaError::InvalidParameter`] unless `0 < level < 100`.
pub fn normal_quantile(level: f64) -> Result<f64> {
    if !(level.is_finite() && level > 0.0 && level < 100.0) {
        return Err(ArimaError::invalid(
            "level",
            format!("interval levels are percentages strictly between 0 and 100, got {level}"),
        ));
    }
    let n = Normal::standard();
    Ok(n.inverse_cdf(0.5 + level / 200.0))
}

/// A forecast from means and standard errors, with `mean ± z·se` intervals at each level.
///
/// # Errors
/// [`ArimaError::InvalidParameter`] for a bad level, [`ArimaError::Overflow`] when a mean,
/// standard error or bound is not finite.
pub(crate) fn gaussian_forecast(mean: Vec<f64>, se: &[f64], levels: &[f64]) -> Result<Forecast> {
    all_finite(&mean, "the forecast mean")?;
    all_finite(se, "the forecast standard error")?;
    let mut intervals = Vec::with_capacity(levels.len());
    for &level in levels {
        let z = normal_quantile(level)?;
        let lower: Vec<f64> = mean.iter().zip(se).map(|(m, s)| m - z * s).collect();
        let upper: Vec<f64> = mean.iter().zip(se).map(|(m, s)| m + z * s).collect();
        all_finite(&lower, "a prediction interval bound")?;
        all_finite(&upper, "a prediction interval bound")?;
        intervals.push(ForecastInterval {
            level,
            lower,
            upper,
        });
    }
    Ok(Forecast {
        mean,
        intervals,
        ..Forecast::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles() {
        assert!((normal_quantile(95.0).unwrap() - 1.959963984540054).abs() < 1e-9);
        assert!((normal_quantile(80.0).unwrap() - 1.2815515655446004).abs() < 1e-9);
        for bad in [0.0, 100.0, -5.0, f64::NAN, 120.0] {
            assert!(normal_quantile(bad).is_err());
        }
    }
}
