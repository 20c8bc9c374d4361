//! Gaussian prediction intervals.

use ecom_core::{Forecast, ForecastInterval};
use statrs::distribution::{ContinuousCDF, Normal};

use crate::error::{ArimaError, Result};
use crate::limits::all_finite;

/// The default interval levels, in percent.
pub const DEFAULT_LEVELS: [f64; 2] = [80.0, 95.0];

/// Smallest interval level accepted, in percent: anything below is taken for a fraction
/// (0.95 meaning 95 %) and refused by every function that takes levels.
pub const MIN_LEVEL: f64 = 1.0;

/// The two-sided standard normal quantile for a `level` in percent (1.2816 for 80, 1.96 for
/// 95).
///
/// Levels are percentages throughout this crate (`&[80.0, 95.0]`), while service levels
/// elsewhere in the toolkit are fractions (0.95). A level below 1 is almost always such a
/// fraction, so it is refused rather than read as a 0.95 % interval:
///
/// ```
/// use forecast_arima::normal_quantile;
/// assert!((normal_quantile(95.0)? - 1.959964).abs() < 1e-6);
/// let err = normal_quantile(0.95).unwrap_err();
/// assert!(err.to_string().contains("interval levels are percentages: got 0.95, did you mean 95?"));
/// # Ok::<(), forecast_arima::ArimaError>(())
/// ```
///
/// # Errors
/// [`ArimaError::InvalidParameter`] unless `1 <= level < 100` (a level in (0, 1) gets a
/// message suggesting the percentage).
pub fn normal_quantile(level: f64) -> Result<f64> {
    if !(level.is_finite() && level > 0.0 && level < 100.0) {
        return Err(ArimaError::invalid(
            "level",
            format!("interval levels are percentages strictly between 0 and 100, got {level}"),
        ));
    }
    if level < MIN_LEVEL {
        // Rounded so 0.95 suggests 95, not 94.99999999999999.
        let percent = (level * 100.0 * 1e9).round() / 1e9;
        return Err(ArimaError::invalid(
            "level",
            format!(
                "interval levels are percentages: got {level}, did you mean {percent}? \
                 (levels below {MIN_LEVEL} are refused as likely fractions)"
            ),
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
        for bad in [0.0, 100.0, -5.0, f64::NAN, 120.0, 0.95, 0.5, 0.999] {
            assert!(normal_quantile(bad).is_err());
        }
        // A 1 % interval is unusual but a percentage; 0.8 is the fraction 80 %.
        assert!((normal_quantile(1.0).unwrap() - 0.012533469508069276).abs() < 1e-12);
        let msg = normal_quantile(0.8).unwrap_err().to_string();
        assert!(msg.contains("got 0.8, did you mean 80?"), "{msg}");
        let msg = normal_quantile(0.95).unwrap_err().to_string();
        assert!(msg.contains("got 0.95, did you mean 95?"), "{msg}");
        let msg = normal_quantile(0.025).unwrap_err().to_string();
        assert!(msg.contains("did you mean 2.5?"), "{msg}");
    }
}
