//! `FittedArima::predict_total`: the mean and standard error of the sum of the next h values
//! (lead-time demand), checked against closed forms and against a Monte-Carlo of the model.

mod common;

use common::sim::simulate;
use forecast_arima::{Arima, Trend};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};

#[test]
fn white_noise_totals_add_variances() {
    let y = simulate(1, 200, 0.0, 0.0, 0, 1, 0.0, 50.0);
    let fit = Arima::new(0, 0, 0)
        .with_trend(Trend::Constant)
        .fit_slice(&y)
        .unwrap();
    for h in [1, 5, 30] {
        let (total, se) = fit.predict_total(h).unwrap();
        let mu = fit.coefficients().constant.unwrap();
        assert!((total - h as f64 * mu).abs() < 1e-9 * total.abs());
        assert!((se * se - h as f64 * fit.sigma2()).abs() < 1e-9 * fit.sigma2());
    }
}

#[test]
fn ar1_total_matches_its_psi_weights() {
    let y = simulate(2, 300, 0.7, 0.0, 0, 1, 0.0, 10.0);
    let fit = Arima::new(1, 0, 0)
        .with_trend(Trend::Constant)
        .fit_slice(&y)
        .unwrap();
    let phi = fit.coefficients().ar[0];
    let h = 8;
    // The total's shock e_j (j = 1..h) enters with weight Σ_{i=0}^{h-j} φ^i.
    let var: f64 = (1..=h)
        .map(|j| (0..=h - j).map(|i| phi.powi(i as i32)).sum::<f64>().powi(2))
        .sum::<f64>()
        * fit.sigma2();
    let (total, se) = fit.predict_total(h).unwrap();
    assert!((se * se - var).abs() < 1e-9 * var, "{} vs {var}", se * se);
    let steps = fit.predict(h).unwrap();
    assert!((total - steps.mean.iter().sum::<f64>()).abs() < 1e-9 * total.abs());
    // One step ahead the total is the forecast itself.
    let (t1, se1) = fit.predict_total(1).unwrap();
    assert!((t1 - steps.mean[0]).abs() < 1e-12 && (se1 - steps.se[0]).abs() < 1e-12);
}

#[test]
fn random_walk_with_drift_total() {
    let y = simulate(3, 150, 0.0, 0.0, 1, 1, 0.0, 100.0);
    let fit = Arima::new(0, 1, 0)
        .with_trend(Trend::Drift)
        .fit_slice(&y)
        .unwrap();
    let h = 10usize;
    let (total, se) = fit.predict_total(h).unwrap();
    let steps = fit.predict(h).unwrap();
    assert!((total - steps.mean.iter().sum::<f64>()).abs() < 1e-9 * total.abs());
    let hf = h as f64;
    let expected = fit.sigma2() * hf * (hf + 1.0) * (2.0 * hf + 1.0) / 6.0;
    assert!((se * se - expected).abs() < 1e-6 * expected);
    // Far above the naive sum of step variances, which would assume independent errors.
    let naive: f64 = steps.se.iter().map(|s| s * s).sum();
    assert!(se * se > 2.0 * naive);
}

/// Simulates the fitted seasonal model's future from its own innovations and compares the
/// spread of the simulated totals with the analytic standard error.
#[test]
fn seasonal_model_total_agrees_with_simulation() {
    let y = simulate(4, 120, 0.3, 0.4, 1, 7, 5.0, 40.0);
    let fit = Arima::new(1, 1, 1)
        .with_seasonal(0, 1, 1, 7)
        .fit_slice(&y)
        .unwrap();
    let h = 9;
    let (total, se) = fit.predict_total(h).unwrap();
    // y_t − y_{t−1} − y_{t−7} + y_{t−8} = w_t with (1 − φL) w_t = (1 + θL)(1 + ΘL⁷) e_t.
    let c = fit.coefficients();
    let (phi, theta, big_theta) = (c.ar[0], c.ma[0], c.sma[0]);
    let sigma = fit.sigma2().sqrt();
    let resid = fit.residuals();
    let n = y.len();
    let normal = Normal::new(0.0, sigma).unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(9);
    let reps = 20_000;
    let (mut s1, mut s2) = (0.0, 0.0);
    for _ in 0..reps {
        let mut yy = y.clone();
        let mut e: Vec<f64> = resid.to_vec();
        let mut w: Vec<f64> = (0..n)
            .map(|t| {
                if t >= 8 {
                    y[t] - y[t - 1] - y[t - 7] + y[t - 8]
                } else {
                    0.0
                }
            })
            .collect();
        let mut sum = 0.0;
        for _ in 0..h {
            let t = yy.len();
            let et = normal.sample(&mut rng);
            let wt = phi * w[t - 1]
                + et
                + theta * e[t - 1]
                + big_theta * e[t - 7]
                + theta * big_theta * e[t - 8];
            let yt = wt + yy[t - 1] + yy[t - 7] - yy[t - 8];
            e.push(et);
            w.push(wt);
            yy.push(yt);
            sum += yt;
        }
        s1 += sum;
        s2 += sum * sum;
    }
    let mean = s1 / reps as f64;
    let sd = (s2 / reps as f64 - mean * mean).sqrt();
    // Conditioning on the fitted residuals is close to, not exactly, the Kalman filter's state:
    // allow a few standard errors of the Monte-Carlo and a small model gap.
    assert!(
        (mean - total).abs() < 4.0 * sd / (reps as f64).sqrt() + 0.02 * total.abs(),
        "{mean} vs {total}"
    );
    assert!(
        (sd / se - 1.0).abs() < 0.05,
        "simulated sd {sd} vs analytic {se}"
    );
}

#[test]
fn zero_horizon_is_an_error() {
    let fit = Arima::new(0, 1, 0)
        .fit_slice(&[1.0, 2.0, 3.0, 2.0, 4.0])
        .unwrap();
    assert!(fit.predict_total(0).is_err());
}
