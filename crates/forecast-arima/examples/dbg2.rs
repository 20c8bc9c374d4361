#[path = "speed.rs"]
#[allow(dead_code)]
mod speed;
use forecast_arima::*;
fn main() {
    let n: usize = std::env::args().nth(1).map_or(40, |s| s.parse().unwrap());
    let series = speed::simulated_series(n, 120, 20240601);
    let auto = AutoArima::default().period(12);
    let t = std::time::Instant::now();
    let mut cands = 0;
    for s in &series { cands += auto.search(s, 12).map(|r| r.candidates.len()).unwrap_or(0); }
    println!("{n} series {:?} candidates {cands}", t.elapsed());
}
