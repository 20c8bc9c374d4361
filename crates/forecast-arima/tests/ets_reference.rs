//! ETS against statsforecast 2.1.1 (`tests/data/ets_reference.json`, written by
//! `benches/reference/make_ets_reference.py`; R is not available on the machine that made it).

use ecom_core::{Frequency, NaiveDate, TimeSeries};
use ecom_testing::{assert_all_close, assert_close, data_path, read_json};
use forecast_arima::{
    AutoEts, Backtest, DEFAULT_LEVELS, Ets, EtsModel, EtsParameters, FittedEts, FittedModel,
    Forecaster,
};
use serde::Deserialize;

mod common;

use common::roundtrip::{assert_same_model, bits, reload};

#[derive(Deserialize)]
struct Reference {
    series: Vec<Series>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Series {
    series: String,
    period: usize,
    n: usize,
    h: usize,
    values: Vec<f64>,
    auto: Fit,
    candidates: Vec<Candidate>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Fit {
    components: String,
    alpha: f64,
    beta: Option<f64>,
    gamma: Option<f64>,
    phi: Option<f64>,
    initial_states: Vec<f64>,
    final_states: Vec<f64>,
    loglik: f64,
    aic: f64,
    aicc: f64,
    bic: f64,
    sigma2: f64,
    n_params: usize,
    forecast_mean: Vec<f64>,
    lower_80: Vec<f64>,
    upper_80: Vec<f64>,
    lower_95: Vec<f64>,
    upper_95: Vec<f64>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Candidate {
    model: String,
    #[serde(flatten)]
    fit: Fit,
    violates: Vec<String>,
    polished: Polished,
    #[serde(default)]
    simulation: Option<Simulation>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Polished {
    alpha: f64,
    beta: Option<f64>,
    gamma: Option<f64>,
    phi: Option<f64>,
    initial_states: Vec<f64>,
    loglik: f64,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Simulation {
    paths: usize,
    step_mean: Vec<f64>,
    step_var: Vec<f64>,
    total_mean: Vec<f64>,
    total_var: Vec<f64>,
}

fn reference() -> Reference {
    read_json(data_path(env!("CARGO_MANIFEST_DIR"), "ets_reference.json"))
}

/// statsforecast's "MAdM"-style key (components + D/N for damping) as a model.
fn model_of(key: &str) -> EtsModel {
    let (e, t, s, d) = (&key[0..1], &key[1..2], &key[2..3], &key[3..4]);
    let t = if d == "D" { "Ad" } else { t };
    EtsModel::parse(&format!("{e}{t}{s}")).unwrap()
}

fn spec(s: &Series, key: &str) -> Ets {
    Ets::new(model_of(key)).with_period(s.period)
}

fn at_reference(s: &Series, key: &str, f: &Fit) -> FittedEts {
    let params = EtsParameters {
        alpha: f.alpha,
        beta: f.beta,
        gamma: f.gamma,
        phi: f.phi,
    };
    spec(s, key)
        .evaluate(&s.values, params, &f.initial_states)
        .unwrap()
}

/// Both the statsforecast estimate and the model are inside R's usual region, so the
/// estimate can be evaluated as it is.
fn usable(c: &Candidate) -> bool {
    c.violates.is_empty()
}

#[test]
fn likelihood_states_and_forecasts_at_statsforecast_estimates() {
    let r = reference();
    let mut n = 0;
    for s in &r.series {
        for c in s.candidates.iter().filter(|c| usable(c)) {
            let what = format!("{} {}", s.series, c.model);
            let f = &c.fit;
            let ours = at_reference(s, &c.model, f);
            assert_close(
                ours.loglik(),
                f.loglik,
                1e-9,
                1e-9,
                &format!("{what}: loglik"),
            );
            assert_close(ours.aic(), f.aic, 1e-9, 1e-9, &format!("{what}: aic"));
            assert_close(ours.aicc(), f.aicc, 1e-9, 1e-9, &format!("{what}: aicc"));
            assert_close(ours.bic(), f.bic, 1e-9, 1e-9, &format!("{what}: bic"));
            assert_close(
                ours.sigma2(),
                f.sigma2,
                1e-8,
                0.0,
                &format!("{what}: sigma2"),
            );
            assert_eq!(ours.n_params(), f.n_params, "{what}: n_params");
            assert_all_close(
                ours.state(),
                &f.final_states,
                1e-7,
                1e-9,
                &format!("{what}: final state"),
            );
            let fc = ours.forecast(s.h, &[80.0, 95.0]).unwrap();
            let damped = &c.model[3..4] == "D";
            if damped {
                // statsforecast 2.1.1 damps the h-step trend by φ + φ + φ² + … + φ^{h−1}
                // (an off-by-one against R and Hyndman et al. (2008), whose φ_h is
                // φ + … + φʰ): only the first step agrees, the rest are checked by hand below.
                assert_close(
                    fc.mean[0],
                    f.forecast_mean[0],
                    1e-8,
                    1e-9,
                    &format!("{what}: mean"),
                );
            } else {
                assert_all_close(
                    &fc.mean,
                    &f.forecast_mean,
                    1e-8,
                    1e-9,
                    &format!("{what}: mean"),
                );
            }
            // statsforecast 2.1.1's analytic intervals of seasonal models do not start from σ²
            // (the one-step variance of every additive-error model): on 8 of 19 usable
            // seasonal fits its first 80 % interval implies 1.0004σ² to 1.91σ². Its own
            // simulator agrees with σ², so seasonal moments are checked against that instead
            // (`predicted_moments_match_statsforecast_simulations`).
            if &c.model[2..3] == "N" {
                // Interval widths, which do not depend on where the mean is.
                for (i, (lo, hi)) in [(&f.lower_80, &f.upper_80), (&f.lower_95, &f.upper_95)]
                    .into_iter()
                    .enumerate()
                {
                    let iv = &fc.intervals[i];
                    let ours_w: Vec<f64> =
                        iv.upper.iter().zip(&iv.lower).map(|(u, l)| u - l).collect();
                    let sf_w: Vec<f64> = hi.iter().zip(lo).map(|(u, l)| u - l).collect();
                    // A multiplicative error's variance follows the (differing) mean from step 2.
                    let k = match (damped, c.model.starts_with('M')) {
                        (false, _) => s.h,
                        (true, false) => 2,
                        (true, true) => 1,
                    };
                    assert_all_close(
                        &ours_w[..k],
                        &sf_w[..k],
                        1e-6,
                        1e-9,
                        &format!("{what}: width {}", iv.level),
                    );
                    if !damped {
                        assert_all_close(
                            &iv.lower,
                            lo,
                            1e-6,
                            1e-9,
                            &format!("{what}: lower {}", iv.level),
                        );
                    }
                }
            }
            n += 1;
        }
    }
    assert!(n > 90, "only {n} candidates compared");
}

/// Our estimates against the optimum of statsforecast's own likelihood, polished by scipy
/// under R's restrictions. Not every fit reaches it (damped-trend models on flat series have
/// several local optima); the test pins how many do, so a regression shows.
#[test]
fn estimates_reach_the_polished_optimum_on_most_candidates() {
    let r = reference();
    let (mut total, mut reached, mut worst) = (0, 0, (0.0_f64, String::new()));
    for s in &r.series {
        for c in &s.candidates {
            let what = format!("{} {}", s.series, c.model);
            let ours = spec(s, &c.model)
                .fit_slice(&s.values)
                .unwrap_or_else(|e| panic!("{what}: {e}"));
            assert!(ours.loglik().is_finite(), "{what}");
            let gap = ours.loglik() - c.polished.loglik;
            total += 1;
            if gap >= -0.01 {
                reached += 1;
            } else if gap < worst.0 {
                worst = (gap, what);
            }
        }
    }
    // Measured: 95 of 105 within 0.01 (worst heartrate ETS(M,Ad,N), 10.9 below); the
    // shortfalls are damped or seasonal models stopping at another local optimum.
    assert!(
        reached * 100 >= total * 90,
        "{reached} of {total} reach the optimum; worst {worst:?}"
    );
}

#[test]
fn auto_choice_is_at_least_as_good_as_statsforecast() {
    let r = reference();
    let mut same_on_skus = 0;
    for s in &r.series {
        let ours = AutoEts::default()
            .with_period(s.period)
            .fit_slice(&s.values)
            .unwrap();
        // Same data and likelihood, so AICc compares directly: ours must not be worse.
        assert!(
            ours.aicc() <= s.auto.aicc + 1e-6 * s.auto.aicc.abs(),
            "{}: ours {} {} vs statsforecast {} {}",
            s.series,
            ours.model(),
            ours.aicc(),
            s.auto.components,
            s.auto.aicc
        );
        if s.series.starts_with("sku_") && ours.model() == model_of(&s.auto.components) {
            same_on_skus += 1;
        }
    }
    // Measured: 4 of 5 (sku_84879: ETS(A,A,A) 0.09 below statsforecast's ETS(A,N,A)).
    assert!(same_on_skus >= 4, "same model on {same_on_skus} of 5 SKUs");
}

/// Step and total moments at statsforecast's estimates against 20,000 paths of its own
/// `etssimulate`: the analytic numbers (or ours simulated, for a multiplicative season) must
/// lie within Monte Carlo error.
#[test]
fn predicted_moments_match_statsforecast_simulations() {
    let r = reference();
    let mut n = 0;
    for s in &r.series {
        for c in s.candidates.iter().filter(|c| usable(c)) {
            let Some(sim) = &c.simulation else { continue };
            let what = format!("{} {}", s.series, c.model);
            let ours = at_reference(s, &c.model, &c.fit);
            let p = ours.predict(s.h).unwrap();
            // The relative standard error of a variance from N normal draws is sqrt(2/N)
            // (0.01 at 20,000); skewed multiplicative paths need more room.
            let tol = 6.0 * (2.0 / sim.paths as f64).sqrt();
            for k in 0..s.h {
                let sd = p.se[k];
                assert!(
                    (p.mean[k] - sim.step_mean[k]).abs()
                        <= 5.0 * sim.step_var[k].sqrt() / (sim.paths as f64).sqrt()
                            + 1e-9 * p.mean[k].abs(),
                    "{what}: step {k} mean {} vs {}",
                    p.mean[k],
                    sim.step_mean[k]
                );
                assert_close(
                    sd * sd,
                    sim.step_var[k],
                    tol,
                    1e-9,
                    &format!("{what}: step {k} variance"),
                );
                let (total, tsd) = ours.predict_total(k + 1).unwrap();
                assert!(
                    (total - sim.total_mean[k]).abs()
                        <= 5.0 * sim.total_var[k].sqrt() / (sim.paths as f64).sqrt()
                            + 1e-9 * total.abs(),
                    "{what}: total {k} mean {total} vs {}",
                    sim.total_mean[k]
                );
                assert_close(
                    tsd * tsd,
                    sim.total_var[k],
                    tol,
                    1e-9,
                    &format!("{what}: total {k} variance"),
                );
            }
            n += 1;
        }
    }
    assert!(n >= 10, "only {n} simulations compared");
}

/// ETS(A,N,N) and ETS(A,A,N) are ARIMA(0,1,1) and ARIMA(0,2,2): the total of h values has
/// variance σ² Σ_{i=0}^{h-1} (Σ_{j=0}^{i} ψ_j)² with ψ₀ = 1 and ψ_j = α + jβ.
#[test]
fn total_variance_is_the_sum_of_psi_weights_identity() {
    let r = reference();
    let mut n = 0;
    for s in &r.series {
        for c in s
            .candidates
            .iter()
            .filter(|c| usable(c) && (c.model == "ANNN" || c.model == "AANN"))
        {
            let ours = at_reference(s, &c.model, &c.fit);
            let (a, b) = (ours.alpha(), ours.beta().unwrap_or(0.0));
            for h in [1, 2, 7, 24] {
                let psi = |j: usize| if j == 0 { 1.0 } else { a + j as f64 * b };
                let want: f64 = (0..h)
                    .map(|i| (0..=i).map(psi).sum::<f64>().powi(2))
                    .sum::<f64>()
                    * ours.sigma2();
                let (total, sd) = ours.predict_total(h).unwrap();
                let mean: f64 = ours.forecast(h, &[80.0]).unwrap().mean.iter().sum();
                let what = format!("{} {} h={h}", s.series, c.model);
                assert_close(total, mean, 1e-12, 1e-9, &format!("{what}: total"));
                assert_close(sd * sd, want, 1e-10, 0.0, &format!("{what}: variance"));
            }
            n += 1;
        }
    }
    assert!(n >= 10, "only {n} models compared");
}

fn dated_sku(s: &Series) -> TimeSeries {
    TimeSeries::new(s.values.clone())
        .unwrap()
        .with_start(
            NaiveDate::from_ymd_opt(2010, 12, 1).unwrap(),
            Frequency::Daily,
        )
        .with_period(s.period)
        .unwrap()
}

#[test]
fn serde_round_trip_gives_bit_exact_dated_forecasts() {
    let r = reference();
    for s in &r.series {
        let y = dated_sku(s);
        let spec = AutoEts::default();
        let fit = reload(&spec).fit(&y).unwrap();
        let back: FittedEts = reload(&fit);
        let what = s.series.clone();
        assert_same_model(&fit, &back, s.h, &what);
        for k in [1, 2, s.h] {
            let (ta, sa) = fit.predict_total(k).unwrap();
            let (tb, sb) = back.predict_total(k).unwrap();
            assert_eq!(
                bits(&[ta, sa]),
                bits(&[tb, sb]),
                "{what}: predict_total({k})"
            );
        }
        assert_eq!(bits(fit.state()), bits(back.state()), "{what}: state");
        assert_eq!(fit.model(), back.model());
        // Dated from the day after the last observation.
        let f = fit.forecast(3, &DEFAULT_LEVELS).unwrap();
        let next =
            Frequency::Daily.advance(NaiveDate::from_ymd_opt(2010, 12, 1).unwrap(), s.n as u32);
        assert_eq!(f.start, next, "{what}: start");
        assert_eq!(
            f.start,
            y.date_at(s.n - 1)
                .and_then(|d| Frequency::Daily.advance(d, 1))
        );
        assert_eq!(f.frequency, Some(Frequency::Daily), "{what}: frequency");
        let spec_back: Ets = reload(&Ets::new(fit.model()).with_period(s.period));
        assert_eq!(spec_back.model(), fit.model());
    }
}

/// Through the shared traits, as backtests and batches use the models.
#[test]
fn ets_and_auto_ets_backtest_through_the_traits() {
    let r = reference();
    let s = r.series.iter().find(|s| s.series == "sku_22423").unwrap();
    let y = dated_sku(s);
    fn run<F: Forecaster>(f: &F, y: &TimeSeries) -> f64 {
        let report = Backtest::new(7)
            .with_windows(3)
            .with_season_length(7)
            .run(f, y)
            .unwrap();
        assert_eq!(report.folds.len(), 3);
        assert!(report.folds.iter().all(|f| f.forecast.start.is_some()));
        let mase = report.metrics.mase.unwrap();
        assert!(mase.is_finite() && mase > 0.0, "MASE {mase}");
        mase
    }
    let auto = run(&AutoEts::default().with_period(7), &y);
    let ann = run(&Ets::new(EtsModel::parse("ANN").unwrap()), &y);
    assert!(auto.is_finite() && ann.is_finite());
    let fit = <AutoEts as Forecaster>::fit_series(&AutoEts::default(), &y).unwrap();
    let via_trait = FittedModel::forecast(&fit, 7, &[80.0]).unwrap();
    assert_eq!(
        bits(&via_trait.mean),
        bits(&fit.forecast(7, &[80.0]).unwrap().mean)
    );
    assert!(via_trait.start.is_some());
}

/// The damped trend's h-step forecast is l + (φ + … + φʰ) b (Hyndman et al. 2008, R's
/// `forecast.ets`), from statsforecast's own final states.
#[test]
fn damped_forecasts_follow_the_textbook_recursion() {
    let r = reference();
    let mut n = 0;
    for s in &r.series {
        for c in s
            .candidates
            .iter()
            .filter(|c| usable(c) && (c.model == "AAND" || c.model == "MAND"))
        {
            let ours = at_reference(s, &c.model, &c.fit);
            let (l, b, phi) = (
                c.fit.final_states[0],
                c.fit.final_states[1],
                c.fit.phi.unwrap(),
            );
            let mean = ours.forecast(s.h, &[80.0]).unwrap().mean;
            let mut damp = 0.0;
            for (k, m) in mean.iter().enumerate() {
                damp += phi.powi(k as i32 + 1);
                assert_close(
                    *m,
                    l + damp * b,
                    1e-10,
                    1e-9,
                    &format!("{} {} step {k}", s.series, c.model),
                );
            }
            n += 1;
        }
    }
    assert!(n >= 8, "only {n} damped models compared");
}
