//! Seasonal-trend decomposition by LOESS (Cleveland, Cleveland, McRae & Terpenning 1990),
//! non-robust, every jump 1 — the configuration statsforecast's seasonal-strength test uses
//! (seasonal window 11 and degree 0, default trend and low-pass windows, five inner passes).

/// Settings of one decomposition.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Stl {
    pub(crate) period: usize,
    pub(crate) seasonal: usize,
    pub(crate) trend: usize,
    pub(crate) low_pass: usize,
    pub(crate) seasonal_deg: usize,
    pub(crate) trend_deg: usize,
    pub(crate) low_pass_deg: usize,
    pub(crate) inner_iter: usize,
}

impl Stl {
    /// Defaults for `period` with a seasonal window `seasonal` (odd, ≥ 3): trend window the
    /// next odd integer ≥ 1.5·period / (1 − 1.5/seasonal), low-pass the next odd > period.
    pub(crate) fn new(period: usize, seasonal: usize, seasonal_deg: usize) -> Self {
        let mut trend = (1.5 * period as f64 / (1.0 - 1.5 / seasonal as f64)).ceil() as usize;
        if trend.is_multiple_of(2) {
            trend += 1;
        }
        let mut low_pass = period + 1;
        if low_pass.is_multiple_of(2) {
            low_pass += 1;
        }
        Self {
            period,
            seasonal,
            trend,
            low_pass,
            seasonal_deg,
            trend_deg: 1,
            low_pass_deg: 1,
            inner_iter: 5,
        }
    }

    /// `(seasonal, trend)` components of `y` (remainder = y − seasonal − trend).
    pub(crate) fn decompose(&self, y: &[f64]) -> (Vec<f64>, Vec<f64>) {
        let n = y.len();
        let np = self.period;
        let mut trend = vec![0.0; n];
        let mut season = vec![0.0; n];
        let mut detrended = vec![0.0; n];
        let mut cycle = vec![0.0; n + 2 * np];
        let mut low = vec![0.0; n];
        let mut buf1 = vec![0.0; n + 2 * np];
        let mut buf2 = vec![0.0; n + 2 * np];
        let mut weights = vec![0.0; n + 2 * np];
        for _ in 0..self.inner_iter {
            for i in 0..n {
                detrended[i] = y[i] - trend[i];
            }
            self.cycle_subseries(&detrended, &mut cycle, &mut weights);
            // Low-pass filter of the cycle-subseries: moving averages of length np, np, 3,
            // then LOESS.
            moving_average(&cycle, np, &mut buf1);
            moving_average(&buf1[..n + np + 1], np, &mut buf2);
            moving_average(&buf2[..n + 2], 3, &mut buf1);
            loess_smooth(
                &buf1[..n],
                self.low_pass,
                self.low_pass_deg,
                &mut low,
                &mut weights,
            );
            for i in 0..n {
                season[i] = cycle[np + i] - low[i];
                detrended[i] = y[i] - season[i];
            }
            loess_smooth(
                &detrended,
                self.trend,
                self.trend_deg,
                &mut trend,
                &mut weights,
            );
        }
        (season, trend)
    }

    /// Smooths each cycle-subseries, extended by one value at each end, into `out`
    /// (length n + 2·period).
    fn cycle_subseries(&self, y: &[f64], out: &mut [f64], weights: &mut [f64]) {
        let n = y.len();
        let np = self.period;
        let ns = self.seasonal;
        let mut sub = Vec::with_capacity(n / np + 1);
        let mut smooth = vec![0.0; n / np + 3];
        for j in 0..np {
            sub.clear();
            sub.extend((j..n).step_by(np).map(|i| y[i]));
            let k = sub.len();
            if k == 0 {
                continue;
            }
            loess_smooth(&sub, ns, self.seasonal_deg, &mut smooth[1..=k], weights);
            smooth[0] = loess_point(&sub, ns, self.seasonal_deg, 0.0, 1, ns.min(k), weights)
                .unwrap_or(smooth[1]);
            smooth[k + 1] = loess_point(
                &sub,
                ns,
                self.seasonal_deg,
                (k + 1) as f64,
                (k + 1).saturating_sub(ns).max(1),
                k,
                weights,
            )
            .unwrap_or(smooth[k]);
            for (m, &v) in smooth[..k + 2].iter().enumerate() {
                out[m * np + j] = v;
            }
        }
    }
}

/// Moving average of window `len` over `x`, written to `out[..x.len() − len + 1]`.
fn moving_average(x: &[f64], len: usize, out: &mut [f64]) {
    let newn = x.len() + 1 - len;
    let mut v: f64 = x[..len].iter().sum();
    let flen = len as f64;
    out[0] = v / flen;
    for j in 1..newn {
        v += x[j + len - 1] - x[j - 1];
        out[j] = v / flen;
    }
}

/// LOESS fit at every position of `y` with window `len` (tricube weights, local degree 0 or
/// 1); positions where the fit fails keep the data value.
fn loess_smooth(y: &[f64], len: usize, deg: usize, out: &mut [f64], weights: &mut [f64]) {
    let n = y.len();
    if n < 2 {
        out[..n].copy_from_slice(y);
        return;
    }
    if len >= n {
        for i in 0..n {
            out[i] = loess_point(y, len, deg, (i + 1) as f64, 1, n, weights).unwrap_or(y[i]);
        }
        return;
    }
    let half = (len + 2) / 2;
    let (mut left, mut right) = (1, len);
    for i in 0..n {
        if i + 1 > half && right != n {
            left += 1;
            right += 1;
        }
        out[i] = loess_point(y, len, deg, (i + 1) as f64, left, right, weights).unwrap_or(y[i]);
    }
}

/// Local fit at 1-based position `xs` from the points `left..=right` (1-based).
fn loess_point(
    y: &[f64],
    len: usize,
    deg: usize,
    xs: f64,
    left: usize,
    right: usize,
    w: &mut [f64],
) -> Option<f64> {
    let n = y.len();
    let range = n as f64 - 1.0;
    let mut h = (xs - left as f64).max(right as f64 - xs);
    if len > n {
        h += ((len - n) / 2) as f64;
    }
    let (h9, h1) = (0.999 * h, 0.001 * h);
    let mut total = 0.0;
    for j in left..=right {
        let r = (j as f64 - xs).abs();
        let wj = if r <= h9 {
            if r <= h1 {
                1.0
            } else {
                (1.0 - (r / h).powi(3)).powi(3)
            }
        } else {
            0.0
        };
        w[j - 1] = wj;
        total += wj;
    }
    if total <= 0.0 {
        return None;
    }
    for j in left..=right {
        w[j - 1] /= total;
    }
    if h > 0.0 && deg > 0 {
        let a: f64 = (left..=right).map(|j| w[j - 1] * j as f64).sum();
        let c: f64 = (left..=right)
            .map(|j| w[j - 1] * (j as f64 - a).powi(2))
            .sum();
        if c.sqrt() > 0.001 * range {
            let b = (xs - a) / c;
            for j in left..=right {
                w[j - 1] *= b * (j as f64 - a) + 1.0;
            }
        }
    }
    Some((left..=right).map(|j| w[j - 1] * y[j - 1]).sum())
}

/// Strength of seasonality `max(0, min(1, 1 − var(R)/var(R + S)))` from an STL decomposition
/// (Wang, Smith & Hyndman 2006) with statsforecast's settings (seasonal window 11, degree 0).
/// Values above 0.64 make [`nsdiffs`](crate::nsdiffs) take a seasonal difference.
///
/// ```
/// let y: Vec<f64> = (0..48).map(|t| [5.0, 9.0, 2.0, 7.0][t % 4] + 0.01 * t as f64).collect();
/// assert!(forecast_arima::seasonal_strength(&y, 4)? > 0.9);
/// # Ok::<(), forecast_arima::ArimaError>(())
/// ```
///
/// # Errors
/// [`ArimaError::InvalidParameter`](crate::ArimaError::InvalidParameter) for a period below 2,
/// [`ArimaError::NotEnoughData`](crate::ArimaError::NotEnoughData) for fewer than two full
/// periods, [`ArimaError::NonFinite`](crate::ArimaError::NonFinite) for NaN or infinite values,
/// [`ArimaError::Core`](crate::ArimaError::Core) for values beyond [`ecom_core::MAX_ABS_VALUE`].
pub fn seasonal_strength(y: &[f64], period: usize) -> crate::Result<f64> {
    if period < 2 {
        return Err(crate::ArimaError::invalid(
            "period",
            format!("must be at least 2, got {period}"),
        ));
    }
    let needed = period.saturating_mul(2);
    if y.len() < needed {
        return Err(crate::ArimaError::NotEnoughData {
            needed,
            got: y.len(),
        });
    }
    crate::error::check_finite(y)?;
    // Scale-free: on a power-of-two rescaling of extreme data the variances stay finite.
    let scale = crate::estimate::data_scale(y);
    if scale == 1.0 {
        Ok(strength(y, period))
    } else {
        let ys: Vec<f64> = y.iter().map(|v| v / scale).collect();
        Ok(strength(&ys, period))
    }
}

/// [`seasonal_strength`] on input already checked.
pub(crate) fn strength(y: &[f64], period: usize) -> f64 {
    let stl = Stl::new(period, 11, 0);
    let (season, trend) = stl.decompose(y);
    let rem: Vec<f64> = (0..y.len()).map(|i| y[i] - season[i] - trend[i]).collect();
    let rs: Vec<f64> = rem.iter().zip(&season).map(|(r, s)| r + s).collect();
    let vr = variance(&rem);
    let vrs = variance(&rs);
    if !(vrs > 0.0) {
        return 0.0;
    }
    (1.0 - vr / vrs).clamp(0.0, 1.0)
}

/// Sample variance (n − 1 divisor).
pub(crate) fn variance(x: &[f64]) -> f64 {
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (n - 1.0)
}
