use forecast_arima::*;
fn load(name: &str) -> Vec<f64> {
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(format!("{}/tests/data/{name}.json", env!("CARGO_MANIFEST_DIR"))).unwrap()).unwrap();
    v["values"].as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect()
}
fn show(name: &str, spec: Arima) {
    let y = load(name);
    for m in [Method::Css, Method::Ml, Method::CssMl] {
        match spec.method(m).fit_slice(&y) {
            Ok(f) => println!("{name} {:?} {:?} ll {} aicc {:?} conv {} it {}", m, f.coefficients(), f.loglik(), f.aicc(), f.converged(), f.iterations()),
            Err(e) => println!("{name} {m:?} err {e}"),
        }
    }
}
fn main() {
    cands("heartrate", 1);
    cands("wineind", 12);
    return;
    show("sunspots", Arima::new(2,1,3));
    show("heartrate", Arima::new(2,2,2));
    show("wineind", Arima::new(0,1,3).seasonal(0,1,1,12));
    show("elnino", Arima::new(1,0,2).seasonal(2,1,1,12));
}
#[allow(dead_code)]
fn cands(name: &str, m: usize) {
    let y = load(name);
    let r = AutoArima::default().search(&y, m).unwrap();
    for c in &r.candidates { println!("  {} {} {} {:.3}", c.order, c.seasonal, c.constant, c.ic); }
}
