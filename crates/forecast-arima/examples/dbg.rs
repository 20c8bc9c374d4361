use forecast_arima::*;
fn main() {
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/airpassengers.json")).unwrap()).unwrap();
    let y: Vec<f64> = v["values"].as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect();
    for m in [Method::Css, Method::Ml, Method::CssMl] {
        let f = Arima::new(2,1,2).trend(Trend::Drift).method(m).fit_slice(&y).unwrap();
        println!("{m:?} {:?} {} conv {} it {}", f.coefficients(), f.loglik(), f.converged(), f.iterations());
    }
}
