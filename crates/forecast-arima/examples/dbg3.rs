#[path = "speed.rs"]
#[allow(dead_code)]
mod speed;
use forecast_arima::*;
fn main() {
    let i: usize = std::env::args().nth(1).unwrap().parse().unwrap();
    let series = speed::simulated_series(200, 120, 20240601);
    let t = std::time::Instant::now();
    let r = AutoArima::default().period(12).search(&series[i], 12).unwrap();
    println!("{:?} {}{} ", t.elapsed(), r.model.order(), r.model.seasonal_order());
}
