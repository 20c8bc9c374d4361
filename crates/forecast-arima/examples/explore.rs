use forecast_arima::*;
use serde_json::Value;

fn main() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");
    let mut names: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    for path in names {
        let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let y: Vec<f64> = v["values"].as_array().unwrap().iter().map(|x| x.as_f64().unwrap_or(f64::NAN)).collect();
        for c in v["cases"].as_array().unwrap() {
            let o: Vec<usize> = c["order"].as_array().unwrap().iter().map(|x| x.as_u64().unwrap() as usize).collect();
            let so: Vec<usize> = c["seasonal_order"].as_array().unwrap().iter().map(|x| x.as_u64().unwrap() as usize).collect();
            let trend = match c["trend"].as_str().unwrap() { "c" => Trend::Constant, "t" => Trend::Drift, _ => Trend::None };
            let mut spec = Arima::new(o[0], o[1], o[2]).trend(trend);
            if so[3] > 0 { spec = spec.seasonal(so[0], so[1], so[2], so[3]); }
            let t = std::time::Instant::now();
            let fit = spec.fit_with_missing(&y);
            let el = t.elapsed();
            match fit {
                Ok(f) => {
                    let ll = c["loglik"].as_f64().unwrap();
                    let fm = c["forecast_mean"].as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect::<Vec<_>>();
                    let fse = c["forecast_se"].as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect::<Vec<_>>();
                    let p = f.predict(12).unwrap();
                    let fmax = p.mean.iter().zip(&fm).map(|(a,b)| ((a-b)/b).abs()).fold(0.0, f64::max);
                    let semax = p.se.iter().zip(&fse).map(|(a,b)| ((a-b)/b).abs()).fold(0.0, f64::max);
                    println!("{:22} {:?}{:?} {:?}: ll {:.4} ref {:.4} rel {:.1e} | sig2 {:.4e} ref {:.4e} | fc {:.1e} se {:.1e} conv {} it {} {:?}\n    coef {:?}\n    ref  {}\n    se {:?}\n    ref {}",
                        path.file_name().unwrap().to_str().unwrap(), o, so, trend, f.loglik(), ll, (f.loglik()-ll)/ll.abs(),
                        f.sigma2(), c["sigma2"].as_f64().unwrap(), fmax, semax, f.converged(), f.iterations(), el,
                        f.coefficients(), c["coefficients"], f.std_errors(), c["std_errors"]);
                }
                Err(e) => println!("{:?} {:?} ERROR {e}", path.file_name(), o),
            }
        }
    }
}
