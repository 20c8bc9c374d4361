//! The total of the next `h` values of every kind of fitted model (lead-time demand), under
//! the error model its intervals come from.

use crate::error::Result;
use crate::forecaster::FittedModel;
use crate::limits::{check_horizon, finite};
use crate::{
    FittedArima, FittedHolt, FittedMovingAverage, FittedSeasonalNaive, FittedSes, FittedTheta,
};

/// Mean and standard error of the sum of the next `h` values.
pub(crate) trait Total {
    fn total(&self, h: usize) -> Result<(f64, f64)>;
}

impl Total for FittedArima {
    fn total(&self, h: usize) -> Result<(f64, f64)> {
        self.predict_total(h)
    }
}

impl Total for crate::FittedEts {
    fn total(&self, h: usize) -> Result<(f64, f64)> {
        self.predict_total(h)
    }
}

impl Total for FittedTheta {
    fn total(&self, h: usize) -> Result<(f64, f64)> {
        self.predict_total(h)
    }
}

impl Total for FittedSes {
    fn total(&self, h: usize) -> Result<(f64, f64)> {
        let sigma2 = self.sse() / self.fitted().len() as f64;
        let alpha = self.alpha();
        innovations_total(self, h, sigma2, |_| alpha)
    }
}

impl Total for FittedHolt {
    fn total(&self, h: usize) -> Result<(f64, f64)> {
        let sigma2 = self.sse() / self.fitted().len() as f64;
        let (alpha, beta) = (self.alpha(), self.beta());
        innovations_total(self, h, sigma2, |j| alpha * (1.0 + beta * j as f64))
    }
}

impl Total for FittedSeasonalNaive {
    fn total(&self, h: usize) -> Result<(f64, f64)> {
        let m = self.period();
        innovations_total(self, h, self.sigma2(), |j| {
            if j.is_multiple_of(m) { 1.0 } else { 0.0 }
        })
    }
}

impl Total for FittedMovingAverage {
    fn total(&self, h: usize) -> Result<(f64, f64)> {
        check_horizon(h)?;
        let total = mean_total(self, h)?;
        // y = level + e, e i.i.d.: the window's mean misses the level by σ²/w, shared by every
        // step, and the one-step RMSE² estimates σ²(1 + 1/w).
        let (w, hf) = (self.window() as f64, h as f64);
        let factor = (hf * (w + hf) / (w + 1.0)).sqrt();
        let se = finite(
            self.rmse() * factor,
            "the standard error of the forecast total",
        )?;
        Ok((total, se))
    }
}

/// The sum of the point forecasts.
fn mean_total<M: FittedModel>(model: &M, h: usize) -> Result<f64> {
    let f = model.forecast(h, &[])?;
    finite(f.mean.iter().sum(), "the forecast total")
}

/// The total of a model whose j-step forecast error is `e_{n+j} + Σ_{i<j} c_{j−i} e_{n+i}`
/// (the form behind the baselines' intervals): the shock of step i enters every later step, so
/// the total's variance is `σ² Σ_{q=0}^{h−1} (1 + c₁ + … + c_q)²`.
fn innovations_total<M: FittedModel>(
    model: &M,
    h: usize,
    sigma2: f64,
    c: impl Fn(usize) -> f64,
) -> Result<(f64, f64)> {
    check_horizon(h)?;
    let total = mean_total(model, h)?;
    let (mut cum, mut sum) = (0.0, 0.0);
    for q in 0..h {
        if q > 0 {
            cum += c(q);
        }
        sum += (1.0 + cum) * (1.0 + cum);
    }
    // σ and the root apart, so a large σ² times a long horizon's sum does not overflow.
    let se = finite(
        sigma2.sqrt() * sum.sqrt(),
        "the standard error of the forecast total",
    )?;
    Ok((total, se))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{MovingAverage, SeasonalNaive, SimpleExpSmoothing};

    #[test]
    fn a_random_walk_total_has_the_cubic_variance() {
        // Naive = random walk: var(total of h) = σ²·h(h+1)(2h+1)/6.
        let y = [10.0, 12.0, 11.0, 14.0, 13.0, 15.0, 17.0, 16.0, 18.0, 17.0];
        let fit = SeasonalNaive::naive().fit_slice(&y).unwrap();
        let (total, se) = fit.total(3).unwrap();
        assert_eq!(total, 51.0);
        assert!((se * se - fit.sigma2() * 14.0).abs() < 1e-9);
        // SES with α = 1 is the same model.
        let ses = SimpleExpSmoothing::default()
            .with_alpha(1.0)
            .fit_slice(&y)
            .unwrap();
        let (t, s) = ses.total(3).unwrap();
        assert_eq!(t, 51.0);
        assert!((s * s - ses.sse() / 10.0 * 14.0).abs() < 1e-9);
    }

    #[test]
    fn seasonal_naive_shocks_repeat_once_a_season() {
        // Period 2, h = 5: the shocks of steps 1..5 reach 3, 2, 2, 1, 1 steps.
        let y = [1.0, 5.0, 2.0, 7.0, 3.0, 4.0];
        let fit = SeasonalNaive::new(2).unwrap().fit_slice(&y).unwrap();
        let (_, se) = fit.total(5).unwrap();
        assert!((se * se - fit.sigma2() * (9.0 + 4.0 + 4.0 + 1.0 + 1.0)).abs() < 1e-9);
    }

    #[test]
    fn a_one_step_total_is_the_one_step_forecast() {
        let y = [3.0, 5.0, 4.0, 6.0, 5.0, 7.0];
        let ma = MovingAverage::new(3).unwrap().fit_slice(&y).unwrap();
        let (t, se) = ma.total(1).unwrap();
        assert_eq!(t, ma.level());
        assert!((se - ma.rmse()).abs() < 1e-12);
        assert!(ma.total(0).is_err());
    }
}
