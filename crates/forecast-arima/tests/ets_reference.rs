//! ETS against statsforecast 2.1.1 (`tests/data/ets_reference.json`, written by
//! `benches/reference/make_ets_reference.py`; R is not available on the machine that made it).

use ecom_testing::{assert_all_close, assert_close, data_path, read_json};
use forecast_arima::{AutoEts, Ets, EtsModel, EtsParameters, FittedEts};
use serde::Deserialize;

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

#[test]
fn comparison_table() {
    let r = reference();
    for s in &r.series {
        for c in &s.candidates {
            let ours = spec(s, &c.model).fit_slice(&s.values);
            match ours {
                Ok(o) => println!(
                    "{:14} {} sf {:10.3} pol {:10.3} ours {:10.3} d_pol {:+.4} it {} conv {} {:?}",
                    s.series,
                    c.model,
                    c.fit.loglik,
                    c.polished.loglik,
                    o.loglik(),
                    o.loglik() - c.polished.loglik,
                    o.iterations(),
                    o.converged(),
                    c.violates
                ),
                Err(e) => println!("{:14} {} ERROR {e}", s.series, c.model),
            }
        }
        let a = AutoEts::default().with_period(s.period).fit_slice(&s.values).unwrap();
        println!(
            "{:14} AUTO sf {} {:.3} ours {} {:.3}",
            s.series,
            s.auto.components,
            s.auto.aicc,
            a.model(),
            a.aicc()
        );
    }
    let _ = (assert_all_close, assert_close, at_reference);
}
