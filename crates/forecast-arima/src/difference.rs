//! Regular and seasonal differencing and its inverse.

use serde::{Deserialize, Serialize};

use crate::error::{ArimaError, Result};
use crate::limits::{MAX_STATE_DIM, all_finite, check_data};
use crate::poly::differencing_polynomial;

/// The differencing operator `(1 − L)ᵈ (1 − Lˢ)ᴰ` and its inverse.
///
/// ```
/// use forecast_arima::Differencing;
/// let diff = Differencing::new(1, 1, 4)?;
/// let y = [1.0, 4.0, 2.0, 8.0, 3.0, 7.0, 4.0, 9.0, 6.0, 10.0];
/// let w = diff.apply(&y)?;
/// assert_eq!(w.len(), y.len() - diff.lost());
/// // Integrating the differenced values back on top of the first observations restores y.
/// let back = diff.integrate(&y[..diff.lost()], &w)?;
/// assert_eq!(back, y[diff.lost()..].to_vec());
/// # Ok::<(), forecast_arima::ArimaError>(())
/// ```
///
/// It (de)serialises as `{"d": 1, "seasonal_d": 1, "period": 4}`; reading it back goes through
/// [`new`](Differencing::new), so the coefficients are rebuilt, never read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "DifferencingRepr")]
pub struct Differencing {
    d: usize,
    seasonal_d: usize,
    period: usize,
    /// `[δ₁, …]` with `(1 − L)ᵈ(1 − Lˢ)ᴰ = 1 − Σ δⱼ Lʲ`.
    #[serde(skip)]
    delta: Vec<f64>,
}

/// The serde form of [`Differencing`] before validation.
#[derive(Deserialize)]
struct DifferencingRepr {
    d: usize,
    seasonal_d: usize,
    period: usize,
}

impl TryFrom<DifferencingRepr> for Differencing {
    type Error = ArimaError;

    fn try_from(r: DifferencingRepr) -> Result<Self> {
        Self::new(r.d, r.seasonal_d, r.period)
    }
}

impl Differencing {
    /// `d` regular and `seasonal_d` seasonal differences at `period`.
    ///
    /// # Errors
    /// [`ArimaError::InvalidParameter`] when `seasonal_d > 0` and `period < 2`, or when the
    /// polynomial's degree `d + seasonal_d·period` exceeds [`MAX_STATE_DIM`] (checked before
    /// it is built).
    pub fn new(d: usize, seasonal_d: usize, period: usize) -> Result<Self> {
        if seasonal_d > 0 && period < 2 {
            return Err(ArimaError::invalid(
                "period",
                format!("seasonal differencing needs a period of at least 2, got {period}"),
            ));
        }
        let degree = seasonal_d
            .checked_mul(period)
            .and_then(|v| v.checked_add(d));
        if degree.is_none_or(|v| v > MAX_STATE_DIM) {
            return Err(ArimaError::invalid(
                "d",
                format!(
                    "d + D·period must be at most MAX_STATE_DIM = {MAX_STATE_DIM}, got \
                     {d} + {seasonal_d}·{period}"
                ),
            ));
        }
        let period = if seasonal_d > 0 {
            period
        } else {
            period.max(1)
        };
        Ok(Self {
            d,
            seasonal_d,
            period,
            delta: differencing_polynomial(d, seasonal_d, period),
        })
    }

    /// Observations consumed at the start: `d + D·s`.
    pub fn lost(&self) -> usize {
        self.delta.len()
    }

    /// The coefficients `[δ₁, …, δ_{d+Ds}]` of `(1 − L)ᵈ(1 − Lˢ)ᴰ = 1 − Σ δⱼ Lʲ`.
    pub fn coefficients(&self) -> &[f64] {
        &self.delta
    }

    /// The differenced series, `lost()` values shorter than `y`.
    ///
    /// # Errors
    /// [`ArimaError::NotEnoughData`] when `y` has no more than `lost()` values;
    /// [`ArimaError::NonFinite`] / [`ArimaError::Core`] for a NaN, infinite or too large
    /// value (as [`ecom_core::TimeSeries`]); [`ArimaError::Overflow`] if a difference is not
    /// finite.
    pub fn apply(&self, y: &[f64]) -> Result<Vec<f64>> {
        let nd = self.lost();
        if y.len() <= nd {
            return Err(ArimaError::NotEnoughData {
                needed: nd + 1,
                got: y.len(),
            });
        }
        check_data(y, false)?;
        let w = apply_poly(&self.delta, y);
        all_finite(&w, "a differenced value")?;
        Ok(w)
    }

    /// Values on the original scale that follow `history` when the differenced series
    /// continues with `differenced` (inverse of [`apply`](Self::apply)).
    ///
    /// # Errors
    /// [`ArimaError::NotEnoughData`] when `history` is shorter than `lost()`;
    /// [`ArimaError::NonFinite`] / [`ArimaError::Core`] for a NaN, infinite or too large
    /// value; [`ArimaError::Overflow`] if an integrated value is not finite.
    pub fn integrate(&self, history: &[f64], differenced: &[f64]) -> Result<Vec<f64>> {
        let nd = self.lost();
        if history.len() < nd {
            return Err(ArimaError::NotEnoughData {
                needed: nd,
                got: history.len(),
            });
        }
        check_data(history, false)?;
        check_data(differenced, false)?;
        let mut buf: Vec<f64> = history[history.len() - nd..].to_vec();
        for &w in differenced {
            let t = buf.len();
            let v = w + self
                .delta
                .iter()
                .enumerate()
                .map(|(j, c)| c * buf[t - 1 - j])
                .sum::<f64>();
            buf.push(v);
        }
        let out = buf.split_off(nd);
        all_finite(&out, "an integrated value")?;
        Ok(out)
    }
}

/// `w_t = y_t − Σ δⱼ y_{t−j}` for `t ≥ nd` (NaN propagates).
pub(crate) fn apply_poly(delta: &[f64], y: &[f64]) -> Vec<f64> {
    let nd = delta.len();
    (nd..y.len())
        .map(|t| {
            y[t] - delta
                .iter()
                .enumerate()
                .map(|(j, c)| c * y[t - 1 - j])
                .sum::<f64>()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_repeated_differences() {
        let y: Vec<f64> = (0..30)
            .map(|i| ((i * 7) % 11) as f64 + 0.5 * i as f64)
            .collect();
        let d = Differencing::new(2, 1, 6).unwrap();
        let w = d.apply(&y).unwrap();
        // By hand: seasonal lag-6 difference, then two lag-1 differences.
        let s: Vec<f64> = (6..30).map(|t| y[t] - y[t - 6]).collect();
        let d1: Vec<f64> = s.windows(2).map(|p| p[1] - p[0]).collect();
        let d2: Vec<f64> = d1.windows(2).map(|p| p[1] - p[0]).collect();
        assert_eq!(w.len(), d2.len());
        for (a, b) in w.iter().zip(&d2) {
            assert!((a - b).abs() < 1e-9);
        }
        assert!(Differencing::new(0, 1, 1).is_err());
        assert!(matches!(
            d.apply(&y[..8]),
            Err(ArimaError::NotEnoughData { needed: 9, got: 8 })
        ));
    }
}
