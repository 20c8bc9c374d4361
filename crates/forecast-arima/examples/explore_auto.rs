use forecast_arima::*;
use serde_json::Value;

fn main() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");
    let mut names: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    for path in names {
        let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        if v.get("auto").is_none() || v.get("cases").is_none() { continue; }
        let y: Vec<f64> = v["values"].as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect();
        let m = v["period"].as_u64().unwrap() as usize;
        let sf = &v["auto"]["statsforecast"];
        let t = std::time::Instant::now();
        let r = AutoArima::default().search(&y, m);
        let el = t.elapsed();
        match r {
            Ok(r) => println!("{:24} ours {}{} c={:?} aicc {:.3} (d {} D {} approx {} models {}) {:?}\n{:24} sf   {} {} c={} aicc {:.3} s {}",
                path.file_name().unwrap().to_str().unwrap(), r.model.order(), r.model.seasonal_order(), r.model.trend(), r.model.aicc().unwrap(), r.d, r.seasonal_d, r.approximation, r.candidates.len(), el,
                "", sf["order"], sf["seasonal_order"], sf["with_constant"], sf["aicc"].as_f64().unwrap(), sf["seconds"]),
            Err(e) => println!("{:?} ERROR {e}", path.file_name()),
        }
    }
}
